"""`kg entities`: the resolved entities, merged over all documents (json, table) or streamed per document (jsonl)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace

from extract.merge import merge_entity
from extract.model import DocumentGraph, Entity
from graph.commands.documents import Reading, documents
from graph.commands.output import Output, emit

FORMATS = ("table", "json", "jsonl")


def entities(
    reading: Reading,
    *,
    fmt: str = "table",
    every: bool = False,
    explain: bool = False,
    output: str | None = None,
) -> None:
    """List the resolved entities: type, canonical label, aliases, mention count.

    Example:
      kg entities examples/ --format table
      kg entities article.txt --format json
      kg entities article.txt --explain            # also which coreference pass merged each mention
      kg entities news/ --format jsonl | jq -c .   # one line per entity per document, as they come
    json and table merge each entity over all documents; jsonl streams each document's
    entities (an entity named in three documents gives three lines with the same id).

    Returns nothing: the records go to `output` or standard output. `every` also lists, in
    a table, the concepts mentioned once; `explain` adds the coreference evidence.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown entities format {fmt!r}; use one of: {', '.join(FORMATS)}")
    if fmt == "jsonl":
        from graph.commands.records import entity_records

        with Output(output) as out:
            for item in documents(reading):
                lines = [
                    json.dumps(record, ensure_ascii=False) for record in entity_records(item.graph)
                ]
                if lines:
                    out.write("\n".join(lines) + "\n")
        return
    records = merged_entities((item.graph for item in documents(reading)), explain=explain)
    if not every and fmt == "table":
        records = [r for r in records if r["type"] != "Concept" or r["mentions"] > 1]
    if fmt == "json":
        text = json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    else:
        text = entity_table(
            records, explain=explain, width=None if output not in (None, "-") else _width()
        )
    emit(text, output)


def merged_entities(graphs: Iterable[DocumentGraph], *, explain: bool = False) -> list[dict]:
    """One record per entity over all `graphs` (`kg entities --format json`), most mentioned first.

    An entity named in several documents is merged by `extract.merge.merge_entity` (the
    first document's label and type; aliases in the order they were seen), with the spans
    of all its mentions and, with `explain`, the evidence of each document.
    """
    merged: dict[str, Entity] = {}
    spans: dict[str, list[dict]] = {}
    for document in graphs:
        for entity in document.entities:
            if explain:
                entity = replace(
                    entity, evidence=tuple(f"{document.doc}: {e}" for e in entity.evidence)
                )
            known = merged.get(entity.id)
            merged[entity.id] = (
                entity if known is None else merge_entity(known, entity, sort_aliases=False)
            )
            spans.setdefault(entity.id, [])
        for mention in document.mentions:
            spans[mention.entity_id].append(
                {
                    "doc": document.doc,
                    "start": mention.start,
                    "end": mention.end,
                    "text": mention.text,
                }
            )
    records = [_record(entity, spans[entity.id], explain) for entity in merged.values()]
    return sorted(records, key=lambda r: (-r["mentions"], r["label"].lower()))


def _record(entity: Entity, spans: list[dict], explain: bool) -> dict:
    record = {
        "id": entity.id,
        "label": entity.label,
        "type": entity.type.value,
        "aliases": list(entity.aliases),
        "mentions": entity.mentions,
        "descriptions": list(entity.descriptions),
        "spans": spans,
    }
    if explain:
        record["evidence"] = list(entity.evidence)
    return record


def entity_table(records: list[dict], *, explain: bool = False, width: int | None = None) -> str:
    """The table of `kg entities`: type, label, aliases, mentions (and evidence)."""
    from graph.io.table import format_table

    rows = [[r["type"], r["label"], "; ".join(r["aliases"]), str(r["mentions"])] for r in records]
    header = ["type", "label", "aliases", "mentions"]
    if explain:
        header.append("evidence")
        for row, r in zip(rows, records, strict=True):
            row.append("; ".join(r.get("evidence", [])))
    return format_table(header, rows, width=width) + "\n"


def _width() -> int | None:
    from graph.io.table import terminal_width

    return terminal_width()
