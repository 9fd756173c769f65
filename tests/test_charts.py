"""Charts (issue 17): the numbers each chart draws are the named queries' figures, on the seeds + the corpus.

HTTP: ``/charts`` (whole store, a province, a plan), the home, plan and agency pages carry their charts' data
as JSON in the page, equal to the rows of the query each chart names (fetched through the REST route its
CSV/JSON links point at), with a table of the same numbers. Browser: ECharts draws those bars (its
instance's option holds the query's figures), the timeline has a point per month with due tasks and sums
them by quarter on request, and no request leaves the test server. Screenshots: docs/screenshots/charts-1.png
(the /charts page) and charts-2.png (a plan's charts).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest

PLAN = "285/KH-UBND"  # seed, Đồng Tháp, 32 tasks
AGENCY = "/agencies/org/dong-thap/so-noi-vu"


@pytest.fixture(scope="module")
def client(workbench_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=workbench_url, timeout=120) as http:
        yield http


def rows(client: httpx.Client, name: str, **params: str) -> list[dict[str, Any]]:
    """The named query's rows through the REST API (what the charts' JSON links return)."""
    response = client.get(f"/api/queries/{name}", params=params)
    assert response.status_code == 200, response.text
    return response.json()["rows"]


def charts_of(html: str) -> dict[str, dict[str, Any]]:
    """Every chart's embedded data by chart id (``<script type="application/json" id="chart-…-data">``)."""
    found = re.findall(
        r'<script type="application/json" id="(chart-[a-z-]+)-data">(.*?)</script>', html, re.S
    )
    return {chart_id: json.loads(text) for chart_id, text in found}


def by_key(chart: dict[str, Any], series: int = 0) -> dict[str, int]:
    return dict(zip(chart["keys"], chart["series"][series]["data"], strict=True))


def nonzero(counts: dict[str, int]) -> dict[str, int]:
    return {key: n for key, n in counts.items() if n}


def area_sums(area_rows: list[dict[str, Any]]) -> dict[str, int]:
    sums: Counter[str] = Counter()
    for row in area_rows:
        sums[row["area"]] += row["tasks"]
    return dict(sums)


def month_sums(month_rows: list[dict[str, Any]]) -> dict[str, int]:
    sums: Counter[str] = Counter()
    for row in month_rows:
        sums[row["month"]] += row["tasks"]
    return dict(sums)


def timeline_sums(chart: dict[str, Any]) -> dict[str, int]:
    """Tasks per month over every series (kind) of a timeline chart."""
    return nonzero({key: sum(s["data"][i] for s in chart["series"]) for i, key in enumerate(chart["keys"])})


