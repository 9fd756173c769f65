"""Scanned PDFs: OCR with Tesseract's Vietnamese model (ingest.readers.ocr).

The scan is made at test time from seed 000: a .docx of its text and tables (tests/formats.py), printed to
PDF by LibreOffice, rendered at 300 dpi by pdftoppm, given mild noise and a slight rotation (0.5-1°) with
Pillow and put back together as an image-only PDF. Tests that need a missing program skip naming its
Debian package. Making the scan takes about 15 s and its OCR about 20 s (13 pages, two cores).
"""

from __future__ import annotations

import random
import shutil
import subprocess
import time
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt
from PIL import Image, ImageDraw

from ingest.errors import IngestError
from ingest.pipeline import parse_document
from ingest.readers import ocr
from ingest.readers.ocr import read_scanned_pdf, skew_angle
from ingest.records import ParsedDocument

SEED_000 = Path(__file__).resolve().parents[1] / "ingest" / "samples" / "000_8ed5b0c1c9e5996d.txt"


def require_ocr() -> None:
    problem = ocr.ocr_problem()
    if problem is not None:
        pytest.skip(problem)


def require_pdftoppm() -> str:
    binary = shutil.which("pdftoppm")
    if binary is None:
        pytest.skip("pdftoppm is not installed (Debian package poppler-utils)")
    return binary


def landscape(path: Path) -> Path:
    """The .docx at ``path`` set on landscape A4 with 15 mm margins and 11 pt text, as plans print their
    task tables, without the text plan's blank lines (13 pages for seed 000 instead of 25)."""
    document = docx.Document(str(path))
    for section in document.sections:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Mm(15)
    document.styles["Normal"].font.size = Pt(11)
    for table in document.tables:  # columns share the landscape text width (python-docx set portrait's)
        width = Mm(297 - 30) // len(table.columns)
        for column in table.columns:
            column.width = width
        for row in table.rows:
            for cell in row.cells:
                cell.width = width
    for paragraph in document.paragraphs:  # the text plan's blank lines: empty paragraphs
        if not paragraph.text.strip():
            paragraph._element.getparent().remove(paragraph._element)
    document.save(str(path))
    return path


def scan_pdf(pdf: Path, out: Path, seed: int = 14) -> Path:
    """``pdf`` as a scan: pages at 300 dpi in grey, mild noise (uniform, seeded), turned by 0.5-1°
    (alternating sides), saved as JPEG in an image-only PDF."""
    pages_dir = out.parent / "pages"
    pages_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [require_pdftoppm(), "-r", "300", "-gray", "-png", str(pdf), str(pages_dir / "p")],
        check=True,
        capture_output=True,
        timeout=300,
    )
    rng = random.Random(seed)
    images = []
    for index, page in enumerate(sorted(pages_dir.glob("p-*.png"))):
        image = Image.open(page).convert("L")
        small = (image.width // 2, image.height // 2)  # seeded noise: the same scan every run
        noise = Image.frombytes("L", small, rng.randbytes(small[0] * small[1])).resize(image.size)
        image = Image.blend(image, noise, 0.12)
        angle = (0.5 + 0.5 * rng.random()) * (1 if index % 2 else -1)
        images.append(image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255))
    images[0].save(out, save_all=True, append_images=images[1:], resolution=300, quality=50)  # JPEG
    return out


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ParsedDocument, float]:
    """Seed 000 as a scanned PDF, parsed (once per module), and the seconds the parse took."""
    require_ocr()
    require_pdftoppm()
    from formats import docx_from_text_plan, soffice_convert

    work = tmp_path_factory.mktemp("ocr")
    plan = landscape(docx_from_text_plan(SEED_000, work / "seed000.docx"))
    pdf = soffice_convert(plan, "pdf", work / "converted")
    scan = scan_pdf(pdf, work / "scan" / "seed000-scan.pdf")
    started = time.perf_counter()
    parsed = parse_document(scan)  # the .pdf reader hands a scan to OCR
    seconds = time.perf_counter() - started
    assert parsed.source_format == "pdf-ocr"
    return scan, parsed, seconds


def test_scan_of_seed_000_gives_its_tasks_and_leads(scanned: tuple[Path, ParsedDocument, float]) -> None:
    _, parsed, _ = scanned
    expected = {(t.section, t.code): sorted(r.key for r in t.leads) for t in parse_document(SEED_000).tasks}
    got = {(t.section, t.code): sorted(r.key for r in t.leads) for t in parsed.tasks}
    assert len(expected) == 32
    found = [key for key in expected if key in got]
    right = [key for key in found if got[key] == expected[key]]
    assert len(found) >= 0.9 * len(expected), sorted(set(expected) - set(got))
    assert len(right) >= 0.9 * len(found), [(k, expected[k], got[k]) for k in found if k not in right]
    assert parsed.source_format == "pdf-ocr"
    assert parsed.plan.number_as_written == "285/KH-UBND"


def test_ocr_is_never_silent(scanned: tuple[Path, ParsedDocument, float]) -> None:
    _, parsed, _ = scanned
    per_page = [f for f in parsed.findings if f.kind == "other" and "was read by OCR" in f.message]
    assert len(per_page) >= 10  # one per page (13 pages)
    assert all("mean confidence" in f.message for f in per_page)
    assert [f.subject for f in per_page] == [f"page {n}" for n in range(1, len(per_page) + 1)]
    means = [float(f.message.split("mean confidence ")[1].split("%")[0]) for f in per_page]
    assert min(means) > 80
    assert any("straightened by" in f.message for f in per_page)
    low = [f for f in parsed.findings if "low confidence" in f.message]
    assert all(f.line >= 1 for f in low)


def test_missing_tesseract_names_the_packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "ocr_problem", lambda: f"{ocr.OCR_HINT}; the tesseract program is not installed")
    path = tmp_path / "scan.pdf"
    Image.new("L", (200, 200), 255).save(path)
    with pytest.raises(IngestError) as caught:
        read_scanned_pdf(path)
    assert "tesseract-ocr-vie" in str(caught.value)
    assert caught.value.source == str(path)


def test_skew_angle_finds_a_slight_rotation() -> None:
    image = Image.new("L", (1200, 900), 255)
    draw = ImageDraw.Draw(image)
    for top in range(60, 860, 40):  # lines of "text": dark bars with gaps
        for left in range(60, 1100, 90):
            draw.rectangle((left, top, left + 70, top + 14), fill=0)
    for angle in (0.8, -0.6):
        turned = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
        assert abs(skew_angle(turned) + angle) <= 0.15


def test_ruling_lines_are_found_and_painted_over() -> None:
    image = Image.new("L", (1200, 900), 240)
    draw = ImageDraw.Draw(image)
    for y in (100, 300, 500):
        draw.rectangle((100, y, 1100, y + 2), fill=0)
    for x in (100, 600, 1100):
        draw.rectangle((x, 100, x + 2, 502), fill=0)
    draw.text((150, 200), "a)", fill=0)
    rules = ocr.find_rules(image)
    horizontal = [r for r in rules if r.x1 - r.x0 > r.bottom - r.top]
    vertical = [r for r in rules if r not in horizontal]
    assert len(horizontal) == 3 and len(vertical) == 3
    assert all(abs(r.top - y * 72 / 300) < 1.5 for r, y in zip(horizontal, (100, 300, 500), strict=True))
    clean = ocr.clean_page(image, rules)
    assert clean.getpixel((600, 300)) == clean.getpixel((100, 400)) == 255  # paper, made white
    assert min(clean.crop((150, 200, 170, 215)).tobytes()) < 100  # the text kept
