"""Document headers as real crawls and exports print them: wrapped dates, one-row header tables, blank
numbers, national issuers, letters without a heading, a legal-database page's metadata block."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ingest.errors import IngestError
from ingest.header import read_header
from ingest.pipeline import parse_document
from ingest.site_metadata import read_site_metadata

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"

CELL_RUN_HEADER = """|
**ỦY BAN NHÂN DÂN
**
TỈNH LÂM ĐỒNG
-------
|
**CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
|
Số: 31/KH-UBND
|
*Lâm Đồng, ngày 24
tháng 11 năm 2025*
|

**KẾ HOẠCH**

CẢI CÁCH HÀNH CHÍNH NĂM 2026

*Căn cứ Nghị quyết số
76/NQ-CP ngày 15/7/2021 của Chính phủ;*
"""


def header(text: str, times: list[str] | None = None):
    return read_header("test.md", text.splitlines(), times or [])


def test_a_date_wrapped_over_two_lines_is_read() -> None:
    result = header(CELL_RUN_HEADER)
    assert result.plan.number is not None and result.plan.number.canonical() == "31/KH-UBND"
    assert result.plan.date == date(2025, 11, 24)
    assert result.plan.province == "Lâm Đồng"
    assert result.plan.title == "CẢI CÁCH HÀNH CHÍNH NĂM 2026"


def test_a_place_wrapped_before_the_date_is_read() -> None:
    text = "Số: 12/KH-UBND\n*Thành phố Hồ Chí\nMinh, ngày 18 tháng 11 năm 2025*\nKẾ HOẠCH\nTháng hành động\n"
    result = header(text)
    assert result.plan.date == date(2025, 11, 18)
    assert result.plan.province == "Hồ Chí Minh"


@pytest.mark.parametrize("joint", ["\t", " "])
def test_number_and_place_date_in_one_header_row(joint: str) -> None:
    text = f"Số: 285/KH-UBND{joint}Đồng Tháp, ngày 05 tháng 12 năm 2020\n\nKẾ HOẠCH\nCải cách năm 2021\n"
    result = header(text)
    assert result.plan.number_as_written == "285/KH-UBND"
    assert result.plan.date == date(2020, 12, 5)
    assert result.findings == []


def test_a_number_left_blank_is_still_a_plan_and_flagged() -> None:
    text = "Số: /KH-UBND\tĐồng Tháp, ngày 05 tháng 12 năm 2020\n\nKẾ HOẠCH\nCải cách hành chính năm 2021\n"
    result = header(text)
    assert result.plan.doc_type == "KH" and result.plan.number is None
    assert result.plan.date == date(2020, 12, 5)
    assert [f.kind for f in result.findings] == ["number-typo"]
    assert result.findings[0].subject == "/KH-UBND"


def test_a_national_decision_has_no_province() -> None:
    text = (
        "**THỦ TƯỚNG CHÍNH PHỦ**\n-------\n|\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n|\n"
        "Số: 15/QĐ-TTg\n|\n*Hà Nội, ngày 29 tháng 11 năm 2025*\n\n**QUYẾT ĐỊNH**\n\n"
        "BAN HÀNH KẾ HOẠCH TRIỂN KHAI THI HÀNH LUẬT DỮ LIỆU\n\n**THỦ TƯỚNG CHÍNH PHỦ**\n"
    )
    result = header(text)
    assert result.decision is not None
    assert result.decision.province is None and result.plan.province is None
    assert result.decision.issuer_name == "Thủ tướng Chính phủ"
    assert result.decision.date == date(2025, 11, 29)
    assert result.decision.title == "BAN HÀNH KẾ HOẠCH TRIỂN KHAI THI HÀNH LUẬT DỮ LIỆU"


SITE_PAGE = """|
Bản quyền thuộc về trang web. Mọi hành vi sao chép là vi phạm pháp luật.
|
#
**Số hiệu:**
|
45/BNV-VP
|
|
**Loại văn bản:**
|
Công văn
|
**Nơi ban hành:**
|
Bộ Nội vụ
|
**
Ngày ban hành:**
|
03/10/2025
|
|
**Tình trạng:**
|
Đã biết
|
|
**Kính gửi:**
|
- Các đơn vị thuộc Bộ.
|
Bộ Nội vụ đề nghị các đơn vị thực hiện các nhiệm vụ tại Phụ lục kèm theo.

