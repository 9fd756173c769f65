"""``cchc-kg network`` and ``cchc-kg viz``: responsibility-network analytics, exports and HTML pages.

Plain functions with typer annotations; ``api.cli`` registers them (``app.command("network")(network)``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import networkx as nx
import typer
from rich.console import Console
from rich.table import Table

from api.connection import BaseIriOption, StoreOption, command_settings
from api.errors import report_cli_error
from api.stores import open_store
from ontology.errors import CchcError
from queries.protocol import Store
from viz.analytics import bridging_agencies, centrality_rows, community_rows, workload
from viz.export import FORMATS, ExportError, write_export
from viz.html import network_page
from viz.networks import plan_graph, responsibility_network, trace_graph

console = Console()

ProvinceOption = Annotated[
    str | None, typer.Option("--province", help='Only plans of this province ("Đồng Tháp", "dong thap").')
]
PlanOption = Annotated[str | None, typer.Option("--plan", help='Only this plan ("285/KH-UBND").')]
AreaOption = Annotated[
    str | None, typer.Option("--area", help="Only tasks of this reform area (institutional, …).")
]
YearOption = Annotated[
    int | None, typer.Option("--year", help="Only tasks whose time (else plan period) meets the year.")
]
RoleOption = Annotated[
    str | None, typer.Option("--role", help="lead|partner: only agencies holding that role on a task.")
]


TITLES = {
    "vi": {
        "responsibility": "Mạng lưới trách nhiệm: cơ quan chủ trì → cơ quan phối hợp",
        "trace": "{subject}: văn bản, kế hoạch thực hiện, nhiệm vụ và cơ quan",
        "plan": "{subject}: mục, nhiệm vụ và cơ quan",
    },
    "en": {
        "responsibility": "Responsibility network: lead → partner agencies",
        "trace": "{subject}: documents, implementing plans, tasks and agencies",
        "plan": "{subject}: sections, tasks and agencies",
    },
}


def page_title(view: str, subject: str, lang: str) -> str:
    """The default title of a page (``view``: responsibility, trace or plan)."""
    return TITLES["en" if lang == "en" else "vi"][view].format(subject=subject)


def _table(title: str, columns: list[str], rows: list[dict[str, object]]) -> Table:
    table = Table(*columns, title=title)
    for row in rows:
        table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
    return table


def _print_analytics(graph: nx.DiGraph, top: int, database: Store, with_workload: bool) -> None:
    shown = top if top > 0 else None
    filters = ", ".join(f"{k}={v}" for k, v in graph.graph.get("filters", {}).items()) or "no filter"
    console.print(
        f"[bold]Responsibility network[/] ({filters}): {graph.number_of_nodes()} agencies,"
        f" {graph.number_of_edges()} lead → partner links, {graph.graph.get('task_count', 0)} tasks",
        highlight=False,
    )
    rows = centrality_rows(graph)
    columns = ["agency", "province", "kind", "lead_tasks", "partner_tasks", "weighted_degree", "betweenness"]
    console.print(_table("Agencies (by weighted degree)", columns, rows[:shown]))
    bridges = bridging_agencies(graph)
    columns = ["agency", "province", "betweenness", "communities_reached", "articulation"]
    console.print(_table("Bridging agencies", columns, bridges[:shown]))
    console.print(_table("Communities (Louvain)", ["community", "size", "members"], community_rows(graph)))
    if with_workload:
        keep = {str(r["agency"]) for r in rows[:shown]}
        load = [r for r in workload(database, graph) if str(r["agency"]) in keep]
        columns = ["agency", "quarter", "lead_tasks", "partner_tasks", "tasks"]
        console.print(_table("Workload per quarter", columns, load))


def network(
    province: ProvinceOption = None,
    plan: PlanOption = None,
    area: AreaOption = None,
    year: YearOption = None,
    role: RoleOption = None,
    top: Annotated[int, typer.Option("--top", help="Agencies listed per table (0 = all).")] = 10,
    with_workload: Annotated[
        bool, typer.Option("--workload", help="Also list tasks per agency per quarter.")
    ] = False,
    export: Annotated[
        str | None, typer.Option("--export", help=f"Write the network instead: {', '.join(FORMATS)}.")
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File for --export.")] = None,
    store: StoreOption = None,
    base_iri: BaseIriOption = None,
) -> None:
    """Responsibility network analytics (degree, betweenness, communities, bridges), or an export."""
    try:
        if export is not None and export not in FORMATS:
            raise ExportError(f"unknown export format {export!r}", expected="one of " + ", ".join(FORMATS))
        if export is not None and output is None:
            raise ExportError("--export needs --output FILE", expected="e.g. --export graphml -o net.graphml")
        with open_store(command_settings(store, base_iri)) as database:
            graph = responsibility_network(
                database, province=province, plan=plan, area=area, year=year, role=role
            )
            if export is not None and output is not None:
                write_export(graph, export, output)
                console.print(
                    f"wrote {output} ({export}: {graph.number_of_nodes()} nodes,"
                    f" {graph.number_of_edges()} edges)",
                    highlight=False,
                )
                return
            _print_analytics(graph, top, database, with_workload)
    except CchcError as error:
        raise typer.Exit(report_cli_error(error)) from None


def viz(
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")],
    province: ProvinceOption = None,
    plan: PlanOption = None,
    area: AreaOption = None,
    year: YearOption = None,
    role: RoleOption = None,
    trace: Annotated[
        str | None, typer.Option("--trace", help='Draw the trace graph of a document ("76/NQ-CP") instead.')
    ] = None,
    outline: Annotated[
        str | None, typer.Option("--outline", help="Draw one plan's sections, tasks and agencies instead.")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Page title.")] = None,
    lang: Annotated[str, typer.Option("--lang", help="Page language: vi or en.")] = "vi",
    store: StoreOption = None,
    base_iri: BaseIriOption = None,
) -> None:
    """Write an interactive network page (a single HTML file that works offline)."""
    try:
        with open_store(command_settings(store, base_iri)) as database:
            if trace:
                graph, view, subject = trace_graph(database, trace), "trace", trace
            elif outline:
                graph, view, subject = plan_graph(database, outline), "plan", outline
            else:
                graph = responsibility_network(
                    database, province=province, plan=plan, area=area, year=year, role=role
                )
                view, subject = "responsibility", ""
        page = network_page(
            graph,
            title=title or page_title(view, subject, lang),
            filters=graph.graph.get("filters", {}),
            lang=lang,
        )
        output.write_text(page, encoding="utf-8")
    except CchcError as error:
        raise typer.Exit(report_cli_error(error)) from None
    console.print(
        f"wrote {output} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges)", highlight=False
    )
