"""Issue 17's broken-today fixes, on the workbench store (the five seeds and the ten corpus plans), served.

Search covers every plan of a province, documents by number and the documents citing them; the site icon;
the home page's plans-by-province-and-year table (no empty province, fits its card); the plan page's area
filter ("no area" is its own value), its legal bases (one row per document, mentions grouped), a plan with
no task saying why, and links of documents whose number was not read. Figures are counted from the store
with other named queries, then asserted as the exact numbers they are.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest
from workbench import SCREENSHOTS

from api.web.links import document_url, page_for, plan_url
from queries.library import run

DONG_THAP = "Đồng Tháp"


def section(html: str, ident: str) -> str:
    """The HTML of the element with ``id="ident"`` up to the end of its section."""
    start = html.index(f'id="{ident}"')
    return html[start : html.index("</section>", start)]


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


class Rows(HTMLParser):
    """The text of each cell of each ``<tr>`` of a fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1].append(re.sub(r"\s+", " ", "".join(self._cell)).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table_rows(html: str) -> list[list[str]]:
    parser = Rows()
    parser.feed(html)
    return [row for row in parser.rows if row]


@pytest.fixture(scope="module")
def web(workbench_url: str) -> httpx.Client:
    with httpx.Client(base_url=workbench_url, timeout=120, cookies={"lang": "vi"}) as client:
        yield client


@pytest.fixture(scope="module")
def store(workbench_store: tuple[object, Path]) -> object:
    return workbench_store[0]


# -- search ----------------------------------------------------------------------------------------


def search_section(web: httpx.Client, q: str, kind: str) -> str:
    page = web.get("/search", params={"q": q})
    assert page.status_code == 200
    return section(page.text, f"results-{kind}") if f'id="results-{kind}"' in page.text else ""


def test_search_by_province_lists_every_plan_of_the_province(web: httpx.Client, store: object) -> None:
    """ "dong thap" lists the 4 plans of Đồng Tháp (it listed the 2 whose title names the province)."""
    expected = {str(p["number"]) for p in run(store, "plans").as_dicts() if p["province"] == DONG_THAP}
    assert expected == {"272/KH-UBND", "285/KH-UBND", "71/QĐ-UBND-HC", "617/KH-UBND"}
    plans = search_section(web, "dong thap", "plan")
    assert {unquote(h.removeprefix("/plans/")) for h in hrefs(plans)} == expected
    rows = run(store, "search", {"q": "Đồng Tháp"}).as_dicts()
    assert sorted(r["label"] for r in rows if r["kind"] == "plan") == sorted(expected)
    # a province with one plan, and its own plans only
    assert [r["label"] for r in run(store, "search", {"q": "nghe an"}).as_dicts() if r["kind"] == "plan"] == [
        "980/KH-UBND"
    ]


def citing_numbers(store: object, number: str) -> set[str]:
    """The numbers of the documents citing ``number``, counted from ``document-relations`` (its incoming
    mentions and curated relations; a plan a decision issues counted once, by the decision's number)."""
    rows = run(store, "document-relations", {"document": number}).as_dicts()
    prefix = "Kế hoạch ban hành kèm theo "
    return {str(r["holder"]).removeprefix(prefix) for r in rows if r["direction"] == "incoming"}


def test_search_by_number_finds_the_document_and_the_documents_citing_it(
    web: httpx.Client, store: object
) -> None:
    expected = citing_numbers(store, "71/NQ-CP")
    assert expected == {"144/KH-UBND", "179/KH-UBND", "2597/QĐ-TTg", "617/KH-UBND", "6225/BVHTTDL-VP"}
    rows = run(store, "search", {"q": "71/nq-cp"}).as_dicts()
    # 71/NQ-CP by its number, and three plans of 2025 whose titles name it (cited by nothing here)
    documents = [r["label"] for r in rows if r["kind"] == "document"]
    assert sorted(set(documents)) == ["17/KH-UBND", "283/KH-UBND", "71/NQ-CP", "92/KH-UBND"]
    citing = [r for r in rows if r["kind"] == "citing"]
    # 6225/BVHTTDL-VP's decision and the plan it issues both cite it: two rows, one plan page
    assert len(citing) == 6 and {r["label"] for r in citing} == expected
    assert {r["cites"] for r in citing} == {"71/NQ-CP"}
    assert all(r["plan_number"] == r["label"] for r in citing)  # all five are ingested plans
    # on the page, the document whose number was asked for comes first, each document once
    documents_page = hrefs(search_section(web, "71/NQ-CP", "document"))
    assert documents_page[0] == "/documents/71%2FNQ-CP" and len(documents_page) == 4
    page = search_section(web, "71/NQ-CP", "citing")
    assert "dẫn chiếu 71/NQ-CP" in page
    links = hrefs(page)
    assert len(links) == 5
    for href in links:  # each opens its plan page
        assert href.startswith("/plans/") and web.get(href).status_code == 200
    # only a number: 1899/QĐ-TTg and the one plan citing it (Nghệ An's 980/KH-UBND)
    assert citing_numbers(store, "1899/QĐ-TTg") == {"980/KH-UBND"}
    found = run(store, "search", {"q": "1899"}).as_dicts()
    assert [(r["kind"], r["label"]) for r in found if r["kind"] in ("document", "citing")] == [
        ("document", "1899/QĐ-TTg"),
        ("citing", "980/KH-UBND"),
    ]
    assert "/documents/1899%2FQ%C4%90-TTg" in hrefs(search_section(web, "1899", "document"))


def test_search_kinds_come_in_order(store: object) -> None:
    kinds = [r["kind"] for r in run(store, "search", {"q": "dong thap"}).as_dicts()]
    order = ["agency", "plan", "document", "citing", "task"]
    assert kinds == sorted(kinds, key=order.index)
    # documents found by their title bring no citing documents; by their number they do
    # agencies of Đồng Tháp, and of its lineage (issue 18: Tiền Giang's bodies that joined them in 2025)
    assert Counter(kinds) == {"agency": 33, "plan": 4, "document": 3, "task": 6}
    rows = run(store, "search", {"q": "76/NQ-CP"}).as_dicts()
    assert [r["kind"] for r in rows] == ["document", "citing", "citing", "citing"]
    # 23/CT-TTg (the curated reference base) and Ninh Thuận's 465/QĐ-UBND (the decision and its plan)
    assert sorted(r["label"] for r in rows if r["kind"] == "citing") == [
        "23/CT-TTg",
        "465/QĐ-UBND",
        "465/QĐ-UBND",
    ]


# -- the site icon ---------------------------------------------------------------------------------


def test_favicon_is_served_and_linked(web: httpx.Client) -> None:
    icon = web.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/x-icon"
    body = icon.content
    assert body[:4] == b"\x00\x00\x01\x00" and int.from_bytes(body[4:6], "little") == 3  # ICO, 3 sizes
    sizes = {(body[6 + 16 * i] or 256, body[7 + 16 * i] or 256) for i in range(3)}
    assert sizes == {(16, 16), (32, 32), (48, 48)}
    assert web.get("/static/favicon.ico").content == body
    assert '<link rel="icon" href="/favicon.ico"' in web.get("/").text


# -- home page -------------------------------------------------------------------------------------


def test_home_matrix_has_a_named_row_for_every_plan(web: httpx.Client, store: object) -> None:
    """Every row of the plans-by-province-and-year table names its province (the national plans' is
    "Việt Nam", their jurisdiction's name), none is empty, and every plan sits in one cell."""
    plans = run(store, "plans").as_dicts()
    matrix = section(web.get("/").text, "plans-by-province-year")
    rows = table_rows(matrix)
    header, body = rows[0], rows[1:]
    assert header[0] == "Tỉnh" and header[1:] == ["2019", "2020", "2021", "2025", "2026"]
    names = [row[0] for row in body]
    assert all(names) and names == sorted({str(p["province"]) for p in plans})
    assert len(names) == 9 and "Việt Nam" in names and "Đồng Tháp" in names
    chips = re.findall(r'<a class="chip" href="([^"]+)">([^<]+)</a>', matrix)
    assert sorted(number for _, number in chips) == sorted(str(p["number"]) for p in plans)
    assert len(chips) == 15
    national = body[names.index("Việt Nam")]
    assert national[4] == "6225/BVHTTDL-VP2623/QĐ-TTg" and national[5] == "2597/QĐ-TTg"


def test_home_matrix_fits_its_card_in_a_browser(workbench_url: str, browser: object) -> None:
    """At 1366 px the table is not clipped: its scrolling wrapper is as wide as the table (nothing hidden
    to the right); in a 700 px window it scrolls inside its wrapper, the page itself does not."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")  # type: ignore[attr-defined]
    foreign: list[str] = []
    context.on("request", lambda r: None if r.url.startswith(workbench_url) else foreign.append(r.url))
    try:
        page = context.new_page()
        page.goto(workbench_url + "/")
        wrap = page.locator("#plans-by-province-year .matrix-wrap")
        sizes = wrap.evaluate("e => [e.scrollWidth, e.clientWidth, e.querySelector('table').scrollWidth]")
        assert sizes[0] <= sizes[1] and sizes[2] <= sizes[1], sizes
        card = page.locator("#plans-by-province-year").bounding_box()
        assert card and card["width"] > 1000  # it spans the page, not half of it
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        wrap.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "crawl-search-fixes-1.png"))
        page.set_viewport_size({"width": 700, "height": 900})
        narrow = wrap.evaluate("e => [e.scrollWidth, e.clientWidth, getComputedStyle(e).overflowX]")
        assert narrow[2] == "auto"
        page_width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert page_width[0] <= page_width[1] + 1, page_width
    finally:
        context.close()
    assert not foreign, foreign


# -- plan page -------------------------------------------------------------------------------------


def test_area_filter_all_and_no_area_are_two_values(web: httpx.Client, store: object) -> None:
    tasks = run(store, "tasks", {"plan": "71/QĐ-UBND-HC"}).as_dicts()
    without = [t for t in tasks if not t["area"]]
    assert (len(tasks), len(without)) == (23, 15)
    url = "/plans/71%2FQ%C4%90-UBND-HC"
    page = web.get(url).text
    select = page[page.index('<select name="area">') : page.index("</select>", page.index('name="area"'))]
    values = re.findall(r'<option value="([^"]*)"', select)
    assert values[0] == "" and "none" in values and len(values) == len(set(values))  # each value once
    assert '<option value="none">Chưa xếp lĩnh vực</option>' in select
    assert section(page, "tasks").count('<tr id="task-') == 23
    none = section(web.get(url, params={"area": "none"}).text, "tasks")
    assert none.count('<tr id="task-') == 15
    assert {m for m in re.findall(r'<tr id="task-([^"]+)"', none)} == {
        str(t["code"]).replace("đ", "dd").lower() for t in without
    } or none.count('<tr id="task-') == len(without)
    direction = section(web.get(url, params={"area": "direction"}).text, "tasks")
    assert direction.count('<tr id="task-') == sum(t["area"] == "direction" for t in tasks)
    empty = section(web.get(url, params={"area": "none", "quarter": "2030-Q4"}).text, "tasks")
    assert "Không có nhiệm vụ nào khớp bộ lọc." in empty


def test_legal_bases_list_each_document_once_with_its_mentions(web: httpx.Client, store: object) -> None:
    """2623/QĐ-TTg mentions 91/2025/QH15 six times: one row, "6 lần", its six lines (it had six rows)."""
    mentions = run(store, "legal-bases", {"plan": "2623/QĐ-TTg"}).as_dicts()
    lines = sorted(int(m["line"]) for m in mentions if m["number"] == "91/2025/QH15")
    assert lines == [21, 29, 38, 77, 113, 202]
    assert (len(mentions), len({m["document"] for m in mentions})) == (8, 3)
    bases = section(web.get("/plans/2623%2FQ%C4%90-TTg").text, "legal-bases")
    rows = table_rows(bases)[1:]
    assert len(rows) == 3 and [row[0] for row in rows].count("91/2025/QH15") == 1
    row = next(row for row in rows if row[0] == "91/2025/QH15")
    assert row[-1] == "6 lần dòng 21, 29, 38, 77, 113, 202"
    assert "căn cứ" in row[1] and "dẫn chiếu" in row[1] and "II.5.1" in row[1]
    # the seeds' 71/QĐ-UBND-HC: the 2021-2030 programme ten times, in one row
    seeds = table_rows(section(web.get("/plans/71%2FQ%C4%90-UBND-HC").text, "legal-bases"))[1:]
    programme = [r for r in seeds if r[0].endswith("giai đoạn 2021 - 2030")]
    assert len(programme) == 1 and programme[0][-1].startswith("10 lần dòng 9, 25, 48,")
    documents = {m["document"] for m in run(store, "legal-bases", {"plan": "71/QĐ-UBND-HC"}).as_dicts()}
    assert len(seeds) == len(documents) == 9


def test_a_document_whose_number_was_not_read_has_a_working_link(web: httpx.Client, store: object) -> None:
    """2623/QĐ-TTg cites the Law on Personal Data Protection by name only: its link is the IRI's path
    (it was /documents/https%3A%2F%2F…), shown by its wording, and the page opens."""
    mentions = run(store, "legal-bases", {"plan": "2623/QĐ-TTg"}).as_dicts()
    [law] = [m for m in mentions if str(m["number"]).startswith("http")]
    iri = str(law["document"])
    path = "qh/luat/2025/luat-bao-ve-du-lieu-ca-nhan-duoc-quoc-hoi-khoa-xv-thong-qua-tai-ky-hop-thu-9"
    assert iri == law["number"] and iri.endswith("/eli/vn/" + path)
    bases = section(web.get("/plans/2623%2FQ%C4%90-TTg").text, "legal-bases")
    href = "/documents/" + path
    assert f'href="{href}">Luật Bảo vệ dữ liệu cá nhân được Quốc hội khóa XV' in bases
    assert not [h for h in hrefs(bases) if h.startswith("/documents/https")]
    page = web.get(href)
    assert page.status_code == 200 and "Luật Bảo vệ dữ liệu cá nhân" in page.text
    # the link builders: by number when there is one, else by the IRI's path (unnumbered plans too)
    assert document_url("76/NQ-CP") == "/documents/76%2FNQ-CP"
    assert document_url(iri) == href and document_url("Luật Bảo vệ dữ liệu cá nhân", iri) == href
    base = iri[: iri.index("eli/")]
    doc = "doc/8ed5b0c1c9e5996d"
    assert page_for(f"{base}{doc}/plan") == f"/plans/{doc}/plan" == plan_url(f"{base}{doc}/plan")
    assert page_for(f"{base}{doc}/decision") == f"/documents/{doc}/decision"
    assert page_for(f"{base}{doc}/plan/task/1.dd") == f"/plans/{doc}/plan#task-1.dd"


PLAN_WITHOUT_TASKS = (
    "**ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG**\n\nSố: 12/KH-UBND\n\n*Lâm Đồng, ngày 10 tháng 01 năm 2026*\n\n"
    "**KẾ HOẠCH**\n\n**Cải cách hành chính năm 2026**\n\n"
    "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;\n\n"
    "I. MỤC ĐÍCH, YÊU CẦU\n\nCác sở, ban, ngành thực hiện nghiêm túc các nhiệm vụ cải cách hành chính.\n\n"
    "II. NHIỆM VỤ\n\nNhiệm vụ cụ thể được giao tại Phụ lục kèm theo.\n"
)


def test_a_plan_without_tasks_says_why(tmp_path: Path) -> None:
    """A plan whose task table was not found (its appendix is not in the file): the page says no task was
    read, how many findings ingest recorded and of which kind, and links the findings page. No plan of the
    seeds or the corpus has zero tasks, so the document is written here; its finding is ingest's own."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.service import ingest_paths
    from api.settings import Settings
    from ontology import DEFAULT_BASE_IRI
    from queries.store import EmbeddedStore

    (tmp_path / "plan_12.md").write_text(PLAN_WITHOUT_TASKS, encoding="utf-8")
    store = EmbeddedStore(tmp_path / "store")
    try:
        [report] = ingest_paths(store, [tmp_path / "plan_12.md"], DEFAULT_BASE_IRI)
        assert report.tasks == 0 and [w.kind for w in report.warnings] == ["no-task-table"]
        findings = run(store, "findings", {"plan": "12/KH-UBND"}).as_dicts()
        assert [(f["kind"], f["level"], f["line"]) for f in findings] == [("no-task-table", "error", 7)]
        client = TestClient(
            create_app(Settings(tmp_path / "store", DEFAULT_BASE_IRI, query_workers=0), store)
        )
        page = client.get("/plans/12%2FKH-UBND")
        assert page.status_code == 200
        tasks = section(page.text, "tasks")
        why = tasks[tasks.index('id="no-tasks"') :]
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", why[: why.index("</td>")]))
        assert "Không đọc được nhiệm vụ nào từ văn bản này. Khi nạp, hệ thống ghi nhận 1 phát hiện" in text
        assert "× 1" in text and "Không có nhiệm vụ." not in text
        [link] = [h for h in hrefs(why[: why.index("</td>")]) if h.startswith("/quality/")]
        assert link == "/quality/12%2FKH-UBND"
        findings_page = client.get(link)
        assert findings_page.status_code == 200 and "no task table found" in findings_page.text
        english = client.get("/plans/12%2FKH-UBND", params={"lang": "en"}).text
        assert "No task was read from this document. Findings ingest recorded about it (1):" in english
    finally:
        store.close()


def test_search_in_a_browser_shows_the_citing_documents(workbench_url: str, browser: object) -> None:
    """The header's search box: "71/NQ-CP" shows the resolution and, in their own group, the 5 plans
    citing it; each link opens its plan page."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")  # type: ignore[attr-defined]
    foreign: list[str] = []
    context.on("request", lambda r: None if r.url.startswith(workbench_url) else foreign.append(r.url))
    try:
        page = context.new_page()
        page.goto(workbench_url + "/")
        page.fill("#site-search", "71/NQ-CP")
        page.press("#site-search", "Enter")
        page.wait_for_url("**/search?q=71%2FNQ-CP")
        citing = page.locator("#results-citing li")
        assert citing.count() == 5
        assert "Văn bản dẫn chiếu văn bản tìm thấy" in page.locator("#results-citing h2").inner_text()
        assert page.locator("#results-document a", has_text="71/NQ-CP").count() == 1
        page.screenshot(path=str(SCREENSHOTS / "crawl-search-fixes-2.png"))
        page.locator("#results-citing a", has_text="617/KH-UBND").click()
        page.wait_for_url("**/plans/617%2FKH-UBND")
        assert "617/KH-UBND" in page.locator("h1").inner_text()
    finally:
        context.close()
    assert not foreign, foreign
