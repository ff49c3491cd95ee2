"""The plain-Python copy of a parse reads exactly what spaCy parsed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from extract.parsed import ParsedDoc

TEXTS = [
    "The regulator said on Monday that two banks, which had hidden losses, will pay fines.",
    "Anna and her brother spied on and stole designs from a rival firm in Lyon last year.",
    '  "We never agreed," the director of the Port Authority (PA) told reporters.\n\nIt was late.',
    "Rain.",
    "",
]


def _words(token):
    return [t.i for t in token]


@pytest.mark.parametrize("text", TEXTS)
def test_every_word_matches_the_spacy_token(nlp, text):
    doc = nlp(text)
    parsed = ParsedDoc.of(doc)
    assert len(parsed) == len(doc)
    assert parsed.text == doc.text
    for token, word in zip(doc, parsed, strict=True):
        for name in (
            "i",
            "text",
            "whitespace_",
            "idx",
            "lower_",
            "lemma_",
            "pos_",
            "tag_",
            "dep_",
            "ent_type_",
            "is_alpha",
            "is_punct",
            "is_space",
            "text_with_ws",
        ):
            assert getattr(word, name) == getattr(token, name), (name, token.text)
        assert word.head.i == token.head.i
        assert _words(word.children) == _words(token.children)
        assert _words(word.lefts) == _words(token.lefts)
        assert _words(word.rights) == _words(token.rights)
        assert word.left_edge.i == token.left_edge.i
        assert word.right_edge.i == token.right_edge.i
        assert _words(word.conjuncts) == _words(token.conjuncts)
        assert word.doc is parsed


@pytest.mark.parametrize("text", TEXTS)
def test_spans_match_spacy(nlp, text):
    doc = nlp(text)
    parsed = ParsedDoc.of(doc)
    for mine, theirs in (
        (parsed.sents, list(doc.sents)),
        (parsed.ents, list(doc.ents)),
        (parsed.noun_chunks, list(doc.noun_chunks)),
    ):
        assert [(s.start, s.end, s.text, s.root.i, s.label_) for s in mine] == [
            (s.start, s.end, s.text, s.root.i, s.label_) for s in theirs
        ]
        for span, spacy_span in zip(mine, theirs, strict=True):
            assert (span.start_char, span.end_char) == (spacy_span.start_char, spacy_span.end_char)
            assert _words(span) == _words(spacy_span)
            assert span[0].i == spacy_span[0].i and span[-1].i == spacy_span[-1].i


def test_slices_have_spacy_text_and_root(nlp):
    doc = nlp("The firm that the ministry named had copied secret files for a foreign agency.")
    parsed = ParsedDoc.of(doc)
    for start in range(len(doc)):
        for end in range(start + 1, len(doc) + 1):
            assert parsed[start:end].text == doc[start:end].text
            assert parsed[start:end].root.i == doc[start:end].root.i, (start, end)


@pytest.mark.slow  # a process per case: run once per CI, on the main Python only
def test_alias_order_does_not_depend_on_string_hashing(tmp_path):
    # "The government" and "the government" sort equal case-insensitively: the
    # tie must not be broken by set order, which changes with PYTHONHASHSEED
    text = tmp_path / "a.txt"
    text.write_text(
        "The government raised taxes. Critics said the government had lied. "
        "The government denied it. Later the government resigned.",
        encoding="utf-8",
    )
    outputs = set()
    for seed in ("1", "2", "3"):
        run = subprocess.run(
            [sys.executable, "-m", "graph", "entities", str(text), "--format", "json"],
            capture_output=True,
            text=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
            check=True,
        )
        outputs.add(run.stdout)
    assert len(outputs) == 1
    assert "The government" in outputs.pop()


def test_sentences_follow_a_user_hook_as_spacy_does(nlp):
    doc = nlp("The firm said it had lost the files and the ministry opened an inquiry.")
    doc.user_hooks["sents"] = lambda d: iter([d[0:4], d[4:]])
    parsed = ParsedDoc.of(doc)
    assert (
        [(s.start, s.end) for s in parsed.sents]
        == [(s.start, s.end) for s in doc.sents]
        == [(0, 4), (4, len(doc))]
    )
