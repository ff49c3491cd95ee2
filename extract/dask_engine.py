"""Extraction on a Dask cluster: the same DocumentGraphs as `extract_documents`, in input order.

Documents are cut into partitions of `partition_size`; each partition runs
`extract_documents` on a worker, whose spaCy model is loaded once per worker
process (`extract.nlp.load_nlp` is cached per process). A bounded number of
partitions is in flight at a time, so any number of documents streams through
in constant memory. Dask is imported only when the engine is used.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from itertools import islice

from extract.errors import KgError, one_line
from extract.model import DocumentGraph


class EngineError(KgError, RuntimeError):
    """The Dask engine cannot run (not installed, or the scheduler is unreachable)."""


def extract_partition(
    pairs: list[tuple[str, str]], model: str | None, reports: bool, batch_size: int
) -> list[DocumentGraph]:
    """Run on a worker: extract one partition of (doc_id, text) pairs."""
    from extract.nlp import load_nlp
    from extract.pipeline import extract_documents

    nlp = load_nlp(model)  # cached: loaded once per worker process
    return list(extract_documents(nlp, pairs, batch_size=batch_size, reports=reports))


def _client(scheduler: str | None, workers: int, connect_timeout: float):
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise EngineError(
            "the dask engine needs dask.distributed: pip install 'dask[distributed]'"
        ) from exc
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            # no dashboard, and its HTTP server on a free loopback port: the default :8787 warns
            # "Port 8787 is already in use" on stderr when another cluster holds it
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            # the scheduler runs in this process: its "Task ... marked as failed" would be a
            # second stderr line beside the EngineError that says the same
            silence_logs=logging.CRITICAL,
        )
        return Client(cluster), cluster
    try:
        return Client(scheduler, timeout=f"{connect_timeout}s"), None
    except (OSError, TimeoutError, ValueError) as exc:
        detail = one_line(exc, 160)
        raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {detail}") from None


def extract_with_dask(
    documents: Iterable[tuple[str, str]],
    *,
    scheduler: str | None = None,
    model: str | None = None,
    partition_size: int = 8,
    reports: bool = False,
    batch_size: int = 16,
    workers: int = 2,
    max_pending: int | None = None,
    connect_timeout: float = 10,
) -> Iterator[DocumentGraph]:
    """Extract (doc_id, text) pairs on Dask workers; yields one DocumentGraph per document, in order.

    Parameters
    ----------
    documents
        (doc_id, text) pairs, read lazily.
    scheduler
        Address of a running scheduler ("tcp://host:8786"); None starts a local
        cluster of `workers` processes with one thread each, closed at the end.
    model
        spaCy pipeline name for the workers (None: the default English model).
    partition_size
        Documents per task.
    max_pending
        Partitions submitted but not yet yielded (default: 2 per worker, at least 4).

    connect_timeout
        Seconds to keep trying to reach `scheduler`.

    Raises
    ------
    EngineError
        If dask.distributed is missing, the scheduler cannot be reached, or the
        workers running a partition keep dying (the scheduler's `KilledWorker`).
    """
    if partition_size < 1:
        raise EngineError("partition size must be at least 1")
    client, cluster = _client(scheduler, workers, connect_timeout)
    from dask.distributed import KilledWorker, wait

    pending: list = []  # (future, the partition's document ids), in input order
    try:
        if max_pending is None:
            max_pending = max(4, 2 * len(client.scheduler_info().get("workers", {})))
        source = iter(documents)
        while True:
            while len(pending) < max_pending:
                part = list(islice(source, partition_size))
                if not part:
                    break
                future = client.submit(
                    extract_partition, part, model, reports, batch_size, pure=False
                )
                pending.append((future, [doc_id for doc_id, _ in part]))
            if not pending:
                return
            head, ids = pending.pop(0)
            wait([head])
            try:
                graphs = head.result()
            except KilledWorker as exc:
                raise EngineError(_killed(ids, exc.allowed_failures + 1)) from None
            yield from graphs
            head.release()
    finally:
        for future, _ in pending:
            future.cancel()
        client.close()
        if cluster is not None:
            cluster.close()


def _killed(ids: list[str], attempts: int) -> str:
    """The message for a partition whose workers all died (out of memory, or a crash)."""
    shown = ", ".join(repr(i) for i in ids[:3]) + (
        f" and {len(ids) - 3} more" if len(ids) > 3 else ""
    )
    return (
        f"Dask workers died {attempts} time(s) running document(s) {shown} and the scheduler gave up; "
        "a worker ran out of memory or crashed: see the workers' logs, give them more memory, "
        "or leave these documents out"
    )
