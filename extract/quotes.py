"""Direct quotations: which words are inside quotation marks, and who speaks them.

A quotation often runs over several sentences and names its speaker only at one end
('"We are pleased. It was a great year," said Ann Lee.'). Coreference needs both facts:
an "I" or "we" inside a quotation is its speaker, and a "he" inside it is somebody else.

Only double quotation marks count (straight `"` paired in order, curly `“ ... ”`): single marks
are mostly apostrophes and scare quotes in headlines. A newspaper reopens each paragraph of a long
quotation without closing the last one ('... the goal. "What annoys me ...'): an opening mark
(after a space, before a word) while one is open starts the next part of the same quotation.
"""

from __future__ import annotations

from dataclasses import dataclass

from extract.deps import AGENT, NSUBJ, NSUBJPASS, POBJ, REPORTING_VERBS
from extract.parsed import ParsedDoc

_OPEN = frozenset({"“", "„"})
_CLOSE = frozenset({"”"})
_STRAIGHT = '"'


@dataclass(frozen=True)
class Quote:
    """Words [start, end) between a pair of quotation marks; `speaker` is the head word of whoever says it."""

    start: int
    end: int
    speaker: int | None


def quotes(doc: ParsedDoc) -> list[Quote]:
    """Every quotation in the document with its speaker (None when no reporting verb names one)."""
    regions = _regions(doc)
    inside = {i for a, b in regions for i in range(a, b)}
    sentence_of = {}
    bounds = []
    for index, sent in enumerate(doc.sents):
        bounds.append((sent.start, sent.end))
        for i in range(sent.start, sent.end):
            sentence_of[i] = index
    out: list[Quote] = []
    for a, b in regions:
        speaker = None
        if b > a:
            # the sentence holding the closing mark first ('"...," he said'), then the opening one
            for sentence in dict.fromkeys((sentence_of.get(b - 1), sentence_of.get(a))):
                if sentence is None:
                    continue
                speaker = _reporting_subject(doc, *bounds[sentence], inside, near=b)
                if speaker is not None:
                    break
        previous = out[-1] if out else None
        if speaker is None and previous is not None and previous.speaker is not None and b > a:
            gap = sentence_of.get(a, 0) - sentence_of.get(
                previous.end - 1 if previous.end > previous.start else previous.start, 0
            )
            if 0 <= gap <= 1 and not _reporting_between(
                doc, previous.end, a, inside, previous.speaker
            ):
                speaker = (
                    previous.speaker
                )  # a quotation that goes on in the next sentence: the same voice
        out.append(Quote(a, b, speaker))
    return out


def _reporting_between(
    doc: ParsedDoc, start: int, end: int, inside: set[int], speaker: int
) -> bool:
    """Words between two quotations that name another speaker or narrate (a reporting verb, a subject),
    other than the first quotation's own "said Ann Lee, the chief executive"."""
    who = doc[speaker]
    own = set(range(who.left_edge.i, who.right_edge.i + 1)) | {who.head.i}
    return any(
        w.i not in inside
        and w.i not in own
        and (w.lemma_ in REPORTING_VERBS or w.dep_ in {NSUBJ, NSUBJPASS})
        for w in doc.words[start + 1 : end]
    )


def _regions(doc: ParsedDoc) -> list[tuple[int, int]]:
    regions = []
    opened: int | None = None
    straight_open: int | None = None
    for word in doc:
        text = word.text
        if text in _OPEN:
            if opened is not None:  # a new paragraph of the quotation reopens it
                regions.append((opened, word.i))
            opened = word.i + 1
        elif text in _CLOSE and opened is not None:
            regions.append((opened, word.i))
            opened = None
        elif text == _STRAIGHT:
            if straight_open is None:
                straight_open = word.i + 1
            elif _opens(doc, word.i) and not _closes(doc, word.i):
                # 'inside the goal. "What really annoys me ...': a new paragraph of the same
                # quotation reopens it without closing the last one (the newspaper convention)
                regions.append((straight_open, word.i))
                straight_open = word.i + 1
            else:
                regions.append((straight_open, word.i))
                straight_open = None
    for start in (opened, straight_open):
        if start is not None and start < len(doc):
            # never closed: the quotation runs to the end of the sentence it opened in
            end = next((s.end for s in doc.sents if s.start <= start < s.end), len(doc))
            regions.append((start, end))
    return sorted(regions)


def _opens(doc: ParsedDoc, i: int) -> bool:
    """A straight mark placed as an opening one: after a space (or first), before a word."""
    before = i == 0 or bool(doc[i - 1].whitespace_) or doc[i - 1].text.isspace()
    return before and not doc[i].whitespace_ and i + 1 < len(doc) and not doc[i + 1].is_punct


def _closes(doc: ParsedDoc, i: int) -> bool:
    """A straight mark placed as a closing one: straight after a word or punctuation."""
    return i > 0 and not doc[i - 1].whitespace_ and not doc[i - 1].text.isspace()


def _reporting_subject(
    doc: ParsedDoc, start: int, end: int, inside: set[int], near: int
) -> int | None:
    """Head of the subject of a reporting verb outside the quotation, the nearest to `near` first."""
    verbs = [
        w
        for w in doc.words[start:end]
        if w.i not in inside and w.lemma_ in REPORTING_VERBS and w.pos_ in {"VERB", "AUX"}
    ]
    verbs.sort(key=lambda w: abs(w.i - near))
    for verb in verbs:
        for child in verb.children:
            if child.dep_ == NSUBJ and child.i not in inside:
                return child.i
            if child.dep_ == AGENT:  # "..., was said by the ministry"
                for obj in child.children:
                    if obj.dep_ == POBJ:
                        return obj.i
        for child in verb.children:
            if child.dep_ == NSUBJPASS and child.i not in inside:
                return None  # "it was said": no speaker
    return None


def quote_of(quotes_: list[Quote], index: int) -> Quote | None:
    """The quotation word `index` is inside, if any."""
    for q in quotes_:
        if q.start <= index < q.end:
            return q
    return None
