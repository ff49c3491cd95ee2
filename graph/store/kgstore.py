"""An on-disk knowledge graph: an Oxigraph (RocksDB) store that grows document by document.

- One writer at a time: `DIR/kg.lock` is held with an exclusive `flock` for the
  life of a writer (and a shared one for a reader), so a second `kg` process is
  refused with a one-line `StoreError` instead of touching the files.
- Every `add_graph` is one transaction: a killed process leaves a store that
  opens and answers queries with every document committed before the kill.
- Entities merge by IRI by the rule of `extract.merge.merge_entity`, as in
  `graph.rdf.model.GraphBuilder`: the first label and type win, other labels become
  skos:altLabel, kg:mentionCount is summed (`KGStore._merge`).
- Each document's text hash is kept as `<document> kg:contentHash "<sha256>"`
  so an incremental build skips what the store already holds.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.query import Result
from rdflib.term import Variable

from extract.errors import KgError, one_line
from extract.ids import document_slug
from extract.model import DocumentGraph
from graph.io.atomic import atomic_write_bytes
from graph.rdf.formats import OXIGRAPH_FORMATS, format_for
from graph.rdf.model import GraphBuilder, bind_prefixes, prefixes_for
from graph.rdf.terms import TermConverter, term_value, to_rdflib, triple_to_rdflib
from graph.rdf.vocab import DEFAULT_BASE_IRI, KG
from graph.sparql.query import QueryError, Request, format_result, parse_request, run_with_timeout

#: `<document> kg:contentHash "sha256 hex"` (not yet in the closed KG namespace)
CONTENT_HASH = str(KG.contentHash)
LOCK_NAME = "kg.lock"


_CONTENT_HASH = ox.NamedNode(CONTENT_HASH)
_MENTIONS = ox.NamedNode(str(KG.mentionCount))
_LABEL = ox.NamedNode(str(RDFS.label))
_ALT_LABEL = ox.NamedNode(str(SKOS.altLabel))
_DEFAULT = ox.DefaultGraph()
_MENTION_COUNT = KG.mentionCount


class StoreError(KgError, ValueError):
    """A store that cannot be opened, read or written."""


def text_hash(text: str) -> str:
    """The content hash recorded for a document: sha256 of its UTF-8 text, in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def open_store(path: str | Path, *, write: bool, base_iri: str | None = None) -> KGStore:
    """Open the store in folder `path` for writing (created if missing) or for reading.

    Parameters
    ----------
    path
        The store folder.
    write
        True: take the single-writer lock and open read-write. False: open
        read-only (refused while a writer is at work).
    base_iri
        Namespace of the data IRIs (entity:, rel: ... prefixes). None: taken
        from the documents already stored, else the default base.

    Raises
    ------
    StoreError
        For a store in use by another process, a missing store (reading), a
        folder that is not a store, or a store the disk cannot open.
    """
    return KGStore(Path(path), write=write, base_iri=base_iri)


