"""The plan page (header, legal bases, filterable tasks, budget) and its agencies' network frame."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from api.web.charts import plan_charts
from api.web.graphs import viz_page
from api.web.links import document_url, is_iri, page_for, plan_url
from api.web.parallel import run_many
from api.web.quality import plan_quality
from api.web.render import render
from api.web.routes import router
from api.web.rows import document_or_none, split_list
from api.web.state import get_store
from ontology.iris import code_slug
from ontology.periods import quarters as calendar_quarters
from queries.library import run
from queries.lookup import UnknownPlan, find_plan, named
from queries.protocol import Store


def quarters(start: object, end: object) -> list[str]:
    """The names of the quarters ("2021-Q2") a date range overlaps (none without both ends)."""
    if not start or not end:
        return []
    return [quarter.name for quarter in calendar_quarters(str(start), str(end))]


NO_AREA = "none"  # the area filter's value for tasks without a reform area ("" is "every area")


@dataclass
class TaskFilter:
    """The plan page's task filters (GET parameters ``area``, ``agency``, ``quarter``); ``area=none``
    keeps the tasks without a reform area, an empty value keeps every task."""

    area: str = ""
    agency: str = ""
    quarter: str = ""

    def keeps(self, task: Mapping[str, Any]) -> bool:
        if self.area and (task["area"] or NO_AREA) != self.area:
            return False
        if self.agency and self.agency not in task["agencies"]:
            return False
        return not (self.quarter and self.quarter not in task["quarters"])

    @property
    def active(self) -> bool:
        return bool(self.area or self.agency or self.quarter)


def plan_tasks(store: Store, plan: str) -> list[dict[str, Any]]:
    """The plan's tasks (``tasks``), with the agency list, quarters and anchor each row needs."""
    return task_rows(run(store, "tasks", {"plan": plan}).as_dicts())


def task_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``tasks`` rows with the agency list, quarters and anchor each row needs."""
    for row in rows:
        row["lead_list"] = split_list(row["leads"])
        row["partner_list"] = split_list(row["partners"])
        row["agencies"] = row["lead_list"] + row["partner_list"]
        row["quarters"] = quarters(row["start"], row["end"])
        row["anchor"] = f"task-{code_slug(str(row['code']))}"
    return rows


def budget_summary(
    store: Store,
    plan: str,
    tasks: list[dict[str, Any]] | None = None,
    rows: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Totals by reform area, the grand total and the per-unit amounts (``budget``); ``tasks`` and ``rows``:
    the plan's ``tasks`` and ``budget`` rows when the caller has them (else read)."""
    if rows is None:
        rows = run(store, "budget", {"plan": plan}).as_dicts()
    by_area: dict[str, int] = defaultdict(int)
    per_unit: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        by_area[str(row["area"])] += int(row["total_vnd"] or 0)
        for item in split_list(row["per_unit"]):
            per_unit[str(row["area"])].add(item)
    # a task with several leads counts once per lead in ``budget``; the plan total counts each task once
    total = sum(
        int(task["budget_vnd"] or 0)
        for task in (tasks if tasks is not None else run(store, "tasks", {"plan": plan}).as_dicts())
        if task["budget_unit"] in ("total", "") and task["budget_vnd"]
    )
    return {
        "rows": rows,
        "areas": sorted(by_area.items(), key=lambda item: -item[1]),
        "per_unit": {area: sorted(items) for area, items in per_unit.items()},
        "total": total,
    }


