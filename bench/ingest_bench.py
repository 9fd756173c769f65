"""End-to-end ingest (parse, map, load, inference) through ``api.service.ingest_paths``, with the time
split by stage; store open time; cold ``cchc-kg query`` wall time. The ingest and open measurements run
in fresh child processes (``bench.measure.in_child``)."""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.measure import median, peak_rss_mb

ROOT = Path(__file__).resolve().parent.parent
CLI = ROOT / ".venv" / "bin" / "cchc-kg"


def _timed(totals: dict[str, float], key: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` adding its time to ``totals[key]``; not while another stage named in ``totals["_in"]``
    runs (the inference's own store writes are inference, not load)."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        outer = totals.get("_in", 0.0)
        totals["_in"] = 1.0
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            if not outer:
                totals[key] += time.perf_counter() - started
            totals["_in"] = outer

    return wrapper


def ingest_once(corpus: str, store_path: str) -> dict[str, Any]:
    """Ingest every document of ``corpus`` into a new store at ``store_path``; runs in a child process.

    The stages are timed by wrapping the functions ``ingest_paths`` calls: ``parse_document`` and
    ``map_triples`` (inside ``ingest_file``), the store's writes (load: ``replace_graphs`` per document,
    ``bulk_load`` and ``replace_with`` for a first ingest staged beside the store), ``refresh_inferences``
    (inference, whose own store writes are counted there, not under load) and ``optimize``.
    When ``ingest_paths`` reads with a pool of reader processes (16 files or more), parsing and mapping
    run there, overlapped with loading: "parse" is then the pool's CPU time (``RUSAGE_CHILDREN``) and
    "other" the wall time the writer spent waiting for them.
    """
    import api.service as service
    import ingest.pipeline as pipeline
    from ontology import DEFAULT_BASE_IRI
    from queries.store import EmbeddedStore

    totals = dict.fromkeys(("parse", "map", "load", "inference", "optimize"), 0.0)
    pipeline.parse_document = _timed(totals, "parse", pipeline.parse_document)
    pipeline.map_triples = _timed(totals, "map", pipeline.map_triples)
    service.refresh_inferences = _timed(totals, "inference", service.refresh_inferences)
    for method in ("replace_graphs", "bulk_load", "replace_with"):  # per-document and staged bulk writes
        setattr(EmbeddedStore, method, _timed(totals, "load", getattr(EmbeddedStore, method)))
    EmbeddedStore.optimize = _timed(totals, "optimize", EmbeddedStore.optimize)  # type: ignore[method-assign]
    totals["_in"] = 0.0
    shutil.rmtree(store_path, ignore_errors=True)
    rss_before = peak_rss_mb()
    started = time.perf_counter()
    with EmbeddedStore(Path(store_path)) as store:
        reports = service.ingest_paths(store, [Path(corpus)], DEFAULT_BASE_IRI, workers=None)
        seconds = time.perf_counter() - started
        quads = len(store)
    readers = service.default_workers(len(reports))
    if readers > 1:  # parse+map ran in reader processes (not wrapped): their CPU time, imports included
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        totals["parse"], totals["map"] = usage.ru_utime + usage.ru_stime, 0.0
    reader_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 if readers > 1 else 0.0
    in_process_reading = totals["parse"] + totals["map"] if readers == 1 else 0.0
    tasks = sum(r.tasks for r in reports if r.ok)
    return {
        "seconds": seconds,
        "documents": len(reports),
        "failed": sum(not r.ok for r in reports),
        "tasks": tasks,
        "triples_in_documents": sum(r.triples for r in reports if r.ok),
        "quads_in_store": quads,
        "stages_s": {key: round(value, 3) for key, value in totals.items() if key != "_in"},
        "other_s": round(
            seconds - totals["load"] - totals["inference"] - totals["optimize"] - in_process_reading, 3
        ),
        "peak_rss_mb": peak_rss_mb(),
        "rss_after_imports_mb": rss_before,
        "reader_processes": readers,
        "reader_peak_rss_mb": round(reader_rss, 1),
    }


def summarise_ingest(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians over runs (each run in its own process, on its own new store)."""
    seconds = median([r["seconds"] for r in runs])
    last = runs[-1]
    stages = {key: round(median([r["stages_s"][key] for r in runs]), 3) for key in last["stages_s"]}
    return {
        "runs": len(runs),
        "seconds": round(seconds, 3),
        "documents": last["documents"],
        "failed": last["failed"],
        "tasks": last["tasks"],
        "documents_per_s": round(last["documents"] / seconds, 2),
        "tasks_per_s": round(last["tasks"] / seconds, 1),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        "rss_after_imports_mb": last["rss_after_imports_mb"],
        "triples_in_documents": last["triples_in_documents"],
        "quads_in_store": last["quads_in_store"],
        "parse_map_s": round(stages["parse"] + stages["map"], 3),
        "reader_processes": last.get("reader_processes", 1),
        "reader_peak_rss_mb": max(r.get("reader_peak_rss_mb", 0.0) for r in runs),
        "load_s": stages["load"],
        "stages_s": stages,
        "all_runs_s": [round(r["seconds"], 3) for r in runs],
    }


def open_times(store_path: str, reps: int) -> dict[str, Any]:
    """Open and close the store ``reps`` times in this (child) process, after importing everything."""
    from queries.store import EmbeddedStore

    with EmbeddedStore(Path(store_path)):  # warm-up: imports, OS page cache
        pass
    samples = []
    for _ in range(reps):
        started = time.perf_counter()
        store = EmbeddedStore(Path(store_path))
        samples.append(time.perf_counter() - started)
        store.close()
    return {
        "median_ms": round(median(samples) * 1000, 2),
        "max_ms": round(max(samples) * 1000, 2),
        "runs": reps,
    }


def cold_cli_query(store_path: Path, reps: int) -> dict[str, Any]:
    """Wall time of ``cchc-kg query --store S plans -f csv`` as a new process each time (after a warm-up)."""
    command = [str(CLI), "query", "--store", str(store_path), "plans", "-f", "csv"]
    if not CLI.exists():
        command = [sys.executable, "-m", "api.cli", *command[1:]]
    samples = []
    for index in range(reps + 1):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, cwd=ROOT, timeout=300, check=False)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            return {"error": done.stderr.decode("utf-8", "replace")[-500:], "command": " ".join(command)}
        if index:
            samples.append(elapsed)
    return {
        "median_s": round(median(samples), 3),
        "max_s": round(max(samples), 3),
        "runs": reps,
        "rows": done.stdout.decode("utf-8").count("\n") - 1,
        "command": " ".join(command),
    }


def profile_ingest(folder: str, count: int, target: str) -> dict[str, Any]:
    """pyinstrument over the ingest of ``count`` documents spread over the corpus (child process)."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        return {"skipped": "pyinstrument is not installed (pip install -e '.[bench]')"}
    import shutil
    import tempfile

    from api.service import ingest_paths
    from ontology import DEFAULT_BASE_IRI
    from queries.store import EmbeddedStore

    files = sorted(Path(folder).glob("*.txt"))
    chosen = files[:: max(1, len(files) // count)][:count]
    work = Path(tempfile.mkdtemp())
    profiler = Profiler()
    with EmbeddedStore(work / "store") as store:
        profiler.start()
        ingest_paths(store, chosen, DEFAULT_BASE_IRI, workers=1)  # profile one process
        profiler.stop()
    shutil.rmtree(work, ignore_errors=True)
    text = profiler.output_text(unicode=True, color=False, show_all=False)
    Path(target).write_text(text, encoding="utf-8")
    return {"documents": len(chosen), "file": target, "top": text.splitlines()[:40]}
