"""Finder for tables crawled from web pages, where every "|" of a markdown table sits on its own line.

The layout, as a page-to-markdown converter writes it::

    |            <- opens a row
    **STT**      <- a cell: a run of lines (bold in header rows)
    |            <- closes the cell
    **Tên nhiệm vụ**
    |            <- closes the last cell of the row ...
    |            <- ... and opens the next row
    1
    |

So a run of lines between two "|" lines is one cell, and an empty run (two "|" lines in a row) is the
break between rows — or an empty cell: three "|" lines in a row are an empty cell and a row break. The two
are told apart by the number of columns of the header row (the first row whose cells all name a task-table
column and that has a number and a task column). Rows after it:

* may have fewer cells than the header (a merged cell left out of the rows it spans; a group row made of
  one spanning cell) or more (padding cells after a group title);
* may be interrupted by a cell holding only dots ("…......"): the site cut the table short there;
* end where a row is complete and a long run of text follows without a row break (the rest of the page),
  where a text starting after a blank line follows a row break (the page after the table), at a cell
  opening the signature block ("Nơi nhận:"), at another table's header row (a caption cell before it is
  dropped), or at the end of the file.

The whole page (banner, metadata, the letter, the appendix) may be one such table: the finder starts at
the header row, wherever it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.columns import header_role, parse_row_number  # the one vocabulary of column names
from ingest.model import Cell, Row, Table
from ingest.normalize.text import fold
from ingest.records import Finding, Span

_CUT_MARK = re.compile(r"^[.…·\s]{5,}$")
_SIGNATURE = re.compile(r"^\s*noi nhan\s*:")  # folded "Nơi nhận:", which opens every signature block
MAX_COLUMNS = 16  # more cells than this before a row break is not a header row
MAX_EXTRA_CELL_CHARS = 300  # a cell after a complete row longer than this is page text, not a cell


@dataclass
class _Run:
    """The lines between two "|" lines (``first``..``last``, 1-based); empty when all are blank."""

    first: int
    last: int
    lines: list[str]

    @property
    def gap(self) -> bool:
        return not any(line.strip() for line in self.lines)

    def cell(self) -> Cell:
        text = "\n".join(line for line in self.lines)
        first = self.first
        last = max(first, self.last)
        bold = text.strip().startswith("**") and text.strip().endswith("**")
        return Cell(text, Span(first, last), bold=bold)


def _runs(lines: list[str]) -> list[_Run]:
    runs: list[_Run] = []
    current: list[str] = []
    start = 1
    for lineno, line in enumerate(lines, start=1):
        if line.strip() == "|":
            runs.append(_Run(start, lineno - 1 if lineno > start else start, current))
            current, start = [], lineno + 1
        else:
            current.append(line)
    if current:
        runs.append(_Run(start, len(lines), current))
    return runs


def _header_at(runs: list[_Run], index: int) -> int:
    """The number of cells of a task-table header row starting at ``runs[index]`` (0 when none): the
    cells up to the next row break, the first naming the row-number column (or, in a table without one,
    the task column, with an agency column after it), one the task column, and at least three and at
    least half of them naming a column (an unknown column may sit among them)."""
    first = header_role(runs[index].cell().text)
    if first not in ("number", "task", "area"):
        return 0
    width = _count(runs, index, False)
    if width > MAX_COLUMNS:
        return 0
    roles = [header_role(run.cell().text) for run in runs[index : index + width]]
    known = [role for role in roles if role]
    if "task" not in known or len(known) < 3 or len(known) * 2 < width:
        return 0
    if first != "number" and ("number" in known or not {"lead", "partner"} & set(known)):
        return 0  # no number column: the rows' numbers start their task cells ("1. Rà soát ...")
    return width


def find_pipe_cell_tables(lines: list[str]) -> list[Table]:
    """Every table of "|"-line cells that starts with a task-table header row."""
    if sum(1 for line in lines if line.strip() == "|") < 6:
        return []
    runs = _runs(lines)
    tables: list[Table] = []
    index = 0
    while index < len(runs):
        width = _header_at(runs, index)
        if not width:
            index += 1
            continue
        table, index = _read_table(runs, index, width)
        tables.append(table)
    return tables


def _is_cut_mark(run: _Run) -> bool:
    text = " ".join(line.strip() for line in run.lines)
    return bool(_CUT_MARK.match(text)) and any(char in text for char in ".…")


def _count(runs: list[_Run], index: int, gap: bool) -> int:
    """How many runs from ``index`` on are (``gap``) or are not (not ``gap``) empty; a cut mark, or a
    text that starts after a blank line, ends a run of cells."""
    count = 0
    while index + count < len(runs) and runs[index + count].gap == gap:
        run = runs[index + count]
        if not gap and (_is_cut_mark(run) or (count and not run.lines[0].strip())):
            break  # a cut, or text after a blank line (the page after the table)
        count += 1
    return count


def _starts_row(run: _Run) -> bool:
    """A cell that opens a row: a row number ("1", "1.2", "II", "a)") or a part letter ("A")."""
    text = run.cell().text
    return parse_row_number(text) is not None or bool(re.fullmatch(r"[A-Z]\.?", text))


def _read_table(runs: list[_Run], index: int, width: int) -> tuple[Table, int]:
    """Rows from the header row at ``runs[index]``; returns the table and the index after it."""
    rows: list[Row] = []
    findings: list[Finding] = []
    current: list[Cell] = [run.cell() for run in runs[index : index + width]]
    header = [cell.text for cell in current]
    position = index + width
    cut = False

    def close() -> None:
        nonlocal current, cut
        if current:
            span = Span(current[0].span.first, max(cell.span.last for cell in current))
            rows.append(Row(current, span, cut_before=cut))
            cut = False
        current = []

    while position < len(runs):
        run = runs[position]
        if run.gap:
            gaps = _count(runs, position, True)
            after = _count(runs, position + gaps, False)
            count = len(current)
            inside = count and count + gaps + after == width
            if inside and not (gaps == 1 and after and _starts_row(runs[position + gaps])):
                # empty cells inside a row
                current += [Cell("", Span(run.first, max(run.first, run.last))) for _ in range(gaps)]
            else:
                empties = max(0, min(gaps - 1, width - count))
                current += [Cell("", Span(run.first, max(run.first, run.last))) for _ in range(empties)]
                close()
                current = [Cell("", Span(run.first, max(run.first, run.last)))] * (gaps - 1 - empties)
            position += gaps
            continue
        if _is_cut_mark(run):
            close()
            cut = True
            message = "the table is cut short here (a cell of dots): rows are missing from the source"
            findings.append(Finding("unparsed-row", message, run.first))
            position += 1
            continue
        if len(current) >= width and not _extra_cell(runs, position, width):
            break
        if not current and rows and not run.lines[0].strip():
            break  # a row break, then text after a blank line: the page goes on after the table
        if _SIGNATURE.match(fold(run.cell().text.replace("*", ""))):
            break  # "Nơi nhận:": the document's signature block, after the table
        if rows and _other_header(runs, position, header):
            if len(current) < width:
                current = []  # a caption cell before the next table ("PHỤ LỤC II")
            break  # another table's header: the next table starts here
        current.append(run.cell())
        position += 1
    close()
    rows = [row for row in rows if any(not cell.empty for cell in row.cells)]
    return Table(rows, "pipe-cells", findings, drops_merged_cells=True), position


def _other_header(runs: list[_Run], position: int, header: list[str]) -> bool:
    """A task-table header row with its row-number column starts at ``runs[position]`` and is not this
    table's header repeated (a header repeated with merged cells, "Nội dung" over STT and the task, is)."""
    width = _header_at(runs, position)
    if not width or header_role(runs[position].cell().text) != "number":
        return False
    return [run.cell().text for run in runs[position : position + width]] != header


def _extra_cell(runs: list[_Run], position: int, width: int) -> bool:
    """A cell after a complete row: padding of a group row (short, and a row break follows soon) or,
    when False, the text of the page after the table."""
    run = runs[position]
    if not run.lines[0].strip() or len(run.cell().text) > MAX_EXTRA_CELL_CHARS:
        return False  # text after a blank line, or a long text: the page goes on after the table
    return _count(runs, position, False) <= width
