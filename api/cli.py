"""The ``cchc-kg`` command line (typer + rich)."""

from __future__ import annotations

import io
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.tree import Tree

from api import cli_eval, cli_settings, cli_viz, output
from api.connection import (
    REMOTE,
    BaseIriOption,
    SettingsCheckedGroup,
    StoreOption,
    check_settings,
    command_settings,
)
from api.errors import explain_query_error, report_cli_error
from api.service import (
    DocumentReport,
    document_dataset,
    document_graph,
    expand_paths,
    ingest_paths,
    store_documents,
)
from api.settings import (
    ENV_ENDPOINT,
    ENV_PASSWORD,
    ENV_UPDATE_ENDPOINT,
    ENV_USER,
    option_help,
)
from api.stores import open_store
from api.writers import Output
from ingest.readers.availability import availability_note
from ingest.readers.source import supported_suffixes
from ingest.records import Finding, Severity
from ontology.errors import CchcError
from queries.library import default_library
from queries.library import run as run_named
from queries.lookup import check_parameters, find_document
from queries.sparql import sparql as internal_sparql

app = typer.Typer(
    name="cchc-kg",
    help="Knowledge graph of Vietnamese public-administration-reform (CCHC) plans.",
    no_args_is_help=True,
    add_completion=False,
    cls=SettingsCheckedGroup,
)
console = Console()

FormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        help=f"{', '.join(output.FORMATS)}: table is a table on a terminal, aligned plain text when piped.",
    ),
]
ColumnsOption = Annotated[
    str | None,
    typer.Option("--columns", help="Only these columns, in this order, comma-separated (e.g. code,label)."),
]


@app.callback()
def main(
    ctx: typer.Context,
    endpoint: Annotated[
        str | None,
        typer.Option(
            help=option_help(
                ENV_ENDPOINT, "Use a remote SPARQL 1.1 query endpoint instead of the embedded store"
            )
        ),
    ] = None,
    update_endpoint: Annotated[
        str | None,
        typer.Option(help=option_help(ENV_UPDATE_ENDPOINT, "Its SPARQL Update endpoint, for ingest")),
    ] = None,
    user: Annotated[str | None, typer.Option(help=option_help(ENV_USER, "User for the endpoint"))] = None,
    password: Annotated[
        str | None, typer.Option(help=option_help(ENV_PASSWORD, "Password for the endpoint"))
    ] = None,
) -> None:
    """Knowledge graph of Vietnamese public-administration-reform (CCHC) plans."""
    REMOTE.endpoint, REMOTE.update_endpoint, REMOTE.user, REMOTE.password = (
        endpoint,
        update_endpoint,
        user,
        password,
    )
    check_settings(ctx)


def where(finding: Finding) -> str:
    """'line 12', or 'page 3, line 12' when the source has pages (a PDF)."""
    return f"page {finding.page}, line {finding.line}" if finding.page else f"line {finding.line}"


def _print_report(report: DocumentReport, verbose: bool) -> None:
    name = Path(report.path).name
    if not report.ok:
        console.print(f"[red]✗ {escape(name)}[/]: {escape(report.error or '')}", highlight=False)
        return
    errors = [f for f in report.warnings if f.severity == Severity.ERROR]
    mark = "[green]✓" if report.tasks and not errors else "[yellow]![/][green]"
    console.print(
        f"{mark} {escape(name)}[/] → {escape(report.plan_label or report.plan or '')}:"
        f" {report.tasks} tasks,"
        f" {report.agencies} agencies, {report.references} references, {report.targets} targets,"
        f" {report.triples} triples,"
        f" {len(report.warnings)} warnings",
        highlight=False,
    )
    ordered = errors + [f for f in report.warnings if f.severity != Severity.ERROR]
    shown = ordered if verbose else ordered[: max(5, len(errors))]
    for finding in shown:
        level = "[red]error[/] " if finding.severity == Severity.ERROR else ""
        kind = escape(f"[{finding.kind}]")
        console.print(
            f"    [yellow]{where(finding)}[/] {level}{kind} {escape(finding.message)}",
            highlight=False,
        )
    if len(report.warnings) > len(shown):
        console.print(f"    … {len(report.warnings) - len(shown)} more (use --verbose)", highlight=False)


