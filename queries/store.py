"""The embedded on-disk store (pyoxigraph): one named graph per source document, atomic replacement.

Terms cross this module's boundary as rdflib terms; queries take bound values, never formatted text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier, Node

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


# -- term conversion -------------------------------------------------------------------------------


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """rdflib term -> pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r}")


def from_ox(term: object) -> Identifier | None:
    """pyoxigraph term -> rdflib term."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value if term.datatype else None
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype) if datatype else None)
    raise TypeError(f"cannot convert {term!r}")


def ntriples_block(graph: Graph) -> str:
    """The graph's triples as N-Triples text, for INSERT DATA."""
    return graph.serialize(format="nt", encoding="utf-8").decode("utf-8")


@dataclass(frozen=True)
class Row:
    """One SELECT solution: variable name -> rdflib term (missing when unbound)."""

    values: dict[str, Identifier]

    def get(self, name: str) -> Identifier | None:
        return self.values.get(name)

    def __getitem__(self, name: str) -> Identifier | None:
        return self.values.get(name)


class EmbeddedStore:
    """A pyoxigraph store on disk (or in memory when ``path`` is None)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        try:
            if path is None:
                self._store = ox.Store()
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as exc:
            raise StoreError(
                f"cannot open the store: {exc}",
                source=str(path),
                expected="a writable folder not used by another process",
            ) from exc

    def close(self) -> None:
        """Release the store and its lock on the folder; the object is unusable afterwards."""
        if self._store is not None and self.path is not None:
            self._store.flush()
        self._store = None

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------------------
    def replace_graphs(self, graphs: Mapping[URIRef, Graph], extra_update: str = "") -> None:
        """Replace each named graph with the given triples, all in one transaction."""
        parts = []
        for name, graph in graphs.items():
            parts.append(f"DROP SILENT GRAPH <{name}>")
            if len(graph):
                parts.append(f"INSERT DATA {{ GRAPH <{name}> {{\n{ntriples_block(graph)}\n}} }}")
        if extra_update:
            parts.append(extra_update)
        self.update(" ;\n".join(parts))

    def drop_graphs(self, names: Iterable[URIRef]) -> None:
        """Remove named graphs in one transaction."""
        self.update(" ;\n".join(f"DROP SILENT GRAPH <{name}>" for name in names) or "")

    def update(self, text: str) -> None:
        """Run a SPARQL Update (transactional)."""
        if not text.strip():
            return
        try:
            self._store.update(text)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc), source="SPARQL update") from exc
        except OSError as exc:
            raise StoreError(f"write failed: {exc}", source=str(self.path)) from exc

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()

    # -- reading -----------------------------------------------------------------------------------
    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> list[Row]:
        """Run a SELECT over the union of all graphs, with ``bindings`` substituted as values."""
        result = self._query(query, bindings)
        names = [v.value for v in result.variables]
        rows = []
        for solution in result:
            values = {}
            for name in names:
                value = from_ox(solution[name])
                if value is not None:
                    values[name] = value
            rows.append(Row(values))
        return rows

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        return bool(self._query(query, bindings))

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        graph = Graph()
        for triple in self._query(query, bindings):
            graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
        return graph

    def _query(self, query: str, bindings: Mapping[str, Node] | None):
        substitutions = {ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items()}
        try:
            return self._store.query(query, use_default_graph_as_union=True, substitutions=substitutions)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc), source="SPARQL query") from exc
        except OSError as exc:
            raise StoreError(f"query failed: {exc}", source=str(self.path)) from exc
        except RuntimeError as exc:
            raise QueryEvaluationError(str(exc), source="SPARQL query") from exc

    def named_graphs(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def graph(self, name: URIRef) -> Graph:
        """One named graph as an rdflib Graph."""
        graph = Graph()
        for quad in self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(name))):
            graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
        return graph

    def quads(self) -> Iterator[tuple[Node, Node, Node, Node]]:
        for quad in self._store:
            graph = quad.graph_name
            name = URIRef(graph.value) if isinstance(graph, ox.NamedNode) else None
            yield from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object), name

    def __len__(self) -> int:
        return len(self._store)
