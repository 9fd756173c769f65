"""The lineage of agencies and provinces in the named queries (issue 18), on the five seeds and the ten
corpus plans (``workbench_store``): the ``lineage`` query, and the ``lineage`` option of ``agency-tasks``,
``plans``, ``lead-partner`` and ``agency-load`` (``-p lineage=1``, ``--follow-lineage``, ``?lineage=1``).

Facts from ingest/data/lineage.json as the mapping writes them: Sở Thông tin và Truyền thông of every
province split on 2025-03-01 (45/2025/NĐ-CP) between Sở Khoa học và Công nghệ and Sở Văn hóa, Thể thao
và Du lịch; Sóc Trăng, Ninh Thuận and Tiền Giang merged on 2025-07-01 (202/2025/QH15) into Cần Thơ,
Khánh Hòa and Đồng Tháp. Seed 000/001/004 are Đồng Tháp's plans of 2019-2021 (272/KH-UBND,
285/KH-UBND, 71/QĐ-UBND-HC), seed 002 Sóc Trăng's 142/KH-UBND for 2021.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from api.cli import app
from queries.library import BadParameter, default_library, run

BASE = "https://w3id.org/cchc-kg/"
ICT = "Sở Thông tin và Truyền thông"
SCIENCE = "Sở Khoa học và Công nghệ"
CULTURE = "Sở Văn hóa, Thể thao và Du lịch"
SCIENCE_DT = {"agency": SCIENCE, "province": "Đồng Tháp"}
# Sở Thông tin và Truyền thông Đồng Tháp's tasks in the 2019, 2020 and 2021 plans (seeds 000, 001, 004)
ICT_TASKS = {
    ("272/KH-UBND", "7.a", "lead"),
    ("272/KH-UBND", "7.b", "lead"),
    ("272/KH-UBND", "7.d", "lead"),
    ("272/KH-UBND", "1.c", "partner"),
    ("272/KH-UBND", "1.l", "partner"),
    ("272/KH-UBND", "1.m", "partner"),
    ("285/KH-UBND", "7.a", "lead"),
    ("285/KH-UBND", "7.b", "lead"),
    ("285/KH-UBND", "1.c", "partner"),
    ("285/KH-UBND", "1.i", "partner"),
    ("71/QĐ-UBND-HC", "3.2", "lead"),
    ("71/QĐ-UBND-HC", "3.11", "lead"),
}

Row = dict[str, Any]


@pytest.fixture(scope="module")
def store(workbench_store: tuple[Any, Path]) -> Any:
    return workbench_store[0]


def rows(store: Any, name: str, params: dict[str, str]) -> list[Row]:
    return run(store, name, params).as_dicts()


def tasks(found: list[Row]) -> set[tuple[str, str, str]]:
    return {(r["plan_number"], r["code"], r["role"]) for r in found}


# -- the lineage query -------------------------------------------------------------------------------


def test_lineage_of_an_agency_names_its_successors_with_date_and_source(store: Any) -> None:
    found = rows(store, "lineage", {"agency": ICT, "province": "Đồng Tháp"})
    assert {r["direction"] for r in found} == {"successor"}  # it was created before the seeds' years
    by_other = {r["other_label"]: r for r in found}
    assert set(by_other) == {SCIENCE, CULTURE}
    science = by_other[SCIENCE]
    assert science["body"] == BASE + "org/dong-thap/so-thong-tin-va-truyen-thong"
    assert science["other"] == BASE + "org/dong-thap/so-khoa-hoc-va-cong-nghe"
    assert (science["body_label"], science["body_province"], science["other_province"]) == (
        ICT,
        "Đồng Tháp",
        "Đồng Tháp",
    )
    assert (science["kind"], science["effective"], science["steps"]) == ("split", "2025-03-01", 1)
    assert science["source_number"] == "45/2025/NĐ-CP"
    assert science["source"] == BASE + "eli/vn/cp/nd/2025/45"
    assert science["source_title"].startswith("Quy định tổ chức các cơ quan chuyên môn")
    assert "chuyển đổi số" in science["duty"]  # the share of duties it took
    assert "báo chí" in by_other[CULTURE]["duty"] and "báo chí" not in science["duty"]


def test_lineage_of_the_successor_walks_back_two_steps(store: Any) -> None:
    """Sở KH&CN Đồng Tháp: formed from Sở TT&TT Đồng Tháp (split) and Sở KH&CN Tiền Giang (merger), which
    itself took Sở TT&TT Tiền Giang's share (step 2)."""
    found = rows(store, "lineage", SCIENCE_DT)
    steps = {
        (r["direction"], r["body_label"], r["body_province"], r["other_label"], r["other_province"]): r
        for r in found
    }
    assert (
        steps[("predecessor", SCIENCE, "Đồng Tháp", ICT, "Đồng Tháp")]["source_number"],
        steps[("predecessor", SCIENCE, "Đồng Tháp", SCIENCE, "Tiền Giang")]["source_number"],
    ) == ("45/2025/NĐ-CP", "202/2025/QH15")
    merger = steps[("predecessor", SCIENCE, "Đồng Tháp", SCIENCE, "Tiền Giang")]
    assert (merger["kind"], merger["effective"], merger["duty"], merger["steps"]) == (
        "merger",
        "2025-07-01",
        "",
        1,
    )
    further = steps[("predecessor", SCIENCE, "Tiền Giang", ICT, "Tiền Giang")]
    assert (further["steps"], further["kind"], further["effective"]) == (2, "split", "2025-03-01")
    assert all(r["start"] == BASE + "org/dong-thap/so-khoa-hoc-va-cong-nghe" for r in found)
    assert not [r for r in found if r["direction"] == "successor"]  # it carries on


