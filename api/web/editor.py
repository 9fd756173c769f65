"""The SPARQL editor at ``/query``: YASGUI (``@zazuko/yasgui``, served from ``/static/vendor/yasgui/``) over
the app's own ``/sparql`` endpoint, the named queries as examples, and downloads.

The page itself runs nothing: it hands the browser the query to open (``?query=``, a form POST, or a named
query ``?name=`` with its parameters bound as a ``VALUES`` block, ``queries.binding.bind_values``), whether to
run it at once, the project's prefixes and the ontology's terms for completion (``api.web.vocabulary``), the
row cap and the UI strings; ``api/static/editor.js`` does the rest. Downloads (``/query/results.{suffix}``,
GET or POST, the same parameters) run the query again on the server and write it with the writer registry
(``api.web.results``).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import parse_qsl, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from api.errors import explain_query_error, http_error_body, http_status
from api.i18n import STRINGS, error_message, language_of, translate
from api.serving.limits import CURRENT
from api.sparql_protocol import Operation, cap_rows, execute_query
from api.sparql_protocol import render as write_result
from api.web.render import TEMPLATES_DIR, render
from api.web.results import NoSuchDownload, download, rows_of
from api.web.routes import router
from api.web.state import base_iri, get_store
from api.web.vocabulary import vocabulary
from api.writers import GRAPH_FORMATS, ROW_FORMATS
from ontology.errors import CchcError
from queries.binding import bind_values
from queries.library import (
    POST_PROCESSORS,
    NamedQuery,
    QueryResult,
    bind_parameters,
    default_library,
    run,
)
from queries.protocol import Store
from queries.store import SparqlResult

ENDPOINT = "/sparql"
# the site's strings the script uses besides its own (``editor_…``) and the errors' (``error_…``)
SHARED_STRINGS = ("at_position", "run", "rows", "download", "syntax_error", "query_error", "no_rows")
DEFAULT_QUERY = TEMPLATES_DIR / "editor-default.rq"  # a new tab's text
_EXAMPLE = re.compile(r'"([^"]+)"')


def example_value(param_description: str) -> str:
    """The first quoted example of a parameter's description (``… ("so noi vu")`` -> ``so noi vu``)."""
    found = _EXAMPLE.search(param_description)
    return found.group(1) if found else ""


@dataclass
class EditorRequest:
    """The editor's inputs: the query text, the named query it came from, its parameters."""

    text: str = ""
    name: str = ""
    params: dict[str, str] = field(default_factory=dict)
    execute: bool = False

    @property
    def named(self) -> NamedQuery | None:
        return default_library().get(self.name) if self.name else None

    def given_params(self) -> dict[str, str]:
        return {k: v for k, v in self.params.items() if v.strip()}

    def as_named(self) -> bool:
        """Whether this runs the named query by name (its text unchanged or not given)."""
        named = self.named
        return named is not None and (not self.text.strip() or self.text.strip() == named.text.strip())

    def link_params(self) -> list[tuple[str, str]]:
        """The parameters that reproduce this run in a GET URL (for downloads)."""
        if self.as_named():
            return [("name", self.name)] + [(f"param_{k}", v) for k, v in self.given_params().items()]
        return [("query", self.text)]

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]], *, post: bool) -> EditorRequest:
        values = list(pairs)
        fields = dict(values)
        name = fields.get("name", "").strip()
        named = default_library().get(name)
        params = {key[len("param_") :]: value for key, value in values if key.startswith("param_")}
        text = fields.get("query", "").replace("\r\n", "\n")
        run_it = post or bool(text.strip()) or "run" in fields or bool(params)
        return cls(text=text, name=name if named else "", params=params, execute=run_it)


# -- the named queries as editor text --------------------------------------------------------------


def shown_params(named: NamedQuery, given: dict[str, str]) -> dict[str, str]:
    """The parameter values the editor binds: the given ones, else a required parameter's example from its
    description ("" when it has none), else "" (an optional parameter left out, as the library binds it)."""
    values = {}
    for param in named.params:
        value = given.get(param.name, "").strip()
        if not value and param.required:
            value = example_value(param.description)
        values[param.name] = value
    return values


