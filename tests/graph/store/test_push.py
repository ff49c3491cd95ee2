"""Graph Store Protocol pushes against a real Oxigraph server on a loopback port."""

from __future__ import annotations

import base64
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph

from graph.rdf.model import PREFIXES, GraphBuilder
from graph.sparql.query import run_query
from graph.store.push import (
    Credentials,
    PushError,
    find_credentials,
    media_type,
    push_graph,
    target_url,
)
from tests.loopback import answer, tls_context

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
    _trickle(
        handler, b"HTTP/1.1 400 Bad Request\r\nContent-Length: 100000\r\n\r\nbad graph: line 1\n"
    )


@pytest.mark.parametrize(
    ("respond", "expected"),
    [
        (_trickle_headers, r"no answer within 1 s"),
        (_trickle_error_body, r"answered HTTP 400 Bad Request: bad graph: line 1$"),
    ],
    ids=["headers", "error-body"],
)
def test_timeout_bounds_the_whole_request(loopback, respond, expected):
    server = loopback(respond)
    started = time.monotonic()
    with pytest.raises(PushError, match=expected):
        push_graph(NT, NT_TYPE, f"{server.url}/store", None, timeout=1)
    assert time.monotonic() - started < 3


def test_timeout_bounds_a_slowly_read_upload():
    """A server that takes 1 KiB of the graph every 0.1 s: the upload counts against the timeout too."""
    stop = threading.Event()
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)

        def sip():
            conn, _ = listener.accept()
            with conn:
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
                while not stop.wait(0.1) and conn.recv(1024):
                    pass

        reader = threading.Thread(target=sip, daemon=True)
        reader.start()
        started = time.monotonic()
        try:
            with pytest.raises(PushError, match=r"no answer within 1 s"):
                push_graph(
                    b"x" * (64 << 20),
                    NT_TYPE,
                    f"http://127.0.0.1:{listener.getsockname()[1]}/store",
                    None,
                    timeout=1,
                )
            assert time.monotonic() - started < 4
        finally:
            stop.set()
            reader.join(timeout=5)


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


# --- authentication: basic and bearer, from arguments, the URL, the environment or a netrc file ---

SECRET = "s3cr:t-pa55"


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def _refused(handler) -> None:
    answer(
        handler,
        401,
        f"wrong password {SECRET} for alice\n".encode(),
        {"WWW-Authenticate": 'Basic realm="kg"'},
    )


@pytest.mark.parametrize(
    ("credentials", "header"),
    [
        (Credentials("--user", user="alice", password=SECRET), _basic("alice", SECRET)),
        (Credentials("--token", token="abc.DEF-123_~+/="), "Bearer abc.DEF-123_~+/="),
    ],
    ids=["basic", "bearer"],
)
def test_credentials_are_sent(loopback, credentials, header):
    server = loopback(_stored)
    assert (
        push_graph(NT, NT_TYPE, f"{server.url}/store", None, timeout=5, credentials=credentials)
        == 204
    )
    assert server.seen[0].headers["Authorization"] == header
    assert SECRET not in repr(credentials) and "abc.DEF" not in repr(credentials)


def test_url_credentials_are_used_and_never_printed(loopback):
    quoted = urllib.parse.quote(SECRET, safe="")
    server = loopback(_stored)
    endpoint = server.url.replace("://", f"://alice:{quoted}@") + "/store"
    assert push_graph(NT, NT_TYPE, endpoint, None, timeout=5) == 204
    assert server.seen[0].headers["Authorization"] == _basic("alice", SECRET)
    refusing = loopback(_refused)
    with pytest.raises(
        PushError, match=r"answered HTTP 401 .*credentials from the endpoint URL were refused"
    ) as info:
        push_graph(
            NT,
            NT_TYPE,
            refusing.url.replace("://", f"://alice:{quoted}@") + "/store",
            None,
            timeout=5,
        )
    port = _free_port()
    with pytest.raises(PushError, match="connection refused") as unreachable:
        push_graph(NT, NT_TYPE, f"http://alice:{quoted}@127.0.0.1:{port}/store", None, timeout=5)
    with pytest.raises(PushError, match="http:// or https://") as bad_scheme:
        push_graph(NT, NT_TYPE, f"ftp://alice:{quoted}@127.0.0.1/store", None, timeout=5)
    for message in (str(info.value), str(unreachable.value), str(bad_scheme.value)):
        assert SECRET not in message and quoted not in message and "s3cr" not in message
        assert "alice" not in message.split(": ", 1)[0], message  # the URL shown has no user info


def test_an_unauthorised_answer_says_what_to_do_and_hides_echoed_secrets(loopback):
    server = loopback(_refused)
    with pytest.raises(
        PushError, match=r"HTTP 401 Unauthorized: wrong password .* \(give --user or --token\)$"
    ):
        push_graph(NT, NT_TYPE, f"{server.url}/store", None, timeout=5)
    alice = Credentials("--user", user="alice", password=SECRET)
    with pytest.raises(
        PushError,
        match=r"wrong password \*\*\* for alice \(credentials from --user were refused\)$",
    ):
        push_graph(NT, NT_TYPE, f"{server.url}/store", None, timeout=5, credentials=alice)


