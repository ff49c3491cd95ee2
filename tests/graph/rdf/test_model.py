"""The RDF model: direct edges only for facts, statement nodes, round trips, stable IRIs."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SKOS

from graph.rdf.formats import read_graph, write_graph
from graph.rdf.model import GraphBuilder, build_graph
from graph.rdf.vocab import KG, SCHEMA

TEXT = (
    "The Port Authority fined a shipping firm. The firm did not pay the fine. "
    "The authority may sue the firm. The Transport Ministry said the firm polluted the harbour."
)


@pytest.fixture(scope="module")
def graph(extract_text) -> Graph:
    return build_graph([extract_text(TEXT, "port")])


def _entity(graph, label):
    return next(graph.subjects(RDFS.label, Literal(label)))


def test_entities_are_typed_and_labelled(graph):
    authority = _entity(graph, "Port Authority")
    assert (authority, RDF.type, SCHEMA.GovernmentOrganization) in graph
    assert (authority, RDF.type, KG.Entity) in graph
    assert Literal("The authority") in set(graph.objects(authority, SKOS.altLabel))


def test_positive_fact_is_a_direct_edge(graph):
    authority = _entity(graph, "Port Authority")
    firm = _entity(graph, "shipping firm")
    labels = {str(graph.value(p, RDFS.label)) for p in graph.predicates(authority, firm)}
    assert any(label.startswith("fin") for label in labels)


def test_negated_and_hedged_statements_are_not_direct_edges(graph):
    firm = _entity(graph, "shipping firm")
    authority = _entity(graph, "Port Authority")
    for statement in graph.subjects(KG.asserted, Literal(False)):
        s = graph.value(statement, RDF.subject)
        p = graph.value(statement, RDF.predicate)
        o = graph.value(statement, RDF.object)
        assert o is None or (s, p, o) not in graph
    negated = list(graph.subjects(KG.negated, Literal(True)))
    assert any(graph.value(st, RDF.subject) == firm for st in negated)
    hedged = [st for st in graph.subjects(KG.modality, Literal("may"))]
    assert any(graph.value(st, RDF.subject) == authority for st in hedged)
    assert URIRef("https://example.org/kg/relation/sue") not in set(
        graph.predicates(authority, firm)
    )


def test_statement_links_to_its_source_sentence_and_attribution(graph):
    ministry = _entity(graph, "Transport Ministry")
    statements = list(graph.subjects(KG.attributedTo, ministry))
    assert statements
    sentence = graph.value(statements[0], KG.sentence)
    text = str(graph.value(sentence, KG.text))
    assert text.startswith("The Transport Ministry said")
    start, end = int(graph.value(sentence, KG.startChar)), int(graph.value(sentence, KG.endChar))
    assert TEXT[start:end] == text
    assert graph.value(statements[0], KG.confidence) is not None


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".jsonld", ".trig"])
def test_round_trip_is_isomorphic(graph, tmp_path, suffix):
    path = tmp_path / f"g{suffix}"
    write_graph(graph, path)
    back = read_graph(path)
    assert isomorphic(graph, back)


def test_same_input_gives_same_graph(extract_text):
    first = build_graph([extract_text(TEXT, "port")])
    second = build_graph([extract_text(TEXT, "port")])
    assert isomorphic(first, second)


def test_two_documents_naming_the_same_thing_share_one_node(extract_text):
    builder = GraphBuilder()
    builder.add_document(extract_text("The Port Authority fined a ferry operator.", "a"))
    builder.add_document(extract_text("The Port Authority opened a new terminal.", "b"))
    nodes = list(builder.graph.subjects(RDFS.label, Literal("Port Authority")))
    assert len(nodes) == 1
    assert int(builder.graph.value(nodes[0], KG.mentionCount)) == 2


def test_custom_base_iri(extract_text):
    g = build_graph(
        [extract_text("The Port Authority fined a ferry operator.", "a")],
        base_iri="http://ex.test/kb",
    )
    assert URIRef("http://ex.test/kb/entity/port-authority") in set(g.subjects())
