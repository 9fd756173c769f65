"""Tests of ingest.agencies: splitting lead/partner cells of the five seeds and resolving agency names."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.agencies import (
    DATA_PATH,
    AgencyRef,
    fuzzy_matches,
    load_table,
    parse_agency_cell,
    parse_roles,
    resolve_agency,
    split_agencies,
)
from ingest.lineage import successors
from ingest.records import Finding

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "ingest" / "samples"
DT, ST, NT = "Đồng Tháp", "Sóc Trăng", "Ninh Thuận"

# Canonical names used below.
SNV, STP, STC = "Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính"
STTTT, SKHCN, SKHDT = "Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ", "Sở Kế hoạch và Đầu tư"
STNMT, SXD, SYT = "Sở Tài nguyên và Môi trường", "Sở Xây dựng", "Sở Y tế"
SGDDT, SVHTTDL = "Sở Giáo dục và Đào tạo", "Sở Văn hóa, Thể thao và Du lịch"
SLDTBXH = "Sở Lao động - Thương binh và Xã hội"
VP = "Văn phòng UBND tỉnh"
SBN = "Các sở, ban, ngành tỉnh"
HUYEN, XA, CAC_CAP = "UBND cấp huyện", "UBND cấp xã", "UBND các cấp"
LQ = "Các cơ quan có liên quan"
DAI, DTT = "Đài Phát thanh và Truyền hình tỉnh", "Đài Truyền thanh cấp huyện"
CONG = "Cổng Thông tin điện tử tỉnh"
KSTTHC = "Trung tâm Kiểm soát thủ tục hành chính và Phục vụ hành chính công"


def names(cell: str, province: str | None = DT) -> list[str]:
    return [ref.name for ref in parse_agency_cell(cell, province)[0]]


def scheme_notations(scheme_prefix: str) -> set[str]:
    text = (ROOT / "ontology" / "schemes.ttl").read_text(encoding="utf-8")
    return set(re.findall(rf"^{scheme_prefix}:\S+ a .*?skos:notation \"([^\"]+)\"", text, re.MULTILINE))


# --------------------------------------------------------------------------------------------------
# Every lead/partner cell of the five seeds (joined where a page break split it)
# --------------------------------------------------------------------------------------------------

SEED_CELLS: list[tuple[str, str, list[str]]] = [
    # 000 / 001 Đồng Tháp, plans 2021 and 2019
    ("Cơ quan hành chính, đơn vị sự nghiệp", DT, ["Cơ quan hành chính, đơn vị sự nghiệp"]),
    ("Sở Nội vụ", DT, [SNV]),
    ("UBND cấp huyện (các huyện có điều kiện)", DT, [HUYEN]),
    ("Đài Phát thanh và Truyền hình Đồng Tháp", DT, [DAI]),
    ("Đài Phát thanh và Truyền hình Tỉnh", DT, [DAI]),
    ("Đài Phát thanh và Truyền hình tỉnh", DT, [DAI]),
    ("Sở Nội vụ, Sở Thông tin và Truyền thông", DT, [SNV, STTTT]),
    ("Sở Nội vụ, Báo Đồng Tháp", DT, [SNV, "Báo Đồng Tháp"]),
    ("Các cơ quan có liên quan", DT, [LQ]),
    ("UBND và Đài Truyền thanh cấp huyện", DT, [HUYEN, DTT]),
    ("Các sở, ngành tỉnh và huyện, thành phố có điều kiện", DT, [SBN, HUYEN]),
    ("Các sở, ngành tỉnh và huyện, thành phố", DT, [SBN, HUYEN]),
    ("Các sở, ngành tỉnh và huyện, thị xã, thành phố có điều kiện", DT, [SBN, HUYEN]),
    ("Các sở, ngành tỉnh và huyện, thị xã, thành phố", DT, [SBN, HUYEN]),
    ("Sở Thông tin và Truyền thông, Công Thông tin điện tử Tỉnh", DT, [STTTT, CONG]),
    ("Các sở, ngành tỉnh, UBND cấp huyện, cấp xã", DT, [SBN, HUYEN, XA]),
    ("Sở Tư pháp, UBND cấp huyện, cấp xã", DT, [STP, HUYEN, XA]),
    ("Các sở, ban, ngành tỉnh", DT, [SBN]),
    ("Văn phòng UBND Tỉnh", DT, [VP]),
    ("Văn phòng UBND tỉnh", DT, [VP]),
    ("Các sở, ban, ngành tỉnh, UBND cấp huyện", DT, [SBN, HUYEN]),
    ("Các sở, ban, ngành tỉnh, UBND cấp huyện.", DT, [SBN, HUYEN]),
    ("Các sở, ban, ngành tỉnh, UBND cấp huyện, cấp xã", DT, [SBN, HUYEN, XA]),
    ("Sở Nội vụ, Sở Tư pháp, Văn phòng UBND tỉnh", DT, [SNV, STP, VP]),
    ("Các sở, ngành tỉnh, UBND cấp huyện", DT, [SBN, HUYEN]),
    ("Sở Tài chính, UBND cấp huyện và cấp xã", DT, [STC, HUYEN, XA]),
    ("Sở Nội vụ, Sở Tài chính, Sở Lao động - Thương binh và Xã hội", DT, [SNV, STC, SLDTBXH]),
    ("Sở Nội vụ, Sở Tài chính, Sở Lao động – Thương binh và Xã hội", DT, [SNV, STC, SLDTBXH]),
    (
        "Sở Thông tin và Truyền thông và các sở, ngành tỉnh có liên quan và UBND cấp huyện",
        DT,
        [STTTT, SBN, HUYEN],
    ),
    ("Văn phòng UBND tỉnh, Sở Nội vụ", DT, [VP, SNV]),
    ("Sở Thông tin và Truyền thông, Văn phòng UBND Tỉnh, Sở Nội vụ", DT, [STTTT, VP, SNV]),
    ("Các sở, ban, ngành tỉnh và UBND cấp huyện", DT, [SBN, HUYEN]),
    ("Các Sở, ban ngành tỉnh và Ủy ban nhân dân cấp huyện", DT, [SBN, HUYEN]),
    (
        "Các cơ quan, đơn vị đã và chuẩn bị được công nhận",
        DT,
        ["Các cơ quan, đơn vị đã và chuẩn bị được công nhận"],
    ),
    ("Sở Khoa học và Công nghệ", DT, [SKHCN]),
    (
        "Văn phòng UBND Tỉnh; các Sở: Tư pháp, Tài chính, Tài nguyên và Môi trường, Khảo học và Công nghệ; "
        "Ban Dân vận TU, Ban Pháp chế HĐND Tỉnh, Đài PT&TH, Báo ĐT",
        DT,
        [VP, STP, STC, STNMT, SKHCN, "Ban Dân vận Tỉnh ủy", "Ban Pháp chế HĐND tỉnh", DAI, "Báo Đồng Tháp"],
    ),
    (
        "Các Sở: Tư pháp, Tài chính, Xây dựng, Tài nguyên và Môi trường; Ban Dân vận Tỉnh ủy, "
        "Ban Pháp chế HĐND tỉnh, Đài PT&TH, Báo ĐT",
        DT,
        [STP, STC, SXD, STNMT, "Ban Dân vận Tỉnh ủy", "Ban Pháp chế HĐND tỉnh", DAI, "Báo Đồng Tháp"],
    ),
    (
        "Các Sở: Nội vụ, Tư pháp, Tài chính, Kế hoạch và Đầu tư, Xây dựng, Tài nguyên và Môi trường, "
        "Văn phòng UBND tỉnh",
        DT,
        [SNV, STP, STC, SKHDT, SXD, STNMT, VP],
    ),
    ("Sở Tư pháp, UBND cấp huyện, cấp xã", DT, [STP, HUYEN, XA]),  # 001 rows 123+125 joined
    ("Sở Tư pháp, Sở Nội vụ", DT, [STP, SNV]),
    ("Sở Nội vụ, UBND cấp huyện", DT, [SNV, HUYEN]),
    ("Sở thông tin và truyền thông", DT, [STTTT]),
    ("Sở Nội vụ, Trung tâm KSTTHC và PVHCC", DT, [SNV, KSTTHC]),
    # 004 Đồng Tháp, review 2011-2020
    ("Các sở, ngành tỉnh và UBND cấp huyện", DT, [SBN, HUYEN]),
    (
        "Các sở: Y tế, Giáo dục và Đào tạo, Khoa học và Công nghệ, Văn hóa, Thể thao và Du lịch; "
        "các cơ quan có liên quan",
        DT,
        [SYT, SGDDT, SKHCN, SVHTTDL, LQ],
    ),
    ("Sở Y tế", DT, [SYT]),
    ("Sở Giáo dục và Đào tạo", DT, [SGDDT]),
    ("Sở Kế hoạch và Đầu tư", DT, [SKHDT]),
    ("Các sở, ngành, địa phương", DT, ["Các sở, ngành, địa phương"]),
    ("Các sở, ngành, địa phương và các cơ quan có liên quan", DT, ["Các sở, ngành, địa phương", LQ]),
    (
        "Đài Phát thanh và Truyền hình Đồng Tháp; Báo Đồng Tháp; Cổng Thông tin điện tử Tỉnh",
        DT,
        [DAI, "Báo Đồng Tháp", CONG],
    ),
    ("Văn phòng UBND Tỉnh và các cơ quan có liên quan", DT, [VP, LQ]),
    # 002 Sóc Trăng, plan 2021 (cells joined from wrapped lines)
    ("Sở Tư pháp", ST, [STP]),
    ("Sở, ban, ngành; UBND cấp huyện và các cơ quan có liên quan", ST, [SBN, HUYEN, LQ]),
    ("- Các sở, ban ngành và các cơ quan có liên quan", ST, [SBN, LQ]),
    ("Các sở, ban, ngành", ST, [SBN]),
    ("Sở, ban, ngành và các cơ quan có liên quan; UBND cấp huyện, cấp xã", ST, [SBN, LQ, HUYEN, XA]),
    ("Văn phòng UBND tỉnh", ST, [VP]),
    ("Các sở, ban, ngành tỉnh", ST, [SBN]),
    ("Sở, ban ngành", ST, [SBN]),
    ("Các sở, ban, ngành cấp tỉnh; UBND cấp huyện, cấp xã", ST, [SBN, HUYEN, XA]),
    ("Sở, ban ngành; UBND cấp huyện; các cơ quan liên quan", ST, [SBN, HUYEN, LQ]),
    ("Sở Nội vụ, Sở Tư pháp và các đơn vị có liên quan", ST, [SNV, STP, LQ]),
    ("Các sở, ban, ngành tỉnh; UBND cấp huyện và các cơ quan có liên quan", ST, [SBN, HUYEN, LQ]),
    ("Các sở, ban, ngành tỉnh; UBND cấp huyện", ST, [SBN, HUYEN]),
    ("Các cơ quan liên quan", ST, [LQ]),
    ("Các sở, ban, ngành; UBND cấp huyện, cấp xã; các cơ quan liên quan", ST, [SBN, HUYEN, XA, LQ]),
    ("Sở, ban ngành, UBND cấp huyện, cấp xã và các cơ quan có liên quan", ST, [SBN, HUYEN, XA, LQ]),
    ("Các sở, ban, ngành; UBND cấp huyện, cấp xã", ST, [SBN, HUYEN, XA]),
    ("Sở Tài chính", ST, [STC]),
    ("Các đơn vị sự nghiệp công lập", ST, ["Các đơn vị sự nghiệp công lập"]),
    ("- Sở Y tế; - Sở Giáo dục và Đào tạo", ST, [SYT, SGDDT]),
    ("Sở Nội vụ và các đơn vị có liên quan", ST, [SNV, LQ]),
    ("Sở Thông tin và Truyền thông", ST, [STTTT]),
    ("Sở, ban ngành và UBND cấp huyện, cấp xã và các cơ quan có liên quan", ST, [SBN, HUYEN, XA, LQ]),
    ("Sở, ban, ngành; UBND các cấp và các cơ quan có liên quan", ST, [SBN, CAC_CAP, LQ]),
    ("Sở Khoa học và Công nghệ", ST, [SKHCN]),
    (
        "Các cơ quan, đơn vị, địa phương đang tham gia hệ thống ISO theo quy định",
        ST,
        ["Các cơ quan, đơn vị, địa phương đang tham gia hệ thống ISO theo quy định"],
    ),
    ("Sở ban ngành, UBND cấp huyện, cấp xã và các cơ quan có liên quan", ST, [SBN, HUYEN, XA, LQ]),
    ("Các ngành, các cấp", ST, ["Các ngành, các cấp"]),
    ("Các cơ quan có liên quan", ST, [LQ]),
    ("Các sở, ban, ngành tỉnh, UBND cấp huyện, cấp xã", ST, [SBN, HUYEN, XA]),
    # 003 Ninh Thuận, plan 2021-2025
    ("Các Sở, ban, ngành, UBND các huyện, thành phố", NT, [SBN, HUYEN]),
    ("Văn phòng UBND tỉnh; Sở Thông tin và Truyền thông", NT, [VP, STTTT]),
    ("Ủy ban nhân dân các huyện, thành phố", NT, [HUYEN]),
    ("Các Sở, ban, ngành liên quan", NT, [SBN]),
    ("Các Sở: Kế hoạch và Đầu tư, Tài chính, Tài nguyên và Môi trường", NT, [SKHDT, STC, STNMT]),
    ("UBND các huyện, thành phố", NT, [HUYEN]),
    ("Sở Thông tin và Truyền thông, các Sở, ban, ngành, UBND các huyện, thành phố", NT, [STTTT, SBN, HUYEN]),
    ("Sở Thông tin và Tuyên thông", NT, [STTTT]),
    ("Sở Kế hoạch và Đầu tư", NT, [SKHDT]),
    ("Sở Giáo dục và Đào tạo", NT, [SGDDT]),
]


@pytest.mark.parametrize(("cell", "province", "expected"), SEED_CELLS)
def test_seed_cells_split_into_canonical_agencies(cell: str, province: str, expected: list[str]) -> None:
    assert names(cell, province) == expected


def _tab_cells(name: str, columns: tuple[int, ...]) -> set[str]:
    cells = set()
    for line in (SAMPLES / name).read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        cells.update(parts[c].strip() for c in columns if c < len(parts) and parts[c].strip())
    return cells


# Cells cut by a page break in the raw text; the table reader joins them before calling this module.
_CUT_CELLS = {
    "Sở Tư pháp, UBND cấp",
    "huyện, cấp xã",
    "Sở Thông tin và Tuyên",
    "thông",
    "Tài nguyên và Môi trường",
    "Các Sở, ban, ngành, UBND các",
    "huyện, thành phố",
}
_HEADERS = {"Cơ quan, đơn vị chủ trì", "Cơ quan, đơn vị phối hợp", "Cơ quan chủ trì", "Cơ quan phối hợp"}


@pytest.mark.parametrize(
    ("name", "columns", "province"),
    [
        ("000_8ed5b0c1c9e5996d.txt", (3, 4), DT),
        ("001_ce0cdafa26a7571f.txt", (3, 4), DT),
        ("003_8182945d4607df81.txt", (4, 5), NT),
        ("004_6ea1a7e339262ab4.txt", (3, 4), DT),
    ],
)
def test_every_tab_seed_cell_is_known(name: str, columns: tuple[int, ...], province: str) -> None:
    cells = {c for c in _tab_cells(name, columns) if c not in _CUT_CELLS | _HEADERS and c.upper() != c}
    assert len(cells) > 8
    for cell in cells:
        refs, findings = parse_agency_cell(cell, province)
        assert refs, cell
        assert all(ref.match != "unknown" for ref in refs), cell
        assert all(f.kind == "fuzzy-agency" for f in findings), cell


def _pipe_cells() -> list[str]:
    """Lead and partner cells of the Sóc Trăng appendix (cells between lines holding only "|")."""
    lines = (SAMPLES / "002_2d6760ac75cd051f.txt").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("PHỤ LỤC"))
    cells, current = [], []
    for line in lines[start:]:
        if line.strip() == "|":
            cells.append(" ".join(current).strip())
            current = []
        else:
            current.append(line.strip())
    cells.append(" ".join(current).strip())
    rows = [i for i, cell in enumerate(cells) if re.match(r"^\d+\. ", cell)]
    return [cells[i + k] for i in rows for k in (2, 3) if i + k < len(cells)]


def test_every_pipe_seed_cell_is_known() -> None:
    cells = _pipe_cells()
    assert len(cells) > 40
    for cell in cells:
        refs, findings = parse_agency_cell(cell, ST)
        assert refs, cell
        assert findings == [], cell


# --------------------------------------------------------------------------------------------------
# Kinds, groups, national bodies
# --------------------------------------------------------------------------------------------------


def successor_keys(ref: AgencyRef, province: str | None) -> list[str | None]:
    """The keys of the bodies that directly took ``ref`` over (ingest.lineage), in the data's order."""
    return [key for key, _province, _kind, _when in successors(ref.key, province)]


