"""The JSON REST API under ``/api``: plans, agencies, legal documents, trace, the named-query library, upload.

Every answer comes from the named queries (``queries/*.rq`` through ``queries.library.run``); nothing here
writes SPARQL. Errors are domain errors (``CchcError``), which the app turns into the one JSON error shape.
Endpoints are plain ``def`` (run in the thread pool) except those that read a request body.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections import Counter
from collections.abc import Mapping
from email import message_from_bytes
from email.policy import HTTP
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from api.service import ingest_paths
from api.serving.warm import warm_pages
from api.settings import Settings
from api.sparql_protocol import ProtocolError, authorise_write, negotiate
from api.writers import ROW_FORMATS, Output, UnknownFormat, by_media_type, by_name, media_types
from ingest.readers.source import supported_suffixes
from ontology.errors import CchcError
from queries.library import NamedQuery, QueryResult, default_library, get_query, run
from queries.lookup import check_parameters, find_agency, find_document, find_plan
from queries.protocol import Store, innermost
from queries.text import fold, place_key

router = APIRouter(prefix="/api", tags=["REST"])


# -- errors ----------------------------------------------------------------------------------------


class IngestRejected(CchcError):
    """An uploaded file that ingest cannot read; nothing of it was written."""

    status = 400


# -- response models -------------------------------------------------------------------------------

Row = dict[str, Any]


class ErrorDetail(BaseModel):
    error: str = Field(examples=["UnknownPlan"])
    message: str = Field(examples=["no plan '999/KH-UBND' in the store"])
    source: str | None = None
    line: int | None = None
    expected: str | None = Field(None, examples=["did you mean: 285/KH-UBND, 272/KH-UBND, 142/KH-UBND"])


class ErrorBody(BaseModel):
    """The one error shape of every route."""

    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Bad parameter"},
    404: {"model": ErrorBody, "description": "Not found"},
    422: {"model": ErrorBody, "description": "Invalid request"},
}


class PlanSummary(BaseModel):
    """One plan: its number of tasks a JSON number, the rest text."""

    plan: str = Field(examples=["https://w3id.org/cchc-kg/eli/vn/dong-thap/ubnd/kh/2020/285"])
    number: str = Field(examples=["285/KH-UBND"])
    title: str | None = Field(None, examples=["Cải cách hành chính tỉnh Đồng Tháp năm 2021"])
    province: str | None = Field(None, examples=["Đồng Tháp"])
    issued: str | None = Field(None, examples=["2020-12-05"])
    period_start: str | None = Field(None, examples=["2021-01-01"])
    period_end: str | None = Field(None, examples=["2021-12-31"])
    tasks: int = Field(examples=[32])


class PlanDetail(BaseModel):
    """A plan with its tasks (``tasks`` query) and legal bases (``legal-bases`` query)."""

    plan: str
    number: str = Field(examples=["285/KH-UBND"])
    title: str | None = None
    province: str | None = None
    issued: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    task_count: int = Field(examples=[32])
    tasks: list[Row] = Field(examples=[[{"code": "1.đ", "label": "Xây dựng video tuyên truyền …"}]])
    legal_bases: list[Row]


class AgencySummary(BaseModel):
    """An agency or group with how many tasks it leads and partners on (``agency-load`` query)."""

    agency: str = Field(examples=["Sở Nội vụ"])
    iri: str = Field(examples=["https://w3id.org/cchc-kg/org/dong-thap/so-noi-vu"])
    id: str = Field(examples=["org/dong-thap/so-noi-vu"], description="the path to use in /api/agencies/{id}")
    province: str = Field(examples=["Đồng Tháp"])
    kind: str = Field(examples=["single"])
    agency_kind: str | None = Field(None, examples=["department"])
    lead_tasks: int = Field(examples=[37])
    partner_tasks: int = Field(examples=[25])


class Partner(BaseModel):
    agency: str
    leads_with_them: int = Field(description="tasks this agency leads with them as partner")
    partners_with_them: int = Field(description="tasks they lead with this agency as partner")
    tasks: int


class AgencyDetail(AgencySummary):
    """An agency: its tasks (``agency-tasks``) and whom it works with most (``lead-partner``)."""

    tasks: list[Row]
    works_with: list[Partner]


class DocumentDetail(BaseModel):
    """A legal document (``documents``), its relations both ways (``document-relations``) and the plans
    that implement it (``trace``)."""

    document: Row = Field(
        examples=[{"number": "76/NQ-CP", "type": "NQ", "issuer": "CP", "date": "2021-07-15"}]
    )
    based_on: list[Row] = Field(description="outgoing: what it mentions (based on, implements, cites …)")
    based_on_by: list[Row] = Field(description="incoming: what mentions it")
    implemented_by: list[Row]


class TraceResult(BaseModel):
    document: Row
    plans: list[Row] = Field(
        examples=[[{"plan_number": "285/KH-UBND", "province": "Đồng Tháp", "tasks": 32}]]
    )


class ParamInfo(BaseModel):
    name: str
    type: str
    required: bool
    description: str
    choices: list[str]
    description_vi: str = Field("", description="the description in Vietnamese (the pages' default language)")


class QueryInfo(BaseModel):
    name: str = Field(examples=["agency-tasks"])
    summary: str
    summary_vi: str = Field("", description="the summary in Vietnamese (the pages' default language)")
    params: list[ParamInfo]
    columns: list[str]
    lists: list[str]


class QueryRows(BaseModel):
    query: str
    columns: list[str]
    rows: list[Row]


class UploadReport(BaseModel):
    path: str
    ok: bool
    plan: str | None = None
    plan_label: str | None = Field(None, examples=["285/KH-UBND"])
    graph: str | None = None
    tasks: int = 0
    agencies: int = 0
    references: int = 0
    targets: int = 0
    triples: int = 0
    warnings: list[Row] = []


# -- helpers ---------------------------------------------------------------------------------------


def _store(request: Request) -> Store:
    return request.app.state.store


def _settings(request: Request) -> Settings:
    return request.app.state.settings


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def relative_id(iri: str, base_iri: str) -> str:
    """The path of ``iri`` under the base IRI (the IRI itself when it is elsewhere)."""
    base = base_iri if base_iri.endswith("/") else base_iri + "/"
    return iri[len(base) :] if iri.startswith(base) else iri


def agency_summary(row: Row, base_iri: str) -> dict[str, Any]:
    return {
        "agency": row["agency"],
        "iri": row["party"],
        "id": relative_id(str(row["party"]), base_iri),
        "province": row["province"] or "",
        "kind": row["kind"],
        "agency_kind": row["agency_kind"] or None,
        "lead_tasks": row["lead_tasks"],
        "partner_tasks": row["partner_tasks"],
    }


def works_with(store: Store, name: str, province: str) -> list[dict[str, Any]]:
    """Whom an agency works with most: tasks it leads with them as partners, and the other way round."""
    leads: Counter[str] = Counter()
    partners: Counter[str] = Counter()
    for row in run(store, "lead-partner", {"province": province}).as_dicts():
        if (row["province"] or "") != province:
            continue
        if row["lead"] == name:
            leads[str(row["partner"])] += int(row["tasks"])
        elif row["partner"] == name:
            partners[str(row["lead"])] += int(row["tasks"])
    others = set(leads) | set(partners)
    out = [
        {
            "agency": other,
            "leads_with_them": leads[other],
            "partners_with_them": partners[other],
            "tasks": leads[other] + partners[other],
        }
        for other in others
    ]
    return sorted(out, key=lambda r: (-r["tasks"], r["agency"]))


# -- plans -----------------------------------------------------------------------------------------


class Counts(BaseModel):
    """What the store holds, counted as the lists count it (the ``counts`` query; ``cchc-kg stats``)."""

    documents: int = Field(examples=[5], description="ingested files")
    plans: int = Field(examples=[5], description="ingested plans: the rows of /api/plans")
    tasks: int = Field(examples=[169], description="the tasks of those plans")
    provinces: int = Field(examples=[3], description="the provinces those plans are of")
    agencies: int = Field(
        examples=[55],
        description="agencies and groups leading or partnering on a task: the rows of /api/agencies",
    )
    agency_groups: int = Field(examples=[18], description="of those agencies, the groups")
    legal_documents: int = Field(examples=[49], description="ingested or cited: the rows of /api/documents")
    references: int = Field(examples=[72])
    targets: int = Field(examples=[16])
    flags: int = Field(examples=[11], description="data-quality flags")


@router.get("/stats", summary="What the store holds, counted", response_model=Counts, responses=ERRORS)
def api_stats(request: Request) -> dict[str, object]:
    """The counts the home page and ``cchc-kg stats`` show (``counts`` query): plans as /api/plans lists
    them, agencies as /api/agencies lists them."""
    [row] = run(_store(request), "counts").as_dicts()
    return row


@router.get("/plans", summary="Every plan", response_model=list[PlanSummary], responses=ERRORS)
def api_plans(request: Request) -> list[dict[str, str]]:
    """Every plan with its number, title, province, date, period and task count (``plans`` query)."""
    rows = run(_store(request), "plans").as_dicts()
    return [{k: str(v) for k, v in row.items() if v is not None} for row in rows]


@router.get(
    "/plans/{plan_id:path}", summary="A plan with its tasks", response_model=PlanDetail, responses=ERRORS
)
def api_plan(request: Request, plan_id: str) -> dict[str, Any]:
    """``plan_id`` is the plan number, URL-encoded (``285%2FKH-UBND``), its IRI or the IRI's path
    (``eli/vn/dong-thap/ubnd/kh/2020/285``)."""
    store = _store(request)
    plan = find_plan(store, plan_id)
    tasks = run(store, "tasks", {"plan": str(plan["plan"])}).as_dicts()
    bases = run(store, "legal-bases", {"plan": str(plan["plan"])}).as_dicts()
    return {
        **{
            k: _text(plan[k])
            for k in ("plan", "number", "title", "province", "issued", "period_start", "period_end")
        },
        "task_count": plan["tasks"],
        "tasks": tasks,
        "legal_bases": bases,
    }


# -- agencies --------------------------------------------------------------------------------------


@router.get(
    "/agencies", summary="Search agencies by name", response_model=list[AgencySummary], responses=ERRORS
)
def api_agencies(
    request: Request,
    q: str = Query("", description="part of the name; case and diacritics do not matter ('so noi vu')"),
    province: str = Query("", description="only this province ('Đồng Tháp', 'dong thap')"),
) -> list[dict[str, Any]]:
    """Agencies and agency groups whose name contains ``q`` (``agency-load`` query), busiest first."""
    settings = _settings(request)
    wanted = fold(q)
    rows = run(_store(request), "agency-load", {"province": province}).as_dicts()
    return [agency_summary(r, settings.base_iri) for r in rows if wanted in fold(str(r["agency"]))]


@router.get(
    "/agencies/{agency_id:path}",
    summary="An agency: what it leads and partners on, with whom it works most",
    response_model=AgencyDetail,
    responses=ERRORS,
)
def api_agency(request: Request, agency_id: str) -> dict[str, Any]:
    """``agency_id`` is the IRI or its path (``org/dong-thap/so-noi-vu``), as /api/agencies lists it."""
    store, settings = _store(request), _settings(request)
    row = find_agency(store, agency_id)
    name, province = str(row["agency"]), str(row["province"] or "")
    params = {"agency": name, "province": place_key(province) if province else ""}
    tasks = [
        t
        for t in run(store, "agency-tasks", params).as_dicts()
        if t["agency"] == name and (t["province"] or "") == province
    ]
    return {
        **agency_summary(row, settings.base_iri),
        "tasks": tasks,
        "works_with": works_with(store, name, province),
    }


# -- legal documents and trace ---------------------------------------------------------------------


@router.get("/documents", summary="Every legal document", response_model=list[Row], responses=ERRORS)
def api_documents(request: Request) -> list[Row]:
    """Plans, decisions, resolutions, decrees and laws in the store (``documents`` query)."""
    settings = _settings(request)
    rows = run(_store(request), "documents").as_dicts()
    return [{**r, "id": relative_id(str(r["document"]), settings.base_iri)} for r in rows]


@router.get(
    "/documents/{document_id:path}",
    summary="A legal document with its relations both ways",
    response_model=DocumentDetail,
    responses=ERRORS,
)
def api_document(request: Request, document_id: str) -> dict[str, Any]:
    """``document_id`` is the number, URL-encoded (``76%2FNQ-CP``), the IRI or its path
    (``eli/vn/cp/nq/2021/76``). Relations carry the source line of the mention (none for the curated
    reference base of national documents)."""
    store, settings = _store(request), _settings(request)
    document = find_document(store, document_id)
    iri = str(document["document"])
    relations = run(store, "document-relations", {"document": iri}).as_dicts()
    plans = run(store, "trace", {"document": iri}).as_dicts()
    return {
        "document": {**document, "id": relative_id(iri, settings.base_iri)},
        "based_on": [r for r in relations if r["direction"] == "outgoing"],
        "based_on_by": [r for r in relations if r["direction"] == "incoming"],
        "implemented_by": plans,
    }


@router.get("/trace", summary="Plans that implement a document", response_model=TraceResult, responses=ERRORS)
def api_trace(
    request: Request,
    document: str = Query(..., description="document number ('76/NQ-CP') or IRI"),
) -> dict[str, Any]:
    """Plans implementing ``document``: based on it, via the national programme it establishes, or through
    a chain of documents (``trace`` query)."""
    store = _store(request)
    found = find_document(store, document)
    return {"document": found, "plans": run(store, "trace", {"document": str(found["document"])}).as_dicts()}


# -- the named-query library -----------------------------------------------------------------------

QUERY_FORMATS = {w.name: w.media_type for w in ROW_FORMATS}  # the writer registry's (api.writers)


def query_info(query: NamedQuery) -> dict[str, Any]:
    return {
        "name": query.name,
        "summary": query.summary,
        "summary_vi": query.summary_vi,
        "params": [
            {
                "name": p.name,
                "type": p.type,
                "required": p.required,
                "description": p.description,
                "choices": list(p.choices),
                "description_vi": p.description_vi,
            }
            for p in query.params
        ],
        "columns": query.columns,
        "lists": list(query.lists),
    }


@router.get("/queries", summary="The named queries", response_model=list[QueryInfo], responses=ERRORS)
def api_queries() -> list[dict[str, Any]]:
    """Every named query: name, summary, parameters and output columns."""
    return [query_info(q) for q in default_library().values()]


def query_response(result: QueryResult, name: str, media_type: str) -> Response:
    """Named-query rows in ``media_type``, written by the registry's writer (the CLI's and the editor's)."""
    writer = by_media_type(media_type, ROW_FORMATS)
    return Response(writer.write(Output.of(result, name)), media_type=media_type)


