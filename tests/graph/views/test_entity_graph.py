"""The networkx view of the RDF model: entity nodes, statement edges, filters."""

from __future__ import annotations

import networkx as nx
import pytest
from _turtle import PREFIXES
from rdflib import Graph

from graph.views.entity_graph import (
    EntityNotFoundError,
    GraphFilterError,
    entity_graph,
    focus_subgraph,
    largest_component,
    pagerank,
    top_nodes,
)

E = "https://example.org/kg/entity/"
ST = "https://example.org/kg/statement/"

# Written by hand after docs/rdf-model.md.
TTL = (
    PREFIXES
    + """@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

entity:mss a kg:Entity, schema:GovernmentOrganization ;
    rdfs:label "Ministry of State Security" ;
    skos:altLabel "the ministry", "the state security ministry" ;
    kg:mentionCount 7 .
entity:consultancy a kg:Entity, schema:Organization ; rdfs:label "Zhongan Consultancy" ; kg:mentionCount 4 .
entity:li-wei a kg:Entity, schema:Person ; rdfs:label "Li Wei" ; kg:mentionCount 2 .
entity:beijing a kg:Entity, schema:Place ; rdfs:label "Beijing" ; kg:mentionCount 1 .
entity:data-law a kg:Entity, schema:Legislation ; rdfs:label "Data Security Law" ; kg:mentionCount 1 .
entity:info a kg:Entity, kg:Concept ; rdfs:label "classified information" ; kg:mentionCount 1 .
entity:chinese-company a kg:Entity ; rdfs:label "Chinese company" ; kg:mentionCount 1 .
entity:island a kg:Entity, schema:Place ; rdfs:label "Lonely Island" ; kg:mentionCount 1 .

rel:obtain a rdf:Property, kg:Relation ; rdfs:label "obtain" .
rel:obtain-from a rdf:Property, kg:Relation ; rdfs:label "obtain from" .
rel:pay a rdf:Property, kg:Relation ; rdfs:label "pay" .
rel:sue a rdf:Property, kg:Relation ; rdfs:label "sue" .
rel:earn a rdf:Property, kg:Relation ; rdfs:label "earn" .
rel:lead a rdf:Property, kg:Relation ; rdfs:label "lead" .
rel:cite a rdf:Property, kg:Relation .

doc:seed a kg:Document, prov:Entity ; rdfs:label "seed" ; kg:source "examples/seed.txt" .
<https://example.org/kg/sentence/seed.1> a kg:Sentence ; kg:index 1 ; kg:document doc:seed ;
    kg:text "The consultancy obtained classified information from a Chinese company." .
<https://example.org/kg/sentence/seed.2> a kg:Sentence ; kg:index 2 ; kg:document doc:seed ;
    kg:text "The consultancy did not pay the ministry." .
<https://example.org/kg/sentence/seed.3> a kg:Sentence ; kg:index 3 ; kg:document doc:seed ;
    kg:text "The ministry may sue the consultancy." .
<https://example.org/kg/sentence/seed.4> a kg:Sentence ; kg:index 4 ; kg:document doc:seed ;
    kg:text "Li Wei earned a large salary and led the consultancy in Beijing." .
<https://example.org/kg/sentence/seed.5> a kg:Sentence ; kg:index 5 ; kg:document doc:seed ;
    kg:text "The ministry cited the Data Security Law." .

# asserted, with an extra argument that also has its own statement
stmt:obtain a kg:Statement, rdf:Statement ;
    rdf:subject entity:consultancy ; rdf:predicate rel:obtain ; rdf:object entity:info ;
    kg:subjectText "The consultancy" ; kg:relationText "obtained" ; kg:objectText "classified information" ;
    kg:negated false ; kg:asserted true ; kg:confidence 0.72 ; kg:rule "svo" ;
    kg:sentence <https://example.org/kg/sentence/seed.1> ;
    kg:argument [ a kg:Argument ; kg:role "place" ; kg:preposition "from" ;
                  kg:text "from a Chinese company" ; kg:entity entity:chinese-company ] .
entity:consultancy rel:obtain entity:info .
stmt:obtain-from a kg:Statement, rdf:Statement ;
    rdf:subject entity:consultancy ; rdf:predicate rel:obtain-from ; rdf:object entity:chinese-company ;
    kg:relationText "obtained" ; kg:negated false ; kg:asserted true ; kg:confidence 0.72 ; kg:rule "svo+place" ;
    kg:sentence <https://example.org/kg/sentence/seed.1> .
entity:consultancy rel:obtain-from entity:chinese-company .

# negated: a statement node only
stmt:pay a kg:Statement, rdf:Statement ;
    rdf:subject entity:consultancy ; rdf:predicate rel:pay ; rdf:object entity:mss ;
    kg:relationText "did not pay" ; kg:negated true ; kg:asserted false ; kg:confidence 0.6 ;
    kg:sentence <https://example.org/kg/sentence/seed.2> .

# hedged
stmt:sue a kg:Statement, rdf:Statement ;
    rdf:subject entity:mss ; rdf:predicate rel:sue ; rdf:object entity:consultancy ;
    kg:relationText "may sue" ; kg:negated false ; kg:modality "may" ; kg:asserted false ; kg:confidence 0.5 ;
    kg:sentence <https://example.org/kg/sentence/seed.3> .

# literal object: not an edge
stmt:earn a kg:Statement, rdf:Statement ;
    rdf:subject entity:li-wei ; rdf:predicate rel:earn ; rdf:object "a large salary" ;
    kg:relationText "earned" ; kg:negated false ; kg:asserted true ; kg:confidence 0.8 ;
    kg:sentence <https://example.org/kg/sentence/seed.4> .
entity:li-wei rel:earn "a large salary" .

# an entity argument without its own statement
stmt:lead a kg:Statement, rdf:Statement ;
    rdf:subject entity:li-wei ; rdf:predicate rel:lead ; rdf:object entity:consultancy ;
    kg:relationText "led" ; kg:negated false ; kg:asserted true ; kg:confidence 0.9 ;
    kg:sentence <https://example.org/kg/sentence/seed.4> ;
    kg:argument [ a kg:Argument ; kg:role "place" ; kg:preposition "in" ;
                  kg:text "in Beijing" ; kg:entity entity:beijing ] .
entity:li-wei rel:lead entity:consultancy .

# a predicate without rdfs:label: the relation text stands in
stmt:cite a kg:Statement, rdf:Statement ;
    rdf:subject entity:mss ; rdf:predicate rel:cite ; rdf:object entity:data-law ;
    kg:relationText "cited" ; kg:negated false ; kg:asserted true ; kg:confidence 0.7 ;
    kg:attributedTo entity:li-wei ;
    kg:sentence <https://example.org/kg/sentence/seed.5> .
entity:mss rel:cite entity:data-law .
"""
)


