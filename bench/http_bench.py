"""Load over HTTP on loopback: the project's API (``cchc-kg serve``) and rdflib-endpoint over the same data.

Each server runs in its own subprocess on 127.0.0.1 and a free port. Clients are threads with one
keep-alive ``http.client`` connection each; a level (1, 4, 16 clients) stops after ``max_requests``
requests or ``max_seconds``, whichever comes first, and every request has a timeout, so a run always ends.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.measure import summary_ms

ROOT = Path(__file__).resolve().parent.parent
NO_CACHE = {"CCHC_KG_RESULT_CACHE": "0", "CCHC_KG_RESPONSE_CACHE_BYTES": "0"}
DRAIN_S = 60.0  # how long a slow server may take to finish the requests queued by a level
AGGREGATES = ("plans", "agency-load", "areas", "budget", "lead-partner")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


JSON_ACCEPT = {"Accept": "application/sparql-results+json, application/json"}


def get(port: int, path: str, timeout: float, headers: Mapping[str, str] | None = None) -> tuple[int, bytes]:
    """One GET on a fresh connection to 127.0.0.1 (``headers``: by default, asking for JSON)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=dict(JSON_ACCEPT if headers is None else headers))
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@contextmanager
def server(
    command: list[str], ready_path: str, ready_timeout: float, env: Mapping[str, str] | None = None
) -> Iterator[tuple[int, int]]:
    """Start ``command`` (``{port}`` filled in, ``env`` added); yield (port, pid) once ``ready_path``
    answers 200."""
    port = free_port()
    process = subprocess.Popen(
        [part.format(port=port) for part in command],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + ready_timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode("utf-8", "replace")[-800:])  # type: ignore[union-attr]
            try:
                if get(port, ready_path, 5)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"not ready within {ready_timeout:.0f} s")
            time.sleep(0.5)
        yield port, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def rss_mb(pid: int) -> float | None:
    """A server's resident set size after its load (psutil), or None without psutil."""
    try:
        import psutil
    except ImportError:
        return None
    return round(psutil.Process(pid).memory_info().rss / 2**20, 1)


def api_paths(port: int) -> set[str]:
    """The paths the FastAPI app offers (from its OpenAPI document)."""
    status, body = get(port, "/openapi.json", 10)
    return set(json.loads(body)["paths"]) if status == 200 else set()


def bound_text(name: str, params: Mapping[str, str]) -> str:
    """The named query's text with its parameters as a VALUES block, as sent to any SPARQL endpoint."""
    from queries.library import bind_parameters, default_library
    from queries.remote import bind_values

    query = default_library()[name]
    return bind_values(query.text, bind_parameters(query, params))


def our_path(paths: set[str], name: str, params: Mapping[str, str]) -> str | None:
    """GET /api/queries/{name}?... when the app has it, else /sparql?query=..., else None."""
    if "/api/queries/{name}" in paths:
        return f"/api/queries/{name}?" + urllib.parse.urlencode(params)
    if "/sparql" in paths:
        return "/sparql?" + urllib.parse.urlencode({"query": bound_text(name, params)})
    return None


def endpoint_path(name: str, params: Mapping[str, str]) -> str:
    return "/?" + urllib.parse.urlencode({"query": bound_text(name, params)})


@dataclass
class _Level:
    requests: list[tuple[str, str]]
    max_requests: int
    deadline: float
    issued: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    samples: list[tuple[str, float, int]] = field(default_factory=list)

    def next(self) -> tuple[str, str] | None:
        with self.lock:
            if self.issued >= self.max_requests or time.monotonic() >= self.deadline:
                return None
            self.issued += 1
            return self.requests[(self.issued - 1) % len(self.requests)]


def _client(port: int, level: _Level) -> None:
    connection: http.client.HTTPConnection | None = None
    while (job := level.next()) is not None:
        name, path = job
        timeout = max(0.5, level.deadline - time.monotonic() + 1)
        started = time.perf_counter()
        try:
            connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            connection.timeout = timeout
            connection.request("GET", path, headers={"Accept": "application/sparql-results+json"})
            response = connection.getresponse()
            response.read()
            status = response.status
        except OSError:
            status = 0
            if connection is not None:
                connection.close()
            connection = None
        with level.lock:
            level.samples.append((name, time.perf_counter() - started, status))
    if connection is not None:
        connection.close()


