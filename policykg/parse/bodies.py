"""Names of bodies: where a list of them ends, how it splits, and their normal case.

A list of bodies runs until the first lower-case task verb ("Sở Tài chính tham mưu ...",
"phối hợp với các Sở, ngành, UBND các huyện, thành phố tiếp tục ..."). Vietnamese capitalises
the first syllable of a body's proper name ("Sở Xây dựng", "Ban Chỉ đạo"), so a verb inside
a name is capitalised and does not end the list."""

from __future__ import annotations

import re
from functools import lru_cache

from ..lexicon import (
    ADMIN_UNITS,
    BODY_HEADS,
    COLLECTIVE_NOUNS,
    COLLECTIVE_SIGNERS,
    POSTS,
    PROVINCES,
    SECTOR_NAMES,
    TASK_VERBS,
)
from ..text import fold, is_upper_text, squash, title_case

_WORD = re.compile(r"\S+")


def _verb_pattern() -> re.Pattern[str]:
    verbs = sorted(TASK_VERBS, key=len, reverse=True)
    # scans glue syllables ('chủtrì', 'thựchiện'): the space inside a verb is optional
    alt = "|".join(re.escape(v).replace(r"\ ", r"\s*") for v in verbs)
    # a verb is a whole lower-case word sequence starting at a word boundary
    # after "các"/"những" the same words are nouns ("các tổ chức thành viên")
    # "tổ chức đảng", "tổ chức chính trị - xã hội" are bodies, not the verb "tổ chức"
    return re.compile(rf"(?<![\w\-])(?<!các )(?<!những )(?<!Các )"
                      rf"(?!tổ chức (?:đảng|chính trị|xã hội|thành viên|cơ sở đảng)\b)(?:{alt})(?![\w])")


_VERB = _verb_pattern()
# a list of names also ends where a new sentence starts that lost its full stop ('... trực thuộc
# Thực hiện Chỉ thị số ...'), and at 'là' ('Sở Công Thương là cơ quan chủ trì')
_CLAUSE_END = re.compile(r"[;:.!?(]|\s-\s(?=[a-zđ])|\s(?:để|nhằm|theo|trong|tại|về|là)\s"
                         r"|\s(?=(?:Thực hiện|Căn cứ|Để|Nhằm|Theo|Về|Trong|Trên cơ sở)\s)")


def split_before_verb(text: str) -> tuple[str, str]:
    """('Sở Tài chính', 'tham mưu cấp ...') from 'Sở Tài chính tham mưu cấp ...'.

    The names end at the first lower-case task verb or at the end of the clause."""
    cut = len(text)
    m = _VERB.search(text)
    if m:
        cut = m.start()
    c = _CLAUSE_END.search(text, 0, cut)
    if c:
        cut = c.start()
    return text[:cut].rstrip(" ,"), text[cut:].lstrip(" ,:;")


_HEADS = sorted(BODY_HEADS, key=len, reverse=True)


def starts_body(piece: str) -> bool:
    """Does this piece of a list open a new body ('Báo Đắk Nông', 'các tổ chức thành viên')?"""
    piece = piece.lstrip()
    for head in _HEADS:
        if piece.startswith(head) and (len(piece) == len(head) or not piece[len(head)].isalpha()):
            if head == "Các":
                return _collective(piece[4:])
            return True
    if piece.startswith("các "):
        return _collective(piece[4:])
    return False


def _collective(rest: str) -> bool:
    low = rest.lower()
    return any(low.startswith(n) and (len(low) == len(n) or not low[len(n)].isalpha()) for n in COLLECTIVE_NOUNS)


_SPLIT = re.compile(r",\s+|\s+và\s+|;\s*")


def split_bodies(text: str) -> list[str]:
    """'Sở A, Báo B và các tổ chức thành viên' -> three bodies. A comma or 'và' splits only
    where a new body starts, so 'các Sở, ngành' and 'UBND các huyện, thành phố' stay whole."""
    text = squash(text).strip(" ,;:.")
    if not text:
        return []
    items: list[str] = []
    current_start = 0
    for m in _SPLIT.finditer(text):
        nxt = text[m.end():]
        if _continues_collective(text[current_start:m.start()], nxt) and ";" not in m.group(0):
            continue
        if starts_body(nxt) or (";" in m.group(0)):
            items.append(text[current_start:m.start()])
            current_start = m.end()
    items.append(text[current_start:])
    return [i.strip(" ,;:.") for i in items if i.strip(" ,;:.")]


_COMMON_WORD = re.compile(r"[^\s,;]+")


def _continues_collective(current: str, nxt: str) -> bool:
    """'các Sở, Ban ngành tỉnh', 'Các sở, Ban, Ngành': a capitalised common noun after a
    collective continues it; 'các sở, Ban Dân tộc' names a body of its own (a capital after it)."""
    if not re.search(r"(?:^|\s)(?:các|Các)\s", current):
        return False
    words = _COMMON_WORD.findall(nxt[:40])
    if not words or words[0].casefold() not in _COLLECTIVE_WORDS:
        return False
    after = words[1] if len(words) > 1 else ""
    # stops at the piece's end (',') or a lower-case word
    return not after or after[:1].islower() or nxt[len(words[0]):].lstrip().startswith((",", ";"))


