"""The CLI reads a store another process holds for writing (as ``cchc-kg serve`` does): it opens it
read-only; a write command says the store is locked and suggests ``--endpoint``."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.service import ingest_paths
from ontology import DEFAULT_BASE_IRI
from queries.errors import StoreError
from queries.store import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "ingest" / "samples"
CLI = Path(sys.executable).with_name("cchc-kg")
HOLD = (
    "import sys, pyoxigraph as ox\n"
    "store = ox.Store(sys.argv[1])\n"  # opened for writing: holds the folder's lock
    "print('holding', flush=True)\n"
    "sys.stdin.read()\n"
)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("held") / "store"
    with EmbeddedStore(path) as store:
        assert all(report.ok for report in ingest_paths(store, [SAMPLES], DEFAULT_BASE_IRI))
    return path


@pytest.fixture
def held(store_path: Path) -> Iterator[Path]:
    """Another process holding the store open for writing until the test ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(store_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        with pytest.raises(StoreError) as error:  # the lock is really held
            EmbeddedStore(store_path, read_only=False)
        assert "another process holds its lock" in error.value.message
        yield store_path
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CCHC_KG_")}
    return subprocess.run([str(CLI), *args], capture_output=True, text=True, timeout=120, env=env)


def test_read_commands_work_on_a_held_store(held: Path) -> None:
    stats = cli("stats", "--store", str(held))
    assert stats.returncode == 0, stats.stderr
    assert "named graphs" in stats.stdout and "quads" in stats.stdout
    plans = cli("query", "plans", "--store", str(held), "-f", "csv")
    assert plans.returncode == 0, plans.stderr
    numbers = {line.split(",")[1] for line in plans.stdout.splitlines()[1:]}
    assert {"285/KH-UBND", "272/KH-UBND", "142/KH-UBND", "465/QĐ-UBND"} <= numbers


def test_a_write_command_names_the_lock_and_suggests_the_endpoint(held: Path) -> None:
    result = cli("ingest", "--store", str(held), str(sorted(SAMPLES.glob("*.txt"))[0]))
    assert result.returncode == 2
    message = " ".join(result.stderr.split())
    assert "holds its write lock" in message and "read-only" in message
    assert "--endpoint" in message and "cchc-kg serve" in message


def test_in_python_a_held_store_opens_read_only_and_refuses_writes(held: Path) -> None:
    with EmbeddedStore(held) as store:
        assert store.read_only and len(store) > 10000
        with pytest.raises(StoreError) as error:
            store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
        assert "--endpoint" in error.value.render()


def test_a_free_store_opens_for_writing(store_path: Path) -> None:
    with EmbeddedStore(store_path) as store:
        assert not store.read_only
