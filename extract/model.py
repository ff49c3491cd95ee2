"""Plain, frozen data passed from `extract` to `graph`.

Everything here is strings, numbers and character offsets into the original
document text: no spaCy objects, so results are hashable, picklable (worker
processes, Dask) and serialisable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class EntityType(StrEnum):
    """The closed set of entity types; `graph.rdf.vocab` maps each to an RDF class."""

    GOVERNMENT_BODY = "GovernmentOrganization"
    ORGANIZATION = "Organization"
    PERSON = "Person"
    PLACE = "Place"
    LEGISLATION = "Legislation"
    GROUP = "Group"  # nationalities, religious or political groups (spaCy NORP)
    EVENT = "Event"
    PRODUCT = "Product"
    WORK = "CreativeWork"
    CONCEPT = "Concept"  # any other noun phrase used as an argument


@dataclass(frozen=True)
class SentenceRef:
    """Where a fact came from: document id, 0-based sentence index, text, offsets."""

    doc: str
    index: int
    text: str
    start: int  # character offset of the sentence in the document
    end: int


@dataclass(frozen=True)
class Mention:
    """A span of a document that refers to an entity (offsets into the document)."""

    text: str
    start: int
    end: int
    sentence: int
    entity_id: str
    kind: str  # "name", "definite", "indefinite", "pronoun", "bare"


@dataclass(frozen=True)
class Entity:
    """One real-world thing after resolution: canonical label, one type, every alias."""

    id: str  # stable: a name's from the normalised name; a description's scoped to its document
    label: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    mentions: int = 0
    descriptions: tuple[
        str, ...
    ] = ()  # what appositions and predicate nouns say it is ("a director")
    evidence: tuple[str, ...] = ()  # why its mentions are one thing: "pass: mention -> antecedent"


@dataclass(frozen=True)
class Argument:
    """A triple argument: its surface text, document offsets and resolved entity id.

    `role` is "subject" or "object" for the two core arguments; extra arguments
    carry "time", "place", "manner" or "arg", and `preposition` holds the
    preposition that introduced them ("from", "in", ...), if any.
    """

    text: str
    start: int
    end: int
    role: str
    entity_id: str | None = None
    preposition: str | None = None


@dataclass(frozen=True)
class Relation:
    """The relation phrase as written (a substring of the sentence) and normalised."""

    text: str  # surface, e.g. "was accompanied by"
    lemma: str  # normalised predicate key, e.g. "accompany by"
    start: int
    end: int


@dataclass(frozen=True)
class Triple:
    """subject - relation - object, with its qualifiers and provenance."""

    subject: Argument
    relation: Relation
    object: Argument | None
    sentence: SentenceRef
    rule: str
    extras: tuple[Argument, ...] = ()
    negated: bool = False
    modality: str | None = None
    attributed_to: str | None = None  # entity id of the speaker/source
    confidence: float = 0.5

    @property
    def hedged(self) -> bool:
        return self.modality is not None

    @property
    def asserted(self) -> bool:
        """A positive, unhedged fact: the only kind that becomes a direct edge."""
        return not self.negated and self.modality is None


@dataclass(frozen=True)
class DocumentGraph:
    """Everything extracted from one document."""

    doc: str
    entities: tuple[Entity, ...]
    mentions: tuple[Mention, ...]
    triples: tuple[Triple, ...]
    sentences: tuple[SentenceRef, ...] = field(default=())

    def entity(self, entity_id: str | None) -> Entity | None:
        if entity_id is None:
            return None
        for e in self.entities:
            if e.id == entity_id:
                return e
        return None
