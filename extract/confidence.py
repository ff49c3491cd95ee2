"""Calibrated confidence: how likely an extracted triple is a fact a reader would sign.

`features(triple, entities)` describes one triple with what the extractor already knows: the
rule and how its subject was found (a dependency signal: own subject, shared through
coordination, relative clause, participle ...), the lengths of its arguments, whether each
resolved to a named entity, a common-noun concept or a pronoun, how much the entity table backs
it (mentions), the shape of the relation (copula, passive, preposition, implied "is"/"has"), the
length of the sentence and the claim status (reported or not). It is a pure function of the
`Triple` and the document's entities, so a benchmark can recompute it from extracted graphs.

`confidence(triple, entities)` is a logistic regression over those features whose
coefficients live in `extract/confidence_model.json`, fitted by ``benchmarks/calibrate.py`` on
labelled triples (the news gold and CaRB dev). Its output is a probability: among triples
given 0.8, about eight in ten were correct in cross-validation (the reliability table in the
README). `min_confidence()` is the threshold the model file recommends for direct edges.

>>> from extract.model import Argument, Relation, SentenceRef, Triple
>>> ref = SentenceRef("d", 1, "Acme bought Widget Co.", 0, 22)
>>> t = Triple(Argument("Acme", 0, 4, "subject"), Relation("bought", "buy", 5, 11),
...            Argument("Widget Co", 12, 21, "object"), ref, "svo")
>>> 0.0 <= confidence(t, {}) <= 1.0
True
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from extract.ids import is_document_scoped
from extract.model import Argument, Entity, Triple

__all__ = [
    "ConfidenceModel",
    "confidence",
    "features",
    "listed",
    "load_model",
    "min_confidence",
    "stands_as_edge",
]

MODEL_FILE = "confidence_model.json"

_PRONOUNS = frozenset(
    """he she it they him her them his its their we us our i me my you your this that these those
    who which whom""".split()
)
_PREPOSITIONS = frozenset(
    """about above across after against along among around as at before behind below between beyond
    by despite during for from in inside into like near of off on onto out over past per since than
    through to toward towards under until up upon via with within without""".split()
)
_CLAUSE_WORDS = frozenset(
    {"that", "which", "who", "whom", "whose", "when", "where", "if", "because"}
)
_TERMINATORS = tuple(".!?\"'”’)")


def _kind(argument: Argument | None, entities: Mapping[str, Entity]) -> str:
    """name, concept, pronoun (resolved to an entity), literal (no entity) or none."""
    if argument is None:
        return "none"
    if argument.text.lower() in _PRONOUNS:
        return "pronoun"
    if argument.entity_id is None:
        return "literal"
    # a name's id is its normalised name; a description's is scoped to its document ("doc/label")
    return "concept" if is_document_scoped(argument.entity_id) else "name"


def _tokens(text: str) -> int:
    return len(text.split())


def _argument_features(
    prefix: str, argument: Argument | None, entities: Mapping[str, Entity], out: dict
) -> None:
    kind = _kind(argument, entities)
    out[f"{prefix}_kind={kind}"] = 1.0
    if argument is None:
        return
    words = argument.text.split()
    n = len(words)
    out[f"{prefix}_log_tokens"] = math.log1p(n)
    if n > 8:
        out[f"{prefix}_long"] = 1.0
    lowered = {w.lower().strip(",.;:") for w in words}
    if "," in argument.text:
        out[f"{prefix}_comma"] = 1.0
    if "and" in lowered or "or" in lowered:
        out[f"{prefix}_coordination"] = 1.0
    if lowered & _CLAUSE_WORDS and n > 2:
        out[f"{prefix}_clause_word"] = 1.0
    if words and words[0][:1].isupper() and kind == "literal":
        out[f"{prefix}_capitalised_literal"] = 1.0
    entity = entities.get(argument.entity_id) if argument.entity_id else None
    if entity is not None:
        out[f"{prefix}_type={entity.type.value}"] = 1.0
        out[f"{prefix}_log_mentions"] = math.log1p(entity.mentions)
        if argument.text == entity.label or argument.text.endswith(entity.label):
            out[f"{prefix}_reads_as_label"] = 1.0


@cache
def _prior_logit(rule: str) -> float:
    from extract.clauses import (
        rule_confidence,  # the hand-set prior per rule (a fallback for new rules)
    )

    p = min(0.95, max(0.05, rule_confidence(rule.split("+")[0])))
    return math.log(p / (1 - p))


def features(triple: Triple, entities: Mapping[str, Entity]) -> dict[str, float]:
    """Named feature values of one triple (absent names are 0); see the module docstring."""
    out: dict[str, float] = {}
    rule = triple.rule.split("+")[0]
    base, _, how = rule.partition(":")
    out["prior_logit"] = _prior_logit(rule)
    out[f"rule={base}"] = 1.0
    out[f"how={how or 'own'}"] = 1.0
    _argument_features("subj", triple.subject, entities, out)
    _argument_features("obj", triple.object, entities, out)
    lemma_words = triple.relation.lemma.split()
    relation_words = _tokens(triple.relation.text)
    out["rel_log_tokens"] = math.log1p(relation_words)
    if triple.relation.start == triple.relation.end:
        out["rel_implied"] = 1.0  # "is" of an apposition, "has" of a possessive
    if lemma_words and lemma_words[0] == "be":
        out[
            "rel_copula"
            if len(lemma_words) == 1 or lemma_words[1] in _PREPOSITIONS
            else "rel_passive"
        ] = 1.0
    if lemma_words and lemma_words[-1] in _PREPOSITIONS:
        out["rel_preposition"] = 1.0
    subject_word = triple.subject.text.lower()
    if subject_word in {"it", "this", "that"}:
        out["subj_it"] = 1.0  # "it" is an event or a situation as often as a thing
        if out.get("rel_copula"):
            out["it_copula"] = 1.0  # "It was incredible", "it was a nice goal": an evaluation
    if triple.object is not None and triple.object.start < triple.relation.start:
        out["obj_before_relation"] = 1.0
    gap = triple.relation.start - triple.subject.end
    if gap > 40:
        out["subj_far_from_relation"] = 1.0  # reached across a clause (coordination, control)
    if triple.relation.start < triple.subject.start:
        out["subj_after_relation"] = 1.0
    out["n_extras"] = float(min(3, len(triple.extras)))
    out["sent_log_tokens"] = math.log1p(_tokens(triple.sentence.text))
    if not triple.sentence.text.rstrip().endswith(_TERMINATORS):
        # a headline or caption, often elliptic (read from the text, not the sentence's index:
        # a section of a long document or a worker's piece must score the same)
        out["sentence_unterminated"] = 1.0
    if "\n" in triple.sentence.text:
        out["sentence_has_break"] = 1.0
    if triple.attributed_to is not None:
        out["reported"] = 1.0
    if triple.negated:
        out["negated"] = 1.0
    if triple.modality is not None:
        out["hedged"] = 1.0
    return out


@dataclass(frozen=True)
class ConfidenceModel:
    """Logistic regression coefficients by feature name, and the recommended threshold."""

    intercept: float
    weights: Mapping[str, float]
    min_confidence: float

    def probability(self, values: Mapping[str, float]) -> float:
        z = self.intercept
        weights = self.weights
        for name, value in values.items():
            w = weights.get(name)
            if w is not None:
                z += w * value
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)

    @classmethod
    def from_json(cls, data: Mapping) -> ConfidenceModel:
        try:
            weights = {str(k): float(v) for k, v in data["weights"].items()}
            threshold = float(data["min_confidence"])
            intercept = float(data["intercept"])
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(
                f"a confidence model needs intercept, weights and min_confidence: {exc}"
            ) from exc
        if not 0.0 <= threshold <= 1.0:
            raise ValueError(f"min_confidence must be in [0, 1], got {threshold}")
        return cls(intercept=intercept, weights=weights, min_confidence=threshold)


@cache
def load_model() -> ConfidenceModel:
    """The shipped model (`extract/confidence_model.json`), read once."""
    text = files("extract").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return ConfidenceModel.from_json(json.loads(text))


def confidence(
    triple: Triple, entities: Mapping[str, Entity], model: ConfidenceModel | None = None
) -> float:
    """The calibrated probability that `triple` is correct, rounded to three decimals."""
    model = model or load_model()
    return round(model.probability(features(triple, entities)), 3)


def min_confidence() -> float:
    """The default threshold for direct edges, chosen by ``benchmarks/calibrate.py``."""
    return load_model().min_confidence


def stands_as_edge(triple: Triple, threshold: float | None = None) -> bool:
    """A positive, unhedged triple at or above `threshold` (default `min_confidence()`): a direct edge."""
    return triple.asserted and triple.confidence >= (
        min_confidence() if threshold is None else threshold
    )


def listed(triple: Triple, threshold: float | None = None) -> bool:
    """What `kg triples` lists: every negated or hedged triple, and the facts that stand as edges."""
    return not triple.asserted or stands_as_edge(triple, threshold)
