"""Format readers: text decoding and its errors, .docx and .html tables read back into TaskRecords."""

from __future__ import annotations

import dataclasses
import unicodedata
from pathlib import Path

import docx
import pytest
from docx.document import Document

from ingest.errors import IngestError
from ingest.readers import SourceText, read_source, register_reader, source
from ingest.readers.html import html_lines
from ingest.readers.text import CP1258_HINT, VNI_HINT
from ingest.records import TaskRecord
from ingest.tables import read_task_tables

SEED_000 = Path(__file__).resolve().parents[1] / "ingest" / "samples" / "000_8ed5b0c1c9e5996d.txt"

# The first rows of seed 000's table (lines 149-166), cell by cell.
HEADER = [
    "Số TT",
    "Nội dung thực hiện",
    "Sản phẩm",
    "Cơ quan, đơn vị chủ trì",
    "Cơ quan, đơn vị phối hợp",
    "Thời gian thực hiện",
    "Kinh phí dự kiến",
    "Ghi chú",
]


def seed_rows() -> list[list[str]]:
    """Seed 000 lines 150-166 as cell lists (blank lines dropped)."""
    text = SEED_000.read_text(encoding="utf-8").split("\n")
    return [line.split("\t") for line in text[149:166] if line.strip()]


def comparable(tasks: list[TaskRecord]) -> list[dict[str, object]]:
    """Tasks without their spans (line numbers differ between formats)."""
    return [{k: v for k, v in dataclasses.asdict(t).items() if k != "span"} for t in tasks]


def expected_tasks() -> list[TaskRecord]:
    src = read_source(SEED_000)
    tasks = read_task_tables(src).tasks
    return [t for t in tasks if t.section in ("1", "2")]


def deliverable_paragraphs(cell: str) -> list[str]:
    """'<ul ...> - A; - B ' -> ["- A", "- B"] (as paragraphs in a Word cell)."""
    if "<ul" not in cell:
        return [cell]
    body = cell.split(">", 1)[1]
    return ["- " + part.strip(" -") for part in body.split(";") if part.strip(" -")]


