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
def test_lone_surrogate_is_replaced_with_one_warning(
    nlp, tmp_path, capsys, surrogate_jsonl, command
):
    if command == "build":
        out = tmp_path / "g.ttl"
        argv = ["build", str(surrogate_jsonl), "-o", str(out), "-q", "--id-column", "id"]
    elif command == "store":
        out = tmp_path / "kb"
        argv = ["build", str(surrogate_jsonl), "--store", str(out), "-q", "--id-column", "id"]
    else:
        out = tmp_path / "t.jsonl"
        argv = [
            "triples",
            str(surrogate_jsonl),
            "--format",
            "jsonl",
            "-o",
            str(out),
            "-q",
            "--id-column",
            "id",
        ]
    assert kg_main(argv) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    warnings = _lines(err)
    assert len(warnings) == 1, err
    assert (
        "surrogate" in warnings[0] and "feed.jsonl line 1" in warnings[0] and "'s1'" in warnings[0]
    )
    if command == "build":
        labels = {str(o) for o in Graph().parse(out, format="turtle").objects()}
        assert "Port Authority" in labels
    elif command == "triples":
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert any("\ufffd" in r["sentence_text"] for r in records)


# --- document ids (issue 15 item 7) ------------------------------------------

DCTERMS_IDENTIFIER = "http://purl.org/dc/terms/identifier"
KG_DOCUMENT = "https://w3id.org/kg-builder/ontology#Document"
TEXTS = (
    "The Port Authority fined a shipping firm.",
    "A minister opened a bridge.",
    "The harbour master praised a sailor.",
)


def _documents(graph: Graph) -> dict[str, str]:
    """document IRI -> its dcterms:identifier."""
    from rdflib import RDF, URIRef

    return {
        str(d): str(graph.value(d, URIRef(DCTERMS_IDENTIFIER)))
        for d in graph.subjects(RDF.type, URIRef(KG_DOCUMENT))
    }


def _table(tmp_path: Path, ids: list[str]) -> Path:
    import csv

    path = tmp_path / "docs.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text"])
        writer.writerows(zip(ids, TEXTS, strict=True))
    return path


@pytest.mark.parametrize(
    "ids",
    [
        ["a b", "a-b", "A_B"],
        ["x" * 80 + "one", "x" * 80 + "two", "x" * 80],
        ["dup", "dup", "dup-2"],
    ],
    ids=["slug-alike", "long-prefix", "dup-dup-dup-2"],
)
def test_ids_that_slugify_alike_stay_distinct_documents(nlp, tmp_path, capsys, ids):
    out = tmp_path / "g.nt"
    assert (
        kg_main(["build", str(_table(tmp_path, ids)), "--id-column", "id", "-o", str(out), "-q"])
        == 0
    )
    documents = _documents(Graph().parse(out, format="nt"))
    assert len(documents) == 3, documents
    assert sorted(documents.values()) == sorted(ids)  # the user's ids, as given
    assert "Traceback" not in capsys.readouterr().err


def test_duplicate_file_stems_do_not_crash(nlp, tmp_path, capsys):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "report.txt").write_text(TEXTS[0])
    (tmp_path / "in" / "sub" / "report.txt").write_text(TEXTS[1])
    (tmp_path / "in" / "report-2.txt").write_text(TEXTS[2])
    out = tmp_path / "g.nt"
    assert kg_main(["build", str(tmp_path / "in"), "-o", str(out), "-q"]) == 0
    assert "Traceback" not in capsys.readouterr().err
    documents = _documents(Graph().parse(out, format="nt"))
    assert sorted(documents.values()) == ["report", "report", "report-2"]


@pytest.mark.parametrize("ids", [["a b", "a-b", "A_B"], ["dup", "dup", "dup-2"]])
def test_store_build_keeps_documents_whose_ids_slugify_alike(nlp, tmp_path, capsys, ids):
    from graph.store.kgstore import open_store

    store = tmp_path / "kb"
    assert (
        kg_main(
            ["build", str(_table(tmp_path, ids)), "--id-column", "id", "--store", str(store), "-q"]
        )
        == 0
    )
    assert "Traceback" not in capsys.readouterr().err
    with open_store(store, write=False) as kb:
        assert kb.document_count() == 3
        assert sorted(_documents(kb.rdflib_graph()).values()) == sorted(ids)


