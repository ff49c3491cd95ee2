"""Clause-based open information extraction over one parsed sentence.

`propositions(sent)` finds every clause (main, subordinate, relative,
participial, infinitival, conjoined), its subject (own, shared through
coordination, controlled, or the noun a relative clause modifies), its relation
phrase (auxiliaries, negation, particles and a leading preposition kept as
written) and its arguments, and yields one `Proposition` per
subject x object combination. Positions are token indices into the `Doc`;
`extract.document` turns them into character offsets and entities.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from extract.claims import (
    ClauseContext,
    clause_context,
    reporting_content,
    reports_through,
    speaker_of,
)
from extract.deps import (
    ACL,
    ACOMP,
    ADJUNCT_PREPOSITIONS,
    ADVCL,
    ADVMOD,
    AGENT,
    APPOS,
    ATTR,
    AUX,
    AUXPASS,
    CASE,
    CC,
    CCOMP,
    CONJ,
    DATIVE,
    DOBJ,
    EXPL,
    MARK,
    NEG,
    NON_ARGUMENT_ADVERBS,
    NOUN_POS,
    NPADVMOD,
    OBJECT_CONTROL_VERBS,
    OPRD,
    PARATAXIS,
    PCOMP,
    POBJ,
    POSS,
    PREP,
    PRT,
    QUOTE_MARKS,
    RELATIVE_PRONOUNS,
    RELATIVE_TAGS,
    RELCL,
    REPORTING_OR_BELIEF_VERBS,
    REPORTING_VERBS,
    SUBJECTS,
    TIME_NOUNS,
    VERB_POS,
    XCOMP,
    catenative,
    clause_dependents,
)
from extract.entity_types import head_type
from extract.model import EntityType
from extract.parsed import ParsedSpan, Word
from extract.spans import clause_bounds, conjuncts, hyphen_joins, phrase_bounds

_TIME_ENTS = frozenset({"DATE", "TIME"})
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
_TIME_PREPS = frozenset({"during", "since", "until", "till", "before", "after", "throughout"})
_MANNER_PREPS = frozenset({"by", "with", "without", "via", "through"})
#: Heads of multiword prepositions ("in light of", "in the wake of", "in line with", "at least").
_MULTIWORD_HEADS = frozenset(
    """light terms spite front behalf addition view case favour favor lieu charge line accordance
    respect regard relation wake face absence event course midst process aftermath run part""".split()
)
_DEGREE_WORDS = frozenset({"least", "most", "best", "worst", "all", "first", "last", "times"})
#: Prepositions that, fronted before the subject, set the frame of the whole clause ("Under the law, ...").
_FRAME_PREPS = frozenset({"under", "according", "pursuant", "per"})


@dataclass(frozen=True)
class Part:
    """A token range [start, end) standing for one argument; `head` is its head token."""

    start: int
    end: int
    head: int
    role: str = "object"
    preposition: str | None = None
    link: int | None = None  # token index of the preposition that introduced it


@dataclass(frozen=True)
class Proposition:
    """One extraction from one sentence, in token positions."""

    subject: Part
    relation: tuple[int, ...]  # token indices of the relation words, ascending
    relation_lemma: str  # normalised predicate key ("steal from", "be based on")
    object: Part | None
    extras: tuple[Part, ...]
    context: ClauseContext
    rule: str
    relation_text: str | None = None  # set for relations not written in the text ("is")


def propositions(sent: ParsedSpan, *, reports: bool = False) -> Iterator[Proposition]:
    """Every proposition in `sent`, in sentence order.

    With `reports=True` the reporting act itself is also extracted as
    (speaker; said that; content), the way Open IE benchmarks expect; a
    knowledge graph leaves it out and records the speaker as attribution.
    """
    for token in sent:
        if _is_predicate(token):
            yield from _verb_propositions(token, reports=reports)
        if token.dep_ == APPOS and token.pos_ in NOUN_POS and token.head.pos_ in NOUN_POS:
            yield from _apposition(token)
        if token.dep_ == POSS and token.head.pos_ in NOUN_POS:
            yield from _possessive(token)
        if token.dep_ == PREP and token.lower_ == "from" and token.head.pos_ in NOUN_POS:
            yield from _set_off_origin(token)
        if token.lower_ in _MOVEMENT_ADVERBS and token.dep_ == ADVMOD:
            yield from _set_off_movement(token)
        if token.pos_ == "PROPN" and token.dep_ != "compound":
            yield from _title_role(token)
        if token.pos_ == "NOUN" and token.lemma_ in CHANGE_NOUNS:
            yield from _change(token)


# --- predicates ------------------------------------------------------------


def _is_predicate(token: Word) -> bool:
    if token.pos_ not in VERB_POS:
        return False
    if token.dep_ in {AUX, AUXPASS, "amod", "compound"}:
        return False
    if token.tag_ in {"VBZ", "VBP"} and token.dep_ in {"nsubj", "nsubjpass", DOBJ, POBJ}:
        return False  # "Music downloads on mobiles have the potential": a noun read as a verb
    if token.pos_ == "AUX" and not any(
        c.dep_ in {ATTR, ACOMP, NEG} | SUBJECTS for c in token.children
    ):
        return False
    if _is_connective(token):
        return False
    if _title_word(token) or _stray_base_conjunct(token) or _modifier_after_and(token):
        return False
    # a catenative verb ("aims to spy") is folded into its infinitive's relation
    return not _is_folded_catenative(token)


def _title_word(token: Word) -> bool:
    """ "Strictly Come Dancing presenter Tess Daly", "the film Shall We Dance?": a capitalised verb
    inside a sentence is a word of a title or a name, not a verb of the sentence."""
    if not token.text[:1].isupper() or token.text.isupper():
        return False
    root = token
    while root.head is not root:
        root = root.head
    if token.i == root.left_edge.i:
        return False  # the sentence's first word
    before = token.doc[token.i - 1]
    if before.is_punct or before.is_space:
        return False  # a quotation or a list may start after one
    words = [w for w in token.doc[root.left_edge.i : root.right_edge.i + 1] if w.is_alpha]
    capitalised = sum(1 for w in words if w.text[:1].isupper())
    return capitalised < 0.8 * len(words)  # "Howard Unveils Election Platform": every word is


#: Verbs whose past tense is their base form: a tagger's VB after a past verb may be right.
_SAME_IN_THE_PAST = frozenset(
    """bet bid broadcast burst cast cost cut fit forecast hit hurt let put quit read rid set shed
    shut slit split spread thrust upset""".split()
)


def _stray_base_conjunct(token: Word) -> bool:
    """ "Other stars included X and actress Anita Dobson": a bare base form joined to a verb of
    another form, with no auxiliary or "to" of its own, is a noun the tagger read as a verb."""
    head = token.head
    return (
        token.dep_ == CONJ
        and token.tag_ == "VB"
        and token.lower_ not in _SAME_IN_THE_PAST  # "won 84 caps and quit Test rugby"
        and not any(c.dep_ in {AUX, AUXPASS} | SUBJECTS for c in token.children)
        and (head.tag_ in {"VBD", "VBZ"} or _title_word(head) or _stray_base_conjunct(head))
    )


def _modifier_after_and(token: Word) -> bool:
    """ "between Love and surviving band members": a participle right after "and" or "or" and hung
    on a noun before them modifies the noun after it."""
    if token.tag_ not in {"VBG", "VBN"} or token.i == 0:
        return False
    if token.dep_ != ACL and not (token.dep_ == CONJ and token.head.pos_ in NOUN_POS):
        return False  # hung on the noun before "and", as its modifier or its conjunct
    before = token.doc[token.i - 1]
    return before.dep_ == "cc" and before.head.i < token.i


#: Participles that, with the preposition after them, join two phrases instead of stating an
#: act: "4% as opposed to 5%", "up 5% compared with 2004", "prices vary depending on the season".
_CONNECTIVE_PARTICIPLES = frozenset({"opposed", "compared", "depending", "excluding", "barring"})


def _is_connective(token: Word) -> bool:
    """ "as opposed to", "compared with", "excluding": a participle with no subject or auxiliary
    of its own that only links phrases ("opposed" only after "as": "they opposed the plan")."""
    if token.lower_ not in _CONNECTIVE_PARTICIPLES or token.tag_ not in {"VBN", "VBG"}:
        return False
    if any(c.dep_ in SUBJECTS | {AUX, AUXPASS} for c in token.children):
        return False
    before = token.doc[token.i - 1].lower_ if token.i > 0 else ""
    return token.lower_ != "opposed" or before == "as"


def _is_folded_catenative(token: Word) -> bool:
    return (
        catenative(token) is not None
        and any(c.dep_ == XCOMP and c.pos_ in VERB_POS for c in token.children)
        and not any(c.dep_ in {DOBJ, DATIVE} for c in token.children)
    )


def _catenative_governor(verb: Word) -> Word | None:
    head = verb.head
    if verb.dep_ == XCOMP and head.i != verb.i and _is_folded_catenative(head):
        return head
    if verb.dep_ == CONJ and head.dep_ == XCOMP and not _own_subject(verb):
        return _catenative_governor(head)
    return None


def _is_gerund_object(verb: Word) -> bool:
    """ "include working with X": a gerund complement of an ordinary verb is its object."""
    return (
        verb.dep_ == XCOMP
        and verb.tag_ == "VBG"
        and not any(c.dep_ == AUX for c in verb.children)
        and catenative(verb.head) is None
    )


def _own_subject(verb: Word) -> Word | None:
    for child in clause_dependents(verb):  # "The economy [is] not only gathering speed"
        if child.dep_ in SUBJECTS:
            return child
    return None


# --- subjects --------------------------------------------------------------


def subjects_of(verb: Word) -> tuple[list[Word], str]:
    """Subject heads of `verb` and how they were found (for the rule id).

    A clause with a subject of its own uses it; otherwise the first rule of `_BORROWED_SUBJECT`
    that recognises how the clause hangs on its head says whose subject it shares, if anyone's.
    """
    own = _own_subject(verb)
    if own is not None:
        return _from_own_subject(verb, own)
    if any(c.dep_ == EXPL for c in verb.children):
        return [], "none"  # "a denial that there was anything wrong": no one's, nothing's
    if verb.head.i == verb.i:
        return [], "none"
    for rule in _BORROWED_SUBJECT:
        found = rule(verb)
        if found is not None:
            return found
    return [], "none"


#: What a subject rule finds: the subject heads and the rule id, or None when the rule does not apply.
_Subjects = tuple[list[Word], str] | None


def _from_own_subject(verb: Word, own: Word) -> tuple[list[Word], str]:
    """The clause's own subject, except that a relative pronoun stands for the noun its relative
    clause modifies and a clausal subject is one subject, not a list of conjuncts."""
    if own.lower_ in RELATIVE_PRONOUNS and own.tag_ in RELATIVE_TAGS:
        # relative clause: "a company that wanted ..." -> company; also when the
        # pronoun is the subject of a clause inside it ("which X said was ...")
        ancestor = verb
        while ancestor.dep_ != RELCL and ancestor.head.i != ancestor.i:
            ancestor = ancestor.head
        if ancestor.dep_ == RELCL:
            return [_relative_antecedent(ancestor.head)], "relative"
        return [], "none"
    if own.dep_ in {"csubj", "csubjpass"}:
        return [own], "clausal_subject"
    return list(conjuncts(own)), "own"


def _relative_antecedent(head: Word) -> Word:
    """The noun a relative clause is about: its head, or, when the parser hung it on a
    participle read as a predicate ("46%-owned by Reliance Industries which ..."), the
    participle's agent."""
    if _HYPHENATED_PARTICIPLE.search(head.lower_) or head.tag_ == "VBN":
        for prep in head.children:
            if prep.dep_ in {AGENT, PREP} and prep.lower_ == "by":
                agent = next((c for c in prep.children if c.dep_ == POBJ), None)
                if agent is not None:
                    return agent
    return head


