"""graph.rdf.formats.write_triples: what kg build -o writes, straight from GraphBuilder's triples."""

from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from graph.rdf.formats import read_graph, write_triples
from graph.rdf.model import GraphBuilder, prefixes_for

TEXT = (
    "The Port Authority fined a shipping firm in the harbour. The firm did not pay the fine. "
    "The authority may sue the firm. The Transport Ministry said the firm polluted the harbour."
)


@pytest.fixture(scope="module")
def builder(extract_text) -> GraphBuilder:
    built = GraphBuilder()
    built.add_document(extract_text(TEXT, "port"), source="port.txt")
    built.add_document(extract_text("The Port Authority praised the Transport Ministry.", "praise"))
    return built


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".jsonld", ".trig"])
def test_written_triples_read_back_as_the_graph(builder, tmp_path, suffix):
    path = tmp_path / f"g{suffix}"
    write_triples(builder.triples(), path, prefixes=prefixes_for(builder.base))
    assert isomorphic(read_graph(path), builder.graph)


def test_turtle_has_one_block_per_subject_and_the_prefixes(builder, tmp_path):
    path = tmp_path / "g.ttl"
    write_triples(builder.triples(), path, prefixes=prefixes_for(builder.base))
    text = path.read_text(encoding="utf-8")
    for prefix in ("kg", "schema", "entity", "rel", "stmt", "doc"):
        assert f"@prefix {prefix}: " in text
    # (the order of the types is rdflib's set order once builder.graph has been made)
    authority = [ln for ln in text.splitlines() if ln.startswith("entity:port-authority a ")]
    assert (
        len(authority) == 1
        and "kg:Entity" in authority[0]
        and "schema:GovernmentOrganization" in authority[0]
    )
    blocks = [
        line
        for line in text.splitlines()
        if line and not line[0].isspace() and not line.startswith("@")
    ]
    assert len(blocks) == len(set(builder.graph.subjects(unique=True)))
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if line in blocks and number > 0:
            assert lines[number - 1] == "", f"no blank line before {line!r}"
    assert len(list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))) == len(
        builder.graph
    )


def test_an_iri_oxigraph_refuses_is_still_written(extract_text, tmp_path):
    builder = GraphBuilder(
        base_iri="http://ex.test/kb%zz/"
    )  # a bad percent-escape: Oxigraph says no
    builder.add_document(extract_text("The Port Authority fined a ferry operator.", "a"))
    path = tmp_path / "g.nt"
    write_triples(builder.triples(), path, prefixes=prefixes_for(builder.base))
    back = Graph().parse(path, format="nt")
    assert isomorphic(back, builder.graph)
