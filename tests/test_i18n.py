"""The language rule (``?lang=``, then the ``lang`` cookie, then ``Accept-Language``, else Vietnamese), the
strings in both languages, the named queries' Vietnamese summaries and help, and error pages whose message
is in the page's language by the error's code (the engine's English kept as technical detail)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html import unescape
from pathlib import Path
from string import Formatter

import httpx
import pytest
from fastapi import FastAPI, Query
from fastapi.testclient import TestClient
from test_i18n_pages import SAME_IN_BOTH, SAME_IN_BOTH_VALUES, visible_text

from api.errors import ReadOnlyEndpoint, explain_query_error
from api.i18n import STRINGS, accepted_language, error_message, request_language
from api.serving.limits import QueryTimeout, RequestLimits, timeout_message, too_large
from api.serving.query_pool import WorkerDied
from api.settings import Settings
from api.web.routes import WebRoute
from ontology import DEFAULT_BASE_IRI
from ontology.errors import CchcError
from queries.errors import QuerySyntaxError
from queries.library import BadParameter, MissingParameter, bind_parameters, default_library, get_query
from queries.store import EmbeddedStore

# -- the language rule -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("en", "en"),
        ("en-US,en;q=0.9", "en"),
        ("vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7", "vi"),
        ("fr-FR,fr;q=0.9,en;q=0.5", "en"),  # French is not offered: English is the best of what is
        ("en;q=0.3, vi;q=0.8", "vi"),  # by q-value, not by order
        ("EN-gb", "en"),
        ("en;q=0, vi;q=0.1", "vi"),  # q=0: not acceptable
        ("vi, en", "vi"),  # a tie: the first listed
        ("en, vi", "en"),
        ("en;q=abc", None),  # a malformed q counts as 0
        ("fr, de", None),
        ("*", None),
        ("", None),
        (None, None),
    ],
)
def test_accept_language_picks_the_best_ranked_of_vi_and_en(header: str | None, language: str | None) -> None:
    assert accepted_language(header) == language


def test_the_query_wins_then_the_cookie_then_accept_language_then_vietnamese() -> None:
    assert request_language({"lang": "en"}, {"lang": "vi"}, "vi") == "en"
    assert request_language({"lang": "vi"}, {"lang": "en"}, "en") == "vi"
    assert request_language({}, {"lang": "en"}, "vi") == "en"
    assert request_language({}, {"lang": "vi"}, "en") == "vi"
    assert request_language({}, {}, "en-US,en;q=0.9") == "en"
    assert request_language({}, {}, "fr") == "vi"
    assert request_language({}, {}) == "vi"
    assert request_language({"lang": "de"}, {"lang": "xx"}, "en") == "en"  # unknown values are ignored


def test_pages_follow_the_rule_over_http(workbench_url: str) -> None:
    """On the served app (its response cache keyed by Accept-Language and Cookie included)."""

    def lang(query: str = "", **headers: str) -> tuple[str, str]:
        sent = {name.replace("_", "-"): value for name, value in headers.items()}
        page = httpx.get(workbench_url + "/" + query, headers=sent, timeout=60)
        assert page.status_code == 200
        marked = re.search(r'<html lang="(\w+)"', page.text)
        assert marked and "Accept-Language" in page.headers.get("vary", "")
        assert page.headers["content-language"] == marked.group(1)
        return marked.group(1), page.headers.get("x-cchc-cache", "")

    assert lang()[0] == "vi"
    assert lang()[0] == "vi"  # the second time from the response cache
    assert lang(Accept_Language="en-US,en;q=0.9")[0] == "en"  # not the Vietnamese page kept above
    assert lang(Accept_Language="en-US,en;q=0.9")[0] == "en"
    assert lang(Accept_Language="vi")[0] == "vi"
    assert lang(Accept_Language="fr")[0] == "vi"
    assert lang(Accept_Language="en", Cookie="lang=vi")[0] == "vi"
    assert lang(Accept_Language="vi", Cookie="lang=en")[0] == "en"
    assert lang("?lang=vi", Accept_Language="en", Cookie="lang=en")[0] == "vi"
    chosen = httpx.get(workbench_url + "/", params={"lang": "en"}, timeout=60)
    assert chosen.cookies.get("lang") == "en"  # ?lang= is remembered
    english = httpx.get(workbench_url + "/", headers={"Accept-Language": "en"}, timeout=60)
    assert "Tasks by reform area" in english.text and "Nhiệm vụ theo lĩnh vực cải cách" not in english.text


# -- the strings -----------------------------------------------------------------------------------


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


def test_every_string_has_both_languages_with_the_same_placeholders() -> None:
    for key, entry in STRINGS.items():
        assert set(entry) == {"vi", "en"}, key
        assert entry["vi"].strip() and entry["en"].strip(), key
        assert _placeholders(entry["vi"]) == _placeholders(entry["en"]), key
        if key not in SAME_IN_BOTH and entry["en"] not in SAME_IN_BOTH_VALUES:
            assert entry["vi"] != entry["en"], f"{key}: the Vietnamese is the English ({entry['en']!r})"


def test_every_named_query_has_a_vietnamese_summary_and_help() -> None:
    library = default_library()
    assert len(library) >= 20
    for query in library.values():
        assert query.summary_vi and query.summary_vi != query.summary, query.name
        assert query.summary_in("vi") == query.summary_vi and query.summary_in("en") == query.summary
        for param in query.params:
            assert param.description_vi and param.description_vi != param.description, (
                query.name,
                param.name,
            )
            assert param.description_in("vi") == param.description_vi
    due = library["due"]
    assert due.summary_vi.startswith("Các nhiệm vụ có thời gian thực hiện giao với một khoảng ngày")
    assert due.param("from").description_in("vi") == "ngày đầu của khoảng, YYYY-MM-DD"  # type: ignore[union-attr]


def test_a_vietnamese_line_for_a_parameter_the_query_does_not_have_is_refused(tmp_path: Path) -> None:
    from queries.library import QueryFileError, parse_query_file

    source = (default_library()["plans"].path).read_text(encoding="utf-8")
    bad = tmp_path / "plans.rq"
    bad.write_text(source.replace("# param@vi: province —", "# param@vi: provinec —"), encoding="utf-8")
    with pytest.raises(QueryFileError, match="provinec"):
        parse_query_file(bad)
    bad.write_text(source.replace("# summary@vi:", "# summary@fr:"), encoding="utf-8")
    with pytest.raises(QueryFileError, match="unknown language"):
        parse_query_file(bad)


def test_api_queries_adds_the_vietnamese_fields(workbench_url: str) -> None:
    listed = {q["name"]: q for q in httpx.get(workbench_url + "/api/queries", timeout=60).json()}
    tasks = listed["tasks"]
    assert set(tasks) >= {"name", "summary", "summary_vi", "params", "columns", "lists"}
    assert tasks["summary"].startswith("The tasks of one plan") and tasks["summary_vi"].startswith(
        "Các nhiệm vụ"
    )
    [plan] = tasks["params"]
    assert set(plan) >= {"name", "type", "required", "description", "choices", "description_vi"}
    assert plan["description_vi"].startswith("số hiệu kế hoạch")


# -- error messages by code ------------------------------------------------------------------------


def _domain_errors() -> list[type[CchcError]]:
    import api.app  # (importing it loads every module that defines an error the app can raise)
    import api.web  # noqa: F401

    seen: list[type[CchcError]] = []
    todo = [CchcError]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.append(sub)
                todo.append(sub)
    return seen


# errors a page never shows by their own message: 500s (the page says "internal error" and logs them) and
# the JSON-only wrapper of HTTP errors (pages map HTTP errors by status: http_404, http_405, http_error)
NO_OWN_MESSAGE = {"RequestError"}


def test_every_domain_error_a_page_can_show_has_a_message_in_both_languages() -> None:
    generic = {STRINGS["error_CchcError"]["vi"], STRINGS["error_CchcError"]["en"]}
    missing = []
    for cls in _domain_errors():
        project = cls.__module__.split(".")[0] in {"api", "queries", "ontology", "ingest", "viz"}
        if not project or cls.status == 500 or cls.__name__ in NO_OWN_MESSAGE:
            continue
        error = cls.__new__(cls)
        if error_message(error, "vi", seconds=1, limit=1) in generic:
            missing.append(f"{cls.__module__}.{cls.__name__}")
    assert not missing, f"add STRINGS['error_<Class>'] (vi and en) for: {missing}"
    assert error_message(WorkerDied("x"), "vi") == STRINGS["error_StoreError"]["vi"]  # by its ancestor
    assert error_message("QueryTimeout", "en", seconds=30).startswith("The query did not finish within")


def _error_app(tmp_path: Path, raise_it: Callable[[], None]) -> TestClient:
    """One page route raising what ``raise_it`` raises, answered by the web UI's error pages."""
    app = FastAPI()
    app.state.settings = Settings(
        tmp_path / "store", DEFAULT_BASE_IRI, query_timeout=7, max_request_bytes=10_000
    )

    def page() -> None:
        raise_it()

    def needs(document: str = Query(...)) -> None:
        return None

    app.router.routes.append(WebRoute("/page", page))
    app.router.routes.append(WebRoute("/needs", needs))
    return TestClient(app)


