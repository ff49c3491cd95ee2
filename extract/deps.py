"""Dependency labels (ClearNLP scheme used by spaCy's English pipelines) and word lists.

Named constants instead of string literals scattered around; the word lists are
general English grammar (reporting verbs, modals, control verbs), never names
or phrases from any particular text.
"""

from __future__ import annotations

from collections.abc import Iterator

# subjects
NSUBJ = "nsubj"
NSUBJPASS = "nsubjpass"
CSUBJ = "csubj"
CSUBJPASS = "csubjpass"
EXPL = "expl"
SUBJECTS = frozenset({NSUBJ, NSUBJPASS, CSUBJ, CSUBJPASS})

# objects and complements
DOBJ = "dobj"
DATIVE = "dative"
ATTR = "attr"
ACOMP = "acomp"
OPRD = "oprd"
POBJ = "pobj"
PCOMP = "pcomp"
PREP = "prep"
AGENT = "agent"
PRT = "prt"

# clauses
ROOT = "ROOT"
CCOMP = "ccomp"
XCOMP = "xcomp"
ADVCL = "advcl"
RELCL = "relcl"
ACL = "acl"
CONJ = "conj"
CC = "cc"
PARATAXIS = "parataxis"
MARK = "mark"
APPOS = "appos"

# modifiers
AUX = "aux"
AUXPASS = "auxpass"
NEG = "neg"
DET = "det"
POSS = "poss"
CASE = "case"
ADVMOD = "advmod"
NPADVMOD = "npadvmod"
AMOD = "amod"
COMPOUND = "compound"
NMOD = "nmod"
NUMMOD = "nummod"
PUNCT = "punct"
PRECONJ = "preconj"

VERB_POS = frozenset({"VERB", "AUX"})
NOUN_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM", "X", "SYM"})

#: Verbs that introduce reported content ("the ministry said that ...").
REPORTING_VERBS = frozenset(
    [
        "say",
        "tell",
        "warn",
        "add",
        "emphasise",
        "emphasize",
        "claim",
        "accuse",
        "state",
        "report",
        "announce",
        "note",
        "insist",
        "argue",
        "suggest",
        "allege",
        "believe",
        "deny",
        "confirm",
        "stress",
        "explain",
        "reveal",
        "write",
        "declare",
        "acknowledge",
        "admit",
        "assert",
        "maintain",
        "contend",
        "predict",
        "think",
        "reiterate",
        "complain",
        "testify",
        "concede",
        "disclose",
        "mention",
        "remark",
        "reply",
        "respond",
        "caution",
        "estimate",
        "indicate",
        # evidence and commitments: "the report found that ...", "he pledged that ..."
        "show",
        "find",
        "conclude",
        "point",  # "pointed out that"
        "pledge",
        "promise",
        "vow",
        "agree",
        "recall",
        "observe",
        "comment",
        "demonstrate",
        "boast",
        "hint",
        "signal",
    ]
)

#: Verbs of belief and expectation: their content is the subject's view, not a fact ("analysts
#: expect the impact to be limited", "he believed he was talking to X"). Reported and hedged.
BELIEF_VERBS = frozenset(
    """believe think expect hope fear assume suspect feel reckon predict guess imagine suppose doubt
    estimate wish anticipate forecast speculate worry presume hear""".split()
)

#: Reporting verbs whose subject is evidence (a report, research, figures), not a speaker: inside
#: somebody's statement the statement stays theirs ("he said research showed that ...").
EVIDENCE_VERBS = frozenset(
    {"show", "find", "conclude", "demonstrate", "indicate", "suggest", "reveal"}
)

#: Verbs whose clausal complement is somebody's statement or view.
REPORTING_OR_BELIEF_VERBS = REPORTING_VERBS | BELIEF_VERBS

#: Adverbs that hedge the clause they modify ("he allegedly berated", "probably").
HEDGING_ADVERBS = frozenset(
    """allegedly reportedly apparently supposedly presumably possibly probably perhaps maybe
    purportedly ostensibly seemingly""".split()
)

#: Reporting verbs whose content the speaker rejects.
DENIAL_VERBS = frozenset({"deny", "dispute", "reject"})

#: Auxiliaries that hedge a clause; the lemma is recorded as the modality.
MODALS = frozenset({"can", "could", "may", "might", "should", "would", "must", "shall", "will"})

#: Subordinators that make a clause (and its main clause) conditional.
CONDITIONAL_MARKS = frozenset({"if", "unless", "once", "provided", "providing", "whether"})

#: Verbs taking an infinitive whose subject is the verb's own subject ("X aims to do Y").
#: Each maps to what it says about the embedded event: None = it happened,
#: "negated" = it did not, otherwise the modality recorded.
CATENATIVES: dict[str, str | None] = {
    **{
        v: None
        for v in ["manage", "begin", "start", "continue", "resume", "keep", "get", "go", "come"]
    },
    **{v: "negated" for v in ["fail", "refuse", "decline", "neglect", "avoid"]},
    "have": "must",  # "had to settle for fourth": an obligation
    **{
        v: v
        for v in [
            "aim",
            "want",
            "try",
            "attempt",
            "seek",
            "plan",
            "hope",
            "intend",
            "wish",
            "expect",
            "threaten",
            "promise",
            "offer",
            "prepare",
            "vow",
            "pledge",
            "agree",
            "decide",
            "need",
            "propose",
            "mean",
            "strive",
            "struggle",
            "seem",
            "appear",
        ]
    },
}


