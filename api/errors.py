"""The one place where domain errors become CLI output (and, in api.app, HTTP responses)."""

from __future__ import annotations

from rich.console import Console

from ontology.errors import CchcError

EXIT_USER_ERROR = 2


def report_cli_error(error: CchcError, console: Console | None = None) -> int:
    """Print ``error`` readably on stderr; return the exit code."""
    console = console or Console(stderr=True)
    console.print(f"[bold red]error:[/] {error.render()}", highlight=False, soft_wrap=True)
    return EXIT_USER_ERROR


def http_error_body(error: CchcError) -> dict[str, object]:
    """The JSON body of every API error."""
    return {"error": error.to_dict()}