def _sibling_report_subject(verb: Word) -> _Subjects:
    """A subjectless later complement of a reporting verb shares the subject of an earlier one:
    "It said the consultancy persuaded staff ..., inquired about files and recorded X" (the parser
    hangs the later verbs on "said" with no subject)."""
    head = verb.head
    if verb.dep_ != CCOMP or head.lemma_ not in REPORTING_OR_BELIEF_VERBS:
        return None
    earlier = [
        c for c in head.children if c.dep_ == CCOMP and c.i < verb.i and _own_subject(c) is not None
    ]
    if not earlier:
        return None
    subjects, _ = subjects_of(earlier[-1])
    return subjects, "sibling"


def _coordinated_subject(verb: Word) -> _Subjects:
    """Coordinated verbs share the subject: "X spied on and stole Y"."""
    if verb.dep_ == CONJ and verb.head.pos_ in VERB_POS:
        subjects, _ = subjects_of(verb.head)
        return subjects, "shared"
    return None


def _gerund_object_subject(verb: Word) -> _Subjects:
    """ "can include working with ...": the gerund clause is an object, with no subject to share."""
    if verb.dep_ == XCOMP and _is_gerund_object(verb):
        return [], "none"
    return None


def _adjective_control_subject(verb: Word) -> _Subjects:
    """An infinitive under a predicate adjective is done by the copula's subject: "The minister
    was unable to explain X" -> the minister."""
    head = verb.head
    if verb.dep_ == XCOMP and head.dep_ == ACOMP and head.head.pos_ in VERB_POS:
        subjects, _ = subjects_of(head.head)
        return subjects, "subject_control"
    return None


def _control_subject(verb: Word) -> _Subjects:
    """An infinitive under a verb is done by its object after an object-control verb ("X
    instructed Y to steal Z" -> Y), otherwise by the verb's subject ("X wants to go" -> X)."""
    if verb.dep_ != XCOMP:
        return None
    head = verb.head
    obj = next((c for c in head.children if c.dep_ == DOBJ), None)
    if obj is not None and head.lemma_ in OBJECT_CONTROL_VERBS:
        return list(conjuncts(obj)), "object_control"
    subjects, _ = subjects_of(head)
    return subjects, "subject_control"


def _prepositional_object_control(verb: Word) -> _Subjects:
    """A gerund after a verb's object and a preposition is done by that object: "accused the
    director of hiding losses" -> the director hid losses."""
    head = verb.head
    if verb.dep_ != PCOMP or head.dep_ != PREP or head.head.pos_ not in VERB_POS:
        return None
    obj = next((c for c in head.head.children if c.dep_ == DOBJ), None)
    if obj is not None and head.lower_ in {"of", "for", "with", "from", "into"}:
        return list(conjuncts(obj)), "object_control"
    return None


def _prepositional_complement_subject(verb: Word) -> _Subjects:
    """A gerund completing a non-adjunct preposition has no subject of its own: "limited to
    working ..."."""
    if verb.dep_ == PCOMP and verb.head.lower_ not in ADJUNCT_PREPOSITIONS:
        return [], "none"
    return None


def _noun_conjunct_subject(verb: Word) -> _Subjects:
    """A verb mis-attached as conjunct of a noun shares the subject of the nearest verb above:
    "to warn about the threat and call on X"."""
    if verb.dep_ != CONJ or verb.head.pos_ in VERB_POS:
        return None
    anchor = verb.head
    while anchor.pos_ not in VERB_POS and anchor.head.i != anchor.i:
        anchor = anchor.head
    if anchor.pos_ in VERB_POS:
        subjects, _ = subjects_of(anchor)
        return subjects, "shared"
    return [], "none"


