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


def alias_order(text: str) -> tuple[str, str]:
    """Sort key for aliases: case-insensitive, then exact (so the order never depends on hashing)."""
    return text.lower(), text
