"""Tasks whose assignment is written inline, in the plan's outline, instead of in a table.

    II. NHIỆM VỤ
    1. Cải cách thể chế
    a) Rà soát văn bản quy phạm pháp luật ...
    - Đơn vị chủ trì: Sở Tư pháp. - Đơn vị phối hợp: Các sở, ngành.
    - Thời gian thực hiện: Quý III/2026.

The text is read in three steps.

1. **Paragraphs** (``_paragraphs``). Hard-wrapped lines are joined. A paragraph ends at a blank line (or a
   table bar / rule line), before a line that starts an item ("II.", "1.", "1.2.", "a)", "-", "+", "•",
   "Nhiệm vụ 1:") or a capitalised label (also one wrapped over two lines: "Thời" / "gian thực hiện:"),
   after an emphasised heading's closing mark ("**3. ...**") and after the last line of a heading in
   capitals. docx and html readers give one paragraph per line.
2. **Outline** (``_Outline``). Items nest by their marker in the order the document introduces them: a
   marker already open closes the items opened after it; a number marker closed earlier goes back under the
   marker it was last placed under; a roman numeral closes everything. A labelled paragraph ("Cơ quan chủ
   trì: ...", vocabulary in ``ingest.labels``) is a field of its item; a label with a bulleted marker closes
   the items of that marker first (it is their sibling). An unbulleted label after a list of bullets
   belongs to the list's parent when the earlier bullets had none of their own (one time line shared by
   the bullets above it), else to the last bullet (one time line per duty). A label without a value takes
   the deeper bullets below it as its value, unless they are labels themselves (a sub-list of roles).
3. **Blocks** (``_Recogniser``): one task per assignment (lead, partners, time):
   - an item with a lead field, or with role phrases in the parentheses that end it ("... (Sở X chủ trì,
     Y phối hợp; hoàn thành Quý II)") or in its last sentence ("... . Giao Sở X chủ trì, phối hợp với Y
     thực hiện"); a lead value "X chủ trì, phối hợp với Y" gives lead X and partners
     Y, a duty sentence gives its subject ("X tiến hành ..."), ``ingest.assignment``; when the lead label's
     bullets are each a sentence with its own actor, each is a task with the item's text;
   - an item headed by an agency ("1.3. Sở Tài chính", "Trách nhiệm của X:") whose duty bullets carry their
     own time lines, or whose sibling headings' bullets do: one task per bullet, lead from the heading,
     partners named in the duty ("phối hợp với Y"); one task for all bullets when none has its own time;
     a bullet whose sub-items are labelled with their own agency ("+ Sở X: ...") gives one task per
     sub-item instead;
   - under a heading that names no agency, bullets that each start with their own agency ("- Sở X: duty
     ...") are tasks of that agency when they are most of its bullets;
   - in a list whose items mostly hold labelled blocks, an unlabelled sibling whose prose starts with an
     agency and a predicate ("Sở, ban, ngành ... có trách nhiệm ...") is a task of that agency.
   Agency headings, prose and roles written as words are never read under a "Tổ chức thực hiện",
   "Kinh phí", "Mục đích, yêu cầu" or "Mục tiêu" heading: those are duties of the plan's execution, not
   its tasks. An item with a partner field but no lead is reported (a finding), not read.

The task text is the item's own text; its "Nội dung" when the item is only a name and a number ("Hoạt
động 1"). Codes follow the outline's numbering ("II.5.1", "1.a", "1.2.3": bullets count from 1), with
the roman section dropped when every task shares it and keeps a two-level code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.assignment import (
    heading_agency,
    is_duty,
    labelled_agency,
    parenthesised_assignment,
    prose_partners,
    sentence_subject,
    split_assignment,
    trailing_assignment,
)
from ingest.builder import RecordBuilder, TableResult
from ingest.columns import roman_value
from ingest.labels import Field, fold_same_length, leading_field, read_fields, split_fields
from ingest.normalize.text import clean_cell, fold, nfc
from ingest.readers.source import SourceText
from ingest.records import Finding, Span

__all__ = ["fold_same_length", "read_inline_tasks", "split_fields"]

_MARKER = re.compile(
    r"^(?:(?P<roman>[IVXL]{1,6})\.|(?P<dotted>\d{1,2}(?:\.\d{1,2})+)\.?|(?P<arabic>\d{1,2})[.)]"
    r"|(?P<letter>[a-zđ])[).]|(?P<bullet>[-+•–—])"
    r"|(?:Nhiệm vụ|Hoạt động|Giải pháp|Dự án|Đề án|Chương trình) (?P<named>\d{1,2}|[IVX]{1,4})"
    r"\s*[.:)–-])(?=\s|$)"
)  # "II.", "1.", "1.2.", "a)", "-", "+", or a named number ("Nhiệm vụ 1:")
_BULLETS = ("-", "+", "•")
_RULE = re.compile(r"^(?:\||[-=_]{3,}|[*\s]+)$")  # table bars, rules, empty emphasis: paragraph breaks
_MD_HEADING = re.compile(r"^\s*#{1,6}\s*")
# Headings of the parts of a plan that assign no task: duties of "Tổ chức thực hiện", funding, aims.
_EXCLUDED_SECTION = re.compile(r"^(?:to chuc thuc hien|kinh phi|muc dich|yeu cau|muc tieu)\b")
_GENERIC_TITLE = re.compile(r"^\S+(?: \S+)? (?:\d{1,3}|[IVXL]{1,5})[.:]?$")


# --------------------------------------------------------------------------------------------------
# 1. Paragraphs
# --------------------------------------------------------------------------------------------------


@dataclass
class _Para:
    """One paragraph: its marker (roman, arabic, dotted2.., letter, "-", "+", "•" or "") and text."""

    marker: str
    num: str
    item: str
    text: str
    first: int
    last: int


def _start_of(line: str) -> str:
    """A raw line as its start reads: markdown heading marks, emphasis and escapes removed."""
    return nfc(_MD_HEADING.sub("", line).replace("*", "").replace("\\", "")).strip()


def _opens_paragraph(line: str, following: str) -> bool:
    """True when a line starts an item or a capitalised label (so it is not a wrapped continuation); a
    label may be wrapped onto the following line ("Thời" / "gian thực hiện: ...")."""
    start = _start_of(line)
    if not start:
        return False
    if _MARKER.match(start):
        return True
    return start[0].isupper() and leading_field(f"{start} {_start_of(following)}")


def _upper_letters(line: str) -> int:
    """The number of letters of a line written in capitals (0 when any letter is lower case)."""
    letters = [c for c in _start_of(line) if c.isalpha()]
    return len(letters) if all(c.isupper() for c in letters) else 0


def _ends_upper_heading(line: str, following: str) -> bool:
    """True for the last line of a heading written in capitals ("III. TỔ CHỨC THỰC HIỆN"), followed by a
    line that is not: the heading ends there even without a blank line."""
    return _upper_letters(line) >= 6 and _start_of(following) != "" and _upper_letters(following) == 0


def _closes_emphasis(lines: list[str]) -> bool:
    """True when the paragraph so far is one emphasised run ("**3. Heading\nwrapped**"): a heading,
    whatever follows it."""
    first, last = lines[0].lstrip(), lines[-1].rstrip()
    return first.startswith("*") and last.endswith("*") and "".join(lines).count("*") % 2 == 0


def _paragraphs(src: SourceText, start_line: int) -> list[_Para]:
    paras: list[_Para] = []
    lines: list[str] = []
    first = 0
    one_per_line = src.source_format != "text"  # docx and html readers give one line per paragraph

    def close(last: int) -> None:
        if lines:
            para = _parse_para(lines, first, last)
            if para is not None:
                paras.append(para)
        lines.clear()

    for lineno in range(max(1, start_line), len(src.lines) + 1):
        raw = src.lines[lineno - 1]
        stripped = raw.strip()
        if not stripped or _RULE.match(stripped):
            close(lineno - 1)
            continue
        if lines and (_opens_paragraph(raw, src.line(lineno + 1)) or stripped.startswith("#")):
            close(lineno - 1)
        if not lines:
            first = lineno
        lines.append(_MD_HEADING.sub("", raw))
        if one_per_line or _closes_emphasis(lines) or _ends_upper_heading(raw, src.line(lineno + 1)):
            close(lineno)
    close(len(src.lines))
    return _number_unnumbered_items(_join_bare_numbers(paras))


def _is_label_line(para: _Para) -> bool:
    """A paragraph that is only labels ("- Cơ quan chủ trì: Sở X")."""
    head, fields = read_fields(para.text)
    return bool(fields) and not head and para.marker in ("", "-", "+", "•")


def _is_plain_prose(para: _Para) -> bool:
    return not para.marker and not read_fields(para.text)[1]


def _number_unnumbered_items(paras: list[_Para]) -> list[_Para]:
    """Items whose numbers the word processor generated and the text lost: two or more unnumbered
    paragraphs in a row of blocks, each followed by its own labels ("Rà soát ..." / "- Cơ quan chủ trì:
    ..." / "Số hóa ..." / "- Cơ quan chủ trì: ..."), are numbered 1, 2... (a), b)... under an Arabic item)."""
    starts = [
        index
        for index, para in enumerate(paras[:-1])
        if _is_plain_prose(para) and _is_label_line(paras[index + 1])
    ]
    out = list(paras)
    run: list[int] = []
    for index in [*starts, len(paras)]:
        if run and index < len(paras) and all(_is_label_line(p) for p in paras[run[-1] + 1 : index]):
            run.append(index)
            continue
        if len(run) >= 2:
            _number_run(out, run)
        run = [index] if index < len(paras) else []
    return out


def _number_run(paras: list[_Para], run: list[int]) -> None:
    """Give the paragraphs at ``run`` the numbers of the level below the last numbered paragraph."""
    above = next((p.marker for p in reversed(paras[: run[0]]) if p.num), "roman")
    if above == "roman":
        kind, numbers = "arabic", [str(n) for n in range(1, len(run) + 1)]
    elif above == "arabic":
        kind, numbers = "letter", [f"{letter})" for letter in "abcdeghiklmnopqrstuvxy"[: len(run)]]
    else:
        return
    for index, number in zip(run, numbers, strict=False):
        para = paras[index]
        item = f"{number}." if kind == "arabic" else number
        paras[index] = _Para(kind, number.rstrip(")"), item, para.text, para.first, para.last)


def _join_bare_numbers(paras: list[_Para]) -> list[_Para]:
    """An item number alone ("1.", "a)": an HTML or Word list item whose number the reader wrote on its
    own line) takes the text of the unnumbered paragraph after it."""
    out: list[_Para] = []
    for para in paras:
        last = out[-1] if out else None
        if last and last.num and not last.text and not para.marker:
            out[-1] = _Para(last.marker, last.num, last.item, para.text, last.first, para.last)
            continue
        out.append(para)
    return out


def _parse_para(lines: list[str], first: int, last: int) -> _Para | None:
    text = clean_cell("\n".join(lines).replace("\\", ""))
    text = text.replace("*", "").strip()
    if not text:
        return None
    match = _MARKER.match(text)
    if match is None:
        return _Para("", "", "", text, first, last)
    rest = text[match.end() :].strip()
    kind = next(k for k in ("roman", "dotted", "arabic", "letter", "bullet", "named") if match[k] is not None)
    num = match[kind]
    if kind == "bullet":
        marker = "-" if num in "-–—" else num
        return _Para(marker, "", marker, rest, first, last)
    if kind == "roman" and roman_value(num) is None:  # the tables' Roman numbers: canonical, below 50
        return _Para("", "", "", text, first, last)
    marker = f"dotted{num.count('.')}" if kind == "dotted" else kind
    return _Para(
        marker, num, match.group().rstrip(".") if kind == "dotted" else match.group(), rest, first, last
    )


# --------------------------------------------------------------------------------------------------
# 2. Outline
# --------------------------------------------------------------------------------------------------


@dataclass
class _Value:
    """A labelled value; ``parts`` are the bullets (marker, text, last line) that follow an empty label."""

    role: str
    label: str
    text: str
    first: int
    last: int
    parts: list[tuple[str, str, int]] = field(default_factory=list)

    def joined(self) -> str:
        """The value with its bullets as printed ("+ A. + B"); agencies and products (lists) are joined
        by "; " instead."""
        if not self.parts:
            return self.text
        out = self.text
        for marker, text, _ in self.parts:
            if self.role in ("lead", "partner", "product", "budget"):
                out = f"{out.rstrip(' .;,')}; {text}" if out else text
            else:
                out = f"{out} {marker} {text}" if out else text
        return out.strip().rstrip(" .;,")

    @property
    def end(self) -> int:
        return max([self.last, *(last for _, _, last in self.parts)])


@dataclass
class _Node(_Para):
    """A paragraph in the outline: its parent and children, and the fields and prose read under it."""

    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)
    fields: list[_Value] = field(default_factory=list)
    prose: list[str] = field(default_factory=list)
    prose_last: int = 0  # the last line of its prose
    head: str = ""  # the text before any inline label

    def values(self, role: str) -> list[_Value]:
        return [value for value in self.fields if value.role == role]

    def has(self, role: str) -> bool:
        return any(value.role == role for value in self.fields)

    def siblings_before(self) -> list[_Node]:
        if self.parent is None:
            return []
        before = self.parent.children[: self.parent.children.index(self)]
        return [node for node in before if node.marker == self.marker]

    def bullets(self) -> list[_Node]:
        return [child for child in self.children if child.marker in _BULLETS]

    @property
    def end(self) -> int:
        return max([self.last, *(value.end for value in self.fields)])

    def ancestors(self) -> list[_Node]:
        out, node = [], self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out