def query_media_type(format_: str | None, accept: str | None) -> str:
    if format_:
        try:
            return by_name(format_, ROW_FORMATS).media_type
        except UnknownFormat as error:  # the REST error name stays ProtocolError
            raise ProtocolError(error.message, status=400, expected=error.expected) from None
    chosen = negotiate(accept, media_types(ROW_FORMATS))
    if chosen is None:
        raise ProtocolError(
            f"none of the accepted media types ({accept}) is offered",
            status=406,
            expected=", ".join(QUERY_FORMATS.values()),
        )
    return chosen


QUERY_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    200: {"content": {m: {} for m in QUERY_FORMATS.values()}, "description": "The rows, in the format asked"},
    406: {"model": ErrorBody, "description": "No acceptable format"},
}


def _run_named(request: Request, name: str, params: Mapping[str, str], format_: str | None) -> Response:
    get_query(name)
    media_type = query_media_type(format_, request.headers.get("accept"))
    store = _store(request)
    check_parameters(store, name, params)  # an unknown plan, document or agency is a 404, not zero rows
    return query_response(run(store, name, params), name, media_type)


@router.get(
    "/queries/{name}",
    summary="Run a named query",
    response_model=QueryRows,
    responses=QUERY_RESPONSES,
)
def api_run_query(
    request: Request,
    name: str,
    format: str | None = Query(None, description="json, csv, tsv, xml-sparql, json-sparql"),
) -> Response:
    """Parameters are the query string (``?agency=so noi vu&province=dong thap``); the format is
    ``?format=`` or the Accept header (JSON by default)."""
    params = {k: v for k, v in request.query_params.items() if k != "format"}
    return _run_named(request, name, params, format)


