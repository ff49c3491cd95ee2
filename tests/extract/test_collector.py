"""Extraction runs with the cyclic garbage collector waiting, and always leaves it as it found it."""

from __future__ import annotations

import gc

import pytest

from extract.collector import collector_paused
from extract.document import document_graph


@collector_paused
def _collector_state() -> bool:
    return gc.isenabled()


@collector_paused
def _fails() -> None:
    raise RuntimeError("rule failed")


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_collector_waits_during_the_call_and_runs_after_it(collector_on):
    assert _collector_state() is False
    assert gc.isenabled()


def test_collector_runs_again_after_an_error(collector_on):
    with pytest.raises(RuntimeError):
        _fails()
    assert gc.isenabled()


def test_collector_disabled_by_the_caller_stays_disabled(collector_on):
    gc.disable()
    try:
        assert _collector_state() is False
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_document_graph_extracts_with_the_collector_waiting(nlp, collector_on, monkeypatch):
    import extract.document as document

    states = []
    find_mentions = document.find_mentions

    def spy(doc):
        states.append(gc.isenabled())
        return find_mentions(doc)

    monkeypatch.setattr(document, "find_mentions", spy)
    graph = document_graph(nlp("The ministry warned a consultancy."), "d")
    assert states == [False]
    assert gc.isenabled()
    assert graph.entities
