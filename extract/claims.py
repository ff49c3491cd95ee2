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
    HEDGING_ADVERBS,
    MARK,
    MODALS,
    NEG,
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
    for c in verb.children:
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
    for child in verb.children:
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


def _impersonal_report(head: Word) -> bool:
    """ "it has been reported that ...", "it is thought that ...": nobody is named as the source."""
    subjects = [c for c in head.children if c.dep_ in SUBJECTS]
    passive = any(c.dep_ == "auxpass" for c in head.children) or head.tag_ == "VBN"
    return passive and (not subjects or all(c.lower_ == "it" for c in subjects))


def _own_aux_or_subject(verb: Word) -> bool:
    return any(c.dep_ in SUBJECTS or c.dep_ == AUX for c in verb.children)


def _conditional(verb: Word) -> bool:
    """The clause is an "if" clause, or the main clause of one."""
    if any(c.dep_ == MARK and c.lower_ in CONDITIONAL_MARKS for c in verb.children):
        return True
    for child in verb.children:
        if child.dep_ == ADVCL and any(
            m.dep_ == MARK and m.lower_ in CONDITIONAL_MARKS for m in child.children
        ):
            return True
    return False


#: Verbs whose participle introduces a supposition ("Assuming that X, ...", "Provided X, ...").
_SUPPOSITION_VERBS = frozenset({"assume", "suppose", "provide", "presume", "grant"})
#: Subordinators after which the event has not (yet) happened ("until he receives a pension").
_UNREALISED_MARKS = frozenset({"until", "till", "lest", "unless"})


def _supposition(clause: Word) -> bool:
    if clause.lemma_ in _SUPPOSITION_VERBS and clause.tag_ in {"VBG", "VBN"}:
        return True
    return any(c.dep_ == MARK and c.lower_ in _UNREALISED_MARKS for c in clause.children)


def _negative_argument(verb: Word) -> bool:
    for child in verb.children:
        if child.dep_ in SUBJECTS | {DOBJ, DATIVE}:
            if child.lower_ in _NEGATIVE_WORDS:
                return True
            if any(d.dep_ == DET and d.lower_ == "no" for d in child.children):
                return True
    return False


def _subject_head(verb: Word) -> Word | None:
    for child in verb.children:
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
        ):
            subject = _subject_head(child)
            if subject is not None:
                return subject
    return None


def _reports_through(head: Word, clause: Word) -> bool:
    """`clause` is the content of reporting verb `head`: its complement, or (when the
    parser hung the content on it as an adverbial clause or parataxis) a clause with
    its own subject: "Unless X, the firm must pay, the lawyers said." """
    if head.lemma_ not in REPORTING_OR_BELIEF_VERBS or head.pos_ not in VERB_POS:
        return False
    if clause.dep_ == CCOMP:
        return True
    return (
        clause.dep_ in {ADVCL, PARATAXIS}
        and not any(c.dep_ == CCOMP for c in head.children)
        and any(c.dep_ in SUBJECTS for c in clause.children)
    )


def reporting_content(verb: Word) -> bool:
    """`verb` is a reporting verb with reported content under it (it is not a fact itself)."""
    return any(_reports_through(verb, child) for child in verb.children)


def _non_specific(noun: Word) -> bool:
    return any(c.dep_ == DET and c.lower_ in _NON_SPECIFIC for c in noun.children)


def speaker_of(verb: Word) -> int | None:
    """Token index of whoever the clause of `verb` is attributed to, if anyone."""
    return clause_context(verb).speaker


