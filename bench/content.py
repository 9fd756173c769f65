"""What generated plans are made of: provinces, agencies and their spellings, reform areas and their tasks,
time frames, budgets and legal bases. Everything is drawn through a ``random.Random`` passed in, so a
corpus is a pure function of its seed.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "ingest" / "data"
CITIES = frozenset({"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ"})

# -- provinces and agencies ------------------------------------------------------------------------


@lru_cache(maxsize=1)
def provinces() -> tuple[str, ...]:
    """The 63 provinces and centrally-run cities (to mid-2025), in the data file's order."""
    rows = json.loads((DATA / "provinces.json").read_text(encoding="utf-8"))["provinces"]
    names = tuple(row["name"] for row in rows if row["name"] != "Huế")  # Huế = Thừa Thiên Huế renamed
    assert len(names) == 63, len(names)
    return names


@dataclass(frozen=True)
class Agency:
    """One curated agency: its key, canonical name and the aliases of the alias table."""

    key: str
    name: str
    aliases: tuple[str, ...]
    name_template: str | None = None


@lru_cache(maxsize=1)
def agencies() -> dict[str, Agency]:
    """The alias table of ``ingest/data/agencies.json`` by key."""
    rows = json.loads((DATA / "agencies.json").read_text(encoding="utf-8"))["agencies"]
    return {
        row["key"]: Agency(row["key"], row["name"], tuple(row.get("aliases", [])), row.get("name_template"))
        for row in rows
    }


# Aliases that are correct but too bare to write in a cell of a plan ("UBND", "Thanh tra", "CP").
_TOO_BARE = frozenset(
    {"UBND", "Thanh tra", "Công an", "Ban Pháp chế", "cấp huyện", "cấp xã", "Hội đồng nhân dân"}
)

# Real misspellings seen in plans; each still resolves to its agency (by fuzzy matching).
TYPOS: dict[str, tuple[str, ...]] = {
    "so-khoa-hoc-va-cong-nghe": ("Sở Khảo học và Công nghệ", "Sở Khoa hoc và Công nghệ"),
    "so-thong-tin-va-truyen-thong": (
        "Sở Thông tin và Tuyên thông",
        "Sở thông tin và truyền thông",
        "Sở Thông tin và Truyền thong",
    ),
    "so-tai-chinh": ("Sở Tài chánh",),
    "so-noi-vu": ("Sở Nôi vụ", "Sở nội vụ"),
    "so-tu-phap": ("Sở Tư phap",),
    "van-phong-ubnd-tinh": ("Văn phong UBND tỉnh", "Văn phòng UBND Tỉnh"),
    "so-giao-duc-va-dao-tao": ("Sở Giáo dục và Đào tao",),
    "so-lao-dong-thuong-binh-va-xa-hoi": ("Sở Lao động – Thương binh và Xã hội",),
}

# From 1 July 2025 (domain.md section 10): what a 2026 plan names instead.
MERGED_2025 = {
    "so-thong-tin-va-truyen-thong": "so-khoa-hoc-va-cong-nghe",
    "so-ke-hoach-va-dau-tu": "so-tai-chinh",
    "so-tai-nguyen-va-moi-truong": "so-nong-nghiep-va-moi-truong",
    "so-nong-nghiep-va-phat-trien-nong-thon": "so-nong-nghiep-va-moi-truong",
    "so-lao-dong-thuong-binh-va-xa-hoi": "so-noi-vu",
    "so-giao-thong-van-tai": "so-xay-dung",
    "dai-phat-thanh-va-truyen-hinh-tinh": "bao-va-phat-thanh-truyen-hinh-tinh",
    "bao-tinh": "bao-va-phat-thanh-truyen-hinh-tinh",
    "ubnd-cap-huyen": "ubnd-cap-xa",
    "dai-truyen-thanh-cap-huyen": "ubnd-cap-xa",
    "ban-dan-toc": "so-dan-toc-va-ton-giao",
}


def current_key(key: str, year: int) -> str:
    """The agency a plan of ``year`` names for ``key`` (renamed after the 2025 reorganisation)."""
    return MERGED_2025.get(key, key) if year >= 2026 else key


_WORD = re.compile(r"[^\W_]+(?:&[^\W_]+)*")


def initials(province: str) -> str:
    """ "Thanh Hóa" -> "TH", "Đồng Tháp" -> "ĐT"."""
    return "".join(word[0] for word in _WORD.findall(province)).upper()


