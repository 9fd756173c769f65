"""A generated plan before it is written out: who issues it, when, on what legal bases, with which tasks."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from bench.content import CITIES, Section, Task, make_sections

PROGRAMME_2011 = "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2011 - 2020"
PROGRAMME_2021 = "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030"
RESOLUTION_30C = date(2011, 11, 8)
RESOLUTION_76 = date(2021, 7, 15)
DIRECTIVE_23 = date(2021, 9, 2)


@dataclass
class Plan:
    """Everything a layout needs to write one document."""

    province: str
    year: int  # the plan's (first) year
    period: tuple[int, int]
    number: int  # the plan's number, or the issuing decision's
    decision: bool  # issued by a decision (Quyết định ... ban hành Kế hoạch)
    issued: date
    sections: list[Section]
    programme: str  # "30c/NQ-CP" or "76/NQ-CP": the resolution the plan implements
    implements: str  # the "Thực hiện ..." or "Căn cứ ..." phrase naming it
    bases: list[str] = field(default_factory=list)  # further "Căn cứ ..." bases (documents, as phrases)
    replaces: tuple[int, date] | None = None  # an earlier decision of the province this one replaces

    @property
    def multi_year(self) -> bool:
        return self.period[0] != self.period[1]

    @property
    def doc_number(self) -> str:
        return f"{self.number}/{'QĐ' if self.decision else 'KH'}-UBND"

    @property
    def level(self) -> str:
        """ "tỉnh" or, for the five centrally-run cities, "thành phố"."""
        return "thành phố" if self.province in CITIES else "tỉnh"

    @property
    def where(self) -> str:
        """ "tỉnh Đồng Tháp", "thành phố Hà Nội"."""
        return f"{self.level} {self.province}"

    @property
    def period_text(self) -> str:
        start, end = self.period
        return f"năm {start}" if start == end else f"giai đoạn {start} - {end}"

    def task_count(self) -> int:
        """Every numbered row that is not a section heading: tasks and their sub-items."""
        return sum(1 + len(task.subtasks) for section in self.sections for task in section.tasks)


def date_long(value: date) -> str:
    return f"ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"


def date_short(value: date, rng: random.Random | None = None) -> str:
    if rng is not None and rng.random() < 0.5:
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    return f"{value.day}/{value.month}/{value.year}"


def issue_date(year: int, multi_year: bool, rng: random.Random) -> date:
    """Annual plans come out in the last weeks of the year before; multi-year ones early in their first
    year (a 2011 plan after 30c/NQ-CP of 08/11/2011; a 2021 one after 76/NQ-CP, as in Ninh Thuận's)."""
    if year == 2011:
        return date(2011, rng.randint(11, 12), rng.randint(15, 28))
    if multi_year and year == 2021:
        return date(rng.choice((2021, 2022)), rng.randint(8, 12), rng.randint(1, 28))
    if multi_year:
        return date(year, rng.randint(1, 4), rng.randint(1, 28))
    return date(year - 1, rng.choice((11, 12, 12)), rng.randint(1, 28))


def programme_phrase(year: int, issued: date, rng: random.Random) -> tuple[str, str]:
    """(resolution number, how the plan names it): the resolution itself, or only its programme."""
    if year <= 2020:
        if issued >= RESOLUTION_30C and rng.random() < 0.6:
            return "30c/NQ-CP", (
                f"Nghị quyết số 30c/NQ-CP ngày 08/11/2011 của Chính phủ ban hành {PROGRAMME_2011}"
            )
        return "30c/NQ-CP", f"{PROGRAMME_2011} của Chính phủ"
    if issued >= RESOLUTION_76 and rng.random() < 0.7:
        return (
            "76/NQ-CP",
            f"Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ ban hành {PROGRAMME_2021}",
        )
    return "76/NQ-CP", PROGRAMME_2021


def further_bases(year: int, issued: date, rng: random.Random) -> list[str]:
    """Other documents a plan rests on: the PM's directive or decision, a provincial Party resolution."""
    bases = []
    if issued >= DIRECTIVE_23 and rng.random() < 0.6:
        bases.append(
            "Chỉ thị số 23/CT-TTg ngày 02 tháng 9 năm 2021 của Thủ tướng Chính phủ về đẩy mạnh thực hiện "
            + PROGRAMME_2021
        )
    if 2016 <= year <= 2020 and issued >= date(2016, 2, 4) and rng.random() < 0.5:
        bases.append(
            "Quyết định số 225/QĐ-TTg ngày 04 tháng 02 năm 2016 của Thủ tướng Chính phủ phê duyệt Kế hoạch "
            "cải cách hành chính nhà nước giai đoạn 2016 - 2020"
        )
    if rng.random() < 0.4:
        resolution = date(issued.year, rng.randint(1, issued.month), rng.randint(1, 28))
        if resolution <= issued:
            bases.append(
                f"Nghị quyết số {rng.randint(1, 40):02d}-NQ/TU ngày {date_short(resolution)} "
                "của Ban Thường vụ Tỉnh ủy về đẩy mạnh công tác cải cách hành chính trên địa bàn tỉnh"
            )
    return bases


def nest_subtasks(sections: list[Section], rng: random.Random, style: str) -> None:
    """Turn a few runs of tasks into a parent with sub-items (a), b) or 3.1, 3.2 ...)."""
    for section in sections:
        if len(section.tasks) < 4 or rng.random() < 0.5:
            continue
        at = rng.randrange(0, len(section.tasks) - 2)
        take = rng.randint(2, min(4, len(section.tasks) - at - 1))
        parent = section.tasks[at]
        parent.subtasks = section.tasks[at + 1 : at + 1 + take]
        del section.tasks[at + 1 : at + 1 + take]
        if rng.random() < 0.4:  # a parent row that only announces its sub-items
            parent.product = parent.lead = parent.partner = parent.time = parent.budget = parent.note = ""
        if style == "dotted":
            return  # one numbered parent per plan, as in the seeds


def keep_tasks(sections: list[Section]) -> list[Task]:
    return [task for section in sections for task in section.tasks]


def make_plan(
    province: str, year: int, number: int, decision: bool, multi_year: bool, rng: random.Random, tasks: int
) -> Plan:
    """A plan of ``province`` for ``year`` with about ``tasks`` tasks."""
    period = (year, min(year + 4, 2030)) if multi_year else (year, year)
    issued = issue_date(year, multi_year, rng)
    resolution, phrase = programme_phrase(year, issued, rng)
    sections = make_sections(province, year, multi_year, tasks, rng)
    return Plan(
        province=province,
        year=year,
        period=period,
        number=number,
        decision=decision,
        issued=issued,
        sections=sections,
        programme=resolution,
        implements=phrase,
        bases=further_bases(year, issued, rng),
    )
