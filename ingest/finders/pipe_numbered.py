"""Finder for "|"-line cells without row breaks, where each row's number starts its task cell.

Some crawlers write a table as cells closed by lines holding only "|" but never mark the end of a row:

    Nhiệm vụ
    chung                   <- header cells (the first may carry the text before the table)
    |
    Nhiệm vụ cụ thể
    |
    ...
    Cải cách thể chế        <- an area cell (the column "Nhiệm vụ chung" spans its tasks)
    |
    1. Xây dựng Kế hoạch ...  <- a row: as many cells as the header's non-area columns,
    |                            the first starting with the row number
    - Kế hoạch của UBND tỉnh
    |

Rows are told apart by their numbered first cell; an area cell (when the header has an area column)
stands alone before the rows it spans. The table ends where neither follows. Each row is returned with
an empty area cell in front, each area as a one-cell row, so the columns line up with the header.
"""

from __future__ import annotations

import re

from ingest.columns import header_role
from ingest.finders.pipe_cells import _Run, _runs
from ingest.model import Cell, Row, Table
from ingest.records import Span

_NUMBERED = re.compile(r"^\d{1,2}(?:\.\d{1,2})*[.)]")
MAX_LABEL_LINES = 4


def _label(run: _Run) -> tuple[str, Cell] | None:
    """The column a header cell names, from the shortest ending of its lines that names one (the text
    before the table may run into the first header cell), and the cell holding just that ending."""
    lines = run.lines
    for count in range(1, min(len(lines), MAX_LABEL_LINES) + 1):
        role = header_role(" ".join(lines[-count:]))
        if role:
            first = run.first + len(lines) - count
            return role, Cell("\n".join(lines[-count:]), Span(first, max(first, run.last)))
    return None


def _header(runs: list[_Run], index: int) -> tuple[list[str], list[Cell]] | None:
    roles: list[str] = []
    cells: list[Cell] = []
    for run in runs[index:]:
        found = None if run.gap else _label(run)
        if found is None or found[0] in roles:
            break
        roles.append(found[0])
        cells.append(found[1])
    if "task" not in roles or "number" in roles or len(roles) < 3:
        return None
    return roles, cells


def find_pipe_numbered_tables(lines: list[str]) -> list[Table]:
    """The first table of numbered "|"-line rows after a header of column names (none when rows are
    separated by row breaks: that is the ``pipe-cells`` layout)."""
    if sum(1 for line in lines if line.strip() == "|") < 6:
        return []
    runs = _runs(lines)
    for index in range(len(runs)):
        found = _header(runs, index)
        if found is None:
            continue
        roles, header = found
        rows = _rows(runs[index + len(roles) :], roles)
        if not rows:
            continue
        return [
            Table([Row(header, Span(header[0].span.first, header[-1].span.last)), *rows], "pipe-numbered")
        ]
    return []


def _rows(runs: list[_Run], roles: list[str]) -> list[Row]:
    width = len([role for role in roles if role != "area"])
    area = "area" in roles
    rows: list[Row] = []
    position = 0
    while position < len(runs):
        run = runs[position]
        if run.gap:
            break
        if _NUMBERED.match(run.cell().text):
            group = runs[position : position + width]
            if len(group) < width or any(other.gap for other in group):
                break
            cells = [run.cell() for run in group]
            if area:
                cells.insert(roles.index("area"), Cell("", cells[0].span))
            rows.append(Row(cells, Span(cells[0].span.first, group[-1].cell().span.last)))
            position += width
        elif area and position + 1 < len(runs) and _NUMBERED.match(runs[position + 1].cell().text):
            cell = run.cell()
            cells = [Cell("", cell.span) for _ in roles]
            cells[roles.index("area")] = cell
            rows.append(Row(cells, cell.span))
            position += 1
        else:
            break
    return rows
