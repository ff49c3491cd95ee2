"""An interactive view of the entity graph: one self-contained, offline HTML file.

Everything is inline (CSS, a small vanilla-JS SVG viewer, the data as JSON), so
the file opens from ``file://`` with no network. Node positions come from the
same seeded layout as the static plot (`graph.plot.layout_positions`), colours
from `graph.plot.TYPE_COLORS`. In the page: wheel to zoom, drag the background
to pan, drag a node to move it, hover a node or an edge for its details
(aliases; relation, flags and source sentence).

The viewer draws ``circle.kg-node`` (one per entity, ``data-id`` = IRI),
``text.kg-label``, ``path.kg-edge`` (``.kg-unasserted`` when negated or hedged)
and ``text.kg-edge-label`` elements.
"""

from __future__ import annotations

import html
import json
import math
import textwrap
from collections.abc import Mapping
from pathlib import Path

import networkx as nx

from graph.io import atomic_write_bytes
from graph.plot import (
    ASSERTED_COLOR,
    ASSERTED_LEGEND,
    NODE_LABEL_WIDTH,
    TYPE_COLORS,
    TYPE_NAMES,
    UNASSERTED_COLOR,
    UNASSERTED_LEGEND,
    edge_text,
    entity_type_of,
    layout_positions,
)

_PARALLEL_STEP = 0.25  # curvature between parallel edges, as in the static plot


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