def named_text(named: NamedQuery, values: dict[str, str]) -> tuple[str, CchcError | None]:
    """(the named query's text with its parameters bound as a VALUES block, the binding's error or None).

    The values are checked and folded as the library binds them (``bind_parameters``); a required
    parameter without a value leaves the text unbound (the page says which to fill)."""
    try:
        bindings = bind_parameters(named, {k: v for k, v in values.items() if v})
    except CchcError as error:
        return named.text, error
    return bind_values(named.text, bindings), None


# -- running (downloads) ---------------------------------------------------------------------------


def execute(store: Store, request: EditorRequest) -> SparqlResult | QueryResult:
    """Run the editor's request: a named query by name (with the library's post-processing), else the
    text (its parser errors said plainly: an update, an unknown prefix)."""
    if request.as_named() and request.named is not None:
        return run(store, request.named.name, request.given_params())
    try:
        return store.run(request.text)
    except CchcError as error:
        raise explain_query_error(error, request.text) from None


# -- the page --------------------------------------------------------------------------------------


def answer_for_page(request: Request, text: str) -> tuple[dict[str, object], int]:
    """A posted query run on the server as ``/sparql`` runs it, for the page to hand YASR (no second run in
    the browser): (the answer, the page's status). The answer is the body ``/sparql`` would send (SPARQL
    JSON, or Turtle for a graph) with its media type, time and the row cap when it cut the rows; or the
    error in the JSON error shape, the page then having the error's status (400, 403, 503)."""
    store = get_store(request)
    settings = request.app.state.settings
    started = time.monotonic()
    try:
        result = execute_query(store, Operation("query", text), str(request.base_url) + ENDPOINT.lstrip("/"))
    except CchcError as error:
        return {"error": json.dumps(http_error_body(error), ensure_ascii=False)}, http_status(error)
    result, flagged = cap_rows(result, settings.max_rows)
    limits = CURRENT.get()
    cut = bool(flagged) or bool(limits is not None and limits.rows_capped)
    media = "text/turtle" if result.kind == "graph" else "application/sparql-results+json"
    answer: dict[str, object] = {
        "content": write_result(result, media).body.decode("utf-8"),
        "contentType": media,
        "time": max(1, round((time.monotonic() - started) * 1000)),
        "maxRows": settings.max_rows if cut else None,
    }
    return answer, 200


def ui_strings(lang: str, settings: object) -> dict[str, str]:
    """The strings editor.js shows, in ``lang``: this feature's (``editor_…``) and the error messages by
    code (``error_…``), with the server's limits filled in (``{seconds}``, ``{limit}``)."""
    seconds = f"{getattr(settings, 'query_timeout', 30):g}"
    size = int(getattr(settings, "max_request_bytes", 0))
    limits = _Keep(seconds=seconds, limit=f"{size:,}")
    strings = {}
    for key in STRINGS:
        if key.startswith(("editor_", "error_")) or key in SHARED_STRINGS:
            text = translate(key, lang)
            with suppress(ValueError, IndexError):  # a placeholder with a format spec: left for the script
                text = text.format_map(limits)
            strings[key] = text
    return strings


