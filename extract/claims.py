"""Facts as stated: negation, modality/condition and attribution of a clause.

`clause_context(verb)` walks from a clause's verb up through the verbs that
govern it (coordination, infinitives, adverbial and complement clauses) and
collects what those say about it:

- negation: "not"/"never" on the verb or a shared auxiliary; "without" + gerund;
  negative implicative verbs ("failed to"); a "no"/"nobody" subject or a "no"
  object; content denied by its speaker ("denied that ...");
- modality: modal auxiliaries (can, could, may, might, should, would, must,
  shall, will); hedging verbs ("aims to", "attempts to", "wants to"); orders
  and purposes ("instructed Y to", "in order to"); conditional clauses and their
  main clause ("if", "unless", "once");
- attribution: the subject of the nearest reporting verb whose complement holds
  the clause ("the ministry said ..."), an inverted reporting clause ("...,
  the ministry added"), or "according to X".

Crossing into a noun phrase (a relative clause, a prepositional object) stops
negation and modality from being inherited, but not attribution: a relative
clause inside reported speech is still reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from extract.deps import (
    ACL,
    ACOMP,
    ADVCL,
    AGENT,
    AUX,
    BELIEF_VERBS,
    CATENATIVES,
    CCOMP,
    CONDITIONAL_MARKS,
    CONJ,
    DATIVE,
    DENIAL_VERBS,
    DET,
    DOBJ,
    EVIDENCE_VERBS,
    HEDGING_ADVERBS,
    MARK,
    MODALS,
    NEG,
    NSUBJPASS,
    OBJECT_CONTROL_VERBS,
    PARATAXIS,
    PCOMP,
    POBJ,
    PREP,
    RELATIVE_PRONOUNS,
    RELCL,
    REPORTING_OR_BELIEF_VERBS,
    REPORTING_VERBS,
    SUBJECTS,
    VERB_POS,
    XCOMP,
    catenative,
    clause_dependents,
)
from extract.parsed import Word

#: Object-control verbs after which the embedded event did happen ("forced X to pay").
_IMPLICATIVE_CONTROL = frozenset(
    {"force", "compel", "cause", "help", "get", "lead", "make", "oblige"}
)
#: "The rules prevent banks from selling X": the event governed through "from" does not happen.
_PREVENTIVE = frozenset(
    "prevent stop bar ban block prohibit forbid keep deter discourage dissuade restrain exclude preclude".split()
)
#: Adjectives before an infinitive ("unable to pay"): the negative ones deny the event, the others hedge it.
_NEGATIVE_ADJECTIVES = frozenset({"unable", "unwilling", "powerless", "loath", "loth"})
_HEDGING_ADJECTIVES = frozenset(
    """able likely unlikely willing ready set due expected keen eager determined sure certain bound
    prepared free happy anxious desperate reluctant poised""".split()
)
#: Nouns whose content clause is what somebody thinks, fears or claims ("any suggestion the EU
#: was anti-Islamic"), not what the text asserts ("the fact that", "news that" are left out).
_CONTENT_NOUNS = frozenset(
    """suggestion claim allegation accusation speculation rumour rumor fear hope belief idea
    notion theory possibility likelihood prospect risk danger chance suspicion assumption
    expectation impression perception concern worry doubt""".split()
)
#: Catenatives that hedge what they govern without saying it happened ("seem", "appear").
_HEDGING_CATENATIVES = frozenset({"seem", "appear"})
#: Verbs of movement and change whose infinitive says what happened next, not what was meant
#: ("cruised home to win the race", "shares fell 3% to close at 250p", "woke to find").
_RESULT_GOVERNORS = frozenset(
    """come go return cruise storm surge rally recover battle fight bounce race romp stroll
    sprint power charge sweep rise fall slip drop jump soar plunge tumble climb slide edge ease dip
    wake live""".split()
)
#: Verbs of how things look: what they govern is an impression ("It seems that X", "It looks as
#: if X", "It sounds like X"), not a fact.
_APPEARANCE_VERBS = frozenset({"seem", "appear", "look", "sound"})
#: Determiners of a noun that need not exist ("has not received an offer that is acceptable").
_NON_SPECIFIC = frozenset({"a", "an", "any", "no", "some"})
_NEGATIVE_WORDS = frozenset({"no", "nobody", "nothing", "none", "neither", "never", "nowhere"})


@dataclass(frozen=True)
class ClauseContext:
    negated: bool
    modality: str | None
    speaker: int | None  # token index of the speaker phrase's head


#: Adverbs that deny the clause about as much as "not" does ("he hardly ever watched the Oscars").
_NEGATIVE_ADVERBS = frozenset({"hardly", "scarcely"})


def _has_negation(verb: Word, adverbs: bool = True) -> bool:
    """ "not" on the verb, or (`adverbs`) "hardly"/"scarcely", which a coordinated verb does not share."""
    for c in clause_dependents(verb):
        if c.dep_ == NEG:
            return True
        # "hardly ever watched": the adverb may hang on "ever"
        if (
            adverbs
            and c.dep_ == "advmod"
            and (
                c.lower_ in _NEGATIVE_ADVERBS
                or any(g.lower_ in _NEGATIVE_ADVERBS for g in c.children)
            )
        ):
            return True
    return False


def _modal(verb: Word) -> str | None:
    for child in clause_dependents(verb):  # "neither side [could] [have] qualified"
        if child.dep_ == AUX and child.lower_ in MODALS | {"ca", "wo", "sha"}:
            return {"ca": "can", "wo": "will", "sha": "shall"}.get(
                child.lower_, child.lemma_.lower()
            )
        if child.dep_ == "advmod" and child.lower_ in HEDGING_ADVERBS:
            return child.lower_  # "he allegedly berated his team-mates"
    return None


def _modal_complement(verb: Word) -> tuple[bool, str | None]:
    """ "players were likely to remain a niche product", "was unable to pay": a copula whose
    complement is a hedging or negative adjective with an infinitive (negated, modality)."""
    for child in verb.children:
        if child.dep_ == ACOMP and any(c.dep_ == XCOMP for c in child.children):
            lemma = child.lemma_.lower()
            if lemma in _NEGATIVE_ADJECTIVES:
                return True, None
            if lemma in _HEDGING_ADJECTIVES:
                return False, lemma
    return False, None


def _passive(verb: Word) -> bool:
    return any(c.dep_ in {"auxpass", NSUBJPASS} for c in verb.children)


def _reporter(head: Word) -> Word | None:
    """Who reports: the active subject, or a passive's agent ("was told by the ministry"); never
    a passive's subject, who is told, not telling ("the referee isn't told that ...")."""
    if not _passive(head):
        subject = _subject_head(head)
        if (
            subject is None
            and head.tag_ == "VBG"
            and head.dep_ in {ADVCL, XCOMP}
            and head.head.pos_ in VERB_POS
            and head.lemma_ in REPORTING_VERBS
            and head.lemma_ not in EVIDENCE_VERBS
        ):
            # "The firm cut 500 jobs, saying demand had fallen": who says is who cut; hung inside a
            # reported clause ("confirmed that he would present it, saying ..."), who reported it
            governor = head.head
            while governor.dep_ == CCOMP and governor.head.pos_ in VERB_POS:
                governor = governor.head
            subject = _reporter(governor)
        return subject
    for child in head.children:
        if child.dep_ == AGENT:
            return next((c for c in child.children if c.dep_ == POBJ), None)
    return None


