"""Generate the ontology diagram (Graphviz DOT/SVG, Mermaid) and the README term table from the Turtle.

``python -m ontology.diagram`` reads ontology/cchc.ttl and writes

* ontology/ontology.dot: Graphviz DOT text, deterministic (regenerating gives identical text);
* ontology/ontology.svg: rendered with the ``dot`` command when Graphviz is installed;
* the blocks of ontology/README.md between ``<!-- terms:start -->``/``<!-- terms:end -->`` (the term
  table, :func:`term_table`) and ``<!-- mermaid:start -->``/``<!-- mermaid:end -->`` (:func:`mermaid`).

Nothing is drawn by hand. Nodes are the ``owl:Class`` terms (external SKOS/PROV/OWL-Time/ORG helper
classes are left out except the few the data uses directly), edges are ``rdfs:subClassOf`` (hollow arrow)
and the object properties that have both an ``rdfs:domain`` and an ``rdfs:range`` (labelled arrow from
domain to range). Datatype properties are listed inside the node of their domain; properties without a
domain are listed in a separate note node.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, SH, SKOS

from ontology import ONTOLOGY_DIR, ONTOLOGY_FILE
from ontology.loader import _parse, shapes_graph
from ontology.prefixes import PREFIXES, bind_prefixes

DOT_FILE = ONTOLOGY_DIR / "ontology.dot"
SVG_FILE = ONTOLOGY_DIR / "ontology.svg"
README_FILE = ONTOLOGY_DIR / "README.md"

TERMS_START, TERMS_END = "<!-- terms:start -->", "<!-- terms:end -->"
MERMAID_START, MERMAID_END = "<!-- mermaid:start -->", "<!-- mermaid:end -->"

# Namespaces of reused vocabularies whose helper classes are declared in cchc.ttl only for reasoners.
_HELPER_NAMESPACES = ("skos", "prov", "time", "org")
# ... of which these few are drawn, because the data uses them directly (as superclasses or ranges).
_KEPT_HELPERS = frozenset(
    {"org:FormalOrganization", "prov:Agent", "time:Interval", "time:Instant", "skos:Concept"}
)

# Diagram areas (Graphviz clusters), in drawing order: (key, title, fill colour).
AREAS: tuple[tuple[str, str, str], ...] = (
    ("documents", "Legal documents", "#eef4fb"),
    ("structure", "Plan structure", "#eef8ee"),
    ("agencies", "Agencies and jurisdictions", "#fdf3e6"),
    ("time", "Time frames and budgets", "#f4eefa"),
    ("provenance", "Provenance and data quality", "#f3f3f3"),
    ("schemes", "Controlled vocabularies (SKOS concepts)", "#fbf8e6"),
    ("other", "Other", "#ffffff"),
)
# Area of the classes named here; any other class takes the area of its nearest mapped superclass
# (so a new subclass of cchc:LegalDocument lands in "documents"), else "other".
_AREA_OF: dict[str, str] = {
    "eli:LegalResource": "documents",
    "cchc:LegalDocument": "documents",
    "cchc:MasterProgramme": "documents",
    "cchc:PlanSection": "structure",
    "cchc:Task": "structure",
    "cchc:Target": "structure",
    "cchc:TaskAssignment": "structure",
    "prov:Agent": "agencies",
    "org:FormalOrganization": "agencies",
    "cchc:ResponsibleParty": "agencies",
    "cchc:Jurisdiction": "agencies",
    "time:Interval": "time",
    "time:Instant": "time",
    "cchc:Budget": "time",
    "cchc:LegalReference": "provenance",
    "cchc:SourceDocument": "provenance",
    "cchc:QualityFlag": "provenance",
    "prov:Entity": "provenance",  # e.g. cchc:DocumentGraph
    "skos:Concept": "schemes",
}

_KIND_ORDER = (
    (OWL.Class, "Class"),
    (OWL.ObjectProperty, "Object property"),
    (OWL.DatatypeProperty, "Datatype property"),
    (OWL.AnnotationProperty, "Annotation property"),
)


# ---------------------------------------------------------------------------------------------------
# Reading the Turtle
# ---------------------------------------------------------------------------------------------------
def ontology_graph(path: Path = ONTOLOGY_FILE) -> Graph:
    """cchc.ttl alone (classes and properties; the SKOS concept schemes are not needed here)."""
    graph = bind_prefixes(Graph())
    _parse(graph, path)
    return graph


_NAMESPACES_LONGEST_FIRST = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def qname(term: URIRef) -> str:
    """Prefixed name with the project's prefixes ("cchc:Plan", "eli:based_on"); the IRI when none fits."""
    text = str(term)
    for prefix, namespace in _NAMESPACES_LONGEST_FIRST:
        if text.startswith(namespace) and re.fullmatch(r"[A-Za-z_][\w.-]*", text[len(namespace) :]):
            return f"{prefix}:{text[len(namespace) :]}"
    return f"<{text}>"


