"""Numbered rows into section and task records: ``RecordBuilder`` (codes, parents, duplicate codes) and
its ``TableResult``, shared by the table recogniser (``ingest.recognise``) and the inline reader
(``ingest.inline``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.normalize.text import clean_cell, collapse_spaces, nfc, strip_markup
from ingest.records import Finding, SectionRecord, Span, TaskRecord

MAX_CELL_CHARS = 4000  # the longest cell of the seeds has 838 characters


@dataclass
class TableResult:
    """What was read from the task table(s) of one document."""

    sections: list[SectionRecord] = field(default_factory=list)
    tasks: list[TaskRecord] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    table_spans: list[Span] = field(default_factory=list)

    def extend(self, other: TableResult) -> None:
        """Append another result's records."""
        self.sections.extend(other.sections)
        self.tasks.extend(other.tasks)
        self.findings.extend(other.findings)
        self.table_spans.extend(other.table_spans)


class RecordBuilder:
    """Turns numbered rows into records: codes, parents, sections, duplicate codes."""

    def __init__(self) -> None:
        self.result = TableResult()
        self.codes: set[str] = set()

    def section(self, number: str, title: str, span: Span, *, inferred: bool = False) -> None:
        self.result.sections.append(SectionRecord(number, clean_cell(title), span, inferred))

    def task(
        self, code: str, item: str, section: str, parent: str | None, span: Span, cells: dict[str, str]
    ) -> str:
        """Add a task; a code already used gets "-2", "-3"... and a duplicate-code finding."""
        if code in self.codes:
            count = 2
            while f"{code}-{count}" in self.codes:
                count += 1
            self.result.findings.append(
                Finding(
                    "duplicate-code",
                    f"two rows numbered {code}; the second is {code}-{count}",
                    span.first,
                    subject=code,
                )
            )
            code = f"{code}-{count}"
        self.codes.add(code)
        self._check_cell_lengths(code, span, cells)
        self.result.tasks.append(
            TaskRecord(
                code=code,
                item=item,
                section=section,
                parent_code=parent,
                text=clean_cell(cells.get("task", "")),
                span=span,
                deliverables=split_deliverables(cells.get("product", "")),
                lead_text=clean_cell(cells.get("lead", "")),
                partner_text=clean_cell(cells.get("partner", "")),
                time_text=clean_cell(cells.get("time", "")),
                budget_text=clean_cell(cells.get("budget", "")),
                note_text=clean_cell(cells.get("note", "")),
                responsible_text=clean_cell(cells.get("responsible", "")),
            )
        )
        return code

    def _check_cell_lengths(self, code: str, span: Span, cells: dict[str, str]) -> None:
        """A finding for each cell longer than MAX_CELL_CHARS (kept whole: nothing is cut)."""
        for role, text in cells.items():
            size = len(text)
            if size > MAX_CELL_CHARS:
                message = (
                    f"the {role} cell of task {code} holds {size:,} characters (more than"
                    f" {MAX_CELL_CHARS:,}): a whole page in one cell, or rows run together?"
                )
                self.result.findings.append(Finding("other", message, span.first, subject=code))


def join_code(*parts: str | None) -> str:
    """ "I", "2", "a" -> "I.2.a" (empty parts skipped)."""
    return ".".join(part for part in parts if part)


# --------------------------------------------------------------------------------------------------
# Deliverables
# --------------------------------------------------------------------------------------------------

_BULLET = re.compile(r"^\s*(?:[-+•*–]\s*)+")


def split_deliverables(raw: str) -> list[str]:
    """A product cell as a list: split on lines/<li>, "; " and "- " bullets."""
    text = strip_markup(nfc(raw))
    items: list[str] = []
    for line in text.splitlines():
        line = collapse_spaces(line)
        if not line:
            continue
        bulleted = bool(_BULLET.match(line))
        for part in re.split(r";\s+|;$", line):
            pieces = re.split(r"\s+-\s+", part) if bulleted else [part]
            merged: list[str] = []
            for piece in pieces:
                piece = _BULLET.sub("", piece).strip(" .;,")
                if merged and piece and not piece[0].isupper():
                    merged[-1] = f"{merged[-1]} - {piece}"
                elif piece:
                    merged.append(piece)
            items.extend(merged)
    return items
