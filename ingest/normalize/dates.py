"""Calendar dates as Vietnamese documents write them.

"ngày 15 tháng 7 năm 2021", "ngày 15/7/2021", "15/7/2021", "ngày 05 /12/2020" (stray spaces), and the
place-and-date line under a document's number: "Đồng Tháp, ngày 05 tháng 12 năm 2020".
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from ingest.normalize.text import collapse_spaces, normalize_dashes, strip_markup

MIN_YEAR = 1900
MAX_YEAR = 2100
_MAX_PLACE = 50  # longer "places" are sentences that happen to contain ", ngày ..."

# "Đ" typed as Icelandic eth (U+00D0 / U+00F0) or as D/d plus a combining stroke.
_D_FIXES = (
    ("\u00d0", "Đ"),
    ("\u00f0", "đ"),
    ("\u0189", "Đ"),
    ("D\u0335", "Đ"),
    ("D\u0336", "Đ"),
    ("d\u0335", "đ"),
    ("d\u0336", "đ"),
)

_WORDS = re.compile(
    r"(?<!\w)(?:ngày\s*)?(?<!\d)(\d{1,2})\s*tháng\s*(\d{1,2})\s*,?\s*năm\s*(\d{4})(?!\d)",
    re.IGNORECASE,
)
_NUMERIC = re.compile(
    r"(?:(?<!\w)ngày\s*)?(?<![\d/.])(\d{1,2})[ \t]*([/.-])[ \t]*(\d{1,2})[ \t]*\2[ \t]*(\d{4})(?![\d/])",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_PLACE = re.compile(
    r"(?P<place>[^\W\d_](?:[^\W\d_]|[ .'-])*?)\s*,\s*(?P<date>ngày\b.+?)\s*\.?", re.IGNORECASE
)


def _fix_d(text: str) -> str:
    for wrong, right in _D_FIXES:
        text = text.replace(wrong, right)
    return text


def clean_text(text: str) -> str:
    """NFC text with "Ð" and decomposed "Đ" repaired and en/em dashes made hyphens."""
    return normalize_dashes(_fix_d(unicodedata.normalize("NFC", text)))


class _CleanChar(dict):
    """``str.translate`` table: each character to ``clean_text`` of it alone, filled as characters are
    seen."""

    def __missing__(self, code: int) -> str:
        value = self[code] = clean_text(chr(code))
        return value


_CLEAN_CHAR = _CleanChar()
_NOT_COMBINING: set[str] = set()  # characters seen that are not combining marks


def _has_combining(text: str) -> bool:
    """Whether a character of ``text`` is a combining mark (``unicodedata.combining`` not 0)."""
    unseen = set(text) - _NOT_COMBINING
    if any(unicodedata.combining(char) for char in unseen):
        return True
    _NOT_COMBINING.update(unseen)
    return False


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """``clean_text(text)`` plus, for each of its characters, the offset in ``text`` it comes from.

    The offset list has one extra entry, ``len(text)``, so a match ``[s, e)`` in the cleaned text maps
    back with :func:`original_span`.
    """
    n = len(text)
    if text.isascii():  # clean_text leaves ASCII as it is
        return text, list(range(n + 1))
    if not _has_combining(text):  # every character is its own cluster
        cleaned = text.translate(_CLEAN_CHAR)
        if len(cleaned) == n:
            return cleaned, list(range(n + 1))
        offsets = [i for i, char in enumerate(text) for _ in _CLEAN_CHAR[ord(char)]]
        offsets.append(n)
        return cleaned, offsets
    chars: list[str] = []
    offsets = []
    i = 0
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        if j == i + 1 and text[i] < "\x80":  # a lone ASCII character: clean_text leaves it as it is
            chars.append(text[i])
            offsets.append(i)
            i = j
            continue
        for ch in clean_text(text[i:j]):
            chars.append(ch)
            offsets.append(i)
        i = j
    offsets.append(len(text))
    return "".join(chars), offsets


def original_span(offsets: list[int], start: int, end: int) -> tuple[int, int]:
    """Map ``[start, end)`` in the cleaned text back to the original text."""
    j = end
    while 0 < j < len(offsets) - 1 and offsets[j] == offsets[j - 1]:
        j += 1  # the match ends inside a character cluster: take the whole cluster
    return offsets[start], offsets[j]


def make_date(year: int, month: int, day: int) -> date | None:
    """A date, or None when the numbers do not make one (31/2) or the year is implausible."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _from_match(match: re.Match[str]) -> date | None:
    groups = match.groups()
    if len(groups) == 3:
        day, month, year = groups
    else:
        day, _sep, month, year = groups
    return make_date(int(year), int(month), int(day))


