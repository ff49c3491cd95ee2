"""A headline run into the first sentence, with no line break between them.

Articles that went through a CSV export or a web scraper often lose the blank line after the
headline: "Cactus diet deal for Phytopharm A slimming aid made from a southern African cactus is
set to ...". The layout rule of `extract.sentence_breaks` cannot see it, and the parser makes
one sentence of both, so a fact joins the headline's words to the body's.

Three signals. The body repeats the headline's subject: a headline word said again after a
lower-case word ("Church urges Nelly show boycott Church ministers are ..."), or the full name
of the person the headline calls by surname ("Dunne keen to commit to Man City Richard Dunne
is ready ..."). Or a word is capitalised although nothing before it ends a sentence and it is
no name: a determiner, pronoun, number word, wh-word or common noun ("The", "A", "Four",
"What", "Shares") straight after a lower-case word or a name, within the first
`TITLE_MAX_WORDS` + 1 words of the text, with no punctuation before it. In running text such
a word mid-sentence is almost always a title ("in The Times"), so the rule looks only at the
start of a text (a headline is only ever there) and not after a preposition, or a verb that
would take a title as its object (the first verb of the text: "told The Guardian").

`add_headline_break(nlp)` installs it after the tagger (it needs the part-of-speech tags)
and before the parser, which keeps any sentence start already set.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from extract.first_names import gender_of_first_name
from extract.sentence_breaks import TITLE_MAX_WORDS, held_words, mark_starts

COMPONENT = "kg_headline_break"

#: Tags of words that are capitalised mid-sentence only when they start a new sentence.
_SENTENCE_OPENING_TAGS = frozenset(
    {"DT", "PRP", "PRP$", "CD", "WP", "WRB", "EX", "NN", "NNS", "PDT"}
)

#: Tags of the word before a title that is its object ("in The Times", "Acme's The Hub").
_TAKES_A_TITLE = frozenset({"IN", "TO", "POS", "DT"})

#: Noun tags: a headline ends on a noun or a number ("... show boycott", "... $1.5m").
_NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS", "CD"})

#: Verb tags: a verb takes a title as its object too ("told The Guardian"), unless another verb
#: came before it (the tagger then calls the headline's last noun a verb: "faces walkout The").
_VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD"})

#: Tags of words that join what follows them to what came before: verbs, conjunctions,
#: prepositions, determiners, pronouns ("Tom Lee met Ann Lee", "Lee and Ann Lee").
_JOINING_TAGS = (_VERB_TAGS - {"VBN"}) | _TAKES_A_TITLE | {"CC", "PDT", "PRP", "PRP$", "WDT", "WP"}


def headline_end(doc: Doc) -> int | None:
    """Index of the word that starts the body when a headline runs into it, else None."""
    for token in doc[: TITLE_MAX_WORDS + 2]:
        if token.is_space or "\n" in token.text_with_ws:
            return None  # the layout says where the lines end: extract.sentence_breaks' job
        if token.is_punct:
            return None  # the headline is a plain run of words
        if token.i >= 2 and _opens_a_sentence(token, doc[token.i - 1]):
            return token.i
        if (
            token.i >= 2
            and (_restates_the_headline(token, doc[token.i - 1]) or _starts_a_restated_name(token))
            and not any(t.lower_ in _AUXILIARIES for t in doc[: token.i])
        ):
            return _description_start(doc, token.i)
    return None


#: Auxiliaries: headlines leave them out ("Monsanto fined"), so a text that has one before a
#: repeated name is already in its body ("Ceplak has urged Britain's Kelly Holmes").
_AUXILIARIES = frozenset("has have had is are was were been will would".split())

#: Tags of the words of a description before a name: "Swiss drugmaker", "Former Australian wing".
_DESCRIPTION_TAGS = frozenset({"JJ", "NN", "NNS", "NNP", "NNPS", "CD", "HYPH", "POS", "CC"})


def _description_start(doc: Doc, name: int) -> int:
    """Where the body starts when it opens on a description of the repeated name: "Novartis hits
    acquisition trail | Swiss drugmaker Novartis has ...", "Campese berates whingeing England |
    Former Australian wing David Campese has ...". The first capitalised common word of the
    words before the name ("Former"), else the first capitalised word after a lower-case one
    ("deal Arsenal manager"), either one after a noun, the headline's last word ("for British
    tennis", "moves to woo Jewish voters" are the headline's own); the name itself when neither
    ("for Scissor Sisters New York band | Scissor Sisters ..." keeps the band's description on
    the headline: the body's sentence is whole)."""
    start = name
    while start - 1 >= 1 and doc[start - 1].tag_ in _DESCRIPTION_TAGS:
        start -= 1
    run = [t for t in doc[start:name] if _capitalised(t.text) and doc[t.i - 1].tag_ in _NOUN_TAGS]
    common = [t for t in run if t.tag_ not in {"NNP", "NNPS"}]
    if common:
        return common[0].i
    after_lower = [t for t in run if doc[t.i - 1].text.islower()]
    return after_lower[0].i if after_lower else name


def _capitalised(text: str) -> bool:
    return text[:1].isupper() and (text[1:].islower() or len(text) == 1)


def _restates_the_headline(token, before) -> bool:
    """A headline word said again straight after a lower-case word that joins nothing on, the
    headline's last word (not "Korbel Energy and Korbel Foods"): the body opening on the
    headline's own subject ("Church urges Nelly show boycott | Church ministers are ..."). In
    one sentence a name is not repeated within a dozen words."""
    return (
        _capitalised(token.text)
        and token.text != "I"
        and before.text.islower()
        and before.tag_ not in _JOINING_TAGS
        and any(t.text == token.text for t in token.doc[: before.i])
    )


def _starts_a_restated_name(token) -> bool:
    """A first name before a surname the headline used: the body opening on the full name of
    the person the headline calls by surname ("Dunne keen to commit to Man City | Richard Dunne
    is ready ...")."""
    doc = token.doc
    if token.i + 1 >= len(doc) or not _capitalised(token.text):
        return False
    surname = doc[token.i + 1]
    return (
        doc[token.i - 1].tag_ not in _JOINING_TAGS  # not "Tom Lee met / and Ann Lee"
        and gender_of_first_name(token.text) is not None
        and _capitalised(surname.text)
        and any(t.text == surname.text for t in doc[: token.i])
    )


def _opens_a_sentence(token, before) -> bool:
    text = token.text
    if not _capitalised(text) or text == "I":
        return False  # "The", "Shares"; not "BBC", "iPod" or "I"
    if not token.whitespace_:
        return False  # part of a longer written word: "A-G courses"
    if token.tag_ not in _SENTENCE_OPENING_TAGS or before.tag_ in _TAKES_A_TITLE:
        return False
    if before.tag_ in _VERB_TAGS and not any(t.tag_ in _VERB_TAGS for t in token.doc[: before.i]):
        return False
    # after a lower-case word or a name: not the second word of a capitalised title ("Troubled Marsh")
    return before.text.islower() or before.tag_ in {"NNP", "NNPS"}


def headline_break(doc: Doc) -> Doc:
    """Mark the body's first word as a sentence start when a headline runs into it."""
    end = headline_end(doc)
    if end is not None:
        if doc.has_annotation("DEP"):
            raise ValueError("sentence starts can only be set before the parser runs")
        # the headline and the body's first words each stay one sentence ("Wall Street cool to
        # eBay's profit" lost "profit", "Citizens" / "in a majority of nations ..." to the parser)
        mark_starts(doc, [end], held_words(doc, 0, end) + held_words(doc, end))
    return doc


@Language.component(COMPONENT)
def _component(doc: Doc) -> Doc:
    return headline_break(doc)


def add_headline_break(nlp: Language) -> Language:
    """Install the component between the tagger and the parser (idempotent; a pipeline without
    both is left as it is)."""
    names = nlp.pipe_names
    if (
        COMPONENT not in names
        and "tagger" in names
        and "parser" in names
        and names.index("tagger") < names.index("parser")
    ):
        nlp.add_pipe(COMPONENT, before="parser")
    return nlp
