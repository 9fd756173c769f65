"""Task tables of the five real seeds, synthetic table layouts and inline assignments."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.builder import TableResult, split_deliverables
from ingest.columns import header_role, parse_row_number
from ingest.inline import read_inline_tasks, split_fields
from ingest.readers import SourceText, read_source
from ingest.records import Span, TaskRecord
from ingest.tables import narrative_section_titles, read_task_tables, read_tasks

SAMPLES = Path(__file__).resolve().parents[1] / "ingest" / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = {
    "000": "000_8ed5b0c1c9e5996d.txt",
    "001": "001_ce0cdafa26a7571f.txt",
    "002": "002_2d6760ac75cd051f.txt",
    "003": "003_8182945d4607df81.txt",
    "004": "004_6ea1a7e339262ab4.txt",
}

_CACHE: dict[str, TableResult] = {}


def seed(key: str) -> TableResult:
    if key not in _CACHE:
        _CACHE[key] = read_tasks(read_source(SAMPLES / SEEDS[key]))
    return _CACHE[key]


def task(key: str, code: str) -> TaskRecord:
    matches = [t for t in seed(key).tasks if t.code == code]
    assert len(matches) == 1, f"{key} {code}: {len(matches)} tasks"
    return matches[0]


def codes(key: str) -> list[str]:
    return [t.code for t in seed(key).tasks]


def lines(*rows: str) -> SourceText:
    return SourceText(path="mem.txt", lines=list(rows), source_format="text")


# --------------------------------------------------------------------------------------------------
# Counts and codes
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "count"), [("000", 32), ("001", 37), ("002", 29), ("003", 48), ("004", 23)])
def test_seed_task_counts(key: str, count: int) -> None:
    assert len(seed(key).tasks) == count


@pytest.mark.parametrize(("key", "count"), [("000", 8), ("001", 8), ("002", 7), ("003", 7), ("004", 0)])
def test_seed_section_counts(key: str, count: int) -> None:
    assert len(seed(key).sections) == count


def test_codes_are_unique_in_every_seed() -> None:
    for key in SEEDS:
        assert len(set(codes(key))) == len(codes(key)), key


def test_000_codes() -> None:
    assert codes("000")[:10] == ["1.a", "1.b", "1.c", "1.d", "1.đ", "1.e", "1.g", "1.h", "1.i", "1.k"]
    assert {"6.a", "6.b", "7.d", "7.d-2", "8.d"} <= set(codes("000"))
    assert codes("000")[-1] == "8.d"


def test_003_codes_and_parents() -> None:
    assert codes("003")[:6] == ["I.1", "I.2", "I.2.a", "I.2.b", "I.3", "I.4"]
    assert task("003", "I.2.a").parent_code == "I.2"
    assert task("003", "I.2.b").item == "b)"
    assert task("003", "IV.4").parent_code is None
    assert task("003", "IV.4.a").parent_code == "IV.4"
    assert task("003", "IV.4.b").parent_code == "IV.4"
    assert task("003", "III.10").item == "10"
    assert codes("003")[-1] == "VII.5"
    assert [s.number for s in seed("003").sections] == ["I", "II", "III", "IV", "V", "VI", "VII"]


def test_004_numbered_sub_items() -> None:
    assert codes("004") == ["1", "2", "3"] + [f"3.{n}" for n in range(1, 15)] + ["4", "5", "6", "7", "8", "9"]
    parent = task("004", "3")
    assert parent.text == "Xây dựng các báo cáo tổng kết chuyên đề theo lĩnh vực"
    assert (parent.lead_text, parent.time_text, parent.parent_code) == ("", "", None)
    assert task("004", "3.1").parent_code == "3"
    assert task("004", "3.14").parent_code == "3"
    assert task("004", "3.14").item == "3.14"
    assert all(t.section == "" for t in seed("004").tasks)
    assert seed("004").sections == []


def test_002_codes() -> None:
    expected = [
        f"{area}.{n}"
        for area, count in enumerate([4, 4, 3, 4, 3, 3, 8], start=1)
        for n in range(1, count + 1)
    ]
    assert codes("002") == expected


# --------------------------------------------------------------------------------------------------
# Seed 000
# --------------------------------------------------------------------------------------------------


def test_000_task_1_d_with_stroke() -> None:
    t = task("000", "1.đ")
    assert t.item == "đ)"
    assert t.section == "1"
    assert t.parent_code is None
    assert t.text == "Xây dựng video tuyên truyền các hoạt động, mô hình hay về CCHC"
    assert t.deliverables == ["Video"]
    assert t.lead_text == "Sở Nội vụ"
    assert t.partner_text == "Đài Phát thanh và Truyền hình Tỉnh"
    assert t.time_text == "Quý II/2021"
    assert t.budget_text == "40 triệu"
    assert t.note_text == "NS Tỉnh"
    assert t.span == Span(155, 155)
    assert task("000", "1.d").text.startswith("Đăng các bài viết")


def test_000_html_list_deliverables() -> None:
    assert task("000", "2.b").deliverables == ["Báo cáo kết quả rà soát", "Quyết định công bố văn bản"]
    assert task("000", "2.c").deliverables == ["Kế hoạch", "Báo cáo"]
    assert task("000", "3.b").deliverables == ["Quyết định công bố", "Quyết định hoặc văn bản kiến nghị"]
    assert task("000", "8.a").deliverables == ["Kế hoạch kiểm tra", "Báo cáo kết quả kiểm tra"]
    assert task("000", "4.b").deliverables == ["Quyết định phân cấp, ủy quyền"]


def test_000_other_cells() -> None:
    t = task("000", "1.b")
    assert (t.budget_text, t.note_text) == ("50triệu/ huyện", "NS huyện")
    assert t.lead_text == "UBND cấp huyện (các huyện có điều kiện)"
    assert task("000", "2.a").partner_text == ""
    assert task("000", "2.b").time_text == "Theo Kế hoạch của Hội đồng rà soát văn bản"
    assert task("000", "6.b").lead_text == "Sở Nội vụ, Sở Tài chính, Sở Lao động - Thương binh và Xã hội"
    assert task("000", "8.c").budget_text == "80 triệu đồng"
    assert task("000", "8.d").text.startswith("Xây dựng, triển khai việc thực hiện Chương trình tổng thể")


def test_000_sections() -> None:
    sections = {s.number: s for s in seed("000").sections}
    assert list(sections) == ["1", "2", "3", "4", "5", "6", "7", "8"]
    assert sections["1"].title == "Công tác thông tin, tuyên truyền"
    assert sections["1"].span == Span(150, 150)
    assert sections["2"].title == "Cải cách thể chế"  # number and title in one cell
    assert sections["7"].title == "Hiện đại hóa hành chính"
    assert not sections["7"].inferred


def test_000_missing_section_6_inferred() -> None:
    result = seed("000")
    six = next(s for s in result.sections if s.number == "6")
    assert six.inferred and six.title == "" and six.span == Span(180, 180)
    findings = [f for f in result.findings if f.kind == "missing-section"]
    assert len(findings) == 1
    assert (findings[0].line, findings[0].subject) == (180, "6")
    a6, b6 = task("000", "6.a"), task("000", "6.b")
    assert a6.section == b6.section == "6"
    assert a6.text.startswith("Triển khai các quy định về giao quyền tự chủ")
    assert a6.lead_text == "Sở Tài chính, UBND cấp huyện và cấp xã"
    assert task("000", "5.a").section == "5"
    assert len([t for t in result.tasks if t.section == "5"]) == 1


def test_000_missing_section_title_from_narrative() -> None:
    src = read_source(SAMPLES / SEEDS["000"])
    titles = narrative_section_titles(src, 149)
    assert titles["6"] == "Cải cách tài chính công"
    assert titles["1"] == "Công tác thông tin, tuyên truyền"
    assert titles["8"] == "Công tác chỉ đạo, điều hành CCHC"
    assert titles["II"] == "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH"


def test_001_narrative_titles_with_markdown() -> None:
    titles = narrative_section_titles(read_source(SAMPLES / SEEDS["001"]), 106)
    assert titles["6"] == "Cải cách tài chính công"
    assert titles["8"] == "Công tác chỉ đạo, điều hành cải cách hành chính"
    assert titles["1"] == "Công tác thông tin, tuyên truyền"


def test_000_duplicate_d_in_section_7() -> None:
    first, second = task("000", "7.d"), task("000", "7.d-2")
    assert first.item == second.item == "d)"
    assert first.span == Span(187, 187) and second.span == Span(188, 188)
    assert first.budget_text == "150 triệu"
    assert second.text.startswith("Ban hành Đề án xây dựng hệ thống thông tin CCHC")
    dup = [f for f in seed("000").findings if f.kind == "duplicate-code"]
    assert [(f.line, f.subject) for f in dup] == [(188, "7.d")]


def test_000_table_span() -> None:
    assert seed("000").table_spans == [Span(149, 194)]


# --------------------------------------------------------------------------------------------------
# Seed 001
# --------------------------------------------------------------------------------------------------


def test_001_row_broken_by_page_break() -> None:
    t = task("001", "2.b")
    assert t.text == (
        "Rà soát văn bản quy phạm pháp luật thuộc thẩm quyền quản lý và tham mưu, đề xuất cấp có thẩm "
        "quyền hủy bỏ, sửa đổi, bổ sung cho phù hợp thực tiễn"
    )
    assert t.lead_text == "Sở Tư pháp, UBND cấp huyện, cấp xã"
    assert t.partner_text == "Các sở, ban, ngành tỉnh"
    assert t.time_text == "Theo Kế hoạch của Hội đồng rà soát văn bản"
    assert t.budget_text == "Theo Kế hoạch"
    assert t.deliverables == ["Báo cáo kết quả rà soát", "Quyết định công bố văn bản"]
    assert t.span == Span(123, 125)


def test_001_bold_sections_and_title_in_number_cell() -> None:
    sections = {s.number: s for s in seed("001").sections}
    assert list(sections) == [str(n) for n in range(1, 9)]
    assert sections["1"].title == "Công tác thông tin, tuyên truyền"
    assert sections["5"].title == "Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức"
    assert sections["5"].span == Span(138, 138)
    assert sections["6"].title == "Cải cách tài chính công"
    assert sections["8"].title == "Công tác chỉ đạo, điều hành cải cách hành chính"
    assert not any(s.inferred for s in sections.values())
    assert [t.code for t in seed("001").tasks if t.section == "1"][-2:] == ["1.l", "1.m"]
    assert task("001", "5.a").section == "5"
    assert task("001", "8.c").time_text == "Tháng 12/2019"
    assert task("001", "1.m").time_text == "Quý I/2019"
    assert task("001", "1.m").deliverables == ["Trang Zalo"]


def test_001_no_findings() -> None:
    assert seed("001").findings == []


# --------------------------------------------------------------------------------------------------
# Seed 002 ("|" cells)
# --------------------------------------------------------------------------------------------------


def test_002_areas_span_their_rows() -> None:
    sections = seed("002").sections
    assert [s.number for s in sections] == [str(n) for n in range(1, 8)]
    assert sections[0].title == "Cải cách thể chế"
    assert sections[0].span == Span(234, 234)
    assert sections[5].title == "Xây dựng và phát triển Chính phủ điện tử"
    assert sections[6].title == "Công tác chỉ đạo điều hành"
    assert task("002", "6.3").section == "6"


def test_002_wrapped_cells() -> None:
    t = task("002", "1.1")
    assert t.item == "1."
    assert t.text == (
        "Xây dựng Kế hoạch và triển khai kịp thời kế hoạch rà soát văn bản quy phạm pháp luật "
        "trên địa bàn tỉnh"
    )
    assert t.deliverables == ["Kế hoạch của UBND tỉnh", "Báo cáo kết quả thực hiện"]
    assert t.lead_text == "Sở Tư pháp"
    assert t.partner_text == "Sở, ban, ngành; UBND cấp huyện và các cơ quan có liên quan"
    assert t.time_text == "Theo quy định của Trung ương"
    assert t.span == Span(236, 249)


def test_002_dash_time_cells() -> None:
    assert task("002", "1.4").time_text == "- Tháng 02/2021 - Ngày 15/11/2021"
    assert task("002", "2.1").time_text == "- Tháng 01/2021 - Trong năm 2021"
    assert task("002", "7.1").time_text == "- Tháng 12/2020 - Tháng 12/2021"


def test_002_lead_cells() -> None:
    assert task("002", "5.3").lead_text == "- Sở Y tế; - Sở Giáo dục và Đào tạo"
    assert task("002", "5.3").partner_text == "Sở Nội vụ và các đơn vị có liên quan"
    assert task("002", "6.3").lead_text == "Sở Khoa học và Công nghệ"
    assert task("002", "7.8").lead_text == "Sở Nội vụ"
    assert task("002", "7.8").time_text == "Theo văn bản triển khai của Bộ Nội vụ"
    assert task("002", "4.2").time_text == "Quý 3/2021"


def test_002_header_block_is_not_a_table() -> None:
    result = seed("002")
    assert result.table_spans == [Span(216, 692)]
    assert all(t.span.first > 216 for t in result.tasks)


# --------------------------------------------------------------------------------------------------
# Seed 003 (Roman sections, repeated headers, page-break continuations)
# --------------------------------------------------------------------------------------------------


def test_003_deliverable_continued_after_page_break() -> None:
    t = task("003", "III.4")
    assert t.deliverables == [
        "Danh mục TTHC, kết quả giải quyết TTHC được công khai trên Trang Thông tin điện tử của tỉnh",
        "Tiến độ, kết quả giải quyết hồ sơ TTHC được công khai trên Công thông tin dịch vụ công của tỉnh",
    ]
    assert t.span == Span(321, 324)
    assert t.text.endswith("UBND các xã, phường, thị trấn")  # <i> removed
    assert t.lead_text == "Văn phòng UBND tỉnh; Sở Thông tin và Truyền thông"


def test_003_lead_joined_across_page_break() -> None:
    t = task("003", "IV.4.b")
    assert t.lead_text == "Các Sở: Kế hoạch và Đầu tư, Tài chính, Tài nguyên và Môi trường"
    assert t.deliverables == ["Quyết định, Kế hoạch kiểm tra", "Báo cáo kết quả kiểm tra"]
    assert t.time_text == "Quý III hàng năm"
    assert t.span == Span(339, 342)


def test_003_vii_4_split_word() -> None:
    t = task("003", "VII.4")
    assert t.lead_text == "Sở Thông tin và Tuyên thông"
    assert t.partner_text == "Các Sở, ban, ngành, UBND các huyện, thành phố"
    assert t.text.endswith("được tích hợp, cung cấp trên Cổng dịch vụ công quốc gia.")
    assert t.span == Span(366, 369)


def test_003_vi_1_text_continued() -> None:
    t = task("003", "VI.1")
    assert "Nghị định 60/2021/NĐ-CP về cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập" in t.text
    assert t.span == Span(355, 358)


def test_003_parent_rows() -> None:
    parent = task("003", "IV.4")
    assert parent.text.startswith("Tiếp tục thực hiện đẩy mạnh phân cấp quản lý nhà nước")
    assert parent.deliverables == [] and parent.lead_text == ""
    i2 = task("003", "I.2")
    assert i2.time_text == "Quý I hàng năm"  # a parent row that has its own cells
    assert task("003", "I.2.a").text == (
        "Kế hoạch kiểm tra công tác Cải cách hành chính định kỳ (lồng ghép nội dung kiểm tra các Bộ Chỉ số: "
        "PAR INDEX, PCI, PAPI, SIPAS)"
    )


def test_003_column_order_from_header() -> None:
    t = task("003", "III.1")
    assert t.lead_text == "Các Sở, ban, ngành, UBND các huyện, thành phố"
    assert t.partner_text == "Văn phòng UBND tỉnh"
    assert t.time_text == "Thường xuyên trong năm"
    assert t.deliverables == ["Quyết định của UBND tỉnh"]
    assert t.budget_text == "" and t.note_text == ""


def test_003_sections_and_headers() -> None:
    sections = seed("003").sections
    assert sections[0].title == "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"
    assert sections[6].title == "XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ"
    assert sections[4].span == Span(349, 349)
    assert seed("003").table_spans == [Span(295, 370)]
    assert seed("003").findings == []


# --------------------------------------------------------------------------------------------------
# Seed 004
# --------------------------------------------------------------------------------------------------


def test_004_cells() -> None:
    t = task("004", "3.9")
    assert t.partner_text == (
        "Các sở: Y tế, Giáo dục và Đào tạo, Khoa học và Công nghệ, Văn hóa, Thể thao và Du lịch; "
        "các cơ quan có liên quan"
    )
    assert t.lead_text == "Sở Tài chính"
    assert t.time_text == "Trước ngày 15/5/2020"
    assert t.section == "" and t.span == Span(85, 85)
    t2 = task("004", "2")
    assert t2.text.startswith("Các sở, ngành tỉnh và UBND cấp huyện tổ chức tổng kết (đối với")
    assert t2.time_text == (
        "- Tổ chức tổng kết trong tháng 5/2020; - Gửi Báo cáo tổng kết về Sở nội vụ trong tháng 5/2020."
    )
    assert task("004", "6").lead_text == (
        "Đài Phát thanh và Truyền hình Đồng Tháp; Báo Đồng Tháp; Cổng Thông tin điện tử Tỉnh"
    )
    assert task("004", "3.8").span == Span(84, 84)  # after a repeated header
    assert task("004", "9").time_text.startswith("Quý IV năm 2020")
    assert all(t.deliverables == [] and t.budget_text == "" for t in seed("004").tasks)


# --------------------------------------------------------------------------------------------------
# Units and synthetic tables
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("Số TT", "number"),
        ("STT", "number"),
        ("TT", "number"),
        ("Nội dung thực hiện", "task"),
        ("NHIỆM VỤ CỤ THỂ", "task"),
        ("Nhiệm vụ và giải pháp", "task"),
        ("Nhiệm vụ", "task"),
        ("Nội dung", "task"),
        ("Sản phẩm", "product"),
        ("KẾT QUẢ, SẢN PHẨM", "product"),
        ("Kết quả dự kiến", "product"),
        ("Sản phẩm đầu ra", "product"),
        ("Cơ quan, đơn vị chủ trì", "lead"),
        ("Đơn vị chủ trì", "lead"),
        ("Chủ trì", "lead"),
        ("Cơ quan, đơn vị phối hợp", "partner"),
        ("Cơ quan phối hợp", "partner"),
        ("Thời gian thực hiện", "time"),
        ("Thời hạn", "time"),
        ("Kinh phí dự kiến", "budget"),
        ("Nguồn kinh phí", "budget"),
        ("Ghi chú", "note"),
        ("Nhiệm vụ chung", "area"),
        ("Lĩnh vực", "area"),
        ("<b>Sản phẩm</b>", "product"),
        ("Đơn vị triển khai", "lead"),
        ("Cơ quan trình", "lead"),
        ("Cơ quan chủ trì soạn thảo", "lead"),
        ("Yêu cầu cần đạt", "product"),
        ("Nguồn lực", "budget"),
        ("Thời gian trình", "time"),
        ("Cấp ban hành", None),
        ("Ghế", None),
        ("", None),
    ],
)
def test_header_role(label: str, role: str | None) -> None:
    assert header_role(label) == role


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.", ("arabic", "1", "")),
        ("4", ("arabic", "4", "")),
        ("<b>1.</b>", ("arabic", "1", "")),
        ("<b>5. Xây dựng đội ngũ</b>", ("arabic", "5", "Xây dựng đội ngũ")),
        ("3.14", ("dotted", "3.14", "")),
        ("IV", ("roman", "IV", "")),
        ("VII", ("roman", "VII", "")),
        ("đ)", ("letter", "đ", "")),
        ("d)", ("letter", "d", "")),
        ("IIII", None),
        ("Ghi chú", None),
    ],
)
def test_parse_row_number(text: str, expected: tuple[str, str, str] | None) -> None:
    assert parse_row_number(text) == expected


def test_split_deliverables() -> None:
    cell = '<ul style="list-style-type: none"> - A thing; - B thing '
    assert split_deliverables(cell) == ["A thing", "B thing"]
    assert split_deliverables("<ul><li>Kế hoạch</li><li>Báo cáo</li></ul>") == ["Kế hoạch", "Báo cáo"]
    assert split_deliverables("- Đề án giai đoạn 2021 - 2025") == ["Đề án giai đoạn 2021 - 2025"]
    assert split_deliverables("Kế hoạch <br> Báo cáo") == ["Kế hoạch", "Báo cáo"]
    assert split_deliverables("**Quyết định**") == ["Quyết định"]
    assert split_deliverables("") == []


def test_six_columns_in_another_order_with_other_names() -> None:
    result = read_task_tables(read_source(FIXTURES / "table_other_order.md"))
    assert [t.code for t in result.tasks] == ["I.1", "I.2", "II.1"]
    first = result.tasks[0]
    assert first.text == "Rà soát văn bản quy phạm pháp luật"
    assert first.lead_text == "Sở Tư pháp"
    assert first.deliverables == ["Báo cáo", "Quyết định công bố"]
    assert first.budget_text == "Ngân sách tỉnh"
    assert first.time_text == "Quý II/2026"
    second = result.tasks[1]
    assert second.deliverables == ["Kế hoạch kiểm tra", "Báo cáo kết quả"]
    assert second.lead_text == "Sở Tư pháp và Sở Nội vụ"  # continued after the repeated header
    assert second.span == Span(6, 9)
    unknown = [f for f in result.findings if f.kind == "other"]
    assert len(unknown) == 1 and "Cột lạ" in unknown[0].message and unknown[0].line == 3
    assert result.table_spans == [Span(3, 11)]


def test_header_without_task_column_is_not_a_table() -> None:
    src = lines("STT\tSản phẩm\tCơ quan chủ trì", "1\tBáo cáo\tSở Nội vụ")
    assert read_task_tables(src).tasks == []


def test_parent_rule_letters_under_headings_vs_numbers() -> None:
    headings = lines(
        "TT\tNội dung\tChủ trì",
        "1.\tCải cách thể chế\t",
        "a)\tViệc một\tSở A",
        "b)\tViệc hai\tSở B",
        "2.\tHiện đại hóa\t",
        "a)\tViệc ba\tSở C",
    )
    result = read_task_tables(headings)
    assert [t.code for t in result.tasks] == ["1.a", "1.b", "2.a"]
    assert [s.title for s in result.sections] == ["Cải cách thể chế", "Hiện đại hóa"]
    numbers = lines("TT\tNội dung\tChủ trì", "1\tViệc một\tSở A", "2\tNhóm việc\t", "2.1\tViệc con\tSở B")
    result = read_task_tables(numbers)
    assert [(t.code, t.parent_code) for t in result.tasks] == [("1", None), ("2", None), ("2.1", "2")]
    assert result.sections == []


def test_missing_section_without_gap_is_primed() -> None:
    src = lines(
        "TT\tNội dung\tChủ trì",
        "1.\tMột\t",
        "a)\tViệc\tSở A",
        "b)\tViệc\tSở A",
        "a)\tViệc\tSở B",
        "2.\tHai\t",
        "a)\tViệc\tSở C",
    )
    result = read_task_tables(src)
    assert [t.code for t in result.tasks] == ["1.a", "1.b", "1'.a", "2.a"]
    assert [f.kind for f in result.findings] == ["missing-section"]


def test_no_task_table_returns_empty_without_error() -> None:
    result = read_tasks(lines("Không có bảng nào ở đây.", "", "Chỉ là văn bản."))
    assert result.tasks == [] and result.sections == [] and result.table_spans == []


# --------------------------------------------------------------------------------------------------
# Inline assignments
# --------------------------------------------------------------------------------------------------


def test_split_fields() -> None:
    text, values = split_fields(
        "Rà soát văn bản. - Đơn vị chủ trì: Sở Tư pháp. - Đơn vị phối hợp: Các sở. "
        "- Thời gian thực hiện: Quý III/2026."
    )
    assert text == "Rà soát văn bản"
    assert values == {"lead": "Sở Tư pháp", "partner": "Các sở", "time": "Quý III/2026"}


def test_inline_lam_dong() -> None:
    result = read_tasks(read_source(FIXTURES / "inline_lam_dong_2026.md"))
    assert [t.code for t in result.tasks] == ["1.a", "1.b", "2.a", "2.b"]  # 2.c has no lead: not a task
    assert [(s.number, s.title) for s in result.sections] == [
        ("1", "Cải cách thể chế"),
        ("2", "Cải cách thủ tục hành chính"),
    ]
    a = result.tasks[0]
    assert a.text == (
        "Rà soát, hệ thống hóa văn bản quy phạm pháp luật do Hội đồng nhân dân, Ủy ban nhân dân tỉnh "
        "ban hành sau sắp xếp đơn vị hành chính"
    )  # hard-wrapped line joined
    assert a.lead_text == "Sở Tư pháp"  # **Đơn vị chủ trì:**
    assert a.partner_text == "Các sở, ban, ngành; Ủy ban nhân dân các xã, phường"  # *Đơn vị phối hợp:*
    assert a.time_text == "Quý II/2026"
    assert a.span == Span(25, 32)
    b = result.tasks[1]  # all fields on one line, separated by ". - "
    assert (b.lead_text, b.partner_text, b.time_text) == ("Sở Tư pháp", "Các sở, ban, ngành", "Quý III/2026")
    c = result.tasks[2]  # **Cơ quan chủ trì**: label split from its colon; partner missing
    assert c.lead_text == "Văn phòng Ủy ban nhân dân tỉnh"
    assert c.partner_text == "" and c.time_text == "Thường xuyên"
    d = result.tasks[3]  # "Cơ quan thực hiện" means lead
    assert d.lead_text == "Trung tâm Phục vụ hành chính công tỉnh"
    assert d.deliverables == ["Báo cáo kết quả số hóa"]
    assert d.budget_text == "Ngân sách tỉnh"
    assert d.time_text == "Trong năm 2026"


def test_inline_can_tho() -> None:
    result = read_inline_tasks(read_source(FIXTURES / "inline_can_tho_2026.md"))
    assert [t.code for t in result.tasks] == ["1.1", "1.2", "2.1"]  # 2.2 has no lead field
    first = result.tasks[0]
    assert first.item == "1.1"
    assert first.text == "Ban hành Kế hoạch kiểm tra công tác cải cách hành chính năm 2026"
    assert first.lead_text == "Sở Nội vụ"  # "Sở\nNội vụ" wrapped mid-phrase
    assert first.partner_text == "Văn phòng Ủy ban nhân dân thành phố"
    assert first.time_text == "Tháng 01/2026"
    second = result.tasks[1]  # "Đơn vị thực hiện" means lead
    assert second.lead_text == "Sở Văn hóa, Thể thao và Du lịch; Báo Cần Thơ"
    assert second.time_text == "Cả năm 2026"
    assert result.tasks[2].span == Span(20, 22)
    assert [s.title for s in result.sections] == ["Công tác chỉ đạo, điều hành", "Cải cách tổ chức bộ máy"]


def test_inline_start_line() -> None:
    src = read_source(FIXTURES / "inline_lam_dong_2026.md")
    result = read_inline_tasks(src, start_line=37)
    assert [t.code for t in result.tasks] == ["2.a", "2.b"]


# --------------------------------------------------------------------------------------------------
# Real plans: the table documents of the development corpus (../shared/corpus), when present
# --------------------------------------------------------------------------------------------------

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _corpus_table_docs() -> list[Path]:
    if not (CORPUS / "gold").is_dir():
        return []
    import json

    return [
        path
        for path in sorted((CORPUS / "gold").glob("*.json"))
        if json.loads(path.read_text(encoding="utf-8")).get("task_table_columns")
    ]


def _norm(text: str | None) -> str:
    return " ".join((text or "").replace("*", "").split()).strip(" .;,")


@pytest.mark.skipif(not _corpus_table_docs(), reason="the corpus (../shared/corpus) is not here")
@pytest.mark.parametrize("gold_path", _corpus_table_docs(), ids=lambda path: path.stem)
def test_corpus_table_rows_and_cells(gold_path: Path) -> None:
    """Every gold row is read, in order, with its lead, partner and time cells; no task is invented."""
    import json

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    result = read_tasks(read_source(CORPUS / "docs" / f"{gold_path.stem}.txt"))
    assert len(result.tasks) == len(gold["tasks"])
    assert len({t.code for t in result.tasks}) == len(result.tasks)
    for task, row in zip(result.tasks, gold["tasks"], strict=True):
        assert _norm(task.text).startswith(_norm(row["text_prefix"])), row["row_id"]
        assert _norm(task.lead_text) == _norm(row["lead_raw"]), row["row_id"]
        assert _norm(task.partner_text) == _norm(row["partners_raw"]), row["row_id"]
        assert _norm(task.time_text) == _norm(row["time"]), row["row_id"]
    assert not [f for f in result.findings if f.severity == "error"]
