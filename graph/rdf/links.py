"""Linking resolved entities to an authority (Wikidata, a newsroom's own list) with owl:sameAs.

A link table is a CSV or TSV file with a header: a ``label`` column (a name or an alias as it
may appear in text; ``alias`` or ``name`` also work), an ``iri`` column (``uri`` also works;
a bare Wikidata id such as ``Q42`` or ``wd:Q42`` stands for
``http://www.wikidata.org/entity/Q42``) and, optionally, a ``type`` column (an entity type
such as ``Person``, ``schema:Place`` or ``GovernmentOrganization``; spaCy's ``PERSON``,
``ORG``, ``GPE`` ... are understood too). See examples/links.csv.

A row links an entity when its name and the entity's name are the same after `normalise_name`
(case, accents' composed forms, punctuation and a leading "the" ignored) and the types are
compatible (same type, or organisation and government body, which the extractor cannot always
tell apart; a row without a type fits any). The entity's canonical label is tried first, its
aliases only when no label fits. A row that fits several entities, or an entity that several
rows give different IRIs, is ambiguous and links nothing: a wrong owl:sameAs merges two
things in every tool that reads it, a missing one only loses a link.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from extract.errors import InputError
from extract.model import EntityType
from graph.rdf.terms import term_value
from graph.rdf.vocab import CLASS_TYPE, KG

WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"

NAME_COLUMNS = ("label", "alias", "name")
IRI_COLUMNS = ("iri", "uri")
TYPE_COLUMN = "type"

_WIKIDATA_ID = re.compile(r"^(?:wd:)?(Q[1-9][0-9]*)$", re.IGNORECASE)
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
_INSIDE_WORD = re.compile(r"(?<=\w)['’.](?=\w)|(?<=\w)\.$")  # U.S. -> US, China's -> Chinas
_NON_WORD = re.compile(r"[^\w]+")

#: other spellings of the entity types (spaCy labels, lower-case forms)
_TYPE_NAMES: dict[str, EntityType] = {
    **{t.value.lower(): t for t in EntityType},
    **{t.name.lower().replace("_", ""): t for t in EntityType},
    "person": EntityType.PERSON,
    "per": EntityType.PERSON,
    "org": EntityType.ORGANIZATION,
    "organisation": EntityType.ORGANIZATION,
    "government": EntityType.GOVERNMENT_BODY,
    "gpe": EntityType.PLACE,
    "loc": EntityType.PLACE,
    "location": EntityType.PLACE,
    "fac": EntityType.PLACE,
    "norp": EntityType.GROUP,
    "law": EntityType.LEGISLATION,
    "work_of_art": EntityType.WORK,
}
_COMPATIBLE = {
    frozenset({EntityType.ORGANIZATION, EntityType.GOVERNMENT_BODY}),
}


class LinkTableError(InputError):
    """A link table that cannot be read: missing file or columns, a value that is not an IRI."""


@dataclass(frozen=True)
class Link:
    """One row of a link table: a name, the IRI it stands for, optionally the entity type."""

    name: str
    iri: str
    type: EntityType | None
    line: int  # 1-based line in the file, for messages


@dataclass(frozen=True)
class EntityNames:
    """What a link is matched against: an entity's IRI, type, label and aliases."""

    iri: str
    type: EntityType
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class LinkReport:
    """The outcome of matching a link table: the owl:sameAs pairs and the rows that made none."""

    rows: int
    same_as: tuple[tuple[str, str], ...]  # (entity IRI, authority IRI), sorted
    linked_rows: int
    unmatched: tuple[Link, ...]
    ambiguous: tuple[tuple[Link, str], ...]  # (row, why)

    @property
    def complete(self) -> bool:
        """Every row linked an entity."""
        return not self.unmatched and not self.ambiguous

    def triples(self) -> list[tuple[URIRef, URIRef, URIRef]]:
        """The owl:sameAs triples (rdflib terms)."""
        return [(URIRef(entity), OWL.sameAs, URIRef(target)) for entity, target in self.same_as]

    def summary(self, source: str) -> str:
        """One line: how many rows linked how many entities, then the rows that did not link."""
        entities = len({entity for entity, _ in self.same_as})
        line = f"{source}: {self.linked_rows} of {self.rows} row(s) linked {entities} entit{'y' if entities == 1 else 'ies'} (owl:sameAs)"
        if self.unmatched:
            line += f"; {len(self.unmatched)} unmatched: " + _listed(
                f"{row.name!r}" for row in self.unmatched
            )
        if self.ambiguous:
            line += f"; {len(self.ambiguous)} ambiguous: " + _listed(
                f"{row.name!r} ({why})" for row, why in self.ambiguous
            )
        return line


