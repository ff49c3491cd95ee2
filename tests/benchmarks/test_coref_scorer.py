"""Tests for the coreference scorer in benchmarks/coref.py and its gold file.

Nothing here runs or asserts on extraction output: predictions are built by hand
or derived from the gold annotation itself.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from fractions import Fraction
from pathlib import Path

import pytest

from benchmarks import coref

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CORPUS = SHARED / "corpus" / "bbc-news-test.csv"
GOLD = ROOT / "benchmarks" / "coref" / "gold.json"


def approx(x) -> pytest.approx:
    return pytest.approx(float(x), abs=1e-12)


# ------------------------------------------------------------------------- MUC


def test_muc_vilain_example():
    # Vilain et al. (1995): key A-B-C-D, response A-B, C-D.
    # recall = (4 - 2) / (4 - 1) = 2/3; precision = (1 + 1) / (1 + 1) = 1
    s = coref.muc([{"A", "B", "C", "D"}], [{"A", "B"}, {"C", "D"}])
    assert s.p == approx(1)
    assert s.r == approx(Fraction(2, 3))
    assert s.f1 == approx(Fraction(4, 5))
    # and the mirror image: precision 2/3, recall 1
    s = coref.muc([{"A", "B"}, {"C", "D"}], [{"A", "B", "C", "D"}])
    assert (s.p, s.r) == (approx(Fraction(2, 3)), approx(1))


def test_muc_counts_raw():
    assert coref.muc_counts([{"A", "B", "C", "D"}], [{"A", "B"}, {"C", "D"}]) == (2, 2, 2, 3)


def test_muc_missing_mentions_are_own_partitions():
    # key {a,b,c},{d,e,f,g}; response {a,b},{c,d},{f,g,h,i}
    # recall:    (3-2) + (4-3)  over (2 + 3)        = 2/5   (e is its own partition)
    # precision: (2-1)+(2-2)+(4-3) over (1 + 1 + 3) = 2/5   (h, i each their own)
    s = coref.muc([set("abc"), set("defg")], [set("ab"), set("cd"), set("fghi")])
    assert (s.p, s.r) == (approx(Fraction(2, 5)), approx(Fraction(2, 5)))


def test_muc_ignores_singletons_and_empty_denominator_is_zero():
    s = coref.muc([{"a"}, {"b"}], [{"a"}, {"b"}])
    assert (s.p, s.r, s.f1) == (0.0, 0.0, 0.0)
    # adding a singleton key cluster does not change MUC recall
    with_singleton = coref.muc([{"a", "b"}, {"z"}], [{"a", "b"}, {"z"}])
    assert (with_singleton.p, with_singleton.r) == (approx(1), approx(1))


# -------------------------------------------------------------------------- B3


KEY_BB = [set(range(1, 6)), {6, 7}, set(range(8, 13))]


def test_b3_bagga_baldwin_examples():
    # Bagga & Baldwin (1998), Fig. 2/3: merging {6,7} with {8..12}.
    # precision = (5*1 + 2*(2/7) + 5*(5/7)) / 12 = 16/21, recall = 1
    s = coref.b3(KEY_BB, [set(range(1, 6)), set(range(6, 13))])
    assert s.p == approx(Fraction(16, 21))
    assert s.r == approx(1)
    # merging {1..5} with {8..12} is worse: (10 * 5/10 + 2 * 1) / 12 = 7/12
    s2 = coref.b3(KEY_BB, [set(range(1, 6)) | set(range(8, 13)), {6, 7}])
    assert s2.p == approx(Fraction(7, 12))
    # ... while MUC cannot tell the two responses apart (P = 9/10 for both)
    m1 = coref.muc(KEY_BB, [set(range(1, 6)), set(range(6, 13))])
    m2 = coref.muc(KEY_BB, [set(range(1, 6)) | set(range(8, 13)), {6, 7}])
    assert m1.p == m2.p == approx(Fraction(9, 10))


def test_b3_missing_mentions_are_singletons():
    # same clusters as the MUC example above
    # recall over a..g:   2/3 + 2/3 + 1/3 + 1/4 + 1/4 (e) + 2/4 + 2/4 = 19/6 -> 19/42
    # precision over a,b,c,d,f,g,h,i: 1 + 1 + 1/2 + 1/2 + 2/4 + 2/4 + 1/4 + 1/4 = 9/2 -> 9/16
    s = coref.b3([set("abc"), set("defg")], [set("ab"), set("cd"), set("fghi")])
    assert s.r == approx(Fraction(19, 42))
    assert s.p == approx(Fraction(9, 16))


def test_mention_in_two_clusters_is_rejected():
    with pytest.raises(ValueError):
        coref.muc([{"a", "b"}, {"b", "c"}], [{"a"}])


# -------------------------------------------------------------------- alignment

M = coref.Mention


def test_span_matches_rule():
    firm = M(10, 18, "the firm")  # head "firm" = 14..18
    assert coref.span_matches((10, 18), firm)  # exact
    assert coref.span_matches((14, 18), firm)  # head only
    assert coref.span_matches((4, 25), firm)  # covers the whole mention and more
    assert not coref.span_matches((10, 13), firm)  # "the": overlaps, no head
    assert not coref.span_matches((14, 17), firm)  # cuts the head
    assert not coref.span_matches((18, 25), firm)  # touches, no overlap
    apple = M(43, 48, "Apple")
    assert coref.span_matches((43, 50), apple)  # "Apple's"
    name = M(414, 429, "Thomas Slattery")
    assert coref.span_matches((421, 429), name)  # surname only
    assert not coref.span_matches((414, 420), name)  # first name only


def test_head_span_is_last_token():
    assert coref.head_span(M(100, 115, "Thomas Slattery")) == (107, 115)
    assert coref.head_span(M(0, 2, "it")) == (0, 2)
    assert coref.head_span(M(5, 33, "The chemicals-and-crops firm")) == (29, 33)


def test_align_is_one_to_one_and_prefers_exact():
    gold = [M(0, 16, "the United board"), M(4, 10, "United")]
    # both predicted spans satisfy the rule for both gold mentions' heads where
    # applicable; exact matches must win
    assert coref.align(gold, [(4, 10), (0, 16)]) == {0: 1, 1: 0}
    # an exact match wins even over a gold mention whose head ends the span
    # ("U.S." has head "U.S", one character short of the span end)
    assert coref.align([M(0, 4, "U.S."), M(2, 4, "S2")], [(0, 4)]) == {0: 0}
    # two identical predicted spans, one gold mention: only one is aligned
    assert coref.align([M(0, 5, "Apple")], [(0, 5), (0, 5)]) == {0: 0}
    # one predicted span, two gold mentions: it is used once
    assert len(coref.align([M(0, 5, "Apple"), M(0, 5, "Apple")], [(0, 5)])) == 1


def test_align_prefers_gold_whose_head_ends_the_prediction():
    # "Deutsche Boerse chief executive Werner Seifert": both gold heads are inside
    text = "Deutsche Boerse chief executive Werner Seifert"
    db = M(0, 15, "Deutsche Boerse")
    ws = M(32, 46, "Werner Seifert")
    assert text[ws.start : ws.end] == ws.text
    assert coref.align([db, ws], [(0, len(text))]) == {0: 1}


# ---------------------------------------------------------------- article scoring


def _article(row: int, clusters: dict[str, list[tuple[int, int]]]) -> dict:
    return {
        "row": row,
        "sha256": "0" * 64,
        "clusters": [
            {
                "label": lab,
                "mentions": [{"start": s, "end": e, "text": "x" * (e - s)} for s, e in sp],
            }
            for lab, sp in clusters.items()
        ],
    }


def _pos(letter: str) -> tuple[int, int]:
    i = ord(letter) - ord("a")
    return (10 * i, 10 * i + 3)


def _entities(doc: str, clusters: list[str]) -> list[dict]:
    return [
        {"id": str(k), "spans": [{"doc": doc, "start": _pos(c)[0], "end": _pos(c)[1]} for c in cl]}
        for k, cl in enumerate(clusters)
    ]


def test_score_article_intersection_variant():
    # gold {a,b,c},{d,e,f,g}; response {a,b},{c,d},{f,g,h,i} where h, i are not gold
    # mentions.  h and i are dropped from the response; e is never predicted and is a
    # response singleton for recall only.
    art = _article(7, {"X": [_pos(c) for c in "abc"], "Y": [_pos(c) for c in "defg"]})
    total, (res,) = coref.score({"articles": [art]}, _entities("7", ["ab", "cd", "fghi"]))
    # MUC: recall 2/5 as before; precision (1 + 0 + 1) / (1 + 1 + 1) = 2/3
    assert total.muc.r == approx(Fraction(2, 5))
    assert total.muc.p == approx(Fraction(2, 3))
    # B3: recall 19/42 as before; precision over a,b,c,d,f,g = (1+1+1/2+1/2+1+1)/6 = 5/6
    assert total.b3.r == approx(Fraction(19, 42))
    assert total.b3.p == approx(Fraction(5, 6))
    assert total.avg_f1 == approx((total.muc.f1 + total.b3.f1) / 2)
    assert (res.gold_mentions, res.gold_clusters, res.aligned, res.pred_mentions) == (7, 2, 6, 8)
    assert [(m.start, m.end) for m in res.unaligned_gold] == [_pos("e")]


def test_singleton_gold_clusters_ignored_by_default():
    # Z is a singleton gold cluster; the system merges it with X
    art = _article(3, {"X": [_pos("a"), _pos("b")], "Z": [_pos("z")]})
    pred = _entities("3", ["abz"])
    total, (res,) = coref.score({"articles": [art]}, pred)
    assert res.gold_clusters == 1 and res.gold_mentions == 2
    assert (total.muc.p, total.b3.p) == (approx(1), approx(1))
    total_s, (res_s,) = coref.score({"articles": [art]}, pred, keep_singletons=True)
    assert res_s.gold_clusters == 2 and res_s.gold_mentions == 3
    assert total_s.muc.p == approx(Fraction(1, 2))  # (3 - 2) / (3 - 1)
    assert total_s.b3.p == approx(Fraction(5, 9))  # (2/3 + 2/3 + 1/3) / 3


def test_prediction_split_by_document():
    a1 = _article(1, {"X": [_pos("a"), _pos("b")]})
    a2 = _article(2, {"Y": [_pos("a"), _pos("b")]})
    # one entity spanning both documents (doc given as stem and as file name),
    # plus a span in a document that is not annotated
    pred = [
        {
            "id": "e",
            "spans": [
                {"doc": "1", "start": 0, "end": 3},
                {"doc": "1.txt", "start": 10, "end": 13},
                {"doc": "/tmp/x/2.txt", "start": 0, "end": 3},
                {"doc": "2", "start": 10, "end": 13},
                {"doc": "99", "start": 0, "end": 3},
            ],
        }
    ]
    total, results = coref.score({"articles": [a1, a2]}, pred)
    assert [r.pred_entities for r in results] == [1, 1]
    assert (total.muc.p, total.muc.r, total.b3.p, total.b3.r) == (approx(1),) * 4
    with pytest.raises(ValueError):
        coref.score(
            {"articles": [a1]}, [{"id": "bad", "spans": [{"doc": "1", "start": 5, "end": 5}]}]
        )


# ----------------------------------------------------------------- gold file


def _gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


def _gold_as_prediction(gold: dict) -> list[dict]:
    return [
        {"id": f"{a['row']}/{k}", "spans": [{"doc": str(a["row"]), **m} for m in c["mentions"]]}
        for a in gold["articles"]
        for k, c in enumerate(a["clusters"])
    ]


def test_gold_scored_against_itself_is_perfect_and_merging_is_not():
    gold = _gold()
    total, results = coref.score(gold, _gold_as_prediction(gold))
    assert len(results) == 5
    assert all(r.aligned == r.gold_mentions for r in results)
    for prf in (total.muc, total.b3):
        assert (prf.p, prf.r, prf.f1) == (approx(1), approx(1), approx(1))
    merged = [
        {
            "id": str(a["row"]),
            "spans": [s for e in _gold_as_prediction({"articles": [a]}) for s in e["spans"]],
        }
        for a in gold["articles"]
    ]
    tm, _ = coref.score(gold, merged)
    assert tm.muc.r == approx(1) and tm.b3.r == approx(1)
    assert tm.muc.p < 1 and tm.b3.p < 0.5


def test_gold_structure():
    gold = _gold()
    rows = [a["row"] for a in gold["articles"]]
    assert len(rows) == len(set(rows)) == 5
    for art in gold["articles"]:
        assert re.fullmatch(r"[0-9a-f]{64}", art["sha256"])
        seen = set()
        for cl in art["clusters"]:
            assert cl["label"] and cl["mentions"]
            for m in cl["mentions"]:
                assert 0 <= m["start"] < m["end"] and m["end"] - m["start"] == len(m["text"])
                assert (m["start"], m["end"]) not in seen, (art["row"], m)
                seen.add((m["start"], m["end"]))
        assert sum(len(c["mentions"]) >= 2 for c in art["clusters"]) >= 3


@pytest.mark.skipif(not CORPUS.exists(), reason=f"corpus not available at {CORPUS}")
def test_gold_offsets_agree_with_corpus():
    # decode independently of the module under test
    with open(CORPUS, encoding="utf-8", errors="replace", newline="") as fh:
        texts = [r["text"] for r in csv.DictReader(fh)]
    for art in _gold()["articles"]:
        text = texts[art["row"]]
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == art["sha256"], art["row"]
        assert 300 <= len(text.split()) <= 600, art["row"]
        for cl in art["clusters"]:
            for m in cl["mentions"]:
                assert text[m["start"] : m["end"]] == m["text"], (art["row"], cl["label"], m)
                # mentions start and end on word boundaries
                s, e = m["start"], m["end"]
                assert not (s > 0 and text[s - 1].isalnum()), (art["row"], m)
                assert not (e < len(text) and text[e].isalnum()), (art["row"], m)
    assert coref.gold_problems(_gold(), texts) == []
    # and the module's check does catch a wrong offset
    broken = _gold()
    broken["articles"][0]["clusters"][0]["mentions"][0]["start"] += 1
    assert coref.gold_problems(broken, texts)


# ----------------------------------------------------------------------- CLI


def test_cli_summary_line(tmp_path, capsys):
    gold = _gold()
    pred = tmp_path / "pred.json"
    pred.write_text(json.dumps(_gold_as_prediction(gold)), encoding="utf-8")
    n_m = sum(
        len(c["mentions"])
        for a in gold["articles"]
        for c in a["clusters"]
        if len(c["mentions"]) > 1
    )
    n_c = sum(len(c["mentions"]) > 1 for a in gold["articles"] for c in a["clusters"])
    assert coref.main(["--pred", str(pred), "--per-article"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 6
    assert all(line.startswith("row=") for line in lines[:5])
    assert lines[-1] == (
        "coref muc p=1.000 r=1.000 f1=1.000 b3 p=1.000 r=1.000 f1=1.000 avg f1=1.000 "
        f"(articles=5, gold mentions={n_m}, clusters={n_c})"
    )


def test_cli_reports_extraction_failure(monkeypatch, capsys):
    if not CORPUS.exists():
        pytest.skip("corpus needed to run extraction")

    def boom(texts, timeout=None):
        assert sorted(texts) == sorted(str(a["row"]) for a in _gold()["articles"])
        raise RuntimeError("no such command")

    monkeypatch.setattr(coref, "run_extraction", boom)
    assert coref.main([]) == 2
    assert "extraction failed: no such command" in capsys.readouterr().err