class _Outline:
    """Builds the tree of items and their fields from paragraphs."""

    def __init__(self) -> None:
        self.root = _Node("root", "", "", "", 1, 1)
        self.stack: list[_Node] = [self.root]
        self.holder: _Value | None = None  # a label whose value is the bullets below it
        self.holder_depth = 0  # stack depth of the holder's owner
        self.holder_marker = ""
        self.parent_marker: dict[str, str] = {}  # marker -> the marker of its parent when last placed

    def add(self, para: _Para) -> None:
        head, fields = read_fields(para.text)
        if fields and not head:
            self._fields(para, fields)
        elif self.holder is not None and self._inside_holder(para.marker):
            self.holder.parts.append((para.marker, para.text, para.last))
        elif para.marker:
            self._item(para, head, fields)
        else:
            self._close_holder()
            self.stack[-1].prose.append(para.text)
            self.stack[-1].prose_last = para.last

    def _inside_holder(self, marker: str) -> bool:
        """True when a paragraph with ``marker`` continues the value of the open label."""
        if marker in ("roman", "arabic") or marker.startswith("dotted"):
            return False
        if marker == self.holder_marker:
            return False
        return marker not in [node.marker for node in self.stack[1 : self.holder_depth + 1]]

    def _close_holder(self) -> None:
        self.holder = None

    def _item(self, para: _Para, head: str, fields: list[Field]) -> None:
        self._close_holder()
        self._pop_to(para.marker, include_same=True)
        node = _Node(para.marker, para.num, para.item, para.text, para.first, para.last, self.stack[-1])
        node.head = head
        self.stack[-1].children.append(node)
        self.parent_marker[para.marker] = self.stack[-1].marker
        self.stack.append(node)
        for value in fields:
            node.fields.append(_Value(value.role, value.label, value.value, para.first, para.last))
        if not node.has("lead"):
            self._roles_in_text(node, para)

    @staticmethod
    def _roles_in_text(node: _Node, para: _Para) -> None:
        """Roles written as words, not labels: in the parentheses that end the item ("Task (Sở X chủ trì,
        Y phối hợp; hoàn thành Quý II/2026)") or in its last sentence ("Task. Giao Sở X chủ trì, phối
        hợp với Y"). Their fields have no label."""
        roles = parenthesised_assignment(node.head)
        if roles is None:
            trailing = trailing_assignment(node.head)
            roles = (*trailing, "") if trailing is not None else None
        if roles is None:
            return
        node.head = roles[0]
        for role, text in zip(("lead", "partner", "time"), roles[1:], strict=True):
            if text and not node.has(role):
                node.fields.append(_Value(role, "", text, para.first, para.last))

    def _pop_to(self, marker: str, include_same: bool) -> None:
        """Close the items at ``marker``'s level and below (a roman numeral closes everything). A marker
        closed earlier returns to the level it had: under the marker it was placed under last."""
        if marker == "roman":
            del self.stack[1:]
            self.parent_marker.clear()
            return
        if marker == "arabic" or marker.startswith("dotted"):
            while len(self.stack) > 1 and self.stack[-1].marker in _BULLETS:
                self.stack.pop()  # a numbered item never sits under a bullet ("Kính gửi:" list, notes)
        markers = [node.marker for node in self.stack]
        if marker in markers[1:]:
            index = markers.index(marker, 1)
            del self.stack[index if include_same else index + 1 :]
            return
        parent = self.parent_marker.get(marker)
        if marker not in _BULLETS and parent not in (None, "root") and parent in markers:
            del self.stack[markers.index(parent) + 1 :]

    def _fields(self, para: _Para, fields: list[Field]) -> None:
        if self.holder is not None and para.marker and self._inside_holder(para.marker):
            owner = self.stack[self.holder_depth]  # a sub-list of roles under one label
        else:
            self._close_holder()
            if para.marker:
                self._pop_to(para.marker, include_same=True)
            else:
                self._climb(fields[0].role)
            owner = self.stack[-1]
        for value in fields:
            owner.fields.append(_Value(value.role, value.label, value.value, para.first, para.last))
        last = fields[-1]
        if not last.value and self.holder is None:
            self.holder = owner.fields[-1]
            self.holder_depth = len(self.stack) - 1
            self.holder_marker = para.marker

    def _climb(self, role: str) -> None:
        """An unbulleted label after a list belongs to the list's parent when the earlier items of the
        list did not each get their own (one time line shared by the bullets above it)."""
        while len(self.stack) > 2 and self.stack[-1].marker in _BULLETS:
            node = self.stack[-1]
            before = node.siblings_before()
            if not before or any(sibling.has(role) for sibling in before):
                return
            self.stack.pop()


