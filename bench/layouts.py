"""Write a Plan out as text in the layouts of the five seeds (and the inline layout of domain.md section 9).

| layout     | like | what it looks like                                                                     |
|------------|------|----------------------------------------------------------------------------------------|
| tab8       | 000  | plan; tab-separated 8 columns; arabic section rows, a), b) tasks; <ul> product cells   |
| tab8-md    | 001  | the same as markdown, with <b> tags; rows broken over a page break                     |
| pipe       | 002  | cells between lines holding only "|", wrapped; an area cell spanning its rows          |
| decision6  | 003  | decision issuing the plan; 6 columns in another order; Roman sections; header repeated |
|            |      | on every page; rows continued after the repeated header; sub-items a), b)              |
| decision5  | 004  | decision issuing the plan; 5 columns; numbered tasks with sub-items 3.1, 3.2 ...       |
| inline     | §9   | plan whose assignments follow each task: "- Đơn vị chủ trì: ... - Thời gian: ..."      |
"""

from __future__ import annotations

import random
import textwrap
from collections.abc import Callable

from bench.content import Task
from bench.plans import Plan, date_long, date_short, nest_subtasks

LAYOUTS = ("tab8", "tab8-md", "pipe", "decision6", "decision5", "inline")
DECISION_LAYOUTS = frozenset({"decision6", "decision5"})
LETTERS = "abcdđeghiklmnopqrstuvxy"  # Vietnamese item letters (no f, j, w, z)
CHAIRS = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Minh Đức", "Hoàng Văn Hải", "Võ Thị Lan")

PURPOSES = (
    "Tiếp tục xây dựng chính quyền phục vụ Nhân dân, hoạt động hiệu lực, hiệu quả, chuyên nghiệp; nâng cao "
    "chất lượng cung ứng dịch vụ hành chính công theo hướng hiện đại, nhanh chóng, thuận tiện.",
    "Tăng cường công tác thông tin, tuyên truyền về cải cách hành chính bằng nhiều hình thức; thực hiện việc "
    "trao đổi, đối thoại với tổ chức, công dân trên các phương tiện truyền thông.",
    "Thủ trưởng các cơ quan, đơn vị trên địa bàn tỉnh căn cứ vào nội dung Kế hoạch này và tình hình thực tế "
    "tại cơ quan, đơn vị, tiến hành xây dựng kế hoạch và tổ chức triển khai thực hiện có hiệu quả.",
)
CLOSING = (
    "Thủ trưởng các sở, ban, ngành tỉnh và Chủ tịch UBND các huyện, thành phố căn cứ vào Kế hoạch này tiến "
    "hành xây dựng Kế hoạch cải cách hành chính của cơ quan, đơn vị, địa phương; định kỳ quý, 6 tháng và năm "
    "báo cáo về UBND tỉnh (qua Sở Nội vụ) để theo dõi, tổng hợp và báo cáo theo quy định./."
)


def render(layout: str, plan: Plan, rng: random.Random) -> str:
    """The document text of ``plan`` in ``layout``."""
    writers: dict[str, Callable[[Plan, random.Random], str]] = {
        "tab8": lambda p, r: _tab8(p, r, markdown=False),
        "tab8-md": lambda p, r: _tab8(p, r, markdown=True),
        "pipe": _pipe,
        "decision6": _decision6,
        "decision5": _decision5,
        "inline": _inline,
    }
    if layout == "decision6":
        nest_subtasks(plan.sections, rng, "letter")
    elif layout == "decision5":
        nest_subtasks(plan.sections, rng, "dotted")
    return writers[layout](plan, rng)


# -- shared pieces ---------------------------------------------------------------------------------


def _place_date(plan: Plan, rng: random.Random) -> str:
    when = date_long(plan.issued) if rng.random() < 0.8 else f"ngày {date_short(plan.issued)}"
    return f"{plan.province}, {when}"


