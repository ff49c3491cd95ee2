"""Triples -> a knowledge graph: RDF, SPARQL, an on-disk store, pictures, and the `kg` command.

The folders show the layers, each importing only from the ones listed after it (and `extract`):

- `graph.cli`, `graph.cli_parser`, `graph.__main__`: the `kg` command (arguments in, one line
  per error out), thin over
- `graph.commands`: what each command does, as functions a Python user can call;
- `graph.views`: the entity graph (networkx) and its pictures, HTML view and network files;
- `graph.store`: the on-disk Oxigraph store, a fast read-only view of a file, a SPARQL server;
- `graph.sparql`: SPARQL requests checked, run (in a child process that a timeout stops), shown;
- `graph.rdf`: the RDF model (documents -> triples), its vocabulary, ontology and shapes,
  graph files in every format, rdflib <-> Oxigraph terms, validation, links;
- `graph.io`: atomic file writes, terminal tables and progress, rdflib's log.
"""
