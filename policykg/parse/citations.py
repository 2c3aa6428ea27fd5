"""Citations of other documents: `<type> số <id> ngày <date> của <issuer> về <title>`, with
any part but the id missing, and the chains stated inside them ("Kế hoạch số 262/KH-UBND ...
về thực hiện Quyết định số 489/QĐ-TTg ... ban hành Kế hoạch thực hiện Kết luận số 49-KL/TW
... về việc tiếp tục thực hiện Chỉ thị số 11-CT/TW")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..ids import canonical_id, doc_type_name, parse_date
from ..lexicon import DOC_TYPES, ISSUER_ABBREVIATIONS, MORE_ISSUER_ABBREVIATIONS, PARTY_TYPES, PROVINCES, SECTOR_NAMES
from ..text import squash

_TYPE_WORDS = sorted(
    {v[0] for v in DOC_TYPES.values()} | {v[0] for v in PARTY_TYPES.values()} | {"Công văn", "Văn bản"},
    key=len,
    reverse=True,
)
_TYPE_ALT = "|".join(re.escape(w) + "|" + re.escape(w[:1].lower() + w[1:]) for w in _TYPE_WORDS)
# An id as typed and scanned: spaces around its slashes and hyphens ("14 / CV- HKH"), a dot for
# the hyphen ("QĐ .UBND"), a Party id whose hyphen became a space ("84 QĐ/TWĐTN"). A spaced
# hyphen must be followed by two capitals, so "12/UBND-VX - Sở ..." does not swallow the next word.
_HYPHEN = r"(?:[-–](?:\s(?=[A-ZĐ]{2}))?|\s[-–]\s?(?=[A-ZĐ]{2})|\s?\.(?=[A-ZĐ]{2}))"
_ID_RX = (
    r"\d{1,6}(?:\s?-\s?|\s)[A-ZĐ][A-Za-zĐđ]*\s?/\s?[A-ZĐƯ][A-Za-zĐđƯ0-9&]*"
    rf"(?:{_HYPHEN}[A-ZĐ][A-Za-zĐđ0-9&]*|\s&[A-ZĐ]+)*"
    r"|\d{1,6}[a-z]?\s?/\s?(?:(?:19|20)\d{2}\s?/?\s?)?[A-ZĐ][A-Za-zĐđ0-9&]*"
    rf"(?:(?:{_HYPHEN}|/(?=[A-ZĐ]{{2}}))[A-ZĐ][A-Za-zĐđ0-9&]*|\s&[A-ZĐ]+)*"
)
ID_PATTERN = _ID_RX  # a written document number, noise and all (canonical_id cleans it)
# "số" may carry a colon ("Tờ trình số: 318/TTr-STC") or be glued to the word before it by a
# scan ("thẩm trasố 46/BC-HĐND")
CITATION = re.compile(
    rf"(?:(?P<type>{_TYPE_ALT})\s+(?:số\s*:?\s*)?|(?<![\w/])số\s*:?\s*|(?<=[a-zà-ỹ])số\s+(?=\d))(?P<id>{_ID_RX})"
)
# a further id listed after a citation's own ("số 318/TTr-STC ngày 12/10/2024, 322/TTr-STC ngày ...")
_LISTED = re.compile(rf"\s*(?:,|và|;)\s*(?P<id>{_ID_RX})(?![\w/])")
# every citation has a number, and most texts searched (a task, a heading) have none: looking for
# the number alone skips them at a digit's pace, where CITATION tries its forty type words at
# every character (a tenth of parsing a letter)
_ANY_ID = re.compile(_ID_RX)
_DATE_AFTER = re.compile(
    r"\s*,?\s*ngày\s+(?P<date>\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})"
)
_SECTOR_BODY = re.compile(
    r"(?:Bộ|Sở|Phòng|Ban)\s+(?:" + "|".join(re.escape(n) for n in sorted(SECTOR_NAMES, key=len, reverse=True)) + r")(?![\w])"
    r"(?:\s+(?:tỉnh|thành phố|huyện|quận|thị xã)(?:\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]*)+)?"
)
_SPLIT_TAIL = re.compile(r"\s([A-ZĐ]{1,3})(?![\w])")
_KNOWN_ISSUERS = set(ISSUER_ABBREVIATIONS) | set(MORE_ISSUER_ABBREVIATIONS)
_GLUED_NGAY = re.compile(r"(?<=[A-Z0-9])(?:n|ng|ngà)$")
_OF = re.compile(r"\s*,?\s*của\s+")
_ISSUER_END = re.compile(
    r"\s+(?:về|ban hành|phê duyệt|quy định|hướng dẫn|triển khai|thực hiện|trên địa bàn|đối với|tại|theo)\s"
    r"|[,;.:()“”\"]|\s+và\s|\s-\s|$"
)
# provinces whose name has a hyphen of its own ("Bà Rịa - Vũng Tàu"), which does not end an issuer
_HYPHENATED = tuple(tuple(p.split(" - ", 1)) for p in PROVINCES if " - " in p)


def _past_province_hyphen(text: str, e: "re.Match[str] | None", start: int) -> "re.Match[str] | None":
    if e is None or not text.startswith(" - ", e.start()):
        return e
    for head, tail in _HYPHENATED:
        if text.endswith(head, start, e.start()) and text.startswith(" - " + tail, e.start()):
            return _ISSUER_END.search(text, e.start() + 3 + len(tail), min(len(text), start + 120))
    return e


_ABOUT = re.compile(r"\s*,?\s*về\s+(?:việc\s+)?")
# a title ends with its clause: at ';', ':', a full stop, a linking word, a comma that opens a
# new clause with its subject (", Bộ Giáo dục và Đào tạo đề nghị ..."), or a sibling citation
_TITLE_END = re.compile(
    rf";|:|\.(?=\s|$)|,\s+(?=(?:đồng thời|nhằm|để|qua đó|từ đó)\s)"
    rf"|,\s+(?=(?:Ủy ban|UBND|Bộ|Sở|Chủ tịch|Thủ tướng|Hội đồng|Ban|Tỉnh ủy)\b)|\s+và\s+(?=(?:{_TYPE_ALT})\s)|,\s+(?=(?:{_TYPE_ALT})\s+số)"
)
_CHAIN = re.compile(
    r"^\s*,?\s*(?:về\s+)?(?:việc\s+)?(?:ban hành\s+(?:kế hoạch|chương trình|đề án)\s+)?"
    r"(?P<cont>tiếp tục\s+)?(?:triển khai\s+)?(?:thực hiện)\s*$"
)
_IMPLEMENTS_BEFORE = re.compile(
    r"(?:^|[\s,;.(])(?:nhằm\s+)?(?:triển khai\s+)?(?:thực hiện|triển khai)(?:\s+tốt)?\s*$"
)
_TERM = re.compile(r"\s+(?:khóa|khoá|Khóa|Khoá)\s+[IVXLC\d]+$")
_WINDOW = 700


@dataclass
class Citation:
    id: str
    doc_type: str
    date: str | None
    issuer: str | None
    title: str | None
    start: int  # offsets in the text searched
    end: int  # end of the whole citation clause (title included)
    id_end: int
    issuer_end: int
    written_issuer: str | None = None
    extras: dict[str, str] = field(default_factory=dict)


@dataclass
class IssuerContext:
    """What an unnamed 'UBND tỉnh' refers to: the letter's own province or district."""

    province: str | None = None
    district: str | None = None


