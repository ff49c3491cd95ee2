"""JSON-LD that a person (or a JSON tool) can read: compacted with kg-builder's shipped @context.

Without a context, JSON-LD is a flat list of full IRIs. `graph/rdf/context.jsonld` (package data)
names the vocabularies (`kg:`, `schema:`, `rdfs:` ...) and gives kg's terms short keys
(``label``, ``altLabel``, ``confidence``, ``sentence``, ``attributedTo`` ...), with IRI-valued
ones typed ``@id`` and the confidence typed ``xsd:decimal`` so nothing changes on the way
back to RDF. The data prefixes (``entity:``, ``rel:``, ``stmt:``, ``doc:``) depend on
``--base-iri``, so they follow the shipped context in a second, local one. The context is
written inline: a reader needs no network to expand it.

`kg:entity` has no short term (``entity`` is the data prefix), and `kg:argument` is not typed
``@id``: rdflib's writer would then leave out the argument blank nodes' own properties, so its
values are written ``{"@id": "_:..."}``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files

from rdflib import Graph

CONTEXT_FILE = "context.jsonld"

#: the data prefixes minted under the base IRI (graph.rdf.model.prefixes_for), sent in the local context
DATA_PREFIXES = ("entity", "rel", "stmt", "doc", "sent")


@lru_cache(maxsize=1)
def _context_text() -> str:
    return files("graph.rdf").joinpath(CONTEXT_FILE).read_text(encoding="utf-8")


def shipped_context() -> dict:
    """The ``@context`` object of `graph/rdf/context.jsonld` (a new dict on every call)."""
    return json.loads(_context_text())["@context"]


def context_for(graph: Graph) -> list[dict]:
    """The context a graph is written with: the shipped one, then its data prefixes.

    The data prefixes are the ones bound in `graph` (`graph.rdf.model.bind_prefixes` binds them for
    the build's base IRI); a prefix the graph does not bind is left out.
    """
    bound = {prefix: str(namespace) for prefix, namespace in graph.namespaces()}
    local = {prefix: bound[prefix] for prefix in DATA_PREFIXES if prefix in bound}
    return [shipped_context(), local] if local else [shipped_context()]


def jsonld_bytes(graph: Graph) -> bytes:
    """`graph` as compacted JSON-LD (UTF-8): ``{"@context": [...], "@graph": [...]}``.

    (A graph of one node is written as that node beside the ``@context``.)

    Examples
    --------
    >>> from rdflib import Graph, Literal, URIRef
    >>> from rdflib.namespace import RDFS
    >>> g = Graph()
    >>> _ = g.add((URIRef("https://example.org/kg/entity/ann"), RDFS.label, Literal("Ann")))
    >>> _ = g.bind("entity", "https://example.org/kg/entity/")
    >>> data = json.loads(jsonld_bytes(g))
    >>> data["@id"], data["label"]
    ('entity:ann', 'Ann')
    """
    text = graph.serialize(format="json-ld", context=context_for(graph), indent=2)
    return text.encode("utf-8")
