"""Finder for tab-separated rows (what the .docx and .html readers write, and text pasted from a table).

A table is a run of lines holding a tab; blank lines inside the run are skipped. A line without a tab
ends it, unless it is a numbered heading ("II. Cải cách thể chế") followed by more tab-separated rows: a
group row written without tabs, kept as a one-cell row. Each line is one row, each tab-separated field
one cell. When the file ends inside a table, on a row with fewer cells than the others, the table is
flagged as truncated.
"""

from __future__ import annotations

import re

from ingest.model import Cell, Row, Table
from ingest.records import Finding, Span

_NUMBERED_HEADING = re.compile(r"^\s*(\d{1,2}|[IVXL]{1,6})\.?\s+\S")


def _next_has_tab(lines: list[str], index: int) -> bool:
    for following in lines[index + 1 :]:
        if following.strip():
            return "\t" in following
    return False


def find_tab_tables(lines: list[str]) -> list[Table]:
    """Every run of tab-separated lines as a table."""
    tables: list[Table] = []
    rows: list[Row] = []
    for index, line in enumerate(lines):
        lineno = index + 1
        span = Span(lineno, lineno)
        if "\t" in line:
            rows.append(Row([Cell(text, span) for text in line.split("\t")], span))
        elif not line.strip() or not rows:
            continue
        elif _NUMBERED_HEADING.match(line) and _next_has_tab(lines, index):
            rows.append(Row([Cell(line, span)], span))
        else:
            tables.append(Table(rows, "tab-rows"))
            rows = []
    if rows:
        table = Table(rows, "tab-rows")
        last = rows[-1]
        width = max(len(row.cells) for row in rows)
        if last.span.last == len(lines) and len(last.cells) < width:
            message = (
                f"the file ends inside the task table, on a row with {len(last.cells)} of {width} cells:"
                " it looks truncated"
            )
            table.findings.append(Finding("unparsed-row", message, len(lines)))
        tables.append(table)
    return tables
