"""A pool of query worker processes (``api.serving.query_worker``) over one on-disk store, opened read-only.

``WorkerPool.call(request, limits)`` takes a free worker (waiting at most until the request's deadline),
sends the request and waits for the answer until the deadline. Past it the worker is killed (SIGKILL):
its CPU and memory are freed at once, whatever the query was doing, and a fresh worker replaces it on
the next call. After a write to the store (``invalidate``) every worker is restarted before its next
query, so it opens the store as it is now.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import selectors
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from api.serving.limits import QueryTimeout, RequestLimits, timeout_message
from queries.store import StoreError

STARTUP_SECONDS = 30.0  # a worker that is not ready in this time is reported as a store error
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class WorkerDied(StoreError):
    """A query worker process ended without answering (crashed, or ran out of memory)."""

    status = 503


def _read_exactly(fd: int, size: int, deadline: float | None) -> bytes | None:
    """``size`` bytes from ``fd``; None at the deadline; b"" when the process closed its end."""
    chunks: list[bytes] = []
    missing = size
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while missing:
            wait = None if deadline is None else deadline - time.monotonic()
            if wait is not None and wait <= 0:
                return None
            if not selector.select(wait):
                return None
            chunk = os.read(fd, min(missing, 1 << 20))
            if not chunk:
                return b""
            chunks.append(chunk)
            missing -= len(chunk)
    return b"".join(chunks)


@dataclass
class Worker:
    """One worker process and the store generation it opened."""

    process: subprocess.Popen[bytes]
    generation: int
    started: float = field(default_factory=time.monotonic)

    @classmethod
    def start(cls, store_path: Path, generation: int) -> Worker:
        process = subprocess.Popen(
            [sys.executable, "-m", "api.serving.query_worker", str(store_path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=str(Path(__file__).resolve().parent.parent),
        )
        worker = cls(process, generation)
        ready = worker.receive(time.monotonic() + STARTUP_SECONDS)
        if not ready or ready[0] != "ready":
            worker.kill()
            detail = ready[2] if ready and ready[0] == "error" else "it did not start"
            raise StoreError(f"cannot start a query worker: {detail}", source=str(store_path))
        return worker

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def rss_bytes(self) -> int | None:
        """The process's resident memory now (Linux ``/proc``), or None where it cannot be read."""
        try:
            pages = int(Path(f"/proc/{self.pid}/statm").read_text().split()[1])
        except (OSError, ValueError, IndexError):
            return None
        return pages * PAGE_BYTES

    def send(self, message: object) -> None:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        assert self.process.stdin is not None
        self.process.stdin.write(struct.pack(">I", len(data)) + data)
        self.process.stdin.flush()

    def receive(self, deadline: float | None) -> Any | None:
        """The next answer; None at the deadline; raises WorkerDied when the process is gone."""
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        header = _read_exactly(fd, 4, deadline)
        if header is None:
            return None
        if len(header) < 4:
            raise WorkerDied(f"the query worker ended (exit status {self.process.wait()})")
        body = _read_exactly(fd, struct.unpack(">I", header)[0], None)
        if not body:
            raise WorkerDied(f"the query worker ended (exit status {self.process.wait()})")
        return pickle.loads(body)

    def kill(self) -> None:
        """Stop the process now (SIGKILL) and reap it."""
        if self.alive():
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):  # the kernel reaps a SIGKILLed process
            self.process.wait(timeout=10)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


class WorkerPool:
    """``size`` worker processes over ``store_path``; each runs one query at a time."""

    def __init__(self, store_path: Path, size: int, max_rss_bytes: int = 0) -> None:
        self.store_path = store_path
        self.size = max(1, size)
        self.max_rss_bytes = max_rss_bytes  # a worker holding more after a query is replaced (0: never)
        self.generation = 0
        self.kills = 0  # queries stopped at the time limit (for tests and the load report)
        self.recycled = 0  # workers replaced for their memory
        self._slots: queue.Queue[Worker | None] = queue.Queue()
        for _ in range(self.size):
            self._slots.put(None)  # started on first use
        self._lock = threading.Lock()
        self._closed = False

    def invalidate(self) -> None:
        """The store changed: workers reopen it before their next query."""
        with self._lock:
            self.generation += 1

    def _acquire(self, limits: RequestLimits) -> Worker | None:
        try:
            return self._slots.get(timeout=max(0.0, limits.remaining()))
        except queue.Empty:
            raise QueryTimeout(
                f"no query worker became free within the time limit of {limits.timeout:g} s "
                f"({self.size} workers, all busy)",
                expected="a retry later, or a narrower query",
            ) from None

    def _ready(self, worker: Worker | None) -> Worker:
        if worker is not None and worker.alive() and worker.generation == self.generation:
            if not self._too_big(worker):
                return worker
            self.recycled += 1
        if worker is not None:
            worker.kill()
        return Worker.start(self.store_path, self.generation)

    def _too_big(self, worker: Worker) -> bool:
        """Whether the worker holds more memory than allowed (a large answer leaves the allocator's and the
        store's caches grown); it is then replaced before its next query, so the pool's memory stays
        bounded however long the server runs."""
        rss = worker.rss_bytes() if self.max_rss_bytes > 0 else None
        return rss is not None and rss > self.max_rss_bytes

    def call(self, request: dict[str, Any], limits: RequestLimits) -> Any:
        """Send ``request`` to a free worker; its answer, or QueryTimeout at the deadline (worker killed)."""
        if self._closed:
            raise StoreError("the query workers are shut down")
        slot = self._acquire(limits)
        worker: Worker | None = None
        try:
            worker = self._ready(slot)
            worker.send(request)
            answer = worker.receive(limits.deadline)
            if answer is None:
                worker.kill()
                self.kills += 1
                worker = None
                raise QueryTimeout(
                    timeout_message(limits), expected="a narrower query (LIMIT, more specific patterns)"
                )
            return answer
        except (WorkerDied, BrokenPipeError) as error:
            if worker is not None:
                worker.kill()
            worker = None
            if isinstance(error, WorkerDied):
                raise
            raise WorkerDied("the query worker ended before the query was sent") from None
        finally:
            if self._closed and worker is not None:
                worker.kill()
                worker = None
            self._slots.put(worker)

    def pids(self) -> list[int]:
        """The process ids of the running workers (for tests and measurements)."""
        workers = list(self._slots.queue)
        return [w.pid for w in workers if w is not None and w.alive()]

    def stop_idle(self) -> None:
        """Stop every idle worker (the app is shutting down); the pool starts new ones if used again."""
        stopped = []
        while True:
            try:
                stopped.append(self._slots.get_nowait())
            except queue.Empty:
                break
        for worker in stopped:
            if worker is not None:
                worker.kill()
            self._slots.put(None)

    def close(self) -> None:
        """Stop every idle worker and refuse further queries; busy ones are stopped when they come back."""
        self._closed = True
        self.stop_idle()
