"""Mention detection: every noun phrase, name and pronoun that may refer to an entity.

A mention is keyed by its head token, so that a triple argument (whose head
is known) finds its mention, and through it its entity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extract.deps import (
    AMOD,
    APPOS,
    COMPOUND,
    DETERMINERS,
    FIRST_PERSON,
    NMOD,
    NOUN_POS,
    PERSONAL_PRONOUNS,
    POSS,
    ROOT,
    SUBJECTS,
    TIME_NOUNS,
    UNRESOLVABLE_PRONOUNS,
)
from extract.entity_types import PERSON_TITLES, VALUE_LABELS, head_type, name_type, ner_type
from extract.model import EntityType
from extract.parsed import ParsedDoc, ParsedSpan, Word

_MODIFIER_DEPS = frozenset({AMOD, COMPOUND, NMOD, "nummod"})
_ORG_SUFFIXES = frozenset(
    {
        "ltd",
        "inc",
        "corp",
        "co",
        "plc",
        "llc",
        "ag",
        "sa",
        "gmbh",
        "limited",
        "incorporated",
        "corporation",
    }
)
_STEM_SUFFIXES = (
    "ancies",
    "ancy",
    "ency",
    "ings",
    "ing",
    "ants",
    "ant",
    "ents",
    "ent",
    "ations",
    "ation",
    "ions",
    "ion",
    "ers",
    "er",
    "ies",
    "es",
    "s",
)


@dataclass(frozen=True)
class MentionCandidate:
    """A mention before resolution (token positions into the Doc)."""

    start: int
    end: int
    head: int
    sentence: int
    kind: str  # name | definite | demonstrative | indefinite | bare | pronoun
    text: str
    label: str  # spaCy NER label or ""
    head_lemma: str
    modifiers: frozenset[str]  # stems of the modifier words
    words: frozenset[str]  # stems of every content word
    plural: bool
    salience: float  # grammatical prominence: main-clause subject > subject > other
    type: EntityType | None


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Crude derivational stem: "consultancy", "consulting" and "consultant" -> "consult"."""
    w = word.lower().strip(".'’-")
    for suffix in _STEM_SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: -len(suffix)]
    return w


#: Titles before a person's name: "Mr Cescau" is "Patrick Cescau", "Sir Alan" is "Sir Alan Budd".
HONORIFICS = frozenset(
    "mr mrs ms miss mx dr prof professor sir dame lord lady rev revd fr st".split()
)


@lru_cache(maxsize=65536)
def normalise_name(text: str) -> str:
    """Key for comparing names: lower case; no leading article or title, possessive or company suffix."""
    text = re.sub(r"['’]s?$", "", text.strip())
    words = re.findall(r"[\w&]+", text.lower())
    while words and words[0] in DETERMINERS:
        words = words[1:]
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    while len(words) > 1 and words[-1] in _ORG_SUFFIXES:
        words = words[:-1]
    return " ".join(words)


def acronym(text: str) -> str:
    """Initials of a name's capitalised words: "Ministry of State Security" -> "MSS"."""
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'-]*", text) if w[0].isupper())