def _opening(plan: Plan, rng: random.Random) -> list[str]:
    """The legal bases: one "Thực hiện ...;" sentence, or "Căn cứ ...;" paragraphs."""
    if rng.random() < 0.6:
        named = "; ".join([plan.implements, *plan.bases])
        return [
            f"Thực hiện {named}; trên cơ sở tình hình thực tế tại địa phương, Ủy ban nhân dân {plan.level} "
            f"xây dựng Kế hoạch cải cách hành chính {plan.period_text}, cụ thể như sau:"
        ]
    # A bare programme mention is written "Thực hiện ...": ingest links "Căn cứ <programme>" to nothing.
    verb = "Căn cứ" if plan.implements.startswith("Nghị quyết") else "Thực hiện"
    paragraphs = [f"{verb} {plan.implements};", *[f"Căn cứ {basis};" for basis in plan.bases]]
    return [
        *paragraphs,
        f"Ủy ban nhân dân {plan.level} ban hành Kế hoạch cải cách hành chính {plan.period_text} như sau:",
    ]


def _narrative(plan: Plan) -> list[str]:
    """Purposes and the reform areas as numbered headings with a sentence each."""
    out = ["I. MỤC ĐÍCH, YÊU CẦU", *[f"- {text}" for text in PURPOSES], "II. NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH"]
    for number, section in enumerate(plan.sections, start=1):
        out.append(f"{number}. {section.title}")
        out.append(f"- {section.tasks[0].text}; bảo đảm đúng tiến độ, chất lượng và hiệu quả.")
    return out


def _split(text: str, rng: random.Random) -> tuple[str, str]:
    """Break a cell at a word boundary (a page break in the middle of a row); ("text", "") when short."""
    words = text.split(" ")
    if len(words) < 4:
        return text, ""
    cut = rng.randint(2, len(words) - 2)
    return " ".join(words[:cut]), " ".join(words[cut:])


def _product(task: Task, rng: random.Random) -> str:
    if ";" in task.product and rng.random() < 0.5:
        items = " ".join(f"- {item.strip()};" for item in task.product.split(";"))
        return f'<ul style="list-style-type: none"> {items} </ul>'
    return task.product


def _signature(plan: Plan, rng: random.Random, decision: bool = False) -> list[str]:
    head = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH" if not decision else "CHỦ TỊCH"
    return [
        "Nơi nhận:\n\n- Bộ Nội vụ;\n- TT/TU, TT/HĐND tỉnh;\n- Các sở, ban, ngành tỉnh;\n- Lưu: VT.",
        head,
        rng.choice(CHAIRS),
    ]


def _join(blocks: list[str]) -> str:
    return "\n\n" + "\n\n".join(blocks) + "\n"


# -- tab8 / tab8-md (seeds 000, 001) ---------------------------------------------------------------

_TAB8_HEADER = (
    "Số TT\tNội dung thực hiện\tSản phẩm\tCơ quan, đơn vị chủ trì\tCơ quan, đơn vị phối hợp\t"
    "Thời gian thực hiện\tKinh phí dự kiến\tGhi chú"
)


def _tab8(plan: Plan, rng: random.Random, markdown: bool) -> str:
    title = f"Cải cách hành chính {plan.where} {plan.period_text}"
    if markdown:
        head = [f"Số: {plan.doc_number}", f"*{_place_date(plan, rng)}*", f"**KẾ HOẠCH**  \n**{title}**"]
    else:
        head = [f"Số: {plan.doc_number}", _place_date(plan, rng), f"KẾ HOẠCH\n{title}"]
    body = [
        *_opening(plan, rng),
        *_narrative(plan),
        "III. NHIỆM VỤ CỤ THỂ",
        "(Phụ lục đính kèm)",
        "IV. TỔ CHỨC THỰC HIỆN",
        CLOSING,
        *_signature(plan, rng),
    ]
    if markdown:
        body = [f"**{b}**" if b[:3] in ("I. ", "II.", "III", "IV.") else b for b in body]
    appendix = (
        f"Phụ lục\nCÁC NHIỆM VỤ CỤ THỂ\n(Kèm theo Kế hoạch số {plan.number} /KH-UBND ngày "
        f"{date_short(plan.issued, rng)} của UBND {plan.where})\n\n" + _tab8_rows(plan, rng, markdown)
    )
    return _join([*head, *body, appendix])


