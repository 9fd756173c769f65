"""Every named query, p50/p95, on the embedded store and on rdflib's in-memory Dataset holding the same
quads, in the same (child) process. Both sides run ``queries.library.run`` — the same text, bindings and
post-processing; only the engine differs. rdflib gets the bindings as a VALUES block (as a remote endpoint
would, ``queries.remote.bind_values``) and each of its queries is bounded by a time budget."""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.measure import Timed, peak_rss_mb, percentile, repeat, summary_ms

SCOPED = ("tasks", "agency-tasks", "legal-bases", "trace")  # plan-, agency-, document-scoped (the targets)
DEFAULTS_BY_TYPE = {"string": "so noi vu", "date": "2021-04-01"}


@dataclass(frozen=True)
class QueryParams:
    """Real values from a corpus's manifest: a plan and an earlier plan of its province, an agency."""

    plan: str
    earlier_plan: str
    province: str
    agency: str = "so noi vu"
    document: str = "76/NQ-CP"


def params_for(name: str, declared: list[Any], values: QueryParams) -> dict[str, str]:
    """The parameters a benchmark gives each named query (unknown queries: their required ones by type)."""
    known: dict[str, dict[str, str]] = {
        "tasks": {"plan": values.plan},
        "legal-bases": {"plan": values.plan},
        "plan-structure": {"plan": values.plan},
        "agency-tasks": {"agency": values.agency, "province": values.province},
        "trace": {"document": values.document},
        "trace-edges": {"document": values.document},
        "compare": {"a": values.earlier_plan, "b": values.plan},
        "due": {"from": "2021-04-01", "to": "2021-06-30"},
        "search": {"q": values.agency},
    }
    if name in known:
        return {k: v for k, v in known[name].items() if any(p.name == k for p in declared)}
    out = {}
    for param in declared:
        if param.required:
            by_type = {"document": values.plan, "place": values.province}
            out[param.name] = by_type.get(param.type) or DEFAULTS_BY_TYPE.get(param.type, values.agency)
    return out


class RdflibStore:
    """What ``queries.library.run`` needs (``select``) over an rdflib Dataset."""

    def __init__(self, dataset: Any) -> None:
        self.dataset = dataset

    def select(self, query: str, bindings: Mapping[str, Any] | None = None) -> list[Any]:
        from queries.remote import bind_values
        from queries.store import Row

        result = self.dataset.query(bind_values(query, bindings))
        names = [str(v) for v in result.vars]
        return [Row({n: row[i] for i, n in enumerate(names) if row[i] is not None}) for row in result]


def load_rdflib(nquads: Path) -> tuple[Any, float]:
    """An rdflib Dataset (default graph = union of the named graphs) parsed from an N-Quads dump."""
    from rdflib import Dataset

    started = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(str(nquads), format="nquads")
    return dataset, time.perf_counter() - started


def dump_nquads(store_path: str, target: str) -> int:
    """Write the store as N-Quads (for rdflib and rdflib-endpoint); returns the quad count."""
    from queries.store import EmbeddedStore

    with EmbeddedStore(Path(store_path), read_only=True) as store, open(target, "wb") as handle:
        store.export(handle, "nq")
        return len(store)


def embedded_query(store_path: str, name: str, params: dict[str, str], budgets: Mapping[str, float]) -> dict:
    """One named query on the embedded store, in a fresh child process: the store opened read-only, the
    first run right after opening it (``cold_ms``), then repetitions within the budget (p50/p95), then the
    raw engine on the same final SPARQL (``layer``). A query slower than the budget counts its cold run as
    its one warm sample (as the warm-up did before)."""
    from queries.library import default_library, run
    from queries.store import EmbeddedStore

    default_library()  # the .rq files parsed before the clock starts: cold is the store and the query
    started = time.perf_counter()
    with EmbeddedStore(Path(store_path), read_only=True) as store:
        opened = time.perf_counter()
        recorder = _Recorder(store)
        result = run(recorder, name, params)
        cold = time.perf_counter() - opened
        if cold >= budgets["store_s"]:
            timed = Timed([cold], result)
        else:
            timed = repeat(
                lambda: run(store, name, params), int(budgets["reps"]), budgets["store_s"], warmup=0
            )
        entry = _entry(timed)
        entry["cold_ms"] = round(cold * 1000, 1)
        entry["open_ms"] = round((opened - started) * 1000, 1)
        if "p50_ms" in entry:
            entry["layer"] = _layer(store, recorder.calls, lambda: run(store, name, params), budgets)
    return entry


