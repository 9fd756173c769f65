"""The Python API: ingest documents into a store, the same as ``cchc-kg ingest`` does."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import PROV, XSD

from ingest.collision import holder, set_apart
from ingest.errors import IngestError
from ingest.mapping import triples_graph
from ingest.normalize.docnumber import parse_number
from ingest.pipeline import IngestedDocument, ingest_file
from ingest.readers.source import supported_suffixes
from ingest.records import DocNumber, Finding
from ingest.reference_base import DATA as REFERENCE_DATA
from ingest.reference_graph import reference_graph
from ontology import VOCABULARY_FILES
from ontology.iris import IriMinter
from ontology.loader import vocabulary_graph
from ontology.namespace import CCHC
from ontology.prefixes import bind_prefixes
from queries.binding import bind_values, insert_data, join_updates, splice_values
from queries.inference import refresh_inferences
from queries.lookup import UnknownDocument, suggest
from queries.protocol import Store
from queries.sparql import sparql
from queries.store import EmbeddedStore


@dataclass
class DocumentReport:
    """What ingest found in one file, or why it rejected it."""

    path: str
    ok: bool
    plan: str | None = None
    plan_label: str | None = None
    graph: str | None = None
    tasks: int = 0
    agencies: int = 0
    references: int = 0
    targets: int = 0
    triples: int = 0  # in the document's graph
    shared: int = 0  # describing shared entities (agencies, places, cited documents), in the shared graph
    warnings: list[Finding] = field(default_factory=list)
    error: str | None = None


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the supported files inside folders (sorted). Missing paths raise IngestError."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in supported_suffixes()
            )
        elif path.is_file():
            files.append(path)
        else:
            raise IngestError("no such file or folder", source=str(path))
    return files


def _metadata(minter: IriMinter, doc: IngestedDocument, path: Path) -> Graph:
    """This document graph's record in the metadata graph."""
    meta = bind_prefixes(Graph())
    name = doc.graph_name
    source = minter.source(doc.parsed.sha256)
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    meta.add((name, RDF.type, CCHC.DocumentGraph))
    meta.add((name, CCHC.primaryDocument, doc.primary))
    meta.add((name, PROV.wasDerivedFrom, source))
    meta.add((name, PROV.generatedAtTime, Literal(now, datatype=XSD.dateTime)))
    meta.add((name, CCHC.tripleCount, Literal(len(doc.own), datatype=XSD.integer)))
    meta.add((name, CCHC.taskCount, Literal(len(doc.parsed.tasks), datatype=XSD.integer)))
    meta.add((name, CCHC.warningCount, Literal(len(doc.parsed.findings), datatype=XSD.integer)))
    meta.add((source, RDF.type, CCHC.SourceDocument))
    meta.add((source, CCHC.sourcePath, Literal(str(path.resolve()))))
    meta.add((source, CCHC.sha256, Literal(doc.parsed.sha256)))
    return meta


def _metadata_update(minter: IriMinter, doc: IngestedDocument, meta: Graph) -> str:
    """SPARQL Update that replaces this document graph's record in the metadata graph with ``meta``."""
    bindings = {"meta": minter.metadata_graph, "graph": doc.graph_name}
    remove = bind_values(sparql("metadata-record-delete"), bindings)
    return join_updates([remove, insert_data(minter.metadata_graph, meta)])


def _write_document(store: Store, minter: IriMinter, doc: IngestedDocument, path: Path) -> None:
    """The document's graph, its shared descriptions and its metadata record, in one transaction."""
    meta = _metadata(minter, doc, path)
    update = _metadata_update(minter, doc, meta)
    shared = {minter.shared_graph: doc.shared}
    if isinstance(store, EmbeddedStore):  # the native write path for a first ingest (see replace_graphs)
        record = (minter.metadata_graph, doc.graph_name, meta)
        store.replace_graphs({doc.graph_name: doc.own}, update, record=record, add=shared)
    else:
        store.replace_graphs({doc.graph_name: triples_graph(doc.own)}, update, add=shared)


