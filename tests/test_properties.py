"""Property-based tests (hypothesis) of the parsers: no exception but the project's own error type,
normalising twice gives the same result, and a document number rendered and parsed again is the same.

Example counts are modest so that the file runs in well under 30 s.
"""

from __future__ import annotations

import calendar
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.agencies import parse_agency_cell, split_agencies
from ingest.errors import IngestError
from ingest.normalize.budget import parse_budget
from ingest.normalize.dates import find_dates, find_invalid_dates, parse_date
from ingest.normalize.docnumber import (
    NUMBER_TYPE_CODES,
    PARTY_ISSUERS,
    canonical_type,
    find_numbers,
    parse_number,
)
from ingest.normalize.text import clean_cell, fold
from ingest.normalize.timeframe import parse_time_frame
from ingest.pipeline import parse_document
from ingest.readers.source import SourceText
from ingest.records import DocNumber
from ingest.tables import read_task_tables, read_tasks

SAMPLES = Path(__file__).resolve().parent.parent / "ingest" / "samples"
SEED_LINES = [
    line for p in sorted(SAMPLES.glob("*.txt")) for line in p.read_text(encoding="utf-8").split("\n")
]

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

VIETNAMESE = st.text(
    alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạếềểễệốồổỗộớờởỡợứừửữựĐĂÂÊÔƠƯ ,;.-/:()")),
    max_size=60,
)

# --------------------------------------------------------------------------------------------------
# Document numbers
# --------------------------------------------------------------------------------------------------

_UPPER = "ABCDEGHIKLMNOPQRSTUVXYĐ"
ISSUER = st.one_of(
    st.sampled_from(
        ["CP", "TTg", "TW", "TU", "HU", "ĐU", "UBND", "HĐND", "SNV", "BNV", "BCĐCCHC", "UBTVQH13"]
    ),
    st.builds(
        lambda head, tail: head + tail,
        st.sampled_from(list(_UPPER)),
        st.text(alphabet=_UPPER + "0123456789", min_size=1, max_size=6),
    ),
).filter(lambda issuer: issuer.upper() not in ("TTG", "TƯ") or issuer == "TTg")
SUFFIX = st.one_of(
    st.none(),
    st.lists(st.text(alphabet=_UPPER + "0123456789", min_size=1, max_size=4), min_size=1, max_size=2).map(
        "-".join
    ),
)


@st.composite
def doc_numbers(draw: st.DrawFn) -> DocNumber:
    """A valid DocNumber as ``ingest.normalize.docnumber`` defines one."""
    serial = str(draw(st.integers(1, 999_999))) + draw(st.sampled_from(["", "", "", "a", "c"]))
    year = draw(st.one_of(st.none(), st.integers(1945, 2100)))
    type_code = draw(st.one_of(st.none(), st.sampled_from(NUMBER_TYPE_CODES)))
    issuer = draw(ISSUER)
    if type_code is None and canonical_type(issuer) is not None:
        issuer = "UBND"
    party = type_code is not None and (issuer in PARTY_ISSUERS or draw(st.booleans()))
    return DocNumber(serial, year, type_code, issuer, draw(SUFFIX), party)


@FAST
@given(doc_numbers())
def test_a_document_number_rendered_and_parsed_again_is_the_same_number(number: DocNumber) -> None:
    written = number.canonical()
    assert parse_number(written) == number
    assert parse_number(f"Số: {written}") == number
    assert parse_number(written.replace("/", " / ", 1)) == number  # "465 /QĐ-UBND"
    text = f"Căn cứ văn bản số {written} ngày 15/7/2021 của cơ quan;"
    assert [found for _s, _e, found in find_numbers(text)] == [number]


@FAST
@given(st.one_of(st.text(max_size=40), VIETNAMESE, doc_numbers().map(lambda n: n.canonical() + "x")))
def test_parse_number_never_raises_and_its_canonical_form_is_a_fixed_point(text: str) -> None:
    number = parse_number(text)
    if number is not None:
        again = parse_number(number.canonical())
        assert again == number
        assert again.canonical() == number.canonical()


@FAST
@given(st.text(max_size=120))
def test_find_numbers_gives_ordered_spans_inside_the_text(text: str) -> None:
    last_end = 0
    for start, end, number in find_numbers(text):
        assert last_end <= start < end <= len(text)
        assert parse_number(number.canonical()) == number
        last_end = end


# --------------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------------


