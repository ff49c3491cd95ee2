"""Stable identifiers: the same text gives the same ids on every run and machine."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)
def slug(text: str, *, max_length: int = 80) -> str:
    """A lower-case ASCII slug safe in an IRI path segment.

    Letters with accents are folded ("Zürich" -> "zurich"); text with nothing
    left after folding (Chinese, Arabic, emoji) gets a short content hash so the
    id is still stable and unique.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = _NON_WORD.sub("-", folded.lower()).strip("-")
    if len(words) > max_length:
        words = words[:max_length].rstrip("-")
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    if not words:
        return f"x-{digest}"
    if sum(c.isalnum() for c in folded) < sum(c.isalnum() for c in text):
        # letters or digits were dropped (non-Latin script): keep ids distinct
        return f"{words}-{digest[:6]}"
    return words


#: Characters a name may lose in its slug without becoming another name ("St. John's" -> st-john-s).
_HARMLESS = re.compile(r"[\s\-'’.,]+")


def name_slug(name: str) -> str:
    """The IRI key of a named entity: the same name gives the same key in every run and build.

    The slug alone when it loses nothing but spaces and punctuation that never tells names apart;
    otherwise (accents, "+", "#", "&", other scripts) a hash of the name is appended, so "C++
    Foundation" and "C# Foundation", or "Zürich" and "Zurich", never share an IRI. Never a counter:
    nothing else in the build changes a name's IRI.
    """
    base = slug(name)
    folded = _HARMLESS.sub("-", name.lower()).strip("-")
    if folded == base:
        return base
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:6]
    if base.startswith("x-") or base.endswith(f"-{digest}"):
        return base  # `slug` already keyed it by a hash (nothing or little was Latin)
    return f"{base}-{digest}"


def document_slug(doc_id: str) -> str:
    """The IRI segment of a document: its slug when that spells the id exactly, else slug + "_" + hash.

    Document ids that slugify alike ("a b", "a-b", "A_B"; long ids sharing their
    first 80 characters) must not become one document. The suffix is a pure
    function of the id, never a counter, so a document keeps its IRI whatever
    else is built with it (a store grows over many runs). A slug never contains
    "_", so a suffixed segment cannot equal a plain one.
    """
    plain = slug(doc_id)
    if plain == doc_id:
        return plain
    return f"{plain}_{hashlib.sha1(doc_id.encode('utf-8')).hexdigest()[:10]}"


def statement_id(
    doc: str,
    sentence: int,
    subject: tuple[int, int],
    relation: str,
    obj: tuple[int, int] | None,
    rule: str = "",
    *,
    derived_from: tuple | None = None,
) -> str:
    """Id of one extracted statement: position-based, so identical reruns agree.

    The rule is part of the key: a triple and the statement derived from one of
    its prepositional arguments may share subject, predicate and object span.
    `derived_from` names the triple a derived statement comes from (its relation
    and object spans): "mixes A, B and C through X" is three triples sharing
    subject and argument X, and each one's "mix-through X" statement keeps its
    own confidence and flags instead of merging into one node with three.
    Statements that are not derived leave it out (their ids do not change).
    """
    key = f"{doc}\x1f{sentence}\x1f{subject}\x1f{relation}\x1f{obj}\x1f{rule}"
    if derived_from is not None:
        key += f"\x1f{derived_from}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def is_document_scoped(entity_id: str) -> bool:
    """A common-noun concept's id (`<document slug>.<label slug>`), not a name's: no slug holds a '.'."""
    return "." in entity_id


def alias_order(text: str) -> tuple[str, str]:
    """Sort key for aliases: case-insensitive, then exact (so the order never depends on hashing)."""
    return text.lower(), text
