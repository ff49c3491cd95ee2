"""Triples a reader would not sign are left out of the graph (one-sentence Open IE keeps them)."""

from __future__ import annotations

import pytest

from extract.pipeline import extract_documents


def graph_triples(nlp, text: str):
    return next(extract_documents(nlp, [("t", text)])).triples


def test_a_currency_conversion_is_not_a_fact(nlp):
    text = "The carmaker enjoyed a healthy rise in net profits to 2.4bn euros ($3.1bn; £2.9bn)."
    triples = graph_triples(nlp, text)
    assert triples
    for t in triples:
        assert not (t.relation.lemma == "be" and t.object is not None and "$" in t.object.text)
        for argument in [t.subject, t.object, *t.extras]:
            if argument is not None:
                assert argument.text.count("(") == argument.text.count(")"), argument.text


@pytest.mark.parametrize(
    "text",
    [
        "The market will grow to 912m euros (£634m) by 2012.",  # unit letters
        "Annual profit at Harlow Foods fell 12% to 3.4bn euros (£2.3bn).",  # one word
        "At the close of 2011, the fund was worth 12.4m euros (£9.12m).",  # a split amount
    ],
)
def test_a_bracketed_conversion_is_not_a_fact(nlp, text):
    for t in graph_triples(nlp, text):
        assert not (t.relation.lemma == "be" and t.object is not None and "£" in t.object.text), t


def test_names_in_a_list_are_not_identities(nlp):
    text = "The nominees are Philip Roth (US), John Updike (US), Doris Lessing (UK) and Milan Kundera (Czech Republic)."
    names = {
        "Philip Roth",
        "John Updike",
        "Doris Lessing",
        "Milan Kundera",
        "US",
        "UK",
        "Czech Republic",
    }
    triples = graph_triples(nlp, text)
    assert [
        t
        for t in triples
        if t.relation.lemma == "be" and t.object is not None and t.object.text == "John Updike"
    ]
    for t in triples:
        if t.relation.lemma == "be" and t.object is not None:
            assert not (t.subject.text in names and t.object.text in names), (
                t.subject.text,
                t.object.text,
            )


def test_a_question_word_is_never_a_subject_node(nlp):
    for t in graph_triples(nlp, "Nobody knows what triggered the stand-off between the brothers."):
        assert t.subject.text.lower() not in {"what", "who", "which"}


def test_a_place_in_brackets_after_a_person_is_where_they_are_from(nlp):
    triples = graph_triples(nlp, "The nominees include Philip Roth (US) and Ian McEwan (UK).")
    origin = [(t.subject.text, t.object.text) for t in triples if t.relation.lemma == "be from"]
    assert ("Philip Roth", "US") in origin


def test_a_reporting_verb_with_nothing_reported_is_not_a_fact(nlp):
    text = 'The plant will close in May, the company said. "It is a sad day," Ann Lee said.'
    triples = graph_triples(nlp, text)
    assert triples
    assert not [t for t in triples if t.relation.lemma == "say" and t.object is None], triples


def test_a_share_in_apposition_is_not_what_a_group_is(nlp):
    text = "A large part of the voters, 41%, back the plan, the survey found."
    for t in graph_triples(nlp, text):
        assert not (t.relation.lemma == "be" and t.object is not None and "%" in t.object.text), t


def test_names_side_by_side_that_the_tagger_left_untyped_are_not_identities(nlp):
    text = "Pavel Dusek (Poland) Tomas Eloy Marquet (Argentina) Kenzo Ota (Japan) Clara Ozick (US)"
    for t in graph_triples(nlp, text):
        if t.relation.lemma == "be" and t.object is not None:
            assert not (t.subject.text[:1].isupper() and t.object.text[:1].isupper()), t


def test_a_capitalised_role_in_apposition_is_kept(nlp):
    text = '"We will fight the cuts," said Ann Lee, Union General Secretary.'
    triples = graph_triples(nlp, text)
    assert [t for t in triples if t.relation.lemma == "be" and "Secretary" in t.object.text], (
        triples
    )


def test_a_pseudo_cleft_is_not_a_fact_about_a_thing(nlp):
    text = "What worries me most is that the players are not paid on time."
    for t in graph_triples(nlp, text):
        assert not t.subject.text.lower().startswith("what"), t


def test_an_afterthought_nothing_neither_denies_nor_becomes_a_thing(nlp):
    text = "Smart watches offer limited storage for photos - certainly nothing to rival a laptop."
    triples = graph_triples(nlp, text)
    offer = [t for t in triples if t.relation.lemma == "offer"]
    assert offer and all(not t.negated for t in offer), triples
    assert not [
        t
        for t in triples
        if "nothing" in t.subject.text or (t.object and "nothing" in t.object.text)
    ]


def test_nobody_still_denies(nlp):
    [t] = [
        t for t in graph_triples(nlp, "Nobody came to the party.") if t.relation.lemma == "come to"
    ]
    assert t.negated


def test_a_time_is_not_who_did_it(nlp):
    text = "The city staged the games in 1996. The following year hosted the world cup."
    triples = graph_triples(nlp, text)
    assert triples and not [t for t in triples if t.subject.text == "The following year"], triples
    kept = graph_triples(nlp, "The year 2004 was a good one for the firm.")
    assert [t for t in kept if t.relation.lemma == "be"], kept


def test_a_thing_said_to_be_its_own_head_noun_is_not_a_fact(nlp):
    text = "For many, the advice is vital and is advice they simply have to follow."
    pairs = [
        (t.subject.text, t.object.text if t.object else None) for t in graph_triples(nlp, text)
    ]
    assert ("the advice", "vital") in pairs
    assert ("the advice", "advice") not in pairs


def test_a_demonstrative_announcing_a_clause_is_not_a_thing(nlp):
    text = '"It shows what fans want and that\'s that referees should use video," Lee said.'
    assert not [t for t in graph_triples(nlp, text) if t.subject.text == "that"]
