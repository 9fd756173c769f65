"""Downloads everywhere (issue 17): every table of the plan, agency, document, trace and quality pages has
CSV and JSON links to the REST route of its named query; each link answers 200 and parses, CSV and JSON
give the same rows, and where the page shows the query's rows whole, as many rows as the table. On the
five seeds and the ten corpus plans (``workbench_url``)."""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from html import unescape
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import pytest

PLAN = "285/KH-UBND"
PAGES = [
    "/plans/" + quote(PLAN, safe=""),
    "/agencies/org/dong-thap/so-noi-vu",
    "/documents/" + quote("76/NQ-CP", safe=""),
    "/trace?document=" + quote("76/NQ-CP", safe=""),
    "/quality",
    "/quality/" + quote(PLAN, safe=""),
]


def get(url: str) -> httpx.Response:
    return httpx.get(url, timeout=60)


def sections(html: str) -> list[str]:
    """The page's ``<section …>…</section>`` blocks (not nested in this UI)."""
    return re.findall(r"<section\b.*?</section>", html, flags=re.S)


def download_links(html: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'<a class="download" href="([^"]+)"', html)]


@lru_cache
def columns(base: str) -> dict[str, list[str]]:
    """Each named query's columns, as ``/api/queries`` lists them."""
    return {query["name"]: query["columns"] for query in get(f"{base}/api/queries").json()}


def parsed(base: str, href: str) -> list[dict[str, str]] | list[dict[str, object]]:
    """The rows a download link answers (CSV or JSON), after checking the answer."""
    response = get(base + href)
    assert response.status_code == 200, (href, response.text[:300])
    fmt = parse_qs(urlsplit(href).query)["format"][0]
    name = urlsplit(href).path.rsplit("/", 1)[-1]
    if fmt == "csv":
        assert response.headers["content-type"].startswith("text/csv")
        reader = csv.DictReader(io.StringIO(response.text))
        rows = list(reader)
        assert reader.fieldnames and reader.fieldnames[0] == columns(base)[name][0], href
        return rows
    body = response.json()
    assert body["query"] == name and isinstance(body["rows"], list)
    return body["rows"]


@pytest.mark.parametrize("path", PAGES)
def test_every_table_has_downloads_that_parse(workbench_url: str, path: str) -> None:
    page = get(workbench_url + path + ("&" if "?" in path else "?") + "lang=en")
    assert page.status_code == 200
    markers = ("<table", 'class="tree"', 'class="luoc-do"', 'class="plan-work"')
    tabled = [  # a charts section carries each chart's own data links (api/templates/_chart.html)
        s
        for s in sections(page.text)
        if any(marker in s for marker in markers) and 'class="chart-data' not in s
    ]
    assert tabled, path
    for section in tabled:
        links = download_links(section)
        formats = sorted(parse_qs(urlsplit(href).query)["format"][0] for href in links)
        assert formats == ["csv", "json"], (path, section[:120])
        csv_rows, json_rows = (parsed(workbench_url, href) for href in sorted(links))
        assert len(csv_rows) == len(json_rows), links


def table_rows(section: str) -> int:
    """The rows of every table body of the section."""
    return sum(len(re.findall(r"<tr\b", body)) for body in re.findall(r"<tbody>.*?</tbody>", section, re.S))


def section_with(html: str, marker: str) -> str:
    return next(s for s in sections(html) if marker in s)


def test_whole_tables_have_as_many_rows_as_their_download(workbench_url: str) -> None:
    plan = get(f"{workbench_url}/plans/{quote(PLAN, safe='')}").text
    tasks = section_with(plan, 'id="tasks"')
    [tasks_csv] = [h for h in download_links(tasks) if h.endswith("format=csv")]
    assert "tasks?plan=https%3A%2F%2F" in tasks_csv  # by the plan's IRI
    assert table_rows(tasks) == len(parsed(workbench_url, tasks_csv)) == 32
    document = get(f"{workbench_url}/documents/{quote('76/NQ-CP', safe='')}").text
    implementing = section_with(document, 'id="implementing"')
    [trace_csv] = [h for h in download_links(implementing) if h.endswith("format=csv")]
    assert table_rows(implementing) == len(parsed(workbench_url, trace_csv)) == 3  # 285, 142, 465
    trace = get(f"{workbench_url}/trace?document={quote('76/NQ-CP', safe='')}").text
    tree = section_with(trace, 'id="tree"')
    [tree_csv] = [h for h in download_links(tree) if h.endswith("format=csv")]
    assert len(re.findall(r'class="node plan"', tree)) == len(parsed(workbench_url, tree_csv))
    quality = get(f"{workbench_url}/quality/{quote(PLAN, safe='')}").text
    [findings_csv] = [h for h in download_links(quality) if h.endswith("format=csv")]
    shown = sum(table_rows(s) for s in sections(quality) if "<table" in s)
    assert shown == len(parsed(workbench_url, findings_csv)) > 0


def test_a_filtered_task_list_still_downloads_every_task(workbench_url: str) -> None:
    plan = get(f"{workbench_url}/plans/{quote(PLAN, safe='')}?area=communication").text
    tasks = section_with(plan, 'id="tasks"')
    [tasks_json] = [h for h in download_links(tasks) if h.endswith("format=json")]
    assert table_rows(tasks) < len(parsed(workbench_url, tasks_json)) == 32
