"""Whole responses of read-only GET routes kept until the store changes (the embedded store only).

Kept answers (``api.serving.result_cache``) spare the store; a busy page still costs the server process
its Python
work (post-processing, JSON, HTML), and that process serves every client. ``ResponseCacheMiddleware`` keeps
the bytes and headers of a successful (200) GET of the REST API and the web pages, by method, path, query
string and the request headers the answer depends on (``Accept``, ``Accept-Language``, ``Cookie``), and
replays them while the store's generation (``ResultCache.generation``, bumped at every write) is the one
they were made at. Never kept: other statuses, responses that set a cookie, the SPARQL endpoint and the
query editor (a query may ask for ``NOW()``), static files (they have their own caching). At most
``max_bytes`` of bodies are held, least recently used out first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

KEPT_PREFIXES = ("/api/", "/plans/", "/agencies/", "/documents/", "/search", "/trace", "/network")
VARYING_HEADERS = (b"accept", b"accept-language", b"cookie")
CACHE_HEADER = "x-cchc-cache"


def is_kept_path(path: str) -> bool:
    """The routes whose GET answers depend only on the store and the request (not on the clock)."""
    return path == "/" or path.startswith(KEPT_PREFIXES)


class ResponseCacheMiddleware:
    """Replays kept GET responses while ``generation()`` is unchanged."""

    def __init__(self, app: ASGIApp, generation: Callable[[], int], max_bytes: int) -> None:
        self.app = app
        self.generation = generation
        self.max_bytes = max_bytes
        self._kept: OrderedDict[tuple[bytes, ...], tuple[int, int, list[tuple[bytes, bytes]], bytes]] = (
            OrderedDict()
        )
        self._bytes = 0
        self._lock = threading.Lock()

    def _key(self, scope: Scope) -> tuple[bytes, ...]:
        headers = dict(scope.get("headers") or ())
        return (
            scope["path"].encode("utf-8"),
            scope.get("query_string", b""),
            *(headers.get(name, b"") for name in VARYING_HEADERS),
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            self.max_bytes <= 0
            or scope["type"] != "http"
            or scope["method"] != "GET"
            or not is_kept_path(scope["path"])
        ):
            await self.app(scope, receive, send)
            return
        key = self._key(scope)
        generation = self.generation()
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None and kept[0] == generation:
                self._kept.move_to_end(key)
            else:
                kept = None
        if kept is not None:
            _, status, headers, body = kept
            await send(
                {
                    "type": "http.response.start",
                    "status": status,
                    "headers": [*headers, (CACHE_HEADER.encode(), b"hit")],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        start: tuple[int, list[tuple[bytes, bytes]]] | None = None  # copied: outer middleware edits messages
        chunks: list[bytes] = []
        keep = True

        async def recording_send(message: Message) -> None:
            nonlocal start, keep
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                start = (message["status"], headers)
                if message["status"] != 200 or any(name.lower() == b"set-cookie" for name, _ in headers):
                    keep = False
            elif message["type"] == "http.response.body" and keep:
                chunks.append(message.get("body", b""))
                if sum(map(len, chunks)) > self.max_bytes:
                    keep = False
                    chunks.clear()
            await send(message)

        await self.app(scope, receive, recording_send)
        if keep and start is not None:
            body = b"".join(chunks)
            self._store(key, generation, start[0], start[1], body)

    def _store(
        self,
        key: tuple[bytes, ...],
        generation: int,
        status: int,
        headers: list[tuple[bytes, bytes]],
        body: bytes,
    ) -> None:
        if generation != self.generation():  # the store changed while the answer was made
            return
        with self._lock:
            old = self._kept.pop(key, None)
            if old is not None:
                self._bytes -= len(old[3])
            self._kept[key] = (generation, status, headers, body)
            self._bytes += len(body)
            while self._bytes > self.max_bytes and self._kept:
                _, dropped = self._kept.popitem(last=False)
                self._bytes -= len(dropped[3])
