"""The province page, and the lineage sections the agency and province pages share.

``/provinces/{slug}`` (``/provinces/can-tho``): the province's plans (``plans`` with ``lineage=1``: the plans
of the provinces merged into it in 2025 listed apart, "formed from Sóc Trăng"), what it is now part of and
what it was formed from (the named query ``lineage``), each with its date of effect and legal source, and a
link to its responsibility network. ``lineage_sections`` turns ``lineage`` rows into the "now part of" /
"formed from" lists both pages show (``_lineage.html``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from api.web.links import document_url, page_for, province_url
from api.web.parallel import run_many
from api.web.render import render
from api.web.routes import router
from api.web.state import get_store
from ontology.errors import NotFound
from queries.lookup import suggest
from queries.protocol import Store
from queries.sparql import sparql_file
from queries.text import place_key
from queries.values import python_value

SOURCE_SEPARATOR = " ; "  # how ``lineage`` joins the sources of one step
_PLACE = re.compile(r"/place/([a-z0-9-]+)$")

Row = Mapping[str, Any]


class UnknownProvince(NotFound):
    """No province in the store has this slug or name."""


# -- provinces -------------------------------------------------------------------------------------


def every_province(store: Store) -> list[dict[str, str]]:
    """Every province the store names: place (IRI), province (label), slug
    (``queries/internal/lookup-provinces.rq``)."""
    found = []
    for row in store.select(sparql_file("lookup-provinces").text):
        place = str(python_value(row.get("place")) or "")  # type: ignore[attr-defined]
        slug = _PLACE.search(place)
        if slug:
            found.append(
                {
                    "place": place,
                    "province": str(python_value(row.get("province")) or ""),
                    "slug": slug.group(1),
                }
            )  # type: ignore[attr-defined]
    return found


def find_province(store: Store, wanted: str) -> dict[str, str]:
    """The province a slug ("can-tho") or a name ("Cần Thơ") names; else UnknownProvince with the closest."""
    provinces = every_province(store)
    key = place_key(wanted)
    for province in provinces:
        if province["slug"] == key:
            return province
    by_name = {province["province"]: province["slug"] for province in provinces}
    close = suggest(wanted.replace("-", " "), by_name)
    raise UnknownProvince(
        f"no province {wanted!r} in the store", suggestions=[by_name[name] for name in close]
    )


# -- lineage ---------------------------------------------------------------------------------------


def _sources(row: Row) -> list[dict[str, str]]:
    """A step's legal sources: number, title and page (``lineage`` joins several with " ; ")."""
    iris = str(row.get("source") or "").split(SOURCE_SEPARATOR)
    numbers = str(row.get("source_number") or "").split(SOURCE_SEPARATOR)
    titles = str(row.get("source_title") or "").split(SOURCE_SEPARATOR)
    sources = []
    for i, iri in enumerate(iris):
        iri = iri.strip()
        if not iri:
            continue
        number = numbers[i].strip() if i < len(numbers) else ""
        sources.append(
            {
                "number": number or iri,
                "title": titles[i].strip() if i < len(titles) else "",
                "url": document_url(number, iri),
            }
        )
    return sources


def body_url(iri: str) -> str | None:
    """The page of a body of a lineage step: an agency's or group's page, a province's page."""
    place = _PLACE.search(iri)
    return province_url(place.group(1)) if place else page_for(iri)


def _body(iri: str, label: str, province: str) -> dict[str, str | None]:
    return {"iri": iri, "label": label or iri, "province": province, "url": body_url(iri)}


def lineage_sections(rows: Sequence[Row], start: str) -> dict[str, list[dict[str, Any]]]:
    """``lineage`` rows of the body ``start`` (an agency's or a place's IRI) as the two lists the pages
    show: ``now_part_of`` (its successors, nearest first: step 1 is a body that took it over, or a share of
    its duties; a later step says from which body) and ``formed_from`` (its predecessors, the same way)."""
    sections: dict[str, list[dict[str, Any]]] = {"now_part_of": [], "formed_from": []}
    for row in rows:
        if str(row.get("start") or "") != start:
            continue
        direction = str(row.get("direction") or "")
        key = (
            "now_part_of" if direction == "successor" else "formed_from" if direction == "predecessor" else ""
        )
        if not key:
            continue
        sections[key].append(
            {
                "other": _body(
                    str(row["other"]), str(row.get("other_label") or ""), str(row.get("other_province") or "")
                ),
                "via": _body(
                    str(row["body"]), str(row.get("body_label") or ""), str(row.get("body_province") or "")
                ),
                "steps": int(row.get("steps") or 1),
                "kind": str(row.get("kind") or ""),
                "duty": str(row.get("duty") or ""),
                "effective": str(row.get("effective") or ""),
                "sources": _sources(row),
            }
        )
    for entries in sections.values():
        entries.sort(key=lambda e: (e["steps"], e["effective"], e["other"]["label"]))
    return sections


# -- the page --------------------------------------------------------------------------------------


def plans_by_origin(plans: Sequence[Row], slug: str) -> tuple[list[Row], dict[str, list[Row]]]:
    """The province's own plans, and those of the provinces it was formed from, by province name."""
    own: list[Row] = []
    merged: dict[str, list[Row]] = {}
    for plan in plans:
        name = str(plan.get("province") or "")
        if place_key(name) == slug:
            own.append(plan)
        else:
            merged.setdefault(name, []).append(plan)
    return own, dict(sorted(merged.items()))


@router.get("/provinces/{slug}", response_class=HTMLResponse)
def province_page(request: Request, slug: str) -> HTMLResponse:
    """A province: its plans (and, apart, those of the provinces merged into it in 2025), what it is now
    part of and what it was formed from, with dates and sources; its responsibility network."""
    store = get_store(request)
    province = find_province(store, slug)
    plans, lineage = (
        result.as_dicts()
        for result in run_many(
            store,
            [
                ("plans", {"province": province["slug"], "lineage": "1"}),
                ("lineage", {"province": province["slug"]}),
            ],
        )
    )
    own, merged = plans_by_origin(plans, province["slug"])
    return render(
        request,
        "province.html",
        province=province,
        plans=own,
        merged_plans=merged,
        lineage=lineage_sections(lineage, province["place"]),
    )
