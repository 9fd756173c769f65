"""A document's tasks: its task tables (given by the reader or found by the finders) read by the one
recogniser, else the assignments written inline after each task.

Tables are given by the reader (.docx, .html, .pdf) or found by the registered table finders
(``ingest.finders``: tab-separated rows, web-crawl "|"-line cells, numbered "|"-line cells, markdown rows)
and read by the one task recogniser (``ingest.recognise``: a numbered row becomes a task in
``_Reader.task``), with the column vocabulary of ``ingest.columns`` and the records of
``ingest.builder``. ``read_tasks`` falls back to assignments written inline (``ingest.inline``).
"""

from __future__ import annotations

import re

from ingest.builder import TableResult
from ingest.columns import header_role, roman_value
from ingest.finders import find_tables
from ingest.inline import read_inline_tasks
from ingest.normalize.text import clean_cell
from ingest.readers.source import SourceText
from ingest.recognise import read_tables
from ingest.records import Finding, Severity


def read_tasks(src: SourceText) -> TableResult:
    """Tasks from the tables of ``src``, else from inline assignments; empty (no error) when none."""
    result = read_task_tables(src)
    if result.tasks:
        return result
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
