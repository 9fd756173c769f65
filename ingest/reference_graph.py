"""Triples of the curated reference base: national documents, their links, and the master programmes."""

from __future__ import annotations

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, XSD

from ingest.identity import identify_number
from ingest.mapping import TYPE_CLASS, TYPE_CONCEPT
from ingest.reference_base import NationalDocument, reference_base
from ontology.iris import IriMinter
from ontology.namespace import CCHC, ELI
from ontology.prefixes import bind_prefixes


def _iri(minter: IriMinter, doc: NationalDocument) -> URIRef:
    identity, _ = identify_number(doc.number, doc.doc_type, doc.date, None)
    return minter.document(
        type_code=identity.type_code,
        issuer=identity.issuer,
        serial=identity.serial,
        year=identity.year,
        province=None,
    )


def reference_graph(minter: IriMinter) -> Graph:
    """The reference base as a graph (loaded into its own named graph)."""
    graph = bind_prefixes(Graph())
    base = reference_base()
    nation = minter.nation()
    graph.add((nation, RDF.type, CCHC.Nation))
    graph.add((nation, RDFS.label, Literal("Việt Nam", lang="vi")))
    iris = {doc.number.canonical(): _iri(minter, doc) for doc in base.documents}
    for doc in base.documents:
        node = iris[doc.number.canonical()]
        graph.add((node, RDF.type, TYPE_CLASS[doc.doc_type]))
        graph.add((node, ELI.type_document, TYPE_CONCEPT[doc.doc_type]))
        graph.add((node, ELI.number, Literal(doc.number.canonical())))
        graph.add((node, RDFS.label, Literal(doc.number.canonical())))
        graph.add((node, DCTERMS.title, Literal(doc.title, lang="vi")))
        graph.add((node, ELI.date_document, Literal(doc.date.isoformat(), datatype=XSD.date)))
        graph.add((node, CCHC.year, Literal(doc.date.year, datatype=XSD.integer)))
        graph.add((node, CCHC.issuerCode, Literal(doc.number.issuer)))
        graph.add((node, ELI.jurisdiction, nation))
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