@router.post(
    "/queries/{name}",
    summary="Run a named query (parameters in the body)",
    response_model=QueryRows,
    responses=QUERY_RESPONSES,
)
async def api_run_query_post(request: Request, name: str, format: str | None = Query(None)) -> Response:
    """Parameters as a JSON object or an URL-encoded form in the body (and/or the query string)."""
    params = {k: v for k, v in request.query_params.items() if k != "format"}
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/json":
        body = await request.json()
        if not isinstance(body, dict):
            raise ProtocolError(
                "the JSON body must be an object of parameters", expected='{"agency": "so noi vu"}'
            )
        params.update({str(k): str(v) for k, v in body.items()})
    elif media == "application/x-www-form-urlencoded":
        from urllib.parse import parse_qsl

        params.update(dict(parse_qsl((await request.body()).decode("utf-8", "replace"))))
    fmt = params.pop("format", None) or format
    return await run_in_threadpool(_run_named, request, name, params, fmt)


# -- upload ----------------------------------------------------------------------------------------


def multipart_fields(content_type: str, body: bytes) -> dict[str, tuple[str | None, bytes]]:
    """The fields of a multipart/form-data body: name -> (file name or None, bytes), byte for byte."""
    message = message_from_bytes(
        f"Content-Type: {content_type}\r\n\r\n".encode("latin-1") + body, policy=HTTP
    )
    fields: dict[str, tuple[str | None, bytes]] = {}
    if not message.is_multipart():
        return fields
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if isinstance(name, str):
            payload = part.get_payload(decode=True)
            fields[name] = (part.get_filename(), payload if isinstance(payload, bytes) else b"")
    return fields


