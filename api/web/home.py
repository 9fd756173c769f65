"""The home page (the corpus at a glance) and search."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping

from fastapi import Request
from fastapi.responses import HTMLResponse

from api.serving.warm import PAGE_CALLS
from api.web.charts import home_charts  # importing it registers /charts
from api.web.links import document_url, page_for, plan_url
from api.web.parallel import run_many
from api.web.render import render
from api.web.routes import router
from api.web.state import get_store
from ontology.iris import code_slug
from queries.library import run
from queries.text import number_key

SEARCH_KINDS = ("agency", "plan", "document", "citing", "task")


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    """The corpus at a glance: plans by province and year, tasks by area, top lead agencies."""
    store = get_store(request)
    # the counts are those `cchc-kg stats` and /api/stats give
    plans, areas, load, counts, months = (
        result.as_dicts()
        for result in run_many(store, list(PAGE_CALLS["/"]))  # warmed at start and after an upload
    )
    by_area: Counter[str] = Counter()
    for row in areas:
        by_area[str(row["area"])] += int(row["tasks"] or 0)
    area_rows = by_area.most_common()
    years = sorted({_year(p) for p in plans if _year(p)})
    grid: dict[str, dict[str, list[dict[str, object]]]] = defaultdict(lambda: defaultdict(list))
    for plan in plans:  # a plan whose jurisdiction has no name: the "(no province)" row, last
        grid[str(plan["province"] or "")][_year(plan)].append(plan)
    leads = sorted(load, key=lambda r: (-int(r["lead_tasks"] or 0), -int(r["partner_tasks"] or 0)))[:10]
    [stats] = counts
    return render(
        request,
        "home.html",
        plans=plans,
        years=years,
        grid={
            province: dict(cells) for province, cells in sorted(grid.items(), key=lambda i: (not i[0], i[0]))
        },
        area_rows=area_rows,
        area_max=max((n for _, n in area_rows), default=1),
        leads=leads,
        lead_max=max((int(r["lead_tasks"] or 0) for r in leads), default=1),
        stats=stats,
        page_charts=home_charts(plans, months),
    )


def _year(plan: Mapping[str, object]) -> str:
    value = plan.get("period_start") or plan.get("issued") or ""
    return str(value)[:4]


def search_link(row: Mapping[str, object]) -> str:
    """The page a search hit opens."""
    kind, iri, label = row["kind"], str(row["iri"]), str(row["label"])
    if kind == "plan" or (kind == "citing" and row.get("plan_number")):
        return plan_url(label, iri)
    if kind in ("document", "citing"):
        return document_url(label, iri)
    if kind == "task":
        return plan_url(str(row["plan_number"])) + f"#task-{code_slug(str(row['detail']))}"
    return page_for(iri) or "/"


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: str = "") -> HTMLResponse:
    """Plans, tasks, agencies and documents matching ``q``, diacritics optional."""
    groups: dict[str, list[dict[str, object]]] = {kind: [] for kind in SEARCH_KINDS}
    if q.strip():
        seen: set[tuple[str, str, str]] = set()
        for row in run(get_store(request), "search", {"q": q}).as_dicts():
            row["href"] = search_link(row)
            # once per page: a document described in several graphs comes once per title, a decision
            # and the plan it issues (both citing) lead to the same plan page
            key = (str(row["kind"]), row["href"], str(row.get("cites") or ""))
            if key in seen:
                continue
            seen.add(key)
            groups.setdefault(str(row["kind"]), []).append(row)
        exact = number_key(q)  # the plan or document whose number is the text asked for comes first
        for kind in ("plan", "document"):
            groups[kind].sort(key=lambda row: number_key(str(row["label"])) != exact)
    total = sum(len(rows) for rows in groups.values())
    return render(request, "search.html", q=q, groups=groups, total=total)
