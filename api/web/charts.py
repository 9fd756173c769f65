"""Charts: tasks per reform area, year and province, lead load per agency, tasks falling due per month.

Each chart is built on the server from a named query's rows (``Chart``: categories, one or more series of
whole numbers, the link each bar opens, and the query that gives its data as CSV/JSON), embedded in the page
as JSON (``templates/_chart.html``) and drawn by ``static/charts.js`` with Apache ECharts (shipped in
``static/vendor/echarts``): no request is needed to draw it, and a table under it shows the same numbers.
The ``/charts`` page draws them for the whole store, a province or a plan; the home, plan and agency pages
draw the ones that fit them (``home_charts``, ``plan_charts``, ``agency_charts``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse

from api.serving.warm import PAGE_CALLS
from api.web.links import page_for, plan_url
from api.web.parallel import run_many
from api.web.render import render
from api.web.routes import router
from api.web.state import get_store
from queries.lookup import find_plan

Row = Mapping[str, Any]
TOP_AGENCIES = 15  # the lead-load chart's bars
KINDS = ("deadline", "interval", "milestones", "recurring", "continuous", "")  # time-frame kinds, in order
COLORS = {  # a series' colour by its name key (web.css's palette: lead green, partner ochre, bars brick)
    "stat_tasks": "#c8553d",
    "role_lead": "#0b6e4f",
    "role_partner": "#d9a441",
    "chart_kind_deadline": "#a3262a",
    "chart_kind_interval": "#0b5cad",
    "chart_kind_milestones": "#6a4c93",
    "chart_kind_recurring": "#d9a441",
    "chart_kind_continuous": "#0b6e4f",
    "chart_kind_other": "#8795a1",
}


@dataclass
class Series:
    """One series: its name (a UI string key, or text as it is) and a whole number per category."""

    name: str
    data: list[int]


@dataclass
class Chart:
    """A chart and its data: ``kind`` is ``bar`` (vertical), ``hbar`` (horizontal, long labels) or
    ``timeline`` (months, shown by month or quarter); ``keys`` are the categories' values as the query
    gives them (area local names, years, provinces, agencies, months), ``labels`` what is shown (None: the
    keys; for ``categories="area"`` the areas' names in the page's language), ``links`` the page each
    category opens (or ""), ``query``/``params`` the named query whose rows the numbers come from."""

    id: str
    title: str
    kind: str
    keys: list[str]
    series: list[Series]
    query: str
    params: dict[str, str] = field(default_factory=dict)
    labels: list[str] | None = None
    links: list[str] = field(default_factory=list)
    categories: str = ""
    grain: str = "month"
    note: str = ""

    def rows(
        self, area_label: Callable[[str], str], t: Callable[..., str]
    ) -> list[tuple[str, str, list[int]]]:
        """The table under the chart: (label, link, a number per series) per category, at the chart's grain
        (a timeline by quarter adds up its months, as ``charts.js`` does)."""
        labels = self.shown_labels(area_label, t)
        links = self.links or [""] * len(self.keys)
        rows = [
            (label, link, [s.data[i] for s in self.series])
            for i, (label, link) in enumerate(zip(labels, links, strict=True))
        ]
        if self.kind != "timeline" or self.grain != "quarter":
            return rows
        by_quarter: dict[str, list[int]] = {}
        for key, (_, _, values) in zip(self.keys, rows, strict=True):
            total = by_quarter.setdefault(quarter_of(key), [0] * len(values))
            for i, value in enumerate(values):
                total[i] += value
        return [(quarter, "", values) for quarter, values in by_quarter.items()]

    @property
    def total(self) -> int:
        return sum(sum(series.data) for series in self.series)

    @property
    def height(self) -> int:
        """Pixels: a horizontal chart grows with its bars so that every label stays readable."""
        if self.kind == "hbar":
            return max(160, 26 * len(self.keys) + 70)
        return 300

    def data_url(self, fmt: str) -> str:
        """The query's answer in ``fmt`` (``csv``, ``json``) through the REST API."""
        return f"/api/queries/{self.query}?" + urlencode({**self.params, "format": fmt})

    def shown_labels(self, area_label: Callable[[str], str], t: Callable[..., str]) -> list[str]:
        if self.categories == "area":
            return [area_label(key) for key in self.keys]
        labels = self.labels if self.labels is not None else self.keys
        empty = t("chart_none_province") if self.categories == "province" else t("chart_unknown")
        return [label if label else empty for label in labels]

    def series_names(self, t: Callable[..., str]) -> list[str]:
        return [
            t(s.name) if s.name.startswith(("chart_", "role_", "stat_", "col_")) else s.name
            for s in self.series
        ]

    def payload(self, t: Callable[..., str], area_label: Callable[[str], str]) -> dict[str, Any]:
        """What ``charts.js`` draws (JSON in the page), the UI strings in the page's language."""
        names = self.series_names(t)
        return {
            "kind": self.kind,
            "keys": self.keys,
            "labels": self.shown_labels(area_label, t),
            "links": self.links,
            "series": [
                {"name": name, "data": s.data, "color": COLORS.get(s.name, "#5d6b7a")}
                for name, s in zip(names, self.series, strict=True)
            ],
            "grain": self.grain,
            "text": {
                "save": t("chart_save_png"),
                "month": t("chart_by_month"),
                "quarter": t("chart_by_quarter"),
                "title": t(self.title),
            },
        }


