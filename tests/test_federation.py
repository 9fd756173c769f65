"""Outbound requests (issue 19): SERVICE and LOAD are refused by the HTTP app unless the endpoint is allowed.

Every test counts the requests that reach a real HTTP listener on 127.0.0.1: a refused query must open no
connection at all, an allowed one exactly the connections it names. The app runs as ``cchc-kg serve`` runs
it, with query worker processes over an on-disk store.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from served import ServedApps
from typer.testing import CliRunner

from api.cli import app as cli_app
from api.federation import REFUSED, FederationPolicy, OutboundRefused
from api.settings import ENV_FEDERATION_ALLOW, Settings, SettingsError
from queries.outbound import outbound_requests
from queries.store import EmbeddedStore

TOKEN = "federation-token"
SECRET = "internal-secret-4711"
ANSWER = {
    "head": {"vars": ["s"]},
    "results": {"bindings": [{"s": {"type": "uri", "value": "http://remote/x"}}]},
}


class Listener:
    """A loopback SPARQL endpoint that records every request; paths under /fail/ answer 500."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                self.rfile.read(length)
                owner.paths.append(self.path)
                if self.path.startswith("/fail/"):
                    body, status, kind = SECRET.encode(), 500, "text/plain"
                elif self.path.endswith(".ttl"):
                    body, status, kind = (
                        b"<http://remote/a> <http://remote/b> <http://remote/c> .",
                        200,
                        "text/turtle",
                    )
                else:
                    body, status, kind = json.dumps(ANSWER).encode(), 200, "application/sparql-results+json"
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def reset(self) -> None:
        self.paths.clear()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.server.shutdown()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    path = tmp_path_factory.mktemp("federation") / "store"
    graph = Graph()
    graph.add((URIRef("http://local/plan"), URIRef("http://local/number"), Literal("285/KH-UBND")))
    with EmbeddedStore(path) as opened:
        opened.replace_graphs({URIRef("http://local/graph"): graph})
        yield opened


SERVED = ServedApps()
client_for = SERVED.client


@pytest.fixture(scope="module", autouse=True)
def _stop_workers() -> Iterator[None]:
    yield
    SERVED.close_all()


@pytest.fixture(scope="module")
def default_client(store: EmbeddedStore) -> TestClient:
    return client_for(store)


def refused_queries(base: str) -> dict[str, str]:
    """SERVICE written every way a caller could write it, each aimed at the listener."""
    iri = f"<{base}/sparql>"
    return {
        "plain": f"SELECT * WHERE {{ SERVICE {iri} {{ ?s ?p ?o }} }}",
        "silent": f"SELECT * WHERE {{ SERVICE SILENT {iri} {{ ?s ?p ?o }} }}",
        "optional": f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE {iri} {{ ?a ?p ?o }} }} }}",
        "union": f"SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ SERVICE SILENT {iri} {{ ?s ?p ?o }} }} }}",
        "subselect": f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE {iri} {{ ?s ?p ?o }} }} }} }}",
        "lower case": f"select * where {{ service silent {iri} {{ ?s ?p ?o }} }}",
        "prefixed": f"PREFIX remote: <{base}/> SELECT * WHERE {{ SERVICE remote:sparql {{ ?s ?p ?o }} }}",
        "ask": f"ASK {{ SERVICE {iri} {{ ?s ?p ?o }} }}",
        "construct": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE {iri} {{ ?s ?p ?o }} }}",
        "variable": f"SELECT * WHERE {{ VALUES ?e {{ {iri} }} SERVICE ?e {{ ?s ?p ?o }} }}",
        "escaped keyword": f"SELECT * WHERE {{ \\u0053ERVICE {iri} {{ ?s ?p ?o }} }}",
    }


# -- the lexical scan ------------------------------------------------------------------------------


def test_outbound_requests_are_found_as_the_parser_would_read_them() -> None:
    text = (
        "BASE <http://h.example/sparql/> PREFIX ex: <http://e.example/>\n"
        "SELECT * WHERE { ?s ?p 'SERVICE <http://in-a-string/>' # SERVICE <http://in-a-comment/>\n"
        "  ?s ex:service ?service . SERVICE SILENT ex:ep { ?s ?p ?o } SERVICE <relative> { } }"
    )
    found = outbound_requests(text)
    assert [(r.keyword, r.iri, r.silent) for r in found] == [
        ("SERVICE", "http://e.example/ep", True),
        ("SERVICE", "http://h.example/sparql/relative", False),
    ]
    assert outbound_requests("LOAD SILENT <http://d.example/x.ttl> INTO GRAPH <http://g>")[0].iri == (
        "http://d.example/x.ttl"
    )
    assert outbound_requests("SELECT * { SERVICE ?endpoint { } }")[0].iri is None
    assert outbound_requests("SELECT * { ?a <http://x/SERVICE> ?b FILTER(?a < ?b) }") == []


def test_allow_list_prefixes_end_at_a_boundary() -> None:
    policy = FederationPolicy(("http://allowed.example",))
    assert policy.check("SELECT * { SERVICE <http://allowed.example/sparql> { } }")
    with pytest.raises(OutboundRefused):
        policy.check("SELECT * { SERVICE <http://allowed.example.evil.test/sparql> { } }")
    with pytest.raises(OutboundRefused, match="LOAD of a remote document is not allowed"):
        FederationPolicy().check("LOAD <http://allowed.example/x.ttl>", "SPARQL update")


# -- the default: nothing goes out ------------------------------------------------------------------


