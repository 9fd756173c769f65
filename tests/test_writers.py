"""The one registry of result writers (api/writers.py): lookups, typed values, each format, and that the
CLI, REST, the SPARQL endpoint and the editor's downloads use it (no second writer left)."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import XSD, BNode, Graph, Literal, URIRef

from api import writers
from api.writers import (
    ENDPOINT_RESULTS,
    GRAPH_FORMATS,
    ROW_FORMATS,
    WRITERS,
    Output,
    UnknownFormat,
    by_media_type,
    by_name,
    by_suffix,
    plain,
)
from queries.library import QueryResult

API = Path(__file__).resolve().parent.parent / "api"
PLAN = URIRef("https://w3id.org/cchc-kg/eli/vn/dong-thap/ubnd/kh/2020/285")
TERMS = Output(
    columns=["plan", "number", "tasks", "share", "ratio", "done", "issued", "note", "node"],
    rows=[
        {
            "plan": PLAN,
            "number": Literal("285/KH-UBND"),
            "tasks": Literal("32", datatype=XSD.integer),
            "share": Literal("0.25", datatype=XSD.decimal),
            "ratio": Literal("1.5E0", datatype=XSD.double),
            "done": Literal("true", datatype=XSD.boolean),
            "issued": Literal("2020-12-05", datatype=XSD.date),
            "note": Literal('a\tb, "c"\nd', lang="vi"),
            "node": BNode("b0"),
        },
        {"plan": PLAN, "number": Literal("272/KH-UBND")},  # the rest unbound
    ],
    name="example",
)


def test_typed_values() -> None:
    row = {c: plain(v) for c, v in TERMS.rows[0].items()}
    assert row == {
        "plan": str(PLAN),
        "number": "285/KH-UBND",
        "tasks": 32,
        "share": 0.25,
        "ratio": 1.5,
        "done": True,
        "issued": "2020-12-05",
        "note": 'a\tb, "c"\nd',
        "node": "_:b0",
    }
    assert plain(37) == 37 and plain(None) is None  # plain values pass through


def test_json_is_one_document_with_numbers_as_numbers() -> None:
    document = json.loads(by_name("json").write(TERMS))
    assert document["query"] == "example" and document["columns"] == TERMS.columns
    assert document["rows"][0]["tasks"] == 32 and document["rows"][0]["done"] is True
    assert document["rows"][1] == {"plan": str(PLAN), "number": "272/KH-UBND"} | {
        c: None for c in TERMS.columns[2:]
    }


def test_csv_and_tsv() -> None:
    text = by_name("csv").write(TERMS)
    assert text.endswith("\r\n") and text.count("\r\n") == 3  # header, two rows (the note's \n is quoted)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["tasks"] == "32" and rows[0]["done"] == "true" and rows[0]["note"] == 'a\tb, "c"\nd'
    assert rows[1]["tasks"] == ""
    tsv = by_name("tsv").write(TERMS).splitlines()
    assert len(tsv) == 3 and tsv[0].split("\t") == TERMS.columns
    assert tsv[1].split("\t")[7] == 'a b, "c" d'  # tab and line break in a value become spaces


def test_sparql_results_keep_the_terms() -> None:
    bindings = json.loads(by_name("json-sparql").write(TERMS))["results"]["bindings"]
    assert bindings[0]["tasks"] == {"type": "literal", "value": "32", "datatype": str(XSD.integer)}
    assert bindings[0]["note"]["xml:lang"] == "vi" and bindings[0]["node"] == {"type": "bnode", "value": "b0"}
    assert set(bindings[1]) == {"plan", "number"}
    ns = "{http://www.w3.org/2005/sparql-results#}"
    root = ET.fromstring(by_name("xml-sparql").write(TERMS))
    assert len(root.findall(f"{ns}results/{ns}result")) == 2
    tsv = by_name("tsv-sparql").write(TERMS).splitlines()
    assert tsv[0].startswith("?plan\t?number") and f"<{PLAN}>" in tsv[1]
    assert (
        '"32"^^<http://www.w3.org/2001/XMLSchema#integer>' in tsv[1] and '"a\\tb, \\"c\\"\\nd"@vi' in tsv[1]
    )
    ask = Output(boolean=True)
    assert json.loads(by_name("json-sparql").write(ask)) == {"head": {}, "boolean": True}
    assert "<boolean>true</boolean>" in by_name("xml-sparql").write(ask)


def test_plain_values_written_as_sparql_terms() -> None:
    result = QueryResult(["plan", "tasks", "title"], [(str(PLAN), 32, "Cải cách")])
    binding = json.loads(by_name("json-sparql").write(Output.of(result)))["results"]["bindings"][0]
    assert binding["plan"] == {"type": "uri", "value": str(PLAN)}
    assert binding["tasks"]["datatype"] == str(XSD.integer) and binding["title"]["value"] == "Cải cách"


def test_graph_writers() -> None:
    graph = Graph()
    graph.add((PLAN, URIRef("http://data.europa.eu/eli/ontology#number"), Literal("285/KH-UBND")))
    for writer, rdflib_format in zip(GRAPH_FORMATS, ("turtle", "nt", "json-ld", "xml"), strict=True):
        text = writer.write(Output(graph=graph))
        assert len(Graph().parse(data=text, format=rdflib_format)) == 1, writer.name
    assert "@prefix eli:" in by_name("ttl").write(Output(graph=graph))  # the project's prefixes


def test_lookups() -> None:
    assert by_suffix("csv").name == "csv" and by_suffix(".srx").name == "xml-sparql"
    assert by_media_type("text/csv; charset=utf-8").name == "csv"
    assert by_media_type("application/json", ROW_FORMATS).name == "json"
    assert by_media_type("application/json", ENDPOINT_RESULTS).name == "json-sparql"
    assert by_media_type("text/tab-separated-values", ENDPOINT_RESULTS).name == "tsv-sparql"
    assert (
        by_name("json", GRAPH_FORMATS).name == "jsonld"
        and by_name("xml", ENDPOINT_RESULTS).name == "xml-sparql"
    )
    assert by_name("tsv", ENDPOINT_RESULTS).name == "tsv-sparql" and by_name("tsv", ROW_FORMATS).name == "tsv"
    with pytest.raises(UnknownFormat, match="unknown format 'yaml'") as error:
        by_name("yaml", ROW_FORMATS)
    assert error.value.expected == "json, csv, tsv, xml-sparql, json-sparql"
    with pytest.raises(UnknownFormat):
        by_suffix(".pdf", ROW_FORMATS)
    assert len({w.name for w in WRITERS}) == len(WRITERS)


def test_no_second_writer_is_left() -> None:
    """The interfaces import the registry; none writes CSV or SPARQL results itself."""
    for module in ("rest.py", "sparql_protocol.py", "output.py", "cli.py", "web/editor.py", "web/results.py"):
        source = (API / module).read_text(encoding="utf-8")
        assert "api.writers" in source or "from api import writers" in source, module
        assert "csv.writer" not in source and "sparql-results#" not in source, module
    assert writers.__name__ == "api.writers"


def test_the_editor_offers_every_row_format_and_rest_gives_the_same_bytes(tmp_path: Path) -> None:
    import re

    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.service import ingest_paths
    from api.settings import Settings
    from ontology import DEFAULT_BASE_IRI
    from queries.store import EmbeddedStore

    samples = Path(__file__).resolve().parent.parent / "ingest" / "samples"
    with EmbeddedStore(tmp_path / "store") as store:
        ingest_paths(store, [samples], DEFAULT_BASE_IRI)
        client = TestClient(create_app(Settings(tmp_path / "store", DEFAULT_BASE_IRI), store))
        page = client.get("/query", params={"name": "agency-load", "run": "1", "lang": "en"})
        links = dict(re.findall(r'href="(/query/results[^"]+)" download>Download ([^<]+)<', page.text))
        assert sorted(links.values()) == sorted(w.title for w in ROW_FORMATS)
        for href, label in links.items():
            writer = next(w for w in ROW_FORMATS if w.title == label)
            download = client.get(href.replace("&amp;", "&"))
            assert download.headers["content-type"].startswith(writer.media_type)
            rest = client.get("/api/queries/agency-load", params={"format": writer.name})
            body = download.text.removeprefix("\ufeff")  # the editor's CSV starts with a BOM, for Excel
            assert body == rest.text, writer.name  # one writer: the same bytes either way


def test_the_service_description_lists_what_the_endpoint_offers(tmp_path: Path) -> None:
    from api.settings import Settings
    from api.sparql_protocol import SD, service_description
    from ontology import DEFAULT_BASE_IRI

    graph = service_description("http://x/sparql", Settings(tmp_path, DEFAULT_BASE_IRI), [])
    listed = {str(o).rsplit("/", 1)[1] for o in graph.objects(None, SD.resultFormat)}
    assert listed == {
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "JSON-LD",
        "RDF_XML",
    }
