"""Paragraphs of a source that gives one paragraph a line (.docx, web page, PDF): no blank lines between
them, so the plan heading and an "(Ban hành kèm theo ...)" note must open one (issue 14)."""

from __future__ import annotations

from ingest.references import body_references, paragraphs

# A decision's signature block running straight into the plan's heading, as a web page reads it.
LINES = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",  # 1
    "QUYẾT ĐỊNH:",  # 2
    "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính.",  # 3
    "TM. ỦY BAN NHÂN DÂN",  # 4
    "CHỦ TỊCH",  # 5
    "Trần Văn A",  # 6
    "KẾ HOẠCH",  # 7: the plan's heading
    "Cải cách hành chính nhà nước tỉnh X giai đoạn 2021 - 2025",  # 8
    "(Ban hành kèm theo Quyết định số 465/QĐ-UBND",  # 9
    "ngày 16 tháng 8 năm 2022 của Ủy ban nhân dân tỉnh X)",  # 10
    "I. MỤC TIÊU",  # 11
]


def test_the_plan_heading_opens_a_paragraph() -> None:
    spans = [(p.span.first, p.span.last) for p in paragraphs(LINES, starts=[7])]
    assert (7, 8) in spans and (9, 10) in spans  # the wrapped note keeps its date line
    assert all(not first < 7 <= last for first, last in spans)


def test_an_issued_with_note_opens_a_paragraph_without_a_blank_line() -> None:
    spans = [(p.span.first, p.span.last) for p in paragraphs(LINES)]
    assert (9, 10) in spans


def test_the_note_under_the_plan_heading_is_the_plans_citation() -> None:
    refs, _ = body_references(LINES, [], 7, True)
    cited = [
        (r.relation, r.subject, r.number.canonical()) for r in refs if r.number and r.number.serial == "465"
    ]
    assert cited == [("cites", "plan", cited[0][2])]
    assert [r.subject for r in refs if r.relation == "based_on"] == ["decision"]
