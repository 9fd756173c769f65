"""Score extraction against a gold corpus: tasks, their leads, partners and times, and the legal bases.

A corpus directory holds ``docs/<short_name>.txt`` and ``gold/<short_name>.json`` (the schema is described in
the corpus README). Every gold file's document is read with :func:`ingest.pipeline.parse_document` (no store);
a document that raises is *rejected*: it finds no task and no legal basis.

Matching rules (documented here, applied below):

* **Text normalisation** (gold and predicted alike): NFC, delete ``*``, curly/straight quotes and primes
  become ``"``, dashes become ``-``, whitespace collapsed and stripped, case-folded.
* **Tasks.** A predicted task is a *candidate* for a gold task when its normalised text starts with the gold
  ``text_prefix`` ("at start") or contains it starting within its first 80 characters (a leading number,
  bullet or "Nội dung:" label is tolerated). When the gold task has a ``text_suffix``, the predicted text must
  also end with it (both stripped of trailing spaces and punctuation). Pairs are assigned one-to-one,
  greedily: at-start pairs first, then smaller offsets, then document order of the prediction and of the
  gold, so that tasks sharing a prefix pair in order. Recall = matched gold / gold; precision = matched
  predicted / predicted.
* **Agencies** (on matched tasks only). A gold mention is *found* when some predicted reference of the same
  role corresponds to it: (a) the folded text (no diacritics, lower case, whitespace collapsed, outer
  punctuation stripped) of the mention equals that of the reference's ``as_written`` or ``name``; or (b) the
  mention, resolved on its own by the product's :func:`ingest.agencies.parse_agency_cell` (with the gold
  province, then with the province the document was read with), gives agency keys that are *all* among the
  keys of the predicted references. A mention the resolver reads as several agencies needs every piece,
  and counts this way only when every piece is a curated agency: a split into unknown fragments ("Các
  trường" + "Đại học, Cao đẳng") is the same error on both sides and confirms nothing. Or (c) a predicted
  reference the product resolved by a curated alias to a *group* ("Các sở, ban, ngành, các tổ chức chính
  trị - xã hội") lists the mention among the items of its written text (items separated by ",", ";" or
  "và"): the product deliberately reads such a list as one group. An unknown reference that merges two
  bodies ("Đài Truyền hình Việt Nam, Thông tấn xã Việt Nam") covers neither. Or (d) the gold expands an
  elliptical mention (``lead_expanded``: "Các Cục: A, B" -> "Cục A", "Cục B") and each full name whose words
  after the head word occur in the mention is found by (a)-(c).
  Recall = found gold mentions / gold mentions (gold ``null`` or ``[]`` contributes nothing).
  Precision (information only) = predicted references that correspond to some gold mention (by text, by
  an identifying key, or as one of its expanded items) / predicted references.
* **Time** (matched tasks whose gold ``time`` is not null): the folded texts, with ``*`` deleted, spaces
  around ``-`` and ``/`` removed and trailing punctuation stripped, are equal, or one contains the other when
  both are at least 4 characters long.
* **Legal bases** (each gold ``legal_bases_preamble`` entry): found when the document has a reference with
  relation ``based_on`` or ``implements`` whose number has the same canonical form
  (:func:`ingest.normalize.docnumber.parse_number`; a gold number it cannot read whole is compared by its
  leading readable part) as the gold ``number``; an entry without a number (a law
  named by title) is found when the folded title or text of such a reference begins with its folded
  ``name`` (whole words). An entry matched only by references of another relation (``cites``...) counts as
  ``cited_only``, not found. Information only: legal-basis precision = distinct references read as
  ``based_on``/``implements`` (outside task texts) that match a gold entry / all of them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ingest.agencies import parse_agency_cell
from ingest.normalize.docnumber import find_numbers, parse_number
from ingest.normalize.text import fold
from ingest.pipeline import parse_document
from ingest.records import AgencyRef, LegalReferenceRecord, ParsedDocument, TaskRecord

TARGETS: dict[str, float] = {
    "task_recall": 0.97,
    "task_precision": 0.97,
    "lead_recall": 0.95,
    "partner_recall": 0.90,
    "time_recall": 0.90,
    "legal_basis_recall": 0.95,
}
"""Issue 13's targets on the development corpus (no document may be rejected either)."""

PREFIX_WINDOW = 80  # the gold prefix may start this far into the predicted text
BASIS_RELATIONS = frozenset({"based_on", "implements"})