def page(client: httpx.Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.text


# -- HTTP: the pages carry the queries' figures ---------------------------------------------------------


def test_the_charts_page_carries_the_whole_store_figures(client: httpx.Client) -> None:
    html = page(client, "/charts?lang=en")
    charts = charts_of(html)
    assert set(charts) == {"chart-areas", "chart-years", "chart-provinces", "chart-load", "chart-due"}
    stats = client.get("/api/stats").json()
    plans = rows(client, "plans")
    assert len(plans) == stats["plans"] == 15

    areas = area_sums(rows(client, "areas"))
    assert by_key(charts["chart-areas"]) == areas
    assert sum(areas.values()) == stats["tasks"]  # every task in one area (or "none")
    assert charts["chart-areas"]["labels"][charts["chart-areas"]["keys"].index("e-government")] == (
        "E-government, digital government"
    )

    provinces: Counter[str] = Counter()
    years: Counter[str] = Counter()
    for plan in plans:
        provinces[plan["province"]] += plan["tasks"]
        years[str(plan["period_start"] or plan["issued"])[:4]] += plan["tasks"]
    assert by_key(charts["chart-provinces"]) == dict(provinces)
    assert nonzero(by_key(charts["chart-years"])) == dict(years)
    assert charts["chart-years"]["keys"] == [str(y) for y in range(int(min(years)), int(max(years)) + 1)]
    assert sum(years.values()) == stats["tasks"]
    assert {"Đồng Tháp", "Sóc Trăng", "Ninh Thuận"} <= set(provinces)

    load = sorted(
        rows(client, "agency-load"), key=lambda r: (-r["lead_tasks"], -r["partner_tasks"], r["agency"])
    )
    top = load[:15]
    chart = charts["chart-load"]
    assert chart["keys"] == [r["agency"] for r in top]
    assert chart["series"][0]["name"] == "Lead" and chart["series"][0]["data"] == [
        r["lead_tasks"] for r in top
    ]
    assert chart["series"][1]["data"] == [r["partner_tasks"] for r in top]

    due = rows(client, "due-months")
    assert timeline_sums(charts["chart-due"]) == nonzero(month_sums(due))
    months = charts["chart-due"]["keys"]
    assert months == sorted(months) and len(set(months)) == len(months)  # every month in between, once
    assert months[0] == min(r["month"] for r in due) and months[-1] == max(r["month"] for r in due)
    # the table under each chart shows the same numbers, and its data links name the query
    assert (
        'href="/api/queries/due-months?format=csv"' in html
        and 'href="/api/queries/areas?format=json"' in html
    )


def test_a_plans_charts_on_its_page_and_on_the_charts_page(client: httpx.Client) -> None:
    tasks = client.get(f"/api/plans/{quote(PLAN, safe='')}").json()["tasks"]
    assert len({t["task"] for t in tasks}) == 32
    areas = area_sums(rows(client, "areas", plan=PLAN))
    assert sum(areas.values()) == 32
    due = month_sums(rows(client, "due-months", plan=PLAN))
    dated = {t["task"] for t in tasks if t["end"] or t["start"]}
    assert sum(due.values()) == len(dated) > 0  # each dated task once, in the month it ends

    plan_page = charts_of(page(client, f"/plans/{quote(PLAN, safe='')}"))
    on_charts = charts_of(page(client, f"/charts?plan={quote(PLAN)}"))
    for charts in (plan_page, on_charts):
        assert by_key(charts["chart-areas"]) == areas
        assert timeline_sums(charts["chart-due"]) == nonzero(due)
    # a plan's lead load on /charts: tasks each agency leads in it (the `tasks` rows)
    led: dict[str, set[str]] = defaultdict(set)
    for task in tasks:
        for name in filter(None, (n.strip() for n in str(task["leads"] or "").split(";"))):
            led[name].add(task["task"])
    load = by_key(on_charts["chart-load"])
    assert load and all(load[name] == len(led[name]) for name in load)
    assert max(load.values()) == max(len(ids) for ids in led.values())
    # bars of the plan's area chart open the plan's tasks of that area
    chart = plan_page["chart-areas"]
    assert all(
        link == ("" if key == "none" else f"/plans/285%2FKH-UBND?area={key}#tasks")
        for key, link in zip(chart["keys"], chart["links"], strict=True)
    )


def test_a_province_on_the_charts_page(client: httpx.Client) -> None:
    charts = charts_of(page(client, "/charts?province=dong thap"))
    assert "chart-provinces" not in charts
    assert by_key(charts["chart-areas"]) == area_sums(rows(client, "areas", province="dong thap"))
    assert timeline_sums(charts["chart-due"]) == nonzero(
        month_sums(rows(client, "due-months", province="dong thap"))
    )
    plans = rows(client, "plans", province="dong thap")
    assert sum(by_key(charts["chart-years"]).values()) == sum(p["tasks"] for p in plans)
    load = rows(client, "agency-load", province="dong thap")
    assert charts["chart-load"]["keys"][0] == max(load, key=lambda r: r["lead_tasks"])["agency"]
    assert {r["province"] for r in load} == {"Đồng Tháp"}


def test_the_home_page_carries_its_charts_data(client: httpx.Client) -> None:
    html = page(client, "/")
    charts = charts_of(html)
    assert set(charts) == {"chart-provinces", "chart-years", "chart-due"}
    plans = rows(client, "plans")
    assert sum(by_key(charts["chart-years"]).values()) == sum(p["tasks"] for p in plans)
    assert charts["chart-due"]["grain"] == "quarter"
    assert timeline_sums(charts["chart-due"]) == nonzero(month_sums(rows(client, "due-months")))
    assert 'src="/static/vendor/echarts/echarts.min.js"' in html and 'href="/charts"' in html


def test_an_agencys_charts(client: httpx.Client) -> None:
    charts = charts_of(page(client, AGENCY))
    area_rows = [
        r
        for r in rows(client, "agency-areas", agency="Sở Nội vụ", province="Đồng Tháp")
        if r["agency"] == "Sở Nội vụ"
    ]
    lead = Counter()
    for row in area_rows:
        if row["role"] == "lead":
            lead[row["area"]] += row["tasks"]
    assert nonzero(by_key(charts["chart-agency-areas"], 0)) == dict(lead)
    # the same assignments as agency-tasks and the count of agency-load: Sở Nội vụ (Đồng Tháp) leads 38
    # tasks (37 in the seeds' plans, one in the corpus's)
    tasks = rows(client, "agency-tasks", agency="so noi vu", province="dong thap", role="lead")
    [load] = [r for r in rows(client, "agency-load", province="dong thap") if r["agency"] == "Sở Nội vụ"]
    assert (
        sum(lead.values())
        == len([t for t in tasks if t["agency"] == "Sở Nội vụ"])
        == load["lead_tasks"]
        == 38
    )
    years = by_key(charts["chart-agency-years"], 0)
    assert sum(years.values()) == 38 and "2021" in years and all(len(year) == 4 for year in years)


def test_the_data_links_parse_and_an_unknown_plan_is_404(client: httpx.Client) -> None:
    html = page(client, f"/plans/{quote(PLAN, safe='')}")
    links = sorted(set(re.findall(r'href="(/api/queries/(?:areas|due-months)\?[^"]+)"', html)))
    assert len(links) == 4  # the charts' data: areas and due-months, CSV and JSON
    for link in links:
        response = client.get(link.replace("&amp;", "&"))
        assert response.status_code == 200, link
        if "format=csv" in link:
            table = list(csv.DictReader(io.StringIO(response.text)))
            assert table and "tasks" in table[0]
        else:
            assert response.json()["rows"]
    missing = client.get("/charts?plan=999/KH-UBND", headers={"Accept": "text/html"})
    assert (
        missing.status_code == 404 and "999/KH-UBND" in missing.text and 'class="suggestions"' in missing.text
    )


# -- a real browser: ECharts draws the queries' figures --------------------------------------------------


def drawn(page_: Any, chart_id: str) -> dict[str, Any]:
    """The ECharts option of a chart as drawn in the page (categories and series data)."""
    page_.wait_for_selector(f"#{chart_id} .chart-canvas[data-ready=true]")
    return page_.evaluate(
        """(id) => {
            const el = document.querySelector('#' + id + ' .chart-canvas');
            const option = echarts.getInstanceByDom(el).getOption();
            const axis = [].concat(option.xAxis, option.yAxis).find((a) => a.type === 'category');
            return {categories: axis.data, series: option.series.map((s) => ({name: s.name, data: s.data})),
                    canvas: el.querySelectorAll('canvas').length};
        }""",
        chart_id,
    )


def test_charts_in_a_real_browser(browser: Any, workbench_url: str, client: httpx.Client) -> None:
    from workbench import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    requests: list[str] = []
    problems: list[str] = []
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    try:
        tab = context.new_page()
        tab.on("request", lambda request: requests.append(request.url))
        tab.on("requestfailed", lambda request: problems.append(request.url))
        tab.on("pageerror", lambda error: problems.append(f"script error: {error}"))

        # /charts: the areas' bars are the `areas` query's sums, labelled in Vietnamese
        tab.goto(workbench_url + "/charts")
        areas = area_sums(rows(client, "areas"))
        chart = drawn(tab, "chart-areas")
        assert chart["canvas"] >= 1
        assert chart["series"][0]["data"] == sorted(areas.values(), reverse=True)
        assert "Chính phủ điện tử, Chính phủ số" in chart["categories"]
        due = drawn(tab, "chart-due")
        months = month_sums(rows(client, "due-months"))
        points = {
            month: sum(s["data"][i] for s in due["series"]) for i, month in enumerate(due["categories"])
        }
        assert nonzero(points) == nonzero(months)
        tab.wait_for_load_state("networkidle")
        tab.screenshot(path=str(SCREENSHOTS / "charts-1.png"))

        # by quarter: the months added up
        tab.locator("#chart-due .chart-grain button[data-grain=quarter]").click()
        tab.wait_for_selector("#chart-due .chart-canvas[data-grain=quarter]")
        quarters = drawn(tab, "chart-due")
        expected: Counter[str] = Counter()
        for month, n in months.items():
            expected[f"{month[:4]}-Q{(int(month[5:7]) - 1) // 3 + 1}"] += n
        got = {q: sum(s["data"][i] for s in quarters["series"]) for i, q in enumerate(quarters["categories"])}
        assert nonzero(got) == dict(expected)

        # a plan's page: its tasks per area and when they fall due, as its queries count them
        tab.goto(workbench_url + f"/plans/{quote(PLAN, safe='')}?lang=en")
        plan_areas = area_sums(rows(client, "areas", plan=PLAN))
        chart = drawn(tab, "chart-areas")
        assert chart["series"][0]["data"] == sorted(plan_areas.values(), reverse=True)
        assert sum(chart["series"][0]["data"]) == 32
        timeline = drawn(tab, "chart-due")
        plan_due = month_sums(rows(client, "due-months", plan=PLAN))
        assert nonzero(
            {m: sum(s["data"][i] for s in timeline["series"]) for i, m in enumerate(timeline["categories"])}
        ) == nonzero(plan_due)
        tab.locator("#charts").scroll_into_view_if_needed()
        tab.evaluate("document.querySelector('#charts').scrollIntoView({block: 'start'})")
        tab.screenshot(path=str(SCREENSHOTS / "charts-2.png"))

        # the home page: small charts below the figures
        tab.goto(workbench_url + "/")
        assert drawn(tab, "chart-years")["canvas"] >= 1
    finally:
        context.close()

    assert requests
    foreign = [url for url in requests if not url.startswith(workbench_url + "/")]
    assert not foreign, f"requests to other hosts: {foreign}"
    assert not problems, problems
    for name in ("charts-1", "charts-2"):
        assert (SCREENSHOTS / f"{name}.png").stat().st_size > 20_000, name
