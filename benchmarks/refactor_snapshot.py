"""Snapshot of kg's outputs, to show that a refactoring changes none of them.

Writes `kg build` Turtle (a file and a store export), `kg triples` jsonl/tsv/carb and
`kg entities` json/jsonl for the seed folder examples/ and for the first 30 articles of
../shared/corpus/bbc-news-test.csv into one folder; `--compare OTHER` then lists the files
that differ from an earlier snapshot (exit 1 if any does).

    python benchmarks/refactor_snapshot.py /tmp/snap-before
    ... refactor ...
    python benchmarks/refactor_snapshot.py /tmp/snap-after --compare /tmp/snap-before

Not run by CI (it reads ../shared). `benchmarks/snapshot.py save|check DIR` is its twin for
speed work (fewer outputs, each command in its own process). The commands run in this process (`graph.cli.main`),
so the spaCy model is loaded once.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BBC = ROOT.parent / "shared" / "corpus" / "bbc-news-test.csv"
ARTICLES = 30


def _bbc_sample(folder: Path) -> Path:
    """The first ARTICLES rows of the BBC test set as a CSV of its own (same bytes every run)."""
    csv.field_size_limit(sys.maxsize)
    with BBC.open(encoding="utf-8", errors="surrogateescape", newline="") as handle:
        reader = csv.reader(handle)
        rows = [next(reader) for _ in range(ARTICLES + 1)]  # header + articles
    target = folder / "bbc30.csv"
    with target.open("w", encoding="utf-8", errors="surrogateescape", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return target


def _run(argv: list[str]) -> None:
    from graph.cli import main

    code = main(argv)
    if code != 0:
        raise SystemExit(f"snapshot: kg {' '.join(argv)} exited {code}")


def take(out: Path) -> list[Path]:
    """Write every output into `out`; the files written."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kg-snapshot-") as tmp:
        work = Path(tmp)
        inputs = {"seed": [str(ROOT / "examples")], "bbc30": [str(_bbc_sample(work))]}
        for name, paths in inputs.items():
            _run(["build", *paths, "-o", str(out / f"{name}.ttl"), "-q"])
            store = work / f"{name}-store"
            _run(["build", *paths, "--store", str(store), "-q"])
            _run(["export", "--store", str(store), "-o", str(out / f"{name}-store.nt"), "-q"])
            shutil.rmtree(store)
            for fmt in ("jsonl", "tsv"):
                _run(["triples", *paths, "--format", fmt, "-o", str(out / f"{name}-triples.{fmt}"), "-q"])
            for fmt in ("json", "jsonl"):
                _run(["entities", *paths, "--format", fmt, "-o", str(out / f"{name}-entities.{fmt}"), "-q"])
        seed_text = ROOT / "examples" / "mss-consultancy-warning.txt"
        _run(["triples", str(seed_text), "--sentences", "--format", "carb", "-o", str(out / "seed-lines.carb"), "-q"])
    return sorted(out.iterdir())


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the snapshot into")
    parser.add_argument("--compare", type=Path, default=None, help="an earlier snapshot folder")
    args = parser.parse_args(argv)
    written = take(args.out)
    for path in written:
        print(f"{_digest(path)}  {path.stat().st_size:>9}  {path.name}")
    if args.compare is None:
        return 0
    names = {p.name for p in written} | {p.name for p in args.compare.iterdir()}
    differ = [
        n for n in sorted(names)
        if not (args.out / n).exists() or not (args.compare / n).exists()
        or (args.out / n).read_bytes() != (args.compare / n).read_bytes()
    ]
    for name in differ:
        print(f"differs: {name}")
    print(f"{len(names) - len(differ)} of {len(names)} files byte-identical to {args.compare}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
