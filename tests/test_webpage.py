"""Saved web pages of legal databases: seed 000 rendered as HTML inside realistic site chrome (banner, menu,
metadata table, related documents, footer) reads like the .txt, and nothing of the chrome is read."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from test_office import SEEDS, TASKS, extracted
from test_readers import deliverable_paragraphs

from ingest.finders import document_blocks
from ingest.model import Table
from ingest.pipeline import parse_document
from ingest.readers import read_source
from ingest.readers.webpage import document_part

CHROME_BEFORE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Kế hoạch 285/KH-UBND năm 2020 về cải cách hành chính tỉnh Đồng Tháp - Cơ sở dữ liệu văn bản</title>
<style>.menu { color: #036; }</style><script>window.dataLayer = ['Sở Du lịch'];</script></head>
<body><div id="wrapper">
<header class="site"><div class="banner"><img src="logo.png" alt="logo"> CƠ SỞ DỮ LIỆU VĂN BẢN PHÁP LUẬT</div>
<nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/vb">Văn bản pháp luật</a></li>
<li><a href="/so-du-lich">Sở Du lịch</a></li><li><a href="/lien-he">Liên hệ</a></li></ul></nav></header>
<form action="/tim"><input name="q" placeholder="Tìm văn bản"><button>Tìm kiếm</button></form>
<div class="main">
<div class="breadcrumb">Trang chủ › Văn bản › Kế hoạch 285/KH-UBND</div>
<h1 class="page-title">Kế hoạch 285/KH-UBND năm 2020 về cải cách hành chính tỉnh Đồng Tháp</h1>
<table class="meta">
<tr><th>Số hiệu</th><td>285/KH-UBND</td><th>Loại văn bản</th><td>Kế hoạch</td></tr>
<tr><th>Nơi ban hành</th><td>Tỉnh Đồng Tháp</td><th>Người ký</th><td>Nguyễn Văn A</td></tr>
<tr><th>Ngày ban hành</th><td>05/12/2020</td><th>Ngày hiệu lực</th><td>Đã biết</td></tr>
</table>
<div class="tabs"><span>Nội dung</span> <span>Tiếng Anh</span> <span>Lược đồ</span></div>
<div class="content" id="toanvan">
"""

CHROME_AFTER = """</div>
<div class="related"><h3>Văn bản liên quan</h3><ul>
<li><a href="#">Quyết định 1234/QĐ-UBND năm 2019 về quy chế làm việc của Sở Ngoại vụ tỉnh Long An</a></li>
<li><a href="#">Nghị quyết 76/NQ-CP năm 2021 về Chương trình tổng thể cải cách hành chính</a></li>
</ul>
<table class="list"><tr><th>STT</th><th>Tên văn bản</th><th>Cơ quan ban hành</th><th>Thời gian</th></tr>
<tr><td>1</td><td>Kế hoạch chuyển đổi số năm 2021</td><td>Sở Du lịch</td><td>Quý I/2021</td></tr>
<tr><td>2</td><td>Kế hoạch kiểm tra công vụ</td><td>Sở Ngoại vụ</td><td>Năm 2021</td></tr>
</table></div>
</div>
<aside><h3>Văn bản mới</h3><p>Thông tư 99/2020/TT-BTC của Bộ Quốc phòng</p></aside>
<footer><p>Cơ quan chủ quản: Sở Ngoại vụ tỉnh Long An. Giấy phép số: 123/GP-STTTT.</p></footer>
</div></body></html>
"""

CHROME_AGENCIES = {"so-du-lich", "so-ngoai-vu", "bo-quoc-phong"}
CHROME_NUMBERS = ("1234/QĐ-UBND", "76/NQ-CP", "99/2020/TT-BTC", "123/GP-STTTT")


def _cell(raw: str, text: str) -> str:
    if "<ul" in raw:
        items = [p.lstrip("- ").strip() for p in deliverable_paragraphs(raw)]
        return "<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ul>"
    return html.escape(text)


def _table(table: Table) -> str:
    """A table; a row with text in its first two cells only (a section title) spans the row."""
    width = max(len(row.cells) for row in table.rows)
    out = ["<table border='1' class='MsoTableGrid'>"]
    for row in table.rows:
        raws = [c.raw for c in row.cells] + [""] * (width - len(row.cells))
        texts = [c.text for c in row.cells] + [""] * (width - len(row.cells))
        if width > 3 and any(texts[:2]) and not any(t.strip() for t in texts[2:]):
            number, title = html.escape(texts[0]), html.escape(texts[1])
            out.append(f"<tr><td>{number}</td><td colspan='{width - 1}'><b>{title}</b></td></tr>")
            continue
        out.append(
            "<tr>"
            + "".join(f"<td><p>{_cell(r, t)}</p></td>" for r, t in zip(raws, texts, strict=True))
            + "</tr>"
        )
    out.append("</table>")
    return "\n".join(out)


