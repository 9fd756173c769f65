"""The issue's targets, judged on the measured results, and the markdown rendering of latest.json."""

from __future__ import annotations

from typing import Any

from bench.query_bench import SCOPED, geometric_mean

MET, NOT_MET, UNMEASURED = "met", "not met", "not measured"


def _status(ok: bool | None) -> str:
    return UNMEASURED if ok is None else MET if ok else NOT_MET


def targets(results: dict[str, Any]) -> list[dict[str, str]]:
    """Where each target of the issue stands, at the largest scale measured."""
    scale = results["meta"]["largest_scale"]
    out: list[dict[str, str]] = []

    def add(target: str, value: str, ok: bool | None, scope: str = "") -> None:
        out.append({"target": target, "value": value, "status": _status(ok), "scale": scope or scale})

    ingest = results.get("ingest", {}).get(scale)
    if ingest:
        add(
            "ingest of ~1,000 documents <= 60 s",
            f"{ingest['seconds']} s for {ingest['documents']} documents",
            ingest["seconds"] <= 60 if ingest["documents"] >= 900 else None,
        )
        add(
            "ingest peak RSS < 1.5 GB",
            f"{ingest['peak_rss_mb']} MB",
            ingest["peak_rss_mb"] < 1536 if ingest["documents"] >= 900 else None,
        )
    else:
        add("ingest of ~1,000 documents <= 60 s", "-", None)
        add("ingest peak RSS < 1.5 GB", "-", None)
    queries = results.get("queries", {}).get(scale, {}).get("queries", {})
    scoped = {n: q for n, q in queries.items() if n in SCOPED}
    corpus = {n: q for n, q in queries.items() if n not in SCOPED}
    _p50_target(add, "scoped queries p50 < 50 ms (tasks, agency-tasks, legal-bases, trace)", scoped, 50)
    _p50_target(add, "whole-corpus queries p50 < 300 ms", corpus, 300)
    ratio_scale, ratio_queries = _largest_with_ratios(results, scale)
    exact = [q["ratio"]["value"] for q in ratio_queries.values() if "value" in (q.get("ratio") or {})]
    bounds = [q["ratio"]["at_least"] for q in ratio_queries.values() if "at_least" in (q.get("ratio") or {})]
    if exact or bounds:
        add = _scoped_add(out, ratio_scale)
        # a lower bound (rdflib past its budget) can prove a target met, never missed
        low = min(exact) if exact else None
        ok = False if low is not None and low < 10 else True if min(exact + bounds) >= 10 else None
        text = f"lowest measured {low}x" if low is not None else "no exact ratio"
        add("each query >= 10x faster than rdflib", f"{text}; {len(bounds)} lower bounds", ok)
        mean = geometric_mean(exact + bounds) or 0
        ok = True if mean >= 20 else (False if not bounds else None)
        prefix = ">= " if bounds else ""
        add(
            "geometric mean >= 20x faster than rdflib",
            f"{prefix}{mean}x over {len(exact + bounds)} queries",
            ok,
        )
    else:
        add("each query >= 10x faster than rdflib", "-", None)
        add("geometric mean >= 20x faster than rdflib", "-", None)
    add = _scoped_add(out, scale)
    opened = results.get("store_open", {}).get(scale)
    add(
        "store open < 200 ms",
        f"{opened['median_ms']} ms" if opened else "-",
        opened["median_ms"] < 200 if opened else None,
    )
    cold = results.get("cold_query", {}).get("seeds")
    ok = cold["median_s"] < 1.5 if cold and "median_s" in cold else None
    add(
        "cold `cchc-kg query` on the seeds < 1.5 s",
        f"{cold['median_s']} s" if ok is not None else "-",
        ok,
        "seeds",
    )
    _http_targets(add, results.get("http", {}), scoped)
    return out


def _scoped_add(out: list[dict[str, str]], scale: str) -> Any:
    """An ``add`` that records targets as judged at ``scale``."""

    def add(target: str, value: str, ok: bool | None, scope: str = "") -> None:
        out.append({"target": target, "value": value, "status": _status(ok), "scale": scope or scale})

    return add


def _largest_with_ratios(results: dict[str, Any], largest: str) -> tuple[str, dict[str, Any]]:
    """The largest scale whose queries ran on rdflib too (rdflib is not loaded past a size), and them."""
    by_scale = results.get("queries", {})
    for scale in reversed(results["meta"]["scales"]):
        queries = by_scale.get(scale, {}).get("queries", {})
        if any(q.get("ratio") for q in queries.values()):
            return scale, queries
    return largest, by_scale.get(largest, {}).get("queries", {})


