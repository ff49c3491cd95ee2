"""How soon `kg triples` prints its first line on a corpus, against the cost of starting at all.

The issue this answers: `kg triples` on 100 BBC articles held everything back until the end
(10.7 s, then 48 s on a loaded machine, to the first line). Runs `kg triples FILE.csv
--text-column text --format F` as its own process on the first N articles, and once on the
first article alone (start-up, model load and one document: the floor), and prints one line:

    first_line: N docs, FORMAT: first line S s, last line S s; one article alone: first line S s

    uv run python benchmarks/first_line.py                       # 100 articles, the table
    uv run python benchmarks/first_line.py --limit 100 --format jsonl
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpus" / "bbc-news-test.csv"


def first_rows(corpus: Path, limit: int, out: Path) -> None:
    """The header and the first `limit` rows of `corpus`, byte for byte as csv reads them."""
    csv.field_size_limit(2**31 - 1)
    with corpus.open(encoding="utf-8", errors="surrogateescape", newline="") as source:
        rows = csv.reader(source)
        with out.open("w", encoding="utf-8", errors="surrogateescape", newline="") as target:
            writer = csv.writer(target)
            for number, row in enumerate(rows):
                if number > limit:
                    break
                writer.writerow(row)


def timed(command: list[str]) -> tuple[float, float]:
    """Seconds to the first line on stdout and to the end of `command`."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    first = proc.stdout.readline()
    at_first = time.perf_counter() - start
    for _ in proc.stdout:
        pass
    if proc.wait() != 0 or not first:
        sys.exit(f"first_line: {' '.join(command)} failed (exit status {proc.returncode})")
    return at_first, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=100, help="the first N articles (default: 100)")
    parser.add_argument("--format", default="table", choices=["table", "jsonl"])
    args = parser.parse_args()
    kg = [sys.executable, "-m", "graph", "triples", "--text-column", "text", "--format", args.format, "-q"]
    with tempfile.TemporaryDirectory() as tmp:
        corpus, one = Path(tmp) / "corpus.csv", Path(tmp) / "one.csv"
        first_rows(args.corpus, args.limit, corpus)
        first_rows(args.corpus, 1, one)
        floor, _ = timed([*kg, str(one)])
        first, last = timed([*kg, str(corpus)])
    print(
        f"first_line: {args.limit} docs, {args.format}: first line {first:.1f} s, last line {last:.1f} s; "
        f"one article alone: first line {floor:.1f} s"
    )


if __name__ == "__main__":
    main()
