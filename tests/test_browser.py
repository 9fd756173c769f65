"""A real browser (Debian's Chromium, driven by Playwright) through the web UI over the five seeds.

Home -> search "so noi vu" -> the agency page -> a named query in the SPARQL editor -> the trace of 76/NQ-CP.
Each step is screenshotted into ``$CCHC_ARTIFACTS/web/`` (default /tmp/cchc-artifacts/web/), and the test
fails on any request to a host other than the test server. Skipped, saying why, without /usr/bin/chromium.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

from workbench import CHROMIUM

from api.service import ingest_paths
from ontology import DEFAULT_BASE_IRI
from queries.store import EmbeddedStore

SAMPLES = Path(__file__).resolve().parent.parent / "ingest" / "samples"
ARTIFACTS = Path(os.environ.get("CCHC_ARTIFACTS") or "/tmp/cchc-artifacts") / "web"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's Chromium is not installed (/usr/bin/chromium): `make test` installs it with apt",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """uvicorn in a background thread on 127.0.0.1 over a temporary store with the five seeds."""
    import uvicorn
    from test_web import build_app

    path = tmp_path_factory.mktemp("browser") / "store"
    store = EmbeddedStore(path)
    ingest_paths(store, [SAMPLES], DEFAULT_BASE_IRI)
    port = free_port()
    config = uvicorn.Config(build_app(store, path), host="127.0.0.1", port=port, log_level="warning")
    uvicorn_server = uvicorn.Server(config)
    thread = threading.Thread(target=uvicorn_server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uvicorn_server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uvicorn_server.should_exit = True
        thread.join(timeout=10)
        store.close()


def wait_for_network(page: Page, frame_selector: str) -> None:
    """Scroll the network frame into view and wait until vis-network has drawn its canvas."""
    from playwright.sync_api import expect

    page.locator(frame_selector).scroll_into_view_if_needed()
    frame = page.frame_locator(frame_selector)
    expect(frame.locator("canvas").first).to_be_visible(timeout=30_000)
    loading = frame.locator(".cchc-loading")
    if loading.count():  # the viz page's layout progress: let the layout settle for the screenshot
        expect(loading.first).to_be_hidden(timeout=60_000)
    page.wait_for_load_state("networkidle")


def test_an_analyst_session_in_a_real_browser(server: str, browser: Any) -> None:
    """``browser`` is the session's one Chromium (tests/conftest.py): a second Playwright would fail."""
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    requests: list[str] = []
    failures: list[str] = []
    with nullcontext():
        try:
            context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
            page = context.new_page()
            page.on("request", lambda request: requests.append(request.url))
            page.on("requestfailed", lambda request: failures.append(request.url))
            page.on("pageerror", lambda error: failures.append(f"script error: {error}"))

            # 1. home: the five plans, Sở Nội vụ among the top leads
            page.goto(server + "/")
            expect(page.locator("h1")).to_have_text("Tổng quan kho dữ liệu")
            for number in ("285/KH-UBND", "272/KH-UBND", "142/KH-UBND", "465/QĐ-UBND", "71/QĐ-UBND-HC"):
                expect(page.locator("table.plans")).to_contain_text(number)
            expect(page.locator("ol.ranked")).to_contain_text("Sở Nội vụ")
            page.screenshot(path=str(ARTIFACTS / "01-home.png"), full_page=True)

            # 2. search "so noi vu" with the header's search box
            page.fill("#site-search", "so noi vu")
            page.press("#site-search", "Enter")
            page.wait_for_url("**/search?q=so+noi+vu")
            hits = page.locator("#results-agency a", has_text="Sở Nội vụ")
            expect(hits).to_have_count(6)  # the seeds' 3, and Cần Thơ's, Khánh Hòa's, Tiền Giang's (lineage)
            page.screenshot(path=str(ARTIFACTS / "02-search.png"), full_page=True)

            # 3. the agency page of Sở Nội vụ (Đồng Tháp)
            page.locator('#results-agency a[href="/agencies/org/dong-thap/so-noi-vu"]').click()
            page.wait_for_url("**/agencies/org/dong-thap/so-noi-vu")
            expect(page.locator("h1")).to_have_text("Sở Nội vụ")
            expect(page.locator("#work")).to_contain_text("285/KH-UBND")
            expect(page.locator("#work")).to_contain_text("272/KH-UBND")
            expect(page.locator("#partners")).to_contain_text("UBND cấp huyện")
            page.screenshot(path=str(ARTIFACTS / "03-agency.png"), full_page=True)

            # 4. the SPARQL editor: pick the named query `plans`, run it, see its rows
            page.get_by_role("link", name="Truy vấn SPARQL").click()
            page.wait_for_url("**/query")
            page.locator('a[data-example="plans"]').click()
            page.wait_for_url("**/query?name=plans")
            editor = page.locator("#yasgui .tabPanel.active")  # YASGUI: the active tab's editor and results
            expect(editor.locator(".CodeMirror")).to_contain_text("# name: plans")
            page.get_by_role("button", name="Chạy truy vấn").click()
            results = editor.locator(".yasr_results")
            expect(results.locator("tbody tr")).to_have_count(5)
            expect(results).to_contain_text("Cải cách hành chính tỉnh Đồng Tháp năm 2021")
            page.screenshot(path=str(ARTIFACTS / "04-query.png"), full_page=True)

            # 4b. a syntax error is shown inline
            page.evaluate("text => { window.cchcEditor.getTab().setQuery(text); }", "SELECT ?x WHERE { ?x")
            page.get_by_role("button", name="Chạy truy vấn").click()
            expect(editor.locator("#query-error")).to_contain_text("Lỗi cú pháp")
            expect(editor.locator("#query-error")).to_contain_text("tại dòng 1, cột 21")
            page.screenshot(path=str(ARTIFACTS / "05-query-error.png"), full_page=True)

            # 5. the trace of 76/NQ-CP: three plans in the tree, and the graph frame
            page.goto(server + "/trace?document=76/NQ-CP")
            tree = page.locator("#tree")
            for number in ("285/KH-UBND", "142/KH-UBND", "465/QĐ-UBND"):
                expect(tree.locator("a.node.plan", has_text=number)).to_have_count(1)
            expect(page.locator("#tree details[open]")).to_have_count(3)
            expect(page.locator("#graph iframe")).to_have_attribute("src", "/trace/graph?document=76%2FNQ-CP")
            wait_for_network(page, "#graph iframe")
            page.screenshot(path=str(ARTIFACTS / "06-trace.png"), full_page=True)

            # 6. the plan page of 285/KH-UBND with its tasks, and English on request
            page.goto(server + "/plans/285%2FKH-UBND?lang=en")
            expect(page.locator("#tasks tbody tr")).to_have_count(32)
            expect(page.locator("#task-1\\.dd")).to_contain_text(
                "Xây dựng video tuyên truyền các hoạt động, mô hình hay về CCHC"
            )
            expect(page.locator("#tasks h2")).to_contain_text("Tasks")
            wait_for_network(page, "#network iframe")
            page.screenshot(path=str(ARTIFACTS / "07-plan-en.png"), full_page=True)
        finally:
            context.close()

    assert requests, "the browser made no request"
    foreign = [url for url in requests if not (url.startswith(server + "/") or url == server)]
    assert not foreign, f"requests to other hosts: {foreign}"
    assert not failures, f"failed requests or script errors: {failures}"
    for name in ("01-home", "02-search", "03-agency", "04-query", "05-query-error", "06-trace", "07-plan-en"):
        assert (ARTIFACTS / f"{name}.png").stat().st_size > 10_000, name
