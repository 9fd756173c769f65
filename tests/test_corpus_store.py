"""A store holding the seeds and the whole gold corpus (issue 13): every document goes in, and `cchc-kg
validate` passes on it (SHACL shapes and, where Java is installed, HermiT's OWL consistency).

The corpus is ``../shared/corpus`` beside the repository (CI has a copy); the test is skipped without it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.service import store_documents
from ontology import DEFAULT_BASE_IRI
from ontology.reasoning import java_available
from queries.store import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "ingest" / "samples"
CORPUS = ROOT.parent / "shared" / "corpus"
runner = CliRunner()

pytestmark = pytest.mark.skipif(not (CORPUS / "docs").is_dir(), reason=f"no gold corpus at {CORPUS}")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus-store") / "store"
    result = runner.invoke(app, ["ingest", "--store", str(path), str(SEEDS), str(CORPUS / "docs")])
    assert result.exit_code == 0, result.output
    return path


def test_every_seed_and_corpus_document_goes_in_with_all_its_tasks(store: Path) -> None:
    golds = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (CORPUS / "gold").glob("*.json")}
    with EmbeddedStore(store) as database:
        documents = {
            Path(row["path"]).stem: int(row["tasks"]) for row in store_documents(database, DEFAULT_BASE_IRI)
        }
    assert {name: documents.get(name) for name in golds} == {
        name: g["task_count"] for name, g in golds.items()
    }
    seeds = sum(count for name, count in documents.items() if name not in golds)
    assert seeds == 169  # the seeds' tasks, as before the corpus went in


def test_validate_passes_on_the_seeds_and_the_corpus(store: Path) -> None:
    args = ["validate", "--store", str(store)] + ([] if java_available() else ["--no-reasoner"])
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output[-3000:]
    assert "SHACL: conforms (0 results" in " ".join(result.output.split())
    if java_available():
        assert "OWL (HermiT):" in result.output and "inconsistent" not in result.output.lower()


def test_a_national_body_s_row_counts_its_tasks(store: Path) -> None:
    """A national body's province is the nation ("Việt Nam", place/vn): its page and lookup count its tasks
    (they used to read "Việt Nam" as a province slug, viet-nam, and show 0)."""
    from queries.library import run
    from queries.lookup import find_agency

    with EmbeddedStore(store) as database:
        row = find_agency(database, "org/vn/bo-cong-an")
        national = {r["agency"]: r for r in run(database, "agency-load", {"province": "Việt Nam"}).as_dicts()}
    assert (row["agency"], row["province"], row["lead_tasks"], row["partner_tasks"]) == (
        "Bộ Công an",
        "Việt Nam",
        9,
        0,
    )
    assert national["Bộ Xây dựng"]["lead_tasks"] == 23 and all(
        r["province"] == "Việt Nam" for r in national.values()
    )
