"""Finder for GitHub-style markdown tables: ``| a | b |`` rows, one per line, with a ``|---|`` rule."""

from __future__ import annotations

import re

from ingest.model import Cell, Row, Table
from ingest.records import Span

_ROW = re.compile(r"^\s*\|(.*\|)\s*$")
_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")  # "|---|", "|:--:|", "|-|"


def _cells(line: str) -> list[str]:
    inner = line.strip()[1:-1]
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", inner)]


def find_markdown_tables(lines: list[str]) -> list[Table]:
    """Every run of ``| ... |`` lines that holds a ``|---|`` rule line."""
    tables: list[Table] = []
    rows: list[Row] = []
    ruled = False

    def close() -> None:
        nonlocal rows, ruled
        if ruled and len(rows) >= 2:
            tables.append(Table(rows, "markdown-rows"))
        rows, ruled = [], False

    for lineno, line in enumerate(lines, start=1):
        if _RULE.match(line) and "-" in line and "|" in line:
            ruled = True
            continue
        if _ROW.match(line) and line.count("|") >= 3:
            span = Span(lineno, lineno)
            rows.append(Row([Cell(text, span) for text in _cells(line)], span))  # "<br>" kept: a paragraph
            continue
        close()
    close()
    return tables
