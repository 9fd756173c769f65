"""Rendering pages: the template environment, the language and its strings, error pages.

``error_response`` is the HTML counterpart of the API's JSON error (``api.errors``): the same status, the
message in the page's language by the error's code (``api.i18n.error_message``: the string
``error_<class name>``, the JSON body's ``error``), the error's own English text kept below it as technical
detail (the parser's position, the expected values), "did you mean" links when the error carries
suggestions; a bug is a 500 page and a log record. The web router (``api.web.routes.WebRoute``) sends every
error of a page here. The JSON API's error bodies stay English.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.exceptions import HTTPException

from api.errors import INTERNAL_ERROR, http_status, log_if_bug
from api.i18n import COOKIE, LANGUAGES, area_label, error_message, language_of, trace_path, translator
from api.serving.limits import CURRENT
from api.web.links import document_url, is_iri, page_for, plan_url, province_url, quote_id
from ontology.errors import CchcError

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"

environment = Environment(
    loader=FileSystemLoader(str(TEMPLATES_DIR)),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True, default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _with_params(request: Request, **changes: str | None) -> str:
    """The current URL with some query parameters changed (None removes one)."""
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    query = urlencode(params)
    return request.url.path + (f"?{query}" if query else "")


def vnd(value: object) -> str:
    """1234567 -> "1.234.567" (Vietnamese thousands separator)."""
    if isinstance(value, int | float):
        return f"{round(value):,}".replace(",", ".")
    return "" if value is None else str(value)


def count_text(value: int | None, lang: str) -> str:
    """1000 -> "1.000" in Vietnamese, "1,000" in English ("" for None)."""
    if value is None:
        return ""
    return vnd(value) if lang == "vi" else f"{value:,}"


def rows_cut_at() -> int | None:
    """The row cap when a query of this request had its rows cut at it (the page then says so), else None."""
    limits = CURRENT.get()
    return limits.max_rows if limits is not None and limits.rows_capped else None


def render(request: Request, template: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render a template with the language, its strings and the language links; remember ``?lang=``. A page
    one of whose queries was cut at the row cap says so at its top (``rows_cut``)."""
    lang = language_of(request)
    page = environment.get_template(template).render(
        request=request,
        lang=lang,
        t=translator(lang),
        languages=[(code, _with_params(request, lang=code)) for code in LANGUAGES],
        area_label=lambda area: area_label(area, lang),
        trace_path=lambda path: trace_path(path, lang),
        plan_url=plan_url,
        document_url=document_url,
        page_for=page_for,
        province_url=province_url,
        vnd=vnd,
        error_message=lambda error: page_error_message(request, error),
        rows_cut=count_text(rows_cut_at(), lang),
        **context,
    )
    response = HTMLResponse(page, status_code=status_code)
    response.headers["Content-Language"] = lang
    response.headers["Vary"] = "Accept-Language, Cookie"  # the language comes from them (and ``?lang=``)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(COOKIE, request.query_params["lang"], max_age=365 * 24 * 3600, samesite="lax")
    return response


def error_page(
    request: Request,
    status: int,
    message: str,
    *,
    suggestions: list[tuple[str, str]] | None = None,
    headers: dict[str, str] | None = None,
    detail: str = "",
) -> HTMLResponse:
    """An HTML error page of ``status`` (the title says "not found" for 404, "error" otherwise); ``detail`` is
    the technical text kept as it is (English), shown folded under the message."""
    t = translator(language_of(request))
    title = t("not_found_title") if status == 404 else t("error_title")
    response = render(
        request,
        "error.html",
        status_code=status,
        title=title,
        message=message,
        detail=detail if detail != message else "",
        suggestions=suggestions or [],
    )
    response.headers.update(headers or {})
    return response


def not_found(request: Request, message: str, identifier: str) -> HTMLResponse:
    """The 404 page for an unknown plan, agency or document (``message`` is a string key taking ``id``)."""
    return error_page(request, 404, translator(language_of(request))(message, id=identifier))


