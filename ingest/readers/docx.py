"""Word (.docx) reader: paragraphs become lines, table rows become tab-separated lines."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from ingest.errors import IngestError
from ingest.model import Cell, Row, Table
from ingest.normalize.text import nfc
from ingest.readers.source import SourceText
from ingest.records import Span

CELL_BREAK = " <br> "  # a line break inside a cell, kept on the row's one line


def read_docx(path: Path) -> SourceText:
    """Read a .docx in document order; raise IngestError when it is empty or not a valid .docx."""
    path = Path(path)
    if path.stat().st_size == 0:
        raise IngestError("file is empty", source=str(path), expected="a .docx document")
    document = _open(path)
    lines: list[str] = []
    tables: list[Table] = []
    for kind, element in _body_items(document.element.body):
        if kind == "p":
            lines.extend(nfc(_paragraph_text(element, document)).split("\n"))
        else:
            table_lines, table = _table(element, document, len(lines) + 1)
            lines.extend(table_lines)
            tables.append(table)
    return SourceText(path=str(path), lines=lines, source_format="docx", tables=tables)


MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # a .docx whose parts unpack to more is refused (a zip bomb)


def _check_unpacked_size(path: Path) -> None:
    """Refuse a .docx whose zip members would unpack to more than MAX_UNPACKED_BYTES."""
    try:
        with zipfile.ZipFile(path) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # python-docx reports it as not a valid .docx
    if size > MAX_UNPACKED_BYTES:
        raise IngestError(
            f"the .docx unpacks to {size:,} bytes, more than the limit of {MAX_UNPACKED_BYTES:,}",
            source=str(path),
            expected="a Word document of one plan",
        )


def _open(path: Path):  # -> docx.document.Document
    """python-docx Document, with every failure to open reported as IngestError."""
    import docx  # local import: python-docx is only needed for .docx files

    _check_unpacked_size(path)
    try:
        return docx.Document(str(path))
    except Exception as exc:  # python-docx raises zip, XML, key and value errors alike
        raise IngestError(
            "not a valid .docx file (corrupt or not a Word document)",
            source=str(path),
            expected="a Word .docx document",
        ) from exc


def _body_items(body) -> Iterator[tuple[str, object]]:
    """Paragraph ("p") and table ("tbl") elements in document order, looking inside content controls."""
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag in ("p", "tbl"):
            yield tag, child
        elif tag == "sdt":
            for content in child.iterchildren():
                if content.tag.endswith("}sdtContent"):
                    yield from _body_items(content)


def _paragraph_text(element, document) -> str:
    from docx.text.paragraph import Paragraph

    return Paragraph(element, document).text


def _table(element, document, first_line: int) -> tuple[list[str], Table]:
    """The table's lines (one tab-separated line per row; a merged cell's text once, then "" for its
    repeats) and the table as the document model, where a cell merged
    down from the row above carries that cell's text and ``covered`` (``first_line``: its first line)."""
    from docx.table import Table as DocxTable

    table = DocxTable(element, document)
    lines: list[str] = []
    rows: list[Row] = []
    previous_row: list[object] = []
    for row in table.rows:
        cells = list(row.cells)
        texts: list[str] = []
        model: list[Cell] = []
        span = Span(first_line + len(lines), first_line + len(lines))
        for index, cell in enumerate(cells):
            tc = cell._tc
            across = index > 0 and cells[index - 1]._tc is tc
            down = not across and index < len(previous_row) and previous_row[index] is tc
            text = _cell_text(cell.text)
            texts.append("" if across or down else text)
            model.append(Cell(text if down else texts[-1], span, covered=down))
        previous_row = [cell._tc for cell in cells]
        lines.append("\t".join(texts))
        rows.append(Row(model, span))
    return lines, Table(rows, "docx")


def _cell_text(text: str) -> str:
    """A cell on one line: paragraph breaks become " <br> ", tabs become spaces."""
    parts = [part.strip() for part in nfc(text).replace("\t", " ").split("\n")]
    return CELL_BREAK.join(part for part in parts if part)
