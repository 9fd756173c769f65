"""`cchc-kg sparql`, `export`, `stats` and `documents` against a store holding the five seeds."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import SKOS, Dataset, Graph, Literal, URIRef
from typer.testing import CliRunner

from api.cli import app
from ingest.pipeline import ingest_file
from ontology.iris import IriMinter
from ontology.namespace import ELI

SAMPLES = Path(__file__).resolve().parent.parent / "ingest" / "samples"
runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cli") / "store"
    result = runner.invoke(app, ["ingest", "--store", str(path), str(SAMPLES)])
    assert result.exit_code == 0, result.output
    return str(path)


def test_sparql_select_as_csv(store: str) -> None:
    query = (
        "PREFIX cchc: <https://w3id.org/cchc-kg/ontology#> PREFIX eli: <http://data.europa.eu/eli/ontology#> "
        "SELECT ?number (COUNT(DISTINCT ?t) AS ?tasks) WHERE { ?p eli:number ?number ; cchc:hasTask ?t } "
        "GROUP BY ?number ORDER BY ?number"
    )
    result = runner.invoke(app, ["sparql", "--store", store, "-f", "csv", query])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "number,tasks",
        "142/KH-UBND,29",
        "272/KH-UBND,37",
        "285/KH-UBND,32",
    ]


def test_sparql_from_a_file_ask_and_construct(store: str, tmp_path: Path) -> None:
    query_file = tmp_path / "q.rq"
    query_file.write_text(
        'ASK { ?s <http://data.europa.eu/eli/ontology#number> "76/NQ-CP" }', encoding="utf-8"
    )
    assert runner.invoke(app, ["sparql", "--store", store, str(query_file)]).output.strip() == "true"
    construct = runner.invoke(
        app, ["sparql", "--store", store, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3"]
    )
    assert len(Graph().parse(data=construct.output, format="turtle")) == 3


def test_sparql_syntax_error_gives_the_parser_message_and_position(store: str) -> None:
    result = runner.invoke(app, ["sparql", "--store", store, "SELECT ?x WHERE { ?x"])
    assert result.exit_code == 2
    assert "error: SPARQL query: error at 1:21" in result.output


def test_export_one_document_and_the_whole_store(store: str, tmp_path: Path) -> None:
    target = tmp_path / "285.ttl"
    result = runner.invoke(
        app, ["export", "--store", store, "--document", "285 /KH-UBND", "-f", "ttl", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    exported = Graph().parse(target, format="turtle")
    # the document's own 2,112 triples (as mapped from 000_*.txt), the 9 spellings of its agencies that
    # other seeds wrote (altLabels in the shared graph, e.g. "Sở thông tin và truyền thông"), and 12
    # reference-base facts about the programme it implements and 76/NQ-CP, which establishes it; since
    # issue 18 also the whole lineage of its agencies and province (api.service._lineage_closure: the
    # succession steps, the bodies at their ends, the acts that decided them, the existence intervals)
    assert len(exported) == 2737
    assert (
        URIRef("https://w3id.org/cchc-kg/eli/vn/cp/nq/2021/76"),
        ELI.number,
        Literal("76/NQ-CP"),
    ) in exported
    assert (
        URIRef("https://w3id.org/cchc-kg/org/dong-thap/so-thong-tin-va-truyen-thong"),
        SKOS.altLabel,
        Literal("Sở thông tin và truyền thông", lang="vi"),
    ) in exported
    seed = next(Path("ingest/samples").glob("000_*"))
    assert set(ingest_file(seed, IriMinter()).triples) <= set(exported)
    quads = tmp_path / "all.nq"
    assert runner.invoke(app, ["export", "--store", store, "-f", "nq", "-o", str(quads)]).exit_code == 0
    dataset = Dataset()
    dataset.parse(quads, format="nquads")
    names = {str(g.identifier) for g in dataset.graphs()}
    assert "https://w3id.org/cchc-kg/graph/eli/vn/ninh-thuan/ubnd/qd/2022/465/plan" in names
    assert "https://w3id.org/cchc-kg/graph/reference" in names


def test_export_unknown_document_suggests_the_closest(store: str) -> None:
    result = runner.invoke(app, ["export", "--store", store, "--document", "999/KH-UBND"])
    assert result.exit_code == 3  # not found (api.errors.EXIT_NOT_FOUND)
    text = " ".join(result.output.split())
    assert "no document '999/KH-UBND' in the store; did you mean:" in text
    assert "did you mean: 285/KH-UBND, 272/KH-UBND, 142/KH-UBND?" in text


def test_stats_counts(store: str) -> None:
    result = runner.invoke(app, ["stats", "--store", store, "-f", "csv"])
    rows = dict(line.split(",") for line in result.output.splitlines()[1:])
    assert rows["documents"] == "5" and rows["plans"] == "5" and rows["tasks"] == "169"
    assert rows["targets"] == "16"


def test_documents_lists_sources(store: str) -> None:
    result = runner.invoke(app, ["documents", "--store", store])
    assert result.exit_code == 0
    assert "003_818294…" in result.output or "003_8182945" in result.output


def test_validate_reports_shacl_and_owl(store: str) -> None:
    result = runner.invoke(app, ["validate", "--store", store])
    assert result.exit_code == 0, result.output
    assert "SHACL: conforms (0 results over" in result.output
    assert "OWL (HermiT): consistent" in result.output


def test_trace_prints_a_tree(store: str) -> None:
    result = runner.invoke(app, ["trace", "--store", store, "30c/NQ-CP", "--max-tasks", "1"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "30c/NQ-CP — 2 plans implement it" in out
    assert "71/QĐ-UBND-HC (Đồng Tháp, 2020-01-21)" in out and "272/KH-UBND (Đồng Tháp, 2018-12-06)" in out
    assert "chủ trì:" in out


def test_query_with_parameters_as_csv_and_errors(store: str) -> None:
    result = runner.invoke(
        app, ["query", "--store", store, "legal-bases", "-p", "plan=465/QĐ-UBND", "-f", "csv"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("number,type,issuer,date,relation,line")
    assert any(line.startswith("76/NQ-CP,") for line in lines)
    unknown = runner.invoke(app, ["query", "--store", store, "nope"])
    assert unknown.exit_code == 2 and "unknown query 'nope'" in unknown.output
    bad = runner.invoke(
        app, ["query", "--store", store, "agency-tasks", "-p", "agency=so noi vu", "-p", "role=boss"]
    )
    assert bad.exit_code == 2 and "role" in bad.output
    malformed = runner.invoke(app, ["query", "--store", store, "plans", "-p", "oops"])
    assert malformed.exit_code == 2 and "bad parameter 'oops'" in malformed.output
