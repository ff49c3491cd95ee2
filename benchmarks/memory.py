"""Peak memory and time of `kg build` on four hostile inputs, generated here.

The inputs of issue 15, item 8 (sizes scaled by `--scale`, default 1):

- `random`: 5 MB of random bytes in a .txt file (seeded);
- `lines`: 100,000 one-line sentences (~1 MB), one file;
- `long`: a 20 MB text (the prepared news articles of benchmarks/news/docs, repeated);
- `cell`: a CSV whose one row holds a 50 MB text cell (the same articles).

Each runs as its own `kg build INPUT -o OUT.nt -q` process, so its peak RSS
(from `wait4`) is its own; a run that exceeds `--timeout` is killed and shown as
`>Ns`. Prints one line:

    memory: random 5.0MB 41.2s 420MB | lines 1.1MB ... | long ... | cell ...

    uv run python benchmarks/memory.py [--scale 0.1] [--only random,lines] [--timeout 900] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "benchmarks" / "news" / "docs"
MB = 1_000_000
# the sizes at scale 1
SIZES = {"random": 5 * MB, "lines": 100_000, "long": 20 * MB, "cell": 50 * MB}

_NAMES = ["Ann", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Ivy", "Jo", "Kim"]
_VERBS = ["saw", "met", "hit", "paid", "led", "fed", "won", "got"]
_THINGS = ["it", "us", "Al", "a dog", "tea", "gold", "ten"]


def _news_text(size: int) -> str:
    """Real article text repeated to `size` characters, cut at an article boundary when possible."""
    articles = [p.read_text(encoding="utf-8").strip() for p in sorted(ARTICLES.glob("*.txt"))]
    parts: list[str] = []
    total = 0
    while total < size:
        for article in articles:
            parts.append(article)
            total += len(article) + 2
            if total >= size:
                break
    return "\n\n".join(parts)[:size]


def make_input(kind: str, folder: Path, scale: float) -> tuple[Path, str]:
    """Write input `kind` into `folder`; returns its path and a short description."""
    amount = max(1, int(SIZES[kind] * scale))
    rng = random.Random(15)
    if kind == "random":
        path = folder / "random.txt"
        path.write_bytes(rng.randbytes(amount))
    elif kind == "lines":
        path = folder / "lines.txt"
        lines = (f"{rng.choice(_NAMES)} {rng.choice(_VERBS)} {rng.choice(_THINGS)}." for _ in range(amount))
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif kind == "long":
        path = folder / "long.txt"
        path.write_text(_news_text(amount), encoding="utf-8")
    else:
        path = folder / "cell.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "text"])
            writer.writerow(["big", _news_text(amount)])
    size = path.stat().st_size
    label = f"{amount} lines {size / MB:.1f}MB" if kind == "lines" else f"{size / MB:.1f}MB"
    return path, label


def run_build(path: Path, output: Path, timeout: float) -> tuple[float, float, str]:
    """(seconds, peak RSS MB, outcome) of one `kg build` process."""
    command = [sys.executable, "-m", "graph", "build", str(path), "-o", str(output), "-q"]
    log = output.with_suffix(".log")
    start = time.monotonic()
    with log.open("wb") as err_file:
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err_file, start_new_session=True
        )
    deadline = start + timeout
    try:
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                os.killpg(process.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(process.pid, 0)
                return time.monotonic() - start, usage.ru_maxrss / 1024, "timeout"
            time.sleep(0.2)
    except BaseException:  # interrupted: the build runs in its own session, so stop it here
        os.killpg(process.pid, signal.SIGKILL)
        os.wait4(process.pid, 0)
        raise
    seconds = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    err = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    outcome = "ok" if code == 0 else f"exit {code}: {err[-1] if err else ''}"
    return seconds, usage.ru_maxrss / 1024, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every input size (default: 1)")
    parser.add_argument("--only", default=",".join(SIZES), help="comma-separated inputs (default: all four)")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds before a run is killed")
    parser.add_argument("--keep", type=Path, default=None, help="write inputs and outputs here (default: a temp folder)")
    args = parser.parse_args()
    kinds = [k.strip() for k in args.only.split(",") if k.strip()]
    unknown = set(kinds) - set(SIZES)
    if unknown:
        parser.error(f"unknown input(s) {', '.join(sorted(unknown))}; choose from {', '.join(SIZES)}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        results = []
        for kind in kinds:
            path, label = make_input(kind, folder, args.scale)
            seconds, peak, outcome = run_build(path, folder / f"{kind}.nt", args.timeout)
            shown = f">{seconds:.0f}s" if outcome == "timeout" else f"{seconds:.1f}s"
            note = "" if outcome == "ok" else f" ({outcome})"
            results.append(f"{kind} {label} {shown} {peak:.0f}MB{note}")
            print(f"  {results[-1]}", file=sys.stderr, flush=True)  # progress: one line per input as it ends
    print("memory: " + " | ".join(results))


if __name__ == "__main__":
    main()
