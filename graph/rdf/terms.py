"""RDF terms between rdflib and Oxigraph (pyoxigraph), both ways, with the same meaning.

The one place where a term changes library: the Turtle / N-Triples writer and the on-disk store
(`TermConverter`, `to_oxigraph`), readers of Oxigraph answers (`to_rdflib`: the store's results,
the file view, spilled triples), and the validator, which evaluates SPARQL over an rdflib graph
in Oxigraph and needs every answer back as the very term the graph holds (`RoundTrip`).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

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


#: what `to_rdflib` makes of an Oxigraph term (a quoted triple becomes a literal)
RdflibTerm = URIRef | BNode | Literal


def triple_to_rdflib(triple) -> tuple[RdflibTerm, RdflibTerm, RdflibTerm]:
    """An Oxigraph triple or quad as an rdflib (subject, predicate, object)."""
    return to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)


#: what `RoundTrip` calls an IRI Oxigraph refuses (numbered in order of first sight)
INVALID_IRI = "urn:x-kg-builder:invalid-iri:"


class RoundTrip:
    """The terms of one rdflib graph in Oxigraph, and Oxigraph's answers back as those same terms.

    Every triple can be loaded: an IRI Oxigraph refuses (relative, with a space ...) is stood in
    for by ``urn:x-kg-builder:invalid-iri:N`` and kept in `invalid_iris` (IRI -> why it was
    refused), and each blank node gets a fresh Oxigraph blank node; `to_rdflib` maps both back.
    Other terms convert as `to_oxigraph` and `to_rdflib` do.
    """

    def __init__(self) -> None:
        self._bnodes: dict[BNode, ox.BlankNode] = {}
        self._bnodes_back: dict[str, BNode] = {}
        self._iris: dict[URIRef, ox.NamedNode] = {}  # IRIs Oxigraph refuses, renamed
        self._iris_back: dict[str, URIRef] = {}
        self.invalid_iris: dict[URIRef, str] = {}

    def to_oxigraph(self, term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        """`term` in Oxigraph; TypeError for something that is not an RDF term."""
        if isinstance(term, URIRef):
            renamed = self._iris.get(term)
            if renamed is not None:
                return renamed
            try:
                return ox.NamedNode(str(term))
            except ValueError as e:  # e.g. relative, or with a space: check the rest anyway
                renamed = self._iris[term] = ox.NamedNode(f"{INVALID_IRI}{len(self._iris)}")
                self._iris_back[renamed.value] = term
                self.invalid_iris[term] = str(e)
                return renamed
        if isinstance(term, BNode):
            node = self._bnodes.get(term)
            if node is None:
                node = self._bnodes[term] = ox.BlankNode()
                self._bnodes_back[node.value] = term
            return node
        if isinstance(term, Literal):
            return literal_to_oxigraph(term)
        raise TypeError(f"cannot convert {term!r} to Oxigraph: expected an RDF term")

    def to_rdflib(self, term) -> Node:
        """An Oxigraph term of an answer as the rdflib term the graph holds."""
        if isinstance(term, ox.NamedNode):
            return self._iris_back.get(term.value) or URIRef(term.value)
        if isinstance(term, ox.BlankNode):
            return self._bnodes_back.get(term.value) or BNode(term.value)
        return to_rdflib(term)


def term_value(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    """The IRI, blank-node id or lexical form of a term read from Oxigraph.

    Raises TypeError for an RDF-star quoted triple, which has no one value (kg stores none).
    """
    if isinstance(term, ox.Triple):
        raise TypeError(f"expected an IRI, blank node or literal, got the quoted triple {term}")
    return term.value
