"""Tables printed without ruling lines: text aligned in columns (used by :mod:`ingest.readers.layout`).

A page's words (those outside ruled tables, page headers and footers dropped) are cut into visual lines
and each line into *pieces* where two words are further apart than PIECE_GAP line heights. A table is a
run of close lines where at least MIN_SEED_LINES lines have MIN_COLUMNS pieces or more whose gaps line
up: the column boundaries are the *rivers*, vertical bands of white that at most RIVER_SHARE of those
lines cross, then narrowed on all the table's lines. The table runs from its first such line (a header
line just above filling two columns joins it; a table going on from the page before starts at the top of
the page, with that page's columns) down to the first line that breaks the columns: a piece across a
river that is not a cell merged across columns from a column's left edge, a line starting in the first
column and running across a river (a paragraph), or a wide vertical gap. Such a line of at most
SPAN_LINES lines followed closely by a numbered row is a row merged across the table (a part heading).

Rows: the number column is the first of the first two columns that starts lines with row numbers
(``1.``, ``a)``, ``II``). A line with text in it (or in an area column left of it) starts a row when
that text is a number or when those columns were empty on the line above; a line with nothing there
continues the row above (a cell wrapped over several lines). A gap wider than the table's line spacing
by half a line also starts a row (the only rule in a table without row numbers, with text coming back
to the first column).
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from statistics import median
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ingest.readers.layout import Word

MIN_COLUMNS = 3  # a table without ruling lines has at least this many columns ...
MIN_SEED_LINES = 2  # ... filled on at least this many lines
PIECE_GAP = 0.6  # x line height: a wider space between two words of a line separates two cells
RIVER_SHARE = 0.1  # a river is crossed by at most this share of the lines with MIN_COLUMNS pieces
MAX_GAP = 3.0  # x line height: a wider vertical gap between two lines ends the table
SPAN_LINES = 2  # most lines of a full-width row merged across the table (a part heading)
River = tuple[float, float]  # a white band between two columns: (left x, right x)
ROW_NUMBER = re.compile(r"^(?:[IVXLCDM]+|[A-ZĐ]|\d{1,3}(?:\.\d{1,3})*|[a-zđ])[.)]?$")


@dataclass
class Piece:
    """Words of one line close enough to be one cell's text (indices into the page's words)."""

    x0: float
    x1: float
    words: list[int]


@dataclass
class VLine:
    """A visual line: its words left to right, cut into pieces."""

    top: float
    bottom: float
    pieces: list[Piece]

    @property
    def x0(self) -> float:
        return self.pieces[0].x0

    @property
    def x1(self) -> float:
        return max(piece.x1 for piece in self.pieces)


@dataclass
class AlignedCell:
    """A cell of an aligned table: its lines (word indices of each visual line, top down)."""

    row: int
    col: int
    colspan: int
    lines: list[list[int]]


@dataclass
class AlignedTable:
    """A table read from aligned columns; ``rivers`` are the white bands between its columns."""

    top: float
    bottom: float
    columns: int
    rows: int
    cells: list[AlignedCell]
    members: set[int]
    rivers: list[River]
    last_line: bool  # the table ends with the page's last body line (it may go on on the next page)


def visual_lines(indices: list[int], words: list[Word], gap: float | None = None) -> list[VLine]:
    """Word indices grouped into visual lines (a word joins a line it overlaps vertically), each cut
    into pieces at spaces wider than ``gap`` (PIECE_GAP line heights when None)."""
    groups: list[list[int]] = []
    for index in sorted(indices, key=lambda i: (words[i].top, words[i].x0)):
        middle = (words[index].top + words[index].bottom) / 2
        for group in reversed(groups[-3:]):
            if words[group[0]].top <= middle <= words[group[0]].bottom:
                group.append(index)
                break
        else:
            groups.append([index])
    if not groups:
        return []
    if gap is None:
        gap = PIECE_GAP * median(words[g[0]].bottom - words[g[0]].top for g in groups)
    lines = []
    for group in groups:
        group.sort(key=lambda i: words[i].x0)
        pieces: list[Piece] = []
        for index in group:
            word = words[index]
            if pieces and word.x0 - pieces[-1].x1 <= gap:
                pieces[-1].words.append(index)
                pieces[-1].x1 = max(pieces[-1].x1, word.x1)
            else:
                pieces.append(Piece(word.x0, word.x1, [index]))
        top = min(words[i].top for i in group)
        bottom = max(words[i].bottom for i in group)
        lines.append(VLine(top, bottom, pieces))
    lines.sort(key=lambda line: line.top)
    return lines


# --------------------------------------------------------------------------------------------------
# columns
# --------------------------------------------------------------------------------------------------


@dataclass
class _Columns:
    rivers: list[River]  # the white bands between columns, left to right
    lefts: list[float]  # the left edge of each column's text (least x0 of the pieces starting in it)

    @property
    def bounds(self) -> list[float]:
        """The x of each boundary between two columns (the middle of its river)."""
        return [(lo + hi) / 2 for lo, hi in self.rivers]

    @property
    def count(self) -> int:
        return len(self.rivers) + 1

    def span(self, piece: Piece, slack: float) -> tuple[int, int]:
        """First and last column a piece covers: it starts in the column right of the last river
        middle before its start, and reaches the next column only past the river's right edge (text
        may run into a river, which the table's other lines then narrow)."""
        first = bisect_left(self.bounds, piece.x0 + slack)
        last = bisect_left([hi for _, hi in self.rivers], piece.x1 - slack)
        return first, max(first, last)


