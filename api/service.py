"""The Python API: ingest documents into a store, the same as ``cchc-kg ingest`` does."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import PROV, TIME, XSD
from rdflib.term import Node

from ingest.collision import set_apart
from ingest.errors import IngestError
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
from queries.binding import bind_values, join_updates, sparql_iri, splice_values
from queries.inference import refresh_inferences
from queries.lookup import UnknownDocument, suggest
from queries.protocol import Store
from queries.sparql import sparql
from queries.store import EmbeddedStore, as_triples, from_ox, to_ox


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


@dataclass
class ReadDocument:
    """One file as a reader process hands it to the writer: its report, its identity, and its triples as
    N-Quads bytes serialised by pyoxigraph. Pickling rdflib terms across processes and converting them
    in the writer cost the single writer more than loading them; bytes cross for free and load natively.
    """

    report: DocumentReport
    graph: str  # the document graph
    primary: str  # the plan (or decision)
    sha256: str
    own: bytes  # N-Quads in the document graph
    shared: bytes  # N-Quads in the shared graph (a set union)


def serialize_quads(triples: Iterable[tuple[Node, Node, Node]], graph: str) -> bytes:
    """N-Quads bytes of rdflib triples in ``graph``, written by pyoxigraph (each term converted once)."""
    terms: dict[Node, object] = {}

    def ox_term(term: Node) -> object:
        found = terms.get(term)
        if found is None:
            found = terms[term] = to_ox(term)
        return found

    name = ox.NamedNode(graph)
    found = [ox.Quad(ox_term(s), ox_term(p), ox_term(o), name) for s, p, o in triples]  # type: ignore[arg-type]
    return ox.serialize(found, format=ox.RdfFormat.N_QUADS) if found else b""


def _read_document(doc: IngestedDocument, path: Path, minter: IriMinter) -> ReadDocument:
    """``doc`` in the writer's form (in the reader process)."""
    return ReadDocument(
        report=_report(path, doc),
        graph=str(doc.graph_name),
        primary=str(doc.primary),
        sha256=doc.parsed.sha256,
        own=serialize_quads(doc.own, str(doc.graph_name)),
        shared=serialize_quads(doc.shared, str(minter.shared_graph)),
    )


def _metadata(minter: IriMinter, doc: ReadDocument, here: str) -> bytes:
    """This document graph's record in the metadata graph, as N-Quads."""
    name, source = ox.NamedNode(doc.graph), ox.NamedNode(str(minter.source(doc.sha256)))
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    report = doc.report

    def integer(value: int) -> ox.Literal:
        return ox.Literal(str(value), datatype=_XSD_INTEGER)

    triples = [
        ox.Triple(name, _RDF_TYPE, _OX[CCHC.DocumentGraph]),
        ox.Triple(name, _OX[CCHC.primaryDocument], ox.NamedNode(doc.primary)),
        ox.Triple(name, _OX[PROV.wasDerivedFrom], source),
        ox.Triple(name, _OX[PROV.generatedAtTime], ox.Literal(now, datatype=_OX[XSD.dateTime])),
        ox.Triple(name, _OX[CCHC.tripleCount], integer(report.triples)),
        ox.Triple(name, _OX[CCHC.taskCount], integer(report.tasks)),
        ox.Triple(name, _OX[CCHC.warningCount], integer(len(report.warnings))),
        ox.Triple(source, _RDF_TYPE, _OX[CCHC.SourceDocument]),
        ox.Triple(source, _OX[CCHC.sourcePath], ox.Literal(here)),
        ox.Triple(source, _OX[CCHC.sha256], ox.Literal(doc.sha256)),
    ]
    meta = ox.NamedNode(str(minter.metadata_graph))
    quads = [ox.Quad(t.subject, t.predicate, t.object, meta) for t in triples]
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


class _OxIris(dict):
    """rdflib IRI -> pyoxigraph NamedNode, remembered."""

    def __missing__(self, iri: URIRef) -> ox.NamedNode:
        value = self[iri] = ox.NamedNode(str(iri))
        return value


_OX = _OxIris()
_RDF_TYPE = _OX[RDF.type]
_XSD_INTEGER = _OX[XSD.integer]


def _metadata_update(minter: IriMinter, doc: ReadDocument, meta: bytes) -> str:
    """SPARQL Update that replaces this document graph's record in the metadata graph with ``meta``."""
    bindings = {"meta": minter.metadata_graph, "graph": URIRef(doc.graph)}
    remove = bind_values(sparql("metadata-record-delete"), bindings)
    triples = as_triples(meta, minter.metadata_graph).decode("utf-8")
    insert = f"INSERT DATA {{ GRAPH {sparql_iri(str(minter.metadata_graph))} {{\n{triples}\n}} }}"
    return join_updates([remove, insert])


def _write_document(store: Store, minter: IriMinter, doc: ReadDocument, here: str) -> None:
    """The document's graph, its shared descriptions and its metadata record, in one transaction."""
    meta = _metadata(minter, doc, here)
    update = _metadata_update(minter, doc, meta)
    graph = URIRef(doc.graph)
    if isinstance(store, EmbeddedStore):  # N-Quads loaded natively (see replace_graphs)
        record = (minter.metadata_graph, graph, meta)
        store.replace_graphs({graph: doc.own}, update, record=record, add={minter.shared_graph: doc.shared})
    else:
        shared = {minter.shared_graph: _rdflib_graph(doc.shared)}
        store.replace_graphs({graph: _rdflib_graph(doc.own)}, update, add=shared)


def _rdflib_graph(data: bytes) -> Graph:
    """N-Quads bytes of one graph as an rdflib Graph (for a remote store)."""
    graph = Graph()
    for quad in ox.parse(data, ox.RdfFormat.N_QUADS):
        graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))  # type: ignore[arg-type]
    return graph


class _Identities:
    """Which source file's document each document graph holds (the metadata graph, read once per ingest
    and kept current as documents are written): a different file with the same identity is set apart
    (``ingest.collision``) instead of replacing it."""

    def __init__(self, store: Store, minter: IriMinter) -> None:
        self.graphs: dict[str, set[str]] = {}  # document graph -> checksums of its sources
        self.paths: dict[str, set[str]] = {}  # checksum -> the paths recorded for that source
        for row in store.select(sparql("metadata-sources"), {"meta": minter.metadata_graph}):
            sha = str(row["sha"])
            self.graphs.setdefault(str(row["graph"]), set()).add(sha)
            self.paths.setdefault(sha, set()).add(str(row["path"]))

    def holder(self, graph: str, sha: str, here: str) -> str | None:
        """The path of another file whose document already has ``graph`` (None if none does); the same
        file (same path, even edited) or the same bytes from elsewhere replace it."""
        for held_sha in sorted(self.graphs.get(graph, ())):
            if held_sha != sha:
                for path in sorted(self.paths.get(held_sha, ())):
                    if path != here:
                        return path
        return None

    def written(self, graph: str, sha: str, here: str) -> None:
        self.graphs[graph] = {sha}
        self.paths.setdefault(sha, set()).add(here)


def _set_apart(minter: IriMinter, path: Path, held: str) -> ReadDocument:
    """The file read again (in the writer: rare) with its own IRIs, apart from ``held``'s document."""
    doc = set_apart(ingest_file(path, minter), minter, path, held)
    return _read_document(doc, path, minter)


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
    kind, agency_types = RDF.type, {CCHC.Agency, CCHC.AgencyGroup}
    agencies = {s for s, p, o in doc.triples if p == kind and o in agency_types}
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


def read_preview(path: Path, base_iri: str) -> tuple[DocumentReport, IngestedDocument]:
    """What ingesting ``path`` would write, read and mapped but not written (an upload's preview): its
    report and the parsed document. Raises ``IngestError`` for a file ingest cannot read."""
    doc = ingest_file(path, IriMinter(base_iri))
    return _report(path, doc), doc


def _read_one(path: Path, base_iri: str) -> ReadDocument | str:
    """Parse and map one file, in the writer's form; an unreadable one gives its rendered error
    (picklable, for the pool)."""
    try:
        minter = IriMinter(base_iri)
        return _read_document(ingest_file(path, minter), path, minter)
    except IngestError as exc:
        return exc.render()


