"""Long and dense texts: independent sections, streamed, in batches bounded by tokens."""

from __future__ import annotations

import random
from pathlib import Path

from extract.pipeline import extract_documents, extract_sections
from extract.sections import Limits, Section, batches, iter_sections

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = sorted((ROOT / "benchmarks" / "news" / "docs").glob("*.txt"))[:3]
#: three real articles back to back: ~9,000 characters, cut into sections of at most 2,500
LONG = "\n\n".join(p.read_text(encoding="utf-8").strip() for p in ARTICLES)
SMALL = Limits(
    max_chars=4_000, max_tokens=3_000, section_chars=2_500, section_tokens=1_000, batch_tokens=1_500
)


def _comparable(graph, offset: int, first_sentence: int):
    """A graph's triples with offsets and sentence numbers relative to its own text."""
    label = {e.id: e.label for e in graph.entities}
    return [
        (
            t.sentence.index - first_sentence,
            t.sentence.text,
            t.subject.text,
            t.subject.start - offset,
            t.relation.text,
            t.object.text if t.object else None,
            t.negated,
            t.modality,
            t.confidence,
            t.rule,
            label.get(t.subject.entity_id),
            label.get(t.object.entity_id) if t.object else None,
            label.get(t.attributed_to),
        )
        for t in graph.triples
    ]


def test_each_section_gives_what_parsing_it_alone_gives(nlp):
    sections = list(iter_sections([("long", LONG)], nlp.make_doc, SMALL))
    parts = list(extract_sections(nlp, [("long", LONG)], batch_size=2, limits=SMALL))
    assert len(parts) == len(sections) >= 3
    assert [p.number for p in parts] == list(range(len(parts)))
    assert [p.last for p in parts] == [False] * (len(parts) - 1) + [True]
    first_sentence = 0
    for section, part in zip(sections, parts, strict=True):
        alone = next(extract_documents(nlp, [("long", section.text)]))
        assert part.graph.sentences[0].index == first_sentence
        assert _comparable(part.graph, section.offset, first_sentence) == _comparable(alone, 0, 0)
        assert part.graph.triples, "a section of a news article gives triples"
        for t in part.graph.triples:  # offsets are those of the whole document
            assert LONG[t.subject.start : t.subject.end] == t.subject.text
        first_sentence += len(part.graph.sentences)


def test_sections_cover_the_text_at_boundaries(nlp):
    sections = list(iter_sections([("long", LONG)], nlp.make_doc, SMALL))
    assert "".join(s.text for s in sections) == LONG
    assert [s.offset for s in sections] == [
        sum(len(s.text) for s in sections[:i]) for i in range(len(sections))
    ]
    assert all(len(s.text) <= SMALL.section_chars for s in sections)
    assert all(s.text.endswith(("\n", " ")) for s in sections[:-1])  # never inside a word


def test_an_ordinary_text_is_one_section(nlp):
    (section,) = iter_sections([("short", LONG)], nlp.make_doc, Limits())
    assert (section.number, section.offset, section.last, section.text) == (0, 0, True, LONG)
    assert section.doc is not None and section.doc.text == LONG


def test_dense_text_is_cut_by_tokens_not_only_characters(nlp):
    # random bytes: almost a token per character, so a character bound alone would not bound the parse
    text = random.Random(8).randbytes(12_000).decode("utf-8", errors="replace")
    limits = Limits(max_chars=100_000, max_tokens=2_000, section_chars=20_000, section_tokens=800)
    sections = list(iter_sections([("noise", text)], nlp.make_doc, limits))
    assert len(sections) > 1
    assert "".join(s.text for s in sections) == text
    assert all(len(nlp.make_doc(s.text)) <= 800 for s in sections)


def test_sections_stream_before_the_next_document_is_read(nlp):
    read = []

    def documents():
        for doc_id in ("long", "next"):
            read.append(doc_id)
            yield doc_id, LONG

    stream = extract_sections(nlp, documents(), batch_size=1, limits=SMALL)
    first = next(stream)
    stream.close()
    assert (first.graph.doc, first.number, first.last) == ("long", 0, False)
    assert read == ["long"]


def test_two_workers_give_the_same_sections(nlp):
    docs = [("a", LONG), ("b", "The council approved the plan. It said so."), ("c", LONG)]
    one = list(extract_sections(nlp, docs, batch_size=2, limits=SMALL))
    two = list(extract_sections(nlp, docs, batch_size=2, limits=SMALL, n_process=2))
    assert two == one
    assert [p.graph.doc for p in one if p.last] == ["a", "b", "c"]


def _section(text: str, number: int = 0) -> Section:
    return Section("d", number, 0, text, False)


def test_batches_are_bounded_by_tokens_and_count():
    sizes = [400, 700, 300, 1_600, 10, 10, 10]
    got = list(
        batches(
            [_section("x" * n, i) for i, n in enumerate(sizes)], batch_size=2, batch_tokens=1_000
        )
    )
    assert [[len(s.text) for s in batch] for batch in got] == [
        [400],
        [700, 300],
        [1_600],
        [10, 10],
        [10],
    ]


def test_a_full_batch_goes_out_before_the_next_section_is_read():
    read = []

    def sections():
        for i in range(3):
            read.append(i)
            yield _section("x" * 10, i)

    stream = batches(sections(), batch_size=2, batch_tokens=1_000)
    assert [s.number for s in next(stream)] == [0, 1]
    assert read == [0, 1]  # a live feed need not send a third document to see the first two
    assert [s.number for s in next(stream)] == [2]
