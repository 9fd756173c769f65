"""Shared fixtures. Virtuoso: one private instance per test session (see tests/virtuoso.py)."""

from __future__ import annotations

from collections.abc import Iterator

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
