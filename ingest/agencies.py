"""Agency names in task tables: split a lead/partner cell and resolve each name to one canonical agency.

A cell such as "Văn phòng UBND Tỉnh; các Sở: Tư pháp, Tài chính; Ban Dân vận TU, Đài PT&TH, Báo ĐT" names
several bodies, while commas and "và" also occur inside names ("Sở Văn hóa, Thể thao và Du lịch").
Splitting is known-name-first: at each position the longest alias of the curated table
(``ingest/data/agencies.json``) is taken; text that matches no alias runs to the next separator and is
fuzzy-matched (rapidfuzz) or kept as a new, unknown agency.

Matching works on folded words: diacritics, case, dashes and punctuation are ignored, "Ủy ban nhân dân" reads
as "UBND" and "Hội đồng nhân dân" as "HĐND", and the document's province inside a name ("Báo Đồng Tháp",
"Đài PT&TH ĐT") reads as "tỉnh". Design choices:

- Agencies are provincial unless ``national``: the key ("so-noi-vu") is the same in every province; the
  graph scopes it by the document's province.
- The provincial newspaper has key ``bao-tinh``; its display name is "Báo <Province>" when the province is
  known (from the document, or from the name itself when no province is given), "Báo tỉnh" otherwise.
- District committees are one group, "UBND cấp huyện" (= "UBND các huyện, thành phố", "Ủy ban nhân dân cấp
  huyện", "huyện, thị xã, thành phố"...); communes likewise "UBND cấp xã".
- "Chủ tịch UBND tỉnh" is kept apart from "UBND tỉnh": the chairman issues acts in his own name.
- Trailing qualifiers ("có liên quan", "có điều kiện", "tỉnh") and parentheticals are dropped from the name
  but kept in ``as_written``; a parent in parentheses ("Trung tâm X (Sở Nội vụ)") stays one agency, while
  "(bao gồm cả X)" adds X.
- A centrally-run city's bodies say "Thành phố" where a province's say "tỉnh" (same keys); in such a
  document "Thành phố" with a capital T is the city itself.
- Collective names are kept whole ("Các sở, ban, ngành, đoàn thể tỉnh", "báo, đài", "UBND các tỉnh, thành
  phố trực thuộc trung ương"); an elliptical list repeats its head ("Các Cục: A, B" -> "Cục A", "Cục B";
  items split on "," or, when ";" comes first, on ";").

A cell may also be a clause rather than a list (``parse_roles``): "X chủ trì, phối hợp với Y" gives lead X
and partners Y; "X chủ trì ...; Y thực hiện ..." gives implementers Y; a predicate after a complete name
("Sở X thúc đẩy, theo dõi ...", "Bộ Y tiến hành rà soát ...") ends the name and the rest of the clause is
skipped, so a sentence fragment never becomes an agency; such a cell is reported (finding kind "other").
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from ingest.labels import fold_same_length
from ingest.normalize.text import clean_cell, collapse_spaces, fold
from ingest.provinces import is_city
from ingest.records import AgencyRef, Finding
from ontology.iris import slugify

DATA_PATH = Path(__file__).parent / "data" / "agencies.json"

FUZZY_THRESHOLD = 88.0
"""Minimum rapidfuzz ``fuzz.ratio`` (0-100) between folded names for a fuzzy match. A candidate must also
share the first word with the alias ("Sở" vs "Bộ" never match) and be within max(1, len // 10) edits."""

_MAX_ALIAS_WORDS = 24
_SYNONYMS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("uy", "ban", "nhan", "dan"), "ubnd"),
    (("hoi", "dong", "nhan", "dan"), "hdnd"),
)
_TOGETHER = "cung+"  # "cùng" (together with), told apart from "cung" ("cung cấp": supply)
_SKIP_WORDS = frozenset({"va", _TOGETHER, "voi"})
_HARD_SEPARATORS = frozenset({";", ":", ".", "/"})
_EXTRA_HEADS = frozenset(
    {
        "so", "ban", "bo", "trung", "dai", "bao", "cong", "van", "thanh", "chi", "cuc", "phong", "hoi", "uy",
        "to", "vien", "truong", "benh", "kho", "ngan", "doan", "lien", "mat", "cac", "nhung", "ubnd", "hdnd",
        "tinh", "huyen", "cap", "co", "don", "quoc", "thu", "chinh",
    }
)  # fmt: skip
_NOT_HEADS = frozenset({"thong", "kiem"})  # "Thông tấn xã", "Kiểm toán": also common words inside names
_TOKEN = re.compile(r"\([^()]*\)|[^\W_]+(?:&[^\W_]+)*|[,;:./]|-")


@dataclass(frozen=True)
class AgencyEntry:
    """One curated agency of the alias table."""

    name: str
    key: str
    kind: str
    is_group: bool
    national: bool
    aliases: tuple[str, ...]
    name_template: str | None = None  # e.g. "Báo {province}"

    def display_name(self, province: str | None) -> str:
        """The name to show, with the province filled in when the entry is named after it."""
        if self.name_template and province:
            return self.name_template.format(province=province)
        return self.name


class _Tok(NamedTuple):
    kind: str  # "word" | "sep" | "dash" | "paren"
    norm: str
    start: int
    end: int


class _Resolution(NamedTuple):
    key: str | None  # entry key, None when unknown
    match: str
    score: float
    province: str | None  # province found inside the name


@dataclass(frozen=True)
class _Table:
    entries: dict[str, AgencyEntry]
    aliases: dict[str, str]  # folded alias -> entry key
    compounds: dict[str, tuple[str, ...]]  # folded alias -> names of its parts
    by_head: dict[str, tuple[str, ...]]  # first word -> folded aliases
    heads: frozenset[str]
    qualifiers: tuple[tuple[str, ...], ...]
    provinces: tuple[str, ...]


# --------------------------------------------------------------------------------------------------
# Table loading and normalisation
# --------------------------------------------------------------------------------------------------


@lru_cache(maxsize=131072)
def _fold_word(word: str) -> str:
    """Fold one word; the Icelandic eth often typed for "Đ" folds to "d" too."""
    return fold(word.replace("Ð", "D").replace("ð", "d")).replace("&", "")


def _apply_synonyms(toks: list[_Tok]) -> list[_Tok]:
    """Replace multi-word spellings by one word ("ủy ban nhân dân" -> "ubnd")."""
    out: list[_Tok] = []
    i = 0
    while i < len(toks):
        hit = _synonym_at(toks, i)
        if hit is None:
            out.append(toks[i])
            i += 1
            continue
        size, norm = hit
        out.append(_Tok("word", norm, toks[i].start, toks[i + size - 1].end))
        i += size
    return out


def _synonym_at(toks: list[_Tok], i: int) -> tuple[int, str] | None:
    for words, norm in _SYNONYMS:
        if _words_at(toks, i, words):
            return len(words), norm
    return None


def _words_at(toks: list[_Tok], i: int, words: tuple[str, ...]) -> bool:
    """True when the word tokens from ``i`` on spell ``words`` exactly."""
    if i + len(words) > len(toks) or toks[i].norm != words[0]:
        return False
    return all(
        t.kind == "word" and t.norm == w for t, w in zip(toks[i : i + len(words)], words, strict=False)
    )


