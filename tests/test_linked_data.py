"""Linked data: every IRI the project mints resolves, with content negotiation, on the five seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from api.app import create_app
from api.linked_data import html_page
from api.service import ingest_paths
from api.settings import Settings
from ontology import DEFAULT_BASE_IRI
from ontology.namespace import CCHC, ELI
from queries.store import EmbeddedStore

SAMPLES = Path(__file__).resolve().parent.parent / "ingest" / "samples"
DOC_76 = "eli/vn/cp/nq/2021/76"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

# One IRI of every kind the minter makes (ontology/iris.py), as a path under the base IRI.
MINTED = [
    DOC_76,  # a national legal document
    "eli/vn/dong-thap/ubnd/kh/2020/285",  # a plan
    "eli/vn/ninh-thuan/ubnd/qd/2022/465/plan",  # a plan issued by a decision
    "eli/vn/dong-thap/ubnd/kh/2020/285/task/1.dd",  # a task
    "eli/vn/dong-thap/ubnd/kh/2020/285/task/1.dd/time",  # its time frame
    "eli/vn/ninh-thuan/ubnd/qd/2022/465/ref/14-3",  # a mention
    "org/dong-thap/so-noi-vu",  # an agency
    "group/dong-thap/ubnd-cap-huyen",  # an agency group
    "place/dong-thap",  # a province
    "programme/2021-2030",  # the national programme
    "graph/inferred",  # a named graph that says nothing about itself
    "graph/eli/vn/dong-thap/ubnd/kh/2020/285",  # a document graph
]


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    seeded = EmbeddedStore(None)
    ingest_paths(seeded, [SAMPLES], DEFAULT_BASE_IRI)
    return seeded


@pytest.fixture(scope="module")
def client(store: EmbeddedStore, tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    return TestClient(create_app(Settings(tmp_path_factory.mktemp("unused"), DEFAULT_BASE_IRI), store))


def test_turtle_of_a_document_parses_with_its_number(client: TestClient) -> None:
    response = client.get(f"/id/{DOC_76}", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    assert response.headers["vary"] == "Accept"
    graph = Graph().parse(data=response.text, format="turtle")
    subject = URIRef(DEFAULT_BASE_IRI + DOC_76)
    assert set(graph.objects(subject, ELI.number)) == {Literal("76/NQ-CP")}
    # both directions: what 76/NQ-CP says, and what points at it
    assert (URIRef(DEFAULT_BASE_IRI + "eli/vn/ninh-thuan/ubnd/qd/2022/465"), ELI.based_on, subject) in graph


def test_json_ld_of_an_agency(client: TestClient) -> None:
    response = client.get("/id/org/dong-thap/so-noi-vu", headers={"Accept": "application/ld+json"})
    assert response.headers["content-type"].startswith("application/ld+json")
    graph = Graph().parse(data=json.dumps(response.json()), format="json-ld")
    agency = URIRef(DEFAULT_BASE_IRI + "org/dong-thap/so-noi-vu")
    assert (agency, RDF.type, CCHC.Agency) in graph
    assert any(graph.objects(agency, CCHC.worksWith))


@pytest.mark.parametrize("path", MINTED)
def test_every_kind_of_minted_iri_resolves(client: TestClient, path: str) -> None:
    response = client.get(f"/id/{path}", headers={"Accept": "application/n-triples"})
    assert response.status_code == 200, response.text
    graph = Graph().parse(data=response.text, format="nt")
    assert len(graph) > 0
    browser = client.get(f"/id/{path}", headers={"Accept": BROWSER}, follow_redirects=False)
    assert browser.status_code in (200, 303)
    if browser.status_code == 303:
        assert browser.headers["location"].startswith("/")
    else:
        assert browser.headers["content-type"].startswith("text/html")


def test_browsers_get_the_web_page(client: TestClient) -> None:
    plan = client.get(
        "/id/eli/vn/dong-thap/ubnd/kh/2020/285", headers={"Accept": BROWSER}, follow_redirects=False
    )
    assert plan.status_code == 303 and plan.headers["location"].startswith("/plans/")
    agency = client.get("/id/org/dong-thap/so-noi-vu", headers={"Accept": BROWSER}, follow_redirects=False)
    assert agency.status_code == 303 and agency.headers["location"] == "/agencies/org/dong-thap/so-noi-vu"


def test_generic_html_page() -> None:
    iri = DEFAULT_BASE_IRI + "place/dong-thap"
    graph = Graph()
    graph.add(
        (URIRef(iri), URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("Đồng Tháp", lang="vi"))
    )
    graph.add((URIRef(DEFAULT_BASE_IRI + "org/dong-thap/so-noi-vu"), ELI.jurisdiction, URIRef(iri)))
    page = html_page(iri, graph, DEFAULT_BASE_IRI)
    assert "<h1>Đồng Tháp</h1>" in page
    assert "href='/id/org/dong-thap/so-noi-vu'" in page and "eli:jurisdiction" in page


@pytest.mark.parametrize(
    ("fmt", "media", "rdflib_format"),
    [
        ("ttl", "text/turtle", "turtle"),
        ("jsonld", "application/ld+json", "json-ld"),
        ("nt", "application/n-triples", "nt"),
        ("rdfxml", "application/rdf+xml", "xml"),
    ],
)
def test_format_parameter(client: TestClient, fmt: str, media: str, rdflib_format: str) -> None:
    response = client.get(f"/id/{DOC_76}", params={"format": fmt}, headers={"Accept": BROWSER})
    assert response.headers["content-type"].startswith(media)
    graph = Graph().parse(data=response.text, format=rdflib_format)
    assert (URIRef(DEFAULT_BASE_IRI + DOC_76), ELI.number, Literal("76/NQ-CP")) in graph


def test_unknown_iri_is_404_in_the_error_shape(client: TestClient) -> None:
    response = client.get("/id/eli/vn/cp/nq/2099/1", headers={"Accept": "text/turtle"})
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["error"] == "UnknownResource"
    assert error["message"] == f"nothing is known about <{DEFAULT_BASE_IRI}eli/vn/cp/nq/2099/1>"


def test_not_acceptable(client: TestClient) -> None:
    response = client.get(f"/id/{DOC_76}", headers={"Accept": "image/png"})
    assert response.status_code == 406 and response.json()["error"]["error"] == "NotAcceptable"


def test_base_iri_served_directly(store: EmbeddedStore, tmp_path: Path) -> None:
    """When the base IRI's path is on this server, the minted path itself resolves (w3id's /cchc-kg/...)."""
    client = TestClient(create_app(Settings(tmp_path, DEFAULT_BASE_IRI), store))
    response = client.get(f"/cchc-kg/{DOC_76}", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert "76/NQ-CP" in response.text
    assert client.get("/cchc-kg/eli/vn/none", headers={"Accept": "text/turtle"}).status_code == 404


def test_a_local_base_iri(tmp_path: Path) -> None:
    """With base IRI http://testserver/ the minted IRIs are this server's own URLs."""
    local = EmbeddedStore(None)
    base = "http://testserver/"
    ingest_paths(local, [SAMPLES / "000_8ed5b0c1c9e5996d.txt"], base)
    client = TestClient(create_app(Settings(tmp_path, base), local))
    iri = base + "eli/vn/dong-thap/ubnd/kh/2020/285"
    response = client.get(iri, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format="turtle")
    assert (URIRef(iri), ELI.number, Literal("285/KH-UBND")) in graph
    assert (
        client.get("/id/eli/vn/dong-thap/ubnd/kh/2020/285", headers={"Accept": "text/turtle"}).status_code
        == 200
    )
