"""Triples of the curated reference base: national documents, their links, and the master programmes."""

from __future__ import annotations

from rdflib import RDF, RDFS, Graph, Literal

from ingest.mapping import national_document_iri, national_document_triples
from ingest.reference_base import reference_base
from ontology.iris import IriMinter
from ontology.namespace import CCHC, ELI
from ontology.prefixes import bind_prefixes


def reference_graph(minter: IriMinter) -> Graph:
    """The reference base as a graph (loaded into its own named graph)."""
    graph = bind_prefixes(Graph())
    base = reference_base()
    nation = minter.nation()
    graph.add((nation, RDF.type, CCHC.Nation))
    graph.add((nation, RDFS.label, Literal("Việt Nam", lang="vi")))
    iris = {doc.number.canonical(): national_document_iri(minter, doc) for doc in base.documents}
    for doc in base.documents:
        node = iris[doc.number.canonical()]
        for triple in national_document_triples(node, doc, nation):
            graph.add(triple)
        for predicate, targets in (
            (ELI.based_on, doc.based_on),
            (ELI.ensures_implementation_of, doc.implements),
            (ELI.amends, doc.amends),
            (CCHC.replaces, doc.replaces),
        ):
            for target in targets:
                graph.add((node, predicate, iris[target]))
        if doc.implements:
            for target in doc.implements:
                graph.add((node, ELI.based_on, iris[target]))
    for programme in base.programmes:
        node = minter.programme(programme.period)
        graph.add((node, RDF.type, CCHC.MasterProgramme))
        graph.add((node, RDFS.label, Literal(programme.label_vi, lang="vi")))
        graph.add((node, RDFS.label, Literal(programme.label_en, lang="en")))
        graph.add((node, CCHC.periodLabel, Literal(programme.period)))
        graph.add((node, CCHC.establishedBy, iris[programme.established_by]))
        graph.add((iris[programme.established_by], CCHC.establishes, node))
    return graph
