"""Faults: the real `cchc-kg ingest` killed with SIGKILL mid-run (the store must open, hold only complete
documents and no half-written graph), and remote SPARQL endpoints that are down, silent, failing or
answering garbage (a clear message and a non-zero exit, never a hang or a traceback).

Every server here listens on 127.0.0.1 only; every loop is bounded in count and time.
"""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import URIRef
from typer.testing import CliRunner

from api.cli import app
from api.connection import REMOTE
from api.service import ingest_paths, store_documents
from ontology import DEFAULT_BASE_IRI
from ontology.iris import IriMinter
from queries.store import EmbeddedStore

ROOT = Path(__file__).resolve().parent.parent
CLI = ROOT / ".venv" / "bin" / "cchc-kg"
DOCUMENTS = 12  # generated plans in the corpus killed mid-ingest
DEADLINE = 120.0  # seconds any one CLI run may take here
MINTER = IriMinter(DEFAULT_BASE_IRI)
SYSTEM_GRAPHS = {
    MINTER.metadata_graph,
    MINTER.ontology_graph,
    MINTER.reference_graph,
    MINTER.shared_graph,
    MINTER.inference_graph,
}
TASK = "https://w3id.org/cchc-kg/ontology#Task"
runner = CliRunner()


# --------------------------------------------------------------------------------------------------
# (a) SIGKILL during ingest
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first DOCUMENTS plans of `python -m bench.generate --scale small --seed 1`."""
    generated = tmp_path_factory.mktemp("generated")
    subprocess.run(
        [sys.executable, "-m", "bench.generate", "--scale", "small", "--seed", "1", "--out", str(generated)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )
    folder = tmp_path_factory.mktemp("corpus")
    for path in sorted(generated.glob("*.txt"))[:DOCUMENTS]:
        shutil.copy(path, folder / path.name)
    return folder


@dataclass
class Alone:
    """A document ingested alone into a fresh store: its graph's triples, task count, shared triples."""

    triples: set
    tasks: int
    shared: set


_ALONE: dict[str, Alone] = {}


def alone(path: Path) -> Alone:
    """Ingest ``path`` alone into a fresh in-memory store (remembered per file)."""
    if path.name not in _ALONE:
        with EmbeddedStore(None) as fresh:
            [report] = ingest_paths(fresh, [path], DEFAULT_BASE_IRI)
            assert report.ok, report.error
            shared = set(fresh.graph(MINTER.shared_graph))
            _ALONE[path.name] = Alone(set(fresh.graph(URIRef(report.graph))), report.tasks, shared)
    return _ALONE[path.name]


def run_and_kill(store: Path, folder: Path, ready: str, at_least: int = 0, delay: float = 0.0) -> str:
    """Run `cchc-kg ingest --store STORE FOLDER` on a pseudo-terminal (so that its progress bar shows
    "N/total"), SIGKILL it once ``ready`` holds, and return what it printed.

    ``ready`` is "documents" (at least ``at_least`` documents written) or "store" (the store folder
    exists: the very first write, the vocabulary, is under way), then ``delay`` seconds more.
    """
    total = len(list(folder.iterdir()))
    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": "160", "TERM": "xterm"}
    process = subprocess.Popen(
        [str(CLI), "ingest", "--store", str(store), str(folder)],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
        env=env,
    )
    os.close(slave)
    output, started = b"", time.monotonic()
    try:
        while time.monotonic() - started < DEADLINE and process.poll() is None:
            if ready == "store" and store.is_dir() and any(store.iterdir()):
                break
            readable, _, _ = select.select([master], [], [], 0.01)
            if readable:
                output += _read(master)
            done = [int(n) for n in re.findall(rb"(\d+)/" + str(total).encode() + rb"\b", output)]
            if ready == "documents" and done and max(done) >= at_least:
                break
        time.sleep(delay)
        assert process.poll() is None, "the ingest ended before it could be killed: " + output.decode()
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
        output += _drain(master)
        os.close(master)
    return output.decode("utf-8", errors="replace")


def _read(fd: int) -> bytes:
    try:
        return os.read(fd, 65536)
    except OSError:  # the other end is closed
        return b""


def _drain(fd: int) -> bytes:
    data = b""
    for _ in range(1000):
        readable, _, _ = select.select([fd], [], [], 0)
        chunk = _read(fd) if readable else b""
        if not chunk:
            break
        data += chunk
    return data


