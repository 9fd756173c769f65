"""A complete, offline HTML page drawing a network with vis-network (node data prepared with pyvis).

Every text from the documents reaches the page as JSON data (with ``<``, ``>`` and ``&`` escaped) or as
HTML-escaped text, and the page's script puts it into the DOM with ``textContent`` only: tooltips and the
task panel never interpret markup. No request leaves the page: the assets are inlined, or linked under
``asset_base`` (the web app serves ``viz.assets.ASSET_DIR`` there).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from html import escape

import networkx as nx

from viz.assets import script_tags, stylesheet_tags
from viz.layout import layout_mode, vis_options
from viz.legend import legend_html
from viz.visdata import vis_data

STRINGS: dict[str, dict[str, str]] = {
    "vi": {
        "filters": "Bộ lọc",
        "no_filter": "không có (toàn bộ kho dữ liệu)",
        "legend": "Chú giải",
        "details": "Chi tiết",
        "hint": "Nhấn vào một nút để xem các nhiệm vụ của nó, hoặc vào một cạnh để xem các nhiệm vụ chung.",
        "loading": "Đang bố trí mạng lưới…",
        "empty": "Không có dữ liệu nào khớp với bộ lọc.",
        "lead": "chủ trì",
        "partner": "phối hợp",
        "tasks": "Nhiệm vụ",
        "no_tasks": "Không có nhiệm vụ.",
        "nodes": "nút",
        "edges": "cạnh",
        "province": "tỉnh",
        "plan": "kế hoạch",
        "area": "lĩnh vực",
        "year": "năm",
        "role": "vai trò",
        "document": "văn bản",
        "from": "từ năm",
        "to": "đến năm",
        "kind": "loại cơ quan",
        "min": "số nhiệm vụ chung tối thiểu",
        "search": "Tìm nút",
        "search_placeholder": "Tên cơ quan, kế hoạch…",
        "search_go": "Tìm",
        "found": "Đã tìm thấy {count} nút; đang hiển thị: {label}",
        "not_found": "Không có nút nào tên chứa “{text}”.",
        "png": "Tải ảnh PNG",
        "colour": "Tô màu theo",
        "colour_community": "cộng đồng",
        "colour_kind": "loại cơ quan / loại nút",
        "community_item": "Cộng đồng {number}: {name} và {more} nút khác",
        "community_alone": "Cộng đồng {number}: {name}",
        "left_out": (
            "Chỉ vẽ {shown} liên kết nặng nhất (từ {min_weight} nhiệm vụ chung trở lên) trong {links_total}:"
            " {links} liên kết và {agencies} trong {agencies_total} cơ quan không được vẽ."
            " Chọn một tỉnh để xem mọi liên kết của tỉnh đó."
        ),
        "left_out_plans": (
            "Nhiệm vụ và cơ quan chỉ được vẽ cho {detail} trong {plans_total} kế hoạch đầu tiên;"
            " {plans} kế hoạch khác được vẽ không có nhiệm vụ."
        ),
    },
    "en": {
        "filters": "Filters",
        "no_filter": "none (the whole store)",
        "legend": "Legend",
        "details": "Details",
        "hint": "Click a node to list its tasks, or an edge to list the tasks its two agencies share.",
        "loading": "Laying out the network…",
        "empty": "Nothing matches these filters.",
        "lead": "lead",
        "partner": "partner",
        "tasks": "Tasks",
        "no_tasks": "No tasks.",
        "nodes": "nodes",
        "edges": "edges",
        "province": "province",
        "plan": "plan",
        "area": "area",
        "year": "year",
        "role": "role",
        "document": "document",
        "from": "from year",
        "to": "to year",
        "kind": "kind of agency",
        "min": "minimum shared tasks",
        "search": "Find a node",
        "search_placeholder": "Agency, plan…",
        "search_go": "Find",
        "found": "{count} nodes found; showing: {label}",
        "not_found": "No node's name contains “{text}”.",
        "png": "Download PNG",
        "colour": "Colour by",
        "colour_community": "community",
        "colour_kind": "kind of agency / node type",
        "community_item": "Community {number}: {name} and {more} more",
        "community_alone": "Community {number}: {name}",
        "left_out": (
            "Only the {shown} heaviest links ({min_weight} shared tasks or more) of {links_total} are drawn:"
            " {links} links and {agencies} of {agencies_total} agencies are left out."
            " Pick a province to see all of its links."
        ),
        "left_out_plans": (
            "Tasks and agencies are drawn for the first {detail} of {plans_total} plans only;"
            " the other {plans} plans are drawn without their tasks."
        ),
    },
}


def strings(lang: str) -> dict[str, str]:
    """The page's words in ``lang`` (vi or en)."""
    return STRINGS["en" if lang == "en" else "vi"]


