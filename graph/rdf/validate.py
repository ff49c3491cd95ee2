"""Check an output graph against the shipped SHACL shapes (`graph/rdf/shapes.ttl`).

The shapes encode docs/rdf-model.md, above all its key guarantee: a negated or
hedged triple never stands as a plain direct edge.

pyshacl evaluates a SPARQL-based constraint once per focus node, re-parsing the
query each time, with rdflib's query engine (whose join order makes the
``FILTER NOT EXISTS`` checks scan every statement for every edge): over ten
minutes on a graph of 50k triples. So `validate_graph` hands pyshacl the
shapes without their SPARQL constraints (the core constraints take seconds)
and runs each SPARQL constraint itself, once over the whole graph with
``$this`` unbound, in an in-memory Oxigraph store, keeping only the solutions
whose ``$this`` is a focus node of the shape. For a query that binds ``$this``
in a triple pattern (all of ours do) that gives exactly the SHACL results. The
shapes file stays plain SHACL: ``pyshacl -s graph/rdf/shapes.ttl out.ttl`` reports
the same violations, only much slower.

>>> from rdflib import Graph
>>> validate_graph(Graph()).conforms
True
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import pyoxigraph as ox
from pyshacl import validate
from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS, XSD, NamespaceManager

from graph.rdf.terms import RoundTrip
from graph.rdf.vocab import KG, PROV, SCHEMA

__all__ = ["ValidationResult", "validate_graph", "shapes_graph", "ontology_graph"]

_PLACEHOLDER = re.compile(r"\{[?$](\w+)\}")


@dataclass(frozen=True)
class ValidationResult:
    """The outcome of `validate_graph`.

    `report_text` has one line per violation,
    ``focus node | result path | message (value: ...)``, sorted so that the same
    graph always gives the same text; it is empty when the graph conforms.
    """

    conforms: bool
    report_text: str
    violations: int


@dataclass(frozen=True)
class _SparqlCheck:
    """One sh:SPARQLConstraint of a node shape whose targets are all sh:targetClass."""

    target_classes: tuple[URIRef, ...]
    select: str
    prefixes: dict[str, str]
    message: str


@dataclass(frozen=True)
class _Shapes:
    core: Graph  # the shapes minus the SPARQL constraints run by `_SparqlCheck`
    checks: tuple[_SparqlCheck, ...]


@cache
def _load(name: str) -> Graph:
    resource = files("graph.rdf") / name
    return Graph().parse(data=resource.read_text(encoding="utf-8"), format="turtle")


def shapes_graph() -> Graph:
    """The shipped SHACL shapes (parsed once; do not modify the returned graph)."""
    return _load("shapes.ttl")


def ontology_graph() -> Graph:
    """The shipped ontology (parsed once; do not modify the returned graph)."""
    return _load("ontology.ttl")


_OTHER_TARGETS = (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


def _prefixes(shapes: Graph, constraint: Node) -> dict[str, str]:
    ns: dict[str, str] = {}
    for source in shapes.objects(constraint, SH.prefixes):
        for decl in shapes.objects(source, SH.declare):
            prefix = shapes.value(decl, SH.prefix)
            namespace = shapes.value(decl, SH.namespace)
            if prefix is not None and namespace is not None:
                ns[str(prefix)] = str(namespace)
    return ns


@cache
def _split_shapes() -> _Shapes:
    shapes = shapes_graph()
    core = Graph()
    for prefix, namespace in shapes.namespaces():
        core.bind(prefix, namespace)
    offloaded: set[tuple[Node, Node]] = set()
    checks: list[_SparqlCheck] = []
    for shape, constraint in shapes.subject_objects(SH.sparql):
        classes = tuple(c for c in shapes.objects(shape, SH.targetClass) if isinstance(c, URIRef))
        if (
            not classes
            or (shape, SH.path, None) in shapes
            or any((shape, t, None) in shapes for t in _OTHER_TARGETS)
            or shapes.value(constraint, SH.deactivated) == Literal(True)
        ):
            continue  # leave anything unusual to pyshacl
        select = shapes.value(constraint, SH.select)
        if select is None:
            continue
        message = shapes.value(constraint, SH.message)
        checks.append(
            _SparqlCheck(
                target_classes=classes,
                select=str(select),
                prefixes=_prefixes(shapes, constraint),
                message=str(message) if message is not None else "SPARQL constraint violated",
            )
        )
        offloaded.add((shape, constraint))
    for s, p, o in shapes:
        if p == SH.sparql and (s, o) in offloaded:
            continue
        core.add((s, p, o))
    return _Shapes(core=core, checks=tuple(checks))


def _instances(g: Graph, cls: URIRef) -> set[Node]:
    """SHACL class targets: instances of `cls` or of its rdfs:subClassOf* subclasses in `g`."""
    classes = set(g.transitive_subjects(RDFS.subClassOf, cls))
    classes.add(cls)
    return {s for c in classes for s in g.subjects(RDF.type, c)}


def _namespaces(data: Graph) -> NamespaceManager:
    nsm = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, namespace in (
        ("kg", KG._NS),
        ("rdf", RDF),
        ("rdfs", RDFS),
        ("xsd", XSD),
        ("skos", SKOS),
        ("schema", SCHEMA),
        ("prov", PROV),
    ):
        nsm.bind(prefix, namespace)
    for prefix, iri in data.namespaces():
        nsm.bind(prefix, iri, override=False)
    return nsm


# Turtle's plain forms, used when the lexical form allows them (keyed by datatype, None for none)
_SHORTHAND: dict[URIRef | None, re.Pattern[str]] = {
    XSD.boolean: re.compile(r"true|false"),
    XSD.integer: re.compile(r"[+-]?\d+"),
    XSD.decimal: re.compile(r"[+-]?\d*\.\d+"),
}


def _show(term: Node | None, nsm: NamespaceManager) -> str:
    if term is None:
        return "-"
    shorthand = _SHORTHAND.get(term.datatype) if isinstance(term, Literal) else None
    if shorthand is not None and shorthand.fullmatch(str(term)):
        return str(term)
    try:
        return term.n3(nsm)
    except Exception:  # rdflib refuses to write an invalid IRI as N3
        return f"<{term}>"


def _line(focus: Node | None, path: Node | None, message: str, value: Node | None, nsm) -> str:
    line = f"{_show(focus, nsm)} | {_show(path, nsm)} | {message}"
    if value is not None:
        line += f" (value: {_show(value, nsm)})"
    return line


def _core_lines(g: Graph, core: Graph, nsm: NamespaceManager) -> Iterator[str]:
    _, report, _ = validate(
        g,
        shacl_graph=core,
        inference="none",
        abort_on_first=False,
    )
    for result in report.subjects(RDF.type, SH.ValidationResult):
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        message = "; ".join(messages) or _show(
            report.value(result, SH.sourceConstraintComponent), nsm
        )
        yield _line(
            report.value(result, SH.focusNode),
            report.value(result, SH.resultPath),
            message,
            report.value(result, SH.value),
            nsm,
        )


class _Store:
    """`g` copied into an in-memory Oxigraph store, with the term mapping back (`RoundTrip`)."""

    def __init__(self, g: Graph) -> None:
        self.terms = RoundTrip()
        convert = self.terms.to_oxigraph
        self.store = ox.Store()
        self.store.extend(
            # rdflib's parsers give no literal subject and only IRI predicates
            ox.Quad(convert(s), convert(p), convert(o), ox.DefaultGraph())  # type: ignore[arg-type]
            for s, p, o in g
        )


def _sparql_lines(
    g: Graph, store: _Store, check: _SparqlCheck, nsm: NamespaceManager
) -> Iterator[str]:
    focus_nodes: set[Node] = set()
    for cls in check.target_classes:
        focus_nodes |= _instances(g, cls)
    if not focus_nodes:
        return
    solutions = store.store.query(check.select, prefixes=check.prefixes)
    assert isinstance(solutions, ox.QuerySolutions)  # a SPARQL constraint's sh:select
    names = [v.value for v in solutions.variables]
    for solution in solutions:
        bindings = {
            name: store.terms.to_rdflib(solution[name])
            for name in names
            if solution[name] is not None
        }
        focus = bindings.get("this")
        if focus not in focus_nodes:
            continue

        def fill(match: re.Match[str], bindings: dict[str, Node] = bindings) -> str:
            term = bindings.get(match.group(1))
            return "(none)" if term is None else _show(term, nsm)

        yield _line(
            focus,
            bindings.get("path"),
            _PLACEHOLDER.sub(fill, check.message),
            bindings.get("value"),
            nsm,
        )


def validate_graph(g: Graph) -> ValidationResult:
    """Validate `g` against `graph/rdf/shapes.ttl`, without inference.

    Classes are matched on the rdf:type triples in `g` itself, as the writer
    emits them (every entity typed kg:Entity explicitly). The ontology is not
    mixed in: pyshacl would copy the whole data graph to do it, and it changes
    nothing for a graph that follows docs/rdf-model.md.
    """
    shapes = _split_shapes()
    nsm = _namespaces(g)
    lines = set(_core_lines(g, shapes.core, nsm))
    if shapes.checks:
        store = _Store(g)
        for check in shapes.checks:
            lines.update(_sparql_lines(g, store, check, nsm))
        for iri, reason in store.terms.invalid_iris.items():
            lines.add(_line(iri, None, f"not a valid absolute IRI: {reason}", None, nsm))
    ordered = sorted(lines)
    return ValidationResult(
        conforms=not ordered, report_text="\n".join(ordered), violations=len(ordered)
    )
