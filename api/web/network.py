"""The responsibility network page ``/network`` (``?province=``): lead -> partner agencies, from the pair
weights (``lead-partner`` and ``agency-load``, read side by side; ``viz.networks.pairs_graph``), never from
one row per task.

At national scale it draws the heaviest ``PAIR_LIMIT`` links and says on the page how many links and
agencies it leaves out; a province's network is drawn whole.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from api.i18n import language_of
from api.serving.warm import PAGE_CALLS
from api.web.graphs import viz_page
from api.web.parallel import run_many
from api.web.routes import router
from api.web.state import get_store

TITLES = {
    "vi": "Mạng lưới trách nhiệm: cơ quan chủ trì → cơ quan phối hợp",
    "en": "Responsibility network: lead → partner agencies",
}


def network_title(lang: str) -> str:
    """The page's title in ``lang`` (vi or en)."""
    return TITLES["en" if lang == "en" else "vi"]


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, province: str = "") -> HTMLResponse:
    """Who works with whom: the whole store (heaviest links, with a note of what is left out) or one
    province (every link)."""
    wanted = province.strip()
    scope = {"province": wanted} if wanted else {}
    calls = [(name, scope) for name, _ in PAGE_CALLS["/network"]]  # without a province: warmed
    pairs, load = (r.as_dicts() for r in run_many(get_store(request), calls))
    return viz_page(
        request,
        "pairs_graph",
        (pairs, load),
        kwargs={"filters": scope, "limit": None} if wanted else {"filters": scope},  # else viz's PAIR_LIMIT
        title=network_title(language_of(request)),
        filters=scope,
    )
