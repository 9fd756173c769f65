"""The legend of a network page: which shapes and colours the graph uses (escaped HTML)."""

from __future__ import annotations

from html import escape

import networkx as nx

from viz.style import (
    AGENCY_KIND_COLOURS,
    TYPE_COLOURS,
    UNKNOWN_COLOUR,
    kind_label,
    language,
    type_label,
)
from viz.style import TYPE_SHAPES as SHAPES

NOTES = {
    "vi": {
        "size": "Kích thước nút: số nhiệm vụ cơ quan chủ trì",
        "arrow": "Mũi tên: cơ quan chủ trì → cơ quan phối hợp; độ dày: số nhiệm vụ chung",
        "trace": "Mũi tên: căn cứ / thực hiện; kế hoạch → nhiệm vụ → cơ quan",
    },
    "en": {
        "size": "Node size: tasks the agency leads",
        "arrow": "Arrow: lead → partner; width: tasks they share",
        "trace": "Arrows: based on / implements; plan → task → agency",
    },
}


def _item(shape: str, colour: str, text: str) -> str:
    return (
        f'<li><span class="cchc-swatch cchc-shape-{escape(shape)}" style="--swatch: {escape(colour)}"'
        f' aria-hidden="true"></span>{escape(text)}</li>'
    )


def legend_html(graph: nx.DiGraph, lang: str = "vi") -> str:
    """A ``<ul>`` per part: node types (shapes), agency kinds (colours), and what sizes and arrows mean."""
    lang = language(lang)
    types = {str(data.get("type") or "") for _, data in graph.nodes(data=True)}
    agencies = [data for _, data in graph.nodes(data=True) if data.get("type") in ("agency", "group")]
    kinds = sorted(
        {str(data.get("agency_kind") or "") for data in agencies},
        key=lambda kind: (list(AGENCY_KIND_COLOURS).index(kind) if kind in AGENCY_KIND_COLOURS else 99, kind),
    )
    order = ["document", "programme", "plan", "section", "task", "agency", "group"]
    shapes = [
        _item(SHAPES[t], TYPE_COLOURS.get(t, "#ffffff"), type_label(t, lang)) for t in order if t in types
    ]
    colours = [_item("dot", AGENCY_KIND_COLOURS.get(k, UNKNOWN_COLOUR), kind_label(k, lang)) for k in kinds]
    notes = NOTES[lang]
    if graph.graph.get("kind") == "responsibility":
        extra = [notes["size"], notes["arrow"]]
    else:
        extra = [notes["size"], notes["trace"]] if kinds else [notes["trace"]]
    parts = [f'<ul class="cchc-legend-shapes">{"".join(shapes)}</ul>']
    if colours:
        parts.append(f'<ul class="cchc-legend-kinds">{"".join(colours)}</ul>')
    parts.append('<ul class="cchc-legend-notes">' + "".join(f"<li>{escape(n)}</li>" for n in extra) + "</ul>")
    return "\n".join(parts)
