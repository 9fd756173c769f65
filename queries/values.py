"""RDF terms as the plain Python values the named queries give (str, int, float, bool or None).

``python_value`` converts an rdflib term; ``ox_value`` a pyoxigraph term straight to the same value
(no rdflib term built: on a large answer that conversion cost more than the query itself). IRIs, blank
nodes, text and language-tagged text are their text; any other typed literal goes through rdflib's own
reading (``toPython``) once per distinct term, so both give the same value for every term.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pyoxigraph as ox
from rdflib import Literal
from rdflib.term import Identifier

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
_INTEGER = re.compile(r"[+-]?[0-9]+\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def python_value(term: Identifier | None) -> object:
    """An rdflib term as a plain value: IRIs and text as str, integers as int, dates as ISO text."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return value
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        if isinstance(value, float):
            return int(value) if value.is_integer() else value
        if isinstance(value, date):
            return value.isoformat()
        return str(term)
    return str(term)


class OxValues(dict):
    """pyoxigraph term -> plain value (``python_value`` of its rdflib term), typed literals remembered."""

    def __missing__(self, term: ox.Literal) -> object:
        from queries.store import from_ox

        text, datatype = term.value, term.datatype.value
        if datatype == XSD_INTEGER and _INTEGER.match(text):
            value: object = int(text)  # what rdflib reads (int), without building the rdflib term
        elif datatype == XSD_DATE and _DATE.match(text):
            value = text  # a valid date's ISO text is its lexical form; an invalid one stays its text too
        else:
            value = python_value(from_ox(term))
        self[term] = value
        return value

    def value(self, term: object) -> object:
        """The plain value of one term (None for an unbound one)."""
        if term is None:
            return None
        if type(term) is not ox.Literal or term.language or term.datatype.value == XSD_STRING:
            return term.value  # type: ignore[attr-defined]
        return self[term]
