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


def find_by_title(title: str) -> NationalDocument | None:
    """A law cited by name: "Luật Tổ chức chính quyền địa phương" -> 77/2015/QH13."""
    wanted = fold(title)
    for doc in reference_base().documents:
        if any(fold(alias) == wanted for alias in doc.title_aliases):
            return doc
    return None


def programme(period: str) -> Programme | None:
    """The master programme of "2011-2020" or "2021-2030"."""
    return next((p for p in reference_base().programmes if p.period == period), None)


def law_aliases() -> list[str]:
    """Every title alias, longest first."""
    aliases = [a for doc in reference_base().documents for a in doc.title_aliases]
    return sorted(set(aliases), key=len, reverse=True)
