"""Two files, one document identity: never a silent replacement.

Writing a document replaces the graph of its IRI. That is right for the same file ingested again (same
path, even edited, or the same bytes from elsewhere) and wrong for a different file that resolves to the
same identity (same number, type, issuer and year; or a year nobody could read). Such a file is set
apart: its own IRIs (plan, decision, and everything under them) get a suffix derived from its path, and
a flag says which file holds the plain IRI.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import PROV, XSD

from ingest.mapping import Triple
from ingest.pipeline import IngestedDocument
from ingest.records import Finding
from ontology.iris import IriMinter
from ontology.namespace import CCHC, FLAG


def set_apart(doc: IngestedDocument, minter: IriMinter, path: Path, held_path: str) -> IngestedDocument:
    """``doc`` with its own IRIs suffixed by its path's checksum, and a flag naming both files."""
    suffix = "/file-" + hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:12]
    own_roots = sorted(
        {str(doc.primary)} | {str(s) for s, p, o in doc.triples if p == CCHC.issues and o == doc.primary},
        key=len,
        reverse=True,
    )

    def moved(term: object) -> object:
        if isinstance(term, URIRef):
            text = str(term)
            for root in own_roots:
                if text == root or text.startswith(root + "/"):
                    return URIRef(root + suffix + text[len(root) :])
        return term

    def rewrite(triples: list[Triple]) -> list[Triple]:
        return [(moved(s), p, moved(o)) for s, p, o in triples]  # type: ignore[misc]

    primary = moved(doc.primary)
    assert isinstance(primary, URIRef)
    message = (
        f"another file, {held_path}, already holds {doc.primary} (same number, type, issuer and year);"
        f" this file's document is kept apart as {primary}, not merged with it nor replacing it"
    )
    finding = Finding("other", message, doc.parsed.plan.span.first, subject=str(doc.primary))
    flag = _flag_triples(doc, minter, primary, finding)
    parsed = replace(doc.parsed, findings=[*doc.parsed.findings, finding])
    own = rewrite(doc.own) + flag
    return IngestedDocument(
        parsed, rewrite(doc.triples) + flag, primary, minter.document_graph(primary), own, doc.shared
    )


def _flag_triples(
    doc: IngestedDocument, minter: IriMinter, subject: URIRef, finding: Finding
) -> list[Triple]:
    source = minter.source(doc.parsed.sha256)
    count = sum(1 for _, p, o in doc.triples if p == CCHC.flagKind and o == FLAG.other) + 1
    node = minter.flag(source, finding.kind, count)
    return [
        (subject, CCHC.flag, node),
        (node, RDF.type, CCHC.QualityFlag),
        (node, CCHC.flagKind, FLAG.other),
        (node, CCHC.message, Literal(finding.message)),
        (node, CCHC.firstLine, Literal(finding.line, datatype=XSD.integer)),
        (node, PROV.wasDerivedFrom, source),
    ]
