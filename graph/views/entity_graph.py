"""The RDF graph as a networkx entity graph: one node per entity, one edge per statement.

`entity_graph` reads the model in docs/rdf-model.md with prepared SPARQL queries.
Edges come from the `kg:Statement` nodes, not from the direct edges, so negated
and hedged statements (which have no direct edge) can be drawn too, each with
its flags, confidence and source sentence.

The filters (`focus_subgraph`, `top_nodes`, `largest_component`) take and return
such a graph; each returns a new graph and leaves its input untouched.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable
from typing import Any
from typing import Literal as TypingLiteral

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.plugins.sparql import prepareQuery

from extract.errors import InputError
from extract.model import EntityType
from graph.rdf.vocab import KG, TYPE_CLASS


class GraphFilterError(InputError):
    """A filter (focus, top, ...) asked for something the entity graph cannot give."""


class EntityNotFoundError(GraphFilterError):
    """No entity has the label, alias or IRI a filter was given."""


_NS = {"rdf": RDF, "rdfs": RDFS, "skos": SKOS, "kg": KG._NS}


class _Query:
    """A SELECT kept as text (for Oxigraph) and prepared (for rdflib's engine)."""

    def __init__(self, text: str):
        self.text = text
        self.prepared = prepareQuery(text, initNs=_NS)


# One row per entity (more when a label or count is wrongly repeated: the smallest wins).
_ENTITIES = _Query(
    """
    SELECT ?e ?label ?mentions WHERE {
        ?e a kg:Entity .
        OPTIONAL { ?e rdfs:label ?label }
        OPTIONAL { ?e kg:mentionCount ?mentions }
    }
    """
)


_TYPES = _Query("SELECT ?e ?cls WHERE { ?e a kg:Entity , ?cls . }")

_ALIASES = _Query("SELECT ?e ?alias WHERE { ?e a kg:Entity ; skos:altLabel ?alias . }")

# Everything a statement carries that ends up on its edge(s).
_STATEMENTS = _Query(
    """
    SELECT ?st ?predicate ?plabel ?rtext ?negated ?modality ?asserted ?confidence
           ?sentence ?stext ?document ?dlabel ?attributed ?rule WHERE {
        ?st a kg:Statement .
        OPTIONAL { ?st rdf:predicate ?predicate . OPTIONAL { ?predicate rdfs:label ?plabel } }
        OPTIONAL { ?st kg:relationText ?rtext }
        OPTIONAL { ?st kg:negated ?negated }
        OPTIONAL { ?st kg:modality ?modality }
        OPTIONAL { ?st kg:asserted ?asserted }
        OPTIONAL { ?st kg:confidence ?confidence }
        OPTIONAL { ?st kg:sentence ?sentence . OPTIONAL { ?sentence kg:text ?stext }
                   OPTIONAL { ?sentence kg:document ?document .
                              OPTIONAL { ?document rdfs:label ?dlabel } } }
        OPTIONAL { ?st kg:attributedTo ?attributed }
        OPTIONAL { ?st kg:rule ?rule }
    }
    """
)


def _select(g, query: _Query):
    """Rows of a SELECT: rdflib's engine on a Graph, else the graph's own ``select(text)``.

    `graph.store.oxigraph_view.OxigraphView` answers ``select`` with Oxigraph, which
    is two orders of magnitude faster than rdflib's engine on a corpus graph.
    """
    if isinstance(g, Graph):
        return g.query(query.prepared)
    return g.select(query.text, _NS)


def _py(term) -> Any:
    """An rdflib term as a plain Python value (None stays None; any type `Literal.toPython` gives)."""
    if term is None:
        return None
    if isinstance(term, Literal):
        return term.toPython()
    return str(term)


def _bool(term) -> bool | None:
    value = _py(term)
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"true", "1"}


def _local_name(iri: str) -> str:
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _entity_type(classes: Iterable[URIRef]) -> EntityType:
    """The entity's type: the first known type class in `TYPE_CLASS` order, else Concept."""
    present = set(classes)
    for entity_type, cls in TYPE_CLASS.items():
        if cls in present:
            return entity_type
    return EntityType.CONCEPT


def _first(rows: list, name: str):
    """The first bound value of `name` among rows of one statement (rows are sorted)."""
    for row in rows:
        value = getattr(row, name)
        if value is not None:
            return value
    return None


