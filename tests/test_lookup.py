"""The one lookup (queries/lookup.py) on the five seeds: what each identifier form finds, and an unknown plan,
document or agency as the same error with the same "did you mean" in Python, the CLI (exit 3), REST (404)
and web pages (HTML 404)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from virtuoso import VirtuosoServer

from api.app import create_app
from api.cli import app as cli
from api.errors import EXIT_NOT_FOUND, EXIT_USER_ERROR
from api.settings import Settings
from ontology import DEFAULT_BASE_IRI
from ontology.errors import CchcError, NotFound
from queries.lookup import (
    UnknownAgency,
    UnknownDocument,
    UnknownPlan,
    check_parameters,
    document_iri,
    find_agency,
    find_document,
    find_plan,
    plan_iri,
    suggest,
)
from queries.remote import RemoteStore
from queries.store import EmbeddedStore

SAMPLES = Path(__file__).resolve().parent.parent / "ingest" / "samples"
PLAN_285 = DEFAULT_BASE_IRI + "eli/vn/dong-thap/ubnd/kh/2020/285"
PLAN_SUGGESTIONS = ("285/KH-UBND", "272/KH-UBND", "142/KH-UBND")
DOCUMENT_SUGGESTIONS = ("76/NQ-CP", "04/NQ-CP", "30c/NQ-CP")
runner = CliRunner()


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("lookup") / "store"
    result = runner.invoke(cli, ["ingest", "--store", str(path), str(SAMPLES)])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def store(store_path: Path) -> EmbeddedStore:
    """The seeds store, opened after the CLI tests of this module (which open it themselves)."""
    return EmbeddedStore(store_path)


@pytest.fixture(scope="module")
def client(store: EmbeddedStore, store_path: Path) -> TestClient:
    return TestClient(create_app(Settings(store_path, DEFAULT_BASE_IRI, query_workers=0), store))


def cli_run(store_path: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(cli, [*args, "--store", str(store_path)])
    return result.exit_code, " ".join(result.output.split())


# -- the CLI (first: it opens the store itself) ----------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message", "suggestions"),
    [
        (["query", "tasks", "-p", "plan=999/KH-UBND"], "no plan '999/KH-UBND'", PLAN_SUGGESTIONS),
        (["query", "legal-bases", "-p", "plan=999/KH-UBND"], "no plan '999/KH-UBND'", PLAN_SUGGESTIONS),
        (["query", "trace", "-p", "document=999/NQ-CP"], "no document '999/NQ-CP'", DOCUMENT_SUGGESTIONS),
        (["trace", "999/NQ-CP"], "no document '999/NQ-CP'", DOCUMENT_SUGGESTIONS),
        (["network", "--plan", "999/KH-UBND"], "no plan '999/KH-UBND'", PLAN_SUGGESTIONS),
        (["viz", "--plan", "999/KH-UBND", "-o", "unused.html"], "no plan '999/KH-UBND'", PLAN_SUGGESTIONS),
        (["viz", "--outline", "999/KH-UBND", "-o", "unused.html"], "no plan '999/KH-UBND'", PLAN_SUGGESTIONS),
        (
            ["viz", "--trace", "999/NQ-CP", "-o", "unused.html"],
            "no document '999/NQ-CP'",
            DOCUMENT_SUGGESTIONS,
        ),
    ],
)
def test_cli_unknown_is_exit_3_with_did_you_mean(
    store_path: Path, args: list[str], message: str, suggestions: tuple[str, ...]
) -> None:
    code, output = cli_run(store_path, *args)
    assert code == EXIT_NOT_FOUND == 3
    assert f"error: {message} in the store; did you mean: {', '.join(suggestions)}?" in output


def test_cli_unknown_agency_name(store_path: Path) -> None:
    code, output = cli_run(store_path, "query", "agency-tasks", "-p", "agency=so khong co")
    assert code == 3 and "no agency named like 'so khong co' in the store; did you mean:" in output
    code, output = cli_run(
        store_path, "query", "agency-tasks", "-p", "agency=so noi vu", "-p", "province=Sóc Trăng"
    )
    assert code == 0 and "Sở Nội vụ" in output


def test_cli_known_ones_and_usage_errors_keep_their_codes(store_path: Path) -> None:
    code, output = cli_run(store_path, "trace", "76/nq-cp")
    assert code == 0 and "76/NQ-CP — 3 plans implement it" in output
    assert cli_run(store_path, "query", "tasks", "-p", "plan=285/kh-ubnd", "-f", "csv")[0] == 0
    code, output = cli_run(store_path, "query", "nope")
    assert code == EXIT_USER_ERROR == 2 and "unknown query 'nope'" in output


# -- Python ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "identifier",
    [
        "285/KH-UBND",
        "285/kh-ubnd",
        PLAN_285,
        "eli/vn/dong-thap/ubnd/kh/2020/285",
        "dong-thap/ubnd/kh/2020/285",
    ],
)
def test_a_plan_by_number_iri_or_path(store: EmbeddedStore, identifier: str) -> None:
    plan = find_plan(store, identifier)
    assert plan["plan"] == PLAN_285 and plan["number"] == "285/KH-UBND" and plan["tasks"] == 32


def test_a_plan_issued_by_a_decision_by_the_decisions_number(store: EmbeddedStore) -> None:
    plan = find_plan(store, "465/qđ-ubnd")
    assert plan["plan"] == DEFAULT_BASE_IRI + "eli/vn/ninh-thuan/ubnd/qd/2022/465/plan"


def test_an_unknown_plan(store: EmbeddedStore) -> None:
    with pytest.raises(UnknownPlan) as raised:
        find_plan(store, "999/KH-UBND")
    error = raised.value
    assert isinstance(error, NotFound) and isinstance(error, CchcError) and error.status == 404
    assert error.suggestions == PLAN_SUGGESTIONS
    assert error.render() == (
        "no plan '999/KH-UBND' in the store; did you mean: 285/KH-UBND, 272/KH-UBND, 142/KH-UBND?"
    )
    assert error.to_dict()["expected"] == "did you mean: 285/KH-UBND, 272/KH-UBND, 142/KH-UBND"
    with pytest.raises(UnknownPlan):
        find_plan(store, "285")  # one segment is not an IRI path


@pytest.mark.parametrize(
    "identifier", ["76/NQ-CP", "76/nq-cp", DEFAULT_BASE_IRI + "eli/vn/cp/nq/2021/76", "eli/vn/cp/nq/2021/76"]
)
def test_a_document_by_number_iri_or_path(store: EmbeddedStore, identifier: str) -> None:
    document = find_document(store, identifier)
    assert document["number"] == "76/NQ-CP" and document["type"] == "NQ" and document["date"] == "2021-07-15"


def test_the_fast_path_gives_what_the_row_lookups_give(store: EmbeddedStore) -> None:
    """plan_iri / document_iri (networks, parameter checks) read a number or an IRI without listing every
    plan or document; an IRI path or an unknown value goes the long way, with the same answer or error."""
    plan_465 = DEFAULT_BASE_IRI + "eli/vn/ninh-thuan/ubnd/qd/2022/465/plan"
    for identifier in ["285/kh-ubnd", PLAN_285, "dong-thap/ubnd/kh/2020/285", "465/QĐ-UBND", plan_465]:
        assert plan_iri(store, identifier) == find_plan(store, identifier)["plan"], identifier
    assert plan_iri(store, "465/QĐ-UBND") == plan_465  # the plan the decision issues, not the decision
    for identifier in ["76/NQ-CP", DEFAULT_BASE_IRI + "eli/vn/cp/nq/2021/76", "eli/vn/cp/nq/2021/76"]:
        assert document_iri(store, identifier) == DEFAULT_BASE_IRI + "eli/vn/cp/nq/2021/76"
    with pytest.raises(UnknownPlan):
        plan_iri(store, "76/NQ-CP")  # a resolution, not a plan
    with pytest.raises(UnknownDocument):
        document_iri(store, "https://example.org/<not-an-iri>")


def test_an_unknown_document(store: EmbeddedStore) -> None:
    with pytest.raises(UnknownDocument) as raised:
        find_document(store, "999/NQ-CP")
    assert raised.value.suggestions == DOCUMENT_SUGGESTIONS


def test_an_agency_by_iri_path_or_unique_name(store: EmbeddedStore) -> None:
    by_path = find_agency(store, "org/dong-thap/so-noi-vu")
    assert (
        by_path["agency"] == "Sở Nội vụ"
        and by_path["province"] == "Đồng Tháp"
        and by_path["lead_tasks"] == 37
    )
    assert find_agency(store, DEFAULT_BASE_IRI + "org/dong-thap/so-noi-vu") == by_path
    newspaper = find_agency(store, "bao dong thap")  # folded: case and diacritics do not matter
    assert newspaper["party"] == DEFAULT_BASE_IRI + "org/dong-thap/bao-tinh"


def test_an_agency_with_no_task_is_found_with_zero_counts(store: EmbeddedStore) -> None:
    committee = find_agency(store, "org/ninh-thuan/ubnd-tinh")
    assert committee["agency"] == "Ủy ban nhân dân tỉnh" and committee["province"] == "Ninh Thuận"
    assert committee["lead_tasks"] == committee["partner_tasks"] == 0


def test_a_name_several_agencies_share_asks_for_an_id(store: EmbeddedStore) -> None:
    with pytest.raises(UnknownAgency) as raised:
        find_agency(store, "Sở Nội vụ")
    # the seeds' three, and their lineage (issue 18): Cần Thơ and Khánh Hòa took Sóc Trăng's and Ninh Thuận's
    # over, Tiền Giang's joined Đồng Tháp's
    assert raised.value.message == "6 agencies are named 'Sở Nội vụ'; give one's id"
    assert raised.value.suggestions == (
        "org/can-tho/so-noi-vu",
        "org/dong-thap/so-noi-vu",
        "org/khanh-hoa/so-noi-vu",
        "org/ninh-thuan/so-noi-vu",
        "org/soc-trang/so-noi-vu",
        "org/tien-giang/so-noi-vu",
    )


def test_an_unknown_agency_suggests_ids_for_an_id(store: EmbeddedStore) -> None:
    with pytest.raises(UnknownAgency) as raised:
        find_agency(store, "org/dong-thap/so-noi-vuu")
    assert raised.value.suggestions[0] == "org/dong-thap/so-noi-vu"


def test_suggestions_ignore_accents_and_case() -> None:
    candidates = ["Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Văn phòng UBND tỉnh"]
    assert suggest("SO NOI VU", candidates)[0] == "Sở Nội vụ"
    assert suggest("Sở Nọi vụ", candidates)[0] == "Sở Nội vụ"
    assert suggest("zzzz", candidates) == []


def test_check_parameters(store: EmbeddedStore) -> None:
    check_parameters(store, "tasks", {"plan": "285/KH-UBND"})
    check_parameters(store, "plans", {})
    with pytest.raises(UnknownPlan):
        check_parameters(store, "compare", {"a": "285/KH-UBND", "b": "999/KH-UBND"})
    with pytest.raises(UnknownDocument):
        check_parameters(store, "documents", {"document": "1/NQ-CP"})
    with pytest.raises(UnknownAgency, match="in Sóc Trăng"):
        check_parameters(store, "agency-tasks", {"agency": "bao dong thap", "province": "Sóc Trăng"})


# -- REST and web pages ----------------------------------------------------------------------------


def test_rest_unknown_is_404_with_the_same_suggestions(client: TestClient) -> None:
    for url, name, suggestions in [
        ("/api/plans/999%2FKH-UBND", "UnknownPlan", PLAN_SUGGESTIONS),
        ("/api/queries/tasks?plan=999/KH-UBND", "UnknownPlan", PLAN_SUGGESTIONS),
        ("/api/documents/999%2FNQ-CP", "UnknownDocument", DOCUMENT_SUGGESTIONS),
        ("/api/trace?document=999/NQ-CP", "UnknownDocument", DOCUMENT_SUGGESTIONS),
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        error = response.json()["error"]
        assert error["error"] == name
        assert error["expected"] == "did you mean: " + ", ".join(suggestions)
    agency = client.get("/api/agencies/org/dong-thap/so-noi-vuu").json()["error"]
    assert agency["error"] == "UnknownAgency" and agency["expected"].startswith(
        "did you mean: org/dong-thap/so-noi-vu"
    )


@pytest.mark.virtuoso
def test_the_same_lookups_on_a_remote_store(virtuoso: VirtuosoServer, store: EmbeddedStore) -> None:
    """The lookup only runs queries: on Virtuoso (bindings sent as VALUES) it finds and refuses the same."""
    from api.service import ingest_paths

    remote = RemoteStore(
        virtuoso.query_url, virtuoso.update_url, virtuoso.user, virtuoso.password, timeout=60
    )
    assert all(report.ok for report in ingest_paths(remote, [SAMPLES], DEFAULT_BASE_IRI))
    assert plan_iri(remote, "465/QĐ-UBND") == plan_iri(store, "465/QĐ-UBND")
    assert document_iri(remote, DEFAULT_BASE_IRI + "eli/vn/cp/nq/2021/76") == document_iri(store, "76/nq-cp")
    assert find_agency(remote, "org/dong-thap/so-noi-vu") == find_agency(store, "org/dong-thap/so-noi-vu")
    with pytest.raises(UnknownPlan) as raised:
        plan_iri(remote, "999/KH-UBND")
    assert raised.value.suggestions == PLAN_SUGGESTIONS
