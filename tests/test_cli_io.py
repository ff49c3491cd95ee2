"""Hostile inputs and outputs through the real `kg` command (issue 15, input and output items).

The command runs in-process (`graph.cli.main`) wherever a process is not what is tested,
so the session's spaCy model is loaded once.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph

from graph.cli import main as kg_main

SURROGATE_TEXT = "The Port Authority fined a shipping firm \ud800 on Monday."


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def _one_error_line(capsys, fragment: str) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = _lines(err)
    assert len(lines) == 1, err
    assert fragment in lines[0], err
    return lines[0]


@pytest.fixture
def surrogate_jsonl(tmp_path) -> Path:
    path = tmp_path / "feed.jsonl"
    # json.dumps writes the lone surrogate as the escape \ud800, as a real feed would
    path.write_text(json.dumps({"id": "s1", "text": SURROGATE_TEXT}) + "\n", encoding="utf-8")
    assert "\\ud800" in path.read_text(encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["build", "store", "triples"])
def test_lone_surrogate_is_replaced_with_one_warning(nlp, tmp_path, capsys, surrogate_jsonl, command):
    if command == "build":
        out = tmp_path / "g.ttl"
        argv = ["build", str(surrogate_jsonl), "-o", str(out), "-q", "--id-column", "id"]
    elif command == "store":
        out = tmp_path / "kb"
        argv = ["build", str(surrogate_jsonl), "--store", str(out), "-q", "--id-column", "id"]
    else:
        out = tmp_path / "t.jsonl"
        argv = ["triples", str(surrogate_jsonl), "--format", "jsonl", "-o", str(out), "-q", "--id-column", "id"]
    assert kg_main(argv) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    warnings = _lines(err)
    assert len(warnings) == 1, err
    assert "surrogate" in warnings[0] and "feed.jsonl line 1" in warnings[0] and "'s1'" in warnings[0]
    if command == "build":
        labels = {str(o) for o in Graph().parse(out, format="turtle").objects()}
        assert "Port Authority" in labels
    elif command == "triples":
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert any("\ufffd" in r["sentence_text"] for r in records)
