"""The record formats of `kg triples` (the JSON object, the CaRB line, the TSV edge row, the table row) and of `kg entities --format jsonl`.

These are contracts other tools read (DESIGN.md, "Contracts"): the JSON fields, CaRB's tabbed
`sentence, confidence, relation, arg1, arg2...`, and the TSV header below. Nothing here starts a
process or touches a file, so each format is unit-tested on hand-made triples.
"""

from __future__ import annotations

from extract.errors import one_line
from extract.model import Argument, DocumentGraph, Triple
from graph.rdf.model import status_of, triple_edges

#: Columns of `kg triples --format tsv`: one row per binary edge the graph holds.
TSV_COLUMNS = ("doc", "sentence", "subject", "relation", "object", "predicate", "status", "speaker")


def _label(document: DocumentGraph, entity_id: str | None) -> str | None:
    entity = document.entity(entity_id) if entity_id else None
    return entity.label if entity else None


def triple_record(triple: Triple, document: DocumentGraph) -> dict:
    """The JSON object for one triple (DESIGN.md contract fields first)."""
    return {
        "doc": triple.sentence.doc,
        "sentence": triple.sentence.index,
        "sentence_text": triple.sentence.text,
        "subject": triple.subject.text,
        "relation": triple.relation.text,
        "object": triple.object.text if triple.object else None,
        "subject_entity": _label(document, triple.subject.entity_id),
        "object_entity": _label(document, triple.object.entity_id) if triple.object else None,
        "negated": triple.negated,
        "modality": triple.modality,
        "attributed_to": _label(document, triple.attributed_to),
        "confidence": triple.confidence,
        "relation_lemma": triple.relation.lemma,
        "arguments": [
            {
                "role": a.role,
                "text": a.text,
                "preposition": a.preposition,
                "entity": _label(document, a.entity_id),
            }
            for a in triple.extras
        ],
        "rule": triple.rule,
        "offsets": {
            "subject": [triple.subject.start, triple.subject.end],
            "relation": [triple.relation.start, triple.relation.end],
            "object": [triple.object.start, triple.object.end] if triple.object else None,
            "sentence": [triple.sentence.start, triple.sentence.end],
        },
    }


def carb_line(triple: Triple) -> str:
    """CaRB's tabbed format: sentence, confidence, relation, then every argument as a substring.

    Open IE tuples put the preposition of an object-less relation's first argument into the
    relation ("rose in | recent times"); the graph keeps such adjuncts out of its predicates, and
    this line only spells the same triple the Open IE way.
    """
    relation = triple.relation.text
    extras = [a.text for a in triple.extras]
    first = triple.extras[0] if triple.extras else None
    if (
        triple.object is None
        and first is not None
        and first.preposition
        and first.start >= triple.relation.end
        and first.text.lower().startswith(f"{first.preposition} ")
    ):
        relation = f"{relation} {first.preposition}"
        extras[0] = first.text[len(first.preposition) + 1 :]
    args = [triple.subject.text] + ([triple.object.text] if triple.object else []) + extras
    fields = [triple.sentence.text, f"{triple.confidence:.3f}", relation, *args]
    return "\t".join(one_line(f, None) for f in fields)


def status(triple: Triple) -> str:
    """fact, reported, negated or hedged: what a reader may take the triple for (negation first)."""
    return status_of(negated=triple.negated, modality=triple.modality, speaker=triple.attributed_to)


def tsv_rows(triple: Triple, document: DocumentGraph) -> list[list[str]]:
    """One row per edge the graph holds for `triple` (see `graph.rdf.model.triple_edges`), TSV_COLUMNS order.

    `relation` reads as in the sentence (with the argument's preposition for an extra-argument
    edge), `predicate` is the normalised relation the graph's property is named from.
    """
    speaker = _label(document, triple.attributed_to) or ""
    rows = []
    for edge in triple_edges(triple):
        relation = triple.relation.text
        argument: Argument | None = edge.argument
        prep = (
            argument.preposition if argument is not None and argument is not triple.object else None
        )
        text = argument.text if argument is not None else ""
        if edge.frame:
            relation = ""  # the frame's preposition alone: "under | the law"
        if prep:
            if not relation.endswith(f" {prep}") and relation != prep:
                relation = f"{relation} {prep}".strip()
            if text.lower().startswith(f"{prep} "):
                text = text[
                    len(prep) + 1 :
                ]  # "related to | the consultancy", not "to | to the ..."
        rows.append(
            [
                triple.sentence.doc,
                str(triple.sentence.index),
                triple.subject.text,
                relation,
                text,
                edge.lemma,
                "reported"
                if edge.frame and triple.attributed_to
                else "fact"
                if edge.frame
                else status(triple),
                speaker,
            ]
        )
    return rows


def tsv_line(fields: list[str]) -> str:
    return "\t".join(one_line(f, None) for f in fields)


def table_row(triple: Triple, document: DocumentGraph) -> list[str]:
    """sent, subject, relation, object (+ extra arguments), flags: for `--format table`."""

    def shown(argument: Argument | None) -> str:
        if argument is None:
            return "-"
        entity = document.entity(argument.entity_id)
        return (
            f"{argument.text} [{entity.label}]"
            if entity and entity.label != argument.text
            else argument.text
        )

    flags = []
    if triple.negated:
        flags.append("negated")
    if triple.modality:
        flags.append(f"modality={triple.modality}")
    if triple.attributed_to:
        flags.append(f"by={_label(document, triple.attributed_to)}")
    obj = shown(triple.object)
    if triple.extras:
        obj += " | " + " | ".join(a.text for a in triple.extras)
    return [
        str(triple.sentence.index),
        shown(triple.subject),
        triple.relation.text,
        obj,
        ", ".join(flags),
    ]


def entity_records(document: DocumentGraph) -> list[dict]:
    """`kg entities --format jsonl`: one object per entity of one document, in the document's order.

    The fields of `--format json` (`id`, `label`, `type`, `aliases`, `mentions`, `spans`) plus `doc`;
    counts and spans are this document's only, so a consumer merges documents by `id`.
    """
    spans: dict[str, list[dict]] = {}
    for mention in document.mentions:
        spans.setdefault(mention.entity_id, []).append(
            {"doc": document.doc, "start": mention.start, "end": mention.end, "text": mention.text}
        )
    return [
        {
            "doc": document.doc,
            "id": entity.id,
            "label": entity.label,
            "type": entity.type.value,
            "aliases": [alias for alias in entity.aliases if alias != entity.label],
            "mentions": entity.mentions,
            "spans": spans.get(entity.id, []),
        }
        for entity in document.entities
    ]
