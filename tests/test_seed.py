"""The seed article: the four key things are single, typed, connected nodes."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SKOS

from graph.rdf.model import build_graph
from graph.rdf.vocab import KG, SCHEMA

SEED = Path(__file__).resolve().parents[1] / "examples" / "mss-consultancy-warning.txt"


@pytest.fixture(scope="module")
def seed_graph(extract_text, tmp_path_factory) -> Graph:
    graph = build_graph([extract_text(SEED.read_text(encoding="utf-8"), "seed")])
    path = tmp_path_factory.mktemp("seed") / "seed.ttl"
    graph.serialize(path, format="turtle")
    return Graph().parse(path, format="turtle")  # assert on the Turtle as written


def _nodes_named(graph, words):
    """Entities any of whose labels or aliases contain all `words`."""
    found = set()
    for prop in (RDFS.label, SKOS.altLabel):
        for node, label in graph.subject_objects(prop):
            if (node, RDF.type, KG.Entity) in graph and all(w in str(label).lower() for w in words):
                found.add(node)
    return found


KEY = {
    "ministry": (("ministry", "state security"), SCHEMA.GovernmentOrganization),
    "consultancy": (("consult",), SCHEMA.Organization),
    "company": (("chinese company",), SCHEMA.Organization),
    "law": (("counter-espionage law",), SCHEMA.Legislation),
}


@pytest.mark.parametrize("key", list(KEY))
def test_key_entity_is_one_typed_node(seed_graph, key):
    words, cls = KEY[key]
    nodes = _nodes_named(seed_graph, words)
    if key == "consultancy":
        nodes = {n for n in nodes if (n, RDF.type, SCHEMA.Organization) in seed_graph}
    assert len(nodes) == 1, nodes
    assert (next(iter(nodes)), RDF.type, cls) in seed_graph


def test_consultancy_aliases_cover_every_description(seed_graph):
    (node,) = {
        n
        for n in _nodes_named(seed_graph, ("consult",))
        if (n, RDF.type, SCHEMA.Organization) in seed_graph
    }
    names = {str(o).lower() for o in seed_graph.objects(node, SKOS.altLabel)} | {
        str(seed_graph.value(node, RDFS.label)).lower()
    }
    assert {"the consultancy", "the overseas consultancy"} <= names
    assert any("consulting company" in n for n in names)


def test_key_entities_are_connected(seed_graph):
    """Subject, object, argument and attribution links of the statements join all four."""
    G = nx.Graph()
    for st in seed_graph.subjects(RDF.type, KG.Statement):
        s = seed_graph.value(st, RDF.subject)
        ends = [seed_graph.value(st, RDF.object), seed_graph.value(st, KG.attributedTo)]
        ends += [seed_graph.value(a, KG.entity) for a in seed_graph.objects(st, KG.argument)]
        for o in ends:
            if o is not None and (o, RDF.type, KG.Entity) in seed_graph:
                G.add_edge(s, o)
    keys = [next(iter(_nodes_named(seed_graph, KEY[k][0]) & set(G.nodes))) for k in KEY]
    component = nx.node_connected_component(G, keys[0])
    assert set(keys) <= component


def test_no_negated_or_hedged_direct_edge(seed_graph):
    unasserted = [
        tuple(seed_graph.value(st, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        for st in seed_graph.subjects(KG.asserted, Literal(False))
    ]
    with_object = [(s, p, o) for s, p, o in unasserted if o is not None]
    assert with_object  # the seed reports and hedges claims: else nothing was tested
    assert [edge for edge in with_object if edge in seed_graph] == []


def test_seed_plot_labels_do_not_overlap(seed_graph):
    """The picture of the seed graph at the default size: every entity name legible."""
    import itertools

    import matplotlib.pyplot as plt

    from graph.views.entity_graph import entity_graph
    from graph.views.plot import draw_entity_graph

    G = entity_graph(seed_graph)
    G.remove_nodes_from([n for n in list(G) if G.degree(n) == 0])  # as kg plot does
    try:
        drawn = draw_entity_graph(G)
        fig = drawn["ax"].figure
        renderer = fig.canvas.get_renderer()
        fig.draw(renderer)
        boxes = {u: t.get_window_extent(renderer) for u, t in drawn["node_labels"].items()}
        assert len(boxes) == G.number_of_nodes() > 20

        def overlap(a, b):
            return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1

        assert [
            (a, b) for a, b in itertools.combinations(boxes, 2) if overlap(boxes[a], boxes[b])
        ] == []
    finally:
        plt.close("all")


def test_the_consultancys_five_acts_are_found_with_the_ministry_as_speaker(seed_graph):
    query = (
        Path(__file__).resolve().parents[1] / "examples" / "queries" / "consultancy.rq"
    ).read_text()
    rows = [{k: str(v) for k, v in row.asdict().items()} for row in seed_graph.query(query)]
    acts = {
        row["relation"] for row in rows if "Ministry of State Security" in row.get("said_by", "")
    }
    assert {"conduct", "use", "persuade", "inquire about", "record"} <= acts, acts