def _ref(cell: str, province: str | None = DT) -> AgencyRef:
    refs, _ = parse_agency_cell(cell, province)
    assert len(refs) == 1, refs
    return refs[0]


@pytest.mark.parametrize(
    ("written", "key", "kind", "is_group", "national"),
    [
        ("Sở Nội vụ", "so-noi-vu", "department", False, False),
        ("Văn phòng UBND Tỉnh", "van-phong-ubnd-tinh", "office", False, False),
        ("Văn phòng Ủy ban nhân dân tỉnh", "van-phong-ubnd-tinh", "office", False, False),
        ("VPUB", "van-phong-ubnd-tinh", "office", False, False),
        ("Đài PT&TH ĐT", "dai-phat-thanh-va-truyen-hinh-tinh", "media", False, False),
        ("Đài PTTH tỉnh", "dai-phat-thanh-va-truyen-hinh-tinh", "media", False, False),
        ("Báo ĐT", "bao-tinh", "media", False, False),
        ("Cổng Thông tin điện tử tỉnh", "cong-thong-tin-dien-tu-tinh", "media", False, False),
        ("Ban Dân vận TU", "ban-dan-van-tinh-uy", "party-body", False, False),
        ("Ban Pháp chế HĐND Tỉnh", "ban-phap-che-hdnd-tinh", "council", False, False),
        ("Trung tâm KSTTHC và PVHCC", "trung-tam-kstthc-va-pvhcc", "public-service-unit", False, False),
        ("Thanh tra tỉnh", "thanh-tra-tinh", "inspection", False, False),
        (
            "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
            "uy-ban-mat-tran-to-quoc-tinh",
            "mass-organisation",
            False,
            False,
        ),
        ("Ủy ban nhân dân tỉnh", "ubnd-tinh", "peoples-committee-province", False, False),
        ("Chủ tịch UBND Tỉnh", "chu-tich-ubnd-tinh", "peoples-committee-province", False, False),
        ("Các sở, ban, ngành tỉnh", "cac-so-ban-nganh-tinh", "department", True, False),
        ("Các sở, ngành tỉnh", "cac-so-ban-nganh-tinh", "department", True, False),
        ("Sở ban ngành", "cac-so-ban-nganh-tinh", "department", True, False),
        ("UBND cấp huyện", "ubnd-cap-huyen", "peoples-committee-district", True, False),
        ("UBND các huyện, thị xã, thành phố", "ubnd-cap-huyen", "peoples-committee-district", True, False),
        ("Ủy ban nhân dân cấp huyện", "ubnd-cap-huyen", "peoples-committee-district", True, False),
        ("UBND các xã, phường, thị trấn", "ubnd-cap-xa", "peoples-committee-commune", True, False),
        ("UBND các cấp", "ubnd-cac-cap", "mixed", True, False),
        ("Đài Truyền thanh các huyện, thành phố", "dai-truyen-thanh-cap-huyen", "media", True, False),
        ("các đơn vị có liên quan", "cac-co-quan-co-lien-quan", "mixed", True, False),
        ("Cơ quan hành chính, đơn vị sự nghiệp", "co-quan-hanh-chinh-don-vi-su-nghiep", "mixed", True, False),
        (
            "Các đơn vị sự nghiệp công lập",
            "cac-don-vi-su-nghiep-cong-lap",
            "public-service-unit",
            True,
            False,
        ),
        ("Bộ Nội vụ", "bo-noi-vu", "ministry", False, True),
        ("Văn phòng Chính phủ", "van-phong-chinh-phu", "ministry", False, True),
        ("Chính phủ", "chinh-phu", "government", False, True),
        ("Thủ tướng Chính phủ", "thu-tuong-chinh-phu", "government", False, True),
        ("Bộ Chính trị", "bo-chinh-tri", "party-body", False, True),
        ("Ban Chấp hành Trung ương Đảng", "ban-chap-hanh-trung-uong", "party-body", False, True),
        (
            "Ban Chỉ đạo cải cách hành chính của Chính phủ",
            "ban-chi-dao-cchc-chinh-phu",
            "steering-committee",
            False,
            True,
        ),
        ("Bộ Thông tin và Truyền thông", "bo-thong-tin-va-truyen-thong", "ministry", False, True),
        ("Ủy ban Thường vụ Quốc hội", "uy-ban-thuong-vu-quoc-hoi", "legislature", False, True),
        ("Quốc hội", "quoc-hoi", "legislature", False, True),
    ],
)
def test_kind_group_and_national(written: str, key: str, kind: str, is_group: bool, national: bool) -> None:
    ref = _ref(written)
    assert (ref.key, ref.kind, ref.is_group, ref.national, ref.match) == (
        key,
        kind,
        is_group,
        national,
        "alias",
    )


