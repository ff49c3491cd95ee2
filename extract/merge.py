"""One entity seen twice (two clusters, two sections, two documents): the one rule that makes it one.

The first sighting's label and type win; the later label, when it differs, becomes an alias
like every other surface form; mention counts add up; descriptions and evidence are kept
once each, in the order they were seen. The graph applies the same rule to what it has
already written (`graph.rdf.model.GraphBuilder`, `graph.store.kgstore`: other labels become
skos:altLabel, kg:mentionCount is summed).
"""

from __future__ import annotations

from dataclasses import replace

from extract.ids import alias_order
from extract.model import Entity


def merge_entity(known: Entity, other: Entity, *, sort_aliases: bool = True) -> Entity:
    """`known` and `other` (the same id) as one Entity: `known`'s label and type, everything else combined.

    Aliases are sorted (`extract.ids.alias_order`) as an extracted Entity's are, or with
    `sort_aliases=False` kept in the order they were first seen (`known`'s first).

    >>> from extract.model import EntityType
    >>> a = Entity("acme", "Acme", EntityType.ORGANIZATION, ("Acme Corp",), 2, ("a firm",))
    >>> b = Entity("acme", "ACME", EntityType.PLACE, ("Acme",), 1, ("a firm", "a maker"))
    >>> merged = merge_entity(a, b)
    >>> merged.label, merged.type.name, merged.aliases, merged.mentions, merged.descriptions
    ('Acme', 'ORGANIZATION', ('ACME', 'Acme Corp'), 3, ('a firm', 'a maker'))
    """
    seen = (*known.aliases, other.label, *other.aliases)
    aliases = tuple(a for a in dict.fromkeys(seen) if a != known.label)
    return replace(
        known,
        aliases=tuple(sorted(aliases, key=alias_order)) if sort_aliases else aliases,
        mentions=known.mentions + other.mentions,
        descriptions=tuple(dict.fromkeys(known.descriptions + other.descriptions)),
        evidence=known.evidence + other.evidence,
    )
