"""Targets (chỉ tiêu) and the agencies put directly in charge of them in prose."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ingest.normalize.text import clean_cell, fold
from ingest.records import Span, TargetAssignmentRecord, TargetRecord

_TARGET_HEADING = re.compile(r"^\d+\.\s*chi tieu\b")
_TARGET_LINE = re.compile(r"^(\d+\.\d+)\.?\s+(.+)$")
_SECTION = re.compile(r"^(?:[IVX]+|\d+)\.\s")
_AGENCY_HEADING = re.compile(r"^\d+\.\s+(.+?)\s*:")
_IN_CHARGE = re.compile(r"phu trach")
_POINTS = re.compile(r"diem\s+((?:\d+\.\d+[\s,;và]*)+)")
_CODE = re.compile(r"\d+\.\d+")
_ORGANISING = re.compile(r"^(?:[ivx]+)\.\s*to chuc thuc hien")


def _under(
    lines: list[str], heading: re.Pattern[str], ends: re.Pattern[str] | None = None
) -> Iterator[tuple[int, str, str]]:
    """(1-based number, cleaned text, folded text) of the non-blank lines under a line whose folded text
    matches ``heading``, up to a line matching ``ends`` (a later heading opens another run)."""
    inside = False
    for number, line in enumerate(lines, start=1):
        text = clean_cell(line)
        if not text:
            continue
        folded = fold(text)
        if heading.match(folded):
            inside = True
        elif inside and ends is not None and ends.match(text):
            inside = False
        elif inside:
            yield number, text, folded


def read_targets(lines: list[str]) -> list[TargetRecord]:
    """Numbered targets under a "N. Chỉ tiêu ..." heading (e.g. 2.1 ... 2.16), up to the next section."""
    targets: list[TargetRecord] = []
    for number, text, _folded in _under(lines, _TARGET_HEADING, ends=_SECTION):
        match = _TARGET_LINE.match(text)
        if match:
            targets.append(TargetRecord(match.group(1), match.group(2).strip(), Span(number, number)))
    return targets


def read_target_assignments(lines: list[str]) -> list[TargetAssignmentRecord]:
    """ "Trực tiếp phụ trách ... Điểm 2.1, 2.2 ..." lines, with the agency of the heading above them."""
    assignments: list[TargetAssignmentRecord] = []
    agency: str | None = None
    for number, text, folded in _under(lines, _ORGANISING):
        heading = _AGENCY_HEADING.match(text)
        if heading:
            agency = heading.group(1)
            continue
        if agency and _IN_CHARGE.search(folded):
            points = _POINTS.search(folded)
            if points:
                codes = _CODE.findall(points.group(1))
                assignments.append(TargetAssignmentRecord(agency, codes, Span(number, number)))
    return assignments
