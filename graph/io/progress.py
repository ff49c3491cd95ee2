"""Progress of a build on a terminal (tqdm): documents of the total, ETA, sentences, triples, words/s.

tqdm draws the line (rate smoothing, terminal width, redraw throttling, clearing it
when done), so this module only counts what kg knows and tqdm does not: sentences,
triples and words. Off a terminal nothing is drawn: a log or a pipe gets no control
characters.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from tqdm import tqdm


class Progress:
    """Documents (of `total`, with an ETA when it is known), sentences, triples and words/s.

    Draws only when `stream` is a terminal and `enabled`; tqdm redraws at most every
    `interval` seconds so it never slows the run down. `close()` clears the line (to print a
    warning, say); a later `update()` draws it again, counting on from where it was.
    """

    def __init__(
        self,
        *,
        total: int | None = None,
        stream: TextIO | None = None,
        enabled: bool = True,
        interval: float = 0.5,
    ):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled and hasattr(self.stream, "isatty") and self.stream.isatty()
        self.total = total
        self.interval = interval
        self.docs = self.sentences = self.triples = self.words = 0
        self.start = time.monotonic()
        self._bar: tqdm | None = None

    def update(self, *, sentences: int, triples: int, words: int, done: bool = True) -> None:
        """Count what one document gave; `done=False` for a section of a long one (not its last)."""
        self.docs += done
        self.sentences += sentences
        self.triples += triples
        self.words += words
        if not self.enabled:
            return
        if self._bar is None:
            self._bar = tqdm(
                total=self.total,
                initial=self.docs - 1,
                unit="doc",
                file=self.stream,
                mininterval=self.interval,
                leave=False,
                dynamic_ncols=True,
            )
        self._bar.set_postfix_str(self._counts(), refresh=False)
        self._bar.update(1)

    def _counts(self, now: float | None = None) -> str:
        elapsed = max(1e-9, (now or time.monotonic()) - self.start)
        return f"{self.sentences:,} sentences, {self.triples:,} triples, {self.words / elapsed:,.0f} words/s"

    def line(self, now: float | None = None) -> str:
        """The line as drawn (tqdm's meter with kg's counts), also when nothing is drawn."""
        now = now or time.monotonic()
        return tqdm.format_meter(
            self.docs,
            self.total,  # type: ignore[arg-type]  # None (unknown) is allowed; types-tqdm says float
            now - self.start,
            unit="doc",
            postfix=self._counts(now),
        )

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
