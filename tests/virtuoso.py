"""A private Virtuoso for the tests: its own ini and database in a temporary folder, on 127.0.0.1.

Debian's ``virtuoso-opensource-7-bin`` provides ``virtuoso-t`` (the server) and ``isql-vt`` (its SQL
client); ``make system-deps`` installs it when missing. Nothing here touches a system-wide Virtuoso
service: the instance listens on two free loopback ports, keeps every file in its temporary folder, and
is stopped (its process group killed) and removed afterwards.

Endpoints:

- ``query_url`` ``/sparql``: anonymous, read-only (Virtuoso refuses updates there).
- ``update_url`` ``/sparql-auth``: HTTP Digest, user ``dba``; the harness sets a random dba password
  through ``isql-vt`` right after startup, so the well-known ``dba``/``dba`` never works.

Result-row cap: Virtuoso cuts every SPARQL result at ``[SPARQL] ResultSetMaxRows`` rows and says so
only in the ``X-SPARQL-MaxRows`` response header. The harness keeps Debian's default of 10,000 (the
cap a real deployment has); the seeds hold about 13,000 triples, so a query over all of them hits the
cap, which the tests use to check that ``RemoteStore`` notices. Pass ``max_rows`` to change it.
"""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ENV_BINARY = "CCHC_VIRTUOSO_BIN"
INSTALL_HINT = (
    "Virtuoso is not installed (no virtuoso-t on PATH): the Debian package virtuoso-opensource-7-bin "
    "could not be installed on this machine (`make system-deps` installs it when apt can)"
)

INI_TEMPLATE = """\
; Private test instance written by tests/virtuoso.py; every file lives in this folder.
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile    = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping        = 0

[Parameters]
ServerPort           = 127.0.0.1:{sql_port}
DisableUnixSocket    = 1
DisableTcpSocket     = 0
MaxClientConnections = 10
CheckpointInterval   = 0
CaseMode             = 2
NumberOfBuffers      = 10000
MaxDirtyBuffers      = 6000
MaxQueryMem          = 256M
ThreadsPerQuery      = 2
DirsAllowed          = .
AllowOSCalls         = 0

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {dir}/www
MaxClientConnections = 10
ServerThreads        = 10
EnabledDavVSP        = 0
Charset              = UTF-8
EnabledGzipContent   = 0
KeepAliveTimeout     = 10

[SPARQL]
ResultSetMaxRows           = {max_rows}
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = 60
"""


class VirtuosoError(RuntimeError):
    """The private Virtuoso did not start or did not take its settings."""


def find_binary() -> str | None:
    """Path of ``virtuoso-t`` (``$CCHC_VIRTUOSO_BIN`` wins), or None when not installed."""
    configured = os.environ.get(ENV_BINARY)
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("virtuoso-t")


def find_isql(binary: str) -> str | None:
    """Debian calls Virtuoso's isql ``isql-vt``; upstream builds call it ``isql``."""
    folder = Path(binary).parent
    for name in ("isql-vt", "isql"):
        candidate = folder / name
        if candidate.exists():
            return str(candidate)
    return shutil.which("isql-vt")


def free_port() -> int:
    """A TCP port nothing listens on right now (loopback)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class VirtuosoServer:
    """One private Virtuoso process; ``start()`` waits until /sparql answers, ``stop()`` cleans up."""

    binary: str
    max_rows: int = 10_000
    startup_timeout: float = 60.0
    user: str = "dba"
    password: str = field(default_factory=lambda: "t" + secrets.token_hex(8))
    http_port: int = 0
    sql_port: int = 0
    directory: Path | None = None
    _process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def query_url(self) -> str:
        return f"{self.base_url}/sparql"

    @property
    def update_url(self) -> str:
        return f"{self.base_url}/sparql-auth"

    @property
    def log_path(self) -> Path:
        assert self.directory is not None
        return self.directory / "virtuoso.log"

    def log_tail(self, lines: int = 30) -> str:
        """The end of Virtuoso's own log and of its console output, for failure messages."""
        text = ""
        for path in (self.log_path, self.directory / "console.log" if self.directory else None):
            if path and path.exists():
                text += f"--- {path.name}\n" + "\n".join(
                    path.read_text(errors="replace").splitlines()[-lines:]
                )
        return text

    def start(self) -> VirtuosoServer:
        """Write the ini, start ``virtuoso-t`` in its own process group, wait for it, set the password."""
        self.directory = Path(tempfile.mkdtemp(prefix="cchc-virtuoso-"))
        (self.directory / "www").mkdir()
        self.http_port = self.http_port or free_port()
        self.sql_port = self.sql_port or free_port()
        ini = self.directory / "virtuoso.ini"
        ini.write_text(
            INI_TEMPLATE.format(
                dir=self.directory, sql_port=self.sql_port, http_port=self.http_port, max_rows=self.max_rows
            )
        )
        console = (self.directory / "console.log").open("wb")
        self._process = subprocess.Popen(
            [self.binary, "+foreground", "+configfile", str(ini)],
            cwd=self.directory,
            stdin=subprocess.DEVNULL,
            stdout=console,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, killed whole in stop()
        )
        console.close()
        atexit.register(self.stop)
        try:
            self._wait_ready()
            self._set_password()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        probe = self.query_url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
        last = "no answer yet"
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                code = self._process.returncode
                raise VirtuosoError(f"virtuoso-t exited with code {code} during startup\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(probe, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError) as exc:
                last = str(exc)
            time.sleep(0.25)
        raise VirtuosoError(
            f"Virtuoso did not answer on {self.query_url} within {self.startup_timeout:.0f} s "
            f"(last: {last})\n{self.log_tail()}"
        )

    def _set_password(self) -> None:
        """Replace the default dba/dba with a random password (fresh database: old one is 'dba')."""
        isql = find_isql(self.binary)
        if isql is None:
            self.password = "dba"  # no client to change it: keep the private instance's default
            return
        self.isql(f"user_set_password('{self.user}', '{self.password}');", password="dba")

    def isql(self, sql: str, password: str | None = None, timeout: float = 30.0) -> str:
        """Run SQL through ``isql-vt`` as dba; raise VirtuosoError with its output on failure."""
        isql = find_isql(self.binary)
        if isql is None:
            raise VirtuosoError("isql-vt is not installed")
        result = subprocess.run(
            [isql, f"127.0.0.1:{self.sql_port}", self.user, password or self.password, f"exec={sql}"],
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
        output = result.stdout + result.stderr
        if result.returncode != 0 or "*** Error" in output:
            raise VirtuosoError(f"isql failed ({result.returncode}): {output.strip()}")
        return output

    def stop(self) -> None:
        """Kill the process group (TERM, then KILL after 10 s) and remove the folder. Idempotent."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
            except ProcessLookupError:
                pass
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None


def start_virtuoso(max_rows: int = 10_000, startup_timeout: float = 60.0) -> VirtuosoServer:
    """Start a private instance; raises VirtuosoError (never skips) when it is installed but fails."""
    binary = find_binary()
    if binary is None:
        raise VirtuosoError(INSTALL_HINT)
    return VirtuosoServer(binary, max_rows=max_rows, startup_timeout=startup_timeout).start()