def is_multipart(content_type: str | None) -> bool:
    return (content_type or "").split(";")[0].strip().lower() == "multipart/form-data"


def _report_dict(report: Any, filename: str) -> dict[str, Any]:
    data = dataclasses.asdict(report)
    data["path"] = filename
    data["warnings"] = [
        {**dataclasses.asdict(w), "severity": str(getattr(w.severity, "value", w.severity))}
        for w in report.warnings
    ]
    return data


def ingest_upload(store: Store, settings: Settings, filename: str, body: bytes) -> dict[str, Any]:
    """Write the body to a temporary file named like the upload and ingest it (blocking). The store
    records the source as ``filename`` (not the temporary path), with the file's own lines."""
    with tempfile.TemporaryDirectory(prefix="cchc-upload-") as folder:
        path = Path(folder) / filename
        path.write_bytes(body)
        try:  # ingest writes to the store under every guard (guarded reads obey the time limit and row cap)
            [report] = ingest_paths(innermost(store), [path], settings.base_iri, sources={path: filename})
        finally:
            after_write = getattr(store, "after_write", None)
            if after_write is not None:
                after_write()
            warm_pages(store)  # the pages' whole-corpus queries again, before the upload's answer
        if not report.ok:
            raise IngestRejected(
                (report.error or "unreadable file").replace(str(path), filename), source=filename
            )
        return _report_dict(report, filename)


