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
  ``cchc:ResponsibleParty``; not the generic upper classes ``prov:Entity``, ``time:TemporalEntity`` and
  ``time:Interval`` (every task, assignment and time frame is one; see inference-superclass-pairs.rq).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ontology import DEFAULT_BASE_IRI
from ontology.errors import CchcError
from ontology.iris import IriMinter
from ontology.namespace import CCHC
from ontology.prefixes import bind_prefixes
from queries.binding import bind_values, insert_data, join_updates, splice_values
from queries.protocol import Store
from queries.sparql import sparql
from queries.store import EmbeddedStore

# Each rule is a CONSTRUCT in queries/internal/inference-*.rq that reads asserted triples only
# (GRAPH ?g { ... } FILTER(?g != ?inferred)), with ?inferred bound to the inference graph.
RULES: tuple[str, ...] = (
    "inference-inverses",
    "inference-implements-chain",
    "inference-assignment-shortcuts",
    "inference-works-with",
    "inference-superclass-types",
)
# Document-local rules: each solution reads one graph ?g (and checks every graph that the triple it
# gives is not stated), so a new graph adds exactly what these rules give with ?g bound to it.
LOCAL_RULES: tuple[str, ...] = (
    "inference-inverses",
    "inference-assignment-shortcuts",
    "inference-works-with",
)
# Rules joining two graphs, recomputed whole on every refresh (a few hundred triples nationally).
GLOBAL_RULES: tuple[str, ...] = ("inference-implements-chain",)
BASED_ON_EDGES = "inference-based-on-edges"
# The embedded store evaluates the rules natively (see ``_materialise_in_store``); the superclass pairs
# are computed first and bound as a VALUES block (an update's WHERE does not see the union default graph).
SUPERCLASS_TYPES = "inference-superclass-types"
SUPERCLASS_PAIRS = "inference-superclass-pairs"
SUPERCLASS_TYPES_FROM_PAIRS = "inference-superclass-types-from-pairs"
# An ingest writing at most this many new documents (and replacing none) extends the inference graph
# instead of recomputing it (see ``refresh_inferences``).
INCREMENTAL_LIMIT = 50


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


def _closure(store: Store, bindings: dict[str, Node]) -> list[tuple[Node, Node, Node]]:
    """The ``cchc:basedOnTransitive`` triples: the closure of the direct edges (a few thousand nationally)."""
    edges = store.construct(sparql(BASED_ON_EDGES), bindings)
    pairs = ((URIRef(s), URIRef(o)) for s, _, o in edges if isinstance(s, URIRef) and isinstance(o, URIRef))
    return [(x, CCHC.basedOnTransitive, y) for x, y in sorted(transitive_closure(pairs))]


def _superclass_rule(store: Store) -> str | None:
    """``inference-superclass-types-from-pairs`` with the ontology's (class, superclass) pairs bound."""
    # a blank-node class could not be named in the rules (no data has one as its rdf:type)
    pairs = [
        (row["class"], row["super"])
        for row in store.select(sparql(SUPERCLASS_PAIRS))
        if isinstance(row["class"], URIRef) and isinstance(row["super"], URIRef)
    ]
    return splice_values(sparql(SUPERCLASS_TYPES_FROM_PAIRS), ["class", "super"], pairs) if pairs else None


def inferred_graph(store: Store, inference_graph: URIRef) -> Graph:
    """Every inferred triple, computed from the asserted graphs of ``store``."""
    bindings = rule_bindings(inference_graph)
    graph = bind_prefixes(Graph())
    for rule in RULES:
        graph += store.construct(sparql(rule), bindings)
    for triple in _closure(store, bindings):
        graph.add(triple)
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

    Only the superclass pairs and the based-on edges (a few thousand rows) cross into Python; every other
    rule's CONSTRUCT result goes straight from the engine to the bulk loader. The old graph is dropped
    first; every rule still reads asserted graphs only (the FILTER), so no rule sees another's output.
    The load is not one transaction (for 1,000 plans an INSERT of ~450,000 triples took minutes and
    2 GB): if the process dies during it, the next ingest or ``refresh_inferences`` recomputes the graph.
    """
    bindings = rule_bindings(inference_graph)
    superclass = _superclass_rule(store)
    rules = [sparql(rule) for rule in RULES if rule != SUPERCLASS_TYPES]
    rules += [superclass] if superclass else []
    closure = _closure(store, bindings)
    store.drop_graphs([inference_graph])
    return store.load_constructed(inference_graph, rules, closure, bindings)


_CONSTRUCT = re.compile(r"\bCONSTRUCT\s*\{([^{}]*)\}")


def as_insert(rule: str) -> str:
    """A rule's CONSTRUCT as the update adding its triples to the graph ``?inferred`` (the same WHERE)."""
    update, count = _CONSTRUCT.subn(r"INSERT { GRAPH ?inferred {\1} }", rule, count=1)
    if count != 1:
        raise InferenceError("an inference rule is not a CONSTRUCT with a flat template")
    return update


