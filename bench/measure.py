"""Small measuring helpers: percentiles, repeated timing within a budget, fresh child processes."""

from __future__ import annotations

import math
import multiprocessing
import resource
import signal
import statistics
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (``fraction`` in 0..1) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def summary_ms(seconds: list[float]) -> dict[str, float | int]:
    """p50/p95/min/max in milliseconds, and how many samples."""
    ms = [s * 1000 for s in seconds]
    return {
        "p50_ms": round(percentile(ms, 0.5), 3),
        "p95_ms": round(percentile(ms, 0.95), 3),
        "min_ms": round(min(ms), 3),
        "max_ms": round(max(ms), 3),
        "samples": len(ms),
    }


def median(values: list[float]) -> float:
    return statistics.median(values)


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MB (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


class Timeout(Exception):
    """A measured call ran past its budget."""


@dataclass
class Timed:
    """Samples of one repeated call; ``exceeded`` when even one call did not finish within the budget."""

    samples: list[float]
    result: Any = None
    exceeded: bool = False
    error: str | None = None


def repeat(call: Callable[[], Any], reps: int, budget_s: float, warmup: int = 1, hard: bool = False) -> Timed:
    """Run ``call`` ``warmup`` times unmeasured, then up to ``reps`` times or until ``budget_s`` is spent.

    With ``hard`` a call is interrupted (SIGALRM, main thread only) when it runs past the budget: pure-Python
    engines (rdflib) stop at the next bytecode. The warm-up counts against the budget; when it alone used
    the budget, its own time is the sample. ``exceeded``: not one call finished within the budget.
    """
    started = time.perf_counter()
    warm: list[float] = []
    samples: list[float] = []
    result: Any = None
    for index in range(warmup + reps):
        remaining = budget_s - (time.perf_counter() - started)
        if remaining <= 0:
            break
        try:
            t0 = time.perf_counter()
            result = _bounded(call, remaining) if hard else call()
            elapsed = time.perf_counter() - t0
        except Timeout:
            break
        except Exception as exc:  # a failing query is reported, not fatal to the benchmark
            return Timed(samples or warm, result, error=f"{type(exc).__name__}: {exc}"[:300])
        (warm if index < warmup else samples).append(elapsed)
    samples = samples or warm
    return Timed(samples, result, exceeded=not samples)


def _bounded(call: Callable[[], Any], seconds: float) -> Any:
    if seconds <= 0:
        raise Timeout

    def alarm(*_: object) -> None:
        raise Timeout

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return call()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _child_main(connection: Any, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        connection.send(("ok", function(*args)))
    except Exception as exc:
        connection.send(("error", f"{type(exc).__name__}: {exc}"[:300]))
    finally:
        connection.close()


def in_child_bounded(
    function: Callable[..., Any], args: tuple[Any, ...], timeout_s: float
) -> tuple[str, Any]:
    """Like ``in_child`` but killed after ``timeout_s``: ("ok", result), ("error", message) or
    ("timeout", None). For engines that cannot be interrupted from Python (a query running in Rust)."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child_main, args=(sender, function, args), daemon=True)
    process.start()
    sender.close()
    try:
        if receiver.poll(timeout_s):
            return receiver.recv()
        return "timeout", None
    except EOFError:
        return "error", f"the child process died (exit code {process.exitcode})"
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()


def in_child(function: Callable[..., Any], *args: Any) -> Any:
    """Run ``function(*args)`` in a fresh interpreter (spawn) and return its result: clean peak RSS,
    cold imports, and the store's lock released when it ends."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(function, *args).result()