@lru_cache(maxsize=65536)
def _raw_tokens(text: str) -> tuple[_Tok, ...]:
    toks = []
    for m in _TOKEN.finditer(text):
        value = m.group()
        if value.startswith("("):
            toks.append(_Tok("paren", value, m.start(), m.end()))
        elif value == "-":
            toks.append(_Tok("dash", value, m.start(), m.end()))
        elif value == "." and toks and toks[-1].end == m.start() and toks[-1].norm == "pho":
            continue  # "TP." is an abbreviation, not the end of a clause
        elif len(value) == 1 and value in ",;:./":
            toks.append(_Tok("sep", value, m.start(), m.end()))
        elif value.lower() == "cùng":
            toks.append(_Tok("word", _TOGETHER, m.start(), m.end()))
        elif value in _ABBREVIATED_WORDS:
            toks.extend(_Tok("word", word, m.start(), m.end()) for word in _ABBREVIATED_WORDS[value])
        else:
            toks.append(_Tok("word", _fold_word(value), m.start(), m.end()))
    return tuple(_apply_synonyms(toks))


# Abbreviations that stand for two words everywhere ("Ban Tổ chức TW", "UBND TP. Hồ Chí Minh").
_ABBREVIATED_WORDS = {"TW": ("trung", "uong"), "TP": ("thanh", "pho")}


@lru_cache(maxsize=1)
def load_table() -> _Table:
    """The curated alias table, read once from ``ingest/data/agencies.json``."""
    data = json.loads(DATA_PATH.read_text(encoding="utf-8"))
    entries: dict[str, AgencyEntry] = {}
    aliases: dict[str, str] = {}
    for raw in data["agencies"]:
        entry = _entry(raw)
        entries[entry.key] = entry
        for alias in (entry.name, *entry.aliases):
            aliases.setdefault(_alias_norm(alias), entry.key)
    compounds = {_alias_norm(c["alias"]): tuple(c["parts"]) for c in data.get("compounds", [])}
    by_head: dict[str, list[str]] = {}
    for norm in aliases:
        by_head.setdefault(norm.split(" ", 1)[0], []).append(norm)
    heads = (frozenset(by_head) | {n.split(" ", 1)[0] for n in compounds} | _EXTRA_HEADS) - _NOT_HEADS
    qualifiers = tuple(tuple(_alias_norm(q).split()) for q in data.get("qualifiers", []))
    return _Table(
        entries=entries,
        aliases=aliases,
        compounds=compounds,
        by_head={head: tuple(norms) for head, norms in by_head.items()},
        heads=heads,
        qualifiers=tuple(q for q in qualifiers if q),
        provinces=tuple(data.get("provinces", [])),
    )


def _entry(raw: dict) -> AgencyEntry:
    return AgencyEntry(
        name=raw["name"],
        key=raw["key"],
        kind=raw["kind"],
        is_group=bool(raw["is_group"]),
        national=bool(raw["national"]),
        aliases=tuple(raw.get("aliases", [])),
        name_template=raw.get("name_template"),
    )


def _alias_norm(text: str) -> str:
    """Folded words of an alias (no province handling)."""
    return " ".join(t.norm for t in _raw_tokens(clean_cell(text)) if t.kind == "word")


# --------------------------------------------------------------------------------------------------
# Province names inside agency names
# --------------------------------------------------------------------------------------------------


INITIALS_MARK = "#initials"  # marks a province written by its initials ("ĐT"): only at the end of a name


@lru_cache(maxsize=256)
def _province_patterns(province: str | None) -> tuple[tuple[tuple[str, ...], str], ...]:
    """(folded words, province name) pairs to read as "tỉnh": the document's province and its initials,
    or every known province when the document's is not given."""
    if province:
        words = tuple(t.norm for t in _raw_tokens(clean_cell(province)) if t.kind == "word")
        patterns = [(words, province)]
        if len(words) > 1:
            patterns.append((("".join(w[0] for w in words),), province + INITIALS_MARK))
        return tuple(p for p in patterns if p[0])
    pairs = [(tuple(_alias_norm(p).split()), p) for p in load_table().provinces]
    return tuple(sorted((p for p in pairs if p[0]), key=lambda p: -len(p[0])))


@lru_cache(maxsize=256)
def _patterns_by_word(province: str | None) -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    by_word: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for pattern in _province_patterns(province):
        by_word.setdefault(pattern[0][0], []).append(pattern)
    return {word: tuple(patterns) for word, patterns in by_word.items()}


def _replace_provinces(toks: tuple[_Tok, ...], province: str | None) -> tuple[list[_Tok], str | None]:
    """Province names become the word "tinh" (merged into a preceding "tỉnh", "tỉnh ủy" or "thành phố")."""
    by_word = _patterns_by_word(province)
    out: list[_Tok] = []
    found: str | None = None
    i = 0
    while i < len(toks):
        patterns = by_word.get(toks[i].norm, ())
        hit = None
        for words, name in patterns:
            consumed = _province_span(toks, i, words)
            if consumed and (not name.endswith(INITIALS_MARK) or _ends_name(toks, i, consumed)):
                hit = (consumed, name.removesuffix(INITIALS_MARK))
                break
        if hit is None:
            out.append(toks[i])
            i += 1
            continue
        consumed, found = hit
        _merge_province(out, toks[i].start, toks[i + consumed - 1].end)
        i += consumed
    return out, found


def _province_span(toks: tuple[_Tok, ...], i: int, words: tuple[str, ...]) -> int:
    """Tokens from ``i`` spelling ``words``, dashes allowed between ("Bà Rịa - Vũng Tàu"); 0 when none."""
    j, matched = i, 0
    while j < len(toks) and matched < len(words):
        if toks[j].kind == "dash" and matched:
            j += 1
            continue
        if toks[j].kind != "word" or toks[j].norm != words[matched]:
            return 0
        matched += 1
        j += 1
    return j - i if matched == len(words) else 0


def _ends_name(toks: tuple[_Tok, ...], i: int, consumed: int) -> bool:
    """Initials stand for the province only after other words and at the end of a name ("Báo ĐT"), never
    at its start ("VP UBND tỉnh" is the office of the committee, not Vĩnh Phúc)."""
    after = i + consumed
    return i > 0 and toks[i - 1].kind == "word" and (after == len(toks) or toks[after].kind != "word")


def _merge_province(out: list[_Tok], start: int, end: int) -> None:
    last = [t.norm for t in out[-2:] if t.kind == "word"]
    if last[-1:] == ["tinh"] or last == ["tinh", "uy"]:
        out[-1] = out[-1]._replace(end=end)
    elif last == ["thanh", "pho"] and len(out) >= 2:
        first = out[-2]
        del out[-2:]
        out.append(_Tok("word", "tinh", first.start, end))
    else:
        out.append(_Tok("word", "tinh", start, end))


