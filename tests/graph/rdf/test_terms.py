"""graph.rdf.terms: the one rdflib <-> Oxigraph converter keeps what each term means."""

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from graph.rdf.terms import (
    INVALID_IRI,
    RoundTrip,
    TermConverter,
    to_oxigraph,
    to_rdflib,
    triple_to_rdflib,
)

TERMS = [
    URIRef("https://example.org/entity/acme"),
    Literal("Acme"),
    Literal("Acme", lang="en"),
    Literal(3),
    Literal("0.75", datatype=XSD.decimal),
]


@pytest.mark.parametrize("term", TERMS, ids=repr)
def test_a_term_comes_back_as_it_went(term):
    assert to_rdflib(to_oxigraph(term)) == term


def test_an_xsd_string_literal_comes_back_plain():
    typed = ox.Literal("Acme", datatype=ox.NamedNode(str(XSD.string)))
    assert to_rdflib(typed) == Literal("Acme")
    assert to_rdflib(typed).datatype is None


def test_a_blank_node_oxigraph_refuses_gets_a_stable_name():
    node = BNode("not a valid id")
    assert to_oxigraph(node) == to_oxigraph(BNode("not a valid id"))


def test_the_converter_memoises_and_refuses_what_is_no_term():
    convert = TermConverter()
    iri = URIRef("https://example.org/x")
    assert convert(iri) is convert(iri)
    with pytest.raises(ValueError, match="cannot store RDF term"):
        convert("plain str")


def test_a_triple_of_oxigraph_terms_becomes_an_rdflib_triple():
    s, p, o = (
        URIRef("https://example.org/s"),
        URIRef("https://example.org/p"),
        Literal("o", lang="fr"),
    )
    triple = ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))
    assert triple_to_rdflib(triple) == (s, p, o)


def test_round_trip_gives_back_the_terms_the_graph_holds():
    terms = RoundTrip()
    bad = URIRef("entity/no base")  # relative, with a space: Oxigraph refuses it
    blank = BNode("b1")
    stood_in = terms.to_oxigraph(bad)
    assert stood_in.value.startswith(INVALID_IRI)
    assert terms.to_oxigraph(bad) == stood_in  # the same stand-in every time
    assert set(terms.invalid_iris) == {bad}
    fresh = terms.to_oxigraph(blank)
    assert terms.to_oxigraph(blank) == fresh
    assert terms.to_rdflib(stood_in) == bad
    assert terms.to_rdflib(fresh) is blank
    assert terms.to_rdflib(terms.to_oxigraph(Literal("x", lang="en"))) == Literal("x", lang="en")
    with pytest.raises(TypeError, match="expected an RDF term"):
        terms.to_oxigraph(42)
