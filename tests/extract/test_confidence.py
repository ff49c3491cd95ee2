"""Calibrated confidence: the features of a triple, and the shipped model that turns them into a probability."""

from __future__ import annotations

import json
import math
from importlib.resources import files

import pytest

from extract.confidence import (
    ConfidenceModel,
    confidence,
    features,
    listed,
    load_model,
    min_confidence,
    stands_as_edge,
)
from extract.model import Argument, Relation, SentenceRef, Triple


def _triple(extract_text, text: str, relation: str):
    graph = extract_text(text)
    found = [t for t in graph.triples if t.relation.text == relation]
    assert found, [(t.subject.text, t.relation.text) for t in graph.triples]
    return found[0], {e.id: e for e in graph.entities}


def test_features_named_subject_and_object_are_names(extract_text):
    triple, entities = _triple(
        extract_text, "Harbour Holdings bought Widget Industries in May.", "bought"
    )
    x = features(triple, entities)
    assert x["rule=svo"] == 1.0
    assert x["how=own"] == 1.0
    assert x["subj_kind=name"] == 1.0
    assert x["obj_kind=name"] == 1.0
    assert x["subj_log_tokens"] == pytest.approx(math.log1p(2))
    assert "reported" not in x


def test_features_resolved_pronoun_subject_is_a_pronoun(extract_text):
    triple, entities = _triple(
        extract_text,
        "Harbour Holdings opened a factory. It hired four hundred local workers.",
        "hired",
    )
    x = features(triple, entities)
    assert x["subj_kind=pronoun"] == 1.0
    assert triple.subject.entity_id is not None  # resolved, else the triple would be dropped
    assert x["obj_kind=concept"] + x.get("obj_kind=literal", 0.0) == 1.0


def test_features_long_subject(extract_text):
    text = (
        "The old mayor of the small coastal town in the far north of the country opened a bakery."
    )
    triple, entities = _triple(extract_text, text, "opened")
    x = features(triple, entities)
    assert x["subj_long"] == 1.0
    assert x["subj_log_tokens"] == pytest.approx(math.log1p(len(triple.subject.text.split())))
    assert "obj_long" not in x


@pytest.mark.parametrize(
    ("text", "relation", "shape"),
    [
        ("The harbour is very busy.", "is", "rel_copula"),
        ("Barack Obama was born in Hawaii.", "was born in", "rel_passive"),
    ],
)
def test_features_relation_shape(extract_text, text, relation, shape):
    triple, entities = _triple(extract_text, text, relation)
    assert features(triple, entities)[shape] == 1.0


def test_features_reported_statement_carries_its_claim_status(extract_text):
    triple, entities = _triple(
        extract_text, "The police said Harbour Holdings bought Widget Industries.", "bought"
    )
    assert triple.attributed_to is not None
    assert features(triple, entities)["reported"] == 1.0


def test_shipped_model_loads_with_a_threshold_in_the_unit_interval():
    data = json.loads(
        files("extract").joinpath("confidence_model.json").read_text(encoding="utf-8")
    )
    model = load_model()
    assert model.weights == data["weights"]
    assert 0.0 <= min_confidence() <= 1.0
    assert "prior_logit" in model.weights  # a rule the model never saw still gets its prior


def test_extracted_confidences_are_the_models_probabilities(extract_text):
    graph = extract_text(
        "Harbour Holdings bought Widget Industries. The firm did not pay the fine, its lawyer said, and it may appeal."
    )
    entities = {e.id: e for e in graph.entities}
    assert graph.triples
    for triple in graph.triples:
        assert 0.0 <= triple.confidence <= 1.0
        assert triple.confidence == confidence(triple, entities)


@pytest.mark.parametrize("scale", [-1000.0, 0.0, 1000.0])
def test_probability_stays_in_the_unit_interval_for_extreme_scores(scale):
    model = load_model()
    p = model.probability({name: scale for name in model.weights})
    assert 0.0 <= p <= 1.0


def test_a_model_file_without_a_threshold_is_refused():
    with pytest.raises(ValueError, match="min_confidence"):
        ConfidenceModel.from_json({"intercept": 0, "weights": {}})
    with pytest.raises(ValueError, match="in \\[0, 1\\]"):
        ConfidenceModel.from_json({"intercept": 0, "weights": {}, "min_confidence": 2})


def _hand_made(confidence: float, *, negated: bool = False) -> Triple:
    ref = SentenceRef("d", 0, "Acme bought Widget.", 0, 19)
    return Triple(
        Argument("Acme", 0, 4, "subject", "acme"),
        Relation("bought", "buy", 5, 11),
        Argument("Widget", 12, 18, "object", "widget"),
        ref,
        "svo",
        negated=negated,
        confidence=confidence,
    )


def test_threshold_decides_edges_and_listing_of_facts_only():
    low, high, negated = _hand_made(0.2), _hand_made(0.9), _hand_made(0.2, negated=True)
    assert stands_as_edge(high, 0.5) and not stands_as_edge(low, 0.5)
    assert not stands_as_edge(negated, 0.0)  # never an edge, whatever its confidence
    assert listed(negated, 0.5) and listed(high, 0.5) and not listed(low, 0.5)


def test_features_do_not_depend_on_where_the_sentence_sits():
    # a section of a long document, or a worker's piece, is numbered from elsewhere: same score
    from dataclasses import replace

    triple = _hand_made(0.5)
    moved = replace(
        triple,
        sentence=replace(triple.sentence, index=40, start=9000, end=9019),
        subject=replace(triple.subject, start=9000, end=9004),
        relation=replace(triple.relation, start=9005, end=9011),
        object=replace(triple.object, start=9012, end=9018),
    )
    assert features(moved, {}) == features(triple, {})


def test_an_unpunctuated_sentence_reads_as_a_headline():
    from dataclasses import replace

    triple = _hand_made(0.5)
    headline = replace(triple, sentence=replace(triple.sentence, text="Acme buys Widget"))
    assert "sentence_unterminated" in features(headline, {})
    assert "sentence_unterminated" not in features(triple, {})


def test_features_an_it_copula_is_marked_as_an_evaluation(extract_text):
    triple, entities = _triple(
        extract_text, "The striker shot from the halfway line. It was incredible.", "was"
    )
    values = features(triple, entities)
    assert values.get("subj_it") == 1.0 and values.get("it_copula") == 1.0
    other, entities = _triple(extract_text, "The striker was incredible.", "was")
    assert "it_copula" not in features(other, entities)