def _label_of(G: nx.MultiDiGraph, iri) -> str | None:
    """The label of an entity node (its IRI's last segment when it is no node), or None."""
    if iri is None:
        return None
    node = G.nodes.get(str(iri))
    return str(node["label"]) if node is not None else _local_name(str(iri))


def entity_graph(
    g: Graph, *, include_unasserted: bool = True, include_attribution: bool = True
) -> nx.MultiDiGraph:
    """The entities of an RDF graph and the statements between them, as networkx.

    Parameters
    ----------
    g : rdflib.Graph or graph.store.oxigraph_view.OxigraphView
        A graph following docs/rdf-model.md (as written by `graph.rdf.model`); an
        `OxigraphView` of a pyoxigraph store gives the same result much faster.
    include_unasserted : bool, default True
        Also make edges of negated and hedged statements (``kg:asserted false``).
    include_attribution : bool, default True
        Add one ``"reports"`` edge from a speaker (``kg:attributedTo``) to the
        subject of what it was reported as saying (once per pair).

    Returns
    -------
    networkx.MultiDiGraph
        Nodes are entity IRIs (strings) with attributes ``label`` (rdfs:label),
        ``type`` (an `EntityType` value such as ``"Person"``; ``"Concept"`` when
        no known type class is given), ``aliases`` (sorted list of skos:altLabel)
        and ``mentions`` (kg:mentionCount, 0 when absent).

        There is one edge per statement whose ``rdf:object`` is an entity, keyed by
        the statement IRI, plus one per extra argument (``kg:argument/kg:entity``)
        that is not already linked by its own statement from the same sentence.
        Edge attributes: ``relation`` (rdfs:label of the predicate, else
        kg:relationText, plus the preposition for an argument edge),
        ``relation_text``, ``asserted``, ``negated`` (bools), ``modality`` (str or
        None), ``confidence`` (float or None), ``sentence`` (kg:text of the source
        sentence), ``sentence_iri``, ``statement`` (the statement IRI),
        ``attributed_to`` (entity IRI or None), ``speaker`` (its label), ``document``
        (rdfs:label of the sentence's kg:document, else its IRI's last segment) and
        ``rule``.

    Examples
    --------
    >>> from rdflib import Graph
    >>> ttl = '''
    ... @prefix kg: <https://w3id.org/kg-builder/ontology#> .
    ... @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... @prefix schema: <https://schema.org/> .
    ... @prefix entity: <https://example.org/kg/entity/> .
    ... @prefix rel: <https://example.org/kg/relation/> .
    ... @prefix stmt: <https://example.org/kg/statement/> .
    ... entity:ann a kg:Entity, schema:Person ; rdfs:label "Ann" .
    ... entity:acme a kg:Entity, schema:Organization ; rdfs:label "Acme" .
    ... rel:join rdfs:label "join" .
    ... stmt:1 a kg:Statement ; rdf:subject entity:ann ;
    ...     rdf:predicate rel:join ; rdf:object entity:acme ;
    ...     kg:negated false ; kg:asserted true ; kg:confidence 0.9 .
    ... '''
    >>> G = entity_graph(Graph().parse(data=ttl, format="turtle"))
    >>> [(G.nodes[u]["label"], d["relation"], G.nodes[v]["label"]) for u, v, d in G.edges(data=True)]
    [('Ann', 'join', 'Acme')]
    """
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph()  # nodes are entity IRIs
    _add_entity_nodes(G, g)
    info = _statement_info(g, G)
    # plain pattern lookups: rdflib's SPARQL engine joins these orders of magnitude slower
    entities = set(g.subjects(RDF.type, KG.Entity))
    statements = list(g.subjects(RDF.type, KG.Statement))
    subjects = {
        str(st): str(s) for st in statements for s in g.objects(st, RDF.subject) if s in entities
    }
    linked: set[tuple[str, str, str | None]] = set()  # (subject, object, sentence)
    _add_object_edges(G, g, info, entities, statements, subjects, linked, include_unasserted)
    _add_argument_edges(G, g, info, entities, statements, subjects, linked, include_unasserted)
    if include_attribution:
        _add_report_edges(G, info, subjects, include_unasserted)
    return G


