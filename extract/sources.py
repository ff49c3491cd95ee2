"""Input documents: files, folders (recursively), and standard input, streamed one at a time.

Text that is not valid UTF-8 is decoded with replacement characters and a
warning names the file: a pipeline fed by the web should not stop on one bad
byte, and the user is told.
"""

from __future__ import annotations

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


def iter_sources(
    inputs: list[str],
    *,
    pattern: str = "*.txt",
    warn: Callable[[str], None] = lambda msg: print(msg, file=sys.stderr),
) -> Iterator[SourceDocument]:
    """Yield the documents named by `inputs` (paths, folders or "-"), in a stable order.

    Raises InputError for a missing path, a folder with no matching files, or an
    explicitly named file that is empty; empty files found inside folders are
    skipped with a warning.
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
