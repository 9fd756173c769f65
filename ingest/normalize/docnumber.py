"""Vietnamese document numbers: "61/2018/NĐ-CP", "39-NQ/TW", "71/QĐ-UBND-HC", "167/UBND-VXNV".

Three shapes are read:

* state form ``serial[/year]/TYPE-ISSUER[-SUFFIX]`` (76/NQ-CP, 61/2018/NĐ-CP, 71/QĐ-UBND-HC);
* Party form ``serial[/year]-TYPE/ISSUER`` (39-NQ/TW, 05-NQ/TU);
* untyped form ``serial[/year]/ISSUER[-SUFFIX]`` (official letters 167/UBND-VXNV, laws and
  resolutions of the National Assembly 1211/2016/UBTVQH13).

Party issuers (TW, TU, HU, ĐU) always give ``party_form=True`` when the number has a type, so
"05/NQ-TU" and "05-NQ/TU" are the same :class:`DocNumber`.

A *valid* DocNumber, for which ``parse_number(d.canonical()) == d`` holds, has: a serial of digits with
at most one lower-case letter (30c); a year in 1945..2100 or None; a type code in
:data:`NUMBER_TYPE_CODES` or None; an issuer of two or more characters in canonical form (upper case,
except "TTg") that, when the type is None, is not itself a type code; an upper-case suffix of letters,
digits, inner hyphens and "&" (CTTN&BĐG) or None; ``party_form`` True exactly when the type is set and
either the issuer is a Party issuer or the number was written in Party form.
"""

from __future__ import annotations

import re

from ingest.normalize.dates import normalize_with_offsets, original_span
from ingest.normalize.text import collapse_spaces, fold
from ingest.records import DocNumber, Finding

MIN_YEAR = 1945
MAX_YEAR = 2100

# Vietnamese type words -> type notation (the document-type scheme in ontology/schemes.ttl).
TYPE_WORDS: dict[str, str] = {
    "Nghị quyết": "NQ",
    "Nghị định": "NĐ",
    "Quyết định": "QĐ",
    "Chỉ thị": "CT",
    "Kế hoạch": "KH",
    "Thông báo": "TB",
    "Kết luận": "KL",
    "Tờ trình": "TTr",
    "Công văn": "CV",
    "Luật": "L",
    "Thông tư": "TT",
    "Thông tri": "TT",
}

# Type codes of the document-type scheme that appear inside numbers ("L" never does).
SCHEME_TYPE_CODES = ("NQ", "NĐ", "QĐ", "CT", "KH", "TB", "KL", "TTr", "CV")
# Other common type codes, read so that "01/2018/TT-BNV" is not taken for an official letter of "TT".
EXTRA_TYPE_CODES = ("TT", "TTLT", "BC", "HD", "CĐ", "ĐA", "CTr", "PA", "QC")
NUMBER_TYPE_CODES = SCHEME_TYPE_CODES + EXTRA_TYPE_CODES

# Upper-cased spelling as written -> type code; ND and QD are ASCII spellings of NĐ and QĐ.
_TYPE_KEYS: dict[str, str] = {code.upper(): code for code in NUMBER_TYPE_CODES} | {"ND": "NĐ", "QD": "QĐ"}

PARTY_ISSUERS = frozenset({"TW", "TU", "HU", "ĐU"})
_ISSUER_SPELLINGS = {"TTG": "TTg", "TƯ": "TW"}

_NATIONAL = frozenset(
    {"CP", "TTG", "TW", "BCT", "QH", "VPCP", "BCĐCCHC", "CTN", "TTCP", "KTNN", "TANDTC", "VKSNDTC", "BBT"}
)
# Codes starting with B that are provincial boards, not ministries.
_PROVINCIAL_B = frozenset({"BQL", "BCĐ", "BDT"})

