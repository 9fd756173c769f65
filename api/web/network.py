"""The responsibility network page ``/network`` and its downloads ``/network.graphml|gexf|csv``.

Parameters (all optional): ``province``, ``plan``, ``from`` and ``to`` (years), ``area`` (reform area),
``kind`` (single, group or an agency kind), ``role`` (lead|partner), ``min`` (shared tasks). A plan, area
or year range reads one row per task (``assignments``) for that selection; otherwise the page draws from
the pair weights (``lead-partner`` and ``agency-load``, side by side; ``viz.networks.pairs_graph``), never
one row per task: the whole store's heaviest ``PAIR_LIMIT`` links (its answers warmed at start-up, see
``api.serving.warm.PAGE_CALLS``) with a note of what is left out, or a province's every link.

The page lays the network out in the browser before drawing it (communities coloured and kept together,
labels that do not overlap), with a search, PNG export and a side table of degree, betweenness,
communities and bridges (``viz.analytics``). The downloads carry the same network with those measures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from api.i18n import language_of
from api.serving.warm import PAGE_CALLS
from api.web.parallel import run_many
from api.web.render import render
from api.web.routes import router
from api.web.state import get_store
from queries.library import BadParameter, QueryResult

TITLES = {
    "vi": "Mạng lưới trách nhiệm: cơ quan chủ trì → cơ quan phối hợp",
    "en": "Responsibility network: lead → partner agencies",
}
PARAMS = ("province", "plan", "from", "to", "area", "kind", "role", "min")
FORM_CALLS = [call for call in PAGE_CALLS["/"] if call[0] in ("plans", "areas")]  # warmed for the home page
DOWNLOADS = {  # format -> media type, shown name
    "graphml": ("application/graphml+xml; charset=utf-8", "GraphML"),
    "gexf": ("application/gexf+xml; charset=utf-8", "GEXF"),
    "csv": ("text/csv; charset=utf-8", "CSV"),
}
Call = tuple[str, Any]


def network_title(lang: str) -> str:
    """The page's title in ``lang`` (vi or en)."""
    return TITLES["en" if lang == "en" else "vi"]


def _number(name: str, value: str) -> int | None:
    text = value.strip()
    if not text:
        return None
    if not text.isdigit():
        raise BadParameter(f"{name} must be a whole number, not {value!r}", expected="e.g. 2021")
    return int(text)


def chosen_params(request: Request) -> dict[str, str]:
    """The network parameters of the request that are set (name -> text), in ``PARAMS`` order."""
    return {
        name: request.query_params[name].strip()
        for name in PARAMS
        if request.query_params.get(name, "").strip()
    }


def network_query(chosen: dict[str, str]) -> Any:
    """The ``viz.filters.NetworkQuery`` of the parameters (a malformed one: ``BadParameter``, 400)."""
    from viz.filters import NetworkQuery

    return NetworkQuery(
        province=chosen.get("province"),
        plan=chosen.get("plan"),
        area=chosen.get("area"),
        start=_number("from", chosen.get("from", "")),
        end=_number("to", chosen.get("to", "")),
        kind=chosen.get("kind"),
        role=chosen.get("role"),
        min_weight=_number("min", chosen.get("min", "")),
    )


def build(request: Request, chosen: dict[str, str]) -> tuple[Any, list[QueryResult]]:
    """The annotated network the parameters ask for, and the form's ``plans`` and ``areas`` answers (read
    side by side with the pair weights)."""
    from viz.analytics import annotate
    from viz.networks import query_network

    store = get_store(request)
    query = network_query(chosen)
    extra: list[QueryResult] = []

    def fetch(calls: Sequence[Call]) -> list[QueryResult]:  # the pair weights and the form's lists at once
        results = run_many(store, [*calls, *FORM_CALLS])
        extra.extend(results[len(calls) :])
        return results[: len(calls)]

    graph = query_network(store, query, fetch)
    if not extra:
        extra = run_many(store, FORM_CALLS)
    return annotate(graph), extra


def _viz_ready() -> Callable[..., Any] | None:
    try:
        from viz import html as viz_html
    except ImportError:
        return None
    return viz_html.graph_data


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request) -> HTMLResponse:
    """Who works with whom: the whole store (heaviest links, with a note of what is left out), a province,
    a plan or a year range, filtered by kind of agency, role, reform area and shared tasks."""
    if _viz_ready() is None:
        return render(request, "network_unavailable.html")
    from viz.analytics import table_rows
    from viz.html import graph_data, json_for_script, left_out_html, legend_html, strings
    from viz.networks import MAX_DRAWN
    from viz.style import AGENCY_KIND_LABELS

    lang = language_of(request)
    chosen = chosen_params(request)
    graph, (plans, areas) = build(request, chosen)
    rows = table_rows(graph)
    query = urlencode(chosen)
    kinds = [("single", "net_kind_single"), ("group", "net_kind_group")]
    kind_labels = AGENCY_KIND_LABELS["en" if lang == "en" else "vi"]
    return render(
        request,
        "network.html",
        title=network_title(lang),
        chosen=chosen,
        provinces=sorted({str(p["province"]) for p in plans.as_dicts() if p["province"]}),
        plan_numbers=sorted({str(p["number"]) for p in plans.as_dicts() if p["number"]}),
        areas=sorted({str(a["area"]) for a in areas.as_dicts() if a["area"] and a["area"] != "none"}),
        kinds=kinds,
        agency_kinds=[(k, v) for k, v in kind_labels.items() if k],
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        communities=len({d.get("community") for _, d in graph.nodes(data=True)}),
        left_out=left_out_html(graph, strings(lang)),
        default_min=graph.graph.get("default_min"),
        most=MAX_DRAWN,
        legend=legend_html(graph, lang),
        data_json=json_for_script(graph_data(graph, lang)),
        rows=rows,
        downloads=[
            (fmt, name, f"/network.{fmt}" + (f"?{query}" if query else ""))
            for fmt, (_, name) in DOWNLOADS.items()
        ],
        viz_words=strings(lang),
    )


@router.get("/network.{fmt}")
def network_download(request: Request, fmt: str) -> Response:
    """The network ``/network`` draws for the same parameters, as GraphML, GEXF or a CSV edge list, with
    each agency's degree, weighted degree, betweenness, community and bridge flag (GraphML, GEXF)."""
    from viz.export import ExportError, export_text

    if fmt not in DOWNLOADS:
        raise ExportError(f"unknown network download {fmt!r}", expected="graphml, gexf or csv")
    graph, _ = build(request, chosen_params(request))
    media_type, _ = DOWNLOADS[fmt]
    return Response(
        export_text(graph, fmt),
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="cchc-network.{fmt}"'},
    )
