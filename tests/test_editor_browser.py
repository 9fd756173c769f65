"""The SPARQL editor (YASGUI at /query) in a real browser over the seeds and the corpus: a named example run
with its rows in the table, the time and the history; downloads that parse (CSV with a BOM, JSON,
Turtle); the notice when the endpoint's row limit cuts a result; a CONSTRUCT as a table of triples and as
a graph; the read-only and unknown-prefix errors in Vietnamese; completion from the ontology. Every test
fails on a request to a host other than the test server. Screenshots: docs/screenshots/editor-1.png (a
named query's rows), editor-2.png (a CONSTRUCT drawn as a graph)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx
from rdflib import Graph
from workbench import SCREENSHOTS, served

if TYPE_CHECKING:
    from playwright.sync_api import Page

CCHC = "https://w3id.org/cchc-kg/ontology#"
ACTIVE = "#yasgui .tabPanel.active"
ROWS = ACTIVE + " .yasr_results tbody tr"


@contextmanager
def editor_page(browser: Any, base: str) -> Iterator[Page]:
    """A fresh page (Vietnamese, 1366x900, downloads on) that fails the test on any request off ``base``,
    on a failed request or on a script error."""
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, locale="vi-VN", accept_downloads=True
    )
    page = context.new_page()
    requests: list[str] = []
    failures: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("requestfailed", lambda request: failures.append(request.url))
    page.on("pageerror", lambda error: failures.append(f"script error: {error}"))
    try:
        yield page
    finally:
        context.close()
    foreign = [url for url in requests if not url.startswith(base + "/") and not url.startswith("blob:")]
    assert requests and not foreign, f"requests to other hosts: {foreign}"
    assert not failures, f"failed requests or script errors: {failures}"


def rows_shown(page: Page) -> int:
    """The row count the editor's status line gives for the last answer."""
    from playwright.sync_api import expect

    status = page.locator("#editor-status[data-rows]")
    expect(status).to_be_visible(timeout=30_000)
    return int(status.get_attribute("data-rows") or -1)


def download(page: Page, suffix: str) -> bytes:
    """Click the download button of file type ``suffix`` and return the file's bytes."""
    with page.expect_download() as info:
        page.locator(f'#editor-downloads button[data-suffix="{suffix}"]').click()
    return Path(info.value.path()).read_bytes()


def test_a_named_example_runs_with_its_rows_time_history_and_downloads(
    workbench_url: str, browser: Any
) -> None:
    from playwright.sync_api import expect

    plans = httpx.get(workbench_url + "/api/plans").json()
    assert len(plans) >= 15  # the five seeds and the ten corpus plans
    with editor_page(browser, workbench_url) as page:
        page.goto(workbench_url + "/query")
        page.locator('a[data-example="plans"]').click()
        page.wait_for_url("**/query?name=plans")
        expect(page.locator(ACTIVE + " .CodeMirror")).to_contain_text("# name: plans")
        page.get_by_role("button", name="Chạy truy vấn").click()
        assert rows_shown(page) == len(plans)
        expect(page.locator(ROWS)).to_have_count(min(len(plans), 50))  # one page of the table
        expect(page.locator(ACTIVE + " .yasr_results")).to_contain_text(
            "Cải cách hành chính tỉnh Đồng Tháp năm 2021"
        )
        expect(page.locator("#editor-status")).to_contain_text("giây")  # the time it took
        expect(page.locator("#editor-cut")).to_be_hidden()  # nothing was cut
        expect(page.locator("#editor-history li")).to_have_count(1)  # kept in this browser
        # the rows and time, the downloads and the table
        top = page.locator("#editor-outcome").bounding_box()
        assert top is not None
        page.mouse.move(5, 5)  # off the editor: the page scrolls, not the query
        page.evaluate("y => window.scrollBy(0, y)", top["y"] - 40)
        page.screenshot(path=str(SCREENSHOTS / "editor-1.png"))

        # sorting: a click on a column's header orders the rows by it, a second click the other way
        exactly_plan = re.compile(r"^\s*plan\s*$")
        header = page.locator(ACTIVE + " .yasr_results thead th").filter(has_text=exactly_plan)
        cells = page.locator(ACTIVE + " .yasr_results tbody tr td:nth-child(1)")  # simple view: no row number
        header.click()
        expect(header).to_have_attribute("aria-sort", "ascending")  # sorted before the rows are read
        ascending = cells.all_inner_texts()
        header.click()
        expect(header).to_have_attribute("aria-sort", "descending")
        expect(cells.first).to_have_text(ascending[-1])
        assert cells.all_inner_texts() == ascending[::-1] and len(set(ascending)) == len(plans)

        expect(page.locator('#editor-downloads button[data-suffix=".csv"]')).to_contain_text("Excel")
        raw = download(page, ".csv")
        assert raw.startswith(b"\xef\xbb\xbf")  # a UTF-8 BOM: Excel reads the diacritics right
        table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert table[0][:2] == ["plan", "number"] and len(table) - 1 == len(plans)
        assert any("Đồng Tháp" in cell for row in table for cell in row)
        as_json = json.loads(download(page, ".json"))
        assert len(as_json["rows"]) == len(plans)

        # the pivot view: plans per province
        page.locator(ACTIVE + " .select_pivot").click()
        page.locator(ACTIVE + ' select[data-pivot="rows"]').select_option("province")
        provinces = {plan["province"] for plan in plans}
        expect(page.locator(ACTIVE + " .yasr-pivot tbody tr")).to_have_count(len(provinces))


