"""Errors in web pages are HTML pages with the API's status codes; a bug in a page is a logged 500."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.service import ingest_paths
from api.settings import Settings
from api.web import router
from api.web.routes import WebRoute
from ontology import DEFAULT_BASE_IRI
from ontology.errors import NotFound
from queries.store import EmbeddedStore

SAMPLES = Path(__file__).resolve().parent.parent / "ingest" / "samples"


class FailingStore(EmbeddedStore):
    """The seeds' store: queries containing ``fail_on`` raise RuntimeError (a bug, not a domain error)."""

    fail_on = ""

    def _check(self, query: str) -> None:
        if self.fail_on in query:
            raise RuntimeError(f"forced failure of a query containing {self.fail_on!r}")

    def select(self, query: str, *args: object, **kwargs: object) -> list:  # type: ignore[override]
        self._check(query)
        return super().select(query, *args, **kwargs)  # type: ignore[arg-type]

    def run(self, query: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def,override]
        self._check(query)
        return super().run(query, *args, **kwargs)  # type: ignore[arg-type]

    def select_values(self, query: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def,override]
        """The named queries' plain-value path (``queries.library.solutions``)."""
        self._check(query)
        return super().select_values(query, *args, **kwargs)  # type: ignore[arg-type]

    def _query(self, query: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        """The named queries' fast path on the embedded store, where the store still has one."""
        self._check(query)
        return super()._query(query, *args, **kwargs)  # type: ignore[misc]


def seeds_store(folder: Path) -> Path:
    path = folder / "store"
    with EmbeddedStore(path) as store:
        ingest_paths(store, [SAMPLES], DEFAULT_BASE_IRI)
    return path


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeds_store(tmp_path_factory.mktemp("web-errors"))


@pytest.fixture(scope="module")
def failing_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second copy of the seeds (the first is held open by the app of ``client``)."""
    return seeds_store(tmp_path_factory.mktemp("web-errors-failing"))


@pytest.fixture(scope="module")
def client(store_path: Path) -> Iterator[TestClient]:
    settings = Settings(store_path, DEFAULT_BASE_IRI, max_request_bytes=10_000)
    with EmbeddedStore(store_path) as store:
        yield TestClient(create_app(settings, store))


def pages_over(store: EmbeddedStore, store_path: Path) -> TestClient:
    """The web router alone over ``store`` (no guard, no query workers: the store's own methods run)."""
    app = FastAPI()
    app.state.store = store
    app.state.settings = Settings(store_path, DEFAULT_BASE_IRI)
    app.include_router(router)
    return TestClient(app)


def is_html(response: object) -> bool:
    return response.headers["content-type"].startswith("text/html")  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/plans/999-KH-UBND", "Không có kế hoạch “999-KH-UBND” trong kho."),
        ("/plans/999%2FKH-UBND/network", "Không có kế hoạch “999/KH-UBND” trong kho."),
        ("/agencies/org/dong-thap/khong-co", "Không có cơ quan “org/dong-thap/khong-co” trong kho."),
        ("/documents/999%2FNQ-CP", "Không có văn bản “999/NQ-CP” trong kho."),
        ("/trace?document=999/NQ-CP", "Không có văn bản “999/NQ-CP” trong kho."),
    ],
)
def test_unknown_plan_agency_document_is_a_404_page(client: TestClient, path: str, message: str) -> None:
    response = client.get(path)
    assert response.status_code == 404 and is_html(response)
    assert "<h1>Không tìm thấy</h1>" in response.text
    assert message in response.text


def test_the_404_page_links_the_lookups_suggestions(client: TestClient) -> None:
    response = client.get("/plans/258%2FKH-UBND", params={"lang": "vi"})
    assert response.status_code == 404
    suggestions = response.text[response.text.index('class="suggestions"') :].split("</p>")[0]
    assert "Có phải bạn muốn tìm:" in suggestions
    assert '<a href="/plans/285%2FKH-UBND">285/KH-UBND</a>' in suggestions


def test_the_404_page_speaks_the_pages_language(client: TestClient) -> None:
    response = client.get("/plans/999-KH-UBND", params={"lang": "en"})
    assert response.status_code == 404 and '<html lang="en">' in response.text
    assert "<h1>Not found</h1>" in response.text and "999-KH-UBND" in response.text


def test_an_unknown_page_is_a_404_page_for_a_browser_and_json_for_a_client(client: TestClient) -> None:
    page = client.get("/no-such-page", headers={"Accept": "text/html"}, params={"lang": "en"})
    assert page.status_code == 404 and is_html(page) and "no route /no-such-page" in page.text
    assert "<h1>Not found</h1>" in page.text
    api = client.get("/api/no-such-route", headers={"Accept": "text/html"})
    assert api.status_code == 404 and api.json()["error"]["error"] == "NotFound"
    plain = client.get("/no-such-page", headers={"Accept": "application/json"})
    assert plain.status_code == 404 and plain.json()["error"]["message"] == "no route /no-such-page"


