"""CaRB Open IE benchmark scorer (Bhardwaj, Aggarwal and Mausam, EMNLP 2019).

A dependency-free re-implementation of the scorer in ``dair-iitd/CaRB``
(``carb.py`` + ``matcher.py``) with the settings its default command line uses
for the published numbers: ``Matcher.binary_linient_tuple_match`` as the
matching function and ``Benchmark.compare(..., binary=False)``.

Data
----
``/work/shared/benchmarks/carb-dev/`` (outside the repo, never copied into it):

* ``sentences.txt``  one PTB-tokenised sentence per line (641 lines);
* ``gold.tsv``       ``sentence<TAB>relation<TAB>arg1<TAB>arg2[<TAB>arg3...]``.

Predictions use CaRB's "tabbed" format, as printed by
``kg triples FILE --sentences --format carb``::

    sentence<TAB>confidence<TAB>relation<TAB>arg1<TAB>arg2[<TAB>arg3...]

Reading (``GoldReader`` / ``TabReader``)
---------------------------------------
Each line is ``line.strip().split("\\t")``, so a trailing empty argument
disappears.  Gold fields are stripped, prediction fields are not (whitespace
tokenisation makes that irrelevant).  Gold and predicted sentences are then
matched on ``Benchmark.normalizeKey``: spaces removed, PTB bracket escapes
(``-LRB-`` ...) undone, ASCII punctuation removed.  As in CaRB's
``normalizeDict``, if two raw sentences share a key the later one wins.

Tuple matching (``Matcher.binary_linient_tuple_match``)
-------------------------------------------------------
* Tokens are whitespace tokens, case-sensitive by default, as CaRB's code
  effectively is (it passes ``ignoreCase=True`` but ``linient_tuple_match``
  never reads it), so the numbers compare with published ones;
  ``--ignore-case`` lowercases.  No stopword removal (``ignoreStopwords`` is ignored too).
* A tuple with two or more arguments becomes ``[arg1, " ".join(arg2, arg3...)]``
  on both sides: arguments beyond arg2 are concatenated into the object.
* ``linient_tuple_match``: per part (relation, arg1, object) count gold tokens
  found in the predicted part, each predicted token used at most once.  A
  leftover predicted ``be`` matches one more token if the gold relation
  contains any form of *be*.  If no relation token matches the score is
  ``(0, 0)``; if the prediction lacks arg1 or (when the gold has one) the
  object, the score is ``(0, 0)``.  Otherwise
  ``precision = matched / predicted tokens`` and
  ``recall = matched / gold tokens`` over all parts.  Predicted parts beyond the
  gold's parts are not counted at all (a quirk kept on purpose).
* If the gold relation contains ``said``/``told``/``added``/``adds``/``says``
  (substring test), the prediction is also scored with arg1 and the object
  swapped, and the larger ``[precision, recall]`` list (lexicographic) is kept.

Aggregation (``Benchmark.compare``, "OPTIMISED GLOBAL MATCH")
-------------------------------------------------------------
The thresholds are all distinct prediction confidences (also those of
sentences absent from the gold).  For each gold sentence and threshold ``t``
only the predictions with confidence >= ``t`` take part:

* recall numerator: sum over gold tuples of the best recall of any prediction
  (several gold tuples may use the same prediction); denominator: the number of
  gold tuples -- a gold sentence without predictions adds zero recall;
* precision numerator: greedy one-to-one matching -- repeatedly take the
  unused (gold, prediction) pair with the highest precision (first in
  gold-then-prediction order on ties), ``min(#gold, #pred)`` times;
  denominator: the number of predictions.

Predictions for sentences that are not in the gold are not scored.  Precision
is 1 where nothing is predicted, recall 0 with no gold.  The reported point is
the threshold with the best F1 (``np.nanargmax``: first one on ties); the AUC
is ``sklearn.metrics.auc`` (trapezoid rule) over the PR points plus
``(recall=0, precision=1)``.  CaRB rounds to three decimals when printing; the
``Score`` returned here is unrounded.

Usage::

    uv run python benchmarks/carb.py --pred PRED.tsv [--errors N] [--out CURVE.tsv]
    uv run python benchmarks/carb.py --run [--save-pred PRED.tsv] [--errors N]

Both print one line
``carb dev auc=... p=... r=... f1=... (n_pred=..., n_gold=...)`` (``--run``
adds the extraction time inside the parentheses).
"""

from __future__ import annotations

import argparse
import re
import string
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "benchmarks" / "carb-dev"
DEFAULT_GOLD = DATA / "gold.tsv"
DEFAULT_SENTENCES = DATA / "sentences.txt"

