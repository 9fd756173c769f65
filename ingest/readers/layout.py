"""Words with positions -> numbered lines and tables of the document model.

Any reader that knows where each word sits on a page (a PDF's text layer, OCR boxes) gives
:func:`lay_out` one :class:`PageWords` per page: the words (text and box, in points or pixels, top
down) and, when it has them, the ruling lines drawn on the page. The result is what a
:class:`~ingest.readers.source.SourceText` holds: the lines (a table row as one tab-separated line), the
page of every line, and the tables as :class:`~ingest.model.Table` with merged cells marked the way the
.docx reader marks them (a cell merged across: its text once, then ""; merged down: ``covered``).

- Tables come from ruling lines: cells are the boxes the lines enclose (pdfplumber's geometry helpers,
  used on plain records), merged cells are boxes spanning several grid columns or rows.
- Tables printed without ruling lines come from text aligned in columns, among the words left outside
  ruled tables and page headers/footers (:mod:`ingest.readers.columns`; table finder ``pdf-columns``).
- A table that goes on at the top of the next page (same columns) is one table: the recogniser then
  drops the header row that page repeats and joins a row cut by the page break (its second part has
  no number: a continuation row).
- Page headers and footers are dropped: a line in the top or bottom margin whose text (digits aside)
  comes back at about the same place on most pages, or a bare page number there.
- Lines of one paragraph (a line that fills the text width, followed closely by one starting at the
  left edge) are joined, so a paragraph is one line as in the other readers.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from statistics import median

from ingest.model import Cell, Row, Table
from ingest.normalize.text import nfc
from ingest.readers.columns import ROW_NUMBER, AlignedTable, River, aligned_tables, visual_lines
from ingest.records import Span

CELL_BREAK = " <br> "  # a new paragraph inside a cell (a "-" or "+" bullet), as the .docx reader writes
MARGIN = 0.1  # top and bottom tenth of a page: where page headers and footers sit
BULLET = re.compile(r"^[-+•–]\s")
PAGE_NUMBER = re.compile(r"^(?:trang|page)?\s*[-–(]?\s*\d{1,4}\s*(?:/\s*\d{1,4})?\s*[-–)]?$", re.IGNORECASE)


@dataclass(frozen=True)
class Word:
    """One word and its box (``top`` < ``bottom``: y grows down the page)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass(frozen=True)
class Rule:
    """A ruling line or a thin rectangle drawn on the page (a table border)."""

    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class PageWords:
    """One page: its size, its words and (optional) its ruling lines."""

    width: float
    height: float
    words: list[Word]
    rules: list[Rule] = field(default_factory=list)


@dataclass
class LaidOut:
    """The document as lines (1-based line i is ``lines[i - 1]``), the page (1-based) of each line and
    the tables, whose spans are line numbers."""

    lines: list[str]
    pages: list[int]
    tables: list[Table]


# --------------------------------------------------------------------------------------------------
# one page: lines and grids
# --------------------------------------------------------------------------------------------------


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    first_width: float = 0.0  # width of the line's first word
    last_width: float = 0.0  # width of the line's last word


@dataclass
class _GridCell:
    text: str
    row: int
    col: int
    rowspan: int
    colspan: int


@dataclass
class _Grid:
    top: float
    bottom: float
    columns: int
    rows: int
    cells: list[_GridCell]
    finder: str = "pdf"  # "pdf": cells from ruling lines; "pdf-columns": from aligned columns


