"""Tests for the claims (attribution / negation / modality) scorer in benchmarks/claims.py.

Gold facts and predictions here are tiny hand-made records; no extractor, no
subprocess and no spaCy.  Expected counts are worked out in the comments.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import claims

ROOT = Path(__file__).resolve().parents[2]


def fact(s, r, o=None, *, neg=False, mod=None, by=None) -> dict:
    return {
        "subject": s,
        "relation": r,
        "object": o,
        "negated": neg,
        "modality": mod,
        "attributed_to": by,
    }


def pred(s, r, o=None, *, neg=False, mod=None, by=None, sent=0, text=None, **extra) -> dict:
    rec = {
        "doc": "claims",
        "sentence": sent,
        "sentence_text": text,
        "subject": s,
        "relation": r,
        "object": o,
        "subject_entity": None,
        "object_entity": None,
        "negated": neg,
        "modality": mod,
        "attributed_to": by,
        "confidence": 0.9,
    }
    rec.update(extra)
    return rec


def gold_line(sid, text, *facts) -> dict:
    return {"id": sid, "text": text, "facts": list(facts)}


# --- tokens and matching ----------------------------------------------------------


def test_content_tokens_drop_determiners_and_possessive_s():
    assert claims.content_tokens("The bank's Profits") == ["bank", "profits"]
    assert claims.content_tokens("the") == []


def test_relation_tokens_drop_auxiliaries_unless_nothing_is_left():
    assert claims.relation_tokens("did not fine") == ["fine"]
    assert claims.relation_tokens("couldn't raise") == ["raise"]
    assert claims.relation_tokens("cannot guarantee") == ["guarantee"]
    assert claims.relation_tokens("was") == ["was"]  # copula alone is kept


def test_match_requires_subject_relation_and_object():
    g = fact("the regulator", "fined", "the bank")
    assert claims.match_score(g, pred("The regulator", "did not fine", "a bank")) is not None
    assert claims.match_score(g, pred("the court", "fined", "the bank")) is None  # subject
    assert claims.match_score(g, pred("the regulator", "sued", "the bank")) is None  # relation
    assert claims.match_score(g, pred("the regulator", "fined", "the insurer")) is None  # object
    assert claims.match_score(g, pred("the regulator", "fined", None)) is None  # object missing


def test_relation_prefix_needs_four_letters():
    g = fact("the team", "won", "the cup")
    assert claims.match_score(g, pred("the team", "win", "the cup")) is None  # won/win: 3 letters
    assert claims.match_score(g, pred("the team", "won", "the cup")) is not None  # short but equal
    g = fact("the bank", "raised", "rates")
    assert (
        claims.match_score(g, pred("the bank", "rained on", "rates")) is None
    )  # only "rai" shared
    g = fact("the board", "approves", "the deal")
    assert claims.match_score(g, pred("the board", "approved", "the deal")) is not None


def test_determiner_overlap_alone_does_not_match():
    g = fact("the regulator", "fined", "the bank")
    assert claims.match_score(g, pred("the court", "fined", "the bank")) is None


def test_objectless_gold_ignores_predicted_object():
    g = fact("the suspect", "surrendered")
    assert (
        claims.match_score(g, pred("the suspect", "surrendered at", "a petrol station")) is not None
    )
    assert claims.match_score(g, pred("the suspect", "fled", "a petrol station")) is None


def test_entity_label_and_arguments_can_supply_subject_and_object():
    g = fact("the regulator", "fined", "the bank")
    p = pred("It", "fined", "it", subject_entity="Regulator", object_entity="Bank")
    assert claims.match_score(g, p) is not None
    g = fact("the minister", "resigned", "the scandal")
    p = pred("the minister", "resigned", None, arguments=[{"role": "prep", "text": "the scandal"}])
    assert claims.match_score(g, p) is not None


def test_tighter_prediction_scores_higher():
    g = fact("the bank", "raised", "interest rates")
    tight = claims.match_score(g, pred("the bank", "raised", "interest rates"))
    loose = claims.match_score(g, pred("the bank", "raised", "interest rates in March and June"))
    assert tight == pytest.approx(3.0)
    assert loose < tight


def test_assign_is_one_to_one_and_prefers_best_score():
    facts = [fact("the bank", "raised", "rates"), fact("the bank", "raised", "fees")]
    preds = [pred("the bank", "raised", "rates and fees"), pred("the bank", "raised", "fees")]
    # gold 1 <-> pred 1 is exact (3.0); gold 0 then takes pred 0 (only one left)
    assert claims.assign(facts, preds) == {1: 1, 0: 0}
    # a single prediction serves only one gold fact (equal scores: first gold fact)
    assert claims.assign(facts, preds[:1]) == {0: 0}


# --- per-dimension arithmetic -------------------------------------------------------

T1 = "The regulator did not fine the bank, the minister said."
T2 = "The city may introduce a charge."
T3 = "Engineers found a crack."


def _gold():
    return [
        gold_line(
            "c1",
            T1,
            fact("regulator", "fine", "bank", neg=True, by="the minister"),
        ),
        gold_line("c2", T2, fact("city", "introduce", "charge", mod="may")),
        gold_line("c3", T3, fact("Engineers", "found", "crack")),
    ]


def test_perfect_predictions():
    preds = [
        pred("The regulator", "did not fine", "the bank", neg=True, by="minister", sent=0),
        pred("The city", "may introduce", "a charge", mod="may", sent=1),
        pred("Engineers", "found", "a crack", sent=2),
    ]
    r = claims.score(_gold(), preds)
    assert (r.matched, r.gold_facts, r.preds) == (3, 3, 3)
    for dim in claims.DIMENSIONS:
        c = r.counts[dim]
        assert (c.tp, c.fp, c.fn) == (1, 0, 0), dim
        assert c.p == 1.0 and c.r == 1.0 and c.f1 == 1.0
    assert r.counts["modality"].exact == 1


def test_false_positive_and_false_negative_per_dimension():
    preds = [
        # negation missed, speaker right
        pred("The regulator", "fine", "the bank", by="the minister", sent=0),
        # modality flagged with a wrong value (still a tp), wrongly negated
        pred("The city", "introduce", "a charge", mod="could", neg=True, sent=1),
        # plain sentence: spurious attribution and modality
        pred("Engineers", "found", "a crack", by="engineers", mod="might", sent=2),
    ]
    r = claims.score(_gold(), preds)
    neg, mod, att = (r.counts[d] for d in ("negation", "modality", "attribution"))
    assert (neg.tp, neg.fp, neg.fn) == (0, 1, 1)
    assert (mod.tp, mod.fp, mod.fn) == (1, 1, 0)
    assert mod.exact == 0
    assert (att.tp, att.fp, att.fn) == (1, 1, 0)
    assert att.p == pytest.approx(0.5) and att.r == pytest.approx(1.0)
    assert att.f1 == pytest.approx(2 / 3)
    assert mod.p == pytest.approx(0.5)
    assert neg.p == 0.0 and neg.r == 0.0 and neg.f1 == 0.0


def test_wrong_speaker_is_both_fp_and_fn():
    preds = [pred("the regulator", "did not fine", "the bank", neg=True, by="the bank", sent=0)]
    r = claims.score(_gold()[:1], preds)
    att = r.counts["attribution"]
    assert (att.tp, att.fp, att.fn) == (0, 1, 1)
    assert [e.kind for e in r.errors["attribution"]] == ["wrong-speaker"]


def test_unmatched_flagged_prediction_is_false_positive_and_unflagged_is_not():
    preds = [
        pred("The regulator", "did not fine", "the bank", neg=True, by="minister", sent=0),
        pred("the minister", "said", None, neg=True, sent=0),  # no gold fact: fp
        pred("its", "has", "bank", by="minister", sent=0),  # no gold fact: fp
        pred("the bank", "has", "customers", sent=0),  # unflagged: ignored
    ]
    r = claims.score(_gold()[:1], preds)
    neg, att, mod = (r.counts[d] for d in ("negation", "attribution", "modality"))
    assert (neg.tp, neg.fp, neg.fn, neg.fp_unmatched) == (1, 1, 0, 1)
    assert (att.tp, att.fp, att.fn, att.fp_unmatched) == (1, 1, 0, 1)
    assert (mod.tp, mod.fp, mod.fn) == (0, 0, 0)
    assert r.preds == 4 and r.matched == 1


def test_unmatched_gold_fact_counts_as_miss_in_every_flagged_dimension():
    r = claims.score(_gold(), [])
    assert r.matched == 0 and r.triple_recall == 0.0
    assert (r.counts["negation"].fn, r.counts["attribution"].fn, r.counts["modality"].fn) == (
        1,
        1,
        1,
    )
    assert len(r.errors["triples"]) == 3


def test_triple_recall_counts_matches_regardless_of_flags():
    preds = [
        pred("Engineers", "found", "a crack", sent=2),
        pred("The city", "introduce", "a charge", sent=1),
    ]
    r = claims.score(_gold(), preds)
    assert r.triple_recall == pytest.approx(2 / 3)
    assert r.counts["modality"].fn == 1 and r.counts["modality"].tp == 0


def test_predictions_grouped_by_text_before_index():
    gold = _gold()
    # wrong index but right text: goes to c2; no text and bad index: dropped
    preds = [
        pred(
            "The city",
            "may introduce",
            "a charge",
            mod="may",
            sent=7,
            text="the city  may introduce a charge.",
        ),
        pred("The city", "may introduce", "a charge", mod="may", sent=99),
        pred("Engineers", "found", "a crack", sent=2),
    ]
    groups = claims.group_predictions(gold, preds)
    assert [len(g) for g in groups] == [0, 1, 1]
    assert groups[1][0]["sentence"] == 7


def test_predictions_only_score_against_their_own_sentence():
    # the c1 fact would match this triple, but it belongs to sentence 2
    preds = [pred("The regulator", "did not fine", "the bank", neg=True, sent=2)]
    r = claims.score(_gold(), preds)
    assert r.matched == 0
    assert r.counts["negation"].fp == 1 and r.counts["negation"].fn == 1


def test_summary_line_format():
    preds = [pred("The regulator", "did not fine", "the bank", neg=True, by="minister", sent=0)]
    lines = claims.summary_lines(claims.score(_gold(), preds))
    assert lines[0] == "claims triples r=0.333 (matched=1 gold=3 pred=1)"
    assert lines[1] == "claims attribution p=1.000 r=1.000 f1=1.000 (tp=1 fp=0 fn=0)"
    assert lines[2] == "claims negation p=1.000 r=1.000 f1=1.000 (tp=1 fp=0 fn=0)"
    assert lines[3] == "claims modality p=0.000 r=0.000 f1=0.000 (tp=0 fp=0 fn=1) exact=0.000 (0/0)"


def test_pred_file_cli(tmp_path, capsys):
    gold_path = tmp_path / "gold.jsonl"
    pred_path = tmp_path / "pred.jsonl"
    gold_path.write_text("".join(json.dumps(g) + "\n" for g in _gold()), encoding="utf-8")
    pred_path.write_text(
        json.dumps(pred("Engineers", "found", "a crack", sent=2)) + "\n", encoding="utf-8"
    )
    assert claims.main(["--gold", str(gold_path), "--pred", str(pred_path), "--errors"]) == 0
    out = capsys.readouterr().out
    assert "claims triples r=0.333 (matched=1 gold=3 pred=1)" in out
    assert "c1 fn: " + T1 in out


# --- the gold file itself ---------------------------------------------------------


def test_gold_file_is_well_formed():
    gold = claims.load_jsonl(claims.DEFAULT_GOLD)
    assert len(gold) >= 70
    assert claims.gold_problems(gold) == []
    allowed = {
        "can",
        "could",
        "may",
        "might",
        "should",
        "would",
        "must",
        "conditional",
        "aim",
        "attempt",
        "try",
        "seek",
        "plan",
        "want",
        "hope",
        "believe",
    }
    for g in gold:
        assert g["facts"], g["id"]
        for f in g["facts"]:
            assert f["modality"] is None or f["modality"] in allowed, (g["id"], f["modality"])


def test_gold_problems_detects_bad_records():
    bad = [
        gold_line("x1", "The bank fined the regulator.", fact("bank", "sued", "regulator")),
        gold_line("x1", "Two\nlines.", fact("Two", "lines")),
        {"id": "x3", "text": "A b.", "facts": [{"subject": "A", "relation": "b", "negated": "no"}]},
    ]
    problems = claims.gold_problems(bad)
    assert any("'sued' not in text" in p for p in problems)
    assert any("duplicate id" in p for p in problems)
    assert any("one non-empty line" in p for p in problems)
    assert any("negated must be a bool" in p for p in problems)