def suggestion_links(request: Request, suggestions: tuple[str, ...]) -> list[tuple[str, str]]:
    """Each suggestion with its link: an IRI to its page, an identifier to the page kind of this URL."""
    section = request.url.path.strip("/").split("/")[0]
    links = []
    for suggestion in suggestions:
        if is_iri(suggestion):
            href = page_for(suggestion) or suggestion
        elif section == "trace":
            href = "/trace?" + urlencode({"document": suggestion})
        elif section in ("plans", "agencies", "documents", "provinces"):
            href = f"/{section}/" + (
                suggestion if section in ("agencies", "provinces") else quote_id(suggestion)
            )
        else:
            href = "/search?" + urlencode({"q": suggestion})
        links.append((suggestion, href))
    return links


# the lookup's errors (queries.lookup) with a message of the page's language: the string key taking ``id``
LOCALISED = {
    "UnknownPlan": "plan_not_found",
    "UnknownAgency": "agency_not_found",
    "UnknownDocument": "document_not_found",
    "UnknownProvince": "province_not_found",
}


_POSITION = re.compile(r"error at (\d+):(\d+)")
_UNKNOWN_PREFIX = re.compile(r"unknown prefix '?([A-Za-z][\w.-]*)?:", re.IGNORECASE)


def page_error_message(request: Request, error: BaseException | str) -> str:
    """An error's message (or an error code's: "QueryTimeout") in the page's language, with this server's
    limits filled in (the time limit in seconds, the largest request body)."""
    lang = language_of(request)
    settings = getattr(request.app.state, "settings", None)
    size = int(getattr(settings, "max_request_bytes", 0))
    seconds = f"{getattr(settings, 'query_timeout', 30):g}"
    return error_message(error, lang, seconds=seconds, limit=vnd(size) if lang == "vi" else f"{size:,}")


def localised_message(request: Request, error: CchcError) -> tuple[str, str]:
    """The error's message in the page's language, and the technical detail (the error as it reads itself,
    English) to show under it. "No such plan / agency / document" for the identifier of this page (its path
    parameter, or ``?document=``) names it, without detail (the suggestions are links); a syntax error says
    where (line, column) and names an unknown prefix; a stopped query gives the time limit."""
    lang = language_of(request)
    t = translator(lang)
    key = LOCALISED.get(type(error).__name__)
    identifier = next(iter(request.path_params.values()), None) or request.query_params.get("document")
    if key and identifier and error.message.startswith("no "):
        return t(key, id=identifier), ""
    message = page_error_message(request, error)
    prefix = _UNKNOWN_PREFIX.search(error.message)
    if prefix:
        message = t("editor_unknown_prefix", prefix=(prefix.group(1) or "") + ":")  # as the editor says it
    position = _POSITION.search(error.message)
    if position:
        message += " " + t("at_position", line=position.group(1), column=position.group(2)).capitalize() + "."
    detail = error.message if getattr(error, "suggestions", ()) else error.render()
    return message, detail


def _field_names(error: RequestValidationError) -> Markup:
    """The parameters a validation error is about, as code: ``<code>document</code>, <code>plan</code>``."""
    names = dict.fromkeys(str(e.get("loc", ("",))[-1]) for e in error.errors())
    return Markup(", ").join(Markup("<code>{}</code>").format(name) for name in names if name)


def error_response(request: Request, error: BaseException) -> HTMLResponse:
    """The HTML page of any error a page raises: a domain error's status and message (its suggestions as
    links), 422 for invalid parameters (as the API), an HTTP error's status, else 500 (logged)."""
    t = translator(language_of(request))
    if isinstance(error, RequestValidationError):
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in error.errors()
        )
        message = Markup(escape(t("invalid_parameters", fields="\0"))).replace("\0", _field_names(error))
        return error_page(request, 422, message, detail=problems)
    if isinstance(error, HTTPException):
        if error.status_code == 404:
            message = t("http_404")
        elif error.status_code == 405:
            message = t("http_405", method=request.method)
        else:
            message = t("http_error", status=error.status_code)
        return error_page(
            request, error.status_code, message, detail=str(error.detail), headers=dict(error.headers or {})
        )
    log_if_bug(error, f"{request.method} {request.url.path}")
    status = http_status(error)
    if not isinstance(error, CchcError) or status == INTERNAL_ERROR:
        return error_page(request, status, t("server_error", kind=type(error).__name__))
    headers = getattr(error, "headers", None)
    message, detail = localised_message(request, error)
    return error_page(
        request,
        status,
        message,
        detail=detail,
        suggestions=suggestion_links(request, tuple(getattr(error, "suggestions", ()))),
        headers=dict(headers) if isinstance(headers, dict) else None,
    )
