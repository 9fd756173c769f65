"""The home page's and the national network's whole-corpus queries are answered before the first visitor
asks: at the app's start-up and right after an upload (``api.serving.warm``), through the pages' own path,
so the first request of ``/`` and ``/network`` runs no query on the store."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.service import ingest_paths
from api.serving.warm import PAGE_CALLS, warm_pages
from api.settings import Settings
from ontology import DEFAULT_BASE_IRI
from queries.store import EmbeddedStore

SAMPLES = Path(__file__).resolve().parent.parent / "ingest" / "samples"
SEED_285 = SAMPLES / "000_8ed5b0c1c9e5996d.txt"  # plan 285/KH-UBND (Đồng Tháp), 32 tasks
TOKEN = "warm-test-token"


class CountingStore(EmbeddedStore):
    """The seeds' on-disk store, counting the read queries asked of it (``fail_on``: that query raises)."""

    calls = 0
    fail_on = ""

    def _count(self, query: str) -> None:
        type(self).calls += 1
        if self.fail_on and self.fail_on in query:
            raise RuntimeError(f"forced failure of a query containing {self.fail_on!r}")

    def select(self, query: str, *args: object, **kwargs: object) -> list:  # type: ignore[override]
        self._count(query)
        return super().select(query, *args, **kwargs)  # type: ignore[arg-type]

    def run(self, query: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def,override]
        self._count(query)
        return super().run(query, *args, **kwargs)  # type: ignore[arg-type]

    def select_values(self, query: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def,override]
        self._count(query)
        return super().select_values(query, *args, **kwargs)  # type: ignore[arg-type]


def seeds_store(folder: Path, *, without: Path | None = None) -> Path:
    path = folder / "store"
    with EmbeddedStore(path) as store:
        files = sorted(p for p in SAMPLES.glob("*.txt") if p != without)
        reports = ingest_paths(store, files, DEFAULT_BASE_IRI)
        assert all(r.ok for r in reports)
    return path


@contextmanager
def started(path: Path, **settings: object) -> Iterator[tuple[TestClient, CountingStore]]:
    """The app over ``path`` (queries in this process, so the counting store sees them), started."""
    store = CountingStore(path)
    app = create_app(Settings(path, DEFAULT_BASE_IRI, query_workers=0, **settings), store)  # type: ignore[arg-type]
    try:
        with TestClient(app) as client:  # runs the start-up (lifespan)
            yield client, store
    finally:
        store.close()


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeds_store(tmp_path_factory.mktemp("warm"))


def test_after_start_the_home_page_and_the_network_run_no_query(seeds: Path) -> None:
    CountingStore.calls = 0
    with started(seeds) as (client, _):
        assert CountingStore.calls >= len({name for calls in PAGE_CALLS.values() for name, _ in calls})
        CountingStore.calls = 0
        home = client.get("/?lang=en")
        assert home.status_code == 200 and 'href="/plans/285%2FKH-UBND"' in home.text
        network = client.get("/network?lang=en")
        assert network.status_code == 200
        assert CountingStore.calls == 0  # both pages read the answers kept at start-up
        client.get("/network?province=Đồng Tháp")
        assert CountingStore.calls > 0  # a province's network is not warmed: the counter does count


def test_nothing_is_warmed_when_the_result_cache_is_off(seeds: Path) -> None:
    CountingStore.calls = 0
    with started(seeds, result_cache_cells=0) as (client, _):
        assert CountingStore.calls == 0
        assert client.get("/").status_code == 200 and CountingStore.calls > 0


def test_after_an_upload_the_home_page_is_fresh_and_runs_no_query(tmp_path: Path) -> None:
    path = seeds_store(tmp_path, without=SEED_285)
    with started(path, uploads_enabled=True, update_token=TOKEN) as (client, _):
        assert 'href="/plans/285%2FKH-UBND"' not in client.get("/").text
        uploaded = client.post(
            "/api/documents?filename=dong-thap-285.txt",
            content=SEED_285.read_bytes(),
            headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/plain"},
        )
        assert uploaded.status_code == 201, uploaded.text
        CountingStore.calls = 0
        home = client.get("/")
        assert home.status_code == 200 and 'href="/plans/285%2FKH-UBND"' in home.text  # the new plan
        assert client.get("/network").status_code == 200
        assert CountingStore.calls == 0


def test_a_failing_query_at_start_up_is_logged_and_the_page_reports_it(
    seeds: Path, caplog: pytest.LogCaptureFixture
) -> None:
    CountingStore.fail_on = "lead_tasks"  # agency-load
    try:
        with caplog.at_level(logging.ERROR, logger="api.serving.warm"), started(seeds) as (client, _):
            assert "could not compute the queries of /network, /" in caplog.text
            assert client.get("/").status_code == 500  # as without warming: the page meets the error
    finally:
        CountingStore.fail_on = ""


def test_a_store_without_a_result_cache_is_not_warmed(seeds: Path) -> None:
    CountingStore.calls = 0
    store = CountingStore(seeds, read_only=True)
    try:
        assert warm_pages(store) == 0.0 and CountingStore.calls == 0  # no GuardedStore: nothing would keep
    finally:
        store.close()
