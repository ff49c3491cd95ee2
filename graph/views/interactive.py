"""An interactive view of the entity graph: one self-contained, offline HTML file.

The page is drawn by Cytoscape.js (a maintained graph library, bundled as
package data in ``graph/views/viewer/`` with its licence, see VENDOR.md) and kg's
own viewer script, stylesheet and page template, all inlined with the graph as
JSON, so the file opens from ``file://`` with no network. Node positions come
from the seeded layout of the static plot (`graph.views.layout.layout_positions`),
colours from `graph.views.colors`, so a picture and a page of the same graph agree;
nothing here imports matplotlib.

In the page: a search box (labels and aliases), filters by entity type,
relation and document, hover tooltips (with the speaker and document of each
statement) and a side panel, pinned by a click on a node or an edge, listing
each statement with its sentence, speaker and document.
"""

from __future__ import annotations

import html
import json
import math
from collections import Counter
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from pathlib import Path

import networkx as nx

from graph.io.atomic import atomic_write_bytes
from graph.views.colors import (
    ASSERTED_COLOR,
    ASSERTED_LEGEND,
    TYPE_COLORS,
    TYPE_NAMES,
    UNASSERTED_COLOR,
    UNASSERTED_LEGEND,
    edge_text,
    entity_type_of,
)
from graph.views.layout import layout_positions

#: The package data the page is made of (in graph/views/viewer/).
VIEWER_FILES = ("viewer.html", "viewer.css", "viewer.js", "cytoscape.min.js")


@cache
def _asset(name: str) -> str:
    """One file of graph/views/viewer/, checked to be safe inside an inline <script> or <style>."""
    text = (files("graph.views") / "viewer" / name).read_text(encoding="utf-8")
    if name != "viewer.html" and ("</script" in text.lower() or "</style" in text.lower()):
        raise ValueError(f"graph/views/viewer/{name} cannot be inlined: it contains a closing tag")
    return text


