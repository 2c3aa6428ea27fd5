"""Header and signature values: the written case of issuing bodies and posts, one tone
placement, and the document number read off its line.

Vietnamese writes the tone of `oa`, `oe`, `uy` either on the first vowel (old: `Hoà`, `Uỷ`,
`Thuỷ`) or on the second (new: `Hòa`, `Ủy`, `Thủy`); the same body appears both ways in real
headers, so values are given in the new placement (docs/record.md)."""

from __future__ import annotations

import re

from ..ids import canonical_id
from ..lexicon import DOC_TYPES, ISSUER_NAMES, PARTY_TYPES, POSTS
from ..text import fold, is_upper_text, nfc, squash
from .bodies import normal_case
from .citations import ID_PATTERN

# old placement -> new: the tone moves to the second vowel when the syllable ends there
_OLD_TONE = re.compile(
    r"(?<![qQ])(?P<v>[oO][àáảãạÀÁẢÃẠ]|[oO][èéẻẽẹÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?![^\W\d_])"
)
_MOVE = {}
for _base, _marked in (("a", "àáảãạ"), ("e", "èéẻẽẹ"), ("y", "ỳýỷỹỵ")):
    for _i, _m in enumerate(_marked):
        _MOVE[_m] = (_base, _i)
        _MOVE[_m.upper()] = (_base.upper(), _i)
_FIRST = {"o": "òóỏõọ", "O": "ÒÓỎÕỌ", "u": "ùúủũụ", "U": "ÙÚỦŨỤ"}


def modern_tones(text: str) -> str:
    """'Uỷ ban', 'Hoà Bình', 'Thuỷ' -> 'Ủy ban', 'Hòa Bình', 'Thủy' (a syllable with a final
    consonant, 'hoàn', already has one spelling)."""

    def move(m: re.Match[str]) -> str:
        first, second = m.group("v")[0], m.group("v")[1]
        base, tone = _MOVE[second]
        return _FIRST[first][tone] + base

    return _OLD_TONE.sub(move, nfc(text))


# --- issuing bodies ---------------------------------------------------------------------------

_NAMES = {fold(n): n for n in ISSUER_NAMES}
# heads bodies.normal_case spells itself
_SHARED_HEADS = ("uy ban nhan dan", "ubnd", "hoi dong nhan dan", "hdnd", "tinh uy", "huyen uy", "thanh uy")
_HEADS = (
    ("ban chi dao", "Ban Chỉ đạo"), ("ban tuyen giao", "Ban Tuyên giáo"), ("ban to chuc", "Ban Tổ chức"),
    ("ban dan van", "Ban Dân vận"), ("ban thuong vu", "Ban Thường vụ"), ("ban chap hanh", "Ban Chấp hành"),
    ("ban bi thu", "Ban Bí thư"), ("ban quan ly", "Ban Quản lý"), ("hoi khuyen hoc", "Hội Khuyến học"),
    ("hoi lien hiep phu nu", "Hội Liên hiệp Phụ nữ"), ("hoi nong dan", "Hội Nông dân"),
    ("hoi cuu chien binh", "Hội Cựu chiến binh"), ("van phong", "Văn phòng"), ("trung tam", "Trung tâm"),
    ("dang uy", "Đảng ủy"), ("dang bo", "Đảng bộ"), ("chi cuc", "Chi cục"), ("cuc", "Cục"), ("vu", "Vụ"),
    ("tinh doan", "Tỉnh đoàn"), ("thanh doan", "Thành đoàn"), ("huyen doan", "Huyện đoàn"),
    ("phong", "Phòng"), ("ban", "Ban"), ("hoi", "Hội"), ("so", "Sở"), ("bo", "Bộ"),
)
# the last place in the name (greedy head): 'xây dựng xã hội học tập tỉnh Yên Bái' ends in 'tỉnh Yên Bái'
_PLACE_TAIL = re.compile(
    r"^.*\s(?P<tail>(?:tỉnh|thành phố|huyện|quận|thị xã|xã(?!\s+hội)|phường|thị trấn)(?:\s\S+){1,4}"
    r"|trung ương(?:\s+đảng)?|việt nam)$"
)
_BARE_UNIT = re.compile(r"\s(Tỉnh|Huyện|Thành phố|Thị xã|Xã|Phường|Quận)$")
_UNIT_CAPS = {"trung ương": "Trung ương", "trung ương đảng": "Trung ương Đảng", "việt nam": "Việt Nam"}


