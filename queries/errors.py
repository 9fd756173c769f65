"""The errors a store raises, whichever it is (embedded, remote, guarded)."""

from __future__ import annotations

from ontology.errors import CchcError


class StoreError(CchcError):
    """The store cannot be opened or written."""

    status = 503


class QuerySyntaxError(CchcError):
    """A SPARQL text does not parse; the message is the parser's."""

    status = 400


class QueryEvaluationError(CchcError):
    """A SPARQL query parsed but could not be evaluated; the message is the engine's."""

    status = 400
