"""Finder for grid tables, as pandoc writes a Word table with multi-line cells to markdown::

    +-----+----------------------+------------+
    | STT | Nhiệm vụ             | Chủ trì    |
    +=====+======================+============+
    | 1   | Rà soát thủ tục hành | Sở Tư pháp |
    |     | chính                |            |
    +-----+----------------------+------------+

A rule line ("+---+", "+===+" under the header) closes a row; the "|" lines between two rules are the
lines of the row's cells, cut at the column borders ("+" of the rule above), and a cell's lines are
joined with newlines (the recogniser unwraps them).
"""

from __future__ import annotations

import re
from itertools import pairwise

from ingest.model import Cell, Row, Table
from ingest.records import Span

_RULE = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")


def _borders(rule: str) -> list[int]:
    return [match.start() for match in re.finditer(r"\+", rule)]


def _pieces(line: str, borders: list[int]) -> list[str]:
    """The cell texts of one "|" line: cut at the rule's borders when its "|" stand there, else at "|"."""
    if all(index < len(line) and line[index] == "|" for index in borders):
        return [line[start + 1 : end].strip() for start, end in pairwise(borders)]
    return [piece.strip() for piece in line.strip().strip("|").split("|")]


def find_grid_tables(lines: list[str]) -> list[Table]:
    """Every grid table: a rule line, then "|" lines and rule lines."""
    tables: list[Table] = []
    index = 0
    while index < len(lines):
        if not _RULE.match(lines[index]):
            index += 1
            continue
        borders = _borders(lines[index])
        rows: list[Row] = []
        parts: list[list[str]] = []
        first = 0
        index += 1
        while index < len(lines):
            line = lines[index]
            lineno = index + 1
            if _RULE.match(line):
                if parts:
                    span = Span(first, lineno - 1)
                    cells = [Cell("\n".join(part), span) for part in parts]
                    rows.append(Row(cells, span))
                parts, borders = [], _borders(line)
            elif line.strip().startswith("|") and line.rstrip().endswith("|"):
                pieces = _pieces(line, borders)
                if not parts:
                    parts, first = [[] for _ in pieces], lineno
                for column, piece in enumerate(pieces[: len(parts)]):
                    if piece:
                        parts[column].append(piece)
            else:
                break
            index += 1
        if len(rows) >= 2:
            tables.append(Table(rows, "grid-rows"))
    return tables