def org_case(caps: str) -> str:
    """The written case of a body named in capitals: 'BAN CHẤP HÀNH TRUNG ƯƠNG' -> 'Ban Chấp
    hành Trung ương', 'HỘI KHUYẾN HỌC TỈNH BẮC KẠN' -> 'Hội Khuyến học tỉnh Bắc Kạn',
    'BAN CHỈ ĐẠO XÂY DỰNG XÃ HỘI HỌC TẬP TỈNH X' -> 'Ban Chỉ đạo xây dựng xã hội học tập tỉnh X'."""
    caps = modern_tones(squash(caps))
    if not is_upper_text(caps):
        return caps
    # 'GIÁO DỤC-ĐÀO TẠO', 'GIÁO DỤC& ĐÀO TẠO', 'GD&ĐT'; 'TX.' and 'TP.' before a place
    caps = re.sub(r"GIÁO DỤC\s*[-&–]\s*ĐÀO TẠO|\bGD\s*&\s*ĐT\b", "GIÁO DỤC VÀ ĐÀO TẠO", caps)
    caps = re.sub(r"\bTX\.\s*", "THỊ XÃ ", re.sub(r"\bTP\.\s*", "THÀNH PHỐ ", caps))
    key = fold(caps)
    if key in _NAMES:
        return _NAMES[key]
    for known_key, known in _NAMES.items():
        if key.startswith(known_key + " "):
            rest = caps.split(None, len(known_key.split()))[-1]
            return f"{known} {_unit(rest)}"
    plain = _BARE_UNIT.sub(lambda m: " " + m.group(1).lower(), normal_case(caps))
    if key.startswith(_SHARED_HEADS) or plain != caps[:1] + caps[1:].lower():
        return modern_tones(plain)  # the shared rules knew it (UBND, Sở X, a post, a place)
    for head_key, head in _HEADS:
        if key == head_key or key.startswith(head_key + " "):
            rest_caps = caps.split(None, len(head_key.split()))[-1] if key != head_key else ""
            # a one-word head ('Hội', 'Ban') is followed by the name proper, capitalised
            return squash(f"{head} {_rest_case(rest_caps, capital=' ' not in head)}")
    return modern_tones(plain)


def _rest_case(rest_caps: str, capital: bool = True) -> str:
    """After the head of a name: its first syllable capitalised ('Khuyến học'), a trailing
    place in its own case ('tỉnh Bắc Kạn', 'Trung ương')."""
    if not rest_caps:
        return ""
    low = rest_caps.lower()
    place = ""
    m = _PLACE_TAIL.search(" " + low)
    if m:
        cut = m.start("tail") - 1
        place = _unit(rest_caps[cut:])
        rest_caps = rest_caps[:cut].strip()
        low = rest_caps.lower()
    head = (low[:1].upper() if capital else low[:1]) + low[1:] if low else ""
    return squash(f"{head} {place}")


def _unit(caps: str) -> str:
    low = squash(caps).lower()
    if low in _UNIT_CAPS:
        return _UNIT_CAPS[low]
    return normal_case(caps.strip()) if is_upper_text(caps) else caps.strip()


