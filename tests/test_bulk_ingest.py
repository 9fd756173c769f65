"""A first ingest of many files into an empty on-disk store is bulk-loaded into a staging store beside it,
which then moves into place: the same quads as document-by-document transactions, nothing in the store
until the end, and after a SIGKILL mid-run an empty store that opens (all or nothing), which a rerun fills.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_faults import check_store, run_and_kill

from api.service import BULK_FROM, ingest_paths
from ontology import DEFAULT_BASE_IRI
from ontology.iris import IriMinter
from queries.store import REPLACED_SUFFIX, STAGING_SUFFIX, EmbeddedStore

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = BULK_FROM + 2
MINTER = IriMinter(DEFAULT_BASE_IRI)
TIMESTAMP = "http://www.w3.org/ns/prov#generatedAtTime"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first DOCUMENTS plans of `python -m bench.generate --scale small --seed 1`."""
    generated = tmp_path_factory.mktemp("generated")
    subprocess.run(
        [sys.executable, "-m", "bench.generate", "--scale", "small", "--seed", "1", "--out", str(generated)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )
    folder = tmp_path_factory.mktemp("corpus")
    for path in sorted(generated.glob("*.txt"))[:DOCUMENTS]:
        shutil.copy(path, folder / path.name)
    return folder


def _content(store: EmbeddedStore) -> set:
    """Every quad but the ingest times, the inference graph's own record (a stamp of the run) and the
    ontology graph (its blank nodes differ on each load)."""
    return {
        (s, p, o, g)
        for s, p, o, g in store.quads()
        if str(p) != TIMESTAMP
        and g != MINTER.ontology_graph
        and (g, s) != (MINTER.metadata_graph, MINTER.inference_graph)
    }


def test_a_first_bulk_ingest_writes_what_transactions_write(corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "store"
    seen: list[int] = []
    with EmbeddedStore(folder) as store:
        reports = ingest_paths(
            store, [corpus], DEFAULT_BASE_IRI, on_document=lambda _: seen.append(len(store))
        )
        assert [r.ok for r in reports] == [True] * DOCUMENTS
        assert seen == [0] * DOCUMENTS  # staged beside the store: nothing in it until the end
        bulk = _content(store)
    assert not folder.with_name(folder.name + STAGING_SUFFIX).exists()
    assert not folder.with_name(folder.name + REPLACED_SUFFIX).exists()
    with EmbeddedStore(None) as memory:  # in memory: one transaction per document, as always
        ingest_paths(memory, [corpus], DEFAULT_BASE_IRI)
        assert _content(memory) == bulk
    with EmbeddedStore(folder) as store:  # the staged store opens where the empty one was
        assert _content(store) == bulk
        assert len({g for *_, g in bulk} - {MINTER.shared_graph, MINTER.metadata_graph}) > DOCUMENTS
        again = ingest_paths(store, [corpus], DEFAULT_BASE_IRI)  # not empty: transactions replace
        assert [r.graph for r in again] == [r.graph for r in reports]
        assert _content(store) == bulk


def test_sigkill_mid_bulk_ingest_leaves_an_empty_store_and_a_rerun_completes(
    corpus: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    output = run_and_kill(store, corpus, "documents", at_least=2)
    assert check_store(store, corpus) == [], output  # all or nothing: the staged documents are not in it
    assert store.with_name(store.name + STAGING_SUFFIX).is_dir()  # what the killed run left beside it
    with EmbeddedStore(store) as database:
        assert database.is_empty()
        reports = ingest_paths(database, [corpus], DEFAULT_BASE_IRI)
    assert [r.ok for r in reports] == [True] * DOCUMENTS
    assert not store.with_name(store.name + STAGING_SUFFIX).exists()  # the leftover went first
    assert check_store(store, corpus) == sorted(p.name for p in corpus.iterdir())


def test_a_document_twice_in_a_bulk_ingest_ends_as_with_transactions(corpus: Path, tmp_path: Path) -> None:
    """The same bytes again from another folder, and the first file listed again: their graph is already
    staged, so it is replaced in one transaction; the store ends as document-by-document writes leave it
    (one graph, its record naming both paths)."""
    first = sorted(corpus.iterdir())[0]
    copy = tmp_path / "copy" / first.name
    copy.parent.mkdir()
    shutil.copy(first, copy)
    files = [corpus, copy, first]
    with EmbeddedStore(tmp_path / "store") as store:
        reports = ingest_paths(store, files, DEFAULT_BASE_IRI)
        assert len(reports) == DOCUMENTS + 2 and reports[-1].graph == reports[-2].graph == reports[0].graph
        assert not any(r.plan != reports[0].plan and r.graph == reports[0].graph for r in reports)
        staged = _content(store)
    paths = {str(o) for s, p, o, g in staged if str(p).endswith("#sourcePath")}
    assert {str(first.resolve()), str(copy.resolve())} <= paths
    with EmbeddedStore(None) as memory:
        ingest_paths(memory, files, DEFAULT_BASE_IRI)
        assert _content(memory) == staged
