"""Read a document's identity from its opening lines: type, number, date, province, title, period.

A file holds a plan, or a decision followed by the plan it issues ("QUYẾT ĐỊNH ... Ban hành kèm theo
Quyết định này Kế hoạch ..."). Both are returned; the caller links them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ingest.errors import IngestError
from ingest.normalize.dates import find_dates, parse_place_date
from ingest.normalize.docnumber import find_numbers, parse_number
from ingest.normalize.text import clean_cell, fold, join_wrapped
from ingest.provinces import find_province
from ingest.records import DocumentHeader, Finding, Span

_HEADINGS = {"ke hoach": "KH", "quyet dinh": "QĐ"}
_NUMBER_LINE = re.compile(r"^\s*s[oố]\s*(?:hiệu)?\s*:\s*(.+)$", re.IGNORECASE)
_ATTACHED = re.compile(r"k[eè]m theo (quyet dinh|ke hoach)\s+so\s*:?\s*", re.IGNORECASE)
_YEAR = re.compile(r"\bn[aă]m\s+(\d{4})\b", re.IGNORECASE)
_PERIOD = re.compile(r"giai\s+đoạn\s+(\d{4})\s*[-–—]\s*(\d{4})", re.IGNORECASE)
_TITLE_STOP = re.compile(r"^(căn cứ|nhằm|để|\(|ủy ban nhân dân|chủ tịch|i\.)", re.IGNORECASE)
_OPENING = re.compile(r"^thực hiện\s", re.IGNORECASE)
_REVIEW = re.compile(r"^(tổng kết|sơ kết|đánh giá)", re.IGNORECASE)
_TIME_YEAR = re.compile(r"\b(20\d\d)\b")


@dataclass(frozen=True)
class Heading:
    """A document-type heading line ("KẾ HOẠCH", "**QUYẾT ĐỊNH**")."""

    line: int
    doc_type: str


@dataclass
class HeaderResult:
    plan: DocumentHeader
    decision: DocumentHeader | None
    plan_heading_line: int
    findings: list[Finding]


def find_headings(lines: list[str]) -> list[Heading]:
    """Lines that are exactly a document-type heading (the enacting "QUYẾT ĐỊNH:" is not one)."""
    found = []
    for number, line in enumerate(lines, start=1):
        text = fold(clean_cell(line))
        if text in _HEADINGS:
            found.append(Heading(number, _HEADINGS[text]))
    return found


def _title_after(lines: list[str], heading_line: int) -> tuple[str | None, int]:
    """The title lines right after a heading: skip blanks, take lines up to the next blank."""
    index = heading_line  # 0-based index of the line after the heading
    while index < len(lines) and not lines[index].strip():
        index += 1
    taken: list[str] = []
    while index < len(lines) and lines[index].strip() and len(taken) < 4:
        text = clean_cell(lines[index])
        if (
            _TITLE_STOP.match(text)
            or text.strip("|") == ""
            or "\t" in lines[index]  # a table row (HTML and .docx have no blank line before a table)
            or (taken and _OPENING.match(text))
        ):
            break
        taken.append(lines[index])
        index += 1
    title = join_wrapped(taken)
    return (title or None), index


def _number_lines(lines: list[str], until: int) -> list[tuple[int, str]]:
    found = []
    for number, line in enumerate(lines[:until], start=1):
        match = _NUMBER_LINE.match(clean_cell(line))
        if match:
            found.append((number, match.group(1).strip()))
    return found


def _attached_to(lines: list[str], heading_line: int) -> tuple[str | None, date | None, str | None, int]:
    """For "(Ban hành kèm theo Quyết định số 465/QĐ-UBND ngày 16 tháng 8 năm 2022 ...)" after a heading."""
    window_end = min(len(lines), heading_line + 12)
    for start in range(heading_line, window_end):
        text = clean_cell(lines[start])
        match = _ATTACHED.search(fold(text))
        if not match:
            continue
        paragraph = [lines[start]]
        index = start + 1
        while ")" not in clean_cell(" ".join(paragraph)) and index < min(len(lines), start + 5):
            paragraph.append(lines[index])
            index += 1
        joined = join_wrapped(paragraph)
        numbers = find_numbers(joined)
        dates = find_dates(joined)
        number_text = joined[numbers[0][0] : numbers[0][1]] if numbers else None
        return number_text, (dates[0][2] if dates else None), (dates[0][3] if dates else None), start + 1
    return None, None, None, 0


def _place_date(lines: list[str], until: int) -> tuple[str | None, date | None, str | None, int]:
    for number, line in enumerate(lines[:until], start=1):
        parsed = parse_place_date(clean_cell(line))
        if parsed:
            place, value = parsed
            return place, value, clean_cell(line), number
    return None, None, None, 0


def _province(lines: list[str], place: str | None, titles: list[str | None]) -> str | None:
    for candidate in [place, *[clean_cell(line) for line in lines[:16]], *titles]:
        if candidate:
            province = find_province(candidate)
            if province:
                return province.name
    return None


def plan_period(
    title: str | None, fallback_year: int | None, time_texts: list[str]
) -> tuple[int | None, int | None]:
    """The plan's years: "năm 2021" -> (2021, 2021); "giai đoạn 2021 - 2025" -> (2021, 2025).

    A review plan ("Tổng kết ... giai đoạn 2011 - 2020") runs in the years its tasks name, not in the
    period it reviews; so do plans whose title gives no year.
    """
    text = title or ""
    year = _YEAR.search(text)
    if year:
        return int(year.group(1)), int(year.group(1))
    period = _PERIOD.search(text)
    if period and not _REVIEW.match(text):
        return int(period.group(1)), int(period.group(2))
    years = sorted({int(y) for t in time_texts for y in _TIME_YEAR.findall(t)})
    if years:
        return years[0], years[-1]
    return fallback_year, fallback_year


def read_header(path: str, lines: list[str], time_texts: list[str]) -> HeaderResult:
    """Identify the plan (and the decision issuing it, if any). Raises IngestError when there is none."""
    headings = find_headings(lines)
    plan_headings = [h for h in headings if h.doc_type == "KH"]
    decision_headings = [h for h in headings if h.doc_type == "QĐ"]
    if not plan_headings and not decision_headings:
        raise IngestError(
            "no document header found",
            source=path,
            expected='a "KẾ HOẠCH" or "QUYẾT ĐỊNH" heading line near the top of the document',
        )
    findings: list[Finding] = []
    plan_heading = plan_headings[0] if plan_headings else None
    decision_heading = decision_headings[0] if decision_headings else None
    if decision_heading and plan_heading and decision_heading.line > plan_heading.line:
        decision_heading = None  # a decision mentioned after the plan is not this file's document
    first_heading = min(h.line for h in (plan_heading, decision_heading) if h)

    number_lines = _number_lines(lines, first_heading)
    place, doc_date, date_text, date_line = _place_date(lines, first_heading + 2)
    plan_title, _ = _title_after(lines, plan_heading.line) if plan_heading else (None, 0)
    decision_title, _ = _title_after(lines, decision_heading.line) if decision_heading else (None, 0)
    province = _province(lines, place, [plan_title, decision_title])

    decision: DocumentHeader | None = None
    plan_number_text: str | None = None
    plan_date, plan_date_text = doc_date, date_text
    if decision_heading:
        number_text = number_lines[0][1] if number_lines else None
        decision_date, decision_date_text = doc_date, date_text
        if plan_heading and (number_text is None or decision_date is None):
            attached_number, attached_date, attached_text, _ = _attached_to(lines, plan_heading.line)
            number_text = number_text or attached_number
            if decision_date is None:
                decision_date, decision_date_text = attached_date, attached_text
        decision = DocumentHeader(
            doc_type="QĐ",
            number=parse_number(number_text) if number_text else None,
            number_as_written=number_text,
            title=decision_title,
            issuer_name=_issuer_name(province),
            province=province,
            date=decision_date,
            date_as_written=decision_date_text,
            span=Span(decision_heading.line, decision_heading.line),
        )
        plan_date, plan_date_text = decision_date, decision_date_text
    else:
        plan_number_text = number_lines[0][1] if number_lines else None

    if plan_heading is None:
        findings.append(
            Finding("no-task-table", "the decision names no attached plan heading", first_heading)
        )
    plan_line = plan_heading.line if plan_heading else first_heading
    fallback_year = plan_date.year if plan_date else None
    start, end = plan_period(plan_title or decision_title, fallback_year, time_texts)
    plan = DocumentHeader(
        doc_type="KH",
        number=parse_number(plan_number_text) if plan_number_text else None,
        number_as_written=plan_number_text,
        title=plan_title or decision_title,
        issuer_name=_issuer_name(province),
        province=province,
        date=plan_date,
        date_as_written=plan_date_text,
        period_start=start,
        period_end=end,
        span=Span(plan_line, max(plan_line, date_line or plan_line)),
    )
    malformed = _malformed_number(number_lines)
    findings += malformed
    if plan.number is None and decision is None and not malformed:
        findings.append(Finding("other", "the plan carries no document number", plan_line))
    return HeaderResult(plan=plan, decision=decision, plan_heading_line=plan_line, findings=findings)


def _malformed_number(number_lines: list[tuple[int, str]]) -> list[Finding]:
    """A finding for a "Số: ..." line whose number does not parse ("Số: /KH-UBND", a blank serial)."""
    if not number_lines:
        return []
    line, written = number_lines[0]
    if parse_number(written) is not None:
        return []
    message = (
        f"document number {written!r} not understood (expected a number like 285/KH-UBND);"
        " the document is kept without a number"
    )
    return [Finding("number-typo", message, line, subject=written)]


def _issuer_name(province: str | None) -> str | None:
    return f"Ủy ban nhân dân tỉnh {province}" if province else None
