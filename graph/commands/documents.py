"""The input documents of `kg build`, `kg triples` and `kg entities`: read, extracted, with progress.

`Reading` names the inputs and the engine; `documents()` streams each document's
`DocumentGraph` (or each section's, for a long one) as the engine makes them, draws the
progress line on a terminal, and warns about text that does not look English.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from extract.engines import Engine
from extract.model import DocumentGraph
from extract.sources import SourceDocument
from graph.commands.output import warn


@dataclass(frozen=True)
class Reading:
    """Which documents to read, and where to extract them.

    inputs
        Text files, folders (searched recursively for `glob`), tables (.csv, .tsv,
        .jsonl: one document a row) or "-" for standard input.
    text_column, id_column
        In a table: the field holding the text, and the one holding a document id.
    engine
        Where extraction runs (`extract.engines.Engine`).
    quiet
        No progress line.
    """

    inputs: Sequence[str]
    glob: str = "*.txt"
    text_column: str = "text"
    id_column: str | None = None
    engine: Engine = field(default_factory=Engine)
    quiet: bool = False


@dataclass(frozen=True)
class Extracted:
    """One document, or one section of a long one (`done` on its last), with the source it came from."""

    source: SourceDocument
    graph: DocumentGraph
    done: bool


def documents(
    reading: Reading,
    *,
    whole: bool = False,
    lines: bool = False,
    reports: bool = False,
    skip: Callable[[SourceDocument], bool] | None = None,
) -> Iterator[Extracted]:
    """Every input document extracted, streamed in input order, with progress on a terminal.

    A long document comes as several graphs, one per section (`extract.sections`),
    `done` on its last, so that no command holds a whole long document; `whole` merges
    them (for a store, which adds one document per transaction). `lines` reads each
    input line as one sentence (no re-segmentation, no coreference across lines;
    `reports` keeps reported speech as such). `skip(source)` true leaves a source out
    before it is parsed.
    """
    from extract.language import looks_english
    from extract.nlp import load_nlp
    from extract.pipeline import extract_lines
    from extract.sources import count_documents, iter_sources
    from graph.io.progress import Progress

    inputs = list(reading.inputs)
    engine = reading.engine
    sources = iter_sources(
        inputs, pattern=reading.glob, text_column=reading.text_column, id_column=reading.id_column
    )
    nlp = load_nlp(engine.model) if engine.needs_local_model or lines else None
    progress = Progress(enabled=not reading.quiet)
    if progress.enabled:  # counting rows of a table costs a read: only for a terminal
        progress.total = count_documents(inputs, pattern=reading.glob)
    try:
        if lines:
            assert nlp is not None  # loaded above: lines are extracted here, not by an engine
            for source in sources:
                document = extract_lines(nlp, source.id, source.text, reports=reports)
                progress.update(
                    sentences=len(document.sentences),
                    triples=len(document.triples),
                    words=len(source.text.split()),
                )
                yield Extracted(source, document, True)
            return
        yield from _extracted(
            sources, engine, nlp, progress, whole=whole, skip=skip, looks_english=looks_english
        )
    finally:
        progress.close()


def _extracted(
    sources, engine, nlp, progress, *, whole, skip, looks_english
) -> Iterator[Extracted]:
    """The engine's parts paired back with their sources (held only until their last part)."""
    from extract.engines import extract_stream

    pending: dict[str, SourceDocument] = {}

    def pairs() -> Iterator[tuple[str, str]]:
        for source in sources:
            if skip is not None and skip(source):
                continue
            pending[source.id] = source
            yield source.id, source.text

    for part in extract_stream(pairs(), engine, nlp=nlp, whole=whole):
        document = part.graph
        source = pending[document.doc]
        if part.last:
            del pending[document.doc]
        words = len(source.text.split()) if part.words is None else part.words
        progress.update(
            sentences=len(document.sentences),
            triples=len(document.triples),
            words=words,
            done=part.last,
        )
        if part.number == 0 and not looks_english(source.text):
            progress.close()
            warn(f"{source.path} does not look like English text; little could be extracted")
        yield Extracted(source, document, part.last)


def warn_if_empty(count_docs: int, count_triples: int) -> None:
    """The warning for documents that gave no triple at all."""
    if count_docs and not count_triples:
        warn("no triples could be extracted from the input")
