"""Upload a document from the web UI (only when the server has uploads enabled), in two steps.

1. ``POST /upload`` (a plain multipart form: the file and the update token; no script needed) reads the
   file as ingest would, writes nothing, and shows what was extracted: the plan, its tasks and lead
   agencies, and ingest's findings (each linked to its task). The bytes are held in memory under a
   random preview id, with their SHA-256.
2. ``POST /upload/keep`` (the preview id and the checksum) ingests exactly those bytes, under the file's
   own name (``cchc:sourcePath`` is the uploaded name, the lines are the file's), and shows the report;
   ``POST /upload/discard`` drops them. Nothing is written to the store before "keep".

The preview id is the authorisation of step 2: it is only handed out after the token was checked, is
random (128 bits), is used once, and expires after ``PENDING_SECONDS``; at most ``PENDING_MAX`` previews are
held (the oldest goes first). The file types offered are those of the reader registry
(``supported_suffixes``).
"""

from __future__ import annotations

import hashlib
import secrets
import tempfile
import threading
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from fastapi import Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from api.rest import IngestRejected, ingest_upload, multipart_fields, upload_name
from api.service import read_preview
from api.sparql_protocol import ProtocolError, authorise_write
from api.web.quality import level_of, quality_url
from api.web.render import render
from api.web.routes import router
from api.web.state import get_store
from ingest.readers.availability import availability_note
from ingest.readers.source import supported_suffixes
from ontology.errors import CchcError
from ontology.iris import code_slug

PENDING_SECONDS = 30 * 60
PENDING_MAX = 8


@dataclass
class Pending:
    """An uploaded file waiting for "keep" or "discard"."""

    name: str
    data: bytes
    sha256: str
    created: float


class PendingUploads:
    """Previewed uploads by preview id (in memory, per app), oldest first."""

    def __init__(self) -> None:
        self.items: OrderedDict[str, Pending] = OrderedDict()
        self.lock = threading.Lock()

    def add(self, name: str, data: bytes) -> tuple[str, Pending]:
        pending = Pending(name, data, hashlib.sha256(data).hexdigest(), time.monotonic())
        preview_id = secrets.token_urlsafe(16)
        with self.lock:
            self._expire()
            self.items[preview_id] = pending
            while len(self.items) > PENDING_MAX:
                self.items.popitem(last=False)
        return preview_id, pending

    def take(self, preview_id: str) -> Pending | None:
        """The pending upload of this id, removed (None when unknown or expired)."""
        with self.lock:
            self._expire()
            return self.items.pop(preview_id, None)

    def _expire(self) -> None:
        now = time.monotonic()
        for key in [k for k, p in self.items.items() if now - p.created > PENDING_SECONDS]:
            del self.items[key]


def pending_uploads(request: Request) -> PendingUploads:
    """The app's pending uploads (created on first use)."""
    state = request.app.state
    if getattr(state, "pending_uploads", None) is None:
        state.pending_uploads = PendingUploads()
    return state.pending_uploads


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
    return multipart_fields(content_type, body)