def find_mentions(doc: ParsedDoc) -> list[MentionCandidate]:
    """All mentions in the document, in text order, at most one per head token."""
    sentence_of = {}
    for index, sent in enumerate(doc.sents):
        for token in sent:
            sentence_of[token.i] = index
    by_head: dict[int, MentionCandidate] = {}
    ents = doc.ents  # read once: a spaCy Doc rebuilds them on every access
    value_tokens = {
        i for ent in ents if ent.label_ in VALUE_LABELS for i in range(ent.start, ent.end)
    }
    for ent in (part for whole in ents for part in _split_at_to(whole)):
        if ent.label_ in VALUE_LABELS:
            continue
        mention = _name_mention(ent, sentence_of)
        if mention is not None:
            by_head[mention.head] = mention
    # a name inside a longer one ("Numbers" once "... Names and Numbers" is whole) is no mention:
    # in (start, longest first) order, one that ends by the furthest end so far lies inside
    furthest = -1
    for name in sorted(by_head.values(), key=lambda m: (m.start, -m.end)):
        if name.end <= furthest:
            del by_head[name.head]
        furthest = max(furthest, name.end)
    inside_names = {i for m in by_head.values() for i in range(m.start, m.end) if i != m.head}
    for chunk in doc.noun_chunks:
        root = chunk.root
        if root.i in by_head:
            continue
        if root.i in value_tokens or root.i in inside_names:
            continue
        mention = _chunk_mention(chunk, sentence_of)
        if mention is not None:
            by_head[mention.head] = mention
    for token in doc:
        if (
            token.i not in by_head
            and token.dep_ == POSS
            and token.lower_ in PERSONAL_PRONOUNS | FIRST_PERSON
        ):
            by_head[token.i] = _pronoun_mention(token, sentence_of)
        elif (
            token.i not in by_head
            and token.dep_ == POSS
            and token.pos_ == "PROPN"
            and token.i not in inside_names
            and not token.ent_type_
        ):
            # "Plaid Cymru's Elfyn Llwyd": a possessor the tagger did not call a name is one
            start = token.left_edge.i
            if all(t.pos_ == "PROPN" or t.lower_ == "the" for t in doc[start : token.i + 1]):
                mention = _name_mention(ParsedSpan(doc, start, token.i + 1, ""), sentence_of)
                if mention is not None:
                    by_head[token.i] = mention
        elif token.i not in by_head and token.lower_ == "old" and token.dep_ in _AGE_DEPS:
            mention = _age_mention(token, sentence_of)
            if mention is not None:
                by_head[token.i] = mention
    return sorted(by_head.values(), key=lambda m: m.start)


#: Labels of names that never hold a lower-case "to" (titles and events may: "Road to Perdition").
_TO_SPLIT_LABELS = frozenset({"ORG", "GPE", "PERSON", "NORP", "LOC", "FAC"})


def _split_at_to(ent: ParsedSpan) -> list[ParsedSpan]:
    """ "a move from Arsenal to Real Madrid" tagged as one organisation: the two names on either
    side of a lower-case "to" between capitalised words."""
    if ent.label_ not in _TO_SPLIT_LABELS:
        return [ent]
    doc = ent.doc
    for i in range(ent.start + 1, ent.end - 1):
        if doc[i].text == "to" and doc[i - 1].text[:1].isupper() and doc[i + 1].text[:1].isupper():
            left = ParsedSpan(doc, ent.start, i, ent.label_)
            return [left, *_split_at_to(ParsedSpan(doc, i + 1, ent.end, ent.label_))]
    return [ent]


#: Words inside a name that cannot end it ("Bank of", "Names and").
_NAME_JOINERS = frozenset({"and", "of", "for", "the", "&", "de", "du", "von", "van"})

#: Named-entity labels of places.
PLACE_LABELS = frozenset({"GPE", "LOC"})


def place_possessor(word: Word) -> bool:
    """A place's possessive before a noun ("France's" in "France's biggest carmaker"): it says
    where the thing is, so the phrase picks out one thing, as "the" does."""
    return word.dep_ == POSS and word.ent_type_ in PLACE_LABELS


#: Words that make a number an amount ("£800m", "$2bn", "3 million").
AMOUNT_UNITS = frozenset({"m", "bn", "mn", "k", "million", "billion", "trillion", "thousand"})

_AGE_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "appos", "attr"})
_AGE = re.compile(r"^(?:the|a|an)\s+\d+\s*-\s*year\s*-\s*old$", re.IGNORECASE)


def _age_mention(token: Word, sentence_of: dict[int, int]) -> MentionCandidate | None:
    """ "the 21-year-old told Cadena Cope": the tagger reads the age as a date, but it is a person."""
    doc = token.doc
    start = token.left_edge.i
    text = doc[start : token.i + 1].text
    if not _AGE.match(text):
        return None
    return MentionCandidate(
        start=start,
        end=token.i + 1,
        head=token.i,
        sentence=sentence_of[token.i],
        kind="definite" if doc[start].lower_ == "the" else "indefinite",
        text=text,
        label="",
        head_lemma="year-old",
        modifiers=frozenset(),
        words=frozenset({"year-old"}),
        plural=False,
        salience=_salience(token),
        type=EntityType.PERSON,
    )


