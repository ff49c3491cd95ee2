"""SPARQL over a graph: read-only by default, results as table, CSV or JSON."""

from __future__ import annotations

import json
import re
import threading

from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.query import Result

from graph.rdf import PREFIXES
from graph.result_formats import to_csv, to_tsv
from graph.table import format_table


class QueryError(ValueError):
    """A SPARQL query that cannot be run."""


_UPDATE = re.compile(r"^\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I | re.M)


def namespaces(graph: Graph) -> dict[str, object]:
    """Prefixes available to every query without PREFIX lines (kg:, schema:, entity:, rel: ...)."""
    ns = {str(k): v for k, v in PREFIXES.items()}
    ns.update({prefix: namespace for prefix, namespace in graph.namespaces()})
    return ns


def is_update(text: str) -> bool:
    """True for SPARQL UPDATE requests (INSERT, DELETE, LOAD, CLEAR, ...)."""
    stripped = re.sub(r"#[^\n]*", "", text)
    stripped = re.sub(r"PREFIX\s+\S+\s*<[^>]*>|BASE\s*<[^>]*>", "", stripped, flags=re.I)
    return bool(_UPDATE.search(stripped))


def run_update(graph: Graph, text: str) -> None:
    """Apply a SPARQL UPDATE to `graph` (only when the user asked for it)."""
    try:
        graph.update(text, initNs=namespaces(graph))
    except Exception as exc:
        detail = " ".join(str(exc).split())[:200]
        raise QueryError(f"malformed SPARQL update: {detail}") from exc


def run_with_timeout(func, seconds: float | None):
    """Call `func()`; raise QueryError if it takes longer than `seconds` (None: no limit)."""
    if seconds is None:
        return func()
    outcome: dict[str, object] = {}

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


def run_query(graph: Graph, text: str, *, bindings: dict | None = None) -> Result:
    """Run a SPARQL SELECT/ASK/CONSTRUCT/DESCRIBE query; updates are refused."""
    if is_update(text):
        raise QueryError("SPARQL updates are not allowed: kg query is read-only (use --allow-update)")
    try:
        prepared = prepareQuery(text, initNs=namespaces(graph))
    except Exception as exc:
        detail = " ".join(str(exc).split())[:200]
        raise QueryError(f"malformed SPARQL query: {detail}") from exc
    try:
        return graph.query(prepared, initBindings=bindings or {})
    except Exception as exc:
        detail = " ".join(str(exc).split())[:200]
        raise QueryError(f"query failed: {detail}") from exc


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


def format_result(result: Result, graph: Graph, fmt: str = "table", *, width: int | None = None) -> str:
    """Render a query result as an aligned table (fitted to `width`), SPARQL CSV, TSV or JSON.

    The table shows prefixed names for people; CSV and TSV follow the W3C result formats
    (absolute IRIs) so other tools read them.
    """
    if result.type == "ASK":
        answer = bool(result.askAnswer)
        return json.dumps({"boolean": answer}) if fmt == "json" else ("yes" if answer else "no")
    if result.type in {"CONSTRUCT", "DESCRIBE"}:
        return result.graph.serialize(format="json-ld" if fmt == "json" else "turtle")
    if fmt == "json":
        return result.serialize(format="json").decode("utf-8")
    if fmt == "csv":
        return to_csv(result)  # every line ends in CRLF, as the format says
    if fmt == "tsv":
        return to_tsv(result)
    names = [str(v) for v in result.vars]
    rows = [[_cell(row[i], graph) for i in range(len(names))] for row in result]
    return format_table(names, rows, width=width)