def legal_basis_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``legal-bases`` rows (one per mention) as one row per mentioned document, in the order of its first
    mention: its relations, the lines and count of its mentions, the tasks whose text holds them, the
    distinct wordings, its flags; ``href`` is its page (by its IRI's path when its number was not read)."""
    grouped: dict[str, dict[str, Any]] = {}
    for row in rows:
        key = str(row["document"] or row["number"])
        entry = grouped.get(key)
        if entry is None:
            entry = grouped[key] = {
                "number": row["number"],
                # a document whose number was not read is shown by its wording, not its IRI
                "label": row["as_written"] if is_iri(row["number"]) and row["as_written"] else row["number"],
                "type": row["type"],
                "issuer": row["issuer"],
                "date": row["date"],
                "document": row["document"],
                "href": document_url(str(row["number"]), str(row["document"] or "") or None),
                "relations": [],
                "lines": [],
                "tasks": [],
                "written": [],
                "flags": [],
                "flag_message": row["flag_message"],
                "decision": False,
                "mentions": 0,
            }
        entry["mentions"] += 1
        entry["date"] = entry["date"] or row["date"]
        entry["flag_message"] = entry["flag_message"] or row["flag_message"]
        entry["decision"] = entry["decision"] or row["citing"] == "decision"
        for field, value in (
            ("relations", row["relation"]),
            ("lines", row["line"]),
            ("written", row["as_written"]),
        ):
            if value not in (None, "") and value not in entry[field]:
                entry[field].append(value)
        if row["task_code"] and row["task_code"] not in [code for code, _ in entry["tasks"]]:
            entry["tasks"].append((row["task_code"], code_slug(str(row["task_code"]))))
        for flag in split_list(row["flags"]):
            if flag not in entry["flags"]:
                entry["flags"].append(flag)
    for entry in grouped.values():
        entry["lines"].sort(key=lambda line: int(line) if str(line).isdigit() else 0)
        entry["flags"] = "; ".join(entry["flags"])
    return list(grouped.values())


def agency_pages(assignments: list[dict[str, Any]]) -> dict[str, str]:
    """Each agency named in the plan's tasks -> its page (from the plan's ``assignments`` rows: name and
    IRI), so the task table links every lead and partner."""
    pages: dict[str, str] = {}
    for row in assignments:
        page = page_for(str(row["party"] or ""))
        if page:
            pages.setdefault(str(row["agency"]), page)
    return pages


def plan_document(store: Store, iri: str, number: str) -> dict[str, object] | None:
    """What the plan page's "document" link needs: the plan's number when it names a legal document (the
    plan itself, by its IRI through the fast lookup; else the document of that number, e.g. the decision
    issuing the plan), else None."""
    if named(store, iri, "document"):
        return {"number": number}
    return document_or_none(store, number)


# registered before the plan page, whose ``{plan_id:path}`` would otherwise take ``…/network``
@router.get("/plans/{plan_id:path}/network", response_class=HTMLResponse)
def plan_network(request: Request, plan_id: str) -> HTMLResponse:
    """The network of the plan's agencies (viz), for the plan page's frame."""
    store = get_store(request)
    plan = find_plan(store, plan_id)
    title = f"{plan['number']} — {plan['province']}"
    return viz_page(  # by the plan's IRI (a number would be looked up again); its 2 queries side by side
        request,
        "plan_graph",
        (store, str(plan["plan"])),
        kwargs={"fetch": partial(run_many, store)},
        title=title,
        filters={"plan": plan["number"]},
    )


@router.get("/plans/{plan_id:path}", response_class=HTMLResponse)
def plan_page(
    request: Request, plan_id: str, area: str = "", agency: str = "", quarter: str = ""
) -> Response:
    """A plan: header, legal bases, filterable tasks, budget, and the network of its agencies."""
    store = get_store(request)
    try:
        plan = find_plan(store, plan_id)
    except UnknownPlan:
        document = document_or_none(store, plan_id)
        if document is None:
            raise
        return HTMLResponse(status_code=307, headers={"Location": document_url(str(document["number"]))})
    number, iri = str(plan["number"]), str(plan["plan"])
    task_result, bases_result, budget_result, findings_result, assignment_result = run_many(
        store,
        [
            ("tasks", {"plan": iri}),
            ("legal-bases", {"plan": iri}),
            ("budget", {"plan": iri}),
            ("findings", {"plan": iri}),
            ("assignments", {"plan": iri}),
        ],
    )
    tasks = task_rows(task_result.as_dicts())
    chosen = TaskFilter(area=area, agency=agency, quarter=quarter)
    shown = [task for task in tasks if chosen.keeps(task)]
    bases = legal_basis_rows(bases_result.as_dicts())
    return render(
        request,
        "plan.html",
        plan=plan,
        tasks=shown,
        task_count=len(tasks),
        chosen=chosen,
        area_options=sorted({str(task["area"] or NO_AREA) for task in tasks}),
        agency_options=sorted({name for task in tasks for name in task["agencies"]}),
        quarter_options=quarters(plan["period_start"], plan["period_end"]),
        bases=bases,
        agency_pages=agency_pages(assignment_result.as_dicts()),
        budget=budget_summary(store, number, tasks, budget_result.as_dicts()),
        page_charts=plan_charts(plan, tasks),
        network_url=f"{plan_url(number)}/network",
        document=plan_document(store, iri, number),
        quality=plan_quality(findings_result.as_dicts(), number),
    )
