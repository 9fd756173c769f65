"""Table finders (ingest.finders), the task recogniser (ingest.recognise) and the golden layouts."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic, to_isomorphic

from ingest.finders import document_blocks, find_tables, finders, register_finder
from ingest.finders.markdown import find_markdown_tables
from ingest.finders.pipe_cells import find_pipe_cell_tables
from ingest.finders.tab_rows import find_tab_tables
from ingest.model import Cell, Row, Table
from ingest.pipeline import ingest_file
from ingest.readers import SourceText, read_source, source
from ingest.readers.office import SOFFICE_PACKAGE, soffice_binary
from ingest.readers.source import supported_suffixes
from ingest.recognise import read_table
from ingest.records import Severity, Span
from ingest.tables import read_task_tables
from ontology.iris import IriMinter

LAYOUTS = Path(__file__).resolve().parent / "layouts"


def pipe(*rows: list[str]) -> list[str]:
    """Rows written the way a web-page crawler writes a table: every "|" on a line of its own."""
    lines: list[str] = []
    for row in rows:
        lines.append("|")
        for cell in row:
            lines.extend(cell.split("\n") if cell else [])
            lines.append("|")
    return lines


HEADER = ["**STT**", "**Nội dung**", "**Cơ quan chủ trì**", "**Cơ quan phối hợp**", "**Thời gian**"]


def texts(table: Table) -> list[list[str]]:
    return [row.texts() for row in table.rows]


# --------------------------------------------------------------------------------------------------
# Golden layouts
# --------------------------------------------------------------------------------------------------


OFFICE_SUFFIXES = {".doc", ".odt", ".rtf"}


def layout_folders() -> list[Path]:
    return sorted(path for path in LAYOUTS.iterdir() if path.is_dir())


def layout_input(folder: Path) -> Path:
    """The folder's input file; skips the test when its format needs LibreOffice and it is missing."""
    (path,) = folder.glob("input.*")
    if path.suffix in OFFICE_SUFFIXES and soffice_binary() is None:
        pytest.skip(f"{path.name} needs LibreOffice (Debian package {SOFFICE_PACKAGE})")
    return path


def test_every_registered_finder_and_reader_has_a_golden_layout() -> None:
    names = [folder.name for folder in layout_folders()]
    for finder in finders():
        assert any(name == finder or name.startswith(f"{finder}-") for name in names), finder
    readers = {source._READERS[suffix] for suffix in supported_suffixes()}
    covered = {source._READERS[next(folder.glob("input.*")).suffix] for folder in layout_folders()}
    assert readers <= covered, readers - covered
    for folder in layout_folders():
        assert (folder / "expected.ttl").is_file(), folder.name


@pytest.mark.parametrize("folder", layout_folders(), ids=lambda path: path.name)
def test_layout_graph_matches_golden(folder: Path) -> None:
    golden = Graph().parse(folder / "expected.ttl", format="turtle")
    actual = ingest_file(layout_input(folder), IriMinter()).graph
    if not isomorphic(golden, actual):
        missing = sorted(set(to_isomorphic(golden)) - set(to_isomorphic(actual)))[:10]
        extra = sorted(set(to_isomorphic(actual)) - set(to_isomorphic(golden)))[:10]
        pytest.fail(
            f"{folder.name}: graph differs (after review: python tests/layouts/regenerate.py)\n"
            f"missing: {missing}\nextra: {extra}"
        )


def test_layout_inputs_are_read_by_the_finder_they_are_named_after() -> None:
    for folder in layout_folders():
        src = read_source(layout_input(folder))
        found = {table.finder for table in (src.tables or find_tables(src.lines))}
        assert any(folder.name == name or folder.name.startswith(f"{name}-") for name in found), folder.name


# --------------------------------------------------------------------------------------------------
# Finders
# --------------------------------------------------------------------------------------------------


def test_registry_holds_the_built_in_finders_and_takes_new_ones() -> None:
    assert {"tab-rows", "pipe-cells", "markdown-rows"} <= set(finders())
    register_finder("test-none", lambda lines: [])
    try:
        assert "test-none" in finders()
    finally:
        from ingest.finders import _FINDERS

        _FINDERS.pop("test-none")


