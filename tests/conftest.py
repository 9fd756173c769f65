"""Shared fixtures. Virtuoso: one private instance per test session (see tests/virtuoso.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from virtuoso import INSTALL_HINT, VirtuosoServer, find_binary, start_virtuoso


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "virtuoso: needs Debian's Virtuoso (virtuoso-t); skipped with a reason when not installed"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``virtuoso`` are skipped, saying why, where the package is not installed."""
    if find_binary() is not None:
        return
    skip = pytest.mark.skip(reason=INSTALL_HINT)
    for item in items:
        if item.get_closest_marker("virtuoso"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def virtuoso() -> Iterator[VirtuosoServer]:
    """A private Virtuoso on 127.0.0.1: ``query_url``, ``update_url``, ``user``, ``password``.

    Started once per session (about 4 s), stopped and removed at the end. Skips when Virtuoso is not
    installed; fails (with its log) when it is installed but does not start.
    """
    if find_binary() is None:
        pytest.skip(INSTALL_HINT)
    server = start_virtuoso()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def workbench_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[object, Path]]:
    """One embedded store for the session: the five seeds and the ten real plans of ../shared/corpus/docs.

    Yields ``(store, path)``. Read it, never write: every workbench test shares it. Skips without the corpus.
    """
    from workbench import CORPUS_DOCS, SEEDS

    from api.service import ingest_paths
    from ontology import DEFAULT_BASE_IRI
    from queries.store import EmbeddedStore

    if not CORPUS_DOCS.is_dir():
        pytest.skip(f"no corpus at {CORPUS_DOCS}")
    path = tmp_path_factory.mktemp("workbench") / "store"
    store = EmbeddedStore(path)
    ingest_paths(store, [SEEDS, CORPUS_DOCS], DEFAULT_BASE_IRI)
    try:
        yield store, path
    finally:
        store.close()


@pytest.fixture(scope="session")
def workbench_url(workbench_store: tuple[object, Path]) -> Iterator[str]:
    """The whole app served on 127.0.0.1 over ``workbench_store`` (read-only, no uploads); its base URL."""
    from workbench import served

    store, path = workbench_store
    with served(store, path) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Debian Chromium (Playwright) for the session; skips, saying why, without it."""
    from workbench import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        pytest.skip("no Debian Chromium at /usr/bin/chromium: `make test` installs it with apt")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