def test_a_missing_parameter_is_a_422_page_as_in_the_api(client: TestClient) -> None:
    page = client.get("/trace/graph", params={"lang": "vi"})
    api = client.get("/api/trace")
    assert page.status_code == api.status_code == 422
    assert is_html(page) and "document" in page.text and "Có lỗi" in page.text


def test_an_unknown_download_is_a_404_page(client: TestClient) -> None:
    response = client.get("/query/results.pdf", params={"name": "plans"})
    assert response.status_code == 404 and is_html(response)
    assert "unknown file type &#39;.pdf&#39;" in response.text and ".csv" in response.text


def test_a_body_over_the_cap_is_a_413_page(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: the cap is found while the page reads the body
        for _ in range(20):
            yield b"query=" + b"x" * 1000

    response = client.post(
        "/query", content=chunks(), headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 413 and is_html(response)
    assert "more than 10000 bytes" in response.text


def test_a_declared_body_over_the_cap_is_a_413_page_for_a_browser(client: TestClient) -> None:
    form = {"query": "x" * 20_000}
    page = client.post("/query", data=form, headers={"Accept": "text/html,*/*;q=0.8"})
    assert page.status_code == 413 and is_html(page) and "more than 10000 bytes" in page.text
    api = client.post("/query", data=form, headers={"Accept": "application/json"})
    assert api.status_code == 413 and api.json()["error"]["error"] == "PayloadTooLarge"
    endpoint = client.post("/sparql", data=form, headers={"Accept": "text/html"})
    assert endpoint.status_code == 413 and endpoint.json()["error"]["error"] == "PayloadTooLarge"


def test_a_bug_in_a_page_is_a_logged_500_page(failing_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with FailingStore(failing_path) as store:
        client = pages_over(store, failing_path)
        with caplog.at_level(logging.ERROR, logger="cchc_kg.errors"):
            response = client.get("/plans/285%2FKH-UBND")
    assert response.status_code == 500 and is_html(response)
    assert "Lỗi nội bộ của máy chủ (RuntimeError)" in response.text
    assert "forced failure" not in response.text  # the details go to the log, not to the visitor
    [record] = [r for r in caplog.records if r.name == "cchc_kg.errors"]
    assert "GET /plans/285/KH-UBND failed: RuntimeError" in record.getMessage()
    assert record.exc_info is not None and record.exc_info[0] is RuntimeError


def test_a_network_whose_builder_fails_is_a_500_not_unavailable(
    failing_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    pytest.importorskip("viz.networks")
    with FailingStore(failing_path) as store:
        store.fail_on = "?section_title"  # only plan-structure, which the plan network is built from
        client = pages_over(store, failing_path)
        assert client.get("/plans/285%2FKH-UBND").status_code == 200  # the plan page itself is fine
        with caplog.at_level(logging.ERROR, logger="cchc_kg.errors"):
            network = client.get("/plans/285%2FKH-UBND/network")
    assert network.status_code == 500 and is_html(network)
    assert "(RuntimeError)" in network.text
    assert "mô-đun viz chưa sẵn sàng" not in network.text
    assert any(r.name == "cchc_kg.errors" and "/network failed" in r.getMessage() for r in caplog.records)


def test_suggestions_of_an_unknown_identifier_are_links() -> None:
    app = FastAPI()

    def missing_plan(plan_id: str) -> None:
        raise NotFound(f"no plan {plan_id!r} in the store", suggestions=["285/KH-UBND", "272/KH-UBND"])

    app.router.routes.append(WebRoute("/plans/{plan_id:path}", missing_plan))
    response = TestClient(app).get("/plans/258-KH-UBND", params={"lang": "en"})
    assert response.status_code == 404 and is_html(response)
    assert "no plan &#39;258-KH-UBND&#39; in the store" in response.text
    assert "Did you mean:" in response.text
    assert '<a href="/plans/285%2FKH-UBND">285/KH-UBND</a>' in response.text
    assert '<a href="/plans/272%2FKH-UBND">272/KH-UBND</a>' in response.text


def test_a_bug_in_an_api_route_is_a_logged_500_in_the_one_json_shape(
    failing_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from api import rest
    from api.app import install_error_handlers

    with FailingStore(failing_path) as store:
        app = FastAPI()
        app.state.store = store
        app.state.settings = Settings(failing_path, DEFAULT_BASE_IRI)
        install_error_handlers(app)
        app.include_router(rest.router)
        client = TestClient(app, raise_server_exceptions=False)
        with caplog.at_level(logging.ERROR, logger="cchc_kg.errors"):
            response = client.get("/api/plans")
    assert response.status_code == 500
    assert response.json()["error"]["error"] == "InternalError"
    assert response.json()["error"]["message"] == "internal error (RuntimeError); it has been logged"
    logged = [r.getMessage() for r in caplog.records if r.name == "cchc_kg.errors"]
    assert any("GET /api/plans failed: RuntimeError" in message for message in logged)