_SP = r"[ \u00a0]{0,2}"
_TYPE_ALT = "|".join(re.escape(k) for k in sorted(_TYPE_KEYS, key=len, reverse=True))
_SERIAL = r"(?<![\w/.])(?P<{p}serial>\d{{1,6}}[a-zA-Z]?)"
_YEAR = r"(?P<{p}year>\d{{2,4}})"
_TYPE = rf"(?P<{{p}}type>(?i:{_TYPE_ALT}))"
_END = r"(?![\wĐđƯư])"


def _issuer(prefix: str, lenient: bool) -> str:
    if lenient:
        return rf"(?P<{prefix}issuer>[A-Za-zĐđƯư][A-Za-zĐđƯư0-9]*)"
    return rf"(?P<{prefix}issuer>TTg|[A-ZĐ][A-ZĐƯ0-9]*)"


def _suffix(prefix: str, lenient: bool) -> str:
    token = r"[A-Za-zĐđ0-9]+(?:&[A-Za-zĐđ0-9]+)*" if lenient else r"[A-ZĐ0-9]+(?:&[A-ZĐ0-9]+)*"
    return rf"(?:-(?P<{prefix}suffix>{token}(?:-{token})*))?"


def _shape(p: str, middle: str, issuer: str, lenient: bool) -> str:
    """One shape: the serial, ``middle`` (year and type with their separators), the issuer, a suffix."""
    return _SERIAL.format(p=p) + middle + issuer + _suffix(p, lenient) + _END


def _build(lenient: bool) -> re.Pattern[str]:
    """The three shapes as one alternation; group names are prefixed a_, b_, c_."""
    slash, dash = rf"{_SP}/{_SP}", rf"{_SP}-{_SP}"
    # 61/2018/NĐ-CP, 465/QĐ-UBND
    state_middle = rf"{slash}(?:{_YEAR.format(p='a_')}{slash})?" + _TYPE.format(p="a_") + dash
    state = _shape("a_", state_middle, _issuer("a_", lenient), lenient)
    # 05-NQ/TU, 39-NQ/TW
    party_middle = rf"(?:{slash}{_YEAR.format(p='b_')})?{dash}" + _TYPE.format(p="b_") + slash
    party = _shape("b_", party_middle, _issuer("b_", lenient), lenient)
    untyped_issuer = (
        r"(?P<c_issuer>[A-Za-zĐđƯư][A-Za-zĐđƯư0-9]+)" if lenient else r"(?P<c_issuer>TTg|[A-ZĐ][A-ZĐƯ0-9]+)"
    )
    untyped_middle = rf"{slash}(?:{_YEAR.format(p='c_')}{slash})?"
    untyped = _shape("c_", untyped_middle, untyped_issuer, lenient)
    return re.compile(f"(?:{state})|(?:{party})|(?:{untyped})")


_STRICT = _build(lenient=False)
_LENIENT = _build(lenient=True)
_PREFIX = re.compile(r"^(?:số|so)\s*:?\s*", re.IGNORECASE)


def canonical_type(code: str) -> str | None:
    """The type notation for a code as written ("Qđ" -> "QĐ", "ttr" -> "TTr"), or None if unknown."""
    return _TYPE_KEYS.get(code.strip().upper())


def canonical_issuer(issuer: str) -> str:
    """An issuer code in canonical form: upper case, except "TTg"; "TƯ" -> "TW"."""
    upper = issuer.strip().upper()
    return _ISSUER_SPELLINGS.get(upper, upper)


def _read_year(raw: str | None, written: str, line: int) -> tuple[int | None, list[Finding]]:
    """The year segment of a number; a 3-digit "2xx" is read as 20xx with a number-typo finding."""
    if raw is None:
        return None, []
    value = int(raw)
    if len(raw) == 4 and MIN_YEAR <= value <= MAX_YEAR:
        return value, []
    if len(raw) == 3 and raw.startswith("2"):
        fixed = int("20" + raw[1:])
        if MIN_YEAR <= fixed <= MAX_YEAR:
            message = f"year written {raw!r} in {written!r}, read as {fixed}"
            return fixed, [Finding("number-typo", message, line, subject=written)]
    message = f"{raw!r} in {written!r} is not a year; number kept without a year"
    return None, [Finding("number-typo", message, line, subject=written)]


