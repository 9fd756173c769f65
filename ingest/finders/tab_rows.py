"""Finder for tab-separated rows (what the .docx and .html readers write, and text pasted from a table).

A table is a run of lines holding a tab; blank lines inside the run are skipped, and a line without a tab
ends it. Each line is one row, each tab-separated field one cell.
"""

from __future__ import annotations

from ingest.model import Cell, Row, Table
from ingest.records import Span


def find_tab_tables(lines: list[str]) -> list[Table]:
    """Every run of tab-separated lines as a table."""
    tables: list[Table] = []
    rows: list[Row] = []
    for lineno, line in enumerate(lines, start=1):
        if "\t" in line:
            span = Span(lineno, lineno)
            rows.append(Row([Cell(text, span) for text in line.split("\t")], span))
        elif line.strip() and rows:
            tables.append(Table(rows, "tab-rows"))
            rows = []
    if rows:
        tables.append(Table(rows, "tab-rows"))
    return tables