@pytest.mark.parametrize(
    ("province", "direction", "other", "other_iri"),
    [
        ("Sóc Trăng", "successor", "Cần Thơ", "place/can-tho"),
        ("Ninh Thuận", "successor", "Khánh Hòa", "place/khanh-hoa"),
        ("Đồng Tháp", "predecessor", "Tiền Giang", "place/tien-giang"),
        ("Cần Thơ", "predecessor", "Sóc Trăng", "place/soc-trang"),
    ],
)
def test_lineage_of_a_province(store: Any, province: str, direction: str, other: str, other_iri: str) -> None:
    found = rows(store, "lineage", {"province": province})
    step = next(r for r in found if r["other_label"] == other)
    assert step["direction"] == direction and step["other"] == BASE + other_iri
    assert (step["body_label"], step["body_province"], step["other_province"]) == (province, "", "")
    assert (step["kind"], step["effective"], step["source_number"], step["steps"]) == (
        "merger",
        "2025-07-01",
        "202/2025/QH15",
        1,
    )
    assert step["source_title"] == "Về việc sắp xếp đơn vị hành chính cấp tỉnh"
    assert {r["start"] for r in found} == {step["body"]}  # the province itself, not its agencies


def test_lineage_sources_are_aligned_when_a_step_has_several(store: Any) -> None:
    """Tiền Giang's UBND cấp huyện -> Đồng Tháp's UBND cấp xã names two sources (the province merger and
    the law on local government): number, title and IRI in the same order."""
    found = rows(store, "lineage", {"agency": "UBND cấp xã", "province": "Đồng Tháp"})
    several = [r for r in found if " ; " in r["source_number"]]
    assert [(r["other_label"], r["other_province"], r["kind"]) for r in several] == [
        ("UBND cấp huyện", "Tiền Giang", "split")
    ]
    documents = {r["number"]: r["document"] for r in rows(store, "documents", {})}
    for row in several:
        numbers = row["source_number"].split(" ; ")
        assert set(numbers) == {"202/2025/QH15", "72/2025/QH15"}
        assert row["source"].split(" ; ") == [documents[n] for n in numbers]
        assert len(row["source_title"].split(" ; ")) == len(numbers)


def test_lineage_without_a_match_is_empty_and_rows_are_resolution_independent(store: Any) -> None:
    """The resolution of ?start only narrows where the query starts: stripped, the rows are the same."""
    from queries.library import NamedQuery

    query = default_library()["lineage"]
    plain = {
        "lineage": NamedQuery(query.name, query.summary, query.params, query.columns, query.text, query.path)
    }
    for params in ({"agency": ICT, "province": "Đồng Tháp"}, {"province": "Sóc Trăng"}):
        fast, slow = run(store, "lineage", params), run(store, "lineage", params, plain)
        assert fast.rows and sorted(fast.rows, key=repr) == sorted(slow.rows, key=repr), params
    assert rows(store, "lineage", {"province": "Hà Giang"}) == []  # not in the store