def vocabulary_version() -> str:
    """Checksum of the ontology and reference-base files; the vocabulary graphs reload when it changes."""
    digest = hashlib.sha256()
    for path in (*VOCABULARY_FILES, REFERENCE_DATA):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load_vocabulary(store: Store, minter: IriMinter) -> None:
    """Load the ontology and the reference base into their own named graphs, unless already current."""
    version = Literal(vocabulary_version())
    bindings = {"meta": minter.metadata_graph, "subject": minter.ontology_graph}
    current = store.select(sparql("vocabulary-version"), bindings)
    if [row["version"] for row in current] == [version]:
        return
    update = bind_values(sparql("vocabulary-version-set"), {**bindings, "version": version})
    store.replace_graphs(
        {minter.ontology_graph: vocabulary_graph(), minter.reference_graph: reference_graph(minter)}, update
    )


def _report(path: Path, doc: IngestedDocument) -> DocumentReport:
    agency_types = (CCHC.Agency, CCHC.AgencyGroup)
    agencies = {s for s, p, o in doc.triples if p == RDF.type and o in agency_types}
    label = (
        doc.parsed.plan.number.canonical()
        if doc.parsed.plan.number
        else (
            doc.parsed.decision.number.canonical()
            if doc.parsed.decision and doc.parsed.decision.number
            else None
        )
    )
    return DocumentReport(
        path=str(path),
        ok=True,
        plan=str(doc.primary),
        plan_label=label,
        graph=str(doc.graph_name),
        tasks=len(doc.parsed.tasks),
        agencies=len(agencies),
        references=len(doc.parsed.references),
        targets=len(doc.parsed.targets),
        triples=len(doc.own),
        shared=len(doc.shared),
        warnings=list(doc.parsed.findings),
    )


def _read_one(path: Path, base_iri: str) -> IngestedDocument | str:
    """Parse and map one file; an unreadable one gives its rendered error (picklable, for the pool)."""
    try:
        return ingest_file(path, IriMinter(base_iri))
    except IngestError as exc:
        return exc.render()


def _read_all(files: list[Path], base_iri: str, workers: int) -> Iterator[IngestedDocument | str]:
    """Every file read, in order; with ``workers`` > 1, by a pool of processes reading ahead while the
    caller writes (parsing is pure Python: a thread would not run beside the writer)."""
    if workers <= 1:
        yield from (_read_one(path, base_iri) for path in files)
        return
    context = multiprocessing.get_context("spawn")  # no fork of a process holding the store open
    read = partial(_read_one, base_iri=base_iri)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        ahead: deque[Future[IngestedDocument | str]] = deque()
        for path in files:  # at most READ_AHEAD documents wait in memory for the writer
            ahead.append(pool.submit(read, path))
            if len(ahead) > READ_AHEAD * workers:
                yield ahead.popleft().result()
        while ahead:
            yield ahead.popleft().result()


def default_workers(file_count: int) -> int:
    """Reader processes for an ingest: none for a few files (starting one costs about a second)."""
    if file_count < PARALLEL_FROM:
        return 1
    return max(1, min(2, os.cpu_count() or 1))


PARALLEL_FROM = 16  # files
READ_AHEAD = 4  # documents per reader process
FLUSH_EVERY = 20  # documents written between two flushes of the store (measured: 302 -> 124 MB at 100)


def ingest_paths(
    store: Store,
    paths: Iterable[Path],
    base_iri: str,
    on_document: Callable[[DocumentReport], None] | None = None,
    workers: int | None = 1,
) -> list[DocumentReport]:
    """Ingest files and folders into ``store``; each document is written in one transaction.

    Afterwards the simple entailments (inverses, the implements chain, shortcut edges, transitive based-on)
    are recomputed into the inference graph, so plain SPARQL sees them on any engine.

    A file that cannot be read is reported (``ok=False``) and leaves the store untouched; the others
    still go in. ``workers`` reader processes parse ahead of the writer (None: ``default_workers``, as
    ``cchc-kg ingest`` does; they are spawned, so a script passing more than 1 needs the usual
    ``if __name__ == "__main__":`` guard); documents are written, and reported, in file order either way.
    """
    minter = IriMinter(base_iri)
    files = expand_paths(paths)
    load_vocabulary(store, minter)
    reports = []
    chosen = default_workers(len(files)) if workers is None else workers
    written = 0
    for path, doc in zip(files, _read_all(files, base_iri, chosen), strict=True):
        if isinstance(doc, str):
            report = DocumentReport(path=str(path), ok=False, error=doc)
        else:
            held = holder(store, minter, doc, path)
            if held is not None:  # another file's document has this identity: never replace it silently
                doc = set_apart(doc, minter, path, held)
            _write_document(store, minter, doc, path)
            report = _report(path, doc)
            written += 1
            if written % FLUSH_EVERY == 0:
                store.flush()  # RocksDB's write buffers otherwise grow to GBs over a national corpus
        reports.append(report)
        if on_document:
            on_document(report)
    if any(report.ok for report in reports):
        prune_shared(store, minter)
        drop_disputed_dates(store, minter)
        refresh_inferences(store, base_iri)
    store.flush()
    if written >= FLUSH_EVERY and isinstance(store, EmbeddedStore):
        store.optimize()  # 1,008 plans: 4 s, and whole-corpus queries about a quarter faster
    return reports