def spell(key: str, province: str, rng: random.Random) -> str:
    """One written form of an agency: canonical name, an alias, a typo or another capitalisation.

    Aliases with a word equal to the province's initials are left out: ingest reads those initials as
    "tỉnh" ("VP UBND tỉnh" in Vĩnh Phúc, "Đài PT-TH" in Thanh Hóa), see bench/README.md.
    """
    agency = agencies()[key]
    if agency.name_template:  # "Báo Bà Rịa - Vũng Tàu" is not resolved by ingest; write it without the dash
        return agency.name_template.format(province=province.replace(" - ", " "))
    roll = rng.random()
    mark = initials(province)
    aliases = [a for a in agency.aliases if a not in _TOO_BARE and mark not in _WORD.findall(a)]
    if roll < 0.06 and key in TYPOS:
        return rng.choice(TYPOS[key])
    if roll < 0.30 and aliases:
        return rng.choice(aliases)
    if roll < 0.34 and key.startswith("so-"):
        return agency.name[:3] + agency.name[3:].lower()  # "Sở thông tin và truyền thông"
    return agency.name


def agency_cell(keys: list[str], province: str, rng: random.Random) -> str:
    """Several agencies in one cell: "A, B", "A; B", or "Các Sở: Tư pháp, Tài chính" for departments."""
    if not keys:
        return ""
    departments = [k for k in keys if k.startswith("so-") and not agencies()[k].name_template]
    if len(departments) >= 2 and len(departments) == len(keys) and rng.random() < 0.25:
        return "Các Sở: " + ", ".join(agencies()[k].name[3:] for k in departments)
    separator = rng.choice([", ", ", ", "; "])
    return separator.join(spell(key, province, rng) for key in keys)


# -- reform areas and tasks ------------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    """A reform area as a plan's section: its title, task objects and who leads and partners."""

    title: str
    objects: tuple[str, ...]
    products: tuple[str, ...]
    leads: tuple[str, ...]
    partners: tuple[str, ...]


_GROUP_PARTNERS = ("cac-so-ban-nganh-tinh", "ubnd-cap-huyen", "cac-co-quan-co-lien-quan", "ubnd-cap-xa")

