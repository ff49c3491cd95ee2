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


@pytest.fixture(scope="session")
def reparsed(nlp):
    """(text, changes, ents) -> the `ParsedDoc` of the model's parse of `text` with tokens changed
    by hand: a misparse the model made on another sentence, reproduced so that the test does not
    depend on when the model makes it. `changes` maps a token's text (its first occurrence) to what
    to give it: "head" (another token's text), "dep", "tag", "pos"; `ents`, when given, replaces
    the named entities with (first word, last word, label) spans."""
    from spacy.tokens import Doc

    from extract.parsed import ParsedDoc

    def run(text: str, changes: dict[str, dict[str, str]], ents=None) -> ParsedDoc:
        parsed = nlp(text)
        words = [t.text for t in parsed]
        heads = [t.head.i for t in parsed]
        columns = {
            "dep": [t.dep_ for t in parsed],
            "tag": [t.tag_ for t in parsed],
            "pos": [t.pos_ for t in parsed],
        }
        for word, change in changes.items():
            i = words.index(word)
            for key, value in change.items():
                if key == "head":
                    heads[i] = words.index(value)
                else:
                    columns[key][i] = value
        iob = [f"{t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else "O" for t in parsed]
        if ents is not None:
            iob = ["O"] * len(words)
            for first, last, label in ents:
                start, end = words.index(first), words.index(last) + 1
                iob[start:end] = [f"B-{label}"] + [f"I-{label}"] * (end - start - 1)
        doc = Doc(
            nlp.vocab,
            words=words,
            spaces=[bool(t.whitespace_) for t in parsed],
            heads=heads,
            deps=columns["dep"],
            pos=columns["pos"],
            tags=columns["tag"],
            lemmas=[t.lemma_ for t in parsed],
            ents=iob,
        )
        return ParsedDoc.of(doc)

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