def _sources(store: Store, minter: IriMinter) -> dict[str, str]:
    """What the inference graph is computed from: each document graph's record and the vocabulary's."""
    bindings = {"meta": minter.metadata_graph, "ontology": minter.ontology_graph}
    return {
        str(row["graph"]): f"{row['graph']} {row['when']} {row['sha']}"
        for row in store.select(sparql("inference-sources"), bindings)
    }


def _checksum(records: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(sorted(records)).encode("utf-8")).hexdigest()


def _state_update(minter: IriMinter, state: str | None) -> str:
    bindings: dict[str, Node] = {"meta": minter.metadata_graph, "inferred": minter.inference_graph}
    if state is not None:
        bindings["state"] = Literal(state)
    return bind_values(sparql("inference-state-set"), bindings)


def _extension(store: Store, minter: IriMinter, changed: Iterable[URIRef]) -> list[str]:
    """The updates that bring the inference graph up to date after ``changed`` graphs only gained
    triples: what they now assert leaves it, and the local rules over them and the global rules add."""
    inferred = {"inferred": minter.inference_graph}
    local = [sparql(rule) for rule in LOCAL_RULES]
    superclass = _superclass_rule(store)
    local += [superclass] if superclass else []
    parts = []
    for graph in changed:
        parts.append(bind_values(sparql("inference-drop-asserted"), {**inferred, "g": graph}))
        parts += [bind_values(as_insert(rule), {**inferred, "g": graph}) for rule in local]
    parts += [bind_values(as_insert(sparql(rule)), inferred) for rule in GLOBAL_RULES]
    parts.append(insert_data(minter.inference_graph, _closure(store, inferred)))
    return parts


def refresh_inferences(
    store: Store, base_iri: str = DEFAULT_BASE_IRI, written: Collection[str] = ()
) -> int | None:
    """What the ingest service calls after each ingest, ``written`` naming the document graphs it wrote.

    When those graphs are all new (the rest of the store is as the last refresh left it: the checksum of
    every document graph's record in the metadata graph, and of the vocabulary, recorded with the
    inference graph, says so) and there are at most ``INCREMENTAL_LIMIT`` of them, the embedded store's
    inference graph is extended in one transaction: the document-local rules run over those graphs and
    the shared and metadata graphs (which they added to), the rules joining graphs and the based-on
    closure are recomputed whole. Otherwise (a replaced or removed document, an interrupted refresh or
    ingest, a changed vocabulary, a remote store) every rule is recomputed (``materialise``; on a remote
    store in the transaction that records the state too, so both stores hold the same). Either way the
    graph ends the same. The graph's size after a recompute; None after an extension (counting
    would read the whole graph).
    """
    minter = IriMinter(base_iri)
    bindings = {"meta": minter.metadata_graph, "inferred": minter.inference_graph}
    sources = _sources(store, minter)
    if not isinstance(store, EmbeddedStore):  # one transaction: the graph and its state
        graph = inferred_graph(store, minter.inference_graph)
        store.replace_graphs(
            {minter.inference_graph: graph}, _state_update(minter, _checksum(sources.values()))
        )
        return len(graph)
    recorded = [str(row["state"]) for row in store.select(sparql("inference-state"), bindings)]
    new = {str(graph) for graph in written}
    before = [record for graph, record in sources.items() if graph not in new]
    state = _checksum(sources.values())
    if written and len(written) <= INCREMENTAL_LIMIT and recorded == [_checksum(before)]:
        changed = [*map(URIRef, written), minter.shared_graph, minter.metadata_graph]
        parts = _extension(store, minter, changed)
        store.update(join_updates([*parts, _state_update(minter, state)]))
        return None
    # an interrupted recompute leaves no state: the next refresh is whole again
    store.update(_state_update(minter, None))
    count = materialise(store, minter.inference_graph)
    store.update(_state_update(minter, state))
    return count