def test_group_versus_single_body() -> None:
    refs, _ = parse_agency_cell("Sở Nội vụ, Các sở, ban, ngành tỉnh, UBND cấp huyện, UBND tỉnh", DT)
    assert [(r.name, r.is_group) for r in refs] == [
        (SNV, False),
        (SBN, True),
        (HUYEN, True),
        ("UBND tỉnh", False),
    ]


def test_district_committee_spellings_are_one_group() -> None:
    spellings = [
        "UBND cấp huyện",
        "Ủy ban nhân dân cấp huyện",
        "UBND các huyện, thành phố",
        "UBND các huyện, thị xã, thành phố",
        "Ủy ban nhân dân các huyện, thành phố",
    ]
    assert {_ref(s).key for s in spellings} == {"ubnd-cap-huyen"}


def test_departments_group_spellings_are_one_group() -> None:
    spellings = [
        "Sở, ban, ngành",
        "Các sở, ban, ngành tỉnh",
        "Các Sở, ban ngành tỉnh",
        "Các sở, ngành tỉnh",
        "Các sở, ban, ngành cấp tỉnh",
        "Sở ban ngành",
        "Các Sở, ban, ngành",
    ]
    assert {_ref(s).key for s in spellings} == {"cac-so-ban-nganh-tinh"}


