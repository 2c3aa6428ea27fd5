"""References to an item of another document: "theo nhiệm vụ tại điểm a khoản 2 Công văn số
3597/UBND-KGVX", "nhiệm vụ được giao tại mục 7", "tại gạch đầu dòng thứ ba mục 1", "tại Mục II
Kế hoạch số 45/KH-UBND". Each gives the section path it names, in the form the outline gives
paths ("2.a", "7", "1.3", "II"), and the number of the document when the text names one (else
the item is one of the document the letter implements).

Written by hand: the phrasing is the administrative convention of Vietnamese letters (the order
is smallest unit first, "điểm a khoản 2 mục II"), which no library parses."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..ids import canonical_id
from ..text import nfc

_ORDINALS = {"nhất": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6,
             "bảy": 7, "tám": 8, "chín": 9, "mười": 10}
_ORD = "|".join(sorted(_ORDINALS, key=len, reverse=True))
_NUM = r"(?:\d+|[IVXLC]+)"

# the units a letter names, smallest first; each is optional but the last (khoản/mục/phần)
_REF = re.compile(
    r"(?P<lead>(?:nhiệm vụ|nội dung|yêu cầu)(?:\s+(?:được\s+)?giao)?\s+tại|theo|tại)\s+"
    rf"(?:(?:gạch đầu dòng|ý)\s+thứ\s+(?P<dash>{_ORD}|\d+)\s+)?"
    # a point is a letter ("điểm a") or, in plans numbered 1.1, 1.2, its own dotted number
    # ("điểm 2.3 khoản 2 mục III"), which holds the numbers of the units around it
    r"(?:điểm\s+(?P<point>[a-zđ]|\d+(?:\.\d+)+)\)?\s+)?"
    rf"(?:(?:khoản|mục|phần|tiết)\s+(?P<inner>{_NUM})\s+)?"
    rf"(?P<unit>khoản|mục|phần)\s+(?P<outer>{_NUM}(?:\.\d+)*)\b(?!\.?\d)(?!\s+(?:Điều|điều|Chương|chương))"
    r"(?:\s+(?:của\s+)?(?:Công văn|Kế hoạch|Chỉ thị|Quyết định|Nghị quyết|Thông báo|Hướng dẫn|văn bản)"
    r"(?:\s+số)?\s+(?P<number>[0-9][\w./Đđ-]*[\wĐđ]))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ItemRef:
    """An item of a document the text names: its section path, the document's number when
    given, and the words that name it (the evidence of a stated link)."""

    path: str
    number: str | None
    quote: str
    start: int = 0


def item_references(text: str) -> list[ItemRef]:
    """Every reference to an item of a document in `text`, in order."""
    text = nfc(text)
    out: list[ItemRef] = []
    for m in _REF.finditer(text):
        outer = m.group("outer")
        roman = re.fullmatch(r"[ivxlc]+", outer, re.I) is not None
        # "mục II" is a Roman part; the outline writes it as it stands, upper case
        parts = [outer.upper() if roman else outer]
        point = m.group("point")
        if point and "." in point:
            # the dotted point names the whole path below a Roman part: "điểm 2.3 khoản 2 mục III"
            # is III.2.3, "điểm 1.3 mục 1" is 1.3
            parts = ([outer.upper()] if roman else []) + point.split(".")
        else:
            if m.group("inner"):
                parts.append(m.group("inner"))
            if point:
                parts.append(point.lower())
        if m.group("dash"):
            d = m.group("dash").lower()
            parts.append(str(_ORDINALS.get(d, d)))
        number = m.group("number")
        out.append(ItemRef(".".join(parts), canonical_id(number.rstrip(".,;")) if number else None,
                           m.group(0), m.start()))
    return out
