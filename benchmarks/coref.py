"""Coreference benchmark: score entity de-duplication against hand-annotated clusters.

Gold data
---------
``benchmarks/coref/gold.json`` holds within-document mention clusters for five BBC
news articles of ``/work/shared/corpus/bbc-news-test.csv``.  Articles are referred
to by 0-based CSV record index and the sha256 of their text (the ``text`` cell read
with the ``csv`` module, UTF-8 with ``errors="replace"``); mentions by character
offsets plus the surface string.  No article text is stored in the repo.  See the
``guidelines`` list in the gold file for what was annotated, and
``benchmarks/coref/annotate_helper.py`` for the tool used to find/check offsets.

Prediction
----------
Each article is written to ``<tmp>/<row>.txt`` and ``python -m graph entities
<files...> --format json`` is run once over all of them.  The expected output is a
JSON array of entities ``{"id", "label", "type", "aliases", "mentions", "spans":
[{"doc": "<file stem>", "start", "end", "text"}, ...]}``.  ``--pred FILE.json``
scores a saved array instead (``--save-pred FILE.json`` keeps the one just made).

Scoring is *within-document*: every predicted entity is split by ``doc`` into one
response cluster per article, so linking the same entity across articles is
neither rewarded nor penalised.  Spans whose ``doc`` is not an annotated row are
ignored.

Alignment
---------
A predicted span matches a gold mention when the spans are identical, or when they
overlap and the gold mention's last token (a stand-in for its syntactic head: the
annotation guidelines end every mention at its head) lies entirely inside the
predicted span.  Alignment is one-to-one (each gold mention and each predicted
span is used at most once), chosen greedily over all candidate pairs ranked by:
exact match first, then distance between the end of the predicted span and the end
of the gold head, then difference in length, then position.

Metrics
-------
Singleton gold clusters are dropped before alignment by default, as in standard
MUC (the gold set annotates singletons only optionally and incompletely);
``--keep-singletons`` keeps them.

The key is the set of gold clusters.  The response is the set of predicted
entities restricted to *aligned* mentions, i.e. each response mention is replaced
by the gold mention it aligned to ("intersection of mentions" variant):

* Unaligned predicted mentions are dropped from the response for both MUC and B³
  precision.  The gold key is a partial annotation (only some entity types, only
  entities mentioned at least twice), so a predicted mention that is not in the key
  cannot be judged and is ignored rather than counted as an error.
* Unaligned gold mentions stay in the key.  For recall they behave as singletons in
  the response: in MUC each one is its own partition of its key cluster; in B³ its
  recall is ``1/|K|``.  They are not response mentions, so they do not enter the B³
  precision average.

MUC (Vilain et al. 1995)::

    R = sum_K (|K| - |p(K)|) / sum_K (|K| - 1)     p(K): K partitioned by the response
    P = sum_R (|R| - |p(R)|) / sum_R (|R| - 1)     p(R): R partitioned by the key

(a mention missing from the other side forms a partition on its own).

B³ (Bagga & Baldwin 1998), averaged over mentions with equal weights::

    R = mean over key mentions m      of |K(m) ∩ R(m)| / |K(m)|
    P = mean over response mentions m of |K(m) ∩ R(m)| / |R(m)|

where a mention missing from one side is a singleton there.  Scores are
micro-averaged over articles (MUC numerators/denominators and B³ per-mention
scores are summed before dividing).  A ratio with an empty denominator is 0.
The reported average is the mean of MUC F1 and B³ F1.

Usage::

    uv run python benchmarks/coref.py [--per-article] [--pred FILE.json] [--save-pred FILE.json]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = REPO / "benchmarks" / "coref" / "gold.json"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "bbc-news-test.csv"

_WORD = re.compile(r"\w+(?:[-'.]\w+)*")

# A mention on either side is a hashable id; clusters are collections of ids.
Cluster = Iterable[object]


# --------------------------------------------------------------------------- metrics


class PRF(NamedTuple):
    p: float
    r: float
    f1: float


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _index(clusters: Iterable[Cluster]) -> tuple[list[frozenset], dict[object, int]]:
    sets = [frozenset(c) for c in clusters]
    where: dict[object, int] = {}
    for i, c in enumerate(sets):
        for m in c:
            if m in where:
                raise ValueError(f"mention {m!r} is in two clusters")
            where[m] = i
    return sets, where


def _muc_side(clusters: list[frozenset], other: dict[object, int]) -> tuple[int, int]:
    """sum(|C| - |partitions of C by the other side|), sum(|C| - 1)."""
    num = den = 0
    for c in clusters:
        if not c:
            continue
        parts = {other[m] for m in c if m in other}
        parts_n = len(parts) + sum(1 for m in c if m not in other)
        num += len(c) - parts_n
        den += len(c) - 1
    return num, den


def muc_counts(key: Iterable[Cluster], response: Iterable[Cluster]) -> tuple[int, int, int, int]:
    """(precision numerator, precision denominator, recall numerator, recall denominator)."""
    k, k_where = _index(key)
    r, r_where = _index(response)
    r_num, r_den = _muc_side(k, r_where)
    p_num, p_den = _muc_side(r, k_where)
    return p_num, p_den, r_num, r_den


def _b3_side(
    clusters: list[frozenset], other_sets: list[frozenset], other: dict[object, int]
) -> tuple[float, int]:
    total, n = 0.0, 0
    for c in clusters:
        for m in c:
            o = other_sets[other[m]] if m in other else frozenset([m])
            total += len(c & o) / len(c)
            n += 1
    return total, n


def b3_counts(key: Iterable[Cluster], response: Iterable[Cluster]) -> tuple[float, int, float, int]:
    """(precision sum, response mentions, recall sum, key mentions)."""
    k, k_where = _index(key)
    r, r_where = _index(response)
    r_sum, r_n = _b3_side(k, r, r_where)
    p_sum, p_n = _b3_side(r, k, k_where)
    return p_sum, p_n, r_sum, r_n


def muc(key: Iterable[Cluster], response: Iterable[Cluster]) -> PRF:
    p_num, p_den, r_num, r_den = muc_counts(key, response)
    p, r = _ratio(p_num, p_den), _ratio(r_num, r_den)
    return PRF(p, r, f1(p, r))


def b3(key: Iterable[Cluster], response: Iterable[Cluster]) -> PRF:
    p_sum, p_n, r_sum, r_n = b3_counts(key, response)
    p, r = _ratio(p_sum, p_n), _ratio(r_sum, r_n)
    return PRF(p, r, f1(p, r))


@dataclass
class Counts:
    muc_p_num: float = 0
    muc_p_den: float = 0
    muc_r_num: float = 0
    muc_r_den: float = 0
    b3_p_sum: float = 0.0
    b3_p_n: int = 0
    b3_r_sum: float = 0.0
    b3_r_n: int = 0

    @classmethod
    def of(cls, key: list[Cluster], response: list[Cluster]) -> Counts:
        key, response = [list(c) for c in key], [list(c) for c in response]
        return cls(*muc_counts(key, response), *b3_counts(key, response))

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(self.astuple(), other.astuple(), strict=True)))

    def astuple(self) -> tuple:
        return (
            self.muc_p_num, self.muc_p_den, self.muc_r_num, self.muc_r_den,
            self.b3_p_sum, self.b3_p_n, self.b3_r_sum, self.b3_r_n,
        )  # fmt: skip

    @property
    def muc(self) -> PRF:
        p, r = _ratio(self.muc_p_num, self.muc_p_den), _ratio(self.muc_r_num, self.muc_r_den)
        return PRF(p, r, f1(p, r))

    @property
    def b3(self) -> PRF:
        p, r = _ratio(self.b3_p_sum, self.b3_p_n), _ratio(self.b3_r_sum, self.b3_r_n)
        return PRF(p, r, f1(p, r))

    @property
    def avg_f1(self) -> float:
        return (self.muc.f1 + self.b3.f1) / 2


# ------------------------------------------------------------------------- alignment


class Mention(NamedTuple):
    start: int
    end: int
    text: str = ""


def head_span(m: Mention) -> tuple[int, int]:
    """Offsets of the mention's last word token (approximate head)."""
    words = list(_WORD.finditer(m.text)) if m.text else []
    if not words:
        return m.start, m.end
    w = words[-1]
    return m.start + w.start(), m.start + w.end()


