"""Tables fit the terminal: narrow columns keep their width, the widest are cut just enough."""

from __future__ import annotations

import pytest

from graph.io.table import MIN_COLUMN, column_widths, format_table, row_count, terminal_width

NAMES = ["type", "label", "sentence"]
ROWS = [["Org", "Ministry of State Security", "The ministry said the overseas consultancy " * 4]]


@pytest.mark.parametrize("width", [40, 60, 80, 120, 200])
def test_every_line_fits_the_width(width):
    table = format_table(NAMES, ROWS, width=width)
    assert max(len(line) for line in table.splitlines()) <= width


def test_the_widest_column_is_cut_first():
    table = format_table(NAMES, ROWS, width=80)
    row = table.splitlines()[2]
    assert row.startswith(
        "Org   Ministry of State Security  The ministry said"
    )  # short cells whole
    assert row.endswith("…")


def test_nothing_is_cut_without_a_width():
    table = format_table(NAMES, ROWS)
    assert " ".join(ROWS[0][2].split()) in table
    assert "…" not in table


def test_columns_never_go_below_the_minimum():
    widths = column_widths([30, 30, 30], 10)
    assert widths == [MIN_COLUMN] * 3


def test_a_table_that_fits_is_unchanged():
    assert column_widths([4, 10, 6], 80) == [4, 10, 6]


def test_terminal_width_follows_columns_and_is_none_for_a_pipe(monkeypatch):
    class Pipe:
        def isatty(self):
            return False

    monkeypatch.delenv("COLUMNS", raising=False)
    assert terminal_width(Pipe()) is None
    monkeypatch.setenv("COLUMNS", "97")
    assert terminal_width(Pipe()) == 97


def test_a_titled_table_without_footer_starts_with_its_title_and_ends_with_its_last_row():
    lines = format_table(
        NAMES, ROWS, width=40, title="doc: " + "a very long document id " * 3, footer=False
    ).splitlines()
    assert lines[0].startswith("doc: a very long") and len(lines[0]) <= 40
    assert lines[1].startswith("type") and lines[-1].startswith("Org")


@pytest.mark.parametrize(
    ("rows", "tables", "line"),
    [
        (1, 1, "(1 row)"),
        (0, 1, "(0 rows)"),
        (12, 1, "(12 rows)"),
        (12, 3, "(12 rows in 3 documents)"),
    ],
)
def test_row_count_names_the_documents_when_there_are_several(rows, tables, line):
    assert row_count(rows, tables) == line
