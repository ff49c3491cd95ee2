"""Profile the part of `kg build` that is not spaCy: extraction rules, coreference, GraphBuilder.

The documents are parsed first (not profiled); then `document_graph` on each parsed
`Doc` and `GraphBuilder.add_document` on each result are timed (CPU time of this process,
the best of `--repeat` runs: the machine's other load moves it less than wall
time), with the time the cyclic garbage collector took in them, then run once
under cProfile. Prints the milliseconds per article and the top functions by
cumulative and by own time.

    uv run python benchmarks/profile_extraction.py [--limit 100] [--repeat 3] [--top 30] [--out FILE.prof]
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.throughput import DEFAULT, read_corpus  # noqa: E402
from extract.document import document_graph  # noqa: E402
from extract.nlp import load_nlp  # noqa: E402
from graph.rdf.model import GraphBuilder  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--out", type=Path, default=None, help="also save the raw profile here")
    parser.add_argument("--no-profile", action="store_true", help="only time (no cProfile overhead)")
    args = parser.parse_args()
    docs = read_corpus(args.corpus, args.limit)
    nlp = load_nlp()
    parsed = list(zip((doc_id for doc_id, _ in docs), nlp.pipe((text for _, text in docs), batch_size=16), strict=True))

    def run() -> None:
        builder = GraphBuilder()
        for doc_id, doc in parsed:
            builder.add_document(document_graph(doc, doc_id))

    collecting = {"start": 0.0, "seconds": 0.0, "full": 0}

    def on_collect(phase: str, info: dict) -> None:
        if phase == "start":
            collecting["start"] = time.process_time()
        else:
            collecting["seconds"] += time.process_time() - collecting["start"]
            collecting["full"] += info["generation"] == 2

    run()  # warm up caches, as a long run would have them
    gc.callbacks.append(on_collect)
    runs = []
    for _ in range(args.repeat):
        collecting.update(seconds=0.0, full=0)
        start = time.process_time()
        run()
        runs.append((time.process_time() - start, collecting["seconds"], collecting["full"]))
    gc.callbacks.remove(on_collect)
    best, in_gc, full = min(runs)
    n = len(parsed)
    print(
        f"non-spaCy part: {1000 * best / n:.2f} ms/article CPU (best of {args.repeat}: "
        f"{', '.join(f'{1000 * r[0] / n:.1f}' for r in runs)}), of which garbage collector "
        f"{1000 * in_gc / n:.2f} ms ({full} full collections); {n} articles"
    )
    if args.no_profile:
        return
    profiler = cProfile.Profile()
    profiler.runcall(run)
    stats = pstats.Stats(profiler)
    if args.out:
        stats.dump_stats(str(args.out))
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
