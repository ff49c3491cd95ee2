"""Tests for graph/rdf/validate.py and the shapes and ontology it ships.

Every graph here is hand-written Turtle following docs/rdf-model.md; each
invalid case breaks one rule of it and must be reported by name.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

from graph.rdf.validate import ValidationResult, ontology_graph, shapes_graph, validate_graph
from graph.rdf.vocab import KG, PROV, SCHEMA

E = Namespace("https://example.org/kg/entity/")
R = Namespace("https://example.org/kg/relation/")
ST = Namespace("https://example.org/kg/statement/")
SENT = Namespace("https://example.org/kg/sentence/")
DOC = Namespace("https://example.org/kg/document/")

VALID_TTL = """
@prefix kg:      <https://w3id.org/kg-builder/ontology#> .
@prefix e:       <https://example.org/kg/entity/> .
@prefix r:       <https://example.org/kg/relation/> .
@prefix st:      <https://example.org/kg/statement/> .
@prefix doc:     <https://example.org/kg/document/> .
@prefix sent:    <https://example.org/kg/sentence/> .
@prefix schema:  <https://schema.org/> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix rdf:     <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .

e:ministry a kg:Entity, schema:GovernmentOrganization ;
    rdfs:label "Ministry of State Security" ;
    skos:altLabel "the ministry", "the state security ministry" ;
    kg:mentionCount 3 .
e:consultancy a kg:Entity, schema:Organization ;
    rdfs:label "overseas consultancy" ; kg:mentionCount 2 .
e:company a kg:Entity, schema:Organization ; rdfs:label "Chinese company" .
e:information a kg:Entity, kg:Concept ; rdfs:label "classified information" .

r:gather a rdf:Property, kg:Relation ; rdfs:label "gather" .
r:gather-from a rdf:Property, kg:Relation ; rdfs:label "gather from" .
r:sell a rdf:Property, kg:Relation ; rdfs:label "sell" .
r:warn a rdf:Property, kg:Relation ; rdfs:label "warn" .
r:speak a rdf:Property, kg:Relation ; rdfs:label "speak" .

# direct edges: only the asserted statements, plus the extra "from" argument
e:consultancy r:gather e:information .
e:consultancy r:gather-from e:company .
e:ministry r:warn "foreign spies" .

# positive, unhedged, with an extra prepositional argument that is an entity
st:gathered a kg:Statement, rdf:Statement ;
    rdf:subject e:consultancy ; rdf:predicate r:gather ; rdf:object e:information ;
    kg:subjectText "the consultancy" ; kg:relationText "gathered" ;
    kg:objectText "classified information" ;
    kg:negated false ; kg:asserted true ;
    kg:attributedTo e:ministry ;
    kg:confidence 0.72 ; kg:rule "svo" ;
    kg:sentence sent:seed.0 ; prov:wasDerivedFrom sent:seed.0 ;
    kg:argument [ a kg:Argument ; kg:role "place" ; kg:preposition "from" ;
                  kg:text "from a Chinese company" ; kg:entity e:company ] .

# object is a literal
st:warned a kg:Statement, rdf:Statement ;
    rdf:subject e:ministry ; rdf:predicate r:warn ; rdf:object "foreign spies" ;
    kg:subjectText "the ministry" ; kg:relationText "warned" ; kg:objectText "foreign spies" ;
    kg:negated false ; kg:asserted true ;
    kg:confidence 0.9 ; kg:rule "svo" ;
    kg:sentence sent:seed.1 ; prov:wasDerivedFrom sent:seed.1 .

# intransitive: no object, so no direct edge
st:spoke a kg:Statement, rdf:Statement ;
    rdf:subject e:ministry ; rdf:predicate r:speak ;
    kg:subjectText "the ministry" ; kg:relationText "spoke" ;
    kg:negated false ; kg:asserted true ;
    kg:confidence 0.4 ; kg:rule "intransitive" ;
    kg:sentence sent:seed.1 .

# negated: no direct edge
st:not-sold a kg:Statement, rdf:Statement ;
    rdf:subject e:company ; rdf:predicate r:sell ; rdf:object e:information ;
    kg:subjectText "the company" ; kg:relationText "did not sell" ;
    kg:objectText "the information" ;
    kg:negated true ; kg:asserted false ;
    kg:confidence 0.6 ; kg:rule "svo" ;
    kg:sentence sent:seed.1 .

