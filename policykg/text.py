"""Text normalisation shared by the parser, the graph and the queries."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE = re.compile(r"\s+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def squash(text: str) -> str:
    """One line, single spaces: how every extracted value is stored."""
    return _SPACE.sub(" ", text).strip()


def fold(text: str) -> str:
    """Case- and diacritic-insensitive key: 'Xóa Mù Chữ' and 'xoa mu chu' fold alike.

    `đ` has no combining decomposition, so it is mapped by hand after NFD strips the marks.
    """
    return _fold_name(text) if len(text) <= _NAME_LEN else _fold(text)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return squash(stripped.replace("đ", "d"))


# Names of bodies, places and kinds are folded again in every letter that names them (a tenth
# of a worker's time, profiled on 400 synthetic letters), so short texts are cached; long ones
# (task texts, the explorer's search strings) are each folded once and would only fill the cache.
_NAME_LEN = 120
_fold_name = lru_cache(maxsize=65536)(_fold)


@lru_cache(maxsize=65536)
def slug(text: str) -> str:
    """ASCII slug for IRIs: 'Sở Giáo dục và Đào tạo' -> 'so-giao-duc-va-dao-tao'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def path_slug(path: str) -> str:
    """Task paths in IRIs: keep the dots, spell 'đ' the Telex way ('1.đ' -> '1.dd')."""
    return re.sub(r"[^A-Za-z0-9.]+", "-", nfc(path).replace("đ", "dd").replace("Đ", "DD")).strip("-")


def sentence_case(text: str) -> str:
    """'PHÓ CHỦ TỊCH' -> 'Phó chủ tịch' (callers fix proper names with the lexicon)."""
    low = text.lower()
    return low[:1].upper() + low[1:]


def title_case(text: str) -> str:
    """'ĐẮK NÔNG' -> 'Đắk Nông', 'BÀ RỊA - VŨNG TÀU' -> 'Bà Rịa - Vũng Tàu'."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split())


def is_upper_text(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)
