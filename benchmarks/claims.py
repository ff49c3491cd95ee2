"""Claims benchmark: attribution, negation and modality of extracted triples.

Gold data
---------
``benchmarks/claims/gold.jsonl`` holds hand-written, news-style English sentences,
one JSON object per line::

    {"id": "c001", "text": "...", "facts": [{"subject": "...", "relation": "...",
     "object": "..." | null, "negated": bool, "modality": str | null,
     "attributed_to": str | null}, ...]}

Each fact is the head content of one claim in the sentence; subject, relation,
object and speaker are short substrings of the sentence.  ``modality`` is a modal
auxiliary (can, could, may, might, should, would, must), ``conditional`` for
if/unless/once clauses whose main clause has no modal, or the lemma of a
governing attempt verb (aim, try, plan, want, seek, hope ...).  ``attributed_to``
is the nearest speaker of reported content.  Gold lists every negated, hedged or
attributed clause of its sentence, so a flagged prediction that matches no gold
fact is a false positive.

Prediction
----------
The gold texts are written one per line to a temporary file and
``<python> -m graph triples FILE --sentences --format jsonl`` is run on it.
Each output line is a JSON object with (at least) ``sentence`` (0-based line
index), ``sentence_text``, ``subject``, ``relation``, ``object``,
``subject_entity``, ``object_entity``, ``negated``, ``modality``,
``attributed_to`` and ``confidence``.  ``--pred FILE.jsonl`` scores saved output
instead (``--save-pred FILE.jsonl`` keeps the one just made).  A prediction
belongs to the gold sentence whose text equals its ``sentence_text`` (whitespace
and case normalised); failing that, to the gold line with its ``sentence`` index.
Predictions that fit no gold sentence are ignored.

Matching
--------
Strings are lower-cased and split into ``[a-z0-9]+`` tokens; *content tokens*
leave out determiners/possessives, a few prepositions and the clitic pieces
``s``/``t``/``n``.  A predicted triple matches a gold fact of the same sentence
when

* the subject shares a content token with the gold subject (the predicted
  ``subject`` or ``subject_entity`` may supply it);
* the relation shares a token with the gold relation, two tokens counting as
  shared when equal or when both have at least 4 letters and the same first 4
  letters ("fined"/"fine", "approves"/"approved").  Auxiliaries, modals,
  negators and "to" are left out of relations unless nothing else remains;
* if the gold fact has an object: the object shares a content token with it
  (``object``, ``object_entity`` or any ``arguments[].text`` may supply it).
  For an object-less gold fact the predicted object is ignored.

A match scores, per part, ``shared gold tokens / max(len(gold), len(pred))``
summed over the parts (best alternative per part).  Pairs are assigned one-to-one,
greedily by score (ties: gold order, then prediction order), so each gold fact
gets its best still-free prediction.

Scores
------
For each dimension a record is *flagged* when: negation -- ``negated`` is true;
modality -- ``modality`` is not null/empty; attribution -- ``attributed_to`` is
not null/empty.  For every matched (gold, prediction) pair:

* both flagged -> true positive; for attribution only if the predicted speaker
  shares a content token with the gold speaker, else one false positive *and*
  one false negative (wrong speaker);
* only the prediction flagged -> false positive;
* only the gold flagged -> false negative.

A flagged gold fact without a match is a false negative; a flagged prediction
without a match (in a gold sentence) is a false positive.
``precision = tp / (tp + fp)``, ``recall = tp / (tp + fn)`` (0 when the
denominator is 0).  Modality also reports exact-value accuracy over its true
positives (case-insensitive string equality).  Triple recall is the fraction of
gold facts matched at all.

Usage::

    uv run python benchmarks/claims.py [--errors] [--save-pred PRED.jsonl]
    uv run python benchmarks/claims.py --pred PRED.jsonl [--errors]

prints::

    claims triples r=... (matched=... gold=... pred=...)
    claims attribution p=... r=... f1=... (tp=... fp=... fn=...)
    claims negation p=... r=... f1=... (tp=... fp=... fn=...)
    claims modality p=... r=... f1=... (tp=... fp=... fn=...) exact=...
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = REPO / "benchmarks" / "claims" / "gold.jsonl"

DIMENSIONS = ("attribution", "negation", "modality")

#: Left out of subject/object/speaker comparisons.
STOP = frozenset(
    """a an the this that these those its their his her our my your some any each
    every no neither either all both another such of in on at to for by with from s t n""".split()
)
#: Left out of relations (unless nothing else is left).
RELATION_STOP = STOP | frozenset(
    """be is are was were been being am has have had having do does did will would can
    could may might must shall should ca wo not never cannot didn doesn don hasn haven hadn isn
    aren wasn weren couldn wouldn shouldn mustn""".split()
)

_TOKEN = re.compile(r"[a-z0-9]+")


def tokens(text: str | None) -> list[str]:
    if not text:
        return []
    return _TOKEN.findall(text.lower().replace("\u2019", "'"))


def content_tokens(text: str | None) -> list[str]:
    return [t for t in tokens(text) if t not in STOP]


def relation_tokens(text: str | None) -> list[str]:
    toks = tokens(text)
    kept = [t for t in toks if t not in RELATION_STOP]
    return kept or toks


def _same(a: str, b: str, prefix: bool) -> bool:
    return a == b or (prefix and len(a) >= 4 and len(b) >= 4 and a[:4] == b[:4])


def part_score(gold: Sequence[str], pred: Sequence[str], *, prefix: bool = False) -> float:
    """Gold tokens found in pred, over the longer of the two; 0 if either is empty."""
    if not gold or not pred:
        return 0.0
    shared = sum(1 for g in gold if any(_same(g, p, prefix) for p in pred))
    return shared / max(len(gold), len(pred))


def share_content(a: str | None, b: str | None) -> bool:
    return bool(set(content_tokens(a)) & set(content_tokens(b)))


def match_score(fact: dict, pred: dict) -> float | None:
    """Score of `pred` as a match for gold `fact`, or None if they do not match."""
    subj = max(
        part_score(content_tokens(fact["subject"]), content_tokens(alt))
        for alt in (pred.get("subject"), pred.get("subject_entity"))
    )
    if subj == 0:
        return None
    rel = part_score(
        relation_tokens(fact["relation"]), relation_tokens(pred.get("relation")), prefix=True
    )
    if rel == 0:
        return None
    total = subj + rel
    if fact.get("object"):
        alts = [pred.get("object"), pred.get("object_entity")]
        alts += [a.get("text") for a in pred.get("arguments") or [] if isinstance(a, dict)]
        obj = max(part_score(content_tokens(fact["object"]), content_tokens(alt)) for alt in alts)
        if obj == 0:
            return None
        total += obj
    return total


def assign(facts: Sequence[dict], preds: Sequence[dict]) -> dict[int, int]:
    """One-to-one greedy matching: gold index -> prediction index."""
    pairs = []
    for gi, fact in enumerate(facts):
        for pi, pred in enumerate(preds):
            s = match_score(fact, pred)
            if s is not None:
                pairs.append((-s, gi, pi))
    pairs.sort()
    out: dict[int, int] = {}
    used: set[int] = set()
    for _, gi, pi in pairs:
        if gi not in out and pi not in used:
            out[gi] = pi
            used.add(pi)
    return out


# ------------------------------------------------------------------ flags per dimension


def _flag_attribution(rec: dict) -> bool:
    return bool(rec.get("attributed_to"))


def _flag_negation(rec: dict) -> bool:
    return bool(rec.get("negated"))


def _flag_modality(rec: dict) -> bool:
    return bool(rec.get("modality"))


FLAGS: dict[str, Callable[[dict], bool]] = {
    "attribution": _flag_attribution,
    "negation": _flag_negation,
    "modality": _flag_modality,
}


def _agrees(dim: str, fact: dict, pred: dict) -> bool:
    if dim == "attribution":
        return share_content(fact.get("attributed_to"), pred.get("attributed_to"))
    return True


@dataclass
class Error:
    kind: str  # "fn", "fp", "fp-unmatched", "wrong-speaker", "wrong-modality", "unmatched-gold"
    sid: str
    text: str
    fact: dict | None
    pred: dict | None


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    fp_unmatched: int = 0
    exact: int = 0  # modality: true positives with the right value

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.p, self.r
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Result:
    counts: dict[str, Counts] = field(default_factory=lambda: {d: Counts() for d in DIMENSIONS})
    gold_facts: int = 0
    matched: int = 0
    preds: int = 0
    errors: dict[str, list[Error]] = field(
        default_factory=lambda: {d: [] for d in (*DIMENSIONS, "triples")}
    )

    @property
    def triple_recall(self) -> float:
        return self.matched / self.gold_facts if self.gold_facts else 0.0


def score_sentence(
    result: Result, sid: str, text: str, facts: Sequence[dict], preds: Sequence[dict]
) -> None:
    """Add one sentence's counts to `result`."""
    links = assign(facts, preds)
    result.gold_facts += len(facts)
    result.matched += len(links)
    result.preds += len(preds)
    for gi, fact in enumerate(facts):
        if gi not in links:
            result.errors["triples"].append(Error("unmatched-gold", sid, text, fact, None))
    matched_preds = set(links.values())
    for dim in DIMENSIONS:
        c, errs, flag = result.counts[dim], result.errors[dim], FLAGS[dim]
        for gi, fact in enumerate(facts):
            pred = preds[links[gi]] if gi in links else None
            g, p = flag(fact), pred is not None and flag(pred)
            if g and p:
                if _agrees(dim, fact, pred):
                    c.tp += 1
                    if dim == "modality":
                        if str(pred["modality"]).lower() == str(fact["modality"]).lower():
                            c.exact += 1
                        else:
                            errs.append(Error("wrong-modality", sid, text, fact, pred))
                else:
                    c.fp += 1
                    c.fn += 1
                    errs.append(Error("wrong-speaker", sid, text, fact, pred))
            elif p:
                c.fp += 1
                errs.append(Error("fp", sid, text, fact, pred))
            elif g:
                c.fn += 1
                errs.append(Error("fn", sid, text, fact, pred))
        for pi, pred in enumerate(preds):
            if pi not in matched_preds and flag(pred):
                c.fp += 1
                c.fp_unmatched += 1
                errs.append(Error("fp-unmatched", sid, text, None, pred))


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


