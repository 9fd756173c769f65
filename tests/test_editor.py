"""The SPARQL editor's server side, over HTTP: the page it hands the browser (the named query bound, the
shared query, the ontology's terms), its downloads (CSV with a BOM, JSON, Turtle for CONSTRUCT), and the
plain errors of the endpoint, the editor and the CLI: an update sent to the read-only endpoint, an
undeclared prefix. The browser side is tests/test_editor_browser.py."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app as cli
from api.settings import Settings
from ontology import DEFAULT_BASE_IRI
from queries.library import default_library
from queries.store import EmbeddedStore

CCHC = "https://w3id.org/cchc-kg/ontology#"
INSERT = "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"
DELETE = "PREFIX ex: <urn:x:>\n# a comment\nDELETE WHERE { ?s ?p ?o }"
NO_PREFIX = "SELECT * WHERE { ?s cchc:x ?o }"
TOKEN = "secret-token"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The whole app over an empty in-memory store, read-only (the default)."""
    settings = Settings(tmp_path_factory.mktemp("unused"), DEFAULT_BASE_IRI, query_workers=0)
    yield TestClient(create_app(settings, EmbeddedStore(None)))


def editor_config(page: httpx.Response) -> dict[str, object]:
    """The JSON the editor page hands its script."""
    found = re.search(r'<script type="application/json" id="editor-config">(.*?)</script>', page.text, re.S)
    assert found, "the page has no editor configuration"
    return json.loads(found.group(1))


# -- an update sent to the read-only endpoint -------------------------------------------------------


@pytest.mark.parametrize("text", [INSERT, DELETE], ids=["insert", "delete"])
def test_an_update_sent_as_a_query_is_answered_read_only(endpoint: TestClient, text: str) -> None:
    keyword = "INSERT" if text.startswith("INSERT") else "DELETE"
    answers = [
        endpoint.get("/sparql", params={"query": text}),
        endpoint.post("/sparql", data={"query": text}),
        endpoint.post("/sparql", content=text.encode(), headers={"Content-Type": "application/sparql-query"}),
    ]
    for answer in answers:
        assert answer.status_code == 403, answer.text
        error = answer.json()["error"]
        assert error["error"] == "ReadOnlyEndpoint"
        assert (
            error["message"]
            == f"this endpoint is read-only: {keyword} is a SPARQL Update, and only queries run here"
        )
        assert "syntax" not in answer.text.lower() and "expected CONSTRUCT" not in answer.text
    # sent as an update (what the editor does for INSERT/DELETE): the same words, as the refused write it is
    update = endpoint.post("/sparql", data={"update": text})
    assert update.status_code == 403
    assert update.json()["error"]["error"] == "WriteRefused"
    assert update.json()["error"]["message"].startswith(
        "this endpoint is read-only: SPARQL Update is disabled"
    )
    assert endpoint.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is False


