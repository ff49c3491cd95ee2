"""Seeded node positions for the entity graph, shared by the static plot and the HTML view.

networkx's spring layout is exact but dense (an n x n x 2 array per step), and
for more than 500 nodes it wants scipy, which kg does not depend on. So a
component of up to `DENSE_LIMIT` nodes gets networkx's layout (small graphs look
exactly as before) and a larger one a Fruchterman-Reingold of our own whose
repulsion is computed in row blocks (memory grows with n, not n²) for a number
of steps that shrinks as the component grows, so a layout of thousands of
nodes takes seconds, not minutes. This module imports no matplotlib.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import networkx as nx
import numpy as np

#: Components up to this many nodes get networkx's exact spring layout.
DENSE_LIMIT = 200

#: Pair interactions (nodes² x steps) a large component may spend; sets its step count.
_PAIR_BUDGET = 4.0e7
_BLOCK = 512  # rows of the repulsion computed at once

#: ``progress(done, total)``: nodes placed so far out of all nodes.
LayoutProgress = Callable[[int, int], None]


def _blocked_fruchterman_reingold(
    n: int, edges: np.ndarray, *, seed: int, progress: Callable[[float], None] | None = None
) -> np.ndarray:
    """Positions (n x 2) for a connected graph of n nodes given as an edge index array."""
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2)).astype(np.float32)
    k = np.float32(math.sqrt(1.0 / n))  # the ideal distance, as in networkx
    steps = int(min(300, max(30, _PAIR_BUDGET / (n * n))))
    temperature = 0.1
    cooling = temperature / (steps + 1)
    for step in range(steps):
        x, y = pos[:, 0].copy(), pos[:, 1].copy()
        disp = np.zeros_like(pos)
        for start in range(0, n, _BLOCK):
            stop = min(start + _BLOCK, n)
            dx = x[start:stop, None] - x[None, :]  # (block, n)
            dy = y[start:stop, None] - y[None, :]
            w = dx * dx
            w += dy * dy
            np.maximum(w, 1e-6, out=w)
            np.divide(k * k, w, out=w)
            disp[start:stop, 0] = (dx * w).sum(axis=1)
            disp[start:stop, 1] = (dy * w).sum(axis=1)
        if len(edges):
            delta = pos[edges[:, 0]] - pos[edges[:, 1]]
            dist = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 1e-3)
            pull = delta * (dist / k)[:, None]
            np.add.at(disp, edges[:, 0], -pull)
            np.add.at(disp, edges[:, 1], pull)
        length = np.maximum(np.hypot(disp[:, 0], disp[:, 1]), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
        if progress is not None:
            progress((step + 1) / steps)
    return pos.astype(float)


def layout_positions(G: nx.Graph, *, seed: int = 7, progress: LayoutProgress | None = None) -> dict:
    """Deterministic node positions (x, y) in [-1, 1]: a seeded spring layout per component.

    Components are laid out separately and packed in rows (largest first), so
    small islands do not drift to the edges. The same `G` and `seed` always
    give the same positions. `progress`, when given, is called as components
    (and the steps of a large one) finish, with (nodes placed, all nodes).

    Examples
    --------
    >>> import networkx as nx
    >>> pos = layout_positions(nx.MultiDiGraph([("a", "b"), ("b", "c")]), seed=1)
    >>> sorted(pos), pos == layout_positions(nx.MultiDiGraph([("a", "b"), ("b", "c")]), seed=1)
    (['a', 'b', 'c'], True)
    """
    H: nx.Graph[Any] = nx.Graph()  # G's nodes, whatever they are
    H.add_nodes_from(sorted(G, key=str))
    H.add_edges_from((u, v) for u, v in G.edges() if u != v)
    total = H.number_of_nodes()
    if total == 0:
        return {}
    components = sorted(
        (sorted(c, key=str) for c in nx.connected_components(H)), key=lambda c: (-len(c), str(c[0]))
    )
    boxes = []
    placed = 0
    for comp in components:

        def step(fraction: float, size: int = len(comp), done: int = placed) -> None:
            if progress is not None:
                progress(done + int(size * fraction), total)

        boxes.append((comp, _component_layout(H, comp, seed=seed, progress=step)))
        placed += len(comp)
        if progress is not None:
            progress(placed, total)
    return _packed(boxes)


def _component_layout(H: nx.Graph, comp: list, *, seed: int, progress) -> np.ndarray:
    """Positions of one connected component (`comp`, in order), centred, spread by its size."""
    if len(comp) == 1:
        return np.zeros((1, 2))
    if (
        len(comp) == 2
    ):  # side by side; a corpus has hundreds of these, a spring layout each is seconds
        arr = np.array([[-0.5, 0.0], [0.5, 0.0]])
    elif len(comp) <= DENSE_LIMIT:
        # a fresh graph, not a subgraph view: a view may iterate a set, whose
        # order changes with the hash seed, and the layout depends on node order
        sub: nx.Graph[Any] = nx.Graph()
        sub.add_nodes_from(comp)
        sub.add_edges_from(H.edges(comp))
        local = nx.spring_layout(sub, seed=seed, iterations=300)
        arr = np.array([local[u] for u in comp], dtype=float)
    else:
        index = {u: i for i, u in enumerate(comp)}
        edges = np.array(
            sorted((index[u], index[v]) for u, v in H.edges(comp)), dtype=np.intp
        ).reshape(-1, 2)
        arr = _blocked_fruchterman_reingold(len(comp), edges, seed=seed, progress=progress)
    arr -= arr.mean(axis=0)
    span = float(np.ptp(arr, axis=0).max()) or 1.0
    arr *= math.sqrt(len(comp)) * 1.2 / span
    return arr


def _packed(boxes: list[tuple[list, np.ndarray]]) -> dict:
    """Shelf packing: components left to right, a new row when the row is full; then into [-1, 1]."""
    gap = 1.2
    sizes = [np.ptp(arr, axis=0) + gap for _, arr in boxes]
    row_width = max(max(s[0] for s in sizes), math.sqrt(sum(s[0] * s[1] for s in sizes)) * 1.4)
    pos: dict = {}
    x = y = row_height = 0.0
    for (comp, arr), (w, h) in zip(boxes, sizes, strict=True):
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y - row_height, 0.0
        lower_left = arr.min(axis=0)
        for u, p in zip(comp, arr, strict=True):
            pos[u] = p - lower_left + np.array([x + gap / 2, y - h + gap / 2])
        x += w
        row_height = max(row_height, h)
    coords = np.array(list(pos.values()))
    centre = (coords.max(axis=0) + coords.min(axis=0)) / 2
    scale = float(np.abs(coords - centre).max()) or 1.0
    return {
        u: (float(p[0] - centre[0]) / scale, float(p[1] - centre[1]) / scale)
        for u, p in pos.items()
    }
