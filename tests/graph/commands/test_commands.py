"""The application layer called as a Python user would: no argparse, no process."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph
from rdflib.namespace import RDFS

from extract.errors import OptionError
from graph.commands.build import build
from graph.commands.documents import Reading, documents
from graph.commands.entities import entities, merged_entities
from graph.commands.records import triple_record
from graph.commands.triples import triples

TEXT = "The Ministry of Finance fined Acme Corp. Acme Corp did not appeal the decision."


@pytest.fixture
def article(tmp_path, nlp):  # nlp: the session's model, loaded once (load_nlp is cached)
    path = tmp_path / "article.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_build_writes_the_file_and_says_what_it_built(article, tmp_path):
    out = tmp_path / "out.ttl"
    summary = build(Reading([str(article)], quiet=True), output=str(out), quiet=True)
    graph = Graph().parse(out)
    assert summary.documents == 1 and summary.triples >= 1
    assert summary.rdf_triples == len(graph) and summary.target == str(out)
    assert "Ministry of Finance" in {str(o) for o in graph.objects(None, RDFS.label)}


def test_build_needs_exactly_one_target(article):
    with pytest.raises(OptionError) as caught:
        build(Reading([str(article)], quiet=True))
    assert caught.value.options == ("output", "store")


def test_triples_jsonl_are_the_records_of_the_documents(article, tmp_path):
    out = tmp_path / "t.jsonl"
    count = triples(Reading([str(article)], quiet=True), fmt="jsonl", output=str(out))
    [item] = list(documents(Reading([str(article)], quiet=True)))
    expected = [triple_record(t, item.graph) for t in item.graph.triples]
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert count == len(expected) >= 2 and lines == expected


def test_entities_json_is_the_merged_records(article, tmp_path):
    reading = Reading(
        [str(article), str(article)], quiet=True
    )  # the same text twice: counts add up
    out = tmp_path / "e.json"
    entities(reading, fmt="json", output=str(out))
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written == merged_entities(item.graph for item in documents(reading))
    acme = next(r for r in written if r["label"].startswith("Acme"))
    once = merged_entities(item.graph for item in documents(Reading([str(article)], quiet=True)))
    assert acme["mentions"] == 2 * next(r for r in once if r["id"] == acme["id"])["mentions"]
    assert len({span["doc"] for span in acme["spans"]}) == 2  # one document id each


def test_entities_json_keeps_another_documents_label_as_an_alias_as_the_graph_does():
    from extract.model import DocumentGraph, Entity, EntityType

    first = Entity("blair", "Tony Blair", EntityType.PERSON, ("Mr Blair",), 2)
    later = Entity("blair", "Tony Blair's", EntityType.PERSON, ("Blair",), 1)
    graphs = [
        DocumentGraph(doc, (entity,), (), (), ()) for doc, entity in (("a", first), ("b", later))
    ]
    [record] = merged_entities(graphs)
    assert record["label"] == "Tony Blair" and record["mentions"] == 3
    assert record["aliases"] == ["Mr Blair", "Tony Blair's", "Blair"]  # in the order they were seen


def test_library_names_parameters_and_the_cli_spells_them_as_flags(tmp_path, capsys):
    from extract.errors import InputError
    from extract.sources import iter_sources
    from graph.cli import main

    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError) as caught:
        list(iter_sources([str(tmp_path / "empty")]))
    assert str(caught.value).endswith("(choose others with glob)")
    assert main(["triples", str(tmp_path / "empty")]) == 2
    assert (
        capsys.readouterr().err
        == f"kg: error: no *.txt files in folder {tmp_path / 'empty'} (choose others with --glob)\n"
    )