def test_radio_television_spellings_are_one_agency() -> None:
    spellings = [
        "Đài Phát thanh và Truyền hình Đồng Tháp",
        "Đài Phát thanh và Truyền hình Tỉnh",
        "Đài Phát thanh và Truyền hình tỉnh",
        "Đài PT&TH",
        "Đài PT&TH ĐT",
        "Đài PTTH tỉnh",
    ]
    assert {_ref(s).name for s in spellings} == {DAI}


def test_chairman_is_kept_apart_from_the_committee() -> None:
    refs, _ = parse_agency_cell("UBND Tỉnh, Chủ tịch UBND Tỉnh", DT)
    assert [r.key for r in refs] == ["ubnd-tinh", "chu-tich-ubnd-tinh"]


# --------------------------------------------------------------------------------------------------
# The province inside names
# --------------------------------------------------------------------------------------------------


def test_provincial_newspaper_is_named_after_the_province() -> None:
    assert _ref("Báo Đồng Tháp", DT).name == "Báo Đồng Tháp"
    assert _ref("Báo ĐT", DT).name == "Báo Đồng Tháp"
    ninh_thuan = _ref("Báo Ninh Thuận", NT)
    assert (ninh_thuan.name, ninh_thuan.key, ninh_thuan.kind) == ("Báo Ninh Thuận", "bao-tinh", "media")
    assert _ref("Báo Ninh Thuận", None).name == "Báo Ninh Thuận"  # province read from the name itself
    assert _ref("Báo tỉnh", None).name == "Báo tỉnh"


def test_another_provinces_newspaper_is_not_this_provinces() -> None:
    ref, findings = resolve_agency("Báo Đồng Tháp", NT)
    assert (ref.key, ref.match) == ("bao-dong-thap", "unknown")
    assert [f.kind for f in findings] == ["unknown-agency"]


def test_province_name_after_tinh_is_dropped() -> None:
    assert _ref("Ủy ban nhân dân tỉnh Ninh Thuận", NT).key == "ubnd-tinh"
    assert _ref("Sở Tư pháp tỉnh Đồng Tháp", DT).key == "so-tu-phap"
    assert _ref("Tỉnh ủy Đồng Tháp", DT).key == "tinh-uy"
    assert _ref("Văn phòng Ủy ban nhân dân thành phố", "Cần Thơ").key == "van-phong-ubnd-tinh"


# --------------------------------------------------------------------------------------------------
# Typos, fuzzy matching and unknown names
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Sở Thông tin và Tuyên thông", STTTT),
        ("Sở Khảo học và Công nghệ", SKHCN),
        ("Các sở, ban, nghành tỉnh", SBN),
    ],
)
def test_typos_are_fixed_by_fuzzy_match_and_reported(written: str, expected: str) -> None:
    ref, findings = resolve_agency(written, DT)
    assert (ref.name, ref.match) == (expected, "fuzzy")
    assert len(findings) == 1
    finding = findings[0]
    assert finding.kind == "fuzzy-agency"
    assert finding.subject == written
    assert written in finding.message and expected in finding.message and "score" in finding.message


@pytest.mark.parametrize(
    "written",
    ["Sở thông tin và truyền thông", "Sở Lao động – Thương binh và Xã hội", "Công Thông tin điện tử Tỉnh"],
)
def test_case_dash_and_diacritic_variants_are_exact_aliases(written: str) -> None:
    ref, findings = resolve_agency(written, DT)
    assert ref.match == "alias"
    assert findings == []


def test_fuzzy_finding_carries_the_line() -> None:
    refs, findings = parse_agency_cell("Sở Nội vụ; Sở Thông tin và Tuyên thông", NT, line=363)
    assert [r.name for r in refs] == [SNV, STTTT]
    assert [(f.kind, f.line, f.subject) for f in findings] == [
        ("fuzzy-agency", 363, "Sở Thông tin và Tuyên thông")
    ]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sở Tài chính", "Sở Tư pháp"),
        ("Sở Y tế", "Sở Xây dựng"),
        ("UBND cấp huyện", "UBND cấp xã"),
        ("Sở Nội vụ", "Bộ Nội vụ"),
        ("Sở Nội vụ", "Sở Ngoại vụ"),
        ("Sở Tài chính", "Bộ Tài chính"),
        ("Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Môi trường"),
        ("Ban Dân tộc", "Ban Dân vận Tỉnh ủy"),
    ],
)
def test_fuzzy_matching_does_not_merge_distinct_agencies(a: str, b: str) -> None:
    assert not fuzzy_matches(a, b)
    assert not fuzzy_matches(b, a)
    assert _ref(a).key != _ref(b).key


@pytest.mark.parametrize(
    ("typo", "known"),
    [
        ("Sở Thông tin và Tuyên thông", STTTT),
        ("Sở Khảo học và Công nghệ", SKHCN),
        ("Các sở, ban, nghành tỉnh", SBN),
    ],
)
def test_fuzzy_matching_accepts_typos_both_ways(typo: str, known: str) -> None:
    assert fuzzy_matches(typo, known)
    assert fuzzy_matches(known, typo)


