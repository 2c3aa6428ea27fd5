"""Stable, readable IRIs that cannot collide.

A document's IRI carries its issuer (with jurisdiction), type, year and number, because
numbers are reused: two 14/CT-TTg exist (2019, 2021) and every province has its 262/KH-UBND.
A task sits under its document with its section path; a body under its jurisdiction."""

from __future__ import annotations

import re
from functools import lru_cache

from rdflib import URIRef

from .lexicon import PROVINCES
from .text import fold, path_slug, slug

BASE = "https://w3id.org/policykg/"
ID = BASE + "id/"
GRAPH = BASE + "graph/"

_PROVINCE_FOLDS = {fold(p): p for p in PROVINCES}
# Bodies of the central state and Party, whatever letter names them.
_CENTRAL = re.compile(
    r"^(?:Thủ tướng|Chính phủ|Bộ Chính trị|Ban Bí thư|Ban Chấp hành Trung ương|Trung ương|Quốc hội"
    r"|Văn phòng Chính phủ|Văn phòng Trung ương|Bộ (?!Chỉ huy)|Ủy ban Thường vụ Quốc hội|Hội Khuyến học Việt Nam"
    r"|Ủy ban Trung ương)"
)
_JURISDICTION_TAIL = re.compile(r"\s+(?:tỉnh|thành phố)\s+(?P<prov>.+)$")
_DISTRICT_TAIL = re.compile(r"\s+(?:huyện|quận|thị xã|thành phố)\s+(?P<dist>.+)$")


def expand_abbreviations(name: str) -> str:
    name = re.sub(r"^UBND\b", "Ủy ban nhân dân", name)
    name = re.sub(r"\bUBND\b", "Ủy ban nhân dân", name)
    name = re.sub(r"^HĐND\b", "Hội đồng nhân dân", name)
    return name


def is_central(name: str) -> bool:
    return bool(_CENTRAL.match(expand_abbreviations(name)))


@lru_cache(maxsize=4096)
def province_in(name: str) -> str | None:
    """The province a name places itself in: 'Ủy ban nhân dân tỉnh Đắk Nông' -> 'Đắk Nông',
    'Đài Phát thanh và Truyền hình Đắk Nông' -> 'Đắk Nông'."""
    key = fold(name)
    for pf, p in _PROVINCE_FOLDS.items():
        if key.endswith(" " + pf) or key == pf:
            return p
    return None


def kind_name(name: str) -> str:
    """The kind of a body: its name without the place it serves.
    'Ủy ban nhân dân tỉnh Đắk Nông' -> 'Ủy ban nhân dân'; 'Báo Đắk Nông' -> 'Báo';
    'UBND các huyện, thành phố' -> 'Ủy ban nhân dân các huyện, thành phố'."""
    name = expand_abbreviations(name)
    prov = province_in(name)
    if prov:
        stripped = name[: len(name) - len(prov)].rstrip()
        stripped = re.sub(r"\s+(?:tỉnh|thành phố)$", "", stripped)
        return stripped or name
    return name


def place_slug(province: str | None, district: str | None = None) -> str:
    parts = [slug(province) if province else "vn"]
    if district:
        parts.append(slug(district))
    return "/".join(parts)


def body_iri(name: str, province: str | None, district: str | None = None) -> URIRef:
    """A body named in a letter of `province` (and `district`), unless the name says where."""
    full = expand_abbreviations(name)
    if is_central(full):
        return URIRef(f"{ID}body/vn/{slug(full)}")
    own = province_in(full)
    if own:
        # a name that says its province is that province's body, not the citing district's
        province, district = own, None
    dist = _DISTRICT_TAIL.search(full)
    if dist and not own and province:
        return URIRef(f"{ID}body/{place_slug(province, dist.group('dist'))}/{slug(full[: dist.start()])}")
    return URIRef(f"{ID}body/{place_slug(province, district)}/{slug(kind_name(full))}")


def doc_iri(issuer: URIRef, doc_type_slug: str, year: str | int | None, number: str) -> URIRef:
    rest = str(issuer).removeprefix(f"{ID}body/")
    return URIRef(f"{ID}doc/{rest}/{doc_type_slug}/{year or 'undated'}/{slug(number)}")


def task_iri(doc: URIRef, path: str) -> URIRef:
    return URIRef(f"{doc}/task/{path_slug(path)}")


# a few dozen concepts and a few thousand names, asked for on every task: made once each
@lru_cache(maxsize=4096)
def concept(scheme: str, key: str) -> URIRef:
    return URIRef(f"{ID}{scheme}/{key}")


def source_iri(filename: str) -> URIRef:
    return URIRef(f"{ID}source/{slug(filename)}")


def graph_iri(name: str) -> URIRef:
    return URIRef(f"{GRAPH}{name}")


def person_iri(name: str, where: str) -> URIRef:
    return URIRef(f"{ID}person/{where}/{slug(name)}")
