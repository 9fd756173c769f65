"""The named-query library: ``queries/*.rq`` files with a header, run with bound parameters.

Each file starts with a comment header that also reads well in any SPARQL editor::

    # name: agency-tasks
    # summary: Tasks an agency leads or partners on, across plans.
    # param: agency (string, required) — agency name; matched without diacritics or case
    # param: role (string, optional: lead|partner) — only this role
    # columns: agency, province, role, plan_number, code, label
    # lists: leads, partners
    # summary@vi: Nhiệm vụ một cơ quan chủ trì hoặc phối hợp, trong mọi kế hoạch.
    # param@vi: agency — tên cơ quan; so khớp không phân biệt dấu, hoa thường
    # param@vi: role — chỉ vai trò này

``summary@vi`` and ``param@vi`` (one per parameter, by name) give the summary and the parameters' help in
Vietnamese (``NamedQuery.summary_in(lang)``, ``Param.description_in(lang)``: the pages show the user's
language; English is ``summary`` / ``description``, also the fallback).

Parameter types: ``string`` (folded: lower case, no diacritics), ``place`` (a province name, as the slug of
its IRI), ``document`` (a document number with case and đ folded, or an IRI), ``date`` (YYYY-MM-DD, bound
as xsd:date) and ``boolean`` (1/true/yes/on bound as "1"; 0/false/no/off as "", like a value left out).
Every parameter ``p`` is bound to the variable ``?param_p`` (never formatted into the text); a missing
optional parameter is bound to "" and the query tests ``?param_p = "" || ...``. A header line
``# resolve: plan -> ?plan`` also binds ``?plan`` to the IRIs the value names, looked up first (see
``resolve_parameters``), so the query starts from them; the answers do not change. ``lists`` names the
columns that hold "; "-joined values; their items are sorted here, since SPARQL leaves GROUP_CONCAT order
to the engine. ``run`` only calls ``store.select(text, bindings)`` (``queries.protocol.Store``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from rapidfuzz import fuzz, process
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ontology.errors import CchcError
from queries.binding import projection, splice_values
from queries.protocol import Store
from queries.sparql import header, sparql
from queries.text import comparable, fold, number_key, place_key
from queries.values import python_value

QUERIES_DIR = Path(__file__).resolve().parent
LIST_SEPARATOR = "; "
PARAM_TYPES = ("string", "place", "document", "date", "boolean")
TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")
SIMILARITY_THRESHOLD = 70.0

HEADER_KEYS = ("name", "summary", "columns", "lists")
_RESOLVE = re.compile(
    r"^(?P<param>[a-z][a-z0-9_]*)\s*->\s*\?(?P<variable>[A-Za-z][A-Za-z0-9_]*)"
    r"(?:\s+in\s+(?P<place>[a-z][a-z0-9_]*))?(?P<lineage>\s+with\s+lineage)?(?P<as_values>\s+as\s+(?:values|place))?$"
)
_PARAM = re.compile(
    r"^(?P<name>[a-z][a-z0-9_]*)\s*\((?P<type>\w+),\s*(?P<required>required|optional)"
    r"(?::\s*(?P<choices>[^)]*))?\)\s*(?:[—–-]+\s*(?P<description>.*))?$"
)
_IRI = re.compile(r"^https?://\S+$")
LOCALISED_LANGUAGES = ("vi",)
_LOCALISED = re.compile(r"^#\s*(?P<key>summary|param)@(?P<lang>[a-z]{2}):\s*(?P<value>.*)$")
_LOCALISED_PARAM = re.compile(r"^(?P<name>[a-z][a-z0-9_]*)\s*[—–-]+\s*(?P<description>\S.*)$")


# -- errors ----------------------------------------------------------------------------------------


class UnknownQuery(CchcError):
    """No named query has this name."""

    status = 404


class MissingParameter(CchcError):
    """A required parameter was not given."""

    status = 400


class BadParameter(CchcError):
    """A parameter value is malformed, out of its choices, or not expected by the query."""

    status = 400


class QueryFileError(CchcError):
    """A ``.rq`` file's header is malformed."""

    status = 500


# -- the library -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """One parameter of a named query."""

    name: str
    type: str
    required: bool
    description: str = ""
    choices: tuple[str, ...] = ()
    description_vi: str = ""

    def description_in(self, lang: str) -> str:
        """The help text in ``lang`` ("vi" or "en"; English when there is no Vietnamese)."""
        return self.description_vi if lang == "vi" and self.description_vi else self.description

    @property
    def variable(self) -> str:
        """The SPARQL variable the value is bound to (without "?")."""
        return f"param_{self.name}"


