"""SpillingBuilder: past its threshold, each document's own triples wait on disk; the file is the same graph."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from extract.pipeline import extract_documents
from graph.rdf.formats import write_triples
from graph.rdf.model import GraphBuilder, prefixes_for
from graph.rdf.spill import SpillingBuilder
from graph.rdf.vocab import KG

TEXTS = [
    "The Harbour Authority fined a ferry company on Monday. The company did not appeal.",
    "The Harbour Authority said the ferry company polluted the bay with oil from Rotterdam.",
    "Anna Lee founded a bakery in Lyon. She later sold it to a rival firm, the newspaper reported.",
]


@pytest.fixture(scope="module")
def documents(nlp):
    return list(extract_documents(nlp, [(f"d{i}", t) for i, t in enumerate(TEXTS)]))


def _reference(documents) -> Graph:
    builder = GraphBuilder()
    for i, document in enumerate(documents):
        builder.add_document(document, source=f"d{i}.txt")
    return builder.graph


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".jsonld"])
def test_a_spilled_build_writes_the_same_graph(documents, tmp_path, suffix):
    builder = SpillingBuilder(spill_after=0)
    for i, document in enumerate(documents):
        builder.add_document(document, source=f"d{i}.txt")
    assert builder.spilled > 0  # statements and sentences went to disk
    out = tmp_path / f"g{suffix}"
    builder.write(out, prefixes=prefixes_for(builder.base))
    builder.close()
    written = Graph().parse(out)
    reference = _reference(documents)
    assert len(builder) == len(reference) == len(written)
    assert isomorphic(written, reference)
    # an entity seen again has one (summed) mention count: the first document's count was dropped
    counted = list(written.subjects(KG.mentionCount))
    assert len(counted) == len(set(counted))
    authority = next(s for s in counted if str(s).endswith("/harbour-authority"))
    assert int(written.value(authority, KG.mentionCount)) >= 2


def test_below_its_threshold_the_file_is_byte_for_byte_the_usual_one(documents, tmp_path):
    builder = SpillingBuilder()
    plain = GraphBuilder()
    for document in documents:
        builder.add_document(document)
        plain.add_document(document)
    assert builder.spilled == 0
    builder.write(tmp_path / "a.ttl", prefixes=prefixes_for(builder.base))
    write_triples(plain.triples(), tmp_path / "b.ttl", prefixes=prefixes_for(plain.base))
    assert (tmp_path / "a.ttl").read_bytes() == (tmp_path / "b.ttl").read_bytes()
