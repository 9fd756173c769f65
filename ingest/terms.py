"""The namespaces the mapping writes, with each term looked up once.

rdflib's ``DefinedNamespace`` checks every ``CCHC.hasTask`` in Python; mapping a national corpus reads
such a term some 3 million times. :class:`Terms` keeps each term the first access returns (the same
URIRef, the same errors for a misspelt term).
"""

from __future__ import annotations

from rdflib import RDF as _RDF
from rdflib import RDFS as _RDFS
from rdflib import URIRef
from rdflib.namespace import DCTERMS as _DCTERMS
from rdflib.namespace import PROV as _PROV
from rdflib.namespace import SKOS as _SKOS
from rdflib.namespace import TIME as _TIME
from rdflib.namespace import XSD as _XSD

from ontology import namespace as _ontology


class Terms:
    """Attribute and item access to ``namespace``'s terms, each looked up once."""

    def __init__(self, namespace: type) -> None:
        self._namespace = namespace
        self._items: dict[str, URIRef] = {}

    def __getattr__(self, name: str) -> URIRef:  # only for names not looked up yet
        if name.startswith("__"):
            raise AttributeError(name)
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        term = self._items.get(name)
        if term is None:
            term = self._items[name] = self._namespace[name]
        return term


RDF = Terms(_RDF)
RDFS = Terms(_RDFS)
DCTERMS = Terms(_DCTERMS)
PROV = Terms(_PROV)
SKOS = Terms(_SKOS)
TIME = Terms(_TIME)
XSD = Terms(_XSD)
CCHC = Terms(_ontology.CCHC)
DTYPE = Terms(_ontology.DTYPE)
ELI = Terms(_ontology.ELI)
FLAG = Terms(_ontology.FLAG)
FUND = Terms(_ontology.FUND)
KIND = Terms(_ontology.KIND)
REL = Terms(_ontology.REL)
ROLE = Terms(_ontology.ROLE)
SKIND = Terms(_ontology.SKIND)
TFK = Terms(_ontology.TFK)
UNIT = Terms(_ontology.UNIT)
