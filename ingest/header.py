"""Read a document's identity from its opening lines: type, number, date, province, title, period.

A file holds a plan, a decision followed by the plan (or Đề án) it issues ("QUYẾT ĐỊNH ... Ban hành kèm
theo Quyết định này Kế hoạch ..."), or an official letter (Công văn: "Kính gửi:", no heading) whose
appendix lists tasks. The plan and the decision are returned; the caller links them.

A web crawl may wrap the document in site text: a banner, and a metadata block listing the number and
date (ingest.site_metadata). That block is skipped when looking for the header, and its values, like an
appendix caption ("Kèm theo Công văn số 12/UBND-VP ngày ..."), stand in for a number or date the
header does not give, with a finding saying so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ingest.errors import IngestError
from ingest.normalize.dates import find_dates, parse_place_date
from ingest.normalize.docnumber import find_numbers, is_national, parse_number
from ingest.normalize.text import clean_cell, fold, join_wrapped
from ingest.provinces import find_province
from ingest.records import DocNumber, DocumentHeader, Finding, Span
from ingest.site_metadata import SiteMetadata, read_site_metadata

# An action programme ("CHƯƠNG TRÌNH HÀNH ĐỘNG", number .../CTr-...) is a plan in the same shape.
_HEADINGS = {
    "ke hoach": "KH", "ke hoach hanh dong": "KH", "chuong trinh hanh dong": "KH", "chuong trinh": "KH",
    "quyet dinh": "QĐ",
}  # fmt: skip
# The heading and the title printed on one line, in capitals ("KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2021").
_HEADING_WITH_TITLE = re.compile(
    r"^(KẾ HOẠCH(?: HÀNH ĐỘNG)?|CHƯƠNG TRÌNH HÀNH ĐỘNG|QUYẾT ĐỊNH)\s+(?P<title>[^:]{3,})$"
)
_HEADING_WINDOW = 80  # lines after the site's wrapping in which a heading with its title is looked for
_TYPE_WORDS = {"KH": "ke hoach", "QĐ": "quyet dinh", "CV": "cong van"}
_NUMBER_LINE = re.compile(
    r"^\s*s[oố]\s*(?:hiệu)?\s*(?::|(?=\d))\s*(.+)$", re.IGNORECASE
)  # "Số 12/KH-UBND" too
# Where a "Số:" value ends: a cell break, or the place-date of the same header row ("Đồng Tháp, ngày").
_NUMBER_END = re.compile(r"[\t|]|\s+(?=[^\W\d_][^,\d]{0,40},\s*ngày\b)", re.IGNORECASE)
_CAPTION = re.compile(r"k[eè]m theo (quyet dinh|ke hoach|cong van)\s+so\s*:?\s*", re.IGNORECASE)
_YEAR = re.compile(r"\bn[aă]m\s+(\d{4})\b", re.IGNORECASE)
_PERIOD = re.compile(r"giai\s+đoạn\s+(\d{4})\s*[-–—]\s*(\d{4})", re.IGNORECASE)
_TITLE_STOP = re.compile(
    r"^(căn cứ|nhằm|để|\(|ủy ban nhân dân|chủ tịch|thủ tướng|bộ trưởng|i\.)", re.IGNORECASE
)
_OPENING = re.compile(r"^thực hiện\s", re.IGNORECASE)
_REVIEW = re.compile(r"^(tổng kết|sơ kết|đánh giá)", re.IGNORECASE)
_TIME_YEAR = re.compile(r"\b(20\d\d)\b")
_GREETING = re.compile(r"^kinh gui\b")  # folded "Kính gửi:" of an official letter
_ABOUT = re.compile(r"^v/v\b\.?\s*:?\s*")  # folded "V/v" (về việc): a letter's subject line
_LETTER_WINDOW = 80  # lines after the site's wrapping in which a letter's greeting is looked for
_NATIONAL_ISSUERS = {"TTg": "Thủ tướng Chính phủ", "CP": "Chính phủ"}
_MOTTOS = ("cong hoa", "dang cong san")  # the header's right-hand block: the State's or the Party's motto
# A provincial body under the people's committee that issues its own plans (folded first words).
_DEPARTMENT = re.compile(r"^(so|ban|van phong|thanh tra|cong an|bo chi huy|chi cuc|trung tam|dai|bao) ")


@dataclass(frozen=True)
class Heading:
    """A document-type heading line ("KẾ HOẠCH", "**QUYẾT ĐỊNH**")."""

    line: int
    doc_type: str
    title: str | None = None  # the title when printed on the heading's own line


@dataclass
class HeaderResult:
    plan: DocumentHeader
    decision: DocumentHeader | None
    plan_heading_line: int
    findings: list[Finding]


@dataclass
class _Identity:
    """Number and date as read for one document, and where they came from."""

    number_text: str | None
    date: date | None
    date_text: str | None


def _header(
    doc_type: str,
    identity: _Identity,
    title: str | None,
    issuer: str | None,
    province: str | None,
    span: Span,
    period: tuple[int | None, int | None] = (None, None),
) -> DocumentHeader:
    """The header of one document (a plan's ``period`` in years), its number parsed."""
    return DocumentHeader(
        doc_type=doc_type,
        number=parse_number(identity.number_text) if identity.number_text else None,
        number_as_written=identity.number_text,
        title=title,
        issuer_name=issuer,
        province=province,
        date=identity.date,
        date_as_written=identity.date_text,
        period_start=period[0],
        period_end=period[1],
        span=span,
    )


def find_headings(lines: list[str]) -> list[Heading]:
    """Lines that are exactly a document-type heading (the enacting "QUYẾT ĐỊNH:" is not one)."""
    found = []
    for number, line in enumerate(lines, start=1):
        text = fold(clean_cell(line))
        if text in _HEADINGS:
            found.append(Heading(number, _HEADINGS[text]))
        elif text.replace(" ", "") in ("kehoach", "quyetdinh"):  # letter-spaced: "K Ế  H O Ạ C H"
            found.append(Heading(number, _HEADINGS["ke hoach" if text.startswith("k") else "quyet dinh"]))
    return found


def _headings_with_titles(lines: list[str], start: int) -> list[Heading]:
    """Headings printed with their title on one line, near the top (when no heading stands alone): the
    title (or its first words) starts with a capital: "KẾ HOẠCH CẢI CÁCH ...", "KẾ HOẠCH Cải cách hành chính
    năm 2026" (a line break lost), "**KẾ HOẠCH** TRIỂN" (the title wrapped after its first word)."""
    found = []
    for number in range(start + 1, min(len(lines), start + _HEADING_WINDOW) + 1):
        match = _HEADING_WITH_TITLE.match(clean_cell(lines[number - 1]).strip())
        title = match.group("title") if match else ""
        if match and title[0].isupper():
            doc_type = _HEADINGS[fold(match.group(1))]
            found.append(Heading(number, doc_type, match.group("title").strip()))
    return found


def _plain(line: str) -> str:
    return clean_cell(line.replace("*", " ")).strip(" |")


def _title_after(lines: list[str], heading_line: int) -> tuple[str | None, int]:
    """The title lines right after a heading: skip blanks, take lines up to the next blank."""
    index = heading_line  # 0-based index of the line after the heading
    while index < len(lines) and not lines[index].strip("*_ \t"):
        index += 1
    taken: list[str] = []
    while index < len(lines) and lines[index].strip() and len(taken) < 4:
        text = clean_cell(lines[index])
        if (
            _TITLE_STOP.match(text)
            or text.strip("|") == ""
            or "\t" in lines[index]  # a table row (HTML and .docx have no blank line before a table)
            or (taken and _OPENING.match(text))
        ):
            break
        taken.append(lines[index])
        index += 1
    title = join_wrapped(taken)
    return (title or None), index


def _heading_title(lines: list[str], heading: Heading | None) -> str | None:
    """The title under a heading, or on its line with the lines that continue it."""
    if heading is None:
        return None
    if heading.title is None:
        return _title_after(lines, heading.line)[0]
    index = heading.line
    more = []
    while index < len(lines) and lines[index].strip() and len(more) < 3:
        text = clean_cell(lines[index])
        if _TITLE_STOP.match(text) or text != text.upper():
            break
        more.append(text)
        index += 1
    return join_wrapped([heading.title, *more])


def _split_number(value: str) -> tuple[str, str]:
    """ "285/KH-UBND\tĐồng Tháp, ngày 05 ..." -> ("285/KH-UBND", "Đồng Tháp, ngày 05 ...")."""
    match = _NUMBER_END.search(value)
    if match is None:
        return value.strip(), ""
    return value[: match.start()].strip(), value[match.end() :].strip()


def _number_lines(lines: list[str], first: int, until: int) -> list[tuple[int, str]]:
    """ "Số: ..." lines in ``lines[first:until]`` as (line, number as written)."""
    found = []
    for number in range(first + 1, min(until, len(lines)) + 1):
        match = _NUMBER_LINE.match(clean_cell(lines[number - 1]))
        if match:
            written, _rest = _split_number(match.group(1))
            found.append((number, written))
    return found


def _caption(
    lines: list[str], doc_type: str, start: int = 0
) -> tuple[str | None, date | None, str | None, int]:
    """ "(Kèm theo Quyết định số 465/QĐ-UBND ngày 16 tháng 8 năm 2022 ...)": number, date, line."""
    for index in range(start, len(lines)):
        match = _CAPTION.search(fold(clean_cell(lines[index])))
        if not match or match.group(1) != _TYPE_WORDS.get(doc_type):
            continue
        paragraph = [lines[index]]
        more = index + 1
        while ")" not in clean_cell(" ".join(paragraph)) and more < min(len(lines), index + 4):
            paragraph.append(lines[more])
            more += 1
        joined = join_wrapped(paragraph)
        numbers = find_numbers(joined)
        dates = find_dates(joined)
        number_text = joined[numbers[0][0] : numbers[0][1]] if numbers else None
        return number_text, (dates[0][2] if dates else None), (dates[0][3] if dates else None), index + 1
    return None, None, None, 0


def _attached_to(lines: list[str], heading_line: int) -> tuple[str | None, date | None, str | None, int]:
    """The decision's caption right under an attached plan's heading."""
    window = lines[: min(len(lines), heading_line + 12)]
    return _caption(window, "QĐ", heading_line)


def _place_date(lines: list[str], first: int, until: int) -> tuple[str | None, date | None, str | None, int]:
    """The header's "Place, ngày ..." line; a date wrapped over two or three lines is joined, and a
    "Số:" value sharing the line (one row of a header table) is cut off first."""
    for index in range(first, min(until, len(lines))):
        parts: list[str] = []
        for line in lines[index : min(index + 3, len(lines))]:
            text = clean_cell(line)
            if not text.strip("|*_ ") or (parts and text.strip() == "|"):
                break
            parts.append(text)
            joined = " ".join(parts)
            number = _NUMBER_LINE.match(joined)
            candidate = _split_number(number.group(1))[1] if number else joined
            parsed = parse_place_date(candidate)
            if parsed:
                place, value = parsed
                return place, value, candidate, index + 1
    return None, None, None, 0


def _issuer_lines(lines: list[str], first: int, until: int) -> list[str]:
    """The issuer block of the header as printed ("UBND TỈNH X" / "SỞ NỘI VỤ"): the lines before the
    national motto, or the first cell of a header-table row (HTML and .docx put the motto beside it)."""
    taken: list[str] = []
    for line in lines[first : min(until, len(lines))]:
        cell = line.split("\t")[0]
        if fold(_plain(cell)).startswith(_MOTTOS) or _NUMBER_LINE.match(clean_cell(line)):
            break
        for part in cell.split(" <br> "):
            text = _plain(part)
            if text and not set(text) <= set("-_=|"):
                taken.append(text)
    return taken


def _issuer_cell(lines: list[str], first: int, until: int) -> str:
    return " ".join(_issuer_lines(lines, first, until))


def _issuer_text(lines: list[str], first: int, until: int) -> str:
    """The issuer block, folded."""
    return fold(_issuer_cell(lines, first, until))


def _is_national(number: DocNumber | None, issuer_text: str, meta: SiteMetadata | None) -> bool:
    """A ministry, the Government or the Prime Minister issued it (its province is not where it was
    signed)."""
    if number is not None and is_national(number.issuer):
        return True
    if re.search(r"\b(uy ban nhan dan|ubnd|tinh|thanh pho|huyen|xa|phuong)\b", issuer_text):
        return False
    if re.search(r"\b(thu tuong|chinh phu|trung uong|quoc gia|quoc hoi)\b|^bo [a-z]", issuer_text):
        return True  # also a central body whose number code reads as local ("BAN CHỈ ĐẠO TRUNG ƯƠNG")
    if number is not None:
        return False
    return bool(meta and re.match(r"(bo|chinh phu|thu tuong)\b", fold(meta.values.get("issuer", ""))))


def _province(lines: list[str], first: int, place: str | None, titles: list[str | None]) -> str | None:
    for candidate in [place, *[clean_cell(line) for line in lines[first : first + 16]], *titles]:
        if candidate:
            province = find_province(candidate)
            if province:
                return province.name
    return None


def plan_period(
    title: str | None, fallback_year: int | None, time_texts: list[str]
) -> tuple[int | None, int | None]:
    """The plan's years: "năm 2021" -> (2021, 2021); "giai đoạn 2021 - 2025" -> (2021, 2025).

    A review plan ("Tổng kết ... giai đoạn 2011 - 2020") runs in the years its tasks name, not in the
    period it reviews; so do plans whose title gives no year.
    """
    text = title or ""
    year = _YEAR.search(text)
    if year:
        return int(year.group(1)), int(year.group(1))
    period = _PERIOD.search(text)
    if period and not _REVIEW.match(text):
        return int(period.group(1)), int(period.group(2))
    years = sorted({int(y) for t in time_texts for y in _TIME_YEAR.findall(t)})
    if years:
        return years[0], years[-1]
    return fallback_year, fallback_year


def _fill_from_elsewhere(
    found: _Identity,
    lines: list[str],
    doc_type: str,
    meta: SiteMetadata | None,
    findings: list[Finding],
    line: int,
) -> _Identity:
    """A number or date the header does not give, from an appendix caption or the site's metadata."""
    number_missing = found.number_text is None or parse_number(found.number_text) is None
    if not number_missing and found.date is not None:
        return found
    caption_number, caption_date, caption_text, caption_line = _caption(lines, doc_type)
    meta_type = fold(meta.doc_type_word or "") if meta else ""
    meta_fits = meta is not None and (not meta_type or meta_type == _TYPE_WORDS.get(doc_type))
    if number_missing:
        if caption_number and parse_number(caption_number):
            found.number_text = caption_number
            where = f"the appendix caption (line {caption_line})"
        elif meta_fits and meta and meta.number_text and parse_number(meta.number_text):
            found.number_text = meta.number_text
            where = f"the web page's metadata (line {meta.lines['number']})"
        else:
            where = ""
        if where:
            message = f"the header gives no document number; {found.number_text} is read from {where}"
            findings.append(Finding("other", message, line, subject=found.number_text))
    if found.date is None:
        where = ""
        if caption_date:
            found.date, found.date_text = caption_date, caption_text
            where = f"the appendix caption (line {caption_line})"
        elif meta_fits and meta and meta.date:
            found.date, found.date_text = meta.date, meta.values["date"]
            where = f"the web page's metadata (line {meta.lines['date']})"
        if where:
            message = f"the header gives no date; {found.date.isoformat()} is read from {where}"
            findings.append(Finding("ambiguous-date", message, line, subject=found.date_text))
    return found


def read_header(path: str, lines: list[str], time_texts: list[str]) -> HeaderResult:
    """Identify the plan (and the decision issuing it, if any). Raises IngestError when there is none."""
    meta = read_site_metadata(lines)
    start = meta.last_line if meta else 0  # lines[:start] are the site's wrapping
    headings = [h for h in find_headings(lines) if h.line > start] or _headings_with_titles(lines, start)
    numbered = next((n for n, _ in _number_lines(lines, start, len(lines))), 0)
    if any(h.line > numbered for h in headings):
        # a heading before the "Số:" line is a page title (HTML <title>, a site banner), not the document's
        headings = [h for h in headings if h.line > numbered]
    plan_headings = [h for h in headings if h.doc_type == "KH"]
    decision_headings = [h for h in headings if h.doc_type == "QĐ"]
    if not plan_headings and not decision_headings:
        letter = _read_letter(lines, start, meta, time_texts)
        if letter is None:
            raise IngestError(
                "no document header found",
                source=path,
                expected='a "KẾ HOẠCH" or "QUYẾT ĐỊNH" heading, or a letter\'s "Kính gửi:", near the top',
            )
        return letter
    findings: list[Finding] = []
    plan_heading = plan_headings[0] if plan_headings else None
    decision_heading = decision_headings[0] if decision_headings else None
    if decision_heading and plan_heading and decision_heading.line > plan_heading.line:
        decision_heading = None  # a decision mentioned after the plan is not this file's document
    first_heading = min(h.line for h in (plan_heading, decision_heading) if h)

    number_lines = _number_lines(lines, start, first_heading)
    place, doc_date, date_text, date_line = _place_date(lines, start, first_heading + 2)
    plan_title = _heading_title(lines, plan_heading)
    decision_title = _heading_title(lines, decision_heading)
    own_type = "QĐ" if decision_heading else "KH"
    own = _Identity(number_lines[0][1] if number_lines else None, doc_date, date_text)
    if decision_heading and plan_heading and (own.number_text is None or own.date is None):
        # the attached plan's caption names the decision that issues it: its usual place
        attached_number, attached_date, attached_text, _ = _attached_to(lines, plan_heading.line)
        own.number_text = own.number_text or attached_number
        if own.date is None:
            own.date, own.date_text = attached_date, attached_text
    own = _fill_from_elsewhere(
        own,
        lines,
        own_type,
        meta,
        findings,
        first_heading,
    )
    own_number = parse_number(own.number_text) if own.number_text else None
    national = _is_national(own_number, _issuer_text(lines, start, first_heading), meta)
    province = None if national else _province(lines, start, place, [plan_title, decision_title])
    issuer = _issuer_name(province, own_number, meta, lines, start, first_heading)

    decision: DocumentHeader | None = None
    plan_identity = own  # a decision's number is its own; the plan it issues has its date, no number
    if decision_heading:
        line = decision_heading.line
        decision = _header("QĐ", own, decision_title, issuer, province, Span(line, line))
        plan_identity = _Identity(None, own.date, own.date_text)

    if plan_heading is None:
        message = (
            'the decision has no attached "KẾ HOẠCH"; what it approves or issues is read as the plan'
            if time_texts
            else "the decision names no attached plan heading"
        )
        findings.append(Finding("other" if time_texts else "no-task-table", message, first_heading))
    plan_line = plan_heading.line if plan_heading else _enacting_line(lines, first_heading)
    fallback_year = own.date.year if own.date else None
    period = plan_period(plan_title or decision_title, fallback_year, time_texts)
    plan_span = Span(plan_line, max(plan_line, date_line or plan_line))
    plan = _header("KH", plan_identity, plan_title or decision_title, issuer, province, plan_span, period)
    malformed = _malformed_number(number_lines)
    findings += malformed
    if plan.number is None and decision is None and not malformed:
        findings.append(Finding("other", "the plan carries no document number", plan_line))
    findings += _yearless(decision or plan, plan_line)
    return HeaderResult(plan=plan, decision=decision, plan_heading_line=plan_line, findings=findings)


def _enacting_line(lines: list[str], heading_line: int) -> int:
    """The enacting "QUYẾT ĐỊNH:" after a decision's preamble (what follows is the decision's body and
    what it approves); the heading itself when there is none."""
    for number in range(heading_line + 1, len(lines) + 1):
        if fold(_plain(lines[number - 1])).rstrip() == "quyet dinh:":
            return number
    return heading_line


def _read_letter(
    lines: list[str], start: int, meta: SiteMetadata | None, time_texts: list[str]
) -> HeaderResult | None:
    """An official letter (Công văn): no heading, a "Kính gửi:" greeting (or the site says so)."""
    end = min(len(lines), start + _LETTER_WINDOW)
    greeting = next((n for n in range(start + 1, end + 1) if _GREETING.match(fold(_plain(lines[n - 1])))), 0)
    about = next((n for n in range(start + 1, end + 1) if _ABOUT.match(fold(_plain(lines[n - 1])))), 0)
    said = bool(meta and fold(meta.doc_type_word or "") == "cong van")
    if not (greeting or about or said):
        return None
    until = greeting or end  # the header (number, subject, place-date) comes before the greeting
    findings: list[Finding] = []
    number_lines = _number_lines(lines, start, until)
    place, doc_date, date_text, date_line = _place_date(lines, start, until)
    until = min(n for n in (greeting, about, end) if n)  # the issuer block ends before the subject
    line = greeting or about or start + 1
    own = _fill_from_elsewhere(
        _Identity(number_lines[0][1] if number_lines else None, doc_date, date_text),
        lines,
        "CV",
        meta,
        findings,
        line,
    )
    number = parse_number(own.number_text) if own.number_text else None
    title = _about_title(lines, about) if about else None
    if title is None and number is not None:
        title = _site_title(lines, number)
    national = _is_national(number, _issuer_text(lines, start, until), meta)
    province = None if national else _province(lines, start, place, [title])
    fallback_year = own.date.year if own.date else None
    period = plan_period(title, fallback_year, time_texts)
    issuer = _issuer_name(province, number, meta, lines, start, until)
    letter = _header("CV", own, title, issuer, province, Span(line, max(line, date_line or line)))
    # Like a decision, the letter issues its task list (the appendix): a plan of its own, unnumbered.
    appendix = _appendix_line(lines, line)
    tasks = _header(
        "KH",
        _Identity(None, own.date, own.date_text),
        title,
        issuer,
        province,
        Span(appendix, appendix),
        period,
    )
    findings += _malformed_number(number_lines)
    if number is None:
        findings.append(Finding("other", "the letter carries no document number", line))
    findings += _yearless(letter, line)
    return HeaderResult(plan=tasks, decision=letter, plan_heading_line=appendix, findings=findings)


def _appendix_line(lines: list[str], after: int) -> int:
    """The "PHỤ LỤC" heading of a letter's task list; the letter's greeting line when there is none."""
    for number in range(after + 1, len(lines) + 1):
        if fold(_plain(lines[number - 1])).rstrip(" .:") in ("phu luc", "danh muc nhiem vu"):
            return number
    return after


def _about_title(lines: list[str], about: int) -> str | None:
    """A letter's subject: the "V/v ..." line and its wrapped continuation."""
    taken = [_plain(lines[about - 1])]
    for line in lines[about : about + 3]:
        text = _plain(line)
        if not text or _GREETING.match(fold(text)) or parse_place_date(text):
            break
        taken.append(text)
    title = _ABOUT.sub("", fold(taken[0]))
    first = taken[0][len(taken[0]) - len(title) :] if title else ""
    return join_wrapped([first, *taken[1:]]) or None


# A web page's title line for a document: "Công văn 12/UBND-VP năm 2025 <subject> do <issuer> ban hành".
_SITE_TITLE = re.compile(
    r"^(?:công văn|kế hoạch|quyết định)\s+(?P<number>\S+)\s+(?:năm\s+\d{4}|ngày\s+\S+)\s+(?P<subject>.+?)"
    r"(?:\s+do\s+(?:(?!\sdo\s).){3,100}?\s+ban hành)?$",
    re.IGNORECASE,
)


def _site_title(lines: list[str], number: DocNumber) -> str | None:
    """A letter's subject from the crawled page's title line naming its number, when it has no V/v."""
    for line in lines:
        match = _SITE_TITLE.match(_plain(line))
        if match and parse_number(match.group("number")) == number:
            return match.group("subject").strip(" .") or None
    return None


def _yearless(header: DocumentHeader, line: int) -> list[Finding]:
    """A numbered document whose year is known neither from its number nor from a date."""
    if header.number is None or header.number.year is not None or header.date is not None:
        return []
    message = (
        f"no date read for {header.number.canonical()}: its year is unknown, so its identity (IRI) has"
        " no year and may meet another year's document of the same number"
    )
    return [Finding("ambiguous-date", message, line, subject=header.number_as_written)]


def _malformed_number(number_lines: list[tuple[int, str]]) -> list[Finding]:
    """A finding for a "Số: ..." line whose number does not parse ("Số: /KH-UBND", a blank serial)."""
    if not number_lines:
        return []
    line, written = number_lines[0]
    if parse_number(written) is not None:
        return []
    message = (
        f"document number {written!r} not understood (expected a number like 285/KH-UBND);"
        " the document is kept without a number"
    )
    return [Finding("number-typo", message, line, subject=written)]


def _issuer_name(
    province: str | None,
    number: DocNumber | None,
    meta: SiteMetadata | None,
    lines: list[str],
    first: int,
    until: int,
) -> str | None:
    """Who issued the document: the provincial (or city) people's committee, one of its departments
    (the last line of the issuer block, "SỞ NỘI VỤ" under "UBND TỈNH X"), or a national body."""
    if province:
        block = _issuer_lines(lines, first, until)
        if len(block) > 1 and _DEPARTMENT.match(fold(block[-1])):
            return block[-1]
        city = "thanh pho" in _issuer_text(lines, first, until)
        return f"Ủy ban nhân dân {'Thành phố' if city else 'tỉnh'} {province}"
    if number is not None and number.issuer in _NATIONAL_ISSUERS:
        return _NATIONAL_ISSUERS[number.issuer]
    if meta and meta.values.get("issuer"):
        return meta.values["issuer"]
    return _issuer_cell(lines, first, until) or None
