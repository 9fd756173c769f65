"""A small SPARQL lexer: the tokens that matter for reading a query's shape without parsing it.

Strings, IRIs and comments are single tokens, so a keyword inside them is never mistaken for one. An IRI
is ``<`` … ``>`` with no space inside (SPARQL's IRIREF), so ``?a < ?b`` stays an operator. Prefixed names
(``ex:a``, ``:a``, ``ex:``) are ``word`` tokens, like keywords. Used to place ``VALUES`` blocks in queries
sent to a remote store (``queries.remote``) and to find the requests a query would make to other
servers (``queries.outbound``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<word>(?:[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_.\-\u00B7\u00C0-\uFFFF]*)?:[^\s{}();,]*
             |[A-Za-z_][A-Za-z0-9_.\-]*)
  | (?P<open>\{)
  | (?P<close>\})
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class Token(NamedTuple):
    """One token: its kind (ws, comment, string, iri, var, word, open, close, other), text and offset."""

    kind: str
    text: str
    offset: int


def tokens(query: str, *, skip: frozenset[str] = frozenset({"ws", "comment"})) -> Iterator[Token]:
    """The tokens of ``query`` in order, leaving out the kinds in ``skip``."""
    for match in TOKEN.finditer(query):
        kind = match.lastgroup or "other"
        if kind not in skip:
            yield Token(kind, match.group(), match.start())


def is_word(token: Token, word: str) -> bool:
    """True when ``token`` is the keyword ``word`` (keywords are case-insensitive)."""
    return token.kind == "word" and token.text.upper() == word


def decode_codepoints(query: str) -> str:
    """``\\uXXXX`` and ``\\UXXXXXXXX`` escapes replaced by their characters (SPARQL 1.1 §19.2 allows them
    anywhere in a query, before parsing)."""

    def char(match: re.Match[str]) -> str:
        value = int(match[1] or match[2], 16)
        return chr(value) if value <= 0x10FFFF else match[0]

    return _CODEPOINT.sub(char, query)
