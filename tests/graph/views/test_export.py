"""kg export to GraphML, GEXF and Neo4j CSV: read back with networkx and csv, provenance on the edges."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, Literal, URIRef

from graph.cli import main
from graph.rdf.formats import read_graph
from graph.rdf.vocab import KG
from graph.store.kgstore import open_store, text_hash
from graph.views.export import EDGE_COLUMNS, NODE_COLUMNS, export_network, graphml_bytes, neo4j_type

TEXT = (
    "The Harbour Authority fined a ferry company. The ferry company did not pay the fine. "
    "The authority said the ferry company polluted the bay.\n"
)
POLLUTED = "The authority said the ferry company polluted the bay."
NOT_PAID = "The ferry company did not pay the fine."


@pytest.fixture(scope="module")
def harbour(tmp_path_factory) -> Path:
    """The Turtle kg builds from TEXT (document id "harbour")."""
    folder = tmp_path_factory.mktemp("export")
    source = folder / "harbour.txt"
    source.write_text(TEXT, encoding="utf-8")
    out = folder / "harbour.ttl"
    assert main(["build", str(source), "-o", str(out), "-q"]) == 0
    return out


@pytest.fixture(scope="module")
def expected(harbour) -> dict:
    """What the RDF says about the two statements the tests look for (not hard-coded numbers)."""
    g = read_graph(harbour)
    rows = g.query(
        """
        SELECT ?text ?confidence ?position WHERE {
            ?st a kg:Statement ; kg:confidence ?confidence ; kg:sentence ?s ; rdf:object ?o .
            ?o a kg:Entity .
            ?s kg:text ?text ; kg:index ?position .
        }
        """
    )
    return {str(r.text): (float(r.confidence), int(r.position)) for r in rows}


def _edge(G: nx.MultiDiGraph, sentence: str) -> tuple[str, str, dict]:
    found = [
        (G.nodes[u]["label"], G.nodes[v]["label"], d)
        for u, v, d in G.edges(data=True)
        if d.get("sentence") == sentence
    ]
    assert len(found) == 1, found
    return found[0]


def _check_provenance(G: nx.MultiDiGraph, expected: dict) -> None:
    subject, obj, data = _edge(G, POLLUTED)
    assert (subject, obj) == ("ferry company", "bay")
    assert data["relation"] == "pollute"
    assert data["status"] == "reported"
    assert data["speaker"] == "Harbour Authority"
    assert data["document"] == "harbour"
    assert data["confidence"] == pytest.approx(expected[POLLUTED][0])
    assert int(data["sentence_index"]) == expected[POLLUTED][1]
    # denied: an edge too, flagged, so a Gephi filter can hide it
    subject, obj, data = _edge(G, NOT_PAID)
    assert (subject, obj, data["status"]) == ("ferry company", "fine", "negated")
    assert data["asserted"] in (False, "false")


@pytest.mark.parametrize(
    ("suffix", "reader"),
    [
        (".graphml", lambda path: nx.read_graphml(path, force_multigraph=True)),
        (".gexf", nx.read_gexf),
    ],
)
def test_export_by_extension_reads_back_with_provenance(
    harbour, expected, tmp_path, suffix, reader
):
    out = tmp_path / f"harbour{suffix}"
    assert main(["export", str(harbour), "-o", str(out), "-q"]) == 0
    G = reader(out)
    _check_provenance(G, expected)
    authority = [d for _, d in G.nodes(data=True) if d["label"] == "Harbour Authority"]
    assert authority and authority[0]["type"] == "GovernmentOrganization"


def test_gexf_edges_are_labelled_with_the_relation(harbour, tmp_path):
    out = tmp_path / "harbour.gexf"
    assert main(["export", str(harbour), "-o", str(out), "--format", "gexf", "-q"]) == 0
    G = nx.read_gexf(out)
    assert {d["label"] for _, _, d in G.edges(data=True)} >= {"pollute", "pay"}


def test_csv_export_is_the_neo4j_import_shape(harbour, expected, tmp_path):
    folder = tmp_path / "neo4j"
    assert main(["export", str(harbour), "-o", str(folder), "--format", "csv", "-q"]) == 0
    with open(folder / "nodes.csv", newline="", encoding="utf-8") as handle:
        nodes = list(csv.DictReader(handle))
    with open(folder / "edges.csv", newline="", encoding="utf-8") as handle:
        edges = list(csv.DictReader(handle))
    assert list(nodes[0]) == [h for h, _ in NODE_COLUMNS][: len(nodes[0])]
    assert list(nodes[0])[:3] == ["id:ID", "label", ":LABEL"]
    assert list(edges[0])[:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert list(edges[0]) == [h for h, _ in EDGE_COLUMNS]
    ids = {row["label"]: row["id:ID"] for row in nodes}
    assert {row[":LABEL"] for row in nodes if row["label"] == "Harbour Authority"} == {
        "Entity;GovernmentOrganization"
    }
    polluted = [row for row in edges if row["sentence"] == POLLUTED]
    assert len(polluted) == 1
    row = polluted[0]
    assert (row[":START_ID"], row[":END_ID"], row[":TYPE"]) == (
        ids["ferry company"],
        ids["bay"],
        "POLLUTE",
    )
    assert (row["status"], row["speaker"], row["document"]) == (
        "reported",
        "Harbour Authority",
        "harbour",
    )
    assert float(row["confidence:double"]) == pytest.approx(expected[POLLUTED][0])
    assert row["speaker_id"] == ids["Harbour Authority"]
    assert all(row[":START_ID"] in ids.values() and row[":END_ID"] in ids.values() for row in edges)


def test_a_folder_path_means_csv(harbour, tmp_path):
    folder = tmp_path / "existing"
    folder.mkdir()
    assert main(["export", str(harbour), "-o", str(folder), "-q"]) == 0
    assert sorted(p.name for p in folder.iterdir()) == ["edges.csv", "nodes.csv"]


def test_export_from_a_store_matches_the_file(harbour, tmp_path, extract_text, expected):
    store_dir = tmp_path / "kb"
    with open_store(store_dir, write=True) as store:
        store.add_document(extract_text(TEXT, "harbour"), text_hash(TEXT), source="harbour.txt")
    from_store = tmp_path / "store.graphml"
    from_file = tmp_path / "file.graphml"
    assert main(["export", "--store", str(store_dir), "-o", str(from_store), "-q"]) == 0
    assert main(["export", str(harbour), "-o", str(from_file), "-q"]) == 0
    A = nx.read_graphml(from_store, force_multigraph=True)
    B = nx.read_graphml(from_file, force_multigraph=True)
    _check_provenance(A, expected)
    assert sorted(A.edges(data="statement")) == sorted(B.edges(data="statement"))


def test_export_from_a_file_to_rdf_converts(harbour, tmp_path):
    out = tmp_path / "harbour.nt"
    assert main(["export", str(harbour), "-o", str(out), "-q"]) == 0
    from rdflib.compare import isomorphic

    assert isomorphic(Graph().parse(out, format="nt"), read_graph(harbour))


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["-o", "{tmp}/x.csv"], "into a folder"),
        (["-o", "{tmp}/x.out", "--format", "dot"], "unknown export format 'dot'"),
        (["-o", "{tmp}/missing/x.graphml"], "does not exist"),
        (["-o", "{tmp}/missing/deeper/", "--format", "csv"], "does not exist"),
    ],
)
def test_export_errors_are_one_line(harbour, tmp_path, capsys, args, fragment):
    argv = ["export", str(harbour), *[a.format(tmp=tmp_path) for a in args]]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and fragment in err and "Traceback" not in err
    assert not (tmp_path / "x.csv").exists()


def test_export_needs_a_graph_or_a_store(tmp_path, capsys):
    assert main(["export", "-o", str(tmp_path / "x.gexf")]) == 2
    assert "either a GRAPH file or --store" in capsys.readouterr().err


def test_control_characters_in_a_sentence_still_make_readable_xml():
    g = Graph()
    e = "https://example.org/kg/entity/"
    for name in ("a", "b"):
        g.add(
            (URIRef(e + name), URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), KG.Entity)
        )
    st, sentence = (
        URIRef("https://example.org/kg/statement/1"),
        URIRef("https://example.org/kg/sentence/d.0"),
    )
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    g.add((st, URIRef(rdf + "type"), KG.Statement))
    g.add((st, URIRef(rdf + "subject"), URIRef(e + "a")))
    g.add((st, URIRef(rdf + "object"), URIRef(e + "b")))
    g.add((st, KG.sentence, sentence))
    g.add((sentence, KG.text, Literal("page\x0cbreak and a bell\x07")))
    data = graphml_bytes(export_network(g))
    import io

    G = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    assert [d["sentence"] for _, _, d in G.edges(data=True)] == ["page break and a bell "]


@pytest.mark.parametrize(
    ("relation", "expected_type"),
    [
        ("obtain from", "OBTAIN_FROM"),
        ("be-accompanied by", "BE_ACCOMPANIED_BY"),
        ("  ", "RELATED_TO"),
    ],
)
def test_neo4j_relationship_types(relation, expected_type):
    assert neo4j_type(relation) == expected_type
