"""The SPARQL 1.1 Protocol endpoint at ``/sparql``: query by GET, URL-encoded POST or direct POST.

Read-only by default: SPARQL Update is accepted only when the settings enable it and the request carries
the bearer token. ``default-graph-uri`` / ``named-graph-uri`` restrict the dataset (they take precedence
over FROM / FROM NAMED in the query); without them a query runs over the union of every named graph, as
everywhere in the project. Relative IRIs resolve against the endpoint's URL. Results are negotiated from
the Accept header (or ``?format=``), with a Content-Type that matches the body; GET without a query gives
the SPARQL 1.1 Service Description.
"""

from __future__ import annotations

import asyncio
import re
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from rdflib import RDF, BNode, Graph, Namespace, URIRef
from starlette.concurrency import run_in_threadpool

from api.errors import explain_query_error
from api.serving.limits import MAX_ROWS_HEADER, QueryTimeout
from api.settings import Settings
from api.writers import (
    ENDPOINT_RESULTS,
    GRAPH_FORMATS,
    W3C_FORMATS,
    Output,
    UnknownFormat,
    by_media_type,
    by_name,
    for_kind,
    media_types,
)
from ontology.errors import CchcError
from queries.protocol import Store
from queries.store import (
    QueryEvaluationError,
    QuerySyntaxError,
    SparqlResult,
    result_from_ox,
    to_ox,
)

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS_NS = "http://www.w3.org/ns/formats/"

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"

# -- errors ----------------------------------------------------------------------------------------


