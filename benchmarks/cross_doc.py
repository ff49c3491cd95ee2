"""Cross-document entity merging on the BBC news test corpus (issue 13).

Builds the first N articles (default 100) into one graph the way `kg build`
does (`extract_documents`, then `GraphBuilder`) and reports which entities
have mentions in two or more documents: cross-document merges. A named
entity's IRI comes from its name alone, so the same name in two articles is
one node; a common-noun concept's IRI is scoped to its document
(`<doc-slug>/...`), so a concept shared by two documents must never happen:
its count is reported and every one is listed.

Also reported: merges whose documents typed the entity differently (one IRI,
"Liverpool" the city in one article and the club in another), names written
alike that ended under two or more IRIs (to judge: a split when they are one
thing, "US" is `us` in most articles but `america` in one that also says
"America"; right when a surname names two people), and merged names
with no capital letter (a common noun that reached a name's IRI). `--top K`
lists the names merged across the most documents; `--sample K --seed S`
prints K random cross-document merges, each with its label, types, aliases
and its first mention, marked [[so]], in each of (up to `--quote`, default 3)
of its documents, for a person to judge. Prints one summary line at the end:

    cross_doc: docs=100 entities=.. cross_doc_named=.. shared_concepts=0 type_conflicts=.. multi_iri_names=.. lowercase_named=.. (seconds=..)

    uv run python benchmarks/cross_doc.py [--corpus FILE.csv] [--limit 100] [--top 20] [--sample 20 --seed 1]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rdflib.namespace import RDF  # noqa: E402

from extract.ids import alias_order, is_document_scoped  # noqa: E402
from extract.mentions import normalise_name  # noqa: E402
from extract.model import DocumentGraph, EntityType, Mention, SentenceRef  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "corpus" / "bbc-news-test.csv"
#: documents per merge whose sentences are kept for the sample (memory stays bounded)
QUOTED_DOCS = 3
#: characters of context kept either side of the quoted mention
WINDOW = 120



@dataclass
class Spread:
    """One entity id as seen across the documents of a build."""

    id: str
    label: str  # the first document's label (the graph keeps the first label too)
    docs: list[str] = field(default_factory=list)
    types: dict[str, EntityType] = field(default_factory=dict)  # doc -> its type there
    aliases: set[str] = field(default_factory=set)  # every other label and alias
    sentences: dict[str, str] = field(default_factory=dict)  # the first few docs -> its first mention in context

    @property
    def named(self) -> bool:
        return not is_document_scoped(self.id)

    @property
    def type_names(self) -> list[str]:
        return sorted({t.value for t in self.types.values()})


def in_context(mention: Mention, sentence: SentenceRef, window: int = WINDOW) -> str:
    """The mention marked [[like this]] in its sentence, cut to `window` characters either side."""
    start, end = mention.start - sentence.start, mention.end - sentence.start
    text = sentence.text
    if not 0 <= start <= end <= len(text):
        return " ".join(text.split())
    left, right = text[max(0, start - window) : start], text[end : end + window]
    left = ("..." if start > window else "") + left
    right = right + ("..." if end + window < len(text) else "")
    return " ".join(f"{left}[[{text[start:end]}]]{right}".split())


@dataclass
class CrossDocCounts:
    """Entity ids by the documents they occur in: fed one `DocumentGraph` at a time.

    `quoted` documents per entity keep a sentence for `describe` (the first ones seen).
    """

    documents: int = 0
    spreads: dict[str, Spread] = field(default_factory=dict)
    quoted: int = QUOTED_DOCS
    #: a name as written (normalised) -> named-entity id -> documents where it names that entity
    name_forms: dict[str, dict[str, set[str]]] = field(default_factory=dict)

    def add(self, document: DocumentGraph) -> None:
        self.documents += 1
        first: dict[str, Mention] = {}
        for mention in document.mentions:
            if mention.kind != "pronoun":  # a mention that names or describes it
                first.setdefault(mention.entity_id, mention)
            if mention.kind == "name" and not is_document_scoped(mention.entity_id):
                form = normalise_name(mention.text)
                if form:
                    ids = self.name_forms.setdefault(form, {})
                    ids.setdefault(mention.entity_id, set()).add(document.doc)
        sentences = {s.index: s for s in document.sentences}
        for entity in document.entities:
            spread = self.spreads.get(entity.id)
            if spread is None:
                spread = self.spreads[entity.id] = Spread(entity.id, entity.label)
            if document.doc not in spread.types:
                spread.docs.append(document.doc)
            spread.types[document.doc] = entity.type
            spread.aliases.update({entity.label, *entity.aliases} - {spread.label})
            mention = first.get(entity.id)
            sentence = sentences.get(mention.sentence) if mention is not None else None
            if sentence is not None and len(spread.sentences) < self.quoted and document.doc not in spread.sentences:
                spread.sentences[document.doc] = in_context(mention, sentence)

    def cross_document(self) -> list[Spread]:
        """Entities with mentions in two or more documents, most documents first, then by id."""
        merged = [s for s in self.spreads.values() if len(s.docs) >= 2]
        return sorted(merged, key=lambda s: (-len(s.docs), s.id))

    def named(self) -> list[Spread]:
        return [s for s in self.cross_document() if s.named]

    def shared_concepts(self) -> list[Spread]:
        """Document-scoped concepts found in two documents: must be none."""
        return [s for s in self.cross_document() if not s.named]

    def type_conflicts(self) -> list[Spread]:
        """Merged names typed differently by different documents (one IRI, one rdf:type in the graph)."""
        return [s for s in self.named() if len(s.type_names) > 1]

    def multi_iri_names(self) -> list[tuple[str, dict[str, set[str]]]]:
        """Names written alike that stand for two or more named-entity IRIs, by name: a split when
        they are one thing ("US" under `us` in one document, under `america` in one that also said
        "America"), right when they are not ("Lee" for Spike Lee in one article, Stan Lee in another)."""
        return sorted((form, ids) for form, ids in self.name_forms.items() if len(ids) > 1)

    def lowercase_names(self) -> list[Spread]:
        """Merged names with no capital letter in their label: a common noun under a name's IRI."""
        return [s for s in self.named() if not any(c.isupper() for c in s.label)]


