"""The issue's targets, judged on the measured results, and the markdown rendering of latest.json."""

from __future__ import annotations

from typing import Any

from bench.query_bench import SCOPED, geometric_mean

MET, NOT_MET, UNMEASURED = "met", "not met", "not measured"


def _status(ok: bool | None) -> str:
    return UNMEASURED if ok is None else MET if ok else NOT_MET


# Limits measured outside the run, dated: quoted where the run itself has no figure for them.
DATED = {
    "bulk_load": "2026-12-02 (issue 16): pyoxigraph `bulk_load` of the same 2.5 M quads into a new on-disk "
    "store 30 s, into memory 11-14 s",
    "in_memory": "2026-12-02 (baseline16): the same query texts on an in-memory pyoxigraph copy "
    "(copy 31.7 s, 1.15 GB RSS): assignments 8.8 s, due 2.9 s, document-relations 1.3 s",
}
WHOLE_CORPUS_DUMP = "assignments"
NATIONAL_DOCUMENTS = 900  # an ingest of fewer documents does not judge the 1,008-plan targets


def _row(
    number: int, target: str, value: str, ok: bool | None, scale: str, limit: str = "", lift: str = ""
) -> dict[str, str]:
    status = _status(ok)
    if status != NOT_MET:
        limit = lift = ""
    return {
        "number": str(number),
        "target": target,
        "value": value,
        "status": status,
        "scale": scale,
        "limit": limit,
        "lift": lift,
    }


def targets(results: dict[str, Any]) -> list[dict[str, str]]:
    """Issue 16's targets, in its order, at the largest scale measured (the rdflib ratios at the largest
    scale rdflib loaded); a row not met names the measured limit that stops it and what would lift it."""
    scale = results["meta"]["largest_scale"]
    queries = results.get("queries", {}).get(scale, {}).get("queries", {})
    rows = _ingest_rows(results.get("ingest", {}).get(scale), scale)
    rows.append(_faults_row(results.get("faults"), scale))
    rows += _query_rows(queries, scale)
    rows += _rdflib_rows(results, scale)
    rows.append(_layer_row(queries, scale))
    rows.append(_pages_row(results.get("pages"), scale))
    rows.append(_virtuoso_row(results.get("virtuoso"), scale))
    return rows


def _ingest_rows(ingest: dict[str, Any] | None, scale: str) -> list[dict[str, str]]:
    first, second = "ingest of 1,008 plans <= 60 s end to end", "ingest peak RSS <= 1.5 GB"
    if not ingest:
        return [_row(1, first, "-", None, scale), _row(2, second, "-", None, scale)]
    judged = ingest["documents"] >= NATIONAL_DOCUMENTS
    readers = ingest.get("reader_processes", 1)
    stages = ingest["stages_s"]
    parse = f"{ingest['parse_map_s']} CPU-s" + (f" in {readers} readers" if readers > 1 else "")
    limit = (
        f"parse+map {parse} (2 cores: >= {ingest['parse_map_s'] / 2:.0f} s wall), load {ingest['load_s']} s "
        f"(overlapping the readers), inference {stages.get('inference', '-')} s, "
        f"optimize {stages.get('optimize', '-')} s, of {ingest['seconds']} s"
    )
    lift = (
        "faster parsing (see the profile below) and bulk writes; the engine's own limit, "
        + DATED["bulk_load"]
    )
    total = ingest["peak_rss_mb"] + readers * ingest.get("reader_peak_rss_mb", 0.0) * (readers > 1)
    rss = f"{total:.0f} MB: writer {ingest['peak_rss_mb']} MB" + (
        f" + {readers} readers x {ingest['reader_peak_rss_mb']} MB" if readers > 1 else ""
    )
    return [
        _row(
            1,
            first,
            f"{ingest['seconds']} s for {ingest['documents']} documents",
            ingest["seconds"] <= 60 if judged else None,
            scale,
            limit,
            lift,
        ),
        _row(
            2,
            second,
            rss,
            total <= 1536 if judged else None,
            scale,
            f"the writer's peak {ingest['peak_rss_mb']} MB with {ingest['quads_in_store']} quads",
            "issue 16's lever (2026-12-02): fewer quads per task (then ~59)",
        ),
    ]