class ProtocolError(CchcError):
    """A request the SPARQL protocol (or this server) does not accept; ``status`` is set per instance."""

    def __init__(self, message: str, *, status: int = 400, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.status = status


class NotAcceptable(ProtocolError):
    """No format the client accepts can carry this result."""

    def __init__(self, message: str, **kwargs: Any) -> None:
        super().__init__(message, status=406, **kwargs)


class UnsupportedMediaType(ProtocolError):
    """A POST body of a media type the endpoint does not read."""

    def __init__(self, message: str, **kwargs: Any) -> None:
        super().__init__(message, status=415, **kwargs)


class WriteRefused(ProtocolError):
    """A write (SPARQL Update, document upload) that is disabled (403) or not authorised (401, 403)."""


def authorise_write(settings: Settings, enabled: bool, authorization: str | None, what: str) -> None:
    """Raise WriteRefused unless ``enabled`` and ``authorization`` carries the update token."""
    if not enabled:
        raise WriteRefused(
            f"this endpoint is read-only: {what} is disabled on this server",
            status=403,
            expected="a server started with the write enabled in its settings",
        )
    if not authorization:
        raise WriteRefused(f"{what} needs a bearer token", status=401, expected="Authorization: Bearer …")
    if not settings.token_matches(authorization):
        raise WriteRefused(f"{what}: the bearer token is not the server's update token", status=403)


# -- media types -----------------------------------------------------------------------------------
# the formats are the writer registry's (api.writers); these name what this endpoint offers per result kind
OFFERS = {
    "select": for_kind("select", ENDPOINT_RESULTS),
    "ask": for_kind("ask", ENDPOINT_RESULTS),
    "graph": GRAPH_FORMATS,
}
RESULT_TYPES = media_types(ENDPOINT_RESULTS)
GRAPH_TYPES = {m: w.rdflib_format for w in GRAPH_FORMATS for m in w.media_types}  # media type -> rdflib


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``Accept`` as (media range, q) pairs, best first; no header means ``*/*``."""
    ranges = []
    for index, part in enumerate((header or "*/*").split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((media.lower(), q, index))
    ranges.sort(key=lambda r: (-r[1], r[0].count("*"), r[2]))
    return [(media, q) for media, q, _ in ranges if q > 0]


def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer (in ``offers`` order of preference) the Accept header ranks best, or None."""
    best: tuple[float, int, int, str] | None = None
    for position, offer in enumerate(offers):
        kind = offer.partition("/")[0]
        for media, q in parse_accept(accept):
            m_kind, _, m_sub = media.partition("/")
            if media == offer:
                specificity = 2
            elif m_kind == kind and m_sub == "*":
                specificity = 1
            elif media == "*/*":
                specificity = 0
            else:
                continue
            candidate = (q, specificity, -position, offer)
            if best is None or candidate > best:
                best = candidate
            break
    return best[3] if best else None


def choose_media_type(kind: str, accept: str | None, format_: str | None) -> str:
    """The media type for a result of ``kind`` (select | ask | graph); NotAcceptable when none fits."""
    offers = OFFERS[kind]
    if format_:
        try:
            return by_name(format_, offers).media_type
        except UnknownFormat:
            names = sorted({n for w in offers for n in (w.name, *w.aliases)})
            raise NotAcceptable(
                f"format {format_!r} cannot carry a {kind} result", expected=", ".join(names)
            ) from None
    chosen = negotiate(accept, media_types(offers))
    if chosen is None:
        raise NotAcceptable(
            f"none of the accepted media types ({accept}) can carry a {kind} result",
            expected=", ".join(media_types(offers)),
        )
    return chosen


# -- the response ----------------------------------------------------------------------------------


def render(result: SparqlResult, media_type: str) -> Response:
    """The result as a response in ``media_type`` (already negotiated), written by the registry's writer."""
    writer = by_media_type(media_type, OFFERS[result.kind])
    return Response(writer.write(Output.of(result)), media_type=media_type, headers={"Vary": "Accept"})


# -- the request -----------------------------------------------------------------------------------


@dataclass
class Operation:
    """What a protocol request asks for: a query, an update, or nothing (the service description)."""

    kind: str | None  # query | update | None
    text: str = ""
    params: dict[str, list[str]] = field(default_factory=dict)

    def values(self, name: str) -> list[str]:
        return self.params.get(name, [])


def _multi(pairs: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for key, value in pairs:
        params.setdefault(key, []).append(value)
    return params


def _decode(body: bytes, charset: str | None) -> str:
    if charset and charset.lower().replace("-", "") != "utf8":
        raise UnsupportedMediaType(f"the request body is {charset}", expected="UTF-8")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError("the request body is not UTF-8", expected="UTF-8 text") from None


def _content_type(header: str | None) -> tuple[str, str | None]:
    media, *params = (p.strip() for p in (header or "").split(";"))
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"')
    return media.lower(), charset


def _single(operation: Operation, name: str) -> Operation:
    texts = operation.values(name)
    if len(texts) > 1:
        raise ProtocolError(f"the request has {len(texts)} {name} parameters", expected=f"one {name}")
    return Operation(name, texts[0], operation.params)


def parse_operation(
    method: str, url_params: Sequence[tuple[str, str]], content_type: str | None, body: bytes
) -> Operation:
    """Read the protocol operation from a request's method, URL parameters, Content-Type and body."""
    params = _multi(url_params)
    if method == "GET":
        operation = Operation(None, params=params)
        if operation.values("update"):
            raise ProtocolError("an update must be POSTed", status=405, expected="POST")
        return _single(operation, "query") if operation.values("query") else operation
    media, charset = _content_type(content_type)
    if media == FORM:
        form = urllib.parse.parse_qsl(_decode(body, charset), keep_blank_values=True)
        operation = Operation(None, params=_multi([*url_params, *form]))
    elif media in (SPARQL_QUERY, SPARQL_UPDATE):
        name = "query" if media == SPARQL_QUERY else "update"
        operation = Operation(None, params={**params, name: [*params.get(name, []), _decode(body, charset)]})
    else:
        raise UnsupportedMediaType(
            f"a POST to the SPARQL endpoint cannot be {media or 'without a media type'}",
            expected=f"{FORM}, {SPARQL_QUERY} or {SPARQL_UPDATE}",
        )
    has_query, has_update = bool(operation.values("query")), bool(operation.values("update"))
    if has_query and has_update:
        raise ProtocolError("the request has both a query and an update", expected="one operation")
    if not (has_query or has_update):
        raise ProtocolError("the request has no query and no update", expected="query=… or update=…")
    return _single(operation, "query" if has_query else "update")


# -- running ---------------------------------------------------------------------------------------

_POSITION = re.compile(r"^error at 1:(\d+)")


def with_base(text: str, base: str) -> tuple[str, int]:
    """The operation with ``BASE <base>`` in front (relative IRIs resolve to the endpoint), and its length."""
    prefix = f"BASE <{base}> "
    return prefix + text, len(prefix)


def _unshift(error: QuerySyntaxError, shift: int) -> QuerySyntaxError:
    """The parser's message with the first line's column as the client wrote it."""
    message = _POSITION.sub(lambda m: f"error at 1:{max(1, int(m[1]) - shift)}", error.message)
    return QuerySyntaxError(message, source=error.source)


def run_on_dataset(
    store: Store, text: str, default_graphs: Sequence[str], named_graphs: Sequence[str]
) -> SparqlResult:
    """Run ``text`` over the protocol dataset: the merge of ``default_graphs`` as the default graph and
    ``named_graphs`` as the only named graphs (overriding FROM / FROM NAMED).

    Works on any store with ``graph(name)`` (embedded or remote): the graphs are copied into an in-memory
    pyoxigraph store. A store method taking the dataset would avoid the copy (see api/README.md).
    """
    dataset = ox.Store()
    for name in default_graphs:
        for s, p, o in store.graph(URIRef(name)):
            dataset.add(ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph()))
    for name in named_graphs:
        graph_name = ox.NamedNode(name)
        for s, p, o in store.graph(URIRef(name)):
            dataset.add(ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph_name))
    try:
        result = dataset.query(
            text,
            default_graph=[ox.DefaultGraph()],
            named_graphs=[ox.NamedNode(name) for name in named_graphs],
        )
        return result_from_ox(result)
    except SyntaxError as exc:
        raise QuerySyntaxError(str(exc), source="SPARQL query") from exc
    except (RuntimeError, OSError) as exc:
        raise QueryEvaluationError(str(exc), source="SPARQL query") from exc


