"""Document identity: which real document a header or a mention denotes.

A number is unique only with its type, issuer and year, and ``…/KH-UBND`` or ``…/QĐ-UBND`` numbers only
within one province; issuer office suffixes (71/QĐ-UBND-HC vs 71/QĐ-UBND) do not change identity. Dates
that disagree for one identity are kept on each mention and reported as a conflict.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from ingest.normalize.docnumber import is_national
from ingest.records import DocNumber, DocumentHeader, Finding, LegalReferenceRecord
from ingest.reference_base import NationalDocument, find_by_number, find_by_title
from ontology.iris import slugify


@dataclass(frozen=True)
class DocIdentity:
    """What makes a document unique (the IRI is minted from it)."""

    type_code: str
    issuer: str
    serial: str
    year: int | None
    province: str | None  # None for national documents

    @property
    def loose_key(self) -> tuple[str, str, str, str | None]:
        """Identity without the year, to unify mentions of one document within one text."""
        return (self.type_code, self.issuer, self.serial, self.province)


@dataclass
class ResolvedDocument:
    """A document this file mentions or is, with everything the text and the reference base say."""

    identity: DocIdentity
    number: DocNumber | None
    title: str | None
    national: NationalDocument | None
    stated_dates: list[tuple[date, str, int]]  # (date, as written, line)
    authoritative_date: date | None  # from the file's own header or the reference base


def _issuer_key(number: DocNumber) -> str:
    return number.issuer


def identify_number(
    number: DocNumber,
    doc_type: str | None,
    stated: date | None,
    file_province: str | None,
) -> tuple[DocIdentity, NationalDocument | None]:
    """Identity of a numbered document.

    Serials restart every year, so a number without its year ("23/CT-TTg") is the reference base's
    document only when the stated date, if any, falls in that document's year.
    """
    national_doc = find_by_number(number)
    if national_doc and number.year is None and stated and stated.year != national_doc.date.year:
        national_doc = None
    type_code = doc_type or number.type_code or (national_doc.doc_type if national_doc else "CV")
    if national_doc:
        type_code = national_doc.doc_type
    if type_code == "TT" and number.party_form:
        type_code = "TTri"  # "02-TT/TU" is a Party body's Thông tri, "92/2009/TT-BTC" a ministry's Thông tư
    year = (
        number.year or (national_doc.date.year if national_doc else None) or (stated.year if stated else None)
    )
    national = is_national(number.issuer) or national_doc is not None
    identity = DocIdentity(
        type_code=type_code,
        issuer=_issuer_key(number),
        serial=number.serial.lower(),
        year=year,
        province=None if national else file_province,
    )
    return identity, national_doc


def identify_law(title: str, stated: date | None) -> tuple[DocIdentity, NationalDocument | None]:
    """Identity of a law cited by name; the reference base gives its number when it knows the law."""
    national_doc = find_by_title(title, stated)
    if national_doc:
        return identify_number(national_doc.number, "L", stated, None)
    return DocIdentity("L", "QH", slugify(title), stated.year if stated else None, None), None


def identify_reference(ref: LegalReferenceRecord, file_province: str | None):
    """Identity of a mention (None for programme mentions, which are not documents)."""
    if ref.number is not None:
        return identify_number(ref.number, ref.doc_type, ref.date, file_province)
    if ref.doc_type == "L" and ref.title:
        return identify_law(ref.title, ref.date)
    return None


def identify_header(header: DocumentHeader) -> DocIdentity | None:
    """Identity of the file's own plan or decision (None for a plan without a number of its own)."""
    if header.number is None:
        return None
    # the number's own type code names the document ("09/CTr-UBND" under a programme heading read as a plan)
    doc_type = header.number.type_code or header.doc_type
    identity, _ = identify_number(header.number, doc_type, header.date, header.province)
    if identity.year is None and header.date:
        identity = DocIdentity(
            identity.type_code, identity.issuer, identity.serial, header.date.year, identity.province
        )
    return identity


class DocumentRegistry:
    """Collects every document of one file, unifies mentions, and detects date conflicts."""

    def __init__(self, file_province: str | None) -> None:
        self.file_province = file_province
        self._by_loose: dict[tuple[str, str, str, str | None], ResolvedDocument] = {}
        self._mentions: dict[int, ResolvedDocument] = {}

    def add_own(self, header: DocumentHeader) -> ResolvedDocument | None:
        """Register the file's own plan or decision; its header date is authoritative."""
        identity = identify_header(header)
        if identity is None:
            return None
        resolved = self._get(identity, header.number, header.title, None)
        resolved.authoritative_date = header.date
        if header.date:
            resolved.stated_dates.append((header.date, header.date_as_written or "", header.span.first))
        return resolved

    def add_mention(self, ref: LegalReferenceRecord) -> ResolvedDocument | None:
        """Register a mention; returns the document it denotes (None for programme mentions)."""
        found = identify_reference(ref, self.file_province)
        if found is None:
            return None
        identity, national_doc = found
        resolved = self._get(
            identity, ref.number or (national_doc.number if national_doc else None), ref.title, national_doc
        )
        if ref.date:
            resolved.stated_dates.append((ref.date, ref.date_as_written or "", ref.span.first))
        self._mentions[id(ref)] = resolved
        return resolved

    def resolved_for(self, ref: LegalReferenceRecord) -> ResolvedDocument | None:
        return self._mentions.get(id(ref))

    def _get(
        self,
        identity: DocIdentity,
        number: DocNumber | None,
        title: str | None,
        national_doc: NationalDocument | None,
    ) -> ResolvedDocument:
        existing = self._by_loose.get(identity.loose_key)
        if existing is None:
            existing = ResolvedDocument(
                identity, number, title, national_doc, [], national_doc.date if national_doc else None
            )
            self._by_loose[identity.loose_key] = existing
        elif existing.identity.year is None and identity.year is not None:
            existing.identity = identity
        if title and not existing.title:
            existing.title = title
        if number and existing.number is None:
            existing.number = number
        return existing

    def documents(self) -> list[ResolvedDocument]:
        """Every document, in first-seen order."""
        return list(self._by_loose.values())

    def date_conflicts(self) -> list[tuple[ResolvedDocument, Finding]]:
        """A finding for every document given two dates, or a date the reference base contradicts."""
        conflicts = []
        for doc in self.documents():
            by_date: dict[date, list[tuple[str, int]]] = defaultdict(list)
            for value, written, line in doc.stated_dates:
                by_date[value].append((written, line))
            if doc.national and doc.national.date not in by_date and by_date:
                by_date[doc.national.date].append(("reference base", 0))
            if len(by_date) < 2:
                continue
            parts = []
            for value in sorted(by_date):
                lines = sorted({line for _, line in by_date[value] if line})
                where = f"line {', '.join(map(str, lines))}" if lines else "the reference base"
                parts.append(f"{value.isoformat()} ({where})")
            label = doc.number.canonical() if doc.number else (doc.title or doc.identity.serial)
            first_line = min((line for _, _, line in doc.stated_dates), default=1)
            conflicts.append(
                (
                    doc,
                    Finding(
                        "date-conflict",
                        f"{label} is given different dates: " + "; ".join(parts),
                        max(first_line, 1),
                        subject=label,
                    ),
                )
            )
        return conflicts
