"""Real output graphs conform to the shipped SHACL shapes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph.rdf.model import build_graph
from graph.rdf.validate import validate_graph

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "examples" / "mss-consultancy-warning.txt"
CORPUS = ROOT.parent / "shared" / "corpus" / "bbc-news-test.csv"


def test_seed_graph_conforms(extract_text):
    result = validate_graph(build_graph([extract_text(SEED.read_text(encoding="utf-8"), "seed")]))
    assert result.conforms, result.report_text


@pytest.mark.skipif(not CORPUS.exists(), reason=f"{CORPUS} is not there (shared corpus missing)")
def test_graph_of_a_few_news_articles_conforms(extract_text):
    with CORPUS.open(encoding="utf-8", errors="replace", newline="") as handle:
        rows = [row["text"] for _, row in zip(range(4), csv.DictReader(handle), strict=False)]
    graph = build_graph([extract_text(text, f"bbc-{i}") for i, text in enumerate(rows)])
    result = validate_graph(graph)
    assert result.conforms, result.report_text
    assert len(graph) > 500  # a real graph, not an empty one
