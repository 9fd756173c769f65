"""Folding of Vietnamese text, the one form names are compared in: "Sở Nội vụ" -> "so noi vu".

Below every package, so ingest (``cchc:normalizedName``, agency and label matching) and queries (the
parameters a user gives) fold with the same function; ``ontology.iris.slugify`` slugs the folded text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u2009]+")
_TO_COLLAPSE = re.compile(r"[\t\u00a0\u2002\u2003\u2009]|  ")  # what _SPACES would change
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-", "\u2010": "-"})


class _DropMarks(dict):
    """``str.translate`` table deleting nonspacing marks (category Mn), filled as characters are seen."""

    def __missing__(self, code: int) -> int | None:
        value = self[code] = None if unicodedata.category(chr(code)) == "Mn" else code
        return value


_DROP_MARKS = _DropMarks()


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case ASCII form of Vietnamese text: "Sở Nội vụ" -> "so noi vu" (đ -> d, dashes to "-",
    every run of white space, line breaks too, to one space, trimmed). Memoised: parsers fold the same
    lines again and again."""
    if text.isascii():  # no marks, no đ, no dashes to map
        return " ".join(text.split()).lower()
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = decomposed.translate(_DROP_MARKS)
    return " ".join(stripped.translate(_DASHES).split()).lower()


def collapse_spaces(text: str) -> str:
    """Collapse runs of spaces and tabs to one space and trim."""
    if _TO_COLLAPSE.search(text) is None:  # single spaces only: rewriting each costs more than a search
        return text.strip()
    return _SPACES.sub(" ", text).strip()


def normalize_dashes(text: str) -> str:
    """En and em dashes (and the other dash characters) to hyphen-minus."""
    return text.translate(_DASHES)
