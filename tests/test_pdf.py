"""Text PDFs: a plan printed to PDF by LibreOffice reads back into the same tasks, leads, partners, time
frames and legal bases as its text; encrypted, damaged and empty PDFs are refused with a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest
from formats import docx_from_text_plan, soffice_convert

from ingest.errors import IngestError
from ingest.pipeline import parse_document
from ingest.readers import read_source
from ingest.readers.layout import PageWords, Rule, Word, lay_out
from ingest.readers.ocr import ocr_problem
from ingest.readers.pdf import has_text_layer
from ingest.records import ParsedDocument

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "ingest" / "samples"
CORPUS = ROOT.parent / "shared" / "corpus" / "docs"
FOOTER = "Kế hoạch cải cách hành chính - Trang"


@pytest.fixture(scope="session")
def pdf_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pdf")


def make_pdf(text_plan: Path, outdir: Path, ruled: bool = True) -> Path:
    """The text plan as a landscape .docx (ruled tables, or tables without any line when not
    ``ruled``; header repeated on each page, page-numbered footer), printed to PDF by LibreOffice
    (cached)."""
    docx = docx_from_text_plan(
        text_plan,
        outdir / ("docx" if ruled else "docx-unruled") / f"{text_plan.stem}.docx",
        landscape=True,
        footer=FOOTER,
        repeat_header=True,
        ruled=ruled,
    )
    return soffice_convert(docx, "pdf", outdir / "converted")


def summary(doc: ParsedDocument) -> dict[str, object]:
    """What must not change between formats: tasks with leads, partners and time, and legal bases."""
    return {
        "tasks": [(t.code, t.lead_text, t.partner_text, t.time_text) for t in doc.tasks],
        "bases": [(r.as_written, r.number) for r in doc.references if r.relation == "based_on"],
    }


@pytest.mark.parametrize(("seed", "count"), [("000_8ed5b0c1c9e5996d", 32), ("003_8182945d4607df81", 48)])
def test_seed_pdf_reads_as_its_text(pdf_dir: Path, seed: str, count: int) -> None:
    text_plan = SEEDS / f"{seed}.txt"
    pdf = make_pdf(text_plan, pdf_dir)
    from_pdf = parse_document(pdf)
    assert from_pdf.source_format == "pdf"
    assert len(from_pdf.tasks) == count
    assert summary(from_pdf) == summary(parse_document(text_plan))


@pytest.mark.parametrize("name", ["dongthap-617-kh-ubnd-2025", "ttg-2597-qd-ttg-2025"])
def test_corpus_pdf_reads_as_its_text(pdf_dir: Path, name: str) -> None:
    text_plan = CORPUS / f"{name}.txt"
    if not text_plan.is_file():
        pytest.skip(f"corpus document {text_plan} not present")
    from_text = parse_document(text_plan)
    from_pdf = parse_document(make_pdf(text_plan, pdf_dir))
    assert from_text.tasks
    assert summary(from_pdf) == summary(from_text)


def test_pages_headers_and_footers(pdf_dir: Path) -> None:
    src = read_source(make_pdf(SEEDS / "000_8ed5b0c1c9e5996d.txt", pdf_dir))
    assert src.pages is not None and len(src.pages) == len(src.lines)
    assert src.pages[0] == 1 and src.pages[-1] > 5 and src.pages == sorted(src.pages)
    assert not any(FOOTER in line for line in src.lines)  # the footer and its page numbers are dropped
    headers = [line for line in src.lines if line.startswith("Số TT\t")]
    assert len(headers) == 1  # the header LibreOffice repeats on each page is left out
    assert has_text_layer(make_pdf(SEEDS / "000_8ed5b0c1c9e5996d.txt", pdf_dir))


def test_layout_from_word_boxes() -> None:
    """The layout works on any word boxes (OCR too): a ruled 2x2 table, a row cut by a page break."""

    def grid(top: float, rows: int) -> list[Rule]:
        rules = [Rule(10, 210, top + 20 * r, top + 20 * r) for r in range(rows + 1)]
        rules += [Rule(x, x, top, top + 20 * rows) for x in (10, 60, 210)]
        return rules

    first = PageWords(
        300,
        400,
        [
            Word("Kế", 10, 25, 10, 20),
            Word("hoạch", 27, 60, 10, 20),
            Word("STT", 12, 30, 105, 115),
            Word("Nhiệm", 62, 100, 105, 115),
            Word("vụ", 102, 115, 105, 115),
            Word("1", 12, 20, 125, 135),
            Word("Việc", 62, 90, 125, 135),
            Word("3", 140, 150, 385, 395),  # page number in the footer
        ],
        grid(100, 2),
    )
    second = PageWords(
        300,
        400,
        [
            Word("STT", 12, 30, 45, 55),
            Word("Nhiệm", 62, 100, 45, 55),
            Word("vụ", 102, 115, 45, 55),
            Word("một", 62, 90, 65, 75),
            Word("4", 140, 150, 385, 395),
        ],
        grid(40, 2),
    )
    laid = lay_out([first, second])
    assert laid.lines == ["Kế hoạch", "STT\tNhiệm vụ", "1\tViệc một"]
    assert laid.pages == [1, 1, 1]
    assert len(laid.tables) == 1 and [row.texts() for row in laid.tables[0].rows] == [
        ["STT", "Nhiệm vụ"],
        ["1", "Việc một"],
    ]


# --------------------------------------------------------------------------------------------------
# errors: nothing is read from a PDF that cannot be read
# --------------------------------------------------------------------------------------------------


def test_damaged_pdf(pdf_dir: Path, tmp_path: Path) -> None:
    data = make_pdf(SEEDS / "000_8ed5b0c1c9e5996d.txt", pdf_dir).read_bytes()
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(data[: len(data) // 3])
    with pytest.raises(IngestError) as info:
        parse_document(broken)
    assert info.value.source == str(broken)
    assert "PDF" in info.value.message


@pytest.mark.parametrize("data", [b"", b"%PDF-1.4\nnot really a pdf", b"plain text, not a PDF"])
def test_not_a_pdf(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    with pytest.raises(IngestError) as info:
        read_source(path)
    assert info.value.source == str(path)


def zero_page_pdf() -> bytes:
    """A well-formed PDF whose page tree is empty (objects, cross-reference table and trailer)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_zero_page_pdf(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(zero_page_pdf())
    with pytest.raises(IngestError) as info:
        read_source(path)
    assert info.value.message == "the PDF has no pages"
    assert info.value.source == str(path)


def test_encrypted_pdf(pdf_dir: Path) -> None:
    """LibreOffice writes a PDF that needs a password to open."""
    options = (
        '{"EncryptFile":{"type":"boolean","value":"true"},'
        '"DocumentOpenPassword":{"type":"string","value":"x"}}'
    )
    docx = docx_from_text_plan(SEEDS / "000_8ed5b0c1c9e5996d.txt", pdf_dir / "secret" / "secret.docx")
    path = soffice_convert(docx, f"pdf:writer_pdf_Export:{options}", pdf_dir / "secret")
    with pytest.raises(IngestError) as info:
        read_source(path)
    assert "encrypted" in info.value.message
    assert info.value.source == str(path)


def test_a_scan_goes_to_ocr(tmp_path: Path) -> None:
    """A PDF of images only is read by OCR, never silently: a finding per page (or, without Tesseract,
    an error naming the packages)."""
    from PIL import Image

    path = tmp_path / "scan.pdf"
    Image.new("RGB", (200, 300), "white").save(path, "PDF")
    assert not has_text_layer(path)
    if ocr_problem() is not None:
        with pytest.raises(IngestError, match="tesseract-ocr-vie"):
            read_source(path)
        return
    src = read_source(path)
    assert src.source_format == "pdf-ocr" and src.lines == []
    assert [f.message.split(":")[0] for f in src.findings] == ["page 1 was read by OCR"]


def test_scanned_page_among_text_pages_is_read_or_reported(pdf_dir: Path, tmp_path: Path) -> None:
    """A page without text in a text PDF is not silently skipped: OCR reads it (with its finding), or a
    finding says it was not read because OCR is missing."""
    import pypdfium2 as pdfium
    from PIL import Image

    image_pdf = tmp_path / "image.pdf"
    Image.new("RGB", (200, 300), "white").save(image_pdf, "PDF")
    mixed = pdfium.PdfDocument(str(make_pdf(SEEDS / "000_8ed5b0c1c9e5996d.txt", pdf_dir)))
    pages = len(mixed)
    mixed.import_pages(pdfium.PdfDocument(str(image_pdf)))
    path = tmp_path / "mixed.pdf"
    mixed.save(str(path))
    src = read_source(path)
    if ocr_problem() is None:
        assert [f.message.split(":")[0] for f in src.findings] == [f"page {pages + 1} was read by OCR"]
    else:
        assert [f.message for f in src.findings] == [
            f"page {pages + 1} has no text layer (a scanned page?) and OCR is not available here"
            " (tesseract-ocr, tesseract-ocr-vie): its content was not read"
        ]
    assert src.source_format == "pdf" and max(src.pages or [0]) == pages  # the blank page gave no line


def test_page_limit(pdf_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest.readers import pdf

    monkeypatch.setattr(pdf, "MAX_PAGES", 2)
    path = make_pdf(SEEDS / "000_8ed5b0c1c9e5996d.txt", pdf_dir)
    with pytest.raises(IngestError) as info:
        read_source(path)
    assert "more than the limit of 2" in info.value.message


def test_findings_tell_the_page(pdf_dir: Path) -> None:
    """Every finding of a PDF also gives the page of its line (the CLI prints 'page P, line L')."""
    from api.cli import where

    path = make_pdf(SEEDS / "003_8182945d4607df81.txt", pdf_dir)
    src = read_source(path)
    parsed = parse_document(path)
    assert parsed.findings
    for finding in parsed.findings:
        assert src.pages is not None and finding.page == src.pages[finding.line - 1]
        assert where(finding) == f"page {finding.page}, line {finding.line}"
