"""A cheap check that a text looks like English prose (to warn, never to refuse)."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_FUNCTION_WORDS = frozenset(
    "the a an and or of to in on at for with by from is are was were be has have had it that this as said".split()
)


def looks_english(text: str) -> bool:
    """Mostly words (not numbers or tables), in Latin script, with common English function words."""
    sample = text[:20_000]
    words = _WORD.findall(sample)
    if not words or len(words) < 0.5 * len(sample.split()):
        return False  # nothing but numbers, symbols or table rules
    latin = sum(1 for w in words if w.isascii())
    if latin < 0.6 * len(words):
        return False
    function = sum(1 for w in words if w.lower() in _FUNCTION_WORDS)
    return len(words) < 8 or function >= 0.05 * len(words)
