"""Settings: the only place that reads the environment. Everything else takes arguments."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ontology import DEFAULT_BASE_IRI

ENV_STORE = "CCHC_KG_STORE"
ENV_BASE_IRI = "CCHC_KG_BASE_IRI"
ENV_ENDPOINT = "CCHC_KG_ENDPOINT"
ENV_UPDATE_ENDPOINT = "CCHC_KG_UPDATE_ENDPOINT"
ENV_USER = "CCHC_KG_USER"
ENV_PASSWORD = "CCHC_KG_PASSWORD"


def default_store_path() -> Path:
    """``$CCHC_KG_STORE``, else ``$XDG_DATA_HOME/cchc-kg/store`` (``~/.local/share/cchc-kg/store``)."""
    if os.environ.get(ENV_STORE):
        return Path(os.environ[ENV_STORE]).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "cchc-kg" / "store"


@dataclass(frozen=True)
class Settings:
    store_path: Path
    base_iri: str
    endpoint: str | None = None  # a remote SPARQL 1.1 query endpoint replaces the embedded store
    update_endpoint: str | None = None
    user: str | None = None
    password: str | None = None

    @classmethod
    def load(
        cls,
        store: Path | None = None,
        base_iri: str | None = None,
        endpoint: str | None = None,
        update_endpoint: str | None = None,
        user: str | None = None,
        password: str | None = None,
    ) -> Settings:
        """Flags win over environment variables, which win over defaults."""
        return cls(
            store_path=store or default_store_path(),
            base_iri=base_iri or os.environ.get(ENV_BASE_IRI) or DEFAULT_BASE_IRI,
            endpoint=endpoint or os.environ.get(ENV_ENDPOINT) or None,
            update_endpoint=update_endpoint or os.environ.get(ENV_UPDATE_ENDPOINT) or None,
            user=user or os.environ.get(ENV_USER) or None,
            password=password or os.environ.get(ENV_PASSWORD) or None,
        )
