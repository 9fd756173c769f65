"""Contract tests: schemathesis generates requests from the app's OpenAPI schema and checks the answers.

In-process (ASGI) over a store built from ``ingest/samples``, with query worker processes as
``cchc-kg serve`` runs them; a bounded number of examples per operation. Checks: no 5xx
(``not_a_server_error``), and status codes, content types and JSON bodies that conform to the schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from api.service import ingest_paths
from api.settings import Settings
from ontology import DEFAULT_BASE_IRI
from queries.store import EmbeddedStore

SAMPLES = Path(__file__).resolve().parent.parent / "ingest" / "samples"
EXAMPLES = 12  # per operation: the whole module stays well under 90 s


def build_app(folder: Path):  # type: ignore[no-untyped-def]
    path = folder / "store"
    with EmbeddedStore(path) as store:
        assert all(r.ok for r in ingest_paths(store, sorted(SAMPLES.glob("*.txt")), DEFAULT_BASE_IRI))
    settings = Settings(path, DEFAULT_BASE_IRI, query_workers=2, query_timeout=10.0)
    return create_app(settings)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    application = build_app(tmp_path_factory.mktemp("contract"))
    yield application
    application.state.store.close()


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def operations(app: object) -> dict[str, object]:
    """Every operation of the app's OpenAPI schema, by label ("GET /api/plans")."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    found = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        found[operation.label] = operation
    return found


def test_every_operation_is_exercised(operations: dict[str, object]) -> None:
    assert set(LABELS) == set(operations), set(operations) ^ set(LABELS)


LABELS = [
    "GET /api/agencies",
    "GET /api/agencies/{agency_id}",
    "GET /api/documents",
    "GET /api/documents/{document_id}",
    "GET /api/plans",
    "GET /api/plans/{plan_id}",
    "GET /api/queries",
    "GET /api/queries/{name}",
    "GET /api/stats",
    "GET /api/trace",
    "GET /id/{path}",
    "GET /sparql",
    "POST /api/documents",
    "POST /api/queries/{name}",
    "POST /sparql",
]


@pytest.mark.parametrize("label", LABELS)
def test_operation_conforms_to_the_schema(operations: dict[str, object], label: str) -> None:
    """Generated requests (bounded examples): never a 5xx; status, content type and body as documented."""
    operation = operations.get(label)
    if operation is None:
        pytest.fail(f"{label} is not in the schema")

    @given(case=operation.as_strategy())  # type: ignore[attr-defined]
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
        database=None,
    )
    def check(case: schemathesis.Case) -> None:
        case.call_and_validate(checks=CHECKS)

    check()
