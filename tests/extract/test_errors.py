"""The error base, option errors spelled by their caller, and one-line messages."""

from __future__ import annotations

import pytest

from extract.dask_engine import EngineError
from extract.engines import Engine
from extract.errors import InputError, KgError, ModelNotFoundError, OptionError, one_line


def test_every_user_error_is_a_kg_error():
    from graph.io.atomic import GraphFileError
    from graph.rdf.links import LinkTableError
    from graph.rdf.model import InvalidIriError
    from graph.rdf.source_names import SourceUriError
    from graph.sparql.query import QueryError
    from graph.store.kgstore import StoreError
    from graph.store.push import PushError
    from graph.views.entity_graph import EntityNotFoundError

    errors = [
        InputError,
        ModelNotFoundError,
        OptionError,
        EngineError,
        GraphFileError,
        QueryError,
        InvalidIriError,
        StoreError,
        PushError,
        SourceUriError,
        LinkTableError,
        EntityNotFoundError,
    ]
    assert [e for e in errors if not issubclass(e, KgError)] == []
    assert issubclass(QueryError, ValueError) and issubclass(
        EngineError, RuntimeError
    )  # old bases kept


def test_option_error_names_parameters_until_a_caller_spells_them():
    error = OptionError("give either {output} or {store}, got {value!r}", value="{x}")
    assert str(error) == "give either output or store, got '{x}'"
    assert error.options == ("output", "store")
    assert error.spelled({"output": "-o OUT"}) == "give either -o OUT or store, got '{x}'"


def test_one_line_joins_white_space_and_cuts():
    assert one_line(ValueError("a\n\tb  c")) == "a b c"
    assert one_line("x" * 300) == "x" * 200
    assert one_line("y " * 100, 5) == "y y y"
    assert one_line("z " * 300, None).count("z") == 300


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"jobs": 0}, "batch_size and jobs must be at least 1"),
        ({"batch_size": 0}, "batch_size and jobs must be at least 1"),
        ({"scheduler": "tcp://host:8786"}, "scheduler needs engine dask"),
        ({"kind": "spark"}, "engine must be one of local, dask, got 'spark'"),
    ],
)
def test_engine_refuses_impossible_options(options, message):
    with pytest.raises(OptionError) as caught:
        Engine(**options)
    assert str(caught.value) == message


def test_dask_engine_parses_elsewhere():
    assert Engine().needs_local_model
    assert not Engine("dask", scheduler="tcp://host:8786").needs_local_model