# -- the lineage option ------------------------------------------------------------------------------


def test_agency_tasks_with_lineage_include_the_predecessors_tasks(store: Any) -> None:
    own = rows(store, "agency-tasks", SCIENCE_DT)
    followed = rows(store, "agency-tasks", {**SCIENCE_DT, "lineage": "1"})
    ict = rows(store, "agency-tasks", {"agency": ICT, "province": "Đồng Tháp"})
    assert tasks(ict) == ICT_TASKS  # what the 2019-2021 plans give Sở TT&TT Đồng Tháp
    held = [r for r in followed if r["held_by"]]
    assert tasks(held) == ICT_TASKS
    assert {(r["held_by"], r["held_by_province"]) for r in held} == {(ICT, "Đồng Tháp")}
    assert {(r["agency"], r["province"]) for r in followed} == {(SCIENCE, "Đồng Tháp")}
    # without lineage: its own tasks only, none of Sở TT&TT's (the 2021 plan's 7.a and 7.b among them)
    assert not tasks(own) & ICT_TASKS and ("285/KH-UBND", "7.a", "lead") in tasks(followed)
    assert {r["held_by"] for r in own} == {""}
    assert [r for r in followed if not r["held_by"]] == own
    assert len(followed) == len(own) + len(ICT_TASKS)
    # the new columns come last: the existing order stays
    assert default_library()["agency-tasks"].columns[-2:] == ["held_by", "held_by_province"]


def test_plans_of_a_province_with_lineage_include_the_merged_provinces(store: Any) -> None:
    assert rows(store, "plans", {"province": "Cần Thơ"}) == []
    followed = rows(store, "plans", {"province": "Cần Thơ", "lineage": "1"})
    assert [(r["number"], r["province"], r["merged_into"]) for r in followed] == [
        ("142/KH-UBND", "Sóc Trăng", "Cần Thơ")
    ]
    assert followed[0]["plan"] == BASE + "eli/vn/soc-trang/ubnd/kh/2020/142"
    # a province that carries on lists its own plans either way; merged_into is empty for them
    dong_thap = rows(store, "plans", {"province": "Đồng Tháp", "lineage": "1"})
    assert {r["number"] for r in dong_thap} == {"272/KH-UBND", "71/QĐ-UBND-HC", "285/KH-UBND", "617/KH-UBND"}
    assert {r["merged_into"] for r in dong_thap} == {""}
    every = {r["number"]: r["merged_into"] for r in rows(store, "plans", {})}
    assert every["465/QĐ-UBND"] == "Khánh Hòa" and every["142/KH-UBND"] == "Cần Thơ"


def test_agency_load_with_lineage_counts_predecessors_with_their_successors(store: Any) -> None:
    def load(params: dict[str, str]) -> dict[str, Row]:
        return {r["agency"]: r for r in rows(store, "agency-load", params) if r["kind"] == "single"}

    own = load({"province": "Đồng Tháp"})
    followed = load({"province": "Đồng Tháp", "lineage": "1"})
    assert ICT in own and ICT not in followed  # it ended: counted with the bodies that carry its duties
    ict_lead = {t for t in ICT_TASKS if t[2] == "lead"}
    assert followed[SCIENCE]["lead_tasks"] == own[SCIENCE]["lead_tasks"] + len(ict_lead)
    assert followed[SCIENCE]["via"] == ICT and own[SCIENCE]["via"] == ""
    assert followed[CULTURE]["via"] == ICT  # both successors of the split
    assert followed["Sở Nội vụ"]["via"] == "Sở Lao động - Thương binh và Xã hội"  # merged into it
    assert followed["Sở Tư pháp"] == own["Sở Tư pháp"]  # no predecessor


def test_lead_partner_with_lineage_pairs_successors(store: Any) -> None:
    def pairs(params: dict[str, str]) -> dict[tuple[str, str], Row]:
        return {(r["lead"], r["partner"]): r for r in rows(store, "lead-partner", params)}

    own = pairs({"province": "Đồng Tháp"})
    followed = pairs({"province": "Đồng Tháp", "lineage": "1"})
    # Sở Nội vụ led 272 1.l, 1.m and 285 1.i with Sở TT&TT as partner: now with Sở KH&CN
    assert own[("Sở Nội vụ", ICT)]["tasks"] == 3 and ("Sở Nội vụ", ICT) not in followed
    science = followed[("Sở Nội vụ", SCIENCE)]
    assert science["tasks"] == own[("Sở Nội vụ", SCIENCE)]["tasks"] + 3
    assert (science["lead_via"], science["partner_via"]) == ("", ICT)
    # Cần Thơ: Sóc Trăng's plan, its own province kept
    assert pairs({"province": "Cần Thơ"}) == {}
    can_tho = pairs({"province": "Cần Thơ", "lineage": "1"})
    assert can_tho and {r["province"] for r in can_tho.values()} == {"Sóc Trăng"}
    assert {r["plans"] for r in can_tho.values()} == {"142/KH-UBND"}


