"""Inline assignment blocks: the label vocabulary, lead/partner words, the outline recogniser, and the
inline plans of the development corpus (../shared/corpus, when present)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.agencies import parse_agency_cell, parse_roles
from ingest.assignment import (
    heading_agency,
    labelled_agency,
    prose_partners,
    sentence_subject,
    split_assignment,
)
from ingest.inline import read_inline_tasks
from ingest.labels import read_fields
from ingest.pipeline import _normalise_task
from ingest.readers.source import SourceText
from ingest.records import AgencyRef, Span, TaskRecord

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def source(text: str) -> SourceText:
    return SourceText("plan.md", text.splitlines(), "text")


def read_agencies(tasks: list[TaskRecord]) -> list[TaskRecord]:
    """The tasks with their agencies read as ingest reads them: the role phrases of a lead value ("X chủ
    trì, phối hợp với Y") are split by ``ingest.agencies.parse_roles``, as for a table's lead cell."""
    for task in tasks:
        _normalise_task(task, None, None, None)
    return tasks


def names(refs: list[AgencyRef]) -> str:
    return "; ".join(ref.as_written for ref in refs)


# --------------------------------------------------------------------------------------------------
# Labels
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("Cơ quan chủ trì", "lead"),
        ("Cơ quan thực hiện", "lead"),
        ("Đơn vị chủ trì", "lead"),
        ("Cơ quan, đơn vị chủ trì thực hiện", "lead"),
        ("Cơ quan/Đơn vị chủ trì", "lead"),
        ("Chủ trì", "lead"),
        ("Cơ quan tham mưu", "lead"),
        ("Cơ quan phối hợp", "partner"),
        ("Đơn vị phối hợp thực hiện", "partner"),
        ("Phối hợp", "partner"),
        ("Thời gian thực hiện", "time"),
        ("Thời hạn hoàn thành", "time"),
        ("Thời hạn ban hành", "time"),
        ("Thời hạn thực hiện", "time"),
        ("Thời gian hoàn thành", "time"),
        ("Tiến độ thực hiện", "time"),
        ("Thời gian thực hiện (dự kiến)", "time"),
        ("Sản phẩm", "product"),
        ("Kết quả", "product"),
        ("Sản phẩm/Kết quả", "product"),
        ("Kinh phí thực hiện", "budget"),
        ("Nội dung", "content"),
        ("Nội dung thực hiện", "content"),
        ("Lộ trình thực hiện", "time"),
        ("Hạn hoàn thành", "time"),
        ("Hình thức văn bản", "product"),
        ("Đơn vị được giao", "lead"),
        ("Phân công", "lead"),
        ("Đơn vị triển khai", "lead"),
        ("Đầu mối thực hiện", "lead"),
        ("Chủ trì thực hiện", "lead"),
        ("Phối hợp thực hiện", "partner"),
    ],
)
def test_label_vocabulary(label: str, role: str) -> None:
    head, fields = read_fields(f"{label}: giá trị")
    assert head == ""
    assert [(f.role, f.label, f.value) for f in fields] == [(role, label, "giá trị")]


def test_several_labels_on_one_line_and_in_parentheses() -> None:
    head, fields = read_fields(
        "Theo dõi thi hành pháp luật. - Đơn vị chủ trì: Sở Tư pháp. - Đơn vị phối hợp: Các sở. "
        "Thời gian hoàn thành: Quý III/2026."
    )
    assert head == "Theo dõi thi hành pháp luật"
    assert [(f.role, f.value) for f in fields] == [
        ("lead", "Sở Tư pháp"),
        ("partner", "Các sở"),
        ("time", "Quý III/2026"),
    ]
    head, fields = read_fields("Rà soát quy chế (Cơ quan chủ trì: Sở Nội vụ; thời gian: Quý I/2026).")
    assert head == "Rà soát quy chế"
    assert [(f.role, f.value) for f in fields] == [("lead", "Sở Nội vụ"), ("time", "Quý I/2026")]