@app.command()
def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help=f"Plan documents ({', '.join(supported_suffixes())}) or folders.")
    ],
    store: StoreOption = None,
    base_iri: BaseIriOption = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show every warning.")] = False,
    allow_empty: Annotated[
        bool,
        typer.Option(
            "--allow-empty",
            help="Exit 0 even when a document has an error-level finding (a task table none of whose rows"
            " was read).",
        ),
    ] = False,
) -> None:
    """Read plan documents and write each into the store as its own named graph.

    Exits 1 when a file could not be read, or when a document has an error-level finding (unless
    --allow-empty): such a document is stored, but marked "!" instead of "✓"."""
    settings = command_settings(store, base_iri)
    _say_unavailable_formats()
    try:
        files = expand_paths(paths)
        if not files:
            raise CchcError(
                "no supported documents found",
                source=", ".join(map(str, paths)),
                expected="files ending in " + ", ".join(supported_suffixes()),
            )
        reports: list[DocumentReport] = []
        with (
            open_store(settings) as database,
            Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            ) as progress,
        ):
            task = progress.add_task("Ingesting", total=len(files))

            def done(report: DocumentReport) -> None:
                reports.append(report)
                progress.console.print("", end="")
                progress.advance(task)

            ingest_paths(database, files, settings.base_iri, on_document=done, workers=None)
    except CchcError as error:
        raise typer.Exit(report_cli_error(error)) from None
    for report in reports:
        _print_report(report, verbose)
    failed = [r for r in reports if not r.ok]
    console.print(
        f"{len(reports) - len(failed)} of {len(reports)} documents ingested into"
        f" {settings.endpoint or settings.store_path}",
        highlight=False,
    )
    flagged = [r for r in reports if r.ok and any(f.severity == Severity.ERROR for f in r.warnings)]
    if flagged:
        console.print(
            f"{len(flagged)} of them with error-level findings (what was read is stored;"
            " --allow-empty accepts them)",
            highlight=False,
        )
    if failed or (flagged and not allow_empty):
        raise typer.Exit(1)


@app.command()
def documents(
    store: StoreOption = None,
    base_iri: BaseIriOption = None,
    output_format: FormatOption = "table",
    columns: ColumnsOption = None,
) -> None:
    """List the documents the store holds (source, checksum, when ingested, counts)."""
    settings = command_settings(store, base_iri)
    try:
        with open_store(settings) as database:
            rows = store_documents(database, settings.base_iri)
        _print_rows(
            ["source", "plan", "tasks", "triples", "ingested", "sha256"],
            [{**r, "source": Path(r["path"]).name, "ingested": r["when"], "sha256": r["sha"]} for r in rows],
            output_format,
            columns,
        )
    except CchcError as error:
        raise typer.Exit(report_cli_error(error)) from None


def _say_unavailable_formats() -> None:
    """One line naming the formats this machine cannot read and their Debian packages (if any)."""
    note = availability_note()
    if note is not None:
        console.print(f"[yellow]{escape(note)}[/]", highlight=False)


