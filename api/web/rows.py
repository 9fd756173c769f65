"""Named-query rows the pages share: the plan, document or agency a page's identifier names, and lists."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from queries.library import run
from queries.text import number_key


def split_list(value: object) -> list[str]:
    """A ``;``-joined cell ("Sở Nội vụ; Sở Tư pháp") as its items."""
    return [part.strip() for part in str(value or "").split(";") if part.strip()]


def _ends_with_path(iri: str, path: str) -> bool:
    return bool(path) and (iri == path or iri.endswith("/" + path.strip("/")))


def _by_number_or_iri(
    rows: Iterable[dict[str, object]], column: str, wanted: str
) -> dict[str, object] | None:
    """The row whose number, IRI (``column``) or IRI path after ``eli/vn/`` is ``wanted``."""
    key = number_key(wanted)
    for row in rows:
        iri = str(row[column])
        if number_key(str(row["number"])) == key or iri == wanted or _ends_with_path(iri, "eli/vn/" + wanted):
            return row
    return None


def find_plan(store: Any, plan_id: str) -> dict[str, object] | None:
    """The ``plans`` row of a plan given by number ("285/KH-UBND"), IRI, or IRI path after ``eli/vn/``."""
    return _by_number_or_iri(run(store, "plans").as_dicts(), "plan", plan_id)


def find_document(store: Any, document_id: str) -> dict[str, object] | None:
    """The ``documents`` row of a document given by number ("76/NQ-CP"), IRI or IRI path after ``eli/vn/``."""
    return _by_number_or_iri(run(store, "document-index").as_dicts(), "document", document_id)


def find_agency(store: Any, agency_id: str, load: list[dict[str, object]]) -> dict[str, object] | None:
    """The agency ``org|group/{province}/{key}`` (IRI path) with its task counts (``load``), or None."""
    for row in load:
        if _ends_with_path(str(row["party"]), agency_id):
            return row
    for row in run(store, "search", {"q": agency_id}).as_dicts():
        if row["kind"] == "agency" and _ends_with_path(str(row["iri"]), agency_id):
            return {
                "agency": row["label"],
                "province": row["province"],
                "kind": row["detail"],
                "lead_tasks": 0,
                "partner_tasks": 0,
                "party": row["iri"],
            }
    return None