def _from_match(match: re.Match[str], written: str, line: int) -> tuple[DocNumber | None, list[Finding]]:
    """Build the DocNumber for whichever shape matched."""
    shape = next(p for p in ("a_", "b_", "c_") if match.group(p + "serial") is not None)
    groups = {name[2:]: value for name, value in match.groupdict().items() if name.startswith(shape)}
    issuer = canonical_issuer(groups["issuer"])
    suffix = groups["suffix"].upper() if groups["suffix"] else None
    type_code = canonical_type(groups["type"]) if shape != "c_" else None
    if shape == "c_" and canonical_type(issuer) is not None:
        return None, []  # "5/QĐ" alone: a type without issuer, not a number
    year, findings = _read_year(groups["year"], written, line)
    party = type_code is not None and (shape == "b_" or issuer in PARTY_ISSUERS)
    number = DocNumber(
        serial=groups["serial"].lower(),
        year=year,
        type_code=type_code,
        issuer=issuer,
        issuer_suffix=suffix,
        party_form=party,
    )
    return number, findings


def parse_number_with_findings(text: str, line: int) -> tuple[DocNumber | None, list[Finding]]:
    """Parse one document number (a leading "số:" is allowed); findings report year typos."""
    cleaned, _offsets = normalize_with_offsets(text)
    cleaned = _PREFIX.sub("", collapse_spaces(cleaned)).strip(" .,;:()")
    match = _LENIENT.fullmatch(cleaned)
    if match is None:
        return None, []
    return _from_match(match, text.strip(), line)


def parse_number(text: str) -> DocNumber | None:
    """Parse one document number such as "61/2018/NĐ-CP", "05-NQ/TU" or "465 /QĐ-UBND"; None if not one."""
    number, _findings = parse_number_with_findings(text, 0)
    return number


def find_numbers_with_findings(
    text: str, line: int = 0
) -> tuple[list[tuple[int, int, DocNumber]], list[Finding]]:
    """Like :func:`find_numbers`, also returning number-typo findings."""
    if "/" not in text:  # every shape has a slash after the serial (and cleaning makes none)
        return [], []
    cleaned, offsets = normalize_with_offsets(text)
    found: list[tuple[int, int, DocNumber]] = []
    findings: list[Finding] = []
    for match in _STRICT.finditer(cleaned):
        start, end = original_span(offsets, match.start(), match.end())
        number, more = _from_match(match, text[start:end], line)
        if number is not None:
            found.append((start, end, number))
            findings.extend(more)
    return found, findings


def find_numbers(text: str) -> list[tuple[int, int, DocNumber]]:
    """Every document number in running text as (start, end, number); offsets index ``text``.

    Dates (17/4/2015), quarters (II/2021), "ISO 9001:2015" and year ranges are not numbers: a number
    needs an issuer code that starts with a capital letter.
    """
    found, _findings = find_numbers_with_findings(text)
    return found


def type_from_word(text: str) -> str | None:
    """The type notation for a type word ("Nghị quyết" -> "NQ"), ignoring diacritics and case.

    The word may be followed by more text ("Nghị định số 61/2018/NĐ-CP").
    """
    folded = fold(text)
    for word, code in sorted(TYPE_WORDS.items(), key=lambda item: len(item[0]), reverse=True):
        key = fold(word)
        if folded == key or (folded.startswith(key) and not folded[len(key)].isalnum()):
            return code
    return None


def is_national(issuer: str) -> bool:
    """True for central issuers (CP, TTg, TW, BCT, QH, UBTVQH13, BCĐCCHC, ministries BNV, BTP...).

    UBND, HĐND, TU, departments (SNV, STP...) and anything unknown are provincial.
    """
    cleaned, _offsets = normalize_with_offsets(issuer)
    code = cleaned.strip().split("-")[0].strip().upper()
    if code in _NATIONAL or code.startswith("UBTVQH") or re.fullmatch(r"QH\d*", code):
        return True
    return code.startswith("B") and len(code) >= 2 and code not in _PROVINCIAL_B