def test_where_updates_run_an_update_sent_as_a_query_is_told_to_go_as_an_update(tmp_path: Path) -> None:
    settings = Settings(tmp_path, DEFAULT_BASE_IRI, query_workers=0, updates_enabled=True, update_token=TOKEN)
    client = TestClient(create_app(settings, EmbeddedStore(None)))
    answer = client.post("/sparql", data={"query": INSERT}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["message"] == "INSERT is a SPARQL Update, not a query: send it as an update"
    assert "application/sparql-update" in error["expected"]


# -- an undeclared prefix ----------------------------------------------------------------------------


def test_an_unknown_prefix_is_named_with_the_line_to_add(endpoint: TestClient) -> None:
    answer = endpoint.get("/sparql", params={"query": NO_PREFIX})
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["error"] == "UnknownPrefix"
    assert error["message"] == "error at 1:21: unknown prefix cchc:"  # where cchc:x starts
    assert error["expected"] == f"PREFIX cchc: <{CCHC}>"
    assert "\\u{" not in answer.text and "u{00C0}" not in answer.text  # no Unicode ranges
    # several lines, one prefix declared, one not (and not one the project knows)
    text = "PREFIX ex: <urn:x:>\nSELECT * WHERE {\n  ?s ex:a ?o .\n  ?o foo:b ?c }"
    other = endpoint.post("/sparql", data={"query": text}).json()["error"]
    assert other["message"] == "error at 4:6: unknown prefix foo:"
    assert other["expected"] == "a declaration PREFIX foo: <…> first"
    # another syntax error keeps the parser's own message and position
    bad = endpoint.get("/sparql", params={"query": f"PREFIX cchc: <{CCHC}> SELECT ?x WHERE {{ ?x"}).json()
    assert bad["error"]["error"] == "QuerySyntaxError" and bad["error"]["message"].startswith("error at 1:")
    assert "unknown prefix" not in bad["error"]["message"]


def test_the_cli_says_the_same(tmp_path: Path) -> None:
    runner = CliRunner()
    store = str(tmp_path / "store")
    update = runner.invoke(cli, ["sparql", "--store", store, INSERT])
    assert update.exit_code == 2
    assert "`cchc-kg sparql` is read-only: INSERT is a SPARQL Update" in " ".join(update.output.split())
    prefix = runner.invoke(cli, ["sparql", "--store", store, NO_PREFIX])
    assert prefix.exit_code == 2
    said = " ".join(prefix.output.split())
    assert "error at 1:21: unknown prefix cchc:" in said and f"PREFIX cchc: <{CCHC}>" in said


def test_the_editor_download_of_a_bad_text_says_it_plainly(endpoint: TestClient) -> None:
    page = endpoint.get("/query/results.csv", params={"query": NO_PREFIX, "lang": "en"})
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html")
    assert "cchc:" in page.text and "u{00C0}" not in page.text
    update = endpoint.post("/query/results.csv", data={"query": INSERT})  # a page: its error as HTML
    assert (
        update.status_code == 403 and "this endpoint is read-only: INSERT is a SPARQL Update" in update.text
    )


def test_a_posted_query_comes_with_its_answer_or_its_error(endpoint: TestClient) -> None:
    page = endpoint.post("/query", data={"query": "SELECT ?one WHERE { BIND(1 AS ?one) }"})
    assert page.status_code == 200
    config = editor_config(page)
    answer = config["response"]
    assert config["run"] is False and answer["contentType"] == "application/sparql-results+json"  # type: ignore[index]
    assert json.loads(answer["content"])["results"]["bindings"][0]["one"]["value"] == "1"  # type: ignore[index]
    assert answer["maxRows"] is None  # type: ignore[index]
    refused = endpoint.post("/query", data={"query": INSERT})
    assert refused.status_code == 403  # the page has the error's status, and hands the error to YASR
    error = json.loads(editor_config(refused)["response"]["error"])["error"]  # type: ignore[index]
    assert error["error"] == "ReadOnlyEndpoint" and error["message"].startswith("this endpoint is read-only")
    unknown = endpoint.post("/query", data={"query": NO_PREFIX})
    assert unknown.status_code == 400 and "unknown prefix cchc:" in unknown.text


# -- the page and the downloads, on the seeds and the corpus ----------------------------------------


def test_the_page_hands_the_browser_the_named_query_bound_and_the_ontology(workbench_url: str) -> None:
    page = httpx.get(workbench_url + "/query", params={"name": "agency-tasks"})
    assert page.status_code == 200
    config = editor_config(page)
    text = str(config["query"])
    assert text.startswith("# name: agency-tasks")  # the named query's own text ...
    bound = 'VALUES (?param_agency ?param_province ?param_role ?param_lineage) { ("so noi vu" "" "" "") }'
    assert bound in text  # ... bound
    assert config["run"] is False and config["title"] == "agency-tasks" and config["endpoint"] == "/sparql"
    assert 'name="param_agency" value="so noi vu" required' in page.text  # the example of its description
    assert config["prefixes"]["cchc"] == CCHC  # type: ignore[index]
    assert CCHC + "Plan" in config["classes"] and CCHC + "Task" in config["classes"]  # type: ignore[operator]
    assert CCHC + "hasTask" in config["properties"]  # type: ignore[operator]
    assert "prefix.cc" not in page.text and "lov.linkeddata" not in page.text
    for name in default_library():  # every named query is an example
        assert f'href="/query?name={name}"' in page.text
    # the bound text runs on the endpoint: Sở Nội vụ's tasks across the seeds and the corpus
    rows = httpx.post(workbench_url + "/sparql", data={"query": text}).json()["results"]["bindings"]
    named = httpx.get(workbench_url + "/api/queries/agency-tasks", params={"agency": "so noi vu"}).json()
    assert len(rows) == len(named["rows"]) > 60
    # a shared query (GET ?query=) opens and runs; a form POST too
    shared = editor_config(httpx.get(workbench_url + "/query", params={"query": NO_PREFIX}))
    assert shared["query"] == NO_PREFIX and shared["run"] is True
    posted = editor_config(httpx.post(workbench_url + "/query", data={"query": "ASK {}"}))
    assert posted["query"] == "ASK {}" and posted["run"] is False  # the server ran it: its answer comes along
    assert json.loads(posted["response"]["content"])["boolean"] is True  # type: ignore[index]
    english = editor_config(httpx.get(workbench_url + "/query", params={"lang": "en"}))
    assert english["strings"]["editor_read_only"].startswith("This endpoint is read-only")  # type: ignore[index]


def test_downloads_parse_csv_with_a_bom_json_and_turtle(workbench_url: str) -> None:
    plans = httpx.get(workbench_url + "/api/plans").json()
    query = f"PREFIX cchc: <{CCHC}>\nSELECT ?plan WHERE {{ ?plan a cchc:Plan }}"
    as_csv = httpx.post(workbench_url + "/query/results.csv", data={"query": query})
    assert as_csv.status_code == 200 and as_csv.content.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8
    assert 'filename="query.csv"' in as_csv.headers["content-disposition"]
    table = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert table[0] == ["plan"] and len(table) - 1 == len(plans)
    as_json = httpx.get(workbench_url + "/query/results.json", params={"query": query}).json()
    assert as_json["columns"] == ["plan"] and len(as_json["rows"]) == len(plans)
    tsv = httpx.get(workbench_url + "/query/results.tsv", params={"query": query}).text.splitlines()
    assert len(tsv) - 1 == len(plans)
    construct = f"PREFIX cchc: <{CCHC}>\nCONSTRUCT {{ ?plan a cchc:Plan }} WHERE {{ ?plan a cchc:Plan }}"
    turtle = httpx.post(workbench_url + "/query/results.ttl", data={"query": construct})
    assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=turtle.text, format="turtle")) == len(plans)
    assert httpx.post(workbench_url + "/query/results.csv", data={"query": construct}).status_code == 404
    # a named query by name: its own rows, as the REST API gives them (apart from the CSV's mark)
    named = httpx.get(workbench_url + "/query/results.csv", params={"name": "plans"})
    rest = httpx.get(workbench_url + "/api/queries/plans", params={"format": "csv"})
    assert named.content == b"\xef\xbb\xbf" + rest.content
