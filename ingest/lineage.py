"""Lineage of the bodies reorganised in 2024-2025: which agency or province carried on whose duties.

The shipped data (``ingest/data/lineage.json`` with the province mergers of ``provinces.json``) holds the
general rules, each with its legal sources and date of effect: a department key merged or split in every
province (Nghị định 45/2025/NĐ-CP), a ministry (Nghị quyết 176/2025/QH15), the district committees'
duties passing to the communes and the province (Luật 72/2025/QH15), a province merged into another
(Nghị quyết 202/2025/QH15) or renamed. A body is a curated agency key in a province (or national), or a
province itself. Events apply in date order: Sở Thông tin và Truyền thông Tiền Giang was split on
1/3/2025 (its digital duties to Sở Khoa học và Công nghệ Tiền Giang), which joined Sở Khoa học và Công
nghệ Đồng Tháp on 1/7/2025.

:func:`document_lineage` gives, for the bodies one document names, every succession reachable from them
(forward to today's bodies, backward to all their predecessors) as typed records; ``ingest.mapping``
turns them into triples. :func:`check_dates` flags a document that names a body already succeeded on its
date, and never lets a fuzzy match read a new name as such an old body.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from ingest.agencies import reference_ref, unknown_agency
from ingest.provinces import all_provinces
from ingest.records import AgencyRef, ExistenceRecord, Finding, LineageBody, SuccessionRecord

DATA_PATH = Path(__file__).parent / "data" / "lineage.json"

Body = tuple[str | None, str | None]
"""(agency key or None for the province itself, province name or None for national)."""


@dataclass(frozen=True)
class _Step:
    """One succession between two bodies, before the bodies are resolved to records."""

    before: Body
    after: Body
    kind: str
    effective: date
    sources: tuple[str, ...]
    duty: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class _Event:
    """A general rule of the data: the body ``source_key`` of every scope ends on ``effective``."""

    scope: str  # province | nation
    source_key: str
    targets: tuple[tuple[str, str | None], ...]  # (successor key, duty or None)
    effective: date
    sources: tuple[str, ...]
    note: str | None


@dataclass(frozen=True)
class _Data:
    events: dict[tuple[str, str], _Event]  # (scope, key) -> event
    established: dict[tuple[str, str], tuple[date, tuple[str, ...]]]
    merged_into: dict[str, str]  # province -> the province it joined
    renamed_to: dict[str, tuple[str, date, tuple[str, ...], str | None]]
    merger_date: date
    merger_sources: tuple[str, ...]
    merger_note: str | None


@lru_cache(maxsize=1)
def _data() -> _Data:
    raw = json.loads(DATA_PATH.read_text(encoding="utf-8"))
    events = {}
    for item in raw["successions"]:
        event = _Event(
            item["scope"],
            item["from"],
            tuple((t["key"], t.get("duty")) for t in item["to"]),
            date.fromisoformat(item["effective"]),
            tuple(item["sources"]),
            item.get("note"),
        )
        events[(event.scope, event.source_key)] = event
    established = {
        (item["scope"], item["key"]): (date.fromisoformat(item["effective"]), tuple(item["sources"]))
        for item in raw.get("established", [])
    }
    renamed_to = {
        item["from"]: (
            item["to"],
            date.fromisoformat(item["effective"]),
            tuple(item["sources"]),
            item.get("note"),
        )
        for item in raw.get("province_renames", [])
    }
    merged_into = {
        p.name: p.merged_into_2025
        for p in all_provinces()
        if p.merged_into_2025 and p.merged_into_2025 != p.name and p.name not in renamed_to
    }
    merger = raw["province_merger"]
    return _Data(
        events,
        established,
        merged_into,
        renamed_to,
        date.fromisoformat(merger["effective"]),
        tuple(merger["sources"]),
        merger.get("note"),
    )


def _scope(province: str | None) -> str:
    return "province" if province else "nation"


def _kind(targets: tuple[tuple[str, str | None], ...]) -> str:
    return "split" if len(targets) > 1 else "merger"


@lru_cache(maxsize=65536)
def _forward(body: Body, after: date) -> tuple[_Step, ...]:
    """The first succession that ended ``body`` after ``after``, as one step per successor."""
    key, province = body
    data = _data()
    candidates: list[list[_Step]] = []
    if province in data.renamed_to:
        new, when, sources, note = data.renamed_to[province]
        candidates.append([_Step(body, (key, new), "renamed", when, sources, None, note)])
    event = data.events.get((_scope(province), key)) if key else None
    target_province = data.merged_into.get(province) if province else None
    if event:
        moved = target_province if target_province and event.effective >= data.merger_date else province
        sources = event.sources + (data.merger_sources if moved != province else ())
        kind = _kind(event.targets)
        candidates.append(
            [
                _Step(body, (k, moved), kind, event.effective, sources, duty, event.note)
                for k, duty in event.targets
            ]
        )
    if (
        target_province
        and (key is None or _curated_provincial(key))
        and not (event and event.effective >= data.merger_date)
    ):
        merger = [
            _Step(
                body,
                (key, target_province),
                "merger",
                data.merger_date,
                data.merger_sources,
                None,
                data.merger_note if key is None else None,  # the note once, on the province's own step
            )
        ]
        candidates.append(merger)
    candidates = [steps for steps in candidates if steps[0].effective > after]
    if not candidates:
        return ()
    return tuple(min(candidates, key=lambda steps: steps[0].effective))


_LEVEL_GROUPS = frozenset({"peoples-committee-district", "peoples-committee-commune"})


def _curated_provincial(key: str) -> bool:
    """A curated provincial body that moves with its province: a single body, or the committees of a level
    (UBND cấp xã); not a collective reference ("các cơ quan có liên quan"), which names no one body."""
    ref = reference_ref(key, None)
    return ref is not None and not ref.national and (not ref.is_group or ref.kind in _LEVEL_GROUPS)


def _backward(body: Body, before: date) -> list[_Step]:
    """Every step that made ``body`` a successor before ``before`` (one level)."""
    key, province = body
    data = _data()
    sources: list[Body] = []
    if province:
        sources += [(key, old) for old, (new, *_rest) in data.renamed_to.items() if new == province]
        merged_from = [old for old, new in data.merged_into.items() if new == province]
        if key is None or _curated_provincial(key):
            sources += [(key, old) for old in merged_from]
        for (scope, source_key), event in data.events.items():
            if scope == "province" and any(k == key for k, _ in event.targets):
                sources += [(source_key, old) for old in [province, *merged_from]]
    elif key:
        for (scope, source_key), event in data.events.items():
            if scope == "nation" and any(k == key for k, _ in event.targets):
                sources.append((source_key, None))
    steps = []
    for source in dict.fromkeys(sources):
        for step in _forward_chain_step(source, before):
            if step.after == body:
                steps.append(step)
    return steps


def _forward_chain_step(body: Body, before: date) -> list[_Step]:
    """The forward steps of ``body`` that happened before ``before`` (checked against the forward rule, so
    backward and forward reading always agree)."""
    return [step for step in _forward(body, date.min) if step.effective < before]


def lineage_steps(body: Body) -> list[_Step]:
    """Every step reachable from ``body``: its successors to today's bodies and all its predecessors."""
    seen: dict[tuple[Body, Body], _Step] = {}
    todo: list[tuple[Body, date]] = [(body, date.min)]
    visited_forward: set[Body] = set()
    while todo:
        current, after = todo.pop()
        if current in visited_forward:
            continue
        visited_forward.add(current)
        for step in _forward(current, after):
            seen.setdefault((step.before, step.after), step)
            todo.append((step.after, step.effective))
    back: list[tuple[Body, date]] = [(body, date.max)]
    visited_back: set[Body] = set()
    while back:
        current, before = back.pop()
        if current in visited_back:
            continue
        visited_back.add(current)
        for step in _backward(current, before):
            seen.setdefault((step.before, step.after), step)
            back.append((step.before, step.effective))
    return sorted(seen.values(), key=lambda s: (s.effective, str(s.before), str(s.after)))


