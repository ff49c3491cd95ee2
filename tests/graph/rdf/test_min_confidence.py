"""--min-confidence: direct edges only for confident facts; every statement keeps its node."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from extract.model import Argument, DocumentGraph, Entity, EntityType, Relation, SentenceRef, Triple
from graph.rdf.model import GraphBuilder
from graph.rdf.validate import validate_graph
from graph.rdf.vocab import KG

ROOT = Path(__file__).resolve().parents[3]
BASE = "http://ex.test/kb/"
S0 = SentenceRef("d", 0, "Acme bought Widget. Acme sued Bolt.", 0, 35)
ENTITIES = (
    Entity("acme", "Acme", EntityType.ORGANIZATION, (), 2),
    Entity("widget", "Widget", EntityType.ORGANIZATION, (), 1),
    Entity("bolt", "Bolt", EntityType.ORGANIZATION, (), 1),
)


def _triple(obj: str, start: int, verb: str, confidence: float) -> Triple:
    return Triple(
        Argument("Acme", start, start + 4, "subject", "acme"),
        Relation(verb, verb, start + 5, start + 5 + len(verb)),
        Argument(
            obj.capitalize(), start + 6 + len(verb), start + 6 + len(verb) + len(obj), "object", obj
        ),
        S0,
        "svo",
        confidence=confidence,
    )


DOC = DocumentGraph(
    "d", ENTITIES, (), (_triple("widget", 0, "buy", 0.9), _triple("bolt", 20, "sue", 0.3)), (S0,)
)


def _edge(graph: Graph, verb: str, obj: str) -> bool:
    return (
        URIRef(f"{BASE}entity/acme"),
        URIRef(f"{BASE}relation/{verb}"),
        URIRef(f"{BASE}entity/{obj}"),
    ) in graph


def _built(threshold: float) -> Graph:
    builder = GraphBuilder(base_iri=BASE, min_confidence=threshold)
    builder.add_document(DOC)
    return builder.graph


@pytest.mark.parametrize(
    ("threshold", "buy", "sue"), [(0.0, True, True), (0.5, True, False), (0.95, False, False)]
)
def test_min_confidence_suppresses_direct_edges_but_keeps_statement_nodes(threshold, buy, sue):
    graph = _built(threshold)
    assert _edge(graph, "buy", "widget") is buy
    assert _edge(graph, "sue", "bolt") is sue
    statements = set(graph.subjects(RDF.type, KG.Statement))
    assert len(statements) == 2
    asserted = {st: graph.value(st, KG.asserted).toPython() for st in statements}
    confidences = {st: graph.value(st, KG.confidence).toPython() for st in statements}
    assert {confidences[st]: asserted[st] for st in statements} == {
        Decimal("0.9"): buy,
        Decimal("0.3"): sue,
    }
    assert graph.value(URIRef(f"{BASE}document/d"), KG.minConfidence) == Literal(
        Decimal(str(threshold))
    )


@pytest.mark.parametrize("threshold", [0.0, 0.5])
def test_thresholded_graph_is_valid(threshold):
    result = validate_graph(_built(threshold))
    assert result.conforms, result.report_text


def test_an_edge_below_its_documents_threshold_is_a_violation():
    graph = _built(0.5)
    graph.add(
        (URIRef(f"{BASE}entity/acme"), URIRef(f"{BASE}relation/sue"), URIRef(f"{BASE}entity/bolt"))
    )
    for st in graph.subjects(KG.confidence, Literal(Decimal("0.3"))):
        graph.set((st, KG.asserted, Literal(True)))
    result = validate_graph(graph)
    assert not result.conforms
    assert "below its document's kg:minConfidence" in result.report_text


def test_threshold_out_of_range_is_refused():
    with pytest.raises(ValueError, match="between 0 and 1"):
        GraphBuilder(base_iri=BASE, min_confidence=1.5)


def _kg(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "graph", *map(str, args)],
        capture_output=True,
        cwd=ROOT,
        timeout=300,
        text=True,
    )


@pytest.fixture(scope="module")
def article(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("in") / "harbour.txt"
    path.write_text(
        "The Harbour Authority fined a ferry company. The company did not appeal. "
        "The authority said the ferry company polluted the bay.\n",
        encoding="utf-8",
    )
    return path


def test_cli_build_with_min_confidence_one_has_statements_but_no_direct_edges(article, tmp_path):
    graphs = {}
    for threshold in ("0", "1"):
        out = tmp_path / f"t{threshold}.ttl"
        result = _kg("build", article, "-o", out, "--min-confidence", threshold, "-q")
        assert result.returncode == 0, result.stderr
        graphs[threshold] = Graph().parse(out)
    relations = set(graphs["0"].subjects(RDF.type, KG.Relation))
    edges = {t: [(s, p, o) for s, p, o in g if p in relations] for t, g in graphs.items()}
    assert edges["0"] and not edges["1"]
    statements = {t: len(set(g.subjects(RDF.type, KG.Statement))) for t, g in graphs.items()}
    assert statements["0"] == statements["1"] > 0


def test_cli_triples_leaves_out_facts_below_the_threshold_only(article):
    listed = {}
    for threshold in ("0", "1"):
        result = _kg("triples", article, "--format", "jsonl", "--min-confidence", threshold, "-q")
        assert result.returncode == 0, result.stderr
        listed[threshold] = [json.loads(line) for line in result.stdout.splitlines()]
    facts = [r for r in listed["0"] if not r["negated"] and r["modality"] is None]
    assert facts and any(r["negated"] for r in listed["0"])
    assert listed["1"] == [
        r for r in listed["0"] if r["negated"] or r["modality"] is not None or r["confidence"] >= 1
    ]


@pytest.mark.parametrize("value", ["1.5", "high"])
def test_cli_bad_min_confidence_is_one_clean_line(article, tmp_path, value):
    result = _kg("build", article, "-o", tmp_path / "x.ttl", "--min-confidence", value)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode != 0 and len(lines) == 1 and "min-confidence" in lines[0], (
        result.stderr
    )
    assert "Traceback" not in result.stderr