def _coverage(lines: list[VLine], left: int, right: int) -> list[int]:
    """For each x from ``left`` to ``right``, how many of ``lines`` have text there."""
    cover = [0] * (right - left + 1)
    for line in lines:
        for piece in line.pieces:
            for x in range(max(int(piece.x0), left) - left, min(int(piece.x1), right) - left + 1):
                cover[x] += 1
    return cover


def _rivers(seeds: list[VLine], height: float) -> list[River]:
    """The white bands (at least PIECE_GAP line heights wide) that at most RIVER_SHARE of ``seeds``
    cross, between the seeds' leftmost and rightmost text. A band reaching the table's edge is text of
    a column only few lines fill (the header's first column): the white band in it is the river."""
    left = int(min(line.x0 for line in seeds))
    right = int(max(line.x1 for line in seeds)) + 1
    cover = _coverage(seeds, left, right)
    allowed = int(RIVER_SHARE * len(seeds))
    wide = PIECE_GAP * height
    rivers: list[River] = []
    for start, end in _runs(cover, lambda count: count <= allowed):
        if start == 0 or end == len(cover):
            inner = [(a, b) for a, b in _runs(cover[start:end], lambda count: count == 0)]
            inner = [
                (start + a, start + b) for a, b in inner if (a > 0 or start > 0) and start + b < len(cover)
            ]
            start, end = max(inner, key=lambda band: band[1] - band[0], default=(0, 0))
        if end - start >= wide:
            rivers.append((left + start, left + end))
    return rivers