@pytest.mark.parametrize("way", ["GET", "form POST", "direct POST", "editor"])
def test_service_is_refused_by_default_on_every_way_in(
    default_client: TestClient, listener: Listener, way: str
) -> None:
    for name, query in refused_queries(listener.base).items():
        listener.reset()
        if way == "GET":
            response = default_client.get("/sparql", params={"query": query})
        elif way == "form POST":
            response = default_client.post("/sparql", data={"query": query})
        elif way == "direct POST":
            response = default_client.post(
                "/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"}
            )
        else:
            response = default_client.post("/query", data={"query": query})
        assert response.status_code == 400, (name, response.status_code, response.text[:300])
        assert REFUSED in response.text, name
        assert listener.paths == [], f"{name}: the server called {listener.paths}"


def test_load_is_refused_even_with_updates_enabled(store: EmbeddedStore, listener: Listener) -> None:
    client = client_for(store, updates_enabled=True, update_token=TOKEN)
    listener.reset()
    for text in (
        f"LOAD <{listener.base}/data.ttl>",
        f"load silent <{listener.base}/data.ttl> INTO GRAPH <urn:g>",
    ):
        response = client.post(
            "/sparql",
            data={"update": text},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert response.status_code == 400, response.text
        assert (
            "LOAD of a remote document is not allowed on this server" in response.json()["error"]["message"]
        )
    assert listener.paths == []
    assert (
        len(client.get("/sparql", params={"query": "SELECT * { ?s ?p ?o }"}).json()["results"]["bindings"])
        == 1
    )


def test_service_description_says_federation_is_off_by_default(default_client: TestClient) -> None:
    description = default_client.get("/sparql", headers={"Accept": "text/turtle"}).text
    assert "BasicFederatedQuery" not in description


# -- an allow list -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def allowing_client(store: EmbeddedStore, listener: Listener) -> TestClient:
    return client_for(
        store, federation_allow=(f"{listener.base}/allowed/",), updates_enabled=True, update_token=TOKEN
    )


def test_an_allowed_endpoint_is_called_exactly_as_the_query_says(
    allowing_client: TestClient, listener: Listener
) -> None:
    listener.reset()
    query = f"SELECT ?s WHERE {{ SERVICE <{listener.base}/allowed/sparql> {{ ?s ?p ?o }} }}"
    response = allowing_client.get("/sparql", params={"query": query})
    assert response.status_code == 200, response.text
    assert response.json()["results"]["bindings"] == [{"s": {"type": "uri", "value": "http://remote/x"}}]
    assert listener.paths == ["/allowed/sparql"]
    description = allowing_client.get("/sparql", headers={"Accept": "text/turtle"}).text
    assert "BasicFederatedQuery" in description


def test_one_refused_target_refuses_the_whole_query(allowing_client: TestClient, listener: Listener) -> None:
    listener.reset()
    query = (
        f"SELECT * WHERE {{ SERVICE <{listener.base}/allowed/sparql> {{ ?s ?p ?o }} "
        f"SERVICE SILENT <{listener.base}/other/sparql> {{ ?s ?p ?o }} }}"
    )
    response = allowing_client.post("/sparql", data={"query": query})
    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert message.startswith(REFUSED) and f"{listener.base}/other/sparql is not one" in message
    assert listener.paths == []
    response = allowing_client.post(
        "/sparql",
        data={"update": f"LOAD <{listener.base}/other/data.ttl>"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 400
    assert listener.paths == []


def test_a_failing_allowed_endpoint_is_reported_by_status_not_by_its_body(
    store: EmbeddedStore, listener: Listener
) -> None:
    client = client_for(store, federation_allow=(f"{listener.base}/fail/",))
    listener.reset()
    response = client.get(
        "/sparql", params={"query": f"SELECT * {{ SERVICE <{listener.base}/fail/sparql> {{ ?s ?p ?o }} }}"}
    )
    assert response.status_code == 502
    error = response.json()["error"]
    assert error["message"] == f"the federated endpoint {listener.base}/fail/sparql answered HTTP 500"
    assert SECRET not in response.text
    assert listener.paths == ["/fail/sparql"]


# -- settings and the CLI ----------------------------------------------------------------------------


def test_an_invalid_allow_list_is_an_error_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(ENV_FEDERATION_ALLOW, "https://query.wikidata.org/ file:///etc/passwd")
    with pytest.raises(SettingsError) as caught:
        Settings.load(tmp_path)
    assert caught.value.source == ENV_FEDERATION_ALLOW and "'file:///etc/passwd'" in caught.value.message
    result = CliRunner().invoke(cli_app, ["stats", "--store", str(tmp_path / "store")])
    assert result.exit_code == 2
    assert ENV_FEDERATION_ALLOW in result.output and "not an endpoint IRI prefix" in result.output
    monkeypatch.setenv(
        ENV_FEDERATION_ALLOW, "https://query.wikidata.org/sparql, http://127.0.0.1:8890/sparql"
    )
    assert Settings.load(tmp_path).federation_allow == (
        "https://query.wikidata.org/sparql",
        "http://127.0.0.1:8890/sparql",
    )


def test_the_cli_on_the_users_own_store_keeps_service(tmp_path: Path, listener: Listener) -> None:
    path = tmp_path / "own"
    EmbeddedStore(path).close()
    listener.reset()
    query = f"SELECT ?s WHERE {{ SERVICE <{listener.base}/sparql> {{ ?s ?p ?o }} }}"
    result = CliRunner().invoke(cli_app, ["sparql", "--store", str(path), "-f", "csv", query])
    assert result.exit_code == 0, result.output
    assert "http://remote/x" in result.output
    assert listener.paths == ["/sparql"]
