"""kg:source names a document relative to its input: no local (home folder) path in any output."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal

from graph.cli import main
from graph.rdf.source_names import SourceNamer, SourceUriError
from graph.rdf.vocab import KG

TEXT = "The Harbour Authority fined a ferry company. The company did not appeal.\n"


@pytest.fixture()
def news(tmp_path) -> Path:
    folder = tmp_path / "home" / "jane" / "news"
    (folder / "2024").mkdir(parents=True)
    (folder / "2024" / "may day.txt").write_text(TEXT, encoding="utf-8")
    (folder / "top.txt").write_text(TEXT, encoding="utf-8")
    return folder


def test_a_file_in_an_input_folder_is_named_below_that_folder(news):
    name = SourceNamer.for_inputs([str(news)])
    assert name(str(news / "2024" / "may day.txt")) == "2024/may day.txt"
    assert name(str(news / "top.txt")) == "top.txt"


def test_a_file_named_on_the_command_line_keeps_only_its_name(news):
    path = str(news / "top.txt")
    assert SourceNamer.for_inputs([path])(path) == "top.txt"


def test_rows_and_stdin():
    name = SourceNamer.for_inputs([], prefix="https://example.com/a/")
    assert name("/home/jane/articles.csv#12") == "https://example.com/a/articles.csv#12"
    assert name("-") == "-"


def test_the_deepest_input_folder_wins(news):
    name = SourceNamer.for_inputs([str(news), str(news / "2024")])
    assert name(str(news / "2024" / "may day.txt")) == "may day.txt"


def test_source_uri_prefix_is_percent_encoded(news):
    name = SourceNamer.for_inputs([str(news)], prefix="https://news.example.com/archive/")
    assert (
        name(str(news / "2024" / "may day.txt"))
        == "https://news.example.com/archive/2024/may%20day.txt"
    )


@pytest.mark.parametrize("prefix", ["news/", "/srv/news", "https://exa mple.com/"])
def test_source_uri_must_be_an_absolute_uri(prefix):
    with pytest.raises(SourceUriError, match="absolute URI prefix"):
        SourceNamer.for_inputs([], prefix=prefix)


def _sources(path: Path) -> set[str]:
    return {str(o) for o in Graph().parse(path).objects(None, KG.source)}


def test_build_writes_no_local_path(news, tmp_path):
    out = tmp_path / "news.ttl"
    assert main(["build", str(news), "-o", str(out), "-q"]) == 0
    assert _sources(out) == {"2024/may day.txt", "top.txt"}
    assert str(tmp_path) not in out.read_text(encoding="utf-8")


def test_build_with_source_uri_publishes_urls(news, tmp_path):
    out = tmp_path / "news.ttl"
    assert (
        main(
            ["build", str(news), "-o", str(out), "-q", "--source-uri", "https://news.example.com/"]
        )
        == 0
    )
    assert _sources(out) == {
        "https://news.example.com/2024/may%20day.txt",
        "https://news.example.com/top.txt",
    }


def test_store_build_writes_no_local_path(news, tmp_path):
    from graph.store.kgstore import open_store

    store = tmp_path / "kb"
    assert main(["build", str(news / "top.txt"), "--store", str(store), "-q"]) == 0
    with open_store(store, write=False) as opened:
        graph = opened.rdflib_graph()
    assert set(graph.objects(None, KG.source)) == {Literal("top.txt")}


def test_bad_source_uri_is_one_clean_line(news, tmp_path, capsys):
    assert main(["build", str(news), "-o", str(tmp_path / "x.ttl"), "--source-uri", "news/"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--source-uri must be an absolute URI prefix" in err[0]
    assert not (tmp_path / "x.ttl").exists()
