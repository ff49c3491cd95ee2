"""Any text in, valid RDF out: property-based tests through `kg build`.

Every graph written is parsed back by rdflib, by pyoxigraph and (Turtle,
N-Triples) by `rapper` from raptor2-utils, an independent parser.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from graph.cli import main as kg_main

RAPPER = shutil.which("rapper")
FRAGMENTS = [
    "The ministry said the firm stole data.",
    "\u202eمرحبا بالعالم\u202c",  # right-to-left with bidi controls
    "Привет, мир. Компания купила завод.",
    "中国公司收购了工厂。",
    "👩‍👩‍👧 emoji 🎉 family",
    "e\u0301\u0301 combining a\u0308",
    '"quotes" \u201ccurly\u201d \u2018single\u2019 `back`',
    "<angle> & ampersand \\ backslash \\n \\u0000",
    "\x00\x01\x07\x1b control \x7f",
    "x" * 500,
    "\n\n\n",
    "\t tab \r\n crlf \u2028 line sep \u0085 nel",
    "<p>Acme <b>Corp</b> bought a <a href='x'>shop</a>.</p>",
    "| col | col |\n|---|---|\n| 1 | 2 |",
    "123 456 7.89 % $ 10,000",
    "The \ufffd replacement and \ufeff bom.",
    'Dr. Smith\'s company (ABC) v. The State of "New York" [2001]',
]

text_strategy = st.one_of(
    st.text(min_size=1, max_size=200),
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=5).map(" ".join),
    st.tuples(st.sampled_from(FRAGMENTS), st.text(max_size=80)).map(lambda p: p[0] + p[1]),
)


def _rapper_ok(path: Path, syntax: str) -> None:
    if RAPPER is None:
        return
    result = subprocess.run(
        [RAPPER, "-q", "-i", syntax, "-c", str(path)], capture_output=True, timeout=60
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")


def check_outputs(text: str, folder: Path) -> None:
    source = folder / "input.txt"
    source.write_text(text, encoding="utf-8", errors="surrogatepass")
    for suffix, rdflib_format, oxi_format, rapper_syntax in [
        (".ttl", "turtle", pyoxigraph.RdfFormat.TURTLE, "turtle"),
        (".nt", "nt", pyoxigraph.RdfFormat.N_TRIPLES, "ntriples"),
        (".jsonld", "json-ld", pyoxigraph.RdfFormat.JSON_LD, None),
    ]:
        out = folder / f"out{suffix}"
        code = kg_main(["build", str(source), "-o", str(out), "-q"])
        if not text.strip():
            assert code == 2 and not out.exists()
            return
        assert code == 0
        data = out.read_bytes()
        Graph().parse(data=data, format=rdflib_format)
        list(pyoxigraph.parse(data, format=oxi_format))
        if rapper_syntax:
            _rapper_ok(out, rapper_syntax)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=text_strategy)
@example(text="\x00")
@example(text="It said it.")
@example(text="\ud800 lone surrogate".encode("utf-8", "surrogatepass").decode("utf-8", "replace"))
def test_any_text_gives_rdf_that_three_parsers_accept(tmp_path_factory, nlp, text):
    folder = tmp_path_factory.mktemp("prop")
    check_outputs(text, folder)


@pytest.mark.parametrize("fragment", FRAGMENTS)
def test_each_hostile_fragment(tmp_path, nlp, fragment):
    check_outputs(fragment + " The council approved the plan.", tmp_path)


def test_minted_iris_are_plain(tmp_path, nlp):
    text = 'The "Zürich <Office>" of Acme\\Corp said 中国公司 bought a café in São Paulo.'
    source = tmp_path / "odd name.txt"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "g.nt"
    assert kg_main(["build", str(source), "-o", str(out), "-q"]) == 0
    for quad in pyoxigraph.parse(out.read_bytes(), format=pyoxigraph.RdfFormat.N_TRIPLES):
        for term in (quad.subject, quad.predicate, quad.object):
            if isinstance(term, pyoxigraph.NamedNode):
                assert not set(term.value) & set(' "<>{}|\\^`'), term.value


def test_long_document_is_split_not_truncated(nlp):
    from extract.pipeline import extract_documents

    sentence = "The council approved the plan. "
    text = sentence * 400  # 12,400 characters, parsed in pieces of at most 1,000
    graph = next(extract_documents(nlp, [("long", text)], max_chars=1000))
    assert len(graph.sentences) == 400
    assert len(graph.triples) == 400
    last = graph.triples[-1]
    assert text[last.subject.start : last.subject.end] == last.subject.text
    assert [s.index for s in graph.sentences] == list(range(400))


def test_one_enormous_token_is_cut(nlp):
    from extract.pipeline import split_text

    pieces = split_text("y" * 2500, 1000)
    assert [len(p) for _, p in pieces] == [1000, 1000, 500]
    assert [o for o, _ in pieces] == [0, 1000, 2000]


@pytest.mark.parametrize(
    "text",
    [
        "中国外交部周四表示，将采取措施。",
        "قالت الوزارة إن الشركة سرقت البيانات.",
        "Министерство заявило, что компания украла данные.",
        "1 2 3 4 5\n6 7 8 9 10\n| a | b |",
    ],
)
def test_non_english_or_numbers_warn_and_still_give_a_graph(tmp_path, nlp, capsys, text):
    source = tmp_path / "x.txt"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "x.ttl"
    assert kg_main(["build", str(source), "-o", str(out), "-q"]) == 0
    Graph().parse(out, format="turtle")
    err = capsys.readouterr().err
    assert "no triples could be extracted" in err or "little" in err


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("The council approved the plan on Monday.", True),
        ("Министерство заявило, что компания украла данные.", False),
        ("中国外交部周四表示", False),
        ("Acme Corp", True),
        ("12 34 56", False),
    ],
)
def test_looks_english(text, english):
    from extract.language import looks_english

    assert looks_english(text) is english
