"""The one registry of result writers: every format a result leaves the project in (CLI ``--format``,
REST ``?format=`` / Accept, the SPARQL endpoint's negotiation, the editor's downloads).

A ``Writer`` has a name (what ``--format`` / ``?format=`` say), the media types it answers to (the first is
its Content-Type), a file suffix, the result kinds it carries (select, ask, graph) and its write function.
Values are typed once (``plain``): xsd:integer / decimal / double → JSON numbers, xsd:boolean → true/false,
dates → ISO text, IRIs and other literals → text; the SPARQL results formats keep the RDF terms.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from json.encoder import encode_basestring
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from ontology.errors import CchcError
from ontology.prefixes import bind_prefixes
from queries.library import QueryResult, python_value
from queries.store import SparqlResult

# -- what a writer writes --------------------------------------------------------------------------


@dataclass(frozen=True)
class Output:
    """Solutions (columns and rows of RDF terms or plain values), an ASK answer, or a graph."""

    columns: Sequence[str] = ()
    rows: Sequence[Mapping[str, object]] = ()
    boolean: bool | None = None
    graph: Graph | None = None
    name: str | None = None  # the named query, written into the JSON document

    @property
    def kind(self) -> str:
        return "graph" if self.graph is not None else "ask" if self.boolean is not None else "select"

    @classmethod
    def of(cls, result: SparqlResult | QueryResult, name: str | None = None) -> Output:
        """A store result (RDF terms) or a named-query result (plain values)."""
        if isinstance(result, QueryResult):
            return cls(columns=list(result.columns), rows=result.as_dicts(), name=name)
        if result.kind == "graph":
            return cls(graph=result.graph if result.graph is not None else Graph(), name=name)
        if result.kind == "ask":
            return cls(boolean=bool(result.boolean), name=name)
        return cls(columns=list(result.columns), rows=result.rows, name=name)

    def select(self, columns: Sequence[str]) -> Output:
        """The same solutions with only ``columns`` (in that order)."""
        return replace(self, columns=list(columns))


_PLAIN = frozenset({str, int, float, bool, type(None)})


def plain(value: object) -> object:
    """The one typed conversion: an RDF term as a JSON-ready value (plain values pass through)."""
    if type(value) in _PLAIN:  # exact types: an rdflib term is a str subclass
        return value
    if isinstance(value, BNode):
        return f"_:{value}"
    if isinstance(value, Identifier):
        return python_value(value)
    return value


def term(value: object) -> Identifier | None:
    """A plain value as an RDF term (http(s) text → IRI, numbers and booleans → typed literals)."""
    if value is None or isinstance(value, Identifier):
        return value
    if isinstance(value, str) and value.startswith(("http://", "https://")) and " " not in value:
        return URIRef(value)
    return Literal(value)


def text(value: object) -> str:
    """A value as table / CSV text ("" when unbound; booleans as true/false)."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# -- solutions: plain formats ----------------------------------------------------------------------


def write_json(output: Output) -> str:
    """``{"query": name, "columns": [...], "rows": [{column: value}]}``, values typed (``plain``)."""
    document: dict[str, object] = {"query": output.name} if output.name else {}
    document["columns"] = list(output.columns)
    document["rows"] = [{c: plain(row.get(c)) for c in output.columns} for row in output.rows]
    return _indented(document) + "\n"


_SCALARS = (str, int, float, bool, type(None))


def _indented(document: dict[str, object]) -> str:
    """``json.dumps(document, ensure_ascii=False, indent=2)``, byte for byte, with rows of scalar values
    written by the C encoder one value at a time (an indented dump runs the pure-Python encoder: 50 ms for
    3,000 rows); anything else goes to ``json.dumps`` itself."""
    rows = document.get("rows")
    head = {k: v for k, v in document.items() if k != "rows"}
    if (
        not isinstance(rows, list)
        or list(document)[-1] != "rows"
        or not rows
        or not all(isinstance(v, _SCALARS) for row in rows for v in row.values())
    ):
        return json.dumps(document, ensure_ascii=False, indent=2)
    encoder = json.JSONEncoder(ensure_ascii=False).encode

    def encode(value: object) -> str:
        kind = type(value)
        if kind is str:
            return encode_basestring(value)  # type: ignore[arg-type]
        if value is None:
            return "null"
        if kind is int:
            return int.__repr__(value)  # type: ignore[arg-type]
        return encoder(value)

    keys: dict[str, str] = {}
    parts = []
    for row in rows:
        if not row:
            parts.append("    {}")
            continue
        fields = []
        for key, value in row.items():
            name = keys.get(key)
            if name is None:
                name = keys[key] = "      " + encode(key) + ": "
            fields.append(name + encode(value))
        parts.append("    {\n" + ",\n".join(fields) + "\n    }")
    start = json.dumps({**head, "rows": []}, ensure_ascii=False, indent=2)  # ends '"rows": []\n}'
    return start[: -len("[]\n}")] + "[\n" + ",\n".join(parts) + "\n  ]\n}"


