"""`--jobs N`: whole documents extracted in N worker processes, results in input order.

Each worker parses *and* extracts (spaCy's own `n_process` only parses, and
then ships every parsed `Doc` back to be extracted in the parent: the parent
becomes the bottleneck). The workers are forked from the parent after its model
is loaded, so the model is shared copy-on-write and never loaded again; where
fork is unavailable they load it by name once each. At most `2 * jobs` batches
are in flight, so a corpus of any size streams through in bounded memory, and
the output is identical to `jobs=1` because every document is extracted on its
own and the batches are yielded in the order they were read.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from spacy.language import Language

from extract.model import DocumentGraph

_worker_nlp: Language | None = None


def _start_worker(nlp: Language | None, model: str | None) -> None:
    global _worker_nlp
    if nlp is None:
        from extract.nlp import load_nlp

        nlp = load_nlp(model)
    _worker_nlp = nlp


def _extract_batch(pairs: list[tuple[str, str]], reports: bool, batch_size: int, max_chars: int) -> list[DocumentGraph]:
    from extract.pipeline import extract_documents

    assert _worker_nlp is not None, "worker started without a model"
    return list(extract_documents(_worker_nlp, pairs, batch_size=batch_size, reports=reports, max_chars=max_chars))


def extract_in_processes(
    nlp: Language,
    documents: Iterable[tuple[str, str]],
    *,
    jobs: int,
    batch_size: int = 16,
    reports: bool = False,
    max_chars: int,
) -> Iterator[DocumentGraph]:
    """(doc_id, text) pairs -> DocumentGraphs, extracted by `jobs` worker processes."""
    if "fork" in multiprocessing.get_all_start_methods():
        context, initargs = multiprocessing.get_context("fork"), (nlp, None)
    else:  # pragma: no cover - not on Linux: workers load the package `nlp` came from
        package = f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', 'core_web_sm')}"
        context, initargs = multiprocessing.get_context("spawn"), (None, package)
    source = iter(documents)
    pending: deque[Future] = deque()
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=initargs)
    finished = False
    try:
        while True:
            while len(pending) < 2 * jobs:
                batch = list(islice(source, batch_size))
                if not batch:
                    break
                pending.append(pool.submit(_extract_batch, batch, reports, batch_size, max_chars))
            if not pending:
                finished = True
                return
            yield from pending.popleft().result()
    finally:
        # interrupted or abandoned: drop queued batches, do not wait for running ones
        pool.shutdown(wait=finished, cancel_futures=True)
