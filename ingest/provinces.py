"""Province names: recognising them in text (any case, with or without diacritics) and the 2025 merges."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ingest.normalize.text import fold

DATA = Path(__file__).resolve().parent / "data" / "provinces.json"


@dataclass(frozen=True)
class Province:
    name: str
    merged_into_2025: str | None
    city: bool = False  # a centrally-run city: its bodies say "Thành phố" where a province's say "tỉnh"


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, Province], re.Pattern[str]]:
    raw = json.loads(DATA.read_text(encoding="utf-8"))["provinces"]
    by_folded: dict[str, Province] = {}
    for entry in raw:
        province = Province(entry["name"], entry.get("merged_into_2025"), bool(entry.get("city")))
        for spelling in [entry["name"], *entry.get("aliases", [])]:
            by_folded[fold(spelling)] = province
    names = sorted(by_folded, key=len, reverse=True)
    pattern = re.compile(r"(?<![a-z])(" + "|".join(re.escape(n) for n in names) + r")(?![a-z])")
    return by_folded, pattern


def all_provinces() -> list[Province]:
    """Every province of the table, each once (as in ``provinces.json``)."""
    return list(dict.fromkeys(_table()[0].values()))


def lookup(name: str) -> Province | None:
    """The province called ``name`` (any case, diacritics optional), or None."""
    return _table()[0].get(fold(name))


def find_province(text: str) -> Province | None:
    """The first province named in ``text`` (e.g. "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN")."""
    by_folded, pattern = _table()
    match = pattern.search(fold(text))
    return by_folded[match.group(1)] if match else None


def is_city(name: str | None) -> bool:
    """True when ``name`` is a centrally-run city (Hà Nội, Hồ Chí Minh, Huế...)."""
    province = lookup(name) if name else None
    return bool(province and province.city)
