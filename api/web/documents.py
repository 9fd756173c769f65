"""Legal documents: the document page (its relations both ways) and the trace to plans, tree and graph."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse

from api.web.graphs import viz_page
from api.web.links import document_url, is_iri, page_for, plan_url
from api.web.parallel import run_many
from api.web.plans import task_rows
from api.web.render import render
from api.web.routes import router
from api.web.rows import document_facts
from api.web.state import get_store
from queries.library import run
from queries.lookup import find_document, named
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
    found = find_document(store, document_id)
    iri = str(found["document"])
    links, traced = run_many(store, [("document-links", {"document": iri}), ("trace", {"document": iri})])
    relations, trace = links.as_dicts(), traced.as_dicts()
    for row in relations:
        row["href"] = relation_link(row)
    document = document_facts(found, relations, is_plan=bool(named(store, iri, "plan")))
    return render(
        request,
        "document.html",
        document=document,
        groups=relation_groups(relations),
        count=len(relations),
        trace=trace,
        plan_page=plan_url(str(document["number"])) if document["plan"] == "plan" else None,
    )


TRACE_DETAIL_PLANS = 10  # plans whose tasks the trace tree lists; the others link to their plan page


def trace_tree(store: Store, document: str, detail: int = TRACE_DETAIL_PLANS) -> list[dict[str, Any]]:
    """Plans implementing ``document`` (``trace``); the first ``detail`` with their tasks by area and lead
    agencies (one ``tasks`` query each), the others with ``areas`` None (their counts only): at national
    scale a document such as 76/NQ-CP has hundreds of implementing plans."""
    plans = run(store, "trace", {"document": document}).as_dicts()
    detailed = run_many(store, [("tasks", {"plan": str(plan["plan"])}) for plan in plans[:detail]])
    for index, plan in enumerate(plans):
        if index >= detail:
            plan["areas"], plan["leads"] = None, None
            continue
        tasks = task_rows(detailed[index].as_dicts())
        areas: dict[str, list[dict[str, Any]]] = {}
        for task in tasks:
            areas.setdefault(str(task["area"]), []).append(task)
        plan["areas"] = sorted(areas.items(), key=lambda item: -len(item[1]))
        leads = Counter(name for task in tasks for name in task["lead_list"])
        plan["leads"] = leads.most_common()
    return plans


@router.get("/trace", response_class=HTMLResponse)
def trace_page(request: Request, document: str = "") -> HTMLResponse:
    """Pick a document; see the plans, tasks and agencies implementing it, as a tree and as a graph. With a
    document chosen the picker is a text field (the list of every document a trace can start from is read
    only on the bare ``/trace``)."""
    store = get_store(request)
    chosen = find_document(store, document) if document.strip() else None
    choices = (
        []
        if chosen
        else [row for row in run(store, "document-index").as_dicts() if int(row["followers"] or 0) > 0]
    )
    plans = trace_tree(store, str(chosen["document"])) if chosen else []
    graph_url = "/trace/graph?" + urlencode({"document": chosen["number"]}) if chosen else ""
    return render(
        request,
        "trace.html",
        choices=choices,
        chosen=chosen,
        plans=plans,
        detail=min(TRACE_DETAIL_PLANS, len(plans)),
        graph_url=graph_url,
    )


@router.get("/trace/graph", response_class=HTMLResponse)
def trace_graph_page(request: Request, document: str) -> HTMLResponse:
    """The trace as a graph (viz), for the trace page's frame."""
    store = get_store(request)
    chosen = find_document(store, document)
    number = str(chosen["number"])
    return viz_page(
        request,
        "trace_graph",
        (store, str(chosen["document"])),  # its IRI: a number would be looked up again (lookup-number)
        kwargs={"detail": TRACE_DETAIL_PLANS, "fetch": partial(run_many, store)},
        title=number,
        filters={"document": number},
    )