def _adjunct_subject(verb: Word) -> _Subjects:
    """A participial or prepositional adjunct is done by the subject of the verb it modifies:
    "Without naming X, the ministry said ..." -> the ministry."""
    if verb.dep_ not in {ADVCL, PCOMP}:
        return None
    anchor = verb.head
    while anchor.dep_ in {PREP, PCOMP} and anchor.head.i != anchor.i:
        anchor = anchor.head
    if anchor.pos_ in VERB_POS and anchor.i != verb.i:
        subjects, _ = subjects_of(anchor)
        return subjects, "adjunct"
    if verb.dep_ == PCOMP and verb.head.lower_ in _CLAUSE_TIME_WORDS and anchor.pos_ in NOUN_POS:
        owner = next((c for c in anchor.children if c.dep_ == POSS), None)
        if owner is not None:  # "his team's win despite conceding a goal": the team conceded
            return [owner], "adjunct"
        clause = _clause_above(anchor)
        if clause is not None:  # "added to talk of a move after falling victim to a prank"
            subjects, _ = subjects_of(clause)
            return subjects, "adjunct"
    return [], "none"


#: Prepositions that open a clause of time or circumstance: they modify what someone did, so
#: the parser hanging one on a noun ("talk of a move after falling victim to a prank") is wrong.
_CLAUSE_TIME_WORDS = frozenset({"after", "before", "while", "since", "upon", "despite"})


def _clause_above(noun: Word) -> Word | None:
    """The nearest verb above a noun that is not itself a modifier of a noun (a participle
    or relative clause is passed through to the clause it is part of)."""
    word = noun
    for _ in range(12):
        if word.head is word:
            return None
        word = word.head
        if word.pos_ in VERB_POS and word.dep_ not in {ACL, RELCL}:
            return word
    return None


def _noun_infinitive_subject(verb: Word) -> _Subjects:
    """A noun + infinitive is done by the noun's owner ("their attempts to steal X" -> their,
    hedged by "attempt"), or by the object of an object-control verb parsed as "an assistant [to
    copy ...]" under "instructed"."""
    if verb.dep_ != ACL or not any(c.dep_ == AUX and c.lower_ == "to" for c in verb.children):
        return None
    head = verb.head
    if head.dep_ == DOBJ and head.head.lemma_ in OBJECT_CONTROL_VERBS:
        return [head], "object_control"
    owner = next((c for c in head.children if c.dep_ == "poss"), None)
    return ([owner], "nominal") if owner is not None else ([], "none")


def _for_to_subject(verb: Word) -> _Subjects:
    """ "a demand for Turkey to recognise Cyprus", "it is vital for banks to lend": the noun after
    "for", right before the infinitive's "to", is who is to do it (the parser may hang the
    infinitive elsewhere)."""
    to = next((c for c in verb.children if c.dep_ == AUX and c.lower_ == "to"), None)
    if to is None or to.i == 0:
        return None
    noun = verb.doc[to.i - 1]
    while noun.dep_ != POBJ and noun.head is not noun and noun.head.i < to.i:
        noun = noun.head
    prep = noun.head
    if (
        noun.dep_ != POBJ
        or prep.lower_ != "for"
        or prep.head.pos_ not in {"NOUN", "ADJ"}  # "paid for the tickets to avoid queues": his
        or noun.right_edge.i != to.i - 1
        or noun.pos_ not in NOUN_POS
    ):
        return None
    return list(conjuncts(noun)), "for_to"


def _participle_subject(verb: Word) -> _Subjects:
    """A reduced relative or participle is done by the noun it modifies: "agencies working for
    X", "a firm founded in 1990"."""
    if verb.dep_ in {ACL, RELCL} and verb.head.pos_ in NOUN_POS:
        infinitive = any(c.dep_ == AUX and c.lower_ == "to" for c in verb.children)
        if infinitive and verb.head.lemma_.lower() in _SETTING_NOUNS:
            return [], "none"  # "the place to see it", "time to go": where or when, not who
        described = _described_by(verb.head) if infinitive else []
        if described:
            return described, "participle"  # "Lee and Tan are the only players to have won it"
        return [verb.head], "participle"
    return None


#: Nouns whose infinitive says what happens there or then, not what the noun does ("the natural
#: place to see the event", "the right time to act", "a way to cut costs").
_SETTING_NOUNS = frozenset(
    """place time way moment day year week chance opportunity reason means venue occasion site
    spot location destination""".split()
)


def _described_by(noun: Word) -> list[Word]:
    """The subjects a predicate noun describes ("Lee and Tan are the only players"), when they are
    nouns or names; nothing for "it is the first time" or a noun that is no predicate."""
    if noun.dep_ != ATTR or noun.head.lemma_ != "be":
        return []
    subject = next((c for c in noun.head.children if c.dep_ in SUBJECTS), None)
    if subject is None or subject.pos_ not in {"NOUN", "PROPN"}:
        return []
    return list(conjuncts(subject))


#: How a clause without a subject of its own borrows one, most specific first (the order matters:
#: a gerund object or an adjective's infinitive is also an open complement, a gerund after an
#: object and a preposition also a prepositional complement).
_BORROWED_SUBJECT: tuple[Callable[[Word], _Subjects], ...] = (
    _for_to_subject,
    _sibling_report_subject,
    _coordinated_subject,
    _gerund_object_subject,
    _adjective_control_subject,
    _control_subject,
    _prepositional_object_control,
    _prepositional_complement_subject,
    _noun_conjunct_subject,
    _adjunct_subject,
    _noun_infinitive_subject,
    _participle_subject,
)


# --- relation --------------------------------------------------------------


#: Verbs whose bare object is part of the relation, not a thing ("took place", "take part in",
#: "made sense"): (verb lemma, object) pairs.
IDIOM_OBJECTS = frozenset(
    (verb, noun)
    for verb, nouns in {
        "take": "place part effect hold shape advantage charge office note aim root",
        "make": "sense sure progress headway",
        "pay": "tribute attention heed",
        "give": "way",
        "lose": "sight touch",
        "play": "host",
        "fall": "victim prey foul",
    }.items()
    for noun in nouns.split()
)


def _idiom_object(verb: Word) -> Word | None:
    """The bare object that makes one relation with `verb` ("place" in "took place"), if any: no
    determiner or modifier of its own ("took his place" is a place)."""
    for child in verb.children:
        if (
            child.dep_ == DOBJ
            and (verb.lemma_.lower(), child.lower_) in IDIOM_OBJECTS
            and not any(
                c.dep_ in {"det", "poss", "amod", "compound", "nummod"} for c in child.children
            )
        ):
            return child
    return None


#: Verbs whose preposition and bare noun are part of the relation, not an argument ("put the
#: project on hold", "took the costs into account"): (verb lemma, preposition, noun).
IDIOM_PHRASES = frozenset(
    tuple(idiom.split())
    for idiom in (
        "put on hold",
        "put on ice",
        "put at risk",
        "put into practice",
        "put into effect",
        "put on trial",
        "put on sale",
        "go on sale",
        "go on trial",
        "go into administration",
        "go into liquidation",
        "take into account",
        "take into consideration",
        "take into custody",
        "take to court",
        "call into question",
        "bring to justice",
        "bring to end",
        "come to end",
        "come into force",
        "come into effect",
        "come under fire",
        "come under pressure",
    )
)


def _idiom_phrase(verb: Word) -> tuple[Word, ...]:
    """The preposition, bare noun (and the "an" of "an end") that make one relation with `verb`."""
    for child in verb.children:
        if child.dep_ != PREP:
            continue
        noun = next((c for c in child.children if c.dep_ == POBJ), None)
        if noun is None or (verb.lemma_.lower(), child.lower_, noun.lower_) not in IDIOM_PHRASES:
            continue
        modifiers = list(noun.children)
        if noun.lower_ == "end" and [m.lower_ for m in modifiers] == ["an"]:
            return child, modifiers[0], noun
        if not modifiers:
            return child, noun
    return ()


