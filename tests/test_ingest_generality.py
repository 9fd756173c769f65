"""Documents unlike the seeds: quirks found by the benchmark's generated corpus, kept as regressions."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import DCTERMS

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
    silently replace the first. It is set apart (its IRIs suffixed by its path's checksum) and flagged;
    the same file ingested again (even edited) still replaces its own graph."""
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
    plain = BASE + "eli/vn/lam-dong/ubnd/kh/7"
    reports = ingest_paths(store, [first, second], DEFAULT_BASE_IRI)
    assert [r.ok for r in reports] == [True, True]
    assert reports[0].plan == plain and reports[1].plan.startswith(plain + "/file-")
    assert any("year is unknown" in f.message for f in reports[0].warnings)
    apart = [f.message for f in reports[1].warnings if "kept apart" in f.message]
    assert len(apart) == 1 and str(first.resolve()) in apart[0] and reports[1].plan in apart[0]
    held = {Path(d["path"]): d["plan"] for d in store_documents(store, DEFAULT_BASE_IRI)}
    assert held == {first.resolve(): plain, second.resolve(): reports[1].plan}
    titles = {
        str(o) for o in store.graph(URIRef(reports[1].graph)).objects(URIRef(reports[1].plan), DCTERMS.title)
    }
    assert titles == {"Chuyển đổi số tỉnh Lâm Đồng năm 2026"}

    first.write_text(
        UNDATED.format(title="Cải cách hành chính tỉnh Lâm Đồng năm 2026 (sửa)"), encoding="utf-8"
    )
    again = ingest_paths(store, [first, second, first], DEFAULT_BASE_IRI)
    assert [r.plan for r in again] == [plain, reports[1].plan, plain]
    docs = store_documents(store, DEFAULT_BASE_IRI)
    assert len(docs) == 2 and {d["sha"] for d in docs} == {file_sha256(first), file_sha256(second)}


# -- legal bases as real 2025 plans print them ---------------------------------------------------------

BASES = """Số: 31/KH-UBND

*Lâm Đồng, ngày 20
tháng 11 năm 2025*

**KẾ HOẠCH**

Chuyển đổi số tỉnh Lâm Đồng năm 2026

*Căn cứ Luật Tổ chức chính quyền địa phương ngày 16
tháng 6 năm 2025;*

**Căn cứ** Thông tư số 01/2023/TT-BNV ngày 02/3/2023 của Bộ Nội vụ;

*Căn cứ Chỉ thị số 23/CT-TTg ngày 26 tháng 8 năm 2025 của Thủ tướng Chính phủ;*

Căn cứ Căn cứ Kế hoạch số 17/KH-UBND ngày 11/8/2025 của UBND tỉnh về thực hiện Nghị quyết số
71/NQ-CP ngày 01/4/2025 của Chính phủ và Kế hoạch số 07-KH/TU ngày 25/7/2025 của Ban Thường vụ
Tỉnh ủy về thực hiện Nghị quyết số 57- NQ/TW ngày 22/12/2024 của Bộ Chính trị;

Thực hiện Thông tri số 02-TT/TU ngày 03/10/2025 của Tỉnh ủy về lãnh đạo thực hiện “Tháng hành
động” và hướng dẫn của Bộ Nội vụ tại Công văn số 8935/BNV-CTTN&BĐG ngày 03/10/2025;

Theo đề nghị của Sở Nội vụ tại Tờ trình số 133/TTr-SNV ngày 15/11/2025, Ủy ban nhân dân tỉnh ban
hành Kế hoạch như sau:

I. MỤC ĐÍCH
"""


