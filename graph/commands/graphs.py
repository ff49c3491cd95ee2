"""The graph a command reads: a graph file, standard input ("-") or an on-disk store (exactly one)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from rdflib import Graph

from extract.errors import OptionError
from graph.io.atomic import GraphFileError


def check_one(graph: str | None, store: str | Path | None) -> None:
    """Raise OptionError unless exactly one of a graph file and a store is named."""
    if (graph is None) == (store is None):
        raise OptionError("give either a {graph} file or {store}, not both or neither")


def graph_or_store(graph: str | None = None, store: str | Path | None = None) -> Graph:
    """The rdflib graph named by `graph` (a file, or - for stdin) or held in `store`."""
    from graph.rdf.stdio import read_graph_arg

    check_one(graph, store)
    if graph is not None:
        return read_graph_arg(graph)
    from graph.store.kgstore import open_store

    assert store is not None  # check_one: one of the two is given
    with open_store(store, write=False) as opened:
        return opened.rdflib_graph()


@contextlib.contextmanager
def entity_source(graph: str | None = None, store: str | Path | None = None) -> Iterator:
    """The graph named by `graph` or `store`, as something `entity_graph` reads fast.

    A file is parsed by Oxigraph (seconds for a corpus, where rdflib takes
    minutes); one Oxigraph refuses goes to rdflib, which reads more leniently
    or reports the error. A store is read in place.
    """
    from graph.rdf.stdio import is_stdio, read_graph_arg
    from graph.store.oxigraph_view import OxigraphView, read_view

    check_one(graph, store)
    if is_stdio(graph):
        yield read_graph_arg(graph)  # standard input: parsed once, by rdflib
        return
    if graph is not None:
        view: OxigraphView | Graph
        try:
            view = read_view(graph)
        except GraphFileError:
            from graph.rdf.formats import read_graph

            view = read_graph(graph)
        yield view
        return
    from graph.store.kgstore import open_store

    assert store is not None  # check_one: one of the two is given
    with open_store(store, write=False) as opened:
        yield OxigraphView(opened.store)
