"""The analysts' web UI: server-rendered pages over the named queries (Vietnamese by default, ``?lang=en``).

Pages: home ``/``, search ``/search?q=``, SPARQL editor ``/query``, plan ``/plans/{number or IRI path}``,
agency ``/agencies/{org|group}/{province}/{key}``, legal document ``/documents/{number or IRI path}``, trace
``/trace?document=``, and the network frames ``/plans/{id}/network`` and ``/trace/graph?document=``. Data
comes from the named queries (``queries.library.run``); only the editor runs the SPARQL a user types. Every
template is autoescaped. ``page_for`` maps a minted IRI to its page (the linked-data route uses it).
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from rdflib import BNode, Literal
from starlette.concurrency import run_in_threadpool

from api.i18n import COOKIE, LANGUAGES, area_label, language_of, trace_path, translator
from ontology import DEFAULT_BASE_IRI
from ontology.errors import CchcError
from ontology.iris import code_slug
from queries.library import NamedQuery, QueryResult, bind_parameters, default_library, run
from queries.text import number_key

HERE = Path(__file__).resolve().parent
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"
VIZ_ASSETS = "/static/viz"
MAX_EDITOR_ROWS = 2000
_STATIC_TYPES = {
    ".css": "text/css",
    ".js": "text/javascript",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
}
_IRI = re.compile(r"^https?://\S+$")
_POSITION = re.compile(r"error at (\d+):(\d+)")

router = APIRouter(include_in_schema=False)

environment = Environment(
    loader=FileSystemLoader(str(TEMPLATES_DIR)),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True, default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


# -- plumbing --------------------------------------------------------------------------------------


def get_store(request: Request) -> Any:
    """The store the app serves (``app.state.store``, set by ``create_app``)."""
    return request.app.state.store


def base_iri(request: Request) -> str:
    """The base IRI of minted IRIs (from ``app.state.settings`` when set)."""
    settings = getattr(request.app.state, "settings", None)
    return getattr(settings, "base_iri", None) or DEFAULT_BASE_IRI


def quote_id(value: str) -> str:
    """A path segment for an identifier such as "285/KH-UBND" (slashes encoded)."""
    return quote(value, safe="")


def plan_url(number: str) -> str:
    return f"/plans/{quote_id(number)}"


def document_url(number: str) -> str:
    return f"/documents/{quote_id(number)}"


def page_for(iri: str) -> str | None:
    """The UI page of a minted IRI, or None when it has none.

    ``…/eli/vn/…/kh/…`` and ``…/plan`` (a plan issued by a decision) -> ``/plans/{path}``; other
    ``…/eli/vn/…`` -> ``/documents/{path}``; a task, section, target or mention -> its plan's (or
    document's) page, a task with an anchor; ``…/org|group/{province}/{key}`` -> ``/agencies/…``. Works for
    any base IRI.
    """
    agency = re.search(r"/((?:org|group)/[a-z0-9.-]+/[a-z0-9.-]+)$", iri)
    if agency:
        return f"/agencies/{agency.group(1)}"
    match = re.search(r"/eli/vn/(.+)$", iri)
    if not match:
        return None
    path = match.group(1)
    anchor = ""
    part = re.search(r"^(.*?)/(task|target|section|ref)/([^/]+)(?:/.*)?$", path)
    if part:
        path, kind, code = part.groups()
        anchor = f"#task-{code}" if kind == "task" else ""
    segments = path.split("/")
    if path.endswith("/plan") or "kh" in segments[:-1]:
        return f"/plans/{path}{anchor}"
    return f"/documents/{path}{anchor}"


def id_url(iri: str, base: str) -> str:
    """Where a link on ``iri`` goes: its UI page, else ``/id/…`` for a minted IRI, else the IRI itself."""
    page = page_for(iri) if iri.startswith(base) else None
    if page:
        return page
    if iri.startswith(base):
        return "/id/" + iri[len(base) :]
    return iri


def _with_params(request: Request, **changes: str | None) -> str:
    """The current URL with some query parameters changed (None removes one)."""
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    query = urlencode(params)
    return request.url.path + (f"?{query}" if query else "")


def render(request: Request, template: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render a template with the language, its strings and the language links; remember ``?lang=``."""
    lang = language_of(request)
    page = environment.get_template(template).render(
        request=request,
        lang=lang,
        t=translator(lang),
        languages=[(code, _with_params(request, lang=code)) for code in LANGUAGES],
        area_label=lambda area: area_label(area, lang),
        trace_path=lambda path: trace_path(path, lang),
        plan_url=plan_url,
        document_url=document_url,
        page_for=page_for,
        vnd=vnd,
        **context,
    )
    response = HTMLResponse(page, status_code=status_code)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(COOKIE, request.query_params["lang"], max_age=365 * 24 * 3600, samesite="lax")
    return response


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """An HTML error page (404 for an unknown plan, agency or document; the error's status otherwise)."""
    t = translator(language_of(request))
    title = t("not_found_title") if status == 404 else t("error_title")
    return render(request, "error.html", status_code=status, title=title, message=message)


