"""Where links go: a minted IRI's page (``page_for``), plan and document URLs, ``/id/…`` fallbacks."""

from __future__ import annotations

import re
from urllib.parse import quote

from queries.text import place_key

_IRI = re.compile(r"^https?://\S+$")


def is_iri(value: object) -> bool:
    """True for an http(s) IRI (a string with no spaces)."""
    return isinstance(value, str) and bool(_IRI.match(value))


def quote_id(value: str) -> str:
    """A path segment for an identifier such as "285/KH-UBND" (slashes encoded)."""
    return quote(value, safe="")


def _names_by_number(number: str) -> bool:
    """Whether ``number`` is a document number a page can be found by ("285/KH-UBND"), not an IRI (a
    document whose number was not read) or a label ("Kế hoạch ban hành kèm theo …": it has spaces)."""
    return bool(number.strip()) and not is_iri(number) and " " not in number.strip()


def _by_iri(iri: str, section: str) -> str:
    """The page of a minted IRI (``page_for``), else ``/{section}/{IRI, quoted}`` (the lookups accept it)."""
    return page_for(iri) or f"/{section}/{quote_id(iri)}"


def plan_url(number: str, iri: str | None = None) -> str:
    """A plan's page: by its number ("/plans/285%2FKH-UBND"); by its IRI's path when the number is an IRI
    or a label, or is missing ("/plans/doc/8ed5b0c1c9e5996d/plan")."""
    number = str(number or "")
    if _names_by_number(number):
        return f"/plans/{quote_id(number)}"
    if iri or is_iri(number):
        return _by_iri(str(iri or number), "plans")
    return f"/plans/{quote_id(number)}"


def document_url(number: str, iri: str | None = None) -> str:
    """A legal document's page: by its number ("/documents/76%2FNQ-CP"); by its IRI's path when the
    number was not read (the number is then the IRI) or is a label ("/documents/eli/vn/qh/luat/2025/…")."""
    number = str(number or "")
    if _names_by_number(number):
        return f"/documents/{quote_id(number)}"
    if iri or is_iri(number):
        return _by_iri(str(iri or number), "documents")
    return f"/documents/{quote_id(number)}"


NATION_SLUGS = ("vn", "viet-nam")  # the nation is a place, not a province: it has no province page


def province_url(name: object) -> str | None:
    """A province's page by its name or slug ("Cần Thơ" -> "/provinces/can-tho"); None for no name or the
    nation ("Việt Nam")."""
    slug = place_key(str(name or ""))
    return f"/provinces/{slug}" if slug and slug not in NATION_SLUGS else None


def page_for(iri: str) -> str | None:
    """The UI page of a minted IRI, or None when it has none.

    ``…/eli/vn/…/kh/…`` and ``…/plan`` (a plan issued by a decision) -> ``/plans/{path}``; other
    ``…/eli/vn/…`` -> ``/documents/{path}``; ``…/doc/{sha}/plan|decision`` (no number read) -> ``/plans/…`` or
    ``/documents/…``; a task, section, target or mention -> its plan's (or
    document's) page, a task with an anchor; ``…/org|group/{province}/{key}`` -> ``/agencies/…``. Works for
    any base IRI.
    """
    agency = re.search(r"/((?:org|group)/[a-z0-9.-]+/[a-z0-9.-]+)$", iri)
    if agency:
        return f"/agencies/{agency.group(1)}"
    unnumbered = re.search(r"/(doc/[0-9a-f]+)/(plan|decision)(/(?:task|target|section|ref)/.*)?$", iri)
    if unnumbered:  # a plan or decision whose text gives no number (``IriMinter.unnumbered_document``)
        doc, role, part = unnumbered.groups()
        task = re.match(r"/task/([^/]+)", part or "")
        anchor = f"#task-{task.group(1)}" if task else ""
        return f"/{'plans' if role == 'plan' else 'documents'}/{doc}/{role}{anchor}"
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