def prune_shared(store: Store, minter: IriMinter) -> None:
    """Drop shared descriptions of entities no document graph mentions any more (after a re-ingest)."""
    store.update(sparql("prune-shared"), {"shared": minter.shared_graph, "inferred": minter.inference_graph})


def drop_disputed_dates(store: Store, minter: IriMinter) -> None:
    """A cited document's date comes from the texts citing it; when two documents give it different dates
    (one misprints it), the shared graph keeps neither: each mention keeps its stated date, and a date
    from the document itself or the reference base stays."""
    bindings = {"shared": minter.shared_graph, "inferred": minter.inference_graph}
    store.update(sparql("drop-disputed-dates"), bindings)


def store_documents(store: Store, base_iri: str) -> list[dict[str, str]]:
    """The documents the store holds: graph, plan, source path, checksum, when ingested, counts."""
    minter = IriMinter(base_iri)
    rows = store.select(sparql("store-documents"), {"meta": minter.metadata_graph})
    return [{k: str(v) for k, v in row.values.items()} for row in rows]


def document_dataset(store: Store, base_iri: str, graph: URIRef) -> EmbeddedStore:
    """One document as an in-memory store: its graph, and the descriptions of the agencies, places,
    programmes and cited documents it mentions (from the shared and reference graphs, under their own
    names), two links deep (an agency and its province), so that the export reads on its own."""
    minter = IriMinter(base_iri)
    own = store.graph(graph)
    described = {minter.shared_graph: Graph(), minter.reference_graph: Graph()}
    frontier = {term for triple in own for term in (triple[0], triple[2]) if isinstance(term, URIRef)}
    seen: set[URIRef] = set()
    for _ in range(2):
        frontier -= seen
        if not frontier:
            break
        seen |= frontier
        described_now = splice_values(sparql("document-descriptions"), ["s"], [[t] for t in sorted(frontier)])
        frontier = set()
        for name, found in described.items():
            more = store.construct(described_now, {"graph": name})
            found += more
            frontier |= {o for o in more.objects() if isinstance(o, URIRef)}
    dataset = EmbeddedStore(None)
    dataset.replace_graphs({graph: own, **described})
    return dataset


def document_graph(store: Store, base_iri: str, document: str) -> URIRef:
    """The named graph of a document given by plan number ("285/KH-UBND", "465/QĐ-UBND") or IRI."""
    minter = IriMinter(base_iri)
    rows = store.select(sparql("document-graphs"), {"meta": minter.metadata_graph})
    number = parse_number(document)
    wanted = number.canonical() if number else document.strip()
    for row in rows:
        if wanted in (str(row["graph"]), str(row["plan"]), str(row["number"] or "")):
            return URIRef(str(row["graph"]))
        written = parse_number(str(row["number"] or ""))
        if number and written and _same_document(number, written):
            return URIRef(str(row["graph"]))
    known = sorted({str(row["number"]) for row in rows if row["number"]})
    raise UnknownDocument(f"no document {document!r} in the store", suggestions=suggest(document, known))


def _same_document(a: DocNumber, b: DocNumber) -> bool:
    """Same serial, type and issuer; office suffixes (71/QĐ-UBND vs 71/QĐ-UBND-HC) do not matter."""
    return (a.serial.lower(), a.type_code, a.issuer, a.year or b.year) == (
        b.serial.lower(),
        b.type_code,
        b.issuer,
        b.year or a.year,
    )