def vnd(value: object) -> str:
    """1234567 -> "1.234.567" (Vietnamese thousands separator)."""
    if isinstance(value, int | float):
        return f"{round(value):,}".replace(",", ".")
    return "" if value is None else str(value)


def _split(value: object) -> list[str]:
    return [part.strip() for part in str(value or "").split(";") if part.strip()]


def _ends_with_path(iri: str, path: str) -> bool:
    return bool(path) and (iri == path or iri.endswith("/" + path.strip("/")))


# -- home and search -------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    """The corpus at a glance: plans by province and year, tasks by area, top lead agencies."""
    store = get_store(request)
    plans = run(store, "plans").as_dicts()
    areas = run(store, "areas").as_dicts()
    load = run(store, "agency-load").as_dicts()
    by_area: Counter[str] = Counter()
    for row in areas:
        by_area[str(row["area"])] += int(row["tasks"] or 0)
    area_rows = by_area.most_common()
    years = sorted({_year(p) for p in plans if _year(p)})
    grid: dict[str, dict[str, list[dict[str, object]]]] = defaultdict(lambda: defaultdict(list))
    for plan in plans:
        grid[str(plan["province"])][_year(plan)].append(plan)
    leads = sorted(load, key=lambda r: (-int(r["lead_tasks"] or 0), -int(r["partner_tasks"] or 0)))[:10]
    stats = {
        "plans": len(plans),
        "tasks": sum(int(p["tasks"] or 0) for p in plans),
        "provinces": len({p["province"] for p in plans}),
        "agencies": len(load),
    }
    return render(
        request,
        "home.html",
        plans=plans,
        years=years,
        grid={province: dict(cells) for province, cells in sorted(grid.items())},
        area_rows=area_rows,
        area_max=max((n for _, n in area_rows), default=1),
        leads=leads,
        lead_max=max((int(r["lead_tasks"] or 0) for r in leads), default=1),
        stats=stats,
    )


def _year(plan: Mapping[str, object]) -> str:
    value = plan.get("period_start") or plan.get("issued") or ""
    return str(value)[:4]


SEARCH_KINDS = ("agency", "plan", "document", "task")


def search_link(row: Mapping[str, object]) -> str:
    """The page a search hit opens."""
    kind, iri, label = row["kind"], str(row["iri"]), str(row["label"])
    if kind == "plan":
        return plan_url(label)
    if kind == "document":
        return document_url(label)
    if kind == "task":
        return plan_url(str(row["plan_number"])) + f"#task-{code_slug(str(row['detail']))}"
    return page_for(iri) or "/"


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: str = "") -> HTMLResponse:
    """Plans, tasks, agencies and documents matching ``q``, diacritics optional."""
    groups: dict[str, list[dict[str, object]]] = {kind: [] for kind in SEARCH_KINDS}
    if q.strip():
        for row in run(get_store(request), "search", {"q": q}).as_dicts():
            row["href"] = search_link(row)
            groups.setdefault(str(row["kind"]), []).append(row)
    total = sum(len(rows) for rows in groups.values())
    return render(request, "search.html", q=q, groups=groups, total=total)


# -- plan page -------------------------------------------------------------------------------------