def group_predictions(gold: Sequence[dict], preds: Iterable[dict]) -> list[list[dict]]:
    """Predictions per gold line (by sentence text, else by sentence index)."""
    by_text = {_norm(g["text"]): i for i, g in enumerate(gold)}
    out: list[list[dict]] = [[] for _ in gold]
    for pred in preds:
        idx = by_text.get(_norm(pred.get("sentence_text") or ""))
        if idx is None:
            s = pred.get("sentence")
            if isinstance(s, int) and 0 <= s < len(gold):
                idx = s
        if idx is not None:
            out[idx].append(pred)
    return out


def score(gold: Sequence[dict], preds: Iterable[dict]) -> Result:
    result = Result()
    for g, ps in zip(gold, group_predictions(gold, preds), strict=True):
        score_sentence(result, g["id"], g["text"], g["facts"], ps)
    return result


# --------------------------------------------------------------------------- output


def summary_lines(result: Result) -> list[str]:
    lines = [
        f"claims triples r={result.triple_recall:.3f} "
        f"(matched={result.matched} gold={result.gold_facts} pred={result.preds})"
    ]
    for dim in DIMENSIONS:
        c = result.counts[dim]
        line = (
            f"claims {dim} p={c.p:.3f} r={c.r:.3f} f1={c.f1:.3f} "
            f"(tp={c.tp} fp={c.fp} fn={c.fn})"
        )
        if dim == "modality":
            acc = c.exact / c.tp if c.tp else 0.0
            line += f" exact={acc:.3f} ({c.exact}/{c.tp})"
        lines.append(line)
    return lines


