"""Shared fixtures: the real spaCy model, loaded once per test session."""

from __future__ import annotations

import pytest

from extract.model import DocumentGraph


@pytest.fixture(scope="session")
def nlp():
    from extract.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def extract_text(nlp):
    """text -> DocumentGraph (the whole text as one document, coreference on)."""
    from extract.pipeline import extract_documents

    def run(text: str, doc_id: str = "test") -> DocumentGraph:
        return next(extract_documents(nlp, [(doc_id, text)]))

    return run


@pytest.fixture(scope="session")
def triples_of(extract_text):
    """text -> list of (subject, relation, object) surface strings, plus the graph."""

    def run(text: str):
        graph = extract_text(text)
        return [(t.subject.text, t.relation.text, t.object.text if t.object else None) for t in graph.triples], graph

    return run
