"""Word 97-2003 (.doc), OpenDocument (.odt) and RTF (.rtf) reader: LibreOffice headless converts the file to
.docx in a private temporary folder, then the .docx reader reads it (its lines, tables and merged cells)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ingest.errors import IngestError
from ingest.readers.docx import read_docx
from ingest.readers.source import SourceText

SOFFICE_PACKAGE = "libreoffice-writer-nogui"
"""The Debian package that provides ``soffice`` (LibreOffice Writer without its GUI)."""

CONVERT_TIMEOUT = 180
"""Seconds one conversion may take (a 200-page .doc takes about a minute on one core)."""

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 and other compound files
ZIP = b"PK\x03\x04"  # .odt (and a .docx saved under another name)
RTF = b"{\\rtf"

# What each suffix's file may start with: portals often publish an RTF or a .docx named ".doc".
SIGNATURES: dict[str, tuple[bytes, ...]] = {".doc": (OLE2, RTF, ZIP), ".odt": (ZIP,), ".rtf": (RTF,)}
# LibreOffice's import filter for each signature: without one, a damaged file is imported as plain text.
FILTERS = {OLE2: "MS Word 97", RTF: "Rich Text Format"}
ZIP_FILTERS = {".odt": "writer8", ".doc": "MS Word 2007 XML"}
KINDS = {
    ".doc": "a Word 97-2003 .doc document",
    ".odt": "an OpenDocument .odt text",
    ".rtf": "an .rtf document",
}


def soffice_binary() -> str | None:
    """Path of LibreOffice's ``soffice`` (or ``libreoffice``), None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_office(path: Path) -> SourceText:
    """Read a .doc/.odt/.rtf through LibreOffice; raise IngestError when LibreOffice is missing, the file
    is empty or not of its kind, or LibreOffice cannot convert it."""
    path = Path(path)
    suffix = path.suffix.lower()
    kind = KINDS.get(suffix, "a word-processor document")
    if suffix == ".doc" and _is_html(path):  # "Word HTML": portals often serve a web page named .doc
        from ingest.readers.html import read_html

        return read_html(path)
    infilter = _check_signature(path, suffix, kind)
    binary = soffice_binary()
    if binary is None:
        raise IngestError(
            f"cannot read {suffix} files: LibreOffice (soffice) is not installed",
            source=str(path),
            expected=f"the Debian package {SOFFICE_PACKAGE} (apt-get install {SOFFICE_PACKAGE}), or the file"
            " saved as .docx",
        )
    with tempfile.TemporaryDirectory(prefix="cchc-office-") as folder:
        converted = _convert(binary, path, Path(folder), kind, infilter)
        src = read_docx(converted)
    return SourceText(path=str(path), lines=src.lines, source_format=suffix.lstrip("."), tables=src.tables)


def _is_html(path: Path) -> bool:
    """The file is a web page (Word's "Save as Web Page" or a portal's export named .doc)."""
    with path.open("rb") as handle:
        head = handle.read(512).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml"):
        return b"<html" in head
    return head.startswith((b"<!doctype html", b"<html"))


def _check_signature(path: Path, suffix: str, kind: str) -> str:
    """LibreOffice's import filter for the file; refuse an empty file, or one whose first bytes are not
    those of ``kind``."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if not head:
        raise IngestError("file is empty", source=str(path), expected=kind)
    if not head.startswith(SIGNATURES.get(suffix, (head,))):
        raise IngestError(f"not {kind} (corrupt or another kind of file)", source=str(path), expected=kind)
    if head.startswith(ZIP):
        return ZIP_FILTERS.get(suffix, "writer8")
    return FILTERS[OLE2 if head.startswith(OLE2) else RTF]


def _convert(binary: str, path: Path, folder: Path, kind: str, infilter: str) -> Path:
    """``path`` converted to .docx under ``folder`` by ``soffice --headless`` with a private profile (two
    conversions sharing a profile block each other) and the import filter ``infilter`` forced."""
    profile = folder / "profile"
    out = folder / "out"
    out.mkdir()
    # LibreOffice names its output after the input; a copy with a plain name avoids odd characters.
    source = folder / f"document{path.suffix.lower()}"
    shutil.copyfile(path, source)
    command = [
        binary,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        f"--infilter={infilter}",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(out),
        str(source),
    ]
    env = {**os.environ, "HOME": str(folder)}
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=CONVERT_TIMEOUT, env=env)
    except subprocess.TimeoutExpired as exc:
        raise IngestError(
            f"LibreOffice took more than {CONVERT_TIMEOUT} s to convert the file",
            source=str(path),
            expected=kind,
        ) from exc
    except OSError as exc:
        raise IngestError(f"LibreOffice could not be started: {exc}", source=str(path)) from exc
    target = out / "document.docx"
    if not target.is_file() or target.stat().st_size == 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise IngestError(
            "LibreOffice could not convert the file (corrupt or not a word-processor document)"
            + (f": {detail[-1]}" if detail else ""),
            source=str(path),
            expected=kind,
        )
    return target
