"""Kept answers (``api.serving.result_cache``): one computation per question, dropped at every write.

The cache is exercised directly with real ``SparqlResult`` answers and real threads, then through the app
over the samples store with query worker processes (as ``cchc-kg serve``) and writes enabled.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rdflib import Literal

from api.app import create_app
from api.service import ingest_paths
from api.serving.result_cache import Cached, ResultCache, WaitTimeout, is_cacheable, result_cells
from api.settings import Settings
from ontology import DEFAULT_BASE_IRI
from queries.store import EmbeddedStore, SparqlResult

SAMPLES = Path(__file__).resolve().parent.parent / "ingest" / "samples"
TOKEN = "cache-test-token"
COUNT_PLANS = (
    "PREFIX cchc: <https://w3id.org/cchc-kg/ontology#> "
    "SELECT (COUNT(?plan) AS ?n) WHERE { ?plan a cchc:Plan }"
)


def answer(rows: int, columns: int = 2) -> Cached:
    names = [f"c{i}" for i in range(columns)]
    result = SparqlResult("select", columns=names, rows=[{n: Literal(r) for n in names} for r in range(rows)])
    return Cached(result, capped=False)


# -- the cache itself ------------------------------------------------------------------------------


def test_an_answer_is_computed_once_until_cleared() -> None:
    cache = ResultCache(max_cells=1000)
    calls: list[int] = []

    def compute() -> Cached:
        calls.append(1)
        return answer(3)

    first = cache.get_or_compute("q", compute, wait=1)
    second = cache.get_or_compute("q", compute, wait=1)
    assert first is second and len(calls) == 1
    assert (cache.hits, cache.misses) == (1, 1)
    cache.clear()
    cache.get_or_compute("q", compute, wait=1)
    assert len(calls) == 2


def test_least_recently_used_answers_leave_first_and_oversized_ones_are_not_kept() -> None:
    cache = ResultCache(max_cells=10)  # 5 rows x 2 columns
    cache.get_or_compute("a", lambda: answer(2), wait=1)  # 4 cells
    cache.get_or_compute("b", lambda: answer(2), wait=1)  # 8
    cache.get_or_compute("a", lambda: answer(99), wait=1)  # a hit: a is now the most recent
    cache.get_or_compute("c", lambda: answer(2), wait=1)  # 12 > 10: b leaves
    assert len(cache) == 2
    assert len(cache.get_or_compute("a", lambda: answer(7), wait=1).result.rows) == 2  # still kept
    assert len(cache.get_or_compute("b", lambda: answer(1), wait=1).result.rows) == 1  # recomputed
    cache.get_or_compute("huge", lambda: answer(6), wait=1)  # 12 cells: more than the whole cache
    assert len(cache.get_or_compute("huge", lambda: answer(1), wait=1).result.rows) == 1
    assert result_cells(answer(6).result) == 12


def test_errors_are_shared_with_waiters_but_never_kept() -> None:
    cache = ResultCache(max_cells=1000)

    def failing() -> Cached:
        raise ValueError("the query failed")

    with pytest.raises(ValueError, match="the query failed"):
        cache.get_or_compute("q", failing, wait=1)
    assert len(cache.get_or_compute("q", lambda: answer(1), wait=1).result.rows) == 1


def test_concurrent_requests_for_one_question_share_one_computation() -> None:
    cache = ResultCache(max_cells=1000)
    release = threading.Event()
    calls: list[int] = []

    def slow() -> Cached:
        calls.append(1)
        assert release.wait(10)
        return answer(4)

    results: list[Cached] = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.get_or_compute("q", slow, wait=10)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    time.sleep(0.3)  # all eight are in: one computes, seven wait
    release.set()
    for thread in threads:
        thread.join(10)
    assert len(calls) == 1 and len(results) == 8
    assert all(r is results[0] for r in results)
    assert (cache.hits, cache.misses) == (7, 1)


def test_a_waiter_gives_up_at_its_own_deadline() -> None:
    cache = ResultCache(max_cells=1000)
    release = threading.Event()
    leader = threading.Thread(
        target=lambda: cache.get_or_compute("q", lambda: release.wait(10) and answer(1), 10)
    )
    leader.start()
    time.sleep(0.2)
    started = time.monotonic()
    with pytest.raises(WaitTimeout):
        cache.get_or_compute("q", lambda: answer(1), wait=0.3)
    assert 0.25 < time.monotonic() - started < 2
    release.set()
    leader.join(10)


def test_an_answer_computed_across_a_write_is_not_kept() -> None:
    cache = ResultCache(max_cells=1000)

    def computed_while_the_store_changes() -> Cached:
        cache.clear()  # a write lands while the query runs
        return answer(1)

    cache.get_or_compute("q", computed_while_the_store_changes, wait=1)
    assert len(cache) == 0


def test_volatile_queries_are_not_cacheable() -> None:
    assert not is_cacheable("SELECT (NOW() AS ?t) {}")
    assert not is_cacheable("SELECT ?x { BIND(rand () AS ?x) }")
    assert not is_cacheable("SELECT ?x { BIND(STRUUID() AS ?x) }")
    assert is_cacheable(COUNT_PLANS)
    assert is_cacheable("SELECT ?s { ?s <http://x/nowhere> ?o }")  # a word containing 'now' is not NOW()


# -- through the app -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Any]]:
    path = tmp_path_factory.mktemp("cache") / "store"
    store = EmbeddedStore(path)
    reports = ingest_paths(store, sorted(SAMPLES.glob("*.txt")), DEFAULT_BASE_IRI)
    assert all(r.ok for r in reports)
    settings = Settings(path, DEFAULT_BASE_IRI, query_workers=2, updates_enabled=True, update_token=TOKEN)
    app = create_app(settings, store)
    try:
        yield TestClient(app), app.state.store
    finally:
        app.state.store.pool.close()
        store.close()


def plan_count(client: TestClient) -> int:
    response = client.get("/sparql", params={"query": COUNT_PLANS}, headers={"Accept": "application/json"})
    assert response.status_code == 200, response.text[:300]
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def update(client: TestClient, text: str) -> None:
    """A SPARQL Update through the endpoint, with the token."""
    written = client.post(
        "/sparql",
        content=text,
        headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"},
    )
    assert written.status_code in (200, 204), written.text[:300]


def test_the_app_keeps_answers_and_drops_them_at_a_write(served: tuple[TestClient, Any]) -> None:
    client, store = served
    before = plan_count(client)
    assert before == len(list(SAMPLES.glob("*.txt")))
    hits = store.cache.hits
    assert plan_count(client) == before and store.cache.hits == hits + 1  # the kept answer
    tasks = client.get("/api/queries/tasks", params={"plan": "285/KH-UBND"}).json()["rows"]
    assert (
        len(tasks) == 32
        and client.get("/api/queries/tasks", params={"plan": "285/KH-UBND"}).json()["rows"] == tasks
    )
    insert = (
        "PREFIX cchc: <https://w3id.org/cchc-kg/ontology#> "
        "INSERT DATA { GRAPH <urn:test:cache> { <urn:test:plan> a cchc:Plan } }"
    )
    update(client, insert)
    assert len(store.cache) == 0
    assert plan_count(client) == before + 1  # not the kept answer: the write is seen


def test_the_app_never_keeps_a_volatile_answer(served: tuple[TestClient, Any]) -> None:
    client, _ = served
    query = "SELECT (STR(NOW()) AS ?t) WHERE {}"

    def now() -> str:
        response = client.get("/sparql", params={"query": query}, headers={"Accept": "application/json"})
        return response.json()["results"]["bindings"][0]["t"]["value"]

    first = now()
    time.sleep(0.01)
    assert now() != first


def test_get_responses_are_replayed_until_a_write(served: tuple[TestClient, Any]) -> None:
    client, _ = served
    path = "/api/queries/tasks?plan=285%2FKH-UBND"
    first = client.get(path)
    second = client.get(path)
    assert "x-cchc-cache" not in first.headers and second.headers["x-cchc-cache"] == "hit"
    assert second.content == first.content and second.headers["content-type"] == first.headers["content-type"]
    as_csv = client.get(path + "&format=csv")
    assert "x-cchc-cache" not in as_csv.headers and as_csv.text.count("\n") == 33  # header + 32 tasks
    html = client.get("/", headers={"Accept": "text/html"})
    assert client.get("/", headers={"Accept": "text/html"}).headers["x-cchc-cache"] == "hit"
    assert "285/KH-UBND" in html.text
    english = [client.get("/?lang=en") for _ in range(2)]  # sets the language cookie: never replayed
    assert all("set-cookie" in r.headers and "x-cchc-cache" not in r.headers for r in english)
    sparql = [client.get("/sparql", params={"query": COUNT_PLANS}) for _ in range(2)]
    assert all("x-cchc-cache" not in r.headers for r in sparql)  # the endpoint's answers are not replayed
    delete = (
        "PREFIX cchc: <https://w3id.org/cchc-kg/ontology#> "
        'DELETE WHERE { GRAPH ?g { ?task cchc:code "1.a" ; ?p ?o } }'
    )
    update(client, delete)
    after = client.get(path)
    assert "x-cchc-cache" not in after.headers
    assert len(after.json()["rows"]) == len(first.json()["rows"]) - 1  # task 1.a of 285/KH-UBND is gone


def test_a_worker_over_its_memory_limit_is_replaced(served: tuple[TestClient, Any]) -> None:
    """A pool whose workers may keep 1 MB (any real worker holds more) replaces its worker before each query;
    one with the default limit keeps it."""
    from api.serving.limits import RequestLimits
    from api.serving.query_pool import WorkerPool
    from api.settings import DEFAULT_WORKER_MEMORY_MB

    _, store = served
    request = {
        "query": COUNT_PLANS,
        "substitutions": {},
        "limit": 10,
        "default_graph": None,
        "named_graphs": None,
    }
    for limit, replaced in ((2**20, True), (DEFAULT_WORKER_MEMORY_MB * 2**20, False)):
        pool = WorkerPool(store.inner.path, 1, max_rss_bytes=limit)
        try:
            pids = []
            for _ in range(3):
                answer = pool.call(request, RequestLimits(time.monotonic() + 30, 30, 10))
                assert answer[0] == "select" and answer[2]
                pids.extend(pool.pids())
            assert (len(set(pids)) == 3) is replaced and (pool.recycled == 2) is replaced, (
                pids,
                pool.recycled,
            )
            rss = pool._slots.queue[0].rss_bytes()
            assert rss is not None and 2**20 < rss < DEFAULT_WORKER_MEMORY_MB * 2**20
        finally:
            pool.close()
