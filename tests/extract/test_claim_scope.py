"""Negation, hedging, attribution and adjuncts of embedded clauses, on sentences written for each rule."""

from __future__ import annotations

import pytest


def find(graph, relation_lemma: str):
    hits = [t for t in graph.triples if t.relation.lemma == relation_lemma]
    assert hits, [t.relation.lemma for t in graph.triples]
    return hits[0]


@pytest.mark.parametrize(
    "text, lemma",
    [
        ("The minister was unable to explain the delay.", "explain"),
        ("The rules prevent banks from selling the bonds.", "sell"),
        ("The club has not received an offer that is acceptable.", "be"),
        ("The firm refused to pay the fine.", "pay"),
    ],
)
def test_governed_clause_is_negated(extract_text, text, lemma):
    t = find(extract_text(text), lemma)
    assert t.negated and not t.asserted


def test_adjective_before_an_infinitive_hedges(extract_text):
    t = find(extract_text("The bank is likely to raise its rates."), "raise")
    assert t.modality == "likely"


def test_relative_clause_of_a_specific_noun_keeps_its_polarity(extract_text):
    g = extract_text("The club did not sign the player who scored twice on Saturday.")
    assert not find(g, "score").negated


def test_quotation_speaker_covers_the_next_sentence(extract_text):
    g = extract_text(
        '"The results were poor," said Ann Lee, the chief executive. "Sales fell in every region."'
    )
    fell = find(g, "fall in")
    assert g.entity(fell.attributed_to).label == "Ann Lee"


def test_speaker_after_a_quotation_through_a_pronoun(extract_text):
    g = extract_text('Tom Reed spoke after the match. "The referee made a mistake," he said.')
    made = find(g, "make")
    assert g.entity(made.attributed_to).label == "Tom Reed"


@pytest.mark.parametrize(
    "text, lemma",
    [
        ("Sales have risen sharply in recent times.", "rise"),
        ("The deal was cancelled in light of the losses.", "be cancelled"),
    ],
)
def test_time_and_multiword_prepositions_stay_out_of_the_predicate(extract_text, text, lemma):
    g = extract_text(text)
    assert any(t.relation.lemma == lemma for t in g.triples), [t.relation.lemma for t in g.triples]


def test_fronted_under_is_the_frame_of_the_clause(extract_text):
    g = extract_text(
        "Under the new law, the definition of fraud is not limited to lying to customers."
    )
    t = find(g, "be limited to")
    assert [a.role for a in t.extras if a.preposition == "under"] == ["context"]


def test_a_parenthetical_reporting_clause_attributes_its_sentence(extract_text):
    g = extract_text(
        "Peter Molyneux spoke on Monday. Now, he said, the gaming world rivals the movie industry."
    )
    rivals = find(g, "rival")
    assert g.entity(rivals.attributed_to).label == "Peter Molyneux"
    assert not [
        t for t in g.triples if t.relation.lemma == "say"
    ]  # "he said" is no fact of its own


# belief, impersonal reports, hedging adverbs, modal adjectives after a copula
@pytest.mark.parametrize(
    "text, lemma, modality",
    [
        ("Analysts expect the new plant to cut costs.", "cut", "expect"),
        ("The coach believes his team will win the cup.", "win", "will"),
        ("Investors fear the bank lost the money.", "lose", "fear"),
        ("It has been reported that the striker wants a transfer.", "want", "reported"),
        ("The manager allegedly insulted the referee.", "insult", "allegedly"),
        ("Video players were likely to remain a niche product.", "be", "likely"),
    ],
)
def test_views_reports_and_hedges_are_not_asserted(extract_text, text, lemma, modality):
    t = find(extract_text(text), lemma)
    assert t.modality == modality and not t.asserted


def test_a_belief_keeps_its_holder_as_speaker(extract_text):
    g = extract_text("Investors fear the bank lost the money.")
    t = find(g, "lose")
    assert t.attributed_to is not None and g.entity(t.attributed_to).label.lower().startswith(
        "investor"
    )


def test_the_belief_itself_is_not_a_fact_edge(extract_text):
    g = extract_text("Analysts expect the new plant to cut costs.")
    assert not [t for t in g.triples if t.relation.lemma == "expect"]


@pytest.mark.parametrize(
    "text, lemma",
    [
        ("The ceremony will be delayed to ensure rude words are removed.", "be removed"),
        ("Assuming that the report is right, and demand stays solid, profits will rise.", "stay"),
        ("The country may accept restrictions to limit migration.", "limit"),
        ('"You have got to have a big plan," he said.', "have"),
    ],
)
def test_purposes_suppositions_and_obligations_are_hedged(extract_text, text, lemma):
    t = find(extract_text(text), lemma)
    assert t.modality is not None and not t.asserted


def test_a_perfect_infinitive_relative_is_a_fact(extract_text):
    t = find(
        extract_text("Lee and Atwood are the only writers to have won the prize twice."), "win"
    )
    assert t.modality is None


def test_a_complement_keeps_what_it_says_under_a_negated_verb(extract_text):
    t = find(extract_text("The firm did not know that the manager had stolen the money."), "steal")
    assert not t.negated


def test_hardly_denies_like_not(extract_text):
    t = find(extract_text("The comedian said he hardly ever watched the awards show."), "watch")
    assert t.negated


def test_the_one_told_is_not_the_speaker(extract_text):
    g = extract_text("The players were told that the match had been cancelled.")
    cancelled = find(g, "be cancelled")
    assert cancelled.attributed_to is None and cancelled.modality == "reported"


