"""Argument spans: the complete noun phrase around a head token, no more.

A noun phrase keeps its determiners, modifiers and prepositional attachments;
it leaves out relative and participial clauses, appositions and conjoined
siblings (those become their own arguments or triples). Spans are contiguous
token ranges so that the text is always a substring of the sentence.
"""

from __future__ import annotations

from collections.abc import Iterator

from extract.deps import (
    ACL,
    APPOS,
    CC,
    CONJ,
    PRECONJ,
    PUNCT,
    RELCL,
)
from extract.parsed import ParsedDoc, Word

#: Children of a noun head that are not part of its noun phrase.
_DETACHED = frozenset({RELCL, ACL, APPOS, CONJ, CC, PRECONJ})
_EDGE_PUNCT = frozenset(
    {",", ";", ":", "-", "--", "(", ")", "'", "`", "``", "''", "\u2014", "\u2013"}
)
_QUOTES = frozenset({'"', "\u201c", "\u201d", "\u2018", "\u2019", "``", "''", "'", "`"})


def phrase_bounds(head: Word) -> tuple[int, int]:
    """Token range [start, end) of the phrase headed by `head` (see module doc)."""
    start, end = head.i, head.i + 1
    for child in head.children:
        if child.dep_ in _DETACHED:
            continue
        if child.dep_ == PUNCT and (child.i < start - 1 or child.i > end):
            continue
        if child.i < head.i:
            start = min(start, child.left_edge.i)
        else:
            end = max(end, child.right_edge.i + 1)
    # a detached child that sits inside the range (rare) must not be swallowed
    for child in head.children:
        if child.dep_ in _DETACHED and start <= child.i < end:
            if child.i > head.i:
                end = min(end, child.left_edge.i)
            else:
                start = max(start, child.right_edge.i + 1)
    # a relative clause deeper inside that runs to the end is cut off too:
    # "information about our economy, which is a target" -> "information about our economy"
    doc = head.doc
    for token in doc[head.i + 1 : end]:
        if token.dep_ == RELCL and token.right_edge.i + 1 == end:
            end = token.left_edge.i
            break
    return _trim(doc, start, end, head.i)


def clause_bounds(head: Word) -> tuple[int, int]:
    """Token range of a whole clause or phrase (the subtree), trimmed of edge punctuation."""
    return _trim(head.doc, head.left_edge.i, head.right_edge.i + 1, head.i)


def _trim(doc, start: int, end: int, keep: int) -> tuple[int, int]:
    """Drop punctuation, quotes and white space from both edges (never the head itself), and
    never cut a hyphenated word the tokenizer split ("co-founder", "anti-Islamic")."""
    while start < keep and _is_edge_noise(doc[start]):
        start += 1
    while end - 1 > keep and _is_edge_noise(doc[end - 1]):
        end -= 1
    while end + 1 < len(doc) and hyphen_joins(doc, end):
        end += 2  # "co" | "-" "founder" -> "co-founder"
    while start >= 2 and hyphen_joins(doc, start - 1):
        start -= 2  # "anti" "-" | "Islamic" -> "anti-Islamic"
    return start, end


def hyphen_joins(doc, i: int) -> bool:
    """Token `i` is a hyphen written inside a word: no space on either side, words around it."""
    if i < 1 or i + 1 >= len(doc) or doc[i].text != "-":
        return False
    before, after = doc[i - 1], doc[i + 1]
    return (
        not before.whitespace_
        and not doc[i].whitespace_
        and before.text[-1:].isalnum()
        and after.text[:1].isalnum()
    )


def _is_edge_noise(token: Word) -> bool:
    return (
        token.is_space
        or token.text in _EDGE_PUNCT
        or token.text in _QUOTES
        or token.dep_ == CC
        or (token.is_punct and token.text not in {"%", "$"})
    )


#: Words just before a conjunct that set it against the others instead of adding it: "music
#: rather than movies", "an author instead of one book", "the chairman, not the board".
_EXCLUDING = (("rather", "than"), ("instead", "of"), ("not",), ("but", "not"))


def _excluded(token: Word) -> bool:
    """`token` is a conjunct the sentence rules out ("want music rather than movies")."""
    doc, start = token.doc, token.left_edge.i
    before = [w.lower_ for w in doc[max(0, start - 2) : start] if not w.is_punct]
    return any(tuple(before[-len(words) :]) == words for words in _EXCLUDING)


def conjuncts(head: Word) -> Iterator[Word]:
    """The head and every token conjoined with it ("X, Y and Z" -> X, Y, Z), less the ones the
    sentence excludes ("X rather than Y" -> X)."""
    yield head
    for token in head.conjuncts:
        if token.i > head.i and not _excluded(token):
            yield token


def char_span(doc: ParsedDoc, start: int, end: int) -> tuple[str, int, int]:
    """Text and document character offsets of the token range [start, end)."""
    span = doc[start:end]
    return span.text, span.start_char, span.end_char
