"""Named-query rows the pages share: ``;``-joined lists, and the index row of a document the one lookup
(``queries.lookup``) found. Pages look plans, documents and agencies up with ``queries.lookup`` and let
its ``NotFound`` errors through: the web router answers them as HTML 404 pages with "did you mean" links."""

from __future__ import annotations

from collections.abc import Mapping

from queries.library import run
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


def document_index_row(store: Store, document: Mapping[str, object]) -> dict[str, object]:
    """The ``document-index`` row (followers, province, plan) of a ``documents`` row; a document without a
    number of its own, which the index leaves out, gets its ``documents`` row with no followers."""
    for row in run(store, "document-index").as_dicts():
        if row["document"] == document["document"]:
            return row
    return {**document, "province": document.get("jurisdiction") or "", "followers": 0, "plan": ""}
