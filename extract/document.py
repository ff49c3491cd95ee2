"""One parsed document -> `DocumentGraph` (entities, mentions, triples with provenance).

Extraction is a pure function of one spaCy `Doc`: documents can be processed in
any order, in worker processes or on a cluster, and merged afterwards.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Doc

from extract.clauses import Part, Proposition, propositions, rule_confidence
from extract.collector import collector_paused
from extract.confidence import confidence
from extract.coref import Cluster, resolve
from extract.deps import (
    CCOMP,
    DETERMINERS,
    PERSONAL_PRONOUNS,
    REPORTING_OR_BELIEF_VERBS,
    TIME_NOUNS,
    XCOMP,
)
from extract.entity_types import NAME_WEIGHT, VALUE_LABELS, head_type, resolve_type
from extract.ids import alias_order, document_slug, is_document_scoped, name_slug, slug
from extract.mentions import AMOUNT_UNITS, PLACE_LABELS, find_mentions, normalise_name
from extract.merge import merge_entity
from extract.model import (
    Argument,
    DocumentGraph,
    Entity,
    EntityType,
    Mention,
    Relation,
    SentenceRef,
    Triple,
)
from extract.parsed import ParsedDoc, Word
from extract.quotes import quote_of, quotes
from extract.spans import char_span

_POSSESSIVES = frozenset({"its", "their", "his", "her", "our", "my", "your"})


@collector_paused  # its many short-lived objects are freed before the collector would walk them
def document_graph(
    doc: Doc,
    doc_id: str,
    *,
    reports: bool = False,
    keep_unresolved: bool = False,
    char_offset: int = 0,
    sentence_offset: int = 0,
) -> DocumentGraph:
    """Extract everything from one parsed document.

    reports: also emit (speaker; said; content) triples (Open IE benchmarks want them).
    keep_unresolved: keep triples whose subject or object is an unresolved pronoun
        (otherwise they are dropped: a bare pronoun is never a node).
    char_offset / sentence_offset: where this text starts in a longer document that
        was split into pieces (see `extract.pipeline`).
    """
    parsed = ParsedDoc.of(doc)  # plain Python words: the rules below read them many times
    mentions = find_mentions(parsed)
    spoken = quotes(parsed)
    clusters, of_head = resolve(parsed, mentions, spoken)
    entities, entity_of_cluster = _entities(clusters, doc_id)
    token_entity: dict[int, str] = {}
    for mention in mentions:
        cluster = of_head.get(mention.head)
        if cluster is None:
            continue
        span = range(mention.start, mention.end) if mention.kind == "name" else (mention.head,)
        for i in span:
            token_entity.setdefault(i, entity_of_cluster[cluster])
        token_entity[mention.head] = entity_of_cluster[cluster]

    by_id = {entity.id: entity for entity in entities}
    sentences: list[SentenceRef] = []
    triples: list[Triple] = []
    for index, sent in enumerate(parsed.sents):
        raw = sent.text
        ref = SentenceRef(
            doc=doc_id,
            index=index + sentence_offset,
            text=raw.strip(),
            start=sent.start_char + char_offset + (len(raw) - len(raw.lstrip())),
            end=sent.start_char + char_offset + len(raw.rstrip()),
        )
        sentences.append(ref)
        seen: set[tuple] = set()
        for prop in propositions(sent, reports=reports):
            triple = _triple(parsed, prop, ref, token_entity, keep_unresolved, char_offset, spoken)
            if triple is None:
                continue
            key = (
                triple.subject.start,
                triple.relation.text,
                triple.object and triple.object.start,
            )
            if key in seen:
                continue
            seen.add(key)
            # the calibrated probability (extract.confidence) replaces the rule's prior
            triples.append(replace(triple, confidence=confidence(triple, by_id)))

    mention_records = tuple(
        Mention(
            text=parsed[m.start : m.end].text,
            start=parsed[m.start].idx + char_offset,
            end=parsed[m.end - 1].idx + len(parsed[m.end - 1].text) + char_offset,
            sentence=m.sentence + sentence_offset,
            entity_id=entity_of_cluster[of_head[m.head]],
            kind=m.kind,
        )
        for m in mentions
        if m.head in of_head
    )
    parsed.release()
    return DocumentGraph(
        doc=doc_id,
        entities=tuple(entities),
        mentions=mention_records,
        triples=tuple(triples),
        sentences=tuple(sentences),
    )


# --- entities --------------------------------------------------------------


def canonical_label(cluster: Cluster) -> str:
    """The most informative mention: a proper name over a description, longer over shorter.

    What an apposition or predicate noun says the thing is ("a director") is a description, not a name.
    """
    names = [m.text for m in cluster.mentions if m.kind == "name"]
    if names:
        return _strip_determiner(max(names, key=lambda t: (len(t.split()), len(t))))
    described = [
        m for m in cluster.mentions if m.kind != "pronoun" and m.text not in cluster.descriptions
    ]
    if not described:
        described = [m for m in cluster.mentions if m.kind != "pronoun"]
    best = max(described, key=lambda m: (len(m.words), -m.start))
    return _strip_determiner(best.text)


def _strip_determiner(text: str) -> str:
    words = text.split()
    while len(words) > 1 and words[0].lower() in DETERMINERS | _POSSESSIVES:
        words = words[1:]
    return " ".join(words).strip(" \t\n\"'“”‘’")


def _entity_type(cluster: Cluster) -> EntityType:
    votes: Counter = Counter()
    for m in cluster.mentions:
        if m.type is not None:
            # a longer name is typed more reliably ("Jose Antonio Reyes" over a headline's "Reyes")
            votes[m.type] += (
                NAME_WEIGHT * len(m.text.split()) if m.kind == "name" and m.label else 1
            )
    if cluster.genders:  # "he", "she", "Mr": a person, whatever the tagger said of the name
        votes[EntityType.PERSON] += NAME_WEIGHT * len(cluster.genders) * 2
    elif cluster.named_not_a_person:
        del votes[EntityType.PERSON]  # "the Aurora"
    return resolve_type(votes)


def entity_id(cluster: Cluster, label: str, doc_id: str, kind: EntityType | None = None) -> str:
    """A name's IRI key comes from the normalised name alone; anything else is scoped to its document.

    So "Renault" is one node across a corpus, while "the deal" or "people" of one article never
    meet those of another; a second description with the same words in one document is told apart
    by a hash of where it first occurs (never by a counter).

    A scoped id is `<document slug>.<label slug>` ("seed.deal"): a "." is plain in a Turtle
    prefixed name where a "/" must be escaped, and no slug or document slug contains one, so the
    "." also keeps scoped ids apart from names and from each other's documents.
    """
    surname_only = kind is EntityType.PERSON and all(len(n.split()) < 2 for n in cluster.names)
    if cluster.has_name and kind is not EntityType.CONCEPT and not surname_only:
        return name_slug(normalise_name(label) or label)
    # a surname alone ("Shaw" in a team line-up) does not say which Shaw: it names one person of
    # this document, not a person of every document that has a Shaw
    # a "name" typed as nothing in particular ("TV", "Broadband", a headline's capitals) is a
    # concept too: it must not become a hub joining every document that uses the word
    return f"{document_slug(doc_id)}.{slug(label)}"


def _entities(clusters: list[Cluster], doc_id: str) -> tuple[list[Entity], dict[int, str]]:
    entities: dict[str, Entity] = {}
    ids: dict[int, str] = {}
    for index, cluster in enumerate(clusters):
        label = canonical_label(cluster)
        kind = _entity_type(cluster)
        eid = entity_id(cluster, label, doc_id, kind)
        if eid in entities and is_document_scoped(eid):
            first = cluster.mentions[0].start
            # "_": no slug contains one, so the suffixed id is never another label's plain id
            eid = f"{eid}_{hashlib.sha1(f'{label}@{first}'.encode()).hexdigest()[:6]}"
        ids[index] = eid
        descriptions = tuple(dict.fromkeys(_strip_determiner(d) for d in cluster.descriptions))
        aliases = {
            m.text
            for m in cluster.mentions
            if m.kind != "pronoun" and m.text != label and m.text not in cluster.descriptions
        }
        evidence = tuple(f"{p}: {a!r} -> {b!r}" for p, a, b in cluster.evidence)
        entity = Entity(
            id=eid,
            label=label,
            type=kind,
            aliases=tuple(sorted(aliases, key=alias_order)),
            mentions=len(cluster.mentions),
            descriptions=descriptions,
            evidence=evidence,
        )
        known = entities.get(eid)
        # the same name twice: one thing (its IRI says so anyway)
        entities[eid] = entity if known is None else merge_entity(known, entity)
    return list(entities.values()), ids


# --- triples ---------------------------------------------------------------


def _argument(
    doc: ParsedDoc, part: Part, role: str, token_entity: dict[int, str], offset: int
) -> Argument:
    text, start, end = char_span(doc, part.start, part.end)
    return Argument(
        text=text,
        start=start + offset,
        end=end + offset,
        role=role,
        entity_id=token_entity.get(part.head),
        preposition=part.preposition,
    )


def _speaker_entity(doc: ParsedDoc, speaker: int, token_entity: dict[int, str]) -> str | None:
    """The entity of a speaker's phrase; for a share of a group ("84% of net users say"), the
    group's."""
    found = token_entity.get(speaker)
    if found is None:
        for prep in doc[speaker].children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                found = next(
                    (
                        token_entity[c.i]
                        for c in prep.children
                        if c.dep_ == "pobj" and c.i in token_entity
                    ),
                    None,
                )
    return found