@pytest.fixture(scope="module")
def bases(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("bases") / "lam-dong-31.md"
    path.write_text(BASES, encoding="utf-8")
    return ingest_file(path, IriMinter())


def test_legal_bases_read_as_real_plans_print_them(bases) -> None:
    refs = {r.as_written: r for r in bases.parsed.references}
    strong = {k for k, r in refs.items() if r.relation in ("based_on", "implements")}
    # emphasis, a doubled "Căn cứ", a Thông tư, a Thực hiện clause naming two documents
    assert strong == {
        "Luật Tổ chức chính quyền địa phương",
        "01/2023/TT-BNV",
        "23/CT-TTg",
        "17/KH-UBND",
        "02-TT/TU",
        "8935/BNV-CTTN&BĐG",
    }
    # numbers inside another document's description are cited; the proposal is not a basis
    assert {refs[n].relation for n in ("71/NQ-CP", "07-KH/TU", "57- NQ/TW", "133/TTr-SNV")} == {"cites"}
    assert refs["17/KH-UBND"].title == (
        "về thực hiện Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ và Kế hoạch số 07-KH/TU ngày"
        " 25/7/2025 của Ban Thường vụ Tỉnh ủy về thực hiện Nghị quyết số 57- NQ/TW ngày 22/12/2024 của"
        " Bộ Chính trị"
    )
    assert (
        refs["02-TT/TU"].title == "về lãnh đạo thực hiện “Tháng hành động”"
    )  # the next document is not in it


def test_documents_of_a_new_year_are_not_older_namesakes(bases) -> None:
    g, plan = bases.graph, bases.primary
    based_on = set(g.objects(plan, ELI.based_on))
    # the 2025 Law on local government is the 2025 one, not its 2015 namesake
    assert URIRef(BASE + "eli/vn/qh15/luat/2025/72") in based_on
    assert URIRef(BASE + "eli/vn/qh13/luat/2015/77") not in based_on
    # 23/CT-TTg of 2025 is not the reference base's 23/CT-TTg of 2021
    assert URIRef(BASE + "eli/vn/ttg/ct/2025/23") in based_on
    circular, party = URIRef(BASE + "eli/vn/bnv/tt/2023/01"), URIRef(BASE + "eli/vn/lam-dong/tu/ttri/2025/02")
    assert (circular, ELI.type_document, URIRef(BASE + "ontology/doctype/TT")) in g
    assert (party, ELI.type_document, URIRef(BASE + "ontology/doctype/TTri")) in g


def test_a_law_is_found_by_name_only_for_its_own_enactment() -> None:
    from datetime import date

    from ingest.reference_base import find_by_title

    title = "Luật Quản lý, sử dụng tài sản công"
    assert find_by_title(title).number_text == "15/2017/QH14"
    assert find_by_title(title, date(2017, 6, 21)).number_text == "15/2017/QH14"
    assert find_by_title(title, date(2019, 6, 21)).number_text == "15/2017/QH14"  # a misprinted year
    assert find_by_title(title, date(2024, 11, 29)) is None  # another enactment of that name
    assert (
        find_by_title("Luật Tổ chức chính quyền địa phương", date(2025, 6, 16)).number_text == "72/2025/QH15"
    )


def test_a_law_named_by_title_and_number_is_one_document() -> None:
    from ingest.records import Span
    from ingest.references import references_in_text

    text = "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025;"
    refs, _ = references_in_text(text, Span(1, 1), "based_on", "plan")
    assert [(r.doc_type, r.as_written, r.title, str(r.date)) for r in refs] == [
        ("L", "72/2025/QH15", "Luật Tổ chức chính quyền địa phương", "2025-06-16")
    ]


def test_a_date_two_documents_disagree_on_is_not_asserted(tmp_path) -> None:
    """One plan misprints a cited resolution's date: the store keeps each mention's stated date and
    asserts no eli:date_document for it (the shapes allow one)."""
    from api.service import ingest_paths
    from ontology import DEFAULT_BASE_IRI
    from queries.store import EmbeddedStore

    cited = "Căn cứ Nghị quyết số 45/NQ-CP ngày {day} của Chính phủ về chuyển đổi số;\n"
    for name, number, day in (("a.md", 7, "01/4/2025"), ("b.md", 8, "01/5/2025")):
        text = UNDATED.replace("Số: 7/", f"Số: {number}/").format(
            title="Chuyển đổi số tỉnh Lâm Đồng năm 2026"
        )
        (tmp_path / name).write_text(
            text.replace("\nI. MỤC ĐÍCH", cited.format(day=day) + "\nI. MỤC ĐÍCH"), "utf-8"
        )
    store = EmbeddedStore(tmp_path / "store")
    assert all(r.ok for r in ingest_paths(store, [tmp_path / "a.md", tmp_path / "b.md"], DEFAULT_BASE_IRI))
    resolution = URIRef(BASE + "eli/vn/cp/nq/2025/45")
    assert list(store.select(f"SELECT ?d WHERE {{ <{resolution}> <{ELI.date_document}> ?d }}")) == []
    stated = store.select(
        f"SELECT ?d WHERE {{ ?r <{CCHC.referencedDocument}> <{resolution}> ; <{CCHC.statedDate}> ?d }}"
    )
    assert sorted(str(row.values["d"]) for row in stated) == ["2025-04-01", "2025-05-01"]


def test_documents_joined_by_va_share_the_clause_relation() -> None:
    from ingest.records import Span
    from ingest.references import references_in_text

    text = (
        "Căn cứ Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ và Chương trình hành động số 10-CTr/TU"
        " ngày 13/8/2025 của Ban Thường vụ Tỉnh ủy về thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024;"
    )
    refs, _ = references_in_text(text, Span(1, 1), "based_on", "plan")
    assert [(r.as_written, r.relation) for r in refs] == [
        ("71/NQ-CP", "based_on"),
        ("10-CTr/TU", "based_on"),
        ("57-NQ/TW", "cites"),
    ]


def test_a_list_of_numbers_after_one_type_word_are_all_bases() -> None:
    from ingest.records import Span
    from ingest.references import references_in_text

    text = (
        "Căn cứ các Nghị quyết của Chính phủ: số 76/NQ-CP ngày 15/7/2021 ban hành Chương trình tổng thể cải"
        " cách hành chính nhà nước giai đoạn 2021 - 2030, số 04/NQ-CP ngày 10/01/2022 về đẩy mạnh phân cấp;"
    )
    refs, _ = references_in_text(text, Span(1, 1), "based_on", "plan")
    assert [(r.as_written, r.relation, str(r.date)) for r in refs] == [
        ("76/NQ-CP", "based_on", "2021-07-15"),
        ("04/NQ-CP", "based_on", "2022-01-10"),
    ]
