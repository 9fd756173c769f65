"""Render query rows as a table, JSON, CSV or TSV (the CLI's --format)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from rdflib import URIRef
from rdflib.term import Identifier
from rich.table import Table

FORMATS = ("table", "json", "csv", "tsv")


def cell(value: Identifier | None) -> str:
    """A term as plain text ("" when unbound)."""
    return "" if value is None else str(value)


def to_table(
    columns: Sequence[str], rows: Sequence[dict[str, Identifier]], title: str | None = None
) -> Table:
    table = Table(*columns, title=title, show_lines=False)
    for row in rows:
        table.add_row(*(cell(row.get(c)) for c in columns))
    return table


def to_json(columns: Sequence[str], rows: Sequence[dict[str, Identifier]]) -> str:
    """A JSON list of objects; IRIs and literals as strings."""
    return json.dumps([{c: cell(row.get(c)) for c in columns} for row in rows], ensure_ascii=False, indent=2)


def to_delimited(columns: Sequence[str], rows: Sequence[dict[str, Identifier]], delimiter: str) -> str:
    """CSV (delimiter ",") or TSV (delimiter "\\t") with a header line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [cell(row.get(c)).replace("\t", " ") if delimiter == "\t" else cell(row.get(c)) for c in columns]
        )
    return buffer.getvalue()


def is_iri(value: Identifier | None) -> bool:
    return isinstance(value, URIRef)
