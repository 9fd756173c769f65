"""The task recogniser: tasks, sections and findings from any :class:`ingest.model.Table`.

Column roles come from the header row through the one vocabulary of ``ingest.columns.header_role``, so
columns may come in any order and wording. Then, row by row:

* a row that repeats the header (possibly with merged header cells) is skipped;
* a row with no assignment (no lead, partner, time, product, budget or note) is a heading: an upper-case
  letter is a part (``A``), a Roman numeral a group (``I``), an Arabic or dotted number a sub-group
  (``5.1``); its title is the first non-empty cell after the number (any column: a sub-group may carry it
  in the lead column); a heading without a number is an unnumbered group;
* a numbered row with a task text is a task; its code joins part, group and number ("A.I.1.1", "II.3"),
  so numbering may run on across groups or restart in each; a letter row under a numbered task is its
  sub-task;
* an area column ("Nhiệm vụ chung", "Lĩnh vực") opens an unnumbered section each time its text changes
  (when no numbered group rows do);
* a row without a number that has cells is a continuation of the task above (merged cell by cell);
* a task row with fewer cells than the header lost merged cells: the missing columns are chosen so that
  the cells it has fit their columns best, and take the text of the row above (a finding says so).

A header without a row-number column is read when the task cells below it start with row numbers
("1. Rà soát ..."): the numbers are split off into a number column.

A task table needs a lead, partner or time column, or only known columns; a table of figures (value
columns such as "Năm 2025") is not one. A task table from which no task was read is an error-level
finding: a task table was not understood.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import combinations

from ingest.builder import RecordBuilder, TableResult, join_code, split_deliverables
from ingest.columns import LETTERS, ROLES, header_role, parse_row_number, roman_value, to_roman
from ingest.model import Cell, Row, Table
from ingest.normalize.text import clean_cell, fold
from ingest.records import Finding, Severity, Span

_ASSIGNMENT = ("lead", "partner", "time", "product", "budget", "note")
_NUMBER_PREFIX = re.compile(
    r"^(?P<num>\d{1,2}(?:\.\d{1,2})*[.)]|[IVXL]{1,6}\.|[a-zđ]\))\s*(?P<rest>\S.*)$", re.DOTALL
)
_PART = re.compile(r"^(?P<num>[A-Z])\s*[.)]?(?:\s+(?P<title>\S.*))?$")
_CELL_BREAK = re.compile(r"\s*(?:<br\s*/?>\s*)+", re.IGNORECASE)  # a paragraph break inside a table cell
_BULLET_LINE = re.compile(r"^\s*(?:[-+•–]|\*(?!\*))\s*")
_TIME_WORDS = re.compile(
    r"\b(19|20)\d\d\b|\bquy\b|\bqui\b|\bthang\b|\bnam\b|thuong xuyen|hang nam|hàng năm|dinh ky|truoc ngay"
)
_AGENCY_HEAD = re.compile(
    r"^(so|bo|cuc|vu|ban|uy ban|van phong|trung tam|hoi|ngan hang|bao|dai|truong|vien|kho bac|bao hiem"
    r"|tinh doan|thanh tra|doan)\s"
)  # followed by a capitalised name: "Sở Tư pháp", not "Bộ tiêu chí"
_AGENCY_WHOLE = re.compile(
    r"^(ubnd|uy ban nhan dan|cong an|co quan|don vi|cac (so|bo|co quan|don vi|dia phuong|nganh|cuc|vu|ban"
    r"|phong|xa|phuong|huyen|tinh|doanh nghiep|to chuc|hoi|truong|vien|trung tam|tap doan|ngan hang))\b"
)


def table_roles(cells: list[str]) -> list[str | None] | None:
    """Roles of a header row (number and task columns and at least three named), or None."""
    roles = [header_role(text) if text else None for text in cells]
    known = [role for role in roles if role]
    if "number" not in known or "task" not in known:
        return None
    if len(known) < len([text for text in cells if text]) / 2:
        return None
    return roles


def unnumbered_roles(cells: list[str]) -> list[str | None] | None:
    """Roles of a header row with no row-number column but task and agency columns (the number then
    starts the task cell: "1. Rà soát ..."), or None."""
    roles = [header_role(text) if text else None for text in cells]
    known = [role for role in roles if role]
    if "number" in known or "task" not in known or not {"lead", "partner"} & set(known):
        return None
    if len(known) < 3 or len(known) < len([text for text in cells if text]) / 2:
        return None
    return roles


def _split_number(text: str) -> tuple[str, str] | None:
    """ "1. Rà soát" -> ("1.", "Rà soát"); None when the text does not start with a row number."""
    match = _NUMBER_PREFIX.match(text)
    return (match["num"], match["rest"]) if match else None


def _with_number_column(table: Table, header: int, roles: list[str | None]) -> Table:
    """The table with a row-number column in front, taken from the start of each task cell."""
    task_col = roles.index("task")
    rows: list[Row] = []
    for index, row in enumerate(table.rows):
        cells = list(row.cells)
        number = Cell("STT" if index == header else "", row.span)
        if index > header and task_col < len(cells):
            split = _split_number(cells[task_col].text)
            if split:
                number = Cell(split[0], cells[task_col].span)
                cells[task_col] = Cell(split[1], cells[task_col].span, bold=cells[task_col].bold)
        rows.append(Row([number, *cells], row.span, row.cut_before))
    return Table(rows, table.finder, table.findings, table.drops_merged_cells)


def _is_repeated_header(texts: list[str]) -> bool:
    """A row whose non-empty cells all name columns (a header repeated after a group row), or that
    numbers the columns ("(1)", "(2)"... or 1, 2, 3...)."""
    filled = [text for text in texts if text]
    if len(filled) >= 2 and all(header_role(text) for text in filled):
        return True
    ordinals = [text.strip("()") for text in filled]
    return len(filled) >= 3 and ordinals == [str(n) for n in range(1, len(filled) + 1)]


@lru_cache(maxsize=1 << 14)  # a row's cells are read by role several times
def _unwrap(raw: str) -> str:
    """Join a cell's hard-wrapped lines; a bullet line ("- ...", "+ ...") starts a new line."""
    if "\n" not in raw:
        return raw
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


