"""Turtle of a multi-document graph reads as plain prefixed names: no `\\/` or other escapes."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from graph.rdf.formats import write_graph, write_triples
from graph.rdf.model import GraphBuilder, prefixes_for
from graph.rdf.vocab import KG

#: document ids as a user gives them: two that slugify alike, one plain
DOCUMENTS = {
    "A Report": "The company sold the deal to people. Renault said the deal was good.",
    "a-report": "People liked the deal. The ministry warned the company.",
    "seed": "The Ministry of State Security said the consultancy obtained data from the company.",
}
_LITERAL = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_DATA_PREFIXES = ("entity", "rel", "stmt", "doc", "sent")


@pytest.fixture(scope="module")
def builder(extract_text) -> GraphBuilder:
    built = GraphBuilder()
    for doc_id, text in DOCUMENTS.items():
        built.add_document(extract_text(text, doc_id))
    return built


def _write_with_oxigraph(builder: GraphBuilder, path) -> None:  # what kg build -o G.ttl does
    write_triples(builder.triples(), path, prefixes=prefixes_for(builder.base))


def _write_with_rdflib(builder: GraphBuilder, path) -> None:  # the rdflib fallback and store dumps
    graph = Graph()
    for prefix, namespace in prefixes_for(builder.base).items():
        graph.bind(prefix, namespace, override=True)
    graph += builder.graph
    write_graph(graph, path, "turtle")


@pytest.mark.parametrize(
    "write", [_write_with_oxigraph, _write_with_rdflib], ids=["oxigraph", "rdflib"]
)
def test_document_scoped_iris_are_plain_prefixed_names_in_turtle(builder, tmp_path, write):
    path = tmp_path / "g.ttl"
    write(builder, path)
    text = path.read_text(encoding="utf-8")
    body = [line for line in text.splitlines() if not line.startswith("@prefix")]
    outside_literals = [_LITERAL.sub('""', line) for line in body]
    escaped = [line for line in outside_literals if "\\" in line]
    assert not escaped, f"escaped prefixed names: {escaped[:3]}"
    # every data IRI is written as a prefixed name, none as a full <...> IRI
    assert not [line for line in outside_literals if f"<{builder.base}" in line]
    names = {
        m.group(0)
        for line in outside_literals
        for m in re.finditer(r"\b(?:entity|sent):[\w.-]+", line)
    }
    assert any(name.startswith("sent:") for name in names)
    assert any(name.startswith("entity:") and "." in name for name in names), (
        "no document-scoped entity"
    )
    back = Graph().parse(path, format="turtle")
    assert isomorphic(back, builder.graph)
    rapper = shutil.which("rapper")
    if rapper is not None:  # the independent parser of raptor2-utils
        result = subprocess.run(
            [rapper, "-q", "-i", "turtle", "-c", str(path)], capture_output=True, timeout=60
        )
        assert result.returncode == 0, result.stderr.decode(errors="replace")


def test_documents_that_slugify_alike_keep_their_own_sentences_and_concepts(builder):
    g = builder.graph
    documents = set(g.subjects(RDF.type, KG.Document))
    assert len(documents) == len(DOCUMENTS)
    by_document: dict = {}
    for sentence in g.subjects(RDF.type, KG.Sentence):
        (document,) = g.objects(sentence, KG.document)  # a shared sentence IRI would have two
        by_document.setdefault(document, []).append(int(g.value(sentence, KG.index)))
    assert set(by_document) == documents
    assert all(sorted(indices) == list(range(len(indices))) for indices in by_document.values())
    # "the deal" of "A Report" and of "a-report" are two concepts, each with its document's slug
    deals = {str(iri) for iri in g.subjects(RDF.type, KG.Concept) if str(iri).endswith(".deal")}
    assert len(deals) == 2
    assert all("/" not in iri.removeprefix(f"{builder.base}entity/") for iri in deals)


def test_a_named_entity_iri_does_not_depend_on_its_document(extract_text):
    one = GraphBuilder()
    one.add_document(extract_text("Renault said the deal was good.", "first"))
    two = GraphBuilder()
    two.add_document(extract_text("Renault said the deal was good.", "second"))
    renault = {f"{one.base}entity/renault"}
    concepts = [{str(s) for s in b.graph.subjects(RDF.type, KG.Concept)} for b in (one, two)]
    entities = [{str(s) for s in b.graph.subjects(RDF.type, KG.Entity)} for b in (one, two)]
    assert renault <= entities[0] and renault <= entities[1]
    assert concepts[0] and not concepts[0] & concepts[1]
