"""Errors raised while reading documents."""

from __future__ import annotations

from ontology.errors import CchcError


class IngestError(CchcError):
    """A file cannot be ingested: empty, binary, not UTF-8, no document header... Nothing is written."""

    status = 422