def _tab8_rows(plan: Plan, rng: random.Random, markdown: bool) -> str:
    lines = [_TAB8_HEADER]
    for number, section in enumerate(plan.sections, start=1):
        if markdown and rng.random() < 0.5:
            lines.append(f"<b>{number}.</b>\t<b>{section.title}</b>" + "\t" * 6)
        elif markdown:
            lines.append(f"<b>{number}. {section.title}</b>" + "\t" * 7)
        elif rng.random() < 0.5:
            lines.append(f"{number}.\t{section.title}" + "\t" * 6)
        else:
            lines.append(f"{number}. {section.title}" + "\t" * 7)
        for index, task in enumerate(section.tasks):
            cells = [
                f"{LETTERS[index]})",
                task.text,
                _product(task, rng),
                task.lead,
                task.partner,
                task.time,
                task.budget,
                task.note,
            ]
            if rng.random() < 0.08:  # the row runs over a page break
                first, rest = _split(task.text, rng)
                lead, lead_rest = _split(task.lead, rng)
                cells[1], cells[3] = first, lead
                lines.append("\t".join(cells))
                lines.append("")
                lines.append("\t".join(["", rest, "", lead_rest, "", "", "", ""]))
            else:
                lines.append("\t".join(cells))
            if rng.random() < 0.15:
                lines.append("")
    return "\n".join(lines)


# -- pipe (seed 002) -------------------------------------------------------------------------------


def _wrap(text: str, rng: random.Random) -> list[str]:
    return textwrap.wrap(text, width=rng.randint(30, 60), break_long_words=False) or [text]


_STARTERS = ("căn cứ", "thực hiện", "theo đề nghị", "xét đề nghị", "quyết định", "điều ")


def _wrap_prose(text: str, rng: random.Random) -> list[str]:
    """Hard-wrap a paragraph; a line never starts with words that open a new legal-basis paragraph."""
    lines: list[str] = []
    for line in textwrap.wrap(text, width=rng.randint(60, 80), break_long_words=False):
        if lines and line.lower().startswith(_STARTERS):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    return lines


def _pipe(plan: Plan, rng: random.Random) -> str:
    upper = plan.where.upper()
    out = [
        "ỦY BAN NHÂN DÂN",
        upper,
        "-------",
        "|",
        "CỘNG",
        "HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "---------------",
        "|",
        f"Số: {plan.doc_number}",
        "|",
        _place_date(plan, rng),
        "|",
        "KẾ HOẠCH",
        f"THỰC HIỆN CẢI CÁCH HÀNH CHÍNH {plan.period_text.upper()}",
    ]
    prose = [*_opening(plan, rng), *_narrative(plan), "III. TỔ CHỨC THỰC HIỆN", CLOSING]
    for paragraph in prose:
        out += _wrap_prose(paragraph, rng)
    out += [
        "Nơi nhận:",
        "- Bộ Nội vụ;",
        "- Các sở, ban ngành tỉnh;",
        "- Lưu: TH, VT.",
        "|",
        "CHỦ TỊCH",
        rng.choice(CHAIRS),
        "|",
        "PHỤ LỤC",
        "PHÂN CÔNG CỤ THỂ CÁC NHIỆM VỤ",
        f"(Ban hành kèm theo Kế hoạch số {plan.doc_number} ngày {date_short(plan.issued)} của Ủy ban nhân",
        f"dân {plan.where})",
    ]
    for label in (
        "Nhiệm\nvụ chung",
        "Nhiệm\nvụ cụ thể",
        "Sản\nphẩm",
        "Cơ\nquan chủ trì",
        "Cơ\nquan phối hợp",
        "Thời\ngian thực hiện",
    ):
        out += [label, "|"]
    for section in plan.sections:
        out += [section.title, "|"]
        for number, task in enumerate(section.tasks, start=1):
            partner = task.partner or "Các cơ quan có liên quan"
            for cell in (f"{number}. {task.text}", f"- {task.product}", task.lead, partner, task.time):
                out += [*_wrap(cell, rng), "|"]
    return "\n".join(out) + "\n"


# -- decision6 (seed 003) --------------------------------------------------------------------------

_D6_HEADER = "STT\tNHIỆM VỤ CỤ THỂ\tKẾT QUẢ, SẢN PHẨM\tTHỜI GIAN THỰC HIỆN\tCƠ QUAN CHỦ TRÌ\tCƠ QUAN PHỐI HỢP"
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def _decision_bases(plan: Plan, rng: random.Random) -> list[str]:
    out = ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"]
    verb = "Căn cứ" if plan.implements.startswith("Nghị quyết") else "Thực hiện"
    out += [f"{verb} {plan.implements};", *[f"Căn cứ {basis};" for basis in plan.bases]]
    proposal = plan.issued.replace(day=max(1, plan.issued.day - rng.randint(1, 5)))
    out.append(
        f"Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số {rng.randint(100, 3999)}/TTr-SNV "
        f"ngày {date_long(proposal)}."
    )
    return out


