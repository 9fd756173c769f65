"""Typed records emitted by the parsers; ``ingest.mapping`` turns them into triples.

Every record carries the 1-based source line range it was read from, so that every fact in the graph
can point back to its document and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


@dataclass(frozen=True)
class AgencyRef:
    """One agency named in a cell, resolved to its canonical form (by ``ingest.agencies``)."""

    name: str  # canonical display name, e.g. "Sở Nội vụ", "UBND cấp huyện"
    key: str  # stable slug used in IRIs, e.g. "so-noi-vu"
    kind: str  # notation in the agency-kind scheme
    is_group: bool  # a collective group ("Các sở, ban, ngành tỉnh") rather than a single body
    national: bool  # a national body (Bộ Nội vụ...); False = scoped to the document's province
    as_written: str  # the fragment of the cell it came from
    match: str  # "alias" | "fuzzy" | "unknown" | "lineage" (named by the lineage data, not the text)


@dataclass(frozen=True)
class LineageBody:
    """A body of the 2024-2025 reorganisation: an agency of a province (or national), or a province."""

    province: str | None  # canonical province name; None = national
    agency: AgencyRef | None = None  # None: the province itself


@dataclass(frozen=True)
class SuccessionRecord:
    """One step of lineage from the shipped reference data (ingest/data/lineage.json): ``predecessor``'s
    duties (all of them for a merger or a renaming, the share ``duty`` for a split) passed to ``successor``
    on ``effective``, as the documents ``sources`` (numbers in the reference base) decided."""

    predecessor: LineageBody
    successor: LineageBody
    kind: str  # merger | split | renamed (notations of the succession-kind scheme)
    effective: date
    sources: tuple[str, ...]
    duty: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class ExistenceRecord:
    """The known bounds of a body's existence: set up on ``start`` and/or succeeded on ``end``."""

    body: LineageBody
    start: date | None
    end: date | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Span:
    """A 1-based, inclusive range of source lines."""

    first: int
    last: int

    def __post_init__(self) -> None:
        if self.first < 1 or self.last < self.first:
            raise ValueError(f"bad span {self.first}-{self.last}")

    def merge(self, other: Span) -> Span:
        """The smallest span covering both."""
        return Span(min(self.first, other.first), max(self.last, other.last))

    def __str__(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"


class Severity(StrEnum):
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Finding:
    """A warning about the text (unknown agency, ambiguous date, conflict, unparsed row...).

    ``kind`` is the notation of a concept in the ontology's flag-kind scheme (e.g. ``date-conflict``).
    """

    kind: str
    message: str
    line: int
    severity: Severity = Severity.WARNING
    subject: str | None = None  # what it is about, as written (a number, an agency name, a code)
    page: int | None = None  # the page of ``line`` (a PDF), None when the format has no pages


# --------------------------------------------------------------------------------------------------
# Normalised values
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocNumber:
    """A normalised Vietnamese document number, e.g. 61/2018/NĐ-CP or 05-NQ/TU.

    ``type_code`` is a notation of the document-type scheme (NQ, NĐ, QĐ, CT, KH, TB, KL, TTr) or None
    for numbers that carry no type (official letters: 167/UBND-VXNV; 1211/2016/UBTVQH13).
    ``issuer`` is the issuer code as normalised (CP, TTg, TW, TU, HĐND, UBND, SNV, BCĐCCHC, UBTVQH13);
    ``issuer_suffix`` is an office suffix after it (HC in 71/QĐ-UBND-HC, VXNV in 167/UBND-VXNV).
    ``party_form`` is True for the Party style number-TYPE/ISSUER (39-NQ/TW).
    """

    serial: str
    year: int | None
    type_code: str | None
    issuer: str
    issuer_suffix: str | None = None
    party_form: bool = False

    def canonical(self) -> str:
        """The number written the standard way."""
        issuer = self.issuer + (f"-{self.issuer_suffix}" if self.issuer_suffix else "")
        head = self.serial + (f"/{self.year}" if self.year else "")
        if self.type_code is None:
            return f"{head}/{issuer}"
        if self.party_form:
            return f"{head}-{self.type_code}/{issuer}"
        return f"{head}/{self.type_code}-{issuer}"


@dataclass(frozen=True)
class TimeFrameValue:
    """A normalised time frame.

    ``kind`` is a notation of the time-frame-kind scheme: interval, deadline, milestones, recurring,
    continuous, conditional, unspecified. ``recurrence`` is yearly/quarterly/monthly/weekly for
    recurring ones. ``start``/``end`` bound the (first) occurrence within the plan's period.
    """

    text: str
    kind: str
    start: date | None = None
    end: date | None = None
    recurrence: str | None = None
    milestones: tuple[date, ...] = ()


@dataclass(frozen=True)
class BudgetValue:
    """A normalised budget cell: amount in VND per unit, and funding source notations."""

    text: str
    amount_vnd: int | None = None
    unit: str = "total"  # notation in the budget-unit scheme
    funding: tuple[str, ...] = ()  # notations in the funding-source scheme


# --------------------------------------------------------------------------------------------------
# Parsed structure
# --------------------------------------------------------------------------------------------------


@dataclass
class DocumentHeader:
    """The identity of one document read from the text (a plan, or a decision issuing a plan)."""

    doc_type: str  # notation: KH, QĐ, ...
    number: DocNumber | None
    number_as_written: str | None
    title: str | None
    issuer_name: str | None  # e.g. "Ủy ban nhân dân tỉnh Ninh Thuận"
    province: str | None  # canonical province name, e.g. "Ninh Thuận"; None for national
    date: date | None
    date_as_written: str | None
    period_start: int | None = None  # years; plans only
    period_end: int | None = None
    span: Span = field(default_factory=lambda: Span(1, 1))


@dataclass
class LegalReferenceRecord:
    """One mention of a legal document (or of a master programme) in the text."""

    relation: str  # based_on | cites | replaces | amends | implements | drafts
    as_written: str
    span: Span
    doc_type: str | None = None  # notation, from the number or the preceding word (Nghị quyết...)
    number: DocNumber | None = None
    date: date | None = None
    date_as_written: str | None = None
    issuer_name: str | None = None
    title: str | None = None  # "Luật Tổ chức chính quyền địa phương", or the trích yếu if written
    programme_period: str | None = None  # "2011-2020" / "2021-2030" for programme mentions
    subject: str = "plan"  # which of this file's documents mentions it: "plan" | "decision"
    task_code: str | None = None  # set when the mention is inside a task's text
    amended: LegalReferenceRecord | None = None  # for "X sửa đổi, bổ sung Y": the Y


@dataclass
class SectionRecord:
    """A section (area heading) row of a task table."""

    number: str  # "1", "II", or "" for an unnumbered spanning area cell
    title: str
    span: Span
    inferred: bool = False  # True when the heading is missing from the table and was inferred


@dataclass
class TaskRecord:
    """One task row, after continuation rows were merged into it. Cells are cleaned text."""

    code: str  # within the plan: "1.a", "I.2.a", "3.14", "III.4"
    item: str  # the row's own number as written: "a)", "3.1", "4"
    section: str  # section number it sits in ("" when the table has none)
    parent_code: str | None
    text: str
    span: Span
    deliverables: list[str] = field(default_factory=list)
    lead_text: str = ""
    partner_text: str = ""
    time_text: str = ""
    budget_text: str = ""
    note_text: str = ""
    responsible_text: str = ""  # a "Người đứng đầu chịu trách nhiệm" column: a person, not the lead
    # filled by the normalisation step (ingest.pipeline), read by the mapping step
    time: TimeFrameValue | None = None
    budget: BudgetValue | None = None
    leads: list[AgencyRef] = field(default_factory=list)
    partners: list[AgencyRef] = field(default_factory=list)
    # agencies of the lead cell with a duty of their own beside the chủ trì ("X chủ trì ...; Y thực hiện ...")
    implementers: list[AgencyRef] = field(default_factory=list)


@dataclass
class TargetRecord:
    """A target (chỉ tiêu), e.g. point 2.1 of Ninh Thuận's plan."""

    code: str
    text: str
    span: Span


@dataclass
class TargetAssignmentRecord:
    """Prose that puts an agency directly in charge of targets ("Trực tiếp phụ trách ... Điểm 2.1")."""

    agency_text: str
    target_codes: list[str]
    span: Span
    agencies: list[AgencyRef] = field(default_factory=list)


@dataclass
class ParsedDocument:
    """Everything read from one source file, before mapping to triples."""

    path: str
    sha256: str
    source_format: str  # text | docx | html
    plan: DocumentHeader
    decision: DocumentHeader | None = None  # the decision that issues the plan, if the file has one
    references: list[LegalReferenceRecord] = field(default_factory=list)
    sections: list[SectionRecord] = field(default_factory=list)
    tasks: list[TaskRecord] = field(default_factory=list)
    targets: list[TargetRecord] = field(default_factory=list)
    target_assignments: list[TargetAssignmentRecord] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    successions: list[SuccessionRecord] = field(default_factory=list)  # lineage of the bodies it names
    existences: list[ExistenceRecord] = field(default_factory=list)
