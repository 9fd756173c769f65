"""Golden tests: every seed document becomes a faithful graph. Facts are read from the documents."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic, to_isomorphic
from rdflib.namespace import DCTERMS, SKOS, TIME

from ingest.pipeline import IngestedDocument, ingest_file
from ontology.iris import IriMinter
from ontology.namespace import AREA, CCHC, ELI, FLAG, REL
from ontology.validation import validate_graph

SAMPLES = Path(__file__).resolve().parent.parent / "ingest" / "samples"
GOLDEN = Path(__file__).resolve().parent / "golden"
SEEDS = sorted(SAMPLES.glob("*.txt"))
BASE = "https://w3id.org/cchc-kg/"


def doc_iri(path: str) -> URIRef:
    return URIRef(BASE + path)


@pytest.fixture(scope="module")
def docs() -> list[IngestedDocument]:
    minter = IriMinter()
    return [ingest_file(path, minter) for path in SEEDS]


@dataclass
class TaskFacts:
    text: str
    leads: list[str]
    partners: list[str]
    time_text: str | None
    kind: str | None
    start: str | None
    end: str | None
    amount: int | None
    unit: str | None
    funding: list[str]
    lines: tuple[int, int]
    area: URIRef | None
    parent: URIRef | None


def task_node(doc: IngestedDocument, code: str) -> URIRef:
    g = doc.graph
    found = [t for t in g.objects(doc.primary, CCHC.hasTask) if str(g.value(t, CCHC.code)) == code]
    assert len(found) == 1, f"task {code}: {found}"
    return found[0]


def task(doc: IngestedDocument, code: str) -> TaskFacts:
    g = doc.graph
    node = task_node(doc, code)
    frame = g.value(node, CCHC.timeFrame)
    budget = g.value(node, CCHC.budget)

    def day(which: URIRef) -> str | None:
        instant = g.value(frame, which) if frame else None
        return str(g.value(instant, TIME.inXSDDate)) if instant else None

    amount = g.value(budget, CCHC.amountVND) if budget else None
    unit = g.value(budget, CCHC.budgetUnit) if budget else None
    return TaskFacts(
        text=str(g.value(node, CCHC.text)),
        leads=sorted(str(g.value(a, SKOS.prefLabel)) for a in g.objects(node, CCHC.leadAgency)),
        partners=sorted(str(g.value(a, SKOS.prefLabel)) for a in g.objects(node, CCHC.partnerAgency)),
        time_text=str(g.value(frame, CCHC.asWritten)) if frame else None,
        kind=str(g.value(frame, CCHC.timeFrameKind)).rsplit("/", 1)[-1] if frame else None,
        start=day(TIME.hasBeginning),
        end=day(TIME.hasEnd),
        amount=int(amount) if amount is not None else None,
        unit=str(unit).rsplit("/", 1)[-1] if unit else None,
        funding=sorted(str(f).rsplit("/", 1)[-1] for f in g.objects(budget, CCHC.fundingSource))
        if budget
        else [],
        lines=(int(g.value(node, CCHC.firstLine)), int(g.value(node, CCHC.lastLine))),
        area=g.value(node, CCHC.reformArea),
        parent=g.value(node, CCHC.parentTask),
    )


def flags(doc: IngestedDocument, kind: URIRef) -> list[str]:
    g = doc.graph
    return sorted(str(g.value(f, CCHC.message)) for f in g.subjects(CCHC.flagKind, kind))


# -- counts and headers -----------------------------------------------------------------------------


def test_task_counts_match_the_documents(docs: list[IngestedDocument]) -> None:
    assert [len(d.parsed.tasks) for d in docs] == [32, 37, 29, 48, 23]
    assert [len(set(d.graph.objects(d.primary, CCHC.hasTask))) for d in docs] == [32, 37, 29, 48, 23]


def test_plan_headers(docs: list[IngestedDocument]) -> None:
    dt2021, dt2019, st2021, nt, dt_review = docs
    assert dt2021.primary == doc_iri("eli/vn/dong-thap/ubnd/kh/2020/285")
    g = dt2021.graph
    assert g.value(dt2021.primary, ELI.number) == Literal("285/KH-UBND")
    assert str(g.value(dt2021.primary, ELI.date_document)) == "2020-12-05"
    assert str(g.value(dt2021.primary, DCTERMS.title)) == "Cải cách hành chính tỉnh Đồng Tháp năm 2021"
    assert (dt2021.primary, ELI.jurisdiction, doc_iri("place/dong-thap")) in g
    assert (dt2021.primary, ELI.passed_by, doc_iri("org/dong-thap/ubnd-tinh")) in g
    assert (dt2021.primary, CCHC.periodStart, Literal("2021-01-01", datatype=URIRef(str(date_type())))) in g

    assert dt2019.primary == doc_iri("eli/vn/dong-thap/ubnd/kh/2018/272")
    assert str(dt2019.graph.value(dt2019.primary, ELI.date_document)) == "2018-12-06"
    assert str(dt2019.graph.value(dt2019.primary, CCHC.periodLabel)) == "2019"

    assert st2021.primary == doc_iri("eli/vn/soc-trang/ubnd/kh/2020/142")
    assert str(st2021.graph.value(st2021.primary, ELI.date_document)) == "2020-12-24"
    assert str(st2021.graph.value(st2021.primary, CCHC.periodLabel)) == "2021"

    decision = doc_iri("eli/vn/ninh-thuan/ubnd/qd/2022/465")
    assert nt.primary == doc_iri("eli/vn/ninh-thuan/ubnd/qd/2022/465/plan")
    assert (decision, CCHC.issues, nt.primary) in nt.graph
    assert str(nt.graph.value(decision, ELI.date_document)) == "2022-08-16"
    assert (nt.primary, CCHC.periodLabel, Literal("2021-2025")) in nt.graph
    assert (nt.primary, None, CCHC.MultiYearPlan) in nt.graph or (
        nt.primary,
        URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        CCHC.MultiYearPlan,
    ) in nt.graph

    review_decision = doc_iri("eli/vn/dong-thap/ubnd/qd/2020/71")
    assert (review_decision, CCHC.issues, dt_review.primary) in dt_review.graph
    assert dt_review.graph.value(review_decision, ELI.number) == Literal("71/QĐ-UBND-HC")
    assert str(dt_review.graph.value(review_decision, ELI.date_document)) == "2020-01-21"
    assert str(dt_review.graph.value(dt_review.primary, CCHC.periodLabel)) == "2020"


def date_type() -> str:
    return "http://www.w3.org/2001/XMLSchema#date"


# -- tasks --------------------------------------------------------------------------------------------


def test_dong_thap_2021_tasks(docs: list[IngestedDocument]) -> None:
    doc = docs[0]
    video = task(doc, "1.đ")
    assert video.text == "Xây dựng video tuyên truyền các hoạt động, mô hình hay về CCHC"
    assert video.leads == ["Sở Nội vụ"] and video.partners == ["Đài Phát thanh và Truyền hình tỉnh"]
    assert (video.time_text, video.kind, video.start, video.end) == (
        "Quý II/2021",
        "interval",
        "2021-04-01",
        "2021-06-30",
    )
    assert (video.amount, video.unit, video.funding) == (40_000_000, "total", ["provincial-budget"])
    assert video.lines == (155, 155) and video.area == AREA.communication

    contest = task(doc, "1.b")
    assert contest.leads == ["UBND cấp huyện"]
    assert (contest.amount, contest.unit, contest.funding) == (
        50_000_000,
        "per-district",
        ["district-budget"],
    )
    radio = task(doc, "1.c")
    assert (radio.kind, radio.amount, radio.unit) == ("recurring", 5_000_000, "per-issue")
    assert radio.partners == ["Sở Nội vụ", "Sở Thông tin và Truyền thông"]

    inspection = task(doc, "8.a")  # "Văn phòng UBND Tỉnh; các Sở: Tư pháp, ..., Khảo học và Công nghệ; ..."
    assert inspection.partners == [
        "Ban Dân vận Tỉnh ủy",
        "Ban Pháp chế HĐND tỉnh",
        "Báo Đồng Tháp",
        "Sở Khoa học và Công nghệ",
        "Sở Tài chính",
        "Sở Tài nguyên và Môi trường",
        "Sở Tư pháp",
        "Văn phòng UBND tỉnh",
        "Đài Phát thanh và Truyền hình tỉnh",
    ]
    assert inspection.funding == ["inspection-budget"] and inspection.amount is None
    reorganise = task(doc, "4.a")
    assert (reorganise.time_text, reorganise.kind) == ("Khi có văn bản pháp luật mới", "conditional")
    assert task(doc, "8.d").area == AREA.direction


def test_dong_thap_2021_missing_section_and_duplicate_code(docs: list[IngestedDocument]) -> None:
    doc = docs[0]
    section6 = doc_iri("eli/vn/dong-thap/ubnd/kh/2020/285/section/6")
    assert str(doc.graph.value(section6, DCTERMS.title)) == "Cải cách tài chính công"
    assert doc.graph.value(section6, CCHC.reformArea) == AREA["public-finance"]
    autonomy = task(doc, "6.a")
    assert autonomy.lines == (180, 180) and autonomy.area == AREA["public-finance"]
    assert autonomy.leads == ["Sở Tài chính", "UBND cấp huyện", "UBND cấp xã"]
    assert task(doc, "6.b").leads == ["Sở Lao động - Thương binh và Xã hội", "Sở Nội vụ", "Sở Tài chính"]
    assert task(doc, "7.d").lines == (187, 187) and task(doc, "7.d-2").lines == (188, 188)
    assert flags(doc, FLAG["missing-section"]) == [
        "items restart at a) after section 5: the heading of section 6 is missing from the table"
    ]
    assert flags(doc, FLAG["duplicate-code"]) == ["two rows numbered 7.d; the second is 7.d-2"]
    assert flags(doc, FLAG["fuzzy-agency"]) == [
        "agency 'Sở Khảo học và Công nghệ' read as 'Sở Khoa học và Công nghệ' (fuzzy score 96)"
    ]


def test_dong_thap_2019_continued_row_is_merged(docs: list[IngestedDocument]) -> None:
    review = task(docs[1], "2.b")
    assert review.lines == (123, 125)
    assert review.text == (
        "Rà soát văn bản quy phạm pháp luật thuộc thẩm quyền quản lý và tham mưu, đề xuất cấp có thẩm quyền "
        "hủy bỏ, sửa đổi, bổ sung cho phù hợp thực tiễn"
    )
    assert review.leads == ["Sở Tư pháp", "UBND cấp huyện", "UBND cấp xã"]
    assert review.time_text == "Theo Kế hoạch của Hội đồng rà soát văn bản"
    zalo = task(docs[1], "1.m")
    assert zalo.text == "Xây dựng Trang tin CCHC trên ứng dụng zalo tuyên truyền CCHC"
    assert (zalo.start, zalo.end, zalo.amount) == ("2019-01-01", "2019-03-31", 20_000_000)
    centre = task(docs[1], "7.d")  # "Trung tâm KSTTHC và PVHCC"
    assert "Trung tâm Kiểm soát thủ tục hành chính và Phục vụ hành chính công" in centre.partners


def test_soc_trang_wrapped_cells_and_milestones(docs: list[IngestedDocument]) -> None:
    doc = docs[2]
    monitoring = task(doc, "1.4")
    assert monitoring.text == "Thực hiện hoạt động theo dõi thi hành pháp luật trên địa bàn tỉnh."
    assert (monitoring.kind, monitoring.start, monitoring.end) == ("milestones", "2021-02-01", "2021-11-15")
    assert monitoring.time_text == "- Tháng 02/2021 - Ngày 15/11/2021"
    assert monitoring.lines == (281, 296)
    satisfaction = task(doc, "5.3")  # "- Sở Y tế;\n- Sở Giáo dục và Đào tạo"
    assert satisfaction.leads == ["Sở Giáo dục và Đào tạo", "Sở Y tế"]
    assert satisfaction.area == AREA["public-finance"]
    assert task(doc, "1.1").area == AREA.institutional
    assert task(doc, "7.8").area == AREA.direction
    areas = {doc.graph.value(s, CCHC.reformArea) for s in doc.graph.objects(doc.primary, CCHC.hasSection)}
    assert areas == {
        AREA.institutional,
        AREA.procedures,
        AREA.apparatus,
        AREA["civil-service"],
        AREA["public-finance"],
        AREA["e-government"],
        AREA.direction,
    }


def test_ninh_thuan_sub_items_page_breaks_and_recurring_time(docs: list[IngestedDocument]) -> None:
    doc = docs[3]
    yearly = task(doc, "I.1")
    assert (yearly.time_text, yearly.kind, yearly.end) == ("Trước 25/12 hàng năm", "recurring", "2021-12-25")
    sub = task(doc, "I.2.a")
    assert sub.parent == task_node(doc, "I.2") and (sub.start, sub.end) == ("2021-01-01", "2021-03-31")
    split = task(doc, "IV.4.b")  # lead cell continued after the page break at line 342
    assert split.lines == (339, 342)
    assert split.leads == ["Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Tài nguyên và Môi trường"]
    assert split.parent == task_node(doc, "IV.4")
    portal = task(doc, "VII.4")  # "Sở Thông tin và Tuyên" + "thông" on the next page
    assert portal.leads == ["Sở Thông tin và Truyền thông"] and portal.lines == (366, 369)
    assert task(doc, "III.4").leads == ["Sở Thông tin và Truyền thông", "Văn phòng UBND tỉnh"]
    assert len(flags(doc, FLAG["fuzzy-agency"])) == 4
    assert flags(doc, FLAG["number-typo"]) == ["year written '218' in '113/218/NĐ-CP', read as 2018"]


def test_ninh_thuan_targets_and_their_agencies(docs: list[IngestedDocument]) -> None:
    doc = docs[3]
    g = doc.graph
    targets = {str(g.value(t, CCHC.code)): t for t in g.objects(doc.primary, CCHC.hasTarget)}
    assert sorted(targets, key=lambda c: int(c.split(".")[1])) == [f"2.{i}" for i in range(1, 17)]
    home_affairs = doc_iri("org/ninh-thuan/so-noi-vu")
    assert {str(g.value(t, CCHC.code)) for t in g.objects(home_affairs, CCHC.responsibleFor)} == {
        "2.1",
        "2.2",
        "2.4",
        "2.12",
        "2.13",
    }
    ict = doc_iri("org/ninh-thuan/so-thong-tin-va-truyen-thong")
    assert {str(g.value(t, CCHC.code)) for t in g.objects(ict, CCHC.responsibleFor)} == {
        "2.5",
        "2.6",
        "2.10",
        "2.11",
        "2.15",
        "2.16",
    }


def test_review_plan_sub_items_and_deadlines(docs: list[IngestedDocument]) -> None:
    doc = docs[4]
    finance = task(doc, "3.9")
    assert finance.parent == task_node(doc, "3")
    assert finance.partners == [
        "Các cơ quan có liên quan",
        "Sở Giáo dục và Đào tạo",
        "Sở Khoa học và Công nghệ",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Sở Y tế",
    ]
    assert (finance.kind, finance.start, finance.end) == ("deadline", None, "2020-05-15")
    codes = sorted(str(doc.graph.value(t, CCHC.code)) for t in doc.graph.objects(doc.primary, CCHC.hasTask))
    assert [c for c in codes if c.startswith("3.")] == sorted(f"3.{i}" for i in range(1, 15))
    media = task(doc, "6")
    assert media.leads == [
        "Báo Đồng Tháp",
        "Cổng Thông tin điện tử tỉnh",
        "Đài Phát thanh và Truyền hình tỉnh",
    ]


def test_groups_and_single_agencies_are_typed_apart(docs: list[IngestedDocument]) -> None:
    g = docs[0].graph
    assert (doc_iri("group/dong-thap/ubnd-cap-huyen"), None, CCHC.AgencyGroup) in g or any(
        g.triples((doc_iri("group/dong-thap/ubnd-cap-huyen"), None, CCHC.AgencyGroup))
    )
    groups = set(g.subjects(None, CCHC.AgencyGroup))
    singles = set(g.subjects(None, CCHC.Agency))
    assert groups and singles and not groups & singles
    assert doc_iri("org/dong-thap/so-noi-vu") in singles
    assert doc_iri("org/soc-trang/so-noi-vu") in set(docs[2].graph.subjects(None, CCHC.Agency))


def test_roles_are_both_edges_and_data(docs: list[IngestedDocument]) -> None:
    g = docs[0].graph
    node = task_node(docs[0], "1.đ")
    roles = {
        (g.value(a, CCHC.assignedParty), g.value(a, CCHC.role), str(g.value(a, CCHC.asWritten)))
        for a in g.objects(node, CCHC.assignment)
    }
    assert (
        doc_iri("org/dong-thap/so-noi-vu"),
        URIRef("https://w3id.org/cchc-kg/ontology/role/lead"),
        "Sở Nội vụ",
    ) in roles
    assert len(roles) == 2


# -- legal references ---------------------------------------------------------------------------------


def test_ninh_thuan_legal_bases_replaces_and_issues(docs: list[IngestedDocument]) -> None:
    g = docs[3].graph
    decision = doc_iri("eli/vn/ninh-thuan/ubnd/qd/2022/465")
    bases = {
        str(g.value(d, ELI.number) or g.value(d, DCTERMS.title)) for d in g.objects(decision, ELI.based_on)
    }
    assert bases == {
        "76/NQ-CP",
        "23/CT-TTg",
        "468/QĐ-TTg",
        "05-NQ/TU",
        "38/NQ-HĐND",
        "77/2015/QH13",
        "47/2019/QH14",
    }
    assert list(g.objects(decision, CCHC.replaces)) == [doc_iri("eli/vn/ninh-thuan/ubnd/qd/2021/681")]
    assert (decision, ELI.cites, doc_iri("eli/vn/ninh-thuan/snv/ttr/2022/2493")) in g
    assert (docs[3].primary, ELI.ensures_implementation_of, doc_iri("eli/vn/cp/nq/2021/76")) in g
    # 05/NQ-TU is dated 28/9/2021 in the legal bases and 01/7/2021 in task I.4: both kept, flagged
    tu05 = doc_iri("eli/vn/ninh-thuan/tu/nq/2021/05")
    stated = {str(g.value(r, CCHC.statedDate)) for r in g.subjects(CCHC.referencedDocument, tu05)}
    assert stated == {"2021-09-28", "2021-07-01"}
    assert g.value(tu05, ELI.date_document) is None
    assert flags(docs[3], FLAG["date-conflict"]) == [
        "05-NQ/TU is given different dates: 2021-07-01 (line 304); 2021-09-28 (line 20, 77)"
    ]
    replaces = [r for r in g.subjects(CCHC.referenceRelation, REL.replaces)]
    assert len(replaces) == 1 and int(g.value(replaces[0], CCHC.firstLine)) == 38


def test_review_decision_bases_amendment_and_conflicts(docs: list[IngestedDocument]) -> None:
    g = docs[4].graph
    decision = doc_iri("eli/vn/dong-thap/ubnd/qd/2020/71")
    bases = {str(g.value(d, ELI.number)) for d in g.objects(decision, ELI.based_on)}
    assert bases == {
        "77/2015/QH13",
        "30c/NQ-CP",
        "225/QĐ-TTg",
        "20/QĐ-BCĐCCHC",
        "131/QĐ-UBND-HC",
        "706/QĐ-UBND-HC",
        "305/QĐ-UBND",
    }
    assert (
        doc_iri("eli/vn/dong-thap/ubnd/qd/2013/706"),
        ELI.amends,
        doc_iri("eli/vn/dong-thap/ubnd/qd/2012/131"),
    ) in g
    conflicts = flags(docs[4], FLAG["date-conflict"])
    assert "305/QĐ-UBND is given different dates: 2016-03-17 (line 57); 2016-12-17 (line 19)" in conflicts
    assert (
        "77/2015/QH13 is given different dates: 2015-06-19 (the reference base); 2019-06-19 (line 13)"
        in conflicts
    )
    assert (decision, CCHC.implementsProgramme, doc_iri("programme/2011-2020")) in g
    assert (decision, CCHC.implementsProgramme, doc_iri("programme/2021-2030")) not in g
    assert (docs[4].primary, CCHC.implementsProgramme, doc_iri("programme/2021-2030")) not in g


def test_programme_mentions_link_plans_to_the_master_programme(docs: list[IngestedDocument]) -> None:
    assert (docs[0].primary, CCHC.implementsProgramme, doc_iri("programme/2021-2030")) in docs[0].graph
    assert (docs[1].primary, CCHC.implementsProgramme, doc_iri("programme/2011-2020")) in docs[1].graph
    assert (docs[2].primary, CCHC.implementsProgramme, doc_iri("programme/2021-2030")) in docs[2].graph
    assert (docs[1].primary, CCHC.implementsProgramme, doc_iri("programme/2021-2030")) not in docs[1].graph


def test_task_text_citations(docs: list[IngestedDocument]) -> None:
    g = docs[1].graph
    cited = {str(g.value(d, ELI.number)) for d in g.objects(docs[1].primary, ELI.cites)}
    assert {"61/2018/NĐ-CP", "158/2007/NĐ-CP"} <= cited
    refs = [r for r in g.subjects(CCHC.referencedDocument, doc_iri("eli/vn/cp/nd/2018/61"))]
    assert g.value(refs[0], CCHC.citingTask) == task_node(docs[1], "3.c")


# -- whole graphs -------------------------------------------------------------------------------------


def test_ingested_seeds_conform_to_the_shapes(docs: list[IngestedDocument]) -> None:
    merged = Graph()
    for doc in docs:
        merged += doc.graph
    report = validate_graph(merged)
    assert report.conforms, report.text[:3000]


def test_ingesting_twice_gives_the_same_graph(docs: list[IngestedDocument]) -> None:
    again = ingest_file(SEEDS[3], IriMinter())
    assert len(again.graph) == len(docs[3].graph)
    assert set(again.graph) == set(docs[3].graph)  # no blank nodes: same IRIs, same triples


@pytest.mark.parametrize("index", range(5))
def test_graph_matches_golden_file(docs: list[IngestedDocument], index: int) -> None:
    golden_path = GOLDEN / (SEEDS[index].stem + ".ttl")
    golden = Graph().parse(golden_path, format="turtle")
    actual = docs[index].graph
    if not isomorphic(golden, actual):
        missing = sorted(set(to_isomorphic(golden)) - set(to_isomorphic(actual)))[:10]
        extra = sorted(set(to_isomorphic(actual)) - set(to_isomorphic(golden)))[:10]
        pytest.fail(
            f"graph differs from {golden_path.name} (regenerate with "
            f"`python tests/regenerate_golden.py` after review)\nmissing: {missing}\nextra: {extra}"
        )