def graph_data(G: nx.MultiDiGraph, pos: Mapping | None = None, *, seed: int = 7) -> dict:
    """The JSON the page embeds: nodes with pixel positions, edges by node index.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="Ann", type="Person")
    >>> G.add_node("b", label="Acme", type="Organization")
    >>> _ = G.add_edge("a", "b", relation="join", asserted=True)
    >>> data = graph_data(G)
    >>> [n["label"] for n in data["nodes"]], data["edges"][0]["text"]
    (['Ann', 'Acme'], 'join')
    """
    nodes = sorted(G, key=str)
    if pos is None:
        pos = layout_positions(G, seed=seed)
    index = {u: i for i, u in enumerate(nodes)}
    scale = max(240.0, 110.0 * math.sqrt(max(len(nodes), 1)))
    degree = dict.fromkeys(nodes, 0)
    for u, v in G.edges():
        degree[u] += 1
        degree[v] += 1
    dmin, dmax = (min(degree.values()), max(degree.values())) if degree else (0, 0)
    node_rows = []
    for u in nodes:
        data = G.nodes[u]
        entity_type = entity_type_of(data.get("type"))
        label = str(data.get("label", u))
        x, y = (float(c) for c in list(pos[u])[:2])
        radius = 13.0 if dmax == dmin else 8.0 + 16.0 * (degree[u] - dmin) / (dmax - dmin)
        node_rows.append(
            {
                "id": str(u),
                "label": label,
                "lines": textwrap.wrap(label, NODE_LABEL_WIDTH, break_long_words=False) or [label],
                "type": entity_type.value,
                "typeName": TYPE_NAMES[entity_type],
                "color": TYPE_COLORS[entity_type],
                "aliases": [str(a) for a in data.get("aliases", ()) or ()],
                "mentions": int(data.get("mentions", 0) or 0),
                "degree": degree[u],
                "x": round(x * scale, 2),
                "y": round(-y * scale, 2),  # SVG y grows downwards
                "r": round(radius, 2),
            }
        )
    edges = sorted(G.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))
    groups: dict[frozenset, list] = {}
    for edge in edges:
        if edge[0] != edge[1]:
            groups.setdefault(frozenset((edge[0], edge[1])), []).append(edge)
    loops: dict = {}
    edge_rows = []
    for u, v, k, d in edges:
        if u == v:
            loops[u] = loops.get(u, -1) + 1
            rad = float(loops[u])
        else:
            group = groups[frozenset((u, v))]
            i, m = group.index((u, v, k, d)), len(group)
            offset = _PARALLEL_STEP * (i - (m - 1) / 2) if m > 1 else 0.0
            rad = offset if (str(u), str(v)) == tuple(sorted((str(u), str(v)))) else -offset
        confidence = d.get("confidence")
        edge_rows.append(
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
                "sentence": d.get("sentence"),
                "statement": str(d["statement"]) if d.get("statement") is not None else str(k),
                "rad": rad,
            }
        )
    present = {row["type"] for row in node_rows}
    types = [
        {"type": t.value, "name": TYPE_NAMES[t], "color": c}
        for t, c in TYPE_COLORS.items()
        if t.value in present
    ]
    return {"nodes": node_rows, "edges": edge_rows, "types": types}


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
    legend_rows = [
        f'<li><span class="kg-swatch" style="background:{t["color"]}"></span>{html.escape(t["name"])}</li>'
        for t in data["types"]
    ]
    kinds = {e["asserted"] for e in data["edges"]}
    if True in kinds:
        legend_rows.append(f'<li><span class="kg-line"></span>{html.escape(ASSERTED_LEGEND)}</li>')
    if False in kinds:
        legend_rows.append(
            f'<li><span class="kg-line kg-dashed"></span>{html.escape(UNASSERTED_LEGEND)}</li>'
        )
    n_nodes, n_edges = len(data["nodes"]), len(data["edges"])
    summary = f"{n_nodes} entit{'y' if n_nodes == 1 else 'ies'}, {n_edges} statement{'' if n_edges == 1 else 's'}"
    return (
        _TEMPLATE.replace("%%TITLE%%", html.escape(title))
        .replace("%%SUMMARY%%", html.escape(summary))
        .replace("%%LEGEND%%", "\n      ".join(legend_rows))
        .replace("%%ASSERTED%%", ASSERTED_COLOR)
        .replace("%%UNASSERTED%%", UNASSERTED_COLOR)
        .replace("%%SCRIPT%%", _SCRIPT)
        .replace("%%DATA%%", _json_for_script(data))
    )


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
        An entity graph from `graph.entity_graph.entity_graph`.
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
    >>> "circle" in out.read_text(encoding="utf-8")
    True
    """
    target = Path(path)
    atomic_write_bytes(target, render_html(G, title=title, pos=pos, seed=seed).encode("utf-8"))
    return target


_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%%TITLE%%</title>
<style>
  html, body { margin: 0; height: 100%; overflow: hidden; background: #fff;
    font: 13px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1a1a1a; }
  #kg-svg { display: block; width: 100vw; height: 100vh; cursor: grab; touch-action: none; user-select: none; }
  #kg-svg.kg-panning { cursor: grabbing; }
  .kg-panel { position: fixed; background: rgba(255,255,255,.92); border: 1px solid #ddd;
    border-radius: 6px; padding: 8px 12px; box-shadow: 0 1px 4px rgba(0,0,0,.08); }
  #kg-header { top: 10px; left: 10px; max-width: 40vw; }
  #kg-header h1 { font-size: 16px; margin: 0 0 2px; }
  #kg-header p { margin: 0; color: #555; font-size: 12px; }
  #kg-header label { margin-right: 10px; font-size: 12px; }
  #kg-header button { font: inherit; font-size: 12px; }
  #kg-legend { top: 10px; right: 10px; }
  #kg-legend ul { list-style: none; margin: 0; padding: 0; }
  #kg-legend li { display: flex; align-items: center; gap: 8px; margin: 2px 0; font-size: 12px; }
  .kg-swatch { width: 12px; height: 12px; border-radius: 50%; display: inline-block; border: 1px solid #fff; }
  .kg-line { width: 22px; height: 0; border-top: 2px solid %%ASSERTED%%; display: inline-block; }
  .kg-line.kg-dashed { border-top: 2px dashed %%UNASSERTED%%; }
  #kg-tooltip { position: fixed; display: none; pointer-events: none; max-width: 360px; font-size: 12px; z-index: 10; }
  #kg-tooltip .kg-tip-title { font-weight: 600; }
  #kg-tooltip .kg-tip-meta { color: #555; }
  #kg-tooltip .kg-tip-sentence { font-style: italic; margin-top: 4px; }
  .kg-node { stroke: #fff; stroke-width: 1.5px; cursor: pointer; }
  .kg-label { font-size: 12px; fill: #1a1a1a; paint-order: stroke; stroke: rgba(255,255,255,.85);
    stroke-width: 3px; stroke-linejoin: round; pointer-events: none; }
  .kg-edge { fill: none; stroke: %%ASSERTED%%; stroke-width: 1.4px; }
  .kg-edge.kg-unasserted { stroke: %%UNASSERTED%%; stroke-dasharray: 5 4; }
  .kg-edge-hit { fill: none; stroke: transparent; stroke-width: 10px; cursor: help; }
  .kg-edge-label { font-size: 10px; fill: #333; paint-order: stroke; stroke: rgba(255,255,255,.9);
    stroke-width: 3px; stroke-linejoin: round; pointer-events: none; }
  .kg-edge-label.kg-unasserted { fill: #808080; font-style: italic; }
  #kg-svg.kg-hide-unasserted .kg-unasserted { display: none; }
  #kg-svg.kg-hide-edge-labels .kg-edge-label { display: none; }
  #kg-svg.kg-focus .kg-node:not(.kg-hi), #kg-svg.kg-focus .kg-label:not(.kg-hi) { opacity: .2; }
  #kg-svg.kg-focus .kg-edge:not(.kg-hi), #kg-svg.kg-focus .kg-edge-label:not(.kg-hi) { opacity: .12; }
  #kg-empty { position: fixed; top: 45%; width: 100%; text-align: center; color: #777; }
</style>
</head>
<body>
<svg id="kg-svg" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="%%TITLE%%">
  <defs>
    <marker id="kg-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto">
      <path d="M0,0 L10,5 L0,10 z" fill="%%ASSERTED%%"></path>
    </marker>
    <marker id="kg-arrow-grey" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto">
      <path d="M0,0 L10,5 L0,10 z" fill="%%UNASSERTED%%"></path>
    </marker>
  </defs>
  <g id="kg-viewport">
    <g id="kg-edges"></g><g id="kg-nodes"></g><g id="kg-edge-labels"></g><g id="kg-labels"></g>
  </g>
</svg>
<div id="kg-header" class="kg-panel">
  <h1>%%TITLE%%</h1>
  <p>%%SUMMARY%% &middot; wheel: zoom &middot; drag: pan or move a node &middot; hover: details</p>
  <p><label><input type="checkbox" id="kg-show-unasserted" checked> negated / hedged</label><label><input type="checkbox" id="kg-show-edge-labels" checked> relation labels</label><button type="button" id="kg-fit">Fit</button></p>
</div>
<div id="kg-legend" class="kg-panel">
  <ul>
      %%LEGEND%%
  </ul>
</div>
<div id="kg-tooltip" class="kg-panel"></div>
<noscript><p id="kg-empty">This view needs JavaScript.</p></noscript>
<script type="application/json" id="kg-data">%%DATA%%</script>
<script>
%%SCRIPT%%
</script>
</body>
</html>
"""

