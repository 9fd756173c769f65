"""The responsibility-network page for a whole store: time to build it, nodes, edges, file size."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any


def bench_viz(store_path: str, target: str) -> dict[str, Any]:
    """Run in a child process; ``{"skipped": why}`` when the viz package lacks what is needed."""
    try:
        from viz.html import network_page
        from viz.networks import responsibility_network
    except ImportError as exc:
        return {"skipped": f"viz.networks / viz.html not available ({exc})"}
    from queries.store import EmbeddedStore

    with EmbeddedStore(Path(store_path)) as store:
        started = time.perf_counter()
        graph = responsibility_network(store)
        built = time.perf_counter()
        filters = graph.graph.get("filters") or {}
        page = network_page(graph, title="Responsibility network (benchmark)", filters=dict(filters))
        done = time.perf_counter()
    Path(target).write_text(page, encoding="utf-8")
    return {
        "network_s": round(built - started, 3),
        "page_s": round(done - built, 3),
        "seconds": round(done - started, 3),
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "file_bytes": Path(target).stat().st_size,
        "file": target,
    }
