"""The UI's own CSS, JS and icon, served by the router too (for an app that does not mount ``api/static``)."""

from __future__ import annotations

from pathlib import Path

from fastapi.responses import FileResponse, PlainTextResponse, Response

from api.web.routes import router

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
FAVICON = STATIC_DIR / "favicon.ico"
_STATIC_TYPES = {
    ".css": "text/css",
    ".js": "text/javascript",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
}


@router.get("/static/{name}")
def static_asset(name: str) -> Response:
    """The UI's own CSS and JS (also served when the app mounts ``api/static`` at ``/static``)."""
    path = STATIC_DIR / name
    if "/" in name or name.startswith(".") or path.suffix not in _STATIC_TYPES or not path.is_file():
        return PlainTextResponse("not found", status_code=404)
    return FileResponse(path, media_type=_STATIC_TYPES[path.suffix])


@router.get("/favicon.ico")
def favicon() -> Response:
    """The site icon (``api/static/favicon.ico``: 16, 32 and 48 px), where browsers look for it by default;
    cached for a day."""
    headers = {"Cache-Control": "public, max-age=86400"}
    return FileResponse(FAVICON, media_type="image/x-icon", headers=headers)