def _impersonal_report(head: Word) -> bool:
    """ "it has been reported that ...", "it is thought that ...": nobody is named as the source."""
    subjects = [c for c in head.children if c.dep_ in SUBJECTS]
    passive = any(c.dep_ == "auxpass" for c in head.children) or head.tag_ == "VBN"
    return passive and (not subjects or all(c.lower_ == "it" for c in subjects))


def _own_aux_or_subject(verb: Word) -> bool:
    return any(c.dep_ in SUBJECTS or c.dep_ == AUX for c in verb.children)


def _has_own_subject(clause: Word) -> bool:
    return any(c.dep_ in SUBJECTS for c in clause.children)


#: Acts whose condition is part of what is offered, not of whether it happens: "BT is offering
#: customers free calls if they sign up" is an offer made (the calls are what is conditional).
_CONDITIONED_ACTS = frozenset(
    {"offer", "promise", "pledge", "threaten", "vow", "propose", "undertake"}
)


def _conditional(verb: Word) -> bool:
    """The clause is an "if" clause, or the main clause of one (unless it makes an offer, promise
    or threat whose terms the condition states)."""
    if _opens_condition(verb):
        return True
    if verb.lemma_ in _CONDITIONED_ACTS:
        return False
    return any(child.dep_ == ADVCL and _opens_condition(child) for child in verb.children)