def _english(graph: Graph, term: URIRef, predicate: URIRef) -> str:
    values = sorted(
        str(v) for v in graph.objects(term, predicate) if isinstance(v, Literal) and v.language == "en"
    )
    return values[0] if values else ""


def _classes_of(graph: Graph, node) -> list[URIRef]:
    """The named classes a domain/range value stands for (a class, or the members of an owl:unionOf)."""
    if isinstance(node, URIRef):
        return [node]
    union = graph.value(node, OWL.unionOf)
    if union is None:
        return []
    return [member for member in Collection(graph, union) if isinstance(member, URIRef)]


def _domains(graph: Graph, prop: URIRef) -> list[URIRef]:
    return sorted({c for d in graph.objects(prop, RDFS.domain) for c in _classes_of(graph, d)}, key=qname)


def _ranges(graph: Graph, prop: URIRef) -> list[URIRef]:
    return sorted({c for r in graph.objects(prop, RDFS.range) for c in _classes_of(graph, r)}, key=qname)


def _is_hidden_helper(name: str) -> bool:
    return name.split(":", 1)[0] in _HELPER_NAMESPACES and name not in _KEPT_HELPERS


@dataclass
class ClassNode:
    iri: URIRef
    name: str
    label: str
    area: str
    external: bool
    data_properties: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Model:
    """What the diagram shows, in a deterministic order."""

    classes: list[ClassNode]
    subclass_edges: list[tuple[str, str]]  # (subclass, superclass)
    property_edges: list[tuple[str, str, str]]  # (domain, range, property)
    open_properties: list[str]  # properties with no domain (shown in a note node)


def _shacl_datatypes(shapes: Graph) -> dict[URIRef, list[URIRef]]:
    """sh:datatype of the property shapes, by sh:path (for date properties, which carry no OWL range)."""
    found: dict[URIRef, set[URIRef]] = defaultdict(set)
    for shape, path in shapes.subject_objects(SH.path):
        datatype = shapes.value(shape, SH.datatype)
        if isinstance(path, URIRef) and isinstance(datatype, URIRef):
            found[path].add(datatype)
    return {path: sorted(types, key=str) for path, types in found.items()}


