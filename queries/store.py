"""The embedded on-disk store (pyoxigraph): one named graph per source document, atomic replacement.

Terms cross this module's boundary as rdflib terms; queries take bound values, never formatted text.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier, Node

from ontology.errors import CchcError
from ontology.prefixes import PREFIXES
from queries.binding import (
    Bindings,
    drop_update,
    insert_data,
    join_updates,
    prepare,
    sparql_iri,
    substitutions,
)
from queries.errors import QueryEvaluationError, QuerySyntaxError, StoreError
from queries.sparql import sparql
from queries.values import XSD_STRING, OxValues

Triple = tuple[Node, Node, Node]


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


class _RdflibTerms(dict):
    """pyoxigraph term -> rdflib term, remembered: a result repeats its values (plans, agencies, areas)
    on many rows, and building rdflib terms costs more than evaluating many queries."""

    def __missing__(self, term: object) -> Identifier | None:
        value = self[term] = from_ox(term)
        return value


class _OxTerms(dict):
    """rdflib term -> pyoxigraph term, remembered (a document repeats its subjects and predicates)."""

    def __missing__(self, term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        value = self[term] = to_ox(term)
        return value


@dataclass(frozen=True)
class Row:
    """One SELECT solution: variable name -> rdflib term (missing when unbound)."""

    values: dict[str, Identifier]

    def get(self, name: str) -> Identifier | None:
        return self.values.get(name)

    def __getitem__(self, name: str) -> Identifier | None:
        return self.values.get(name)


@dataclass
class SparqlResult:
    """The result of any query form."""

    kind: str  # select | ask | graph
    columns: list[str] = field(default_factory=list)
    rows: list[dict[str, Identifier]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None


def result_from_ox(result: object) -> SparqlResult:
    """A pyoxigraph query result (solutions, boolean or triples) as a SparqlResult of rdflib terms."""
    if isinstance(result, ox.QueryBoolean):
        return SparqlResult("ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        columns = [v.value for v in result.variables]
        terms = _RdflibTerms()
        rows = []
        for solution in result:
            values = [solution[index] for index in range(len(columns))]
            rows.append({n: terms[v] for n, v in zip(columns, values, strict=True) if v is not None})
        return SparqlResult("select", columns=columns, rows=rows)
    graph = Graph()
    terms = _RdflibTerms()
    for triple in result:  # type: ignore[attr-defined]
        graph.add((terms[triple.subject], terms[triple.predicate], terms[triple.object]))
    return SparqlResult("graph", graph=graph)


def as_triples(data: bytes, graph: URIRef) -> bytes:
    """N-Quads bytes all in ``graph`` (one quad a line, as pyoxigraph writes them: a raw line break ends a
    quad, never a literal) as N-Triples: the graph term dropped from each line."""
    return data.replace(f" {ox.NamedNode(str(graph))} .\n".encode(), b" .\n")


def _triples(triples: Graph | Iterable[Triple] | bytes) -> Iterable[Triple]:
    """Triples given as N-Quads bytes parsed back into rdflib terms (other forms as they are)."""
    if not isinstance(triples, bytes):
        return triples
    parsed = ox.parse(triples, ox.RdfFormat.N_QUADS)
    terms = _RdflibTerms()
    return [(terms[t.subject], terms[t.predicate], terms[t.object]) for t in parsed]  # type: ignore[misc]


def _insert(graph: URIRef, triples: Graph | Iterable[Triple] | bytes) -> str:
    """``INSERT DATA`` of the triples into ``graph`` (N-Quads bytes in ``graph`` are valid SPARQL data as
    N-Triples)."""
    if not isinstance(triples, bytes):
        return insert_data(graph, triples)
    if not triples.strip():
        return ""
    text = as_triples(triples, graph).decode("utf-8")
    return f"INSERT DATA {{ GRAPH {sparql_iri(str(graph))} {{\n{text}\n}} }}"


STAGING_SUFFIX = ".staging"  # beside the store's folder: a first bulk ingest before it moves into place
REPLACED_SUFFIX = ".replaced"  # the empty store's folder, between the two renames of ``replace_with``

LOCKED_HINT = (
    "no other process writing to it: stop `cchc-kg serve`, or use the store through its SPARQL endpoint "
    "(`cchc-kg --endpoint http://HOST:PORT/sparql …`)"
)


def _is_lock_error(exc: OSError) -> bool:
    text = str(exc).lower()
    return "lock" in text or "resource temporarily unavailable" in text


class EmbeddedStore:
    """A pyoxigraph store on disk (or in memory when ``path`` is None).

    ``read_only``: False opens for writing (an error naming the lock when another process, such as
    ``cchc-kg serve``, holds it); True opens read-only; None (the default) opens for writing, or
    read-only when another process holds the lock, and then refuses writes with that error.
    """

    def __init__(self, path: Path | None, *, read_only: bool | None = None) -> None:
        self.path = path
        self.read_only = False
        self._version = 0  # bumped after every write (see ``version``)
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = self._open_read_only(path, None)
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as exc:
            if path is not None and read_only is None and _is_lock_error(exc):
                self._store = self._open_read_only(path, exc)
                return
            if path is not None and _is_lock_error(exc):
                raise StoreError(
                    f"cannot open the store for writing: another process holds its lock ({exc})",
                    source=str(path),
                    expected=LOCKED_HINT,
                ) from exc
            raise StoreError(
                f"cannot open the store: {exc}",
                source=str(path),
                expected="a writable folder not used by another process",
            ) from exc

    def _open_read_only(self, path: Path, locked: OSError | None) -> ox.Store:
        try:
            store = ox.Store.read_only(str(path))
        except OSError as exc:
            because = f"another process holds its lock ({locked}) and " if locked else ""
            raise StoreError(
                f"cannot open the store: {because}it cannot be opened read-only either: {exc}",
                source=str(path),
                expected=LOCKED_HINT,
            ) from exc
        self.read_only = True
        self._locked = locked
        return store

    def _writable(self) -> None:
        """Refuse a write on a store opened read-only, naming the lock."""
        if self.read_only:
            held = (
                "another process (such as `cchc-kg serve`) holds its write lock, so it was opened read-only"
            )
            raise StoreError(
                f"cannot write to the store: {held}"
                if getattr(self, "_locked", None)
                else "cannot write to the store: it was opened read-only",
                source=str(self.path),
                expected=LOCKED_HINT,
            )

    def close(self) -> None:
        """Release the store and its lock on the folder; the object is unusable afterwards."""
        if self._store is not None and self.path is not None and not self.read_only:
            self._store.flush()
        self._store = None

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------------------
    def replace_graphs(
        self,
        graphs: Mapping[URIRef, Graph | Iterable[Triple] | bytes],
        extra_update: str = "",
        *,
        record: tuple[URIRef, URIRef, Iterable[Triple] | bytes] | None = None,
        add: Mapping[URIRef, Iterable[Triple] | bytes] | None = None,
    ) -> None:
        """Replace each named graph with the given triples (a Graph, distinct triples, or N-Quads bytes in
        that graph as pyoxigraph serialises them: one quad a line), in one transaction.

        ``add`` names graphs that only gain triples (a set union: triples already there stay once), in
        the same transaction.

        ``record`` = (graph, subject, triples) states what ``extra_update`` does: replace ``subject``'s
        triples in ``graph`` with ``triples``. When none of ``graphs`` exists yet and ``subject`` has no
        triples in ``graph`` (a first ingest), everything is written natively in one ``Store.load`` of
        N-Quads or one ``Store.extend`` (each one transaction), several times faster than parsing an
        INSERT DATA text; otherwise ``extra_update`` runs as usual.
        """
        self._writable()
        if record is not None and self._all_new(graphs, record[0], record[1]):
            written = (*graphs.items(), *(add or {}).items(), (record[0], record[2]))
            if all(isinstance(triples, bytes) for _, triples in written):
                data = b"".join(triples for _, triples in written)  # type: ignore[misc]
                self._write(lambda: self._store.load(data, ox.RdfFormat.N_QUADS, lenient=True))
                return
            terms = _OxTerms()
            quads: list[ox.Quad] = []
            for name, triples in written:
                graph = ox.NamedNode(str(name))
                quads += (ox.Quad(terms[s], terms[p], terms[o], graph) for s, p, o in _triples(triples))
            self._write(lambda: self._store.extend(quads))
            return
        parts = [drop_update(graphs)]
        parts += [_insert(name, graph) for name, graph in graphs.items()]
        parts += [_insert(name, triples) for name, triples in (add or {}).items()]
        self.update(join_updates([*parts, extra_update]))

    def is_empty(self) -> bool:
        """No quad at all (not even the vocabulary): a first ingest."""
        return next(iter(self._store), None) is None

    def staging(self) -> EmbeddedStore:
        """A new empty store in a folder beside this on-disk one (``<folder>.staging``, a leftover of an
        interrupted ingest removed first), to bulk-load and then move into place with ``replace_with``."""
        if self.path is None:
            raise StoreError("an in-memory store has no folder to stage beside", source="memory")
        folder = self.path.resolve()
        staged = folder.with_name(folder.name + STAGING_SUFFIX)
        shutil.rmtree(staged, ignore_errors=True)
        shutil.rmtree(folder.with_name(folder.name + REPLACED_SUFFIX), ignore_errors=True)
        return EmbeddedStore(staged, read_only=False)

    def bulk_load(self, nquads: bytes) -> None:
        """Add N-Quads with pyoxigraph's bulk loader: several times cheaper than a transaction, and NOT
        one: only for a store nobody reads yet (``staging``), or for data recomputed when interrupted."""
        if nquads:
            self._write(lambda: self._store.bulk_load(nquads, ox.RdfFormat.N_QUADS, lenient=True))

    def replace_with(self, staged: EmbeddedStore) -> None:
        """Take ``staged``'s content (a ``staging`` store) as this store's: both are closed, the staged
        folder is renamed into this one's place, and this object reopens it. Only for an empty store: a
        kill between the two renames leaves no folder, which opens as the empty store it was.

        A process that had this store open read-only keeps seeing it as it was when it opened it (empty),
        as with any write, until it opens it again."""
        self._writable()
        if self.path is None or staged.path is None or not self.is_empty():
            raise StoreError("only an empty on-disk store is replaced by a staged one", source=str(self.path))
        folder, source = self.path.resolve(), staged.path
        staged.close()
        self._store = None  # closed: RocksDB releases its lock and files
        old = folder.with_name(folder.name + REPLACED_SUFFIX)
        try:
            os.rename(folder, old)
            os.rename(source, folder)
        except OSError as exc:
            raise StoreError(f"cannot move the staged store into place: {exc}", source=str(folder)) from exc
        finally:
            if not folder.exists():  # the second rename failed: put the empty store back
                os.rename(old, folder)
            self._store = ox.Store(str(folder))
        shutil.rmtree(old, ignore_errors=True)
        self._version += 1

    def _all_new(self, graphs: Mapping[URIRef, object], record_graph: URIRef, subject: URIRef) -> bool:
        """None of ``graphs`` holds a quad and ``subject`` has no triple in ``record_graph``."""
        for name in graphs:
            if next(self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(name))), None):
                return False
        pattern = (ox.NamedNode(str(subject)), None, None, ox.NamedNode(str(record_graph)))
        return next(self._store.quads_for_pattern(*pattern), None) is None

    def _write(self, write: Callable[[], None]) -> None:
        self._writable()
        try:
            write()
        except OSError as exc:
            raise StoreError(f"write failed: {exc}", source=str(self.path)) from exc
        finally:
            self._version += 1

    def load_constructed(
        self,
        graph: URIRef,
        queries: Iterable[str],
        triples: Iterable[Triple] = (),
        bindings: Bindings | None = None,
    ) -> int:
        """Add the triples of CONSTRUCT ``queries`` (evaluated natively, one after the other, each with
        ``bindings``) and ``triples`` to ``graph`` with the bulk loader; the number of triples it then holds.

        Not one transaction: several times faster than an INSERT, and far lighter on memory, for derived
        data that is recomputed from scratch when an ingest is interrupted (the inference graph).
        """
        target = ox.NamedNode(str(graph))
        for (
            query
        ) in queries:  # one query's triples at a time in memory (the same triple twice is stored once)
            solutions = self._evaluate(query, bindings)
            found = [ox.Quad(t.subject, t.predicate, t.object, target) for t in solutions]  # type: ignore[attr-defined]
            self._write(lambda quads=found: self._store.bulk_extend(quads))
        terms = _OxTerms()
        extra = [ox.Quad(terms[s], terms[p], terms[o], target) for s, p, o in triples]
        self._write(lambda: self._store.bulk_extend(extra))
        # counted by the engine: a scan through Python took ~4 s for 440,000 triples
        [row] = self._evaluate(sparql("graph-size"), {"graph": graph})  # type: ignore[misc]
        return int(row["n"].value)

    def drop_graphs(self, names: Iterable[URIRef]) -> None:
        """Remove named graphs in one transaction."""
        self.update(drop_update(names))

    def update(self, text: str, bindings: Bindings | None = None) -> None:
        """Run a SPARQL Update (transactional), ``bindings`` as VALUES at the start of its WHERE group."""
        if not text.strip():
            return
        self._writable()
        text, _ = prepare(text, bindings, substitute=False)
        try:
            self._store.update(text)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc), source="SPARQL update") from exc
        except OSError as exc:
            raise StoreError(f"write failed: {exc}", source=str(self.path)) from exc
        finally:
            self._version += 1

    def optimize(self) -> None:
        """Compact the on-disk files after a large load (many flushes leave many small files to read)."""
        if self.path is not None:
            self._write(self._store.optimize)

    def flush(self) -> None:
        """Write buffered changes to disk."""
        if self.path is not None and not self.read_only:
            self._store.flush()

    # -- reading -----------------------------------------------------------------------------------
    @property
    def version(self) -> int:
        """Changes after every write through this object (a store opened read-only never changes: nothing
        else can write while it is open), so what is read from the store can be kept until it changes."""
        return self._version

    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]:
        """Run a SELECT over the union of all graphs, with ``bindings`` bound (``queries.binding``).

        A large answer repeats the same terms (plan numbers, agency names, the bound parameters) in many
        rows, and converting a pyoxigraph term costs more than the query itself: each distinct term is
        converted once.
        """
        solutions = self._evaluate(query, bindings)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryEvaluationError("expected a SELECT query", source="SPARQL query")
        names = [v.value for v in solutions.variables]
        terms = _RdflibTerms()
        rows = []
        for solution in solutions:
            values = {}
            for name in names:
                term = solution[name]
                if term is not None:
                    values[name] = terms[term]
            rows.append(Row(values))
        return rows

    def select_values(
        self, query: str, bindings: Bindings | None = None, columns: Sequence[str] | None = None
    ) -> tuple[list[str], list[tuple[object, ...]]]:
        """A SELECT's solutions as plain values (``queries.values``: what the named queries give), with no
        rdflib term built: (columns, rows), each row the values of ``columns`` (None: every variable of the
        query) in that order, None where unbound. Several times cheaper than ``select`` on a large answer."""
        solutions = self._evaluate(query, bindings)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryEvaluationError("expected a SELECT query", source="SPARQL query")
        names = [v.value for v in solutions.variables]
        wanted = list(names if columns is None else columns)
        index = {name: i for i, name in enumerate(names)}
        positions = [index.get(name, -1) for name in wanted]
        typed = OxValues()  # typed literals (numbers, dates) read once each
        seen: dict[object, object] = {}  # every distinct term read once: answers repeat their values
        string, literal = XSD_STRING, ox.Literal
        rows = []
        for solution in solutions:
            row = []
            for position in positions:
                term = solution[position] if position >= 0 else None
                if term is None:
                    row.append(None)
                    continue
                value = seen.get(term, seen)
                if value is seen:
                    if type(term) is not literal or term.language or term.datatype.value == string:
                        value = term.value
                    else:
                        value = typed[term]
                    seen[term] = value
                row.append(value)
            rows.append(tuple(row))
        return wanted, rows

    def run(self, query: str, bindings: Bindings | None = None) -> SparqlResult:
        """Run any query form: SELECT gives columns and rows, ASK a boolean, CONSTRUCT/DESCRIBE a graph."""
        return result_from_ox(self._evaluate(query, bindings))

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        """Run an ASK query."""
        return bool(self._evaluate(query, bindings))

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        """Run a CONSTRUCT (or DESCRIBE) query: its triples as an rdflib Graph."""
        graph = Graph()
        terms = _RdflibTerms()
        for triple in self._evaluate(query, bindings):
            graph.add((terms[triple.subject], terms[triple.predicate], terms[triple.object]))
        return graph

    def _evaluate(self, query: str, bindings: Bindings | None):
        text, substituted = prepare(query, bindings, substitute=True)
        try:
            return self._store.query(
                text, use_default_graph_as_union=True, substitutions=substitutions(substituted)
            )
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc), source="SPARQL query") from exc
        except OSError as exc:
            raise StoreError(f"query failed: {exc}", source=str(self.path)) from exc
        except RuntimeError as exc:
            raise QueryEvaluationError(str(exc), source="SPARQL query") from exc

    def export(self, target: io.BufferedWriter, rdf_format: str, graph: URIRef | None = None) -> None:
        """Write the store (quad formats), one named graph, or the union of all graphs (triple formats).

        ``rdf_format`` is one of ``nq``, ``trig`` (every graph), ``nt``, ``ttl``, ``jsonld``.
        """
        formats = {
            "nq": ox.RdfFormat.N_QUADS,
            "trig": ox.RdfFormat.TRIG,
            "nt": ox.RdfFormat.N_TRIPLES,
            "ttl": ox.RdfFormat.TURTLE,
            "jsonld": ox.RdfFormat.JSON_LD,
        }
        if rdf_format not in formats:
            raise CchcError(f"unknown export format {rdf_format!r}", expected=", ".join(formats))
        chosen = formats[rdf_format]
        prefixes = PREFIXES if chosen in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
        if graph is not None:
            self._store.dump(target, chosen, from_graph=ox.NamedNode(str(graph)), prefixes=prefixes)
        elif chosen in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            self._store.dump(target, chosen, prefixes=prefixes)
        else:
            union = ox.Store()
            union.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in self._store)
            union.dump(target, chosen, from_graph=ox.DefaultGraph(), prefixes=prefixes)

    def named_graphs(self) -> list[URIRef]:
        """The named graphs, sorted."""
        return sorted(URIRef(g.value) for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def graph(self, name: URIRef) -> Graph:
        """One named graph as an rdflib Graph."""
        graph = Graph()
        for quad in self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(name))):
            graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
        return graph

    def quads(self) -> Iterator[tuple[Node, Node, Node, Node]]:
        """Every quad (graph None for the default graph)."""
        for quad in self._store:
            graph = quad.graph_name
            name = URIRef(graph.value) if isinstance(graph, ox.NamedNode) else None
            yield from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object), name

    def __len__(self) -> int:
        return len(self._store)
