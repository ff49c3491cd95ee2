"""`kg plot`: the entity graph drawn as PNG, SVG or PDF (matplotlib), or as an interactive HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import networkx as nx

from extract.errors import OptionError
from graph.commands.graphs import entity_source
from graph.commands.output import check_writable, say, warn

SUFFIXES = {".png", ".svg", ".html", ".htm", ".pdf"}
HTML_SUFFIXES = {".html", ".htm"}


def plot(
    output: str,
    *,
    graph: str | None = None,
    store: str | Path | None = None,
    focus: str | None = None,
    hops: int = 1,
    top: int | None = None,
    rank_by: Literal["degree", "pagerank"] = "degree",
    largest_component: bool = False,
    hide_unasserted: bool = False,
    keep_isolated: bool = False,
    title: str | None = None,
    quiet: bool = False,
) -> nx.MultiDiGraph:
    """Draw the entity graph: PNG or SVG (matplotlib), or HTML (interactive, offline).

    Example:
      kg plot seed.ttl -o seed.png
      kg plot seed.ttl -o ministry.svg --focus "Ministry of State Security" --hops 1
      kg plot seed.ttl -o ministry.png --focus ministry       # any entity with the word
      kg plot big.ttl -o big.html --top 40
      kg plot --store kb/ -o kb.png --largest-component --top 60
    A big graph is cut to its most connected entities (150 in a PNG/SVG/PDF, 1,000 in
    HTML) with a message; --top N sets the number, --top 0 draws everything.
      kg build article.txt -o - | kg plot - -o article.png      # - reads the graph from stdin

    Returns the entity graph that was drawn.
    """
    from graph.views.entity_graph import entity_graph

    suffix = Path(output).suffix.lower()
    if suffix not in SUFFIXES:
        raise OptionError(
            "cannot plot to {value}: use a .png, .svg, .pdf or .html file", value=output
        )
    if top is not None and top < 0:
        raise OptionError("{top} must be 0 (everything) or more")
    html = suffix in HTML_SUFFIXES
    check_writable(output)
    with entity_source(graph, store) as source:
        G = entity_graph(source, include_unasserted=not hide_unasserted)
    # "X be X" (an apposition resolved to its own entity) says nothing in a picture
    G.remove_edges_from(
        [
            (u, v, k)
            for u, v, k, d in G.edges(keys=True, data=True)
            if u == v and d.get("relation") == "be"
        ]
    )
    G = _selected(G, focus=focus, hops=hops, largest=largest_component, quiet=quiet)
    _drop_isolated(G, keep_isolated)
    G = _cut_to_top(G, top, rank_by, html=html, quiet=quiet)
    _drop_isolated(G, keep_isolated)
    if G.number_of_nodes() == 0:
        warn("the graph has no entities to draw")
    pos = _layout(G, quiet=quiet)
    if html:
        from graph.rdf.stdio import is_stdio
        from graph.views.interactive import write_html

        default_title = "kg" if is_stdio(graph) else Path(graph or store or "kg").name
        write_html(G, output, title=title or default_title, pos=pos)
    else:
        _save_picture(G, output, pos, hide_unasserted=hide_unasserted, quiet=quiet)
    if not quiet:
        say(f"{G.number_of_nodes()} entities, {G.number_of_edges()} edges -> {output}")
    return G


def _layout(G: nx.MultiDiGraph, *, quiet: bool) -> dict:
    """The seeded positions of `G`, with a progress line on a terminal unless `quiet`."""
    from graph.views.layout import layout_positions
    from graph.views.plot_limits import LayoutProgress

    progress = None if quiet else LayoutProgress()
    try:
        return layout_positions(G, seed=7, progress=progress)
    finally:
        if progress is not None:
            progress.close()


def _selected(
    G: nx.MultiDiGraph, *, focus: str | None, hops: int, largest: bool, quiet: bool
) -> nx.MultiDiGraph:
    """The part the user asked for: the neighbourhood of `focus`, then the largest component."""
    from graph.views.entity_graph import focus_subgraph, largest_component, match_entities

    if focus:
        centres, how = match_entities(G, focus)
        if centres and how in {"word", "substring"} and not quiet:
            names = sorted(str(G.nodes[c].get("label", c)) for c in centres)
            shown = ", ".join(repr(n) for n in names[:5]) + (
                f" and {len(names) - 5} more" if len(names) > 5 else ""
            )
            say(
                f"--focus {focus!r} matches {len(names)} entit{'y' if len(names) == 1 else 'ies'}: {shown}"
            )
        G = focus_subgraph(G, focus, hops=hops)
    if largest:
        G = largest_component(G)
    return G


def _drop_isolated(G: nx.MultiDiGraph, keep: bool) -> None:
    if not keep:
        # things only named inside longer arguments: clutter in a picture
        G.remove_nodes_from([n for n in list(G) if G.degree(n) == 0])


def _cut_to_top(
    G: nx.MultiDiGraph,
    top: int | None,
    rank_by: Literal["degree", "pagerank"],
    *,
    html: bool,
    quiet: bool,
) -> nx.MultiDiGraph:
    """At most `top` entities (None: the format's own limit, said in one line; 0: all)."""
    from graph.views.entity_graph import top_nodes
    from graph.views.plot_limits import entity_limit

    limit = entity_limit(html) if top is None else top
    if not limit or G.number_of_nodes() <= limit:
        return G
    if top is None and not quiet:
        say(
            f"{G.number_of_nodes():,} entities are too many for one {'page' if html else 'picture'}; "
            f"drawing the {limit:,} most connected (--top {limit}; --top N to choose, --top 0 for all)"
        )
    return top_nodes(G, limit, by=rank_by)


def _save_picture(
    G: nx.MultiDiGraph, output: str, pos, *, hide_unasserted: bool, quiet: bool
) -> None:
    """PNG, SVG or PDF through matplotlib; relation labels only while they stay readable."""
    from graph.views import plot_limits
    from graph.views.plot import save_plot

    edge_labels = G.number_of_edges() <= plot_limits.STATIC_EDGE_LABELS
    if not edge_labels and not quiet:
        say(
            f"{G.number_of_edges():,} edges: relation labels left out of the picture "
            f"(they are drawn up to {plot_limits.STATIC_EDGE_LABELS}; try a smaller --top, or .html)"
        )
    save_plot(G, output, show_unasserted=not hide_unasserted, pos=pos, edge_labels=edge_labels)
