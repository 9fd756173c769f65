"""CLI output: typed JSON equal to REST's, --columns, plain text when piped, a readable terminal table."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rich.console import Console
from typer.testing import CliRunner

from api import output
from api.cli import app
from api.service import ingest_paths
from api.settings import Settings
from api.writers import Output
from ontology import DEFAULT_BASE_IRI
from queries.library import default_library, run
from queries.store import EmbeddedStore

SAMPLES = Path(__file__).resolve().parent.parent / "ingest" / "samples"
runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cli-output") / "store"
    with EmbeddedStore(path) as database:
        ingest_paths(database, [SAMPLES], DEFAULT_BASE_IRI)
    return str(path)


def rest_json(store: str, path: str) -> object:
    """What the REST API answers (the CLI has closed the store by then)."""
    from api.app import create_app

    with EmbeddedStore(Path(store)) as database:
        return TestClient(create_app(Settings(Path(store), DEFAULT_BASE_IRI), database)).get(path).json()


def cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_json_numbers_are_numbers_and_equal_to_rest(store: str) -> None:
    printed = json.loads(cli("query", "--store", store, "agency-load", "-f", "json"))
    first = printed["rows"][0]
    assert first["agency"] == "Sở Nội vụ" and first["province"] == "Đồng Tháp"
    assert first["lead_tasks"] == 37 and isinstance(first["lead_tasks"], int)
    assert printed == rest_json(store, "/api/queries/agency-load")  # the same writer, the same document


def test_sparql_json_types_literals(store: str) -> None:
    query = (
        "PREFIX cchc: <https://w3id.org/cchc-kg/ontology#> PREFIX eli: <http://data.europa.eu/eli/ontology#> "
        "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> "
        "SELECT ?number (COUNT(DISTINCT ?t) AS ?tasks) (COUNT(DISTINCT ?t) > 30 AS ?big) "
        "(xsd:decimal(COUNT(DISTINCT ?t)) / 2 AS ?half) (xsd:date('2021-01-01') AS ?day) "
        "WHERE { ?p eli:number ?number ; cchc:hasTask ?t } GROUP BY ?number ORDER BY ?number LIMIT 2"
    )
    rows = json.loads(cli("sparql", "--store", store, "-f", "json", query))["rows"]
    assert rows == [
        {"number": "142/KH-UBND", "tasks": 29, "big": False, "half": 14.5, "day": "2021-01-01"},
        {"number": "272/KH-UBND", "tasks": 37, "big": True, "half": 18.5, "day": "2021-01-01"},
    ]


def test_columns_choose_and_order(store: str) -> None:
    lines = cli("query", "--store", store, "agency-load", "-f", "csv", "--columns", "lead_tasks,agency")
    rows = list(csv.reader(io.StringIO(lines)))
    assert rows[0] == ["lead_tasks", "agency"] and rows[1] == ["37", "Sở Nội vụ"]
    stats = cli("stats", "--store", store, "-f", "tsv", "--columns", "value")
    assert stats.splitlines()[:2] == ["value", "5"]
    documents = cli("documents", "--store", store, "-f", "tsv", "--columns", "plan,tasks")
    assert DEFAULT_BASE_IRI + "eli/vn/dong-thap/ubnd/kh/2020/285\t32" in documents.splitlines()


def test_an_unknown_column_is_an_error_listing_the_valid_ones(store: str) -> None:
    result = runner.invoke(app, ["query", "--store", store, "agency-load", "--columns", "agency,nope"])
    assert result.exit_code == 2
    message = " ".join(result.output.split())
    assert "unknown column 'nope'" in message
    assert "expected one of agency, province, kind, lead_tasks, partner_tasks, agency_kind, party" in message


def test_piped_table_is_plain_one_row_a_line_full_values(store: str) -> None:
    printed = cli("query", "--store", store, "tasks", "-p", "plan=285/KH-UBND", "--columns", "code,label")
    lines = printed.splitlines()
    labels = run_labels(store)
    assert len(lines) == 1 + len(labels) == 33  # header + 32 tasks, nothing wrapped
    assert lines[0].split() == ["code", "label"]
    assert not any(ch in printed for ch in "│┃━┏└")  # no box characters
    for line, (code, label) in zip(lines[1:], labels, strict=True):
        assert line.startswith(code) and line.endswith(label)  # full values
    longest = max(len(label) for _, label in labels)
    assert longest > 150  # a label longer than any terminal line, printed in full


def run_labels(store: str) -> list[tuple[str, str]]:
    with EmbeddedStore(Path(store)) as database:
        rows = run(database, "tasks", {"plan": "285/KH-UBND"}).as_dicts()
    return [(str(r["code"]), " ".join(str(r["label"]).split("\n"))) for r in rows]


def test_terminal_table_folds_long_values_instead_of_cutting_them(store: str) -> None:
    with EmbeddedStore(Path(store)) as database:
        result = run(database, "agency-load")
    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=70, color_system=None)
    output.render_rows(Output.of(result).select(["agency", "lead_tasks", "party"]), "table", terminal)
    text = screen.getvalue()
    assert "…" not in text and max(len(line) for line in text.splitlines()) <= 70
    folded = "".join(line.split("│")[3].strip() for line in text.splitlines()[3:5])
    assert folded == "https://w3id.org/cchc-kg/org/dong-thap/so-noi-vu"  # the IRI folds over two lines
    assert "│         37 │" in text  # counts right-aligned


def test_unknown_format_lists_the_formats(store: str) -> None:
    result = runner.invoke(app, ["query", "--store", store, "plans", "-f", "yaml"])
    assert result.exit_code == 2
    assert "expected table, json, csv, tsv, xml-sparql, json-sparql" in " ".join(result.output.split())


def test_a_graph_in_a_graph_format(store: str) -> None:
    from rdflib import Graph, URIRef

    query = (
        "PREFIX eli: <http://data.europa.eu/eli/ontology#> "
        "CONSTRUCT { ?p eli:number ?n } WHERE { ?p eli:number ?n FILTER(?n = '76/NQ-CP') }"
    )
    triples = Graph().parse(data=cli("sparql", "--store", store, "-f", "nt", query), format="nt")
    assert {str(o) for o in triples.objects(None, URIRef("http://data.europa.eu/eli/ontology#number"))} == {
        "76/NQ-CP"
    }
    assert "@prefix eli:" in cli("sparql", "--store", store, query)  # Turtle by default
    refused = runner.invoke(app, ["sparql", "--store", store, "-f", "csv", query])
    assert refused.exit_code == 2 and "cannot carry a graph" in refused.output


def test_the_query_list_is_rows_too() -> None:
    listed = json.loads(cli("queries", "-f", "json", "--columns", "name,parameters"))
    assert listed["columns"] == ["name", "parameters"]
    rows = {row["name"]: row["parameters"] for row in listed["rows"]}
    assert rows["agency-tasks"] == "agency, province?, role?, lineage?"
    assert len(rows) == len(default_library())
    piped = cli("queries").splitlines()
    assert len(piped) == 1 + len(default_library())  # one line per query, not wrapped