@lru_cache(maxsize=1 << 14)  # a row's cells are read by role several times
def _break_names(raw: str) -> str:
    """An agency cell whose names stand on their own paragraphs (a Word or HTML cell, a markdown "<br>"):
    a break before a capitalised word separates two names ("Sở Tư pháp<br>Tỉnh Đoàn"); a break before a
    lower-case word is a wrap inside one ("Sở Khoa học<br>và Công nghệ")."""
    parts = _CELL_BREAK.split(raw)
    out = parts[0]
    for part in parts[1:]:
        head = out.rstrip()
        glue = "; " if part[:1].isupper() and head and not head.endswith((",", ";", "-")) else " "
        out = f"{head}{glue}{part}" if head else part
    return out


def _agency_like(text: str, folded: str) -> bool:
    """Text that starts like an agency name ("Sở Tư pháp", "UBND các xã", "Các sở, ngành")."""
    if _AGENCY_WHOLE.match(folded):
        return True
    head = _AGENCY_HEAD.match(folded)
    if not head:
        return False
    rest = text.split(maxsplit=len(head.group(0).split()))
    return len(rest) > len(head.group(0).split()) and rest[len(head.group(0).split())][:1].isupper()


def _similarity(text: str, column: list[set[str]]) -> float:
    """How much ``text`` looks like the cells of a column in the table's full rows (0-3)."""
    words = set(fold(text).split())
    if not words or not column:
        return 0.0
    best = max(len(words & other) / len(words | other) for other in column)
    return 3.0 if best == 1.0 else 2.0 * best