#: Words that stand for something only the sentence around them says ("what triggered it").
_PLACEHOLDERS = PERSONAL_PRONOUNS | frozenset(
    "what whatever who whom whoever which whichever others much anything something everything".split()
)
#: Entity labels of names that are never another name of the same kind ("Lem is Roth" is a list).
_DISTINCT_NAME_LABELS = frozenset({"PERSON", "GPE", "ORG", "NORP"})


def _is_bare_pronoun(doc: ParsedDoc, part: Part) -> bool:
    return part.end - part.start == 1 and doc[part.head].lower_ in _PLACEHOLDERS


def _states_nothing(doc: ParsedDoc, prop: Proposition) -> bool:
    """A triple no reader would take as a fact, for the graph (one-sentence Open IE keeps it):
    an argument with no word in it or cut through a bracket ("-", "Poland) Doris Lessing"), a
    copula between two amounts or dates ("2.4bn euros ($3.1bn)", "July 2002"), or between two
    different names (a list read as an apposition: "Lem, Ozick, Roth"; "Philip Roth (US)"), or a
    reporting verb with nothing reported ("..., the ministry said")."""
    parts = [prop.subject] + ([prop.object] if prop.object is not None else [])
    for part in parts:
        text = doc[part.start : part.end].text  # the words as written, spaces between
        if not any(ch.isalnum() for ch in text) or text.count("(") != text.count(")"):
            return True
    if prop.object is None and prop.relation_lemma.split(" ")[0] in REPORTING_OR_BELIEF_VERBS:
        return True  # "the ministry said": who said it is the claim's speaker, not a fact
    if prop.object is None and prop.relation and _said_of(doc, prop):
        return True  # "X is said to have been impressed": the infinitive holds the claim
    subject = doc[prop.subject.head]
    if (
        subject.lemma_.lower() in TIME_NOUNS
        and subject.ent_type_ in {"DATE", "TIME"}
        and prop.relation_lemma.split(" ")[0] != "be"
    ):
        return True  # "The following year hosted the event": when, not who (the host is lost)
    if not prop.context.negated and any(
        doc[part.head].lower_ in {"nothing", "none", "nobody", "no-one"} for part in parts
    ):
        return True  # "offer limited storage - certainly nothing to rival X": no such thing
    if prop.object is None or prop.relation_lemma.split(" ")[0] != "be":
        return False
    if (
        doc[prop.subject.start].lower_ in {"what", "whatever"}
        and prop.subject.head != prop.subject.start
    ):
        return True  # "What really annoys me is that X": X is the complaint, not a thing's property
    if _clause_after_demonstrative(doc, prop):
        return True
    if prop.relation_lemma != "be":
        return False
    if _value(doc, prop.subject) and _value(doc, prop.object):
        return True
    if _tautology(doc, prop.subject, prop.object):
        return True
    if prop.relation_text is not None and _bracketed_amount(doc, prop.object):
        return True  # "10.6m euros (£7.36m)": the same amount in another currency
    a, b = doc[prop.subject.head], doc[prop.object.head]
    implied = prop.relation_text is not None  # an apposition's "is"
    if implied and b.ent_type_ == "PERCENT" and not _value(doc, prop.subject):
        return True  # "net users, 36%, ...": the share of them, not what they are
    if (
        implied
        and a.pos_ == "PROPN"
        and b.pos_ == "PROPN"
        and head_type(b.lemma_) is None  # "Jeremy Dear, NUJ General Secretary" says a role
        and not any(w.ent_type_ in PLACE_LABELS for w in doc[prop.object.start : prop.object.end])
    ):
        # two names side by side: one thing's alias (coreference keeps it) or a list of names
        # the tagger left untyped ("Ismail Kadare (Albania) Milan Kundera")
        return True
    if a.pos_ != "PROPN" or b.pos_ != "PROPN" or not a.ent_type_ or not b.ent_type_:
        return False
    # two names of one kind are two things; a person is not a place ("Philip Roth (US)")
    return a.ent_type_ in _DISTINCT_NAME_LABELS or a.ent_type_ != b.ent_type_


