"""The same plan as .txt, .docx, .doc, text .pdf (ruled tables, and tables without any line: aligned
columns only) and saved web page gives the same graph once provenance is left out: per task its text,
leads, partners, time frame and deliverables, and the plan's legal references (issue 14). Seeds 000
(32 tasks) and 003 (48 tasks) and two corpus documents; the other formats are made at test time by the
builders of test_office, test_pdf and test_webpage."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import pytest
from formats import docx_from_text_plan, require_soffice, soffice_convert
from rdflib import URIRef
from test_office import seed_docx
from test_pdf import make_pdf
from test_webpage import CHROME_AFTER, CHROME_BEFORE, document_html

from ingest.pipeline import ingest_file
from ontology.iris import IriMinter

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "ingest" / "samples"
CORPUS = ROOT.parent / "shared" / "corpus" / "docs"
DOCUMENTS = {
    "000": SAMPLES / "000_8ed5b0c1c9e5996d.txt",
    "003": SAMPLES / "003_8182945d4607df81.txt",
    "dongthap-617": CORPUS / "dongthap-617-kh-ubnd-2025.txt",
    "ttg-2597": CORPUS / "ttg-2597-qd-ttg-2025.txt",
}
SEED_TASKS = {"000": 32, "003": 48}
FORMATS = ("docx", "doc", "pdf", "pdf-unruled", "html")

CCHC = "https://w3id.org/cchc-kg/ontology#"
TIME = "http://www.w3.org/2006/time#"
PROV = "http://www.w3.org/ns/prov#"
# Provenance: where a statement was read, and everything about the source file.
PROVENANCE = {
    URIRef(CCHC + name) for name in ("firstLine", "lastLine", "sha256", "sourceFormat", "sourcePath", "page")
} | {URIRef(PROV + "wasDerivedFrom")}
SOURCE_NODES = "https://w3id.org/cchc-kg/source/"

Triple = tuple[URIRef, URIRef, object]


class TaskView(NamedTuple):
    """What a task must keep whatever the format."""

    text: str
    leads: tuple[str, ...]
    partners: tuple[str, ...]
    time: tuple[str | None, str | None, str | None]  # kind, start, end
    deliverables: tuple[str, ...]


class GraphView(NamedTuple):
    tasks: dict[str, TaskView]
    references: frozenset[tuple[str, str, str]]  # (citing plan or task, relation, cited document)


def fold(text: str) -> str:
    """Text compared without case, Unicode form or spacing differences."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def without_provenance(triples: Iterable[Triple]) -> list[Triple]:
    """The triples minus line numbers, source-file facts and the source node itself."""
    return [
        (s, p, o)
        for s, p, o in triples
        if p not in PROVENANCE and not str(s).startswith(SOURCE_NODES) and not str(o).startswith(SOURCE_NODES)
    ]


def project(triples: Iterable[Triple], plan: URIRef) -> GraphView:
    """The per-task and legal-reference projection of a document graph."""
    by_subject: dict[object, dict[str, list[object]]] = {}
    for s, p, o in triples:
        by_subject.setdefault(s, {}).setdefault(str(p), []).append(o)

    def one(node: object, predicate: str) -> str | None:
        values = by_subject.get(node, {}).get(predicate, [])
        return str(values[0]) if values else None

    def every(node: object, predicate: str) -> tuple[str, ...]:
        return tuple(sorted(str(v) for v in by_subject.get(node, {}).get(predicate, [])))

    tasks: dict[str, TaskView] = {}
    for task in by_subject.get(plan, {}).get(CCHC + "hasTask", []):
        frame = by_subject.get(task, {}).get(CCHC + "timeFrame", [None])[0]
        start, end = one(frame, TIME + "hasBeginning"), one(frame, TIME + "hasEnd")
        code = one(task, CCHC + "code")
        assert code is not None and code not in tasks, f"task {task} has no code or a duplicate code"
        tasks[code] = TaskView(
            text=fold(one(task, CCHC + "text") or ""),
            leads=every(task, CCHC + "leadAgency"),
            partners=every(task, CCHC + "partnerAgency"),
            time=(
                one(frame, CCHC + "timeFrameKind"),
                one(start, TIME + "inXSDDate") if start else None,
                one(end, TIME + "inXSDDate") if end else None,
            ),
            deliverables=tuple(sorted(fold(d) for d in every(task, CCHC + "deliverable"))),
        )
    references = frozenset(
        (
            one(node, CCHC + "citingTask") or one(node, CCHC + "citingDocument") or "",
            one(node, CCHC + "referenceRelation") or "",
            one(node, CCHC + "referencedDocument") or "",
        )
        for node, properties in by_subject.items()
        if CCHC + "citingDocument" in properties or CCHC + "citingTask" in properties
    )
    return GraphView(tasks, references)


