"""Hostile sizes and shapes of input (issue 15, item 8) and a SIGKILLed `--jobs` build."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

import extract.pipeline as pipeline
from extract.sections import Limits
from graph.cli import main as kg_main
from graph.rdf.vocab import KG

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "mss-consultancy-warning.txt"
ARTICLES = sorted((ROOT / "benchmarks" / "news" / "docs").glob("*.txt"))[:3]
SMALL = Limits(
    max_chars=4_000, max_tokens=3_000, section_chars=2_500, section_tokens=1_000, batch_tokens=1_500
)


def test_random_bytes_give_a_graph_not_a_traceback(tmp_path, nlp, capsys):
    # these 2,000 bytes made a PERSON "name" with no letters, and coreference raised IndexError
    source = tmp_path / "noise.txt"
    source.write_bytes(random.Random(4).randbytes(2_000))
    out = tmp_path / "noise.nt"
    assert kg_main(["build", str(source), "-o", str(out), "-q"]) == 0
    err = capsys.readouterr().err
    assert "not valid UTF-8" in err and "Traceback" not in err
    assert (None, RDF.type, KG.Document) in Graph().parse(out)


def test_a_long_document_streams_as_sections_and_counts_once(tmp_path, nlp, capsys, monkeypatch):
    monkeypatch.setattr(
        pipeline, "Limits", lambda: SMALL
    )  # sections of 2,500 characters, not 20,000
    text = "\n\n".join(p.read_text(encoding="utf-8").strip() for p in ARTICLES)
    source = tmp_path / "long.txt"
    source.write_text(text, encoding="utf-8")
    parts = list(pipeline.extract_sections(nlp, [("long", text)], limits=SMALL))
    assert len(parts) >= 3
    out = tmp_path / "long.nt"
    assert kg_main(["build", str(source), "-o", str(out)]) == 0
    assert "kg: 1 document(s)" in capsys.readouterr().err
    graph = Graph().parse(out)
    assert len(list(graph.subjects(RDF.type, KG.Document))) == 1
    indices = sorted(int(i) for i in graph.objects(None, KG.index))
    assert indices == list(range(sum(len(p.graph.sentences) for p in parts)))


def _group_members(group: int) -> list[tuple[int, str]]:
    """(pid, state) of every process in process group `group`."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # fields after the name: state, ppid, pgrp, ...
            members.append((int(entry.name), fields[0]))
    return members


@pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="needs Linux /proc to see the workers"
)
def test_sigkilled_jobs_build_leaves_the_old_output_and_no_worker(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(300):
        (folder / f"doc{i}.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out.ttl"
    old = b"<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n"
    out.write_bytes(old)
    process = subprocess.Popen(
        [sys.executable, "-m", "graph", "build", str(folder), "-o", str(out), "--jobs", "2", "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        start_new_session=True,  # its own process group, as a terminal job has
    )
    try:
        deadline = time.monotonic() + 15
        while len(_group_members(process.pid)) < 3:  # the parent and both workers
            assert process.poll() is None, "the build ended before its workers started"
            assert time.monotonic() < deadline, "the workers did not start"
            time.sleep(0.05)
        time.sleep(0.5)  # documents being parsed
        assert process.poll() is None, "the build finished before it could be killed"
        os.killpg(process.pid, signal.SIGKILL)
        assert process.wait(timeout=10) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    deadline = time.monotonic() + 10
    while any(state != "Z" for _, state in _group_members(process.pid)):  # a zombie runs nothing
        assert time.monotonic() < deadline, f"workers left running: {_group_members(process.pid)}"
        time.sleep(0.05)
    assert out.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["many", "out.ttl"]


def test_triples_to_a_file_streams_into_it_and_a_failure_leaves_the_old_one(tmp_path, nlp, capsys):
    source = tmp_path / "short.txt"
    source.write_text(
        "The Harbour Authority fined a ferry company. The company did not appeal.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert kg_main(["triples", str(source), "--format", "jsonl", "-q"]) == 0
    printed = capsys.readouterr().out
    assert kg_main(["triples", str(source), "--format", "jsonl", "-q", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == printed and printed.count("\n") >= 2
    # the second input does not exist: the run fails after the file was opened
    assert (
        kg_main(
            [
                "triples",
                str(source),
                str(tmp_path / "missing.txt"),
                "--format",
                "jsonl",
                "-q",
                "-o",
                str(out),
            ]
        )
        == 2
    )
    assert "input not found" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == printed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "short.txt"]
