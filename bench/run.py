"""The benchmark harness behind ``make bench``: writes bench/results/latest.json and latest.md.

    python -m bench.run                                   # everything, scales seeds, small, national
    python -m bench.run --scale small --quick             # a fast smoke run
    python -m bench.run --only ingest --scale national    # one part at one scale

Corpora are generated once into ``var/bench/corpora`` (reused when present) and the stores of the last
ingest run are kept in ``var/bench/stores``, so ``--only queries`` reuses them. HTTP, the network page
and the profile run at the largest scale of the run. Each part runs in fresh child processes.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.generate import GENERATOR_VERSION, SCALES, generate
from bench.ingest_bench import cold_cli_query, ingest_once, open_times, profile_ingest, summarise_ingest
from bench.measure import in_child
from bench.query_bench import QueryParams, bench_queries, dump_nquads, params_for
from bench.report import markdown, targets
from bench.viz_bench import bench_viz

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("ingest", "queries", "faults", "http", "virtuoso", "viz", "pages", "profile")


# rdflib parses about 15,000 quads/s here and holds them in Python objects: the national store (~2.5 M
# quads) would take minutes to load, twice (queries and rdflib-endpoint), past the 15-minute budget of
# `make bench`; above this size the rdflib side is not run and the ratios of the smaller scale stand.
RDFLIB_MAX_QUADS = 1_200_000


def _dump(args: argparse.Namespace, scale: str, store: Path, work: Path) -> tuple[Path, int]:
    """The store of ``scale`` as N-Quads (for rdflib, rdflib-endpoint and Virtuoso), made once per run."""
    if scale not in args.dumps:
        nquads = work / f"{scale}.nq"
        args.dumps[scale] = (nquads, in_child(dump_nquads, str(store), str(nquads)))
    return args.dumps[scale]


def _rdflib_dump(args: argparse.Namespace, scale: str, store: Path, work: Path, budgets: dict) -> Path | None:
    """The N-Quads dump rdflib loads, or None (``--no-rdflib``, or a store past ``rdflib_max_quads``)."""
    if args.no_rdflib:
        return None
    nquads, quads = _dump(args, scale, store, work)
    if quads > budgets["rdflib_max_quads"]:
        note = (
            f"{scale}: rdflib and rdflib-endpoint not run on {quads} quads (more than "
            f"{budgets['rdflib_max_quads']}: minutes to load, twice); the rdflib ratios are those of the "
            "smaller scale"
        )
        if note not in args.notes:
            args.notes.append(note)
        return None
    return nquads


def _budgets(quick: bool) -> dict[str, Any]:
    """Repetitions and time budgets; ``--quick`` keeps every part but shrinks them."""
    if quick:
        return {
            "ingest_runs": {"seeds": 1, "small": 1, "national": 1},
            "ingest_warmup": {"seeds": 0, "small": 0, "national": 0},
            "reps": 5,
            "store_s": 2.0,
            "store_kill_s": 30.0,
            "rdflib_reps": 2,
            "rdflib_s": 3.0,
            "rdflib_cap_s": 20.0,
            "open_reps": 5,
            "cli_reps": 2,
            "http_requests": 60,
            "http_s": 5.0,
            "endpoint_ready_s": 300.0,
            "profile_docs": 10,
            "page_requests": 3,
            "virtuoso_reps": 1,
            "virtuoso_timeout_s": 30.0,
            "virtuoso_total_s": 300.0,
            "rdflib_max_quads": RDFLIB_MAX_QUADS,
        }
    return {
        # sized so that the whole run stays under 15 minutes on 2 cores (see bench/README.md)
        "ingest_runs": {"seeds": 3, "small": 1, "national": 1},
        "ingest_warmup": {"seeds": 1, "small": 0, "national": 0},
        "reps": 20,
        "store_s": 1.0,
        "store_kill_s": 120.0,
        "rdflib_reps": 3,
        "rdflib_s": 3.0,
        "rdflib_cap_s": 40.0,
        "open_reps": 10,
        "cli_reps": 5,
        "http_requests": 200,
        "http_s": 10.0,
        "endpoint_ready_s": 900.0,
        "profile_docs": 40,
        "page_requests": 10,
        "virtuoso_reps": 2,
        "virtuoso_timeout_s": 60.0,
        "virtuoso_total_s": 600.0,
        "rdflib_max_quads": RDFLIB_MAX_QUADS,
    }


def command(args: argparse.Namespace, part: str, scale: str) -> str:
    """The command that reproduces one figure."""
    quick = " --quick" if args.quick else ""
    return f"python -m bench.run --only {part} --scale {scale} --seed {args.seed}{quick}"


def corpus(scale: str, seed: int, root: Path) -> tuple[Path, dict[str, Any]]:
    """The corpus of ``scale`` (generated unless already there, for this seed and generator version)."""
    folder = root / (scale if scale == "seeds" else f"{scale}-seed{seed}")
    manifest_file = folder / "manifest.json"
    if manifest_file.exists():
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
        if manifest.get("generator_version") == GENERATOR_VERSION:
            return folder, manifest
    return folder, generate(scale, seed, folder)


def query_values(manifest: dict[str, Any]) -> QueryParams:
    """A real plan, an earlier plan of the same province, from the manifest."""
    if manifest["scale"] == "seeds":
        return QueryParams(plan="285/KH-UBND", earlier_plan="272/KH-UBND", province="Đồng Tháp")
    documents = manifest["documents"]
    by_province: dict[str, dict[int, str]] = {}
    for document in documents:
        by_province.setdefault(document["province"], {})[document["year"]] = document["number"]
    for province, years in by_province.items():
        if 2020 in years and 2021 in years:
            return QueryParams(plan=years[2021], earlier_plan=years[2020], province=province)
    first, second = documents[0], documents[1]
    return QueryParams(plan=second["number"], earlier_plan=first["number"], province=first["province"])


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_ingest(
    args: argparse.Namespace, scale: str, folder: Path, store: Path, budgets: dict[str, Any]
) -> dict:
    runs = []
    warmup, wanted = budgets["ingest_warmup"][scale], budgets["ingest_runs"][scale]
    for index in range(warmup + wanted):
        _log(
            f"ingest {scale}: run {index + 1} of {warmup + wanted}" + (" (warm-up)" if index < warmup else "")
        )
        result = in_child(ingest_once, str(folder), str(store))
        if index >= warmup:
            runs.append(result)
    summary = summarise_ingest(runs)
    summary["command"] = command(args, "ingest", scale)
    return summary


def run_queries(
    args: argparse.Namespace, scale: str, store: Path, values: QueryParams, budgets: dict, work: Path
) -> dict:
    nquads = _rdflib_dump(args, scale, store, work, budgets)
    span = f"{budgets['rdflib_s']}-{budgets['rdflib_cap_s']}"
    _log(f"queries {scale}: embedded store, then rdflib ({span} s per query)")
    smaller = args.previous_queries
    block = bench_queries(str(store), str(nquads) if nquads else None, values, budgets, smaller)
    block["scale"] = scale
    args.previous_queries = block
    block["command"] = command(args, "queries", scale)
    return block


def run_http(
    args: argparse.Namespace, scale: str, store: Path, values: QueryParams, budgets: dict, work: Path
) -> dict:
    from bench.http_bench import bench_http
    from queries.library import default_library

    nquads = _rdflib_dump(args, scale, store, work, budgets)
    params = {name: params_for(name, q.params, values) for name, q in default_library().items()}
    _log(f"http {scale}: cchc-kg serve, then rdflib-endpoint")
    result = bench_http(
        store,
        nquads,
        params,
        (1, 4, 16),
        budgets["http_requests"],
        budgets["http_s"],
        budgets["endpoint_ready_s"],
    )
    result["scale"] = scale
    result["command"] = command(args, "http", scale)
    return result


def run_virtuoso(
    args: argparse.Namespace, scale: str, store: Path, values: QueryParams, budgets: dict, results: dict
) -> dict:
    """The whole-corpus named queries on a private Virtuoso loaded with the same quads."""
    from bench.query_bench import SCOPED
    from bench.virtuoso_bench import bench_virtuoso
    from queries.library import default_library

    nquads, quads = _dump(args, scale, store, args.work)
    library = default_library()
    params = {name: params_for(name, query.params, values) for name, query in library.items()}
    # whole corpus: the queries bound to no plan, document, agency or place (due's dates span the corpus)
    bound = {
        name
        for name, query in library.items()
        if any(p.name in params[name] and p.type != "date" for p in query.params)
    }
    names = [name for name in library if name not in SCOPED and name not in bound]
    ours = results.get("queries", {}).get(scale, {}).get("queries", {})
    embedded = {name: ours[name]["embedded"] for name in names if name in ours}
    _log(f"virtuoso {scale}: bulk load of {quads} quads, then {len(names)} whole-corpus queries")
    result = in_child(bench_virtuoso, str(nquads), names, params, embedded, budgets)
    result.update(scale=scale, command=command(args, "queries,virtuoso", scale))
    return result


def run_pages(
    args: argparse.Namespace,
    scale: str,
    store: Path,
    folder: Path,
    manifest: dict,
    values: QueryParams,
    budgets: dict,
) -> dict:
    """The pages after a start and after an ingest (re-uploading the run's plan into ``store``)."""
    from bench.pages_bench import bench_pages

    files = {document["number"]: document["file"] for document in manifest.get("documents", [])}
    plan_file = folder / files[values.plan] if values.plan in files else None
    if plan_file is None or not plan_file.exists():
        plan_file = next(p for p in sorted(folder.iterdir()) if p.name != "manifest.json")
    _log(f"pages {scale}: cchc-kg serve, the pages after a start and after an ingest of {plan_file.name}")
    result = in_child(bench_pages, store, values.plan, plan_file, values.document, budgets["page_requests"])
    result.update(scale=scale, command=command(args, "pages", scale))
    return result


def run_faults(args: argparse.Namespace) -> dict:
    """The fault tests that kill a real ingest (tests/test_faults.py, the SIGKILL ones), as a subprocess."""
    import re

    test = ["-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_faults.py", "-k", "sigkill"]
    _log("faults: " + " ".join(test[2:]))
    started = time.perf_counter()
    done = subprocess.run([sys.executable, *test], capture_output=True, text=True, cwd=ROOT, timeout=900)
    seconds = round(time.perf_counter() - started, 1)
    counts = {word: int(n) for n, word in re.findall(r"(\d+) (passed|failed|error)", done.stdout)}
    tail = " ".join(done.stdout.strip().splitlines()[-3:])[-300:]
    return {
        "passed": counts.get("passed", 0),
        "failed": counts.get("failed", 0) + counts.get("error", 0),
        "seconds": seconds,
        "command": "python " + " ".join(test),
        "tail": tail if done.returncode else "",
    }


def _meta(args: argparse.Namespace, scales: list[str]) -> dict[str, Any]:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    import os

    return {
        "when": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "commit": commit.stdout.strip() or "unknown",
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "seed": args.seed,
        "quick": args.quick,
        "scales": scales,
        "largest_scale": scales[-1],
        "generator_version": GENERATOR_VERSION,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=(*SCALES, "all"), default="all")
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma-separated parts: {', '.join(PARTS)}")
    parser.add_argument("--quick", action="store_true", help="fewer runs and smaller budgets")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpora", type=Path, default=ROOT / "var" / "bench" / "corpora")
    parser.add_argument("--work", type=Path, default=ROOT / "var" / "bench")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--no-rdflib", action="store_true", help="skip rdflib and rdflib-endpoint")
    args = parser.parse_args(argv)
    args.previous_queries = None
    args.notes = []
    args.dumps = {}
    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        parser.error(f"unknown part(s) {unknown}; choose from {PARTS}")
    scales = list(SCALES) if args.scale == "all" else [args.scale]
    budgets = _budgets(args.quick)
    args.work.mkdir(parents=True, exist_ok=True)
    args.out.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"meta": _meta(args, scales), "budgets": budgets, "notes": args.notes}
    started = time.perf_counter()
    largest = scales[-1]
    for scale in scales:
        folder, manifest = corpus(scale, args.seed, args.corpora)
        values = query_values(manifest)
        store = args.work / "stores" / scale
        totals = manifest["totals"]
        _log(f"{scale}: {totals['documents']} documents, {totals['tasks']} tasks in {folder}")
        results.setdefault("corpora", {})[scale] = {"folder": str(folder), **manifest["totals"]}
        if "ingest" in parts or not (store / "CURRENT").exists():
            ingest = run_ingest(args, scale, folder, store, budgets)
            ingest["expected_tasks"] = manifest["totals"]["tasks"]
            if ingest["tasks"] != manifest["totals"]["tasks"]:
                results["notes"].append(
                    f"{scale}: ingest read {ingest['tasks']} tasks, the manifest says "
                    f"{manifest['totals']['tasks']}"
                )
            if "ingest" in parts:
                results.setdefault("ingest", {})[scale] = ingest
        if "ingest" in parts or "queries" in parts:
            opened = in_child(open_times, str(store), budgets["open_reps"])
            opened["command"] = command(args, "ingest", scale)
            results.setdefault("store_open", {})[scale] = opened
            results.setdefault("cold_query", {})[scale] = cold_cli_query(store, budgets["cli_reps"])
        if "queries" in parts:
            results.setdefault("queries", {})[scale] = run_queries(
                args, scale, store, values, budgets, args.work
            )
        if scale == largest and "http" in parts:
            results["http"] = run_http(args, scale, store, values, budgets, args.work)
        if scale == largest and "virtuoso" in parts:
            results["virtuoso"] = run_virtuoso(args, scale, store, values, budgets, results)
        if scale == largest and "viz" in parts:
            _log(f"viz {scale}: responsibility network page")
            viz = in_child(bench_viz, str(store), str(args.work / f"network-{scale}.html"))
            viz["command"] = command(args, "viz", scale)
            results["viz"] = viz
        if scale == largest and "pages" in parts:  # writes to the store: after the parts that read it
            results["pages"] = run_pages(args, scale, store, folder, manifest, values, budgets)
        if scale == largest and "profile" in parts:
            _log(f"profile {scale}: pyinstrument over {budgets['profile_docs']} documents")
            profile = in_child(
                profile_ingest, str(folder), budgets["profile_docs"], str(args.out / "profile-ingest.txt")
            )
            profile["command"] = command(args, "profile", scale)
            results["profile"] = profile
    if "faults" in parts:
        results["faults"] = run_faults(args)
    for nquads, _quads in args.dumps.values():
        nquads.unlink(missing_ok=True)
    results["targets"] = targets(results)
    results["meta"]["seconds"] = round(time.perf_counter() - started, 1)
    (args.out / "latest.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    (args.out / "latest.md").write_text(markdown(results), encoding="utf-8")
    _log(f"done in {results['meta']['seconds']} s: {args.out / 'latest.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
