"""Deterministic coreference within one document: a multi-pass sieve.

After Stanford's deterministic coreference system (Lee et al. 2013, CoreNLP `dcoref`): every
mention starts as its own cluster, and passes run from the most precise to the least. A pass
looks, for the first mention of each cluster (in text order), for an earlier cluster that meets
its one criterion, and merges the two only when nothing in either contradicts it: entity type,
number, gender, proper modifiers ("a French bank" vs "a German bank"), possessors ("her lawyers"
vs "his lawyers") or two different names. The pass that made each merge is recorded (`evidence`),
so `kg entities --explain` can say why two mentions are one thing.

Passes, in order:

1. speaker      "I", "we" inside a quotation are its speaker ('"We are pleased," said Acme')
2. exact        the same name; the same description word for word ("the deal" ... "the deal")
3. apposition   "Ann Lee, a director" / "X is the chief executive": the second describes the first
4. name         name variants: surname, first name (when unique), acronym, without its place word
                or company designator ("Telegraph Group" / "Telegraph")
5. head         a definite description whose head and modifiers the cluster has ("the ministry")
6. derived      a derivational head: "the consultancy" after "a consulting company"
7. relaxed-head "the overseas consultancy": the only earlier cluster with that head, no conflicting modifier
8. role         "the company", "the firm", "the striker": the only candidate of that kind nearby
9. pronoun      agreement in number, gender and animacy; salience and recency; within-sentence
                cataphora from a fronted phrase; a "he" in a quotation is not its speaker;
                pleonastic "it" (`extract.pleonastic`) is never resolved.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from extract.deps import (
    ACL,
    APPOS,
    ATTR,
    CCOMP,
    CONJ,
    DATIVE,
    DOBJ,
    FIRST_PERSON,
    NSUBJ,
    NSUBJPASS,
    OPRD,
    POSS,
    PRONOUNS_FEMALE,
    PRONOUNS_MALE,
    PRONOUNS_PLURAL,
    PRONOUNS_SINGULAR_THING,
    QUOTE_MARKS,
    RELATIVE_TAGS,
    RELCL,
    REPORTING_OR_BELIEF_VERBS,
    ROOT,
    VERB_POS,
    XCOMP,
)
from extract.entity_types import HEAD_TYPES, head_type
from extract.first_names import gender_of_first_name
from extract.mentions import MentionCandidate, acronym, normalise_name, place_possessor, stem
from extract.model import EntityType
from extract.parsed import ParsedDoc, Word
from extract.pleonastic import is_pleonastic
from extract.quotes import Quote, quote_of, quotes

_COLLECTIVE = frozenset({EntityType.ORGANIZATION, EntityType.GOVERNMENT_BODY, EntityType.GROUP})
_PRONOUN_WINDOW = 2  # sentences back
_ROLE_WINDOW = 6  # sentences back for "the company" -> the company named nearby

_MALE_TITLES = frozenset({"mr", "mr.", "sir", "lord", "mister", "king", "prince", "baron"})
_FEMALE_TITLES = frozenset(
    {"mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "madam", "queen", "princess", "baroness"}
)
_MALE_NOUNS = frozenset(
    "man boy father son brother husband king prince spokesman chairman businessman sportsman actor uncle nephew".split()
)
_FEMALE_NOUNS = frozenset(
    """woman girl mother daughter sister wife queen princess spokeswoman chairwoman businesswoman
    sportswoman actress aunt niece""".split()
)
#: Words after a name that only say what kind of organisation it is ("Telegraph Group").
_ORG_DESIGNATORS = frozenset(
    """group holdings holding international corporation corp company co inc plc ltd limited llc
    ag sa gmbh nv bv industries enterprises partners trust foundation party research center centre
    airport club fc bank airlines airways motors studios records cruises""".split()
)

#: Names of one country (a small world-knowledge table, not names from any text).
_COUNTRY_ALIASES = (
    frozenset({"uk", "britain", "great britain", "united kingdom"}),
    frozenset({"us", "usa", "u s", "united states", "united states of america", "america"}),
    frozenset({"eu", "european union"}),
    frozenset({"un", "united nations"}),
)

#: Names of one political party ("the Tories" are the Conservatives), as world knowledge.
_PARTY_ALIASES = (
    frozenset({"tory", "tories", "conservative", "conservatives", "conservative party"}),
    frozenset({"republican", "republicans", "republican party", "gop"}),
)


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"  # "tories" -> "tory"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]  # "oscars", "dems", "conservatives"
    return word


def _same_word(short: str, long: str, abbreviations: bool) -> bool:
    a, b = _singular(short), _singular(long)
    return a == b or (abbreviations and len(a) >= 3 and b.startswith(a))


@dataclass
class Cluster:
    """Mentions taken for one thing, with what the passes compare."""

    mentions: list[MentionCandidate] = field(default_factory=list)
    names: set[str] = field(default_factory=set)  # normalised names
    acronyms: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)  # stems of every content word
    name_words: set[str] = field(default_factory=set)  # stems of the words of its names
    heads: set[str] = field(default_factory=set)  # stems of its mentions' head nouns
    proper_modifiers: set[str] = field(default_factory=set)
    possessors: set[str] = field(default_factory=set)  # "his", "her", or the possessor's name
    genders: set[str] = field(default_factory=set)  # "m", "f"
    descriptions: list[str] = field(default_factory=list)  # appositions / predicate nominatives
    evidence: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # (pass, mention, antecedent)

    cache: dict = field(
        default_factory=dict, repr=False
    )  # type / plural / has_name, reset on every add

    @property
    def type(self) -> EntityType | None:
        if "type" not in self.cache:
            # the tagger types each mention of a name on its own: the longer names outvote the
            # short ones ("Jose Antonio Reyes" over a headline's "Reyes"), the first breaks ties
            votes: dict[EntityType, int] = {}
            for m in self.mentions:
                if m.kind == "name" and m.type is not None:
                    votes[m.type] = votes.get(m.type, 0) + len(m.text.split())
            if self.named_not_a_person:
                votes.pop(EntityType.PERSON, None)
            named = max(votes, key=lambda t: votes[t]) if votes else None
            self.cache["type"] = named or next(
                (m.type for m in self.mentions if m.type is not None), None
            )
        return self.cache["type"]

    @property
    def named_not_a_person(self) -> bool:
        """One mention the tagger called a person says it is not one ("the Aurora", "Manchester
        United"): nobody is called that, so its other mentions' person votes are void."""
        return any(
            m.kind == "name" and m.label == "PERSON" and m.type is not EntityType.PERSON
            for m in self.mentions
        )

    @property
    def plural(self) -> bool:
        if "plural" not in self.cache:
            # a headline's "Lib Dems" may be tagged singular: one use of the name as a group tells;
            # a person's name is never plural, whatever the tagger says of "Burgmans", "Mendes"
            described = next((m for m in self.mentions if m.kind != "pronoun"), None)
            self.cache["plural"] = any(
                m.kind == "name" and m.plural and m.type is EntityType.GROUP for m in self.mentions
            ) or (
                # "General Motors", "Reliance Industries" name one firm: a name is plural only
                # as a group ("the Lib Dems", "Tories")
                described is not None
                and described.plural
                and (described.kind != "name" or described.type in {EntityType.GROUP, None})
            )
        return self.cache["plural"]

    @property
    def has_name(self) -> bool:
        if "has_name" not in self.cache:
            self.cache["has_name"] = any(m.kind == "name" for m in self.mentions)
        return self.cache["has_name"]

    @property
    def first(self) -> MentionCandidate:
        """The first mention that is not a pronoun (a cluster always has one)."""
        if "first" not in self.cache:
            self.cache["first"] = next(m for m in self.mentions if m.kind != "pronoun")
        return self.cache["first"]


@dataclass
class _State:
    """The sieve's working data for one document."""

    doc: ParsedDoc
    mentions: list[MentionCandidate]
    quotes: list[Quote]
    clusters: dict[int, Cluster]  # cluster id -> cluster (ids are first-mention indices)
    of: dict[int, int]  # mention index -> cluster id (pronouns only once resolved)
    index_of_head: dict[int, int]  # head token -> mention index
    gender_of: dict[int, str | None]  # mention index -> "m", "f" or None
    possessor_of: dict[int, str]  # mention index -> possessor key
    places: frozenset[str] = frozenset()  # lower-cased place and nationality words of the document
    order: list[int] = field(default_factory=list)  # mention indices in text order
    by_sentence: dict[int, list[int]] = field(default_factory=dict)  # sentence -> mention indices
    proper_of: dict[int, frozenset[str]] = field(
        default_factory=dict
    )  # mention index -> proper modifiers
    indexes: dict[str, dict[object, list[int]]] = field(
        default_factory=dict
    )  # built once, see `_index`
    quote_starts: dict[int, int] | None = None  # speaker head -> first sentence of its quotation
    names_by_first_word: dict[str, set[str]] | None = None  # see `_names_starting`

    def cluster_of_head(self, head: int) -> Cluster | None:
        index = self.index_of_head.get(head)
        cid = self.of.get(index) if index is not None else None
        return self.clusters.get(cid) if cid is not None else None


def resolve(
    doc: ParsedDoc, mentions: list[MentionCandidate], spoken: list[Quote] | None = None
) -> tuple[list[Cluster], dict[int, int]]:
    """Cluster `mentions`; returns the clusters and a map head token -> cluster index.

    `spoken`: the document's quotations (`extract.quotes.quotes`), found here when not given.
    Unresolved pronouns are absent from the map.
    """
    state = _State(
        doc=doc,
        mentions=mentions,
        quotes=quotes(doc) if spoken is None else spoken,
        clusters={},
        of={},
        index_of_head={m.head: i for i, m in enumerate(mentions)},
        gender_of={i: _gender(doc, m) for i, m in enumerate(mentions)},
        possessor_of={},
        places=frozenset(w.lower_ for w in doc if w.ent_type_ in {"GPE", "NORP", "LOC"}),
        order=sorted(range(len(mentions)), key=lambda i: mentions[i].start),
    )
    for i, m in enumerate(mentions):
        state.by_sentence.setdefault(m.sentence, []).append(i)
    for i, m in enumerate(mentions):
        state.possessor_of[i] = _possessor(doc, m)
        state.proper_of[i] = _proper_modifiers(doc, m)
    for i, m in enumerate(mentions):
        if m.kind != "pronoun":
            state.clusters[i] = _new_cluster(state, i)
            state.of[i] = i
    for name, sieve_pass in PASSES:
        sieve_pass(state, name)
    ordered = sorted(state.clusters.items(), key=lambda kv: kv[1].mentions[0].start)
    position = {cid: n for n, (cid, _) in enumerate(ordered)}
    of_head = {mentions[i].head: position[cid] for i, cid in state.of.items()}
    return [c for _, c in ordered], of_head


# --- cluster bookkeeping -------------------------------------------------------


def _new_cluster(state: _State, index: int) -> Cluster:
    cluster = Cluster()
    _add(state, cluster, index)
    return cluster


def _add(state: _State, cluster: Cluster, index: int) -> None:
    doc, mention = state.doc, state.mentions[index]
    insort(cluster.mentions, mention, key=lambda m: m.start)
    cluster.cache.clear()
    if mention.kind == "pronoun":
        if mention.head_lemma in PRONOUNS_MALE:
            cluster.genders.add("m")
        elif mention.head_lemma in PRONOUNS_FEMALE:
            cluster.genders.add("f")
        return
    cluster.words |= mention.words
    cluster.heads.add(stem(mention.head_lemma))
    cluster.proper_modifiers |= state.proper_of[index]
    if state.possessor_of.get(index):
        cluster.possessors.add(state.possessor_of[index])
    gender = state.gender_of.get(index)
    if gender:
        cluster.genders.add(gender)
    if mention.kind == "name":
        cluster.names.add(normalise_name(mention.text))
        cluster.name_words |= mention.words
        initials = acronym(mention.text)
        if len(initials) >= 2:
            cluster.acronyms.add(initials)
        end = mention.end  # "Ministry of State Security (MSS)": the bracketed word is an alias
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
            short = doc[end + 1].text
            if short.isupper() and 2 <= len(short) <= 8:
                cluster.acronyms.add(short)


def _merge(
    state: _State, into: int, other: int, pass_name: str, index: int, antecedent: int
) -> None:
    """Merge cluster `other` into cluster `into`, recording why."""
    a, b = state.clusters[into], state.clusters.pop(other)
    for m in b.mentions:
        i = state.index_of_head[m.head]
        _add(state, a, i)
        state.of[i] = into
    a.descriptions.extend(b.descriptions)
    a.evidence.extend(b.evidence)
    a.evidence.append((pass_name, state.mentions[index].text, state.mentions[antecedent].text))


def _attach_pronoun(state: _State, cid: int, index: int, pass_name: str, antecedent: int) -> None:
    _add(state, state.clusters[cid], index)
    state.of[index] = cid
    state.clusters[cid].evidence.append(
        (pass_name, state.mentions[index].text, state.mentions[antecedent].text)
    )


def _compatible(
    state: _State, a: Cluster, b: Cluster, *, names_may_differ: bool = False, types: bool = True
) -> bool:
    """Nothing in either cluster contradicts their being one thing."""
    if types and not _compatible_types(a.type, b.type):
        return False
    if a.genders and b.genders and not a.genders & b.genders:
        return False
    if not (a.has_name or b.has_name) and a.plural != b.plural:
        return False
    for x, y in ((a, b), (b, a)):
        if x.plural and not x.has_name and y.has_name and not y.plural and y.type is not None:
            return False  # "the main political parties" are not the Labour Party
    if (
        a.proper_modifiers
        and b.proper_modifiers
        and not (
            a.proper_modifiers <= b.words | b.proper_modifiers
            or b.proper_modifiers <= a.words | a.proper_modifiers
        )
    ):
        return False  # "the French company" is not "a Chinese company"
    if a.possessors and b.possessors and not a.possessors & b.possessors:
        return False  # "her lawyers" are not "his lawyers"
    return names_may_differ or not (a.names and b.names and not a.names & b.names)


def _compatible_types(a: EntityType | None, b: EntityType | None) -> bool:
    if a is None or b is None or a is b:
        return True
    if EntityType.CONCEPT in {a, b}:
        return True
    return {a, b} <= _COLLECTIVE  # an agency described as an organisation


def _gender(doc: ParsedDoc, mention: MentionCandidate) -> str | None:
    if mention.kind == "pronoun":
        return (
            "m"
            if mention.head_lemma in PRONOUNS_MALE
            else "f"
            if mention.head_lemma in PRONOUNS_FEMALE
            else None
        )
    before = doc[mention.start - 1].lower_ if mention.start > 0 else ""
    first = doc[mention.start].lower_ if _in_head_phrase(doc, mention.start, mention.head) else ""
    for word in (before, first):
        if word in _MALE_TITLES:
            return "m"
        if word in _FEMALE_TITLES:
            return "f"
    head = mention.head_lemma
    if head in _MALE_NOUNS:
        return "m"
    if head in _FEMALE_NOUNS:
        return "f"
    words = [t for t in doc[mention.start : mention.end] if t.is_alpha]
    if mention.kind == "name" and mention.type is EntityType.PERSON and len(words) >= 2:
        return gender_of_first_name(words[0].text)  # "Jade Johnson"
    return None


def _in_head_phrase(doc: ParsedDoc, index: int, head: int) -> bool:
    """Whether a word describes the mention's head, not a possessor inside the mention: "Mr" in
    "Mr Blunkett" does, in "Mr Blunkett's word" it is Blunkett's, and the word is no man."""
    token = doc[index]
    for _ in range(8):
        if token.i == head:
            return True
        if token.dep_ == POSS or token.head.i == token.i:
            return False
        token = token.head
    return False


def _possessor(doc: ParsedDoc, mention: MentionCandidate) -> str:
    """Who owns the mention ("his" in "his lawyers", "Acme" in "Acme's lawyers"), as a key."""
    if mention.kind in {"pronoun", "name"}:
        return ""
    for child in doc[mention.head].children:
        if child.dep_ == POSS:
            if child.lower_ in PRONOUNS_MALE:
                return "his"
            if child.lower_ in PRONOUNS_FEMALE:
                return "her"
            return child.lower_.removesuffix("'s").removesuffix("’s")
    return ""


def _proper_modifiers(doc: ParsedDoc, mention: MentionCandidate) -> frozenset[str]:
    """Nationality / place / name modifiers of a description ("Chinese" in "a Chinese company")."""
    if mention.kind in {"name", "pronoun"}:
        return frozenset()
    return frozenset(
        stem(t.text)
        for t in doc[mention.start : mention.end]
        if t.i != mention.head
        and (t.ent_type_ in {"NORP", "GPE", "ORG", "PERSON"} or t.pos_ == "PROPN")
    )


def _seekers(state: _State, kinds: frozenset[str] | None = None) -> Iterator[tuple[int, int]]:
    """(mention index, cluster id) for the first mention of each cluster, in text order."""
    firsts = sorted((state.index_of_head[c.first.head], cid) for cid, c in state.clusters.items())
    for index, cid in firsts:
        current = state.clusters.get(cid)
        if (
            current is not None
            and current.first is state.mentions[index]
            and (kinds is None or state.mentions[index].kind in kinds)
        ):
            yield index, cid


def _first_names(state: _State) -> list[tuple[int, int]]:
    """(mention index, cluster id) for the first name of each cluster that has one, in text order:
    a cluster an apposition began with a description ("an incredibly strong track record," Mr
    Champion) still seeks the other forms of its name."""
    firsts = []
    for cid, c in state.clusters.items():
        named = [m for m in c.mentions if _name_like(state, m)]
        if named:
            firsts.append((state.index_of_head[min(named, key=lambda m: m.start).head], cid))
    return sorted(firsts)


def _earlier(
    state: _State, index: int, cid: int, pool: list[int] | None = None
) -> list[tuple[int, Cluster]]:
    """Clusters with a mention before mention `index` (among the mention indices `pool`, sorted by
    position, when given), the most recent first."""
    start = state.mentions[index].start
    if pool is None:
        pool = state.order
    latest: dict[int, int] = {}
    for j in pool[: bisect_left(pool, start, key=lambda k: state.mentions[k].start)]:
        other = state.of.get(j)
        if other is not None and other != cid:
            latest[other] = state.mentions[j].start  # the pool is in text order: the last one wins
    return [(other, state.clusters[other]) for other in sorted(latest, key=lambda o: -latest[o])]


def _index(
    state: _State, keys: Callable[[MentionCandidate], Iterable], name: str
) -> dict[object, list[int]]:
    """key -> indices of the (non-pronoun) mentions with that key, in text order (built once per document)."""
    if name in state.indexes:
        return state.indexes[name]
    out: dict[object, list[int]] = defaultdict(list)
    state.indexes[name] = out
    for i in state.order:
        m = state.mentions[i]
        if m.kind != "pronoun":
            for key in keys(m):
                out[key].append(i)
    return out


def _contains(doc: ParsedDoc, mention: MentionCandidate, index: int) -> bool:
    """i-within-i: word `index` is inside the phrase `mention` heads ("a post on its account")."""
    head = doc[mention.head]
    if not head.left_edge.i <= index <= head.right_edge.i:
        return False
    # a coordinated phrase is not inside its first conjunct: "spy agencies and their surrogates";
    # a clause that describes the noun may speak of it: "an officer who risked his life"
    return not any(
        c.left_edge.i <= index <= c.right_edge.i
        and (c.dep_ in {CONJ, "cc"} or _describes(c) and doc[index].head is not c)
        for c in head.children
    )


def _describes(clause: Word) -> bool:
    """A relative clause about its noun, or a participle with no subject of its own ("athletes showing their
    form", "a firm owned by its staff"); not "a law to govern its banks", "reports Chelsea will
    renew their bid", "the revelation that Shell had inflated its reserves"."""
    if clause.dep_ == RELCL:  # whose subject is the relative pronoun: "who", "which", "that"
        return any(
            c.dep_ in {NSUBJ, NSUBJPASS} and c.tag_ in RELATIVE_TAGS for c in clause.children
        )
    return (
        clause.dep_ == ACL
        and clause.tag_ in {"VBG", "VBN"}
        and not any(c.dep_ in {NSUBJ, NSUBJPASS} for c in clause.children)
    )


def _nested(a: MentionCandidate, b: MentionCandidate) -> bool:
    return a.start < b.end and b.start < a.end


# --- passes --------------------------------------------------------------------


def _speaker_pass(state: _State, name: str) -> None:
    """An "I" or "we" inside a quotation is the quotation's speaker; a "we" said by a person is the
    organisation the text ties them to ("Acme chairman Ann Lee", "Ann Lee, Acme's chief"), if any.

    Runs twice: first, and again after the pronoun pass, for quotations whose speaker is a pronoun
    ('"I wish I was playing there," he added') or a description resolved in between."""
    for index, m in enumerate(state.mentions):
        if m.kind != "pronoun" or m.head_lemma not in FIRST_PERSON or index in state.of:
            continue
        quote = quote_of(state.quotes, m.head)
        if quote is None or quote.speaker is None:
            continue
        speaker_index = state.index_of_head.get(quote.speaker)
        if speaker_index is None:
            continue
        cid = state.of.get(speaker_index)
        if cid is None:
            continue
        target = state.clusters[cid]
        singular = m.head_lemma in {"i", "me", "my", "mine", "myself"}
        if singular and target.type not in {EntityType.PERSON, None}:
            continue  # "I" is a person, never "the ministry"
        if not singular and target.type is EntityType.PERSON:
            # "we" said by one person is their side, not the person
            side = _affiliation(state, cid)
            cid = side if side is not None else _topic_organisation(state, cid, m.start)
            if cid is None:
                continue
        elif not singular and target.type in {None, EntityType.CONCEPT}:
            # an untyped speaker with an organisation ("Sky Networks' Sophie Turner Laing") is a
            # person speaking for it; without one it may be the organisation itself
            side = _affiliation(state, cid)
            cid = side if side is not None else cid
        _attach_pronoun(state, cid, index, name, speaker_index)


def _holds_a_role(state: _State, cluster: Cluster) -> bool:
    """The person is described by a role ("co-chairman Antony Burgmans", "Ann Lee, the chief executive")."""
    doc = state.doc
    for m in cluster.mentions:
        if m.kind == "pronoun":
            continue
        head = doc[m.head]
        related = [c for c in head.children if c.dep_ in {"compound", APPOS}]
        if m.kind != "name" and HEAD_TYPES.get(m.head_lemma) is EntityType.PERSON:
            return True
        if any(
            HEAD_TYPES.get(c.lemma_.lower()) is EntityType.PERSON and c.pos_ == "NOUN"
            for c in related
        ):
            return True
    return False


def _topic_organisation(state: _State, cid: int, before: int) -> int | None:
    """ "We have lost market share," said Mr Cescau (Unilever's co-chairman): with no organisation
    named with the person, the one the story is about so far, if the person holds a role and one named
    organisation has been mentioned at least three times and twice as often as any other."""
    if not _holds_a_role(state, state.clusters[cid]):
        return None
    counts = []
    for other, c in state.clusters.items():
        if other != cid and c.has_name and c.type in _COLLECTIVE:
            n = sum(1 for x in c.mentions if x.start < before)
            if n:
                counts.append((n, other))
    counts.sort(reverse=True)
    if not counts or counts[0][0] < 3 or (len(counts) > 1 and counts[0][0] < 2 * counts[1][0]):
        return None
    return counts[0][1]


def _owner_before_role(doc: ParsedDoc, start: int) -> list[int]:
    """ "talking to Real Madrid sporting director Emilio Butragueno", parsed with the club as a
    phrase of its own: the name just before the lower-case role words that open the mention."""
    i = start
    while i < len(doc) and doc[i].pos_ in {"NOUN", "ADJ"} and doc[i].lower_ == doc[i].text:
        i += 1  # the role words inside the mention: "sporting director"
    if i == start or head_type(doc[i - 1].lemma_) is not EntityType.PERSON or start == 0:
        return []
    owner = doc[start - 1]
    return [owner.i] if owner.pos_ == "PROPN" else []


def _affiliation(state: _State, cid: int) -> int | None:
    """The named organisation a person's own mentions tie them to: a modifier ("Unilever chairman
    Antony Burgmans", "Acme's chief executive") or an apposition ("Ann Lee, head of Acme")."""
    doc = state.doc
    cluster = state.clusters[cid]
    for m in cluster.mentions:
        if m.kind == "pronoun":
            continue
        head = doc[m.head]
        words = list(range(head.left_edge.i, head.right_edge.i + 1))
        for child in head.children:
            if child.dep_ == APPOS:
                words.extend(range(child.left_edge.i, child.right_edge.i + 1))
        words.extend(_owner_before_role(doc, head.left_edge.i))
        for i in sorted(set(words), key=lambda i: abs(i - m.head)):
            other = state.cluster_of_head(i)
            if (
                other is None
                or other is cluster
                or not other.has_name
                or other.type not in _COLLECTIVE
                or doc[i].ent_type_ == "NORP"  # "Dutch co-chairman X": a nationality, not a side
            ):
                continue
            return state.of[state.index_of_head[i]]
    return None


def _exact_pass(state: _State, name: str) -> None:
    """The same name, or the same description word for word (not an indefinite one)."""
    # a name, or the same capitalised words the tagger did not call a name ("Sky" in a headline)
    names = _index(
        state,
        lambda m: (
            [normalise_name(m.text)]
            if m.kind == "name" or (m.kind in {"bare", "definite"} and m.text[:1].isupper())
            else []
        ),
        "names",
    )
    descriptions = _index(
        state,
        lambda m: [(m.words, m.head_lemma)] if m.kind != "name" and m.words else [],
        "descriptions",
    )
    for index, cid in list(
        _seekers(state, frozenset({"name", "definite", "demonstrative", "bare"}))
    ):
        m = state.mentions[index]
        # "Labour on Monday postponed ...": one capitalised word the tagger did not call a name
        # is still the name it spells
        named = m.kind == "name" or (m.kind == "bare" and _name_like(state, m))
        if m.kind == "name":
            pool = names.get(normalise_name(m.text), [])
        else:
            pool = descriptions.get((m.words, m.head_lemma), [])
            if named:
                pool = sorted(
                    set(pool) | set(names.get(normalise_name(m.text), [])),
                    key=lambda j: state.mentions[j].start,
                )
        for other, c in _earlier(state, index, cid, pool):
            hit = True
            # the same name is the same thing whatever the tagger guessed for each mention's type
            same_name_ok = (m.kind == "name" or (named and c.has_name)) and not (
                c.genders
                and state.clusters[cid].genders
                and not c.genders & state.clusters[cid].genders
            )
            if hit and (same_name_ok or _compatible(state, c, state.clusters[cid])):
                _merge(state, other, cid, name, index, state.index_of_head[c.first.head])
                break


def _apposition_pass(state: _State, name: str) -> None:
    """ "X, a Y" and "X is the Y": the second noun phrase describes the first (an alias or a description)."""
    doc = state.doc
    for index, cid in list(_seekers(state)):
        m = state.mentions[index]
        head = doc[m.head]
        anchor = None
        if head.dep_ == APPOS:
            anchor = head.head
        elif head.dep_ == OPRD and _names_a_noun(head.head):
            anchor = head.head.head  # "a trade group called The Travel Partnership"
        elif head.dep_ == ATTR and head.head.lemma_ == "be":
            subjects = [c for c in head.head.children if c.dep_ in {NSUBJ, NSUBJPASS}]
            anchor = subjects[0] if subjects else None
            if anchor is not None and any(c.dep_ == CONJ for c in anchor.children):
                anchor = None  # "McEwan and Atwood are the only nominees": both, not the first
        if anchor is None or anchor.i not in state.index_of_head:
            continue
        if head.dep_ == APPOS and any(
            t.text in QUOTE_MARKS for t in doc[min(anchor.i, head.i) : max(anchor.i, head.i)]
        ):
            continue  # '"... a strong track record," Mr Champion': a quotation ends between them
        other_index = state.index_of_head[anchor.i]
        other = state.of.get(other_index)
        if other is None or other == cid:
            continue
        a, b = state.clusters[other], state.clusters[cid]
        if b.has_name and a.has_name:
            continue  # two names side by side ("Frederick and David") are two things
        if _nested(m, state.mentions[other_index]) and head.dep_ != APPOS:
            continue
        if not _compatible(state, a, b):
            continue
        if m.kind == "indefinite" or (m.kind == "bare" and not b.has_name):
            a.descriptions.append(m.text)
        named = state.mentions[other_index]
        if head.dep_ == OPRD and named.kind == "indefinite":
            a.descriptions.append(named.text)  # "a trade group called X": X is a trade group
        _merge(state, other, cid, name, index, other_index)


#: Participles that give the noun they modify a name: "a group called X", "a charity named X".
_NAMING_PARTICIPLES = frozenset({"call", "name", "dub", "title", "christen"})


def _names_a_noun(verb: Word) -> bool:
    return (
        verb.dep_ == ACL
        and verb.tag_ == "VBN"
        and verb.lemma_ in _NAMING_PARTICIPLES
        and verb.head.pos_ in {"NOUN", "PROPN"}
    )


def _name_pass(state: _State, name: str) -> None:
    """Name variants: surname, first name when unique, acronym, name without its place word or designator."""
    keys = _index(
        state, lambda m: _name_keys(state, m) if _name_like(state, m) else (), "name-keys"
    )
    for index, cid in _first_names(state):
        if state.of.get(index) != cid:
            continue  # merged into an earlier cluster meanwhile
        m = state.mentions[index]
        key = normalise_name(m.text)
        words = key.split()
        if not words:
            continue
        text = m.text.strip()
        # only names sharing a word or an acronym with this one can be its variants
        pool = sorted(
            {j for k in _name_keys(state, m) for j in keys.get(k, ())},
            key=lambda j: state.mentions[j].start,
        )
        found = None
        for other, c in _earlier(state, index, cid, pool):
            variant = _name_variant(key, words, text, m, c, state) or _shorter_name_first(
                key, words, m, c
            )
            if variant:
                found = (other, c, variant)  # the most recent such cluster
                break
        if found is None:
            continue
        other, c, variant = found
        if variant == "person" and _described_as_a_thing(state.clusters[cid]):
            continue  # "the Ray Charles biopic, Ray": the film is not the man
        if variant == "person" and _peerages(state, c) != _peerages(state, state.clusters[cid]):
            continue  # "Lord Roberts" (of Conwy) is not "Sion Aubrey Roberts"
        # a person's surname or first name alone, or a name in another form: the tagger's type for
        # the other form is often wrong
        if _compatible(
            state,
            c,
            state.clusters[cid],
            names_may_differ=True,
            types=variant not in {"person", "form", "short", "alias"},
        ):
            _merge(state, other, cid, name, index, state.index_of_head[c.first.head])


#: Titles of peers: "Lord Roberts" is a peer's name of its own, not any Roberts's surname.
_PEERAGE_TITLES = frozenset(
    {"lord", "lady", "baroness", "baron", "earl", "viscount", "viscountess"}
)


def _peerages(state: _State, cluster: Cluster) -> frozenset[str]:
    """The peerage titles the cluster's names are written with ("Lord Roberts of Conwy")."""
    found = set()
    for m in cluster.mentions:
        if m.kind != "name":
            continue
        first = state.doc[m.start].lower_
        before = state.doc[m.start - 1].lower_ if m.start > 0 else ""
        found |= {first, before} & _PEERAGE_TITLES
    return frozenset(found)


def _described_as_a_thing(cluster: Cluster) -> bool:
    """A description in the cluster says it is a kind of thing that is not a person."""
    return any(
        x.kind not in {"name", "pronoun"}
        and HEAD_TYPES.get(x.head_lemma) not in {None, EntityType.PERSON}
        for x in cluster.mentions
    )


def _name_like(state: _State, m: MentionCandidate) -> bool:
    """A name, or one capitalised word the tagger did not call one ("Mendes" tagged a plural noun)."""
    if m.kind == "name":
        return True
    return (
        m.kind == "bare"
        and m.end - m.start == 1
        and state.doc[m.start].text.istitle()
        and state.doc[m.start].is_alpha
    )


def _name_keys(state: _State, m: MentionCandidate) -> set:
    """The words of a name and its acronym forms, which any variant of it shares."""
    text = m.text.strip()
    words = normalise_name(m.text).split()
    keys: set = set(words) | {_singular(w) for w in words}
    if words:
        keys.add(("prefix", words[0][:3]))  # "Lib Dems" / "Liberal Democrats"
    joined = " ".join(words)
    for kind, table in (("alias", _COUNTRY_ALIASES), ("party", _PARTY_ALIASES)):
        keys |= {(kind, n) for n, aliases in enumerate(table) if joined in aliases}
    keys |= {("acronym", text), ("acronym", text.replace(".", "")), ("acronym", acronym(m.text))}
    if len(words) == 1 and len(text) >= 4 and text.istitle():
        keys.add(("acronym", text.upper()))  # "Icann" is written for "ICANN"
    end = m.end  # "World Health Organization (WHO)"
    doc = state.doc
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
        keys.add(("acronym", doc[end + 1].text))
    return keys


def _name_variant(
    key: str, words: list[str], text: str, m: MentionCandidate, c: Cluster, state: _State
) -> str:
    """How mention `m` names the thing of cluster `c`: "acronym", "person" (surname or first name),
    "alias" (another name of a country), "form" (the same words in another form), "short" (without
    a designator, place or number word), or "" when it does not."""
    if _acronym_variant(words, text, m, c):
        return "acronym"
    person = _person_variant(key, words, m, c, state)
    if person is not None:
        return person  # "" when other people share the first name: no other variant counts
    if _country_alias(key, m, c) or _party_alias(key, m, c):
        return "alias"  # "UK" / "Britain", "the Tories" / "the Conservatives"
    if _spelling_variant(words, m, c):
        return "person"  # "Viktor Makarov" / "Victor Makarov"
    if _other_form(words, m, c):
        return "form"
    if _short_variant(words, m, c, state):
        return "short"
    return ""


def _acronym_variant(words: list[str], text: str, m: MentionCandidate, c: Cluster) -> bool:
    """`m` is an acronym of a name of `c` ("WHO", "U.S."), or the words an acronym of `c` stands
    for ("United Kingdom" after "UK")."""
    if text in c.acronyms or (
        text.isupper() and len(text) >= 2 and text.replace(".", "") in c.acronyms
    ):
        return True
    if len(words) == 1 and len(text) >= 4 and text.istitle() and text.upper() in c.acronyms:
        return True  # "Icann", "Nasa": an acronym written as a word
    return len(words) >= 2 and acronym(m.text) in {n.upper() for n in c.names}


def _person_variant(
    key: str, words: list[str], m: MentionCandidate, c: Cluster, state: _State
) -> str | None:
    """One word naming a person of `c` by surname ("person"), or by first name when no other
    person in the document has it ("person"; "" when one does: the name is ambiguous). None when
    `m` is not one word that could name a person."""
    person = m.type is not EntityType.PLACE  # the tagger often calls a bare surname an organisation
    titled = (
        bool(state.gender_of.get(state.index_of_head.get(m.head, -1)))
        and m.type is EntityType.PERSON
    )
    if not (
        person
        and (c.type is EntityType.PERSON or (titled and c.type not in _COLLECTIVE))
        and len(words) == 1
    ):
        return None
    if any(len(n.split()) > 1 and n.split()[-1] == key for n in c.names):
        return "person"  # surname
    if any(len(n.split()) > 1 and n.split()[0] == key for n in c.names):
        # a first name alone only when no other person in the document has it
        others = [
            x
            for x in state.clusters.values()
            if x is not c
            and x.type is EntityType.PERSON
            and any(len(n.split()) > 1 and n.split()[0] == key for n in x.names)
        ]
        return "" if others else "person"
    return None


def _party_alias(key: str, m: MentionCandidate, c: Cluster) -> bool:
    """A party named by another of its names: "the Tories" / "the Conservative Party"."""
    if EntityType.PERSON in {m.type, c.type} or EntityType.PLACE in {m.type, c.type}:
        return False
    return _another_name_in(_PARTY_ALIASES, key, c)


def _another_name_in(table: tuple[frozenset[str], ...], key: str, c: Cluster) -> bool:
    """`key` and another of the cluster's names are one row of the alias `table`."""
    return any(n != key and n in aliases and key in aliases for aliases in table for n in c.names)


def _spelling_variant(words: list[str], m: MentionCandidate, c: Cluster) -> bool:
    """One person's full name spelt two ways, the surname the same and the first name one letter
    apart ("Viktor" / "Victor", "Mohammad" / "Mohammed"): a transliteration, not another person."""
    if m.type is not EntityType.PERSON or c.type is not EntityType.PERSON or len(words) < 2:
        return False
    if any(
        x.sentence == m.sentence and len(normalise_name(x.text).split()) == len(words)
        for x in c.mentions
        if x.kind == "name"
    ):
        return False  # "Anna Berg met Anne Berg": two spellings side by side are two people
    for n in c.names:
        other = n.split()
        if len(other) != len(words) or other[1:] != words[1:]:
            continue
        a, b = words[0], other[0]
        genders = {gender_of_first_name(a), gender_of_first_name(b)} - {None}
        if len(genders) > 1:
            continue  # "Mario" / "Maria"
        if (
            len(a) == len(b) >= 4
            and a[0] == b[0]
            and sum(x != y for x, y in zip(a, b, strict=True)) == 1
        ):
            return True
    return False


def _country_alias(key: str, m: MentionCandidate, c: Cluster) -> bool:
    """A place or group named by another of its country's names: "UK" / "Britain"."""
    places = {m.type, c.type} & {EntityType.PLACE, EntityType.GROUP}
    return bool(places) and _another_name_in(_COUNTRY_ALIASES, key, c)


def _other_form(words: list[str], m: MentionCandidate, c: Cluster) -> bool:
    """The same name in another form, word for word: "Tory" / "Tories", "Lib Dems" / "Liberal
    Democrats" (abbreviations only in a name of several words; never a place and a non-place)."""
    one_place = EntityType.PLACE in {m.type, c.type} and m.type is not c.type
    abbreviated = len(words) > 1
    for n in c.names:
        other = n.split()
        if len(other) != len(words) or other == words or one_place:
            continue
        if all(
            _same_word(a, b, abbreviated) or _same_word(b, a, abbreviated)
            for a, b in zip(words, other, strict=True)
        ):
            return True
    return False


def _short_variant(words: list[str], m: MentionCandidate, c: Cluster, state: _State) -> bool:
    """A collective's or place's name and a shorter form of it, either way round: without a
    designator, without a leading place or number word, or its first word alone."""
    if not (m.type in _COLLECTIVE or m.type is EntityType.PLACE or c.type in _COLLECTIVE):
        return False
    for n in c.names:
        longer, shorter = (n.split(), words) if len(n.split()) > len(words) else (words, n.split())
        if len(shorter) == len(longer) or not shorter:
            continue
        if _without_designator(longer, shorter) or _without_place_or_number(longer, shorter, state):
            return True
        short_is_here = shorter is words
        short_type = m.type if short_is_here else c.type
        long_type = c.type if short_is_here else m.type
        if _first_word_alone(longer, shorter, short_type, long_type, state):
            return True
    return False


def _without_designator(longer: list[str], shorter: list[str]) -> bool:
    """ "Telegraph Group" / "Telegraph", "Conservatives" / "Conservative Party": the longer name is
    the shorter one (singular or plural) plus organisation designators."""
    singular = [_singular(w) for w in longer]
    return [_singular(w) for w in shorter] == singular[: len(shorter)] and set(
        longer[len(shorter) :]
    ) <= _ORG_DESIGNATORS


def _without_place_or_number(longer: list[str], shorter: list[str], state: _State) -> bool:
    """ "US Carnival" / "Carnival", "2005 Academy Awards" / "Academy Awards": the longer name is
    the shorter one after place names or numbers."""
    extra = longer[: len(longer) - len(shorter)]
    return longer[len(extra) :] == shorter and all(w.isdigit() or w in state.places for w in extra)


def _first_word_alone(
    longer: list[str],
    shorter: list[str],
    short_type: EntityType | None,
    long_type: EntityType | None,
    state: _State,
) -> bool:
    """ "Real" / "Real Madrid", "Cotonsport" / "Cotonsport Garoua": a collective's first word
    alone, when it is not a place or group and no other longer name in the document starts with
    it ("Reliance Energy" and "Reliance Industries"). Not when the longer name is a group named
    after its first word ("The Guardian" / "Guardian Media Group")."""
    return (
        len(shorter) == 1
        and longer[0] == shorter[0]
        and long_type in _COLLECTIVE
        and short_type not in {EntityType.PLACE, EntityType.GROUP}
        and shorter[0] not in _ORG_DESIGNATORS  # "Group" alone is not "Group A"
        and not (len(longer) > 2 and longer[-1] in _ORG_DESIGNATORS)
        and _names_starting(state, shorter[0]) <= {" ".join(longer)}
    )


def _names_starting(state: _State, word: str) -> set[str]:
    """The names of more than one word in the document that start with `word`."""
    if state.names_by_first_word is None:
        owners: dict[str, set[str]] = defaultdict(set)
        for m in state.mentions:
            if m.kind == "name":
                parts = normalise_name(m.text).split()
                if len(parts) > 1:
                    owners[parts[0]].add(" ".join(parts))
        state.names_by_first_word = owners
    return state.names_by_first_word.get(word, set())


def _shorter_name_first(key: str, words: list[str], m: MentionCandidate, c: Cluster) -> str:
    """A headline's "Howard" before the body's "Michael Howard": the earlier cluster is the surname alone."""
    if len(words) < 2 or m.type is not EntityType.PERSON or c.type is EntityType.PLACE:
        return ""
    if not c.names:
        return ""  # "Police" (a bare word) has no surname to be
    return "person" if all(len(n.split()) == 1 and n == words[-1] for n in c.names) else ""


def _head_pass(state: _State, name: str) -> None:
    """A definite description whose head noun and every modifier an earlier cluster has."""
    heads = _index(state, _head_keys, "heads")
    for index, cid in list(_seekers(state, frozenset({"definite", "demonstrative"}))):
        m = state.mentions[index]
        head = stem(m.head_lemma)
        best = None
        title = _is_title(state, m)
        for other, c in _earlier(state, index, cid, heads.get(head, [])):
            if head not in c.heads and head not in c.name_words:
                continue
            if title and not _described_as(c, head):
                continue
            if not m.modifiers <= c.words:
                continue
            if any(_nested(m, x) for x in c.mentions):
                continue
            if _compatible(state, c, state.clusters[cid]):
                best = (other, c)
                break
        if best is not None:
            _merge(state, best[0], cid, name, index, state.index_of_head[best[1].first.head])


#: Sentences back a bare plural looks for the set it names again.
_SET_WINDOW = 5
#: Words that count a set rather than describe it ("more people", "several firms").
_AMOUNT_WORDS = frozenset("more fewer less most many several few numerous".split())


def _counts_a_set(state: _State, m: MentionCandidate) -> bool:
    """A number, an amount word or a comparative before the head: "more people", "34 searches"."""
    return any(
        t.pos_ == "NUM" or t.lower_ in _AMOUNT_WORDS or t.tag_ in {"JJR", "JJS", "RBR"}
        for t in state.doc[m.start : m.head]
    )


def _bare_plural_pass(state: _State, name: str) -> None:
    """ "searchers" ... "all searchers", "music players" ... "portable music players": a bare
    plural whose head an earlier plural description has, with no word the earlier one lacks
    (or, the other way round, the earlier one's words all in it), joins it. Not with a number,
    a possessor or a word that picks out another set ("other users")."""
    heads = _index(state, _head_keys, "heads")
    for index, cid in list(_seekers(state, frozenset({"bare"}))):
        m = state.mentions[index]
        if not m.plural or state.doc[m.head].pos_ != "NOUN" or _possessor(state.doc, m):
            continue
        own = {stem(w) for w in m.modifiers}
        if (
            own & _PICKS_ANOTHER
            or _counts_a_set(state, m)
            or any(
                t.pos_ == "PROPN" or t.ent_type_ or t.tag_ == "WDT"
                for t in state.doc[m.start : m.head]
            )
            or any(c.dep_ in {"prep", "relcl", "acl"} for c in state.doc[m.head].children)
        ):
            continue  # "more people", "Lib Dem officials", "calls to mobiles": another set
        head = stem(m.head_lemma)
        for other, c in _earlier(state, index, cid, heads.get(head, [])):
            if m.sentence - max(x.sentence for x in c.mentions if x.start < m.start) > _SET_WINDOW:
                continue  # a set named long before is another one ("spy agencies" of a law)
            if c.has_name or not c.plural or head not in c.heads:
                continue
            if any(_nested(m, x) for x in c.mentions):
                continue
            if any(_counts_a_set(state, x) for x in c.mentions if x.kind != "pronoun"):
                continue  # "people" is not the "more people" of an earlier sentence
            theirs = set().union(*(x.modifiers for x in c.mentions if x.kind != "pronoun"))
            if not (own <= c.words or {stem(w) for w in theirs} <= own):
                continue
            if _compatible(state, c, state.clusters[cid]):
                _merge(state, other, cid, name, index, state.index_of_head[c.first.head])
            break  # only the most recent such set


def _is_title(state: _State, m: MentionCandidate) -> bool:
    """ "The Times", "The Guardian": a definite description whose head is a proper noun that names
    no kind of thing is a title of its own, not the "Times" of "Financial Times" ("the Ministry"
    still is the "Ministry of State Security")."""
    return state.doc[m.head].pos_ == "PROPN" and HEAD_TYPES.get(m.head_lemma) is None


def _described_as(cluster: Cluster, head: str) -> bool:
    """A description (not a name) in the cluster has this head: what a title may still join."""
    return any(
        x.kind not in {"name", "pronoun"} and stem(x.head_lemma) == head for x in cluster.mentions
    )


def _head_keys(m: MentionCandidate) -> set[str]:
    return {stem(m.head_lemma)} | (set(m.words) if m.kind == "name" else set())


def _derived_pass(state: _State, name: str) -> None:
    """ "the consultancy" after "a consulting company": the head is the earlier one's modifier, same kind."""
    words = _index(state, lambda m: m.words, "words")
    for index, cid in list(_seekers(state, frozenset({"definite", "demonstrative"}))):
        m = state.mentions[index]
        head = stem(m.head_lemma)
        kind = HEAD_TYPES.get(m.head_lemma)
        if kind is None:
            continue
        for other, c in _earlier(state, index, cid, words.get(head, [])):
            if head not in c.words or not m.modifiers <= c.words | {head}:
                continue
            if not any(
                HEAD_TYPES.get(x.head_lemma) is kind for x in c.mentions if x.kind != "pronoun"
            ):
                continue
            if any(_nested(m, x) for x in c.mentions):
                continue
            if _compatible(state, c, state.clusters[cid]):
                _merge(state, other, cid, name, index, state.index_of_head[c.first.head])
                break


def _relaxed_head_pass(state: _State, name: str) -> None:
    """ "the overseas consultancy" after "a consulting company" and "the consultancy": a definite
    description whose head (or derived head) only one earlier cluster has, with no conflicting modifier."""
    heads = _index(state, _head_keys, "heads")
    words = _index(state, lambda m: m.words, "words")
    for index, cid in list(_seekers(state, frozenset({"definite", "demonstrative"}))):
        m = state.mentions[index]
        head = stem(m.head_lemma)
        kind = HEAD_TYPES.get(m.head_lemma)
        pool = sorted(
            set(heads.get(head, [])) | set(words.get(head, [])),
            key=lambda i: state.mentions[i].start,
        )
        same = [
            (other, c)
            for other, c in _earlier(state, index, cid, pool)
            if (
                head in c.heads
                or head in c.name_words
                or (
                    head in c.words
                    and kind is not None
                    and any(HEAD_TYPES.get(x.head_lemma) is kind for x in c.mentions)
                )
            )
            and not any(_nested(m, x) for x in c.mentions)
            and (not _is_title(state, m) or _described_as(c, head))
        ]
        if len(same) != 1:
            continue
        other, c = same[0]
        own = {stem(w) for w in m.modifiers}
        if own & c.proper_modifiers or not _compatible(state, c, state.clusters[cid]):
            continue
        if (own & _PICKS_ANOTHER) - c.words:
            continue  # "the second leg" is not "the first leg" named before
        _merge(state, other, cid, name, index, state.index_of_head[c.first.head])


#: Modifiers that make "the X" another X than the one named before ("the other company").
_CONTRASTIVE = frozenset(
    """other another new rival second third different parent sister previous next last latest
    remaining whole same own separate smaller larger bigger""".split()
)
#: Modifiers by which "the X" picks out another X than one named before ("the second leg").
_PICKS_ANOTHER = frozenset(
    stem(w)
    for w in """first second third fourth fifth other another next previous last latest new rival
    different separate remaining""".split()
)


def _descriptive_only(state: _State, m: MentionCandidate) -> bool:
    """ "the striker", "the 21-year-old", "the former spy", "the troubled firm": words before the head
    that describe the one thing named before rather than pick out another one."""
    for t in state.doc[m.start : m.head]:
        if t.dep_ in {"det", "predet", "punct", "case"} or t.text == "-":
            continue
        if place_possessor(t) and t.i == m.start:
            continue  # "France's biggest carmaker": where it is, not which of several
        ranking = t.i + 1 < len(state.doc) and state.doc[t.i + 1].tag_ == "JJS"
        if t.lower_ in _CONTRASTIVE and not ranking:  # "second largest" ranks, not contrasts
            return False
        if t.dep_ == POSS or t.pos_ == "PROPN" or (t.ent_type_ and not ranking):
            return False
        if t.pos_ not in {"ADJ", "NUM", "ADV"} and "year" not in t.lower_ and t.lower_ != "old":
            return False
    return True


def _role_pass(state: _State, name: str) -> None:
    """ "the company" / "the striker": the named thing of that kind nearby, when there is only one,
    or when one is the topic so far (named more often than any other, at least twice)."""
    names = [i for i in state.order if state.mentions[i].kind == "name"]
    for index, cid in list(_seekers(state, frozenset({"definite"}))):
        m = state.mentions[index]
        kind = HEAD_TYPES.get(m.head_lemma)
        if kind is None and "year-old" in m.text:
            kind = EntityType.PERSON  # "the 21-year-old"
        if kind is None or m.plural:
            continue
        if kind not in _COLLECTIVE and kind is not EntityType.PERSON:
            continue
        if m.modifiers and not _descriptive_only(state, m):
            _titled_role(state, name, index, cid, names)  # "the Tory leader": only as titled
            continue
        near = []
        for other, c in _earlier(state, index, cid, names):
            if not c.has_name or c.plural or not _compatible_types(kind, c.type):
                continue
            if c.type is None or (kind is EntityType.PERSON) != (c.type is EntityType.PERSON):
                continue
            if kind is EntityType.GOVERNMENT_BODY and (
                c.type is not kind
                or not (stem(m.head_lemma) in c.name_words or _called(state, c, m.head_lemma))
            ):
                continue  # "the government" is neither the bank nor the court named before it
            before = [x for x in c.mentions if x.start < m.start]
            if m.sentence - max(x.sentence for x in before) <= _ROLE_WINDOW:
                near.append((len(before), other, c))
        near.sort(key=lambda n: -n[0])
        if not near or (len(near) > 1 and (near[0][0] < 2 or near[0][0] <= near[1][0])):
            continue
        count, other, c = near[0]
        if (
            kind is EntityType.PERSON
            and count < 2
            and m.head_lemma != "year-old"  # "the 21-year-old" names no role
            and not _called(state, c, m.head_lemma)
        ):
            # one mention of one man does not make "the referee" or "the owner" him: a person
            # role needs the story to be about them, or them to have been called that
            continue
        if _compatible(state, c, state.clusters[cid]):
            _merge(state, other, cid, name, index, state.index_of_head[c.first.head])


def _titled_role(state: _State, name: str, index: int, cid: int, names: list[int]) -> None:
    """ "the Tory leader" picks out one person: the one the text gave that very title ("Tory
    leader Michael Howard"), when exactly one was."""
    doc, m = state.doc, state.mentions[index]
    wanted = {t.lower_ for t in doc[m.start : m.head] if t.dep_ not in {"det", "predet", "punct"}}
    titled = {
        other
        for other, c in _earlier(state, index, cid, names)
        if c.has_name and _called(state, c, m.head_lemma, wanted)
    }
    if len(titled) == 1:
        other = titled.pop()
        c = state.clusters[other]
        if _compatible(state, c, state.clusters[cid]):
            _merge(state, other, cid, name, index, state.index_of_head[c.first.head])


def _called(
    state: _State, cluster: Cluster, role: str, modifiers: set[str] | frozenset[str] = frozenset()
) -> bool:
    """Whether the text calls the cluster's thing `role` (with all of `modifiers`, lower case, before
    it): "Arsenal striker Carl Webb", "Carl Webb, the striker", or a description "the striker"
    already in the cluster."""
    doc = state.doc
    for m in cluster.mentions:
        if m.kind == "pronoun":
            continue
        heads = [doc[m.head]] if m.head_lemma == role else []
        heads += [
            c
            for c in doc[m.head].children
            if c.dep_ in {"compound", APPOS} and c.lemma_.lower() == role
        ]
        for head in heads:
            if modifiers <= {t.lower_ for t in doc[head.left_edge.i : head.i]}:
                return True
    return False


def _pronoun_pass(state: _State, name: str) -> None:
    doc = state.doc
    for index, m in enumerate(state.mentions):
        if m.kind != "pronoun" or index in state.of or m.head_lemma in FIRST_PERSON:
            continue
        token = doc[m.head]
        if is_pleonastic(token):
            continue
        quote = quote_of(state.quotes, m.head)
        speaker = (
            state.of.get(state.index_of_head.get(quote.speaker, -1))
            if quote and quote.speaker is not None
            else None
        )
        choice = (
            _reflexive_binder(state, index)
            or _cataphor(state, index)
            or _antecedent_for_pronoun(state, index, exclude=speaker)
        )
        if choice is not None:
            cid, antecedent = choice
            _attach_pronoun(state, cid, index, name, antecedent)


#: Pronouns bound inside their own clause.
_REFLEXIVES = frozenset({"himself", "herself", "itself", "themselves"})


def _reflexive_binder(state: _State, index: int) -> tuple[int, int] | None:
    """ "The Lib Dems portray themselves as ...": a reflexive is its own clause's subject; in a
    clause without one ("gave the Lib Dems the chance to portray themselves", "told him to
    protect himself"), the object of the verb it hangs on, else that verb's subject."""
    doc, mention = state.doc, state.mentions[index]
    if mention.head_lemma not in _REFLEXIVES:
        return None
    verb, through_noun = doc[mention.head].head, False
    while verb.pos_ not in VERB_POS and verb.head.i != verb.i:
        verb = verb.head
    for _ in range(4):  # a few clauses up at most
        subject = next((c for c in verb.children if c.dep_ in {NSUBJ, NSUBJPASS}), None)
        if subject is not None:
            return _bound_to(state, index, subject.i)
        if verb.head.i == verb.i:
            return None
        came_from, governor = verb, verb.head
        while governor.pos_ not in VERB_POS and governor.head.i != governor.i:
            came_from, governor, through_noun = governor, governor.head, True
        if verb.dep_ == XCOMP or through_noun:
            objects = [c for c in governor.children if c.i != came_from.i]
            binder = next((c for c in objects if c.dep_ == DATIVE), None) or next(
                (c for c in objects if c.dep_ == DOBJ), None
            )
            if binder is not None:
                return _bound_to(state, index, binder.i)
        verb, through_noun = governor, False
    return None


def _bound_to(state: _State, index: int, head: int) -> tuple[int, int] | None:
    """The cluster of the mention headed at `head`, when the reflexive `index` agrees with it."""
    j = state.index_of_head.get(head)
    if j is None:
        return None
    cid = state.of.get(j)
    if cid is None or not _agrees(state.mentions[index].head_lemma, state.clusters[cid]):
        return None
    return cid, j


def _agrees(pronoun: str, cluster: Cluster) -> bool:
    kind = cluster.type
    if pronoun in PRONOUNS_SINGULAR_THING:
        return not cluster.plural and kind is not EntityType.PERSON and not cluster.genders
    if pronoun in PRONOUNS_PLURAL:
        return cluster.plural or kind in _COLLECTIVE
    if pronoun in PRONOUNS_MALE:
        return kind is EntityType.PERSON and not cluster.plural and "f" not in cluster.genders
    if pronoun in PRONOUNS_FEMALE:
        return kind is EntityType.PERSON and not cluster.plural and "m" not in cluster.genders
    return False


def _cataphor(state: _State, index: int) -> tuple[int, int] | None:
    """ "In a post on its account, the ministry said": a possessive in a phrase fronted before its clause's subject."""
    doc, m = state.doc, state.mentions[index]
    token = doc[m.head]
    if token.dep_ != POSS:
        return None
    verb = token
    while verb.head is not verb and verb.dep_ != ROOT:
        verb = verb.head
    subjects = [c for c in verb.children if c.dep_ in {NSUBJ, NSUBJPASS} and c.i > token.i]
    if not subjects or any(c.i < token.i for c in verb.children if c.dep_ in {NSUBJ, NSUBJPASS}):
        return None
    subject = subjects[0]
    if token.i >= subject.left_edge.i and token.i <= subject.right_edge.i:
        return None  # inside the subject itself
    cluster = state.cluster_of_head(subject.i)
    if cluster is None or not _agrees(m.head_lemma, cluster):
        return None
    # an earlier compatible candidate in the same sentence wins over the cataphor
    earlier = [
        x
        for x in state.mentions[:index]
        if x.sentence == m.sentence and x.kind != "pronoun" and x.head in state.index_of_head
    ]
    for x in earlier:
        c = state.cluster_of_head(x.head)
        if c is not None and _agrees(m.head_lemma, c) and not _contains(doc, x, token.i):
            return None
    return state.of[state.index_of_head[subject.i]], state.index_of_head[subject.i]


def _quote_start_sentence(state: _State, mention: MentionCandidate) -> int:
    """The sentence a quotation starts in, when `mention` is the quotation's speaker; else its own."""
    if state.quote_starts is None:
        sentence_of = {m.head: m.sentence for m in state.mentions}
        state.quote_starts = {}
        for q in state.quotes:
            if q.speaker is not None and q.end > q.start:
                first = next(
                    (m.sentence for m in state.mentions if q.start <= m.head < q.end), None
                )
                if first is not None:
                    state.quote_starts[q.speaker] = min(first, sentence_of.get(q.speaker, first))
    return state.quote_starts.get(mention.head, mention.sentence)


def _antecedent_for_pronoun(
    state: _State, index: int, exclude: int | None
) -> tuple[int, int] | None:
    doc, mention = state.doc, state.mentions[index]
    lower = mention.head_lemma
    pronoun_token = doc[mention.head]
    scored = []
    # the "he" of '"... . ... . ...," he added' is as near its antecedent as the quotation's start
    here = _quote_start_sentence(state, mention)
    spoken = [q for q in state.quotes if q.speaker == mention.head]
    nearby = {
        state.of[j]
        for s in range(here - _PRONOUN_WINDOW, mention.sentence + 1)
        for j in state.by_sentence.get(s, ())
        if j in state.of
    }
    reporter = _reporter_of(pronoun_token)
    described = _relative_head_of(pronoun_token)
    agentive = lower in PRONOUNS_PLURAL and _acts(pronoun_token)
    for cid in sorted(nearby):
        cluster = state.clusters[cid]
        if cid == exclude and lower not in {"its", "it"}:
            continue  # a "he" inside a quotation is not the one quoted
        if not _agrees(lower, cluster):
            continue
        recent = []
        for m in cluster.mentions:
            if m.start >= mention.start or _contains(doc, m, mention.head):
                continue
            if any(q.start <= m.head < q.end for q in spoken):
                continue  # '"The referee made a mistake," he said': not someone in his own words
            if here - m.sentence > _PRONOUN_WINDOW:
                continue
            if (
                m.sentence == mention.sentence
                and doc[m.head].head.i == pronoun_token.head.i
                and lower not in {"its", "their", "his", "her"}
            ):
                continue  # a pronoun subject is not its own clause's object, and vice versa
            recent.append((state.index_of_head[m.head], m))
        if not recent:
            continue
        score = max(m.salience - 1.5 * max(0, here - m.sentence) for _, m in recent)
        score += 0.5 if cluster.has_name else 0.0
        if agentive and cluster.type in _SENTIENT:
            score += 0.75  # "BT offers customers free calls if they sign up": who can act
        if reporter is not None and any(m.head == reporter for _, m in recent):
            score += 2.0  # "Turkey insisted it would not bow": who says what they will do
        elif described is not None and any(m.head == described for _, m in recent):
            # "a man who said he had", "an officer who risked his life": the clause's own subject
            score += 2.0 if pronoun_token.dep_ == POSS else 3.0
        elif lower in PRONOUNS_SINGULAR_THING and cluster.type is EntityType.PLACE:
            score -= 0.75  # "it" is more often the company than the country it is in
        score += 0.01 * recent[-1][1].start / max(1, len(doc))  # recency breaks ties
        scored.append((score, cid, recent[-1][0], cluster))
    if not scored:
        return None
    if lower in PRONOUNS_PLURAL and any(c.plural for _, _, _, c in scored):
        scored = [
            s for s in scored if s[3].plural
        ]  # "they" is a plural before a collective singular
    score, cid, antecedent, _ = max(scored, key=lambda s: s[0])
    return cid, antecedent


#: Kinds of thing that do what a verb of doing says.
_SENTIENT = frozenset(
    {EntityType.PERSON, EntityType.GROUP, EntityType.ORGANIZATION, EntityType.GOVERNMENT_BODY}
)
#: Verbs a thing does as readily as a person ("they rose", "they fell", "they were").
_UNAGENTIVE = frozenset(
    "be become seem remain rise fall grow increase decrease drop climb jump slip come go have "
    "contain include cost stay appear look happen occur".split()
)


def _acts(pronoun: Word) -> bool:
    """The pronoun is the active subject of a verb of doing ("if they sign up")."""
    verb = pronoun.head
    return (
        pronoun.dep_ == NSUBJ
        and verb.pos_ == "VERB"
        and verb.lemma_ not in _UNAGENTIVE
        and not any(c.dep_ == "auxpass" for c in verb.children)
    )


def _relative_head_of(pronoun: Word) -> int | None:
    """The noun a relative clause describes, when the pronoun is in that clause and the clause's
    subject is the relative pronoun: "an officer who risked his life", "the firm that said it
    would" -> officer, firm (the relative pronoun is not a mention; the noun it stands for is);
    also the noun a participle describes ("singers showing their talent")."""
    verb = pronoun.head
    for _ in range(4):  # "his" -> "life" -> "risked": up to the clause's verb
        if verb.pos_ in VERB_POS or verb.head is verb:
            break
        verb = verb.head
    if (
        pronoun.dep_ in {NSUBJ, NSUBJPASS}
        and pronoun.head is verb
        and verb.dep_ == CCOMP
        and verb.head.lemma_ in REPORTING_OR_BELIEF_VERBS
    ):
        verb = verb.head  # "the firm that said it would": the reporting verb's clause
    elif pronoun.dep_ != POSS:
        return None  # "devices that suit them": an object is not the clause's own subject
    if verb.dep_ not in {RELCL, ACL} or not _describes(verb):
        return None
    subject = next((c for c in verb.children if c.dep_ in {NSUBJ, NSUBJPASS}), None)
    if subject is not None and subject.i > pronoun.i:
        return None
    return verb.head.i


def _reporter_of(pronoun: Word) -> int | None:
    """The subject of the verb of saying or believing whose clause the pronoun is the subject of:
    "Turkey had insisted it would not bow", "the firm says it expects" -> Turkey, the firm."""
    if pronoun.dep_ not in {NSUBJ, NSUBJPASS}:
        return None
    clause = pronoun.head
    while clause.dep_ == CONJ and clause.head.i < clause.i:
        clause = clause.head
    if clause.dep_ != CCOMP:
        return None
    verb = clause.head
    if verb.lemma_ not in REPORTING_OR_BELIEF_VERBS:
        return None
    while True:
        subjects = [c for c in verb.children if c.dep_ in {NSUBJ, NSUBJPASS} and c.i < clause.i]
        if subjects or verb.dep_ != CONJ:
            break
        verb = verb.head  # "Turkey ... had previously insisted": a shared subject
    return subjects[0].i if subjects else None


PASSES: tuple[tuple[str, Callable[[_State, str], None]], ...] = (
    ("speaker", _speaker_pass),
    ("exact", _exact_pass),
    ("apposition", _apposition_pass),
    ("name", _name_pass),
    ("head", _head_pass),
    ("derived", _derived_pass),
    ("relaxed-head", _relaxed_head_pass),
    ("bare-plural", _bare_plural_pass),
    ("role", _role_pass),
    ("pronoun", _pronoun_pass),
    ("speaker", _speaker_pass),
)
