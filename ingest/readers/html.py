"""HTML reader (stdlib html.parser): block elements become lines, table rows tab-separated lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ingest.model import Cell, Row, Table
from ingest.normalize.text import nfc
from ingest.readers.source import SourceText
from ingest.readers.text import decode_text
from ingest.readers.webpage import document_part
from ingest.records import Span

BLOCKS = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "br",
        "tr",
        "ul",
        "ol",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "title",
        "dl",
        "dt",
        "dd",
        "pre",
        "hr",
        "caption",
    }
)
DROPPED = frozenset({"script", "style", "template", "noscript"})
CELL_BREAK = " <br> "
_WS = re.compile(r"\s+")


def read_html(path: Path) -> SourceText:
    """Read an .html/.htm file (UTF-8); scripts and styles are never emitted. A saved web page is cut
    down to the document inside it first (ingest.readers.webpage)."""
    text = document_part(decode_text(Path(path).read_bytes(), str(path)))
    parser = _parse(text)
    lines = [nfc(line) for line in parser.lines]
    return SourceText(path=str(path), lines=lines, source_format="html", tables=parser.tables)


def html_lines(text: str) -> list[str]:
    """The lines of an HTML document."""
    return [nfc(line) for line in _parse(text).lines]


def _parse(text: str) -> _LineParser:
    parser = _LineParser()
    parser.feed(text)
    parser.close()
    parser.flush()
    return parser


@dataclass
class _Table:
    """The rows of the table being read; ``spans`` holds (column, rows left) of open rowspans."""

    rows: list[list[str]] = field(default_factory=list)
    row: list[str] | None = None
    cell: list[str] | None = None
    colspan: int = 1
    rowspan: int = 1
    spans: dict[int, int] = field(default_factory=dict)
    span_texts: dict[int, str] = field(default_factory=dict)  # the text of the cell spanning down
    covers: list[list[str | None]] = field(default_factory=list)  # per row: the spanning text, or None
    cover: list[str | None] = field(default_factory=list)


class _LineParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._line: list[str] = []
        self._dropped = 0  # depth inside script/style
        self._tables: list[_Table] = []
        self.tables: list[Table] = []  # the tables as the document model, merged cells marked
        self._lists: list[list[int]] = []  # per open list: [counter] (-1 for <ul>)

    # -- text ------------------------------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        if self._dropped:
            return
        data = _WS.sub(" ", data)
        cell = self._cell()
        (cell if cell is not None else self._line).append(data)

    def _cell(self) -> list[str] | None:
        return self._tables[0].cell if self._tables else None

    def flush(self) -> None:
        """End the current line (outside tables)."""
        line = _WS.sub(" ", "".join(self._line)).strip()
        if line:
            self.lines.append(line)
        self._line = []

    # -- tags ------------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED:
            self._dropped += 1
            return
        if self._dropped:
            return
        if tag == "table":
            if not self._tables:
                self.flush()
            self._tables.append(_Table())
            return
        if tag in ("ul", "ol"):
            self._lists.append([0 if tag == "ol" else -1])
        outer = self._tables[0] if self._tables else None
        if outer is not None and len(self._tables) == 1 and tag == "tr":
            self._start_row(outer)
        elif outer is not None and len(self._tables) == 1 and tag in ("td", "th"):
            self._start_cell(outer, dict(attrs))
        elif outer is not None and outer.cell is not None:
            self._cell_markup(outer, tag, start=True)
        elif outer is None and tag in BLOCKS:
            self.flush()
            if tag == "li":
                self._line.append(self._bullet())

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED:
            self._dropped = max(0, self._dropped - 1)
            return
        if self._dropped:
            return
        if tag in ("ul", "ol") and self._lists:
            self._lists.pop()
        if tag == "table" and self._tables:
            table = self._tables.pop()
            if self._tables:  # a nested table: its text stays inside the outer cell
                return
            self._end_row(table)
            self.tables.append(_model_table(table, len(self.lines) + 1))
            self.lines.extend("\t".join(row) for row in table.rows)
            return
        outer = self._tables[0] if self._tables else None
        if outer is not None and len(self._tables) == 1 and tag == "tr":
            self._end_row(outer)
        elif outer is not None and len(self._tables) == 1 and tag in ("td", "th"):
            self._end_cell(outer)
        elif outer is not None and outer.cell is not None:
            self._cell_markup(outer, tag, start=False)
        elif outer is None and tag in BLOCKS:
            self.flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "hr", "img", "input", "meta", "link"):
            self.handle_endtag(tag)

    def _bullet(self) -> str:
        if not self._lists or self._lists[-1][0] < 0:
            return "- "
        self._lists[-1][0] += 1
        return f"{self._lists[-1][0]}. "

    # -- table cells -----------------------------------------------------------------------------
    def _cell_markup(self, table: _Table, tag: str, *, start: bool) -> None:
        """Inside a cell: list items become <li> markers, other blocks line breaks."""
        assert table.cell is not None
        if start and tag == "li":
            table.cell.append(" <li> ")
        elif tag in BLOCKS or tag in ("td", "th"):
            table.cell.append(CELL_BREAK if tag != "li" else " ")

    def _start_row(self, table: _Table) -> None:
        self._end_row(table)
        table.row = []

    def _end_row(self, table: _Table) -> None:
        self._end_cell(table)
        if table.row is None:
            return
        self._fill_spans(table, table.row)
        if table.row:
            table.rows.append(table.row)
            table.covers.append(table.cover)
        table.row = None
        table.cover = []

    def _start_cell(self, table: _Table, attrs: dict[str, str | None]) -> None:
        self._end_cell(table)
        if table.row is None:
            table.row, table.cover = [], []
        table.cell = []
        table.colspan = _int(attrs.get("colspan"))
        table.rowspan = _int(attrs.get("rowspan"))

    def _end_cell(self, table: _Table) -> None:
        if table.cell is None or table.row is None:
            table.cell = None
            return
        self._fill_spans(table, table.row)
        text = _WS.sub(" ", "".join(table.cell)).replace("\t", " ").strip()
        text = re.sub(r"^(?:<br>\s*)+|(?:\s*<br>)+$", "", text).strip()
        column = len(table.row)
        table.row.append(text)
        table.row.extend("" for _ in range(table.colspan - 1))
        table.cover.extend(None for _ in range(table.colspan))
        if table.rowspan > 1:
            for offset in range(table.colspan):
                table.spans[column + offset] = table.rowspan - 1
                table.span_texts[column + offset] = text if offset == 0 else ""
        table.cell = None

    @staticmethod
    def _fill_spans(table: _Table, row: list[str]) -> None:
        """Put "" where a cell of an earlier row spans down into this row."""
        while True:
            column = len(row)
            left = table.spans.get(column, 0)
            if left <= 0:
                return
            row.append("")
            if row is table.row:
                table.cover.append(table.span_texts.get(column, ""))
            if left == 1:
                del table.spans[column]
            else:
                table.spans[column] = left - 1


def _int(value: str | None) -> int:
    try:
        return max(1, int(value or "1"))
    except ValueError:
        return 1


def _model_table(table: _Table, first_line: int) -> Table:
    """The table as the document model: one row per line from ``first_line``; a cell covered by a
    rowspan above carries that cell's text and ``covered``."""
    rows = []
    for offset, (texts, covers) in enumerate(zip(table.rows, table.covers, strict=True)):
        span = Span(first_line + offset, first_line + offset)
        cells = [
            Cell(nfc(text if cover is None else cover), span, covered=cover is not None)
            for text, cover in zip(texts, covers + [None] * (len(texts) - len(covers)), strict=True)
        ]
        rows.append(Row(cells, span))
    return Table(rows, "html")
