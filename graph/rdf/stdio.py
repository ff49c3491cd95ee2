"""`-` as a graph file: read a graph from standard input, write one to standard output.

So kg composes with rdfpipe, riot, csvkit and shell pipes:
``kg build news/ -o - | kg query - -f q.rq``. A graph read from standard input has no
file extension, so its format is recognised from its first bytes (JSON-LD, RDF/XML,
else Turtle, which also reads N-Triples; TriG when Turtle's parser refuses braces).

A graph written to standard output goes through the same file writer as any other
output (into a private temporary folder), then is copied out: the bytes are exactly
those of ``-o FILE``, and a failed serialisation writes nothing to the pipe, where
a half-written file would otherwise reach the next command.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeGuard

from rdflib import Dataset, Graph

from extract.errors import one_line
from graph.io.atomic import GraphFileError
from graph.rdf.formats import FORMATS, format_for, read_graph

#: the name that means standard input or output
STDIO = "-"
_STDIN_NAME = "standard input"


def is_stdio(path: str | Path | None) -> TypeGuard[str | Path]:
    """True for ``-`` (a path that names standard input or output)."""
    return path is not None and str(path) == STDIO


def display_name(path: str | Path) -> str:
    """How messages name a graph argument: the path, or "standard input" for ``-``."""
    return _STDIN_NAME if is_stdio(path) else str(path)


def sniff_format(data: bytes) -> str:
    """The RDF format of `data` judged from its first bytes: jsonld, xml or turtle."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:512]
    if head.startswith((b"{", b"[")):
        return "jsonld"
    if head.startswith((b"<?xml", b"<rdf:RDF")):
        return "xml"
    return "turtle"


def parse_graph_bytes(data: bytes, fmt: str | None = None, *, name: str = _STDIN_NAME) -> Graph:
    """Parse `data` as a graph (format given, else sniffed), merging named graphs as `read_graph` does."""
    from graph.rdf.model import bind_prefixes

    if not data.strip():
        raise GraphFileError(f"{name} is empty: expected a graph, e.g. from kg build ... -o -")
    chosen = format_for("", fmt) if fmt else sniff_format(data)
    candidates = [chosen] if fmt or chosen != "turtle" else ["turtle", "trig"]
    graph = Graph()
    error: Exception | None = None
    for candidate in candidates:
        try:
            graph = _parse(data, candidate)
            error = None
            break
        except Exception as exc:  # rdflib raises many parser-specific types
            error = error or exc
    if error is not None:
        detail = one_line(error)
        raise GraphFileError(f"cannot parse {name} as {chosen}: {detail}") from error
    bind_prefixes(graph)
    return graph


def _parse(data: bytes, fmt: str) -> Graph:
    graph = Graph()
    if fmt in {"trig", "nquads"}:
        dataset = Dataset()
        dataset.parse(data=data, format=FORMATS[fmt][0])
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
    else:
        graph.parse(data=data, format=FORMATS[fmt][0])
    return graph


def read_graph_arg(
    path: str | Path, fmt: str | None = None, *, stdin: BinaryIO | None = None
) -> Graph:
    """A graph command's GRAPH argument: a file, or standard input for ``-``."""
    if not is_stdio(path):
        return read_graph(path, fmt)
    stream = stdin if stdin is not None else sys.stdin.buffer
    return parse_graph_bytes(stream.read(), fmt)


def write_to_stdout(write: Callable[[Path], object], *, suffix: str = ".out") -> None:
    """Run `write(path)` into a private temporary file, then copy that file to standard output.

    `write` is any of kg's file writers (`graph.rdf.formats.write_triples`, a store's export ...);
    `suffix` is the extension the writer expects. Nothing reaches standard output if it fails.
    """
    with tempfile.TemporaryDirectory(prefix="kg-stdout-") as folder:
        target = Path(folder) / f"stdout{suffix}"
        write(target)
        sys.stdout.flush()
        out = sys.stdout.buffer
        with target.open("rb") as handle:
            shutil.copyfileobj(handle, out)
        out.flush()
