"""Atomic writes of kg's output files (graphs, pictures, pages), and the error of a file kg cannot read or write."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from extract.errors import KgError
from graph.io.tmpfiles import create_temporary, remove_stale_temporaries


class GraphFileError(KgError, ValueError):
    """A graph file (or a picture, a page: any file kg reads or writes) that cannot be read or written."""


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file in the same folder and a rename.

    A failed or interrupted write leaves any existing file untouched and no
    partial file behind; what a killed write left is removed by the next write
    of the same file (`graph.io.tmpfiles`).
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise GraphFileError(f"cannot write {target}: folder {folder} does not exist")
    target = folder / target.name
    remove_stale_temporaries(target)
    try:
        fd, tmp = create_temporary(target)
    except OSError as exc:
        raise GraphFileError(f"cannot write {target}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise GraphFileError(f"cannot write {target}: {exc.strerror or exc}") from exc
        raise
