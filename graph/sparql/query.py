"""SPARQL over a graph: read-only by default, results as table, CSV or JSON.

What a request may do is read from rdflib's parse tree, never from its text by
pattern: a literal or a comment that mentions DROP or SERVICE is just text. An
update, a SERVICE clause (a request to another endpoint over the network) and a
LOAD (a fetch of any URL or local file) each need their own explicit permission,
because `kg query` is otherwise an offline, read-only tool.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pyparsing import ParseResults
from rdflib import Graph, Literal, URIRef, Variable
from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query, Update
from rdflib.query import Result

from extract.errors import KgError, one_line
from graph.io.table import format_table
from graph.rdf.model import PREFIXES
from graph.sparql.result_formats import select_rows, serialized, to_csv, to_tsv


class QueryError(KgError, ValueError):
    """A SPARQL query that cannot be run."""


def namespaces(graph: Graph) -> dict[str, object]:
    """Prefixes available to every query without PREFIX lines (kg:, schema:, entity:, rel: ...)."""
    ns = {str(k): v for k, v in PREFIXES.items()}
    ns.update({prefix: namespace for prefix, namespace in graph.namespaces()})
    return ns


@dataclass(frozen=True)
class Request:
    """A parsed SPARQL request: a query or an update, and what outside it would reach.

    `services` are the endpoints of its SERVICE clauses (as written: an IRI, a
    prefixed name or a ?variable), `loads` the resolved IRIs of its LOAD
    operations; `algebra` is rdflib's translation, ready to evaluate.
    """

    update: bool
    services: tuple[str, ...] = ()
    loads: tuple[str, ...] = ()
    algebra: Query | Update | None = field(default=None, repr=False, compare=False)

    def check(
        self, *, allow_update: bool = False, allow_service: bool = False, allow_load: bool = False
    ) -> None:
        """Raise QueryError for anything the caller has not explicitly allowed."""
        if self.update and not allow_update:
            raise QueryError.naming(
                "SPARQL updates are not allowed: kg query is read-only (use {allow_update})"
            )
        if self.services and not allow_service:
            raise QueryError.naming(
                "SERVICE {service} would send a request to another endpoint; refused (use {allow_service} to allow it)",
                service=self.services[0],
            )
        if self.loads and not allow_load:
            raise QueryError.naming(
                "LOAD <{iri}> would fetch a URL or file into the graph; refused (use {allow_load} to allow it)",
                iri=self.loads[0],
            )


def parse_request(text: str, prefixes: Mapping[str, object] | None = None) -> Request:
    """Parse `text` as a SPARQL query, else as an update, with `prefixes` predeclared.

    Raises
    ------
    QueryError
        For text that is neither; the message is the error of whichever parser
        got further into the text (the query's on a tie).
    """
    init_ns = {str(k): str(v) for k, v in (prefixes or {}).items()}
    tree: ParseResults | CompValue  # a query's parse tree, or an update's
    try:
        tree, update = parseQuery(text), False
    except Exception as query_error:  # pyparsing errors, RecursionError on deep nesting
        try:
            tree, update = parseUpdate(text), True
        except Exception as update_error:
            further = getattr(update_error, "loc", -1) > getattr(query_error, "loc", -1)
            kind, error = ("update", update_error) if further else ("query", query_error)
            raise QueryError(f"malformed SPARQL {kind}: {one_line(error)}") from None
    if update and "request" not in tree:  # only a prologue, comments or nothing
        raise QueryError(
            "empty SPARQL request: give a query (SELECT, ASK, CONSTRUCT, DESCRIBE) or an update"
        )
    services = _services(tree)  # before translation, which rewrites the tree in place
    translate: Callable[..., Query | Update] = translateUpdate if update else translateQuery
    try:
        algebra = translate(tree, initNs=init_ns)
    except Exception as exc:  # an unknown prefix, a variable used out of scope ...
        kind = "update" if update else "query"
        raise QueryError(f"malformed SPARQL {kind}: {one_line(exc)}") from exc
    loads = tuple(str(op.iri) for op in algebra.algebra if op.name == "Load") if update else ()
    return Request(update, services, loads, algebra)


def _services(tree) -> tuple[str, ...]:
    """The endpoint of every SERVICE clause in a parse tree, however deeply nested."""
    found: list[str] = []
    stack = [tree]
    while stack:  # iterative: a query can nest deeper than Python's recursion limit
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                found.append(_written(node.get("term")))
            stack.extend(node.values())
        elif isinstance(node, list | tuple | ParseResults):
            stack.extend(node)
    return tuple(found)


def _written(term) -> str:
    if isinstance(term, CompValue) and term.name == "pname":
        return f"{term.get('prefix') or ''}:{term.get('localname') or ''}"
    if isinstance(term, Variable):
        return f"?{term}"
    return f"<{term}>"


def is_update(text: str) -> bool:
    """True for SPARQL UPDATE requests (INSERT, DELETE, LOAD, CLEAR ...), decided by parsing."""
    try:
        return parse_request(text).update
    except QueryError:
        return False


def run_update(
    graph: Graph, text: str | Request, *, allow_service: bool = False, allow_load: bool = False
) -> None:
    """Apply a SPARQL UPDATE to `graph` (only when the user asked for it)."""
    request = text if isinstance(text, Request) else parse_request(text, namespaces(graph))
    if not request.update:
        raise QueryError.naming(
            "not a SPARQL update: run it as a query (without {allow_update} it is read-only)"
        )
    request.check(allow_update=True, allow_service=allow_service, allow_load=allow_load)
    assert isinstance(request.algebra, Update)  # parse_request translated an update
    try:
        graph.update(request.algebra)
    except Exception as exc:  # rdflib raises many types while evaluating
        raise QueryError(f"SPARQL update failed: {one_line(exc)}") from exc


_T = TypeVar("_T")


def run_with_timeout(func: Callable[[], _T], seconds: float | None) -> _T:
    """Call `func()`; raise QueryError if it takes longer than `seconds` (None: no limit)."""
    if seconds is None:
        return func()
    outcome: dict[str, Any] = {}  # "value": what func returned, or "error": what it raised

    def target() -> None:
        try:
            result = func()
            if hasattr(result, "bindings"):
                result.bindings  # noqa: B018 - evaluate lazily computed results inside the limit
            outcome["value"] = result
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise QueryError(f"query timed out after {seconds:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def run_query(
    graph: Graph, text: str | Request, *, bindings: dict | None = None, allow_service: bool = False
) -> Result:
    """Run a SPARQL SELECT/ASK/CONSTRUCT/DESCRIBE query; refuse updates, and SERVICE unless allowed."""
    request = text if isinstance(text, Request) else parse_request(text, namespaces(graph))
    request.check(allow_service=allow_service)
    assert isinstance(request.algebra, Query)  # check() refused updates
    try:
        return graph.query(request.algebra, initBindings=bindings or {})
    except Exception as exc:
        raise QueryError(f"query failed: {one_line(exc)}") from exc


def stream_result(result: Result) -> Iterator:
    """`result` as a header, then its rows (SELECT) or triples (CONSTRUCT), evaluated lazily.

    The header is ("SELECT", variable names), ("ASK", answer) or ("CONSTRUCT", None):
    plain picklable values, so a child process can send it (see graph.sparql.child).
    """
    try:
        if result.type == "ASK":
            yield ("ASK", bool(result.askAnswer))
        elif result.type in {"CONSTRUCT", "DESCRIBE"}:
            yield ("CONSTRUCT", None)
            if result.graph is not None:
                yield from result.graph
        else:
            yield ("SELECT", tuple(str(v) for v in result.vars or ()))
            for row in select_rows(result):  # rdflib evaluates a SELECT as it is iterated
                yield tuple(row)
    except QueryError:
        raise
    except Exception as exc:  # rdflib raises many types while evaluating
        raise QueryError(f"query failed: {one_line(exc)}") from exc


def result_from_stream(head: tuple, rows: Iterable) -> Result:
    """The rdflib Result that `stream_result` took apart (for `format_result`)."""
    kind, value = head
    result = Result(kind)
    if kind == "ASK":
        result.askAnswer = value
    elif kind == "CONSTRUCT":
        result.graph = Graph()
        for triple in rows:
            result.graph.add(triple)
    else:
        variables = [Variable(name) for name in value]
        result.vars = variables
        result.bindings = [
            {v: term for v, term in zip(variables, row, strict=True) if term is not None}
            for row in rows
        ]
    return result


def _cell(value, graph: Graph) -> str:
    if value is None:
        return ""
    if isinstance(value, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(value)
        except Exception:
            return str(value)
    if isinstance(value, Literal):
        return str(value)
    return str(value)


def format_result(
    result: Result, graph: Graph, fmt: str = "table", *, width: int | None = None
) -> str:
    """Render a query result as an aligned table (fitted to `width`), SPARQL CSV, TSV or JSON.

    The table shows prefixed names for people; CSV and TSV follow the W3C result formats
    (absolute IRIs) so other tools read them.
    """
    if result.type == "ASK":
        answer = bool(result.askAnswer)
        return json.dumps({"boolean": answer}) if fmt == "json" else ("yes" if answer else "no")
    if result.type in {"CONSTRUCT", "DESCRIBE"}:
        triples = result.graph if result.graph is not None else Graph()
        return triples.serialize(format="json-ld" if fmt == "json" else "turtle")
    if fmt == "json":
        return serialized(result, "json")
    if fmt == "csv":
        return to_csv(result)  # every line ends in CRLF, as the format says
    if fmt == "tsv":
        return to_tsv(result)
    names = [str(v) for v in result.vars or ()]
    rows = [[_cell(row[i], graph) for i in range(len(names))] for row in select_rows(result)]
    return format_table(names, rows, width=width)
