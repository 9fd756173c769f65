"""Document numbers: the seeds' forms, their variants, finding them in running text, round trips."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.normalize.docnumber import (
    NUMBER_TYPE_CODES,
    PARTY_ISSUERS,
    TYPE_WORDS,
    canonical_issuer,
    canonical_type,
    find_numbers,
    find_numbers_with_findings,
    is_national,
    parse_number,
    parse_number_with_findings,
    type_from_word,
)
from ingest.records import DocNumber

SAMPLES = Path(__file__).resolve().parents[1] / "ingest" / "samples"


def sample(name: str) -> str:
    return next(SAMPLES.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def all_samples() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")))


# (as written in the seeds, serial, year, type, issuer, suffix, party_form, canonical)
SEED_NUMBERS = [
    ("76/NQ-CP", "76", None, "NQ", "CP", None, False, "76/NQ-CP"),
    ("30c/NQ-CP", "30c", None, "NQ", "CP", None, False, "30c/NQ-CP"),
    ("61/2018/NĐ-CP", "61", 2018, "NĐ", "CP", None, False, "61/2018/NĐ-CP"),
    ("468/QĐ-TTg", "468", None, "QĐ", "TTg", None, False, "468/QĐ-TTg"),
    ("23/CT-TTg", "23", None, "CT", "TTg", None, False, "23/CT-TTg"),
    ("39-NQ/TW", "39", None, "NQ", "TW", None, True, "39-NQ/TW"),
    ("16-TB/TW", "16", None, "TB", "TW", None, True, "16-TB/TW"),
    ("40-KL/TW", "40", None, "KL", "TW", None, True, "40-KL/TW"),
    ("05/NQ-TU", "05", None, "NQ", "TU", None, True, "05-NQ/TU"),
    ("05-NQ/TU", "05", None, "NQ", "TU", None, True, "05-NQ/TU"),
    ("38/NQ-HĐND", "38", None, "NQ", "HĐND", None, False, "38/NQ-HĐND"),
    ("285/KH-UBND", "285", None, "KH", "UBND", None, False, "285/KH-UBND"),
    ("71/QĐ-UBND-HC", "71", None, "QĐ", "UBND", "HC", False, "71/QĐ-UBND-HC"),
    ("2493/TTr-SNV", "2493", None, "TTr", "SNV", None, False, "2493/TTr-SNV"),
    ("167/UBND-VXNV", "167", None, None, "UBND", "VXNV", False, "167/UBND-VXNV"),
    ("1211/2016/UBTVQH13", "1211", 2016, None, "UBTVQH13", None, False, "1211/2016/UBTVQH13"),
    ("20/QĐ-BCĐCCHC", "20", None, "QĐ", "BCĐCCHC", None, False, "20/QĐ-BCĐCCHC"),
    ("465 /QĐ-UBND", "465", None, "QĐ", "UBND", None, False, "465/QĐ-UBND"),
    ("285 /KH-UBND", "285", None, "KH", "UBND", None, False, "285/KH-UBND"),
    ("130/2005/NĐ-CP", "130", 2005, "NĐ", "CP", None, False, "130/2005/NĐ-CP"),
    ("131/QĐ-UBND-HC", "131", None, "QĐ", "UBND", "HC", False, "131/QĐ-UBND-HC"),
    ("18-NQ/TW", "18", None, "NQ", "TW", None, True, "18-NQ/TW"),
]


@pytest.mark.parametrize("written", [case[0] for case in SEED_NUMBERS])
def test_seed_numbers_occur_in_the_samples(written: str) -> None:
    assert written in all_samples()


@pytest.mark.parametrize(
    ("written", "serial", "year", "type_code", "issuer", "suffix", "party", "canonical"), SEED_NUMBERS
)
def test_parse_seed_forms(
    written: str,
    serial: str,
    year: int | None,
    type_code: str | None,
    issuer: str,
    suffix: str | None,
    party: bool,
    canonical: str,
) -> None:
    number = parse_number(written)
    assert number == DocNumber(serial, year, type_code, issuer, suffix, party)
    assert number.canonical() == canonical


def test_state_and_party_forms_of_a_provincial_party_resolution_are_one_number() -> None:
    assert parse_number("05/NQ-TU") == parse_number("05-NQ/TU")
    assert parse_number("05/NQ-TU") != parse_number("05/NQ-HĐND")


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("71/NQ -CP", "71/NQ-CP"),
        ("27/NQ- TW", "27-NQ/TW"),
        ("61/2018/NĐ\u2013CP", "61/2018/NĐ-CP"),  # en dash
        ("39\u2014NQ/TW", "39-NQ/TW"),  # em dash
        ("61/2018/N\u00d0-CP", "61/2018/NĐ-CP"),  # Icelandic eth for Đ
        ("468/Q\u00d0-TTg", "468/QĐ-TTg"),
        ("5/Qđ-UBND", "5/QĐ-UBND"),
        ("108/2014/nđ-CP", "108/2014/NĐ-CP"),
        ("2493/ttr-SNV", "2493/TTr-SNV"),
        ("2493/TTr-SNV", "2493/TTr-SNV"),
        ("468/QĐ-ttg", "468/QĐ-TTg"),
        ("Số: 285/KH-UBND", "285/KH-UBND"),
        ("số 465 /QĐ-UBND", "465/QĐ-UBND"),
        ("  23/CT-TTg.  ", "23/CT-TTg"),
        ("01/2018/TT-BNV", "01/2018/TT-BNV"),
        ("58/2014/QH13", "58/2014/QH13"),
        ("12/2018-NQ/TW", "12/2018-NQ/TW"),
    ],
)
def test_parse_variants(written: str, canonical: str) -> None:
    number = parse_number(written)
    assert number is not None
    assert number.canonical() == canonical


def test_decomposed_unicode_reads_like_composed() -> None:
    composed = "38/NQ-HĐND"
    decomposed = unicodedata.normalize("NFD", composed)
    assert parse_number(decomposed) == parse_number(composed)
    stroked = "61/2018/ND\u0335-CP"  # D plus a combining short stroke overlay
    assert parse_number(stroked) == parse_number("61/2018/NĐ-CP")


def test_ascii_type_spellings() -> None:
    assert parse_number("61/2018/ND-CP") == parse_number("61/2018/NĐ-CP")
    assert parse_number("468/QD-TTg") == parse_number("468/QĐ-TTg")


def test_year_typo_in_the_seed_is_repaired_with_a_finding() -> None:
    assert "Nghị định số 113/218/NĐ-CP" in sample("003")
    number, findings = parse_number_with_findings("113/218/NĐ-CP", 42)
    assert number == DocNumber("113", 2018, "NĐ", "CP")
    assert [f.kind for f in findings] == ["number-typo"]
    assert findings[0].line == 42
    assert findings[0].subject == "113/218/NĐ-CP"
    assert "2018" in findings[0].message
    assert parse_number("113/218/NĐ-CP") == DocNumber("113", 2018, "NĐ", "CP")


@pytest.mark.parametrize("written", ["12/1800/NĐ-CP", "12/2150/NĐ-CP", "12/918/NĐ-CP", "12/18/NĐ-CP"])
def test_impossible_years_are_not_years(written: str) -> None:
    number, findings = parse_number_with_findings(written, 3)
    assert number is not None
    assert number.year is None
    assert (number.serial, number.type_code, number.issuer) == ("12", "NĐ", "CP")
    assert [f.kind for f in findings] == ["number-typo"]


def test_well_formed_numbers_give_no_findings() -> None:
    for written, *_rest in SEED_NUMBERS:
        assert parse_number_with_findings(written, 1)[1] == []


@pytest.mark.parametrize(
    "text",
    [
        "17/4/2015",
        "15/5/2020",
        "II/2021",
        "ISO 9001:2015",
        "2021 - 2025",
        "5/QĐ",
        "50tr/huyện",
        "",
        "KH-UBND",
        "Quý II/2021",
        "05tr/kỳ",
        "abc",
    ],
)
def test_parse_rejects_non_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_find_numbers_in_running_text_from_the_seeds() -> None:
    text = "Nghị quyết số 39-NQ/TW ngày 17/4/2015 của Bộ Chính trị"
    assert text in sample("003")
    found = find_numbers(text)
    assert [(text[s:e], n.canonical()) for s, e, n in found] == [("39-NQ/TW", "39-NQ/TW")]

    assert "Nghị định số 130/2005/NĐ-CP ngày 17/10/2005" in sample("003")
    text = "Nghị định 130/2005/NĐ-CP ngày 17/10/2005"  # the same without "số"
    found = find_numbers(text)
    assert [(s, e) for s, e, _n in found] == [(10, 24)]
    assert found[0][2] == DocNumber("130", 2005, "NĐ", "CP")


def test_find_numbers_with_spaces_keeps_the_written_span() -> None:
    text = "(Kèm theo Kế hoạch số 285 /KH-UBND ngày 05 /12/2020 của UBND tỉnh Đồng Tháp)"
    assert text in sample("000")
    [(start, end, number)] = find_numbers(text)
    assert text[start:end] == "285 /KH-UBND"
    assert number.canonical() == "285/KH-UBND"


def test_find_numbers_lists_several_in_order() -> None:
    text = "Nghị định số 130/2005/NĐ-CP ngày 17/10/2005, Nghị định số 117/2013/NĐ-CP ngày 07/10/2013"
    assert text in sample("003")
    assert [n.canonical() for _s, _e, n in find_numbers(text)] == ["130/2005/NĐ-CP", "117/2013/NĐ-CP"]


@pytest.mark.parametrize(
    "text",
    [
        "ngày 17/4/2015 và ngày 15/5/2020",
        "Quý II/2021; Quý IV/2022",
        "theo tiêu chuẩn ISO 9001:2015",
        "giai đoạn 2021 - 2025 và 2011- 2020",
        "50tr/huyện, 05tr/kỳ, 05 triệu/tháng",
        "Điểm 2.1, 2.2 và 3/4 số huyện",
        "Trước 25/12 hàng năm",
    ],
)
def test_find_numbers_ignores_dates_quarters_and_ranges(text: str) -> None:
    assert find_numbers(text) == []


def test_find_numbers_across_seed_003_finds_its_legal_bases() -> None:
    text = sample("003")
    found = {n.canonical() for _s, _e, n in find_numbers(text)}
    expected = {
        "76/NQ-CP",
        "23/CT-TTg",
        "468/QĐ-TTg",
        "05-NQ/TU",
        "38/NQ-HĐND",
        "2493/TTr-SNV",
        "465/QĐ-UBND",
        "39-NQ/TW",
        "1211/2016/UBTVQH13",
        "130/2005/NĐ-CP",
        "60/2021/NĐ-CP",
    }
    assert expected <= found
    for start, end, _number in find_numbers(text):
        assert any(c.isalpha() for c in text[start:end])  # never a bare date


def test_find_numbers_reports_typo_findings() -> None:
    text = "theo Nghị định số 113/218/NĐ-CP của Chính phủ"
    found, findings = find_numbers_with_findings(text, line=9)
    assert [n.canonical() for _s, _e, n in found] == ["113/2018/NĐ-CP"]
    assert [(f.kind, f.line) for f in findings] == [("number-typo", 9)]


def test_find_numbers_offsets_index_decomposed_text() -> None:
    text = unicodedata.normalize("NFD", "Căn cứ Nghị quyết số 38/NQ-HĐND ngày 22 tháng 7 năm 2022")
    [(start, end, number)] = find_numbers(text)
    assert unicodedata.normalize("NFC", text[start:end]) == "38/NQ-HĐND"
    assert number.issuer == "HĐND"


def test_find_numbers_requires_capitalised_issuer() -> None:
    assert find_numbers("1/huyện-xã") == []
    assert find_numbers("mỗi 3/Ban") == []


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Nghị quyết", "NQ"),
        ("Nghị định", "NĐ"),
        ("Quyết định", "QĐ"),
        ("Chỉ thị", "CT"),
        ("Kế hoạch", "KH"),
        ("Thông báo", "TB"),
        ("Kết luận", "KL"),
        ("Tờ trình", "TTr"),
        ("Công văn", "CV"),
        ("Luật", "L"),
    ],
)
def test_type_words(word: str, code: str) -> None:
    assert TYPE_WORDS[word] == code
    assert type_from_word(word) == code
    assert type_from_word(word.upper()) == code
    assert type_from_word(unicodedata.normalize("NFD", word)) == code


def test_type_from_word_is_diacritics_insensitive_and_allows_following_text() -> None:
    assert type_from_word("nghi dinh") == "NĐ"
    assert type_from_word("Nghị định số 61/2018/NĐ-CP") == "NĐ"
    assert type_from_word("Luật Tổ chức chính quyền địa phương") == "L"
    assert type_from_word("Kế hoạch") == "KH"
    assert type_from_word("Kết luận") == "KL"
    assert type_from_word("Báo cáo") is None
    assert type_from_word("Luậtsư") is None
    assert type_from_word("") is None


def test_canonical_codes() -> None:
    assert canonical_type("Qđ") == "QĐ"
    assert canonical_type("nđ") == "NĐ"
    assert canonical_type("TTr") == "TTr"
    assert canonical_type("UBND") is None
    assert canonical_issuer("ttg") == "TTg"
    assert canonical_issuer("hđnd") == "HĐND"


@pytest.mark.parametrize(
    "issuer",
    [
        "CP",
        "TTg",
        "TW",
        "BCT",
        "QH",
        "QH13",
        "UBTVQH13",
        "BCĐCCHC",
        "BNV",
        "BTP",
        "BTC",
        "VPCP",
        "BC\u00d0CCHC",
    ],
)
def test_national_issuers(issuer: str) -> None:
    assert is_national(issuer)


@pytest.mark.parametrize("issuer", ["UBND", "HĐND", "TU", "SNV", "STP", "UBND-HC", "VPUB", "BQL", "", "XYZ"])
def test_provincial_issuers(issuer: str) -> None:
    assert not is_national(issuer)


# ---- round trip -----------------------------------------------------------------------------------

_LETTERS = "ABCDEGHKLMNOPQRSTUVXYĐ"
_issuer_codes = st.one_of(
    st.sampled_from(["CP", "TTg", "TW", "TU", "HĐND", "UBND", "SNV", "BCĐCCHC", "UBTVQH13", "QH14", "BNV"]),
    st.builds(
        lambda first, rest: first + rest,
        st.sampled_from(_LETTERS),
        st.text(alphabet=_LETTERS + "0123456789", min_size=1, max_size=7),
    ),
).map(canonical_issuer)


@st.composite
def valid_numbers(draw: st.DrawFn) -> DocNumber:
    serial = str(draw(st.integers(0, 99999))) + draw(st.sampled_from(["", "", "a", "c"]))
    year = draw(st.one_of(st.none(), st.integers(1945, 2100)))
    type_code = draw(st.one_of(st.none(), st.sampled_from(NUMBER_TYPE_CODES)))
    issuer = draw(_issuer_codes.filter(lambda i: type_code is not None or canonical_type(i) is None))
    suffix = draw(st.one_of(st.none(), st.sampled_from(["HC", "VXNV", "KT-NV", "VP1"])))
    if type_code is None:
        party = False
    elif issuer in PARTY_ISSUERS:
        party = True
    else:
        party = draw(st.booleans())
    return DocNumber(serial, year, type_code, issuer, suffix, party)


@given(valid_numbers())
def test_round_trip(number: DocNumber) -> None:
    assert parse_number(number.canonical()) == number


@given(valid_numbers())
def test_found_in_a_sentence(number: DocNumber) -> None:
    text = f"Căn cứ văn bản số {number.canonical()} ngày 15/7/2021 của cơ quan"
    [(start, end, found)] = find_numbers(text)
    assert found == number
    assert text[start:end] == number.canonical()


@given(st.text())
def test_never_raises(text: str) -> None:
    parse_number_with_findings(text, 1)
    find_numbers_with_findings(text, 1)
    is_national(text)
    type_from_word(text)


# -- real 2025 numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("8935/BNV-CTTN&BĐG", "8935/BNV-CTTN&BĐG"),  # an office suffix holding "&"
        ("92/2009/TT- BTC", "92/2009/TT-BTC"),  # a space printed after the dash
        ("57- NQ/TW", "57-NQ/TW"),
        ("02-KH/BCĐTW", "02-KH/BCĐTW"),
        ("6225/BVHTTDL-VP", "6225/BVHTTDL-VP"),
    ],
)
def test_numbers_as_printed_in_real_plans(written: str, canonical: str) -> None:
    number = parse_number(written)
    assert number is not None and number.canonical() == canonical
    found = find_numbers(f"tại Công văn số {written} ngày 03/10/2025")
    assert [n.canonical() for _, _, n in found] == [canonical]


def test_thong_tu_and_thong_tri_are_typed() -> None:
    assert type_from_word("Thông tư số 92/2009/TT-BTC") == "TT"
    assert type_from_word("Thông tri số 02-TT/TU") == "TT"
