"""Text helpers shared by every parser: markup stripping, cells, wrapped lines; the folding
(``fold``, ``collapse_spaces``, ``normalize_dashes``) is ``ontology.text``'s, the one the queries use too."""

from __future__ import annotations

import html
import re
import unicodedata

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


def fold_keep_length(text: str) -> str:
    """Like ``fold`` but one output character per input character, so offsets carry over."""
    out = []
    for char in nfc(text):
        if char in "đĐ":
            out.append("d")
            continue
        base = unicodedata.normalize("NFD", char)[0]
        out.append(base.lower() if len(base) == 1 else char.lower())
    return normalize_dashes("".join(out))


def join_wrapped(lines: list[str]) -> str:
    """Join hard-wrapped lines of one paragraph into one string (markup stripped)."""
    return collapse_spaces(" ".join(strip_markup(nfc(line)).strip() for line in lines if line.strip()))
