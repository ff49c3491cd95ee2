"""Where commands write: atomic files or standard output, and their `kg:` lines on stderr."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from types import TracebackType
from typing import TextIO

from graph.io.atomic import GraphFileError, atomic_write_bytes


def say(line: str) -> None:
    """One `kg: ...` line on stderr (a summary or a note)."""
    print(f"kg: {line}", file=sys.stderr)


def warn(line: str) -> None:
    """One `kg: warning: ...` line on stderr."""
    print(f"kg: warning: {line}", file=sys.stderr)


def check_writable(path: str | os.PathLike[str]) -> None:
    """Raise GraphFileError unless `path` can be written (its folder exists and is writable; it is no folder)."""
    folder = Path(path).resolve().parent
    if not folder.is_dir():
        raise GraphFileError(f"cannot write {path}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise GraphFileError(f"cannot write {path}: folder {folder} is not writable")
    if Path(path).is_dir():
        raise GraphFileError(f"cannot write {path}: it is a folder")


class Output:
    """Where a command's records go: stdout as they come, or a file written as they come and renamed at the end.

    The file is a hidden temporary one in the same folder until the command succeeds, so a
    failed run leaves any existing file untouched and nothing half-written, and the
    records are never all held in memory. `None` or "-" is standard output.
    """

    def __init__(self, path: str | None):
        self.path = None if path == "-" else path
        self._handle: TextIO | None = None
        self._temporary = ""
        if self.path:
            check_writable(self.path)
            target = Path(self.path)
            try:
                fd, self._temporary = tempfile.mkstemp(
                    prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
                )
            except OSError as exc:
                raise GraphFileError(f"cannot write {path}: {exc.strerror or exc}") from exc
            self._handle = os.fdopen(fd, "w", encoding="utf-8", newline="")

    def write(self, text: str) -> None:
        if self._handle is not None:
            self._handle.write(text)
        else:
            sys.stdout.write(text)
            sys.stdout.flush()

    def __enter__(self) -> Output:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._handle is None or self.path is None:
            return
        handle, self._handle = self._handle, None
        try:
            if kind is None:
                handle.flush()
                os.fsync(handle.fileno())
            handle.close()
            if kind is None:
                target = Path(self.path)
                os.chmod(
                    self._temporary, target.stat().st_mode & 0o777 if target.exists() else 0o644
                )
                os.replace(self._temporary, target)
        except OSError as exc:
            raise GraphFileError(f"cannot write {self.path}: {exc.strerror or exc}") from exc
        finally:
            if os.path.exists(self._temporary):
                os.unlink(self._temporary)


def emit(text: str, output: str | None) -> None:
    """All of `text` to `output` (atomically), or to stdout for None or "-"."""
    if output and output != "-":
        check_writable(output)
        atomic_write_bytes(output, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
