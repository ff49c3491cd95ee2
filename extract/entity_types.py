"""Entity typing: spaCy NER labels and head nouns mapped to `EntityType`.

The word lists are general English (what a ministry, a firm or a law is
called), not names from any text. One type per entity: see `resolve_type`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from extract.model import EntityType

#: NER labels that never make entities (they are values, kept as literals).
VALUE_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})

NER_TYPES: dict[str, EntityType] = {
    "ORG": EntityType.ORGANIZATION,
    "PERSON": EntityType.PERSON,
    "GPE": EntityType.PLACE,
    "LOC": EntityType.PLACE,
    "FAC": EntityType.PLACE,
    "LAW": EntityType.LEGISLATION,
    "NORP": EntityType.GROUP,
    "EVENT": EntityType.EVENT,
    "PRODUCT": EntityType.PRODUCT,
    "WORK_OF_ART": EntityType.WORK,
    "LANGUAGE": EntityType.CONCEPT,
}

_words = str.split

HEAD_TYPES: dict[str, EntityType] = {
    **{
        w: EntityType.GOVERNMENT_BODY
        for w in _words(
            """ministry department agency government council parliament congress senate police army
        military navy court commission bureau authority administration cabinet embassy regulator
        watchdog legislature assembly tribunal prosecutor prosecutors intelligence"""
        )
    },
    **{
        w: EntityType.ORGANIZATION
        for w in _words(
            """company firm consultancy corporation business bank organisation organization startup
        manufacturer retailer insurer operator airline carrier club team union university school
        college newspaper broadcaster party charity exchange fund association institute foundation
        publisher studio network giant maker supplier producer lender chain brand conglomerate
        group subsidiary enterprise consortium carmaker automaker drugmaker chipmaker steelmaker
        supermarket brewer"""
        )
    },
    **{
        w: EntityType.PERSON
        for w in _words(
            """man woman person official minister president spokesman spokeswoman spokesperson chief
        director executive manager analyst expert leader secretary chairman chairwoman ceo boss
        player coach actor actress singer author journalist reporter officer worker employee
        citizen resident lawyer judge doctor scientist researcher student teacher child father
        mother son daughter wife husband founder owner investor user customer fan consultant spy
        suspect victim king queen prince princess chancellor governor mayor senator ambassador
        diplomat general soldier striker midfielder defender goalkeeper captain comedian
        presenter writer novelist poet artist musician footballer winger goalkeeper
        referee novelist politician candidate campaigner commentator economist banker trader
        teenager youngster veteran champion athlete sprinter runner hurdler jumper cyclist boxer
        golfer driver rider batsman bowler star diva rapper winner mp mep premier peer pensioner
        patient prisoner detective inspector constable pilot nurse surgeon professor lecturer
        priest bishop activist protester worker brother sister sibling uncle aunt nephew niece
        cousin grandson granddaughter grandfather grandmother stepson stepdaughter girlfriend
        boyfriend fiance fiancee widow widower friend colleague"""
        )
    },
    **{
        w: EntityType.LEGISLATION
        for w in _words(
            "law act bill statute regulation treaty directive legislation constitution ordinance charter"
        )
    },
    **{
        w: EntityType.PLACE
        for w in _words(
            "city country town village region province capital island continent district county"
        )
    },
    **{
        w: EntityType.EVENT
        for w in _words(
            """war election summit conference tournament festival championship olympics ceremony
        referendum"""
        )
    },
    **{
        w: EntityType.WORK
        for w in _words("video film book article album song movie documentary novel biopic sitcom")
    },
}

#: Words that make an organisation name a government body ("Ministry of ...").
GOVERNMENT_WORDS = frozenset(
    w for w, t in HEAD_TYPES.items() if t is EntityType.GOVERNMENT_BODY
) | {"ministry", "state"}

#: Tie-break order when votes are equal: more specific types first.
TYPE_PRIORITY = (
    EntityType.GOVERNMENT_BODY,
    EntityType.LEGISLATION,
    EntityType.PERSON,
    EntityType.ORGANIZATION,
    EntityType.PLACE,
    EntityType.EVENT,
    EntityType.PRODUCT,
    EntityType.WORK,
    EntityType.GROUP,
    EntityType.CONCEPT,
)

NAME_WEIGHT = 3  # a named-entity label counts three times a head noun


def ner_type(label: str, words: Iterable[str]) -> EntityType | None:
    """Type of a named entity; organisations whose name says government are government bodies."""
    kind = NER_TYPES.get(label)
    if kind is EntityType.ORGANIZATION and GOVERNMENT_WORDS & {w.lower() for w in words}:
        return EntityType.GOVERNMENT_BODY
    return kind


#: Titles before a name that make it a person's ("Mr Champion", "Dr Lee").
PERSON_TITLES = frozenset(
    """mr mr. mrs mrs. ms ms. miss dr dr. sir dame lord lady prof prof. professor mister madam
    baroness baron""".split()
)

#: Last words that make a name an organisation's or a place's whatever the tagger said
#: ("Manchester United", "Conservative Party", "Pew Research", "Stansted Airport").
_ORGANISATION_LAST_WORDS = frozenset(
    """united city rovers athletic wanderers albion fc club party council association union
    committee commission agency ministry department university college school institute
    bank group corporation company inc plc ltd research center centre foundation trust
    network studios records""".split()
)
_PLACE_LAST_WORDS = frozenset("airport station street road square river island port".split())


def name_type(
    label: str, words: list[str], before: str = "", plural: bool = False
) -> EntityType | None:
    """Type of a named entity from its NER label, corrected by what the name itself says: a title
    before it makes a person, an organisation or place word at its end an organisation or place, and
    a person is never "the ..." ("the Lib Dems") or an acronym ("BAA").
    `words`: the name's words; `before`: the word just before it; `plural`: its head is plural."""
    kind = ner_type(label, words)
    if before.lower() in PERSON_TITLES or (
        words and words[0].lower() in PERSON_TITLES and len(words) > 1
    ):
        return EntityType.PERSON
    if kind is EntityType.PERSON and (
        before.lower() == "the" or (len(words) == 1 and len(words[0]) >= 2 and words[0].isupper())
    ):
        # nobody is "the Lib Dems", and an acronym ("BAA") is not a person's name
        return EntityType.GROUP if plural else EntityType.ORGANIZATION
    last = words[-1].lower() if words else ""
    if (
        kind in {EntityType.PERSON, EntityType.PLACE, EntityType.PRODUCT, EntityType.WORK, None}
        and len(words) > 1
    ):
        if last in _ORGANISATION_LAST_WORDS:
            return ner_type("ORG", words)
        if last in _PLACE_LAST_WORDS and kind is not EntityType.PLACE:
            return EntityType.PLACE
    return kind


def head_type(head_lemma: str) -> EntityType | None:
    """Type implied by a head noun ("law" -> legislation); None for other nouns."""
    return HEAD_TYPES.get(head_lemma.lower())


def resolve_type(votes: Counter) -> EntityType:
    """One type per entity: the most votes (names weigh `NAME_WEIGHT`), ties by `TYPE_PRIORITY`.

    A specific type always beats `CONCEPT`, which only wins when nothing else was seen.
    """
    specific = {t: n for t, n in votes.items() if t is not EntityType.CONCEPT and n > 0}
    if not specific:
        return EntityType.CONCEPT
    best = max(specific.values())
    for kind in TYPE_PRIORITY:
        if specific.get(kind) == best:
            return kind
    return EntityType.CONCEPT
