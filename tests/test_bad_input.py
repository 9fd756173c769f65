"""Ingest under bad input, through the real CLI: every bad file gets a clear error or warning naming the
file and the line, nothing crashes, a rejected file leaves the store as it was, and a folder with one
bad file among good ones ingests the good ones and exits non-zero.

Small bad files are committed under tests/fixtures/bad/ (no README there: every file in that folder is
ingested by a test); big ones are generated here:

- original_utf8.md: a good plan; windows_1258.txt and vni.txt are it in those legacy encodings (made
  with ``to_cp1258`` / ``to_vni`` below), truncated_utf8.txt it cut inside a character;
- empty.txt, binary.txt (a PNG);
- truncated_table.txt (the file ends mid-row), unknown_columns.txt, missing_lead_column.txt,
  missing_number_column.txt;
- malformed_number.txt ("Số: /KH-UBND"), malformed_date.txt ("ngày 31 tháng 02 năm 2021", month 13);
- scripts.html and script_in_cell.md: <script> in head, cells, attributes, escaped, unclosed.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.service import store_documents
from ingest.readers.docx import MAX_UNPACKED_BYTES
from ingest.readers.source import MAX_FILE_BYTES, MAX_TEXT_CHARS
from ingest.readers.text import CP1258_HINT, VNI_HINT
from ontology import DEFAULT_BASE_IRI
from queries.store import EmbeddedStore

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "fixtures" / "bad"
SAMPLES = ROOT / "ingest" / "samples"
CLI = ROOT / ".venv" / "bin" / "cchc-kg"
runner = CliRunner()

# --------------------------------------------------------------------------------------------------
# Legacy Vietnamese encodings (how the committed windows_1258.txt and vni.txt were made)
# --------------------------------------------------------------------------------------------------

TONES = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")  # sắc, huyền, hỏi, ngã, nặng


def to_cp1258(text: str) -> bytes:
    """Vietnamese as Windows-1258 writes it: base letters precomposed, tone marks combining."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out += (base + "".join(c for c in parts if c in TONES)).encode("cp1258")
    return bytes(out)