@pytest.mark.parametrize(
    "text",
    [
        "Hỗ trợ tiêu thụ sản phẩm: lúa, gạo, trái cây",  # words of a sentence, not a label
        "Làm rõ trách nhiệm: ai làm việc gì",
        "bảo đảm thời gian: không quá 5 ngày",  # lower case, not after a break
    ],
)
def test_sentence_words_are_not_labels(text: str) -> None:
    assert read_fields(text) == (text, [])


# --------------------------------------------------------------------------------------------------
# Lead and partner words
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "split", "leads", "partners"),
    [
        ("Sở Tư pháp", ("Sở Tư pháp", ""), "Sở Tư pháp", ""),
        (  # role phrases stay in the lead value, for parse_roles
            "Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành và các đơn vị có liên quan.",
            ("Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành và các đơn vị có liên quan", ""),
            "Sở Nội vụ",
            "các sở, ban, ngành; các đơn vị có liên quan",
        ),
        (  # two leads joined by "và"; the roles end at the next predicate
            "Sở Giáo dục và Đào tạo và Sở Y tế chủ trì, phối hợp với các đơn vị có liên quan tham mưu",
            ("Sở Giáo dục và Đào tạo và Sở Y tế chủ trì, phối hợp với các đơn vị có liên quan", ""),
            "Sở Giáo dục và Đào tạo; Sở Y tế",
            "các đơn vị có liên quan",
        ),
        (  # a sentence per clause: each clause's subject is a lead
            "Sở Xây dựng tiến hành rà soát quy hoạch; Ủy ban nhân dân các xã, phường rà soát địa bàn.",
            ("Sở Xây dựng; Ủy ban nhân dân các xã, phường", ""),
            "Sở Xây dựng; Ủy ban nhân dân các xã, phường",
            "",
        ),
        (  # a duty sentence names its partners
            "Sở Tư pháp tiến hành rà soát thủ tục, phối hợp với Văn phòng Ủy ban nhân dân tỉnh công bố.",
            ("Sở Tư pháp", "Văn phòng Ủy ban nhân dân tỉnh"),
            "Sở Tư pháp",
            "Văn phòng Ủy ban nhân dân tỉnh",
        ),
        (  # a scope qualifier says how, not who
            "Sở Nội vụ, các sở, ngành trong phạm vi chức năng, nhiệm vụ của mình và các cơ quan có liên quan",
            (  # the scope is dropped by the agency reader
                "Sở Nội vụ, các sở, ngành trong phạm vi chức năng, nhiệm vụ của mình"
                " và các cơ quan có liên quan",
                "",
            ),
            "Sở Nội vụ; các sở, ngành; các cơ quan có liên quan",
            "",
        ),
        (
            "Sở Tài chính phối hợp Kho bạc Nhà nước khu vực",
            ("Sở Tài chính phối hợp Kho bạc Nhà nước khu vực", ""),
            "Sở Tài chính",
            "Kho bạc Nhà nước khu vực",
        ),
        ("Các sở, ngành phối hợp", ("", "Các sở, ngành"), "", "Các sở, ngành"),  # only partners
        (  # "Tổ chức" is a name, "chủ trì" not
            "Ban Tổ chức Tỉnh ủy chủ trì",
            ("Ban Tổ chức Tỉnh ủy chủ trì", ""),
            "Ban Tổ chức Tỉnh ủy",
            "",
        ),
        (  # "tổ chức" in a list of bodies is a noun
            "Sở Nội vụ và các cơ quan, tổ chức khác có liên quan",
            ("Sở Nội vụ và các cơ quan, tổ chức khác có liên quan", ""),
            "Sở Nội vụ; các cơ quan, tổ chức khác có liên quan",
            "",
        ),
        (
            "Ban quản lý các chương trình mục tiêu quốc gia",
            ("Ban quản lý các chương trình mục tiêu quốc gia", ""),
            "Ban quản lý các chương trình mục tiêu quốc gia",
            "",
        ),
    ],
)
def test_split_assignment(value: str, split: tuple[str, str], leads: str, partners: str) -> None:
    assert split_assignment(value) == split
    roles = parse_roles(split[0], None)
    named, _ = parse_agency_cell(split[1], None)
    assert (names(roles.leads), names([*roles.partners, *named])) == (leads, partners)


