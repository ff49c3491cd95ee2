"""The `kg` command: text in, knowledge graph out.

Examples:
  kg build examples/ -o seed.ttl            text files -> Turtle (nt, jsonld, trig by extension)
  kg triples examples/*.txt --format table  the extracted triples, readable
  kg entities examples/ --format table      one line per resolved entity
  kg query seed.ttl -f examples/queries/consultancy.rq
  kg plot seed.ttl -o seed.png              also .svg, or .html for an interactive view
  kg validate seed.ttl                      check the graph against the shipped SHACL shapes
  kg build news/ --store kb/                an on-disk store; then kg query/plot/export --store kb/
  kg export seed.ttl -o seed.gexf           also .graphml, or a folder of Neo4j CSV (--format csv)
  kg push seed.ttl --endpoint http://localhost:7878/store
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from extract.errors import KgError, OptionError
from graph.cli_parser import EXIT_USAGE, command_function

EXIT_INVALID = 1

#: how an OptionError's parameter names read on this command line
FLAGS = {
    "output": "-o OUT",
    "store": "--store DIR",
    "graph": "GRAPH",
    "query": "query",
    "file": "-f FILE.rq",
    "batch_size": "--batch-size",
    "jobs": "--jobs",
    "engine": "--engine",
    "scheduler": "--scheduler",
    "source_uri": "--source-uri",
    "top": "--top",
    "allow_update": "--allow-update",
    "allow_load": "--allow-load",
    "allow_service": "--allow-service",
    "timeout": "--timeout",
    "model": "--model",
    "glob": "--glob",
    "text_column": "--text-column",
    "id_column": "--id-column",
    "base_iri": "--base-iri",
    "graph_iri": "--graph",
    "cacert": "--cacert",
    "user": "--user",
    "token": "--token",
    "min_confidence": "--min-confidence",
}


def build_parser() -> argparse.ArgumentParser:
    """The parser of `kg` (graph.cli_parser), headed by this module's examples."""
    from graph import cli_parser

    assert __doc__ is not None
    return cli_parser.build_parser(__doc__)


def _reading(args: argparse.Namespace):
    from extract.engines import Engine
    from graph.commands.documents import Reading

    engine = Engine(
        getattr(args, "engine", "local"),
        args.jobs,
        args.batch_size,
        args.model,
        getattr(args, "scheduler", None),
    )
    return Reading(
        args.inputs, args.glob, args.text_column, args.id_column, engine, quiet=args.quiet
    )


# --- commands: argparse Namespace -> one call of graph.commands -----------------


def _build(a: argparse.Namespace) -> int:
    command_function("build")(
        _reading(a),
        output=a.output,
        store=a.store,
        fmt=a.format,
        base_iri=a.base_iri,
        source_uri=a.source_uri,
        link=a.link,
        min_confidence=a.min_confidence,
        quiet=a.quiet,
    )
    return 0


def _triples(a: argparse.Namespace) -> int:
    command_function("triples")(
        _reading(a),
        fmt=a.format,
        lines=a.sentences,
        min_confidence=a.min_confidence,
        output=a.output,
    )
    return 0


def _entities(a: argparse.Namespace) -> int:
    command_function("entities")(
        _reading(a), fmt=a.format, every=a.all, explain=a.explain, output=a.output
    )
    return 0


def _query(a: argparse.Namespace) -> int:
    from graph.commands.query import read_query

    if a.store is not None and a.query is None and a.graph is not None and a.file is None:
        a.graph, a.query = None, a.graph  # kg query --store DIR 'SELECT ...'
    text = read_query(a.query, a.file)
    command_function("query")(
        text,
        graph=a.graph,
        store=a.store,
        fmt=a.format,
        timeout=a.timeout,
        max_rows=a.max_rows,
        allow_update=a.allow_update,
        allow_load=a.allow_load,
        allow_service=a.allow_service,
    )
    return 0


def _plot(a: argparse.Namespace) -> int:
    command_function("plot")(
        a.output,
        graph=a.graph,
        store=a.store,
        focus=a.focus,
        hops=a.hops,
        top=a.top,
        rank_by=a.rank_by,
        largest_component=a.largest_component,
        hide_unasserted=a.hide_unasserted,
        keep_isolated=a.keep_isolated,
        title=a.title,
        quiet=a.quiet,
    )
    return 0


def _export(a: argparse.Namespace) -> int:
    command_function("export")(a.output, graph=a.graph, store=a.store, fmt=a.format, quiet=a.quiet)
    return 0


def _push(a: argparse.Namespace) -> int:
    command_function("push")(
        a.source,
        a.endpoint,
        graph=a.graph,
        replace=a.replace,
        timeout=a.timeout,
        cacert=a.cacert,
        user=a.user,
        token=a.token,
        quiet=a.quiet,
    )
    return 0


def _validate(a: argparse.Namespace) -> int:
    from graph.rdf.stdio import display_name

    result = command_function("validate")(a.graph)
    if result.conforms:
        print(f"kg: {display_name(a.graph)} conforms to the kg-builder shapes")
        return 0
    print(result.report_text)
    print(f"kg: {display_name(a.graph)}: {result.violations} violation(s)", file=sys.stderr)
    return EXIT_INVALID


RUN = {
    "build": _build,
    "triples": _triples,
    "entities": _entities,
    "query": _query,
    "plot": _plot,
    "export": _export,
    "push": _push,
    "validate": _validate,
}


def _terminate(signum, frame):  # SIGTERM behaves like Ctrl-C: clean up, then exit
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
    from graph.io.rdflib_log import gathered_rdflib_messages

    try:
        with gathered_rdflib_messages() as rdflib_messages:
            code = RUN[args.command](args)
        for line in rdflib_messages.summary():  # after a failure, the error line is enough
            print(line, file=sys.stderr)
        return code
    except (
        OptionError
    ) as exc:  # options that cannot go together: named as this command line spells them
        print(f"kg {args.command}: error: {exc.spelled(FLAGS)}", file=sys.stderr)
        return EXIT_USAGE
    except KgError as exc:
        print(f"kg: error: {exc.spelled(FLAGS)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("kg: interrupted; no output was written", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    except MemoryError:
        print("kg: error: out of memory; try fewer or smaller inputs", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(
            f"kg: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr
        )
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
