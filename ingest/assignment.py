"""Who does a task, read from the words of an inline assignment: where role phrases in one value end, the
agency subject of a duty sentence, partners named in a duty, the agency a heading names.

Vietnamese plans write an assignment in several general forms:

- "X chủ trì, phối hợp với Y" (lead X, partners Y), "X phối hợp Y" in a label, "X chủ trì" alone: the
  value is kept whole up to where the roles end, and ``ingest.agencies.parse_roles`` tells lead from
  partners, as it does in a table's lead cell ("Y phối hợp" alone is a partner value);
- a duty sentence whose subject is the actor: "X tiến hành rà soát ...; Y rà soát ..." (leads X and Y);
- a heading naming the actor of the duties below it: "Sở Tài chính:", "Trách nhiệm của X:".

The end of an agency name in a sentence is the first predicate written in lower case: names capitalise
their words ("Sở Xây dựng", "Ban Tổ chức"), predicates do not ("Sở Xây dựng đăng tải ...").
"""

from __future__ import annotations

import re

from ingest.labels import fold_same_length
from ingest.normalize.text import collapse_spaces, fold

# Predicates that end an agency name in a sentence (folded, lower case in the text).
_PREDICATES = (
    "chu tri", "phoi hop", "chu dong", "co trach nhiem", "chiu trach nhiem", "tham muu", "thuc hien",
    "tien hanh", "to chuc", "trien khai", "ra soat", "huong dan", "xay dung", "ban hanh", "dang tai",
    "bao cao", "tong hop", "theo doi", "kiem tra", "gui", "cap nhat", "phu trach", "de xuat",
    "lam dau moi", "dam bao", "bao dam", "tiep tuc", "duy tri", "phat hanh", "cung cap", "bo tri",
    "giup", "tham gia", "nghien cuu", "danh gia", "tuyen truyen", "pho bien", "dong gui",
    "quan triet", "don doc", "giam sat", "phan cong", "chi dao", "dieu hanh", "can cu", "khan truong",
    "tap trung", "uu tien", "ung dung", "hoan thanh", "hoan thien", "sua doi", "tiep nhan",
    "bo sung", "cong bo", "cong khai",
)  # fmt: skip
# Words after which a partner list ends ("phối hợp với X trong việc ...").
_CONNECTORS = ("trong", "de", "nham", "ve viec", "theo", "khi", "tai", "doi voi")
_PREDICATE = re.compile(r"\b(?:" + "|".join(_PREDICATES) + r")\b")
_CONNECTOR = re.compile(r"\b(?:" + "|".join(_CONNECTORS) + r")\b")

