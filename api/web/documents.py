"""Legal documents: the document page (its relations both ways) and the trace to plans, tree and graph."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse

from api.web.graphs import viz_page
from api.web.links import document_url, is_iri, page_for, plan_url
from api.web.plans import plan_tasks
from api.web.render import render
from api.web.routes import router
from api.web.rows import document_index_row
from api.web.state import get_store
from queries.library import run
from queries.lookup import find_document
from queries.protocol import Store

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
    if is_iri(number):
        return page_for(number) or number
    return document_url(number)


@router.get("/documents/{document_id:path}", response_class=HTMLResponse)
def document_page(request: Request, document_id: str) -> HTMLResponse:
    """A legal document's relations both ways (lược đồ) and the plans implementing it."""
    store = get_store(request)
    document = document_index_row(store, find_document(store, document_id))
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


def trace_tree(store: Store, document: str) -> list[dict[str, Any]]:
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
    plans = trace_tree(store, str(chosen["document"])) if chosen else []
    graph_url = "/trace/graph?" + urlencode({"document": chosen["number"]}) if chosen else ""
    return render(request, "trace.html", choices=choices, chosen=chosen, plans=plans, graph_url=graph_url)


@router.get("/trace/graph", response_class=HTMLResponse)
def trace_graph_page(request: Request, document: str) -> HTMLResponse:
    """The trace as a graph (viz), for the trace page's frame."""
    store = get_store(request)
    chosen = find_document(store, document)
    number = str(chosen["number"])
    return viz_page(request, "trace_graph", (store, number), title=number, filters={"document": number})
