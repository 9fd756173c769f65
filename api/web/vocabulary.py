"""What the editor completes from: the project's prefixes and the ontology's classes and properties.

Read once from ``ontology.prefixes.PREFIXES`` and the ontology graph (``ontology.loader.vocabulary_graph``),
never from the network: YASQE's own completers ask prefix.cc and Linked Open Vocabularies, which the editor
replaces with these (``api/static/editor.js``).
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import OWL, RDF, RDFS, URIRef

from ontology.loader import vocabulary_graph
from ontology.prefixes import PREFIXES

CLASS_TYPES = (OWL.Class, RDFS.Class)
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
# properties the queries use that the ontology reuses without declaring them
COMMON_PROPERTIES = (RDF.type, RDFS.label, RDFS.comment, RDFS.subClassOf, RDFS.seeAlso)


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, object]:
    """``{"prefixes": {name: namespace}, "classes": [IRI], "properties": [IRI]}``, IRIs sorted."""
    graph = vocabulary_graph()
    classes = {s for t in CLASS_TYPES for s in graph.subjects(RDF.type, t) if isinstance(s, URIRef)}
    properties = {s for t in PROPERTY_TYPES for s in graph.subjects(RDF.type, t) if isinstance(s, URIRef)}
    properties |= {p for _, p, _ in graph if str(p).startswith(tuple(PREFIXES.values()))}
    properties |= set(COMMON_PROPERTIES)
    return {
        "prefixes": dict(PREFIXES),
        "classes": sorted(str(c) for c in classes),
        "properties": sorted(str(p) for p in properties - classes),
    }
