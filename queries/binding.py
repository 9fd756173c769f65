"""Binding values to query variables: the one place where a value meets a SPARQL text.

Every store binds the same way (``prepare``):

* the embedded store (pyoxigraph) substitutes the variables the query projects (its ``substitutions``
  argument: a value is a term, never text);
* everything else — a remote endpoint (the SPARQL protocol has no substitution), a variable the query
  does not project (pyoxigraph refuses it), several rows of values, an update (no substitution in SPARQL
  Update) — goes in as a ``VALUES`` block placed by ``splice_values``: at a ``# values: ?a ?b`` comment line
  if the text has one, else at the start of the WHERE group and, optionally, of each sub-select that uses
  the variable. The block is written from rdflib terms with strict escaping (``sparql_term``): a bound
  value is always one RDF term, never query text.

The text is read with the lexer (``queries.sparql_lexer``), so braces and keywords inside strings, IRIs
and comments are never mistaken for the query's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from queries.errors import QuerySyntaxError
from queries.sparql_lexer import Token, is_word, tokens

Bindings = Mapping[str, Node]

# -- writing terms into SPARQL text ----------------------------------------------------------------

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
_VARIABLE = re.compile(r"[A-Za-z0-9_]+")
_ECHAR = {
    "\\": "\\\\",
    '"': '\\"',
    "'": "\\'",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}


def sparql_iri(value: str) -> str:
    """``<value>``; raises ValueError for anything that could end the IRI early."""
    if _IRI_FORBIDDEN.search(value):
        raise ValueError(f"not a valid IRI for SPARQL: {value!r}")
    return f"<{value}>"


def sparql_string(value: str) -> str:
    """A double-quoted SPARQL string with every special character escaped (ECHAR)."""
    return '"' + "".join(_ECHAR.get(ch, ch) for ch in value) + '"'


def sparql_term(term: Node) -> str:
    """One rdflib term as SPARQL text, safe to place in a VALUES block."""
    if isinstance(term, URIRef):
        return sparql_iri(str(term))
    if isinstance(term, Literal):
        text = sparql_string(str(term))
        if term.language:
            if not _LANG.match(term.language):
                raise ValueError(f"not a valid language tag: {term.language!r}")
            return f"{text}@{term.language}"
        if term.datatype and term.datatype != XSD.string:
            return f"{text}^^{sparql_iri(str(term.datatype))}"
        return text
    if isinstance(term, BNode):
        raise ValueError("a blank node cannot be bound as a query parameter")
    raise TypeError(f"cannot bind {term!r}: not an rdflib term")


def values_block(
    variables: Sequence[str], rows: Iterable[Sequence[Node]], *, single_row: bool = False
) -> str:
    """``VALUES (?a ?b) { (term term) … }``: one row per item of ``rows`` (``VALUES ?a { term … }`` for one
    variable, unless ``single_row``: the one-row form the remote store has always sent)."""
    for name in variables:
        if not _VARIABLE.fullmatch(name):
            raise ValueError(f"not a SPARQL variable name: {name!r}")
    if len(variables) == 1 and not single_row:  # VALUES ?a { t1 t2 }
        body = " ".join(sparql_term(term) for [term] in rows)
        return f" VALUES ?{variables[0]} {{ {body} }} "
    names = " ".join(f"?{name}" for name in variables)
    body = " ".join("(" + " ".join(sparql_term(term) for term in row) + ")" for row in rows)
    return f" VALUES ({names}) {{ {body} }} "


def insert_data(graph: URIRef, triples: Graph | Iterable[tuple[Node, Node, Node]]) -> str:
    """``INSERT DATA { GRAPH <graph> { … } }`` holding ``triples`` as N-Triples (data, not a query);
    "" when there are none."""
    if not isinstance(triples, Graph):
        triples = _graph_of(triples)
    text = triples.serialize(format="nt", encoding="utf-8").decode("utf-8")
    return f"INSERT DATA {{ GRAPH {sparql_iri(str(graph))} {{\n{text}\n}} }}" if text.strip() else ""


def drop_update(names: Iterable[URIRef]) -> str:
    """``DROP SILENT GRAPH <name>`` for each graph, ``;``-separated."""
    return " ;\n".join(f"DROP SILENT GRAPH {sparql_iri(str(name))}" for name in names)


def _graph_of(triples: Iterable[tuple[Node, Node, Node]]) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


# -- reading the query's shape ---------------------------------------------------------------------

_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_UPDATES = {"DELETE", "INSERT", "WITH", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY"}
_MARKER = re.compile(r"^#\s*values:\s*((?:\?[A-Za-z0-9_]+\s*)+)$")


def _tokens(query: str) -> list[Token]:
    """The tokens that matter for finding groups: strings, IRIs and comments are skipped."""
    return list(tokens(query, skip=frozenset({"ws", "comment", "string", "iri"})))


def _matching_close(items: list[Token], open_index: int) -> int:
    depth = 0
    for index in range(open_index, len(items)):
        if items[index].kind == "open":
            depth += 1
        elif items[index].kind == "close":
            depth -= 1
            if depth == 0:
                return index
    raise QuerySyntaxError("unbalanced braces", source="SPARQL query")


def _next_open(items: list[Token], start: int) -> int | None:
    return next((i for i in range(start, len(items)) if items[i].kind == "open"), None)


def _first_keyword(items: list[Token]) -> int | None:
    """The index of the text's first query-form or update keyword after its prologue (so a sub-select's
    SELECT inside an update is not taken for the form), or None."""
    return next(
        (i for i, t in enumerate(items) if t.kind == "word" and t.text.upper() in _FORMS | _UPDATES), None
    )


def _form(items: list[Token]) -> int | None:
    """The index of the query's form keyword; None for an update (or no query at all)."""
    first = _first_keyword(items)
    return first if first is not None and items[first].text.upper() in _FORMS else None


