"""Named-query rows the pages share: ``;``-joined lists, and the facts of a document the one lookup
(``queries.lookup``) found. Pages look plans, documents and agencies up with ``queries.lookup`` and let
its ``NotFound`` errors through: the web router answers them as HTML 404 pages with "did you mean" links."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from queries.lookup import UnknownDocument, find_document
from queries.protocol import Store


def split_list(value: object) -> list[str]:
    """A ``;``-joined cell ("Sở Nội vụ; Sở Tư pháp") as its items."""
    return [part.strip() for part in str(value or "").split(";") if part.strip()]


def document_or_none(store: Store, identifier: str) -> dict[str, object] | None:
    """The ``documents`` row of the document ``identifier`` names, or None (for optional links)."""
    try:
        return find_document(store, identifier)
    except UnknownDocument:
        return None


def document_facts(
    document: Mapping[str, object], relations: Iterable[Mapping[str, object]], is_plan: bool
) -> dict[str, object]:
    """A ``documents`` row with what the document page adds: ``followers`` (the distinct documents based on
    it or implementing it, counted from its ``document-links`` rows as ``document-index`` counts them),
    ``province`` (its jurisdiction) and ``plan`` ("plan" for an ingested plan). Read from the page's own
    scoped queries, not from the whole ``document-index``."""
    followers = {
        str(row["other"])
        for row in relations
        if row["direction"] == "incoming" and row["relation"] in ("based-on", "implements")
    }
    return {
        **document,
        "province": document.get("jurisdiction") or "",
        "followers": len(followers),
        "plan": "plan" if is_plan else "",
    }
