"""The interactive HTML view: self-contained, offline, and rendered by a real browser."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import networkx as nx
import numpy as np
import pytest
from matplotlib.colors import to_rgb
from PIL import Image
from rdflib import Graph

from extract.model import EntityType
from graph.entity_graph import entity_graph
from graph.interactive import render_html, write_html
from graph.plot import TYPE_COLORS

PREFIXES = """
@prefix kg: <https://w3id.org/kg-builder/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <https://schema.org/> .
@prefix entity: <https://example.org/kg/entity/> .
@prefix rel: <https://example.org/kg/relation/> .
@prefix stmt: <https://example.org/kg/statement/> .
@prefix sent: <https://example.org/kg/document/seed/sentence/> .
"""

# docs/rdf-model.md by hand: five types, asserted, negated and hedged statements, a
# literal object, and a label that tries to close the <script> element.
TTL = (
    PREFIXES
    + """
entity:mss a kg:Entity, schema:GovernmentOrganization ; rdfs:label "Ministry of State Security" ;
    skos:altLabel "the ministry", "MSS" .
entity:firm a kg:Entity, schema:Organization ; rdfs:label "Zhongan Consultancy" .
entity:li a kg:Entity, schema:Person ; rdfs:label "Li Wei" .
entity:beijing a kg:Entity, schema:Place ; rdfs:label "Beijing" .
entity:info a kg:Entity, kg:Concept ; rdfs:label "classified information" .
entity:evil a kg:Entity, schema:CreativeWork ; rdfs:label "</script><script>alert(1)</script> & <!-- notes" .
rel:obtain rdfs:label "obtain" . rel:pay rdfs:label "pay" . rel:sue rdfs:label "sue" .
rel:lead rdfs:label "lead" . rel:earn rdfs:label "earn" . rel:base-in rdfs:label "base in" .
rel:mention rdfs:label "mention" .
sent:1 a kg:Sentence ; kg:text "The consultancy obtained classified information." .
sent:2 a kg:Sentence ; kg:text "The consultancy did not pay the ministry." .
sent:3 a kg:Sentence ; kg:text "The ministry may sue the consultancy." .
sent:4 a kg:Sentence ; kg:text "Li Wei leads the consultancy and earns a fortune." .
stmt:1 a kg:Statement ; rdf:subject entity:firm ; rdf:predicate rel:obtain ; rdf:object entity:info ;
    kg:negated false ; kg:asserted true ; kg:confidence 0.7 ; kg:sentence sent:1 .
stmt:2 a kg:Statement ; rdf:subject entity:firm ; rdf:predicate rel:pay ; rdf:object entity:mss ;
    kg:negated true ; kg:asserted false ; kg:confidence 0.6 ; kg:sentence sent:2 .
stmt:3 a kg:Statement ; rdf:subject entity:mss ; rdf:predicate rel:sue ; rdf:object entity:firm ;
    kg:negated false ; kg:modality "may" ; kg:asserted false ; kg:confidence 0.5 ; kg:sentence sent:3 .
stmt:4 a kg:Statement ; rdf:subject entity:li ; rdf:predicate rel:lead ; rdf:object entity:firm ;
    kg:negated false ; kg:asserted true ; kg:confidence 0.9 ; kg:sentence sent:4 .
stmt:5 a kg:Statement ; rdf:subject entity:li ; rdf:predicate rel:earn ; rdf:object "a fortune" ;
    kg:negated false ; kg:asserted true ; kg:confidence 0.8 ; kg:sentence sent:4 .
stmt:6 a kg:Statement ; rdf:subject entity:firm ; rdf:predicate rel:base-in ; rdf:object entity:beijing ;
    kg:negated false ; kg:asserted true ; kg:confidence 0.8 ; kg:sentence sent:1 .
stmt:7 a kg:Statement ; rdf:subject entity:evil ; rdf:predicate rel:mention ; rdf:object entity:mss ;
    kg:negated false ; kg:asserted true ; kg:confidence 0.8 ; kg:sentence sent:1 .
