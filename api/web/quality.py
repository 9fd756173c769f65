"""Data quality: what ingest found in each ingested document (the ``findings`` named query), per document
(``/quality/{plan}``) and for the corpus (``/quality``), and the plan page's banner.

A finding's level is the ``findings`` query's: "error" for the kinds where text of the document was not
read into the graph (``ERROR_KINDS``), "warning" for the others. Kinds are listed errors first, then in
the order of the flag-kind scheme (``KIND_ORDER``, ontology/schemes.ttl).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse

from api.web.links import document_url, is_iri, page_for, plan_url, quote_id
from api.web.parallel import run_many
from api.web.render import render
from api.web.routes import router
from api.web.state import get_store
from ontology.iris import code_slug
from queries.library import run
from queries.lookup import find_plan
from queries.protocol import Store

ERROR_KINDS = ("no-task-table", "unparsed-row")  # the findings query's level "error" (queries/findings.rq)
KIND_ORDER = (
    "no-task-table",
    "unparsed-row",
    "date-conflict",
    "number-typo",
    "unknown-agency",
    "fuzzy-agency",
    "ambiguous-date",
    "missing-section",
    "duplicate-code",
    "other",
)
SORT_KEYS = ("errors", "warnings", "total", "number", "province", "tasks")


def level_of(kind: str) -> str:
    """ "error" or "warning", as the ``findings`` query says."""
    return "error" if kind in ERROR_KINDS else "warning"


def kind_rank(kind: str) -> tuple[int, str]:
    """Errors first, then the scheme's order; an unknown kind last."""
    return (KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER), kind)


def quality_url(number: str) -> str:
    """The findings page of the ingested document whose plan has this number (or, unnumbered, this IRI:
    then the IRI's path, as the plan page's)."""
    page = page_for(number) if is_iri(number) else None
    if page and page.startswith("/plans/"):
        return "/quality/" + page.removeprefix("/plans/")
    return f"/quality/{quote_id(number)}"


def plan_link(row: Mapping[str, Any]) -> str:
    """The plan page of a row with ``plan`` (IRI) and ``plan_number``."""
    return page_for(str(row["plan"])) or plan_url(str(row["plan_number"]))


def finding_link(row: Mapping[str, Any]) -> str:
    """Where a finding applies: its task on the plan page, the plan page, or the cited document's page."""
    plan = plan_link(row)
    if row["about"] == "task" and row["task_code"]:
        return f"{plan}#task-{code_slug(str(row['task_code']))}"
    if row["about"] == "document" and row["document_number"]:
        number = str(row["document_number"])
        return (page_for(number) or number) if is_iri(number) else document_url(number)
    return plan


