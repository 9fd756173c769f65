"""Settings: the only place that reads the environment. Everything else takes arguments.

Every ``CCHC_KG_*`` variable is declared once, in ``DECLARED`` (name, type, default, valid values, help).
That table feeds the validation at start (``Settings.load``: an invalid value is a ``SettingsError`` naming
the variable and the valid values; ``cchc-kg`` exits 2), ``cchc-kg settings`` and the settings table of
``api/README.md`` (``python -m api.settings`` prints it; a test checks the README holds exactly that).
"""

from __future__ import annotations

import hmac
import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

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
DEFAULT_QUERY_WORKERS = 2  # query processes (0: queries in threads, not stoppable)
DEFAULT_RESULT_CACHE = 2_000_000  # values (rows x columns) of answers kept until the next write; 0: off
DEFAULT_RESPONSE_CACHE = 128 * 1024 * 1024  # bytes of GET responses kept until the next write; 0: off
DEFAULT_WORKER_MEMORY_MB = 1024  # a query worker holding more after a query is replaced; 0: never

FLAG_ON = ("1", "true", "yes", "on")
FLAG_OFF = ("0", "false", "no", "off")


class SettingsError(CchcError):
    """An environment variable holds a value the program cannot use."""


def default_store_path(environ: Mapping[str, str] | None = None) -> Path:
    """``$CCHC_KG_STORE``, else ``$XDG_DATA_HOME/cchc-kg/store`` (``~/.local/share/cchc-kg/store``)."""
    env = os.environ if environ is None else environ
    if env.get(ENV_STORE, "").strip():
        return Path(env[ENV_STORE].strip()).expanduser()
    data_home = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "cchc-kg" / "store"


# -- parsers: text -> value, ValueError when the text is not one of the valid values ------------------


class _BadItem(ValueError):
    """One item of a list setting is invalid (the error names that item)."""

    def __init__(self, item: str) -> None:
        super().__init__(item)
        self.item = item


def _text(raw: str) -> str:
    return raw


def _path(raw: str) -> Path:
    return Path(raw.strip()).expanduser()


def _http_iri(raw: str) -> str:
    value = raw.strip()
    if not valid_prefix(value):
        raise ValueError
    return value


def _flag(raw: str) -> bool:
    value = raw.strip().lower()
    if value in FLAG_ON:
        return True
    if value in FLAG_OFF:
        return False
    raise ValueError


def _seconds(raw: str) -> float:
    value = float(raw.strip())
    if not (math.isfinite(value) and value > 0):
        raise ValueError
    return value


def _whole(raw: str, least: int) -> int:
    text = raw.strip().replace("_", "")
    if not text.isdigit() or int(text) < least:
        raise ValueError
    return int(text)


def _positive(raw: str) -> int:
    return _whole(raw, 1)


def _count(raw: str) -> int:
    return _whole(raw, 0)


def _split(raw: str) -> tuple[str, ...]:
    return tuple(part for part in re.split(r"[\s,]+", raw) if part)


def _origins(raw: str) -> tuple[str, ...]:
    origins = _split(raw)
    for origin in origins:
        parts = urlsplit(origin)
        bare = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.path in ("", "/")
        if origin != "*" and not (bare and not parts.query and not parts.fragment):
            raise _BadItem(origin)
    return tuple(origin.rstrip("/") for origin in origins)


def _prefixes(raw: str) -> tuple[str, ...]:
    prefixes = _split(raw)
    for prefix in prefixes:
        if not valid_prefix(prefix):
            raise _BadItem(prefix)
    return prefixes


@dataclass(frozen=True)
class Setting:
    """One ``CCHC_KG_*`` variable: where it goes, what it accepts, its default and what it does."""

    name: str  # the environment variable
    attribute: str  # the Settings field it sets
    type: str  # what the docs call its type
    default: object  # the value when unset or empty
    valid: str  # the valid values, as errors and docs say them
    help: str
    parse: Callable[[str], object]
    shown_default: str = ""  # the default as the docs show it, when str(default) would not do
    flag: str = ""  # the command-line option that overrides it
    secret: bool = False  # never printed
    problem: str = "is not a valid value"  # what an error says of an invalid value (or item)

    def default_text(self) -> str:
        if self.shown_default:
            return self.shown_default
        if isinstance(self.default, bool):
            return "off"
        if isinstance(self.default, float) and self.default.is_integer():
            return str(int(self.default))
        return str(self.default)

    def value(self, raw: str) -> object:
        """``raw`` read as this setting's type; an invalid one is a SettingsError naming the variable."""
        try:
            return self.parse(raw)
        except ValueError as exc:
            bad = exc.item if isinstance(exc, _BadItem) else raw
            raise SettingsError(
                f"{bad!r} {self.problem}", source=self.name, expected=self.valid.replace("`", "")
            ) from None


