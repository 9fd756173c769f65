"""The one mapping step: a ParsedDocument (typed records) becomes the triples of its named graph."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from rdflib import Graph, Literal, URIRef

from ingest.agencies import parse_agency_cell
from ingest.areas import match_area
from ingest.identity import DocumentRegistry, ResolvedDocument, identify_number
from ingest.normalize.docnumber import parse_number
from ingest.normalize.text import fold
from ingest.records import (
    AgencyRef,
    DocumentHeader,
    Finding,
    LegalReferenceRecord,
    LineageBody,
    ParsedDocument,
    Span,
    TaskRecord,
)
from ingest.reference_base import NationalDocument, find_by_number
from ingest.reference_base import programme as find_programme
from ingest.terms import (  # the namespaces, each term looked up once
    CCHC,
    DCTERMS,
    DTYPE,
    ELI,
    FLAG,
    FUND,
    KIND,
    PROV,
    RDF,
    RDFS,
    REL,
    ROLE,
    SKIND,
    SKOS,
    TFK,
    TIME,
    UNIT,
    XSD,
)
from ontology.iris import IriMinter
from ontology.prefixes import bind_prefixes

TYPE_CLASS = {
    "NQ": CCHC.Resolution,
    "NĐ": CCHC.Decree,
    "QĐ": CCHC.Decision,
    "CT": CCHC.Directive,
    "KH": CCHC.Plan,
    "TB": CCHC.Notice,
    "KL": CCHC.Conclusion,
    "TTr": CCHC.Submission,
    "CV": CCHC.OfficialLetter,
    "L": CCHC.Law,
}
TYPE_CONCEPT = {
    "NQ": DTYPE.NQ,
    "NĐ": DTYPE.ND,
    "QĐ": DTYPE.QD,
    "CT": DTYPE.CT,
    "KH": DTYPE.KH,
    "TB": DTYPE.TB,
    "KL": DTYPE.KL,
    "TTr": DTYPE.TTr,
    "CV": DTYPE.CV,
    "L": DTYPE.LUAT,
    "TT": DTYPE.TT,
    "TTri": DTYPE.TTri,
}
_RELATION = {
    "based_on": REL["based-on"],
    "cites": REL.cites,
    "replaces": REL.replaces,
    "amends": REL.amends,
    "implements": REL.implements,
    "issues": REL.issues,
    "drafts": REL.drafts,
}
_FUNDING = {
    "NS tỉnh": FUND["provincial-budget"],
    "NS huyện": FUND["district-budget"],
    "NS nhà nước": FUND["state-budget"],
    "Kinh phí tự chủ": FUND["own-budget"],
    "Theo kế hoạch": FUND["per-plan"],
    "Kinh phí kiểm tra": FUND["inspection-budget"],
}
_LABEL_LENGTH = 160

Triple = tuple[URIRef, URIRef, object]


@lru_cache(maxsize=4096, typed=True)  # Literals are immutable: one per value is enough
def _date(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


@lru_cache(maxsize=4096, typed=True)
def _int(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def _label(text: str) -> str:
    return text if len(text) <= _LABEL_LENGTH else text[: _LABEL_LENGTH - 1].rstrip() + "…"


class DocumentMapper:
    """Maps one parsed document to triples. Use :func:`map_triples`."""

    def __init__(self, parsed: ParsedDocument, minter: IriMinter) -> None:
        self.doc = parsed
        self.minter = minter
        # a dict as an insertion-ordered set: far cheaper than rdflib's Graph.add, which indexes each triple
        self.triples: dict[tuple[URIRef, URIRef, object], None] = {}
        self.province = parsed.plan.province
        self.source = minter.source(parsed.sha256)
        self.registry = DocumentRegistry(self.province)
        self.flag_counts: dict[str, int] = {}
        self.task_iris: dict[str, URIRef] = {}
        # nodes already described: describing them again would only re-add the same triples
        self.places: dict[str | None, URIRef] = {}
        self.agencies: dict[tuple, URIRef] = {}

    # -- helpers -----------------------------------------------------------------------------------
    def add(self, s: URIRef, p: URIRef, o) -> None:
        self.triples[(s, p, o)] = None

    def provenance(self, subject: URIRef, span: Span) -> None:
        self.add(subject, PROV.wasDerivedFrom, self.source)
        self.add(subject, CCHC.firstLine, _int(span.first))
        self.add(subject, CCHC.lastLine, _int(span.last))

    def jurisdiction(self, province: str | None) -> URIRef:
        if province in self.places:
            return self.places[province]
        self.places[province] = node = self._jurisdiction(province)
        return node

    def _jurisdiction(self, province: str | None) -> URIRef:
        if province is None:
            node = self.minter.nation()
            self.add(node, RDF.type, CCHC.Nation)
            self.add(node, RDFS.label, Literal("Việt Nam", lang="vi"))
            return node
        node = self.minter.province(province)
        self.add(node, RDF.type, CCHC.Province)
        self.add(node, RDFS.label, Literal(province, lang="vi"))
        self.add(node, SKOS.prefLabel, Literal(province, lang="vi"))
        return node

    def flag(self, subject: URIRef, finding: Finding) -> None:
        count = self.flag_counts.get(finding.kind, 0) + 1
        self.flag_counts[finding.kind] = count
        node = self.minter.flag(self.source, finding.kind, count)
        self.add(subject, CCHC.flag, node)
        self.add(node, RDF.type, CCHC.QualityFlag)
        self.add(node, CCHC.flagKind, _term(FLAG, finding.kind, FLAG.other))
        self.add(node, CCHC.message, Literal(finding.message))
        if finding.line:
            self.add(node, CCHC.firstLine, _int(finding.line))
        self.add(node, PROV.wasDerivedFrom, self.source)

    # -- agencies ----------------------------------------------------------------------------------
    def agency(self, ref: AgencyRef, province: str | None = None, *, scoped: bool = False) -> URIRef:
        """The node of ``ref``, a body of the document's province (or of ``province`` when ``scoped``)."""
        if not scoped:
            province = self.province
        province = None if ref.national else province
        seen = (ref.key, province, ref.is_group, ref.name, ref.as_written, ref.kind)
        if seen in self.agencies:
            return self.agencies[seen]
        self.agencies[seen] = node = self._agency(ref, province)
        return node

    def _agency(self, ref: AgencyRef, province: str | None) -> URIRef:
        node = self.minter.agency(ref.key, province, is_group=ref.is_group)
        self.add(node, RDF.type, CCHC.AgencyGroup if ref.is_group else CCHC.Agency)
        name = ref.name
        self.add(node, SKOS.prefLabel, Literal(name, lang="vi"))
        self.add(node, RDFS.label, Literal(name, lang="vi"))
        if ref.as_written and ref.as_written != name:
            self.add(node, SKOS.altLabel, Literal(ref.as_written, lang="vi"))
        self.add(node, CCHC.normalizedName, Literal(fold(name)))
        self.add(node, CCHC.agencyKind, _term(KIND, ref.kind, KIND.other))
        self.add(node, ELI.jurisdiction, self.jurisdiction(province))
        return node

    def issuing_committee(self, province: str | None) -> URIRef | None:
        if province is None:
            return None
        node = self.minter.agency("ubnd-tinh", province, is_group=False)
        self.add(node, RDF.type, CCHC.Agency)
        name = "Ủy ban nhân dân tỉnh"
        self.add(node, SKOS.prefLabel, Literal(name, lang="vi"))
        self.add(node, RDFS.label, Literal(name, lang="vi"))
        self.add(node, CCHC.normalizedName, Literal(fold(name)))
        self.add(node, CCHC.agencyKind, KIND["peoples-committee-province"])
        self.add(node, ELI.jurisdiction, self.jurisdiction(province))
        return node

    # -- documents ---------------------------------------------------------------------------------
    def document_iri(self, resolved: ResolvedDocument) -> URIRef:
        identity = resolved.identity
        return self.minter.document(
            type_code=identity.type_code,
            issuer=identity.issuer,
            serial=identity.serial,
            year=identity.year,
            province=identity.province,
        )

    def describe_document(self, node: URIRef, resolved: ResolvedDocument, *, cited: bool = False) -> None:
        identity = resolved.identity
        kind = TYPE_CLASS.get(identity.type_code, CCHC.LegalDocument)
        if cited and kind == CCHC.Plan:  # a cchc:Plan is an ingested plan (tasks, issuer, source)
            kind = CCHC.LegalDocument  # a plan only cited is a legal document of type KH
        self.add(node, RDF.type, kind)
        self.add(node, ELI.type_document, TYPE_CONCEPT.get(identity.type_code, DTYPE.CV))
        number = resolved.number.canonical() if resolved.number else None
        if number:
            self.add(node, ELI.number, Literal(number))
            self.add(node, CCHC.issuerCode, Literal(resolved.number.issuer))
        label = number or resolved.title or identity.serial
        self.add(node, RDFS.label, Literal(label))
        title = resolved.national.title if resolved.national else resolved.title
        if title:
            self.add(node, DCTERMS.title, Literal(title, lang="vi"))
        if identity.year:
            self.add(node, CCHC.year, _int(identity.year))
        self.add(node, ELI.jurisdiction, self.jurisdiction(identity.province))
        distinct = {value for value, _, _ in resolved.stated_dates}
        if resolved.authoritative_date:
            self.add(node, ELI.date_document, _date(resolved.authoritative_date))
        elif len(distinct) == 1:
            self.add(node, ELI.date_document, _date(next(iter(distinct))))

    def own_document(
        self, header: DocumentHeader, resolved: ResolvedDocument | None, fallback: URIRef | None
    ) -> URIRef:
        node = self.document_iri(resolved) if resolved else fallback
        assert node is not None
        if resolved:
            self.describe_document(node, resolved)
        else:
            self.add(node, RDF.type, TYPE_CLASS[header.doc_type])
            self.add(node, ELI.type_document, TYPE_CONCEPT[header.doc_type])
            self.add(node, ELI.jurisdiction, self.jurisdiction(header.province))
            if header.date:
                self.add(node, ELI.date_document, _date(header.date))
                self.add(node, CCHC.year, _int(header.date.year))
        if header.title:
            self.add(node, DCTERMS.title, Literal(header.title, lang="vi"))
        committee = self.issuer_agency(header) or self.issuing_committee(header.province)
        if committee:
            self.add(node, ELI.passed_by, committee)
        self.provenance(node, header.span)
        return node

    def issuer_agency(self, header: DocumentHeader) -> URIRef | None:
        """The body that issued the document when it is not the provincial people's committee: a
        ministry, the Government or Prime Minister, or a provincial department (by its name)."""
        if not header.issuer_name or fold(header.issuer_name).startswith("uy ban nhan dan"):
            return None
        refs, _ = parse_agency_cell(header.issuer_name, header.province, header.span.first)
        return self.agency(refs[0]) if refs else None  # a name holding a comma may split: its head

    def plan(self, plan_node: URIRef) -> None:
        header = self.doc.plan
        start, end = header.period_start, header.period_end
        if start and end:
            self.add(plan_node, RDF.type, CCHC.AnnualPlan if start == end else CCHC.MultiYearPlan)
            self.add(plan_node, CCHC.periodStart, _date(date(start, 1, 1)))
            self.add(plan_node, CCHC.periodEnd, _date(date(end, 12, 31)))
            self.add(plan_node, CCHC.periodLabel, Literal(str(start) if start == end else f"{start}-{end}"))
        if header.number is None and self.doc.decision and self.doc.decision.number:
            label = f"Kế hoạch ban hành kèm theo {self.doc.decision.number.canonical()}"
            self.add(plan_node, RDFS.label, Literal(label, lang="vi"))

    # -- tasks -------------------------------------------------------------------------------------
    def sections(self, plan_node: URIRef) -> dict[str, URIRef | None]:
        areas: dict[str, URIRef | None] = {}
        for section in self.doc.sections:
            node = self.minter.section(plan_node, section.number)
            self.add(plan_node, CCHC.hasSection, node)
            self.add(node, RDF.type, CCHC.PlanSection)
            self.add(node, CCHC.code, Literal(section.number))
            if section.title:
                self.add(node, DCTERMS.title, Literal(section.title, lang="vi"))
                self.add(node, RDFS.label, Literal(f"{section.number}. {section.title}", lang="vi"))
            area = match_area(section.title) if section.title else None
            if area:
                self.add(node, CCHC.reformArea, area)
            areas[section.number] = area
            self.provenance(node, section.span)
        return areas

    def task(self, plan_node: URIRef, task: TaskRecord, areas: dict[str, URIRef | None]) -> URIRef:
        node = self.minter.task(plan_node, task.code)
        self.task_iris[task.code] = node
        self.add(plan_node, CCHC.hasTask, node)
        self.add(node, RDF.type, CCHC.Task)
        self.add(node, CCHC.code, Literal(task.code))
        self.add(node, CCHC.text, Literal(task.text))
        self.add(node, RDFS.label, Literal(_label(task.text), lang="vi"))
        if task.section:
            self.add(node, CCHC.inSection, self.minter.section(plan_node, task.section))
        if task.parent_code:
            self.add(node, CCHC.parentTask, self.minter.task(plan_node, task.parent_code))
        area = areas.get(task.section) or match_area(task.text)
        if area:
            self.add(node, CCHC.reformArea, area)
        for deliverable in task.deliverables:
            self.add(node, CCHC.deliverable, Literal(deliverable))
        if task.note_text:
            self.add(node, CCHC.note, Literal(task.note_text))
        self.assignments(node, task)
        self.time_frame(node, task)
        self.budget(node, task)
        self.provenance(node, task.span)
        return node

    def assignments(self, node: URIRef, task: TaskRecord) -> None:
        for role, shortcut, refs in (
            ("lead", CCHC.leadAgency, task.leads),
            ("partner", CCHC.partnerAgency, task.partners),
        ):
            for ref in refs:
                party = self.agency(ref)
                self.add(node, shortcut, party)
                assignment = self.minter.assignment(node, role, ref.key)
                self.add(node, CCHC.assignment, assignment)
                self.add(assignment, RDF.type, CCHC.TaskAssignment)
                self.add(assignment, CCHC.assignedParty, party)
                self.add(assignment, CCHC.role, ROLE[role])
                self.add(assignment, CCHC.asWritten, Literal(ref.as_written))
                self.provenance(assignment, task.span)

    def time_frame(self, node: URIRef, task: TaskRecord) -> None:
        value = task.time
        if value is None or not value.text:
            return
        frame = self.minter.time_frame(node)
        self.add(node, CCHC.timeFrame, frame)
        self.add(frame, RDF.type, CCHC.TimeFrame)
        self.add(frame, CCHC.asWritten, Literal(value.text))
        self.add(frame, CCHC.timeFrameKind, _term(TFK, value.kind, TFK.unspecified))
        if value.recurrence:
            self.add(frame, CCHC.recurrence, Literal(value.recurrence))
        for which, day, predicate in (
            ("start", value.start, TIME.hasBeginning),
            ("end", value.end, TIME.hasEnd),
        ):
            if day:
                instant = self.minter.instant(node, which)
                self.add(frame, predicate, instant)
                self.add(instant, RDF.type, TIME.Instant)
                self.add(instant, TIME.inXSDDate, _date(day))
        for index, day in enumerate(value.milestones, start=1):
            instant = self.minter.instant(node, f"m{index}")
            self.add(frame, CCHC.milestone, instant)
            self.add(instant, RDF.type, TIME.Instant)
            self.add(instant, TIME.inXSDDate, _date(day))

    def budget(self, node: URIRef, task: TaskRecord) -> None:
        value = task.budget
        if value is None or not (value.text or value.funding):
            return
        budget = self.minter.budget(node)
        self.add(node, CCHC.budget, budget)
        self.add(budget, RDF.type, CCHC.Budget)
        self.add(
            budget, CCHC.asWritten, Literal(" | ".join(t for t in (task.budget_text, task.note_text) if t))
        )
        if value.amount_vnd is not None:
            self.add(budget, CCHC.amountVND, _int(value.amount_vnd))
            self.add(budget, CCHC.budgetUnit, _term(UNIT, value.unit, UNIT["per-unit"]))
        for source in value.funding:
            if source in _FUNDING:
                self.add(budget, CCHC.fundingSource, _FUNDING[source])

    # -- references --------------------------------------------------------------------------------
    def reference(
        self, ref: LegalReferenceRecord, index: int, plan_node: URIRef, decision_node: URIRef | None
    ) -> None:
        citing = decision_node if ref.subject == "decision" and decision_node else plan_node
        if ref.programme_period:
            target = self.programme(ref.programme_period)
            if target is None:
                return
            if ref.relation in ("implements", "based_on"):
                # "Căn cứ / Thực hiện Chương trình tổng thể ...": the programme is its resolution's content
                self.add(citing, CCHC.implementsProgramme, target)
            if ref.relation == "based_on":
                resolution = self.programme_resolution(ref.programme_period)
                if resolution is not None:
                    self.add(citing, ELI.based_on, resolution)
        else:
            resolved = self.registry.resolved_for(ref)
            if resolved is None:
                return
            target = self.document_iri(resolved)
            if target in (plan_node, decision_node):
                return
            self.describe_document(target, resolved, cited=True)
            self.direct_edges(citing, target, ref)
        node = self.minter.reference(citing, ref.span.first, index)
        self.add(node, RDF.type, CCHC.LegalReference)
        self.add(node, CCHC.citingDocument, citing)
        if ref.task_code and ref.task_code in self.task_iris:
            self.add(node, CCHC.citingTask, self.task_iris[ref.task_code])
        self.add(node, CCHC.referencedDocument, target)
        self.add(node, CCHC.referenceRelation, _RELATION[ref.relation])
        self.add(node, CCHC.asWritten, Literal(ref.as_written))
        if ref.date_as_written:
            self.add(node, CCHC.dateAsWritten, Literal(ref.date_as_written))
        if ref.date:
            self.add(node, CCHC.statedDate, _date(ref.date))
        self.provenance(node, ref.span)

    def direct_edges(self, citing: URIRef, target: URIRef, ref: LegalReferenceRecord) -> None:
        if ref.relation == "based_on":
            self.add(citing, ELI.based_on, target)
        elif ref.relation == "implements":
            self.add(citing, ELI.based_on, target)
            self.add(citing, ELI.ensures_implementation_of, target)
        elif ref.relation == "replaces":
            self.add(citing, CCHC.replaces, target)
        else:
            self.add(citing, ELI.cites, target)
        if ref.amended is not None:
            amended = self.registry.resolved_for(ref.amended)
            if amended is not None:
                self.add(target, ELI.amends, self.document_iri(amended))

    def programme_resolution(self, period: str) -> URIRef | None:
        """The resolution establishing the programme of ``period`` (30c/NQ-CP, 76/NQ-CP)."""
        known = find_programme(period)
        national = find_by_number(parse_number(known.established_by)) if known else None
        if national is None:
            return None
        identity, _ = identify_number(national.number, national.doc_type, national.date, None)
        return self.minter.document(
            type_code=identity.type_code,
            issuer=identity.issuer,
            serial=identity.serial,
            year=identity.year,
            province=None,
        )

    def programme(self, period: str) -> URIRef | None:
        known = find_programme(period)
        if known is None:
            return None
        node = self.minter.programme(period)
        self.add(node, RDF.type, CCHC.MasterProgramme)
        self.add(node, RDFS.label, Literal(known.label_vi, lang="vi"))
        self.add(node, RDFS.label, Literal(known.label_en, lang="en"))
        return node

    # -- whole document ----------------------------------------------------------------------------
    def run(self) -> dict[tuple[URIRef, URIRef, object], None]:
        doc = self.doc
        self.add(self.source, RDF.type, CCHC.SourceDocument)
        self.add(self.source, CCHC.sha256, Literal(doc.sha256))
        self.add(self.source, CCHC.sourceFormat, Literal(doc.source_format))
        self.add(self.source, RDFS.label, Literal(doc.path.rsplit("/", 1)[-1]))

        decision_resolved = self.registry.add_own(doc.decision) if doc.decision else None
        plan_resolved = self.registry.add_own(doc.plan)
        for ref in doc.references:
            self.registry.add_mention(ref)
            if ref.amended is not None:
                self.registry.add_mention(ref.amended)

        decision_node = None
        if doc.decision:
            fallback = self.minter.unnumbered_document(doc.sha256, "decision")
            decision_node = self.own_document(doc.decision, decision_resolved, fallback)
        if plan_resolved is None and decision_node is not None:
            plan_fallback = self.minter.issued_plan(decision_node)
        else:
            plan_fallback = self.minter.unnumbered_document(doc.sha256, "plan")
        plan_node = self.own_document(doc.plan, plan_resolved, plan_fallback)
        self.plan(plan_node)
        if decision_node is not None:
            self.add(decision_node, CCHC.issues, plan_node)

        areas = self.sections(plan_node)
        for task in doc.tasks:
            self.task(plan_node, task, areas)
        for task in doc.tasks:
            if task.parent_code and task.parent_code not in self.task_iris:
                self.flag(
                    self.task_iris[task.code],
                    Finding("other", f"parent task {task.parent_code} not found", task.span.first),
                )
        self.targets(plan_node)
        self.lineage()
        for index, ref in enumerate(doc.references, start=1):
            self.reference(ref, index, plan_node, decision_node)
        for resolved, finding in self.registry.date_conflicts():
            self.flag(self.document_iri(resolved), finding)
        for finding in doc.findings:
            self.flag(self.subject_of(finding, plan_node), finding)
        return self.triples

    def targets(self, plan_node: URIRef) -> None:
        nodes = {}
        for target in self.doc.targets:
            node = self.minter.target(plan_node, target.code)
            nodes[target.code] = node
            self.add(plan_node, CCHC.hasTarget, node)
            self.add(node, RDF.type, CCHC.Target)
            self.add(node, CCHC.code, Literal(target.code))
            self.add(node, CCHC.text, Literal(target.text))
            self.add(node, RDFS.label, Literal(_label(target.text), lang="vi"))
            self.provenance(node, target.span)
        for assignment in self.doc.target_assignments:
            for ref in assignment.agencies:
                party = self.agency(ref)
                for code in assignment.target_codes:
                    if code in nodes:
                        self.add(party, CCHC.responsibleFor, nodes[code])

    # -- lineage (the 2024-2025 reorganisation) ------------------------------------------------------
    def lineage_node(self, body: LineageBody) -> URIRef:
        if body.agency is None:
            return self.jurisdiction(body.province)
        if body.agency.key == "ubnd-tinh" and body.province:  # named as the issuer line names it
            return self.issuing_committee(body.province)
        return self.agency(body.agency, body.province, scoped=True)

    def legal_source(self, number: str) -> URIRef:
        """The reference base's document ``number`` (a source of the lineage data), described."""
        node, triples = _national_source(self.minter.base, number)
        self.jurisdiction(None)
        for triple in triples:
            self.add(*triple)
        return node

    def lineage(self) -> None:
        """Successions (with date, kind, duty area and deciding acts) and known bounds of existence."""
        for step in self.doc.successions:
            before, after = self.lineage_node(step.predecessor), self.lineage_node(step.successor)
            node = self.minter.succession(before, after)
            self.add(before, CCHC.succeededBy, after)
            if step.kind == "merger":
                self.add(before, CCHC.mergedInto, after)
            self.add(node, RDF.type, CCHC.Succession)
            self.add(node, CCHC.predecessor, before)
            self.add(node, CCHC.successor, after)
            self.add(node, CCHC.successionKind, SKIND[step.kind])
            self.add(node, CCHC.effectiveDate, _date(step.effective))
            if step.duty:
                self.add(node, CCHC.dutyArea, Literal(step.duty, lang="vi"))
            if step.note:
                self.add(node, RDFS.comment, Literal(step.note, lang="vi"))
            for number in step.sources:
                self.add(node, CCHC.decidedBy, self.legal_source(number))
        for existence in self.doc.existences:
            body = self.lineage_node(existence.body)
            period = self.minter.existence(body)
            self.add(body, CCHC.existence, period)
            self.add(period, RDF.type, TIME.ProperInterval)
            for which, day, predicate in (
                ("start", existence.start, TIME.hasBeginning),
                ("end", existence.end, TIME.hasEnd),
            ):
                if day:
                    instant = URIRef(f"{period}/{which}")
                    self.add(period, predicate, instant)
                    self.add(instant, RDF.type, TIME.Instant)
                    self.add(instant, TIME.inXSDDate, _date(day))

    def subject_of(self, finding: Finding, plan_node: URIRef) -> URIRef:
        for task in self.doc.tasks:
            if task.span.first <= finding.line <= task.span.last:
                return self.task_iris[task.code]
        return plan_node


