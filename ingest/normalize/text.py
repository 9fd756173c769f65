"""Text helpers shared by every parser: diacritics folding, markup stripping, whitespace."""

from __future__ import annotations

import html
import re
import unicodedata

from ontology.iris import slugify

_TAG = re.compile(r"<[^>]+>")
# A script or style element (or one left open up to the end of the cell): code, never document text.
_SCRIPT = re.compile(r"<(script|style|template|noscript)\b[^>]*>.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_LI = re.compile(r"<li[^>]*>", re.IGNORECASE)
_BREAK = re.compile(r"<br\s*/?>|</p>|</li>", re.IGNORECASE)
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u2009]+")
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-", "\u2010": "-"})


class _DropMarks(dict):
    """``str.translate`` table deleting nonspacing marks (category Mn), filled as characters are seen."""

    def __missing__(self, code: int) -> int | None:
        value = self[code] = None if unicodedata.category(chr(code)) == "Mn" else code
        return value


_DROP_MARKS = _DropMarks()


def fold(text: str) -> str:
    """Lower-case ASCII form of Vietnamese text: "Sở Nội vụ" -> "so noi vu" (đ -> d)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = decomposed.translate(_DROP_MARKS)
    return collapse_spaces(stripped.translate(_DASHES)).lower()


def nfc(text: str) -> str:
    """Unicode NFC normalisation (Vietnamese text arrives in both composed and decomposed forms)."""
    return unicodedata.normalize("NFC", text)


def collapse_spaces(text: str) -> str:
    """Collapse runs of spaces and tabs to one space and trim."""
    return _SPACES.sub(" ", text).strip()


def normalize_dashes(text: str) -> str:
    """En and em dashes to hyphen-minus."""
    return text.translate(_DASHES)


def strip_markup(text: str) -> str:
    """Remove HTML tags (scripts and styles with their content) and markdown emphasis from a cell;
    list items become "- " lines."""
    if "<" in text:
        text = _SCRIPT.sub(" ", text)
    text = _LI.sub("\n- ", text)
    text = _BREAK.sub("\n", text)
    text = _TAG.sub("", text)
    text = html.unescape(text)
    if "<" in text:  # "&lt;script&gt;" unescaped: still no script text
        text = _SCRIPT.sub(" ", text)
    previous = None
    while previous != text:
        previous = text
        text = _EMPHASIS.sub(r"\2", text)
    return text.replace("**", "")


def clean_cell(text: str) -> str:
    """A table cell as plain text: markup removed, lines joined, spaces collapsed."""
    text = strip_markup(nfc(text))
    lines = [collapse_spaces(line) for line in text.splitlines()]
    return collapse_spaces(" ".join(line for line in lines if line))


def slug(text: str) -> str:
    """ASCII slug for IRIs and keys: "Sở Nội vụ" -> "so-noi-vu"."""
    return slugify(text)


def fold_keep_length(text: str) -> str:
    """Like ``fold`` but one output character per input character, so offsets carry over."""
    out = []
    for char in nfc(text):
        if char in "đĐ":
            out.append("d")
            continue
        base = unicodedata.normalize("NFD", char)[0]
        out.append(base.lower() if len(base) == 1 else char.lower())
    return "".join(out).translate(_DASHES)


def join_wrapped(lines: list[str]) -> str:
    """Join hard-wrapped lines of one paragraph into one string (markup stripped)."""
    return collapse_spaces(" ".join(strip_markup(nfc(line)).strip() for line in lines if line.strip()))
