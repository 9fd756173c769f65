"""The SPARQL editor: its form (a named query or any text), running it, the result page and downloads."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from api.i18n import language_of, translator
from api.web.graphs import Drawing, draw_edges, result_network_html
from api.web.render import render
from api.web.results import EditorRun, failed, to_run
from api.web.routes import router
from api.web.state import base_iri, get_store
from api.writers import ROW_FORMATS, Output, UnknownFormat, by_suffix, plain
from ontology.errors import CchcError
from queries.library import NamedQuery, QueryResult, bind_parameters, default_library, run
from queries.protocol import Store


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

    def link_params(self) -> list[tuple[str, str]]:
        """The parameters that reproduce this run in a GET URL (for downloads)."""
        if self.named is not None and self.text.strip() == self.named.text.strip():
            return [("name", self.name)] + [(f"param_{k}", v) for k, v in self.given_params().items()]
        pairs = [("query", self.text)]
        if self.named is not None:
            pairs.append(("name", self.name))
            pairs += [(f"param_{k}", v) for k, v in self.given_params().items()]
        return pairs

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]], *, post: bool) -> EditorRequest:
        values = list(pairs)
        fields = dict(values)
        name = fields.get("name", "").strip()
        named = default_library().get(name)
        params = {key[len("param_") :]: value for key, value in values if key.startswith("param_")}
        text = fields.get("query", "").replace("\r\n", "\n")
        if not text.strip() and named is not None:
            text = named.text
        run_it = post or bool(fields.get("query", "").strip()) or "run" in fields or bool(params)
        return cls(
            text=text, name=name if named else "", params=params, execute=run_it and bool(text.strip())
        )


def execute(store: Store, request: EditorRequest) -> QueryResult | EditorRun:
    """Run the editor's request: the named query as is (with its post-processing), else the text."""
    named = request.named
    params = request.given_params()
    if named is not None and request.text.strip() == named.text.strip():
        return run(store, named.name, params)
    bindings = bind_parameters(named, params) if named is not None and "?param_" in request.text else None
    result = store.run(request.text, bindings)
    if result.kind == "ask":
        return EditorRun(boolean=result.boolean)
    if result.kind == "graph":
        return EditorRun(triples=len(result.graph or ()))
    rows = [tuple(plain(values.get(c)) for c in result.columns) for values in result.rows]
    return QueryResult(list(result.columns), rows)


def editor_page(request: Request, editor: EditorRequest) -> HTMLResponse:
    """The editor with its examples and, when asked, the result or the error."""
    store = get_store(request)
    base = base_iri(request)
    outcome: EditorRun | None = None
    network_html: str | None = None
    drawing: Drawing | None = None
    if editor.execute:
        try:
            outcome = to_run(execute(store, editor), base)
        except CchcError as error:
            outcome = failed(error, editor.text)
        if outcome.edges:
            lang = language_of(request)
            title = translator(lang)("result_network")
            network_html = result_network_html(outcome.edges, lang, title, editor.given_params())
            drawing = None if network_html else draw_edges(outcome.edges)
    downloads = {}
    if outcome is not None and outcome.error is None and outcome.columns:
        params = editor.link_params()
        downloads = {w.title: f"/query/results{w.suffix}?" + urlencode(params) for w in ROW_FORMATS}
    status = outcome.error_status if outcome is not None and outcome.error else 200
    return render(
        request,
        "query.html",
        status_code=status,
        library=default_library(),
        editor=editor,
        named=editor.named,
        outcome=outcome,
        downloads=downloads,
        network_html=network_html,
        drawing=drawing,
    )


@router.get("/query", response_class=HTMLResponse)
def query_get(request: Request) -> HTMLResponse:
    """The editor; ``?name=`` fills it with a named query, ``?name=…&param_x=…`` (or ``&run=1``) runs it."""
    return editor_page(request, EditorRequest.from_pairs(request.query_params.multi_items(), post=False))


@router.post("/query", response_class=HTMLResponse)
async def query_post(request: Request) -> HTMLResponse:
    """Run the editor's form (URL-encoded: ``query``, ``name``, ``param_…``)."""
    body = (await request.body()).decode("utf-8", errors="replace")
    editor = EditorRequest.from_pairs(parse_qsl(body, keep_blank_values=True), post=True)
    return await run_in_threadpool(editor_page, request, editor)


class NoSuchDownload(CchcError):
    """A download the editor does not offer (an unknown file type, or a result that is not rows)."""

    status = 404


@router.get("/query/results.{fmt}")
def query_download(request: Request, fmt: str) -> Response:
    """The editor's result in a format of the writer registry, by suffix (``results.csv``, ``.json``,
    ``.tsv``, ``.srj``, ``.srx``); same parameters as ``GET /query``. Errors are HTML pages."""
    editor = EditorRequest.from_pairs(request.query_params.multi_items(), post=True)
    try:
        writer = by_suffix(fmt, ROW_FORMATS)
    except UnknownFormat as error:
        raise NoSuchDownload(error.message, expected=error.expected) from None
    result = execute(get_store(request), editor)
    if isinstance(result, EditorRun):
        raise NoSuchDownload("only SELECT results can be downloaded", expected="a SELECT query")
    filename = (editor.name or "query") + writer.suffix
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    body = writer.write(Output.of(result, editor.name or None))
    return Response(body, media_type=writer.media_type + "; charset=utf-8", headers=headers)
