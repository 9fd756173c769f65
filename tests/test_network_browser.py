"""The responsibility network in the browser (``/network``, its downloads, the trace graph) on the seeds and
the ten corpus plans: the nodes and links the named queries give, the filters, the downloads parsed back,
and in headless Chromium the drawing, search, PNG export, the analytics table and labels that do not
overlap. Screenshots: docs/screenshots/network-1.png (a province), network-2.png (a plan),
trace-graph-1.png (the trace graph of 76/NQ-CP).
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import httpx
import networkx as nx
import pytest

from queries.library import run

PLAN = "285/KH-UBND"
PROVINCE = "Đồng Tháp"
SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
DATA = re.compile(r'<script type="application/json" id="cchc-graph-data">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def store(workbench_store: tuple[object, Path]) -> object:
    return workbench_store[0]


@pytest.fixture(scope="module")
def http(workbench_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=workbench_url, timeout=60) as client:
        yield client


def page_data(http: httpx.Client, **params: str) -> dict:
    """The drawn network's data (``#cchc-graph-data``) of ``/network?params``."""
    page = http.get("/network", params=params)
    assert page.status_code == 200, page.text[:500]
    return json.loads(DATA.search(page.text).group(1))


def parties(store: object, **params: str) -> set[str]:
    """The agencies the ``assignments`` query gives for ``params``."""
    return {str(r["party"]) for r in run(store, "assignments", params).as_dicts()}


def node_ids(data: dict) -> set[str]:
    return {node["id"] for node in data["nodes"]}


# -- what is drawn is what the queries say ---------------------------------------------------------------


def test_a_plans_network_has_the_agencies_and_links_of_the_plan(http: httpx.Client, store: object) -> None:
    data = page_data(http, plan=PLAN)
    assert node_ids(data) == parties(store, plan=PLAN)
    pairs = run(store, "lead-partner", {"plan": PLAN}).as_dicts()
    assert len(data["edges"]) == len(pairs) == 50
    assert data["layout"] == "fixed" and data["colour"] == "community"


def test_a_provinces_network_has_the_agencies_of_its_lead_partner_pairs(
    http: httpx.Client, store: object
) -> None:
    data = page_data(http, province=PROVINCE)
    pairs = [
        r for r in run(store, "lead-partner", {"province": PROVINCE}).as_dicts() if r["lead"] != r["partner"]
    ]
    names = {str(r["lead"]) for r in pairs} | {str(r["partner"]) for r in pairs}
    assert sorted(n["fullLabel"] for n in data["nodes"]) == sorted(names)
    assert len(data["edges"]) == len({(r["lead"], r["partner"]) for r in pairs})
    assert len(names) > len(page_data(http, plan=PLAN)["nodes"])  # three plans, more agencies than one


def test_filters_change_the_network_as_the_data_says(http: httpx.Client, store: object) -> None:
    everyone = page_data(http, plan=PLAN)
    # min: links of 2 shared tasks or more, and the agencies on them
    heavy = [r for r in run(store, "lead-partner", {"plan": PLAN}).as_dicts() if int(r["tasks"]) >= 2]
    two = page_data(http, plan=PLAN, min="2")
    assert len(two["edges"]) == len(heavy) and 0 < len(heavy) < len(everyone["edges"])
    assert {n["fullLabel"] for n in two["nodes"]} == {str(r[k]) for r in heavy for k in ("lead", "partner")}
    # role: the agencies that lead at least one task
    rows = run(store, "assignments", {"plan": PLAN}).as_dicts()
    leads = page_data(http, plan=PLAN, role="lead")
    assert node_ids(leads) == {str(r["party"]) for r in rows if r["role"] == "lead"} != node_ids(everyone)
    # kind: groups of agencies only
    groups = page_data(http, plan=PLAN, kind="group")
    assert node_ids(groups) == {str(r["party"]) for r in rows if r["kind"] == "group"}
    assert all(n["shape"] == "diamond" for n in groups["nodes"]) and groups["nodes"]
    # area: the communication tasks' agencies
    area = page_data(http, plan=PLAN, area="communication")
    assert node_ids(area) == parties(store, plan=PLAN, area="communication")
    assert len(area["nodes"]) < len(everyone["nodes"])
    # a year range over a province: the tasks reaching 2021
    year = page_data(http, province=PROVINCE, **{"from": "2021", "to": "2021"})
    assert node_ids(year) == parties(store, province=PROVINCE, **{"from": "2021-01-01", "to": "2021-12-31"})