def _add_entity_nodes(G: nx.MultiDiGraph, g: Graph) -> None:
    """One node per kg:Entity: label (the least of several), type, aliases, mention count."""
    types: dict[str, list[URIRef]] = {}
    for row in _select(g, _TYPES):
        types.setdefault(str(row.e), []).append(row.cls)
    aliases: dict[str, set[str]] = {}
    for row in _select(g, _ALIASES):
        aliases.setdefault(str(row.e), set()).add(str(row.alias))
    labels: dict[str, list[str]] = {}
    counts: dict[str, list[int]] = {}
    for row in _select(g, _ENTITIES):
        iri = str(row.e)
        labels.setdefault(iri, [])
        counts.setdefault(iri, [])
        if row.label is not None:
            labels[iri].append(str(row.label))
        if _is_number(_py(row.mentions)):
            counts[iri].append(int(_py(row.mentions)))
    for iri in sorted(labels):
        label = min(labels[iri]) if labels[iri] else _local_name(iri)
        G.add_node(
            iri,
            label=label,
            type=_entity_type(types.get(iri, ())).value,
            aliases=sorted(aliases.get(iri, set()) - {label}),
            mentions=max(counts[iri], default=0),
        )


def _statement_info(g: Graph, G: nx.MultiDiGraph) -> dict[str, dict]:
    """Statement IRI -> the attributes of its edges (relation, claim status, provenance)."""
    by_statement: dict[str, list] = {}
    for row in _select(g, _STATEMENTS):
        by_statement.setdefault(str(row.st), []).append(row)
    info: dict[str, dict] = {}
    for st, rows in by_statement.items():
        rows.sort(key=lambda r: tuple(str(v) if v is not None else "" for v in r))
        info[st] = _edge_attributes(st, rows, G)
    return info


def _edge_attributes(st: str, rows: list, G: nx.MultiDiGraph) -> dict:
    """The edge attributes of statement `st` from its (sorted) query rows."""
    plabel, rtext = _first(rows, "plabel"), _first(rows, "rtext")
    predicate = _first(rows, "predicate")
    negated = bool(_bool(_first(rows, "negated")))
    modality = _py(_first(rows, "modality"))
    asserted = _bool(_first(rows, "asserted"))
    if asserted is None:  # not written down: the model's definition
        asserted = not negated and modality is None
    confidence = _py(_first(rows, "confidence"))
    sentence = _first(rows, "sentence")
    stext = _first(rows, "stext")
    attributed = _first(rows, "attributed")
    document, dlabel = _first(rows, "document"), _first(rows, "dlabel")
    rule = _first(rows, "rule")
    if plabel is not None:
        relation = str(plabel)
    elif rtext is not None:
        relation = str(rtext)
    elif predicate is not None:
        relation = _local_name(str(predicate)).replace("-", " ")
    else:
        relation = ""
    return {
        "relation": relation,
        "relation_text": str(rtext) if rtext is not None else None,
        "asserted": bool(asserted),
        "negated": negated,
        "modality": str(modality) if modality is not None else None,
        "confidence": float(confidence) if _is_number(confidence) else None,
        "sentence": str(stext) if stext is not None else None,
        "sentence_iri": str(sentence) if sentence is not None else None,
        "statement": st,
        "attributed_to": str(attributed) if attributed is not None else None,
        "speaker": _label_of(G, attributed),
        "document": str(dlabel)
        if dlabel is not None
        else (_local_name(str(document)) if document is not None else None),
        "rule": str(rule) if rule is not None else None,
    }


def _add_object_edges(
    G, g, info, entities, statements, subjects, linked, include_unasserted
) -> None:
    """One edge per statement whose rdf:object is an entity, keyed by the statement IRI."""
    object_ends = sorted(
        {
            (str(st), subjects[str(st)], str(o))
            for st in statements
            if str(st) in subjects
            for o in g.objects(st, RDF.object)
            if o in entities
        }
    )
    for st, s, o in object_ends:
        attrs = info[st]
        linked.add((s, o, attrs["sentence_iri"]))
        if include_unasserted or attrs["asserted"]:
            G.add_edge(s, o, key=st, **dict(attrs))


def _add_argument_edges(
    G, g, info, entities, statements, subjects, linked, include_unasserted
) -> None:
    """One edge per extra argument that is an entity not already linked from the same sentence."""
    argument_ends = sorted(
        {
            (str(st), subjects[str(st)], str(e), str(g.value(arg, KG.preposition) or ""))
            for st in statements
            if str(st) in subjects
            for arg in g.objects(st, KG.argument)
            for e in g.objects(arg, KG.entity)
            if e in entities
        }
    )
    for st, s, e, preposition in argument_ends:
        attrs = dict(info[st])
        if (s, e, attrs["sentence_iri"]) in linked:
            continue  # the argument already has its own statement ("steal from")
        linked.add((s, e, attrs["sentence_iri"]))
        if preposition and not attrs["relation"].endswith(f" {preposition}"):
            attrs["relation"] = f"{attrs['relation']} {preposition}".strip()
        if include_unasserted or attrs["asserted"]:
            G.add_edge(s, e, key=f"{st}#{e}", **attrs)