def _tautology(doc: ParsedDoc, subject: Part, obj: Part) -> bool:
    """ "the information is information", "a deal is a deal": the object is the subject's own
    head noun and nothing more."""
    words = [w for w in doc[obj.start : obj.end] if w.pos_ not in {"DET", "PUNCT"}]
    return len(words) == 1 and words[0].lemma_.lower() == doc[subject.head].lemma_.lower()


def _clause_after_demonstrative(doc: ParsedDoc, prop: Proposition) -> bool:
    """ "... and that's that technology should play a part": a bare "that" or "this" pointing at
    the clause after it, which the copula only announces."""
    assert prop.object is not None
    subject = doc[prop.subject.start : prop.subject.end]
    return (
        len(subject) == 1
        and subject[0].lower_ in {"that", "this"}
        and prop.object.role == "clause"
        and "that" in {doc[prop.object.start].lower_, doc[prop.object.start - 1].lower_}
    )


def _bracketed_amount(doc: ParsedDoc, part: Part) -> bool:
    """An amount in brackets ("(£7.36m)"): words that are all numbers, currency signs or units."""
    words = [w for w in doc[part.start : part.end] if not w.is_punct]
    return (
        part.start > 0
        and doc[part.start - 1].text == "("
        and bool(words)
        and all(
            _NUMBER_WORD.match(w.text) or w.lower_ in AMOUNT_UNITS or w.tag_ == "$" for w in words
        )
    )


