"""The IRI scheme: deterministic, readable IRIs for everything the project mints.

The same document ingested twice gives the same IRIs. Legal documents follow ELI's pattern
(``eli/vn/{jurisdiction}/{issuer}/{type}/{year}/{number}``); provincial agencies are scoped by
province. The base IRI is configurable; ontology terms are not (they live under w3id.org/cchc-kg/ontology).
See ontology/README.md for the full table.
"""

from __future__ import annotations

import re

from rdflib import URIRef

from ontology import DEFAULT_BASE_IRI
from ontology.text import fold

_TYPE_SLUGS = {
    "NQ": "nq",
    "NĐ": "nd",
    "QĐ": "qd",
    "CT": "ct",
    "KH": "kh",
    "TB": "tb",
    "KL": "kl",
    "TTr": "ttr",
    "CV": "cv",
    "L": "luat",
}


def slugify(text: str) -> str:
    """ASCII slug of the folded text: "Sở Nội vụ" -> "so-noi-vu", "Đồng Tháp" -> "dong-thap"."""
    return re.sub(r"[^a-z0-9.]+", "-", fold(text)).strip("-.")


def code_slug(code: str) -> str:
    """Slug of a task or target code; the item letter "đ" becomes "dd" so 1.đ and 1.d stay distinct."""
    parts = [("dd" if part.strip(")").lower() == "đ" else part) for part in code.split(".")]
    return slugify(".".join(parts))


def type_slug(type_code: str) -> str:
    """The IRI segment for a document-type notation (NQ -> nq, NĐ -> nd, Luật -> luat)."""
    return _TYPE_SLUGS.get(type_code) or slugify(type_code)


class IriMinter:
    """Mints every IRI of the data graph under one base IRI."""

    def __init__(self, base: str = DEFAULT_BASE_IRI) -> None:
        if not re.match(r"^https?://", base):
            raise ValueError(f"base IRI must be an http(s) IRI, got {base!r}")
        self.base = base if base.endswith("/") else base + "/"

    def _iri(self, *segments: str) -> URIRef:
        return URIRef(self.base + "/".join(segments))

    # -- places ------------------------------------------------------------------------------------
    def province(self, name: str) -> URIRef:
        """``place/{province}``, e.g. place/dong-thap."""
        return self._iri("place", slugify(name))

    def nation(self) -> URIRef:
        """``place/vn``: the national jurisdiction."""
        return self._iri("place", "vn")

    # -- legal documents ---------------------------------------------------------------------------
    def document(
        self,
        *,
        type_code: str,
        issuer: str,
        serial: str,
        year: int | None,
        province: str | None,
    ) -> URIRef:
        """``eli/vn/[{province}/]{issuer}/{type}/[{year}/]{serial}``.

        National documents have no province segment; the year segment is left out only when neither the
        number nor any date gives it.
        """
        segments = ["eli", "vn"]
        if province:
            segments.append(slugify(province))
        segments += [slugify(issuer), type_slug(type_code)]
        if year:
            segments.append(str(year))
        segments.append(slugify(serial))
        return self._iri(*segments)

    def issued_plan(self, decision: URIRef) -> URIRef:
        """A plan with no number of its own, issued by (attached to) a decision: ``{decision}/plan``."""
        return URIRef(f"{decision}/plan")

    def unnumbered_document(self, sha256: str, role: str) -> URIRef:
        """A plan or decision whose text gives it no number: ``doc/{sha256[:16]}/{role}``."""
        return self._iri("doc", sha256[:16], role)

    def programme(self, period: str) -> URIRef:
        """The national master programme of a period: ``programme/2021-2030``."""
        return self._iri("programme", slugify(period))

    # -- plan structure ----------------------------------------------------------------------------
    def section(self, plan: URIRef, number: str) -> URIRef:
        return URIRef(f"{plan}/section/{slugify(number) or 'none'}")

    def task(self, plan: URIRef, code: str) -> URIRef:
        return URIRef(f"{plan}/task/{code_slug(code)}")

    def target(self, plan: URIRef, code: str) -> URIRef:
        return URIRef(f"{plan}/target/{code_slug(code)}")

    def assignment(self, task: URIRef, role: str, party_key: str) -> URIRef:
        return URIRef(f"{task}/{role}/{party_key}")

    def time_frame(self, task: URIRef) -> URIRef:
        return URIRef(f"{task}/time")

    def instant(self, task: URIRef, which: str) -> URIRef:
        """``{task}/time/{start|end|m1...}``."""
        return URIRef(f"{task}/time/{which}")

    def budget(self, task: URIRef) -> URIRef:
        return URIRef(f"{task}/budget")

    def reference(self, citing: URIRef, line: int, index: int) -> URIRef:
        """One mention of a document: ``{citing}/ref/{line}-{index}``."""
        return URIRef(f"{citing}/ref/{line}-{index}")

    def flag(self, source: URIRef, kind: str, index: int) -> URIRef:
        """A data-quality flag raised while reading a source file: ``{source}/flag/{kind}-{n}``.

        Minted under the source file, not the flagged subject: two files flagging the same national
        document keep two flags, each with its own lines.
        """
        return URIRef(f"{source}/flag/{slugify(kind)}-{index}")

    # -- agencies ----------------------------------------------------------------------------------
    def agency(self, key: str, province: str | None, *, is_group: bool) -> URIRef:
        """``org/{province|vn}/{key}`` for single bodies, ``group/{province|vn}/{key}`` for groups."""
        scope = slugify(province) if province else "vn"
        return self._iri("group" if is_group else "org", scope, key)

    # -- lineage ---------------------------------------------------------------------------------------
    def succession(self, predecessor: URIRef, successor: URIRef) -> URIRef:
        """``{predecessor}/succession/{successor's path}``, e.g.
        org/dong-thap/so-thong-tin-va-truyen-thong/succession/org/dong-thap/so-khoa-hoc-va-cong-nghe."""
        path = (
            str(successor)[len(self.base) :]
            if str(successor).startswith(self.base)
            else slugify(str(successor))
        )
        return URIRef(f"{predecessor}/succession/{path}")

    def existence(self, body: URIRef) -> URIRef:
        """``{body}/existence``: the OWL-Time interval of a body's existence."""
        return URIRef(f"{body}/existence")

    # -- provenance and graphs ---------------------------------------------------------------------
    def source(self, sha256: str) -> URIRef:
        """The source file, by content checksum: ``source/{sha256[:16]}``."""
        return self._iri("source", sha256[:16])

    def document_graph(self, primary: URIRef) -> URIRef:
        """Named graph holding one source document's triples: ``graph/{path of its primary IRI}``."""
        path = str(primary)[len(self.base) :] if str(primary).startswith(self.base) else slugify(str(primary))
        return self._iri("graph", path)

    @property
    def reference_graph(self) -> URIRef:
        """Named graph of the curated reference base of national documents."""
        return self._iri("graph", "reference")

    @property
    def shared_graph(self) -> URIRef:
        """Named graph describing, once, the agencies, groups, places, programmes and cited documents
        that several document graphs mention (see ``ingest.mapping.partition_triples``)."""
        return self._iri("graph", "shared")

    @property
    def inference_graph(self) -> URIRef:
        """Named graph of materialised entailments."""
        return self._iri("graph", "inferred")

    @property
    def metadata_graph(self) -> URIRef:
        """Named graph recording which source documents the store holds."""
        return self._iri("graph", "meta")

    @property
    def ontology_graph(self) -> URIRef:
        """Named graph holding the ontology and its concept schemes."""
        return self._iri("graph", "ontology")
