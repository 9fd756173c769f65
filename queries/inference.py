"""Materialised entailments: the simple inferences analysts rely on, written into their own named graph.

Rules are SPARQL CONSTRUCT queries over the asserted graphs (every named graph except the inference graph
itself, so a stale inference never feeds the next run); a rule never re-states a triple some asserted
graph already holds (a query over the union of graphs would meet it twice); the transitive closure of
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
from typing import Protocol

from rdflib import Graph, URIRef

from ontology import DEFAULT_BASE_IRI
from ontology.errors import CchcError
from ontology.iris import IriMinter
from ontology.namespace import CCHC
from ontology.prefixes import bind_prefixes
from queries.store import EmbeddedStore

PREFIXES = """PREFIX cchc: <https://w3id.org/cchc-kg/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX role: <https://w3id.org/cchc-kg/ontology/role/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

# Each rule reads asserted triples only: GRAPH ?g { ... } FILTER(?g != INFERRED_GRAPH).
INVERSES = """
CONSTRUCT { ?o ?inverse ?s }
WHERE {
  VALUES (?p ?inverse) {
    (eli:based_on cchc:basisFor)
    (eli:cites cchc:citedBy)
    (cchc:replaces cchc:replacedBy)
    (eli:amends cchc:amendedBy)
    (eli:ensures_implementation_of cchc:implementedBy)
    (cchc:issues cchc:issuedBy)
    (cchc:hasTask cchc:taskOf)
    (cchc:parentTask cchc:subTask)
    (cchc:leadAgency cchc:leads)
    (cchc:partnerAgency cchc:partnersOn)
    (cchc:establishes cchc:establishedBy)
    (cchc:establishedBy cchc:establishes)
  }
  GRAPH ?g { ?s ?p ?o }
  FILTER(?g != INFERRED_GRAPH)
  FILTER NOT EXISTS { GRAPH ?h { ?o ?inverse ?s } FILTER(?h != INFERRED_GRAPH) }
}
"""

IMPLEMENTS_CHAIN = """
CONSTRUCT { ?x eli:ensures_implementation_of ?r . ?r cchc:implementedBy ?x }
WHERE {
  GRAPH ?g1 { ?x cchc:implementsProgramme ?programme }
  FILTER(?g1 != INFERRED_GRAPH)
  { GRAPH ?g2 { ?r cchc:establishes ?programme } FILTER(?g2 != INFERRED_GRAPH) }
  UNION
  { GRAPH ?g3 { ?programme cchc:establishedBy ?r } FILTER(?g3 != INFERRED_GRAPH) }
}
"""

ASSIGNMENT_SHORTCUTS = """
CONSTRUCT { ?task ?shortcut ?party }
WHERE {
  VALUES (?role ?shortcut) { (role:lead cchc:leadAgency) (role:partner cchc:partnerAgency) }
  GRAPH ?g { ?task cchc:assignment ?assignment . ?assignment cchc:role ?role ; cchc:assignedParty ?party }
  FILTER(?g != INFERRED_GRAPH)
  FILTER NOT EXISTS { GRAPH ?h { ?task ?shortcut ?party } FILTER(?h != INFERRED_GRAPH) }
}
"""

ASSIGNMENT_INVERSES = """
CONSTRUCT { ?party ?inverse ?task }
WHERE {
  VALUES (?role ?inverse) { (role:lead cchc:leads) (role:partner cchc:partnersOn) }
  GRAPH ?g { ?task cchc:assignment ?assignment . ?assignment cchc:role ?role ; cchc:assignedParty ?party }
  FILTER(?g != INFERRED_GRAPH)
}
"""

WORKS_WITH = """
CONSTRUCT { ?lead cchc:worksWith ?partner }
WHERE {
  GRAPH ?g {
    ?task cchc:assignment ?leadAssignment , ?partnerAssignment .
    ?leadAssignment cchc:role role:lead ; cchc:assignedParty ?lead .
    ?partnerAssignment cchc:role role:partner ; cchc:assignedParty ?partner .
  }
  FILTER(?g != INFERRED_GRAPH && ?lead != ?partner)
}
"""

SUPERCLASS_TYPES = """
CONSTRUCT { ?x a ?super }
WHERE {
  GRAPH ?g { ?x a ?class }
  FILTER(?g != INFERRED_GRAPH)
  ?class rdfs:subClassOf+ ?super
  FILTER(isIRI(?super) && ?super != ?class)
  FILTER NOT EXISTS { GRAPH ?h { ?x a ?super } FILTER(?h != INFERRED_GRAPH) }
}
"""

