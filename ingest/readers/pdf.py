"""PDF reader for PDFs with a text layer: words with positions (pdfplumber) laid out into lines and
tables by :mod:`ingest.readers.layout`; every line keeps its page (``SourceText.pages``).

A PDF without text on any page is a scan (:func:`has_text_layer` tells): :func:`read_pdf` hands it to
the OCR reader (:mod:`ingest.readers.ocr`); pages without text among text pages are OCR'd in place. Where
OCR is not installed, a scan is an error naming the packages and a textless page a finding. Encrypted,
damaged and empty PDFs are refused with an error naming the file.
"""

from __future__ import annotations

from pathlib import Path

from ingest.errors import IngestError
from ingest.readers.layout import PageWords, Rule, Word, lay_out
from ingest.readers.source import SourceText
from ingest.records import Finding

EXPECTED = "a PDF document with a text layer"
MAX_PAGES = 1000
"""Most pages read (a 200-page PDF reads in about 12 s at about 80 MiB; the time grows with the pages)."""


def _open_pdfium(path: Path):  # -> pypdfium2.PdfDocument
    """The document opened by pdfium, with encrypted, damaged and empty files refused."""
    import pypdfium2 as pdfium

    if path.stat().st_size == 0:
        raise IngestError("file is empty", source=str(path), expected=EXPECTED)
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise IngestError(
                "the PDF is encrypted (it needs a password to open)",
                source=str(path),
                expected="a PDF without a password (save an unprotected copy)",
            ) from exc
        if _page_count(path) == 0:  # pdfium refuses an empty page tree as a format error
            raise IngestError("the PDF has no pages", source=str(path), expected=EXPECTED) from exc
        raise IngestError(
            f"not a valid PDF file (damaged or not a PDF: {exc})", source=str(path), expected=EXPECTED
        ) from exc
    if len(document) == 0:
        document.close()
        raise IngestError("the PDF has no pages", source=str(path), expected=EXPECTED)
    return document


def _page_count(path: Path) -> int | None:
    """Pages as pdfminer counts them, None when it cannot read the file either."""
    import pdfplumber

    try:
        with pdfplumber.open(str(path)) as pdf:
            return len(pdf.pages)
    except Exception:  # pdfminer raises many kinds of errors for a damaged file
        return None


def page_has_text(document, index: int) -> bool:  # document: pypdfium2.PdfDocument
    """Whether page ``index`` (0-based) of an open pdfium document holds any text."""
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            return bool(textpage.get_text_range().strip())
        finally:
            textpage.close()
    finally:
        page.close()


def has_text_layer(path: Path) -> bool:
    """Whether any page of the PDF has text (False: a scan, to be read by OCR). Raises IngestError
    for an encrypted, damaged or empty PDF."""
    document = _open_pdfium(Path(path))
    try:
        return any(page_has_text(document, index) for index in range(len(document)))
    finally:
        document.close()


def _page_words(page) -> PageWords:  # page: pdfplumber.page.Page
    """A pdfplumber page as words with boxes and its ruling lines (lines and rectangle edges)."""
    words = [
        Word(w["text"], float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]))
        for w in page.extract_words(keep_blank_chars=False, use_text_flow=False)
    ]
    rules = [Rule(float(e["x0"]), float(e["x1"]), float(e["top"]), float(e["bottom"])) for e in page.edges]
    return PageWords(float(page.width), float(page.height), words, rules)


def text_pages(path: Path) -> list[bool]:
    """For each page, whether it has text. Raises IngestError for an encrypted, damaged or empty PDF
    and for one of more than MAX_PAGES pages."""
    document = _open_pdfium(Path(path))
    try:
        if len(document) > MAX_PAGES:
            raise IngestError(
                f"the PDF has {len(document):,} pages, more than the limit of {MAX_PAGES:,}",
                source=str(path),
                expected="one plan document (split a larger export into its documents)",
            )
        return [page_has_text(document, index) for index in range(len(document))]
    finally:
        document.close()


def _ocr_scanned_pages(path: Path, scanned: list[int], pages: list[PageWords]) -> list | None:
    """OCR the pages without a text layer and put their words in place (None: OCR is not available)."""
    if not scanned:
        return []
    from ingest.readers.ocr import ocr_pages, ocr_problem

    if ocr_problem() is not None:
        return None
    read = ocr_pages(path, scanned)
    for page in read:
        pages[page.number - 1] = page.page_words()
    return read


def read_pdf(path: Path) -> SourceText:
    """Read a text PDF into lines (a table row per tab-separated line), tables and the page of each line;
    a page without text among pages with text is reported (a finding), not read."""
    import pdfplumber

    path = Path(path)
    has_text = text_pages(path)
    if not any(has_text):  # a scan: every page goes through OCR (tesseract-ocr, tesseract-ocr-vie)
        from ingest.readers.ocr import read_scanned_pdf

        return read_scanned_pdf(path)
    pages: list[PageWords] = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            for page in pdf.pages:
                pages.append(_page_words(page))
                page.flush_cache()
    except IngestError:
        raise
    except Exception as exc:  # pdfminer raises many kinds of errors for a damaged file
        raise IngestError(
            f"not a valid PDF file (damaged: {exc})", source=str(path), expected=EXPECTED
        ) from exc
    scanned = [number for number, text in enumerate(has_text, start=1) if not text]
    ocr = _ocr_scanned_pages(path, scanned, pages)
    laid = lay_out(pages)
    if ocr is not None:
        from ingest.readers.ocr import ocr_findings

        findings = ocr_findings(ocr, laid.lines, laid.pages)
    else:
        findings = [
            Finding(
                "other",
                f"page {number} has no text layer (a scanned page?) and OCR is not available here"
                " (tesseract-ocr, tesseract-ocr-vie): its content was not read",
                next(
                    (i for i, page in enumerate(laid.pages, start=1) if page >= number),
                    max(1, len(laid.lines)),
                ),
            )
            for number in scanned
        ]
    return SourceText(
        path=str(path),
        lines=laid.lines,
        source_format="pdf",
        tables=laid.tables,
        pages=laid.pages,
        findings=findings,
    )