def _said_of(doc: ParsedDoc, prop: Proposition) -> bool:
    """A passive reporting or belief verb whose clause holds what was said: "X is said / was
    thought to ..." (not "the plan was announced", a fact about the plan)."""
    words = prop.relation_lemma.split(" ")
    verb = doc[prop.relation[-1]]
    return (
        len(words) == 2
        and words[0] == "be"
        and verb.lemma_ in REPORTING_OR_BELIEF_VERBS
        and any(c.dep_ in {XCOMP, CCOMP} for c in verb.children)
    )


def _origin(doc: ParsedDoc, prop: Proposition) -> Proposition:
    """ "Philip Roth (US)", "Ann Lee of Canada": a person's place in apposition is where they are
    from, not what they are."""
    if prop.object is None or prop.relation_text is None or prop.relation_lemma != "be":
        return prop
    a, b = doc[prop.subject.head], doc[prop.object.head]
    if (
        a.ent_type_ in {"PERSON", ""}
        and a.pos_ == "PROPN"
        and b.ent_type_ == "GPE"
        and b.pos_ == "PROPN"
    ):
        return replace(prop, relation_text="is from", relation_lemma="be from")
    return prop


#: A number as one word, with its unit letters: "2.9bn", "836m", "40.7", "£1.99bn".
_NUMBER_WORD = re.compile(r"^[£$€¥]?\d[\d.,]*(?:m|bn|mn|k|tn)?$", re.IGNORECASE)