def test_pipe_cells_rows_and_an_empty_last_cell() -> None:
    lines = pipe(
        HEADER,
        ["1", "Rà soát quy chế", "Sở Tư pháp", "", "2026"],
        ["2", "Ban hành", "Sở Nội vụ", "Sở Tư pháp", ""],
    )
    # the empty cell inside row 1 gives two "|" lines in a row, like a row break
    (table,) = find_pipe_cell_tables(lines)
    assert texts(table)[1:] == [
        ["1", "Rà soát quy chế", "Sở Tư pháp", "", "2026"],
        ["2", "Ban hành", "Sở Nội vụ", "Sở Tư pháp", ""],
    ]
    assert table.rows[1].span == Span(13, 20)


def test_pipe_cells_three_bars_are_an_empty_cell_and_a_row_break() -> None:
    lines = pipe(
        HEADER, ["1", "Rà soát", "Sở Tư pháp", "Các sở", ""], ["2", "Ban hành", "Sở Nội vụ", "Các sở", "2026"]
    )
    (table,) = find_pipe_cell_tables(lines)
    assert [row.texts()[0] for row in table.rows[1:]] == ["1", "2"]
    assert texts(table)[1][4] == ""


def test_pipe_cells_group_rows_padding_and_a_repeated_header() -> None:
    lines = pipe(
        HEADER,
        ["**I**", "**THỂ CHẾ**", "** **", "** **", "** **"],
        ["1", "Rà soát", "Sở Tư pháp", "Các sở", "2026"],
        ["**II. HẠ TẦNG SỐ**"],
        ["**Nội dung**", "**Cơ quan chủ trì**", "**Cơ quan phối hợp**", "**Thời gian**"],
        ["2", "Nâng cấp mạng", "Sở Khoa học và Công nghệ", "Các sở", "2027"],
    )
    (table,) = find_pipe_cell_tables(lines)
    assert [len(row.cells) for row in table.rows] == [5, 5, 5, 1, 4, 5]
    assert table.rows[1].cells[2].empty and table.rows[0].cells[0].bold


def test_pipe_cells_page_before_and_after_the_table() -> None:
    page = ["|", "|", "Bản quyền thuộc trang web.", "|", "**Số hiệu:**", "|", "12/KH-UBND", "|", "|"]
    page += ["KẾ HOẠCH", "Nội dung của kế hoạch...", "*(Kèm theo Kế hoạch số 12/KH-UBND)*"]
    table_lines = pipe(HEADER, ["1", "Rà soát", "Sở Tư pháp", "Các sở", "2026"])
    footer = ["Ghi chú của trang web " + "rất dài " * 60, "## Văn bản liên quan", "|", "|", "1", "|"]
    (table,) = find_pipe_cell_tables(page + table_lines + footer)  # no row break before the header
    assert texts(table) == [
        [cell.strip("*") for cell in HEADER],
        ["1", "Rà soát", "Sở Tư pháp", "Các sở", "2026"],
    ]


def test_a_signature_block_after_the_table_is_not_read_into_the_last_task() -> None:
    lines = pipe(HEADER, ["1", "Rà soát", "Sở Tư pháp", "Các sở", "2026"])
    lines += ["", "", *pipe(["Nơi nhận:\n- Như trên;\n- Lưu: VT.", "**TM. ỦY BAN NHÂN DÂN**\n**CHỦ TỊCH**"])]
    result = read_task_tables(SourceText("mem.txt", lines, "text"))
    assert [t.text for t in result.tasks] == ["Rà soát"]
    assert not result.sections
    assert [f.kind for f in result.findings] == []  # "Nơi nhận:" opens the signature block: the table ended


def test_a_short_row_run_into_the_table_is_reported() -> None:
    lines = pipe(HEADER, ["1", "Rà soát", "Sở Tư pháp", "Các sở", "2026"])
    lines += ["", "", *pipe(["Chú thích:\n- Nguồn: báo cáo.", "**Văn phòng**"])]
    result = read_task_tables(SourceText("mem.txt", lines, "text"))
    assert [t.text for t in result.tasks] == ["Rà soát"]
    assert [f.kind for f in result.findings] == ["unparsed-row"]


