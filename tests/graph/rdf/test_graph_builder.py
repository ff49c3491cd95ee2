"""GraphBuilder on documents made by hand: exactly the triples of docs/rdf-model.md.

The expected graphs are written out triple by triple with `Graph.add`/`Graph.set`,
the way the builder used to make them, so a builder that keeps its triples
elsewhere must still give the same set, merge entities the same way and update
a Graph it is given in place.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef, namespace
from rdflib.namespace import RDF, RDFS, SKOS

from extract.confidence import min_confidence
from extract.ids import statement_id
from extract.model import Argument, DocumentGraph, Entity, EntityType, Relation, SentenceRef, Triple
from graph.rdf.model import GraphBuilder
from graph.rdf.vocab import KG, PROV, SCHEMA

BASE = "http://ex.test/kb/"
ENTITY = f"{BASE}entity/"

A0 = SentenceRef("a", 0, "The Port Authority fined Acme in the harbour.", 0, 45)
A1 = SentenceRef(
    "a", 1, "Acme did not pay the fine, the authority said, and Acme may sue.", 46, 110
)
AUTHORITY = Entity(
    "port-authority",
    "Port Authority",
    EntityType.GOVERNMENT_BODY,
    ("The Port Authority", "the authority"),
    2,
)
ACME = Entity("acme", "Acme", EntityType.ORGANIZATION, (), 3)
HARBOUR = Entity("a.harbour", "harbour", EntityType.CONCEPT, ("the harbour",), 1)

FINED = Triple(
    subject=Argument("The Port Authority", 0, 18, "subject", "port-authority"),
    relation=Relation("fined", "fine", 19, 24),
    object=Argument("Acme", 25, 29, "object", "acme"),
    sentence=A0,
    rule="svo",
    extras=(
        Argument("in the harbour", 30, 44, "place", "a.harbour", "in"),
        Argument("yesterday", 44, 45, "time"),
    ),
    confidence=0.85,
)
NOT_PAID = Triple(
    subject=Argument("Acme", 46, 50, "subject", "acme"),
    relation=Relation("did not pay", "pay", 51, 62),
    object=Argument("the fine", 63, 71, "object"),  # not an entity: a literal object
    sentence=A1,
    rule="svo",
    negated=True,
    attributed_to="port-authority",
    confidence=0.7,
)
MAY_SUE = Triple(
    subject=Argument("Acme", 96, 100, "subject", "acme"),
    relation=Relation("may sue", "sue", 101, 108),
    object=None,
    sentence=A1,
    rule="intransitive",
    modality="may",
    confidence=0.5,
)
CLAUSAL = Triple(  # a clausal subject: no node, so no statement
    subject=Argument("that Acme did not pay", 46, 71, "subject"),
    relation=Relation("said", "say", 88, 92),
    object=None,
    sentence=A1,
    rule="svo",
)
DOC_A = DocumentGraph(
    "a", (AUTHORITY, ACME, HARBOUR), (), (FINED, NOT_PAID, MAY_SUE, CLAUSAL), (A0, A1)
)

B0 = SentenceRef("b", 0, "The Harbour Authority Fined Acme again.", 0, 39)
DOC_B = DocumentGraph(
    "b",
    (
        # the same entity id under another label, and one of the first labels as alias
        Entity(
            "port-authority",
            "Harbour Authority",
            EntityType.ORGANIZATION,
            ("Port Authority", "The Harbour Authority"),
            4,
        ),
        Entity("acme", "Acme", EntityType.ORGANIZATION, ("Acme Ltd",), 1),
    ),
    (),
    (
        Triple(
            subject=Argument("The Harbour Authority", 0, 21, "subject", "port-authority"),
            relation=Relation("Fined", "Fine", 22, 27),  # another lemma with the same relation IRI
            object=Argument("Acme", 28, 32, "object", "acme"),
            sentence=B0,
            rule="svo",
            confidence=0.9,
        ),
    ),
    (B0,),
)


def entity(entity_id: str) -> URIRef:
    return URIRef(ENTITY + entity_id)


def relation(name: str) -> URIRef:
    return URIRef(f"{BASE}relation/{name}")


def sentence(ref: SentenceRef) -> URIRef:
    return URIRef(f"{BASE}sentence/{ref.doc}.{ref.index}")


def add_document_node(g: Graph, doc: str, source: str | None) -> None:
    node = URIRef(f"{BASE}document/{doc}")
    g.add((node, RDF.type, KG.Document))
    g.add((node, RDF.type, PROV.Entity))
    g.set((node, RDFS.label, Literal(doc)))
    g.set((node, namespace.DCTERMS.identifier, Literal(doc)))  # the id as the input gave it
    if source is not None:
        g.set((node, KG.source, Literal(source)))
    # the direct-edge threshold it was built with (the default: the calibrated model's)
    g.set((node, KG.minConfidence, Literal(Decimal(str(min_confidence())))))


def add_sentence(g: Graph, ref: SentenceRef) -> None:
    node = sentence(ref)
    g.add((node, RDF.type, KG.Sentence))
    g.add((node, KG.text, Literal(ref.text)))
    g.add((node, KG.index, Literal(ref.index)))
    g.add((node, KG.startChar, Literal(ref.start)))
    g.add((node, KG.endChar, Literal(ref.end)))
    g.add((node, KG.document, URIRef(f"{BASE}document/{ref.doc}")))


def add_relation(g: Graph, name: str, label: str) -> None:
    g.add((relation(name), RDF.type, RDF.Property))
    g.add((relation(name), RDF.type, KG.Relation))
    g.add((relation(name), RDFS.label, Literal(label)))


def add_statement(
    g: Graph, triple: Triple, lemma: str, obj, obj_span, obj_text, rule: str, derived_from=None
) -> URIRef:
    sid = statement_id(
        triple.sentence.doc,
        triple.sentence.index,
        (triple.subject.start, triple.subject.end),
        lemma,
        obj_span,
        rule,
        derived_from=derived_from,
    )
    st = URIRef(f"{BASE}statement/{sid}")
    g.add((st, RDF.type, KG.Statement))
    g.add((st, RDF.type, RDF.Statement))
    g.add((st, RDF.subject, entity(triple.subject.entity_id)))
    g.add((st, RDF.predicate, relation(lemma.replace(" ", "-").lower())))
    if obj is not None:
        g.add((st, RDF.object, obj))
        g.add((st, KG.objectText, Literal(obj_text)))
    g.add((st, KG.subjectText, Literal(triple.subject.text)))
    g.add((st, KG.relationText, Literal(triple.relation.text)))
    g.add((st, KG.negated, Literal(triple.negated)))
    g.add((st, KG.asserted, Literal(triple.asserted)))
    if triple.modality:
        g.add((st, KG.modality, Literal(triple.modality)))
    if triple.attributed_to:
        g.add((st, KG.attributedTo, entity(triple.attributed_to)))
    g.add(
        (
            st,
            KG.confidence,
            Literal(Decimal(str(triple.confidence)), datatype=namespace.XSD.decimal),
        )
    )
    g.add((st, KG.rule, Literal(rule)))
    g.add((st, KG.sentence, sentence(triple.sentence)))
    g.add((st, PROV.wasDerivedFrom, sentence(triple.sentence)))
    return st


def expected_document_a(g: Graph, source: str | None = None) -> None:
    add_document_node(g, "a", source)
    port, acme, harbour = entity("port-authority"), entity("acme"), entity("a.harbour")
    for node, cls, label, count in [
        (port, SCHEMA.GovernmentOrganization, "Port Authority", 2),
        (acme, SCHEMA.Organization, "Acme", 3),
        (harbour, KG.Concept, "harbour", 1),
    ]:
        g.add((node, RDF.type, KG.Entity))
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(label)))
        g.add((node, KG.mentionCount, Literal(count)))
    g.add((port, SKOS.altLabel, Literal("The Port Authority")))
    g.add((port, SKOS.altLabel, Literal("the authority")))
    g.add((harbour, SKOS.altLabel, Literal("the harbour")))
    add_sentence(g, A0)
    add_sentence(g, A1)

    add_relation(g, "fine", "fine")
    fined = add_statement(g, FINED, "fine", acme, (25, 29), "Acme", "svo")
    for extra in FINED.extras:
        arg = BNode(f"{fined.rsplit('/', 1)[1]}a{extra.start}")
        g.add((fined, KG.argument, arg))
        g.add((arg, RDF.type, KG.Argument))
        g.add((arg, KG.role, Literal(extra.role)))
        g.add((arg, KG.text, Literal(extra.text)))
        if extra.preposition:
            g.add((arg, KG.preposition, Literal(extra.preposition)))
        if extra.entity_id:
            g.add((arg, KG.entity, entity(extra.entity_id)))
    g.add((port, relation("fine"), acme))
    add_relation(g, "fine-in", "fine in")
    add_statement(
        g, FINED, "fine in", harbour, (30, 44), "in the harbour", "svo+place", ((19, 24), (25, 29))
    )
    g.add((port, relation("fine-in"), harbour))

    add_relation(g, "pay", "pay")
    add_statement(
        g, NOT_PAID, "pay", Literal("the fine"), (63, 71), "the fine", "svo"
    )  # negated: no edge
    add_relation(g, "sue", "sue")
    add_statement(g, MAY_SUE, "sue", None, None, None, "intransitive")  # hedged, no object: no edge


def expected_document_b(g: Graph) -> None:
    """Document b added after a: one node per entity, first label and type win, counts add up."""
    add_document_node(g, "b", "b.txt")
    port, acme = entity("port-authority"), entity("acme")
    g.set((port, KG.mentionCount, Literal(2 + 4)))
    g.add((port, SKOS.altLabel, Literal("Harbour Authority")))
    g.add((port, SKOS.altLabel, Literal("The Harbour Authority")))
    g.set((acme, KG.mentionCount, Literal(3 + 1)))
    g.add((acme, SKOS.altLabel, Literal("Acme Ltd")))
    add_sentence(g, B0)
    triple = DOC_B.triples[0]
    add_statement(
        g, triple, "Fine", acme, (28, 32), "Acme", "svo"
    )  # rel:fine, labelled "fine" already
    g.add((port, relation("fine"), acme))


def same_triples(got: Graph, want: Graph) -> None:
    missing, extra = set(want) - set(got), set(got) - set(want)
    assert not missing and not extra, (
        f"missing {sorted(missing)[:5]}, unexpected {sorted(extra)[:5]}"
    )
    assert len(got) == len(want)


def test_two_documents_give_the_model_triple_by_triple():
    builder = GraphBuilder(base_iri=BASE)
    builder.add_document(DOC_A, source="a.txt")
    builder.add_document(DOC_B, source="b.txt")
    want = Graph()
    expected_document_a(want, "a.txt")
    expected_document_b(want)
    same_triples(builder.graph, want)
    assert set(builder.triples()) == set(want)


def test_triples_without_a_graph_are_the_graph_triples():
    builder = GraphBuilder(base_iri=BASE)
    builder.add_document(DOC_A)
    builder.add_document(DOC_B, source="b.txt")
    triples = builder.triples()
    assert len(triples) == len(set(triples))
    assert set(triples) == set(builder.graph)


def test_asking_for_the_graph_between_documents_changes_nothing():
    once = GraphBuilder(base_iri=BASE)
    stepwise = GraphBuilder(base_iri=BASE)
    for document, source in [(DOC_A, "a.txt"), (DOC_B, "b.txt"), (DOC_A, "again.txt")]:
        once.add_document(document, source=source)
        stepwise.add_document(document, source=source)
        graph = stepwise.graph
    assert graph is stepwise.graph
    same_triples(stepwise.graph, once.graph)
    # document a twice: its label and source are set, its entities' counts add up again
    assert set(graph.objects(URIRef(f"{BASE}document/a"), KG.source)) == {Literal("again.txt")}
    assert set(graph.objects(entity("acme"), KG.mentionCount)) == {Literal(3 + 1 + 3)}


def test_a_given_graph_is_updated_in_place_and_its_entities_merge():
    given = Graph()
    port = entity("port-authority")
    given.add((port, RDF.type, KG.Entity))
    given.add((port, RDF.type, SCHEMA.Organization))
    given.add((port, RDFS.label, Literal("PA")))
    given.add((port, KG.mentionCount, Literal(5)))
    given.add((relation("pay"), RDF.type, KG.Relation))  # declared already: not labelled again
    given.add((URIRef(f"{BASE}document/a"), KG.source, Literal("old.txt")))
    given.add((URIRef("http://ex.test/other"), RDFS.comment, Literal("kept")))
    want = Graph()
    for triple in given:
        want.add(triple)

    builder = GraphBuilder(given, base_iri=BASE)
    builder.add_document(DOC_A, source="a.txt")
    assert builder.graph is given

    # what the builder used to do, adding straight into the given graph
    expected_document_a(want, "a.txt")
    want.remove((port, RDF.type, SCHEMA.GovernmentOrganization))  # the first type stays
    want.remove((port, RDFS.label, Literal("Port Authority")))  # the first label stays ...
    want.add((port, SKOS.altLabel, Literal("Port Authority")))  # ... the new one is an alias
    want.set((port, KG.mentionCount, Literal(5 + 2)))
    want.remove((relation("pay"), RDF.type, RDF.Property))
    want.remove((relation("pay"), RDFS.label, Literal("pay")))
    same_triples(given, want)