# -- building charts from the named queries' rows --------------------------------------------------------


def plan_year(plan: Row) -> str:
    """The year a plan is counted in: its period's start, else its date of issue ("" when neither)."""
    return str(plan.get("period_start") or plan.get("issued") or "")[:4]


def area_chart(rows: Iterable[Row], params: Mapping[str, str], chart_id: str = "chart-areas") -> Chart:
    """Tasks per reform area (``areas`` rows, summed over plans), most first."""
    by_area: Counter[str] = Counter()
    for row in rows:
        by_area[str(row["area"] or "none")] += int(row["tasks"] or 0)
    ranked = by_area.most_common()
    links = (
        [f"{plan_url(params['plan'])}?area={area}#tasks" if area != "none" else "" for area, _ in ranked]
        if "plan" in params
        else []
    )
    return Chart(
        chart_id,
        "chart_tasks_by_area",
        "hbar",
        [area for area, _ in ranked],
        [Series("stat_tasks", [n for _, n in ranked])],
        "areas",
        dict(params),
        links=links,
        categories="area",
    )


def year_chart(plans: Iterable[Row], params: Mapping[str, str]) -> Chart:
    """Tasks of the plans by the plan's year (``plans`` rows), in year order."""
    by_year: Counter[str] = Counter()
    for plan in plans:
        by_year[plan_year(plan)] += int(plan["tasks"] or 0)
    known = sorted(int(year) for year in by_year if year.isdigit())
    years = [str(year) for year in range(known[0], known[-1] + 1)] if known else []  # a gap year is a 0
    years += sorted(year for year in by_year if not year.isdigit())  # no year ("") last
    return Chart(
        "chart-years",
        "chart_tasks_by_year",
        "bar",
        years,
        [Series("stat_tasks", [by_year[year] for year in years])],
        "plans",
        dict(params),
        categories="year",
    )


def province_chart(plans: Iterable[Row], top: int | None = None) -> Chart:
    """Tasks of the plans by province (``plans`` rows), most first (the ``top`` ones when given); the
    national plans under ""."""
    by_province: Counter[str] = Counter()
    for plan in plans:
        by_province[str(plan["province"] or "")] += int(plan["tasks"] or 0)
    ranked = sorted(by_province.items(), key=lambda item: (-item[1], item[0]))
    cut = top is not None and len(ranked) > top
    ranked = ranked[:top] if cut else ranked
    return Chart(
        "chart-provinces",
        "chart_tasks_by_province",
        "hbar",
        [province for province, _ in ranked],
        [Series("stat_tasks", [n for _, n in ranked])],
        "plans",
        links=[("/charts?" + urlencode({"province": p})) if p else "" for p, _ in ranked],
        categories="province",
        note="chart_top_provinces" if cut else "",
    )


