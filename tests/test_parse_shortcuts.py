"""The shortcuts that make parsing cheap give the answers of the long way (issue 16).

Each shortcut skips work only where the long way changes nothing: ASCII text, text without combining
marks, text without a slash or a digit, cells read again. These tests hold the shortcuts to the
long-way results on the inputs where they differ most.
"""

from __future__ import annotations

import unicodedata

import pytest
from rdflib.namespace import RDF as RDFLIB_RDF

from ingest import terms
from ingest.model import Cell
from ingest.normalize.dates import clean_text, find_invalid_dates, normalize_with_offsets
from ingest.normalize.docnumber import find_numbers
from ingest.normalize.text import clean_cell, fold_keep_length
from ingest.records import Span
from ontology.namespace import CCHC, FLAG
from ontology.text import collapse_spaces, fold


def _clusters(text: str) -> tuple[str, list[int]]:
    """``normalize_with_offsets`` the long way: ``clean_text`` of each character with its marks."""
    chars: list[str] = []
    offsets: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        for char in clean_text(text[i:j]):
            chars.append(char)
            offsets.append(i)
        i = j
    return "".join(chars), [*offsets, len(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Quyết định số 61/2018/NĐ-CP",  # composed, no marks left to join: one translate
        "Nghi\u0323 quyê\u0301t 76/NQ-CP",  # decomposed marks: clusters
        "D\u0336ồng Tháp, ngày 05/12/2020",  # D + combining stroke is Đ
        "\u00d0ồng Tháp \u2013 Sở Nội vụ",  # eth for Đ, en dash
        "\u0958 two characters from one",  # NFC splits it: offsets repeat
        "ISO 9001:2015",  # ASCII
        "",
    ],
)
def test_normalize_with_offsets_is_the_cluster_wise_cleaning(text: str) -> None:
    assert normalize_with_offsets(text) == _clusters(text)


def test_decomposed_d_with_stroke_is_one_character_at_offset_zero() -> None:
    assert normalize_with_offsets("D\u0336ồng") == ("Đồng", [0, 2, 3, 4, 5])


def test_fold_keep_length_keeps_one_character_per_character() -> None:
    text = "Đồng Tháp – Sở Nội vụ"
    folded = fold_keep_length(text)
    assert folded == "dong thap - so noi vu"
    assert len(folded) == len(text)


def test_fold_of_ascii_text_is_lower_case_with_single_spaces() -> None:
    assert fold("  UBND\ttinh   Dong Thap \n") == "ubnd tinh dong thap"
    assert fold("Sở Nội vụ") == "so noi vu"


@pytest.mark.parametrize(
    ("text", "collapsed"),
    [
        ("Sở Nội vụ", "Sở Nội vụ"),
        (" Sở  Nội\tvụ ", "Sở Nội vụ"),
        ("Sở\u00a0Nội\u2009vụ", "Sở Nội vụ"),
        ("a \u00a0 b", "a b"),
    ],
)
def test_collapse_spaces(text: str, collapsed: str) -> None:
    assert collapse_spaces(text) == collapsed


def test_clean_cell_strips_tags_entities_and_emphasis() -> None:
    assert clean_cell("<b>Sở Tư pháp</b><br>Tỉnh Đoàn") == "Sở Tư pháp Tỉnh Đoàn"
    assert clean_cell("**Sở Nội vụ** &amp; _Sở Tài chính_") == "Sở Nội vụ & Sở Tài chính"
    assert clean_cell("&lt;script&gt;alert(1)&lt;/script&gt;Sở Y tế") == "Sở Y tế"


def test_a_cell_text_follows_its_raw_text() -> None:
    cell = Cell("Sở Nội", Span(1, 1))
    assert cell.text == "Sở Nội"
    cell.raw = f"{cell.raw} vụ"  # the PDF layout reader appends to a cell's raw text
    assert cell.text == "Sở Nội vụ"


def test_numbers_need_a_slash_and_invalid_dates_a_digit() -> None:
    assert find_numbers("Nghị quyết 76 NQ-CP của Chính phủ") == []
    assert [n.canonical() for _s, _e, n in find_numbers("Nghị quyết số 76/NQ-CP")] == ["76/NQ-CP"]
    assert find_invalid_dates("ngày ba mươi mốt tháng hai") == []
    assert find_invalid_dates("ngày 31 tháng 02 năm 2021")[0][1] == "ngày 31 tháng 02 năm 2021"


def test_terms_are_the_namespace_terms() -> None:
    assert terms.CCHC.hasTask == CCHC.hasTask
    assert terms.CCHC.hasTask is terms.CCHC.hasTask  # looked up once
    assert terms.RDF.type == RDFLIB_RDF.type
    assert terms.FLAG["ambiguous-date"] == FLAG["ambiguous-date"]


def test_a_misspelt_term_fails_as_in_the_namespace() -> None:
    with pytest.raises(AttributeError):
        terms.CCHC.hasTsak  # noqa: B018
    with pytest.raises((AttributeError, KeyError)):
        terms.FLAG["no-such-flag"]
