""".doc/.odt/.rtf through LibreOffice: made at test time from seed 000/003 as .docx (tests/formats.py), they
give the same tasks, leads, partners, time frames and legal bases as the .txt; bad files give clear errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from formats import docx_from_text_plan, require_soffice, soffice_convert

from ingest.errors import IngestError
from ingest.pipeline import parse_document
from ingest.readers import read_source
from ingest.readers.office import SOFFICE_PACKAGE
from ingest.records import ParsedDocument

SAMPLES = Path(__file__).resolve().parents[1] / "ingest" / "samples"
SEEDS = {"000": SAMPLES / "000_8ed5b0c1c9e5996d.txt", "003": SAMPLES / "003_8182945d4607df81.txt"}
TASKS = {"000": 32, "003": 48}


def extracted(parsed: ParsedDocument) -> dict[str, object]:
    """What must not depend on the format: tasks with leads, partners and time frames; legal bases."""
    tasks = [
        (
            t.code,
            t.text,
            [a.key for a in t.leads],
            [a.key for a in t.partners],
            t.time_text,
            (t.time.start, t.time.end) if t.time else None,
        )
        for t in parsed.tasks
    ]
    bases = sorted(  # legal bases and every other reference (seed 000 has no "Căn cứ")
        (r.relation, r.subject, r.number.canonical() if r.number else r.as_written) for r in parsed.references
    )
    return {
        "tasks": tasks,
        "bases": bases,
        "number": parsed.plan.number_as_written,
        "title": parsed.plan.title,
    }


def seed_docx(seed: str, folder: Path) -> Path:
    """Seed ``seed`` as .docx (tests/formats.py), ending with a paragraph as Word always does: LibreOffice
    writes a .doc whose body ends with a table so that only the table's first row reads back."""
    path = folder / f"{seed}.docx"
    if not path.is_file():
        docx_from_text_plan(SEEDS[seed], path)
        document = docx.Document(str(path))
        if document.element.body[-2].tag.endswith("}tbl"):  # [-1] is the section properties
            document.add_paragraph("")
            document.save(str(path))
    return path


@pytest.fixture(scope="module")
def material(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_soffice()
    return tmp_path_factory.mktemp("office")


@pytest.mark.parametrize(
    ("seed", "fmt"),
    [("000", "doc"), ("000", "odt"), ("000", "rtf"), ("003", "doc"), ("003", "odt"), ("003", "rtf")],
)
def test_office_formats_read_like_the_text(material: Path, seed: str, fmt: str) -> None:
    converted = soffice_convert(seed_docx(seed, material), fmt, material)
    parsed = parse_document(converted)
    assert parsed.source_format == fmt
    expected = extracted(parse_document(SEEDS[seed]))
    assert len(parsed.tasks) == TASKS[seed]
    assert expected["bases"]
    assert extracted(parsed) == expected


def test_a_corrupt_doc_is_named(material: Path) -> None:
    path = material / "broken.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00garbage" * 64)
    with pytest.raises(IngestError) as info:
        read_source(path)
    assert "LibreOffice could not convert the file" in info.value.message
    assert info.value.source == str(path)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("plain.doc", b"just some text, not a Word file", "not a Word 97-2003 .doc document"),
        ("plain.odt", b"<html>not an odt</html>", "not an OpenDocument .odt text"),
        ("plain.rtf", b"PK\x03\x04 a zip", "not an .rtf document"),
        ("empty.doc", b"", "file is empty"),
    ],
)
def test_not_that_kind_of_file(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(IngestError) as info:
        read_source(path)
    assert info.value.message.startswith(message)
    assert info.value.source == str(path)


def test_missing_libreoffice_names_the_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "plan.rtf"
    path.write_bytes(b"{\\rtf1\\ansi plan}")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(IngestError) as info:
        read_source(path)
    assert "LibreOffice" in info.value.message
    assert SOFFICE_PACKAGE in (info.value.expected or "")


def test_the_upload_route_takes_an_odt(material: Path, tmp_path: Path) -> None:
    from test_rest import TOKEN, upload_client

    odt = soffice_convert(seed_docx("000", material), "odt", material)
    client, _ = upload_client(tmp_path)
    response = client.post(
        "/api/documents?filename=ke-hoach-285.odt",
        content=odt.read_bytes(),
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 201, response.text
    report = response.json()
    assert report["ok"] and report["tasks"] == TASKS["000"] and report["path"] == "ke-hoach-285.odt"


def test_unavailable_formats_name_their_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest.readers import availability

    monkeypatch.setattr(shutil, "which", lambda name: None)
    availability.unavailable_formats.cache_clear()
    try:
        note = availability.availability_note()
    finally:
        availability.unavailable_formats.cache_clear()
    assert note is not None
    assert "PDF scans need tesseract-ocr and tesseract-ocr-vie" in note
    assert ".doc/.odt/.rtf need libreoffice-writer-nogui" in note


def test_a_web_page_named_doc_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.doc"
    path.write_text(
        "\ufeff<html xmlns:w='urn:schemas-microsoft-com:office:word'><body><p>Số: 1/KH-UBND</p><table>"
        "<tr><th>STT</th><th>Nhiệm vụ</th><th>Cơ quan chủ trì</th><th>Thời gian</th></tr>"
        "<tr><td>1</td><td>Việc một</td><td rowspan='2'>Sở Nội vụ</td><td>Quý I</td></tr>"
        "<tr><td>2</td><td>Việc hai</td><td>Quý II</td></tr></table></body></html>",
        encoding="utf-8",
    )
    src = read_source(path)
    assert src.source_format == "html"
    assert src.lines == [
        "Số: 1/KH-UBND",
        "STT\tNhiệm vụ\tCơ quan chủ trì\tThời gian",
        "1\tViệc một\tSở Nội vụ\tQuý I",
        "2\tViệc hai\t\tQuý II",
    ]


def test_ingest_says_which_formats_are_unavailable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from api import cli

    monkeypatch.setattr(cli, "availability_note", lambda: "Formats unavailable here: .doc/.odt/.rtf need X")
    result = CliRunner().invoke(
        cli.app, ["ingest", "--store", str(tmp_path / "store"), str(SEEDS["000"])], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert "Formats unavailable here: .doc/.odt/.rtf need X" in result.output
    assert "1 of 1 documents ingested" in result.output