def _lineage_body(body: Body) -> LineageBody | None:
    key, province = body
    if key is None:
        return LineageBody(province)
    ref = reference_ref(key, province)
    if ref is None:
        return None
    return LineageBody(None if ref.national else province, ref)


def _records(steps: list[_Step]) -> tuple[list[SuccessionRecord], list[ExistenceRecord]]:
    data = _data()
    successions: list[SuccessionRecord] = []
    ends: dict[Body, tuple[date, tuple[str, ...]]] = {}
    bodies: dict[Body, LineageBody] = {}
    for step in steps:
        before, after = _lineage_body(step.before), _lineage_body(step.after)
        if before is None or after is None:
            continue
        bodies[step.before], bodies[step.after] = before, after
        successions.append(
            SuccessionRecord(before, after, step.kind, step.effective, step.sources, step.duty, step.note)
        )
        ends.setdefault(step.before, (step.effective, step.sources))
    existences = []
    for body, record in bodies.items():
        key, province = body
        start = data.established.get((_scope(province), key)) if key else None
        end = ends.get(body)
        if start or end:
            sources = (start[1] if start else ()) + (end[1] if end else ())
            existences.append(
                ExistenceRecord(
                    record,
                    start[0] if start else None,
                    end[0] if end else None,
                    tuple(dict.fromkeys(sources)),
                )
            )
    return successions, existences