def extracted(name: str, data: bytes, base_iri: str) -> dict[str, Any]:
    """What ingest reads in the upload, without writing it: the plan, its tasks, lead agencies and
    findings (each with its level and the task whose lines hold it). ``IngestRejected`` when unreadable."""
    with tempfile.TemporaryDirectory(prefix="cchc-preview-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            report, doc = read_preview(path, base_iri)
        except CchcError as error:
            raise IngestRejected(
                error.message.replace(str(path), name), source=name, expected=getattr(error, "expected", None)
            ) from None
    parsed = doc.parsed
    header = parsed.plan
    tasks = [
        {
            "code": task.code,
            "anchor": f"task-{code_slug(task.code)}",
            "text": task.text,
            "leads": [ref.name for ref in task.leads],
            "partners": [ref.name for ref in task.partners],
            "line": task.span.first,
            "last": task.span.last,
        }
        for task in parsed.tasks
    ]

    def task_at(line: int) -> dict[str, Any] | None:
        return next((t for t in tasks if t["line"] <= line <= t["last"]), None)

    findings = sorted(
        (
            {
                "kind": finding.kind,
                "level": level_of(finding.kind),
                "line": finding.line,
                "message": finding.message,
                "task": task_at(finding.line),
            }
            for finding in parsed.findings
        ),
        key=lambda f: (f["level"] != "error", f["line"], f["kind"]),
    )
    leads = Counter(name for task in tasks for name in task["leads"])
    decision = parsed.decision
    return {
        "number": report.plan_label,
        "title": header.title or (decision.title if decision else None) or "",
        "province": header.province or "",
        "issued": str(header.date or (decision.date if decision else "") or ""),
        "period": "–".join(dict.fromkeys(str(y) for y in (header.period_start, header.period_end) if y)),
        "report": report,
        "tasks": tasks,
        "leads": leads.most_common(),
        "findings": findings,
        "errors": sum(1 for f in findings if f["level"] == "error"),
    }


def _refused(request: Request, error: CchcError, name: str, code: str | None = None) -> HTMLResponse:
    """The page saying why an upload was refused: the message in the page's language by the error's code
    (``code`` when the error's own class says too little, e.g. a bad file name is a ``ProtocolError``),
    the error itself as English detail."""
    status = getattr(error, "status", 400)
    if code is None and type(error) is ProtocolError:
        code = "IngestRejected"  # a file name whose suffix has no reader
    return _page(
        request,
        status_code=status if status >= 400 else 400,
        error=error.render(),
        error_obj=code or error,
        name=name,
    )


@router.post("/upload", response_class=HTMLResponse)
async def upload_document(request: Request) -> HTMLResponse:
    """Read the posted file and show what ingest extracts, with a "keep" and a "discard" button; nothing is
    written. A refused or unreadable file shows why."""
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
            too_big = CchcError(
                f"the upload has {len(body)} bytes", expected=f"at most {settings.max_request_bytes}"
            )
            return _refused(request, too_big, name, "PayloadTooLarge")
        name = upload_name(name)
        preview = await run_in_threadpool(extracted, name, data, settings.base_iri)
    except CchcError as error:
        return _refused(request, error, name)
    preview_id, pending = pending_uploads(request).add(name, data)
    return _page(request, preview=preview, preview_id=preview_id, sha256=pending.sha256, name=name)


async def _form(request: Request) -> dict[str, str]:
    """An URL-encoded form body."""
    return dict(parse_qsl((await request.body()).decode("utf-8", "replace")))


@router.post("/upload/keep", response_class=HTMLResponse)
async def keep_upload(request: Request) -> HTMLResponse:
    """Ingest the previewed bytes (the preview id and their SHA-256 must match) and show the report."""
    settings = request.app.state.settings
    form = await _form(request)
    name = ""
    try:
        if not settings.uploads_enabled:  # refused as any upload is (the token was checked at preview)
            authorise_write(settings, False, None, "document upload")
        pending = pending_uploads(request).take(form.get("preview", ""))
        if pending is None:
            return _page(request, status_code=404, expired=True)
        name = pending.name
        if form.get("sha256", "") != pending.sha256:
            raise CchcError(
                f"the preview of {pending.name!r} is of other bytes than those kept",
                expected=f"sha256 {pending.sha256}",
            )
        report = await run_in_threadpool(
            ingest_upload, get_store(request), settings, pending.name, pending.data
        )
    except CchcError as error:
        return _refused(request, error, name)
    for warning in report["warnings"]:
        warning["level"] = level_of(str(warning["kind"]))
    number = report.get("plan_label") or report.get("plan") or ""
    return _page(
        request,
        status_code=201,
        report=report,
        name=pending.name,
        quality=quality_url(str(number)) if number else "",
    )


@router.post("/upload/discard", response_class=HTMLResponse)
async def discard_upload(request: Request) -> HTMLResponse:
    """Drop a previewed upload: nothing was written, nothing is kept."""
    form = await _form(request)
    pending = pending_uploads(request).take(form.get("preview", ""))
    return _page(request, discarded=pending.name if pending else "")
