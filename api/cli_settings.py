"""``cchc-kg settings``: every ``CCHC_KG_*`` setting (declared once in ``api.settings``) with its value."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from api import output
from api.connection import BaseIriOption, StoreOption, command_settings
from api.errors import report_cli_error
from api.settings import describe, markdown_table
from api.writers import Output
from ontology.errors import CchcError

COLUMNS = ["name", "value", "default", "valid", "help"]
TABLE_COLUMNS = ["name", "value", "default", "help"]  # the terminal table leaves out the valid values


def settings(
    store: StoreOption = None,
    base_iri: BaseIriOption = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help=f"{', '.join(output.FORMATS)}; every format but table also shows the valid values.",
        ),
    ] = "table",
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
    columns = TABLE_COLUMNS if output_format == "table" else COLUMNS
    try:
        output.render_rows(Output(columns=columns, rows=rows), output_format, Console(), "cchc-kg settings")
    except CchcError as error:
        raise typer.Exit(report_cli_error(error)) from None
