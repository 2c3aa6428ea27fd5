"""Canonical document identifiers and dates.

An id as written carries OCR and typing noise (`**3597**/UBND-KGVX`, `851 /UBND-KGVX`,
`66/2026NĐ-CP`, `QD-TTg`); the canonical form is what the graph keys documents by, together
with issuer and year, since numbers are reused."""

from __future__ import annotations

import datetime as _dt
import re

from .lexicon import DOC_TYPES, ISSUER_ABBREVIATIONS, MORE_ISSUER_ABBREVIATIONS, PARTY_TYPES
from .text import nfc

# Abbreviations that OCR or typists write with D for Đ.
# Only where the D-spelling is not itself a real abbreviation (HD is Hướng dẫn, HĐ Hợp đồng).
_ISSUERS = set(ISSUER_ABBREVIATIONS) | set(MORE_ISSUER_ABBREVIATIONS)
_TYPES = set(DOC_TYPES) | set(PARTY_TYPES)
_KNOWN = _TYPES | _ISSUERS
_D_FOR_DD = {
    k.replace("Đ", "D"): k for k in _KNOWN if "Đ" in k and k.replace("Đ", "D") not in _KNOWN
}
_D_FOR_DD.update({"BGDDT": "BGDĐT", "KGVX": "KGVX"})
# an id written in capitals ("63/QĐ-TTG" in an upper-case title) keeps the abbreviations' case
_CASED = {k.upper(): k for k in _KNOWN if k.upper() != k and sum(1 for j in _KNOWN if j.upper() == k.upper()) == 1}

_NOISE = re.compile(r"[*_`\s]+")
# number, optional normative year, then the symbol
_SHAPE = re.compile(r"^(?P<num>\d{1,6}[a-z]?)(?P<sep>[-/]?)(?:(?P<year>(?:19|20)\d{2})/?)?(?P<sym>[^\s].*)?$")


def canonical_id(raw: str) -> str:
    """Normalise a written document number to its canonical id.

    Never raises: text that is no id comes back stripped of noise, so callers can
    decide with `looks_like_id`."""
    # NFC again after removing noise: dropping a space can bring combining marks together
    text = nfc(_NOISE.sub("", nfc(raw))).strip(".,;:")
    text = text.replace("–", "-").replace("—", "-")
    m = _SHAPE.match(text)
    if not m or not m.group("sym"):
        return text
    num, sep, year, sym = m.group("num"), m.group("sep"), m.group("year"), m.group("sym")
    if not sep and not year and re.match(r"[A-ZĐ][A-Za-zĐđ]*/", sym):
        # a Party id whose hyphen was lost ("84 QĐ/TWĐTN")
        sep = "-"
    sym = sym.lstrip("/-")
    parts = re.split(r"([-/])", sym)
    parts = [_D_FOR_DD.get(p, _CASED.get(p, p)) for p in parts]
    if sep == "-" and not year:
        # Party form number-TYPE/ISSUER: a word cut into the issuer ("70-TB/TWng")
        parts = [_restore_party_issuer(p) if i == len(parts) - 1 and i > 0 else p for i, p in enumerate(parts)]
    else:
        parts = _restore_hyphen(parts)
    sym = "".join(parts)
    if year:
        return f"{num}/{year}/{sym}"
    if sep == "-":
        return f"{num}-{sym}"
    return f"{num}/{sym}"


def _restore_hyphen(parts: list[str]) -> list[str]:
    """'QĐUBND' -> 'QĐ', '-', 'UBND' when it splits one way only into a known type and a
    known issuer; anything else stays as written (restored() tells the caller)."""
    if not parts or parts[0] in _KNOWN:
        return parts
    head = parts[0]
    splits = []
    for i in range(1, len(head)):
        t, iss = head[:i], head[i:]
        t = _D_FOR_DD.get(t, t)
        iss = _D_FOR_DD.get(iss, iss)
        if t in DOC_TYPES and (iss in _ISSUERS or re.fullmatch(r"QH\d+", iss)):
            splits.append((t, iss))
    if len(splits) == 1:
        t, iss = splits[0]
        return [t, "-", iss] + parts[1:]
    return parts


