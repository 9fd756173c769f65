"""Exports for Gephi, Cytoscape and spreadsheets: GraphML, GEXF, a CSV edge list, a responsibility matrix.

GraphML and GEXF hold scalar attributes only, so list attributes become text (items on separate lines) and
structured ones (a node's task references) are left out; the CSVs use the same "plan_number code label"
task names as the networks.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx

from ontology.errors import CchcError

FORMATS = ("graphml", "gexf", "csv", "matrix")
LEAD, PARTNER = "L", "P"


class ExportError(CchcError):
    """An export format that does not exist."""

    status = 400


def _scalar(value: object) -> object | None:
    if value is None:
        return None
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set) and all(isinstance(v, str | int | float) for v in value):
        return "\n".join(str(v) for v in value)
    return None  # task references and other structures are not carried over


def portable(graph: nx.DiGraph) -> nx.DiGraph:
    """A copy with only scalar attributes (lists of text joined with newlines), for GraphML/GEXF."""
    copy = nx.DiGraph()
    for key, value in graph.graph.items():
        if key != "filters" and _scalar(value) is not None:
            copy.graph[key] = _scalar(value)
    for key, value in (graph.graph.get("filters") or {}).items():
        copy.graph[f"filter_{key}"] = str(value)
    for node, data in graph.nodes(data=True):
        attributes = {k: _scalar(v) for k, v in data.items()}
        copy.add_node(node, **{k: v for k, v in attributes.items() if v is not None})
    for source, target, data in graph.edges(data=True):
        attributes = {k: _scalar(v) for k, v in data.items()}
        copy.add_edge(source, target, **{k: v for k, v in attributes.items() if v is not None})
    return copy


def graphml_text(graph: nx.DiGraph) -> str:
    """The graph as GraphML (Gephi, Cytoscape, yEd)."""
    return "\n".join(nx.generate_graphml(portable(graph))) + "\n"


def gexf_text(graph: nx.DiGraph) -> str:
    """The graph as GEXF 1.2 (Gephi)."""
    return "\n".join(nx.generate_gexf(portable(graph), version="1.2draft")) + "\n"


def edge_list_csv(graph: nx.DiGraph) -> str:
    """One line per edge: source, source_label, target, target_label, weight, tasks ("; "-joined)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["source", "source_label", "target", "target_label", "weight", "tasks"])
    edges = sorted(graph.edges(data=True), key=lambda e: (-int(e[2].get("weight") or 1), e[0], e[1]))
    for source, target, data in edges:
        writer.writerow(
            [
                source,
                graph.nodes[source].get("label", source),
                target,
                graph.nodes[target].get("label", target),
                data.get("weight", 1),
                "; ".join(str(t) for t in data.get("tasks") or []),
            ]
        )
    return out.getvalue()


def responsibility_matrix(graph: nx.DiGraph) -> tuple[list[str], list[list[str]]]:
    """Agencies x tasks: header (agency, province, kind, then one column per task) and one row per
    agency with L (leads), P (partners on) or "" in each task column. Tasks in plan and line order."""
    tasks: dict[str, tuple[str, int, str]] = {}
    cells: dict[str, dict[str, str]] = {}
    for node, data in graph.nodes(data=True):
        if data.get("type") not in ("agency", "group"):
            continue
        row = cells.setdefault(node, {})
        for ref in data.get("tasks") or []:
            key = f"{ref['plan_number']} {ref['code']}"
            line = ref.get("line")
            tasks.setdefault(key, (str(ref["plan_number"]), line if isinstance(line, int) else 0, key))
            mark = LEAD if ref.get("role") == "lead" else PARTNER
            row[key] = LEAD if LEAD in (row.get(key), mark) else mark
    columns = [key for key, _ in sorted(tasks.items(), key=lambda item: item[1])]
    header = ["agency", "province", "kind", *columns]
    rows = []
    for node in sorted(cells, key=lambda n: (str(graph.nodes[n].get("label")), n)):
        data = graph.nodes[node]
        rows.append(
            [
                str(data.get("label", node)),
                str(data.get("province", "")),
                str(data.get("kind", "")),
                *(cells[node].get(key, "") for key in columns),
            ]
        )
    return header, rows


def responsibility_matrix_csv(graph: nx.DiGraph) -> str:
    """The responsibility matrix as CSV (task columns named "plan_number code")."""
    header, rows = responsibility_matrix(graph)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def export_text(graph: nx.DiGraph, fmt: str) -> str:
    """The graph in ``fmt``: graphml, gexf, csv (edge list) or matrix."""
    writers = {
        "graphml": graphml_text,
        "gexf": gexf_text,
        "csv": edge_list_csv,
        "matrix": responsibility_matrix_csv,
    }
    if fmt not in writers:
        raise ExportError(f"unknown export format {fmt!r}", expected="one of " + ", ".join(FORMATS))
    return writers[fmt](graph)


def write_export(graph: nx.DiGraph, fmt: str, path: Path) -> Path:
    """Write the graph to ``path`` in ``fmt`` (UTF-8); returns the path."""
    path.write_text(export_text(graph, fmt), encoding="utf-8")
    return path