def check_store(store: Path, folder: Path) -> list[str]:
    """The store opens; every listed document is complete; no graph lacks its record or vice versa.

    Returns the names of the documents the store holds.
    """
    with EmbeddedStore(store) as database:
        meta = MINTER.metadata_graph
        typed = {
            URIRef(str(row["g"]))
            for row in database.select(
                "SELECT ?meta ?g WHERE { GRAPH ?meta { ?g a "
                "<https://w3id.org/cchc-kg/ontology#DocumentGraph> } }",
                {"meta": meta},
            )
        }
        listed = store_documents(database, DEFAULT_BASE_IRI)
        recorded = {URIRef(row["graph"]) for row in listed}
        assert typed == recorded, "a metadata record is incomplete"
        named = set(database.named_graphs())
        assert named - SYSTEM_GRAPHS == recorded, "a document graph without its record, or the reverse"
        shared = set(database.graph(MINTER.shared_graph)) if recorded else set()
        for row in listed:
            path = Path(row["path"])
            assert path.parent == folder.resolve()
            graph = URIRef(row["graph"])
            expected = alone(path)
            assert set(database.graph(graph)) == expected.triples, f"{path.name} is not complete"
            tasks = database.select(
                f"SELECT (COUNT(?t) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?t a <{TASK}> }} }}"
            )
            assert int(row["tasks"]) == int(tasks[0]["n"]) == expected.tasks > 0
            assert expected.shared <= shared, f"{path.name}'s shared descriptions are missing"
        version = database.select(
            "SELECT ?meta ?o ?v WHERE { GRAPH ?meta { ?o <https://w3id.org/cchc-kg/ontology#sha256> ?v } }",
            {"meta": meta, "o": MINTER.ontology_graph},
        )
        assert bool(version) == (MINTER.ontology_graph in named), "the vocabulary is half-loaded"
        assert bool(version) == (MINTER.reference_graph in named)
    return sorted(Path(row["path"]).name for row in listed)