def test_the_row_limit_is_said_with_how_to_get_every_row(
    workbench_store: tuple[Any, Path], browser: Any
) -> None:
    from playwright.sync_api import expect

    store, path = workbench_store
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    with served(store, path, max_rows=1000) as url:
        answer = httpx.get(url + "/sparql", params={"query": query})
        assert answer.headers["X-SPARQL-MaxRows"] == "1000"  # the server's guard cut it
        with editor_page(browser, url) as page:
            page.goto(url + "/query?query=" + quote(query))  # a shared query opens and runs
            assert rows_shown(page) == 1000
            notice = page.locator("#editor-cut")
            expect(notice).to_be_visible()
            expect(notice).to_contain_text("Kết quả bị cắt")
            expect(notice).to_contain_text("1.000")
            expect(notice).to_contain_text("LIMIT … OFFSET")  # how to get every row
            expect(notice).to_contain_text("cchc-kg sparql")


def test_a_construct_is_a_table_of_triples_a_graph_and_turtle(workbench_url: str, browser: Any) -> None:
    from playwright.sync_api import expect

    query = (
        f"PREFIX cchc: <{CCHC}>\nPREFIX eli: <http://data.europa.eu/eli/ontology#>\n"
        "CONSTRUCT { ?plan eli:number ?number ; eli:jurisdiction ?place } "
        "WHERE { ?plan a cchc:Plan ; eli:number ?number ; eli:jurisdiction ?place }"
    )
    expected = Graph().parse(
        data=httpx.get(workbench_url + "/sparql", params={"query": query, "format": "nt"}).text, format="nt"
    )
    assert len(expected) >= 15  # plans with a number and a province
    with editor_page(browser, workbench_url) as page:
        page.goto(workbench_url + "/query#query=" + quote(query))  # a shared link
        assert rows_shown(page) == len(expected)
        expect(page.locator("#editor-status")).to_contain_text("bộ ba")
        headers = page.locator(ACTIVE + " .yasr_results thead th").all_inner_texts()
        assert [h.strip() for h in headers if h.strip()] == ["subject", "predicate", "object"]
        expect(page.locator(ROWS)).to_have_count(min(len(expected), 50))
        turtle = download(page, ".ttl").decode("utf-8")
        assert len(Graph().parse(data=turtle, format="turtle")) == len(expected)
        page.locator(ACTIVE + " .select_graph").click()
        graph = page.locator("#result-graph")
        expect(graph.locator("canvas")).to_be_visible(timeout=30_000)
        expect(graph).to_have_attribute(
            "data-drawn", str(len(set(expected.subjects()) | set(expected.objects())))
        )
        expect(graph).to_have_attribute("data-stable", "true", timeout=30_000)  # laid out, physics off
        graph.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "editor-2.png"))


def test_errors_are_said_plainly_in_the_page_language(workbench_url: str, browser: Any) -> None:
    from playwright.sync_api import expect

    with editor_page(browser, workbench_url) as page:
        page.goto(workbench_url + "/query?query=" + quote("INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"))
        error = page.locator(ACTIVE + " #query-error")
        expect(error).to_contain_text("Điểm truy vấn này chỉ đọc")
        expect(error).not_to_contain_text("cú pháp")
        page.goto(workbench_url + "/query?query=" + quote("SELECT * WHERE { ?s cchc:x ?o }"))
        error = page.locator(ACTIVE + " #query-error")
        expect(error).to_contain_text("Tiền tố chưa khai báo: cchc:")
        expect(error).to_contain_text("tại dòng 1, cột 21")
        expect(error).to_contain_text(f"PREFIX cchc: <{CCHC}>")  # the line to add
        expect(error).not_to_contain_text("u{00C0}")


def test_completion_comes_from_the_ontology(workbench_url: str, browser: Any) -> None:
    from playwright.sync_api import expect

    with editor_page(browser, workbench_url) as page:
        page.goto(workbench_url + "/query")
        editor = page.locator(ACTIVE + " .CodeMirror")
        expect(editor).to_be_visible()
        page.evaluate(
            """text => { const yasqe = window.cchcEditor.getTab().getYasqe();
                         yasqe.setValue(text); yasqe.focus(); yasqe.setCursor(yasqe.lastLine(), 1000); }""",
            f"PREFIX cchc: <{CCHC}>\nSELECT * WHERE {{ ?s a cchc:Pla",
        )
        page.keyboard.press("Control+Space")
        hints = page.locator(".CodeMirror-hints")
        expect(hints).to_contain_text("cchc:Plan")
        expect(hints).to_contain_text("cchc:PlanSection")
