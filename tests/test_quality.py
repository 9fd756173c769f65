"""Data quality (issue 17): the ``findings`` named query, the corpus page ``/quality``, a document's
findings page ``/quality/{plan}`` and the plan page's banner, on the five seeds and the ten corpus plans
(the session's ``workbench_store`` / ``workbench_url``); a real browser sorts the corpus page."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from markupsafe import escape
from workbench import SCREENSHOTS, SEEDS

from api.service import read_preview
from api.web.quality import ERROR_KINDS, KIND_ORDER, level_of
from ontology import DEFAULT_BASE_IRI
from queries.library import get_query, run

SEED_285 = SEEDS / "000_8ed5b0c1c9e5996d.txt"


@pytest.fixture(scope="module")
def findings(workbench_store: tuple[object, Path]) -> list[dict[str, object]]:
    store, _ = workbench_store
    return run(store, "findings").as_dicts()  # type: ignore[arg-type]


def get(base: str, path: str, **params: str) -> httpx.Response:
    return httpx.get(base + path, params=params or None, timeout=60)


# -- the named query ---------------------------------------------------------------------------------


def test_every_flag_is_one_finding_with_its_level(
    workbench_store: tuple[object, Path], findings: list[dict[str, object]]
) -> None:
    store, _ = workbench_store
    [counts] = run(store, "counts").as_dicts()  # type: ignore[arg-type]
    assert len(findings) == counts["flags"] > 0
    assert len({row["flag"] for row in findings}) == len(findings)
    assert get_query("findings").columns[:5] == ["plan_number", "kind", "level", "line", "message"]
    for row in findings:
        assert row["kind"] in KIND_ORDER, row
        assert (
            row["level"]
            == level_of(str(row["kind"]))
            == ("error" if row["kind"] in ERROR_KINDS else "warning")
        )
        assert row["about"] in ("task", "plan", "document")
        assert bool(row["task_code"]) == (row["about"] == "task")


def test_a_seeds_findings_are_what_ingest_reported(workbench_store: tuple[object, Path]) -> None:
    """Each finding ingest reports for a seed file (kind, line, message) is a row of ``findings`` for its
    plan; a finding on a task's lines is about that task."""
    store, _ = workbench_store
    seen = 0
    for path in sorted(SEEDS.glob("*.txt")):
        report, doc = read_preview(path, DEFAULT_BASE_IRI)
        rows = run(store, "findings", {"plan": str(report.plan)}).as_dicts()  # type: ignore[arg-type]
        found = Counter((r["kind"], r["line"] or 0, r["message"]) for r in rows)
        reported = Counter((f.kind, f.line, f.message) for f in doc.parsed.findings)
        assert not reported - found, path.name
        assert {r["plan_number"] for r in rows} <= {report.plan_label}
        assert {r["source"] for r in rows} <= {path.name}
        seen += len(reported)
        spans = {task.code: task.span for task in doc.parsed.tasks}
        for row in rows:
            if row["about"] == "task":
                span = spans[str(row["task_code"])]
                assert span.first <= int(row["line"]) <= span.last, row  # type: ignore[arg-type]
    assert seen == 8  # 285/KH-UBND 3, 465/QĐ-UBND 5 (its date conflict and 71's come from the cross-check)


def test_the_plan_parameter_is_checked(workbench_url: str) -> None:
    unknown = get(workbench_url, "/api/queries/findings", plan="999/KH-UBND")
    assert unknown.status_code == 404 and unknown.json()["error"]["error"] == "UnknownPlan"
    one = get(workbench_url, "/api/queries/findings", plan="285/KH-UBND", format="csv")
    rows = list(csv.DictReader(io.StringIO(one.text)))
    assert rows and {r["plan_number"] for r in rows} == {"285/KH-UBND"}
    assert "duplicate-code" in {r["kind"] for r in rows}


# -- the pages --------------------------------------------------------------------------------------


def corpus_table(html: str) -> list[tuple[str, int, int]]:
    """(plan number, errors, warnings) of each row of the corpus page's table."""
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    rows = []
    for row in re.findall(r"<tr.*?</tr>", body, flags=re.S):
        number = re.search(r'<a href="/quality/[^"]+">([^<]+)</a>', row)
        cells = re.findall(r'<td class="num">(?:<strong class="kind-error">)?(\d+)', row)
        assert number, row
        rows.append((number.group(1), int(cells[1]), int(cells[2])))
    return rows


