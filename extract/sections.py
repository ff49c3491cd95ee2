"""Long texts as independent sections, and batches bounded by tokens rather than documents.

Memory and time must follow the batch, not the input. spaCy's cost per token
grows with the length of the `Doc` (a 100,000-character junk text of 70,000
tokens took 46 s and 1.3 GB to parse), `nlp.pipe` batches by document count
only (sixteen 100,000-character pieces in one batch took GBs), and coreference
compares every mention with the clusters before it. So:

- a text of at most `max_chars` characters and `max_tokens` tokens (every
  ordinary article) is one section, exactly as before;
- a longer or denser text is cut into sections of at most `section_chars`
  characters and `section_tokens` tokens, at paragraph, else line, else
  sentence, else word boundaries (`split_text`). Each section is parsed and
  resolved on its own (its own coreference scope) and its result is passed on
  as soon as it is made, so nothing grows with the document;
- sections go to spaCy in batches of at most `batch_size` sections and
  `batch_tokens` tokens (at least one section).

Sections are produced lazily: a 50 MB text is never held as a list of pieces.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from extract.model import DocumentGraph
from extract.nlp import MAX_CHARS

#: More tokens than this and a text is cut into sections (ordinary English has ~20,000 in MAX_CHARS).
MAX_TOKENS = 30_000
#: Largest section of a long text, in characters and in tokens.
SECTION_CHARS = 20_000
SECTION_TOKENS = 6_000
#: Most tokens one spaCy batch holds (more than one section only when they fit).
BATCH_TOKENS = 15_000

_BREAKS = (
    re.compile(r"\n\s*\n"),
    re.compile(r"\n"),
    re.compile(r"(?<=[.!?])\s+"),
    re.compile(r"\s+"),
)


@dataclass(frozen=True)
class Limits:
    """When a text is cut into sections, how large sections and batches may be."""

    max_chars: int = MAX_CHARS
    max_tokens: int = MAX_TOKENS
    section_chars: int = SECTION_CHARS
    section_tokens: int = SECTION_TOKENS
    batch_tokens: int = BATCH_TOKENS

    @classmethod
    def for_max_chars(cls, max_chars: int) -> Limits:
        """The default limits, with texts over `max_chars` cut into sections of at most that size."""
        return cls(max_chars=max_chars, section_chars=min(SECTION_CHARS, max_chars))


@dataclass(frozen=True)
class Section:
    """One independently parsed part of a document."""

    doc_id: str
    number: int  # 0-based, in document order
    offset: int  # character offset of `text` in the document
    text: str
    last: bool  # the document's final section
    doc: Doc | None = None  # `text` already tokenised (never sent to another process)

    @property
    def weight(self) -> int:
        """Tokens when known, else characters (never fewer than the tokens)."""
        return len(self.doc) if self.doc is not None else len(self.text)


@dataclass(frozen=True)
class SectionGraph:
    """What one section gave: its graph (offsets and sentence numbers in the whole document)."""

    graph: DocumentGraph
    number: int
    last: bool
    words: int  # whitespace-separated words of the section, for progress


def iter_split(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """Pieces of at most `limit` characters, as (offset, text), cut at the best boundary."""
    limit = max(1, limit)
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = 0
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(window) if m.end() > limit // 2]
            if ends:
                cut = ends[-1]
                break
        if cut == 0:
            cut = limit  # one enormous token: cut it anyway
        yield start, text[start : start + cut]
        start += cut
    yield start, text[start:]


def split_text(text: str, limit: int = MAX_CHARS) -> list[tuple[int, str]]:
    """Every piece of `iter_split`, as a list."""
    return list(iter_split(text, limit))


def _bounded(
    text: str, offset: int, limits: Limits, make_doc: Callable[[str], Doc], keep_docs: bool
) -> Iterator[tuple[int, str, Doc | None]]:
    """Pieces of a long text within both section limits (a dense piece is cut again, smaller)."""
    for start, piece in iter_split(text, limits.section_chars):
        if len(piece) <= limits.section_tokens:  # never more tokens than characters
            yield offset + start, piece, make_doc(piece) if keep_docs else None
            continue
        doc = make_doc(piece)
        if len(doc) <= limits.section_tokens or len(piece) <= 1:
            yield offset + start, piece, doc if keep_docs else None
            continue
        smaller = max(
            1, min(len(piece) - 1, len(piece) * limits.section_tokens // len(doc) * 9 // 10)
        )
        yield from _bounded(
            piece, offset + start, replace(limits, section_chars=smaller), make_doc, keep_docs
        )


def iter_sections(
    documents: Iterable[tuple[str, str]],
    make_doc: Callable[[str], Doc],
    limits: Limits | None = None,
    *,
    keep_docs: bool = True,
) -> Iterator[Section]:
    """(doc_id, text) pairs -> their sections, in order, made as they are asked for.

    `keep_docs` hands each section's tokenised `Doc` on (so it is not tokenised twice);
    without it a text is only tokenised when its size has to be checked.
    """
    limits = limits or Limits()
    for doc_id, text in documents:
        if len(text) <= limits.max_chars:
            doc = make_doc(text) if keep_docs or len(text) > limits.max_tokens else None
            if doc is None or len(doc) <= limits.max_tokens:
                yield Section(doc_id, 0, 0, text, True, doc if keep_docs else None)
                continue
        number, held = 0, None  # one piece held back: is it the last?
        for piece in _bounded(text, 0, limits, make_doc, keep_docs):
            if held is not None:
                yield Section(doc_id, number, held[0], held[1], False, held[2])
                number += 1
            held = piece
        if held is not None:
            yield Section(doc_id, number, held[0], held[1], True, held[2])


def batches(
    sections: Iterable[Section], *, batch_size: int, batch_tokens: int
) -> Iterator[list[Section]]:
    """Consecutive sections in lists of at most `batch_size` and `batch_tokens` (at least one each).

    A full batch goes out at once, without waiting for the next section: from a live feed (a
    pipe or FIFO) the first document's results come before the second document is written.
    """
    batch: list[Section] = []
    weight = 0
    for section in sections:
        if batch and weight + section.weight > batch_tokens:
            yield batch
            batch, weight = [], 0
        batch.append(section)
        weight += section.weight
        if len(batch) >= batch_size:
            yield batch
            batch, weight = [], 0
    if batch:
        yield batch


def shift_sentences(graph: DocumentGraph, by: int) -> DocumentGraph:
    """`graph` with every sentence number moved on by `by` (a section parsed without its predecessors)."""
    if by == 0:
        return graph
    sentences = {s.index: replace(s, index=s.index + by) for s in graph.sentences}
    return replace(
        graph,
        sentences=tuple(sentences.values()),
        mentions=tuple(replace(m, sentence=m.sentence + by) for m in graph.mentions),
        triples=tuple(replace(t, sentence=sentences[t.sentence.index]) for t in graph.triples),
    )
