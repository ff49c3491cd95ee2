"""Static plots: what is drawn (colours, labels, edge styles, legend), legibility, files."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from _turtle import PREFIXES  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from PIL import Image  # noqa: E402
from rdflib import Graph  # noqa: E402

from extract.model import EntityType  # noqa: E402
from graph.io.atomic import GraphFileError  # noqa: E402
from graph.views.entity_graph import entity_graph  # noqa: E402
from graph.views.plot import (  # noqa: E402
    ASSERTED_COLOR,
    ASSERTED_LEGEND,
    TYPE_COLORS,
    TYPE_NAMES,
    UNASSERTED_COLOR,
    UNASSERTED_LEGEND,
    draw_entity_graph,
    edge_text,
    figure_size,
    layout_positions,
    save_plot,
)

# A small graph after docs/rdf-model.md: four types, an asserted edge, a negated
# and a hedged statement, and a literal object.
SMALL_TTL = (
    PREFIXES
    + """
entity:mss a kg:Entity, schema:GovernmentOrganization ; rdfs:label "Ministry of State Security" ;
    skos:altLabel "the ministry" .
entity:firm a kg:Entity, schema:Organization ; rdfs:label "Zhongan Consultancy" .
entity:li a kg:Entity, schema:Person ; rdfs:label "Li Wei" .
entity:info a kg:Entity, kg:Concept ; rdfs:label "classified information" .
rel:obtain rdfs:label "obtain" . rel:pay rdfs:label "pay" . rel:sue rdfs:label "sue" .
rel:lead rdfs:label "lead" . rel:earn rdfs:label "earn" .
sent:seed.1 a kg:Sentence ; kg:text "The consultancy obtained classified information." .
sent:seed.2 a kg:Sentence ; kg:text "The consultancy did not pay the ministry." .
sent:seed.3 a kg:Sentence ; kg:text "The ministry may sue the consultancy." .
sent:seed.4 a kg:Sentence ; kg:text "Li Wei leads the consultancy and earns a fortune." .
stmt:1 a kg:Statement ; rdf:subject entity:firm ; rdf:predicate rel:obtain ; rdf:object entity:info ;
    kg:negated false ; kg:asserted true ; kg:confidence 0.7 ; kg:sentence sent:seed.1 .
entity:firm rel:obtain entity:info .
stmt:2 a kg:Statement ; rdf:subject entity:firm ; rdf:predicate rel:pay ; rdf:object entity:mss ;
    kg:negated true ; kg:asserted false ; kg:confidence 0.6 ; kg:sentence sent:seed.2 .
stmt:3 a kg:Statement ; rdf:subject entity:mss ; rdf:predicate rel:sue ; rdf:object entity:firm ;
    kg:negated false ; kg:modality "may" ; kg:asserted false ; kg:confidence 0.5 ; kg:sentence sent:seed.3 .
stmt:4 a kg:Statement ; rdf:subject entity:li ; rdf:predicate rel:lead ; rdf:object entity:firm ;
    kg:negated false ; kg:asserted true ; kg:confidence 0.9 ; kg:sentence sent:seed.4 .
entity:li rel:lead entity:firm .
stmt:5 a kg:Statement ; rdf:subject entity:li ; rdf:predicate rel:earn ; rdf:object "a fortune" ;
    kg:negated false ; kg:asserted true ; kg:confidence 0.8 ; kg:sentence sent:seed.4 .
