"""One document model for every reader: ordered blocks, each a paragraph or a table.

A table is rows of cells; every cell keeps the source lines it was read from, its row/column span (or
``covered`` when it stands for a merged cell of the row above that the source left out) and the hints a
layout gives (bold text, a header cell). Plain text gets its tables from the finders of
``ingest.finders``; the task recogniser (``ingest.recognise``) reads any :class:`Table`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.normalize.text import clean_cell
from ingest.records import Finding, Span


@dataclass
class Cell:
    """One table cell: its raw text (lines joined with newlines, markup kept) and where it was read."""

    raw: str
    span: Span
    rowspan: int = 1
    colspan: int = 1
    covered: bool = False  # filled in from the cell above: the source left a merged cell out
    bold: bool = False  # every text run of the cell is bold (a header or group title)
    header: bool = False  # known to be a header cell (HTML <th>, a docx header row)

    @property
    def text(self) -> str:
        """The cell as plain text: markup removed, lines joined, spaces collapsed ("** **" is empty).
        Kept with the raw text it was made from: the recogniser reads a cell's text many times."""
        memo = self.__dict__.get("_text")
        if memo is not None and memo[0] is self.raw:
            return memo[1]
        text = clean_cell(self.raw)
        text = "" if not text.strip("*_ ") else text
        self.__dict__["_text"] = (self.raw, text)
        return text

    @property
    def empty(self) -> bool:
        return not self.text


@dataclass
class Row:
    """One table row; ``cut_before`` is True when the source elided rows just before it."""

    cells: list[Cell]
    span: Span
    cut_before: bool = False

    def texts(self) -> list[str]:
        return [cell.text for cell in self.cells]


@dataclass
class Table:
    """Rows of cells as found by one finder (``finder`` names it), with what the finder noticed."""

    rows: list[Row]
    finder: str
    findings: list[Finding] = field(default_factory=list)
    drops_merged_cells: bool = False  # a row with fewer cells lost the cells merged from the row above

    @property
    def span(self) -> Span:
        first = self.rows[0].span.first
        return Span(first, max(first, max(row.span.last for row in self.rows)))


@dataclass
class Paragraph:
    """Text outside tables."""

    text: str
    span: Span


Block = Paragraph | Table