def write_csv(output: Output) -> str:
    """CSV (RFC 4180 and SPARQL 1.1 CSV alike): header line, plain values, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(output.columns)
    for row in output.rows:
        writer.writerow([text(row.get(c)) for c in output.columns])
    return buffer.getvalue()


def write_tsv(output: Output) -> str:
    """Tab-separated plain values with a header line (tabs and line breaks in a value become spaces)."""
    lines = ["\t".join(output.columns)]
    for row in output.rows:
        lines.append(
            "\t".join(" ".join(text(row.get(c)).split("\t")).replace("\n", " ") for c in output.columns)
        )
    return "\n".join(lines) + "\n"


# -- solutions: SPARQL 1.1 results formats ---------------------------------------------------------


def term_json(value: Identifier) -> dict[str, str]:
    """One RDF term in the SPARQL 1.1 JSON results format."""
    if isinstance(value, URIRef):
        return {"type": "uri", "value": str(value)}
    if isinstance(value, BNode):
        return {"type": "bnode", "value": str(value)}
    out: dict[str, str] = {"type": "literal", "value": str(value)}
    if isinstance(value, Literal):
        if value.language:
            out["xml:lang"] = value.language
        elif value.datatype and value.datatype != XSD.string:
            out["datatype"] = str(value.datatype)
    return out


def _terms(output: Output) -> list[dict[str, Identifier]]:
    return [{c: t for c in output.columns if (t := term(row.get(c))) is not None} for row in output.rows]


def write_sparql_json(output: Output) -> str:
    """SPARQL 1.1 Query Results JSON (select or ask)."""
    if output.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(output.boolean)})
    bindings = [{k: term_json(v) for k, v in row.items()} for row in _terms(output)]
    return json.dumps(
        {"head": {"vars": list(output.columns)}, "results": {"bindings": bindings}}, ensure_ascii=False
    )


def _term_xml(value: Identifier) -> str:
    if isinstance(value, URIRef):
        return f"<uri>{xml_escape(str(value))}</uri>"
    if isinstance(value, BNode):
        return f"<bnode>{xml_escape(str(value))}</bnode>"
    attrs = ""
    if isinstance(value, Literal) and value.language:
        attrs = f" xml:lang={quoteattr(value.language)}"
    elif isinstance(value, Literal) and value.datatype and value.datatype != XSD.string:
        attrs = f" datatype={quoteattr(str(value.datatype))}"
    return f"<literal{attrs}>{xml_escape(str(value))}</literal>"


def write_sparql_xml(output: Output) -> str:
    """SPARQL Query Results XML (select or ask)."""
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f"<variable name={quoteattr(c)}/>" for c in output.columns]
    out.append("</head>")
    if output.kind == "ask":
        out.append(f"<boolean>{'true' if output.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in _terms(output):
            cells = "".join(f"<binding name={quoteattr(n)}>{_term_xml(v)}</binding>" for n, v in row.items())
            out.append(f"<result>{cells}</result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _term_tsv(value: Identifier | None) -> str:
    if value is None:
        return ""
    if isinstance(value, URIRef):
        return f"<{value}>"
    if isinstance(value, BNode):
        return f"_:{value}"
    literal = '"' + str(value).translate(_TSV_ESCAPES) + '"'
    if isinstance(value, Literal) and value.language:
        return f"{literal}@{value.language}"
    if isinstance(value, Literal) and value.datatype and value.datatype != XSD.string:
        return f"{literal}^^<{value.datatype}>"
    return literal


def write_sparql_tsv(output: Output) -> str:
    """SPARQL 1.1 TSV: ``?var`` header, terms in Turtle syntax."""
    lines = ["\t".join(f"?{c}" for c in output.columns)]
    lines += ["\t".join(_term_tsv(row.get(c)) for c in output.columns) for row in _terms(output)]
    return "\n".join(lines) + "\n"


# -- graphs ----------------------------------------------------------------------------------------


def serialize_graph(graph: Graph, rdflib_format: str) -> str:
    """A graph in an rdflib format, the project's prefixes bound (Turtle, JSON-LD)."""
    bind_prefixes(graph)
    return graph.serialize(format=rdflib_format, encoding="utf-8").decode("utf-8")


def _graph_writer(rdflib_format: str) -> Callable[[Output], str]:
    def write(output: Output) -> str:
        return serialize_graph(output.graph if output.graph is not None else Graph(), rdflib_format)

    write.__doc__ = f"The graph as rdflib's {rdflib_format!r}."
    return write