# First words of an agency or office holder, each with the lower-case words that may follow it ("Cơ quan",
# "Ủy ban", "Bảo hiểm", "Trung tâm"). A capitalised second word also makes a name ("Sở Tư pháp", "Ban Dân
# tộc", "Trưởng Ban"), a lower-case one not listed does not ("Ban hành", "Báo cáo", "Bổ sung", "Hội nghị").
# "*" accepts any second word (abbreviations).
_AGENCY_HEADS: dict[str, frozenset[str]] = {
    word: frozenset(nexts.split())
    for word, nexts in (
        ("so", "nganh"), ("ban", "chi quan to dan tuyen thuong nhan chap kinh noi van"),
        ("bo", "doi chi nganh"), ("uy", "ban"), ("hoi", "dong lien nong cuu chu nguoi doanh luat phu"),
        ("cuc", "thue thong hai quan"), ("phong", "kinh van noi tai giao y tu canh quan cong"),
        ("vien", "kiem"), ("dai", "phat truyen tieng"),
        ("bao", "hiem"), ("benh", "vien"), ("truong", "ban phong doan khoa"), ("cong", "an ty doan"),
        ("chi", "cuc nhanh hoi bo doan"), ("doan", "kiem thanh dai cong lien"), ("co", "quan"), ("don", "vi"),
        ("to", "cong kiem giup"), ("trung", "tam uong"), ("van", "phong"), ("thanh", "uy doan tra"),
        ("tinh", "uy doan"), ("thu", "truong tuong"), ("chu", "tich"), ("giam", "doc"), ("nguoi", "dung"),
        ("lanh", "dao"), ("quan", "uy doi khu"), ("tong", "cuc cong giam"), ("thong", "tan"), ("dang", "uy"),
        ("doanh", "nghiep"), ("mat", "tran"), ("lien", "doan minh"), ("ngan", "hang"), ("kho", "bac"),
        ("pho", "chu giam truong thu"), ("hop", "tac"), ("nha", "xuat truong"), ("buu", "dien"),
        ("hiep", "hoi"), ("toa", "an"), ("ubnd", "*"), ("hdnd", "*"), ("ubmttq", "*"), ("mttq", "*"),
        ("ttxvn", "*"), ("bhxh", "*"), ("vp", "*"), ("bql", "*"), ("bch", "*"), ("ttpvhcc", "*"),
    )
}  # fmt: skip
_COLLECTIVES = frozenset(["cac", "nhung", "moi"])  # "các sở", "những cơ quan", "mọi tổ chức"
_COLLECTIVE_NEXT = frozenset(
    ["nganh", "dia", "xa", "phuong", "huyen", "tinh", "thanh", "doi", "thu", "nguoi", "lanh", "chu", "giam"]
)  # after "các": an agency head or one of these ("các ngành", "các địa phương")
_CAPITAL_HEADS = frozenset(["so", "bo", "ban", "cuc", "phong", "vien", "dai", "benh"])
_LIST_HEADS = frozenset(["so", "ban", "bo", "nganh", "co", "don"])  # "Sở, ban, ngành", "Bộ, ngành"
_LEADING_ROLE = re.compile(r"^(?:trach nhiem|nhiem vu)(?: cua| doi voi)?\s+")
_ADDRESSED = re.compile(r"^(?:doi voi|giao|de nghi)\s+")  # "Đối với Sở X:", "Giao Sở X:"
_INCLUDING_TOO = re.compile(r"\s*\((?:bao gom|gom|ke ca) ca\s+(?P<more>[^()]+)\)")


def _is_agency_start(text: str) -> bool:
    """True when ``text`` starts with the first word(s) of an agency or office holder."""
    words = re.findall(r"[^\W\d_]+|,", text)[:3]
    if not words:
        return False
    head = fold(words[0])
    if head in _COLLECTIVES:
        rest = text[text.find(words[0]) + len(words[0]) :]
        return len(words) > 1 and (fold(words[1]) in _COLLECTIVE_NEXT or _is_agency_start(rest))
    nexts = _AGENCY_HEADS.get(head)
    if nexts is None:
        return False
    if "*" in nexts:
        return True
    if len(words) < 2:
        return head in _LIST_HEADS
    second = words[1]
    if second == ",":
        return head in _LIST_HEADS
    if text[:60].isupper():  # a heading in capitals: the words tell, not their case
        pair = f"{head} {fold(second)}"
        return fold(second) in nexts or (head in _CAPITAL_HEADS and not _PREDICATE.match(pair))
    if fold(second) == "va" and len(words) > 2 and words[2][0].isupper():
        return True  # "Báo và Đài Phát thanh - Truyền hình"
    return second[0].isupper() or fold(second) in nexts


def _first_predicate(text: str, folded: str, start: int = 0) -> re.Match[str] | None:
    """The first predicate at or after ``start`` that is written in lower case and is not part of a noun
    ("cơ quan tham mưu", "đơn vị thực hiện" name bodies by their role)."""
    for match in _PREDICATE.finditer(folded, start):
        if not text[match.start()].islower() or _ROLE_NOUN.search(folded, 0, match.start()):
            continue
        if match.group() == "to chuc" and _LISTED_NOUN.search(folded, 0, match.start()):
            continue  # "các cơ quan, tổ chức": organisations, not "to organise"
        return match
    return None


_ROLE_NOUN = re.compile(r"\b(?:co quan|don vi|bo phan)(?: quan)? $")
_LISTED_NOUN = re.compile(r"(?:,|\b(?:cac|nhung|moi|va|hoac))\s*$")


def _clean(text: str) -> str:
    return collapse_spaces(text).strip(" ,;:.-–")