def _faults_row(faults: dict[str, Any] | None, scale: str) -> dict[str, str]:
    target = "no half-written document after a kill"
    if not faults or "passed" not in faults:
        return _row(3, target, (faults or {}).get("skipped", "-"), None, "tests")
    value = f"{faults['passed']} passed, {faults['failed']} failed: `{faults['command']}`"
    return _row(
        3,
        target,
        value,
        faults["failed"] == 0 and faults["passed"] > 0,
        "tests",
        faults.get("tail", ""),
        "fix the failing fault test",
    )


def _query_rows(queries: dict[str, Any], scale: str) -> list[dict[str, str]]:
    cold = {n: q["embedded"] for n, q in queries.items() if n != WHOLE_CORPUS_DUMP}
    rows = [_cold_row(cold, scale)]
    dump = queries.get(WHOLE_CORPUS_DUMP, {}).get("embedded")
    target = f"`{WHOLE_CORPUS_DUMP}` whole corpus <= 3 s (cold)"
    if not dump or "cold_ms" not in dump:
        value = _budget_text(dump) if dump else "-"
        ok = False if dump and "exceeded_budget_s" in dump else None
        rows.append(_row(5, target, value, ok, scale, value, DATED["in_memory"]))
    else:
        layer = dump.get("layer", {})
        rows.append(
            _row(
                5,
                target,
                f"cold {dump['cold_ms'] / 1000:.2f} s, warm p50 {dump['p50_ms'] / 1000:.2f} s, "
                f"{dump['rows']} rows",
                dump["cold_ms"] <= 3000,
                scale,
                f"the raw engine on the same text: {layer.get('raw_p50_ms', 0) / 1000:.2f} s",
                "a query shape the engine runs well, or the rows precomputed at ingest; "
                + DATED["in_memory"],
            )
        )
    rows.append(_scoped_row({n: q for n, q in queries.items() if n in SCOPED}, scale))
    return rows


def _budget_text(entry: dict[str, Any]) -> str:
    if "exceeded_budget_s" in entry:
        return f"> {entry['exceeded_budget_s']} s (killed)"
    return entry.get("error", "-")


def _cold_row(entries: dict[str, dict[str, Any]], scale: str) -> dict[str, str]:
    target = f"every named query cold <= 1 s (all but `{WHOLE_CORPUS_DUMP}`)"
    if not entries:
        return _row(4, target, "-", None, scale)
    over = {n: e for n, e in entries.items() if "cold_ms" not in e or e["cold_ms"] > 1000}
    measured = {n: e["cold_ms"] for n, e in entries.items() if "cold_ms" in e}
    if not measured:
        return _row(4, target, "-", None, scale)
    worst = max(measured, key=lambda n: measured[n])
    value = f"slowest {worst} {measured[worst]:.0f} ms; {len(over)} of {len(entries)} over 1 s"
    limit = "; ".join(
        f"{n} {e['cold_ms']:.0f} ms (raw engine {e['layer']['raw_p50_ms']:.0f} ms warm)"
        if "cold_ms" in e and "raw_p50_ms" in e.get("layer", {})
        else f"{n} {_budget_text(e) if 'cold_ms' not in e else str(round(e['cold_ms'])) + ' ms'}"
        for n, e in sorted(over.items(), key=lambda item: -item[1].get("cold_ms", 1e12))
    )
    lift = "query shapes the engine runs well; aggregates computed at ingest; " + DATED["in_memory"]
    return _row(4, target, value, not over, scale, limit, lift)


def _scoped_row(scoped: dict[str, Any], scale: str) -> dict[str, str]:
    target = f"scoped queries p50 <= 50 ms ({', '.join(SCOPED)})"
    values = {n: q["embedded"].get("p50_ms") for n, q in scoped.items()}
    values = {n: v for n, v in values.items() if v is not None}
    if not values:
        return _row(6, target, "-", None, scale)
    worst = max(values, key=lambda n: values[n])
    slow = {n: v for n, v in values.items() if v > 50}
    limit = "; ".join(
        f"{n} {v:.0f} ms (raw engine {scoped[n]['embedded'].get('layer', {}).get('raw_p50_ms', '-')} ms)"
        for n, v in slow.items()
    )
    return _row(
        6,
        target,
        f"slowest {worst} {values[worst]:.1f} ms",
        not slow,
        scale,
        limit,
        "issue 16's lever (2026-12-02): query shapes the engine runs well (the raw engine's time on the "
        "same text is in the limit column)",
    )


