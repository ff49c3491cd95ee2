"""Plain-text tables for people: aligned columns that fit the terminal they are shown on.

A fixed cut of every cell (the old 60 characters) hid most of a sentence on a wide terminal
and still wrapped on a narrow one. Here the columns share the width there is: narrow
columns keep their natural width, the widest ones are cut (with "…") just enough for
the whole row to fit. Without a width (output going to a file or a pipe) nothing is cut.
"""

from __future__ import annotations

import os
import shutil
import sys

#: a column is never cut below this many characters (nor below its natural width, if smaller)
MIN_COLUMN = 8
_GAP = "  "


def terminal_width(stream=None) -> int | None:
    """The width to fit tables to: the terminal's when `stream` (stdout) is one, or $COLUMNS; else None."""
    stream = stream if stream is not None else sys.stdout
    if os.environ.get("COLUMNS", "").isdigit():
        return int(os.environ["COLUMNS"])
    if hasattr(stream, "isatty") and stream.isatty():
        return shutil.get_terminal_size().columns
    return None


def column_widths(natural: list[int], width: int | None, *, gap: int = len(_GAP)) -> list[int]:
    """Widths for columns of `natural` widths so that the row fits `width` (None: no limit).

    The widest columns are cut first, all to one cap (found by bisection); a column is never
    cut below MIN_COLUMN. If even that does not fit, the columns stay at their minimum.
    """
    if width is None or not natural:
        return list(natural)
    room = width - gap * (len(natural) - 1)

    def fitted(cap: int) -> list[int]:
        return [min(w, max(cap, MIN_COLUMN)) for w in natural]

    if sum(natural) <= room:
        return list(natural)
    low, high = 0, max(natural)  # fitted(low) fits or is minimal; fitted(high) does not fit
    while high - low > 1:
        middle = (low + high) // 2
        if sum(fitted(middle)) <= room:
            low = middle
        else:
            high = middle
    return fitted(low)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def format_table(
    names: list[str],
    rows: list[list[str]],
    *,
    width: int | None = None,
    title: str | None = None,
    footer: bool = True,
) -> str:
    """An aligned table with a header rule and a row count, fitted to `width` characters.

    `title` is a line above the header; `footer=False` leaves out the row count (for one of
    several tables printed as they come, followed by one count of them all).
    """
    cells = [[" ".join(c.split()) for c in row] for row in rows]
    natural = [max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(names)]
    widths = column_widths(natural, width)

    def line(values: list[str]) -> str:
        return _GAP.join(_clip(v, w).ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    rule = _GAP.join("-" * w for w in widths)
    head = [_clip(" ".join(title.split()), width or len(title))] if title is not None else []
    tail = [row_count(len(rows))] if footer else []
    return "\n".join([*head, line(names), rule, *(line(r) for r in cells), *tail])


def row_count(rows: int, tables: int = 1) -> str:
    """The footer line: "(1 row)", "(12 rows)", "(12 rows in 3 documents)"."""
    count = f"{rows} row{'s' if rows != 1 else ''}"
    return f"({count} in {tables} documents)" if tables > 1 else f"({count})"