**PHỤ LỤC**
*(Kèm theo Công văn số 45/BNV-VP ngày 03/10/2025 của Bộ Nội vụ)*
"""


def test_the_site_metadata_block_is_read() -> None:
    meta = read_site_metadata(SITE_PAGE.splitlines())
    assert meta is not None
    assert (meta.number_text, meta.doc_type_word, meta.date) == ("45/BNV-VP", "Công văn", date(2025, 10, 3))


def test_a_letter_without_official_header_is_read_from_its_caption() -> None:
    result = header(SITE_PAGE, ["Quý IV/2025"])
    letter = result.decision  # the letter issues its task list, as a decision issues a plan
    assert letter is not None and letter.doc_type == "CV"
    assert result.plan.doc_type == "KH" and result.plan.number is None
    assert result.plan_heading_line == SITE_PAGE.splitlines().index("**PHỤ LỤC**") + 1
    assert letter.number is not None and letter.number.canonical() == "45/BNV-VP"
    assert letter.date == date(2025, 10, 3)
    assert letter.province is None  # a ministry
    kinds = sorted(f.kind for f in result.findings)
    assert kinds == ["ambiguous-date", "other"]  # both read from elsewhere, and said so
    assert all("appendix caption" in f.message for f in result.findings)


def test_a_metadata_value_is_never_the_heading() -> None:
    page = SITE_PAGE.replace("Công văn\n", "Kế hoạch\n").replace("**Kính gửi:**", "Nội dung")
    with pytest.raises(IngestError, match="no document header"):
        header(page)


def test_a_page_without_any_header_is_still_rejected() -> None:
    with pytest.raises(IngestError, match="no document header"):
        header("Biên bản họp giao ban tuần.\nKhông có tiêu đề văn bản.\n")


# -- the development corpus ------------------------------------------------------------------------


def corpus_docs() -> list[Path]:
    return sorted((CORPUS / "gold").glob("*.json")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")
@pytest.mark.parametrize("gold_path", corpus_docs(), ids=lambda p: p.stem)
def test_corpus_headers_and_legal_bases(gold_path: Path) -> None:
    from ingest.normalize.docnumber import parse_number
    from ingest.normalize.text import fold
    from ingest.provinces import find_province

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    parsed = parse_document(CORPUS / "docs" / (gold_path.stem + ".txt"))
    own = parsed.decision or parsed.plan
    assert own.number is not None
    assert own.number.canonical() == parse_number(gold["document_number"]).canonical()
    assert own.date is not None and own.date.isoformat() == gold["date"]
    province = find_province(gold["province"]).name if gold["province"] else None
    assert own.province == province and parsed.plan.province == province
    strong = [r for r in parsed.references if r.relation in ("based_on", "implements") and not r.task_code]
    for basis in gold["legal_bases_preamble"]:
        if basis["number"]:
            wanted = parse_number(basis["number"]).canonical()
            assert any(r.number and r.number.canonical() == wanted for r in strong), basis
        else:
            assert any(
                r.doc_type == "L"
                and fold(r.title or "") == fold(basis["name"])
                and str(r.date) == basis["date"]
                for r in strong
            ), basis
    bases = {parse_number(b["number"]).canonical() for b in gold["legal_bases_preamble"] if b["number"]}
    numbered = [r for r in strong if r.number is not None]
    assert {r.number.canonical() for r in numbered} <= bases  # a number in a description is not a basis


def test_an_html_title_never_replaces_the_heading(tmp_path: Path) -> None:
    page = tmp_path / "plan.html"
    page.write_text(
        "<html><head><title>KẾ HOẠCH</title></head><body><table>"
        "<tr><td><b>ỦY BAN NHÂN DÂN<br>TỈNH ĐỒNG THÁP</b></td><td>CỘNG HÒA</td></tr>"
        "<tr><td>Số: 285/KH-UBND</td><td><i>Đồng Tháp, ngày 05 tháng 12 năm 2020</i></td></tr></table>"
        "<p><b>KẾ HOẠCH</b></p><p>Cải cách hành chính tỉnh Đồng Tháp năm 2021</p>"
        "<p>I. MỤC ĐÍCH</p></body></html>",
        encoding="utf-8",
    )
    plan = parse_document(page).plan
    assert plan.number is not None and plan.number.canonical() == "285/KH-UBND"
    assert plan.date == date(2020, 12, 5)
    assert plan.title == "Cải cách hành chính tỉnh Đồng Tháp năm 2021"
    assert plan.province == "Đồng Tháp"


def test_the_site_text_around_a_crawled_letter_is_not_the_document() -> None:
    from ingest.references import body_references
    from ingest.site_metadata import site_spans

    page = (
        SITE_PAGE
        + "Công văn 45/BNV-VP năm 2025 đôn đốc thực hiện nhiệm vụ chuyển đổi số do Bộ Nội vụ ban hành\n"
        + "## Văn bản liên quan\nThực hiện Quyết định số 10/QĐ-TTg ngày 01/02/2025 của Thủ tướng Chính phủ;\n"
    )
    lines = page.splitlines()
    result = header(page)
    assert result.decision is not None
    assert result.decision.title == "đôn đốc thực hiện nhiệm vụ chuyển đổi số"  # the page title, issuer cut
    trailer = lines.index("## Văn bản liên quan") + 1
    assert site_spans(lines) == [(1, lines.index("Đã biết") + 1), (trailer, len(lines))]
    refs, _ = body_references(lines, [], result.plan_heading_line, False)
    assert [r.as_written for r in refs if r.number and r.number.serial == "10"] == []


def test_a_ministry_decision_in_a_word_header_table(tmp_path: Path) -> None:
    """.docx puts issuer and motto, number and place-date in one table row each: the issuer is the first
    cell, the ministry passes the document, and Hà Nội (where it was signed) is not its province."""
    import docx

    from ingest.pipeline import ingest_file
    from ontology.iris import IriMinter
    from ontology.namespace import ELI

    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "BỘ NỘI VỤ"
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    table.cell(1, 0).text = "Số: 285/QĐ-BNV"
    table.cell(1, 1).text = "Hà Nội, ngày 05 tháng 12 năm 2025"
    for text in (
        "QUYẾT ĐỊNH",
        "Ban hành Kế hoạch chuyển đổi số năm 2026",
        "BỘ TRƯỞNG BỘ NỘI VỤ",
        "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;",
        "QUYẾT ĐỊNH:",
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số năm 2026.",
    ):
        document.add_paragraph(text)
    path = tmp_path / "bnv.docx"
    document.save(path)
    doc = ingest_file(path, IriMinter())
    decision = doc.parsed.decision
    assert decision is not None and decision.number_as_written == "285/QĐ-BNV"
    assert (decision.date, decision.province, decision.issuer_name) == (date(2025, 12, 5), None, "BỘ NỘI VỤ")
    ministry = "https://w3id.org/cchc-kg/org/vn/bo-noi-vu"
    assert {str(o) for s, p, o in doc.triples if p == ELI.passed_by} == {ministry}
    assert [r.relation for r in doc.parsed.references if r.as_written == "76/NQ-CP"] == ["based_on"]


OFFICIAL_LETTER = """ỦY BAN NHÂN DÂN
TỈNH GIA LAI
-------
|
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
|
Số: 1234/UBND-KGVX
V/v triển khai nhiệm vụ chuyển đổi số
năm 2026
|
Gia Lai, ngày 03 tháng 12 năm 2025
|