def test_no_two_table_agencies_are_within_fuzzy_reach() -> None:
    table = load_table()
    pairs = [(a, b) for a, ka in table.aliases.items() for b, kb in table.aliases.items() if ka != kb]
    assert [(a, b) for a, b in pairs if fuzzy_matches(a, b)] == []


def test_unknown_agency_is_kept_and_reported() -> None:
    refs, findings = parse_agency_cell("Công an huyện, Sở Tư pháp", DT, line=12)
    assert [(r.name, r.key, r.match) for r in refs] == [
        ("Công an huyện", "cong-an-huyen", "unknown"),
        (STP, "so-tu-phap", "alias"),
    ]
    assert [(f.kind, f.line, f.subject) for f in findings] == [("unknown-agency", 12, "Công an huyện")]
    assert "Công an huyện" in findings[0].message


@pytest.mark.parametrize(
    ("written", "kind", "is_group", "national"),
    [
        ("Sở Hải sản", "department", False, False),
        ("Trung tâm Xúc tiến đầu tư", "public-service-unit", False, False),
        ("Báo Tuổi trẻ", "media", False, False),
        ("Đài Truyền hình Kỹ thuật số", "media", False, False),
        ("Ban Tuyên giáo Huyện ủy", "party-body", False, False),
        ("Ban Kinh tế - Ngân sách HĐND tỉnh", "council", False, False),
        ("UBND phường 1", "peoples-committee-commune", False, False),
        ("Các trường đại học", "public-service-unit", True, False),
        ("Các hội đoàn thể", "mass-organisation", True, False),
        ("Bộ Hải sản", "ministry", False, True),
        ("Cục Bản quyền tác giả", "other", False, True),
        ("Vụ Pháp chế", "other", False, True),
        ("Cục Hải quan tỉnh", "other", False, False),
        ("Hội Luật gia tỉnh", "mass-organisation", False, False),
    ],
)
def test_unknown_agency_kind_is_guessed(written: str, kind: str, is_group: bool, national: bool) -> None:
    ref, findings = resolve_agency(written, DT)
    assert (ref.match, ref.kind, ref.is_group, ref.national) == ("unknown", kind, is_group, national)
    assert [f.kind for f in findings] == ["unknown-agency"]


def test_unknown_name_with_commas_is_not_cut_inside() -> None:
    assert names("Sở Văn hóa, Thể thao và Du lich mới, Sở Tư pháp") == [
        "Sở Văn hóa, Thể thao và Du lich mới",
        STP,
    ]


# --------------------------------------------------------------------------------------------------
# Splitting details
# --------------------------------------------------------------------------------------------------


def test_split_expands_department_lists() -> None:
    cell = "Các Sở: Tư pháp, Tài chính, Tài nguyên và Môi trường, Khảo học và Công nghệ"
    assert split_agencies(cell, DT) == [
        "Sở Tư pháp",
        "Sở Tài chính",
        "Sở Tài nguyên và Môi trường",
        "Sở Khảo học và Công nghệ",
    ]


def test_split_keeps_names_with_commas_whole() -> None:
    assert split_agencies("Sở Văn hóa, Thể thao và Du lịch, Sở Lao động - Thương binh và Xã hội") == [
        "Sở Văn hóa, Thể thao và Du lịch",
        "Sở Lao động - Thương binh và Xã hội",
    ]


def test_split_compound_committee_and_radio() -> None:
    assert split_agencies("UBND và Đài Truyền thanh cấp huyện", DT) == [HUYEN, DTT]


def test_parenthetical_is_dropped_from_the_name_but_kept_as_written() -> None:
    ref = _ref("UBND cấp huyện (các huyện có điều kiện)")
    assert ref.name == HUYEN
    assert ref.as_written == "UBND cấp huyện (các huyện có điều kiện)"


def test_as_written_is_the_cells_own_text() -> None:
    refs, _ = parse_agency_cell("Văn phòng UBND Tỉnh; các Sở: Tư pháp, Khảo học và Công nghệ; Báo ĐT", DT)
    assert [r.as_written for r in refs] == [
        "Văn phòng UBND Tỉnh",
        "Tư pháp",
        "Khảo học và Công nghệ",
        "Báo ĐT",
    ]


def test_html_list_items_and_bullets() -> None:
    assert names("<ul><li>Sở Y tế</li><li>Sở Giáo dục và Đào tạo</li></ul>") == [SYT, SGDDT]
    assert names("Sở Y tế - Sở Giáo dục và Đào tạo") == [SYT, SGDDT]


def test_repeats_are_dropped_order_kept() -> None:
    assert names("Sở Nội vụ, Sở Tư pháp, Sở nội vụ, UBND các huyện, thành phố, UBND cấp huyện") == [
        SNV,
        STP,
        HUYEN,
    ]


@pytest.mark.parametrize("cell", ["", "   ", " ; , - ", "\n"])
def test_empty_cells_give_nothing(cell: str) -> None:
    assert parse_agency_cell(cell, DT) == ([], [])
    assert split_agencies(cell) == []


def test_2026_names_and_inline_layouts() -> None:
    assert names("Các sở, ban, ngành; Ủy ban nhân dân các xã, phường.", "Đồng Nai") == [SBN, XA]
    # Cần Thơ is a centrally-run city: its bodies say "Thành phố"
    assert names("Các sở, ban, ngành; Ủy ban nhân dân các xã, phường.", "Cần Thơ") == [
        "Các sở, ban, ngành Thành phố",
        XA,
    ]
    assert names("Sở Văn hóa, Thể thao và Du lịch; Báo Cần Thơ", "Cần Thơ") == [SVHTTDL, "Báo Cần Thơ"]
    assert names("Sở Nông nghiệp và Môi trường, Sở Dân tộc và Tôn giáo") == [
        "Sở Nông nghiệp và Môi trường",
        "Sở Dân tộc và Tôn giáo",
    ]


# --------------------------------------------------------------------------------------------------
# Role phrases, sentences, elliptical lists, cities and national bodies (issue 13)
# --------------------------------------------------------------------------------------------------

DN, HN = "Đồng Nai", "Hà Nội"


def role_names(cell: str, province: str | None = DN) -> tuple[list[str], list[str], list[str]]:
    roles = parse_roles(cell, province)
    return (
        [r.name for r in roles.leads],
        [r.name for r in roles.partners],
        [r.name for r in roles.implementers],
    )


def test_lead_then_partners_in_one_cell() -> None:
    cell = "Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ, UBND các xã, phường và các cơ quan có liên quan."
    assert role_names(cell) == ([STP], [SNV, XA, LQ], [])
    # parse_agency_cell names every agency of the cell
    assert names(cell, DN) == [STP, SNV, XA, LQ]


def test_two_leads_joined_by_va_before_chu_tri() -> None:
    cell = "Sở Y tế và Sở Giáo dục và Đào tạo chủ trì, phối hợp với các sở, ban, ngành tỉnh"
    assert role_names(cell) == ([SYT, SGDDT], [SBN], [])