def _opens_condition(clause: Word) -> bool:
    """ "if X", "unless X"; not "as if X" (how something looks, see `_APPEARANCE_VERBS`)."""
    marks = [c.lower_ for c in clause.children if c.dep_ == MARK]
    return any(m in CONDITIONAL_MARKS for m in marks) and "as" not in marks


#: Verbs whose participle introduces a supposition ("Assuming that X, ...", "Provided X, ...").
_SUPPOSITION_VERBS = frozenset({"assume", "suppose", "provide", "presume", "grant"})
#: Subordinators after which the event has not (yet) happened ("until he receives a pension").
_UNREALISED_MARKS = frozenset({"until", "till", "lest", "unless"})


def _supposition(clause: Word) -> bool:
    if clause.lemma_ in _SUPPOSITION_VERBS and clause.tag_ in {"VBG", "VBN"}:
        return True
    return any(c.dep_ == MARK and c.lower_ in _UNREALISED_MARKS for c in clause.children)


def _negative_argument(verb: Word) -> bool:
    """ "Nobody came", "sold no shares"; not a second object after a dash ("offer limited
    storage - certainly nothing to rival the iPod": the storage is offered)."""
    seen: set[str] = set()
    for child in clause_dependents(verb):  # "neither side [could] have qualified"
        if child.dep_ in SUBJECTS | {DOBJ, DATIVE}:
            if child.dep_ in seen:
                continue
            seen.add(child.dep_)
            if child.lower_ in _NEGATIVE_WORDS:
                return True
            if any(d.dep_ == DET and d.lower_ in {"no", "neither"} for d in child.children):
                return True
    return False


def _subject_head(verb: Word) -> Word | None:
    for child in clause_dependents(verb):
        if child.dep_ in SUBJECTS:
            if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == RELCL:
                return verb.head
            return child
    if verb.dep_ == CONJ and verb.head.pos_ in VERB_POS:
        return _subject_head(verb.head)
    return None


def _according_to(verb: Word) -> Word | None:
    for child in verb.children:
        if child.dep_ == PREP and child.lower_ == "according":
            for to in child.children:
                for obj in to.children:
                    if obj.dep_ == POBJ:
                        return obj
    return None


def _inverted_reporter(verb: Word) -> Word | None:
    """ "Prices will rise, the minister said." parsed with "said" under the content clause."""
    for child in verb.children:
        if (
            child.dep_ in {PARATAXIS, CCOMP, ADVCL, CONJ}
            and child.lemma_ in REPORTING_VERBS
            # after the content, or set off inside it: "Now, he said, the gaming world rivals ..."
            and (child.i > verb.i or child.dep_ == PARATAXIS)
            and not any(c.dep_ == CCOMP for c in child.children)
            # a coordinated verb that shares the subject continues the clause, it reports
            # nothing: "was threatened with the sack but has since responded with displays"
            and (child.dep_ != CONJ or _has_own_subject(child))
        ):
            subject = _subject_head(child)
            if subject is not None:
                return subject
    return None


_WH_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})


def reports_through(head: Word, clause: Word) -> bool:
    """`clause` is the content of reporting verb `head`: its complement, or (when the
    parser hung the content on it as an adverbial clause or parataxis) a clause with
    its own subject: "Unless X, the firm must pay, the lawyers said." """
    if head.lemma_ not in REPORTING_OR_BELIEF_VERBS or head.pos_ not in VERB_POS:
        return False
    if head.lemma_ in _PERCEPTION_VERBS and _perceived_event(head, clause):
        return False  # "will hear writers read their work": what is heard happening, not hearsay
    if clause.dep_ == CCOMP:
        # "found what they were looking for", "showed how it works": a question is no statement;
        # a relative pronoun before the verb is not one ("a video, which the ministry said was
        # based on a real case")
        first = clause.doc[clause.left_edge.i]
        return first.tag_ not in _WH_TAGS or first.i < head.i
    return (
        clause.dep_ in {ADVCL, PARATAXIS}
        and not any(c.dep_ == CCOMP for c in head.children)
        and _has_own_subject(clause)
        # "accused the Tories of X while Labour helped Y": a clause after the verb with its own
        # conjunction is the report's circumstance, not what was reported (before the verb,
        # "Unless X, the firm must pay, the lawyers said", it is the report's own)
        and not (
            clause.i > head.i
            and any(c.dep_ == MARK and c.lower_ != "that" for c in clause.children)
        )
    )