@pytest.fixture(scope="module")
def parse_error() -> Iterator[Callable[[str], CchcError]]:
    """The real parser's error on a text, said plainly as the endpoint says it (``explain_query_error``)."""
    with EmbeddedStore(None) as store:

        def error_of(text: str) -> CchcError:
            with pytest.raises(QuerySyntaxError) as raised:
                store.run(text)
            return explain_query_error(raised.value, text)

        yield error_of


def _raiser(error: BaseException) -> Callable[[], None]:
    def raise_it() -> None:
        raise error

    return raise_it


def _caught(call: Callable[[], object]) -> CchcError:
    with pytest.raises(CchcError) as raised:
        call()
    return raised.value


@pytest.mark.parametrize(
    ("make", "status", "vi", "en"),
    [
        (
            lambda _: QueryTimeout(timeout_message(RequestLimits(0, 7, 10))),
            503,
            "Truy vấn không xong trong thời gian cho phép (7 giây) nên đã bị dừng.",
            "The query did not finish within the time limit (7 s) and was stopped.",
        ),
        (lambda _: too_large(20_000, 10_000), 413, "tối đa 10.000 byte", "at most 10,000 bytes"),
        (
            lambda parse: parse("SELEC * WHERE { ?s ?p ?o }"),
            400,
            "Truy vấn SPARQL sai cú pháp. Tại dòng 1, cột 10.",  # the parser's position
            "The SPARQL query does not parse. At line 1, column 10.",
        ),
        (
            lambda parse: parse("SELECT * WHERE {\n  ?t cchc:label ?l }"),
            400,
            "Tiền tố chưa khai báo: cchc: — hãy thêm một dòng PREFIX cho tiền tố này. Tại dòng 2, cột 6.",
            "Unknown prefix cchc: — add a PREFIX line for it. At line 2, column 6.",
        ),
        (
            lambda parse: parse("INSERT DATA { <urn:a> <urn:b> <urn:c> }"),
            403,
            "Điểm truy vấn này chỉ đọc: không nhận lệnh cập nhật SPARQL (INSERT, DELETE, …).",
            "This endpoint is read-only: it takes no SPARQL Update (INSERT, DELETE, …).",
        ),
        (
            lambda _: _caught(lambda: bind_parameters(get_query("tasks"), {})),
            400,
            "Thiếu một tham số bắt buộc của truy vấn.",
            "A required parameter of the query is missing.",
        ),
        (
            lambda _: _caught(lambda: bind_parameters(get_query("due"), {"from": "2021-13-01", "to": "x"})),
            400,
            "Giá trị tham số không hợp lệ.",
            "A parameter value is not valid.",
        ),
        (
            lambda _: _caught(lambda: get_query("no-such-query")),
            404,
            "Không có truy vấn mẫu mang tên này.",
            "There is no named query of this name.",
        ),
        (
            lambda _: WorkerDied("the query worker ended without answering"),
            503,
            "Kho dữ liệu tạm thời không trả lời được; hãy thử lại sau.",
            "The store cannot answer now; try again later.",
        ),
    ],
    ids=[
        "timeout",
        "too-large",
        "syntax",
        "unknown-prefix",
        "read-only",
        "missing",
        "bad",
        "query",
        "worker",
    ],
)
def test_an_error_page_says_it_in_the_pages_language_and_keeps_the_detail(
    tmp_path: Path,
    parse_error: Callable[[str], CchcError],
    make: Callable[[Callable[[str], CchcError]], CchcError],
    status: int,
    vi: str,
    en: str,
) -> None:
    error = make(parse_error)
    client = _error_app(tmp_path, _raiser(error))
    page = client.get("/page")
    assert page.status_code == status and '<html lang="vi">' in page.text
    message = unescape(page.text.split('<p class="error-message">')[1].split("</p>")[0])
    assert vi in message
    assert error.message not in visible_text(page.text)  # the English only as folded technical detail…
    detail = unescape(page.text.split('<pre lang="en" translate="no">')[1].split("</pre>")[0])
    assert error.message in detail  # …kept as it was
    english = client.get("/page", headers={"Accept-Language": "en"})
    assert english.status_code == status and en in unescape(english.text)
    if isinstance(error, QueryTimeout):
        assert page.headers["retry-after"] == "5"
    if isinstance(error, ReadOnlyEndpoint):
        assert "INSERT" in detail