def _netrc(tmp_path, host: str = "127.0.0.1") -> Path:
    path = tmp_path / "netrc"
    path.write_text(f"machine {host}\n  login carol\n  password {SECRET}\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def test_find_credentials_order_flags_url_environment_netrc(tmp_path):
    url = "http://127.0.0.1:7878/store"
    netrc_file = _netrc(tmp_path)
    env = {"NETRC": str(netrc_file)}

    def found(endpoint=url, environ=None, **kwargs):
        got = find_credentials(endpoint, environ=env if environ is None else environ, **kwargs)
        return got and (got.source, got.user, got.password, got.token)

    assert found(user=f"bob:{SECRET}") == ("--user", "bob", SECRET, None)
    assert found(token="t0ken") == ("--token", None, "", "t0ken")
    assert found(user="bob", environ={"KG_PUSH_PASSWORD": SECRET}) == (
        "--user",
        "bob",
        SECRET,
        None,
    )
    assert found(user="carol") == ("--user", "carol", SECRET, None)  # the password from netrc
    assert found("http://dave:pw@127.0.0.1:7878/store") == ("the endpoint URL", "dave", "pw", None)
    assert found(environ={"KG_PUSH_TOKEN": "t0ken", **env}) == ("KG_PUSH_TOKEN", None, "", "t0ken")
    assert found(environ={"KG_PUSH_USER": "erin", "KG_PUSH_PASSWORD": SECRET}) == (
        "KG_PUSH_USER",
        "erin",
        SECRET,
        None,
    )
    assert found() == (str(netrc_file), "carol", SECRET, None)
    assert found(netrc_file=netrc_file, environ={}) == (str(netrc_file), "carol", SECRET, None)
    assert found("http://other.example:7878/store") is None  # netrc has no entry for that host
    assert found(environ={"NETRC": str(tmp_path / "missing")}) is None


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"user": "bob"}, r"--user gives a user but no password"),
        ({"user": "bob:x", "token": "t"}, r"not both"),
        ({"token": f"{SECRET}\r\nX-Evil: 1"}, r"the token from --token is not a bearer token"),
        ({"user": f":{SECRET}"}, r"empty user name"),
        ({"user": f"bob:{SECRET}\n"}, r"control characters"),
    ],
    ids=["no-password", "both", "header-injection", "no-user", "control"],
)
def test_bad_credentials_are_refused_without_echo(kwargs, expected):
    with pytest.raises(PushError, match=expected) as info:
        find_credentials("http://127.0.0.1:7878/store", environ={}, **kwargs)
    assert SECRET not in str(info.value) and "Evil" not in str(info.value)


def test_malformed_netrc_is_reported_without_its_content(tmp_path):
    path = tmp_path / "netrc"
    path.write_text(
        f"machine 127.0.0.1 login carol password {SECRET} {SECRET}\n", encoding="utf-8"
    )  # a space in a password
    with pytest.raises(PushError, match=r"cannot use .*netrc: malformed at line \d+$") as info:
        find_credentials("http://127.0.0.1:7878/store", environ={"NETRC": str(path)})
    assert SECRET not in str(info.value)


# --- HTTPS: a local TLS server with a self-signed certificate -------------------------------


def test_https_endpoint_with_cacert(loopback, certificate):
    cert, key = certificate
    server = loopback(_stored, tls=tls_context(cert, key))
    assert server.url.startswith("https://127.0.0.1:")
    assert push_graph(NT, NT_TYPE, f"{server.url}/store", None, timeout=5, cacert=cert) == 204
    assert [(s.method, s.body) for s in server.seen] == [("POST", NT)]


def test_untrusted_certificate_fails_clearly(loopback, certificate):
    server = loopback(_stored, tls=tls_context(*certificate))
    with pytest.raises(
        PushError,
        match=r"^cannot reach https://127\.0\.0\.1:\d+/store: its TLS certificate was rejected \(self.signed certificate\); .* --cacert FILE$",
    ):
        push_graph(NT, NT_TYPE, f"{server.url}/store", None, timeout=5)
    assert server.seen == []


def test_tls_mistakes_are_one_line(loopback, certificate, tmp_path):
    plain = loopback(_stored)
    with pytest.raises(
        PushError,
        match=r"^cannot reach https://127\.0\.0\.1:\d+/store: TLS failed \(.*\); is it an https:// server\?$",
    ):
        push_graph(
            NT,
            NT_TYPE,
            plain.url.replace("http://", "https://") + "/store",
            None,
            timeout=5,
            cacert=certificate[0],
        )
    not_pem = tmp_path / "ca.pem"
    not_pem.write_text("not a certificate", encoding="utf-8")
    for bad in (tmp_path / "missing.pem", not_pem, tmp_path):
        with pytest.raises(
            PushError, match=r"^cannot use cacert .*: .*; it must be a PEM file of CA certificates$"
        ):
            push_graph(NT, NT_TYPE, "https://127.0.0.1:9/store", None, timeout=5, cacert=bad)
    with pytest.raises(PushError, match=r"^cacert applies to https:// endpoints"):
        push_graph(NT, NT_TYPE, f"{plain.url}/store", None, timeout=5, cacert=certificate[0])
