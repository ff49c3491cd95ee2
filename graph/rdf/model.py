"""Extracted documents -> an rdflib Graph, following docs/rdf-model.md.

- Entities are IRIs under the base (`<base>entity/<id>`), typed with one
  schema.org (or kg:) class, labelled, aliases as skos:altLabel.
- A positive, unhedged triple whose calibrated confidence reaches the builder's
  `min_confidence` (`extract.confidence`) is also a direct edge `subject predicate object`;
  a negated or hedged one, or one below the threshold, only exists as its statement node.
- Every triple has a statement node (rdf:Statement reification) with the
  source sentence, confidence, flags, attribution and rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import chain
from types import SimpleNamespace

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from extract.collector import collector_paused
from extract.confidence import min_confidence as default_min_confidence
from extract.errors import KgError, OptionError
from extract.ids import document_slug, slug, statement_id
from extract.merge import merge_entity
from extract.model import Argument, DocumentGraph, Entity, Triple
from graph.rdf.vocab import DEFAULT_BASE_IRI, KG, PROV, SCHEMA, TYPE_CLASS

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

Term = URIRef | BNode | Literal
RdfTriple = tuple[Term, Term, Term]

# the vocabulary as plain attributes: a (Defined)Namespace attribute is a lookup on every use
_kg = SimpleNamespace(**{name: KG[name] for name in KG.__annotations__})
_rdf = SimpleNamespace(
    **{
        name: RDF[name]
        for name in ("type", "Property", "Statement", "subject", "predicate", "object")
    }
)
_LABEL = RDFS.label
_ALT_LABEL = SKOS.altLabel
_DESCRIPTION = SCHEMA.description
_PROV_ENTITY = PROV.Entity
_DERIVED_FROM = PROV.wasDerivedFrom
_IDENTIFIER = DCTERMS.identifier
_TRUE = Literal(True)
_FALSE = Literal(False)


@lru_cache(maxsize=65536, typed=True)
def _integer(value: int) -> Literal:
    return Literal(value)


@lru_cache(maxsize=4096, typed=True)
def _confidence(value: float) -> Literal:
    return Literal(Decimal(str(value)), datatype=XSD.decimal)


@lru_cache(maxsize=4096)
def _word(text: str) -> Literal:
    """A literal for short strings that recur (rules, roles, prepositions, relation words)."""
    return Literal(text)


class InvalidIriError(KgError, ValueError):
    """A base IRI that would make invalid RDF."""


class GraphBuilder:
    """Adds documents one at a time (entities merge by IRI) and gives an rdflib Graph.

    The triples are kept on the Python side (an insertion-ordered dict used as
    a set, and plain dicts for entity labels, mention counts and declared
    relations): rdflib's Memory store costs tens of microseconds per
    `Graph.add` and lookup, which made building the graph a third of the cost
    of parsing. The Graph is made when `.graph` is first asked for and brought
    up to date on later uses; `triples()` gives the triples without one (for
    writing files).

    A Graph passed in is the one `.graph` returns, updated in place: its
    triples are kept and its entities merge with the new ones by
    `extract.merge.merge_entity` (first label and type win, other labels become
    skos:altLabel, kg:mentionCount is summed), as if every triple had been added
    to it directly.

    `min_confidence`: a positive, unhedged statement stands as a direct edge only when its
    confidence is at least this (default: the calibrated model's, `extract.confidence.min_confidence()`);
    every statement keeps its statement node either way. It is recorded on each document node
    (`kg:minConfidence`).
    """

    def __init__(
        self,
        graph: Graph | None = None,
        *,
        base_iri: str = DEFAULT_BASE_IRI,
        min_confidence: float | None = None,
    ):
        if min_confidence is None:
            min_confidence = default_min_confidence()
        if not 0.0 <= min_confidence <= 1.0:
            raise OptionError(
                "{min_confidence} must be between 0 and 1, got {value}", value=min_confidence
            )
        self.min_confidence = float(min_confidence)
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", base_iri):
            raise InvalidIriError.naming(
                '{base_iri} must be an absolute IRI without spaces or <>"{{}}|\\^`, got {value!r}',
                value=base_iri,
            )
        if not base_iri.endswith(("/", "#")):
            base_iri += "/"
        self.base = base_iri
        #: the Graph the triples end up in: the one given, else made by `.graph`
        self._graph = graph
        if graph is not None:
            bind_prefixes(graph, base_iri)
        # triples not yet in self._graph: added ones, and `Graph.set` ones by (s, p)
        self._added: dict[RdfTriple, None] = {}
        self._replaced: dict[tuple[Term, Term], Term] = {}
        # what the Graph would answer, for what this builder added since the last flush
        self._labels: dict[URIRef, str] = {}
        self._mention_counts: dict[URIRef, int] = {}
        self._declared_relations: set[URIRef] = set()
        # IRIs by what they are minted from (pure functions of the base)
        self._entity_iris: dict[str, URIRef] = {}
        self._relation_iris: dict[str, URIRef] = {}
        self._sentence_iris: dict[tuple[str, int], URIRef] = {}

    # IRIs ---------------------------------------------------------------
    def entity_iri(self, entity_id: str) -> URIRef:
        return URIRef(f"{self.base}entity/{entity_id}")

    def relation_iri(self, lemma: str) -> URIRef:
        return URIRef(f"{self.base}relation/{slug(lemma)}")

    def document_iri(self, doc: str) -> URIRef:
        # document_slug, not slug: "a b" and "a-b" are two documents
        return URIRef(f"{self.base}document/{document_slug(doc)}")

    def sentence_iri(self, doc: str, index: int) -> URIRef:
        # `<base>sentence/<document slug>.<index>`: a prefixed name with no escaped "/" (sent:seed.4)
        return URIRef(f"{self.base}sentence/{document_slug(doc)}.{index}")

    def _entity(self, entity_id: str) -> URIRef:
        iri = self._entity_iris.get(entity_id)
        if iri is None:
            iri = self._entity_iris[entity_id] = self.entity_iri(entity_id)
        return iri

    def _sentence(self, doc: str, index: int) -> URIRef:
        iri = self._sentence_iris.get((doc, index))
        if iri is None:
            iri = self._sentence_iris[(doc, index)] = self.sentence_iri(doc, index)
        return iri

    # the graph ----------------------------------------------------------
    @property
    def graph(self) -> Graph:
        """The rdflib Graph of everything added so far (made once, then kept up to date)."""
        graph = self._graph
        if graph is None:
            graph = self._graph = Graph()
            bind_prefixes(graph, self.base)
        if self._added or self._replaced:
            for s, p in self._replaced:
                graph.remove((s, p, None))
            graph.addN((s, p, o, graph) for s, p, o in self._pending())
            self._added.clear()
            self._replaced.clear()
            # from now on the Graph answers (it may be changed between documents)
            self._labels.clear()
            self._mention_counts.clear()
            self._declared_relations.clear()
        return graph

    def triples(self) -> list[RdfTriple]:
        """Every triple of the graph, without making an rdflib Graph when none is needed yet."""
        if self._graph is None:
            return list(self._pending())
        # rdflib types a Graph's terms as any Node; this one holds only the terms added here
        return list(self.graph)  # type: ignore[arg-type]

    def _pending(self) -> Iterable[RdfTriple]:
        return chain(self._added, ((s, p, o) for (s, p), o in self._replaced.items()))

    # what the graph holds -------------------------------------------------
    def _label(self, iri: URIRef) -> str | None:
        label = self._labels.get(iri)
        if label is None and self._graph is not None:
            known = self._graph.value(iri, _LABEL)
            if known is not None:
                label = self._labels[iri] = str(known)
        return label

    def _mention_count(self, iri: URIRef) -> int:
        count = self._mention_counts.get(iri)
        if count is None:
            known = self._graph.value(iri, _kg.mentionCount) if self._graph is not None else None
            count = int(known or 0)
        return count

    def _is_declared(self, relation: URIRef) -> bool:
        if relation in self._declared_relations:
            return True
        return self._graph is not None and (relation, _rdf.type, _kg.Relation) in self._graph

    # adding -------------------------------------------------------------
    @collector_paused  # tens of thousands of new tuples and literals, none in a cycle
    def add_document(
        self, document: DocumentGraph, *, source: str | None = None, identifier: str | None = None
    ) -> None:
        """Add one document; `identifier` is the id the user gave it (default: `document.doc`).

        The id the user gave is kept as `dcterms:identifier`: `document.doc` may
        have been made distinct ("report-3f2a1b9c" for a second "report") and the
        IRI segment is a slug, neither of which a user would search for.
        """
        add = self._added.setdefault
        doc_iri = self.document_iri(document.doc)
        add((doc_iri, _rdf.type, _kg.Document))
        add((doc_iri, _rdf.type, _PROV_ENTITY))
        self._replaced[(doc_iri, _LABEL)] = Literal(document.doc)
        self._replaced[(doc_iri, _IDENTIFIER)] = Literal(
            document.doc if identifier is None else identifier
        )
        if source is not None:
            self._replaced[(doc_iri, _kg.source)] = Literal(source)
        self._replaced[(doc_iri, _kg.minConfidence)] = _confidence(self.min_confidence)
        for entity in document.entities:
            self._add_entity(entity)
        for sentence in document.sentences:
            s = self._sentence(sentence.doc, sentence.index)
            add((s, _rdf.type, _kg.Sentence))
            add((s, _kg.text, Literal(sentence.text)))
            add((s, _kg.index, _integer(sentence.index)))
            add((s, _kg.startChar, _integer(sentence.start)))
            add((s, _kg.endChar, _integer(sentence.end)))
            add((s, _kg.document, doc_iri))
        for triple in document.triples:
            self._add_triple(triple)

    def _add_entity(self, entity: Entity) -> None:
        add = self._added.setdefault
        iri = self._entity(entity.id)
        known = self._label(iri)
        if known is None:
            add((iri, _rdf.type, _kg.Entity))
            add((iri, _rdf.type, TYPE_CLASS[entity.type]))
            add((iri, _LABEL, Literal(entity.label)))
            add((iri, _kg.mentionCount, _integer(entity.mentions)))
            self._labels[iri] = entity.label
            self._mention_counts[iri] = entity.mentions
            names = entity
        else:
            # the same thing named in another document: one node, merged by the one rule
            # (extract.merge.merge_entity) with what the graph holds of it, its label and count
            # (its type is not written again: the first document's stays)
            count = self._mention_count(iri)
            written = Entity(entity.id, known, entity.type, mentions=count)
            names = merge_entity(written, entity, sort_aliases=False)
            self._added.pop((iri, _kg.mentionCount, _integer(count)), None)
            self._replaced[(iri, _kg.mentionCount)] = _integer(names.mentions)
            self._mention_counts[iri] = names.mentions
        for alias in names.aliases:
            if alias != names.label:
                add((iri, _ALT_LABEL, Literal(alias)))
        for description in names.descriptions:  # "Ann Lee, a director": what the text says it is
            add((iri, _DESCRIPTION, Literal(description)))

    def _predicate(self, lemma: str) -> URIRef:
        iri = self._relation_iris.get(lemma)
        if iri is None:
            iri = self._relation_iris[lemma] = self.relation_iri(lemma)
        if not self._is_declared(iri):
            add = self._added.setdefault
            add((iri, _rdf.type, _rdf.Property))
            add((iri, _rdf.type, _kg.Relation))
            add((iri, _LABEL, Literal(lemma)))
            self._declared_relations.add(iri)
        return iri

    def _node(self, argument: Argument) -> URIRef | Literal:
        if argument.entity_id is not None:
            return self._entity(argument.entity_id)
        return Literal(argument.text)

    def _add_triple(self, triple: Triple) -> None:
        if triple.subject.entity_id is None:
            return  # a subject must be a node; clausal subjects are left out
        subject = self._entity(triple.subject.entity_id)
        for edge in triple_edges(triple):
            self._add_statement(
                triple, subject, edge.lemma, edge.argument, edge.extras, edge.rule, frame=edge.frame
            )

    def _add_statement(
        self,
        triple: Triple,
        subject: URIRef,
        lemma: str,
        argument: Argument | None,
        extras: tuple[Argument, ...],
        rule: str,
        *,
        frame: bool = False,
    ) -> URIRef:
        add = self._added.setdefault
        predicate = self._predicate(lemma)
        obj = self._node(argument) if argument is not None else None
        sid = statement_id(
            triple.sentence.doc,
            triple.sentence.index,
            (triple.subject.start, triple.subject.end),
            lemma,
            (argument.start, argument.end) if argument else None,
            rule,
            derived_from=None
            if argument is None or argument is triple.object
            else _triple_span(triple),
        )
        st = URIRef(f"{self.base}statement/{sid}")
        sentence = self._sentence(triple.sentence.doc, triple.sentence.index)
        add((st, _rdf.type, _kg.Statement))
        add((st, _rdf.type, _rdf.Statement))
        add((st, _rdf.subject, subject))
        add((st, _rdf.predicate, predicate))
        if obj is not None and argument is not None:
            add((st, _rdf.object, obj))
            add((st, _kg.objectText, Literal(argument.text)))
        add((st, _kg.subjectText, Literal(triple.subject.text)))
        add((st, _kg.relationText, _word(triple.relation.text)))
        negated, modality = (False, None) if frame else (triple.negated, triple.modality)
        # a direct edge only for a positive, unhedged statement at or above the threshold
        asserted = not negated and modality is None and triple.confidence >= self.min_confidence
        add((st, _kg.negated, _TRUE if negated else _FALSE))
        add((st, _kg.asserted, _TRUE if asserted else _FALSE))
        if modality is not None:
            add((st, _kg.modality, _word(modality)))
        if triple.attributed_to is not None:
            add((st, _kg.attributedTo, self._entity(triple.attributed_to)))
        add((st, _kg.confidence, _confidence(triple.confidence)))
        add((st, _kg.rule, _word(rule)))
        add((st, _kg.sentence, sentence))
        add((st, _DERIVED_FROM, sentence))
        for extra in extras:
            arg = BNode(f"{sid}a{extra.start}")
            add((st, _kg.argument, arg))
            add((arg, _rdf.type, _kg.Argument))
            add((arg, _kg.role, _word(extra.role)))
            add((arg, _kg.text, Literal(extra.text)))
            if extra.preposition:
                add((arg, _kg.preposition, _word(extra.preposition)))
            if extra.entity_id is not None:
                add((arg, _kg.entity, self._entity(extra.entity_id)))
        if asserted and obj is not None:
            add((subject, predicate, obj))
        return st


def _triple_span(triple: Triple) -> tuple:
    """Where a triple sits in its sentence (relation and object spans): tells apart triples that share a subject."""
    obj = (triple.object.start, triple.object.end) if triple.object is not None else None
    return (triple.relation.start, triple.relation.end), obj


@dataclass(frozen=True)
class Edge:
    """One binary statement the graph holds for a triple: subject -lemma-> argument."""

    lemma: str
    argument: Argument | None  # the object (None for an intransitive relation) or an extra argument
    extras: tuple[Argument, ...]  # arguments kept on the statement node (the main edge only)
    rule: str
    frame: bool = (
        False  # "Under the law, X ...": X stands under the law whatever the clause says of X
    )


def triple_edges(triple: Triple) -> list[Edge]:
    """The statements a triple becomes: its main edge, then one per prepositional entity argument.

    "stole data from X": a prepositional argument that is an entity gets its own statement (and, when
    asserted, its own edge `subject steal-from X`) so X is linked too. A triple whose subject is no
    entity (a clausal subject) becomes nothing.
    """
    if triple.subject.entity_id is None:
        return []
    lemma = triple.relation.lemma
    edges = [Edge(lemma, triple.object, triple.extras, triple.rule)]
    for extra in triple.extras:
        if extra.entity_id is None or not extra.preposition:
            continue
        if triple.object is not None and extra.preposition in _OBJECT_PREDICATIVE:
            continue  # "turned the building into a studio": the studio is the building's, not his
        if (
            extra.role == "context"
        ):  # the frame of the clause: (definition of espionage, under, law)
            edges.append(Edge(extra.preposition, extra, (), f"{triple.rule}+context", frame=True))
            continue
        words = lemma.split()
        if len(words) > 1 and words[-1] in _PREPOSITIONS and words[-1] != extra.preposition:
            words = words[
                :-1
            ]  # a predicate holds one preposition: "be limited to" + "under" -> "be limited under"
        via = (
            " ".join(words)
            if words[-1] == extra.preposition
            else f"{' '.join(words)} {extra.preposition}"
        )
        edges.append(Edge(via, extra, (), f"{triple.rule}+{extra.role}"))
    return edges


#: Prepositions that, after a direct object, say what the object becomes or is taken for ("turned
#: X into Y", "named X as Y"): no edge from the subject.
_OBJECT_PREDICATIVE = frozenset({"into", "as"})

_PREPOSITIONS = frozenset(
    """about above across after against along among around as at before behind below beneath beside
    between beyond by despite down during for from in inside into like near of off on onto out outside
    over past per since than through throughout to toward towards under until up upon via with within
    without""".split()
)


def status_of(*, negated: bool, modality: str | None, speaker: str | None) -> str:
    """fact, reported, negated or hedged: what a reader may take a statement for (negation first).

    From the three flags a statement node carries, so that readers of a graph with no Triple
    (`graph.views.export`) and of triples (`graph.commands.records.status`) say the same.
    """
    if negated:
        return "negated"
    if modality is not None:
        return "hedged"
    if speaker is not None:
        return "reported"
    return "fact"


def prefixes_for(base_iri: str = DEFAULT_BASE_IRI) -> dict[str, str]:
    """Prefix -> namespace for the vocabularies and for the data IRIs under `base_iri`."""
    return {
        **{prefix: str(ns) for prefix, ns in PREFIXES.items()},
        "entity": f"{base_iri}entity/",
        "rel": f"{base_iri}relation/",
        "stmt": f"{base_iri}statement/",
        "doc": f"{base_iri}document/",
        "sent": f"{base_iri}sentence/",
    }


def bind_prefixes(graph: Graph, base_iri: str = DEFAULT_BASE_IRI) -> None:
    """Bind the prefixes that make the Turtle read like a person wrote it."""
    for prefix, ns in prefixes_for(base_iri).items():
        graph.bind(prefix, ns, override=True)


def build_graph(
    documents: Iterable[DocumentGraph],
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    min_confidence: float | None = None,
) -> Graph:
    """An rdflib Graph of all `documents` (`min_confidence`: see `GraphBuilder`)."""
    builder = GraphBuilder(base_iri=base_iri, min_confidence=min_confidence)
    for document in documents:
        builder.add_document(document)
    return builder.graph
