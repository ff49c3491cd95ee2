"""`-` as standard input and output in every command that reads or writes a graph or records.

In-process calls of `main([...])` with a fake standard input; one real shell pipe at the end.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from graph.cli import main

ROOT = Path(__file__).resolve().parents[1]
SHORT = "The Harbour Authority fined a ferry company. The company did not appeal. The authority said the ferry company polluted the bay.\n"
ASK = "ASK { ?e rdfs:label 'Harbour Authority' }"


class _Stdin:
    """What `sys.stdin` looks like to kg: a text stream with a binary buffer."""

    def __init__(self, data: bytes):
        self.buffer = io.BytesIO(data)

    def close(self) -> None:  # a forked query child closes its stdin, as for a real pipe
        self.buffer.close()


@pytest.fixture(scope="module")
def harbour(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("stdio")
    text = folder / "harbour.txt"
    text.write_text(SHORT, encoding="utf-8")
    graph = folder / "harbour.ttl"
    assert main(["build", str(text), "-o", str(graph), "-q"]) == 0
    return text, graph


def test_build_dash_o_writes_turtle_to_stdout_and_no_file(
    harbour, capsysbinary, tmp_path, monkeypatch
):
    text, graph = harbour
    monkeypatch.chdir(tmp_path)
    assert main(["build", str(text), "-o", "-", "-q"]) == 0
    out = capsysbinary.readouterr().out
    assert out.startswith(b"@prefix")
    assert isomorphic(
        Graph().parse(data=out, format="turtle"), Graph().parse(graph, format="turtle")
    )
    assert list(tmp_path.iterdir()) == []  # no file named "-"


def test_build_dash_o_honours_format(harbour, capsysbinary):
    text, graph = harbour
    assert main(["build", str(text), "-o", "-", "--format", "nt", "-q"]) == 0
    out = capsysbinary.readouterr().out
    assert not out.startswith(b"@prefix")
    assert isomorphic(Graph().parse(data=out, format="nt"), Graph().parse(graph, format="turtle"))


@pytest.mark.parametrize("fmt", ["turtle", "nt", "json-ld", "xml", "trig"])
def test_query_reads_the_graph_from_stdin_in_any_format(harbour, capsys, monkeypatch, fmt):
    _, graph = harbour
    data = Graph().parse(graph, format="turtle").serialize(format=fmt, encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", _Stdin(data))
    assert main(["query", "-", ASK]) == 0
    assert capsys.readouterr().out.strip() == "yes"


def test_validate_reads_stdin(harbour, capsys, monkeypatch):
    _, graph = harbour
    monkeypatch.setattr(sys, "stdin", _Stdin(graph.read_bytes()))
    assert main(["validate", "-"]) == 0
    assert "standard input conforms" in capsys.readouterr().out


def test_plot_reads_stdin(harbour, monkeypatch, tmp_path):
    _, graph = harbour
    monkeypatch.setattr(sys, "stdin", _Stdin(graph.read_bytes()))
    out = tmp_path / "x.png"
    assert main(["plot", "-", "-o", str(out), "-q"]) == 0
    assert out.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "standard input is empty"),
        (b"this is not RDF {", "cannot parse standard input as turtle"),
    ],
)
def test_bad_stdin_is_one_clean_line(monkeypatch, capsys, data, message):
    monkeypatch.setattr(sys, "stdin", _Stdin(data))
    assert main(["validate", "-"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0], err


def test_update_on_stdin_is_refused(harbour, monkeypatch, capsys):
    _, graph = harbour
    monkeypatch.setattr(sys, "stdin", _Stdin(graph.read_bytes()))
    assert main(["query", "-", "DELETE WHERE { ?s ?p ?o }", "--allow-update"]) == 2
    assert "cannot rewrite standard input" in capsys.readouterr().err


def test_entities_jsonl_streams_one_entity_per_line_per_document(tmp_path, capsys):
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(SHORT, encoding="utf-8")
    assert main(["entities", str(tmp_path), "--format", "jsonl", "-q"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    authority = [r for r in records if r["label"] == "Harbour Authority"]
    assert [r["doc"] for r in authority] == ["a", "b"]  # one line per document, in order
    assert {r["id"] for r in authority} == {authority[0]["id"]}
    first = authority[0]
    assert first["type"] == "GovernmentOrganization"
    assert first["mentions"] == len(first["spans"]) >= 2
    assert all(
        span["doc"] == "a" and SHORT[span["start"] : span["end"]] == span["text"]
        for span in first["spans"]
    )


def test_triples_and_entities_dash_o_mean_stdout(harbour, capsys, tmp_path, monkeypatch):
    text, _ = harbour
    monkeypatch.chdir(tmp_path)
    assert main(["triples", str(text), "--format", "jsonl", "-o", "-", "-q"]) == 0
    assert all(
        json.loads(line)["doc"] == "harbour" for line in capsys.readouterr().out.splitlines()
    )
    assert main(["entities", str(text), "--format", "json", "-o", "-", "-q"]) == 0
    assert json.loads(capsys.readouterr().out)
    assert list(tmp_path.iterdir()) == []


def test_a_real_pipe_from_build_to_query(harbour):
    """Two processes and a shell pipe: the bytes kg build writes are what kg query reads."""
    text, _ = harbour
    kg = f"{sys.executable} -m graph"
    result = subprocess.run(
        f'{kg} build "{text}" -o - -q | {kg} query - "{ASK}"',
        shell=True,
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().strip() == "yes"
    assert result.stderr == b""