def _listed(items: Iterable[str], limit: int = 5) -> str:
    items = list(items)
    shown = ", ".join(items[:limit])
    return f"{shown} and {len(items) - limit} more" if len(items) > limit else shown


# --- reading ---------------------------------------------------------------


def normalise_name(text: str) -> str:
    """The form names are compared in: NFKC, case-folded, punctuation gone, no leading "the".

    >>> normalise_name("the  Ministry of State-Security"), normalise_name("U.S."), normalise_name("China’s")
    ('ministry of state security', 'us', 'chinas')
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    words = _NON_WORD.sub(" ", _INSIDE_WORD.sub("", folded)).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def parse_type(value: str) -> EntityType | None:
    """An entity type from a table cell ("" -> None); raises ValueError for an unknown one.

    >>> parse_type("schema:GovernmentOrganization"), parse_type("ORG"), parse_type("")
    (<EntityType.GOVERNMENT_BODY: 'GovernmentOrganization'>, <EntityType.ORGANIZATION: 'Organization'>, None)
    """
    text = value.strip()
    if not text:
        return None
    for cls, entity_type in CLASS_TYPE.items():
        if text == str(cls):
            return entity_type
    name = text.split(":", 1)[1] if text.lower().startswith(("schema:", "kg:")) else text
    found = _TYPE_NAMES.get(name.strip().lower())
    if found is None:
        raise ValueError(
            f"unknown entity type {value!r}; use one of: {', '.join(t.value for t in EntityType)}"
        )
    return found


def parse_iri(value: str) -> str:
    """The IRI of a table cell: an absolute IRI, or a Wikidata id (Q42, wd:Q42); ValueError otherwise."""
    text = value.strip()
    wikidata = _WIKIDATA_ID.match(text)
    if wikidata:
        return WIKIDATA_ENTITY + wikidata.group(1).upper()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if not _IRI.match(text) or not _oxigraph_accepts(text):
        raise ValueError(
            f"{value!r} is not an IRI; give an absolute IRI (http://www.wikidata.org/entity/Q42) or a Wikidata id (Q42)"
        )
    return text


def _oxigraph_accepts(iri: str) -> bool:
    """Whether Oxigraph (the store, the Turtle writer) takes `iri` as a valid IRI."""
    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return True


def read_links(path: str | Path) -> tuple[Link, ...]:
    """The rows of a CSV or TSV link table (tab-separated when the header has a tab).

    Raises
    ------
    LinkTableError
        The file is missing or unreadable, the header lacks a name or IRI column, or a row has
        an empty name, a value that is not an IRI, or an unknown type (the message gives the line).
    """
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise LinkTableError(f"link table not found: {source}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise LinkTableError(
            f"cannot read link table {source}: {getattr(exc, 'strerror', None) or exc}"
        ) from exc
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise LinkTableError(
            f"link table {source} is empty; it needs a header row: label,iri[,type]"
        )
    delimiter = "\t" if "\t" in lines[0] else ","
    reader = csv.reader(lines, delimiter=delimiter)
    header = [cell.strip().lower() for cell in next(reader)]
    name_col = next((header.index(c) for c in NAME_COLUMNS if c in header), None)
    iri_col = next((header.index(c) for c in IRI_COLUMNS if c in header), None)
    type_col = header.index(TYPE_COLUMN) if TYPE_COLUMN in header else None
    if name_col is None or iri_col is None:
        raise LinkTableError(
            f"link table {source} needs a header with a label column and an iri column (and optionally type); "
            f"it has: {', '.join(header) or 'nothing'}"
        )
    links = []
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = row + [""] * (len(header) - len(row))
        name = cells[name_col].strip()
        try:
            if not name:
                raise ValueError("the label is empty")
            iri = parse_iri(cells[iri_col])
            entity_type = parse_type(cells[type_col]) if type_col is not None else None
        except ValueError as exc:
            raise LinkTableError(f"{source} line {number}: {exc}") from exc
        links.append(Link(name, iri, entity_type, number))
    return tuple(links)


# --- matching --------------------------------------------------------------


def compatible(wanted: EntityType | None, actual: EntityType) -> bool:
    """Whether a row's type admits an entity's type (no type admits all)."""
    return wanted is None or wanted == actual or frozenset({wanted, actual}) in _COMPATIBLE


def match_links(links: Iterable[Link], entities: Iterable[EntityNames]) -> LinkReport:
    """Match rows to entities (see the module docstring for the rules)."""
    links = tuple(links)
    wanted = {normalise_name(link.name) for link in links}
    by_label: dict[str, list[EntityNames]] = {}
    by_alias: dict[str, list[EntityNames]] = {}
    for entity in entities:  # only the names some row asks for are kept
        label = normalise_name(entity.label)
        if label in wanted:
            by_label.setdefault(label, []).append(entity)
        for alias in {normalise_name(a) for a in entity.aliases} - {label}:
            if alias in wanted:
                by_alias.setdefault(alias, []).append(entity)

    unmatched: list[Link] = []
    ambiguous: list[tuple[Link, str]] = []
    proposals: dict[str, dict[str, list[Link]]] = {}  # entity IRI -> authority IRI -> rows
    for link in links:
        name = normalise_name(link.name)
        found = [e for e in by_label.get(name, ()) if compatible(link.type, e.type)]
        if not found:
            found = [e for e in by_alias.get(name, ()) if compatible(link.type, e.type)]
        iris = sorted({e.iri for e in found})
        if not iris:
            unmatched.append(link)
        elif len(iris) > 1:
            ambiguous.append((link, f"{len(iris)} entities"))
        else:
            proposals.setdefault(iris[0], {}).setdefault(link.iri, []).append(link)

    same_as: list[tuple[str, str]] = []
    linked_rows = 0
    for entity_iri, targets in sorted(proposals.items()):
        if len(targets) > 1:
            for rows in targets.values():
                ambiguous.extend((row, f"{len(targets)} IRIs for one entity") for row in rows)
            continue
        ((target, rows),) = targets.items()
        same_as.append((entity_iri, target))
        linked_rows += len(rows)
    ambiguous.sort(key=lambda item: item[0].line)
    return LinkReport(
        rows=len(links),
        same_as=tuple(sorted(same_as)),
        linked_rows=linked_rows,
        unmatched=tuple(unmatched),
        ambiguous=tuple(ambiguous),
    )


def entities_in(triples: Iterable[tuple]) -> list[EntityNames]:
    """The entities of a graph given as rdflib triples (e.g. `GraphBuilder.triples()`)."""
    kinds: dict[str, list] = {}
    labels: dict[str, str] = {}
    aliases: dict[str, list[str]] = {}
    for s, p, o in triples:
        if p == RDF.type:
            kinds.setdefault(str(s), []).append(o)
        elif p == RDFS.label:
            labels.setdefault(str(s), str(o))
        elif p == SKOS.altLabel:
            aliases.setdefault(str(s), []).append(str(o))
    return [
        EntityNames(iri, _type_of(classes), labels.get(iri, ""), tuple(aliases.get(iri, ())))
        for iri, classes in kinds.items()
        if KG.Entity in classes
    ]


def _type_of(classes: Iterable) -> EntityType:
    types = [CLASS_TYPE[URIRef(str(c))] for c in classes if URIRef(str(c)) in CLASS_TYPE]
    return types[0] if types else EntityType.CONCEPT


_OX_TYPE = ox.NamedNode(str(RDF.type))
_OX_ENTITY = ox.NamedNode(str(KG.Entity))
_OX_LABEL = ox.NamedNode(str(RDFS.label))
_OX_ALT_LABEL = ox.NamedNode(str(SKOS.altLabel))
_OX_SAME_AS = ox.NamedNode(str(OWL.sameAs))


def _store_entities(store: ox.Store) -> Iterator[EntityNames]:
    default = ox.DefaultGraph()
    for quad in store.quads_for_pattern(None, _OX_TYPE, _OX_ENTITY, default):
        node = quad.subject
        classes = [
            term_value(q.object) for q in store.quads_for_pattern(node, _OX_TYPE, None, default)
        ]
        labels = sorted(
            term_value(q.object) for q in store.quads_for_pattern(node, _OX_LABEL, None, default)
        )
        alias = tuple(
            term_value(q.object)
            for q in store.quads_for_pattern(node, _OX_ALT_LABEL, None, default)
        )
        yield EntityNames(term_value(node), _type_of(classes), labels[0] if labels else "", alias)


def link_store(store, links: Iterable[Link]) -> LinkReport:
    """Match `links` against every entity of an open, writable `graph.store.kgstore.KGStore` and add the owl:sameAs.

    The links are added in one transaction; adding them again changes nothing.
    """
    report = match_links(links, _store_entities(store.store))
    store.store.extend(
        ox.Quad(ox.NamedNode(entity), _OX_SAME_AS, ox.NamedNode(target))
        for entity, target in report.same_as
    )
    return report
