"""Bounded loopback load test (``make load``): concurrent clients against a real ``cchc-kg serve``.

16 clients (threads, one keep-alive connection each) for 30 s run a mix of named queries
(``/api/queries/{name}`` with the parameters the query benchmark uses; plan-scoped ones rotate over
``--plans`` plans) and page loads against a ``cchc-kg serve`` subprocess on 127.0.0.1, over the
national-scale corpus (``var/bench/stores/national``, generated and ingested first when missing). Before
the clock, a warm-up asks each kind of request once, one after another (its cold time is reported:
what the first visitor after a start or a write waits). Every loop is bounded in count and time; every
request has a timeout. Reports requests, how many the server replayed from its kept responses, errors by
status, p50/p95/p99, throughput and the server's RSS (main process and query workers, sampled through the
run; first vs last quarter) to ``bench/results/load.{json,md}`` (``--no-cache``: ``load-nocache``).

    python -m bench.load --scale national --clients 16 --seconds 30
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.http_bench import free_port, get

ROOT = Path(__file__).resolve().parent.parent
CCHC_KG = Path(sys.executable).parent / "cchc-kg"
MAX_REQUESTS = 200_000  # a hard bound on one run, whatever the duration
READY_TIMEOUT_S = 180.0


def log(message: str) -> None:
    print(f"[load {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- the server ------------------------------------------------------------------------------------


@dataclass
class Server:
    """A running ``cchc-kg serve``: its port and process."""

    port: int
    process: subprocess.Popen[bytes]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextmanager
def serve(
    store: Path, env: Mapping[str, str] | None = None, log_path: Path | None = None
) -> Iterator[Server]:
    """``cchc-kg serve --store STORE`` on 127.0.0.1, a free port, ``env`` added; stopped at the end."""
    port = free_port()
    command = [str(CCHC_KG), "serve", "--store", str(store), "--host", "127.0.0.1", "--port", str(port)]
    sink = open(log_path, "wb") if log_path else subprocess.DEVNULL  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=sink, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"cchc-kg serve ended (status {process.returncode}); see {log_path}")
            try:
                if get(port, "/api/queries", 5)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"cchc-kg serve not ready within {READY_TIMEOUT_S:.0f} s")
            time.sleep(0.3)
        yield Server(port, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log_path:
            sink.close()  # type: ignore[union-attr]


def tree_rss_mb(pid: int) -> tuple[float, float]:
    """RSS of the server process and of its children (the query workers), in MB."""
    import psutil

    try:
        main = psutil.Process(pid)
        children = main.children(recursive=True)
        workers = 0.0
        for child in children:
            with suppress(psutil.Error):
                workers += child.memory_info().rss
        return main.memory_info().rss / 2**20, workers / 2**20
    except psutil.Error:
        return 0.0, 0.0


# -- the store and the request mix -----------------------------------------------------------------


def ensure_store(scale: str, stores: Path, corpora: Path) -> tuple[Path, Path]:
    """The store and corpus of ``scale``: reused when present, else generated and ingested (with progress)."""
    corpus = corpora / f"{scale}-seed1"
    store = stores / scale
    if not (corpus / "manifest.json").exists():
        log(f"generating the {scale} corpus into {corpus}")
        subprocess.run(
            [sys.executable, "-m", "bench.generate", "--scale", scale, "--seed", "1", "--out", str(corpus)],
            cwd=ROOT,
            check=True,
        )
    if not store.exists():
        log(f"ingesting {corpus} into {store} (national: about 6 minutes)")
        subprocess.run([str(CCHC_KG), "ingest", "--store", str(store), str(corpus)], cwd=ROOT, check=True)
    return store, corpus


def sample_plans(manifest: dict[str, Any], first: str, count: int) -> list[str]:
    """``first`` and ``count - 1`` other plan numbers spread evenly over the corpus (provinces, years)."""
    numbers = [d["number"] for d in manifest["documents"] if d["number"] != first]
    step = max(1, len(numbers) // max(1, count - 1))
    return [first, *numbers[::step][: max(0, count - 1)]]


def request_mix(port: int, manifest: dict[str, Any], plans: int = 1) -> list[tuple[str, list[str]]]:
    """(label, paths): every named query with the benchmark's parameters (scoped to a plan where the query
    takes an optional plan, as the plan pages and network views ask), and the main pages. A request that
    names a plan has one path per plan of ``sample_plans`` (the benchmark's plan first), so the run asks
    about ``plans`` different plans, not one answer over and over."""
    from bench.query_bench import params_for
    from bench.run import query_values
    from queries.library import default_library

    values = query_values(manifest)
    numbers = sample_plans(manifest, values.plan, plans)
    mix = []
    for name, query in sorted(default_library().items()):
        params = params_for(name, query.params, values)
        takes_plan = any(param.name == "plan" for param in query.params)
        paths = [
            f"/api/queries/{name}?" + urllib.parse.urlencode({**params, "plan": number})
            for number in (numbers if takes_plan else [])
        ] or [f"/api/queries/{name}?" + urllib.parse.urlencode(params)]
        mix.append((f"query:{name}", paths))
    status, body = get(port, "/api/agencies?" + urllib.parse.urlencode({"q": values.agency}), 120)
    agencies = json.loads(body) if status == 200 else []
    quoted = [urllib.parse.quote(number, safe="") for number in numbers]
    pages = [
        ("page:home", ["/"]),
        ("page:plan", [f"/plans/{plan}" for plan in quoted]),
        ("page:search", ["/search?" + urllib.parse.urlencode({"q": values.agency})]),
        ("page:document", ["/documents/" + urllib.parse.quote(values.document, safe="")]),
        ("api:plan", [f"/api/plans/{plan}" for plan in quoted]),
    ]
    if agencies:
        pages.append(("page:agency", [f"/agencies/{agencies[0]['id']}"]))
    return mix + pages


def warm_up(port: int, mix: list[tuple[str, list[str]]], timeout: float) -> dict[str, dict[str, Any]]:
    """Each kind of request once (its first path), one after another, before the clock starts: the first
    visitor's view (nothing kept yet). Returns label -> {status, ms}."""
    cold = {}
    for label, paths in mix:
        started = time.monotonic()
        try:
            status = get(port, paths[0], timeout, {"Accept": "application/json, text/html"})[0]
        except (OSError, http.client.HTTPException):
            status = 0
        cold[label] = {"status": status, "ms": round((time.monotonic() - started) * 1000, 1)}
    return cold


# -- the run ---------------------------------------------------------------------------------------


@dataclass
class Outcome:
    label: str
    status: int  # 0: no answer (connection error or client timeout)
    seconds: float
    started: float
    replayed: bool = False  # the server replayed a kept response (X-Cchc-Cache: hit)


@dataclass
class Run:
    outcomes: list[Outcome] = field(default_factory=list)
    rss: list[tuple[float, float, float]] = field(default_factory=list)  # (t, main MB, workers MB)
    lock: threading.Lock = field(default_factory=threading.Lock)


def client(
    port: int, mix: list[tuple[str, list[str]]], offset: int, stop_at: float, timeout: float, run: Run
) -> None:
    """One client: the mix in order from ``offset`` (each pass over it takes the next path of a request
    with several), until ``stop_at`` or MAX_REQUESTS in all."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    index = offset
    try:
        while time.monotonic() < stop_at and len(run.outcomes) < MAX_REQUESTS:
            label, paths = mix[index % len(mix)]
            path = paths[(index // len(mix) + offset) % len(paths)]
            index += 1
            started = time.monotonic()
            replayed = False
            try:
                connection.request("GET", path, headers={"Accept": "application/json, text/html"})
                response = connection.getresponse()
                response.read()
                status = response.status
                replayed = response.getheader("X-Cchc-Cache") == "hit"
            except (OSError, http.client.HTTPException):
                status = 0
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            with run.lock:
                run.outcomes.append(Outcome(label, status, time.monotonic() - started, started, replayed))
    finally:
        connection.close()


def sampler(pid: int, stop: threading.Event, run: Run, every: float = 0.5) -> None:
    start = time.monotonic()
    while not stop.wait(every):
        main, workers = tree_rss_mb(pid)
        run.rss.append((time.monotonic() - start, main, workers))


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def summarise(run: Run, seconds: float) -> dict[str, Any]:
    durations = [o.seconds * 1000 for o in run.outcomes]
    statuses = Counter(str(o.status) for o in run.outcomes)
    by_label: dict[str, dict[str, Any]] = {}
    for label in sorted({o.label for o in run.outcomes}):
        mine = [o for o in run.outcomes if o.label == label]
        ms = [o.seconds * 1000 for o in mine]
        by_label[label] = {
            "requests": len(mine),
            "replayed": sum(o.replayed for o in mine),
            "statuses": dict(Counter(str(o.status) for o in mine)),
            "p50_ms": round(percentile(ms, 0.5), 1),
            "p95_ms": round(percentile(ms, 0.95), 1),
            "max_ms": round(max(ms), 1),
        }
    quarter = max(1, len(run.rss) // 4)
    first, last = run.rss[:quarter], run.rss[-quarter:]

    def mean(rows: list[tuple[float, float, float]], column: int) -> float:
        return round(statistics.fmean(r[column] for r in rows), 1) if rows else 0.0

    return {
        "requests": len(run.outcomes),
        "replayed": sum(o.replayed for o in run.outcomes),
        "seconds": round(seconds, 2),
        "throughput_rps": round(len(run.outcomes) / seconds, 2) if seconds else 0.0,
        "statuses": dict(statuses),
        "server_errors_5xx": sum(n for s, n in statuses.items() if s.startswith("5")),
        "time_limit_503": statuses.get("503", 0),
        "no_answer": statuses.get("0", 0),
        "p50_ms": round(percentile(durations, 0.5), 1),
        "p95_ms": round(percentile(durations, 0.95), 1),
        "p99_ms": round(percentile(durations, 0.99), 1),
        "max_ms": round(max(durations), 1) if durations else 0.0,
        "rss_mb": {
            "samples": len(run.rss),
            "main_first_quarter": mean(first, 1),
            "main_last_quarter": mean(last, 1),
            "workers_first_quarter": mean(first, 2),
            "workers_last_quarter": mean(last, 2),
            "total_max": round(max((r[1] + r[2] for r in run.rss), default=0.0), 1),
        },
        "by_request": by_label,
    }


def markdown(report: dict[str, Any]) -> str:
    s, r = report["summary"], report["summary"]["rss_mb"]
    caches = (
        "on (defaults)"
        if report["caches"]
        else "off (CCHC_KG_RESULT_CACHE=0, CCHC_KG_RESPONSE_CACHE_BYTES=0)"
    )
    lines = [
        f"# Load: {report['clients']} clients, {report['seconds']} s, scale {report['scale']}",
        "",
        f"Command: `{report['command']}`  ",
        f"Server: `cchc-kg serve` on 127.0.0.1, query time limit {report['time_limit_s']} s, "
        f"{report['query_workers']} query workers, kept answers and responses {caches}; "
        f"store `{report['store']}`. Plan-scoped requests rotate over {report['plans']} plans.",
        "",
        "| requests | replayed (kept response) | throughput | 5xx | 503 (time limit) | no answer "
        "| p50 | p95 | p99 | max |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| {s['requests']} | {s['replayed']} | {s['throughput_rps']}/s | {s['server_errors_5xx']} | "
        f"{s['time_limit_503']} | {s['no_answer']} | {s['p50_ms']} ms | {s['p95_ms']} ms | "
        f"{s['p99_ms']} ms | "
        f"{s['max_ms']} ms |",
        "",
        f"Statuses: {json.dumps(s['statuses'])}",
        "",
        f"RSS (MB): main process {r['main_first_quarter']} (first quarter) -> {r['main_last_quarter']} "
        f"(last quarter); query workers {r['workers_first_quarter']} -> {r['workers_last_quarter']}; "
        f"peak total {r['total_max']} ({r['samples']} samples).",
        "",
        "| request | n | replayed | statuses | p50 ms | p95 ms | max ms | cold (warm-up) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    cold = report.get("cold") or {}
    for label, row in s["by_request"].items():
        first = cold.get(label)
        lines.append(
            f"| {label} | {row['requests']} | {row['replayed']} | {json.dumps(row['statuses'])} | "
            f"{row['p50_ms']} | "
            f"{row['p95_ms']} | {row['max_ms']} | "
            + (f"{first['ms']} ms ({first['status']})" if first else "-")
            + " |"
        )
    if cold:
        lines += [
            "",
            "Cold: each kind of request once, one after another, before the clock (the first visitor "
            "after the server starts or the store changes; nothing kept yet), sum "
            f"{round(sum(c['ms'] for c in cold.values()) / 1000, 1)} s.",
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="national", choices=("seeds", "small", "national"))
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--time-limit", type=float, default=10.0, help="the server's query time limit (s)")
    parser.add_argument("--workers", type=int, default=2, help="the server's query worker processes")
    parser.add_argument("--plans", type=int, default=24, help="plans the plan-scoped requests rotate over")
    parser.add_argument("--no-warm-up", action="store_true", help="start the clock on a cold server")
    parser.add_argument("--no-cache", action="store_true", help="serve without kept answers or responses")
    parser.add_argument("--stores", type=Path, default=ROOT / "var/bench/stores")
    parser.add_argument("--corpora", type=Path, default=ROOT / "var/bench/corpora")
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results")
    args = parser.parse_args(argv)

    store, corpus = ensure_store(args.scale, args.stores, args.corpora)
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    env = {"CCHC_KG_QUERY_TIMEOUT": str(args.time_limit), "CCHC_KG_QUERY_WORKERS": str(args.workers)}
    if args.no_cache:
        env |= {"CCHC_KG_RESULT_CACHE": "0", "CCHC_KG_RESPONSE_CACHE_BYTES": "0"}
    args.out.mkdir(parents=True, exist_ok=True)
    log(f"serving {store} (time limit {args.time_limit:g} s, {args.workers} query workers)")
    timeout = args.time_limit + 30.0
    with serve(store, env, args.stores.parent / "load-server.log") as server:
        mix = request_mix(server.port, manifest, args.plans)
        cold = {} if args.no_warm_up else warm_up(server.port, mix, timeout)
        if cold:
            log(f"warm-up: {len(cold)} requests, {sum(c['ms'] for c in cold.values()) / 1000:.1f} s")
        log(f"{args.clients} clients x {args.seconds:g} s over {len(mix)} kinds of request")
        run, stop = Run(), threading.Event()
        watcher = threading.Thread(target=sampler, args=(server.process.pid, stop, run), daemon=True)
        watcher.start()
        started = time.monotonic()
        stop_at = started + args.seconds
        threads = [
            threading.Thread(
                target=client, args=(server.port, mix, i * 3, stop_at, timeout, run), daemon=True
            )
            for i in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + timeout + 10)
        elapsed = time.monotonic() - started
        stop.set()
        watcher.join(timeout=5)
        after = get(server.port, "/api/queries/plans", timeout)[0]
    report = {
        "scale": args.scale,
        "clients": args.clients,
        "seconds": args.seconds,
        "time_limit_s": args.time_limit,
        "query_workers": args.workers,
        "plans": args.plans,
        "caches": not args.no_cache,
        "store": str(store.relative_to(ROOT) if store.is_relative_to(ROOT) else store),
        "command": "python -m bench.load " + " ".join(argv if argv is not None else sys.argv[1:]),
        "answered_after_run": after,
        "cold": cold,
        "summary": summarise(run, elapsed),
    }
    name = "load-nocache" if args.no_cache else "load"
    (args.out / f"{name}.json").write_text(
        json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (args.out / f"{name}.md").write_text(markdown(report), encoding="utf-8")
    s = report["summary"]
    log(
        f"{s['requests']} requests ({s['replayed']} replayed), {s['throughput_rps']}/s, "
        f"statuses {s['statuses']}, "
        f"p50 {s['p50_ms']} ms, p95 {s['p95_ms']} ms, p99 {s['p99_ms']} ms; RSS {s['rss_mb']}"
    )
    return 1 if s["server_errors_5xx"] - s["time_limit_503"] else 0


if __name__ == "__main__":
    sys.exit(main())
