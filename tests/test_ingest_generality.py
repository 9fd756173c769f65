"""Documents unlike the seeds: quirks found by the benchmark's generated corpus, kept as regressions."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from ingest.agencies import parse_agency_cell
from ingest.pipeline import file_sha256, ingest_file
from ontology.iris import IriMinter
from ontology.namespace import CCHC, ELI

BASE = "https://w3id.org/cchc-kg/"

PLAN = """Số: 7/KH-UBND

Lâm Đồng, ngày 10 tháng 01 năm 2026

KẾ HOẠCH
Cải cách hành chính tỉnh Lâm Đồng năm 2026

Căn cứ Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030;

Tăng cường phổ biến pháp luật cho cán bộ, công chức ngày càng hiệu quả.

I. MỤC ĐÍCH
"""


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("generality") / "lam-dong-2026.md"
    path.write_text(PLAN, encoding="utf-8")
    return ingest_file(path, IriMinter())


def test_a_programme_named_as_legal_basis_links_to_its_resolution(plan) -> None:
    assert (plan.primary, ELI.based_on, URIRef(BASE + "eli/vn/cp/nq/2021/76")) in plan.graph
    assert (plan.primary, CCHC.implementsProgramme, URIRef(BASE + "programme/2021-2030")) in plan.graph


def test_the_common_noun_phap_luat_is_not_a_law(plan) -> None:
    laws = [r for r in plan.parsed.references if r.doc_type == "L"]
    assert laws == []


@pytest.mark.parametrize(
    ("cell", "province", "names"),
    [
        (
            "VP UBND tỉnh, Sở Nội vụ",
            "Vĩnh Phúc",
            ["Văn phòng UBND tỉnh", "Sở Nội vụ"],
        ),  # VP = Vĩnh Phúc's initials
        ("Đài PT-TH tỉnh", "Thanh Hóa", ["Đài Phát thanh và Truyền hình tỉnh"]),
        ("Báo Bà Rịa - Vũng Tàu", "Bà Rịa - Vũng Tàu", ["Báo Bà Rịa - Vũng Tàu"]),
        ("Báo ĐT, Đài PT&TH ĐT", "Đồng Tháp", ["Báo Đồng Tháp", "Đài Phát thanh và Truyền hình tỉnh"]),
    ],
)
def test_province_names_and_initials_inside_agency_names(cell: str, province: str, names: list[str]) -> None:
    refs, findings = parse_agency_cell(cell, province)
    assert [r.name for r in refs] == names
    assert [f.kind for f in findings] == []


# -- two files, one identity ------------------------------------------------------------------------

UNDATED = """Số: 7/KH-UBND

KẾ HOẠCH
{title}

I. MỤC ĐÍCH
"""


def test_two_different_files_never_share_one_document(tmp_path) -> None:
    """A plan whose date is not read has an IRI without a year: a second plan of that number must not
    silently replace the first. The same file ingested again (even edited) still replaces its graph."""
    from api.service import ingest_paths, store_documents
    from ontology import DEFAULT_BASE_IRI
    from queries.store import EmbeddedStore

    first, second = tmp_path / "a" / "plan.md", tmp_path / "b" / "plan.md"
    for path, title in (
        (first, "Cải cách hành chính tỉnh Lâm Đồng năm 2026"),
        (second, "Chuyển đổi số tỉnh Lâm Đồng năm 2026"),
    ):
        path.parent.mkdir()
        path.write_text(UNDATED.format(title=title), encoding="utf-8")
    store = EmbeddedStore(tmp_path / "store")
    reports = ingest_paths(store, [first, second], DEFAULT_BASE_IRI)
    assert [r.ok for r in reports] == [True, False]
    error = reports[1].error or ""
    assert str(second) in error and str(first.resolve()) in error and "eli/vn/lam-dong/ubnd/kh/7" in error
    assert any("year is unknown" in f.message for f in reports[0].warnings)
    assert [Path(d["path"]) for d in store_documents(store, DEFAULT_BASE_IRI)] == [first.resolve()]

    first.write_text(
        UNDATED.format(title="Cải cách hành chính tỉnh Lâm Đồng năm 2026 (sửa)"), encoding="utf-8"
    )
    again = ingest_paths(store, [first, first], DEFAULT_BASE_IRI)
    assert [r.ok for r in again] == [True, True]
    docs = store_documents(store, DEFAULT_BASE_IRI)
    assert len(docs) == 1 and docs[0]["sha"] == file_sha256(first)
