"""Tests for the CaRB Open IE scorer in benchmarks/carb.py.

All tuples here are made up by hand; nothing is taken from the benchmark data and
no extractor is run.  Expected values are worked out in the comments.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks import carb

ROOT = Path(__file__).resolve().parents[2]


Ex = carb.Extraction

S1 = "Steve Jobs founded Apple in 1976 ."
S2 = "Apple later acquired NeXT ."


def ex(rel: str, *args: str, conf: float = 1.0) -> carb.Extraction:
    return Ex(rel, tuple(args), conf)


def close(x: float) -> pytest.approx:
    return pytest.approx(x, abs=1e-12)


# --- tuple matching ------------------------------------------------------------


def test_identical_tuple_matches_fully():
    g = ex("founded", "Steve Jobs", "Apple", "in 1976")
    assert carb.tuple_match(g, g) == (1.0, 1.0)


def test_wrong_relation_tokens_score_zero_even_with_perfect_arguments():
    g = ex("founded", "Steve Jobs", "Apple")
    p = ex("sold", "Steve Jobs", "Apple")
    assert carb.tuple_match(g, p) == (0.0, 0.0)


def test_partial_overlap_fractions():
    # gold tokens: rel {was born in}=3, arg1 {barack obama}=2, object {hawaii in 1961}=3 -> 8
    # pred tokens: rel {born in}=2,     arg1 {obama}=1,        object {honolulu hawaii}=2 -> 5
    # matched: born, in | obama | hawaii = 4  ->  precision 4/5, recall 4/8
    g = ex("was born in", "Barack Obama", "Hawaii", "in 1961")
    p = ex("born in", "Obama", "Honolulu Hawaii")
    prec, rec = carb.tuple_match(g, p)
    assert prec == close(4 / 5)
    assert rec == close(4 / 8)


def test_each_predicted_token_is_used_once():
    # gold object "the cat and the dog" (5 tokens) vs predicted "the cat" (2):
    # "the" matches once, "cat" once -> object 2 matched; rel 1/1; arg1 1/1
    g = ex("saw", "Ann", "the cat and the dog")
    p = ex("saw", "Ann", "the cat")
    prec, rec = carb.tuple_match(g, p)
    assert prec == close((1 + 1 + 2) / (1 + 1 + 2))
    assert rec == close((1 + 1 + 2) / (1 + 1 + 5))
    # same in the relation: gold "had had" vs predicted "had" -> 1 matched token
    prec, rec = carb.tuple_match(ex("had had", "she", "enough"), ex("had", "she", "enough"))
    assert prec == close(3 / 3)
    assert rec == close(3 / 4)


def test_arguments_beyond_arg2_are_concatenated_into_the_object():
    g = ex("moved", "Ann", "to Paris in 2001")
    p = ex("moved", "Ann", "to Paris", "in 2001")
    assert carb.tuple_match(g, p) == (1.0, 1.0)
    # the split point does not matter either way round
    assert carb.tuple_match(p, g) == (1.0, 1.0)


def test_missing_object_is_no_match_but_missing_arg3_is_not_needed():
    g = ex("founded", "Jobs", "Apple")
    assert carb.tuple_match(g, ex("founded", "Jobs")) == (0.0, 0.0)
    # a gold tuple with only arg1 scores a prediction on rel + arg1 only (CaRB quirk:
    # the predicted object is not counted in precision either)
    g1 = ex("resigned", "the chairman")
    assert carb.tuple_match(g1, ex("resigned", "the chairman", "yesterday")) == (1.0, 1.0)


def test_lowercasing_is_default_and_can_be_switched_off():
    g = ex("founded", "Steve Jobs", "Apple")
    p = ex("Founded", "steve jobs", "APPLE")
    assert carb.tuple_match(g, p) == (1.0, 1.0)
    assert carb.tuple_match(g, p, ignore_case=False) == (0.0, 0.0)


def test_predicted_be_matches_a_form_of_be_in_gold():
    g = ex("is", "Paris", "a city")
    assert carb.tuple_match(g, ex("be", "Paris", "a city")) == (1.0, 1.0)
    # but "be" does not match a non-"be" relation
    assert carb.tuple_match(ex("has", "Paris", "a mayor"), ex("be", "Paris", "a mayor")) == (
        0.0,
        0.0,
    )


def test_said_type_relations_also_try_swapped_arguments():
    swapped = ex("said", "taxes will rise", "the minister")
    assert carb.tuple_match(ex("said", "the minister", "taxes will rise"), swapped) == (1.0, 1.0)
    # any other relation is scored as given: only the relation token matches,
    # precision = recall = 1 / (1 + 3 + 2)
    prec, rec = carb.tuple_match(
        ex("claimed", "the minister", "taxes will rise"),
        ex("claimed", "taxes will rise", "the minister"),
    )
    assert prec == close(1 / 6)
    assert rec == close(1 / 6)


# --- aggregation -----------------------------------------------------------------


def test_perfect_prediction():
    gold = {S1: [ex("founded", "Steve Jobs", "Apple")], S2: [ex("acquired", "Apple", "NeXT")]}
    pred = {
        S1: [ex("founded", "Steve Jobs", "Apple", conf=0.7)],
        S2: [ex("acquired", "Apple", "NeXT", conf=0.4)],
    }
    sc = carb.score(gold, pred)
    assert sc.precision == close(1.0)
    assert sc.recall == close(1.0)
    assert sc.f1 == close(1.0)
    assert sc.threshold == 0.4
    # PR points (r=1, p=1), (r=0.5, p=1) and the added (0, 1): area 1
    assert sc.auc == close(1.0)


def test_wrong_relation_scores_zero():
    gold = {S1: [ex("founded", "Steve Jobs", "Apple")]}
    pred = {S1: [ex("left", "Steve Jobs", "Apple")]}
    sc = carb.score(gold, pred)
    assert (sc.precision, sc.recall, sc.f1, sc.auc) == (0.0, 0.0, 0.0, 0.0)


def test_partial_overlap_score():
    gold = {S1: [ex("was born in", "Barack Obama", "Hawaii", "in 1961")]}
    pred = {S1: [ex("born in", "Obama", "Honolulu Hawaii")]}
    sc = carb.score(gold, pred)
    assert sc.precision == close(0.8)
    assert sc.recall == close(0.5)
    assert sc.f1 == close(2 * 0.8 * 0.5 / 1.3)


def test_duplicate_predictions_are_matched_one_to_one_for_precision():
    gold = {S1: [ex("founded", "Jobs", "Apple")]}
    pred = {S1: [ex("founded", "Jobs", "Apple"), ex("founded", "Jobs", "Apple")]}
    sc = carb.score(gold, pred)
    # only one of the two predictions can be paired with the single gold tuple
    assert sc.precision == close(0.5)
    assert sc.recall == close(1.0)
    assert sc.f1 == close(2 / 3)


def test_recall_takes_the_best_prediction_per_gold_tuple_even_if_shared():
    # one prediction serves both gold tuples for recall:
    # gold 1 -> 3/3, gold 2 ("steve jobs" vs "jobs") -> 3/4;  recall (1 + 0.75) / 2
    # precision: one prediction, best pair has precision 1
    gold = {S1: [ex("founded", "Jobs", "Apple"), ex("founded", "Steve Jobs", "Apple")]}
    pred = {S1: [ex("founded", "Jobs", "Apple")]}
    sc = carb.score(gold, pred)
    assert sc.recall == close(0.875)
    assert sc.precision == close(1.0)


def test_greedy_precision_takes_the_highest_pair_first_not_the_best_assignment():
    # rows: gold, columns: predictions, cells: (precision, recall)
    scores = [[(0.9, 0.0), (0.8, 0.0)], [(0.85, 0.0), (0.0, 0.0)]]
    # greedy: (0,0)=0.9 then (1,1)=0.0 -> 0.9  (the optimal assignment would give 1.65)
    assert carb.greedy_precision(scores, [0, 1]) == close(0.9)
    # restricted to prediction 1 only: one pair, the best is (0,1)=0.8
    assert carb.greedy_precision(scores, [1]) == close(0.8)


def test_sentences_missing_from_predictions_count_as_zero_recall():
    gold = {S1: [ex("founded", "Jobs", "Apple")], S2: [ex("acquired", "Apple", "NeXT")]}
    pred = {S1: [ex("founded", "Jobs", "Apple")]}
    sc = carb.score(gold, pred)
    assert sc.precision == close(1.0)
    assert sc.recall == close(0.5)
    # predictions for a sentence that has no gold are not scored
    pred_extra = {**pred, "An unrelated sentence .": [ex("is", "it", "unrelated", conf=0.2)]}
    sc2 = carb.score(gold, pred_extra)
    assert (sc2.precision, sc2.recall) == (close(1.0), close(0.5))


def test_sentences_are_matched_after_carb_normalisation():
    gold = {"He ( the CEO ) left .": [ex("left", "He", "x")]}
    pred = {"He -LRB- the CEO -RRB- left.": [ex("left", "He", "x")]}
    assert carb.normalize_key("He ( the CEO ) left .") == "HetheCEOleft"
    sc = carb.score(gold, pred)
    assert sc.recall == close(1.0)


# the curve example used by the next two tests:
# gold g1 founded(Jobs, Apple), g2 acquired(Apple, NeXT) in one sentence;
# predictions a = g1 (0.9), b = unrelated (0.6), c = g2 (0.3), d = unrelated (0.1)
#   t=0.9 {a}:       P 1/1,  R 1/2  F1 2/3
#   t=0.6 {a,b}:     P 1/2,  R 1/2  F1 1/2
#   t=0.3 {a,b,c}:   P 2/3,  R 1    F1 4/5   <- best
#   t=0.1 {a,b,c,d}: P 2/4,  R 1    F1 2/3
CURVE_GOLD = {S1: [ex("founded", "Jobs", "Apple"), ex("acquired", "Apple", "NeXT")]}
CURVE_PRED = {
    S1: [
        ex("founded", "Jobs", "Apple", conf=0.9),
        ex("ate", "cats", "fish", conf=0.6),
        ex("acquired", "Apple", "NeXT", conf=0.3),
        ex("visited", "dogs", "parks", conf=0.1),
    ]
}


def test_pr_curve_points():
    curve = carb.pr_curve(CURVE_GOLD, CURVE_PRED)
    assert list(curve.thresholds) == [0.1, 0.3, 0.6, 0.9]
    assert list(curve.precision) == [close(0.5), close(2 / 3), close(0.5), close(1.0)]
    assert list(curve.recall) == [close(1.0), close(1.0), close(0.5), close(0.5)]
    assert curve.n_gold == 2


def test_best_f1_threshold_and_auc():
    sc = carb.score(CURVE_GOLD, CURVE_PRED)
    assert sc.threshold == 0.3
    assert sc.precision == close(2 / 3)
    assert sc.recall == close(1.0)
    assert sc.f1 == close(0.8)
    # trapezoids over (r, p): (1, .5) (1, 2/3) (.5, .5) (.5, 1) (0, 1)
    #   = 0 + .5 * (2/3 + 1/2) / 2 + 0 + .5 * (1 + 1) / 2 = 7/24 + 12/24
    assert sc.auc == close(19 / 24)


def test_auc_is_sklearn_style_trapezoid():
    assert carb.auc([1.0, 0.5, 0.0], [0.5, 1.0, 1.0]) == close(0.5 * 0.75 + 0.5 * 1.0)
    assert carb.auc([0.0, 0.5, 1.0], [1.0, 1.0, 0.5]) == close(0.875)
    with pytest.raises(ValueError):
        carb.auc([0.0, 1.0, 0.5], [1.0, 1.0, 1.0])


def test_no_predictions():
    sc = carb.score(CURVE_GOLD, {})
    assert sc == carb.Score(0.0, 0.0, 0.0, 0.0, None)


# --- files and command line -----------------------------------------------------


def test_loaders_and_cli(tmp_path, capsys):
    gold_path = tmp_path / "gold.tsv"
    gold_path.write_text(
        f"{S1}\tfounded\tSteve Jobs\tApple\tin 1976\n"
        f"{S2}\tacquired \t Apple\tNeXT\n"
        f"{S2}\tis\tNeXT\t\n",  # trailing empty argument disappears, as in CaRB
        encoding="utf-8",
    )
    pred_path = tmp_path / "pred.tsv"
    pred_path.write_text(
        f"{S1}\t0.800\tfounded\tSteve Jobs\tApple in 1976\n\n{S2}\t0.300\tbought\tApple\tNeXT\n",
        encoding="utf-8",
    )
    gold = carb.load_gold(gold_path)
    assert gold[S1] == [Ex("founded", ("Steve Jobs", "Apple", "in 1976"), 1.0, S1)]
    assert gold[S2][0].relation == "acquired"
    assert gold[S2][0].args == ("Apple", "NeXT")
    assert gold[S2][1].args == ("NeXT",)
    pred = carb.load_predictions(pred_path)
    assert [p.confidence for p in pred[S1] + pred[S2]] == [0.8, 0.3]

    # S1 matches fully; S2's "bought" matches neither gold tuple.
    # t=0.8: P 1/1, R 1/3;  t=0.3: P 1/2 (greedy pairs S2's prediction with a 0 cell), R 1/3
    assert carb.main(["--gold", str(gold_path), "--pred", str(pred_path)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    m = re.fullmatch(
        r"carb (\S+) auc=(\S+) p=(\S+) r=(\S+) f1=(\S+) \(n_pred=(\d+), n_gold=(\d+)\)", out[0]
    )
    assert m, out[0]
    assert m.group(3, 4, 5) == ("1.000", "0.333", "0.500")
    assert m.group(6, 7) == ("2", "3")
    # area: (r=1/3, p=1/2) (1/3, 1) (0, 1) -> 1/3
    assert m.group(2) == "0.333"


def test_bad_prediction_line_is_reported(tmp_path):
    path = tmp_path / "pred.tsv"
    path.write_text(f"{S1}\tnot-a-number\tfounded\tJobs\tApple\n", encoding="utf-8")
    with pytest.raises(ValueError, match="confidence"):
        carb.load_predictions(path)


def test_default_data_path_is_outside_the_repo():
    expected = ROOT.parent / "shared" / "benchmarks" / "carb-dev" / "gold.tsv"
    assert expected == carb.DEFAULT_GOLD
    assert carb.DEFAULT_SENTENCES.name == "sentences.txt"
    assert ROOT not in carb.DEFAULT_GOLD.parents