def test_store_refusal_names_the_users_id(nlp, tmp_path, capsys):
    store = tmp_path / "kb"
    first = tmp_path / "one" / "A Report.txt"
    second = tmp_path / "two" / "A Report.txt"
    for path, text in ((first, TEXTS[0]), (second, TEXTS[1])):
        path.parent.mkdir()
        path.write_text(text)
    assert kg_main(["build", str(first), "--store", str(store), "-q"]) == 0
    assert kg_main(["build", str(second), "--store", str(store), "-q"]) == 2
    line = _one_error_line(capsys, "'A Report'")
    assert str(second) in line  # which input clashes, not the slug of its id


# --- empty inputs (item 9) -----------------------------------------------------


def test_folder_of_empty_files_fails_once_with_no_text(tmp_path, capsys):
    folder = tmp_path / "empty"
    folder.mkdir()
    for i in range(200):
        (folder / f"e{i:03}.txt").write_bytes(b"" if i % 2 else b"  \n\t\n")
    out = tmp_path / "g.ttl"
    assert kg_main(["build", str(folder), "-o", str(out), "-q"]) == 2
    line = _one_error_line(capsys, "no text")
    assert "200" in line
    assert not out.exists()


def test_empty_files_beside_text_are_one_summary_line(nlp, tmp_path, capsys):
    folder = tmp_path / "mixed"
    folder.mkdir()
    for i in range(200):
        (folder / f"e{i:03}.txt").write_bytes(b"")
    (folder / "news.txt").write_text(TEXTS[0])
    out = tmp_path / "g.ttl"
    assert kg_main(["build", str(folder), "-o", str(out), "-q"]) == 0
    lines = _lines(capsys.readouterr().err)
    assert len(lines) == 1 and "200 empty" in lines[0], lines
    assert "Port Authority" in {str(o) for o in Graph().parse(out, format="turtle").objects()}


# --- plots of stores and of odd graph files (item 10) ----------------------------


def _built_ttl(tmp_path: Path) -> Path:
    source = tmp_path / "harbour.txt"
    source.write_text(" ".join(TEXTS))
    out = tmp_path / "g.ttl"
    assert kg_main(["build", str(source), "-o", str(out), "-q"]) == 0
    return out


def test_plot_of_a_store_as_html(nlp, tmp_path, capsys):
    source = tmp_path / "harbour.txt"
    source.write_text(" ".join(TEXTS))
    store = tmp_path / "kb"
    assert kg_main(["build", str(source), "--store", str(store), "-q"]) == 0
    out = tmp_path / "kb.html"
    assert kg_main(["plot", "--store", str(store), "-o", str(out), "-q"]) == 0
    assert capsys.readouterr().err == ""
    page = out.read_text(encoding="utf-8")
    assert "<title>kb</title>" in page and "Port Authority" in page


def _reject(constant: str):
    raise ValueError(f"non-finite number {constant} in the page's data")


@pytest.mark.parametrize(
    "value", ['"NaN"', '"NaN"^^xsd:double', '"INF"^^xsd:double', '"-INF"^^xsd:float']
)
def test_plot_html_of_a_graph_with_non_finite_confidence(nlp, tmp_path, capsys, value):
    import re

    graph = _built_ttl(tmp_path)
    text, count = re.subn(
        r"kg:confidence [0-9.]+", f"kg:confidence {value}", graph.read_text(encoding="utf-8")
    )
    assert count > 0
    graph.write_text(text, encoding="utf-8")
    out = tmp_path / "g.html"
    assert kg_main(["plot", str(graph), "-o", str(out), "-q"]) == 0
    assert "Traceback" not in capsys.readouterr().err
    page = out.read_text(encoding="utf-8")
    data = re.search(
        r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S
    ).group(1)
    assert "Port Authority" in data and "NaN" not in data and "Infinity" not in data
    json.loads(data, parse_constant=_reject)  # strict JSON: the page's own parser rejects NaN


# --- TriG output (item 11) ---------------------------------------------------------