@dataclass(frozen=True)
class NamedQuery:
    """A ``.rq`` file: its header and text."""

    name: str
    summary: str
    params: list[Param]
    columns: list[str]
    text: str
    path: Path
    lists: tuple[str, ...] = ()
    resolves: tuple[tuple[str, str], ...] = ()
    """(parameter, variable): the parameter's value is resolved to IRIs bound to ``?variable``."""
    within: tuple[tuple[str, str], ...] = ()
    """(variable, place parameter): ``# resolve: agency -> ?party in province`` keeps only the agencies
    whose ``eli:jurisdiction`` is that province (when it is given)."""
    as_values: tuple[str, ...] = ()
    """Variables whose resolved IRIs always go in as a ``VALUES`` block (``# resolve: plan -> ?plan as
    values``): pyoxigraph applies a substitution late in some query shapes (assignments: 16.9 s with the
    plan substituted, 0.14 s with the same IRI in a VALUES block, on 1,008 plans)."""
    summary_vi: str = ""
    """The summary in Vietnamese (``# summary@vi:``)."""
    as_place: tuple[str, ...] = ()
    """Variables a place parameter resolves to the place itself (``# resolve: province -> ?start as place``:
    the province's IRI, ``…/place/{slug}``), not to its plans."""
    with_lineage: tuple[str, ...] = ()
    """Variables resolved ``with lineage`` (``# resolve: agency -> ?holder in province with lineage``): when
    the query's ``lineage`` parameter is on, their IRIs also name every body the resolved ones succeeded
    (``cchc:succeededBy+``: an agency's predecessors; for a province, the plans of its predecessors)."""

    def summary_in(self, lang: str) -> str:
        """The summary in ``lang`` ("vi" or "en"; English when there is no Vietnamese)."""
        return self.summary_vi if lang == "vi" and self.summary_vi else self.summary

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


