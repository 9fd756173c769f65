"""``cchc-kg settings``: every ``CCHC_KG_*`` setting (declared once in ``api.settings``) with its value."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from api import output
from api.connection import BaseIriOption, StoreOption, command_settings
from api.errors import report_cli_error
from api.settings import describe, markdown_table
from ontology.errors import CchcError

COLUMNS = ["name", "value", "default", "valid", "help"]
TABLE_COLUMNS = ["name", "value", "default", "help"]  # the terminal table leaves out the valid values


def settings(
    store: StoreOption = None,
    base_iri: BaseIriOption = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help="table, json, csv or tsv.")] = "table",
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the settings table of api/README.md instead.")
    ] = False,
) -> None:
    """List every CCHC_KG_* environment setting: the value in use, its default and what it does (with
    -f json/csv/tsv also the valid values). Passwords and tokens are shown as "(set)"."""
    if markdown:
        typer.echo(markdown_table(), nl=False)
        return
    rows = describe(command_settings(store, base_iri))
    if output_format == "table":
        Console().print(output.to_table(TABLE_COLUMNS, rows, "cchc-kg settings"))  # type: ignore[arg-type]
    elif output_format == "json":
        typer.echo(output.to_json(COLUMNS, rows))  # type: ignore[arg-type]
    elif output_format in ("csv", "tsv"):
        delimiter = "," if output_format == "csv" else "\t"
        typer.echo(output.to_delimited(COLUMNS, rows, delimiter), nl=False)  # type: ignore[arg-type]
    else:
        error = CchcError(f"unknown format {output_format!r}", expected=", ".join(output.FORMATS))
        raise typer.Exit(report_cli_error(error))