def _add_report_edges(G, info, subjects, include_unasserted) -> None:
    """One "reports" edge from a speaker to the subject of what it said, once per pair ("the ministry said the firm ...")."""
    reported: set[tuple[str, str]] = set()
    for st, attrs in sorted(info.items()):
        speaker, subject = attrs["attributed_to"], subjects.get(st)
        if (
            speaker is None
            or subject is None
            or speaker == subject
            or (speaker, subject) in reported
        ):
            continue
        if speaker not in G or subject not in G:
            continue
        if not include_unasserted and not attrs["asserted"]:
            continue
        reported.add((speaker, subject))
        G.add_edge(
            speaker,
            subject,
            key=f"{st}#reported",
            **{
                **attrs,
                "relation": "reports",
                "asserted": True,
                "negated": False,
                "modality": None,
                "rule": "attribution",
            },
        )


def _is_number(value) -> bool:
    """A finite number: a graph file may say kg:confidence "NaN" or "INF"^^xsd:double."""
    if value is None or isinstance(value, bool):
        return False
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError, OverflowError):
        return False


def _induced(G: nx.MultiDiGraph, keep: set) -> nx.MultiDiGraph:
    """A new graph on the nodes in `keep` and every edge between them, in G's order.

    (`G.subgraph(keep).copy()` may list the nodes in set order, which changes
    with the hash seed; layouts and files should not.)
    """
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from((u, dict(d)) for u, d in G.nodes(data=True) if u in keep)
    # (u, v, key, data): a multigraph's edge form, missing from types-networkx
    H.add_edges_from(
        (u, v, k, dict(d))  # type: ignore[misc]
        for u, v, k, d in G.edges(keys=True, data=True)
        if u in keep and v in keep
    )
    return H


