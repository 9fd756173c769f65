"""How the CLI prints rows (``--format``, ``--columns``): a table for people, or a writer of the registry.

``table`` on a terminal is a rich table whose long values fold onto more lines (nothing is cut with "…");
``table`` when stdout is not a terminal (piped, redirected) is plain text: a header line, then one line
per row, columns padded to their widest value and separated by two spaces, full values, no wrapping and
no box characters. Every other format is a writer of ``api.writers`` (json, csv, tsv, xml-sparql,
json-sparql), the very writers REST and the editor's downloads use; a graph is Turtle, or -f nt, jsonld,
rdfxml.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from api.writers import GRAPH_FORMATS, ROW_FORMATS, Output, UnknownFormat, by_name, plain, text
from ontology.errors import CchcError

FORMATS = ("table", *(w.name for w in ROW_FORMATS))
GAP = "  "


class UnknownColumn(CchcError):
    """``--columns`` names a column the result does not have."""


def choose_columns(columns: Sequence[str], wanted: str | None) -> list[str]:
    """The columns ``--columns a,b`` asks for, in that order (all when not given); UnknownColumn else."""
    if not wanted or not wanted.strip():
        return list(columns)
    chosen = [name.strip() for name in wanted.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in columns]
    if unknown:
        raise UnknownColumn(
            f"unknown column{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}",
            expected="one of " + ", ".join(columns),
        )
    return chosen


def to_table(output: Output, title: str | None = None) -> Table:
    """A rich table for a terminal: long values fold (no "…"), numbers right-aligned."""
    table = Table(title=title, show_lines=False)
    for column in output.columns:
        numeric = bool(output.rows) and all(
            isinstance(v, int | float) and not isinstance(v, bool)
            for row in output.rows
            if (v := plain(row.get(column))) is not None
        )
        table.add_column(column, overflow="fold", justify="right" if numeric else "left")
    for row in output.rows:
        table.add_row(*(text(row.get(c)) for c in output.columns))
    return table


def to_plain(output: Output) -> str:
    """Aligned plain text for a pipe: header, one line per row, full values (line breaks as spaces)."""
    lines = [list(output.columns)] + [
        [" ".join(text(row.get(c)).split("\n")) for c in output.columns] for row in output.rows
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(output.columns))]
    return "".join(
        GAP.join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip() + "\n"
        for line in lines
    )


def render_rows(output: Output, output_format: str, console: Console, title: str | None = None) -> None:
    """Print ``output`` on ``console`` in ``output_format`` (``table`` or a row writer's name)."""
    if output_format == "table":
        if console.is_terminal:
            console.print(to_table(output, title))
        else:
            console.file.write(to_plain(output))
        return
    try:
        writer = by_name(output_format, ROW_FORMATS)
    except UnknownFormat:
        raise CchcError(f"unknown format {output_format!r}", expected=", ".join(FORMATS)) from None
    console.file.write(writer.write(output))


def render_graph(output: Output, output_format: str, console: Console) -> None:
    """Print a graph (CONSTRUCT, DESCRIBE): Turtle for ``table``, else a graph writer (nt, jsonld …)."""
    graph_formats = ", ".join(w.name for w in GRAPH_FORMATS)
    try:
        writer = by_name("ttl" if output_format == "table" else output_format, GRAPH_FORMATS)
    except UnknownFormat:
        raise CchcError(f"format {output_format!r} cannot carry a graph", expected=graph_formats) from None
    console.file.write(writer.write(output))
