"""How nodes and edges look: colour by agency kind or node type, shape by single agency / group / type."""

from __future__ import annotations

import math
from collections.abc import Mapping

# colour per agency-kind concept (ontology/schemes.ttl, cchc:AgencyKindScheme)
AGENCY_KIND_COLOURS: dict[str, str] = {
    "department": "#1f77b4",
    "office": "#ff7f0e",
    "peoples-committee-province": "#d62728",
    "peoples-committee-district": "#e377c2",
    "peoples-committee-commune": "#f4a6d7",
    "media": "#2ca02c",
    "party-body": "#8c1c13",
    "council": "#9467bd",
    "public-service-unit": "#17becf",
    "mass-organisation": "#bcbd22",
    "inspection": "#8c564b",
    "government": "#393b79",
    "ministry": "#5254a3",
    "legislature": "#6b6ecf",
    "steering-committee": "#637939",
    "mixed": "#7f7f7f",
    "other": "#aaaaaa",
}
UNKNOWN_COLOUR = "#c7c7c7"

# colour per community (1 = the largest); later communities share the last, neutral colour
COMMUNITY_COLOURS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#393b79",
    "#637939",
    "#ad494a",
)
OTHER_COMMUNITY_COLOUR = "#b0bec5"


def community_colour(community: int) -> str:
    """The colour of community ``community`` (1-based); small late communities are grey."""
    if 1 <= community <= len(COMMUNITY_COLOURS):
        return COMMUNITY_COLOURS[community - 1]
    return OTHER_COMMUNITY_COLOUR


AGENCY_KIND_LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "department": "Sở, ngành",
        "office": "Văn phòng",
        "peoples-committee-province": "UBND tỉnh",
        "peoples-committee-district": "UBND cấp huyện",
        "peoples-committee-commune": "UBND cấp xã",
        "media": "Báo chí, truyền thông",
        "party-body": "Cơ quan Đảng",
        "council": "HĐND",
        "public-service-unit": "Đơn vị sự nghiệp",
        "mass-organisation": "Đoàn thể",
        "inspection": "Thanh tra",
        "government": "Chính phủ",
        "ministry": "Bộ, ngành Trung ương",
        "legislature": "Quốc hội",
        "steering-committee": "Ban Chỉ đạo",
        "mixed": "Hỗn hợp",
        "other": "Khác",
        "": "Chưa phân loại",
    },
    "en": {
        "department": "Department",
        "office": "Office",
        "peoples-committee-province": "Provincial People's Committee",
        "peoples-committee-district": "District People's Committees",
        "peoples-committee-commune": "Commune People's Committees",
        "media": "Media",
        "party-body": "Party body",
        "council": "People's Council",
        "public-service-unit": "Public service unit",
        "mass-organisation": "Mass organisation",
        "inspection": "Inspection",
        "government": "Government",
        "ministry": "Ministry",
        "legislature": "National Assembly",
        "steering-committee": "Steering committee",
        "mixed": "Mixed",
        "other": "Other",
        "": "Unclassified",
    },
}

# node types of trace and plan graphs (agencies and groups are coloured by their kind instead)
TYPE_COLOURS: dict[str, str] = {
    "document": "#4e342e",
    "programme": "#b8860b",
    "plan": "#00695c",
    "section": "#5c6bc0",
    "task": "#90a4ae",
}
TYPE_SHAPES: dict[str, str] = {
    "document": "box",
    "programme": "star",
    "plan": "box",
    "section": "hexagon",
    "task": "dot",
    "agency": "dot",
    "group": "diamond",
}
TYPE_LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "document": "Văn bản",
        "programme": "Chương trình tổng thể",
        "plan": "Kế hoạch",
        "section": "Mục",
        "task": "Nhiệm vụ",
        "agency": "Cơ quan (đơn lẻ)",
        "group": "Nhóm cơ quan",
    },
    "en": {
        "document": "Document",
        "programme": "Master programme",
        "plan": "Plan",
        "section": "Section",
        "task": "Task",
        "agency": "Single agency",
        "group": "Group of agencies",
    },
}


def language(lang: str) -> str:
    """``vi`` or ``en`` (anything else reads as ``vi``)."""
    return "en" if lang == "en" else "vi"


def node_colour(data: Mapping[str, object]) -> str:
    """Agencies and groups by agency kind; other nodes by type."""
    if data.get("type") in ("agency", "group"):
        return AGENCY_KIND_COLOURS.get(str(data.get("agency_kind") or ""), UNKNOWN_COLOUR)
    return TYPE_COLOURS.get(str(data.get("type") or ""), UNKNOWN_COLOUR)


def node_shape(data: Mapping[str, object]) -> str:
    """Single agencies are dots, groups diamonds; documents and plans boxes, programmes stars."""
    return TYPE_SHAPES.get(str(data.get("type") or ""), "dot")


def node_size(data: Mapping[str, object]) -> float:
    """Agencies grow with the number of tasks they lead; tasks stay small."""
    if data.get("type") in ("agency", "group"):
        return round(10 + 6 * math.sqrt(float(data.get("lead_tasks") or 0)), 1)
    return {"task": 7.0, "section": 16.0, "programme": 24.0}.get(str(data.get("type") or ""), 18.0)


def kind_label(agency_kind: str, lang: str) -> str:
    labels = AGENCY_KIND_LABELS[language(lang)]
    return labels.get(agency_kind, agency_kind)


def type_label(node_type: str, lang: str) -> str:
    return TYPE_LABELS[language(lang)].get(node_type, node_type)


def node_font(data: Mapping[str, object]) -> dict[str, object] | None:
    """White text inside documents and plans (drawn as boxes); small labels on tasks."""
    node_type = str(data.get("type") or "")
    if node_type in ("document", "plan"):
        return {"color": "#ffffff", "size": 16}
    if node_type == "task":
        return {"size": 10}
    if node_type in ("programme", "section"):
        return {"size": 15}
    return None


def node_mass(data: Mapping[str, object]) -> float:
    """Heavier documents and plans push their tasks and agencies away, so they are not hidden under them."""
    return 4.0 if data.get("type") in ("document", "plan", "programme") else 1.0
