"""Prefixes used across the project (Turtle output, SPARQL headers)."""

from __future__ import annotations

from rdflib import Graph

PREFIXES: dict[str, str] = {
    "cchc": "https://w3id.org/cchc-kg/ontology#",
    "area": "https://w3id.org/cchc-kg/ontology/area/",
    "dtype": "https://w3id.org/cchc-kg/ontology/doctype/",
    "kind": "https://w3id.org/cchc-kg/ontology/agency-kind/",
    "tfk": "https://w3id.org/cchc-kg/ontology/timeframe-kind/",
    "role": "https://w3id.org/cchc-kg/ontology/role/",
    "rel": "https://w3id.org/cchc-kg/ontology/relation/",
    "unit": "https://w3id.org/cchc-kg/ontology/budget-unit/",
    "fund": "https://w3id.org/cchc-kg/ontology/funding/",
    "flag": "https://w3id.org/cchc-kg/ontology/flag/",
    "skind": "https://w3id.org/cchc-kg/ontology/succession-kind/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
}

# Namespaces whose terms this project defines (or declares, for ELI) and generates Python constants for.
GENERATED_NAMESPACES: tuple[str, ...] = (
    "cchc",
    "area",
    "dtype",
    "kind",
    "tfk",
    "role",
    "rel",
    "unit",
    "fund",
    "flag",
    "skind",
    "eli",
)


def bind_prefixes(graph: Graph) -> Graph:
    """Bind every project prefix on ``graph`` and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph
