"""Read one file into a ParsedDocument: format reader -> header, tables, references, targets -> normalised
values (time frames, budgets, agencies). ``ingest.mapping`` then turns it into triples.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from pathlib import Path

from rdflib import Graph, URIRef

from ingest.agencies import parse_agency_cell, parse_roles
from ingest.errors import IngestError
from ingest.header import read_header
from ingest.lineage import check_dates, document_lineage, province_check
from ingest.mapping import Triple, map_triples, partition_triples, triples_graph
from ingest.normalize.budget import parse_budget
from ingest.normalize.dates import find_invalid_dates
from ingest.normalize.timeframe import parse_time_frame
from ingest.readers.source import SourceText, read_source
from ingest.records import Finding, ParsedDocument, SectionRecord, Span, TaskRecord
from ingest.references import body_references, task_references
from ingest.tables import narrative_section_titles, read_tasks
from ingest.targets import read_target_assignments, read_targets
from ontology.errors import CchcError
from ontology.iris import IriMinter


@dataclass
class IngestedDocument:
    """The outcome of reading one file: its records, its triples and where they go.

    ``triples`` describe the document completely (``own`` + ``shared``); a store keeps ``own`` in the
    document's graph and ``shared`` once in the shared graph.

    ``triples`` are distinct; ``graph`` (an rdflib Graph of them) is built on first use only, since
    indexing every triple in rdflib costs as much as parsing the file and the store does not need it.
    """

    parsed: ParsedDocument
    triples: list[Triple]
    primary: URIRef  # the plan
    graph_name: URIRef  # the named graph for this source document
    own: list[Triple]  # what goes into the document graph (see ingest.mapping.partition_triples)
    shared: list[Triple]  # descriptions of shared entities, for the shared graph

    @cached_property
    def graph(self) -> Graph:
        return triples_graph(self.triples)


def file_sha256(path: Path) -> str:
    """SHA-256 of the file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fill_section_titles(src: SourceText, sections: list[SectionRecord], before_line: int) -> None:
    """Sections inferred from a table that lacks their heading take the title of the narrative part."""
    missing = [s for s in sections if not s.title]
    if not missing:
        return
    titles = narrative_section_titles(src, before_line)
    for section in missing:
        section.title = titles.get(section.number, "")


def _normalise_task(
    task: TaskRecord, province: str | None, start: int | None, end: int | None, on: date | None = None
) -> list[Finding]:
    findings: list[Finding] = []
    line = task.span.first
    if task.time_text:
        task.time, problems = parse_time_frame(task.time_text, start, end, line)
        findings += problems
    if task.budget_text or task.note_text:
        task.budget = parse_budget(task.budget_text, task.note_text)
    roles = parse_roles(task.lead_text, province, line)  # "X chủ trì, phối hợp với Y" in the lead cell
    task.leads, task.implementers = roles.leads, roles.implementers
    task.partners, problems = parse_agency_cell(task.partner_text, province, line)
    known = {ref.key for ref in (*task.leads, *task.partners)}
    task.partners += [ref for ref in roles.partners if ref.key not in known]
    findings += roles.findings + problems
    # a body already succeeded on the document's date: flagged; a fuzzy match to it undone
    task.leads, problems = check_dates(task.leads, province, on, line)
    findings += problems
    task.partners, problems = check_dates(task.partners, province, on, line)
    findings += problems
    task.implementers, problems = check_dates(task.implementers, province, on, line)
    return findings + problems


def _invalid_dates(lines: list[str], table_spans: list[Span]) -> list[Finding]:
    """Dates outside the task tables that do not exist ("ngày 31 tháng 02 năm 2021"); table cells get
    their own findings from the time-frame parser."""
    findings = []
    for number, line in enumerate(lines, start=1):
        if any(span.first <= number <= span.last for span in table_spans):
            continue
        for _start, written, why in find_invalid_dates(line):
            message = f"date {written!r} does not exist ({why}); it was not read"
            findings.append(Finding("ambiguous-date", message, number, subject=written))
    return findings


