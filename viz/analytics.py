"""Network analytics over a responsibility network, as plain rows (list of dicts).

Weighted degree, betweenness, Louvain communities (fixed seed), the agencies that bridge communities, and
workload per agency per quarter (from the ``due`` query, which knows continuous, recurring and yearly
time frames).
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from ontology.periods import quarters
from queries.library import run
from queries.protocol import Store

SEED = 42
MAX_QUARTERS = 48

Row = dict[str, object]


def undirected(graph: nx.DiGraph) -> nx.Graph:
    """The network without direction: weights of A->B and B->A added; ``distance`` = 1 / weight."""
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    for source, target, data in graph.edges(data=True):
        weight = float(data.get("weight") or 1)
        if simple.has_edge(source, target):
            simple.edges[source, target]["weight"] += weight
        else:
            simple.add_edge(source, target, weight=weight)
    for _, _, data in simple.edges(data=True):
        data["distance"] = 1.0 / data["weight"]
    return simple


def communities(graph: nx.DiGraph, seed: int = SEED) -> list[set[str]]:
    """Louvain communities of the undirected weighted network, largest first (deterministic for a seed)."""
    if graph.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(undirected(graph), weight="weight", seed=seed)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), sorted(c)))


def community_index(graph: nx.DiGraph, seed: int = SEED) -> dict[str, int]:
    """Node -> community number (1 = largest)."""
    return {node: number for number, members in enumerate(communities(graph, seed), 1) for node in members}


def betweenness(graph: nx.DiGraph) -> dict[str, float]:
    """Normalised betweenness on the undirected network, strong ties being short (distance 1/weight)."""
    if graph.number_of_nodes() == 0:
        return {}
    return nx.betweenness_centrality(undirected(graph), weight="distance", normalized=True)


def _row(graph: nx.DiGraph, node: str) -> Row:
    data = graph.nodes[node]
    return {
        "agency": data.get("label", node),
        "province": data.get("province", ""),
        "kind": data.get("kind", ""),
        "agency_kind": data.get("agency_kind", ""),
    }


def centrality_rows(graph: nx.DiGraph, seed: int = SEED) -> list[Row]:
    """One row per agency: tasks led and partnered, weighted degree (in, out, total), betweenness,
    community, bridging (links two or more communities) and articulation point; busiest first."""
    between = betweenness(graph)
    index = community_index(graph, seed)
    cut = set(nx.articulation_points(undirected(graph))) if graph.number_of_nodes() else set()
    rows = []
    for node, data in graph.nodes(data=True):
        reached = {index[n] for n in nx.all_neighbors(graph, node)} | {index[node]}
        out_weight = graph.out_degree(node, weight="weight")
        in_weight = graph.in_degree(node, weight="weight")
        rows.append(
            {
                **_row(graph, node),
                "lead_tasks": data.get("lead_tasks", 0),
                "partner_tasks": data.get("partner_tasks", 0),
                "weighted_degree": out_weight + in_weight,
                "weighted_out": out_weight,
                "weighted_in": in_weight,
                "betweenness": round(between.get(node, 0.0), 4),
                "community": index.get(node, 0),
                "communities_reached": len(reached),
                "articulation": node in cut,
                "iri": data.get("iri", node),
            }
        )
    rows.sort(key=lambda r: (-int(r["weighted_degree"]), -float(r["betweenness"]), str(r["agency"])))
    return rows


def bridging_agencies(graph: nx.DiGraph, seed: int = SEED) -> list[Row]:
    """Agencies that hold separate groups together: neighbours in two or more communities, or an
    articulation point (removing it splits the network); highest betweenness first."""
    rows = [r for r in centrality_rows(graph, seed) if int(r["communities_reached"]) > 1 or r["articulation"]]
    rows.sort(key=lambda r: (-float(r["betweenness"]), -int(r["communities_reached"]), str(r["agency"])))
    return rows


def community_rows(graph: nx.DiGraph, seed: int = SEED) -> list[Row]:
    """One row per community: its number, size and members (by label)."""
    return [
        {
            "community": number,
            "size": len(members),
            "members": "; ".join(sorted(str(graph.nodes[n].get("label", n)) for n in members)),
        }
        for number, members in enumerate(communities(graph, seed), 1)
    ]


# -- workload per quarter --------------------------------------------------------------------------


def workload(
    store: Store, graph: nx.DiGraph, *, start: str | None = None, end: str | None = None
) -> list[Row]:
    """Tasks per agency per quarter: for each quarter (from ``start`` to ``end``, by default the span of
    the network's tasks), the ``due`` query's tasks that are among the agency's tasks in the network.

    Rows: agency, province, quarter, lead_tasks, partner_tasks, tasks; only non-zero rows, by quarter.
    """
    start = start or graph.graph.get("start")
    end = end or graph.graph.get("end")
    if not start or not end or graph.number_of_nodes() == 0:
        return []
    roles: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for node, data in graph.nodes(data=True):
        for ref in data.get("tasks") or []:
            roles[(str(ref["plan_number"]), str(ref["code"]))].append((node, str(ref.get("role") or "")))
    rows: list[Row] = []
    for name, first, last in quarters(str(start), str(end), MAX_QUARTERS):
        counts: dict[str, dict[str, int]] = defaultdict(lambda: {"lead": 0, "partner": 0})
        for due in run(store, "due", {"from": first, "to": last}).as_dicts():
            for node, role in roles.get((str(due["plan_number"]), str(due["code"])), []):
                if role in ("lead", "partner"):
                    counts[node][role] += 1
        for node, count in sorted(counts.items(), key=lambda item: str(graph.nodes[item[0]].get("label"))):
            rows.append(
                {
                    "agency": graph.nodes[node].get("label", node),
                    "province": graph.nodes[node].get("province", ""),
                    "quarter": name,
                    "lead_tasks": count["lead"],
                    "partner_tasks": count["partner"],
                    "tasks": count["lead"] + count["partner"],
                }
            )
    return rows


def annotate(graph: nx.DiGraph, seed: int = SEED) -> nx.DiGraph:
    """Each node gets ``degree`` (linked agencies), ``weighted_degree`` (shared tasks over its links),
    ``betweenness``, ``community`` (1 = largest) and ``bridge`` (its neighbours lie in two or more
    communities, or it is an articulation point), as ``centrality_rows`` computes them. Returns ``graph``
    (exports then carry them to Gephi)."""
    between = betweenness(graph)
    index = community_index(graph, seed)
    simple = undirected(graph)
    cut = set(nx.articulation_points(simple)) if graph.number_of_nodes() else set()
    for node, data in graph.nodes(data=True):
        reached = {index[n] for n in nx.all_neighbors(graph, node)} | {index[node]}
        data["degree"] = simple.degree(node)
        data["weighted_degree"] = graph.out_degree(node, weight="weight") + graph.in_degree(
            node, weight="weight"
        )
        data["betweenness"] = round(between.get(node, 0.0), 4)
        data["community"] = index.get(node, 0)
        data["bridge"] = len(reached) > 1 or node in cut
    return graph


def table_rows(graph: nx.DiGraph) -> list[Row]:
    """The side table of an annotated network: one row per agency (``node`` is its id), busiest first."""
    rows = [
        {
            "node": node,
            **_row(graph, node),
            "degree": data.get("degree", 0),
            "weighted_degree": data.get("weighted_degree", 0),
            "betweenness": data.get("betweenness", 0.0),
            "community": data.get("community", 0),
            "bridge": bool(data.get("bridge")),
        }
        for node, data in graph.nodes(data=True)
    ]
    rows.sort(key=lambda r: (-int(r["weighted_degree"]), -float(r["betweenness"]), str(r["agency"])))
    return rows