def _check_iris(values: Sequence[str], name: str) -> None:
    for value in values:
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|^`\\]*$", value):
            raise ProtocolError(f"{name} {value!r} is not an absolute IRI", expected="an absolute IRI")


def execute_query(store: Store, operation: Operation, base: str, *, updates: bool = False) -> SparqlResult:
    """Run a query operation (blocking): over the protocol dataset when one is given, else the union.
    A parser error is said plainly (``api.errors.explain_query_error``: an update sent as a query, an
    unknown prefix); ``updates`` tells whether this endpoint takes updates at all."""
    default_graphs, named_graphs = operation.values("default-graph-uri"), operation.values("named-graph-uri")
    _check_iris(default_graphs, "default-graph-uri")
    _check_iris(named_graphs, "named-graph-uri")
    text, shift = with_base(operation.text, base)
    try:
        if (default_graphs or named_graphs) and getattr(store, "supports_dataset", False):
            return store.run(text, default_graphs=default_graphs, named_graphs=named_graphs)
        if default_graphs or named_graphs:
            return run_on_dataset(store, text, default_graphs, named_graphs)
        return store.run(text)
    except QuerySyntaxError as error:
        raise explain_query_error(_unshift(error, shift), operation.text, updates=updates) from None


def execute_update(store: Store, operation: Operation, base: str) -> None:
    """Run an update operation (blocking). ``using-graph-uri`` / ``using-named-graph-uri`` are refused."""
    if operation.values("using-graph-uri") or operation.values("using-named-graph-uri"):
        raise ProtocolError(
            "using-graph-uri / using-named-graph-uri are not supported by this endpoint",
            expected="USING / WITH in the update text",
        )
    text, shift = with_base(operation.text, base)
    try:
        store.update(text)
    except QuerySyntaxError as error:
        raise _unshift(error, shift) from None
    except RuntimeError as exc:  # the engine refuses the update (e.g. CLEAR of a graph that does not exist)
        raise QueryEvaluationError(str(exc), source="SPARQL update") from exc


GRACE_SECONDS = 2.0


async def off_loop(settings: Settings, call: Callable[[], Any], what: str) -> Any:
    """Run a blocking store call in the thread pool. The embedded store stops the query at the time limit
    itself (``api.serving.guarded_store``); this is the safety net for a store that does not (a remote
    one): past
    the limit plus a grace period, the request is answered 503 and the call is abandoned."""
    try:
        return await asyncio.wait_for(run_in_threadpool(call), timeout=settings.query_timeout + GRACE_SECONDS)
    except TimeoutError:
        raise QueryTimeout(
            f"{what} took longer than {settings.query_timeout:g} s and was abandoned",
            expected="a narrower query (LIMIT, more specific patterns)",
        ) from None


def cap_rows(result: SparqlResult, max_rows: int) -> tuple[SparqlResult, dict[str, str]]:
    """At most ``max_rows`` solutions; a cut result is flagged with ``X-SPARQL-MaxRows``."""
    if result.kind != "select" or len(result.rows) <= max_rows:
        return result, {}
    cut = SparqlResult("select", columns=result.columns, rows=result.rows[:max_rows])
    return cut, {MAX_ROWS_HEADER: str(max_rows)}


# -- the service description -----------------------------------------------------------------------


def service_description(endpoint: str, settings: Settings, named_graphs: Sequence[URIRef]) -> Graph:
    """SPARQL 1.1 Service Description of this endpoint."""
    graph = Graph()
    graph.bind("sd", SD)
    service, dataset, default = URIRef(endpoint + "#service"), BNode(), BNode()
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint)))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if settings.updates_enabled and settings.update_token:
        graph.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    if settings.federation_allow:  # SERVICE only to the allowed endpoints (api.federation)
        graph.add((service, SD.feature, SD.BasicFederatedQuery))
    for writer in (*ENDPOINT_RESULTS, *GRAPH_FORMATS):  # what this endpoint offers (api.writers)
        graph.add((service, SD.resultFormat, URIRef(FORMATS_NS + W3C_FORMATS[writer.name])))
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    for name in named_graphs:
        node = BNode()
        graph.add((dataset, SD.namedGraph, node))
        graph.add((node, RDF.type, SD.NamedGraph))
        graph.add((node, SD.name, name))
    return graph


# -- the route -------------------------------------------------------------------------------------

SPARQL_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Query results (negotiated), or the service description (GET without a query).",
        "content": {media: {} for media in [*RESULT_TYPES, *GRAPH_TYPES]},
    },
    204: {"description": "Update done."},
    400: {"description": "Bad syntax (the parser's message), no query, two queries, bad parameters."},
    401: {"description": "Update without a bearer token."},
    403: {"description": "Updates are disabled, or the token is wrong."},
    406: {"description": "No acceptable format for this result."},
    415: {"description": "POST body of another media type."},
}


def _endpoint_url(request: Request) -> str:
    return str(request.url.replace(query=None, fragment=None))


async def _handle(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    store = request.app.state.store
    body = b""
    if request.method == "POST":
        body = await request.body()
        if len(body) > settings.max_request_bytes:
            raise ProtocolError(
                f"the request body has {len(body)} bytes",
                status=413,
                expected=f"at most {settings.max_request_bytes}",
            )
    operation = parse_operation(
        request.method, request.query_params.multi_items(), request.headers.get("content-type"), body
    )
    base = _endpoint_url(request)
    accept = request.headers.get("accept")
    format_ = (operation.values("format") or [None])[0]
    if operation.kind is None:
        if (
            getattr(request.app.state, "has_web", False)
            and negotiate(accept, ["text/turtle", "text/html"]) == "text/html"
        ):
            return RedirectResponse("/query", status_code=303)
        media_type = choose_media_type("graph", accept, format_)
        names = await off_loop(settings, store.named_graphs, "listing the graphs")
        return render(SparqlResult("graph", graph=service_description(base, settings, names)), media_type)
    if operation.kind == "update":
        authorise_write(
            settings, settings.updates_enabled, request.headers.get("authorization"), "SPARQL Update"
        )
        await off_loop(settings, lambda: execute_update(store, operation, base), "the update")
        return Response(status_code=204)
    updates = bool(settings.updates_enabled and settings.update_token)
    result = await off_loop(
        settings, lambda: execute_query(store, operation, base, updates=updates), "the query"
    )
    media_type = choose_media_type(result.kind, accept, format_)
    result, headers = cap_rows(result, settings.max_rows)
    response = render(result, media_type)
    response.headers.update(headers)
    return response


router = APIRouter(tags=["SPARQL"])


async def sparql(request: Request) -> Response:
    """``query`` by GET, URL-encoded POST or direct POST (``application/sparql-query``); ``update`` by POST
    when enabled and authorised; ``default-graph-uri`` / ``named-graph-uri``; ``format`` overrides Accept
    (json, xml, csv, tsv, ttl, nt, jsonld, rdfxml). GET without a query: the service description."""
    return await _handle(request)


for _method in ("GET", "POST"):
    router.add_api_route(
        "/sparql",
        sparql,
        methods=[_method],
        operation_id=f"sparql_{_method.lower()}",
        summary="SPARQL 1.1 Protocol endpoint (query; update when enabled)",
        responses=SPARQL_RESPONSES,
        response_class=Response,
    )


@router.api_route("/sparql/", methods=["GET", "POST"], include_in_schema=False)
async def sparql_slash(request: Request) -> Response:
    """The same endpoint with a trailing slash (as the W3C protocol tests write it)."""
    return await _handle(request)
