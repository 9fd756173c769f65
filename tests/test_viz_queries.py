"""The named queries the networks are built from (assignments, plan-structure, trace-edges), on the seeds."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from api.service import ingest_paths
from ontology import DEFAULT_BASE_IRI
from queries.library import BadParameter, MissingParameter, load_library, run
from queries.store import EmbeddedStore

SAMPLES = Path(__file__).resolve().parents[1] / "ingest" / "samples"
COLUMNS = {
    "assignments": [
        "plan_number",
        "code",
        "label",
        "role",
        "agency",
        "kind",
        "agency_kind",
        "agency_province",
        "area",
        "start",
        "end",
        "province",
        "line",
        "party",
        "task",
        "plan",
    ],
    "plan-structure": [
        "plan_number",
        "section",
        "section_code",
        "section_title",
        "code",
        "label",
        "parent",
        "area",
        "line",
        "task",
        "plan",
    ],
    "trace-edges": [
        "source",
        "source_number",
        "source_type",
        "relation",
        "target",
        "target_number",
        "target_type",
        "source_plan",
        "document",
    ],
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    """The five seeds in a fresh embedded store (ingest also materialises the inferences)."""
    store = EmbeddedStore(tmp_path_factory.mktemp("viz-queries-store"))
    assert all(report.ok for report in ingest_paths(store, [SAMPLES], DEFAULT_BASE_IRI))
    return store


def test_headers_declare_the_columns_and_parameters() -> None:
    library = load_library()
    for name, columns in COLUMNS.items():
        assert library[name].columns == columns
        assert library[name].path.name == f"{name}.rq"
    assert [p.name for p in library["assignments"].params] == [
        "province",
        "plan",
        "area",
        "role",
        "from",
        "to",
    ]
    assert library["assignments"].param("role").choices == ("lead", "partner")
    assert [(p.name, p.required) for p in library["plan-structure"].params] == [("plan", True)]
    assert [(p.name, p.required) for p in library["trace-edges"].params] == [("document", True)]


def test_assignments_of_the_dong_thap_2021_plan(store: EmbeddedStore) -> None:
    rows = run(store, "assignments", {"plan": "285/KH-UBND"}).as_dicts()
    assert {r["plan_number"] for r in rows} == {"285/KH-UBND"}
    assert len({r["task"] for r in rows}) == 32  # every task of 285 names at least one agency
    # line 155: 1.đ — lead Sở Nội vụ, partner "Đài Phát thanh và Truyền hình Tỉnh", Quý II/2021
    video = {(r["role"], r["agency"], r["kind"]) for r in rows if r["code"] == "1.đ"}
    assert video == {
        ("lead", "Sở Nội vụ", "single"),
        ("partner", "Đài Phát thanh và Truyền hình tỉnh", "single"),
    }
    first = next(r for r in rows if r["code"] == "1.đ")
    assert (first["start"], first["end"], first["area"], first["line"]) == (
        "2021-04-01",
        "2021-06-30",
        "communication",
        155,
    )
    # Sở Nội vụ leads 13 tasks of 285 (1.d 1.đ 1.g 1.h 1.i 1.k 6.b 7.b 7.d 7.d-2 8.a 8.b 8.d)
    leads = sorted(r["code"] for r in rows if r["agency"] == "Sở Nội vụ" and r["role"] == "lead")
    assert leads == [
        "1.d",
        "1.g",
        "1.h",
        "1.i",
        "1.k",
        "1.đ",
        "6.b",
        "7.b",
        "7.d",
        "7.d-2",
        "8.a",
        "8.b",
        "8.d",
    ]
    groups = {r["agency"] for r in rows if r["kind"] == "group"}
    assert {"Các sở, ban, ngành tỉnh", "UBND cấp huyện", "UBND cấp xã"} <= groups
    assert "Sở Nội vụ" not in groups


def test_assignments_filters(store: EmbeddedStore) -> None:
    everything = run(store, "assignments", {}).as_dicts()
    assert {r["plan_number"] for r in everything} == {
        "272/KH-UBND",
        "285/KH-UBND",
        "142/KH-UBND",
        "465/QĐ-UBND",
        "71/QĐ-UBND-HC",
    }
    dong_thap = run(store, "assignments", {"province": "dong thap"}).as_dicts()
    assert {r["plan_number"] for r in dong_thap} == {"272/KH-UBND", "285/KH-UBND", "71/QĐ-UBND-HC"}
    leads = run(store, "assignments", {"plan": "285/KH-UBND", "role": "lead"}).as_dicts()
    assert {r["role"] for r in leads} == {"lead"}
    # the areas query counts 10 communication tasks in 285
    communication = run(store, "assignments", {"plan": "285/KH-UBND", "area": "communication"}).as_dicts()
    assert len({r["task"] for r in communication}) == 10
    # 2019: only the 2019 plan (272) and dated tasks of others reaching into 2019
    year = run(store, "assignments", {"from": "2019-01-01", "to": "2019-12-31"}).as_dicts()
    assert "272/KH-UBND" in {r["plan_number"] for r in year}
    assert not {"285/KH-UBND", "142/KH-UBND", "465/QĐ-UBND"} & {r["plan_number"] for r in year}
    with pytest.raises(BadParameter):
        run(store, "assignments", {"role": "boss"})


def test_plan_structure_of_the_ninh_thuan_plan(store: EmbeddedStore) -> None:
    rows = run(store, "plan-structure", {"plan": "465/QĐ-UBND"}).as_dicts()
    assert len(rows) == 48
    sections = Counter(r["section_code"] for r in rows)
    assert len(sections) == 7 and sections["I"] > 0
    first = rows[0]
    assert (first["code"], first["section_title"]) == ("I.1", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH")
    by_code = {r["code"]: r for r in rows}
    assert by_code["I.2.a"]["parent"] == by_code["I.2"]["task"]
    assert by_code["I.1"]["parent"] == ""
    with pytest.raises(MissingParameter):
        run(store, "plan-structure", {})


def test_trace_edges_of_76_nq_cp(store: EmbeddedStore) -> None:
    rows = run(store, "trace-edges", {"document": "76/NQ-CP"}).as_dicts()
    links = {(r["source_number"], r["relation"], r["target_number"]) for r in rows}
    assert links == {
        ("76/NQ-CP", "establishes", "2021-2030"),
        ("285/KH-UBND", "implements", "2021-2030"),
        ("142/KH-UBND", "implements", "2021-2030"),
        ("23/CT-TTg", "based-on", "76/NQ-CP"),
        ("465/QĐ-UBND", "based-on", "76/NQ-CP"),
        ("465/QĐ-UBND", "based-on", "23/CT-TTg"),
    }
    types = {r["source_number"]: r["source_type"] for r in rows}
    assert types["23/CT-TTg"] == "document" and types["285/KH-UBND"] == "plan"
    # the decision 465/QĐ-UBND and the plan it issues point at the same plan
    assert {r["source_plan"] for r in rows if r["source_number"] == "465/QĐ-UBND"} == {
        "https://w3id.org/cchc-kg/eli/vn/ninh-thuan/ubnd/qd/2022/465/plan"
    }
    older = run(store, "trace-edges", {"document": "30c/nq-cp"}).as_dicts()
    assert ("272/KH-UBND", "implements", "2011-2020") in {
        (r["source_number"], r["relation"], r["target_number"]) for r in older
    }