# --------------------------------------------------------------------------------------------------
# 3. Blocks
# --------------------------------------------------------------------------------------------------


@dataclass
class _Task:
    path: list[str]  # code parts
    item: str
    text: str
    lead: str
    partner: str
    time: str
    span: Span
    nodes: list[_Node]  # the outline nodes from the outermost heading down to the task
    product: str = ""
    budget: str = ""
    note: str = ""


def _value(node: _Node, role: str) -> str:
    return "; ".join(v.joined() for v in node.values(role) if v.joined())


def _inherited(node: _Node, role: str) -> str:
    """The node's own value of ``role``, else the nearest heading's (never one read before the first
    heading: a preamble's "Thời gian: ..." is no task's)."""
    for candidate in [node, *node.ancestors()]:
        if candidate.marker == "root":
            break
        text = _value(candidate, role)
        if text:
            return text
    return ""


def _title(node: _Node) -> str:
    """The task text: the item's own text (without inline labels), or its "Nội dung" when the item's
    title is only a name and number ("Hoạt động 1") or missing."""
    title = node.head.strip().rstrip(".").strip()
    content = _value(node, "content").strip()
    if content and (not title or _GENERIC_TITLE.match(title)):
        return content
    if not title:
        return " ".join(b.text for b in node.bullets())
    return title