def _fact_str(f: dict | None) -> str:
    if f is None:
        return "-"
    flags = []
    if f.get("negated"):
        flags.append("neg")
    if f.get("modality"):
        flags.append(f"mod={f['modality']}")
    if f.get("attributed_to"):
        flags.append(f"by={f['attributed_to']}")
    obj = f.get("object")
    return f"({f.get('subject')}; {f.get('relation')}; {obj if obj else '-'})" + (
        f" [{', '.join(flags)}]" if flags else ""
    )


def error_lines(result: Result) -> list[str]:
    lines = []
    for dim in (*DIMENSIONS, "triples"):
        errs = result.errors[dim]
        if not errs:
            continue
        lines.append(f"--- {dim}: {len(errs)} error(s)")
        for e in errs:
            lines.append(f"{e.sid} {e.kind}: {e.text}")
            lines.append(f"    gold {_fact_str(e.fact)}")
            lines.append(f"    pred {_fact_str(e.pred)}")
    return lines


# --------------------------------------------------------------------------- io / cli


def load_jsonl(path: str | Path) -> list[dict]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def gold_problems(gold: Sequence[dict]) -> list[str]:
    """Structural checks on the gold set (ids, substrings, field values)."""
    problems = []
    seen = set()
    for g in gold:
        sid, text = g.get("id"), g.get("text", "")
        if sid in seen:
            problems.append(f"{sid}: duplicate id")
        seen.add(sid)
        if "\n" in text or not text.strip():
            problems.append(f"{sid}: text must be one non-empty line")
        low = text.lower()
        for f in g.get("facts", []):
            for key in ("subject", "relation", "object", "attributed_to"):
                val = f.get(key)
                if key in ("subject", "relation") and not val:
                    problems.append(f"{sid}: fact without {key}")
                elif val and val.lower() not in low:
                    problems.append(f"{sid}: {key} {val!r} not in text")
            if not isinstance(f.get("negated"), bool):
                problems.append(f"{sid}: negated must be a bool")
    return problems


