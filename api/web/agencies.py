"""The agency page: what an agency leads and partners on, across plans and years, and with whom; what it is
now part of and what it was formed from (the 2025 reorganisation)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from api.web.charts import agency_charts
from api.web.links import page_for, province_url
from api.web.parallel import run_many
from api.web.provinces import lineage_sections
from api.web.render import render
from api.web.routes import router
from api.web.rows import split_list
from api.web.state import get_store
from ontology.iris import code_slug
from queries.library import run
from queries.lookup import find_agency
from queries.protocol import Store


def agency_tasks_params(name: str, province: str) -> dict[str, str]:
    """The ``agency-tasks`` parameters of the agency ``name`` of ``province``."""
    return {"agency": name, "province": province} if province else {"agency": name}


def lineage_params(name: str, province: str) -> dict[str, str]:
    """The ``lineage`` parameters of the agency ``name`` of ``province`` (a national body: its name only,
    the nation is no province); the page keeps the rows whose ``start`` is the agency itself."""
    return agency_tasks_params(name, province if province_url(province) else "")


def agency_work(
    store: Store, name: str, province: str, rows: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """What the agency leads and partners on, grouped by plan (``agency-tasks`` rows, read when not given;
    exact name only)."""
    if rows is None:
        rows = run(store, "agency-tasks", agency_tasks_params(name, province)).as_dicts()
    rows = [r for r in rows if r["agency"] == name]
    rows = [r for r in rows if r["province"] == province]
    plans: dict[str, dict[str, Any]] = {}
    for row in rows:
        row["anchor"] = code_slug(str(row["code"]))
        entry = plans.setdefault(
            str(row["plan_number"]), {"plan_number": row["plan_number"], "lead": [], "partner": []}
        )
        entry[str(row["role"])].append(row)
    return list(plans.values())


def collaborators(
    store: Store, name: str, province: str, pairs: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """Agencies it works with most (``lead-partner`` rows of its province, read when not given), as lead
    and as partner."""
    if pairs is None:
        pairs = run(store, "lead-partner", {"province": province} if province else {}).as_dicts()
    together: dict[str, dict[str, Any]] = {}
    for row in pairs:
        if row["province"] != province or name not in (row["lead"], row["partner"]):
            continue
        other = str(row["partner"] if row["lead"] == name else row["lead"])
        entry = together.setdefault(other, {"name": other, "as_lead": 0, "as_partner": 0, "plans": set()})
        entry["as_lead" if row["lead"] == name else "as_partner"] += int(row["tasks"] or 0)
        entry["plans"].update(split_list(row["plans"]))
    ranked = sorted(together.values(), key=lambda e: (-(e["as_lead"] + e["as_partner"]), e["name"]))
    for entry in ranked:
        entry["plans"] = sorted(entry["plans"])
    return ranked[:15]


@router.get("/agencies/{agency_id:path}", response_class=HTMLResponse)
def agency_page(request: Request, agency_id: str) -> HTMLResponse:
    """An agency: what it leads and partners on, across plans and years, and with whom it works most."""
    store = get_store(request)
    agency = find_agency(store, agency_id)
    name, province = str(agency["agency"]), str(agency["province"] or "")
    # the page shows only the agency's province: its plans and agencies, not the whole store's
    scope = {"province": province} if province else {}
    load, tasks, plans, pairs, areas, lineage = (
        result.as_dicts()
        for result in run_many(
            store,
            [
                ("agency-load", scope),
                ("agency-tasks", agency_tasks_params(name, province)),
                ("plans", scope),
                ("lead-partner", scope),
                ("agency-areas", agency_tasks_params(name, province)),
                ("lineage", lineage_params(name, province)),
            ],
        )
    )
    work = agency_work(store, name, province, tasks)
    periods = {str(p["number"]): p for p in plans}
    for entry in work:
        plan = periods.get(str(entry["plan_number"]), {})
        years = sorted(
            {str(plan.get("period_start") or "")[:4], str(plan.get("period_end") or "")[:4]} - {""}
        )
        entry["years"] = "–".join(years[:1] + years[1:][-1:]) if years else ""
    work.sort(key=lambda entry: (entry["years"], str(entry["plan_number"])))
    partners = collaborators(store, name, province, pairs)
    others = {str(row["agency"]): page_for(str(row["party"])) for row in load if row["province"] == province}
    return render(
        request,
        "agency.html",
        agency=agency,
        work=work,
        partners=partners,
        others=others,
        page_charts=agency_charts(agency, areas),
        lineage=lineage_sections(lineage, str(agency["party"])),
    )
