"""What a graph says its documents were read from (`kg:source`): never the local file system.

A graph is published: a journalist's `kg build ~/work/leaks/ -o leaks.ttl` must not put
`/home/jane/work/leaks/...` into every file, store and push. So a document's source is
named relative to the input it was found through: a file inside an input folder by its
path below that folder (`sub/a.txt`), a file named on the command line by its file name,
a row of a CSV/TSV/JSONL file as `file.csv#12`, standard input as `-`. With a prefix
(`kg build --source-uri https://news.example.com/`) that relative name becomes a URL.

>>> name = SourceNamer(frozenset({Path("/data/news")}), prefix="https://example.com/archive/")
>>> name("/data/news/2024/May day.txt")
'https://example.com/archive/2024/May%20day.txt'
>>> name.relative("/home/jane/notes.csv#12")
'notes.csv#12'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from extract.errors import OptionError

_ABSOLUTE_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")
_ROW = re.compile(r"^(?P<file>.+)#(?P<row>\d+)$")
STDIN = "-"


class SourceUriError(OptionError):
    """A --source-uri that is not an absolute URI prefix."""


@dataclass(frozen=True)
class SourceNamer:
    """Maps a document's local path (`SourceDocument.path`) to the `kg:source` to publish.

    `folders` are the input folders (resolved); a path below one of them is named
    relative to the deepest such folder. `prefix`, when given, is prepended to the
    relative name (percent-encoded as a URL path).
    """

    folders: frozenset[Path] = frozenset()
    prefix: str | None = None

    @classmethod
    def for_inputs(cls, inputs: Iterable[str], *, prefix: str | None = None) -> SourceNamer:
        if prefix is not None and not _ABSOLUTE_URI.match(prefix):
            raise SourceUriError(
                "{source_uri} must be an absolute URI prefix such as https://example.com/news/, got {value!r}",
                value=prefix,
            )
        folders = frozenset(
            Path(raw).resolve() for raw in inputs if raw != STDIN and Path(raw).is_dir()
        )
        return cls(folders, prefix)

    def relative(self, path: str) -> str:
        """The name of `path` below its input root (no folder above the input is ever kept)."""
        if path == STDIN:
            return STDIN
        row = _ROW.match(path)
        if row is not None and not Path(path).exists():
            return f"{self.relative(row['file'])}#{row['row']}"
        resolved = Path(path).resolve()
        for parent in resolved.parents:  # nearest first: the deepest input folder wins
            if parent in self.folders:
                return resolved.relative_to(parent).as_posix()
        return resolved.name

    def __call__(self, path: str) -> str:
        name = self.relative(path)
        if self.prefix is None or name == STDIN:
            return name
        return self.prefix + quote(name, safe="/#")