def _relation_tokens(verb: Word) -> list[Word]:
    words = [c for c in verb.children if c.dep_ in {AUX, AUXPASS, NEG} and c.i < verb.i]
    words.append(verb)
    words.extend(c for c in verb.children if c.dep_ == PRT)
    idiom = _idiom_object(verb)
    if idiom is not None:
        words.append(idiom)
    words.extend(_idiom_phrase(verb))
    governor = _catenative_governor(verb)
    if governor is not None and verb.dep_ == XCOMP:
        words.extend(_relation_tokens(governor))
    return sorted(set(words), key=lambda t: t.i)


def _is_passive(verb: Word) -> bool:
    """ "was sold", "a firm founded in 1990"; not a content clause with a subject and an
    auxiliary of its own ("any suggestion the bank had broken the rules")."""
    return any(c.dep_ == AUXPASS for c in verb.children) or (
        verb.dep_ == ACL
        and verb.tag_ == "VBN"
        and not any(c.dep_ in {"nsubj", "aux"} for c in verb.children)
    )


def _relation_lemma(verb: Word) -> str:
    if verb.pos_ == "AUX" or verb.lemma_ == "be":
        base = "be"
    elif _is_passive(verb):
        base = f"be {verb.lower_}"
    else:
        base = verb.lemma_.lower()
    particles = [
        c.lower_
        for c in verb.children
        if c.dep_ == PRT or (c.dep_ == ADVMOD and c.i == verb.i + 1 and c.lower_ in _PARTICLES)
    ]
    idiom = _idiom_object(verb)
    phrase = [w.lower_ for w in _idiom_phrase(verb)]
    return " ".join([base, *particles, *([idiom.lower_] if idiom is not None else []), *phrase])


#: Adverbs that, straight after the verb, are its particle: the tagger's "stepped down/RB as".
_PARTICLES = frozenset({"down", "up", "out", "off", "back", "away", "over"})


# --- arguments -------------------------------------------------------------


def _core_objects(verb: Word, reports: bool) -> list[tuple[Part, str | None]]:
    """Direct objects, datives, complements; each with a word to add to the relation."""
    found: list[tuple[Part, str | None]] = []
    idiom = _idiom_object(verb)
    objects = 0
    for child in verb.children:
        if idiom is not None and child.i == idiom.i:
            continue  # "took place": part of the relation
        if _thanks_to(child):
            # "gathering speed thanks to demand": a preposition, not a thing (the parser may
            # make "speed" its compound)
            words = [c for c in child.children if c.dep_ == "compound" and c.i < child.i]
            if words:
                found.append((Part(child.left_edge.i, child.i, words[-1].i), None))
            continue
        if child.dep_ == DOBJ:
            objects += 1
            if objects > 1 and _set_off(child) and not _holds_a_list(child):
                continue  # "sold 2.4m cars in 2004, an increase of 4%": says what the act was
        if child.dep_ in {DOBJ, ATTR, OPRD, ACOMP} or (
            child.dep_ == DATIVE and not any(c.dep_ == POBJ for c in child.children)
        ):
            for conj in conjuncts(child):
                # relative pronoun object: "the files that the firm recorded" -> files
                head = (
                    verb.head if conj.lower_ in RELATIVE_PRONOUNS and verb.dep_ == RELCL else conj
                )
                if _stray_relative(head):
                    continue  # "every CD that they own" parsed as a clause: "that" is no thing
                start, end = phrase_bounds(head)
                found.append((Part(start, end, head.i), None))
        elif child.dep_ in {XCOMP, CCOMP} and _title_word(child):
            # "Groups include Stop Stansted Expansion, ...": the tagger's verb is a name's first word
            found.extend((part, None) for part in _title_objects(child))
        elif child.dep_ == MARK and _relative_object_mark(verb, child):
            # "paid-for results that many search engines provide": the parser's "that/IN" is the
            # relative pronoun object
            start, end = phrase_bounds(verb.head)
            found.append((Part(start, end, verb.head.i), None))
        elif child.dep_ == XCOMP and _is_gerund_object(child):
            start, end = clause_bounds(child)
            found.append((Part(start, end, child.i, role="clause"), None))
        elif child.dep_ == CCOMP and _stray_relative(child.left_edge):
            continue  # "backed by the Union that wants to ...": a relative clause, not a content
        elif child.dep_ == CCOMP and (reports or not reports_through(verb, child)):
            mark = next((c for c in child.children if c.dep_ == MARK), None)
            start, end = clause_bounds(child)
            if mark is not None and mark.i == start:
                start += 1
            found.append((Part(start, end, child.i, role="clause"), mark.lower_ if mark else None))
    return found


#: Punctuation that sets a phrase off from the clause before it.
_SETTING_OFF = frozenset({",", "-", "\u2013", "\u2014", ":", ";", "("})


def _holds_a_list(phrase: Word) -> bool:
    """Some word of `phrase` is a conjunct: "a rise in costs and a wet summer"."""
    return any(
        phrase.doc[i].dep_ == CONJ for i in range(phrase.left_edge.i, phrase.right_edge.i + 1)
    )


def _set_off(phrase: Word) -> bool:
    """`phrase` follows a comma, dash, colon or bracket (not a hyphen inside a word: "e-mails")."""
    start = phrase.left_edge.i
    if start < 1 or phrase.doc[start - 1].text not in _SETTING_OFF:
        return False
    mark = phrase.doc[start - 1]
    return mark.text != "-" or bool(mark.whitespace_ and phrase.doc[start - 2].whitespace_)


def _absolute(preposition: Word) -> bool:
    """ "..., with services providing much of the impetus": "with" + a noun + its participle, set
    off by a comma, is a clause of its own (an absolute), not what the verb acts on."""
    if preposition.lower_ not in {"with", "without"} or not _set_off(preposition):
        return False
    for c in preposition.children:
        if c.dep_ == POBJ and any(a.dep_ == ACL and a.tag_ in {"VBG", "VBN"} for a in c.children):
            return True  # the noun with its participle
        if c.dep_ == PCOMP and c.tag_ in {"VBG", "VBN"} and _own_subject(c) is not None:
            return True  # parsed as a clause with its own subject
    return False


#: Prepositions that take something out of what the clause says ("rose, excluding London"):
#: what follows them is not what the verb acts on.
_EXCEPTING = frozenset({"excluding", "barring", "except"})


def _title_objects(first: Word) -> list[Part]:
    """The name a capitalised "verb" opens ("Stop Stansted Expansion"), up to its last word, and
    the things listed after it as its object's conjuncts."""
    objects = [c for c in first.children if c.dep_ == DOBJ]
    if not objects:
        return []
    _, end = phrase_bounds(objects[0])
    parts = [Part(first.i, end, objects[0].i)]
    for conj in conjuncts(objects[0]):
        if conj is not objects[0] and conj.pos_ in NOUN_POS:
            start, stop = phrase_bounds(conj)
            parts.append(Part(start, stop, conj.i))
    return parts


def _relative_object_mark(verb: Word, mark: Word) -> bool:
    """A relative clause opened by "that" read as a mark, with a subject of its own and no object or
    stranded preposition: its noun is the object ("results that engines provide"; not "the day
    that he left", "the firm that he works for")."""
    noun = verb.head
    return (
        verb.dep_ == RELCL
        and mark.lower_ == "that"
        and noun.pos_ in NOUN_POS
        and noun.lemma_.lower() not in _SETTING_NOUNS
        and verb.pos_ == "VERB"
        and any(c.dep_ == "nsubj" for c in verb.children)  # an active subject of its own
        and not any(
            c.dep_ in {DOBJ, CCOMP, XCOMP, AUXPASS, ACOMP, ATTR, OPRD}
            or (c.dep_ == PREP and not any(g.dep_ in {POBJ, PCOMP} for g in c.children))
            for c in verb.children
        )
    )