def test_lead_with_a_duty_and_implementers_with_theirs() -> None:
    cell = "Sở Tài chính chủ trì tổng hợp, báo cáo; các sở, ban, ngành, UBND cấp xã thực hiện theo chức năng."
    roles = parse_roles(cell, DN, line=40)
    assert [r.name for r in roles.leads] == [STC]
    assert [r.name for r in roles.implementers] == [SBN, XA]
    assert [(f.kind, f.line) for f in roles.findings] == [("other", 40)]


def test_a_sentence_fragment_is_never_an_agency() -> None:
    cell = "Sở Nội vụ chủ trì tham mưu Ủy ban nhân dân tỉnh ban hành quy chế; Sở Tư pháp chủ động triển khai"
    refs, findings = parse_agency_cell(cell, DN)
    assert [r.name for r in refs] == [SNV, STP]
    assert all(r.match == "alias" for r in refs)
    assert [f.kind for f in findings] == ["other"]
    assert "sentence" in findings[0].message


def test_subjects_of_duty_sentences_all_lead_when_none_is_chu_tri() -> None:
    cell = (
        "Bộ Tư pháp tiến hành rà soát các văn bản thuộc thẩm quyền; các bộ, cơ quan ngang bộ, "
        "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương rà soát văn bản được phân công."
    )
    leads, partners, implementers = role_names(cell, None)
    assert leads == ["Bộ Tư pháp", "Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ", UBND_PROVINCES]
    assert (partners, implementers) == ([], [])


def test_phoi_hop_without_voi_and_a_partner_clause() -> None:
    assert role_names("Sở Xây dựng phối hợp Ban Quản lý khu kinh tế tỉnh") == (
        [SXD],
        ["Ban Quản lý khu kinh tế"],
        [],
    )
    assert role_names("Sở Nội vụ chủ trì; Sở Tài chính phối hợp") == ([SNV], [STC], [])
    assert role_names("Sở Nội vụ chủ trì, Sở Tài chính phối hợp thực hiện") == ([SNV], [STC], [])


def test_a_list_ending_in_a_duty_is_all_lead() -> None:
    cell = "Sở Y tế; Sở Nội vụ; Sở Khoa học và Công nghệ theo dõi, đôn đốc, báo cáo kết quả"
    assert role_names(cell) == ([SYT, SNV, SKHCN], [], [])


def test_role_in_parentheses() -> None:
    assert role_names("Sở Tư pháp (chủ trì), Sở Nội vụ, Sở Tài chính") == ([STP], [SNV, STC], [])
    assert role_names("Sở Nội vụ (phối hợp); Sở Tư pháp (chủ trì)") == ([STP], [SNV], [])


def test_national_collectives_in_a_ministry_cell() -> None:
    assert role_names("Bộ Công an chủ trì, phối hợp với các bộ, cơ quan liên quan", None) == (
        ["Bộ Công an"],
        ["Các bộ, ngành"],
        [],
    )
    assert names("Các bộ, ngành, UBND các tỉnh, thành phố trực thuộc trung ương", None) == [
        "Các bộ, ngành",
        UBND_PROVINCES,
    ]
    assert names("Ban Chính sách, chiến lược Trung ương, Ban Tổ chức Trung ương", None) == [
        "Ban Chính sách, chiến lược Trung ương",
        "Ban Tổ chức Trung ương",
    ]


def test_tw_and_tp_abbreviations() -> None:
    assert names("Ban Tổ chức TW, các cơ quan TW", None) == ["Ban Tổ chức Trung ương", "Các bộ, ngành"]
    assert names("Công an TP, Văn phòng UBND TP.", HN) == ["Công an Thành phố", "Văn phòng UBND Thành phố"]
    assert names("UBND TP. Hồ Chí Minh", None) == ["UBND Thành phố"]
    assert names("UBND các huyện, TP", DT) == [HUYEN]


def test_abbreviations_are_not_typos_of_each_other() -> None:
    assert _ref("Ban Tổ chức TU", DN).key == "ban-to-chuc-tinh-uy"
    assert _ref("Ban Tổ chức TW", None).key == "ban-to-chuc-trung-uong"
    assert not fuzzy_matches("Ban Nội chính TW", "Ban Nội chính TU")


def test_mass_organisations_and_forces() -> None:
    cell = "Hội Liên hiệp Phụ nữ tỉnh, Hội Nông dân tỉnh, Liên đoàn Lao động tỉnh, Bộ đội Biên phòng tỉnh"
    refs, findings = parse_agency_cell(cell, DN)
    assert [r.key for r in refs] == [
        "hoi-lien-hiep-phu-nu-tinh",
        "hoi-nong-dan-tinh",
        "lien-doan-lao-dong-tinh",
        "bo-chi-huy-bo-doi-bien-phong-tinh",
    ]
    assert findings == []


def test_order_words_and_office_holders() -> None:
    assert role_names("Giao Sở Nội vụ chủ trì, phối hợp với các cơ quan, đơn vị liên quan triển khai") == (
        [SNV],
        [LQ],
        [],
    )
    assert names("Thủ trưởng các sở, ban, ngành; Giám đốc Công an tỉnh", DN) == [SBN, "Công an tỉnh"]
    assert names("Chủ tịch UBND các xã, phường, đặc khu", DN) == ["Chủ tịch UBND cấp xã"]
    cell = (
        "Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Thủ trưởng cơ quan thuộc Chính phủ, "
        "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"
    )
    assert names(cell, None) == [
        "Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ",
        "Chủ tịch UBND các tỉnh, thành phố trực thuộc trung ương",
    ]
    assert names("Giao thông vận tải", DN) == ["Giao thông vận tải"]


def test_a_duty_is_not_an_agency() -> None:
    roles = parse_roles("Sở Nội vụ; Thực hiện theo quy định", DN, line=9)
    assert [r.name for r in roles.leads] == [SNV]
    assert [(f.kind, f.line, f.subject) for f in roles.findings] == [("other", 9, "Thực hiện theo quy định")]
    assert names("Quản lý thị trường tỉnh", DN) == ["Chi cục Quản lý thị trường tỉnh"]


def test_apposition_after_a_name_is_not_another_agency() -> None:
    assert names("Sở Nội vụ - Cơ quan thường trực Hội đồng Thi đua - Khen thưởng tỉnh", DN) == [SNV]
    assert role_names("Sở Nội vụ là cơ quan thường trực, chủ trì theo dõi, đôn đốc") == ([SNV], [], [])


def test_heading_words_and_inclusions() -> None:
    assert names("Trách nhiệm của Sở Tài chính:", DN) == [STC]
    refs, _ = parse_agency_cell("Các cơ quan quản lý cấp trên (bao gồm cả cơ quan đại diện chủ sở hữu):", DN)
    assert [r.as_written for r in refs] == [
        "Các cơ quan quản lý cấp trên (bao gồm cả cơ quan đại diện chủ sở hữu)",
        "cơ quan đại diện chủ sở hữu",
    ]


