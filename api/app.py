"""The HTTP app (FastAPI). A first, small surface: the plans, one plan's tasks, and a read-only SPARQL GET.

Blocking store calls run in the thread pool (plain ``def`` endpoints), off the event loop.
"""

from __future__ import annotations

from html import escape

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from rdflib import URIRef

from api.errors import http_error_body
from api.settings import Settings
from api.stores import open_store
from ontology.errors import CchcError
from queries.store import EmbeddedStore

PLANS_QUERY = """
PREFIX cchc: <https://w3id.org/cchc-kg/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?plan (SAMPLE(?label) AS ?number) (SAMPLE(?title_) AS ?title) (SAMPLE(?province_) AS ?province)
       (SAMPLE(?start_) AS ?period_start) (SAMPLE(?end_) AS ?period_end) (COUNT(DISTINCT ?task) AS ?tasks)
WHERE {
  ?plan a cchc:Plan ; eli:jurisdiction ?place .
  ?place rdfs:label ?province_ .
  OPTIONAL { ?plan eli:number ?number_ }
  OPTIONAL { ?plan rdfs:label ?plain_label }
  OPTIONAL { ?decision cchc:issues ?plan ; eli:number ?decision_number }
  BIND(COALESCE(?number_, ?decision_number, ?plain_label) AS ?label)
  OPTIONAL { ?plan dct:title ?title_ }
  OPTIONAL { ?plan cchc:periodStart ?start_ ; cchc:periodEnd ?end_ }
  OPTIONAL { ?plan cchc:hasTask ?task }
} GROUP BY ?plan ORDER BY ?province ?period_start
"""

TASKS_QUERY = """
PREFIX cchc: <https://w3id.org/cchc-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?plan ?code ?text ?firstLine
       (GROUP_CONCAT(DISTINCT ?lead_name; separator="; ") AS ?leads)
       (GROUP_CONCAT(DISTINCT ?partner_name; separator="; ") AS ?partners)
       (SAMPLE(?time_) AS ?time)
WHERE {
  ?plan cchc:hasTask ?task .
  ?task cchc:code ?code ; cchc:text ?text ; cchc:firstLine ?firstLine .
  OPTIONAL { ?task cchc:leadAgency/skos:prefLabel ?lead_name }
  OPTIONAL { ?task cchc:partnerAgency/skos:prefLabel ?partner_name }
  OPTIONAL { ?task cchc:timeFrame/cchc:asWritten ?time_ }
} GROUP BY ?plan ?code ?text ?firstLine ORDER BY ?firstLine
"""

_STYLE = """body{font-family:system-ui,sans-serif;margin:2rem;max-width:1200px}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}th{background:#f3f3f3}"""


def _page(title: str, body: str) -> HTMLResponse:
    return HTMLResponse(
        f"<!doctype html><html lang='vi'><head><meta charset='utf-8'><title>{escape(title)}</title>"
        f"<style>{_STYLE}</style></head><body><h1>{escape(title)}</h1>{body}</body></html>"
    )


def create_app(settings: Settings, store: EmbeddedStore | None = None) -> FastAPI:
    """The FastAPI application over ``store`` (opened from settings when not given)."""
    database = store or open_store(settings)
    app = FastAPI(title="cchc-kg", description="Knowledge graph of Vietnamese PAR (CCHC) plans.")

    @app.exception_handler(CchcError)
    def domain_error(_: Request, error: CchcError) -> JSONResponse:
        return JSONResponse(http_error_body(error), status_code=error.status)

    def plans() -> list[dict[str, str]]:
        return [{k: str(v) for k, v in row.values.items()} for row in database.select(PLANS_QUERY)]

    @app.get("/api/plans")
    def api_plans() -> list[dict[str, str]]:
        """Every plan with its number, title, province, period and task count."""
        return plans()

    @app.get("/", response_class=HTMLResponse)
    def home() -> HTMLResponse:
        rows = "".join(
            f"<tr><td><a href='/plan?iri={escape(p['plan'])}'>{escape(p.get('number', ''))}</a></td>"
            f"<td>{escape(p.get('province', ''))}</td><td>{escape(p.get('title', ''))}</td>"
            f"<td>{escape(p.get('period_start', ''))} – {escape(p.get('period_end', ''))}</td>"
            f"<td>{escape(p.get('tasks', ''))}</td></tr>"
            for p in plans()
        )
        body = (
            "<p>Kế hoạch cải cách hành chính trong kho dữ liệu / PAR plans in the store.</p>"
            "<table><tr><th>Số</th><th>Tỉnh</th><th>Tiêu đề</th><th>Kỳ</th><th>Nhiệm vụ</th></tr>"
            f"{rows}</table>"
        )
        return _page("cchc-kg", body)

    @app.get("/plan", response_class=HTMLResponse)
    def plan(iri: str = Query(..., description="IRI of the plan")) -> HTMLResponse:
        rows = database.select(TASKS_QUERY, {"plan": URIRef(iri)})
        headings = ("Mã", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian", "Dòng")
        body = "<table><tr>" + "".join(f"<th>{h}</th>" for h in headings) + "</tr>"
        for row in rows:
            cells = [row.get(k) for k in ("code", "text", "leads", "partners", "time", "firstLine")]
            body += "<tr>" + "".join(f"<td>{escape(str(c or ''))}</td>" for c in cells) + "</tr>"
        return _page(iri, body + "</table><p><a href='/'>←</a></p>")

    @app.get("/sparql")
    def sparql(query: str = Query(..., description="A SPARQL SELECT query")) -> JSONResponse:
        rows = database.select(query)
        variables = sorted({k for row in rows for k in row.values})
        bindings = [
            {
                k: {"type": "uri" if isinstance(v, URIRef) else "literal", "value": str(v)}
                for k, v in row.values.items()
            }
            for row in rows
        ]
        return JSONResponse(
            {"head": {"vars": variables}, "results": {"bindings": bindings}},
            media_type="application/sparql-results+json",
        )

    return app
