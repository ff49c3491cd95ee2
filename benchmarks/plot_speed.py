"""How long `kg plot` takes, and how much memory, on a 100-article graph (~4,000 entities).

The issue this answers: a plot of 100 BBC articles ran 11 minutes at 6.4 GB. Each
plot runs as its own `kg plot` process (so its peak RSS is its own), in three
forms: a PNG and an HTML view with the default cap on entities (an automatic
--top), and an HTML view of every entity (--top 0). Prints one line:

    plot_speed: N entities (SOURCE): png S s (cpu C s) M MB, html ..., html --top 0 ...

    uv run python benchmarks/plot_speed.py                      # a seeded synthetic graph
    uv run python benchmarks/plot_speed.py --graph out/news.ttl # an existing graph
    uv run python benchmarks/plot_speed.py --corpus ../shared/corpus/bbc-news-test.csv --limit 100

The synthetic graph follows docs/rdf-model.md and the shape of a real 100-article
build: named entities shared between articles by popularity (one giant component
and hundreds of small ones), document-scoped concepts, negated, hedged and
attributed statements, and apposition "be" loops.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PREFIXES = """@prefix kg: <https://w3id.org/kg-builder/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <https://schema.org/> .
@prefix e: <https://example.org/kg/entity/> .
@prefix rel: <https://example.org/kg/relation/> .
@prefix st: <https://example.org/kg/statement/> .
@prefix doc: <https://example.org/kg/document/> .
"""
TYPES = [
    ("schema:Person", 0.35),
    ("schema:Organization", 0.25),
    ("schema:Place", 0.15),
    ("schema:GovernmentOrganization", 0.08),
    ("kg:Group", 0.05),
    ("schema:Event", 0.04),
    ("schema:Product", 0.04),
    ("schema:CreativeWork", 0.03),
    ("schema:Legislation", 0.01),
]
RELATIONS = ["say", "have", "take", "give", "win", "make", "use", "include", "be in", "join", "sell", "buy",
             "meet", "sign", "lead", "warn", "back", "criticise", "announce", "face"]
WORDS = "the minister said on tuesday that talks with unions over pay would continue next week after a".split()


def synthetic_graph(path: Path, *, articles: int = 100, seed: int = 7) -> None:
    """Write a ~4,000-entity graph of `articles` documents to `path` (Turtle)."""
    rng = random.Random(seed)
    out = [PREFIXES]
    for i, relation in enumerate(RELATIONS + ["be"]):
        out.append(f'rel:r{i} a kg:Relation ; rdfs:label "{relation}" .\n')
    rel_index = {r: i for i, r in enumerate(RELATIONS + ["be"])}
    named = []
    for i in range(1500):
        cls = rng.choices([t for t, _ in TYPES], weights=[w for _, w in TYPES])[0]
        named.append((f"n{i}", cls))
        out.append(f'e:n{i} a kg:Entity, {cls} ; rdfs:label "Named entity {i}" ; skos:altLabel "NE{i}" ; kg:mentionCount {rng.randint(1, 30)} .\n')
    popularity = [1.0 / (i + 1) ** 0.9 for i in range(len(named))]
    statement = 0
    for d in range(articles):
        out.append(f'doc:a{d} a kg:Document ; rdfs:label "article-{d:03d}" .\n')
        local = rng.choices(range(len(named)), weights=popularity, k=14)
        people = [named[i][0] for i in local if named[i][1] == "schema:Person"]
        ids = [named[i][0] for i in local]
        for c in range(25):
            iri = f"a{d}c{c}"
            ids.append(iri)
            out.append(f'e:{iri} a kg:Entity, kg:Concept ; rdfs:label "concept {c} of {d}" ; kg:mentionCount 1 .\n')
        for s in range(40):
            sentence = f"doc:a{d}s{s}"
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 35)))
            out.append(f'{sentence} a kg:Sentence ; kg:text "{text}." ; kg:index {s} ; kg:document doc:a{d} .\n')
            loop = s < 4
            subject = rng.choice(ids[:14]) if rng.random() < 0.7 else rng.choice(ids)
            obj = subject if loop else rng.choice(ids)
            relation = "be" if loop else rng.choice(RELATIONS)
            negated = not loop and rng.random() < 0.08
            hedged = not loop and not negated and rng.random() < 0.08
            facts = [f"st:{statement} a kg:Statement ; rdf:subject e:{subject} ; rdf:predicate rel:r{rel_index[relation]} ;",
                     f" rdf:object e:{obj} ; kg:negated {'true' if negated else 'false'} ;",
                     f" kg:asserted {'false' if negated or hedged else 'true'} ; kg:confidence {rng.uniform(0.4, 0.95):.2f} ;",
                     f' kg:sentence {sentence} ; kg:rule "svo"']
            if hedged:
                facts.append(' ; kg:modality "may"')
            if people and rng.random() < 0.2:
                facts.append(f" ; kg:attributedTo e:{rng.choice(people)}")
            out.append("".join(facts) + " .\n")
            statement += 1
    path.write_text("".join(out), encoding="utf-8")


def build_real(corpus: Path, limit: int, folder: Path) -> Path:
    """`kg build` the first `limit` articles of a CSV corpus (column `text`)."""
    import csv

    csv.field_size_limit(2**31 - 1)
    with corpus.open(encoding="utf-8", errors="replace", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row.get("text", "").strip()][:limit]
    subset = folder / "articles.csv"
    with subset.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["text"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    graph = folder / "articles.ttl"
    subprocess.run([sys.executable, "-m", "graph", "build", str(subset), "-o", str(graph), "-q"], cwd=ROOT, check=True)
    return graph


def timed_plot(graph: Path, output: Path, *extra: str) -> tuple[float, float, float]:
    """(seconds, CPU seconds, peak RSS in MB) of one `kg plot` process.

    CPU time is given too because on a shared machine wall time also counts the others.
    """
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "graph", "plot", str(graph), "-o", str(output), "-q", *extra], cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"plot_speed: kg plot {output.suffix} failed with status {proc.returncode}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # ru_maxrss: KB on Linux


def entity_count(graph: Path) -> int:
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(graph), format=ox.RdfFormat.TURTLE)
    query = "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a <https://w3id.org/kg-builder/ontology#Entity> }"
    return int(next(iter(store.query(query)))["n"].value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graph", type=Path, help="plot this Turtle graph instead of a synthetic one")
    parser.add_argument("--corpus", type=Path, help="build the graph from this CSV corpus first")
    parser.add_argument("--limit", type=int, default=100, help="articles of --corpus to build (default: 100)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.graph:
            graph, source = args.graph, str(args.graph)
        elif args.corpus:
            graph, source = build_real(args.corpus, args.limit, folder), f"{args.limit} articles of {args.corpus.name}"
        else:
            graph, source = folder / "synthetic.ttl", "100 synthetic articles"
            synthetic_graph(graph)
        runs = [
            ("png", timed_plot(graph, folder / "plot.png")),
            ("html", timed_plot(graph, folder / "plot.html")),
            ("html --top 0", timed_plot(graph, folder / "all.html", "--top", "0")),
        ]
        parts = ", ".join(f"{name} {seconds:.1f} s (cpu {cpu:.1f} s) {peak:.0f} MB" for name, (seconds, cpu, peak) in runs)
        print(f"plot_speed: {entity_count(graph):,} entities ({source}): {parts}")


if __name__ == "__main__":
    main()