def load_chart(load: Iterable[Row], params: Mapping[str, str], top: int = TOP_AGENCIES) -> Chart:
    """The ``top`` agencies by tasks led (then partnered; ``agency-load`` rows): lead and partner bars."""
    ranked = sorted(
        load, key=lambda r: (-int(r["lead_tasks"] or 0), -int(r["partner_tasks"] or 0), str(r["agency"]))
    )[:top]
    one_province = len({str(r["province"]) for r in ranked}) <= 1
    return Chart(
        "chart-load",
        "chart_lead_load",
        "hbar",
        [str(r["agency"]) for r in ranked],
        [
            Series("role_lead", [int(r["lead_tasks"] or 0) for r in ranked]),
            Series("role_partner", [int(r["partner_tasks"] or 0) for r in ranked]),
        ],
        "agency-load",
        dict(params),
        labels=[
            str(r["agency"]) if one_province or not r["province"] else f"{r['agency']} ({r['province']})"
            for r in ranked
        ],
        links=[page_for(str(r["party"])) or "" for r in ranked],
        categories="agency",
    )


def task_load_chart(tasks: Iterable[Row], params: Mapping[str, str], top: int = TOP_AGENCIES) -> Chart:
    """A plan's lead load: tasks each agency leads and partners on in the plan (its ``tasks`` rows)."""
    led: dict[str, set[str]] = defaultdict(set)
    partnered: dict[str, set[str]] = defaultdict(set)
    for task in tasks:
        for name in task.get("lead_list") or _split(task["leads"]):
            led[name].add(str(task["task"]))
        for name in task.get("partner_list") or _split(task["partners"]):
            partnered[name].add(str(task["task"]))
    names = sorted(set(led) | set(partnered), key=lambda n: (-len(led[n]), -len(partnered[n]), n))[:top]
    return Chart(
        "chart-load",
        "chart_lead_load",
        "hbar",
        names,
        [
            Series("role_lead", [len(led[n]) for n in names]),
            Series("role_partner", [len(partnered[n]) for n in names]),
        ],
        "tasks",
        dict(params),
        categories="agency",
    )


def quarter_of(month: str) -> str:
    """ "2021-05" -> "2021-Q2"."""
    return f"{month[:4]}-Q{(int(month[5:7]) - 1) // 3 + 1}"


