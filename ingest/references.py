"""Find legal references in running text: "Căn cứ ...", "Thực hiện ...", "thay thế ...", "sửa đổi, bổ
sung ...", citations inside task text, laws cited by name, and mentions of the national master programme.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from ingest.normalize.dates import find_dates
from ingest.normalize.docnumber import find_numbers, parse_number_with_findings, type_from_word
from ingest.normalize.text import collapse_spaces, fold, fold_keep_length, join_wrapped
from ingest.records import DocNumber, Finding, LegalReferenceRecord, Span
from ingest.reference_base import law_aliases
from ingest.site_metadata import site_spans

_PARAGRAPH_END = (";", ".", ":", "./.")
_MARKUP = re.compile(r"^[\s*_#>]+")  # emphasis and heading marks before a paragraph's first word
_STARTERS = ("can cu", "thuc hien", "theo de nghi", "xet de nghi", "quyet dinh", "dieu ")
_TYPE_WORD = re.compile(
    r"(nghi quyet|nghi dinh|quyet dinh|chi thi|ke hoach|thong bao|ket luan|to trinh|cong van|thong tri"
    r"|thong tu|luat)(?:\s+so)?\s*:?\s*$"
)
_DATE_AFTER = re.compile(r"^\s*,?\s*(?:ngay|ngày)\s", re.IGNORECASE)
_ISSUER_AFTER = re.compile(
    r"^\s*(?:của|do)\s+(.+?)(?=\s+(?i:về|ban hành|phê duyệt|sửa đổi|quy định|tại|theo|đối với|ngày|thực hiện"
    r"|triển khai|hướng dẫn)\b|[;,.(]|$)"
)
# A law cited by name: "Luật" with a capital L and a capitalised title ("Luật Tổ chức ..."), not the
# common noun in "pháp luật cho cán bộ ... ngày ...".
_LAW = re.compile(r"(?<![Pp]háp )(?<![Pp]hap )\bLuật\s+([A-ZĐÀ-Ỹ].+?)\s+ngày\s")
_TITLE_MAX = 500
# "Luật <Title> số" right before a number: the law's name, printed with its number.
_NAMED_LAW = re.compile(r"(?<![Pp]háp )\bLuật\s+([A-ZĐÀ-Ỹ][^;]{1,120}?)\s+số\s*:?\s*$")
_PROGRAMME = re.compile(
    r"chuong trinh tong the (?:cai cach hanh chinh|cchc)(?: nha nuoc)?(?: cua chinh phu)?"
    r" giai doan (2011|2021)\s*-\s*(2020|2030)"
)
_IMPLEMENT_VERBS = ("thuc hien", "trien khai")
_DRAFT_VERBS = ("xay dung", "du thao", "tong ket", "so ket", "ban hanh", "trinh ", "lay y kien")
_REPLACES = re.compile(r"thay the[^;.]{0,30}$")
_BODY_START = re.compile(r"^\W*(?:i|ii|1)\.\s")
# A section whose items are the legal bases, on the folded text: "I. CĂN CỨ XÂY DỰNG KẾ HOẠCH", "Căn cứ
# pháp lý:", "CƠ SỞ PHÁP LÝ"; it ends at the next numbered heading that names no document.
_BASES_HEADING = re.compile(
    r"^(?:(?:[ivxl]+|\d{1,2})[.)]\s*)?(?:can cu|co so)\s+(?:phap ly|xay dung|ban hanh|de xay dung)\b"
)
_ROMAN_HEADING = re.compile(r"^[IVXL]{1,6}\.\s+[A-ZĐÀ-Ỹ]")  # "II. MỤC ĐÍCH" always opens a paragraph
# "(Ban hành kèm theo Quyết định số ...)", "(Kèm theo ...)" under a plan's title: the note naming the
# document that issues it always opens a paragraph (on folded text).
_ISSUED_WITH = re.compile(r"^\(\s*(?:ban hanh\s+)?kem theo\b")
_SECTION_HEADING = re.compile(r"^(?:[ivxl]+|\d{1,2})\.\s")
_AMENDS = re.compile(r"sua doi,?\s*bo sung")
# Between two numbered mentions (folded, type word removed): what joins the second to the clause.
_COORDINATED = re.compile(r"(?:^|[\s,;])(?:va|va cac|cung|hoac)$|[,;]$")
_NEW_SOURCE = re.compile(r"\bva\s+(?:[^,;]{0,80}\s)?(?:tai|theo)$")
_JOINT = re.compile(r"\s*(?:[,;]\s*)?\bva\b(?:\s+[^,;]{0,80}\s(?:tai|theo))?\s*(?:\S+\s+){0,5}$")
# A document's name before its number, qualifiers included ("Kế hoạch hành động số", "Thông báo kết luận số").
_DOC_NAME = re.compile(
    r"(?:nghi quyet|nghi dinh|quyet dinh|chi thi|ke hoach|thong bao|ket luan|to trinh|cong van|thong tri"
    r"|thong tu|luat|chuong trinh|de an|huong dan|van ban)(?:\s+[\w-]+){0,3}?(?:\s+so)?\s*:?\s*$"
)
_BARE_SO = re.compile(r"(?:^|\s)so\s*:?\s*$")  # "các Nghị quyết: số 76/NQ-CP ..., số 04/NQ-CP"
# "(sau đây gọi tắt là Nghị định)": a short name the document gives, not part of the title cited.
_ALIAS_NOTE = re.compile(r"\s*\(\s*sau đây (?:gọi|viết) (?:tắt|gọn) là[^)]*\)", re.IGNORECASE)


@dataclass(frozen=True)
class Paragraph:
    """Joined text of consecutive source lines."""

    text: str
    span: Span


def paragraphs(lines: list[str], skip: Iterable[Span] = (), starts: Iterable[int] = ()) -> list[Paragraph]:
    """Group lines into paragraphs: a blank line, a line ending a sentence, a new "Căn cứ ...", a Roman
    section heading ("II. MỤC ĐÍCH"), an "(Ban hành kèm theo ...)" note or a line in ``starts`` (the
    plan's heading) ends one.

    Sources whose reader gives a paragraph a line (.docx, web pages, PDF) have no blank lines between
    paragraphs, so these structural starts are what separate a signature block from the plan's title.
    Lines inside ``skip`` spans (the task tables) are left out.
    """
    skipped = {n for span in skip for n in range(span.first, span.last + 1)}
    opens = set(starts)
    result: list[Paragraph] = []
    current: list[tuple[int, str]] = []

    def flush() -> None:
        if current:
            # emphasis opened on one line and closed on another ("*Căn cứ ...", "... quốc gia;*") is
            # left by join_wrapped; it is markup, never part of a title or number
            text = collapse_spaces(join_wrapped([line for _, line in current]).replace("*", " "))
            if text.strip("| "):
                result.append(Paragraph(text, Span(current[0][0], current[-1][0])))
            current.clear()

    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if number in skipped or not stripped or stripped == "|":
            flush()
            continue
        # the opening words may wrap onto the next line ("*Căn" / "cứ Luật ...")
        ahead = f"{stripped} {lines[number].strip()}" if number < len(lines) else stripped
        if current and (
            number in opens
            or (_opening(ahead).startswith(_STARTERS) and _capitalised(stripped))
            or _ROMAN_HEADING.match(_MARKUP.sub("", stripped))
            or _ISSUED_WITH.match(_opening(stripped))
        ):
            flush()
        current.append((number, line))
        if stripped.rstrip("*_ ").endswith(_PARAGRAPH_END):
            flush()
    flush()
    return result


def _capitalised(line: str) -> bool:
    """A line whose first word is capitalised: "Thực hiện ..." starts a clause, "thực hiện ..." wrapped
    from the line before does not."""
    words = _MARKUP.sub("", line)
    return bool(words) and words[0].isupper()


def _opening(text: str) -> str:
    """The folded opening words of a paragraph, emphasis marks removed ("*Căn cứ" -> "can cu")."""
    return fold(_MARKUP.sub("", text[:40]))


def paragraph_relation(paragraph: Paragraph) -> str:
    """The relation mentions in this paragraph express, from its opening words."""
    head = _opening(paragraph.text)
    if head.startswith("can cu"):
        return "based_on"
    if head.startswith("thuc hien"):
        return "implements"
    return "cites"


def _clauses(text: str) -> list[tuple[int, int]]:
    """Character ranges of the ";"-separated clauses of ``text``."""
    ranges, start = [], 0
    for match in re.finditer(";", text):
        ranges.append((start, match.start()))
        start = match.end()
    ranges.append((start, len(text)))
    return ranges


def _programme_relation(folded_before: str, default: str) -> str:
    """Implements or drafts, by the verb closest before the programme mention; else ``default``."""
    best_at, best = -1, default
    for verbs, relation in ((_IMPLEMENT_VERBS, "implements"), (_DRAFT_VERBS, "drafts")):
        for verb in verbs:
            at = folded_before.rfind(verb)
            if at > best_at:
                best_at, best = at, relation
    return best


@dataclass(frozen=True)
class Clause:
    """One ";"-separated clause of a paragraph, with what every mention found in it shares."""

    text: str  # the whole paragraph
    folded: str  # fold_keep_length(text): same offsets
    start: int
    end: int
    span: Span
    relation: str
    subject: str
    task_code: str | None

    @property
    def body(self) -> str:
        return self.text[self.start : self.end]

    def record(self, **fields: object) -> LegalReferenceRecord:
        """A mention found in this clause."""
        return LegalReferenceRecord(span=self.span, subject=self.subject, task_code=self.task_code, **fields)


def references_in_text(
    text: str,
    span: Span,
    relation: str,
    subject: str,
    task_code: str | None = None,
) -> tuple[list[LegalReferenceRecord], list[Finding]]:
    """Every document, law and programme mention in one paragraph or task text."""
    records: list[LegalReferenceRecord] = []
    findings: list[Finding] = []
    folded = fold_keep_length(text)
    for clause_start, clause_end in _clauses(text):
        clause = Clause(text, folded, clause_start, clause_end, span, relation, subject, task_code)
        placed: list[tuple[int, int, int]] = []
        clause_records = _numbered_mentions(clause, findings, placed)
        clause_records += _law_mentions(clause, bool(clause_records), placed)
        if not clause_records:
            clause_records += _programme_mentions(clause)
        _link_amendments(folded, clause_records)
        records += clause_records
    return records, findings


def _numbered_mentions(
    clause: Clause, findings: list[Finding], placed: list[tuple[int, int, int]]
) -> list[LegalReferenceRecord]:
    """Mentions carrying a document number, with the type word before and date and issuer after.

    Only the clause's own documents carry its relation ("Căn cứ" / "Thực hiện"): a number inside another
    document's description ("Kế hoạch số 17/KH-UBND ... về thực hiện Nghị quyết số 71/NQ-CP") is cited.
    """
    text, folded = clause.text, clause.folded
    spans: list[tuple[int, int, DocNumber]] = []
    for num_start, num_end, _number in find_numbers(clause.body):
        absolute_start, absolute_end = clause.start + num_start, clause.start + num_end
        number, problems = parse_number_with_findings(text[absolute_start:absolute_end], clause.span.first)
        findings.extend(problems)
        if number is not None:
            spans.append((absolute_start, absolute_end, number))
    depths = _depths(folded, clause.start, spans)
    placed += [(start, end, depth) for (start, end, _), depth in zip(spans, depths, strict=True)]
    found: list[LegalReferenceRecord] = []
    for index, (absolute_start, absolute_end, number) in enumerate(spans):
        before = folded[max(clause.start, absolute_start - 40) : absolute_start]
        word = _TYPE_WORD.search(before)
        doc_type = number.type_code or (type_from_word(word.group(1)) if word else None)
        if doc_type is None:
            doc_type = "CV" if number.issuer else None
        law = _NAMED_LAW.search(text[max(clause.start, absolute_start - 160) : absolute_start])
        if law:  # "Luật Tổ chức chính quyền địa phương số 72/2025/QH15": one law, named and numbered
            doc_type = "L"
        own_end = _own_end(folded, spans, depths, index, clause.end)
        after = text[absolute_end:own_end]
        date_value, date_text, after = _date_after(after)
        issuer = _ISSUER_AFTER.match(after)
        if issuer and date_value is None:  # "Quyết định số 411/QĐ-TTg của Thủ tướng Chính phủ ngày 31/3/2022"
            date_value, date_text, rest = _date_after(after[issuer.end() :])
            if date_value is not None:
                after = after[: issuer.end()] + rest
        if _REPLACES.search(before):
            relation = "replaces"
        else:
            relation = clause.relation if depths[index] == 0 else "cites"
        found.append(
            clause.record(
                relation=relation,
                as_written=collapse_spaces(text[absolute_start:absolute_end]),
                doc_type=doc_type,
                number=number,
                date=date_value,
                date_as_written=date_text,
                issuer_name=issuer.group(1).strip() if issuer else None,
                title=("Luật " + collapse_spaces(law.group(1)))
                if law
                else (_title_after(after, issuer) if relation in ("based_on", "implements") else None),
            )
        )
    return found


def _date_after(after: str) -> tuple[date | None, str | None, str]:
    """A date right after a number or issuer (", ngày 22/12/2024"), and the text after it."""
    if _DATE_AFTER.match(after):
        dates = find_dates(after[:40])
        if dates:
            return dates[0][2], dates[0][3], after[dates[0][1] :]
    return None, None, after


def _depths(folded: str, clause_start: int, spans: list[tuple[int, int, DocNumber]]) -> list[int]:
    """How deep each numbered mention sits in the clause: 0 for the documents the clause cites itself,
    1 or more for those named inside another document's description.

    The first mention is the clause's own. A later one joined by "và" or a comma right before its type
    word ("... của Chính phủ và Kế hoạch số ...") is at the depth of the mention before it; one brought
    in by "và <hướng dẫn, ý kiến...> của X tại" starts a new document of the clause; any other words in
    between ("về thực hiện", "ban hành kèm theo", "triển khai") describe the mention before it.
    """
    depths: list[int] = []
    previous_end = clause_start
    for start, end, _number in spans:
        if not depths:
            depths.append(0)
        else:
            lead = _BARE_SO.sub("", _DOC_NAME.sub("", folded[previous_end:start])).strip(" :")
            if not lead or _COORDINATED.search(lead):
                depths.append(depths[-1])
            elif _NEW_SOURCE.search(lead):
                depths.append(0)
            else:
                depths.append(depths[-1] + 1)
        previous_end = end
    return depths


def _own_end(
    folded: str, spans: list[tuple[int, int, DocNumber]], depths: list[int], index: int, clause_end: int
) -> int:
    """Where mention ``index``'s own words end: before the coordination that brings in the next
    document at the same or a shallower depth (its title stops there), else at the clause's end."""
    for later in range(index + 1, len(spans)):
        if depths[later] <= depths[index]:
            lead_start = spans[later - 1][1]
            lead = folded[lead_start : spans[later][0]]
            joint = _JOINT.search(lead)
            return lead_start + (joint.start() if joint else len(lead))
    return clause_end


def _title_after(after: str, issuer: re.Match[str] | None) -> str | None:
    rest = after[issuer.end() :] if issuer else after
    rest = _ALIAS_NOTE.sub("", rest)
    rest = collapse_spaces(rest.strip(" ,.;"))
    if len(rest) > _TITLE_MAX:  # an overlong clause: cut at a word, never inside one
        rest = rest[: rest.rfind(" ", 0, _TITLE_MAX)].rstrip(" ,;")
    return rest or None


def _law_depth(folded: str, at: int, placed: list[tuple[int, int, int]]) -> int:
    """Depth of a law named at ``at`` among the clause's numbered mentions (see ``_depths``)."""
    before = [item for item in placed if item[1] <= at]
    if not before:
        return 0
    _start, end, depth = before[-1]
    lead = folded[end:at].strip(" :")
    if _COORDINATED.search(lead):
        return depth
    return 0 if _NEW_SOURCE.search(lead) else depth + 1


def _law_mentions(
    clause: Clause, has_numbered: bool, placed: list[tuple[int, int, int]]
) -> list[LegalReferenceRecord]:
    """Laws cited by name: with a date ("Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"),
    or, in a clause citing no numbered document, by a title the reference base knows. A law named inside
    another document's description ("Nghị định số ... quy định chi tiết Luật ... ngày ...") is cited."""
    body = clause.body
    found: list[LegalReferenceRecord] = []
    seen: set[str] = set()
    for match in _LAW.finditer(body):
        if any(clause.start + match.start() <= start < clause.start + match.end() for start, _, _ in placed):
            continue  # "Luật ... số 72/2025/QH15 ngày ...": read with its number
        title = "Luật " + collapse_spaces(match.group(1))
        dates = find_dates(body[match.end() - 5 : match.end() + 40])
        depth = _law_depth(clause.folded, clause.start + match.start(), placed)
        found.append(
            clause.record(
                relation=clause.relation if depth == 0 else "cites",
                as_written=title,
                doc_type="L",
                date=dates[0][2] if dates else None,
                date_as_written=dates[0][3] if dates else None,
                title=title,
            )
        )
        seen.add(fold(title))
    if has_numbered:
        return found
    folded_body = fold(body)
    for alias in law_aliases():
        key = fold(alias)
        if key in folded_body and not any(key in s for s in seen):
            found.append(clause.record(relation=clause.relation, as_written=alias, doc_type="L", title=alias))
            seen.add(key)
    return found


def _programme_mentions(clause: Clause) -> list[LegalReferenceRecord]:
    """Mentions of the national master programme in a clause that names no document number.

    In a clause that cites a document, the programme's name is part of that document's title
    ("Chỉ thị 23/CT-TTg ... về đẩy mạnh thực hiện Chương trình tổng thể ..."), so it is not a link.
    """
    found = []
    default = clause.relation if clause.relation == "based_on" else "cites"
    for match in _PROGRAMME.finditer(clause.folded, clause.start, clause.end):
        period = f"{match.group(1)}-{match.group(2)}"
        if period not in ("2011-2020", "2021-2030"):
            continue
        relation = _programme_relation(clause.folded[clause.start : match.start()], default)
        if clause.relation == "implements":
            relation = "implements"
        found.append(
            clause.record(
                relation=relation,
                as_written=collapse_spaces(clause.text[match.start() : match.end()]),
                programme_period=period,
            )
        )
    return found


def _link_amendments(folded: str, records: list[LegalReferenceRecord]) -> None:
    """In "X ... sửa đổi, bổ sung ... Y" the first numbered document amends the next one."""
    numbered = [r for r in records if r.number is not None]
    for first, second in pairwise(numbered):
        between = folded.find(fold(first.as_written))
        later = folded.find(fold(second.as_written), between + 1)
        if between >= 0 and later > between and _AMENDS.search(folded[between:later]):
            first.amended = second


def body_references(
    lines: list[str],
    table_spans: list[Span],
    plan_heading_line: int,
    has_decision: bool,
) -> tuple[list[LegalReferenceRecord], list[Finding]]:
    """References in the text outside the task tables, attributed to the decision or the plan."""
    records: list[LegalReferenceRecord] = []
    findings: list[Finding] = []
    preamble_end = _preamble_end(lines, plan_heading_line)
    site = [Span(first, last) for first, last in site_spans(lines)]  # a web page's text around the document
    in_bases = False  # inside a section listing the legal bases ("I. CĂN CỨ XÂY DỰNG KẾ HOẠCH")
    # the plan's heading opens the plan's text: a paragraph never runs from the decision into the plan
    for paragraph in paragraphs(lines, [*table_spans, *site], [plan_heading_line]):
        subject = "decision" if has_decision and paragraph.span.first < plan_heading_line else "plan"
        relation = paragraph_relation(paragraph)
        opening = fold(_MARKUP.sub("", paragraph.text))
        if _BASES_HEADING.match(opening):
            in_bases = True
        elif in_bases and _SECTION_HEADING.match(opening) and not find_numbers(paragraph.text):
            in_bases = False  # the next section
        if in_bases and relation == "cites":
            relation = "based_on"
        if relation == "implements" and subject == "decision":
            relation = "based_on"
        elif relation == "implements" and paragraph.span.first >= preamble_end:
            relation = "cites"  # "Thực hiện có hiệu quả ..." in the body is an action, not a legal basis
        found, problems = references_in_text(paragraph.text, paragraph.span, relation, subject)
        records += found
        findings += problems
    return records, findings


def _preamble_end(lines: list[str], plan_heading_line: int) -> int:
    """First line of the plan's body (its "I." heading); the opening "Thực hiện ..." comes before it."""
    for number in range(plan_heading_line, len(lines) + 1):
        if _BODY_START.match(fold(lines[number - 1].replace("*", "").replace("#", ""))):
            return number
    return len(lines) + 1


def task_references(code: str, text: str, span: Span) -> tuple[list[LegalReferenceRecord], list[Finding]]:
    """Documents and programmes cited in a task's text."""
    return references_in_text(text, span, "cites", "plan", task_code=code)