class _Recorder:
    """A store that records the (text, bindings) of every ``select`` the layer sends the engine."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def select(self, query: str, bindings: Mapping[str, Any] | None = None) -> list[Any]:
        self.calls.append((query, dict(bindings or {})))
        return self.store.select(query, bindings)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def _layer(store: Any, calls: list[tuple[str, dict[str, Any]]], layer: Any, budgets: Mapping) -> dict:
    """The raw engine on the named query's final SPARQL: pyoxigraph ``Store.query`` with the layer's last
    call's text and substitutions (prepared once, outside the clock; earlier calls are the layer's own
    look-ups), reading every value of every solution, against ``layer()`` (``queries.library.run``:
    resolving parameters, binding, converting terms, post-processing). The two alternate, raw then layer,
    for up to ``reps`` pairs or the budget (at least one pair). Wall (perf_counter) and CPU (process_time:
    steadier on a shared machine; the engine is single-threaded) p50 of each; the target is <= 1.10 on CPU."""
    from queries.binding import prepare, substitutions

    engine = store._store  # the pyoxigraph Store under the EmbeddedStore
    text, bindings = calls[-1]
    final, substituted = prepare(text, bindings, substitute=True)
    ox_substitutions = substitutions(substituted)

    def raw() -> int:
        values = 0
        solutions = engine.query(final, use_default_graph_as_union=True, substitutions=ox_substitutions)
        for solution in solutions:
            for term in solution:
                if term is not None:
                    _ = term.value  # builds the Python string, as the layer does
                    values += 1
        return values

    wall: dict[str, list[float]] = {"raw": [], "layer": []}
    cpu: dict[str, list[float]] = {"raw": [], "layer": []}
    values = 0
    started = time.perf_counter()

    def timed(side: str, call: Any) -> Any:
        w0, c0 = time.perf_counter(), time.process_time()
        result = call()
        wall[side].append(time.perf_counter() - w0)
        cpu[side].append(time.process_time() - c0)
        return result

    try:
        while not wall["raw"] or (
            len(wall["raw"]) < budgets["reps"] and time.perf_counter() - started < budgets["store_s"]
        ):
            values = timed("raw", raw)
            timed("layer", layer)
    except Exception as exc:  # reported, not fatal
        return {"error": f"{type(exc).__name__}: {exc}"[:300]}

    def p50(samples: list[float]) -> float:
        return round(percentile([s * 1000 for s in samples], 0.5), 3)

    raw_cpu, layer_cpu = p50(cpu["raw"]), p50(cpu["layer"])
    raw_ms, layer_ms = p50(wall["raw"]), p50(wall["layer"])
    return {
        "engine_calls": len(calls),
        "raw_p50_ms": raw_ms,
        "layer_p50_ms": layer_ms,
        "wall_ratio": round(layer_ms / max(raw_ms, 1e-3), 3),
        "raw_cpu_ms": raw_cpu,
        "layer_cpu_ms": layer_cpu,
        "ratio": round(layer_cpu / max(raw_cpu, 1e-3), 3),
        "pairs": len(wall["raw"]),
        "values": values,
    }


def bench_queries(
    store_path: str,
    nquads: str | None,
    values: QueryParams,
    budgets: Mapping[str, Any],
    smaller: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Every named query on the embedded store (each in its own child process, killed past
    ``budgets["store_kill_s"]``), then, if ``nquads``, on rdflib (one child holding the Dataset).

    ``smaller``: the query results of the previous, smaller scale. A query that ran past its budget there
    is not run again on more data; it is reported as past the budget, with the scale it was measured at.
    """
    from bench.measure import in_child, in_child_bounded
    from queries.library import default_library

    before = (smaller or {}).get("queries", {})
    out: dict[str, Any] = {"queries": {}}
    for name, query in default_library().items():
        params = params_for(name, query.params, values)
        previous = before.get(name, {}).get("embedded", {})
        if "exceeded_budget_s" in previous:
            where = previous.get("at_smaller_scale") or (smaller or {}).get("scale")
            result: Any = {**previous, "at_smaller_scale": where}
        else:
            job = (store_path, name, params, dict(budgets))
            status, result = in_child_bounded(embedded_query, job, budgets["store_kill_s"])
            if status == "timeout":
                result = {"exceeded_budget_s": budgets["store_kill_s"]}
            elif status == "error":
                result = {"error": result}
        out["queries"][name] = {"params": params, "scoped": name in SCOPED, "embedded": result}
    if nquads is not None:
        skip = {
            n: q["rdflib"]["exceeded_budget_s"]
            for n, q in before.items()
            if "exceeded_budget_s" in q.get("rdflib", {})
        }
        out.update(in_child(rdflib_queries, nquads, out["queries"], dict(budgets), skip))
    return out