def month_range(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` ("2021-11", "2022-02" -> 2021-11, 2021-12, 2022-01, 2022-02)."""
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def due_chart(rows: Iterable[Row], params: Mapping[str, str], grain: str = "month") -> Chart:
    """Tasks falling due per month (``due-months`` rows), a series per kind of time frame, every month
    from the first to the last shown (a month without a task is a 0)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        month = str(row["month"] or "")
        if len(month) == 7:
            counts[str(row["kind"] or "")][month] += int(row["tasks"] or 0)
    used = sorted({m for kind in counts.values() for m in kind})
    months = month_range(used[0], used[-1]) if used else []
    series = [
        Series(f"chart_kind_{kind or 'other'}", [counts[kind][m] for m in months])
        for kind in KINDS
        if kind in counts
    ]
    series += [
        Series(kind, [counts[kind][m] for m in months]) for kind in sorted(counts) if kind not in KINDS
    ]
    return Chart(
        "chart-due",
        "chart_due_timeline",
        "timeline",
        months,
        series,
        "due-months",
        dict(params),
        categories="month",
        grain=grain,
        note="chart_due_note",
    )


def task_due_rows(tasks: Iterable[Row]) -> list[dict[str, Any]]:
    """``due-months`` rows computed from a plan's ``tasks`` rows (the same rule: the month of the end, else
    of the start), so the plan page needs no other query."""
    seen: set[tuple[str, str]] = set()
    counts: Counter[tuple[str, str]] = Counter()
    for task in tasks:
        due = str(task.get("end") or task.get("start") or "")[:7]
        if len(due) == 7 and (str(task["task"]), due) not in seen:
            seen.add((str(task["task"]), due))
            counts[(due, str(task.get("time_kind") or ""))] += 1
    return [{"month": m, "kind": k, "tasks": n} for (m, k), n in sorted(counts.items())]


def task_area_rows(tasks: Iterable[Row]) -> list[dict[str, Any]]:
    """``areas`` rows (area, tasks) computed from a plan's ``tasks`` rows (each task once)."""
    areas: dict[str, set[str]] = defaultdict(set)
    for task in tasks:
        areas[str(task["area"] or "none")].add(str(task["task"]))
    return [{"area": area, "tasks": len(ids)} for area, ids in areas.items()]


def _split(value: object) -> list[str]:
    return [item.strip() for item in str(value or "").split(";") if item.strip()]


# -- the pages' charts -------------------------------------------------------------------------------


def home_charts(plans: Sequence[Row], months: Sequence[Row]) -> list[Chart]:
    """The home page's small charts: tasks per province and per year, and when they fall due (quarters)."""
    return [province_chart(plans, top=10), year_chart(plans, {}), due_chart(months, {}, grain="quarter")]


def plan_charts(plan: Row, tasks: Sequence[Row]) -> list[Chart]:
    """A plan's tasks per reform area and when they fall due, from the rows its page already read."""
    params = {"plan": str(plan["number"])}
    return [area_chart(task_area_rows(tasks), params), due_chart(task_due_rows(tasks), params)]


def agency_charts(agency: Row, rows: Sequence[Row]) -> list[Chart]:
    """An agency's tasks (``agency-areas`` rows of this agency) per reform area and per plan year, as lead
    and as partner."""
    params = {"agency": str(agency["agency"])}
    if agency.get("province"):
        params["province"] = str(agency["province"])
    mine = [
        r for r in rows if r["agency"] == agency["agency"] and r["province"] == (agency.get("province") or "")
    ]
    charts = []
    for key, chart_id, title, kind in (
        ("area", "chart-agency-areas", "chart_tasks_by_area", "hbar"),
        ("year", "chart-agency-years", "chart_tasks_by_year", "bar"),
    ):
        counts: dict[str, Counter[str]] = {"lead": Counter(), "partner": Counter()}
        for row in mine:
            counts.setdefault(str(row["role"]), Counter())[str(row[key])] += int(row["tasks"] or 0)
        keys = sorted({k for c in counts.values() for k in c})
        if key == "area":
            keys.sort(key=lambda k: -(counts["lead"][k] + counts["partner"][k]))
        series = [Series(f"role_{role}", [counts[role][k] for k in keys]) for role in ("lead", "partner")]
        charts.append(Chart(chart_id, title, kind, keys, series, "agency-areas", params, categories=key))
    return charts


# -- the /charts page ----------------------------------------------------------------------------------


@router.get("/charts", response_class=HTMLResponse)
def charts_page(request: Request, province: str = "", plan: str = "") -> HTMLResponse:
    """Charts of the whole store, of one province (``?province=``) or of one plan (``?plan=``)."""
    store = get_store(request)
    found = find_plan(store, plan) if plan.strip() else None
    if found is not None and province.strip() and province != found["province"]:
        found = None  # another province was chosen in the form: its charts, not the plan's
    if found is not None:
        iri, params = str(found["plan"]), {"plan": str(found["number"])}
        everything, areas, months, tasks = (
            result.as_dicts()
            for result in run_many(
                store,
                [
                    ("plans", {}),
                    ("areas", {"plan": iri}),
                    ("due-months", {"plan": iri}),
                    ("tasks", {"plan": iri}),
                ],
            )
        )
        charts = [area_chart(areas, params), due_chart(months, params), task_load_chart(tasks, params)]
        province = str(found["province"] or "")
    elif province.strip():
        scope = {"province": province}
        calls = [
            ("plans", {}),
            ("plans", scope),
            ("areas", scope),
            ("agency-load", scope),
            ("due-months", scope),
        ]
        everything, chosen, areas, load, months = (result.as_dicts() for result in run_many(store, calls))
        province = str(chosen[0]["province"]) if chosen else province  # its name, however it was spelt
        charts = [
            area_chart(areas, scope),
            year_chart(chosen, scope),
            load_chart(load, scope),
            due_chart(months, scope),
        ]
    else:  # the whole store: the calls warmed at start and after an upload
        everything, areas, load, months = (
            result.as_dicts() for result in run_many(store, list(PAGE_CALLS["/charts"]))
        )
        charts = [
            area_chart(areas, {}),
            year_chart(everything, {}),
            province_chart(everything),
            load_chart(load, {}),
            due_chart(months, {}),
        ]
    return render(
        request,
        "charts.html",
        charts=charts,
        provinces=sorted({str(p["province"]) for p in everything if p["province"]}),
        plan_options=[p for p in everything if not province or p["province"] == province],
        chosen_province=province,
        chosen_plan=found,
    )
