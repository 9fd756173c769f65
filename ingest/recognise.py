"""The task recogniser: tasks, sections and findings from any :class:`ingest.model.Table`.

Column roles come from the header row through the one vocabulary of ``ingest.tables.header_role``, so
columns may come in any order and wording. Then, row by row:

* a row that repeats the header (possibly with merged header cells) is skipped;
* a row with no assignment (no lead, partner, time, product, budget or note) is a heading: an upper-case
  letter is a part (``A``), a Roman numeral a group (``I``), an Arabic or dotted number a sub-group
  (``5.1``); its title is the first non-empty cell after the number (any column: a sub-group may carry it
  in the lead column); a heading without a number is an unnumbered group;
* a numbered row with a task text is a task; its code joins part, group and number ("A.I.1.1", "II.3"),
  so numbering may run on across groups or restart in each; a letter row under a numbered task is its
  sub-task;
* a row without a number that has cells is a continuation of the task above (merged cell by cell);
* a task row with fewer cells than the header lost merged cells: the missing columns are chosen so that
  the cells it has fit their columns best, and take the text of the row above (a finding says so).

A table whose header names a lead or partner column but from which no task was read is an error-level
finding: a task table was not understood. A table without a lead or partner column is not a task table.
"""

from __future__ import annotations

import re
from itertools import combinations

from ingest.model import Cell, Row, Table
from ingest.normalize.text import fold
from ingest.records import Finding, Severity, Span
from ingest.tables import (
    ROLES,
    RecordBuilder,
    TableResult,
    header_role,
    join_code,
    parse_number,
    split_deliverables,
)

_ASSIGNMENT = ("lead", "partner", "time", "product", "budget", "note")
_PART = re.compile(r"^(?P<num>[A-Z])\s*[.)]?(?:\s+(?P<title>\S.*))?$")
_BULLET_LINE = re.compile(r"^\s*(?:[-+•–]|\*(?!\*))\s*")
_TIME_WORDS = re.compile(
    r"\b(19|20)\d\d\b|\bquy\b|\bqui\b|\bthang\b|\bnam\b|thuong xuyen|hang nam|hàng năm|dinh ky|truoc ngay"
)
_AGENCY_START = re.compile(
    r"^(so|bo|ubnd|uy ban|ban|cuc|vu|cac|cong an|van phong|trung tam|co quan|don vi|hoi|tinh doan|"
    r"ngan hang|bao|dai|truong|vien|thanh tra|kho bac|bhxh|bao hiem)\b"
)


def table_roles(cells: list[str]) -> list[str | None] | None:
    """Roles of a header row (number and task columns and at least three named), or None."""
    roles = [header_role(text) if text else None for text in cells]
    known = [role for role in roles if role]
    if "number" not in known or "task" not in known or len(known) < 3:
        return None
    if len(known) < len([text for text in cells if text]) / 2:
        return None
    return roles


def _is_repeated_header(texts: list[str]) -> bool:
    """A row whose non-empty cells all name columns (a header repeated after a group row), or that
    numbers the columns ("(1)", "(2)"... or 1, 2, 3...)."""
    filled = [text for text in texts if text]
    if len(filled) >= 2 and all(header_role(text) for text in filled):
        return True
    ordinals = [text.strip("()") for text in filled]
    return len(filled) >= 3 and ordinals == [str(n) for n in range(1, len(filled) + 1)]


def _unwrap(raw: str) -> str:
    """Join a cell's hard-wrapped lines; a bullet line ("- ...", "+ ...") starts a new line."""
    out: list[str] = []
    for line in raw.splitlines():
        if not line.strip():
            continue
        if not out or _BULLET_LINE.match(line) or out[-1].strip() in ("-", "+", "•", "–"):
            if out and out[-1].strip() in ("-", "+", "•", "–"):
                out[-1] = f"{out[-1].strip()} {line.strip()}"
            else:
                out.append(line.strip())
        else:
            out[-1] = f"{out[-1]} {line.strip()}"
    return "\n".join(out)


def _fit(role: str | None, text: str) -> int:
    """How well ``text`` fits a column of ``role`` (used to place the cells of a short row)."""
    if not text or role is None:
        return 0
    folded = fold(text)
    timelike = bool(_TIME_WORDS.search(folded)) and len(folded) < 60
    agencylike = bool(_AGENCY_START.match(folded))
    if role == "time":
        return 2 if timelike and not agencylike else -2
    if role in ("lead", "partner"):
        return 2 if agencylike else -2 if timelike else 0
    if role == "task":
        return 1 if len(text) > 40 else 0
    if role == "number":
        return 2 if parse_number(text) else -3
    return 0 if timelike or agencylike else 1