Kính gửi: Các sở, ban, ngành tỉnh.

Thực hiện Kế hoạch số 45/KH-UBND ngày 01/3/2025 của UBND tỉnh, Ủy ban nhân dân tỉnh đề nghị các cơ quan
thực hiện các nhiệm vụ tại Phụ lục kèm theo.

PHỤ LỤC

| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |
|---|---|---|---|---|
| 1 | Xây dựng kho dữ liệu dùng chung | Sở Khoa học và Công nghệ | Các sở, ngành | Quý I/2026 |
| 2 | Đào tạo kỹ năng số cho công chức | Sở Nội vụ | Sở Khoa học và Công nghệ | Năm 2026 |
"""


def test_an_official_letter_with_a_task_appendix(tmp_path: Path) -> None:
    """Số, V/v and the place-date, then "Kính gửi:": a letter, not rejected; it issues its appendix."""
    from ingest.pipeline import ingest_file
    from ontology.iris import IriMinter

    path = tmp_path / "letter.md"
    path.write_text(OFFICIAL_LETTER, encoding="utf-8")
    doc = ingest_file(path, IriMinter())
    letter = doc.parsed.decision
    assert letter is not None and letter.doc_type == "CV"
    assert (letter.number_as_written, letter.date, letter.province) == (
        "1234/UBND-KGVX",
        date(2025, 12, 3),
        "Gia Lai",
    )
    assert letter.title == "triển khai nhiệm vụ chuyển đổi số năm 2026"
    assert len(doc.parsed.tasks) == 2 and doc.parsed.findings == []
    assert str(doc.primary) == "https://w3id.org/cchc-kg/eli/vn/gia-lai/ubnd/cv/2025/1234/plan"
    assert [r.relation for r in doc.parsed.references if r.as_written == "45/KH-UBND"] == ["based_on"]


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        (
            "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH\nNĂM 2026",
            "CẢI CÁCH HÀNH CHÍNH NĂM 2026",
        ),  # heading and title on one line
        ("K Ế  H O Ạ C H\nCải cách hành chính năm 2026", "Cải cách hành chính năm 2026"),  # letter-spaced
        ("KẾ HOẠCH HÀNH ĐỘNG\nThực hiện chuyển đổi số năm 2026", "Thực hiện chuyển đổi số năm 2026"),
    ],
)
def test_heading_variants(heading: str, title: str) -> None:
    text = (
        f"Số 31/KH-UBND\nLâm Đồng, ngày 24 tháng 11 năm 2025\n\n{heading}\n\nCăn cứ Nghị quyết số 76/NQ-CP;\n"
    )
    result = header(text)
    assert (
        result.plan.number is not None and result.plan.number.canonical() == "31/KH-UBND"
    )  # "Số" without ":"
    assert (result.plan.title, result.plan.period_start, result.findings) == (title, 2026, [])


@pytest.mark.parametrize(
    ("block", "number", "place", "province", "issuer", "passed_by"),
    [
        # a provincial department's own plan: the department passes it
        (
            "UBND TỈNH ĐỒNG THÁP\nSỞ NỘI VỤ",
            "45/KH-SNV",
            "Đồng Tháp",
            "Đồng Tháp",
            "SỞ NỘI VỤ",
            "org/dong-thap/so-noi-vu",
        ),
        # a central Party body (its motto is the Party's): national though signed in Hà Nội
        (
            "BAN CHỈ ĐẠO TRUNG ƯƠNG",
            "02-KH/BCĐTW",
            "Hà Nội",
            None,
            "BAN CHỈ ĐẠO TRUNG ƯƠNG",
            "org/vn/ban-chi-dao-trung-uong",
        ),
    ],
)
def test_who_issued_the_plan(
    tmp_path: Path, block: str, number: str, place: str, province: str | None, issuer: str, passed_by: str
) -> None:
    from ingest.pipeline import ingest_file
    from ontology.iris import IriMinter
    from ontology.namespace import ELI

    motto = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" if province else "ĐẢNG CỘNG SẢN VIỆT NAM"
    text = (
        f"{block}\n-------\n|\n{motto}\n|\nSố: {number}\n|\n{place}, ngày 10 tháng 01 năm 2026\n\n"
        "KẾ HOẠCH\nChuyển đổi số năm 2026\n\nI. MỤC ĐÍCH\n"
    )
    path = tmp_path / "plan.md"
    path.write_text(text, encoding="utf-8")
    doc = ingest_file(path, IriMinter())
    plan = doc.parsed.plan
    assert (plan.province, plan.issuer_name) == (province, issuer)
    assert {str(o) for s, p, o in doc.triples if p == ELI.passed_by} == {
        "https://w3id.org/cchc-kg/" + passed_by
    }
