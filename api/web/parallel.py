"""A page's independent named queries run side by side: its wait is the slowest query, not their sum.

The served store has several query workers (``CCHC_KG_QUERY_WORKERS``, default 2); a page that ran its
queries one after the other used one of them. Each call runs in a thread with a copy of the request's
context, so the request's deadline and row cap (``api.serving.limits.CURRENT``) bound it as before; the
first error of any call is raised.
"""

from __future__ import annotations

import contextvars
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

from queries.library import QueryResult, run
from queries.protocol import Store

MAX_THREADS = 4  # more would only queue at the workers

Call = tuple[str, Mapping[str, str]]


def run_many(store: Store, calls: Sequence[Call]) -> list[QueryResult]:
    """``run(store, name, params)`` for each call, concurrently; the results in the calls' order."""
    if len(calls) <= 1:
        return [run(store, name, dict(params)) for name, params in calls]
    with ThreadPoolExecutor(max_workers=min(len(calls), MAX_THREADS)) as pool:
        futures = [
            pool.submit(contextvars.copy_context().run, run, store, name, dict(params))
            for name, params in calls
        ]
        return [future.result() for future in futures]