def _assert_default_graph_only(path: Path, expected: Graph) -> None:
    import shutil
    import subprocess

    import pyoxigraph
    from rdflib import Dataset
    from rdflib.compare import isomorphic

    data = path.read_bytes()
    quads = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TRIG))
    assert quads and all(q.graph_name == pyoxigraph.DefaultGraph() for q in quads)
    dataset = Dataset()
    dataset.parse(data=data, format="trig")
    named = [
        g.identifier for g in dataset.graphs() if g.identifier != dataset.default_graph.identifier
    ]
    assert [g for g in named if len(dataset.graph(g))] == []
    assert isomorphic(Graph() + dataset.default_graph, expected)
    rapper = shutil.which("rapper")
    if rapper is not None:  # the independent parser of raptor2-utils (installed by .ci/run)
        result = subprocess.run(
            [rapper, "-q", "-i", "trig", "-c", str(path)], capture_output=True, timeout=20
        )
        assert result.returncode == 0, result.stderr.decode(errors="replace")


def test_trig_output_is_the_default_graph(nlp, tmp_path):
    source = tmp_path / "harbour.txt"
    source.write_text(" ".join(TEXTS))
    trig, nt = tmp_path / "g.trig", tmp_path / "g.nt"
    for out in (trig, nt):
        assert kg_main(["build", str(source), "-o", str(out), "-q"]) == 0
    _assert_default_graph_only(trig, Graph().parse(nt, format="nt"))


def test_updated_trig_file_stays_the_default_graph(nlp, tmp_path):
    trig = tmp_path / "g.trig"
    source = tmp_path / "harbour.txt"
    source.write_text(" ".join(TEXTS))
    assert kg_main(["build", str(source), "-o", str(trig), "-q"]) == 0
    update = "INSERT DATA { <https://example.org/kg/entity/x> rdfs:label 'x' }"
    assert kg_main(["query", str(trig), update, "--allow-update"]) == 0
    from graph.rdf.formats import read_graph

    expected = read_graph(trig)
    assert len(list(expected.triples((None, None, None)))) > 20
    _assert_default_graph_only(trig, expected)


def test_push_of_kgs_own_trig_is_accepted(nlp, tmp_path):
    """Oxigraph's server answered HTTP 400 "Named graphs are not allowed" to kg's TriG."""
    import shutil
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    exe = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(exe).exists():
        pytest.skip("the oxigraph server executable is not installed (pip install oxigraph)")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [exe, "serve", "--location", str(tmp_path / "ox"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}/store"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                opener.open(f"{endpoint}?default", timeout=2).read()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, (
                    "oxigraph did not start"
                )
                time.sleep(0.2)
        source = tmp_path / "harbour.txt"
        source.write_text(" ".join(TEXTS))
        trig = tmp_path / "g.trig"
        assert kg_main(["build", str(source), "-o", str(trig), "-q"]) == 0
        assert kg_main(["push", str(trig), "--endpoint", endpoint, "-q"]) == 0
        request = urllib.request.Request(
            f"{endpoint}?default", headers={"Accept": "application/n-triples"}
        )
        pushed = Graph().parse(data=opener.open(request, timeout=5).read(), format="nt")
        from graph.rdf.formats import read_graph

        assert len(pushed) == len(read_graph(trig))
    finally:
        server.terminate()
        server.wait(timeout=10)


# --- temporaries left by a killed write (item 12) ------------------------------------

# a writer that stops inside atomic_write_bytes, after its temporary is written, before the rename
_STUCK_WRITER = """
import os, sys, time
import graph.io.atomic
def stuck(fd):
    print("writing", flush=True)
    time.sleep(60)
os.fsync = stuck
graph.io.atomic.atomic_write_bytes(sys.argv[1], b"partial")
"""


