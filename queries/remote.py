"""A store on any SPARQL 1.1 endpoint (tested against Virtuoso), with the same interface as EmbeddedStore.

Reads go through the SPARQL 1.1 Protocol as URL-encoded POSTs (no length limit from URLs) and come back
as SPARQL JSON, converted to rdflib terms. Writes are SPARQL Updates POSTed to the update URL and, where
there is one, whole graphs PUT to a Graph Store Protocol endpoint, with HTTP Digest (or Basic)
authentication when credentials are given (Virtuoso: ``/sparql-auth`` and ``/sparql-graph-crud-auth``).
SPARQLWrapper builds the requests and negotiates formats; it is given a private urllib opener, so the
credentials never land in urllib's process-wide opener, and every request has the store's timeout.

The protocol has no parameter substitution, so bindings become a ``VALUES`` block placed at the start of
the query's WHERE group (and of each sub-select that mentions the variable), written from the rdflib
terms with strict escaping (``queries.binding``): a bound value is always a single RDF term, never query
text.

Virtuoso specifics (Debian's 7.2.5), handled here or to keep in mind when writing queries:

- the default graph without FROM is the union of all graphs, Virtuoso's own system graphs
  (``virtrdf#`` and friends) included; ``named_graphs()``/``quads()``/``len()`` leave those out;
- a result cut at ``ResultSetMaxRows`` is flagged only by the ``X-SPARQL-MaxRows`` header: ``select``
  raises RemoteStoreError (or warns, with ``on_truncated="warn"``); ``graph``/``quads`` page with
  LIMIT/OFFSET and check the count (no ORDER BY: sorting for an OFFSET past 10,000 rows is refused);
- INSERT DATA is compiled to SQL triple by triple: about 1 ms a triple, a statement of ~2,000 triples
  fails, several large statements in one request take minutes. Hence graphs are uploaded through the
  Graph Store Protocol into staging graphs, then moved into place by one small update (with the
  caller's ``extra_update``), so readers see all old or all new graphs;
- INSERT DATA refuses blank nodes: on the SPARQL Update path they go in as ``INSERT {...} WHERE {}``;
- Virtuoso closes the connection after its 401, so a large upload cannot be retried after a Digest
  challenge: the Digest handler here signs requests up front once it has seen a challenge;
- a property path with both ends unbound (``?a rdfs:subClassOf+ ?b`` inside ``GRAPH ?g``) is refused
  ("transitive derived table"); literals come back canonical (``1.50`` -> ``1.5``, ``+00:00`` -> ``Z``,
  language tags in lower case, large xsd:integer values may come back as xsd:decimal); non-ASCII
  characters written in the query text come back as ``?`` through GROUP_CONCAT and garble data in
  CONCAT: keep query literals ASCII and bind or post-process anything else;
- chained regex ``REPLACE`` over non-ASCII text garbles from the second step on unless each step reads
  ``CONCAT(previous, "")``; ``OPTIONAL { ?n a ?c FILTER(?c = <C>) }`` can leave ``?c`` bound with no
  match (write ``OPTIONAL { ?n a <C> BIND(true AS ?isC) }``); ``BOUND()`` can be wrong on a variable set
  by BIND in one UNION branch (use COALESCE); joins of several DISTINCT sub-selects can drop rows.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
import warnings
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Identifier, Node
from SPARQLWrapper import JSON, POST, TURTLE, URLENCODED, SPARQLWrapper
from SPARQLWrapper.Wrapper import ASK, CONSTRUCT, DROP, SELECT

from ontology.errors import CchcError
from ontology.prefixes import bind_prefixes
from queries.binding import (
    Bindings,
    bind_values,
    drop_update,
    join_updates,
    query_form,
    sparql_iri,
    sparql_term,
)
from queries.errors import QuerySyntaxError
from queries.sparql import sparql
from queries.store import Row, SparqlResult, Triple

VIRTUOSO_SYSTEM_GRAPHS: tuple[str, ...] = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/",
    "http://www.openlinksw.com/schemas/",
)
"""IRI prefixes of graphs Virtuoso creates for itself; not ours, so never listed."""

STAGING_PREFIX = "urn:cchc-kg:staging:"
"""Graphs being uploaded before they replace the real ones; never listed."""

MAX_ROWS_HEADER = "X-SPARQL-MaxRows"


class RemoteStoreError(CchcError):
    """The SPARQL endpoint is unreachable, too slow, refuses us, or answers with an error."""

    status = 502

    def __init__(self, message: str, *, status: int | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        if status is not None:
            self.status = status


# -- reading SPARQL JSON ---------------------------------------------------------------------------


def term_from_json(value: Mapping[str, str]) -> Identifier:
    """One SPARQL JSON result value -> rdflib term (also Virtuoso's SPARQL 1.0 ``typed-literal``)."""
    kind = value.get("type")
    text = value.get("value", "")
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if kind in ("literal", "typed-literal"):
        lang = value.get("xml:lang")
        if lang:
            return Literal(text, lang=lang)
        datatype = value.get("datatype")
        if datatype and datatype not in (str(XSD.string), str(RDF.langString)):
            return Literal(text, datatype=URIRef(datatype))
        return Literal(text)
    raise RemoteStoreError(f"unexpected term type in the endpoint's answer: {kind!r}")


# -- the store -------------------------------------------------------------------------------------


def guess_graph_store_url(update_url: str) -> str | None:
    """Virtuoso's authenticated Graph Store endpoint next to its ``/sparql-auth``; None elsewhere."""
    if update_url.rstrip("/").endswith("/sparql-auth"):
        return update_url.rstrip("/")[: -len("/sparql-auth")] + "/sparql-graph-crud-auth"
    return None


class _PreemptiveDigest(urllib.request.HTTPDigestAuthHandler):
    """Digest auth that, once challenged, signs later requests up front.

    Plain urllib answers every request's 401 by sending it again; Virtuoso closes the connection after
    its 401, so a large upload fails with a broken pipe before the challenge can be read. Reusing the
    last challenge (nonce count increasing) avoids the 401 round trip altogether.
    """

    def __init__(self, passwords: urllib.request.HTTPPasswordMgr) -> None:
        super().__init__(passwords)
        self._challenge: dict[str, str] | None = None

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        if self._challenge is not None and not req.has_header(self.auth_header):
            authorization = self.get_authorization(req, self._challenge)
            if authorization:
                req.add_unredirected_header(self.auth_header, f"Digest {authorization}")
        return req

    https_request = http_request

    def retry_http_digest_auth(self, req: urllib.request.Request, auth: str) -> Any:
        _, challenge = auth.split(" ", 1)
        self._challenge = urllib.request.parse_keqv_list(
            filter(None, urllib.request.parse_http_list(challenge))
        )
        return super().retry_http_digest_auth(req, auth)

    @property
    def challenged(self) -> bool:
        return self._challenge is not None


class _Wrapper(SPARQLWrapper):
    """SPARQLWrapper that sends through a given opener and lets HTTP errors through unchanged."""

    def __init__(
        self, endpoint: str, update_endpoint: str, opener: urllib.request.OpenerDirector, timeout: float
    ) -> None:
        super().__init__(endpoint, updateEndpoint=update_endpoint)
        self._opener = opener
        self._seconds = timeout  # setTimeout() would round it down to whole seconds (0.5 -> 0)

    def _query(self) -> tuple[Any, str]:
        request = self._createRequest()
        return self._opener.open(request, timeout=self._seconds), self.returnFormat


class RemoteStore:
    """A SPARQL 1.1 endpoint used like EmbeddedStore (select/ask/construct/update/replace_graphs...).

    ``update_url`` defaults to ``query_url``; ``user``/``password`` are sent with HTTP Digest (or Basic,
    whichever the server asks for) to both. ``graph_store_url`` is where whole graphs are PUT (Graph
    Store Protocol); ``"auto"`` derives Virtuoso's ``/sparql-graph-crud-auth`` from a ``/sparql-auth``
    update URL and otherwise loads through SPARQL Update (``None`` forces that). Virtuoso compiles
    every INSERT DATA triple into SQL: slow (about 1 ms a triple) and limited (a statement of 2,000
    triples fails), hence the Graph Store path and ``chunk_triples``.
    """

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        user: str | None = None,
        password: str | None = None,
        timeout: float = 30,
        *,
        graph_store_url: str | None = "auto",
        chunk_triples: int = 500,
        page_size: int = 5000,
        on_truncated: str = "raise",
        system_graphs: tuple[str, ...] = VIRTUOSO_SYSTEM_GRAPHS,
    ) -> None:
        if not timeout > 0:
            raise ValueError("timeout must be a positive number of seconds")
        if on_truncated not in ("raise", "warn"):
            raise ValueError("on_truncated is 'raise' or 'warn'")
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.user = user
        self.timeout = timeout
        self.chunk_triples = chunk_triples
        self.page_size = page_size
        self.on_truncated = on_truncated
        self.system_graphs = (*system_graphs, STAGING_PREFIX)
        self.graph_store_url = (
            guess_graph_store_url(self.update_url) if graph_store_url == "auto" else graph_store_url
        )
        self.path = None  # what EmbeddedStore calls its location; a remote store has none
        self._digest: _PreemptiveDigest | None = None
        handlers: list[urllib.request.BaseHandler] = []
        if user is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            urls = [self.query_url, self.update_url, *filter(None, [self.graph_store_url])]
            passwords.add_password(None, urls, user, password or "")
            self._digest = _PreemptiveDigest(passwords)
            handlers += [self._digest, urllib.request.HTTPBasicAuthHandler(passwords)]
        self._opener = urllib.request.build_opener(*handlers)

    def __repr__(self) -> str:
        return f"RemoteStore({self.query_url!r}, update_url={self.update_url!r})"

    # -- transport ---------------------------------------------------------------------------------
    def _wrapper(self, text: str, query_type: str, return_format: str) -> _Wrapper:
        wrapper = _Wrapper(self.query_url, self.update_url, self._opener, self.timeout)
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(URLENCODED)
        wrapper.setOnlyConneg(True)
        wrapper.setReturnFormat(return_format)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # its regex type guess; we set the type
            wrapper.setQuery(text)
        wrapper.queryType = query_type
        return wrapper

    def _send(self, text: str, query_type: str, return_format: str = JSON) -> tuple[bytes, dict[str, str]]:
        """POST one request; the body and headers, or a domain error. Never waits past ``timeout``."""
        url = self.update_url if query_type == DROP else self.query_url
        what = "update" if query_type == DROP else "query"
        try:
            result = self._wrapper(text, query_type, return_format).query()
            headers = {k.lower(): v for k, v in result.response.headers.items()}
            body = result.response.read()
            result.response.close()
            return body, headers
        except urllib.error.HTTPError as exc:
            raise self._http_error(exc, url, what) from exc
        except (TimeoutError, urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
            raise self._transport_error(exc, url, what) from exc

    def _transport_error(self, exc: Exception, url: str, what: str) -> RemoteStoreError:
        """Connection refused, timeout, reset...: a RemoteStoreError (504 for timeouts, else 502)."""
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        if isinstance(reason, TimeoutError):
            return self._timeout(url, what)
        if isinstance(exc, urllib.error.URLError):
            return RemoteStoreError(
                f"cannot reach the SPARQL endpoint: {reason}",
                source=url,
                expected="a running SPARQL 1.1 endpoint at this URL",
            )
        return RemoteStoreError(f"the SPARQL {what} failed: {exc}", source=url)

    def _timeout(self, url: str, what: str) -> RemoteStoreError:
        late = " (the server may still apply it)" if what != "query" else ""
        return RemoteStoreError(
            f"the SPARQL endpoint did not answer the {what} within {self.timeout:g} s{late}",
            source=url,
            status=504,
            expected="a faster endpoint, a narrower query, or a larger timeout",
        )

    def _http_error(self, exc: urllib.error.HTTPError, url: str, what: str) -> CchcError:
        try:
            detail = exc.read().decode("utf-8", errors="replace").strip()
        except OSError:
            detail = ""
        detail = " ".join(detail.split("\n\nSPARQL query:")[0].split())[:500] or exc.reason
        if exc.code == 400:
            return QuerySyntaxError(f"the endpoint rejected the {what}: {detail}", source=url)
        if exc.code in (401, 403):
            return RemoteStoreError(
                f"the endpoint refused the credentials (HTTP {exc.code}): {detail}",
                source=url,
                expected="the update URL and a user allowed to write (Virtuoso: /sparql-auth, Digest)",
            )
        if "SR186" in detail or "permission" in detail.lower():
            return RemoteStoreError(
                f"the endpoint does not allow this {what}: {detail}",
                source=url,
                expected="an update URL and credentials allowed to write (Virtuoso: /sparql-auth)",
            )
        return RemoteStoreError(f"the endpoint failed (HTTP {exc.code}): {detail}", source=url)

    def _json(self, text: str, query_type: str) -> dict[str, Any]:
        body, headers = self._send(text, query_type)
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise RemoteStoreError(
                f"the endpoint's answer is not SPARQL JSON: {body[:200]!r}", source=self.query_url
            ) from exc
        results = data.get("results", {}) if isinstance(data, dict) else None
        if not isinstance(data, dict) or not isinstance(results, dict):
            raise RemoteStoreError(
                f"the endpoint's answer is not SPARQL JSON: {body[:200]!r}", source=self.query_url
            )
        if not isinstance(results.get("bindings", []), list):
            raise RemoteStoreError(
                f"the endpoint's answer is not SPARQL JSON: {body[:200]!r}", source=self.query_url
            )
        cap = headers.get(MAX_ROWS_HEADER.lower())
        if cap is not None:
            data["_truncated_at"] = int(cap) if cap.strip().isdigit() else cap
        return data

    # -- writing -----------------------------------------------------------------------------------
    def update(self, text: str, bindings: Bindings | None = None) -> None:
        """Run a SPARQL Update (one request; Virtuoso commits it as one transaction), ``bindings`` as
        VALUES at the start of its WHERE group."""
        if text.strip():
            self._send(bind_values(text, bindings), DROP)

    def replace_graphs(
        self,
        graphs: Mapping[URIRef, Graph],
        extra_update: str = "",
        *,
        add: Mapping[URIRef, Iterable[Triple]] | None = None,
        record: tuple[URIRef, URIRef, Iterable[Triple]] | None = None,
    ) -> None:
        """Replace each named graph with the given triples; readers see all old or all new graphs.

        ``record`` is the embedded store's hint for a first ingest (``extra_update`` already does it).

        With a Graph Store endpoint each graph is PUT into a staging graph first, then one update
        request moves every staging graph into place and runs ``extra_update``. Without one, the whole
        replacement is one update request of DROP + chunked INSERT DATA statements. ``add`` names
        graphs that only gain triples (INSERT DATA, in the same request as the replacement).
        """
        additions = [
            text for name, triples in (add or {}).items() for text in self._insert_statements(name, triples)
        ]
        extra_update = join_updates([*additions, extra_update])
        if self.graph_store_url and any(len(graph) for graph in graphs.values()):
            self._replace_via_graph_store(graphs, extra_update)
            return
        parts = [drop_update(graphs)]
        for name, graph in graphs.items():
            parts += self._insert_statements(name, graph)
        if extra_update:
            parts.append(extra_update)
        self.update(join_updates(parts))

    def _replace_via_graph_store(self, graphs: Mapping[URIRef, Graph], extra_update: str) -> None:
        staged: dict[URIRef, URIRef] = {}
        if self._digest is not None and not self._digest.challenged:
            self.update(drop_update([URIRef(f"{STAGING_PREFIX}login")]))  # small request: get the challenge
        try:
            for name, graph in graphs.items():
                if len(graph):
                    staged[name] = URIRef(f"{STAGING_PREFIX}{uuid.uuid4().hex}")
                    self.put_graph(staged[name], graph)
            parts = [
                f"MOVE SILENT GRAPH {sparql_iri(str(staged[name]))} TO GRAPH {sparql_iri(str(name))}"
                if name in staged
                else drop_update([name])
                for name in graphs
            ]
            if extra_update:
                parts.append(extra_update)
            self.update(join_updates(parts))
            staged.clear()
        finally:
            if staged:  # failed half-way: the real graphs are untouched; remove what was staged
                with contextlib.suppress(CchcError):
                    self.drop_graphs(staged.values())

    def put_graph(self, name: URIRef, graph: Graph) -> None:
        """Replace one graph through the SPARQL 1.1 Graph Store HTTP Protocol (PUT, N-Triples)."""
        if not self.graph_store_url:
            raise RemoteStoreError("no Graph Store endpoint configured", source=self.query_url)
        url = f"{self.graph_store_url}?{urllib.parse.urlencode({'graph': str(name)})}"
        request = urllib.request.Request(
            url,
            data=graph.serialize(format="nt", encoding="utf-8"),
            method="PUT",
            headers={"Content-Type": "application/n-triples; charset=utf-8"},
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            raise self._http_error(exc, url, "graph upload") from exc
        except (TimeoutError, urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            raise self._transport_error(exc, url, "graph upload") from exc

    def _insert_statements(self, name: URIRef, graph: Graph | Iterable[Triple]) -> list[str]:
        """INSERT DATA in chunks; triples with blank nodes together in one INSERT ... WHERE {}."""
        target = sparql_iri(str(name))
        plain, blank = [], []
        labels: dict[BNode, str] = {}
        for triple in graph:
            line = " ".join(_nt_term(term, labels) for term in triple) + " ."
            (blank if any(isinstance(term, BNode) for term in triple) else plain).append(line)
        plain.sort()
        statements = [
            f"INSERT DATA {{ GRAPH {target} {{\n" + "\n".join(plain[i : i + self.chunk_triples]) + "\n} }"
            for i in range(0, len(plain), self.chunk_triples)
        ]
        if blank:
            statements.append(f"INSERT {{ GRAPH {target} {{\n" + "\n".join(blank) + "\n} } WHERE { }")
        return statements

    def drop_graphs(self, names: Iterable[URIRef]) -> None:
        """Remove named graphs in one request."""
        self.update(drop_update(names))

    def flush(self) -> None:
        """Nothing to do: the endpoint commits each update request."""

    # -- reading -----------------------------------------------------------------------------------
    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]:
        """Run a SELECT over the endpoint's default graph (Virtuoso: the union of all graphs)."""
        data = self._json(bind_values(query, bindings), SELECT)
        if "_truncated_at" in data:
            message = (
                f"the endpoint returned only the first {data['_truncated_at']} rows "
                f"(its result-row cap, Virtuoso's ResultSetMaxRows)"
            )
            if self.on_truncated == "raise":
                raise RemoteStoreError(
                    message,
                    source=self.query_url,
                    expected="a query with fewer rows (LIMIT/OFFSET), or a higher cap on the server",
                )
            warnings.warn(message, RuntimeWarning, stacklevel=2)
        return [
            Row({name: term_from_json(value) for name, value in binding.items()})
            for binding in data.get("results", {}).get("bindings", [])
        ]

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        data = self._json(bind_values(query, bindings), ASK)
        if "boolean" not in data:
            raise RemoteStoreError("the endpoint's answer to ASK has no boolean", source=self.query_url)
        return bool(data["boolean"])

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        body, headers = self._send(bind_values(query, bindings), CONSTRUCT, TURTLE)
        if MAX_ROWS_HEADER.lower() in headers:
            raise RemoteStoreError(
                f"the endpoint cut the CONSTRUCT result at {headers[MAX_ROWS_HEADER.lower()]} rows",
                source=self.query_url,
                expected="a narrower CONSTRUCT, or a higher cap on the server",
            )
        graph = Graph()
        try:
            graph.parse(data=body.decode("utf-8"), format="turtle")
        except Exception as exc:  # rdflib raises many kinds
            raise RemoteStoreError(f"the endpoint's CONSTRUCT answer does not parse: {exc}") from exc
        return graph

    def _pages(self, query: str) -> list[dict[str, Any]]:
        """All bindings of ``query`` fetched with LIMIT/OFFSET, shrinking the page to the server's cap.

        No ORDER BY: Virtuoso refuses to sort past MaxSortedTopRows (10,000 by default) for an OFFSET,
        and its unsorted scan order is stable while the data does not change; callers check the total.
        """
        page, offset, rows = self.page_size, 0, []
        while True:
            data = self._json(f"{query}\nLIMIT {page} OFFSET {offset}", SELECT)
            cap = data.get("_truncated_at")
            if isinstance(cap, int) and 0 < cap < page:
                page = cap  # the server caps below our page: fetch this page again, smaller
                continue
            bindings = data.get("results", {}).get("bindings", [])
            rows += bindings
            if len(bindings) < page:
                return rows
            offset += page

    def _ours(self, graph: object) -> bool:
        """Not one of the endpoint's system graphs nor a staging graph."""
        return isinstance(graph, URIRef) and not str(graph).startswith(self.system_graphs)

    def named_graphs(self) -> list[URIRef]:
        """Our named graphs, sorted (Virtuoso's own system graphs left out)."""
        return sorted(
            URIRef(str(row["g"])) for row in self.select(sparql("graph-names")) if self._ours(row["g"])
        )

    def _graph_size(self, name: URIRef) -> int:
        [count] = self.select(sparql("graph-size"), {"graph": name})
        return int(count["n"]) if count.get("n") is not None else 0

    def graph(self, name: URIRef) -> Graph:
        """One named graph as an rdflib Graph, fetched in pages so the row cap does not cut it."""
        sparql_iri(str(name))  # a name that cannot be written is refused before any request
        expected = self._graph_size(name)
        for _ in range(3):
            graph = Graph()
            for b in self._pages(bind_values(sparql("graph-triples"), {"graph": name})):
                graph.add((term_from_json(b["s"]), term_from_json(b["p"]), term_from_json(b["o"])))
            if len(graph) == expected:
                return graph
            expected = self._graph_size(name)
        raise RemoteStoreError(
            f"the pages of graph <{name}> did not add up to its {expected} triples (written meanwhile?)",
            source=self.query_url,
        )

    def quads(self) -> Iterator[tuple[Node, Node, Node, Node]]:
        """Every quad in our named graphs (not Virtuoso's system graphs), graph by graph."""
        for name in self.named_graphs():
            for s, p, o in self.graph(name):
                yield s, p, o, name

    def __len__(self) -> int:
        rows = self.select(sparql("graph-sizes"))
        return sum(int(row["n"]) for row in rows if self._ours(row["g"]) and row.get("n") is not None)

    # -- what the CLI also uses -------------------------------------------------------------------
    def run(self, query: str, bindings: Bindings | None = None) -> SparqlResult:
        """Any query form, as EmbeddedStore.run: SELECT rows, ASK boolean, CONSTRUCT/DESCRIBE graph."""
        form = query_form(query)
        if form in ("CONSTRUCT", "DESCRIBE"):
            return SparqlResult("graph", graph=self.construct(query, bindings))
        if form == "ASK":
            return SparqlResult("ask", boolean=self.ask(query, bindings))
        rows = self.select(query, bindings)
        columns = list(dict.fromkeys(name for row in rows for name in row.values))
        return SparqlResult("select", columns=columns, rows=[dict(row.values) for row in rows])

    def export(self, target: io.BufferedWriter, rdf_format: str, graph: URIRef | None = None) -> None:
        """As EmbeddedStore.export, built from the endpoint's named graphs (paged past the row cap)."""
        formats = {"nq": "nquads", "trig": "trig", "nt": "nt", "ttl": "turtle", "jsonld": "json-ld"}
        if rdf_format not in formats:
            raise CchcError(f"unknown export format {rdf_format!r}", expected=", ".join(formats))
        names = [graph] if graph is not None else self.named_graphs()
        if rdf_format in ("nq", "trig") and graph is None:
            dataset = Dataset()
            for name in names:
                named = dataset.graph(name)
                named += self.graph(name)
            out = bind_prefixes(dataset).serialize(format=formats[rdf_format], encoding="utf-8")
        else:
            union = bind_prefixes(Graph())
            for name in names:
                union += self.graph(name)
            out = union.serialize(format=formats[rdf_format], encoding="utf-8")
        target.write(out)

    def close(self) -> None:
        """Nothing to release (no connection is kept open)."""

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _nt_term(term: Node, labels: dict[BNode, str]) -> str:
    """A term as SPARQL data; blank nodes get short labels, the same for the same node."""
    if isinstance(term, BNode):
        return labels.setdefault(term, f"_:b{len(labels)}")
    return sparql_term(term)
