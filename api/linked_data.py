"""Linked data: every IRI the project mints resolves here, with content negotiation.

``/id/{path}`` resolves ``{base IRI}{path}`` (``/id/eli/vn/cp/nq/2021/76``); the same paths are also
served under the base IRI's own path (``/eli/...`` when the base is ``http://host:8000/``). Machines get
the resource's description — its triples in both directions, blank nodes followed — in Turtle, JSON-LD,
N-Triples or RDF/XML; browsers get the web UI's page for it (303) or a generic HTML description.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from html import escape
from typing import Any
from urllib.parse import urlparse

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from api.sparql_protocol import GRAPH_TYPES, choose_media_type, negotiate
from api.writers import serialize_graph
from ontology.errors import CchcError
from ontology.prefixes import PREFIXES
from queries.protocol import Store
from queries.sparql import sparql

MINTED_SEGMENTS = ("eli", "org", "group", "place", "programme", "source", "graph", "doc")
"""First path segments of the IRIs ontology.iris.IriMinter mints under the base IRI."""


class UnknownResource(CchcError):
    """Nothing in the store is said about this IRI."""

    status = 404


def is_iri(text: str) -> bool:
    """True when ``text`` is an absolute IRI the store can hold (pyoxigraph's own parser decides)."""
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def describe(store: Store, iri: str) -> Graph:
    """The resource's triples both ways (blank-node objects followed); a named graph's content when the
    IRI names a graph that says nothing about itself; UnknownResource when there is nothing."""
    if not is_iri(iri):  # nothing can be said about what is not an IRI (and it cannot be bound)
        raise UnknownResource(f"<{iri}> is not a valid IRI", source=iri, expected="an IRI this store mints")
    graph = store.construct(sparql("describe"), {"resource": URIRef(iri)})
    if not len(graph) and URIRef(iri) in set(store.named_graphs()):
        graph = store.graph(URIRef(iri))
    if not len(graph):
        raise UnknownResource(
            f"nothing is known about <{iri}>", source=iri, expected="an IRI this store mints"
        )
    return graph


def _web_page_for() -> Callable[[str], str | None] | None:
    if importlib.util.find_spec("api.web") is None:
        return None
    return getattr(importlib.import_module("api.web"), "page_for", None)


def _short(iri: str, base_iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri[len(base_iri) :] if iri.startswith(base_iri) else iri


def _cell(node: Any, base_iri: str) -> str:
    if isinstance(node, URIRef):
        text = escape(_short(str(node), base_iri))
        href = "/id/" + str(node)[len(base_iri) :] if str(node).startswith(base_iri) else str(node)
        return f"<a href='{escape(href)}'>{text}</a>"
    if isinstance(node, BNode):
        return f"_:{escape(str(node))}"
    lang = f" <small>@{escape(node.language)}</small>" if isinstance(node, Literal) and node.language else ""
    return escape(str(node)) + lang


def html_page(iri: str, graph: Graph, base_iri: str) -> str:
    """A plain HTML description: the resource's label, its properties, then what points at it."""
    subject = URIRef(iri)
    label = graph.value(subject, SKOS.prefLabel) or graph.value(subject, RDFS.label) or iri
    out_rows = sorted(graph.predicate_objects(subject), key=lambda po: (str(po[0]), str(po[1])))
    in_rows = sorted(graph.subject_predicates(subject), key=lambda sp: (str(sp[1]), str(sp[0])))
    outgoing = "".join(
        f"<tr><td>{_cell(p, base_iri)}</td><td>{_cell(o, base_iri)}</td></tr>" for p, o in out_rows
    )
    incoming = "".join(
        f"<tr><td>{_cell(s, base_iri)}</td><td>{_cell(p, base_iri)}</td></tr>" for s, p in in_rows
    )
    path = escape("/id/" + iri[len(base_iri) :] if iri.startswith(base_iri) else iri)
    return (
        "<!doctype html><html lang='vi'><head><meta charset='utf-8'>"
        f"<title>{escape(str(label))}</title>"
        "<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:1100px}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;"
        "vertical-align:top}</style></head><body>"
        f"<h1>{escape(str(label))}</h1><p><code>{escape(iri)}</code></p>"
        f"<p><a href='{path}?format=ttl'>Turtle</a> · <a href='{path}?format=jsonld'>JSON-LD</a></p>"
        f"<h2>Thuộc tính / Properties</h2><table><tr><th>property</th><th>value</th></tr>{outgoing}</table>"
        "<h2>Liên kết đến / Referenced by</h2>"
        f"<table><tr><th>subject</th><th>property</th></tr>{incoming}</table>"
        "</body></html>"
    )


def resolve(request: Request, iri: str) -> Response:
    """The negotiated representation of ``iri`` (blocking: called from plain ``def`` endpoints)."""
    settings, store = request.app.state.settings, request.app.state.store
    graph = describe(store, iri)
    accept, format_ = request.headers.get("accept"), request.query_params.get("format")
    headers = {"Vary": "Accept"}
    if not format_ and negotiate(accept, [*GRAPH_TYPES, "text/html"]) == "text/html":
        page_for = _web_page_for()
        page = page_for(iri) if page_for else None
        if page:
            return RedirectResponse(page, status_code=303, headers=headers)
        return HTMLResponse(html_page(iri, graph, _base(settings.base_iri)), headers=headers)
    media_type = choose_media_type("graph", accept, format_)
    return Response(serialize_graph(graph, GRAPH_TYPES[media_type]), media_type=media_type, headers=headers)


def _base(base_iri: str) -> str:
    return base_iri if base_iri.endswith("/") else base_iri + "/"


LD_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "The description", "content": {m: {} for m in ["text/html", *GRAPH_TYPES]}},
    303: {"description": "See the web UI's page for this resource (browsers)"},
    404: {"description": "Unknown IRI (the JSON error shape)"},
    406: {"description": "No acceptable format"},
}


def build_router(base_iri: str) -> APIRouter:
    """``/id/{path}``, plus the minted paths under the base IRI's own path."""
    router = APIRouter(tags=["Linked data"])
    base = _base(base_iri)

    @router.get(
        "/id/{path:path}", summary="Resolve a minted IRI", responses=LD_RESPONSES, response_class=Response
    )
    def resolve_id(request: Request, path: str) -> Response:
        """``{base IRI}{path}``: HTML for browsers, Turtle / JSON-LD / N-Triples / RDF/XML for machines
        (Accept, or ``?format=ttl|jsonld|nt|rdfxml``)."""
        return resolve(request, base + path)

    base_path = urlparse(base).path  # "/cchc-kg/" for https://w3id.org/cchc-kg/
    for segment in MINTED_SEGMENTS:

        def direct(request: Request, path: str, segment: str = segment) -> Response:
            return resolve(request, f"{base}{segment}/{path}")

        router.add_api_route(
            f"{base_path}{segment}/{{path:path}}",
            direct,
            methods=["GET"],
            include_in_schema=False,
            response_class=Response,
        )
    return router