def document_lineage(
    agencies: list[AgencyRef], province: str | None
) -> tuple[list[SuccessionRecord], list[ExistenceRecord]]:
    """The lineage records of the bodies a document names (its agencies and its province), each step once."""
    bodies: list[Body] = []
    if province:
        bodies.append((None, province))
    for ref in agencies:
        if ref.match in {"alias", "fuzzy", "lineage"}:
            bodies.append((ref.key, None if ref.national else province))
    steps: dict[tuple[Body, Body], _Step] = {}
    for body in dict.fromkeys(bodies):
        for step in _cached_steps(body):
            steps.setdefault((step.before, step.after), step)
    return _records(sorted(steps.values(), key=lambda s: (s.effective, str(s.before), str(s.after))))


@lru_cache(maxsize=4096)
def _cached_steps(body: Body) -> tuple[_Step, ...]:
    return tuple(lineage_steps(body))


def successors(key: str | None, province: str | None) -> list[tuple[str | None, str | None, str, date]]:
    """The bodies that directly took over ``key`` of ``province`` (key None: the province itself):
    (key, province, kind, date of effect); empty for a body that carries on."""
    return [(s.after[0], s.after[1], s.kind, s.effective) for s in _forward((key, province), date.min)]


def ended(key: str | None, province: str | None) -> date | None:
    """The date a body was succeeded on, or None when it carries on."""
    steps = _forward((key, province), date.min)
    return steps[0].effective if steps else None


def check_dates(
    refs: list[AgencyRef], province: str | None, on: date | None, line: int
) -> tuple[list[AgencyRef], list[Finding]]:
    """Refs of a document dated ``on``, with bodies already succeeded by then flagged ("agency-ended"):
    a name matched exactly is kept as written (the text says it), a fuzzy match is undone (the name is
    kept as a new agency) so that a new body's name is never read as an old one's."""
    if on is None:
        return refs, []
    out: list[AgencyRef] = []
    findings: list[Finding] = []
    for ref in refs:
        scope = None if ref.national else province
        when = ended(ref.key, scope) if ref.match in {"alias", "fuzzy"} else None
        if when is None or when > on:
            out.append(ref)
            continue
        names = ", ".join(
            (reference_ref(k, p) or ref).name if k else str(p)
            for k, p, _kind, _when in successors(ref.key, scope)
        )
        if ref.match == "fuzzy":
            new = unknown_agency(ref)
            out.append(new)
            message = (
                f"agency {ref.as_written!r} is close to {ref.name!r}, which was succeeded on "
                f"{when.isoformat()} (by {names}), before this document's date {on.isoformat()}: kept as a "
                f"new agency {new.key!r}"
            )
        else:
            out.append(ref)
            message = (
                f"{ref.name!r} was succeeded on {when.isoformat()} (by {names}), before this document's date "
                f"{on.isoformat()}; kept as written"
            )
        findings.append(Finding("agency-ended", message, line, subject=ref.as_written))
    return out, findings


def province_check(province: str | None, on: date | None, line: int) -> list[Finding]:
    """A finding when a document dated ``on`` is scoped to a province that no longer existed then."""
    if not province or on is None:
        return []
    when = ended(None, province)
    if when is None or when > on:
        return []
    names = ", ".join(str(p) for _k, p, _kind, _when in successors(None, province))
    message = (
        f"province {province!r} was succeeded on {when.isoformat()} (by {names}), before this document's "
        f"date {on.isoformat()}"
    )
    return [Finding("agency-ended", message, line, subject=province)]
