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
    assert documents == ["17/KH-UBND", "283/KH-UBND", "71/NQ-CP", "92/KH-UBND"]
    citing = [r for r in rows if r["kind"] == "citing"]
    assert len(citing) == 5 and {r["label"] for r in citing} == expected
    assert {r["cites"] for r in citing} == {"71/NQ-CP"}
    assert all(r["plan_number"] == r["label"] for r in citing)  # all five are ingested plans
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
    assert Counter(kinds) == {"agency": 31, "plan": 4, "document": 3, "task": 6}
    kinds = [r["kind"] for r in run(store, "search", {"q": "76/NQ-CP"}).as_dicts()]
    assert kinds == ["document", "citing", "citing"]


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