def _restore_party_issuer(word: str) -> str:
    """'TWng' -> 'TW': lower-case letters glued after a known Party issuer."""
    if word in _ISSUERS:
        return word
    m = re.fullmatch(r"(?P<abbr>[A-ZĐƯ][A-ZĐƯa-z]*?)(?P<tail>[a-zđ]+)", word)
    if m and m.group("abbr") in _ISSUERS:
        return m.group("abbr")
    return word


def id_problem(doc_id: str) -> str | None:
    """Why an id (canonical) is doubtful, for a warning; None when every abbreviation in it
    is known or it has the plain shape of an id."""
    if not looks_like_id(doc_id):
        return f"'{doc_id}' is not a well-formed document number"
    abbr = type_abbreviation(doc_id)
    if re.match(r"^\d+-", doc_id) and abbr not in _TYPES:
        return f"unknown type abbreviation '{abbr}' in '{doc_id}'"
    return None


_ID_OK = re.compile(
    r"^\d{1,6}[a-z]?(?:-[A-ZĐ][A-Za-zĐđ]*/[A-ZĐƯ][A-Za-zĐđƯ0-9&]*(?:-[A-ZĐ][A-Za-zĐđ0-9&]*)*"
    r"|/(?:(?:19|20)\d{2}/)?[A-ZĐ][A-Za-zĐđ0-9&]*(?:[-./][A-ZĐ][A-Za-zĐđ0-9&]*)*"
    r"|-[A-ZĐ][A-Za-zĐđ]*)$"  # an old number-issuer id ('64-HĐBT')
)


def looks_like_id(text: str) -> bool:
    return bool(_ID_OK.match(text))


def type_abbreviation(doc_id: str) -> str | None:
    """'14/CT-TTg' -> 'CT', '11-CT/TW' -> 'CT', '30/2020/NĐ-CP' -> 'NĐ', '3597/UBND-KGVX' -> None."""
    m = re.match(r"^\d+-([^/]+)/", doc_id)
    if m:
        return m.group(1)
    sym = doc_id.split("/")[-1]
    head = sym.split("-")[0]
    if head in DOC_TYPES:
        return head
    if re.fullmatch(r"QH\d+", head):
        return "L"
    return None


def issuer_abbreviation(doc_id: str) -> str | None:
    """'14/CT-TTg' -> 'TTg', '11-CT/TW' -> 'TW', '3597/UBND-KGVX' -> 'UBND'."""
    m = re.match(r"^\d+-[^/]+/(.+)$", doc_id)
    if m:
        return m.group(1)
    sym = doc_id.split("/")[-1]
    pieces = sym.split("-")
    if pieces[0] in DOC_TYPES and len(pieces) > 1:
        return pieces[1]
    return pieces[0]


def doc_type_name(doc_id: str) -> str:
    """Full type name from an id; a number without a type abbreviation is a Công văn."""
    abbr = type_abbreviation(doc_id)
    if abbr is None:
        return "Công văn"
    known = DOC_TYPES.get(abbr) or PARTY_TYPES.get(abbr)
    # an abbreviation the lexicon does not know: the number still names a document
    return known[0] if known else "Văn bản"


def iso_date(day: str | int, month: str | int, year: str | int) -> str | None:
    """ISO date, or None when the parts name no real day (OCR gives 31/2)."""
    try:
        return _dt.date(int(year), int(month), int(day)).isoformat()
    except (ValueError, TypeError, OverflowError):
        return None


def month_day(day: str | int, month: str | int) -> str | None:
    """Recurring date as xsd:gMonthDay: '--06-15'."""
    try:
        _dt.date(2000, int(month), int(day))  # a leap year admits 29/2
    except (ValueError, TypeError, OverflowError):
        return None
    return f"--{int(month):02d}-{int(day):02d}"


_DATE_FORMS = re.compile(
    r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})"
)


def parse_date(text: str) -> str | None:
    """First date in `text` ('25/5/2021', '08 tháng 4 năm 2020') as ISO, else None."""
    m = _DATE_FORMS.search(nfc(text))
    if not m:
        return None
    if m.group("d"):
        return iso_date(m.group("d"), m.group("m"), m.group("y"))
    return iso_date(m.group("d2"), m.group("m2"), m.group("y2"))
