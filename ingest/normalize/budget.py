"""Budget cells ("kinh phí dự kiến") and their funding notes ("ghi chú") -> :class:`BudgetValue`.

Amounts: "50triệu/ huyện", "05tr/kỳ", "05 triệu/tháng", "40 tr", "80 triệu đồng", "1,5 tỷ",
"500.000.000 đồng", "200 nghìn". Units are notations of the budget-unit scheme; funding sources are
notations of the funding-source scheme (ontology/schemes.ttl).

Choices: a bare number with no multiplier and no "đồng" is read as VND only from 100 000 up (smaller
ones would be millions written without "triệu", which the text does not say) and otherwise gives no
amount. In "1.5" / "1,5" one separator followed by other than three digits is a decimal mark; groups
of three digits are thousands separators ("500.000.000", "1.500 triệu").
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ingest.normalize.dates import clean_text
from ingest.normalize.text import collapse_spaces, fold, nfc, strip_markup
from ingest.records import BudgetValue

_MULTIPLIERS = {"ty": 10**9, "ti": 10**9, "trieu": 10**6, "tr": 10**6, "nghin": 10**3, "ngan": 10**3}
_CURRENCY = r"(?:dong|vnd|d)\b"
_AMOUNT = re.compile(
    r"(?<![\w.,])(?P<number>\d+(?:[.,]\d+)*)\s*"
    r"(?:(?P<mult>ty|ti|trieu|tr|nghin|ngan)(?![a-z])\.?\s*)?"
    rf"(?P<currency>{_CURRENCY})?"
    r"(?:\s*(?:/|moi\b|mot\b)\s*(?P<per>[a-z]+(?: [a-z]+)?))?"
)
_BARE_VND_MIN = 100_000

_UNITS = {
    "huyen": "per-district",
    "ky": "per-issue",
    "so": "per-issue",
    "thang": "per-month",
    "nam": "per-year",
}

# (pattern on folded text, funding notation); order is the order notations are reported in.
_FUNDING = (
    (re.compile(r"\bkinh phi tu chu\b"), "Kinh phí tự chủ"),
    (re.compile(r"\bkinh phi kiem tra\b"), "Kinh phí kiểm tra"),
    (re.compile(r"^theo (?:ke hoach|kh|de an|huong dan|quy dinh)\b"), "Theo kế hoạch"),
    (re.compile(r"\b(?:ns|ngan sach)(?: cap)? nha nuoc\b"), "NS nhà nước"),
    (re.compile(r"\b(?:ns|ngan sach)(?: cap)? tinh\b"), "NS tỉnh"),
    (re.compile(r"\b(?:ns|ngan sach)(?: cap)? huyen\b"), "NS huyện"),
)


def _number(raw: str) -> Decimal | None:
    """Read "1,5", "1.5", "500.000.000", "05" as a number (see the module notes on separators)."""
    groups = re.split(r"[.,]", raw)
    if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]):
        digits = "".join(groups)
    elif len(groups) == 2:
        digits = f"{groups[0]}.{groups[1]}"
    elif len(groups) == 1:
        digits = raw
    else:
        return None
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def _unit(per: str | None) -> str:
    if per is None:
        return "total"
    word = per.split()[0]
    return _UNITS.get(word, "per-unit")


def _amount(folded: str) -> tuple[int | None, str]:
    """The first amount in a folded cell, in VND, and its unit notation."""
    for match in _AMOUNT.finditer(folded):
        value = _number(match.group("number"))
        if value is None:
            continue
        multiplier = match.group("mult")
        if multiplier:
            value *= _MULTIPLIERS[multiplier]
        elif not match.group("currency") and value < _BARE_VND_MIN:
            continue
        return int(value), _unit(match.group("per"))
    return None, "total"


def funding_sources(text: str) -> tuple[str, ...]:
    """Funding-source notations named in a cell ("NS Tỉnh" -> "NS tỉnh", "Theo Đề án" -> "Theo kế hoạch")."""
    folded = fold(strip_markup(text)).strip(" .,;:")
    return tuple(notation for pattern, notation in _FUNDING if pattern.search(folded))


def parse_budget(amount_text: str, note_text: str = "") -> BudgetValue:
    """Normalise a budget cell and its note cell; never raises.

    ``text`` keeps the amount cell as written (markup removed, spaces collapsed). Funding comes from the
    amount cell first ("Kinh phí tự chủ", "Theo Đề án"), then from the note ("NS tỉnh"), without repeats.
    """
    text = collapse_spaces(nfc(strip_markup(amount_text)))
    folded = fold(clean_text(text))
    amount, unit = _amount(folded)
    funding: list[str] = []
    for notation in funding_sources(text) + funding_sources(clean_text(note_text)):
        if notation not in funding:
            funding.append(notation)
    return BudgetValue(text=text, amount_vnd=amount, unit=unit, funding=tuple(funding))
