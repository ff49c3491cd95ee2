"""`kg triples` prints each document's results before the next document arrives (a live feed)."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIRST = {"id": "first", "text": "The Harbour Authority fined a ferry company."}
SECOND = {"id": "second", "text": "The ministry warned the shipping firm."}


def _read_until(fd: int, needle: str, timeout: float) -> str:
    """What `fd` gives up to and including `needle`; fails after `timeout` seconds without it."""
    seen = b""
    while needle.encode() not in seen:
        ready, _, _ = select.select([fd], [], [], timeout)
        assert ready, f"nothing more after {timeout} s; so far: {seen!r}"
        chunk = os.read(fd, 65536)
        assert chunk, f"output ended before {needle!r}: {seen!r}"
        seen += chunk
    return seen.decode("utf-8")


def _open_writer(feed: Path, proc: subprocess.Popen, timeout: float):
    """The FIFO's writing end, once kg has opened it for reading (fails if kg exits first)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            fd = os.open(feed, os.O_WRONLY | os.O_NONBLOCK)  # ENXIO until a reader has it open
        except OSError:
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "kg never opened the feed"
            time.sleep(0.05)
            continue
        os.set_blocking(fd, True)
        return open(fd, "w", encoding="utf-8")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
@pytest.mark.parametrize(
    ("fmt", "first_line"), [("table", "doc: first"), ("jsonl", '"doc": "first"')]
)
def test_first_document_is_printed_before_the_second_is_written(tmp_path, fmt, first_line):
    feed = tmp_path / "feed.jsonl"
    os.mkfifo(feed)
    command = [
        sys.executable,
        "-m",
        "graph",
        "triples",
        str(feed),
        "--id-column",
        "id",
        "--format",
        fmt,
    ]
    proc = subprocess.Popen(
        [*command, "--batch-size", "1", "-q"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        with _open_writer(feed, proc, timeout=120) as writer:
            writer.write(json.dumps(FIRST) + "\n")
            writer.flush()
            early = _read_until(proc.stdout.fileno(), "fined", timeout=120)
            assert first_line in early and "second" not in early
            writer.write(json.dumps(SECOND) + "\n")
        rest = early + proc.stdout.read().decode("utf-8")
        assert proc.wait(timeout=60) == 0, proc.stderr.read().decode()
    finally:
        proc.kill()
        proc.wait()
    assert "warned" in rest.removeprefix(early)
    if fmt == "table":
        assert "doc: second" in rest and rest.rstrip().endswith("(2 rows in 2 documents)")
