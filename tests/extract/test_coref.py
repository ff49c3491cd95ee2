"""Entity resolution: pronouns, descriptions, names, acronyms, types, labels."""

from __future__ import annotations

from extract.model import EntityType


def _entity_of(graph, surface):
    """The entity of the first triple argument whose text is `surface`."""
    for t in graph.triples:
        for arg in (t.subject, t.object, *t.extras):
            if arg is not None and arg.text == surface:
                return graph.entity(arg.entity_id)
    raise AssertionError(f"no argument {surface!r} in {[t.subject.text for t in graph.triples]}")


def test_pronoun_resolves_to_main_clause_subject(extract_text):
    graph = extract_text(
        "The Health Ministry said the clinic had closed its doors. It said the closure was temporary."
    )
    said = [t for t in graph.triples if t.attributed_to]
    assert said and all(graph.entity(t.attributed_to).label == "Health Ministry" for t in said)


def test_no_bare_pronoun_is_a_node(extract_text):
    # "We" has no antecedent: no node; "it" is the mine
    graph = extract_text("They closed the mine. We opposed it.")
    pronouns = [
        arg
        for t in graph.triples
        for arg in (t.subject, t.object)
        if arg is not None and arg.text.lower() in {"we", "they", "it"}
    ]
    assert pronouns, [
        (t.subject.text, t.relation.text) for t in graph.triples
    ]  # else nothing was tested
    labels = {
        arg.text: graph.entity(arg.entity_id).label if arg.entity_id else None for arg in pronouns
    }
    assert labels.get("We", "absent") is None and labels.get("it") == "mine"
    assert not [e.label for e in graph.entities if e.label.lower() in {"we", "they", "it"}]


def test_definite_description_joins_named_entity(extract_text):
    graph = extract_text(
        "The Ministry of Transport opened a tender. Later the transport ministry cancelled the tender."
    )
    assert _entity_of(graph, "the transport ministry").label == "Ministry of Transport"


def test_definite_head_prefers_most_recent_same_head_noun(extract_text):
    graph = extract_text(
        "A marketing company advised a Dutch company. The marketing company praised the Dutch company. "
        "Analysts said the company grew quickly."
    )
    company = _entity_of(graph, "the company")
    assert company.label == "Dutch company"


def test_derivational_head_links_consultancy_to_consulting_firm(extract_text):
    graph = extract_text(
        "Police raided a consulting firm in Leeds. The consultancy denied wrongdoing."
    )
    assert _entity_of(graph, "The consultancy").label == "consulting firm"


def test_conflicting_nationality_keeps_entities_apart(extract_text):
    graph = extract_text("A German bank bought a French bank. The French bank kept its name.")
    assert _entity_of(graph, "The French bank").label == "French bank"
    assert _entity_of(graph, "A German bank").label == "German bank"


def test_acronym_after_bracketed_definition(extract_text):
    graph = extract_text(
        "The World Health Organization (WHO) issued a warning. Later WHO revised the warning."
    )
    first = _entity_of(graph, "The World Health Organization")
    assert "WHO" in first.aliases
    assert {m.entity_id for m in graph.mentions if m.text == "WHO"} == {first.id}
    # "X (WHO)" states no fact: no triple links the organisation to its own acronym
    assert not [t for t in graph.triples if t.object is not None and t.object.text == "WHO"]


def test_company_suffix_and_article_are_ignored_for_names(extract_text):
    graph = extract_text("Acme Widgets Ltd hired new staff. Acme Widgets opened a shop.")
    assert _entity_of(graph, "Acme Widgets Ltd").id == _entity_of(graph, "Acme Widgets").id


def test_surname_joins_full_name(extract_text):
    graph = extract_text("Angela Brooks won the race. Brooks thanked her coach.")
    assert _entity_of(graph, "Brooks").id == _entity_of(graph, "Angela Brooks").id


def test_indefinite_noun_phrases_stay_separate(extract_text):
    graph = extract_text("A dog chased a cat. A dog barked.")
    dogs = [e for e in graph.entities if e.label == "dog"]
    assert len(dogs) == 2


def test_types_from_names_and_head_nouns(extract_text):
    graph = extract_text(
        "The Ministry of Energy criticised a mining company under the new mining law. "
        "Maria Costa visited Brazil."
    )
    types = {e.label: e.type for e in graph.entities}
    assert types["Ministry of Energy"] is EntityType.GOVERNMENT_BODY
    assert types["mining company"] is EntityType.ORGANIZATION
    assert types["new mining law"] is EntityType.LEGISLATION
    assert types["Maria Costa"] is EntityType.PERSON
    assert types["Brazil"] is EntityType.PLACE


def test_canonical_label_prefers_name_and_keeps_aliases(extract_text):
    graph = extract_text(
        "The Central Bank of Ruritania raised rates. The bank said inflation was high. "
        "The central bank will meet again."
    )
    bank = _entity_of(graph, "The Central Bank of Ruritania")
    assert bank.label == "Central Bank of Ruritania"
    assert {"The bank", "The central bank"} <= set(bank.aliases)


def test_entity_ids_are_stable_across_runs(extract_text):
    text = "The Port Authority fined a shipping firm. The firm paid the fine."
    first = {e.id for e in extract_text(text).entities}
    second = {e.id for e in extract_text(text).entities}
    assert first == second


def _person_name(text: str, start: int):
    from extract.mentions import MentionCandidate

    return MentionCandidate(
        start=start,
        end=start + 1,
        head=start,
        sentence=0,
        kind="name",
        text=text,
        label="PERSON",
        head_lemma=text.lower(),
        modifiers=frozenset(),
        words=frozenset(),
        plural=False,
        salience=1.0,
        type=EntityType.PERSON,
    )


def test_surname_lookup_survives_a_name_with_no_letters():
    # random bytes made spaCy call "\ufffd\ufffd" a PERSON: its normalised name is blank
    from types import SimpleNamespace

    from extract.coref import Cluster, _name_variant

    blank = Cluster(mentions=[_person_name("\ufffd\ufffd", 0)], names={""})
    smith = Cluster(mentions=[_person_name("John Smith", 1)], names={"john smith"})
    state = SimpleNamespace(
        clusters={0: blank, 1: smith},
        places=frozenset(),
        gender_of={},
        index_of_head={},
        indexes={},
    )
    smith_mention = _person_name("Smith", 2)
    assert _name_variant("smith", ["smith"], "Smith", smith_mention, smith, state) == "person"
    assert _name_variant("smith", ["smith"], "Smith", smith_mention, blank, state) == ""
    jones = _person_name("Jones", 3)
    assert _name_variant("jones", ["jones"], "Jones", jones, smith, state) == ""