def find_plan(store: Any, plan_id: str) -> dict[str, object] | None:
    """The ``plans`` row of a plan given by number ("285/KH-UBND"), IRI, or IRI path after ``eli/vn/``."""
    key = number_key(plan_id)
    for plan in run(store, "plans").as_dicts():
        iri = str(plan["plan"])
        if (
            number_key(str(plan["number"])) == key
            or iri == plan_id
            or _ends_with_path(iri, "eli/vn/" + plan_id)
        ):
            return plan
    return None


def quarters(start: object, end: object) -> list[str]:
    """The quarters ("Q2/2021") a date range overlaps."""
    if not start or not end:
        return []
    first, last = str(start), str(end)
    out = []
    for year in range(int(first[:4]), int(last[:4]) + 1):
        for quarter in range(1, 5):
            q_start = f"{year}-{3 * quarter - 2:02d}-01"
            q_end = f"{year}-{3 * quarter:02d}-31"
            if q_start <= last and q_end >= first:
                out.append(f"Q{quarter}/{year}")
    return out


@dataclass
class TaskFilter:
    """The plan page's task filters (GET parameters ``area``, ``agency``, ``quarter``)."""

    area: str = ""
    agency: str = ""
    quarter: str = ""

    def keeps(self, task: Mapping[str, Any]) -> bool:
        if self.area and task["area"] != self.area:
            return False
        if self.agency and self.agency not in task["agencies"]:
            return False
        return not (self.quarter and self.quarter not in task["quarters"])

    @property
    def active(self) -> bool:
        return bool(self.area or self.agency or self.quarter)


def plan_tasks(store: Any, plan: str) -> list[dict[str, Any]]:
    """The plan's tasks (``tasks``), with the agency list, quarters and anchor each row needs."""
    rows = run(store, "tasks", {"plan": plan}).as_dicts()
    for row in rows:
        row["lead_list"] = _split(row["leads"])
        row["partner_list"] = _split(row["partners"])
        row["agencies"] = row["lead_list"] + row["partner_list"]
        row["quarters"] = quarters(row["start"], row["end"])
        row["anchor"] = f"task-{code_slug(str(row['code']))}"
    return rows


def budget_summary(store: Any, plan: str) -> dict[str, Any]:
    """Totals by reform area, the grand total and the per-unit amounts (``budget``)."""
    rows = run(store, "budget", {"plan": plan}).as_dicts()
    by_area: dict[str, int] = defaultdict(int)
    per_unit: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        by_area[str(row["area"])] += int(row["total_vnd"] or 0)
        for item in _split(row["per_unit"]):
            per_unit[str(row["area"])].add(item)
    # a task with several leads counts once per lead in ``budget``; the plan total counts each task once
    total = sum(
        int(task["budget_vnd"] or 0)
        for task in run(store, "tasks", {"plan": plan}).as_dicts()
        if task["budget_unit"] in ("total", "") and task["budget_vnd"]
    )
    return {
        "rows": rows,
        "areas": sorted(by_area.items(), key=lambda item: -item[1]),
        "per_unit": {area: sorted(items) for area, items in per_unit.items()},
        "total": total,
    }


@router.get("/plans/{plan_id:path}/network", response_class=HTMLResponse)
def plan_network(request: Request, plan_id: str) -> HTMLResponse:
    """The network of the plan's agencies (viz), for the plan page's frame."""
    store = get_store(request)
    plan = find_plan(store, plan_id)
    if plan is None:
        return error_page(request, 404, translator(language_of(request))("plan_not_found", id=plan_id))
    title = f"{plan['number']} — {plan['province']}"
    return viz_page(
        request, "plan_graph", (store, str(plan["number"])), title=title, filters={"plan": plan["number"]}
    )