def _fit(role: str | None, text: str) -> int:
    """How well ``text`` fits a column of ``role`` (used to place the cells of a short row)."""
    if not text or role is None:
        return 0
    folded = fold(text)
    timelike = bool(_TIME_WORDS.search(folded)) and len(folded) < 60
    agencylike = _agency_like(text, folded)
    if role == "time":
        return 2 if timelike and not agencylike else -2
    if role in ("lead", "partner"):
        return 2 if agencylike else -2 if timelike else 0
    if role == "task":
        return 1 if len(text) > 40 else 0
    if role == "number":
        return 2 if parse_row_number(text) else -3
    return 0 if timelike or agencylike else 1


def _align(
    row: Row, roles: list[str | None], above: list[Cell] | None, columns: list[list[set[str]]]
) -> tuple[list[Cell], list[str]]:
    """A short task row's cells placed in their columns; covered ones from ``above``. The placement is the
    one where the cells fit their columns best: by what the column holds (agencies, times) and by
    likeness to the column's cells in the table's complete rows (``columns``: their word sets). Returns
    the cells and the roles of the covered columns."""
    width = len(roles)
    missing = width - len(row.cells)
    if missing <= 0 or above is None or len(above) < width:
        return row.cells + [Cell("", row.span)] * max(0, missing), []
    best: tuple[float, tuple[int, ...]] | None = None
    candidates = [index for index in range(width) if roles[index] not in ("number", "task", None)]
    for gone in combinations(candidates, missing):
        kept = [index for index in range(width) if index not in gone]
        score = sum(
            _fit(roles[index], cell.text) + _similarity(cell.text, columns[index])
            for index, cell in zip(kept, row.cells, strict=True)
        )
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
        self.header_texts = table.rows[header].texts()
        self.build = build
        self.part = self.group = self.subgroup = ""
        self.prefix = (
            ""  # the table's own section when it is not the plan's first task table (see read_tables)
        )
        self.parent: str | None = None  # the last numbered task (for letter sub-tasks)
        self.unnumbered = 0
        self.cut = False  # rows were elided just before the current row (the site cut the table)
        self.last_number = 0  # the last plain task number read in the current group
        self.roman = False  # True once a Roman group row was read (Arabic headings are then sub-groups)
        self.group_by: str | None = None  # the kind of number of group rows (see group_kind)
        self.last_letter: int | None = None  # position of the last letter sub-task in LETTERS
        self.previous: list[Cell] | None = None
        self.last_values: dict[str, str] | None = None  # the cells of the last task, by role
        self.column_words: list[list[set[str]]] | None = None  # see columns()
        self.area_title = ""  # the text of the area column for the current rows
        self.auto_numbers, self.auto_count = False, 0  # rows numbered by the word processor (see read)
        self.header_rows = [self.header_texts]  # the header's lines (two when a column spans sub-columns)

    @property
    def section(self) -> str:
        return join_code(self.prefix, self.part, self.group)

    def cells_by_role(self, cells: list[Cell]) -> dict[str, str]:
        values: dict[str, list[str]] = {}
        for cell, role in zip(cells, self.roles, strict=False):
            if role and not cell.empty:
                raw = _break_names(cell.raw) if role in ("lead", "partner") else cell.raw
                values.setdefault(role, []).append(_unwrap(raw))
        # two time columns are a start and an end ("Bắt đầu" | "Hoàn thành"): a range
        return {role: (" - " if role == "time" else "; ").join(values.get(role, [])) for role in ROLES}

    def columns(self) -> list[list[set[str]]]:
        """Word sets of each column's cells in the table's complete numbered rows (for short rows)."""
        width = len(self.roles)
        if self.column_words is None or len(self.column_words) != width:
            full = [
                row
                for row in self.table.rows[self.header + 1 :]
                if len(row.cells) == width and parse_row_number(self.number_of(row))
            ]
            self.column_words = [
                [set(fold(row.cells[index].text).split()) for row in full if not row.cells[index].empty]
                for index in range(width)
            ]
        return self.column_words

    def new_header(self, row: Row, roles: list[str | None]) -> None:
        """A different header row: read the following rows with its columns, from a fresh state."""
        self.roles, self.header_texts = roles, row.texts()
        self.header_rows = [self.header_texts]
        self.part = self.group = self.subgroup = self.area_title = ""
        self.parent, self.last_letter, self.last_values, self.previous = None, None, None, None
        self.column_words, self.roman, self.last_number = None, False, 0
        self.group_by = self.group_kind()
        self.build.result.findings.extend(header_findings(row, roles))

    def number_of(self, row: Row) -> str:
        index = self.roles.index("number")
        return row.cells[index].text if index < len(row.cells) else ""

    def is_heading(self, row: Row) -> bool:
        """No assignment cell (lead, partner, time, product...) in the row."""
        values = self.cells_by_role(row.cells[: len(self.roles)])
        return not any(values[role] for role in _ASSIGNMENT)

    def numbers_generated(self) -> bool:
        """Every row below the header leaves its number cell empty while at least two rows hold a task
        and an assignment: a Word or HTML list numbering that the text does not carry."""
        rows = [row for row in self.table.rows[self.header + 1 :] if any(row.texts())]
        if any(clean_cell(self.number_of(row)) for row in rows):
            return False
        width = len(self.roles)
        assigned = [
            row
            for row in rows
            if (values := self.cells_by_role(row.cells[:width]))["task"]
            and any(values[role] for role in _ASSIGNMENT)
        ]
        return len(assigned) >= 2

    def group_kind(self) -> str | None:
        """Which numbered rows are groups: Roman ones when there are any; else Arabic ones when every
        Arabic row is a heading and letter or dotted rows ("1.1.") hold the tasks; else none."""
        kinds = [(parse_row_number(self.number_of(row)), row) for row in self.table.rows[self.header + 1 :]]
        numbered = [(found[0], row) for found, row in kinds if found]
        if any(kind == "roman" for kind, _row in numbered):
            return "roman"
        arabic = [row for kind, row in numbered if kind == "arabic"]
        below = any(kind in ("letter", "dotted") for kind, _row in numbered)
        if arabic and below and all(self.is_heading(row) for row in arabic):
            return "arabic"
        return None

    def read(self) -> int:
        """Read the rows into the builder; returns the number of tasks read."""
        before = len(self.build.result.tasks)
        self.group_by = self.group_kind()
        self.auto_numbers = self.numbers_generated()
        if self.auto_numbers:
            message = (
                "the row-number column is empty in every row (numbers generated by the word processor):"
                " the task rows are numbered in order"
            )
            self.build.result.findings.append(
                Finding("other", message, self.table.rows[self.header].span.first)
            )
        for row in self.table.rows[self.header + 1 :]:
            self.row(row)
        self.build.result.findings.extend(self.table.findings)
        read = len(self.build.result.tasks) - before
        if read:
            first = self.table.rows[self.header].span.first
            last = max(row.span.last for row in self.table.rows[self.header :])
            self.build.result.table_spans.append(Span(first, max(first, last)))
        return read

    def row(self, row: Row) -> None:
        if row.cut_before:
            self.cut = True
        texts = row.texts()
        if texts in self.header_rows:
            return  # the header repeated (on a new page)
        roles = table_roles(texts)
        if roles is not None and roles != self.roles and len(texts) >= len(self.roles):
            self.new_header(row, roles)  # another table starts in the same run of rows
            return
        if roles is not None or texts == self.header_texts or _is_repeated_header(texts):
            return  # the header repeated (on a new page, or after a group row)
        width = len(self.roles)
        values = self.cells_by_role(row.cells[:width])
        number_col = self.roles.index("number")
        number = texts[number_col] if number_col < len(texts) else ""
        others = [text for index, text in enumerate(texts) if text and index != number_col]
        if number_col < len(row.cells) and row.cells[number_col].covered and self.last_values is not None:
            # the number cell is merged down from the task above: this row adds to that task
            own = [cell if not cell.covered else Cell("", cell.span) for cell in row.cells[:width]]
            self.continuation(row, self.cells_by_role(own), "; ")
            return
        if values["area"] and self.area(row, values["area"]) and not values["task"] and not number:
            return  # a cell of the area column spanning the rows below: a section
        parsed = parse_row_number(number) if number else None
        if (
            parsed is None
            and not number
            and self.auto_numbers
            and values["task"]
            and any(values[role] for role in _ASSIGNMENT)
        ):
            self.auto_count += 1
            parsed = ("arabic", str(self.auto_count), "")  # the word processor numbered the rows
        assigned = any(values[role] for role in _ASSIGNMENT)
        if parsed is None:
            self.unnumbered_row(row, texts, number, values, assigned)
            return
        heading = parsed[0] == self.group_by or (parsed[0] == "dotted" and self.has_children(row, parsed))
        if (not assigned and heading) or self.is_subgroup(row, parsed, values, others):
            self.heading(row, texts, number)
            return
        cells = row.cells
        if len(cells) < width and not self.table.drops_merged_cells:
            cells = cells + [Cell("", row.span) for _ in range(width - len(cells))]
        if len(cells) < width:
            cells, covered = _align(row, self.roles, self.previous, self.columns())
            if covered:
                message = (
                    f"row {number} has {len(row.cells)} of {width} cells: its {', '.join(covered)} cell"
                    " is taken from the row above (a merged cell)"
                )
                self.build.result.findings.append(Finding("other", message, row.span.first, subject=number))
            values = self.cells_by_role(cells[:width])
        self.previous = cells
        self.task(row, parsed, values)

    def area(self, row: Row, title: str) -> bool:
        """An area column ("Nhiệm vụ chung", "Lĩnh vực") names the section of its rows: a new area text
        opens an unnumbered section (when no numbered group rows do). True when the row is an area."""
        title = clean_cell(title)
        if self.group_by is not None:
            return False
        if title != self.area_title:
            self.area_title = title
            self.unnumbered += 1
            self.group, self.subgroup, self.parent = str(self.unnumbered), "", None
            self.build.section(self.section, title, row.span)
        return True

    def unnumbered_row(
        self, row: Row, texts: list[str], number: str, values: dict[str, str], assigned: bool
    ) -> None:
        """A row whose number cell is empty or not a number: a heading, a continuation or an error."""
        width = len(self.roles)
        others = [text for text in texts if text and text != number]
        if not assigned and self.heading(row, texts, number):
            return
        if self.table.drops_merged_cells and len(row.cells) < width - 1:
            if others:  # a short row of something else (a signature block run into the table...)
                message = f"a row of {len(row.cells)} cells without a row number was not read"
                self.build.result.findings.append(Finding("unparsed-row", message, row.span.first))
            return
        if not number:
            if others:
                self.continuation(row, values, " ")
        elif not assigned:
            return
        elif self.table.drops_merged_cells and len(row.cells) == width - 1 and self.last_values is not None:
            # the number cell spans this row too (a task written over several rows): a continuation
            shifted = [Cell("", row.span), *row.cells]
            self.continuation(row, self.cells_by_role(shifted[:width]), "; ")
        else:
            message = f"row number '{number}' not understood; row skipped"
            self.build.result.findings.append(Finding("unparsed-row", message, row.span.first))

    def is_subgroup(
        self, row: Row, parsed: tuple[str, str, str], values: dict[str, str], others: list[str]
    ) -> bool:
        """A numbered row with no task text, one title cell (in any column) and numbered children after it
        ("5.1 | | Thương mại" before "5.1.1")."""
        if values["task"] or parsed[2] or len(others) != 1:
            return False
        return self.has_children(row, parsed)

    def has_children(self, row: Row, parsed: tuple[str, str, str]) -> bool:
        """The next numbered row is a child of this one ("2.1.1" after "2.1"): a dotted row without
        assignment cells over children is a sub-group heading, not a task."""
        rows = self.table.rows
        for later in rows[rows.index(row) + 1 :]:
            found = parse_row_number(self.number_of(later))
            if found:
                return found[1].startswith(f"{parsed[1]}.")
        return False

    def heading(self, row: Row, texts: list[str], number: str) -> bool:
        """A part, group or sub-group row (no assignment cells); False when the row is none of these."""
        filled = [text for text in texts if text]
        if not filled:
            return True
        first = number or filled[0]
        rest = [text for text in filled if text != first]
        part = _PART.match(first)
        parsed = parse_row_number(first)
        span = row.span
        if part and (parsed is None or parsed[0] != "roman"):
            self.part, self.group, self.subgroup, self.parent = part["num"], "", "", None
            self.build.section(
                join_code(self.prefix, self.part), part["title"] or (rest[0] if rest else ""), span
            )
            return True
        if parsed is None:
            title = " ".join(filled)
            if not (all(cell.bold for cell in row.cells if not cell.empty) or title.isupper()):
                return False  # plain text without a number: not a group title
            self.unnumbered += 1
            self.group, self.subgroup, self.parent = str(self.unnumbered), "", None
            self.build.section(self.section, " ".join(filled), span)
            return True
        kind, num, title = parsed
        title = title or (rest[0] if rest else "")
        if kind == "roman" or (kind == "arabic" and self.group_by != "roman"):
            self.group, self.subgroup, self.parent, self.last_letter = num, "", None, None
            self.roman = self.roman or kind == "roman"
            self.last_number = 0
            self.build.section(self.section, title, span)
        else:  # a sub-group (5.1 Thương mại) or a task heading whose sub-tasks follow
            self.subgroup, self.parent = num, None
        return True

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

    def continuation(self, row: Row, values: dict[str, str], joiner: str) -> None:
        """Merge a row without a number into the task above, cell by cell: with a space when a cell was
        split over two rows (a page break), with ``joiner`` for the agencies and times of a row under a
        merged number cell ("; ")."""
        tasks = self.build.result.tasks
        if not tasks or self.last_values is None:
            message = "a row without a number before any numbered row; skipped"
            self.build.result.findings.append(Finding("unparsed-row", message, row.span.first))
            return
        merged = self.last_values
        for role, extra in values.items():
            if not extra:
                continue
            glue = joiner if role in ("lead", "partner", "time", "budget") else " "
            merged[role] = glue.join(part for part in (merged.get(role, "").strip(), extra.strip()) if part)
        task = tasks[-1]
        task.text = clean_cell(merged["task"])
        task.lead_text, task.partner_text = clean_cell(merged["lead"]), clean_cell(merged["partner"])
        task.time_text, task.budget_text = clean_cell(merged["time"]), clean_cell(merged["budget"])
        task.note_text, task.responsible_text = clean_cell(merged["note"]), clean_cell(merged["responsible"])
        task.deliverables = split_deliverables(merged["product"])
        task.span = task.span.merge(row.span)

    def task(self, row: Row, parsed: tuple[str, str, str], values: dict[str, str]) -> None:
        kind, num, title = parsed
        if title:
            values["task"] = f"{title} {values['task']}".strip()
        first = int(num.split(".")[0]) if num[0].isdigit() else None
        if self.cut and kind != "letter":
            self.after_cut(row, first)
        if first is not None:
            self.last_number = first
        if kind == "letter" and self.parent is None:
            position = LETTERS.find(num)
            if self.last_letter is not None and position == 0 and self.group_by:
                self.infer_group(row)
            self.last_letter = position
        section = self.section
        if kind == "letter":
            parent = self.parent
            code = join_code(parent or join_code(section, self.subgroup), num)
        elif kind == "dotted" and not self.roman and self.group and num.startswith(f"{self.group}."):
            code, parent = join_code(self.prefix, self.part, num), None  # "1.2" under "1" is 1.2, not 1.1.2
        elif kind == "dotted":
            code = join_code(section, num)
            above = join_code(section, num.rsplit(".", 1)[0])
            parent = above if above in self.build.codes else None
        else:
            code, parent = join_code(section, num), None
        item = (row.texts()[self.roles.index("number")].split() or [num])[0]
        span = Span(row.span.first, row.span.last)
        code = self.build.task(code, item, section, parent, span, values)
        self.last_values = dict(values)
        if kind in ("arabic", "roman"):
            self.parent, self.last_letter = code, None

    def infer_group(self, row: Row) -> None:
        """Letters restart at "a)" with no group row between: the next group's heading is missing."""
        following = None
        for later in self.table.rows[self.table.rows.index(row) + 1 :]:
            found = parse_row_number(self.number_of(later))
            if found and found[0] == self.group_by:
                following = found[1]
                break

        def value(number: str | None) -> int | None:
            if number is None:
                return None
            return int(number) if number.isdigit() else roman_value(number)

        now, then = value(self.group), value(following)
        if now is not None and then == now + 2:
            number = str(now + 1) if self.group.isdigit() else to_roman(now + 1)
        else:
            number = f"{self.group}'"
        self.group, self.subgroup = number, ""
        self.build.section(self.section, "", row.span, inferred=True)
        message = (
            f"items restart at {self.number_of(row)} after section {now if now is not None else ''}: the"
            f" heading of section {number} is missing from the table"
        )
        self.build.result.findings.append(Finding("missing-section", message, row.span.first, subject=number))