def test_parent_in_parentheses_is_one_agency() -> None:
    refs, _ = parse_agency_cell("Chi cục Văn thư - Lưu trữ (Sở Nội vụ), Sở Tư pháp", DN)
    assert [r.name for r in refs] == ["Chi cục Văn thư - Lưu trữ", STP]
    assert refs[0].as_written == "Chi cục Văn thư - Lưu trữ (Sở Nội vụ)"


def test_two_names_without_separator_and_doubled_words() -> None:
    assert names("Sở Tài chính Sở Xây dựng", DN) == [STC, SXD]
    assert names("Sở Sở Nội vụ; Sở Tài Chính", DN) == [SNV, STC]


def test_elliptical_lists_of_any_head() -> None:
    assert split_agencies("Các Cục: Quản lý chất lượng, Kiểm định xây dựng") == [
        "Cục Quản lý chất lượng",
        "Cục Kiểm định xây dựng",
    ]
    # items separated by ";": commas belong to the names; "." ends the list
    assert split_agencies("Các Vụ: Pháp chế; Kế hoạch, Tài chính; Tổ chức cán bộ. Văn phòng Bộ") == [
        "Vụ Pháp chế",
        "Vụ Kế hoạch, Tài chính",
        "Vụ Tổ chức cán bộ",
        "Văn phòng Bộ",
    ]
    # "Các trường:" opens no list of names: the mention is kept whole
    assert split_agencies("Các trường: Đại học, Cao đẳng trên địa bàn tỉnh") == [
        "Các trường: Đại học, Cao đẳng trên địa bàn tỉnh"
    ]


def test_collectives_holding_commas_are_one() -> None:
    assert names("báo, đài và các đơn vị có liên quan", DN) == ["Các cơ quan báo chí", LQ]
    assert names("Sở Tài chính và cơ quan, địa phương liên quan", DN) == [STC, LQ]
    assert names("Các sở, ban, ngành, đoàn thể tỉnh; UBND xã, phường, đặc khu", DN) == [
        "Các sở, ban, ngành, đoàn thể tỉnh",
        XA,
    ]
    # "cung cấp" (supply) is not "cùng" (together with)
    assert names("Các đơn vị cung cấp dịch vụ công trực tuyến, Sở Công Thương", DN) == [
        "Các đơn vị cung cấp dịch vụ công trực tuyến",
        "Sở Công Thương",
    ]
    assert names("Các doanh nghiệp cung cấp dịch vụ viễn thông cùng Sở Công Thương", DN) == [
        "Các doanh nghiệp viễn thông",
        "Sở Công Thương",
    ]
    assert names("Ban Quản lý khu kinh tế Vân Phong và các khu công nghiệp tỉnh", DN) == [
        "Ban Quản lý khu kinh tế Vân Phong và các khu công nghiệp tỉnh"
    ]


def test_unknown_names_end_after_their_province() -> None:
    assert names("Sở Khoa học và Công nghệ, Viễn thông Lâm Đồng, Viettel Lâm Đồng, VNPT", "Lâm Đồng") == [
        SKHCN,
        "Viễn thông Lâm Đồng",
        "Viettel Lâm Đồng",
        "VNPT",
    ]
    # without a province before the comma, an unknown name keeps its comma
    assert names("Vụ Kế hoạch, Tài chính", None) == ["Vụ Kế hoạch, Tài chính"]
    assert names("Các đơn vị sự nghiệp công lập trực thuộc", DN) == ["Các đơn vị sự nghiệp công lập"]


def test_scope_phrase_after_a_name_is_skipped() -> None:
    cell = "Các sở, ngành trong phạm vi chức năng, nhiệm vụ được giao và UBND cấp xã"
    assert names(cell, DN) == [SBN, XA]


UBND_PROVINCES = "UBND các tỉnh, thành phố trực thuộc trung ương"


def test_ministries_and_national_collectives() -> None:
    cell = "Bộ Công an, Bộ Quốc phòng, Bộ Ngoại giao, Bộ Nông nghiệp và Môi trường, Thông tấn xã Việt Nam"
    refs, findings = parse_agency_cell(cell, None)
    assert [r.key for r in refs] == [
        "bo-cong-an",
        "bo-quoc-phong",
        "bo-ngoai-giao",
        "bo-nong-nghiep-va-moi-truong",
        "thong-tan-xa-viet-nam",
    ]
    assert all(r.national for r in refs) and findings == []
    ref = _ref("Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương", None)
    assert (ref.name, ref.is_group, ref.national) == (UBND_PROVINCES, True, True)
    assert successor_keys(_ref("Bộ Giao thông vận tải", None), None) == ["bo-xay-dung"]


def test_city_bodies_say_thanh_pho() -> None:
    cell = "Văn phòng Ủy ban nhân dân Thành phố, Công an Thành phố, Thành đoàn; các sở, ban, ngành Thành phố"
    refs, findings = parse_agency_cell(cell, HN)
    assert [(r.key, r.name) for r in refs] == [
        ("van-phong-ubnd-tinh", "Văn phòng UBND Thành phố"),
        ("cong-an-tinh", "Công an Thành phố"),
        ("tinh-doan", "Thành đoàn"),
        ("cac-so-ban-nganh-tinh", "Các sở, ban, ngành Thành phố"),
    ]
    assert findings == []
    # in a province, "thành phố" in lower case is the district-level towns
    assert names("UBND các huyện, thành phố", DT) == [HUYEN]


def test_post_2025_bodies_are_not_read_as_older_ones() -> None:
    assert _ref("Sở Văn hóa và Thể thao", HN).key == "so-van-hoa-va-the-thao"
    assert _ref("Sở Văn hóa, Thể thao và Du lịch", DN).key == "so-van-hoa-the-thao-va-du-lich"
    assert _ref("Ủy ban nhân dân các phường, xã, đặc khu", DN).key == "ubnd-cap-xa"
    assert successor_keys(_ref("Sở Nông nghiệp và Môi trường", DN), DN) == []
    assert names("Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã", DN) == [
        "Ban Chỉ huy Phòng thủ dân sự tỉnh",
        "Ban Chỉ huy Phòng thủ dân sự cấp xã",
    ]


# --------------------------------------------------------------------------------------------------
# 2025 merges and the alias table itself
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "successors"),
    [
        ("Sở Kế hoạch và Đầu tư", ["so-tai-chinh"]),
        ("Sở Thông tin và Truyền thông", ["so-khoa-hoc-va-cong-nghe", "so-van-hoa-the-thao-va-du-lich"]),
        ("Sở Tài nguyên và Môi trường", ["so-nong-nghiep-va-moi-truong"]),
        ("Sở Nông nghiệp và Phát triển nông thôn", ["so-nong-nghiep-va-moi-truong"]),
        (
            "Sở Lao động - Thương binh và Xã hội",
            ["so-noi-vu", "so-giao-duc-va-dao-tao", "so-y-te", "so-nong-nghiep-va-moi-truong"],
        ),
        ("Sở Giao thông vận tải", ["so-xay-dung"]),
    ],
)
def test_lineage_names_the_2025_successors(written: str, successors: list[str]) -> None:
    assert successor_keys(_ref(written, DT), DT) == successors


