"""SHACL validation of data graphs against the project's shapes."""

from __future__ import annotations

from dataclasses import dataclass

from pyshacl import validate
from rdflib import Graph, Namespace, URIRef
from rdflib.term import Node

from ontology.loader import shapes_graph, vocabulary_graph

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Violation:
    """One SHACL result."""

    focus: str
    path: str | None
    message: str
    severity: str


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating a graph."""

    conforms: bool
    violations: list[Violation]
    text: str


def _short(node: Node | None) -> str | None:
    return None if node is None else str(node)


def validate_graph(data: Graph) -> ValidationReport:
    """Validate ``data`` against shapes.ttl with the ontology and its concept schemes added.

    pyshacl's ``ont_graph`` copies only RDFS/OWL axioms, not SKOS concepts, so the vocabulary is merged
    into a copy of the data instead (``data`` itself is not modified).
    """
    combined = vocabulary_graph()
    for triple in data:
        combined.add(triple)
    conforms, results, text = validate(
        combined,
        shacl_graph=shapes_graph(),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
    )
    violations = []
    for result in results.subjects(predicate=SH.resultSeverity):
        violations.append(
            Violation(
                focus=str(results.value(result, SH.focusNode)),
                path=_short(results.value(result, SH.resultPath)),
                message=str(results.value(result, SH.resultMessage) or ""),
                severity=str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            )
        )
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return ValidationReport(conforms=bool(conforms), violations=violations, text=str(text))


def is_iri(node: Node) -> bool:
    """True when ``node`` is an IRI."""
    return isinstance(node, URIRef)