# Direct edges of the based-on closure, as ?x cchc:basedOnTransitive ?y.
BASED_ON_EDGES = """
CONSTRUCT { ?x cchc:basedOnTransitive ?y }
WHERE {
  {
    GRAPH ?g { ?x eli:based_on|eli:ensures_implementation_of ?y }
    FILTER(?g != INFERRED_GRAPH)
  } UNION {
    GRAPH ?g1 { ?x cchc:implementsProgramme ?programme }
    GRAPH ?g2 { ?y cchc:establishes ?programme }
    FILTER(?g1 != INFERRED_GRAPH && ?g2 != INFERRED_GRAPH)
  } UNION {
    GRAPH ?g1 { ?decision cchc:issues ?x }
    GRAPH ?g2 { ?decision eli:based_on|eli:ensures_implementation_of ?y }
    FILTER(?g1 != INFERRED_GRAPH && ?g2 != INFERRED_GRAPH)
  } UNION {
    GRAPH ?g1 { ?decision cchc:issues ?x }
    GRAPH ?g2 { ?decision cchc:implementsProgramme ?programme }
    GRAPH ?g3 { ?y cchc:establishes ?programme }
    FILTER(?g1 != INFERRED_GRAPH && ?g2 != INFERRED_GRAPH && ?g3 != INFERRED_GRAPH)
  }
  FILTER(?x != ?y)
}
"""

RULES: tuple[str, ...] = (
    INVERSES,
    IMPLEMENTS_CHAIN,
    ASSIGNMENT_SHORTCUTS,
    ASSIGNMENT_INVERSES,
    WORKS_WITH,
    SUPERCLASS_TYPES,
)

# The embedded store runs the rules as INSERT ... WHERE inside the store (see ``_materialise_in_store``);
# the superclass pairs are computed first, since an update's WHERE does not see the union default graph.
SUPERCLASS_PAIRS = """
SELECT DISTINCT ?class ?super
WHERE { ?class rdfs:subClassOf+ ?super FILTER(isIRI(?super) && ?super != ?class) }
"""

SUPERCLASS_TYPES_FROM_PAIRS = """
CONSTRUCT { ?x a ?super }
WHERE {
  GRAPH ?g { ?x a ?class }
  FILTER(?g != INFERRED_GRAPH)
  VALUES (?class ?super) { PAIRS }
  FILTER NOT EXISTS { GRAPH ?h { ?x a ?super } FILTER(?h != INFERRED_GRAPH) }
}
"""


class InferenceError(CchcError):
    """The inference graph name is not usable."""

    status = 500


class InferenceStore(Protocol):
    """What ``materialise`` needs from a store."""

    def construct(self, query: str, bindings: object = None) -> Graph: ...

    def replace_graphs(self, graphs: dict[URIRef, Graph], extra_update: str = "") -> None: ...


def rule_text(rule: str, inference_graph: URIRef) -> str:
    """The rule with its prefixes and the inference graph's IRI (a trusted IRI we mint, checked here)."""
    iri = str(inference_graph)
    if not iri.startswith(("http://", "https://")) or any(c in iri for c in '<>"{}|^`\\ \t\n'):
        raise InferenceError(f"not a usable graph IRI: {iri!r}", expected="an http(s) IRI")
    return PREFIXES + rule.replace("INFERRED_GRAPH", f"<{iri}>")


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


def inferred_graph(store: InferenceStore, inference_graph: URIRef) -> Graph:
    """Every inferred triple, computed from the asserted graphs of ``store``."""
    graph = bind_prefixes(Graph())
    for rule in RULES:
        graph += store.construct(rule_text(rule, inference_graph))
    edges = store.construct(rule_text(BASED_ON_EDGES, inference_graph))
    pairs = ((URIRef(s), URIRef(o)) for s, _, o in edges if isinstance(s, URIRef) and isinstance(o, URIRef))
    for x, y in transitive_closure(pairs):
        graph.add((x, CCHC.basedOnTransitive, y))
    return graph


def materialise(store: InferenceStore, inference_graph: URIRef) -> int:
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
    pairs = store.select(PREFIXES + SUPERCLASS_PAIRS)
    # a blank-node class could not be named in the rules (no data has one as its rdf:type)
    values = " ".join(
        f"(<{row['class']}> <{row['super']}>)" for row in pairs if isinstance(row["class"], URIRef)
    )
    rules = [rule for rule in RULES if rule is not SUPERCLASS_TYPES]
    if values:
        rules.append(SUPERCLASS_TYPES_FROM_PAIRS.replace("PAIRS", values))
    edges = store.construct(rule_text(BASED_ON_EDGES, inference_graph))
    pairs_xy = (
        (URIRef(s), URIRef(o)) for s, _, o in edges if isinstance(s, URIRef) and isinstance(o, URIRef)
    )
    closure = [(x, CCHC.basedOnTransitive, y) for x, y in sorted(transitive_closure(pairs_xy))]
    store.drop_graphs([inference_graph])
    return store.load_constructed(
        inference_graph, (rule_text(rule, inference_graph) for rule in rules), closure
    )


def refresh_inferences(store: InferenceStore, base_iri: str = DEFAULT_BASE_IRI) -> int:
    """What the ingest service calls after each ingest: materialise into the base's inference graph."""
    return materialise(store, IriMinter(base_iri).inference_graph)