def span_matches(pred: tuple[int, int], gold: Mention) -> bool:
    ps, pe = pred
    if (ps, pe) == (gold.start, gold.end):
        return True
    hs, he = head_span(gold)
    overlap = ps < gold.end and gold.start < pe
    return overlap and ps <= hs and he <= pe


def align(gold: Sequence[Mention], pred: Sequence[tuple[int, int]]) -> dict[int, int]:
    """One-to-one alignment: {predicted span index: gold mention index}."""
    cands = []
    for gi, g in enumerate(gold):
        _, he = head_span(g)
        for pi, (ps, pe) in enumerate(pred):
            if span_matches((ps, pe), g):
                inexact = (ps, pe) != (g.start, g.end)
                cands.append(
                    (
                        inexact,
                        abs(pe - he),
                        abs((pe - ps) - (g.end - g.start)),
                        abs(ps - g.start),
                        gi,
                        pi,
                    )
                )
    cands.sort()
    out: dict[int, int] = {}
    used_gold: set[int] = set()
    for *_, gi, pi in cands:
        if pi in out or gi in used_gold:
            continue
        out[pi] = gi
        used_gold.add(gi)
    return out


# --------------------------------------------------------------------------- scoring


@dataclass
class ArticleResult:
    row: int
    counts: Counts
    gold_mentions: int
    gold_clusters: int
    aligned: int
    pred_mentions: int
    pred_entities: int
    unaligned_gold: list[Mention] = field(default_factory=list)