@app.command()
def serve(
    store: StoreOption = None,
    base_iri: BaseIriOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """Serve the web UI and the API over the store.

    The server's limits, caches, query workers, writes and CORS come from CCHC_KG_* environment variables:
    `cchc-kg settings` lists each with its value, default and valid values (also in api/README.md)."""
    import uvicorn

    from api.app import create_app

    settings = command_settings(store, base_iri)
    try:
        application = create_app(settings)
    except CchcError as error:
        raise typer.Exit(report_cli_error(error)) from None
    console.print(f"Serving {settings.store_path} on http://{host}:{port}/", highlight=False)
    _say_unavailable_formats()
    uvicorn.run(application, host=host, port=port, log_level="info")


@app.command()
def validate(
    store: StoreOption = None,
    base_iri: BaseIriOption = None,
    reasoner: Annotated[
        bool, typer.Option(help="Also run the HermiT OWL consistency check (needs Java).")
    ] = True,
) -> None:
    """Check the store: SHACL shapes on every document graph, and OWL consistency with HermiT."""
    from ontology.reasoning import check_consistency
    from ontology.validation import validate_graph

    settings = command_settings(store, base_iri)
    try:
        with open_store(settings) as database:
            data = database.construct(internal_sparql("all-triples"))
        report = validate_graph(data)
        console.print(
            f"SHACL: {'conforms' if report.conforms else 'does not conform'}"
            f" ({len(report.violations)} results over {len(data)} triples)",
            highlight=False,
        )
        for violation in report.violations[:50]:
            console.print(
                f"  [{violation.severity}] {violation.focus} {violation.path or ''}: {violation.message}",
                highlight=False,
            )
        consistent = True
        if reasoner:
            owl = check_consistency(data)
            consistent = owl.consistent
            console.print(f"OWL (HermiT): {owl.message}", highlight=False)
    except CchcError as error:
        raise typer.Exit(report_cli_error(error)) from None
    if not report.conforms or not consistent:
        raise typer.Exit(1)


def _read_query(query_or_file: str) -> str:
    path = Path(query_or_file)
    if len(query_or_file) < 4096 and path.suffix in (".rq", ".sparql") and path.is_file():
        return path.read_text(encoding="utf-8")
    if len(query_or_file) < 4096 and path.is_file():
        return path.read_text(encoding="utf-8")
    return query_or_file


def _print_rows(
    columns: list[str],
    rows: Sequence[Mapping[str, object]],
    output_format: str,
    wanted: str | None = None,
    title: str | None = None,
    query_name: str | None = None,
) -> None:
    """Rows in ``--format`` with the ``--columns`` asked for (api.output: a table on a terminal, aligned
    plain text when piped, or a writer of the registry)."""
    chosen = output.choose_columns(columns, wanted)
    output.render_rows(Output(columns=chosen, rows=rows, name=query_name), output_format, console, title)


@app.command()
def sparql(
    query_or_file: Annotated[str, typer.Argument(help="A SPARQL query, or a file holding one.")],
    store: StoreOption = None,
    base_iri: BaseIriOption = None,
    output_format: FormatOption = "table",
    columns: ColumnsOption = None,
) -> None:
    """Run any SPARQL query over the union of all graphs (CONSTRUCT/DESCRIBE print Turtle, or -f nt, jsonld,
    rdfxml)."""
    settings = command_settings(store, base_iri)
    text = ""
    try:
        text = _read_query(query_or_file)
        with open_store(settings) as database:
            result = database.run(text)
        if result.kind == "ask":
            typer.echo("true" if result.boolean else "false")
        elif result.kind == "graph":
            output.render_graph(Output.of(result), output_format, console)
        else:
            _print_rows(result.columns, result.rows, output_format, columns)
    except CchcError as error:
        said = explain_query_error(error, text, where="`cchc-kg sparql`")  # an update, an unknown prefix
        raise typer.Exit(report_cli_error(said)) from None


@app.command()
def export(
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="ttl, nt, nq, trig or jsonld.")
    ] = "trig",
    document: Annotated[
        str | None, typer.Option("--document", help="Only this document's graph: a plan number or IRI.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
    store: StoreOption = None,
    base_iri: BaseIriOption = None,
) -> None:
    """Export the store (every graph for nq/trig, their union for ttl/nt/jsonld) or one document.

    One document is its graph plus the shared descriptions of what it mentions (agencies, places,
    cited documents); nq/trig keep the two graphs apart.
    """
    settings = command_settings(store, base_iri)
    try:
        with open_store(settings) as database:
            if document:
                graph = document_graph(database, settings.base_iri, document)
                database = document_dataset(database, settings.base_iri, graph)
            if out is None:
                buffer = io.BytesIO()
                database.export(buffer, output_format)
                sys.stdout.buffer.write(buffer.getvalue())
            else:
                with out.open("wb") as handle:
                    database.export(handle, output_format)
    except CchcError as error:
        raise typer.Exit(report_cli_error(error)) from None


@app.command()
def stats(
    store: StoreOption = None,
    base_iri: BaseIriOption = None,
    output_format: FormatOption = "table",
    columns: ColumnsOption = None,
) -> None:
    """Counts: documents, plans, tasks, provinces, agencies (of them groups), legal documents, references,
    targets, flags (the `counts` query: the home page and /api/stats give the same), named graphs, quads."""
    settings = command_settings(store, base_iri)
    try:
        with open_store(settings) as database:
            rows = store_counts(database)
        _print_rows(["measure", "value"], rows, output_format, columns, title="cchc-kg store")
    except CchcError as error:
        raise typer.Exit(report_cli_error(error)) from None


def store_counts(database: Any) -> list[dict[str, object]]:
    """The ``counts`` query as (measure, value) rows, then the store's named graphs and quads."""
    [counts] = run_named(database, "counts").as_dicts()
    rows: list[dict[str, object]] = [{"measure": name, "value": value} for name, value in counts.items()]
    rows.append({"measure": "named graphs", "value": len(database.named_graphs())})
    rows.append({"measure": "quads", "value": len(database)})
    return rows


def _parse_params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise CchcError(f"bad parameter {pair!r}", expected="name=value, e.g. --param plan=285/KH-UBND")
        params[name.strip()] = value.strip()
    return params


@app.command("queries")
def list_queries(output_format: FormatOption = "table", columns: ColumnsOption = None) -> None:
    """List the named queries with their summaries, parameters ("?": optional) and columns."""
    rows = [
        {
            "name": query.name,
            "summary": query.summary,
            "parameters": ", ".join(f"{p.name}{'' if p.required else '?'}" for p in query.params),
            "columns": ", ".join(query.columns),
        }
        for query in default_library().values()
    ]
    try:
        _print_rows(["name", "summary", "parameters", "columns"], rows, output_format, columns)
    except CchcError as error:
        raise typer.Exit(report_cli_error(error)) from None


@app.command()
def query(
    name: Annotated[str, typer.Argument(help="A named query (see `cchc-kg queries`).")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="name=value; repeatable.")] = None,
    output_format: FormatOption = "table",
    columns: ColumnsOption = None,
    store: StoreOption = None,
    base_iri: BaseIriOption = None,
    follow_lineage: Annotated[
        bool,
        typer.Option(
            "--follow-lineage",
            help="Count a body's predecessors with it (the query's lineage parameter, as -p lineage=1): "
            "agency-tasks, lead-partner, agency-load, plans.",
        ),
    ] = False,
) -> None:
    """Run a named query with bound parameters.

    A plan, document or agency parameter that names nothing in the store is an error (exit 3) with the
    closest names the store holds ("did you mean"), not an empty answer."""
    settings = command_settings(store, base_iri)
    try:
        params = _parse_params(param or [])
        if follow_lineage:
            params["lineage"] = "1"
        with open_store(settings) as database:
            check_parameters(database, name, params)
            result = run_named(database, name, params)
        _print_rows(result.columns, result.as_dicts(), output_format, columns, title=name, query_name=name)
    except CchcError as error:
        raise typer.Exit(report_cli_error(error)) from None