def test_http_errors_of_pages_are_said_in_the_pages_language(tmp_path: Path) -> None:
    client = _error_app(tmp_path, _raiser(MissingParameter("x")))
    missing = client.get("/needs")
    assert missing.status_code == 422
    assert "Thiếu tham số hoặc tham số không hợp lệ: <code>document</code>." in missing.text
    assert "Field required" not in visible_text(missing.text) and "Field required" in missing.text
    english = client.get("/needs", params={"lang": "en"})
    assert "Missing or invalid parameters: <code>document</code>." in english.text


def test_the_unknown_page_of_the_app_is_vietnamese(workbench_url: str) -> None:
    page = httpx.get(workbench_url + "/no-such-page", headers={"Accept": "text/html"}, timeout=60)
    assert page.status_code == 404
    assert "Không có trang nào ở địa chỉ này." in page.text and "no route /no-such-page" in page.text
    assert "no route" not in visible_text(page.text)
    english = httpx.get(
        workbench_url + "/no-such-page", headers={"Accept": "text/html", "Accept-Language": "en"}
    )
    assert "There is no page at this address." in english.text


def test_a_bad_parameter_message_is_not_the_generic_one() -> None:
    """BadParameter and MissingParameter have their own words (not "the request could not be carried out")."""
    for error in (BadParameter("x"), MissingParameter("x")):
        assert error_message(error, "vi") != STRINGS["error_CchcError"]["vi"]