def load(
    port: int, requests: list[tuple[str, str]], clients: int, max_requests: int, max_s: float
) -> dict[str, Any]:
    """``clients`` threads cycling through ``requests`` until ``max_requests`` or ``max_s``."""
    level = _Level(requests, max_requests, time.monotonic() + max_s)
    threads = [threading.Thread(target=_client, args=(port, level), daemon=True) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max_s + 30)
    elapsed = time.perf_counter() - started
    ok = [s for s in level.samples if s[2] == 200]
    result: dict[str, Any] = {
        "clients": clients,
        "completed": len(ok),
        "failed": len(level.samples) - len(ok),
        "seconds": round(elapsed, 2),
        "throughput_rps": round(len(ok) / elapsed, 2) if elapsed else 0.0,
    }
    if ok:
        result.update(summary_ms([s[1] for s in ok]))
        by_query: dict[str, list[float]] = {}
        for name, seconds, _ in ok:
            by_query.setdefault(name, []).append(seconds)
        result["by_query"] = {name: summary_ms(values) for name, values in by_query.items()}
    return result


def wait_idle(port: int, max_s: float) -> bool:
    """After a level against a slow server: wait until a trivial query answers again."""
    deadline = time.monotonic() + max_s
    path = "/?" + urllib.parse.urlencode({"query": "ASK { }"})
    while time.monotonic() < deadline:
        try:
            if get(port, path, max(1.0, deadline - time.monotonic()))[0] == 200:
                return True
        except OSError:
            time.sleep(0.5)
    return False


def bench_http(
    store: Path,
    nquads: Path | None,
    params: Mapping[str, Mapping[str, str]],
    levels: tuple[int, ...],
    max_requests: int,
    max_s: float,
    endpoint_ready_s: float,
) -> dict[str, Any]:
    """Both servers, both mixes (scoped queries; whole-corpus aggregates), at each level of clients."""
    from bench.query_bench import SCOPED

    mixes = {"scoped": SCOPED, "aggregate": AGGREGATES}
    out: dict[str, Any] = {"levels": list(levels), "max_requests": max_requests, "max_seconds": max_s}
    serve = [sys.executable, "-m", "api.cli", "serve", "--store", str(store), "--port", "{port}"]
    # kept answers and responses off: this measures the query path (each request computed); what the
    # caches give under load is `make load`'s subject
    with server(serve, "/openapi.json", 120, NO_CACHE) as (port, pid):
        paths = api_paths(port)
        via = (
            "/api/queries/{name}"
            if "/api/queries/{name}" in paths
            else "/sparql"
            if "/sparql" in paths
            else None
        )
        out["cchc_kg"] = {"via": via}
        if via is None:
            out["cchc_kg"]["skipped"] = "the app offers neither /api/queries/{name} nor /sparql"
        else:
            for mix, names in mixes.items():
                requests = [(n, str(our_path(paths, n, params[n]))) for n in names if n in params]
                out["cchc_kg"][mix] = [load(port, requests, c, max_requests, max_s) for c in levels]
        out["cchc_kg"]["rss_mb"] = rss_mb(pid)
    if nquads is None:
        out["rdflib_endpoint"] = {"skipped": "no rdflib comparison in this run"}
        return out
    try:
        import rdflib_endpoint  # noqa: F401
    except ImportError:
        out["rdflib_endpoint"] = {"skipped": "rdflib-endpoint is not installed (pip install -e '.[bench]')"}
        return out
    command = [sys.executable, "-m", "bench.endpoint_server", "--data", str(nquads), "--port", "{port}"]
    ask = "/?" + urllib.parse.urlencode({"query": "ASK { }"})
    started = time.perf_counter()
    with server(command, ask, endpoint_ready_s) as (port, pid):
        out["rdflib_endpoint"] = {"via": "/?query=", "startup_s": round(time.perf_counter() - started, 1)}
        for mix, names in mixes.items():
            requests = [(n, endpoint_path(n, params[n])) for n in names if n in params]
            results = []
            for clients in levels:
                results.append(load(port, requests, clients, max_requests, max_s))
                if not wait_idle(port, DRAIN_S):
                    results.append(
                        {
                            "clients": None,
                            "note": f"still busy {DRAIN_S:.0f} s after the level; later levels skipped",
                        }
                    )
                    break
            out["rdflib_endpoint"][mix] = results
        out["rdflib_endpoint"]["rss_mb"] = rss_mb(pid)
    return out