def _align(row: Row, roles: list[str | None], above: list[Cell] | None) -> tuple[list[Cell], list[str]]:
    """A short task row's cells placed in their columns; covered ones from ``above``. Returns the cells
    and the roles of the covered columns."""
    width = len(roles)
    missing = width - len(row.cells)
    if missing <= 0 or above is None or len(above) < width:
        return row.cells + [Cell("", row.span)] * max(0, missing), []
    best: tuple[int, tuple[int, ...]] | None = None
    candidates = [index for index in range(width) if roles[index] not in ("number", "task", None)]
    for gone in combinations(candidates, missing):
        kept = [index for index in range(width) if index not in gone]
        score = sum(_fit(roles[index], cell.text) for index, cell in zip(kept, row.cells, strict=True))
        if best is None or score > best[0]:  # ties: the leftmost columns are the merged ones
            best = (score, gone)
    if best is None:
        return row.cells + [Cell("", row.span)] * missing, []
    cells: list[Cell] = []
    given = iter(row.cells)
    for index in range(width):
        if index in best[1]:
            source = above[index]
            cells.append(Cell(source.raw, source.span, covered=True, bold=source.bold))
        else:
            cells.append(next(given))
    return cells, [str(roles[index]) for index in best[1]]


class _Reader:
    """Reads the rows of one table into a RecordBuilder."""

    def __init__(self, table: Table, header: int, roles: list[str | None], build: RecordBuilder) -> None:
        self.table, self.header, self.roles = table, header, roles
        self.build = build
        self.part = self.group = self.subgroup = ""
        self.parent: str | None = None  # the last numbered task (for letter sub-tasks)
        self.unnumbered = 0
        self.cut = False  # rows were elided just before the current row (the site cut the table)
        self.last_number = 0  # the last plain task number read in the current group
        self.roman = False  # True once a Roman group row was read (Arabic headings are then sub-groups)
        self.previous: list[Cell] | None = None

    @property
    def section(self) -> str:
        return join_code(self.part, self.group)

    def cells_by_role(self, cells: list[Cell]) -> dict[str, str]:
        values: dict[str, list[str]] = {}
        for cell, role in zip(cells, self.roles, strict=False):
            if role and not cell.empty:
                values.setdefault(role, []).append(_unwrap(cell.raw))
        return {role: "; ".join(values.get(role, [])) for role in ROLES}

    def read(self) -> int:
        """Read the rows into the builder; returns the number of tasks read."""
        before = len(self.build.result.tasks)
        self.build.result.findings.extend(self.table.findings)
        for row in self.table.rows[self.header + 1 :]:
            self.row(row)
        read = len(self.build.result.tasks) - before
        if read:
            self.build.result.table_spans.append(self.table.span)
        return read

    def row(self, row: Row) -> None:
        if row.cut_before:
            self.cut = True
        texts = row.texts()
        if _is_repeated_header(texts):
            return
        width = len(self.roles)
        values = self.cells_by_role(row.cells[:width])
        number_col = self.roles.index("number")
        number = texts[number_col] if number_col < len(texts) else ""
        others = [text for index, text in enumerate(texts) if text and index != number_col]
        if not any(values[role] for role in _ASSIGNMENT) or (not values["task"] and len(others) <= 1):
            self.heading(row, texts, number)
            return
        parsed = parse_number(number) if number else None
        if parsed is None and number and len(row.cells) < width and self.build.result.tasks:
            # the number cell spans this row too (a task written over several rows): a continuation
            shifted = [Cell("", row.span), *row.cells]
            self.continuation(row, self.cells_by_role(shifted[:width]))
            return
        if parsed is None and number:
            self.build.result.findings.append(
                Finding("unparsed-row", f"row number '{number}' not understood; row skipped", row.span.first)
            )
            return
        if parsed is None:
            self.continuation(row, values)
            return
        cells = row.cells
        if len(cells) < width:
            cells, covered = _align(row, self.roles, self.previous)
            if covered:
                message = (
                    f"row {number} has {len(row.cells)} of {width} cells: its {', '.join(covered)} cell"
                    " is taken from the row above (a merged cell)"
                )
                self.build.result.findings.append(Finding("other", message, row.span.first, subject=number))
            values = self.cells_by_role(cells[:width])
        self.previous = cells
        self.task(row, parsed, values)

    def heading(self, row: Row, texts: list[str], number: str) -> None:
        """A part, group or sub-group row (no assignment cells)."""
        filled = [text for text in texts if text]
        if not filled:
            return
        first = number or filled[0]
        rest = [text for text in filled if text != first]
        part = _PART.match(first)
        parsed = parse_number(first)
        span = row.span
        if part and (parsed is None or parsed[0] != "roman"):
            self.part, self.group, self.subgroup, self.parent = part["num"], "", "", None
            self.build.section(self.part, part["title"] or (rest[0] if rest else ""), span)
            return
        if parsed is None:
            title = " ".join(filled)
            if not (all(cell.bold for cell in row.cells if not cell.empty) or title.isupper()):
                return  # plain text without a number: not a group title
            self.unnumbered += 1
            self.group, self.subgroup, self.parent = str(self.unnumbered), "", None
            self.build.section(self.section, " ".join(filled), span)
            return
        kind, num, title = parsed
        title = title or (rest[0] if rest else "")
        if kind == "roman" or (kind == "arabic" and not self.roman):
            self.group, self.subgroup, self.parent = num, "", None
            self.roman = self.roman or kind == "roman"
            self.last_number = 0
            self.build.section(self.section, title, span)
        else:  # a sub-group (5.1 Thương mại) or a task heading whose sub-tasks follow
            self.subgroup, self.parent = num, None

    def after_cut(self, row: Row, first: int | None) -> None:
        """The first task after a cut: numbering that restarts belongs to a group whose heading was cut."""
        self.cut = False
        if first is None or first > self.last_number:
            return
        self.group = f"{self.group}'" if self.group else "'"
        self.subgroup, self.parent = "", None
        self.build.section(self.section, "", row.span, inferred=True)
        message = (
            f"numbering restarts at {first} after the cut: these rows belong to a group whose heading"
            f" is missing ({self.section})"
        )
        self.build.result.findings.append(Finding("missing-section", message, row.span.first))

    def continuation(self, row: Row, values: dict[str, str]) -> None:
        tasks = self.build.result.tasks
        if not tasks:
            message = "a row without a number before any numbered row; skipped"
            self.build.result.findings.append(Finding("unparsed-row", message, row.span.first))
            return
        task = tasks[-1]
        for role, attr, joiner in (
            ("task", "text", " "),
            ("lead", "lead_text", "; "),
            ("partner", "partner_text", "; "),
            ("time", "time_text", "; "),
            ("budget", "budget_text", "; "),
            ("note", "note_text", " "),
        ):
            extra = " ".join(values.get(role, "").split())
            if extra:
                setattr(task, attr, joiner.join(part for part in (getattr(task, attr), extra) if part))
        task.deliverables += split_deliverables(values.get("product", ""))
        task.span = task.span.merge(row.span)

    def task(self, row: Row, parsed: tuple[str, str, str], values: dict[str, str]) -> None:
        kind, num, title = parsed
        if title:
            values["task"] = f"{title} {values['task']}".strip()
        if not values["task"]:
            message = f"row {num} has assignment cells but no task text; skipped"
            self.build.result.findings.append(Finding("unparsed-row", message, row.span.first, subject=num))
            return
        first = int(num.split(".")[0]) if num[0].isdigit() else None
        if self.cut and kind != "letter":
            self.after_cut(row, first)
        if first is not None:
            self.last_number = first
        section = self.section
        if kind == "letter":
            parent = self.parent
            code = join_code(parent or join_code(section, self.subgroup), num)
        elif kind == "dotted" and not self.roman and self.group and num.startswith(f"{self.group}."):
            code, parent = join_code(self.part, num), None  # "1.2" under heading "1" is 1.2, not 1.1.2
        else:
            code, parent = join_code(section, num), None
        item = row.texts()[self.roles.index("number")].split()[0]
        span = Span(row.span.first, row.span.last)
        code = self.build.task(code, item, section, parent, span, values)
        if kind != "letter":
            self.parent = code