def _excluded(node: _Node) -> bool:
    """True under a "Tổ chức thực hiện" / "Kinh phí" / "Mục đích, yêu cầu" heading."""
    for heading in [node, *node.ancestors()]:
        text = fold(heading.head or heading.text)
        if heading.marker != "root" and len(text.split()) <= 8 and _EXCLUDED_SECTION.match(text):
            return True
    return False


def _number(node: _Node) -> str:
    """The node's code part: its number, or its position among its parent's bullets of its kind."""
    if node.num:
        return node.num
    if node.parent is None:
        return "1"
    same = [n for n in node.parent.children if n.marker == node.marker]
    return str(same.index(node) + 1)


def _path(node: _Node) -> list[str]:
    """Code parts from the outermost numbered ancestor ("1", "1.2" -> "1.2": a dotted number carries its
    parent's)."""
    parts: list[str] = []
    for step in reversed([node, *node.ancestors()]):
        if step.marker == "root":
            continue
        number = _number(step)
        if parts and number.startswith(parts[-1] + "."):
            parts[-1] = number
        else:
            parts.append(number)
    return parts


class _Recogniser:
    """Walks the outline and emits one _Task per assignment."""

    def __init__(self) -> None:
        self.tasks: list[_Task] = []
        self.findings: list[Finding] = []

    def visit(self, node: _Node) -> None:
        if node.has("partner") and not node.has("lead"):
            code = ".".join(_path(node))
            message = f"item {code} names partner agencies but no lead agency; it was not read as a task"
            self.findings.append(Finding("other", message, node.first, subject=code))
        if node.has("lead") and node.marker != "root":
            if all(not value.label for value in node.values("lead")) and _excluded(node):
                return  # roles in words under "Tổ chức thực hiện": a duty of the plan's execution
            self._labelled(node)
            for child in node.children:
                if child.has("lead"):
                    self.visit(child)
            return
        self._siblings_from_prose(node)
        handled = self._agency_bullets(node)
        for child in node.children:
            if child in handled:
                continue
            if self._agency_heading(child):
                self._duties(child)
            else:
                self.visit(child)

    # -- labelled blocks -------------------------------------------------------------------------

    def _labelled(self, node: _Node) -> None:
        text = _title(node)
        partner = _inherited(node, "partner")
        assignments = self._assignments(node)
        for index, (lead, own_partner) in enumerate(assignments):
            path = _path(node)
            if len(assignments) > 1:
                path = [*path, str(index + 1)]
            partners = "; ".join(p for p in (own_partner, partner) if p)
            self._emit(node, path, text, lead, partners, _inherited(node, "time"), node.end)

    def _assignments(self, node: _Node) -> list[tuple[str, str]]:
        """(lead, partners) pairs of the node's lead fields: one per bullet that names its own actor,
        and one for the rest together."""
        separate: list[tuple[str, str]] = []
        merged: list[tuple[str, str]] = []
        for value in node.values("lead"):
            duties = [text for _, text, _ in value.parts if is_duty(text)]
            if len(duties) >= 2 and len(duties) == len(value.parts):  # each bullet its own sentence
                separate += [pair for pair in map(split_assignment, duties) if pair[0]]
            elif value.joined():
                merged.append(split_assignment(value.joined()))
        lead = "; ".join(lead for lead, _ in merged if lead)
        partner = "; ".join(partner for _, partner in merged if partner)
        return separate + ([(lead, partner)] if lead else [])

    # -- agency headings -------------------------------------------------------------------------

    def _agency_heading(self, node: _Node) -> bool:
        """A heading naming an agency whose duty bullets (or its siblings') carry their own times."""
        if node.marker in _BULLETS or node.has("lead") or not node.bullets() or _excluded(node):
            return False
        if heading_agency(node.text) is None or any(b.has("lead") for b in node.bullets()):
            return False
        if self._timed(node):
            return True
        siblings = [n for n in (node.parent.children if node.parent else []) if n.marker == node.marker]
        return any(
            self._timed(s) and heading_agency(s.text) is not None and not s.has("lead") for s in siblings
        )

    @staticmethod
    def _timed(node: _Node) -> bool:
        return node.has("time") or any(b.has("time") for b in node.bullets())

    def _duties(self, node: _Node) -> None:
        lead = heading_agency(node.text) or ""
        bullets = node.bullets()
        own_time = _value(node, "time")
        if not any(b.has("time") for b in bullets):
            text = " - ".join(_duty_text(b) for b in bullets)
            end = max(node.end, *(b.end for b in bullets))
            self._emit(node, _path(node), text, lead, prose_partners(text), own_time, end)
            return
        for bullet in bullets:
            time = _value(bullet, "time") or own_time
            labelled = _agency_labelled(bullet.children)
            if len(labelled) >= 2:
                self._agency_items(labelled, time)
                continue
            text = _duty_text(bullet)
            self._emit(bullet, _path(bullet), text, lead, prose_partners(text), time, bullet.end)

    # -- bullets labelled with their agency --------------------------------------------------------

    def _agency_bullets(self, node: _Node) -> list[_Node]:
        """Bullets that each start with their own agency ("- Sở X: duty ...") under a heading that names
        none: when they are most of its bullets, each is a task of its agency."""
        bullets = node.bullets()
        labelled = _agency_labelled(bullets)
        if node.marker == "root" or len(labelled) < 2 or 2 * len(labelled) < len(bullets) or _excluded(node):
            return []
        self._agency_items(labelled, _inherited(node, "time"))
        return labelled

    def _agency_items(self, items: list[_Node], time: str) -> None:
        for item in items:
            label, duty = labelled_agency(item.head) or ("", "")
            lead, partner = split_assignment(label)
            partners = "; ".join(p for p in (partner, prose_partners(duty)) if p)
            text = item.head.strip().rstrip(".")
            self._emit(item, _path(item), text, lead, partners, _value(item, "time") or time, item.end)

    # -- prose siblings ----------------------------------------------------------------------------

    def _siblings_from_prose(self, node: _Node) -> None:
        """In a list of labelled blocks, an unlabelled sibling whose prose starts with its agency."""
        items = [c for c in node.children if c.marker not in _BULLETS]
        labelled = [c for c in items if _holds_lead(c)]
        if len(labelled) < 2 or 2 * len(labelled) < len(items):
            return
        for child in items:
            if child.fields or child.children or not child.prose or _excluded(child):
                continue
            lead = sentence_subject(child.prose[0])
            if lead:
                end = max(child.end, child.prose_last)
                self._emit(child, _path(child), _title(child), lead, prose_partners(child.prose[0]), "", end)

    # -- output ------------------------------------------------------------------------------------

    def _emit(
        self, node: _Node, path: list[str], text: str, lead: str, partner: str, time: str, end: int
    ) -> None:
        nodes = [n for n in reversed([node, *node.ancestors()]) if n.marker != "root"]
        task = _Task(
            path, node.item, text, lead, partner, time, Span(node.first, max(end, node.first)), nodes
        )
        task.product = _inherited(node, "product")
        task.budget = _inherited(node, "budget")
        task.note = _value(node, "note")
        self.tasks.append(task)


