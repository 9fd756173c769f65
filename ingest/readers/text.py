"""Plain-text and markdown reader: bytes -> checked, normalised UTF-8 lines."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.errors import IngestError
from ingest.normalize.text import fold, nfc
from ingest.readers.source import SourceText

_BOM = b"\xef\xbb\xbf"
_CONTROL = set(range(0x00, 0x09)) | {0x0B, 0x0E, 0x0F} | set(range(0x10, 0x1B)) | set(range(0x1C, 0x20))
_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")
# VNI-Windows text read as cp1252: "Ñ"/"ñ" (Đ/đ), "öô" (ươ), a vowel and a mark byte (aø, eâ, eá...).
# Only byte pairs that never occur in Windows-1258 Vietnamese count.
_VNI = re.compile(r"[Ññ]|[öÖ][ôÔ]|[aeiouyAEIOUY][øûïåäëÄÅ]|[eoaEOA][âÂ]")

CP1258_HINT = "looks like Windows-1258; convert to UTF-8 (iconv -f CP1258 -t UTF-8)"
VNI_HINT = "looks like VNI (VNI-Windows font encoding); convert to Unicode UTF-8 (e.g. with UniKey)"


def read_text(path: Path) -> SourceText:
    """Read a .txt/.md file; raise IngestError when it is empty, binary or not UTF-8."""
    data = Path(path).read_bytes()
    text = decode_text(data, str(path))
    return SourceText(path=str(path), lines=split_lines(text), source_format="text")


def split_lines(text: str) -> list[str]:
    """Lines of ``text`` (CRLF/CR normalised); a final newline does not add an empty line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 bytes to NFC text without BOM, or IngestError naming ``source`` and the line."""
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    if not data.strip():
        raise IngestError("file is empty", source=source, expected="a text document")
    if _looks_binary(data):
        raise IngestError("binary file, not a text document", source=source, expected="UTF-8 text")
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data[:nul].count(b"\n") + 1
        raise IngestError(
            "NUL byte inside the text (binary data in a text file)",
            source=source,
            line=line,
            expected="UTF-8 text",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        if exc.reason == "unexpected end of data":
            raise IngestError(
                "file ends in the middle of a UTF-8 character: it looks truncated",
                source=source,
                line=line,
                expected="the complete file",
            ) from None
        message = f"not UTF-8 text (invalid byte 0x{data[exc.start]:02X})"
        hint = encoding_hint(data)
        raise IngestError(
            f"{message}; {hint}" if hint else message, source=source, line=line, expected="UTF-8 text"
        ) from None
    return nfc(text)


def _looks_binary(data: bytes) -> bool:
    """NUL bytes, a known binary signature, or many control bytes in the first 8 KiB."""
    head = data[:8192]
    if b"\x00" in head or head.startswith(_BINARY_MAGIC):
        return True
    controls = sum(1 for byte in head if byte in _CONTROL)
    return controls > max(4, len(head) // 20)


def encoding_hint(data: bytes) -> str | None:
    """A hint for legacy Vietnamese encodings (VNI, Windows-1258), or None."""
    as_1252 = data.decode("cp1252", errors="replace")
    letters = sum(1 for c in as_1252 if c.isalpha()) or 1
    if len(_VNI.findall(as_1252)) >= max(3, letters // 200):
        return VNI_HINT
    as_1258 = nfc(data.decode("cp1258", errors="replace"))
    letters = [c for c in as_1258 if c.isalpha()]
    vietnamese = sum(1 for c in letters if ord(c) > 127 and fold(c) in "aeiouyd")
    if letters and vietnamese >= max(3, len(letters) // 8):
        return CP1258_HINT
    return None
