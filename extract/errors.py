"""Errors a user can cause, and the one-line form of a message; light to import (the CLI imports them before spaCy).

Every error a user's input or options can cause derives from `KgError`, so that the CLI
catches one class and prints one line (`graph.cli`). A library message says what was
expected and what arrived, in the words of the Python API: an option is named by its
parameter name (`KgError.naming`, `OptionError`), and the CLI spells it as its flag.
"""

from __future__ import annotations

import string


class KgError(Exception):
    """Base of the errors a user can cause: bad input, options, graphs, queries, stores, endpoints.

    A message that points at an option names it as a `{field}` of a template
    (`KgError.naming`): `str()` writes the parameter name, `spelled(names)` the caller's
    own (a CLI's flags). What the user gave goes in as a value, never into the template,
    whatever braces it holds:

    >>> error = InputError.naming("no {pattern} files in {folder} (choose others with {glob})", pattern="*.txt", folder="a{b}")
    >>> str(error)
    'no *.txt files in a{b} (choose others with glob)'
    >>> error.spelled({"glob": "--glob"})
    'no *.txt files in a{b} (choose others with --glob)'
    """

    template: str | None = None
    values: dict[str, object] = {}
    options: tuple[str, ...] = ()

    @classmethod
    def naming(cls, template: str, **values: object):
        """The error whose message is `template`, options as `{name}` fields, `values` filled in."""
        error = cls.__new__(cls)
        error._named(template, values)
        return error

    def _named(self, template: str, values: dict[str, object]) -> None:
        self.template, self.values = template, values
        fields = (f for _, f, _, _ in string.Formatter().parse(template) if f)
        #: the parameter names the message is about, in order
        self.options = tuple(dict.fromkeys(f for f in fields if f not in values))
        Exception.__init__(self, self.spelled({}))

    def spelled(self, names: dict[str, str]) -> str:
        """The message with each option written as `names[option]` (its parameter name if absent)."""
        if self.template is None:
            return str(self)
        return self.template.format(**{f: names.get(f, f) for f in self.options}, **self.values)


class InputError(KgError, ValueError):
    """Input that cannot be read as text documents."""


class ModelNotFoundError(KgError, LookupError):
    """No usable spaCy pipeline under the requested name."""


class OptionError(KgError, ValueError):
    """Options that cannot go together, or a value out of range; always a template (`KgError.naming`).

    >>> error = OptionError("give either {output} or {store}, not both")
    >>> str(error)
    'give either output or store, not both'
    >>> error.spelled({"output": "-o OUT", "store": "--store DIR"})
    'give either -o OUT or --store DIR, not both'
    >>> str(OptionError("{top} must be 0 or more, got {value}", value="-1{}"))
    'top must be 0 or more, got -1{}'
    """

    def __init__(self, template: str, **values: object) -> None:
        self._named(template, values)


def one_line(value: object, limit: int | None = 200) -> str:
    """`str(value)` on one line (runs of white space as one space), cut to `limit` characters.

    For a library's or a parser's message inside one of ours: a multi-line rdflib or
    Oxigraph error must not break the CLI's one-line promise.

    >>> one_line(ValueError("bad\\n  token at line 3"))
    'bad token at line 3'
    """
    text = " ".join(str(value).split())
    return text if limit is None else text[:limit]