#: Verbs of hearsay ("I've heard she is ill") that also report a perception ("heard them sing").
_PERCEPTION_VERBS = frozenset({"hear"})


def _perceived_event(head: Word, clause: Word) -> bool:
    """A bare infinitive or participle without auxiliary or conjunction: "heard them sing(ing)";
    after a modal ("will hear writers read"), a plural verb the tagger read as finite too."""
    bare = {"VB", "VBG", "VBP"} if _modal(head) is not None else {"VB", "VBG"}
    return clause.tag_ in bare and not any(
        c.dep_ in {AUX, "auxpass", MARK} for c in clause.children
    )


def reporting_content(verb: Word) -> bool:
    """`verb` is a reporting verb with reported content under it (it is not a fact itself)."""
    return any(reports_through(verb, child) for child in verb.children)


def _non_specific(noun: Word) -> bool:
    """ "an offer", "any suggestion", bare "individuals": a noun that need not pick out anything."""
    if any(c.dep_ == DET and c.lower_ in _NON_SPECIFIC for c in noun.children):
        return True
    return noun.tag_ == "NNS" and not any(c.dep_ in {DET, "poss", "nummod"} for c in noun.children)


def _clause_of(noun: Word) -> Word | None:
    """The verb whose object a noun is, directly or through a preposition ("come from X")."""
    head = noun.head
    if head.pos_ == "ADP" and noun.dep_ == POBJ:
        head = head.head
    return head if head.pos_ in VERB_POS and head.i != noun.i else None


def speaker_of(verb: Word) -> int | None:
    """Token index of whoever the clause of `verb` is attributed to, if anyone."""
    return clause_context(verb).speaker


def clause_context(verb: Word) -> ClauseContext:
    """Negation, modality and speaker of the clause of `verb`: what the clause says of itself,
    then what each clause governing it adds, walking up to the sentence's root."""
    reading = _Reading(
        negated=_own_negation(verb), modality=_own_modality(verb), speaker=_according_to(verb)
    )
    current = verb
    while current.head.i != current.i:
        head = current.head
        if reading.speaker is None:
            reading.speaker = _according_to(current)
        if reading.speaker is None and reports_through(head, current):
            _read_report(reading, head)  # "the ministry said that ..."
        elif reading.verbal:
            if current.dep_ == CCOMP and head.pos_ in VERB_POS:
                if head.lemma_ in _APPEARANCE_VERBS:
                    reading.modality = reading.modality or head.lemma_  # "It seems that X"
                elif _to_infinitive(current) and head.lemma_ not in _IMPLICATIVE_CONTROL:
                    # "want people to cast aside their PCs", "allowing music to cross
                    # boundaries": an infinitive with a subject of its own is only wanted or let
                    reading.modality = reading.modality or head.lemma_.lower()
                _read_governing_clause(reading, head)  # "to ensure swear words are removed"
                break
            if current.dep_ == XCOMP and head.dep_ == ACOMP and head.pos_ == "ADJ":
                _read_adjective(reading, head)  # "was unable to explain"
                current = head.head  # the copula's own clause decides the rest
                continue
            if current.dep_ == PCOMP and head.dep_ == PREP:
                _read_preposition(reading, head)  # "Without naming X", "prevent X from"
                current = head  # step over the preposition
                continue
            _read_governor(reading, current, head)
        if reading.speaker is None and head.head.i == head.i:
            reading.speaker = _inverted_reporter(head) or _according_to(head)
        current = head
    if reading.speaker is None and verb.head.i == verb.i:
        reading.speaker = _inverted_reporter(verb)
    return ClauseContext(
        negated=reading.negated,
        modality=reading.modality,
        speaker=reading.speaker.i if reading.speaker is not None else None,
    )


