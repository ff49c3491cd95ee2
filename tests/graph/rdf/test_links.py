"""kg build --link: a label/alias -> IRI table matched against resolved entities, written as owl:sameAs."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import OWL, RDFS

from extract.model import EntityType
from graph.cli import main
from graph.rdf.formats import read_graph
from graph.rdf.links import (
    EntityNames,
    Link,
    LinkTableError,
    match_links,
    normalise_name,
    read_links,
)

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "examples" / "mss-consultancy-warning.txt"
EXAMPLE_LINKS = ROOT / "examples" / "links.csv"
E = "https://example.org/kg/entity/"
WD = "http://www.wikidata.org/entity/"


def entity(slug: str, label: str, kind: EntityType, *aliases: str) -> EntityNames:
    return EntityNames(E + slug, kind, label, aliases)


def link(name: str, iri: str, kind: EntityType | None = None, line: int = 2) -> Link:
    return Link(name, iri, kind, line)


PARIS_CITY = entity("paris", "Paris", EntityType.PLACE)
PARIS_HILTON = entity("paris-hilton", "Paris", EntityType.PERSON)
MSS = entity("mss", "Ministry of State Security", EntityType.GOVERNMENT_BODY, "the ministry", "MSS")
MINISTRY_OF_DEFENCE = entity(
    "mod", "Ministry of Defence", EntityType.GOVERNMENT_BODY, "the ministry"
)


# --- matching rules ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("the Ministry of State Security", "ministry of state security"),
        ("  MINISTRY   of state-security ", "ministry of state security"),
        ("U.S.", "us"),
        ("China’s", "chinas"),
        ("The", "the"),  # a lone "the" is a name, not an empty string
    ],
)
def test_normalise_name(name, expected):
    assert normalise_name(name) == expected


def test_label_match_ignores_case_and_a_leading_the():
    report = match_links(
        [link("the ministry of state security", WD + "Q1")], [MSS, MINISTRY_OF_DEFENCE]
    )
    assert report.same_as == ((E + "mss", WD + "Q1"),)
    assert report.complete


def test_an_alias_links_when_no_label_fits():
    report = match_links([link("MSS", WD + "Q1")], [MSS, MINISTRY_OF_DEFENCE])
    assert report.same_as == ((E + "mss", WD + "Q1"),)


def test_an_alias_shared_by_two_entities_is_ambiguous():
    report = match_links([link("the ministry", WD + "Q1", line=7)], [MSS, MINISTRY_OF_DEFENCE])
    assert report.same_as == ()
    assert [(row.line, why) for row, why in report.ambiguous] == [(7, "2 entities")]
    assert "1 ambiguous: 'the ministry' (2 entities)" in report.summary("links.csv")


def test_the_type_column_picks_between_namesakes():
    entities = [PARIS_CITY, PARIS_HILTON]
    typed = match_links([link("Paris", WD + "Q90", EntityType.PLACE)], entities)
    assert typed.same_as == ((E + "paris", WD + "Q90"),)
    untyped = match_links([link("Paris", WD + "Q90")], entities)
    assert untyped.same_as == () and len(untyped.ambiguous) == 1


def test_an_incompatible_type_does_not_link_but_organisation_fits_a_government_body():
    assert match_links(
        [link("Ministry of State Security", WD + "Q1", EntityType.PERSON)], [MSS]
    ).unmatched
    report = match_links(
        [link("Ministry of State Security", WD + "Q1", EntityType.ORGANIZATION)], [MSS]
    )
    assert report.same_as == ((E + "mss", WD + "Q1"),)


def test_two_iris_for_one_entity_link_neither():
    rows = [link("Ministry of State Security", WD + "Q1", line=2), link("MSS", WD + "Q2", line=3)]
    report = match_links(rows, [MSS])
    assert report.same_as == ()
    assert [row.line for row, _ in report.ambiguous] == [2, 3]


def test_two_rows_with_the_same_iri_make_one_link():
    rows = [link("Ministry of State Security", WD + "Q1"), link("MSS", WD + "Q1", line=3)]
    report = match_links(rows, [MSS])
    assert report.same_as == ((E + "mss", WD + "Q1"),) and report.linked_rows == 2


def test_unmatched_rows_are_named_in_the_summary():
    report = match_links([link("WeChat", WD + "Q9"), link("MSS", WD + "Q1")], [MSS])
    assert report.summary("links.csv") == (
        "links.csv: 1 of 2 row(s) linked 1 entity (owl:sameAs); 1 unmatched: 'WeChat'"
    )


# --- the table ---------------------------------------------------------------


def test_read_csv_and_tsv_tables(tmp_path):
    csv_file = tmp_path / "links.csv"
    csv_file.write_text(
        '\ufeffLabel,IRI,Type\nChina,Q148,schema:Place\n\n"Smith, John",wd:Q5,PERSON\n',
        encoding="utf-8",
    )
    tsv_file = tmp_path / "links.tsv"
    tsv_file.write_text("alias\turi\nthe ministry\thttps://id.example.org/mss\n", encoding="utf-8")
    assert read_links(csv_file) == (
        Link("China", WD + "Q148", EntityType.PLACE, 2),
        Link("Smith, John", WD + "Q5", EntityType.PERSON, 4),
    )
    assert read_links(tsv_file) == (Link("the ministry", "https://id.example.org/mss", None, 2),)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("", "is empty"),
        ("name,wikidata\nChina,Q148\n", "needs a header with a label column and an iri column"),
        ("label,iri\nChina,not an iri\n", "line 2: 'not an iri' is not an IRI"),
        ("label,iri\n,Q148\n", "line 2: the label is empty"),
        ("label,iri,type\nChina,Q148,Country\n", "line 2: unknown entity type 'Country'"),
    ],
)
def test_bad_tables_raise_with_the_line(tmp_path, content, fragment):
    path = tmp_path / "links.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LinkTableError, match=fragment):
        read_links(path)


# --- kg build --link -----------------------------------------------------------


@pytest.fixture(scope="module")
def linked_seed(tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("links") / "seed.ttl"
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(["build", str(SEED), "-o", str(out), "--link", str(EXAMPLE_LINKS), "-q"]) == 0
    return out, err.getvalue()


def test_build_with_the_example_table_writes_same_as(linked_seed):
    out, _ = linked_seed
    g = read_graph(out)
    same_as = {str(g.value(s, RDFS.label)): str(o) for s, o in g.subject_objects(OWL.sameAs)}
    assert same_as["China"] == WD + "Q148"
    assert same_as["Ministry of State Security"].endswith("/ministry-of-state-security")
    assert "WeChat" not in same_as


def test_build_reports_rows_that_linked_nothing_in_one_line_even_when_quiet(linked_seed):
    _, err = linked_seed
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("kg: warning: ") and "1 unmatched: 'WeChat'" in lines[0]


def test_linked_graph_still_validates_and_exports_same_as(linked_seed, tmp_path):
    from graph.rdf.validate import validate_graph

    out, _ = linked_seed
    assert validate_graph(read_graph(out)).conforms
    import networkx as nx

    graphml = tmp_path / "seed.graphml"
    assert main(["export", str(out), "-o", str(graphml), "-q"]) == 0
    G = nx.read_graphml(graphml, force_multigraph=True)
    assert {d.get("same_as") for _, d in G.nodes(data=True) if d["label"] == "China"} == {
        WD + "Q148"
    }


def test_a_bad_table_fails_before_parsing_and_writes_nothing(tmp_path, capsys):
    table = tmp_path / "links.csv"
    table.write_text("label,iri\nChina,China\n", encoding="utf-8")
    out = tmp_path / "seed.ttl"
    assert main(["build", str(SEED), "-o", str(out), "--link", str(table)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "line 2: 'China' is not an IRI" in err[0]
    assert not out.exists()


def test_store_links_every_stored_entity_once(tmp_path, capsys):
    store = tmp_path / "kb"
    assert main(["build", str(SEED), "--store", str(store), "-q"]) == 0
    # the document is already stored (skipped), its entities are linked all the same
    for _ in range(2):
        assert (
            main(["build", str(SEED), "--store", str(store), "--link", str(EXAMPLE_LINKS), "-q"])
            == 0
        )
    capsys.readouterr()
    assert (
        main(
            [
                "query",
                "--store",
                str(store),
                "SELECT ?x WHERE { ?e owl:sameAs ?x }",
                "--format",
                "csv",
            ]
        )
        == 0
    )
    rows = capsys.readouterr().out.split()[1:]
    assert sorted(rows) == sorted(set(rows)) and len(rows) == 4
    assert any(URIRef(r.strip("<>")) == URIRef(WD + "Q148") for r in rows)