# hedged: no direct edge
st:may-sell a kg:Statement, rdf:Statement ;
    rdf:subject e:consultancy ; rdf:predicate r:sell ; rdf:object "secrets" ;
    kg:subjectText "the consultancy" ; kg:relationText "may sell" ; kg:objectText "secrets" ;
    kg:negated false ; kg:modality "may" ; kg:asserted false ;
    kg:attributedTo e:ministry ;
    kg:confidence 0.5 ; kg:rule "svo" ;
    kg:sentence sent:seed.1 .

sent:seed.0 a kg:Sentence ;
    kg:text "The consultancy gathered classified information from a Chinese company." ;
    kg:index 0 ; kg:startChar 0 ; kg:endChar 72 ; kg:document doc:seed .
sent:seed.1 a kg:Sentence ;
    kg:text "The ministry warned foreign spies and spoke; the company did not sell the information, but the consultancy may sell secrets." ;
    kg:index 1 ; kg:startChar 73 ; kg:endChar 196 ; kg:document doc:seed .
doc:seed a kg:Document, prov:Entity ; rdfs:label "seed" ; kg:source "examples/seed.txt" ;
    kg:contentHash "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" .
"""


def _valid() -> Graph:
    return Graph().parse(data=VALID_TTL, format="turtle")


def _add(*triples) -> Callable[[Graph], None]:
    def mutate(g: Graph) -> None:
        for t in triples:
            g.add(t)

    return mutate


def _remove(*patterns) -> Callable[[Graph], None]:
    def mutate(g: Graph) -> None:
        for p in patterns:
            assert next(iter(g.triples(p)), None) is not None, (
                f"{p} not in the valid graph: the case tests nothing"
            )
            g.remove(p)

    return mutate


def _set(s, p, o) -> Callable[[Graph], None]:
    def mutate(g: Graph) -> None:
        assert (s, p, None) in g, f"{s} has no {p} to replace"
        g.set((s, p, o))

    return mutate


def _argument_of(g: Graph, statement):
    return g.value(statement, KG.argument)


def _drop_preposition(g: Graph) -> None:
    arg = _argument_of(g, ST.gathered)
    _remove((arg, KG.preposition, None))(g)


# (mutation, focus node as shown in the report, a phrase naming the problem)
INVALID = {
    "negated statement also stands as a direct edge": (
        _add((E.company, R.sell, E.information)),
        "st:not-sold",
        "statement that is not asserted (negated or hedged) stands as a direct edge e:company r:sell e:information",
    ),
    "hedged statement also stands as a direct edge": (
        _add((E.consultancy, R.sell, Literal("secrets"))),
        "st:may-sell",
        "statement that is not asserted (negated or hedged) stands as a direct edge",
    ),
    "asserted statement with modality": (
        _add((ST.gathered, KG.modality, Literal("could"))),
        "st:gathered",
        "kg:asserted true but is negated or hedged",
    ),
    "asserted statement that is negated": (
        _set(ST.gathered, KG.negated, Literal(True)),
        "st:gathered",
        "kg:asserted true but is negated or hedged",
    ),
    "positive unhedged statement not asserted": (
        _set(ST.warned, KG.asserted, Literal(False)),
        "st:warned",
        "kg:asserted false but is neither negated nor hedged",
    ),
    "entity with two labels": (
        _add((E.company, RDFS.label, Literal("Chinese firm"))),
        "e:company",
        "exactly one rdfs:label",
    ),
    "entity with an empty label": (
        _set(E.company, RDFS.label, Literal(" ")),
        "e:company",
        "exactly one rdfs:label, a non-empty xsd:string",
    ),
    "entity with no type class": (
        _remove((E.company, RDF.type, SCHEMA.Organization)),
        "e:company",
        "exactly one type class besides kg:Entity",
    ),
    "entity with two type classes": (
        _add((E.company, RDF.type, SCHEMA.Person)),
        "e:company",
        "exactly one type class besides kg:Entity",
    ),
    "negative mention count": (
        _set(E.ministry, KG.mentionCount, Literal(-1)),
        "e:ministry",
        "kg:mentionCount",
    ),
    "confidence 1.5": (
        _set(ST.gathered, KG.confidence, Literal(Decimal("1.5"))),
        "st:gathered",
        "kg:confidence, an xsd:decimal in [0, 1]",
    ),
    "confidence as a double": (
        _set(ST.gathered, KG.confidence, Literal(0.5)),
        "st:gathered",
        "kg:confidence, an xsd:decimal in [0, 1]",
    ),
    "statement without a sentence": (
        _remove((ST["may-sell"], KG.sentence, None)),
        "st:may-sell",
        "exactly one kg:sentence",
    ),
    "statement without kg:negated": (
        _remove((ST.warned, KG.negated, None)),
        "st:warned",
        "exactly one kg:negated",
    ),
    "statement whose subject is not an entity": (
        _remove((E.ministry, RDF.type, KG.Entity)),
        "st:warned",
        "exactly one rdf:subject, an IRI typed kg:Entity",
    ),
    "statement whose predicate is not a relation": (
        _remove((R.speak, RDF.type, KG.Relation)),
        "st:spoke",
        "exactly one rdf:predicate, a kg:Relation",
    ),
    "statement whose object is an IRI but not an entity": (
        _set(ST["not-sold"], RDF.object, SENT["seed.0"]),
        "st:not-sold",
        "is neither a literal nor a kg:Entity",
    ),
    "relation without a label": (
        _remove((R.warn, RDFS.label, None)),
        "r:warn",
        "exactly one rdfs:label",
    ),
    "direct edge with no backing statement": (
        _add((E.ministry, R.gather, E.company)),
        "r:gather",
        "direct edge e:ministry r:gather e:company has no asserted kg:Statement behind it",
    ),
    "argument edge whose argument lost its preposition": (
        _drop_preposition,
        "r:gather-from",
        "direct edge e:consultancy r:gather-from e:company has no asserted kg:Statement",
    ),
    "asserted statement without its direct edge": (
        _remove((E.ministry, R.warn, None)),
        "st:warned",
        'asserted statement has no direct edge e:ministry r:warn "foreign spies"',
    ),
    "sentence that ends before it starts": (
        _set(SENT["seed.0"], KG.endChar, Literal(-5)),
        "sent:seed.0",
        "kg:startChar must not exceed its kg:endChar",
    ),
    "sentence without a document": (
        _remove((SENT["seed.1"], KG.document, None)),
        "sent:seed.1",
        "exactly one kg:document",
    ),
    "document with a malformed content hash": (
        _set(DOC.seed, KG.contentHash, Literal("0123ABCD")),
        "doc:seed",
        "kg:contentHash, a SHA-256 as 64 lower-case hex digits",
    ),
    "argument without a role": (
        lambda g: _remove((_argument_of(g, ST.gathered), KG.role, None))(g),
        "_:",
        "exactly one kg:role",
    ),
}


def _lines(result: ValidationResult) -> list[str]:
    return result.report_text.splitlines()


def test_valid_graph_conforms():
    result = validate_graph(_valid())
    assert result == ValidationResult(conforms=True, report_text="", violations=0)


def test_empty_graph_conforms():
    assert validate_graph(Graph()).conforms


@pytest.mark.parametrize(("mutate", "focus", "phrase"), INVALID.values(), ids=INVALID.keys())
def test_invalid_graph_reports_the_problem(mutate, focus, phrase):
    g = _valid()
    mutate(g)
    result = validate_graph(g)
    assert not result.conforms
    assert result.violations == len(_lines(result)) >= 1
    matching = [line for line in _lines(result) if phrase in line]
    assert matching, f"no report line says {phrase!r}:\n{result.report_text}"
    assert any(line.startswith(focus) for line in matching), result.report_text


def test_report_line_names_focus_node_path_and_message():
    g = _valid()
    _set(ST.gathered, KG.confidence, Literal(Decimal("1.5")))(g)
    (line,) = _lines(validate_graph(g))
    focus, path, message = line.split(" | ")
    assert focus == "st:gathered"
    assert path == "kg:confidence"
    assert message.startswith("a statement needs exactly one kg:confidence")
    assert message.endswith("(value: 1.5)")


def test_negated_direct_edge_reported_on_both_edge_and_statement():
    g = _valid()
    _add((E.company, R.sell, E.information))(g)
    focus_nodes = sorted(line.split(" | ")[0] for line in _lines(validate_graph(g)))
    assert focus_nodes == ["r:sell", "st:not-sold"]


def test_edge_backed_by_another_asserted_statement_is_allowed():
    # "X did not sell Y" in one sentence and "X sold Y" in another: the edge stands
    g = _valid()
    _add((E.company, R.sell, E.information))(g)
    g.parse(
        format="turtle",
        data="""
        @prefix kg: <https://w3id.org/kg-builder/ontology#> .
        @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
        <https://example.org/kg/statement/sold> a kg:Statement, rdf:Statement ;
            rdf:subject <https://example.org/kg/entity/company> ;
            rdf:predicate <https://example.org/kg/relation/sell> ;
            rdf:object <https://example.org/kg/entity/information> ;
            kg:subjectText "the company" ; kg:relationText "sold" ; kg:objectText "it" ;
            kg:negated false ; kg:asserted true ; kg:confidence 0.5 ; kg:rule "svo" ;
            kg:sentence <https://example.org/kg/sentence/seed.0> .
        """,
    )
    result = validate_graph(g)
    assert result.conforms, result.report_text


def test_invalid_iri_is_reported_and_the_rest_still_checked():
    g = _valid()
    bad = URIRef("entity/no base")  # a relative IRI with a space, as a bad --base-iri makes
    for p, o in list(g.predicate_objects(E.company)):
        g.add((bad, p, o))
    g.add((bad, R.sell, E.information))  # and an edge no statement backs
    lines = _lines(validate_graph(g))
    assert any(line.startswith("<entity/no base> | - | not a valid absolute IRI") for line in lines)
    assert any(
        line.startswith("r:sell | r:sell | direct edge <entity/no base> r:sell e:information")
        for line in lines
    ), lines


def _pyshacl_focus_paths(g: Graph) -> set[tuple[str, str]]:
    """(focus, path) of every result of plain pyshacl run on the unmodified shapes."""
    _, report, _ = validate(g, shacl_graph=shapes_graph(), inference="none")
    out = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        out.add(
            (
                "_:" if focus.n3().startswith("_:") else focus.n3(g.namespace_manager),
                "-" if path is None else path.n3(g.namespace_manager),
            )
        )
    return out


def test_fast_path_agrees_with_plain_pyshacl():
    # validate_graph runs the SPARQL constraints itself, once over the whole graph;
    # plain pyshacl runs them once per focus node. Every invalid case at once:
    g = _valid()
    for mutate, _, _ in INVALID.values():
        mutate(g)
    ours = {
        ("_:" if line.startswith("_:") else line.split(" | ")[0], line.split(" | ")[1])
        for line in _lines(validate_graph(g))
    }
    assert {focus for _, focus, _ in INVALID.values()} <= {focus for focus, _ in ours}
    assert ours == _pyshacl_focus_paths(g)


def test_plain_pyshacl_accepts_the_valid_graph():
    conforms, _, text = validate(_valid(), shacl_graph=shapes_graph(), inference="none")
    assert conforms, text


def _declared_kinds() -> dict[str, set]:
    ont = ontology_graph()
    return {name: set(ont.objects(KG[name], RDF.type)) for name in KG.__annotations__}


def test_ontology_declares_every_vocab_term():
    ont = ontology_graph()
    assert (None, RDF.type, OWL.Ontology) in ont
    for name, kinds in _declared_kinds().items():
        term = KG[name]
        assert kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}, name
        assert ont.value(term, RDFS.label) is not None, name
        assert ont.value(term, RDFS.comment) is not None, name
        if OWL.Class not in kinds:
            assert ont.value(term, RDFS.domain) is not None, name
            assert ont.value(term, RDFS.range) is not None, name


def test_ontology_declares_only_vocab_terms():
    ont = ontology_graph()
    minted = {s for s in ont.subjects() if str(s).startswith(str(KG._NS))}
    assert minted == {KG[name] for name in KG.__annotations__}


@pytest.mark.parametrize(
    "triple",
    [
        (KG.Statement, RDFS.subClassOf, RDF.Statement),
        (KG.Group, RDFS.subClassOf, KG.Entity),
        (KG.Concept, RDFS.subClassOf, KG.Entity),
        (KG.sentence, RDFS.subPropertyOf, PROV.wasDerivedFrom),
    ],
)
def test_ontology_alignments(triple):
    assert triple in ontology_graph()


def test_attributed_to_is_not_aligned_with_prov():
    assert (KG.attributedTo, RDFS.subPropertyOf, None) not in ontology_graph()
