"""cchc-kg as a Python library: the one module to import (``import api as cchc``).

    with cchc.open_store("var/store") as store:          # embedded; open_store() is in memory,
        cchc.ingest(store, ["ingest/samples"])           # open_store(endpoint=URL) a SPARQL server
        tasks = cchc.query(store, "tasks", {"plan": "285/KH-UBND"})
        plans = cchc.trace(store, "76/NQ-CP")
        rows = cchc.sparql(store, "SELECT ...", {"plan": URIRef(...)}).rows
        cchc.export(store, "285.ttl", "ttl", document="285/KH-UBND")

The names in ``__all__`` are the stable Python interface, and do what the CLI commands of the same names
do; the modules behind them (``api.service``, ``queries.*``, ``ingest.*``) may change. Importing this
package loads nothing heavy (the CLI, the server and its query workers import it too): each function
imports what it needs, and the types below are loaded on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib.term import Node

    from api.service import DocumentReport
    from queries.library import NamedQuery, QueryResult
    from queries.protocol import Store
    from queries.store import SparqlResult

__all__ = [
    "DEFAULT_BASE_IRI",
    "CchcError",
    "DocumentReport",
    "QueryResult",
    "SparqlResult",
    "Store",
    "export",
    "ingest",
    "named_queries",
    "open_store",
    "query",
    "sparql",
    "trace",
]

_LAZY = {
    "DEFAULT_BASE_IRI": "ontology",
    "CchcError": "ontology.errors",
    "DocumentReport": "api.service",
    "QueryResult": "queries.library",
    "SparqlResult": "queries.store",
    "Store": "queries.protocol",
}


def __getattr__(name: str) -> Any:
    """The types of ``__all__``, imported when first asked for."""
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'api' has no attribute {name!r}")


def open_store(
    path: str | Path | None = None,
    *,
    endpoint: str | None = None,
    update_endpoint: str | None = None,
    user: str | None = None,
    password: str | None = None,
    timeout: float | None = None,
) -> Store:
    """The embedded store in folder ``path`` (created when missing; ``None``: in memory), or, given
    ``endpoint``, a SPARQL 1.1 server (``update_endpoint`` for writes, HTTP Digest ``user``/``password``,
    ``timeout`` seconds per request, 30 by default). Use it as a context manager, or call ``close()``."""
    if endpoint:
        from api.settings import DEFAULT_QUERY_TIMEOUT
        from queries.remote import RemoteStore

        return RemoteStore(
            endpoint, update_endpoint, user, password, timeout=timeout or DEFAULT_QUERY_TIMEOUT
        )
    from queries.store import EmbeddedStore

    return EmbeddedStore(None if path is None else Path(path).expanduser())


def _base(base_iri: str | None) -> str:
    from ontology import DEFAULT_BASE_IRI

    return base_iri or DEFAULT_BASE_IRI


def ingest(
    store: Store, paths: str | Path | Iterable[str | Path], *, base_iri: str | None = None, workers: int = 1
) -> list[DocumentReport]:
    """Read plan documents (files, or folders of them) into ``store``, one named graph each, as
    ``cchc-kg ingest`` does; one ``DocumentReport`` per file (``ok``, ``plan_label``, ``tasks``,
    ``warnings``, or ``error`` for a file that could not be read, which leaves the store untouched).
    ``workers`` > 1 parses in that many processes (a script then needs ``if __name__ == "__main__":``)."""
    from api.service import ingest_paths

    given = [paths] if isinstance(paths, str | Path) else list(paths)
    return ingest_paths(store, [Path(p).expanduser() for p in given], _base(base_iri), workers=workers)


def named_queries() -> dict[str, NamedQuery]:
    """The named queries by name: ``summary``, ``params`` (name, type, required), ``columns``
    (what ``cchc-kg queries`` lists; documented in queries/README.md)."""
    from queries.library import default_library

    return dict(default_library())


def query(store: Store, name: str, params: Mapping[str, str] | None = None) -> QueryResult:
    """Run the named query ``name`` with ``params`` (name -> text) bound, as ``cchc-kg query`` does:
    ``.columns``, ``.rows`` (tuples of str, int, float or None), ``.as_dicts()``. A plan, document or
    agency that names nothing in the store raises a ``CchcError`` whose ``suggestions`` say "did you mean"."""
    from queries.library import run
    from queries.lookup import check_parameters

    given = dict(params or {})
    check_parameters(store, name, given)
    return run(store, name, given)


def trace(store: Store, document: str) -> QueryResult:
    """The plans that implement ``document`` (a number such as ``76/NQ-CP``, or its IRI) and how they reach
    it: the ``trace`` named query's rows (``plan_number``, ``province``, ``issued``, ``path``, ``tasks``,
    ...). An unknown document raises a ``CchcError`` with the closest numbers the store holds."""
    from queries.library import run
    from queries.lookup import find_document

    found = find_document(store, document)
    return run(store, "trace", {"document": str(found["document"])})


def sparql(store: Store, text: str, bindings: Mapping[str, Node] | None = None) -> SparqlResult:
    """Any SPARQL query over the union of all graphs, with ``bindings`` (variable name -> rdflib term)
    bound, never formatted into the text: ``.kind`` (``select``, ``ask`` or ``graph``), then ``.columns``
    and ``.rows`` (dicts of rdflib terms), ``.boolean`` or ``.graph``."""
    return store.run(text, dict(bindings) if bindings else None)


def export(
    store: Store,
    target: str | Path | IO[bytes],
    rdf_format: str = "trig",
    *,
    document: str | None = None,
    base_iri: str | None = None,
) -> None:
    """Write the store to ``target`` (a path or a binary file) as ``cchc-kg export`` does: ``nq``/``trig``
    keep every graph, ``ttl``/``nt``/``jsonld`` write their union; with ``document`` (a plan number or
    IRI) only that document's graph and the shared descriptions of what it mentions."""
    source = store
    if document:
        from api.service import document_dataset, document_graph

        graph = document_graph(store, _base(base_iri), document)
        source = document_dataset(store, _base(base_iri), graph)
    if isinstance(target, str | Path):
        with Path(target).expanduser().open("wb") as handle:
            source.export(handle, rdf_format)  # type: ignore[arg-type]
    else:
        source.export(target, rdf_format)  # type: ignore[arg-type]
