"""`kg export`: a graph file or a store written as RDF, GraphML, GEXF or node/edge CSV (Neo4j)."""

from __future__ import annotations

from pathlib import Path

from extract.errors import OptionError
from graph.commands.graphs import check_one, graph_or_store
from graph.commands.output import check_writable, say


def export(
    output: str,
    *,
    graph: str | None = None,
    store: str | Path | None = None,
    fmt: str | None = None,
    quiet: bool = False,
) -> list[str]:
    """Write a graph file or a store as RDF, GraphML, GEXF or node/edge CSV (Neo4j).

    Example:
      kg export --store kb/ -o kb.ttl
      kg export seed.ttl -o seed.jsonld                 # RDF to RDF: .ttl .nt .jsonld .trig .rdf .nq
      kg export seed.ttl -o seed.graphml                # yEd, Cytoscape
      kg export --store kb/ -o kb.gexf                  # Gephi
      kg export seed.ttl -o neo4j/ --format csv         # neo4j/nodes.csv + neo4j/edges.csv
    The format follows the extension unless --format is given; a folder means csv. GraphML,
    GEXF and CSV hold the entity graph: one node per entity, one edge per statement between
    entities (negated and hedged ones too), with its sentence, document, confidence, status
    and speaker as edge attributes.

    Returns the files written.
    """
    from graph.rdf.formats import ALIASES, FORMATS, format_for, read_graph, write_graph
    from graph.views.export import NETWORK_FORMATS, export_network, network_format, write_network

    check_one(graph, store)
    network = network_format(output, fmt)
    wanted = (fmt or "").lower()
    if wanted and network is None and ALIASES.get(wanted, wanted) not in FORMATS:
        known = ", ".join([*sorted(FORMATS), *NETWORK_FORMATS])
        raise OptionError(
            "unknown export format {value!r}; use one of: {known}", value=fmt, known=known
        )
    if network is not None:
        if network != "csv":
            check_writable(output)
        G = export_network(graph_or_store(graph, store))
        written = [str(path) for path in write_network(G, output, network)]
        if not quiet:
            say(
                f"{G.number_of_nodes()} entities, {G.number_of_edges()} edges -> {', '.join(written)}"
            )
        return written
    rdf_format = format_for(output, fmt)
    check_writable(output)
    if graph is not None:
        data = read_graph(graph)
        write_graph(data, output, rdf_format)
        count = len(data)
    else:
        from graph.store.kgstore import open_store

        assert store is not None
        with open_store(store, write=False) as opened:
            if (
                rdf_format == "jsonld"
            ):  # compacted with the shipped @context, which Oxigraph cannot do
                write_graph(opened.rdflib_graph(), output, rdf_format)
            else:
                opened.export(output, rdf_format)
            count = len(opened)
    if not quiet:
        say(f"{count} RDF triples -> {output}")
    return [output]
