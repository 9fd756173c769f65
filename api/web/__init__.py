"""The analysts' web UI: server-rendered pages over the named queries (Vietnamese by default, ``?lang=en``).

Pages: home ``/``, search ``/search?q=``, SPARQL editor ``/query``, plan ``/plans/{number or IRI path}``,
agency ``/agencies/{org|group}/{province}/{key}``, province ``/provinces/{slug}``, legal document
``/documents/{number or IRI path}``, trace ``/trace?document=``, responsibility network
``/network?province=``, upload ``/upload`` (when enabled), data quality ``/quality`` and ``/quality/{plan}``,
and the network frames ``/plans/{id}/network`` and ``/trace/graph?document=``. Data comes from the named
queries (``queries.library.run``); only the editor runs the SPARQL a user types. Every template is
autoescaped. ``page_for`` maps a minted IRI to its page (the linked-data route uses it).

Modules: ``routes`` (the one router), ``state`` (the served store), ``links`` (URLs, ``page_for``),
``render`` (templates, language, error pages), ``rows`` (finding a plan, document or agency), ``graphs``
(network views), and the pages, each registering its routes on the router when imported: ``home`` (home,
search), ``plans``, ``agencies``, ``provinces`` (and the lineage sections), ``documents`` (document, trace),
``editor`` (SPARQL editor, downloads; its results in ``results``), ``upload`` (document upload, when
enabled), ``quality`` (ingest's findings), ``static`` (CSS and JS).
"""

from __future__ import annotations

# importing the page modules registers their routes on ``router``
from api.web import agencies, documents, editor, home, network, plans, provinces, quality, static, upload  # noqa: F401
from api.web.links import page_for
from api.web.plans import quarters
from api.web.render import TEMPLATES_DIR
from api.web.routes import router
from api.web.state import get_store
from api.web.static import STATIC_DIR

__all__ = ["STATIC_DIR", "TEMPLATES_DIR", "get_store", "page_for", "quarters", "router"]