def _norm(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", _norm(text))


def _contains_words(name: str, wanted: list[str]) -> bool:
    """Whether `wanted` occurs in `name` as a run of whole words ("ministry" in "the ministry")."""
    words = _words(name)
    n = len(wanted)
    return any(words[i : i + n] == wanted for i in range(len(words) - n + 1))


def match_entities(G: nx.MultiDiGraph, text: str) -> tuple[list[str], str]:
    """The nodes `text` names, and how: the first of these rules that matches anything wins.

    ``"iri"`` (the node's IRI), ``"label"`` (the whole label), ``"alias"`` (a
    whole alias), ``"word"`` (its words as whole words of a label or alias),
    ``"substring"`` (inside a label or alias); case and spacing are ignored.
    Nothing matched gives ``([], "")``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("m", label="Ministry of State Security", aliases=["the ministry"])
    >>> G.add_node("x", label="military")
    >>> match_entities(G, "ministry"), match_entities(G, "State Sec")
    ((['m'], 'word'), (['m'], 'substring'))
    """
    if text in G:
        return [text], "iri"
    wanted = _norm(text)
    names = {
        n: [_norm(d.get("label", "")), *(_norm(a) for a in d.get("aliases", ()) or ())]
        for n, d in G.nodes(data=True)
    }
    rules = [
        ("label", lambda ns: ns[0] == wanted),
        ("alias", lambda ns: wanted in ns[1:]),
    ]
    words = _words(text)
    if words:
        rules.append(("word", lambda ns: any(_contains_words(name, words) for name in ns)))
    if wanted:
        rules.append(("substring", lambda ns: any(wanted in name for name in ns)))
    for how, test in rules:
        found = sorted(n for n, ns in names.items() if test(ns))
        if found:
            return found, how
    return [], ""


def _resolve(G: nx.MultiDiGraph, label_or_iri: str) -> list[str]:
    """The nodes `label_or_iri` names (see `match_entities`)."""
    return match_entities(G, label_or_iri)[0]


def focus_subgraph(G: nx.MultiDiGraph, label_or_iri: str, hops: int = 1) -> nx.MultiDiGraph:
    """An entity and everything within `hops` edges of it (edge direction ignored).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An entity graph from `entity_graph`.
    label_or_iri : str
        The entity's IRI, canonical label or an alias (case and spacing ignored);
        failing those, entities whose label or an alias contains it as whole
        words, then as a substring (`match_entities`). When several entities
        match, all of them are centres.
    hops : int, default 1
        0 gives the entity alone.

    Returns
    -------
    networkx.MultiDiGraph
        A new graph induced on those nodes (all edges between them are kept).

    Raises
    ------
    EntityNotFoundError
        Nothing matches; the message suggests close labels.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from([("a", {"label": "Ann"}), ("b", {"label": "Bob"}), ("c", {"label": "Cy"})])
    >>> _ = G.add_edge("a", "b"), G.add_edge("b", "c")
    >>> sorted(focus_subgraph(G, "ann", hops=1))
    ['a', 'b']
    """
    if hops < 0:
        raise GraphFilterError(f"hops must be 0 or more, got {hops}")
    centres = _resolve(G, label_or_iri)
    if not centres:
        labels = sorted({str(d.get("label", n)) for n, d in G.nodes(data=True)})
        close = difflib.get_close_matches(label_or_iri, labels, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise EntityNotFoundError(
            f"no entity has the label, alias or IRI {label_or_iri!r} ({len(labels)} entities in the graph){hint}"
        )
    undirected = G.to_undirected(as_view=True)
    keep: set[str] = set()
    for centre in centres:
        keep.update(nx.single_source_shortest_path_length(undirected, centre, cutoff=hops))
    return _induced(G, keep)


def pagerank(
    G: nx.MultiDiGraph, *, alpha: float = 0.85, max_iter: int = 200, tol: float = 1.0e-10
) -> dict:
    """PageRank by power iteration (parallel edges count once each); needs no scipy.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("a", "c"), ("b", "c")])
    >>> rank = pagerank(G)
    >>> max(rank, key=rank.get)
    'c'
    """
    nodes = list(G)
    n = len(nodes)
    if n == 0:
        return {}
    out_degree = dict(G.out_degree())
    edges = list(G.edges())
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        previous = rank
        dangling = alpha * sum(previous[u] for u in nodes if out_degree[u] == 0)
        base = (1.0 - alpha) / n + dangling / n
        rank = dict.fromkeys(nodes, base)
        for u, v in edges:
            rank[v] += alpha * previous[u] / out_degree[u]
        if sum(abs(rank[u] - previous[u]) for u in nodes) < n * tol:
            break
    return rank


def top_nodes(
    G: nx.MultiDiGraph, n: int, by: TypingLiteral["degree", "pagerank"] = "degree"
) -> nx.MultiDiGraph:
    """The `n` most central entities and the edges between them.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An entity graph from `entity_graph`.
    n : int
        How many nodes to keep (all of them when the graph is smaller).
    by : {"degree", "pagerank"}, default "degree"
        Degree counts every statement edge, in and out, except self-loops: a
        loop ("Al Breach be Al Breach", an apposition resolved to its own
        entity) links the entity to nothing else, and on a news corpus such
        loops would otherwise fill the top. Ties are broken by label, then IRI,
        so the choice is stable.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("hub", "a"), ("hub", "b"), ("hub", "c"), ("a", "b")])
    >>> sorted(top_nodes(G, 2))
    ['a', 'hub']
    """
    if n < 0:
        raise GraphFilterError(f"top_nodes needs a count of 0 or more, got {n}")
    if by == "degree":
        score = dict.fromkeys(G, 0)
        for u, v in G.edges():
            if u != v:
                score[u] += 1
                score[v] += 1
    elif by == "pagerank":
        score = pagerank(G)
    else:
        raise GraphFilterError(f"top_nodes ranks by 'degree' or 'pagerank', got {by!r}")
    ranked = sorted(G, key=lambda u: (-score[u], str(G.nodes[u].get("label", "")), str(u)))
    return _induced(G, set(ranked[:n]))


def largest_component(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The largest weakly connected part of the graph (ties: the one with the smallest IRI).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("x", "y")])
    >>> sorted(largest_component(G))
    ['a', 'b', 'c']
    """
    if G.number_of_nodes() == 0:
        return G.copy()
    components = nx.weakly_connected_components(G)
    best = min(components, key=lambda c: (-len(c), min(str(u) for u in c)))
    return _induced(G, best)