def parse_date(text: str) -> date | None:
    """Read one date ("ngày 15 tháng 7 năm 2021", "15/7/2021", "ngày 05 /12/2020"); None if invalid."""
    cleaned = collapse_spaces(clean_text(text)).strip(" .,;:()")
    for pattern in (_WORDS, _NUMERIC):
        match = pattern.fullmatch(cleaned)
        if match:
            return _from_match(match)
    return None


def find_dates(text: str) -> list[tuple[int, int, date, str]]:
    """Every valid date in running text: (start, end, value, as written), in order of appearance.

    The span includes a leading "ngày" when there is one. Offsets index the text as given.
    """
    cleaned, offsets = normalize_with_offsets(text)
    found: list[tuple[int, int, date]] = []
    for pattern in (_WORDS, _NUMERIC):
        for match in pattern.finditer(cleaned):
            value = _from_match(match)
            if value is None:
                continue
            start, end = original_span(offsets, match.start(), match.end())
            found.append((start, end, value))
    found.sort()
    result: list[tuple[int, int, date, str]] = []
    last_end = -1
    for start, end, value in found:
        if start >= last_end:
            result.append((start, end, value, text[start:end]))
            last_end = end
    return result


def _why_invalid(match: re.Match[str]) -> str:
    """Why the numbers of a date-shaped match do not make a date."""
    groups = match.groups()
    day, month, year = (
        (groups[0], groups[1], groups[2]) if len(groups) == 3 else (groups[0], groups[2], groups[3])
    )
    d, m, y = int(day), int(month), int(year)
    if not MIN_YEAR <= y <= MAX_YEAR:
        return f"year {y} is outside {MIN_YEAR}-{MAX_YEAR}"
    if not 1 <= m <= 12:
        return f"there is no month {m}"
    return f"month {m} of {y} has no day {d}"


def find_invalid_dates(text: str) -> list[tuple[int, str, str]]:
    """Date-shaped text whose numbers make no date ("ngày 31 tháng 02 năm 2021"): (start, as written, why)."""
    if _DIGIT.search(text) is None:  # both patterns need digits
        return []
    cleaned, offsets = normalize_with_offsets(text)
    found: dict[int, tuple[int, str, str]] = {}
    for pattern in (_WORDS, _NUMERIC):
        for match in pattern.finditer(cleaned):
            if _from_match(match) is not None:
                continue
            start, end = original_span(offsets, match.start(), match.end())
            found.setdefault(start, (start, text[start:end].strip(), _why_invalid(match)))
    return sorted(found.values())


def parse_place_date(line: str) -> tuple[str, date] | None:
    """Read a header line "Đồng Tháp, ngày 05 tháng 12 năm 2020" into (place, date).

    Markdown emphasis is ignored, and so is anything before the last tab or "|" (table layouts).
    """
    segments = [s for s in re.split(r"[\t|]", line) if s.strip()]
    if not segments:
        return None
    cleaned = collapse_spaces(clean_text(strip_markup(segments[-1])).replace("*", " "))
    match = _PLACE.fullmatch(cleaned)
    if not match:
        return None
    place = match.group("place").strip()
    value = parse_date(match.group("date"))
    if value is None or len(place) > _MAX_PLACE:
        return None
    return place, value
