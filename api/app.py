"""The HTTP app (FastAPI): SPARQL endpoint, REST API, linked data, and the web UI when it is installed.

``create_app(settings, store)`` puts the store and the settings on ``app.state`` (``store``, ``settings``,
``base_iri``), where every router finds them. Blocking store calls run off the event loop (plain ``def``
endpoints, or ``run_in_threadpool``). Every error — domain errors, unknown routes, wrong methods,
validation errors — has the one JSON shape of ``api.errors.http_error_body``.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from html import escape
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import linked_data, rest, sparql_protocol
from api.errors import http_error_body, log_if_bug
from api.federation import FederationGuard, FederationPolicy
from api.serving.guarded_store import GuardedStore
from api.serving.limits import MAX_ROWS_HEADER, RequestLimitsMiddleware, is_page_request
from api.serving.response_cache import ResponseCacheMiddleware
from api.serving.warm import warm_pages
from api.settings import Settings
from api.stores import open_store
from ontology.errors import CchcError
from queries.library import run
from queries.protocol import Store
from queries.store import EmbeddedStore

API_STATIC = Path(__file__).resolve().parent / "static"
HTTP_ERROR_NAMES = {
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    406: "NotAcceptable",
    413: "PayloadTooLarge",
    415: "UnsupportedMediaType",
}


class RequestError(CchcError):
    """An HTTP-level error (unknown route, wrong method, invalid parameters) in the one error shape."""

    def __init__(self, message: str, *, status: int, name: str = "RequestError", **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.status = status
        self.name = name

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "error": self.name}


def _error_response(error: CchcError, headers: dict[str, str] | None = None) -> JSONResponse:
    extra = getattr(error, "headers", None)  # e.g. Retry-After on a stopped query
    if isinstance(extra, dict):
        headers = {**(headers or {}), **extra}
    if error.status == 401:
        headers = {**(headers or {}), "WWW-Authenticate": "Bearer"}
    return JSONResponse(http_error_body(error), status_code=error.status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    """Domain errors, HTTP errors and validation errors, all as ``{"error": {...}}``."""

    @app.exception_handler(CchcError)
    def domain_error(_: Request, error: CchcError) -> JSONResponse:
        return _error_response(error)

    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, error: StarletteHTTPException) -> Response:
        name = HTTP_ERROR_NAMES.get(error.status_code, "HTTPError")
        message = str(error.detail) if error.detail else name
        if error.status_code == 404:
            message = f"no route {request.url.path}"
        accept = request.headers.get("accept", "").encode()
        if getattr(request.app.state, "has_web", False) and is_page_request(request.url.path, accept):
            from api.web.render import error_response  # a browser's unknown page: the web UI's 404 page

            return error_response(request, StarletteHTTPException(error.status_code, message, error.headers))
        wrapped = RequestError(message, status=error.status_code, name=name, source=request.url.path)
        return _error_response(wrapped, dict(error.headers or {}))

    @app.exception_handler(RequestValidationError)
    def validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in error.errors()
        )
        wrapped = RequestError(
            f"invalid request: {problems}", status=422, name="ValidationError", source=request.url.path
        )
        return _error_response(wrapped)

    @app.exception_handler(Exception)
    def internal_error(request: Request, error: Exception) -> JSONResponse:
        """A bug in an API route: logged with its traceback, answered 500 in the one error shape."""
        log_if_bug(error, f"{request.method} {request.url.path}")
        wrapped = RequestError(
            f"internal error ({type(error).__name__}); it has been logged",
            status=500,
            name="InternalError",
            source=request.url.path,
        )
        return _error_response(wrapped)


def _optional_module(name: str) -> Any | None:
    """The module if it is installed (the web UI and viz are built separately), else None."""
    try:
        return importlib.import_module(name) if importlib.util.find_spec(name) else None
    except ModuleNotFoundError:
        return None


def _legacy_pages(app: FastAPI) -> None:
    """A minimal home and plan page, served only while the web UI (api.web) is not installed."""

    def page(title: str, body: str) -> HTMLResponse:
        return HTMLResponse(
            f"<!doctype html><html lang='vi'><head><meta charset='utf-8'><title>{escape(title)}</title>"
            "</head><body><h1>" + escape(title) + "</h1>" + body + "</body></html>"
        )

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        rows = "".join(
            f"<tr><td><a href='/plan?iri={escape(str(p['plan']))}'>{escape(str(p['number']))}</a></td>"
            f"<td>{escape(str(p['province'] or ''))}</td><td>{escape(str(p['title'] or ''))}</td>"
            f"<td>{escape(str(p['tasks']))}</td></tr>"
            for p in run(request.app.state.store, "plans").as_dicts()
        )
        return page(
            "cchc-kg",
            f"<table><tr><th>Số</th><th>Tỉnh</th><th>Tiêu đề</th><th>Nhiệm vụ</th></tr>{rows}</table>",
        )

    @app.get("/plan", response_class=HTMLResponse, include_in_schema=False)
    def plan(request: Request, iri: str = Query(..., description="IRI of the plan")) -> HTMLResponse:
        tasks = run(request.app.state.store, "tasks", {"plan": iri}).as_dicts()
        columns = ("code", "label", "leads", "partners", "time_text", "line")
        body = "<table><tr>" + "".join(f"<th>{c}</th>" for c in columns) + "</tr>"
        for task in tasks:
            body += "<tr>" + "".join(f"<td>{escape(str(task.get(c) or ''))}</td>" for c in columns) + "</tr>"
        return page(iri, body + "</table><p><a href='/'>←</a></p>")


def _legacy_redirect(app: FastAPI, page_for: Any) -> None:
    """``/plan?iri=`` (the first UI's plan page) redirects to the web UI's page for the plan."""

    @app.get("/plan", include_in_schema=False)
    def plan(iri: str = Query(..., description="IRI of the plan")) -> RedirectResponse:
        page = page_for(iri) if page_for else None
        if not page:
            raise RequestError(f"no page for {iri!r}", status=404, name="NotFound", source="/plan")
        return RedirectResponse(page, status_code=303)


CORS_METHODS = ["GET", "POST"]
CORS_HEADERS = ["Authorization", "Content-Type", "Accept"]


def install_cors(app: FastAPI, origins: tuple[str, ...]) -> None:
    """The explicit CORS policy: only the configured origins may read answers from a browser.

    None configured (the default): no CORS middleware at all, so no answer carries
    Access-Control-Allow-Origin and a preflight (OPTIONS) is answered 405: browsers refuse every
    cross-origin call. Configured: those origins get the headers, a preflight from another origin is
    refused (400); ``*`` allows every origin. Never with credentials (cookies); the bearer token is a header.
    """
    if not origins:
        return
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(origins),
        allow_methods=CORS_METHODS,
        allow_headers=CORS_HEADERS,
        allow_credentials=False,
        expose_headers=[MAX_ROWS_HEADER, "Retry-After"],
        max_age=600,
    )


def guard(store: Store, settings: Settings) -> Store:
    """The embedded store behind the time limit and row cap (``api.serving.guarded_store``); a remote
    store as is
    (its server and the HTTP client's timeout bound it)."""
    if isinstance(store, EmbeddedStore):
        return GuardedStore(store, settings)
    return store


def create_app(settings: Settings, store: EmbeddedStore | None = None) -> FastAPI:
    """The FastAPI application over ``store`` (opened from settings when not given)."""
    guarded = guard(store or open_store(settings), settings)
    database = FederationGuard(guarded, FederationPolicy(settings.federation_allow))

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        warm = getattr(getattr(database, "pool", None), "warm", None)
        if callable(warm):  # query workers started now (in the background), not by the first visitor
            warm()
        # the home page's and the national network's whole-corpus queries, kept before the first request
        await run_in_threadpool(warm_pages, database)
        yield
        pool = getattr(database, "pool", None)
        if pool is not None:
            pool.stop_idle()  # the query workers end with the server

    app = FastAPI(
        lifespan=lifespan,
        title="cchc-kg",
        description=(
            "Knowledge graph of Vietnamese public-administration-reform (CCHC) plans: SPARQL 1.1 Protocol "
            "endpoint, REST API over the named queries, linked data for every minted IRI."
        ),
    )
    app.state.store = database
    app.state.settings = settings
    app.state.base_iri = settings.base_iri
    install_error_handlers(app)
    app.add_middleware(
        RequestLimitsMiddleware,
        timeout=settings.query_timeout,
        max_rows=settings.max_rows,
        max_request_bytes=settings.max_request_bytes,
    )
    if isinstance(guarded, GuardedStore):  # the store changes only through this app: see the module
        app.add_middleware(
            ResponseCacheMiddleware,
            generation=lambda: guarded.cache.generation,
            max_bytes=settings.response_cache_bytes,
        )
    install_cors(app, settings.cors_origins)

    web = _optional_module("api.web")
    app.state.has_web = web is not None
    app.include_router(sparql_protocol.router)
    app.include_router(rest.router)
    app.include_router(linked_data.build_router(settings.base_iri))
    if web is not None:
        app.include_router(web.router)
        _legacy_redirect(app, getattr(web, "page_for", None))
    else:
        _legacy_pages(app)

    assets = _optional_module("viz.assets")
    if assets is not None and Path(getattr(assets, "ASSET_DIR", "")).is_dir():
        app.mount("/static/viz", StaticFiles(directory=assets.ASSET_DIR), name="viz-static")
    if API_STATIC.is_dir():
        app.mount("/static", StaticFiles(directory=API_STATIC), name="static")
    return app
