"""The ontology diagram and the README's term table are generated from the Turtle and stay in sync with it."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import OWL

from ontology import ONTOLOGY_DIR
from ontology.diagram import (
    DOT_FILE,
    MERMAID_END,
    MERMAID_START,
    README_FILE,
    TERMS_END,
    TERMS_START,
    build_model,
    dot,
    mermaid,
    mermaid_fenced,
    ontology_graph,
    qname,
    readme_block,
    term_table,
)

CCHC = "https://w3id.org/cchc-kg/ontology#"
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def graph() -> Graph:
    return ontology_graph()


def cchc_terms(graph: Graph, *types: URIRef) -> set[str]:
    return {
        qname(term)
        for rdf_type in types
        for term in graph.subjects(RDF.type, rdf_type)
        if isinstance(term, URIRef) and str(term).startswith(CCHC)
    }


def test_regenerated_dot_equals_committed_file() -> None:
    assert DOT_FILE.exists(), "run `python -m ontology.diagram` to generate ontology/ontology.dot"
    committed = DOT_FILE.read_text(encoding="utf-8")
    assert dot() == committed, "ontology.dot is stale: run `python -m ontology.diagram`"


def test_generation_is_deterministic(graph: Graph) -> None:
    assert dot(build_model(graph)) == dot(build_model(ontology_graph()))
    assert term_table(graph) == term_table(ontology_graph())
    assert mermaid(build_model(graph)) == mermaid()


def test_dot_mentions_every_cchc_class(graph: Graph) -> None:
    text = dot()
    missing = sorted(name for name in cchc_terms(graph, OWL.Class) if f"<B>{name}</B>" not in text)
    assert missing == []


def test_dot_draws_subclass_and_object_property_edges() -> None:
    text = dot()
    assert "cchc_Agency -> cchc_ResponsibleParty [arrowhead=empty" in text
    assert "cchc_Agency -> org_FormalOrganization [arrowhead=empty" in text
    assert re.search(r'cchc_Task -> cchc_ResponsibleParty \[label="[^"]*cchc:leadAgency', text)
    assert re.search(r'eli_LegalResource -> eli_LegalResource \[label="[^"]*eli:based_on', text)
    assert "rankdir=LR" in text
    for area in ("documents", "structure", "agencies", "time", "provenance"):
        assert f"subgraph cluster_{area} " in text
    # data properties sit inside their domain's node
    assert "cchc:deliverable : xsd:string" in text


def test_helper_classes_are_left_out_except_the_kept_ones() -> None:
    names = {node.name for node in build_model().classes}
    assert {"org:FormalOrganization", "prov:Agent", "time:Interval", "time:Instant", "skos:Concept"} <= names
    assert not names & {"prov:Entity", "org:Organization", "time:TemporalEntity", "skos:ConceptScheme"}
    assert "eli:LegalResource" in names


def test_mermaid_is_a_class_diagram_of_every_cchc_class(graph: Graph) -> None:
    text = mermaid()
    assert text.startswith("classDiagram\n")
    declared = set(re.findall(r"^  class (\w+)", text, flags=re.M))
    assert {name.split(":", 1)[1] for name in cchc_terms(graph, OWL.Class)} <= declared
    assert "  LegalDocument <|-- Plan" in text
    assert "  Task --> ResponsibleParty : cchc:leadAgency" in text
    assert "(" not in text  # parentheses would turn attributes into methods


def test_term_table_lists_every_cchc_class_and_property(graph: Graph) -> None:
    table = term_table(graph)
    listed = set(re.findall(r"^\| `([^`]+)` \|", table, flags=re.M))
    expected = cchc_terms(graph, OWL.Class, *PROPERTY_TYPES)
    assert expected - listed == set()
    # every declared class and property of cchc.ttl, external ones included, exactly once
    rows = re.findall(r"^\| `([^`]+)` \|", table, flags=re.M)
    assert len(rows) == len(set(rows))
    all_declared = {
        qname(t)
        for rdf_type in (OWL.Class, *PROPERTY_TYPES)
        for t in graph.subjects(RDF.type, rdf_type)
        if isinstance(t, URIRef)
    }
    assert set(rows) == all_declared
    assert "| `cchc:Plan` | Class | Plan |" in table
    assert "| `cchc:leadAgency` | Object property | lead agency |" in table


def test_readme_terms_block_equals_term_table() -> None:
    text = README_FILE.read_text(encoding="utf-8")
    assert readme_block(text, TERMS_START, TERMS_END) == term_table(), (
        "README terms block is stale: run `python -m ontology.diagram`"
    )


def test_readme_mermaid_block_and_picture() -> None:
    text = README_FILE.read_text(encoding="utf-8")
    assert readme_block(text, MERMAID_START, MERMAID_END) == mermaid_fenced()
    assert "![Ontology diagram](ontology.svg)" in text


def test_readme_mentions_only_declared_cchc_terms(graph: Graph) -> None:
    """The prose does not invent terms: every cchc: name it uses is declared in the Turtle files."""
    vocabulary = ontology_graph()
    vocabulary.parse(ONTOLOGY_DIR / "schemes.ttl", format="turtle")
    declared = {qname(s) for s in vocabulary.subjects() if isinstance(s, URIRef)}
    used = set(re.findall(r"`(cchc:[A-Za-z]+)`", README_FILE.read_text(encoding="utf-8")))
    assert used - declared == set()


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_dot_renders_with_graphviz(tmp_path) -> None:
    out = tmp_path / "ontology.svg"
    subprocess.run(["dot", "-Tsvg", str(DOT_FILE), "-o", str(out)], check=True, timeout=120)
    assert "<svg" in out.read_text(encoding="utf-8")