def test_lineage_is_a_yes_no_parameter(store: Any) -> None:
    for value in ("0", "no", "false", "off", ""):
        assert rows(store, "plans", {"province": "Cần Thơ", "lineage": value}) == []
    for value in ("1", "yes", "true", "on"):
        assert len(rows(store, "plans", {"province": "Cần Thơ", "lineage": value})) == 1
    with pytest.raises(BadParameter, match="not a yes/no value"):
        run(store, "plans", {"lineage": "maybe"})
    with pytest.raises(BadParameter, match="has no parameter 'lineage'"):
        run(store, "tasks", {"plan": "285/KH-UBND", "lineage": "1"})
    library = default_library()
    assert {name for name, q in library.items() if q.param("lineage")} >= {
        "agency-tasks",
        "lead-partner",
        "agency-load",
        "plans",
    }
    assert all(library[name].param("lineage").type == "boolean" for name in ("agency-tasks", "plans"))


# -- the same rows from the CLI flag and the HTTP parameter ------------------------------------------


def test_cli_flag_and_http_parameter_give_the_same_rows(
    workbench_store: tuple[Any, Path], workbench_url: str
) -> None:
    _, path = workbench_store
    cases = [
        ("agency-tasks", {"agency": SCIENCE, "province": "Đồng Tháp"}),
        ("plans", {"province": "Cần Thơ"}),
        ("agency-load", {"province": "Đồng Tháp"}),
        ("lead-partner", {"province": "Đồng Tháp"}),
    ]
    runner = CliRunner()
    with httpx.Client(base_url=workbench_url, timeout=120) as http:
        for name, params in cases:
            args = ["query", name, "--store", str(path), "-f", "json", "--follow-lineage"]
            for key, value in params.items():
                args += ["-p", f"{key}={value}"]
            result = runner.invoke(app, args)
            assert result.exit_code == 0, result.output
            on_cli = json.loads(result.stdout)
            response = http.get(f"/api/queries/{name}", params={**params, "lineage": "1", "format": "json"})
            assert response.status_code == 200, response.text
            on_http = response.json()
            assert on_cli["rows"] == on_http["rows"] and on_cli["rows"], name
            assert on_cli["rows"] == rows(workbench_store[0], name, {**params, "lineage": "1"}), name
            plain = http.get(f"/api/queries/{name}", params={**params, "format": "json"}).json()
            assert plain["rows"] != on_http["rows"], name  # the flag changes the answer


def test_without_the_option_lead_partner_leaves_the_lineage_sections_out_and_gives_the_same_rows(
    workbench_store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """lead-partner's "# lineage only" sections (the walk from the bodies that ended) are left out when the
    option is off: the text sent names no cchc:succeededBy, and the rows are those of the whole text."""
    import queries.library as library
    from queries.library import bind_parameters, get_query, resolve_parameters

    store, _ = workbench_store
    query = get_query("lead-partner")
    text, _extra = resolve_parameters(store, query, bind_parameters(query, {"province": "Đồng Tháp"}))
    assert "succeededBy" not in text.split("WHERE", 1)[1].split("FILTER(?leadMode")[0]
    on, _extra = resolve_parameters(
        store, query, bind_parameters(query, {"province": "Đồng Tháp", "lineage": "1"})
    )
    assert on.count("# lineage only: from") == 4
    cases = [{}, {"province": "Đồng Tháp"}, {"plan": "285/KH-UBND"}]
    trimmed = [run(store, "lead-partner", params).as_dicts() for params in cases]
    monkeypatch.setattr(library, "without_lineage_sections", lambda text: text)
    whole = [run(store, "lead-partner", params).as_dicts() for params in cases]
    assert trimmed == whole and [len(rows) for rows in trimmed] == [289, 81, 50]