def test_ministries_have_national_successors() -> None:
    ref = _ref("Bộ Thông tin và Truyền thông", None)
    assert successor_keys(ref, None) == ["bo-khoa-hoc-va-cong-nghe", "bo-van-hoa-the-thao-va-du-lich"]


def test_surviving_bodies_have_no_successor() -> None:
    assert successor_keys(_ref("Sở Nội vụ", DT), DT) == []
    assert successor_keys(_ref("Sở Tài chính", DT), DT) == []


def test_alias_table_is_consistent() -> None:
    data = json.loads(DATA_PATH.read_text(encoding="utf-8"))
    kinds = scheme_notations("kind")
    assert "department" in kinds and "peoples-committee-district" in kinds
    keys = [entry["key"] for entry in data["agencies"]]
    assert len(keys) == len(set(keys))
    for entry in data["agencies"]:
        assert entry["kind"] in kinds, entry["key"]
        assert "merged_into" not in entry, entry["key"]  # successors live in lineage.json
        assert entry["key"] == entry["key"].lower() and " " not in entry["key"]


def test_finding_kinds_are_in_the_flag_scheme() -> None:
    flags = scheme_notations("flag")
    assert {"fuzzy-agency", "unknown-agency"} <= flags


# --------------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------------

_ENTRIES = sorted(load_table().entries.values(), key=lambda e: e.key)
_SINGLE_NAMES = [e.name for e in _ENTRIES if e.name_template is None]
_KEY_BY_NAME = {e.name: e.key for e in _ENTRIES}


@pytest.mark.parametrize("entry", _ENTRIES, ids=lambda e: e.key)
@pytest.mark.parametrize("province", [None, DT])
def test_canonical_name_resolves_to_itself(entry, province: str | None) -> None:
    written = entry.display_name(province)
    ref, findings = resolve_agency(written, province)
    assert (ref.key, ref.name, ref.match, findings) == (entry.key, written, "alias", [])
    assert [r.key for r in parse_agency_cell(written, province)[0]] == [entry.key]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_string_parses_without_error(cell: str) -> None:
    kinds = scheme_notations("kind")
    refs, findings = parse_agency_cell(cell, DT, line=7)
    for ref in refs:
        assert ref.key and ref.kind in kinds
        assert ref.match in {"alias", "fuzzy", "unknown"}
    assert len({r.key for r in refs}) == len(refs)
    assert all(isinstance(f, Finding) and f.line == 7 for f in findings)
    assert {f.kind for f in findings} <= {"fuzzy-agency", "unknown-agency", "other"}
    assert len(split_agencies(cell, DT)) >= len(refs)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Sở Nội vụ,;-UBND cấp huyệnxã và()Báo ĐT.:Các"))))
def test_agency_like_noise_parses_without_error(cell: str) -> None:
    refs, _ = parse_agency_cell(cell, None)
    assert all(ref.key for ref in refs)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(_SINGLE_NAMES), min_size=1, max_size=5),
    st.sampled_from([", ", "; ", " và ", "; - "]),
)
def test_joined_canonical_names_split_back(chosen: list[str], separator: str) -> None:
    refs, findings = parse_agency_cell(separator.join(chosen), DT)
    expected = list(dict.fromkeys(_KEY_BY_NAME[n] for n in chosen))
    assert [r.key for r in refs] == expected
    assert findings == []


# --------------------------------------------------------------------------------------------------
# The corpus gold as a bench: every printed lead/partner cell split and compared with the annotator's
# mentions (independent of table reading). Skipped when ../shared/corpus is missing.
# --------------------------------------------------------------------------------------------------

CORPUS_GOLD = ROOT.parent / "shared" / "corpus" / "gold"


def _folded(text: str) -> str:
    from ingest.normalize.text import fold

    return " ".join(re.sub(r"[.,:;]", " ", fold(text)).split())


def _gold_key(mention: str, province: str | None) -> str | frozenset[str] | None:
    """The identity of a gold mention read alone: one agency, or several curated ones ("X cấp tỉnh,
    cấp xã"); None when it reads as unknown fragments."""
    refs = parse_agency_cell(mention, province)[0]
    if len(refs) == 1:
        return refs[0].key
    if refs and all(r.match != "unknown" for r in refs):
        return frozenset(r.key for r in refs)
    return None


def _score(gold: list[str], pred: list[AgencyRef], province: str | None, tally: list[int]) -> None:
    """tally += [gold mentions, found, predicted, right]. A prediction is right when its written text or
    name folds to a gold mention's, or its key is the gold mention's own identity."""
    by_text = {_folded(g): g for g in gold}
    by_key = {k: g for g in gold if (k := _gold_key(g, province)) is not None}
    keys = {r.key for r in pred}
    found: set[str] = set()
    for ref in pred:
        hit = by_text.get(_folded(ref.as_written)) or by_text.get(_folded(ref.name)) or by_key.get(ref.key)
        hit = hit or next(
            (g for k, g in by_key.items() if isinstance(k, frozenset) and ref.key in k <= keys), None
        )
        tally[2] += 1
        if hit is not None:
            tally[3] += 1
            found.add(hit)
    tally[0] += len(gold)
    tally[1] += len(found)


def corpus_split_scores() -> tuple[list[int], list[int]]:
    """[gold mentions, found, predicted, right] for leads and for partners over every gold task."""
    from ingest.provinces import lookup

    leads, partners = [0, 0, 0, 0], [0, 0, 0, 0]
    for path in sorted(CORPUS_GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        found = lookup(gold["province"]) if gold.get("province") else None
        province = found.name if found else None
        for task in gold["tasks"]:
            if task.get("lead_raw") is not None:
                roles = parse_roles(task["lead_raw"], province)
                _score(task.get("lead_expanded") or task["lead"], roles.leads, province, leads)
                if task.get("partners_raw") is None and roles.partners:
                    _score(task.get("partners") or [], roles.partners, province, partners)
            if task.get("partners_raw") is not None:
                _score(
                    task["partners"], parse_agency_cell(task["partners_raw"], province)[0], province, partners
                )
    return leads, partners


@pytest.mark.skipif(not CORPUS_GOLD.is_dir(), reason="../shared/corpus is not here")
def test_corpus_cells_split_into_the_gold_mentions() -> None:
    leads, partners = corpus_split_scores()
    assert leads[0] > 200 and partners[0] > 250
    assert leads[1] / leads[0] >= 0.95 and leads[3] / leads[2] >= 0.95, leads
    assert partners[1] / partners[0] >= 0.97 and partners[3] / partners[2] >= 0.97, partners


if __name__ == "__main__":  # .venv/bin/python tests/test_agencies.py: the split figures on the corpus
    for role, (gold_n, found_n, pred_n, right_n) in zip(
        ("lead", "partner"), corpus_split_scores(), strict=True
    ):
        print(
            f"{role}: recall {found_n}/{gold_n} = {found_n / gold_n:.1%}, "
            f"precision {right_n}/{pred_n} = {right_n / pred_n:.1%}"
        )