AREAS: dict[str, Area] = {
    "direction": Area(
        "Công tác chỉ đạo, điều hành cải cách hành chính",
        (
            "Kế hoạch cải cách hành chính năm {year} của tỉnh",
            "kiểm tra công tác cải cách hành chính tại các cơ quan, đơn vị, địa phương",
            "đánh giá, xếp loại kết quả thực hiện cải cách hành chính của các sở, ngành, địa phương",
            "xác định Chỉ số cải cách hành chính các sở, ngành tỉnh và UBND cấp huyện",
            "Hội nghị phân tích các Chỉ số PAR INDEX, SIPAS, PAPI của tỉnh",
            "báo cáo định kỳ công tác cải cách hành chính quý, 6 tháng và năm",
            "kiện toàn Ban Chỉ đạo cải cách hành chính của tỉnh",
            "sơ kết, tổng kết công tác cải cách hành chính, biểu dương điển hình",
        ),
        (
            "Kế hoạch",
            "Quyết định",
            "Báo cáo",
            "Thông báo kết quả",
            "Kế hoạch kiểm tra; Báo cáo kết quả kiểm tra",
        ),
        ("so-noi-vu", "so-noi-vu", "so-noi-vu", "van-phong-ubnd-tinh", "ban-chi-dao-cchc-tinh"),
        (
            "cac-so-ban-nganh-tinh",
            "ubnd-cap-huyen",
            "van-phong-ubnd-tinh",
            "ban-dan-van-tinh-uy",
            "ban-phap-che-hdnd-tinh",
            "so-tu-phap",
            "so-tai-chinh",
        ),
    ),
    "communication": Area(
        "Công tác thông tin, tuyên truyền",
        (
            "chuyên mục cải cách hành chính trên sóng phát thanh và truyền hình tỉnh",
            "tuyên truyền cải cách hành chính trong nội bộ từng cơ quan, đơn vị, địa phương",
            "Hội thi tìm hiểu về cải cách hành chính cấp tỉnh",
            "bài viết, thông tin hoạt động cải cách hành chính trên Báo tỉnh",
            "video tuyên truyền các mô hình hay về cải cách hành chính",
            "Trang thông tin điện tử cải cách hành chính của tỉnh",
            "tham quan, học tập kinh nghiệm cải cách hành chính ở các địa phương khác",
            "sổ tay hướng dẫn nghiệp vụ công tác cải cách hành chính",
        ),
        (
            "Các chuyên mục",
            "Tin, bài",
            "Hội thi",
            "Video",
            "Trang thông tin CCHC",
            "Chuyến tham quan, học tập",
        ),
        (
            "so-noi-vu",
            "dai-phat-thanh-va-truyen-hinh-tinh",
            "bao-tinh",
            "so-thong-tin-va-truyen-thong",
            "ubnd-cap-huyen",
        ),
        (
            "so-noi-vu",
            "so-thong-tin-va-truyen-thong",
            "cong-thong-tin-dien-tu-tinh",
            "cac-co-quan-co-lien-quan",
            "dai-truyen-thanh-cap-huyen",
            "dai-phat-thanh-va-truyen-hinh-tinh",
        ),
    ),
    "institutional": Area(
        "Cải cách thể chế",
        (
            "rà soát, hệ thống hóa văn bản quy phạm pháp luật thuộc thẩm quyền của tỉnh",
            "kiểm tra văn bản quy phạm pháp luật do HĐND, UBND cấp huyện ban hành",
            "theo dõi tình hình thi hành pháp luật trên địa bàn tỉnh",
            "công bố danh mục văn bản quy phạm pháp luật hết hiệu lực",
            "phổ biến, giáo dục pháp luật cho cán bộ, công chức và Nhân dân",
            "lập đề nghị xây dựng văn bản quy phạm pháp luật của tỉnh",
        ),
        ("Kế hoạch của UBND tỉnh", "Báo cáo kết quả rà soát", "Quyết định công bố", "Báo cáo"),
        ("so-tu-phap", "so-tu-phap", "so-tu-phap", "ubnd-cap-huyen"),
        (
            "cac-so-ban-nganh-tinh",
            "ubnd-cap-huyen",
            "ubnd-cap-xa",
            "van-phong-ubnd-tinh",
            "ban-phap-che-hdnd-tinh",
        ),
    ),
    "procedures": Area(
        "Cải cách thủ tục hành chính",
        (
            "công bố thủ tục hành chính mới ban hành, sửa đổi, bổ sung, bãi bỏ",
            "rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền giải quyết của tỉnh",
            "thực hiện cơ chế một cửa, một cửa liên thông tại Trung tâm Phục vụ hành chính công",
            "tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính",
            "tập huấn nghiệp vụ kiểm soát thủ tục hành chính",
            "công khai thủ tục hành chính trên Cơ sở dữ liệu quốc gia",
            "đo lường sự hài lòng của người dân đối với dịch vụ hành chính công",
            "tiếp nhận hồ sơ và trả kết quả qua dịch vụ bưu chính công ích",
        ),
        ("Quyết định công bố", "Phương án đơn giản hóa", "Hội nghị tập huấn", "Báo cáo", "Kết quả khảo sát"),
        (
            "van-phong-ubnd-tinh",
            "van-phong-ubnd-tinh",
            "trung-tam-pvhcc-tinh",
            "cac-so-ban-nganh-tinh",
            "so-noi-vu",
        ),
        (
            "cac-so-ban-nganh-tinh",
            "ubnd-cap-huyen",
            "so-thong-tin-va-truyen-thong",
            "so-tu-phap",
            "trung-tam-pvhcc-tinh",
        ),
    ),
    "apparatus": Area(
        "Cải cách tổ chức bộ máy",
        (
            "sắp xếp tổ chức bộ máy các cơ quan chuyên môn thuộc UBND tỉnh",
            "rà soát chức năng, nhiệm vụ của các đơn vị sự nghiệp công lập",
            "phân cấp quản lý nhà nước giữa tỉnh và cấp huyện, cấp xã",
            "tinh giản biên chế và cơ cấu lại đội ngũ cán bộ, công chức, viên chức",
            "kiểm tra việc thực hiện nhiệm vụ đã phân cấp",
            "sắp xếp đơn vị hành chính cấp huyện, cấp xã",
        ),
        ("Quyết định", "Đề án", "Báo cáo kết quả", "Quyết định phân cấp, ủy quyền"),
        ("so-noi-vu", "so-noi-vu", "cac-so-ban-nganh-tinh", "ubnd-cap-huyen"),
        ("cac-so-ban-nganh-tinh", "ubnd-cap-huyen", "so-tu-phap", "van-phong-ubnd-tinh", "so-tai-chinh"),
    ),
    "civil-service": Area(
        "Cải cách chế độ công vụ",
        (
            "tuyển dụng công chức, viên chức theo vị trí việc làm",
            "đào tạo, bồi dưỡng cán bộ, công chức, viên chức",
            "đánh giá, phân loại cán bộ, công chức, viên chức",
            "kiểm tra kỷ luật, kỷ cương hành chính, văn hóa công vụ",
            "phê duyệt Đề án vị trí việc làm của các cơ quan, đơn vị",
            "cập nhật phần mềm quản lý hồ sơ cán bộ, công chức, viên chức",
        ),
        ("Kế hoạch đào tạo, bồi dưỡng", "Quyết định", "Báo cáo kết quả", "Kế hoạch kiểm tra"),
        ("so-noi-vu", "so-noi-vu", "so-noi-vu", "cac-so-ban-nganh-tinh"),
        ("cac-so-ban-nganh-tinh", "ubnd-cap-huyen", "so-thong-tin-va-truyen-thong", "so-tai-chinh"),
    ),
    "public-finance": Area(
        "Cải cách tài chính công",
        (
            "giao quyền tự chủ về biên chế và kinh phí quản lý hành chính",
            "cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập",
            "giải ngân kế hoạch đầu tư công vốn ngân sách nhà nước",
            "quản lý, sử dụng tài sản công tại các cơ quan, đơn vị",
            "đo lường sự hài lòng của người dân đối với dịch vụ y tế công",
            "đo lường sự hài lòng của người dân đối với dịch vụ giáo dục công",
        ),
        ("Quyết định", "Báo cáo của UBND tỉnh", "Văn bản triển khai", "Kết quả khảo sát"),
        ("so-tai-chinh", "so-tai-chinh", "so-ke-hoach-va-dau-tu", "so-y-te", "so-giao-duc-va-dao-tao"),
        ("cac-so-ban-nganh-tinh", "ubnd-cap-huyen", "so-noi-vu", "cac-don-vi-su-nghiep-cong-lap"),
    ),
    "e-government": Area(
        "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
        (
            "Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh",
            "dịch vụ công trực tuyến toàn trình trên Cổng Dịch vụ công quốc gia",
            "nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP)",
            "Hệ thống quản lý văn bản và điều hành liên thông bốn cấp",
            "Hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001:2015",
            "Kiến trúc Chính quyền điện tử của tỉnh",
            "chuyển đổi số trong hoạt động của cơ quan hành chính nhà nước",
        ),
        ("Phần mềm", "Kế hoạch triển khai", "Dự án triển khai", "Văn bản của UBND tỉnh", "Báo cáo"),
        (
            "so-thong-tin-va-truyen-thong",
            "so-thong-tin-va-truyen-thong",
            "so-khoa-hoc-va-cong-nghe",
            "van-phong-ubnd-tinh",
        ),
        (
            "cac-so-ban-nganh-tinh",
            "ubnd-cap-huyen",
            "van-phong-ubnd-tinh",
            "so-noi-vu",
            "cong-thong-tin-dien-tu-tinh",
        ),
    ),
}

