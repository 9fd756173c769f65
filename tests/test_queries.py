"""The named-query library on the five bundled seeds: real answers, read from the documents."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import PROV

from api.service import ingest_paths
from ontology import DEFAULT_BASE_IRI
from ontology.errors import CchcError
from ontology.iris import IriMinter
from ontology.namespace import CCHC, ELI
from queries.inference import materialise
from queries.library import (
    BadParameter,
    MissingParameter,
    QueryResult,
    UnknownQuery,
    bind_parameters,
    default_library,
    load_library,
    run,
)
from queries.store import EmbeddedStore
from queries.text import fold, number_key, place_key

SAMPLES = Path(__file__).resolve().parents[1] / "ingest" / "samples"
REQUIRED_COLUMNS = {
    "plans": ["plan", "number", "title", "province", "issued", "period_start", "period_end", "tasks"],
    "tasks": [
        "plan_number",
        "code",
        "label",
        "area",
        "leads",
        "partners",
        "time_text",
        "start",
        "end",
        "budget_vnd",
    ],
    "agency-tasks": ["agency", "province", "role", "plan_number", "code", "label"],
    "legal-bases": ["number", "type", "issuer", "date", "relation", "line"],
    "trace": ["plan_number", "province", "issued", "path", "tasks"],
    "lead-partner": ["lead", "partner", "tasks"],
    "agency-load": ["agency", "province", "kind", "lead_tasks", "partner_tasks"],
    "due": ["plan_number", "code", "label", "start", "end", "time_text", "leads", "partners"],
    "areas": ["plan_number", "area", "tasks"],
    "budget": ["plan_number", "area", "agency", "total_vnd"],
    "compare": ["status", "a_code", "b_code", "label", "a_leads", "b_leads", "similarity"],
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    """The five seeds ingested into a fresh embedded store, with the inferences materialised."""
    store = EmbeddedStore(tmp_path_factory.mktemp("store"))
    reports = ingest_paths(store, [SAMPLES], DEFAULT_BASE_IRI)
    assert all(report.ok for report in reports)
    materialise(store, IriMinter(DEFAULT_BASE_IRI).inference_graph)
    return store


def rows(result: QueryResult) -> list[dict[str, object]]:
    return result.as_dicts()


def by_code(result: QueryResult, plan: str) -> dict[str, dict[str, object]]:
    return {str(r["code"]): r for r in rows(result) if r["plan_number"] == plan}


# -- the library -----------------------------------------------------------------------------------


def test_library_has_every_query_with_its_columns_first() -> None:
    library = load_library()
    assert set(REQUIRED_COLUMNS) <= set(library)
    for name, columns in REQUIRED_COLUMNS.items():
        query = library[name]
        assert query.columns[: len(columns)] == columns, name
        assert query.summary and query.path.name == f"{name}.rq"


def test_every_parameter_is_projected_and_never_formatted() -> None:
    for query in load_library().values():
        select = query.text[query.text.index("SELECT") : query.text.index("WHERE")]
        for param in query.params:
            assert f"?{param.variable}" in select, (query.name, param.name)
        assert "{" + "param" not in query.text and "%s" not in query.text


def test_headers_paste_into_an_editor() -> None:
    """Header comment block first, then PREFIX declarations, then the query."""
    for query in load_library().values():
        lines = query.text.splitlines()
        first_code = next(i for i, line in enumerate(lines) if line and not line.startswith("#"))
        assert all(line.startswith("#") or not line for line in lines[:first_code])
        assert lines[first_code].startswith("PREFIX")
        assert lines[0] == f"# name: {query.name}"


def test_unknown_query_lists_the_known_names(store: EmbeddedStore) -> None:
    with pytest.raises(UnknownQuery) as error:
        run(store, "agency-task", {})
    assert "unknown query 'agency-task'" in str(error.value)
    assert "agency-tasks" in str(error.value) and "trace" in str(error.value)
    assert isinstance(error.value, CchcError) and error.value.status == 404


def test_missing_parameter(store: EmbeddedStore) -> None:
    with pytest.raises(MissingParameter) as error:
        run(store, "trace", {})
    assert "query 'trace' needs the parameter 'document'" in str(error.value)
    with pytest.raises(MissingParameter):
        run(store, "agency-tasks", {"agency": "  "})


def test_bad_role(store: EmbeddedStore) -> None:
    with pytest.raises(BadParameter) as error:
        run(store, "agency-tasks", {"agency": "so noi vu", "role": "chair"})
    assert "parameter 'role' of query 'agency-tasks' cannot be 'chair'" in str(error.value)
    assert "lead, partner" in str(error.value)


def test_bad_dates_and_unknown_parameters(store: EmbeddedStore) -> None:
    with pytest.raises(BadParameter, match="is not a date: '2021-13-01'"):
        run(store, "due", {"from": "2021-13-01", "to": "2021-06-30"})
    with pytest.raises(BadParameter, match="'from' \\(2021-07-01\\) is after 'to'"):
        run(store, "due", {"from": "2021-07-01", "to": "2021-06-30"})
    with pytest.raises(BadParameter, match="query 'plans' has no parameter 'plan'"):
        run(store, "plans", {"plan": "285/KH-UBND"})


def test_parameters_are_folded_and_bound() -> None:
    library = default_library()
    bindings = bind_parameters(library["agency-tasks"], {"agency": "Sở Nội Vụ", "province": "Đồng Tháp"})
    assert bindings == {
        "param_agency": Literal("so noi vu"),
        "param_province": Literal("dong-thap"),
        "param_role": Literal(""),
        "param_lineage": Literal(""),
    }
    assert bind_parameters(library["trace"], {"document": "76/NQ-CP"})["param_document"] == Literal(
        "76/nq-cp"
    )
    assert fold("Đài Phát thanh") == "dai phat thanh"
    assert number_key("465/QĐ-UBND") == number_key("465/qd-ubnd") == "465/qd-ubnd"
    assert place_key("dong thap") == place_key("Đồng Tháp") == "dong-thap"


# -- plans and tasks -------------------------------------------------------------------------------


def test_plans(store: EmbeddedStore) -> None:
    result = {r["number"]: r for r in rows(run(store, "plans"))}
    assert set(result) == {"285/KH-UBND", "272/KH-UBND", "142/KH-UBND", "465/QĐ-UBND", "71/QĐ-UBND-HC"}
    ninh_thuan = result["465/QĐ-UBND"]
    assert ninh_thuan["province"] == "Ninh Thuận"
    assert ninh_thuan["issued"] == "2022-08-16"
    assert (ninh_thuan["period_start"], ninh_thuan["period_end"]) == ("2021-01-01", "2025-12-31")
    assert ninh_thuan["tasks"] == 48
    assert ninh_thuan["plan"] == "https://w3id.org/cchc-kg/eli/vn/ninh-thuan/ubnd/qd/2022/465/plan"
    assert result["285/KH-UBND"]["title"] == "Cải cách hành chính tỉnh Đồng Tháp năm 2021"
    assert result["285/KH-UBND"]["issued"] == "2020-12-05"
    assert {n: r["tasks"] for n, r in result.items()} == {
        "285/KH-UBND": 32,
        "272/KH-UBND": 37,
        "142/KH-UBND": 29,
        "465/QĐ-UBND": 48,
        "71/QĐ-UBND-HC": 23,
    }
    dong_thap = run(store, "plans", {"province": "dong thap"})
    assert sorted(dong_thap.column("number")) == ["272/KH-UBND", "285/KH-UBND", "71/QĐ-UBND-HC"]


def test_tasks_of_the_2021_dong_thap_plan(store: EmbeddedStore) -> None:
    result = run(store, "tasks", {"plan": "285/KH-UBND"})
    tasks = by_code(result, "285/KH-UBND")
    assert len(result.rows) == 32
    video = tasks["1.đ"]
    assert video["label"] == "Xây dựng video tuyên truyền các hoạt động, mô hình hay về CCHC"
    assert video["area"] == "communication"
    assert video["leads"] == "Sở Nội vụ"
    assert video["partners"] == "Đài Phát thanh và Truyền hình tỉnh"
    assert (video["time_text"], video["start"], video["end"]) == ("Quý II/2021", "2021-04-01", "2021-06-30")
    assert (video["budget_vnd"], video["budget_unit"]) == (40000000, "total")
    assert tasks["1.d"]["leads"] == "Báo Đồng Tháp; Sở Nội vụ"
    assert (tasks["1.d"]["budget_vnd"], tasks["1.d"]["budget_unit"]) == (5000000, "per-month")
    assert tasks["2.a"]["partners"] == ""
    assert result.column("code")[:3] == ["1.a", "1.b", "1.c"]  # document order


def test_tasks_by_folded_number_or_iri(store: EmbeddedStore) -> None:
    folded = run(store, "tasks", {"plan": "465/qd-ubnd"})
    assert len(folded.rows) == 48 and set(folded.column("plan_number")) == {"465/QĐ-UBND"}
    iri = "https://w3id.org/cchc-kg/eli/vn/dong-thap/ubnd/qd/2020/71/plan"
    by_iri = run(store, "tasks", {"plan": iri})
    assert len(by_iri.rows) == 23 and set(by_iri.column("plan_number")) == {"71/QĐ-UBND-HC"}
    assert run(store, "tasks", {"plan": "999/KH-UBND"}).rows == []


# -- agencies --------------------------------------------------------------------------------------


def test_agency_tasks_of_so_noi_vu_dong_thap(store: EmbeddedStore) -> None:
    """Counted in the task tables of seeds 000 (285/KH-UBND), 001 (272/KH-UBND) and 004 (71/QĐ-UBND-HC)."""
    result = run(store, "agency-tasks", {"agency": "so noi vu", "province": "Đồng Tháp"})
    counts = Counter((r["plan_number"], r["role"]) for r in rows(result))
    assert counts == {
        ("272/KH-UBND", "lead"): 13,  # 1.d-1.m (8), 5.d, 6.b, 7.b, 8.a, 8.b
        ("272/KH-UBND", "partner"): 15,  # 1.a-1.c, 3.a, 3.d, 4.a-4.c, 5.a-5.c, 6.a, 7.a, 7.d, 8.c
        ("285/KH-UBND", "lead"): 13,  # 1.d, 1.đ, 1.g-1.k, 6.b, 7.b, 7.d twice, 8.a, 8.b, 8.d
        ("285/KH-UBND", "partner"): 10,  # 1.a-1.c, 4.a-4.c, 5.a, 6.a, 7.a, 8.c
        ("71/QĐ-UBND-HC", "lead"): 11,  # 1, 3.4-3.8, 4, 5, 7, 8, 9
    }
    assert {(r["agency"], r["province"]) for r in rows(result)} == {("Sở Nội vụ", "Đồng Tháp")}
    zalo = [r for r in rows(result) if r["plan_number"] == "272/KH-UBND" and r["code"] == "1.m"]
    assert zalo and zalo[0]["role"] == "lead"
    assert zalo[0]["label"] == "Xây dựng Trang tin CCHC trên ứng dụng zalo tuyên truyền CCHC"


def test_agency_tasks_role_filter_and_diacritics(store: EmbeddedStore) -> None:
    partners = run(store, "agency-tasks", {"agency": "Sở Nội vụ", "province": "dong thap", "role": "partner"})
    assert len(partners.rows) == 25 and set(partners.column("role")) == {"partner"}
    everywhere = run(store, "agency-tasks", {"agency": "SO NOI VU", "role": "lead"})
    assert set(everywhere.column("province")) == {"Đồng Tháp", "Sóc Trăng", "Ninh Thuận"}


def test_agency_load(store: EmbeddedStore) -> None:
    result = run(store, "agency-load", {"province": "Đồng Tháp"})
    load = {r["agency"]: r for r in rows(result)}
    assert result.rows[0][:5] == ("Sở Nội vụ", "Đồng Tháp", "single", 37, 25)
    assert load["Các sở, ban, ngành tỉnh"]["kind"] == "group"
    assert load["Sở Tư pháp"]["kind"] == "single"
    assert set(result.column("province")) == {"Đồng Tháp"}
    everywhere = run(store, "agency-load")
    assert {"Ninh Thuận", "Sóc Trăng", "Đồng Tháp"} <= set(everywhere.column("province"))


def test_lead_partner(store: EmbeddedStore) -> None:
    soc_trang = rows(run(store, "lead-partner", {"plan": "142/KH-UBND"}))
    # seed 002: Sở Nội vụ leads 3.2, 4.1, 4.3, 7.1, 7.2, 7.3, 7.5, 7.6 and 7.8
    # with "các cơ quan có liên quan" as a partner
    assert soc_trang[0] == {
        "lead": "Sở Nội vụ",
        "partner": "Các cơ quan có liên quan",
        "tasks": 9,
        "province": "Sóc Trăng",
        "plans": "142/KH-UBND",
        "lead_via": "",  # no lineage asked
        "partner_via": "",
    }
    dong_thap = rows(run(store, "lead-partner", {"province": "dong thap"}))
    pair = next(
        r for r in dong_thap if (r["lead"], r["partner"]) == ("Sở Nội vụ", "Sở Thông tin và Truyền thông")
    )
    assert pair["tasks"] == 3  # 272 1.l and 1.m, 285 1.i
    assert set(r["province"] for r in dong_thap) == {"Đồng Tháp"}


# -- documents -------------------------------------------------------------------------------------


def test_legal_bases_of_the_ninh_thuan_plan(store: EmbeddedStore) -> None:
    result = rows(run(store, "legal-bases", {"plan": "465/QĐ-UBND"}))
    found = {(r["number"], r["relation"], r["line"]): r for r in result}
    for number, line in (
        ("76/NQ-CP", 14),
        ("23/CT-TTg", 16),
        ("468/QĐ-TTg", 18),
        ("05-NQ/TU", 20),
        ("38/NQ-HĐND", 22),
    ):
        assert found[(number, "based-on", line)]["citing"] == "decision"
        assert found[(number, "implements", 77)]["citing"] == "plan"
    resolution = found[("76/NQ-CP", "based-on", 14)]
    assert (resolution["type"], resolution["issuer"], resolution["date"]) == ("NQ", "CP", "2021-07-15")
    replaced = found[("681/QĐ-UBND", "replaces", 38)]
    assert (replaced["type"], replaced["date"]) == ("QĐ", "2021-10-27")
    # 05-NQ/TU: the basis gives 28/9/2021, task I.4 gives 01/7/2021; ingest flags the conflict
    party = [r for r in result if r["number"] == "05-NQ/TU"]
    assert {(r["line"], r["stated_date"]) for r in party} == {
        (20, "2021-09-28"),
        (77, "2021-09-28"),
        (304, "2021-07-01"),
    }
    assert all(r["flags"] == "date-conflict" and r["document_date"] == "" for r in party)
    assert "2021-07-01 (line 304)" in str(party[0]["flag_message"])
    assert found[("05-NQ/TU", "cites", 304)]["task_code"] == "I.4"
    assert [r["line"] for r in result] == sorted(r["line"] for r in result)


def test_trace_76(store: EmbeddedStore) -> None:
    result = {r["plan_number"]: r for r in rows(run(store, "trace", {"document": "76/NQ-CP"}))}
    assert set(result) == {"465/QĐ-UBND", "285/KH-UBND", "142/KH-UBND"}
    assert "272/KH-UBND" not in result and "71/QĐ-UBND-HC" not in result
    ninh_thuan = result["465/QĐ-UBND"]
    assert ninh_thuan["path"] == "based on; based on 23/CT-TTg → based on 76/NQ-CP"
    assert (ninh_thuan["province"], ninh_thuan["issued"], ninh_thuan["tasks"]) == (
        "Ninh Thuận",
        "2022-08-16",
        48,
    )
    assert result["285/KH-UBND"]["path"] == "via the national programme 2021-2030"
    assert result["142/KH-UBND"]["path"] == "via the national programme 2021-2030"
    assert (result["142/KH-UBND"]["province"], result["285/KH-UBND"]["province"]) == (
        "Sóc Trăng",
        "Đồng Tháp",
    )
    folded = run(store, "trace", {"document": "76/nq-cp"})
    assert sorted(folded.column("plan_number")) == sorted(result)


def test_trace_30c(store: EmbeddedStore) -> None:
    result = {r["plan_number"]: r for r in rows(run(store, "trace", {"document": "30c/NQ-CP"}))}
    assert set(result) == {"71/QĐ-UBND-HC", "272/KH-UBND"}
    assert result["272/KH-UBND"]["path"] == "via the national programme 2011-2020"
    decision = str(result["71/QĐ-UBND-HC"]["path"]).split("; ")
    assert "based on" in decision and "via the national programme 2011-2020" in decision
    assert "based on 225/QĐ-TTg → based on 30c/NQ-CP" in decision
    assert result["71/QĐ-UBND-HC"]["tasks"] == 23


def test_trace_through_a_directive(store: EmbeddedStore) -> None:
    result = rows(run(store, "trace", {"document": "23/CT-TTg"}))
    assert [(r["plan_number"], r["path"]) for r in result] == [("465/QĐ-UBND", "based on")]


def test_trace_longer_chains_use_the_materialised_closure() -> None:
    base = "https://example.org/kg/"
    store = EmbeddedStore(None)
    graph = Graph()
    chain = [URIRef(f"{base}doc/{i}") for i in range(5)]
    plan, target = chain[0], chain[-1]
    graph.add((plan, RDF.type, CCHC.Plan))
    graph.add((plan, PROV.wasDerivedFrom, URIRef(f"{base}source/1")))
    graph.add((plan, ELI.number, Literal("1/KH-UBND")))
    for i, doc in enumerate(chain[1:], start=1):
        graph.add((doc, ELI.number, Literal(f"{i}/NQ-CP")))
    for earlier, later in itertools.pairwise(chain):
        graph.add((earlier, ELI.based_on, later))
    store.replace_graphs({URIRef(f"{base}graph/doc"): graph})
    materialise(store, IriMinter(base).inference_graph)
    result = rows(run(store, "trace", {"document": str(target)}))
    assert [(r["plan_number"], r["path"]) for r in result] == [
        ("1/KH-UBND", "based on, through a longer chain")
    ]
    near = rows(run(store, "trace", {"document": "3/NQ-CP"}))
    assert near[0]["path"] == "based on 1/NQ-CP → based on 2/NQ-CP → based on 3/NQ-CP"


# -- time, areas, budget ---------------------------------------------------------------------------


def test_due_in_q2_2021(store: EmbeddedStore) -> None:
    result = run(store, "due", {"from": "2021-04-01", "to": "2021-06-30"})
    due = {(r["plan_number"], r["code"]): r for r in rows(result)}
    video = due[("285/KH-UBND", "1.đ")]
    assert (video["time_text"], video["leads"], video["partners"]) == (
        "Quý II/2021",
        "Sở Nội vụ",
        "Đài Phát thanh và Truyền hình tỉnh",
    )
    # the documents' other Q2 2021 work: year-long, continuous, recurring, milestones, and yearly "Quý II-III"
    for key, kind in (
        (("285/KH-UBND", "1.g"), "interval"),  # Trong năm 2021
        (("285/KH-UBND", "1.a"), "continuous"),  # Thường xuyên trong năm
        (("285/KH-UBND", "1.c"), "recurring"),  # Mỗi tháng 02 kỳ
        (("285/KH-UBND", "8.b"), "recurring"),  # Định kỳ hàng quý
        (("142/KH-UBND", "6.3"), "milestones"),  # Tháng 4/2021 - Tháng 12/2021
        (("142/KH-UBND", "6.2"), "continuous"),  # Thường xuyên
        (("465/QĐ-UBND", "I.6"), "recurring"),  # Quý II-III hằng năm
        (("465/QĐ-UBND", "III.1"), "continuous"),  # Thường xuyên trong năm (2021-2025)
    ):
        assert due[key]["kind"] == kind, key
    for key in (
        ("142/KH-UBND", "6.1"),  # Quý 1/2021
        ("142/KH-UBND", "4.2"),  # Quý 3/2021
        ("285/KH-UBND", "2.a"),  # Trong tháng 01/2021
        ("465/QĐ-UBND", "I.2"),  # Quý I hàng năm
        ("465/QĐ-UBND", "I.4"),  # Quý III/2022
        ("285/KH-UBND", "4.a"),  # Khi có văn bản pháp luật mới: no dates
    ):
        assert key not in due, key
    assert {plan for plan, _ in due} == {"285/KH-UBND", "142/KH-UBND", "465/QĐ-UBND"}
    assert len(result.rows) == 52


def test_due_repeats_yearly_tasks_over_the_plan_period(store: EmbeddedStore) -> None:
    q2_2022 = {
        (r["plan_number"], r["code"])
        for r in rows(run(store, "due", {"from": "2022-04-01", "to": "2022-06-30"}))
    }
    assert ("465/QĐ-UBND", "I.6") in q2_2022 and ("465/QĐ-UBND", "I.2") not in q2_2022
    december = rows(run(store, "due", {"from": "2023-12-01", "to": "2023-12-31"}))
    codes = {r["code"] for r in december}
    assert {"I.1", "VI.2", "II.1", "VII.3"} <= codes  # Trước 25/12 hàng năm, Trước 31/12 hàng năm, ...
    after_the_plan = {r["code"] for r in rows(run(store, "due", {"from": "2026-01-01", "to": "2026-03-31"}))}
    assert after_the_plan == set()
    deadlines = rows(run(store, "due", {"from": "2020-05-15", "to": "2020-05-15"}))
    assert {r["code"] for r in deadlines if r["kind"] == "deadline"} == {f"3.{i}" for i in range(1, 15)}


def test_areas(store: EmbeddedStore) -> None:
    areas = {r["area"]: r["tasks"] for r in rows(run(store, "areas", {"plan": "285/KH-UBND"}))}
    assert areas == {
        "communication": 10,
        "institutional": 3,
        "procedures": 3,
        "apparatus": 4,
        "cadre-corps": 1,
        "public-finance": 2,
        "modernisation": 5,
        "direction": 4,
    }
    everything = rows(run(store, "areas"))
    ninh_thuan = {r["area"] for r in everything if r["plan_number"] == "465/QĐ-UBND"}
    assert {"civil-service", "e-government", "institutional"} <= ninh_thuan
    assert sum(r["tasks"] for r in everything if r["plan_number"] == "71/QĐ-UBND-HC") == 23


def test_budget(store: EmbeddedStore) -> None:
    result = {(r["area"], r["agency"]): r for r in rows(run(store, "budget", {"plan": "272/KH-UBND"}))}
    communication = result[("communication", "Sở Nội vụ")]
    # 1.h 70, 1.i 150, 1.k 50, 1.l 20, 1.m 20 and 1.đ 40 million; 1.d is 5 million per month
    assert communication["total_vnd"] == 350_000_000
    assert communication["tasks"] == 7
    assert communication["per_unit"] == "5000000/per-month"
    assert result[("communication", "UBND cấp huyện")]["per_unit"] == "50000000/per-district"
    assert result[("cadre-corps", "Sở Nội vụ")]["total_vnd"] == 40_000_000
    assert result[("direction", "UBND cấp huyện")]["total_vnd"] == 80_000_000
    every_plan = {r["plan_number"] for r in rows(run(store, "budget"))}
    assert {"272/KH-UBND", "285/KH-UBND"} <= every_plan


# -- compare ---------------------------------------------------------------------------------------


def test_compare_dong_thap_2019_with_2021(store: EmbeddedStore) -> None:
    result = rows(run(store, "compare", {"a": "272/KH-UBND", "b": "285/KH-UBND"}))
    status = {(r["a_code"], r["b_code"]): r["status"] for r in result}
    assert status[("1.m", None)] == "dropped"  # Xây dựng Trang tin CCHC trên ứng dụng zalo
    assert status[(None, "8.d")] == "added"  # Chương trình tổng thể CCHC giai đoạn 2021 - 2030
    added = next(r for r in result if r["b_code"] == "8.d")
    assert "Chương trình tổng thể CCHC nhà nước giai đoạn 2021 - 2030" in str(added["label"])
    assert status[("1.đ", "1.đ")] == "kept"
    assert status[("1.g", "1.h")] == "kept"  # renumbered: the provincial contest
    assert status[("3.b", "3.b")] == "lead-changed"
    changed = next(r for r in result if r["status"] == "lead-changed")
    assert (changed["a_leads"], changed["b_leads"]) == (
        "Sở Tư pháp",
        "Các sở, ban, ngành tỉnh; UBND cấp huyện",
    )
    counts = Counter(r["status"] for r in result)
    assert counts["kept"] + counts["lead-changed"] + counts["dropped"] == 37
    assert counts["kept"] + counts["lead-changed"] + counts["added"] == 32
    assert all(r["similarity"] is None or 70 <= float(r["similarity"]) <= 100 for r in result)


def test_compare_needs_two_plans_with_tasks(store: EmbeddedStore) -> None:
    with pytest.raises(BadParameter, match="a and b name the same plan"):
        run(store, "compare", {"a": "285/KH-UBND", "b": "285/kh-ubnd"})
    with pytest.raises(BadParameter, match="no plan '999/KH-UBND' with tasks"):
        run(store, "compare", {"a": "999/KH-UBND", "b": "285/KH-UBND"})
    with pytest.raises(MissingParameter):
        run(store, "compare", {"a": "272/KH-UBND"})


def test_results_are_plain_values(store: EmbeddedStore) -> None:
    for name, params in (("plans", {}), ("areas", {}), ("agency-load", {})):
        for row in run(store, name, params).rows:
            assert all(value is None or isinstance(value, str | int | float) for value in row)
    assert not any(re.search(r"\^\^|@vi", str(v)) for v in run(store, "plans").column("title"))


def test_legal_bases_name_programmes(store: EmbeddedStore) -> None:
    result = rows(run(store, "legal-bases", {"plan": "285/KH-UBND"}))
    assert {(r["type"], r["relation"], r["line"]) for r in result} == {
        ("programme", "implements", 110),
        ("programme", "implements", 194),
    }
    assert result[0]["number"] == "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030"
    drafts = rows(run(store, "legal-bases", {"plan": "71/QĐ-UBND-HC"}))
    assert ("drafts", 9) in {(r["relation"], r["line"]) for r in drafts}


# -- resolving identifying parameters ----------------------------------------------------------------


def test_resolved_parameters_give_the_same_answers_as_the_text_tests(store: EmbeddedStore) -> None:
    """The resolution only narrows where the query starts: with it stripped (no '# resolve:' lines),
    every resolving query gives the same rows."""
    from queries.library import NamedQuery

    library = default_library()
    plain = {
        name: NamedQuery(q.name, q.summary, q.params, q.columns, q.text, q.path, q.lists)
        for name, q in library.items()
    }
    cases = [
        ("tasks", {"plan": "465/qd-ubnd"}),
        ("tasks", {"plan": "https://w3id.org/cchc-kg/eli/vn/dong-thap/ubnd/kh/2020/285"}),
        ("tasks", {"plan": "999/KH-UBND"}),
        ("legal-bases", {"plan": "465/QĐ-UBND"}),
        ("trace", {"document": "76/NQ-CP"}),
        ("trace", {"document": "23/ct-ttg"}),
        ("agency-tasks", {"agency": "so noi vu"}),
        ("agency-tasks", {"agency": "Sở Nội vụ", "province": "dong thap", "role": "lead"}),
        ("agency-tasks", {"agency": "khong co co quan nay"}),
    ]
    for name, params in cases:
        assert library[name].resolves, name
        fast, slow = run(store, name, params, library), run(store, name, params, plain)
        assert sorted(fast.rows, key=repr) == sorted(slow.rows, key=repr), (name, params)


def test_resolution_binds_one_iri_or_a_values_block(store: EmbeddedStore) -> None:
    from queries.library import NOTHING, resolve_iris, resolve_parameters

    library = default_library()
    tasks = library["tasks"]
    assert tasks.resolves == (("plan", "plan"),)
    text, extra = resolve_parameters(store, tasks, bind_parameters(tasks, {"plan": "285/KH-UBND"}))
    assert text == tasks.text and extra == {
        "plan": URIRef(DEFAULT_BASE_IRI + "eli/vn/dong-thap/ubnd/kh/2020/285")
    }
    text, extra = resolve_parameters(store, tasks, bind_parameters(tasks, {"plan": "1/XX-YY"}))
    assert extra == {"plan": NOTHING}
    # a decision's number names the decision and the plan it issues
    assert len(resolve_iris(store, "document", "465/qd-ubnd")) == 2
    agency = library["agency-tasks"]
    text, extra = resolve_parameters(store, agency, bind_parameters(agency, {"agency": "so noi vu"}))
    assert extra == {} and "VALUES ?party {" in text and text.count("/so-noi-vu>") >= 2
    assert "{" + "param" not in text
    # "as values": one IRI still goes in as a VALUES block (pyoxigraph applies a substitution late there)
    assignments = library["assignments"]
    assert assignments.as_values == ("plan",)
    params = bind_parameters(assignments, {"plan": "285/KH-UBND"})
    text, extra = resolve_parameters(store, assignments, params)
    assert (
        extra == {}
        and "VALUES ?plan { <https://w3id.org/cchc-kg/eli/vn/dong-thap/ubnd/kh/2020/285> }" in text
    )
    # "# values: ?plan" lines put the block inside lead-partner's two sub-selects, not the outer group
    pairs = library["lead-partner"]
    text, extra = resolve_parameters(store, pairs, bind_parameters(pairs, {"plan": "285/KH-UBND"}))
    assert text.count("VALUES ?plan {") == 2 and "# values: ?plan" not in text
    assert text.index("VALUES ?plan {") > text.index("SELECT ?plan ?task ?lead ?partner")
    # a place names the plans of that province
    base = DEFAULT_BASE_IRI + "eli/vn/"
    assert resolve_iris(store, "place", "dong-thap") == [
        URIRef(base + "dong-thap/ubnd/kh/2018/272"),
        URIRef(base + "dong-thap/ubnd/kh/2020/285"),
        URIRef(base + "dong-thap/ubnd/qd/2020/71/plan"),
    ]
    assert resolve_iris(store, "place", "ha-noi") == []
    text, extra = resolve_parameters(store, pairs, bind_parameters(pairs, {"province": "Đồng Tháp"}))
    assert text.count("VALUES ?plan {") == 2 and text.count("/dong-thap/ubnd/kh/2018/272>") == 2


def test_malformed_resolve_lines_are_refused(tmp_path: Path) -> None:
    from queries.library import QueryFileError

    base = "# name: x\n# summary: s\n# param: plan (document, required) — p\n# columns: a\n"
    (tmp_path / "x.rq").write_text(base + "# resolve: plan ?plan\nPREFIX a: <a:>\nSELECT ?a WHERE {}\n")
    with pytest.raises(QueryFileError, match="malformed resolve line"):
        load_library(tmp_path)
    (tmp_path / "x.rq").write_text(base + "# resolve: other -> ?plan\nPREFIX a: <a:>\nSELECT ?a WHERE {}\n")
    with pytest.raises(QueryFileError, match="names no parameter"):
        load_library(tmp_path)