@FAST
@given(st.dates(date(1900, 1, 1), date(2100, 12, 31)), st.booleans())
def test_a_date_written_either_way_reads_back(value: date, words: bool) -> None:
    written = (
        f"ngày {value.day:02d} tháng {value.month} năm {value.year}"
        if words
        else f"ngày {value.day}/{value.month:02d}/{value.year}"
    )
    assert parse_date(written) == value
    assert [found[2] for found in find_dates(f"Căn cứ ... {written} của ...")] == [value]
    assert find_invalid_dates(written) == []


@FAST
@given(st.integers(1900, 2100), st.integers(1, 12), st.integers(1, 31))
def test_a_day_past_the_end_of_its_month_is_reported_not_read(year: int, month: int, day: int) -> None:
    written = f"ngày {day} tháng {month} năm {year}"
    if day <= calendar.monthrange(year, month)[1]:
        assert parse_date(written) == date(year, month, day)
        return
    assert parse_date(written) is None
    assert find_invalid_dates(written) == [(0, written, f"month {month} of {year} has no day {day}")]


@FAST
@given(st.text(max_size=80))
def test_date_parsers_never_raise(text: str) -> None:
    parse_date(text)
    find_dates(text)
    for start, written, why in find_invalid_dates(text):
        assert text[start:].startswith(written) and why


# --------------------------------------------------------------------------------------------------
# Agencies
# --------------------------------------------------------------------------------------------------

AGENCIES = [
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Thông tin và Truyền thông",
    "Văn phòng UBND tỉnh",
    "UBND cấp huyện",
    "Đài Phát thanh và Truyền hình tỉnh",
    "Báo Đồng Tháp",
    "Các sở, ban, ngành tỉnh",
    "Công an tỉnh",
]
PROVINCES = st.sampled_from([None, "Đồng Tháp", "Sóc Trăng", "Ninh Thuận", "Lâm Đồng"])


@FAST
@given(st.one_of(st.text(max_size=60), VIETNAMESE), PROVINCES)
def test_agency_cells_never_raise(cell: str, province: str | None) -> None:
    names = split_agencies(cell, province)
    refs, findings = parse_agency_cell(cell, province, 7)
    assert all(name.strip() for name in names)
    assert len({ref.key for ref in refs}) == len(refs)
    assert all(finding.line == 7 for finding in findings)


@FAST
@given(
    st.lists(st.sampled_from(AGENCIES), min_size=1, max_size=5, unique=True),
    st.sampled_from([", ", "; ", " và "]),
)
def test_splitting_agency_names_again_gives_the_same_names(names: list[str], separator: str) -> None:
    cell = separator.join(names)
    first = split_agencies(cell, "Đồng Tháp")
    assert first
    assert split_agencies(", ".join(first), "Đồng Tháp") == first
    keys = [ref.key for ref in parse_agency_cell(cell, "Đồng Tháp")[0]]
    assert [ref.key for ref in parse_agency_cell(", ".join(first), "Đồng Tháp")[0]] == keys


# --------------------------------------------------------------------------------------------------
# Time frames, budgets and text
# --------------------------------------------------------------------------------------------------

TIME_WORDS = st.lists(
    st.sampled_from(
        [
            "Quý",
            "II",
            "IV",
            "/",
            "2021",
            "Tháng",
            "12",
            "-",
            "Trước",
            "hàng năm",
            "ngày",
            "15/5",
            ";",
            "Thường xuyên",
        ]
    ),
    max_size=10,
).map(" ".join)


@FAST
@given(st.one_of(st.text(max_size=60), TIME_WORDS), st.one_of(st.none(), st.integers(2015, 2030)))
def test_a_time_frame_normalised_twice_is_the_same(text: str, start: int | None) -> None:
    value, _findings = parse_time_frame(text, start, start, line=4)
    again, _ = parse_time_frame(value.text, start, start, line=4)
    assert again == value


@FAST
@given(
    st.one_of(
        st.text(max_size=40),
        st.builds(
            "{} {}".format, st.integers(0, 10**6), st.sampled_from(["triệu", "tr", "tỷ", "đồng", "nghìn"])
        ),
    ),
    st.sampled_from(["", "NS Tỉnh", "NS huyện", "Kinh phí tự chủ"]),
)
def test_a_budget_normalised_twice_is_the_same(amount: str, note: str) -> None:
    value = parse_budget(amount, note)
    assert parse_budget(value.text, note) == value


