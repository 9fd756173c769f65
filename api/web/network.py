"""The responsibility network page ``/network`` (``?province=``): lead -> partner agencies, from the pair
weights (``viz.networks.pair_network``: ``lead-partner`` and ``agency-load``), never from one row per task.

At national scale it draws the heaviest ``PAIR_LIMIT`` links and says on the page how many links and
agencies it leaves out; a province's network is drawn whole.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from api.i18n import language_of
from api.web.graphs import viz_page
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
    return viz_page(
        request,
        "pair_network",
        (get_store(request),),
        kwargs={"province": wanted, "limit": None} if wanted else {},  # else viz's PAIR_LIMIT
        title=network_title(language_of(request)),
        filters={"province": wanted} if wanted else {},
    )
