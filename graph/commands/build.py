"""`kg build`: text in, a knowledge graph out, as an RDF file or into an on-disk store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from extract.errors import OptionError
from graph.commands.documents import Reading, documents, warn_if_empty
from graph.commands.output import check_writable, say, warn
from graph.rdf.vocab import DEFAULT_BASE_IRI

if TYPE_CHECKING:
    from graph.rdf.links import Link, LinkReport


@dataclass(frozen=True)
class BuildSummary:
    """What a build did: documents read, triples extracted, RDF triples written, and where."""

    documents: int
    triples: int
    rdf_triples: int
    target: str
    skipped: int = 0  # documents already in the store


def build(
    reading: Reading,
    *,
    output: str | None = None,
    store: str | Path | None = None,
    fmt: str | None = None,
    base_iri: str = DEFAULT_BASE_IRI,
    source_uri: str | None = None,
    link: str | Path | None = None,
    min_confidence: float | None = None,
    quiet: bool = False,
) -> BuildSummary:
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

    Returns a BuildSummary. `min_confidence` is the direct-edge threshold (None: the
    calibrated model's, `extract.confidence.min_confidence()`).
    """
    from graph.rdf.source_names import SourceNamer

    if (output is None) == (store is None):
        raise OptionError("give either {output} (a graph file) or {store}, not both or neither")
    links = _read_links(link)  # a bad table fails before any parsing
    namer = SourceNamer.for_inputs(reading.inputs, prefix=source_uri)
    if store is not None:
        return _build_into_store(
            reading, store, base_iri, namer, links, link, quiet, min_confidence
        )
    assert output is not None
    return _build_file(reading, output, fmt, base_iri, namer, links, link, quiet, min_confidence)


def _build_file(
    reading, output: str, fmt, base_iri, namer, links, link, quiet, min_confidence
) -> BuildSummary:
    from graph.rdf.formats import format_for, write_triples
    from graph.rdf.model import prefixes_for
    from graph.rdf.spill import SpillingBuilder
    from graph.rdf.stdio import is_stdio, write_to_stdout

    fmt = format_for(output, fmt)
    to_stdout = is_stdio(output)
    if not to_stdout:
        check_writable(output)
    # a big graph waits on disk, not in memory
    builder = SpillingBuilder(base_iri=base_iri, min_confidence=min_confidence)
    try:
        docs = triples = 0
        for item in documents(reading):
            builder.add_document(
                item.graph, source=namer(item.source.path), identifier=item.source.identifier
            )
            docs += item.done
            triples += len(item.graph.triples)
        warn_if_empty(docs, triples)
        prefixes = prefixes_for(builder.base)
        write: Callable[[Path | str], object]
        if links is not None:
            from graph.rdf.links import entities_in, match_links

            rdf_triples = builder.triples()
            report = match_links(links, entities_in(rdf_triples))
            rdf_triples.extend(report.triples())
            _report_links(report, link, quiet)
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
            write(output)
        target = "standard output" if to_stdout else output
        if not quiet:
            say(f"{docs} document(s), {triples} triple(s), {size} RDF triples -> {target}")
    finally:
        builder.close()
    return BuildSummary(docs, triples, size, target)


def _read_links(link: str | Path | None) -> tuple[Link, ...] | None:
    """The rows of the link table, or None without one."""
    if link is None:
        return None
    from graph.rdf.links import read_links

    return read_links(link)


def _report_links(report: LinkReport, link, quiet: bool) -> None:
    """One summary line for the links: a warning (shown even when quiet) when a row linked nothing."""
    line = report.summary(str(link))
    if not report.complete:
        warn(line)
    elif not quiet:
        say(line)


def _build_into_store(
    reading, store_path, base_iri, namer, links, link, quiet, min_confidence
) -> BuildSummary:
    from graph.store.kgstore import open_store, text_hash

    with open_store(store_path, write=True, base_iri=base_iri) as store:
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

        docs = triples = 0
        for item in documents(reading, whole=True, skip=known):
            store.add_document(
                item.graph,
                hashes[item.source.id],
                source=namer(item.source.path),
                identifier=item.source.identifier,
                origin=str(item.source.path),
                min_confidence=min_confidence,
            )
            docs += 1
            triples += len(item.graph.triples)
        if links is not None:  # against every entity of the store, not only the new documents'
            from graph.rdf.links import link_store

            _report_links(link_store(store, links), link, quiet)
        size = len(store)
        if not quiet:
            say(
                f"{docs} new document(s), {skipped} already in the store, {triples} triple(s); "
                f"store {store_path} holds {store.document_count()} document(s), {size} RDF triples"
            )
    return BuildSummary(docs, triples, size, str(store_path), skipped)