def upload_name(filename: str | None) -> str:
    """The upload's file name without folders; ProtocolError (400) unless its suffix has a reader."""
    name = Path(filename or "").name
    suffixes = supported_suffixes()
    if not name or Path(name).suffix.lower() not in suffixes:
        raise ProtocolError(
            f"cannot ingest {name or 'a file without a name'!r}",
            expected="a name ending in " + ", ".join(suffixes),
        )
    return name


@router.post(
    "/documents",
    summary="Upload a plan for ingest (off by default)",
    response_model=UploadReport,
    status_code=201,
    responses={
        **ERRORS,
        401: {"model": ErrorBody, "description": "No bearer token"},
        403: {"model": ErrorBody, "description": "Uploads disabled, or wrong token"},
        413: {"model": ErrorBody, "description": "Too large"},
    },
)
async def api_upload(
    request: Request,
    filename: str | None = Query(
        None,
        description="the file's name; its suffix picks the reader"
        f" ({', '.join(supported_suffixes())}); optional for a multipart/form-data body (its file's name)",
    ),
) -> JSONResponse:
    """The request body is the file itself, or a multipart/form-data form whose ``file`` field is the file
    (``curl -F file=@plan.txt``; the file is read out of the form, so its lines are its own). Needs uploads
    enabled in the settings and ``Authorization: Bearer <update token>``. A file ingest cannot read is
    rejected (400) with the reason."""
    settings = _settings(request)
    authorise_write(
        settings, settings.uploads_enabled, request.headers.get("authorization"), "document upload"
    )
    content_type = request.headers.get("content-type")
    if filename is None and not is_multipart(content_type):
        raise RequestValidationError(
            [{"loc": ("query", "filename"), "msg": "Field required", "type": "missing", "input": None}]
        )
    if filename is not None:
        upload_name(filename)  # a bad name is refused before the body is read
    body = await request.body()
    if len(body) > settings.max_request_bytes:
        raise ProtocolError(
            f"the upload has {len(body)} bytes", status=413, expected=f"at most {settings.max_request_bytes}"
        )
    if is_multipart(content_type):
        part_name, body = multipart_fields(content_type or "", body).get("file", (None, b""))
        filename = filename or part_name
    name = upload_name(filename)
    report = await run_in_threadpool(ingest_upload, _store(request), settings, name, body)
    return JSONResponse(report, status_code=201)
