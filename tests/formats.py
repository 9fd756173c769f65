"""Test material in other formats, made at test time: .docx from a text plan (python-docx), then
.pdf/.doc/.odt/.rtf through LibreOffice headless (Debian ``libreoffice-writer-nogui``).

Conversions are slow (2-5 s each): ``soffice_convert`` caches its output by the source's content hash
under the directory it is given (use a session-scoped ``tmp_path_factory`` directory), so one pytest
session converts a given file once. Tests that need LibreOffice skip, naming the package, when it is
missing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from test_readers import deliverable_paragraphs

from ingest.finders import document_blocks
from ingest.model import Table
from ingest.readers import read_source

SOFFICE_HINT = "LibreOffice is not installed (Debian package libreoffice-writer-nogui: soffice)"
SOFFICE_TIMEOUT = 240  # seconds for one conversion (a 200-page document takes about a minute)


def soffice_binary() -> str | None:
    """Path of ``soffice`` (or ``libreoffice``), None when neither is installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    """Path of ``soffice``; skips the calling test, naming the package, when it is missing."""
    binary = soffice_binary()
    if binary is None:
        pytest.skip(SOFFICE_HINT)
    return binary


def content_key(path: Path, *extra: str) -> str:
    """A short hash of the file's bytes and ``extra`` (used as a cache key)."""
    digest = hashlib.sha256(path.read_bytes())
    for part in extra:
        digest.update(part.encode())
    return digest.hexdigest()[:16]


def soffice_convert(src: Path, fmt: str, outdir: Path) -> Path:
    """``src`` converted by LibreOffice to ``fmt`` ("pdf", "doc", "odt", "rtf", "docx"), written under
    ``outdir/<hash>/`` and reused when already there. Skips the test when soffice is missing; fails
    with LibreOffice's output when the conversion produces no file."""
    binary = require_soffice()
    target_dir = Path(outdir) / content_key(src, fmt)
    target = target_dir / f"{src.stem}.{fmt.split(':')[0]}"  # "pdf:writer_pdf_Export:{...}" writes a .pdf
    if target.is_file():
        return target
    target_dir.mkdir(parents=True, exist_ok=True)
    # A private profile per conversion: two soffice processes sharing one profile block each other.
    with tempfile.TemporaryDirectory(prefix="soffice-profile-") as profile:
        command = [
            binary,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            fmt,
            "--outdir",
            str(target_dir),
            str(src),
        ]
        env = {**os.environ, "HOME": profile}
        done = subprocess.run(command, capture_output=True, text=True, timeout=SOFFICE_TIMEOUT, env=env)
    if not target.is_file():
        pytest.fail(f"soffice did not convert {src} to {fmt}: {done.stdout}\n{done.stderr}")
    return target


def _add_table(
    document: Document, table: Table, fit: bool = False, repeat_header: bool = False, ruled: bool = True
) -> None:
    """``table`` as a Word table; a row with text in its first two cells only (a section title) has
    its title merged across the row, as Word plans write group rows. ``fit``: columns as wide as their
    text needs (else equal); ``repeat_header``: the first row is repeated on every page; ``ruled``:
    ruling lines around every cell (else none: text aligned in columns only)."""
    width = max(len(row.cells) for row in table.rows)
    word = document.add_table(rows=len(table.rows), cols=width)
    if ruled:
        word.style = "Table Grid"  # ruling lines, as real plans have
    if fit:
        _fit_columns(document, word, table, width)
    if repeat_header:
        header = word.rows[0]._tr.get_or_add_trPr()
        header.append(OxmlElement("w:tblHeader"))
    for index, row in enumerate(table.rows):
        raws = [cell.raw for cell in row.cells] + [""] * (width - len(row.cells))
        texts = [cell.text for cell in row.cells] + [""] * (width - len(row.cells))
        if width > 3 and any(texts[:2]) and not any(t.strip() for t in texts[2:]):
            word.cell(index, 0).text = texts[0]
            word.cell(index, 1).merge(word.cell(index, width - 1)).text = texts[1]
            continue
        for column in range(width):
            paragraphs = deliverable_paragraphs(raws[column]) if "<ul" in raws[column] else [texts[column]]
            cell = word.cell(index, column)
            cell.text = paragraphs[0]
            for extra in paragraphs[1:]:
                cell.add_paragraph(extra)


def _fit_columns(document: Document, word, table: Table, width: int) -> None:  # word: docx.table.Table
    """Column widths shared out by the length of each column's longest words and text (capped)."""
    section = document.sections[-1]
    usable = section.page_width - section.left_margin - section.right_margin
    needs = [4] * width
    for row in table.rows:
        for column, cell in enumerate(row.cells[:width]):
            longest = max((len(w) for w in cell.text.split()), default=0)
            needs[column] = max(needs[column], longest + 2, min(len(cell.text) // 3, 60))
    word.autofit = False
    for column, need in enumerate(needs):
        size = int(usable * need / sum(needs))
        for cell in word.columns[column].cells:
            cell.width = size


def _page_setup(document: Document, footer: str | None) -> None:
    """Landscape A4 with a footer ``footer`` followed by the page number."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(20)
    if footer is not None:
        paragraph = section.footer.paragraphs[0]
        paragraph.text = footer + " "
        run = paragraph.add_run()
        for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            else:
                element = OxmlElement("w:instrText")
                element.text = text
            run._r.append(element)


def docx_from_text_plan(
    src: Path,
    out: Path,
    landscape: bool = False,
    footer: str | None = None,
    repeat_header: bool = False,
    ruled: bool = True,
) -> Path:
    """A .docx of the text plan ``src`` (.txt/.md): each line outside a table a paragraph, each table
    the finders find a Word table with ruling lines (none when not ``ruled``). Returns ``out``.

    ``landscape``: A4 landscape with columns as wide as their text needs (as plans print appendix
    tables); ``footer``: a page footer of that text and the page number; ``repeat_header``: each
    table's first row is repeated at the top of every page."""
    source = read_source(src)
    lines = [line.lstrip("#").strip() if line.startswith("#") else line for line in source.lines]
    document: Document = docx.Document()
    if landscape or footer is not None:
        _page_setup(document, footer)
    tables = [block for block in document_blocks(lines) if isinstance(block, Table)]
    number = 1
    while number <= len(lines):
        table = next((t for t in tables if t.span.first == number), None)
        if table is not None:
            _add_table(document, table, fit=landscape, repeat_header=repeat_header, ruled=ruled)
            number = table.span.last + 1
            document.add_paragraph("")  # Word joins two tables that touch into one
            continue
        document.add_paragraph(lines[number - 1].replace("**", "").strip())
        number += 1
    out.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(out))
    return out