def _stray_relative(word: Word) -> bool:
    """A relative "that" the parser did not hang under a noun ("the Union that wants ...",
    "every CD that they own" read as clauses of the verb): it names nothing there."""
    return word.lower_ == "that" and word.tag_ in {"WDT", "IN"} and word.dep_ in SUBJECTS | {DOBJ}


def _prepositional_arguments(verb: Word) -> list[Part]:
    parts: list[Part] = []
    idiom = _idiom_phrase(verb)
    for child in verb.children:
        # "gave the book to Ann Lee": the parser's dative "to" is a preposition like any other
        if child.dep_ not in {PREP, AGENT, DATIVE} or (idiom and child is idiom[0]):
            continue
        if child.lower_ == "according":
            continue  # a source, recorded as attribution
        if _absolute(child) or child.lower_ in _EXCEPTING:
            continue
        objects = [c for c in child.children if c.dep_ == POBJ]
        if objects:
            thanks = child.i > 0 and _thanks_to(verb.doc[child.i - 1])
            preposition = "thanks to" if thanks else child.lower_
            # a verb conjoined to the noun is a clause of its own, not another object
            for obj in (c for c in conjuncts(objects[0]) if c.pos_ not in VERB_POS):
                start, end = phrase_bounds(obj)
                if obj.i == objects[0].i:
                    start = min(start, child.i - 1 if thanks else child.i)
                # "gathered speed thanks to demand": why, never part of the relation
                role = "manner" if thanks else _role(child, obj)
                parts.append(Part(start, end, obj.i, role, preposition, child.i))
        else:
            clause = next((c for c in child.children if c.dep_ == PCOMP), None)
            if clause is not None and clause.pos_ in NOUN_POS | {"VERB", "ADJ", "ADV"}:
                start, end = clause_bounds(child)
                parts.append(Part(start, end, clause.i, "arg", child.lower_, child.i))
    return parts


def _adverbial_arguments(verb: Word) -> list[Part]:
    parts: list[Part] = []
    for child in verb.children:
        if _thanks_to(child):
            # "thanks to X": why; its "to" hangs on "thanks" or on the verb (`_prepositional_arguments`)
            to = next((c for c in child.children if c.dep_ == PREP and c.lower_ == "to"), None)
            cause = next((c for c in to.children if c.dep_ == POBJ), None) if to else None
            if to is not None and cause is not None:
                _, end = phrase_bounds(cause)
                parts.append(Part(child.i, end, cause.i, "manner", "thanks to", to.i))
            continue
        if child.dep_ == NPADVMOD or (
            child.dep_ == ADVMOD
            and child.pos_ == "ADV"
            and child.lower_ not in NON_ARGUMENT_ADVERBS
            and not child.lower_.startswith("wh")
            and child.lower_ not in {"how", "when", "where", "why"}
        ):
            start, end = phrase_bounds(child)
            role = "time" if child.ent_type_ in _TIME_ENTS else "manner"
            parts.append(Part(start, end, child.i, role))
    return parts


_MOVEMENT_ADVERBS = frozenset({"up", "down"})


def _movement(verb: Word) -> tuple[Word, Part] | None:
    """A copula saying how far something moved: "were up 35%", "are down by 2%" -> the adverb and
    the amount (the amount is what the clause states, not an adjunct of "be")."""
    adverb = next(
        (
            c
            for c in verb.children
            if c.lower_ in _MOVEMENT_ADVERBS
            and (c.dep_ == ADVMOD or (c.dep_ == PREP and c.pos_ == "ADV"))  # "down/RB/prep"
        ),
        None,
    )
    if adverb is None:
        return None
    # the adverb's own amount first, then the clause's; "by 1300 GMT, shares were down" is when
    later = [c for c in verb.children if c.i > adverb.i]
    earlier = [c for c in verb.children if c.i < adverb.i and c.dep_ != PREP]  # "2-1 down"
    for child in [*adverb.children, *later, *earlier]:
        amount = child
        if child.dep_ == PREP and child.lower_ == "by":
            amount = next((c for c in child.children if c.dep_ == POBJ), child)
        if amount.dep_ in {NPADVMOD, POBJ} and any(
            c.dep_ == "nummod" or c.pos_ == "NUM" or c.ent_type_ in {"MONEY", "PERCENT"}
            for c in [amount, *amount.children]
        ):  # "up 35%", "down a single penny"
            start, end = phrase_bounds(amount)
            return adverb, Part(start, end, amount.i)
    return None


def _thanks_to(word: Word) -> bool:
    """The "thanks" of "thanks to X" (a preposition of cause the parser reads as a noun object or
    adverbial, with its "to" hung on the verb)."""
    doc = word.doc
    if not (word.lower_ == "thanks" and word.i + 1 < len(doc) and doc[word.i + 1].lower_ == "to"):
        return False
    if word.dep_ != DOBJ:
        return word.dep_ in {NPADVMOD, ADVMOD, "dep"}
    # an object only when nothing else is one: "sent thanks to the fans"
    others = [c for c in word.head.children if c.dep_ in {DOBJ, DATIVE} and c is not word]
    return bool(others) or any(c.dep_ == "compound" for c in word.children)


def _role(prep: Word, obj: Word) -> str:
    if prep.lower_ in _FRAME_PREPS and prep.i < prep.head.i and _before_subject(prep):
        return "context"  # "Under the counter-espionage law, X is ...": the frame, not an argument of the verb
    if (
        obj.ent_type_ in _TIME_ENTS
        or prep.lower_ in _TIME_PREPS
        or obj.lemma_.lower() in TIME_NOUNS
    ):
        return "time"
    if _is_multiword_preposition(prep, obj) or (
        prep.lower_ == "at" and obj.lower_ in _DEGREE_WORDS
    ):
        return "manner"
    if obj.ent_type_ in _PLACE_ENTS:
        return "place"
    if prep.lower_ in _MANNER_PREPS:
        return "manner"
    return "arg"


def _before_subject(prep: Word) -> bool:
    subjects = [c for c in prep.head.children if c.dep_ in SUBJECTS]
    return bool(subjects) and prep.i < subjects[0].left_edge.i


def _is_multiword_preposition(prep: Word, obj: Word) -> bool:
    """ "in light of X", "in the wake of X", "in line with X": the first preposition's object is part of the preposition."""
    return obj.lemma_.lower() in _MULTIWORD_HEADS and any(
        c.dep_ == PREP and c.lower_ in {"of", "with", "to"} for c in obj.children
    )


def _is_adjunct(part: Part) -> bool:
    """Time, degree, frame and multiword-preposition phrases never join the relation ("put in recent times")."""
    return part.role in {"time", "context"} or (
        part.role == "manner" and part.preposition not in _MANNER_PREPS
    )


# --- assembling ------------------------------------------------------------

#: Prior confidence per rule: its precision measured on CaRB dev
#: (benchmarks/rule_precision.py), rounded; how the subject was found adjusts it.
_RULE_CONFIDENCE = {
    "report": 0.8,
    "passive": 0.74,
    "svp": 0.73,
    "svo": 0.7,
    "copula": 0.66,
    "appos": 0.42,
    "sv": 0.33,
    "possessive": 0.3,
    "role": 0.75,
    "change": 0.6,
    "svc": 0.1,
}
_HOW_ADJUSTMENT = {
    "shared": -0.02,
    "sibling": -0.08,
    "subject_control": 0.0,
    "relative": -0.1,
    "adjunct": -0.15,
    "participle": -0.2,
    "object_control": -0.15,
    "clausal_subject": -0.2,
    "nominal": -0.45,
}