@pytest.fixture(scope="module")
def rdf() -> Graph:
    return Graph().parse(data=TTL, format="turtle")


@pytest.fixture(scope="module")
def G(rdf) -> nx.MultiDiGraph:
    return entity_graph(rdf, include_attribution=False)


def _edges(G, u, v):
    return [(k, d) for k, d in G.get_edge_data(E + u, E + v, default={}).items()]


def test_entity_graph_nodes_are_the_entities_only(G):
    expected = {
        E + n
        for n in [
            "mss",
            "consultancy",
            "li-wei",
            "beijing",
            "data-law",
            "info",
            "chinese-company",
            "island",
        ]
    }
    assert set(G) == expected
    assert isinstance(G, nx.MultiDiGraph)


def test_entity_graph_node_attributes_label_type_aliases(G):
    mss = G.nodes[E + "mss"]
    assert mss["label"] == "Ministry of State Security"
    assert mss["type"] == "GovernmentOrganization"
    assert mss["aliases"] == ["the ministry", "the state security ministry"]
    assert mss["mentions"] == 7
    assert G.nodes[E + "li-wei"]["type"] == "Person"
    assert G.nodes[E + "info"]["type"] == "Concept"


def test_entity_graph_untyped_entity_is_a_concept(G):
    assert G.nodes[E + "chinese-company"]["type"] == "Concept"
    assert G.nodes[E + "chinese-company"]["aliases"] == []


def test_entity_graph_asserted_statement_edge_carries_provenance(G):
    [(key, d)] = _edges(G, "consultancy", "info")
    assert key == ST + "obtain"
    assert d["statement"] == ST + "obtain"
    assert d["relation"] == "obtain"
    assert d["relation_text"] == "obtained"
    assert d["asserted"] is True
    assert d["negated"] is False
    assert d["modality"] is None
    assert d["confidence"] == pytest.approx(0.72)
    assert (
        d["sentence"] == "The consultancy obtained classified information from a Chinese company."
    )
    assert d["sentence_iri"] == "https://example.org/kg/sentence/seed.1"


