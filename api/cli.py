"""The ``cchc-kg`` command line (typer + rich)."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from api import output
from api.errors import report_cli_error
from api.service import (
    DocumentReport,
    document_graph,
    expand_paths,
    ingest_paths,
    store_documents,
    store_statistics,
)
from api.settings import ENV_BASE_IRI, ENV_STORE, Settings
from ontology.errors import CchcError
from ontology.prefixes import bind_prefixes
from queries.store import EmbeddedStore

app = typer.Typer(
    name="cchc-kg",
    help="Knowledge graph of Vietnamese public-administration-reform (CCHC) plans.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()

StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store", help=f"Embedded store folder (env {ENV_STORE}; default ~/.local/share/cchc-kg/store)."
    ),
]
BaseIriOption = Annotated[
    str | None, typer.Option("--base-iri", help=f"Base IRI for minted IRIs (env {ENV_BASE_IRI}).")
]


def _open(settings: Settings) -> EmbeddedStore:
    return EmbeddedStore(settings.store_path)


def _print_report(report: DocumentReport, verbose: bool) -> None:
    name = Path(report.path).name
    if not report.ok:
        console.print(f"[red]✗ {escape(name)}[/]: {escape(report.error or '')}", highlight=False)
        return
    console.print(
        f"[green]✓ {escape(name)}[/] → {escape(report.plan_label or report.plan or '')}:"
        f" {report.tasks} tasks,"
        f" {report.agencies} agencies, {report.references} references, {report.targets} targets,"
        f" {report.triples} triples,"
        f" {len(report.warnings)} warnings",
        highlight=False,
    )
    shown = report.warnings if verbose else report.warnings[:5]
    for finding in shown:
        console.print(
            f"    [yellow]line {finding.line}[/] {escape(f'[{finding.kind}]')} {escape(finding.message)}",
            highlight=False,
        )
    if len(report.warnings) > len(shown):
        console.print(f"    … {len(report.warnings) - len(shown)} more (use --verbose)", highlight=False)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Plan documents (.txt, .md, .docx, .html) or folders.")],
    store: StoreOption = None,
    base_iri: BaseIriOption = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show every warning.")] = False,
) -> None:
    """Read plan documents and write each into the store as its own named graph."""
    settings = Settings.load(store, base_iri)
    try:
        files = expand_paths(paths)
        if not files:
            raise CchcError(
                "no supported documents found",
                source=", ".join(map(str, paths)),
                expected=".txt, .md, .docx or .html files",
            )
        reports: list[DocumentReport] = []
        with (
            _open(settings) as database,
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

            ingest_paths(database, files, settings.base_iri, on_document=done)
    except CchcError as error:
        raise typer.Exit(report_cli_error(error)) from None
    for report in reports:
        _print_report(report, verbose)
    failed = [r for r in reports if not r.ok]
    console.print(
        f"{len(reports) - len(failed)} of {len(reports)} documents ingested into {settings.store_path}",
        highlight=False,
    )
    if failed:
        raise typer.Exit(1)


@app.command()
def documents(store: StoreOption = None, base_iri: BaseIriOption = None) -> None:
    """List the documents the store holds (source, checksum, when ingested, counts)."""
    settings = Settings.load(store, base_iri)
    try:
        with _open(settings) as database:
            rows = store_documents(database, settings.base_iri)
    except CchcError as error:
        raise typer.Exit(report_cli_error(error)) from None
    table = Table("source", "plan", "tasks", "triples", "ingested", "sha256")
    for row in rows:
        table.add_row(
            Path(row["path"]).name, row["plan"], row["tasks"], row["triples"], row["when"], row["sha"][:12]
        )
    console.print(table)


@app.command()
def serve(
    store: StoreOption = None,
    base_iri: BaseIriOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """Serve the web UI and the API over the store."""
    import uvicorn

    from api.app import create_app

    settings = Settings.load(store, base_iri)
    try:
        application = create_app(settings)
    except CchcError as error:
        raise typer.Exit(report_cli_error(error)) from None
    console.print(f"Serving {settings.store_path} on http://{host}:{port}/", highlight=False)
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

    settings = Settings.load(store, base_iri)
    try:
        with _open(settings) as database:
            data = database.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
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


FormatOption = Annotated[str, typer.Option("--format", "-f", help="table, json, csv or tsv.")]


def _read_query(query_or_file: str) -> str:
    path = Path(query_or_file)
    if len(query_or_file) < 4096 and path.suffix in (".rq", ".sparql") and path.is_file():
        return path.read_text(encoding="utf-8")
    if len(query_or_file) < 4096 and path.is_file():
        return path.read_text(encoding="utf-8")
    return query_or_file


def _print_rows(columns: list[str], rows: list[dict], output_format: str, title: str | None = None) -> None:
    if output_format == "table":
        console.print(output.to_table(columns, rows, title))
    elif output_format == "json":
        typer.echo(output.to_json(columns, rows))
    elif output_format in ("csv", "tsv"):
        typer.echo(output.to_delimited(columns, rows, "," if output_format == "csv" else "\t"), nl=False)
    else:
        raise CchcError(f"unknown format {output_format!r}", expected=", ".join(output.FORMATS))


@app.command()
def sparql(
    query_or_file: Annotated[str, typer.Argument(help="A SPARQL query, or a file holding one.")],
    store: StoreOption = None,
    base_iri: BaseIriOption = None,
    output_format: FormatOption = "table",
) -> None:
    """Run any SPARQL query over the union of all graphs (CONSTRUCT/DESCRIBE print Turtle)."""
    settings = Settings.load(store, base_iri)
    try:
        text = _read_query(query_or_file)
        with _open(settings) as database:
            result = database.run(text)
        if result.kind == "ask":
            typer.echo("true" if result.boolean else "false")
        elif result.kind == "graph":
            typer.echo(bind_prefixes(result.graph).serialize(format="turtle"))
        else:
            _print_rows(result.columns, result.rows, output_format)
    except CchcError as error:
        raise typer.Exit(report_cli_error(error)) from None


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
    """Export the store (every graph for nq/trig, their union for ttl/nt/jsonld) or one document."""
    settings = Settings.load(store, base_iri)
    try:
        with _open(settings) as database:
            graph = document_graph(database, settings.base_iri, document) if document else None
            if out is None:
                buffer = io.BytesIO()
                database.export(buffer, output_format, graph)
                sys.stdout.buffer.write(buffer.getvalue())
            else:
                with out.open("wb") as handle:
                    database.export(handle, output_format, graph)
    except CchcError as error:
        raise typer.Exit(report_cli_error(error)) from None


@app.command()
def stats(
    store: StoreOption = None, base_iri: BaseIriOption = None, output_format: FormatOption = "table"
) -> None:
    """Counts: documents, plans, tasks, agencies and groups, legal documents, references, flags, triples."""
    settings = Settings.load(store, base_iri)
    try:
        with _open(settings) as database:
            rows = store_statistics(database)
    except CchcError as error:
        raise typer.Exit(report_cli_error(error)) from None
    _print_rows(["measure", "value"], rows, output_format, title="cchc-kg store")


if __name__ == "__main__":
    app()