# 30c/NQ-CP (2011-2020) and 76/NQ-CP (2021-2030) name their areas differently (domain.md section 7).
AREA_TITLES_2011 = {
    "civil-service": "Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức",
    "e-government": "Hiện đại hóa hành chính",
}
SECTIONS_2011 = (
    "communication",
    "institutional",
    "procedures",
    "apparatus",
    "civil-service",
    "public-finance",
    "e-government",
    "direction",
)
SECTIONS_2021 = (
    "direction",
    "institutional",
    "procedures",
    "apparatus",
    "civil-service",
    "public-finance",
    "e-government",
    "communication",
)

VERBS = (
    "Tiếp tục triển khai",
    "Tổ chức thực hiện",
    "Xây dựng và ban hành",
    "Rà soát, đánh giá",
    "Kiểm tra, đôn đốc việc thực hiện",
    "Nâng cao chất lượng",
    "Duy trì và nâng cao hiệu quả",
    "Triển khai",
)

CITATIONS: tuple[tuple[int, int, str], ...] = (
    (2011, 2018, "theo Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ"),
    (2015, 2020, "theo Quyết định số 225/QĐ-TTg ngày 04/02/2016 của Thủ tướng Chính phủ"),
    (2019, 2026, "theo Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ"),
    (2022, 2026, "theo Nghị định số 107/2021/NĐ-CP ngày 06/12/2021 của Chính phủ"),
    (2021, 2026, "theo Quyết định số 468/QĐ-TTg ngày 27/3/2021 của Thủ tướng Chính phủ"),
)


def area_title(area: str, year: int) -> str:
    """The section title a plan of ``year`` gives this reform area."""
    if year <= 2020 and area in AREA_TITLES_2011:
        return AREA_TITLES_2011[area]
    return AREAS[area].title


# -- time frames and budgets -----------------------------------------------------------------------

_ROMAN_QUARTERS = ("I", "II", "III", "IV")


