"""What the SPARQL editor shows of a result: linked cells, ASK/CONSTRUCT outcomes, inline errors, edges."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from api import writers
from api.web.links import document_url, id_url, is_iri, plan_url
from ontology.errors import CchcError
from queries.library import QueryResult

MAX_EDITOR_ROWS = 2000
_POSITION = re.compile(r"error at (\d+):(\d+)")


@dataclass
class Cell:
    text: str
    href: str | None = None


@dataclass
class EditorRun:
    """What the editor shows after running a query."""

    columns: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    total: int = 0
    boolean: bool | None = None
    triples: int | None = None
    error: str | None = None
    error_kind: str = ""
    error_status: int = 400  # the HTTP status of the page (503 for a query stopped at the time limit)
    position: tuple[int, int] | None = None
    error_line: str = ""
    edges: list[tuple[str, str, int]] = field(default_factory=list)


def cell(column: str, value: object, base: str) -> Cell:
    """A result value with the link it deserves: IRIs to their page, plan numbers to the plan page."""
    if value is None:
        return Cell("")
    text = writers.text(value)
    if is_iri(text):
        return Cell(text, id_url(text, base))
    if column == "plan_number" and text:
        return Cell(text, plan_url(text))
    if column in ("agency", "lead", "partner") and text:
        return Cell(text, "/search?" + urlencode({"q": text}))
    if column == "number" and text:
        return Cell(text, document_url(text))
    return Cell(text)


def result_edges(result: QueryResult) -> list[tuple[str, str, int]]:
    """Edges when the result is edges: lead and partner columns, or exactly two IRI/agency columns."""
    columns = result.columns
    pair: tuple[int, int] | None = None
    if "lead" in columns and "partner" in columns:
        pair = (columns.index("lead"), columns.index("partner"))
    else:
        iri_columns = [
            i for i, _ in enumerate(columns) if result.rows and all(is_iri(row[i]) for row in result.rows)
        ]
        if len(iri_columns) == 2:
            pair = (iri_columns[0], iri_columns[1])
    if pair is None or not result.rows:
        return []
    weight = columns.index("tasks") if "tasks" in columns else None
    edges: Counter[tuple[str, str]] = Counter()
    for row in result.rows:
        a, b = row[pair[0]], row[pair[1]]
        if a and b:
            value = row[weight] if weight is not None else 1
            edges[(str(a), str(b))] += int(value) if isinstance(value, int) else 1
    return [(a, b, n) for (a, b), n in edges.items()]


def to_run(result: QueryResult | EditorRun, base: str) -> EditorRun:
    """The result as table cells, with edges for the network view."""
    if isinstance(result, EditorRun):
        return result
    shown = result.rows[:MAX_EDITOR_ROWS]
    return EditorRun(
        columns=list(result.columns),
        rows=[[cell(c, v, base) for c, v in zip(result.columns, row, strict=True)] for row in shown],
        total=len(result.rows),
        edges=result_edges(result),
    )


def failed(error: CchcError, text: str) -> EditorRun:
    """An error for inline display, with the parser's position and the offending line when it gives one."""
    outcome = EditorRun(
        error=error.message, error_kind=type(error).__name__, error_status=getattr(error, "status", 400)
    )
    match = _POSITION.search(error.message)
    if match:
        line, column = int(match.group(1)), int(match.group(2))
        outcome.position = (line, column)
        lines = text.splitlines()
        if 0 < line <= len(lines):
            outcome.error_line = lines[line - 1]
    return outcome
