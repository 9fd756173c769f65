"""Generate a corpus of plan documents (text files, not triples) in the layouts of the seeds.

    python -m bench.generate --scale seeds|small|national --seed N --out DIR

``seeds`` copies the five bundled seeds; ``small`` is 63 provinces x 2 years (2020, 2021: both national
programmes); ``national`` is 63 provinces x 16 years (2011-2026), about 1,000 documents and 42,000 tasks.
The output is a pure function of the seed (``random.Random``; the same bytes for the same seed). A
``manifest.json`` lists every document with what ingest should read from it (task count, number, period,
programme), so tests and benchmarks can check that ingest read what was generated.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.content import provinces
from bench.layouts import DECISION_LAYOUTS, LAYOUTS, render
from bench.plans import make_plan

GENERATOR_VERSION = 1
SCALES = ("seeds", "small", "national")
YEARS = {"small": (2020, 2021), "national": tuple(range(2011, 2027))}
TASKS_PER_PLAN = (38, 47)
SAMPLES = Path(__file__).resolve().parent.parent / "ingest" / "samples"
LAYOUT_WEIGHTS = {"tab8": 25, "tab8-md": 15, "pipe": 15, "decision6": 20, "decision5": 10, "inline": 15}
MULTI_YEAR_STARTS = frozenset({2011, 2016, 2021, 2026})

# What the five bundled seeds hold (domain.md section 4).
SEED_DOCUMENTS = (
    ("000_8ed5b0c1c9e5996d.txt", "tab8", "Đồng Tháp", 2021, (2021, 2021), "285/KH-UBND", 32, "76/NQ-CP"),
    ("001_ce0cdafa26a7571f.txt", "tab8-md", "Đồng Tháp", 2019, (2019, 2019), "272/KH-UBND", 37, "30c/NQ-CP"),
    ("002_2d6760ac75cd051f.txt", "pipe", "Sóc Trăng", 2021, (2021, 2021), "142/KH-UBND", 29, "76/NQ-CP"),
    (
        "003_8182945d4607df81.txt",
        "decision6",
        "Ninh Thuận",
        2021,
        (2021, 2025),
        "465/QĐ-UBND",
        48,
        "76/NQ-CP",
    ),
    (
        "004_6ea1a7e339262ab4.txt",
        "decision5",
        "Đồng Tháp",
        2020,
        (2020, 2020),
        "71/QĐ-UBND-HC",
        23,
        "30c/NQ-CP",
    ),
)


@dataclass
class DocumentEntry:
    """One generated document in the manifest."""

    file: str
    layout: str
    province: str
    year: int
    period: tuple[int, int]
    number: str  # the plan's number, or that of the decision issuing it (what the named queries take)
    tasks: int
    programme: str  # the resolution the plan implements: 30c/NQ-CP or 76/NQ-CP
    issued: str = ""
    replaces: str | None = None


def slug(text: str) -> str:
    """ "Đồng Tháp" -> "dong-thap"."""
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text).split())


def province_layout(seed: int, province: str) -> str:
    """Each province has a house layout."""
    rng = random.Random(f"{seed}/{province}/layout")
    return rng.choices(list(LAYOUT_WEIGHTS), weights=list(LAYOUT_WEIGHTS.values()))[0]


def generate(scale: str, seed: int, out: Path) -> dict[str, object]:
    """Write the corpus of ``scale`` into ``out`` (emptied of earlier .txt files) and return the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.txt"):
        old.unlink()
    entries = _copy_seeds(out) if scale == "seeds" else _write_plans(scale, seed, out)
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "scale": scale,
        "seed": seed,
        "documents": [asdict(entry) for entry in entries],
        "totals": {"documents": len(entries), "tasks": sum(entry.tasks for entry in entries)},
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    return manifest


def _copy_seeds(out: Path) -> list[DocumentEntry]:
    entries = []
    for name, layout, province, year, period, number, tasks, programme in SEED_DOCUMENTS:
        shutil.copyfile(SAMPLES / name, out / name)
        entries.append(DocumentEntry(name, layout, province, year, period, number, tasks, programme))
    return entries


def _write_plans(scale: str, seed: int, out: Path) -> list[DocumentEntry]:
    years = YEARS[scale]
    names = provinces()
    numbers = random.Random(f"{seed}/numbers").sample(range(10, 10000), len(names) * len(years))
    entries: list[DocumentEntry] = []
    for p_index, province in enumerate(names):
        house = province_layout(seed, province)
        previous: tuple[int, object] | None = None
        for y_index, year in enumerate(years):
            rng = random.Random(f"{seed}/{province}/{year}")
            layout = house if rng.random() < 0.9 else rng.choice(LAYOUTS)
            decision = layout in DECISION_LAYOUTS
            multi = year == 2011 or (decision and year in MULTI_YEAR_STARTS)
            number = numbers[p_index * len(years) + y_index]
            plan = make_plan(province, year, number, decision, multi, rng, rng.randint(*TASKS_PER_PLAN))
            if decision and previous is not None and rng.random() < 0.3:
                plan.replaces = previous  # type: ignore[assignment]
            text = render(layout, plan, rng)
            name = f"{len(entries):04d}_{slug(province)}_{year}_{layout}.txt"
            (out / name).write_text(text, encoding="utf-8")
            entries.append(
                DocumentEntry(
                    file=name,
                    layout=layout,
                    province=province,
                    year=year,
                    period=plan.period,
                    number=plan.doc_number,
                    tasks=plan.task_count(),
                    programme=plan.programme,
                    issued=plan.issued.isoformat(),
                    replaces=f"{plan.replaces[0]}/QĐ-UBND" if plan.replaces else None,
                )
            )
            previous = (number, plan.issued) if decision else None
    return entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=SCALES, default="small")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    manifest = generate(args.scale, args.seed, args.out)
    totals = manifest["totals"]
    print(
        f"{args.scale}: {totals['documents']} documents, {totals['tasks']} tasks in {args.out} "  # type: ignore[index]
        f"({time.perf_counter() - started:.1f} s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