@dataclass
class _Reading:
    """What the walk of `clause_context` has found so far; each step up refines it in place
    (private to that walk, which returns it frozen as a `ClauseContext`)."""

    negated: bool
    modality: str | None
    speaker: Word | None
    verbal: bool = True  # still on the clause's own chain of verbs (no noun crossed)


def _to_infinitive(verb: Word) -> bool:
    """ "to" marks the verb an infinitive: what is meant, planned or ordered to happen."""
    return any(c.dep_ == AUX and c.lower_ == "to" for c in verb.children)


def _own_negation(verb: Word) -> bool:
    """The clause denies itself: "not"/"never", a "no" argument ("nobody came"), unless a negative
    adjective turns it round again ("was unable to pay" is one denial, "not unable" none)."""
    negated = _has_negation(verb) or _negative_argument(verb)
    denied, _ = _modal_complement(verb)
    return negated != denied


def _own_modality(verb: Word) -> str | None:
    """How the clause hedges itself, before anything governing it is read: a modal or hedging
    adverb, a hedging adjective ("likely to"), a condition, or a headline's bare infinitive."""
    modality = _modal(verb)
    _, hedge = _modal_complement(verb)
    modality = modality or hedge
    if _conditional(verb) and modality is None:
        modality = "conditional"
    if modality is None and verb.dep_ == "ROOT" and _to_infinitive(verb):
        modality = "future"  # a headline's "Blair to face trust issue": what will happen
    return modality


def _read_report(reading: _Reading, head: Word) -> None:
    """The clause is what reporting verb `head` reports: its subject is the speaker, a denial
    ("denied that") negates the content, a belief verb hedges it, and an impersonal report ("it
    is thought that") hedges it with nobody named. Above this point the verbs are the speaker's,
    so their own negation and hedges are not the content's."""
    reading.speaker = _reporter(head)
    if head.lemma_ in EVIDENCE_VERBS:
        outer = clause_context(head).speaker  # "he said his research showed that ...": his
        if outer is not None:
            reading.speaker = head.doc[outer]
    if head.lemma_ in DENIAL_VERBS and reading.verbal:
        reading.negated = not reading.negated
    if head.lemma_ in BELIEF_VERBS and reading.modality is None:
        reading.modality = head.lemma_  # what somebody expects or believes
    if _impersonal_report(head) or (_passive(head) and reading.speaker is None):
        # "it has been reported that he is homesick", "staff were told that ...": nobody is
        # named as the source (the one told is not the one telling)
        reading.speaker = None
        reading.modality = reading.modality or "reported"
    reading.verbal = False  # the speaker's own hedges are not the content's


def _read_governing_clause(reading: _Reading, head: Word) -> None:
    """A complement clause is as hedged, and as attributed, as the clause that governs it ("to
    ensure swear words are removed"), but its negation is not inherited ("did not know that X"
    still says X). The governing clause's own walk decides the rest."""
    outer = clause_context(head)
    reading.modality = reading.modality or outer.modality
    if reading.speaker is None and outer.speaker is not None:
        reading.speaker = head.doc[outer.speaker]


def _read_adjective(reading: _Reading, adjective: Word) -> None:
    """ "was unable to explain", "is likely to rise": the adjective governs the event (a negative
    one denies it, another hedges it), and so do the copula's negation and modal."""
    lemma = adjective.lemma_.lower()
    if lemma in _NEGATIVE_ADJECTIVES:
        reading.negated = not reading.negated
    elif lemma in _HEDGING_ADJECTIVES and reading.modality is None:
        reading.modality = lemma
    copula = adjective.head
    reading.negated = reading.negated or _has_negation(copula)
    reading.modality = reading.modality or _modal(copula)


def _read_preposition(reading: _Reading, preposition: Word) -> None:
    """A gerund under a preposition: "X accused Y of hiding Z" is X's accusation, "Without naming
    X" and "prevent banks from selling X" deny the event; a preposition on a noun leaves the
    clause's own chain of verbs."""
    governor = preposition.head
    if (
        governor.lemma_ in REPORTING_VERBS
        and preposition.lower_ in {"of", "for"}
        and reading.speaker is None
    ):
        reading.speaker = _subject_head(governor)  # "X accused Y of hiding Z"
    if preposition.lower_ == "without":
        reading.negated = not reading.negated  # "Without naming X, ..."
    elif preposition.lower_ == "from" and governor.lemma_ in _PREVENTIVE:
        reading.negated = not reading.negated  # "prevent banks from selling X"
    reading.verbal = governor.pos_ in VERB_POS


