"""Budget cells and funding notes from the seeds, plus other amount spellings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.normalize.budget import funding_sources, parse_budget

SAMPLES = Path(__file__).resolve().parents[1] / "ingest" / "samples"
SEED_TEXT = " ".join("\n".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))).split())

FUNDING = {"NS tỉnh", "NS huyện", "NS nhà nước", "Kinh phí tự chủ", "Theo kế hoạch", "Kinh phí kiểm tra"}
UNITS = {"total", "per-district", "per-issue", "per-month", "per-year", "per-unit"}

# (budget cell, note cell, amount in VND, unit, funding) - every budget and note string occurs in a seed
SEED_CASES = [
    ("50triệu/ huyện", "NS huyện", 50_000_000, "per-district", ("NS huyện",)),
    ("50tr/huyện", "NS huyện", 50_000_000, "per-district", ("NS huyện",)),
    ("05triệu/ kỳ", "NS tỉnh", 5_000_000, "per-issue", ("NS tỉnh",)),
    ("05tr/kỳ", "NS tỉnh", 5_000_000, "per-issue", ("NS tỉnh",)),
    ("05 triệu/tháng", "NS tỉnh", 5_000_000, "per-month", ("NS tỉnh",)),
    ("05 tr/tháng", "NS tỉnh", 5_000_000, "per-month", ("NS tỉnh",)),
    ("40 triệu", "NS tỉnh", 40_000_000, "total", ("NS tỉnh",)),
    ("40 tr", "", 40_000_000, "total", ()),
    ("120 triệu", "NS tỉnh", 120_000_000, "total", ("NS tỉnh",)),
    ("150 tr", "NS Tỉnh", 150_000_000, "total", ("NS tỉnh",)),
    ("70 tr", "", 70_000_000, "total", ()),
    ("80 triệu đồng", "", 80_000_000, "total", ()),
    ("Kinh phí tự chủ", "", None, "total", ("Kinh phí tự chủ",)),
    ("Theo Kế hoạch", "", None, "total", ("Theo kế hoạch",)),
    ("Theo Đề án", "NS nhà nước", None, "total", ("Theo kế hoạch", "NS nhà nước")),
    ("Theo hướng dẫn", "", None, "total", ("Theo kế hoạch",)),
    ("Theo quy định", "NS huyện", None, "total", ("Theo kế hoạch", "NS huyện")),
    ("NS Nhà nước", "", None, "total", ("NS nhà nước",)),
    ("Kinh phí kiểm tra", "", None, "total", ("Kinh phí kiểm tra",)),
]


@pytest.mark.parametrize(("amount", "note"), [(case[0], case[1]) for case in SEED_CASES])
def test_seed_cells_occur_in_the_samples(amount: str, note: str) -> None:
    assert amount in SEED_TEXT
    assert note in SEED_TEXT


@pytest.mark.parametrize(("amount", "note", "vnd", "unit", "funding"), SEED_CASES)
def test_seed_budgets(amount: str, note: str, vnd: int | None, unit: str, funding: tuple[str, ...]) -> None:
    value = parse_budget(amount, note)
    assert (value.amount_vnd, value.unit, value.funding) == (vnd, unit, funding)
    assert value.text == amount


@pytest.mark.parametrize(
    ("amount", "vnd", "unit"),
    [
        ("1,5 tỷ", 1_500_000_000, "total"),
        ("1.5 tỷ đồng", 1_500_000_000, "total"),
        ("2 tỉ", 2_000_000_000, "total"),
        ("500.000.000 đồng", 500_000_000, "total"),
        ("500,000,000 đ", 500_000_000, "total"),
        ("500000000", 500_000_000, "total"),
        ("1.500 triệu", 1_500_000_000, "total"),
        ("2,5 triệu/tháng", 2_500_000, "per-month"),
        ("200 nghìn", 200_000, "total"),
        ("200 ngàn", 200_000, "total"),
        ("80 TRIỆU ĐỒNG", 80_000_000, "total"),
        ("30 triệu/năm", 30_000_000, "per-year"),
        ("50 triệu mỗi huyện", 50_000_000, "per-district"),
        ("10 triệu/xã", 10_000_000, "per-unit"),
        ("10 triệu/đơn vị", 10_000_000, "per-unit"),
        ("05 triệu/số", 5_000_000, "per-issue"),
        ("<b>40 triệu</b>", 40_000_000, "total"),
        ("Dự kiến 120 triệu", 120_000_000, "total"),
    ],
)
def test_amount_variants(amount: str, vnd: int, unit: str) -> None:
    value = parse_budget(amount)
    assert (value.amount_vnd, value.unit) == (vnd, unit)


@pytest.mark.parametrize("amount", ["", "Kinh phí", "2021", "40", "abc", "Quý II/2021", "Theo Kế hoạch"])
def test_no_amount(amount: str) -> None:
    value = parse_budget(amount)
    assert value.amount_vnd is None
    assert value.unit == "total"


def test_funding_from_cell_and_note_without_repeats() -> None:
    value = parse_budget("40 triệu (NS tỉnh)", "NS tỉnh")
    assert value.amount_vnd == 40_000_000
    assert value.funding == ("NS tỉnh",)
    assert parse_budget("Kinh phí tự chủ", "Ngân sách tỉnh").funding == ("Kinh phí tự chủ", "NS tỉnh")
    assert parse_budget("", "ngân sách cấp huyện").funding == ("NS huyện",)
    assert parse_budget("", "Ghi chú khác").funding == ()


def test_funding_sources_are_scheme_notations() -> None:
    texts = [
        "NS tỉnh",
        "NS Tỉnh",
        "NS huyện",
        "NS nhà nước",
        "Kinh phí tự chủ",
        "Theo Đề án",
        "Kinh phí kiểm tra",
    ]
    found = {notation for text in texts for notation in funding_sources(text)}
    assert found == FUNDING


def test_theo_is_only_a_funding_source_at_the_start() -> None:
    assert funding_sources("Chi theo kế hoạch") == ()
    assert funding_sources("Theo KH") == ("Theo kế hoạch",)


@given(st.text(), st.text())
def test_never_raises(amount: str, note: str) -> None:
    value = parse_budget(amount, note)
    assert value.unit in UNITS
    assert set(value.funding) <= FUNDING
    assert value.amount_vnd is None or value.amount_vnd >= 0


@given(st.integers(0, 10**6), st.sampled_from(["triệu", "tr", "tỷ", "nghìn", "triệu đồng"]))
def test_amounts_scale(number: int, word: str) -> None:
    factor = {"triệu": 10**6, "tr": 10**6, "tỷ": 10**9, "nghìn": 10**3, "triệu đồng": 10**6}[word]
    assert parse_budget(f"{number} {word}").amount_vnd == number * factor
