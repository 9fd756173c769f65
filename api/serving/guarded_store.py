"""The store as the HTTP app sees it: every read query under the time limit and the row cap.

``GuardedStore`` wraps an ``EmbeddedStore``. Reads (``select``, ``run``, ``ask``, ``construct``) go

* to a pool of worker processes that open the store read-only (``api.serving.query_pool``), when the
store is on
  disk and ``Settings.query_workers`` > 0 (what ``cchc-kg serve`` does): a query past the deadline is
  stopped by killing its process, so it frees its CPU and memory at once;
* otherwise (an in-memory store, or ``query_workers = 0``) to a small thread pool: the caller gets the
  time-limit error at the deadline, but the query itself runs on in its thread until it ends (pyoxigraph
  0.5 cannot interrupt a query). That mode is for tests and in-memory stores.

Answers are kept until the next write (``api.serving.result_cache``: concurrent requests for one
question share
one computation). Writes (``update``, ``replace_graphs``, ``drop_graphs``, and the embedded store's own
``load_constructed`` …) go to the wrapped store in this process; after each the kept answers are dropped
and the workers reopen the store. Everything else (``graph``, ``named_graphs``, ``quads``, ``export``,
``len``) is the wrapped store's. It is a ``queries.protocol.Store``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, TypeVar

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier, Node

from api.serving.limits import QueryTimeout, RequestLimits, current_limits, timeout_message
from api.serving.query_pool import WorkerPool
from api.serving.result_cache import Cached, ResultCache, WaitTimeout, is_cacheable
from api.settings import Settings
from queries.binding import Bindings, prepare
from queries.library import solutions
from queries.protocol import Store, Wrapped
from queries.store import QueryEvaluationError, QuerySyntaxError, Row, SparqlResult, StoreError
from queries.values import python_value

WRITES = frozenset(
    {
        "update",
        "replace_graphs",
        "drop_graphs",
        "load",
        "load_constructed",
        "add",
        "extend",
        "clear",
        "remove",
    }
)
THREADS = 4
T = TypeVar("T")


def encode_term(term: Node) -> tuple[Any, ...]:
    """An rdflib term as the worker's plain tuple."""
    if isinstance(term, URIRef):
        return ("u", str(term))
    if isinstance(term, BNode):
        return ("b", str(term))
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype and not term.language else None
        return ("l", str(term), datatype, term.language)
    raise TypeError(f"cannot bind {term!r}")


def decode_term(term: tuple[Any, ...] | None) -> Identifier | None:
    """The worker's plain tuple as an rdflib term (as ``queries.store.from_ox`` converts)."""
    if term is None:
        return None
    if term[0] == "u":
        return URIRef(term[1])
    if term[0] == "b":
        return BNode(term[1])
    _, value, datatype, language = term
    if language:
        return Literal(value, lang=language)
    return Literal(value, datatype=URIRef(datatype) if datatype else None)


class _Decoded(dict):
    """Worker tuple -> rdflib term, remembered."""

    def __missing__(self, term: tuple[Any, ...]) -> Identifier | None:
        value = self[term] = decode_term(term)
        return value


def _raise_error(answer: tuple[Any, ...]) -> None:
    """The domain error a worker's answer reports, if it reports one."""
    if answer[0] != "error":
        return
    _, error_kind, message = answer
    if error_kind == "syntax":
        raise QuerySyntaxError(message, source="SPARQL query")
    if error_kind == "store":
        raise StoreError(f"query failed: {message}")
    raise QueryEvaluationError(message, source="SPARQL query")


def _answer(answer: tuple[Any, ...], limits: RequestLimits) -> SparqlResult:
    """A worker's answer as a SparqlResult (or the domain error it reports)."""
    _raise_error(answer)
    kind = answer[0]
    if kind == "ask":
        return SparqlResult("ask", boolean=answer[1])
    if kind == "select":
        _, columns, rows, truncated = answer
        limits.rows_capped |= truncated
        terms = _Decoded()  # a value repeated over rows is decoded once
        out = []
        for row in rows:
            out.append({name: terms[t] for name, t in zip(columns, row, strict=True) if t is not None})
        return SparqlResult("select", columns=list(columns), rows=out)
    _, triples, truncated = answer
    limits.rows_capped |= truncated
    terms = _Decoded()
    graph = Graph()
    for s, p, o in triples:
        graph.add((terms[s], terms[p], terms[o]))
    return SparqlResult("graph", graph=graph)