def _tokens(text: str, province: str | None) -> tuple[list[_Tok], str | None]:
    toks, found = _replace_provinces(_raw_tokens(text), province)
    if is_city(province):
        toks = _city_as_province(toks, text)
    return _drop_doubled_words(toks), found


def _city_as_province(toks: list[_Tok], text: str) -> list[_Tok]:
    """In a centrally-run city's document, "Thành phố" written with a capital T is the city itself
    ("Ủy ban nhân dân Thành phố", "các sở, ban, ngành Thành phố") and reads as "tỉnh"; "thành phố" in
    lower case ("UBND các huyện, thành phố") is left alone."""
    out: list[_Tok] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if (
            tok.norm == "thanh"
            and nxt is not None
            and nxt.norm == "pho"
            and text[tok.start : tok.start + 1] == "T"
        ):
            out.append(_Tok("word", "tinh", tok.start, nxt.end))
            i += 2
            continue
        out.append(tok)
        i += 1
    return out


_CITY_WORDS = (
    (re.compile(r"\btỉnh ủy\b", re.IGNORECASE), "Thành ủy"),
    (re.compile(r"\btỉnh đoàn\b", re.IGNORECASE), "Thành đoàn"),
    (re.compile(r"\b(?:cấp )?tỉnh\b"), "Thành phố"),
)


def _city_name(name: str) -> str:
    """A provincial body's name in a centrally-run city ("UBND tỉnh" -> "UBND Thành phố")."""
    for pattern, city in _CITY_WORDS:
        name = pattern.sub(city, name)
    return name


# --------------------------------------------------------------------------------------------------
# Resolution of one name
# --------------------------------------------------------------------------------------------------


def _strip_qualifiers(words: list[str]) -> list[str]:
    """Drop trailing qualifiers ("có liên quan", "tỉnh") while something is left."""
    table = load_table()
    changed = True
    while changed:
        changed = False
        for q in table.qualifiers:
            if len(words) > len(q) and tuple(words[-len(q) :]) == q:
                words = words[: -len(q)]
                changed = True
    return words


