"""The one place where errors become CLI output and HTTP answers: the exit code and stderr line of the CLI,
the HTTP status of any error and the JSON body of the API (``api.app`` installs it); web pages render the
same status as an HTML page (``api.web.render.error_response``). A domain error (``CchcError``) carries its
status; anything else is a bug: status 500, logged with its traceback. CLI exit codes: 3 for ``NotFound``
(a plan, agency or document the store does not hold; 404 over HTTP), 2 for any other domain error.
"""

from __future__ import annotations

import logging

from rich.console import Console
from rich.markup import escape

from ontology.errors import CchcError, NotFound

EXIT_USER_ERROR = 2  # a usage, settings or input error
EXIT_NOT_FOUND = 3  # the plan, agency or document named is not in the store (a "did you mean" follows)
INTERNAL_ERROR = 500

log = logging.getLogger("cchc_kg.errors")


def report_cli_error(error: CchcError, console: Console | None = None) -> int:
    """Print ``error`` readably on stderr; return the exit code (3 for NotFound, else 2)."""
    console = console or Console(stderr=True)
    console.print(f"[bold red]error:[/] {escape(error.render())}", highlight=False, soft_wrap=True)
    return EXIT_NOT_FOUND if isinstance(error, NotFound) else EXIT_USER_ERROR


def http_error_body(error: CchcError) -> dict[str, object]:
    """The JSON body of every API error."""
    return {"error": error.to_dict()}


def http_status(error: BaseException) -> int:
    """The HTTP status of an error: a domain error's own, 500 for anything else."""
    return error.status if isinstance(error, CchcError) else INTERNAL_ERROR


def log_if_bug(error: BaseException, where: str) -> None:
    """Log a bug (an error that is not a domain error, or one of status 500) with its traceback."""
    if http_status(error) == INTERNAL_ERROR:
        log.error("%s failed: %s: %s", where, type(error).__name__, error, exc_info=error)
