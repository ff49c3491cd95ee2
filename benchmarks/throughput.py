"""Whole-document throughput on the BBC news test corpus (334 articles).

Measures, with model loading excluded: raw `nlp.pipe` words/s (the same
pipeline components and batch size), full extraction words/s
(`extract_documents` + `GraphBuilder`, i.e. what `kg build` does before
writing), their ratio, the speed-up of `n_process=2`, and peak RSS of this
process and of its largest child. Prints one line:

    throughput: raw=.. words/s full=.. words/s ratio=.. n_process2=..x peak_rss=..MB (children ..MB; N docs, W words)

    uv run python benchmarks/throughput.py [--corpus FILE.csv] [--limit N]
"""

from __future__ import annotations

import argparse
import csv
import resource
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
    args = parser.parse_args()
    docs = read_corpus(args.corpus, args.limit)
    words = sum(len(text.split()) for _, text in docs)
    nlp = load_nlp()
    list(nlp.pipe([text for _, text in docs[:4]]))  # warm up

    start = time.perf_counter()
    for _ in nlp.pipe((text for _, text in docs), batch_size=args.batch_size):
        pass
    t_raw = time.perf_counter() - start

    def full(n_process: int) -> float:
        start = time.perf_counter()
        builder = GraphBuilder()
        for document in extract_documents(
            nlp, docs, batch_size=args.batch_size, n_process=n_process
        ):
            builder.add_document(document)
        return time.perf_counter() - start

    t_full = full(1)
    t_two = full(2)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"throughput: raw={words / t_raw:.0f} words/s full={words / t_full:.0f} words/s "
        f"ratio={t_raw / t_full:.2f} n_process2={t_full / t_two:.2f}x peak_rss={own:.0f}MB "
        f"(children {children:.0f}MB; {len(docs)} docs, {words} words, batch {args.batch_size})"
    )


if __name__ == "__main__":
    main()