def header_findings(row: Row, roles: list[str | None]) -> list[Finding]:
    """A missing lead column, and columns whose header names no known role (ignored)."""
    line = row.span.first
    findings = []
    if "lead" not in roles:
        message = "the task table has no lead-agency column (cơ quan chủ trì); its tasks have no lead"
        findings.append(Finding("other", message, line, subject="lead column"))
    for position, (text, role) in enumerate(zip(row.texts(), roles, strict=False)):
        if role is None and text:
            message = f"unknown column '{text}' ignored"
            findings.append(Finding("other", message, line, subject=f"column {position + 1}"))
    return findings


def find_header(table: Table) -> tuple[int, list[str | None]] | None:
    """The first header row of ``table`` and its column roles."""
    for index, row in enumerate(table.rows[:40]):
        roles = table_roles(row.texts())
        if roles is not None:
            return index, roles
    return None


def _unnumbered_header(table: Table) -> tuple[int, list[str | None]] | None:
    """A header without a row-number column, when task cells below it start with row numbers."""
    for index, row in enumerate(table.rows[:40]):
        roles = unnumbered_roles(row.texts())
        if roles is None:
            continue
        task_col = roles.index("task")
        numbered = [
            later
            for later in table.rows[index + 1 :]
            if task_col < len(later.cells) and _split_number(later.cells[task_col].text)
        ]
        return (index, roles) if numbered else None
    return None