def test_a_malformed_parameter_is_a_400_page(http: httpx.Client) -> None:
    for params in (
        {"from": "abc"},
        {"role": "chair"},
        {"kind": "nobody"},
        {"min": "0"},
        {"from": "2022", "to": "2021"},
    ):
        page = http.get("/network", params=params)
        assert page.status_code == 400 and "text/html" in page.headers["content-type"], params
    assert http.get("/network", params={"plan": "999/KH-UBND"}).status_code == 404


def test_the_page_lists_degree_and_betweenness_per_agency(http: httpx.Client, store: object) -> None:
    page = http.get("/network", params={"plan": PLAN, "lang": "en"})
    table = page.text.split('id="network-analytics"', 1)[1]
    for header in ("Degree", "Weighted degree", "Betweenness", "Community", "Bridge"):
        assert f">{header}</th>" in table
    rows = re.findall(r'<td><a href="#network" data-node="([^"]+)">([^<]+)</a></td>', table)
    assert {node for node, _ in rows} == parties(store, plan=PLAN)
    assert rows[0][1] == "Sở Nội vụ"  # the busiest (weighted degree 50), and the network's main bridge


# -- downloads ---------------------------------------------------------------------------------------------


def test_downloads_parse_with_the_same_network(http: httpx.Client) -> None:
    params = {"province": PROVINCE, "min": "2"}
    data = page_data(http, **params)
    page = http.get("/network", params=params).text
    for fmt in ("graphml", "gexf", "csv"):
        assert f'href="/network.{fmt}?{urlencode(params)}"'.replace("&", "&amp;") in page
    graphml = http.get("/network.graphml", params=params)
    assert graphml.headers["content-type"].startswith("application/graphml+xml")
    graph = nx.read_graphml(io.BytesIO(graphml.content))
    assert set(graph.nodes) == node_ids(data) and graph.number_of_edges() == len(data["edges"])
    assert {"betweenness", "community", "weighted_degree"} <= set(next(iter(graph.nodes.values())))
    gexf = nx.read_gexf(io.BytesIO(http.get("/network.gexf", params=params).content))
    assert gexf.number_of_nodes() == len(data["nodes"]) and gexf.number_of_edges() == len(data["edges"])
    rows = list(csv.DictReader(io.StringIO(http.get("/network.csv", params=params).text)))
    assert len(rows) == len(data["edges"]) and all(int(r["weight"]) >= 2 for r in rows)
    assert {r["source"] for r in rows} | {r["target"] for r in rows} == node_ids(data)
    assert http.get("/network.pdf").status_code == 400


# -- in the browser ---------------------------------------------------------------------------------------


class Visit:
    """A page of the served app in a fresh browser context; every request and script error recorded."""

    def __init__(self, browser: object, url: str, base: str) -> None:
        self.base = base
        self.context = browser.new_context(
            viewport={"width": 1366, "height": 900}, accept_downloads=True, locale="vi-VN"
        )  # type: ignore[attr-defined]
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(base + url)
        self.page.wait_for_function("window.cchcStabilized === true", timeout=30_000)

    def foreign(self) -> list[str]:
        return [u for u in self.requests if not u.startswith((self.base + "/", "blob:", "data:"))]

    def js(self, script: str, arg: object = None) -> object:
        return self.page.evaluate(script, arg)

    def close(self) -> None:
        self.context.close()


LABELS_APART = """() => {
  const boxes = window.cchcLabelBoxes();
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const [a, b] = [boxes[i], boxes[j]];
    if (a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3]) return -1;
  }
  return boxes.length;
}"""
PAINTED = """() => {
  const canvas = document.querySelector('#cchc-network canvas');
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i + 3] > 0 && pixels[i] < 235) painted += 1;
  return painted / (pixels.length / 4);
}"""


