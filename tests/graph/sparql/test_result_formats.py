"""kg query --format csv|tsv: the W3C SPARQL result formats, read back by rdflib and Oxigraph."""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql.results.csvresults import CSVResultParser
from rdflib.plugins.sparql.results.tsvresults import TSVResultParser

from graph.cli import main
from graph.rdf.model import bind_prefixes
from graph.sparql.query import format_result, run_query

EX = "https://example.org/kg/entity/"
DATA = f"""
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{EX}acme> rdfs:label "Acme, \\"the\\" firm"@en ; rdfs:comment "two\\tcolumns\\nand lines" ;
    <{EX}count> 3 ; <{EX}knows> _:someone .
"""
QUERY = "SELECT ?s ?label ?comment ?n ?who ?none WHERE { ?s rdfs:label ?label ; rdfs:comment ?comment ; entity:count ?n ; entity:knows ?who OPTIONAL { ?s entity:nothing ?none } }"


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = Graph().parse(data=DATA, format="turtle")
    bind_prefixes(g)
    return g


def test_csv_has_absolute_iris_and_reads_back(graph):
    text = format_result(run_query(graph, QUERY), graph, "csv")
    assert text.splitlines()[0] == "s,label,comment,n,who,none"
    assert f"{EX}acme" in text and "entity:acme" not in text
    assert text.endswith("\r\n")
    parsed = CSVResultParser().parse(io.StringIO(text))
    row = list(parsed)[0]
    assert row[0] == URIRef(f"{EX}acme")
    assert str(row[1]) == 'Acme, "the" firm'


def test_tsv_is_one_line_per_solution_and_reads_back_in_rdflib_and_oxigraph(graph):
    text = format_result(run_query(graph, QUERY), graph, "tsv")
    lines = text.splitlines()
    assert lines[0] == "?s\t?label\t?comment\t?n\t?who\t?none"
    assert len(lines) == 2
    row = list(TSVResultParser().parse(io.StringIO(text)))[0]
    assert row[0] == URIRef(f"{EX}acme")
    assert row[1] == Literal('Acme, "the" firm', lang="en")
    assert row[2] == Literal("two\tcolumns\nand lines")
    assert row[3] == Literal(3)
    assert isinstance(row[4], BNode)
    solutions = ox.parse_query_results(text.encode("utf-8"), format=ox.QueryResultsFormat.TSV)
    solution = next(iter(solutions))
    assert solution["s"] == ox.NamedNode(f"{EX}acme")
    assert solution["comment"] == ox.Literal("two\tcolumns\nand lines")
    assert solution["none"] is None


def test_cli_query_csv_and_tsv(tmp_path, capsys):
    path = tmp_path / "g.ttl"
    path.write_text(DATA, encoding="utf-8")
    assert (
        main(["query", str(path), "SELECT ?s WHERE { ?s rdfs:label ?l }", "--format", "csv"]) == 0
    )
    assert capsys.readouterr().out == f"s\r\n{EX}acme\r\n"
    assert (
        main(["query", str(path), "SELECT ?s WHERE { ?s rdfs:label ?l }", "--format", "tsv"]) == 0
    )
    assert capsys.readouterr().out == f"?s\n<{EX}acme>\n"


def test_cli_table_fits_columns(tmp_path, capsys, monkeypatch):
    path = tmp_path / "g.ttl"
    long = "word " * 40
    path.write_text(
        f'<{EX}a> <http://www.w3.org/2000/01/rdf-schema#label> "{long}" .', encoding="utf-8"
    )
    monkeypatch.setenv("COLUMNS", "50")
    assert main(["query", str(path), "SELECT ?s ?l WHERE { ?s rdfs:label ?l }"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 50
    monkeypatch.setenv("COLUMNS", "300")
    assert main(["query", str(path), "SELECT ?s ?l WHERE { ?s rdfs:label ?l }"]) == 0
    assert long.strip() in capsys.readouterr().out  # wider than the old fixed 60-character cut
