"""The interactive HTML view: self-contained, offline, and driven in a real browser."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from _devtools import CHROMIUM, Browser
from _turtle import PREFIXES
from matplotlib.colors import to_rgb
from PIL import Image
from rdflib import Graph

from extract.model import EntityType
from graph.store.oxigraph_view import read_view
from graph.views import colors, plot
from graph.views.entity_graph import entity_graph
from graph.views.interactive import VIEWER_FILES, render_html, write_html
from graph.views.plot import TYPE_COLORS

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
doc:seed a kg:Document ; rdfs:label "seed" .
doc:other a kg:Document ; rdfs:label "other-article" .
sent:seed.1 a kg:Sentence ; kg:text "The consultancy obtained classified information." ; kg:document doc:seed .
sent:seed.2 a kg:Sentence ; kg:text "The consultancy did not pay the ministry." ; kg:document doc:seed .
sent:seed.3 a kg:Sentence ; kg:text "The ministry may sue the consultancy." ; kg:document doc:seed .
sent:other.4 a kg:Sentence ; kg:text "Li Wei leads the consultancy and earns a fortune." ; kg:document doc:other .
stmt:1 a kg:Statement ; rdf:subject entity:firm ; rdf:predicate rel:obtain ; rdf:object entity:info ;
    kg:negated false ; kg:asserted true ; kg:confidence 0.7 ; kg:sentence sent:seed.1 .
stmt:2 a kg:Statement ; rdf:subject entity:firm ; rdf:predicate rel:pay ; rdf:object entity:mss ;
    kg:negated true ; kg:asserted false ; kg:confidence 0.6 ; kg:sentence sent:seed.2 .
stmt:3 a kg:Statement ; rdf:subject entity:mss ; rdf:predicate rel:sue ; rdf:object entity:firm ;
    kg:negated false ; kg:modality "may" ; kg:asserted false ; kg:confidence 0.5 ; kg:sentence sent:seed.3 .
stmt:4 a kg:Statement ; rdf:subject entity:li ; rdf:predicate rel:lead ; rdf:object entity:firm ;
    kg:negated false ; kg:asserted true ; kg:confidence 0.9 ; kg:sentence sent:other.4 ; kg:attributedTo entity:beijing .
stmt:5 a kg:Statement ; rdf:subject entity:li ; rdf:predicate rel:earn ; rdf:object "a fortune" ;
    kg:negated false ; kg:asserted true ; kg:confidence 0.8 ; kg:sentence sent:other.4 .
stmt:6 a kg:Statement ; rdf:subject entity:firm ; rdf:predicate rel:base-in ; rdf:object entity:beijing ;
    kg:negated false ; kg:asserted true ; kg:confidence 0.8 ; kg:sentence sent:seed.1 .
stmt:7 a kg:Statement ; rdf:subject entity:evil ; rdf:predicate rel:mention ; rdf:object entity:mss ;
    kg:negated false ; kg:asserted true ; kg:confidence 0.8 ; kg:sentence sent:seed.1 .
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
        f"kg:negated false ; kg:asserted true ; kg:confidence 0.5 ; kg:sentence sent:other.4 ."
        for i in range(14)
    ]
)


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return entity_graph(Graph().parse(data=TTL, format="turtle"), include_attribution=False)


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


def test_html_inlines_the_bundled_graph_library_and_viewer_files():
    folder = Path(colors.__file__).parent / "viewer"
    for name in VIEWER_FILES:
        assert (folder / name).is_file(), name
    library = (folder / "cytoscape.min.js").read_text(encoding="utf-8")
    licence = (folder / "cytoscape.LICENSE.txt").read_text(encoding="utf-8")
    assert "The Cytoscape Consortium" in licence and "Permission is hereby granted" in licence
    page = render_html(nx.MultiDiGraph())
    assert library in page  # verbatim, not re-typed into a Python string
    assert (folder / "viewer.js").read_text(encoding="utf-8") in page
    assert (folder / "viewer.css").read_text(encoding="utf-8") in page
    assert "%%" not in page.replace(library, "")  # every placeholder filled


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


def test_one_palette_for_plot_and_page():
    assert plot.TYPE_COLORS is colors.TYPE_COLORS
    assert plot.edge_text is colors.edge_text


def test_html_edges_keep_flags_sentences_speaker_and_document(G):
    data = _data(render_html(G))
    edges = {e["relation"]: e for e in data["edges"]}
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
    assert (
        data["sentences"][edges["pay"]["sentence"]] == "The consultancy did not pay the ministry."
    )
    assert edges["sue"]["confidence"] == pytest.approx(0.5)
    assert (edges["lead"]["speaker"], edges["lead"]["document"]) == ("Beijing", "other-article")
    assert (edges["pay"]["speaker"], edges["pay"]["document"]) == (None, "seed")
    # filters: every relation and document, with its count
    assert {r["name"]: r["count"] for r in data["relations"]}["lead"] == 1
    assert data["documents"] == [
        {"name": "other-article", "count": 1},
        {"name": "seed", "count": 5},
    ]


def test_oxigraph_view_gives_the_same_entity_graph_as_rdflib(tmp_path):
    path = tmp_path / "g.ttl"
    path.write_text(TTL + RING, encoding="utf-8")
    fast, slow = entity_graph(read_view(path)), entity_graph(Graph().parse(path))
    assert list(fast.nodes(data=True)) == list(slow.nodes(data=True))
    assert list(fast.edges(keys=True, data=True)) == list(slow.edges(keys=True, data=True))
    assert fast.number_of_edges() == 21  # 6 statements, 14 ring edges, 1 "reports"


def test_oxigraph_view_reads_a_literal_where_a_node_belongs_as_rdflib_does(tmp_path):
    # kg:argument "text": a literal cannot be a subject; rdflib matches nothing, Oxigraph raised TypeError
    path = tmp_path / "g.ttl"
    path.write_text(TTL + 'stmt:1 kg:argument "not a node" .\n', encoding="utf-8")
    fast, slow = entity_graph(read_view(path)), entity_graph(Graph().parse(path))
    assert list(fast.edges(keys=True, data=True)) == list(slow.edges(keys=True, data=True))
    assert fast.number_of_edges() > 0


def test_html_label_cannot_close_the_script_element(G):
    page = render_html(G, title="</title><b>x</b>")
    assert page.count("</script>") == 3  # the data block, the library and the viewer
    assert "<!--" not in page
    assert "<title>&lt;/title&gt;&lt;b&gt;x&lt;/b&gt;</title>" in page
    assert any(n["label"] == EVIL for n in _data(page)["nodes"])  # and it round-trips


def test_html_lists_the_types_present_and_the_edge_styles(G):
    page = render_html(G)
    names = [t["name"] for t in _data(page)["types"]]
    assert names == [
        "Government body",
        "Organization",
        "Person",
        "Place",
        "Creative work",
        "Concept",
    ]
    legend = re.search(r'<div id="kg-edge-legend">.*?</div>\n', page, re.S).group(0)
    assert "asserted" in legend and "negated or hedged" in legend


def test_write_html_is_atomic_and_stable(G, tmp_path):
    out = write_html(G, tmp_path / "graph.html", title="Seed")
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]
    assert out.read_text(encoding="utf-8") == render_html(G, title="Seed")
    write_html(G, tmp_path / "graph.html", title="Seed")
    assert out.read_text(encoding="utf-8") == render_html(G, title="Seed")


def test_html_path_does_not_import_matplotlib(tmp_path):
    args = ["plot", str(tmp_path / "g.ttl"), "-o", str(tmp_path / "g.html"), "-q"]
    script = (
        "import sys\n"
        "from graph.cli import main\n"
        f"assert main({args!r}) == 0\n"
        "print('matplotlib' in sys.modules)\n"
    )
    (tmp_path / "g.ttl").write_text(TTL, encoding="utf-8")
    root = Path(__file__).resolve().parents[3]
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
    assert "Li Wei" in (tmp_path / "g.html").read_text(encoding="utf-8")


# --- in a real browser (headless Chromium over the DevTools protocol) ----------------

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium or chromium-browser on PATH"
)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with Browser(tmp_path_factory.mktemp("chromium") / "profile") as b:
        yield b


@pytest.fixture
def page(browser, big, tmp_path):
    """The 20-entity view open in a fresh tab, its script run."""
    path = write_html(big, tmp_path / "graph.html", title="Ring")
    browser.events.clear()
    browser.open(path.resolve().as_uri())
    browser.wait_for("window.kgViewer && window.kgViewer.ready === true")
    return browser


def _settle(b) -> None:
    """Wait two animation frames: Cytoscape applies class changes to styles on its next frame."""
    b.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def _visible_labels(b, selector: str = "node") -> list[str]:
    _settle(b)
    return sorted(
        b.evaluate(
            f"kgViewer.cy.$({selector!r}).filter(e => e.visible()).map(e => e.data('label'))"
        )
    )


def _choose(b, select_id: str, value: str) -> None:
    """Pick an option of a <select> as a user would (its value, then a change event)."""
    b.evaluate(
        f"(() => {{ const s = document.getElementById({select_id!r}); s.value = {value!r};"
        " s.dispatchEvent(new Event('change')); })()"
    )


def _centre_of(b, css: str) -> tuple[float, float]:
    box = b.evaluate(
        f"(() => {{ const r = document.querySelector({css!r}).getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }})()"
    )
    return box[0], box[1]


@needs_chromium
def test_browser_draws_every_entity_and_statement(page, big):
    assert page.evaluate("kgViewer.cy.nodes().length") == big.number_of_nodes() == 20
    assert page.evaluate("kgViewer.cy.edges().length") == big.number_of_edges()
    assert page.evaluate("kgViewer.cy.edges('.kg-unasserted').length") == 2
    assert page.evaluate("document.querySelectorAll('#kg-types input[type=checkbox]').length") == 6
    # positions are the Python layout's, and the view was fitted around them
    node = page.evaluate("kgViewer.cy.nodes()[0].position()")
    first = page.evaluate("kgViewer.data.nodes[0]")
    assert (node["x"], node["y"]) == pytest.approx((first["x"], first["y"]))
    # nothing but the file itself was requested: the page works offline
    assert page.requested_urls() and all(u.startswith("file:") for u in page.requested_urls())


@needs_chromium
def test_browser_search_finds_a_node(page):
    page.evaluate("document.getElementById('kg-search').focus()")
    page.type_text("ring member 1")
    results = page.evaluate(
        "Array.from(document.querySelectorAll('#kg-results li')).map(li => li.textContent)"
    )
    assert results == [
        "Ring member 1",
        "Ring member 10",
        "Ring member 11",
        "Ring member 12",
        "Ring member 13",
    ]
    assert (
        sorted(page.evaluate("kgViewer.cy.nodes('.kg-match').map(n => n.data('label'))")) == results
    )
    # an alias finds its entity too, and a click on the result pins it
    page.evaluate(
        "(() => { const s = document.getElementById('kg-search'); s.value = ''; s.focus(); })()"
    )
    page.type_text("MSS")
    page.click(*_centre_of(page, "#kg-results li"))
    page.wait_for("!document.getElementById('kg-panel').hidden")
    assert (
        page.evaluate("document.querySelector('#kg-panel h2').textContent")
        == "Ministry of State Security"
    )


@needs_chromium
def test_browser_type_filter_hides_a_type(page):
    assert "Li Wei" in _visible_labels(page)
    page.click(*_centre_of(page, "#kg-types input[data-type='Person']"))
    assert (
        page.evaluate("document.querySelector(\"#kg-types input[data-type='Person']\").checked")
        is False
    )
    visible = _visible_labels(page)
    assert "Li Wei" not in visible and not [
        v for v in visible if v.startswith("Ring member") and int(v.split()[-1]) % 2
    ]
    assert "Ring member 0" in visible and "Beijing" in visible  # places stay
    # gone: Li Wei's "lead" and the "reports" edge to him, and the 7 people's "lead" edges
    assert page.evaluate("kgViewer.cy.edges().filter(e => e.visible()).length") == 21 - 2 - 7


@needs_chromium
def test_browser_relation_and_document_filters(page):
    _choose(page, "kg-relation", "sue")
    assert _visible_labels(page) == ["Ministry of State Security", "Zhongan Consultancy"]
    _choose(page, "kg-relation", "")
    _choose(page, "kg-document", "other-article")
    visible = _visible_labels(page)
    # sentence 4 of "other-article": Li Wei and the ring lead the firm, Beijing reports it
    assert visible == sorted(
        ["Li Wei", "Zhongan Consultancy", "Beijing", *(f"Ring member {i}" for i in range(14))]
    )


@needs_chromium
def test_browser_click_shows_the_sentence_speaker_and_document_in_the_panel(page):
    assert page.evaluate("document.getElementById('kg-panel').hidden") is True
    x, y = page.evaluate(
        "(() => { const n = kgViewer.cy.nodes().filter(n => n.data('label') === 'Li Wei')[0];"
        " const p = n.renderedPosition(), r = document.getElementById('kg-cy').getBoundingClientRect();"
        " return [r.x + p.x, r.y + p.y]; })()"
    )
    page.click(x, y)
    page.wait_for("!document.getElementById('kg-panel').hidden")
    panel = page.evaluate("document.getElementById('kg-panel').innerText")
    assert panel.startswith("×\nLi Wei") or "Li Wei" in panel.splitlines()[:3]
    assert "Li Wei leads the consultancy and earns a fortune." in panel
    sources = page.evaluate(
        "Array.from(document.querySelectorAll('#kg-panel .kg-source')).map(s => [s.dataset.speaker, s.dataset.document])"
    )
    assert ["Beijing", "other-article"] in sources
    # a click on the background unpins it
    page.click(1190, 790)
    page.wait_for("document.getElementById('kg-panel').hidden")


@needs_chromium
def test_browser_screenshot_shows_the_graph_in_the_palette_colours(page):
    import base64
    import io

    shot = page.send("Page.captureScreenshot", {"format": "png"})["data"]
    pixels = np.asarray(Image.open(io.BytesIO(base64.b64decode(shot))).convert("RGB")).astype(int)
    assert pixels.shape[:2] == (800, 1200)
    graph_area = pixels[:, 320:].reshape(-1, 3)  # right of the control panel
    assert (graph_area.min(axis=1) < 240).mean() > 0.005  # not blank
    for entity_type in (EntityType.PERSON, EntityType.PLACE, EntityType.ORGANIZATION):
        rgb = np.array([round(c * 255) for c in to_rgb(TYPE_COLORS[entity_type])])
        painted = (
            np.abs(graph_area - rgb).max(axis=1) <= 6
        ).sum()  # canvas pixels in the type's colour
        assert painted > 40, entity_type
