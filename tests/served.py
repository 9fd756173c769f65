"""Apps as ``cchc-kg serve`` runs them (query worker processes over an on-disk store), for tests that
need several settings over one store; ``close_all`` stops their workers at the end of a module."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from ontology import DEFAULT_BASE_IRI
from queries.store import EmbeddedStore


class ServedApps:
    """Test clients over apps with query workers; remembers the apps so their workers can be stopped."""

    def __init__(self) -> None:
        self.apps: list[FastAPI] = []

    def client(self, store: EmbeddedStore, **settings: Any) -> TestClient:
        """The app over ``store`` with two query workers (as served) and ``settings``."""
        options = {"query_workers": 2, **settings}
        app = create_app(Settings(store.path, DEFAULT_BASE_IRI, **options), store)  # type: ignore[arg-type]
        self.apps.append(app)
        return TestClient(app)

    def close_all(self) -> None:
        for app in self.apps:
            pool = getattr(app.state.store, "pool", None)
            if pool is not None:
                pool.close()
        self.apps.clear()
