"""The entity graph's visual vocabulary: one colour and one name per entity type, edge styles.

Shared by the static plot (`graph.views.plot`, matplotlib) and the HTML view
(`graph.views.interactive`), so a Person is the same red in a PNG and in a browser.
This module imports neither matplotlib nor anything else heavy: the HTML path
must not pay for matplotlib.
"""

from __future__ import annotations

from collections.abc import Mapping

from extract.model import EntityType

#: One fixed colour per entity type (the same in every plot and in the HTML view).
TYPE_COLORS: dict[EntityType, str] = {
    EntityType.GOVERNMENT_BODY: "#1f77b4",  # blue
    EntityType.ORGANIZATION: "#17becf",  # cyan
    EntityType.PERSON: "#d62728",  # red
    EntityType.PLACE: "#2ca02c",  # green
    EntityType.LEGISLATION: "#8c564b",  # brown
    EntityType.GROUP: "#ff7f0e",  # orange
    EntityType.EVENT: "#9467bd",  # purple
    EntityType.PRODUCT: "#e377c2",  # pink
    EntityType.WORK: "#bcbd22",  # olive
    EntityType.CONCEPT: "#7f7f7f",  # grey
}

#: Legend text for each entity type.
TYPE_NAMES: dict[EntityType, str] = {
    EntityType.GOVERNMENT_BODY: "Government body",
    EntityType.ORGANIZATION: "Organization",
    EntityType.PERSON: "Person",
    EntityType.PLACE: "Place",
    EntityType.LEGISLATION: "Legislation",
    EntityType.GROUP: "Group",
    EntityType.EVENT: "Event",
    EntityType.PRODUCT: "Product",
    EntityType.WORK: "Creative work",
    EntityType.CONCEPT: "Concept",
}

ASSERTED_COLOR = "#4d4d4d"
UNASSERTED_COLOR = "#a6a6a6"
ASSERTED_LEGEND = "asserted"
UNASSERTED_LEGEND = "negated or hedged"

NODE_LABEL_WIDTH = 18  # characters per line before a node label wraps


def entity_type_of(value) -> EntityType:
    """An `EntityType` from a node's ``type`` attribute; unknown or missing is Concept.

    Examples
    --------
    >>> entity_type_of("Person").value, entity_type_of("Spaceship").value
    ('Person', 'Concept')
    """
    if isinstance(value, EntityType):
        return value
    try:
        return EntityType(value)
    except ValueError:
        return EntityType.CONCEPT


#: Modalities that read as an auxiliary in front of the verb ("may sue"); others
#: ("purpose", "conditional", "aim") follow the relation in parentheses.
MODAL_VERBS = frozenset(
    {"can", "could", "may", "might", "must", "shall", "should", "will", "would"}
)


def edge_text(data: Mapping) -> str:
    """What an edge label says: the relation, with "not" and the modality.

    Examples
    --------
    >>> edge_text({"relation": "sue", "modality": "may"}), edge_text({"relation": "pay", "negated": True})
    ('may sue', 'not pay')
    >>> edge_text({"relation": "remind", "modality": "purpose", "negated": True})
    'not remind (purpose)'
    """
    relation = str(data.get("relation") or "")
    modality = str(data.get("modality") or "")
    words = [relation]
    if data.get("negated"):
        words.insert(0, "not")
    if modality in MODAL_VERBS:
        words.insert(0, modality)
    elif modality:
        words.append(f"({modality})")
    return " ".join(w for w in words if w)
