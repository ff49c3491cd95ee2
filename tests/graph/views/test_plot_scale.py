"""Plots of big graphs: an automatic --top, progress on long layouts, a layout that scales,
a ranking that self-loops cannot fill, and --focus by word."""

from __future__ import annotations

import io
import json
import re
import time
import tracemalloc

import networkx as nx
import numpy as np
import pytest
from _turtle import PREFIXES

from graph.cli import main
from graph.views import plot_limits
from graph.views.entity_graph import EntityNotFoundError, focus_subgraph, match_entities, top_nodes
from graph.views.layout import layout_positions
from graph.views.plot_limits import LayoutProgress


def _statement(name: str, s: str, relation: str, o: str) -> str:
    return (
        f"stmt:{name} a kg:Statement ; rdf:subject entity:{s} ; rdf:predicate rel:{relation} ; "
        f"rdf:object entity:{o} ; kg:negated false ; kg:asserted true ; kg:confidence 0.8 .\n"
    )


def _star_ttl(n: int) -> str:
    """A hub with n - 1 spokes (spoke i also linked to spoke i+1), and a hub of self-loops."""
    lines = [PREFIXES, 'rel:be rdfs:label "be" . rel:meet rdfs:label "meet" .\n']
    lines.append('entity:hub a kg:Entity, schema:Person ; rdfs:label "Hub" .\n')
    lines.append('entity:loopy a kg:Entity, schema:Person ; rdfs:label "Loopy" .\n')
    for i in range(1, n):
        lines.append(f'entity:s{i} a kg:Entity, schema:Place ; rdfs:label "Spoke {i}" .\n')
        lines.append(_statement(f"h{i}", "hub", "meet", f"s{i}"))
        if i + 1 < n:
            lines.append(_statement(f"c{i}", f"s{i}", "meet", f"s{i + 1}"))
    for i in range(2 * n):  # "Loopy be Loopy" over and over: the degree a loop-counting rank sees
        lines.append(_statement(f"l{i}", "loopy", "be", "loopy"))
    return "".join(lines)


def _page_nodes(path) -> list[str]:
    page = path.read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="kg-data">(.*?)</script>', page, re.S).group(1))
    return sorted(n["label"] for n in data["nodes"])


def test_top_nodes_ranks_by_degree_without_self_loops():
    G = nx.MultiDiGraph(
        [("loopy", "loopy")] * 6 + [("hub", "a"), ("hub", "b"), ("hub", "c"), ("a", "b")]
    )
    assert set(top_nodes(G, 1)) == {"hub"}  # a loop-counting degree would pick "loopy" (12)
    assert set(top_nodes(G, 3)) == {"hub", "a", "b"}


