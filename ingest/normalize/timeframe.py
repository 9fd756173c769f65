"""Time-frame cells ("thời gian thực hiện") -> :class:`TimeFrameValue`.

Kinds are notations of the time-frame-kind scheme: interval, deadline, milestones, recurring,
continuous, conditional, unspecified. The plan's period (``period_start``..``period_end``, years) fills
in a year the text leaves out ("Quý II", "Tháng 12", "Trước 25/12") and bounds recurring and
continuous frames.

Choices where the text alone does not decide:

* deadlines ("Trước ngày 15/5/2020", "Trước 25/12 hàng năm") have ``start=None``: the text says when the
  work must end, not when it begins. "Trước <day>" ends on that day; "Trước <month|quarter|year>"
  ends the day before that period begins.
* yearly recurring frames carry their first occurrence in the plan period ("Trước 25/12 hàng năm" in a
  2021-2025 plan: end 2021-12-25; "Quý I hàng năm": 2021-01-01..2021-03-31); "Theo kế hoạch hàng năm"
  carries no dates. Weekly, monthly and quarterly frames span the plan period (or the year written).
* continuous frames ("Thường xuyên") span the plan period; but "Thường xuyên ... khi có quy định mới"
  is conditional: the trigger is what the text is about.
* a lone day ("Ngày 15/11/2021") is an interval of that one day; "12/2025" is that month.
* open-ended frames ("năm 2025 và các năm tiếp theo", "từ Quý IV/2025 trở đi") are continuous from
  that time to the plan's end (no end without a plan period); "từ tháng 11/2025 đến khi ..." is
  conditional with its start.
* "đến (hết) <period>" at the start ("Đến hết năm 2025", "Từ nay đến tháng 6/2026") is a deadline at the
  end of that period.
* a range's first part takes the year of its last ("Tháng 11 - 12/2025", "Quý IV/2026 - Quý II/2027"
  ends in 2027); "Quí" is "Quý"; "Quý IV-2025" has its year after a dash.
* "Kỳ họp cuối năm 2022" / "cuối năm 2022" is Q4 (2022-10-01..2022-12-31); "đầu năm" is Q1.
* "Theo ..." frames (Theo Kế hoạch, Theo Đề án, Theo quy định...) are unspecified, with no finding; when
  they name a year ("Theo KH của ĐV năm 2023") start/end bound that year.
* milestones: start is the first item's start, end the last item's end, and each milestone is an
  item's end date; items that all give the same period collapse into one interval.
* an empty cell is unspecified without a finding; text not understood is unspecified with an
  ``ambiguous-date`` finding, and so is a frame whose year is missing when the plan's period is unknown.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ingest.normalize.dates import clean_text, make_date
from ingest.normalize.text import fold, nfc, strip_markup
from ingest.records import Finding, TimeFrameValue

MIN_YEAR = 1945
MAX_YEAR = 2100

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_Q = r"(iv|iii|ii|i|[1-4])(?![a-z0-9])"
_YEAR_TAIL = r"(?:(?:\s*[/-]\s*|\s+nam\s+|\s+)(\d{4})(?!\d))?"

_FULL_DATE = re.compile(r"(?<![\d/])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?![\d/])")
_WORD_DATE = re.compile(r"\b(\d{1,2})\s*thang\s*(\d{1,2})\s*,?\s*nam\s*(\d{4})(?!\d)")
_QUARTER = re.compile(rf"\bqu[yi]\s*{_Q}(?:\s*(?:-|den|va|,)\s*{_Q})?{_YEAR_TAIL}")
_HALF = re.compile(r"\b6 thang (dau|cuoi) nam(?:\s+(\d{4})(?!\d))?")
_YEAR_PART = re.compile(r"\b(dau|cuoi) nam(?:\s+(\d{4})(?!\d))?")
# "Tháng 11 - 12/2025", "tháng 11 đến tháng 12 năm 2025": both months in the year written once.
_MONTH_RANGE = re.compile(
    r"\bthang\s*(\d{1,2})\s*(?:-|den|va|,)\s*(?:thang\s*)?(\d{1,2})(?:\s*/\s*(\d{4})|\s+nam\s+(\d{4}))?(?![\d/])"
)
_MONTH_YEAR = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{4})(?![\d/])")  # "12/2025"
_YEAR_LIST = re.compile(r"(?<![\d/])(\d{4})(?:\s*(?:,|;|va)\s*(\d{4})(?![\d/]))+")  # "2025, 2026"
# "năm 2025 và các năm tiếp theo", "từ Quý IV/2025 trở đi": from a time on, with no end written.
_ONWARDS = re.compile(r"\b(?:va|cho)\s+(?:cac|nhung)\s+nam\s+(?:tiep theo|sau)\b|\btro di\b")
# "Từ tháng 11/2025 đến khi kết thúc ...": from a time until a condition is met.
_UNTIL_CONDITION = re.compile(r"\bden khi\b")
_BARE_YEAR = re.compile(r"\s*\d{4}\s*")
_UNTIL = re.compile(r"^(?:tu nay\s+)?(?:hoan thanh\s+)?den\s+(?:het\s+|truoc\s+)?(?!khi\b)")
_MONTH = re.compile(r"\bthang\s*(\d{1,2})(?:\s*/\s*(\d{4})|\s+nam\s+(\d{4}))?(?![\d/])")
_DAY_MONTH = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])")
_YEAR_RANGE = re.compile(r"(?<![\d/])(\d{4})\s*(?:-|den)\s*(\d{4})(?![\d/])")
_YEAR = re.compile(r"(?<![\d/])(\d{4})(?![\d/])")
_IN_YEAR = re.compile(r"\btrong nam\b(?!\s*\d)")

_WEEKLY = re.compile(r"\b(?:hang|moi) tuan\b")
_MONTHLY = re.compile(r"\b(?:hang|moi) thang\b")
_QUARTERLY = re.compile(r"\b(?:hang|moi) quy\b|\bdinh ky quy\b")
_PERIODIC = re.compile(r"\bdinh ky\b")
_YEARLY = re.compile(r"\b(?:hang|moi) nam\b")
_CONTINUOUS = re.compile(r"\b(?:thuong xuyen|lien tuc|hang ngay|moi ngay)\b")
_DEADLINE = re.compile(r"\b(?:truoc|cham nhat|han chot|khong qua|muon nhat)\b")
_CONDITIONAL = re.compile(
    r"^khi\b|\bkhi co\b|\bkhi duoc\b|\bsau khi\b|\by kien chi dao\b|^(?:thuc hien )?theo de nghi\b"
    r"|^(?:thuc hien )?theo yeu cau\b|\bdot xuat\b|\btheo chi dao\b"
)
_PER_PLAN = re.compile(
    r"^(?:thuc hien )?theo (?:ke hoach|kh|de an|quy dinh|van ban|tien do|lo trinh|huong dan|chuong trinh)\b"
)
_PARENS = re.compile(r"\([^()]*\)")
_BULLET_SPLIT = re.compile(r"(?:^|\s)[-+•]\s+|;")


@dataclass(frozen=True)
class _Period:
    """A stretch of calendar found in the text; ``day`` is True for a single written day."""

    start: date
    end: date
    day: bool = False


def _year(raw: str | None, default: int | None) -> int | None:
    if raw is None:
        return default
    value = int(raw)
    return value if MIN_YEAR <= value <= MAX_YEAR else None


def _month_period(year: int, first: int, last: int) -> _Period | None:
    if not (1 <= first <= last <= 12):
        return None
    end_day = calendar.monthrange(year, last)[1]
    return _Period(date(year, first, 1), date(year, last, end_day))


def _quarter_period(match: re.Match[str], default: int | None) -> _Period | None:
    year = _year(match.group(3), default)
    first = _ROMAN[match.group(1)]
    last = _ROMAN[match.group(2)] if match.group(2) else first
    if year is None or last < first:
        return None
    return _month_period(year, 3 * first - 2, 3 * last)


def _day_period(day: str, month: str, year: int | None) -> _Period | None:
    if year is None:
        return None
    value = make_date(year, int(month), int(day))
    return _Period(value, value, day=True) if value else None


def _find_period(text: str, default: int | None) -> _Period | None:
    """The first calendar expression in folded ``text`` (most specific kinds first)."""
    match = _MONTH_RANGE.search(text)
    if match:
        year = _year(match.group(3) or match.group(4), default)
        return _month_period(year, int(match.group(1)), int(match.group(2))) if year else None
    for pattern in (_FULL_DATE, _WORD_DATE):
        match = pattern.search(text)
        if match:
            return _day_period(match.group(1), match.group(2), _year(match.group(3), None))
    match = _QUARTER.search(text)
    if match:
        return _quarter_period(match, default)
    match = _HALF.search(text)
    if match:
        year = _year(match.group(2), default)
        first = 1 if match.group(1) == "dau" else 7
        return _month_period(year, first, first + 5) if year else None
    match = _YEAR_PART.search(text)
    if match:
        year = _year(match.group(2), default)
        first = 1 if match.group(1) == "dau" else 10
        return _month_period(year, first, first + 2) if year else None
    match = _MONTH.search(text)
    if match:
        month = int(match.group(1))
        year = _year(match.group(2) or match.group(3), default)
        return _month_period(year, month, month) if year else None
    match = _DAY_MONTH.search(text)
    if match:
        return _day_period(match.group(1), match.group(2), default)
    match = _MONTH_YEAR.search(text)
    if match and 1 <= int(match.group(1)) <= 12:
        year = _year(match.group(2), None)
        return _month_period(year, int(match.group(1)), int(match.group(1))) if year else None
    match = _YEAR_LIST.search(text)
    if match:
        years = [y for y in (_year(y, None) for y in _YEAR.findall(match.group(0))) if y]
        return _Period(date(min(years), 1, 1), date(max(years), 12, 31)) if years else None
    match = _YEAR_RANGE.search(text)
    if match:
        first, last = _year(match.group(1), None), _year(match.group(2), None)
        if first and last and first <= last:
            return _Period(date(first, 1, 1), date(last, 12, 31))
        return None
    match = _YEAR.search(text)
    if match:
        year = _year(match.group(1), None)
        return _Period(date(year, 1, 1), date(year, 12, 31)) if year else None
    if _IN_YEAR.search(text) and default is not None:
        return _Period(date(default, 1, 1), date(default, 12, 31))
    return None


def _explicit_years(text: str) -> tuple[int, int] | None:
    years = [y for y in (_year(m.group(1), None) for m in _YEAR.finditer(text)) if y]
    return (min(years), max(years)) if years else None


def _plan_span(
    text: str, period_start: int | None, period_end: int | None
) -> tuple[date | None, date | None]:
    """The years written in ``text``, else the plan period, as a date range."""
    years = _explicit_years(text)
    if years is None:
        if period_start is None:
            return None, None
        years = (period_start, period_end or period_start)
    return date(years[0], 1, 1), date(years[1], 12, 31)


def _ambiguous(raw: str, line: int, why: str) -> tuple[TimeFrameValue, list[Finding]]:
    finding = Finding("ambiguous-date", f"time frame {raw!r}: {why}", line, subject=raw)
    return TimeFrameValue(text=raw, kind="unspecified"), [finding]


def _deadline_end(period: _Period) -> date:
    """ "Trước ngày 15/5" ends on 15/5; "Trước tháng 6" ends the day before June begins."""
    return period.start if period.day else period.start - timedelta(days=1)


def _frequency(core: str) -> str | None:
    for pattern, name in ((_WEEKLY, "weekly"), (_MONTHLY, "monthly"), (_QUARTERLY, "quarterly")):
        if pattern.search(core):
            return name
    return None


def _yearly(raw: str, core: str, period_start: int | None) -> TimeFrameValue:
    period = _find_period(core, period_start)
    if period is None:
        return TimeFrameValue(text=raw, kind="recurring", recurrence="yearly")
    if _DEADLINE.search(core):
        return TimeFrameValue(text=raw, kind="recurring", end=_deadline_end(period), recurrence="yearly")
    return TimeFrameValue(text=raw, kind="recurring", start=period.start, end=period.end, recurrence="yearly")


def _open_ended(
    raw: str, core: str, period_start: int | None, period_end: int | None
) -> TimeFrameValue | None:
    """ "năm 2025 và các năm tiếp theo": continuous from that time, to the plan's end if it is later;
    "từ tháng 11/2025 đến khi ...": conditional, from that time until the condition. None otherwise."""
    if _ONWARDS.search(core):
        period = _find_period(_ONWARDS.split(core)[0], period_start)
        if period is None:
            return None
        end = date(period_end, 12, 31) if period_end and period_end >= period.start.year else None
        return TimeFrameValue(text=raw, kind="continuous", start=period.start, end=end)
    if _UNTIL_CONDITION.search(core):
        period = _find_period(_UNTIL_CONDITION.split(core)[0], period_start)
        return TimeFrameValue(text=raw, kind="conditional", start=period.start if period else None)
    return None


def _dated(raw: str, core: str, period_start: int | None, line: int) -> tuple[TimeFrameValue, list[Finding]]:
    """Interval or deadline from a written period; unspecified with a finding if none is found."""
    until = _UNTIL.match(core)
    if until:  # "Đến hết năm 2025", "Từ nay đến tháng 6/2026": done by the end of that period
        period = _find_period(core[until.end() :], period_start)
        if period is not None:
            return TimeFrameValue(text=raw, kind="deadline", end=period.end), []
    parts = re.split(r"\s+-\s+|\bden\b", core, maxsplit=1)
    whole = _MONTH_RANGE.search(core) or (
        len(parts) == 2 and _BARE_YEAR.fullmatch(parts[1])
    )  # "Quý I - 2026"
    if len(parts) == 2 and not _DEADLINE.search(core) and not whole:
        first, last = _find_period(parts[0], period_start), _find_period(parts[1], period_start)
        if first and last and first.start <= last.end:
            return TimeFrameValue(text=raw, kind="interval", start=first.start, end=last.end), []
    period = _find_period(core, period_start)
    if period is None:
        why = "no year given and the plan period is unknown" if period_start is None else "not understood"
        return _ambiguous(raw, line, why)
    if _DEADLINE.search(core):
        return TimeFrameValue(text=raw, kind="deadline", end=_deadline_end(period)), []
    return TimeFrameValue(text=raw, kind="interval", start=period.start, end=period.end), []


def _single(
    raw: str, folded: str, period_start: int | None, period_end: int | None, line: int
) -> tuple[TimeFrameValue, list[Finding]]:
    """Classify one time expression (no bullet list)."""
    core = _PARENS.sub(" ", folded).strip(" .,;:")
    if not core:
        return TimeFrameValue(text=raw, kind="unspecified"), []
    frequency = _frequency(core)
    if frequency is not None:
        start, end = _plan_span(core, period_start, period_end)
        return TimeFrameValue(text=raw, kind="recurring", start=start, end=end, recurrence=frequency), []
    continuous = _CONTINUOUS.search(core) is not None
    if _YEARLY.search(core) and not continuous:
        return _yearly(raw, core, period_start), []
    if _PER_PLAN.search(core):
        years = _explicit_years(core)
        if years is None:
            return TimeFrameValue(text=raw, kind="unspecified"), []
        start, end = date(years[0], 1, 1), date(years[1], 12, 31)
        return TimeFrameValue(text=raw, kind="unspecified", start=start, end=end), []
    if _CONDITIONAL.search(core):
        return TimeFrameValue(text=raw, kind="conditional"), []
    if continuous:
        start, end = _plan_span(core, period_start, period_end)
        return TimeFrameValue(text=raw, kind="continuous", start=start, end=end), []
    if _PERIODIC.search(core):
        start, end = _plan_span(core, period_start, period_end)
        return TimeFrameValue(text=raw, kind="recurring", start=start, end=end), []
    open_ended = _open_ended(raw, core, period_start, period_end)
    if open_ended is not None:
        return open_ended, []
    return _dated(raw, core, period_start, line)


def _milestones(
    raw: str, folded: str, period_start: int | None, period_end: int | None, line: int
) -> TimeFrameValue | None:
    """A bullet or ";" list of dated items as milestones; None if the text is not such a list."""
    pieces = [p.strip() for p in _BULLET_SPLIT.split(folded) if p and p.strip(" .,;:-")]
    if len(pieces) < 2:
        return None
    values = [_single(p, p, period_start, period_end, line)[0] for p in pieces]
    if any(v.kind not in ("interval", "deadline") or v.end is None for v in values):
        return None
    ends = [v.end for v in values if v.end is not None]
    starts = [v.start or v.end for v in values if (v.start or v.end) is not None]
    if all((v.start, v.end) == (values[0].start, values[0].end) for v in values):
        return TimeFrameValue(text=raw, kind=values[0].kind, start=values[0].start, end=values[0].end)
    milestones = tuple(sorted(set(ends)))
    return TimeFrameValue(
        text=raw, kind="milestones", start=min(starts), end=max(ends), milestones=milestones
    )


def parse_time_frame(
    text: str, period_start: int | None, period_end: int | None, line: int = 0
) -> tuple[TimeFrameValue, list[Finding]]:
    """Normalise a time-frame cell; ``period_*`` are the plan's first and last years (or None).

    Never raises: text that is not understood gives kind "unspecified" and an ``ambiguous-date``
    finding for ``line``.
    """
    raw = " ".join(nfc(strip_markup(text)).split())  # as written, markup and line breaks removed
    folded = fold(clean_text(raw))
    if period_end is None:
        period_end = period_start
    if period_start is not None and not MIN_YEAR <= period_start <= MAX_YEAR:
        period_start = period_end = None
    if period_end is not None and not MIN_YEAR <= period_end <= MAX_YEAR:
        period_end = period_start
    is_list = folded.startswith(("-", "+", "•")) or ";" in folded
    if is_list:
        value = _milestones(raw, folded, period_start, period_end, line)
        if value is not None:
            return value, []
    return _single(raw, folded.lstrip("-+• "), period_start, period_end, line)
