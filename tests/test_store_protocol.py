"""One store interface: the embedded, remote, guarded and federation-guarded stores are each a
``queries.protocol.Store``, with the protocol's method signatures, and callers type against it."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from api.federation import FederationGuard, FederationPolicy
from api.serving.guarded_store import GuardedStore
from api.settings import Settings
from ontology import DEFAULT_BASE_IRI
from queries.protocol import Store
from queries.remote import RemoteStore
from queries.store import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
STORES = [EmbeddedStore, RemoteStore, GuardedStore, FederationGuard]
METHODS = [
    name
    for name, value in vars(Store).items()
    if callable(value) and (not name.startswith("_") or name in ("__len__", "__enter__", "__exit__"))
]


def test_the_protocol_names_what_callers_use() -> None:
    assert set(METHODS) >= {
        "select", "ask", "construct", "run", "update", "replace_graphs", "drop_graphs", "named_graphs",
        "graph", "quads", "export", "flush", "close", "__len__", "__enter__", "__exit__",
    }  # fmt: skip


def test_every_store_is_one_at_run_time(tmp_path: Path) -> None:
    embedded = EmbeddedStore(None)
    remote = RemoteStore("http://127.0.0.1:9/sparql")  # nothing is sent until a query
    guarded = GuardedStore(
        EmbeddedStore(None), Settings(store_path=tmp_path, base_iri=DEFAULT_BASE_IRI, query_workers=0)
    )
    try:
        for store in (embedded, remote, guarded, FederationGuard(guarded, FederationPolicy())):
            assert isinstance(store, Store), type(store).__name__
        assert not isinstance(object(), Store)
    finally:
        guarded.close()


@pytest.mark.parametrize("cls", STORES, ids=lambda cls: cls.__name__)
def test_each_store_declares_every_method_with_the_protocols_signature(cls: type) -> None:
    """Each protocol method is defined (on the class or ``queries.protocol.Wrapped``, the guards' base);
    each protocol parameter is there, of the same kind and default; extra parameters are optional
    keyword-only ones (the guarded stores' ``default_graphs``/``named_graphs``)."""
    for name in METHODS:
        method = getattr(cls, name, None)
        assert method is not None and method is not getattr(Store, name), f"{cls.__name__} lacks {name}"
        want = list(inspect.signature(getattr(Store, name)).parameters.values())
        have = inspect.signature(method).parameters
        for parameter in want:
            assert parameter.name in have, f"{cls.__name__}.{name} lacks {parameter.name}"
            got = have[parameter.name]
            assert (got.kind, got.default) == (parameter.kind, parameter.default), f"{cls.__name__}.{name}"
        for extra in set(have) - {p.name for p in want}:
            assert have[extra].kind is inspect.Parameter.KEYWORD_ONLY, f"{cls.__name__}.{name}({extra})"
            assert have[extra].default is not inspect.Parameter.empty, f"{cls.__name__}.{name}({extra})"


def test_no_untyped_store_and_no_private_query_calls() -> None:
    """``store: Any`` nowhere in queries/, viz/ and api/ (stores are ``Store``); nobody calls ``._query(``."""
    untyped = re.compile(r"\b(store|inner)\s*:\s*Any\b|def (get_store|_store|guard)\(.*\)\s*->\s*Any:")
    files = [*ROOT.glob("api/**/*.py"), *ROOT.glob("queries/**/*.py"), *ROOT.glob("viz/**/*.py")]
    assert len(files) > 40
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert not untyped.search(text), (path, untyped.search(text))
        assert not re.search(r"\bstore\._query\(", text), path