def test_plot_cuts_a_big_graph_to_the_most_connected_with_one_message(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.setattr(plot_limits, "HTML_LIMIT", 5)  # the mechanism, at a size a test can afford
    ttl = tmp_path / "star.ttl"
    ttl.write_text(_star_ttl(12), encoding="utf-8")
    out = tmp_path / "star.html"
    assert main(["plot", str(ttl), "-o", str(out)]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0] == (
        "kg: 12 entities are too many for one page; drawing the 5 most connected "
        "(--top 5; --top N to choose, --top 0 for all)"
    )
    assert len(err) == 2 and err[1].startswith("kg: 5 entities")
    # the hub and its best-linked spokes, never the entity with only "be" loops
    nodes = _page_nodes(out)
    assert len(nodes) == 5 and "Hub" in nodes and "Loopy" not in nodes


def test_plot_top_zero_draws_everything_and_an_explicit_top_says_nothing(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.setattr(plot_limits, "HTML_LIMIT", 5)
    ttl = tmp_path / "star.ttl"
    ttl.write_text(_star_ttl(12), encoding="utf-8")
    out = tmp_path / "all.html"
    assert main(["plot", str(ttl), "-o", str(out), "--top", "0"]) == 0
    assert "too many" not in capsys.readouterr().err
    nodes = _page_nodes(out)
    assert len(nodes) == 12 and "Loopy" not in nodes  # the hub, 11 spokes; "be" loops are not drawn
    assert main(["plot", str(ttl), "-o", str(out), "--top", "3"]) == 0
    assert "too many" not in capsys.readouterr().err
    assert len(_page_nodes(out)) == 3


def test_plot_rejects_a_negative_top_in_one_line(tmp_path, capsys):
    ttl = tmp_path / "star.ttl"
    ttl.write_text(_star_ttl(4), encoding="utf-8")
    assert main(["plot", str(ttl), "-o", str(tmp_path / "x.html"), "--top", "-1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--top must be 0" in err and "Traceback" not in err


def test_plot_of_a_malformed_file_is_one_clean_line(tmp_path, capsys):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix : <http://e/> .\n:a :b ", encoding="utf-8")
    assert main(["plot", str(bad), "-o", str(tmp_path / "x.html")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot parse" in err
    assert not (tmp_path / "x.html").exists()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_layout_progress_counts_up_to_every_node_on_a_terminal():
    G = nx.MultiDiGraph([(f"a{i}", f"b{i}") for i in range(200)])  # 200 small components
    stream = _Terminal()
    progress = LayoutProgress(stream=stream, min_nodes=100, interval=0.0)
    layout_positions(G, progress=progress)
    progress.close()
    lines = [line for line in stream.getvalue().split("\r\x1b[K") if line]
    assert len(lines) >= 10
    assert lines[-1].startswith("kg: layout 400/400 entities")
    assert [
        int(re.search(r"layout ([\d,]+)/", line).group(1).replace(",", "")) for line in lines
    ] == sorted(
        int(re.search(r"layout ([\d,]+)/", line).group(1).replace(",", "")) for line in lines
    )
    assert stream.getvalue().endswith("\r\x1b[K")  # the line is cleared at the end


def test_layout_progress_is_silent_off_a_terminal_and_for_small_layouts():
    quiet = io.StringIO()
    layout_positions(
        nx.MultiDiGraph([(f"a{i}", f"b{i}") for i in range(200)]),
        progress=LayoutProgress(stream=quiet, interval=0.0),
    )
    small = _Terminal()
    layout_positions(
        nx.MultiDiGraph([("a", "b")]), progress=LayoutProgress(stream=small, interval=0.0)
    )
    assert quiet.getvalue() == small.getvalue() == ""


def test_layout_of_a_large_component_is_fast_small_and_meaningful():
    G = nx.MultiDiGraph(
        nx.random_labeled_tree(1500, seed=3)
    )  # one component, beyond networkx's dense limit
    tracemalloc.start()
    start = time.perf_counter()
    pos = layout_positions(G, seed=7)
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 15
    assert (
        peak < 80e6
    )  # a dense n x n x 2 layout of 1,500 nodes needs ~36 MB per array, several at once
    coords = np.array([pos[u] for u in G])
    assert np.isfinite(coords).all() and np.abs(coords).max() == pytest.approx(1.0)
    # neighbours end up much closer than two nodes picked at random
    edge = np.mean([np.hypot(*np.subtract(pos[u], pos[v])) for u, v in G.edges()])
    rng = np.random.default_rng(0)
    pairs = rng.integers(0, len(coords), size=(2000, 2))
    random_pair = np.mean(np.hypot(*(coords[pairs[:, 0]] - coords[pairs[:, 1]]).T))
    assert edge < 0.3 * random_pair


def test_match_entities_prefers_exact_then_word_then_substring():
    G = nx.MultiDiGraph()
    G.add_node("mss", label="Ministry of State Security", aliases=["the ministry"])
    G.add_node("mod", label="Ministry of Defence", aliases=[])
    G.add_node("army", label="military", aliases=[])
    G.add_node("min", label="ministry", aliases=[])
    assert match_entities(G, "Ministry") == (["min"], "label")
    G.remove_node("min")
    assert match_entities(G, "the ministry") == (["mss"], "alias")
    assert match_entities(G, "ministry") == (["mod", "mss"], "word")
    assert match_entities(G, "state sec") == (["mss"], "substring")
    assert match_entities(G, "ministr") == (["mod", "mss"], "substring")
    assert match_entities(G, "navy") == ([], "")


def test_focus_ministry_finds_the_ministry_not_military(tmp_path, capsys):
    G = nx.MultiDiGraph()
    G.add_node("mss", label="Ministry of State Security", aliases=["the state security ministry"])
    G.add_node("army", label="military")
    G.add_node("firm", label="Zhongan")
    G.add_edge("mss", "firm", relation="warn")
    G.add_edge("army", "firm", relation="hire")
    assert set(focus_subgraph(G, "ministry", hops=1)) == {"mss", "firm"}
    with pytest.raises(EntityNotFoundError, match="did you mean 'military'"):
        focus_subgraph(G, "militray")  # fuzzy suggestions stay, for typos
    # and through the command, which says what it matched
    ttl = tmp_path / "g.ttl"
    ttl.write_text(
        PREFIXES
        + 'entity:mss a kg:Entity, schema:GovernmentOrganization ; rdfs:label "Ministry of State Security" .\n'
        + 'entity:army a kg:Entity, kg:Concept ; rdfs:label "military" .\n'
        + 'entity:firm a kg:Entity, schema:Organization ; rdfs:label "Zhongan" .\n'
        + _statement("1", "mss", "warn", "firm")
        + _statement("2", "army", "hire", "firm"),
        encoding="utf-8",
    )
    out = tmp_path / "focus.html"
    assert main(["plot", str(ttl), "-o", str(out), "--focus", "ministry"]) == 0
    assert (
        "kg: --focus 'ministry' matches 1 entity: 'Ministry of State Security'"
        in capsys.readouterr().err
    )
    assert _page_nodes(out) == ["Ministry of State Security", "Zhongan"]


def test_static_plot_with_many_edges_leaves_relation_labels_out_and_says_so(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.setattr(plot_limits, "STATIC_EDGE_LABELS", 3)
    ttl = tmp_path / "star.ttl"
    ttl.write_text(_star_ttl(5), encoding="utf-8")  # 4 hub edges + 3 between spokes
    out = tmp_path / "star.png"
    assert main(["plot", str(ttl), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "kg: 7 edges: relation labels left out of the picture (they are drawn up to 3;" in err
    assert out.read_bytes()[:4] == b"\x89PNG"
    monkeypatch.setattr(plot_limits, "STATIC_EDGE_LABELS", 300)
    assert main(["plot", str(ttl), "-o", str(out)]) == 0
    assert "labels left out" not in capsys.readouterr().err
