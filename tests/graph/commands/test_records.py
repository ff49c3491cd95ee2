"""The record formats of `kg triples` on hand-made triples: JSON, CaRB, TSV edge rows."""

from __future__ import annotations

import json

from extract.model import Argument, DocumentGraph, Entity, EntityType, Relation, SentenceRef, Triple
from graph.commands.records import TSV_COLUMNS, carb_line, status, triple_record, tsv_line, tsv_rows

SENT = SentenceRef("doc", 3, "Acme stole data from Beta, police said.", 100, 139)
ACME = Entity("acme", "Acme", EntityType.ORGANIZATION, mentions=1)
BETA = Entity("beta", "Beta", EntityType.ORGANIZATION, mentions=1)
POLICE = Entity("police", "police", EntityType.GOVERNMENT_BODY, mentions=1)


def triple(**changes) -> Triple:
    base = dict(
        subject=Argument("Acme", 100, 104, "subject", "acme"),
        relation=Relation("stole", "steal", 105, 110),
        object=Argument("data", 111, 115, "object"),
        extras=(Argument("from Beta", 116, 125, "arg", "beta", "from"),),
        negated=False,
        modality=None,
        attributed_to="police",
        confidence=0.7,
        sentence=SENT,
        rule="svo",
    )
    base.update(changes)
    return Triple(**base)


def document(*triples: Triple) -> DocumentGraph:
    return DocumentGraph("doc", (ACME, BETA, POLICE), (), triples, (SENT,))


def test_tsv_has_one_row_per_edge_the_graph_holds():
    t = triple()
    rows = tsv_rows(t, document(t))
    assert [dict(zip(TSV_COLUMNS, r, strict=True)) for r in rows] == [
        {
            "doc": "doc",
            "sentence": "3",
            "subject": "Acme",
            "relation": "stole",
            "object": "data",
            "predicate": "steal",
            "status": "reported",
            "speaker": "police",
        },
        {
            "doc": "doc",
            "sentence": "3",
            "subject": "Acme",
            "relation": "stole from",
            "object": "Beta",
            "predicate": "steal from",
            "status": "reported",
            "speaker": "police",
        },
    ]


def test_tsv_non_entity_extra_stays_on_the_statement():
    t = triple(extras=(Argument("on Monday", 116, 125, "time", None, "on"),))
    assert len(tsv_rows(t, document(t))) == 1


def test_tsv_clausal_subject_gives_no_edge():
    t = triple(subject=Argument("That it fell", 100, 112, "subject", None))
    assert tsv_rows(t, document(t)) == []


def test_status_negation_before_modality_before_attribution():
    assert status(triple(negated=True, modality="may")) == "negated"
    assert status(triple(modality="may")) == "hedged"
    assert status(triple()) == "reported"
    assert status(triple(attributed_to=None)) == "fact"


def test_tsv_line_keeps_one_line_per_record():
    assert tsv_line(["a\tb", "c\nd", ""]) == "a b\tc d\t"


def test_json_record_contract_fields():
    t = triple()
    rec = json.loads(json.dumps(triple_record(t, document(t))))
    assert rec["subject_entity"] == "Acme" and rec["object_entity"] is None
    assert rec["attributed_to"] == "police" and rec["arguments"][0]["entity"] == "Beta"
    assert rec["offsets"]["relation"] == [105, 110]


def test_carb_line_arguments_in_order():
    assert carb_line(triple()).split("\t") == [
        SENT.text,
        "0.700",
        "stole",
        "Acme",
        "data",
        "from Beta",
    ]
