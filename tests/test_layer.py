"""The named-query layer over the engine: plain values read straight from pyoxigraph give the same rows
as the rdflib route, and resolved IRIs are kept only until the store changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from api.service import ingest_paths
from ontology import DEFAULT_BASE_IRI
from ontology.iris import IriMinter
from queries.inference import materialise
from queries.library import default_library, resolve_iris, run
from queries.protocol import Wrapped
from queries.store import EmbeddedStore, from_ox
from queries.values import OxValues, python_value

SAMPLES = Path(__file__).resolve().parents[1] / "ingest" / "samples"
PLAN_285 = URIRef(DEFAULT_BASE_IRI + "eli/vn/dong-thap/ubnd/kh/2020/285")
PARAMS = {
    "tasks": {"plan": "285/KH-UBND"},
    "legal-bases": {"plan": "285/KH-UBND"},
    "plan-structure": {"plan": "285/KH-UBND"},
    "agency-tasks": {"agency": "so noi vu", "province": "Đồng Tháp"},
    "trace": {"document": "76/NQ-CP"},
    "trace-edges": {"document": "76/NQ-CP"},
    "document-links": {"document": "285/KH-UBND"},
    "compare": {"a": "272/KH-UBND", "b": "285/KH-UBND"},
    "due": {"from": "2021-01-01", "to": "2021-12-31"},
    "search": {"q": "so noi vu"},
    "agency-areas": {"agency": "so noi vu", "province": "Đồng Tháp"},
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    """The seeds ingested into a fresh embedded store, with the inferences materialised."""
    store = EmbeddedStore(tmp_path_factory.mktemp("store"))
    assert all(report.ok for report in ingest_paths(store, [SAMPLES], DEFAULT_BASE_IRI))
    materialise(store, IriMinter(DEFAULT_BASE_IRI).inference_graph)
    return store


class Counting(Wrapped):
    """A real store that counts the SELECTs it is sent (it has no ``select_values`` of its own, so the
    library converts its rdflib terms: the route every other store takes)."""

    def __init__(self, inner: EmbeddedStore) -> None:
        super().__init__(inner)
        self.selects = 0

    def select(self, query, bindings=None):  # type: ignore[no-untyped-def]
        self.selects += 1
        return self.inner.select(query, bindings)


def test_plain_values_equal_the_rdflib_route_for_every_named_query(store: EmbeddedStore) -> None:
    other = Counting(store)
    for name in default_library():
        fast, slow = run(store, name, PARAMS.get(name)), run(other, name, PARAMS.get(name))
        assert fast.columns == slow.columns, name
        assert fast.rows == slow.rows, name
        assert [[type(v) for v in row] for row in fast.rows] == [[type(v) for v in row] for row in slow.rows]
    assert len(run(store, "tasks", {"plan": "285/KH-UBND"}).rows) > 10
    assert other.selects >= len(default_library())


def test_typed_literals_read_as_rdflib_reads_them() -> None:
    import pyoxigraph as ox

    values = OxValues()
    cases = [
        (ox.Literal("7", datatype=ox.NamedNode(str(XSD.integer))), 7),
        (ox.Literal("+007", datatype=ox.NamedNode(str(XSD.integer))), 7),
        (ox.Literal("7", datatype=ox.NamedNode(str(XSD.int))), 7),
        (ox.Literal("2021-02-30", datatype=ox.NamedNode(str(XSD.date))), "2021-02-30"),
        (ox.Literal("2.50", datatype=ox.NamedNode(str(XSD.decimal))), 2.5),
        (ox.Literal("3.0", datatype=ox.NamedNode(str(XSD.double))), 3),
        (ox.Literal("2021-04-01", datatype=ox.NamedNode(str(XSD.date))), "2021-04-01"),
        (ox.Literal("true", datatype=ox.NamedNode(str(XSD.boolean))), True),
        (ox.Literal("không", language="vi"), "không"),
        (ox.Literal("x"), "x"),
        (ox.NamedNode("https://example.org/a"), "https://example.org/a"),
    ]
    for term, expected in cases:
        assert values.value(term) == expected and type(values.value(term)) is type(expected), term
        if isinstance(term, ox.Literal):  # the rdflib route agrees
            assert python_value(from_ox(term)) == expected, term
    assert python_value(Literal("7", datatype=XSD.integer)) == 7
    assert values.value(None) is None


def test_resolved_iris_are_kept_until_the_store_changes(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    ingest_paths(store, [SAMPLES], DEFAULT_BASE_IRI)
    counted = Counting(store)
    assert resolve_iris(counted, "document", "285/kh-ubnd") == [PLAN_285]
    assert resolve_iris(counted, "document", "285/kh-ubnd") == [PLAN_285]
    assert counted.selects == 1  # the second answer was kept
    version = store.version
    graphs = [g for g in store.named_graphs() if "285" in str(g) and "dong-thap" in str(g)]
    assert graphs
    store.drop_graphs(graphs)
    assert store.version > version
    assert resolve_iris(counted, "document", "285/kh-ubnd") == []  # asked again after the write
    assert counted.selects == 2
    assert run(store, "tasks", {"plan": "285/KH-UBND"}).rows == []


def test_a_read_only_store_keeps_its_version(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "store") as store:
        ingest_paths(store, [SAMPLES], DEFAULT_BASE_IRI)
    with EmbeddedStore(tmp_path / "store", read_only=True) as store:
        version = store.version
        assert len(run(store, "tasks", {"plan": "285/KH-UBND"}).rows) > 10
        assert store.version == version


@pytest.mark.parametrize("workers", [1, 0])
def test_the_served_store_gives_the_same_rows(store: EmbeddedStore, workers: int) -> None:
    """The app's store (federation guard over the guarded store: query workers, or threads) reads plain
    values from the workers' answers; every named query gives the embedded store's rows."""
    from api.app import create_app
    from api.settings import Settings

    app = create_app(Settings(store.path, DEFAULT_BASE_IRI, query_workers=workers), store)  # type: ignore[arg-type]
    served = app.state.store
    try:
        assert hasattr(type(served), "select_values")
        for name in default_library():
            assert run(served, name, PARAMS.get(name)).rows == run(store, name, PARAMS.get(name)).rows, name
        kept = len(served.inner.cache)
        assert run(served, "plans").rows == run(store, "plans").rows and len(served.inner.cache) == kept
    finally:
        pool = getattr(served, "pool", None)
        if pool is not None:
            pool.close()


def test_the_json_rows_writer_writes_what_an_indented_dump_writes() -> None:
    import json

    from api.writers import Output, write_json
    from queries.library import QueryResult

    rows = [("a", 1, None), ('é " \n\u2028', -7, True), ("", 2.5, False), ("x", float("nan"), 10**20)]
    for result in (QueryResult(["s", "n", "v"], rows), QueryResult(["s"], []), QueryResult([], [()])):
        output = Output.of(result, "q")
        expected = {
            "query": "q",
            "columns": result.columns,
            "rows": [dict(zip(result.columns, row, strict=True)) for row in result.rows],
        }
        assert write_json(output) == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
