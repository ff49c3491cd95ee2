"""`kg query`: SPARQL over a graph file or a store, run in a child process that a timeout stops."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from extract.errors import OptionError
from graph.commands.output import warn
from graph.sparql.query import QueryError

if TYPE_CHECKING:
    from graph.sparql.child import Answer

DEFAULT_TIMEOUT = 60.0
MAX_TIMEOUT = 86400.0  # a day: beyond it a "timeout" is a typo, and timers overflow
DEFAULT_MAX_ROWS = 100_000


def read_query(query: str | None = None, file: str | Path | None = None) -> str:
    """The SPARQL text: `query` itself, or the contents of `file` (exactly one of them)."""
    if (query is None) == (file is None):
        raise OptionError("give either a {query} text or {file}, not both or neither")
    if file is None:
        assert query is not None
        return query
    path = Path(file)
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(
            f"cannot read query file {path}: {getattr(exc, 'strerror', None) or exc}"
        ) from exc


def query(
    text: str,
    *,
    graph: str | None = None,
    store: str | Path | None = None,
    fmt: str = "table",
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    allow_update: bool = False,
    allow_load: bool = False,
    allow_service: bool = False,
) -> None:
    """Run a SPARQL query against a graph file.

    Example:
      kg query seed.ttl -f examples/queries/consultancy.rq
      kg query seed.ttl 'SELECT ?label WHERE { ?e a schema:GovernmentOrganization ; rdfs:label ?label }'
      kg query --store kb/ -f examples/queries/who-said-what.rq
      kg query seed.ttl 'SELECT * WHERE { ?s ?p ?o }' --max-rows 20 --timeout 5
      kg build article.txt -o - | kg query - -f question.rq   # - reads the graph from stdin
      kg query seed.ttl -f examples/queries/negated.rq --format tsv > negated.tsv
    Prefixes kg:, schema:, rdfs:, skos:, prov:, entity:, rel: are predeclared.
    csv and tsv are the W3C SPARQL result formats (absolute IRIs); the table fits the terminal.
    Read-only and offline unless --allow-update, --allow-load, --allow-service.
    Every query runs in a child process that --timeout, Ctrl-C or SIGTERM stops.
    """
    if (graph is None) == (store is None):
        raise OptionError("give either a {graph} file or {store}, not both or neither")
    allow = {"allow_update": allow_update, "allow_service": allow_service, "allow_load": allow_load}
    if store is not None:
        answer, kind = _query_store(store, text, fmt, timeout, max_rows, allow)
    else:
        assert graph is not None
        answer, kind = _query_file(graph, text, fmt, timeout, max_rows, allow)
    if kind == "UPDATE":
        return
    if answer.truncated:
        unit = "triples" if kind == "CONSTRUCT" else "rows"
        warn(
            f"only the first {max_rows} {unit} are shown (--max-rows {max_rows}); "
            "add LIMIT to the query or raise --max-rows"
        )


def _query_store(
    store: str | Path, text: str, fmt: str, timeout: float, max_rows: int, allow: dict
) -> tuple[Answer, str]:
    """Ask an on-disk store (in a child process), print the answer; (answer, kind)."""
    from graph.io.table import terminal_width
    from graph.sparql.child import run_in_child

    answer = run_in_child(
        lambda: _store_answers(store, text, **allow), timeout=timeout, max_rows=max_rows
    )
    result = answer.head
    kind = result.kind
    if kind == "UPDATE":
        print(f"kg: updated store {store} ({result.size} RDF triples)", file=sys.stderr)
        return answer, kind
    from graph.store.kgstore import format_store_result

    rows = list(answer.rows)
    result = replace(result, triples=rows) if kind == "CONSTRUCT" else replace(result, rows=rows)
    _print_answer(format_store_result(result, fmt, width=terminal_width()))
    return answer, kind


def _query_file(
    graph: str, text: str, fmt: str, timeout: float, max_rows: int, allow: dict
) -> tuple[Answer, str]:
    """Ask a graph file or standard input (in a child process), print the answer; (answer, kind)."""
    from graph.io.table import terminal_width
    from graph.rdf.stdio import is_stdio, read_graph_arg
    from graph.sparql.child import run_in_child
    from graph.sparql.query import is_update

    if allow["allow_update"] and is_stdio(graph) and is_update(text):
        raise OptionError(
            "{allow_update} rewrites a graph file; it cannot rewrite standard input (-)"
        )
    data = read_graph_arg(graph)
    answer = run_in_child(
        lambda: _file_answers(data, graph, text, **allow), timeout=timeout, max_rows=max_rows
    )
    kind, value = answer.head
    if kind == "UPDATE":
        print(f"kg: updated {graph} ({value} triples)", file=sys.stderr)
        return answer, kind
    from graph.sparql.query import format_result, result_from_stream

    result = result_from_stream(answer.head, answer.rows)
    _print_answer(format_result(result, data, fmt, width=terminal_width()))
    return answer, kind


def _file_answers(
    graph, path: str, text: str, *, allow_update: bool, allow_service: bool, allow_load: bool
) -> Iterator:
    """In the child: the answer to `text` over a graph file (an update also rewrites the file)."""
    from graph.rdf.formats import write_graph
    from graph.sparql.query import namespaces, parse_request, run_query, run_update, stream_result

    request = parse_request(text, namespaces(graph))
    request.check(allow_update=allow_update, allow_service=allow_service, allow_load=allow_load)
    if request.update:
        run_update(graph, request, allow_service=allow_service, allow_load=allow_load)
        write_graph(graph, path)
        yield ("UPDATE", len(graph))
        return
    yield from stream_result(run_query(graph, request, allow_service=allow_service))


def _store_answers(
    store_path, text: str, *, allow_update: bool, allow_service: bool, allow_load: bool
) -> Iterator:
    """In the child: the store opened here (not inherited: Oxigraph must not cross a fork), then the answer."""
    from graph.store.kgstore import open_store

    with open_store(store_path, write=allow_update) as store:
        yield from store.evaluate(
            text, allow_update=allow_update, allow_service=allow_service, allow_load=allow_load
        )


def _print_answer(text: str) -> None:
    """A query answer on stdout, ending in exactly one line break (CSV's own CRLF kept)."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