def view_of(path: Path) -> GraphView:
    """Ingest ``path`` and project its graph without provenance."""
    document = ingest_file(path, IriMinter())
    return project(without_provenance(document.triples), document.primary)


def build(name: str, fmt: str, folder: Path) -> Path:
    """Document ``name`` as ``fmt``, made by the builders of the format tests (conversions cached)."""
    src = DOCUMENTS[name]
    if fmt == "pdf":
        return make_pdf(src, folder / "pdf")  # landscape, footer, header row repeated (test_pdf)
    if fmt == "pdf-unruled":  # the same without any ruling line: tables from aligned columns only
        return make_pdf(src, folder / "pdf", ruled=False)
    if fmt == "html":  # the document inside a legal database's page (test_webpage)
        page = folder / "html" / f"van-ban-{name}.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(CHROME_BEFORE + document_html(src) + CHROME_AFTER, encoding="utf-8")
        return page
    office = folder / "office"
    office.mkdir(parents=True, exist_ok=True)
    if name in SEED_TASKS:
        word = seed_docx(name, office)  # (test_office)
    else:
        word = office / f"{name}.docx"
        if not word.is_file():
            docx_from_text_plan(src, word)
    return word if fmt == "docx" else soffice_convert(word, fmt, office / "converted")


@pytest.fixture(scope="module")
def views() -> dict[tuple[str, str], GraphView]:
    """A cache of projections by (document, format); each file is built and ingested once per module."""
    return {}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("every-format")


def differences(expected: GraphView, got: GraphView) -> set[str]:
    """Each way ``got`` differs from ``expected``: a task missing or added, a task field, a reference."""
    found = {f"missing task {code}" for code in expected.tasks.keys() - got.tasks.keys()}
    found |= {f"extra task {code}" for code in got.tasks.keys() - expected.tasks.keys()}
    for code in expected.tasks.keys() & got.tasks.keys():
        mine, theirs = expected.tasks[code], got.tasks[code]
        found |= {
            f"task {code} {field}"
            for field in TaskView._fields
            if getattr(mine, field) != getattr(theirs, field)
        }
    found |= {f"missing reference {r}" for r in expected.references - got.references}
    found |= {f"extra reference {r}" for r in got.references - expected.references}
    return found


CASES = [(name, fmt) for name in DOCUMENTS for fmt in FORMATS]


def pair(
    views: dict[tuple[str, str], GraphView], folder: Path, name: str, fmt: str
) -> tuple[GraphView, GraphView]:
    """The projections of document ``name`` as .txt and as ``fmt`` (each ingested once per module)."""
    if not DOCUMENTS[name].is_file():
        pytest.skip(f"corpus document {DOCUMENTS[name]} not present (../shared/corpus is missing)")
    if fmt in ("doc", "pdf", "pdf-unruled"):
        require_soffice()
    for key, path in (
        ((name, "txt"), lambda: DOCUMENTS[name]),
        ((name, fmt), lambda: build(name, fmt, folder)),
    ):
        if key not in views:
            views[key] = view_of(path())
    return views[name, "txt"], views[name, fmt]


@pytest.mark.parametrize(("name", "fmt"), CASES)
def test_the_same_plan_in_every_format(
    views: dict[tuple[str, str], GraphView], folder: Path, name: str, fmt: str
) -> None:
    """The format gives the same projection as the .txt: tasks, agencies, time frames, references."""
    expected, got = pair(views, folder, name, fmt)
    assert expected.tasks and expected.references
    if name in SEED_TASKS:
        assert len(expected.tasks) == SEED_TASKS[name]
    assert differences(expected, got) == set()
