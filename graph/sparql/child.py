"""Evaluation in a child process, so that a timeout, a signal or a row cap can always stop it.

Neither rdflib nor Oxigraph can be stopped from inside: a thread cannot be killed,
and Oxigraph evaluates in native code that never comes back to Python to run a
signal handler (a store query ignored SIGTERM for minutes). A forked child can
be killed at any moment. It inherits what the parent has loaded (a parsed graph
is not copied or pickled), sends its answer back over a pipe in batches and stops
producing at the row cap, so neither process holds more than the cap.

The parent waits on the pipe, where Python does run signal handlers: SIGINT and
SIGTERM (which `kg` turns into KeyboardInterrupt) and the deadline all end in
`_stop`, which kills the child. A parent killed outright takes the child with it
(PR_SET_PDEATHSIG on Linux).
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import pickle
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from graph.sparql.query import QueryError

#: rows per message on the pipe (one pickle each)
BATCH = 1000
#: seconds a child has to unwind (remove a temporary file) after SIGTERM, before SIGKILL
GRACE = 1.0
_PR_SET_PDEATHSIG = 1
_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@dataclass(frozen=True)
class Answer:
    """What the child sent: its header, at most `max_rows` rows, and whether there were more."""

    head: Any  # the first item `produce` yielded: its caller knows what it made
    rows: tuple
    truncated: bool


def run_in_child(produce: Callable[[], Iterator], *, timeout: float, max_rows: int) -> Answer:
    """Run `produce()` in a forked child and collect what it yields.

    `produce` returns an iterator whose first item is a header (any picklable
    value) and whose other items are rows; the child stops iterating after
    `max_rows` rows. Exceptions raised in the child are raised here.

    Raises
    ------
    QueryError
        When `timeout` seconds pass first, or the child dies without answering.
    KeyboardInterrupt
        On SIGINT (and SIGTERM under `kg`); the child is killed first.
    """
    context = multiprocessing.get_context("fork")  # the child must inherit the loaded graph
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child, args=(produce, sender, max_rows, os.getpid()), daemon=True
    )
    try:
        # a Ctrl-C between fork and the child's own handlers waits, so it cannot kill it mid-setup
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        try:
            child.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        sender.close()
        return _collect(receiver, child, time.monotonic() + timeout, timeout)
    finally:
        _stop(child)
        receiver.close()


def _collect(receiver, child, deadline: float, timeout: float) -> Answer:
    """Read the child's messages until "end" (or an error, its death, the deadline)."""
    head, rows = None, []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not receiver.poll(remaining):
            raise QueryError.naming(
                "SPARQL evaluation timed out after {seconds:g} s (raise {timeout} to wait longer)",
                seconds=timeout,
            )
        try:
            tag, payload = receiver.recv()
        except EOFError:
            child.join(GRACE)
            raise QueryError(
                f"SPARQL evaluation ended without an answer (exit status {child.exitcode})"
            ) from None
        if tag == "error":
            child.join(GRACE)  # let it finish exiting: no signal into its last steps
            raise payload
        if tag == "head":
            head = payload
        elif tag == "rows":
            rows.extend(payload)
        else:  # "end": the child has closed what it opened
            child.join(GRACE)
            return Answer(head, tuple(rows), truncated=payload)


def _child(produce: Callable[[], Iterator], sender, max_rows: int, parent: int) -> None:
    """The child's whole life: evaluate, send, and exit quietly however it ends."""
    # Ctrl-C reaches the whole job: the parent decides. SIGTERM is the parent's stop:
    # unwind (a temporary file is removed), then exit.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _interrupt)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    _die_with(parent)
    try:
        try:
            _send(produce(), sender, max_rows)
        except Exception as exc:
            sender.send(("error", _portable(exc)))
    except (KeyboardInterrupt, OSError):
        return  # stopped by the parent, or the parent is gone (a broken pipe)


def _send(items: Iterator, sender, max_rows: int) -> None:
    """Send the header, then rows in batches until `max_rows`, then ("end", truncated)."""
    items = iter(items)
    try:
        sender.send(("head", next(items)))
        batch: list = []
        sent = 0
        truncated = False
        for item in items:
            if sent + len(batch) == max_rows:
                truncated = True
                break
            batch.append(item)
            if len(batch) == BATCH:
                sender.send(("rows", batch))
                sent += len(batch)
                batch = []
        sender.send(("rows", batch))
    finally:
        close = getattr(items, "close", None)
        if close is not None:
            close()  # a store is closed (flushed, unlocked) before the parent hears "end"
    sender.send(("end", truncated))


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _portable(exc: Exception) -> Exception:
    """`exc` if it survives pickling (to be raised in the parent), else a QueryError saying it."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return QueryError(f"SPARQL evaluation failed: {' '.join(str(exc).split())[:200]}")
    return exc


def _die_with(parent: int) -> None:
    """Ask Linux to kill this child when its parent dies, so a killed kg leaves nothing running."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _stop(child) -> None:
    """End the child: SIGTERM lets Python code unwind; SIGKILL if it is stuck in native code."""
    if child.pid is None:  # never started
        return
    if child.is_alive():
        child.terminate()
        child.join(GRACE)
    if child.is_alive():
        child.kill()
    child.join()
