"""Load the ontology, schemes and shapes as rdflib graphs."""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph

from ontology import SHAPES_FILE, VOCABULARY_FILES
from ontology.errors import OntologyError
from ontology.prefixes import bind_prefixes


def _parse(graph: Graph, path) -> None:
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many parser types; report them as one domain error
        raise OntologyError(f"cannot parse ontology file: {exc}", source=str(path)) from exc


@lru_cache(maxsize=1)
def _vocabulary() -> Graph:
    graph = bind_prefixes(Graph())
    for path in VOCABULARY_FILES:
        _parse(graph, path)
    return graph


def vocabulary_graph() -> Graph:
    """The ontology and its SKOS concept schemes in one new graph (a copy; safe to modify)."""
    graph = bind_prefixes(Graph())
    for triple in _vocabulary():
        graph.add(triple)
    return graph


def shapes_graph() -> Graph:
    """The SHACL shapes."""
    graph = bind_prefixes(Graph())
    _parse(graph, SHAPES_FILE)
    return graph
