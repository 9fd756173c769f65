"""Rendering pages: the template environment, the language and its strings, error pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from api.i18n import COOKIE, LANGUAGES, area_label, language_of, trace_path, translator
from api.web.links import document_url, page_for, plan_url

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


def render(request: Request, template: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render a template with the language, its strings and the language links; remember ``?lang=``."""
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
        vnd=vnd,
        **context,
    )
    response = HTMLResponse(page, status_code=status_code)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(COOKIE, request.query_params["lang"], max_age=365 * 24 * 3600, samesite="lax")
    return response


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """An HTML error page (404 for an unknown plan, agency or document; the error's status otherwise)."""
    t = translator(language_of(request))
    title = t("not_found_title") if status == 404 else t("error_title")
    return render(request, "error.html", status_code=status, title=title, message=message)


def not_found(request: Request, message: str, identifier: str) -> HTMLResponse:
    """The 404 page for an unknown plan, agency or document (``message`` is a string key taking ``id``)."""
    return error_page(request, 404, translator(language_of(request))(message, id=identifier))