def _sub_header(table: Table, header: int, roles: list[str | None]) -> tuple[int, list[str | None]]:
    """A second header line under a column that spans several ("Thời gian" over "Bắt đầu" | "Hoàn
    thành"): its labels sit under the spanning cell and the empty cells after it (the span), the other
    columns are empty or repeat the header (merged down). Returns the last header row and the roles, a
    sub-column taking its own label's role or the spanning column's."""
    if header + 1 >= len(table.rows):
        return header, roles
    top, below = table.rows[header].texts(), table.rows[header + 1]
    if len(below.cells) < len(top):
        return _dropped_sub_header(table, header, roles)
    if len(below.cells) != len(top):
        return header, roles
    new, parent, spanned = list(roles), None, False
    for index, (above, cell) in enumerate(zip(top, below.cells, strict=True)):
        text = cell.text
        if above:
            parent = roles[index]
        if not text or cell.covered or text == above:
            continue
        if len(text) > 40 or parse_row_number(text) or parent is None:
            return header, roles  # a task row, not a header line
        spanned = spanned or not above
        new[index] = header_role(text) or parent
    return (header + 1, new) if spanned else (header, roles)


def _dropped_sub_header(table: Table, header: int, roles: list[str | None]) -> tuple[int, list[str | None]]:
    """A second header line from which a crawl dropped the cells merged down from the first: only the
    sub-column labels are left ("Chủ trì" | "Phối hợp" under "Cơ quan thực hiện"), and the rows below are
    as wide as the two lines together. The spanning column is the one whose sub-columns the rows' cells
    fit best (agencies under agency roles, times under the time role)."""
    labels = table.rows[header + 1].texts()
    if not labels or any(not text or len(text) > 40 or parse_row_number(text) for text in labels):
        return header, roles
    width = len(roles) + len(labels) - 1
    rows = [row for row in table.rows[header + 2 : header + 12] if len(row.cells) == width]
    if len(labels) < 2 or not rows:
        return header, roles
    best: tuple[int, list[str | None]] | None = None
    for index, role in enumerate(roles):
        if role in (None, "number", "task"):
            continue
        candidate = [*roles[:index], *(header_role(text) or role for text in labels), *roles[index + 1 :]]
        score = sum(_fit(r, cell.text) for row in rows for r, cell in zip(candidate, row.cells, strict=True))
        if best is None or score > best[0]:
            best = (score, candidate)
    return (header + 1, best[1]) if best else (header, roles)


