"""News-KG benchmark: the graph kg builds from whole real news articles, scored against a blind gold.

Gold data
---------
``benchmarks/news/docs/NAME.txt`` are 24 BBC articles (rows of ``../shared/corpus/bbc-news-test.csv``
listed in ``benchmarks/news/articles.tsv``), prepared as the instrument's guideline says: headline,
blank line, body, ``Â£`` repaired to ``£``.  ``benchmarks/news/ann/NAME.ann`` is each article's
annotation, written blind (from the text alone, by annotators who never saw kg's output).
``benchmarks/news/README.md`` records how they were chosen and every calibration change.

The instrument
--------------
``../shared/benchmarks/news-kg/`` (``build.py``, ``sentsplit.py``, ``score.py``) is called where it
lies, never copied: ``build.py`` turns the ``.ann`` files into a gold JSON, ``score.py`` scores
``kg triples DOCS --format jsonl`` and ``kg entities DOCS --format json`` against it.

What this script adds
---------------------
* the runs of kg itself (the current checkout, ``python -m graph``), one per output;
* the all-singletons B-cubed baseline: the same scorer fed an entity list in which every gold mention
  is its own entity (what a tool that merges nothing would score);
* MUC, B-cubed, CEAF-e and their CoNLL average over the gold mentions, with kg's spans paired to gold
  mentions exactly as ``score.py`` pairs them (best overlap ratio first, one to one).  A gold mention
  without a kg span is its own cluster on the response side.

Usage::

    uv run python benchmarks/news.py                 # per-document table + summary lines
    uv run python benchmarks/news.py --missed        # also every wrong edge and missed gold fact
    uv run python benchmarks/news.py --keep out/news # keep gold.json, triples.jsonl, entities.json
    uv run python benchmarks/news.py --pred-dir out/news   # score saved outputs, no kg run

The last lines are ``score.py``'s summary line, then::

    news coref muc_f1=.. b3_f1=.. ceafe_f1=.. conll_f1=.. singletons_b3_f1=.. mentions=N
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NEWS = REPO / "benchmarks" / "news"
DOCS = NEWS / "docs"
ANN = NEWS / "ann"
INSTRUMENT = REPO.parent / "shared" / "benchmarks" / "news-kg"


def build_gold(instrument: Path, out: Path, ann: Path = ANN, docs: Path = DOCS) -> dict:
    """Run the instrument's build.py (it checks every mention, id and regex); return the gold JSON."""
    run([sys.executable, str(instrument / "build.py"), str(ann), str(docs), str(out)], quiet=True)
    return json.loads(out.read_text(encoding="utf-8"))


def run_kg(docs: Path, triples: Path, entities: Path) -> None:
    """The two kg outputs the scorer reads, from this checkout."""
    kg = [sys.executable, "-m", "graph"]
    run([*kg, "triples", str(docs), "--format", "jsonl", "-q", "-o", str(triples)])
    run([*kg, "entities", str(docs), "--format", "json", "-q", "-o", str(entities)])


def run(cmd: list[str], *, quiet: bool = False) -> str:
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"news: {' '.join(cmd[1:3])} failed ({proc.returncode}): {proc.stderr.strip() or proc.stdout.strip()}")
    if not quiet and proc.stderr.strip():
        print(proc.stderr.strip(), file=sys.stderr)
    return proc.stdout


def gold_mentions(gold: dict) -> dict[str, list[tuple[int, int, str]]]:
    """doc -> [(start, end, gold entity id)] over every annotated mention."""
    out: dict[str, list[tuple[int, int, str]]] = {}
    for name, doc in gold["documents"].items():
        out[name] = [(m["start"], m["end"], e["id"]) for e in doc["entities"] for m in e["mentions"]]
    return out


def singleton_entities(gold: dict) -> list[dict]:
    """An entity list that makes every gold mention its own entity: the no-merge baseline."""
    ents = []
    for name, mentions in gold_mentions(gold).items():
        for i, (a, b, _) in enumerate(mentions):
            ents.append({"id": f"{name}#{i}", "spans": [{"doc": name, "start": a, "end": b}]})
    return ents


def kg_spans(entities: list[dict]) -> dict[str, list[tuple[int, int, str]]]:
    out: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for e in entities:
        for sp in e.get("spans", []):
            out[sp["doc"]].append((sp["start"], sp["end"], e["id"]))
    return out


def pair(gold: list[tuple[int, int, str]], spans: list[tuple[int, int, str]]) -> dict[int, int]:
    """Gold mention index -> kg span index: best overlap ratio first, one to one (as score.py pairs)."""
    cands = []
    for gi, (a, b, _) in enumerate(gold):
        for ki, (c, d, _) in enumerate(spans):
            inter = min(b, d) - max(a, c)
            if inter > 0:
                cands.append((inter / (max(b, d) - min(a, c)), gi, ki))
    cands.sort(reverse=True)
    paired: dict[int, int] = {}
    used: set[int] = set()
    for _, gi, ki in cands:
        if gi not in paired and ki not in used:
            paired[gi] = ki
            used.add(ki)
    return paired


