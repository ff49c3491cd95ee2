"""Where extraction runs: this process, worker processes, or a Dask cluster; the one place that is chosen.

`Engine` says where (and with what batch size and model); `extract_stream` runs (doc_id,
text) pairs through it and yields one `Part` per document section, in input order,
whichever engine ran it. Local and multi-process extraction hand on a long document
section by section (`extract.sections`), so no caller holds it whole unless it asks
(`whole=True`); Dask workers return whole documents. The engines themselves live in
`extract.pipeline` (this process), `extract.parallel` (worker processes) and
`extract.dask_engine`; none of them imports this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from extract.errors import OptionError
from extract.model import DocumentGraph

if TYPE_CHECKING:
    from spacy.language import Language

ENGINES = ("local", "dask")


@dataclass(frozen=True)
class Engine:
    """Where and how documents are extracted.

    kind
        "local" (this machine: `jobs` worker processes, or this one) or "dask".
    jobs
        Worker processes for a local engine (1: this process).
    batch_size
        Documents per spaCy batch (per task on Dask).
    model
        spaCy pipeline name (None: the default English model).
    scheduler
        Dask scheduler address (None: a LocalCluster started for the run).
    """

    kind: Literal["local", "dask"] = "local"
    jobs: int = 1
    batch_size: int = 16
    model: str | None = None
    scheduler: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in ENGINES:
            raise OptionError("{engine} must be one of local, dask, got {value!r}", value=self.kind)
        if self.batch_size < 1 or self.jobs < 1:
            raise OptionError("{batch_size} and {jobs} must be at least 1")
        if self.kind != "dask" and self.scheduler:
            raise OptionError("{scheduler} needs {engine} dask")

    @property
    def needs_local_model(self) -> bool:
        """Whether this process parses (and so loads the model): all but Dask do."""
        return self.kind != "dask"


@dataclass(frozen=True)
class Part:
    """One extracted piece of a document: the whole of it, or one section of a long one.

    `number` counts a document's sections from 0, `last` marks its final one, and
    `words` is the section's word count (None: count the document's own text).
    """

    graph: DocumentGraph
    number: int = 0
    last: bool = True
    words: int | None = None


def extract_stream(
    pairs: Iterable[tuple[str, str]],
    engine: Engine,
    *,
    nlp: Language | None = None,
    whole: bool = False,
    reports: bool = False,
) -> Iterator[Part]:
    """(doc_id, text) pairs in, `Part`s out in input order, extracted where `engine` says.

    `nlp` is the loaded model for a local engine (it must be given unless the engine is
    Dask, whose workers load `engine.model` themselves). `whole` merges a long
    document's sections into one part, for a consumer that takes one document at a time
    (a store adds a document per transaction).
    """
    if engine.kind == "dask":
        from extract.dask_engine import extract_with_dask

        stream = extract_with_dask(
            pairs,
            scheduler=engine.scheduler,
            model=engine.model,
            batch_size=engine.batch_size,
            reports=reports,
        )
        yield from (Part(document) for document in stream)
        return
    if nlp is None:
        raise ValueError("a local engine needs the loaded spaCy model (nlp)")
    from extract.pipeline import extract_documents, extract_sections

    if whole:
        documents = extract_documents(
            nlp, pairs, batch_size=engine.batch_size, n_process=engine.jobs, reports=reports
        )
        yield from (Part(document) for document in documents)
        return
    sections = extract_sections(
        nlp, pairs, batch_size=engine.batch_size, n_process=engine.jobs, reports=reports
    )
    yield from (Part(s.graph, s.number, s.last, s.words) for s in sections)
