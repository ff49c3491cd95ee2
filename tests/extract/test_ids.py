"""Stable ids: document ids that slugify alike keep distinct IRI segments."""

from __future__ import annotations

import pytest

from extract.ids import document_slug, slug


def test_document_slug_is_the_slug_when_that_spells_the_id():
    assert document_slug("mss-consultancy-warning") == "mss-consultancy-warning"
    assert document_slug("business-132") == "business-132"


@pytest.mark.parametrize(
    "ids",
    [
        ("a b", "a-b", "A_B", "A-B", "a--b"),
        ("x" * 80 + "one", "x" * 80 + "two", "x" * 80, "x" * 81),
    ],
)
def test_ids_that_slugify_alike_get_distinct_segments(ids):
    assert len({slug(i) for i in ids}) < len(ids)  # the clash this guards against
    segments = [document_slug(i) for i in ids]
    assert len(set(segments)) == len(ids)
    for segment in segments:
        assert set(segment) <= set("abcdefghijklmnopqrstuvwxyz0123456789-_")


def test_document_slug_depends_on_the_id_alone():
    # a sha1 prefix of the id, no counter: "a b" gets this segment in every build, on every machine
    assert document_slug("a b") == "a-b_7dbde93504"
    assert document_slug("A_B") == "a-b_c0cd2118cc"


def test_only_document_scoped_ids_hold_a_dot():
    from extract.ids import document_slug, is_document_scoped, name_slug, slug

    assert is_document_scoped(f"{document_slug('BBC report 7')}.{slug('the deal')}")
    assert not is_document_scoped(name_slug("Renault"))
    assert not is_document_scoped(name_slug("C++ Foundation"))
    assert not is_document_scoped(name_slug("St. John's Wood"))
