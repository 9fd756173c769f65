"""Settings: the only place that reads the environment. Everything else takes arguments."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ontology import DEFAULT_BASE_IRI

ENV_STORE = "CCHC_KG_STORE"
ENV_BASE_IRI = "CCHC_KG_BASE_IRI"


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

    @classmethod
    def load(cls, store: Path | None = None, base_iri: str | None = None) -> Settings:
        """Flags win over environment variables, which win over defaults."""
        return cls(
            store_path=store or default_store_path(),
            base_iri=base_iri or os.environ.get(ENV_BASE_IRI) or DEFAULT_BASE_IRI,
        )
