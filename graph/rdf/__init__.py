"""The RDF model and its files: extracted documents as triples (`model`), the vocabulary kg
mints (`vocab`, `ontology.ttl`) and what a valid graph is (`shapes.ttl`, `validate`), graph files
in every format (`formats`, `stdio`, `jsonld` + `context.jsonld`, `spill` for big ones), the one
rdflib <-> Oxigraph term converter (`terms`), `kg:source` values (`source_names`) and owl:sameAs
links to an authority (`links`).
"""
