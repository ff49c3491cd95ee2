"""Whole-document throughput on the BBC news test corpus (334 articles).

Measures, with model loading excluded: raw `nlp.pipe` words/s (the same
pipeline components and batch size), full extraction words/s
(`extract_documents` + `GraphBuilder`, i.e. what `kg build` does before
writing), their ratio, the speed-up of `n_process=2`, and peak RSS of this
process and of its largest child.

On a shared machine one raw pass and one full pass can differ by a fifth from
the other load alone, so the two are timed `--repeat` times, interleaved (raw
then full, then full then raw, ...: a drift in the machine's speed falls on both
alike); the ratio is of the two medians, and `rounds=` gives the lowest and highest
ratio of one round. Prints one line:

    throughput: raw=.. words/s full=.. words/s ratio=.. (rounds ..-..) n_process2=..x peak_rss=..MB (children ..MB; N docs, W words, R rounds)

    uv run python benchmarks/throughput.py [--corpus FILE.csv] [--limit N] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.nlp import load_nlp  # noqa: E402
from extract.pipeline import extract_documents  # noqa: E402
from graph.rdf.model import GraphBuilder  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "corpus" / "bbc-news-test.csv"


def read_corpus(path: Path, limit: int | None) -> list[tuple[str, str]]:
    csv.field_size_limit(2**31 - 1)
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        texts = [row["text"] for row in csv.DictReader(handle) if row.get("text", "").strip()]
    return [(f"bbc-{i}", text) for i, text in enumerate(texts[:limit])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=3, help="interleaved raw/full rounds")
    args = parser.parse_args()
    docs = read_corpus(args.corpus, args.limit)
    words = sum(len(text.split()) for _, text in docs)
    nlp = load_nlp()
    list(nlp.pipe([text for _, text in docs[:4]]))  # warm up

    def raw() -> float:
        start = time.perf_counter()
        for _ in nlp.pipe((text for _, text in docs), batch_size=args.batch_size):
            pass
        return time.perf_counter() - start

    def full(n_process: int) -> float:
        start = time.perf_counter()
        builder = GraphBuilder()
        for document in extract_documents(
            nlp, docs, batch_size=args.batch_size, n_process=n_process
        ):
            builder.add_document(document)
        return time.perf_counter() - start

    rounds: list[tuple[float, float]] = []
    for i in range(max(1, args.repeat)):
        if i % 2 == 0:
            t_raw = raw()
            rounds.append((t_raw, full(1)))
        else:
            t_full = full(1)
            rounds.append((raw(), t_full))
    t_raw = statistics.median(r for r, _ in rounds)
    t_full = statistics.median(f for _, f in rounds)
    ratios = [r / f for r, f in rounds]
    t_two = full(2)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"throughput: raw={words / t_raw:.0f} words/s full={words / t_full:.0f} words/s "
        f"ratio={t_raw / t_full:.2f} (rounds {min(ratios):.2f}-{max(ratios):.2f}) n_process2={t_full / t_two:.2f}x peak_rss={own:.0f}MB "
        f"(children {children:.0f}MB; {len(docs)} docs, {words} words, batch {args.batch_size}, {len(rounds)} rounds)"
    )


if __name__ == "__main__":
    main()
