"""The web UI's upload page: offered only when uploads are enabled, it takes every format the reader
registry knows, shows what ingest extracts (plan, tasks, leads, findings) before anything is written, and
ingests exactly the previewed bytes on "keep", under the uploaded name and with the file's own lines."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from fastapi.testclient import TestClient
from test_rest import TOKEN, upload_client
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app as cli_app
from api.service import ingest_paths, store_documents
from api.settings import Settings
from ingest.readers.source import supported_suffixes
from ontology import DEFAULT_BASE_IRI
from queries.library import run
from queries.store import EmbeddedStore

SEEDS = Path(__file__).resolve().parents[1] / "ingest" / "samples"
SEED_000 = SEEDS / "000_8ed5b0c1c9e5996d.txt"


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


def preview(client: TestClient, name: str = "dong-thap-285.txt", data: bytes | None = None) -> str:
    """POST the seed to /upload and return the preview page (200, nothing written)."""
    response = client.post(
        "/upload?lang=en",
        files={"file": (name, SEED_000.read_bytes() if data is None else data, "text/plain")},
        data={"token": TOKEN},
    )
    assert response.status_code == 200, response.text
    return response.text


def hidden(page: str, form: str, field: str) -> str:
    """The value of a hidden field of a form of the page."""
    block = page[page.index(f'id="{form}"') :]
    return re.search(rf'name="{field}" value="([^"]*)"', block).group(1)  # type: ignore[union-attr]


def test_an_upload_is_previewed_then_kept(tmp_path: Path) -> None:
    client, store = upload_client(tmp_path)
    page = preview(client)
    assert "What was read from “dong-thap-285.txt”" in page and "Nothing has been written" in page
    assert "<dd data-plan>285/KH-UBND</dd>" in page and "<dd data-tasks>32</dd>" in page
    assert page.count('<tr id="preview-task-') == 32
    assert "Duplicate code" in page and "two rows numbered" in page  # the findings, with their level
    assert 'href="#preview-task-' in page  # a finding on a task's lines links to the task
    assert "Sở Nội vụ" in page[page.index('id="preview-leads"') :]
    assert len(store) == 0 and not client.get("/api/plans").json()  # nothing written yet
    sha = hidden(page, "keep-form", "sha256")
    assert sha == hashlib.sha256(SEED_000.read_bytes()).hexdigest()
    kept = client.post(
        "/upload/keep?lang=en", data={"preview": hidden(page, "keep-form", "preview"), "sha256": sha}
    )
    assert kept.status_code == 201, kept.text
    assert "Read “dong-thap-285.txt”" in kept.text and "32 tasks" in kept.text
    assert 'href="/plans/285%2FKH-UBND"' in kept.text and 'href="/quality/285%2FKH-UBND"' in kept.text
    assert client.get("/api/plans/285%2FKH-UBND").json()["task_count"] == 32
    again = client.post(  # a preview is kept once
        "/upload/keep?lang=en", data={"preview": hidden(page, "keep-form", "preview"), "sha256": sha}
    )
    assert again.status_code == 404 and "no longer held" in again.text


def test_a_discarded_or_mismatched_preview_writes_nothing(tmp_path: Path) -> None:
    client, store = upload_client(tmp_path)
    page = preview(client)
    wrong = client.post(
        "/upload/keep?lang=en", data={"preview": hidden(page, "keep-form", "preview"), "sha256": "0" * 64}
    )
    assert wrong.status_code == 400 and "other bytes" in wrong.text
    page = preview(client)
    discarded = client.post(
        "/upload/discard?lang=en", data={"preview": hidden(page, "discard-form", "preview")}
    )
    assert discarded.status_code == 200 and "Discarded “dong-thap-285.txt”" in discarded.text
    keep = client.post(
        "/upload/keep?lang=en",
        data={"preview": hidden(page, "keep-form", "preview"), "sha256": hidden(page, "keep-form", "sha256")},
    )
    assert keep.status_code == 404
    assert len(store) == 0


def cli_lines(tmp_path: Path, seed: Path) -> dict[str, int]:
    """Task code -> line of ``seed`` ingested by the CLI (``cchc-kg ingest``) into a store of its own."""
    folder = tmp_path / "cli-store"
    result = CliRunner().invoke(cli_app, ["ingest", "--store", str(folder), "--allow-empty", str(seed)])
    assert result.exit_code == 0, result.output
    store = EmbeddedStore(folder)
    try:
        return {
            str(r["code"]): int(r["line"]) for r in run(store, "tasks", {"plan": "285/KH-UBND"}).as_dicts()
        }
    finally:
        store.close()


def test_a_kept_upload_has_the_file_name_and_lines_of_the_cli_ingest(tmp_path: Path) -> None:
    """Into a writable store holding two other seeds: the web upload and the REST multipart upload record
    the uploaded name as the source and give each task the line the CLI ingest of the same file gives."""
    expected = cli_lines(tmp_path, SEED_000)
    assert expected["1.đ"] == 155  # a known task: "Xây dựng video tuyên truyền …"
    store = EmbeddedStore(tmp_path / "store")
    ingest_paths(
        store, [SEEDS / "001_ce0cdafa26a7571f.txt", SEEDS / "002_2d6760ac75cd051f.txt"], DEFAULT_BASE_IRI
    )
    settings = Settings(tmp_path, DEFAULT_BASE_IRI, uploads_enabled=True, update_token=TOKEN, query_workers=0)
    with TestClient(create_app(settings, store)) as client:
        page = preview(client)
        assert re.search(
            r'id="preview-task-1.dd"><td class="code">1.đ</td>.*?<td class="num" data-line>155</td>',
            page,
            re.S,
        )
        kept = client.post(
            "/upload/keep",
            data={
                "preview": hidden(page, "keep-form", "preview"),
                "sha256": hidden(page, "keep-form", "sha256"),
            },
        )
        assert kept.status_code == 201, kept.text
        lines = {
            str(r["code"]): int(r["line"]) for r in run(store, "tasks", {"plan": "285/KH-UBND"}).as_dicts()
        }
        assert lines == expected
        paths = {Path(row["path"]).name: row["path"] for row in store_documents(store, DEFAULT_BASE_IRI)}
        assert paths["dong-thap-285.txt"] == "dong-thap-285.txt"  # the uploaded name, not a temporary path
        assert len(paths) == 3
        multipart = client.post(  # curl -F file=@plan.txt: the form's file, not the envelope, is ingested
            "/api/documents",
            files={"file": ("again-285.txt", SEED_000.read_bytes(), "text/plain")},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert multipart.status_code == 201, multipart.text
        assert multipart.json()["path"] == "again-285.txt" and multipart.json()["tasks"] == 32
        lines = {
            str(r["code"]): int(r["line"]) for r in run(store, "tasks", {"plan": "285/KH-UBND"}).as_dicts()
        }
        assert lines == expected
        sources = {row["path"] for row in store_documents(store, DEFAULT_BASE_IRI)}
        assert "again-285.txt" in sources and not any("cchc-upload" in path for path in sources)
    store.close()


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


def test_upload_preview_keep_in_a_browser(tmp_path: Path, browser: object) -> None:
    """A real browser: choose the file, type the token, see the preview (nothing written), keep it."""
    from playwright.sync_api import expect
    from workbench import SCREENSHOTS, served

    store = EmbeddedStore(tmp_path / "store")
    ingest_paths(store, [SEEDS / "001_ce0cdafa26a7571f.txt"], DEFAULT_BASE_IRI)
    with served(store, tmp_path / "store", uploads_enabled=True, update_token=TOKEN) as url:
        context = browser.new_context(viewport={"width": 1366, "height": 900})  # type: ignore[attr-defined]
        foreign: list[str] = []
        context.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(url) else None)
        try:
            page = context.new_page()
            page.goto(url + "/upload?lang=en")
            page.set_input_files("#upload-file", str(SEED_000))
            page.fill("#upload-token", TOKEN)
            page.get_by_role("button", name="Upload and read").click()
            expect(page.locator("#upload-preview")).to_contain_text(
                "What was read from “000_8ed5b0c1c9e5996d.txt”"
            )
            expect(page.locator("#preview-tasks tbody tr")).to_have_count(32)
            expect(page.locator("#preview-findings")).to_contain_text("Duplicate code")
            assert [p["number"] for p in run(store, "plans").as_dicts()] == ["272/KH-UBND"]  # nothing written
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.locator("#upload-preview").evaluate("element => element.scrollIntoView()")
            page.screenshot(path=str(SCREENSHOTS / "upload-1.png"))
            page.get_by_role("button", name="Keep").click()
            expect(page.locator("#upload-result")).to_contain_text("32 tasks")
            page.get_by_role("link", name="See its data quality").click()
            expect(page.locator("h1")).to_contain_text("285/KH-UBND")
        finally:
            context.close()
    assert sorted(p["number"] for p in run(store, "plans").as_dicts()) == ["272/KH-UBND", "285/KH-UBND"]
    assert not foreign, foreign
    store.close()