def _name_mention(ent: ParsedSpan, sentence_of: dict[int, int]) -> MentionCandidate | None:
    tokens = [t for t in ent if not t.is_punct or t.text in {"&", "-"}]
    if not tokens or not any(t.is_alpha for t in tokens):
        return None
    start = ent.start + (1 if ent[0].lower_ == "the" else 0)
    end = ent.end
    doc = ent.doc
    if (
        ent.label_ == "PERSON"
        and end - start >= 2
        and head_type(doc[start].lemma_) is EntityType.PERSON
        and doc[start].lower_ not in PERSON_TITLES
    ):
        start += 1  # "Striker Carl Webb" at a sentence's start: the role is not the name
    # "Liberal Democrats" when the tagger's span is only "Democrats": proper-noun compounds before it
    while (
        start == ent.start
        and start > 0
        and _joins_name(doc[start - 1])
        and ent.start <= doc[start - 1].head.i < ent.end
        and sentence_of.get(start - 1) == sentence_of.get(start)
        # "Chairman Louis Schweitzer": a role word is not part of the person's name
        and not (ent.label_ == "PERSON" and head_type(doc[start - 1].lemma_) is EntityType.PERSON)
    ):
        start -= 1
        ent = ParsedSpan(doc, start, ent.end, ent.label_)
    # "Internet Corporation for Assigned Names and" + "Numbers": a name never ends in a function word
    while (
        end < len(doc)
        and doc[end - 1].lower_ in _NAME_JOINERS
        and doc[end].text[:1].isupper()
        and sentence_of.get(end) == sentence_of.get(start)
    ):
        end += 1
        while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper():
            end += 1
    if end != ent.end:
        ent = ParsedSpan(doc, start, end, ent.label_)
    while end - start > 1 and doc[end - 1].tag_ == "POS":
        end -= 1  # "Lord Conrad Black's": the possessive ending is not part of the name
    for t in ent:
        if t.text == "(" and not any(u.text == ")" for u in ent):
            end = t.i  # "World Health Organization (WHO": the bracket opens an alias
            break
    if start >= end:
        return None
    if (start, end) != (ent.start, ent.end):
        ent = ParsedSpan(ent.doc, start, end, ent.label_)
    head = ent.root
    words = frozenset(stem(t.text) for t in ent if t.is_alpha and t.lower_ not in DETERMINERS)
    return MentionCandidate(
        start=start,
        end=ent.end,
        head=head.i,
        sentence=sentence_of[head.i],
        kind="name",
        text=ent.doc[start : ent.end].text,
        label=ent.label_,
        head_lemma=head.lemma_.lower(),
        modifiers=words - {stem(head.text)},
        words=words,
        plural=head.tag_ in {"NNS", "NNPS"},
        salience=_salience(head),
        type=name_type(
            ent.label_, [t.text for t in ent], _word_before(ent), plural=head.tag_ == "NNPS"
        ),
    )


def _joins_name(word: Word) -> bool:
    """A word before a name that belongs to it: a proper-noun compound the tagger left out
    ("Liberal" of "Liberal Democrats"), or a capitalised word it tagged as an organisation or
    group of one word of its own ("Liberal" ORG + "Democrat" NORP)."""
    if not word.text[:1].isupper() or word.dep_ not in {"compound", "amod"}:
        return False
    if word.pos_ != "PROPN" and not (word.dep_ == "amod" and word.pos_ == "ADJ" and word.ent_type_):
        return False
    if not word.ent_type_:
        return True
    before = word.doc[word.i - 1] if word.i > 0 else None
    return word.ent_type_ in {"ORG", "NORP"} and (
        before is None or before.ent_type_ != word.ent_type_
    )


def _word_before(name: ParsedSpan) -> str:
    """The word before a name, when it belongs to the name's phrase: "the" in "the Lib Dems", not
    in "the David Blunkett controversy" (that "the" is the controversy's)."""
    if name.start == 0:
        return ""
    before = name.doc[name.start - 1]
    if before.dep_ in {"det", "predet"} and not name.start <= before.head.i < name.end:
        return ""
    return before.text