def test_a_page_cut_at_the_row_cap_says_so_in_its_language(workbench_store: tuple[object, Path]) -> None:
    """The home page lists every plan (15 on the seeds and the corpus): under a cap of 10 rows its plans
    table is cut, and the page says it (and sends X-SPARQL-MaxRows); under the default cap it says nothing."""
    from workbench import served

    store, path = workbench_store
    with served(store, path, max_rows=10) as url:
        cut = httpx.get(url + "/", timeout=120)
        english = httpx.get(url + "/", headers={"Accept-Language": "en"}, timeout=120)
    assert cut.status_code == 200 and cut.headers["X-SPARQL-MaxRows"] == "10"
    notice = 'class="notice rows-cut" role="status">'
    assert notice + "Một phần kết quả trên trang này đã bị cắt ở 10 dòng" in cut.text
    assert notice + "Some results on this page were cut at 10 rows" in english.text
    with served(store, path) as url:
        whole = httpx.get(url + "/", timeout=120)
    assert whole.status_code == 200 and "X-SPARQL-MaxRows" not in whole.headers
    assert "rows-cut" not in whole.text


def test_no_string_is_defined_twice() -> None:
    """A key written twice in STRINGS silently keeps the last one (it has happened with several helpers
    adding strings side by side): every key once."""
    import ast

    import api.i18n

    tree = ast.parse(Path(api.i18n.__file__).read_text(encoding="utf-8"))
    [strings] = [
        node.value
        for node in tree.body
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "STRINGS"
    ]
    assert isinstance(strings, ast.Dict)
    keys = [k.value for k in strings.keys if isinstance(k, ast.Constant)]
    assert len(keys) > 300
    twice = sorted({k for k in keys if keys.count(k) > 1})
    assert not twice, f"defined twice in api/i18n.py STRINGS: {twice}"