#: A participle joined to its modifier by a hyphen, read as one word: "46%-owned", "state-run".
_HYPHENATED_PARTICIPLE = re.compile(r"[\w%]-(?:owned|controlled|backed|funded|run|held|led|based)$")


def _hyphen_joined(word: Word) -> list[Word]:
    """`word` with the words joined to it by a hyphen before it: "majority - owned"."""
    doc, start = word.doc, word.i
    while start >= 2 and hyphen_joins(doc, start - 1):
        start -= 2
    return [doc[i] for i in range(start, word.i + 1)]


def _verb_propositions(verb: Word, *, reports: bool) -> Iterator[Proposition]:
    subjects, how = subjects_of(verb)
    if not subjects:
        return
    context = clause_context(verb)
    relation = _relation_tokens(verb)
    lemma = _relation_lemma(verb)
    core = _core_objects(verb, reports)
    preps = _prepositional_arguments(verb)
    idiom = _idiom_object(verb)
    if idiom is not None:  # "paid tribute to the striker": the noun's phrase is the clause's
        preps = [*preps, *_prepositional_arguments(idiom)]
    adverbials = _adverbial_arguments(verb)
    is_report = reporting_content(verb)
    if is_report and not reports:
        return
    if not reports and verb.dep_ == PARATAXIS and verb.lemma_ in REPORTING_VERBS and not core:
        return  # "Now, he said, X ...": the speaker of X, not a fact of its own
    copula = verb.lemma_ == "be"
    if copula and not core:
        movement = _movement(verb)
        if movement is not None:  # "Exports were up 35%": (exports; be up; 35%)
            adverb, amount = movement
            relation = sorted([*relation, adverb], key=lambda w: w.i)
            lemma = f"be {adverb.lower_}"
            core = [(amount, None)]
            # "up 35% in March": the adverb's own phrases are the clause's
            preps = [
                p for p in [*preps, *_prepositional_arguments(adverb)] if p.head != amount.head
            ]
            adverbials = [a for a in adverbials if a.head not in {adverb.i, amount.head}]
    if copula and len(core) == 1:
        participle = verb.doc[core[0][0].head]
        if _HYPHENATED_PARTICIPLE.search(participle.lower_) or (
            participle.tag_ == "VBN" and any(c.dep_ == AGENT for c in participle.children)
        ):
            # "IPC is 46%-owned / majority-owned by Reliance": a passive the parser read as a
            # predicate -> (IPC; be 46%-owned by; Reliance), what the participle's phrases say
            words = _hyphen_joined(participle)
            relation = sorted([*relation, *words], key=lambda w: w.i)
            lemma = "be " + "".join(w.lower_ for w in words)
            core = []
            preps = [*_prepositional_arguments(participle), *preps]

    # borrow the object of a later conjunct for a dangling particle: "spy on and steal X"
    if not core and not preps and any(c.dep_ == PRT for c in verb.children):
        for conj in verb.conjuncts:
            if conj.i > verb.i:
                core = _core_objects(conj, reports)
                break

    for subject_token in subjects:
        subject = _subject_part(subject_token)
        if core:
            for obj, mark in core:
                words = relation + ([verb.doc[obj.start - 1]] if mark else [])
                if is_report:
                    rule = "report"
                elif copula:
                    rule = "copula"
                else:
                    rule = "passive" if _is_passive(verb) else "svo"
                key = lemma + (f" {mark}" if mark else "")
                extras = tuple(sorted(preps + adverbials, key=lambda p: p.start))
                yield _make(subject, words, key, obj, extras, context, rule, how)
        elif preps:
            # prepositional object: the first preposition after the verb joins the
            # relation ("led to", "was accompanied by"); the others stay arguments
            after = [p for p in preps if p.start > verb.i]
            if after and _is_adjunct(min(after, key=lambda p: p.start)):
                after = []  # "rose in recent times": no later preposition joins the relation either
            if not after:
                rule = "svc" if copula else "sv"
                extras = tuple(sorted(preps + adverbials, key=lambda p: p.start))
                yield _make(subject, relation, lemma, None, extras, context, rule, how)
                continue
            link = after[0].link
            assert link is not None  # every prepositional argument records its preposition
            key = f"{lemma} {after[0].preposition}"
            rule = "passive" if _is_passive(verb) else "svp"
            rest = [p for p in preps if p.link != link] + adverbials
            extras = tuple(sorted(rest, key=lambda p: p.start))
            for obj in (p for p in preps if p.link == link):
                core_obj = Part(
                    max(obj.start, link + 1), obj.end, obj.head, "object", obj.preposition, link
                )
                words = [*relation, verb.doc[link]]
                yield _make(subject, words, key, core_obj, extras, context, rule, how)
        else:
            rule = "svc" if copula else "sv"
            yield _make(subject, relation, lemma, None, tuple(adverbials), context, rule, how)


def _subject_part(token: Word) -> Part:
    if token.pos_ in VERB_POS:  # clausal subject
        start, end = clause_bounds(token)
    else:
        start, end = phrase_bounds(token)
    return Part(start, end, token.i, "subject")


def _make(subject, words, key, obj, extras, context, rule, how) -> Proposition:
    indices = tuple(sorted({w.i for w in words}))
    rule_id = rule if how in {"own", "none"} else f"{rule}:{how}"
    return Proposition(
        subject=subject,
        relation=indices,
        relation_lemma=key,
        object=obj,
        extras=extras,
        context=context,
        rule=rule_id,
    )


#: Words that open a phrase picking some members out of the noun before it, or setting another
#: thing against it, not renaming it: "newspapers - especially those which ...", "firms,
#: including Acme", "the mayor, not the council".
_SINGLING_OUT = frozenset(
    """especially particularly notably mainly chiefly mostly primarily principally largely
    including excluding except even also only like not""".split()
)


#: "another of their businesses", "one of the firms": words that take some of a set.
_PARTITIVES = frozenset("one another each either neither any some none many several".split())


def _renames(head: Word, appos: Word, head_end: int, appos_start: int) -> bool:
    """The apposition says what its head is, rather than picking members out of it
    ("especially those ..."), setting another thing against it ("the mayor, not the council"),
    naming one of many ("another of their businesses, retailer Littlewoods": a plural noun is
    not one name), or following a closed quotation (""... a strong record," Mr Lee": the
    speaker, the "said" left out)."""
    doc = appos.doc
    if doc[appos_start].lower_ in _SINGLING_OUT:
        return False
    if any(doc[i].lower_ == "not" for i in range(head.i + 1, appos_start)):
        return False
    if any(doc[i].text in QUOTE_MARKS or doc[i].dep_ == CC for i in range(head_end, appos_start)):
        return False  # a quotation closed, or "director and vice-chairman": a list
    of = head.head
    if head.dep_ == POBJ and of.lower_ == "of" and of.head.lower_ in _PARTITIVES:
        return False  # "another of their businesses, X": X is the one, not the businesses
    plural_head = head.tag_ == "NNS"
    singular_appos = (appos.tag_ in {"NN", "NNP"} or appos.pos_ == "PROPN") and not any(
        c.dep_ == CONJ for c in appos.children
    )
    return not (plural_head and singular_appos)


def _implied(
    subject: Part,
    lemma: str,
    obj: Part,
    rule: str,
    *,
    text: str | None = None,
    speaker: int | None = None,
) -> Proposition:
    """A relation the text implies without a verb for it ("Ann Lee, a director" -> is; "Renault's
    chairman" -> chairman of), written as `text` (default: the lemma); presupposed, not denied or
    hedged, and claimed by `speaker` if anyone."""
    return Proposition(
        subject=subject,
        relation=(),
        relation_lemma=lemma,
        object=obj,
        extras=(),
        context=ClauseContext(negated=False, modality=None, speaker=speaker),
        rule=rule,
        relation_text=lemma if text is None else text,
    )


