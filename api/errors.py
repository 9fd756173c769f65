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
from ontology.prefixes import PREFIXES
from queries.errors import QuerySyntaxError
from queries.sparql_lexer import tokens

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


# -- SPARQL errors said plainly: /sparql, the editor and `cchc-kg sparql` all pass theirs through here --

QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)


class ReadOnlyEndpoint(CchcError):
    """A SPARQL Update (INSERT, DELETE, …) sent where only queries run (the read-only endpoint, the CLI)."""

    status = 403


class UnknownPrefix(QuerySyntaxError):
    """A prefixed name (``cchc:Task``) whose prefix the query does not declare."""


def update_keyword(text: str) -> str | None:
    """The update keyword (INSERT, DELETE, …) that starts ``text`` after its prologue, or None for a query."""
    for token in tokens(text, skip=frozenset({"ws", "comment", "string", "iri"})):
        word = token.text.upper() if token.kind == "word" else ""
        if word in QUERY_FORMS:
            return None
        if word in UPDATE_KEYWORDS:
            return word
    return None


def undeclared_prefixes(text: str) -> list[tuple[str, int]]:
    """(prefix, offset) of each prefixed name whose prefix ``text`` does not declare, in order."""
    items = list(tokens(text, skip=frozenset({"ws", "comment", "string"})))
    declared: set[str] = set()
    found: list[tuple[str, int]] = []
    for index, token in enumerate(items):
        if token.kind != "word" or ":" not in token.text:
            continue
        name = token.text.split(":", 1)[0]
        if index and items[index - 1].kind == "word" and items[index - 1].text.upper() == "PREFIX":
            declared.add(name)
        elif name not in declared and all(name != seen for seen, _ in found):
            found.append((name, token.offset))
    return found


def _line_column(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def explain_query_error(
    error: CchcError, text: str, *, where: str = "this endpoint", updates: bool = False
) -> CchcError:
    """A parser's error on ``text`` said plainly: an update sent as a query is "``where`` is read-only"
    (403; with ``updates``, a 400 saying to send it as an update), an undeclared prefix is "unknown prefix
    cchc:" with the PREFIX line to add (instead of the parser's list of Unicode ranges); any other error
    is returned as it is."""
    if not isinstance(error, QuerySyntaxError) or isinstance(error, UnknownPrefix):
        return error
    keyword = update_keyword(text)
    if keyword and updates:
        return QuerySyntaxError(
            f"{keyword} is a SPARQL Update, not a query: send it as an update",
            source=error.source,
            expected="update=… (form) or a body of type application/sparql-update, with the bearer token",
        )
    if keyword:
        return ReadOnlyEndpoint(
            f"{where} is read-only: {keyword} is a SPARQL Update, and only queries run here",
            source=error.source,
            expected="a query: SELECT, ASK, CONSTRUCT or DESCRIBE",
        )
    if "prefix" not in error.message.lower():
        return error
    found = undeclared_prefixes(text)
    if not found:
        return error
    name, offset = found[0]
    line, column = _line_column(text, offset)
    namespace = PREFIXES.get(name)
    return UnknownPrefix(
        f"error at {line}:{column}: unknown prefix {name}:",
        source=error.source,
        expected=f"PREFIX {name}: <{namespace}>" if namespace else f"a declaration PREFIX {name}: <…> first",
    )