def test_subjects_headings_and_prose_partners() -> None:
    assert sentence_subject("Sở Xây dựng đăng tải thông điệp trên bảng điện tử.") == "Sở Xây dựng"
    assert sentence_subject("Các sở, ban, ngành có trách nhiệm rà soát văn bản.") == "Các sở, ban, ngành"
    assert sentence_subject("Tăng cường kiểm tra, giám sát.") is None
    assert heading_agency("Sở Tài chính:") == "Sở Tài chính"
    assert heading_agency("Trách nhiệm của đối tượng thực hiện kiểm kê:") == "đối tượng thực hiện kiểm kê"
    assert heading_agency("Trách nhiệm của các cơ quan cấp trên (bao gồm cả doanh nghiệp nhà nước):") == (
        "các cơ quan cấp trên; doanh nghiệp nhà nước"
    )
    assert heading_agency("Các cơ quan tham mưu quản lý ngành") == "Các cơ quan tham mưu quản lý ngành"
    assert heading_agency("Cải cách thủ tục hành chính") is None
    assert heading_agency("Sở Nội vụ chủ trì triển khai kế hoạch") is None
    assert labelled_agency("Sở Y tế: hướng dẫn các cơ sở khám bệnh.") == (
        "Sở Y tế",
        "hướng dẫn các cơ sở khám bệnh.",
    )
    assert labelled_agency("Thời gian: Quý I/2026") is None
    assert prose_partners("Phối hợp với các cơ quan chuyên môn hướng dẫn biểu mẫu.") == (
        "các cơ quan chuyên môn"
    )
    assert prose_partners("Tham mưu, phối hợp với Sở Tài chính trong việc bố trí kinh phí.") == "Sở Tài chính"
    assert prose_partners("Phối hợp tham gia tổ công tác.") == ""


# --------------------------------------------------------------------------------------------------
# The recogniser on a realistic plan with every inline layout
# --------------------------------------------------------------------------------------------------

PLAN = """\
**KẾ HOẠCH**

**I. MỤC ĐÍCH, YÊU CẦU**

- Xác định rõ nội dung, thời hạn và trách nhiệm của các cơ quan.

**II. NHIỆM VỤ**

**1. Hoàn thiện thể chế**

a) Rà soát các văn bản quy phạm pháp luật của tỉnh

- **Cơ quan chủ trì**: Sở Tư
pháp.

- *Cơ quan phối hợp:* Các sở, ban, ngành; Ủy ban nhân dân các xã, phường.

- Thời hạn hoàn thành: Quý II/2026.

b) Hoạt động 2

- Nội dung: Tổ chức đối thoại với doanh nghiệp về thủ tục hành chính.

- Cơ quan thực hiện: Sở Công Thương chủ trì, phối hợp với Hiệp hội Doanh nghiệp tỉnh và các đơn vị
có liên quan.

c) Tuyên truyền về cải cách hành chính

- Cơ quan thực hiện:

+ Sở Văn hóa, Thể thao và Du lịch chủ trì, phối hợp với Báo và Đài Phát thanh - Truyền hình tỉnh.

+ Sở Khoa học và Công nghệ đăng tải thông tin trên Cổng thông tin điện tử tỉnh.

- Thời gian thực hiện: Năm 2026.

2. Xây dựng văn bản

- Quyết định quy định phân cấp quản lý

+ Cơ quan chủ trì: Sở Nội vụ.

+ Thời hạn ban hành: trước ngày 31 tháng 3 năm 2026.

- Quyết định ban hành quy chế phối hợp

+ Đơn vị chủ trì: Văn phòng Ủy ban nhân dân tỉnh.

+ Thời hạn ban hành: Quý III/2026.

3. Cải cách tài chính công

- Cơ quan thực hiện:

+ Chủ trì: Sở Tài chính.

+ Phối hợp: Kho bạc Nhà nước khu vực, Thuế tỉnh.

- Thời gian thực hiện:

+ Quý I/2026: ban hành hướng dẫn.

+ Quý IV/2026: tổng kết.

4. Đề xuất sáp nhập đơn vị sự nghiệp

- Cơ quan phối hợp: Sở Tài chính.

- Thời gian thực hiện: Năm 2026.

**III. NHIỆM VỤ CỦA CÁC CƠ QUAN**

**1. Phân công cụ thể**

*1.1.
Sở Nội vụ - Cơ quan thường trực Ban Chỉ đạo*

-
Tham mưu xây dựng kế hoạch kiểm tra cải cách hành chính. Thời hạn hoàn
thành: Tháng 01/2026.

- Tổng hợp, báo cáo kết quả, phối hợp với Văn phòng Ủy ban nhân dân tỉnh theo dõi tiến độ.

Thời
gian thực hiện: Tháng 6 - 12/2026.

*1.2. Các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh*

- Hướng dẫn các đơn vị trực thuộc rà soát thủ tục hành chính. Trong đó:

+ Sở Y tế: hướng dẫn cơ sở khám bệnh, chữa bệnh.

+ Sở Giáo dục và Đào tạo: hướng dẫn các trường học.

Thời gian thực hiện: Quý I/2026.

*1.3. Trách nhiệm của Ủy ban nhân dân các xã, phường:*

- Triển khai kế hoạch tại địa phương.

- Báo cáo kết quả về Sở Nội vụ.

**2. Các nội dung trọng tâm**

- Cải cách thủ tục hành chính.

- Chuyển đổi số.

**IV. KINH PHÍ THỰC HIỆN**

Sở Tài chính chủ trì, phối hợp với các cơ quan tham mưu bố trí kinh phí.

**V. TỔ CHỨC THỰC HIỆN**

1. Sở Nội vụ:

- Theo dõi, đôn đốc việc thực hiện Kế hoạch.

Thời gian thực hiện: Hằng quý.

2. Các sở, ban, ngành:

- Chủ động triển khai các nhiệm vụ được giao.
"""


