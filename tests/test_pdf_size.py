"""Each format has its own size cap, declared where its reader is registered: a scanned PDF of a long
plan (a few MiB a page) is read, a text file of that size is not. Both sides of each cap are tested on
sparse files (no data written) and with a small cap passed to ``read_source``."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.errors import IngestError
from ingest.readers import read_source
from ingest.readers.source import (
    MAX_FILE_BYTES,
    MIB,
    OFFICE_MAX_BYTES,
    PDF_MAX_BYTES,
    RTF_MAX_BYTES,
    max_file_bytes,
)

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "ingest" / "samples" / "000_8ed5b0c1c9e5996d.txt"


def sparse(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that takes no disk space (all zeros)."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def test_caps_per_format() -> None:
    assert (MAX_FILE_BYTES, OFFICE_MAX_BYTES, RTF_MAX_BYTES, PDF_MAX_BYTES) == (
        20 * MIB,
        50 * MIB,
        100 * MIB,
        200 * MIB,
    )
    caps = {suffix: max_file_bytes(suffix) for suffix in (".txt", ".md", "", ".html", ".htm")}
    assert set(caps.values()) == {20 * MIB}
    assert {max_file_bytes(s) for s in (".docx", ".doc", ".odt")} == {50 * MIB}
    assert max_file_bytes(".RTF") == 100 * MIB
    assert max_file_bytes(".pdf") == 200 * MIB


@pytest.mark.parametrize(
    ("name", "cap"),
    [("plan.txt", 20), ("plan.html", 20), ("plan.docx", 50), ("plan.rtf", 100), ("plan.pdf", 200)],
)
def test_one_byte_over_the_cap_is_refused_unread(tmp_path: Path, name: str, cap: int) -> None:
    path = sparse(tmp_path / name, cap * MIB + 1)
    with pytest.raises(IngestError) as info:
        read_source(path)
    suffix = path.suffix
    assert info.value.message == (
        f"file too large: {cap * MIB + 1:,} bytes,"
        f" more than the limit of {cap * MIB:,} bytes for a {suffix} file"
    )
    assert info.value.source == str(path)


def test_a_pdf_over_the_text_cap_is_read(tmp_path: Path) -> None:
    """A 21 MiB PDF (over the old 20 MiB cap for every format) passes the size check and is opened: this
    one is all zeros, so the PDF reader is what refuses it."""
    path = sparse(tmp_path / "scan.pdf", 21 * MIB)
    with pytest.raises(IngestError) as info:
        read_source(path)
    assert "not a valid PDF" in info.value.message
    txt = sparse(tmp_path / "scan.txt", 21 * MIB)
    with pytest.raises(IngestError, match="file too large"):
        read_source(txt)


def test_a_cap_passed_in(tmp_path: Path) -> None:
    """``read_source(path, max_bytes=...)`` overrides the format's cap: both sides of it on a real plan."""
    size = SEED.stat().st_size
    assert read_source(SEED, max_bytes=size).lines
    with pytest.raises(IngestError) as info:
        read_source(SEED, max_bytes=size - 1)
    assert info.value.message == (
        f"file too large: {size:,} bytes, more than the limit of {size - 1:,} bytes for a .txt file"
    )