def document_html(src: Path) -> str:
    """The text plan ``src`` as the HTML a legal database shows: paragraphs, and tables with merged cells."""
    lines = [line.lstrip("#").strip() if line.startswith("#") else line for line in read_source(src).lines]
    tables = {t.span.first: t for t in document_blocks(lines) if isinstance(t, Table)}
    out: list[str] = []
    number = 1
    while number <= len(lines):
        table = tables.get(number)
        if table is not None:
            out.append(_table(table))
            number = table.span.last + 1
            continue
        text = lines[number - 1].replace("**", "").strip()
        if text:
            out.append(f"<p class='MsoNormal'>{html.escape(text)}</p>")
        number += 1
    return "\n".join(out)


def save_page(folder: Path, seed: str) -> Path:
    """Seed ``seed`` as the document inside a legal database's page."""
    path = folder / f"van-ban-{seed}.html"
    path.write_text(CHROME_BEFORE + document_html(SEEDS[seed]) + CHROME_AFTER, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def saved_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save_page(tmp_path_factory.mktemp("webpage"), "000")


@pytest.mark.parametrize("seed", ["000", "003"])
def test_a_saved_page_reads_like_the_text(tmp_path: Path, seed: str) -> None:
    """A page has no blank lines between paragraphs; the citation just under seed 003's plan heading is
    still the plan's (ingest.references.paragraphs opens one at the plan heading)."""
    parsed = parse_document(save_page(tmp_path, seed))
    text = parse_document(SEEDS[seed])
    assert len(parsed.tasks) == TASKS[seed]
    assert extracted(parsed) == extracted(text)
    assert parsed.plan.title == text.plan.title  # never the page's <title>
    assert (parsed.decision and parsed.decision.title) == (text.decision and text.decision.title)


def test_nothing_of_the_chrome_is_read(saved_page: Path) -> None:
    lines = read_source(saved_page).lines
    text = "\n".join(lines)
    for chrome in (
        "Trang chủ",
        "Số hiệu",
        "Văn bản liên quan",
        "Cơ quan chủ quản",
        "Tìm kiếm",
        "logo",
        "Long An",
    ):
        assert chrome not in text
    assert lines[0] == "Số: 285/KH-UBND"
    parsed = parse_document(saved_page)
    agencies = {a.key for t in parsed.tasks for a in [*t.leads, *t.partners]}
    assert not agencies & CHROME_AGENCIES
    written = " ".join(r.as_written for r in parsed.references)
    assert not any(number in written for number in CHROME_NUMBERS)
    assert not any("Sở Du lịch" in f.message for f in parsed.findings)


def test_a_page_without_an_official_header_keeps_its_text() -> None:
    page = "<html><head><title>T</title></head><body><nav>Menu</nav><p>Một</p>"
    page += "<footer>Cuối</footer></body></html>"
    assert document_part(page) == "<html><head><title>T</title></head><body><p>Một</p></body></html>"


def test_the_official_header_inside_a_header_element_is_kept() -> None:
    page = (
        "<body><nav>Menu</nav><article><header><p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p></header>"
        "<p>KẾ HOẠCH</p><p>Nội dung dài của văn bản</p></article><div>Liên quan</div></body>"
    )
    kept = document_part(page)
    assert kept.startswith("<article><header><p>CỘNG HÒA") and kept.endswith("</article>")


def test_rowspan_and_colspan_are_kept_inside_the_document() -> None:
    page = (
        "<body><div class='menu'>Menu trang</div><div id='doc'><p>Số: 1/KH-UBND</p><table>"
        "<tr><th>STT</th><th>Nhiệm vụ</th><th>Cơ quan chủ trì</th><th>Thời gian</th></tr>"
        "<tr><td>1</td><td>Việc một</td><td rowspan='2'>Sở Nội vụ</td><td>Quý I</td></tr>"
        "<tr><td>2</td><td>Việc hai</td><td>Quý II</td></tr>"
        "<tr><td colspan='4'>Ghi chú chung cho cả bảng</td></tr></table></div></body>"
    )
    from ingest.readers.html import _parse

    parser = _parse(document_part(page))
    assert parser.lines[0] == "Số: 1/KH-UBND"
    assert parser.lines[3] == "2\tViệc hai\t\tQuý II"
    assert parser.lines[4] == "Ghi chú chung cho cả bảng\t\t\t"
    assert parser.tables[0].rows[2].cells[2].covered and parser.tables[0].rows[2].cells[2].text == "Sở Nội vụ"


def test_a_short_letter_beside_a_long_related_list() -> None:
    related = "".join(
        f"<li>Quyết định {n}/QĐ-UBND năm 2020 về việc phê duyệt danh mục số {n}</li>" for n in range(60)
    )
    page = (
        "<body><div class='page'><div class='doc'><table><tr><td>BỘ NỘI VỤ</td>"
        "<td>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</td></tr>"
        "<tr><td>Số: 45/BNV-VP</td><td>Hà Nội</td></tr></table>"
        "<p>Kính gửi: Ủy ban nhân dân các tỉnh</p><p>Bộ Nội vụ đề nghị báo cáo.</p>"
        "<table><tr><td>Nơi nhận:<br>- Như trên;</td><td>KT. BỘ TRƯỞNG</td></tr></table></div>"
        f"<div class='related'><h3>Văn bản liên quan</h3><ul>{related}</ul></div></div></body>"
    )
    kept = document_part(page)
    assert (
        kept.startswith("<div class='doc'>") and "Văn bản liên quan" not in kept and "KT. BỘ TRƯỞNG" in kept
    )