def test_entity_graph_negated_statement_is_an_unasserted_edge(G):
    [(_, d)] = _edges(G, "consultancy", "mss")
    assert (d["relation"], d["negated"], d["asserted"], d["modality"]) == ("pay", True, False, None)
    assert d["sentence"] == "The consultancy did not pay the ministry."


def test_entity_graph_hedged_statement_keeps_its_modality(G):
    [(_, d)] = _edges(G, "mss", "consultancy")
    assert (d["relation"], d["negated"], d["asserted"], d["modality"]) == (
        "sue",
        False,
        False,
        "may",
    )


def test_entity_graph_literal_object_is_not_an_edge(G):
    relations = sorted(d["relation"] for _, _, d in G.out_edges(E + "li-wei", data=True))
    assert relations == ["lead", "lead in"]


def test_entity_graph_argument_with_own_statement_is_not_doubled(G):
    edges = _edges(G, "consultancy", "chinese-company")
    assert [(k, d["relation"]) for k, d in edges] == [(ST + "obtain-from", "obtain from")]


def test_entity_graph_argument_entity_without_statement_becomes_an_edge(G):
    [(key, d)] = _edges(G, "li-wei", "beijing")
    assert d["relation"] == "lead in"
    assert d["statement"] == ST + "lead"
    assert key != ST + "lead"  # the object edge of the same statement keeps that key
    assert [k for k, _ in _edges(G, "li-wei", "consultancy")] == [ST + "lead"]


def test_entity_graph_relation_text_when_predicate_has_no_label(G):
    [(_, d)] = _edges(G, "mss", "data-law")
    assert d["relation"] == "cited"
    assert d["attributed_to"] == E + "li-wei"


def test_entity_graph_without_unasserted_keeps_nodes_drops_flagged_edges(rdf, G):
    facts = entity_graph(rdf, include_unasserted=False, include_attribution=False)
    assert set(facts) == set(G)
    assert all(d["asserted"] for _, _, d in facts.edges(data=True))
    assert facts.number_of_edges() == G.number_of_edges() - 2
    assert not facts.has_edge(E + "consultancy", E + "mss")


def test_entity_graph_asserted_defaults_from_negated_and_modality():
    ttl = """
    @prefix kg: <https://w3id.org/kg-builder/ontology#> .
    @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
    @prefix entity: <https://example.org/kg/entity/> .
    entity:a a kg:Entity . entity:b a kg:Entity .
    <https://example.org/kg/statement/1> a kg:Statement ; rdf:subject entity:a ; rdf:object entity:b ;
        kg:relationText "hit" ; kg:negated true .
    <https://example.org/kg/statement/2> a kg:Statement ; rdf:subject entity:b ; rdf:object entity:a ;
        kg:relationText "hit" .
    """
    G = entity_graph(Graph().parse(data=ttl, format="turtle"), include_attribution=False)
    assert G.nodes[E + "a"]["label"] == "a"  # no rdfs:label: the IRI's last segment
    assert G.edges[E + "a", E + "b", ST + "1"]["asserted"] is False
    assert G.edges[E + "b", E + "a", ST + "2"]["asserted"] is True
    assert G.edges[E + "b", E + "a", ST + "2"]["confidence"] is None


def test_entity_graph_is_stable(rdf):
    first, second = entity_graph(rdf), entity_graph(rdf)
    assert list(first.nodes) == list(second.nodes)
    assert list(first.edges(keys=True)) == list(second.edges(keys=True))


@pytest.mark.parametrize(
    "name",
    ["Li Wei", "li  wei", "https://example.org/kg/entity/li-wei"],
)
def test_focus_subgraph_by_label_or_iri(G, name):
    focus = focus_subgraph(G, name, hops=1)
    assert set(focus) == {E + "li-wei", E + "consultancy", E + "beijing"}  # attribution is no edge


def test_focus_subgraph_by_alias_and_hops(G):
    assert set(focus_subgraph(G, "the ministry", hops=0)) == {E + "mss"}
    two = focus_subgraph(G, "the ministry", hops=2)
    assert E + "info" in two and E + "island" not in two
    # all edges among the kept nodes are kept, both directions
    assert two.has_edge(E + "mss", E + "consultancy") and two.has_edge(E + "consultancy", E + "mss")


def test_focus_subgraph_unknown_name_suggests_close_labels(G):
    with pytest.raises(EntityNotFoundError, match="did you mean 'Li Wei'"):
        focus_subgraph(G, "Li Wie")
    with pytest.raises(GraphFilterError, match="hops"):
        focus_subgraph(G, "Li Wei", hops=-1)


