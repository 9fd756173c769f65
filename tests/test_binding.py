"""One way to bind: ``queries.binding`` for every store, and SPARQL only in ``.rq`` files.

Substitution (pyoxigraph) and the VALUES splice (remote stores, updates, unprojected variables) give the
same rows; an injection attempt in a parameter value stays one literal on the embedded store and on a
real Virtuoso; every internal ``.rq`` file has the named queries' header and the project's prefixes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from api.service import ingest_paths
from ontology import DEFAULT_BASE_IRI
from ontology.prefixes import PREFIXES
from queries.binding import bind_values, join_updates, prepare, projection, splice_values
from queries.errors import QuerySyntaxError
from queries.library import QUERIES_DIR, load_library, run
from queries.sparql import INTERNAL_DIR, parse_sparql_file, sparql
from queries.store import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "ingest" / "samples"
SEED_285 = SAMPLES / "000_8ed5b0c1c9e5996d.txt"  # 285/KH-UBND, Đồng Tháp
INJECTION = 'x" } ; DROP ALL ; #'
A, B = URIRef("http://ex/a"), URIRef("http://ex/b")


# -- the splice ------------------------------------------------------------------------------------


def test_projection_reads_the_top_level_select_and_the_construct_template() -> None:
    assert projection("SELECT ?a (COUNT(?b) AS ?n) WHERE { ?a ?p ?b }") == {"a", "n"}
    assert projection(
        "# SELECT ?x\nPREFIX e: <http://e/>\nSELECT DISTINCT ?a WHERE { { SELECT ?z {} } }"
    ) == {"a"}
    assert projection("CONSTRUCT { ?s e:p ?o } WHERE { ?s ?q ?o }") == {"s", "o"}
    assert projection("SELECT * WHERE { ?s ?p ?o }") is None
    assert projection("ASK { ?s ?p ?o }") is None


def test_prepare_substitutes_projected_variables_and_splices_the_rest() -> None:
    text, substituted = prepare("SELECT ?a WHERE { ?a ?p ?b }", {"a": A, "b": B}, substitute=True)
    assert substituted == {"a": A}
    assert "VALUES (?b) { (<http://ex/b>) }" in text and "?a)" not in text
    text, substituted = prepare("SELECT ?a WHERE { ?a ?p ?b }", {"a": A, "b": B}, substitute=False)
    assert substituted == {} and "VALUES (?a ?b) { (<http://ex/a> <http://ex/b>) }" in text


def test_splice_at_a_marker_in_an_update_and_with_several_rows() -> None:
    marked = "SELECT ?a WHERE {\n  { SELECT ?a WHERE {\n    # values: ?a\n    ?a ?p ?o } }\n}"
    assert splice_values(marked, ["a"], [[A], [B]]) == marked.replace(
        "# values: ?a", "VALUES ?a { <http://ex/a> <http://ex/b> }"
    )
    update = "PREFIX e: <http://e/>\nDELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }"
    bound = bind_values(update, {"g": A})
    assert bound.index("VALUES (?g)") > bound.index("WHERE {")
    with pytest.raises(QuerySyntaxError):
        bind_values("INSERT DATA { <http://a> <http://b> <http://c> }", {"g": A})
    # an update with a sub-select: bound in its own WHERE group, and in the sub-select that uses a variable
    bound = bind_values(sparql("drop-disputed-dates"), {"shared": A, "inferred": B})
    outer = bound.index("WHERE {") + len("WHERE {")
    assert bound[outer:].startswith(" VALUES (?shared ?inferred) { (<http://ex/a> <http://ex/b>) } ")
    assert " VALUES (?inferred) { (<http://ex/b>) } " in bound


def test_joined_updates_declare_their_prefixes_once_at_the_front() -> None:
    joined = join_updates(
        [
            "INSERT DATA { <http://a> <http://b> <http://c> }",
            "PREFIX e: <http://e/>\nDELETE WHERE { ?s e:p ?o }",
        ]
    )
    assert joined.startswith("PREFIX e: <http://e/>\nINSERT DATA")
    store = EmbeddedStore(None)
    store.update(joined)  # pyoxigraph reads a prologue only at the start of a request
    assert len(store) == 1


# -- the same rows on every store; injections stay literals ----------------------------------------


@pytest.fixture(scope="module")
def embedded() -> EmbeddedStore:
    store = EmbeddedStore(None)
    assert all(report.ok for report in ingest_paths(store, [SEED_285], DEFAULT_BASE_IRI))
    return store


QUESTIONS = [
    ("plans", {}),
    ("tasks", {"plan": "285/KH-UBND"}),
    ("agency-tasks", {"agency": "so noi vu", "role": "lead"}),
    ("search", {"q": "Sở Nội vụ"}),
    ("agency-tasks", {"agency": INJECTION}),
    ("search", {"q": INJECTION}),
    ("tasks", {"plan": INJECTION}),
]


def test_an_injection_in_a_parameter_stays_a_literal_on_the_embedded_store(embedded: EmbeddedStore) -> None:
    before = len(embedded)
    for name, params in QUESTIONS[4:]:
        assert run(embedded, name, params).rows == [], name
    assert len(embedded) == before


# The same rows and literal injections on a real Virtuoso: tests/test_remote_store.py (its module's
# server holds the same seeds as its embedded store).


# -- SPARQL only in .rq files ----------------------------------------------------------------------

INTERNAL = sorted(INTERNAL_DIR.glob("*.rq"))
ALL_RQ = [*sorted(QUERIES_DIR.glob("*.rq")), *INTERNAL, *sorted((ROOT / "ingest" / "data").glob("*.rq"))]
_PREFIX = re.compile(r"^PREFIX\s+(\w*):\s*<([^>]*)>\s*$", re.MULTILINE)


def test_internal_queries_have_the_named_queries_header() -> None:
    assert len(INTERNAL) >= 25
    for path in INTERNAL:
        query = parse_sparql_file(path)
        body = "\n".join(line for line in query.text.splitlines() if not line.startswith("#"))
        for param in query.params:
            assert f"?{param}" in body, (path.name, param)
        lines = query.text.splitlines()
        first = next(i for i, line in enumerate(lines) if not line.startswith("#"))
        assert lines[0] == f"# name: {path.stem}" and lines[1].startswith("# summary: ")
        assert all(line.startswith("PREFIX") for line in lines[first:] if line.startswith("PREFIX"))


def test_internal_queries_are_not_user_queries() -> None:
    names = set(load_library())
    assert not names & {path.stem for path in INTERNAL}
    assert "resolve-document" not in names and "inference-inverses" not in names


def test_every_rq_file_declares_the_project_prefixes_and_only_those_it_uses() -> None:
    """One prefix source: each PREFIX line in any .rq names ontology.prefixes.PREFIXES' namespace."""
    for path in ALL_RQ:
        text = path.read_text(encoding="utf-8")
        declared = dict(_PREFIX.findall(text))
        for name, namespace in declared.items():
            assert PREFIXES.get(name) == namespace, (path.name, name)
        body = _PREFIX.sub(
            "", "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
        )
        body = re.sub(r'"[^"\n]*"|<[^>\s]*>', "", body)
        used = set(re.findall(r"(?<![\w?$])([a-z]+):[A-Za-z_]", body))
        assert used <= set(declared), (path.name, used - set(declared))


