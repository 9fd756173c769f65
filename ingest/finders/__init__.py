"""Table finders for plain text, registered like the format readers: name -> function(lines) -> tables.

Each finder recognises one way of writing a table in text and returns :class:`ingest.model.Table` objects
whose cells keep their source lines. The task recogniser (``ingest.recognise``) reads whatever they find.
``lines`` are the document's lines (1-based line ``i`` is ``lines[i - 1]``).
"""

from __future__ import annotations

from collections.abc import Callable

from ingest.model import Block, Paragraph, Table
from ingest.records import Span

Finder = Callable[[list[str]], list[Table]]

_FINDERS: dict[str, Finder] = {}
_DEFAULTS: list[bool] = []  # non-empty once the built-in finders are registered


def register_finder(name: str, func: Finder) -> None:
    """Use ``func`` (under ``name``) to find tables in plain text."""
    _FINDERS[name] = func


def finders() -> dict[str, Finder]:
    """The registered finders by name, built-in ones first."""
    if not _DEFAULTS:
        _DEFAULTS.append(True)
        from ingest.finders.grid import find_grid_tables
        from ingest.finders.markdown import find_markdown_tables
        from ingest.finders.pipe_cells import find_pipe_cell_tables
        from ingest.finders.pipe_numbered import find_pipe_numbered_tables
        from ingest.finders.tab_rows import find_tab_tables

        for name, func in (
            ("tab-rows", find_tab_tables),
            ("pipe-cells", find_pipe_cell_tables),
            ("pipe-numbered", find_pipe_numbered_tables),
            ("markdown-rows", find_markdown_tables),
            ("grid-rows", find_grid_tables),
        ):
            _FINDERS.setdefault(name, func)
    return dict(_FINDERS)


def find_tables(lines: list[str]) -> list[Table]:
    """The tables every registered finder finds in ``lines``, in document order."""
    found = [table for func in finders().values() for table in func(lines) if table.rows]
    return sorted(found, key=lambda table: table.span.first)


def document_blocks(lines: list[str], tables: list[Table] | None = None) -> list[Block]:
    """The document as ordered blocks: ``tables`` (by default those the finders find) and, between
    them, paragraphs (runs of non-blank lines; a blank line or a lone "|" ends a paragraph)."""
    tables = sorted(find_tables(lines) if tables is None else tables, key=lambda table: table.span.first)
    inside = {number for table in tables for number in range(table.span.first, table.span.last + 1)}
    blocks: list[Block] = []
    run: list[int] = []

    def close() -> None:
        if run:
            text = " ".join(lines[number - 1].strip() for number in run)
            blocks.append(Paragraph(text, Span(run[0], run[-1])))
            run.clear()

    pending = list(tables)
    for number, line in enumerate(lines, start=1):
        while pending and pending[0].span.first <= number:
            close()
            blocks.append(pending.pop(0))
        if number in inside or line.strip() in ("", "|"):
            close()
            continue
        run.append(number)
    close()
    blocks.extend(pending)
    return blocks
