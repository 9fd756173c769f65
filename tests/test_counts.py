"""The same counts everywhere: ``cchc-kg stats``, GET /api/stats, the home page and the lists REST gives
(/api/plans, /api/agencies, /api/documents) agree, on the five seeds and on the seeds with the corpus of
real plans (/work/shared/corpus, when present). Each count is defined once, by the ``counts`` query."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app as cli
from api.settings import Settings
from ontology import DEFAULT_BASE_IRI
from queries.library import run
from queries.store import EmbeddedStore

SAMPLES = Path(__file__).resolve().parent.parent / "ingest" / "samples"
CORPUS = Path("/work/shared/corpus/docs")
HOME_STATS = ("plans", "tasks", "provinces", "agencies")  # the home page's figures, in its order
runner = CliRunner()


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []


@pytest.fixture(
    scope="module",
    params=[
        "seeds",
        pytest.param(
            "seeds+corpus",
            marks=pytest.mark.skipif(not corpus_files(), reason=f"no corpus at {CORPUS}"),
        ),
    ],
)
def stores(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A store ingested by the CLI, what `cchc-kg stats` says of it, then the store opened for the app."""
    path = tmp_path_factory.mktemp("counts") / "store"
    sources = [str(SAMPLES)] + ([str(CORPUS)] if request.param == "seeds+corpus" else [])
    ingested = runner.invoke(cli, ["ingest", "--store", str(path), *sources])
    assert ingested.exit_code == 0, ingested.output
    stats = runner.invoke(cli, ["stats", "--store", str(path), "-f", "csv"])
    assert stats.exit_code == 0, stats.output
    measures = {row["measure"]: int(row["value"]) for row in csv.DictReader(io.StringIO(stats.output))}
    store = EmbeddedStore(path)
    client = TestClient(create_app(Settings(path, DEFAULT_BASE_IRI, query_workers=0), store))
    return {"name": request.param, "cli": measures, "client": client, "store": store}


def home_figures(client: TestClient) -> dict[str, int]:
    page = client.get("/")
    assert page.status_code == 200
    box = page.text[page.text.index('<ul class="stats">') :]
    box = box[: box.index("</ul>")]
    return dict(zip(HOME_STATS, (int(n) for n in re.findall(r"<strong>(\d+)</strong>", box)), strict=True))


def test_cli_rest_and_home_page_give_the_same_counts(stores: dict[str, object]) -> None:
    client, cli_counts = stores["client"], stores["cli"]
    assert isinstance(client, TestClient) and isinstance(cli_counts, dict)
    rest = client.get("/api/stats").json()
    assert {k: v for k, v in cli_counts.items() if k in rest} == rest
    assert set(rest) <= set(cli_counts) and {"named graphs", "quads"} <= set(cli_counts)
    assert home_figures(client) == {name: rest[name] for name in HOME_STATS}
    assert len(client.get("/api/plans").json()) == rest["plans"]
    assert len(client.get("/api/agencies").json()) == rest["agencies"]
    assert len(client.get("/api/documents").json()) == rest["legal_documents"]
    groups = [a for a in client.get("/api/agencies").json() if a["kind"] == "group"]
    assert len(groups) == rest["agency_groups"]


def test_the_counts_are_what_the_lists_hold(stores: dict[str, object]) -> None:
    store = stores["store"]
    assert isinstance(store, EmbeddedStore)
    [counts] = run(store, "counts").as_dicts()
    plans = run(store, "plans").as_dicts()
    assert counts["plans"] == len(plans) and counts["tasks"] == sum(int(p["tasks"]) for p in plans)
    assert counts["agencies"] == len(run(store, "agency-load").as_dicts())
    if stores["name"] == "seeds":
        assert counts == {
            "documents": 5,
            "plans": 5,
            "tasks": 169,
            "provinces": 3,  # Đồng Tháp, Sóc Trăng, Ninh Thuận
            "agencies": 55,  # of the 58 named: three provincial committees lead or partner on no task
            "agency_groups": 18,
            "legal_documents": 53,  # 49 cited, and 4 acts of the 2024-2025 reorganisation (lineage sources)
            "references": 72,
            "targets": 16,
            "flags": 11,
        }
    else:  # every corpus file is one plan; the national ones (Việt Nam) count no province
        assert counts["documents"] == counts["plans"] == 5 + len(corpus_files())
        provinces = {p["province"] for p in plans} - {"Việt Nam", ""}
        assert counts["provinces"] == len(provinces)
