"""Sentence boundaries the statistical parser misses in real articles.

Two kinds, both seen on almost every news file:

* **Layout.** A headline on its own line ("Club rejects third bid" + blank line + body) has no
  final full stop, and the parser glues it to the body's first sentence, so a fact joins the
  headline's subject to the body's first noun. A blank line always ends a sentence; a single line
  break ends one when the line before it ends a sentence (terminal punctuation) or is a stand-alone
  title line (at the start of the text or of a paragraph, short, not ending in a punctuation mark or
  function word that continues) followed by
  a line that starts like a sentence. A hard-wrapped line in the middle of a paragraph is left alone.
* **Amounts.** spaCy's English tokenizer has special cases for single letters with a full stop
  ("m." as in an initial), so "cost £118m. Analysts said" keeps "m." as one token and the sentence
  does not end. The lower-case money/number units (b, k, m) lose those special cases: "118m." is
  split into "118", "m", "." like "5bn." already is.

`add_sentence_breaks(nlp)` installs both on a loaded pipeline: the tokenizer change, and the
`kg_sentence_breaks` component first in the pipeline (before the parser, which keeps any sentence
start already set).
"""

from __future__ import annotations

from typing import Any

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

#: Single-letter units whose "x." tokenizer special case swallows a sentence-final full stop.
UNIT_ABBREVIATIONS = ("b.", "k.", "m.")

#: A line ends a sentence when its last character is one of these.
_TERMINAL = frozenset(".!?…\"”’'")

#: A title line is at most this many words.
TITLE_MAX_WORDS = 12

#: A line ending in one of these continues on the next line.
_CONTINUES = frozenset(",;:-–—(&/")

COMPONENT = "kg_sentence_breaks"


@Language.component(COMPONENT)
def sentence_breaks(doc: Doc) -> Doc:
    """Mark the first word after a paragraph break, a sentence-final line or a title line as a sentence start.

    Set in one array write: `Token.is_sent_start = True` checks the whole Doc for a
    parse each time, which made a text of many short lines quadratic.
    """
    starts = line_break_starts(doc)
    if starts:
        if doc.has_annotation("DEP"):
            raise ValueError("sentence starts can only be set before the parser runs")
        mark_starts(doc, starts, [i for start in starts for i in held_words(doc, start)])
    return doc


def mark_starts(doc: Doc, starts: list[int], held: list[int]) -> None:
    """Set `starts` as sentence starts and `held` as no sentence start, in one array write."""
    column = doc.to_array([SENT_START])
    column[held] = _NOT_A_START
    column[starts] = 1
    # spaCy's stubs call to_array's result float64 and from_array's argument thinc's Ints2d: both are this uint64 array
    doc.from_array([SENT_START], column)  # type: ignore[arg-type]


#: SENT_START's "not a sentence start" (-1) as the uint64 column holds it.
_NOT_A_START = 2**64 - 1

#: How far after a line-break start the words before the first full stop are kept in one sentence.
_HELD_WORDS = 48


def held_words(doc: Doc, start: int, end: int | None = None) -> list[int]:
    """Words after a sentence start set before the parser, up to the first sentence-final mark or
    line break (or `end`), that follow a word: told that a sentence starts there, the parser
    otherwise cuts the next words off as sentences of their own ("Hearts" / "of Oak" / "set up an
    all Ghanaian ... final")."""
    held = []
    stop = min(len(doc), start + _HELD_WORDS if end is None else end)
    for i in range(start + 1, stop):
        token, before = doc[i], doc[i - 1]
        if token.is_space or before.is_space or before.text[-1] in _TERMINAL:
            break
        if not before.is_punct and not token.is_punct:
            held.append(i)
    return held


def line_break_starts(doc: Doc) -> list[int]:
    """Indices of tokens that start a sentence because of the line layout before them."""
    starts = []
    line_start = 0  # index of the first word of the current line
    paragraph_start = True  # the current line opens the text or a paragraph
    for i, token in enumerate(doc):
        if not token.is_space or "\n" not in token.text:
            continue
        nxt = i + 1
        if nxt >= len(doc):
            break
        blank = token.text.count("\n") > 1
        line = [t for t in doc[line_start:i] if not t.is_space]
        if (
            line
            and not doc[nxt].is_space
            and (blank or _ends_sentence(line, doc[nxt].text, paragraph_start))
        ):
            starts.append(nxt)
        line_start, paragraph_start = nxt, blank or not line
    return starts


def _ends_sentence(line: list, next_word: str, paragraph_start: bool) -> bool:
    word = line[-1].text
    last = word[-1]
    if last in _TERMINAL:
        return not (last == "." and len(word) > 1 and word.strip(".")) or word.endswith(
            ".."
        )  # "Mr." is no end
    if last in _CONTINUES or not paragraph_start or len(line) > TITLE_MAX_WORDS or line[-1].is_stop:
        return False
    first = next_word[0]
    return first.isupper() or first.isdigit() or first in "\"“‘'"


def add_sentence_breaks(nlp: Language) -> Language:
    """Install the unit-abbreviation tokenizer fix and the layout component on `nlp` (idempotent)."""
    tokenizer: Any = nlp.tokenizer  # spaCy's Tokenizer: a Cython class without type stubs
    rules = dict(tokenizer.rules or {})
    if any(unit in rules for unit in UNIT_ABBREVIATIONS):
        for unit in UNIT_ABBREVIATIONS:
            rules.pop(unit, None)
        tokenizer.rules = rules
    if COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, first=True)
    return nlp
