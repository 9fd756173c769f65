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

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Largest file read at all (20 MiB): a .docx with pictures fits, a runaway export does not."""

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
_DEFAULTS: list[bool] = []  # non-empty once the built-in readers are registered


def register_reader(suffixes: Iterable[str], func: Reader) -> None:
    """Use ``func`` for files ending in any of ``suffixes`` (".txt"; "" means no suffix)."""
    for suffix in suffixes:
        _READERS[suffix.lower()] = func


def _register_defaults() -> None:
    """Register the built-in readers (imported here: they import ``SourceText`` from this module)."""
    from ingest.readers.docx import read_docx
    from ingest.readers.html import read_html
    from ingest.readers.office import read_office
    from ingest.readers.pdf import read_pdf
    from ingest.readers.text import read_text

    for suffixes, func in (
        ((".txt", ".md", ".markdown", ""), read_text),
        ((".docx",), read_docx),
        ((".html", ".htm"), read_html),
        ((".pdf",), read_pdf),
        ((".doc", ".odt", ".rtf"), read_office),
    ):
        for suffix in suffixes:
            _READERS.setdefault(suffix, func)


def read_source(path: Path) -> SourceText:
    """Read ``path`` with the reader registered for its suffix."""
    if not _DEFAULTS:
        _register_defaults()
        _DEFAULTS.append(True)
    path = Path(path)
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        known = sorted(s for s in _READERS if s)
        raise IngestError(f"unsupported file format '{suffix}'", source=str(path), expected=", ".join(known))
    if not path.is_file():
        raise IngestError("file not found", source=str(path))
    _check_size(path)
    src = reader(path)
    _check_text_length(src)
    return src


def _check_size(path: Path) -> None:
    """Refuse a file larger than MAX_FILE_BYTES before reading it."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise IngestError(
            f"file too large: {size:,} bytes, more than the limit of {MAX_FILE_BYTES:,} bytes",
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
    if not _DEFAULTS:
        _register_defaults()
        _DEFAULTS.append(True)
    return sorted(s for s in _READERS if s)
