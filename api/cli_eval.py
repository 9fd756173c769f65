"""``cchc-kg eval``: score extraction on a gold corpus (``ingest.evaluation``) and write the report.

A plain function with typer annotations; ``api.cli`` registers it (``app.command("eval")(evaluate)``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from api.errors import EXIT_USER_ERROR
from ingest.evaluation import TARGETS, CorpusScore, GoldError, Metrics, Ratio, evaluate_corpus

DEFAULT_CORPUS = Path("../shared/corpus")
DEFAULT_PREFIX = Path("bench/results/extraction")

_COLUMNS = (
    ("tasks", "task_recall", "task_precision"),
    ("leads", "lead_recall", "lead_precision"),
    ("partners", "partner_recall", "partner_precision"),
    ("time", "time_recall", None),
    ("legal bases", "legal_basis_recall", None),
)


def _pct(ratio: Ratio) -> str:
    value = ratio.value
    return "—" if value is None else f"{100 * value:.1f}%"


def _cells(metrics: Metrics) -> list[str]:
    return [
        _pct(metrics.task_recall),
        _pct(metrics.task_precision),
        _pct(metrics.lead_recall),
        _pct(metrics.partner_recall),
        _pct(metrics.time_recall),
        _pct(metrics.legal_basis_recall),
    ]


_HEADERS = ["document", "gold", "pred", "match", "task R", "task P", "lead R", "partner R", "time R", "bases"]


def _rows(score: CorpusScore) -> list[list[str]]:
    rows = []
    for doc in score.documents:
        name = doc.short_name + (" (rejected)" if doc.rejected else "")
        rows.append(
            [
                name,
                str(doc.gold_tasks),
                str(doc.predicted_tasks),
                str(doc.matched_tasks),
                *_cells(doc.metrics),
            ]
        )
    gold = sum(d.gold_tasks for d in score.documents)
    pred = sum(d.predicted_tasks for d in score.documents)
    match = sum(d.matched_tasks for d in score.documents)
    rows.append(["TOTAL", str(gold), str(pred), str(match), *_cells(score.total)])
    return rows


def summary_lines(score: CorpusScore) -> list[str]:
    """The totals, one metric a line, with the targets (the last lines the CLI prints)."""
    total = score.total
    lines = []
    for label, recall, precision in _COLUMNS:
        text = f"{label:<12} recall {getattr(total, recall)!s:<22}"
        if precision:
            text += f" precision {getattr(total, precision)!s:<22}"
        if recall == "legal_basis_recall":
            text += f" cited only {total.legal_basis_cited_only:<11}"
        value = getattr(total, recall).value
        status = "met" if value is not None and value >= TARGETS[recall] else "NOT met"
        text += f" target {100 * TARGETS[recall]:.0f}% {status}"
        lines.append(text.rstrip())
    rejected = score.rejected
    lines.append(
        f"rejected     {len(rejected)} of {len(score.documents)} documents"
        + (f": {', '.join(rejected)}" if rejected else "")
    )
    return lines


def markdown_report(score: CorpusScore, corpus: Path) -> str:
    """The report as markdown: the per-document table, the totals and what each document missed."""
    out = [
        "# Extraction on the gold corpus",
        "",
        f"Corpus: `{corpus}` ({len(score.documents)} documents). Produced by `cchc-kg eval`; rules in"
        " `ingest/evaluation.py`. R = recall, P = precision; agency and time figures are on matched tasks.",
        "Scanned PDFs (OCR): the last section, from [ocr.md](ocr.md) (`python -m bench.ocr_bench`).",
        "",
        "| " + " | ".join(_HEADERS) + " |",
        "|" + "---|" * len(_HEADERS),
    ]
    out += ["| " + " | ".join(row) + " |" for row in _rows(score)]
    out += ["", "## Totals", "", "```", *summary_lines(score), "```", ""]
    total = score.total
    out.append(
        f"Information: lead precision {total.lead_precision}; partner precision {total.partner_precision};"
        f" legal-basis precision {total.legal_basis_precision}."
    )
    out += ["", "## Per document", ""]
    for doc in score.documents:
        out.append(f"### {doc.short_name}")
        out.append("")
        if doc.rejected:
            out.append(f"- **rejected**: {doc.rejected}")
        problems = (
            ("unmatched gold tasks", doc.unmatched_gold),
            ("unmatched predicted tasks", doc.unmatched_predicted),
            ("missed agency mentions", doc.missed_agencies),
            ("agencies read that the gold lacks", doc.extra_agencies),
            ("missed times (gold | predicted)", doc.missed_times),
            ("missed legal bases", doc.missed_legal_bases),
            ("read as bases, not preamble bases in the gold", doc.extra_legal_bases),
        )
        for label, items in problems:
            if items:
                shown = "; ".join(f"`{item}`" for item in items[:12])
                more = f" … and {len(items) - 12} more" if len(items) > 12 else ""
                out.append(f"- {label} ({len(items)}): {shown}{more}")
        if not doc.rejected and not any(items for _label, items in problems):
            out.append("- every gold task, agency, time and legal basis found; nothing invented")
        out.append("")
    return "\n".join(out)


def _scan_section(folder: Path) -> str:
    """The OCR figures per page (``ocr.md`` beside the report, written by ``python -m bench.ocr_bench``)
    as a section of the extraction report, or nothing when that benchmark has not been run."""
    scan = folder / "ocr.md"
    if not scan.is_file():
        return ""
    body = scan.read_text(encoding="utf-8").split("\n", 1)[-1].strip()  # without its own title
    return f"\n\n## Scanned PDFs (OCR)\n\n{body}"


def evaluate(
    corpus: Annotated[
        Path, typer.Argument(help="Corpus directory holding docs/ and gold/ (default ../shared/corpus).")
    ] = DEFAULT_CORPUS,
    out: Annotated[
        Path, typer.Option("--out", help="Write <PREFIX>.md and <PREFIX>.json.", metavar="PREFIX")
    ] = DEFAULT_PREFIX,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the JSON report instead of the table.")
    ] = False,
) -> None:
    """Score extraction (tasks, leads, partners, times, legal bases) against a gold corpus."""
    err = Console(stderr=True)
    docs, gold = corpus / "docs", corpus / "gold"
    if not docs.is_dir() or not gold.is_dir():
        err.print(f"[bold red]error:[/] no corpus at {escape(str(corpus))} (expected docs/ and gold/ in it)")
        raise typer.Exit(EXIT_USER_ERROR)
    try:
        score = evaluate_corpus(docs, gold)
    except GoldError as error:
        err.print(f"[bold red]error:[/] {escape(str(error))}")
        raise typer.Exit(EXIT_USER_ERROR) from None
    report = score.to_dict()
    md_path, json_path = Path(f"{out}.md"), Path(f"{out}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    md_path.write_text(markdown_report(score, corpus) + _scan_section(out.parent) + "\n", encoding="utf-8")
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    console = Console(width=140)
    table = Table(title="Extraction on the gold corpus")
    for header in _HEADERS:
        table.add_column(header, justify="left" if header == "document" else "right")
    rows = _rows(score)
    for row in rows[:-1]:
        table.add_row(*(escape(cell) for cell in row))
    table.add_row(*rows[-1], style="bold")
    console.print(table)
    console.print(f"Written {md_path} and {json_path}", highlight=False)
    for line in summary_lines(score):
        console.print(escape(line), highlight=False)
