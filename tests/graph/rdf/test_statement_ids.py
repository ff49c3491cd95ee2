"""Statement ids are unique per triple: two triples never share a statement node.

"Novartis sold Sandoz and Hexal to Eon": two triples (one per coordinated object) that share
the subject and the entity argument "to Eon", so each also becomes a "sell-to Eon" statement.
Those used to get one id and merge into one node carrying both triples' confidences (and flags),
which `kg validate` reports.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from extract.model import Argument, DocumentGraph, Entity, EntityType, Relation, SentenceRef, Triple
from graph.rdf.model import GraphBuilder, build_graph, triple_edges
from graph.rdf.validate import validate_graph
from graph.rdf.vocab import KG

BASE = "http://ex.test/kb/"
TEXT = "Novartis sold Sandoz and a small unit to Eon."
S0 = SentenceRef("d", 0, TEXT, 0, len(TEXT))
TO_EON = Argument("to Eon", 38, 44, "arg", "eon", "to")
ENTITIES = (
    Entity("novartis", "Novartis", EntityType.ORGANIZATION, (), 1),
    Entity("sandoz", "Sandoz", EntityType.ORGANIZATION, (), 1),
    Entity("eon", "Eon", EntityType.ORGANIZATION, (), 1),
)


def _sold(obj: Argument, confidence: float, **flags) -> Triple:
    return Triple(
        subject=Argument("Novartis", 0, 8, "subject", "novartis"),
        relation=Relation("sold", "sell", 9, 13),
        object=obj,
        sentence=S0,
        rule="svo",
        extras=(TO_EON,),
        confidence=confidence,
        **flags,
    )


DOC = DocumentGraph(
    "d",
    ENTITIES,
    (),
    (
        _sold(Argument("Sandoz", 14, 20, "object", "sandoz"), 0.7),
        _sold(Argument("a small unit", 25, 37, "object"), 0.55, modality="may"),
    ),
    (S0,),
)


def _statements(graph, predicate: str | None = None) -> set:
    found = set(graph.subjects(RDF.type, KG.Statement))
    if predicate is not None:
        found = {
            s
            for s in found
            if graph.value(s, RDF.predicate) == URIRef(f"{BASE}relation/{predicate}")
        }
    return found


def test_triples_sharing_a_prepositional_argument_get_one_statement_each():
    graph = build_graph([DOC], base_iri=BASE)
    edges = [edge for triple in DOC.triples for edge in triple_edges(triple)]
    assert len(edges) == 4
    assert len(_statements(graph)) == 4
    sell_to = _statements(graph, "sell-to")
    assert len(sell_to) == 2
    assert sorted(str(graph.value(s, KG.confidence)) for s in sell_to) == ["0.55", "0.7"]
    assert sorted(str(graph.value(s, KG.asserted)) for s in sell_to) == ["false", "true"]


def test_graph_with_triples_sharing_an_argument_validates():
    result = validate_graph(build_graph([DOC], base_iri=BASE))
    assert result.conforms, result.report_text


def test_main_statement_ids_do_not_change():
    """Only derived statements get the extra key: published ids of the main ones stay."""
    from extract.ids import statement_id

    builder = GraphBuilder(base_iri=BASE)
    builder.add_document(DOC)
    sid = statement_id("d", 0, (0, 8), "sell", (14, 20), "svo")
    assert (URIRef(f"{BASE}statement/{sid}"), RDF.type, KG.Statement) in builder.graph


def test_coordinated_objects_with_an_entity_argument_from_the_model(extract_text):
    document = extract_text("Novartis sold Sandoz and Hexal to Teva in March.", doc_id="sale")
    graph = build_graph([document], base_iri=BASE)
    edges = [edge for triple in document.triples for edge in triple_edges(triple)]
    assert len(_statements(graph)) == len(edges)
    assert validate_graph(graph).conforms


CORPUS = Path(__file__).resolve().parents[4] / "shared" / "corpus" / "bbc-news-test.csv"


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.is_file(), reason=f"{CORPUS} not found")
def test_build_of_100_bbc_articles_validates(tmp_path):
    """The issue's case: `kg validate` of the first 100 articles reported merged statements."""
    from graph.cli import main

    csv.field_size_limit(2**31 - 1)
    sample = tmp_path / "bbc100.csv"
    with (
        CORPUS.open(encoding="utf-8", errors="replace", newline="") as src,
        sample.open("w", encoding="utf-8", newline="") as dst,
    ):
        writer = csv.writer(dst)
        for number, row in enumerate(csv.reader(src)):
            if number > 100:  # the header and 100 articles
                break
            writer.writerow(row)
    out = tmp_path / "bbc100.nt"
    assert main(["build", str(sample), "-o", str(out), "-q", "--jobs", "2"]) == 0
    assert main(["validate", str(out)]) == 0


def test_what_a_direct_object_becomes_is_no_edge_from_the_subject(extract_text):
    document = extract_text("Carl Brandt turned the warehouse into Brandt Studios in 1975.")
    vias = {edge.lemma for triple in document.triples for edge in triple_edges(triple)}
    assert "turn" in vias and "turn into" not in vias, vias


def test_where_a_direct_object_went_is_an_edge_from_the_subject(extract_text):
    document = extract_text("Novartis sold Sandoz to Teva in March.")
    vias = {edge.lemma for triple in document.triples for edge in triple_edges(triple)}
    assert "sell to" in vias, vias
