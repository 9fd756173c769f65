"""The one lookup of a plan, legal document or agency by what a user types: number, IRI, IRI path or name.

CLI, REST, web pages and networks all resolve identifiers here; a value that names nothing raises a
``NotFound`` subclass (``UnknownPlan``, ``UnknownDocument``, ``UnknownAgency``) carrying the closest
identifiers the store holds ("did you mean"), compared on folded text (case, diacritics and đ ignored).

What each accepts:

- a plan: its number ("285/KH-UBND", "285/kh-ubnd"; a plan issued by a decision also by the decision's
  "465/QĐ-UBND"), its IRI, or the end of its IRI's path ("eli/vn/dong-thap/ubnd/kh/2020/285",
  "dong-thap/ubnd/kh/2020/285"); the answer is its ``plans`` row;
- a legal document: its number, IRI or IRI path; the answer is its ``documents`` row;
- an agency or group: its IRI, its IRI path ("org/dong-thap/so-noi-vu") or its exact name, folded
  ("so noi vu", when one agency has it); the answer is its ``agency-load`` row (zero tasks for one that
  leads and partners on none).

Its own SPARQL is ``queries/internal/lookup-agencies.rq``; the rest are the named queries ``plans``,
``documents`` and ``agency-load``. ``check_parameters`` applies the same lookups to the identifying
parameters of a named query (``plan``, ``a``, ``b``, ``document``, ``agency``), so ``query tasks -p
plan=999/KH-UBND`` is an error, not zero rows (``run`` itself stays lenient: zero rows).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping

from rdflib import Literal, URIRef

from ontology.errors import NotFound
from queries.library import get_query, kept, python_value, resolve_iris, run
from queries.protocol import Store
from queries.sparql import sparql, sparql_file
from queries.text import fold, number_key, place_key

SUGGESTIONS = 3  # at most this many "did you mean" entries
CUTOFF = 0.5  # difflib similarity under which a name is not suggested

Row = dict[str, object]

_IRI = re.compile(r"^https?://\S+$")
_AGENCY_PATH = re.compile(r"((?:org|group)/[^/]+/[^/]+)$")
_USABLE_IRI = re.compile(r'^https?://[^\x00-\x20<>"{}|^`\\]+$')


class UnknownPlan(NotFound):
    """No plan in the store has this number, IRI or IRI path."""


class UnknownDocument(NotFound):
    """No legal document in the store has this number, IRI or IRI path."""


class UnknownAgency(NotFound):
    """No agency or agency group in the store has this IRI, IRI path or name (or several have the name)."""


def every_agency(store: Store) -> list[Row]:
    """Every agency and group the store names, with or without tasks: party, agency, province, kind,
    agency_kind (``queries/internal/lookup-agencies.rq``)."""
    query = sparql_file("lookup-agencies")
    return [
        {column: python_value(row.get(column)) for column in query.columns}  # type: ignore[attr-defined]
        for row in store.select(query.text)
    ]


# -- suggestions -----------------------------------------------------------------------------------


def suggest(wanted: str, candidates: Iterable[str], limit: int = SUGGESTIONS) -> list[str]:
    """The candidates closest to ``wanted`` on folded text (accents, case and đ ignored), best first."""
    by_key: dict[str, str] = {}
    for candidate in candidates:
        by_key.setdefault(fold(candidate), candidate)
    close = difflib.get_close_matches(fold(wanted), list(by_key), n=limit, cutoff=CUTOFF)
    return [by_key[key] for key in close]


# -- matching --------------------------------------------------------------------------------------


def names_iri(iri: str, wanted: str) -> bool:
    """Whether ``wanted`` is ``iri`` or the end of its path (at least two segments: "kh/2020/285")."""
    wanted = wanted.strip()
    if iri == wanted:
        return True
    path = wanted.strip("/")
    return "/" in path and " " not in path and iri.endswith("/" + path)


def agency_path(iri: str) -> str:
    """``org/dong-thap/so-noi-vu``: the id REST and web URLs use for an agency (the IRI when it has none)."""
    match = _AGENCY_PATH.search(iri)
    return match.group(1) if match else iri


# -- the fast path: a number or an IRI -------------------------------------------------------------


def named(store: Store, identifier: str, kind: str) -> list[str]:
    """The IRIs of the ``kind`` ("plan" or "document") a number or IRI names, found without listing every
    plan or document; [] for anything else (an IRI path, a typo).

    A number: the documents whose own number folds to it and what they issue (``resolve-document``, the
    named queries' own look-up), then what each of them is (``lookup-iri``): a document is a numbered
    legal document; a plan a numbered plan or one a numbered document issues. Kept per store version
    (``queries.library.kept``)."""
    wanted = identifier.strip()
    if not wanted or (_IRI.match(wanted) and not _USABLE_IRI.match(wanted)):
        return []
    return list(kept(store, ("named", wanted, kind), lambda: _named(store, wanted, kind)))


def _named(store: Store, wanted: str, kind: str) -> list[str]:
    if _IRI.match(wanted):
        numbered, issued = {wanted}, set()
    else:
        rows = store.select(sparql("resolve-document"), {"param_key": Literal(number_key(wanted))})
        numbered = {str(row.get("iri")) for row in rows if isinstance(row.get("iri"), URIRef)}  # type: ignore[attr-defined]
        issued = {str(row.get("issued")) for row in rows if isinstance(row.get("issued"), URIRef)}  # type: ignore[attr-defined]
    candidates = numbered | issued if kind == "plan" else numbered
    return sorted(iri for iri in candidates if kind in _kinds(store, iri))


def _kinds(store: Store, iri: str) -> set[str]:
    """What an IRI is: "document" (a legal document), "plan" (an ingested plan), both, or neither."""
    if not _USABLE_IRI.match(iri):
        return set()
    return {str(row.get("kind")) for row in store.select(sparql("lookup-iri"), {"entity": URIRef(iri)})}  # type: ignore[attr-defined]


def plan_iri(store: Store, identifier: str) -> str:
    """The IRI of the plan ``identifier`` names: fast for a number or an IRI; else as ``find_plan``."""
    found = named(store, identifier, "plan")
    return found[0] if found else str(find_plan(store, identifier)["plan"])


def document_iri(store: Store, identifier: str) -> str:
    """The IRI of the document ``identifier`` names: fast for a number or IRI; else as ``find_document``."""
    found = named(store, identifier, "document")
    return found[0] if found else str(find_document(store, identifier)["document"])


# -- plans -----------------------------------------------------------------------------------------


def find_plan(store: Store, identifier: str) -> Row:
    """The ``plans`` row of the plan ``identifier`` names; else UnknownPlan with the closest numbers."""
    rows = run(store, "plans").as_dicts()
    wanted = identifier.strip()
    key = number_key(wanted)
    for row in rows:
        if number_key(str(row["number"])) == key or names_iri(str(row["plan"]), wanted):
            return row
    raise UnknownPlan(
        f"no plan {identifier!r} in the store",
        suggestions=suggest(wanted, (str(row["number"]) for row in rows)),
        expected=None if rows else "a store holding plans (cchc-kg ingest)",
    )


# -- legal documents -------------------------------------------------------------------------------


def find_document(store: Store, identifier: str) -> Row:
    """The ``documents`` row of the legal document ``identifier`` names; else UnknownDocument."""
    wanted = identifier.strip()
    if wanted:
        rows = run(store, "documents", {"document": wanted}).as_dicts()
        if rows:
            return rows[0]
    every = run(store, "documents").as_dicts()
    for row in every:
        if names_iri(str(row["document"]), wanted):
            return row
    raise UnknownDocument(
        f"no document {identifier!r} in the store",
        suggestions=suggest(wanted, (str(row["number"]) for row in every)),
    )


# -- agencies --------------------------------------------------------------------------------------


def _agency_name(row: Mapping[str, object]) -> str:
    province = str(row["province"] or "")
    return f"{row['agency']} ({province})" if province else str(row["agency"])


def agency_suggestions(store: Store, wanted: str, rows: list[Row] | None = None) -> list[str]:
    """Closest agencies: their ids ("org/dong-thap/so-noi-vu") for an id, else names with the province."""
    agencies = rows if rows is not None else every_agency(store)
    if "/" in wanted:
        return suggest(wanted, (agency_path(str(row["party"])) for row in agencies))
    by_name: dict[str, str] = {}
    for row in agencies:
        by_name.setdefault(str(row["agency"]), _agency_name(row))
    return [by_name[name] for name in suggest(wanted, by_name)]


def _load_row(store: Store, agency: Mapping[str, object]) -> Row:
    """The agency's ``agency-load`` row (its task counts), or the same columns with zero tasks."""
    province = str(agency["province"] or "")
    for row in run(store, "agency-load", {"province": province}).as_dicts():
        if row["party"] == agency["party"]:
            return row
    return {
        "agency": agency["agency"],
        "province": province,
        "kind": agency["kind"],
        "lead_tasks": 0,
        "partner_tasks": 0,
        "agency_kind": agency["agency_kind"],
        "party": agency["party"],
    }


def find_agency(store: Store, identifier: str) -> Row:
    """The ``agency-load`` row of the agency or group ``identifier`` names (IRI, IRI path, or a name only
    one agency has); else UnknownAgency with the closest ones (or, for a shared name, their ids)."""
    wanted = identifier.strip()
    agencies = every_agency(store)
    found = {str(row["party"]): row for row in agencies if names_iri(str(row["party"]), wanted)}
    if not found:
        folded = fold(wanted)
        found = {str(row["party"]): row for row in agencies if fold(str(row["agency"])) == folded}
    if len(found) == 1:
        return _load_row(store, next(iter(found.values())))
    if found:
        raise UnknownAgency(
            f"{len(found)} agencies are named {identifier!r}; give one's id",
            suggestions=sorted(agency_path(party) for party in found),
        )
    raise UnknownAgency(
        f"no agency {identifier!r} in the store", suggestions=agency_suggestions(store, wanted, agencies)
    )


def check_agency_name(store: Store, name: str, province: str = "") -> None:
    """UnknownAgency unless some agency's folded name contains ``name`` (in ``province`` when given): the
    test of the queries' ``agency`` parameter."""
    if resolve_iris(store, "string", fold(name), place_key(province) if province.strip() else ""):
        return
    where = f" in {province.strip()}" if province.strip() else ""
    raise UnknownAgency(
        f"no agency named like {name!r}{where} in the store", suggestions=agency_suggestions(store, name)
    )


# -- the parameters of a named query ---------------------------------------------------------------


def check_parameters(store: Store, name: str, params: Mapping[str, str]) -> None:
    """NotFound when a named query's identifying parameter names nothing in the store: ``document`` a
    legal document, another document-typed parameter (``plan``, ``a``, ``b``) a plan, ``agency`` no
    agency's name. Other parameters are the query's to check."""
    query = get_query(name)
    for param in query.params:
        value = str(params.get(param.name) or "").strip()
        if not value:
            continue
        if param.type == "document":
            (document_iri if param.name == "document" else plan_iri)(store, value)
        elif param.type == "string" and param.name == "agency":
            check_agency_name(store, value, str(params.get("province") or ""))