class _Plain(dict):
    """Worker tuple -> plain value (``queries.values``: as ``python_value`` reads its rdflib term); IRIs,
    blank nodes and text are their text, other typed literals are read by rdflib once each."""

    def __missing__(self, term: tuple[Any, ...]) -> object:
        value = self[term] = python_value(decode_term(term))
        return value


def _values(
    answer: tuple[Any, ...], columns: Sequence[str] | None, limits: RequestLimits
) -> tuple[list[str], list[tuple[object, ...]]]:
    """A worker's SELECT answer as (columns, rows of plain values), straight from its tuples."""
    _raise_error(answer)
    if answer[0] != "select":
        raise QueryEvaluationError("expected a SELECT query", source="SPARQL query")
    _, names, rows, truncated = answer
    limits.rows_capped |= truncated
    wanted = list(names if columns is None else columns)
    index = {name: i for i, name in enumerate(names)}
    positions = [index.get(name, -1) for name in wanted]
    typed = _Plain()
    out = []
    for row in rows:
        values = []
        for position in positions:
            term = row[position] if position >= 0 else None
            if term is None:
                values.append(None)
            elif term[0] != "l" or term[2] is None or term[3]:
                values.append(term[1])
            else:
                values.append(typed[term])
        out.append(tuple(values))
    return wanted, out


def _cap(result: SparqlResult, limits: RequestLimits) -> SparqlResult:
    """At most ``max_rows`` rows (thread mode; the workers stop reading at the cap themselves)."""
    if result.kind == "select" and len(result.rows) > limits.max_rows:
        limits.rows_capped = True
        return SparqlResult("select", columns=result.columns, rows=result.rows[: limits.max_rows])
    return result


