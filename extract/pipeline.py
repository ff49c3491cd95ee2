"""Streaming documents through spaCy and the extractors.

Documents go through `nlp.pipe` in batches, the model loaded once; a text
longer than `MAX_CHARS` is cut at paragraph (else sentence-ish) boundaries and
its pieces merged back into one `DocumentGraph`. Nothing holds more than one
batch of parsed documents at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.language import Language

from extract.document import document_graph
from extract.ids import alias_order
from extract.model import DocumentGraph, Entity
from extract.nlp import MAX_CHARS, single_sentence

_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"(?<=[.!?])\s+"), re.compile(r"\s+"))


def split_text(text: str, limit: int = MAX_CHARS) -> list[tuple[int, str]]:
    """Pieces of at most `limit` characters, as (offset, text), cut at the best boundary."""
    pieces: list[tuple[int, str]] = []
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
        pieces.append((start, text[start : start + cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


def extract_documents(
    nlp: Language,
    documents: Iterable[tuple[str, str]],
    *,
    batch_size: int = 16,
    n_process: int = 1,
    reports: bool = False,
    max_chars: int = MAX_CHARS,
) -> Iterator[DocumentGraph]:
    """(doc_id, text) pairs in, one `DocumentGraph` per document out, in input order.

    `n_process` > 1 extracts whole documents in that many worker processes
    (`extract.parallel`); the result is the same as with one.
    Texts longer than `max_chars` are parsed in pieces (see `split_text`) whose
    offsets and sentence numbers are shifted back into the whole document.
    """

    if n_process > 1:
        from extract.parallel import extract_in_processes

        yield from extract_in_processes(
            nlp, documents, jobs=n_process, batch_size=batch_size, reports=reports, max_chars=max_chars
        )
        return

    def pieces() -> Iterator[tuple[str, tuple[int, int, int]]]:
        for doc_id, text in documents:
            parts = split_text(text, max_chars)
            for number, (offset, piece) in enumerate(parts):
                yield piece, (doc_id, offset, len(parts) - number - 1)

    pending: list[DocumentGraph] = []
    sentences_so_far = 0
    for doc, (doc_id, offset, remaining) in nlp.pipe(
        pieces(), as_tuples=True, batch_size=batch_size
    ):
        graph = document_graph(
            doc, doc_id, reports=reports, char_offset=offset, sentence_offset=sentences_so_far
        )
        pending.append(graph)
        sentences_so_far += len(graph.sentences)
        if remaining == 0:
            yield merge_graphs(pending)
            pending, sentences_so_far = [], 0


def extract_lines(
    nlp: Language,
    doc_id: str,
    text: str,
    *,
    batch_size: int = 64,
    reports: bool = True,
) -> DocumentGraph:
    """One sentence per line: no re-segmentation, no coreference across lines.

    Sentence i of the result is line i of `text` (blank lines keep their index
    but yield nothing).
    """
    lines = text.split("\n")
    offsets = []
    position = 0
    for line in lines:
        offsets.append(position)
        position += len(line) + 1
    numbered = [(i, line) for i, line in enumerate(lines) if line.strip()]
    docs = nlp.pipe(
        ((single_sentence(nlp.make_doc(line)), i) for i, line in numbered),
        as_tuples=True,
        batch_size=batch_size,
    )
    graphs = [
        document_graph(doc, doc_id, reports=reports, keep_unresolved=True, char_offset=offsets[i], sentence_offset=i)
        for doc, i in docs
    ]
    return merge_graphs(graphs) if graphs else DocumentGraph(doc_id, (), (), (), ())


def merge_graphs(graphs: list[DocumentGraph]) -> DocumentGraph:
    """Pieces of one document -> one graph; entities with the same id become one."""
    if len(graphs) == 1:
        return graphs[0]
    entities: dict[str, Entity] = {}
    for graph in graphs:
        for entity in graph.entities:
            known = entities.get(entity.id)
            if known is None:
                entities[entity.id] = entity
            else:
                aliases = tuple(sorted(set(known.aliases) | set(entity.aliases) - {known.label}, key=alias_order))
                entities[entity.id] = replace(known, aliases=aliases, mentions=known.mentions + entity.mentions)
    return DocumentGraph(
        doc=graphs[0].doc,
        entities=tuple(entities.values()),
        mentions=tuple(m for g in graphs for m in g.mentions),
        triples=tuple(t for g in graphs for t in g.triples),
        sentences=tuple(s for g in graphs for s in g.sentences),
    )