@dataclass(frozen=True)
class QueryResult:
    """Rows of plain Python values (str, int, float or None), one per solution, in ``columns`` order."""

    columns: list[str]
    rows: list[tuple[object, ...]] = field(default_factory=list)

    def as_dicts(self) -> list[dict[str, object]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def column(self, name: str) -> list[object]:
        index = self.columns.index(name)
        return [row[index] for row in self.rows]


def _split_names(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def parse_param(text: str, source: str) -> Param:
    """``role (string, optional: lead|partner) — description`` -> Param."""
    match = _PARAM.match(text.strip())
    if not match or match["type"] not in PARAM_TYPES:
        raise QueryFileError(
            f"malformed parameter {text!r}",
            source=source,
            expected=f"'name (type, required|optional[: a|b]) — description' with type one of {PARAM_TYPES}",
        )
    choices = tuple(c.strip() for c in (match["choices"] or "").split("|") if c.strip())
    return Param(
        name=match["name"],
        type=match["type"],
        required=match["required"] == "required",
        description=(match["description"] or "").strip(),
        choices=choices,
    )


def parse_query_file(path: Path) -> NamedQuery:
    """Read one ``.rq`` file: the header comment block, then the query."""
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    params: list[Param] = []
    resolves: list[tuple[str, str]] = []
    within: list[tuple[str, str]] = []
    as_values: list[str] = []
    with_lineage: list[str] = []
    as_place: list[str] = []
    for key, value in header(text):
        if key == "param":
            params.append(parse_param(value, str(path)))
        elif key == "resolve":
            param, variable, place = _parse_resolve(value, str(path))
            resolves.append((param, variable))
            if place:
                within.append((variable, place))
            if value.rstrip().endswith(" values") and variable not in as_values:
                as_values.append(variable)
            if re.search(r"\swith\s+lineage\b", value) and variable not in with_lineage:
                with_lineage.append(variable)
            if value.rstrip().endswith(" place"):
                as_place.append(f"{param}->{variable}")
        elif key in HEADER_KEYS:
            fields[key] = value.strip()
    for key in ("name", "summary", "columns"):
        if not fields.get(key):
            raise QueryFileError(f"header has no '# {key}:' line", source=str(path))
    by_name = {p.name: p for p in params}
    for name, _ in resolves:
        if name not in by_name or by_name[name].type not in RESOLVERS:
            raise QueryFileError(
                f"'# resolve: {name} -> ...' names no parameter of a resolvable type",
                source=str(path),
                expected="a parameter of type " + " or ".join(RESOLVERS),
            )
    resolved_types = {variable: by_name[name].type for name, variable in resolves}
    strings = {variable for name, variable in resolves if by_name[name].type == "string"}
    resolved_types.update(dict.fromkeys(strings, "string"))  # ?start: an agency and a place (lineage)
    for variable, place in within:
        if resolved_types.get(variable) != "string" or place not in by_name or by_name[place].type != "place":
            raise QueryFileError(
                f"'# resolve: ... -> ?{variable} in {place}' needs a string parameter and a place parameter",
                source=str(path),
                expected="'# resolve: agency -> ?party in province' with agency a string, province a place",
            )
    lineage_param = by_name.get(LINEAGE)
    if with_lineage and (lineage_param is None or lineage_param.type != "boolean"):
        raise QueryFileError(
            "'# resolve: ... with lineage' in a query without a boolean 'lineage' parameter",
            source=str(path),
            expected="'# param: lineage (boolean, optional) — ...'",
        )
    summary_vi, params = _localised(text, params, str(path))
    return NamedQuery(
        name=fields["name"],
        summary=fields["summary"],
        summary_vi=summary_vi,
        params=params,
        columns=_split_names(fields["columns"]),
        text=text,
        path=path,
        lists=tuple(_split_names(fields.get("lists", ""))),
        resolves=tuple(resolves),
        within=tuple(within),
        as_values=tuple(as_values),
        with_lineage=tuple(with_lineage),
        as_place=tuple(as_place),
    )


def _localised(text: str, params: list[Param], source: str) -> tuple[str, list[Param]]:
    """The ``# summary@vi:`` and ``# param@vi: name — help`` lines of the header: the Vietnamese summary,
    and the parameters with their Vietnamese help."""
    summary = ""
    helps: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _LOCALISED.match(line)
        if not match:
            continue
        if match["lang"] not in LOCALISED_LANGUAGES:
            raise QueryFileError(
                f"header line in an unknown language: {line!r}",
                source=source,
                expected="@" + " or @".join(LOCALISED_LANGUAGES),
            )
        value = match["value"].strip()
        if match["key"] == "summary":
            summary = value
            continue
        param = _LOCALISED_PARAM.match(value)
        if not param or param["name"] not in {p.name for p in params}:
            raise QueryFileError(
                f"malformed or unknown parameter in {line!r}",
                source=source,
                expected="'# param@vi: name — help' naming a '# param:' of the query",
            )
        helps[param["name"]] = param["description"].strip()
    return summary, [replace(p, description_vi=helps.get(p.name, "")) for p in params]


def _parse_resolve(text: str, source: str) -> tuple[str, str, str]:
    """``plan -> ?plan`` -> ("plan", "plan", ""); ``agency -> ?party in province`` -> (..., "province")."""
    match = _RESOLVE.match(text.strip())
    if not match:
        raise QueryFileError(
            f"malformed resolve line {text!r}",
            source=source,
            expected=(
                "'# resolve: param -> ?variable' (or '... -> ?variable in place_param', '... with lineage',"
                " '... as values', '... as place')"
            ),
        )
    return match["param"], match["variable"], match["place"] or ""


def load_library(folder: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    """Every named query in ``folder`` (``*.rq``), by name, sorted by name."""
    queries: dict[str, NamedQuery] = {}
    for path in sorted(folder.glob("*.rq")):
        query = parse_query_file(path)
        if query.name in queries:
            raise QueryFileError(f"two files define the query {query.name!r}", source=str(path))
        queries[query.name] = query
    return dict(sorted(queries.items()))


@lru_cache(maxsize=1)
def default_library() -> dict[str, NamedQuery]:
    """The bundled library (read once)."""
    return load_library()


def get_query(name: str, library: Mapping[str, NamedQuery] | None = None) -> NamedQuery:
    """The named query, or UnknownQuery listing the known names."""
    known = library if library is not None else default_library()
    if name not in known:
        raise UnknownQuery(f"unknown query {name!r}", expected="one of " + ", ".join(sorted(known)))
    return known[name]


# -- parameters ------------------------------------------------------------------------------------


def _bind_value(query: NamedQuery, param: Param, raw: str) -> Literal | URIRef:
    value = raw.strip()
    if param.type == "boolean":  # on: "1"; off: "", as when it is left out (the query tests = "1")
        if value.lower() not in TRUE_WORDS + FALSE_WORDS:
            raise BadParameter(
                f"parameter {param.name!r} of query {query.name!r} is not a yes/no value: {raw!r}",
                expected="one of " + ", ".join(TRUE_WORDS + FALSE_WORDS),
            )
        return Literal("1" if value.lower() in TRUE_WORDS else "")
    if param.type == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            raise BadParameter(
                f"parameter {param.name!r} of query {query.name!r} is not a date: {raw!r}",
                expected="YYYY-MM-DD, e.g. 2021-04-01",
            ) from None
        return Literal(value, datatype=XSD.date)
    if param.type == "place":
        return Literal(place_key(value))
    if param.type == "document":
        return Literal(value if _IRI.match(value) else number_key(value))
    folded = fold(value)
    if param.choices and folded not in param.choices:
        raise BadParameter(
            f"parameter {param.name!r} of query {query.name!r} cannot be {raw!r}",
            expected="one of " + ", ".join(param.choices),
        )
    return Literal(folded)


def bind_parameters(query: NamedQuery, params: Mapping[str, str]) -> dict[str, Node]:
    """The bindings for ``params``: checked, folded, typed; "" for optional parameters left out."""
    unknown = sorted(set(params) - {p.name for p in query.params})
    if unknown:
        names = ", ".join(p.name for p in query.params) or "none"
        raise BadParameter(
            f"query {query.name!r} has no parameter {unknown[0]!r}", expected=f"parameters: {names}"
        )
    bindings: dict[str, Node] = {}
    for param in query.params:
        raw = params.get(param.name)
        if raw is None or not str(raw).strip():
            if param.required:
                raise MissingParameter(
                    f"query {query.name!r} needs the parameter {param.name!r}",
                    expected=f"{param.name}=… ({param.type}: {param.description})",
                )
            bindings[param.variable] = Literal("")
            continue
        bindings[param.variable] = _bind_value(query, param, str(raw))
    _check_range(query, params)
    return bindings


def _check_range(query: NamedQuery, params: Mapping[str, str]) -> None:
    """``from`` must not come after ``to``."""
    start, end = query.param("from"), query.param("to")
    if not (start and end and start.type == end.type == "date" and params.get("from") and params.get("to")):
        return
    if date.fromisoformat(params["from"].strip()) > date.fromisoformat(params["to"].strip()):
        raise BadParameter(
            f"query {query.name!r}: 'from' ({params['from']}) is after 'to' ({params['to']})",
            expected="from <= to",
        )


# -- resolving identifying parameters to IRIs ------------------------------------------------------
#
# A query whose header says ``# resolve: plan -> ?plan`` gets, besides ``?param_plan``, the IRIs the value
# names bound to ``?plan`` (looked up by a tiny query first), so its patterns start from an IRI instead of
# comparing text over every document or agency. The query keeps its own exact test on ``?param_plan``:
# the resolved IRIs are a superset of what that test accepts, so the answers are the same with or
# without the resolution (pasted into an editor, the query runs unchanged with ``?plan`` left unbound);
# the resolution only makes them fast. An optional parameter left out resolves to nothing (``?plan``
# stays unbound: every plan); a value that names nothing binds ``?plan`` to NOTHING, an IRI no data uses.
# One IRI is bound like a parameter; several (a number shared by plans of different provinces, every
# "Sở Nội vụ") go in as a VALUES block at the start of the WHERE group: IRIs read from the store,
# written with the one strict escaping (``queries.binding``), never text from the caller. Resolved
# variables must be used at the query's top level (not only inside a sub-select).

NOTHING = URIRef("urn:cchc-kg:nothing")
LINEAGE = "lineage"
"""A query's boolean parameter that counts a body's predecessors with it: a province then resolves to its
plans and those of the provinces merged into it."""

# The look-ups (queries/internal/resolve-*.rq): for a document, the documents whose own number folds to the
# key and what they issue; for a string, the agencies and groups whose folded name contains it (in a
# province, when given); for a place, the plans of that province. Same tests as the queries' own.
RESOLVERS = {"document": "resolve-document", "string": "resolve-party", "place": "resolve-place-plans"}
PLACE_ITSELF = "place-itself"
"""The look-up of a place parameter resolved ``as place``: the province's own IRI (``resolve-place``)."""
_USABLE_IRI = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>"{}|^`\\]*$')


def resolve_iris(
    store: Store, param_type: str, value: str, place: str = "", lineage: bool = False
) -> list[URIRef]:
    """The IRIs a bound parameter value may name (a superset of what the query's own test accepts): for a
    document, the documents of that number and what they issue; for a string, the agencies whose folded
    name contains it (``place``, a place slug, narrows them to that jurisdiction); for a place, its plans
    (``lineage``: also the plans of the provinces merged into it, ``?p cchc:succeededBy+ ?province``).

    Kept per store until it changes, when the store tells (``version``: the embedded store, and the
    stores wrapping it); asked again every time otherwise (a remote endpoint)."""
    found = kept(
        store,
        ("resolve", param_type, value, place, lineage),
        lambda: _resolve_iris(store, param_type, value, place, lineage),
    )
    return list(found)


KEPT_PER_STORE = 4096
_KEPT: WeakKeyDictionary[object, tuple[int, dict[Hashable, tuple[Any, ...]]]] = WeakKeyDictionary()


def kept(store: Store, key: Hashable, compute: Callable[[], Sequence[Any]]) -> tuple[Any, ...]:
    """``compute()`` (a small answer read from ``store``), kept per store under ``key`` until the store
    changes, when the store tells it (an integer ``version``: the embedded store, and the stores wrapping
    it); computed every time otherwise (a remote endpoint, whose data may change at any time)."""
    version = getattr(store, "version", None)
    if not isinstance(version, int):
        return tuple(compute())
    try:
        kept_version, answers = _KEPT[store]
    except (KeyError, TypeError):
        kept_version, answers = None, {}
    if kept_version != version:
        answers = {}
    found = answers.get(key)
    if found is None:
        found = tuple(compute())
        if len(answers) >= KEPT_PER_STORE:
            answers = {}
        answers[key] = found
        with suppress(TypeError):  # a store that cannot be weakly referenced: nothing kept
            _KEPT[store] = (version, answers)  # the version read before computing: a write since drops it
    return found


def _resolve_iris(store: Store, param_type: str, value: str, place: str, lineage: bool) -> list[URIRef]:
    """``resolve_iris`` without keeping anything: the look-up query."""
    found: set[str] = set()
    if param_type == "document" and _IRI.match(value):
        if _USABLE_IRI.match(value):
            found.add(value)
        return [URIRef(iri) for iri in sorted(found)]  # not a number: no need to look numbers up
    bindings = {"param_key": Literal(value)}
    if param_type == PLACE_ITSELF:
        for row in store.select(sparql("resolve-place"), bindings):
            term = row.get("iri")
            if isinstance(term, URIRef) and _USABLE_IRI.match(str(term)):
                found.add(str(term))
        return [URIRef(iri) for iri in sorted(found)]
    if param_type == "string":
        bindings["param_place"] = Literal(place)
    if param_type == "place":
        bindings["param_lineage"] = Literal("1" if lineage else "")
    for row in store.select(sparql(RESOLVERS[param_type]), bindings):
        for column in ("iri", "issued"):
            term = row.get(column)
            if isinstance(term, URIRef) and _USABLE_IRI.match(str(term)):
                found.add(str(term))
    if lineage and param_type == "string" and found:  # and every body they succeeded
        bodies = [[URIRef(iri)] for iri in sorted(found)]
        for row in store.select(splice_values(sparql("resolve-predecessors"), ["body"], bodies)):
            term = row.get("iri")
            if isinstance(term, URIRef) and _USABLE_IRI.match(str(term)):
                found.add(str(term))
    return [URIRef(iri) for iri in sorted(found)]


def with_values(text: str, variable: str, iris: Sequence[URIRef]) -> str:
    """``text`` with ``VALUES ?variable { <iri> ... }`` in place of its ``# values: ?variable`` lines, or
    else at the start of its outermost WHERE group (``queries.binding.splice_values``)."""
    return splice_values(text, [variable], [[iri] for iri in iris], subselects=False)


def _projects(text: str, variable: str) -> bool:
    """Whether the query's top-level SELECT clause projects ``?variable`` (only a projected variable can be
    substituted; an aggregate query that does not group by it gets its one IRI as a VALUES block)."""
    return variable in (projection(text) or set())


_LINEAGE_SECTION = re.compile(r"^[ \t]*# lineage only: from\n.*?^[ \t]*# lineage only: to\n", re.M | re.S)


def without_lineage_sections(text: str) -> str:
    """The text without its ``# lineage only: from`` ... ``# lineage only: to`` line ranges: the parts only
    the lineage option needs (lead-partner's walk from the bodies that ended), left out when it is off so
    the engine does not compute rows the option's filter would drop. Pasted whole into an editor, the query
    gives the same rows (its FILTERs decide); the sections are whole UNION branches and OPTIONALs."""
    return _LINEAGE_SECTION.sub("", text)


def resolve_parameters(
    store: Store, query: NamedQuery, bindings: Mapping[str, Node]
) -> tuple[str, dict[str, Node]]:
    """The query text and the extra bindings after resolving the parameters its header names."""
    text = query.text
    resolved: dict[str, Node] = {}
    places = dict(query.within)
    lineage_on = query.param(LINEAGE) is not None and str(bindings.get(f"param_{LINEAGE}", "")) == "1"
    if query.param(LINEAGE) is not None and not lineage_on:
        text = without_lineage_sections(text)
    # several parameters may resolve into one variable (compare: a and b -> ?plan): their IRIs together
    found: dict[str, list[URIRef]] = {}
    for name, variable in query.resolves:
        param = query.param(name)
        value = str(bindings.get(param.variable, "")) if param else ""
        if not param or not value:
            continue
        place_param = query.param(places.get(variable, ""))
        place = str(bindings.get(place_param.variable, "")) if place_param else ""
        lineage = lineage_on and variable in query.with_lineage
        kind = PLACE_ITSELF if f"{name}->{variable}" in query.as_place else param.type
        iris = found.setdefault(variable, [])
        iris += [iri for iri in resolve_iris(store, kind, value, place, lineage) if iri not in iris]
    for variable, iris in found.items():
        iris = iris or [NOTHING]
        if len(iris) > 1 or not _projects(query.text, variable) or variable in query.as_values:
            text = with_values(text, variable, iris)
        else:
            resolved[variable] = iris[0]
    return text, resolved


# -- running ---------------------------------------------------------------------------------------


def sort_list(value: object) -> object:
    """A "; "-joined value with its items de-duplicated and sorted ("" items dropped; no value -> "")."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    items = sorted({item.strip() for item in value.split(LIST_SEPARATOR.strip()) if item.strip()})
    return LIST_SEPARATOR.join(items)


Values = Mapping[str, object]
"""One solution as plain values by variable name (what the post-processors read)."""


def solutions(
    store: Store, text: str, bindings: Mapping[str, Node], columns: Sequence[str] | None
) -> tuple[list[str], list[tuple[object, ...]]]:
    """(columns, rows of plain values) of a SELECT: ``columns`` of each solution (None: every variable).

    A store that offers ``select_values`` (the embedded store, the guarded store over it) reads them
    straight from the engine; any other store's rdflib terms are converted here (``python_value``), each
    distinct term once. Only a method of the store's own class counts: a wrapper that forwards unknown
    attributes (``queries.protocol.Wrapped``) must not send the query past its own checks."""
    if callable(getattr(type(store), "select_values", None)):
        return store.select_values(text, bindings, columns)  # type: ignore[attr-defined]
    rows = store.select(text, bindings)
    if columns is None:
        columns = sorted({name for row in rows for name in getattr(row, "values", {})})
    plain: dict[int, tuple[object, object]] = {}  # id(term) -> (term, value): rows often share terms
    out = []
    for row in rows:
        values = []
        for column in columns:
            term = row.get(column)
            known = plain.get(id(term))
            if known is None:
                known = plain[id(term)] = (term, python_value(term))  # the term is kept: its id stays its own
            values.append(known[1])
        out.append(tuple(values))
    return list(columns), out


def table(query: NamedQuery, rows: list[tuple[object, ...]]) -> QueryResult:
    """Rows of plain values in the header's column order -> QueryResult, list columns sorted."""
    lists = [i for i, column in enumerate(query.columns) if column in query.lists]
    if lists:
        for number, row in enumerate(rows):
            values = list(row)
            for i in lists:
                values[i] = sort_list(values[i])
            rows[number] = tuple(values)
    return QueryResult(list(query.columns), rows)


def run(
    store: Store,
    name: str,
    params: Mapping[str, str] | None = None,
    library: Mapping[str, NamedQuery] | None = None,
) -> QueryResult:
    """Run the named query with ``params`` (name -> text) bound, never formatted into the query."""
    query = get_query(name, library)
    bindings = bind_parameters(query, params or {})
    text, resolved = resolve_parameters(store, query, bindings)
    processor = POST_PROCESSORS.get(name)
    columns, rows = solutions(store, text, {**bindings, **resolved}, None if processor else query.columns)
    if processor is None:
        return table(query, rows)
    return processor(query, [dict(zip(columns, row, strict=True)) for row in rows], params or {})


# -- compare: matching tasks by meaning ------------------------------------------------------------


@dataclass(frozen=True)
class _Task:
    code: str
    label: str
    text: str
    leads: str
    line: int
    lead_names: tuple[tuple[str, str], ...] = ()
    """(IRI, name) of each lead."""
    later: frozenset[tuple[str, str]] = frozenset()
    """(lead IRI, IRI of a body it became): asked only with lineage=1."""


def _tasks(rows: Sequence[Values], side: str) -> list[_Task]:
    """The tasks of one side of compare.rq's rows (one row per task, lead and body the lead became)."""
    grouped: dict[tuple[object, ...], list[Values]] = {}
    for row in rows:
        if row.get("side") == side:
            key = tuple(row.get(column) for column in ("plan_number", "code", "label", "text", "line"))
            grouped.setdefault(key, []).append(row)
    tasks = []
    for (_, code, label, text, line), task_rows in grouped.items():
        names = {(str(r["lead"]), str(r.get("lead_name") or "")) for r in task_rows if r.get("lead")}
        tasks.append(
            _Task(
                code=str(code),
                label=str(label),
                text=str(text),
                leads=str(sort_list(LIST_SEPARATOR.join(name for _, name in names))),
                line=line if isinstance(line, int) else 0,
                lead_names=tuple(sorted(names)),
                later=frozenset((str(r["lead"]), str(r["later"])) for r in task_rows if r.get("later")),
            )
        )
    return sorted(tasks, key=lambda t: (t.line, t.code))


def through_lineage(x: _Task, y: _Task) -> str | None:
    """When the leads of ``x`` and ``y`` are the same counting lineage (each lead of one has a lead of the
    other of the same name, or one that it became or that became it: ``cchc:succeededBy+``), the links
    that made them so, "older → newer" by name, "; "-joined ("" when none was needed); else None."""
    names_x, names_y = dict(x.lead_names), dict(y.lead_names)
    later = x.later | y.later
    links: set[str] = set()

    def linked(p: str, q: str, names_p: dict[str, str], names_q: dict[str, str]) -> bool:
        if p == q or names_p[p] == names_q[q]:
            return True
        if (p, q) in later or (q, p) in later:
            older, newer = (p, q) if (p, q) in later else (q, p)
            both = {**names_p, **names_q}
            links.add(f"{both[older]} → {both[newer]}")
            return True
        return False

    if not names_x or not names_y:
        return None
    for one, other in ((names_x, names_y), (names_y, names_x)):
        for p in one:
            if not any([linked(p, q, one, other) for q in other]):  # a list: every link is noted
                return None
    return LIST_SEPARATOR.join(sorted(links))


def similarity(a: str, b: str) -> float:
    """Token-set similarity (0-100) of two task texts, folded to lower-case ASCII words."""
    return float(fuzz.token_set_ratio(comparable(a), comparable(b)))


def match_tasks(a: list[_Task], b: list[_Task]) -> list[tuple[_Task, _Task, float]]:
    """Best pairs first, each task used once, pairs under SIMILARITY_THRESHOLD left out."""
    folded_a = [comparable(x.text) for x in a]  # each text folded once, not once per pair
    folded_b = [comparable(y.text) for y in b]
    # every pair scoring at least the threshold (rapidfuzz scores one text against all in one call)
    found = (
        (float(score), i, j)
        for i, text in enumerate(folded_a)
        for _, score, j in process.extract(
            text, folded_b, scorer=fuzz.token_set_ratio, score_cutoff=SIMILARITY_THRESHOLD, limit=None
        )
    )
    scored = sorted(found, key=lambda item: (-item[0], a[item[1]].code != b[item[2]].code, item[1], item[2]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for score, i, j in scored:
        if score < SIMILARITY_THRESHOLD:
            break
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append((a[i], b[j], score))
    return pairs


def compare_tasks(query: NamedQuery, rows: Sequence[Values], params: Mapping[str, str]) -> QueryResult:
    """Tasks kept, lead-changed, dropped and added between plan a and plan b; with ``lineage`` on, a pair
    whose leads are the same through the 2025 reorganisation (``through_lineage``) is kept, and its
    ``lineage`` column names the links ("Sở Thông tin và Truyền thông → Sở Khoa học và Công nghệ")."""
    a, b = _tasks(rows, "a"), _tasks(rows, "b")
    if number_key(params.get("a", "")) == number_key(params.get("b", "")):
        raise BadParameter(
            f"query {query.name!r}: a and b name the same plan", expected="two different plans"
        )
    for side, tasks in (("a", a), ("b", b)):
        if not tasks:
            raise BadParameter(
                f"query {query.name!r}: no plan {params.get(side)!r} with tasks in the store",
                expected="a plan number listed by the 'plans' query",
            )
    pairs = match_tasks(a, b)
    matched_a = {id(x) for x, _, _ in pairs}
    matched_b = {id(y) for _, y, _ in pairs}
    lineage = str(params.get("lineage") or "").strip().lower() in TRUE_WORDS
    rows_out: list[tuple[object, ...]] = []
    for x, y, score in sorted(pairs, key=lambda p: (p[0].line, p[0].code)):
        links = through_lineage(x, y) if lineage and x.leads != y.leads else None
        status = "kept" if x.leads == y.leads or links is not None else "lead-changed"
        rows_out.append((status, x.code, y.code, y.label, x.leads, y.leads, round(score, 1), links or None))
    for x in a:
        if id(x) not in matched_a:
            rows_out.append(("dropped", x.code, None, x.label, x.leads, None, None, None))
    for y in b:
        if id(y) not in matched_b:
            rows_out.append(("added", None, y.code, y.label, None, y.leads, None, None))
    order = {"kept": 0, "lead-changed": 1, "dropped": 2, "added": 3}
    rows_out.sort(key=lambda r: order[str(r[0])])
    return QueryResult(list(query.columns), rows_out)


# -- trace: one row per plan, its routes spelled out ---------------------------------------------------

LONGER_CHAIN = "based on, through a longer chain"


def route_text(row: Values) -> str:
    """One route of the trace query as text ("" for the bare transitive route)."""
    route = row.get("route")
    step1 = row.get("step1")
    step2 = row.get("step2")
    target = row.get("target")
    programme = f"via the national programme {row.get('programme')}"
    if route == "based-on":
        return "based on"
    if route == "programme":
        return programme
    if route == "chain-programme":
        return f"based on {step1} → {programme}"
    if route == "chain":
        steps = [s for s in (step1, step2, target) if s]
        return " → ".join(f"based on {s}" for s in steps)
    return ""


def trace_paths(query: NamedQuery, rows: Sequence[Values], params: Mapping[str, str]) -> QueryResult:
    """Group the per-route rows into one row per plan with all its routes in ``path``."""
    plans: dict[str, dict[str, object]] = {}
    routes: dict[str, set[str]] = {}
    for row in rows:
        plan = str(row.get("plan"))
        if plan not in plans:
            plans[plan] = {column: row.get(column) for column in query.columns}
            routes[plan] = set()
        routes[plan].add(route_text(row))
    out = []
    for plan, values in plans.items():
        texts = sorted(text for text in routes[plan] if text)
        values["path"] = LIST_SEPARATOR.join(texts) if texts else LONGER_CHAIN
        out.append(tuple(values[column] for column in query.columns))
    out.sort(key=lambda r: (str(r[query.columns.index("issued")]), str(r[0])))
    return QueryResult(list(query.columns), out)


# -- lineage: steps counted from the start, sources kept aligned ---------------------------------------

SOURCE_SEPARATOR = " ; "
SOURCE_COLUMNS = ("source_number", "source_title", "source")


def lineage_steps(query: NamedQuery, rows: Sequence[Values], params: Mapping[str, str]) -> QueryResult:
    """The ``lineage`` rows (one per step and legal source) as one row per step: its sources joined with
    " ; " in ``source_number``, ``source_title`` and ``source``, sorted by number (the three in the same
    order), and ``steps``: 1 for a step touching ``start``, then one more per step away from it (the shortest
    way). Done here, not in SPARQL: Virtuoso 7.2 orders each GROUP_CONCAT(DISTINCT ...) on its own and
    evaluates ``succeededBy*`` between two variables wrongly."""
    sources = set(SOURCE_COLUMNS)
    steps: dict[tuple[object, ...], dict[str, object]] = {}
    found: dict[tuple[object, ...], set[tuple[str, str, str]]] = {}
    for row in rows:
        key = tuple(
            row.get(column) for column in query.columns if column not in sources and column != "steps"
        )
        steps.setdefault(key, dict(row))
        found.setdefault(key, set()).add(tuple(str(row.get(column) or "") for column in SOURCE_COLUMNS))
    away: dict[tuple[object, object], dict[object, set[object]]] = {}
    for row in steps.values():
        edges = away.setdefault((row.get("start"), row.get("direction")), {})
        edges.setdefault(row.get("body"), set()).add(row.get("other"))
    distance: dict[tuple[object, object], dict[object, int]] = {}
    for (start, direction), edges in away.items():
        seen = {start: 0}
        frontier = [start]
        while frontier:
            following = []
            for body in frontier:
                for other in sorted(edges.get(body, ()), key=str):
                    if other not in seen:
                        seen[other] = seen[body] + 1
                        following.append(other)
            frontier = following
        distance[(start, direction)] = seen
    out = []
    for key, values in steps.items():
        values["steps"] = (
            distance[(values.get("start"), values.get("direction"))].get(values.get("body"), 0) + 1
        )
        aligned = sorted(found[key], key=lambda source: (source[0], source[2]))
        for i, column in enumerate(SOURCE_COLUMNS):
            values[column] = SOURCE_SEPARATOR.join(source[i] for source in aligned)
        out.append(values)
    out.sort(
        key=lambda v: (
            str(v.get("start")),
            v.get("direction") != "successor",
            v["steps"],
            str(v.get("effective") or ""),
            str(v.get("body_label") or ""),
            str(v.get("other_label") or ""),
            str(v.get("body")),
            str(v.get("other")),
        )
    )
    return QueryResult(list(query.columns), [tuple(v.get(column) for column in query.columns) for v in out])


PostProcessor = Callable[[NamedQuery, Sequence[Values], Mapping[str, str]], QueryResult]
POST_PROCESSORS: dict[str, PostProcessor] = {
    "compare": compare_tasks,
    "trace": trace_paths,
    "lineage": lineage_steps,
}
