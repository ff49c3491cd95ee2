"""The entity graph for other tools: GraphML (yEd, Cytoscape), GEXF (Gephi), node/edge CSV (Neo4j).

Analysts open knowledge graphs in Gephi, yEd, Cytoscape or Neo4j, none of which reads RDF
reification. `export_network` turns the RDF graph into the entity graph of `graph.views.entity_graph`
(one node per entity, one edge per statement between entities, negated and hedged ones included)
and flattens every attribute to a scalar, because GraphML, GEXF and CSV hold no lists and no
nulls. Each edge keeps its provenance: the source sentence, its document, confidence, status
(fact, reported, negated, hedged) and speaker, so a filter in Gephi can hide what was only
reported or denied.

The CSV shape is the one ``neo4j-admin database import full`` reads (header types, ``:ID``,
``:LABEL``, ``:START_ID``, ``:END_ID``, ``:TYPE``, ``;`` between array items)::

    nodes.csv  id:ID,label,:LABEL,type,aliases:string[],mentions:int,sameAs:string[]
    edges.csv  :START_ID,:END_ID,:TYPE,statement,relation,status,asserted:boolean,negated:boolean,
               modality,confidence:double,speaker,speaker_id,document,sentence_index:int,sentence,rule

Gephi reads the GEXF (or GraphML) file with the same attributes.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDFS

from graph.io.atomic import GraphFileError, atomic_write_bytes
from graph.rdf.model import status_of
from graph.rdf.vocab import KG
from graph.views.entity_graph import entity_graph

#: network formats -> the file extension that selects them (CSV writes a folder)
NETWORK_FORMATS: dict[str, str | None] = {"graphml": ".graphml", "gexf": ".gexf", "csv": None}

#: what `kg export` calls the CSV pair inside its output folder
NODES_FILE = "nodes.csv"
EDGES_FILE = "edges.csv"

#: Neo4j's default array delimiter (`--array-delimiter`)
ARRAY_DELIMITER = ";"

NODE_COLUMNS = (
    ("id:ID", "id"),
    ("label", "label"),
    (":LABEL", "neo4j_labels"),
    ("type", "type"),
    ("aliases:string[]", "aliases"),
    ("mentions:int", "mentions"),
    ("sameAs:string[]", "same_as"),
)
EDGE_COLUMNS = (
    (":START_ID", "source"),
    (":END_ID", "target"),
    (":TYPE", "neo4j_type"),
    ("statement", "statement"),
    ("relation", "relation"),
    ("status", "status"),
    ("asserted:boolean", "asserted"),
    ("negated:boolean", "negated"),
    ("modality", "modality"),
    ("confidence:double", "confidence"),
    ("speaker", "speaker"),
    ("speaker_id", "speaker_id"),
    ("document", "document"),
    ("sentence_index:int", "sentence_index"),
    ("sentence", "sentence"),
    ("rule", "rule"),
)

# characters XML 1.0 cannot hold: a control character in an input text would make the file unreadable
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NOT_TYPE_CHAR = re.compile(r"\W+")


def export_network(g: Graph) -> nx.MultiDiGraph:
    """The entity graph of `g` with flat, provenance-carrying attributes.

    Parameters
    ----------
    g : rdflib.Graph
        A graph following docs/rdf-model.md.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes are entity IRIs with ``label``, ``type``, ``aliases`` and ``same_as`` (strings,
        items joined by ``;``) and ``mentions`` (int). Edges, keyed by statement, carry
        ``statement``, ``relation``, ``relation_text``, ``status`` (fact, reported, negated or
        hedged), ``asserted``, ``negated``, ``modality``, ``confidence``, ``speaker`` (the
        speaker's label), ``speaker_id`` (its IRI), ``document`` (the document id),
        ``sentence_index``, ``sentence`` (its text) and ``rule``; an attribute that has no
        value is left out. The speaker's "reports" edges of `entity_graph` are not
        repeated: the speaker is on the edge of what it said.

    Examples
    --------
    >>> ttl = '''
    ... @prefix kg: <https://w3id.org/kg-builder/ontology#> .
    ... @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... <urn:ann> a kg:Entity ; rdfs:label "Ann" .
    ... <urn:acme> a kg:Entity ; rdfs:label "Acme" .
    ... <urn:st> a kg:Statement ; rdf:subject <urn:ann> ; rdf:predicate <urn:join> ;
    ...     rdf:object <urn:acme> ; kg:negated true ; kg:relationText "did not join" .
    ... '''
    >>> G = export_network(Graph().parse(data=ttl, format="turtle"))
    >>> [(u, d["relation"], v, d["status"]) for u, v, d in G.edges(data=True)]
    [('urn:ann', 'did not join', 'urn:acme', 'negated')]
    """
    source = entity_graph(g, include_unasserted=True, include_attribution=False)
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph()  # nodes are entity IRIs
    _add_network_nodes(G, g, source)
    _add_network_edges(G, g, source)
    return G


def _add_network_nodes(G: nx.MultiDiGraph, g: Graph, source: nx.MultiDiGraph) -> None:
    """The entities of `source` with flat attributes, and their owl:sameAs links in `g`."""
    for node, data in source.nodes(data=True):
        same_as = sorted(str(o) for o in g.objects(URIRef(node), OWL.sameAs))
        G.add_node(
            node,
            **_present(
                label=data["label"],
                type=data["type"],
                aliases=ARRAY_DELIMITER.join(data["aliases"]) or None,
                mentions=int(data["mentions"]),
                same_as=ARRAY_DELIMITER.join(same_as) or None,
            ),
        )


def _add_network_edges(G: nx.MultiDiGraph, g: Graph, source: nx.MultiDiGraph) -> None:
    """The statements of `source`, each with its status, speaker and place in its document."""
    sentences: dict[str, tuple[str | None, int | None]] = {}
    for u, v, key, data in source.edges(keys=True, data=True):
        sentence_iri = data["sentence_iri"]
        if sentence_iri is not None and sentence_iri not in sentences:
            sentences[sentence_iri] = _sentence_place(g, URIRef(sentence_iri))
        document, index = sentences.get(sentence_iri, (None, None))
        speaker = data["attributed_to"]
        speaker_label = source.nodes[speaker]["label"] if speaker in source else None
        G.add_edge(
            u,
            v,
            key=key,
            **_present(
                statement=data["statement"],
                relation=data["relation"],
                relation_text=data["relation_text"],
                status=status_of(
                    negated=data["negated"], modality=data["modality"], speaker=speaker
                ),
                asserted=data["asserted"],
                negated=data["negated"],
                modality=data["modality"],
                confidence=data["confidence"],
                speaker=speaker_label,
                speaker_id=speaker,
                document=document,
                sentence_index=index,
                sentence=data["sentence"],
                rule=data["rule"],
            ),
        )


def _present(**attrs) -> dict:
    """The attributes that have a value (GraphML and GEXF cannot write None)."""
    return {name: value for name, value in attrs.items() if value is not None}


def _sentence_place(g: Graph, sentence: URIRef) -> tuple[str | None, int | None]:
    """(document id, sentence index) of a sentence node: its document's rdfs:label and kg:index."""
    doc = g.value(sentence, KG.document)
    label = g.value(doc, RDFS.label) if doc is not None else None
    index = g.value(sentence, KG.index)
    try:
        number = int(str(index)) if index is not None else None  # a literal's lexical form
    except (TypeError, ValueError):
        number = None
    return (str(label) if label is not None else (str(doc) if doc is not None else None)), number


# --- formats ---------------------------------------------------------------


def network_format(path: str | Path, explicit: str | None = None) -> str | None:
    """ "graphml", "gexf" or "csv" when `explicit` or the path asks for one, else None (an RDF format).

    An existing folder, or a path ending in a slash, means CSV; a single ``.csv`` file cannot
    hold nodes and edges, so it is refused with the way to ask for the folder.
    """
    if explicit:
        name = explicit.lower()
        return name if name in NETWORK_FORMATS else None
    text = str(path)
    suffix = Path(text).suffix.lower()
    for name, extension in NETWORK_FORMATS.items():
        if extension and suffix == extension:
            return name
    if text.endswith(("/", "\\")) or Path(text).is_dir():
        return "csv"
    if suffix == ".csv":
        raise GraphFileError(
            f"cannot export to {path}: CSV export writes two files ({NODES_FILE}, {EDGES_FILE}) "
            f"into a folder; give the folder, e.g. -o {Path(text).with_suffix('')}/ --format csv"
        )
    return None


def _xml_safe(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of G whose string attributes hold only characters XML 1.0 allows."""

    def clean(data: dict) -> dict:
        return {k: _NOT_XML.sub(" ", v) if isinstance(v, str) else v for k, v in data.items()}

    H: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    H.add_nodes_from((_NOT_XML.sub(" ", n), clean(d)) for n, d in G.nodes(data=True))
    # (u, v, key, data): a multigraph's edge form, missing from types-networkx
    H.add_edges_from(
        (_NOT_XML.sub(" ", u), _NOT_XML.sub(" ", v), k, clean(d))  # type: ignore[misc]
        for u, v, k, d in G.edges(keys=True, data=True)
    )
    return H


def graphml_bytes(G: nx.MultiDiGraph) -> bytes:
    """GraphML of an `export_network` graph (typed keys; edge ids are the statement keys)."""
    out = io.BytesIO()
    nx.write_graphml(_xml_safe(G), out, encoding="utf-8")
    return out.getvalue()


def gexf_bytes(G: nx.MultiDiGraph) -> bytes:
    """GEXF 1.2 of an `export_network` graph; the relation is each edge's label (Gephi shows it)."""
    H = _xml_safe(G)
    for _, _, data in H.edges(data=True):
        data["label"] = data.get("relation", "")
    out = io.BytesIO()
    nx.write_gexf(H, out, encoding="utf-8")
    return out.getvalue()


def neo4j_type(relation: str) -> str:
    """A Neo4j relationship type for a relation label: "obtain from" -> "OBTAIN_FROM".

    >>> neo4j_type("be accompanied by"), neo4j_type("")
    ('BE_ACCOMPANIED_BY', 'RELATED_TO')
    """
    return _NOT_TYPE_CHAR.sub("_", relation).strip("_").upper() or "RELATED_TO"


def _cell(value) -> str:
    """A CSV field on one line (neo4j-admin needs --multiline-fields otherwise); booleans as true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return " ".join(str(value).split())


def _table(header: Iterable[str], rows: Iterable[Iterable]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue().encode("utf-8")


def csv_tables(G: nx.MultiDiGraph) -> tuple[bytes, bytes]:
    """(nodes.csv, edges.csv) of an `export_network` graph, in the shape of the module docstring."""
    node_rows = []
    for node, data in G.nodes(data=True):
        values = {
            **data,
            "id": node,
            "neo4j_labels": f"Entity{ARRAY_DELIMITER}{data.get('type', 'Concept')}",
        }
        node_rows.append([values.get(name) for _, name in NODE_COLUMNS])
    edge_rows = []
    for u, v, data in G.edges(data=True):
        values = {
            **data,
            "source": u,
            "target": v,
            "neo4j_type": neo4j_type(data.get("relation", "")),
        }
        edge_rows.append([values.get(name) for _, name in EDGE_COLUMNS])
    return (
        _table((h for h, _ in NODE_COLUMNS), node_rows),
        _table((h for h, _ in EDGE_COLUMNS), edge_rows),
    )


def write_network(G: nx.MultiDiGraph, path: str | Path, fmt: str) -> list[Path]:
    """Write G as `fmt` ("graphml", "gexf" or "csv"); returns the files written.

    Every file is written atomically. For CSV, `path` is a folder (made if missing, its parent
    must exist) that receives nodes.csv and edges.csv; both are made in memory before either
    is written, so a failure leaves the old pair in place.
    """
    target = Path(path)
    if fmt == "graphml":
        atomic_write_bytes(target, graphml_bytes(G))
        return [target]
    if fmt == "gexf":
        atomic_write_bytes(target, gexf_bytes(G))
        return [target]
    if fmt != "csv":
        raise GraphFileError(
            f"unknown network format {fmt!r}; use one of: {', '.join(NETWORK_FORMATS)}"
        )
    nodes, edges = csv_tables(G)
    if target.exists() and not target.is_dir():
        raise GraphFileError(
            f"cannot export CSV to {target}: it is a file, and CSV export writes a folder"
        )
    if not target.exists():
        if not target.parent.is_dir():
            raise GraphFileError(f"cannot write {target}: folder {target.parent} does not exist")
        try:
            target.mkdir()
        except OSError as exc:
            raise GraphFileError(f"cannot create folder {target}: {exc.strerror or exc}") from exc
    written = [target / NODES_FILE, target / EDGES_FILE]
    atomic_write_bytes(written[0], nodes)
    atomic_write_bytes(written[1], edges)
    return written
