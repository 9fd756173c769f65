"""Outbound requests from queries: refused unless the settings allow the endpoint (no SSRF by default).

A SPARQL ``SERVICE`` clause makes the engine call another server, and ``LOAD <url>`` makes it fetch a
document. On a public endpoint that lets anyone make the server call any address it can reach (internal
services, cloud metadata) and read what comes back. So every query and update that reaches the store
through the HTTP app passes ``FederationPolicy.check`` first, before evaluation: with the default (no
allowed endpoints) any ``SERVICE`` or ``LOAD`` is refused with 400 and no connection is opened; with
``CCHC_KG_FEDERATION_ALLOW`` set, only targets under an allowed IRI prefix pass, and a text naming one
target outside it is refused as a whole. The allowed calls run inside the query (a worker process of
``api.serving.query_pool``, stopped at the query time limit) and their rows are cut at the row cap with
the rest.
An allowed endpoint that fails is reported by its status and IRI, never by its body.

``FederationGuard`` wraps the store the app serves (embedded or remote), so every way in — ``/sparql``,
the query editor, the REST routes, uploads — goes through the one check. The CLI on the user's own store
does not wrap it: there ``SERVICE`` stays available.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from rdflib import Graph

from ontology.errors import CchcError
from queries.binding import Bindings
from queries.outbound import OutboundRequest, outbound_requests
from queries.protocol import Store, Wrapped
from queries.store import Row, SparqlResult

REFUSED = "federated queries (SERVICE) are not allowed on this server"
LOAD_REFUSED = "LOAD of a remote document is not allowed on this server"
QUERY = "SPARQL query"
_STATUS = re.compile(r"\b(?:Error|status|HTTP)\s*(\d{3})\b", re.IGNORECASE)


class OutboundRefused(CchcError):
    """A query or update would call a server that the settings do not allow."""

    status = 400


class FederatedEndpointError(CchcError):
    """An allowed federated endpoint failed; reported by status and IRI, not by its answer's body."""

    status = 502


def valid_prefix(prefix: str) -> bool:
    """An allow-list entry must be an absolute http(s) IRI with a host."""
    parts = urlsplit(prefix)
    return (
        parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and not re.search(r"[\s<>\"{}|^`\\]", prefix)
    )


def _under(iri: str, prefix: str) -> bool:
    """``iri`` is ``prefix`` or lies below it at a boundary (``http://a.org`` does not allow ``http://a.org.evil``)."""
    if not iri.startswith(prefix):
        return False
    return len(iri) == len(prefix) or prefix[-1] in "/#?=&" or iri[len(prefix)] in "/?#"


KEPT_TEXT_CHARS = 50_000  # texts up to this size have their outbound requests read once (lru_cache)


@lru_cache(maxsize=512)
def _kept_outbound(text: str) -> tuple[OutboundRequest, ...]:
    return tuple(outbound_requests(text))


def _outbound(text: str) -> list[OutboundRequest]:
    """``outbound_requests``, read once per text: the named queries send the same texts again and again,
    and reading one with the lexer costs 1-3 ms a query."""
    return list(_kept_outbound(text))


@dataclass(frozen=True)
class FederationPolicy:
    """Which endpoints a query may call: none by default."""

    allow: tuple[str, ...] = ()

    @property
    def enabled(self) -> bool:
        return bool(self.allow)

    def allows(self, request: OutboundRequest) -> bool:
        return request.iri is not None and any(_under(request.iri, prefix) for prefix in self.allow)

    def check(self, text: str, what: str = QUERY) -> list[OutboundRequest]:
        """The outbound requests of ``text``, all allowed; else OutboundRefused (nothing is evaluated)."""
        requests = _outbound(text) if len(text) <= KEPT_TEXT_CHARS else outbound_requests(text)
        for request in requests:
            if self.allows(request):
                continue
            target = request.iri or request.written or "an endpoint known only at run time"
            if request.keyword == "LOAD":
                message = f"{LOAD_REFUSED}: {target}"
            elif not self.enabled:
                message = REFUSED
            else:
                message = f"{REFUSED}, except to the endpoints the server allows: {target} is not one"
            raise OutboundRefused(
                message, source=what, expected="a query over this server's own data (no SERVICE, no LOAD)"
            )
        return requests

    def sanitise(self, error: CchcError, requests: list[OutboundRequest]) -> CchcError:
        """An engine error caused by an allowed endpoint, stripped of what that endpoint answered."""
        text = error.message
        for request in requests:
            if request.iri and request.iri in text:
                status = _STATUS.search(text)
                said = f"answered HTTP {status[1]}" if status else "could not be reached or answered badly"
                return FederatedEndpointError(
                    f"the federated endpoint {request.iri} {said}", source=request.iri
                )
        return error


class FederationGuard(Wrapped):
    """A store whose queries and updates pass the federation policy first (see the module)."""

    supports_dataset = True  # run() takes default_graphs / named_graphs, whatever the wrapped store

    def __init__(self, inner: Store, policy: FederationPolicy) -> None:
        super().__init__(inner)
        self.policy = policy

    def _call(self, text: str, what: str, call: Callable[[], Any]) -> Any:
        """``call()`` once ``text`` passed the policy; an allowed endpoint's failure sanitised."""
        requests = self.policy.check(text, what)
        try:
            return call()
        except CchcError as error:
            if not requests:
                raise
            raise self.policy.sanitise(error, requests) from None

    def run(
        self,
        query: str,
        bindings: Bindings | None = None,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> SparqlResult:
        if not (default_graphs or named_graphs):
            return self._call(query, QUERY, lambda: self.inner.run(query, bindings))
        if getattr(self.inner, "supports_dataset", False):
            return self._call(
                query,
                QUERY,
                lambda: self.inner.run(query, default_graphs=default_graphs, named_graphs=named_graphs),
            )
        from api.sparql_protocol import run_on_dataset

        return self._call(
            query, QUERY, lambda: run_on_dataset(self.inner, query, default_graphs or [], named_graphs or [])
        )

    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]:
        return self._call(query, QUERY, lambda: self.inner.select(query, bindings))

    def select_values(
        self, query: str, bindings: Bindings | None = None, columns: Sequence[str] | None = None
    ) -> tuple[list[str], list[tuple[object, ...]]]:
        """Plain values (``queries.library.solutions``: the wrapped store's fast path when it has one)."""
        from queries.library import solutions

        return self._call(query, QUERY, lambda: solutions(self.inner, query, bindings or {}, columns))

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        return self._call(query, QUERY, lambda: self.inner.ask(query, bindings))

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        return self._call(query, QUERY, lambda: self.inner.construct(query, bindings))

    def update(self, text: str, bindings: Bindings | None = None) -> None:
        self._call(text, "SPARQL update", lambda: self.inner.update(text, bindings))
