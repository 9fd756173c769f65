"""Materialised entailments: the simple inferences analysts rely on, written into their own named graph.

Rules are SPARQL CONSTRUCT queries (``queries/internal/inference-*.rq``) over the asserted graphs
(every named graph except the inference graph itself, bound to ``?inferred``, so a stale inference
never feeds the next run); a rule never re-states a triple some asserted graph already holds (a query
over the union of graphs would meet it twice); the transitive closure of
the direct "based on" edges is computed here. ``materialise`` then replaces the inference graph (on a
remote store in one transaction; on the embedded store with its bulk loader, see
``_materialise_in_store``), so plain SPARQL on any engine sees the results. Call
``refresh_inferences`` after each ingest.

Rules:

- inverses: ``cchc:basisFor``, ``cchc:citedBy``, ``cchc:replacedBy``, ``cchc:amendedBy``,
  ``cchc:implementedBy``, ``cchc:issuedBy``, ``cchc:taskOf``, ``cchc:subTask``, ``cchc:leads``,
  ``cchc:partnersOn``, and ``cchc:establishes`` / ``cchc:establishedBy`` each from the other;
- the implements chain: X ``cchc:implementsProgramme`` P and R ``cchc:establishes`` P give
  X ``eli:ensures_implementation_of`` R (and R ``cchc:implementedBy`` X);
- shortcut edges from assignments: a ``cchc:TaskAssignment`` with role lead (partner) gives
  ``cchc:leadAgency`` (``cchc:partnerAgency``) and ``cchc:leads`` (``cchc:partnersOn``); and
  ``cchc:worksWith`` from each lead to each partner of the same task;
- transitive based-on: ``cchc:basedOnTransitive`` is the closure of ``eli:based_on``,
  ``eli:ensures_implementation_of`` (asserted or from the implements chain), and, for a plan issued by a
  decision, the decision's own based-on and implements edges (the plan inherits them);
- types: ``rdf:type`` for every superclass (``rdfs:subClassOf+`` in the ontology graph), e.g. a
  ``cchc:Decision`` is a ``cchc:LegalDocument`` and an ``eli:LegalResource``; an ``cchc:Agency`` a
  ``cchc:ResponsibleParty``.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, URIRef
from rdflib.term import Node

from ontology import DEFAULT_BASE_IRI
from ontology.errors import CchcError
from ontology.iris import IriMinter
from ontology.namespace import CCHC
from ontology.prefixes import bind_prefixes
from queries.binding import splice_values
from queries.protocol import Store
from queries.sparql import sparql
from queries.store import EmbeddedStore

# Each rule is a CONSTRUCT in queries/internal/inference-*.rq that reads asserted triples only
# (GRAPH ?g { ... } FILTER(?g != ?inferred)), with ?inferred bound to the inference graph.
RULES: tuple[str, ...] = (
    "inference-inverses",
    "inference-implements-chain",
    "inference-assignment-shortcuts",
    "inference-assignment-inverses",
    "inference-works-with",
    "inference-superclass-types",
)
BASED_ON_EDGES = "inference-based-on-edges"
# The embedded store evaluates the rules natively (see ``_materialise_in_store``); the superclass pairs
# are computed first and bound as a VALUES block (an update's WHERE does not see the union default graph).
SUPERCLASS_TYPES = "inference-superclass-types"
SUPERCLASS_PAIRS = "inference-superclass-pairs"
SUPERCLASS_TYPES_FROM_PAIRS = "inference-superclass-types-from-pairs"


class InferenceError(CchcError):
    """The inference graph name is not usable."""

    status = 500


def rule_bindings(inference_graph: URIRef) -> dict[str, Node]:
    """What every rule binds: ``?inferred``, the inference graph (a trusted IRI we mint, checked here)."""
    iri = str(inference_graph)
    if not iri.startswith(("http://", "https://")) or any(c in iri for c in '<>"{}|^`\\ \t\n'):
        raise InferenceError(f"not a usable graph IRI: {iri!r}", expected="an http(s) IRI")
    return {"inferred": inference_graph}


def transitive_closure(edges: Iterable[tuple[URIRef, URIRef]]) -> set[tuple[URIRef, URIRef]]:
    """Every (x, z) such that a chain of edges leads from x to z (x != z)."""
    successors: dict[URIRef, set[URIRef]] = {}
    for x, y in edges:
        successors.setdefault(x, set()).add(y)
    closure: set[tuple[URIRef, URIRef]] = set()
    for start in successors:
        seen: set[URIRef] = set()
        stack = list(successors[start])
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            stack.extend(successors.get(node, ()))
        closure.update((start, node) for node in seen if node != start)
    return closure


def inferred_graph(store: Store, inference_graph: URIRef) -> Graph:
    """Every inferred triple, computed from the asserted graphs of ``store``."""
    bindings = rule_bindings(inference_graph)
    graph = bind_prefixes(Graph())
    for rule in RULES:
        graph += store.construct(sparql(rule), bindings)
    edges = store.construct(sparql(BASED_ON_EDGES), bindings)
    pairs = ((URIRef(s), URIRef(o)) for s, _, o in edges if isinstance(s, URIRef) and isinstance(o, URIRef))
    for x, y in transitive_closure(pairs):
        graph.add((x, CCHC.basedOnTransitive, y))
    return graph


def materialise(store: Store, inference_graph: URIRef) -> int:
    """Recompute the inferences and replace ``inference_graph`` with them atomically; the triple count."""
    if isinstance(store, EmbeddedStore):
        return _materialise_in_store(store, inference_graph)
    graph = inferred_graph(store, inference_graph)
    store.replace_graphs({inference_graph: graph})
    return len(graph)


def _materialise_in_store(store: EmbeddedStore, inference_graph: URIRef) -> int:
    """The same triples as ``inferred_graph``, evaluated inside the store and bulk-loaded natively.

    Only the superclass pairs and the based-on edges (a few hundred rows) cross into Python; every other
    rule's CONSTRUCT result goes straight from the engine to the bulk loader. The old graph is dropped
    first; every rule still reads asserted graphs only (the FILTER), so no rule sees another's output.
    The load is not one transaction (for 1,000 plans an INSERT of ~450,000 triples took minutes and
    2 GB): if the process dies during it, the next ingest or ``refresh_inferences`` recomputes the graph.
    """
    bindings = rule_bindings(inference_graph)
    # a blank-node class could not be named in the rules (no data has one as its rdf:type)
    pairs = [
        (row["class"], row["super"])
        for row in store.select(sparql(SUPERCLASS_PAIRS))
        if isinstance(row["class"], URIRef) and isinstance(row["super"], URIRef)
    ]
    rules = [sparql(rule) for rule in RULES if rule != SUPERCLASS_TYPES]
    if pairs:
        rules.append(splice_values(sparql(SUPERCLASS_TYPES_FROM_PAIRS), ["class", "super"], pairs))
    edges = store.construct(sparql(BASED_ON_EDGES), bindings)
    pairs_xy = (
        (URIRef(s), URIRef(o)) for s, _, o in edges if isinstance(s, URIRef) and isinstance(o, URIRef)
    )
    closure = [(x, CCHC.basedOnTransitive, y) for x, y in sorted(transitive_closure(pairs_xy))]
    store.drop_graphs([inference_graph])
    return store.load_constructed(inference_graph, rules, closure, bindings)


def refresh_inferences(store: Store, base_iri: str = DEFAULT_BASE_IRI) -> int:
    """What the ingest service calls after each ingest: materialise into the base's inference graph."""
    return materialise(store, IriMinter(base_iri).inference_graph)
