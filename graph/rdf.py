"""Extracted documents -> an rdflib Graph, following docs/rdf-model.md.

- Entities are IRIs under the base (`<base>entity/<id>`), typed with one
  schema.org (or kg:) class, labelled, aliases as skos:altLabel.
- A positive, unhedged triple is also a direct edge `subject predicate object`;
  a negated or hedged one only exists as its statement node.
- Every triple has a statement node (rdf:Statement reification) with the
  source sentence, confidence, flags, attribution and rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from extract.ids import slug, statement_id
from extract.model import Argument, DocumentGraph, Entity, Triple
from graph.vocab import DEFAULT_BASE_IRI, KG, PROV, SCHEMA, TYPE_CLASS

PREFIXES = {
    "kg": KG._NS,
    "schema": SCHEMA,
    "prov": PROV,
    "skos": SKOS,
    "rdfs": RDFS,
    "rdf": RDF,
    "xsd": XSD,
    "dcterms": DCTERMS,
    "owl": OWL,
}


class InvalidIriError(ValueError):
    """A base IRI that would make invalid RDF."""


class GraphBuilder:
    """Adds documents to an rdflib Graph one at a time (entities merge by IRI)."""

    def __init__(self, graph: Graph | None = None, *, base_iri: str = DEFAULT_BASE_IRI):
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", base_iri):
            raise InvalidIriError(f"--base-iri must be an absolute IRI without spaces or <>\"{{}}|\\^`, got {base_iri!r}")
        if not base_iri.endswith(("/", "#")):
            base_iri += "/"
        self.base = base_iri
        self.graph = graph if graph is not None else Graph()
        bind_prefixes(self.graph, base_iri)

    # IRIs ---------------------------------------------------------------
    def entity_iri(self, entity_id: str) -> URIRef:
        return URIRef(f"{self.base}entity/{entity_id}")

    def relation_iri(self, lemma: str) -> URIRef:
        return URIRef(f"{self.base}relation/{slug(lemma)}")

    def document_iri(self, doc: str) -> URIRef:
        return URIRef(f"{self.base}document/{slug(doc)}")

    def sentence_iri(self, doc: str, index: int) -> URIRef:
        return URIRef(f"{self.document_iri(doc)}/sentence/{index}")

    # adding -------------------------------------------------------------
    def add_document(self, document: DocumentGraph, *, source: str | None = None) -> None:
        g = self.graph
        doc_iri = self.document_iri(document.doc)
        g.add((doc_iri, RDF.type, KG.Document))
        g.add((doc_iri, RDF.type, PROV.Entity))
        g.set((doc_iri, RDFS.label, Literal(document.doc)))
        if source is not None:
            g.set((doc_iri, KG.source, Literal(source)))
        for entity in document.entities:
            self._add_entity(entity)
        for sentence in document.sentences:
            s = self.sentence_iri(sentence.doc, sentence.index)
            g.add((s, RDF.type, KG.Sentence))
            g.add((s, KG.text, Literal(sentence.text)))
            g.add((s, KG.index, Literal(sentence.index)))
            g.add((s, KG.startChar, Literal(sentence.start)))
            g.add((s, KG.endChar, Literal(sentence.end)))
            g.add((s, KG.document, doc_iri))
        for triple in document.triples:
            self._add_triple(triple)

    def _add_entity(self, entity: Entity) -> None:
        g = self.graph
        iri = self.entity_iri(entity.id)
        known = g.value(iri, RDFS.label)
        if known is None:
            g.add((iri, RDF.type, KG.Entity))
            g.add((iri, RDF.type, TYPE_CLASS[entity.type]))
            g.add((iri, RDFS.label, Literal(entity.label)))
            g.add((iri, KG.mentionCount, Literal(entity.mentions)))
        else:
            # the same thing named in another document: one node, more aliases
            count = g.value(iri, KG.mentionCount)
            g.set((iri, KG.mentionCount, Literal(int(count or 0) + entity.mentions)))
            if str(known) != entity.label:
                g.add((iri, SKOS.altLabel, Literal(entity.label)))
        label = str(g.value(iri, RDFS.label))
        for alias in entity.aliases:
            if alias != label:
                g.add((iri, SKOS.altLabel, Literal(alias)))

    def _predicate(self, lemma: str) -> URIRef:
        iri = self.relation_iri(lemma)
        if (iri, RDF.type, KG.Relation) not in self.graph:
            self.graph.add((iri, RDF.type, RDF.Property))
            self.graph.add((iri, RDF.type, KG.Relation))
            self.graph.add((iri, RDFS.label, Literal(lemma)))
        return iri

    def _node(self, argument: Argument) -> URIRef | Literal:
        if argument.entity_id is not None:
            return self.entity_iri(argument.entity_id)
        return Literal(argument.text)

    def _add_triple(self, triple: Triple) -> None:
        if triple.subject.entity_id is None:
            return  # a subject must be a node; clausal subjects are left out
        subject = self.entity_iri(triple.subject.entity_id)
        lemma = triple.relation.lemma
        self._add_statement(triple, subject, lemma, triple.object, triple.extras, triple.rule)
        # "stole data from X": a prepositional argument that is an entity gets its
        # own statement (and, when asserted, its own edge) so X is linked too
        for extra in triple.extras:
            if extra.entity_id is not None and extra.preposition:
                via = lemma if lemma.endswith(f" {extra.preposition}") else f"{lemma} {extra.preposition}"
                self._add_statement(triple, subject, via, extra, (), f"{triple.rule}+{extra.role}")

    def _add_statement(
        self,
        triple: Triple,
        subject: URIRef,
        lemma: str,
        argument: Argument | None,
        extras: tuple[Argument, ...],
        rule: str,
    ) -> URIRef:
        g = self.graph
        predicate = self._predicate(lemma)
        obj = self._node(argument) if argument is not None else None
        sid = statement_id(
            triple.sentence.doc,
            triple.sentence.index,
            (triple.subject.start, triple.subject.end),
            lemma,
            (argument.start, argument.end) if argument else None,
            rule,
        )
        st = URIRef(f"{self.base}statement/{sid}")
        sentence = self.sentence_iri(triple.sentence.doc, triple.sentence.index)
        g.add((st, RDF.type, KG.Statement))
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, subject))
        g.add((st, RDF.predicate, predicate))
        if obj is not None:
            g.add((st, RDF.object, obj))
            g.add((st, KG.objectText, Literal(argument.text)))
        g.add((st, KG.subjectText, Literal(triple.subject.text)))
        g.add((st, KG.relationText, Literal(triple.relation.text)))
        g.add((st, KG.negated, Literal(triple.negated)))
        g.add((st, KG.asserted, Literal(triple.asserted)))
        if triple.modality is not None:
            g.add((st, KG.modality, Literal(triple.modality)))
        if triple.attributed_to is not None:
            g.add((st, KG.attributedTo, self.entity_iri(triple.attributed_to)))
        g.add((st, KG.confidence, Literal(Decimal(str(triple.confidence)), datatype=XSD.decimal)))
        g.add((st, KG.rule, Literal(rule)))
        g.add((st, KG.sentence, sentence))
        g.add((st, PROV.wasDerivedFrom, sentence))
        for extra in extras:
            arg = BNode(f"{sid}a{extra.start}")
            g.add((st, KG.argument, arg))
            g.add((arg, RDF.type, KG.Argument))
            g.add((arg, KG.role, Literal(extra.role)))
            g.add((arg, KG.text, Literal(extra.text)))
            if extra.preposition:
                g.add((arg, KG.preposition, Literal(extra.preposition)))
            if extra.entity_id is not None:
                g.add((arg, KG.entity, self.entity_iri(extra.entity_id)))
        if triple.asserted and obj is not None:
            g.add((subject, predicate, obj))
        return st


def bind_prefixes(graph: Graph, base_iri: str = DEFAULT_BASE_IRI) -> None:
    """Bind the prefixes that make the Turtle read like a person wrote it."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    graph.bind("entity", f"{base_iri}entity/", override=True)
    graph.bind("rel", f"{base_iri}relation/", override=True)
    graph.bind("stmt", f"{base_iri}statement/", override=True)
    graph.bind("doc", f"{base_iri}document/", override=True)


def build_graph(documents: Iterable[DocumentGraph], *, base_iri: str = DEFAULT_BASE_IRI) -> Graph:
    """An rdflib Graph of all `documents`."""
    builder = GraphBuilder(base_iri=base_iri)
    for document in documents:
        builder.add_document(document)
    return builder.graph