def test_every_inline_layout() -> None:
    result = read_inline_tasks(source(PLAN))
    got = [
        (t.code, t.text[:40], names(t.leads), names(t.partners), t.time_text)
        for t in read_agencies(result.tasks)
    ]
    assert got == [
        (
            "II.1.a",
            "Rà soát các văn bản quy phạm pháp luật c",
            "Sở Tư pháp",  # wrapped mid-name; label split from its colon by emphasis
            "Các sở, ban, ngành; Ủy ban nhân dân các xã, phường",
            "Quý II/2026",
        ),
        (  # "Hoạt động 2" is only a name: the text is the "Nội dung"; lead and partners share one value
            "II.1.b",
            "Tổ chức đối thoại với doanh nghiệp về th",
            "Sở Công Thương",
            "Hiệp hội Doanh nghiệp tỉnh; các đơn vị có liên quan",
            "",
        ),
        (  # one label, two bullets that each name their own actor: two tasks with the same text
            "II.1.c.1",
            "Tuyên truyền về cải cách hành chính",
            "Sở Văn hóa, Thể thao và Du lịch",
            "Báo; Đài Phát thanh - Truyền hình tỉnh",
            "Năm 2026",
        ),
        ("II.1.c.2", "Tuyên truyền về cải cách hành chính", "Sở Khoa học và Công nghệ", "", "Năm 2026"),
        (  # "-" sub-items whose labels are "+" bullets
            "II.2.1",
            "Quyết định quy định phân cấp quản lý",
            "Sở Nội vụ",
            "",
            "trước ngày 31 tháng 3 năm 2026",
        ),
        (
            "II.2.2",
            "Quyết định ban hành quy chế phối hợp",
            "Văn phòng Ủy ban nhân dân tỉnh",
            "",
            "Quý III/2026",
        ),
        (  # a sub-list of roles under one label; a time made of "+" bullets is one value
            "II.3",
            "Cải cách tài chính công",
            "Sở Tài chính",
            "Kho bạc Nhà nước khu vực; Thuế tỉnh",
            "Quý I/2026: ban hành hướng dẫn. + Quý IV/2026: tổng kết",
        ),
        (  # agency heading with " - " inside; a time on the duty's own line; time values with " - "
            "III.1.1.1",
            "Tham mưu xây dựng kế hoạch kiểm tra cải ",
            "Sở Nội vụ",  # the apposition says what the body is
            "",
            "Tháng 01/2026",
        ),
        (
            "III.1.1.2",
            "Tổng hợp, báo cáo kết quả, phối hợp với ",
            "Sở Nội vụ",  # the apposition says what the body is
            "Văn phòng Ủy ban nhân dân tỉnh",  # named in the duty
            "Tháng 6 - 12/2026",
        ),
        # "+" items labelled with their own agency, sharing the time line printed after them
        ("III.1.2.1.1", "Sở Y tế: hướng dẫn cơ sở khám bệnh, chữa", "Sở Y tế", "", "Quý I/2026"),
        (
            "III.1.2.1.2",
            "Sở Giáo dục và Đào tạo: hướng dẫn các tr",
            "Sở Giáo dục và Đào tạo",
            "",
            "Quý I/2026",
        ),
        (  # a heading in the same list without times: its bullets share one assignment
            "III.1.3",
            "Triển khai kế hoạch tại địa phương. - Bá",
            "Ủy ban nhân dân các xã, phường",
            "",
            "",
        ),
    ]
    # not tasks: 4 (a partner but no lead), III.2 (themes without agencies), Kinh phí, Tổ chức thực hiện
    assert [(s.number, s.title) for s in result.sections] == [
        ("II", "NHIỆM VỤ"),
        ("III", "NHIỆM VỤ CỦA CÁC CƠ QUAN"),
    ]
    assert result.tasks[0].span == Span(11, 18)
    assert result.tasks[0].item == "a)"
    assert [f.subject for f in result.findings if f.kind == "other"] == ["II.4"]