def _articles(plan: Plan, plan_title: str) -> list[str]:
    third = "Điều 3. Quyết định có hiệu lực thi hành kể từ ngày ký ban hành"
    if plan.replaces:
        number, when = plan.replaces
        third += (
            f" và thay thế Quyết định số {number}/QĐ-UBND ngày {date_short(when)} của Ủy ban nhân dân tỉnh "
            "về ban hành kế hoạch cải cách hành chính"
        )
    return [
        "QUYẾT ĐỊNH:",
        f"Điều 1. Ban hành kèm theo Quyết định này Kế hoạch {plan_title[0].lower()}{plan_title[1:]}.",
        "Điều 2. Giám đốc Sở Nội vụ có trách nhiệm theo dõi, hướng dẫn, đôn đốc và kiểm tra các cơ quan, "
        "đơn vị, địa phương thực hiện Kế hoạch này.",
        third + ".",
        "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, Thủ trưởng các Sở, ban, ngành chịu trách "
        "nhiệm thi hành Quyết định này./.",
    ]


def _decision6(plan: Plan, rng: random.Random) -> str:
    plan_title = f"Cải cách hành chính nhà nước {plan.where} {plan.period_text}"
    head = [f"Số: {plan.doc_number}", _place_date(plan, rng)] if rng.random() < 0.5 else []
    blocks = [
        *head,
        "QUYẾT ĐỊNH",
        f"**Ban hành Kế hoạch cải cách hành chính nhà nước {plan.where}\n{plan.period_text}**",
        f"ỦY BAN NHÂN DÂN {plan.where.upper()}",
        *_decision_bases(plan, rng),
        *_articles(plan, plan_title),
        *_signature(plan, rng),
        f"ỦY BAN NHÂN DÂN\n{plan.where.upper()}\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc",
        "KẾ HOẠCH",
        plan_title,
        f"(Ban hành kèm theo Quyết định số {plan.doc_number}",
        f"ngày {date_long(plan.issued)[5:]} của Ủy ban nhân dân {plan.where})",
        *_opening(plan, rng)[:1],
        *_narrative(plan),
        "III. TỔ CHỨC THỰC HIỆN",
        CLOSING,
        "PHỤ LỤC",
        "CÁC NHIỆM VỤ TRỌNG TÂM THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH",
        f"(Ban hành kèm theo Quyết định số: {plan.number} /QĐ-UBND ngày {date_short(plan.issued)} của "
        "Ủy ban nhân dân tỉnh)",
        _decision6_rows(plan, rng),
    ]
    return _join(blocks)


def _decision6_rows(plan: Plan, rng: random.Random) -> str:
    lines = [_D6_HEADER]
    page = rng.randint(6, 10)
    rows = 0

    def page_break() -> None:
        nonlocal rows
        lines.extend(["", _D6_HEADER])
        rows = 0

    def row(number: str, task: Task) -> None:
        nonlocal rows
        cells = [number, task.text, task.product, task.time, task.lead, task.partner]
        if rows >= page - 1 and task.lead:  # the row runs over onto the next page
            first, rest = _split(task.text, rng)
            product, product_rest = _split(task.product, rng)
            lines.append("\t".join([number, first, product, task.time, task.lead, task.partner]))
            page_break()
            lines.append("\t".join(["", rest, product_rest, "", "", ""]))
        else:
            lines.append("\t".join(cells))
        rows += 1
        if rows >= page:
            page_break()

    for index, section in enumerate(plan.sections):
        lines.append(f"{_ROMAN[index]}\t{section.title.upper()}\t\t\t\t")
        rows += 1
        for number, task in enumerate(section.tasks, start=1):
            row(str(number), task)
            for letter, sub in zip(LETTERS, task.subtasks, strict=False):
                row(f"{letter})", sub)
    return "\n".join(lines)


# -- decision5 (seed 004) --------------------------------------------------------------------------

