"""Table finders for plain text, registered like the format readers: name -> function(lines) -> tables.

Each finder recognises one way of writing a table in text and returns :class:`ingest.model.Table` objects
whose cells keep their source lines. The task recogniser (``ingest.tables``) reads whatever they find.
``lines`` are the document's lines (1-based line ``i`` is ``lines[i - 1]``).
"""

from __future__ import annotations

from collections.abc import Callable

from ingest.model import Table

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
        from ingest.finders.markdown import find_markdown_tables
        from ingest.finders.pipe_cells import find_pipe_cell_tables
        from ingest.finders.tab_rows import find_tab_tables

        for name, func in (
            ("tab-rows", find_tab_tables),
            ("pipe-cells", find_pipe_cell_tables),
            ("markdown-rows", find_markdown_tables),
        ):
            _FINDERS.setdefault(name, func)
    return dict(_FINDERS)


def find_tables(lines: list[str]) -> list[Table]:
    """The tables every registered finder finds in ``lines``, in document order."""
    found = [table for func in finders().values() for table in func(lines) if table.rows]
    return sorted(found, key=lambda table: table.span.first)
