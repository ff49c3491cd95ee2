"""RDF terms between rdflib and Oxigraph (pyoxigraph), both ways, with the same meaning.

Used by the on-disk store, the validator and the Turtle / N-Triples writer.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

_XSD_STRING = str(XSD.string)


class TermConverter:
    """rdflib term -> Oxigraph term, memoised (IRIs and labels repeat a lot)."""

    def __init__(self) -> None:
        self._seen: dict = {}

    def __call__(self, term):
        node = self._seen.get(term)
        if node is None:
            node = self._seen[term] = to_oxigraph(term)
        return node


def to_oxigraph(term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert one rdflib term to the Oxigraph term with the same meaning.

    Raises ValueError for an IRI Oxigraph refuses, or something that is not an RDF term.
    """
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        try:
            return ox.BlankNode(str(term))
        except ValueError:
            return ox.BlankNode(hashlib.sha1(str(term).encode("utf-8")).hexdigest())
    if isinstance(term, Literal):
        return literal_to_oxigraph(term)
    raise ValueError(f"cannot store RDF term {term!r}")


def literal_to_oxigraph(term: Literal) -> ox.Literal:
    """An rdflib literal as an Oxigraph literal (language tag or datatype kept)."""
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=_named_node(term.datatype))
    return ox.Literal(str(term))


@lru_cache(maxsize=256)
def _named_node(iri: URIRef) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def to_rdflib(term):
    """Convert one Oxigraph term to rdflib (xsd:string literals become plain literals)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return Literal(str(term))  # an RDF-star quoted triple: shown as text


def term_value(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    """The IRI, blank-node id or lexical form of a term read from Oxigraph.

    Raises TypeError for an RDF-star quoted triple, which has no one value (kg stores none).
    """
    if isinstance(term, ox.Triple):
        raise TypeError(f"expected an IRI, blank node or literal, got the quoted triple {term}")
    return term.value