@FAST
@given(st.one_of(st.text(max_size=60), VIETNAMESE))
def test_folding_and_cleaning_twice_is_the_same(text: str) -> None:
    assert fold(fold(text)) == fold(text)
    cleaned = clean_cell(text.replace("&", ""))
    assert clean_cell(cleaned) == cleaned


# --------------------------------------------------------------------------------------------------
# Table readers
# --------------------------------------------------------------------------------------------------

COLUMNS = {
    "task": "Nội dung thực hiện",
    "product": "Sản phẩm",
    "lead": "Cơ quan chủ trì",
    "partner": "Cơ quan phối hợp",
    "time": "Thời gian thực hiện",
    "budget": "Kinh phí dự kiến",
    "note": "Ghi chú",
}
CELL = st.text(alphabet=st.sampled_from(list("abcdeghiklmnoprstuvxyăâđêôơư ")), min_size=1, max_size=25).map(
    str.strip
)


@st.composite
def tab_tables(draw: st.DrawFn) -> tuple[list[str], list[str], list[dict[str, str]]]:
    """(lines, column roles, rows) of a tab-separated task table with columns in any order."""
    roles = ["task", *draw(st.lists(st.sampled_from(list(COLUMNS)[1:]), unique=True, max_size=6))]
    order = ["number", *draw(st.permutations(roles))]
    header = "\t".join("STT" if role == "number" else COLUMNS[role] for role in order)
    rows = draw(st.lists(st.fixed_dictionaries({role: CELL for role in roles}), min_size=1, max_size=8))
    lines = ["KẾ HOẠCH", "", header]
    for number, row in enumerate(rows, start=1):
        if draw(st.booleans()):
            lines.append("")
        lines.append("\t".join(str(number) if role == "number" else row[role] for role in order))
    return lines, order, rows


@FAST
@given(tab_tables())
def test_a_generated_tab_table_reads_back_row_for_row(table: tuple[list[str], list[str], list[dict]]) -> None:
    lines, order, rows = table
    result = read_task_tables(SourceText("generated.txt", lines, "text"))
    tasks = [task for task in result.tasks if task.text]
    assert [task.code for task in result.tasks] == [str(n) for n in range(1, len(rows) + 1)]
    assert [task.text for task in tasks] == [
        clean_cell(row["task"]) for row in rows if clean_cell(row["task"])
    ]
    for task, row in zip(result.tasks, rows, strict=True):
        assert lines[task.span.first - 1].split("\t")[order.index("task")] == row["task"]
        if "lead" in row:
            assert task.lead_text == clean_cell(row["lead"])
    if "lead" not in order:
        assert [f.message for f in result.findings if f.kind == "other"] == [
            "the task table has no lead-agency column (cơ quan chủ trì); its tasks have no lead"
        ]


@st.composite
def jumbled_lines(draw: st.DrawFn) -> list[str]:
    """Seed lines in random order, pieces of them, "|" lines, tabs and random text."""
    pieces = st.one_of(
        st.sampled_from(SEED_LINES),
        st.sampled_from(SEED_LINES).map(lambda line: line[: len(line) // 2]),
        st.just("|"),
        st.just(""),
        st.lists(CELL, min_size=1, max_size=9).map("\t".join),
        st.text(max_size=30),
    )
    return draw(st.lists(pieces, max_size=40))


@FAST
@given(jumbled_lines())
def test_table_readers_never_raise_on_jumbled_lines(lines: list[str]) -> None:
    lines = [line.replace("\n", " ").replace("\r", " ") for line in lines]
    result = read_tasks(SourceText("jumbled.txt", lines, "text"))
    for task in result.tasks:
        assert 1 <= task.span.first <= task.span.last <= len(lines)
    for finding in result.findings:
        assert 0 <= finding.line <= len(lines)


@SLOW
@given(
    jumbled_lines(),
    st.sampled_from(["", "Số: 12/KH-UBND\n\nĐồng Tháp, ngày 05 tháng 12 năm 2020\n\nKẾ HOẠCH\n"]),
)
def test_a_whole_jumbled_document_raises_nothing_but_ingest_errors(lines: list[str], head: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "jumbled.txt"
        path.write_text(head + "\n".join(lines), encoding="utf-8", errors="surrogatepass")
        try:
            parsed = parse_document(path)
        except IngestError as error:
            assert error.source == str(path)
            return
    assert all(0 <= finding.line <= len(lines) + head.count("\n") + 1 for finding in parsed.findings)
