"""Reading and writing graph files: formats by extension, Oxigraph for speed, clear errors."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.namespace import RDF

from extract.errors import one_line
from graph.io.atomic import GraphFileError, atomic_write_bytes
from graph.rdf.terms import TermConverter

#: format name -> (rdflib serializer, file extensions)
FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "turtle": ("turtle", (".ttl", ".turtle")),
    "nt": ("nt", (".nt",)),
    "jsonld": ("json-ld", (".jsonld", ".json")),
    "trig": ("trig", (".trig",)),
    "xml": ("xml", (".rdf", ".owl", ".xml")),
    "nquads": ("nquads", (".nq",)),
}
ALIASES = {
    "ttl": "turtle",
    "n-triples": "nt",
    "ntriples": "nt",
    "json-ld": "jsonld",
    "rdfxml": "xml",
}
#: format name -> Oxigraph parser / serialiser (the on-disk store reads and writes all of them)
OXIGRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
    "xml": ox.RdfFormat.RDF_XML,
    "nquads": ox.RdfFormat.N_QUADS,
}
#: formats `write_triples` hands to Oxigraph (rdflib's Turtle serialiser takes seconds for 50k triples)
_WRITTEN_BY_OXIGRAPH = frozenset({"turtle", "nt", "trig", "nquads"})
#: dataset formats -> the triple format rdflib writes a plain Graph in: a Turtle file is a TriG file
#: (N-Triples an N-Quads file) whose triples are all in the default graph. rdflib's own TriG
#: serialiser puts a Graph in a named graph called by a random blank node, which rapper rejects
#: and a Graph Store endpoint refuses ("named graphs are not allowed").
_DEFAULT_GRAPH_AS = {"trig": "turtle", "nquads": "nt"}
_RDF_TYPE = str(RDF.type)


def format_for(path: str | Path, explicit: str | None = None) -> str:
    """The format name for `path`: explicit wins, else the extension, else Turtle."""
    if explicit:
        name = ALIASES.get(explicit.lower(), explicit.lower())
        if name not in FORMATS:
            raise GraphFileError(
                f"unknown RDF format {explicit!r}; use one of: {', '.join(sorted(FORMATS))}"
            )
        return name
    suffix = Path(path).suffix.lower()
    for name, (_, extensions) in FORMATS.items():
        if suffix in extensions:
            return name
    return "turtle"


def write_graph(graph: Graph, path: str | Path, fmt: str | None = None) -> str:
    """Serialise `graph` to `path` atomically; returns the format used.

    TriG and N-Quads files hold the graph as their default graph.
    """
    name = format_for(path, fmt)
    try:
        if name == "jsonld":
            from graph.rdf.jsonld import jsonld_bytes

            data = jsonld_bytes(graph)  # compacted with the shipped @context
        else:
            data = graph.serialize(
                format=FORMATS[_DEFAULT_GRAPH_AS.get(name, name)][0], encoding="utf-8"
            )
    except Exception as exc:  # rdflib raises a bare Exception for an IRI it cannot write
        detail = one_line(exc)
        raise GraphFileError(f"cannot write {path} as {name}: {detail}") from exc
    atomic_write_bytes(path, data)
    return name


def write_triples(
    triples: Iterable[tuple],
    path: str | Path,
    fmt: str | None = None,
    *,
    prefixes: Mapping[str, str],
) -> str:
    """Serialise `triples` (rdflib terms) to `path` atomically; returns the format used.

    Turtle and N-Triples are written by Oxigraph, triples grouped by subject and
    predicate (so the Turtle has one block per subject); the other formats, and
    triples Oxigraph refuses (an IRI that is not valid), go through an rdflib
    Graph with `prefixes` bound, as `write_graph` does.
    """
    name = format_for(path, fmt)
    data = None
    if name in _WRITTEN_BY_OXIGRAPH:
        triples = triples if isinstance(triples, list | tuple) else list(triples)
        try:
            data = ox.serialize(
                _grouped_for_oxigraph(triples),
                format=OXIGRAPH_FORMATS[name],
                prefixes=dict(prefixes),
            )
        except ValueError:
            data = None
    if data is not None and name in {"turtle", "trig"}:  # TriG of the default graph reads as Turtle
        data = _blank_line_between_subjects(data)
    if data is None:
        graph = Graph()
        for prefix, namespace in prefixes.items():
            graph.bind(prefix, namespace, override=True)
        graph.addN((s, p, o, graph) for s, p, o in triples)
        return write_graph(graph, path, name)
    atomic_write_bytes(path, data)
    return name


def _blank_line_between_subjects(turtle: bytes) -> bytes:
    """Oxigraph's Turtle with an empty line before each subject block, to read like rdflib's.

    Safe because Oxigraph writes every literal on one line (newlines escaped):
    a line that is not indented and not a prefix always starts a subject.
    """
    lines = turtle.split(b"\n")
    spaced: list[bytes] = []
    for line in lines:
        if (
            line
            and not line.startswith((b"\t", b" ", b"@prefix", b"@base"))
            and spaced
            and spaced[-1]
        ):
            spaced.append(b"")
        spaced.append(line)
    return b"\n".join(spaced)


def _grouped_for_oxigraph(triples: Iterable[tuple]) -> Iterator[ox.Triple]:
    """Subjects in order of first appearance, each with rdf:type first, then by predicate IRI."""
    by_subject: dict = {}
    for s, p, o in triples:
        by_subject.setdefault(s, {}).setdefault(p, []).append(o)
    convert = TermConverter()
    for s, by_predicate in by_subject.items():
        subject = convert(s)
        for p in sorted(by_predicate, key=_predicate_order):
            predicate = convert(p)
            for o in by_predicate[p]:
                yield ox.Triple(subject, predicate, convert(o))


def _predicate_order(predicate) -> tuple[bool, str]:
    iri = str(predicate)
    return iri != _RDF_TYPE, iri


def graph_file(path: str | Path, fmt: str | None = None) -> tuple[Path, str]:
    """An existing graph file and its format name (by extension unless given), or GraphFileError."""
    source = Path(path)
    if not source.exists():
        raise GraphFileError(f"graph file not found: {source}")
    if source.is_dir():
        raise GraphFileError(f"{source} is a folder, not a graph file")
    return source, format_for(source, fmt)


def read_graph(path: str | Path, fmt: str | None = None) -> Graph:
    """Parse a graph file (format by extension unless given)."""
    source, name = graph_file(path, fmt)
    graph = Graph()
    try:
        if name in {"trig", "nquads"}:
            # a dataset: its named graphs are merged into one graph
            dataset = Dataset()
            dataset.parse(source, format=FORMATS[name][0])
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
        else:
            graph.parse(source, format=FORMATS[name][0])
    except Exception as exc:  # rdflib raises many parser-specific types
        detail = one_line(exc)
        raise GraphFileError(f"cannot parse {source} as {name}: {detail}") from exc
    from graph.rdf.model import bind_prefixes

    bind_prefixes(graph)
    return graph
