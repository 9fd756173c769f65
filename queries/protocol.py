"""The one store interface: what the embedded, remote, guarded and federation-guarded stores all offer.

Callers (the named-query library, inference, the ingest service, the CLI, REST, web and SPARQL endpoint)
are typed with ``Store`` and use nothing else. Bindings are rdflib terms by variable name, bound the
same way on every store (``queries.binding``); results are rdflib terms (``Row``, ``SparqlResult``).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from rdflib import Graph, URIRef
from rdflib.term import Node

from queries.binding import Bindings
from queries.store import Row, SparqlResult, Triple

Quad = tuple[Node, Node, Node, Node]


@runtime_checkable
class Store(Protocol):
    """A quad store read with SPARQL over the union of its named graphs and written graph by graph."""

    path: Path | None
    """The embedded store's folder; None in memory or on a remote endpoint."""

    # -- reading -----------------------------------------------------------------------------------
    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]:
        """A SELECT's solutions."""
        ...

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        """An ASK's answer."""
        ...

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        """A CONSTRUCT's (or DESCRIBE's) triples."""
        ...

    def run(self, query: str, bindings: Bindings | None = None) -> SparqlResult:
        """Any query form: SELECT rows, ASK boolean, CONSTRUCT/DESCRIBE graph."""
        ...

    def named_graphs(self) -> list[URIRef]:
        """The named graphs holding data, sorted."""
        ...

    def graph(self, name: URIRef) -> Graph:
        """One named graph's triples."""
        ...

    def quads(self) -> Iterator[Quad]:
        """Every quad."""
        ...

    def export(self, target: io.BufferedWriter, rdf_format: str, graph: URIRef | None = None) -> None:
        """Write the store, or one graph, as ``nq``, ``trig``, ``nt``, ``ttl`` or ``jsonld``."""
        ...

    def __len__(self) -> int: ...

    # -- writing -----------------------------------------------------------------------------------
    def update(self, text: str, bindings: Bindings | None = None) -> None:
        """A SPARQL Update, ``bindings`` as VALUES at the start of its WHERE group."""
        ...

    def replace_graphs(
        self,
        graphs: Mapping[URIRef, Graph | Iterable[Triple]],
        extra_update: str = "",
        *,
        add: Mapping[URIRef, Iterable[Triple]] | None = None,
        record: tuple[URIRef, URIRef, Iterable[Triple]] | None = None,
    ) -> None:
        """Replace named graphs (and run ``extra_update``) so that readers see all old or all new."""
        ...

    def drop_graphs(self, names: Iterable[URIRef]) -> None:
        """Remove named graphs."""
        ...

    def flush(self) -> None:
        """Make the writes so far durable."""
        ...

    def close(self) -> None:
        """Release the store."""
        ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *_: object) -> None: ...


def innermost(store: Store) -> Store:
    """The store under every guard (``Wrapped.inner``, followed to the end): what a write such as an
    ingest must use, so that none of its own reads obeys a request's time limit or row cap."""
    while isinstance(store, Wrapped):
        store = store.inner
    return store


class Wrapped:
    """A ``Store`` that passes every call to ``inner``: the base of the stores that guard another
    (``api.serving.guarded_store.GuardedStore``, ``api.federation.FederationGuard``), which override what they
    guard. ``written()`` runs after each write (nothing here)."""

    def __init__(self, inner: Store) -> None:
        self.inner = inner

    @property
    def path(self) -> Path | None:
        return self.inner.path

    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]:
        return self.inner.select(query, bindings)

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        return self.inner.ask(query, bindings)

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        return self.inner.construct(query, bindings)

    def run(self, query: str, bindings: Bindings | None = None) -> SparqlResult:
        return self.inner.run(query, bindings)

    def named_graphs(self) -> list[URIRef]:
        return self.inner.named_graphs()

    def graph(self, name: URIRef) -> Graph:
        return self.inner.graph(name)

    def quads(self) -> Iterator[Quad]:
        return self.inner.quads()

    def export(self, target: io.BufferedWriter, rdf_format: str, graph: URIRef | None = None) -> None:
        self.inner.export(target, rdf_format, graph)

    def __len__(self) -> int:
        return len(self.inner)

    def written(self) -> None:
        """Called after each write (``update``, ``replace_graphs``, ``drop_graphs``), even a failed one."""

    def update(self, text: str, bindings: Bindings | None = None) -> None:
        try:
            self.inner.update(text, bindings)
        finally:
            self.written()

    def replace_graphs(
        self,
        graphs: Mapping[URIRef, Graph | Iterable[Triple]],
        extra_update: str = "",
        *,
        add: Mapping[URIRef, Iterable[Triple]] | None = None,
        record: tuple[URIRef, URIRef, Iterable[Triple]] | None = None,
    ) -> None:
        try:
            self.inner.replace_graphs(graphs, extra_update, add=add, record=record)
        finally:
            self.written()

    def drop_graphs(self, names: Iterable[URIRef]) -> None:
        try:
            self.inner.drop_graphs(names)
        finally:
            self.written()

    def flush(self) -> None:
        self.inner.flush()

    def close(self) -> None:
        self.inner.close()

    def __enter__(self) -> Wrapped:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def __getattr__(self, name: str) -> Any:
        """What only the wrapped store has (the embedded store's ``load_constructed``, ``optimize`` …)."""
        return getattr(self.inner, name)


__all__ = ["Bindings", "Quad", "Row", "SparqlResult", "Store", "Wrapped"]
