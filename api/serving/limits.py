"""Per-request limits: the query time limit (a deadline shared by every query of a request) and the row cap.

``RequestLimitsMiddleware`` gives each HTTP request a ``RequestLimits`` (in a context variable, which
Starlette's thread pool copies into endpoint threads). The store facade (``api.serving.guarded_store``)
reads the
deadline and the cap from it and marks ``rows_capped`` when it cut a result; the middleware then adds
``X-SPARQL-MaxRows: <cap>`` to the response, whatever route answered.
"""

from __future__ import annotations

import json
import time
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, ClassVar

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import http_error_body
from ontology.errors import CchcError
from queries.store import StoreError

MAX_ROWS_HEADER = "X-SPARQL-MaxRows"


class PayloadTooLarge(CchcError):
    """A request body larger than the configured cap (``CCHC_KG_MAX_REQUEST_BYTES``)."""

    status = 413


class QueryTimeout(StoreError):
    """A query ran past the time limit and was stopped (or no query worker was free in time)."""

    status = 503
    headers: ClassVar[dict[str, str]] = {"Retry-After": "5"}


@dataclass
class RequestLimits:
    """The limits of one request: when its queries must have finished, and the row cap."""

    deadline: float  # time.monotonic() value
    timeout: float  # the configured limit, for messages
    max_rows: int
    rows_capped: bool = False

    def remaining(self) -> float:
        return self.deadline - time.monotonic()


CURRENT: ContextVar[RequestLimits | None] = ContextVar("cchc_kg_request_limits", default=None)


def current_limits(timeout: float, max_rows: int) -> RequestLimits:
    """The running request's limits, or fresh ones (outside a request: a CLI call, a test)."""
    limits = CURRENT.get()
    if limits is None:
        limits = RequestLimits(time.monotonic() + timeout, timeout, max_rows)
    return limits


def too_large(size: int, cap: int) -> PayloadTooLarge:
    return PayloadTooLarge(
        f"the request body has more than {cap} bytes ({size} read)", expected=f"at most {cap}"
    )


class RequestLimitsMiddleware:
    """Sets the request's limits, refuses a body over the size cap (413, whatever route reads it), and
    flags a response whose rows were cut at the row cap."""

    def __init__(self, app: ASGIApp, timeout: float, max_rows: int, max_request_bytes: int) -> None:
        self.app = app
        self.timeout = timeout
        self.max_rows = max_rows
        self.max_request_bytes = max_request_bytes

    def _bounded(self, receive: Receive) -> Receive:
        """``receive`` that raises PayloadTooLarge once the body passes the cap (chunked bodies too)."""
        seen = 0

        async def bounded_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_request_bytes:
                    raise too_large(seen, self.max_request_bytes)
            return message

        return bounded_receive

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_request_bytes:
            error = too_large(int(declared), self.max_request_bytes)
            if not is_page_request(scope.get("path", ""), headers.get(b"accept", b"")):
                await self._refuse(error, send)
                return
            receive = _refusing(error)  # a web page: it fails reading the body, and answers an HTML page
        limits = RequestLimits(time.monotonic() + self.timeout, self.timeout, self.max_rows)
        token = CURRENT.set(limits)

        async def flagging_send(message: Message) -> None:
            if message["type"] == "http.response.start" and limits.rows_capped:
                headers = MutableHeaders(scope=message)
                if MAX_ROWS_HEADER not in headers:
                    headers.append(MAX_ROWS_HEADER, str(limits.max_rows))
            await send(message)

        try:
            await self.app(scope, self._bounded(receive), flagging_send)
        finally:
            CURRENT.reset(token)

    @staticmethod
    async def _refuse(error: CchcError, send: Send) -> None:
        """Answer ``error`` in the one JSON error shape without reading the body."""
        body = json.dumps(http_error_body(error), ensure_ascii=False).encode("utf-8")
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": error.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


API_PREFIXES = ("/api", "/sparql", "/id/")


def is_page_request(path: str, accept: bytes) -> bool:
    """A browser asking for a web page (HTML accepted, not an API route): its errors are HTML pages."""
    return b"text/html" in accept and not path.startswith(API_PREFIXES)


def _refusing(error: CchcError) -> Receive:
    """A ``receive`` that raises ``error`` instead of reading the body."""

    async def refuse() -> Message:
        raise error

    return refuse


def timeout_message(limits: Any, what: str = "the query") -> str:
    """The one wording of a stopped query (clients and tests look for "longer than")."""
    return f"{what} took longer than the time limit of {limits.timeout:g} s and was stopped"
