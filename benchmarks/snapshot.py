"""Snapshot kg's outputs, or check they are byte-identical to a snapshot (for speed work).

Runs the real `kg` command on the seed (examples/) and on the first N articles of
the BBC test corpus, and keeps `kg build -o x.ttl`, `kg triples --format jsonl`,
`kg triples --format tsv` and `kg entities --format json`. A speed-up must leave
every one of them byte for byte as it was.

    uv run python benchmarks/snapshot.py save DIR [--rows 30]
    uv run python benchmarks/snapshot.py check DIR [--rows 30]   # exit 1 and a diff line if anything changed

DIR is scratch space outside the repository (the outputs are not committed).
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "bbc-news-test.csv"
KG = [sys.executable, "-m", "graph"]


def _bbc_rows(rows: int, target: Path) -> Path:
    """The first `rows` records of the corpus, as they are written (messy encoding kept)."""
    csv.field_size_limit(2**31 - 1)
    with CORPUS.open(encoding="utf-8", errors="surrogateescape", newline="") as handle:
        reader = csv.reader(handle)
        records = [next(reader) for _ in range(rows + 1)]
    path = target / "bbc.csv"
    with path.open("w", encoding="utf-8", errors="surrogateescape", newline="") as handle:
        csv.writer(handle).writerows(records)
    return path


def _outputs(inputs: dict[str, Path], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, source in inputs.items():
        commands = {
            f"{name}.ttl": ["build", str(source), "-q", "-o", str(out / f"{name}.ttl")],
            f"{name}.triples.jsonl": ["triples", str(source), "-q", "--format", "jsonl"],
            f"{name}.triples.tsv": ["triples", str(source), "-q", "--format", "tsv"],
            f"{name}.entities.json": ["entities", str(source), "-q", "--format", "json"],
        }
        for file, args in commands.items():
            result = subprocess.run(KG + args, cwd=ROOT, capture_output=True, check=False)
            if result.returncode != 0:
                sys.exit(f"snapshot: kg {' '.join(args)} failed: {result.stderr.decode(errors='replace').strip()}")
            if not args[-1].endswith(".ttl"):
                (out / file).write_bytes(result.stdout)
            written.append(out / file)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["save", "check"])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--rows", type=int, default=30, help="BBC articles to include (default: 30)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        inputs = {"seed": ROOT / "examples", "bbc": _bbc_rows(args.rows, Path(scratch))}
        if args.action == "save":
            files = _outputs(inputs, args.dir)
            print(f"snapshot: saved {len(files)} files in {args.dir}")
            return
        files = _outputs(inputs, Path(scratch) / "now")
        changed = [f.name for f in files if not filecmp.cmp(f, args.dir / f.name, shallow=False)]
    if changed:
        sys.exit(f"snapshot: changed: {', '.join(changed)}")
    print(f"snapshot: {len(files)} files identical to {args.dir}")


if __name__ == "__main__":
    main()