def test_codes_drop_a_shared_roman_section() -> None:
    text = "II. NHIỆM VỤ\n\n1. Thể chế\n\na) Rà soát văn bản\n\n- Cơ quan chủ trì: Sở Tư pháp.\n"
    result = read_inline_tasks(source(text))
    assert [(t.code, t.section) for t in result.tasks] == [("1.a", "1")]
    assert [(s.number, s.title) for s in result.sections] == [("1", "Thể chế")]


def test_no_lead_no_task() -> None:
    text = (
        "1. Rà soát văn bản\n\n- Thời gian thực hiện: Năm 2026.\n\n2. Chuyển đổi số\n\n- Sản phẩm: Báo cáo.\n"
    )
    assert read_inline_tasks(source(text)).tasks == []


# --------------------------------------------------------------------------------------------------
# The inline plans of the development corpus
# --------------------------------------------------------------------------------------------------

INLINE_DOCS = {
    "ttg-2623-qd-ttg-2025": 9,
    "hcm-172-kh-ubnd-2025": 4,
    "hcm-174-kh-ubnd-2025": 6,
    "quangngai-1627-qd-ubnd-2025": 26,
}


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")
@pytest.mark.parametrize(("name", "count"), INLINE_DOCS.items())
def test_corpus_inline_documents(name: str, count: int) -> None:
    from ingest.evaluation import norm_text, score_document
    from ingest.pipeline import parse_document

    gold = json.loads((CORPUS / "gold" / f"{name}.json").read_text(encoding="utf-8"))
    parsed = parse_document(CORPUS / "docs" / f"{name}.txt")
    assert len(parsed.tasks) == count == len(gold["tasks"])
    for task, entry in zip(parsed.tasks, gold["tasks"], strict=True):  # in document order
        assert norm_text(task.text).startswith(norm_text(entry["text_prefix"]))
    metrics = score_document(parsed, gold).metrics
    assert metrics.task_recall.value == metrics.task_precision.value == 1.0
    assert (metrics.time_recall.value or 1.0) == 1.0
    assert metrics.partner_recall.value == 1.0


