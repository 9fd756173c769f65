"""The editor's downloads: which formats a result offers, and the file written in one of them.

A SELECT is offered as CSV (with a UTF-8 byte order mark, so that Excel reads Vietnamese right), TSV,
JSON and the SPARQL result formats; a CONSTRUCT or DESCRIBE as Turtle, N-Triples, JSON-LD and RDF/XML
(the writer registry ``api.writers``). A named query run by name downloads its own rows (with the
library's post-processing), the same bytes as ``/api/queries/{name}?format=…`` apart from the CSV's mark.
"""

from __future__ import annotations

from dataclasses import dataclass

from api.writers import GRAPH_FORMATS, ROW_FORMATS, Output, UnknownFormat, Writer, by_suffix, plain
from ontology.errors import CchcError
from queries.library import QueryResult
from queries.store import SparqlResult

UTF8_BOM = "\ufeff"
EDITOR_ROW_FORMATS: tuple[Writer, ...] = ROW_FORMATS
EDITOR_GRAPH_FORMATS: tuple[Writer, ...] = GRAPH_FORMATS


class NoSuchDownload(CchcError):
    """A download the editor does not offer (an unknown file type, or one the result's kind cannot take)."""

    status = 404


@dataclass(frozen=True)
class Download:
    """A file to send: its text, media type and name."""

    body: str
    media_type: str
    filename: str


def rows_of(result: SparqlResult) -> QueryResult:
    """A SELECT's solutions as plain values (what the CSV, TSV and JSON downloads carry)."""
    columns = list(result.columns)
    return QueryResult(columns, [tuple(plain(values.get(c)) for c in columns) for values in result.rows])


def offered(kind: str) -> tuple[Writer, ...]:
    """The formats a result of ``kind`` (select | ask | graph) can be downloaded in."""
    if kind == "graph":
        return EDITOR_GRAPH_FORMATS
    if kind == "select":
        return EDITOR_ROW_FORMATS
    return ()


def writer_for(suffix: str, kind: str) -> Writer:
    """The writer of file type ``suffix`` for a result of ``kind``, or NoSuchDownload naming what is."""
    formats = offered(kind)
    if not formats:
        raise NoSuchDownload(
            f"a {kind.upper()} result cannot be downloaded", expected="a SELECT or CONSTRUCT"
        )
    try:
        return by_suffix(suffix, formats)
    except UnknownFormat as error:
        known = {w.suffix for w in (*EDITOR_ROW_FORMATS, *EDITOR_GRAPH_FORMATS)}
        if "." + suffix.lower().lstrip(".") in known:  # a real file type, of the other kind of result
            raise NoSuchDownload(
                f"a {kind.upper()} result cannot be downloaded as {suffix}", expected=error.expected
            ) from None
        raise NoSuchDownload(error.message, expected=error.expected) from None


def download(result: SparqlResult | QueryResult, suffix: str, name: str | None) -> Download:
    """The result written as a ``.suffix`` file named after the named query (or ``query``)."""
    if isinstance(result, SparqlResult) and result.kind == "select":
        result = rows_of(result)
    kind = "select" if isinstance(result, QueryResult) else result.kind
    writer = writer_for(suffix, kind)
    body = writer.write(Output.of(result, name))
    if writer.name == "csv":
        body = UTF8_BOM + body
    return Download(body, writer.media_type + "; charset=utf-8", (name or "query") + writer.suffix)