class GuardedStore(Wrapped):
    """An EmbeddedStore whose read queries obey the request's time limit and row cap."""

    supports_dataset = True  # run() takes default_graphs / named_graphs

    def __init__(self, inner: Store, settings: Settings) -> None:
        super().__init__(inner)
        self.settings = settings
        path = getattr(inner, "path", None)
        self.pool: WorkerPool | None = None
        self._threads: ThreadPoolExecutor | None = None
        if path is not None and settings.query_workers > 0:
            self.pool = WorkerPool(path, settings.query_workers, settings.worker_memory_mb * 2**20)
        else:
            self._threads = ThreadPoolExecutor(THREADS, thread_name_prefix="cchc-query")
        self.cache = ResultCache(settings.result_cache_cells)

    # -- reading -----------------------------------------------------------------------------------
    def run(
        self,
        query: str,
        bindings: Bindings | None = None,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> SparqlResult:
        """Any query form over the union of the graphs, or over the given dataset."""
        limits = current_limits(self.settings.query_timeout, self.settings.max_rows)
        if limits.remaining() <= 0:
            raise QueryTimeout(timeout_message(limits, "the request"))

        def compute() -> Cached:
            own = RequestLimits(limits.deadline, limits.timeout, limits.max_rows)
            result = self._run(query, bindings, default_graphs, named_graphs, own)
            return Cached(result, own.rows_capped)

        key = (
            query,
            tuple(sorted((k, encode_term(v)) for k, v in (bindings or {}).items())),
            tuple(default_graphs or ()),
            tuple(named_graphs or ()) if named_graphs is not None else None,
            limits.max_rows,
        )
        return self._kept(query, key, compute, limits)

    def _kept(
        self, query: str, key: tuple[Any, ...], compute: Callable[[], Cached], limits: RequestLimits
    ) -> SparqlResult:
        """``compute()``'s answer, kept until the next write (unless the cache is off or the answer may
        change from run to run); the row cap it met is the request's."""
        if not self.cache.enabled or not is_cacheable(query):
            answer = compute()
        else:
            try:
                answer = self.cache.get_or_compute(key, compute, limits.remaining())
            except WaitTimeout:
                raise QueryTimeout(
                    timeout_message(limits, "the query (asked by another request too)")
                ) from None
        limits.rows_capped |= answer.capped
        return answer.result

    def select_values(
        self, query: str, bindings: Bindings | None = None, columns: Sequence[str] | None = None
    ) -> tuple[list[str], list[tuple[object, ...]]]:
        """A SELECT's solutions as plain values (``EmbeddedStore.select_values``), under the request's
        limits: read straight from the worker's answer, no rdflib term built."""
        limits = current_limits(self.settings.query_timeout, self.settings.max_rows)
        if limits.remaining() <= 0:
            raise QueryTimeout(timeout_message(limits, "the request"))

        def compute() -> Cached:
            own = RequestLimits(limits.deadline, limits.timeout, limits.max_rows)
            names, rows = self._select_values(query, bindings, columns, own)
            return Cached(SparqlResult("values", columns=names, rows=rows), own.rows_capped)  # type: ignore[arg-type]

        key = (
            "values",
            query,
            tuple(sorted((k, encode_term(v)) for k, v in (bindings or {}).items())),
            None if columns is None else tuple(columns),
            limits.max_rows,
        )
        result = self._kept(query, key, compute, limits)
        return list(result.columns), list(result.rows)  # type: ignore[arg-type]

    def _select_values(
        self,
        query: str,
        bindings: Mapping[str, Node] | None,
        columns: Sequence[str] | None,
        limits: RequestLimits,
    ) -> tuple[list[str], list[tuple[object, ...]]]:
        if self.pool is not None:
            text, substituted = prepare(query, bindings, substitute=True)  # as EmbeddedStore binds
            request = {
                "query": text,
                "substitutions": {k: encode_term(v) for k, v in substituted.items()},
                "limit": limits.max_rows,
            }
            return _values(self.pool.call(request, limits), columns, limits)
        names, rows = self._in_thread(lambda: solutions(self.inner, query, bindings or {}, columns), limits)
        if len(rows) > limits.max_rows:
            limits.rows_capped = True
            rows = rows[: limits.max_rows]
        return names, rows

    def _run(
        self,
        query: str,
        bindings: Mapping[str, Node] | None,
        default_graphs: Sequence[str] | None,
        named_graphs: Sequence[str] | None,
        limits: RequestLimits,
    ) -> SparqlResult:
        if self.pool is not None:
            text, substituted = prepare(query, bindings, substitute=True)  # as EmbeddedStore binds
            request = {
                "query": text,
                "substitutions": {k: encode_term(v) for k, v in substituted.items()},
                "limit": limits.max_rows,
                "default_graph": list(default_graphs) if default_graphs or named_graphs else None,
                "named_graphs": list(named_graphs or ()) if default_graphs or named_graphs else None,
            }
            return _answer(self.pool.call(request, limits), limits)
        if default_graphs or named_graphs:
            from api.sparql_protocol import run_on_dataset

            return _cap(
                self._in_thread(
                    lambda: run_on_dataset(self.inner, query, default_graphs or [], named_graphs or []),
                    limits,
                ),
                limits,
            )
        return _cap(self._in_thread(lambda: self.inner.run(query, bindings), limits), limits)

    def _in_thread(self, call: Callable[[], T], limits: RequestLimits) -> T:
        assert self._threads is not None
        future: Future[T] = self._threads.submit(call)
        try:
            return future.result(timeout=max(0.0, limits.remaining()))
        except ValueError as exc:  # a bound value pyoxigraph refuses (an IRI holding '"', …)
            raise QueryEvaluationError(f"a bound value is not a valid RDF term: {exc}") from None
        except FutureTimeout:
            future.cancel()
            raise QueryTimeout(
                timeout_message(limits, "the query") + " (its thread runs on: in-memory store)",
                expected="a narrower query (LIMIT, more specific patterns)",
            ) from None

    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]:
        """A SELECT's solutions, under the request's limits."""
        result = self.run(query, bindings)
        if result.kind != "select":
            raise QueryEvaluationError("expected a SELECT query", source="SPARQL query")
        return [Row(values) for values in result.rows]

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        """An ASK's answer, under the request's limits."""
        return bool(self.run(query, bindings).boolean)

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        """A CONSTRUCT's triples, under the request's limits."""
        return self.run(query, bindings).graph or Graph()

    # -- writing and the rest ----------------------------------------------------------------------
    def after_write(self) -> None:
        """The store changed: forget kept answers, flush it and let the workers reopen it."""
        self.cache.clear()
        if self.pool is not None:
            flush = getattr(self.inner, "flush", None)
            if flush is not None:
                flush()
            self.pool.invalidate()

    def written(self) -> None:
        self.after_write()

    def __getattr__(self, name: str) -> Any:
        value = getattr(self.inner, name)
        if name in WRITES and callable(value):

            def write(*args: Any, **kwargs: Any) -> Any:
                try:
                    return value(*args, **kwargs)
                finally:
                    self.after_write()

            return write
        return value

    def close(self) -> None:
        """Stop the workers (or the threads) and close the wrapped store."""
        if self.pool is not None:
            self.pool.close()
        if self._threads is not None:
            self._threads.shutdown(wait=False, cancel_futures=True)
        close = getattr(self.inner, "close", None)
        if close is not None:
            close()
