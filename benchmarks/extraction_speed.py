"""Extraction throughput against raw spaCy parsing on the same sentences.

Prints one line: raw nlp.pipe sentences/s, kg extraction sentences/s (parse +
clauses + coreference + claims, as `kg triples --sentences` does), and their
ratio. Model loading is excluded from both; each is timed best-of-N.

    uv run python benchmarks/extraction_speed.py [--sentences FILE] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.document import document_graph  # noqa: E402
from extract.nlp import load_nlp, single_sentence  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "benchmarks" / "carb-dev" / "sentences.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    lines = [line for line in args.sentences.read_text(encoding="utf-8").splitlines() if line.strip()]
    nlp = load_nlp()
    list(nlp.pipe(lines[:20]))  # warm up

    def raw() -> None:
        for _ in nlp.pipe((single_sentence(nlp.make_doc(x)) for x in lines), batch_size=64):
            pass

    def full() -> None:
        for i, doc in enumerate(nlp.pipe((single_sentence(nlp.make_doc(x)) for x in lines), batch_size=64)):
            document_graph(doc, "bench", reports=True, keep_unresolved=True, sentence_offset=i)

    def best(func) -> float:
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            func()
            times.append(time.perf_counter() - start)
        return min(times)

    t_raw, t_full = best(raw), best(full)
    n = len(lines)
    print(
        f"extraction speed: raw nlp.pipe {n / t_raw:.1f} sent/s, kg extraction {n / t_full:.1f} sent/s, "
        f"ratio={t_raw / t_full:.3f} ({n} sentences, best of {args.repeat})"
    )


if __name__ == "__main__":
    main()