def test_roles_in_the_parentheses_that_end_an_item() -> None:
    text = (
        "II. NHIỆM VỤ\n\n"
        "1. Rà soát quy chế làm việc (Sở Nội vụ chủ trì, các sở, ngành phối hợp;"
        " hoàn thành trong Quý II/2026).\n\n"
        "2. Tổ chức hội nghị tổng kết (Văn phòng Ủy ban nhân dân tỉnh chủ trì, phối hợp với Sở Tư pháp;"
        " thời gian: tháng 12/2026).\n\n"
        "3. Triển khai Tháng hành động (từ ngày 15/11 đến ngày 15/12).\n"
    )
    tasks = read_agencies(read_inline_tasks(source(text)).tasks)
    assert [(t.code, t.text, names(t.leads), names(t.partners), t.time_text) for t in tasks] == [
        ("II.1", "Rà soát quy chế làm việc", "Sở Nội vụ", "các sở, ngành", "hoàn thành trong Quý II/2026"),
        (
            "II.2",
            "Tổ chức hội nghị tổng kết",
            "Văn phòng Ủy ban nhân dân tỉnh",
            "Sở Tư pháp",
            "tháng 12/2026",
        ),
    ]


def test_paragraphs_without_blank_lines() -> None:
    text = (
        "**1. Xây dựng văn bản quy định chi tiết**\n"
        "Sở, ban, ngành thuộc Ủy ban nhân dân tỉnh có trách nhiệm rà soát, tham mưu ban hành văn bản.\n"
        "**2. Tập huấn nghiệp vụ**\n"
        "- Cơ quan chủ trì: Sở Nội vụ.\n"
        "**3. Kiểm tra việc thi hành**\n"
        "- Cơ quan thực hiện: Sở Tư pháp.\n"
        "**4. Phân công**\n"
        "*4.1. Sở Y tế*\n"
        "- Hướng dẫn các cơ sở y tế.\n"
        "Thời\n"
        "gian thực hiện: Quý I/2026.\n"
    )
    tasks = read_inline_tasks(source(text)).tasks
    assert [(t.code, t.lead_text, t.time_text) for t in tasks] == [
        ("1", "Sở, ban, ngành thuộc Ủy ban nhân dân tỉnh", ""),  # a sibling of labelled blocks, in prose
        ("2", "Sở Nội vụ", ""),
        ("3", "Sở Tư pháp", ""),
        ("4.1.1", "Sở Y tế", "Quý I/2026"),  # a label wrapped over two lines
    ]


def test_bullets_of_names_are_one_assignment() -> None:
    text = (
        "1. Số hóa hồ sơ\n\n- Cơ quan chủ trì:\n\n+ Sở Nội vụ;\n\n+ Sở Tư pháp.\n\n"
        "- Cơ quan phối hợp:\n\n+ Sở Tài chính;\n\n+ Ủy ban nhân dân các xã.\n\n"
        "- Lộ trình thực hiện: Năm 2026.\n\n- Sản phẩm:\n\n+ Quyết định phê duyệt;\n\n+ Báo cáo kết quả.\n"
    )
    tasks = read_inline_tasks(source(text)).tasks
    assert [(t.code, t.lead_text, t.partner_text, t.time_text, t.deliverables) for t in tasks] == [
        (
            "1",
            "Sở Nội vụ; Sở Tư pháp",
            "Sở Tài chính; Ủy ban nhân dân các xã",
            "Năm 2026",
            ["Quyết định phê duyệt", "Báo cáo kết quả"],
        )
    ]


def test_named_items_and_roles_listed_on_one_line() -> None:
    text = (
        "II. NHIỆM VỤ\n\n"
        "Nhiệm vụ 1: Rà soát thủ tục hành chính.\n"
        "- Chủ trì: Sở Nội vụ; phối hợp: các sở, ngành; thời gian: Quý I/2026.\n\n"
        "Nhiệm vụ 2: Số hóa hồ sơ.\n"
        "- Cơ quan chủ trì: Sở Khoa học và Công nghệ.\n"
    )
    tasks = read_inline_tasks(source(text)).tasks
    assert [(t.code, t.item, t.text, t.lead_text, t.partner_text, t.time_text) for t in tasks] == [
        ("II.1", "Nhiệm vụ 1:", "Rà soát thủ tục hành chính", "Sở Nội vụ", "các sở, ngành", "Quý I/2026"),
        ("II.2", "Nhiệm vụ 2:", "Số hóa hồ sơ", "Sở Khoa học và Công nghệ", "", ""),
    ]


