"""Errors a user can cause; light to import (the CLI imports them before spaCy)."""

from __future__ import annotations


class InputError(ValueError):
    """Input that cannot be read as text documents."""


class ModelNotFoundError(LookupError):
    """No usable spaCy pipeline under the requested name."""
