"""How many entities a picture can hold, and a progress line for long layouts.

A 100-article corpus has ~4,000 entities. Drawn whole, a static plot took 11
minutes and 6 GB (every label is pushed against every other) and showed a
hairball; so `kg plot` draws the most connected entities only, unless told
otherwise, and says so. The HTML view holds more (it zooms, searches and
filters) but a browser slows down past a few thousand elements.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

#: Entities a PNG / SVG / PDF shows by default (labels stay readable at 24 x 17 inches).
STATIC_LIMIT = 150
#: Entities the HTML view shows by default.
HTML_LIMIT = 1000
#: Edges a static plot still labels: each label is nudged against every other one,
#: so hundreds of them cost minutes (the view says the relation on hover anyway).
STATIC_EDGE_LABELS = 300


def entity_limit(html: bool) -> int:
    """The default entity cap for a picture (HTML or static)."""
    return HTML_LIMIT if html else STATIC_LIMIT


class LayoutProgress:
    """``progress(done, total)`` for `graph.views.layout.layout_positions`: one line on a terminal.

    Draws only when `stream` is a terminal, the layout has more than `min_nodes`
    nodes, and at most every `interval` seconds; `close` clears the line.
    """

    def __init__(
        self, *, stream: TextIO | None = None, min_nodes: int = 300, interval: float = 0.5
    ):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.min_nodes = min_nodes
        self.interval = interval
        self.start = time.monotonic()
        self._last = -interval
        self._drawn = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= self.min_nodes:
            return
        now = time.monotonic()
        if now - self._last < self.interval and done < total:
            return
        self._last = now
        self.stream.write(
            f"\r\033[Kkg: layout {done:,}/{total:,} entities ({now - self.start:.0f} s)"
        )
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._drawn = False