def normalize_issuer(raw: str, ctx: IssuerContext) -> str:
    name = squash(raw).strip(" ,;.")
    name = _TERM.sub("", name)
    name = re.sub(r"^(?:UBND|Ủy ban nhân dân|UBND)\b", "Ủy ban nhân dân", name)
    name = re.sub(r"^HĐND\b", "Hội đồng nhân dân", name)
    name = re.sub(r"^(Ban Bí thư|Bộ Chính trị)\s+Trung ương(?:\s+Đảng)?$", r"\1", name)
    for head in ("Ủy ban nhân dân", "Hội đồng nhân dân"):
        if name == f"{head} tỉnh" and ctx.province:
            return f"{head} tỉnh {ctx.province}"
        if name == f"{head} huyện" and ctx.district:
            return f"{head} huyện {ctx.district}"
    if name == "Tỉnh ủy" and ctx.province:
        return f"Tỉnh ủy {ctx.province}"
    return name


def find_citations(text: str, ctx: IssuerContext) -> list[Citation]:
    """Every citation in `text`, in order, each with its date, issuer and title if given."""
    out: list[Citation] = []
    if not _ANY_ID.search(text):
        return out
    for m in CITATION.finditer(text):
        doc_id = canonical_id(m.group("id"))
        split = _SPLIT_TAIL.match(text, m.end())
        if split and doc_id.split("-")[-1] + split.group(1) in _KNOWN_ISSUERS:
            doc_id += split.group(1)  # "TT-BGD ĐT": a space typed inside a known abbreviation
        written_type = m.group("type")
        doc_type = _type_of(written_type, doc_id)
        pos = m.end()
        glued = _GLUED_NGAY.search(m.group("id"))
        if glued and text.startswith("ngày"[len(glued.group(0)):], pos):
            # "70-TB/TWngày 12/3/2022": the scan lost the space before "ngày"
            doc_id = canonical_id(m.group("id")[:glued.start()])
            pos -= len(glued.group(0))
        date = None
        d = _DATE_AFTER.match(text, pos)
        if d:
            date = parse_date(d.group("date"))
            pos = d.end()
        issuer = written = None
        o = _OF.match(text, pos)
        if o:
            e = _ISSUER_END.search(text, o.end(), min(len(text), o.end() + 120))
            e = _past_province_hyphen(text, e, o.end())
            stop = e.start() if e else min(len(text), o.end() + 120)
            whole = _SECTOR_BODY.match(text, o.end())
            if whole and whole.end() > stop:
                stop = whole.end()  # "Bộ Giáo dục và Đào tạo": the "và" belongs to the name
            written = text[o.end():stop]
            if written.strip():
                issuer = normalize_issuer(written, ctx)
                pos = stop
        issuer_end = pos
        title = None
        end = pos
        a = _ABOUT.match(text, pos)
        if a:
            limit = min(len(text), a.end() + _WINDOW)
            t = _TITLE_END.search(text, a.end(), limit)
            stop = t.start() if t else limit
            title = squash(text[a.end():stop]).rstrip(" ,") or None
            end = stop
        out.append(Citation(doc_id, doc_type, date, issuer, title, m.start(), end, m.end(), issuer_end, written))
        after = d.end() if d else m.end()
        for _ in range(8):
            more = _LISTED.match(text, after)
            if not more:
                break
            d2 = _DATE_AFTER.match(text, more.end())
            out.append(Citation(canonical_id(more.group("id")), doc_type, parse_date(d2.group("date")) if d2 else None,
                                None, None, more.start("id"), more.end(), more.end(), more.end()))
            after = d2.end() if d2 else more.end()
    return out


