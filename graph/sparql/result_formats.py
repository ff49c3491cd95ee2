"""SPARQL results as CSV and TSV, the W3C's "SPARQL 1.1 Query Results CSV and TSV Formats".

CSV is written by rdflib's own result serialiser (absolute IRIs, plain lexical forms, CRLF
line ends); rdflib has no TSV serialiser, so TSV is written here, to the same note: a header
of `?name`s, and every term in its N-Triples form (`<iri>`, `"text"@en`,
`"3"^^<...#integer>`, `_:b0`) with tabs and line breaks escaped, so that each solution is
one line. Both are read back by rdflib's and Oxigraph's SPARQL result parsers in the tests.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result, ResultRow

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def serialized(result: Result, fmt: str) -> str:
    """`result` in one of rdflib's result formats ("csv", "json", ...), as text."""
    data = result.serialize(format=fmt)
    assert data is not None  # rdflib returns the bytes when given no destination
    return data.decode("utf-8")


def select_rows(result: Result) -> Iterator[ResultRow]:
    """The solutions of a SELECT result (rdflib types iterating any result as any result's items)."""
    for row in result:
        assert isinstance(row, ResultRow)
        yield row


def to_csv(result: Result) -> str:
    """SPARQL CSV of a SELECT result (rdflib's serialiser)."""
    return serialized(result, "csv")


def tsv_term(term) -> str:
    """One RDF term as a SPARQL TSV field (empty for an unbound variable)."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = f'"{str(term).translate(_ESCAPES)}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{text}^^<{term.datatype}>"
        return text
    raise TypeError(f"cannot write {term!r} as a SPARQL TSV term")


def to_tsv(result: Result) -> str:
    """SPARQL TSV of a SELECT result."""
    names = list(result.vars or [])
    lines = ["\t".join(f"?{name}" for name in names)]
    for row in select_rows(result):
        lines.append("\t".join(tsv_term(row[i]) for i in range(len(names))))
    return "\n".join(lines) + "\n"
