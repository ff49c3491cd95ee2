"""Extraction throughput against raw spaCy parsing on the same sentences.

Prints one line: raw nlp.pipe sentences/s, kg extraction sentences/s (parse +
clauses + coreference + claims, as `kg triples --sentences` does), and their
ratio. Model loading is excluded. Parsing and extraction are timed separately
(extraction on the already parsed documents), each best-of-N, so that the
ratio parse / (parse + extraction) is not swamped by the machine's noise in
parsing time.

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

    parsed: list = []

    def raw() -> None:
        parsed.clear()
        parsed.extend(nlp.pipe((single_sentence(nlp.make_doc(x)) for x in lines), batch_size=64))

    def extraction() -> None:
        for i, doc in enumerate(parsed):
            document_graph(doc, "bench", reports=True, keep_unresolved=True, sentence_offset=i)

    def best(func) -> float:
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            func()
            times.append(time.perf_counter() - start)
        return min(times)

    t_raw = best(raw)
    t_extract = best(extraction)
    t_full = t_raw + t_extract
    n = len(lines)
    print(
        f"extraction speed: raw nlp.pipe {n / t_raw:.1f} sent/s, kg extraction {n / t_full:.1f} sent/s, "
        f"ratio={t_raw / t_full:.3f} (extraction alone {n / t_extract:.0f} sent/s; {n} sentences, best of {args.repeat})"
    )


if __name__ == "__main__":
    main()
