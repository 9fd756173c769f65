"""The whole-corpus named queries of the home page and the national network, answered before a visitor asks.

At national scale those queries take seconds (home: ``plans``, ``areas``, ``agency-load``, ``counts``,
``due-months``; the national network ``/network``: ``lead-partner``, ``agency-load``; ``/charts``: the home
page's but ``counts``). ``warm_pages`` runs them through the
served store exactly as the pages do (``api.web.parallel.run_many`` -> ``queries.library.run`` ->
``GuardedStore``, under the request row cap), so their answers sit in the result cache
(``api.serving.result_cache``) under the keys the pages look up. The app calls it at start-up, before the
server accepts requests, and the upload path calls it right after its write (which cleared the cache), so
the first page after a start or an upload reads kept answers. A write clears them as before.

Nothing is warmed when no result cache would keep the answers (a remote store, ``CCHC_KG_RESULT_CACHE=0``)
or the web UI is not installed. A failing query is logged and left to the page (it fails as it would have).
"""

from __future__ import annotations

import importlib.util
import logging
import time
from collections.abc import Mapping, Sequence

from api.serving.guarded_store import GuardedStore
from api.serving.limits import CURRENT, RequestLimits
from queries.protocol import Store, Wrapped

log = logging.getLogger(__name__)

# (named query, parameters): what the pages ask, read from here by api/web/home.py ``home`` and
# api/web/network.py (with a province, or without one: the calls warmed). tests/test_warm.py checks that
# these pages then run no query. The
# slowest first (lead-partner, ~3-5 s on the national store), so it starts at once on a query worker.
PAGE_CALLS: dict[str, Sequence[tuple[str, Mapping[str, str]]]] = {
    "/network": (("lead-partner", {}), ("agency-load", {})),
    "/": (("plans", {}), ("areas", {}), ("agency-load", {}), ("counts", {}), ("due-months", {})),
    # api/web/charts.py ``charts_page`` without a province or plan (the same answers as the home page's)
    "/charts": (("plans", {}), ("areas", {}), ("agency-load", {}), ("due-months", {})),
}


def cached_store(store: Store) -> GuardedStore | None:
    """The ``GuardedStore`` under ``store``'s guards whose result cache is on, else None."""
    while True:
        if isinstance(store, GuardedStore):
            return store if store.cache.enabled else None
        if not isinstance(store, Wrapped):
            return None
        store = store.inner


def warm_pages(store: Store) -> float:
    """Run the pages' whole-corpus queries on ``store`` (the one the app serves) so that their answers are
    kept; the seconds it took (0.0 when nothing is warmed). Never raises for a failing query."""
    guarded = cached_store(store)
    if guarded is None or importlib.util.find_spec("api.web") is None:
        return 0.0
    from api.web.parallel import run_many  # the pages' own path (api.web is optional)

    settings = guarded.settings
    calls = {  # each question once, in PAGE_CALLS' order
        (name, tuple(sorted(params.items()))): (name, params)
        for page in PAGE_CALLS.values()
        for name, params in page
    }
    started = time.monotonic()
    # the limits a page request gets (RequestLimitsMiddleware): the same row cap, so the same cache keys
    limits = RequestLimits(started + settings.query_timeout, settings.query_timeout, settings.max_rows)
    token = CURRENT.set(limits)
    try:  # every page's queries side by side, as a page runs its own
        run_many(store, list(calls.values()))
    except Exception:  # the page will meet the same error and report it; the server starts anyway
        log.exception(
            "could not compute the queries of %s ahead of their first request", ", ".join(PAGE_CALLS)
        )
    finally:
        CURRENT.reset(token)
    took = time.monotonic() - started
    log.info("page queries computed ahead of the first request in %.1f s", took)
    return took
