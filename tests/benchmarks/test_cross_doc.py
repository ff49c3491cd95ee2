"""benchmarks/cross_doc.py: its counting, on tiny documents written here (never on the corpus)."""

from __future__ import annotations

from benchmarks import cross_doc
from extract.model import DocumentGraph, Entity, EntityType, Mention, SentenceRef


def _doc(doc: str, text: str, entities: list[tuple[str, str, EntityType, str]]) -> DocumentGraph:
    """One sentence; `entities` are (id, label, type, mention kind), each mentioned by its label."""
    sentence = SentenceRef(doc, 0, text, 0, len(text))
    mentions = tuple(
        Mention(label, text.index(label), text.index(label) + len(label), 0, eid, kind)
        for eid, label, _, kind in entities
    )
    return DocumentGraph(
        doc=doc,
        entities=tuple(Entity(eid, label, kind, mentions=1) for eid, label, kind, _ in entities),
        mentions=mentions,
        triples=(),
        sentences=(sentence,),
    )


def test_counts_named_merges_apart_from_concepts_and_reports_what_must_not_happen():
    a = _doc(
        "a",
        "Liverpool beat the people of Leeds in the US.",
        [
            ("liverpool", "Liverpool", EntityType.PLACE, "name"),
            ("a.people", "people", EntityType.CONCEPT, "bare"),
            ("leeds", "Leeds", EntityType.ORGANIZATION, "name"),
            ("us", "US", EntityType.PLACE, "name"),
        ],
    )
    b = _doc(
        "b",
        "Liverpool and the people in the US and America.",
        [
            ("liverpool", "Liverpool", EntityType.ORGANIZATION, "name"),
            ("b.people", "people", EntityType.CONCEPT, "bare"),
            (
                "a.people",
                "people",
                EntityType.CONCEPT,
                "bare",
            ),  # a concept id leaking across documents
            ("america", "America", EntityType.PLACE, "name"),
        ],
    )
    # in b, "US" was resolved to the America node: one name, two IRIs across the build
    at = b.sentences[0].text.index("US")
    b = DocumentGraph(
        b.doc,
        b.entities,
        b.mentions + (Mention("US", at, at + 2, 0, "america", "name"),),
        (),
        b.sentences,
    )
    counts = cross_doc.CrossDocCounts()
    counts.add(a)
    counts.add(b)

    assert counts.documents == 2
    assert [s.id for s in counts.named()] == ["liverpool"]
    assert [s.id for s in counts.shared_concepts()] == ["a.people"]
    assert [s.id for s in counts.type_conflicts()] == ["liverpool"]
    assert counts.type_conflicts()[0].type_names == ["Organization", "Place"]
    assert counts.multi_iri_names() == [("us", {"us": {"a"}, "america": {"b"}})]
    assert counts.spreads["liverpool"].sentences == {
        "a": "[[Liverpool]] beat the people of Leeds in the US.",
        "b": "[[Liverpool]] and the people in the US and America.",
    }


def test_lowercase_names_and_sample_are_stable():
    docs = [
        _doc(
            d,
            "It cost 5m on TV.",
            [("m", "m", EntityType.CONCEPT, "name"), ("tv", "TV", EntityType.CONCEPT, "name")],
        )
        for d in "abc"
    ]
    counts = cross_doc.CrossDocCounts(quoted=2)
    for doc in docs:
        counts.add(doc)
    assert [s.label for s in counts.lowercase_names()] == ["m"]
    assert list(counts.spreads["tv"].sentences) == [
        "a",
        "b",
    ]  # only `quoted` documents keep a sentence
    merges = counts.named()
    assert cross_doc.sample(merges, 1, seed=1) == cross_doc.sample(merges, 1, seed=1)
    assert len(cross_doc.sample(merges, 5, seed=1)) == 2


def test_in_context_marks_the_mention_and_cuts_long_sentences():
    text = "x" * 200 + " Tony Blair " + "y" * 200
    sentence = SentenceRef("a", 0, text, 1000, 1000 + len(text))
    mention = Mention("Tony Blair", 1201, 1211, 0, "tony-blair", "name")
    shown = cross_doc.in_context(mention, sentence, window=5)
    assert shown == "...xxxx [[Tony Blair]] yyyy..."


def test_real_extraction_merges_a_name_across_documents_but_never_a_concept(nlp):
    from extract.pipeline import extract_documents

    texts = [
        ("one", "Tony Blair met the people in Leeds. The people were angry."),
        ("two", "Tony Blair spoke to the people in Paris. The people cheered."),
    ]
    counts, entities = cross_doc.run(extract_documents(nlp, texts))
    assert counts.documents == 2
    assert "tony-blair" in {s.id for s in counts.named()}
    assert counts.shared_concepts() == []
    people = sorted(eid for eid, s in counts.spreads.items() if s.label.lower() == "people")
    assert people == ["one.people", "two.people"]  # one node per document
    assert entities == len(counts.spreads)  # every entity id is one node of the graph