def doc_key(doc: object) -> str:
    name = Path(str(doc)).name
    return name[: -len(".txt")] if name.endswith(".txt") else name


def predicted_clusters(entities: list[dict]) -> dict[str, list[list[tuple[int, int]]]]:
    """Split each predicted entity by document: {doc stem: [[(start, end), ...], ...]}."""
    if not isinstance(entities, list):
        raise ValueError("prediction must be a JSON array of entities")
    by_doc: dict[str, list[list[tuple[int, int]]]] = {}
    for ent in entities:
        per_doc: dict[str, list[tuple[int, int]]] = {}
        for sp in ent.get("spans", []):
            start, end = sp["start"], sp["end"]
            if not (isinstance(start, int) and isinstance(end, int) and start < end):
                raise ValueError(f"bad span in entity {ent.get('id')!r}: {sp!r}")
            per_doc.setdefault(doc_key(sp["doc"]), []).append((start, end))
        for doc, spans in per_doc.items():
            by_doc.setdefault(doc, []).append(spans)
    return by_doc


def gold_mentions(article: dict, keep_singletons: bool = False) -> list[list[Mention]]:
    clusters = []
    for cl in article["clusters"]:
        ms = [Mention(m["start"], m["end"], m["text"]) for m in cl["mentions"]]
        if len(ms) >= 2 or (keep_singletons and ms):
            clusters.append(ms)
    return clusters


def score_article(
    article: dict, response: list[list[tuple[int, int]]], keep_singletons: bool = False
) -> ArticleResult:
    clusters = gold_mentions(article, keep_singletons)
    flat: list[Mention] = [m for c in clusters for m in c]
    key: list[list[int]] = []
    i = 0
    for c in clusters:
        key.append(list(range(i, i + len(c))))
        i += len(c)

    pred_flat = [(ei, sp) for ei, ent in enumerate(response) for sp in ent]
    amap = align(flat, [sp for _, sp in pred_flat])
    resp: dict[int, list[int]] = {}
    for pi, gi in amap.items():
        resp.setdefault(pred_flat[pi][0], []).append(gi)
    aligned_gold = set(amap.values())
    return ArticleResult(
        row=article["row"],
        counts=Counts.of(key, list(resp.values())),
        gold_mentions=len(flat),
        gold_clusters=len(clusters),
        aligned=len(amap),
        pred_mentions=len(pred_flat),
        pred_entities=len(response),
        unaligned_gold=[m for gi, m in enumerate(flat) if gi not in aligned_gold],
    )


def score(
    gold: dict, entities: list[dict], keep_singletons: bool = False
) -> tuple[Counts, list[ArticleResult]]:
    by_doc = predicted_clusters(entities)
    results = [
        score_article(a, by_doc.get(str(a["row"]), []), keep_singletons) for a in gold["articles"]
    ]
    total = Counts()
    for r in results:
        total = total + r.counts
    return total, results


# ----------------------------------------------------------------------- corpus / io


