"""Tasks whose assignment is written inline after each task instead of in a table.

    1. Cải cách thể chế
    a) Rà soát văn bản quy phạm pháp luật ...
    - Đơn vị chủ trì: Sở Tư pháp. - Đơn vị phối hợp: Các sở, ngành.
    - Thời gian thực hiện: Quý III/2026.

Headings "1. ..." / "II. ..." without fields are sections; items "a)", "1.1.", "- ..." (and numbered
paragraphs) followed by fields are tasks. Only items with a lead ("chủ trì"/"thực hiện") field count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.normalize.text import clean_cell, fold
from ingest.readers.source import SourceText
from ingest.records import Span
from ingest.tables import RecordBuilder, TableResult, join_code, parse_number

# Field labels on folded text ("Cơ quan chủ trì" -> "co quan chu tri"), each followed by a colon.
_FIELDS: tuple[tuple[str, str], ...] = (
    ("partner", r"(?:(?:co quan|don vi)(?:, (?:co quan|don vi))? )?phoi hop(?: thuc hien)?"),
    ("lead", r"(?:co quan|don vi)(?:, (?:co quan|don vi))? (?:chu tri|thuc hien)(?: thuc hien)?|chu tri"),
    ("time", r"thoi gian(?: thuc hien| hoan thanh)?|thoi han(?: hoan thanh)?|tien do(?: thuc hien)?"),
    ("product", r"san pham(?: dau ra)?|ket qua(?: du kien| san pham)?"),
    ("budget", r"(?:nguon )?kinh phi(?: thuc hien| du kien)?"),
    ("note", r"ghi chu"),
)
_LABEL = re.compile(
    r"(?:^|(?<=[\s.;,(]))(?:[-+•]\s*)?(?P<label>" + "|".join(f"(?P<{r}>{p})" for r, p in _FIELDS) + r")\s*:"
)
_FIELD_LINE = re.compile(r"^(?:[-+•*]\s*)?(?:" + "|".join(p for _, p in _FIELDS) + r")\s*:")
_BULLET = re.compile(r"^[-+•*]\s+(?P<rest>\S.*)$")
_MD_HEADING = re.compile(r"^#{1,6}\s*")


@dataclass
class _Entry:
    """A logical line: a heading/item (kind roman|arabic|dotted|letter|bullet) or "field"/"text"."""

    kind: str
    num: str
    item: str
    text: str
    first: int
    last: int
    fields: list[str] = field(default_factory=list)
    fields_last: int = 0


def fold_same_length(text: str) -> str:
    """``fold`` character by character, so positions in the folded text match the original."""
    return "".join([_FOLDED_CHARS[c] for c in text])


class _FoldedChars(dict):
    """One character -> its one-character fold, remembered."""

    def __missing__(self, c: str) -> str:
        value = self[c] = " " if c.isspace() else (fold(c) or c)[:1]
        return value


_FOLDED_CHARS = _FoldedChars()


def split_fields(text: str) -> tuple[str, dict[str, str]]:
    """ "Task text. - Đơn vị chủ trì: X. - Thời gian: Y" -> ("Task text", {"lead": "X", "time": "Y"})."""
    folded = fold_same_length(text)
    matches = list(_LABEL.finditer(folded))
    if not matches:
        return text.strip(), {}
    head = text[: matches[0].start()].strip(" .;-–")
    values: dict[str, str] = {}
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        role = next(r for r, _ in _FIELDS if match[r] is not None)
        value = text[match.end() : end].strip(" .;-–()")
        if value:
            values[role] = f"{values[role]}; {value}" if role in values else value
    return head, values


def _plain(line: str) -> str:
    """A line without markdown heading marks and emphasis ("**Cơ quan chủ trì**:" -> "Cơ quan chủ trì:")."""
    return clean_cell(_MD_HEADING.sub("", line.replace("\\", "")))


def _classify(text: str) -> tuple[str, str, str, str]:
    """(kind, number, item as written, rest) of a logical line's start."""
    if _FIELD_LINE.match(fold_same_length(text)):
        return "field", "", "", text
    parsed = parse_number(text.split(" ", 1)[0]) if text else None
    if parsed is not None and " " in text:
        kind, num, _ = parsed
        item, rest = text.split(" ", 1)
        return kind, num, item.rstrip(".") if kind == "dotted" else item, rest.strip()
    bullet = _BULLET.match(text)
    if bullet:
        return "bullet", "", "-", bullet["rest"]
    return "text", "", "", text


def _logical_lines(src: SourceText, start_line: int) -> list[_Entry]:
    """Join hard-wrapped lines: a line that starts no item, field or heading continues the previous."""
    entries: list[_Entry] = []
    open_entry = False
    for lineno in range(max(1, start_line), len(src.lines) + 1):
        raw = src.lines[lineno - 1]
        text = _plain(raw)
        if not text:
            open_entry = False
            continue
        kind, num, item, rest = _classify(text)
        if kind == "text" and open_entry and entries and not raw.lstrip().startswith("#"):
            entries[-1].text = f"{entries[-1].text} {text}"
            entries[-1].last = lineno
            continue
        entries.append(_Entry(kind, num, item, rest, lineno, lineno))
        open_entry = True
    return entries


def _attach_fields(entries: list[_Entry]) -> list[_Entry]:
    """Give each item the field lines that follow it; bullets without fields describe their item."""
    items: list[_Entry] = []
    for entry in entries:
        current = items[-1] if items else None
        if entry.kind == "field":
            if current is not None:
                current.fields.append(entry.text)
                current.fields_last = entry.last
            continue
        if entry.kind == "text":
            continue
        if (
            entry.kind == "bullet"
            and current is not None
            and current.kind in ("letter", "dotted")
            and not current.fields
            and not _LABEL.search(fold_same_length(current.text))
        ):
            current.text = f"{current.text} - {entry.text}"
            current.last = entry.last
            continue
        items.append(entry)
    return items


def read_inline_tasks(src: SourceText, start_line: int = 1) -> TableResult:
    """Tasks (with their inline lead/partner/time/product/budget fields) from ``start_line`` on."""
    build = RecordBuilder()
    roman: _Entry | None = None
    arabic: _Entry | None = None
    declared: set[str] = set()
    bullets: dict[str, int] = {}
    first_task = last_task = 0
    for entry in _attach_fields(_logical_lines(src, start_line)):
        text, values = split_fields(" ".join([entry.text, *entry.fields]))
        if "lead" not in values:
            if entry.kind == "roman":
                roman, arabic = entry, None
            elif entry.kind == "arabic":
                arabic = entry
            continue
        heading = arabic if (arabic is not None and entry.kind != "arabic") else roman
        section = heading.num if heading is not None else ""
        if heading is not None and section not in declared:
            declared.add(section)
            build.section(section, heading.text, Span(heading.first, heading.last))
        if entry.kind == "dotted":
            code = (
                entry.num
                if not section or entry.num.startswith(section + ".")
                else join_code(section, entry.num)
            )
        elif entry.kind == "bullet":
            bullets[section] = bullets.get(section, 0) + 1
            code = join_code(section, str(bullets[section]))
        else:
            code = join_code(section, entry.num)
        values["task"] = text
        span = Span(entry.first, max(entry.last, entry.fields_last))
        build.task(code, entry.item, section, None, span, values)
        first_task = first_task or span.first
        last_task = max(last_task, span.last)
    if build.result.tasks:
        build.result.table_spans.append(Span(first_task, last_task))
    return build.result