def _term(namespace: type, name: str, default: URIRef) -> URIRef:
    """The concept ``name`` of a generated namespace, or ``default`` when the ontology has no such term."""
    try:
        return namespace[name]
    except (AttributeError, KeyError):
        return default


@lru_cache(maxsize=256)
def _national_source(base: str, number: str) -> tuple[URIRef, tuple[Triple, ...]]:
    """The IRI and description of the reference base's document ``number`` under ``base`` (made once: every
    document naming a reorganised body cites the same few acts)."""
    parsed = parse_number(number)
    doc = find_by_number(parsed) if parsed else None
    if doc is None:
        raise ValueError(f"lineage source {number!r} is not in the reference base")
    minter = IriMinter(base)
    node = national_document_iri(minter, doc)
    return node, tuple(national_document_triples(node, doc, minter.nation()))


def national_document_iri(minter: IriMinter, doc: NationalDocument) -> URIRef:
    """The ELI IRI of a document of the reference base."""
    identity, _ = identify_number(doc.number, doc.doc_type, doc.date, None)
    return minter.document(
        type_code=identity.type_code,
        issuer=identity.issuer,
        serial=identity.serial,
        year=identity.year,
        province=None,
    )


def national_document_triples(node: URIRef, doc: NationalDocument, nation: URIRef) -> list[Triple]:
    """The description of a reference-base document: type, number, title, date, year, issuer code."""
    return [
        (node, RDF.type, TYPE_CLASS[doc.doc_type]),
        (node, ELI.type_document, TYPE_CONCEPT[doc.doc_type]),
        (node, ELI.number, Literal(doc.number.canonical())),
        (node, RDFS.label, Literal(doc.number.canonical())),
        (node, DCTERMS.title, Literal(doc.title, lang="vi")),
        (node, ELI.date_document, _date(doc.date)),
        (node, CCHC.year, Literal(doc.date.year, datatype=XSD.integer)),
        (node, CCHC.issuerCode, Literal(doc.number.issuer)),
        (node, ELI.jurisdiction, nation),
    ]