def sentence_subject(text: str) -> str | None:
    """The agency a duty sentence starts with ("Sở Xây dựng đăng tải ..." -> "Sở Xây dựng"), or None
    when the sentence does not start with an agency followed by a predicate."""
    text = text.strip()
    if not _is_agency_start(text):
        return None
    folded = fold_same_length(text)
    predicate = _first_predicate(text, folded)
    if predicate is None or predicate.start() == 0:
        return None
    subject = _clean(text[: predicate.start()])
    return subject if subject and len(subject.split()) <= 40 else None


def is_duty(text: str) -> bool:
    """True when ``text`` is a sentence or role phrase with its own actor ("Sở X chủ trì, ...", "Sở Y
    đăng tải ..."), not a bare agency name."""
    return sentence_subject(text) is not None


def _list_end(text: str, folded: str, start: int, skip: tuple[str, ...] = ()) -> int:
    """Where a list of agencies from ``start`` ends: at the next predicate (other than those in ``skip``),
    connector or sentence break."""
    end = len(text)
    predicate = _first_predicate(text, folded, start)
    while predicate is not None and predicate.group() in skip:
        predicate = _first_predicate(text, folded, predicate.end())
    if predicate is not None:
        end = predicate.start()
    for match in _CONNECTOR.finditer(folded, start, end):
        if text[match.start()].islower():
            end = match.start()
            break
    stop = re.search(r"[.:(]", text[start:end])
    if stop:
        end = start + stop.start()
    return end


def _partner_list(text: str, folded: str, start: int) -> str:
    """The agencies from ``start`` up to the next predicate, connector or sentence break."""
    return _clean(text[start : _list_end(text, folded, start)])


_ROLE_WORDS = ("chu tri", "phoi hop")


def split_assignment(value: str) -> tuple[str, str]:
    """(lead, partners) of a lead value, clause by clause (split on ";"): a clause of role phrases ("X chủ
    trì, phối hợp với Y", "X phối hợp Y") is kept as the lead value, cut where the roles end, for
    ``ingest.agencies.parse_roles`` to split as it splits a table's lead cell; one that only names partners
    ("Y phối hợp") is a partner value; a duty sentence ("X tiến hành ...; Y rà soát ...") gives its
    subject as lead and the partners it names ("phối hợp với Z"); a plain list of agencies is all lead."""
    leads: list[str] = []
    partners: list[str] = []
    for clause in re.split(r";\s*", value):
        clause = clause.strip()
        if not clause:
            continue
        lead, partner = _split_clause(clause)
        if lead:
            leads.append(lead)
        if partner:
            partners.append(partner)
    return "; ".join(leads), "; ".join(partners)


def _split_clause(clause: str) -> tuple[str, str]:
    folded = fold_same_length(clause)
    predicate = _first_predicate(clause, folded)
    if predicate is None:
        return _clean(clause), ""
    subject = _clean(clause[: predicate.start()])
    if not subject or not _is_agency_start(subject):
        return _clean(clause), ""
    if predicate.group() not in _ROLE_WORDS:
        return subject, prose_partners(clause)
    if predicate.group() == "phoi hop":
        after = re.match(r"\s*(?:voi\s+)?", folded[predicate.end() :])
        if not _is_agency_start(clause[predicate.end() + (after.end() if after else 0) :]):
            return "", subject  # "Y phối hợp": Y is a partner
    roles = clause[: _list_end(clause, folded, predicate.start(), _ROLE_WORDS)]
    return _clean(roles), ""


def prose_partners(text: str) -> str:
    """Partners named inside a duty sentence: "... phối hợp với X hướng dẫn ..." -> "X" ("; "-joined)."""
    folded = fold_same_length(text)
    found = []
    for match in re.finditer(r"\bphoi hop voi\s+", folded):
        start = match.end()
        if _is_agency_start(text[start:]):
            partner = _partner_list(text, folded, start)
            if partner and partner not in found:
                found.append(partner)
    return "; ".join(found)


def heading_agency(title: str) -> str | None:
    """The actor a heading names ("Sở Tài chính:", "Trách nhiệm của các cơ quan X (bao gồm cả Y):" ->
    "các cơ quan X; Y"), or None when the heading does not start with an agency or office holder."""
    text = _clean(title)
    role = _LEADING_ROLE.match(fold_same_length(text))
    if role is not None:
        text = text[role.end() :]  # "Trách nhiệm của X": X is the actor, whatever its words
    else:
        addressed = _ADDRESSED.match(fold_same_length(text))
        text = text[addressed.end() :] if addressed is not None else text
        if not _is_agency_start(text) or _first_predicate(text, fold_same_length(text)) is not None:
            return None
    if not text or len(text.split()) > 40:
        return None
    folded = fold_same_length(text)
    including = _INCLUDING_TOO.search(folded)
    if including is not None:
        text = f"{text[: including.start()]}; {text[including.start('more') : including.end('more')]}"
    return _clean(text)