DECLARED: tuple[Setting, ...] = (
    Setting(
        ENV_STORE, "store_path", "path", None, "a folder (created when missing)",
        "Embedded store folder.", _path, shown_default="`~/.local/share/cchc-kg/store` "
        "(under `$XDG_DATA_HOME` when set; `make run` uses `var/store`)", flag="--store",
    ),
    Setting(
        ENV_BASE_IRI, "base_iri", "IRI", DEFAULT_BASE_IRI, "an absolute http(s) IRI",
        "Base IRI of the minted IRIs.", _http_iri, flag="--base-iri",
    ),
    Setting(
        ENV_ENDPOINT, "endpoint", "URL", None, "an absolute http(s) URL",
        "Remote SPARQL 1.1 query endpoint; replaces the embedded store.", _http_iri,
        shown_default="none (the embedded store)", flag="--endpoint",
    ),
    Setting(
        ENV_UPDATE_ENDPOINT, "update_endpoint", "URL", None, "an absolute http(s) URL",
        "Remote SPARQL Update endpoint (ingest into the remote store).", _http_iri,
        shown_default="the query endpoint", flag="--update-endpoint",
    ),
    Setting(
        ENV_USER, "user", "text", None, "any text", "User for the remote endpoints (HTTP Digest or Basic).",
        _text, shown_default="none", flag="--user",
    ),
    Setting(
        ENV_PASSWORD, "password", "text", None, "any text", "Password for the remote endpoints.", _text,
        shown_default="none", flag="--password", secret=True,
    ),
    Setting(
        ENV_ENABLE_UPDATES, "updates_enabled", "flag", False, "one of " + ", ".join(FLAG_ON + FLAG_OFF),
        "SPARQL Update at `/sparql` (a write also needs the update token).", _flag,
        shown_default="off (read-only)",
    ),
    Setting(
        ENV_ENABLE_UPLOADS, "uploads_enabled", "flag", False, "one of " + ", ".join(FLAG_ON + FLAG_OFF),
        "Document upload: `POST /api/documents` and the web UI's `/upload` form (also needs the token).",
        _flag,
    ),
    Setting(
        ENV_UPDATE_TOKEN, "update_token", "text", None, "any text",
        "Bearer token that authorises writes (`Authorization: Bearer <token>`).", _text,
        shown_default="none (so no write is possible)", secret=True,
    ),
    Setting(
        ENV_QUERY_TIMEOUT, "query_timeout", "seconds", DEFAULT_QUERY_TIMEOUT, "a number of seconds > 0",
        "Query time limit: one deadline per request, on every route (and a remote store's HTTP timeout).",
        _seconds,
    ),
    Setting(
        ENV_MAX_ROWS, "max_rows", "integer", DEFAULT_MAX_ROWS, "a whole number >= 1",
        "Row cap of every route that returns rows (then `X-SPARQL-MaxRows`).", _positive,
    ),
    Setting(
        ENV_MAX_REQUEST_BYTES, "max_request_bytes", "bytes", DEFAULT_MAX_REQUEST_BYTES, "a whole number >= 1",
        "Largest request body accepted, on every route (else 413).", _positive,
        shown_default="10485760 (10 MiB)",
    ),
    Setting(
        ENV_CORS_ORIGINS, "cors_origins", "list", (), "`*` or comma-separated origins",
        "Origins allowed to call the API from a browser (`*`: any).", _origins,
        shown_default="none (cross-origin denied)",
    ),
    Setting(
        ENV_QUERY_WORKERS, "query_workers", "integer", DEFAULT_QUERY_WORKERS, "a whole number >= 0",
        "Query worker processes over an on-disk store (`0`: queries in threads, which cannot be stopped).",
        _count,
    ),
    Setting(
        ENV_RESULT_CACHE, "result_cache_cells", "integer", DEFAULT_RESULT_CACHE, "a whole number >= 0",
        "Answers kept until the next write, in values (rows x columns); `0`: off.", _count,
    ),
    Setting(
        ENV_RESPONSE_CACHE, "response_cache_bytes", "bytes", DEFAULT_RESPONSE_CACHE, "a whole number >= 0",
        "GET responses kept until the next write, in bytes; `0`: off.", _count,
        shown_default="134217728 (128 MiB)",
    ),
    Setting(
        ENV_WORKER_MEMORY, "worker_memory_mb", "MB", DEFAULT_WORKER_MEMORY_MB, "a whole number >= 0",
        "Resident memory a query worker may keep after a query, else it is replaced; `0`: no limit.", _count,
    ),
    Setting(
        ENV_FEDERATION_ALLOW, "federation_allow", "list", (),
        "absolute http(s) IRIs separated by commas or spaces, e.g. https://query.wikidata.org/",
        "Endpoint IRI prefixes that `SERVICE` and `LOAD` may call.", _prefixes,
        shown_default="none (no `SERVICE`, no `LOAD`)",
        problem="is not an endpoint IRI prefix",
    ),
)  # fmt: skip

