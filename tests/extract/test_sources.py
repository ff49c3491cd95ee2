"""Reading inputs: text files, folders, CSV/TSV/JSON Lines tables, encodings."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

from extract.errors import InputError
from extract.sources import count_documents, iter_sources
from graph.io.progress import Progress


def _collect(inputs, **kw):
    warnings: list[str] = []
    docs = list(iter_sources([str(i) for i in inputs], warn=warnings.append, **kw))
    return docs, warnings


def test_folder_is_read_recursively_in_stable_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Second text.")
    (tmp_path / "one.txt").write_text("First text.")
    (tmp_path / "skip.md").write_text("Not a txt file.")
    docs, _ = _collect([tmp_path])
    assert [d.id for d in docs] == ["two", "one"] or [d.id for d in docs] == ["one", "two"]
    assert sorted(d.text for d in docs) == ["First text.", "Second text."]
    assert count_documents([str(tmp_path)]) == 2


def test_duplicate_stems_get_distinct_ids(tmp_path):
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "news.txt").write_text(f"Text from {folder}.")
    (tmp_path / "news-2.txt").write_text(
        "A file whose own id a counter would have given to y/news.txt."
    )
    docs, _ = _collect([tmp_path])
    by_path = {Path(d.path).relative_to(tmp_path).as_posix(): d for d in docs}
    assert by_path["x/news.txt"].id == "news" and by_path["news-2.txt"].id == "news-2"
    second = by_path["y/news.txt"]
    assert re.fullmatch(r"news-[0-9a-f]{8}", second.id) and second.given_id == "news"
    assert second.identifier == "news" and by_path["x/news.txt"].identifier == "news"
    # the suffix is a hash of where the file sits, not a count: another "news" changes no other id
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "news.txt").write_text("Text from a.")
    again = {Path(d.path).relative_to(tmp_path).as_posix(): d.id for d in _collect([tmp_path])[0]}
    assert again["y/news.txt"] == second.id and again["x/news.txt"] != "news"
    assert len(set(again.values())) == 4


def test_csv_rows_are_documents(tmp_path):
    table = tmp_path / "articles.csv"
    table.write_text('id,text\nA7,"Acme bought a shop, analysts said."\nB9,\nC3,Rain fell.\n')
    docs, warnings = _collect([table], id_column="id")
    assert [(d.id, d.text) for d in docs] == [
        ("A7", "Acme bought a shop, analysts said."),
        ("C3", "Rain fell."),
    ]
    assert any("empty row 2" in w for w in warnings)
    assert count_documents([str(table)]) == 3  # a progress total: empty rows are counted too


def test_jsonl_with_custom_text_field(tmp_path):
    lines = tmp_path / "feed.jsonl"
    lines.write_text('{"body": "One."}\n\n{"body": "Two."}\n')
    docs, _ = _collect([lines], text_column="body")
    assert [(d.id, d.text) for d in docs] == [("feed-1", "One."), ("feed-3", "Two.")]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("t.csv", "title,body\nx,y\n", "no column 'text'"),
        ("t.jsonl", "{not json}\n", "not valid JSON"),
        ("t.jsonl", "[1, 2]\n", "not a JSON object"),
        ("t.jsonl", '{"other": 1}\n', "no string field 'text'"),
    ],
)
def test_bad_tables_are_clear_errors(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(InputError, match=message):
        _collect([path])


def test_invalid_utf8_is_replaced_with_a_warning(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes(b"Caf\xe9 opens.")
    docs, warnings = _collect([path])
    assert docs[0].text == "Caf\ufffd opens."
    assert len(warnings) == 1 and "not valid UTF-8" in warnings[0]


def test_progress_is_silent_off_a_terminal_and_reports_rates():
    stream = io.StringIO()
    progress = Progress(total=4, stream=stream)
    progress.update(sentences=3, triples=5, words=40)
    progress.close()
    assert stream.getvalue() == ""
    line = progress.line()
    assert " 1/4 [" in line and "<" in line  # done/total [elapsed<ETA, rate]
    assert "3 sentences, 5 triples, " in line and " words/s" in line


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_draws_total_eta_and_clears_itself():
    stream = _Terminal()
    progress = Progress(total=3, stream=stream, interval=0)
    for _ in range(2):
        progress.update(sentences=2, triples=1, words=10)
    drawn = stream.getvalue()
    assert "2/3" in drawn and "4 sentences, 2 triples" in drawn and "<" in drawn
    progress.close()
    assert stream.getvalue().endswith("\r") or stream.getvalue().endswith("\x1b[A")  # line cleared
    progress.update(sentences=1, triples=1, words=5)  # after a warning: drawn again, counting on
    assert "3/3" in stream.getvalue()
    progress.close()


def test_documents_are_counted_in_tables_for_a_progress_total(tmp_path):
    table = tmp_path / "news.csv"
    table.write_text('text,id\n"one, with\na line break",1\ntwo,2\nthree,3\n', encoding="utf-8")
    lines = tmp_path / "news.jsonl"
    lines.write_text('{"text": "a"}\n\n{"text": "b"}\n', encoding="utf-8")
    (tmp_path / "x.txt").write_text("x", encoding="utf-8")
    assert count_documents([str(table)]) == 3
    assert count_documents([str(lines)]) == 2
    assert count_documents([str(table), str(lines), str(tmp_path / "x.txt")]) == 6
    assert count_documents(["-"]) is None


def test_build_from_a_csv_on_a_terminal_shows_the_total(tmp_path, monkeypatch):
    from graph.cli import main

    table = tmp_path / "news.csv"
    table.write_text(
        "text\nThe Harbour Authority fined a ferry company.\nThe company did not appeal.\n",
        encoding="utf-8",
    )
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["triples", str(table), "--format", "jsonl", "-o", str(tmp_path / "t.jsonl")]) == 0
    assert "/2 [" in terminal.getvalue()


def test_lone_surrogates_in_json_lines_are_replaced_with_one_warning(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(
        '{"id": "a\\udc00", "text": "Rain \\ud800 fell."}\n{"id": "b", "text": "Sun."}\n'
    )
    docs, warnings = _collect([path], id_column="id")
    assert [(d.id, d.text) for d in docs] == [("a\ufffd", "Rain \ufffd fell."), ("b", "Sun.")]
    assert len(warnings) == 1 and "line 1" in warnings[0] and "surrogates" in warnings[0]
    for doc in docs:
        (doc.id + doc.text).encode("utf-8")  # would raise UnicodeEncodeError on a surrogate


def test_html_character_references_are_decoded(tmp_path):
    from extract.sources import decode_character_references, iter_sources

    path = tmp_path / "fon.txt"
    path.write_text("Welsh harpist Nia F&#244;n was held. Marks &amp; Sons and AT&T agreed.\n")
    [document] = list(iter_sources([str(path)]))
    assert document.text == "Welsh harpist Nia Fôn was held. Marks & Sons and AT&T agreed.\n"
    assert decode_character_references("R&D &bogus; &#0; &#xD800;") == "R&D &bogus; &#0; &#xD800;"
