"""OCR of scanned PDF pages: render a page at 300 dpi, straighten a slight skew, read its words with
their boxes and confidences through Tesseract's Vietnamese model (Debian ``tesseract-ocr`` and
``tesseract-ocr-vie``, driven through pytesseract).

Words come back in PDF points (1/72 inch, top-left origin), as a text PDF's words do, so the same layout
code (lines, paragraphs, tables) reads both. OCR is never silent: ``read_scanned_pdf`` reports the mean
confidence of every page and every cell holding words read with low confidence (``LOW_CONFIDENCE``).

Hooks for the PDF reader (``ingest.readers.pdf``): ``read_scanned_pdf(path)`` reads a PDF without a text
layer; for a PDF mixing text and scanned pages, ``ocr_pages(path, numbers)`` gives each scanned page as an
``OcrPage`` whose ``page_words()`` goes to ``lay_out`` with the text pages, then ``page_findings`` and
``cell_findings`` give the findings.
"""

from __future__ import annotations

import itertools
import os
import shutil
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.errors import IngestError
from ingest.normalize.text import nfc
from ingest.readers.layout import PageWords, Rule, Word, lay_out
from ingest.readers.source import SourceText
from ingest.records import Finding

if TYPE_CHECKING:
    from PIL.Image import Image

DPI = 300
"""Rendering resolution: Tesseract reads 10-12 pt Vietnamese text with its diacritics well at 300 dpi."""

LANGUAGE = "vie"
LOW_CONFIDENCE = 60.0
"""A word Tesseract reads with less confidence (0-100) is flagged."""

MAX_SKEW = 3.0
"""Largest rotation (degrees) straightened; a scan tilted more is read as it is."""

OCR_PACKAGES = "tesseract-ocr and tesseract-ocr-vie"
OCR_HINT = f"OCR of scanned pages needs Tesseract with its Vietnamese model (Debian packages {OCR_PACKAGES})"
TESSERACT_CONFIG = "--psm 3"  # automatic page segmentation: a page of paragraphs and table cells
WORKERS = 2  # pages read at the same time
PAGE_TIMEOUT = 120  # seconds Tesseract may spend on one page


@dataclass(frozen=True)
class OcrWord:
    """One recognised word: its text, its box in PDF points and Tesseract's confidence (0-100).

    ``line_id`` identifies the text line Tesseract put it on (block, paragraph, line) within its page.
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float
    line_id: tuple[int, int, int] = (0, 0, 0)

    def as_dict(self) -> dict[str, object]:
        """The word as pdfplumber writes words (``text``, ``x0``, ``x1``, ``top``, ``bottom``)."""
        return {
            "text": self.text,
            "x0": self.x0,
            "x1": self.x1,
            "top": self.top,
            "bottom": self.bottom,
            "confidence": self.confidence,
        }


@dataclass
class OcrPage:
    """The words of one page (1-based ``number``), its size in points, and how it was read."""

    number: int
    width: float
    height: float
    words: list[OcrWord] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    skew: float = 0.0  # degrees the page image was turned to straighten it
    seconds: float = 0.0  # time spent rendering, straightening and recognising

    @property
    def mean_confidence(self) -> float:
        """Mean word confidence (0-100; 0 for a page without words)."""
        return sum(w.confidence for w in self.words) / len(self.words) if self.words else 0.0

    def page_words(self) -> PageWords:
        """The page as the layout code takes it (``ingest.readers.layout.lay_out``)."""
        words = [Word(w.text, w.x0, w.x1, w.top, w.bottom) for w in self.words]
        return PageWords(self.width, self.height, words, list(self.rules))

    def low_confidence_words(self, threshold: float = LOW_CONFIDENCE) -> list[OcrWord]:
        return [w for w in self.words if w.confidence < threshold]


# --------------------------------------------------------------------------------------------------
# Availability
# --------------------------------------------------------------------------------------------------


@cache
def ocr_problem() -> str | None:
    """Why OCR cannot run here (a message naming the Debian packages), None when it can."""
    try:
        import pytesseract
    except ImportError:
        return f"{OCR_HINT}; the Python package pytesseract is not installed"
    if shutil.which("tesseract") is None:
        return f"{OCR_HINT}; the tesseract program is not installed"
    try:
        languages = pytesseract.get_languages(config="")
    except Exception as exc:  # pytesseract raises its own errors and OSError
        return f"{OCR_HINT}; tesseract does not run: {exc}"
    if LANGUAGE not in languages:
        return f"{OCR_HINT}; the Vietnamese model is missing (Debian package tesseract-ocr-vie)"
    return None


def require_ocr(path: Path | str) -> None:
    """Raise IngestError naming the file and the packages when OCR is not available."""
    problem = ocr_problem()
    if problem is not None:
        raise IngestError(
            f"the PDF has pages without a text layer (a scan) and cannot be read: {problem}",
            source=str(path),
            expected="a PDF with a text layer, or Tesseract with the Vietnamese model installed",
        )


# --------------------------------------------------------------------------------------------------
# Rendering and straightening
# --------------------------------------------------------------------------------------------------


def render_pages(path: Path, pages: Iterable[int], dpi: int = DPI) -> Iterable[tuple[int, Image]]:
    """``(number, image)`` for the 1-based ``pages`` of the PDF at ``path``, rendered in grey at ``dpi``."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise IngestError(f"cannot open the PDF: {exc}", source=str(path), expected="a PDF") from exc
    try:
        for number in pages:
            page = document[number - 1]
            try:
                bitmap = page.render(scale=dpi / 72, grayscale=True)
                yield number, bitmap.to_pil().convert("L")
            finally:
                page.close()
    finally:
        document.close()