def _read_governor(reading: _Reading, clause: Word, head: Word) -> None:
    """One step up from `clause` to `head` along the clause's own chain: what the governing
    word adds, by how the clause hangs on it; crossing into a noun phrase ends the chain, and a
    governing verb still on it that is conditional makes the clause conditional too."""
    dep = clause.dep_
    if dep == CONJ and head.pos_ in VERB_POS:
        _read_coordination(reading, clause, head)
    elif dep == XCOMP and head.pos_ in VERB_POS:
        _read_control_verb(reading, clause, head)
    elif (
        dep == RELCL
        and not _to_infinitive(clause)
        and (governor := _clause_of(head)) is not None
        and _non_specific(head)
    ):
        # "has not received an offer that is acceptable", "could only have come from
        # individuals who knew what they were doing": nothing says such a thing exists
        reading.negated = reading.negated or _has_negation(governor)
        reading.modality = reading.modality or _modal(governor)
        reading.verbal = False
    elif dep == ADVCL and head.pos_ in VERB_POS:
        _read_adverbial_clause(reading, clause, head)
    elif (
        dep == RELCL
        and _to_infinitive(clause)
        and not any(c.dep_ == AUX and c.lemma_ == "have" for c in clause.children)
    ):  # not "the only ones to have won"
        # "restrictions to limit migration", "Rock to keep it clean": what is meant to happen
        reading.modality = reading.modality or "purpose"
        reading.verbal = False
    elif dep == ACL and _to_infinitive(clause):
        _read_noun_infinitive(reading, head)
    elif dep in {ADVCL, XCOMP} and head.pos_ == "ADJ" and _to_infinitive(clause):
        # "would make it easier for teenagers to embrace downloads": how easy, not that they did
        reading.modality = reading.modality or head.lemma_.lower()
        reading.verbal = False
    elif (
        dep in {ACL, CCOMP}
        and head.pos_ == "NOUN"
        and head.lemma_.lower() in _CONTENT_NOUNS
        and _has_own_subject(clause)  # not "speculation linking him"
    ):
        # "any suggestion the EU was anti-Islamic", "fears that prices will rise": what the
        # noun says somebody thinks or claims, not a fact
        reading.modality = reading.modality or head.lemma_.lower()
        reading.verbal = False
    else:
        reading.verbal = False  # a noun phrase: its clause's negation and hedges are not ours
    if reading.verbal and reading.modality is None and _conditional(head):
        reading.modality = "conditional"  # the governor is an "if" clause or the main clause of one


def _read_coordination(reading: _Reading, verb: Word, first: Word) -> None:
    """Coordinated verbs share an auxiliary's negation and modal ("could not find and charge X"),
    unless the later verb has an auxiliary or subject of its own."""
    if not _own_aux_or_subject(verb):
        reading.negated = reading.negated or _has_negation(first, adverbs=False)
        reading.modality = reading.modality or _modal(first)


def _read_control_verb(reading: _Reading, clause: Word, head: Word) -> None:
    """An infinitive or gerund under a verb takes that verb's effect: a catenative hedges or
    denies it ("aims to", "failed to"), an order hedges it ("told Y to") unless it is implicative
    ("forced Y to"), "have to" is an obligation, anything else is a purpose ("used X to gain")."""
    effect = _control_effect(clause, head)
    if effect == "negated":
        reading.negated = not reading.negated
    elif effect is not None and reading.modality is None:
        reading.modality = effect
    reading.negated = reading.negated or _has_negation(head)
    reading.modality = reading.modality or _modal(head)


