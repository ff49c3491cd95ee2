"""Sentence boundaries from layout (headlines, paragraphs) and after amounts ("£118m.")."""

from __future__ import annotations

import pytest


def sentences(nlp, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents]


def test_headline_before_a_blank_line_is_its_own_sentence(nlp):
    text = "Club rejects third bid for striker\n\nThe club have turned down a third offer for their striker."
    assert sentences(nlp, text)[0] == "Club rejects third bid for striker"


def test_headline_on_a_single_line_is_its_own_sentence(nlp):
    text = "Factory closes after fire\nThe owners of the factory said on Monday that it would not reopen."
    assert sentences(nlp, text)[0] == "Factory closes after fire"


@pytest.mark.parametrize("amount", ["£118m.", "$3k.", "€2b."])
def test_a_sentence_ends_after_an_amount_with_a_unit(nlp, amount):
    text = f"The club paid {amount} Analysts said the price was high."
    assert sentences(nlp, text) == [f"The club paid {amount}", "Analysts said the price was high."]


def test_amount_unit_is_split_from_its_full_stop(nlp):
    assert [t.text for t in nlp("It cost £118m.")][-3:] == ["118", "m", "."]


def test_a_hard_wrapped_line_inside_a_paragraph_is_not_a_break(nlp):
    text = (
        "The minister said the new rules would apply to every company in\n"
        "Britain from next year, and that no exception would be made."
    )
    assert len(sentences(nlp, text)) == 1


def test_a_line_ending_in_an_abbreviation_is_not_a_break(nlp):
    text = "The award went to a man who told Mr.\nSmith about the plan."
    assert len(sentences(nlp, text)) == 1


def test_a_line_ending_a_sentence_is_a_break_even_without_a_blank_line(nlp):
    text = "The talks ended on Friday.\nthe unions will meet again next week."
    assert len(sentences(nlp, text)) == 2


def test_the_component_runs_before_the_parser(nlp):
    names = nlp.pipe_names
    assert names.index("kg_sentence_breaks") < names.index("parser")


def test_the_words_after_a_layout_break_stay_in_its_sentence(nlp):
    """Told a sentence starts after the blank line, the parser was free to cut the next words off
    as sentences of their own ("Hearts" / "of Oak" / "set up ..."): they are held in it, up to the
    first full stop; what follows is left to the parser."""
    from extract.sentence_breaks import sentence_breaks

    doc = sentence_breaks(
        nlp.make_doc("Rovers win cup\n\nHearts of Oak set up a final. Fans cheered.")
    )
    words = {t.text: t.is_sent_start for t in doc if not t.is_space}
    assert words["Hearts"] is True
    assert all(words[w] is False for w in ("of", "Oak", "set", "up", "a", "final"))
    assert words["Fans"] is None and words["cheered"] is None


def test_a_headline_run_into_the_body_and_the_body_s_first_words_stay_whole(nlp):
    from extract.headline_break import headline_break

    doc = nlp.make_doc(
        "Radio poll shows gloom Listeners in most regions think the economy is getting weaker."
    )
    for name in ("tok2vec", "tagger"):
        doc = nlp.get_pipe(name)(doc)
    doc = headline_break(doc)
    starts = {t.text: t.is_sent_start for t in doc}
    assert starts["Listeners"] is True
    assert all(starts[w] is False for w in ("poll", "shows", "gloom", "in", "regions", "think"))