def _value(doc: ParsedDoc, part: Part) -> bool:
    """An amount, a date or a number ("2.4bn euros", "$3.1bn", "July"), not a thing."""
    words = doc[part.start : part.end]
    return doc[part.head].ent_type_ in VALUE_LABELS or (
        len(words) <= 4
        and any(
            w.ent_type_ in VALUE_LABELS or w.lower_ in AMOUNT_UNITS or _NUMBER_WORD.match(w.text)
            for w in words
        )
        and not any(
            not _NUMBER_WORD.match(w.text)  # the tagger may call "2.9bn" a name or an organisation
            and (
                (w.pos_ == "PROPN" and w.lower_ not in AMOUNT_UNITS)  # "836m euros": "m" is PROPN
                or (w.ent_type_ and w.ent_type_ not in VALUE_LABELS)
            )
            for w in words
        )
    )


def _close_brackets(doc: ParsedDoc, part: Part) -> Part:
    """An argument cut inside a bracket ("2.4bn euros ($3.1bn; £2.9bn") ends before the bracket."""
    if part.end <= part.start:
        return part
    text = doc.text[doc.words[part.start].idx : doc.words[part.end - 1].idx + 1]
    if "(" not in text:
        return part  # the common case, read off the text without a word walk
    opened = [w.i for w in doc[part.start : part.end] if w.text == "("]
    closed = sum(1 for w in doc[part.start : part.end] if w.text == ")")
    if len(opened) > closed and part.start <= part.head < opened[-1]:
        end = opened[-1]
        while end > part.start and doc[end - 1].is_punct:
            end -= 1
        return replace(part, end=end)
    return part


def _triple(
    doc, prop: Proposition, ref: SentenceRef, token_entity, keep_unresolved, offset, spoken=()
) -> Triple | None:
    for part in (prop.subject, prop.object):
        if (
            part is not None
            and _is_bare_pronoun(doc, part)
            and part.head not in token_entity
            and not keep_unresolved
        ):
            return None  # an unresolved pronoun is never a node
    if not keep_unresolved:
        subject_part = _close_brackets(doc, prop.subject)
        object_part = _close_brackets(doc, prop.object) if prop.object is not None else None
        if subject_part is not prop.subject or object_part is not prop.object:
            prop = replace(prop, subject=subject_part, object=object_part)
        prop = _origin(doc, prop)
        if _states_nothing(doc, prop):
            return None
    subject = _argument(doc, prop.subject, "subject", token_entity, offset)
    obj = _argument(doc, prop.object, "object", token_entity, offset) if prop.object else None
    extras = tuple(_argument(doc, p, p.role, token_entity, offset) for p in prop.extras)
    relation = _relation(doc, prop, offset)
    if relation is None:
        return None
    if (
        obj is not None
        and prop.object is not None
        and obj.entity_id is not None
        and obj.entity_id == subject.entity_id
    ):
        restates = (
            prop.relation_lemma != "be"
            or doc[prop.object.head].pos_ == "PROPN"
            or obj.text.isupper()
        )
        if restates and not keep_unresolved:
            return None  # acting on itself (a misparse far more often than a fact), or "X is X" by another name
        # "Ann Lee, a director": a description, not a self-loop (one-sentence Open IE keeps every tuple)
        obj = replace(obj, entity_id=None)
    extras = tuple(
        replace(e, entity_id=None) if e.entity_id and e.entity_id == subject.entity_id else e
        for e in extras
    )
    speaker = prop.context.speaker
    if speaker is None and prop.relation:
        # inside a direct quotation: its speaker, even when the reporting verb is sentences away
        quote = quote_of(spoken, prop.relation[0])
        speaker = quote.speaker if quote is not None else None
    attributed = _speaker_entity(doc, speaker, token_entity) if speaker is not None else None
    modality = prop.context.modality
    if (
        speaker is not None
        and attributed is None
        and modality is None
        and doc[speaker].pos_ not in {"PRON", "NUM"}
        and doc[speaker].ent_type_ not in VALUE_LABELS
    ):
        modality = "reported"  # somebody the graph holds no node for says so: not a fact
    return Triple(
        subject=subject,
        relation=relation,
        object=obj,
        sentence=ref,
        rule=prop.rule,
        extras=extras,
        negated=prop.context.negated,
        modality=modality,
        attributed_to=attributed,
        confidence=_confidence(doc, prop),
    )