def _read_all(files: list[Path], base_iri: str, workers: int) -> Iterator[ReadDocument | str]:
    """Every file read, in order; with ``workers`` > 1, by a pool of processes reading ahead while the
    caller writes (parsing is pure Python: a thread would not run beside the writer)."""
    if workers <= 1:
        yield from (_read_one(path, base_iri) for path in files)
        return
    context = multiprocessing.get_context("spawn")  # no fork of a process holding the store open
    read = partial(_read_one, base_iri=base_iri)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        ahead: deque[Future[ReadDocument | str]] = deque()
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
READ_AHEAD = 32  # documents per reader (4 left the readers idle during bulk loads: national 43 -> 38 s)
FLUSH_QUADS = 50_000  # quads written between two flushes of the store (RocksDB's write buffers)
OPTIMIZE_FROM = 20  # documents written in one ingest: compact the store afterwards
BULK_FROM = 16  # files in a first ingest into an empty on-disk store: bulk-loaded (see ingest_paths)
BULK_QUADS = 250_000  # quads per bulk load (measured on 126 plans: 25 or 80 plans a load cost the same)


def ingest_paths(
    store: Store,
    paths: Iterable[Path],
    base_iri: str,
    on_document: Callable[[DocumentReport], None] | None = None,
    workers: int | None = 1,
    sources: Mapping[Path, str] | None = None,
) -> list[DocumentReport]:
    """Ingest files and folders into ``store``; each document is written in one transaction.

    A first ingest of ``BULK_FROM`` files or more into an empty on-disk store is bulk-loaded instead, into
    a store beside it that then moves into its place (``EmbeddedStore.staging``, ``replace_with``): several
    times faster, and all or nothing: interrupted, the store stays empty.

    Afterwards the simple entailments (inverses, the implements chain, shortcut edges, transitive based-on)
    are recomputed into the inference graph, so plain SPARQL sees them on any engine.

    A file that cannot be read is reported (``ok=False``) and leaves the store untouched; the others
    still go in. ``workers`` reader processes parse ahead of the writer (None: ``default_workers``, as
    ``cchc-kg ingest`` does; they are spawned, so a script passing more than 1 needs the usual
    ``if __name__ == "__main__":`` guard); documents are written, and reported, in file order either way.

    ``sources`` names the source a file is recorded as (``cchc:sourcePath``) when it is not the file's own
    absolute path: an upload is written to a temporary file, but recorded under the name it was uploaded as.
    """
    minter = IriMinter(base_iri)
    files = expand_paths(paths)
    chosen = default_workers(len(files)) if workers is None else workers
    staged = _staging(store, files)
    try:
        documents = _read_all(files, base_iri, chosen)
        target = store if staged is None else staged  # (an empty store is falsy: it has a length)
        reports, written = _write_all(
            target, minter, files, documents, on_document, staged is not None, sources or {}
        )
        if staged is not None:
            assert isinstance(store, EmbeddedStore)
            store.replace_with(staged)
    finally:
        if staged is not None and staged.path is not None and staged.path.exists():  # interrupted
            staged.close()
            shutil.rmtree(staged.path, ignore_errors=True)
    if any(report.ok for report in reports):
        prune_shared(store, minter)
        drop_disputed_dates(store, minter)
        refresh_inferences(store, base_iri, [r.graph for r in reports if r.ok and r.graph])  # new/replaced
    store.flush()
    if written >= OPTIMIZE_FROM and isinstance(store, EmbeddedStore):
        store.optimize()  # 1,008 plans: 4 s, and whole-corpus queries about a quarter faster
    return reports


def _staging(store: Store, files: list[Path]) -> EmbeddedStore | None:
    """A store to bulk-load into, for a first ingest of many files into an empty on-disk store."""
    if not isinstance(store, EmbeddedStore) or store.path is None or store.read_only:
        return None
    if len(files) < BULK_FROM or not store.is_empty():
        return None
    return store.staging()


