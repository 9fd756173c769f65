"""The benchmark corpus generator: deterministic, and what it writes is what ingest reads."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # bench/ is a folder of the repository, not an installed package
    sys.path.insert(0, str(ROOT))

from api.service import ingest_paths  # noqa: E402
from bench.generate import generate  # noqa: E402
from bench.layouts import LAYOUTS  # noqa: E402
from ontology import DEFAULT_BASE_IRI  # noqa: E402
from queries.library import run  # noqa: E402
from queries.store import EmbeddedStore  # noqa: E402


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("small")
    return out, generate("small", 7, out)


def test_same_seed_same_bytes_other_seed_other_bytes(small: tuple[Path, dict], tmp_path: Path) -> None:
    out, _ = small
    again = generate("small", 7, tmp_path / "again")
    other = generate("small", 8, tmp_path / "other")
    assert _digest(out) == _digest(tmp_path / "again")
    assert again["totals"] == json.loads((out / "manifest.json").read_text(encoding="utf-8"))["totals"]
    differing = [
        name for name, digest in _digest(tmp_path / "other").items() if _digest(out).get(name) != digest
    ]
    assert len(differing) > 100 and other["totals"]["documents"] == 126


def test_small_scale_shape(small: tuple[Path, dict]) -> None:
    out, manifest = small
    documents = manifest["documents"]
    assert len(documents) == 63 * 2 and len(list(out.glob("*.txt"))) == 126
    assert {d["year"] for d in documents} == {2020, 2021}
    assert len({d["province"] for d in documents}) == 63
    assert len({d["number"] for d in documents}) == 126  # numbers are unique, so queries name one plan
    assert all(35 <= d["tasks"] <= 50 for d in documents)
    assert set(LAYOUTS) <= {d["layout"] for d in documents}


def _sample(manifest: dict) -> list[dict]:
    """Two documents of every layout, one per programme where there is one."""
    chosen: list[dict] = []
    for layout in LAYOUTS:
        of_layout = [d for d in manifest["documents"] if d["layout"] == layout]
        for programme in ("30c/NQ-CP", "76/NQ-CP"):
            match = next((d for d in of_layout if d["programme"] == programme), None)
            if match and len([c for c in chosen if c["layout"] == layout]) < 2:
                chosen.append(match)
    return chosen


def test_generated_documents_ingest_as_generated(small: tuple[Path, dict], tmp_path: Path) -> None:
    out, manifest = small
    sample = _sample(manifest)
    assert {d["layout"] for d in sample} == set(LAYOUTS)
    with EmbeddedStore(None) as store:
        reports = ingest_paths(store, [out / d["file"] for d in sample], DEFAULT_BASE_IRI)
        for document, report in zip(sample, reports, strict=True):
            assert report.ok, report.error
            assert report.tasks == document["tasks"], document["file"]
            assert report.plan_label == document["number"], document["file"]
            unknown = [w.message for w in report.warnings if w.kind == "unknown-agency"]
            assert unknown == [], document["file"]
        plans = {row["number"]: row for row in run(store, "plans").as_dicts()}
        for document in sample:
            row = plans[document["number"]]
            assert (row["period_start"][:4], row["period_end"][:4]) == tuple(map(str, document["period"]))
            assert row["province"] == document["province"] and row["tasks"] == document["tasks"]
        traced_76 = set(run(store, "trace", {"document": "76/NQ-CP"}).column("plan_number"))
        traced_30c = set(run(store, "trace", {"document": "30c/NQ-CP"}).column("plan_number"))
        for document in sample:
            expected, other = (
                (traced_76, traced_30c) if document["programme"] == "76/NQ-CP" else (traced_30c, traced_76)
            )
            assert document["number"] in expected, document["file"]
            assert document["number"] not in other, document["file"]
        tasks = run(store, "tasks", {"plan": sample[0]["number"]})
        assert len(tasks.rows) == sample[0]["tasks"]


def test_seeds_scale_copies_the_bundled_seeds(tmp_path: Path) -> None:
    manifest = generate("seeds", 1, tmp_path)
    assert [d["tasks"] for d in manifest["documents"]] == [32, 37, 29, 48, 23]
    assert (tmp_path / "000_8ed5b0c1c9e5996d.txt").read_bytes() == (
        ROOT / "ingest" / "samples" / "000_8ed5b0c1c9e5996d.txt"
    ).read_bytes()