_POST_FOLDS = sorted(((p.casefold(), p) for p in POSTS), key=lambda kv: len(kv[0]), reverse=True)
_EXTRA_POSTS = ("Chủ nhiệm", "Phó Chủ nhiệm", "Bí thư Thường trực", "Phó Bí thư Thường trực",
                "Chủ tịch Hội", "Phó Chủ tịch Thường trực", "Thường trực", "Ủy viên")


def post_case(caps: str) -> str:
    """A post in the signature, in its written case: 'PHÓ CHỦ TỊCH' -> 'Phó Chủ tịch',
    'BỘ TRƯỞNG, CHỦ NHIỆM' -> 'Bộ trưởng, Chủ nhiệm', 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH' ->
    'Chủ tịch Ủy ban nhân dân tỉnh'."""
    caps = modern_tones(squash(caps))
    if not is_upper_text(caps):
        return caps
    parts = [p.strip() for p in caps.split(",")]
    return ", ".join(_one_post(p) for p in parts if p)


def _one_post(caps: str) -> str:
    low = caps.casefold()
    for extra in sorted(_EXTRA_POSTS, key=len, reverse=True):
        if low == extra.casefold():
            return extra
    for key, post in _POST_FOLDS + [(e.casefold(), e) for e in _EXTRA_POSTS]:
        if low == key:
            return post
        if low.startswith(key + " "):
            rest = caps[len(key) + 1:]
            return f"{post} {org_case(rest)}"
    return org_case(caps)


# --- the document number --------------------------------------------------------------------

_TYPE_WORDS = sorted({v[0] for v in DOC_TYPES.values()} | {v[0] for v in PARTY_TYPES.values()}, key=len, reverse=True)
_TYPE_ALT = "|".join(re.escape(w) for w in _TYPE_WORDS)
NUMBER_LINE = re.compile(
    rf"^(?:(?P<type>{_TYPE_ALT})\s+(?:số|Số|SỐ)|Số|SỐ|số)\s*[:.]?\s*(?P<rest>.*)$", re.IGNORECASE
)
_ID = re.compile(ID_PATTERN)


def read_number(line: str) -> tuple[str | None, str | None, str | None]:
    """(canonical id, type word written before 'số', raw text) from a number line; the id is
    None when the line holds nothing like one."""
    m = NUMBER_LINE.match(squash(line))
    if not m:
        return None, None, None
    rest = m.group("rest").strip()
    typ = m.group("type")
    if typ:
        typ = next((w for w in _TYPE_WORDS if w.casefold() == typ.casefold()), typ)
    found = _ID.match(rest) or _ID.search(rest)
    if found:
        return canonical_id(found.group(0)), typ, rest
    head = re.split(r"\s{2,}", rest)[0] if rest else ""
    # "Số:     /KH-UBND" (a number never filled in) names no document
    return (canonical_id(head) if re.search(r"\d", head) else None), typ, rest


def is_name_caps(line: str) -> bool:
    """A person's name written in capitals ('NGUYỄN VĂN AN'): two to five syllables that
    are no post and no body."""
    words = squash(line).split()
    if not 2 <= len(words) <= 5 or not is_upper_text(line):
        return False
    if any(not w.isalpha() for w in words):
        return False
    # no name holds a linking word or a one-letter syllable (but the Ê Đê 'Y')
    if any(w in ("VÀ", "CỦA", "VỀ", "CHO", "TRÊN") or (len(w) == 1 and w != "Y") for w in words):
        return False
    key = fold(line)
    stop = ("chu tich", "truong", "bi thu", "giam doc", "thu tuong", "chanh", "uy vien", "chu nhiem",
            "thuong truc", "uy ban", "ban ", "hoi dong", "van phong", "bo ", "so ", "tinh", "huyen",
            "nhan dan", "kinh thu", "tran trong", "trung uong", "dang", "tong", "pho ", "cuc", "vien",
            "hieu", "nha ", "quyen", "phong", "doan", "hoi ")
    padded = f" {key} "
    return not any(f" {s}" in padded for s in stop)
