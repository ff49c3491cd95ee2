"""The temporary files of atomic writes: held while written, cleaned once stale.

A write of NAME goes to `.NAME.XXXXXXXX.tmp` in the same folder and is renamed
over NAME. A process killed before the rename (SIGKILL, the OOM killer, power
loss) leaves that file behind, and nothing else would ever remove it. So each
write first removes the leftovers of earlier writes of the same NAME: only files
of exactly kg's pattern for that NAME, only those no live process holds (a writer
holds an exclusive `flock` on its temporary while it writes; the kernel drops the
lock when the process dies), and only those older than `STALE_AFTER` seconds (a
writer that has just made its file may not have locked it yet).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import tempfile
import time
from pathlib import Path

#: a temporary younger than this is never removed, locked or not
STALE_AFTER = 60.0
#: what tempfile.mkstemp puts between prefix and suffix
_RANDOM = "[a-z0-9_]{8}"


def _pattern(target: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(target.name)}\.{_RANDOM}\.tmp")


def create_temporary(target: Path) -> tuple[int, str]:
    """A new temporary beside `target`, open and locked: (fd, path). Closing the fd unlocks it."""
    fd, path = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    fcntl.flock(fd, fcntl.LOCK_EX)  # a fresh file nobody else has open: never blocks
    return fd, path


def remove_stale_temporaries(target: Path, *, older_than: float = STALE_AFTER) -> list[Path]:
    """Remove what killed writes of `target` left behind; returns what was removed.

    Best effort: a file that cannot be checked or removed is left where it is.
    """
    pattern = _pattern(target)
    cutoff = time.time() - older_than
    removed: list[Path] = []
    try:
        names = os.listdir(target.parent)
    except OSError:
        return removed
    for name in names:
        if not pattern.fullmatch(name):
            continue
        path = target.parent / name
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            if os.fstat(fd).st_mtime > cutoff:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    continue  # a live writer holds it
                raise
            with contextlib.suppress(OSError):
                os.unlink(path)
                removed.append(path)
        except OSError:
            continue
        finally:
            os.close(fd)
    return removed
