"""Where links go: a minted IRI's page (``page_for``), plan and document URLs, ``/id/…`` fallbacks."""

from __future__ import annotations

import re
from urllib.parse import quote

_IRI = re.compile(r"^https?://\S+$")


def is_iri(value: object) -> bool:
    """True for an http(s) IRI (a string with no spaces)."""
    return isinstance(value, str) and bool(_IRI.match(value))


def quote_id(value: str) -> str:
    """A path segment for an identifier such as "285/KH-UBND" (slashes encoded)."""
    return quote(value, safe="")


def plan_url(number: str) -> str:
    return f"/plans/{quote_id(number)}"


def document_url(number: str) -> str:
    return f"/documents/{quote_id(number)}"


def page_for(iri: str) -> str | None:
    """The UI page of a minted IRI, or None when it has none.

    ``…/eli/vn/…/kh/…`` and ``…/plan`` (a plan issued by a decision) -> ``/plans/{path}``; other
    ``…/eli/vn/…`` -> ``/documents/{path}``; a task, section, target or mention -> its plan's (or
    document's) page, a task with an anchor; ``…/org|group/{province}/{key}`` -> ``/agencies/…``. Works for
    any base IRI.
    """
    agency = re.search(r"/((?:org|group)/[a-z0-9.-]+/[a-z0-9.-]+)$", iri)
    if agency:
        return f"/agencies/{agency.group(1)}"
    match = re.search(r"/eli/vn/(.+)$", iri)
    if not match:
        return None
    path = match.group(1)
    anchor = ""
    part = re.search(r"^(.*?)/(task|target|section|ref)/([^/]+)(?:/.*)?$", path)
    if part:
        path, kind, code = part.groups()
        anchor = f"#task-{code}" if kind == "task" else ""
    segments = path.split("/")
    if path.endswith("/plan") or "kh" in segments[:-1]:
        return f"/plans/{path}{anchor}"
    return f"/documents/{path}{anchor}"


def id_url(iri: str, base: str) -> str:
    """Where a link on ``iri`` goes: its UI page, else ``/id/…`` for a minted IRI, else the IRI itself."""
    page = page_for(iri) if iri.startswith(base) else None
    if page:
        return page
    if iri.startswith(base):
        return "/id/" + iri[len(base) :]
    return iri