def rdflib_queries(
    nquads: str, queries: dict[str, Any], budgets: Mapping[str, Any], skip: Mapping[str, float] | None = None
) -> dict[str, Any]:
    """Load the dump into rdflib once, then run every query, each bounded by the budget (child process);
    queries in ``skip`` ran past the budget on less data and are reported so without running."""
    from queries.library import run

    out: dict[str, Any] = {"queries": queries}
    dataset, load_s = load_rdflib(Path(nquads))
    out["rdflib_load_s"] = round(load_s, 2)
    out["rdflib_quads"] = len(dataset)
    rdflib_store = RdflibStore(dataset)
    for name, entry in queries.items():
        if name in (skip or {}):
            entry["rdflib"] = {"exceeded_budget_s": (skip or {})[name], "at_smaller_scale": True}
            entry["ratio"] = _ratio(entry)
            continue
        budget = rdflib_budget(entry["embedded"], budgets)
        timed = repeat(
            lambda n=name, p=entry["params"]: run(rdflib_store, n, p),
            int(budgets["rdflib_reps"]),
            budget,
            hard=True,
        )
        entry["rdflib"] = _entry(timed, budget)
        entry["ratio"] = _ratio(entry)
    out["rdflib_peak_rss_mb"] = peak_rss_mb()
    return out


def rdflib_budget(embedded: Mapping[str, Any], budgets: Mapping[str, Any]) -> float:
    """rdflib's time budget for one query: ``rdflib_s``, or long enough that running past it proves the
    10x target (10.5 x the embedded p50), up to ``rdflib_cap_s``; a lower bound under 10x decides nothing."""
    proving = 10.5 * embedded.get("p50_ms", 0.0) / 1000
    return round(max(budgets["rdflib_s"], min(budgets["rdflib_cap_s"], proving)), 2)


def _entry(timed: Any, budget: float | None = None) -> dict[str, Any]:
    if timed.error:
        return {"error": timed.error}
    if timed.exceeded:
        return {"exceeded_budget_s": budget}
    rows = len(timed.result.rows) if timed.result is not None else None
    return {**summary_ms(timed.samples), "rows": rows}


def _ratio(entry: dict[str, Any]) -> dict[str, Any]:
    """rdflib p50 / embedded p50; a lower bound when rdflib ran past its budget."""
    ours, theirs = entry["embedded"], entry["rdflib"]
    if "p50_ms" not in ours:
        return {}
    if "exceeded_budget_s" in theirs:
        return {"at_least": round(theirs["exceeded_budget_s"] * 1000 / max(ours["p50_ms"], 1e-3), 1)}
    if "p50_ms" not in theirs:
        return {}
    ratio = {"value": round(theirs["p50_ms"] / max(ours["p50_ms"], 1e-3), 1)}
    if ours.get("rows") != theirs.get("rows"):
        ratio["rows_differ"] = f"embedded {ours.get('rows')} rows, rdflib {theirs.get('rows')}"
    return ratio


def geometric_mean(values: list[float]) -> float | None:
    values = [v for v in values if v > 0]
    return round(math.exp(sum(math.log(v) for v in values) / len(values)), 1) if values else None
