"""The vocabulary kg-builder mints, as a closed rdflib namespace.

`KG` is closed (`_fail = True`): a typo such as `KG.confidense` raises instead of
silently minting a new IRI. The same terms are written down, with labels and
comments, in `graph/rdf/ontology.ttl`, and `graph/rdf/shapes.ttl` describes a valid
output graph.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from extract.model import EntityType

ONTOLOGY_IRI = "https://w3id.org/kg-builder/ontology#"
DEFAULT_BASE_IRI = "https://example.org/kg/"

SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")


class KG(DefinedNamespace):
    """kg-builder's own terms."""

    _NS = Namespace(ONTOLOGY_IRI)
    _fail = True

    # classes
    Entity: URIRef  # anything a node stands for
    Concept: URIRef  # a thing named by a common noun phrase only
    Group: URIRef  # nationality, religious or political group
    Statement: URIRef  # one extracted triple with its provenance
    Sentence: URIRef
    Document: URIRef
    Argument: URIRef  # an extra (n-ary) argument of a statement
    Relation: URIRef  # a predicate minted from a relation phrase

    # statement properties
    subjectText: URIRef
    relationText: URIRef
    objectText: URIRef
    negated: URIRef
    modality: URIRef
    asserted: URIRef  # true when the statement also stands as a direct edge
    attributedTo: URIRef
    confidence: URIRef
    rule: URIRef
    sentence: URIRef
    argument: URIRef

    # argument properties
    role: URIRef
    text: URIRef
    preposition: URIRef
    entity: URIRef

    # sentence / document properties
    index: URIRef
    startChar: URIRef
    endChar: URIRef
    document: URIRef
    source: URIRef
    contentHash: URIRef  # sha256 of a document's text (stores skip known documents)
    minConfidence: URIRef  # the direct-edge threshold a document was built with

    # entity properties
    mentionCount: URIRef


#: RDF class for each entity type (schema.org where it has one).
TYPE_CLASS: dict[EntityType, URIRef] = {
    EntityType.GOVERNMENT_BODY: SCHEMA.GovernmentOrganization,
    EntityType.ORGANIZATION: SCHEMA.Organization,
    EntityType.PERSON: SCHEMA.Person,
    EntityType.PLACE: SCHEMA.Place,
    EntityType.LEGISLATION: SCHEMA.Legislation,
    EntityType.GROUP: KG.Group,
    EntityType.EVENT: SCHEMA.Event,
    EntityType.PRODUCT: SCHEMA.Product,
    EntityType.WORK: SCHEMA.CreativeWork,
    EntityType.CONCEPT: KG.Concept,
}
CLASS_TYPE: dict[URIRef, EntityType] = {v: k for k, v in TYPE_CLASS.items()}
