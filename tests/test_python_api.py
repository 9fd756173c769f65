"""The Python library (``import api as cchc``): the README's example runs and prints what the README
says, every name of ``__all__`` is there and documented, and importing the package is cheap."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

import api as cchc
from ontology.errors import CchcError, NotFound

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "ingest" / "samples"
PLAN_285 = URIRef("https://w3id.org/cchc-kg/eli/vn/dong-thap/ubnd/kh/2020/285")
CCHC = "https://w3id.org/cchc-kg/ontology#"


def readme_example() -> tuple[str, str]:
    """The python block of README.md's "The Python library" section and the text block it prints."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## The Python library", 1)[1]
    section = section.split("\n## ", 1)[0]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    printed = re.search(r"```python\n.*?```\s*prints\s*```text\n(.*?)```", section, re.S)
    assert code and printed, "README.md: the Python example and what it prints"
    return code.group(1), printed.group(1)


def run_python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout's `api`, wherever the test runs
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_the_readme_example_runs_on_the_seeds_and_prints_what_the_readme_says(tmp_path: Path) -> None:
    code, printed = readme_example()
    (tmp_path / "ingest").mkdir()
    (tmp_path / "ingest" / "samples").symlink_to(SAMPLES)
    done = run_python(code, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == printed
    assert (tmp_path / "var" / "store").is_dir()  # the store the example opened, on disk
    exported = Graph().parse(tmp_path / "285.ttl", format="turtle")
    assert len(set(exported.objects(PLAN_285, URIRef(CCHC + "hasTask")))) == 32
    assert len(set(exported.subjects(URIRef(CCHC + "hasTask")))) == 1  # that plan only


def test_every_public_name_is_there_and_documented() -> None:
    types = ["DEFAULT_BASE_IRI", "CchcError", "DocumentReport", "QueryResult", "SparqlResult", "Store"]
    functions = ["export", "ingest", "named_queries", "open_store", "query", "sparql", "trace"]
    assert sorted(cchc.__all__) == sorted([*types, *functions])
    for name in cchc.__all__:
        value = getattr(cchc, name)
        assert name == "DEFAULT_BASE_IRI" or (value.__doc__ or "").strip(), name
    assert cchc.CchcError is CchcError and cchc.DEFAULT_BASE_IRI == "https://w3id.org/cchc-kg/"
    with pytest.raises(AttributeError):
        _ = cchc.ingest_paths  # type: ignore[attr-defined]


def test_importing_the_library_loads_nothing_heavy() -> None:
    """The CLI, the server and each query worker import ``api`` too: it must stay cheap."""
    done = run_python(
        "import sys, api; print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'rdflib', 'pyoxigraph', 'fastapi', 'typer', 'rich', 'ingest', 'queries', 'ontology', 'networkx'}))",
        ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_in_memory_store_queries_errors_and_export() -> None:
    with cchc.open_store() as store:
        assert store.path is None
        reports = cchc.ingest(store, SAMPLES / "000_8ed5b0c1c9e5996d.txt")
        assert [(r.ok, r.plan_label, r.tasks) for r in reports] == [(True, "285/KH-UBND", 32)]
        leads = cchc.query(store, "agency-tasks", {"agency": "so noi vu", "province": "dong-thap"})
        assert leads.rows and all(isinstance(row, tuple) for row in leads.rows)
        assert "tasks" in cchc.named_queries() and cchc.named_queries()["tasks"].columns[:2] == [
            "plan_number",
            "code",
        ]
        assert cchc.sparql(store, "ASK { ?p ?o ?plan }", {"plan": PLAN_285}).boolean is True
        with pytest.raises(NotFound) as unknown:
            cchc.trace(store, "999/NQ-CP")
        assert unknown.value.suggestions  # "did you mean"
        with pytest.raises(CchcError, match="no-such-query"):
            cchc.query(store, "no-such-query")
        buffer = io.BytesIO()
        cchc.export(store, buffer, "nq")
        assert buffer.getvalue().count(b"\n") == len(store)


def test_a_remote_store_is_opened_without_a_request() -> None:
    remote = cchc.open_store(endpoint="http://127.0.0.1:9/sparql", user="dba", password="x", timeout=2)
    assert (remote.query_url, remote.update_url, remote.timeout) == (  # type: ignore[attr-defined]
        "http://127.0.0.1:9/sparql",
        "http://127.0.0.1:9/sparql",
        2,
    )
