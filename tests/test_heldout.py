"""Extraction on held-out plans: made-up documents in the general shapes of real plans that the rules were
not written on (tests/fixtures/heldout: docs/ and gold/ in the corpus schema).

Each document covers a layout the development corpus does not: a crawl table with time before lead and
budget/note columns, a crawl table whose merged lead cell is left out of the rows it spans, a markdown
table with bold letter groups, hierarchical "1." / "1.1." / "1.1.1." rows, one-line inline labels, bold
labels split from their colon, an HTML decision with rowspan cells and a header table row, a target table of
figures before a task table, and a Prime Minister's appendix with time and product before the agencies.
The floors are the figures reached; a drop means a rule stopped generalising.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.evaluation import CorpusScore, evaluate_corpus

HELDOUT = Path(__file__).parent / "fixtures" / "heldout"

FLOORS = {
    "task_recall": 1.0,
    "task_precision": 1.0,
    "lead_recall": 1.0,
    "partner_recall": 1.0,
    "time_recall": 1.0,
    "legal_basis_recall": 1.0,
}


@pytest.fixture(scope="module")
def score() -> CorpusScore:
    return evaluate_corpus(HELDOUT / "docs", HELDOUT / "gold")


def test_every_held_out_document_has_gold_and_is_read(score: CorpusScore) -> None:
    docs = sorted(path.stem for path in (HELDOUT / "docs").iterdir())
    assert [d.short_name for d in score.documents] == docs
    assert len(docs) >= 8
    assert score.rejected == []


@pytest.mark.parametrize("measure", sorted(FLOORS))
def test_held_out_figures_stay_at_their_floors(score: CorpusScore, measure: str) -> None:
    ratio = getattr(score.total, measure)
    misses = {
        d.short_name: [*d.unmatched_gold, *d.unmatched_predicted, *d.missed_agencies, *d.missed_times]
        for d in score.documents
        if d.unmatched_gold or d.unmatched_predicted or d.missed_agencies or d.missed_times
    }
    assert ratio.value is not None and ratio.value >= FLOORS[measure], (str(ratio), misses)


def test_held_out_facts(score: CorpusScore) -> None:
    """A few facts per layout: the task counts read, all matched."""
    by_name = {d.short_name: d for d in score.documents}
    assert by_name["haiphong-cchc-2026"].predicted_tasks == 6  # headings 1., 2., 2.1., 3. are not tasks
    assert by_name["quangtri-ha-tang-so-2026-crawl"].predicted_tasks == 5  # the page after the table is not
    assert by_name["thainguyen-chinh-quyen-so-2026"].predicted_tasks == 4  # the target table has figures
    assert by_name["laocai-du-lich-so-2026"].predicted_tasks == 4  # duties per agency are not tasks
    assert sum(d.gold_tasks for d in score.documents) == 44