entity:li rel:earn "a fortune" .
"""
)

# 20 entities with long, realistic labels; (subject, relation, object, negated, modality)
ENTITIES = [
    ("mss", "Ministry of State Security", "schema:GovernmentOrganization"),
    ("consultancy", "Beijing Zhongan Consultancy Group", "schema:Organization"),
    ("li-wei", "Li Wei", "schema:Person"),
    ("beijing", "Beijing", "schema:Place"),
    ("data-law", "Data Security Law", "schema:Legislation"),
    ("chinese", "Chinese", "kg:Group"),
    ("summit", "Cybersecurity Summit 2024", "schema:Event"),
    ("drone", "Wing Loong II drone", "schema:Product"),
    ("report", "Annual Threat Assessment Report", "schema:CreativeWork"),
    ("info", "classified information", "kg:Concept"),
    ("port", "Port Authority of Shanghai", "schema:GovernmentOrganization"),
    ("firm", "shipping firm", "schema:Organization"),
    ("zhang", "Zhang San", "schema:Person"),
    ("shanghai", "Shanghai", "schema:Place"),
    ("harbour", "harbour", "kg:Concept"),
    ("fine", "administrative fine", "kg:Concept"),
    ("transport", "Ministry of Transport", "schema:GovernmentOrganization"),
    ("reuters", "Reuters", "schema:Organization"),
    ("eu", "European Union", "schema:Organization"),
    ("sanctions", "export sanctions", "kg:Concept"),
]
STATEMENTS = [
    ("consultancy", "obtain", "info", False, None),
    ("consultancy", "obtain from", "mss", False, None),
    ("mss", "accuse", "consultancy", False, None),
    ("li-wei", "lead", "consultancy", False, None),
    ("consultancy", "base in", "beijing", False, None),
    ("mss", "cite", "data-law", False, None),
    ("li-wei", "attend", "summit", False, None),
    ("consultancy", "sell", "drone", False, "may"),
    ("mss", "publish", "report", False, None),
    ("port", "fine", "firm", False, None),
    ("firm", "pay", "fine", True, None),
    ("port", "sue", "firm", False, "may"),
    ("firm", "pollute", "harbour", False, None),
    ("transport", "criticise", "firm", False, None),
    ("zhang", "own", "firm", False, None),
    ("port", "locate in", "shanghai", False, None),
    ("reuters", "report on", "port", False, None),
    ("eu", "impose", "sanctions", False, "could"),
    ("eu", "criticise", "mss", False, None),
    ("chinese", "support", "mss", False, None),
    ("report", "mention", "li-wei", False, None),
    ("zhang", "meet", "li-wei", True, None),
]


def big_ttl() -> str:
    """The 20-entity graph as Turtle, one statement node per row of STATEMENTS."""
    lines = [PREFIXES]
    for key, label, cls in ENTITIES:
        lines.append(f'entity:{key} a kg:Entity, {cls} ; rdfs:label "{label}" .')
    for relation in sorted({r for _, r, _, _, _ in STATEMENTS}):
        lines.append(f'rel:{relation.replace(" ", "-")} a kg:Relation ; rdfs:label "{relation}" .')
    for i, (s, r, o, negated, modality) in enumerate(STATEMENTS):
        asserted = not negated and modality is None
        lines.append(f'sent:seed.{i} a kg:Sentence ; kg:text "Sentence {i}." .')
        lines.append(
            f"stmt:{i} a kg:Statement ; rdf:subject entity:{s} ; rdf:predicate rel:{r.replace(' ', '-')} ; "
            f"rdf:object entity:{o} ; kg:negated {str(negated).lower()} ; kg:asserted {str(asserted).lower()} ; "
            + (f'kg:modality "{modality}" ; ' if modality else "")
            + f"kg:confidence 0.7 ; kg:sentence sent:seed.{i} ."
        )
        if asserted:
            lines.append(f"entity:{s} rel:{r.replace(' ', '-')} entity:{o} .")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def small() -> nx.MultiDiGraph:
    return entity_graph(Graph().parse(data=SMALL_TTL, format="turtle"))


@pytest.fixture(scope="module")
def big() -> nx.MultiDiGraph:
    G = entity_graph(Graph().parse(data=big_ttl(), format="turtle"))
    assert G.number_of_nodes() == 20 and G.number_of_edges() == len(STATEMENTS)
    return G


@pytest.fixture
def ax():
    return Figure(figsize=(8, 6)).add_axes([0.01, 0.01, 0.8, 0.98])


def _overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def test_draw_one_collection_per_type_coloured_from_the_palette(small, ax):
    drawn = draw_entity_graph(small, ax=ax)
    assert set(drawn["nodes"]) == {"GovernmentOrganization", "Organization", "Person", "Concept"}
    total = 0
    for type_value, collection in drawn["nodes"].items():
        members = drawn["node_order"][type_value]
        assert all(small.nodes[u]["type"] == type_value for u in members)
        offsets = collection.get_offsets()
        assert len(offsets) == len(members)
        np.testing.assert_allclose(offsets, [drawn["pos"][u] for u in members])
        expected = to_rgba(TYPE_COLORS[EntityType(type_value)])
        assert all(tuple(c) == pytest.approx(expected) for c in collection.get_facecolors())
        total += len(offsets)
    assert total == small.number_of_nodes()


def test_draw_labels_every_node_and_every_relation(small, ax):
    drawn = draw_entity_graph(small, ax=ax)
    names = {u: t.get_text().replace("\n", " ") for u, t in drawn["node_labels"].items()}
    assert names == {u: d["label"] for u, d in small.nodes(data=True)}
    relations = sorted(t.get_text() for t in drawn["edge_labels"].values())
    assert relations == ["lead", "may sue", "not pay", "obtain"]  # the literal object is no edge


def test_draw_unasserted_edges_dashed_and_grey(small, ax):
    drawn = draw_entity_graph(small, ax=ax)
    assert len(drawn["edges"]) == small.number_of_edges() == 4
    styles = set()
    for (u, v, k), patch in drawn["edges"].items():
        asserted = small.edges[u, v, k]["asserted"]
        styles.add(asserted)
        assert patch.get_linestyle() == ("-" if asserted else "--")
        assert patch.get_edgecolor() == pytest.approx(
            to_rgba(ASSERTED_COLOR if asserted else UNASSERTED_COLOR)
        )
    assert styles == {True, False}


def test_draw_without_unasserted_omits_them(small, ax):
    drawn = draw_entity_graph(small, ax=ax, show_unasserted=False)
    assert {small.edges[e]["relation"] for e in drawn["edges"]} == {"obtain", "lead"}
    assert sorted(t.get_text() for t in drawn["edge_labels"].values()) == ["lead", "obtain"]
    assert all(p.get_linestyle() == "-" for p in drawn["edges"].values())
    assert UNASSERTED_LEGEND not in [t.get_text() for t in drawn["legend"].get_texts()]
    assert len(drawn["node_labels"]) == small.number_of_nodes()  # nodes stay


def test_draw_legend_lists_types_present_then_edge_styles(small, ax):
    drawn = draw_entity_graph(small, ax=ax)
    entries = [t.get_text() for t in drawn["legend"].get_texts()]
    assert entries == [
        TYPE_NAMES[EntityType.GOVERNMENT_BODY],
        TYPE_NAMES[EntityType.ORGANIZATION],
        TYPE_NAMES[EntityType.PERSON],
        TYPE_NAMES[EntityType.CONCEPT],
        ASSERTED_LEGEND,
        UNASSERTED_LEGEND,
    ]
    handles = drawn["legend"].legend_handles
    assert to_rgba(handles[2].get_markerfacecolor()) == pytest.approx(
        to_rgba(TYPE_COLORS[EntityType.PERSON])
    )
    assert handles[-1].get_linestyle() == "--"


def test_draw_without_legend_or_edge_labels(small, ax):
    drawn = draw_entity_graph(small, ax=ax, legend=False, edge_labels=False)
    assert drawn["legend"] is None and ax.get_legend() is None
    assert drawn["edge_labels"] == {}
    assert len(drawn["edges"]) == 4


def test_draw_node_area_grows_with_degree(small, ax):
    drawn = draw_entity_graph(small, ax=ax, node_size_range=(100, 1000))
    sizes = {}
    for type_value, collection in drawn["nodes"].items():
        sizes.update(zip(drawn["node_order"][type_value], collection.get_sizes(), strict=True))
    firm, info = "https://example.org/kg/entity/firm", "https://example.org/kg/entity/info"
    assert sizes[firm] == pytest.approx(1000)  # degree 4, the most
    assert sizes[info] == pytest.approx(100)  # degree 1, the least


def test_layout_is_seeded_and_deterministic(big):
    first, again = layout_positions(big, seed=7), layout_positions(big, seed=7)
    assert all(np.allclose(first[u], again[u]) for u in big)
    other = layout_positions(big, seed=8)
    assert not all(np.allclose(first[u], other[u]) for u in big)
    coords = np.array(list(first.values()))
    assert np.abs(coords).max() == pytest.approx(1.0)


_LAYOUT_SCRIPT = """
import json, sys
import networkx as nx
from graph.views.layout import layout_positions  # no matplotlib: two fresh processes start faster
G = nx.MultiDiGraph([(f"n{i}", f"n{(i * 7) % 30}") for i in range(30)])
G.add_edges_from([("x", "y"), ("y", "z"), ("lonely", "lonely")])
json.dump({str(k): v for k, v in layout_positions(G, seed=7).items()}, sys.stdout)
"""


def test_layout_does_not_depend_on_the_hash_seed():
    # several components: networkx subgraph views may iterate sets, whose order
    # changes between processes with PYTHONHASHSEED
    root = Path(__file__).resolve().parents[3]
    runs = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run(
            [sys.executable, "-c", _LAYOUT_SCRIPT],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(out.stdout))
    assert len(runs[0]) == 34
    assert runs[0] == runs[1]


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ({"relation": "obtain", "asserted": True}, "obtain"),
        ({"relation": "pay", "negated": True}, "not pay"),
        ({"relation": "sue", "modality": "may"}, "may sue"),
        ({"relation": "warn about", "modality": "purpose"}, "warn about (purpose)"),
        ({"relation": "leak", "modality": "could", "negated": True}, "could not leak"),
    ],
)
def test_edge_text_says_not_and_the_modality(data, text):
    assert edge_text(data) == text


def test_draw_rejects_positions_missing_a_node(small, ax):
    pos = layout_positions(small)
    pos.pop(next(iter(small)))
    with pytest.raises(ValueError, match="no position"):
        draw_entity_graph(small, pos, ax=ax)


def test_default_figure_grows_with_the_graph_and_no_node_labels_overlap(small, big):
    try:
        drawn = draw_entity_graph(big)
        fig = drawn["ax"].figure
        assert tuple(fig.get_size_inches()) == pytest.approx(figure_size(20))
        assert figure_size(20)[0] > figure_size(small.number_of_nodes())[0]
        renderer = fig.canvas.get_renderer()
        fig.draw(renderer)
        boxes = {u: t.get_window_extent(renderer) for u, t in drawn["node_labels"].items()}
        assert len(boxes) == 20
        clashes = [
            (a, b) for a, b in itertools.combinations(boxes, 2) if _overlap(boxes[a], boxes[b])
        ]
        assert clashes == []
        # relation labels stay clear of entity names too
        edge_boxes = [t.get_window_extent(renderer) for t in drawn["edge_labels"].values()]
        assert not [(u, e) for u in boxes for e in edge_boxes if _overlap(boxes[u], e)]
        # and every label stays inside the axes
        frame = drawn["ax"].get_window_extent(renderer)
        assert all(
            frame.x0 <= b.x0 and b.x1 <= frame.x1 and frame.y0 <= b.y0 and b.y1 <= frame.y1
            for b in boxes.values()
        )
    finally:
        plt.close("all")


def test_overlapping_positions_are_pulled_apart(ax):
    # every node on the same spot: the labels still must not overlap
    G = nx.MultiDiGraph()
    for i in range(6):
        G.add_node(i, label=f"Entity number {i}", type="Person")
    drawn = draw_entity_graph(G, {i: (0.0, 0.0) for i in range(6)}, ax=ax)
    boxes = [t.get_window_extent() for t in drawn["node_labels"].values()]
    assert not any(_overlap(a, b) for a, b in itertools.combinations(boxes, 2))


def test_save_png_writes_a_complete_file_atomically(big, tmp_path):
    before = plt.get_fignums()
    out = save_plot(big, tmp_path / "graph.png")
    assert out == tmp_path / "graph.png"
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.png"]  # no temporary file left
    assert plt.get_fignums() == before  # no pyplot figure made
    pixels = np.asarray(Image.open(out).convert("RGB")).reshape(-1, 3).astype(int)
    for entity_type in (EntityType.PERSON, EntityType.GOVERNMENT_BODY, EntityType.LEGISLATION):
        rgb = np.array([round(c * 255) for c in to_rgba(TYPE_COLORS[entity_type])[:3]])
        assert (np.abs(pixels - rgb).max(axis=1) <= 2).sum() > 50, entity_type


def test_save_svg_and_pdf(small, tmp_path):
    svg = save_plot(small, tmp_path / "graph.svg", show_unasserted=False)
    root = ET.parse(svg).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    pdf = save_plot(small, tmp_path / "graph.pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_save_replaces_an_existing_file_and_rejects_unknown_formats(small, tmp_path):
    target = tmp_path / "graph.png"
    target.write_bytes(b"old")
    save_plot(small, target)
    assert target.read_bytes()[:4] == b"\x89PNG"
    with pytest.raises(GraphFileError, match=r"\.png, \.svg or \.pdf"):
        save_plot(small, tmp_path / "graph.gif")
    assert not (tmp_path / "graph.gif").exists()
    with pytest.raises(GraphFileError, match="does not exist"):
        save_plot(small, tmp_path / "missing" / "graph.png")


def test_save_an_empty_graph(tmp_path):
    out = save_plot(nx.MultiDiGraph(), tmp_path / "empty.png")
    assert out.read_bytes()[:4] == b"\x89PNG"


def test_many_labels_are_pushed_apart_by_the_sweep():
    import numpy as np

    from graph.views.plot import _declutter_sweep

    rng = np.random.default_rng(0)
    centre = rng.uniform(
        0, 600, size=(800, 2)
    )  # 800 labels of 40 x 12 px crowded into 600 x 600 px
    half = np.tile([20.0, 6.0], (800, 1))
    before = _overlaps(centre, half)
    _declutter_sweep(centre, half, np.ones(800), np.zeros(2), np.full(2, 1200.0), max_iter=100)
    assert _overlaps(centre, half) < before / 2


def _overlaps(centre, half) -> int:
    d = abs(centre[:, None, :] - centre[None, :, :])
    hit = ((half[:, None, :] + half[None, :, :] - d) > 0).all(axis=2)
    return int(hit.sum() - len(centre)) // 2
