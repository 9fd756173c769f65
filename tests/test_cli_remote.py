"""The same CLI commands against a remote SPARQL endpoint (a private Virtuoso) and a dead one."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.connection import REMOTE

SAMPLES = Path(__file__).resolve().parent.parent / "ingest" / "samples"
runner = CliRunner()


@pytest.fixture(autouse=True)
def _reset_remote() -> None:
    """The app callback stores the global options; start every test without them."""
    REMOTE.endpoint = REMOTE.update_endpoint = REMOTE.user = REMOTE.password = None


def remote_args(server: object) -> list[str]:
    return [
        "--endpoint",
        server.query_url,
        "--update-endpoint",
        server.update_url,  # type: ignore[attr-defined]
        "--user",
        server.user,
        "--password",
        server.password,
    ]  # type: ignore[attr-defined]


@pytest.mark.virtuoso
def test_ingest_and_query_through_the_endpoint_match_the_embedded_store(
    virtuoso: object, tmp_path: Path
) -> None:
    result = runner.invoke(app, [*remote_args(virtuoso), "ingest", str(SAMPLES)])
    assert result.exit_code == 0, result.output
    assert "5 of 5 documents ingested into " + virtuoso.query_url in " ".join(result.output.split())  # type: ignore[attr-defined]
    remote = runner.invoke(
        app, [*remote_args(virtuoso), "query", "trace", "-p", "document=76/NQ-CP", "-f", "csv"]
    )
    assert remote.exit_code == 0, remote.output
    embedded_store = str(tmp_path / "store")
    assert runner.invoke(app, ["ingest", "--store", embedded_store, str(SAMPLES)]).exit_code == 0
    local = runner.invoke(
        app, ["query", "--store", embedded_store, "trace", "-p", "document=76/NQ-CP", "-f", "csv"]
    )
    assert sorted(remote.output.splitlines()) == sorted(local.output.splitlines())
    numbers = {line.split(",")[0] for line in remote.output.splitlines()[1:]}
    assert numbers == {"285/KH-UBND", "142/KH-UBND", "465/QĐ-UBND"}


def test_an_unreachable_endpoint_gives_a_clear_error_and_no_hang() -> None:
    started = time.monotonic()
    result = runner.invoke(app, ["--endpoint", "http://127.0.0.1:9/sparql", "query", "plans"])
    assert result.exit_code == 2
    assert "127.0.0.1:9" in result.output and "error:" in result.output
    assert time.monotonic() - started < 30
