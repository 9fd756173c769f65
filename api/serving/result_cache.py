"""Answers of read queries kept until the store changes, and one computation per question at a time.

The embedded store behind ``cchc-kg serve`` only changes through the server itself (its process holds the
store's lock; every write goes through ``api.serving.guarded_store``, which calls ``clear``), so an
answer stays
right until the next write. ``ResultCache`` keeps answers by the question (query text, bound values,
dataset, row cap), least recently used first out once the answers held pass ``max_cells`` values (rows x
columns, or triples x 3). Concurrent requests for the same question wait for the one computation under way
instead of each running it (a busy page asked by 16 analysts at once runs once), each within its own
deadline. A query whose answer changes from run to run (``NOW()``, ``RAND()``, ``UUID()``, ``BNODE()`` …)
is never kept. ``max_cells = 0`` turns the cache off.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

from queries.store import SparqlResult

_VOLATILE = re.compile(r"\b(NOW|RAND|UUID|STRUUID|BNODE)\s*\(", re.IGNORECASE)


def is_cacheable(query: str) -> bool:
    """False for a query whose answer may differ between two runs over the same data."""
    return _VOLATILE.search(query) is None


def result_cells(result: SparqlResult) -> int:
    """How much an answer holds: rows x columns, triples x 3, 1 for a boolean."""
    if result.kind in ("select", "values"):  # "values": rows of plain values (GuardedStore.select_values)
        return max(1, len(result.rows) * max(1, len(result.columns)))
    if result.kind == "graph" and result.graph is not None:
        return max(1, len(result.graph) * 3)
    return 1


@dataclass(frozen=True)
class Cached:
    """One kept answer and whether it was cut at the row cap."""

    result: SparqlResult
    capped: bool


class WaitTimeout(Exception):
    """The caller's deadline passed while it waited for another request's computation of its question."""


class ResultCache:
    """Answers by question until ``clear``; at most ``max_cells`` values held; one computation per key."""

    def __init__(self, max_cells: int) -> None:
        self.max_cells = max_cells
        self._answers: OrderedDict[Hashable, tuple[Cached, int]] = OrderedDict()
        self._cells = 0
        self._running: dict[Hashable, Future[Cached]] = {}
        self._generation = 0  # bumped by clear(): a computation begun before a write is not kept
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    @property
    def enabled(self) -> bool:
        return self.max_cells > 0

    def __len__(self) -> int:
        return len(self._answers)

    @property
    def generation(self) -> int:
        """How many times the cache was cleared: changes at every write to the store."""
        return self._generation

    def clear(self) -> None:
        """Forget every answer (the store changed)."""
        with self._lock:
            self._answers.clear()
            self._cells = 0
            self._generation += 1

    def get_or_compute(self, key: Hashable, compute: Callable[[], Cached], wait: float) -> Cached:
        """The kept answer for ``key``; else the one under way (waited for at most ``wait`` seconds, then
        ``WaitTimeout``); else ``compute()`` run here, kept and shared. Errors are shared, never kept."""
        with self._lock:
            kept = self._answers.get(key)
            if kept is not None:
                self._answers.move_to_end(key)
                self.hits += 1
                return kept[0]
            running = self._running.get(key)
            if running is None:
                running = self._running[key] = Future()
                generation = self._generation
                leader = True
            else:
                leader = False
            self.hits += not leader
            self.misses += leader
        if not leader:
            try:
                return running.result(timeout=max(0.0, wait))
            except FutureTimeout:
                raise WaitTimeout() from None
        try:
            answer = compute()
        except BaseException as exc:
            with self._lock:
                del self._running[key]
            running.set_exception(exc)
            raise
        with self._lock:
            del self._running[key]
            if generation == self._generation:
                self._keep(key, answer)
        running.set_result(answer)
        return answer

    def _keep(self, key: Hashable, answer: Cached) -> None:
        cells = result_cells(answer.result)
        if cells > self.max_cells:
            return
        self._answers[key] = (answer, cells)
        self._cells += cells
        while self._cells > self.max_cells:
            _, (_, dropped) = self._answers.popitem(last=False)
            self._cells -= dropped