def clusters(gold: list[tuple[int, int, str]], spans: list[tuple[int, int, str]]):
    """Key and response partitions of the gold mention indices."""
    paired = pair(gold, spans)
    key: dict[str, set[int]] = defaultdict(set)
    resp: dict[object, set[int]] = defaultdict(set)
    for gi, (_, _, eid) in enumerate(gold):
        key[eid].add(gi)
        resp[spans[paired[gi]][2] if gi in paired else ("single", gi)].add(gi)
    return list(key.values()), list(resp.values())


def muc(key: list[set[int]], resp: list[set[int]]) -> tuple[float, float]:
    """(numerator, denominator) of MUC recall of `key` against `resp` (swap for precision)."""
    where = {m: i for i, r in enumerate(resp) for m in r}
    num = sum(len(k) - len({where[m] for m in k}) for k in key)
    den = sum(len(k) - 1 for k in key)
    return num, den


def b3(key: list[set[int]], resp: list[set[int]]) -> tuple[float, float, int]:
    """(precision sum, recall sum, mentions): every gold mention is in exactly one of each."""
    kof = {m: k for k in key for m in k}
    rof = {m: r for r in resp for m in r}
    p = sum(len(kof[m] & rof[m]) / len(rof[m]) for m in kof)
    r = sum(len(kof[m] & rof[m]) / len(kof[m]) for m in kof)
    return p, r, len(kof)


def ceafe(key: list[set[int]], resp: list[set[int]]) -> tuple[float, int, int]:
    """(similarity of the best one-to-one entity alignment, |key|, |resp|), phi4 similarity."""
    import networkx as nx

    g = nx.Graph()
    for i, k in enumerate(key):
        for j, r in enumerate(resp):
            if k & r:
                g.add_edge(("k", i), ("r", j), weight=2 * len(k & r) / (len(k) + len(r)))
    best = nx.max_weight_matching(g)
    return float(sum(g.edges[u, v]["weight"] for u, v in best)), len(key), len(resp)


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def coref_scores(gold: dict, entities: list[dict]) -> dict[str, float]:
    """Corpus-level MUC / B-cubed / CEAF-e F1 and the CoNLL average (micro over documents)."""
    spans = kg_spans(entities)
    mr = [0.0, 0.0]
    mp = [0.0, 0.0]
    bp = br = 0.0
    n = 0
    cs = ck = cr = 0.0
    for name, mentions in gold_mentions(gold).items():
        key, resp = clusters(mentions, spans.get(name, []))
        a, b = muc(key, resp)
        mr[0] += a
        mr[1] += b
        a, b = muc(resp, key)
        mp[0] += a
        mp[1] += b
        p, r, m = b3(key, resp)
        bp, br, n = bp + p, br + r, n + m
        s, k, q = ceafe(key, resp)
        cs, ck, cr = cs + s, ck + k, cr + q
    muc_f = f1(mp[0] / mp[1] if mp[1] else 0, mr[0] / mr[1] if mr[1] else 0)
    b3_f = f1(bp / n if n else 0, br / n if n else 0)
    ce_f = f1(cs / cr if cr else 0, cs / ck if ck else 0)
    return {"muc_f1": muc_f, "b3_f1": b3_f, "ceafe_f1": ce_f, "conll_f1": (muc_f + b3_f + ce_f) / 3, "mentions": n}


def score(instrument: Path, gold_path: Path, triples: Path, entities: Path, *, missed: bool, docs: Path = DOCS) -> str:
    flags = ["--missed"] if missed else ["--quiet"]
    return run([sys.executable, str(instrument / "score.py"), str(gold_path), str(docs), str(triples), str(entities), *flags])


def summary_value(score_output: str, field: str) -> float:
    last = score_output.strip().splitlines()[-1]
    return float(dict(kv.split("=") for kv in last.split()[1:])[field])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--missed", action="store_true", help="list every wrong edge and missed gold fact")
    ap.add_argument("--keep", type=Path, help="write gold.json, triples.jsonl, entities.json here")
    ap.add_argument("--pred-dir", type=Path, help="score triples.jsonl + entities.json saved here; no kg run")
    ap.add_argument("--instrument", type=Path, default=INSTRUMENT, help="folder of build.py / score.py")
    args = ap.parse_args(argv)
    if not (args.instrument / "score.py").is_file():
        sys.exit(f"news: no score.py in {args.instrument} (the news-kg instrument lives in ../shared)")
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or args.pred_dir or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        gold_path = out / "gold.json" if not args.pred_dir else Path(tmp) / "gold.json"
        gold = build_gold(args.instrument, gold_path)
        triples, entities = out / "triples.jsonl", out / "entities.json"
        if not args.pred_dir:
            run_kg(DOCS, triples, entities)
        print(score(args.instrument, gold_path, triples, entities, missed=args.missed), end="")
        single = Path(tmp) / "singletons.json"
        single.write_text(json.dumps(singleton_entities(gold)), encoding="utf-8")
        empty = Path(tmp) / "empty.jsonl"
        empty.write_text("", encoding="utf-8")
        base = summary_value(score(args.instrument, gold_path, empty, single, missed=False), "b3_f1")
        c = coref_scores(gold, json.loads(entities.read_text(encoding="utf-8")))
        print(
            f"news coref muc_f1={c['muc_f1']:.3f} b3_f1={c['b3_f1']:.3f} ceafe_f1={c['ceafe_f1']:.3f} "
            f"conll_f1={c['conll_f1']:.3f} singletons_b3_f1={base:.3f} mentions={c['mentions']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