@app.command()
def trace(
    document: Annotated[str, typer.Argument(help='A document number, e.g. "76/NQ-CP", or its IRI.')],
    max_tasks: Annotated[int, typer.Option(help="Tasks shown per plan (0 = all).")] = 10,
    store: StoreOption = None,
    base_iri: BaseIriOption = None,
) -> None:
    """Which plans implement a document, how they reach it, and their tasks and agencies, as a tree.

    A document the store does not hold is an error (exit 3) with the closest numbers it does hold."""
    settings = command_settings(store, base_iri)
    try:
        with open_store(settings) as database:
            found = find_document(database, document)
            plans = run_named(database, "trace", {"document": str(found["document"])}).as_dicts()
            tree = Tree(f"[bold]{escape(str(found['number']))}[/] — {len(plans)} plans implement it")
            for plan in plans:
                branch = tree.add(
                    f"[bold]{escape(str(plan['plan_number']))}[/] ({escape(str(plan['province']))},"
                    f" {plan['issued']}) — {escape(str(plan['path']))} — {plan['tasks']} tasks"
                )
                tasks = run_named(database, "tasks", {"plan": str(plan["plan"])}).as_dicts()
                shown = tasks if max_tasks == 0 else tasks[:max_tasks]
                for task in shown:
                    leaf = branch.add(f"{escape(str(task['code']))} {escape(str(task['label']))}")
                    leaf.add(f"chủ trì: {escape(str(task['leads'] or '—'))}")
                    if task["partners"]:
                        leaf.add(f"phối hợp: {escape(str(task['partners']))}")
                if len(tasks) > len(shown):
                    branch.add(f"… {len(tasks) - len(shown)} more tasks (--max-tasks 0 shows all)")
    except CchcError as error:
        raise typer.Exit(report_cli_error(error)) from None
    console.print(tree)


app.command("network")(cli_viz.network)
app.command("viz")(cli_viz.viz)
app.command("eval")(cli_eval.evaluate)
app.command("settings")(cli_settings.settings)

if __name__ == "__main__":
    app()
