"""Network pages in headless Chromium (Debian's /usr/bin/chromium driven by Playwright, no download).

The browser is the session's one headless Chromium (``browser`` in conftest.py: two Playwright drivers
cannot run in one process). Screenshots go to $CCHC_ARTIFACTS (default /tmp/cchc-artifacts/):
dong-thap-2021-network.png and trace-76-NQ-CP.png are kept for review.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import networkx as nx
import pytest
from workbench import CHROMIUM

from api.service import ingest_paths
from ontology import DEFAULT_BASE_IRI
from queries.store import EmbeddedStore
from viz.html import network_page
from viz.networks import responsibility_network, trace_graph

SAMPLES = Path(__file__).resolve().parents[1] / "ingest" / "samples"
STABILISED = "window.cchcStabilized === true"

playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
if not CHROMIUM.exists() and not shutil.which("chromium"):
    pytest.skip(
        "Chromium is not installed at /usr/bin/chromium (`make test` installs Debian's chromium package)",
        allow_module_level=True,
    )


def artifacts() -> Path:
    folder = Path(os.environ.get("CCHC_ARTIFACTS") or "/tmp/cchc-artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path_factory.mktemp("viz-browser-store"))
    assert all(report.ok for report in ingest_paths(store, [SAMPLES], DEFAULT_BASE_IRI))
    return store


class Visit:
    """A page opened from a file, with every request and dialog recorded."""

    def __init__(self, browser: object, path: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(path.as_uri())
        self.page.wait_for_function(STABILISED, timeout=120_000)

    def _dialog(self, dialog: object) -> None:
        self.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(("file://", "data:"))]

    def painted_fraction(self) -> float:
        """Share of the network canvas's pixels that are not blank (transparent or white)."""
        return float(
            self.page.evaluate(
                """() => {
                  const canvas = document.querySelector('#cchc-network canvas');
                  const context = canvas.getContext('2d');
                  const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
                  let painted = 0;
                  for (let i = 0; i < pixels.length; i += 4) {
                    const [r, g, b, a] = [pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]];
                    if (a > 0 && (r < 235 || g < 235 || b < 235)) painted += 1;
                  }
                  return painted / (pixels.length / 4);
                }"""
            )
        )

    def click_node(self, node: str) -> None:
        point = self.page.evaluate(
            """(id) => {
              const network = window.cchcNetwork;
              const position = network.getPositions([id])[id];
              const dom = network.canvasToDOM(position);
              const box = document.getElementById('cchc-network').getBoundingClientRect();
              return {x: box.left + dom.x, y: box.top + dom.y};
            }""",
            node,
        )
        self.page.mouse.click(point["x"], point["y"])

    def close(self) -> None:
        self.page.close()


def write_page(graph: nx.DiGraph, title: str, path: Path) -> Path:
    path.write_text(network_page(graph, title=title, filters=graph.graph["filters"]), encoding="utf-8")
    return path


def node_id(graph: nx.DiGraph, label: str) -> str:
    return next(node for node, data in graph.nodes(data=True) if data.get("label") == label)


def test_dong_thap_2021_network_renders_offline(
    browser: object, store: EmbeddedStore, tmp_path: Path
) -> None:
    graph = responsibility_network(store, plan="285/KH-UBND")
    visit = Visit(browser, write_page(graph, "Đồng Tháp 2021: chủ trì → phối hợp", tmp_path / "dt.html"))
    try:
        assert visit.errors == []
        assert visit.foreign_requests() == []
        assert visit.page.evaluate("window.cchcNetwork.physics.options.enabled") is False  # physics stopped
        assert visit.page.is_hidden("#cchc-loading")
        assert visit.painted_fraction() > 0.01, "the network canvas is blank"
        shot = artifacts() / "dong-thap-2021-network.png"
        visit.page.screenshot(path=str(shot))
        assert shot.stat().st_size > 20_000
        # clicking Sở Nội vụ lists its 23 tasks (13 led, 10 as partner) in the side panel
        visit.click_node(node_id(graph, "Sở Nội vụ"))
        visit.page.wait_for_selector("#cchc-details .cchc-task")
        assert visit.page.text_content("#cchc-details h2") == "Sở Nội vụ"
        assert visit.page.locator("#cchc-details .cchc-task").count() == 23
        assert visit.page.locator("#cchc-details .cchc-role-lead").count() == 13
        assert "285/KH-UBND 1.đ Xây dựng video tuyên truyền" in (
            visit.page.text_content("#cchc-details") or ""
        )
        assert visit.foreign_requests() == []
    finally:
        visit.close()


def test_trace_graph_of_76_nq_cp_renders(browser: object, store: EmbeddedStore, tmp_path: Path) -> None:
    graph = trace_graph(store, "76/NQ-CP")
    page = write_page(
        graph, "76/NQ-CP: văn bản, kế hoạch thực hiện, nhiệm vụ và cơ quan", tmp_path / "t.html"
    )
    visit = Visit(browser, page)
    try:
        assert visit.errors == [] and visit.foreign_requests() == []
        assert visit.painted_fraction() > 0.01, "the trace canvas is blank"
        visit.page.screenshot(path=str(artifacts() / "trace-76-NQ-CP.png"))
        visit.click_node(node_id(graph, "285/KH-UBND"))
        visit.page.wait_for_selector("#cchc-details .cchc-details-title")
        assert visit.page.text_content("#cchc-details h2") == "285/KH-UBND"
    finally:
        visit.close()


def test_markup_in_task_text_stays_text(browser: object, tmp_path: Path) -> None:
    from test_viz_networks import write_hostile_plan

    store = EmbeddedStore(tmp_path / "store")
    assert all(r.ok for r in ingest_paths(store, [write_hostile_plan(tmp_path)], DEFAULT_BASE_IRI))
    graph = responsibility_network(store, plan="999/KH-UBND")
    store.close()
    visit = Visit(browser, write_page(graph, "<script>alert(3)</script>", tmp_path / "x.html"))
    try:
        visit.click_node(node_id(graph, "Sở Nội vụ"))
        visit.page.wait_for_selector("#cchc-details .cchc-task")
        panel = visit.page.text_content("#cchc-details") or ""
        assert "<img src=x onerror=alert(2)>" in panel  # as text (the script element was dropped at ingest)
        assert visit.page.locator("#cchc-details script, #cchc-details img, img[src='x']").count() == 0
        visit.page.mouse.move(5, 5)
        visit.page.wait_for_timeout(300)
        assert visit.dialogs == [] and visit.errors == []
        assert visit.page.title() == "<script>alert(3)</script>"
        assert visit.foreign_requests() == []
    finally:
        visit.close()


def test_a_1500_node_network_stabilises_and_stops(browser: object, tmp_path: Path) -> None:
    from test_viz_networks import synthetic_network

    graph = synthetic_network()
    graph.graph["filters"] = {}
    visit = Visit(browser, write_page(graph, "1500", tmp_path / "big.html"))
    try:
        assert visit.page.evaluate("window.cchcNetwork.physics.options.enabled") is False
        assert visit.painted_fraction() > 0.01
        visit.click_node("n10")
        visit.page.wait_for_selector("#cchc-details .cchc-task", timeout=10_000)
        assert visit.foreign_requests() == [] and visit.errors == []
    finally:
        visit.close()