# --------------------------------------------------------------------------------------------------
# text
# --------------------------------------------------------------------------------------------------


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_text_reader_bom_crlf_nfc(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Sở Nội vụ")
    data = b"\xef\xbb\xbfK\xe1\xba\xbe HO\xe1\xba\xa0CH\r\n" + decomposed.encode() + b"\r\n"
    path = write(tmp_path, "plan.txt", data)
    src = read_source(path)
    assert src.lines == ["KẾ HOẠCH", "Sở Nội vụ"]
    assert src.source_format == "text"
    assert src.path == str(path)
    assert src.line(2) == "Sở Nội vụ" and src.line(3) == ""


@pytest.mark.parametrize("suffix", [".md", ".markdown", ""])
def test_text_suffixes(tmp_path: Path, suffix: str) -> None:
    src = read_source(write(tmp_path, "plan" + suffix, "# Kế hoạch\n".encode()))
    assert src.lines == ["# Kế hoạch"]


@pytest.mark.parametrize("data", [b"", b"  \n\r\n\t ", b"\xef\xbb\xbf"])
def test_empty_file(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, "empty.txt", data)
    with pytest.raises(IngestError) as info:
        read_source(path)
    assert info.value.message == "file is empty"
    assert info.value.source == str(path)


@pytest.mark.parametrize(
    "data", [b"abc\x00def", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", bytes(range(1, 32)) * 20 + b"text"]
)
def test_binary_file(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, "plan.txt", data)
    with pytest.raises(IngestError) as info:
        read_source(path)
    assert info.value.message == "binary file, not a text document"
    assert info.value.source == str(path)


def to_cp1258(text: str) -> bytes:
    """Vietnamese text in Windows-1258: base letters precomposed, tone marks combining."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out += (base + "".join(c for c in parts if c in tones)).encode("cp1258")
    return bytes(out)


def test_not_utf8_windows_1258(tmp_path: Path) -> None:
    text = "KE HOACH\nCải cách hành chính nhà nước tỉnh Đồng Tháp năm 2021\nSở Nội vụ chủ trì thực hiện\n"
    data = to_cp1258(text)
    assert data.decode("cp1258") != text  # combining marks: really a legacy encoding
    path = write(tmp_path, "cp1258.txt", data)
    with pytest.raises(IngestError) as info:
        read_source(path)
    error = info.value
    assert error.line == 2
    assert error.message.startswith("not UTF-8 text (invalid byte 0x")
    assert error.message.endswith("; " + CP1258_HINT)
    assert CP1258_HINT == "looks like Windows-1258; convert to UTF-8 (iconv -f CP1258 -t UTF-8)"
    assert error.expected == "UTF-8 text"
    assert str(path) in str(error)


def test_not_utf8_vni(tmp_path: Path) -> None:
    vni = "UÛY BAN NHAÂN DAÂN TÆNH ÑOÀNG THAÙP\nKeá hoaïch caûi caùch haønh chính nhaø nöôùc\nSôû Noäi vuï\n"
    path = write(tmp_path, "vni.txt", vni.encode("cp1252"))
    with pytest.raises(IngestError) as info:
        read_source(path)
    assert info.value.line == 1
    assert info.value.message == "not UTF-8 text (invalid byte 0xDB); " + VNI_HINT
    assert "looks like VNI" in info.value.message


def test_not_utf8_without_hint(tmp_path: Path) -> None:
    path = write(tmp_path, "latin.txt", b"line one\nline two\nr\xe9sum\xe9\n")
    with pytest.raises(IngestError) as info:
        read_source(path)
    assert info.value.message == "not UTF-8 text (invalid byte 0xE9)"
    assert info.value.line == 3


def test_unsupported_suffix(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as info:
        read_source(write(tmp_path, "plan.epub", b"PK\x03\x04"))
    assert info.value.message == "unsupported file format '.epub'"
    assert ".docx" in (info.value.expected or "")


def test_register_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source.supported_suffixes()  # the built-in readers are registered first
    monkeypatch.setattr(source, "_READERS", dict(source._READERS))  # the test's reader goes with it

    def read_csv(path: Path) -> SourceText:
        rows = path.read_text(encoding="utf-8").splitlines()
        return SourceText(str(path), [row.replace(";", "\t") for row in rows], "csv")

    register_reader([".csv"], read_csv)
    src = read_source(write(tmp_path, "t.csv", "STT;Nhiệm vụ;Chủ trì\n1;Việc;Sở A\n".encode()))
    assert src.source_format == "csv"
    assert [t.lead_text for t in read_task_tables(src).tasks] == ["Sở A"]


# --------------------------------------------------------------------------------------------------
# docx
# --------------------------------------------------------------------------------------------------


def build_docx(path: Path) -> None:
    """Seed 000's first rows as a Word table, between paragraphs; section rows merged across columns."""
    document: Document = docx.Document()
    document.add_paragraph("PHỤ LỤC")
    document.add_paragraph("CÁC NHIỆM VỤ CỤ THỂ")
    rows = seed_rows()
    table = document.add_table(rows=1 + len(rows), cols=len(HEADER))
    for column, label in enumerate(HEADER):
        table.cell(0, column).text = label
    for index, cells in enumerate(rows, start=1):
        cells = [*cells, *[""] * (len(HEADER) - len(cells))]
        if not any(c.strip() for c in cells[2:]):  # section row: merge the title across the row
            number, title = [*cells[0].split(" ", 1), ""][:2] if not cells[1] else (cells[0], cells[1])
            table.cell(index, 0).text = number
            merged = table.cell(index, 1).merge(table.cell(index, len(HEADER) - 1))
            merged.text = title
            continue
        for column, value in enumerate(cells[: len(HEADER)]):
            cell = table.cell(index, column)
            paragraphs = deliverable_paragraphs(value) if column == 2 else [value]
            cell.text = paragraphs[0]
            for extra in paragraphs[1:]:
                cell.add_paragraph(extra)
    document.add_paragraph("UBND TỈNH ĐỒNG THÁP")
    document.save(str(path))


def test_docx_table_reads_back_into_same_tasks(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    build_docx(path)
    src = read_source(path)
    assert src.source_format == "docx"
    assert src.lines[:3] == ["PHỤ LỤC", "CÁC NHIỆM VỤ CỤ THỂ", "\t".join(HEADER)]
    assert src.lines[-1] == "UBND TỈNH ĐỒNG THÁP"
    assert src.lines[3] == "1.\tCông tác thông tin, tuyên truyền" + "\t" * 6  # merged cell: text once
    assert "- Báo cáo kết quả rà soát <br> - Quyết định công bố văn bản" in src.lines[16]
    result = read_task_tables(src)
    assert comparable(result.tasks) == comparable(expected_tasks())
    assert [s.title for s in result.sections] == ["Công tác thông tin, tuyên truyền", "Cải cách thể chế"]
    assert len(result.tasks) == 13


def test_docx_vertical_merge_emits_text_once(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for row, values in enumerate(
        [["STT", "Nhiệm vụ", "Cơ quan chủ trì"], ["1", "Việc một", ""], ["2", "Việc hai", ""]]
    ):
        for column, value in enumerate(values):
            table.cell(row, column).text = value
    table.cell(1, 2).merge(table.cell(2, 2)).text = "Sở Nội vụ"
    path = tmp_path / "merged.docx"
    document.save(str(path))
    src = read_source(path)
    assert src.lines == ["STT\tNhiệm vụ\tCơ quan chủ trì", "1\tViệc một\tSở Nội vụ", "2\tViệc hai\t"]


@pytest.mark.parametrize("data", [b"PK\x03\x04 not really a zip", b"just some text, not a Word file"])
def test_corrupt_docx(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, "broken.docx", data)
    with pytest.raises(IngestError) as info:
        read_source(path)
    assert info.value.message == "not a valid .docx file (corrupt or not a Word document)"
    assert info.value.source == str(path)


def test_empty_docx(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as info:
        read_source(write(tmp_path, "empty.docx", b""))
    assert info.value.message == "file is empty"


# --------------------------------------------------------------------------------------------------
# html
# --------------------------------------------------------------------------------------------------


def build_html() -> str:
    """Seed 000's first rows as an HTML table with a <script> inside a cell and list deliverables."""
    out = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Kế hoạch</title>",
        "<style>td { color: red; }</style><script>var rows = '1.\\tFake';</script></head><body>",
        "<h1>PHỤ LỤC</h1><p>CÁC NHIỆM VỤ <b>CỤ THỂ</b> &amp; phân công</p>",
        "<table border=1>",
        "<tr>" + "".join(f"<th>{h}</th>" for h in HEADER) + "</tr>",
    ]
    for cells in seed_rows():
        cells = [*cells, *[""] * (len(HEADER) - len(cells))]
        if not any(c.strip() for c in cells[2:]):
            number, title = [*cells[0].split(" ", 1), ""][:2] if not cells[1] else (cells[0], cells[1])
            out.append(f"<tr><td>{number}</td><td colspan='7'><b>{title}</b></td></tr>")
            continue
        tds = []
        for column, value in enumerate(cells[: len(HEADER)]):
            if column == 2 and "<ul" in value:
                items = [p.strip(" -") for p in value.split(">", 1)[1].split(";") if p.strip(" -")]
                value = "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
            if column == 1:
                value = f"{value}<script>document.write('\\tSở Giả');</script>"
            tds.append(f"<td>\n  {value}\n</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</table><div>UBND TỈNH ĐỒNG THÁP</div></body></html>")
    return "\n".join(out)


def test_html_table_reads_back_into_same_tasks(tmp_path: Path) -> None:
    path = write(tmp_path, "plan.html", build_html().encode("utf-8"))
    src = read_source(path)
    assert src.source_format == "html"
    assert src.lines[:3] == ["Kế hoạch", "PHỤ LỤC", "CÁC NHIỆM VỤ CỤ THỂ & phân công"]
    assert src.lines[3] == "\t".join(HEADER)
    assert src.lines[-1] == "UBND TỈNH ĐỒNG THÁP"
    assert not any("Fake" in line or "Sở Giả" in line or "color" in line for line in src.lines)
    result = read_task_tables(src)
    assert comparable(result.tasks) == comparable(expected_tasks())
    assert result.tasks[11].deliverables == ["Báo cáo kết quả rà soát", "Quyết định công bố văn bản"]


def test_html_htm_suffix_and_spans(tmp_path: Path) -> None:
    html = (
        "<table><tr><th>STT</th><th>Nhiệm vụ</th><th>Cơ quan chủ trì</th><th>Thời gian</th></tr>"
        "<tr><td>1</td><td>Việc một</td><td rowspan='2'>Sở Nội vụ</td><td>Quý I</td></tr>"
        "<tr><td>2</td><td>Việc hai<br/>tiếp theo</td><td>Quý II</td></tr></table>"
    )
    src = read_source(write(tmp_path, "t.htm", html.encode()))
    assert src.lines == [
        "STT\tNhiệm vụ\tCơ quan chủ trì\tThời gian",
        "1\tViệc một\tSở Nội vụ\tQuý I",
        "2\tViệc hai <br> tiếp theo\t\tQuý II",
    ]
    tasks = read_task_tables(src).tasks
    assert [(t.code, t.text, t.time_text) for t in tasks] == [
        ("1", "Việc một", "Quý I"),
        ("2", "Việc hai tiếp theo", "Quý II"),
    ]


def test_html_lists_and_entities() -> None:
    assert html_lines("<ul><li>một</li><li>hai &lt;3&gt;</li></ul><ol><li>ba</li><li>bốn</li></ol>") == [
        "- một",
        "- hai <3>",
        "1. ba",
        "2. bốn",
    ]
    assert html_lines("<p>a<br>b</p><script>x()</script><style>p{}</style><p>c</p>") == ["a", "b", "c"]