def _row_profile_score(image: Image) -> float:
    """How sharply the rows of ``image`` (ink white on black) separate: the sum of squared differences
    between neighbouring row means (text lines aligned with the rows give a high score)."""
    from PIL import Image as PILImage

    rows = image.resize((1, image.height), PILImage.Resampling.BOX).tobytes()
    return float(sum((a - b) ** 2 for a, b in itertools.pairwise(rows)))


def skew_angle(image: Image, limit: float = MAX_SKEW) -> float:
    """The rotation (degrees, counter-clockwise) that makes the text lines of ``image`` horizontal,
    found by the projection profile of a reduced copy: coarse steps of 0.25°, then 0.05°."""
    from PIL import Image as PILImage
    from PIL import ImageOps

    scale = min(1.0, 1000 / max(image.width, 1))
    small = image.resize((max(1, int(image.width * scale)), max(1, int(image.height * scale))))
    ink = ImageOps.invert(small.convert("L")).point(lambda v: 255 if v > 96 else 0)

    def score(angle: float) -> float:
        return _row_profile_score(ink.rotate(angle, resample=PILImage.Resampling.BILINEAR, fillcolor=0))

    coarse = [i * 0.25 for i in range(int(-limit / 0.25), int(limit / 0.25) + 1)]
    best = max(coarse, key=score)
    fine = [best + i * 0.05 for i in range(-5, 6)]
    return round(max(fine, key=score), 2)


def straighten(image: Image) -> tuple[Image, float]:
    """``image`` turned so its text lines are horizontal, and the angle turned (0.0 when straight)."""
    from PIL import Image as PILImage

    angle = skew_angle(image)
    if abs(angle) < 0.1:
        return image, 0.0
    turned = image.rotate(angle, resample=PILImage.Resampling.BICUBIC, fillcolor=255)
    return turned, angle


# --------------------------------------------------------------------------------------------------
# Recognition
# --------------------------------------------------------------------------------------------------


INK = 160  # a pixel darker than this is ink
PAPER_MARGIN = 25  # a pixel at most this much darker than the paper is paper (scanner noise)
RULE_WINDOW = 24  # pixels averaged along a ruling line (2 mm at 300 dpi)
RULE_FILL = 0.85  # share of ink along the window that makes a line rather than text
REREAD_PADDING = 12  # pixels of margin around a line read again
RULE_MIN = 150  # shortest horizontal ruling line, in pixels (12.7 mm at 300 dpi)
RULE_MIN_VERTICAL = 3 * RULE_WINDOW  # shortest vertical one (6 mm): a one-line row's border between two
# merged rows; a letter's stem (under 72 pixels up to about 24 pt) never fills three windows


def _runs(values: bytes, width: int, height: int, threshold: float) -> list[tuple[int, int, int]]:
    """``(row, first, last)`` runs of values >= threshold along each row of a ``width`` x ``height`` grid."""
    runs = []
    for row in range(height):
        start = None
        base = row * width
        for col in range(width + 1):
            on = col < width and values[base + col] >= threshold
            if on and start is None:
                start = col
            elif not on and start is not None:
                runs.append((row, start, col - 1))
                start = None
    return runs


