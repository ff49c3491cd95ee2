"""rdflib's log messages, gathered while a kg command runs and told once, in kg's words.

rdflib logs a warning for every IRI it finds invalid ("<iri> does not look like a
valid URI, trying to serialize this will break."); with logging not configured
these reach stderr through logging's last-resort handler, one line each (and the
namespace splitting of a query's output adds more for parts of the same IRIs).
A graph file with a thousand odd IRIs gave a thousand lines around kg's own. While
a command runs, rdflib's records go to a `RdflibMessages` handler instead, and the
command ends with at most one line for the IRIs and one for anything else.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator

_INVALID_IRI = re.compile(r"(?P<iri>.*) does not look like a valid URI", re.DOTALL)


class RdflibMessages(logging.Handler):
    """Collects rdflib's warnings: invalid IRIs (distinct, in order seen) and other messages."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.iris: dict[str, None] = {}
        self.other: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        found = _INVALID_IRI.match(message)
        if found:
            self.iris.setdefault(found["iri"])
        elif len(self.other) < 1000:
            self.other.append(" ".join(message.split()))

    def invalid_iris(self) -> list[str]:
        """The distinct invalid IRIs, leaving out those that are only the start of another one.

        (Splitting "http://x/a|b" into namespace and local name makes rdflib log "http://x/a|" too.)
        """
        ordered = sorted(self.iris)
        # in sorted order, a string that starts another one starts the one right after it
        parts = {a for a, b in zip(ordered, ordered[1:], strict=False) if b.startswith(a)}
        return [iri for iri in self.iris if iri not in parts]

    def summary(self) -> list[str]:
        """At most two kg warning lines for what was collected (none if nothing was)."""
        lines = []
        iris = self.invalid_iris()
        if iris:
            n = len(iris)
            lines.append(
                f"kg: warning: {n} IRI{'s' if n != 1 else ''} in the input "
                f"{'do' if n != 1 else 'does'} not look valid (first: <{iris[0]}>); "
                f"other RDF tools may reject {'them' if n != 1 else 'it'}"
            )
        if self.other:
            more = len(self.other) - 1
            lines.append(
                f"kg: warning: rdflib: {self.other[0][:200]}"
                + (f" (and {more} more)" if more else "")
            )
        return lines


@contextlib.contextmanager
def gathered_rdflib_messages() -> Iterator[RdflibMessages]:
    """Send rdflib's log records to a `RdflibMessages` (not to stderr) for the duration."""
    logger = logging.getLogger("rdflib")
    handler = RdflibMessages()
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
