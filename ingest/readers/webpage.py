"""A saved web page of a legal database, cut down to the document inside it.

A page wraps the document in site chrome: navigation, banners, a metadata table (Số hiệu, Loại văn bản...),
related-documents lists, a footer. The document is the element holding its official header (the first
motto "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" or "Số:") and its end: the lowest container (div, section,
article, main, td) around the header that also holds its closing block ("Nơi nhận:", or a signature "TM." /
"KT."), or else at least half of the page's text (a short letter beside a long list of related documents
still has its closing block).
``nav``, ``aside``, ``form``, ``footer``, ``iframe`` and ``header`` elements (unless one holds the official
header) are dropped wherever they are. A page without an official header keeps all but those elements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from ingest.normalize.text import nfc

CONTAINERS = frozenset({"div", "section", "article", "main", "body", "td", "center"})
CHROME = frozenset({"nav", "aside", "form", "footer", "iframe", "header", "menu", "button", "select"})
HIDDEN = frozenset({"nav", "aside", "form", "footer", "iframe", "menu", "button", "select"})  # text unseen
RAW = frozenset({"script", "style", "template", "noscript"})
VOID = frozenset(
    {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "wbr"}
)
SHARE = 0.5  # the document holds at least this share of the page's text

MOTTO = re.compile(r"CỘNG\s*H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA", re.IGNORECASE)
NUMBER = re.compile(r"\bSố\s*:\s*\S*\d")
CLOSING = re.compile(r"Nơi\s+nhận\s*:|\b(?:TM|KT|TL|TUQ)\.\s*(?:ỦY|UỶ|UBND|CHỦ|BỘ|GIÁM|CHÁNH|BAN|HỘI)")


@dataclass
class _Element:
    """One tracked element: source offsets (``end`` excluded), its span of page text, its own text
    outside chrome (``chars``)."""

    tag: str
    start: int
    end: int = -1
    text_start: int = 0
    text_end: int = -1
    chars: int = 0


def document_part(html: str) -> str:
    """``html`` with everything but the document removed (unchanged when it has no site chrome)."""
    outline = _Outline(html)
    anchor = outline.anchor()
    around = outline.around(anchor) if anchor is not None else []
    keep: _Element | None = None
    if around:
        total = max(1, outline.chars)
        closings = [
            m.start() for m in CLOSING.finditer(outline.text) if anchor is not None and m.start() > anchor
        ]
        for element in around:
            if element.tag not in CONTAINERS:
                continue
            closed = any(element.text_start <= at < element.text_end for at in closings)
            if closed or element.chars >= SHARE * total:
                keep = element
                break
    start, end = (keep.start, keep.end) if keep is not None else (0, len(html))
    holding = {id(e) for e in around}
    cuts = [
        e for e in outline.elements if e.tag in CHROME and start <= e.start < end and id(e) not in holding
    ]
    if keep is None and not cuts:
        return html
    parts: list[str] = []
    position = start
    for cut in sorted(cuts, key=lambda e: e.start):
        if cut.start < position:  # inside a chrome element already cut
            continue
        parts.append(html[position : cut.start])
        position = min(cut.end, end)
    parts.append(html[position:end])
    return "".join(parts)


class _Outline(HTMLParser):
    """Tracked elements of a page with their offsets, and the page's visible text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html = html
        self._line_starts = [0] + [m.end() for m in re.finditer(r"\n", html)]
        self.elements: list[_Element] = []
        self._open: list[_Element] = []
        self._raw = 0
        self._text: list[str] = []
        self._length = 0
        self.chars = 0  # visible characters outside chrome
        self.feed(html)
        self.close()
        for element in self._open:
            element.end, element.text_end = len(html), self._length
        self.text = "".join(self._text)

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _gap(self) -> None:
        """A space in the page text between elements (so "Menu</div><p>Số:" keeps "Số:" a word)."""
        self._text.append(" ")
        self._length += 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._gap()
        if tag in RAW:
            self._raw += 1
        if tag in VOID or not (tag in CONTAINERS or tag in CHROME):
            return
        element = _Element(tag, self._offset(), text_start=self._length)
        self.elements.append(element)
        self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in CONTAINERS or tag in CHROME:
            offset = self._offset()
            end = self.html.find(">", offset) + 1
            self.elements.append(_Element(tag, offset, end, self._length, self._length))

    def handle_endtag(self, tag: str) -> None:
        self._gap()
        if tag in RAW:
            self._raw = max(0, self._raw - 1)
            return
        if not any(e.tag == tag for e in self._open):
            return
        offset = self._offset()
        end = self.html.find(">", offset) + 1 or len(self.html)
        while self._open:
            element = self._open.pop()
            element.end, element.text_end = end, self._length
            if element.tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._raw or any(e.tag in HIDDEN for e in self._open):
            return
        data = nfc(re.sub(r"\s+", " ", data))
        self._text.append(data)
        self._length += len(data)
        count = len(data.replace(" ", ""))
        if any(e.tag in CHROME for e in self._open):
            return
        self.chars += count
        for element in self._open:
            element.chars += count

    def anchor(self) -> int | None:
        """Position in the page text of the official header: the first motto or "Số:", whichever is first
        (a decision issuing a plan may carry no motto of its own before the plan's)."""
        found = [m.start() for m in (MOTTO.search(self.text), NUMBER.search(self.text)) if m]
        return min(found) if found else None

    def around(self, position: int) -> list[_Element]:
        """Elements whose text holds ``position``, innermost first."""
        inside = [e for e in self.elements if e.text_start <= position < e.text_end]
        return sorted(inside, key=lambda e: (e.text_end - e.text_start, -e.start))