_COLLECTIVE_WORDS = frozenset({"ban", "ngành", "sở", "phòng", "đoàn thể", "đơn vị", "hội", "cơ quan"})


# Grouped recipients: "Các Sở: A, B, C" -> Sở A, Sở B, Sở C.
_GROUP = re.compile(r"^(?:các|Các)\s+(?P<head>[^\s:]+(?:\s+[^\s:]+)?)\s*:\s*(?P<rest>.+)$")
_SECTOR_FOLDS = {fold(n): n for n in SECTOR_NAMES}


def expand_group(item: str) -> list[str]:
    m = _GROUP.match(item)
    if not m:
        return [item]
    head = m.group("head")
    head = head[:1].upper() + head[1:]
    names = _split_names(m.group("rest"))
    return [f"{head} {n}" for n in names]


def _split_names(rest: str) -> list[str]:
    """Split 'Giáo dục và Đào tạo, Văn hóa, Thể thao và Du lịch' at commas, keeping a known
    name whole when it contains a comma."""
    pieces = [p.strip() for p in rest.split(",")]
    out: list[str] = []
    i = 0
    while i < len(pieces):
        taken = 1
        for j in range(len(pieces), i + 1, -1):
            if fold(", ".join(pieces[i:j])) in _SECTOR_FOLDS:
                taken = j - i
                break
        name = ", ".join(pieces[i:i + taken]).strip(" ;.")
        if name:
            out.append(name)
        i += taken
    return out


_ADMIN = sorted(ADMIN_UNITS, key=len, reverse=True)
# Keyed by casefold, not fold: THỨ TRƯỞNG and Thủ trưởng differ only in their marks.
_POSTS = {p.casefold(): p for p in POSTS}
_COLLECTIVE = {p.casefold(): p for p in COLLECTIVE_SIGNERS}
_PROVINCE_FOLDS = {fold(p): p for p in PROVINCES}


@lru_cache(maxsize=4096)
def normal_case(caps: str) -> str:
    """Recover the written case of a name given in capitals:
    'ỦY BAN NHÂN DÂN TỈNH ĐẮK NÔNG' -> 'Ủy ban nhân dân tỉnh Đắk Nông',
    'SỞ GIÁO DỤC VÀ ĐÀO TẠO' -> 'Sở Giáo dục và Đào tạo', 'PHÓ CHỦ TỊCH' -> 'Phó Chủ tịch'."""
    caps = squash(caps)
    if not is_upper_text(caps):
        return caps
    exact = caps.casefold()
    if exact in _POSTS:
        return _POSTS[exact]
    if exact in _COLLECTIVE:
        return _COLLECTIVE[exact]
    key = fold(caps)
    for prefix, written in (("uy ban nhan dan", "Ủy ban nhân dân"), ("ubnd", "Ủy ban nhân dân"),
                            ("hoi dong nhan dan", "Hội đồng nhân dân"), ("hdnd", "Hội đồng nhân dân"),
                            ("tinh uy", "Tỉnh ủy"), ("huyen uy", "Huyện ủy"), ("thanh uy", "Thành ủy")):
        if key == prefix:
            return written
        if key.startswith(prefix + " "):
            rest = caps.split(None, len(prefix.split()))[-1]
            return f"{written} {_place(rest)}"
    for head, written in (("so", "Sở"), ("bo", "Bộ"), ("phong", "Phòng")):
        if key.startswith(head + " "):
            rest_caps = caps.split(None, 1)[1]
            rest = fold(rest_caps)
            for sector_fold, sector in _SECTOR_FOLDS.items():
                if rest == sector_fold:
                    return f"{written} {sector}"
                if rest.startswith(sector_fold + " "):
                    tail = rest_caps.split(None, len(sector_fold.split()))[-1]
                    return f"{written} {sector} {_place(tail)}"
    return _place(caps) if _is_place(caps) else caps[:1] + caps[1:].lower()


def _is_place(caps: str) -> bool:
    key = fold(caps)
    return any(key.startswith(fold(u) + " ") for u in _ADMIN)


def _place(caps: str) -> str:
    """'TỈNH ĐẮK NÔNG' -> 'tỉnh Đắk Nông'; a bare 'ĐẮK NÔNG' -> 'Đắk Nông'."""
    if not is_upper_text(caps):
        return caps
    key = fold(caps)
    for unit in _ADMIN:
        uf = fold(unit)
        if key.startswith(uf + " "):
            rest = caps.split(None, len(unit.split()))[-1]
            return f"{unit} {title_case(rest)}"
    return title_case(caps)


def province_of(name: str) -> str | None:
    """'Ủy ban nhân dân tỉnh Đắk Nông' -> 'Đắk Nông'; 'thành phố Hà Nội' -> 'Hà Nội'."""
    m = re.search(r"(?:tỉnh|thành phố)\s+(.+)$", name)
    if m:
        candidate = m.group(1).strip()
        return _PROVINCE_FOLDS.get(fold(candidate), candidate)
    return None


def known_province(text: str) -> str | None:
    return _PROVINCE_FOLDS.get(fold(text))