def _stuck_writer(target: Path):
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    proc = subprocess.Popen(
        [sys.executable, "-c", _STUCK_WRITER, str(target)],
        cwd=root,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "writing"
    return proc


def _temporaries(folder: Path, name: str) -> set[str]:
    return {
        p.name
        for p in folder.iterdir()
        if p.name.startswith(f".{name}.") and p.name.endswith(".tmp")
    }


def test_stale_temporaries_of_a_killed_write_are_cleaned_on_the_next_write(nlp, tmp_path):
    import os
    import signal
    import time

    out = tmp_path / "g.ttl"
    killed = _stuck_writer(out)
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=10)
    left = _temporaries(tmp_path, "g.ttl")
    assert len(left) == 1  # what SIGKILL leaves behind
    live = _stuck_writer(out)  # a write still in progress: its temporary is not stale
    try:
        held = _temporaries(tmp_path, "g.ttl") - left
        assert len(held) == 1
        others = [".g.ttl.notours.tmp", ".h.ttl.abcd1234.tmp", "g.ttl.abcd1234.tmp"]
        for name in others:
            (tmp_path / name).write_text("not kg's temporary of g.ttl")
        source = tmp_path / "harbour.txt"
        source.write_text(TEXTS[0])
        assert kg_main(["build", str(source), "-o", str(out), "-q"]) == 0
        # too recent to be called stale yet
        assert _temporaries(tmp_path, "g.ttl") == left | held | {".g.ttl.notours.tmp"}
        old = time.time() - 3600
        for name in (*left, *held, *others):
            os.utime(tmp_path / name, (old, old))
        assert kg_main(["build", str(source), "-o", str(out), "-q"]) == 0
        assert _temporaries(tmp_path, "g.ttl") == held | {".g.ttl.notours.tmp"}
        assert all((tmp_path / name).exists() for name in others)
        assert "Port Authority" in out.read_text(encoding="utf-8")
    finally:
        live.kill()
        live.wait(timeout=10)


# --- rdflib's log lines (item 13) -----------------------------------------------------


ODD_IRIS = (
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    '<http://x.test/a{b}> rdfs:label "braces" .\n'
    '<http://x.test/a|b> rdfs:label "bar" .\n'
    '<http://x.test/a^b> rdfs:label "caret" .\n'
)


def _assert_one_iri_warning(lines: list[str]) -> None:
    assert "does not look like a valid URI" not in " ".join(lines)
    iri_lines = [line for line in lines if "IRI" in line]
    assert len(iri_lines) == 1 and iri_lines[0].startswith("kg: warning:"), lines
    assert "3 IRIs" in iri_lines[0] and "<http://x.test/a{b}>" in iri_lines[0]
    assert all(line.startswith("kg") for line in lines), lines


def test_invalid_iris_in_a_graph_file_give_one_line_on_stderr(tmp_path):
    """In a real process: rdflib's warnings reached stderr through logging's last-resort handler."""
    import subprocess
    import sys

    graph = tmp_path / "odd.ttl"
    graph.write_text(ODD_IRIS, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "graph",
            "query",
            str(graph),
            "SELECT ?s WHERE { ?s rdfs:label ?l }",
        ],
        capture_output=True,
        cwd=Path(__file__).resolve().parents[1],
        timeout=60,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().count("x.test") == 3
    _assert_one_iri_warning(_lines(result.stderr.decode()))


@pytest.mark.parametrize("command", ["plot", "validate"])
def test_invalid_iris_give_one_kg_warning_in_other_commands(tmp_path, capsys, command):
    graph = tmp_path / "odd.ttl"
    graph.write_text(ODD_IRIS, encoding="utf-8")
    argv = {
        "plot": ["plot", str(graph), "-o", str(tmp_path / "p.png"), "-q"],
        "validate": ["validate", str(graph)],
    }[command]
    assert kg_main(argv) in (0, 1)  # validate may find the graph not conforming
    _assert_one_iri_warning(_lines(capsys.readouterr().err))


def test_rdflib_logger_is_left_as_it_was(tmp_path, capsys):
    import logging

    logger = logging.getLogger("rdflib")
    before = (list(logger.handlers), logger.propagate, logger.level)
    graph = tmp_path / "odd.nt"
    graph.write_text('<http://x.test/a{b}> <http://x.test/p> "x" .\n', encoding="utf-8")
    assert kg_main(["query", str(graph), "SELECT * WHERE { ?s ?p ?o }"]) == 0
    assert (list(logger.handlers), logger.propagate, logger.level) == before
    assert "1 IRI " in capsys.readouterr().err


def test_update_of_a_graph_with_invalid_iris_fails_in_one_line(tmp_path, capsys):
    graph = tmp_path / "odd.ttl"
    graph.write_text(ODD_IRIS, encoding="utf-8")
    update = "INSERT DATA { <http://x.test/s> <http://x.test/p> 1 }"
    assert kg_main(["query", str(graph), update, "--allow-update"]) == 2
    line = _one_error_line(capsys, "cannot write")
    assert "does not look like a valid URI" in line and str(graph) in line
    assert graph.read_text(encoding="utf-8") == ODD_IRIS