def json_for_script(value: object) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no markup characters."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, code)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _filters_html(filters: Mapping[str, str], words: Mapping[str, str]) -> str:
    if not filters:
        return f'<span class="cchc-filter">{escape(words["no_filter"])}</span>'
    parts = [
        f'<span class="cchc-filter"><b>{escape(words.get(name, name))}</b>: {escape(str(value))}</span>'
        for name, value in filters.items()
    ]
    return " ".join(parts)


def loading_hidden(data: Mapping[str, object]) -> str:
    """`` hidden`` when the script lays the network out itself (no progress to show), else ""."""
    return " hidden" if data.get("layout") == "fixed" else ""


def left_out_html(graph: nx.DiGraph, words: Mapping[str, str]) -> str:
    """The note saying what a capped network leaves out (``graph.graph["left_out"]``), or ""."""
    left_out = graph.graph.get("left_out")
    if not left_out:
        return ""
    if "plans" in left_out:
        text = words["left_out_plans"].format(**left_out)
    else:
        shown = int(left_out["links_total"]) - int(left_out["links"])
        text = words["left_out"].format(shown=shown, **left_out)
    return f'<p class="cchc-note" role="note">{escape(text)}</p>\n'


def graph_data(graph: nx.DiGraph, lang: str = "vi") -> dict[str, object]:
    """What the page script draws (``#cchc-graph-data``): nodes, edges, vis-network options, the page's
    words, the layout (``fixed``: placed by the script before the first drawing; ``physics``) and the
    initial colouring (``community`` for responsibility networks, else ``kind``)."""
    nodes, edges = vis_data(graph, lang)
    return {
        "nodes": nodes,
        "edges": edges,
        "options": vis_options(len(nodes), len(edges)),
        "strings": strings(lang),
        "layout": layout_mode(len(nodes)),
        "colour": "community" if graph.graph.get("kind") == "responsibility" else "kind",
    }


def toolbar_html(words: Mapping[str, str], colour: str) -> str:
    """Search a node, colour by community or kind (``colour`` first), download PNG: the page script wires
    them by id."""
    options = "".join(
        f'<option value="{value}"{" selected" if value == colour else ""}>{escape(words[key])}</option>'
        for value, key in (("community", "colour_community"), ("kind", "colour_kind"))
    )
    return f"""<div class="cchc-toolbar">
<form id="cchc-search-form" class="cchc-search" role="search">
<label for="cchc-search">{escape(words["search"])}</label>
<input id="cchc-search" type="search" list="cchc-search-list" autocomplete="off"
 placeholder="{escape(words["search_placeholder"], quote=True)}">
<datalist id="cchc-search-list"></datalist>
<button type="submit">{escape(words["search_go"])}</button>
<span id="cchc-search-status" class="cchc-search-status" role="status"></span>
</form>
<label class="cchc-colour">{escape(words["colour"])} <select id="cchc-colour">{options}</select></label>
<button type="button" id="cchc-png">{escape(words["png"])}</button>
</div>"""


def network_page(
    graph: nx.DiGraph,
    *,
    title: str,
    filters: Mapping[str, str],
    asset_base: str | None = None,
    lang: str = "vi",
) -> str:
    """A complete HTML document drawing ``graph``: title, filters, legend, the network, a task panel.

    ``asset_base`` None inlines every asset (a self-contained file); otherwise the page links
    ``{asset_base}/vis-network.min.js`` etc. (files in ``viz.assets.ASSET_DIR``).
    """
    words = strings(lang)
    data = graph_data(graph, lang)
    counts = f"{graph.number_of_nodes()} {words['nodes']}, {graph.number_of_edges()} {words['edges']}"
    return f"""<!DOCTYPE html>
<html lang="{"en" if lang == "en" else "vi"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="icon" href="data:,">
{stylesheet_tags(asset_base)}
</head>
<body class="cchc-viz">
<header class="cchc-header">
<h1 class="cchc-title">{escape(title)}</h1>
<p class="cchc-filters">{escape(words["filters"])}: {_filters_html(filters, words)}</p>
<p class="cchc-counts">{escape(counts)}</p>
{left_out_html(graph, words)}{toolbar_html(words, str(data["colour"]))}
</header>
<main class="cchc-main">
<div class="cchc-stage">
<div id="cchc-network" class="cchc-network"></div>
<div id="cchc-loading" class="cchc-loading" role="status"{loading_hidden(data)}>{escape(words["loading"])}
<span id="cchc-progress">0%</span></div>
</div>
<aside class="cchc-side">
<section class="cchc-legend"><h2>{escape(words["legend"])}</h2>
{legend_html(graph, lang)}
</section>
<section id="cchc-details" class="cchc-details" aria-live="polite"><h2>{escape(words["details"])}</h2>
<p class="cchc-hint">{escape(words["hint"])}</p></section>
</aside>
</main>
<script type="application/json" id="cchc-graph-data">{json_for_script(data)}</script>
{script_tags(asset_base)}
</body>
</html>
"""