def read_tables(tables: list[Table]) -> TableResult:
    """Tasks and sections of the task tables among ``tables`` (one builder: codes unique in the plan).

    A later task table whose numbering would repeat the codes read before (a second appendix numbered
    from 1 again) is its own section, "PL2", "PL3"... by its rank among the task tables."""
    build = RecordBuilder()
    read = 0
    for table in tables:
        trial = read_table(table, RecordBuilder())
        if not trial.tasks:
            read_table(table, build)
            continue
        read += 1
        codes = {task.code for task in trial.tasks}
        prefix = f"PL{read}" if read > 1 and codes & build.codes else ""
        if prefix:
            build.section(prefix, "", trial.tasks[0].span, inferred=True)
        read_table(table, build, prefix)
    return build.result


def read_table(table: Table, build: RecordBuilder | None = None, prefix: str = "") -> TableResult:
    """Tasks and sections of one found table, added to ``build`` (returns its result); nothing is added
    when the table is not a task table."""
    build = build or RecordBuilder()
    found = find_header(table)
    if found is None:
        found = _unnumbered_header(table)
        if found is None:
            return build.result
        table = _with_number_column(table, *found)
        found = (found[0], ["number", *found[1]])
    header, roles = found
    first_header = header
    header, roles = _sub_header(table, header, roles)
    if not {"lead", "partner", "time"} & set(roles) and None in roles:
        return build.result  # a table of figures (columns of values, no agency or time): not a task table
    build.result.findings.extend(header_findings(table.rows[header], roles))
    reader = _Reader(table, header, roles, build)
    reader.prefix = prefix
    reader.header_rows = [row.texts() for row in table.rows[first_header : header + 1]]
    read = reader.read()
    line = table.rows[header].span.first
    if not read:
        names = ", ".join(repr(text) for text in table.rows[header].texts() if text)
        message = f"a task table (columns {names}) was found but no task was read from it"
        build.result.findings.append(Finding("no-task-table", message, line, Severity.ERROR))
    return build.result