def _apposition(appos: Word) -> Iterator[Proposition]:
    # apposition: "X, a Y, ..." -> (X; is; Y)
    head = appos.head
    start, end = phrase_bounds(head)
    a_start, a_end = phrase_bounds(appos)
    if a_start < end:  # the apposition must follow its head
        return
    if not _renames(head, appos, end, a_start):
        return
    speaker = _speaker_near(head)
    yield _implied(
        Part(start, end, head.i, "subject"),
        "be",
        Part(a_start, a_end, appos.i),
        "appos",
        text="is",
        speaker=speaker,
    )


def _set_off_movement(adverb: Word) -> Iterator[Proposition]:
    """ "Figures showed exports at a six-year high, up 35%", "Sales rose to £5m, up 10%": a
    movement set off by a comma after a clause says how far its object (or else its subject)
    moved."""
    doc, verb = adverb.doc, adverb.head
    if adverb.i == 0 or doc[adverb.i - 1].text != "," or verb.pos_ not in VERB_POS:
        return
    amount = next(
        (
            c
            for c in adverb.children
            if c.dep_ == NPADVMOD
            and any(w.ent_type_ == "PERCENT" or w.pos_ == "NUM" for w in _subtree(c))
        ),
        None,
    )
    if amount is None or verb.lemma_ == "be":
        return  # "were up 35%" is the copula's own (see `_movement`)
    moved = next((c for c in verb.children if c.dep_ == DOBJ and c.i < adverb.i), None) or next(
        (c for c in verb.children if c.dep_ in SUBJECTS and c.pos_ in NOUN_POS), None
    )
    if moved is None or moved.lower_ in RELATIVE_PRONOUNS:
        return
    start, end = phrase_bounds(moved)
    a_start, a_end = phrase_bounds(amount)
    yield _implied(
        Part(start, end, moved.i, "subject"),
        f"be {adverb.lower_}",
        Part(a_start, a_end, amount.i),
        "appos",
        text=f"is {adverb.lower_}",
        speaker=_speaker_near(verb),
    )


def _set_off_origin(prep: Word) -> Iterator[Proposition]:
    """ "The figures, from e-mail firm Email Systems, will alarm firms", "Ann Lee, from Leeds, said":
    a "from" phrase set off by commas after a noun says where the thing comes from."""
    doc, head = prep.doc, prep.head
    obj = next((c for c in prep.children if c.dep_ == POBJ), None)
    after = prep.right_edge.i + 1
    if (
        obj is None
        or prep.i < 2
        or doc[prep.i - 1].text != ","
        or after >= len(doc)
        or doc[after].text != ","
        or head.i >= prep.i - 1
    ):
        return
    if obj.pos_ == "NUM" or obj.ent_type_ in {"MONEY", "PERCENT", "DATE", "TIME", "CARDINAL"}:
        return  # "prices, from £5 to £10,": a range, not an origin
    start, end = head.left_edge.i, prep.i - 1  # the noun phrase before the comma
    o_start, o_end = phrase_bounds(obj)
    yield _implied(
        Part(start, end, head.i, "subject"),
        "be from",
        Part(o_start, o_end, obj.i),
        "appos",
        text="is from",
        speaker=_speaker_near(head),
    )


#: Owners that do not own: places, times and amounts ("France's second largest carmaker", "this year's profits").
_NOT_OWNERS = frozenset(
    {"GPE", "LOC", "NORP", "DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL"}
)


#: Nouns of a change in amount and the verb that states it ("a 43% rise in profits").
CHANGE_NOUNS = {
    "rise": "rise",
    "fall": "fall",
    "increase": "increase",
    "decrease": "decrease",
    "drop": "drop",
    "jump": "jump",
    "growth": "grow",
    "decline": "decline",
    "surge": "surge",
    "slump": "slump",
    "climb": "climb",
    "dip": "dip",
}


def _change(noun: Word) -> Iterator[Proposition]:
    """ "enjoyed a healthy 43% rise in net profits to 2.4bn euros": the change noun states a fact of
    its own, (net profits; rise; 43%) and (net profits; rise to; 2.4bn euros), claimed as the clause
    around it is (MinIE's nested facts). Only when the text says what changed ("in X") and by how
    much or to what."""
    preps = {c.lower_: c for c in noun.children if c.dep_ == PREP}
    what = _prep_object(preps.get("in"))
    if what is None:
        return
    amount = next(
        (
            c
            for c in noun.children
            if c.i < noun.i
            and c.dep_ in {"compound", "nmod", "amod", "nummod", NPADVMOD}
            and any(w.pos_ == "NUM" or w.ent_type_ in {"PERCENT", "MONEY"} for w in _subtree(c))
        ),
        None,
    )
    if amount is None:
        amount = _prep_object(preps.get("of")) or _prep_object(preps.get("by"))
    target = _prep_object(preps.get("to"))
    if target is None and noun.dep_ == DOBJ:
        # "saw a 12% rise in profits to 80m euros": the parser hangs "to" on the verb, but an
        # amount after the change is where it went
        to = next(
            (c for c in noun.head.children if c.dep_ == PREP and c.lower_ == "to" and c.i > noun.i),
            None,
        )
        reached = _prep_object(to)
        if (
            to is not None
            and reached is not None
            and any(
                w.pos_ == "NUM" or w.ent_type_ in {"MONEY", "PERCENT", "QUANTITY"}
                for w in _subtree(reached)
            )
        ):
            preps["to"], target = to, reached
    if amount is None and target is None:
        return
    verb = noun
    while verb.head.i != verb.i and verb.pos_ not in VERB_POS:
        verb = verb.head
    context = clause_context(verb) if verb.pos_ in VERB_POS else ClauseContext(False, None, None)
    start, end = phrase_bounds(what)
    subject = Part(start, end, what.i, "subject")
    lemma = CHANGE_NOUNS[noun.lemma_]
    if amount is not None:
        a_start, a_end = _amount_bounds(amount)
        extras: tuple[Part, ...] = ()
        if target is not None:
            _, t_end = phrase_bounds(target)
            extras = (Part(preps["to"].i, t_end, target.i, "arg", "to", preps["to"].i),)
        yield Proposition(
            subject=subject,
            relation=(),
            relation_lemma=lemma,
            object=Part(a_start, a_end, amount.i),
            extras=extras,
            context=context,
            rule="change",
            relation_text=lemma,
        )
    elif target is not None:
        t_start, t_end = phrase_bounds(target)
        yield Proposition(
            subject=subject,
            relation=(),
            relation_lemma=f"{lemma} to",
            object=Part(t_start, t_end, target.i, "object", "to", preps["to"].i),
            extras=(),
            context=context,
            rule="change",
            relation_text=f"{lemma} to",
        )


def _subtree(word: Word) -> list[Word]:
    return word.doc.words[word.left_edge.i : word.right_edge.i + 1]


def _prep_object(prep: Word | None) -> Word | None:
    if prep is None:
        return None
    return next((c for c in prep.children if c.dep_ == POBJ), None)


def _amount_bounds(amount: Word) -> tuple[int, int]:
    """The amount's own words ("43%"), not the adjectives before it."""
    words = [
        w for w in _subtree(amount) if w.pos_ in {"NUM", "SYM", "NOUN", "PROPN"} or w.text == "%"
    ]
    return min(w.i for w in words), max(w.i for w in words) + 1