def _segments(runs: list[tuple[int, int, int]], scale: int, minimum: int) -> list[tuple[int, int, int, int]]:
    """Runs (in reduced cells of ``scale`` pixels) on neighbouring rows joined into line segments
    ``(first_row, last_row, start_px, end_px)``; segments shorter than ``minimum`` pixels dropped."""
    segments: list[list[int]] = []
    for row, first, last in runs:
        start, end = first * scale, (last + 1) * scale
        for seg in segments:
            if seg[1] >= row - 1 and start < seg[3] and end > seg[2]:
                seg[1], seg[2], seg[3] = row, min(seg[2], start), max(seg[3], end)
                break
        else:
            segments.append([row, row, start, end])
    return [(a, b, c, d) for a, b, c, d in segments if d - c >= minimum]


def find_rules(image: Image, dpi: int = DPI) -> list[Rule]:
    """The ruling lines of a page image (table borders), in points: long runs of ink along the rows
    (horizontal) and the columns (vertical) of the image, averaged over ``RULE_WINDOW`` pixels."""
    from PIL import Image as PILImage

    ink = image.convert("L").point(lambda v: 255 if v < INK else 0)
    factor = 72 / dpi
    rules: list[Rule] = []
    threshold = 255 * RULE_FILL
    wide = max(1, ink.width // RULE_WINDOW)
    reduced = ink.resize((wide, ink.height), PILImage.Resampling.BOX)
    for first, last, start, end in _segments(
        _runs(reduced.tobytes(), wide, ink.height, threshold), RULE_WINDOW, RULE_MIN
    ):
        rules.append(_rule(start - RULE_WINDOW, end + RULE_WINDOW, first, last + 1, factor))
    tall = max(1, ink.height // RULE_WINDOW)
    reduced = ink.resize((ink.width, tall), PILImage.Resampling.BOX).transpose(PILImage.Transpose.TRANSPOSE)
    for first, last, start, end in _segments(
        _runs(reduced.tobytes(), tall, ink.width, threshold), RULE_WINDOW, RULE_MIN_VERTICAL
    ):
        rules.append(_rule(first, last + 1, start - RULE_WINDOW, end + RULE_WINDOW, factor))
    return rules


def _rule(x0: int, x1: int, top: int, bottom: int, factor: float) -> Rule:
    return Rule(
        round(x0 * factor, 2), round(x1 * factor, 2), round(top * factor, 2), round(bottom * factor, 2)
    )


def clean_page(image: Image, rules: list[Rule], dpi: int = DPI) -> Image:
    """A copy of ``image`` with the ruling lines painted over in the paper's colour (Tesseract reads
    table cells better without them) and the paper's grain made white. The ink's grey levels stay
    (thresholding at ``INK`` loses the small marks of Vietnamese diacritics: ở read as ớ)."""
    from PIL import ImageDraw

    clean = image.convert("L")
    histogram = clean.histogram()
    paper = max(range(INK, 256), key=lambda v: histogram[v])  # the commonest light grey: the paper
    draw = ImageDraw.Draw(clean)
    scale = dpi / 72
    for rule in rules:
        horizontal = rule.x1 - rule.x0 >= rule.bottom - rule.top
        pad_x, pad_y = (0, 5) if horizontal else (5, 0)
        box = (
            rule.x0 * scale - pad_x,
            rule.top * scale - pad_y,
            rule.x1 * scale + pad_x,
            rule.bottom * scale + pad_y,
        )
        draw.rectangle(box, fill=paper)
    cut = paper - PAPER_MARGIN  # the paper's grain (scanner noise) made white; ink and its grey edges kept
    return clean.point(lambda v: 255 if v > cut else v)


def recognise(image: Image, dpi: int = DPI) -> list[OcrWord]:
    """The words Tesseract reads on ``image``, boxes in points (``72 / dpi`` per pixel). A text line
    holding a word read with low confidence is read again on its own (a short item number alone in its
    cell, "a)" or "5.", is often misread in the page's layout and read right as a single line)."""
    words = _tesseract_words(image, dpi, TESSERACT_CONFIG)
    lines: dict[tuple[int, int, int], list[OcrWord]] = {}
    for word in words:
        lines.setdefault(word.line_id, []).append(word)
    result: list[OcrWord] = []
    for line_id, line in lines.items():
        if min(w.confidence for w in line) < LOW_CONFIDENCE:
            line = _reread_line(image, line, line_id, dpi)
        result.extend(line)
    return result


def _reread_line(image: Image, line: list[OcrWord], line_id: tuple[int, int, int], dpi: int) -> list[OcrWord]:
    """``line`` read again alone (Tesseract's single-line mode) when that reads it with more confidence."""
    scale, pad = dpi / 72, REREAD_PADDING
    left = max(0, int(min(w.x0 for w in line) * scale) - pad)
    top = max(0, int(min(w.top for w in line) * scale) - pad)
    right = min(image.width, int(max(w.x1 for w in line) * scale) + pad)
    bottom = min(image.height, int(max(w.bottom for w in line) * scale) + pad)
    crop = image.crop((left, top, right, bottom))
    # alone, a short line's grey paper and scanner noise mislead Tesseract's own thresholding: read the
    # crop as it is and in black and white, keep the more confident reading
    readings = [_tesseract_words(crop, dpi, "--psm 7"), _tesseract_words(_black_white(crop), dpi, "--psm 7")]
    again = max((r for r in readings if r), key=_mean, default=[])
    if not again or _mean(again) <= _mean(line):
        return line
    dx, dy = left * 72 / dpi, top * 72 / dpi
    return [
        OcrWord(w.text, w.x0 + dx, w.top + dy, w.x1 + dx, w.bottom + dy, w.confidence, line_id) for w in again
    ]


def _black_white(image: Image) -> Image:
    return image.convert("L").point(lambda v: 0 if v < INK else 255)


def _mean(words: list[OcrWord]) -> float:
    return sum(w.confidence for w in words) / len(words)


def _tesseract_words(image: Image, dpi: int, config: str) -> list[OcrWord]:
    """Tesseract's words on ``image`` with ``config`` (page segmentation mode)."""
    import pytesseract

    data = pytesseract.image_to_data(
        image,
        lang=LANGUAGE,
        config=f"{config} --dpi {dpi}",
        output_type=pytesseract.Output.DICT,
        timeout=PAGE_TIMEOUT,
    )
    factor = 72 / dpi
    words: list[OcrWord] = []
    for index, text in enumerate(data["text"]):
        confidence = float(data["conf"][index])
        text = nfc(text.strip().strip("|¦│"))
        if confidence < 0 or not text or _is_rule(text):
            continue
        left, top = data["left"][index], data["top"][index]
        width, height = data["width"][index], data["height"][index]
        words.append(
            OcrWord(
                text=text,
                x0=round(left * factor, 2),
                top=round(top * factor, 2),
                x1=round((left + width) * factor, 2),
                bottom=round((top + height) * factor, 2),
                confidence=confidence,
                line_id=(data["block_num"][index], data["par_num"][index], data["line_num"][index]),
            )
        )
    return words


def _is_rule(text: str) -> bool:
    """A table's ruling line read as characters ("|", "||", "___")."""
    return all(ch in "|¦│_[]" for ch in text)


def ocr_image(image: Image, number: int = 1, dpi: int = DPI) -> OcrPage:
    """One page image (rendered at ``dpi``) straightened and read."""
    started = time.perf_counter()
    straight, angle = straighten(image)
    rules = find_rules(straight, dpi)
    words = recognise(clean_page(straight, rules, dpi), dpi)
    width, height = image.width * 72 / dpi, image.height * 72 / dpi
    return OcrPage(number, width, height, words, rules, angle, time.perf_counter() - started)


def ocr_pages(path: Path | str, pages: Sequence[int], dpi: int = DPI) -> list[OcrPage]:
    """OCR the 1-based ``pages`` of the PDF at ``path`` (pages without a text layer).

    Raises IngestError naming the file and the Debian packages when Tesseract or its Vietnamese model
    is missing, and naming the page when Tesseract fails on it.
    """
    require_ocr(path)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one thread per Tesseract: pages run side by side
    workers = max(1, min(WORKERS, os.cpu_count() or 1))
    done: list[OcrPage] = []
    waiting: list[Future[OcrPage]] = []
    with ThreadPoolExecutor(workers) as pool:  # Tesseract runs as a subprocess: threads suffice
        for number, image in render_pages(Path(path), pages, dpi):
            waiting.append(pool.submit(_ocr_one, path, number, image, dpi))
            if len(waiting) > 2 * workers:  # a 300 dpi page is 9 MB in memory: render few ahead
                done.append(waiting.pop(0).result())
        done += [future.result() for future in waiting]
    return done


def _ocr_one(path: Path | str, number: int, image: Image, dpi: int) -> OcrPage:
    import pytesseract

    try:
        return ocr_image(image, number, dpi)
    except (RuntimeError, pytesseract.TesseractError) as exc:  # timeout, a crash on a bad image
        raise IngestError(f"OCR failed on page {number}: {exc}", source=str(path)) from exc


# --------------------------------------------------------------------------------------------------
# Findings
# --------------------------------------------------------------------------------------------------


def page_findings(pages: Sequence[OcrPage], first_lines: dict[int, int]) -> list[Finding]:
    """One finding per OCR page: its words, mean confidence and straightening. ``first_lines`` maps a
    page number to the first line of its text (line 1 when the page gave no line)."""
    findings: list[Finding] = []
    for page in pages:
        skew = f", straightened by {page.skew:+.2f}°" if page.skew else ""
        low = len(page.low_confidence_words())
        findings.append(
            Finding(
                "other",
                f"page {page.number} was read by OCR: {len(page.words)} words, mean confidence "
                f"{page.mean_confidence:.1f}%, {low} below {LOW_CONFIDENCE:.0f}%{skew}",
                first_lines.get(page.number, 1),
                subject=f"page {page.number}",
            )
        )
    return findings


def cell_findings(
    pages: Sequence[OcrPage],
    lines: Sequence[str],
    line_pages: Sequence[int],
    threshold: float = LOW_CONFIDENCE,
) -> list[Finding]:
    """One finding per cell (or line outside tables) holding words read with less than ``threshold``
    confidence: the words, their confidence, and where they are (line, column)."""
    flagged: dict[tuple[int, int], list[OcrWord]] = {}
    for page in pages:
        numbers = [n for n, p in enumerate(line_pages, start=1) if p == page.number]
        for word in page.low_confidence_words(threshold):
            place = _place(word.text, numbers, lines)
            if place is not None:
                flagged.setdefault(place, []).append(word)
    findings = []
    for (line, column), words in sorted(flagged.items()):
        shown = ", ".join(f"{w.text!r} ({w.confidence:.0f}%)" for w in words)
        where = f"cell {column + 1}" if "\t" in lines[line - 1] else "text"
        findings.append(
            Finding(
                "other",
                f"{where} read by OCR with low confidence: {shown}; check it against the scan",
                line,
                subject=" ".join(w.text for w in words),
            )
        )
    return findings


def _place(text: str, numbers: Sequence[int], lines: Sequence[str]) -> tuple[int, int] | None:
    """(line, column) of the first cell among ``numbers`` holding the word ``text``."""
    for number in numbers:
        for column, cell in enumerate(lines[number - 1].split("\t")):
            if text in cell.split():
                return number, column
    return None


def ocr_findings(pages: Sequence[OcrPage], lines: Sequence[str], line_pages: Sequence[int]) -> list[Finding]:
    """The findings of OCR'd ``pages`` laid out into ``lines`` (with the page of each line): one per page
    (at its first line) and one per low-confidence cell."""
    first_lines: dict[int, int] = {}
    for number, page in enumerate(line_pages, start=1):
        first_lines.setdefault(page, number)
    return page_findings(pages, first_lines) + cell_findings(pages, lines, line_pages)


def read_scanned_pdf(path: Path | str, dpi: int = DPI) -> SourceText:
    """Read a PDF whose pages are images: OCR every page, lay the words out into lines and tables as
    a text PDF's words are, and report the confidence of every page and the low-confidence cells."""
    import pypdfium2 as pdfium

    path = Path(path)
    require_ocr(path)
    try:
        document = pdfium.PdfDocument(str(path))
        count = len(document)
        document.close()
    except pdfium.PdfiumError as exc:
        raise IngestError(f"not a valid PDF file ({exc})", source=str(path), expected="a PDF") from exc
    if count == 0:
        raise IngestError("the PDF has no pages", source=str(path), expected="a PDF document")
    pages = ocr_pages(path, range(1, count + 1), dpi)
    laid = lay_out([page.page_words() for page in pages])
    findings = ocr_findings(pages, laid.lines, laid.pages)
    return SourceText(
        path=str(path),
        lines=laid.lines,
        source_format="pdf-ocr",
        tables=laid.tables,
        pages=laid.pages,
        findings=findings,
    )
