"""A headline run into the first sentence with no line break (CSV exports, scrapers): sentences written for each case."""

from __future__ import annotations

import pytest


def sentences(nlp, text: str) -> list[str]:
    return [s.text for s in nlp(text).sents]


@pytest.mark.parametrize(
    ("text", "headline"),
    [
        (
            "Bakery chain cuts 200 jobs The bakery chain said on Monday it would close 40 shops.",
            "Bakery chain cuts 200 jobs",
        ),
        (
            "Harbour plan for Portmouth A new harbour will be built by 2030, the council said.",
            "Harbour plan for Portmouth",
        ),
        (
            "Ferry operator faces walkout Two unions at the ferry operator will walk out next week.",
            "Ferry operator faces walkout",
        ),
        # the body opens on the headline's subject again, or on the full name of its surname
        (
            "Union urges bakery strike Union leaders are asking staff to stay at home on Monday.",
            "Union urges bakery strike",
        ),
        (
            "Okafor eager to stay at Leeds United Daniel Okafor is ready to sign a new contract.",
            "Okafor eager to stay at Leeds United",
        ),
        # ... or on a description of that name, which goes with the body
        (
            "Okafor signs new deal Leeds captain Daniel Okafor has signed a new contract.",
            "Okafor signs new deal",
        ),
        (
            "Acme hits takeover trail Dutch brewer Acme has bought two rivals in Spain.",
            "Acme hits takeover trail",
        ),
    ],
)
def test_a_headline_run_into_the_body_ends_a_sentence(nlp, text, headline):
    assert sentences(nlp, text)[0] == headline


@pytest.mark.parametrize(
    "text",
    [
        "The minister said The Times had got the story wrong.",  # a title after a verb
        "Shares in Acme rose after rivals Vexa said they would merge.",  # a name, not a sentence start
        "The mayor read it in The Guardian on Monday and called the editor.",  # after a preposition
        "Bakery chain cuts 200 jobs\n\nThe bakery chain said on Monday it would close 40 shops.",
        # a repeated name after an auxiliary is in the body already
        "Lee rejects offer Maria Costa has urged Britain's Tom Lee to stay on.",
        # a name said again in running text
        "Korbel Energy and Korbel Foods both reported results on Monday.",
        "Tom Lee met Ann Lee at the station on Friday.",
    ],
)
def test_running_text_and_laid_out_headlines_are_left_to_the_parser(nlp, text):
    from extract.headline_break import headline_end

    with nlp.select_pipes(enable=["tok2vec", "tagger"]):
        doc = nlp(text)
    assert headline_end(doc) is None


def test_the_component_sits_between_the_tagger_and_the_parser(nlp):
    names = nlp.pipe_names
    assert names.index("tagger") < names.index("kg_headline_break") < names.index("parser")