def _relation(doc: ParsedDoc, prop: Proposition, offset: int) -> Relation | None:
    if prop.relation_text is not None:  # implied, e.g. apposition "is"
        anchor = doc[prop.subject.end - 1]
        at = anchor.idx + len(anchor.text) + offset
        return Relation(text=prop.relation_text, lemma=prop.relation_lemma, start=at, end=at)
    first, last = doc[prop.relation[0]], doc[prop.relation[-1]]
    occupied = [prop.subject] + ([prop.object] if prop.object else [])
    if any(p.start <= last.i and first.i < p.end for p in occupied):
        # the written range would swallow an argument: keep the verb group only
        verbish = [i for i in prop.relation if not any(p.start <= i < p.end for p in occupied)]
        if not verbish:
            return None
        first, last = doc[verbish[0]], doc[verbish[-1]]
    start, end = first.idx, last.idx + len(last.text)
    # written words only: no quote marks or line breaks caught between them, and no nominal
    # argument written between the verb and its preposition ("rose 43% to" is "rose to"; an
    # adverb stays: "stepped down as")
    own = set(prop.relation)
    # the object is never written inside the relation ("launched Nirvana on to" is "launched on to")
    nominal = [p for p in prop.extras if doc[p.head].pos_ in _NOMINAL_POS] + occupied
    between = [
        t
        for t in doc[first.i : last.i + 1]
        if not (t.is_punct or t.is_space)
        and (t.i in own or not any(p.start <= t.i < p.end for p in nominal))
    ]
    text = " ".join("".join(t.text_with_ws for t in group).strip() for group in _runs(between))
    text = " ".join(text.split()) or first.text
    return Relation(text=text, lemma=prop.relation_lemma, start=start + offset, end=end + offset)


_NOMINAL_POS = frozenset({"NOUN", "PROPN", "NUM", "PRON", "SYM"})


def _runs(words: list[Word]) -> list[list[Word]]:
    """Consecutive words grouped (a gap where an argument was left out starts a new group)."""
    groups: list[list[Word]] = []
    for w in words:
        if groups and groups[-1][-1].i + 1 == w.i:
            groups[-1].append(w)
        else:
            groups.append([w])
    return groups


def _confidence(doc: ParsedDoc, prop: Proposition) -> float:
    score = rule_confidence(prop.rule)
    parts: Iterable[Part] = [prop.subject] + ([prop.object] if prop.object else [])
    for part in parts:
        length = part.end - part.start
        if length > 12:
            score -= 0.1  # very long arguments are often mis-attached
    score -= 0.03 * max(0, len(prop.extras) - 1)
    return round(min(1.0, max(0.05, score)), 3)
