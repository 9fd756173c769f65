"""Calendar quarters, named one way wherever they are shown ("2021-Q2": the plan page's quarter filter,
the workload per quarter of ``viz.analytics``)."""

from __future__ import annotations

from typing import NamedTuple

_LAST_DAYS = {1: "03-31", 2: "06-30", 3: "09-30", 4: "12-31"}


class Quarter(NamedTuple):
    """One calendar quarter: ``Quarter("2021-Q2", "2021-04-01", "2021-06-30")``."""

    name: str
    first: str  # ISO date of its first day
    last: str  # ISO date of its last day


def _year_quarter(text: str, month: int) -> tuple[int, int]:
    """(year, quarter) of an ISO date ("2021-05-17"), or of a bare year ("2021") with ``month``."""
    if len(text) >= 7 and text[4] == "-":
        month = int(text[5:7])
    return int(text[:4]), (month - 1) // 3 + 1


def quarters(start: str, end: str, limit: int | None = None) -> list[Quarter]:
    """The quarters from the one holding ``start`` to the one holding ``end`` (ISO dates or years), at
    most ``limit``: ``quarters("2021-02-10", "2021-05-01")`` -> 2021-Q1, 2021-Q2."""
    year, quarter = _year_quarter(start, 1)
    last = _year_quarter(end, 12)
    out: list[Quarter] = []
    while (year, quarter) <= last and (limit is None or len(out) < limit):
        month = 3 * (quarter - 1) + 1
        out.append(Quarter(f"{year}-Q{quarter}", f"{year}-{month:02d}-01", f"{year}-{_LAST_DAYS[quarter]}"))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return out
