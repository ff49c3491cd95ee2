"""A one-line progress display on a terminal; silent otherwise."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Documents, sentences, triples, words/s and (when the total is known) ETA.

    Draws only when `stream` is a terminal and `enabled`; redraws at most every
    `interval` seconds so it never slows the run down.
    """

    def __init__(self, *, total: int | None = None, stream: TextIO | None = None, enabled: bool = True, interval: float = 0.5):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled and hasattr(self.stream, "isatty") and self.stream.isatty()
        self.total = total
        self.interval = interval
        self.docs = self.sentences = self.triples = self.words = 0
        self.start = time.monotonic()
        self._last = 0.0
        self._drawn = False

    def update(self, *, sentences: int, triples: int, words: int, done: bool = True) -> None:
        """Count what one document gave; `done=False` for a section of a long one (not its last)."""
        self.docs += done
        self.sentences += sentences
        self.triples += triples
        self.words += words
        now = time.monotonic()
        if self.enabled and now - self._last >= self.interval:
            self._last = now
            self._draw(now)

    def line(self, now: float | None = None) -> str:
        elapsed = max(1e-9, (now or time.monotonic()) - self.start)
        rate = self.words / elapsed
        docs = f"{self.docs}/{self.total}" if self.total else str(self.docs)
        text = f"{docs} docs | {self.sentences} sentences | {self.triples} triples | {rate:,.0f} words/s"
        if self.total and self.docs:
            remaining = elapsed / self.docs * (self.total - self.docs)
            text += f" | ETA {int(remaining // 60)}:{int(remaining % 60):02d}"
        return text

    def _draw(self, now: float) -> None:
        self.stream.write("\r\033[K" + self.line(now))
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()