class _Keep(dict):
    """``format_map`` values that leave unknown placeholders (``{rows}``) for the script to fill."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def editor_page(request: Request, editor: EditorRequest, *, posted: bool = False) -> HTMLResponse:
    """The editor: YASGUI, the named queries as examples, the parameter form of the chosen one; a posted
    query comes with its answer (or its error, and the page has the error's status)."""
    lang = language_of(request)
    settings = request.app.state.settings
    named = editor.named
    values: dict[str, str] = {}
    problem: CchcError | None = None
    text = editor.text
    if named is not None:
        values = shown_params(named, editor.given_params())
        if not text.strip():
            text, problem = named_text(named, values)
    answer: dict[str, object] | None = None
    status = 200
    if posted and text.strip():
        answer, status = answer_for_page(request, text)
    config = {
        "endpoint": ENDPOINT,
        "query": text,
        "title": editor.name or "",
        "run": bool(editor.execute and text.strip() and not problem and answer is None),
        "response": answer,
        "maxRows": settings.max_rows,
        "lang": lang,
        "strings": ui_strings(lang, settings),
        "defaultQuery": DEFAULT_QUERY.read_text(encoding="utf-8"),
        "baseIri": base_iri(request),
        "downloads": {
            "select": [[w.title, w.suffix] for w in ROW_FORMATS],
            "graph": [[w.title, w.suffix] for w in GRAPH_FORMATS],
        },
        "network": "/static/viz/vis-network.min.js",
        **vocabulary(),
    }
    named_downloads = {}
    if named is not None and problem is None:  # not while a required parameter has no value (a 400)
        params = [("name", named.name)] + [(f"param_{k}", v) for k, v in values.items() if v]
        named_downloads = {w.title: f"/query/results{w.suffix}?" + urlencode(params) for w in ROW_FORMATS}
    return render(
        request,
        "query.html",
        status_code=status,
        library=default_library(),
        editor=editor,
        named=named,
        values=values,
        problem=problem.message if problem else "",
        problem_text=error_message(problem, lang) if problem else "",
        post_processed=named is not None and named.name in POST_PROCESSORS,
        named_downloads=named_downloads,
        editor_config=Markup(json.dumps(config, ensure_ascii=False).replace("</", "<\\/")),
    )


@router.get("/query", response_class=HTMLResponse)
def query_get(request: Request) -> HTMLResponse:
    """The editor; ``?query=`` opens and runs that text (as ``#query=`` does), ``?name=`` opens a named
    query with its parameters bound (``&param_x=…`` or ``&run=1`` also runs it)."""
    return editor_page(request, EditorRequest.from_pairs(request.query_params.multi_items(), post=False))


@router.post("/query", response_class=HTMLResponse)
async def query_post(request: Request) -> HTMLResponse:
    """A form (URL-encoded: ``query``, ``name``, ``param_…``) run on the server and opened in the editor
    with its answer; the page has the status of the query's error, if any (400, 403, 503)."""
    body = (await request.body()).decode("utf-8", errors="replace")
    editor = EditorRequest.from_pairs(parse_qsl(body, keep_blank_values=True), post=True)
    return await run_in_threadpool(partial(editor_page, posted=True), request, editor)


KNOWN_SUFFIXES = {w.suffix for w in (*ROW_FORMATS, *GRAPH_FORMATS)}


def _download(request: Request, fmt: str, editor: EditorRequest) -> Response:
    suffix = "." + fmt.lower()
    if suffix not in KNOWN_SUFFIXES:
        raise NoSuchDownload(f"unknown file type {suffix!r}", expected=", ".join(sorted(KNOWN_SUFFIXES)))
    result = execute(get_store(request), editor)
    if isinstance(result, SparqlResult) and result.kind == "select":
        result = rows_of(result)
    name = editor.name if editor.as_named() else None
    file = download(result, fmt, name)
    headers = {"Content-Disposition": f'attachment; filename="{file.filename}"'}
    return Response(file.body, media_type=file.media_type, headers=headers)


@router.get("/query/results.{fmt}")
def query_download(request: Request, fmt: str) -> Response:
    """The editor's result as a file, by suffix: ``.csv`` (with a UTF-8 BOM for Excel), ``.tsv``, ``.json``,
    ``.srj``, ``.srx`` for a SELECT; ``.ttl``, ``.nt``, ``.jsonld``, ``.rdf`` for a CONSTRUCT or DESCRIBE.
    Same parameters as ``GET /query``. Errors are HTML pages."""
    editor = EditorRequest.from_pairs(request.query_params.multi_items(), post=True)
    return _download(request, fmt, editor)


@router.post("/query/results.{fmt}")
async def query_download_post(request: Request, fmt: str) -> Response:
    """The same download for a form POST (a long query: the editor's download buttons post it)."""
    body = (await request.body()).decode("utf-8", errors="replace")
    editor = EditorRequest.from_pairs(parse_qsl(body, keep_blank_values=True), post=True)
    return await run_in_threadpool(_download, request, fmt, editor)
