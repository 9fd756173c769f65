"""The project's own SPARQL texts (``queries/internal/*.rq``): inference rules, parameter resolution, the
store's bookkeeping. Not named queries: ``cchc-kg queries`` does not list them.

Each file has the header the named queries have (``# name:`` equal to the file's stem, ``# summary:``,
one ``# param:`` line per bound variable, ``# columns:`` for a SELECT), then its own PREFIX lines. A
parameter is bound to the variable of its name (``queries.binding``); a ``values`` parameter is bound as a
VALUES block of several rows, at the text's ``# values: ?a ?b`` line or the start of its WHERE group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from queries.errors import QuerySyntaxError

INTERNAL_DIR = Path(__file__).resolve().parent / "internal"
INTERNAL_PARAM_TYPES = ("iri", "string", "date", "integer", "values")
_FIELD = re.compile(r"^#\s*(?P<key>[a-z]+):\s*(?P<value>.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z][A-Za-z0-9_]*)\s*\((?P<type>\w+),\s*(?:required|optional)\)\s*[—–-]+\s*(?P<text>\S.*)$"
)


@dataclass(frozen=True)
class SparqlText:
    """One internal ``.rq`` file: its header and text."""

    name: str
    summary: str
    params: tuple[str, ...]
    columns: tuple[str, ...]
    text: str
    path: Path


def header(text: str) -> list[tuple[str, str]]:
    """The ``# key: value`` lines of a ``.rq`` file's leading comment block, in order (any key)."""
    fields = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _FIELD.match(line)
        if match:
            fields.append((match["key"], match["value"]))
    return fields


def parse_sparql_file(path: Path) -> SparqlText:
    """Read one internal ``.rq`` file; QuerySyntaxError when its header is incomplete."""
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    params: list[str] = []
    for key, value in header(text):
        if key == "param":
            param = _PARAM.match(value.strip())
            if not param or param["type"] not in INTERNAL_PARAM_TYPES:
                raise QuerySyntaxError(
                    f"malformed parameter {value!r}",
                    source=str(path),
                    expected="'name (type, required|optional) — description', type one of "
                    + ", ".join(INTERNAL_PARAM_TYPES),
                )
            params.append(param["name"])
        elif key in ("name", "summary", "columns"):
            fields[key] = value.strip()
    if fields.get("name") != path.stem or not fields.get("summary"):
        raise QuerySyntaxError("header needs '# name: <file stem>' and '# summary: …'", source=str(path))
    columns = tuple(c.strip() for c in fields.get("columns", "").split(",") if c.strip())
    return SparqlText(fields["name"], fields["summary"], tuple(params), columns, text, path)


@cache
def sparql_file(name: str) -> SparqlText:
    """The internal SPARQL text ``queries/internal/{name}.rq`` (read once)."""
    return parse_sparql_file(INTERNAL_DIR / f"{name}.rq")


def sparql(name: str) -> str:
    """The text of ``queries/internal/{name}.rq``."""
    return sparql_file(name).text
