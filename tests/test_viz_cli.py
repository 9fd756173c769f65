"""``cchc-kg network`` and ``cchc-kg viz`` (api/cli_viz.py, registered on the cchc-kg app)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from api.cli import app
from api.service import ingest_paths
from ontology import DEFAULT_BASE_IRI
from queries.store import EmbeddedStore

SAMPLES = Path(__file__).resolve().parents[1] / "ingest" / "samples"
runner = CliRunner()


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five seeds ingested into a store folder that is closed again (the CLI opens it itself)."""
    path = tmp_path_factory.mktemp("viz-cli-store")
    with EmbeddedStore(path) as store:
        assert all(report.ok for report in ingest_paths(store, [SAMPLES], DEFAULT_BASE_IRI))
    return path


def invoke(*args: str) -> object:
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


def test_network_prints_the_analytics(store_path: Path) -> None:
    result = invoke(
        "network", "--store", str(store_path), "--plan", "285/KH-UBND", "--top", "3", "--workload"
    )
    assert result.exit_code == 0, result.output
    assert "22 agencies, 50 lead → partner links, 32 tasks" in result.output
    assert "Agencies (by weighted degree)" in result.output and "Bridging agencies" in result.output
    assert "Communities (Louvain)" in result.output and "Workload per quarter" in result.output
    first = next(line for line in result.output.splitlines() if "Sở Nội vụ" in line)
    assert "13" in first and "50" in first  # leads 13 tasks, weighted degree 50
    assert "2021-Q2" in result.output


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv", "matrix"])
def test_network_exports(store_path: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"network.{fmt}"
    result = invoke(
        "network", "--store", str(store_path), "--plan", "285/KH-UBND", "--export", fmt, "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    assert "22 nodes, 50 edges" in result.output
    if fmt == "graphml":
        assert nx.read_graphml(out).number_of_edges() == 50
    elif fmt == "gexf":
        assert nx.read_gexf(out).number_of_nodes() == 22
    else:
        rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
        assert len(rows) == (51 if fmt == "csv" else 23)


def test_viz_writes_pages(store_path: Path, tmp_path: Path) -> None:
    page = tmp_path / "dt.html"
    result = invoke(
        "viz", "--store", str(store_path), "--province", "dong thap", "--year", "2021", "-o", str(page)
    )
    assert result.exit_code == 0, result.output
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "Mạng lưới trách nhiệm" in text
    assert "<b>tỉnh</b>: dong thap" in text and "<b>năm</b>: 2021" in text
    trace = tmp_path / "trace.html"
    result = invoke(
        "viz", "--store", str(store_path), "--trace", "76/NQ-CP", "--lang", "en", "-o", str(trace)
    )
    assert result.exit_code == 0, result.output
    assert "76/NQ-CP: documents, implementing plans" in trace.read_text(encoding="utf-8")
    outline = tmp_path / "outline.html"
    result = invoke("viz", "--store", str(store_path), "--outline", "465/QĐ-UBND", "-o", str(outline))
    assert result.exit_code == 0 and "68 nodes" in result.output


def test_errors_exit_non_zero_with_a_message(store_path: Path, tmp_path: Path) -> None:
    result = invoke("network", "--store", str(store_path), "--role", "boss")
    assert result.exit_code == 2 and "role cannot be 'boss'" in result.output
    result = invoke("network", "--store", str(store_path), "--export", "pdf", "-o", str(tmp_path / "x"))
    assert result.exit_code == 2 and "unknown export format 'pdf'" in result.output
    result = invoke("network", "--store", str(store_path), "--export", "graphml")
    assert result.exit_code == 2 and "--export needs --output" in result.output
