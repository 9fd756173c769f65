"""Lineage of the 2024-2025 reorganisation at ingest (issue 18): the shipped data, the records a document's
bodies get, their triples, and what a post-2025 plan's names resolve to.

Real documents: the seeds (Đồng Tháp 2019-2021, Sóc Trăng 2021, Ninh Thuận 2022) and the 2025 corpus.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, TIME, XSD

from ingest.agencies import load_table, parse_agency_cell
from ingest.lineage import DATA_PATH, _forward, ended, lineage_steps, successors
from ingest.normalize.docnumber import parse_number
from ingest.pipeline import IngestedDocument, ingest_file, parse_document
from ingest.provinces import all_provinces, find_province
from ingest.reference_base import find_by_number
from ontology.iris import IriMinter
from ontology.namespace import CCHC, SKIND

SAMPLES = Path(__file__).resolve().parents[1] / "ingest" / "samples"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "docs"
BASE = "https://w3id.org/cchc-kg/"
DT_2021 = SAMPLES / "000_8ed5b0c1c9e5996d.txt"  # 355/KH-UBND, Đồng Tháp's plan for 2021
SOC_TRANG = SAMPLES / "002_2d6760ac75cd051f.txt"
NINH_THUAN = SAMPLES / "003_8182945d4607df81.txt"
DT_2025 = CORPUS / "dongthap-617-kh-ubnd-2025.txt"
DONG_NAI = CORPUS / "dongnai-179-kh-ubnd-2025.txt"

ND45 = URIRef(BASE + "eli/vn/cp/nd/2025/45")
NQ202 = URIRef(BASE + "eli/vn/qh15/nq/2025/202")


def org(path: str) -> URIRef:
    return URIRef(BASE + path)


@cache
def graph_of(path: Path) -> Graph:
    doc: IngestedDocument = ingest_file(path, IriMinter())
    return doc.graph


def succession(graph: Graph, before: URIRef, after: URIRef) -> URIRef:
    [node] = [n for n in graph.subjects(CCHC.predecessor, before) if (n, CCHC.successor, after) in graph]
    return node


# -- the shipped data -------------------------------------------------------------------------------


def test_every_succession_of_the_data_names_sources_of_the_reference_base_and_a_date() -> None:
    data = json.loads(DATA_PATH.read_text(encoding="utf-8"))
    keys = set(load_table().entries)
    entries = [data["province_merger"], *data["province_renames"], *data["established"], *data["successions"]]
    assert len(data["successions"]) == 15
    for entry in entries:
        assert entry["sources"], entry
        for number in entry["sources"]:
            parsed = parse_number(number)
            assert parsed is not None and find_by_number(parsed) is not None, number
        date.fromisoformat(entry["effective"])
    for entry in data["successions"]:
        assert entry["from"] in keys
        assert all(target["key"] in keys for target in entry["to"])
        # a split names each successor's share of duties; a merger has one successor and no share
        if len(entry["to"]) > 1:
            assert all(target.get("duty") for target in entry["to"]), entry["from"]
        else:
            assert "duty" not in entry["to"][0], entry["from"]


def test_the_province_mergers_are_domain_md_s_34_units() -> None:
    survivors = {p.merged_into_2025 or p.name for p in all_provinces() if p.name != "Thừa Thiên Huế"}
    assert len(survivors) == 34
    assert [s[1] for s in successors(None, "Sóc Trăng")] == ["Cần Thơ"]
    assert [s[1] for s in successors(None, "Hậu Giang")] == ["Cần Thơ"]
    assert [s[1] for s in successors(None, "Ninh Thuận")] == ["Khánh Hòa"]
    assert [s[1] for s in successors(None, "Tiền Giang")] == ["Đồng Tháp"]
    assert successors(None, "Đồng Tháp") == [] and ended(None, "Đồng Tháp") is None
    assert successors(None, "Thừa Thiên Huế") == [(None, "Huế", "renamed", date(2025, 1, 1))]


def test_a_department_of_a_merged_province_reaches_today_s_body_in_two_steps() -> None:
    steps = [
        (s.before, s.after, s.kind, s.effective, s.sources)
        for s in lineage_steps(("so-thong-tin-va-truyen-thong", "Tiền Giang"))
    ]
    assert steps == [
        (
            ("so-thong-tin-va-truyen-thong", "Tiền Giang"),
            ("so-khoa-hoc-va-cong-nghe", "Tiền Giang"),
            "split",
            date(2025, 3, 1),
            ("45/2025/NĐ-CP",),
        ),
        (
            ("so-thong-tin-va-truyen-thong", "Tiền Giang"),
            ("so-van-hoa-the-thao-va-du-lich", "Tiền Giang"),
            "split",
            date(2025, 3, 1),
            ("45/2025/NĐ-CP",),
        ),
        (
            ("so-khoa-hoc-va-cong-nghe", "Tiền Giang"),
            ("so-khoa-hoc-va-cong-nghe", "Đồng Tháp"),
            "merger",
            date(2025, 7, 1),
            ("202/2025/QH15",),
        ),
        (
            ("so-van-hoa-the-thao-va-du-lich", "Tiền Giang"),
            ("so-van-hoa-the-thao-va-du-lich", "Đồng Tháp"),
            "merger",
            date(2025, 7, 1),
            ("202/2025/QH15",),
        ),
    ]


def test_district_committees_pass_their_duties_to_the_communes_and_the_province() -> None:
    assert successors("ubnd-cap-huyen", "Sóc Trăng") == [
        ("ubnd-cap-xa", "Cần Thơ", "split", date(2025, 7, 1)),
        ("ubnd-tinh", "Cần Thơ", "split", date(2025, 7, 1)),
    ]
    # collective references name no one body: they do not move with their province
    assert successors("cac-so-ban-nganh-tinh", "Sóc Trăng") == []


# -- the graph of a document ------------------------------------------------------------------------


def test_dong_thap_2021_department_of_information_is_linked_to_its_2025_successor_with_its_source() -> None:
    graph = graph_of(DT_2021)
    before = org("org/dong-thap/so-thong-tin-va-truyen-thong")
    after = org("org/dong-thap/so-khoa-hoc-va-cong-nghe")
    assert (before, CCHC.succeededBy, after) in graph
    assert (before, CCHC.mergedInto, after) not in graph  # a split, not a merger
    node = succession(graph, before, after)
    assert (node, RDF.type, CCHC.Succession) in graph
    assert (node, CCHC.successionKind, SKIND.split) in graph
    assert (node, CCHC.effectiveDate, Literal("2025-03-01", datatype=XSD.date)) in graph
    assert (node, CCHC.decidedBy, ND45) in graph
    assert str(graph.value(ND45, URIRef("http://data.europa.eu/eli/ontology#number"))) == "45/2025/NĐ-CP"
    assert "chuyển đổi số" in str(graph.value(node, CCHC.dutyArea))
    press = succession(graph, before, org("org/dong-thap/so-van-hoa-the-thao-va-du-lich"))
    assert "báo chí" in str(graph.value(press, CCHC.dutyArea))
    # its existence ends on the date of effect (OWL-Time)
    period = graph.value(before, CCHC.existence)
    assert (period, RDF.type, TIME.ProperInterval) in graph
    end = graph.value(period, TIME.hasEnd)
    assert graph.value(end, TIME.inXSDDate) == Literal("2025-03-01", datatype=XSD.date)


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        (SOC_TRANG, "soc-trang", "can-tho"),
        (NINH_THUAN, "ninh-thuan", "khanh-hoa"),
        (DT_2025, "tien-giang", "dong-thap"),
    ],
)
def test_provinces_merged_in_2025(path: Path, old: str, new: str) -> None:
    graph = graph_of(path)
    before, after = org(f"place/{old}"), org(f"place/{new}")
    assert (before, CCHC.mergedInto, after) in graph
    node = succession(graph, before, after)
    assert (node, CCHC.decidedBy, NQ202) in graph
    assert (node, CCHC.effectiveDate, Literal("2025-07-01", datatype=XSD.date)) in graph
    assert (node, CCHC.successionKind, SKIND.merger) in graph


def test_soc_trang_2021_department_reaches_can_tho_through_soc_trang_s_new_department() -> None:
    graph = graph_of(SOC_TRANG)
    first = org("org/soc-trang/so-thong-tin-va-truyen-thong")
    middle = org("org/soc-trang/so-khoa-hoc-va-cong-nghe")
    last = org("org/can-tho/so-khoa-hoc-va-cong-nghe")
    assert (first, CCHC.succeededBy, middle) in graph and (middle, CCHC.mergedInto, last) in graph
    assert (
        str(graph.value(last, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")))
        == "Sở Khoa học và Công nghệ"
    )


def test_every_succession_in_the_seeds_and_corpus_names_a_deciding_act() -> None:
    count = 0
    for path in [*sorted(SAMPLES.glob("*.txt")), *sorted(CORPUS.glob("*.txt"))]:
        graph = graph_of(path)
        for node in graph.subjects(RDF.type, CCHC.Succession):
            count += 1
            sources = list(graph.objects(node, CCHC.decidedBy))
            assert sources and all(
                graph.value(s, URIRef("http://data.europa.eu/eli/ontology#number")) for s in sources
            )
    assert count > 100


# -- post-2025 names ------------------------------------------------------------------------------


def test_post_2025_names_resolve_to_the_new_bodies() -> None:
    refs, findings = parse_agency_cell("Sở Nông nghiệp và Môi trường; UBND xã, phường", "Cần Thơ")
    assert [(r.key, r.match) for r in refs] == [
        ("so-nong-nghiep-va-moi-truong", "alias"),
        ("ubnd-cap-xa", "alias"),
    ]
    assert findings == []
    assert find_province("ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ").name == "Cần Thơ"
    assert ended("so-nong-nghiep-va-moi-truong", "Cần Thơ") is None


def test_the_2025_corpus_names_no_body_that_had_ended() -> None:
    for path in sorted(CORPUS.glob("*.txt")):
        assert [f for f in parse_document(path).findings if f.kind == "agency-ended"] == [], path.name


def test_an_old_name_in_a_2025_plan_is_flagged_and_a_near_miss_is_never_read_as_the_old_body(
    tmp_path: Path,
) -> None:
    lines = DONG_NAI.read_text(encoding="utf-8").split("\n")
    assert lines[1650] == lines[1792] == "Sở Khoa học và Công nghệ"  # the leads of tasks 2.1 and 3
    lines[1650] = "Sở Thông tin và Truyền thông"  # the old name, exactly: kept as written, flagged
    lines[1792] = "Sở Thông tin và Truyền thôn"  # a near miss: no fuzzy match to a body ended by then
    changed = tmp_path / DONG_NAI.name
    changed.write_text("\n".join(lines), encoding="utf-8")
    parsed = parse_document(changed)
    leads = {task.code: [(r.key, r.match) for r in task.leads] for task in parsed.tasks}
    assert leads["A.II.2.1"] == [("so-thong-tin-va-truyen-thong", "alias")]
    assert leads["A.III.3"] == [("so-thong-tin-va-truyen-thon", "unknown")]
    flags = [f for f in parsed.findings if f.kind == "agency-ended"]
    assert [(f.line, f.subject) for f in flags] == [
        (1645, "Sở Thông tin và Truyền thông"),
        (1788, "Sở Thông tin và Truyền thôn"),
    ]
    assert flags[0].message == (
        "'Sở Thông tin và Truyền thông' was succeeded on 2025-03-01 (by Sở Khoa học và Công nghệ, "
        "Sở Văn hóa, Thể thao và Du lịch), before this document's date 2025-11-18; kept as written"
    )
    assert "kept as a new agency 'so-thong-tin-va-truyen-thon'" in flags[1].message


def test_no_chain_of_the_data_is_longer_than_the_queries_follow() -> None:
    """queries/internal/resolve-predecessors.rq follows up to 4 steps (Virtuoso refuses its `+` path)."""

    def depth(body: tuple[str | None, str | None], after: date = date.min) -> int:
        steps = _forward(body, after)
        return 1 + max(depth(s.after, s.effective) for s in steps) if steps else 0

    entries = load_table().entries
    deepest = max(
        depth((key, None if key and entries[key].national else province.name))
        for province in all_provinces()
        for key in [None, *entries]
    )
    assert deepest == 2  # e.g. Sở TT&TT Tiền Giang -> Sở KH&CN Tiền Giang -> Sở KH&CN Đồng Tháp