def test_a_provinces_network_in_the_browser(browser: object, workbench_url: str, http: httpx.Client) -> None:
    data = page_data(http, province=PROVINCE)
    visit = Visit(browser, "/network?" + urlencode({"province": PROVINCE}), workbench_url)
    try:
        page = visit.page
        assert visit.js("window.cchcNodes.length") == len(data["nodes"])
        assert visit.js("window.cchcNetwork.physics.options.enabled") is False
        assert page.is_hidden("#cchc-loading")
        assert visit.js(PAINTED) > 0.005, "the network canvas is blank"
        # coloured by community, and the legend says so (kinds again when asked)
        communities = {n["community"] for n in data["nodes"]}
        assert page.locator(".cchc-legend-communities li").count() == min(len(communities), 12) > 1
        assert page.is_hidden(".cchc-legend-kinds")
        page.select_option("#cchc-colour", "kind")
        assert page.is_visible(".cchc-legend-kinds") and page.is_hidden(".cchc-legend-communities")
        kinds = visit.js("window.cchcNodes.get().map(n => n.color === n.kindColor).every(Boolean)")
        assert kinds is True
        page.select_option("#cchc-colour", "community")
        shown = visit.js(LABELS_APART)
        assert shown >= 5, "labels overlap (-1) or almost none are shown"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.locator("#network").screenshot(path=str(SCREENSHOTS / "network-1.png"))
        # zooming in makes room for more labels (at a constant size on screen), still apart
        before = visit.js("window.cchcNetwork.getScale()")
        box = page.locator("#cchc-network").bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.wheel(0, -500)
        page.wait_for_timeout(500)
        assert visit.js("window.cchcNetwork.getScale()") > before
        assert visit.js(LABELS_APART) >= shown
        # search without diacritics finds Sở Nội vụ and shows its details
        page.fill("#cchc-search", "so noi vu")
        page.press("#cchc-search", "Enter")
        page.wait_for_function("window.cchcNetwork.getSelectedNodes().length === 1")
        assert page.text_content("#cchc-details h2") == "Sở Nội vụ"
        assert "Sở Nội vụ" in (page.text_content("#cchc-search-status") or "")
        page.fill("#cchc-search", "khong co co quan nay")
        page.press("#cchc-search", "Enter")
        assert "khong co co quan nay" in (page.text_content("#cchc-search-status") or "")
        # the analytics table lists every agency, its degree and betweenness
        assert page.locator("#network-analytics tbody tr").count() == len(data["nodes"])
        assert page.locator("#network-analytics thead").text_content().count("Trung gian") == 1
        # PNG export
        with page.expect_download() as download:
            page.click("#cchc-png")
        png = Path(download.value.path()).read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5_000
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        assert width > 400 and height > 300
        assert visit.foreign() == [] and visit.errors == []
    finally:
        visit.close()


def test_a_plans_network_in_the_browser(browser: object, workbench_url: str, http: httpx.Client) -> None:
    visit = Visit(browser, "/network?" + urlencode({"plan": PLAN}), workbench_url)
    try:
        page = visit.page
        assert visit.js("window.cchcNodes.length") == len(page_data(http, plan=PLAN)["nodes"])
        assert visit.js(LABELS_APART) > 3
        page.locator("#network").screenshot(path=str(SCREENSHOTS / "network-2.png"))
        # a table row focuses its agency in the drawing
        page.locator("#network-analytics a[data-node]").first.click()
        page.wait_for_function("window.cchcNetwork.getSelectedNodes().length === 1")
        assert page.text_content("#cchc-details h2") == "Sở Nội vụ"
        assert page.locator("#cchc-details .cchc-task").count() == 23  # 13 led, 10 as partner
        # the filter form sends only what is set
        page.select_option("#network-filters select[name=role]", "lead")
        page.click("#network-filters button[type=submit]")
        page.wait_for_url(re.compile(r"/network\?plan=285%2FKH-UBND&role=lead$"))
        page.wait_for_function("window.cchcStabilized === true")
        assert visit.js("window.cchcNodes.length") == len(page_data(http, plan=PLAN, role="lead")["nodes"])
        assert visit.foreign() == [] and visit.errors == []
    finally:
        visit.close()


def test_the_trace_graph_is_drawn_at_once(browser: object, workbench_url: str, store: object) -> None:
    plans = run(store, "trace", {"document": "76/NQ-CP"}).as_dicts()
    assert len(plans) >= 3
    started = time.monotonic()
    visit = Visit(browser, "/trace/graph?document=76%2FNQ-CP", workbench_url)
    try:
        page = visit.page
        # laid out before the first drawing: no progress shown, physics off, nodes where the layout put them
        assert page.is_hidden("#cchc-loading")
        assert visit.js("document.getElementById('cchc-loading').hidden") is True
        assert visit.js("window.cchcNetwork.physics.options.enabled") is False
        moved = visit.js(
            """() => { const p = window.cchcNetwork.getPositions(); return window.cchcNodes.get()
                 .filter(n => Math.abs(p[n.id].x - n.x) > 0.5 || Math.abs(p[n.id].y - n.y) > 0.5).length; }"""
        )
        assert moved == 0
        assert visit.js("window.cchcLayoutMs") < 1500
        assert time.monotonic() - started < 15
        labels = set(visit.js("window.cchcNodes.get().filter(n => n.shape === 'box').map(n => n.label)"))
        assert {"76/NQ-CP", PLAN, "142/KH-UBND"} <= labels
        assert visit.js(LABELS_APART) >= 0
        page.screenshot(path=str(SCREENSHOTS / "trace-graph-1.png"))
        assert visit.foreign() == [] and visit.errors == []
    finally:
        visit.close()
