"""Static drawings of the entity graph with matplotlib (PNG, SVG, PDF).

`draw_entity_graph` draws onto an Axes and returns the artists it made;
`save_plot` draws onto its own `Figure` (no pyplot, Agg canvas) and writes the
file atomically. Colours are fixed per entity type (`TYPE_COLORS` from `graph.views.colors`, shared
with `graph.views.interactive`), node area grows with degree, negated and hedged
statements are dashed grey, and labels are nudged apart until none overlap.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Mapping
from pathlib import Path

import matplotlib
import networkx as nx
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from matplotlib.path import Path as MplPath

from graph.io.atomic import GraphFileError, atomic_write_bytes

# the palette, legend names and edge wording are shared with the HTML view
from graph.views.colors import (  # noqa: F401  (re-exported: graph.views.plot names)
    ASSERTED_COLOR,
    ASSERTED_LEGEND,
    MODAL_VERBS,
    NODE_LABEL_WIDTH,
    TYPE_COLORS,
    TYPE_NAMES,
    UNASSERTED_COLOR,
    UNASSERTED_LEGEND,
    edge_text,
    entity_type_of,
)
from graph.views.layout import layout_positions  # noqa: F401  (re-exported)

EDGE_LABEL_WIDTH = 22
_PARALLEL_STEP = 0.25  # arc3 curvature between parallel edges
_LABEL_PAD_PX = 1.5  # clearance kept around every label


def figure_size(n_nodes: int) -> tuple[float, float]:
    """Figure size in inches for a graph of `n_nodes`: 8 x 5.6 up to 24 x 16.8."""
    width = min(24.0, max(8.0, 5.0 + 0.45 * n_nodes))
    return (width, round(width * 0.7, 2))


def _axes_rect(legend: bool) -> tuple[float, float, float, float]:
    return (0.01, 0.01, 0.80, 0.98) if legend else (0.01, 0.01, 0.98, 0.98)


def _node_sizes(degree: Mapping, node_size_range: tuple[float, float]) -> dict:
    low, high = (float(v) for v in node_size_range)
    if not degree:
        return {}
    dmin, dmax = min(degree.values()), max(degree.values())
    if dmax == dmin:
        return dict.fromkeys(degree, (low + high) / 2)
    return {u: low + (high - low) * (d - dmin) / (dmax - dmin) for u, d in degree.items()}


def _label_above(u, centre, edges: list, xy: Mapping, to_display) -> bool:
    """Whether u's label goes above it: when most of its edges leave downwards."""
    dy = 0.0
    for a, b, _, _ in edges:
        if u in (a, b) and a != b:
            other = to_display.transform(xy[b if a == u else a])
            vector = other - centre
            dy += vector[1] / (np.hypot(*vector) or 1.0)
    return dy < -0.5


def _set_limits(ax, xy: Mapping) -> None:
    if not xy:
        ax.set_xlim(-1, 1)
        ax.set_ylim(-1, 1)
        return
    coords = np.array(list(xy.values()))
    (x0, y0), (x1, y1) = coords.min(axis=0), coords.max(axis=0)
    wx, wy = max(x1 - x0, 0.0), max(y1 - y0, 0.0)
    wx = wx if wx > 0 else 1.0
    wy = wy if wy > 0 else 1.0
    # room for the largest node and the labels hanging below the bottom row
    ax.set_xlim(x0 - 0.10 * wx, x1 + 0.10 * wx)
    ax.set_ylim(y0 - 0.14 * wy, y1 + 0.12 * wy)
    ax.autoscale(False)


#: Above this many labels every pair is too many (4,000 labels: 16 million pairs per step):
#: labels are compared with their neighbours along x only (`_declutter_sweep`).
_DENSE_LABELS = 600
_SWEEP_NEIGHBOURS = 64


