"""The on-disk store at scale: load, Turtle export and a 7-pattern join on 1M triples.

A synthetic graph with the shape of docs/rdf-model.md (typed entities with
aliases and mention counts, relations, documents, sentences, and statement
nodes with provenance, modality, attribution and n-ary arguments) is written
as N-Triples, then bulk-loaded into a `graph.store.kgstore` store, exported as Turtle
and queried. Prints one line:

    store: load=..s export_ttl=..s query=..s (triples=1000000, rows=..)

    uv run python benchmarks/store.py [--triples 1000000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.store.kgstore import open_store  # noqa: E402

BASE = "https://example.org/kg/"
KG = "https://w3id.org/kg-builder/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"
CLASSES = [
    f"{SCHEMA}GovernmentOrganization",
    f"{SCHEMA}Organization",
    f"{SCHEMA}Person",
    f"{SCHEMA}Place",
    f"{SCHEMA}Legislation",
    f"{KG}Group",
    f"{SCHEMA}Event",
    f"{SCHEMA}Product",
    f"{SCHEMA}CreativeWork",
    f"{KG}Concept",
]
WEIGHTS = [4, 14, 22, 12, 2, 5, 4, 4, 3, 30]
WORDS = (
    "ministry company firm agency council minister court police bank report market share price "
    "government election party leader deal contract plan talks trade data security network "
    "harbour fine consultancy information official spokesman investor budget tax growth"
).split()
VERBS = "say announce obtain buy sell sue fine warn accuse meet visit win lose sign reject approve".split()
PREPS = ["from", "in", "to", "with", "for", "by", "on"]
MODALS = ["can", "could", "may", "might", "should", "would", "must"]

QUERY = """
SELECT ?st ?s ?o ?a ?text WHERE {
  ?st rdf:subject ?s .
  ?st rdf:object ?o .
  ?st kg:attributedTo ?a .
  ?st kg:sentence ?sent .
  ?s a schema:Person .
  ?o a schema:Organization .
  ?sent kg:text ?text .
}
"""


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _typed(value, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


def generate(path: Path, target: int, seed: int = 7) -> int:
    """Write `target` N-Triples lines with the kg-builder shape; returns the count."""
    rng = random.Random(seed)
    lines: list[str] = []
    n_entities = max(50, target // 50)
    entities = []
    for i in range(n_entities):
        words = rng.sample(WORDS, 2)
        iri = f"<{BASE}entity/{words[0]}-{words[1]}-{i}>"
        cls = rng.choices(CLASSES, WEIGHTS)[0]
        entities.append((iri, cls))
        lines += [
            f"{iri} <{RDF}type> <{KG}Entity> .",
            f"{iri} <{RDF}type> <{cls}> .",
            f"{iri} <{RDFS}label> {_lit(f'{words[0].title()} {words[1].title()} {i}')} .",
            f"{iri} <{KG}mentionCount> {_typed(rng.randint(1, 40), 'integer')} .",
        ]
        for k in range(rng.randint(0, 3)):
            lines.append(f"{iri} <{SKOS}altLabel> {_lit(f'the {words[1]} {i}/{k}')} .")
    people = [e for e in entities if e[1].endswith("Person")]
    relations = []
    for verb in VERBS:
        for prep in [None, *PREPS]:
            lemma = verb if prep is None else f"{verb} {prep}"
            iri = f"<{BASE}relation/{lemma.replace(' ', '-')}>"
            relations.append((iri, lemma))
            lines += [
                f"{iri} <{RDF}type> <{RDF}Property> .",
                f"{iri} <{RDF}type> <{KG}Relation> .",
                f"{iri} <{RDFS}label> {_lit(lemma)} .",
            ]
    doc = sentence = statement = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
        count = len(lines)
        while count < target:
            lines = []
            d = f"<{BASE}document/doc-{doc}>"
            lines += [
                f"{d} <{RDF}type> <{KG}Document> .",
                f"{d} <{RDF}type> <{PROV}Entity> .",
                f"{d} <{RDFS}label> {_lit(f'doc-{doc}')} .",
                f"{d} <{KG}source> {_lit(f'corpus/doc-{doc}.txt')} .",
                f"{d} <{KG}contentHash> {_lit(f'{doc:064x}')} .",
            ]
            offset = 0
            for index in range(rng.randint(10, 30)):
                s = f"<{BASE}sentence/doc-{doc}.{index}>"
                text = " ".join(rng.choices(WORDS, k=rng.randint(8, 30))).capitalize() + "."
                lines += [
                    f"{s} <{RDF}type> <{KG}Sentence> .",
                    f"{s} <{KG}text> {_lit(text)} .",
                    f"{s} <{KG}index> {_typed(index, 'integer')} .",
                    f"{s} <{KG}startChar> {_typed(offset, 'integer')} .",
                    f"{s} <{KG}endChar> {_typed(offset + len(text), 'integer')} .",
                    f"{s} <{KG}document> {d} .",
                ]
                offset += len(text) + 1
                sentence += 1
                for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):
                    st = f"<{BASE}statement/{statement:016x}>"
                    statement += 1
                    subj = rng.choice(people if rng.random() < 0.4 else entities)[0]
                    rel, lemma = rng.choice(relations)
                    negated = rng.random() < 0.08
                    modality = rng.choice(MODALS) if rng.random() < 0.15 else None
                    asserted = not negated and modality is None
                    lines += [
                        f"{st} <{RDF}type> <{KG}Statement> .",
                        f"{st} <{RDF}type> <{RDF}Statement> .",
                        f"{st} <{RDF}subject> {subj} .",
                        f"{st} <{RDF}predicate> {rel} .",
                        f"{st} <{KG}subjectText> {_lit('the ' + rng.choice(WORDS))} .",
                        f"{st} <{KG}relationText> {_lit(lemma)} .",
                        f"{st} <{KG}negated> {_typed(str(negated).lower(), 'boolean')} .",
                        f"{st} <{KG}asserted> {_typed(str(asserted).lower(), 'boolean')} .",
                        f"{st} <{KG}confidence> {_typed(round(rng.random(), 2), 'decimal')} .",
                        f"{st} <{KG}rule> {_lit(rng.choice(['svo', 'passive', 'copula', 'prep']))} .",
                        f"{st} <{KG}sentence> {s} .",
                        f"{st} <{PROV}wasDerivedFrom> {s} .",
                    ]
                    if rng.random() < 0.9:
                        obj = (
                            rng.choice(entities)[0]
                            if rng.random() < 0.7
                            else _lit(" ".join(rng.sample(WORDS, 3)))
                        )
                        lines += [
                            f"{st} <{RDF}object> {obj} .",
                            f"{st} <{KG}objectText> {_lit(rng.choice(WORDS))} .",
                        ]
                        if asserted:
                            lines.append(f"{subj} {rel} {obj} .")
                    if modality:
                        lines.append(f"{st} <{KG}modality> {_lit(modality)} .")
                    if rng.random() < 0.3:
                        lines.append(f"{st} <{KG}attributedTo> {rng.choice(entities)[0]} .")
                    if rng.random() < 0.25:
                        arg = f"_:a{statement}"
                        lines += [
                            f"{st} <{KG}argument> {arg} .",
                            f"{arg} <{RDF}type> <{KG}Argument> .",
                            f"{arg} <{KG}role> {_lit(rng.choice(['place', 'time', 'arg']))} .",
                            f"{arg} <{KG}preposition> {_lit(rng.choice(PREPS))} .",
                            f"{arg} <{KG}text> {_lit('in ' + rng.choice(WORDS))} .",
                            f"{arg} <{KG}entity> {rng.choice(entities)[0]} .",
                        ]
            lines = lines[: target - count]
            out.write("\n".join(lines) + "\n")
            count += len(lines)
            doc += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument(
        "--keep", type=Path, default=None, help="leave the store in this (new) folder"
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kg-store-bench-"))
    try:
        source = work / "synthetic.nt"
        start = time.perf_counter()
        written = generate(source, args.triples)
        t_gen = time.perf_counter() - start
        folder = args.keep or work / "store"
        with open_store(folder, write=True) as store:
            start = time.perf_counter()
            store.load_file(source, "nt", bulk=True)
            store.flush()
            t_load = time.perf_counter() - start
            triples = len(store)
        with open_store(folder, write=False) as store:
            start = time.perf_counter()
            store.export(work / "export.ttl")
            t_export = time.perf_counter() - start
        with open_store(folder, write=False) as store:  # a fresh reader: cold caches
            start = time.perf_counter()
            result = store.query(QUERY)
            t_query = time.perf_counter() - start
            start = time.perf_counter()
            store.query(QUERY)
            t_warm = time.perf_counter() - start
        print(
            f"store: load={t_load:.2f}s export_ttl={t_export:.2f}s query={t_query:.2f}s "
            f"(triples={triples}, rows={len(result.rows)}; warm query={t_warm:.2f}s; "
            f"{written} N-Triples lines generated in {t_gen:.1f}s)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
