"""The REST API on the five seeds: every route, its real answers, the one error shape, uploads off by
default; and the two named queries it added (documents, document-relations)."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.service import ingest_paths
from api.settings import Settings
from ontology import DEFAULT_BASE_IRI
from queries.library import default_library, run
from queries.store import EmbeddedStore

SAMPLES = Path(__file__).resolve().parent.parent / "ingest" / "samples"
SEED_285 = SAMPLES / "000_8ed5b0c1c9e5996d.txt"
TOKEN = "upload-token"
DOC_76 = DEFAULT_BASE_IRI + "eli/vn/cp/nq/2021/76"


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    seeded = EmbeddedStore(None)
    ingest_paths(seeded, [SAMPLES], DEFAULT_BASE_IRI)
    return seeded


@pytest.fixture(scope="module")
def client(store: EmbeddedStore, tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    return TestClient(create_app(Settings(tmp_path_factory.mktemp("unused"), DEFAULT_BASE_IRI), store))


def assert_error(response: object, status: int, name: str) -> dict[str, object]:
    """The one error shape: {"error": {error, message, source, line, expected}}."""
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"}
    assert set(body["error"]) == {"error", "message", "source", "line", "expected"}
    assert body["error"]["error"] == name and body["error"]["message"]
    return body["error"]


# -- plans -----------------------------------------------------------------------------------------


def test_plans(client: TestClient) -> None:
    plans = {p["number"]: p for p in client.get("/api/plans").json()}
    assert set(plans) == {"285/KH-UBND", "272/KH-UBND", "142/KH-UBND", "465/QĐ-UBND", "71/QĐ-UBND-HC"}
    assert plans["285/KH-UBND"]["tasks"] == 32  # a number, as in every JSON the project writes
    assert plans["465/QĐ-UBND"]["province"] == "Ninh Thuận"


@pytest.mark.parametrize(
    "plan_id",
    ["285%2FKH-UBND", "285%2Fkh-ubnd", "eli/vn/dong-thap/ubnd/kh/2020/285", "285/KH-UBND"],
)
def test_a_plan_with_its_tasks(client: TestClient, plan_id: str) -> None:
    plan = client.get(f"/api/plans/{plan_id}").json()
    assert plan["number"] == "285/KH-UBND" and plan["province"] == "Đồng Tháp"
    assert plan["task_count"] == 32 and len(plan["tasks"]) == 32
    video = next(t for t in plan["tasks"] if t["code"] == "1.đ")
    assert video["label"].startswith("Xây dựng video tuyên truyền") and video["leads"] == "Sở Nội vụ"
    assert video["line"] == 155 and video["start"] == "2021-04-01"
    assert plan["legal_bases"]


def test_a_plan_issued_by_a_decision(client: TestClient) -> None:
    plan = client.get("/api/plans/465%2FQĐ-UBND").json()
    assert plan["plan"] == DEFAULT_BASE_IRI + "eli/vn/ninh-thuan/ubnd/qd/2022/465/plan"
    assert plan["task_count"] == 48 and len(plan["tasks"]) == 48
    bases = {(b["number"], b["relation"], b["line"]) for b in plan["legal_bases"]}
    assert ("76/NQ-CP", "based-on", 14) in bases


def test_unknown_plan(client: TestClient) -> None:
    error = assert_error(client.get("/api/plans/999%2FKH-UBND"), 404, "UnknownPlan")
    assert error["message"] == "no plan '999/KH-UBND' in the store"
    assert "285/KH-UBND" in str(error["expected"])


# -- agencies --------------------------------------------------------------------------------------


def test_agency_search_without_diacritics(client: TestClient) -> None:
    found = client.get("/api/agencies", params={"q": "so noi vu"}).json()
    assert {(a["agency"], a["province"]) for a in found} == {
        ("Sở Nội vụ", "Đồng Tháp"),
        ("Sở Nội vụ", "Sóc Trăng"),
        ("Sở Nội vụ", "Ninh Thuận"),
    }
    assert all(a["id"].startswith("org/") and a["iri"].startswith(DEFAULT_BASE_IRI) for a in found)
    same = client.get("/api/agencies", params={"q": "SỞ NỘI VỤ"}).json()
    assert len(same) == 3


def test_agency_search_by_province(client: TestClient) -> None:
    found = client.get("/api/agencies", params={"q": "so noi vu", "province": "dong thap"}).json()
    assert [(a["id"], a["lead_tasks"], a["partner_tasks"]) for a in found] == [
        ("org/dong-thap/so-noi-vu", 37, 25)
    ]
    everyone = client.get("/api/agencies", params={"province": "Đồng Tháp"}).json()
    assert len(everyone) > 10 and {a["province"] for a in everyone} == {"Đồng Tháp"}
    assert {"single", "group"} <= {a["kind"] for a in everyone}


def test_an_agency(client: TestClient) -> None:
    agency = client.get("/api/agencies/org/dong-thap/so-noi-vu").json()
    assert agency["agency"] == "Sở Nội vụ" and agency["province"] == "Đồng Tháp"
    assert len(agency["tasks"]) == 62  # as the agency-tasks query gives for Đồng Tháp
    plans = {(t["plan_number"], t["role"]) for t in agency["tasks"]}
    assert ("285/KH-UBND", "lead") in plans and ("272/KH-UBND", "partner") in plans
    top = agency["works_with"][0]
    assert (
        top["agency"] == "UBND cấp huyện"
        and top["tasks"] == top["leads_with_them"] + top["partners_with_them"]
    )
    assert [w["tasks"] for w in agency["works_with"]] == sorted(
        (w["tasks"] for w in agency["works_with"]), reverse=True
    )
    by_iri = client.get(f"/api/agencies/{DEFAULT_BASE_IRI}org/dong-thap/so-noi-vu").json()
    assert by_iri["lead_tasks"] == agency["lead_tasks"] == 37


def test_unknown_agency(client: TestClient) -> None:
    assert_error(client.get("/api/agencies/org/dong-thap/so-khong-co"), 404, "UnknownAgency")


# -- legal documents and trace ---------------------------------------------------------------------


def test_documents_list(client: TestClient) -> None:
    documents = {d["number"]: d for d in client.get("/api/documents").json()}
    assert documents["76/NQ-CP"]["id"] == "eli/vn/cp/nq/2021/76"
    assert (
        documents["76/NQ-CP"]["date"] == "2021-07-15" and documents["76/NQ-CP"]["jurisdiction"] == "Việt Nam"
    )
    assert {"285/KH-UBND", "465/QĐ-UBND", "30c/NQ-CP", "23/CT-TTg"} <= set(documents)


@pytest.mark.parametrize("document_id", ["76%2FNQ-CP", "76%2Fnq-cp", "eli/vn/cp/nq/2021/76"])
def test_a_document_both_ways(client: TestClient, document_id: str) -> None:
    document = client.get(f"/api/documents/{document_id}").json()
    assert document["document"]["number"] == "76/NQ-CP" and document["document"]["type"] == "NQ"
    based_on_it = {(r["number"], r["relation"], r["line"]) for r in document["based_on_by"]}
    assert ("465/QĐ-UBND", "based-on", 14) in based_on_it  # the decision's "Căn cứ" on line 14
    assert ("Kế hoạch ban hành kèm theo 465/QĐ-UBND", "implements", 77) in based_on_it
    assert ("23/CT-TTg", "based-on", None) in based_on_it  # from the curated reference base
    assert [p["plan_number"] for p in document["implemented_by"]] == [
        "285/KH-UBND",
        "142/KH-UBND",
        "465/QĐ-UBND",
    ]


def test_what_a_decision_is_based_on(client: TestClient) -> None:
    document = client.get("/api/documents/465%2FQĐ-UBND").json()
    outgoing = {(r["number"], r["relation"], r["line"], r["holder"]) for r in document["based_on"]}
    assert ("76/NQ-CP", "based-on", 14, "465/QĐ-UBND") in outgoing
    assert ("681/QĐ-UBND", "replaces", 38, "465/QĐ-UBND") in outgoing
    assert ("76/NQ-CP", "implements", 77, "Kế hoạch ban hành kèm theo 465/QĐ-UBND") in outgoing


def test_unknown_document(client: TestClient) -> None:
    error = assert_error(client.get("/api/documents/1%2FNQ-CP"), 404, "UnknownDocument")
    assert error["message"] == "no document '1/NQ-CP' in the store"


def test_trace(client: TestClient) -> None:
    trace = client.get("/api/trace", params={"document": "76/NQ-CP"}).json()
    assert trace["document"]["number"] == "76/NQ-CP"
    assert [(p["plan_number"], p["province"], p["tasks"]) for p in trace["plans"]] == [
        ("285/KH-UBND", "Đồng Tháp", 32),
        ("142/KH-UBND", "Sóc Trăng", 29),
        ("465/QĐ-UBND", "Ninh Thuận", 48),
    ]
    assert trace["plans"][2]["path"] == "based on; based on 23/CT-TTg → based on 76/NQ-CP"


def test_trace_errors(client: TestClient) -> None:
    assert_error(client.get("/api/trace", params={"document": "0/NQ-CP"}), 404, "UnknownDocument")
    error = assert_error(client.get("/api/trace"), 422, "ValidationError")
    assert "document" in str(error["message"])


# -- the named-query library -----------------------------------------------------------------------


def test_queries_list(client: TestClient) -> None:
    queries = {q["name"]: q for q in client.get("/api/queries").json()}
    assert set(queries) == set(default_library())
    agency_tasks = queries["agency-tasks"]
    assert agency_tasks["columns"][:3] == ["agency", "province", "role"]
    role = next(p for p in agency_tasks["params"] if p["name"] == "role")
    assert role == {
        "name": "role",
        "type": "string",
        "required": False,
        "description": "only this role",
        "description_vi": "chỉ vai trò này (lead: chủ trì, partner: phối hợp)",
        "choices": ["lead", "partner"],
    }


def test_run_a_query_as_json(client: TestClient) -> None:
    result = client.get("/api/queries/trace", params={"document": "76/NQ-CP"}).json()
    assert result["query"] == "trace" and result["columns"][0] == "plan_number"
    assert [r["plan_number"] for r in result["rows"]] == ["285/KH-UBND", "142/KH-UBND", "465/QĐ-UBND"]
    posted = client.post("/api/queries/trace", json={"document": "76/NQ-CP"}).json()
    assert posted == result
    form = client.post("/api/queries/trace", data={"document": "76/NQ-CP"}).json()
    assert form == result


def test_run_a_query_in_every_format(client: TestClient) -> None:
    params = {"agency": "so noi vu", "province": "dong thap", "role": "lead"}
    as_csv = client.get("/api/queries/agency-tasks", params={**params, "format": "csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert rows and {r["agency"] for r in rows} == {"Sở Nội vụ"} and {r["role"] for r in rows} == {"lead"}
    as_tsv = client.get(
        "/api/queries/agency-tasks", params=params, headers={"Accept": "text/tab-separated-values"}
    )
    assert as_tsv.text.splitlines()[0] == (
        "agency\tprovince\trole\tplan_number\tcode\tlabel\tline\theld_by\theld_by_province"  # + lineage (18)
    )
    assert len(as_tsv.text.splitlines()) == len(rows) + 1
    as_xml = client.get("/api/queries/agency-tasks", params={**params, "format": "xml-sparql"})
    assert as_xml.headers["content-type"].startswith("application/sparql-results+xml")
    ns = "{http://www.w3.org/2005/sparql-results#}"
    assert len(ET.fromstring(as_xml.content).findall(f"{ns}results/{ns}result")) == len(rows)
    as_sparql_json = client.get(
        "/api/queries/agency-tasks", params=params, headers={"Accept": "application/sparql-results+json"}
    ).json()
    first = as_sparql_json["results"]["bindings"][0]
    assert first["line"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"


def test_query_errors(client: TestClient) -> None:
    error = assert_error(client.get("/api/queries/agency-task"), 404, "UnknownQuery")
    assert "agency-tasks" in str(error["expected"])
    assert_error(client.get("/api/queries/trace"), 400, "MissingParameter")
    assert_error(
        client.get("/api/queries/agency-tasks", params={"agency": "x", "role": "chair"}), 400, "BadParameter"
    )
    assert_error(client.get("/api/queries/plans", params={"plan": "x"}), 400, "BadParameter")
    assert_error(client.get("/api/queries/plans", params={"format": "pdf"}), 400, "ProtocolError")
    assert_error(client.get("/api/queries/plans", headers={"Accept": "image/png"}), 406, "ProtocolError")
    assert_error(client.post("/api/queries/plans", json=[1]), 400, "ProtocolError")


# -- the two named queries this API added ----------------------------------------------------------


def test_documents_query(store: EmbeddedStore) -> None:
    every = run(store, "documents")
    assert every.columns == ["number", "type", "issuer", "date", "title", "jurisdiction", "document"]
    assert len(every.rows) == len({r["document"] for r in every.as_dicts()})  # one row per document
    [nq76] = run(store, "documents", {"document": "76/nq-cp"}).as_dicts()
    assert (nq76["number"], nq76["type"], nq76["issuer"], nq76["date"]) == (
        "76/NQ-CP",
        "NQ",
        "CP",
        "2021-07-15",
    )
    [by_iri] = run(store, "documents", {"document": DOC_76}).as_dicts()
    assert by_iri == nq76


def test_document_relations_query(store: EmbeddedStore) -> None:
    result = run(store, "document-relations", {"document": "76/NQ-CP"})
    assert result.columns[:8] == [
        "direction",
        "relation",
        "number",
        "type",
        "date",
        "line",
        "holder",
        "as_written",
    ]
    rows = result.as_dicts()
    assert {r["direction"] for r in rows} == {"incoming"}
    assert {r["subject"] for r in rows} == {DOC_76}
    every = run(store, "document-relations").as_dicts()
    assert {(r["direction"], r["relation"]) for r in every} >= {
        ("outgoing", "based-on"),
        ("incoming", "cites"),
    }


# -- upload: off by default ------------------------------------------------------------------------


def test_upload_is_refused_by_default(client: TestClient) -> None:
    response = client.post(
        "/api/documents?filename=plan.txt",
        content=SEED_285.read_bytes(),
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    error = assert_error(response, 403, "WriteRefused")
    assert "read-only" in str(error["message"])


def upload_client(tmp_path: Path) -> tuple[TestClient, EmbeddedStore]:
    store = EmbeddedStore(None)
    settings = Settings(tmp_path, DEFAULT_BASE_IRI, uploads_enabled=True, update_token=TOKEN)
    return TestClient(create_app(settings, store)), store


def test_upload_needs_the_token(tmp_path: Path) -> None:
    client, store = upload_client(tmp_path)
    missing = client.post("/api/documents?filename=plan.txt", content=b"x")
    assert_error(missing, 401, "WriteRefused")
    wrong = client.post(
        "/api/documents?filename=plan.txt", content=b"x", headers={"Authorization": "Bearer no"}
    )
    assert_error(wrong, 403, "WriteRefused")
    assert len(store) == 0


def test_upload_ingests_a_plan(tmp_path: Path) -> None:
    client, _ = upload_client(tmp_path)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    response = client.post(
        "/api/documents?filename=dong-thap-285.txt", content=SEED_285.read_bytes(), headers=auth
    )
    assert response.status_code == 201, response.text
    report = response.json()
    assert report["ok"] and report["plan_label"] == "285/KH-UBND" and report["tasks"] == 32
    assert report["path"] == "dong-thap-285.txt"
    assert {w["kind"] for w in report["warnings"]} >= {"duplicate-code"}
    assert client.get("/api/plans/285%2FKH-UBND").json()["task_count"] == 32


def test_upload_rejects_bad_files(tmp_path: Path) -> None:
    client, store = upload_client(tmp_path)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    binary = client.post("/api/documents?filename=plan.txt", content=b"\xff\xfe\x00\x01binary", headers=auth)
    error = assert_error(binary, 400, "IngestRejected")
    assert "plan.txt" in str(error["message"]) and "cchc-upload" not in str(error["message"])
    assert_error(
        client.post("/api/documents?filename=plan.xls", content=b"x", headers=auth), 400, "ProtocolError"
    )
    assert_error(client.post("/api/documents", content=b"x", headers=auth), 422, "ValidationError")
    assert not client.get("/api/plans").json() and not store.named_graphs()


# -- OpenAPI ---------------------------------------------------------------------------------------


def test_openapi_documents_every_route(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    api_paths = {p: ops for p, ops in spec["paths"].items() if p.startswith("/api/")}
    assert set(api_paths) >= {
        "/api/plans",
        "/api/plans/{plan_id}",
        "/api/agencies",
        "/api/agencies/{agency_id}",
        "/api/documents",
        "/api/documents/{document_id}",
        "/api/trace",
        "/api/queries",
        "/api/queries/{name}",
    }
    for path, operations in api_paths.items():
        for method, operation in operations.items():
            assert operation.get("summary"), (path, method)
            assert "200" in operation["responses"] or "201" in operation["responses"], (path, method)
    assert client.get("/docs").status_code == 200


# -- the app around the routes ---------------------------------------------------------------------


def test_unknown_route_and_method_have_the_error_shape(client: TestClient) -> None:
    assert_error(client.get("/api/nothing-here"), 404, "NotFound")
    assert_error(client.delete("/api/plans"), 405, "MethodNotAllowed")


def test_old_plan_page_address_still_works(client: TestClient) -> None:
    iri = DEFAULT_BASE_IRI + "eli/vn/dong-thap/ubnd/kh/2020/285"
    response = client.get("/plan", params={"iri": iri}, follow_redirects=False)
    if response.status_code == 303:  # the web UI is installed: its plan page
        assert response.headers["location"].startswith("/plans/")
    else:  # the minimal page
        assert response.status_code == 200 and "1.đ" in response.text


def test_cors_only_when_configured(store: EmbeddedStore, tmp_path: Path) -> None:
    origin = {"Origin": "https://analyst.example"}
    closed = TestClient(create_app(Settings(tmp_path, DEFAULT_BASE_IRI), store))
    assert "access-control-allow-origin" not in closed.get("/api/queries", headers=origin).headers
    settings = Settings(tmp_path, DEFAULT_BASE_IRI, cors_origins=("https://analyst.example",))
    opened = TestClient(create_app(settings, store))
    allowed = opened.get("/api/queries", headers=origin).headers
    assert allowed["access-control-allow-origin"] == "https://analyst.example"


def test_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    defaults = Settings.load(store=tmp_path)
    assert (defaults.updates_enabled, defaults.uploads_enabled, defaults.update_token) == (False, False, None)
    monkeypatch.setenv("CCHC_KG_ENABLE_UPDATES", "true")
    monkeypatch.setenv("CCHC_KG_ENABLE_UPLOADS", "1")
    monkeypatch.setenv("CCHC_KG_UPDATE_TOKEN", "t0k")
    monkeypatch.setenv("CCHC_KG_QUERY_TIMEOUT", "5")
    monkeypatch.setenv("CCHC_KG_MAX_ROWS", "10")
    monkeypatch.setenv("CCHC_KG_CORS_ORIGINS", "https://a.example, https://b.example")
    loaded = Settings.load(store=tmp_path)
    assert loaded.updates_enabled and loaded.uploads_enabled and loaded.token_matches("Bearer t0k")
    assert not loaded.token_matches("Bearer t0") and not loaded.token_matches("Basic t0k")
    assert (loaded.query_timeout, loaded.max_rows) == (5.0, 10)
    assert loaded.max_request_bytes == defaults.max_request_bytes  # unset: the default
    assert loaded.cors_origins == ("https://a.example", "https://b.example")


def test_an_upload_replacing_a_plan_keeps_everything_else(tmp_path: Path) -> None:
    """Ingest through the server reads the store under its guards: a row cap smaller than the store's
    inferences (which make most legal documents legal documents) must not cut what the upload writes."""
    store = EmbeddedStore(tmp_path / "store")  # on disk: the server reads it through query workers
    ingest_paths(store, sorted(SEED_285.parent.glob("*.txt")), DEFAULT_BASE_IRI)
    before = run(store, "counts").as_dicts()
    settings = Settings(tmp_path, DEFAULT_BASE_IRI, uploads_enabled=True, update_token=TOKEN, max_rows=20)
    with TestClient(create_app(settings, store)) as client:
        response = client.post(
            "/api/documents?filename=dong-thap-285.txt",
            content=SEED_285.read_bytes(),
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
    assert response.status_code == 201, response.text
    assert run(store, "counts").as_dicts() == before
    assert before[0]["legal_documents"] == 53 and before[0]["tasks"] == 169