def _declutter_sweep(centre, half, mob, lo, hi, *, max_iter: int) -> None:
    """`_declutter` for many labels, in place: each label is pushed apart from the next
    `_SWEEP_NEIGHBOURS` labels in x order (overlapping labels are near in x), node discs ignored."""
    n = len(centre)
    for _ in range(max_iter):
        order = np.argsort(centre[:, 0], kind="stable")
        push = np.zeros_like(centre)
        moved = False
        for k in range(1, min(_SWEEP_NEIGHBOURS, n - 1) + 1):
            a, b = order[:-k], order[k:]
            d = centre[a] - centre[b]
            overlap = half[a] + half[b] - np.abs(d)
            hit = (overlap[:, 0] > 0) & (overlap[:, 1] > 0)
            if not hit.any():
                continue
            moved = True
            a, b, d, overlap = a[hit], b[hit], d[hit], overlap[hit]
            axis = (overlap[:, 0] >= overlap[:, 1]).astype(int)  # along the smaller overlap
            rows = np.arange(len(a))
            sign = np.sign(d[rows, axis])
            sign[sign == 0] = 1.0
            amount = (overlap[rows, axis] + 0.5) * sign
            share_a = mob[a] / (mob[a] + mob[b])
            np.add.at(push, (a, axis), amount * share_a)
            np.add.at(push, (b, axis), -amount * (1 - share_a))
        if not moved:
            break
        np.clip(centre + push, lo, hi, out=centre)