# Matcher / Benchmark constants, as in CaRB.
FORMS_OF_BE = ("be", "is", "am", "are", "was", "were", "been", "being")
SAID_TYPE_RELATIONS = ("said", "told", "added", "adds", "says", "adds")
PTB_ESCAPES = (
    ("(", "-LRB-"),
    (")", "-RRB-"),
    ("[", "-LSB-"),
    ("]", "-RSB-"),
    ("{", "-LCB-"),
    ("}", "-RCB-"),
)
_PUNCT = re.compile(f"[{re.escape(string.punctuation)}]")


@dataclass(frozen=True)
class Extraction:
    """One Open IE tuple: relation, arguments (arg1, arg2, ...) and a confidence."""

    relation: str
    args: tuple[str, ...]
    confidence: float = 1.0
    sentence: str = ""


Extractions = Mapping[str, Sequence[Extraction]]


@dataclass(frozen=True)
class Score:
    """The best-F1 point of the PR curve, and the area under it."""

    auc: float
    precision: float
    recall: float
    f1: float
    threshold: float | None  # confidence of the best-F1 point (None: no predictions)


@dataclass(frozen=True)
class Curve:
    """Precision/recall at every distinct confidence threshold (ascending)."""

    thresholds: np.ndarray
    precision: np.ndarray
    recall: np.ndarray
    n_gold: int


# --- reading ---------------------------------------------------------------


def load_gold(path: str | Path = DEFAULT_GOLD) -> dict[str, list[Extraction]]:
    """Gold tuples keyed by (stripped, raw) sentence, as CaRB's ``GoldReader``."""
    gold: dict[str, list[Extraction]] = defaultdict(list)
    with open(path, encoding="utf-8") as fin:
        for line in fin:
            data = line.strip().split("\t")
            if len(data) < 2:
                continue
            text, rel = data[:2]
            args = tuple(arg.strip() for arg in data[2:])
            gold[text.strip()].append(Extraction(rel.strip(), args, 1.0, text.strip()))
    return dict(gold)


def load_predictions(path: str | Path) -> dict[str, list[Extraction]]:
    """Predicted tuples keyed by raw sentence, as CaRB's ``TabReader``."""
    pred: dict[str, list[Extraction]] = defaultdict(list)
    with open(path, encoding="utf-8") as fin:
        for lineno, line in enumerate(fin, 1):
            if not line.strip():
                continue
            data = line.strip().split("\t")
            if len(data) < 3:
                raise ValueError(
                    f"{path}:{lineno}: expected sentence, confidence, relation, args..."
                )
            text, confidence, rel = data[:3]
            try:
                conf = float(confidence)
            except ValueError as exc:
                raise ValueError(f"{path}:{lineno}: bad confidence {confidence!r}") from exc
            pred[text].append(Extraction(rel, tuple(data[3:]), conf, text))
    return dict(pred)


def normalize_key(sentence: str) -> str:
    """``Benchmark.normalizeKey``: no spaces, PTB brackets unescaped, no punctuation."""
    s = sentence.replace(" ", "")
    for raw, escaped in PTB_ESCAPES:
        s = s.replace(escaped, raw)
    return _PUNCT.sub("", s)


def normalize_dict(d: Extractions) -> dict[str, Sequence[Extraction]]:
    """``Benchmark.normalizeDict`` (a later sentence with the same key wins)."""
    return {normalize_key(k): v for k, v in d.items()}


# --- matching (matcher.py) --------------------------------------------------


def linient_tuple_match(
    ref_rel: str, ref_args: Sequence[str], ex_rel: str, ex_args: Sequence[str]
) -> tuple[float, float]:
    """``Matcher.linient_tuple_match`` ("STRICTER MATCH" version): (precision, recall)."""
    prec_num = prec_den = rec_num = rec_den = 0

    predicted_words = ex_rel.split()
    gold_words = ref_rel.split()
    prec_den += len(predicted_words)
    rec_den += len(gold_words)
    matching = 0
    for w in gold_words:
        if w in predicted_words:
            matching += 1
            predicted_words.remove(w)
    # a leftover predicted "be" matches any form of "be" in the (whole) gold relation
    if "be" in predicted_words:
        for form in FORMS_OF_BE:
            if form in gold_words:
                matching += 1
                predicted_words.remove("be")
                break
    if matching == 0:
        return (0.0, 0.0)
    prec_num += matching
    rec_num += matching

    for i, ref_arg in enumerate(ref_args):
        gold_words = ref_arg.split()
        rec_den += len(gold_words)
        if len(ex_args) <= i:
            if i < 2:
                return (0.0, 0.0)
            continue
        predicted_words = ex_args[i].split()
        prec_den += len(predicted_words)
        matching = 0
        for w in gold_words:
            if w in predicted_words:
                matching += 1
                predicted_words.remove(w)
        prec_num += matching
        rec_num += matching

    prec = prec_num / prec_den if prec_den else 0.0
    rec = rec_num / rec_den if rec_den else 0.0
    return (prec, rec)


