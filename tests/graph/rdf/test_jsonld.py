"""JSON-LD output: compacted with the shipped @context, read back by rdflib, pyld and Oxigraph."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pyoxigraph
import pytest
from pyld import jsonld
from rdflib import Graph
from rdflib.compare import isomorphic

from graph.cli import main
from graph.rdf.formats import read_graph
from graph.rdf.jsonld import CONTEXT_FILE, shipped_context
from graph.rdf.model import PREFIXES, GraphBuilder
from graph.rdf.vocab import KG
from graph.store.kgstore import open_store, text_hash

TEXT = (
    "The Port Authority fined a shipping firm in the harbour. The firm did not pay the fine. "
    "The authority may sue the firm. The Transport Ministry said the firm polluted the harbour.\n"
)
#: kg: terms without a short name in the context, and why (graph/rdf/jsonld.py)
NO_SHORT_TERM = {"entity"}  # "entity" is the data prefix entity: = <base>entity/


def _offline_loader(url, options=None):
    raise AssertionError(f"pyld tried to fetch {url}: the context must be inline")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """(JSON-LD, Turtle) that kg build writes for TEXT."""
    folder = tmp_path_factory.mktemp("jsonld")
    source = folder / "port.txt"
    source.write_text(TEXT, encoding="utf-8")
    out = folder / "port.jsonld"
    ttl = folder / "port.ttl"
    assert main(["build", str(source), "-o", str(out), "-q"]) == 0
    assert main(["build", str(source), "-o", str(ttl), "-q"]) == 0
    return out, ttl


def _nodes(data: dict) -> list[dict]:
    return data.get("@graph", [data])


def test_build_writes_the_shipped_context_inline(built):
    data = json.loads(built[0].read_text(encoding="utf-8"))
    context = data["@context"]
    assert context[0] == shipped_context()
    assert context[1] == {
        "entity": "https://example.org/kg/entity/",
        "rel": "https://example.org/kg/relation/",
        "stmt": "https://example.org/kg/statement/",
        "doc": "https://example.org/kg/document/",
        "sent": "https://example.org/kg/sentence/",
    }
    nodes = _nodes(data)
    authority = [n for n in nodes if n.get("@id") == "entity:port-authority"]
    assert authority and authority[0]["label"] == "Port Authority"
    assert set(authority[0]["@type"]) == {"Entity", "schema:GovernmentOrganization"}
    statements = [n for n in nodes if "Statement" in n.get("@type", [])]
    assert statements
    negated = [n for n in statements if n.get("negated") is True]
    assert (
        negated
        and isinstance(negated[0]["confidence"], str)
        and negated[0]["subject"].startswith(("entity:", "https://example.org/kg/entity/"))
    )
    # nothing of kg's own vocabulary is left as a full IRI
    assert KG._NS not in json.dumps(nodes)


def test_jsonld_reads_back_as_the_same_graph(built):
    out, ttl = built
    reference = Graph().parse(ttl, format="turtle")
    assert isomorphic(Graph().parse(out, format="json-ld"), reference)
    assert isomorphic(read_graph(out), reference)
    quads = jsonld.to_rdf(
        json.loads(out.read_text(encoding="utf-8")),
        {"format": "application/n-quads", "documentLoader": _offline_loader},
    )
    assert isomorphic(Graph().parse(data=quads, format="nquads"), reference)
    oxigraph = list(pyoxigraph.parse(path=str(out), format=pyoxigraph.RdfFormat.JSON_LD))
    assert len(oxigraph) == len(reference)


def test_another_base_iri_gets_its_own_data_prefixes(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("The Port Authority fined a shipping firm.", encoding="utf-8")
    out = tmp_path / "a.jsonld"
    assert (
        main(
            [
                "build",
                str(source),
                "-o",
                str(out),
                "--base-iri",
                "https://data.example.com/news/",
                "-q",
            ]
        )
        == 0
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["@context"][1]["entity"] == "https://data.example.com/news/entity/"
    assert any(n.get("@id") == "entity:port-authority" for n in _nodes(data))
    expanded = jsonld.expand(data, {"documentLoader": _offline_loader})
    assert any(
        n.get("@id") == "https://data.example.com/news/entity/port-authority" for n in expanded
    )


def test_store_export_to_jsonld_is_compacted(extract_text, tmp_path):
    with open_store(tmp_path / "kb", write=True) as store:
        store.add_document(extract_text(TEXT, "port"), text_hash(TEXT))
        reference = store.rdflib_graph()
    out = tmp_path / "kb.jsonld"
    assert main(["export", "--store", str(tmp_path / "kb"), "-o", str(out), "-q"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["@context"][0] == shipped_context()
    assert isomorphic(Graph().parse(out, format="json-ld"), reference)


def test_context_is_package_data_and_names_every_kg_term():
    resource = files("graph.rdf").joinpath(CONTEXT_FILE)
    assert resource.is_file()
    context = json.loads(resource.read_text(encoding="utf-8"))["@context"]
    expanded: dict[str, str] = {}
    for term, definition in context.items():
        iri = definition if isinstance(definition, str) else definition["@id"]
        prefix, _, local = iri.partition(":")
        if prefix in context and isinstance(context[prefix], str) and local:
            iri = context[prefix] + local
        expanded[term] = iri
    # the vocabularies are the ones graph.rdf.model binds for Turtle
    for prefix, namespace in PREFIXES.items():
        assert expanded[prefix] == str(namespace), prefix
    kg_terms = {
        iri[len(KG._NS) :]
        for iri in expanded.values()
        if iri.startswith(str(KG._NS)) and iri != str(KG._NS)
    }
    assert kg_terms == set(KG.__annotations__) - NO_SHORT_TERM
    for iri in expanded.values():  # a typo in the file would mint a term kg never writes
        if iri.startswith(str(KG._NS)) and iri != str(KG._NS):
            assert KG[iri[len(KG._NS) :]] is not None


def test_a_one_node_graph_is_still_valid_jsonld(tmp_path):
    builder = GraphBuilder()
    g = builder.graph
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDFS

    g.add((URIRef("https://example.org/kg/entity/ann"), RDFS.label, Literal("Ann")))
    from graph.rdf.formats import write_graph

    out = tmp_path / "one.jsonld"
    write_graph(g, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["label"] == "Ann" and isomorphic(Graph().parse(out, format="json-ld"), g)
