"""A `GraphBuilder` for writing one big file: each document's own triples go to disk.

`kg build -o` kept every RDF triple in memory until the file was written: about
200 MB per MB of text, so a 20 MB text needed GBs. Most of a graph belongs to
one document and never changes once that document is added: its sentences,
its statement nodes and their argument nodes. Past `spill_after` triples, the
builder moves those to an anonymous temporary N-Triples file (gone with the
process, even when it is killed) as each document (or section) is added, and
keeps in memory only what later documents can change or repeat: entities
(labels, aliases, mention counts), relations, document nodes and the direct
edges between entities. `write` then streams both into the output, Turtle or
N-Triples, through a temporary file and a rename.

Below `spill_after` nothing is spilled and `write` is `graph.rdf.formats.write_triples`,
so ordinary builds give exactly the file they gave before. JSON-LD, TriG and
RDF/XML are written through rdflib, which needs the whole graph: the spilled
triples are read back for them.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from itertools import chain
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import BNode, URIRef

from extract.model import DocumentGraph
from graph.io.atomic import GraphFileError
from graph.rdf.formats import OXIGRAPH_FORMATS, _grouped_for_oxigraph, format_for, write_triples
from graph.rdf.model import GraphBuilder, RdfTriple
from graph.rdf.terms import triple_to_rdflib
from graph.rdf.vocab import DEFAULT_BASE_IRI

#: Triples held before a builder starts spilling (~75 news articles; fewer are written exactly as before).
SPILL_AFTER = 100_000
_STREAMED = frozenset({"turtle", "nt"})


class _DocumentTriples(dict):
    """The triples one document adds; `pop` also reaches the builder's own (an entity's old mention count)."""

    def __init__(self, shared: dict):
        super().__init__()
        self.shared = shared

    def pop(self, key, default=None):
        self.shared.pop(key, None)
        return super().pop(key, default)


class SpillingBuilder(GraphBuilder):
    """`GraphBuilder` whose per-document triples move to a temporary file past `spill_after`.

    For writing a file (`write`); `.graph` and `triples()` still work, reading
    the spilled triples back.
    """

    def __init__(
        self,
        *,
        base_iri: str = DEFAULT_BASE_IRI,
        spill_after: int = SPILL_AFTER,
        min_confidence: float | None = None,
    ):
        super().__init__(base_iri=base_iri, min_confidence=min_confidence)
        self.spill_after = spill_after
        self._spill: IO[bytes] | None = None
        self.spilled = 0  # triples in the spill file
        self._statements = f"{self.base}statement/"

    def add_document(
        self, document: DocumentGraph, *, source: str | None = None, identifier: str | None = None
    ) -> None:
        if self._spill is None:
            super().add_document(document, source=source, identifier=identifier)
            if len(self._added) > self.spill_after:
                self._start_spilling()
            return
        shared = self._added
        self._added = own = _DocumentTriples(shared)
        try:
            super().add_document(document, source=source, identifier=identifier)
        finally:
            self._added = shared
        sentences = set(self._sentence_iris.values())
        self._sentence_iris.clear()  # a cache for one document; it would grow with the corpus
        spilled = []
        for triple in own:
            if self._is_own(triple[0], sentences):
                spilled.append(triple)
            else:
                shared.setdefault(triple)
        self._write_spill(spilled)

    def _is_own(self, subject, sentences: set) -> bool:
        """A subject only one document has: a statement, its argument (a blank node), a sentence."""
        return (
            isinstance(subject, BNode)
            or subject in sentences
            or (isinstance(subject, URIRef) and subject.startswith(self._statements))
        )

    def _start_spilling(self) -> None:
        # unlinked at once, so nothing is left behind even by SIGKILL; closed by close()
        self._spill = tempfile.TemporaryFile(prefix="kg-spill-")  # noqa: SIM115
        sentences = set(self._sentence_iris.values())
        self._sentence_iris.clear()
        spilled = [t for t in self._added if self._is_own(t[0], sentences)]
        for triple in spilled:
            del self._added[triple]
        self._write_spill(spilled)

    def _write_spill(self, triples: list[RdfTriple]) -> None:
        if not triples:
            return
        assert self._spill is not None
        try:
            data = ox.serialize(_grouped_for_oxigraph(triples), format=ox.RdfFormat.N_TRIPLES)
        except ValueError:  # a term Oxigraph refuses: keep these in memory, rdflib will write them
            for triple in triples:
                self._added.setdefault(triple)
            return
        assert data is not None  # given no output, Oxigraph returns the bytes
        self._spill.write(data)
        self.spilled += len(triples)

    def _spilled_triples(self) -> Iterator[ox.Triple]:
        if self._spill is None or not self.spilled:
            return
        self._spill.flush()
        with open(self._spill.fileno(), "rb", closefd=False) as handle:
            handle.seek(0)
            for quad in ox.parse(handle, format=ox.RdfFormat.N_TRIPLES):
                yield ox.Triple(quad.subject, quad.predicate, quad.object)

    def triples(self) -> list[RdfTriple]:
        spilled = [triple_to_rdflib(t) for t in self._spilled_triples()]
        return super().triples() + spilled

    @property
    def graph(self):
        if self.spilled:
            raise NotImplementedError(
                "a SpillingBuilder writes files (write); use GraphBuilder for an rdflib Graph"
            )
        return super().graph

    def __len__(self) -> int:
        return len(self._added) + len(self._replaced) + self.spilled

    def write(
        self, path: str | Path, fmt: str | None = None, *, prefixes: Mapping[str, str]
    ) -> str:
        """Write the graph to `path` atomically; returns the format used."""
        name = format_for(path, fmt)
        if not self.spilled or name not in _STREAMED:
            return write_triples(self.triples(), path, name, prefixes=prefixes)
        try:
            kept = list(_grouped_for_oxigraph(super().triples()))
        except ValueError:
            return write_triples(self.triples(), path, name, prefixes=prefixes)
        stream_triples(chain(kept, self._spilled_triples()), path, name, prefixes=prefixes)
        return name

    def close(self) -> None:
        if self._spill is not None:
            self._spill.close()
            self._spill = None


def stream_triples(
    triples: Iterable[ox.Triple], path: str | Path, fmt: str, *, prefixes: Mapping[str, str]
) -> None:
    """Serialise Oxigraph `triples` to `path` as they come (Turtle or N-Triples), via a temporary file and a rename."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    temporaries: list[str] = []
    try:
        fd, raw = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        temporaries.append(raw)
        with os.fdopen(fd, "wb") as handle:
            ox.serialize(triples, handle, format=OXIGRAPH_FORMATS[fmt], prefixes=dict(prefixes))
        final = raw
        if fmt == "turtle":  # a blank line between subject blocks, as graph.rdf.formats writes it
            fd, final = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
            temporaries.append(final)
            with open(raw, "rb") as source, os.fdopen(fd, "wb") as handle:
                previous = b""
                # Oxigraph writes each literal on one line: see graph.rdf.formats
                for line in source:
                    body = line.rstrip(b"\n")
                    if (
                        body
                        and previous
                        and not body.startswith((b"\t", b" ", b"@prefix", b"@base"))
                    ):
                        handle.write(b"\n")
                    handle.write(line)
                    previous = body
        with open(final, "rb+") as handle:
            os.fsync(handle.fileno())
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
        os.chmod(final, mode)
        os.replace(final, target)
    except OSError as exc:
        raise GraphFileError(f"cannot write {target}: {exc.strerror or exc}") from exc
    finally:
        for name in temporaries:
            with contextlib.suppress(OSError):
                os.unlink(name)
