"""Text helpers shared by every parser: markup stripping, cells, wrapped lines; the folding
(``fold``, ``collapse_spaces``, ``normalize_dashes``) is ``ontology.text``'s, the one the queries use too."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

from ontology.text import collapse_spaces, fold, normalize_dashes

__all__ = [
    "clean_cell",
    "collapse_spaces",
    "fold",
    "fold_keep_length",
    "join_wrapped",
    "nfc",
    "normalize_dashes",
    "strip_markup",
]

_TAG = re.compile(r"<[^>]+>")
# A script or style element (or one left open up to the end of the cell): code, never document text.
_SCRIPT = re.compile(r"<(script|style|template|noscript)\b[^>]*>.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_LI = re.compile(r"<li[^>]*>", re.IGNORECASE)
_BREAK = re.compile(r"<br\s*/?>|</p>|</li>", re.IGNORECASE)
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


def nfc(text: str) -> str:
    """Unicode NFC normalisation (Vietnamese text arrives in both composed and decomposed forms)."""
    return unicodedata.normalize("NFC", text)


def strip_markup(text: str) -> str:
    """Remove HTML tags (scripts and styles with their content) and markdown emphasis from a cell;
    list items become "- " lines."""
    if "<" in text:  # every tag pattern starts with "<"
        text = _SCRIPT.sub(" ", text)
        text = _LI.sub("\n- ", text)
        text = _BREAK.sub("\n", text)
        text = _TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
        if "<" in text:  # "&lt;script&gt;" unescaped: still no script text
            text = _SCRIPT.sub(" ", text)
    if "*" not in text and "_" not in text:  # no emphasis marks
        return text
    previous = None
    while previous != text:
        previous = text
        text = _EMPHASIS.sub(r"\2", text)
    return text.replace("**", "")


@lru_cache(maxsize=1 << 15)
def clean_cell(text: str) -> str:
    """A table cell as plain text: markup removed, lines joined, spaces collapsed (memoised: the
    finders, the recogniser and the header readers clean the same cells and lines again and again)."""
    text = strip_markup(nfc(text))
    lines = [collapse_spaces(line) for line in text.splitlines()]
    return collapse_spaces(" ".join(line for line in lines if line))


class _KeepLengthFold(dict):
    """``str.translate`` table of ``fold_keep_length``: each character to its lower-case base letter
    (đ -> d, dashes to "-"), filled as characters are seen."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = "d" if char in "đĐ" else unicodedata.normalize("NFD", char)[0].lower()
        value = self[code] = normalize_dashes(folded)
        return value


_KEEP_LENGTH_FOLD = _KeepLengthFold()


def fold_keep_length(text: str) -> str:
    """Like ``fold`` but one output character per input character, so offsets carry over."""
    return nfc(text).translate(_KEEP_LENGTH_FOLD)


def join_wrapped(lines: list[str]) -> str:
    """Join hard-wrapped lines of one paragraph into one string (markup stripped)."""
    return collapse_spaces(" ".join(strip_markup(nfc(line)).strip() for line in lines if line.strip()))