def test_the_corpus_page_lists_every_document_errors_first(
    workbench_url: str, workbench_store: tuple[object, Path], findings: list[dict[str, object]]
) -> None:
    store, _ = workbench_store
    plans = run(store, "plans").as_dicts()  # type: ignore[arg-type]
    page = get(workbench_url, "/quality", lang="en")
    assert page.status_code == 200
    rows = corpus_table(page.text)
    assert sorted(number for number, _, _ in rows) == sorted(str(p["number"]) for p in plans)
    errors = Counter(str(r["plan_number"]) for r in findings if r["level"] == "error")
    warnings = Counter(str(r["plan_number"]) for r in findings if r["level"] == "warning")
    assert {(n, e, w) for n, e, w in rows} == {
        (str(p["number"]), errors[str(p["number"])], warnings[str(p["number"])]) for p in plans
    }
    assert [(-e, -w) for _, e, w in rows] == sorted((-e, -w) for _, e, w in rows)  # errors first
    assert rows[0][1] > 0  # some document has error-level findings
    by_number = get(workbench_url, "/quality", sort="number", order="asc", lang="en")
    numbers = [n for n, _, _ in corpus_table(by_number.text)]
    assert numbers == sorted(numbers, key=str.lower)
    assert 'aria-sort="ascending"' in by_number.text
    by_kind = corpus_table(get(workbench_url, "/quality", sort="duplicate-code", lang="en").text)
    dups = Counter(str(r["plan_number"]) for r in findings if r["kind"] == "duplicate-code")
    assert [dups[n] for n, _, _ in by_kind] == sorted((dups[n] for n, _, _ in by_kind), reverse=True)


def test_a_document_page_shows_its_findings_by_kind_with_lines_and_links(
    workbench_url: str, workbench_store: tuple[object, Path]
) -> None:
    store, _ = workbench_store
    rows = run(store, "findings", {"plan": "285/KH-UBND"}).as_dicts()  # type: ignore[arg-type]
    page = get(workbench_url, "/quality/" + quote("285/KH-UBND", safe=""), lang="en")
    assert page.status_code == 200
    kinds = re.findall(r'<div class="findings kind-section-\w+" id="kind-([a-z-]+)">', page.text)
    assert kinds == sorted(
        {str(r["kind"]) for r in rows}, key=lambda k: (k not in ERROR_KINDS, KIND_ORDER.index(k))
    )
    for row in rows:
        assert f'<td lang="en">{escape(str(row["message"]))}</td>' in page.text, row  # ingest's English
    table_lines = re.findall(r'<tr><td class="num">(\d*)</td>', page.text)
    assert sorted(table_lines) == sorted(str(r["line"] or "") for r in rows)
    links = set(re.findall(r'href="(/plans/[^"#]+)#(task-[^"]+)"', page.text))
    assert links, "a finding on a task links to it"
    for path, anchor in links:
        plan_page = get(workbench_url, path)
        assert plan_page.status_code == 200 and f'id="{anchor}"' in plan_page.text
    assert get(workbench_url, "/quality/999%2FKH-UBND").status_code == 404


def test_the_plan_page_banner_says_when_findings_are_error_level(
    workbench_url: str, findings: list[dict[str, object]]
) -> None:
    with_errors = sorted({str(r["plan_number"]) for r in findings if r["level"] == "error"})
    only_warnings = sorted({str(r["plan_number"]) for r in findings} - set(with_errors))
    assert with_errors and only_warnings
    page = get(workbench_url, "/plans/" + quote(with_errors[0], safe=""), lang="en").text
    banner = page[page.index('id="quality-banner"') :]
    errors = sum(1 for r in findings if r["plan_number"] == with_errors[0] and r["level"] == "error")
    assert f"This document has {errors} error-level findings" in banner
    assert f'href="/quality/{quote(with_errors[0], safe="")}"' in banner
    vi = get(workbench_url, "/plans/" + quote(with_errors[0], safe=""), lang="vi").text
    assert f"Văn bản này có {errors} lỗi khi đọc" in vi
    calm = get(workbench_url, "/plans/" + quote(only_warnings[0], safe=""), lang="en").text
    assert 'id="quality-banner"' not in calm and 'id="quality-note"' in calm


def test_the_corpus_page_in_a_browser(workbench_url: str, browser: object) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")  # type: ignore[attr-defined]
    foreign: list[str] = []
    context.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(workbench_url) else None)
    try:
        page = context.new_page()
        page.goto(workbench_url + "/quality?lang=en")
        expect(page.locator("h1")).to_have_text("Data quality")
        rows = page.locator("table.quality tbody tr")
        expect(rows.first).to_have_class(re.compile("has-errors"))
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "quality-1.png"))
        page.locator('th a[data-sort="number"]').click()
        page.wait_for_url("**/quality?sort=number&order=asc")
        numbers = rows.locator("td:first-child > a").all_inner_texts()
        assert numbers == sorted(numbers, key=str.lower)
        page.locator("table.quality tbody tr.has-errors td:first-child > a").first.click()
        page.wait_for_url("**/quality/**")
        expect(page.locator(".kind-section-error").first).to_be_visible()
    finally:
        context.close()
    assert not foreign, foreign
