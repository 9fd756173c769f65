"""The aggregating named queries give the same rows, in the same order, on Virtuoso as on the embedded
store over the workbench data: the five seeds and the ten real plans of ../shared/corpus/docs.

The seeds alone do not show every difference: Virtuoso 7.2 picks its plan from the data, and with the
corpus plans beside the seeds it dropped the per-unit amounts of ``budget`` (8 rows of 14: a BIND after
the DISTINCT sub-select computing each amount's part from ``?unit``; on the small bench store 466 rows of
776, or no answer within 600 s), which the seeds' parity test in ``test_remote_store.py`` did not see.

The data goes in graph by graph (``RemoteStore.replace_graphs``, the Graph Store protocol) from the
session's ``workbench_store``; the module empties the session's Virtuoso first and removes them after.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from virtuoso import VirtuosoServer

from queries.library import run
from queries.remote import RemoteStore
from queries.sparql import sparql
from queries.store import EmbeddedStore

pytestmark = pytest.mark.virtuoso

# (query, parameters): whole-corpus aggregates, seeds with amounts per unit, a corpus plan
CASES = [
    ("budget", {}),
    ("budget", {"plan": "272/KH-UBND"}),
    ("budget", {"plan": "285/KH-UBND"}),
    ("areas", {}),
    ("areas", {"plan": "144/KH-UBND"}),
    ("lead-partner", {}),
    ("agency-load", {}),
    ("plans", {}),
    ("due", {"from": "2021-04-01", "to": "2021-06-30"}),
]


@pytest.fixture(scope="module")
def stores(
    virtuoso: VirtuosoServer, workbench_store: tuple[EmbeddedStore, object]
) -> Iterator[tuple[RemoteStore, EmbeddedStore]]:
    """(Virtuoso, embedded) holding the same graphs: the seeds and the corpus plans."""
    embedded, _ = workbench_store
    remote = RemoteStore(
        virtuoso.query_url, virtuoso.update_url, virtuoso.user, virtuoso.password, timeout=120
    )
    remote.drop_graphs(remote.named_graphs())
    remote.replace_graphs({name: embedded.graph(name) for name in embedded.named_graphs()})
    try:
        yield remote, embedded
    finally:
        # the graphs put there (asking Virtuoso for its graph names right after the load takes ~16 s)
        remote.drop_graphs(embedded.named_graphs())


def test_virtuoso_holds_the_workbench_graphs(stores: tuple[RemoteStore, EmbeddedStore]) -> None:
    remote, embedded = stores
    ours = {str(name) for name in embedded.named_graphs()}  # Virtuoso also lists its own system graphs
    sizes = [
        {str(row["g"]): int(row["n"]) for row in store.select(sparql("graph-sizes")) if str(row["g"]) in ours}
        for store in stores
    ]
    assert sizes[0] == sizes[1]
    assert len(ours) >= 15  # a graph per document, the shared one, the inferred one, ...
    assert len(remote) == len(embedded)


def test_budget_counts_amounts_per_unit_beside_totals(stores: tuple[RemoteStore, EmbeddedStore]) -> None:
    """The data has what Virtuoso dropped: groups with amounts per unit (listed, not added) beside totals,
    on both engines."""
    remote, embedded = stores
    for store in (remote, embedded):
        rows = run(store, "budget").as_dicts()
        assert len(rows) == 14
        per_unit = [row for row in rows if row["per_unit"]]
        assert {row["plan_number"] for row in per_unit} == {"272/KH-UBND", "285/KH-UBND"}
        assert len(per_unit) == 8
        assert len([row for row in per_unit if row["total_vnd"] == 0]) == 6  # only amounts per unit
        home_affairs = [
            (row["total_vnd"], row["tasks"], row["per_unit"])
            for row in rows
            if (row["plan_number"], row["area"], row["agency"])
            == ("272/KH-UBND", "communication", "Sở Nội vụ")
        ]
        assert home_affairs == [(350000000, 7, "5000000/per-month")]  # a total and an amount per month


@pytest.mark.parametrize(
    ("name", "params"), CASES, ids=[f"{n}-{'-'.join(p.values()) or 'all'}" for n, p in CASES]
)
def test_same_rows_in_the_same_order(
    stores: tuple[RemoteStore, EmbeddedStore], name: str, params: dict[str, str]
) -> None:
    remote, embedded = stores
    on_embedded = run(embedded, name, params)
    on_remote = run(remote, name, params)
    assert on_embedded.rows, f"{name} {params} found nothing"
    assert on_remote.columns == on_embedded.columns
    assert on_remote.rows == on_embedded.rows, (
        f"{name} {params}: {len(on_remote.rows)} rows on Virtuoso, {len(on_embedded.rows)} embedded; "
        f"only on Virtuoso {[r for r in on_remote.rows if r not in on_embedded.rows][:3]}; "
        f"only embedded {[r for r in on_embedded.rows if r not in on_remote.rows][:3]}"
    )
