"""The web UI's one router: every page module registers its routes on it (``@router.get``).

Its routes are ``WebRoute``s: an error raised while answering a page (a domain error, invalid parameters,
a bug) becomes an HTML error page of the status the API gives (``api.web.render.error_response``), never
the API's JSON body.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Request, Response
from fastapi.routing import APIRoute

from api.web.render import error_response


class WebRoute(APIRoute):
    """A page route: its errors are answered as HTML pages."""

    def get_route_handler(self) -> Callable[[Request], Awaitable[Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception as error:  # every error of a page: mapped (and a bug logged) in one place
                return error_response(request, error)

        return handle


router = APIRouter(include_in_schema=False, route_class=WebRoute)