def _rdflib_rows(results: dict[str, Any], scale: str) -> list[dict[str, str]]:
    ratio_scale, ratio_queries = _largest_with_ratios(results, scale)
    exact = {n: q["ratio"]["value"] for n, q in ratio_queries.items() if "value" in (q.get("ratio") or {})}
    bounds = {
        n: q["ratio"]["at_least"] for n, q in ratio_queries.items() if "at_least" in (q.get("ratio") or {})
    }
    first, second = "each query >= 10x rdflib", "geometric mean >= 20x rdflib"
    if not exact and not bounds:
        return [_row(7, first, "-", None, scale), _row(8, second, "-", None, scale)]
    block = results.get("queries", {}).get(ratio_scale, {})
    where = f"{ratio_scale} ({block.get('rdflib_quads', '?')} quads, the largest scale rdflib loaded)"
    # a lower bound (rdflib past its budget) can prove a target met, never missed
    low = min(exact, key=lambda n: exact[n]) if exact else None
    ok = (
        False
        if low is not None and exact[low] < 10
        else True
        if min([*exact.values(), *bounds.values()]) >= 10
        else None
    )
    slow = {n: v for n, v in exact.items() if v < 10}
    limit = "; ".join(
        f"{n} {v}x (embedded {ratio_queries[n]['embedded']['p50_ms']:.1f} ms, "
        f"rdflib {ratio_queries[n]['rdflib']['p50_ms']:.1f} ms)"
        for n, v in sorted(slow.items(), key=lambda item: item[1])
    )
    text = f"lowest {low} {exact[low]}x" if low is not None else "no exact ratio"
    undecided = {n: v for n, v in bounds.items() if v < 10}
    if undecided:  # rdflib ran past its (capped) budget before proving 10x: only a lower bound
        text += "; undecided (rdflib past its budget): " + ", ".join(
            f"{n} >= {v}x" for n, v in undecided.items()
        )
    rows = [
        _row(
            7,
            first,
            f"{text}; {len(bounds)} lower bounds",
            ok,
            where,
            limit,
            "these queries' embedded time (their p50 is in the limit column; rows 4-6's levers)",
        )
    ]
    mean = geometric_mean([*exact.values(), *bounds.values()]) or 0
    ok = True if mean >= 20 else (False if not bounds else None)
    prefix = ">= " if bounds else ""
    rows.append(
        _row(
            8,
            second,
            f"{prefix}{mean}x over {len(exact) + len(bounds)} queries",
            ok,
            where,
            f"the queries under 20x: {', '.join(f'{n} {v}x' for n, v in exact.items() if v < 20)}",
            "the embedded time of the queries under 20x (rows 4-6's levers)",
        )
    )
    return rows


def _layer_row(queries: dict[str, Any], scale: str) -> dict[str, str]:
    target = "cchc-kg's layer within 10% of the raw engine (same final SPARQL)"
    layers = {n: q["embedded"].get("layer", {}) for n, q in queries.items()}
    ratios = {n: layer["ratio"] for n, layer in layers.items() if "ratio" in layer}
    if not ratios:
        return _row(9, target, "-", None, scale)
    worst = max(ratios, key=lambda n: ratios[n])
    over = {n: r for n, r in ratios.items() if r > 1.10}
    limit = "; ".join(
        f"{n} {layers[n]['layer_cpu_ms']:.1f} vs {layers[n]['raw_cpu_ms']:.1f} ms CPU "
        f"({layers[n]['engine_calls']} engine calls, {layers[n]['values']} values)"
        for n in sorted(over, key=lambda n: -over[n])
    )
    return _row(
        9,
        target,
        f"worst {worst} {ratios[worst]}x; {len(over)} of {len(ratios)} over 1.10x",
        not over,
        scale,
        limit,
        "the layer's own work measured here: its engine calls before the final query (look-ups) and the "
        "values it converts (both in the limit column)",
    )