def _where_group(items: list[Token]) -> int:
    """The index of the ``{`` opening the query's (or the update's) WHERE group."""
    form = _form(items)
    if form is None:  # an update: DELETE/INSERT … WHERE { … }
        depth = 0
        for index, token in enumerate(items):
            depth += token.kind == "open"
            depth -= token.kind == "close"
            if depth == 0 and is_word(token, "WHERE"):
                group = _next_open(items, index + 1)
                if group is not None:
                    return group
        raise QuerySyntaxError("the text has no WHERE group to bind values in", source="SPARQL query")
    start = form + 1
    if items[form].text.upper() == "CONSTRUCT":
        template = _next_open(items, start)
        where = next((i for i in range(start, len(items)) if is_word(items[i], "WHERE")), None)
        if template is None or (where is not None and where < template):
            raise QuerySyntaxError(
                "bindings need a CONSTRUCT with a template and a WHERE clause", source="SPARQL query"
            )
        start = _matching_close(items, template) + 1
    group = _next_open(items, start)
    if group is None:
        raise QuerySyntaxError("the query has no WHERE group to bind values in", source="SPARQL query")
    return group


def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first form keyword (not in a comment, string or IRI)."""
    items = _tokens(query)
    form = _form(items)
    if form is None:
        raise QuerySyntaxError("not a SPARQL query form", expected="SELECT, ASK, CONSTRUCT or DESCRIBE")
    return items[form].text.upper()


def projection(query: str) -> set[str] | None:
    """The variables the query's top level projects: a SELECT's list, a CONSTRUCT's template; None for
    ``SELECT *``, ASK, DESCRIBE and updates (pyoxigraph substitutes only projected variables)."""
    found = _projection(query)
    return None if found is None else set(found)


@lru_cache(maxsize=512)
def _projection(query: str) -> frozenset[str] | None:
    """``projection``, read once per text (the named queries are run again and again)."""
    items = _tokens(query)
    form = _form(items)
    if form is None:
        return None
    keyword = items[form].text.upper()
    if keyword == "CONSTRUCT":
        template = _next_open(items, form + 1)
        if template is None:
            return None
        return frozenset(
            t.text[1:] for t in items[template : _matching_close(items, template)] if t.kind == "var"
        )
    if keyword != "SELECT":
        return None
    found: set[str] = set()
    depth = 0
    for index in range(form + 1, len(items)):
        token = items[index]
        if token.kind == "open" or is_word(token, "WHERE") or is_word(token, "FROM"):
            break
        if token.text == "*" and depth == 0:
            return None
        depth += token.text == "("
        depth -= token.text == ")"
        if token.kind == "var" and (depth == 0 or is_word(items[index - 1], "AS")):
            found.add(token.text[1:])
    return frozenset(found)


# -- placing VALUES into a text --------------------------------------------------------------------


def splice_values(
    query: str,
    variables: Sequence[str],
    rows: Iterable[Sequence[Node]],
    *,
    subselects: bool = True,
    single_row: bool = False,
) -> str:
    """The text with ``VALUES (variables) { rows }`` in place of its ``# values: ?a …`` comment lines
    naming exactly these variables; without such a line, at the start of the WHERE group and (with
    ``subselects``) of each sub-select that uses one of the variables (with only those it uses)."""
    return _splice(query, tuple(variables), tuple(tuple(row) for row in rows), subselects, single_row)


@lru_cache(maxsize=256)
def _splice(
    query: str,
    variables: tuple[str, ...],
    rows: tuple[tuple[Node, ...], ...],
    subselects: bool,
    single_row: bool,
) -> str:
    """``splice_values``, done once per (text, values): a named query is bound the same way again and
    again, and reading its text with the lexer costs more than a small query itself."""
    block = values_block(variables, rows, single_row=single_row)
    wanted = {f"?{name}" for name in variables}
    marked = [
        t
        for t in tokens(query, skip=frozenset({"ws"}))
        if t.kind == "comment" and (m := _MARKER.match(t.text.strip())) and set(m[1].split()) == wanted
    ]
    if marked:
        for token in sorted(marked, key=lambda t: t.offset, reverse=True):
            query = query[: token.offset] + block.strip() + query[token.offset + len(token.text) :]
        return query
    items = _tokens(query)
    outer = _where_group(items)
    inserts = [(items[outer].offset + 1, block)]
    for index in range(outer + 1, len(items)) if subselects else ():
        if not is_word(items[index], "SELECT"):
            continue
        group = _next_open(items, index + 1)
        if group is None:
            continue
        used = {t.text[1:] for t in items[index : _matching_close(items, group)] if t.kind == "var"}
        inner = [i for i, name in enumerate(variables) if name in used]
        if inner:
            names = [variables[i] for i in inner]
            inner_rows = [[r[i] for i in inner] for r in rows]
            inserts.append((items[group].offset + 1, values_block(names, inner_rows, single_row=single_row)))
    for offset, text in sorted(inserts, reverse=True):
        query = query[:offset] + text + query[offset:]
    return query


def join_updates(parts: Iterable[str]) -> str:
    """Several updates as one request (one transaction), ``;``-separated, with their PREFIX declarations
    moved to the front: pyoxigraph reads a prologue only at the start of the request."""
    prefixes: dict[str, str] = {}
    bodies = []
    for part in parts:
        if not part.strip():
            continue
        if "prefix" not in part.lower():  # most parts (INSERT DATA of N-Triples) declare nothing
            bodies.append(part.strip())
            continue
        items = list(tokens(part))
        cut: list[tuple[int, int]] = []
        for index, token in enumerate(items[:-2]):
            name, iri = items[index + 1], items[index + 2]
            if is_word(token, "PREFIX") and name.kind == "word" and iri.kind == "iri":
                if prefixes.setdefault(name.text, iri.text) != iri.text:
                    raise QuerySyntaxError(
                        f"two updates declare {name.text} differently", source="SPARQL update"
                    )
                cut.append((token.offset, iri.offset + len(iri.text)))
        for start, end in reversed(cut):
            part = part[:start] + part[end:]
        bodies.append(part.strip())
    head = "".join(f"PREFIX {name} {iri}\n" for name, iri in prefixes.items())
    return head + " ;\n".join(bodies)


def bind_values(query: str, bindings: Bindings | None) -> str:
    """The query with ``bindings`` as one row of VALUES (see ``splice_values``): how a remote store binds."""
    if not bindings:
        return query
    return splice_values(query, list(bindings), [list(bindings.values())], single_row=True)


def prepare(query: str, bindings: Bindings | None, *, substitute: bool) -> tuple[str, dict[str, Node]]:
    """(text, substitutions) for one run: with ``substitute`` (pyoxigraph), the projected variables are
    substituted and the others spliced in as VALUES; without it, every binding is spliced."""
    if not bindings:
        return query, {}
    projected = projection(query) if substitute else set()
    substituted = {k: v for k, v in bindings.items() if projected is not None and k in projected}
    rest = {k: v for k, v in bindings.items() if k not in substituted}
    return bind_values(query, rest), substituted


def substitutions(bindings: Bindings) -> dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal]:
    """pyoxigraph's ``substitutions`` argument for ``bindings`` (rdflib terms)."""
    from queries.store import to_ox

    return {ox.Variable(name): to_ox(term) for name, term in bindings.items()}
