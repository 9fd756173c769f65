"""Time frames from the seeds' task tables (and domain notes), plus variants and robustness."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.normalize.timeframe import parse_time_frame

SAMPLES = Path(__file__).resolve().parents[1] / "ingest" / "samples"
SEED_TEXT = " ".join("\n".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))).split())

# Plan periods of the seeds: 000 and 002 plan 2021, 001 plans 2019, 003 plans 2021-2025, 004 runs in 2020.
P2021 = (2021, 2021)
P2019 = (2019, 2019)
P2020 = (2020, 2020)
P2125 = (2021, 2025)

D = date

# (cell text as in a seed, plan period, kind, start, end, recurrence)
SEED_CASES = [
    ("Quý II/2021", P2021, "interval", D(2021, 4, 1), D(2021, 6, 30), None),
    ("Quý 3/2021", P2021, "interval", D(2021, 7, 1), D(2021, 9, 30), None),
    ("Quý 4/2021", P2021, "interval", D(2021, 10, 1), D(2021, 12, 31), None),
    ("Quý 1/2021", P2021, "interval", D(2021, 1, 1), D(2021, 3, 31), None),
    ("Quý II năm 2020", P2020, "interval", D(2020, 4, 1), D(2020, 6, 30), None),
    ("Quý IV/2022", P2125, "interval", D(2022, 10, 1), D(2022, 12, 31), None),
    ("Quý III/2022", P2125, "interval", D(2022, 7, 1), D(2022, 9, 30), None),
    ("Quý I/2019", P2019, "interval", D(2019, 1, 1), D(2019, 3, 31), None),
    ("Trong tháng 01/2021", P2021, "interval", D(2021, 1, 1), D(2021, 1, 31), None),
    ("Trong tháng 01/2019", P2019, "interval", D(2019, 1, 1), D(2019, 1, 31), None),
    ("Tháng 12/2021", P2021, "interval", D(2021, 12, 1), D(2021, 12, 31), None),
    ("Tháng 3/2021", P2021, "interval", D(2021, 3, 1), D(2021, 3, 31), None),
    ("Trong tháng 5 năm 2020", P2020, "interval", D(2020, 5, 1), D(2020, 5, 31), None),
    ("Trong tháng 6/2020", P2020, "interval", D(2020, 6, 1), D(2020, 6, 30), None),
    ("Trong năm 2021", P2021, "interval", D(2021, 1, 1), D(2021, 12, 31), None),
    ("Trong năm 2021 (nếu có)", P2021, "interval", D(2021, 1, 1), D(2021, 12, 31), None),
    ("Trong năm 2019", P2019, "interval", D(2019, 1, 1), D(2019, 12, 31), None),
    (
        "Trong năm 2020 (trọng tâm thời điểm trước và trong Hội nghị Tổng kết của UBND Tỉnh)",
        P2020,
        "interval",
        D(2020, 1, 1),
        D(2020, 12, 31),
        None,
    ),
    ("Kỳ họp cuối năm 2022", P2125, "interval", D(2022, 10, 1), D(2022, 12, 31), None),
    ("Thường xuyên trong năm", P2021, "continuous", D(2021, 1, 1), D(2021, 12, 31), None),
    ("Thường xuyên", P2021, "continuous", D(2021, 1, 1), D(2021, 12, 31), None),
    ("Thường xuyên – theo nhu cầu hàng năm", P2125, "continuous", D(2021, 1, 1), D(2025, 12, 31), None),
    ("Thường xuyên hàng năm", P2125, "continuous", D(2021, 1, 1), D(2025, 12, 31), None),
    ("Mỗi tháng 02 kỳ", P2021, "recurring", D(2021, 1, 1), D(2021, 12, 31), "monthly"),
    ("Mỗi tháng một kỳ", P2021, "recurring", D(2021, 1, 1), D(2021, 12, 31), "monthly"),
    ("Hàng tuần trong tháng", P2021, "recurring", D(2021, 1, 1), D(2021, 12, 31), "weekly"),
    ("Hằng tuần trong tháng", P2019, "recurring", D(2019, 1, 1), D(2019, 12, 31), "weekly"),
    (
        "Định kỳ hàng quý và đột xuất khi có yêu cầu",
        P2021,
        "recurring",
        D(2021, 1, 1),
        D(2021, 12, 31),
        "quarterly",
    ),
    ("Hàng quý và năm 2021", P2021, "recurring", D(2021, 1, 1), D(2021, 12, 31), "quarterly"),
    ("Trước 25/12 hàng năm", P2125, "recurring", None, D(2021, 12, 25), "yearly"),
    ("Trước 31/12 hàng năm", P2125, "recurring", None, D(2021, 12, 31), "yearly"),
    ("Quý I hàng năm", P2125, "recurring", D(2021, 1, 1), D(2021, 3, 31), "yearly"),
    (
        "Quý II-III hằng năm (sau khi cấp có thẩm quyền công bố các Chỉ số)",
        P2125,
        "recurring",
        D(2021, 4, 1),
        D(2021, 9, 30),
        "yearly",
    ),
    ("Quý IV hàng năm", P2125, "recurring", D(2021, 10, 1), D(2021, 12, 31), "yearly"),
    ("Quý III hàng năm", P2125, "recurring", D(2021, 7, 1), D(2021, 9, 30), "yearly"),
    ("Quý I - theo nhu cầu hàng năm", P2125, "recurring", D(2021, 1, 1), D(2021, 3, 31), "yearly"),
    ("Theo lộ trình hàng năm", P2125, "recurring", None, None, "yearly"),
    ("Theo kế hoạch hàng năm", P2125, "recurring", None, None, "yearly"),
    ("Trước ngày 15/5/2020", P2020, "deadline", None, D(2020, 5, 15), None),
    ("Khi có văn bản pháp luật mới", P2021, "conditional", None, None, None),
    ("Khi có văn bản mới", P2021, "conditional", None, None, None),
    ("Khi có hướng dẫn của Trung ương", P2021, "conditional", None, None, None),
    ("Thường xuyên trong năm khi có quy định mới của pháp luật", P2021, "conditional", None, None, None),
    ("Thực hiện theo ý kiến chỉ đạo của Tỉnh ủy", P2125, "conditional", None, None, None),
    ("Theo đề nghị của Thanh tra, Kiểm toán", P2125, "conditional", None, None, None),
    ("Theo Kế hoạch", P2021, "unspecified", None, None, None),
    ("Theo kế hoạch", P2019, "unspecified", None, None, None),
    ("Theo Đề án", P2021, "unspecified", None, None, None),
    ("Theo Kế hoạch tổ chức tại các huyện có điều kiện", P2021, "unspecified", None, None, None),
    ("Theo Kế hoạch của Hội đồng rà soát văn bản", P2021, "unspecified", None, None, None),
    ("Theo tiến độ Kế hoạch của Văn phòng Chính phủ", P2021, "unspecified", None, None, None),
    ("Theo quy định của Trung ương", P2021, "unspecified", None, None, None),
    ("Theo văn bản triển khai của Bộ Nội vụ", P2021, "unspecified", None, None, None),
    ("Theo Kế hoạch – lộ trình của Chính phủ", P2125, "unspecified", None, None, None),
    ("Theo KH của ĐV năm 2023", P2125, "unspecified", D(2023, 1, 1), D(2023, 12, 31), None),
    ("Theo Kế hoạch và đột xuất khi có yêu cầu", P2021, "unspecified", None, None, None),
]


@pytest.mark.parametrize("text", [case[0] for case in SEED_CASES])
def test_seed_cells_occur_in_the_samples(text: str) -> None:
    assert text in SEED_TEXT


@pytest.mark.parametrize(("text", "period", "kind", "start", "end", "recurrence"), SEED_CASES)
def test_seed_time_frames(
    text: str,
    period: tuple[int, int],
    kind: str,
    start: date | None,
    end: date | None,
    recurrence: str | None,
) -> None:
    value, findings = parse_time_frame(text, *period, line=12)
    assert (value.kind, value.start, value.end, value.recurrence) == (kind, start, end, recurrence)
    assert value.text == text
    assert value.milestones == ()
    assert findings == []


@pytest.mark.parametrize(
    ("text", "period", "start", "end", "milestones"),
    [
        (
            "- Tháng 02/2021 - Ngày 15/11/2021",
            P2021,
            D(2021, 2, 1),
            D(2021, 11, 15),
            (D(2021, 2, 28), D(2021, 11, 15)),
        ),
        (
            "- Tháng 01/2021 - Trong năm 2021",
            P2021,
            D(2021, 1, 1),
            D(2021, 12, 31),
            (D(2021, 1, 31), D(2021, 12, 31)),
        ),
        (
            "- Tháng 4/2021 - Tháng 12/2021",
            P2021,
            D(2021, 4, 1),
            D(2021, 12, 31),
            (D(2021, 4, 30), D(2021, 12, 31)),
        ),
        (
            "- Tháng 12/2020 - Tháng 12/2021",
            P2021,
            D(2020, 12, 1),
            D(2021, 12, 31),
            (D(2020, 12, 31), D(2021, 12, 31)),
        ),
    ],
)
def test_milestones(
    text: str, period: tuple[int, int], start: date, end: date, milestones: tuple[date, ...]
) -> None:
    assert text in SEED_TEXT
    value, findings = parse_time_frame(text, *period)
    assert value.kind == "milestones"
    assert (value.start, value.end, value.milestones) == (start, end, milestones)
    assert findings == []


def test_two_items_in_the_same_month_are_one_interval() -> None:
    text = "- Tổ chức tổng kết trong tháng 5/2020; - Gửi Báo cáo tổng kết về Sở nội vụ trong tháng 5/2020."
    assert text in SEED_TEXT
    value, findings = parse_time_frame(text, 2020, 2020)
    assert (value.kind, value.start, value.end) == ("interval", D(2020, 5, 1), D(2020, 5, 31))
    assert findings == []


def test_milestones_from_html_list_cell() -> None:
    value, _ = parse_time_frame("<li>Tháng 02/2021</li><li>Ngày 15/11/2021</li>", 2021, 2021)
    assert value.kind == "milestones"
    assert value.milestones == (D(2021, 2, 28), D(2021, 11, 15))


@pytest.mark.parametrize(
    ("text", "period", "kind", "start", "end"),
    [
        ("Quý II", P2021, "interval", D(2021, 4, 1), D(2021, 6, 30)),
        ("Quý II", P2125, "interval", D(2021, 4, 1), D(2021, 6, 30)),
        ("Tháng 12", P2021, "interval", D(2021, 12, 1), D(2021, 12, 31)),
        ("Trước 25/12", P2125, "deadline", None, D(2021, 12, 25)),
        ("Trong năm", P2021, "interval", D(2021, 1, 1), D(2021, 12, 31)),
        ("Cuối năm", P2019, "interval", D(2019, 10, 1), D(2019, 12, 31)),
    ],
)
def test_plan_period_fills_the_missing_year(
    text: str, period: tuple[int, int], kind: str, start: date | None, end: date
) -> None:
    value, findings = parse_time_frame(text, *period)
    assert (value.kind, value.start, value.end) == (kind, start, end)
    assert findings == []


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("Quý III/2026", "interval", D(2026, 7, 1), D(2026, 9, 30)),
        ("quý ii/2021", "interval", D(2021, 4, 1), D(2021, 6, 30)),
        ("Quý II–III/2021", "interval", D(2021, 4, 1), D(2021, 9, 30)),
        ("**Quý II/2021**", "interval", D(2021, 4, 1), D(2021, 6, 30)),
        ("Ngày 15/11/2021", "interval", D(2021, 11, 15), D(2021, 11, 15)),
        ("ngày 15 tháng 11 năm 2021", "interval", D(2021, 11, 15), D(2021, 11, 15)),
        ("Chậm nhất ngày 30/6/2021", "deadline", None, D(2021, 6, 30)),
        ("Trước tháng 6/2021", "deadline", None, D(2021, 5, 31)),
        ("Trước Quý III/2021", "deadline", None, D(2021, 6, 30)),
        ("Từ tháng 3/2021 đến tháng 6/2021", "interval", D(2021, 3, 1), D(2021, 6, 30)),
        ("6 tháng đầu năm 2021", "interval", D(2021, 1, 1), D(2021, 6, 30)),
        ("6 tháng cuối năm 2021", "interval", D(2021, 7, 1), D(2021, 12, 31)),
        ("Giai đoạn 2021 - 2025", "interval", D(2021, 1, 1), D(2025, 12, 31)),
        ("Năm 2023", "interval", D(2023, 1, 1), D(2023, 12, 31)),
        ("Liên tục", "continuous", D(2021, 1, 1), D(2025, 12, 31)),
        ("Hàng tháng", "recurring", D(2021, 1, 1), D(2025, 12, 31)),
        ("Sau khi có quyết định công bố", "conditional", None, None),
    ],
)
def test_other_realistic_variants(text: str, kind: str, start: date | None, end: date | None) -> None:
    value, findings = parse_time_frame(text, 2021, 2025)
    assert (value.kind, value.start, value.end) == (kind, start, end)
    assert findings == []


def test_recurrences_of_variants() -> None:
    assert parse_time_frame("Hàng tháng", 2021, 2021)[0].recurrence == "monthly"
    assert parse_time_frame("Mỗi quý", 2021, 2021)[0].recurrence == "quarterly"
    assert parse_time_frame("Hằng năm", 2021, 2025)[0].recurrence == "yearly"


def test_missing_year_without_plan_period_is_flagged() -> None:
    value, findings = parse_time_frame("Quý II", None, None, line=77)
    assert value.kind == "unspecified"
    assert [(f.kind, f.line, f.subject) for f in findings] == [("ambiguous-date", 77, "Quý II")]


def test_continuous_without_plan_period_has_no_dates() -> None:
    value, findings = parse_time_frame("Thường xuyên", None, None)
    assert (value.kind, value.start, value.end) == ("continuous", None, None)
    assert findings == []


@pytest.mark.parametrize("text", ["Sớm", "abc xyz", "Kết thúc đợt 3", "15/13/2021", "Quý V/2021"])
def test_unrecognised_text_is_flagged(text: str) -> None:
    value, findings = parse_time_frame(text, 2021, 2021, line=5)
    assert value.kind == "unspecified"
    assert (value.start, value.end) == (None, None)
    assert [(f.kind, f.line) for f in findings] == [("ambiguous-date", 5)]


def test_empty_cell_is_unspecified_without_finding() -> None:
    assert parse_time_frame("", 2021, 2021) == (parse_time_frame("  ", 2021, 2021)[0], [])
    assert parse_time_frame("", 2021, 2021)[0].kind == "unspecified"


def test_period_end_defaults_to_period_start() -> None:
    value, _ = parse_time_frame("Thường xuyên", 2021, None)
    assert (value.start, value.end) == (D(2021, 1, 1), D(2021, 12, 31))


@given(
    st.text(), st.one_of(st.none(), st.integers(-10, 10_000)), st.one_of(st.none(), st.integers(-10, 10_000))
)
def test_never_raises(text: str, start: int | None, end: int | None) -> None:
    value, findings = parse_time_frame(text, start, end, line=3)
    assert value.kind in {
        "interval",
        "deadline",
        "milestones",
        "recurring",
        "continuous",
        "conditional",
        "unspecified",
    }
    assert all(f.kind == "ambiguous-date" for f in findings)


@given(
    st.lists(
        st.sampled_from(
            ["Quý", "II", "/", "2021", "Tháng", "12", "-", "Trước", "hàng năm", "ngày", "15/5", ";", " "]
        ),
        max_size=12,
    ),
    st.integers(1945, 2100),
)
def test_never_raises_on_near_misses(words: list[str], year: int) -> None:
    value, _findings = parse_time_frame(" ".join(words), year, year)
    if value.start is not None and value.end is not None:
        assert value.start <= value.end


# Time cells of real 2025 plans (realistic variants; the general patterns, not one document's wording).
P2630 = (2026, 2030)


@pytest.mark.parametrize(
    ("text", "period", "kind", "start", "end"),
    [
        # open-ended: from a year (or quarter) on, to the plan's end; no end without a plan period
        ("năm 2025 và các năm tiếp theo.", P2630, "continuous", D(2025, 1, 1), D(2030, 12, 31)),
        ("Năm 2026 và các năm tiếp theo", (None, None), "continuous", D(2026, 1, 1), None),
        ("Quý IV/2025 và các năm tiếp theo", P2630, "continuous", D(2025, 10, 1), D(2030, 12, 31)),
        ("Từ năm 2026 trở đi", P2630, "continuous", D(2026, 1, 1), D(2030, 12, 31)),
        # a range ends in its last part's year
        ("Quý IV/2026 - Quý II/2027", P2630, "interval", D(2026, 10, 1), D(2027, 6, 30)),
        ("Tháng 11 - 12/2025.", P2630, "interval", D(2025, 11, 1), D(2025, 12, 31)),
        ("Tháng 11-12/2025", (None, None), "interval", D(2025, 11, 1), D(2025, 12, 31)),
        ("tháng 11 đến tháng 12 năm 2025", P2630, "interval", D(2025, 11, 1), D(2025, 12, 31)),
        ("Năm 2025, 2026", P2630, "interval", D(2025, 1, 1), D(2026, 12, 31)),
        ("12/2025", P2630, "interval", D(2025, 12, 1), D(2025, 12, 31)),
        # deadlines written in words
        ("trước ngày 01 tháng 01 năm 2026.", P2630, "deadline", None, D(2026, 1, 1)),
        ("Trước ngày 31/5/2026.", P2630, "deadline", None, D(2026, 5, 31)),
        # "Quí" spelling and a dash before the year
        ("Quí IV-2025", P2630, "interval", D(2025, 10, 1), D(2025, 12, 31)),
        ("Quý I - 2026", P2630, "interval", D(2026, 1, 1), D(2026, 3, 31)),
        # "đến (hết)" a period at the start: done by its end
        ("Đến hết năm 2025", P2630, "deadline", None, D(2025, 12, 31)),
        ("Từ nay đến tháng 6/2026", P2630, "deadline", None, D(2026, 6, 30)),
        # from a time until a condition
        ("Từ tháng 11/2025 đến khi kết thúc kiểm kê.", P2630, "conditional", D(2025, 11, 1), None),
        # "Thường xuyên" spans the plan's period, and has no dates without one
        ("Thường xuyên", P2630, "continuous", D(2026, 1, 1), D(2030, 12, 31)),
        ("Thường xuyên", (None, None), "continuous", None, None),
    ],
)
def test_real_2025_plan_cells(
    text: str, period: tuple[int | None, int | None], kind: str, start: date | None, end: date | None
) -> None:
    value, findings = parse_time_frame(text, *period)
    assert (value.kind, value.start, value.end) == (kind, start, end)
    assert findings == []