def test_no_query_text_left_in_python() -> None:
    """The modules that used to hold SPARQL strings hold none (data updates are built in queries.binding
    and the stores: INSERT DATA of triples, DROP/MOVE GRAPH, a blank-node INSERT … WHERE { })."""
    query = re.compile(
        r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b[^\n]*\bWHERE\b|\bWHERE\s*\{(?!\s*\})|\bPREFIX\s+\w*:\s*<"
    )
    for relative in (
        "queries/inference.py",
        "queries/library.py",
        "queries/remote.py",
        "queries/store.py",
        "api/service.py",
        "api/serving/guarded_store.py",
        "api/linked_data.py",
        "api/federation.py",
        "ingest/collision.py",
        "api/cli.py",
    ):
        code = re.sub(r'"""[\s\S]*?"""|#[^\n]*', "", (ROOT / relative).read_text(encoding="utf-8"))
        assert not query.search(code), (relative, query.search(code))


def test_internal_texts_load_by_name() -> None:
    assert sparql("describe").startswith("# name: describe")
    with pytest.raises(FileNotFoundError):
        sparql("no-such-query")


def test_an_update_with_a_sub_select_changes_only_the_bound_graph() -> None:
    """drop_disputed_dates: a document dated differently by two graphs loses its date in the shared graph
    only; the graphs that state the dates keep them."""
    from rdflib import Graph
    from rdflib.namespace import XSD

    from api.service import drop_disputed_dates
    from ontology.iris import IriMinter
    from ontology.namespace import ELI

    minter = IriMinter(DEFAULT_BASE_IRI)
    document = URIRef(DEFAULT_BASE_IRI + "eli/vn/tu/nq/2021/05")
    one, two = URIRef("http://ex/graph/one"), URIRef("http://ex/graph/two")

    def dated(day: str) -> Graph:
        graph = Graph()
        graph.add((document, ELI.date_document, Literal(day, datatype=XSD.date)))
        return graph

    store = EmbeddedStore(None)
    store.replace_graphs(
        {one: dated("2021-07-01"), two: dated("2021-09-28"), minter.shared_graph: dated("2021-07-01")}
    )
    drop_disputed_dates(store, minter)
    assert len(store.graph(minter.shared_graph)) == 0
    assert len(store.graph(one)) == len(store.graph(two)) == 1
