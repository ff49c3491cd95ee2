"""Pleonastic (expletive) "it": an "it" that refers to nothing ("It is understood that ...").

Resolving such an "it" to a nearby noun invents a fact about that thing. The patterns are the
standard ones (Lappin and Leass 1994; Lee et al. 2013): an extraposed clause after a passive
cognitive verb, a raising verb, or a copula with an adjective or noun; "it" of the time or the
weather ("it was too late"); "it" with a predicate noun
that names a situation, not a thing ("It is a dilemma", "It's a matter of principle"); and the
parser's own `expl` label.
"""

from __future__ import annotations

from extract.deps import ACOMP, ATTR, CCOMP, CSUBJ, EXPL, NSUBJ, NSUBJPASS, XCOMP
from extract.parsed import Word

#: "It is said / thought / understood ... that": passive cognitive and reporting verbs.
_PASSIVE_VERBS = frozenset(
    """say think believe understand expect report know feel hope fear estimate claim rumour rumor
    suggest assume agree decide announce consider confirm reveal learn predict forecast suppose
    allege argue note stress recognise recognize accept acknowledge hold show find""".split()
)

#: "It seems / appears / emerged / turns out that ...".
_RAISING_VERBS = frozenset(
    "seem appear look sound emerge transpire happen follow matter remain turn mean take become".split()
)

#: Predicate nouns that describe a situation, not a thing: "it" with them is not an entity.
_SITUATION_NOUNS = frozenset(
    """matter question shame pity dilemma problem issue mistake case fact time surprise blow relief
    honour honor privilege challenge priority step chance risk concern worry disappointment tragedy
    disgrace scandal joke nonsense miracle wonder achievement success failure disaster idea
    thing situation point reason sign example result decision choice way error phenomenon trend
    year month week day decade hour century""".split()
)

#: "It's about the potential", "it is beyond belief": a copula with these prepositions says
#: something about the situation, not about a thing.
_SITUATION_PREPOSITIONS = frozenset({"about", "beyond"})

#: Predicate adjectives of the time of day or the weather: "it was too late for them", "it is dark".
_TIME_ADJECTIVES = frozenset("late early soon dark sunny rainy windy cloudy".split())

_CLAUSES = frozenset({CCOMP, XCOMP, CSUBJ})

#: Adjectives whose subject is the infinitive's own ("it is likely to fail": it fails).
_RAISING_ADJECTIVES = frozenset(
    "about likely unlikely able unable set due sure certain bound ready willing going keen eager poised".split()
)


def is_pleonastic(word: Word) -> bool:
    """True when `word` is an "it" that refers to nothing in the text."""
    if word.lower_ != "it":
        return False
    if word.dep_ == EXPL:
        return True
    if word.dep_ not in {NSUBJ, NSUBJPASS}:
        return False
    verb = word.head
    later = [c for c in verb.children if c.i > word.i]
    clause = any(c.dep_ in _CLAUSES for c in later)
    if word.dep_ == NSUBJPASS:
        return clause and verb.lemma_ in _PASSIVE_VERBS
    if verb.lemma_ in _RAISING_VERBS and clause:
        return True
    if verb.lemma_ in _RAISING_VERBS and any(
        (c.dep_ == "prep" and c.lower_ in {"like", "as"})
        or (
            c.dep_ == "advcl"
            and any(m.dep_ == "mark" and m.lower_ in {"like", "if", "though"} for m in c.children)
        )
        for c in later
    ):
        return True  # "it looked like it was the nationalists", "it seems as if ..."
    if verb.lemma_ != "be":
        return False
    predicates = [c for c in later if c.dep_ in {ACOMP, ATTR}]
    if not predicates:
        # "It's about the potential", "It is 25 years since ..."
        return any(c.dep_ == "prep" and c.lower_ in _SITUATION_PREPOSITIONS for c in later) or any(
            c.dep_ == "npadvmod" and c.lemma_.lower() in _SITUATION_NOUNS for c in later
        )
    if any(p.dep_ == ACOMP and p.lower_ in _TIME_ADJECTIVES for p in predicates):
        return True  # "it was too late for the visitors": the time, not a thing
    # "It is likely that ...", "It was a shock to see ...", "it's hard for X to see"
    if clause or any(_for_to_clause(c) for c in later):
        return True
    if any(_cleft(p, verb) for p in predicates):
        return True  # "It is not just big firms that are at risk"
    for p in predicates:
        for c in p.children:
            if c.dep_ in {CCOMP, CSUBJ} or (
                c.dep_ == XCOMP and p.lemma_.lower() not in _RAISING_ADJECTIVES
            ):
                return (
                    True  # "It is important to ...", but not "it was about to close" (the firm was)
                )
    return any(p.dep_ == ATTR and p.lemma_.lower() in _SITUATION_NOUNS for p in predicates)


def _for_to_clause(clause: Word) -> bool:
    """ "for the referee to see it": an infinitive with a subject of its own, extraposed."""
    children = list(clause.children)
    return (
        clause.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ == "for" for c in children)
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
    )


#: Words that put one thing in focus against others: a cleft's mark ("it is only X that ...").
_FOCUS = frozenset("just only even precisely exactly not merely simply".split())


def _cleft(predicate: Word, verb: Word) -> bool:
    """ "It is X that/who ...", with X in focus: a plural X ("it is big firms that ..."), or a
    focusing word on the copula or X ("it is not just X that ...", "it was only Lee who ...").
    "It is a firm that makes cars" is not one: there "it" is the firm."""
    if predicate.dep_ != ATTR:
        return False
    relative = next((c for c in predicate.children if c.dep_ == "relcl"), None)
    if relative is None or relative.left_edge.lower_ not in {"that", "who"}:
        return False
    focus = any(
        c.lower_ in _FOCUS
        for c in list(verb.children) + list(predicate.children)
        if c.i < predicate.i
    )
    return focus or predicate.tag_ in {"NNS", "NNPS"}
