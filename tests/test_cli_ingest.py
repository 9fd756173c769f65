"""`cchc-kg ingest` end to end: summaries, bad input, atomic per-document writes, re-ingest."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.service import ingest_paths, store_documents
from ontology import DEFAULT_BASE_IRI
from queries.store import EmbeddedStore

SAMPLES = Path(__file__).resolve().parent.parent / "ingest" / "samples"
runner = CliRunner()


def to_cp1258(text: str) -> bytes:
    """Encode Vietnamese as Windows-1258 does: base letters precomposed, tone marks combining."""
    out = b""
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            tones = [m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323"]
            rest = [m for m in marks if m not in tones]
            out += unicodedata.normalize("NFC", base + "".join(rest)).encode("cp1258")
            out += "".join(tones).encode("cp1258")
    return out


def quads(store_path: Path) -> set[tuple]:
    store = EmbeddedStore(store_path)
    return set(store.quads())


def test_ingest_seed_folder_prints_a_summary_per_document(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", "--store", str(tmp_path / "store"), str(SAMPLES)])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "✓ 000_8ed5b0c1c9e5996d.txt → 285/KH-UBND: 32 tasks" in out
    assert "✓ 001_ce0cdafa26a7571f.txt → 272/KH-UBND: 37 tasks" in out
    assert "✓ 002_2d6760ac75cd051f.txt → 142/KH-UBND: 29 tasks" in out
    assert "✓ 003_8182945d4607df81.txt → 465/QĐ-UBND: 48 tasks" in out
    assert "✓ 004_6ea1a7e339262ab4.txt → 71/QĐ-UBND-HC: 23 tasks" in out
    assert "16 targets" in out
    assert "line 180 [missing-section]" in out
    assert "5 of 5 documents ingested" in out
    docs = store_documents(EmbeddedStore(tmp_path / "store"), DEFAULT_BASE_IRI)
    assert [Path(d["path"]).name for d in docs] == [p.name for p in sorted(SAMPLES.glob("*.txt"))]
    assert [d["tasks"] for d in docs] == ["32", "37", "29", "48", "23"]
    assert all(len(d["sha"]) == 64 for d in docs)


def test_bad_files_are_rejected_with_clear_messages_and_the_rest_goes_in(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.txt").write_text(
        "Biên bản họp giao ban tuần.\nKhông có tiêu đề văn bản.\n", encoding="utf-8"
    )
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    (folder / "legacy.txt").write_bytes(
        to_cp1258("Số: 12/KH-UBND\nKẾ HOẠCH\nCải cách hành chính tỉnh Lâm Đồng")
    )
    shutil.copy(SAMPLES / "000_8ed5b0c1c9e5996d.txt", folder / "dong-thap-2021.txt")
    store = tmp_path / "store"
    result = runner.invoke(app, ["ingest", "--store", str(store), str(folder)])
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert f"✗ empty.txt: {folder / 'empty.txt'}: file is empty" in out
    assert "✗ notes.txt:" in out and "no document header found" in out
    assert "✗ binary.txt:" in out and "binary file, not a text document" in out
    assert "✗ legacy.txt:" in out and "not UTF-8" in out and "Windows-1258" in out
    assert "✓ dong-thap-2021.txt → 285/KH-UBND: 32 tasks" in out
    assert "1 of 5 documents ingested" in out
    docs = store_documents(EmbeddedStore(store), DEFAULT_BASE_IRI)
    assert [Path(d["path"]).name for d in docs] == ["dong-thap-2021.txt"]


def test_a_rejected_file_leaves_the_store_unchanged(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert runner.invoke(app, ["ingest", "--store", str(store), str(SAMPLES)]).exit_code == 0
    before = quads(store)
    bad = tmp_path / "broken.txt"
    bad.write_text("KẾ HOẠCH\n", encoding="utf-8")
    bad.write_bytes(b"\xff\xfe\x00garbage")
    result = runner.invoke(app, ["ingest", "--store", str(store), str(bad)])
    assert result.exit_code == 1
    assert quads(store) == before


def test_missing_path_exits_with_a_user_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", "--store", str(tmp_path / "store"), str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "nope.txt: no such file or folder" in " ".join(result.output.split())


def test_reingesting_replaces_the_graph_instead_of_duplicating(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    ingest_paths(store, [SAMPLES], DEFAULT_BASE_IRI)
    first = len(store)
    graphs = store.named_graphs()
    ingest_paths(store, [SAMPLES / "003_8182945d4607df81.txt"], DEFAULT_BASE_IRI)
    assert store.named_graphs() == graphs
    assert len(store) == first


def test_header_without_task_table_is_ingested_with_a_warning(tmp_path: Path) -> None:
    doc = tmp_path / "bases-only.md"
    doc.write_text(
        "Số: 15/KH-UBND\n\nLâm Đồng, ngày 10 tháng 01 năm 2026\n\nKẾ HOẠCH\nCải cách hành chính năm 2026\n\n"
        "Căn cứ Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ ban hành Chương trình tổng thể "
        "cải cách hành chính nhà nước giai đoạn 2021 - 2030;\n\nI. MỤC ĐÍCH\n\nNội dung chưa có bảng.\n",
        encoding="utf-8",
    )
    store = EmbeddedStore(tmp_path / "store")
    [report] = ingest_paths(store, [doc], DEFAULT_BASE_IRI)
    assert report.ok and report.tasks == 0 and report.plan_label == "15/KH-UBND"
    assert [f.kind for f in report.warnings] == ["no-task-table"]
    rows = store.select(
        "PREFIX eli: <http://data.europa.eu/eli/ontology#> SELECT DISTINCT ?n WHERE { ?plan eli:number "
        '"15/KH-UBND" ; eli:based_on ?d . ?d eli:number ?n } ',
    )
    assert [str(r["n"]) for r in rows] == ["76/NQ-CP"]


@pytest.mark.parametrize("name", ["000_8ed5b0c1c9e5996d.txt"])
def test_base_iri_is_configurable(tmp_path: Path, name: str) -> None:
    store = EmbeddedStore(tmp_path / "store")
    ingest_paths(store, [SAMPLES / name], "https://data.example.vn/cchc/")
    graphs = [str(g) for g in store.named_graphs()]
    assert "https://data.example.vn/cchc/graph/eli/vn/dong-thap/ubnd/kh/2020/285" in graphs
