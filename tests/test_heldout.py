"""Extraction on held-out plans: made-up documents in the general shapes of real plans that the rules were
not written on (tests/fixtures/heldout: docs/ and gold/ in the corpus schema).

Each document covers a layout the development corpus does not: a crawl table with time before lead and
budget/note columns, a crawl table whose merged lead cell is left out of the rows it spans, a markdown
table with bold letter groups, hierarchical "1." / "1.1." / "1.1.1." rows, one-line inline labels, bold
labels split from their colon, an HTML decision with rowspan cells and a header table row, a target table of
figures before a task table, a Prime Minister's appendix with time and product before the agencies, a
two-line header ("Thời gian" over "Bắt đầu" | "Hoàn thành"), a markdown table without a number column, letter
sub-items with italic labels, a .docx with a vertically merged lead cell, a crawl with part letters and a
repeated header, hard-wrapped inline labels, and one "Cơ quan thực hiện" column holding "X chủ trì, phối hợp
với Y", a law-implementation list ("Tên văn bản" / "Cơ quan chủ trì soạn thảo" / "Thời gian trình"), an HTML
table with the area column first, a markdown table with an alignment rule ("|:--:|") and "<br>" between
names, a department's .docx plan with names on separate paragraphs of one cell, short inline labels ("Chủ
trì:", "Tiến độ:") under dotted items, roles in parentheses in one agency column, and a two-line header
("Cơ quan thực hiện" over "Chủ trì" | "Phối hợp") in HTML and in a crawl that dropped its merged cells, and
legal bases listed as the items of a section "I. CĂN CỨ XÂY DỰNG KẾ HOẠCH", zero-padded numbers with dates as
times, two appendix tables each numbered from 1, and an action programme ("CHƯƠNG TRÌNH HÀNH ĐỘNG",
09/CTr-UBND), a .docx whose row numbers Word generates (every number cell empty in the text), and an HTML
inline plan whose items are an <ol> list, a .docx inline plan whose items are a Word numbered list, and a
ministry letter whose labelled items follow the bullet list of its addressees, and a pandoc grid table.
The floors are the figures reached; a drop means a rule stopped generalising.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from ingest.evaluation import CorpusScore, evaluate_corpus
from ingest.pipeline import parse_document

HELDOUT = Path(__file__).parent / "fixtures" / "heldout"
CORPUS = Path(__file__).parents[1] / ".." / "shared" / "corpus"

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
    assert sum(d.gold_tasks for d in score.documents) == 138


def test_an_action_programme_is_read_as_a_plan_with_its_own_type_in_its_iri() -> None:
    from ingest.pipeline import ingest_file
    from ontology.iris import IriMinter

    ingested = ingest_file(HELDOUT / "docs" / "lamdong-chuong-trinh-hanh-dong-2026.txt", IriMinter())
    assert len(ingested.parsed.tasks) == 3
    assert str(ingested.primary).endswith("/lam-dong/ubnd/ctr/2026/09")  # never the IRI of a KH numbered 09


def test_a_second_appendix_numbered_again_is_its_own_section() -> None:
    parsed = parse_document(HELDOUT / "docs" / "hungyen-hai-phu-luc-2026-crawl.txt")
    assert [task.code for task in parsed.tasks] == ["1", "2", "PL2.1", "PL2.2"]
    assert not [f for f in parsed.findings if f.kind == "duplicate-code"]


def test_two_line_header_reads_start_and_end_as_one_range() -> None:
    """'Thời gian' spanning 'Bắt đầu' | 'Hoàn thành': the two cells are the task's interval."""
    parsed = parse_document(HELDOUT / "docs" / "khanhhoa-so-hoa-ho-so-2026.html")
    first = parsed.tasks[0]
    assert first.time_text == "Tháng 4/2026 - Tháng 5/2026"
    assert first.time is not None and (first.time.start, first.time.end) == (
        date(2026, 4, 1),
        date(2026, 5, 31),
    )


# -- perturbations: the same documents as other tools would write them --------------------------------


def _no_blank_lines(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if line.strip()) + "\n"


def _no_emphasis(text: str) -> str:
    return text.replace("**", "")


def _reflowed(text: str) -> str:
    """Lines wrapped mid-sentence joined again (a line starting in lower case goes on the line before)."""
    out: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if out and stripped[:1].islower() and out[-1].strip() not in ("", "|"):
            out[-1] = f"{out[-1].rstrip()} {stripped}"
        else:
            out.append(line)
    return "\n".join(out)


def _heading_with_title(text: str) -> str:
    """The heading and the first title line printed on one line ("KẾ HOẠCH Cải cách hành chính ...")."""
    return re.sub(r"^(\**(?:KẾ HOẠCH|QUYẾT ĐỊNH)\**)\n+(?=\S)", r"\1 ", text, count=1, flags=re.M)


def _crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


PERTURBATIONS = {
    "no-blank-lines": _no_blank_lines,
    "no-emphasis": _no_emphasis,
    "reflowed": _reflowed,
    "heading-with-title": _heading_with_title,
    "crlf": _crlf,
    "no-blank-lines-no-emphasis": lambda text: _no_emphasis(_no_blank_lines(text)),
}


def perturbed_copy(corpus: Path, target: Path, change: Callable[[str], str]) -> Path:
    """``corpus`` with every text document changed by ``change`` (other formats copied), gold unchanged."""
    shutil.copytree(corpus / "gold", target / "gold")
    (target / "docs").mkdir()
    for doc in (corpus / "docs").iterdir():
        if doc.suffix in (".txt", ".md"):
            (target / "docs" / doc.name).write_bytes(change(doc.read_text(encoding="utf-8")).encode("utf-8"))
        else:
            shutil.copy(doc, target / "docs" / doc.name)
    return target


@pytest.mark.parametrize("name", sorted(PERTURBATIONS))
def test_held_out_plans_survive_perturbations(tmp_path: Path, name: str) -> None:
    copy = perturbed_copy(HELDOUT, tmp_path / name, PERTURBATIONS[name])
    score = evaluate_corpus(copy / "docs", copy / "gold")
    assert score.rejected == []
    for measure, floor in FLOORS.items():
        assert getattr(score.total, measure).value >= floor, (measure, str(getattr(score.total, measure)))


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the development corpus ../shared/corpus is not here")
@pytest.mark.parametrize("name", ["no-blank-lines", "reflowed", "heading-with-title"])
def test_corpus_survives_perturbations(tmp_path: Path, name: str) -> None:
    """The development corpus without blank lines (the 'Căn cứ' clauses and the page after a crawled table
    are still told apart), with its hard wraps joined, and with each heading run into its title's first line
    keeps the figures of the corpus as it is."""
    plain = evaluate_corpus(CORPUS / "docs", CORPUS / "gold")
    copy = perturbed_copy(CORPUS, tmp_path / name, PERTURBATIONS[name])
    score = evaluate_corpus(copy / "docs", copy / "gold")
    assert score.rejected == plain.rejected
    for measure in FLOORS:
        got, want = getattr(score.total, measure), getattr(plain.total, measure)
        assert got.hit == want.hit, (measure, str(got), str(want))