@router.get("/plans/{plan_id:path}", response_class=HTMLResponse)
def plan_page(
    request: Request, plan_id: str, area: str = "", agency: str = "", quarter: str = ""
) -> Response:
    """A plan: header, legal bases, filterable tasks, budget, and the network of its agencies."""
    store = get_store(request)
    plan = find_plan(store, plan_id)
    t = translator(language_of(request))
    if plan is None:
        document = find_document(store, plan_id)
        if document is not None:
            return HTMLResponse(status_code=307, headers={"Location": document_url(str(document["number"]))})
        return error_page(request, 404, t("plan_not_found", id=plan_id))
    number = str(plan["number"])
    tasks = plan_tasks(store, number)
    chosen = TaskFilter(area=area, agency=agency, quarter=quarter)
    shown = [task for task in tasks if chosen.keeps(task)]
    bases = run(store, "legal-bases", {"plan": number}).as_dicts()
    for base in bases:
        base["task_anchor"] = code_slug(str(base["task_code"])) if base["task_code"] else ""
    return render(
        request,
        "plan.html",
        plan=plan,
        tasks=shown,
        task_count=len(tasks),
        chosen=chosen,
        area_options=sorted({str(task["area"]) for task in tasks}),
        agency_options=sorted({name for task in tasks for name in task["agencies"]}),
        quarter_options=quarters(plan["period_start"], plan["period_end"]),
        bases=bases,
        budget=budget_summary(store, number),
        network_url=f"{plan_url(number)}/network",
        document=find_document(store, number),
    )


# -- agency page -----------------------------------------------------------------------------------


def find_agency(store: Any, agency_id: str, load: list[dict[str, object]]) -> dict[str, object] | None:
    """The agency ``org|group/{province}/{key}`` (IRI path) with its task counts (``load``), or None."""
    for row in load:
        if _ends_with_path(str(row["party"]), agency_id):
            return row
    for row in run(store, "search", {"q": agency_id}).as_dicts():
        if row["kind"] == "agency" and _ends_with_path(str(row["iri"]), agency_id):
            return {
                "agency": row["label"],
                "province": row["province"],
                "kind": row["detail"],
                "lead_tasks": 0,
                "partner_tasks": 0,
                "party": row["iri"],
            }
    return None


def agency_work(store: Any, name: str, province: str) -> list[dict[str, Any]]:
    """What the agency leads and partners on, grouped by plan (``agency-tasks``, exact name only)."""
    params = {"agency": name}
    if province:
        params["province"] = province
    rows = [r for r in run(store, "agency-tasks", params).as_dicts() if r["agency"] == name]
    rows = [r for r in rows if r["province"] == province]
    plans: dict[str, dict[str, Any]] = {}
    for row in rows:
        row["anchor"] = code_slug(str(row["code"]))
        entry = plans.setdefault(
            str(row["plan_number"]), {"plan_number": row["plan_number"], "lead": [], "partner": []}
        )
        entry[str(row["role"])].append(row)
    return list(plans.values())


def collaborators(store: Any, name: str, province: str) -> list[dict[str, Any]]:
    """Agencies it works with most (``lead-partner`` of its province), as lead and as partner."""
    params = {"province": province} if province else {}
    together: dict[str, dict[str, Any]] = {}
    for row in run(store, "lead-partner", params).as_dicts():
        if row["province"] != province or name not in (row["lead"], row["partner"]):
            continue
        other = str(row["partner"] if row["lead"] == name else row["lead"])
        entry = together.setdefault(other, {"name": other, "as_lead": 0, "as_partner": 0, "plans": set()})
        entry["as_lead" if row["lead"] == name else "as_partner"] += int(row["tasks"] or 0)
        entry["plans"].update(_split(row["plans"]))
    ranked = sorted(together.values(), key=lambda e: (-(e["as_lead"] + e["as_partner"]), e["name"]))
    for entry in ranked:
        entry["plans"] = sorted(entry["plans"])
    return ranked[:15]


@router.get("/agencies/{agency_id:path}", response_class=HTMLResponse)
def agency_page(request: Request, agency_id: str) -> HTMLResponse:
    """An agency: what it leads and partners on, across plans and years, and with whom it works most."""
    store = get_store(request)
    load = run(store, "agency-load").as_dicts()
    agency = find_agency(store, agency_id, load)
    if agency is None:
        return error_page(request, 404, translator(language_of(request))("agency_not_found", id=agency_id))
    name, province = str(agency["agency"]), str(agency["province"] or "")
    work = agency_work(store, name, province)
    periods = {str(p["number"]): p for p in run(store, "plans").as_dicts()}
    for entry in work:
        plan = periods.get(str(entry["plan_number"]), {})
        years = sorted(
            {str(plan.get("period_start") or "")[:4], str(plan.get("period_end") or "")[:4]} - {""}
        )
        entry["years"] = "–".join(years[:1] + years[1:][-1:]) if years else ""
    work.sort(key=lambda entry: (entry["years"], str(entry["plan_number"])))
    partners = collaborators(store, name, province)
    others = {str(row["agency"]): page_for(str(row["party"])) for row in load if row["province"] == province}
    return render(request, "agency.html", agency=agency, work=work, partners=partners, others=others)