def _group_lines(words: list[Word]) -> list[_Line]:
    """Words in reading order, grouped into visual lines (a word joins a line it overlaps vertically)."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        middle = (word.top + word.bottom) / 2
        for line in reversed(lines[-3:]):
            if line[0].top <= middle <= line[0].bottom:
                line.append(word)
                break
        else:
            lines.append([word])
    result = []
    for line in lines:
        line.sort(key=lambda w: w.x0)
        result.append(
            _Line(
                nfc(" ".join(w.text for w in line)),
                line[0].x0,
                max(w.x1 for w in line),
                min(w.top for w in line),
                max(w.bottom for w in line),
                line[0].x1 - line[0].x0,
                line[-1].x1 - line[-1].x0,
            )
        )
    return sorted(result, key=lambda line: (line.top, line.x0))


def _separator(previous: _Line, line: _Line) -> str:
    """What joins two wrapped lines of a cell: a cell break before a bullet, nothing before
    punctuation or after a hyphen ending a word, else a space (a word cut in two because it is wider
    than its cell gets a space too: two words and one cut word look alike)."""
    if BULLET.match(line.text):
        return CELL_BREAK
    if line.text[:1] in ",.;:)]%" or re.search(r"\w-$", previous.text):  # "NĐ-" + "CP"
        return ""
    if _NUMBER_CUT.search(previous.text) and _NUMBER_REST.match(line.text):  # "…/UBTVQ" + "H13"
        return ""
    return " "


# A document number's issuer code cut by a narrow cell: the line ends inside the code after its "/" and
# the next starts with the code's tail, a term number ("1211/2016/UBTVQ" + "H13", "…/QH" + "14").
_NUMBER_CUT = re.compile(r"\d/(?:\d{4}/)?[A-ZĐ][A-ZĐ&]*$")
_NUMBER_REST = re.compile(r"^[A-ZĐ]{0,3}\d{1,2}(?![\d/])\b")


def _cell_text(lines: list[_Line]) -> str:
    """A cell's lines as one line: wrapped lines joined (see ``_separator``), a bullet starts a paragraph."""
    lines = [line for line in lines if line.text.strip()]
    if not lines:
        return ""
    text = lines[0].text.replace("\t", " ").strip()
    for previous, line in itertools.pairwise(lines):
        text += _separator(previous, line) + line.text.replace("\t", " ").strip()
    return text


def _cluster(values: list[float], tolerance: float = 2.0) -> list[float]:
    """Sorted values with near-equal ones (within ``tolerance``) merged."""
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > tolerance:
            out.append(value)
    return out


def _index(points: list[float], value: float) -> int:
    return min(range(len(points)), key=lambda i: abs(points[i] - value))


def _grids(rules: list[Rule], words: list[Word]) -> list[tuple[_Grid, set[int]]]:
    """Tables enclosed by ruling lines, each with the indices of the words inside it."""
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    edges = []
    for rule in rules:
        horizontal = (rule.x1 - rule.x0) >= (rule.bottom - rule.top)
        if horizontal:
            y = (rule.top + rule.bottom) / 2
            edge = {"x0": rule.x0, "x1": rule.x1, "top": y, "bottom": y, "orientation": "h"}
        else:
            x = (rule.x0 + rule.x1) / 2
            edge = {"x0": x, "x1": x, "top": rule.top, "bottom": rule.bottom, "orientation": "v"}
        edge["width"] = edge["x1"] - edge["x0"]
        edge["height"] = edge["bottom"] - edge["top"]
        edges.append(edge)
    edges = merge_edges(edges, 3, 3, 3, 3)
    edges = [e for e in edges if max(e["width"], e["height"]) >= 3]
    boxes_per_table = cells_to_tables(intersections_to_cells(edges_to_intersections(edges, 3, 3)))
    grids: list[tuple[_Grid, set[int]]] = []
    taken: set[int] = set()
    for boxes in boxes_per_table:
        xs = _cluster([v for box in boxes for v in (box[0], box[2])])
        ys = _cluster([v for box in boxes for v in (box[1], box[3])])
        if len(xs) < 3 or len(ys) < 3:  # a single box or a single row/column: text in a frame
            continue
        cells: list[_GridCell] = []
        inside: set[int] = set()
        for x0, top, x1, bottom in boxes:
            members = [
                i
                for i, w in enumerate(words)
                if i not in taken
                and x0 <= (w.x0 + w.x1) / 2 <= x1
                and top <= (w.top + w.bottom) / 2 <= bottom
            ]
            inside.update(members)
            taken.update(members)
            row, col = _index(ys, top), _index(xs, x0)
            cells.append(
                _GridCell(
                    _cell_text(_group_lines([words[i] for i in members])),
                    row,
                    col,
                    max(1, _index(ys, bottom) - row),
                    max(1, _index(xs, x1) - col),
                )
            )
        grids.append((_Grid(ys[0], ys[-1], len(xs) - 1, len(ys) - 1, cells), inside))
    return grids


# --------------------------------------------------------------------------------------------------
# page headers and footers
# --------------------------------------------------------------------------------------------------