def test_sigkill_mid_ingest_leaves_only_complete_documents_and_a_rerun_completes(
    corpus: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    output = run_and_kill(store, corpus, "documents", at_least=2)
    held = check_store(store, corpus)
    assert 2 <= len(held) < DOCUMENTS, output
    assert held == sorted(p.name for p in corpus.iterdir())[: len(held)]  # in order, none skipped
    with EmbeddedStore(store) as database:  # ingest again into the crashed store: it all goes in
        reports = ingest_paths(database, [corpus], DEFAULT_BASE_IRI)
    assert [r.ok for r in reports] == [True] * DOCUMENTS
    assert check_store(store, corpus) == sorted(p.name for p in corpus.iterdir())


KILL_DELAYS = (0.0, 0.2, 0.35, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.2, 1.5, 2.0, 3.0, 5.0)


def test_sigkill_around_the_very_first_write_leaves_a_store_that_opens(corpus: Path, tmp_path: Path) -> None:
    """Kill later and later after the store folder appears, until a kill finds the vocabulary written:
    the first write (the vocabulary, in one transaction) happened between the last two kills. Every
    killed store opens and is consistent: nothing, or the whole vocabulary and complete documents."""
    states: list[tuple[float, bool, int]] = []
    for run, delay in enumerate(KILL_DELAYS):
        store = tmp_path / f"store-{run}"
        run_and_kill(store, corpus, "store", delay=delay)
        held = check_store(store, corpus)
        assert held == sorted(p.name for p in corpus.iterdir())[: len(held)]
        with EmbeddedStore(store) as database:
            vocabulary = MINTER.ontology_graph in database.named_graphs()
            assert vocabulary or len(database) == 0
        states.append((delay, vocabulary, len(held)))
        if vocabulary:
            break
    assert not states[0][1], states  # the first kill came before the first write
    assert states[-1][1], states  # the last one after it


# --------------------------------------------------------------------------------------------------
# (b) Remote endpoints that are down, silent, failing or answering garbage
# --------------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _reset_remote() -> Iterator[None]:
    """The CLI callback keeps the global endpoint options; leave none behind for other tests."""
    yield
    REMOTE.endpoint = REMOTE.update_endpoint = REMOTE.user = REMOTE.password = None


def free_port() -> int:
    """A port with nothing listening on 127.0.0.1 (bound, then closed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def silent_endpoint() -> Iterator[str]:
    """A server on 127.0.0.1 that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/sparql"
    stop.set()
    thread.join(timeout=5)
    for connection in held:
        connection.close()
    server.close()


class _Faulty(BaseHTTPRequestHandler):
    """Answers by the first path segment: /500, /garbage, /list, /truncated."""

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(min(length, 10_000_000))
        self._answer()

    def _answer(self) -> None:
        kind = self.path.strip("/").split("/")[0]
        if kind == "500":
            self._send(500, b"Virtuoso 42000 Error SR325: Transaction deadlock, try again", "text/plain")
        elif kind == "garbage":
            self._send(200, b"\x00\xff<html>not sparql\x89PNG", "application/sparql-results+json")
        elif kind == "list":
            self._send(200, b"[1, 2, 3]", "application/sparql-results+json")
        elif kind == "truncated":
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", "5000")
            self.end_headers()
            self.wfile.write(b'{"head": {"vars": ["plan"]}, "results": {"bindings": [')
            self.wfile.flush()
            self.close_connection = True
        else:
            self._send(404, b"no such endpoint", "text/plain")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        """Quiet."""


@pytest.fixture(scope="module")
def faulty_server() -> Iterator[str]:
    """http://127.0.0.1:PORT of a server answering with the faults of ``_Faulty``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Faulty)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def run_cli(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, float]:
    """The real `cchc-kg ARGS` as a subprocess: (exit code, output, seconds); killed after DEADLINE."""
    started = time.monotonic()
    process = subprocess.run(
        [str(CLI), *args],
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        check=False,
        env={**os.environ, "COLUMNS": "400", **(env or {})},
        stdin=subprocess.DEVNULL,
    )
    return process.returncode, process.stdout + process.stderr, time.monotonic() - started


SAMPLE = ROOT / "ingest" / "samples" / "000_8ed5b0c1c9e5996d.txt"


def test_ingest_into_an_endpoint_that_is_down_fails_clearly() -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    code, out, seconds = run_cli("--endpoint", url, "ingest", str(SAMPLE))
    assert code == 2, out
    assert f"error: {url}: cannot reach the SPARQL endpoint: [Errno 111] Connection refused" in out
    assert "(expected a running SPARQL 1.1 endpoint at this URL)" in out
    assert "Traceback" not in out
    assert seconds < 30


def test_an_endpoint_that_never_answers_times_out_for_query_and_ingest(silent_endpoint: str) -> None:
    """Both commands run at once; each stops at the store's timeout (30 s unless the CLI passes
    CCHC_KG_QUERY_TIMEOUT on, which is set here to 3 s) with exit code 2."""
    env = {**os.environ, "COLUMNS": "400", "CCHC_KG_QUERY_TIMEOUT": "3"}
    commands = [["query", "plans"], ["ingest", str(SAMPLE)]]
    started = time.monotonic()
    processes = [
        subprocess.Popen(
            [str(CLI), "--endpoint", silent_endpoint, *command],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        for command in commands
    ]
    outputs = []
    for process in processes:
        try:
            outputs.append(process.communicate(timeout=DEADLINE)[0])
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)
    assert time.monotonic() - started < 60
    for process, out in zip(processes, outputs, strict=True):
        assert process.returncode == 2, out
        assert re.search(
            rf"error: {re.escape(silent_endpoint)}: the SPARQL endpoint did not answer the query within \d+ s"
            r" \(expected a faster endpoint, a narrower query, or a larger timeout\)",
            " ".join(out.split()),
        ), out
        assert "Traceback" not in out


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (
            "500",
            "the endpoint failed (HTTP 500): Virtuoso 42000 Error SR325: Transaction deadlock, try again",
        ),
        ("garbage", "the endpoint's answer is not SPARQL JSON: b'\\x00\\xff<html>not sparql\\x89PNG'"),
    ],
)
@pytest.mark.parametrize("command", [["query", "plans"], ["ingest", str(SAMPLE)]], ids=["query", "ingest"])
def test_an_endpoint_that_fails_or_answers_garbage_gives_a_clear_error(
    faulty_server: str, fault: str, message: str, command: list[str]
) -> None:
    url = f"{faulty_server}/{fault}/sparql"
    result = runner.invoke(app, ["--endpoint", url, *command])
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, result.output
    assert f"error: {url}: {message}" in " ".join(result.output.split())


@pytest.mark.parametrize(
    ("fault", "message"),
    [("list", "the endpoint's answer is not SPARQL JSON: b'[1, 2, 3]"), ("truncated", "IncompleteRead")],
)
def test_an_endpoint_answering_json_of_the_wrong_shape_or_cut_short_gives_a_clear_error(
    faulty_server: str, fault: str, message: str
) -> None:
    """A JSON list instead of SPARQL JSON, or a body shorter than its Content-Length."""
    url = f"{faulty_server}/{fault}/sparql"
    code, out, seconds = run_cli("--endpoint", url, "query", "plans")
    assert "Traceback" not in out
    assert code == 2, out
    assert f"error: {url}: " in out
    assert message in " ".join(out.split()), out
    assert seconds < 30