def _p50_target(add: Any, target: str, queries: dict[str, Any], limit: float) -> None:
    """Judged on the slowest query; one that ran past its budget counts as (at least) the budget."""
    values: dict[str, float] = {}
    for name, query in queries.items():
        embedded = query["embedded"]
        if "p50_ms" in embedded:
            values[name] = embedded["p50_ms"]
        elif "exceeded_budget_s" in embedded:
            values[name] = embedded["exceeded_budget_s"] * 1000
    if not values:
        add(target, "-", None)
        return
    worst = max(values, key=lambda n: values[n])
    over = "> " if "exceeded_budget_s" in queries[worst]["embedded"] else ""
    add(target, f"slowest {worst} {over}{values[worst]:.1f} ms", values[worst] < limit)


def _http_targets(add: Any, http: dict[str, Any], scoped: dict[str, Any]) -> None:
    ours = http.get("cchc_kg", {})
    single = (ours.get("scoped") or [{}])[0].get("by_query", {})
    gaps = []
    for name, summary in single.items():
        store_ms = scoped.get(name, {}).get("embedded", {}).get("p50_ms")
        if store_ms is not None:
            gaps.append((summary["p50_ms"] - store_ms, name))
    if gaps:
        gap, name = max(gaps)
        add(
            "HTTP p50 within 5 ms of the store (scoped, 1 client)",
            f"largest gap {gap:.1f} ms ({name})",
            gap <= 5,
        )
    else:
        add("HTTP p50 within 5 ms of the store (scoped, 1 client)", "-", None)
    theirs = http.get("rdflib_endpoint", {})
    ours_16 = _at(ours.get("aggregate"), 16)
    theirs_16 = _at(theirs.get("aggregate"), 16)
    if ours_16 and theirs_16:
        mine, other = ours_16["throughput_rps"], theirs_16["throughput_rps"]
        bound = max(other, 1 / max(theirs_16["seconds"], 1e-9)) if not theirs_16["completed"] else other
        prefix = "" if theirs_16["completed"] else ">= "
        ratio = mine / bound if bound else float("inf")
        add(
            "HTTP throughput at 16 clients >= 10x rdflib-endpoint (aggregates)",
            f"{prefix}{ratio:.1f}x ({mine} vs {other} req/s)",
            ratio >= 10,
        )
    else:
        add("HTTP throughput at 16 clients >= 10x rdflib-endpoint (aggregates)", "-", None)


def _at(levels: list[dict[str, Any]] | None, clients: int) -> dict[str, Any] | None:
    return next((level for level in levels or [] if level.get("clients") == clients), None)


# -- markdown ----------------------------------------------------------------------------------------


def _ms(entry: dict[str, Any] | None) -> str:
    if not entry:
        return "-"
    if "exceeded_budget_s" in entry:
        where = entry.get("at_smaller_scale")
        label = "" if not where else " (at a smaller scale)" if where is True else f" (at {where})"
        return f"> {entry['exceeded_budget_s']} s budget{label}"
    if "error" in entry:
        return "error"
    return f"{entry['p50_ms']:.1f} / {entry['p95_ms']:.1f}"


def _ratio_text(query: dict[str, Any]) -> str:
    ratio = query.get("ratio") or {}
    if "value" in ratio:
        return f"{ratio['value']}x" + (" (rows differ)" if "rows_differ" in ratio else "")
    if "at_least" in ratio:
        return f">= {ratio['at_least']}x"
    return "-"


