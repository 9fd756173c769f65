"""The web pages analysts open first, timed from the first request after ``cchc-kg serve`` starts and
again from the first request after an ingest (one plan re-uploaded through ``POST /api/documents``).

The server runs as configured (its caches on: a cache that the first visitor fills does not help that
visitor, and that is what is measured), in a subprocess on a free loopback port. Each page is requested
``requests`` times in a row (the first one included in p50/p95), one page after the other in the order of
``pages``: a page's first request comes after the previous pages' requests.
"""

from __future__ import annotations

import http.client
import re
import secrets
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from bench.http_bench import get, server
from bench.measure import summary_ms

# The national responsibility network page: the first of these paths that the app routes (none today,
# issue 16); a path answering 404 is reported as not answered.
NETWORK_PATHS = ("/network",)
REQUEST_TIMEOUT_S = 120.0


def page_paths(store_path: Path, plan: str, document: str) -> dict[str, str]:
    """The pages to time, with real identifiers: the plan and document of the run, the agency leading
    the most tasks (read from the store before the server holds it)."""
    from api.web.links import document_url, page_for, plan_url
    from queries.library import run
    from queries.store import EmbeddedStore

    with EmbeddedStore(store_path, read_only=True) as store:
        rows = run(store, "agency-load").as_dicts()
    agency = next((page_for(str(r["party"])) for r in rows if page_for(str(r.get("party", "")))), None)
    pages = {"home": "/", "plan": plan_url(plan)}
    if agency:
        pages["agency"] = agency
    pages["document"] = document_url(document)
    pages["trace"] = "/trace?" + urlencode({"document": document})
    pages["network"] = NETWORK_PATHS[0]
    return pages


def _time_page(port: int, path: str, requests: int) -> dict[str, Any]:
    samples = []
    status = 0
    for _ in range(requests):
        started = time.perf_counter()
        try:
            status, body = get(port, path, REQUEST_TIMEOUT_S, {"Accept": "text/html"})
        except OSError as exc:
            return {"path": path, "error": f"{type(exc).__name__}: {exc}"[:200]}
        samples.append(time.perf_counter() - started)
        if status != 200:
            return {"path": path, "status": status, "error": _text_of(body)}
    return {"path": path, "status": status, "first_ms": round(samples[0] * 1000, 1), **summary_ms(samples)}


def _text_of(body: bytes) -> str:
    """The start of an error page's text, tags dropped: what the report shows for a page not answered."""
    text = re.sub(r"<[^>]+>", " ", body.decode("utf-8", "replace"))
    return " ".join(text.split())[:200]


def _upload(port: int, token: str, document: Path) -> dict[str, Any]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    try:
        connection.request(
            "POST",
            "/api/documents?filename=" + quote(document.name),
            body=document.read_bytes(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/octet-stream"},
        )
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    out = {
        "seconds": round(time.perf_counter() - started, 2),
        "status": response.status,
        "file": document.name,
    }
    if response.status != 201:
        out["error"] = body.decode("utf-8", "replace")[:300]
    return out


def bench_pages(store: Path, plan: str, plan_file: Path, document: str, requests: int) -> dict[str, Any]:
    """Start ``cchc-kg serve`` on ``store`` (which the re-upload of ``plan_file`` writes to), time each
    page after the start, re-ingest the plan, time each page again."""
    pages = page_paths(store, plan, document)
    token = secrets.token_hex(16)
    # a slow page or the upload's ingest is timed, not cut at the server's default 30 s limit
    env = {"CCHC_KG_ENABLE_UPLOADS": "1", "CCHC_KG_UPDATE_TOKEN": token, "CCHC_KG_QUERY_TIMEOUT": "600"}
    serve = [sys.executable, "-m", "api.cli", "serve", "--store", str(store), "--port", "{port}"]
    out: dict[str, Any] = {"requests": requests, "pages": {}}
    started = time.perf_counter()
    with server(serve, "/openapi.json", 300, env) as (port, _pid):
        out["start_s"] = round(time.perf_counter() - started, 2)
        out["pages"]["after start"] = {name: _time_page(port, path, requests) for name, path in pages.items()}
        out["ingest"] = _upload(port, token, plan_file)
        if "error" in out["ingest"]:
            return out
        out["pages"]["after ingest"] = {
            name: _time_page(port, path, requests) for name, path in pages.items()
        }
    return out
