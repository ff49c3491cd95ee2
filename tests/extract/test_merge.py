"""The one entity-merge rule: first label and type win, everything else combines."""

from __future__ import annotations

from extract.merge import merge_entity
from extract.model import DocumentGraph, Entity, EntityType
from extract.pipeline import merge_graphs

FIRST = Entity(
    "acme",
    "Acme",
    EntityType.ORGANIZATION,
    ("Acme Corp", "the firm"),
    3,
    ("a maker",),
    ("exact: a -> b",),
)
LATER = Entity(
    "acme",
    "ACME",
    EntityType.PLACE,
    ("Acme", "Acme Corp"),
    2,
    ("a maker", "a rival"),
    ("head: c -> d",),
)


def test_first_label_and_type_win_and_the_later_label_becomes_an_alias():
    merged = merge_entity(FIRST, LATER)
    assert (merged.label, merged.type) == ("Acme", EntityType.ORGANIZATION)
    assert merged.aliases == ("ACME", "Acme Corp", "the firm")  # sorted, the first label left out


def test_counts_add_and_descriptions_and_evidence_are_kept_once_in_order():
    merged = merge_entity(FIRST, LATER)
    assert merged.mentions == 5
    assert merged.descriptions == ("a maker", "a rival")
    assert merged.evidence == ("exact: a -> b", "head: c -> d")


def test_unsorted_merge_keeps_the_order_of_first_sight():
    assert merge_entity(FIRST, LATER, sort_aliases=False).aliases == (
        "Acme Corp",
        "the firm",
        "ACME",
    )


def test_sections_of_one_document_merge_by_the_same_rule():
    parts = [DocumentGraph("d", (entity,), (), (), ()) for entity in (FIRST, LATER)]
    assert merge_graphs(parts).entities == (merge_entity(FIRST, LATER),)
