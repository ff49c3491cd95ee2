"""The graph as people look at it: the entity graph (networkx, `entity_graph`), its seeded layout
(`layout`), colours (`colors`), static pictures (`plot`, `plot_limits`), the offline HTML view
(`interactive` + the `viewer/` package data) and network files for Gephi, yEd and Neo4j (`export`).
"""