def _margin_key(line: _Line, page: PageWords) -> tuple[str, int] | None:
    """(text without digits, rounded position) of a line in the top or bottom margin, else None."""
    if page.height <= 0:
        return None
    if line.bottom > page.height * MARGIN and line.top < page.height * (1 - MARGIN):
        return None
    return re.sub(r"\d+", "#", line.text.strip().lower()), round(line.top / 6)


def _running_lines(pages: list[list[_Line]], layouts: list[PageWords]) -> set[tuple[str, int]]:
    """Margin lines repeated (digits aside) at about the same place on at least half the pages (3+)."""
    if len(pages) < 3:
        return set()
    counts: Counter[tuple[str, int]] = Counter()
    for lines, page in zip(pages, layouts, strict=True):
        keys = {key for line in lines if (key := _margin_key(line, page)) is not None}
        # a position one step off (rounding) counts for the same line
        counts.update(
            keys | {(text, pos + 1) for text, pos in keys} | {(text, pos - 1) for text, pos in keys}
        )
    return {key for key, count in counts.items() if count >= max(3, len(pages) / 2)}


def _is_running(line: _Line, page: PageWords, running: set[tuple[str, int]]) -> bool:
    key = _margin_key(line, page)
    if key is None:
        return False
    return key in running or bool(PAGE_NUMBER.match(line.text.strip()))


# --------------------------------------------------------------------------------------------------
# the document
# --------------------------------------------------------------------------------------------------


def _joins(previous: _Line, line: _Line, right: float, left: float, height: float) -> bool:
    """``line`` goes on the paragraph of ``previous``: its first word would not have fitted at the end
    of ``previous`` (the line was wrapped), it starts at the left edge and sits close below."""
    wrapped = previous.x1 + 0.3 * height + line.first_width > right
    gap = line.top - previous.bottom
    return wrapped and gap < 0.8 * height and line.x0 <= left + height and not BULLET.match(line.text)


def _paragraphs(lines: list[_Line]) -> list[_Line]:
    """Visual lines joined into paragraphs (see ``_joins``)."""
    if not lines:
        return []
    right = max(line.x1 for line in lines)
    left = min(line.x0 for line in lines)
    height = median(line.bottom - line.top for line in lines)
    out: list[_Line] = []
    for line in lines:
        if out and _joins(out[-1], line, right, left, height):
            last = out[-1]
            out[-1] = _Line(
                last.text + " " + line.text,
                last.x0,
                line.x1,
                last.top,
                line.bottom,
                last.first_width,
                line.last_width,
            )
        else:
            out.append(line)
    return out


def lay_out(pages: list[PageWords]) -> LaidOut:
    """The lines, their pages and the tables of a document given as words with boxes per page."""
    ruled = [_grids(page.rules, page.words) for page in pages]
    free = [
        [i for i in range(len(page.words)) if not any(i in members for _, members in grids)]
        for page, grids in zip(pages, ruled, strict=True)
    ]
    running = _running_lines(
        [_group_lines([page.words[i] for i in indices]) for page, indices in zip(pages, free, strict=True)],
        pages,
    )
    per_page: list[tuple[list[_Line], list[_Grid]]] = []
    carry: list[River] | None = None  # the columns of an aligned table ending the page before
    for page, grids, indices in zip(pages, ruled, free, strict=True):
        body = _body(page, indices, running)
        aligned = aligned_tables(page.words, body, carry)
        inside = set().union(*(table.members for table in aligned))
        lines = _group_lines([page.words[i] for i in body if i not in inside])
        tables = [grid for grid, _ in grids] + [_aligned_grid(table, page.words) for table in aligned]
        per_page.append((lines, tables))
        last = aligned[-1] if aligned else None
        below = [grid for grid, _ in grids if last is not None and grid.top > last.top]
        carry = last.rivers if last is not None and last.last_line and not below else None

    out = LaidOut([], [], [])
    open_table: tuple[Table, int] | None = None  # the last table and its width, while nothing follows it
    for number, (lines, grids) in enumerate(per_page, start=1):
        items: list[tuple[float, _Line | _Grid]] = [(line.top, line) for line in _paragraphs(lines)]
        items += [(grid.top, grid) for grid in grids]
        items.sort(key=lambda item: item[0])
        for index, (_, item) in enumerate(items):
            if isinstance(item, _Line):
                out.lines.append(item.text)
                out.pages.append(number)
                open_table = None
                continue
            goes_on = open_table is not None and index == 0 and open_table[1] == item.columns
            table = open_table[0] if goes_on and open_table else Table([], item.finder)
            header = table.rows[0].texts() if goes_on and table.rows else None
            _add_grid(out, table, item, number, header)
            if not goes_on:
                out.tables.append(table)
            open_table = (table, item.columns)
    return out


