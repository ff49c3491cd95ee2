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
        return [
            (t.subject.text, t.relation.text, t.object.text if t.object else None)
            for t in graph.triples
        ], graph

    return run


@pytest.fixture
def loopback():
    """respond -> a started LoopbackServer on 127.0.0.1 (tests/loopback.py), stopped after the test."""
    from contextlib import ExitStack

    from tests.loopback import LoopbackServer

    with ExitStack() as stack:

        def start(respond, *, tls=None) -> LoopbackServer:
            return stack.enter_context(LoopbackServer(respond, tls=tls))

        yield start


@pytest.fixture(scope="session")
def certificate(tmp_path_factory):
    """(cert.pem, key.pem): a self-signed certificate for 127.0.0.1, made once per session."""
    from tests.loopback import self_signed_certificate

    made = self_signed_certificate(tmp_path_factory.mktemp("tls"))
    if made is None:
        pytest.skip(
            "neither the cryptography package nor the openssl command is available to make a certificate"
        )
    return made
