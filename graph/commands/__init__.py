"""The application layer: what each `kg` command does, as functions a Python user can call.

One module per command (`build`, `triples`, `entities`, `query`, `plot`, `export`, `push`,
`validate`), each with one public function taking typed keyword options; `graph.cli` only
parses arguments into those calls and maps errors (`extract.errors.KgError`) to one line
and an exit code. Shared parts: `documents` (input documents streamed through the
extraction engine, with progress), `graphs` (the graph named by a file or a store),
`output` (atomic text output, the `kg:` lines on stderr) and `records` (the record formats of
`kg triples` and `kg entities`: contracts other tools read).

    >>> from extract.engines import Engine
    >>> from graph.commands.documents import Reading
    >>> from graph.commands.build import build
    >>> summary = build(Reading(["examples/"]), output="seed.ttl", quiet=True)  # doctest: +SKIP
"""