# -- legal documents and trace ---------------------------------------------------------------------


def find_document(store: Any, document_id: str) -> dict[str, object] | None:
    """The ``documents`` row of a document given by number ("76/NQ-CP"), IRI or IRI path after ``eli/vn/``."""
    key = number_key(document_id)
    for row in run(store, "document-index").as_dicts():
        iri = str(row["document"])
        if number_key(str(row["number"])) == key or iri == document_id:
            return row
        if _ends_with_path(iri, "eli/vn/" + document_id):
            return row
    return None


RELATION_ORDER = ("based-on", "implements", "issues", "replaces", "amends", "cites")


def relation_groups(
    rows: Iterable[Mapping[str, object]],
) -> dict[str, list[tuple[str, list[dict[str, object]]]]]:
    """``document-relations`` rows as {direction: [(relation, rows)]} in the lược đồ's order."""
    grouped: dict[str, dict[str, list[dict[str, object]]]] = {"outgoing": {}, "incoming": {}}
    for row in rows:
        grouped[str(row["direction"])].setdefault(str(row["relation"]), []).append(dict(row))
    return {
        direction: [(rel, relations[rel]) for rel in RELATION_ORDER if rel in relations]
        for direction, relations in grouped.items()
    }


def relation_link(row: Mapping[str, object]) -> str:
    """Where a related document links: an ingested plan to its plan page, others to their document page."""
    if row.get("other_plan") == "plan":
        return plan_url(str(row["number"]))
    number = str(row["number"])
    if _IRI.match(number):
        return page_for(number) or number
    return document_url(number)


@router.get("/documents/{document_id:path}", response_class=HTMLResponse)
def document_page(request: Request, document_id: str) -> HTMLResponse:
    """A legal document's relations both ways (lược đồ) and the plans implementing it."""
    store = get_store(request)
    document = find_document(store, document_id)
    if document is None:
        message = translator(language_of(request))("document_not_found", id=document_id)
        return error_page(request, 404, message)
    iri = str(document["document"])
    relations = run(store, "document-links", {"document": iri}).as_dicts()
    for row in relations:
        row["href"] = relation_link(row)
    trace = run(store, "trace", {"document": iri}).as_dicts()
    return render(
        request,
        "document.html",
        document=document,
        groups=relation_groups(relations),
        count=len(relations),
        trace=trace,
        plan_page=plan_url(str(document["number"])) if document["plan"] == "plan" else None,
    )


def trace_tree(store: Any, document: str) -> list[dict[str, Any]]:
    """Plans implementing ``document`` (``trace``), each with its tasks by area and its lead agencies."""
    plans = run(store, "trace", {"document": document}).as_dicts()
    for plan in plans:
        tasks = plan_tasks(store, str(plan["plan"]))
        areas: dict[str, list[dict[str, Any]]] = {}
        for task in tasks:
            areas.setdefault(str(task["area"]), []).append(task)
        plan["areas"] = sorted(areas.items(), key=lambda item: -len(item[1]))
        leads = Counter(name for task in tasks for name in task["lead_list"])
        plan["leads"] = leads.most_common()
    return plans


@router.get("/trace", response_class=HTMLResponse)
def trace_page(request: Request, document: str = "") -> HTMLResponse:
    """Pick a document; see the plans, tasks and agencies implementing it, as a tree and as a graph."""
    store = get_store(request)
    choices = [row for row in run(store, "document-index").as_dicts() if int(row["followers"] or 0) > 0]
    chosen = find_document(store, document) if document.strip() else None
    if document.strip() and chosen is None:
        message = translator(language_of(request))("document_not_found", id=document)
        return error_page(request, 404, message)
    plans = trace_tree(store, str(chosen["document"])) if chosen else []
    graph_url = "/trace/graph?" + urlencode({"document": chosen["number"]}) if chosen else ""
    return render(request, "trace.html", choices=choices, chosen=chosen, plans=plans, graph_url=graph_url)


