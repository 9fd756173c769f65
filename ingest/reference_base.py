"""The curated reference base of national documents (ingest/data/national_documents.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from ingest.normalize.docnumber import parse_number
from ingest.normalize.text import fold
from ingest.records import DocNumber

DATA = Path(__file__).resolve().parent / "data" / "national_documents.json"


@dataclass(frozen=True)
class NationalDocument:
    number: DocNumber
    number_text: str
    doc_type: str
    date: date
    issuer: str
    title: str
    title_aliases: tuple[str, ...] = ()
    based_on: tuple[str, ...] = ()
    implements: tuple[str, ...] = ()
    amends: tuple[str, ...] = ()
    replaces: tuple[str, ...] = ()


@dataclass(frozen=True)
class Programme:
    period: str
    start: int
    end: int
    established_by: str
    label_vi: str
    label_en: str


@dataclass(frozen=True)
class ReferenceBase:
    documents: tuple[NationalDocument, ...]
    programmes: tuple[Programme, ...]
    by_number: dict[str, NationalDocument] = field(default_factory=dict)


def _number(text: str) -> DocNumber:
    number = parse_number(text)
    if number is None:
        raise ValueError(f"reference base: cannot parse number {text!r}")
    return number


@lru_cache(maxsize=1)
def reference_base() -> ReferenceBase:
    """Load the reference base once."""
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    documents = tuple(
        NationalDocument(
            number=_number(item["number"]),
            number_text=item["number"],
            doc_type=item["type"],
            date=date.fromisoformat(item["date"]),
            issuer=item["issuer"],
            title=item["title"],
            title_aliases=tuple(item.get("title_aliases", ())),
            based_on=tuple(item.get("based_on", ())),
            implements=tuple(item.get("implements", ())),
            amends=tuple(item.get("amends", ())),
            replaces=tuple(item.get("replaces", ())),
        )
        for item in raw["documents"]
    )
    programmes = tuple(Programme(**item) for item in raw["programmes"])
    by_number = {doc.number.canonical(): doc for doc in documents}
    return ReferenceBase(documents, programmes, by_number)


def find_by_number(number: DocNumber) -> NationalDocument | None:
    """The national document with this number (issuer suffixes and form ignored)."""
    return reference_base().by_number.get(number.canonical())


def find_by_title(title: str, stated: date | None = None) -> NationalDocument | None:
    """A law cited by name: "Luật Tổ chức chính quyền địa phương" -> 77/2015/QH13.

    Laws are re-enacted under the same name: a stated date on a later day of the year than the known
    law's, in a later year ("Luật Tổ chức chính quyền địa phương ngày 16/6/2025"), is another law. The
    same day and month in another year is taken for a misprinted year of the known law (flagged as a
    date conflict by the caller).
    """
    wanted = fold(title)
    for doc in reference_base().documents:
        if any(fold(alias) == wanted for alias in doc.title_aliases):
            if stated is not None and _other_enactment(doc.date, stated):
                continue
            return doc
    return None


def _other_enactment(known: date, stated: date) -> bool:
    """True when ``stated`` cannot be a misprint of the law dated ``known``."""
    return stated.year != known.year and (stated.month, stated.day) != (known.month, known.day)


def programme(period: str) -> Programme | None:
    """The master programme of "2011-2020" or "2021-2030"."""
    return next((p for p in reference_base().programmes if p.period == period), None)


def law_aliases() -> list[str]:
    """Every title alias, longest first."""
    aliases = [a for doc in reference_base().documents for a in doc.title_aliases]
    return sorted(set(aliases), key=len, reverse=True)
