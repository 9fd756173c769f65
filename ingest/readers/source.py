"""The text of one source document as numbered lines, and the registry of format readers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.errors import IngestError

if TYPE_CHECKING:
    from ingest.model import Table
    from ingest.records import Finding

MIB = 1024 * 1024

MAX_FILE_BYTES = 20 * MIB
"""Largest file of a format that does not declare its own cap (text, markdown, HTML: 20 MiB). Such a
file is its text, and the text is capped at MAX_TEXT_CHARS (about 3 MiB of Vietnamese UTF-8), so 20 MiB
leaves room for markup, inline styles and a saved page's scripts; a runaway export is refused unread."""

OFFICE_MAX_BYTES = 50 * MIB
"""Cap for .docx/.doc/.odt (50 MiB): the text stays small, the rest is embedded pictures (logos, a
scanned signature page, charts), a few MiB in practice."""

RTF_MAX_BYTES = 100 * MIB
"""Cap for .rtf (100 MiB): RTF writes pictures as hexadecimal text, twice their bytes."""

PDF_MAX_BYTES = 200 * MIB
"""Cap for .pdf (200 MiB): a scan is about 0.2-1.5 MiB a page at 300 dpi (up to 3 MiB in colour), so a
plan of up to MAX_PAGES pages scanned in grey fits; pages are read one at a time (pdfium, pdfplumber),
so memory follows the page, not the file."""

MAX_TEXT_CHARS = 1_000_000
"""Most characters of text one document may hold (about 20 times the largest seed, ingested in about
20 s); parsing time grows faster than the text, so a larger file is rejected before it is parsed."""


@dataclass
class SourceText:
    """A document as lines of text: 1-based line ``i`` is ``lines[i - 1]``.

    Tables are rows of tab-separated cells (``source_format`` is text, docx or html). A reader that
    knows the tables' structure (.docx, .html) also gives them as ``tables`` (ingest.model), one row per
    tab-separated line, with merged cells marked; plain text leaves ``tables`` None (the table finders
    find them).
    """

    path: str
    lines: list[str]
    source_format: str
    tables: list[Table] | None = None
    pages: list[int] | None = None  # the 1-based page of each line (PDF), None when the format has none
    findings: list[Finding] = field(default_factory=list)  # what the reader reports (OCR confidence)

    def line(self, number: int) -> str:
        """The 1-based line ``number`` ("" when out of range)."""
        return self.lines[number - 1] if 1 <= number <= len(self.lines) else ""


Reader = Callable[[Path], SourceText]

_READERS: dict[str, Reader] = {}
_MAX_BYTES: dict[str, int] = {}  # the size cap of each suffix's format, when it declares one
_DEFAULTS: list[bool] = []  # non-empty once the built-in readers are registered


def register_reader(suffixes: Iterable[str], func: Reader, max_bytes: int = MAX_FILE_BYTES) -> None:
    """Use ``func`` for files ending in any of ``suffixes`` (".txt"; "" means no suffix); a file of the
    format larger than ``max_bytes`` is refused before it is read."""
    for suffix in suffixes:
        _READERS[suffix.lower()] = func
        _MAX_BYTES[suffix.lower()] = max_bytes


def max_file_bytes(suffix: str) -> int:
    """The size cap of files ending in ``suffix`` (MAX_FILE_BYTES for a format that declares none)."""
    _ensure_defaults()
    return _MAX_BYTES.get(suffix.lower(), MAX_FILE_BYTES)


def _register_defaults() -> None:
    """Register the built-in readers (imported here: they import ``SourceText`` from this module)."""
    from ingest.readers.docx import read_docx
    from ingest.readers.html import read_html
    from ingest.readers.office import read_office
    from ingest.readers.pdf import read_pdf
    from ingest.readers.text import read_text

    for suffixes, func, max_bytes in (
        ((".txt", ".md", ".markdown", ""), read_text, MAX_FILE_BYTES),
        ((".docx",), read_docx, OFFICE_MAX_BYTES),
        ((".html", ".htm"), read_html, MAX_FILE_BYTES),
        ((".pdf",), read_pdf, PDF_MAX_BYTES),
        ((".doc", ".odt"), read_office, OFFICE_MAX_BYTES),
        ((".rtf",), read_office, RTF_MAX_BYTES),
    ):
        for suffix in suffixes:
            if suffix not in _READERS:
                _READERS[suffix] = func
                _MAX_BYTES[suffix] = max_bytes


def _ensure_defaults() -> None:
    if not _DEFAULTS:
        _register_defaults()
        _DEFAULTS.append(True)


def read_source(path: Path, max_bytes: int | None = None) -> SourceText:
    """Read ``path`` with the reader registered for its suffix. ``max_bytes`` overrides the format's
    size cap (``max_file_bytes``)."""
    _ensure_defaults()
    path = Path(path)
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        known = sorted(s for s in _READERS if s)
        raise IngestError(f"unsupported file format '{suffix}'", source=str(path), expected=", ".join(known))
    if not path.is_file():
        raise IngestError("file not found", source=str(path))
    _check_size(path, max_file_bytes(suffix) if max_bytes is None else max_bytes)
    src = reader(path)
    _check_text_length(src)
    return src


def _check_size(path: Path, limit: int) -> None:
    """Refuse a file larger than ``limit`` bytes (its format's cap) before reading it."""
    size = path.stat().st_size
    if size > limit:
        kind = f"a {path.suffix.lower()} file" if path.suffix else "a file without a suffix"
        raise IngestError(
            f"file too large: {size:,} bytes, more than the limit of {limit:,} bytes for {kind}",
            source=str(path),
            expected="one plan document (split a larger export into its documents)",
        )


def _check_text_length(src: SourceText) -> None:
    """Refuse a document whose text exceeds MAX_TEXT_CHARS, naming the line where it does."""
    total = 0
    for number, line in enumerate(src.lines, start=1):
        total += len(line) + 1
        if total > MAX_TEXT_CHARS:
            raise IngestError(
                f"document text too long: more than {MAX_TEXT_CHARS:,} characters by this line",
                source=src.path,
                line=number,
                expected="one plan document (split a larger export into its documents)",
            )


def supported_suffixes() -> list[str]:
    """File suffixes a reader is registered for (folders are scanned for these)."""
    _ensure_defaults()
    return sorted(s for s in _READERS if s)
