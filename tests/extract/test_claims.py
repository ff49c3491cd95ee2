"""Negation, modality and attribution, on sentences written for these tests."""

from __future__ import annotations

import pytest


def _find(graph, relation_word):
    return next(t for t in graph.triples if relation_word in t.relation.text)


@pytest.mark.parametrize(
    ("sentence", "relation_word"),
    [
        ("The mayor did not approve the budget.", "approve"),
        ("The striker never scored a goal.", "scored"),
        ("The firm failed to pay its suppliers.", "pay"),
        ("No inspector visited the plant.", "visited"),
    ],
)
def test_negation(extract_text, sentence, relation_word):
    triple = _find(extract_text(sentence), relation_word)
    assert triple.negated and not triple.asserted


def test_without_gerund_is_negated_with_main_clause_subject(extract_text):
    graph = extract_text("Without naming the supplier, the agency criticised the contract.")
    triple = _find(graph, "naming")
    assert triple.subject.text == "the agency"
    assert triple.negated
    assert not _find(graph, "criticised").negated


@pytest.mark.parametrize(
    ("sentence", "relation_word", "modality"),
    [
        ("The storm could damage the harbour.", "damage", "could"),
        ("Regulators may fine the airline.", "fine", "may"),
        ("The union aims to block the merger.", "block", "aim"),
        ("If prices rise, the bank will raise rates.", "raise", "will"),
        ("The hospital will close the ward if funding stops.", "close", "will"),
    ],
)
def test_modality(extract_text, sentence, relation_word, modality):
    triple = _find(extract_text(sentence), relation_word)
    assert triple.modality == modality
    assert not triple.asserted


def test_conditional_clause_itself_is_hedged(extract_text):
    triple = _find(extract_text("If the dam breaks, the valley floods."), "breaks")
    assert triple.modality == "conditional"


@pytest.mark.parametrize(
    ("sentence", "said", "speaker"),
    [
        ("The brewer shut two plants, saying demand had fallen.", "had fallen", "brewer"),
        # hung by the parser inside what was reported: still who reported it
        (
            "The club's owners backed Mr Dean and confirmed that he would stay as coach, "
            "saying his remarks were jokes.",
            "were",
            "owners",
        ),
    ],
)
def test_what_a_participle_of_saying_says_is_its_verb_s_subject_s_claim(
    extract_text, sentence, said, speaker
):
    graph = extract_text(sentence)
    triple = _find(graph, said)
    assert triple.attributed_to is not None
    assert speaker in graph.entity(triple.attributed_to).label


def test_an_offer_on_terms_is_made_whatever_the_terms(extract_text):
    graph = extract_text("The shop is offering free delivery if customers spend £50.")
    offer = _find(graph, "offering")
    assert offer.modality is None and offer.asserted
    assert _find(graph, "spend").modality == "conditional"


def test_plain_fact_has_no_flags(extract_text):
    triple = _find(extract_text("The council approved the new park."), "approved")
    assert (
        triple.asserted
        and not triple.negated
        and triple.modality is None
        and triple.attributed_to is None
    )


def _speaker(graph, triple):
    return graph.entity(triple.attributed_to).label if triple.attributed_to else None


@pytest.mark.parametrize(
    "sentence",
    [
        "The Finance Ministry said that the bank hid its losses.",
        "The bank hid its losses, the Finance Ministry said.",
        "According to the Finance Ministry, the bank hid its losses.",
        "The Finance Ministry warned the bank hid its losses.",
    ],
)
def test_attribution(extract_text, sentence):
    graph = extract_text(sentence)
    triple = _find(graph, "hid")
    assert _speaker(graph, triple) == "Finance Ministry"
    assert triple.asserted  # reported facts stay facts; the speaker sits on the statement


def test_nested_report_is_attributed_to_the_reporter(extract_text):
    graph = extract_text("The regulator said the broker persuaded clients to buy the bonds.")
    triple = _find(graph, "persuaded")
    assert _speaker(graph, triple) == "regulator"


def test_denied_content_is_negated(extract_text):
    graph = extract_text("The company denied that it dumped waste in the river.")
    assert _find(graph, "dumped").negated


def test_content_hung_on_reporting_verb_as_adverbial_is_still_reported(extract_text):
    graph = extract_text(
        "Unless the court acts, the firm must repay the loan, the bank's lawyers said."
    )
    triple = _find(graph, "repay")
    assert _speaker(graph, triple) == "bank's lawyers"
    assert not any(t.relation.text == "said" for t in graph.triples)


def test_adjunct_of_a_reporting_verb_is_not_its_content(extract_text):
    graph = extract_text("Without naming the firm, the regulator said a lender broke the rules.")
    naming = _find(graph, "naming")
    assert naming.negated and naming.attributed_to is None
    assert _speaker(graph, _find(graph, "broke")) == "regulator"


def test_purpose_infinitive_after_an_object_is_hedged_as_purpose(extract_text):
    graph = extract_text("The firm used the audit to gain access to the files.")
    triple = _find(graph, "gain")
    assert triple.subject.text == "The firm"
    assert triple.modality == "purpose"


def test_a_clause_of_reason_under_a_catenative_is_asserted(extract_text):
    graph = extract_text("The bank has tried to raise prices as costs rise.")
    assert _find(graph, "tried").modality is not None
    rise = _find(graph, "rise")
    assert rise.modality is None and not rise.negated


def test_a_clause_after_a_reporting_verb_with_its_own_conjunction_is_not_the_report(extract_text):
    graph = extract_text(
        'Party whip Jo Marsh accused the Greens of "raising taxes by stealth" while her own party cut them for pensioners.'
    )
    accused = _find(graph, "accused")
    assert accused.object is not None and accused.object.text.startswith("the Greens")
    assert accused.asserted


def test_a_coordinated_verb_of_saying_that_shares_the_subject_reports_nothing(extract_text):
    graph = extract_text(
        "Ana Silva is keen to stay. She was once dropped from the squad by the manager "
        "but has since responded with strong games."
    )
    dropped = _find(graph, "dropped")
    assert dropped.attributed_to is None and dropped.asserted


@pytest.mark.parametrize(
    ("sentence", "relation_word"),
    [
        ("After the storm, neither ferry could have sailed to the island.", "sailed"),
        ("The council has still to approve the budget.", "approve"),
        ("The club has yet to sign a striker.", "sign"),
    ],
)
def test_neither_and_not_yet_deny_the_event(extract_text, sentence, relation_word):
    triple = _find(extract_text(sentence), relation_word)
    assert triple.negated and not triple.asserted


def test_what_someone_has_heard_is_hearsay_but_what_they_hear_happen_is_not(extract_text):
    triple = _find(extract_text("The coach said he had heard the striker was injured."), "injured")
    assert triple.modality == "hear" and not triple.asserted
    graph = extract_text("Visitors will hear the choir sing three hymns.")
    assert _find(graph, "hear").object is not None
    assert _find(graph, "sing").attributed_to is None
