"""Folding of query parameters, so "so noi vu" finds "Sở Nội vụ" and "465/qd-ubnd" finds "465/QĐ-UBND".

The same folding as ``cchc:normalizedName``: ``ontology.text.fold`` (lower case, no combining marks,
đ -> d), which ingest uses too.
"""

from __future__ import annotations

import re
import unicodedata

from ontology.iris import slugify
from ontology.text import fold, normalize_dashes

__all__ = ["comparable", "fold", "number_key", "place_key"]

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[a-z0-9]+")


def number_key(text: str) -> str:
    """A document number as the queries compare it: "465/QĐ-UBND" -> "465/qd-ubnd".

    Only case and đ are folded (the other letters of Vietnamese numbers carry no diacritics); the
    SPARQL side computes the same key with ``REPLACE(LCASE(STR(?number)), "đ", "d")``.
    """
    return _SPACES.sub("", normalize_dashes(unicodedata.normalize("NFC", text))).lower().replace("đ", "d")


_NATION_SLUGS = frozenset({"viet-nam", "vietnam", "vn"})


def place_key(text: str) -> str:
    """A province name as the slug of its IRI: "Đồng Tháp" / "dong thap" -> "dong-thap"; the nation's
    label ("Việt Nam", the jurisdiction of national bodies) -> "vn", the slug of ``place/vn``."""
    slug = slugify(text)
    return "vn" if slug in _NATION_SLUGS else slug


def comparable(text: str) -> str:
    """Folded words only (no punctuation), for matching tasks by meaning.

    Abbreviations (CCHC, TTHC) are deliberately not spelled out: the extra common words make unrelated
    tasks look alike (on the Đồng Tháp plans the best false pair rose from 61 to 69).
    """
    return " ".join(_WORD.findall(fold(text)))
