"""`--jobs N`: worker processes give exactly the single-process result, in input order."""

from __future__ import annotations

from extract.pipeline import extract_documents

DOCS = [
    (f"d{i}", text)
    for i, text in enumerate(
        [
            "The Port Authority fined a ferry company. The company said it would appeal.",
            "Anna Lee founded a bakery in Lyon. She later sold it to a rival firm.",
            "",
            "The regulator did not approve the merger, the newspaper reported.",
            ("The council repaired the bridge. " * 40).strip(),  # split into pieces below
            "Police arrested two men in Leeds on Monday.",
        ]
    )
]


def test_two_workers_give_the_single_process_result(nlp):
    one = list(extract_documents(nlp, DOCS, batch_size=2, max_chars=300))
    two = list(extract_documents(nlp, DOCS, batch_size=2, max_chars=300, n_process=2))
    assert [d.doc for d in two] == [doc_id for doc_id, _ in DOCS]
    assert two == one
    long_doc = one[4]
    assert len(long_doc.sentences) == 40  # the 1,300-character text really was cut in pieces
    assert long_doc.sentences[-1].start > 300


def test_a_consumer_that_stops_early_does_not_hang(nlp):
    stream = extract_documents(nlp, DOCS * 10, batch_size=1, n_process=2)
    first = next(stream)
    stream.close()  # the pool is shut down without waiting for queued batches
    assert first.doc == "d0"
