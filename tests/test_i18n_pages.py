"""Every page of the web UI in Vietnamese (the default) leaves no English UI string, and every page has its
English version (``Accept-Language: en``) with no Vietnamese UI phrase left, on the seeds and the real
corpus (``workbench_url``).

What is compared: the page's visible text (text nodes, ``title``, ``placeholder``, ``aria-label``, ``alt``,
button values; an iframe's ``srcdoc`` page too) against every English UI string there is: the ``en`` values
of ``api.i18n.STRINGS`` (placeholders split out), the English summaries and parameter help of the named
queries, and the English words of the network views (``viz``). Matched as whole words, case-sensitive, so
a data value that merely contains an English word does not count. Not compared, each for a reason:

* ``script``, ``style``: code, not text (the vis-network views draw their labels from data);
* ``textarea``, ``code``, ``pre``: what a user typed or can run (SPARQL with its English comments), query
  names, parameter values to type (``lead|partner``);
* elements marked ``translate="no"``: an engine's or parser's own message kept verbatim as technical
  detail under the Vietnamese message, e.g. ``error at 1:8: expected …``;
* elements marked ``lang="en"``: text recorded in English that the page shows as data (ingest's findings
  messages, "two rows numbered 7.d"), marked so that a screen reader reads it as English;
* a named query's name in quotes (“tasks”, “document-links”): an identifier, as in the REST routes.

The pages are the web router's GET routes (``api.web.routes.router``), each with sample URLs below; a route
with no sample fails ``test_every_page_route_has_a_sample`` (add one), a sample whose route is not there
(yet) is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import quote

import httpx
import pytest
from workbench import SCREENSHOTS

from api.i18n import STRINGS
from api.web.routes import router
from queries.library import default_library

# route path -> sample URLs (plans, agencies and documents of the seeds and the corpus)
SAMPLES: dict[str, list[str]] = {
    "/": ["/"],
    "/search": ["/search", "/search?q=dong%20thap", "/search?q=1085", "/search?q=khong-co-gi-ca-xyz"],
    "/plans/{plan_id:path}": ["/plans/285%2FKH-UBND", "/plans/465%2FQĐ-UBND", "/plans/999%2FKH-UBND"],
    "/plans/{plan_id:path}/network": ["/plans/285%2FKH-UBND/network"],
    "/agencies/{agency_id:path}": ["/agencies/org/dong-thap/so-noi-vu", "/agencies/org/dong-thap/khong-co"],
    "/provinces/{slug}": ["/provinces/dong-thap", "/provinces/can-tho", "/provinces/khong-co"],
    "/documents/{document_id:path}": ["/documents/76%2FNQ-CP", "/documents/285%2FKH-UBND"],
    "/trace": ["/trace", "/trace?document=76/NQ-CP", "/trace?document=999/NQ-CP"],
    "/trace/graph": ["/trace/graph?document=76/NQ-CP", "/trace/graph"],
    "/network": ["/network", "/network?province=dong%20thap"],
    "/query": [
        "/query",
        "/query?name=tasks",
        "/query?name=tasks&param_plan=285/KH-UBND",
        "/query?name=lead-partner&param_province=soc%20trang",
        "/query?query=" + quote("SELEC * WHERE { ?s ?p ?o }"),
        "/query?query=" + quote("SELECT * WHERE { ?t cchc:label ?l }"),
        "/query?query=" + quote("INSERT DATA { <urn:a> <urn:b> <urn:c> }"),
        "/query?query=" + quote("ASK { ?s ?p ?o }"),
        "/query?query=" + quote("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3"),
    ],
    "/query/results.{fmt}": ["/query/results.pdf?name=plans"],  # an HTML error page; the others are files
    "/upload": ["/upload"],
    "/charts": ["/charts", "/charts?province=dong%20thap"],
    "/quality": ["/quality"],
    "/quality/{plan_id:path}": ["/quality/285%2FKH-UBND"],
    "/documents/{document_id:path}/quality": ["/documents/285%2FKH-UBND/quality"],
}
EXTRA_PAGES = ["/no-such-page"]  # the HTML 404 of a path no route has (browsers only)
NOT_PAGES = {
    "/static/{name}": "CSS and JS files",
    "/favicon.ico": "the site icon",
    "/network.{fmt}": "the network as GraphML, GEXF or CSV (files)",
}

# STRINGS whose Vietnamese is the English on purpose: names and formats, the same in both languages
SAME_IN_BOTH = {"site_name"}
SAME_IN_BOTH_VALUES = {"CCHC-KG", "CSV", "JSON", "TSV", "PNG", "SVG", "GraphML", "GEXF", "SPARQL", "IRI"}

SKIPPED_ELEMENTS = {"script", "style", "textarea", "code", "pre"}
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
TEXT_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")


class VisibleText(HTMLParser):
    """The text a reader sees or hears, without the elements left out on purpose (module docstring)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []  # the open elements whose content is left out

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        skip = tag in SKIPPED_ELEMENTS or values.get("translate") == "no" or values.get("lang") == "en"
        if not self.skipping and not skip:
            self.parts += [str(values[a]) for a in TEXT_ATTRIBUTES if values.get(a)]
            if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
                self.parts.append(str(values["value"]))
            if tag == "iframe" and values.get("srcdoc"):
                self.parts.append(visible_text(str(values["srcdoc"])))
        if tag not in VOID_ELEMENTS and (self.skipping or skip):
            self.skipping.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self.skipping and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    """The visible text of a page, one line per text node or attribute."""
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return "\n".join(parser.parts)