# -- the registry ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Writer:
    """One output format: its name, media types (the first is the Content-Type), suffix, kinds, function."""

    name: str
    media_types: tuple[str, ...]
    suffix: str
    kinds: frozenset[str]
    write: Callable[[Output], str]
    aliases: tuple[str, ...] = field(default=())
    rdflib_format: str | None = None
    label: str = ""  # how a page names it ("SPARQL XML"); the name in capitals when empty

    @property
    def title(self) -> str:
        return self.label or self.name.upper()

    @property
    def media_type(self) -> str:
        return self.media_types[0]

    def answers(self, name: str) -> bool:
        return name.lower() in (self.name, *self.aliases)


SELECT, RESULTS, GRAPH = frozenset({"select"}), frozenset({"select", "ask"}), frozenset({"graph"})

WRITERS: tuple[Writer, ...] = (
    Writer("json", ("application/json",), ".json", SELECT, write_json),
    Writer("csv", ("text/csv",), ".csv", SELECT, write_csv),
    Writer("tsv", ("text/tab-separated-values",), ".tsv", SELECT, write_tsv),
    Writer(
        "json-sparql",
        ("application/sparql-results+json", "application/json"),
        ".srj",
        RESULTS,
        write_sparql_json,
        aliases=("json",),
        label="SPARQL JSON",
    ),
    Writer(
        "xml-sparql",
        ("application/sparql-results+xml",),
        ".srx",
        RESULTS,
        write_sparql_xml,
        aliases=("xml",),
        label="SPARQL XML",
    ),
    Writer("tsv-sparql", ("text/tab-separated-values",), ".tsv", SELECT, write_sparql_tsv, aliases=("tsv",)),
    Writer("ttl", ("text/turtle",), ".ttl", GRAPH, _graph_writer("turtle"), ("turtle",), "turtle"),
    Writer("nt", ("application/n-triples", "text/plain"), ".nt", GRAPH, _graph_writer("nt"), (), "nt"),
    Writer(
        "jsonld",
        ("application/ld+json",),
        ".jsonld",
        GRAPH,
        _graph_writer("json-ld"),
        ("json-ld", "json"),
        "json-ld",
    ),
    Writer("rdfxml", ("application/rdf+xml",), ".rdf", GRAPH, _graph_writer("xml"), ("xml",), "xml"),
)
BY_NAME = {w.name: w for w in WRITERS}
# the W3C's IRI of each standard format (http://www.w3.org/ns/formats/…), for service descriptions
W3C_FORMATS = {
    "json-sparql": "SPARQL_Results_JSON",
    "xml-sparql": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV",
    "tsv-sparql": "SPARQL_Results_TSV",
    "ttl": "Turtle",
    "nt": "N-Triples",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML",
}

# what each interface offers, in order of preference (the first is the default)
ROW_FORMATS = tuple(
    BY_NAME[n] for n in ("json", "csv", "tsv", "xml-sparql", "json-sparql")
)  # CLI, REST, editor
ENDPOINT_RESULTS = tuple(BY_NAME[n] for n in ("json-sparql", "xml-sparql", "csv", "tsv-sparql"))  # /sparql
GRAPH_FORMATS = tuple(BY_NAME[n] for n in ("ttl", "nt", "jsonld", "rdfxml"))  # /sparql, linked data


class UnknownFormat(CchcError):
    """A format name, suffix or media type no offered writer has."""

    status = 400


def by_name(name: str, offers: Sequence[Writer] = WRITERS) -> Writer:
    """The offered writer called ``name`` (or, failing that, the first one with it as an alias)."""
    for writer in offers:
        if writer.name == name.lower():
            return writer
    for writer in offers:
        if writer.answers(name):
            return writer
    raise UnknownFormat(f"unknown format {name!r}", expected=", ".join(w.name for w in offers))


def by_suffix(suffix: str, offers: Sequence[Writer] = WRITERS) -> Writer:
    """The first offered writer whose file suffix is ``suffix`` (".csv" or "csv")."""
    wanted = "." + suffix.lower().lstrip(".")
    for writer in offers:
        if writer.suffix == wanted:
            return writer
    raise UnknownFormat(f"unknown file type {wanted!r}", expected=", ".join(w.suffix for w in offers))


def by_media_type(media_type: str, offers: Sequence[Writer] = WRITERS) -> Writer:
    """The first offered writer answering to ``media_type`` (parameters such as charset ignored)."""
    wanted = media_type.split(";")[0].strip().lower()
    for writer in offers:
        if wanted in writer.media_types:
            return writer
    raise UnknownFormat(
        f"no writer for {wanted!r}", expected=", ".join(m for w in offers for m in w.media_types)
    )


def media_types(offers: Sequence[Writer]) -> list[str]:
    """Every media type the offers answer to, each once, in order of preference."""
    return list(dict.fromkeys(m for w in offers for m in w.media_types))


def for_kind(kind: str, offers: Sequence[Writer]) -> tuple[Writer, ...]:
    """The offers that can carry a result of ``kind`` (select | ask | graph)."""
    return tuple(w for w in offers if kind in w.kinds)