def _control_effect(clause: Word, head: Word) -> str | None:
    """What verb `head` makes of its complement `clause`: a modality, "negated", or None."""
    has_object = any(c.dep_ == DOBJ for c in head.children)
    key = catenative(head)
    if key is not None and not has_object:
        effect = CATENATIVES[key]  # "aims to", "failed to", "managed to"
    elif has_object and head.lemma_ in OBJECT_CONTROL_VERBS:
        # object control: "told Y to" hedges, "forced Y to" does not
        effect = None if head.lemma_ in _IMPLICATIVE_CONTROL else head.lemma_
    else:
        effect = "purpose"  # "used the process to gain ..."
    if clause.tag_ == "VBG" and not any(c.dep_ == AUX for c in clause.children):
        effect = CATENATIVES[key] if key is not None else None  # gerund: "began selling"
    if head.lemma_ == "have" or (
        head.lemma_ == "get" and any(c.dep_ == AUX and c.lemma_ == "have" for c in head.children)
    ):
        effect = "must"  # "has to go", "have got to have a big bang": an obligation
        if head.lemma_ == "have" and any(
            c.dep_ == "advmod" and c.lower_ in {"yet", "still"} for c in head.children
        ):
            effect = "negated"  # "has yet to win a title", "is still to decide": not yet done
    return effect


#: Conjunctions of reason, contrast and concession: what their clause says is asserted, whatever
#: the clause it hangs on only wants or tries ("tried to sell as prices fell": they fell). Alone:
#: "as if", "as though" are comparisons.
_ASSERTING_MARKS = frozenset({"because", "as", "while", "although", "though", "whereas", "since"})


def _read_adverbial_clause(reading: _Reading, clause: Word, head: Word) -> None:
    """An adverbial infinitive is a purpose ("... to leak state secrets"); a supposition or an
    "until"/"unless" clause is a condition ("Assuming that X, ..."). Neither asserts the event.
    A participle that goes with a hedging verb is as hedged as it ("seem to have adapted ...,
    focussing on X"). A clause of reason or contrast with a subject of its own is asserted
    for itself: "struggled to keep its share as more rivals enter the market" (they do)."""
    marks = [c.lower_ for c in clause.children if c.dep_ == MARK]
    if _has_own_subject(clause) and len(marks) == 1 and marks[0] in _ASSERTING_MARKS:
        reading.verbal = False  # no modal or negation above reaches it; a speaker still does
        return
    if _to_infinitive(clause) and reading.modality is None:
        if not _result(clause, head):
            reading.modality = "purpose"  # "... to leak state secrets"
        # else "came from behind to beat Arsenal", "fell 3% to close at 250p": what happened next
    elif (
        reading.modality is None
        and head.lemma_ in _APPEARANCE_VERBS
        and any(c.dep_ == "mark" and c.lower_ in {"if", "though", "like"} for c in clause.children)
    ):
        reading.modality = head.lemma_  # "It looks as if X", "It sounds like X"
    elif (
        reading.modality is None
        and clause.tag_ == "VBG"
        and not _own_aux_or_subject(clause)
        and head.lemma_ in _HEDGING_CATENATIVES
    ):
        reading.modality = head.lemma_
    elif reading.modality is None and _supposition(clause):
        reading.modality = "conditional"  # "Assuming that X, and demand stays solid, ..."
    elif reading.modality is None and clause.tag_ == "VBG" and not _own_aux_or_subject(clause):
        # "Microsoft will adopt open standards, allowing music to cross boundaries": the
        # participle goes with its verb's modal
        reading.modality = _modal(head)


def _result(clause: Word, head: Word) -> bool:
    """ "came from behind to beat Arsenal": an infinitive after a verb of movement or change says
    what happened next; not one with a subject of its own ("a demand for Turkey to recognise
    Cyprus"), nor after a verb that modifies a noun (the parser's reading of a clause it lost)."""
    if head.lemma_ not in _RESULT_GOVERNORS or head.dep_ in {ACL, RELCL} or _passive(head):
        return False
    to = next((c for c in clause.children if c.dep_ == AUX and c.lower_ == "to"), None)
    before = clause.doc[to.i - 1] if to is not None and to.i > 0 else None
    return not (before is not None and before.dep_ == POBJ and before.head.lower_ == "for")


def _read_noun_infinitive(reading: _Reading, noun: Word) -> None:
    """A noun + infinitive is hedged by its noun or governing verb ("their attempts to", "told
    X to"), except after an implicative verb ("forced the bank to pay": it paid)."""
    governor = noun.head if noun.dep_ == DOBJ else noun
    if governor.pos_ in VERB_POS and governor.lemma_ in _IMPLICATIVE_CONTROL:
        pass  # "forced the bank to pay": it paid
    else:
        reading.modality = reading.modality or governor.lemma_.lower()
    reading.verbal = False
