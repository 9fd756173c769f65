"""What the workbench tests share: a live server over the seeds and the real corpus, and a real browser.

``served(store, path)`` runs the app in a uvicorn thread on 127.0.0.1 and yields its base URL. The session
fixtures in ``conftest.py`` (``workbench_url``, ``browser``) use it: one store with the five seeds and the
ten plans of ``../shared/corpus/docs`` for the whole session, one headless Debian Chromium.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "ingest" / "samples"
CORPUS_DOCS = ROOT.parent / "shared" / "corpus" / "docs"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "docs" / "screenshots"


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served(store: object, path: Path, **settings: object) -> Iterator[str]:
    """The whole app (``api.app.create_app``) over ``store`` in a background thread; yields its base URL."""
    import uvicorn

    from api.app import create_app
    from api.settings import Settings
    from ontology import DEFAULT_BASE_IRI

    app = create_app(Settings(path, DEFAULT_BASE_IRI, query_workers=0, **settings), store)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