@router.get("/trace/graph", response_class=HTMLResponse)
def trace_graph_page(request: Request, document: str) -> HTMLResponse:
    """The trace as a graph (viz), for the trace page's frame."""
    store = get_store(request)
    chosen = find_document(store, document)
    if chosen is None:
        message = translator(language_of(request))("document_not_found", id=document)
        return error_page(request, 404, message)
    number = str(chosen["number"])
    return viz_page(request, "trace_graph", (store, number), title=number, filters={"document": number})


# -- network views (viz, optional) -----------------------------------------------------------------


def viz_page(
    request: Request, function: str, args: Sequence[object], *, title: str, filters: Mapping[str, object]
) -> HTMLResponse:
    """A full network page from ``viz.networks.{function}(*args)``; a plain note when viz is unavailable."""
    lang = language_of(request)
    try:
        from viz import html as viz_html
        from viz import networks
    except ImportError:
        return render(request, "network_unavailable.html")
    try:
        graph = getattr(networks, function)(*args)
        page = viz_html.network_page(
            graph, title=title, filters=dict(filters), asset_base=VIZ_ASSETS, lang=lang
        )
    except (AttributeError, TypeError) as exc:
        return render(request, "network_unavailable.html", detail=str(exc))
    return HTMLResponse(page)


def result_network_html(
    edges: Sequence[tuple[str, str, int]], lang: str, title: str, filters: Mapping[str, str]
) -> str | None:
    """A full viz page (for an iframe's srcdoc) of result edges, or None when viz is unavailable."""
    try:
        import networkx as nx

        from viz import html as viz_html
    except ImportError:
        return None
    graph = nx.DiGraph()
    for lead, partner, weight in edges:
        for name in (lead, partner):
            if name not in graph:
                graph.add_node(name, label=name, type="agency", kind="single", lead_tasks=0, partner_tasks=0)
        graph.nodes[lead]["lead_tasks"] += weight
        graph.nodes[partner]["partner_tasks"] += weight
        graph.add_edge(lead, partner, weight=weight, tasks=[], task_refs=[])
    try:
        return viz_html.network_page(
            graph, title=title, filters=dict(filters), asset_base=VIZ_ASSETS, lang=lang
        )
    except Exception:  # a graph shape viz does not take: fall back to the built-in drawing
        return None


@dataclass
class Drawing:
    """A small circular layout of result edges, drawn as SVG by the template when viz is unavailable."""

    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    size: int = 520


def draw_edges(edges: Sequence[tuple[str, str, int]], limit: int = 40) -> Drawing:
    """Place the nodes of the heaviest ``limit`` edges on a circle."""
    heaviest = sorted(edges, key=lambda e: -e[2])[:limit]
    names = sorted({name for lead, partner, _ in heaviest for name in (lead, partner)})
    drawing = Drawing()
    centre, radius = drawing.size / 2, drawing.size / 2 - 110
    position = {}
    for index, name in enumerate(names):
        angle = 2 * math.pi * index / max(len(names), 1)
        x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
        position[name] = (x, y)
        drawing.nodes.append(
            {"name": name, "x": x, "y": y, "anchor": "start" if math.cos(angle) >= 0 else "end"}
        )
    top = max((w for _, _, w in heaviest), default=1) or 1
    for lead, partner, weight in heaviest:
        (x1, y1), (x2, y2) = position[lead], position[partner]
        drawing.edges.append({"x1": x1, "y1": y1, "x2": x2, "y2": y2, "w": 1 + 4 * weight / top, "n": weight})
    return drawing


def result_edges(result: QueryResult) -> list[tuple[str, str, int]]:
    """Edges when the result is edges: lead and partner columns, or exactly two IRI/agency columns."""
    columns = result.columns
    pair: tuple[int, int] | None = None
    if "lead" in columns and "partner" in columns:
        pair = (columns.index("lead"), columns.index("partner"))
    else:
        iri_columns = [
            i for i, _ in enumerate(columns) if result.rows and all(_is_iri(row[i]) for row in result.rows)
        ]
        if len(iri_columns) == 2:
            pair = (iri_columns[0], iri_columns[1])
    if pair is None or not result.rows:
        return []
    weight = columns.index("tasks") if "tasks" in columns else None
    edges: Counter[tuple[str, str]] = Counter()
    for row in result.rows:
        a, b = row[pair[0]], row[pair[1]]
        if a and b:
            value = row[weight] if weight is not None else 1
            edges[(str(a), str(b))] += int(value) if isinstance(value, int) else 1
    return [(a, b, n) for (a, b), n in edges.items()]