def test_focus_subgraph_returns_a_copy(G):
    focus = focus_subgraph(G, "Li Wei")
    focus.nodes[E + "li-wei"]["label"] = "changed"
    assert G.nodes[E + "li-wei"]["label"] == "Li Wei"


def test_top_nodes_by_degree(G):
    top = top_nodes(G, 2)
    # consultancy: 5 statement edges; ministry: 3; the rest fewer
    assert set(top) == {E + "consultancy", E + "mss"}
    assert top.number_of_edges() == 2  # pay and sue, both between the two
    assert set(top_nodes(G, 100)) == set(G)
    assert top_nodes(G, 0).number_of_nodes() == 0


def test_top_nodes_by_pagerank_differs_from_degree():
    # "hub" points at three sinks (degree 3); "target" is pointed at by two sources
    G = nx.MultiDiGraph(
        [("hub", "s1"), ("hub", "s2"), ("hub", "s3"), ("u1", "target"), ("u2", "target")]
    )
    assert set(top_nodes(G, 1, by="degree")) == {"hub"}
    assert set(top_nodes(G, 1, by="pagerank")) == {"target"}


def test_pagerank_of_a_cycle_is_uniform_and_sums_to_one():
    rank = pagerank(nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a")]))
    assert rank == pytest.approx({"a": 1 / 3, "b": 1 / 3, "c": 1 / 3})
    star = pagerank(nx.MultiDiGraph([("x", "hub"), ("y", "hub"), ("z", "hub")]))
    assert sum(star.values()) == pytest.approx(1.0)
    assert star["hub"] > star["x"]


@pytest.mark.parametrize(("n", "by"), [(-1, "degree"), (3, "betweenness")])
def test_top_nodes_rejects_bad_arguments(G, n, by):
    with pytest.raises(GraphFilterError):
        top_nodes(G, n, by=by)


def test_largest_component_drops_islands(G):
    main = largest_component(G)
    assert E + "island" not in main
    assert set(main) == set(G) - {E + "island"}
    assert main.number_of_edges() == G.number_of_edges()
    assert largest_component(nx.MultiDiGraph()).number_of_nodes() == 0


def test_filters_keep_the_graph_order_and_attributes(G):
    for filtered in (
        focus_subgraph(G, "the ministry", hops=1),
        top_nodes(G, 4),
        largest_component(G),
    ):
        assert list(filtered) == [u for u in G if u in filtered]
        assert list(filtered.edges(keys=True)) == [
            (u, v, k) for u, v, k in G.edges(keys=True) if u in filtered and v in filtered
        ]
        for u, d in filtered.nodes(data=True):
            assert d == G.nodes[u]


def test_largest_component_tie_is_stable():
    G = nx.MultiDiGraph([("b", "c"), ("a", "z")])
    assert set(largest_component(G)) == {"a", "z"}


def test_attribution_becomes_one_reports_edge_per_speaker_and_subject():
    from rdflib import Graph

    from graph.views.entity_graph import entity_graph

    ttl = """
    @prefix kg: <https://w3id.org/kg-builder/ontology#> .
    @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix schema: <https://schema.org/> .
    @prefix e: <https://example.org/kg/entity/> .
    @prefix rel: <https://example.org/kg/relation/> .
    @prefix st: <https://example.org/kg/statement/> .
    e:min a kg:Entity, schema:GovernmentOrganization ; rdfs:label "Ministry" .
    e:firm a kg:Entity, schema:Organization ; rdfs:label "Firm" .
    e:data a kg:Entity, kg:Concept ; rdfs:label "data" .
    rel:steal rdfs:label "steal" .
    st:1 a kg:Statement ; rdf:subject e:firm ; rdf:predicate rel:steal ; rdf:object e:data ;
        kg:negated false ; kg:asserted true ; kg:attributedTo e:min .
    st:2 a kg:Statement ; rdf:subject e:firm ; rdf:predicate rel:steal ; rdf:object e:data ;
        kg:negated true ; kg:asserted false ; kg:attributedTo e:min .
    """
    g = Graph().parse(data=ttl, format="turtle")
    G = entity_graph(g)
    reports = [(u, v) for u, v, d in G.edges(data=True) if d["relation"] == "reports"]
    assert reports == [("https://example.org/kg/entity/min", "https://example.org/kg/entity/firm")]
    assert not [
        d
        for *_, d in entity_graph(g, include_attribution=False).edges(data=True)
        if d["relation"] == "reports"
    ]
