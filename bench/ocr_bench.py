"""Scanned PDF of seed 000 through OCR: tasks and leads found against the .txt, figures per page, time per
scanned page. ``python -m bench.ocr_bench`` writes bench/results/ocr.{md,json}.

The scan is made as tests/test_ocr.py makes it (.docx from the text plan, LibreOffice PDF, pdftoppm at
300 dpi, mild noise, 0.5-1° rotation, image-only PDF). Needs soffice, pdftoppm, tesseract + vie.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SEED_000 = ROOT / "ingest" / "samples" / "000_8ed5b0c1c9e5996d.txt"


def make_scan(work: Path) -> Path:
    """Seed 000 as a 300 dpi scanned PDF under ``work``."""
    sys.path.insert(0, str(ROOT / "tests"))
    from formats import docx_from_text_plan, soffice_convert
    from test_ocr import landscape, scan_pdf

    plan = landscape(docx_from_text_plan(SEED_000, work / "seed000.docx"))
    pdf = soffice_convert(plan, "pdf", work / "converted")
    return scan_pdf(pdf, work / "scan" / "seed000-scan.pdf")


def measure(scan: Path) -> dict[str, Any]:
    """OCR and parse ``scan``; compare its tasks with the .txt's by (section, code) and leads."""
    from ingest.pipeline import parse_document
    from ingest.readers import ocr, source
    from ingest.readers.source import supported_suffixes

    captured: list[ocr.OcrPage] = []
    original = ocr.ocr_pages

    def capturing(*args: Any, **kwargs: Any) -> list[ocr.OcrPage]:
        pages = original(*args, **kwargs)
        captured.extend(pages)
        return pages

    ocr.ocr_pages = capturing  # type: ignore[assignment]
    started = time.perf_counter()
    src = ocr.read_scanned_pdf(scan)
    read_seconds = time.perf_counter() - started
    ocr.ocr_pages = original  # type: ignore[assignment]

    supported_suffixes()
    source._READERS[".pdf"] = lambda _path: src  # parse the text read above, not OCR it again
    started = time.perf_counter()
    parsed = parse_document(scan)
    parse_seconds = time.perf_counter() - started

    expected = {(t.section, t.code): sorted(r.key for r in t.leads) for t in parse_document(SEED_000).tasks}
    got = {(t.section, t.code): (sorted(r.key for r in t.leads), t.span.first) for t in parsed.tasks}
    page_of = {n: p for n, p in enumerate(src.pages or [], start=1)}
    per_page_tasks: Counter[int] = Counter()
    per_page_right: Counter[int] = Counter()
    for key, leads in expected.items():
        if key in got:
            page = page_of.get(got[key][1], 0)
            per_page_tasks[page] += 1
            per_page_right[page] += got[key][0] == leads
    found = sum(per_page_tasks.values())
    right = sum(per_page_right.values())
    pages = [
        {
            "page": p.number,
            "words": len(p.words),
            "mean_confidence": round(p.mean_confidence, 1),
            "low_confidence_words": len(p.low_confidence_words()),
            "rules": len(p.rules),
            "skew_degrees": p.skew,
            "seconds": round(p.seconds, 2),
            "tasks_found": per_page_tasks[p.number],
            "leads_right": per_page_right[p.number],
        }
        for p in captured
    ]
    return {
        "document": "seed 000 (285/KH-UBND), 300 dpi scan, noise, 0.5-1° rotation",
        "pages": len(captured),
        "tasks_expected": len(expected),
        "tasks_found": found,
        "leads_right": right,
        "task_recall": round(100 * found / len(expected), 1),
        "lead_accuracy": round(100 * right / found, 1) if found else 0.0,
        "missing": sorted(f"{s}/{c}" for s, c in set(expected) - set(got)),
        "wrong_leads": sorted(
            f"{s}/{c}: {got[(s, c)][0]} for {leads}"
            for (s, c), leads in expected.items()
            if (s, c) in got and got[(s, c)][0] != leads
        ),
        "read_seconds": round(read_seconds, 1),
        "seconds_per_page_wall": round(read_seconds / max(1, len(captured)), 2),
        "seconds_per_page_ocr": round(sum(p.seconds for p in captured) / max(1, len(captured)), 2),
        "parse_seconds": round(parse_seconds, 2),
        "workers": ocr.WORKERS,
        "cpus": os.cpu_count(),
        "findings_ocr": sum(1 for f in parsed.findings if "OCR" in f.message),
        "per_page": pages,
    }


def markdown(result: dict[str, Any]) -> str:
    r = result
    rows = "\n".join(
        f"| {p['page']} | {p['words']} | {p['mean_confidence']}% | {p['low_confidence_words']} | "
        f"{p['skew_degrees']:+.2f}° | {p['rules']} | {p['tasks_found']} | {p['leads_right']} | "
        f"{p['seconds']} |"
        for p in r["per_page"]
    )
    summary = "\n".join(
        [
            f"tasks      {r['tasks_found']}/{r['tasks_expected']} found ({r['task_recall']}%), target 90%",
            f"leads      {r['leads_right']}/{r['tasks_found']} right on the tasks found "
            f"({r['lead_accuracy']}%), target 90%",
            f"missing    {', '.join(r['missing']) or 'none'}",
            f"wrong lead {'; '.join(r['wrong_leads']) or 'none'}",
            f"time       {r['read_seconds']} s for {r['pages']} pages: {r['seconds_per_page_wall']} s per "
            "page (wall)",
            f"           {r['seconds_per_page_ocr']} s of OCR work per page (straighten, rules, Tesseract, "
            "re-reads)",
            f"           parse after OCR {r['parse_seconds']} s",
            f"findings   {r['findings_ocr']} OCR findings (one per page with its mean confidence, one per "
            "low-confidence cell)",
        ]
    )
    return f"""# OCR of a scanned plan

{r["document"]}; produced by `python -m bench.ocr_bench` (Tesseract 5, model `vie`, {r["workers"]} pages
at a time on {r["cpus"]} cores). Tasks are compared with the .txt parse by (section, code), leads by their
agency keys; a task counts on the page where its row starts.

```
{summary}
```

| page | words | mean conf. | words < 60% | straightened | rules | tasks found | leads right | s |
|---|---|---|---|---|---|---|---|---|
{rows}
"""


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="ocr-bench-") as work:
        scan = make_scan(Path(work))
        result = measure(scan)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "ocr.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (RESULTS / "ocr.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))


if __name__ == "__main__":
    main()
