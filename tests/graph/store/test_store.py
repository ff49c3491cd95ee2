"""The on-disk Oxigraph store: merging, locking, queries, export, crash safety."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SKOS

from extract.merge import merge_entity
from extract.model import DocumentGraph, Entity, EntityType
from graph.rdf.model import GraphBuilder
from graph.rdf.vocab import KG, SCHEMA, TYPE_CLASS
from graph.sparql.query import QueryError, format_result, run_query
from graph.store.kgstore import CONTENT_HASH, StoreError, format_store_result, open_store, text_hash

ROOT = Path(__file__).resolve().parents[3]

TEXT_A = "The Port Authority fined a shipping firm. The firm did not pay the fine. The authority may sue the firm."
TEXT_B = "The Port Authority praised the Transport Ministry. The Transport Ministry said the harbour was clean."


@pytest.fixture(scope="module")
def documents(extract_text):
    return [extract_text(TEXT_A, "port-a"), extract_text(TEXT_B, "port-b")]


@pytest.fixture(scope="module")
def reference(documents) -> Graph:
    """What GraphBuilder makes of both documents in one in-memory graph."""
    builder = GraphBuilder()
    for document in documents:
        builder.add_document(document)
    return builder.graph


def _single_graph(document) -> Graph:
    builder = GraphBuilder()
    builder.add_document(document)
    return builder.graph


@pytest.fixture()
def filled(tmp_path, documents):
    path = tmp_path / "store"
    with open_store(path, write=True) as store:
        for document, text in zip(documents, (TEXT_A, TEXT_B), strict=True):
            store.add_graph(_single_graph(document), text_hash(text), document.doc)
    return path


def _names(graph: Graph, iri: URIRef) -> tuple:
    return (
        {str(o) for o in graph.objects(iri, RDFS.label)},
        {str(o) for o in graph.objects(iri, SKOS.altLabel)},
        {int(o) for o in graph.objects(iri, KG.mentionCount)},
        {str(o) for o in graph.objects(iri, SCHEMA.description)},
        set(graph.objects(iri, RDF.type)),
    )


def test_the_builder_and_the_store_merge_an_entity_as_merge_entity_does(tmp_path):
    first = Entity("acme", "Acme", EntityType.ORGANIZATION, ("Acme Corp",), 2, ("a firm",))
    later = Entity("acme", "ACME", EntityType.PLACE, ("Acme", "Acme Ltd"), 3, ("a firm", "a maker"))
    documents = [
        DocumentGraph(doc, (entity,), (), ()) for doc, entity in (("d1", first), ("d2", later))
    ]
    merged = merge_entity(first, later)
    want = (
        {merged.label},
        set(merged.aliases),
        {merged.mentions},
        set(merged.descriptions),
        {KG.Entity, TYPE_CLASS[merged.type]},
    )
    builder = GraphBuilder()
    with open_store(tmp_path / "store", write=True) as store:
        for document in documents:
            builder.add_document(document)
            store.add_document(document, text_hash(document.doc))
        stored = store.rdflib_graph()
    iri = builder.entity_iri("acme")
    assert _names(builder.graph, iri) == want
    assert _names(stored, iri) == want


def _authority(graph: Graph) -> URIRef:
    return next(graph.subjects(RDFS.label, Literal("Port Authority")))


def test_shared_entity_is_merged_and_counts_summed(filled, documents, reference):
    authority = _authority(reference)
    mentions = {d.doc: d.entity(authority.rsplit("/", 1)[1]).mentions for d in documents}
    assert all(mentions.values()), "both documents mention the Port Authority"
    with open_store(filled, write=False) as store:
        result = store.query(f"SELECT ?c WHERE {{ <{authority}> kg:mentionCount ?c }}")
        assert [int(row[0].value) for row in result.rows] == [sum(mentions.values())]
        labels = store.query(f"SELECT ?l WHERE {{ <{authority}> rdfs:label ?l }}")
        assert len(labels.rows) == 1


def test_store_equals_in_memory_graph(filled, reference):
    with open_store(filled, write=False) as store:
        stored = store.rdflib_graph()
    hashes = list(stored.triples((None, URIRef(CONTENT_HASH), None)))
    assert len(hashes) == 2
    for triple in hashes:
        stored.remove(triple)
    assert isomorphic(stored, reference)


def test_documents_are_skipped_by_hash_and_refused_when_changed(filled, documents):
    with open_store(filled, write=True) as store:
        assert store.has_document(text_hash(TEXT_A))
        assert not store.has_document(text_hash("something else"))
        before = len(store)
        assert store.add_graph(_single_graph(documents[0]), text_hash(TEXT_A), "port-a") == 0
        assert len(store) == before
        with pytest.raises(StoreError, match="already in store .* with other content"):
            store.add_graph(_single_graph(documents[0]), text_hash(TEXT_A + " "), "port-a")
        assert store.document_count() == 2


def test_second_writer_is_refused(filled):
    with open_store(filled, write=True):
        with pytest.raises(StoreError, match=r"^store .* is in use by another kg process$"):
            open_store(filled, write=True)
        with pytest.raises(StoreError, match="in use by another kg process"):
            open_store(filled, write=False)
        code = (
            "import sys\nfrom graph.store.kgstore import open_store, StoreError\n"
            "try:\n    open_store(sys.argv[1], write=True)\n"
            "except StoreError as exc:\n    print(exc)\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code, str(filled)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
        assert out.stdout.strip() == f"store {filled} is in use by another kg process"
    with open_store(filled, write=False) as reader, open_store(filled, write=False) as other:
        assert len(reader) == len(other) > 0


def test_pyoxigraph_lock_is_translated(filled):
    import pyoxigraph

    raw = pyoxigraph.Store(str(filled))  # holds RocksDB's own lock, not kg.lock
    try:
        with pytest.raises(StoreError, match="in use by another kg process"):
            open_store(filled, write=True)
    finally:
        del raw


def test_bad_locations(tmp_path):
    with pytest.raises(StoreError, match=r"^no store at "):
        open_store(tmp_path / "missing", write=False)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("x")
    with pytest.raises(StoreError, match="not a kg store"):
        open_store(tmp_path / "notes", write=True)
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="is a file"):
        open_store(tmp_path / "file", write=True)


QUERIES = [
    "SELECT ?e ?label ?n WHERE { ?e a kg:Entity ; rdfs:label ?label ; kg:mentionCount ?n } ORDER BY ?label",
    "SELECT ?s ?rel ?o ?neg WHERE { ?st a kg:Statement ; rdf:subject ?s ; rdf:predicate ?rel ; kg:negated ?neg "
    "OPTIONAL { ?st rdf:object ?o } } ORDER BY ?s ?rel ?o ?neg",
    "ASK { ?e a schema:GovernmentOrganization }",
    "ASK { ?e a schema:Person }",
]


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_results_format_like_file_queries(filled, reference, text, fmt):
    expected = format_result(run_query(reference, text), reference, fmt)
    with open_store(filled, write=False) as store:
        got = format_store_result(store.query(text), fmt)
    if fmt == "json":
        assert json.loads(got) == json.loads(expected)
    else:
        assert got == expected


def test_construct_and_errors(filled):
    with open_store(filled, write=False) as store:
        built = format_store_result(
            store.query("CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e a kg:Entity ; rdfs:label ?l }")
        )
        assert "Port Authority" in built and "entity:" in built
        with pytest.raises(QueryError, match="malformed SPARQL query"):
            store.query("SELECT ?x WHERE { ?x")
        with pytest.raises(QueryError, match="updates are not allowed"):
            store.query("DELETE WHERE { ?s ?p ?o }")
        with pytest.raises(StoreError, match="read-only"):
            store.query("DELETE WHERE { ?s ?p ?o }", allow_update=True)
        own_prefix = store.query("PREFIX kg: <urn:x#> ASK { ?s kg:mentionCount ?n }")
        assert own_prefix.boolean is False  # the query's own PREFIX wins


def test_update_when_allowed(filled):
    with open_store(filled, write=True) as store:
        result = store.query('INSERT DATA { entity:extra rdfs:label "Extra" }', allow_update=True)
        assert result.kind == "UPDATE"
    with open_store(filled, write=False) as store:
        assert store.query('ASK { entity:extra rdfs:label "Extra" }').boolean


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("out.ttl", "turtle"), ("out.nt", "nt"), ("out.jsonld", "json-ld"), ("out.trig", "trig")],
)
def test_export_round_trips(filled, tmp_path, name, fmt):
    with open_store(filled, write=False) as store:
        assert store.export(tmp_path / name) in {"turtle", "nt", "jsonld", "trig"}
        expected = store.rdflib_graph()
    if fmt == "trig":
        from graph.rdf.formats import read_graph

        loaded = read_graph(tmp_path / name)
    else:
        loaded = Graph().parse(tmp_path / name, format=fmt)
    assert isomorphic(loaded, expected)
    if name == "out.ttl":
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert "@prefix entity: <https://example.org/kg/entity/>" in text
        assert "entity:port-authority" in text


def test_base_iri_is_taken_from_the_store(tmp_path, documents):
    base = "https://data.example.com/news/"
    builder = GraphBuilder(base_iri=base)
    builder.add_document(documents[0])
    with open_store(tmp_path / "s", write=True, base_iri=base) as store:
        store.add_graph(builder.graph, text_hash(TEXT_A), "port-a")
    with open_store(tmp_path / "s", write=False) as store:
        assert store.base == base
        assert store.query("ASK { entity:port-authority a kg:Entity }").boolean
        assert store.document_hash("port-a") == text_hash(TEXT_A)


def test_add_document_matches_add_graph(tmp_path, documents, reference):
    with open_store(tmp_path / "s", write=True) as store:
        for document, text in zip(documents, (TEXT_A, TEXT_B), strict=True):
            store.add_document(document, text_hash(text))
        graph = store.rdflib_graph()
    graph.remove((None, URIRef(CONTENT_HASH), None))
    assert isomorphic(graph, reference)


WRITER = textwrap.dedent(
    """
    import sys
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, RDFS
    from graph.store.kgstore import open_store
    from graph.rdf.vocab import KG, SCHEMA, TYPE_CLASS

    base = "https://example.org/kg/"
    with open_store(sys.argv[1], write=True) as store:
        for i in range(100000):
            g = Graph()
            doc = URIRef(f"{base}document/d{i}")
            g.add((doc, RDF.type, KG.Document))
            g.add((doc, RDFS.label, Literal(f"d{i}")))
            shared = URIRef(f"{base}entity/shared")
            g.add((shared, RDF.type, KG.Entity))
            g.add((shared, RDFS.label, Literal("Shared")))
            g.add((shared, KG.mentionCount, Literal(1)))
            for j in range(200):
                g.add((URIRef(f"{base}entity/e{i}-{j}"), RDFS.label, Literal(f"entity {i} {j}")))
            store.add_graph(g, f"hash{i}", f"d{i}")
            print(i, flush=True)
    """
)


def test_killed_writer_leaves_a_usable_store(tmp_path):
    path = tmp_path / "crash"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    committed = -1
    deadline = time.monotonic() + 120
    try:
        while committed < 30 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            committed = int(line)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
    assert committed >= 30, "the writer should have committed 30 documents"
    with open_store(path, write=False) as store:
        docs = store.document_count()
        assert docs >= committed + 1
        count = store.query("SELECT ?n WHERE { entity:shared kg:mentionCount ?n }")
        assert len(count.rows) in (1, 2)  # 2 only if killed between commit and cleanup
        assert max(int(row[0].value) for row in count.rows) == docs
    with open_store(path, write=True) as store:  # reopening for writing mends counts
        count = store.query("SELECT ?n WHERE { entity:shared kg:mentionCount ?n }")
        assert [int(row[0].value) for row in count.rows] == [docs]
        assert store.query(f"ASK {{ <{KG.Document}> ?p ?o }}").boolean is False