def labelled_agency(text: str) -> tuple[str, str] | None:
    """ "Sở Xây dựng: hướng dẫn ..." -> ("Sở Xây dựng", "hướng dẫn ..."): an item that starts with the
    agency doing it and a colon; None otherwise."""
    colon = text.find(":")
    if colon <= 0 or colon > 200:
        return None
    label = text[:colon].strip()
    if not _is_agency_start(label) or ("(" in label and ")" not in label):
        return None
    folded = fold_same_length(label)
    predicate = _first_predicate(label, folded)
    if predicate is not None and predicate.group() not in ("phoi hop", "chu tri"):
        return None
    return label, text[colon + 1 :].strip()


_TIME_CLAUSE = re.compile(
    r"^(?:thoi gian|thoi han|hoan thanh|truoc ngay|trong (?:nam|quy|thang)|quy [ivx]+|nam 20\d\d|thang \d"
    r"|hang (?:nam|quy|thang)|thuong xuyen|giai doan)"
)


def parenthesised_assignment(text: str) -> tuple[str, str, str, str] | None:
    """ "Rà soát quy chế (Sở Nội vụ chủ trì, các sở phối hợp; hoàn thành trong Quý II/2026)" ->
    ("Rà soát quy chế", "Sở Nội vụ chủ trì, các sở phối hợp", "", "hoàn thành trong Quý II/2026"): the
    item's text, lead value, partner value (see ``split_assignment``) and time of an assignment written as
    role phrases in the parentheses that end an item; None when they name no lead ("... chủ trì")."""
    text = text.rstrip(" .;")
    if text.count("(") == text.count(")") + 1:  # closed after a label that was read apart
        text += ")"
    if not text.endswith(")"):
        return None
    depth, start = 0, -1
    for index in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[index], 0)
        if depth == 0:
            start = index
            break
    if start <= 0:
        return None
    leads, partners, times = [], [], []
    for clause in re.split(r";\s*", text[start + 1 : -1]):
        clause = clause.strip(" ,.")
        folded = fold(clause)
        if _TIME_CLAUSE.match(folded):
            times.append(re.sub(r"^[^:]{0,40}:\s*", "", clause) if ":" in clause[:40] else clause)
            continue
        if not _is_agency_start(clause):
            return None
        lead, partner = _split_clause(clause)
        if lead and not _first_predicate(clause, fold_same_length(clause)):
            return None  # a bare list of names in parentheses says nothing about roles
        leads += [lead] if lead else []
        partners += [partner] if partner else []
    if not leads or not re.search(r"\bchu tri\b", fold(text[start:])):
        return None
    return text[:start].strip(" ,.;-"), "; ".join(leads), "; ".join(partners), "; ".join(times)


def trailing_assignment(text: str) -> tuple[str, str, str] | None:
    """ "Rà soát quy chế. Giao Sở Nội vụ chủ trì, phối hợp với các sở thực hiện" -> ("Rà soát quy chế",
    "Sở Nội vụ chủ trì, phối hợp với các sở", ""): text, lead value and partner value (see
    ``split_assignment``) of an item whose last sentence puts an agency in charge ("... chủ trì"); None
    otherwise."""
    text = text.rstrip(" .;")
    breaks = [m.end() for m in re.finditer(r"[.;]\s+(?=[A-ZĐÀ-Ỹ])", text)]
    if not breaks:
        return None
    head, sentence = text[: breaks[-1]].rstrip(" .;"), text[breaks[-1] :]
    sentence = re.sub(r"^Giao\s+", "", sentence)
    if not head or not _is_agency_start(sentence):
        return None
    predicate = _first_predicate(sentence, fold_same_length(sentence))
    if predicate is None or predicate.group() != "chu tri":
        return None
    lead, partner = _split_clause(sentence)
    return (head, lead, partner) if lead else None