def _pages_row(pages: dict[str, Any] | None, scale: str) -> dict[str, str]:
    target = "pages p95 <= 1 s from the first request after a start and after an ingest"
    if not pages or "pages" not in pages:
        return _row(10, target, (pages or {}).get("skipped", "-"), None, scale)
    timed = {
        f"{phase}: {name}": entry
        for phase, block in pages["pages"].items()
        for name, entry in block.items()
        if "p95_ms" in entry
    }
    failed = [
        f"{phase}: {name} ({' '.join(str(entry[k]) for k in ('status', 'error') if entry.get(k))})"
        for phase, block in pages["pages"].items()
        for name, entry in block.items()
        if "p95_ms" not in entry
    ]
    upload = pages.get("ingest") or {}
    if "error" in upload:
        failed.append(
            f"after ingest: not measured, the upload answered {upload.get('status')}: {upload['error']}"
        )
    if not timed:
        return _row(10, target, "; ".join(failed) or "-", None, scale)
    worst = max(timed, key=lambda n: timed[n]["p95_ms"])
    slow = {n: e for n, e in timed.items() if e["p95_ms"] > 1000}
    limit = "; ".join(f"{n} p95 {e['p95_ms']:.0f} ms (first {e['first_ms']:.0f} ms)" for n, e in slow.items())
    if failed:
        limit = "; ".join(filter(None, [limit, "not answered: " + ", ".join(failed)]))
    return _row(
        10,
        target,
        f"worst {worst} p95 {timed[worst]['p95_ms']:.0f} ms"
        + (f"; {len(failed)} not answered" if failed else ""),
        not slow and not failed,
        scale,
        limit,
        "issue 16 (2026-12-02): precompute what the pages need at ingest or keep it current incrementally "
        "(a result cache alone does not help the first visitor); the queries behind them: rows 4-5",
    )


def _virtuoso_row(virtuoso: dict[str, Any] | None, scale: str) -> dict[str, str]:
    target = "Virtuoso beside the embedded store (whole-corpus queries), same row counts"
    if not virtuoso or "queries" not in virtuoso:
        return _row(11, target, (virtuoso or {}).get("skipped", "-"), None, scale)
    entries = virtuoso["queries"]
    differ = [n for n, e in entries.items() if e.get("rows_differ")]
    failed = [n for n, e in entries.items() if "virtuoso_ms" not in e]
    if any("embedded_rows" not in e for e in entries.values()) and not differ:
        return _row(11, target, "no embedded run to compare with (run the queries part too)", None, scale)
    value = (
        f"load {virtuoso['load_s']} s; {len(entries) - len(failed)} of {len(entries)} queries answered, "
        f"{len(differ)} with other row counts"
    )
    limit = "; ".join(
        [f"{n}: {entries[n]['rows_differ']}" for n in differ]
        + [f"{n}: {entries[n].get('error', 'no answer')}" for n in failed]
    )
    return _row(
        11,
        target,
        value,
        not differ and not failed,
        scale,
        limit,
        "the same answers on both engines (the parity tests: tests/test_remote_store.py)",
    )


def _largest_with_ratios(results: dict[str, Any], largest: str) -> tuple[str, dict[str, Any]]:
    """The largest scale whose queries ran on rdflib too (rdflib is not loaded past a size), and them."""
    by_scale = results.get("queries", {})
    for scale in reversed(results["meta"]["scales"]):
        queries = by_scale.get(scale, {}).get("queries", {})
        if any(q.get("ratio") for q in queries.values()):
            return scale, queries
    return largest, by_scale.get(largest, {}).get("queries", {})


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
        "## Targets (issue 16; largest scale measured)",
        "",
        "| # | target | value | scale | status | measured limit | what would lift it |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {t['number']} | {t['target']} | {t['value']} | {t['scale']} | **{t['status']}** | "
        f"{t['limit']} | {t['lift']} |"
        for t in results["targets"]
    ]
    lines.append("")
    lines.append(f"Whole run: {meta.get('seconds', '-')} s.")
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
            "Cold: the first run in a fresh process right after opening the store. Layer: "
            "`queries.library.run` over the raw pyoxigraph `Store.query` on the query's final text and "
            "substitutions (its last engine call), reading every value of every solution; alternating "
            "pairs, p50 CPU time (process_time) and wall time, layer / raw ms.",
            "",
            "| query | kind | parameters | cold ms | embedded store | rows | layer / raw ms "
            "| rdflib in-memory | ratio |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for name, query in block["queries"].items():
            params = ", ".join(f"{k}={v}" for k, v in query["params"].items()) or "-"
            kind = "scoped" if query["scoped"] else "corpus"
            lines.append(
                f"| {name} | {kind} | {params} | {query['embedded'].get('cold_ms', '-')} | "
                f"{_ms(query['embedded'])} | {query['embedded'].get('rows', '-')} | "
                f"{_layer_text(query['embedded'])} | {_ms(query.get('rdflib'))} | {_ratio_text(query)} |"
            )
    lines += _faults_markdown(results.get("faults"))
    lines += _pages_markdown(results.get("pages"))
    lines += _virtuoso_markdown(results.get("virtuoso"))
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


