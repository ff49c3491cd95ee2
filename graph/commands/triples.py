"""`kg triples`: the extracted triples as records (jsonl, tsv, CaRB) or a table."""

from __future__ import annotations

import json

from extract.model import DocumentGraph, Triple
from graph.commands.documents import Reading, documents, warn_if_empty
from graph.commands.output import Output

FORMATS = ("jsonl", "tsv", "table", "carb")


def triples(
    reading: Reading,
    *,
    fmt: str = "table",
    lines: bool = False,
    min_confidence: float | None = None,
    output: str | None = None,
) -> int:
    """Print the extracted triples (jsonl, tsv, table or CaRB format).

    Example:
      kg triples examples/mss-consultancy-warning.txt --format table
      kg triples article.txt --format jsonl > triples.jsonl
      kg triples sentences.txt --sentences --format carb   # one sentence per line, CaRB scoring
      kg triples article.txt --format tsv > edges.tsv      # one row per edge the graph holds
      kg triples article.txt --format jsonl --min-confidence 0   # also the low-confidence facts
    A positive, unhedged triple whose calibrated confidence is below --min-confidence is left
    out (it would be no direct edge in `kg build`'s graph); negated and hedged ones are always
    listed. --format carb lists every extraction: its confidence column is the threshold there.

    Returns the number of triples. Records go to `output` (a file, written atomically)
    or standard output as they are made; `lines` reads each input line as one sentence.
    """
    from extract.confidence import listed
    from graph.commands import records
    from graph.io.table import format_table, row_count, terminal_width

    if fmt not in FORMATS:
        raise ValueError(f"unknown triples format {fmt!r}; use one of: {', '.join(FORMATS)}")
    columns = ["sent", "subject", "relation", "object", "flags"]
    with Output(output) as out:  # a failed run leaves no partial file
        rows: list[list[str]] = []  # the table rows of the document being read (all its sections)
        docs = count = tables = 0
        width = None if out.path else terminal_width()
        if fmt == "tsv":
            out.write(records.tsv_line(list(records.TSV_COLUMNS)) + "\n")
        for item in documents(reading, lines=lines, reports=fmt == "carb"):
            document = item.graph
            docs += item.done
            text_lines = []
            for triple in document.triples:
                if fmt != "carb" and not listed(triple, min_confidence):
                    continue
                count += 1
                if fmt == "table":
                    rows.append(records.table_row(triple, document))
                else:
                    text_lines.extend(_record_lines(triple, document, fmt))
            if item.done and rows:  # a table per document, printed as soon as the document is read
                title = f"doc: {document.doc}"
                text_lines.append(
                    ("\n" if tables else "")
                    + format_table(columns, rows, width=width, title=title, footer=False)
                )
                tables += 1
                rows = []
            if text_lines:
                out.write("\n".join(text_lines) + "\n")
        warn_if_empty(docs, count)
        if fmt == "table":
            out.write(
                f"\n{row_count(count, tables)}\n"
                if tables
                else format_table(columns, [], width=width) + "\n"
            )
    return count


def _record_lines(triple: Triple, document: DocumentGraph, fmt: str) -> list[str]:
    """The lines of one triple in a record format: a JSON object, a CaRB line or TSV edge rows."""
    from graph.commands import records

    if fmt == "jsonl":
        return [json.dumps(records.triple_record(triple, document), ensure_ascii=False)]
    if fmt == "carb":
        return [records.carb_line(triple)]
    return [records.tsv_line(row) for row in records.tsv_rows(triple, document)]