# VNI-Windows: a letter followed by a mark byte; tone -> (plain vowel, after circumflex, after breve).
_VNI_TONE = {
    "\u0301": ("ù", "á", "é"),
    "\u0300": ("ø", "à", "è"),
    "\u0309": ("û", "å", "ú"),
    "\u0303": ("õ", "ã", "ü"),
    "\u0323": ("ï", "ä", "ë"),
}
_VNI_I = {"\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def _vni_letter(base: str, marks: list[str]) -> str:
    """A vowel with its marks in VNI, lower case."""
    tone = next((m for m in marks if m in _VNI_TONE), None)
    if base == "i" and tone:
        return _VNI_I[tone]
    if base == "y" and tone == "\u0323":
        return "î"
    if "\u031b" in marks:  # horn: ơ and ư are letters of their own
        return ("ô" if base == "o" else "ö") + (_VNI_TONE[tone][0] if tone else "")
    if "\u0302" in marks:
        return base + (_VNI_TONE[tone][1] if tone else "â")
    if "\u0306" in marks:
        return base + (_VNI_TONE[tone][2] if tone else "ê")
    return base + (_VNI_TONE[tone][0] if tone else "")


def to_vni(text: str) -> bytes:
    """Vietnamese as the VNI-Windows fonts write it, in the bytes such a file holds (cp1252)."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        base, *marks = unicodedata.normalize("NFD", char)
        if char in "đĐ":
            out.append("ñ" if char == "đ" else "Ñ")
        elif marks and base.lower() in "aeiouy":
            letter = _vni_letter(base.lower(), marks)
            out.append(letter.upper() if base.isupper() else letter)
        else:
            out.append(char)
    return "".join(out).encode("cp1252")


def test_the_legacy_fixtures_are_the_original_in_those_encodings() -> None:
    original = (BAD / "original_utf8.md").read_text(encoding="utf-8")
    assert (BAD / "windows_1258.txt").read_bytes() == to_cp1258(original)
    assert (BAD / "vni.txt").read_bytes() == to_vni(original)
    assert to_vni(
        "Ủy ban nhân dân tỉnh Đồng Tháp, Sở Nội vụ"
    ) == "UÛy ban nhaân daân tænh Ñoàng Thaùp, Sôû Noäi vuï".encode("cp1252")
    windows = unicodedata.normalize("NFC", (BAD / "windows_1258.txt").read_bytes().decode("cp1258"))
    assert windows == original


# --------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------


def flat(text: str) -> str:
    """CLI output with rich's line wrapping undone (it may also break a long path: compare with ``has``)."""
    return " ".join(text.split())


def has(out: str, expected: str) -> bool:
    """``expected`` is in ``out``, whitespace aside (rich wraps long lines, even inside a path)."""
    return "".join(expected.split()) in "".join(out.split())


def ingest(store: Path, *paths: Path) -> tuple[int, str]:
    """`cchc-kg ingest --store STORE PATHS...` in-process: (exit code, output with wrapping undone)."""
    result = runner.invoke(app, ["ingest", "--verbose", "--store", str(store), *map(str, paths)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, flat(result.output)


def quads(store: Path) -> set[tuple]:
    with EmbeddedStore(store) as database:
        return set(database.quads())


def documents(store: Path) -> list[str]:
    with EmbeddedStore(store) as database:
        return [Path(row["path"]).name for row in store_documents(database, DEFAULT_BASE_IRI)]


@pytest.fixture(scope="module")
def seeded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store already holding one good document (seed 000)."""
    store = tmp_path_factory.mktemp("seeded") / "store"
    code, out = ingest(store, SAMPLES / "000_8ed5b0c1c9e5996d.txt")
    assert code == 0, out
    return store


def assert_rejected(store: Path, path: Path, message: str) -> str:
    """Ingest ``path`` into ``store``: exit 1, ``✗ name: message``, and the store's quads unchanged."""
    before = quads(store)
    code, out = ingest(store, path)
    assert code == 1, out
    assert has(out, f"✗ {path.name}: {message}"), out
    assert "0 of 1 documents ingested" in out
    assert quads(store) == before
    return out


# --------------------------------------------------------------------------------------------------
# Rejected files: committed fixtures
# --------------------------------------------------------------------------------------------------

REJECTED = [
    ("empty.txt", "empty.txt: file is empty (expected a text document)"),
    ("binary.txt", "binary.txt: binary file, not a text document (expected UTF-8 text)"),
    (
        "windows_1258.txt",
        f"windows_1258.txt:3: not UTF-8 text (invalid byte 0xF4); {CP1258_HINT} (expected UTF-8 text)",
    ),
    ("vni.txt", f"vni.txt:3: not UTF-8 text (invalid byte 0xE1); {VNI_HINT} (expected UTF-8 text)"),
    (
        "truncated_utf8.txt",
        "truncated_utf8.txt:15: file ends in the middle of a UTF-8 character: it looks truncated"
        " (expected the complete file)",
    ),
]


@pytest.mark.parametrize(("name", "message"), REJECTED, ids=[name for name, _ in REJECTED])
def test_a_rejected_fixture_names_file_and_line_and_leaves_the_store_unchanged(
    seeded_store: Path, name: str, message: str
) -> None:
    assert_rejected(seeded_store, BAD / name, str(BAD / message))


def test_the_encoding_hints_say_how_to_convert() -> None:
    assert "Windows-1258" in CP1258_HINT and "iconv -f CP1258 -t UTF-8" in CP1258_HINT
    assert "VNI" in VNI_HINT and "UTF-8" in VNI_HINT


# --------------------------------------------------------------------------------------------------
# Rejected files: generated
# --------------------------------------------------------------------------------------------------


def test_nul_bytes_after_the_first_8_kib_are_binary_data_at_their_line(
    seeded_store: Path, tmp_path: Path
) -> None:
    text = (BAD / "original_utf8.md").read_text(encoding="utf-8")
    lines = text.split("\n")
    padding = "\n".join(f"Dòng {i}: tăng cường cải cách hành chính." for i in range(300))  # ~12 KB
    path = tmp_path / "nul_late.txt"
    path.write_bytes((padding + "\n" + "\n".join(lines[:5]) + "\x00\x00junk\n").encode("utf-8"))
    nul_line = 300 + 5
    assert_rejected(
        seeded_store,
        path,
        f"{path}:{nul_line}: NUL byte inside the text (binary data in a text file) (expected UTF-8 text)",
    )


def test_a_50_mb_file_is_refused_at_once_without_reading_it(seeded_store: Path, tmp_path: Path) -> None:
    """50 MB is over MAX_FILE_BYTES (20 MiB): refused from its size, in a few seconds and little memory."""
    path = tmp_path / "huge.txt"
    line = "1.\tTăng cường cải cách hành chính\tBáo cáo\tSở Nội vụ\tCác sở\tQuý II/2021\t40 triệu\tNS Tỉnh\n"
    block = (line * 10_000).encode("utf-8")
    with path.open("wb") as handle:
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(block)
    size = path.stat().st_size
    assert size >= 50 * 1024 * 1024
    before = quads(seeded_store)
    started = time.monotonic()
    process = subprocess.run(
        [str(CLI), "ingest", "--store", str(seeded_store), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    elapsed = time.monotonic() - started
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = flat(process.stdout + process.stderr)
    assert process.returncode == 1, out
    assert has(
        out,
        f"✗ huge.txt: {path}: file too large: {size:,} bytes, more than the limit of {MAX_FILE_BYTES:,} bytes"
        " for a .txt file (expected one plan document (split a larger export into its documents))",
    )
    assert "Traceback" not in out
    assert elapsed < 60
    assert peak_kib < 400 * 1024  # the largest child so far: this CLI never held the 50 MB
    assert quads(seeded_store) == before


def test_text_over_the_character_limit_is_refused_at_the_line_that_crosses_it(
    seeded_store: Path, tmp_path: Path
) -> None:
    line = "Tăng cường công tác tuyên truyền cải cách hành chính trong nội bộ từng cơ quan.\n"  # 80 chars
    count = MAX_TEXT_CHARS // len(line) + 10
    path = tmp_path / "long.txt"
    path.write_text(line * count, encoding="utf-8")
    assert path.stat().st_size < MAX_FILE_BYTES
    crossing = MAX_TEXT_CHARS // len(line) + 1
    started = time.monotonic()
    assert_rejected(
        seeded_store,
        path,
        f"{path}:{crossing}: document text too long: more than {MAX_TEXT_CHARS:,} characters by this line",
    )
    assert time.monotonic() - started < 30


def test_a_docx_zip_bomb_is_refused_before_unpacking(seeded_store: Path, tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    zeros = b"\0" * (1 << 20)
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/document.xml", "w", force_zip64=True) as member,
    ):
        for _ in range(MAX_UNPACKED_BYTES // len(zeros) + 1):
            member.write(zeros)
    assert path.stat().st_size < 1024 * 1024
    unpacked = (MAX_UNPACKED_BYTES // len(zeros) + 1) * len(zeros)
    assert_rejected(
        seeded_store,
        path,
        f"{path}: the .docx unpacks to {unpacked:,} bytes, more than the limit of {MAX_UNPACKED_BYTES:,}",
    )


# --------------------------------------------------------------------------------------------------
# Accepted with a warning naming the line
# --------------------------------------------------------------------------------------------------

WARNED = [
    (
        "truncated_table.txt",
        "12/KH-UBND: 2 tasks",
        "line 15 [unparsed-row] the file ends inside the task table, on a row with 3 of 8 cells:"
        " it looks truncated",
    ),
    (
        "unknown_columns.txt",
        "12/KH-UBND: 2 tasks",
        "line 12 [other] unknown column 'Cột lạ' ignored line 12 [other] unknown column 'Màu sắc' ignored",
    ),
    (
        "missing_lead_column.txt",
        "12/KH-UBND: 2 tasks",
        "line 12 [other] the task table has no lead-agency column (cơ quan chủ trì); its tasks have no lead",
    ),
    (
        "malformed_number.txt",
        "2 tasks",
        "line 3 [number-typo] document number '/KH-UBND' not understood (expected a number like"
        " 285/KH-UBND); the document is kept without a number",
    ),
    (
        "malformed_date.txt",
        "12/KH-UBND: 2 tasks",
        "line 5 [ambiguous-date] date 'ngày 31 tháng 02 năm 2021' does not exist (month 2 of 2021 has no"
        " day 31); it was not read line 10 [ambiguous-date] date 'ngày 15 tháng 13 năm 2021' does not"
        " exist (there is no month 13); it was not read",
    ),
]


@pytest.mark.parametrize(("name", "summary", "warning"), WARNED, ids=[name for name, *_ in WARNED])
def test_a_flawed_document_goes_in_with_a_warning_naming_the_line(
    tmp_path: Path, name: str, summary: str, warning: str
) -> None:
    code, out = ingest(tmp_path / "store", BAD / name)
    assert code == 0, out
    mark = "!" if " 0 tasks" in summary else "✓"  # no task read: never a ✓
    assert f"{mark} {name} → " in out and summary in out
    assert has(out, warning), out
    assert documents(tmp_path / "store") == [name]


def test_a_task_table_none_of_whose_rows_was_read_is_an_error_unless_allowed(tmp_path: Path) -> None:
    """A table naming a lead column from which no task was read: stored, marked '!', error listed first,
    exit 1; --allow-empty accepts it (exit 0)."""
    name = "missing_number_column.txt"
    error = (
        "line 12 error [no-task-table] a table header names the columns 'Nhiệm vụ', 'Cơ quan chủ trì',"
        " 'Thời gian' but no row-number column (STT); its rows were not read as tasks"
    )
    code, out = ingest(tmp_path / "store", BAD / name)
    assert code == 1, out
    assert f"! {name} → 12/KH-UBND: 0 tasks" in out and has(out, error), out
    assert "1 of them with error-level findings" in out
    assert documents(tmp_path / "store") == [name]  # what was read (the header, the bases) is stored
    allowed = runner.invoke(
        app, ["ingest", "--allow-empty", "--store", str(tmp_path / "other"), str(BAD / name)]
    )
    assert allowed.exit_code == 0, allowed.output
    assert has(allowed.output, error)


def test_the_malformed_date_is_not_read_as_the_plan_date(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert ingest(store, BAD / "malformed_date.txt")[0] == 0
    with EmbeddedStore(store) as database:
        rows = database.select(
            "PREFIX eli: <http://data.europa.eu/eli/ontology#> SELECT ?date WHERE { "
            '?plan eli:number "12/KH-UBND" . OPTIONAL { ?plan eli:date_document ?date } }'
        )
    assert [row["date"] for row in rows] == [None]


def test_a_cell_holding_a_whole_page_is_kept_and_flagged(tmp_path: Path) -> None:
    original = (BAD / "original_utf8.md").read_text(encoding="utf-8")
    sentence = "Tăng cường công tác tuyên truyền cải cách hành chính trong nội bộ từng cơ quan, đơn vị. "
    page = sentence * 400  # 35,600 characters in one cell
    path = tmp_path / "page_in_cell.txt"
    path.write_text(original.replace("Video\t", f"{page}\t"), encoding="utf-8")
    started = time.monotonic()
    code, out = ingest(tmp_path / "store", path)
    assert code == 0, out
    assert time.monotonic() - started < 30
    size = len(page)
    assert (
        f"line 15 [other] the product cell of task 1.b holds {size:,} characters (more than 4,000):"
        " a whole page in one cell, or rows run together?"
    ) in out


# --------------------------------------------------------------------------------------------------
# Scripts never become text
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["scripts.html", "script_in_cell.md"])
def test_scripts_never_end_up_as_text_in_the_graph(tmp_path: Path, name: str) -> None:
    store = tmp_path / "store"
    code, out = ingest(store, BAD / name)
    assert code == 0, out
    literals = [str(q[2]) for q in quads(store) if not str(q[2]).startswith("http")]
    assert "SCRIPT-" in (BAD / name).read_text(encoding="utf-8")
    leaked = [text for text in literals if "SCRIPT-" in text or "alert(" in text or "document.write" in text]
    assert leaked == []
    texts = {str(q[2]) for q in quads(store) if str(q[1]).endswith("#text")}
    expected = (
        {"Rà soát thủ tục hành chính", "Kiểm tra công vụ"} if name.endswith(".html") else {"Rà soát văn bản"}
    )
    assert texts == expected


# --------------------------------------------------------------------------------------------------
# A folder with one bad file among good ones
# --------------------------------------------------------------------------------------------------


def test_a_folder_with_one_bad_file_ingests_the_good_ones_and_exits_non_zero(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    good = ["000_8ed5b0c1c9e5996d.txt", "002_2d6760ac75cd051f.txt", "004_6ea1a7e339262ab4.txt"]
    for name in good:
        shutil.copy(SAMPLES / name, folder / name)
    shutil.copy(BAD / "vni.txt", folder / "003_legacy.txt")
    store = tmp_path / "store"
    code, out = ingest(store, folder)
    assert code == 1
    assert has(
        out,
        f"✗ 003_legacy.txt: {folder / '003_legacy.txt'}:3: not UTF-8 text (invalid byte 0xE1); {VNI_HINT}",
    )
    assert "✓ 000_8ed5b0c1c9e5996d.txt → 285/KH-UBND: 32 tasks" in out
    assert "✓ 002_2d6760ac75cd051f.txt → 142/KH-UBND: 29 tasks" in out
    assert "✓ 004_6ea1a7e339262ab4.txt → 71/QĐ-UBND-HC: 23 tasks" in out
    assert "3 of 4 documents ingested" in out
    assert documents(store) == good


def test_the_whole_bad_folder_never_crashes(tmp_path: Path) -> None:
    """Every committed bad file in one run of the real CLI: each is reported, nothing crashes."""
    store = tmp_path / "store"
    process = subprocess.run(
        [str(CLI), "ingest", "--store", str(store), str(BAD)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "COLUMNS": "400"},
    )
    out = process.stdout + process.stderr
    assert process.returncode == 1, out
    assert "Traceback" not in out
    names = sorted(p.name for p in BAD.iterdir())
    rejected = {name for name, _ in REJECTED}
    no_task = {name for name, summary, _ in WARNED if " 0 tasks" in summary} | {"missing_number_column.txt"}
    for name in names:
        mark = "✗" if name in rejected else "!" if name in no_task else "✓"
        assert (f"{mark} {name}: " if name in rejected else f"{mark} {name} → ") in out
    assert f"{len(names) - len(rejected)} of {len(names)} documents ingested" in flat(out)