_ATX_HEADING = re.compile(r"^#{1,6}[ \t]+(?=\S)")


def _drop_heading_marks(src: SourceText) -> None:
    """Markdown heading marks ("# KẾ HOẠCH", "### II. NHIỆM VỤ") are markup, like "**": the line's text
    is the heading."""
    if src.source_format == "text":
        src.lines = [_ATX_HEADING.sub("", line) for line in src.lines]


def _on_page(finding: Finding, pages: list[int]) -> Finding:
    """``finding`` with the page of its line (``pages``: the page of each line)."""
    if 1 <= finding.line <= len(pages):
        return replace(finding, page=pages[finding.line - 1])
    return finding


def parse_document(path: Path) -> ParsedDocument:
    """Read ``path`` into typed records (raises IngestError for unreadable or headerless files)."""
    src = read_source(path)
    _drop_heading_marks(src)
    tables = read_tasks(src)
    header = read_header(str(path), src.lines, [t.time_text for t in tables.tasks])
    plan = header.plan
    findings = [*src.findings, *header.findings, *tables.findings]
    first_table_line = min((span.first for span in tables.table_spans), default=len(src.lines) + 1)
    _fill_section_titles(src, tables.sections, first_table_line)

    references, problems = body_references(
        src.lines, tables.table_spans, header.plan_heading_line, header.decision is not None
    )
    findings += problems
    findings += _invalid_dates(src.lines, tables.table_spans)
    issued = plan.date or (header.decision.date if header.decision else None)
    findings += province_check(plan.province, issued, plan.span.first)
    for task in tables.tasks:
        found, problems = task_references(task.code, task.text, task.span)
        references += found
        findings += problems
        findings += _normalise_task(task, plan.province, plan.period_start, plan.period_end, issued)

    assignments = read_target_assignments(src.lines)
    for assignment in assignments:
        assignment.agencies, problems = parse_agency_cell(
            assignment.agency_text, plan.province, assignment.span.first
        )
        findings += problems
    named = [ref for task in tables.tasks for ref in (*task.leads, *task.partners, *task.implementers)] + [
        ref for assignment in assignments for ref in assignment.agencies
    ]
    successions, existences = document_lineage(named, plan.province)
    if not tables.tasks:
        findings.append(
            Finding(
                "no-task-table",
                "no task table found; only the legal bases were read",
                header.plan_heading_line,
            )
        )
    if src.pages:  # a PDF: every finding also tells the page of its line
        findings = [_on_page(finding, src.pages) for finding in findings]
    return ParsedDocument(
        path=str(path),
        sha256=file_sha256(path),
        source_format=src.source_format,
        plan=plan,
        decision=header.decision,
        references=references,
        sections=tables.sections,
        tasks=tables.tasks,
        targets=read_targets(src.lines),
        target_assignments=assignments,
        findings=findings,
        successions=successions,
        existences=existences,
    )


def ingest_file(path: Path, minter: IriMinter) -> IngestedDocument:
    """Parse and map one file; raises IngestError, also when a parser fails unexpectedly."""
    try:
        parsed = parse_document(path)
        triples, primary = map_triples(parsed, minter)
    except CchcError:
        raise
    except Exception as exc:  # a parser bug or an unreadable file must not end a batch with a traceback
        raise _unexpected(path, exc) from exc
    own, shared = partition_triples(triples, primary, minter.source(parsed.sha256))
    return IngestedDocument(parsed, triples, primary, minter.document_graph(primary), own, shared)


def _unexpected(path: Path, exc: Exception) -> IngestError:
    """An OSError or a parser failure as an IngestError naming the file."""
    if isinstance(exc, OSError):
        return IngestError(f"cannot read the file: {exc.strerror or exc}", source=str(path))
    return IngestError(
        f"the document could not be read: {type(exc).__name__}: {exc}",
        source=str(path),
        expected="a document the parsers handle (please report this file as a bug)",
    )