def _declutter(
    ax, texts: list, mobility: list, obstacles: np.ndarray, *, max_iter: int = 400
) -> None:
    """Move texts apart (in display space) until no two overlap each other or a node.

    `mobility[i]` is how readily text i gives way (its share of each push) and
    `obstacles` holds rows of (x, y, half size) for the node discs; a label
    starts just clear of its own node, which stays an obstacle too.
    """
    if not texts:
        return
    to_display = ax.transData
    to_data = ax.transData.inverted()
    boxes = [t.get_window_extent() for t in texts]
    centre = np.array([[(b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2] for b in boxes])
    offset = centre - to_display.transform(np.array([t.get_position() for t in texts]))
    half = np.array([[b.width / 2 + _LABEL_PAD_PX, b.height / 2 + _LABEL_PAD_PX] for b in boxes])
    mob = np.asarray(mobility, dtype=float)
    share = mob[:, None] / (mob[:, None] + mob[None, :])
    n = len(texts)
    tie = np.sign(np.arange(n)[:, None] - np.arange(n)[None, :]).astype(float)
    frame = ax.get_window_extent()
    lo = np.array([frame.x0, frame.y0]) + half
    hi = np.maximum(np.array([frame.x1, frame.y1]) - half, lo)
    if n > _DENSE_LABELS:
        _declutter_sweep(centre, half, mob, lo, hi, max_iter=min(max_iter, 100))
        for text, c, off in zip(texts, centre, offset, strict=True):
            text.set_position(to_data.transform(c - off))
        return
    for _ in range(max_iter):
        moved = False
        d = centre[:, None, :] - centre[None, :, :]
        overlap = half[:, None, :] + half[None, :, :] - np.abs(d)
        hit = (overlap[..., 0] > 0) & (overlap[..., 1] > 0)
        np.fill_diagonal(hit, False)
        push = np.zeros_like(centre)
        if hit.any():
            moved = True
            along_x = overlap[..., 0] / max(half[:, 0].mean(), 1) < overlap[..., 1] / max(
                half[:, 1].mean(), 1
            )
            for axis, use in ((0, along_x), (1, ~along_x)):
                sign = np.sign(d[..., axis])
                sign = np.where(sign == 0, tie if axis == 1 else -tie, sign)
                amount = np.where(hit & use, (overlap[..., axis] + 0.5) * share * sign, 0.0)
                push[:, axis] += amount.sum(axis=1)
        if len(obstacles):
            d2 = centre[:, None, :] - obstacles[None, :, :2]
            overlap2 = half[:, None, :] + obstacles[None, :, 2:3] - np.abs(d2)
            hit2 = (overlap2[..., 0] > 0) & (overlap2[..., 1] > 0)
            if hit2.any():
                moved = True
                along_x = overlap2[..., 0] < overlap2[..., 1]
                for axis, use in ((0, along_x), (1, ~along_x)):
                    sign = np.sign(d2[..., axis])
                    sign = np.where(sign == 0, -1.0, sign)
                    push[:, axis] += np.where(
                        hit2 & use, (overlap2[..., axis] + 0.5) * sign, 0.0
                    ).sum(axis=1)
        if not moved:
            break
        centre = np.clip(centre + push, lo, hi)
    for text, c, off in zip(texts, centre, offset, strict=True):
        text.set_position(to_data.transform(c - off))


def draw_entity_graph(
    G: nx.MultiDiGraph,
    pos: Mapping | None = None,
    *,
    ax=None,
    show_unasserted: bool = True,
    node_size_range: tuple[float, float] = (300, 2400),
    font_size: float = 8,
    seed: int = 7,
    edge_labels: bool = True,
    legend: bool = True,
) -> dict:
    """Draw an entity graph: typed, coloured nodes, labelled relation arrows.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An entity graph from `graph.views.entity_graph.entity_graph` (nodes with
        ``label`` and ``type``; edges with ``relation``, ``asserted``,
        ``negated``, ``modality``).
    pos : dict, optional
        Node -> (x, y). None computes a seeded spring layout
        (`layout_positions`), the same for the same graph and `seed`.
    ax : matplotlib.axes.Axes, optional
        None makes a new pyplot figure whose size grows with the node count.
    show_unasserted : bool, default True
        Draw negated and hedged statements (dashed, grey); False leaves them out.
    node_size_range : (float, float), default (300, 2400)
        Marker area (points²) of the least and the most connected node.
    font_size : float, default 8
        Node label size; edge labels are one point smaller.
    seed : int, default 7
        Layout seed, used only when `pos` is None.
    edge_labels : bool, default True
        Write the relation on each edge ("not" or the modality in front).
    legend : bool, default True
        A legend of the entity types (and edge styles) drawn.

    Returns
    -------
    dict
        ``nodes``: entity type value -> PathCollection (one scatter per type);
        ``node_order``: type value -> nodes in that collection's offset order;
        ``node_labels``: node -> Text; ``edges``: (u, v, key) -> FancyArrowPatch;
        ``edge_labels``: (u, v, key) -> Text; ``leaders``: Line2D from a node to
        a label that had to move away; ``legend``: Legend or None; ``pos`` and
        ``ax``.

    Examples
    --------
    >>> import networkx as nx
    >>> from matplotlib.figure import Figure
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="Ann", type="Person")
    >>> G.add_node("b", label="Acme", type="Organization")
    >>> _ = G.add_edge("a", "b", relation="join", asserted=True)
    >>> ax = Figure(figsize=(6, 4)).add_subplot()
    >>> drawn = draw_entity_graph(G, ax=ax)
    >>> sorted(t.get_text() for t in drawn["node_labels"].values())
    ['Acme', 'Ann']
    >>> [t.get_text() for t in drawn["edge_labels"].values()]
    ['join']
    """
    nodes = sorted(G, key=str)
    edges = _edges_to_draw(G, show_unasserted)
    pos = _positions(G, nodes, pos, seed)
    ax = _axes(ax, len(nodes), legend)
    xy = {u: np.asarray(pos[u], dtype=float)[:2] for u in nodes}
    _set_limits(ax, xy)
    sizes = _node_sizes(_degrees(nodes, edges), node_size_range)
    radius_pt = {u: math.sqrt(sizes[u]) / 2 for u in nodes}
    types = {u: entity_type_of(G.nodes[u].get("type")) for u in nodes}

    collections, order = _draw_nodes(ax, nodes, xy, sizes, types)
    arrows, label_specs = _draw_edges(ax, edges, xy, radius_pt, ax.figure.dpi / 72.0)
    node_labels, edge_texts, leaders = _draw_labels(
        ax, G, nodes, edges, xy, radius_pt, label_specs, font_size, edge_labels=edge_labels
    )
    drawn_legend = None
    if legend and (collections or arrows):
        drawn_legend = _draw_legend(ax, collections, edges, font_size)
    return {
        "nodes": collections,
        "node_order": order,
        "node_labels": node_labels,
        "edges": arrows,
        "edge_labels": edge_texts,
        "leaders": leaders,
        "legend": drawn_legend,
        "pos": xy,
        "ax": ax,
    }


def _edges_to_draw(G: nx.MultiDiGraph, show_unasserted: bool) -> list:
    """(u, v, key, data) of the edges drawn, in a stable order."""
    edges = [
        (u, v, k, d)
        for u, v, k, d in G.edges(keys=True, data=True)
        if show_unasserted or d.get("asserted", True)
    ]
    edges.sort(key=lambda e: (str(e[0]), str(e[1]), str(e[2])))
    return edges


def _positions(G: nx.MultiDiGraph, nodes: list, pos: Mapping | None, seed: int) -> Mapping:
    """The positions given (every node must have one), else the seeded layout."""
    if pos is None:
        return layout_positions(G, seed=seed)
    missing = [u for u in nodes if u not in pos]
    if missing:
        raise ValueError(f"pos has no position for {len(missing)} node(s), e.g. {missing[0]!r}")
    return pos


def _axes(ax, n_nodes: int, legend: bool):
    """The Axes to draw on, axis lines off: the one given, else one on a new pyplot figure."""
    if ax is None:
        import matplotlib.pyplot as plt  # only here: a figure the caller can show

        fig = plt.figure(figsize=figure_size(n_nodes))
        ax = fig.add_axes(_axes_rect(legend))
    ax.set_axis_off()
    return ax


def _degrees(nodes: list, edges: list) -> dict:
    degree = dict.fromkeys(nodes, 0)
    for u, v, _, _ in edges:
        degree[u] += 1
        degree[v] += 1
    return degree


def _draw_labels(
    ax,
    G: nx.MultiDiGraph,
    nodes: list,
    edges: list,
    xy: dict,
    radius_pt: dict,
    label_specs: list,
    font_size: float,
    *,
    edge_labels: bool,
) -> tuple[dict, dict, list]:
    """Node names by the nodes, relations on the edges, nudged apart until none overlap.

    Returns the node labels, the edge labels and the leader lines drawn from a node to a
    name that had to move away.
    """
    px_per_pt = ax.figure.dpi / 72.0
    node_labels = _draw_node_labels(ax, G, nodes, edges, xy, radius_pt, px_per_pt, font_size)
    edge_texts = _draw_edge_labels(ax, label_specs, font_size) if edge_labels else {}
    texts = [*node_labels.values(), *edge_texts.values()]
    # relation labels give way to entity names
    mobility = [1.0] * len(node_labels) + [2.0] * len(edge_texts)
    obstacles = np.array(
        [[*ax.transData.transform(xy[u]), radius_pt[u] * px_per_pt] for u in nodes]
    ).reshape(-1, 3)
    homes = {u: tuple(text.get_position()) for u, text in node_labels.items()}
    _declutter(ax, texts, mobility, obstacles)
    leaders = _draw_leaders(ax, node_labels, homes, xy)
    return node_labels, edge_texts, leaders


def _draw_nodes(
    ax, nodes: list, xy: dict, sizes: dict, types: dict
) -> tuple[dict[str, object], dict[str, list]]:
    """One scatter per entity type, so each type is one legend entry and one colour."""
    collections: dict[str, object] = {}
    order: dict[str, list] = {}
    for entity_type, color in TYPE_COLORS.items():
        members = [u for u in nodes if types[u] is entity_type]
        if not members:
            continue
        coords = np.array([xy[u] for u in members])
        collections[entity_type.value] = ax.scatter(
            coords[:, 0],
            coords[:, 1],
            s=[sizes[u] for u in members],
            c=[color] * len(members),
            edgecolors="white",
            linewidths=1.2,
            zorder=3,
            label=TYPE_NAMES[entity_type],
        )
        order[entity_type.value] = members
    return collections, order


def _draw_edges(ax, edges: list, xy: dict, radius_pt: dict, px_per_pt: float) -> tuple[dict, list]:
    """Arrows: parallel and opposite edges curve apart; self-loops are small loops.

    Returns the arrows by (u, v, key) and, for each, where its label goes (display
    coordinates), whether it is asserted, and its data.
    """
    groups: dict[frozenset, list] = {}
    for edge in edges:
        groups.setdefault(frozenset((edge[0], edge[1])), []).append(edge)
    arrows: dict = {}
    label_specs: list = []  # (edge key, display point, asserted, data)
    for group in groups.values():
        m = len(group)
        for i, (u, v, k, d) in enumerate(group):
            asserted = bool(d.get("asserted", True))
            style = {
                "arrowstyle": "-|>",
                "mutation_scale": 11,
                "color": ASSERTED_COLOR if asserted else UNASSERTED_COLOR,
                "linestyle": "-" if asserted else "--",
                "linewidth": 1.3 if asserted else 1.1,
                "zorder": 2,
            }
            if u == v:
                arrow, label_at = _self_loop(ax, xy[u], radius_pt[u] * px_per_pt, i, style)
            else:
                arrow, label_at = _arc(ax, u, v, xy, radius_pt, i, m, style)
            ax.add_patch(arrow)
            arrows[(u, v, k)] = arrow
            label_specs.append(((u, v, k), label_at, asserted, d))
    return arrows, label_specs


def _self_loop(ax, at, r: float, i: int, style: dict):
    """The `i`-th loop of a node at `at` (data) of radius `r` (pixels), and its label point (display)."""
    to_display, to_data = ax.transData, ax.transData.inverted()
    c = to_display.transform(at)
    lift = 1.0 + 0.6 * i
    pts = c + np.array(
        [
            [-0.5 * r, 0.85 * r],
            [-1.8 * r * lift, 3.2 * r * lift],
            [1.8 * r * lift, 3.2 * r * lift],
            [0.5 * r, 0.85 * r],
        ]
    )
    path = MplPath(
        to_data.transform(pts),
        [MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4],
    )
    arrow = FancyArrowPatch(path=path, shrinkA=0, shrinkB=0, **style)
    return arrow, 0.125 * pts[0] + 0.375 * pts[1] + 0.375 * pts[2] + 0.125 * pts[3]


def _arc(ax, u, v, xy: dict, radius_pt: dict, i: int, m: int, style: dict):
    """The `i`-th of `m` arrows between u and v (curved apart), and its label point (display)."""
    to_display = ax.transData
    a, b = sorted((u, v), key=str)
    offset = _PARALLEL_STEP * (i - (m - 1) / 2) if m > 1 else 0.0
    rad = offset if (u, v) == (a, b) else -offset
    arrow = FancyArrowPatch(
        xy[u],
        xy[v],
        connectionstyle=f"arc3,rad={rad:.3f}",
        shrinkA=radius_pt[u] + 1,
        shrinkB=radius_pt[v] + 1,
        **style,
    )
    c = to_display.transform(xy[u])
    end = to_display.transform(xy[v])
    delta = end - c
    return arrow, (c + end) / 2 + 0.5 * rad * np.array([delta[1], -delta[0]])


def _draw_node_labels(
    ax, G, nodes: list, edges: list, xy: dict, radius_pt: dict, px_per_pt: float, font_size: float
) -> dict:
    """Each node's name just above or below it, on the side its edges leave free."""
    to_display, to_data = ax.transData, ax.transData.inverted()
    node_labels: dict = {}
    for u in nodes:
        c = to_display.transform(xy[u])
        r = radius_pt[u] * px_per_pt
        above = _label_above(u, c, edges, xy, to_display)
        at = to_data.transform(c + np.array([0.0, r + 2.0]) * (1 if above else -1))
        text = textwrap.fill(
            str(G.nodes[u].get("label", u)), NODE_LABEL_WIDTH, break_long_words=False
        )
        node_labels[u] = ax.text(
            at[0],
            at[1],
            text,
            fontsize=font_size,
            ha="center",
            va="bottom" if above else "top",
            zorder=5,
            color="#1a1a1a",
            bbox={
                "boxstyle": "round,pad=0.15",
                "facecolor": "white",
                "edgecolor": "none",
                "alpha": 0.75,
            },
        )
    return node_labels


def _draw_edge_labels(ax, label_specs: list, font_size: float) -> dict:
    """The relation on each edge ("not" or the modality in front), grey and italic when unasserted."""
    to_data = ax.transData.inverted()
    edge_texts: dict = {}
    for key, at_display, asserted, d in label_specs:
        label = edge_text(d)
        if not label:
            continue
        at = to_data.transform(at_display)
        edge_texts[key] = ax.text(
            at[0],
            at[1],
            textwrap.fill(label, EDGE_LABEL_WIDTH, break_long_words=False),
            fontsize=max(font_size - 1, 4),
            ha="center",
            va="center",
            zorder=4,
            color="#333333" if asserted else "#808080",
            style="normal" if asserted else "italic",
            bbox={
                "boxstyle": "round,pad=0.12",
                "facecolor": "white",
                "edgecolor": "none",
                "alpha": 0.8,
            },
        )
    return edge_texts


def _draw_leaders(ax, node_labels: dict, homes: dict, xy: dict) -> list:
    """A thin leader line from a node to its label when the label had to move away."""
    to_display = ax.transData
    leaders = []
    for u, text in node_labels.items():
        home = to_display.transform(homes[u])
        now = to_display.transform(text.get_position())
        if np.hypot(*(now - home)) > 6.0:
            (line,) = ax.plot(
                [xy[u][0], text.get_position()[0]],
                [xy[u][1], text.get_position()[1]],
                color="#b0b0b0",
                linewidth=0.6,
                zorder=2.5,
            )
            leaders.append(line)
    return leaders


def _draw_legend(ax, collections: dict, edges: list, font_size: float):
    """The entity types drawn, and the edge styles (asserted, unasserted) that occur."""
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=9,
            markerfacecolor=TYPE_COLORS[t],
            markeredgecolor="white",
            label=TYPE_NAMES[t],
        )
        for t in TYPE_COLORS
        if t.value in collections
    ]
    styles = {bool(d.get("asserted", True)) for _, _, _, d in edges}
    if True in styles:
        handles.append(
            Line2D(
                [], [], color=ASSERTED_COLOR, linestyle="-", linewidth=1.3, label=ASSERTED_LEGEND
            )
        )
    if False in styles:
        handles.append(
            Line2D(
                [],
                [],
                color=UNASSERTED_COLOR,
                linestyle="--",
                linewidth=1.1,
                label=UNASSERTED_LEGEND,
            )
        )
    return ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        borderaxespad=0.0,
        frameon=False,
        fontsize=font_size + 1,
        title="Entities and statements",
        title_fontsize=font_size + 1,
        alignment="left",
    )


