"""`kg query` under attack: SERVICE, LOAD, the read-only guard, timeouts, signals, result caps.

The graph is written by hand (no spaCy model needed) and the store is filled from it, so
every test here takes seconds. Network tests use a loopback HTTP server that records each
request it receives: "refused" means the server was never contacted.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
N_TRIPLES = (
    200  # a 4-way cartesian product of them has 1.6e9 rows: no engine finishes it in seconds
)
CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CARTESIAN_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CARTESIAN_INSERT = (
    "INSERT { ?a rdfs:comment ?l } WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
)

# a `kg query` process per case (69 cases, ~4 minutes): CI runs them once, on the main Python
pytestmark = pytest.mark.slow


def kg(*args, timeout: float = 20) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "graph", *map(str, args)],
        capture_output=True,
        cwd=ROOT,
        timeout=timeout,
    )


def assert_clean_error(result: subprocess.CompletedProcess, fragment: str) -> None:
    err = result.stderr.decode()
    assert result.returncode != 0, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert fragment in lines[0], err


def _turtle() -> str:
    lines = ["@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> ."]
    lines += [
        f'<https://example.org/kg/entity/e{i}> rdfs:label "thing {i}" .' for i in range(N_TRIPLES)
    ]
    return "\n".join(lines) + "\n"


@pytest.fixture
def graph_file(tmp_path) -> Path:
    path = tmp_path / "g.ttl"
    path.write_text(_turtle(), encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path) -> Path:
    from graph.store.kgstore import open_store

    source = tmp_path / "seed.ttl"
    source.write_text(_turtle(), encoding="utf-8")
    folder = tmp_path / "kb"
    with open_store(folder, write=True) as kb:
        kb.load_file(source)
    return folder


@pytest.fixture(params=["file", "store"])
def target(request, graph_file, store) -> list[str]:
    """The command-line words that name the graph: a file, or --store DIR."""
    return [str(graph_file)] if request.param == "file" else ["--store", str(store)]


def _size(target: list[str]) -> int:
    result = kg("query", *target, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv")
    assert result.returncode == 0, result.stderr.decode()
    return int(result.stdout.split()[1])


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Answers every request with an empty SPARQL result (or a one-triple graph) and records it."""

    def do_GET(self) -> None:
        self.server.hits.append(self.path)
        if self.path.endswith(".ttl"):
            body, kind = (
                b'<https://example.org/kg/entity/loaded> <http://www.w3.org/2000/01/rdf-schema#label> "loaded" .\n',
                "text/turtle",
            )
        else:
            body, kind = (
                b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}',
                "application/sparql-results+json",
            )
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def endpoint():
    """A loopback HTTP server; yields (base URL, list of request paths received)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", server.hits
    finally:
        server.shutdown()
        server.server_close()


# --- SERVICE ----------------------------------------------------------------


SERVICE_QUERIES = [
    "SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?x ?y ?z OPTIONAL {{ {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }} }} }}",
    "ASK {{ FILTER EXISTS {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }} }}",
    "prefix ex: <{url}/> select * {{ service ex:sparql {{ ?s ?p ?o }} }}",
]


@pytest.mark.parametrize("template", SERVICE_QUERIES)
def test_service_is_refused_without_allow_service(target, endpoint, template):
    url, hits = endpoint
    assert_clean_error(kg("query", *target, template.format(url=url)), "--allow-service")
    assert hits == []


def test_service_inside_an_update_is_refused(target, endpoint):
    url, hits = endpoint
    update = f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"
    assert_clean_error(kg("query", *target, update, "--allow-update"), "--allow-service")
    assert hits == []


def test_allow_service_contacts_the_endpoint(target, endpoint):
    url, hits = endpoint
    result = kg(
        "query",
        *target,
        f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        "--allow-service",
    )
    assert result.returncode == 0, result.stderr.decode()
    assert hits and hits[0].startswith("/sparql")


def test_the_word_service_in_a_literal_is_no_service_clause(target, endpoint):
    url, hits = endpoint
    query = f'SELECT ?s WHERE {{ ?s ?p ?o FILTER(?o != "SERVICE <{url}/sparql> {{ ?s ?p ?o }}") }} LIMIT 1'
    result = kg("query", *target, query, "--format", "csv")
    assert result.returncode == 0, result.stderr.decode()
    assert len(result.stdout.split()) == 2 and hits == []


# --- LOAD -------------------------------------------------------------------


@pytest.mark.parametrize("source", ["http", "file"])
def test_load_is_refused_without_allow_load(target, endpoint, tmp_path, source):
    url, hits = endpoint
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        '<https://example.org/kg/entity/loaded> <http://www.w3.org/2000/01/rdf-schema#label> "loaded" .\n'
    )
    iri = f"{url}/extra.ttl" if source == "http" else extra.as_uri()
    before = _size(target)
    assert_clean_error(kg("query", *target, f"LOAD <{iri}>", "--allow-update"), "--allow-load")
    assert hits == [] and _size(target) == before


def test_allow_load_fetches_into_the_file_graph(graph_file, endpoint, tmp_path):
    url, hits = endpoint
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        '<https://example.org/kg/entity/local> <http://www.w3.org/2000/01/rdf-schema#label> "local" .\n'
    )
    for iri in (f"{url}/extra.ttl", extra.as_uri()):
        result = kg("query", graph_file, f"LOAD <{iri}>", "--allow-update", "--allow-load")
        assert result.returncode == 0, result.stderr.decode()
    assert hits == ["/extra.ttl"]
    assert _size([str(graph_file)]) == N_TRIPLES + 2


def test_allow_load_fetches_http_into_the_store(store, endpoint):
    url, hits = endpoint
    result = kg(
        "query", "--store", store, f"LOAD <{url}/extra.ttl>", "--allow-update", "--allow-load"
    )
    assert result.returncode == 0, result.stderr.decode()
    assert hits == ["/extra.ttl"] and _size(["--store", str(store)]) == N_TRIPLES + 1


def test_store_file_load_says_why_it_cannot(store, tmp_path):
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        '<https://example.org/kg/entity/local> <http://www.w3.org/2000/01/rdf-schema#label> "local" .\n'
    )
    result = kg(
        "query", "--store", store, f"LOAD <{extra.as_uri()}>", "--allow-update", "--allow-load"
    )
    assert_clean_error(result, "http")
    assert "invalid format" not in result.stderr.decode()
    assert _size(["--store", str(store)]) == N_TRIPLES


# --- the read-only guard ----------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?s WHERE { ?s ?p ?o FILTER(?o != """x\nDrop graph <urn:g>""") } LIMIT 1',
        "SELECT ?s WHERE {\n  ?s ?p ?o .\n  # DELETE WHERE { ?s ?p ?o }\n} LIMIT 1",
        "PREFIX insert: <urn:insert#>\nSELECT ?s WHERE { ?s ?p ?o } LIMIT 1",
    ],
)
def test_update_words_outside_an_update_are_a_query(target, query):
    result = kg("query", *target, query, "--format", "csv")
    assert result.returncode == 0, result.stderr.decode()
    assert len(result.stdout.split()) == 2


@pytest.mark.parametrize(
    "update", ['INSERT DATA { <urn:a> <urn:b> "c" }', "CLEAR DEFAULT", "DROP ALL"]
)
def test_updates_are_refused_without_allow_update(target, update):
    before = _size(target)
    assert_clean_error(kg("query", *target, update), "read-only")
    assert _size(target) == before


# --- --timeout and --max-rows values ---------------------------------------


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e10", "-1", "0", "soon"])
def test_bad_timeout_is_a_usage_error(graph_file, value):
    result = kg("query", graph_file, "ASK { ?s ?p ?o }", "--timeout", value)
    assert_clean_error(result, "--timeout")
    assert result.returncode == 2


@pytest.mark.parametrize("value", ["0", "-5", "1.5", "many"])
def test_bad_max_rows_is_a_usage_error(graph_file, value):
    result = kg("query", graph_file, "ASK { ?s ?p ?o }", "--max-rows", value)
    assert_clean_error(result, "--max-rows")
    assert result.returncode == 2


# --- timeouts, signals, result caps ----------------------------------------


@pytest.mark.parametrize("query", [CARTESIAN_COUNT, CARTESIAN + " ORDER BY ?l"])
def test_cartesian_query_stops_at_its_timeout(target, query):
    started = time.monotonic()
    assert_clean_error(kg("query", *target, query, "--timeout", "1"), "timed out after 1 s")
    assert time.monotonic() - started < 15  # start-up included; unbounded, it runs for hours


def test_cartesian_update_stops_at_its_timeout_and_changes_nothing(target, graph_file):
    before = graph_file.read_bytes()
    started = time.monotonic()
    assert_clean_error(
        kg("query", *target, CARTESIAN_INSERT, "--allow-update", "--timeout", "1"),
        "timed out after 1 s",
    )
    assert time.monotonic() - started < 15
    assert graph_file.read_bytes() == before and _size(target) == N_TRIPLES
    assert sorted(p.name for p in graph_file.parent.iterdir()) == ["g.ttl", "kb", "seed.ttl"]


def test_max_rows_cuts_the_result_with_one_warning(target):
    result = kg("query", *target, CARTESIAN, "--max-rows", "7", "--format", "csv")
    assert result.returncode == 0, result.stderr.decode()
    assert len(result.stdout.decode().splitlines()) == 1 + 7
    err = [line for line in result.stderr.decode().splitlines() if line.strip()]
    assert len(err) == 1 and "7 rows" in err[0] and "--max-rows" in err[0], err


def test_max_rows_json_is_still_valid_json(target):
    result = kg("query", *target, CARTESIAN, "--max-rows", "3", "--format", "json")
    assert result.returncode == 0, result.stderr.decode()
    assert len(json.loads(result.stdout)["results"]["bindings"]) == 3


def test_a_result_within_the_cap_has_no_warning(target):
    result = kg(
        "query",
        *target,
        "SELECT ?s WHERE { ?s ?p ?o }",
        "--max-rows",
        str(N_TRIPLES),
        "--format",
        "csv",
    )
    assert result.returncode == 0 and result.stderr == b""
    assert len(result.stdout.decode().splitlines()) == 1 + N_TRIPLES


def _job(command: list[str]) -> subprocess.Popen:
    """Start `command` in its own process group, as a terminal job is (so a test can signal or kill it whole)."""
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, start_new_session=True
    )


def _kill_job(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def test_select_star_over_a_cartesian_product_stays_small(target, tmp_path):
    # 1.6e9 rows: streamed, then stopped at the cap, so memory never grows with the product;
    # a wrapper process measures the peak RSS of kg and of everything kg waited for
    peak = tmp_path / "peak"
    wrapper = (
        "import resource, subprocess, sys; "
        "r = subprocess.run(sys.argv[2:], capture_output=True); "
        "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); "
        "sys.stdout.buffer.write(r.stdout); sys.stderr.buffer.write(r.stderr); sys.exit(r.returncode)"
    )
    command = [
        sys.executable,
        "-m",
        "graph",
        "query",
        *target,
        CARTESIAN,
        "--format",
        "csv",
        "--max-rows",
        "10000",
    ]
    process = _job([sys.executable, "-c", wrapper, str(peak), *command])
    try:
        out, err = process.communicate(timeout=60)
    finally:
        _kill_job(process)
    assert process.returncode == 0, err.decode()
    assert len(out.decode().splitlines()) == 1 + 10_000
    assert b"10000 rows" in err
    assert int(peak.read_text()) < 1_000_000, f"peak RSS {peak.read_text()} kB"


def test_results_are_capped_by_default():
    from graph.cli import build_parser

    args = build_parser().parse_args(["query", "g.ttl", "SELECT * WHERE { ?s ?p ?o }"])
    assert args.max_rows == 100_000 and args.timeout == 60


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
@pytest.mark.parametrize("query", [CARTESIAN_COUNT, CARTESIAN_INSERT])
def test_signal_stops_a_running_query_promptly(target, query, signum):
    extra = ["--allow-update"] if query == CARTESIAN_INSERT else []
    process = _job([sys.executable, "-m", "graph", "query", *target, query, *extra])
    try:
        deadline = time.monotonic() + 30
        while not _children(process.pid) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)  # until kg has started evaluating (in its child)
        time.sleep(1)
        assert process.poll() is None, process.communicate()
        sent = time.monotonic()
        if signum == signal.SIGINT:
            os.killpg(process.pid, signum)  # Ctrl-C reaches the whole job
        else:
            process.send_signal(signum)
        _, err = process.communicate(timeout=15)
        assert time.monotonic() - sent < 8
    finally:
        _kill_job(process)
    assert process.returncode != 0
    lines = [line for line in err.decode().splitlines() if line.strip()]
    assert len(lines) == 1 and "interrupted" in lines[0], err
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)  # no evaluation left running
    assert _size(target) == N_TRIPLES


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie has stopped; only its exit status waits to be collected


def test_a_killed_kg_takes_its_evaluation_with_it(target):
    process = _job([sys.executable, "-m", "graph", "query", *target, CARTESIAN_COUNT])
    try:
        deadline = time.monotonic() + 30
        while not (children := _children(process.pid)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert children, process.communicate()
        process.kill()  # SIGKILL: kg runs no cleanup at all
        process.wait()
        deadline = time.monotonic() + 5
        while any(_running(c) for c in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_running(c) for c in children)
    finally:
        _kill_job(process)
