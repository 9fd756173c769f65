"""Tables printed without ruling lines: text aligned in columns becomes a table of the document model
(ingest/readers/columns.py), and paragraphs do not. The whole plans (seeds 000/003 and two corpus
documents printed without any table line) are compared with their .txt in
test_same_plan_every_format.py (format "pdf-unruled"); here: the layout rules on word boxes, and the
ruled seed PDFs, whose paragraph pages must give no table."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_pdf import make_pdf

from ingest.readers import read_source
from ingest.readers.layout import PageWords, Word, lay_out

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "ingest" / "samples"
CORPUS = ROOT.parent / "shared" / "corpus" / "docs"
HEIGHT = 10.0  # a line's height in these pages; words are 5 points a letter, spaces 3 points


def line(top: float, *cells: tuple[float, str]) -> list[Word]:
    """Words of one visual line: each ``(x, text)`` written from x, words 3 points apart."""
    words = []
    for x, text in cells:
        for token in text.split():
            words.append(Word(token, x, x + 5 * len(token), top, top + HEIGHT))
            x += 5 * len(token) + 3
    return words


def page(*lines: list[Word]) -> PageWords:
    return PageWords(600, 800, [word for words in lines for word in words])


# columns start at x = 40, 80, 250, 380, 480 (STT, task, lead, partner, time)
COLUMNS = (40, 80, 250, 380, 480)


def row(top: float, *texts: str) -> list[Word]:
    return line(top, *((x, text) for x, text in zip(COLUMNS, texts, strict=False) if text))


def test_aligned_columns_make_a_table_with_wrapped_rows() -> None:
    laid = lay_out(
        [
            page(
                line(100, (40, "Các nhiệm vụ cụ thể như sau:")),
                row(130, "STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian"),
                row(160, "1", "Rà soát thủ tục", "Sở Tư pháp", "Các sở", "Quý I"),
                row(173, "", "hành chính", "", "ngành", ""),  # the row's cells wrapped
                row(200, "2", "Số hóa hồ sơ", "Sở Nội vụ", "", "2025"),
                row(230, "II", "Cải cách tổ chức"),  # a group row
                row(260, "3", "Tập huấn", "Sở Nội vụ", "Sở Tài chính", "Hằng năm"),
                # a paragraph across the page ends the table
                line(
                    300,
                    (40, "Giao Sở Nội vụ theo dõi, đôn đốc việc thực hiện kế hoạch này và báo cáo kết quả"),
                ),
            )
        ]
    )
    assert laid.lines == [
        "Các nhiệm vụ cụ thể như sau:",
        "STT\tNhiệm vụ\tChủ trì\tPhối hợp\tThời gian",
        "1\tRà soát thủ tục hành chính\tSở Tư pháp\tCác sở ngành\tQuý I",
        "2\tSố hóa hồ sơ\tSở Nội vụ\t\t2025",
        "II\tCải cách tổ chức\t\t\t",
        "3\tTập huấn\tSở Nội vụ\tSở Tài chính\tHằng năm",
        "Giao Sở Nội vụ theo dõi, đôn đốc việc thực hiện kế hoạch này và báo cáo kết quả",
    ]
    (table,) = laid.tables
    assert table.finder == "pdf-columns"
    assert [r.span.first for r in table.rows] == [2, 3, 4, 5, 6]


def test_a_table_going_on_on_the_next_page() -> None:
    """The header repeated at the top of the next page is dropped, the row cut by the page break is
    joined, and the columns found on the first page are kept even where a column is empty."""
    first = page(
        row(100, "STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian"),
        row(130, "1", "Rà soát thủ tục", "Sở Tư pháp", "Các sở", "Quý I"),
        row(143, "", "hành chính"),
    )
    second = page(
        row(60, "STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian"),
        row(90, "", "cấp tỉnh"),
        row(120, "2", "Số hóa hồ sơ", "Sở Nội vụ", "", "2025"),
    )
    laid = lay_out([first, second])
    (table,) = laid.tables
    assert [r.texts() for r in table.rows] == [
        ["STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian"],
        ["1", "Rà soát thủ tục hành chính cấp tỉnh", "Sở Tư pháp", "Các sở", "Quý I"],
        ["2", "Số hóa hồ sơ", "Sở Nội vụ", "", "2025"],
    ]
    assert laid.pages == [1, 1, 2]


def test_paragraphs_and_two_column_blocks_are_not_tables() -> None:
    """Justified lines with wide spaces here and there, and a signature block in two columns, give
    lines, never a table."""
    one = page(
        line(60, (40, "ỦY BAN NHÂN DÂN"), (330, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")),
        line(75, (40, "TỈNH ĐỒNG THÁP"), (350, "Độc lập - Tự do - Hạnh phúc")),
        line(100, (40, "Số: 285/KH-UBND"), (330, "Đồng Tháp, ngày 05 tháng 12 năm 2020")),
        # justified: wide spaces, at different places on each line
        line(130, (40, "Tiếp tục đẩy mạnh cải"), (160, "cách hành chính"), (300, "đồng bộ trên các")),
        line(143, (40, "lĩnh vực trong các cơ quan"), (210, "hành chính"), (420, "nhà nước")),
        line(156, (40, "nâng cao chất lượng hoạt động của các cơ quan.")),
        line(200, (40, "Nơi nhận:"), (360, "KT. CHỦ TỊCH")),
        line(213, (40, "- Như trên;"), (360, "PHÓ CHỦ TỊCH")),
    )
    words = one.words
    laid = lay_out([one])
    assert laid.tables == []
    assert not any("\t" in text for text in laid.lines)
    assert " ".join(laid.lines).split() == [w.text for w in sorted(words, key=lambda w: (w.top, w.x0))]


@pytest.mark.parametrize("seed", ["000_8ed5b0c1c9e5996d", "003_8182945d4607df81"])
def test_ruled_pdf_pages_give_no_aligned_table(pdf_dir: Path, seed: str) -> None:
    """The seeds printed with ruled tables: every table comes from its lines, and the paragraphs read
    from the PDF without lines are the same (no paragraph was taken for a table, none was lost)."""
    ruled = read_source(make_pdf(SEEDS / f"{seed}.txt", pdf_dir))
    unruled = read_source(make_pdf(SEEDS / f"{seed}.txt", pdf_dir, ruled=False))
    assert ruled.tables and {table.finder for table in ruled.tables} == {"pdf"}
    assert unruled.tables and {table.finder for table in unruled.tables} == {"pdf-columns"}
    assert [len(t.rows) for t in unruled.tables] == [len(t.rows) for t in ruled.tables]
    paragraphs = [text for text in ruled.lines if "\t" not in text]
    assert len(paragraphs) > 50
    assert [text for text in unruled.lines if "\t" not in text] == paragraphs


@pytest.mark.parametrize("name", ["hcm-172-kh-ubnd-2025", "ttg-2623-qd-ttg-2025"])
def test_plans_without_tables_give_no_table(pdf_dir: Path, name: str) -> None:
    """Plans whose tasks are written as paragraphs (no table) give no table when printed to PDF."""
    text_plan = CORPUS / f"{name}.txt"
    if not text_plan.is_file():
        pytest.skip(f"corpus document {text_plan} not present")
    src = read_source(make_pdf(text_plan, pdf_dir, ruled=False))
    assert src.pages is not None and max(src.pages) >= 10
    assert src.tables == []
    assert not any("\t" in text for text in src.lines)


@pytest.fixture(scope="session")
def pdf_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pdf-columns")