def test_pipe_cells_cut_short_by_the_site() -> None:
    lines = pipe(HEADER, ["1", "Rà soát", "Sở Tư pháp", "Các sở", "2026"])
    lines += ["…..............", "|", "4", "|", "Đánh giá", "|", "Sở Nội vụ", "|", "Các sở", "|", "2027", "|"]
    (table,) = find_pipe_cell_tables(lines)
    assert [row.texts()[0] for row in table.rows] == ["STT", "1", "4"]
    assert table.rows[2].cut_before
    assert [finding.kind for finding in table.findings] == ["unparsed-row"]


def test_pipe_cells_header_with_an_unknown_column() -> None:
    header = ["**TT**", "**Nội dung**", "**Mức độ ưu tiên**", "**Cơ quan chủ trì**", "**Thời hạn**"]
    (table,) = find_pipe_cell_tables(pipe(header, ["1", "Rà soát", "Cao", "Sở Tư pháp", "2026"]))
    assert len(table.rows) == 2


def test_pipe_cells_needs_a_header_with_number_and_task_columns() -> None:
    lines = pipe(["**Họ và tên**", "**Chức vụ**", "**Ghi chú**"], ["Nguyễn Văn A", "Giám đốc", ""])
    assert find_pipe_cell_tables(lines) == []


def test_markdown_rows() -> None:
    lines = [
        "| TT | Chỉ tiêu | Chủ trì |",
        "|---|:---:|---|",
        "| 1 | 100% hồ sơ trực tuyến | Sở Nội vụ |",
        "text",
    ]
    (table,) = find_markdown_tables(lines)
    assert texts(table) == [["TT", "Chỉ tiêu", "Chủ trì"], ["1", "100% hồ sơ trực tuyến", "Sở Nội vụ"]]
    assert find_markdown_tables(["| a | b |", "| c | d |"]) == []  # no rule line: not a table


def test_html_merged_cells_are_kept_by_the_reader(tmp_path: Path) -> None:
    html = (
        "<p>KẾ HOẠCH</p><table>"
        "<tr><th>STT</th><th>Nhiệm vụ</th><th>Cơ quan chủ trì</th><th>Thời gian</th></tr>"
        "<tr><td>1</td><td>Việc một</td><td rowspan='2'>Sở Nội vụ</td><td>Quý I</td></tr>"
        "<tr><td>2</td><td>Việc hai</td><td>Quý II</td></tr>"
        "<tr><td rowspan='2'>3</td><td rowspan='2'>Việc ba</td><td>Sở Tư pháp</td><td>Quý III</td></tr>"
        "<tr><td>Sở Tài chính</td><td>Quý IV</td></tr></table>"
    )
    path = tmp_path / "merged.html"
    path.write_text(html, encoding="utf-8")
    src = read_source(path)
    assert src.lines[3] == "2\tViệc hai\t\tQuý II"  # the lines keep a merged cell's text once
    (table,) = src.tables or []
    assert table.rows[2].cells[2].covered and table.rows[2].cells[2].text == "Sở Nội vụ"
    tasks = read_task_tables(src).tasks
    assert [(t.code, t.text, t.lead_text, t.time_text) for t in tasks] == [
        ("1", "Việc một", "Sở Nội vụ", "Quý I"),
        ("2", "Việc hai", "Sở Nội vụ", "Quý II"),  # the lead cell spans rows 1-2
        ("3", "Việc ba", "Sở Tư pháp; Sở Tài chính", "Quý III; Quý IV"),  # one task over two rows
    ]


