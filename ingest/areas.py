"""Map section titles (and task texts) onto the ontology's reform-area scheme, by its SKOS labels."""

from __future__ import annotations

from functools import lru_cache

from rdflib import URIRef
from rdflib.namespace import SKOS

from ingest.normalize.text import fold
from ontology.loader import vocabulary_graph
from ontology.namespace import CCHC


@lru_cache(maxsize=1)
def _labels() -> list[tuple[str, URIRef]]:
    """(folded label, area) pairs, longest label first."""
    graph = vocabulary_graph()
    pairs: set[tuple[str, URIRef]] = set()
    for area in graph.subjects(SKOS.inScheme, CCHC.ReformAreaScheme):
        for predicate in (SKOS.prefLabel, SKOS.altLabel):
            for label in graph.objects(area, predicate):
                if getattr(label, "language", None) == "vi":
                    pairs.add((fold(str(label)), URIRef(area)))
    return sorted(pairs, key=lambda pair: (-len(pair[0]), str(pair[1])))


def match_area(text: str) -> URIRef | None:
    """The reform area whose longest label occurs in ``text`` (diacritics-insensitive), or None."""
    folded = fold(text)
    for label, area in _labels():
        if label and label in folded:
            return area
    return None
