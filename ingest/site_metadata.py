"""The metadata block a legal-database web page prints above a document, as a crawl keeps it.

Such pages list the document's attributes as label/value pairs before the document itself
("**Số hiệu:** | 980/KH-UBND | **Loại văn bản:** | Kế hoạch | ... | **Ngày ban hành:** | 18/11/2025").
The block is site text, not the document: a value like "Kế hoạch" is not the document's heading. Its
values are a fallback for a number or date the document's own header does not give.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from ingest.normalize.dates import find_dates
from ingest.normalize.text import clean_cell, fold

# Folded label -> field name. Labels are the usual ones of Vietnamese legal-database sites.
_LABELS = {
    "so hieu": "number",
    "loai van ban": "doc_type",
    "noi ban hanh": "issuer",
    "co quan ban hanh": "issuer",
    "nguoi ky": "signer",
    "ngay ban hanh": "date",
    "ngay hieu luc": "effective",
    "ngay cong bao": "gazette_date",
    "so cong bao": "gazette_number",
    "tinh trang": "status",
    "linh vuc": "field",
}
_LABEL = re.compile(r"^\s*(?P<label>[^:]{3,30}?)\s*:\s*(?P<value>.*)$")
_WINDOW = 200  # the block sits near the top of the page
_MIN_LABELS = 3  # fewer is not a site's metadata block


@dataclass
class SiteMetadata:
    """The attributes the site lists, with the lines the block spans (1-based, inclusive)."""

    first_line: int
    last_line: int
    values: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # field -> line of its value

    @property
    def number_text(self) -> str | None:
        return self.values.get("number")

    @property
    def doc_type_word(self) -> str | None:
        return self.values.get("doc_type")

    @property
    def date(self) -> date | None:
        text = self.values.get("date")
        found = find_dates(text) if text else []
        return found[0][2] if found else None


@lru_cache(maxsize=1 << 14)  # the header and the reference reader both scan the top lines
def _plain(line: str) -> str:
    return clean_cell(line.replace("*", " ").replace("#", " ")).strip(" |")


def _label_at(lines: list[str], index: int) -> tuple[str, str, int] | None:
    """(field, value on the same line, last line of the label) when a label starts at ``index``.

    A label split by emphasis over two lines ("**" / "Ngày hiệu lực:**") is joined.
    """
    for width in (1, 2):
        if index + width > len(lines):
            return None
        text = " ".join(_plain(line) for line in lines[index : index + width]).strip()
        match = _LABEL.match(text)
        if match and fold(match.group("label")) in _LABELS:
            return _LABELS[fold(match.group("label"))], match.group("value").strip(), index + width - 1
        if _plain(lines[index]):
            return None  # only an empty line (emphasis or a cell mark) may start a split label
    return None


def _value_after(lines: list[str], index: int) -> tuple[str, int]:
    """The first non-empty line after ``index`` that is not a cell mark or a label."""
    for offset in range(index + 1, min(len(lines), index + 5)):
        text = _plain(lines[offset])
        if not text:
            continue
        if _label_at(lines, offset):
            return "", index
        return text, offset
    return "", index


def read_site_metadata(lines: list[str]) -> SiteMetadata | None:
    """The site's metadata block near the top of ``lines``; None when there is none."""
    found: SiteMetadata | None = None
    index = 0
    limit = min(len(lines), _WINDOW)
    while index < limit:
        label = _label_at(lines, index)
        if label is None:
            index += 1
            continue
        name, value, label_end = label
        value_line = label_end
        if not value:
            value, value_line = _value_after(lines, label_end)
        if found is None:
            found = SiteMetadata(index + 1, value_line + 1)
        elif index + 1 - found.last_line > 8:
            break  # a later, unrelated label
        found.last_line = max(found.last_line, value_line + 1)
        if value and name not in found.values:
            found.values[name] = value
            found.lines[name] = value_line + 1
        index = value_line + 1
    if found is None or len(found.values) < _MIN_LABELS:
        return None
    return found


# Lines that open the site's text after the document: its related-documents list, a translation
# notice, the attached-files box (folded, as a whole line).
_TRAILER = re.compile(
    r"^(?:van ban lien quan(?: cung noi dung)?|van ban nay chua cap nhat noi dung tieng anh"
    r"|file duoc dinh kem theo van ban|tai ve van ban(?: goc)?)$"
)


def site_trailer_start(lines: list[str], after: int = 0) -> int | None:
    """The first line (1-based) of the site's text after the document, if the crawl kept one."""
    for number in range(after + 1, len(lines) + 1):
        if _TRAILER.match(fold(_plain(lines[number - 1])).strip(" .:")):
            return number
    return None


def site_spans(lines: list[str]) -> list[tuple[int, int]]:
    """Line ranges (1-based, inclusive) that are the site's, not the document's: everything up to the
    end of the metadata block, and the trailer from its first line on."""
    spans = []
    meta = read_site_metadata(lines)
    if meta is not None:
        spans.append((1, meta.last_line))
    trailer = site_trailer_start(lines, meta.last_line if meta else 0)
    if trailer is not None:
        spans.append((trailer, len(lines)))
    return spans