def test_one_paragraph_per_line_from_html_and_docx() -> None:
    lines = [
        "II. NHIỆM VỤ",
        "1. Cải cách thể chế",
        "a) Rà soát văn bản quy phạm pháp luật",
        "- Cơ quan chủ trì: Sở Tư pháp.",
        "- Thời gian hoàn thành: Quý II/2026.",
        "III. TỔ CHỨC THỰC HIỆN",
        "1. Sở Nội vụ:",
        "- Theo dõi việc thực hiện Kế hoạch.",
        "Thời gian thực hiện: Hằng quý.",
    ]
    tasks = read_inline_tasks(SourceText("plan.html", lines, "html")).tasks
    assert [(t.code, t.text, t.lead_text, t.time_text, t.span) for t in tasks] == [
        ("1.a", "Rà soát văn bản quy phạm pháp luật", "Sở Tư pháp", "Quý II/2026", Span(3, 5))
    ]


def test_a_capitalised_heading_ends_without_a_blank_line() -> None:
    text = (
        "II. NHIỆM VỤ CỤ\nTHỂ\n1. Phân công\n1.1. Sở Tài chính\n- Hướng dẫn quyết toán.\n"
        "Thời gian thực hiện: Quý I/2026.\n"
        "III. TỔ CHỨC THỰC HIỆN\nSở Nội vụ theo dõi, đôn đốc.\n"
        "1. Sở Nội vụ\n- Tổng hợp báo cáo.\nThời gian thực hiện: Hằng quý.\n"
    )
    result = read_inline_tasks(source(text))
    assert [(t.code, t.lead_text, t.time_text) for t in result.tasks] == [
        ("1.1.1", "Sở Tài chính", "Quý I/2026")
    ]


@pytest.mark.parametrize(
    ("heading", "agency"),
    [
        ("Ban hành quy chế phối hợp", None),  # "Ban hành" is a verb, "Ban Dân tộc" a body
        ("Ban Dân tộc", "Ban Dân tộc"),
        ("Báo cáo kết quả", None),
        ("Bảo hiểm xã hội tỉnh", "Bảo hiểm xã hội tỉnh"),
        ("Bổ sung nguồn lực", None),
        ("Hội nghị sơ kết", None),
        ("Hội đồng nhân dân các xã", "Hội đồng nhân dân các xã"),
        ("Tổ chức tập huấn", None),
        ("Tổ công tác liên ngành", "Tổ công tác liên ngành"),
        ("Công tác thi đua", None),
        ("Công an tỉnh", "Công an tỉnh"),
        ("SỞ TÀI CHÍNH", "SỞ TÀI CHÍNH"),  # in capitals, the words tell
        ("BAN HÀNH VĂN BẢN", None),
        ("Các hoạt động chính", None),
        ("Các sở, ban, ngành", "Các sở, ban, ngành"),
        ("Trưởng Ban Chỉ đạo", "Trưởng Ban Chỉ đạo"),
        ("Đối với Sở Y tế:", "Sở Y tế"),
        ("Đối với tài sản kết cấu hạ tầng", None),
    ],
)
def test_agency_headings(heading: str, agency: str | None) -> None:
    assert heading_agency(heading) == agency


def test_roles_in_the_last_sentence_of_an_item() -> None:
    text = (
        "II. NHIỆM VỤ\n\n"
        "1. Rà soát quy chế làm việc. Giao Sở Nội vụ chủ trì, phối hợp với các sở, ngành thực hiện.\n\n"
        "2. Tăng cường kỷ luật, kỷ cương hành chính. Các sở thực hiện nghiêm.\n\n"
        "III. TỔ CHỨC THỰC HIỆN\n\n"
        "1. Bố trí kinh phí. Sở Tài chính chủ trì, phối hợp với các sở thực hiện.\n"
    )
    tasks = read_agencies(read_inline_tasks(source(text)).tasks)
    assert [(t.code, t.text, names(t.leads), names(t.partners)) for t in tasks] == [
        ("II.1", "Rà soát quy chế làm việc", "Sở Nội vụ", "các sở, ngành")
    ]


