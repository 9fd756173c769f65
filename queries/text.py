"""Folding of query parameters, so "so noi vu" finds "Sở Nội vụ" and "465/qd-ubnd" finds "465/QĐ-UBND".

The same folding as ``cchc:normalizedName`` (lower case, no combining marks, đ -> d); ``queries`` never
imports ``ingest``, so it is repeated here.
"""

from __future__ import annotations

import re
import unicodedata

from ontology.iris import slugify

_SPACES = re.compile(r"\s+")
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-", "\u2010": "-"})
_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII form: "Sở Nội vụ" -> "so noi vu" (đ -> d, spaces collapsed)."""
    text = unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return _SPACES.sub(" ", stripped.translate(_DASHES)).strip().lower()


def number_key(text: str) -> str:
    """A document number as the queries compare it: "465/QĐ-UBND" -> "465/qd-ubnd".

    Only case and đ are folded (the other letters of Vietnamese numbers carry no diacritics); the
    SPARQL side computes the same key with ``REPLACE(LCASE(STR(?number)), "đ", "d")``.
    """
    return _SPACES.sub("", unicodedata.normalize("NFC", text).translate(_DASHES)).lower().replace("đ", "d")


def place_key(text: str) -> str:
    """A province name as the slug of its IRI: "Đồng Tháp" / "dong thap" -> "dong-thap"."""
    return slugify(text)


def comparable(text: str) -> str:
    """Folded words only (no punctuation), for matching tasks by meaning.

    Abbreviations (CCHC, TTHC) are deliberately not spelled out: the extra common words make unrelated
    tasks look alike (on the Đồng Tháp plans the best false pair rose from 61 to 69).
    """
    return " ".join(_WORD.findall(fold(text)))