def load_corpus(path: Path = DEFAULT_CORPUS) -> list[str]:
    with open(path, encoding="utf-8", errors="replace", newline="") as fh:
        return [row["text"] for row in csv.DictReader(fh)]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_gold(path: Path = DEFAULT_GOLD) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def gold_problems(gold: dict, texts: list[str]) -> list[str]:
    """Hash and offset disagreements between the gold file and the corpus."""
    problems = []
    for art in gold["articles"]:
        row = art["row"]
        if not 0 <= row < len(texts):
            problems.append(f"row {row}: not in corpus")
            continue
        text = texts[row]
        if sha256(text) != art["sha256"]:
            problems.append(f"row {row}: sha256 mismatch")
            continue
        for cl in art["clusters"]:
            for m in cl["mentions"]:
                if text[m["start"] : m["end"]] != m["text"]:
                    problems.append(
                        f"row {row}: {m['start']}-{m['end']} reads "
                        f"{text[m['start'] : m['end']]!r}, gold says {m['text']!r}"
                    )
    return problems


def span_text_mismatches(entities: list[dict], texts: dict[str, str]) -> int:
    bad = 0
    for ent in entities:
        for sp in ent.get("spans", []):
            text = texts.get(doc_key(sp["doc"]))
            if text is not None and "text" in sp and text[sp["start"] : sp["end"]] != sp["text"]:
                bad += 1
    return bad


def run_extraction(texts: dict[str, str], timeout: float | None = None) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="kg-coref-") as td:
        files = []
        for stem, text in texts.items():
            path = Path(td) / f"{stem}.txt"
            path.write_text(text, encoding="utf-8", newline="")
            files.append(str(path))
        cmd = [sys.executable, "-m", "graph", "entities", *files, "--format", "json"]
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(
            f"{' '.join(cmd[:4])} ... exited {proc.returncode}:\n{proc.stderr.strip()}"
        )
    return json.loads(proc.stdout)


# ------------------------------------------------------------------------------- cli


def _fmt(prf: PRF) -> str:
    return f"p={prf.p:.3f} r={prf.r:.3f} f1={prf.f1:.3f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="MUC/B3 coreference scores of `graph entities` on annotated BBC articles."
    )
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument(
        "--pred", type=Path, help="score this saved `graph entities` JSON instead of running it"
    )
    ap.add_argument("--save-pred", type=Path, help="write the prediction JSON here")
    ap.add_argument("--per-article", action="store_true", help="also print one line per article")
    ap.add_argument(
        "--keep-singletons", action="store_true", help="score singleton gold clusters too"
    )
    ap.add_argument("--timeout", type=float, default=None, help="seconds allowed for extraction")
    args = ap.parse_args(argv)

    gold = load_gold(args.gold)
    texts: dict[str, str] = {}
    if args.corpus.exists():
        corpus = load_corpus(args.corpus)
        problems = gold_problems(gold, corpus)
        if problems:
            print("gold does not match corpus:\n  " + "\n  ".join(problems), file=sys.stderr)
            return 2
        texts = {str(a["row"]): corpus[a["row"]] for a in gold["articles"]}
    elif not args.pred:
        print(f"corpus not found: {args.corpus} (needed unless --pred is given)", file=sys.stderr)
        return 2

    if args.pred:
        entities = json.loads(args.pred.read_text(encoding="utf-8"))
    else:
        try:
            entities = run_extraction(texts, timeout=args.timeout)
        except (RuntimeError, json.JSONDecodeError, subprocess.TimeoutExpired) as exc:
            print(f"extraction failed: {exc}", file=sys.stderr)
            return 2
    if args.save_pred:
        args.save_pred.write_text(
            json.dumps(entities, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )

    bad = span_text_mismatches(entities, texts)
    if bad:
        print(
            f"warning: {bad} predicted span(s) whose text differs from the document",
            file=sys.stderr,
        )

    total, results = score(gold, entities, keep_singletons=args.keep_singletons)
    if args.per_article:
        for r in results:
            print(
                f"row={r.row} muc {_fmt(r.counts.muc)} b3 {_fmt(r.counts.b3)} "
                f"avg f1={r.counts.avg_f1:.3f} (gold mentions={r.gold_mentions}, "
                f"clusters={r.gold_clusters}, aligned={r.aligned}, "
                f"pred mentions={r.pred_mentions}, pred entities={r.pred_entities})"
            )
    n_m = sum(r.gold_mentions for r in results)
    n_c = sum(r.gold_clusters for r in results)
    print(
        f"coref muc {_fmt(total.muc)} b3 {_fmt(total.b3)} avg f1={total.avg_f1:.3f} "
        f"(articles={len(results)}, gold mentions={n_m}, clusters={n_c})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
