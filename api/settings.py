"""Settings: the only place that reads the environment. Everything else takes arguments."""

from __future__ import annotations

import hmac
import os
import re
from dataclasses import dataclass
from pathlib import Path

from api.federation import valid_prefix
from ontology import DEFAULT_BASE_IRI
from ontology.errors import CchcError

ENV_STORE = "CCHC_KG_STORE"
ENV_BASE_IRI = "CCHC_KG_BASE_IRI"
ENV_ENDPOINT = "CCHC_KG_ENDPOINT"
ENV_UPDATE_ENDPOINT = "CCHC_KG_UPDATE_ENDPOINT"
ENV_USER = "CCHC_KG_USER"
ENV_PASSWORD = "CCHC_KG_PASSWORD"
ENV_ENABLE_UPDATES = "CCHC_KG_ENABLE_UPDATES"
ENV_ENABLE_UPLOADS = "CCHC_KG_ENABLE_UPLOADS"
ENV_UPDATE_TOKEN = "CCHC_KG_UPDATE_TOKEN"
ENV_QUERY_TIMEOUT = "CCHC_KG_QUERY_TIMEOUT"
ENV_MAX_ROWS = "CCHC_KG_MAX_ROWS"
ENV_MAX_REQUEST_BYTES = "CCHC_KG_MAX_REQUEST_BYTES"
ENV_CORS_ORIGINS = "CCHC_KG_CORS_ORIGINS"
ENV_QUERY_WORKERS = "CCHC_KG_QUERY_WORKERS"
ENV_RESULT_CACHE = "CCHC_KG_RESULT_CACHE"
ENV_RESPONSE_CACHE = "CCHC_KG_RESPONSE_CACHE_BYTES"
ENV_WORKER_MEMORY = "CCHC_KG_WORKER_MEMORY_MB"
ENV_FEDERATION_ALLOW = "CCHC_KG_FEDERATION_ALLOW"

DEFAULT_QUERY_TIMEOUT = 30.0  # seconds
DEFAULT_MAX_ROWS = 100_000
DEFAULT_MAX_REQUEST_BYTES = 10 * 1024 * 1024
DEFAULT_QUERY_WORKERS = 2  # query processes of `cchc-kg serve` (0: queries in threads, not stoppable)
DEFAULT_RESULT_CACHE = 2_000_000  # values (rows x columns) of answers kept until the next write; 0: off
DEFAULT_RESPONSE_CACHE = 128 * 1024 * 1024  # bytes of GET responses kept until the next write; 0: off
DEFAULT_WORKER_MEMORY_MB = 1024  # a query worker holding more after a query is replaced; 0: never


def default_store_path() -> Path:
    """``$CCHC_KG_STORE``, else ``$XDG_DATA_HOME/cchc-kg/store`` (``~/.local/share/cchc-kg/store``)."""
    if os.environ.get(ENV_STORE):
        return Path(os.environ[ENV_STORE]).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "cchc-kg" / "store"


class SettingsError(CchcError):
    """An environment variable holds a value the server cannot use."""


def _endpoint_prefixes(name: str) -> tuple[str, ...]:
    """Absolute http(s) IRI prefixes separated by commas or white space (an invalid one is an error)."""
    prefixes = tuple(p for p in re.split(r"[\s,]+", os.environ.get(name, "")) if p)
    for prefix in prefixes:
        if not valid_prefix(prefix):
            raise SettingsError(
                f"{prefix!r} is not an endpoint IRI prefix",
                source=name,
                expected="absolute http(s) IRIs separated by commas, e.g. https://query.wikidata.org/",
            )
    return prefixes


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def _number(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    try:
        value = float(raw) if raw else default
    except ValueError:
        return default
    return value if value > 0 else default


def _count(name: str, default: int) -> int:
    """A whole number >= 0 from the environment (``0`` is allowed), else ``default``."""
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw.isdigit() else default


@dataclass(frozen=True)
class Settings:
    """Where the data is, and what the HTTP server allows. The defaults are safe: read-only, no uploads."""

    store_path: Path
    base_iri: str
    endpoint: str | None = None  # a remote SPARQL 1.1 query endpoint replaces the embedded store
    update_endpoint: str | None = None
    user: str | None = None
    password: str | None = None
    updates_enabled: bool = False  # SPARQL Update at /sparql (also needs update_token)
    uploads_enabled: bool = False  # POST /api/documents (also needs update_token)
    update_token: str | None = None  # the bearer token that authorises writes
    query_timeout: float = DEFAULT_QUERY_TIMEOUT  # seconds a /sparql query may run
    max_rows: int = DEFAULT_MAX_ROWS  # rows a /sparql SELECT returns at most (then X-SPARQL-MaxRows)
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES  # largest request body accepted
    cors_origins: tuple[str, ...] = ()  # origins allowed to call the API from a browser
    query_workers: int = 0  # worker processes for queries over an on-disk store (api.query_pool)
    result_cache_cells: int = DEFAULT_RESULT_CACHE  # answers kept until the next write (api.result_cache)
    response_cache_bytes: int = DEFAULT_RESPONSE_CACHE  # GET responses kept likewise (api.response_cache)
    worker_memory_mb: int = (
        DEFAULT_WORKER_MEMORY_MB  # resident memory a query worker may keep (api.query_pool)
    )
    federation_allow: tuple[str, ...] = ()  # endpoint IRI prefixes SERVICE may call (api.federation)

    def token_matches(self, authorization: str | None) -> bool:
        """True when ``authorization`` is ``Bearer <update_token>`` (compared in constant time)."""
        if not self.update_token or not authorization:
            return False
        scheme, _, token = authorization.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(token.strip(), self.update_token)

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
            updates_enabled=_flag(ENV_ENABLE_UPDATES),
            uploads_enabled=_flag(ENV_ENABLE_UPLOADS),
            update_token=os.environ.get(ENV_UPDATE_TOKEN) or None,
            query_timeout=_number(ENV_QUERY_TIMEOUT, DEFAULT_QUERY_TIMEOUT),
            max_rows=int(_number(ENV_MAX_ROWS, DEFAULT_MAX_ROWS)),
            max_request_bytes=int(_number(ENV_MAX_REQUEST_BYTES, DEFAULT_MAX_REQUEST_BYTES)),
            query_workers=_count(ENV_QUERY_WORKERS, DEFAULT_QUERY_WORKERS),
            result_cache_cells=_count(ENV_RESULT_CACHE, DEFAULT_RESULT_CACHE),
            response_cache_bytes=_count(ENV_RESPONSE_CACHE, DEFAULT_RESPONSE_CACHE),
            worker_memory_mb=_count(ENV_WORKER_MEMORY, DEFAULT_WORKER_MEMORY_MB),
            federation_allow=_endpoint_prefixes(ENV_FEDERATION_ALLOW),
            cors_origins=tuple(
                o.strip() for o in os.environ.get(ENV_CORS_ORIGINS, "").split(",") if o.strip()
            ),
        )