def test_a_passive_report_names_its_agent_as_speaker(extract_text):
    g = extract_text("Staff were told by the ministry that the office would close.")
    close = find(g, "close")
    assert close.attributed_to is not None and g.entity(close.attributed_to).label == "ministry"


def test_what_a_report_found_is_reported_by_the_report(extract_text):
    g = extract_text("The audit found that the council had overspent by £2m.")
    overspent = find(g, "overspend by")
    assert (
        overspent.attributed_to is not None and "audit" in g.entity(overspent.attributed_to).label
    )
    assert not [t for t in g.triples if t.relation.lemma == "find"]  # the finding itself is no fact


def test_evidence_inside_a_statement_stays_the_speakers(extract_text):
    g = extract_text("Ann Kowal said her own research showed that most drivers ignored the limit.")
    ignored = find(g, "ignore")
    assert g.entity(ignored.attributed_to).label == "Ann Kowal"


def test_finding_what_one_looks_for_is_not_a_report(extract_text):
    g = extract_text("Most shoppers find what they are looking for within ten minutes.")
    assert find(g, "find").attributed_to is None


@pytest.mark.parametrize(
    "text, lemma, modality",
    [
        (
            "The minister rejected any suggestion the bank had broken the rules.",
            "break",
            "suggestion",
        ),
        ("Traders voiced fears that the port is closing.", "close", "fear"),
    ],
)
def test_what_a_suggestion_or_fear_says_is_not_asserted(extract_text, text, lemma, modality):
    t = find(extract_text(text), lemma)
    assert t.modality == modality and not t.asserted


def test_a_participle_that_names_the_noun_is_still_a_fact(extract_text):
    t = find(extract_text("The rumours linking the striker with Porto grew."), "link")
    assert t.asserted


def test_a_participle_beside_a_hedging_verb_is_hedged(extract_text):
    text = (
        '"The gangs seem to have adapted their methods to avoid this, targeting older customers'
        ' instead," he said.'
    )
    t = find(extract_text(text), "target")
    assert t.modality == "seem" and not t.asserted


@pytest.mark.parametrize(
    "text, lemma, modality",
    [
        ("It seems that the firm has lost the case.", "lose", "seem"),
        ("It sounds like the deal has collapsed.", "collapse", "sound"),
        ("It looks as if the bank has cut its rates.", "cut", "look"),
    ],
)
def test_an_impression_is_not_a_fact(extract_text, text, lemma, modality):
    t = find(extract_text(text), lemma)
    assert t.modality == modality and not t.asserted


def test_a_share_of_a_group_speaks_for_the_group(extract_text):
    g = extract_text("The survey found that 84% of shoppers say they buy bread online.")
    t = find(g, "buy")
    assert t.attributed_to is not None and g.entity(t.attributed_to).label == "shoppers"


def test_a_speaker_with_no_node_still_makes_a_report(extract_text):
    t = find(extract_text("Many said the plan had failed."), "fail")
    assert t.modality == "reported" and not t.asserted


@pytest.mark.parametrize(
    "text, lemma",
    [
        ("Chelsea came from behind to beat Arsenal.", "beat"),
        ("Shares in Harlow Foods fell 3% to close at 250p.", "close"),
    ],
)
def test_what_happened_next_is_a_fact(extract_text, text, lemma):
    t = find(extract_text(text), lemma)
    assert t.modality is None and t.asserted


@pytest.mark.parametrize(
    "text, lemma",
    [
        ("The offer came despite a union demand for Norland Steel to raise wages.", "raise"),
        ("The firm used the process to gain access to the files.", "gain"),
        ("A vote would be held in May to decide the issue.", "decide"),
    ],
)
def test_what_was_meant_to_happen_is_not(extract_text, text, lemma):
    t = find(extract_text(text), lemma)
    assert not t.asserted


@pytest.mark.parametrize(
    "text, lemma, modality",
    [
        ('"We want music to be a continuum," said Ann Lee.', "be", "want"),
        ("The firm will adopt open standards, allowing music to cross borders.", "cross", "allow"),
        ("The deal would make it easier for teenagers to buy songs.", "buy", "easy"),
        ("The firm will adopt open standards, allowing music to cross borders.", "allow", "will"),
    ],
)
def test_an_infinitive_with_its_own_subject_is_only_wanted_or_let(
    extract_text, text, lemma, modality
):
    t = find(extract_text(text), lemma)
    assert t.modality == modality and not t.asserted


def test_an_implicative_verb_still_makes_it_happen(extract_text):
    t = find(extract_text("The court forced the bank to pay the fine."), "pay")
    assert t.asserted


def test_a_relative_clause_of_a_bare_plural_under_a_modal_is_hedged(extract_text):
    text = "The attacks could only have come from people who knew the area well."
    t = find(extract_text(text), "know")
    assert t.modality == "could" and not t.asserted


def test_a_relative_clause_of_a_bare_plural_is_a_fact_otherwise(extract_text):
    t = find(extract_text("Analysts met investors who backed the plan."), "back")
    assert t.asserted


def test_a_relative_clause_reported_inside_it_has_its_speaker(extract_text):
    g = extract_text(
        "The article came with a short video, which the agency said was based on a real case."
    )
    t = find(g, "be based on")
    assert t.attributed_to is not None and "agency" in g.entity(t.attributed_to).label
