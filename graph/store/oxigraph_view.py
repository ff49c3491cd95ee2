"""A read-only, rdflib-flavoured view of a pyoxigraph store, for reading big graphs fast.

`graph.views.entity_graph.entity_graph` asks a graph for a few SELECTs and pattern
lookups. On a 100-article graph (130k triples) rdflib's Turtle parser takes
~20 s and its SPARQL engine ~30 s more; Oxigraph parses the file in about a
second and answers the same SELECTs in well under that. `OxigraphView` gives
entity_graph those answers as rdflib terms, so one piece of code reads both.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox

from extract.errors import one_line
from graph.io.atomic import GraphFileError
from graph.rdf.formats import FORMATS, OXIGRAPH_FORMATS, graph_file
from graph.rdf.terms import to_oxigraph, to_rdflib

_DEFAULT = ox.DefaultGraph()


class OxigraphView:
    """The default graph of a `pyoxigraph.Store`, answering with rdflib terms.

    Parameters
    ----------
    store : pyoxigraph.Store
        Open for reading for as long as the view is used.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> from rdflib import URIRef
    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("x")))
    >>> [str(o) for o in OxigraphView(store).objects(URIRef("http://e/a"), URIRef("http://e/p"))]
    ['x']
    """

    def __init__(self, store: ox.Store):
        self.store = store
        self._terms: dict = {}  # Oxigraph term -> rdflib term: labels and IRIs repeat a lot

    def _term(self, term):
        if term is None:
            return None
        found = self._terms.get(term)
        if found is None:
            found = self._terms[term] = to_rdflib(term)
        return found

    def __len__(self) -> int:
        return sum(1 for _ in self.store.quads_for_pattern(None, None, None, _DEFAULT))

    def select(self, text: str, prefixes: Mapping[str, object]) -> list:
        """Rows of a SELECT as tuples with one attribute per variable (None when unbound)."""
        result = self.store.query(text, prefixes={k: str(v) for k, v in prefixes.items()})
        assert isinstance(result, ox.QuerySolutions)  # callers give SELECT queries
        names = [v.value for v in result.variables]
        rows = []
        for solution in result:
            rows.append(_Row(names, [self._term(solution[name]) for name in names]))
        return rows

    def _match(self, s, p, o) -> Iterator[ox.Quad]:
        subject = to_oxigraph(s) if s is not None else None
        predicate = to_oxigraph(p) if p is not None else None
        if isinstance(subject, ox.Literal) or isinstance(predicate, ox.BlankNode | ox.Literal):
            return iter(())  # as rdflib: nothing matches (Oxigraph would raise TypeError)
        obj = to_oxigraph(o) if o is not None else None
        return self.store.quads_for_pattern(subject, predicate, obj, _DEFAULT)

    def subjects(self, predicate=None, obj=None) -> Iterator:
        seen = set()
        for quad in self._match(None, predicate, obj):
            if quad.subject not in seen:
                seen.add(quad.subject)
                yield self._term(quad.subject)

    def objects(self, subject=None, predicate=None) -> Iterator:
        for quad in self._match(subject, predicate, None):
            yield self._term(quad.object)

    def value(self, subject=None, predicate=None):
        return next(self.objects(subject, predicate), None)


class _Row(tuple):
    """One SELECT solution: a tuple of terms, each also an attribute (``row.label``)."""

    _index: dict[str, int]  # variable name -> place in the row

    def __new__(cls, names: list[str], values: list):
        row = super().__new__(cls, values)
        row._index = {name: i for i, name in enumerate(names)}
        return row

    def __getattr__(self, name: str):
        try:
            return self[self._index[name]]
        except KeyError:
            raise AttributeError(name) from None


def read_view(path: str | Path, fmt: str | None = None) -> OxigraphView:
    """Parse a graph file into an in-memory Oxigraph store (named graphs merged, as `read_graph` does).

    Raises
    ------
    GraphFileError
        The file is missing, a folder, or not valid in its format.
    """
    source, name = graph_file(path, fmt)
    store = ox.Store()
    try:
        if name in {"trig", "nquads"}:
            quads = ox.parse(path=str(source), format=OXIGRAPH_FORMATS[name])
            store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, _DEFAULT) for q in quads)
        else:
            store.bulk_load(path=str(source), format=OXIGRAPH_FORMATS[name])
    except (SyntaxError, ValueError, OSError) as exc:
        detail = one_line(exc)
        raise GraphFileError(f"cannot parse {source} as {FORMATS[name][0]}: {detail}") from exc
    return OxigraphView(store)