def run_extraction(texts: Sequence[str], timeout: float | None = None) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="kg-claims-") as td:
        path = Path(td) / "claims.txt"
        path.write_text("\n".join(texts) + "\n", encoding="utf-8")
        cmd = [sys.executable, "-m", "graph", "triples", str(path), "--sentences", "--format", "jsonl"]
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[1:4])} ... exited {proc.returncode}:\n{proc.stderr.strip()}")
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Attribution, negation and modality scores of `graph triples` on a claims gold set."
    )
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--pred", type=Path, help="score this saved `graph triples --format jsonl` output")
    ap.add_argument("--save-pred", type=Path, help="write the predictions (jsonl) here")
    ap.add_argument("--errors", action="store_true", help="list misses and false positives")
    ap.add_argument("--timeout", type=float, default=None, help="seconds allowed for extraction")
    args = ap.parse_args(argv)

    gold = load_jsonl(args.gold)
    problems = gold_problems(gold)
    if problems:
        print("gold problems:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 2
    if args.pred:
        preds = load_jsonl(args.pred)
    else:
        try:
            preds = run_extraction([g["text"] for g in gold], timeout=args.timeout)
        except (RuntimeError, json.JSONDecodeError, subprocess.TimeoutExpired) as exc:
            print(f"extraction failed: {exc}", file=sys.stderr)
            return 2
    if args.save_pred:
        args.save_pred.write_text(
            "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds), encoding="utf-8"
        )
    result = score(gold, preds)
    if args.errors:
        print("\n".join(error_lines(result)))
    print("\n".join(summary_lines(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