def with_links(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``findings`` rows with the link of what each is about (``href``)."""
    return [{**row, "href": finding_link(row)} for row in rows]


def by_kind(rows: Iterable[Mapping[str, Any]]) -> list[tuple[str, str, list[Mapping[str, Any]]]]:
    """Findings grouped as [(kind, level, rows)], errors first."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        groups.setdefault(str(row["kind"]), []).append(row)
    return [(kind, level_of(kind), groups[kind]) for kind in sorted(groups, key=kind_rank)]


def summary(rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """A document's findings counted: ``errors``, ``warnings``, ``kinds`` [(kind, level, n)] errors first."""
    counts = Counter(str(row["kind"]) for row in rows)
    errors = sum(n for kind, n in counts.items() if level_of(kind) == "error")
    return {
        "errors": errors,
        "warnings": sum(counts.values()) - errors,
        "kinds": [(kind, level_of(kind), counts[kind]) for kind in sorted(counts, key=kind_rank)],
    }


def plan_quality(rows: Iterable[Mapping[str, Any]], number: str) -> dict[str, Any]:
    """What the plan page's banner needs from the plan's ``findings`` rows: the summary and the link."""
    return {**summary(rows), "href": quality_url(number)}


def corpus_rows(
    plans: Iterable[Mapping[str, Any]], findings: Iterable[Mapping[str, Any]]
) -> tuple[list[dict[str, Any]], list[str]]:
    """One row per ingested plan (``plans``) with its findings counted by kind (``findings``), and the kinds
    found in the corpus (errors first)."""
    counts: dict[str, Counter[str]] = {}
    for row in findings:
        counts.setdefault(str(row["plan"]), Counter())[str(row["kind"])] += 1
    kinds = sorted({kind for counter in counts.values() for kind in counter}, key=kind_rank)
    rows = []
    for plan in plans:
        found = counts.get(str(plan["plan"]), Counter())
        errors = sum(n for kind, n in found.items() if level_of(kind) == "error")
        rows.append(
            {
                "number": str(plan["number"]),
                "plan": str(plan["plan"]),
                "province": str(plan["province"] or ""),
                "tasks": int(plan["tasks"] or 0),
                "errors": errors,
                "warnings": sum(found.values()) - errors,
                "total": sum(found.values()),
                "kinds": dict(found),
                "href": quality_url(str(plan["number"])),
                "page": plan_link({"plan": plan["plan"], "plan_number": plan["number"]}),
            }
        )
    return rows, kinds


def sort_rows(rows: list[dict[str, Any]], key: str, descending: bool) -> list[dict[str, Any]]:
    """Rows sorted on a column (a count, a kind, the number, province or tasks); ties: errors first, then
    warnings, then number. The default (``errors``, descending) puts error-level documents first."""

    def value(row: dict[str, Any]) -> Any:
        if key in ("number", "province"):
            return str(row[key]).lower()
        if key in ("errors", "warnings", "total", "tasks"):
            return row[key]
        return row["kinds"].get(key, 0)

    ordered = sorted(rows, key=lambda r: (-r["errors"], -r["warnings"], r["number"]))
    return sorted(ordered, key=value, reverse=descending)


@router.get("/quality", response_class=HTMLResponse)
def quality_page(request: Request, sort: str = "errors", order: str = "") -> HTMLResponse:
    """Every ingested document with its findings counted by kind, error-level documents first; the
    columns sort (``?sort=errors|warnings|total|number|province|tasks|{kind}&order=asc|desc``)."""
    store = get_store(request)
    plans, findings = (result.as_dicts() for result in run_many(store, [("plans", {}), ("findings", {})]))
    rows, kinds = corpus_rows(plans, findings)
    key = sort if sort in SORT_KEYS or sort in kinds else "errors"
    descending = order != "asc" if order in ("asc", "desc") else key not in ("number", "province")
    totals = Counter(str(row["kind"]) for row in findings)

    def sort_link(column: str) -> str:
        flip = "asc" if column == key and descending else "desc"
        if column != key:
            flip = "asc" if column in ("number", "province") else "desc"
        return "/quality?" + urlencode({"sort": column, "order": flip})

    return render(
        request,
        "quality.html",
        rows=sort_rows(rows, key, descending),
        kinds=kinds,
        levels={kind: level_of(kind) for kind in kinds},
        totals=totals,
        with_errors=sum(1 for row in rows if row["errors"]),
        findings_count=len(findings),
        sort=key,
        descending=descending,
        sort_link=sort_link,
    )


def document_findings(store: Store, plan_iri: str) -> list[dict[str, Any]]:
    """The ``findings`` rows of one ingested document (by its plan's IRI), with their links."""
    return with_links(run(store, "findings", {"plan": plan_iri}).as_dicts())


@router.get("/quality/{plan_id:path}", response_class=HTMLResponse)
def document_quality_page(request: Request, plan_id: str) -> HTMLResponse:
    """One ingested document's findings by kind (errors first), each with its message, source line and a
    link to the task, plan or cited document it is about."""
    store = get_store(request)
    plan = find_plan(store, plan_id)
    rows = document_findings(store, str(plan["plan"]))
    return render(
        request,
        "quality_document.html",
        plan=plan,
        findings=rows,
        groups=by_kind(rows),
        counts=summary(rows),
        sources=sorted({str(row["source"]) for row in rows if row["source"]}),
    )
