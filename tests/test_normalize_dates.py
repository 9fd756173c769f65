"""Dates: single values, dates in running text with offsets, and the place-and-date header line."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.normalize.dates import find_dates, parse_date, parse_place_date

SAMPLES = Path(__file__).resolve().parents[1] / "ingest" / "samples"


def sample(name: str) -> str:
    return next(SAMPLES.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def all_samples() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ngày 15 tháng 7 năm 2021", date(2021, 7, 15)),
        ("ngày 15/7/2021", date(2021, 7, 15)),
        ("15/7/2021", date(2021, 7, 15)),
        ("ngày 05 /12/2020", date(2020, 12, 5)),
        ("16 /8/2022", date(2022, 8, 16)),
        ("ngày 01/7/2021", date(2021, 7, 1)),
        ("ngày 21 tháng 01 năm 2020", date(2020, 1, 21)),
        ("ngày 02 tháng 9 năm 2021", date(2021, 9, 2)),
        ("ngày 17/4/2015", date(2015, 4, 17)),
        ("08/11/2011", date(2011, 11, 8)),
    ],
)
def test_seed_dates(text: str, expected: date) -> None:
    assert text in all_samples()
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 tháng 7 năm 2021", date(2021, 7, 15)),
        ("Ngày 15/07/2021", date(2021, 7, 15)),
        ("NGÀY 15 THÁNG 7 NĂM 2021", date(2021, 7, 15)),
        ("ngày 15-7-2021", date(2021, 7, 15)),
        ("15.7.2021", date(2021, 7, 15)),
        ("  ngày 15/7/2021.  ", date(2021, 7, 15)),
        ("ngày 15 tháng 7, năm 2021", date(2021, 7, 15)),
        (unicodedata.normalize("NFD", "ngày 15 tháng 7 năm 2021"), date(2021, 7, 15)),
        ("29/2/2024", date(2024, 2, 29)),
    ],
)
def test_variants(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "31/2/2021",
        "29/2/2021",
        "32/1/2021",
        "15/13/2021",
        "ngày 0/7/2021",
        "15/7/1800",
        "Quý II/2021",
        "15/7",
        "",
        "15/7-2021",
        "ngày 15 tháng 7",
        "2021 - 2025",
        "abc",
    ],
)
def test_invalid_or_partial_dates_give_none(text: str) -> None:
    assert parse_date(text) is None


def test_find_dates_in_a_seed_sentence() -> None:
    text = "Nghị định số 130/2005/NĐ-CP ngày 17/10/2005, Nghị định số 117/2013/NĐ-CP ngày 07/10/2013"
    assert text in sample("003")
    found = find_dates(text)
    assert [(value, written) for _s, _e, value, written in found] == [
        (date(2005, 10, 17), "ngày 17/10/2005"),
        (date(2013, 10, 7), "ngày 07/10/2013"),
    ]
    for start, end, _value, written in found:
        assert text[start:end] == written


def test_find_dates_word_form_and_line_break() -> None:
    text = "theo Quyết định số 1847/QĐ-TTg ngày\n27/12/2018 của Thủ tướng Chính phủ"
    assert text in sample("002")
    [(start, end, value, written)] = find_dates(text)
    assert value == date(2018, 12, 27)
    assert written == "ngày\n27/12/2018"
    assert text[start:end] == written

    text = "Căn cứ Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ"
    assert text in sample("003")
    [(_s, _e, value, written)] = find_dates(text)
    assert (value, written) == (date(2021, 7, 15), "ngày 15 tháng 7 năm 2021")


def test_find_dates_with_stray_spaces() -> None:
    text = "(Ban hành kèm theo Quyết định số: 465 /QĐ-UBND ngày 16 /8/2022 của Ủy ban nhân dân tỉnh)"
    assert text in sample("003")
    [(_s, _e, value, written)] = find_dates(text)
    assert (value, written) == (date(2022, 8, 16), "ngày 16 /8/2022")


def test_find_dates_skips_numbers_quarters_ranges_and_invalid_dates() -> None:
    text = (
        "Số 113/218/NĐ-CP; Quý II/2021; giai đoạn 2021 - 2025; ISO 9001:2015; 31/2/2021; Trước 25/12 hàng năm"
    )
    assert find_dates(text) == []


def test_find_dates_offsets_index_decomposed_text() -> None:
    text = unicodedata.normalize("NFD", "Đồng Tháp, ngày 05 tháng 12 năm 2020 và ngày 15/5/2020")
    found = find_dates(text)
    assert [value for _s, _e, value, _w in found] == [date(2020, 12, 5), date(2020, 5, 15)]
    for start, end, _value, written in found:
        assert text[start:end] == written
    assert unicodedata.normalize("NFC", found[0][3]) == "ngày 05 tháng 12 năm 2020"


@pytest.mark.parametrize(
    ("line", "place", "value"),
    [
        ("Đồng Tháp, ngày 05 tháng 12 năm 2020", "Đồng Tháp", date(2020, 12, 5)),
        ("*Đồng Tháp, ngày 06 tháng 12 năm 2018*", "Đồng Tháp", date(2018, 12, 6)),
        ("Sóc Trăng, ngày 24 tháng 12 năm 2020", "Sóc Trăng", date(2020, 12, 24)),
        ("Đồng Tháp, ngày 21 tháng 01 năm 2020", "Đồng Tháp", date(2020, 1, 21)),
    ],
)
def test_place_date_lines_from_the_seeds(line: str, place: str, value: date) -> None:
    assert line in all_samples().splitlines()
    assert parse_place_date(line) == (place, value)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("**Ninh Thuận, ngày 16 tháng 8 năm 2022**", ("Ninh Thuận", date(2022, 8, 16))),
        ("_Hà Nội, ngày 15/7/2021_", ("Hà Nội", date(2021, 7, 15))),
        ("Số: 285/KH-UBND\tĐồng Tháp, ngày 05 tháng 12 năm 2020", ("Đồng Tháp", date(2020, 12, 5))),
        ("TP. Hồ Chí Minh, ngày 01 tháng 7 năm 2021.", ("TP. Hồ Chí Minh", date(2021, 7, 1))),
        ("Đồng Tháp , ngày 05 tháng 12 năm 2020", ("Đồng Tháp", date(2020, 12, 5))),
    ],
)
def test_place_date_variants(line: str, expected: tuple[str, date]) -> None:
    assert parse_place_date(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        "Đồng Tháp, ngày 31 tháng 2 năm 2020",
        "Số: 285/KH-UBND",
        "Đồng Tháp, năm 2020",
        "",
    ],
)
def test_lines_that_are_not_place_dates(line: str) -> None:
    assert parse_place_date(line) is None


@given(st.text())
def test_never_raises(text: str) -> None:
    parse_date(text)
    parse_place_date(text)
    for start, end, _value, written in find_dates(text):
        assert text[start:end] == written