# -- SPARQL editor ---------------------------------------------------------------------------------


def _is_iri(value: object) -> bool:
    return isinstance(value, str) and bool(_IRI.match(value))


@dataclass
class Cell:
    text: str
    href: str | None = None


@dataclass
class EditorRun:
    """What the editor shows after running a query."""

    columns: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    total: int = 0
    boolean: bool | None = None
    triples: int | None = None
    error: str | None = None
    error_kind: str = ""
    position: tuple[int, int] | None = None
    error_line: str = ""
    edges: list[tuple[str, str, int]] = field(default_factory=list)


def cell(column: str, value: object, base: str) -> Cell:
    """A result value with the link it deserves: IRIs to their page, plan numbers to the plan page."""
    if value is None:
        return Cell("")
    text = str(value)
    if _is_iri(text):
        return Cell(text, id_url(text, base))
    if column == "plan_number" and text:
        return Cell(text, plan_url(text))
    if column in ("agency", "lead", "partner") and text:
        return Cell(text, "/search?" + urlencode({"q": text}))
    if column == "number" and text:
        return Cell(text, document_url(text))
    return Cell(text)


def plain_value(term: object) -> object:
    """An rdflib term from an ad-hoc query as a plain value (IRIs and text as str, numbers as numbers)."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, int | float) and not isinstance(value, bool) else str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def execute(store: Any, request: EditorRequest) -> QueryResult | EditorRun:
    """Run the editor's request: the named query as is (with its post-processing), else the text."""
    named = request.named
    params = request.given_params()
    if named is not None and request.text.strip() == named.text.strip():
        return run(store, named.name, params)
    bindings = bind_parameters(named, params) if named is not None and "?param_" in request.text else None
    result = store.run(request.text, bindings)
    if result.kind == "ask":
        return EditorRun(boolean=result.boolean)
    if result.kind == "graph":
        return EditorRun(triples=len(result.graph or ()))
    rows = [tuple(plain_value(values.get(c)) for c in result.columns) for values in result.rows]
    return QueryResult(list(result.columns), rows)


def to_run(result: QueryResult | EditorRun, base: str) -> EditorRun:
    """The result as table cells, with edges for the network view."""
    if isinstance(result, EditorRun):
        return result
    shown = result.rows[:MAX_EDITOR_ROWS]
    return EditorRun(
        columns=list(result.columns),
        rows=[[cell(c, v, base) for c, v in zip(result.columns, row, strict=True)] for row in shown],
        total=len(result.rows),
        edges=result_edges(result),
    )


def failed(error: CchcError, text: str) -> EditorRun:
    """An error for inline display, with the parser's position and the offending line when it gives one."""
    outcome = EditorRun(error=error.message, error_kind=type(error).__name__)
    match = _POSITION.search(error.message)
    if match:
        line, column = int(match.group(1)), int(match.group(2))
        outcome.position = (line, column)
        lines = text.splitlines()
        if 0 < line <= len(lines):
            outcome.error_line = lines[line - 1]
    return outcome


@dataclass
class EditorRequest:
    """The editor's inputs: the query text, the named query it came from, its parameters."""

    text: str = ""
    name: str = ""
    params: dict[str, str] = field(default_factory=dict)
    execute: bool = False

    @property
    def named(self) -> NamedQuery | None:
        return default_library().get(self.name) if self.name else None

    def given_params(self) -> dict[str, str]:
        return {k: v for k, v in self.params.items() if v.strip()}

    def link_params(self) -> list[tuple[str, str]]:
        """The parameters that reproduce this run in a GET URL (for downloads)."""
        if self.named is not None and self.text.strip() == self.named.text.strip():
            return [("name", self.name)] + [(f"param_{k}", v) for k, v in self.given_params().items()]
        pairs = [("query", self.text)]
        if self.named is not None:
            pairs.append(("name", self.name))
            pairs += [(f"param_{k}", v) for k, v in self.given_params().items()]
        return pairs

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]], *, post: bool) -> EditorRequest:
        values = list(pairs)
        fields = dict(values)
        name = fields.get("name", "").strip()
        named = default_library().get(name)
        params = {key[len("param_") :]: value for key, value in values if key.startswith("param_")}
        text = fields.get("query", "").replace("\r\n", "\n")
        if not text.strip() and named is not None:
            text = named.text
        run_it = post or bool(fields.get("query", "").strip()) or "run" in fields or bool(params)
        return cls(
            text=text, name=name if named else "", params=params, execute=run_it and bool(text.strip())
        )


