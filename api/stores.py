"""Open the store the settings name: the embedded one, or a remote SPARQL endpoint."""

from __future__ import annotations

from api.settings import Settings
from queries.protocol import Store
from queries.remote import RemoteStore
from queries.store import EmbeddedStore


def open_store(settings: Settings) -> Store:
    """The embedded store at ``settings.store_path``, or the remote endpoint when one is configured.

    The embedded store opens for writing, or read-only when another process (``cchc-kg serve``) holds its
    lock; a write then fails naming the lock and suggesting ``--endpoint``.
    """
    if settings.endpoint:
        return RemoteStore(
            settings.endpoint,
            settings.update_endpoint,
            settings.user,
            settings.password,
            timeout=settings.query_timeout,
        )
    return EmbeddedStore(settings.store_path)
