"""benchmarks/news.py: the coreference metrics on hand-made clusters, and that the gold builds and scores.

The metric tests use tiny partitions worked out by hand; the gold tests only check that the shipped
annotation builds with ../shared's instrument and that its scorer runs on it (never the figures).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import news

needs_instrument = pytest.mark.skipif(
    not (news.INSTRUMENT / "score.py").is_file(),
    reason="../shared/benchmarks/news-kg is not beside the repo",
)


def test_muc_counts_links():
    key = [{0, 1, 2}, {3}]
    resp = [{0, 1}, {2, 3}]
    assert news.muc(key, resp) == (1, 2)  # recall: {0,1,2} is cut in two -> 1 of its 2 links
    assert news.muc(resp, key) == (1, 2)  # precision: {2,3} joins two key clusters


def test_b3_perfect_and_all_singletons():
    key = [{0, 1}, {2}]
    assert news.b3(key, key) == (3.0, 3.0, 3)
    p, r, n = news.b3(key, [{0}, {1}, {2}])
    assert (p, r, n) == (3.0, 2.0, 3)


def test_ceafe_aligns_entities_one_to_one():
    key = [{0, 1}, {2, 3}]
    sim, k, r = news.ceafe(key, [{0, 1, 2, 3}])
    assert (k, r) == (2, 1)
    assert sim == pytest.approx(2 * 2 / 6)  # one response entity can align to one key entity only


def test_pairing_prefers_the_best_overlap_and_is_one_to_one():
    gold = [(0, 10, "a"), (0, 4, "b")]
    spans = [(0, 4, "x"), (0, 11, "y")]
    assert news.pair(gold, spans) == {1: 0, 0: 1}


def test_unpaired_gold_mention_is_a_response_singleton():
    key, resp = news.clusters([(0, 3, "a"), (10, 13, "a")], [(0, 3, "x")])
    assert sorted(map(sorted, key)) == [[0, 1]]
    assert sorted(map(sorted, resp)) == [[0], [1]]


@needs_instrument
def test_shipped_gold_builds_and_every_document_has_a_text(tmp_path):
    gold = news.build_gold(news.INSTRUMENT, tmp_path / "gold.json")
    names = set(gold["documents"])
    assert names == {p.stem for p in news.DOCS.glob("*.txt")}
    for doc in gold["documents"].values():
        assert doc["entities"] and doc["facts"]


@needs_instrument
def test_scorer_runs_on_the_gold_with_the_singleton_baseline(tmp_path):
    gold = news.build_gold(news.INSTRUMENT, tmp_path / "gold.json")
    single = tmp_path / "single.json"
    single.write_text(json.dumps(news.singleton_entities(gold)), encoding="utf-8")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    out = news.score(news.INSTRUMENT, tmp_path / "gold.json", empty, single, missed=False)
    assert out.strip().splitlines()[-1].startswith("news recall=0.000 ")
    assert f"docs={len(gold['documents'])}" in out
    # every mention its own entity: MUC finds no link, B-cubed precision is perfect
    scores = news.coref_scores(gold, news.singleton_entities(gold))
    assert scores["muc_f1"] == 0.0
    assert 0 < scores["b3_f1"] < 1
    assert Path(news.ANN).is_dir()