"""
)
LABELS = [
    "Ministry of State Security",
    "Zhongan Consultancy",
    "Li Wei",
    "Beijing",
    "classified information",
]
EVIL = "</script><script>alert(1)</script> & <!-- notes"

# more nodes for the browser: a ring of 14 people and places around a hub
RING = "\n".join(
    [
        f'entity:p{i} a kg:Entity, {"schema:Person" if i % 2 else "schema:Place"} ; rdfs:label "Ring member {i}" .'
        for i in range(14)
    ]
    + [
        f"stmt:r{i} a kg:Statement ; rdf:subject entity:p{i} ; rdf:predicate rel:lead ; rdf:object entity:firm ; "
        f"kg:negated false ; kg:asserted true ; kg:confidence 0.5 ; kg:sentence sent:4 ."
        for i in range(14)
    ]
)


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return entity_graph(Graph().parse(data=TTL, format="turtle"))


@pytest.fixture(scope="module")
def big() -> nx.MultiDiGraph:
    G = entity_graph(Graph().parse(data=TTL + RING, format="turtle"))
    assert G.number_of_nodes() == 20
    return G


def _data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert match is not None
    return json.loads(match.group(1))


def test_html_is_self_contained(G):
    page = render_html(G, title="Seed")
    assert not re.search(r"<(script|img|iframe)\b[^>]*\bsrc\s*=", page, re.I)  # every script inline
    assert not re.search(r"<link\b", page, re.I)
    assert not re.search(r"(src|href)\s*=\s*[\"']?\s*(https?:)?//", page, re.I)
    assert not re.search(r"@import|url\(\s*[\"']?(https?:)?//", page, re.I)
    assert "<title>Seed</title>" in page


def test_html_embeds_every_node_with_its_label_and_palette_colour(G):
    page = render_html(G)
    for label in LABELS:
        assert label in page
    data = _data(page)
    assert {n["id"] for n in data["nodes"]} == set(G)
    for node in data["nodes"]:
        assert node["label"] == G.nodes[node["id"]]["label"]
        assert node["color"] == TYPE_COLORS[EntityType(node["type"])]
    mss = next(n for n in data["nodes"] if n["label"] == "Ministry of State Security")
    assert mss["aliases"] == ["MSS", "the ministry"]
    assert mss["typeName"] == "Government body"


def test_html_edges_keep_flags_and_sentences(G):
    edges = {e["relation"]: e for e in _data(render_html(G))["edges"]}
    assert set(edges) == {"obtain", "pay", "sue", "lead", "base in", "mention"}  # no literal object
    assert (edges["pay"]["asserted"], edges["pay"]["negated"], edges["pay"]["text"]) == (
        False,
        True,
        "not pay",
    )
    assert (edges["sue"]["asserted"], edges["sue"]["modality"], edges["sue"]["text"]) == (
        False,
        "may",
        "may sue",
    )
    assert edges["obtain"]["asserted"] is True
    assert edges["pay"]["sentence"] == "The consultancy did not pay the ministry."
    assert edges["sue"]["confidence"] == pytest.approx(0.5)


def test_html_label_cannot_close_the_script_element(G):
    page = render_html(G, title="</title><b>x</b>")
    assert page.count("</script>") == 2  # the data block and the viewer, nothing injected
    assert "<!--" not in page
    assert "<title>&lt;/title&gt;&lt;b&gt;x&lt;/b&gt;</title>" in page
    assert any(n["label"] == EVIL for n in _data(page)["nodes"])  # and it round-trips


def test_html_legend_lists_types_and_edge_styles(G):
    page = render_html(G)
    legend = re.search(r'<div id="kg-legend".*?</div>', page, re.S).group(0)
    for name in [
        "Government body",
        "Organization",
        "Person",
        "Place",
        "Creative work",
        "Concept",
        "asserted",
        "negated or hedged",
    ]:
        assert name in legend
    assert "Legislation" not in legend  # only the types present


def test_write_html_is_atomic_and_stable(G, tmp_path):
    out = write_html(G, tmp_path / "graph.html", title="Seed")
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]
    assert out.read_text(encoding="utf-8") == render_html(G, title="Seed")
    write_html(G, tmp_path / "graph.html", title="Seed")
    assert out.read_text(encoding="utf-8") == render_html(G, title="Seed")


# --- in a real browser -------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium or chromium-browser on PATH"
)


def _chromium(tmp_path, *args: str) -> subprocess.CompletedProcess:
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--virtual-time-budget=3000",
        *args,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


@needs_chromium
def test_browser_draws_one_svg_node_per_entity(big, tmp_path):
    page = write_html(big, tmp_path / "graph.html")
    dom = _chromium(tmp_path, "--dump-dom", page.resolve().as_uri()).stdout
    circles = re.findall(r'<circle\b[^>]*\bclass="kg-node[" ]', dom)
    assert len(circles) == big.number_of_nodes() == 20
    labels = re.findall(r'<text\b[^>]*\bclass="kg-label[" ]', dom)
    assert len(labels) == 20
    unasserted = sum(not d["asserted"] for _, _, d in big.edges(data=True))
    assert len(re.findall(r'<path\b[^>]*\bclass="kg-edge kg-unasserted"', dom)) == unasserted == 2
    assert len(re.findall(r'<path\b[^>]*\bclass="kg-edge[" ]', dom)) == big.number_of_edges()
    # the script positioned the nodes and zoomed the view to fit
    assert re.search(r'<circle\b[^>]*\bcx="-?[\d.]+"', dom)
    assert re.search(r'id="kg-viewport" transform="translate\(', dom)
    assert "Ring member 13" in dom


@needs_chromium
def test_browser_screenshot_shows_the_graph(big, tmp_path):
    page = write_html(big, tmp_path / "graph.html")
    shot = tmp_path / "shot.png"
    _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,800", page.resolve().as_uri())
    assert shot.exists()
    pixels = np.asarray(Image.open(shot).convert("RGB")).astype(int)
    assert pixels.shape[:2] == (800, 1200)
    non_white = (pixels.min(axis=2) < 240).mean()
    assert non_white > 0.01  # not blank
    flat = pixels.reshape(-1, 3)
    for entity_type in {EntityType(d["type"]) for _, d in big.nodes(data=True)}:
        rgb = np.array([round(c * 255) for c in to_rgb(TYPE_COLORS[entity_type])])
        painted = (np.abs(flat - rgb).max(axis=1) <= 3).sum()  # pixels in the type's colour
        assert painted > 40, entity_type
