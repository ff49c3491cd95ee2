"""Input documents: files, folders (recursively), and standard input, streamed one at a time.

Text that is not valid UTF-8 is decoded with replacement characters and a
warning names the file: a pipeline fed by the web should not stop on one bad
byte, and the user is told. HTML character references ("F&#244;n") are decoded,
so a document's text (and every offset into it) is the text as a reader sees it.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.entities import html5 as html5_entities
from pathlib import Path

from extract.errors import InputError

__all__ = ["InputError", "SourceDocument", "decode_character_references", "iter_sources"]


@dataclass(frozen=True)
class SourceDocument:
    id: str  # stable document id, distinct within a run (file stem or id column, made unique)
    path: str  # where it came from ("-" for stdin)
    text: str
    given_id: str | None = None  # the id as the input named it, when `id` had to be made distinct

    @property
    def identifier(self) -> str:
        """The id as the user gave it (file stem or id column), kept on the document node."""
        return self.id if self.given_id is None else self.given_id


def _distinct(document: SourceDocument, key: str, used: set[str]) -> SourceDocument:
    """`document` with an id no earlier document of the run has.

    A repeated id gets a suffix hashed from `key` (where the document sits in its
    input: relative path, row), not a counter: a counter ("report-2") could equal
    another input's own id and would change with what else is in the run.
    """
    ident = document.id
    while ident in used:
        digest = hashlib.sha1(f"{ident}\x1f{key}".encode()).hexdigest()[:8]
        ident = f"{document.id}-{digest}"
    used.add(ident)
    if ident == document.id:
        return document
    return SourceDocument(ident, document.path, document.text, given_id=document.id)


#: An HTML character reference with its semicolon: "&#244;", "&#xF4;", "&eacute;", "&amp;".
_CHARACTER_REFERENCE = re.compile(
    r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));"
)


def decode_character_references(text: str) -> str:
    """ "Bryn F&#244;n" -> "Bryn Fôn": text scraped from the web often keeps HTML character
    references, which cut names and words in two. Only complete references are decoded (with
    their semicolon, a name HTML defines, a code point that is a character); "AT&T" and "R&D"
    stay as they are."""
    if "&" not in text:
        return text

    def one(match: re.Match) -> str:
        decimal, hexadecimal, name = match.groups()
        if name is not None:
            return html5_entities.get(name + ";", match.group(0))
        code = int(decimal) if decimal is not None else int(hexadecimal, 16)
        if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return match.group(0)
        return chr(code)

    return _CHARACTER_REFERENCE.sub(one, text)


def _decode(data: bytes, name: str, warn: Callable[[str], None]) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        warn(
            f"warning: {name} is not valid UTF-8 (byte {exc.start}); "
            "undecodable bytes were replaced with U+FFFD"
        )
        return data.decode("utf-8", errors="replace")


#: UTF-16 surrogate code points: JSON's "\\ud800" escape gives one, which no UTF-8 encoder accepts
_SURROGATES = re.compile("[\ud800-\udfff]")


def _files(path: Path, pattern: str) -> list[Path]:
    return sorted(p for p in path.rglob(pattern) if p.is_file())


TABLE_SUFFIXES = {".csv": "csv", ".tsv": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def iter_records(
    path: Path,
    kind: str,
    *,
    text_column: str = "text",
    id_column: str | None = None,
    warn: Callable[[str], None],
    on_empty: Callable[[str], None] | None = None,
) -> Iterator[SourceDocument]:
    """Documents from a CSV/TSV file or JSON Lines file: one per row, streamed.

    The text comes from `text_column`; the id from `id_column` if given, else
    "<file stem>-<row number>" (1-based data rows). An empty row is skipped and
    passed to `on_empty` ("row 3 of x.csv"), by default warned about.
    """
    name = str(path)
    csv.field_size_limit(2**31 - 1)
    try:
        handle = path.open("r", encoding="utf-8", errors="replace", newline="")
    except OSError as exc:
        raise InputError(f"cannot read {name}: {exc.strerror or exc}") from exc
    with handle:
        if kind == "jsonl":
            rows = _json_lines(handle, name)  # numbered by line
        else:
            reader = csv.DictReader(handle, delimiter="\t" if kind == "tsv" else ",")
            if reader.fieldnames is None or text_column not in reader.fieldnames:
                raise InputError.naming(
                    "{name} has no column {column!r} (columns: {columns}); choose one with {text_column}",
                    name=name,
                    column=text_column,
                    columns=", ".join(reader.fieldnames or []),
                )
            if id_column is not None and id_column not in reader.fieldnames:
                raise InputError.naming(
                    "{name} has no column {column!r} for {id_column}", name=name, column=id_column
                )
            rows = enumerate(reader, start=1)
        for number, row in rows:
            text = row.get(text_column)
            if not isinstance(text, str):
                if kind == "jsonl":
                    raise InputError.naming(
                        "{name} line {number}: no string field {column!r} (see {text_column})",
                        name=name,
                        number=number,
                        column=text_column,
                    )
                text = ""
            ident = (
                str(row.get(id_column))
                if id_column and row.get(id_column) is not None
                else f"{path.stem}-{number}"
            )
            where = f"{name} {'line' if kind == 'jsonl' else 'row'} {number}"
            if _SURROGATES.search(text) or _SURROGATES.search(ident):
                # lone surrogates (a JSON escape such as \ud800) cannot be encoded: spaCy, hashing
                # and every RDF writer would fail on them, so they are replaced like bad bytes
                text, ident = _SURROGATES.sub("\ufffd", text), _SURROGATES.sub("\ufffd", ident)
                warn(
                    f"warning: {where} (document {ident!r}) has lone surrogates (\\ud800-\\udfff); replaced with U+FFFD"
                )
            elif "\ufffd" in text:
                warn(f"warning: {where} has undecodable bytes (replaced with U+FFFD)")
            if not text.strip():
                if on_empty is None:
                    warn(f"warning: skipping empty row {number} of {name}")
                else:
                    on_empty(f"row {number} of {name}")
                continue
            yield SourceDocument(
                id=ident, path=f"{name}#{number}", text=decode_character_references(text)
            )


def _json_lines(handle, name: str) -> Iterator[tuple[int, dict]]:
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name} line {number} is not valid JSON: {exc.msg}") from exc
        if not isinstance(record, dict):
            raise InputError(f"{name} line {number} is not a JSON object")
        yield number, record


class _Empty:
    """Inputs skipped for holding no text, told once at the end of a run."""

    def __init__(self) -> None:
        self.files = 0
        self.rows = 0
        self.first: str | None = None

    def add(self, what: str, *, row: bool) -> None:
        if row:
            self.rows += 1
        else:
            self.files += 1
        if self.first is None:
            self.first = what

    def describe(self) -> str:
        parts = [
            f"{n} empty {kind}{'s' if n != 1 else ''}"
            for n, kind in ((self.files, "file"), (self.rows, "row"))
            if n
        ]
        return f"{' and '.join(parts) or 'nothing to read'}" + (
            f" (first: {self.first})" if self.first else ""
        )

    def warning(self) -> str:
        if self.files + self.rows == 1:
            return f"warning: skipping empty {self.first}"
        return f"warning: skipped {self.describe()}"


def _documents(
    plan: list[tuple[Path | None, bool, str]],
    empty: _Empty,
    used: set[str],
    *,
    text_column: str,
    id_column: str | None,
    warn: Callable[[str], None],
) -> Iterator[SourceDocument]:
    for path, explicit, key in plan:
        kind = TABLE_SUFFIXES.get(path.suffix.lower()) if path is not None else None
        if path is not None and kind is not None:
            found_any = False
            rows = iter_records(
                path,
                kind,
                text_column=text_column,
                id_column=id_column,
                warn=warn,
                on_empty=lambda what: empty.add(what, row=True),
            )
            for record in rows:
                found_any = True
                yield _distinct(record, f"{key}#{record.path.rsplit('#', 1)[1]}", used)
            if not found_any and explicit:
                raise InputError(f"no documents in {path}")
            continue
        if path is None:
            name, data = "<stdin>", sys.stdin.buffer.read()
        else:
            name = str(path)
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise InputError(f"cannot read {name}: {exc.strerror or exc}") from exc
        text = decode_character_references(_decode(data, name, warn))
        if not text.strip():
            if explicit:
                raise InputError(f"input is empty: {name}")
            empty.add(f"file {name}", row=False)
            continue
        stem = "stdin" if path is None else path.stem
        yield _distinct(
            SourceDocument(id=stem, path="-" if path is None else name, text=text), key, used
        )


def iter_sources(
    inputs: list[str],
    *,
    pattern: str = "*.txt",
    text_column: str = "text",
    id_column: str | None = None,
    warn: Callable[[str], None] = lambda msg: print(msg, file=sys.stderr),
) -> Iterator[SourceDocument]:
    """Yield the documents named by `inputs` (paths, folders or "-"), in a stable order.

    Text files are one document each; .csv/.tsv/.jsonl files hold one document
    per row (text in `text_column`). Raises InputError for a missing path, a
    folder with no matching files, an explicitly named file that is empty, or
    inputs none of which holds any text. Empty files found inside folders (and
    empty rows) are skipped, and said once at the end: a folder of 5,000 empty
    files gives one warning line, not 5,000.
    """
    if not inputs:
        raise InputError("no input given: name one or more text files or folders, or - for stdin")
    # (path, named explicitly, key: the path inside the folder named, else the file name)
    plan: list[tuple[Path | None, bool, str]] = []
    for raw in inputs:
        if raw == "-":
            plan.append((None, True, "-"))
            continue
        path = Path(raw)
        if not path.exists():
            raise InputError(f"input not found: {raw}")
        if path.is_dir():
            found = _files(path, pattern)
            if not found:
                raise InputError.naming(
                    "no {pattern} files in folder {raw} (choose others with {glob})",
                    pattern=pattern,
                    raw=raw,
                )
            plan.extend((p, False, p.relative_to(path).as_posix()) for p in found)
        else:
            plan.append((path, True, path.name))
    used: set[str] = set()
    empty = _Empty()
    yield from _documents(
        plan, empty, used, text_column=text_column, id_column=id_column, warn=warn
    )
    if not used:
        raise InputError(f"no text in the input: {empty.describe()}")
    if empty.files or empty.rows:
        warn(empty.warning())


def count_documents(inputs: list[str], *, pattern: str = "*.txt") -> int | None:
    """How many documents `inputs` hold (for a progress total), or None with stdin.

    CSV/TSV/JSONL files are read once more, counting rows without keeping any text
    (rows that turn out empty are skipped later, so the count may be a little high).
    """
    total = 0
    for raw in inputs:
        path = Path(raw)
        if raw == "-" or not path.exists():
            return None
        for file in _files(path, pattern) if path.is_dir() else [path]:
            kind = TABLE_SUFFIXES.get(file.suffix.lower())
            total += 1 if kind is None else _count_rows(file, kind)
    return total


def _count_rows(path: Path, kind: str) -> int:
    try:
        with path.open("r", encoding="utf-8", errors="replace", newline="") as handle:
            if kind == "jsonl":
                return sum(1 for line in handle if line.strip())
            csv.field_size_limit(2**31 - 1)
            return max(
                0, sum(1 for _ in csv.reader(handle, delimiter="\t" if kind == "tsv" else ",")) - 1
            )
    except (OSError, csv.Error):
        return 0  # the reader reports the problem