BY_NAME = {setting.name: setting for setting in DECLARED}


def read_environment(environ: Mapping[str, str] | None = None) -> dict[str, object]:
    """The declared settings that are set (non-empty) in ``environ``, by attribute, validated."""
    env = os.environ if environ is None else environ
    values: dict[str, object] = {}
    for setting in DECLARED:
        raw = env.get(setting.name, "")
        if raw.strip():
            values[setting.attribute] = setting.value(raw)
    return values


@dataclass(frozen=True)
class Settings:
    """Where the data is, and what the HTTP server allows. The defaults are safe: read-only, no uploads.

    The field defaults are the declared ones (``DECLARED``)."""

    store_path: Path
    base_iri: str
    endpoint: str | None = None
    update_endpoint: str | None = None
    user: str | None = None
    password: str | None = None
    updates_enabled: bool = False
    uploads_enabled: bool = False
    update_token: str | None = None
    query_timeout: float = DEFAULT_QUERY_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES
    cors_origins: tuple[str, ...] = ()
    query_workers: int = DEFAULT_QUERY_WORKERS  # used over an on-disk store only (api.serving.query_pool)
    result_cache_cells: int = DEFAULT_RESULT_CACHE
    response_cache_bytes: int = DEFAULT_RESPONSE_CACHE
    worker_memory_mb: int = DEFAULT_WORKER_MEMORY_MB
    federation_allow: tuple[str, ...] = ()

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
        *,
        environ: Mapping[str, str] | None = None,
    ) -> Settings:
        """Flags win over environment variables, which win over the declared defaults.

        Every ``CCHC_KG_*`` variable is validated (even one a flag overrides): an invalid one raises
        SettingsError, naming the variable and the valid values."""
        values = read_environment(environ)
        flags = {
            "base_iri": (base_iri, "--base-iri"),
            "endpoint": (endpoint, "--endpoint"),
            "update_endpoint": (update_endpoint, "--update-endpoint"),
        }
        for given, option in flags.values():
            if given and not valid_prefix(given):
                raise SettingsError(
                    f"{given!r} is not a valid value", source=option, expected="an absolute http(s) IRI"
                )
        overrides = {"base_iri": base_iri, "endpoint": endpoint, "update_endpoint": update_endpoint}
        overrides |= {"user": user, "password": password}
        values |= {name: value for name, value in overrides.items() if value}
        values["store_path"] = store or values.get("store_path") or default_store_path(environ)
        values.setdefault("base_iri", DEFAULT_BASE_IRI)
        return cls(**values)  # type: ignore[arg-type]


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return ", ".join(value)
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def describe(settings: Settings) -> list[dict[str, str]]:
    """One row per declared setting: name, value in use (secrets shown as "(set)"), default, valid values,
    help (plain text)."""
    rows = []
    for setting in DECLARED:
        value = getattr(settings, setting.attribute)
        rows.append(
            {
                "name": setting.name,
                "value": "(set)" if setting.secret and value else _shown(value),
                "default": setting.default_text().replace("`", ""),
                "valid": setting.valid.replace("`", ""),
                "help": setting.help.replace("`", ""),
            }
        )
    return rows


def option_help(name: str, what: str = "") -> str:
    """The help of the command-line option overriding setting ``name``: ``what`` (else the declared help),
    the variable and its declared default."""
    setting = BY_NAME[name]
    text = (what or setting.help).replace("`", "")
    default = setting.default_text().replace("`", "")
    return f"{text.rstrip('.')} (env {name}; default {default})."


def markdown_table() -> str:
    """The settings table of ``api/README.md`` (checked by tests/test_settings.py)."""
    lines = ["| environment | flag | what | valid values | default |", "|---|---|---|---|---|"]
    for setting in DECLARED:
        flag = f"`{setting.flag}`" if setting.flag else ""
        default = setting.shown_default or f"`{setting.default_text()}`"
        lines.append(f"| `{setting.name}` | {flag} | {setting.help} | {setting.valid} | {default} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
