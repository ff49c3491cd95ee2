"""`kg query` under attack: SERVICE, LOAD, the read-only guard, bad --timeout values.

The graph is written by hand (no spaCy model needed) and the store is filled from it, so
every test here takes seconds. Network tests use a loopback HTTP server that records each
request it receives: "refused" means the server was never contacted.
"""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
N_TRIPLES = 200


def kg(*args, timeout: float = 20) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "graph", *map(str, args)], capture_output=True, cwd=ROOT, timeout=timeout
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
    lines += [f'<https://example.org/kg/entity/e{i}> rdfs:label "thing {i}" .' for i in range(N_TRIPLES)]
    return "\n".join(lines) + "\n"


@pytest.fixture
def graph_file(tmp_path) -> Path:
    path = tmp_path / "g.ttl"
    path.write_text(_turtle(), encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path) -> Path:
    from graph.store import open_store

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
            body, kind = b'<https://example.org/kg/entity/loaded> <http://www.w3.org/2000/01/rdf-schema#label> "loaded" .\n', "text/turtle"
        else:
            body, kind = b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}', "application/sparql-results+json"
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
    result = kg("query", *target, f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}", "--allow-service")
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
    extra.write_text('<https://example.org/kg/entity/loaded> <http://www.w3.org/2000/01/rdf-schema#label> "loaded" .\n')
    iri = f"{url}/extra.ttl" if source == "http" else extra.as_uri()
    before = _size(target)
    assert_clean_error(kg("query", *target, f"LOAD <{iri}>", "--allow-update"), "--allow-load")
    assert hits == [] and _size(target) == before


def test_allow_load_fetches_into_the_file_graph(graph_file, endpoint, tmp_path):
    url, hits = endpoint
    extra = tmp_path / "extra.ttl"
    extra.write_text('<https://example.org/kg/entity/local> <http://www.w3.org/2000/01/rdf-schema#label> "local" .\n')
    for iri in (f"{url}/extra.ttl", extra.as_uri()):
        result = kg("query", graph_file, f"LOAD <{iri}>", "--allow-update", "--allow-load")
        assert result.returncode == 0, result.stderr.decode()
    assert hits == ["/extra.ttl"]
    assert _size([str(graph_file)]) == N_TRIPLES + 2


def test_allow_load_fetches_http_into_the_store(store, endpoint):
    url, hits = endpoint
    result = kg("query", "--store", store, f"LOAD <{url}/extra.ttl>", "--allow-update", "--allow-load")
    assert result.returncode == 0, result.stderr.decode()
    assert hits == ["/extra.ttl"] and _size(["--store", str(store)]) == N_TRIPLES + 1


def test_store_file_load_says_why_it_cannot(store, tmp_path):
    extra = tmp_path / "extra.ttl"
    extra.write_text('<https://example.org/kg/entity/local> <http://www.w3.org/2000/01/rdf-schema#label> "local" .\n')
    result = kg("query", "--store", store, f"LOAD <{extra.as_uri()}>", "--allow-update", "--allow-load")
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


@pytest.mark.parametrize("update", ['INSERT DATA { <urn:a> <urn:b> "c" }', "CLEAR DEFAULT", "DROP ALL"])
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
