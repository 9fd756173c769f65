"""The vocabulary of inline assignment labels ("Cơ quan chủ trì:", "Thời hạn hoàn thành:", "Nội dung:"...).

Plans that write their tasks as paragraphs instead of table rows label each part of the assignment. The
wording varies (cơ quan / đơn vị / tổ chức, chủ trì / thực hiện / tham mưu, thời gian / thời hạn / tiến
độ, with or without a qualifier such as "hoàn thành" or "ban hành"), the label may be split from its colon
by emphasis ("**Cơ quan chủ trì**:"), and several labels may share one line ("... - Đơn vị phối hợp: ...").
Patterns work on folded text (``fold``: lower case, no diacritics), one per role; they find where labels
are. What a label means is then asked of the table-header vocabulary (``ingest.columns.header_role``), so
that a label and a column header with the same words have the same role; its "task" role is the inline
``content`` ("Nội dung:"), the task's own text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.columns import header_role
from ingest.normalize.text import fold

_BODY = r"(?:co quan|don vi|to chuc|bo phan)"
_BODIES = rf"{_BODY}(?:\s*(?:,|/|va|hoac)\s*{_BODY})*"
# (role, folded pattern of the label words); the first match wins, so the order matters.
FIELD_PATTERNS: tuple[tuple[str, str], ...] = (
    ("partner", rf"(?:{_BODIES}\s+)?phoi hop(?:\s+thuc hien)?"),
    (
        "lead",  # "Cơ quan chủ trì, phối hợp:" names both roles in its value: the lead's label
        rf"(?:{_BODIES}\s+)?chu tri\s*(?:,|/|va)\s*phoi hop"
        rf"|{_BODIES}\s+(?:chu tri|thuc hien|tham muu|phu trach|dau moi|chiu trach nhiem|duoc giao"
        r"|trien khai)"
        r"(?:\s+(?:thuc hien|tham muu|trien khai|chu tri))?"
        r"|chu tri(?:\s+thuc hien)?|tham muu(?:\s+thuc hien)?|trach nhiem(?:\s+thuc hien)?"
        r"|dau moi(?:\s+thuc hien)?"
        r"|phan cong(?:\s+(?:thuc hien|chu tri))?",
    ),
    (
        "time",
        r"(?:thoi gian|thoi han|moc thoi gian|thoi diem)"
        r"(?:\s+(?:thuc hien|hoan thanh|ban hanh|trinh|trien khai))*"
        r"|(?:tien do|lo trinh)(?:\s+(?:thuc hien|hoan thanh))?|(?:han|nam) (?:hoan thanh|thuc hien)",
    ),
    (
        "product",
        r"san pham(?:\s+(?:dau ra|du kien|chinh))?|ket qua(?:\s+(?:du kien|dau ra|san pham|thuc hien))?"
        r"|hinh thuc (?:van ban|san pham)",
    ),
    ("budget", r"(?:nguon\s+)?kinh phi(?:\s+(?:thuc hien|du kien))?|nguon von"),
    ("note", r"ghi chu"),
    ("content", r"noi dung(?:\s+(?:thuc hien|cong viec|hoat dong|chinh|cu the))?|nhiem vu(?:\s+cu the)?"),
)
ROLE_NAMES = tuple(role for role, _ in FIELD_PATTERNS)

# After the label words: a second wording after a slash ("Sản phẩm/Kết quả") or a short qualifier in
# parentheses ("Thời gian thực hiện (dự kiến)").
_TAIL = r"(?:\s*/\s*[a-z]+(?: [a-z]+){0,3})?(?:\s*\([^():]{0,40}\))?"
_ANY_LABEL = "|".join(f"(?P<{role}>{pattern})" for role, pattern in FIELD_PATTERNS)
# A label at the start of a paragraph (after its bullet): "- Cơ quan chủ trì: ...".
_LEADING = re.compile(rf"^(?P<label>(?:{_ANY_LABEL}){_TAIL})\s*:")
# A further label inside the paragraph: after a sentence break or a dash ("Sở X. - Thời gian: ...").
# Only the labels that name a role unambiguously; content and bare "chủ trì" stay at paragraph start.
_INNER_ROLES = ("partner", "lead", "time", "product", "budget", "note")
_INNER = re.compile(
    r"\b(?P<label>(?:"
    + "|".join(f"(?P<{role}>{dict(FIELD_PATTERNS)[role]})" for role in _INNER_ROLES)
    + rf"){_TAIL})\s*:"
)
_BREAK_BEFORE = ".;,()-+:"  # what may precede a label inside a paragraph (spaces aside)
# Inside parentheses or a list ("(thời gian: Quý I/2026)") a lower-case label still names a role.
_LOWER_AFTER = "(;,"
_LOWER_ROLES = ("lead", "partner", "time")
_BARE_INNER = re.compile(r"^(?:chu tri|tham muu|trach nhiem|phoi hop)\b")


@dataclass(frozen=True)
class Field:
    """One labelled value: ``role`` (lead, partner, time, product, budget, note, content), the label as
    written and the value (possibly empty: the value is then the bullets that follow)."""

    role: str
    label: str
    value: str


def fold_same_length(text: str) -> str:
    """``fold`` character by character, so positions in the folded text match the original."""
    return "".join([_FOLDED_CHARS[c] for c in text])


class _FoldedChars(dict):
    """One character -> its one-character fold, remembered."""

    def __missing__(self, c: str) -> str:
        value = self[c] = " " if c.isspace() else (fold(c) or c)[:1]
        return value


_FOLDED_CHARS = _FoldedChars()


def _role(match: re.Match[str]) -> str:
    return next(role for role in ROLE_NAMES if match.groupdict().get(role) is not None)


def label_role(label: str, found: str) -> str:
    """The role of a label: the table-header vocabulary's (``ingest.columns.header_role``, so a label
    means inline what it means as a column header; its "task" is the inline "content"), else ``found``,
    the role of the pattern that located it."""
    role = header_role(label)
    role = "content" if role == "task" else role
    return role if role in ROLE_NAMES else found


def _inner_labels(text: str, folded: str, start: int, in_fields: bool) -> list[re.Match[str]]:
    """Labels after ``start`` that follow a sentence break or a dash and begin with a capital letter
    (a label, not words of a sentence)."""
    found = []
    for match in _INNER.finditer(folded, start):
        at = match.start("label")
        before = folded[start:at].rstrip()
        if before and before[-1] not in _BREAK_BEFORE:
            continue
        if _BARE_INNER.match(folded, at) and not (in_fields and before and before[-1] in ";."):
            continue  # "X chủ trì: ..." in a sentence; but "Chủ trì: X; phối hợp: Y" lists roles
        lower_ok = bool(before) and before[-1] in _LOWER_AFTER and _role(match) in _LOWER_ROLES
        if not text[at].isupper() and not lower_ok:
            continue
        found.append(match)
    return found


def _strip_value(text: str) -> str:
    """Outer punctuation and bullets off; an unbalanced parenthesis at either end too."""
    text = text.strip(" .;,-–+")
    if text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].strip(" .;,-–+")
    if text.endswith("(") or (text.startswith("(") and text.count("(") > text.count(")")):
        text = text.strip("(").strip(" .;,-–+")
    return text


def leading_field(text: str) -> bool:
    """True when ``text`` (a paragraph without its bullet) starts with a label and its colon."""
    return _LEADING.match(fold_same_length(text)) is not None


def read_fields(text: str) -> tuple[str, list[Field]]:
    """ "Task text. - Đơn vị chủ trì: X. - Thời gian: Y" -> ("Task text", [lead X, time Y]).

    A paragraph that starts with a label gives ("", [its fields]). Values are stripped of outer
    punctuation; an empty value means the value follows on the next lines.
    """
    folded = fold_same_length(text)
    first = _LEADING.match(folded)
    matches: list[re.Match[str]] = [first] if first else []
    matches += _inner_labels(text, folded, first.end() if first else 0, first is not None)
    if not matches:
        return text.strip(), []
    head = "" if first else _strip_value(text[: matches[0].start("label")])
    fields = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start("label") if index + 1 < len(matches) else len(text)
        value = _strip_value(text[match.end() : end])
        label = text[match.start("label") : match.end("label")]
        fields.append(Field(label_role(label, _role(match)), label, value))
    return head, fields


def split_fields(text: str) -> tuple[str, dict[str, str]]:
    """ "Task text. - Đơn vị chủ trì: X. - Thời gian: Y" -> ("Task text", {"lead": "X", "time": "Y"})."""
    head, fields = read_fields(text)
    values: dict[str, str] = {}
    for item in fields:
        value = item.value.strip(" ()")
        if value:
            values[item.role] = f"{values[item.role]}; {value}" if item.role in values else value
    return head, values