def editor_page(request: Request, editor: EditorRequest) -> HTMLResponse:
    """The editor with its examples and, when asked, the result or the error."""
    store = get_store(request)
    base = base_iri(request)
    outcome: EditorRun | None = None
    network_html: str | None = None
    drawing: Drawing | None = None
    if editor.execute:
        try:
            outcome = to_run(execute(store, editor), base)
        except CchcError as error:
            outcome = failed(error, editor.text)
        if outcome.edges:
            lang = language_of(request)
            title = translator(lang)("result_network")
            network_html = result_network_html(outcome.edges, lang, title, editor.given_params())
            drawing = None if network_html else draw_edges(outcome.edges)
    downloads = {}
    if outcome is not None and outcome.error is None and outcome.columns:
        params = editor.link_params()
        downloads = {fmt: f"/query/results.{fmt}?" + urlencode(params) for fmt in ("csv", "json")}
    status = 400 if outcome is not None and outcome.error else 200
    return render(
        request,
        "query.html",
        status_code=status,
        library=default_library(),
        editor=editor,
        named=editor.named,
        outcome=outcome,
        downloads=downloads,
        network_html=network_html,
        drawing=drawing,
    )


@router.get("/query", response_class=HTMLResponse)
def query_get(request: Request) -> HTMLResponse:
    """The editor; ``?name=`` fills it with a named query, ``?name=…&param_x=…`` (or ``&run=1``) runs it."""
    return editor_page(request, EditorRequest.from_pairs(request.query_params.multi_items(), post=False))


@router.post("/query", response_class=HTMLResponse)
async def query_post(request: Request) -> HTMLResponse:
    """Run the editor's form (URL-encoded: ``query``, ``name``, ``param_…``)."""
    body = (await request.body()).decode("utf-8", errors="replace")
    editor = EditorRequest.from_pairs(parse_qsl(body, keep_blank_values=True), post=True)
    return await run_in_threadpool(editor_page, request, editor)


@router.get("/query/results.{fmt}")
def query_download(request: Request, fmt: str) -> Response:
    """The editor's result as CSV or JSON (same parameters as ``GET /query``)."""
    editor = EditorRequest.from_pairs(request.query_params.multi_items(), post=True)
    if fmt not in ("csv", "json"):
        return PlainTextResponse("format must be csv or json", status_code=404)
    try:
        result = execute(get_store(request), editor)
    except CchcError as error:
        return PlainTextResponse(error.render(), status_code=error.status)
    if isinstance(result, EditorRun):
        return PlainTextResponse("only SELECT results can be downloaded", status_code=400)
    filename = (editor.name or "query") + "." + fmt
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if fmt == "json":
        body = json.dumps(
            {"columns": result.columns, "rows": result.as_dicts()}, ensure_ascii=False, indent=1
        )
        return Response(body, media_type="application/json", headers=headers)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(result.columns)
    writer.writerows(["" if v is None else v for v in row] for row in result.rows)
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


# -- static assets ---------------------------------------------------------------------------------


@router.get("/static/{name}")
def static_asset(name: str) -> Response:
    """The UI's own CSS and JS (also served when the app mounts ``api/static`` at ``/static``)."""
    path = STATIC_DIR / name
    if "/" in name or name.startswith(".") or path.suffix not in _STATIC_TYPES or not path.is_file():
        return PlainTextResponse("not found", status_code=404)
    return FileResponse(path, media_type=_STATIC_TYPES[path.suffix])


__all__ = ["get_store", "page_for", "router"]
