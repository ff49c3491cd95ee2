"""Deterministic, rule-based coreference within one document.

Mentions are visited in text order; each joins an earlier cluster or starts one:

- names join a cluster with the same normalised name (no article, no "Ltd"),
  the same acronym ("MSS" after "Ministry of State Security (MSS)"), or, for
  people, the same surname;
- definite and demonstrative descriptions ("the ministry", "the state security
  ministry", "the consultancy") join the most recent cluster whose words
  contain their head (by stem, so "consultancy" meets "consulting company")
  and, preferably, all their modifiers; a cluster of another type or with a
  conflicting proper modifier ("the French company" vs "a Chinese company")
  is never chosen;
- bare nouns join a cluster with exactly the same words; indefinite ones
  ("a company") always start a new cluster;
- an apposition ("X, a Y") joins the cluster of the noun it describes;
- pronouns join the most salient compatible cluster mentioned in the last two
  sentences (agreement in number and person/thing; salience = grammatical role
  minus distance), or stay unresolved.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extract.deps import (
    APPOS,
    PRONOUNS_FEMALE,
    PRONOUNS_MALE,
    PRONOUNS_PLURAL,
    PRONOUNS_SINGULAR_THING,
)
from extract.mentions import MentionCandidate, acronym, normalise_name, stem
from extract.model import EntityType
from extract.parsed import ParsedDoc

_COLLECTIVE = frozenset({EntityType.ORGANIZATION, EntityType.GOVERNMENT_BODY, EntityType.GROUP})
_PRONOUN_WINDOW = 2  # sentences back


@dataclass
class Cluster:
    mentions: list[MentionCandidate] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    acronyms: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)
    heads: set[str] = field(default_factory=set)
    proper_modifiers: set[str] = field(default_factory=set)
    bare_words: set[frozenset[str]] = field(default_factory=set)  # words of its bare-noun mentions

    def add(self, mention: MentionCandidate, proper: frozenset[str] = frozenset()) -> None:
        self.mentions.append(mention)
        self.words |= mention.words
        if mention.kind != "pronoun":
            self.heads.add(stem(mention.head_lemma))
        self.proper_modifiers |= proper
        if mention.kind == "bare":
            self.bare_words.add(mention.words)
        if mention.kind == "name":
            self.names.add(normalise_name(mention.text))
            initials = acronym(mention.text)
            if len(initials) >= 2:
                self.acronyms.add(initials)

    @property
    def type(self) -> EntityType | None:
        for m in self.mentions:
            if m.kind == "name" and m.type is not None:
                return m.type
        for m in self.mentions:
            if m.type is not None:
                return m.type
        return None

    @property
    def plural(self) -> bool:
        described = [m for m in self.mentions if m.kind != "pronoun"]
        return bool(described) and described[0].plural

    @property
    def has_name(self) -> bool:
        return any(m.kind == "name" for m in self.mentions)


def resolve(doc: ParsedDoc, mentions: list[MentionCandidate]) -> tuple[list[Cluster], dict[int, int]]:
    """Cluster `mentions`; returns the clusters and a map head token -> cluster index.

    Unresolved pronouns are absent from the map.
    """
    clusters: list[Cluster] = []
    of_head: dict[int, int] = {}
    by_head = {m.head: m for m in mentions}
    for mention in mentions:
        proper = _proper_modifiers(doc, mention)
        target = _antecedent(doc, mention, clusters, of_head, by_head, proper)
        if target is None and mention.kind == "pronoun":
            continue
        if target is None:
            clusters.append(Cluster())
            target = len(clusters) - 1
        clusters[target].add(mention, proper)
        of_head[mention.head] = target
        if mention.kind == "name":
            _register_acronym(doc, mention, clusters[target])
    return clusters, of_head


def _register_acronym(doc: ParsedDoc, mention: MentionCandidate, cluster: Cluster) -> None:
    # "Ministry of State Security (MSS)": the bracketed word is an alias
    end = mention.end
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
        short = doc[end + 1].text
        if short.isupper() and 2 <= len(short) <= 8:
            cluster.acronyms.add(short)


def _proper_modifiers(doc: ParsedDoc, mention: MentionCandidate) -> frozenset[str]:
    """Nationality / place / name modifiers of a description ("Chinese" in "a Chinese company")."""
    if mention.kind in {"name", "pronoun"}:
        return frozenset()
    return frozenset(
        stem(t.text)
        for t in doc[mention.start : mention.end]
        if t.i != mention.head and (t.ent_type_ in {"NORP", "GPE", "ORG", "PERSON"} or t.pos_ == "PROPN")
    )


def _antecedent(doc, mention, clusters, of_head, by_head, proper) -> int | None:
    head_token = doc[mention.head]
    if head_token.dep_ == APPOS and head_token.head.i in of_head and mention.kind != "pronoun":
        # apposition: "X, a Y" -> Y is X
        return of_head[head_token.head.i]
    if mention.kind == "pronoun":
        return _pronoun_antecedent(doc, mention, clusters, of_head, by_head)
    if mention.kind == "name":
        return _name_antecedent(mention, clusters)
    if mention.kind in {"definite", "demonstrative"}:
        return _description_antecedent(mention, clusters, proper)
    if mention.kind == "bare":
        for index in reversed(range(len(clusters))):
            cluster = clusters[index]
            if mention.words in cluster.bare_words:
                return index
    return None


def _name_antecedent(mention: MentionCandidate, clusters: list[Cluster]) -> int | None:
    key = normalise_name(mention.text)
    text = mention.text.strip()
    for index in reversed(range(len(clusters))):
        cluster = clusters[index]
        if key in cluster.names or text in cluster.acronyms:
            return index
    if mention.type is EntityType.PERSON and " " not in key:
        # surname only: "Smith" after "John Smith"
        for index in reversed(range(len(clusters))):
            cluster = clusters[index]
            if cluster.type is EntityType.PERSON and any(n.split()[-1:] == [key] for n in cluster.names):
                return index
    return None


def _compatible_types(a: EntityType | None, b: EntityType | None) -> bool:
    if a is None or b is None or a is b:
        return True
    generic = {EntityType.CONCEPT}
    if a in generic or b in generic:
        return True
    return {a, b} <= _COLLECTIVE  # an agency described as an organisation


def _description_antecedent(mention, clusters, proper) -> int | None:
    head = stem(mention.head_lemma)
    full: list[int] = []
    partial: list[int] = []
    for index, cluster in enumerate(clusters):
        if head not in cluster.words and head not in cluster.heads:
            continue
        if not _compatible_types(mention.type, cluster.type):
            continue
        if mention.plural != cluster.plural and not cluster.has_name:
            continue
        if proper and cluster.proper_modifiers and not proper <= cluster.proper_modifiers | cluster.words:
            continue  # "the French company" is not "a Chinese company"
        if mention.modifiers <= cluster.words:
            full.append(index)
        elif not (proper - cluster.words):
            partial.append(index)
    if full:
        return max(full, key=lambda i: _recency(clusters[i], head))
    if partial and mention.kind == "definite":
        return max(partial, key=lambda i: _recency(clusters[i], head))
    return None


def _recency(cluster: Cluster, head: str) -> tuple[bool, int]:
    """Most recent mention with the same head noun first ("the company" -> the last
    "... company", not a consultancy once called "a consulting company"), then any."""
    same_head = [m.start for m in cluster.mentions if stem(m.head_lemma) == head]
    if same_head:
        return True, max(same_head)
    return False, cluster.mentions[-1].start


def _pronoun_antecedent(doc, mention, clusters, of_head, by_head) -> int | None:
    lower = mention.head_lemma
    best, best_score = None, float("-inf")
    pronoun_token = doc[mention.head]
    for index, cluster in enumerate(clusters):
        if mention.sentence - cluster.mentions[-1].sentence > _PRONOUN_WINDOW:
            continue  # mentions are in text order: the last one is the most recent
        if not _agrees(lower, cluster):
            continue
        recent = [
            m
            for m in cluster.mentions
            if m.start < mention.start and mention.sentence - m.sentence <= _PRONOUN_WINDOW
            # a pronoun subject is not its own clause's object, and vice versa
            and not (
                m.sentence == mention.sentence
                and doc[m.head].head.i == pronoun_token.head.i
                and lower not in {"its", "their", "his", "her"}
            )
        ]
        if not recent:
            continue
        score = max(m.salience - 1.5 * (mention.sentence - m.sentence) for m in recent)
        score += 0.5 if cluster.has_name else 0.0
        if lower in PRONOUNS_PLURAL and cluster.plural:
            score += 1.5  # "they" prefers a plural over a collective singular
        score += 0.01 * recent[-1].start / max(1, len(doc))  # recency breaks ties
        if score > best_score:
            best, best_score = index, score
    return best


def _agrees(pronoun: str, cluster: Cluster) -> bool:
    kind = cluster.type
    if pronoun in PRONOUNS_SINGULAR_THING:
        return not cluster.plural and kind is not EntityType.PERSON
    if pronoun in PRONOUNS_PLURAL:
        return cluster.plural or kind in _COLLECTIVE
    if pronoun in PRONOUNS_MALE | PRONOUNS_FEMALE:
        return kind is EntityType.PERSON and not cluster.plural
    return False