def _body(page: PageWords, indices: list[int], running: set[tuple[str, int]]) -> list[int]:
    """The words ``indices`` of ``page`` less its running headers and footers."""
    body: list[int] = []
    for line in visual_lines(indices, page.words, gap=page.width):
        words = [i for piece in line.pieces for i in piece.words]
        margin = page.height > 0 and (
            line.bottom <= page.height * MARGIN or line.top >= page.height * (1 - MARGIN)
        )
        if margin and _is_running(_group_lines([page.words[i] for i in words])[0], page, running):
            continue
        body.extend(words)
    return body


def _aligned_grid(table: AlignedTable, words: list[Word]) -> _Grid:
    """A table read from aligned columns as a grid (cells merged across columns keep their colspan)."""
    cells = [
        _GridCell(
            _cell_text(_group_lines([words[i] for line in cell.lines for i in line])),
            cell.row,
            cell.col,
            1,
            cell.colspan,
        )
        for cell in table.cells
    ]
    return _Grid(table.top, table.bottom, table.columns, table.rows, cells, "pdf-columns")


def _add_grid(out: LaidOut, table: Table, grid: _Grid, page: int, header: list[str] | None = None) -> None:
    """Append ``grid``'s rows to ``table`` and to the lines (one tab-separated line per row).

    ``header`` is given when the grid continues ``table`` at the top of a page: a first row equal to
    it (the header repeated on each page) is left out, and a first row without a number (the rest of a
    row cut by the page break) is joined to the table's last row."""
    at: dict[tuple[int, int], _GridCell] = {}
    for cell in grid.cells:
        for row in range(cell.row, cell.row + cell.rowspan):
            for col in range(cell.col, cell.col + cell.colspan):
                at.setdefault((row, col), cell)
    first = True
    for row in range(grid.rows):
        line = len(out.lines) + 1
        span = Span(line, line)
        texts: list[str] = []
        model: list[Cell] = []
        for col in range(grid.columns):
            cell = at.get((row, col))
            if cell is None:
                texts.append("")
                model.append(Cell("", span))
                continue
            down = cell.row < row and cell.col == col
            starts = cell.row == row and cell.col == col
            texts.append(cell.text if starts else "")
            model.append(Cell(cell.text if down else texts[-1], span, covered=down))
        if not any(cell.text for cell in model):
            continue  # an empty row (a spacer)
        opening, first = first, False
        if opening and header is not None and table.rows:
            if [cell.text for cell in model] == header:
                first = True  # the repeated header: the row after it may still be a cut row
                continue
            if len(model) == len(table.rows[-1].cells) and _goes_on(table.rows[-1], model):
                _join_row(out, table.rows[-1], texts)
                continue
        out.lines.append("\t".join(texts))
        out.pages.append(page)
        table.rows.append(Row(model, span))


def _goes_on(last: Row, cells: list[Cell]) -> bool:
    """Whether ``cells``, the first row of a table's part on a new page, are the rest of the row
    ``last`` cut by the page break: nothing in its first cell (and no row number starting the second),
    or (a heading wrapped over the break) text in the first cell only, after a row with text in its
    first cell only, and not a row number."""
    if not cells[0].text:  # unless a number starts the next cell (a table with an area column first)
        words = cells[1].text.split() if len(cells) > 1 else []
        return not words or not ROW_NUMBER.match(words[0])
    words = cells[0].text.split()
    return (
        not any(cell.text for cell in cells[1:])
        and not any(cell.text for cell in last.cells[1:])
        and not ROW_NUMBER.match(words[0])
    )


def _join_row(out: LaidOut, last: Row, texts: list[str]) -> None:
    """Add the cells ``texts`` (the part of a row on the next page) to the row ``last`` and its line."""
    for cell, text in zip(last.cells, texts, strict=True):
        if text:
            cell.raw = f"{cell.raw} {text}".strip()
    parts = out.lines[last.span.first - 1].split("\t")
    joined = [f"{part} {text}".strip() if text else part for part, text in zip(parts, texts, strict=False)]
    out.lines[last.span.first - 1] = "\t".join(joined)
