"""Read the task tables of a plan into SectionRecord/TaskRecord records.

Tables are given by the reader (.docx, .html) or found by the registered table finders
(``ingest.finders``: tab-separated rows, web-crawl "|"-line cells, numbered "|"-line cells, markdown rows)
and read by the one task recogniser (``ingest.recognise``), with the column vocabulary (``header_role``),
row numbers (``parse_number``) and record building (``RecordBuilder``) of this module. ``read_tasks`` falls
back to assignments written inline after each task (``ingest.inline``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.normalize.text import clean_cell, collapse_spaces, fold, nfc, strip_markup
from ingest.readers.source import SourceText
from ingest.records import Finding, SectionRecord, Severity, Span, TaskRecord

# --------------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------------


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


def read_tasks(src: SourceText) -> TableResult:
    """Tasks from the tables of ``src``, else from inline assignments; empty (no error) when none."""
    result = read_task_tables(src)
    if result.tasks:
        return result
    from ingest.inline import read_inline_tasks  # local: inline imports helpers from this module

    inline = read_inline_tasks(src)
    return inline if inline.tasks else result


def read_task_tables(src: SourceText) -> TableResult:
    """Tasks of every task table the reader gives or the finders find."""
    result = _read_found_tables(src)
    if not result.tasks:
        result.findings.extend(_headers_without_number(src))
    return result


def _read_found_tables(src: SourceText) -> TableResult:
    """Tasks of the tables the reader gives (.docx, .html) or the registered finders find in the text
    (``ingest.finders``), read by the one recogniser (``ingest.recognise``)."""
    from ingest.finders import find_tables
    from ingest.recognise import read_tables

    found = find_tables(src.lines)
    if src.tables is not None:  # the reader knows the tables' structure (merged cells included)
        found = sorted(
            [*src.tables, *(table for table in found if table.finder != "tab-rows")],
            key=lambda table: table.span.first,
        )
    return read_tables([table for table in found if table.rows])


def _headers_without_number(src: SourceText) -> list[Finding]:
    """Tab-separated rows that name task-table columns but no row-number column (so no table was read)."""
    findings = []
    for lineno, line in enumerate(src.lines, start=1):
        if "\t" not in line:
            continue
        cells = [cell for cell in line.split("\t") if clean_cell(cell)]
        roles = [header_role(cell) for cell in cells]
        if "task" not in roles or "number" in roles or sum(1 for r in roles if r) < max(2, len(cells) / 2):
            continue
        names = ", ".join(repr(clean_cell(cell)) for cell in cells)
        message = (
            f"a table header names the columns {names} but no row-number column (STT);"
            " its rows were not read as tasks"
        )
        # a table that assigns agencies and gave no task is an error (ingest exits 1 unless --allow-empty)
        severity = Severity.ERROR if {"lead", "partner"} & set(roles) else Severity.WARNING
        findings.append(Finding("no-task-table", message, lineno, severity))
    return findings


# --------------------------------------------------------------------------------------------------
# Header recognition
# --------------------------------------------------------------------------------------------------

MAX_CELL_CHARS = 4000  # the longest cell of the seeds has 838 characters
ROLES = ("number", "area", "task", "product", "responsible", "lead", "partner", "time", "budget", "note")

# (role, pattern on the folded label); the first match wins, so the order matters.
_HEADER_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (role, re.compile(pattern))
    for role, pattern in (
        ("number", r"^(stt|so tt|tt|so thu tu)$"),
        ("area", r"nhiem vu chung|linh vuc|nhom nhiem vu"),
        ("lead", r"chu tri\W+(va\W+)?phoi hop"),  # one column for both roles: the lead's cell
        ("partner", r"phoi hop"),
        (
            "time",
            r"thoi gian|thoi han|thoi diem|tien do|lo trinh"
            r"|\bhan (hoan thanh|thuc hien)|nam (hoan thanh|thuc hien)",
        ),
        ("budget", r"kinh phi|nguon von|nguon luc"),
        ("note", r"ghi chu"),
        ("product", r"san pham|ket qua|hinh thuc (van ban|san pham)|yeu cau can dat"),
        (
            "responsible",  # a person: the head answerable for the task, not the lead agency
            r"nguoi (dung dau|chiu trach nhiem|phu trach)"
            r"|lanh dao (\w+ )*(chiu trach nhiem|phu trach|chi dao)",
        ),
        (
            "lead",
            r"chu tri|(co quan|don vi|to chuc) (thuc hien|dau moi|tham muu|duoc giao|trien khai|trinh)"
            r"|trach nhiem|phan cong",
        ),
        ("task", r"noi dung|nhiem vu|giai phap|cong viec|hoat dong|chi tieu|de an|du an|ten van ban"),
    )
)


@lru_cache(maxsize=4096)
def header_role(label: str) -> str | None:
    """The column role named by a header cell ("Cơ quan chủ trì" -> "lead"), or None."""
    text = fold(clean_cell(label))
    text = re.sub(r"\(.*?\)", " ", text).replace(".", " ").strip(" :*")
    text = collapse_spaces(text)
    if not text or len(text) > 50:
        return None
    for role, pattern in _HEADER_RULES:
        if pattern.search(text):
            return role
    return None


# --------------------------------------------------------------------------------------------------
# Row numbers
# --------------------------------------------------------------------------------------------------

LETTERS = "abcdđefghijklmnopqrstuvwxyz"  # Vietnamese order: đ follows d
_ROMAN_VALUES = (("XL", 40), ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))
_NUMBERED = re.compile(
    r"^(?P<num>\d{1,2}(?:\.\d{1,2})*\.?|[IVXL]{1,6}\.?|[a-zđ][).])(?:\s+(?P<title>\S.*))?$"
)


def to_roman(value: int) -> str:
    """1 -> "I", 14 -> "XIV" (values below 50)."""
    out = ""
    for letters, amount in _ROMAN_VALUES:
        while value >= amount:
            out += letters
            value -= amount
    return out


def roman_value(text: str) -> int | None:
    """ "XIV" -> 14, or None when ``text`` is not a canonical Roman numeral below 50."""
    total, rest = 0, text
    for letters, amount in _ROMAN_VALUES:
        while rest.startswith(letters):
            total += amount
            rest = rest[len(letters) :]
    return total if total and not rest and to_roman(total) == text else None


def parse_number(text: str) -> tuple[str, str, str] | None:
    """A number cell as (kind, number, title): kind roman|arabic|dotted|letter, title "" if none.

    "1." -> ("arabic", "1", ""); "<b>5. Xây dựng</b>" -> ("arabic", "5", "Xây dựng"); "3.1" -> dotted;
    "IV" -> roman; "đ)" -> ("letter", "đ", "").
    """
    match = _NUMBERED.match(clean_cell(text))
    if not match:
        return None
    num, title = match["num"], match["title"] or ""
    bare = num.rstrip(".)")
    if bare[0].isdigit():
        return ("dotted" if "." in bare else "arabic"), bare, title
    if num[-1] == ")" or (len(bare) == 1 and bare.islower()):
        return "letter", bare, title
    if roman_value(bare) is None:
        return None
    return "roman", bare, title


# --------------------------------------------------------------------------------------------------
# Records (shared by the table recogniser, ingest.recognise, and the inline reader)
# --------------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------------
# Section titles from the narrative part
# --------------------------------------------------------------------------------------------------

_HEADING = re.compile(r"^\s*(?:#{1,6}\s*)?(?:\*\*|__)?\s*(?P<num>\d{1,2}|[IVXL]{1,6})\.\s+(?P<title>\S.*)$")


def narrative_section_titles(src: SourceText, before_line: int) -> dict[str, str]:
    """Numbered headings before ``before_line``: {"6": "Cải cách tài chính công", "II": "..."}.

    Arabic headings come from the longest run numbered 1, 2, 3... (the list of reform areas), so that
    other numbered paragraphs ("1. Thủ trưởng các sở...") do not override them.
    """
    runs: list[dict[str, str]] = []
    romans: dict[str, str] = {}
    previous = 0
    for line in src.lines[: max(0, before_line - 1)]:
        if "\t" in line:
            continue
        match = _HEADING.match(line)
        if not match:
            continue
        title = clean_cell(match["title"]).strip(" *:")
        if not title or len(title) > 120:
            continue
        number = match["num"]
        if not number.isdigit():
            if roman_value(number) is not None:
                romans[number] = title
            continue
        if int(number) != previous + 1 or not runs:
            runs.append({})
        runs[-1][number] = title
        previous = int(number)
    best: dict[str, str] = {}
    for run in runs:
        if len(run) >= len(best):
            best = run
    return {**romans, **best}