_D5_HEADER = "STT\tNhiệm vụ\tThời gian thực hiện\tCơ quan chủ trì\tCơ quan phối hợp"


def _decision5(plan: Plan, rng: random.Random) -> str:
    plan_title = f"Cải cách hành chính {plan.where} {plan.period_text}"
    blocks = [
        f"Số: {plan.doc_number}",
        _place_date(plan, rng),
        "QUYẾT ĐỊNH",
        f"Về việc ban hành Kế hoạch cải cách hành chính {plan.period_text}",
        f"CHỦ TỊCH ỦY BAN NHÂN DÂN {plan.where.upper()}",
        *_decision_bases(plan, rng),
        *_articles(plan, plan_title),
        *_signature(plan, rng, decision=True),
        "KẾ HOẠCH",
        plan_title,
        f"*(Kèm theo Quyết định số {plan.doc_number} ngày {date_short(plan.issued)}\n"
        "của Chủ tịch Ủy ban nhân dân Tỉnh)*",
        "I. MỤC ĐÍCH, YÊU CẦU",
        *[f"- {t}" for t in PURPOSES],
        "II. NỘI DUNG",
        _decision5_rows(plan, rng),
        "III. TỔ CHỨC THỰC HIỆN",
        CLOSING,
    ]
    return _join(blocks)


def _decision5_rows(plan: Plan, rng: random.Random) -> str:
    lines = [_D5_HEADER]
    tasks = [task for section in plan.sections for task in section.tasks]
    for number, task in enumerate(tasks, start=1):
        lines.append("\t".join([str(number), task.text, task.time, task.lead, task.partner]))
        for index, sub in enumerate(task.subtasks, start=1):
            lines.append("\t".join([f"{number}.{index}", sub.text, sub.time, sub.lead, sub.partner]))
        if number % rng.randint(8, 14) == 0:
            lines.extend(["", _D5_HEADER])
    return "\n".join(lines)


# -- inline (domain.md section 9) ------------------------------------------------------------------

_LEAD_LABELS = ("Đơn vị chủ trì", "Cơ quan chủ trì", "Cơ quan thực hiện", "Đơn vị thực hiện")
_PARTNER_LABELS = ("Đơn vị phối hợp", "Cơ quan phối hợp")
_TIME_LABELS = ("Thời gian thực hiện", "Thời hạn hoàn thành", "Tiến độ thực hiện")


def _label(text: str, rng: random.Random, emphasis: bool) -> str:
    if not emphasis:
        return f"{text}:"
    return f"**{text}:**" if rng.random() < 0.5 else f"**{text}**:"


def _inline(plan: Plan, rng: random.Random) -> str:
    emphasis = rng.random() < 0.4
    title = f"Cải cách hành chính {plan.where} {plan.period_text}"
    out = [
        f"Số: {plan.doc_number}",
        _place_date(plan, rng),
        f"KẾ HOẠCH\n{title}",
        *_opening(plan, rng),
        "I. MỤC ĐÍCH, YÊU CẦU",
        *[f"- {t}" for t in PURPOSES],
        "II. NHIỆM VỤ TRỌNG TÂM",
    ]
    lead_label, partner_label = rng.choice(_LEAD_LABELS), rng.choice(_PARTNER_LABELS)
    for number, section in enumerate(plan.sections, start=1):
        out.append(f"{number}. {section.title}")
        for index, task in enumerate(section.tasks):
            item = f"{LETTERS[index]}) {task.text}"
            if rng.random() < 0.3:
                item = "\n".join(textwrap.wrap(item, width=rng.randint(50, 70), break_long_words=False))
            fields = [f"- {_label(lead_label, rng, emphasis)} {task.lead}."]
            if task.partner and rng.random() < 0.9:
                fields.append(f"- {_label(partner_label, rng, emphasis)} {task.partner}.")
            if rng.random() < 0.9:
                fields.append(f"- {_label(rng.choice(_TIME_LABELS), rng, emphasis)} {task.time}.")
            joined = " ".join(fields) if rng.random() < 0.4 else "\n".join(fields)
            out.append(f"{item}\n{joined}")
    out += ["III. TỔ CHỨC THỰC HIỆN", CLOSING, *_signature(plan, rng)]
    return _join(out)
