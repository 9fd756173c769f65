"""A query worker process: ``python -m api.serving.query_worker STORE_PATH``.

Opens the store read-only (``pyoxigraph.Store.read_only``) and answers query requests from stdin on stdout,
one at a time. Each message is a 4-byte big-endian length and a pickle. The parent
(``api.serving.query_pool``)
kills the process when a query runs past its time limit: pyoxigraph 0.5 has no way to interrupt a query,
and a killed process is the one stop that always works (see api/README.md).

Imports only the standard library and pyoxigraph, so it starts in a fraction of a second.

Request: ``{"query": str, "substitutions": {name: term}, "limit": int | None}``; a term is
``("u", iri)``, ``("b", id)`` or ``("l", text, datatype | None, language | None)``.
Answer: ``("select", columns, rows, truncated)`` with rows as tuples of terms (None when unbound),
``("ask", bool)``, ``("graph", triples, truncated)``, or ``("error", kind, message)`` with kind
``syntax`` | ``evaluation`` | ``store``.
"""

from __future__ import annotations

import os
import pickle
import struct
import sys
import threading
import time
from typing import Any, BinaryIO

import pyoxigraph as ox

Term = tuple[Any, ...]
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def encode(term: object) -> Term | None:
    """A pyoxigraph term as a plain tuple (picklable without pyoxigraph on the other side)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("u", term.value)
    if isinstance(term, ox.BlankNode):
        return ("b", term.value)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value if term.datatype else None
        if term.language or datatype == XSD_STRING:
            datatype = None
        return ("l", term.value, datatype, term.language)
    raise TypeError(f"cannot encode {term!r}")


def decode(term: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A plain tuple as a pyoxigraph term (the substitutions of a request)."""
    kind = term[0]
    if kind == "u":
        return ox.NamedNode(term[1])
    if kind == "b":
        return ox.BlankNode(term[1])
    _, value, datatype, language = term
    if language:
        return ox.Literal(value, language=language)
    if datatype:
        return ox.Literal(value, datatype=ox.NamedNode(datatype))
    return ox.Literal(value)


def evaluate(store: ox.Store, request: dict[str, Any]) -> tuple[Any, ...]:
    """Run one request; stop reading solutions after ``limit`` (the row cap) and flag the cut."""
    limit = request.get("limit")
    try:
        substitutions = {ox.Variable(k): decode(v) for k, v in (request.get("substitutions") or {}).items()}
    except ValueError as exc:  # e.g. an IRI with a character IRIs cannot hold
        return ("error", "evaluation", f"a bound value is not a valid RDF term: {exc}")
    dataset: dict[str, Any] = {"use_default_graph_as_union": True}
    if request.get("default_graph") is not None:  # the protocol's default-graph-uri / named-graph-uri
        dataset = {
            "default_graph": [ox.NamedNode(iri) for iri in request["default_graph"]],
            "named_graphs": [ox.NamedNode(iri) for iri in request.get("named_graphs") or ()],
        }
    try:
        result = store.query(request["query"], substitutions=substitutions, **dataset)
        if isinstance(result, ox.QueryBoolean):
            return ("ask", bool(result))
        if isinstance(result, ox.QuerySolutions):
            columns = [v.value for v in result.variables]
            width = range(len(columns))
            encoded: dict[object, Term | None] = {}  # a repeated value is encoded (and pickled) once
            rows: list[tuple[Term | None, ...]] = []
            for solution in result:
                if limit is not None and len(rows) >= limit:
                    return ("select", columns, rows, True)
                row = []
                for index in width:
                    term = solution[index]
                    if term not in encoded:
                        encoded[term] = encode(term)
                    row.append(encoded[term])
                rows.append(tuple(row))
            return ("select", columns, rows, False)
        triples = []
        for triple in result:
            if limit is not None and len(triples) >= limit:
                return ("graph", triples, True)
            triples.append((encode(triple.subject), encode(triple.predicate), encode(triple.object)))
        return ("graph", triples, False)
    except SyntaxError as exc:
        return ("error", "syntax", str(exc))
    except OSError as exc:
        return ("error", "store", str(exc))
    except (RuntimeError, ValueError, TypeError) as exc:
        return ("error", "evaluation", str(exc))


def read_message(stream: BinaryIO) -> Any | None:
    """The next message, or None at end of input."""
    header = stream.read(4)
    if len(header) < 4:
        return None
    (size,) = struct.unpack(">I", header)
    return pickle.loads(stream.read(size))


def write_message(stream: BinaryIO, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack(">I", len(data)) + data)
    stream.flush()


def exit_with_parent(parent: int) -> None:
    """End this process when the server that started it is gone (even in the middle of a query)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


OPEN_ATTEMPTS = 3


def open_read_only(path: str) -> ox.Store:
    """The store, read-only. A file the writer's background compaction removes between RocksDB reading
    its manifest and opening the file fails the open ("Corruption: … No such file"): tried again."""
    for attempt in range(OPEN_ATTEMPTS):
        try:
            return ox.Store.read_only(path)
        except (OSError, RuntimeError) as exc:
            if attempt == OPEN_ATTEMPTS - 1 or "no such file" not in str(exc).lower():
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def main(path: str) -> int:
    """Serve requests until stdin closes."""
    exit_with_parent(os.getppid())
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    try:
        store = open_read_only(path)
    except (OSError, RuntimeError) as exc:
        write_message(stdout, ("error", "store", f"cannot open the store read-only: {exc}"))
        return 1
    write_message(stdout, ("ready",))
    while (request := read_message(stdin)) is not None:
        try:
            answer = evaluate(store, request)
        except Exception as exc:  # any failure is the query's, never the end of the worker
            answer = ("error", "evaluation", f"{type(exc).__name__}: {exc}")
        write_message(stdout, answer)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