def _write_all(
    store: Store,
    minter: IriMinter,
    files: list[Path],
    documents: Iterator[ReadDocument | str],
    on_document: Callable[[DocumentReport], None] | None,
    staging: bool = False,
    sources: Mapping[Path, str] | None = None,
) -> tuple[list[DocumentReport], int]:
    """Write the documents read from ``files`` (the vocabulary first): each in one transaction, or, into
    a ``staging`` store, bulk-loaded in batches. The reports, and how many documents were written."""
    load_vocabulary(store, minter)
    bulk = _Batch(store) if staging and isinstance(store, EmbeddedStore) else None
    identities = _Identities(store, minter)
    reports: list[DocumentReport] = []
    written = unflushed = 0
    for path, doc in zip(files, documents, strict=True):
        if isinstance(doc, str):
            report = DocumentReport(path=str(path), ok=False, error=doc)
        else:
            here = (sources or {}).get(path) or str(path.resolve())
            held = identities.holder(doc.graph, doc.sha256, here)
            if held is not None:  # another file's document has this identity: never replace it silently
                doc = _set_apart(minter, path, held)
            if bulk is not None and doc.graph not in identities.graphs:
                bulk.add(doc, minter, _metadata(minter, doc, here))
            else:  # a graph already there is replaced, in one transaction
                if bulk is not None:
                    bulk.load()
                _write_document(store, minter, doc, here)
                unflushed += doc.report.triples + doc.report.shared
            identities.written(doc.graph, doc.sha256, here)
            report = doc.report
            written += 1
            if unflushed >= FLUSH_QUADS:
                store.flush()  # RocksDB's write buffers otherwise grow to GBs over a national corpus
                unflushed = 0
        reports.append(report)
        if on_document:
            on_document(report)
    if bulk is not None:
        bulk.load()
    return reports, written


class _Batch:
    """Documents waiting for one bulk load into a staging store, as N-Quads."""

    def __init__(self, store: EmbeddedStore) -> None:
        self.store = store
        self.parts: list[bytes] = []
        self.quads = 0

    def add(self, doc: ReadDocument, minter: IriMinter, meta: bytes) -> None:
        self.parts += [doc.own, doc.shared, meta]
        self.quads += doc.report.triples + doc.report.shared
        if self.quads >= BULK_QUADS:
            self.load()

    def load(self) -> None:
        self.store.bulk_load(b"".join(self.parts))
        self.parts, self.quads = [], 0


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
    described[minter.shared_graph] += _lineage_closure(store, minter, seen | frontier)
    dataset = EmbeddedStore(None)
    dataset.replace_graphs({graph: own, **described})
    return dataset


_PERIOD_LINKS = (CCHC.existence, TIME.hasBeginning, TIME.hasEnd)


def _lineage_closure(store: Store, minter: IriMinter, terms: set[URIRef]) -> Graph:
    """The succession steps that start or end at ``terms`` and at the bodies they lead to, each body's
    description and its existence interval: the lineage of what a document mentions, whole (the shipped
    data's chains are at most 2 steps; this follows them to the end)."""
    found = Graph()
    bodies, seen = set(terms), set()
    while bodies - seen:
        new = sorted(bodies - seen)
        seen |= set(new)
        steps = store.construct(
            splice_values(sparql("document-lineage"), ["s"], [[t] for t in new]),
            {"graph": minter.shared_graph},
        )
        found += steps
        bodies |= {o for p in (CCHC.predecessor, CCHC.successor) for o in steps.objects(None, p)}
    # every body of the steps (the document's own have no description here yet: only the frontier's),
    # the acts that decided them, then the existence intervals and their instants
    described = seen | set(found.objects(None, CCHC.decidedBy))
    done: set[URIRef] = set()
    while described:
        more = store.construct(
            splice_values(sparql("document-descriptions"), ["s"], [[t] for t in sorted(described)]),
            {"graph": minter.shared_graph},
        )
        found += more
        done |= described
        described = {o for p in _PERIOD_LINKS for o in more.objects(None, p) if isinstance(o, URIRef)} - done
    return found


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
