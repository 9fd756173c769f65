"""Networks (networkx) built from named-query results: who works with whom, traces, plan outlines.

Every graph is built from ``queries.library.run`` results (``assignments``, ``trace``, ``trace-edges``,
``tasks``, ``plan-structure``), never by reading documents. Node ids are IRIs. Each node has a ``type``
(agency, group, task, plan, section, document, programme) and a ``label``; a node's or an edge's
``tasks`` lists the tasks behind it as dicts (role, plan_number, code, label, line, task).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

import networkx as nx

from queries.library import QueryResult, run
from queries.lookup import document_iri, plan_iri
from queries.protocol import Store
from viz.filters import NetworkFilter, NetworkQuery, restrict

TaskRef = dict[str, object]


def task_text(row: Mapping[str, object]) -> str:
    """``"285/KH-UBND 1.đ Xây dựng video …"``: how a task is named in edge lists and panels."""
    return f"{row['plan_number']} {row['code']} {row['label']}"


def _task_ref(row: Mapping[str, object], role: str | None = None) -> TaskRef:
    ref: TaskRef = {
        "plan_number": str(row["plan_number"]),
        "code": str(row["code"]),
        "label": str(row["label"]),
        "line": row.get("line") or 0,
        "task": str(row["task"]),
    }
    if role:
        ref["role"] = role
    return ref


def _agency_attributes(row: Mapping[str, object]) -> dict[str, object]:
    kind = str(row["kind"])
    return {
        "type": "group" if kind == "group" else "agency",
        "label": str(row["agency"]),
        "kind": kind,
        "agency_kind": str(row["agency_kind"] or ""),
        "province": str(row["agency_province"] or ""),
        "iri": str(row["party"]),
    }


# -- responsibility network ------------------------------------------------------------------------


def assignment_network(rows: Iterable[Mapping[str, object]], role: str | None = None) -> nx.DiGraph:
    """Agencies as nodes, lead -> partner edges weighted by shared tasks, from ``assignments`` rows."""
    graph = nx.DiGraph()
    by_task: dict[str, dict[str, list[str]]] = {}
    refs: dict[str, TaskRef] = {}
    starts: list[str] = []
    ends: list[str] = []
    for row in rows:
        party, task, row_role = str(row["party"]), str(row["task"]), str(row["role"])
        if party not in graph:
            graph.add_node(party, **_agency_attributes(row), lead_tasks=0, partner_tasks=0, tasks=[])
        node = graph.nodes[party]
        roles = by_task.setdefault(task, {"lead": [], "partner": []})
        if party in roles.get(row_role, []):
            continue
        roles.setdefault(row_role, []).append(party)
        refs.setdefault(task, _task_ref(row))
        node["tasks"].append(_task_ref(row, row_role))
        node["lead_tasks" if row_role == "lead" else "partner_tasks"] += 1
        if row.get("start"):
            starts.append(str(row["start"]))
        if row.get("end"):
            ends.append(str(row["end"]))
    for task, roles in by_task.items():
        for lead in roles["lead"]:
            for partner in roles["partner"]:
                if lead == partner:
                    continue
                if not graph.has_edge(lead, partner):
                    graph.add_edge(lead, partner, weight=0, tasks=[], task_refs=[])
                edge = graph.edges[lead, partner]
                edge["weight"] += 1
                edge["tasks"].append(task_text(refs[task]))
                edge["task_refs"].append(refs[task])
    if role:
        count = "lead_tasks" if role == "lead" else "partner_tasks"
        graph.remove_nodes_from([n for n, data in list(graph.nodes(data=True)) if not data[count]])
    graph.graph.update(kind="responsibility", task_count=len(by_task))
    if starts:
        graph.graph["start"] = min(starts)
    if ends:
        graph.graph["end"] = max(ends)
    return graph


def responsibility_network(
    store: Store,
    *,
    province: str | None = None,
    plan: str | None = None,
    area: str | None = None,
    year: int | None = None,
    role: str | None = None,
    start: int | None = None,
    end: int | None = None,
) -> nx.DiGraph:
    """Who works with whom: an edge lead -> partner per pair, weighted by the tasks they share.

    Filters: ``province`` (the plans' province), ``plan`` (number or IRI), ``area`` (reform area local
    name), ``year`` (tasks whose time frame, or else their plan's period, overlaps that year) and ``role``
    (keep only the agencies holding that role on at least one selected task). Node attributes: label, type
    (agency|group), kind (single|group), agency_kind, province, lead_tasks, partner_tasks, iri, tasks; edge
    attributes: weight, tasks ("plan_number code label" strings), task_refs. A ``plan`` the store does not
    hold raises ``queries.lookup.UnknownPlan``.
    """
    if plan:
        plan_iri(store, plan)
    chosen = NetworkFilter(
        province=province, plan=plan, area=area, year=year, role=role, start=start, end=end
    )
    rows = run(store, "assignments", chosen.query_params()).as_dicts()
    graph = assignment_network(rows, chosen.role_value)
    graph.graph["filters"] = chosen.describe()
    return graph


# -- trace graph -----------------------------------------------------------------------------------


Call = tuple[str, Mapping[str, str]]
Fetch = Callable[[Sequence[Call]], list[QueryResult]]
"""Runs named queries ``(name, params)`` and gives their results in order: one after the other by default
(``sequential``); a server passes one that runs them side by side (``api.web.parallel.run_many``)."""


def sequential(store: Store) -> Fetch:
    """A ``Fetch`` running each call with ``queries.library.run`` in turn."""
    return lambda calls: [run(store, name, dict(params)) for name, params in calls]


def _add_tasks_and_agencies(
    graph: nx.DiGraph, plan_node: str, tasks: QueryResult, assignments: QueryResult
) -> None:
    """The plan's tasks (``tasks`` rows) and their agencies (``assignments`` rows) under ``plan_node``."""
    for row in tasks.as_dicts():
        task = _add_task(graph, row, time=str(row["time_text"] or ""))
        graph.add_edge(plan_node, task, relation="has task")
    _add_assignments(graph, assignments)


def _add_task(graph: nx.DiGraph, row: Mapping[str, object], **extra: str) -> str:
    """A task node from a ``tasks`` or ``plan-structure`` row (``extra`` attributes before its task
    list); returns the node."""
    task = str(row["task"])
    attributes = {
        "type": "task",
        "label": str(row["code"]),
        "text": str(row["label"]),
        "plan_number": str(row["plan_number"]),
        "area": str(row["area"] or ""),
        **extra,
        "tasks": [_task_ref(row)],
    }
    graph.add_node(task, **attributes)
    return task


def _add_assignments(graph: nx.DiGraph, assignments: QueryResult) -> None:
    """The agencies of the plan's tasks (``assignments`` rows): a node per agency or group with its
    lead and partner tasks, an edge task -> agency per role."""
    for row in assignments.as_dicts():
        party, task, role = str(row["party"]), str(row["task"]), str(row["role"])
        if party not in graph:
            graph.add_node(party, **_agency_attributes(row), lead_tasks=0, partner_tasks=0, tasks=[])
        node = graph.nodes[party]
        if graph.has_edge(task, party):
            continue
        node["lead_tasks" if role == "lead" else "partner_tasks"] += 1
        node["tasks"].append(_task_ref(row, role))
        graph.add_edge(task, party, relation=role)


def _document_node(graph: nx.DiGraph, node: str, number: str, node_type: str) -> None:
    if node in graph:
        return
    label = f"Chương trình tổng thể {number}" if node_type == "programme" else number
    graph.add_node(node, type=node_type, label=label or node, iri=node, tasks=[])


def trace_graph(
    store: Store, document: str, detail: int | None = None, fetch: Fetch | None = None
) -> nx.DiGraph:
    """A document, what is based on it, the plans implementing it, their tasks and agencies.

    Built from ``trace`` (the plans and how they reach the document), ``trace-edges`` (the links between
    documents, programmes and plans) and, per plan, ``tasks`` and ``assignments``. Node ``type``: document,
    programme, plan, task, agency, group; edge ``relation``: based-on, implements, establishes, has task,
    lead, partner. A document the store does not hold raises ``queries.lookup.UnknownDocument``.

    ``detail`` (None: all) is how many plans get their tasks and agencies (two queries each; the web
    page asks for 10: at national scale 76/NQ-CP has hundreds of plans); every plan is drawn, and
    ``graph.graph["left_out"]`` counts the plans drawn without their tasks. ``fetch`` runs the queries
    (default: one after the other).
    """
    document_iri(store, document)
    fetch = fetch or sequential(store)
    graph = nx.DiGraph(kind="trace", document=document)
    traced, edges = fetch([("trace", {"document": document}), ("trace-edges", {"document": document})])
    plans, links = traced.as_dicts(), edges.as_dicts()
    root = str(plans[0]["document"]) if plans else (str(links[0]["document"]) if links else document)
    _document_node(graph, root, document, "document")
    graph.nodes[root]["label"] = next(
        (str(r["target_number"]) for r in links if r["target"] == root and r["target_number"]), document
    )
    for plan in plans:
        graph.add_node(
            str(plan["plan"]),
            type="plan",
            label=str(plan["plan_number"]),
            province=str(plan["province"] or ""),
            issued=str(plan["issued"] or ""),
            path=str(plan["path"] or ""),
            task_count=int(plan["tasks"] or 0),
            iri=str(plan["plan"]),
            tasks=[],
        )
    for link in links:
        source = str(link["source_plan"] or link["source"])
        if source not in graph and link["source_plan"]:
            continue  # a plan outside the trace (it has no implementing route)
        _document_node(graph, source, str(link["source_number"]), str(link["source_type"]))
        _document_node(graph, str(link["target"]), str(link["target_number"]), str(link["target_type"]))
        if source != link["target"]:
            graph.add_edge(source, str(link["target"]), relation=str(link["relation"]))
    detailed = plans if detail is None else plans[:detail]
    calls: list[Call] = []
    for plan in detailed:
        calls += [("tasks", {"plan": str(plan["plan"])}), ("assignments", {"plan": str(plan["plan"])})]
    results = fetch(calls)
    for index, plan in enumerate(plans):
        node = str(plan["plan"])
        if graph.out_degree(node) == 0:
            graph.add_edge(node, root, relation=str(plan["path"] or "based-on"))
        if index < len(detailed):
            _add_tasks_and_agencies(graph, node, results[2 * index], results[2 * index + 1])
    if detail is not None and len(plans) > detail:
        graph.graph["left_out"] = {"plans": len(plans) - detail, "plans_total": len(plans), "detail": detail}
    graph.graph["filters"] = {"document": document}
    return graph


# -- plan graph ------------------------------------------------------------------------------------


def plan_graph(store: Store, plan: str, fetch: Fetch | None = None) -> nx.DiGraph:
    """One plan's outline: plan -> sections -> tasks (-> sub-tasks) -> agencies (lead or partner).

    Built from ``plan-structure`` and ``assignments`` (plan=…). Node ``type``: plan, section, task, agency,
    group. A plan the store does not hold raises ``queries.lookup.UnknownPlan``.
    """
    iri = plan_iri(store, plan)
    graph = nx.DiGraph(kind="plan", plan=plan)
    structure, assignments = (fetch or sequential(store))(
        [("plan-structure", {"plan": iri}), ("assignments", {"plan": iri})]
    )
    rows = structure.as_dicts()
    if not rows:
        graph.graph["filters"] = {"plan": plan}
        return graph
    plan_node = str(rows[0]["plan"])
    graph.add_node(plan_node, type="plan", label=str(rows[0]["plan_number"]), iri=plan_node, tasks=[])
    for row in rows:
        _add_task(graph, row)
        section = str(row["section"] or "")
        if section and section not in graph:
            title = str(row["section_title"] or "")
            graph.add_node(
                section,
                type="section",
                label=f"{row['section_code']}. {title}".strip(". ") if row["section_code"] else title,
                iri=section,
                tasks=[],
            )
            graph.add_edge(plan_node, section, relation="has section")
    for row in rows:
        task, parent, section = str(row["task"]), str(row["parent"] or ""), str(row["section"] or "")
        owner = parent if parent in graph else (section or plan_node)
        graph.add_edge(owner, task, relation="sub-task" if owner == parent else "has task")
    _add_assignments(graph, assignments)
    graph.graph["filters"] = {"plan": str(rows[0]["plan_number"])}
    return graph


# -- lead -> partner network from the pair weights -----------------------------------------------------

PAIR_LIMIT = 300  # links a page draws at most; the rest are counted in the graph's ``left_out``


def pair_network(store: Store, *, province: str | None = None, limit: int | None = PAIR_LIMIT) -> nx.DiGraph:
    """Who works with whom, from the lead -> partner weights (``lead-partner``) and the agencies' task
    counts (``agency-load``): the same edges and weights as ``responsibility_network`` without reading one
    row per task, so it stays cheap at national scale, but with no task lists behind nodes and edges.

    ``province`` keeps the plans of one province. ``limit`` keeps the heaviest links (ties by names);
    ``graph.graph["left_out"]`` then says how many links and agencies are not drawn and the lightest
    weight drawn. Node ids are the agencies' IRIs (matched by name and province in ``agency-load``).
    """
    params = {"province": province.strip()} if province and province.strip() else {}
    pairs = run(store, "lead-partner", params).as_dicts()
    load = run(store, "agency-load", params).as_dicts()
    return pairs_graph(pairs, load, limit=limit, filters=dict(params))


def pairs_graph(
    pairs: Iterable[Mapping[str, object]],
    load: Iterable[Mapping[str, object]],
    *,
    limit: int | None = PAIR_LIMIT,
    filters: Mapping[str, str] | None = None,
) -> nx.DiGraph:
    """The graph of ``pair_network`` from ``lead-partner`` and ``agency-load`` rows."""
    parties: dict[tuple[str, str], Mapping[str, object]] = {}
    by_name: dict[str, list[Mapping[str, object]]] = {}
    for row in load:
        parties.setdefault((str(row["agency"]), str(row["province"] or "")), row)
        by_name.setdefault(str(row["agency"]), []).append(row)
    weights: dict[tuple[str, str], int] = {}
    plans: dict[tuple[str, str], set[str]] = {}
    nodes: dict[str, dict[str, object]] = {}
    for pair in pairs:
        province = str(pair["province"] or "")
        lead = _pair_node(nodes, parties, by_name, str(pair["lead"]), province)
        partner = _pair_node(nodes, parties, by_name, str(pair["partner"]), province)
        if lead == partner:
            continue
        weights[lead, partner] = weights.get((lead, partner), 0) + int(str(pair["tasks"] or 0))
        plans.setdefault((lead, partner), set()).update(split_plans(pair["plans"]))
    ranked = sorted(weights.items(), key=lambda item: (-item[1], item[0]))
    shown = ranked if limit is None else ranked[:limit]
    graph = nx.DiGraph(kind="responsibility", source="pairs", filters=dict(filters or {}))
    for (lead, partner), weight in shown:
        for node in (lead, partner):
            if node not in graph:
                graph.add_node(node, **nodes[node])
        graph.add_edge(
            lead, partner, weight=weight, plans=sorted(plans[lead, partner]), tasks=[], task_refs=[]
        )
    if len(shown) < len(ranked):
        graph.graph["left_out"] = {
            "links": len(ranked) - len(shown),
            "links_total": len(ranked),
            "agencies": len(nodes) - graph.number_of_nodes(),
            "agencies_total": len(nodes),
            "min_weight": shown[-1][1] if shown else 0,
        }
    return graph


def split_plans(value: object) -> list[str]:
    """A ``;``-joined plan list cell as its plan numbers."""
    return [part.strip() for part in str(value or "").split(";") if part.strip()]


def _pair_node(
    nodes: dict[str, dict[str, object]],
    parties: Mapping[tuple[str, str], Mapping[str, object]],
    by_name: Mapping[str, list[Mapping[str, object]]],
    name: str,
    province: str,
) -> str:
    """The node of the agency ``name`` in a plan of ``province``: its ``agency-load`` row of that province,
    else of no province (a national body), else the only agency of that name; else a node by name."""
    row = parties.get((name, province)) or parties.get((name, ""))
    if row is None and len(by_name.get(name, [])) == 1:
        row = by_name[name][0]
    if row is None:
        node = f"{province}/{name}"
        nodes.setdefault(
            node,
            {
                "type": "agency",
                "label": name,
                "kind": "single",
                "agency_kind": "",
                "province": province,
                "iri": "",
                "lead_tasks": 0,
                "partner_tasks": 0,
                "tasks": [],
            },
        )
        return node
    node = str(row["party"])
    if node not in nodes:
        nodes[node] = {
            **_agency_attributes({**row, "agency_province": row["province"]}),
            "lead_tasks": int(row["lead_tasks"] or 0),
            "partner_tasks": int(row["partner_tasks"] or 0),
            "tasks": [],
        }
    return node


# -- the browser's network: the pair weights when they suffice, else one row per task --------------------

MAX_DRAWN = 300  # agencies a page draws at most before a default minimum of shared tasks applies


def query_network(
    store: Store, query: NetworkQuery, fetch: Fetch | None = None, *, limit: int | None = PAIR_LIMIT
) -> nx.DiGraph:
    """The network ``query`` asks for, filtered (``viz.filters.restrict``).

    A plan, reform area or year range needs the tasks (``responsibility_network``, from ``assignments``);
    otherwise the pair weights (``lead-partner``, ``agency-load``, through ``fetch``: the web page passes
    its side-by-side runner, whose answers for the whole store are kept warm) give the same links: the
    whole store's heaviest ``limit`` links, or a province's every link. Without ``min_weight``, a network of
    more than ``MAX_DRAWN`` agencies keeps the links of the smallest minimum of shared tasks that leaves at
    most that many (``graph.graph["default_min"]``).
    """
    if query.needs_tasks:
        chosen = query.tasks_filter()
        graph = responsibility_network(
            store,
            province=chosen.province,
            plan=chosen.plan,
            area=chosen.area,
            role=chosen.role,
            start=chosen.start,
            end=chosen.end,
        )
    else:
        params = {"province": query.province.strip()} if query.province and query.province.strip() else {}
        pairs, load = (fetch or sequential(store))([("lead-partner", params), ("agency-load", params)])
        graph = pairs_graph(
            pairs.as_dicts(), load.as_dicts(), limit=None if params else limit, filters=params
        )
    graph.graph["filters"] = query.describe()
    restrict(graph, query)
    if query.min_weight is None and graph.number_of_nodes() > MAX_DRAWN:
        minimum = default_min(graph, MAX_DRAWN)
        graph.graph["default_min"] = minimum
        restrict(graph, NetworkQuery(min_weight=minimum))
    return graph


def default_min(graph: nx.DiGraph, most: int = MAX_DRAWN) -> int:
    """The smallest minimum of shared tasks whose links touch at most ``most`` agencies (when even the
    heaviest links touch more, their weight: the heaviest links are drawn, ties and all)."""
    heaviest: dict[str, int] = {}
    for source, target, data in graph.edges(data=True):
        weight = int(data.get("weight") or 1)
        for node in (source, target):
            heaviest[node] = max(heaviest.get(node, 0), weight)
    ranked = sorted(heaviest.values(), reverse=True)
    if len(ranked) <= most:
        return 1
    return min(ranked[most] + 1, ranked[0])  # the (most + 1)-th agency's heaviest link falls below it
