"""The web UI's upload page: offered only when uploads are enabled, it takes every format the reader
registry knows, ingests the file and shows what was extracted with its warnings."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from test_rest import TOKEN, upload_client

from api.app import create_app
from api.settings import Settings
from ingest.readers.source import supported_suffixes
from ontology import DEFAULT_BASE_IRI
from queries.store import EmbeddedStore

SEED_000 = Path(__file__).resolve().parents[1] / "ingest" / "samples" / "000_8ed5b0c1c9e5996d.txt"


def test_the_page_says_when_uploads_are_disabled(tmp_path: Path) -> None:
    client = TestClient(create_app(Settings(tmp_path, DEFAULT_BASE_IRI), EmbeddedStore(None)))
    page = client.get("/upload?lang=en")
    assert page.status_code == 200
    assert "does not accept uploads" in page.text and '<form method="post"' not in page.text
    assert 'href="/upload"' not in client.get("/?lang=en").text
    refused = client.post("/upload?lang=en", files={"file": ("a.txt", b"x")}, data={"token": TOKEN})
    assert refused.status_code == 403


def test_the_form_offers_every_registered_format(tmp_path: Path) -> None:
    client, _ = upload_client(tmp_path)
    page = client.get("/upload?lang=en").text
    assert f'accept="{",".join(supported_suffixes())}"' in page
    assert ".doc" in page and ".pdf" in page and ".html" in page
    assert 'href="/upload"' in client.get("/?lang=en").text


def test_an_upload_shows_what_was_extracted(tmp_path: Path) -> None:
    client, _ = upload_client(tmp_path)
    response = client.post(
        "/upload?lang=en",
        files={"file": ("dong-thap-285.txt", SEED_000.read_bytes(), "text/plain")},
        data={"token": TOKEN},
    )
    assert response.status_code == 201, response.text
    assert "Read “dong-thap-285.txt”" in response.text
    assert "32 tasks" in response.text
    assert 'href="/plans/285%2FKH-UBND"' in response.text
    assert "duplicate-code" in response.text  # the warnings, with their lines
    assert client.get("/api/plans/285%2FKH-UBND").json()["task_count"] == 32


def test_a_refused_upload_says_why_and_writes_nothing(tmp_path: Path) -> None:
    client, store = upload_client(tmp_path)
    wrong = client.post("/upload?lang=en", files={"file": ("a.txt", b"x")}, data={"token": "no"})
    assert wrong.status_code == 403 and "bearer token" in wrong.text
    unknown = client.post("/upload?lang=en", files={"file": ("a.xls", b"x")}, data={"token": TOKEN})
    assert unknown.status_code == 400 and "a name ending in" in unknown.text
    binary = client.post(
        "/upload?lang=en", files={"file": ("plan.txt", b"\xff\xfe\x00\x01binary")}, data={"token": TOKEN}
    )
    assert binary.status_code == 400 and "Could not read “plan.txt”" in binary.text
    assert len(store) == 0