def _type_of(written: str | None, doc_id: str) -> str:
    if written and written.lower() not in ("văn bản",):
        return written[:1].upper() + written[1:]
    return doc_type_name(doc_id)


def stated_chain(text: str, cites: list[Citation]) -> list[tuple[str, str, str]]:
    """Relations the text states between consecutive citations: C 'về thực hiện' D."""
    rels: list[tuple[str, str, str]] = []
    for c, d in zip(cites, cites[1:]):
        if d.start < c.issuer_end or d.start - c.issuer_end > 80:
            continue
        m = _CHAIN.match(text[c.issuer_end:d.start].lower())
        if m:
            rels.append((c.id, "continues" if m.group("cont") else "implements", d.id))
    return rels


def implemented(text: str, cites: list[Citation], chain: list[tuple[str, str, str]]) -> list[str]:
    """Ids the text itself says it carries out ('Thực hiện Chỉ thị số 14/CT-TTg ...'), leaving
    out citations nested as the object of another citation's stated chain."""
    nested = {(c.id, d.id) for c in cites for d in cites}
    objects_in_chain: set[int] = set()
    for c, d in zip(cites, cites[1:]):
        if (c.id, d.id) in nested and any(r[0] == c.id and r[2] == d.id for r in chain) and c.issuer_end <= d.start:
            objects_in_chain.add(d.start)
    out: list[str] = []
    previous: Citation | None = None
    for c in cites:
        if c.start in objects_in_chain:
            continue
        before = text[max(0, c.start - 60):c.start].lower()
        # "Thực hiện <A> ... và <B>": B is carried out as well
        sibling = previous is not None and re.fullmatch(r"\s*(?:,|và|,\s*và)\s*", text[max(previous.end, previous.issuer_end):c.start])
        if (_IMPLEMENTS_BEFORE.search(before) or sibling) and c.id not in out:
            out.append(c.id)
            previous = c
        else:
            previous = None
    return out
