"""The first HTTP surface: home page, plan page, plans JSON, SPARQL GET, error shape."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.service import ingest_paths
from api.settings import Settings
from ontology import DEFAULT_BASE_IRI
from queries.store import EmbeddedStore

SAMPLES = Path(__file__).resolve().parent.parent / "ingest" / "samples"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    path = tmp_path_factory.mktemp("app") / "store"
    store = EmbeddedStore(path)
    ingest_paths(store, [SAMPLES], DEFAULT_BASE_IRI)
    return TestClient(create_app(Settings(path, DEFAULT_BASE_IRI, query_workers=0), store))


def test_home_lists_every_plan(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for number in ("285/KH-UBND", "272/KH-UBND", "142/KH-UBND", "465/QĐ-UBND", "71/QĐ-UBND-HC"):
        assert number in page.text


def test_plans_json(client: TestClient) -> None:
    plans = {p["number"]: p for p in client.get("/api/plans").json()}
    assert plans["285/KH-UBND"]["tasks"] == 32
    assert plans["465/QĐ-UBND"]["province"] == "Ninh Thuận"
    assert plans["465/QĐ-UBND"]["period_end"] == "2025-12-31"


def test_plan_page_lists_its_tasks(client: TestClient) -> None:
    page = client.get("/plan", params={"iri": DEFAULT_BASE_IRI + "eli/vn/dong-thap/ubnd/kh/2020/285"})
    assert page.status_code == 200
    assert "Xây dựng video tuyên truyền các hoạt động, mô hình hay về CCHC" in page.text
    assert page.text.count('<tr id="task-') == 32


def test_sparql_get_and_the_error_shape(client: TestClient) -> None:
    query = (
        "PREFIX cchc: <https://w3id.org/cchc-kg/ontology#> "
        "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a cchc:Task }"
    )
    result = client.get("/sparql", params={"query": query})
    assert result.headers["content-type"].startswith("application/sparql-results+json")
    assert result.json()["results"]["bindings"][0]["n"]["value"] == "169"
    bad = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x"})
    assert bad.status_code == 400
    assert bad.json()["error"]["error"] == "QuerySyntaxError"