def find_header(table: Table) -> tuple[int, list[str | None]] | None:
    """The first header row of ``table`` and its column roles."""
    for index, row in enumerate(table.rows[:40]):
        roles = table_roles(row.texts())
        if roles is not None:
            return index, roles
    return None


def read_tables(tables: list[Table]) -> TableResult:
    """Tasks and sections of the task tables among ``tables`` (one builder: codes unique in the plan)."""
    build = RecordBuilder()
    for table in tables:
        read_table(table, build)
    return build.result


def read_table(table: Table, build: RecordBuilder | None = None) -> TableResult:
    """Tasks and sections of one found table, added to ``build`` (returns its result); nothing is added
    when the table is not a task table."""
    build = build or RecordBuilder()
    found = find_header(table)
    if found is None:
        return build.result
    header, roles = found
    if "lead" not in roles and "partner" not in roles:
        return build.result  # a table of figures or targets without agencies: not a task table
    read = _Reader(table, header, roles, build).read()
    line = table.rows[header].span.first
    if "lead" not in roles:
        message = "the task table has no lead-agency column (cơ quan chủ trì); its tasks have no lead"
        build.result.findings.append(Finding("other", message, line, subject="lead column"))
    if not read:
        names = ", ".join(repr(text) for text in table.rows[header].texts() if text)
        message = f"a task table (columns {names}) was found but no task was read from it"
        build.result.findings.append(Finding("no-task-table", message, line, Severity.ERROR))
    return build.result