@lru_cache(maxsize=65536)
def _fuzzy(query: str) -> tuple[str, float] | None:
    """The closest alias (folded) and its score, or None when none is close enough."""
    if not query:
        return None
    choices = load_table().by_head.get(query.split(" ", 1)[0])
    if not choices:
        return None
    hit = process.extractOne(query, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
    if hit is None or not _close_enough(query, hit[0]):
        return None
    return hit[0], float(hit[1])


def _close_enough(query: str, alias: str) -> bool:
    """Same head noun, ratio at or above the threshold and at most max(1, len // 10) edits; a differing
    short word is an abbreviation, not a typo ("Ban Tổ chức TU" is not "Ban Tổ chức TW")."""
    if _head_noun(query) != _head_noun(alias):
        return False
    query_words, alias_words = query.split(" "), alias.split(" ")
    if len(query_words) == len(alias_words) and any(
        a != b and min(len(a), len(b)) <= 3 for a, b in zip(query_words, alias_words, strict=True)
    ):
        return False
    if fuzz.ratio(query, alias) < FUZZY_THRESHOLD:
        return False
    return Levenshtein.distance(query, alias) <= max(1, len(alias) // 10)


def _head_noun(norm: str) -> tuple[str, ...]:
    """The word that says what kind of body a name is: the first, or the first two after "các"
    ("các sở ..." and "các bộ ..." never match)."""
    words = norm.split(" ")
    return tuple(words[:2]) if words[0] in {"cac", "nhung"} else tuple(words[:1])


def fuzzy_matches(written: str, known: str) -> bool:
    """True when ``written`` would be read as ``known`` by the fuzzy matcher (both are names as written)."""
    return _close_enough(_alias_norm(written), _alias_norm(known))


@lru_cache(maxsize=65536)
def _resolve_core(text: str, province: str | None) -> _Resolution:
    toks, found = _tokens(text, province)
    words = [t.norm for t in toks if t.kind == "word"]
    table = load_table()
    candidates = [" ".join(words)]
    stripped = " ".join(_strip_qualifiers(words))
    if stripped != candidates[0]:
        candidates.append(stripped)
    for norm in candidates:
        if norm in table.aliases:
            return _Resolution(table.aliases[norm], "alias", 100.0, found)
    for norm in candidates:
        hit = _fuzzy(norm)
        if hit is not None:
            return _Resolution(table.aliases[hit[0]], "fuzzy", hit[1], found)
    return _Resolution(None, "unknown", 0.0, found)


def _clean_name(fragment: str) -> str:
    """The fragment without parentheticals, bullets and stray punctuation, first letter capitalised."""
    text = re.sub(r"\([^()]*\)", " ", clean_cell(fragment))
    text = collapse_spaces(text).strip(" -,;:./()")
    return text[:1].upper() + text[1:]


def _unknown_key(name: str) -> str:
    key = slugify(name)
    return key or "agency-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


def _guess_kind(words: list[str]) -> str:
    """Agency kind of an unknown name from its wording."""
    text = " ".join(words)
    if words and words[0] in {"cac", "nhung"}:
        rest = _guess_kind(words[1:])
        return rest if rest != "other" else "mixed"
    rules = (
        (("so ",), "department"),
        (("bo ",), "ministry"),
        (("chinh phu", "thu tuong"), "government"),
        (("quoc hoi",), "legislature"),
        (("van phong",), "office"),
        (("thanh tra", "kiem toan"), "inspection"),
        (("ban chi dao", "hoi dong tu van"), "steering-committee"),
        (("hdnd",), "council"),
        (("ban ",), _first_kind(text, _BOARD_KINDS)),
        (("ubnd", "uy ban nhan dan"), _first_kind(text, _COMMITTEE_KINDS)),
        (("trung tam", "don vi su nghiep", "benh vien", "truong "), "public-service-unit"),
        (("bao ", "dai ", "cong thong tin", "tap chi"), "media"),
        (("mat tran", "doan ", "hoi ", "lien doan"), "mass-organisation"),
        (("tinh uy", "huyen uy", "dang uy"), "party-body"),
    )
    padded = text + " "
    for prefixes, kind in rules:
        if any(padded.startswith(p) for p in prefixes):
            return kind
    return "other"


# (kind, words naming it) in the folded name: the first that matches wins.
_BOARD_KINDS = (  # a "Ban ...": a People's Council committee or a Party board
    ("council", re.compile(r"\bhdnd\b")),
    ("party-body", re.compile(r"\b(tinh uy|tu|dang|huyen uy|thanh uy)\b")),
)
_COMMITTEE_KINDS = (  # a People's Committee, by its level
    ("peoples-committee-commune", re.compile(r"\b(xa|phuong|thi tran)\b")),
    ("peoples-committee-district", re.compile(r"\b(huyen|thi xa|thanh pho|quan)\b")),
    ("peoples-committee-province", re.compile(r"\btinh\b")),
)


def _first_kind(text: str, rules: tuple[tuple[str, re.Pattern[str]], ...]) -> str:
    """The kind of the first rule whose words ``text`` holds, else "other"."""
    return next((kind for kind, pattern in rules if pattern.search(text)), "other")


def _ministry_unit(words: list[str]) -> bool:
    """A department of a ministry ("Cục Báo chí", "Vụ Pháp chế", "Tổng cục ...") is a national body; a
    provincial branch names its province ("Cục Quản lý thị trường tỉnh")."""
    head = words[:2] if words[:1] == ["tong"] else words[:1]
    return head in (["cuc"], ["vu"], ["tong", "cuc"]) and "tinh" not in words


def _unknown_ref(fragment: str, as_written: str) -> AgencyRef:
    name = _clean_name(fragment)
    words = [t.norm for t in _raw_tokens(name) if t.kind == "word"]
    kind = _guess_kind(words)
    text = " ".join(words)
    is_group = bool(words) and (words[0] in {"cac", "nhung"} or " cac " in f" {text} ")
    national = (
        kind in {"ministry", "government", "legislature"} or "trung uong" in text or _ministry_unit(words)
    )
    return AgencyRef(name, _unknown_key(name), kind, is_group, national, as_written, "unknown")


def resolve_agency(fragment: str, province: str | None) -> tuple[AgencyRef, list[Finding]]:
    """Resolve one agency name (as split from a cell) to its canonical agency.

    ``province`` is the document's province (e.g. "Đồng Tháp"), used to read "Báo Đồng Tháp" as the
    provincial newspaper. Unknown names are kept as new agencies and reported ("unknown-agency"); fuzzy
    matches are reported too ("fuzzy-agency"). Findings carry line 0.
    """
    as_written = collapse_spaces(clean_cell(fragment))
    res = _resolve_core(as_written, province)
    if res.key is None:
        ref = _unknown_ref(as_written, as_written)
        message = f"unknown agency {as_written!r} kept as new agency {ref.key!r} ({ref.kind})"
        return ref, [Finding("unknown-agency", message, 0, subject=as_written)]
    entry = load_table().entries[res.key]
    name = entry.display_name(province or res.province)
    if not entry.national and is_city(province or res.province):
        name = _city_name(name)
    ref = AgencyRef(
        name=name,
        key=entry.key,
        kind=entry.kind,
        is_group=entry.is_group,
        national=entry.national,
        as_written=as_written,
        match=res.match,
    )
    if res.match != "fuzzy":
        return ref, []
    message = f"agency {as_written!r} read as {ref.name!r} (fuzzy score {res.score:.0f})"
    return ref, [Finding("fuzzy-agency", message, 0, subject=as_written)]


def reference_ref(key: str, province: str | None) -> AgencyRef | None:
    """The curated agency ``key`` as a body of ``province`` (named as that province names it), for
    bodies the text does not name but the lineage data does (a predecessor or successor); None when the
    table has no such key."""
    entry = load_table().entries.get(key)
    if entry is None:
        return None
    name = entry.display_name(None if entry.national else province)
    if not entry.national and is_city(province):
        name = _city_name(name)
    return AgencyRef(name, entry.key, entry.kind, entry.is_group, entry.national, "", "lineage")


def unknown_agency(ref: AgencyRef) -> AgencyRef:
    """``ref`` read as a new, unknown agency (its text as written), not as the curated body it matched."""
    return _unknown_ref(ref.as_written, ref.as_written)


# --------------------------------------------------------------------------------------------------
# Splitting a cell
# --------------------------------------------------------------------------------------------------


# Role phrases, as folded words. A cell may be a clause rather than a list: "X chủ trì, phối hợp với Y",
# "X chủ trì hướng dẫn; Các sở ... thực hiện ...", "Bộ Công an tiến hành rà soát ...".
_LEAD_MARKERS: tuple[tuple[str, ...], ...] = (("chu", "tri"),)
_PARTNER_MARKERS: tuple[tuple[str, ...], ...] = (
    (_TOGETHER, "phoi", "hop", "voi"),
    ("phoi", "hop", "voi"),
    ("phoi", "hop", "cung"),
    ("phoi", "hop"),
)
# Verbs that never occur inside an agency name: they end a name even when it is not a known one.
_STRONG_PREDICATES: tuple[tuple[str, ...], ...] = (
    *_LEAD_MARKERS,
    *_PARTNER_MARKERS,
    ("chu", "dong"),
    ("tien", "hanh"),
    ("thuc", "day"),
    ("chiu", "trach", "nhiem"),
    ("co", "trach", "nhiem"),
)
# Verbs that start a predicate right after a complete (known) name: "Sở X thực hiện ...".
_PREDICATES: tuple[tuple[str, ...], ...] = (
    *_STRONG_PREDICATES,
    ("thuc", "hien"),
    ("tham", "muu"),
    ("huong", "dan"),
    ("tong", "hop"),
    ("theo", "doi"),
    ("bao", "cao"),
    ("trien", "khai"),
    ("ra", "soat"),
    ("to", "chuc", "trien", "khai"),
    ("to", "chuc", "thuc", "hien"),
    ("xay", "dung"),
    ("ban", "hanh"),
    ("trinh",),
    ("cap", "nhat"),
    ("don", "doc"),
    ("kiem", "tra"),
    ("giam", "sat"),
    ("cong", "bo"),
    ("de", "xuat"),
    ("nghien", "cuu"),
    ("tuyen", "truyen"),
    ("phu", "trach"),
    ("dam", "bao"),
    ("van", "hanh"),
    ("quan", "ly"),
    ("hoan", "thanh"),
    ("thong", "nhat"),
)
# An apposition after a name says what the body is, not another body: "Sở Tài chính - Cơ quan thường trực".
_APPOSITIONS: tuple[tuple[str, ...], ...] = (
    ("co", "quan", "thuong", "truc"),
    ("co", "quan", "dau", "moi"),
    ("co", "quan", "chu", "tri"),
    ("thuong", "truc", "ban"),
    ("la", "co", "quan"),
)
# Scope phrases after a name ("các sở, ngành trong phạm vi chức năng, nhiệm vụ của mình"): not a name,
# skipped up to the next name.
_SCOPES: tuple[tuple[str, ...], ...] = (
    ("trong", "pham", "vi"),
    ("theo", "chuc", "nang"),
    ("theo", "tham", "quyen"),
    ("theo", "linh", "vuc"),
    ("theo", "phan", "cap"),
    ("thuoc", "pham", "vi"),
    ("theo", "nhiem", "vu"),
)
# "Các Cục: A, B" / "Các Sở: A; B": the head word is repeated before each item of the list.
_LIST_HEADS: tuple[tuple[str, ...], ...] = (
    ("tong", "cuc"),
    ("chi", "cuc"),
    ("so",),
    ("cuc",),
    ("vu",),
    ("bo",),
    ("vien",),
    ("ban",),
)
# Words after "các" that name bodies; "các khu công nghiệp" (places) does not start an agency.
_BODY_NOUNS = frozenset(
    {
        "so", "ban", "nganh", "bo", "co", "don", "dia", "xa", "phuong", "huyen", "tinh", "doanh", "to",
        "truong", "cuc", "vu", "hoi", "doan", "ubnd", "hdnd", "trung", "dai", "bao", "chi", "phong", "vien",
        "benh", "thanh", "quan", "thi", "lien", "mat", "ngan", "tap", "cong", "hop", "nha", "tong", "cap",
        "tram", "hoc", "lanh", "chu", "thu", "kho", "ve",
    }
)  # fmt: skip
# Words before the first name that are not part of it: a heading's "Trách nhiệm của", an order's "Giao".
_HEADING_PREFIX = re.compile(
    r"^\s*(?:trách nhiệm\s+(?:của\s+)?|(?:giao|đề nghị|yêu cầu|phân công)\s+(?!thông\b))", re.IGNORECASE
)
# Office holders named for their body ("Thủ trưởng các sở, ban, ngành", "Giám đốc Sở Y tế"): the body.
_TITLES: tuple[tuple[str, ...], ...] = (
    ("thu", "truong"),
    ("giam", "doc"),
    ("nguoi", "dung", "dau"),
    ("lanh", "dao"),
)
_INCLUDING = re.compile(r"\(\s*(?:bao gồm cả|gồm cả|kể cả)\s+([^()]*)\)", re.IGNORECASE)


class _Segment(NamedTuple):
    text: str  # the name to resolve ("Sở Tư pháp" for "các Sở: Tư pháp")
    as_written: str  # the cell's own text
    role: str = "subject"  # "subject" (before any role phrase, or chủ trì) | "partner" (after "phối hợp với")
    clause: int = 0  # index of the ";"-separated clause it sits in


class _List(NamedTuple):
    """An elliptical list in progress: "Các Cục: A, B" repeats "Cục" before A and B."""

    words: tuple[str, ...]  # folded head words
    written: str  # the head as written, capitalised ("Cục")
    sep: str  # item separator: "," or ";" (whichever comes first after the colon)


@dataclass
class _Split:
    """The segments of a cell and, per clause, whether it has a "chủ trì" marker and a predicate."""

    segments: list[_Segment]
    lead_clauses: set[int]
    predicate_clauses: set[int]
    sentence: bool  # the cell holds predicate text (a sentence), reported as a finding


_FIRST_WORDS: dict[int, tuple[tuple[tuple[str, ...], ...], dict[str, tuple[tuple[str, ...], ...]]]] = {}


def _by_first_word(phrases: tuple[tuple[str, ...], ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """``phrases`` grouped by their first word, each group in the order of ``phrases``."""
    entry = _FIRST_WORDS.get(id(phrases))
    if entry is None or entry[0] is not phrases:
        groups: dict[str, list[tuple[str, ...]]] = {}
        for words in phrases:
            groups.setdefault(words[0], []).append(words)
        entry = _FIRST_WORDS[id(phrases)] = (phrases, {word: tuple(group) for word, group in groups.items()})
    return entry[1]


class _Splitter:
    """Cuts one cleaned cell into agency names, longest known alias first, and reads role phrases."""

    def __init__(self, text: str, province: str | None) -> None:
        self.text = text
        self.province = province
        self.toks, _ = _tokens(text, province)
        self.table = load_table()
        self._memo: dict[tuple[int, tuple[str, ...]], tuple[str, int] | None] = {}

    # ---- the walk over a cell ---------------------------------------------------------------------

    def run(self) -> _Split:
        out: list[_Segment] = []
        leads: set[int] = set()
        predicates: set[int] = set()
        sentence = False
        clause, mode, last_end = 0, "subject", -1
        scoped_partner = False
        lst: _List | None = None
        i, n = 0, len(self.toks)
        while i < n:
            tok = self.toks[i]
            if tok.kind == "sep" and tok.norm in {";", "."}:
                if lst is not None and lst.sep == ";" and tok.norm == ";":
                    i += 1
                    continue
                lst = None
                clause, mode = clause + 1, "subject"
                i += 1
                continue
            if mode == "scope":
                resume_at = self._body_after_scope(i)
                if resume_at is not None:
                    mode, i = ("partner" if scoped_partner else "subject"), resume_at
                else:
                    i += 1
                continue
            if mode == "skip":
                resume = self._resume_after_skip(i)
                if resume is not None:
                    mode, i = resume
                    if mode == "subject":  # "X chủ trì, Y phối hợp": Y has a clause of its own
                        clause += 1
                else:
                    i += 1
                continue
            if tok.kind != "word" or tok.norm in _SKIP_WORDS:
                i += 1
                continue
            marker = self._phrase_at(i, _LEAD_MARKERS)
            if marker is not None:
                leads.add(clause)
                predicates.add(clause)
                mode, i = "skip", marker
                continue
            marker = self._phrase_at(i, _PARTNER_MARKERS)
            if marker is not None:
                predicates.add(clause)
                mode, i = "partner", marker
                if self._clause_ends(marker) or self._phrase_at(marker, _PREDICATES) is not None:
                    # "Sở Y tế phối hợp (thực hiện)": the subjects are the partners
                    out = [s._replace(role="partner") if s.clause == clause else s for s in out]
                    mode = "skip"
                continue
            if out and last_end == i and self._phrase_at(i, _PREDICATES) is not None:
                predicates.add(clause)
                sentence = True
                mode = "skip"
                continue
            if out and last_end == i and self._phrase_at(i, _SCOPES) is not None:
                scoped_partner = mode == "partner"
                mode = "scope"
                continue
            title = self._phrase_at(i, _TITLES)
            if title is not None and title < n and self._starts_name(title):
                i = title
                continue
            if out and self._only_punctuation(last_end, i) and self._phrase_at(i, _APPOSITIONS) is not None:
                mode = "skip"
                continue
            started = self._list_start(i)
            if started is not None:
                lst, i = started
                continue
            segments, i = self._segment(i, lst)
            role = "partner" if mode == "partner" else "subject"
            out.extend(s._replace(role=role, clause=clause) for s in segments)
            last_end = i
        return _Split(_with_inclusions(out, self.province), leads, predicates, sentence)

    def _resume_after_skip(self, i: int) -> tuple[str, int] | None:
        """Where predicate text ends inside a clause: at "phối hợp với" (partners follow), or at a ","
        before a known name that has its own role phrase ("X chủ trì, Y phối hợp")."""
        marker = self._phrase_at(i, _PARTNER_MARKERS)
        if marker is not None:
            return "partner", marker
        tok = self.toks[i]
        if tok.kind == "sep" and tok.norm == "," and i + 1 < len(self.toks):
            hit = self._match(i + 1, None)
            if hit is not None and self._phrase_at(hit[1], _PREDICATES) is not None:
                return "subject", i + 1
        return None

    def _body_after_scope(self, i: int) -> int | None:
        """Where a scope phrase ends: at "và" or "," before a word that starts a name."""
        tok = self.toks[i]
        if not (tok.norm == "," or tok.norm in _SKIP_WORDS):
            return None
        nxt = self._next_word(i + 1)
        if nxt is None or not self._starts_name(nxt):
            return None
        return nxt

    def _starts_name(self, j: int) -> bool:
        """A known name starts at ``j``, or a head word ("các" only before a noun that names bodies)."""
        if self._match(j, None) is not None:
            return True
        word = self.toks[j].norm
        if word in {"cac", "nhung"}:
            after = self.toks[j + 1] if j + 1 < len(self.toks) else None
            return after is not None and after.kind == "word" and after.norm in _BODY_NOUNS
        if word in _HEADS_WITH_NEXT:  # "cơ quan" starts a name, "cơ sở dữ liệu" does not
            after = self.toks[j + 1] if j + 1 < len(self.toks) else None
            return after is not None and after.norm in _HEADS_WITH_NEXT[word].split()
        return word in self.table.heads and self._spelled_as_head(j)

    def _spelled_as_head(self, j: int) -> bool:
        """The word is a head as written, tone marks included: "Viện" is, "Viên chức" ("Vụ Công chức -
        Viên chức") and "Quản trị" ("Học viện Hành chính và Quản trị công") are not. A word written
        without marks ("UBND", "Vien") is taken as a head."""
        tok = self.toks[j]
        written = unicodedata.normalize("NFC", self.text[tok.start : tok.end]).lower()
        if written.isascii():
            return True
        forms = _head_spellings().get(tok.norm)
        return forms is None or written in forms

    def _phrase_at(self, i: int, phrases: tuple[tuple[str, ...], ...]) -> int | None:
        """Index after the first of ``phrases`` spelled from ``i``, or None."""
        if 0 <= i < len(self.toks):  # only the phrases whose first word is there can match
            phrases = _by_first_word(phrases).get(self.toks[i].norm, ())
        for words in phrases:
            if _words_at(self.toks, i, words):
                return i + len(words)
        return None

    def _clause_ends(self, j: int) -> bool:
        """True when nothing but punctuation is left of the clause from ``j``."""
        while j < len(self.toks):
            tok = self.toks[j]
            if tok.kind == "sep" and tok.norm in {";", "."}:
                return True
            if tok.kind == "word":
                return False
            j += 1
        return True

    def _only_punctuation(self, start: int, end: int) -> bool:
        """Nothing but dashes and commas (or nothing) between the end of a name and ``end``."""
        return start >= 0 and all(t.kind in {"dash", "sep"} for t in self.toks[start:end])

    def _list_start(self, i: int) -> tuple[_List, int] | None:
        """The list opened at ``i`` by "Các Sở:" / "Cục:" ..., and the index after the colon."""
        start = i + 1 if self.toks[i].norm in {"cac", "nhung"} else i
        heads = _LIST_HEADS
        if start < len(self.toks):  # only the heads whose first word is there can match
            heads = _by_first_word(heads).get(self.toks[start].norm, ())
        for words in heads:
            j = start + len(words)
            if _words_at(self.toks, start, words) and j < len(self.toks) and self.toks[j].norm == ":":
                written = self.text[self.toks[start].start : self.toks[j - 1].end]
                return _List(words, written[:1].upper() + written[1:], self._list_separator(j + 1)), j + 1
        return None

    def _list_separator(self, j: int) -> str:
        for tok in self.toks[j:]:
            if tok.kind == "sep" and tok.norm in {",", ";", "."}:
                return ";" if tok.norm == ";" else ","
        return ","

    # ---- one name -----------------------------------------------------------------------------------

    def _segment(self, i: int, lst: _List | None) -> tuple[list[_Segment], int]:
        if lst is not None and lst.sep == ";":
            return self._list_item(i, lst)
        hit = self._match(i, lst)
        if hit is None:
            return self._unknown(i, lst)
        norm, end, used_prefix = hit
        end = self._tail(end)
        literal = self._literal(i, end)
        if norm in self.table.compounds:
            return [_Segment(part, literal) for part in self.table.compounds[norm]], end
        text = f"{lst.written} {literal}" if used_prefix and lst else literal
        return [_Segment(text, literal)], end

    def _list_item(self, i: int, lst: _List) -> tuple[list[_Segment], int]:
        """One item of a ";"-separated list: commas are inside the name ("Cục Xuất bản, In và Phát hành")."""
        end = i
        while end < len(self.toks) and not (
            self.toks[end].kind == "sep" and self.toks[end].norm in {";", "."}
        ):
            end += 1
        literal = self._literal(i, end)
        hit = self._match(i, lst)
        if hit is not None and hit[1] < end and not hit[2]:  # a name of its own, not an item
            return self._segment(i, None)
        return [_Segment(f"{lst.written} {literal}", literal)], end

    def _match(self, i: int, lst: _List | None) -> tuple[str, int, bool] | None:
        """Longest alias at ``i`` ending at a boundary; with the list head first, then without."""
        if lst is not None:
            hit = self._match_words(i, lst.words)
            if hit is not None:
                return hit[0], hit[1], True
        hit = self._match_words(i, ())
        return None if hit is None else (hit[0], hit[1], False)

    def _match_words(self, i: int, prefix: tuple[str, ...]) -> tuple[str, int] | None:
        key = (i, prefix)
        if key not in self._memo:
            self._memo[key] = None  # guards the recursion through _at_boundary
            self._memo[key] = self._match_words_uncached(i, prefix)
        return self._memo[key]

    def _match_words_uncached(self, i: int, prefix: tuple[str, ...]) -> tuple[str, int] | None:
        words = list(prefix)
        best: tuple[str, int] | None = None
        j = i
        while j < len(self.toks) and len(words) < _MAX_ALIAS_WORDS:
            tok = self.toks[j]
            if tok.kind == "word":
                words.append(tok.norm)
                j += 1
                norm = " ".join(words)
                known = norm in self.table.aliases or norm in self.table.compounds
                if known and self._at_boundary(j):
                    best = (norm, j)
            elif tok.kind == "dash" or tok.norm == ",":
                j += 1
            else:
                break
        return best

    def _at_boundary(self, j: int) -> bool:
        """A name may end before ``j``: at a separator, "và", a qualifier, a role phrase, or the start of
        another known name written with no separator ("Sở Tài chính Sở Xây dựng")."""
        if j >= len(self.toks):
            return True
        tok = self.toks[j]
        if tok.kind != "word" or tok.norm in _SKIP_WORDS:
            return True
        if any(self._phrase_at(j, phrases) is not None for phrases in (_PREDICATES, _SCOPES, _APPOSITIONS)):
            return True
        if self._qualifier_at(j) is not None:
            return True
        return tok.norm in _NAME_STARTS and self._match_words(j, ()) is not None

    def _qualifier_at(self, j: int) -> int | None:
        """Index after a qualifier ("có liên quan") starting at ``j`` and ending at a boundary."""
        qualifiers = self.table.qualifiers
        if 0 <= j < len(self.toks):  # only the qualifiers whose first word is there can match
            qualifiers = _by_first_word(qualifiers).get(self.toks[j].norm, ())
        for q in qualifiers:
            end = j + len(q)
            if _words_at(self.toks, j, q) and self._at_boundary(end):
                return end
        return None

    def _tail(self, j: int) -> int:
        """Extend a match over following parentheticals and qualifiers."""
        while j < len(self.toks):
            if self.toks[j].kind == "paren":
                j += 1
                continue
            after = self._qualifier_at(j)
            if after is None:
                return j
            j = after
        return j

    def _literal(self, i: int, end: int) -> str:
        return self.text[self.toks[i].start : self.toks[end - 1].end].strip(" ,-")

    def _unknown(self, i: int, lst: _List | None) -> tuple[list[_Segment], int]:
        """A name not in the table: the longest stretch that fuzzy-matches, else up to a natural break."""
        ends = self._candidate_ends(i, lst)
        for end in reversed(ends):
            segment = self._as_segment(i, end, lst)
            if _resolve_core(segment.text, self.province).key is not None:
                return [segment], end
        natural = next((e for e in ends if self._natural_break(e, lst)), ends[-1])
        return [self._as_segment(i, natural, lst)], natural

    def _as_segment(self, i: int, end: int, lst: _List | None) -> _Segment:
        literal = self._literal(i, end)
        return _Segment(f"{lst.written} {literal}" if lst else literal, literal)

    def _candidate_ends(self, i: int, lst: _List | None) -> list[int]:
        """Possible ends of an unknown name: before each ",", "-" or "và", up to a hard separator, a role
        verb or the start of a known name."""
        ends: list[int] = []
        j = i + 1
        while j < len(self.toks):
            tok = self.toks[j]
            if self._soft_colon(i, j, lst):
                ends.append(j)
                nxt = self._next_word(j + 1)
                if nxt is None or self._match(nxt, lst) is not None:
                    return ends
                j += 1
                continue
            if tok.kind == "sep" and tok.norm in _HARD_SEPARATORS:
                break
            if tok.kind == "word" and self._phrase_at(j, _STRONG_PREDICATES) is not None:
                break
            if tok.kind == "dash" or tok.norm == "," or tok.norm in _SKIP_WORDS:
                ends.append(j)
                nxt = self._next_word(j)
                if nxt is None or self._match(nxt, lst) is not None:
                    return ends
            j += 1
        ends.append(j)
        return ends

    def _soft_colon(self, i: int, j: int, lst: _List | None) -> bool:
        """A colon after "Các <noun>" that opens no elliptical list ("Các trường: Đại học, Cao đẳng")
        belongs to the name."""
        tok = self.toks[j]
        return (
            lst is None
            and tok.norm == ":"
            and j == i + 2
            and self.toks[i].norm in {"cac", "nhung"}
            and self.toks[i + 1].kind == "word"
        )

    def _next_word(self, j: int) -> int | None:
        while j < len(self.toks):
            tok = self.toks[j]
            if tok.kind == "word" and tok.norm not in _SKIP_WORDS:
                return j
            if tok.kind == "sep" and tok.norm in _HARD_SEPARATORS:
                return None
            j += 1
        return None

    def _natural_break(self, end: int, lst: _List | None) -> bool:
        """A "," in a list or after a province, or a separator followed by a word that starts agency
        names ("các" only before a noun that names bodies: "các khu công nghiệp" is a place)."""
        if end < len(self.toks) and self.toks[end].norm == ":":  # a soft colon: "Các trường: Đại học"
            nxt = self._next_word(end + 1)
            return nxt is None or self._match(nxt, lst) is not None
        if end >= len(self.toks) or (self.toks[end].kind == "sep" and self.toks[end].norm != ","):
            return True
        if lst is not None and self.toks[end].norm == ",":
            return True
        if self._provinces_and_cities(end):
            return False  # "Sở Y tế các tỉnh, thành phố trực thuộc trung ương": one set of places
        if self.toks[end].norm == "," and end > 0 and self.toks[end - 1].norm == "tinh":
            return True  # a name ends with its province: "Viễn thông Lâm Đồng, VNPT"
        nxt = self._next_word(end)
        if nxt is not None and self._lower_head(nxt):
            return False  # "Cục Hộ tịch, quốc tịch, chứng thực": a lower-case word goes on with the name
        return nxt is None or self._starts_name(nxt) or self._phrase_at(nxt, _STRONG_PREDICATES) is not None

    def _provinces_and_cities(self, end: int) -> bool:
        """The "," of "các tỉnh, thành phố": the plural of the provinces and cities, never a break."""
        words = [tok.norm for tok in self.toks[max(0, end - 2) : end + 3]]
        return end >= 2 and words == ["cac", "tinh", ",", "thanh", "pho"]

    def _lower_head(self, j: int) -> bool:
        """A head word written in lower case that starts no known name ("quốc tịch", "công nghệ"): after a
        comma, a dash or "và" it continues the name before it; a new agency name is capitalised ("Sở",
        "Cục", "Quốc hội"; "các" and "những" open collectives and keep their own rule)."""
        tok = self.toks[j]
        written = self.text[tok.start : tok.end]
        if tok.norm in {"cac", "nhung"} or not written[:1].islower():
            return False
        return self._match(j, None) is None


# How the extra head words are spelled (the curated names give the others).
_HEAD_SPELLINGS = {
    "so": "sở", "ban": "ban", "bo": "bộ", "trung": "trung", "dai": "đài", "bao": "báo bảo",
    "cong": "công cổng", "van": "văn", "thanh": "thành thanh", "chi": "chi", "cuc": "cục", "phong": "phòng",
    "hoi": "hội", "uy": "ủy uỷ", "to": "tổ tòa toà", "vien": "viện", "truong": "trường", "benh": "bệnh",
    "kho": "kho",
    "ngan": "ngân", "doan": "đoàn", "lien": "liên", "mat": "mặt", "cac": "các", "nhung": "những",
    "tinh": "tỉnh", "huyen": "huyện", "cap": "cấp", "co": "cơ", "don": "đơn", "quoc": "quốc", "thu": "thủ",
    "chinh": "chính",
}  # fmt: skip


@lru_cache(maxsize=1)
def _head_spellings() -> dict[str, frozenset[str]]:
    """Folded head word -> its written forms (lower case), from the curated names and aliases."""
    data = json.loads(DATA_PATH.read_text(encoding="utf-8"))
    forms: dict[str, set[str]] = {key: set(value.split()) for key, value in _HEAD_SPELLINGS.items()}
    for raw in data["agencies"]:
        for name in (raw["name"], *raw.get("aliases", [])):
            words = name.split()
            if words:
                word = unicodedata.normalize("NFC", words[0]).lower()
                forms.setdefault(fold(word), set()).add(word)
    return {key: frozenset(value) for key, value in forms.items()}


# First words of names that may follow another name with no separator between ("Sở Tài chính Sở Xây dựng").
_NAME_STARTS = frozenset(
    {"so", "bo", "ubnd", "hdnd", "cuc", "vu", "cong", "van", "dai", "bao", "ban", "trung"}
)


# Head words that start a name only with their second word: "cơ quan" (not "cơ sở dữ liệu"), "trung tâm"
# (not "trung cấp"), "quản lý" (not "Quản trị công"), "chính phủ" (not "Chính sách"), "công an", "công ty",
# "công đoàn", "cổng thông tin" (not "Công nghệ" in "Cục Khoa học, Công nghệ và Thông tin").
_HEADS_WITH_NEXT = {
    "co": "quan", "trung": "tam", "quan": "ly", "chinh": "phu", "cong": "an ty doan thong ttdt",
}  # fmt: skip


def _drop_doubled_words(toks: list[_Tok]) -> list[_Tok]:
    """A word typed twice in a row reads once ("Sở Sở Công thương"); the written text keeps both."""
    out: list[_Tok] = []
    for tok in toks:
        if out and tok.kind == "word" and out[-1].kind == "word" and out[-1].norm == tok.norm:
            out[-1] = out[-1]._replace(end=tok.end)
            continue
        out.append(tok)
    return out


def _with_inclusions(segments: list[_Segment], province: str | None) -> list[_Segment]:
    """A parenthetical "(bao gồm cả X)" after a name adds X with the same role."""
    out: list[_Segment] = []
    for seg in segments:
        out.append(seg)
        for inner in _INCLUDING.findall(seg.as_written):
            extra = _Splitter(collapse_spaces(inner), province).run().segments
            out.extend(e._replace(role=seg.role, clause=seg.clause) for e in extra)
    return out


# A scope qualifier closed by its usual words ("trong phạm vi chức năng, nhiệm vụ của mình", "theo phạm vi
# được giao"): it says how, not who; matched on folded text.
_SCOPE_CLAUSE = re.compile(
    r"\s*,?\s*\b(?:trong|theo) pham vi\b[^;]*?\b(?:cua minh|duoc giao|phu trach|quan ly)\b"
)


def drop_scope(text: str) -> str:
    """ "Sở Nội vụ, các sở trong phạm vi chức năng, nhiệm vụ của mình và ..." -> without the scope
    qualifier."""
    folded = fold_same_length(text)
    out, last = [], 0
    for match in _SCOPE_CLAUSE.finditer(folded):
        out.append(text[last : match.start()])
        last = match.end()
    out.append(text[last:])
    return collapse_spaces("".join(out))


def _prepare(cell: str) -> str:
    """The cell as one line, without a scope qualifier, a heading's "Trách nhiệm của" and its closing
    colon."""
    text = drop_scope(collapse_spaces(clean_cell(cell)))
    text = _HEADING_PREFIX.sub("", text)
    return text.rstrip(" :")


@lru_cache(maxsize=65536)
def _split_cached(cell: str, province: str | None) -> _Split:
    text = _prepare(cell)
    split = _Splitter(text, province).run()
    if not split.segments and "(" in text:  # a cell that is all parenthetical: read what is inside
        split = _Splitter(collapse_spaces(re.sub(r"[()]", " ", text)), province).run()
    return split


def split_agencies(cell: str, province: str | None = None) -> list[str]:
    """The agency names of a cell, as written but cleaned; an elliptical list is expanded
    ("Các Sở: Tư pháp, Tài chính" -> "Sở Tư pháp", "Sở Tài chính")."""
    return [seg.text for seg in _split_cached(cell, province).segments]


@dataclass(frozen=True)
class Roles:
    """What a lead cell says about roles: "X chủ trì, phối hợp với Y; Z thực hiện ..." gives leads [X],
    partners [Y] and implementers [Z] (agencies with their own duty in a cell that names a chủ trì)."""

    leads: list[AgencyRef]
    partners: list[AgencyRef]
    implementers: list[AgencyRef]
    findings: list[Finding]

    @property
    def agencies(self) -> list[AgencyRef]:
        """Every agency of the cell, in order of roles then appearance, without repeats."""
        seen: set[str] = set()
        out = []
        for ref in (*self.leads, *self.implementers, *self.partners):
            if ref.key not in seen:
                seen.add(ref.key)
                out.append(ref)
        return out


@lru_cache(maxsize=65536)
def _roles_cached(cell: str, province: str | None) -> Roles:
    split = _split_cached(cell, province)
    by_role: dict[str, list[AgencyRef]] = {"lead": [], "partner": [], "implementer": []}
    findings: list[Finding] = []
    seen: set[str] = set()
    marked = any(_paren_role(seg) == "lead" for seg in split.segments)
    for seg in split.segments:
        ref, found = resolve_agency(seg.text, province)
        if ref.match == "unknown" and _starts_with_predicate(seg.text):
            message = f"{seg.as_written!r} starts with a verb: a duty, not an agency; it was not read as one"
            findings.append(Finding("other", message, 0, subject=seg.as_written))
            continue
        if ref.key in seen:
            continue
        seen.add(ref.key)
        by_role[_role_of(seg, split, marked)].append(replace(ref, as_written=seg.as_written))
        findings.extend(found)
    if split.sentence:
        read = ", ".join(
            r.as_written for r in (*by_role["lead"], *by_role["implementer"], *by_role["partner"])
        )
        written = collapse_spaces(clean_cell(cell))
        message = f"agency cell holds a sentence, not a list of names: {written!r}; agencies read: {read}"
        findings.append(Finding("other", message, 0, subject=written))
    return Roles(by_role["lead"], by_role["partner"], by_role["implementer"], findings)


def _paren_role(seg: _Segment) -> str | None:
    """The role a parenthesis after the name gives: "Sở Tư pháp (chủ trì)" -> "lead"."""
    for inner in re.findall(r"\(([^()]*)\)", seg.as_written):
        words = fold(inner).strip(" .,")
        if words == "chu tri":
            return "lead"
        if words in {"phoi hop", "cung phoi hop"}:
            return "partner"
    return None


def _starts_with_predicate(text: str) -> bool:
    """True when a name as split starts with a role or duty verb ("Triển khai ...", "Phối hợp ...")."""
    words = tuple(t.norm for t in _raw_tokens(text) if t.kind == "word")
    return any(words[: len(phrase)] == phrase for phrase in _PREDICATES)


def _role_of(seg: _Segment, split: _Split, marked: bool) -> str:
    """Partners come from "phối hợp"; when some clause names a chủ trì, the subjects of other clauses
    with their own predicate are implementers; every other subject leads. When a name is marked
    "(chủ trì)", the unmarked names of the cell are partners."""
    paren = _paren_role(seg)
    if paren is not None:
        return paren
    if seg.role == "partner" or marked:
        return "partner"
    if split.lead_clauses and seg.clause not in split.lead_clauses and seg.clause in split.predicate_clauses:
        return "implementer"
    return "lead"


def parse_roles(cell: str, province: str | None, line: int = 0) -> Roles:
    """Split a lead cell by role ("X chủ trì, phối hợp với Y"); findings get ``line``."""
    roles = _roles_cached(cell, province)
    return replace(roles, findings=[replace(f, line=line) for f in roles.findings])


def parse_agency_cell(
    cell: str, province: str | None, line: int = 0
) -> tuple[list[AgencyRef], list[Finding]]:
    """Split a cell into every agency it names, resolve each and drop repeats; findings get ``line``.
    Use ``parse_roles`` to tell the lead from partners named in the same cell."""
    roles = _roles_cached(cell, province)
    return roles.agencies, [replace(f, line=line) for f in roles.findings]