_QUOTES = str.maketrans({c: '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb'\u2018\u2019\u2032`"})
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"})
_SPACE = re.compile(r"\s+")
_ITEM_SEPARATORS = re.compile(r"\s*[,;]\s*|\s+va\s+")  # between the items of a folded agency list
_TRAIL = " .,;:!?-–—)\"'"


# --------------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------------


@dataclass
class Ratio:
    """``hit`` of ``total``; ``value`` is None when there is nothing to count."""

    hit: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.hit / self.total if self.total else None

    def add(self, other: Ratio) -> None:
        self.hit += other.hit
        self.total += other.total

    def __str__(self) -> str:
        value = self.value
        return "—" if value is None else f"{100 * value:.1f}% ({self.hit}/{self.total})"

    def to_dict(self) -> dict[str, object]:
        value = self.value
        return {"hit": self.hit, "total": self.total, "value": None if value is None else round(value, 4)}


@dataclass
class Metrics:
    """The figures of one document or of the corpus (micro-averaged over tasks and mentions)."""

    task_recall: Ratio = field(default_factory=Ratio)
    task_precision: Ratio = field(default_factory=Ratio)
    lead_recall: Ratio = field(default_factory=Ratio)
    lead_precision: Ratio = field(default_factory=Ratio)
    partner_recall: Ratio = field(default_factory=Ratio)
    partner_precision: Ratio = field(default_factory=Ratio)
    time_recall: Ratio = field(default_factory=Ratio)
    legal_basis_recall: Ratio = field(default_factory=Ratio)
    legal_basis_precision: Ratio = field(default_factory=Ratio)
    legal_basis_cited_only: int = 0

    def add(self, other: Metrics) -> None:
        for name in self.ratio_names():
            getattr(self, name).add(getattr(other, name))
        self.legal_basis_cited_only += other.legal_basis_cited_only

    @staticmethod
    def ratio_names() -> tuple[str, ...]:
        return (
            "task_recall", "task_precision", "lead_recall", "lead_precision", "partner_recall",
            "partner_precision", "time_recall", "legal_basis_recall", "legal_basis_precision",
        )  # fmt: skip

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {name: getattr(self, name).to_dict() for name in self.ratio_names()}
        out["legal_basis_cited_only"] = self.legal_basis_cited_only
        return out


@dataclass
class DocumentScore:
    """One document's figures plus what was missed, for debugging."""

    short_name: str
    metrics: Metrics
    gold_tasks: int
    predicted_tasks: int
    matched_tasks: int
    rejected: str | None = None  # the error message when the document could not be read
    unmatched_gold: list[str] = field(default_factory=list)  # gold row/block ids
    unmatched_predicted: list[str] = field(default_factory=list)  # "code: first 60 chars"
    missed_legal_bases: list[str] = field(default_factory=list)
    extra_legal_bases: list[str] = field(default_factory=list)  # read as bases, not in the gold preamble
    missed_agencies: list[str] = field(default_factory=list)  # "id lead/partner: mention"
    extra_agencies: list[str] = field(default_factory=list)  # predicted, matching no gold mention
    missed_times: list[str] = field(default_factory=list)  # "id: gold | predicted"

    def to_dict(self) -> dict[str, object]:
        out = asdict(self)
        out["metrics"] = self.metrics.to_dict()
        return out


@dataclass
class CorpusScore:
    """Every document's score and the micro-averaged totals."""

    documents: list[DocumentScore]
    total: Metrics

    @property
    def rejected(self) -> list[str]:
        return [d.short_name for d in self.documents if d.rejected is not None]

    def to_dict(self) -> dict[str, object]:
        return {
            "targets": TARGETS,
            "total": self.total.to_dict(),
            "rejected": self.rejected,
            "documents": [d.to_dict() for d in self.documents],
        }


# --------------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------------


def norm_text(text: str) -> str:
    """Gold normalisation (delete '*', collapse whitespace, strip), plus NFC, quotes, dashes, case."""
    text = unicodedata.normalize("NFC", text).replace("*", "").translate(_QUOTES).translate(_DASHES)
    return _SPACE.sub(" ", text).strip().casefold()


def _strip_end(text: str) -> str:
    return text.rstrip(_TRAIL + " ")


def _fold_all(text: str) -> str:
    """``fold`` with '*' deleted and every whitespace run (line breaks too) collapsed."""
    return _SPACE.sub(" ", fold(text.replace("*", ""))).strip()


def fold_mention(text: str) -> str:
    """An agency mention folded for comparison: no diacritics, lower case, outer punctuation stripped."""
    return _fold_all(text).strip(_TRAIL + " (")


def norm_time(text: str) -> str:
    """A time as compared: folded, '*' deleted, no spaces around '-' and '/', no trailing punctuation."""
    folded = _fold_all(text)
    folded = re.sub(r"\s*([-/])\s*", r"\1", folded)
    return _strip_end(folded).strip()


# --------------------------------------------------------------------------------------------------
# Tasks
# --------------------------------------------------------------------------------------------------


def _candidate(predicted: str, prefix: str, suffix: str | None) -> tuple[int, int] | None:
    """(0 at start / 1 inside, offset) when the normalised predicted text matches the gold task."""
    at = predicted.find(prefix)
    if at < 0 or at > PREFIX_WINDOW:
        return None
    if suffix and not _strip_end(predicted).endswith(_strip_end(suffix)):
        return None
    return (0 if at == 0 else 1, at)


def match_tasks(predicted: list[TaskRecord], gold: list[dict]) -> dict[int, int]:
    """Gold index -> predicted index, one-to-one (see the module docstring)."""
    texts = [norm_text(task.text) for task in predicted]
    pairs = []
    for g, entry in enumerate(gold):
        prefix = norm_text(entry.get("text_prefix") or "")
        if not prefix:  # a gold task without its text cannot be matched (and must not match everything)
            continue
        suffix = norm_text(entry["text_suffix"]) if entry.get("text_suffix") else None
        for p, text in enumerate(texts):
            found = _candidate(text, prefix, suffix)
            if found is not None:
                pairs.append((*found, p, g))
    pairs.sort()
    used_p: set[int] = set()
    matched: dict[int, int] = {}
    for _rank, _at, p, g in pairs:
        if p in used_p or g in matched:
            continue
        used_p.add(p)
        matched[g] = p
    return matched


# --------------------------------------------------------------------------------------------------
# Agencies and times
# --------------------------------------------------------------------------------------------------


def mention_keys(mention: str, provinces: Iterable[str | None]) -> list[frozenset[str]]:
    """The agency keys the product's resolver reads in one gold mention, one set per province tried.

    A mention read as several agencies counts only when every piece is a curated agency: pieces the
    resolver does not know ("Các trường" + "Đại học, Cao đẳng" + ...) are a wrong split, on the gold side
    as much as on the predicted one, and must not confirm each other."""
    found: list[frozenset[str]] = []
    for province in provinces:
        refs, _findings = parse_agency_cell(mention, province)
        if len(refs) > 1 and any(ref.match == "unknown" for ref in refs):
            continue
        keys = frozenset(ref.key for ref in refs)
        if keys and keys not in found:
            found.append(keys)
    return found


@dataclass(frozen=True)
class GoldMention:
    """One gold agency mention with what identifies it: its resolved keys and, for an elliptical list
    ("Các Cục: A, B"), the annotator's full names of its items with theirs."""

    text: str
    key_sets: tuple[frozenset[str], ...]
    expansion: tuple[GoldMention, ...] = ()

    @classmethod
    def read(
        cls, text: str, provinces: tuple[str | None, ...], expanded: list[str] | None = None
    ) -> GoldMention:
        """``expanded``: the task's ``lead_expanded``/``partners_expanded``; the names belonging to this
        mention are those whose words after the head word ("Cục") occur in it."""
        folded = fold_mention(text)
        items = []
        for name in expanded or []:
            words = fold_mention(name).split(" ", 1)
            if len(words) == 2 and words[1] in folded and fold_mention(name) != folded:
                items.append(cls(name, tuple(mention_keys(name, provinces))))
        return cls(text, tuple(mention_keys(text, provinces)), tuple(items))

    def keys(self) -> set[str]:
        """Every key that identifies this mention or one of its items."""
        own = {key for key_set in self.key_sets for key in key_set}
        return own.union(*(item.keys() for item in self.expansion))

    def found_in(self, predicted: list[AgencyRef]) -> bool:
        """True when the predicted references cover the mention (rules in the module docstring)."""
        if any(_same_text(self.text, ref) for ref in predicted):
            return True
        keys = {ref.key for ref in predicted}
        if any(key_set <= keys for key_set in self.key_sets):
            return True
        return bool(self.expansion) and all(item.found_in(predicted) for item in self.expansion)

    def names(self, ref: AgencyRef) -> bool:
        """True when ``ref`` is (part of) this mention."""
        return (
            ref.key in self.keys() or _same_text(self.text, ref) or any(i.names(ref) for i in self.expansion)
        )


def _same_text(mention: str, ref: AgencyRef) -> bool:
    """Rules (a) and (c) of the module docstring."""
    folded = fold_mention(mention)
    if not folded:
        return False
    written = fold_mention(ref.as_written)
    if folded in (written, fold_mention(ref.name)):
        return True
    if not (ref.is_group and ref.match == "alias"):
        return False
    items = f"|{_ITEM_SEPARATORS.sub('|', written)}|"
    return f"|{_ITEM_SEPARATORS.sub('|', folded)}|" in items


def mention_found(mention: str, key_sets: list[frozenset[str]], predicted: list[AgencyRef]) -> bool:
    """True when the predicted references cover the gold mention (rule in the module docstring)."""
    return GoldMention(mention, tuple(key_sets)).found_in(predicted)


def score_agencies(
    gold: list[str] | None,
    predicted: list[AgencyRef],
    provinces: tuple[str | None, ...],
    expanded: list[str] | None = None,
) -> tuple[Ratio, Ratio, list[str], list[str]]:
    """(recall over gold mentions, precision over predicted refs, missed mentions, extra references)."""
    mentions = [GoldMention.read(m, provinces, expanded) for m in gold or [] if m and m.strip()]
    recall, missed = Ratio(0, len(mentions)), []
    for mention in mentions:
        if mention.found_in(predicted):
            recall.hit += 1
        else:
            missed.append(mention.text)
    extra = [ref.as_written for ref in predicted if not any(m.names(ref) for m in mentions)]
    return recall, Ratio(len(predicted) - len(extra), len(predicted)), missed, extra


def time_matches(gold: str, predicted: str) -> bool:
    """True when the predicted time text corresponds to the gold time (see the module docstring)."""
    g, p = norm_time(gold), norm_time(predicted)
    if not p:
        return False
    if g == p:
        return True
    return len(g) >= 4 and len(p) >= 4 and (g in p or p in g)


# --------------------------------------------------------------------------------------------------
# Legal bases
# --------------------------------------------------------------------------------------------------


def canonical_number(number: str) -> str | None:
    """The canonical number; a number the grammar cannot read whole ("12/QĐ-UBND (bản sao)") by its
    leading readable part ("12/QĐ-UBND"), as the product would read it in running text."""
    parsed = parse_number(number)
    if parsed is None:
        found = find_numbers(number.strip())
        parsed = found[0][2] if found and found[0][0] == 0 else None
    return parsed.canonical() if parsed else None


def _ref_matches(entry: dict, ref: LegalReferenceRecord) -> bool:
    number = entry.get("number")
    if number:
        wanted = canonical_number(number)
        return ref.number is not None and wanted is not None and ref.number.canonical() == wanted
    name = fold_mention(entry.get("name") or "")
    if not name:
        return False
    return any(_starts_with_words(_fold_all(text), name) for text in (ref.title or "", ref.as_written or ""))


def _starts_with_words(text: str, head: str) -> bool:
    """``text`` begins with ``head`` and a word ends there: the title may go on with the law's adoption
    ("... được Quốc hội khóa XV thông qua"), but "Luật Dữ" does not begin "Luật Dữ liệu"."""
    return text.startswith(head) and (len(text) == len(head) or not text[len(head)].isalnum())


def score_legal_bases(
    entries: list[dict], references: list[LegalReferenceRecord]
) -> tuple[Ratio, int, list[str]]:
    """(found / total, entries matched only by a mere citation, missed entries as written)."""
    ratio, cited_only, missed = Ratio(0, len(entries)), 0, []
    for entry in entries:
        matching = [ref for ref in references if _ref_matches(entry, ref)]
        if any(ref.relation in BASIS_RELATIONS for ref in matching):
            ratio.hit += 1
            continue
        label = entry.get("number") or entry.get("name") or "?"
        if matching:
            cited_only += 1
            label += f" (only {'/'.join(sorted({r.relation for r in matching}))})"
        missed.append(label)
    return ratio, cited_only, missed


def extra_legal_bases(entries: list[dict], references: list[LegalReferenceRecord]) -> tuple[Ratio, list[str]]:
    """(distinct references read as bases that are gold preamble bases / all of them, the others)."""
    seen: dict[str, bool] = {}
    for ref in references:
        if ref.relation not in BASIS_RELATIONS or ref.task_code is not None:
            continue
        label = ref.number.canonical() if ref.number else (ref.title or ref.as_written)
        seen[label] = seen.get(label, False) or any(_ref_matches(entry, ref) for entry in entries)
    ratio = Ratio(sum(seen.values()), len(seen))
    return ratio, [label for label, known in seen.items() if not known]


# --------------------------------------------------------------------------------------------------
# Documents and corpus
# --------------------------------------------------------------------------------------------------


def _gold_id(entry: dict, index: int) -> str:
    return str(entry.get("row_id") or entry.get("block_id") or f"#{index + 1}")


def _province_name(province: str | None) -> str | None:
    """ "Thành phố Hồ Chí Minh" / "Tỉnh Đồng Tháp" -> the bare name the agency resolver expects."""
    if not province:
        return None
    return re.sub(r"^(?:thành phố|tỉnh)\s+", "", province.strip(), flags=re.IGNORECASE)


def score_document(parsed: ParsedDocument | None, gold: dict, rejected: str | None = None) -> DocumentScore:
    """Score one parsed document (None when it was rejected) against its gold."""
    gold_tasks: list[dict] = gold.get("tasks", [])
    predicted = parsed.tasks if parsed else []
    references = parsed.references if parsed else []
    provinces = tuple(
        dict.fromkeys([_province_name(gold.get("province")), parsed.plan.province if parsed else None])
    )
    matched = match_tasks(predicted, gold_tasks)
    metrics = Metrics(
        task_recall=Ratio(len(matched), len(gold_tasks)), task_precision=Ratio(len(matched), len(predicted))
    )
    score = DocumentScore(
        gold["short_name"], metrics, len(gold_tasks), len(predicted), len(matched), rejected
    )
    for g, entry in enumerate(gold_tasks):
        gid = _gold_id(entry, g)
        if g not in matched:
            score.unmatched_gold.append(gid)
            continue
        task = predicted[matched[g]]
        for role, field_name, refs, recall, precision in (
            ("lead", "lead", task.leads, metrics.lead_recall, metrics.lead_precision),
            ("partner", "partners", task.partners, metrics.partner_recall, metrics.partner_precision),
        ):
            gold_mentions, expanded = entry.get(field_name), entry.get(f"{field_name}_expanded")
            r, p, missed, extra = score_agencies(gold_mentions, refs, provinces, expanded)
            recall.add(r)
            precision.add(p)
            score.missed_agencies += [f"{gid} {role}: {m}" for m in missed]
            score.extra_agencies += [f"{gid} {role}: {m}" for m in extra]
        if entry.get("time") is not None:
            hit = time_matches(entry["time"], task.time_text)
            metrics.time_recall.add(Ratio(int(hit), 1))
            if not hit:
                score.missed_times.append(f"{gid}: {entry['time']!r} | {task.time_text!r}")
    used = set(matched.values())
    score.unmatched_predicted = [f"{t.code}: {t.text[:60]}" for i, t in enumerate(predicted) if i not in used]
    ratio, cited_only, missed = score_legal_bases(gold.get("legal_bases_preamble") or [], references)
    metrics.legal_basis_recall = ratio
    metrics.legal_basis_cited_only = cited_only
    metrics.legal_basis_precision, score.extra_legal_bases = extra_legal_bases(
        gold.get("legal_bases_preamble") or [], references
    )
    score.missed_legal_bases = missed
    return score


def evaluate_document(doc_path: Path, gold: dict) -> DocumentScore:
    """Parse ``doc_path`` and score it; any error while reading makes the document rejected."""
    try:
        parsed = parse_document(doc_path)
    except Exception as exc:  # IngestError, or a parser failure: either way nothing was read
        message = str(exc).replace(str(doc_path), doc_path.name)  # no machine-specific path in reports
        return score_document(None, gold, rejected=f"{type(exc).__name__}: {message}")
    return score_document(parsed, gold)


class GoldError(ValueError):
    """A gold file that cannot be read."""


def read_gold(path: Path) -> dict:
    """One gold file; its ``short_name`` defaults to the file's stem."""
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"{path}: not a readable gold file ({exc})") from exc
    if not isinstance(gold, dict) or not isinstance(gold.get("tasks", []), list):
        raise GoldError(f"{path}: a gold file is a JSON object with a list of tasks")
    gold.setdefault("short_name", path.stem)
    return gold


def document_path(docs_dir: Path, short_name: str) -> Path:
    """``docs/<short_name>.txt``, or the one other file of that name (.md, .html, .docx)."""
    text = docs_dir / f"{short_name}.txt"
    if text.exists():
        return text
    others = sorted(p for p in docs_dir.glob(f"{short_name}.*") if p.stem == short_name)
    return others[0] if len(others) == 1 else text


def evaluate_corpus(docs_dir: Path, gold_dir: Path) -> CorpusScore:
    """Score every ``gold_dir/<short_name>.json`` against ``docs_dir/<short_name>.txt`` (raises GoldError
    for an unreadable gold file; a missing or unreadable document is rejected)."""
    documents = []
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = read_gold(gold_path)
        documents.append(evaluate_document(document_path(docs_dir, gold["short_name"]), gold))
    total = Metrics()
    for document in documents:
        total.add(document.metrics)
    return CorpusScore(documents, total)