def build_model(graph: Graph | None = None, shapes: Graph | None = None) -> Model:
    """Collect the classes, subclass edges, object-property edges and datatype properties to draw.

    A datatype property with no ``rdfs:range`` (the date properties: xsd:date is outside OWL 2's datatype
    map) shows the ``sh:datatype`` its SHACL shapes require, marked "(SHACL)".
    """
    graph = graph if graph is not None else ontology_graph()
    shacl = _shacl_datatypes(shapes if shapes is not None else shapes_graph())
    all_classes = {c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    shown = {c for c in all_classes if not _is_hidden_helper(qname(c))}

    def area_of(cls: URIRef, seen: frozenset[URIRef] = frozenset()) -> str:
        name = qname(cls)
        if name in _AREA_OF:
            return _AREA_OF[name]
        for parent in sorted(graph.objects(cls, RDFS.subClassOf), key=str):
            if isinstance(parent, URIRef) and parent not in seen:
                found = area_of(parent, seen | {cls})
                if found != "other":
                    return found
        return "other"

    nodes = {
        c: ClassNode(
            iri=c,
            name=qname(c),
            label=_english(graph, c, RDFS.label),
            area=area_of(c),
            external=not qname(c).startswith("cchc:"),
        )
        for c in shown
    }

    subclass_edges = sorted(
        (qname(sub), qname(sup))
        for sub in shown
        for sup in graph.objects(sub, RDFS.subClassOf)
        if isinstance(sup, URIRef) and sup in shown
    )

    property_edges: list[tuple[str, str, str]] = []
    for prop in graph.subjects(RDF.type, OWL.ObjectProperty):
        if not isinstance(prop, URIRef):
            continue
        domains = [d for d in _domains(graph, prop) if d in shown]
        ranges = [r for r in _ranges(graph, prop) if r in shown]
        property_edges += [(qname(d), qname(r), qname(prop)) for d in domains for r in ranges]
    property_edges.sort()

    open_properties: list[str] = []
    for prop in graph.subjects(RDF.type, OWL.DatatypeProperty):
        if not isinstance(prop, URIRef):
            continue
        ranges = _ranges(graph, prop)
        if ranges:
            entry = f"{qname(prop)} : {', '.join(qname(r) for r in ranges)}"
        elif shacl.get(prop):
            entry = f"{qname(prop)} : {', '.join(qname(r) for r in shacl[prop])} (SHACL)"
        else:
            entry = qname(prop)
        all_domains = _domains(graph, prop)
        domains = [d for d in all_domains if d in nodes]
        for domain in domains:
            nodes[domain].data_properties.append(entry)
        if not domains:  # no domain, or only hidden helper classes as domain
            hidden = ", ".join(qname(d) for d in all_domains)
            open_properties.append(entry + (f" (domain {hidden})" if hidden else ""))
    for node in nodes.values():
        node.data_properties.sort()
    open_properties.sort()

    return Model(
        classes=sorted(nodes.values(), key=lambda n: n.name),
        subclass_edges=subclass_edges,
        property_edges=property_edges,
        open_properties=open_properties,
    )


# ---------------------------------------------------------------------------------------------------
# Graphviz DOT
# ---------------------------------------------------------------------------------------------------
def _node_id(name: str) -> str:
    return re.sub(r"\W", "_", name)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _html_label(node: ClassNode) -> str:
    """Record-like HTML label: the class name (and English label), then its datatype properties."""
    header_colour = "#d9d9d9" if node.external else "#c6dbef"
    header = f"<B>{html.escape(node.name)}</B>"
    if node.label:
        header += f'<BR/><FONT POINT-SIZE="8"><I>{html.escape(node.label)}</I></FONT>'
    rows = [f'<TR><TD BGCOLOR="{header_colour}">{header}</TD></TR>']
    if node.data_properties:
        body = "<BR/>".join(html.escape(p) for p in node.data_properties)
        rows.append(
            '<TR><TD BGCOLOR="#ffffff" ALIGN="LEFT" BALIGN="LEFT">'
            f'<FONT POINT-SIZE="9">{body}</FONT></TD></TR>'
        )
    style = ' STYLE="ROUNDED"' if not node.external else ""
    return (
        f'<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="4"{style}>'
        + "".join(rows)
        + "</TABLE>>"
    )


def dot(model: Model | None = None) -> str:
    """The Graphviz DOT text of the diagram (same Turtle -> same text)."""
    model = model or build_model()
    lines = [
        "// Generated by `python -m ontology.diagram` from ontology/cchc.ttl. Do not edit by hand.",
        "digraph cchc_ontology {",
        '  graph [rankdir=LR, fontname="Helvetica", fontsize=12, nodesep=0.25, ranksep=0.9,'
        ' newrank=true, labelloc=t, label="cchc-kg ontology: classes, subclass axioms (hollow arrows),'
        ' object properties (labelled arrows) and datatype properties (inside the classes)"];',
        '  node [shape=plain, fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=9, color="#4a4a4a"];',
    ]
    by_area: dict[str, list[ClassNode]] = defaultdict(list)
    for node in model.classes:
        by_area[node.area].append(node)
    for key, title, colour in AREAS:
        if not by_area.get(key):
            continue
        lines += [
            f"  subgraph cluster_{key} {{",
            f'    label={_quote(title)}; style="rounded,filled"; fillcolor="{colour}"; color="#9a9a9a";',
        ]
        lines += [f"    {_node_id(n.name)} [label={_html_label(n)}];" for n in by_area[key]]
        lines.append("  }")
    if model.open_properties:
        rows = "".join(f'<TR><TD ALIGN="LEFT">{html.escape(p)}</TD></TR>' for p in model.open_properties)
        lines.append(
            '  open_properties [shape=note, style=filled, fillcolor="#ffffff", fontsize=9, label=<'
            '<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1">'
            "<TR><TD><B>Datatype properties with no rdfs:domain</B></TD></TR>" + rows + "</TABLE>>];"
        )
    lines.append("  // rdfs:subClassOf: subclass -> superclass, hollow arrowhead")
    lines += [
        f'  {_node_id(sub)} -> {_node_id(sup)} [arrowhead=empty, style=solid, color="#1f4e79", penwidth=1.2];'
        for sub, sup in model.subclass_edges
    ]
    lines.append("  // object properties with rdfs:domain and rdfs:range: domain -> range (parallels merged)")
    merged: dict[tuple[str, str], list[str]] = defaultdict(list)
    for domain, range_, prop in model.property_edges:
        merged[(domain, range_)].append(prop)
    for (domain, range_), props in sorted(merged.items()):
        label = '"' + "\\n".join(_quote(p)[1:-1] for p in props) + '"'  # one line per property
        lines.append(f"  {_node_id(domain)} -> {_node_id(range_)} [label={label}, arrowhead=vee];")
    lines.append("}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------------
# Mermaid
# ---------------------------------------------------------------------------------------------------
def _mermaid_id(name: str) -> str:
    """Mermaid class id: the local name for cchc terms ("Plan"), prefix_Local for reused ones."""
    prefix, local = name.split(":", 1)
    return local if prefix == "cchc" else f"{prefix}_{local}"


def _mermaid_member(entry: str) -> str:
    """ "cchc:statedDate : xsd:date (SHACL)" -> "cchc:statedDate xsd:date" (parentheses mean a method)."""
    return entry.replace(" (SHACL)", "").replace(" : ", " ")


def mermaid(model: Model | None = None) -> str:
    """A Mermaid ``classDiagram`` of the same classes and edges (renders on code forges without an image)."""
    model = model or build_model()
    lines = ["classDiagram", "  direction LR"]
    for node in model.classes:
        ident = _mermaid_id(node.name)
        if node.data_properties:
            lines.append(f"  class {ident} {{")
            lines += [f"    +{_mermaid_member(p)}" for p in node.data_properties]
            lines.append("  }")
        else:
            lines.append(f"  class {ident}")
    lines += [f"  {_mermaid_id(sup)} <|-- {_mermaid_id(sub)}" for sub, sup in model.subclass_edges]
    lines += [
        f"  {_mermaid_id(domain)} --> {_mermaid_id(range_)} : {prop}"
        for domain, range_, prop in model.property_edges
    ]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------------
# Term table
# ---------------------------------------------------------------------------------------------------
def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def declared_terms(graph: Graph) -> list[tuple[str, URIRef]]:
    """(kind, term) for every class and property declared in cchc.ttl, in table order."""
    rows: list[tuple[int, bool, str, str, URIRef]] = []
    for order, (rdf_type, kind) in enumerate(_KIND_ORDER):
        for term in graph.subjects(RDF.type, rdf_type):
            if isinstance(term, URIRef):
                name = qname(term)
                rows.append((order, not name.startswith("cchc:"), name, kind, term))
    rows.sort()
    seen: set[URIRef] = set()
    result = []
    for _, _, _, kind, term in rows:
        if term not in seen:  # a term typed twice keeps its first kind
            seen.add(term)
            result.append((kind, term))
    return result


_CLASS_AXIOMS = (("⊑ ", RDFS.subClassOf), ("disjoint with ", OWL.disjointWith))
_PROPERTY_AXIOMS = (
    ("sub-property of ", RDFS.subPropertyOf),
    ("inverse of ", OWL.inverseOf),
    ("≡ ", OWL.equivalentProperty),
)


def _named_axioms(graph: Graph, term: URIRef, captions: tuple[tuple[str, URIRef], ...]) -> list[str]:
    """One axiom per (caption, predicate) the term has named objects for: "⊑ `cchc:Plan`, …"."""
    axioms = []
    for caption, predicate in captions:
        named = sorted(qname(s) for s in graph.objects(term, predicate) if isinstance(s, URIRef))
        if named:
            axioms.append(caption + ", ".join(f"`{s}`" for s in named))
    return axioms


def term_table(graph: Graph | None = None) -> str:
    """Markdown table of every class and property of cchc.ttl: name, kind, English label and definition.

    Classes also show their superclasses; properties their domain and range (from the Turtle).
    """
    graph = graph if graph is not None else ontology_graph()
    lines = [
        "| Term | Kind | Label | Definition | Axioms |",
        "|---|---|---|---|---|",
    ]
    for kind, term in declared_terms(graph):
        axioms: list[str] = []
        if kind == "Class":
            axioms += _named_axioms(graph, term, _CLASS_AXIOMS)
        else:
            domains = _domains(graph, term)
            ranges = _ranges(graph, term)
            if domains or ranges:
                axioms.append(
                    ", ".join(f"`{qname(d)}`" for d in domains or [])
                    + " → "
                    + ", ".join(f"`{qname(r)}`" for r in ranges or [])
                )
            axioms += _named_axioms(graph, term, _PROPERTY_AXIOMS)
            traits = [
                trait
                for trait, rdf_type in (
                    ("functional", OWL.FunctionalProperty),
                    ("transitive", OWL.TransitiveProperty),
                )
                if (term, RDF.type, rdf_type) in graph
            ]
            axioms += traits
        lines.append(
            f"| `{qname(term)}` | {kind} | {_cell(_english(graph, term, RDFS.label))} "
            f"| {_cell(_english(graph, term, SKOS.definition))} | {_cell('; '.join(axioms))} |"
        )
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------------
# README blocks
# ---------------------------------------------------------------------------------------------------
def readme_block(text: str, start: str, end: str) -> str | None:
    """The text between two markers (without the newlines right after/before them); None when absent."""
    match = re.search(re.escape(start) + r"\n(.*?)" + re.escape(end), text, flags=re.S)
    return match.group(1) if match else None


def replace_block(text: str, start: str, end: str, content: str) -> str:
    """``text`` with the block between the markers replaced by ``content`` (unchanged if markers absent)."""
    pattern = re.compile(re.escape(start) + r"\n.*?" + re.escape(end), flags=re.S)
    return pattern.sub(lambda _: f"{start}\n{content}{end}", text, count=1)


def mermaid_fenced(model: Model | None = None) -> str:
    return "```mermaid\n" + mermaid(model) + "```\n"


def refreshed_readme(text: str, graph: Graph | None = None, model: Model | None = None) -> str:
    text = replace_block(text, TERMS_START, TERMS_END, term_table(graph))
    return replace_block(text, MERMAID_START, MERMAID_END, mermaid_fenced(model))


# ---------------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------------
def render_svg(dot_file: Path = DOT_FILE, svg_file: Path = SVG_FILE) -> bool:
    """Render the DOT file to SVG with Graphviz; False (and nothing written) when ``dot`` is not installed."""
    executable = shutil.which("dot")
    if executable is None:
        return False
    subprocess.run([executable, "-Tsvg", str(dot_file), "-o", str(svg_file)], check=True)
    return True


def _write_if_changed(path: Path, text: str) -> bool:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ontology.diagram",
        description="Generate ontology/ontology.dot and .svg and refresh the README blocks from cchc.ttl.",
    )
    parser.add_argument("--check", action="store_true", help="only check that generated files are current")
    parser.add_argument("--no-svg", action="store_true", help="do not run Graphviz")
    args = parser.parse_args(list(argv) if argv is not None else None)

    graph = ontology_graph()
    model = build_model(graph)
    dot_text = dot(model)
    readme_text = README_FILE.read_text(encoding="utf-8") if README_FILE.exists() else None
    new_readme = refreshed_readme(readme_text, graph, model) if readme_text is not None else None

    if args.check:
        stale = []
        if not DOT_FILE.exists() or DOT_FILE.read_text(encoding="utf-8") != dot_text:
            stale.append(str(DOT_FILE))
        if readme_text is not None and new_readme != readme_text:
            stale.append(str(README_FILE))
        if stale:
            print("out of date (run `python -m ontology.diagram`): " + ", ".join(stale), file=sys.stderr)
            return 1
        print("ontology diagram and README blocks are up to date")
        return 0

    changed = _write_if_changed(DOT_FILE, dot_text)
    print(f"{'wrote' if changed else 'unchanged'} {DOT_FILE}")
    if readme_text is None:
        print(f"warning: {README_FILE} not found; term table not written", file=sys.stderr)
    else:
        for marker in (TERMS_START, TERMS_END, MERMAID_START, MERMAID_END):
            if marker not in readme_text:
                print(f"warning: marker {marker} missing from {README_FILE}", file=sys.stderr)
        changed = _write_if_changed(README_FILE, new_readme or readme_text)
        print(f"{'refreshed' if changed else 'unchanged'} {README_FILE}")
    if args.no_svg:
        return 0
    if render_svg():
        print(f"rendered {SVG_FILE}")
    else:
        print(
            "Graphviz `dot` is not on PATH, so ontology.svg was not rendered; install Graphviz "
            "(e.g. apt-get install graphviz) and rerun, or render it with "
            f"`dot -Tsvg {DOT_FILE} -o {SVG_FILE}`.",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
