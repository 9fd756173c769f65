"""Upload a document from the web UI (only when the server has uploads enabled): a plain form (no script
needed) posting the file and the update token; the page then shows what ingest extracted, with its
warnings. The file types offered are those of the reader registry (``supported_suffixes``)."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import HTTP
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from api.web.render import render
from api.web.routes import router
from api.web.state import get_store
from ingest.readers.availability import availability_note
from ingest.readers.source import supported_suffixes
from ontology.errors import CchcError


def _page(request: Request, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    settings = request.app.state.settings
    return render(
        request,
        "upload.html",
        status_code=status_code,
        enabled=bool(settings.uploads_enabled),
        suffixes=supported_suffixes(),
        unavailable=availability_note(),
        **context,
    )


@router.get("/upload", response_class=HTMLResponse)
def upload_form(request: Request) -> HTMLResponse:
    """The upload form (or a note that this server does not accept uploads)."""
    return _page(request)


def form_fields(content_type: str, body: bytes) -> dict[str, tuple[str | None, bytes]]:
    """The fields of a multipart/form-data body: name -> (file name or None, bytes)."""
    message = message_from_bytes(
        f"Content-Type: {content_type}\r\n\r\n".encode("latin-1") + body, policy=HTTP
    )
    fields: dict[str, tuple[str | None, bytes]] = {}
    if not message.is_multipart():
        return fields
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if isinstance(name, str):
            payload = part.get_payload(decode=True)
            fields[name] = (part.get_filename(), payload if isinstance(payload, bytes) else b"")
    return fields


@router.post("/upload", response_class=HTMLResponse)
async def upload_document(request: Request) -> HTMLResponse:
    """Ingest the posted file and show its report; a refused or unreadable file shows why (nothing kept)."""
    from api.rest import ingest_upload  # the same path as POST /api/documents
    from api.sparql_protocol import authorise_write

    settings = request.app.state.settings
    body = await request.body()
    fields = form_fields(request.headers.get("content-type", ""), body)
    filename, data = fields.get("file", (None, b""))
    name = Path(filename or "").name
    token = fields.get("token", (None, b""))[1].decode("utf-8", "replace").strip()
    try:
        authorise_write(
            settings, settings.uploads_enabled, f"Bearer {token}" if token else None, "document upload"
        )
        if len(body) > settings.max_request_bytes:
            raise CchcError(
                f"the upload has {len(body)} bytes", expected=f"at most {settings.max_request_bytes}"
            )
        if not name or Path(name).suffix.lower() not in supported_suffixes():
            raise CchcError(
                f"cannot ingest {name or 'a file without a name'!r}",
                expected="a name ending in " + ", ".join(supported_suffixes()),
            )
        report = await run_in_threadpool(ingest_upload, get_store(request), settings, name, data)
    except CchcError as error:
        status = getattr(error, "status", 400)
        return _page(request, status_code=status if status >= 400 else 400, error=error.render(), name=name)
    return _page(request, status_code=201, report=report, name=name)
