"""Streaming documents through spaCy and the extractors.

Documents go through `nlp.pipe` in batches, the model loaded once. A text
longer than `MAX_CHARS` characters (or denser than `extract.sections.MAX_TOKENS`
tokens) is processed as independent sections (`extract.sections`), each its
own coreference scope: `extract_sections` passes each section's graph on as it
is made, so memory follows the batch, not the input; `extract_documents`
merges a document's sections back into one `DocumentGraph`.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator

from spacy.language import Language

from extract.document import document_graph
from extract.merge import merge_entity
from extract.model import DocumentGraph, Entity
from extract.nlp import MAX_CHARS, single_sentence
from extract.sections import Limits, SectionGraph, batches, iter_sections, split_text

__all__ = ["extract_documents", "extract_lines", "extract_sections", "merge_graphs", "split_text"]


def extract_sections(
    nlp: Language,
    documents: Iterable[tuple[str, str]],
    *,
    batch_size: int = 16,
    n_process: int = 1,
    reports: bool = False,
    limits: Limits | None = None,
) -> Generator[SectionGraph, None, None]:
    """(doc_id, text) pairs in, one `SectionGraph` per section out, in input order.

    An ordinary document is one section (`last` is true); a long one gives
    several with the same doc id, their character offsets and sentence numbers
    already those of the whole document. `n_process` > 1 extracts in that many
    worker processes (`extract.parallel`) with the same result.
    """
    limits = limits or Limits()
    if n_process > 1:
        from extract.parallel import extract_in_processes

        yield from extract_in_processes(
            nlp, documents, jobs=n_process, batch_size=batch_size, reports=reports, limits=limits
        )
        return
    sentences_so_far = 0
    sections = iter_sections(documents, nlp.make_doc, limits)
    for batch in batches(sections, batch_size=batch_size, batch_tokens=limits.batch_tokens):
        pairs = ((s.doc if s.doc is not None else s.text, s) for s in batch)  # tokenised when read
        parsed = nlp.pipe(pairs, as_tuples=True, batch_size=len(batch))
        for doc, section in parsed:
            if section.number == 0:
                sentences_so_far = 0
            graph = document_graph(
                doc,
                section.doc_id,
                reports=reports,
                char_offset=section.offset,
                sentence_offset=sentences_so_far,
            )
            sentences_so_far += len(graph.sentences)
            yield SectionGraph(graph, section.number, section.last, len(section.text.split()))


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

    `n_process` > 1 extracts in that many worker processes (`extract.parallel`);
    the result is the same as with one. Texts longer than `max_chars` are
    processed in sections (see `extract.sections`) merged back here: a caller
    that must not hold a whole long document uses `extract_sections`.
    """
    pending: list[DocumentGraph] = []
    stream = extract_sections(
        nlp,
        documents,
        batch_size=batch_size,
        n_process=n_process,
        reports=reports,
        limits=Limits.for_max_chars(max_chars),
    )
    try:
        for part in stream:
            pending.append(part.graph)
            if part.last:
                yield merge_graphs(pending)
                pending = []
    finally:
        stream.close()  # a consumer that stops early stops the workers too


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
        document_graph(
            doc,
            doc_id,
            reports=reports,
            keep_unresolved=True,
            char_offset=offsets[i],
            sentence_offset=i,
        )
        for doc, i in docs
    ]
    return merge_graphs(graphs) if graphs else DocumentGraph(doc_id, (), (), (), ())


def merge_graphs(graphs: list[DocumentGraph]) -> DocumentGraph:
    """Pieces of one document -> one graph; entities with the same id become one (`merge_entity`)."""
    if len(graphs) == 1:
        return graphs[0]
    entities: dict[str, Entity] = {}
    for graph in graphs:
        for entity in graph.entities:
            known = entities.get(entity.id)
            entities[entity.id] = entity if known is None else merge_entity(known, entity)
    return DocumentGraph(
        doc=graphs[0].doc,
        entities=tuple(entities.values()),
        mentions=tuple(m for g in graphs for m in g.mentions),
        triples=tuple(t for g in graphs for t in g.triples),
        sentences=tuple(s for g in graphs for s in g.sentences),
    )