def clause_context(verb: Word) -> ClauseContext:
    negated = _has_negation(verb) or _negative_argument(verb)
    modality = _modal(verb)
    denied, hedge = _modal_complement(verb)
    negated = negated != denied
    modality = modality or hedge
    if _conditional(verb) and modality is None:
        modality = "conditional"
    if (
        modality is None
        and verb.dep_ == "ROOT"
        and any(c.dep_ == AUX and c.lower_ == "to" for c in verb.children)
    ):
        modality = "future"  # a headline's "Blair to face trust issue": what will happen
    speaker: Word | None = _according_to(verb)
    verbal = True  # still on the clause's own chain of verbs (no noun crossed)
    current = verb
    while current.head.i != current.i:
        head, dep = current.head, current.dep_
        source = _according_to(current)
        if source is not None and speaker is None:
            speaker = source
        if speaker is None and _reports_through(head, current):
            speaker = _subject_head(head)
            if head.lemma_ in DENIAL_VERBS and verbal:
                negated = not negated
            if head.lemma_ in BELIEF_VERBS and modality is None:
                modality = head.lemma_  # what somebody expects or believes
            if _impersonal_report(head):
                speaker = None
                modality = modality or "reported"  # "it has been reported that he is homesick"
            verbal = False  # the speaker's own hedges are not the content's
        elif verbal:
            if dep == CONJ and head.pos_ in VERB_POS:
                if not _own_aux_or_subject(current):
                    negated = negated or _has_negation(head, adverbs=False)
                    modality = modality or _modal(head)
            elif dep == XCOMP and head.pos_ in VERB_POS:
                has_object = any(c.dep_ == DOBJ for c in head.children)
                if head.lemma_ in CATENATIVES and not has_object:
                    effect = CATENATIVES[head.lemma_]  # "aims to", "failed to", "managed to"
                elif has_object and head.lemma_ in OBJECT_CONTROL_VERBS:
                    # object control: "told Y to" hedges, "forced Y to" does not
                    effect = None if head.lemma_ in _IMPLICATIVE_CONTROL else head.lemma_
                else:
                    effect = "purpose"  # "used the process to gain ..."
                if current.tag_ == "VBG" and not any(c.dep_ == AUX for c in current.children):
                    effect = CATENATIVES.get(head.lemma_)  # gerund: "began selling"
                if head.lemma_ == "have" or (
                    head.lemma_ == "get"
                    and any(c.dep_ == AUX and c.lemma_ == "have" for c in head.children)
                ):
                    effect = "must"  # "has to go", "have got to have a big bang": an obligation
                if effect == "negated":
                    negated = not negated
                elif effect is not None and modality is None:
                    modality = effect
                negated = negated or _has_negation(head)
                modality = modality or _modal(head)
            elif dep == XCOMP and head.dep_ == ACOMP and head.pos_ == "ADJ":
                # "was unable to explain", "is likely to rise": the adjective governs the event
                if head.lemma_.lower() in _NEGATIVE_ADJECTIVES:
                    negated = not negated
                elif head.lemma_.lower() in _HEDGING_ADJECTIVES and modality is None:
                    modality = head.lemma_.lower()
                copula = head.head
                negated = negated or _has_negation(copula)
                modality = modality or _modal(copula)
                current = copula  # the copula's own clause decides the rest
                continue
            elif dep == RELCL and head.head.pos_ in VERB_POS and _non_specific(head):
                # "has not received an offer that is acceptable": nothing says such an offer exists
                governor = head.head
                negated = negated or _has_negation(governor)
                modality = modality or _modal(governor)
                verbal = False
            elif dep == ADVCL and head.pos_ in VERB_POS:
                if (
                    any(c.dep_ == AUX and c.lower_ == "to" for c in current.children)
                    and modality is None
                ):
                    modality = "purpose"  # "... to leak state secrets"
                elif modality is None and _supposition(current):
                    modality = "conditional"  # "Assuming that X, and demand stays solid, ..."
            elif (
                dep == RELCL
                and any(c.dep_ == AUX and c.lower_ == "to" for c in current.children)
                and not any(
                    c.dep_ == AUX and c.lemma_ == "have" for c in current.children
                )  # "the only ones to have won"
            ):
                # "restrictions to limit migration", "Rock to keep it clean": what is meant to happen
                modality = modality or "purpose"
                verbal = False
            elif dep == CCOMP and head.pos_ in VERB_POS:
                # "to ensure swear words are removed": a complement clause is as hedged, and as
                # attributed, as the clause that governs it (its negation is not inherited: "did
                # not know that X" still says X)
                outer = clause_context(head)
                modality = modality or outer.modality
                if speaker is None and outer.speaker is not None:
                    speaker = head.doc[outer.speaker]
                break
            elif dep == PCOMP and head.dep_ == PREP:
                governor = head.head
                if (
                    governor.lemma_ in REPORTING_VERBS
                    and head.lower_ in {"of", "for"}
                    and speaker is None
                ):
                    speaker = _subject_head(governor)  # "X accused Y of hiding Z"
                if head.lower_ == "without":
                    negated = not negated  # "Without naming X, ..."
                elif head.lower_ == "from" and governor.lemma_ in _PREVENTIVE:
                    negated = not negated  # "prevent banks from selling X"
                verbal = head.head.pos_ in VERB_POS
                current = head  # step over the preposition
                continue
            elif dep == ACL and any(c.dep_ == AUX and c.lower_ == "to" for c in current.children):
                governor = head.head if head.dep_ == DOBJ else head
                if governor.pos_ in VERB_POS and governor.lemma_ in _IMPLICATIVE_CONTROL:
                    pass  # "forced the bank to pay": it paid
                else:
                    modality = (
                        modality or governor.lemma_.lower()
                    )  # "their attempts to", "told X to"
                verbal = False
            else:
                verbal = False
            if verbal and modality is None and _conditional(head):
                modality = "conditional"
        if speaker is None and head.head.i == head.i:
            speaker = _inverted_reporter(head) or _according_to(head)
        current = head
    if speaker is None and verb.head.i == verb.i:
        speaker = _inverted_reporter(verb)
    return ClauseContext(
        negated=negated,
        modality=modality,
        speaker=speaker.i if speaker is not None else None,
    )
