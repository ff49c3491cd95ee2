"""Input documents: files, folders (recursively), and standard input, streamed one at a time.

Text that is not valid UTF-8 is decoded with replacement characters and a
warning names the file: a pipeline fed by the web should not stop on one bad
byte, and the user is told.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from extract.errors import InputError

__all__ = ["InputError", "SourceDocument", "iter_sources"]


@dataclass(frozen=True)
class SourceDocument:
    id: str  # stable document id (file stem, made unique)
    path: str  # where it came from ("-" for stdin)
    text: str


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
) -> Iterator[SourceDocument]:
    """Documents from a CSV/TSV file or JSON Lines file: one per row, streamed.

    The text comes from `text_column`; the id from `id_column` if given, else
    "<file stem>-<row number>" (1-based data rows).
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
                raise InputError(
                    f"{name} has no column {text_column!r} (columns: {', '.join(reader.fieldnames or [])}); "
                    "choose one with --text-column"
                )
            if id_column is not None and id_column not in reader.fieldnames:
                raise InputError(f"{name} has no column {id_column!r} for --id-column")
            rows = enumerate(reader, start=1)
        for number, row in rows:
            text = row.get(text_column)
            if not isinstance(text, str):
                if kind == "jsonl":
                    raise InputError(f"{name} line {number}: no string field {text_column!r} (see --text-column)")
                text = ""
            if "\ufffd" in text:
                warn(f"warning: {name} row {number} has undecodable bytes (replaced with U+FFFD)")
            if not text.strip():
                warn(f"warning: skipping empty row {number} of {name}")
                continue
            ident = str(row.get(id_column)) if id_column and row.get(id_column) is not None else f"{path.stem}-{number}"
            yield SourceDocument(id=ident, path=f"{name}#{number}", text=text)


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
    folder with no matching files, or an explicitly named file that is empty;
    empty files found inside folders are skipped with a warning.
    """
    if not inputs:
        raise InputError("no input given: name one or more text files or folders, or - for stdin")
    plan: list[tuple[Path | None, bool]] = []
    for raw in inputs:
        if raw == "-":
            plan.append((None, True))
            continue
        path = Path(raw)
        if not path.exists():
            raise InputError(f"input not found: {raw}")
        if path.is_dir():
            found = _files(path, pattern)
            if not found:
                raise InputError(f"no {pattern} files in folder {raw} (choose others with --glob)")
            plan.extend((p, False) for p in found)
        else:
            plan.append((path, True))
    used: dict[str, int] = {}
    for path, explicit in plan:
        kind = TABLE_SUFFIXES.get(path.suffix.lower()) if path is not None else None
        if kind is not None:
            found_any = False
            for record in iter_records(path, kind, text_column=text_column, id_column=id_column, warn=warn):
                found_any = True
                used[record.id] = used.get(record.id, 0) + 1
                if used[record.id] > 1:
                    record = SourceDocument(f"{record.id}-{used[record.id]}", record.path, record.text)
                yield record
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
        text = _decode(data, name, warn)
        if not text.strip():
            if explicit:
                raise InputError(f"input is empty: {name}")
            warn(f"warning: skipping empty file {name}")
            continue
        stem = "stdin" if path is None else path.stem
        used[stem] = used.get(stem, 0) + 1
        doc_id = stem if used[stem] == 1 else f"{stem}-{used[stem]}"
        yield SourceDocument(id=doc_id, path="-" if path is None else name, text=text)


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
            return max(0, sum(1 for _ in csv.reader(handle, delimiter="\t" if kind == "tsv" else ",")) - 1)
    except (OSError, csv.Error):
        return 0  # the reader reports the problem