def test_document_blocks_are_paragraphs_and_tables_in_order() -> None:
    lines = [
        "KẾ HOẠCH",
        "Cải cách hành chính",
        "",
        *pipe(HEADER, ["1", "Rà soát", "Sở Tư pháp", "", "2026"]),
        "",
        "Nơi nhận",
    ]
    blocks = document_blocks(lines)
    assert [type(block).__name__ for block in blocks] == ["Paragraph", "Table", "Paragraph"]
    assert blocks[0].text == "KẾ HOẠCH Cải cách hành chính" and blocks[0].span == Span(1, 2)
    assert blocks[2].span == Span(len(lines), len(lines))


def test_tab_rows() -> None:
    (table,) = find_tab_tables(["x", "STT\tNội dung", "1\tRà soát", "", "2\tBan hành", "Nơi nhận"])
    assert texts(table) == [["STT", "Nội dung"], ["1", "Rà soát"], ["2", "Ban hành"]]


# --------------------------------------------------------------------------------------------------
# The recogniser
# --------------------------------------------------------------------------------------------------


def make_table(*rows: list[str], merged: bool = True) -> Table:
    """A table as a finder returns it; ``merged``: short rows lost merged cells (as in a web crawl)."""
    built = []
    for number, row in enumerate(rows, start=1):
        span = Span(number, number)
        built.append(Row([Cell(text, span, bold=text.startswith("**")) for text in row], span))
    return Table(built, "test", drops_merged_cells=merged)


def test_columns_in_any_order_and_wording() -> None:
    table = make_table(
        [
            "TT",
            "Nhiệm vụ, giải pháp",
            "Thời hạn hoàn thành",
            "Đơn vị thực hiện",
            "Sản phẩm đầu ra",
            "Đơn vị phối hợp",
        ],
        ["1", "Xây dựng kho dữ liệu", "Quý IV/2026", "Sở Tài chính", "Kho dữ liệu", "Sở Nội vụ"],
    )
    (task,) = read_table(table).tasks
    assert (task.lead_text, task.partner_text, task.time_text) == ("Sở Tài chính", "Sở Nội vụ", "Quý IV/2026")
    assert task.deliverables == ["Kho dữ liệu"]


def test_responsible_person_column_is_not_the_lead() -> None:
    table = make_table(
        ["STT", "Tên nhiệm vụ", "Người đứng đầu chịu trách nhiệm", "Cơ quan chủ trì", "Cơ quan phối hợp"],
        ["1", "Số hóa hồ sơ", "Giám đốc Sở Nội vụ", "Sở Nội vụ", "Các sở"],
    )
    (task,) = read_table(table).tasks
    assert (task.lead_text, task.responsible_text) == ("Sở Nội vụ", "Giám đốc Sở Nội vụ")


def test_target_table_with_three_columns_yields_tasks() -> None:
    table = make_table(
        ["TT", "Chỉ tiêu", "Chủ trì"],
        ["", "I. Kinh tế số", ""],
        ["1", "Kinh tế số đạt 30% GRDP", "Sở Tài chính"],
    )
    result = read_table(table)
    assert [(t.code, t.lead_text) for t in result.tasks] == [("I.1", "Sở Tài chính")]
    assert [(s.number, s.title) for s in result.sections] == [("I", "Kinh tế số")]


def test_parts_groups_sub_groups_and_dotted_numbers() -> None:
    table = make_table(
        ["STT", "Nhiệm vụ", "Chủ trì", "Phối hợp"],
        ["**A**", "**NỀN TẢNG**"],
        ["**I**", "**Thể chế**"],
        ["1.1", "Rà soát", "Sở Tư pháp", "Các sở"],
        ["**1.2**", "", "**Thương mại**", ""],
        ["1.2.1", "Thương mại điện tử", "Sở Công Thương", "Các sở"],
        ["**B**", "**XÃ HỘI SỐ**"],
        ["**I**", "**Kỹ năng số**"],
        ["1.1", "Phổ cập kỹ năng số", "Sở Khoa học và Công nghệ", "Các sở"],
    )
    result = read_table(table)
    assert [t.code for t in result.tasks] == ["A.I.1.1", "A.I.1.2.1", "B.I.1.1"]
    assert [s.number for s in result.sections] == ["A", "A.I", "B", "B.I"]
    assert not result.findings