def test_bullets_labelled_with_their_agency() -> None:
    text = (
        "II. NHIỆM VỤ\n\n"
        "1. Cải cách thủ tục hành chính\n\n"
        "- Sở Nội vụ: rà soát quy trình nội bộ giải quyết thủ tục hành chính. Thời gian: Quý I/2026.\n\n"
        "- Sở Tư pháp: kiểm soát thủ tục hành chính, phối hợp với Văn phòng Ủy ban nhân dân tỉnh công bố.\n\n"
        "- Bảo đảm thời hạn giải quyết hồ sơ.\n\n"
        "III. TỔ CHỨC THỰC HIỆN\n\n"
        "- Sở Nội vụ: theo dõi, đôn đốc việc thực hiện Kế hoạch.\n\n"
        "- Sở Tài chính: bố trí kinh phí thực hiện Kế hoạch.\n"
    )
    tasks = read_inline_tasks(source(text)).tasks
    assert [(t.code, t.text[:20], t.lead_text, t.partner_text, t.time_text) for t in tasks] == [
        ("1.1", "Sở Nội vụ: rà soát q", "Sở Nội vụ", "", "Quý I/2026"),
        ("1.2", "Sở Tư pháp: kiểm soá", "Sở Tư pháp", "Văn phòng Ủy ban nhân dân tỉnh", ""),
    ]


LAW_PLAN = """\
**II. NỘI DUNG**

**1. Tổ chức quán triệt, phổ biến Luật**

a) Nội dung: Tổ chức hội nghị quán triệt, phổ biến nội dung của Luật cho cán bộ, công chức.

b) Cơ quan chủ trì: Bộ Tư pháp.

c) Cơ quan phối hợp: Các bộ, cơ quan ngang bộ.

d) Thời gian thực hiện: Quý I năm 2026.

**2. Xây dựng văn bản quy định chi tiết**

a) Nghị định quy định chi tiết một số điều của Luật

- Cơ quan chủ trì: Bộ Tư pháp.

- Thời gian trình: tháng 6/2026.

b) Thông tư hướng dẫn thi hành Luật

- Cơ quan chủ trì, phối hợp: Bộ Tư pháp chủ trì, Bộ Tài chính phối hợp.

- Thời hạn ban hành: Quý III/2026.

**3. Rà soát văn bản quy phạm pháp luật**

Các bộ, cơ quan ngang bộ, Ủy ban nhân dân các tỉnh chủ động rà soát văn bản thuộc thẩm quyền, gửi
kết quả về Bộ Tư pháp.

**III. KINH PHÍ**

Kinh phí thực hiện Kế hoạch do ngân sách nhà nước bảo đảm.
"""


def test_a_law_implementation_plan() -> None:
    """Fields marked by letters; a label naming both roles; a prose item among labelled ones."""
    tasks = read_agencies(read_inline_tasks(source(LAW_PLAN)).tasks)
    assert [(t.code, t.text, names(t.leads), names(t.partners), t.time_text, t.span) for t in tasks] == [
        (
            "II.1",
            "Tổ chức quán triệt, phổ biến Luật",
            "Bộ Tư pháp",
            "Các bộ, cơ quan ngang bộ",
            "Quý I năm 2026",
            Span(3, 11),
        ),
        (
            "II.2.a",
            "Nghị định quy định chi tiết một số điều của Luật",
            "Bộ Tư pháp",
            "",
            "tháng 6/2026",
            Span(15, 19),
        ),
        (
            "II.2.b",
            "Thông tư hướng dẫn thi hành Luật",
            "Bộ Tư pháp",
            "Bộ Tài chính",
            "Quý III/2026",
            Span(21, 25),
        ),
        (
            "II.3",
            "Rà soát văn bản quy phạm pháp luật",
            "Các bộ, cơ quan ngang bộ; Ủy ban nhân dân các tỉnh",
            "",
            "",
            Span(27, 30),
        ),
    ]
