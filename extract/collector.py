"""One document's extraction with Python's cyclic garbage collector waiting.

Extracting a document makes and drops tens of thousands of small objects (the
`ParsedDoc` words and spans, mention candidates, clusters, propositions).
Reference counting frees them when the document is done (`ParsedDoc.release`
breaks the word <-> word links), but while they live the cyclic collector keeps
visiting them, moves them to its oldest generation, and so sets off full
collections, each a walk over every object of the process: the model's, and
every triple a `GraphBuilder` holds. On 100 BBC articles that was a tenth of
`extract_documents` + `GraphBuilder`'s time, growing with the graph built so
far. With the collector waiting until the document is done, the garbage is
already freed when it runs; what waits is at most one document's reference
cycles.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def collector_paused(func: Callable[P, R]) -> Callable[P, R]:
    """`func` runs with the cyclic garbage collector disabled, re-enabled when it returns or raises.

    A call made while the collector is already disabled (by the caller, or by
    another thread inside such a call) leaves it as it is: only the call that
    disabled it enables it again, so it is never left off.
    """

    @wraps(func)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():
            return func(*args, **kwargs)
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            gc.enable()

    return paused
