"""Virtuoso beside the embedded store: the store's N-Quads bulk-loaded into a private Virtuoso
(``tests/virtuoso.py`` starts it: its own folder, loopback ports, a random dba password), then every
whole-corpus named query through ``queries.remote.RemoteStore`` and the same ``queries.library.run``.

Load: Virtuoso's bulk loader (``ld_dir`` + ``rdf_loader_run`` + ``checkpoint``), timed from the first
SQL call to the checkpoint's end. Queries: the first run, then up to ``reps`` more within ``budget_s``
(p50 over all); parity is the row count against the embedded store's.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from bench.measure import percentile

ROOT = Path(__file__).resolve().parent.parent
# A bigger buffer pool than the tests' instance (2.5 M quads), results uncut (assignments: ~100 k rows),
# the dump's folder readable by the bulk loader.
SETTINGS = {
    "NumberOfBuffers      = 10000": "NumberOfBuffers      = 40000",
    "MaxDirtyBuffers      = 6000": "MaxDirtyBuffers      = 30000",
    "DirsAllowed          = .": "DirsAllowed          = ., {dir}",
}
MAX_ROWS = 1_000_000


def _virtuoso_module() -> Any:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests import virtuoso  # the tests' harness: one way to start a private Virtuoso

    return virtuoso


def bench_virtuoso(
    nquads: str, names: list[str], params: dict[str, dict[str, str]], embedded: dict[str, Any], budgets: dict
) -> dict[str, Any]:
    """Load ``nquads`` into a new private Virtuoso, run ``names`` on it (child process)."""
    from queries.library import run
    from queries.remote import RemoteStore

    virtuoso = _virtuoso_module()
    binary = virtuoso.find_binary()
    if binary is None:
        return {"skipped": virtuoso.INSTALL_HINT}
    template = virtuoso.INI_TEMPLATE
    # Virtuoso ends a query the client gave up on a minute after the client's timeout (before it, it would
    # return partial rows as an answer: its "anytime" results); the next query waits until it is idle
    timeout = int(budgets["virtuoso_timeout_s"])
    settings = {**SETTINGS, "MaxQueryExecutionTime      = 60": f"MaxQueryExecutionTime      = {timeout + 60}"}
    for old, new in settings.items():
        template = template.replace(old, new)
    virtuoso.INI_TEMPLATE = template
    instance = virtuoso.VirtuosoServer(binary, max_rows=MAX_ROWS, startup_timeout=120).start()
    try:
        folder = instance.directory / "load"
        folder.mkdir()
        if _same_device(nquads, folder):
            os.link(nquads, folder / "data.nq")
        else:
            _copy(nquads, folder)
        started = time.perf_counter()
        instance.isql(f"ld_dir('{folder}', '*.nq', 'urn:cchc-kg:bench:default');", timeout=60)
        instance.isql("rdf_loader_run();", timeout=3600)
        instance.isql("checkpoint;", timeout=600)
        load_s = time.perf_counter() - started
        failed = instance.isql("SELECT COUNT(*) FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;")
        remote = RemoteStore(instance.query_url, timeout=budgets["virtuoso_timeout_s"])
        out: dict[str, Any] = {
            "load_s": round(load_s, 1),
            "load_errors": _last_number(failed),
            "quads": len(remote),
            "queries": {},
        }
        deadline = time.perf_counter() + budgets["virtuoso_total_s"]
        for name in names:
            if time.perf_counter() > deadline:
                spent = f"not run: the {budgets['virtuoso_total_s']:.0f} s for Virtuoso's queries were spent"
                out["queries"][name] = {"error": spent}
                continue
            entry = _query(remote, run, name, params.get(name, {}), embedded.get(name), budgets)
            if "error" in entry:
                entry["idle_after_s"] = _wait_idle(remote, timeout + 90)
            out["queries"][name] = entry
        return out
    finally:
        instance.stop()


def _query(remote: Any, run: Any, name: str, params: dict[str, str], ours: Any, budgets: dict) -> dict:
    entry: dict[str, Any] = {}
    if ours and "p50_ms" in ours:
        entry["embedded_ms"] = round(ours["p50_ms"], 1)
        entry["embedded_rows"] = ours.get("rows")
    samples = []
    started = time.perf_counter()
    try:
        while not samples or (
            len(samples) < 1 + budgets["virtuoso_reps"] and time.perf_counter() - started < budgets["store_s"]
        ):
            t0 = time.perf_counter()
            result = run(remote, name, params)
            samples.append(time.perf_counter() - t0)
    except Exception as exc:  # a failing or timed-out query is reported, not fatal
        spent = time.perf_counter() - started
        entry["error"] = f"{type(exc).__name__} after {spent:.0f} s: {exc}"[:200]
        return entry
    entry["virtuoso_first_ms"] = round(samples[0] * 1000, 1)
    entry["virtuoso_ms"] = round(percentile([s * 1000 for s in samples], 0.5), 1)
    entry["virtuoso_rows"] = len(result.rows)
    if "embedded_rows" in entry and entry["embedded_rows"] != entry["virtuoso_rows"]:
        entry["rows_differ"] = f"embedded {entry['embedded_rows']} rows, Virtuoso {entry['virtuoso_rows']}"
    return entry


def _wait_idle(remote: Any, max_s: float) -> float | None:
    """Seconds until Virtuoso answers ``ASK {}`` within 2 s again (None: not within ``max_s``)."""
    started = time.perf_counter()
    while time.perf_counter() - started < max_s:
        probe = time.perf_counter()
        try:
            remote.ask("ASK {}")
            if time.perf_counter() - probe < 2:
                return round(time.perf_counter() - started, 1)
        except Exception:  # still busy: a timeout or a refusal
            time.sleep(1)
    return None


def _last_number(text: str) -> int | None:
    numbers = [int(word) for word in text.split() if word.isdigit()]
    return numbers[-1] if numbers else None


def _same_device(source: str, folder: Path) -> bool:
    return os.stat(source).st_dev == os.stat(folder).st_dev


def _copy(source: str, folder: Path) -> None:
    import shutil

    shutil.copyfile(source, folder / "data.nq")