def _chunk_mention(chunk: ParsedSpan, sentence_of: dict[int, int]) -> MentionCandidate | None:
    root = chunk.root
    acronym_like = len(root.text) >= 2 and root.text.isupper() and root.text.isalpha()
    if root.pos_ == "PRON" and not acronym_like:  # "WHO", "US" in capitals are names, not pronouns
        if root.lower_ in FIRST_PERSON:
            return _pronoun_mention(root, sentence_of)  # resolved only to a quotation's speaker
        if root.lower_ in UNRESOLVABLE_PRONOUNS or root.lower_ not in PERSONAL_PRONOUNS:
            return None
        return _pronoun_mention(root, sentence_of)
    if (
        root.pos_ not in NOUN_POS | {"PRON"}
        or not root.is_alpha
        and not any(t.is_alpha for t in chunk)
    ):
        return None
    if root.lower_ in AMOUNT_UNITS and any(c.dep_ == "nummod" for c in root.children):
        return None  # "£800m", "$2bn", "3 million": an amount, not a thing
    if root.lemma_.lower() in TIME_NOUNS and root.dep_ in {"pobj", "npadvmod"}:
        return None  # "at the time", "for the first time", "this week": when, not a thing
    start = chunk.start
    while start < root.i and chunk.doc[start].is_punct:
        start += 1  # '" Mr Champion': the quotation mark is not part of the name
    if root.pos_ == "PROPN":
        # "Sky Networks' Sophie Turner Laing": the possessor is a mention of its own, not the name's
        for child in root.children:
            if child.dep_ == POSS and child.i < root.i:
                start = max(start, child.right_edge.i + 1)
        if start > chunk.start:
            chunk = ParsedSpan(chunk.doc, start, chunk.end, chunk.label_)
    first = chunk.doc[start]
    det = first.lower_ if first.dep_ in {"det", "predet"} else ""
    # a possessive ("China's core secrets") stays part of the text but not of the kind, except
    # a place's, which picks out one thing as "the" does ("France's second largest carmaker")
    if place_possessor(first) and root.pos_ == "NOUN":
        det = "the"
    if det in {"the"}:
        kind = "definite"
    elif det in {"this", "that", "these", "those", "such"}:
        kind = "demonstrative"
    elif det in {"a", "an", "another", "some", "any", "each", "every", "no"}:
        kind = "indefinite"
    elif (
        root.pos_ == "PROPN"
        or acronym_like
        or (root.text.istitle() and root.i > start and first.lower_ in PERSON_TITLES)
    ):
        kind = "name"
    else:
        kind = "bare"
    modifiers = frozenset(
        stem(t.text)
        for t in chunk
        if t.i != root.i
        and (t.dep_ in _MODIFIER_DEPS or t.head.dep_ in _MODIFIER_DEPS)
        and t.is_alpha
    )
    words = frozenset(
        stem(t.text) for t in chunk if t.is_alpha and t.lower_ not in DETERMINERS and t.dep_ != POSS
    )
    ent_label = root.ent_type_ if root.ent_type_ not in VALUE_LABELS else ""
    kind_type = ner_type(ent_label, [t.text for t in chunk]) if ent_label else None
    if kind == "name" and first.lower_ in PERSON_TITLES and root.i > start:
        kind_type = EntityType.PERSON  # "Mr Champion"
    return MentionCandidate(
        start=start,
        end=chunk.end,
        head=root.i,
        sentence=sentence_of[root.i],
        kind=kind,
        text=chunk.doc[start : chunk.end].text,
        label=ent_label,
        head_lemma=root.lemma_.lower(),
        modifiers=modifiers,
        words=words,
        plural=root.tag_ in {"NNS", "NNPS"},
        salience=_salience(root),
        type=kind_type or head_type(root.lemma_),
    )


def _pronoun_mention(token: Word, sentence_of: dict[int, int]) -> MentionCandidate:
    lower = token.lower_
    return MentionCandidate(
        start=token.i,
        end=token.i + 1,
        head=token.i,
        sentence=sentence_of[token.i],
        kind="pronoun",
        text=token.text,
        label="",
        head_lemma=lower,
        modifiers=frozenset(),
        words=frozenset(),
        plural=lower
        in {
            "they",
            "them",
            "their",
            "theirs",
            "themselves",
            "we",
            "us",
            "our",
            "ours",
            "ourselves",
        },
        salience=_salience(token),
        type=None,
    )


def _salience(token: Word) -> float:
    """Main-clause subjects are the likeliest antecedents, then subjects, then the rest."""
    if token.dep_ in SUBJECTS:
        return 3.0 if token.head.dep_ == ROOT else 2.0
    if token.dep_ == APPOS:
        return 1.0
    if token.dep_ in {"dobj", "attr"}:
        return 1.0
    if token.dep_ in {"compound", "nmod", "amod"} and token.head.pos_ in {"NOUN", "PROPN"}:
        return 0.0  # a name that only modifies a noun ("the Premiership initiative") is rarely what "he" means
    return 0.5