def _binary(args: Sequence[str]) -> tuple[str, ...]:
    return (args[0], " ".join(args[1:])) if len(args) >= 2 else tuple(args)


def tuple_match(
    gold: Extraction, pred: Extraction, ignore_case: bool = True
) -> tuple[float, float]:
    """``Matcher.binary_linient_tuple_match``: (precision, recall) of ``pred`` against ``gold``."""
    ref_rel, ref_args, ex_rel, ex_args = gold.relation, gold.args, pred.relation, pred.args
    if ignore_case:
        ref_rel, ex_rel = ref_rel.lower(), ex_rel.lower()
        ref_args = tuple(a.lower() for a in ref_args)
        ex_args = tuple(a.lower() for a in ex_args)
    r_args = _binary(ref_args)
    straight = linient_tuple_match(ref_rel, r_args, ex_rel, _binary(ex_args))
    if not any(verb in ref_rel for verb in SAID_TYPE_RELATIONS):
        return straight
    swapped = (" ".join(ex_args[1:]), ex_args[0]) if len(ex_args) >= 2 else tuple(ex_args)
    reverse = linient_tuple_match(ref_rel, r_args, ex_rel, swapped)
    return max(straight, reverse)  # lexicographic, like max() over CaRB's [prec, rec] lists


# --- aggregation (carb.py, Benchmark.compare) -------------------------------


def greedy_precision(scores: list[list[tuple[float, float]]], cols: list[int]) -> float:
    """Sum of precisions of a greedy one-to-one gold/prediction matching."""
    selected_rows: set[int] = set()
    selected_cols: set[int] = set()
    total = 0.0
    for _ in range(min(len(scores), len(cols))):
        best, best_row, best_col = -1.0, -1, -1
        for i, row in enumerate(scores):
            if i in selected_rows:
                continue
            for j in cols:
                if j not in selected_cols and row[j][0] > best:
                    best, best_row, best_col = row[j][0], i, j
        selected_rows.add(best_row)
        selected_cols.add(best_col)
        total += best
    return total


def _sentence_scores(
    gold: Extractions, pred: Extractions, ignore_case: bool
) -> Iterable[tuple[Sequence[Extraction], Sequence[Extraction], list[list[tuple[float, float]]]]]:
    for sent, gold_exs in gold.items():
        pred_exs = pred.get(sent, [])
        scores = [[tuple_match(g, p, ignore_case) for p in pred_exs] for g in gold_exs]
        yield gold_exs, pred_exs, scores


def pr_curve(gold: Extractions, pred: Extractions, *, ignore_case: bool = True) -> Curve:
    """Precision and recall at every distinct prediction confidence."""
    gold = normalize_dict(gold)
    pred = normalize_dict(pred)
    thresholds = sorted({ex.confidence for exs in pred.values() for ex in exs})
    index = {conf: c for c, conf in enumerate(thresholds)}
    n = len(thresholds)
    p, pl, r, rl = np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n)
    n_gold = 0
    for gold_exs, pred_exs, scores in _sentence_scores(gold, pred, ignore_case):
        n_gold += len(gold_exs)
        prev_c = 0
        for conf in sorted({ex.confidence for ex in pred_exs}):
            c = index[conf]
            cols = [j for j, ex in enumerate(pred_exs) if ex.confidence >= conf]
            recall_num = sum(max((row[j][1] for j in cols), default=0) for row in scores)
            precision_num = greedy_precision(scores, cols)
            p[prev_c : c + 1] += precision_num
            pl[prev_c : c + 1] += len(cols)
            r[prev_c : c + 1] += recall_num
            rl[prev_c : c + 1] += len(scores)
            prev_c = c + 1
        # thresholds above this sentence's highest confidence: no predictions, zero recall
        rl[prev_c:] += len(scores)
    precision = np.array([a / b if b > 0 else 1.0 for a, b in zip(p, pl, strict=True)])
    recall = np.array([a / b if b > 0 else 0.0 for a, b in zip(r, rl, strict=True)])
    return Curve(np.array(thresholds, dtype=float), precision, recall, n_gold)