def _viz_english() -> list[str]:
    """The English words of the network views (``viz``), where viz is installed."""
    found: list[str] = []
    for module_name, names in {
        "viz.html": ["STRINGS"],
        "viz.legend": ["NOTES"],
        "viz.style": ["AGENCY_KIND_LABELS", "TYPE_LABELS"],
        "viz.visdata": ["ROLE_WORDS", "INFO_WORDS"],
    }.items():
        module = _optional(module_name)
        for name in names:
            table = getattr(module, name, None) if module else None
            if isinstance(table, dict) and isinstance(table.get("en"), dict):
                vi = table.get("vi", {})
                found += [v for k, v in table["en"].items() if isinstance(v, str) and v != vi.get(k)]
    return found


def _optional(name: str) -> object | None:
    try:
        return __import__(name, fromlist=["_"])
    except ImportError:
        return None


def english_phrases() -> dict[str, str]:
    """Every English UI phrase -> where it comes from. A string with placeholders gives its fixed parts."""
    phrases: dict[str, str] = {}

    def add(text: str, origin: str) -> None:
        for part in re.split(r"\{[^}]*\}", text):
            part = part.strip(" .,:;()—–-…/")
            if len(part) >= 2 and re.search(r"[A-Za-z]{2}", part) and part not in SAME_IN_BOTH_VALUES:
                phrases.setdefault(part, origin)

    for key, entry in STRINGS.items():
        if key not in SAME_IN_BOTH and entry.get("en") and entry.get("en") != entry.get("vi"):
            add(entry["en"], f"STRINGS[{key!r}]")
    for query in default_library().values():
        add(query.summary, f"summary of {query.name}")
        for param in query.params:
            if param.description:
                add(param.description, f"help of {query.name}.{param.name}")
    for text in _viz_english():
        add(text, "viz")
    return phrases


def _without_query_names(text: str) -> str:
    """``text`` without the named queries' names in quotes (“tasks”, “document-links”): identifiers."""
    names = sorted(default_library(), key=len, reverse=True)
    return re.sub("“(?:" + "|".join(map(re.escape, names)) + ")”", "“⟨query⟩”", text)


def english_left(text: str, phrases: dict[str, str]) -> list[str]:
    """The English phrases found in ``text`` (whole words, case-sensitive), with where they come from."""
    text = _without_query_names(text)
    found = []
    for phrase, origin in phrases.items():
        match = re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text)
        if match:
            context = text[max(0, match.start() - 40) : match.end() + 40].replace("\n", " | ")
            found.append(f"{phrase!r} ({origin}) in …{context}…")
    return found


def page_routes() -> list[str]:
    """The web router's GET routes (its pages)."""
    import api.web  # noqa: F401  (importing the page modules registers their routes)

    return sorted({r.path for r in router.routes if "GET" in getattr(r, "methods", set())})


def sample_urls() -> Iterator[str]:
    routes = set(page_routes())
    for route, urls in SAMPLES.items():
        if route in routes:
            yield from urls
    yield from EXTRA_PAGES


@pytest.fixture(scope="module")
def phrases() -> dict[str, str]:
    return english_phrases()


@pytest.fixture(scope="module")
def http(workbench_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=workbench_url, timeout=120, headers={"Accept": "text/html"}) as client:
        yield client


def test_every_page_route_has_a_sample() -> None:
    missing = [r for r in page_routes() if r not in SAMPLES and r not in NOT_PAGES]
    assert not missing, f"pages without a sample URL in tests/test_i18n_pages.py SAMPLES: {missing}"


def test_the_english_phrases_are_many_and_real(phrases: dict[str, str]) -> None:
    """The comparison has something to compare: every kind of source, and known phrases among them."""
    origins = {origin.split("[")[0].split(" of ")[0] for origin in phrases.values()}
    assert {"STRINGS", "summary", "help"} <= origins
    assert phrases["Tasks by reform area"] == "STRINGS['tasks_by_area']"
    assert "Tasks whose time frame overlaps a date range (e.g. Q2 2021), with their agencies" in phrases
    assert english_left("Nhiệm vụ theo lĩnh vực cải cách", phrases) == []
    found = english_left("Tasks by reform area: 12", phrases)
    assert any(f.startswith("'Tasks by reform area' (STRINGS['tasks_by_area']) in") for f in found), found


@pytest.mark.parametrize("url", list(sample_urls()))
def test_a_page_in_vietnamese_has_no_english_left(
    http: httpx.Client, phrases: dict[str, str], url: str
) -> None:
    page = http.get(url)
    assert page.status_code < 500, f"{url}: {page.status_code}"
    assert page.headers["content-type"].startswith("text/html"), url
    assert re.search(r'<html lang="vi"', page.text), f"{url} is not marked Vietnamese"
    text = visible_text(page.text)
    assert text.strip(), f"{url} shows nothing"
    left = english_left(text, phrases)
    assert not left, f"English left on {url} in Vietnamese mode: {left}"