def _holds_lead(node: _Node) -> bool:
    """True when the item or one of its sub-items has a lead field."""
    return node.has("lead") or any(_holds_lead(child) for child in node.children)


def _agency_labelled(nodes: list[_Node]) -> list[_Node]:
    """The items that start with an agency and a colon ("Sở X: hướng dẫn ...") and carry no lead label."""
    found = []
    for node in nodes:
        labelled = labelled_agency(node.head)
        if labelled is not None and len(labelled[1].split()) >= 3 and not node.has("lead"):
            found.append(node)
    return found


def _duty_text(bullet: _Node) -> str:
    """A duty bullet's text with its sub-items, without its labels."""
    text = bullet.head.strip()
    subs = " ".join(f"{c.marker} {c.text}" for c in bullet.children)
    return f"{text} {subs}".strip()


# --------------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------------


def read_inline_tasks(src: SourceText, start_line: int = 1) -> TableResult:
    """Tasks (with their inline lead/partner/time/product/budget fields) from ``start_line`` on."""
    outline = _Outline()
    for para in _paragraphs(src, start_line):
        outline.add(para)
    recogniser = _Recogniser()
    recogniser.visit(outline.root)
    tasks = sorted(recogniser.tasks, key=lambda task: task.span.first)  # document order
    build = RecordBuilder()
    build.result.findings.extend(recogniser.findings)
    if not tasks:
        return build.result
    strip = _common_roman(tasks)
    declared: set[str] = set()
    for task in tasks:
        code = ".".join(task.path[1:] if strip else task.path)
        section = ""
        heads = task.nodes[1:] if strip else task.nodes
        if "." in code and heads:
            section = code.split(".")[0]
            if section not in declared:
                declared.add(section)
                build.section(section, heads[0].head or heads[0].text, Span(heads[0].first, heads[0].last))
        cells = {
            "task": task.text,
            "lead": task.lead,
            "partner": task.partner,
            "time": task.time,
            "product": task.product,
            "budget": task.budget,
            "note": task.note,
        }
        build.task(code, task.item, section, None, task.span, cells)
    first = min(t.span.first for t in tasks)
    last = max(t.span.last for t in tasks)
    build.result.table_spans.append(Span(first, last))
    return build.result


def _common_roman(tasks: list[_Task]) -> bool:
    """True when every task sits in the same roman section and keeps a two-level code without it."""
    if len({t.path[0] for t in tasks}) != 1 or not all(
        t.nodes and t.nodes[0].marker == "roman" for t in tasks
    ):
        return False
    return all("." in ".".join(t.path[1:]) for t in tasks)
