"""The embedded store's two write paths for a document (native for a first ingest, SPARQL text otherwise)
give the same graphs and metadata, and re-ingesting replaces rather than adds."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV

from api.service import ingest_paths
from ontology import DEFAULT_BASE_IRI
from ontology.iris import IriMinter
from ontology.namespace import CCHC
from queries.store import EmbeddedStore

SAMPLE = Path(__file__).resolve().parents[1] / "ingest" / "samples" / "000_8ed5b0c1c9e5996d.txt"
META = IriMinter(DEFAULT_BASE_IRI).metadata_graph


def _record(store: EmbeddedStore, name: URIRef) -> set:
    return {(p, o) for s, p, o in store.graph(META) if s == name and p != PROV.generatedAtTime}


def test_first_and_repeated_ingest_write_the_same(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    [report] = ingest_paths(store, [SAMPLE], DEFAULT_BASE_IRI)  # new graph: one native Store.extend
    name = URIRef(report.graph or "")
    first, first_record, size = store.graph(name), _record(store, name), len(store)
    assert len(first) == report.triples
    assert any(p == CCHC.tripleCount and int(o) == report.triples for p, o in first_record)

    ingest_paths(store, [SAMPLE], DEFAULT_BASE_IRI)  # existing graph: DROP + INSERT DATA + metadata update
    assert isomorphic(store.graph(name), first)
    assert len(store) == size
    assert _record(store, name) == first_record

    store.drop_graphs([name])  # the graph is gone but its metadata record stays: the text path again
    ingest_paths(store, [SAMPLE], DEFAULT_BASE_IRI)
    assert isomorphic(store.graph(name), first)
    assert _record(store, name) == first_record
    store.close()


def test_replace_graphs_takes_graphs_or_triples() -> None:
    store = EmbeddedStore(None)
    a, b = URIRef("https://example.org/a"), URIRef("https://example.org/b")
    triples = [(a, CCHC.code, Literal("1")), (a, CCHC.text, Literal("x", lang="vi"))]
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    store.replace_graphs({a: graph})
    store.replace_graphs(
        {b: triples}, "", record=(URIRef("https://example.org/meta"), b, [(b, CCHC.code, Literal("m"))])
    )
    assert isomorphic(store.graph(a), store.graph(b)) and len(store.graph(b)) == 2
    assert len(store.graph(URIRef("https://example.org/meta"))) == 1


def test_reader_processes_write_what_one_process_writes(tmp_path: Path) -> None:
    """Two spawned reader processes parse ahead of the writer: same documents, same order, same quads."""
    samples = SAMPLE.parent
    stores = {}
    for workers in (1, 2):
        store = EmbeddedStore(tmp_path / f"store-{workers}")
        reports = ingest_paths(store, [samples], DEFAULT_BASE_IRI, workers=workers)
        assert [Path(r.path).name for r in reports] == sorted(p.name for p in samples.glob("*.txt"))
        assert all(r.ok for r in reports) and sum(r.tasks for r in reports) == 169
        ontology = IriMinter(DEFAULT_BASE_IRI).ontology_graph  # its blank nodes differ on each load
        stores[workers] = {
            q
            for q in store.quads()
            if q[3] not in (META, ontology)  # META: the ingest times differ
        }
        store.close()
    assert stores[1] == stores[2]
    # reference base, shared descriptions and lineage, 5 document graphs, inferences
    assert len(stores[2]) == 13847