_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}


def save_plot(
    G: nx.MultiDiGraph,
    path: str | Path,
    *,
    dpi: float = 150,
    figsize: tuple[float, float] | None = None,
    **kw,
) -> Path:
    """Draw `G` and write it to a .png, .svg or .pdf file, atomically.

    The figure is a bare `matplotlib.figure.Figure` on an Agg canvas: no pyplot,
    no GUI, whatever backend is active. The file appears complete or not at all
    (temporary file in the same folder, then `os.replace`).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An entity graph.
    path : str or Path
        Output file; the extension picks the format.
    dpi : float, default 150
        Resolution of a PNG.
    figsize : (float, float), optional
        Inches; None grows with the node count (`figure_size`).
    **kw
        Passed to `draw_entity_graph` (``show_unasserted``, ``seed``, ...).

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import networkx as nx, tempfile, os
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="Ann", type="Person")
    >>> out = save_plot(G, os.path.join(tempfile.mkdtemp(), "g.png"))
    >>> out.read_bytes()[:4]
    b'\\x89PNG'
    """
    target = Path(path)
    fmt = _FORMATS.get(target.suffix.lower())
    if fmt is None:
        raise GraphFileError(f"cannot plot to {target}: use a .png, .svg or .pdf file")
    if "ax" in kw:
        raise TypeError(
            "save_plot makes its own figure; use draw_entity_graph(G, ax=...) to draw on yours"
        )
    fig = Figure(figsize=figsize or figure_size(G.number_of_nodes()))
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    ax = fig.add_axes(_axes_rect(kw.get("legend", True)))
    draw_entity_graph(G, ax=ax, **kw)
    metadata = {"svg": {"Date": None}, "pdf": {"CreationDate": None}, "png": {}}[fmt]
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "kg-builder", "svg.fonttype": "path"}):
        fig.savefig(
            buffer,
            format=fmt,
            dpi=dpi,
            facecolor="white",
            bbox_inches="tight",
            pad_inches=0.15,
            metadata=metadata,
        )
    atomic_write_bytes(target, buffer.getvalue())
    return target
