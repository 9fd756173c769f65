"""What the app serves, read from ``app.state``: the store and the base IRI of minted IRIs."""

from __future__ import annotations

from fastapi import Request

from ontology import DEFAULT_BASE_IRI
from queries.protocol import Store


def get_store(request: Request) -> Store:
    """The store the app serves (``app.state.store``, set by ``create_app``)."""
    return request.app.state.store


def base_iri(request: Request) -> str:
    """The base IRI of minted IRIs (from ``app.state.settings`` when set)."""
    settings = getattr(request.app.state, "settings", None)
    return getattr(settings, "base_iri", None) or DEFAULT_BASE_IRI