def test_numbering_restarting_per_group_and_letter_sub_tasks() -> None:
    table = make_table(
        ["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp"],
        ["I", "Thể chế", "", ""],
        ["1", "Rà soát", "Sở Tư pháp", ""],
        ["a)", "Rà soát văn bản của tỉnh", "Sở Tư pháp", ""],
        ["II", "Hạ tầng", "", ""],
        ["1", "Nâng cấp", "Sở Khoa học và Công nghệ", ""],
    )
    result = read_table(table)
    assert [(t.code, t.parent_code) for t in result.tasks] == [
        ("I.1", None),
        ("I.1.a", "I.1"),
        ("II.1", None),
    ]


def test_a_row_missing_a_merged_cell_inherits_it_with_a_finding() -> None:
    table = make_table(
        ["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"],
        ["1", "Rà soát", "Sở Tư pháp", "Các sở", "2026"],
        ["2", "Công bố", "Các sở", "Quý II/2026"],  # the lead cell spans rows 1-2
    )
    result = read_table(table)
    assert [(t.lead_text, t.partner_text, t.time_text) for t in result.tasks][1] == (
        "Sở Tư pháp",
        "Các sở",
        "Quý II/2026",
    )
    assert [f.kind for f in result.findings] == ["other"]
    assert "lead" in result.findings[0].message


def test_column_number_row_is_skipped_and_a_row_under_a_merged_number_continues_the_task() -> None:
    table = make_table(
        ["STT", "Nội dung", "Cơ quan chủ trì", "Thời gian"],
        ["(1)", "(2)", "(3)", "(4)"],
        ["1", "Tổ chức hội nghị triển khai", "Sở Nội vụ", "Quý I/2026"],
        ["tại cấp xã", "UBND các xã, phường", "Quý II/2026"],  # the number cell spans both rows
    )
    result = read_table(table)
    (task,) = result.tasks
    assert task.text == "Tổ chức hội nghị triển khai tại cấp xã"
    assert (task.lead_text, task.time_text) == ("Sở Nội vụ; UBND các xã, phường", "Quý I/2026; Quý II/2026")
    assert not result.findings


def test_no_number_column_takes_the_numbers_from_the_task_cells() -> None:
    header = ["**Nội dung**", "**Cơ quan chủ trì**", "**Cơ quan phối hợp**", "**Thời gian**"]
    lines = pipe(header, ["**I. THỂ CHẾ**"], ["1. Rà soát văn bản", "Sở Tư pháp", "Các sở", "2026"])
    result = read_task_tables(SourceText("mem.txt", lines, "text"))
    assert [(t.code, t.item, t.text, t.lead_text) for t in result.tasks] == [
        ("I.1", "1.", "Rà soát văn bản", "Sở Tư pháp")
    ]


def test_table_of_figures_is_not_a_task_table() -> None:
    table = make_table(
        ["STT", "Chỉ tiêu", "Năm 2025", "Năm 2026"], ["1", "Tỷ lệ hồ sơ trực tuyến", "60%", "80%"]
    )
    assert read_table(table).tasks == []
    assert read_table(table).findings == []


def test_task_table_with_no_row_read_is_an_error() -> None:
    table = make_table(
        ["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp"], ["Theo phụ lục", "", "", ""]
    )
    result = read_table(table)
    assert result.tasks == []
    assert [(f.kind, f.severity) for f in result.findings][-1] == ("no-task-table", Severity.ERROR)


def test_codes_stay_unique_across_the_tables_of_a_plan() -> None:
    rows = [HEADER, ["1", "Rà soát", "Sở Tư pháp", "Các sở", "2026"]]
    lines = [*pipe(*rows), "", "Đoạn văn giữa hai bảng " * 30, "", *pipe(*rows)]
    src = SourceText("mem.txt", lines, "text")
    result = read_task_tables(src)
    assert [t.code for t in result.tasks] == ["1", "PL2.1"]  # a second table numbered again: its own section
    assert [(s.number, s.inferred) for s in result.sections] == [("PL2", True)]
    assert [f.kind for f in result.findings] == []