@dataclass
class StoreResult:
    """A SPARQL answer from the store, materialised (Oxigraph terms).

    `kind` is "SELECT", "ASK", "CONSTRUCT" (also for DESCRIBE) or "UPDATE";
    `size` is the number of triples in the store after an UPDATE.
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)
    base_iri: str = DEFAULT_BASE_IRI
    size: int | None = None


class KGStore:
    """A knowledge graph kept in an Oxigraph store on disk; use `open_store`."""

    def __init__(self, path: Path, *, write: bool, base_iri: str | None = None):
        self.path = path
        self.writable = write
        self._lock_fd: int | None = None
        self._store: ox.Store | None = None
        if write:
            self._open_writer()
        else:
            self._open_reader()
        self.base = base_iri or self._stored_base() or DEFAULT_BASE_IRI
        if not self.base.endswith(("/", "#")):
            self.base += "/"
        if write:
            self._repair_counts()

    # opening and closing --------------------------------------------------
    def _in_use(self) -> StoreError:
        return StoreError(f"store {self.path} is in use by another kg process")

    def _lock(self, mode: int, *, create: bool) -> None:
        lock = self.path / LOCK_NAME
        try:
            fd = os.open(lock, (os.O_RDWR | os.O_CREAT) if create else os.O_RDONLY, 0o644)
        except FileNotFoundError:
            return  # a store made by another tool, never opened for writing by kg
        except PermissionError:
            if create:
                raise StoreError(f"cannot write store {self.path}: permission denied") from None
            return  # read-only media: nobody can be writing it
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise self._in_use() from None
            raise StoreError(f"cannot lock store {self.path}: {exc.strerror or exc}") from exc
        self._lock_fd = fd

    def _open_writer(self) -> None:
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path} is a file, not a store folder")
        if (
            self.path.is_dir()
            and not (self.path / "CURRENT").exists()
            and any(p.name != LOCK_NAME for p in self.path.iterdir())
        ):
            raise StoreError(
                f"{self.path} is a folder with other files, not a kg store; choose a new or empty folder"
            )
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create store {self.path}: {exc.strerror or exc}") from exc
        self._lock(fcntl.LOCK_EX, create=True)
        try:
            self._store = ox.Store(str(self.path))
        except OSError as exc:
            self._release_lock()
            raise self._translate(exc) from exc

    def _open_reader(self) -> None:
        if not (self.path / "CURRENT").is_file():
            raise StoreError(f"no store at {self.path}")
        self._lock(fcntl.LOCK_SH, create=False)
        try:
            self._store = ox.Store.read_only(str(self.path))
        except OSError as exc:
            self._release_lock()
            raise self._translate(exc) from exc

    def _translate(self, exc: OSError) -> StoreError:
        text = one_line(exc, None)
        if "lock" in text.lower():
            return self._in_use()
        return StoreError(f"cannot open store {self.path}: {text[:200]}")

    def _release_lock(self) -> None:
        if self._lock_fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None

    @property
    def store(self) -> ox.Store:
        """The underlying `pyoxigraph.Store` (open)."""
        if self._store is None:
            raise StoreError(f"store {self.path} is closed")
        return self._store

    def flush(self) -> None:
        """Write buffered data to disk files (commits already survive a killed process)."""
        if self.writable:
            try:
                self.store.flush()
            except OSError as exc:
                raise StoreError(f"cannot write store {self.path}: {exc}") from exc

    def close(self) -> None:
        """Flush, release the store and its lock; closing twice is harmless."""
        if self._store is not None:
            try:
                self.flush()
            finally:
                self._store = None
                self._release_lock()

    def __enter__(self) -> KGStore:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __len__(self) -> int:
        return len(self.store)

    # documents -----------------------------------------------------------
    def _stored_base(self) -> str | None:
        for quad in self.store.quads_for_pattern(None, _CONTENT_HASH, None, _DEFAULT):
            iri = term_value(quad.subject)
            cut = iri.rfind("document/")
            if cut > 0:
                return iri[:cut]
        return None

    def has_document(self, content_hash: str) -> bool:
        """True if a document whose text has this hash is already stored."""
        found = self.store.quads_for_pattern(
            None, _CONTENT_HASH, ox.Literal(content_hash), _DEFAULT
        )
        return next(iter(found), None) is not None

    def document_hash(self, doc_id: str) -> str | None:
        """The content hash stored for document `doc_id`, or None."""
        iri = ox.NamedNode(f"{self.base}document/{document_slug(doc_id)}")
        for quad in self.store.quads_for_pattern(iri, _CONTENT_HASH, None, _DEFAULT):
            return term_value(quad.object)
        return None

    def document_count(self) -> int:
        """How many documents the store holds."""
        return sum(1 for _ in self.store.quads_for_pattern(None, _CONTENT_HASH, None, _DEFAULT))

    def add_document(
        self,
        document: DocumentGraph,
        content_hash: str,
        *,
        source: str | None = None,
        identifier: str | None = None,
        origin: str | None = None,
        min_confidence: float | None = None,
    ) -> int:
        """Build `document`'s RDF (graph.rdf.model.GraphBuilder, this store's base) and add it.

        `min_confidence`: the direct-edge threshold (default: the calibrated model's).

        `identifier` is the id the user gave the document (default: `document.doc`); `source` is
        its `kg:source` (published), `origin` where it was read from, for messages only (default `source`).
        """
        builder = GraphBuilder(base_iri=self.base, min_confidence=min_confidence)
        builder.add_document(document, source=source, identifier=identifier)
        return self.add_graph(  # no rdflib Graph needed
            builder.triples(), content_hash, document.doc, name=identifier, source=origin or source
        )

    def add_graph(
        self,
        graph: Graph | Iterable[tuple],
        content_hash: str,
        doc_id: str,
        *,
        name: str | None = None,
        source: str | None = None,
    ) -> int:
        """Add one document's graph (an rdflib Graph or its triples) in one transaction.

        Returns the number of quads written.

        Entities already in the store keep their label and type; new labels
        become skos:altLabel and kg:mentionCount becomes old + new. A document
        already stored with the same hash is skipped (0); with another hash it
        is refused (its sentence IRIs would collide), naming the document as the
        user knows it (`name`, default `doc_id`) and where it came from (`source`).
        """
        if not self.writable:
            raise StoreError(f"store {self.path} is open read-only")
        doc_iri = ox.NamedNode(f"{self.base}document/{document_slug(doc_id)}")
        known = self.document_hash(doc_id)
        if known == content_hash:
            return 0
        if known is not None or next(
            iter(self.store.quads_for_pattern(doc_iri, None, None, _DEFAULT)), None
        ):
            origin = f" ({source})" if source else ""
            raise StoreError(
                f"document {name or doc_id!r}{origin} is already in store {self.path} with other content; "
                "give it another id or build a new store"
            )
        quads, stale = self._merge(graph)
        quads.append(ox.Quad(doc_iri, _CONTENT_HASH, ox.Literal(content_hash)))
        try:
            self.store.extend(quads)  # one transaction: all of the document or none of it
            if stale:  # superseded counts; a crash here is mended on the next open
                self.store.update(
                    "DELETE DATA {\n"
                    + "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in stale)
                    + "\n}"
                )
        except OSError as exc:
            raise StoreError(f"cannot write store {self.path}: {exc}") from exc
        return len(quads)

    def load_file(self, path: str | Path, fmt: str | None = None, *, bulk: bool = False) -> None:
        """Add the triples of an RDF file as they are (no entity merging, no document hash).

        For filling an empty store from an export or a large generated file.
        `bulk` uses Oxigraph's bulk loader: much faster on big files, but not
        one transaction (a failure half-way leaves part of the file loaded).
        """
        if not self.writable:
            raise StoreError(f"store {self.path} is open read-only")
        source = Path(path)
        if not source.is_file():
            raise StoreError(f"graph file not found: {source}")
        rdf_format = OXIGRAPH_FORMATS[format_for(source, fmt)]
        try:
            if bulk:
                self.store.bulk_load(path=str(source), format=rdf_format)
            else:
                self.store.load(path=str(source), format=rdf_format)
        except SyntaxError as exc:
            raise StoreError(f"cannot parse {source}: {one_line(exc)}") from exc
        except OSError as exc:
            raise StoreError(
                f"cannot load {source} into store {self.path}: {one_line(exc)}"
            ) from exc

    def _merge(self, graph: Graph | Iterable[tuple]) -> tuple[list[ox.Quad], list[ox.Quad]]:
        """The quads to add for `graph` (a Graph or its triples) and the stored quads they supersede.

        The store's half of the one entity-merge rule (`extract.merge.merge_entity`: the first
        label and type win, other labels become skos:altLabel, mention counts add), applied to
        triples because that is all either side has here: `add_graph` takes any graph's triples
        (a built document, a graph file), in which an entity is whatever has its IRI as subject
        (maybe no label, several, a class kg does not mint), and what the store holds of an
        entity is its first label and its count, two quad lookups. Rebuilding `Entity` objects
        on both sides to call `merge_entity` would need a made-up id and type and special cases
        for a missing label, to take the same four decisions. `graph.rdf.model.GraphBuilder`,
        which has the `Entity`, calls `merge_entity` itself.
        """
        store = self.store
        convert = TermConverter()
        triples = list(graph)
        existing: dict[URIRef, tuple[str | None, int, list[ox.Quad]]] = {}
        for entity in {s for s, p, _ in triples if p == _MENTION_COUNT}:
            node = convert(entity)
            labels = [
                term_value(q.object) for q in store.quads_for_pattern(node, _LABEL, None, _DEFAULT)
            ]
            counts = list(store.quads_for_pattern(node, _MENTIONS, None, _DEFAULT))
            if labels or counts:
                old = max((int(term_value(q.object)) for q in counts), default=0)
                existing[entity] = (labels[0] if labels else None, old, counts)
        quads: list[ox.Quad] = []
        stale: list[ox.Quad] = []
        for s, p, o in triples:
            if s in existing:
                label, old, counts = existing[s]
                if p == RDF.type and o != KG.Entity:
                    continue  # the first document's type wins
                if p == KG.mentionCount:
                    o = Literal(old + int(o))
                    stale.extend(counts)
                elif p == RDFS.label and label is not None:
                    if str(o) == label:
                        continue
                    p = SKOS.altLabel
                elif p == SKOS.altLabel and str(o) == label:
                    continue
            quads.append(ox.Quad(convert(s), convert(p), convert(o)))
        return quads, stale

    def _repair_counts(self) -> None:
        """Drop superseded mention counts left by a process killed mid-add (keeps the largest)."""
        self.store.update(
            f"DELETE {{ ?e <{KG.mentionCount}> ?c }} WHERE {{ ?e <{KG.mentionCount}> ?c , ?d FILTER(?d > ?c) }}"
        )

    # SPARQL --------------------------------------------------------------
    def prefixes(self) -> dict[str, str]:
        """The prefixes predeclared for queries and used for Turtle."""
        return prefixes_for(self.base)

    def query(
        self,
        text: str,
        *,
        allow_update: bool = False,
        allow_service: bool = False,
        allow_load: bool = False,
        timeout: float | None = None,
    ) -> StoreResult:
        """Run SPARQL; updates are refused unless `allow_update` (and the store is writable).

        The answer is materialised; `evaluate` streams it. `timeout` stops waiting
        but cannot stop Oxigraph (run it in a child process for that: graph.sparql.child).

        Raises
        ------
        QueryError
            For a malformed query, a refused update, SERVICE or LOAD, or a timeout.
        """

        def materialise() -> StoreResult:
            answers = self.evaluate(
                text, allow_update=allow_update, allow_service=allow_service, allow_load=allow_load
            )
            result = next(answers)
            if result.kind == "CONSTRUCT":
                result.triples = list(answers)
            else:
                result.rows = list(answers)
            return result

        if allow_update:  # an update is not abandoned half-way by a thread
            return materialise()
        return run_with_timeout(materialise, timeout)

    def evaluate(
        self,
        text: str,
        *,
        allow_update: bool = False,
        allow_service: bool = False,
        allow_load: bool = False,
    ) -> Iterator:
        """The answer to `text` as it is computed: a StoreResult header, then rows or triples.

        The header has no rows; the items after it are tuples of Oxigraph terms
        (SELECT) or `pyoxigraph.Triple`s (CONSTRUCT), read from Oxigraph lazily, so
        a caller that stops early never holds the whole answer. What the request
        may do is decided by rdflib's parser before Oxigraph sees it.
        """
        request = parse_request(text, self.prefixes())
        request.check(allow_update=allow_update, allow_service=allow_service, allow_load=allow_load)
        if request.update:
            yield self._update(text, request)
            return
        try:
            answer = self.store.query(text, prefixes=self.prefixes())
            if isinstance(answer, ox.QueryBoolean):
                yield StoreResult("ASK", boolean=bool(answer), base_iri=self.base)
            elif isinstance(answer, ox.QuerySolutions):
                names = [v.value for v in answer.variables]
                yield StoreResult("SELECT", names, base_iri=self.base)
                for solution in answer:
                    yield tuple(solution[i] for i in range(len(names)))
            else:
                yield StoreResult("CONSTRUCT", base_iri=self.base)
                yield from answer
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL query: {one_line(exc)}") from exc
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query failed: {one_line(exc)}") from exc

    def _update(self, text: str, request: Request) -> StoreResult:
        if not self.writable:
            raise StoreError(
                f"store {self.path} is open read-only; open it for writing to update it"
            )
        for iri in request.loads:
            if not iri.startswith(("http://", "https://")):
                # Oxigraph fetches LOAD sources over HTTP only (a file:// IRI fails as "invalid format")
                raise QueryError(
                    f"cannot LOAD <{iri}> into a store: Oxigraph loads only http:// and https:// IRIs; "
                    "serve the file over HTTP, or LOAD it into a graph file instead"
                )
        try:
            self.store.update(text, prefixes=self.prefixes())
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL update: {one_line(exc)}") from exc
        except OSError as exc:
            if request.loads:
                raise QueryError(f"LOAD failed: {one_line(exc)}") from exc
            raise StoreError(f"cannot write store {self.path}: {exc}") from exc
        return StoreResult("UPDATE", base_iri=self.base, size=len(self.store))

    # export --------------------------------------------------------------
    def serialize(self, fmt: str = "turtle") -> bytes:
        """The whole store in `fmt` (a graph.rdf.formats format name: turtle, nt, jsonld, trig, xml, nquads)."""
        name = format_for("", fmt)
        rdf_format = OXIGRAPH_FORMATS[name]
        options: dict = {"format": rdf_format}
        if not rdf_format.supports_datasets:
            options["from_graph"] = _DEFAULT
        if name in {"turtle", "trig"}:
            options["prefixes"] = self.prefixes()
        try:
            data = self.store.dump(**options)
        except (OSError, ValueError) as exc:
            raise StoreError(
                f"cannot serialise store {self.path} as {name}: {one_line(exc)}"
            ) from exc
        assert data is not None  # given no output, Oxigraph returns the bytes
        return data

    def export(self, path: str | Path, fmt: str | None = None) -> str:
        """Write the store to `path` atomically (format by extension unless given); returns the format."""
        name = format_for(path, fmt)
        atomic_write_bytes(path, self.serialize(name))
        return name

    def rdflib_graph(self) -> Graph:
        """The default graph as an rdflib Graph (for plotting and validating small stores)."""
        graph = Graph()
        bind_prefixes(graph, self.base)
        for quad in self.store.quads_for_pattern(None, None, None, _DEFAULT):
            graph.add(triple_to_rdflib(quad))
        return graph


def format_store_result(
    result: StoreResult, fmt: str = "table", *, width: int | None = None
) -> str:
    """Render a store answer exactly as `graph.sparql.query.format_result` renders a file's."""
    graph = Graph()
    bind_prefixes(graph, result.base_iri)
    if result.kind == "UPDATE":
        return ""
    answer = Result("SELECT" if result.kind == "SELECT" else result.kind)
    if result.kind == "ASK":
        answer.askAnswer = bool(result.boolean)
    elif result.kind == "CONSTRUCT":
        built = Graph()
        bind_prefixes(built, result.base_iri)
        for triple in result.triples:
            built.add(triple_to_rdflib(triple))
        answer.graph = built
    else:
        variables = [Variable(name) for name in result.variables]
        answer.vars = variables
        answer.bindings = [
            {
                v: to_rdflib(value)
                for v, value in zip(variables, row, strict=True)
                if value is not None
            }
            for row in result.rows
        ]
    return format_result(answer, graph, fmt, width=width)


__all__ = [
    "CONTENT_HASH",
    "KGStore",
    "StoreError",
    "StoreResult",
    "format_store_result",
    "open_store",
    "text_hash",
]