def clause_dependents(verb) -> Iterator:
    """The verb's children, then the children of its auxiliaries: the parser sometimes hangs the
    subject on an auxiliary ("The economy [is] not only gathering speed", "neither side [could]
    have qualified"), and a subject of the auxiliary is the clause's. Lazy: a caller that stops
    at the verb's own subject never looks further."""
    yield from verb.children
    if verb.tag_ not in {"VB", "VBN", "VBG"}:
        return  # a finite verb has no auxiliary: the parse is broken, borrow nothing
    for c in verb.children:
        if c.dep_ in {AUX, AUXPASS} and not any(g.dep_ in {XCOMP, CCOMP} for g in c.children):
            yield from c.children


def catenative(token) -> str | None:
    """The `CATENATIVES` key of a verb, also when the tagger got its lemma wrong ("hoping" ->
    "hop"), else None."""
    if token.lemma_ in CATENATIVES:
        return token.lemma_
    word = token.lower_
    for ending, replacement in (("ing", "e"), ("ing", ""), ("ed", "e"), ("ed", ""), ("s", "")):
        if word.endswith(ending) and word[: -len(ending)] + replacement in CATENATIVES:
            return word[: -len(ending)] + replacement
    return None


#: Verbs whose infinitive complement takes their object as subject ("X told Y to do Z").
OBJECT_CONTROL_VERBS = frozenset(
    [
        "instruct",
        "order",
        "tell",
        "ask",
        "persuade",
        "force",
        "allow",
        "permit",
        "encourage",
        "urge",
        "require",
        "enable",
        "help",
        "invite",
        "advise",
        "warn",
        "cause",
        "lead",
        "get",
        "compel",
        "convince",
        "pressure",
        "push",
        "train",
        "teach",
        "remind",
        "direct",
        "command",
        "oblige",
        "authorise",
        "authorize",
        "forbid",
        "prohibit",
        "recruit",
        "hire",
        "pay",
        "expect",
        "want",
    ]
)

#: Adverbs that are not arguments (focus, degree, discourse).
NON_ARGUMENT_ADVERBS = frozenset(
    [
        "also",
        "not",
        "n't",
        "never",
        "only",
        "just",
        "even",
        "still",
        "however",
        "too",
        "very",
        "so",
        "then",
        "thus",
        "therefore",
        "really",
        "already",
        "yet",
        "again",
        "more",
        "most",
        "much",
        "as",
        "well",
        "rather",
        "quite",
        "almost",
        "nearly",
    ]
)

#: Double quotation marks, straight, curly and as the tokenizer writes them: the edges of a quotation.
QUOTE_MARKS = frozenset({'"', "\u201c", "\u201d", "''", "``"})

PRONOUNS_SINGULAR_THING = frozenset({"it", "its", "itself"})
PRONOUNS_PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})
PRONOUNS_MALE = frozenset({"he", "him", "his", "himself"})
PRONOUNS_FEMALE = frozenset({"she", "her", "hers", "herself"})
RELATIVE_PRONOUNS = frozenset({"which", "that", "who", "whom", "whose"})
#: Tags of a relative pronoun that stands for the noun its clause describes ("who", "which", "that").
RELATIVE_TAGS = frozenset({"WP", "WDT"})
#: First-person pronouns: inside a quotation they are its speaker, elsewhere the writer.
FIRST_PERSON = frozenset(
    {"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"}
)
PERSONAL_PRONOUNS = PRONOUNS_SINGULAR_THING | PRONOUNS_PLURAL | PRONOUNS_MALE | PRONOUNS_FEMALE
#: Pronouns never resolved to an entity (speaker/hearer, generic, demonstrative).
UNRESOLVABLE_PRONOUNS = frozenset(
    [
        "i",
        "me",
        "my",
        "mine",
        "myself",
        "we",
        "us",
        "our",
        "ours",
        "ourselves",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "this",
        "that",
        "these",
        "those",
        "one",
        "someone",
        "anyone",
        "everyone",
        "nobody",
        "somebody",
        "something",
        "anything",
        "everything",
        "nothing",
        "who",
        "whom",
        "what",
        "which",
        "whose",
        "each",
        "either",
        "neither",
        "all",
        "both",
        "some",
        "many",
    ]
)
DETERMINERS = frozenset({"a", "an", "the", "this", "that", "these", "those", "such"})

#: Prepositions whose gerund takes the main clause's subject ("Without naming X, the
#: ministry said ..."), as opposed to complement prepositions ("limited to working").
ADJUNCT_PREPOSITIONS = frozenset(
    [
        "without",
        "by",
        "after",
        "before",
        "while",
        "since",
        "despite",
        "upon",
        "through",
        "besides",
        "instead",
    ]
)


#: Nouns of time: "in recent times", "over the years", "at the time" are when, not what.
TIME_NOUNS = frozenset(
    """time times year years month months week weeks day days hour hours minute minutes moment period
    decade decades century past future season spring summer autumn winter weekend morning evening
    night afternoon recently""".split()
)
