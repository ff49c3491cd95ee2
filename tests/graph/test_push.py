"""Graph Store Protocol pushes against a real Oxigraph server on a loopback port."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph

from graph.push import PushError, media_type, push_graph, target_url
from graph.query import run_query
from graph.rdf import PREFIXES, GraphBuilder
from tests.loopback import answer

TEXT = (
    "The Port Authority fined a shipping firm. The firm did not pay the fine. "
    "The Transport Ministry said the firm polluted the harbour."
)
PREFIX_LINES = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
ENTITIES = "SELECT ?e ?label ?n WHERE { ?e a kg:Entity ; rdfs:label ?label ; kg:mentionCount ?n } ORDER BY ?label"
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _oxigraph() -> str | None:
    found = shutil.which("oxigraph")
    if found:
        return found
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _select(base: str, query: str) -> list[dict]:
    url = f"{base}/query?" + urllib.parse.urlencode({"query": PREFIX_LINES + query})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with NO_PROXY.open(request, timeout=10) as response:
        return json.load(response)["results"]["bindings"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    exe = _oxigraph()
    if exe is None:
        pytest.skip("the oxigraph server executable is not installed (pip install oxigraph)")
    port = _free_port()
    folder = tmp_path_factory.mktemp("oxigraph")
    log = (folder / "server.log").open("wb")
    proc = subprocess.Popen(
        [exe, "serve", "--location", str(folder / "data"), "--bind", f"127.0.0.1:{port}"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                _select(base, "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"oxigraph server did not start: {(folder / 'server.log').read_text()[-500:]}"
                    )
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def graph(extract_text) -> Graph:
    builder = GraphBuilder()
    builder.add_document(extract_text(TEXT, "port"))
    return builder.graph


def _local_rows(graph: Graph, query: str) -> list[tuple[str, ...]]:
    return [tuple(str(value) for value in row) for row in run_query(graph, query)]


def _remote_rows(rows: list[dict], names: list[str]) -> list[tuple[str, ...]]:
    return [tuple(row[name]["value"] for name in names) for row in rows]


def test_push_to_named_graph_matches_local_answers(server, graph):
    data = graph.serialize(format="turtle", encoding="utf-8")
    iri = "https://example.org/graphs/port"
    status = push_graph(data, media_type("turtle"), f"{server}/store", iri)
    assert status in (200, 201, 204)
    named = (
        f"SELECT ?e ?label ?n WHERE {{ GRAPH <{iri}> {{ ?e a kg:Entity ; rdfs:label ?label ; kg:mentionCount ?n }} }} "
        "ORDER BY ?label"
    )
    remote = _select(server, named)
    local = _local_rows(graph, ENTITIES)
    assert local, "the text should give entities"
    assert _remote_rows(remote, ["e", "label", "n"]) == local
    count = _select(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
    assert int(count[0]["n"]["value"]) == len(graph)


def test_post_adds_put_replaces_default_graph(server, graph):
    data = graph.serialize(format="nt", encoding="utf-8")
    push_graph(data, media_type("nt"), f"{server}/store", None)
    push_graph(data, media_type("nt"), f"{server}/store", None)  # same triples: still a set
    total = _select(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(total[0]["n"]["value"]) == len(graph)
    small = b'<https://example.org/a> <https://example.org/p> "x" .\n'
    push_graph(small, "application/n-triples", f"{server}/store", None, replace=True)
    total = _select(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(total[0]["n"]["value"]) == 1


def test_http_error_is_one_line(server):
    with pytest.raises(PushError, match=r"answered HTTP 400") as info:
        push_graph(b"this is not turtle <", "text/turtle", f"{server}/store", None)
    assert "\n" not in str(info.value)


def test_unreachable_endpoint():
    port = _free_port()  # bound, then closed: nothing listens there
    with pytest.raises(
        PushError, match=r"^cannot reach http://127\.0\.0\.1:\d+/store: connection refused"
    ):
        push_graph(b"", "text/turtle", f"http://127.0.0.1:{port}/store", None, timeout=5)


def test_silent_endpoint_times_out():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)  # the kernel completes the handshake; nobody ever answers
        port = sock.getsockname()[1]
        with pytest.raises(PushError, match=r"no answer within 0\.5 s"):
            push_graph(b"", "text/turtle", f"http://127.0.0.1:{port}/store", None, timeout=0.5)


def test_target_url_and_bad_arguments():
    assert target_url("http://h:1/store", None) == "http://h:1/store?default"
    assert (
        target_url("http://h:1/store", "https://e.org/g#1")
        == "http://h:1/store?graph=https%3A%2F%2Fe.org%2Fg%231"
    )
    assert target_url("http://h:1/ds?x=1", None) == "http://h:1/ds?x=1&default"
    with pytest.raises(PushError, match="http:// or https://"):
        target_url("ftp://h/store", None)
    with pytest.raises(PushError, match="absolute IRI"):
        target_url("http://h/store", "graph1")
    with pytest.raises(PushError, match="cannot push format"):
        media_type("csv")


# --- hostile or unusual endpoints (issue 15), on loopback servers of tests/loopback.py -------

NT = b'<https://example.org/a> <https://example.org/p> "x" .\n'
NT_TYPE = "application/n-triples"


def _stored(handler) -> None:
    answer(handler, 204)


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("replace", [False, True], ids=["post", "put"])
def test_redirect_is_refused_naming_status_and_location(loopback, code, replace):
    elsewhere = loopback(_stored)
    location = f"{elsewhere.url}/other/store?default"
    redirecting = loopback(lambda h: answer(h, code, b"moved", {"Location": location}))
    with pytest.raises(PushError) as info:
        push_graph(NT, NT_TYPE, f"{redirecting.url}/store", None, timeout=5, replace=replace)
    message = str(info.value)
    assert f"HTTP {code}" in message and location in message and "redirect" in message
    assert "\n" not in message
    assert elsewhere.seen == []  # nothing, let alone a bodiless GET, went to the other place
    assert [(s.method, s.body) for s in redirecting.seen] == [("PUT" if replace else "POST", NT)]


def _trickle(handler, first: bytes, *, for_seconds: float = 10.0) -> None:
    """Write `first`, then one byte every 0.1 s: each read succeeds, the answer never ends in time."""
    handler.wfile.write(first)
    deadline = time.monotonic() + for_seconds
    while time.monotonic() < deadline:
        time.sleep(0.1)
        handler.wfile.write(b"a")
        handler.sent += 1
    handler.wfile.write(b"\r\nContent-Length: 0\r\n\r\n")


def _trickle_headers(handler) -> None:
    _trickle(handler, b"HTTP/1.1 201 Created\r\nX-Slow: ")


def _trickle_error_body(handler) -> None:
    _trickle(handler, b"HTTP/1.1 400 Bad Request\r\nContent-Length: 100000\r\n\r\nbad graph: line 1\n")


@pytest.mark.parametrize(
    ("respond", "expected"),
    [(_trickle_headers, r"no answer within 1 s"), (_trickle_error_body, r"answered HTTP 400 Bad Request: bad graph: line 1$")],
    ids=["headers", "error-body"],
)
def test_timeout_bounds_the_whole_request(loopback, respond, expected):
    server = loopback(respond)
    started = time.monotonic()
    with pytest.raises(PushError, match=expected):
        push_graph(NT, NT_TYPE, f"{server.url}/store", None, timeout=1)
    assert time.monotonic() - started < 3


HUGE = 300 * 1024 * 1024


def _huge_error(handler) -> None:
    handler.send_response(400)
    handler.send_header("Content-Length", str(HUGE))
    handler.end_headers()
    handler.wfile.write(b"the graph is malformed at line 7\n")
    chunk = b"x" * (1 << 20)
    while handler.sent < HUGE:
        handler.wfile.write(chunk)
        handler.sent += len(chunk)


def test_error_body_is_read_only_up_to_a_prefix(loopback):
    server = loopback(_huge_error)
    started = time.monotonic()
    with pytest.raises(PushError, match=r"HTTP 400 Bad Request: the graph is malformed at line 7$"):
        push_graph(NT, NT_TYPE, f"{server.url}/store", None, timeout=10)
    assert time.monotonic() - started < 5
    while not server.sent and time.monotonic() - started < 10:  # the server notices the hang-up
        time.sleep(0.05)
    assert server.sent and server.sent[0] < 64 * 1024 * 1024


@pytest.mark.parametrize("timeout", [-1, 0, float("nan"), float("inf")])
def test_timeout_must_be_positive_and_finite(timeout):
    with pytest.raises(PushError, match=r"timeout must be a number of seconds"):
        push_graph(NT, NT_TYPE, "http://127.0.0.1:9/store", None, timeout=timeout)
