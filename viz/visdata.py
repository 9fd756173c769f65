"""networkx graph -> vis-network node and edge data (through a pyvis Network), as plain text fields.

Nothing here is HTML: ``info`` (tooltip lines) and ``tasks`` (panel rows) are text that the page script
puts into the DOM with ``textContent``. Node ``title`` is never set, so vis-network renders no markup.
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx
from pyvis.network import Network

from viz.analytics import community_index
from viz.style import (
    community_colour,
    kind_label,
    language,
    node_colour,
    node_font,
    node_mass,
    node_shape,
    node_size,
    type_label,
)

ROLE_WORDS = {"vi": {"lead": "chủ trì", "partner": "phối hợp"}, "en": {"lead": "lead", "partner": "partner"}}
INFO_WORDS = {
    "vi": {
        "province": "Tỉnh",
        "kind": "Loại",
        "load": "Chủ trì {lead} nhiệm vụ, phối hợp {partner}",
        "plan": "Kế hoạch",
        "issued": "Ban hành",
        "path": "Cách thực hiện",
        "task_count": "Số nhiệm vụ",
        "time": "Thời gian",
        "shared": "{weight} nhiệm vụ chung",
    },
    "en": {
        "province": "Province",
        "kind": "Kind",
        "load": "Leads {lead} tasks, partners on {partner}",
        "plan": "Plan",
        "issued": "Issued",
        "path": "Route",
        "task_count": "Tasks",
        "time": "Time",
        "shared": "{weight} shared tasks",
    },
}
MAX_LABEL = 40


def short(text: str, limit: int = MAX_LABEL) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def task_line(ref: Mapping[str, object], lang: str) -> dict[str, str]:
    """One row of the task panel: role (words) and "plan code label"."""
    role = str(ref.get("role") or "")
    return {
        "role": ROLE_WORDS[lang].get(role, role),
        "roleKey": role,
        "text": f"{ref.get('plan_number', '')} {ref.get('code', '')} {ref.get('label', '')}".strip(),
    }


def node_info(data: Mapping[str, object], lang: str) -> list[str]:
    """Tooltip lines for a node (plain text)."""
    words = INFO_WORDS[lang]
    node_type = str(data.get("type") or "")
    lines = [str(data.get("label") or "")]
    if node_type in ("agency", "group"):
        kind = kind_label(str(data.get("agency_kind") or ""), lang)
        lines.append(f"{words['kind']}: {type_label(node_type, lang)} — {kind}")
        if data.get("province"):
            lines.append(f"{words['province']}: {data['province']}")
        load = words["load"].format(lead=data.get("lead_tasks", 0), partner=data.get("partner_tasks", 0))
        lines.append(load)
    elif node_type == "task":
        lines = [f"{data.get('label', '')} {data.get('text', '')}".strip()]
        if data.get("plan_number"):
            lines.append(f"{words['plan']}: {data['plan_number']}")
        if data.get("time"):
            lines.append(f"{words['time']}: {data['time']}")
    elif node_type == "plan":
        for key in ("province", "issued", "path", "task_count"):
            if data.get(key):
                lines.append(f"{words[key]}: {data[key]}")
    else:
        lines.append(type_label(node_type, lang))
    return lines


def vis_data(graph: nx.DiGraph, lang: str = "vi") -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The graph's nodes and edges as vis-network items, with ``info`` and ``tasks`` as text."""
    lang = language(lang)
    net = Network(directed=True)
    communities = (
        {n: int(d["community"]) for n, d in graph.nodes(data=True) if "community" in d}
        if all("community" in d for _, d in graph.nodes(data=True))
        else community_index(graph)
    )
    for node, data in graph.nodes(data=True):
        font = node_font(data)
        extra: dict[str, object] = {"font": font} if font else {}
        if node_mass(data) != 1.0:
            extra["mass"] = node_mass(data)
        community = communities.get(node, 0)
        net.add_node(
            str(node),
            label=short(str(data.get("label") or node)),
            shape=node_shape(data),
            color=node_colour(data),
            size=node_size(data),
            info=node_info(data, lang),
            tasks=[task_line(ref, lang) for ref in data.get("tasks") or []],
            nodeType=str(data.get("type") or ""),
            fullLabel=str(data.get("label") or node),
            community=community,
            communityColor=community_colour(community),
            rank=float(data.get("weighted_degree") or graph.degree(node, weight="weight") or 0),
            **extra,
        )
    words = INFO_WORDS[lang]
    for source, target, data in graph.edges(data=True):
        weight = int(data.get("weight") or 1)
        refs = data.get("task_refs") or []
        info = [f"{graph.nodes[source].get('label', source)} → {graph.nodes[target].get('label', target)}"]
        if "weight" in data:
            info.append(words["shared"].format(weight=weight))
        elif data.get("relation"):
            relation = str(data["relation"])
            info.append(ROLE_WORDS[lang].get(relation, relation))
        net.add_edge(
            str(source),
            str(target),
            value=weight,
            info=info,
            tasks=[task_line({**ref, "role": ""}, lang) for ref in refs],
        )
    nodes, edges, *_ = net.get_network_data()
    return nodes, edges