def vietnamese_phrases() -> dict[str, str]:
    """The Vietnamese UI phrases of two words or more (single words such as "tỉnh" are common in data)."""
    phrases: dict[str, str] = {}
    for key, entry in STRINGS.items():
        for part in re.split(r"\{[^}]*\}", entry["vi"]):
            part = part.strip(" .,:;()—–-…/")
            if len(part.split()) >= 2 and part != entry["en"]:
                phrases.setdefault(part, f"STRINGS[{key!r}]")
    return phrases


@pytest.mark.parametrize("url", list(sample_urls()))
def test_a_page_in_english_is_english(http: httpx.Client, url: str) -> None:
    vietnamese = http.get(url)
    english = http.get(url, headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert english.status_code == vietnamese.status_code, url
    assert re.search(r'<html lang="en"', english.text), f"{url} is not marked English"
    text = visible_text(english.text)
    assert text != visible_text(vietnamese.text), f"{url}: nothing translated"
    left = english_left(text, vietnamese_phrases())  # the same whole-phrase search, the other way round
    assert not left, f"Vietnamese UI left on {url} in English mode: {left}"


# Pages whose words are drawn by their script (the editor's YASGUI, the charts, the network views), opened
# in a real browser and read once drawn; and the vendored libraries' own English (YASGUI, its DataTables),
# which the pages must relabel. Left out besides the module's list: the query text (.yasqe), tab names (a
# query's name), the editor's history (past queries), result rows and column names (data, variables).
DRAWN_PAGES = [
    "/query?name=tasks&param_plan=285/KH-UBND",
    "/charts",
    "/network?province=dong%20thap",
    "/trace/graph?document=76/NQ-CP",
]
VENDOR_ENGLISH = [
    "Showing", "entries", "Previous", "Next", "No data available in table", "Filter query results",
    "Simple view", "Ellipse", "Page size", "Download result", "Share query", "Add tab", "Table", "Response",
    "Show all", "Loading", "Open settings", "Clear endpoint", "Shows", "Download Results",
    "View documentation of", "Close tab", "Activate to sort", "pagination", "First", "Last",
]  # fmt: skip
SHOWN_TEXT = """() => {
  const page = document.body.cloneNode(true);
  page.querySelectorAll('script, style, textarea, code, pre, [hidden], [translate="no"], [lang="en"],'
    + ' .CodeMirror, .yasqe, .tabsList .tab > a > span, .history-list, .yasr_results tbody')
    .forEach((e) => e.remove());
  page.querySelectorAll('.yasr_results thead th').forEach((th) => {  // a column's name is a variable
    const name = th.textContent.trim();
    [th, ...th.querySelectorAll('*')].forEach((e) => ['aria-label', 'title'].forEach((a) => {
      if (name && e.hasAttribute(a)) e.setAttribute(a, e.getAttribute(a).split(name).join(''));
    }));
    const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) walker.currentNode.nodeValue = '';
  });
  const said = [...page.querySelectorAll('[title], [placeholder], [aria-label], [alt]')].flatMap((e) =>
    ['title', 'placeholder', 'aria-label', 'alt'].map((a) => e.getAttribute(a)).filter(Boolean));
  return [page.innerText, ...said].join('\\n');
}"""


@pytest.mark.parametrize("url", DRAWN_PAGES)
def test_a_page_drawn_by_its_script_in_vietnamese_has_no_english_left(
    workbench_url: str, browser: object, phrases: dict[str, str], url: str
) -> None:
    route = url.split("?")[0]
    if route not in page_routes():
        pytest.skip(f"no {route} page yet")
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")  # type: ignore[attr-defined]
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(workbench_url + url, wait_until="networkidle")
        if route == "/query":
            page.wait_for_selector("#editor-status[data-rows]", timeout=30_000)
            page.wait_for_selector("#yasgui .yasr_results tbody tr", timeout=30_000)
        page.wait_for_timeout(500)
        if route == "/query":  # the named queries' summaries and the editor in Vietnamese
            page.screenshot(path=str(SCREENSHOTS / "language-1.png"))
        text = page.evaluate(SHOWN_TEXT)
        assert page.evaluate("document.documentElement.lang") == "vi"
    finally:
        context.close()
    foreign = [
        r for r in requests if not r.startswith(workbench_url + "/") and not r.startswith(("blob:", "data:"))
    ]
    assert not foreign, f"requests to other hosts: {foreign}"
    assert len(re.findall("[ạảàáâậầấẩăắằặđệếềểộồốổơớờợưứừự]", text)) > 20, text  # it was read, in Vietnamese
    words = {**phrases, **{w: "YASGUI/DataTables" for w in VENDOR_ENGLISH}}
    left = english_left(text, words)
    assert not left, f"English left on {url} (drawn) in Vietnamese mode: {left}"
