"""`kg validate`: a graph checked against the shipped SHACL shapes."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graph.rdf.validate import ValidationResult


def validate(graph: str) -> ValidationResult:
    """Validate a graph against the shipped SHACL shapes (exit 1 with a report if invalid).

    Example:
      kg validate seed.ttl
      kg build article.txt -o - | kg validate -      # - reads the graph from stdin

    Returns the result (whether it conforms, the number of violations, pySHACL's report);
    `graph` is a graph file, or "-" for standard input.
    """
    from graph.rdf.stdio import read_graph_arg
    from graph.rdf.validate import validate_graph

    return validate_graph(read_graph_arg(graph))