def _possessive(owner: Word) -> Iterator[Proposition]:
    # A possessive states a fact only for a named thing or a role: "Pearson's Financial Times" ->
    # (Pearson; has; Financial Times), "Renault's chairman Louis Schweitzer" -> (Louis Schweitzer;
    # chairman of; Renault). "China's economy", "this year's profits" state nothing: left out, as is a
    # pronoun owner ("its listing"), whose antecedent is too often wrong to state as a fact; but a
    # person's "his" or "her" before a person's role and name ("his brother Mukesh") is kept, and
    # so is any possessive pronoun before a role with its holder's name in apposition ("its owner,
    # P&O Cruises").
    thing = owner.head
    personal = owner.lower_ in {"his", "her"} and owner.tag_ == "PRP$"
    if owner.lower_ in {"its", "their"} and owner.tag_ == "PRP$" and thing.pos_ == "NOUN":
        personal = any(c.dep_ == APPOS and c.pos_ == "PROPN" for c in thing.children)
        # "its owner, P&O Cruises": a role with its holder's name says whose role it is
    if (
        (owner.pos_ == "PRON" and not personal)
        or owner.lower_ in RELATIVE_PRONOUNS
        or owner.ent_type_ in _NOT_OWNERS
    ):
        return
    if personal and (thing.pos_ != "NOUN" or thing.tag_ != "NN"):
        return  # "his young players, particularly X and Y": one of a list, not a role
    if thing.pos_ == "NOUN":
        names = [
            c for c in thing.children if c.dep_ == APPOS and c.pos_ == "PROPN" and c.i > thing.i
        ]
        if names and head_type(thing.lemma_) is EntityType.PERSON:
            yield from _appositive_role_of(
                owner, thing, names[0]
            )  # "Renault's chairman, Louis Schweitzer"
        return
    if thing.pos_ != "PROPN":
        return
    roles = [
        c for c in thing.children if c.dep_ == "compound" and c.pos_ == "NOUN" and c.i > owner.i
    ]
    if thing.ent_type_ == "PERSON" or roles:
        if not roles:
            return  # "Deutsche Bank's Simon Champion": the link has no name in the text
        yield from _role_of(owner, thing, roles)
        return
    start, end = phrase_bounds(thing)
    after_owner = owner.right_edge.i + 1
    if after_owner < len(owner.doc) and owner.doc[after_owner].dep_ == CASE:
        after_owner += 1
    if not (start <= owner.i < end) or after_owner >= end or after_owner > thing.i:
        return
    o_start, o_end = phrase_bounds(owner)
    while o_end - 1 > owner.i and owner.doc[o_end - 1].dep_ == CASE:
        o_end -= 1  # "China's" -> "China"
    # a possession is presupposed by the noun phrase, not claimed by a speaker
    yield _implied(
        Part(o_start, o_end, owner.i, "subject"),
        "have",
        Part(after_owner, end, thing.i),
        "possessive",
        text="has",
    )


def _role_of(owner: Word, person: Word, roles: list[Word]) -> Iterator[Proposition]:
    # role possessive: "Renault's chairman Louis Schweitzer" -> (Louis Schweitzer; chairman of; Renault)
    name_start = roles[-1].i + 1
    _, end = phrase_bounds(person)
    o_start, o_end = phrase_bounds(owner)
    while o_end - 1 > owner.i and owner.doc[o_end - 1].dep_ == CASE:
        o_end -= 1
    if name_start > person.i:
        return
    role = " ".join(r.lower_ for r in roles)
    yield _implied(
        Part(name_start, end, person.i, "subject"),
        f"{role} of",
        Part(o_start, o_end, owner.i),
        "possessive",
    )


#: Words before a role that say the person no longer (or not yet) holds it.
_NOT_NOW = frozenset(
    {"former", "ex", "then", "outgoing", "incoming", "late", "would-be", "future", "acting"}
)


def _title_role(person: Word) -> Iterator[Proposition]:
    """ "Tory leader Michael Howard", "NUJ general secretary Jeremy Dear", "Manchester United
    manager Sir Alex Ferguson": a role noun before a name, itself after a name, says whose role it
    is -> (Michael Howard; leader of; Tory)."""
    roles = [
        c for c in person.children if c.dep_ == "compound" and c.pos_ == "NOUN" and c.i < person.i
    ]
    if not roles:
        return
    role = roles[-1]
    if head_type(role.lemma_) is not EntityType.PERSON or not all(
        t.pos_ == "PROPN" for t in person.doc[role.i + 1 : person.i]
    ):
        return
    doc = person.doc
    words = doc[role.left_edge.i : role.i]
    if any(w.lower_ in _NOT_NOW for w in words):
        return
    owner_start = owner_end = role.left_edge.i
    while owner_end < role.i and _names_owner(doc[owner_end]):
        owner_end += 1
    if owner_end == owner_start:
        # "talking to Real Madrid sporting director Emilio Butragueno": the parser made the
        # owner's name a phrase of its own, just before the role's
        while (
            owner_start > 0
            and _names_owner(doc[owner_start - 1])
            and doc[owner_start - 1].pos_ == "PROPN"
        ):
            owner_start -= 1
        if owner_start == owner_end:
            return
    elif all(w.pos_ == "ADJ" and _nationality(w) for w in doc[owner_start:owner_end]):
        return  # "Turkish premier Recep Erdogan": a nationality, not whose premier he is
    if any(not (w.pos_ in {"ADJ", "NOUN"} and w.lower_ == w.text) for w in doc[owner_end : role.i]):
        return  # only lower-case role words between the owner and the role ("general secretary")
    title = " ".join(w.lower_ for w in doc[owner_end : role.i + 1])
    # a title is presupposed by the noun phrase, not claimed by a speaker
    yield _implied(
        Part(role.i + 1, person.i + 1, person.i, "subject"),
        f"{title} of",
        Part(owner_start, owner_end, owner_end - 1),
        "role",
    )


def _names_owner(word: Word) -> bool:
    """A word of the owner's name before a role: a proper noun, or a capitalised group word
    ("Tory"), or a name the tagger called an adjective ("Arsenal/JJ boss")."""
    if word.pos_ == "PROPN" or word.ent_type_ in {"ORG", "NORP", "GPE"}:
        return True
    return word.pos_ in {"NOUN", "ADJ"} and word.text[:1].isupper()


#: Endings of adjectives of nationality: "Turkish", "Japanese", "Italian", "German", "Iraqi".
_DEMONYM_ENDINGS = ("ish", "ese", "ian", "an", "i", "ch")


def _nationality(word: Word) -> bool:
    """ "Turkish", "French": an adjective of nationality, tagged so or shaped so."""
    return word.ent_type_ in {"NORP", "GPE"} or word.lower_.endswith(_DEMONYM_ENDINGS)


def _appositive_role_of(owner: Word, role: Word, name: Word) -> Iterator[Proposition]:
    start, end = phrase_bounds(name)
    end = next(
        (w.i for w in name.doc[name.i + 1 : end] if w.is_punct), end
    )  # "P&O Cruises - now part of ...": the name, not what a dash adds to it
    o_start, o_end = phrase_bounds(owner)
    while o_end - 1 > owner.i and owner.doc[o_end - 1].dep_ == CASE:
        o_end -= 1
    words = " ".join(
        w.lower_ for w in owner.doc[owner.right_edge.i + 1 : role.i + 1] if w.dep_ != CASE
    )
    yield _implied(
        Part(start, end, name.i, "subject"),
        f"{words} of",
        Part(o_start, o_end, owner.i),
        "possessive",
    )


def _speaker_near(token: Word) -> int | None:
    """Attribution of the clause a noun phrase sits in."""
    anchor = token
    while anchor.pos_ not in VERB_POS and anchor.head.i != anchor.i:
        anchor = anchor.head
    return speaker_of(anchor) if anchor.pos_ in VERB_POS else None


def rule_confidence(rule: str) -> float:
    """Prior confidence of a rule id (before per-triple adjustments)."""
    base, _, how = rule.partition(":")
    return _RULE_CONFIDENCE.get(base, 0.5) + _HOW_ADJUSTMENT.get(how, 0.0)


__all__ = ["Part", "Proposition", "propositions", "rule_confidence", "subjects_of"]