def _layer_text(entry: dict[str, Any]) -> str:
    layer = entry.get("layer") or {}
    if "ratio" not in layer:
        return "-"
    return (
        f"{layer['ratio']}x CPU ({layer['layer_cpu_ms']:.1f} / {layer['raw_cpu_ms']:.1f}); "
        f"wall {layer['wall_ratio']}x ({layer['layer_p50_ms']:.1f} / {layer['raw_p50_ms']:.1f})"
    )


def _faults_markdown(faults: dict[str, Any] | None) -> list[str]:
    if not faults:
        return []
    lines = ["", "## Kill during ingest (fault tests)", ""]
    if "skipped" in faults:
        return [*lines, f"Skipped: {faults['skipped']}"]
    return [
        *lines,
        f"{faults['passed']} passed, {faults['failed']} failed in {faults['seconds']} s. "
        f"Command: `{faults['command']}`",
    ]


def _pages_markdown(pages: dict[str, Any] | None) -> list[str]:
    if not pages:
        return []
    lines = ["", f"## Pages (scale {pages.get('scale')})", ""]
    if "skipped" in pages:
        return [*lines, f"Skipped: {pages['skipped']}"]
    lines += [
        f"`cchc-kg serve` started on the store ({pages.get('start_s', '-')} s until it answered); each page "
        f"requested {pages.get('requests', '-')} times right after the start, then again right after "
        f"an ingest through `POST /api/documents` ({pages.get('ingest', {}).get('seconds', '-')} s). "
        f"Command: `{pages.get('command', '-')}`",
        "",
        *(
            [f"The upload failed ({pages['ingest'].get('status')}): {pages['ingest']['error']}", ""]
            if "error" in pages.get("ingest", {})
            else []
        ),
        "| when | page | path | first ms | p50 ms | p95 ms | status |",
        "|---|---|---|---|---|---|---|",
    ]
    for phase, block in pages.get("pages", {}).items():
        for name, entry in block.items():
            timing = (
                f"{entry['first_ms']:.0f} | {entry['p50_ms']:.0f} | {entry['p95_ms']:.0f}"
                if "p95_ms" in entry
                else "- | - | -"
            )
            status = entry.get("status", "-") if "error" not in entry else entry["error"]
            lines.append(f"| {phase} | {name} | `{entry.get('path', '-')}` | {timing} | {status} |")
    return lines


def _virtuoso_markdown(virtuoso: dict[str, Any] | None) -> list[str]:
    if not virtuoso:
        return []
    lines = ["", f"## Virtuoso beside the embedded store (scale {virtuoso.get('scale')})", ""]
    if "skipped" in virtuoso:
        return [*lines, f"Skipped: {virtuoso['skipped']}"]
    lines += [
        f"{virtuoso.get('quads', '-')} quads bulk-loaded (`ld_dir` + `rdf_loader_run`) in "
        f"{virtuoso['load_s']} s; each query through `queries.remote.RemoteStore` and the same "
        f"`queries.library.run`. Command: `{virtuoso.get('command', '-')}`",
        "",
        "| query | embedded p50 ms | rows | Virtuoso first ms | Virtuoso p50 ms | rows | parity |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, entry in virtuoso["queries"].items():
        ours = f"{entry.get('embedded_ms', '-')} | {entry.get('embedded_rows', '-')}"
        if "virtuoso_ms" in entry:
            theirs = f"{entry['virtuoso_first_ms']} | {entry['virtuoso_ms']} | {entry['virtuoso_rows']}"
        else:
            theirs = f"{entry.get('error', '-')} | - | -"
        parity = entry.get("rows_differ") or (
            "same rows" if "virtuoso_ms" in entry and "embedded_rows" in entry else "-"
        )
        lines.append(f"| {name} | {ours} | {theirs} | {parity} |")
    return lines
