"""graph.sparql.query's parse-based guard and graph.sparql.child's bounded evaluation (library level)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from graph.sparql.child import run_in_child
from graph.sparql.query import QueryError, is_update, parse_request, run_query, run_update


@pytest.mark.parametrize(
    ("text", "update"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", False),
        ('SELECT * WHERE { ?s ?p """a\nDROP ALL""" }', False),
        ("# INSERT DATA { <urn:a> <urn:b> <urn:c> }\nASK { ?s ?p ?o }", False),
        ("PREFIX delete: <urn:d#>\nCONSTRUCT WHERE { ?s delete:x ?o }", False),
        ("DROP ALL", True),
        ("PREFIX ex: <urn:ex#>\nINSERT DATA { ex:a ex:b ex:c }", True),
        ("  with <urn:g> delete { ?s ?p ?o } where { ?s ?p ?o }", True),
    ],
)
def test_query_or_update_is_decided_by_parsing(text, update):
    assert parse_request(text).update is update
    assert is_update(text) is update


@pytest.mark.parametrize(
    ("text", "services"),
    [
        (
            "SELECT * WHERE { SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }",
            ("<http://127.0.0.1:9/s>",),
        ),
        ("SELECT * WHERE { SERVICE ?where { ?s ?p ?o } }", ("?where",)),
        (
            "PREFIX x: <http://h/> ASK { { SERVICE SILENT x:s { ?s ?p ?o } } UNION { ?a ?b ?c } }",
            ("x:s",),
        ),
        ("DELETE { ?s ?p ?o } WHERE { SERVICE <http://h/s> { ?s ?p ?o } }", ("<http://h/s>",)),
        ('SELECT * WHERE { ?s ?p "SERVICE <http://h/s> { }" }', ()),
    ],
)
def test_service_clauses_are_found_in_the_parse_tree(text, services):
    assert parse_request(text).services == services


def test_deeply_nested_service_is_found():
    text = (
        "SELECT * WHERE " + "{ OPTIONAL " * 20 + "{ SERVICE <http://h/s> { ?s ?p ?o } }" + " }" * 20
    )
    assert parse_request(text).services == ("<http://h/s>",)


def test_load_iris_are_resolved():
    request = parse_request(
        "BASE <file:///data/> PREFIX h: <http://h/> LOAD <a.ttl> ; LOAD SILENT h:b INTO GRAPH <g>"
    )
    assert request.loads == ("file:///data/a.ttl", "http://h/b")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("SELECT ?x WHERE { ?x", "malformed SPARQL query"),
        ("INSERT DATA { <urn:a> <urn:b> }", "malformed SPARQL"),
        ("", "empty SPARQL request"),
        ("# only a comment", "empty SPARQL request"),
        ("SELECT * WHERE { ?s nope:p ?o }", "Unknown namespace prefix"),
    ],
)
def test_malformed_requests(text, message):
    with pytest.raises(QueryError, match=message):
        parse_request(text)


@pytest.fixture
def graph() -> Graph:
    g = Graph()
    for i in range(30):
        g.add((URIRef(f"urn:e{i}"), URIRef("urn:label"), Literal(f"e{i}")))
    return g


def test_library_refuses_service_and_load(graph):
    with pytest.raises(QueryError, match="use allow_service"):  # the CLI spells it --allow-service
        run_query(graph, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }")
    with pytest.raises(QueryError, match="use allow_load"):
        run_update(graph, "LOAD <http://127.0.0.1:9/g.ttl>")
    with pytest.raises(QueryError, match="read-only"):
        run_query(graph, "CLEAR DEFAULT")
    assert len(graph) == 30


def _rows(count: int):
    yield ("SELECT", ("n",))
    for i in range(count):
        yield (i,)


def test_child_streams_rows_and_stops_at_the_cap():
    answer = run_in_child(lambda: _rows(10**12), timeout=10, max_rows=2500)
    assert answer.head == ("SELECT", ("n",))
    assert answer.rows == tuple((i,) for i in range(2500)) and answer.truncated
    whole = run_in_child(lambda: _rows(2500), timeout=10, max_rows=2500)
    assert len(whole.rows) == 2500 and not whole.truncated


def _forever():
    yield "head"
    while True:
        time.sleep(0.05)


def test_child_is_killed_at_the_deadline():
    before = _our_children()
    started = time.monotonic()
    with pytest.raises(QueryError, match="timed out after 0.5 s"):
        run_in_child(lambda: _forever(), timeout=0.5, max_rows=10)
    assert time.monotonic() - started < 5
    assert _our_children() <= before  # killed and reaped, not left running


def _our_children() -> set[int]:
    """The processes this one has started and not yet reaped (other tests may have some)."""
    tasks = Path(f"/proc/{os.getpid()}/task")
    return {int(pid) for task in tasks.iterdir() for pid in (task / "children").read_text().split()}


def _failing():
    raise QueryError("no such thing")
    yield  # a generator


def _dying():
    os._exit(7)
    yield


def test_child_errors_reach_the_parent():
    with pytest.raises(QueryError, match="no such thing"):
        run_in_child(_failing, timeout=10, max_rows=10)
    with pytest.raises(QueryError, match="exit status 7"):
        run_in_child(_dying, timeout=10, max_rows=10)


def test_query_in_a_child_sees_the_parents_graph(graph):
    from graph.sparql.query import format_result, result_from_stream, stream_result

    text = "SELECT ?s ?l WHERE { ?s <urn:label> ?l } ORDER BY ?l"
    answer = run_in_child(lambda: stream_result(run_query(graph, text)), timeout=10, max_rows=100)
    assert format_result(
        result_from_stream(answer.head, answer.rows), graph, "csv"
    ) == format_result(run_query(graph, text), graph, "csv")
