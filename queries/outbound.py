"""The requests to other servers that a SPARQL query or update would make, found before it runs.

A query reaches out through ``SERVICE`` (federation); an update through ``SERVICE`` in its ``WHERE`` and
through ``LOAD <document>``. ``outbound_requests`` reads the text with the lexer (``queries.sparql_lexer``),
so a keyword inside a string, an IRI or a comment is not one, keywords match in any case, prefixed names
are expanded with the text's ``PREFIX`` declarations and relative IRIs resolved against its ``BASE``.
``\\u`` escapes are decoded first, as a SPARQL parser would. A target that cannot be known before
evaluation (``SERVICE ?endpoint``, an undeclared prefix) is reported with ``iri=None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from queries.sparql_lexer import Token, decode_codepoints, is_word, tokens

_PN_ESCAPE = re.compile(r"\\(.)")


@dataclass(frozen=True)
class OutboundRequest:
    """One place where the text would call another server."""

    keyword: str  # "SERVICE" or "LOAD"
    iri: str | None  # the absolute IRI called, or None when it is only known at run time
    written: str  # the target as written (an IRI, a prefixed name or a variable)
    silent: bool  # SERVICE SILENT / LOAD SILENT
    offset: int  # character offset of the keyword in the (decoded) text


def _expand(token: Token, prefixes: dict[str, str], base: str | None) -> str | None:
    """The absolute IRI a target token names, or None (a variable, an unknown prefix)."""
    if token.kind == "iri":
        iri = token.text[1:-1]
        return urljoin(base, iri) if base else iri
    if token.kind == "word" and ":" in token.text:
        prefix, _, local = token.text.partition(":")
        namespace = prefixes.get(prefix)
        return None if namespace is None else namespace + _PN_ESCAPE.sub(r"\1", local)
    return None


def _scan(text: str) -> list[OutboundRequest]:
    found: list[OutboundRequest] = []
    prefixes: dict[str, str] = {}
    base: str | None = None
    items = list(tokens(text))
    for index, token in enumerate(items):
        following = items[index + 1 : index + 4]
        if is_word(token, "BASE") and following and following[0].kind == "iri":
            base = urljoin(base, following[0].text[1:-1]) if base else following[0].text[1:-1]
        elif is_word(token, "PREFIX") and len(following) >= 2 and following[1].kind == "iri":
            namespace = following[1].text[1:-1]
            prefixes[following[0].text.rstrip(":")] = urljoin(base, namespace) if base else namespace
        elif is_word(token, "SERVICE") or is_word(token, "LOAD"):
            silent = bool(following) and is_word(following[0], "SILENT")
            target = following[1] if silent and len(following) > 1 else (following[0] if following else None)
            written = target.text if target else ""
            iri = _expand(target, prefixes, base) if target else None
            found.append(OutboundRequest(token.text.upper(), iri, written, silent, token.offset))
    return found


def outbound_requests(text: str) -> list[OutboundRequest]:
    """Every SERVICE and LOAD in ``text`` (a query or an update), in order."""
    found = _scan(text)
    decoded = decode_codepoints(text)
    if decoded != text:  # an escaped keyword or IRI counts as written out
        seen = {(r.keyword, r.iri, r.written) for r in found}
        found += [r for r in _scan(decoded) if (r.keyword, r.iri, r.written) not in seen]
    return found