def f1(precision: float, recall: float) -> float:
    """Harmonic mean; NaN when both are 0 (numpy's 0/0 in CaRB, skipped by nanargmax)."""
    if precision + recall == 0:
        return float("nan")
    return 2 * precision * recall / (precision + recall)


def auc(x: Sequence[float], y: Sequence[float]) -> float:
    """``sklearn.metrics.auc``: trapezoid rule over a monotonic x."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    dx = np.diff(x)
    direction = 1.0
    if np.any(dx < 0):
        if np.all(dx <= 0):
            direction = -1.0
        else:
            raise ValueError(f"x is neither increasing nor decreasing: {x}")
    return float(direction * np.sum(dx * (y[1:] + y[:-1]) / 2.0))


def score_curve(curve: Curve) -> Score:
    if len(curve.thresholds) == 0:  # no predictions at all
        return Score(0.0, 0.0, 0.0, 0.0, None)
    f1s = np.array([f1(p, r) for p, r in zip(curve.precision, curve.recall, strict=True)])
    area = auc(list(curve.recall) + [0.0], list(curve.precision) + [1.0])
    if np.all(np.isnan(f1s)):
        return Score(area, 0.0, 0.0, 0.0, None)
    best = int(np.nanargmax(f1s))
    return Score(
        area,
        float(curve.precision[best]),
        float(curve.recall[best]),
        float(f1s[best]),
        float(curve.thresholds[best]),
    )


def score(gold: Extractions, pred: Extractions, *, ignore_case: bool = True) -> Score:
    """CaRB AUC and best-F1 point of ``pred`` against ``gold`` (dicts keyed by sentence)."""
    return score_curve(pr_curve(gold, pred, ignore_case=ignore_case))


# --- error analysis -----------------------------------------------------------

# fmt: off
_PREPS = {
    "about", "above", "across", "after", "against", "along", "among", "around", "as", "at",
    "before", "behind", "below", "beneath", "beside", "between", "by", "during", "for", "from",
    "in", "into", "like", "near", "of", "off", "on", "over", "since", "than", "through", "to",
    "toward", "towards", "under", "until", "upon", "with", "within", "without",
}
# fmt: on
_BE = set(FORMS_OF_BE) | {"'s"}
_HAVE = {"has", "have", "had", "having"}


def construction(ex: Extraction, sentence: str) -> str:
    """A crude label for the kind of gold tuple (for grouping misses)."""
    rel = ex.relation.lower().split()
    if not rel:
        return "empty relation"
    if any(verb in ex.relation.lower() for verb in SAID_TYPE_RELATIONS):
        return "reported speech"
    if set(rel) <= _BE:
        return "copula / apposition"
    if set(rel) <= _HAVE:
        return "possession (has)"
    if not set(rel) - _BE - _HAVE <= set(sentence.lower().split()):
        return "inferred relation (words not in sentence)"
    if rel[0] in _BE and rel[-1] in _PREPS:
        return "be + prep (nominal/adjectival)"
    if len(ex.args) > 2:
        return "n-ary (arg3+)"
    if rel[-1] in _PREPS:
        return "verb + prep"
    return "plain verb"


def missed_gold(
    gold: Extractions, pred: Extractions, threshold: float | None, *, ignore_case: bool = True
) -> list[tuple[str, Extraction, float]]:
    """(label, gold tuple, best recall) for every gold tuple no prediction >= threshold reaches."""
    gold = normalize_dict(gold)
    pred = normalize_dict(pred)
    if threshold is not None:
        pred = {k: [ex for ex in v if ex.confidence >= threshold] for k, v in pred.items()}
    out = []
    for gold_exs, _, scores in _sentence_scores(gold, pred, ignore_case):
        for ex, row in zip(gold_exs, scores, strict=True):
            best = max((s[1] for s in row), default=0.0)
            if best == 0:
                out.append((construction(ex, ex.sentence), ex, best))
    return out


def print_errors(
    gold: Extractions, pred: Extractions, sc: Score, n: int, *, ignore_case: bool = True
) -> None:
    missed = missed_gold(gold, pred, sc.threshold, ignore_case=ignore_case)
    totals = Counter(
        construction(ex, ex.sentence) for exs in normalize_dict(gold).values() for ex in exs
    )
    by_label: dict[str, list[Extraction]] = defaultdict(list)
    for label, ex, _ in missed:
        by_label[label].append(ex)
    thr = "none" if sc.threshold is None else f"{sc.threshold:g}"
    print(f"missed gold tuples at threshold {thr}: {len(missed)}/{sum(totals.values())}")
    order = sorted(by_label, key=lambda lab: (-len(by_label[lab]), lab))
    for label in order:
        print(f"  {len(by_label[label]):5d}/{totals[label]:<5d} {label}")
    shown = 0
    for label in order:
        if shown >= n:
            break
        print(f"== {label}")
        for ex in by_label[label][: max(1, min(n - shown, 5))]:
            print(f"   [{ex.relation}] " + " | ".join(ex.args) + f"    <- {ex.sentence[:100]}")
            shown += 1


# --- running the extractor ---------------------------------------------------


def run_extraction(sentences: Path, out: Path, timeout: float | None = None) -> float:
    """``kg triples SENTENCES --sentences --format carb`` into ``out``; returns seconds."""
    cmd = [
        sys.executable,
        "-m",
        "graph",
        "triples",
        str(sentences),
        "--sentences",
        "--format",
        "carb",
    ]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.strip().splitlines()[-15:])
        raise RuntimeError(
            f"`{' '.join(cmd[1:])}` failed with exit code {proc.returncode} "
            f"(is the kg CLI, `python -m graph`, importable yet?)\n{tail}"
        )
    out.write_text(proc.stdout, encoding="utf-8")
    return elapsed


def write_curve(curve: Curve, path: Path) -> None:
    """The PR curve as CaRB's ``--out`` file (sorted by recall)."""
    rows = sorted(
        zip(curve.precision, curve.recall, curve.thresholds, strict=True), key=lambda t: t[1]
    )
    with open(path, "w", encoding="utf-8") as fout:
        fout.write("Precision\tRecall\tConfidence\n")
        for p, r, c in rows:
            fout.write(f"{p}\t{r}\t{c}\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--pred", type=Path, help="score a saved prediction file (CaRB tabbed format)")
    src.add_argument(
        "--run", action="store_true", help="run `kg triples --sentences --format carb` and score it"
    )
    ap.add_argument(
        "--gold", type=Path, default=DEFAULT_GOLD, help=f"gold tuples (default: {DEFAULT_GOLD})"
    )
    ap.add_argument(
        "--sentences",
        type=Path,
        default=DEFAULT_SENTENCES,
        help=f"input sentences for --run (default: {DEFAULT_SENTENCES})",
    )
    ap.add_argument("--save-pred", type=Path, help="with --run: keep the predictions in this file")
    ap.add_argument(
        "--timeout", type=float, default=None, help="with --run: seconds before giving up"
    )
    ap.add_argument(
        "--out", type=Path, help="write the PR curve (Precision, Recall, Confidence) here"
    )
    ap.add_argument(
        "--errors",
        type=int,
        default=0,
        metavar="N",
        help="print N missed gold tuples grouped by construction",
    )
    ap.add_argument(
        "--ignore-case",
        action="store_true",
        help="lowercase tokens (CaRB's code, and the default here, is case-sensitive)",
    )
    args = ap.parse_args(argv)

    if not args.gold.exists():
        print(f"carb: gold file not found: {args.gold}", file=sys.stderr)
        return 2
    gold = load_gold(args.gold)
    extra = ""
    if args.run:
        if not args.sentences.exists():
            print(f"carb: sentences file not found: {args.sentences}", file=sys.stderr)
            return 2
        with tempfile.TemporaryDirectory(prefix="carb-") as tmp:
            pred_path = args.save_pred or Path(tmp) / "pred.tsv"
            try:
                elapsed = run_extraction(args.sentences, pred_path, args.timeout)
            except (RuntimeError, subprocess.TimeoutExpired, OSError) as exc:
                print(f"carb: {exc}", file=sys.stderr)
                return 2
            pred = load_predictions(pred_path)
        n_lines = sum(
            1 for line in args.sentences.read_text(encoding="utf-8").splitlines() if line.strip()
        )
        extra = f", time={elapsed:.1f}s, {elapsed / max(n_lines, 1) * 1000:.0f}ms/sent"
    else:
        pred = load_predictions(args.pred)

    ignore_case = args.ignore_case
    curve = pr_curve(gold, pred, ignore_case=ignore_case)
    sc = score_curve(curve)
    n_pred = sum(len(v) for v in pred.values())
    name = args.gold.parent.name.removeprefix("carb-") or "dev"
    print(
        f"carb {name} auc={sc.auc:.3f} p={sc.precision:.3f} r={sc.recall:.3f} f1={sc.f1:.3f} "
        f"(n_pred={n_pred}, n_gold={curve.n_gold}{extra})"
    )
    if args.out:
        write_curve(curve, args.out)
    if args.errors > 0:
        print_errors(gold, pred, sc, args.errors, ignore_case=ignore_case)
    return 0


if __name__ == "__main__":
    sys.exit(main())
