"""Network views (viz, optional): a viz page for a frame, a result's edges as a viz page or an SVG drawing."""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from api.i18n import language_of
from api.web.render import render

VIZ_ASSETS = "/static/viz"
log = logging.getLogger(__name__)


def viz_page(
    request: Request,
    function: str,
    args: Sequence[object],
    *,
    title: str,
    filters: Mapping[str, object],
    kwargs: Mapping[str, object] | None = None,
) -> HTMLResponse:
    """A full network page from ``viz.networks.{function}(*args, **kwargs)``; a plain note only when viz
    is not installed. An error while building the network is not "unavailable": it propagates to the page's
    error handling (a domain error's status, else a logged 500)."""
    lang = language_of(request)
    try:
        from viz import html as viz_html
        from viz import networks
    except ImportError:
        return render(request, "network_unavailable.html")
    graph = getattr(networks, function)(*args, **(kwargs or {}))
    page = viz_html.network_page(graph, title=title, filters=dict(filters), asset_base=VIZ_ASSETS, lang=lang)
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
    except Exception:  # a graph shape viz does not take: logged, and the built-in drawing shown instead
        log.exception("viz could not draw the result's %d edges; the built-in drawing is shown", len(edges))
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