def _runs(values: list[int], keep: Callable[[int], bool]) -> list[tuple[int, int]]:
    """The maximal runs ``[start, end)`` of ``values`` that ``keep`` holds for."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for x, value in enumerate([*values, None]):
        if value is not None and keep(value):
            start = x if start is None else start
        elif start is not None:
            runs.append((start, x))
            start = None
    return runs


def _refine(rivers: list[River], lines: list[VLine]) -> list[River]:
    """Each river narrowed to the widest band in it that the fewest of ``lines`` cross (the columns as
    all the table's lines draw them, not only the lines that found the table)."""
    refined: list[River] = []
    for lo, hi in rivers:
        cover = _coverage(lines, int(lo), int(hi))
        least = min(cover)
        best, start = (0, 0), None
        for x, count in enumerate([*cover, least + 1]):
            if count == least and start is None:
                start = x
            elif count != least and start is not None:
                best = max(best, (x - start, start))
                start = None
        width, start = best
        refined.append((int(lo) + start, int(lo) + start + width))
    return refined


def _columns(rivers: list[River], lines: list[VLine], slack: float) -> _Columns:
    columns = _Columns(rivers, [])
    lefts = [float("inf")] * columns.count
    for line in lines:
        for piece in line.pieces:
            first, _ = columns.span(piece, slack)
            lefts[first] = min(lefts[first], piece.x0)
    columns.lefts = lefts
    return columns


def _filled(line: VLine, columns: _Columns, slack: float) -> int:
    """How many columns a line fills with pieces that stay inside one column (0: a piece crosses)."""
    spans = [columns.span(piece, slack) for piece in line.pieces]
    if any(first != last for first, last in spans):
        return 0
    return len({first for first, _ in spans})


def _fits(line: VLine, columns: _Columns, slack: float) -> bool:
    """Whether every piece of the line stays in one column, or is a cell merged across columns that
    starts at a column's left edge and does not span the whole table (that is a paragraph)."""
    for piece in line.pieces:
        first, last = columns.span(piece, slack)
        if first != last and (first == 0 or abs(piece.x0 - columns.lefts[first]) > slack):
            return False
    return True


def _across(line: VLine, columns: _Columns, slack: float) -> bool:
    """A line of one piece starting in the first column and running across a boundary: a paragraph,
    or a row merged across the table (a part heading)."""
    first, last = columns.span(line.pieces[0], slack)
    return first == 0 and last > 0 and len(line.pieces) == 1


# --------------------------------------------------------------------------------------------------
# tables
# --------------------------------------------------------------------------------------------------


def aligned_tables(
    words: list[Word], indices: list[int], carry: list[River] | None = None
) -> list[AlignedTable]:
    """The tables without ruling lines among the words ``indices`` of one page. ``carry``: the rivers
    between the columns of a table that ended the page before (it may go on at the top of this page)."""
    lines = visual_lines(indices, words)
    if not lines:
        return []
    height = median(line.bottom - line.top for line in lines)
    if height <= 0:  # boxes without height: nothing to measure the spaces by
        return []
    page = _Page(words, lines, height)
    spans: list[tuple[int, int, _Columns]] = []
    start = 0
    while start < len(lines):
        found = page.next_table(start, carry if start == 0 else None)
        if found is None:
            break
        first, last, columns = found
        if spans and spans[-1][1] == first - 1 and page.fit(first, last, spans[-1][2]):
            first, _, columns = spans.pop()  # nothing between them but a wider gap: one table
            block = lines[first : last + 1]
            columns = _columns(_refine(columns.rivers, block), block, page.slack)
        spans.append((first, last, columns))
        start = last + 1
    return [page.table(first, last, columns) for first, last, columns in spans]


class _Page:
    """The visual lines of one page and the measures the table finding uses."""

    def __init__(self, words: list[Word], lines: list[VLine], height: float) -> None:
        self.words = words
        self.lines = lines
        self.height = height
        self.slack = 0.25 * height  # how far a piece may pass a boundary, or miss a column's left edge

    def fit(self, first: int, last: int, columns: _Columns) -> bool:
        """Whether lines ``first`` to ``last`` fit ``columns`` (a table going on with the same columns)."""
        return columns.count >= MIN_COLUMNS and all(
            _fits(line, columns, self.slack) for line in self.lines[first : last + 1]
        )

    def number(self, piece: Piece) -> bool:
        """Whether ``piece`` starts with a row number."""
        return bool(ROW_NUMBER.match(self.words[piece.words[0]].text))

    def close(self, index: int) -> bool:
        """Line ``index`` follows line ``index - 1`` closely enough to be in the same table."""
        return self.lines[index].top - self.lines[index - 1].bottom <= MAX_GAP * self.height

    def next_table(self, start: int, carry: list[River] | None) -> tuple[int, int, _Columns] | None:
        """(first line, last line, columns) of the next table at or after line ``start``, or None."""
        lines = self.lines
        if carry:
            found = self.settle(start, _columns(carry, lines, self.slack))
            if found is not None:
                return found
        index = start
        while index < len(lines):
            run_end = index  # a run of close lines
            while run_end + 1 < len(lines) and self.close(run_end + 1):
                run_end += 1
            seeds = [i for i in range(index, run_end + 1) if len(lines[i].pieces) >= MIN_COLUMNS]
            if len(seeds) >= MIN_SEED_LINES and (found := self.table_in_run(seeds, run_end)) is not None:
                return found
            index = run_end + 1
        return None

    def table_in_run(self, seeds: list[int], run_end: int) -> tuple[int, int, _Columns] | None:
        """The first table among the lines up to ``run_end`` whose many-piece lines are ``seeds``."""
        lines, slack = self.lines, self.slack
        rivers = _rivers([lines[i] for i in seeds], self.height)
        if len(rivers) + 1 < MIN_COLUMNS:
            return None
        columns = _columns(rivers, [lines[i] for i in seeds], slack)
        strong = [i for i in seeds if _filled(lines[i], columns, slack) >= MIN_COLUMNS]
        if len(strong) < MIN_SEED_LINES:
            return None
        for first in strong:
            found = self.settle(first, columns, run_end)
            if found is None or sum(1 for i in strong if first <= i <= found[1]) < MIN_SEED_LINES:
                continue
            first, last, columns = found
            while first > 0 and self.header_above(first, columns):
                first -= 1
            return first, last, columns
        return None

    def settle(
        self, first: int, columns: _Columns, end: int | None = None
    ) -> tuple[int, int, _Columns] | None:
        """The table from line ``first`` with ``columns`` refined on its own lines (None: the line
        does not fit)."""
        last = self.extend(first, columns, end)
        if last is None:
            return None
        block = self.lines[first : last + 1]
        refined = _columns(_refine(columns.rivers, block), block, self.slack)
        last_refined = self.extend(first, refined, end)
        if last_refined is None or last_refined < last:
            return first, last, columns
        return first, last_refined, refined

    def header_above(self, first: int, columns: _Columns) -> bool:
        """Line ``first - 1`` belongs to the table: close above, fitting and filling two columns or
        more (a header row whose cells are centred on different lines)."""
        above = self.lines[first - 1]
        return (
            self.lines[first].top - above.bottom <= self.height
            and _fits(above, columns, self.slack)
            and _filled(above, columns, self.slack) >= 2
        )

    def extend(self, first: int, columns: _Columns, end: int | None = None) -> int | None:
        """The last line of a table starting at ``first`` (None when line ``first`` does not fit)."""
        if not _fits(self.lines[first], columns, self.slack):
            return None
        limit = len(self.lines) - 1 if end is None else end
        last = first
        while last + 1 <= limit and self.close(last + 1):
            if _fits(self.lines[last + 1], columns, self.slack):
                last += 1
                continue
            spanned = self.merged_row(last + 1, columns, limit)
            if spanned is None:
                break
            last = spanned
        return last

    def merged_row(self, index: int, columns: _Columns, limit: int) -> int | None:
        """The last line of a row merged across the table starting at line ``index`` (at most SPAN_LINES
        lines, followed closely by a numbered row filling two columns or more), else None (a paragraph:
        the table ends)."""
        lines, slack = self.lines, self.slack
        end = index
        while end <= limit and end - index < SPAN_LINES and _across(lines[end], columns, slack):
            end += 1
        if end == index or end > limit or not self.close(end):
            return None
        after = lines[end]
        if not _fits(after, columns, slack) or _filled(after, columns, slack) < 2:
            return None
        starts = columns.span(after.pieces[0], slack)[0] == 0 and self.number(after.pieces[0])
        return end - 1 if starts else None

    def table(self, first: int, last: int, columns: _Columns) -> AlignedTable:
        """Lines ``first`` to ``last`` as rows of cells (see the module's note on rows)."""
        block = self.lines[first : last + 1]
        placed = [[(columns.span(p, self.slack), p) for p in line.pieces] for line in block]

        number_column = self.number_column(placed[1:], columns.count)

        def number_at(pieces: list[tuple[tuple[int, int], Piece]]) -> bool:
            return any(span[0] == number_column and self.number(piece) for span, piece in pieces)

        gaps = [b.top - a.bottom for a, b in itertools.pairwise(block)]
        # a gap wider than the line spacing by half a line starts a row (few lines: spacing unknown)
        spacing = median(gaps) if gaps else 0.0
        wide = (spacing if len(gaps) >= 4 else min(spacing, 0.5 * self.height)) + 0.5 * self.height
        cells: dict[tuple[int, int], AlignedCell] = {}
        row = -1
        previous_lead = False
        for index, pieces in enumerate(placed):
            # text in the number column or left of it (an area column) may start a row
            lead = any(span[0] <= max(number_column, 0) for span, _ in pieces)
            gap = gaps[index - 1] if index else 0.0
            if row < 0:
                starts = True
            elif number_column >= 0:
                starts = gap > wide or (lead and (number_at(pieces) or not previous_lead))
            else:
                starts = gap > wide or (lead and not previous_lead)
            previous_lead = lead
            if starts:
                row += 1
            for (first_col, last_col), piece in pieces:
                cell = cells.get((row, first_col))
                if cell is None:
                    cell = cells[row, first_col] = AlignedCell(row, first_col, 1, [])
                cell.colspan = max(cell.colspan, last_col - first_col + 1)
                if cell.lines and self.same_line(cell.lines[-1], piece):
                    cell.lines[-1].extend(piece.words)
                else:
                    cell.lines.append(list(piece.words))
        members = {i for line in block for piece in line.pieces for i in piece.words}
        return AlignedTable(
            block[0].top,
            block[-1].bottom,
            columns.count,
            row + 1,
            list(cells.values()),
            members,
            columns.rivers,
            last == len(self.lines) - 1,
        )

    def number_column(self, placed: list[list[tuple[tuple[int, int], Piece]]], count: int) -> int:
        """The leftmost of the first two columns where lines start with a row number (-1: none)."""
        for column in range(min(2, count - 1)):
            starts = sum(
                1 for pieces in placed if any(s[0] == column and self.number(p) for s, p in pieces[:1])
            )
            if starts >= MIN_SEED_LINES:
                return column
        return -1

    def same_line(self, indices: list[int], piece: Piece) -> bool:
        """Whether ``piece`` sits on the same visual line as the words ``indices`` (two pieces of one
        cell)."""
        word, other = self.words[indices[-1]], self.words[piece.words[0]]
        return abs(word.top - other.top) < 0.5 * (word.bottom - word.top)
