"""Errors a user can cause, and the one-line form of a message; light to import (the CLI imports them before spaCy).

Every error a user's input or options can cause derives from `KgError`, so that the CLI
catches one class and prints one line (`graph.cli`). A library message says what was
expected and what arrived, in the words of the Python API; an `OptionError` names the
options it is about by their parameter names, and the CLI spells them as its flags.
"""

from __future__ import annotations

import string


class KgError(Exception):
    """Base of the errors a user can cause: bad input, options, graphs, queries, stores, endpoints."""


class InputError(KgError, ValueError):
    """Input that cannot be read as text documents."""


class ModelNotFoundError(KgError, LookupError):
    """No usable spaCy pipeline under the requested name."""


class OptionError(KgError, ValueError):
    """Options that cannot go together, or a value out of range.

    `template` names each option as a `{field}` that `values` does not fill; `str()`
    writes the parameter names, `spelled(names)` the caller's own (a CLI's flags). Values
    (what the user gave) go in `values`, never into the template, whatever braces they hold:

    >>> error = OptionError("give either {output} or {store}, not both")
    >>> str(error)
    'give either output or store, not both'
    >>> error.spelled({"output": "-o OUT", "store": "--store DIR"})
    'give either -o OUT or --store DIR, not both'
    >>> str(OptionError("{top} must be 0 or more, got {value}", value="-1{}"))
    'top must be 0 or more, got -1{}'
    """

    def __init__(self, template: str, **values: object) -> None:
        self.template = template
        self.values = values
        fields = (f for _, f, _, _ in string.Formatter().parse(template) if f)
        #: the parameter names the message is about, in order
        self.options = tuple(dict.fromkeys(f for f in fields if f not in values))
        super().__init__(self.spelled({}))

    def spelled(self, names: dict[str, str]) -> str:
        """The message with each option written as `names[option]` (its parameter name if absent)."""
        return self.template.format(**{f: names.get(f, f) for f in self.options}, **self.values)


def one_line(value: object, limit: int | None = 200) -> str:
    """`str(value)` on one line (runs of white space as one space), cut to `limit` characters.

    For a library's or a parser's message inside one of ours: a multi-line rdflib or
    Oxigraph error must not break the CLI's one-line promise.

    >>> one_line(ValueError("bad\\n  token at line 3"))
    'bad token at line 3'
    """
    text = " ".join(str(value).split())
    return text if limit is None else text[:limit]