def _json_for_script(value) -> str:
    """JSON that cannot end its <script> element early: <, > and & as \\u escapes.

    This covers ``</script>`` (the ``</`` → ``<\\/`` rule) and ``<!--`` alike.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def graph_data(G: nx.MultiDiGraph, pos: Mapping | None = None, *, seed: int = 7) -> dict:
    """The JSON the page embeds: nodes with pixel positions, edges by node index.

    Sentences are listed once (``sentences``) and edges refer to them by index,
    since a sentence often carries several statements. ``relations`` and
    ``documents`` (name and edge count) feed the page's filters.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="Ann", type="Person")
    >>> G.add_node("b", label="Acme", type="Organization")
    >>> _ = G.add_edge("a", "b", relation="join", asserted=True, sentence="Ann joined Acme.", document="d1")
    >>> data = graph_data(G)
    >>> [n["label"] for n in data["nodes"]], data["edges"][0]["text"], data["sentences"]
    (['Ann', 'Acme'], 'join', ['Ann joined Acme.'])
    """
    nodes = sorted(G, key=str)
    if pos is None:
        pos = layout_positions(G, seed=seed)
    node_rows = _node_rows(G, nodes, pos)
    sentences: dict[str, int] = {}
    edge_rows = _edge_rows(G, {u: i for i, u in enumerate(nodes)}, sentences)
    present = {row["type"] for row in node_rows}
    types = [
        {"type": t.value, "name": TYPE_NAMES[t], "color": c}
        for t, c in TYPE_COLORS.items()
        if t.value in present
    ]
    relations = Counter(row["relation"] for row in edge_rows if row["relation"])
    documents = Counter(row["document"] for row in edge_rows if row["document"])
    summary = f"{_plural(len(node_rows), 'entity', 'entities')}, {_plural(len(edge_rows), 'statement', 'statements')}"
    return {
        "nodes": node_rows,
        "edges": edge_rows,
        "sentences": list(sentences),
        "types": types,
        "relations": [
            {"name": r, "count": c}
            for r, c in sorted(relations.items(), key=lambda rc: (-rc[1], rc[0]))
        ],
        "documents": [{"name": d, "count": c} for d, c in sorted(documents.items())],
        "styles": {"asserted": ASSERTED_COLOR, "unasserted": UNASSERTED_COLOR},
        "summary": summary,
    }


def _node_rows(G: nx.MultiDiGraph, nodes: list, pos: Mapping) -> list[dict]:
    """One row per node: names, type and colour, degree, pixel position and marker size."""
    scale = max(200.0, 75.0 * math.sqrt(max(len(nodes), 1)))
    degree = dict.fromkeys(nodes, 0)
    for u, v in G.edges():
        if u != v:  # a loop links the entity to nothing else (as in top_nodes)
            degree[u] += 1
            degree[v] += 1
    dmin, dmax = (min(degree.values()), max(degree.values())) if degree else (0, 0)
    rows = []
    for u in nodes:
        data = G.nodes[u]
        entity_type = entity_type_of(data.get("type"))
        x, y = (float(c) for c in list(pos[u])[:2])
        size = 26.0 if dmax == dmin else 16.0 + 32.0 * (degree[u] - dmin) / (dmax - dmin)
        rows.append(
            {
                "id": str(u),
                "label": str(data.get("label", u)),
                "type": entity_type.value,
                "typeName": TYPE_NAMES[entity_type],
                "color": TYPE_COLORS[entity_type],
                "aliases": [str(a) for a in data.get("aliases", ()) or ()],
                "mentions": int(data.get("mentions", 0) or 0),
                "degree": degree[u],
                "x": round(x * scale, 2),
                "y": round(-y * scale, 2),  # screen y grows downwards
                "size": round(size, 1),
            }
        )
    return rows


def _edge_rows(G: nx.MultiDiGraph, index: Mapping, sentences: dict[str, int]) -> list[dict]:
    """One row per edge, its nodes by index; each sentence is added to `sentences` once."""
    rows = []
    edges = sorted(G.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))
    for u, v, k, d in edges:
        confidence = d.get("confidence")
        sentence = d.get("sentence")
        rows.append(
            {
                "source": index[u],
                "target": index[v],
                "relation": str(d.get("relation") or ""),
                "text": edge_text(d),
                "asserted": bool(d.get("asserted", True)),
                "negated": bool(d.get("negated", False)),
                "modality": d.get("modality"),
                # NaN or infinity would make the page's JSON invalid: no confidence instead
                "confidence": _finite(confidence),
                "sentence": sentences.setdefault(str(sentence), len(sentences))
                if sentence is not None
                else None,
                "speaker": d.get("speaker"),
                "document": d.get("document"),
                "statement": str(d["statement"]) if d.get("statement") is not None else str(k),
            }
        )
    return rows


def render_html(
    G: nx.MultiDiGraph, *, title: str = "Knowledge graph", pos: Mapping | None = None, seed: int = 7
) -> str:
    """The page `write_html` writes, as a string.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="Ann", type="Person")
    >>> page = render_html(G, title="People")
    >>> "<title>People</title>" in page and "Ann" in page
    True
    """
    data = graph_data(G, pos, seed=seed)
    kinds = {e["asserted"] for e in data["edges"]}
    legend = []
    if True in kinds:
        legend.append(
            f'<div><span class="kg-line" style="border-top:2px solid {ASSERTED_COLOR}"></span>{html.escape(ASSERTED_LEGEND)}</div>'
        )
    if False in kinds:
        legend.append(
            f'<div><span class="kg-line" style="border-top:2px dashed {UNASSERTED_COLOR}"></span>{html.escape(UNASSERTED_LEGEND)}</div>'
        )
    # one pass over the template: a placeholder inside inserted text is never expanded
    parts = {
        "TITLE": html.escape(title),
        "SUMMARY": html.escape(data["summary"]),
        "EDGE_LEGEND": "".join(legend),
        "CSS": _asset("viewer.css"),
        "LIBRARY": _asset("cytoscape.min.js"),
        "SCRIPT": _asset("viewer.js"),
        "DATA": _json_for_script(data),
    }
    template = _asset("viewer.html")
    out, rest = [], template
    while "%%" in rest:
        before, _, after = rest.partition("%%")
        name, sep, tail = after.partition("%%")
        if not sep or name not in parts:
            out.append(before + "%%")
            rest = after
            continue
        out.append(before + parts[name])
        rest = tail
    out.append(rest)
    return "".join(out)


def _finite(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def write_html(
    G: nx.MultiDiGraph,
    path: str | Path,
    *,
    title: str = "Knowledge graph",
    pos: Mapping | None = None,
    seed: int = 7,
) -> Path:
    """Write an interactive, self-contained HTML view of an entity graph, atomically.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An entity graph from `graph.views.entity_graph.entity_graph`.
    path : str or Path
        The .html file to write (a temporary file in the same folder, then a rename).
    title : str, default "Knowledge graph"
        Page title and heading.
    pos : dict, optional
        Node -> (x, y); None uses the seeded layout of the static plot.
    seed : int, default 7
        Layout seed, used only when `pos` is None.

    Returns
    -------
    Path
        The file written. It loads nothing from the network.

    Examples
    --------
    >>> import networkx as nx, tempfile, os
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="Ann", type="Person")
    >>> out = write_html(G, os.path.join(tempfile.mkdtemp(), "g.html"), title="People")
    >>> "cytoscape" in out.read_text(encoding="utf-8")
    True
    """
    target = Path(path)
    atomic_write_bytes(target, render_html(G, title=title, pos=pos, seed=seed).encode("utf-8"))
    return target