def describe(spread: Spread) -> str:
    """A few lines a person can judge a merge by."""
    aliases = ", ".join(sorted(spread.aliases, key=alias_order)[:10]) or "-"
    lines = [
        f"{spread.label!r} [{'/'.join(spread.type_names)}] docs={len(spread.docs)} ({', '.join(spread.docs[:8])}"
        f"{', ...' if len(spread.docs) > 8 else ''}) id={spread.id}",
        f"    aliases: {aliases}",
    ]
    for doc, sentence in spread.sentences.items():
        lines.append(f"    {doc} ({spread.types[doc].value}): {sentence}")
    return "\n".join(lines)


def sample(merges: list[Spread], k: int, seed: int) -> list[Spread]:
    """k merges drawn at random (stable for a seed), in the order drawn."""
    return random.Random(seed).sample(merges, min(k, len(merges)))


def run(documents: Iterable[DocumentGraph], *, quoted: int = QUOTED_DOCS) -> tuple[CrossDocCounts, int]:
    """Count cross-document merges while building the graph as `kg build` does; returns (counts, graph entities)."""
    from graph.rdf.model import GraphBuilder
    from graph.rdf.vocab import KG

    counts = CrossDocCounts(quoted=quoted)
    builder = GraphBuilder()
    for document in documents:
        builder.add_document(document)
        counts.add(document)
    kg_entity = KG.Entity
    entities = sum(1 for _, p, o in builder.triples() if p == RDF.type and o == kg_entity)
    return counts, entities


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=100, help="the first N articles (default 100)")
    parser.add_argument("--top", type=int, default=20, help="list the K names merged across the most documents")
    parser.add_argument("--sample", type=int, default=0, help="print K random cross-document merges to judge")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quote", type=int, default=QUOTED_DOCS, help="documents quoted per sampled merge")
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()

    from benchmarks.throughput import read_corpus
    from extract.nlp import load_nlp
    from extract.pipeline import extract_documents

    docs = read_corpus(args.corpus, args.limit)
    nlp = load_nlp()
    start = time.perf_counter()
    counts, entities = run(extract_documents(nlp, docs, batch_size=args.batch_size), quoted=args.quote)
    seconds = time.perf_counter() - start

    named = counts.named()
    shared = counts.shared_concepts()
    conflicts = counts.type_conflicts()
    lowercase = counts.lowercase_names()
    multi = counts.multi_iri_names()
    if shared:
        print(f"# concepts shared by two documents ({len(shared)}): must be none")
        for spread in shared:
            print(describe(spread))
    print(f"# the {min(args.top, len(named))} names merged across the most documents")
    for spread in named[: args.top]:
        print(f"  {len(spread.docs):3d}  {spread.label!r} [{'/'.join(spread.type_names)}]  id={spread.id}")
    if conflicts:
        print(f"# merged names typed differently in different documents ({len(conflicts)})")
        for spread in conflicts:
            by_type = {t: sum(1 for v in spread.types.values() if v.value == t) for t in spread.type_names}
            print(f"  {spread.label!r} " + ", ".join(f"{t} x{n}" for t, n in by_type.items()))
    if multi:
        print(f"# names written alike under two or more IRIs ({len(multi)})")
        for form, ids in multi:
            where = ", ".join(f"{eid} x{len(docs)}" for eid, docs in sorted(ids.items(), key=lambda kv: (-len(kv[1]), kv[0])))
            print(f"  {form!r}: {where}")
    if lowercase:
        print(f"# merged names with no capital letter ({len(lowercase)})")
        print("  " + ", ".join(repr(s.label) for s in lowercase))
    if args.sample:
        print(f"# {min(args.sample, len(named))} random cross-document merges (seed {args.seed})")
        for number, spread in enumerate(sample(named, args.sample, args.seed), 1):
            print(f"{number:2d}. {describe(spread)}")
    print(
        f"cross_doc: docs={counts.documents} entities={entities} cross_doc_named={len(named)} "
        f"shared_concepts={len(shared)} type_conflicts={len(conflicts)} multi_iri_names={len(multi)} "
        f"lowercase_named={len(lowercase)} "
        f"(seconds={seconds:.1f})"
    )


if __name__ == "__main__":
    main()
