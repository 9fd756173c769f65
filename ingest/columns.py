"""The one vocabulary of task tables: what a header cell names (``header_role``) and how a row is
numbered (``parse_row_number``, Roman and letter numbers).

Asked by the task recogniser (``ingest.recognise``), the table finders (``ingest.finders``) and the inline
labels (``ingest.labels``), so a column and a label mean the same everywhere.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.normalize.text import clean_cell, collapse_spaces, fold

# --------------------------------------------------------------------------------------------------
# Header recognition
# --------------------------------------------------------------------------------------------------

ROLES = ("number", "area", "task", "product", "responsible", "lead", "partner", "time", "budget", "note")

# (role, pattern on the folded label); the first match wins, so the order matters.
_HEADER_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (role, re.compile(pattern))
    for role, pattern in (
        ("number", r"^(stt|so tt|tt|so thu tu)$"),
        ("area", r"nhiem vu chung|linh vuc|nhom nhiem vu"),
        ("lead", r"chu tri\W+(va\W+)?phoi hop"),  # one column for both roles: the lead's cell
        ("partner", r"phoi hop"),
        (
            "time",
            r"thoi gian|thoi han|thoi diem|tien do|lo trinh"
            r"|\bhan (hoan thanh|thuc hien)|nam (hoan thanh|thuc hien)",
        ),
        ("budget", r"kinh phi|nguon von|nguon luc"),
        ("note", r"ghi chu"),
        ("product", r"san pham|ket qua|hinh thuc (van ban|san pham)|yeu cau can dat"),
        (
            "responsible",  # a person: the head answerable for the task, not the lead agency
            r"nguoi (dung dau|chiu trach nhiem|phu trach)"
            r"|lanh dao (\w+ )*(chiu trach nhiem|phu trach|chi dao)",
        ),
        (
            "lead",
            r"chu tri|(co quan|don vi|to chuc) (thuc hien|dau moi|tham muu|duoc giao|trien khai|trinh)"
            r"|trach nhiem|phan cong",
        ),
        ("task", r"noi dung|nhiem vu|giai phap|cong viec|hoat dong|chi tieu|de an|du an|ten van ban"),
    )
)


@lru_cache(maxsize=4096)
def header_role(label: str) -> str | None:
    """The column role named by a header cell ("Cơ quan chủ trì" -> "lead"), or None."""
    text = fold(clean_cell(label))
    text = re.sub(r"\(.*?\)", " ", text).replace(".", " ").strip(" :*")
    text = collapse_spaces(text)
    if not text or len(text) > 50:
        return None
    for role, pattern in _HEADER_RULES:
        if pattern.search(text):
            return role
    return None


# --------------------------------------------------------------------------------------------------
# Row numbers
# --------------------------------------------------------------------------------------------------

LETTERS = "abcdđefghijklmnopqrstuvwxyz"  # Vietnamese order: đ follows d
_ROMAN_VALUES = (("XL", 40), ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))
_NUMBERED = re.compile(
    r"^(?P<num>\d{1,2}(?:\.\d{1,2})*\.?|[IVXL]{1,6}\.?|[a-zđ][).])(?:\s+(?P<title>\S.*))?$"
)


def to_roman(value: int) -> str:
    """1 -> "I", 14 -> "XIV" (values below 50)."""
    out = ""
    for letters, amount in _ROMAN_VALUES:
        while value >= amount:
            out += letters
            value -= amount
    return out


def roman_value(text: str) -> int | None:
    """ "XIV" -> 14, or None when ``text`` is not a canonical Roman numeral below 50."""
    total, rest = 0, text
    for letters, amount in _ROMAN_VALUES:
        while rest.startswith(letters):
            total += amount
            rest = rest[len(letters) :]
    return total if total and not rest and to_roman(total) == text else None


def parse_row_number(text: str) -> tuple[str, str, str] | None:
    """A number cell as (kind, number, title): kind roman|arabic|dotted|letter, title "" if none.

    "1." -> ("arabic", "1", ""); "<b>5. Xây dựng</b>" -> ("arabic", "5", "Xây dựng"); "3.1" -> dotted;
    "IV" -> roman; "đ)" -> ("letter", "đ", "").
    """
    match = _NUMBERED.match(clean_cell(text))
    if not match:
        return None
    num, title = match["num"], match["title"] or ""
    bare = num.rstrip(".)")
    if bare[0].isdigit():
        return ("dotted" if "." in bare else "arabic"), bare, title
    if num[-1] == ")" or (len(bare) == 1 and bare.islower()):
        return "letter", bare, title
    if roman_value(bare) is None:
        return None
    return "roman", bare, title
