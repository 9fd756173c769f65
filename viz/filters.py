"""The filters of a responsibility network: as named-query parameters, and as text for the page.

``NetworkFilter`` selects the tasks (named-query parameters); ``NetworkQuery`` is what the browser's
``/network`` page asks (those, a year range, and the filters applied to the drawn network: kind of agency,
role, minimum shared tasks; ``restrict``).
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from queries.library import BadParameter
from viz.style import AGENCY_KIND_COLOURS

ROLES = ("lead", "partner")
KINDS = ("single", "group", *AGENCY_KIND_COLOURS)  # single|group, or an agency-kind concept's local name


def _year(value: int | None, name: str) -> None:
    if value is not None and not 1900 <= int(value) <= 2200:
        raise BadParameter(f"{name} {value!r} is out of range", expected="a year such as 2021")


@dataclass(frozen=True)
class NetworkFilter:
    """Which tasks a responsibility network is drawn from (every field optional)."""

    province: str | None = None
    plan: str | None = None
    area: str | None = None
    year: int | None = None
    role: str | None = None
    start: int | None = None  # first year of a range (tasks reaching it); ``year`` is start = end
    end: int | None = None  # last year of a range

    def __post_init__(self) -> None:
        if self.role is not None and self.role.strip() and self.role.strip().lower() not in ROLES:
            raise BadParameter(f"role cannot be {self.role!r}", expected="lead or partner")
        _year(self.year, "year")
        _year(self.start, "from")
        _year(self.end, "to")
        if self.start is not None and self.end is not None and int(self.start) > int(self.end):
            raise BadParameter(f"from {self.start} is after to {self.end}", expected="from <= to")

    @property
    def role_value(self) -> str | None:
        """The role, lower case, or None."""
        return self.role.strip().lower() if self.role and self.role.strip() else None

    def query_params(self) -> dict[str, str]:
        """Parameters of the ``assignments`` query (the role is applied to the network, not the rows)."""
        params: dict[str, str] = {}
        for name in ("province", "plan", "area"):
            value = getattr(self, name)
            if value and str(value).strip():
                params[name] = str(value).strip()
        first = self.year if self.year is not None else self.start
        last = self.year if self.year is not None else self.end
        if first is not None:
            params["from"] = f"{int(first):04d}-01-01"
        if last is not None:
            params["to"] = f"{int(last):04d}-12-31"
        return params

    def describe(self) -> dict[str, str]:
        """The filters that are set, name -> value as text (shown on the page)."""
        shown = {
            "province": self.province,
            "plan": self.plan,
            "area": self.area,
            "year": str(self.year) if self.year is not None else None,
            "from": str(self.start) if self.start is not None else None,
            "to": str(self.end) if self.end is not None else None,
            "role": self.role_value,
        }
        return {name: str(value).strip() for name, value in shown.items() if value and str(value).strip()}


@dataclass(frozen=True)
class NetworkQuery:
    """What the browser's network page asks: the tasks (province, plan, reform area, a year range) and
    the filters on the drawn network (``kind`` of agency, ``role``, ``min_weight`` shared tasks)."""

    province: str | None = None
    plan: str | None = None
    area: str | None = None
    start: int | None = None
    end: int | None = None
    kind: str | None = None
    role: str | None = None
    min_weight: int | None = None

    def __post_init__(self) -> None:
        self.tasks_filter()  # validates role and years
        if self.kind_value and self.kind_value not in KINDS:
            raise BadParameter(f"kind cannot be {self.kind!r}", expected="one of " + ", ".join(KINDS))
        if self.min_weight is not None and int(self.min_weight) < 1:
            raise BadParameter(f"min {self.min_weight!r} is below 1", expected="a number of tasks >= 1")

    @property
    def kind_value(self) -> str | None:
        return self.kind.strip().lower() if self.kind and self.kind.strip() else None

    @property
    def needs_tasks(self) -> bool:
        """True when the network is built from one row per task (``assignments``): a plan, area or year
        range; else the pair weights (``lead-partner``, ``agency-load``) suffice."""
        return bool(
            (self.plan and self.plan.strip())
            or (self.area and self.area.strip())
            or self.start is not None
            or self.end is not None
        )

    def tasks_filter(self) -> NetworkFilter:
        """The task selection as a ``NetworkFilter`` (role included)."""
        return NetworkFilter(
            province=self.province,
            plan=self.plan,
            area=self.area,
            role=self.role,
            start=self.start,
            end=self.end,
        )

    def describe(self) -> dict[str, str]:
        """Every filter that is set, name -> text (shown on the page and kept in exports)."""
        shown = dict(self.tasks_filter().describe())
        if self.kind_value:
            shown["kind"] = self.kind_value
        if self.min_weight is not None:
            shown["min"] = str(int(self.min_weight))
        return shown


def restrict(graph: nx.DiGraph, query: NetworkQuery) -> nx.DiGraph:
    """``graph`` with the drawn-network filters applied, in place: agencies of ``kind`` (single, group or
    an agency kind), holding ``role`` (in a pair network: leading or partnering on a drawn link), and links
    of ``min_weight`` shared tasks or more (an agency left without a link is dropped). Returns ``graph``."""
    kind = query.kind_value
    if kind:
        graph.remove_nodes_from(
            [n for n, d in list(graph.nodes(data=True)) if kind not in (d.get("kind"), d.get("agency_kind"))]
        )
    role = query.tasks_filter().role_value
    if role and graph.graph.get("source") == "pairs":
        degree = graph.out_degree if role == "lead" else graph.in_degree
        graph.remove_nodes_from([n for n in list(graph.nodes) if not degree(n)])
    if query.min_weight is not None and int(query.min_weight) > 1:
        light = [(a, b) for a, b, d in graph.edges(data=True) if int(d.get("weight") or 1) < query.min_weight]
        graph.remove_edges_from(light)
        graph.remove_nodes_from([n for n in list(graph.nodes) if graph.degree(n) == 0])
    return graph
