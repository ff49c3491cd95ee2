"""`--jobs N`: sections extracted in N worker processes, results in input order.

Each worker parses *and* extracts (spaCy's own `n_process` only parses, and
then ships every parsed `Doc` back to be extracted in the parent: the parent
becomes the bottleneck). The workers are forked from the parent after its model
is loaded, so the model is shared copy-on-write and never loaded again; where
fork is unavailable they load it by name once each. The unit of work is a
batch of sections (`extract.sections`: bounded in sections and tokens, so a
50 MB document is many small tasks, not one huge one) and at most `2 * jobs`
batches are in flight, so any input streams through in bounded memory. The
output is identical to `jobs=1`: every section is extracted on its own, the
batches are yielded in the order they were read, and the sentence numbers of a
document's later sections are moved on here, where the earlier ones are known.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.context import BaseContext

from spacy.language import Language

from extract.sections import Limits, Section, SectionGraph, batches, iter_sections, shift_sentences

_worker_nlp: Language | None = None


def _start_worker(nlp: Language | None, model: str | None) -> None:
    global _worker_nlp
    if nlp is None:
        from extract.nlp import load_nlp

        nlp = load_nlp(model)
    _worker_nlp = nlp


def _extract_batch(sections: list[Section], reports: bool) -> list[SectionGraph]:
    from extract.document import document_graph

    assert _worker_nlp is not None, "worker started without a model"
    parsed = _worker_nlp.pipe(
        ((s.text, s) for s in sections), as_tuples=True, batch_size=len(sections)
    )
    return [
        SectionGraph(
            document_graph(
                doc, s.doc_id, reports=reports, char_offset=s.offset
            ),  # sentences from 0: see above
            s.number,
            s.last,
            len(s.text.split()),
        )
        for doc, s in parsed
    ]


def extract_in_processes(
    nlp: Language,
    documents: Iterable[tuple[str, str]],
    *,
    jobs: int,
    batch_size: int = 16,
    reports: bool = False,
    limits: Limits | None = None,
) -> Iterator[SectionGraph]:
    """(doc_id, text) pairs -> SectionGraphs, extracted by `jobs` worker processes."""
    limits = limits or Limits()
    context: BaseContext
    initargs: tuple[Language | None, str | None]  # what `_start_worker` takes
    if "fork" in multiprocessing.get_all_start_methods():
        context, initargs = multiprocessing.get_context("fork"), (nlp, None)
    else:  # pragma: no cover - not on Linux: workers load the package `nlp` came from
        package = f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', 'core_web_sm')}"
        context, initargs = multiprocessing.get_context("spawn"), (None, package)
    # the parent only tokenises texts whose size must be checked; workers get plain text
    sections = iter_sections(documents, nlp.make_doc, limits, keep_docs=False)
    work = batches(sections, batch_size=batch_size, batch_tokens=limits.batch_tokens)
    pending: deque[Future] = deque()
    pool = ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_start_worker, initargs=initargs
    )
    finished = False
    sentences_so_far = 0
    try:
        while True:
            while len(pending) < 2 * jobs:
                batch = next(work, None)
                if batch is None:
                    break
                pending.append(pool.submit(_extract_batch, batch, reports))
            if not pending:
                finished = True
                return
            for part in pending.popleft().result():
                if part.number == 0:
                    sentences_so_far = 0
                graph = shift_sentences(part.graph, sentences_so_far)
                sentences_so_far += len(graph.sentences)
                yield SectionGraph(graph, part.number, part.last, part.words)
    finally:
        # interrupted or abandoned: drop queued batches, do not wait for running ones
        pool.shutdown(wait=finished, cancel_futures=True)