_SCRIPT = r"""(function () {
  "use strict";
  var SVG_NS = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var nodes = data.nodes, edges = data.edges;
  var svg = document.getElementById("kg-svg");
  var viewport = document.getElementById("kg-viewport");
  var tooltip = document.getElementById("kg-tooltip");
  var view = { k: 1, x: 0, y: 0 };

  function make(name, attrs, parent) {
    var el = document.createElementNS(SVG_NS, name);
    for (var key in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, key)) el.setAttribute(key, attrs[key]); }
    if (parent) parent.appendChild(el);
    return el;
  }

  if (!nodes.length) {
    var empty = document.createElement("p");
    empty.id = "kg-empty";
    empty.textContent = "No entities to show.";
    document.body.appendChild(empty);
  }

  // ---- elements ----------------------------------------------------------
  var edgeLayer = document.getElementById("kg-edges");
  var nodeLayer = document.getElementById("kg-nodes");
  var labelLayer = document.getElementById("kg-labels");
  var edgeLabelLayer = document.getElementById("kg-edge-labels");
  var incident = nodes.map(function () { return []; });

  nodes.forEach(function (n, i) {
    n.circle = make("circle", { "class": "kg-node", r: n.r, fill: n.color, "data-id": n.id, "data-type": n.type }, nodeLayer);
    n.circle.setAttribute("aria-label", n.label + " (" + n.typeName + ")");
    n.text = make("text", { "class": "kg-label", "text-anchor": "middle", "data-id": n.id }, labelLayer);
    n.spans = n.lines.map(function (line, j) {
      var span = make("tspan", { x: 0, dy: j === 0 ? 0 : "1.15em" }, n.text);
      span.textContent = line;
      return span;
    });
    n.dx = 0; n.dy = 0;  // label offset found by the declutter pass
    n.index = i;
  });

  edges.forEach(function (e, i) {
    var cls = e.asserted ? "" : " kg-unasserted";
    e.path = make("path", { "class": "kg-edge" + cls, "marker-end": e.asserted ? "url(#kg-arrow)" : "url(#kg-arrow-grey)" }, edgeLayer);
    e.hit = make("path", { "class": "kg-edge-hit" + cls, "data-edge": i }, edgeLayer);
    e.label = make("text", { "class": "kg-edge-label" + cls, "text-anchor": "middle", "dominant-baseline": "middle" }, edgeLabelLayer);
    e.label.textContent = e.text;
    e.dx = 0; e.dy = 0;
    incident[e.source].push(e);
    if (e.target !== e.source) incident[e.target].push(e);
  });

  // ---- geometry ----------------------------------------------------------
  function unit(x, y) { var l = Math.hypot(x, y) || 1; return [x / l, y / l]; }

  function edgeShape(e) {
    var a = nodes[e.source], b = nodes[e.target];
    if (a === b) {  // a small loop above the node
      var r = a.r, lift = 1 + 0.6 * e.rad;
      var p0 = [a.x - 0.5 * r, a.y - 0.85 * r], p3 = [a.x + 0.5 * r, a.y - 0.85 * r];
      var c1 = [a.x - 1.8 * r * lift, a.y - 3.2 * r * lift], c2 = [a.x + 1.8 * r * lift, a.y - 3.2 * r * lift];
      return { d: "M" + p0 + " C" + c1 + " " + c2 + " " + p3,
               lx: a.x, ly: 0.125 * p0[1] + 0.375 * c1[1] + 0.375 * c2[1] + 0.125 * p3[1] };
    }
    var dx = b.x - a.x, dy = b.y - a.y;
    var cx = (a.x + b.x) / 2 + e.rad * dy, cy = (a.y + b.y) / 2 - e.rad * dx;
    var ua = unit(cx - a.x, cy - a.y), ub = unit(cx - b.x, cy - b.y);
    var sx = a.x + ua[0] * (a.r + 1), sy = a.y + ua[1] * (a.r + 1);
    var ex = b.x + ub[0] * (b.r + 2), ey = b.y + ub[1] * (b.r + 2);
    return { d: "M" + sx + "," + sy + " Q" + cx + "," + cy + " " + ex + "," + ey,
             lx: 0.25 * a.x + 0.5 * cx + 0.25 * b.x, ly: 0.25 * a.y + 0.5 * cy + 0.25 * b.y };
  }

  function labelBelow(n) {  // the label goes where fewer edges leave
    var down = 0;
    incident[n.index].forEach(function (e) {
      var o = nodes[e.source === n.index ? e.target : e.source];
      if (o !== n) down += (o.y - n.y) / (Math.hypot(o.x - n.x, o.y - n.y) || 1);
    });
    return down <= 0.5;
  }

  function placeNode(n) {
    n.circle.setAttribute("cx", n.x);
    n.circle.setAttribute("cy", n.y);
    var below = n.below;
    var lines = n.lines.length;
    var y0 = below ? n.y + n.r + 12 : n.y - n.r - 5 - (lines - 1) * 13.8;
    var x = n.x + n.dx;
    n.text.setAttribute("x", x);
    n.text.setAttribute("y", y0 + n.dy);
    for (var i = 0; i < n.spans.length; i++) n.spans[i].setAttribute("x", x);
  }

  function placeEdge(e) {
    var s = edgeShape(e);
    e.path.setAttribute("d", s.d);
    e.hit.setAttribute("d", s.d);
    e.lx = s.lx; e.ly = s.ly;
    e.label.setAttribute("x", s.lx + e.dx);
    e.label.setAttribute("y", s.ly + e.dy);
  }

  function placeAll() {
    nodes.forEach(placeNode);
    edges.forEach(placeEdge);
  }

  // ---- label declutter: push overlapping label boxes apart -----------------
  function declutter() {
    var items = [];
    nodes.forEach(function (n) { items.push({ el: n.text, owner: n, mob: 1 }); });
    edges.forEach(function (e) { if (e.text) items.push({ el: e.label, owner: e, mob: 2 }); });
    items.forEach(function (it) {
      var b = it.el.getBBox();
      it.cx = b.x + b.width / 2; it.cy = b.y + b.height / 2;
      it.hw = b.width / 2 + 2; it.hh = b.height / 2 + 1.5;
      it.x0 = it.cx; it.y0 = it.cy;
    });
    var rounds = items.length > 400 ? 30 : 200;
    for (var round = 0; round < rounds; round++) {
      var moved = false;
      for (var i = 0; i < items.length; i++) {
        var a = items[i];
        for (var j = i + 1; j < items.length; j++) {
          var b = items[j];
          var ddx = a.cx - b.cx, ddy = a.cy - b.cy;
          var ox = a.hw + b.hw - Math.abs(ddx), oy = a.hh + b.hh - Math.abs(ddy);
          if (ox <= 0 || oy <= 0) continue;
          moved = true;
          var sa = a.mob / (a.mob + b.mob), sb = 1 - sa;
          if (ox / (a.hw + b.hw) < oy / (a.hh + b.hh)) {
            var sx = ddx === 0 ? (i < j ? -1 : 1) : Math.sign(ddx);
            a.cx += sx * (ox + 0.5) * sa; b.cx -= sx * (ox + 0.5) * sb;
          } else {
            var sy = ddy === 0 ? (i < j ? -1 : 1) : Math.sign(ddy);
            a.cy += sy * (oy + 0.5) * sa; b.cy -= sy * (oy + 0.5) * sb;
          }
        }
        for (var k = 0; k < nodes.length; k++) {  // keep labels off the nodes, their own too
          var n = nodes[k];
          var qx = a.cx - n.x, qy = a.cy - n.y;
          var px = a.hw + n.r - Math.abs(qx), py = a.hh + n.r - Math.abs(qy);
          if (px <= 0 || py <= 0) continue;
          moved = true;
          if (px < py) a.cx += (qx >= 0 ? 1 : -1) * (px + 0.5);
          else a.cy += (qy >= 0 ? 1 : -1) * (py + 0.5);
        }
      }
      if (!moved) break;
    }
    items.forEach(function (it) {
      it.owner.dx += it.cx - it.x0;
      it.owner.dy += it.cy - it.y0;
    });
    placeAll();
  }

  // ---- view: zoom, pan, fit ------------------------------------------------
  function applyView() {
    viewport.setAttribute("transform", "translate(" + view.x + "," + view.y + ") scale(" + view.k + ")");
  }

  function fit() {
    if (!nodes.length) return;
    var b = viewport.getBBox();
    var w = svg.clientWidth || window.innerWidth, h = svg.clientHeight || window.innerHeight;
    var top = 110, side = 20, right = w > 900 ? 200 : side;  // clear of the title and legend panels
    var k = Math.min((w - side - right) / (b.width || 1), (h - top - side) / (b.height || 1), 1.5);
    view.k = Math.max(k, 0.05);
    view.x = side + (w - side - right - b.width * view.k) / 2 - b.x * view.k;
    view.y = top + (h - top - side - b.height * view.k) / 2 - b.y * view.k;
    applyView();
  }

  function toWorld(clientX, clientY) {
    var r = svg.getBoundingClientRect();
    return [(clientX - r.left - view.x) / view.k, (clientY - r.top - view.y) / view.k];
  }

  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var r = svg.getBoundingClientRect();
    var px = ev.clientX - r.left, py = ev.clientY - r.top;
    var k = Math.min(Math.max(view.k * Math.exp(-ev.deltaY * 0.0015), 0.05), 20);
    view.x = px - (px - view.x) * (k / view.k);
    view.y = py - (py - view.y) * (k / view.k);
    view.k = k;
    applyView();
  }, { passive: false });

  var drag = null;
  svg.addEventListener("pointerdown", function (ev) {
    var target = ev.target;
    if (target.classList && target.classList.contains("kg-node")) {
      var n = nodes[Array.prototype.indexOf.call(nodeLayer.children, target)];
      var w = toWorld(ev.clientX, ev.clientY);
      drag = { node: n, ox: n.x - w[0], oy: n.y - w[1] };
    } else {
      drag = { pan: true, sx: ev.clientX - view.x, sy: ev.clientY - view.y };
      svg.classList.add("kg-panning");
    }
    svg.setPointerCapture(ev.pointerId);
    hideTip();
  });
  svg.addEventListener("pointermove", function (ev) {
    if (!drag) return;
    if (drag.pan) {
      view.x = ev.clientX - drag.sx;
      view.y = ev.clientY - drag.sy;
      applyView();
    } else {
      var w = toWorld(ev.clientX, ev.clientY);
      drag.node.x = w[0] + drag.ox;
      drag.node.y = w[1] + drag.oy;
      placeNode(drag.node);
      incident[drag.node.index].forEach(placeEdge);
    }
  });
  function endDrag(ev) {
    if (!drag) return;
    drag = null;
    svg.classList.remove("kg-panning");
    if (svg.hasPointerCapture(ev.pointerId)) svg.releasePointerCapture(ev.pointerId);
  }
  svg.addEventListener("pointerup", endDrag);
  svg.addEventListener("pointercancel", endDrag);

  // ---- hover: tooltip and neighbourhood highlight --------------------------
  function line(cls, text) {
    var div = document.createElement("div");
    div.className = cls;
    div.textContent = text;
    tooltip.appendChild(div);
  }
  function showTip(ev) {
    tooltip.style.display = "block";
    var x = ev.clientX + 14, y = ev.clientY + 14;
    var w = tooltip.offsetWidth, h = tooltip.offsetHeight;
    if (x + w > window.innerWidth - 4) x = ev.clientX - w - 14;
    if (y + h > window.innerHeight - 4) y = ev.clientY - h - 14;
    tooltip.style.left = Math.max(x, 4) + "px";
    tooltip.style.top = Math.max(y, 4) + "px";
  }
  function hideTip() {
    tooltip.style.display = "none";
    svg.classList.remove("kg-focus");
    Array.prototype.forEach.call(svg.querySelectorAll(".kg-hi"), function (el) { el.classList.remove("kg-hi"); });
  }
  function highlight(nodeList, edgeList) {
    svg.classList.add("kg-focus");
    nodeList.forEach(function (n) { n.circle.classList.add("kg-hi"); n.text.classList.add("kg-hi"); });
    edgeList.forEach(function (e) { e.path.classList.add("kg-hi"); e.label.classList.add("kg-hi"); });
  }

  nodes.forEach(function (n) {
    n.circle.addEventListener("pointerenter", function (ev) {
      if (drag) return;
      tooltip.textContent = "";
      line("kg-tip-title", n.label);
      line("kg-tip-meta", n.typeName + " \u00b7 " + n.degree + " statement" + (n.degree === 1 ? "" : "s") +
           (n.mentions ? " \u00b7 " + n.mentions + " mention" + (n.mentions === 1 ? "" : "s") : ""));
      if (n.aliases.length) line("kg-tip-aliases", "also: " + n.aliases.join(", "));
      line("kg-tip-meta", n.id);
      var near = [n];
      incident[n.index].forEach(function (e) { near.push(nodes[e.source], nodes[e.target]); });
      highlight(near, incident[n.index]);
      showTip(ev);
    });
    n.circle.addEventListener("pointermove", function (ev) { if (!drag) showTip(ev); });
    n.circle.addEventListener("pointerleave", hideTip);
  });

  edges.forEach(function (e) {
    e.hit.addEventListener("pointerenter", function (ev) {
      if (drag) return;
      tooltip.textContent = "";
      var a = nodes[e.source], b = nodes[e.target];
      line("kg-tip-title", a.label + " \u2192 " + (e.text || e.relation) + " \u2192 " + b.label);
      var status = e.asserted ? "asserted" : (e.negated ? "negated" : "hedged") + (e.modality ? " (" + e.modality + ")" : "");
      line("kg-tip-meta", status + (e.confidence !== null ? " \u00b7 confidence " + e.confidence.toFixed(2) : ""));
      if (e.sentence) line("kg-tip-sentence", "\u201c" + e.sentence + "\u201d");
      highlight([a, b], [e]);
      showTip(ev);
    });
    e.hit.addEventListener("pointermove", function (ev) { if (!drag) showTip(ev); });
    e.hit.addEventListener("pointerleave", hideTip);
  });

  // ---- controls --------------------------------------------------------------
  document.getElementById("kg-show-unasserted").addEventListener("change", function (ev) {
    svg.classList.toggle("kg-hide-unasserted", !ev.target.checked);
  });
  document.getElementById("kg-show-edge-labels").addEventListener("change", function (ev) {
    svg.classList.toggle("kg-hide-edge-labels", !ev.target.checked);
  });
  document.getElementById("kg-fit").addEventListener("click", fit);
  window.addEventListener("resize", fit);

  nodes.forEach(function (n) { n.below = labelBelow(n); });
  placeAll();
  declutter();
  fit();
})();
"""