def time_frame(year: int, multi_year: bool, rng: random.Random) -> str:
    """A time-frame cell as plans write them (domain.md section 6)."""
    if multi_year:
        return rng.choice(
            (
                "Trước 25/12 hàng năm",
                "Quý I hàng năm",
                "Quý II-III hằng năm",
                "Thường xuyên hàng năm",
                "Thường xuyên trong năm",
                f"Quý {rng.choice(_ROMAN_QUARTERS)}/{year + rng.randint(0, 2)}",
                f"Năm {year + rng.randint(0, 3)}",
                "Khi có văn bản pháp luật mới",
                "Theo Kế hoạch",
            )
        )
    quarter = rng.randint(1, 4)
    month = rng.randint(1, 12)
    return rng.choice(
        (
            f"Quý {_ROMAN_QUARTERS[quarter - 1]}/{year}",
            f"Quý {quarter}/{year}",
            f"Trong tháng {month:02d}/{year}",
            f"Tháng {month}/{year}",
            f"Trong năm {year}",
            f"Trong năm {year}",
            "Thường xuyên trong năm",
            "Thường xuyên trong năm",
            "Mỗi tháng 02 kỳ",
            "Định kỳ hàng quý",
            "Trước 25/12 hàng năm",
            f"Trước ngày {rng.randint(1, 28)}/{month}/{year}",
            "Khi có văn bản pháp luật mới",
            "Theo Kế hoạch",
        )
    )


def budget(rng: random.Random) -> tuple[str, str]:
    """(budget cell, note cell): an amount with its unit, or a source without an amount."""
    amount = rng.choice((20, 30, 40, 50, 70, 80, 100, 120, 150, 200))
    cell = rng.choice(
        (
            f"{amount}triệu/ huyện",
            f"{amount // 10:02d}tr/kỳ",
            f"{amount // 10:02d} triệu/tháng",
            f"{amount} tr",
            f"{amount} triệu",
            f"{amount} triệu đồng",
            "Kinh phí tự chủ",
            "Kinh phí tự chủ",
            "Theo Kế hoạch",
            "Theo Đề án",
            "NS nhà nước",
            "",
        )
    )
    if "huyện" in cell:
        return cell, "NS huyện"
    if cell and cell[0].isdigit():
        return cell, rng.choice(("NS tỉnh", "NS Tỉnh", ""))
    return cell, ""


# -- tasks and plans -------------------------------------------------------------------------------


@dataclass
class Task:
    """One task row, already written out."""

    text: str
    product: str
    lead: str
    partner: str
    time: str
    budget: str
    note: str
    subtasks: list[Task] = field(default_factory=list)


@dataclass
class Section:
    area: str
    title: str
    tasks: list[Task]


def make_task(area: str, province: str, year: int, multi_year: bool, rng: random.Random) -> Task:
    """A task of ``area`` with its agencies, time frame and budget."""
    spec = AREAS[area]
    obj = rng.choice(spec.objects).format(year=year)
    text = f"{rng.choice(VERBS)} {obj}"
    if rng.random() < 0.15:
        usable = [c for lo, hi, c in CITATIONS if lo <= year <= hi]
        if usable:
            text += " " + rng.choice(usable)
    if rng.random() < 0.2:
        text += rng.choice((" trên địa bàn tỉnh", f" năm {year}", " (có Kế hoạch riêng)", "."))
    leads = [current_key(rng.choice(spec.leads), year)]
    if rng.random() < 0.15:
        extra = current_key(rng.choice(spec.partners), year)
        if extra not in leads:
            leads.append(extra)
    partners: list[str] = []
    for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
        key = current_key(rng.choice(spec.partners + _GROUP_PARTNERS), year)
        if key not in leads and key not in partners:
            partners.append(key)
    money, note = budget(rng)
    return Task(
        text=text,
        product=rng.choice(spec.products),
        lead=agency_cell(leads, province, rng),
        partner=agency_cell(partners, province, rng),
        time=time_frame(year, multi_year, rng),
        budget=money,
        note=note,
    )


def make_sections(
    province: str, year: int, multi_year: bool, tasks: int, rng: random.Random
) -> list[Section]:
    """About ``tasks`` tasks spread over the reform areas of the plan's era (every section gets >= 2)."""
    order = SECTIONS_2011 if year <= 2020 else SECTIONS_2021
    areas = list(order)
    if rng.random() < 0.3:
        areas.remove(rng.choice(areas[1:]))
    counts = [2] * len(areas)
    for _ in range(max(0, tasks - sum(counts))):
        counts[rng.randrange(len(areas))] += 1
    return [
        Section(
            area, area_title(area, year), [make_task(area, province, year, multi_year, rng) for _ in range(n)]
        )
        for area, n in zip(areas, counts, strict=True)
    ]