def map_triples(parsed: ParsedDocument, minter: IriMinter) -> tuple[list[Triple], URIRef]:
    """The distinct triples of one parsed document (no rdflib Graph built), and its primary document."""
    triples = list(DocumentMapper(parsed, minter).run())
    return triples, primary_of(triples)


def partition_triples(
    triples: Iterable[Triple], primary: URIRef, source: URIRef
) -> tuple[list[Triple], list[Triple]]:
    """Split a document's triples into its own and the descriptions of entities other documents share.

    A document *owns* its plan (``primary``), the decision that issues it, its source file, and every
    IRI under them (tasks, sections, assignments, references, flags, targets). A triple is *shared*
    when neither its subject nor its object is owned: the label, type, kind or jurisdiction of an
    agency, a group, a place, a programme or a cited document. Stored once in the shared graph, such a
    description is not repeated in every document graph that mentions the entity, so a query over the
    union of graphs meets it once. Edges from or to owned nodes (``task leadAgency agency``, ``76/NQ-CP
    implementedBy plan``) stay in the document graph, with their provenance.
    """
    triples = list(triples)
    owned = {str(primary), str(source)}
    issues = CCHC.issues  # rdflib's == is Python code: test the type and text in C first
    owned |= {
        str(s) for s, p, o in triples if type(p) is type(issues) and str.__eq__(p, issues) and o == primary
    }
    prefixes = tuple(f"{iri}/" for iri in owned)

    def is_owned(term: object) -> bool:
        return isinstance(term, URIRef) and (str(term) in owned or str(term).startswith(prefixes))

    own: list[Triple] = []
    shared: list[Triple] = []
    subject, subject_owned = None, False  # a subject's triples come together: test it once per run
    for triple in triples:
        if triple[0] is not subject:
            subject = triple[0]
            subject_owned = is_owned(subject)
        (own if subject_owned or is_owned(triple[2]) else shared).append(triple)
    return own, shared


def triples_graph(triples: Iterable[Triple]) -> Graph:
    """An rdflib Graph (with the project's prefixes) holding ``triples``."""
    graph = bind_prefixes(Graph())
    for triple in triples:
        graph.add(triple)
    return graph


def primary_of(triples: Iterable[Triple]) -> URIRef:
    """The plan: the subject of cchc:hasTask, else the annual or multi-year plan, else the source document."""
    typed: dict[URIRef, URIRef] = {}
    for s, p, o in triples:
        if p == CCHC.hasTask:
            return s
        if p == RDF.type and o in _PRIMARY_TYPES and o not in typed:
            typed[o] = s
    return next(typed[kind] for kind in _PRIMARY_TYPES if kind in typed)


_PRIMARY_TYPES = (CCHC.AnnualPlan, CCHC.MultiYearPlan, CCHC.SourceDocument)