def markdown(results: dict[str, Any]) -> str:
    """latest.md: every figure with the command that reproduces it."""
    meta = results["meta"]
    lines = [
        "# cchc-kg benchmark",
        "",
        f"{meta['when']} · commit {meta['commit']} · {meta['machine']} · seed {meta['seed']}"
        + (" · **quick run**" if meta.get("quick") else ""),
        "",
        "## Targets (largest scale measured)",
        "",
        "| target | value | scale | status |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {t['target']} | {t['value']} | {t['scale']} | **{t['status']}** |" for t in results["targets"]
    ]
    lines += [
        "",
        "## Ingest (parse, map, load, inference)",
        "",
        "| scale | documents | tasks | quads | seconds | docs/s | tasks/s | parse+map s | load s | "
        "inference s | peak RSS MB | runs | command |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for scale, row in results.get("ingest", {}).items():
        lines.append(
            f"| {scale} | {row['documents']} | {row['tasks']} | {row['quads_in_store']} | {row['seconds']} | "
            f"{row['documents_per_s']} | {row['tasks_per_s']} | {_parse_cell(row)} | {row['load_s']} | "
            f"{row['stages_s']['inference']} | {_rss_cell(row)} | {row['runs']} | "
            f"`{row['command']}` |"
        )
    lines += [
        "",
        "## Store open and cold CLI query",
        "",
        "| scale | store open (median ms) | cold `cchc-kg query plans` (median s) | command |",
        "|---|---|---|---|",
    ]
    for scale, opened in results.get("store_open", {}).items():
        cold = results.get("cold_query", {}).get(scale, {})
        lines.append(
            f"| {scale} | {opened['median_ms']} | {cold.get('median_s', '-')} | `{opened['command']}` |"
        )
    for scale, block in results.get("queries", {}).items():
        lines += [
            "",
            f"## Named queries at scale {scale} (p50 / p95 ms)",
            "",
            f"rdflib Dataset loaded in {block.get('rdflib_load_s', '-')} s. Command: `{block['command']}`",
            "",
            "| query | kind | parameters | embedded store | rows | rdflib in-memory | ratio |",
            "|---|---|---|---|---|---|---|",
        ]
        for name, query in block["queries"].items():
            params = ", ".join(f"{k}={v}" for k, v in query["params"].items()) or "-"
            kind = "scoped" if query["scoped"] else "corpus"
            lines.append(
                f"| {name} | {kind} | {params} | {_ms(query['embedded'])} | "
                f"{query['embedded'].get('rows', '-')} | {_ms(query.get('rdflib'))} | {_ratio_text(query)} |"
            )
    lines += _http_markdown(results.get("http"))
    viz = results.get("viz")
    if viz:
        lines += ["", "## Responsibility network page", ""]
        if "skipped" in viz:
            lines.append(f"Skipped: {viz['skipped']}")
        else:
            lines.append(
                f"{viz['seconds']} s ({viz['network_s']} s network, {viz['page_s']} s page), "
                f"{viz['nodes']} nodes, {viz['edges']} edges, {viz['file_bytes']} bytes. "
                f"Command: `{viz['command']}`"
            )
    profile = results.get("profile")
    if profile:
        lines += [
            "",
            "## Where ingest spends its time (pyinstrument)",
            "",
            f"Command: `{profile['command']}`",
            "",
        ]
        lines += (
            [f"Skipped: {profile['skipped']}"] if "skipped" in profile else ["```", *profile["top"], "```"]
        )
    if results.get("notes"):
        lines += ["", "## Notes", "", *[f"- {note}" for note in results["notes"]]]
    return "\n".join(lines) + "\n"


def _http_markdown(http: dict[str, Any] | None) -> list[str]:
    if not http:
        return []
    lines = [
        "",
        f"## HTTP on loopback (scale {http.get('scale')}; at most {http['max_requests']} requests or "
        f"{http['max_seconds']} s per level)",
        "",
        f"Command: `{http['command']}`",
        "",
        "| server | via | mix | clients | completed | req/s | p50 / p95 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for server in ("cchc_kg", "rdflib_endpoint"):
        block = http.get(server, {})
        if "skipped" in block:
            lines.append(f"| {server} | - | - | - | skipped: {block['skipped']} | | |")
            continue
        for mix in ("scoped", "aggregate"):
            for level in block.get(mix, []):
                if level.get("clients") is None:
                    lines.append(f"| {server} | | {mix} | | {level.get('note')} | | |")
                    continue
                timing = f"{level['p50_ms']:.1f} / {level['p95_ms']:.1f}" if "p50_ms" in level else "-"
                lines.append(
                    f"| {server} | {block.get('via')} | {mix} | {level['clients']} | {level['completed']} "
                    f"| {level['throughput_rps']} | {timing} |"
                )
    return lines


def _parse_cell(row: dict[str, Any]) -> str:
    """Parse+map seconds; CPU seconds of the reader processes when a pool read the documents."""
    readers = row.get("reader_processes", 1)
    return f"{row['parse_map_s']}" if readers <= 1 else f"{row['parse_map_s']} CPU in {readers} readers"


def _rss_cell(row: dict[str, Any]) -> str:
    """Peak RSS of the writer, and of the largest reader process when there were readers."""
    reader = row.get("reader_peak_rss_mb", 0.0)
    return f"{row['peak_rss_mb']}" if not reader else f"{row['peak_rss_mb']} (+ {reader} per reader)"
