"""Header and signature presentations -> the canonical line layout, keeping offsets.

Legal databases and portals render the two-column header of Nghị định 30/2020/NĐ-CP in
many ways: one cell per line with `|` between cells and words cut across lines
(`ỦY` / `BAN NHÂN DÂN`), pipe-table rows (`Số: 826/QĐ-UBND | Vĩnh Long, ngày ...`), both
columns flattened onto one line (`TỈNH HẬU GIANG Độc lập - Tự do - Hạnh phúc`), columns
aligned with runs of spaces, the whole letter on one line, and hard-wrapped text with no
blank line at all. This pass rewrites the header as the parser's canonical layout — one
paragraph per fact (issuer, motto, number, place and date, subject, type title, addressees) —
puts the signature block's cells one per line, and starts a new paragraph at each
structural line of a hard-wrapped body. Text is only kept, dropped (web-page chrome before
the issuer, cell bars and rules) or joined with inserted spaces and line breaks, so every
offset still maps back to the text as read (source.MappedText).

No library reads these presentations: they are artefacts of how each site serialised the
two header tables, so the rules below are written by hand from the layouts seen."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..lexicon import DOC_TYPES, OTHER_TITLES, PARTY_TYPES
from .source import MappedBuilder, MappedText

# --- a fold that keeps offsets: one character in, one character out ---------------------------


def _fold_char(c: str) -> str:
    if c in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", c.casefold())[:1]
    return base if len(base) == 1 else c


_FOLD_TABLE = {cp: _fold_char(chr(cp)) for cp in range(0x00C0, 0x1F00) if _fold_char(chr(cp)) != chr(cp)}
_FOLD_TABLE.update({cp: chr(cp).lower() for cp in range(ord("A"), ord("Z") + 1)})


def is_motto(line: str) -> bool:
    """A line of the national motto or the Party's, whole or cut anywhere."""
    return bool(_MOTTO_ONLY.match(pfold(line).strip()))


def pfold(text: str) -> str:
    """Case- and diacritic-blind text of the same length, so a match's offsets hold in `text`."""
    return text.translate(_FOLD_TABLE)


# --- line classes (on folded text unless said) ----------------------------------------------

MOTTO = re.compile(
    r"cong\s*hoa\s+xa\s+hoi(?:\s+chu\s+nghia(?:\s+viet\s+nam)?)?"
    r"|doc\s*lap\s*[-–—]+\s*tu\s*do\s*[-–—]+\s*hanh\s*phuc"
    r"|dang\s+cong\s+san\s+viet\s+nam"
)
# a line made of the motto's words only, cut anywhere ('CỘNG HÒA XÃ' / 'HỘI CHỦ NGHĨA VIỆT NAM')
_MOTTO_ONLY = re.compile(
    r"^(?=.*(?:cong\s*hoa|chu\s+nghia|doc\s*lap|hanh\s*phuc|cong\s+san|tu\s*do))"
    r"(?:(?:cong|hoa|xa|hoi|chu|nghia|viet|nam|doc|lap|tu|do|hanh|phuc|dang|san)\b[\s.*\-_–—]*)+$"
)
_TYPE_WORDS = sorted({v[0] for v in DOC_TYPES.values()} | {v[0] for v in PARTY_TYPES.values()}, key=len, reverse=True)
# "Số: 12/KH-UBND", "Số 11-CT/TW", "Nghị quyết số: 11-NQ/TW" (original case: a capital S, or a
# type word and a colon, so "Chỉ thị số 14/CT-TTg" inside a title is no number line)
_TYPE_ORIG = "|".join(re.escape(w) + "|" + re.escape(w.upper()) for w in _TYPE_WORDS)
NUMBER_START = re.compile(
    rf"(?:^|(?<=[\s*|]))(?:(?:Số|SỐ)\s*[:.]?\s*(?=[\d/.…_])|(?:{_TYPE_ORIG})\s+(?:số|Số|SỐ)\s*:\s*(?=\d))"
)
DATE_TAIL = re.compile(
    r",\s*(?:ngay\s*)?\d{1,2}\s*(?:thang\s*\d{1,2}\s*nam\s*\d{4}|[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4})"
)
_DATE_OPEN = re.compile(r",\s*ngay(?:\s*\d{1,2}(?:\s*thang(?:\s*\d{1,2}(?:\s*nam)?)?)?)?\s*$")
VV = re.compile(r"^(?:v/v|ve viec)\b")
KINH_GUI = re.compile(r"^kinh\s*gui\b")
_BODY_CUE = re.compile(
    r"^(?:can cu|thuc hien|theo de nghi|xet de nghi|xet|nham|de\s|ngay\s+\d|vua qua|tiep theo|"
    r"tren co so|qua\s|sau khi|trong\s|hien nay|thuc hien|thi hanh|quyet dinh\s*:|quyet nghi\s*:|"
    r"chi thi\s*:|dieu\s+\d|chuong\s+[ivx\d]|phan\s+[ivx\d]|(?:[ivx]{1,5}|\d{1,2}|[a-z])\s*[.)]\s)"
)
_AUTHORITY = re.compile(
    r"^(?:chu tich |bo truong |thu tuong |giam doc |truong ban )?(?:uy ban nhan dan|ubnd|hoi dong nhan dan|"
    r"ban chap hanh|ban thuong vu|ban bi thu|bo chinh tri|chinh phu|hoi dong|thuong truc)\b|^khoa\s+[ivxl\d]+"
)
TAIL_CUE = re.compile(
    r"^(?:noi\s+nhan|luu\s*:|(?:t/m|tm|k/t|kt|tl|t/l|tuq|q)\s*[.:]?\s+\S|kinh\s+thu\s*$|tran\s+trong\s*[./]*$)"
)
# rules drawn with dashes, stars, underscores, or 'oOo'
_TAIL_INITIALS = frozenset("NnLlTtKkQq")
_SEPARATOR = re.compile(r"^[\s\-_=*—–~.·•|:+#]*(?:[oO0]{1,3}[\s\-_=*—–~.·•]*)?$")
_PIPE_ROW_RULE = re.compile(r"^\|?\s*:?-{2,}")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_COLUMN_GAP = re.compile(r"(?<=\S)[ \t]{3,}(?=\S)|\t+")
_TITLE_CAPS = {w.upper() for w in _TYPE_WORDS} | {w.upper() for w in OTHER_TITLES} | {"THÔNG BÁO KẾT LUẬN"}
_TITLE_GLUED = re.compile(
    r"(?<![^\s\d.,])(?P<t>" + "|".join(re.escape(t) for t in sorted(_TITLE_CAPS, key=len, reverse=True)) + r")"
    r"(?=\s+[A-ZĐ]?[a-zà-ỹđ]|[A-ZĐ][a-zà-ỹđ])"
)
_MARKER_LINE = re.compile(r"^(?:[IVX]{1,5}\s*[.)]|\d{1,2}(?:\.\d{1,2})*\s*[.)]|[a-zđ]\s*\)|[-+•–]\s|Điều\s+\d)")
_TERMINAL = re.compile(r"(?:[.:;!?]|\./\.)\s*$")
_GLUED_NAME = re.compile(r"(?<=[A-ZĐĂÂÊÔƠƯÀ-Ỹ]{2})(?=[A-ZĐ][a-zà-ỹđ]+(?:\s|$))")
# a name after the post on the same line ('PHÓ CHỦ TỊCH Lê Văn Tám')
_NAME_AT_END = re.compile(r"(?<=[A-ZĐÀ-Ỹ]{2})\s+(?=[A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?:\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,4}\s*$)")
_SIGNED = re.compile(r"[(\[]\s*(?:đã\s+ký|ký,?\s*(?:đóng dấu|ghi rõ họ tên)[^)\]]*|đã ký và đóng dấu)\s*[)\]]", re.IGNORECASE)
_HEADER_LINES = 40
# what a header line must hold to be cut at all (on the text as written: no fold per line)
_RAW_CUE = re.compile(
    r"(?i)cộng\s*h|độc\s*lập|chủ\s*nghĩa|cộng\s*sản|,\s*ngày|,\s*\d{1,2}\s*(?:tháng|/)|v/v|về việc|kính\s*gửi"
    r"|(?:^|[\s*|])số\s*[:.]?\s*[\d/.…_]"
)
_ONE_LINE = 400  # a line this long holding header cues is a letter flattened onto one line
_LONG_BREAKS = re.compile(
    r"(?<=[.;:])\s+(?=(?:[IVX]{1,5}|\d{1,2})\.\s|[-+]\s|[a-zđ]\)\s|(?:Thực hiện|Theo|Xét|Nhằm|Để|Ngày|Trên cơ sở)\s)"
    # (?<!\s): a run of spaces is tried from its start only, so a long run costs linear time
    r"|(?<!\s)\s+(?=Điều\s+\d+\s*\.|Nơi nhận\s*:|Căn cứ\s|Kính gửi\s*:|QUYẾT ĐỊNH\s*:|Lưu\s*:|"
    r"(?:TM|KT|T/M|K/T|TL)\s*\.?\s+[A-ZĐÂĂÊÔƠƯ]{2})"
)


@dataclass
class _Piece:
    """A stretch of the text: [start, end) in the parent, cell and column it came from."""

    start: int
    end: int
    cell: int  # pieces of one cell share this number
    col: int = 0
    gap_before: bool = False  # a blank line stands before it in the text
    parts: list[tuple[int, int]] = field(default_factory=list)  # joined fragments
    line: int = -1  # the text line it was cut from

    def spans(self) -> list[tuple[int, int]]:
        return self.parts or [(self.start, self.end)]


class _Reader:
    def __init__(self, src: MappedText) -> None:
        self.src = src
        self.text = src.text

    def fold(self, s: int, e: int) -> str:
        # folded slice by slice: only the header's lines are ever looked at folded
        return pfold(self.text[s:e])

    def piece_text(self, p: _Piece) -> str:
        return " ".join(self.text[s:e] for s, e in p.spans())

    def piece_fold(self, p: _Piece) -> str:
        return " ".join(self.fold(s, e) for s, e in p.spans())


def canonical_layout(src: MappedText) -> MappedText:
    """The text with its header in canonical paragraphs and its signature cells one per line;
    a text already in that layout comes back as it is."""
    r = _Reader(src)
    pieces, lines = _pieces(r)
    if not pieces:
        return src
    core = _first_core(r, pieces)
    if core is None:
        return src
    head_start = _issuer_start(r, pieces, core)
    paras, body_at = _header_paragraphs(r, pieces, head_start)
    tail_at = _tail_start(r, pieces, body_at)
    counts: dict[int, int] = {}
    for p in pieces:
        counts[p.line] = counts.get(p.line, 0) + 1
    paras += _body_paragraphs(r, _whole_lines(r, pieces[body_at:tail_at], lines, counts))
    # a plan, regulation or appendix attached after the signature is body again (its tables whole)
    attach_at = next((i for i in range(tail_at, len(pieces)) if _ATTACHED.match(r.piece_text(pieces[i]).strip())),
                     len(pieces))
    paras += _tail_paragraphs(r, pieces[tail_at:attach_at])
    paras += _body_paragraphs(r, _whole_lines(r, pieces[attach_at:], lines, counts))
    return _emit(src, paras)


_ATTACHED = re.compile(r"^(?:PHỤ LỤC|Phụ lục|PHỤ BIỂU|KẾ HOẠCH|QUY ĐỊNH|QUY CHẾ|CHƯƠNG TRÌNH|ĐỀ ÁN|HƯỚNG DẪN|PHƯƠNG ÁN)\b"
                       r"|^\(?\s*(?:Ban hành\s+)?[Kk]èm theo\b")


def _whole_lines(r: _Reader, pieces: list[_Piece], lines: list[tuple[int, int, bool]],
                 counts: dict[int, int]) -> list[_Piece]:
    """The body as its lines, whole (tables, spacing and bars as written), but a letter
    flattened onto one line keeps the cuts made before each structural item."""
    out: list[_Piece] = []
    if not pieces:
        return out
    first_line = pieces[0].line
    last_line = pieces[-1].line
    by_line: dict[int, list[_Piece]] = {}
    for p in pieces:
        by_line.setdefault(p.line, []).append(p)
    for li in range(first_line, last_line + 1):
        s, e, gap = lines[li]
        own = by_line.get(li)
        if own and (e - s > _ONE_LINE or len(own) < counts.get(li, 0)):
            out.extend(own)  # cut pieces, or the part of a line shared with header or tail
        elif own or not _SEPARATOR.match(r.text[s:e]) or "-" in r.text[s:e] and "|" in r.text[s:e]:
            cell = own[0].cell if own else (out[-1].cell if out else 0)
            out.append(_Piece(s, e, cell, 0, gap, line=li))
    return out


# --- cutting the text into pieces -------------------------------------------------------------


def _pieces(r: _Reader) -> tuple[list[_Piece], list[tuple[int, int, bool]]]:
    """Lines, cut further at cell bars, <br>, column gaps and, in a flattened header, before
    each header fact; empty pieces, rules and bars dropped. Also every non-empty line as
    (start, end, blank line before), which the body keeps whole."""
    text = r.text
    out: list[_Piece] = []
    lines: list[tuple[int, int, bool]] = []
    cell = 0
    pos = 0
    gap = False
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        line = text[pos:end]
        stripped = line.strip()
        if not stripped:
            if not gap:
                cell += 1
            gap = True
        else:
            a, b = _trim_line(text, pos, end)
            lines.append((a, b, gap))
            li = len(lines) - 1
            if stripped == "|":
                cell += 1  # one cell per line: a bar alone closes the cell
            elif li >= _HEADER_LINES and "|" not in line and "   " not in line and "\t" not in line \
                    and "<" not in line and len(line) <= _ONE_LINE and not _SEPARATOR.match(stripped):
                out.append(_Piece(a, b, cell, 0, gap, line=li))  # a plain body line: one piece
            elif not (_PIPE_ROW_RULE.match(stripped) and _SEPARATOR.match(stripped)):
                bars = line.count("|")
                cells = _split_cells(line, pos) if bars else [(pos, end, 0)]
                table_row = bars >= 2 or (bars == 1 and not stripped.endswith("|"))
                for s, e, col in cells:
                    for s2, e2, col2 in _split_columns(text, s, e):
                        for s3, e3 in _split_br(text, s2, e2):
                            # header facts stand in the first lines; a longer line is a flattened letter
                            cut = _split_cues(r, s3, e3) if li < _HEADER_LINES or e3 - s3 > _ONE_LINE else [(s3, e3)]
                            for s4, e4 in cut:
                                a2, b2 = _trim(text, s4, e4)
                                if a2 >= b2 or _SEPARATOR.match(text[a2:b2]):
                                    continue
                                out.append(_Piece(a2, b2, cell, col + col2 if table_row else col2, gap, line=li))
                                gap = False
                    if bars:
                        cell += 1
            gap = False
        if nl < 0:
            break
        pos = nl + 1
    return out, lines


def _trim_line(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " \t":
        s += 1
    while e > s and text[e - 1] in " \t":
        e -= 1
    return s, e


def _split_cells(line: str, at: int) -> list[tuple[int, int, int]]:
    body = line
    offset = at
    lead = len(body) - len(body.lstrip())
    if body.lstrip().startswith("|"):
        offset += lead + 1
        body = body.lstrip()[1:]
    cells: list[tuple[int, int, int]] = []
    col = 0
    start = 0
    for i, ch in enumerate(body):
        if ch == "|":
            cells.append((offset + start, offset + i, col))
            col += 1
            start = i + 1
    cells.append((offset + start, offset + len(body), col))
    return cells


def _split_columns(text: str, s: int, e: int) -> list[tuple[int, int, int]]:
    """Columns aligned with runs of spaces (pdftotext -layout): a cell per run-separated
    stretch, its column 1 when it starts far from the margin."""
    chunk = text[s:e]
    if "   " not in chunk and "\t" not in chunk:
        return [(s, e, 0)]
    out: list[tuple[int, int, int]] = []
    pos = 0
    for m in _COLUMN_GAP.finditer(chunk):
        # "ngày  30  tháng  3" keeps its own spacing: only a wide gap cuts between columns
        left = chunk[pos:m.start()]
        right_head = chunk[m.end():m.end() + 6]
        if re.search(r"(?i)(?:ngày|tháng|năm|số\s*[:.]?)\s*$", left) or re.match(r"(?i)(?:tháng|năm|\d)", right_head):
            continue
        out.append((s + pos, s + m.start(), 0))
        pos = m.end()
    out.append((s + pos, e, 0))
    lead = len(chunk) - len(chunk.lstrip())
    cols = []
    for i, (a, b, _) in enumerate(out):
        col = 1 if (i > 0 or lead >= 20) else 0
        cols.append((a, b, col))
    return cols


def _split_br(text: str, s: int, e: int) -> list[tuple[int, int]]:
    chunk = text[s:e]
    if "<" not in chunk:
        return [(s, e)]
    out = []
    pos = 0
    for m in _BR.finditer(chunk):
        out.append((s + pos, s + m.start()))
        pos = m.end()
    out.append((s + pos, e))
    return out


def _split_cues(r: _Reader, s: int, e: int) -> list[tuple[int, int]]:
    """Cut a line that holds several header facts side by side (two columns flattened)
    before the motto, the number, the place and date, the subject and the addressees."""
    text = r.text[s:e]
    # a line this long is a letter flattened onto one line only when a header fact opens it
    long_line = e - s > _ONE_LINE and _RAW_CUE.search(text, 0, 600) is not None
    if not long_line and (e - s > 250 or not _RAW_CUE.search(text)):
        return [(s, e)]  # most lines hold no header fact: one search instead of six
    folded = pfold(text)
    cuts: set[int] = set()
    for m in MOTTO.finditer(folded):
        cuts.add(m.start())
        cuts.add(m.end())
    for m in NUMBER_START.finditer(text):
        cuts.add(m.start())
    for m in DATE_TAIL.finditer(folded):
        place = _place_start(text, m.start())
        if place is not None:
            cuts.add(place)
            cuts.add(m.end())
    for m in re.finditer(r"(?<!\S)(?:V/v|V/V|Về việc)\s", text):
        cuts.add(m.start())
    for m in re.finditer(r"(?<!\S)Kính\s*gửi\b", text):
        cuts.add(m.start())
    if long_line:
        for m in _TITLE_GLUED.finditer(text):
            cuts.add(m.start())
            cuts.add(m.end())
        for m in _LONG_BREAKS.finditer(text):
            cuts.add(m.end())
        for m in _SIGNED.finditer(text):
            cuts.add(m.start())
            cuts.add(m.end())
    elif not (cuts - {0, len(text)}):
        return [(s, e)]
    # a cut inside the first header words of the line never makes sense ("Số:" at 0)
    points = sorted(c for c in cuts if 0 < c < len(text))
    if not points:
        return [(s, e)]
    out = []
    prev = 0
    for c in points:
        out.append((s + prev, s + c))
        prev = c
    out.append((s + prev, e))
    return out


def _place_start(text: str, comma: int) -> int | None:
    """Where the place before ', ngày ...' begins: up to four capitalised words ('Phan
    Rang-Tháp Chàm', 'TP. Hồ Chí Minh'); None when no capitalised word precedes."""
    words = list(re.finditer(r"\S+", text[:comma]))
    start = None
    for w in reversed(words[-4:]):
        word = w.group(0)
        core = word.strip("().")
        if not core or not core[0].isupper() or any(ch.isdigit() for ch in core) or "/" in core:
            break
        if len(core) > 3 and core.isupper() and start is not None:
            break  # an all-capitals word before the place belongs to the other column
        if len(core) > 3 and core.isupper():
            break
        start = w.start()
    return start


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " \t*|":
        s += 1
    while e > s and text[e - 1] in " \t*|":
        e -= 1
    return s, e


# --- the header ---------------------------------------------------------------------------------


def _kind(r: _Reader, p: _Piece) -> str:
    f = r.piece_fold(p).strip()
    t = r.piece_text(p).strip()
    if _MOTTO_ONLY.match(f):
        return "motto"
    if NUMBER_START.match(t):
        return "number"
    if DATE_TAIL.search(f) and _place_start(t, DATE_TAIL.search(f).start()) == 0:
        return "date"
    if VV.match(f) and t[:1] == "V":
        return "vv"
    if KINH_GUI.match(f):
        return "kinhgui"
    if _title(t):
        return "title"
    if _is_upper(t):
        return "upper"
    return "text"


_TITLE_LINE = re.compile(
    r"^(?:" + "|".join(re.escape(t) for t in sorted(_TITLE_CAPS, key=len, reverse=True)) + r")(?:\s+(?:CỦA|VỀ|LIÊN TỊCH)\b.*)?$"
)


def _title(t: str) -> bool:
    words = " ".join(t.split())
    return len(words) < 200 and _TITLE_LINE.match(words) is not None and _is_upper(words)


def _is_upper(t: str) -> bool:
    letters = [c for c in t if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _first_core(r: _Reader, pieces: list[_Piece]) -> int | None:
    for i, p in enumerate(pieces[:80]):
        if _kind(r, p) in ("motto", "number", "date", "vv"):
            return i
    return None


_JUNK_PREFIX = re.compile(r"^(?:trang\s*\d{1,3}\s*|\(\d{1,2}\)\s*|\d{1,2}\.\s+)", re.IGNORECASE)


def _issuer_like(r: _Reader, p: _Piece) -> bool:
    t = _JUNK_PREFIX.sub("", r.piece_text(p))
    if any(ch.isdigit() for ch in t) or len(t) > 90:
        return False
    if _is_upper(t):
        return True
    f = r.piece_fold(p)
    return bool(re.match(r"(?:uy ban|ubnd|hoi dong|so |bo |ban |hoi |tinh uy|huyen uy|thanh uy|dang uy|van phong|"
                         r"chinh phu|thu tuong|y ban)", f)) and len(t.split()) <= 10


def _issuer_start(r: _Reader, pieces: list[_Piece], core: int) -> int:
    for k in range(max(0, core - 6), core):
        p = pieces[k]
        m = _JUNK_PREFIX.match(r.text[p.start:p.end]) if not p.parts else None
        if m and _is_upper(r.text[p.start + m.end():p.end]):
            p.start += m.end()  # a page number or list mark glued before the issuer ('Trang 1UBND')
    i = core
    while i > 0 and _issuer_like(r, pieces[i - 1]) and core - i < 6:
        i -= 1
    return i


def _merge(r: _Reader, pieces: list[_Piece], i: int) -> tuple[_Piece, int]:
    """The logical line starting at pieces[i]: a word cut from its line ('ỦY' / 'BAN NHÂN
    DÂN', 'Cao' / 'Bằng, ngày ...'), 'Số:' over its number, a date cut after 'ngày'."""
    p = pieces[i]
    parts = list(p.spans())
    j = i + 1
    while j < len(pieces) and pieces[j].cell == p.cell and pieces[j].col == p.col:
        cur = " ".join(r.text[s:e] for s, e in parts)
        curf = pfold(cur)
        nxt = pieces[j]
        nxt_text = r.piece_text(nxt)
        nxt_fold = r.piece_fold(nxt)
        single = re.fullmatch(r"[^\W\d_]{1,10}", cur) is not None and not VV.match(nxt_fold)
        number_open = re.fullmatch(r"(?:Số|SỐ)\s*[:.]?|(?:" + _TYPE_ORIG + r")\s+(?:số|Số|SỐ)\s*:", cur.strip()) is not None
        date_open = _DATE_OPEN.search(curf) is not None or (curf.rstrip().endswith(",") and nxt_fold.startswith("ngay")) or (
            DATE_TAIL.search(curf) is None and re.search(r",\s*ngay\s*\d", curf) is not None)
        place_open = (len(cur.split()) <= 3 and not _is_upper(cur) and not any(c.isdigit() for c in cur)
                      and not MOTTO.search(curf) and not VV.match(curf) and not KINH_GUI.match(curf)
                      and re.match(r"[^\d,]{1,25},\s*(?:ngay\s*)?\d", nxt_fold) is not None
                      and nxt_text[:1].isupper())
        if single and nxt.gap_before:
            single = False
        if single or number_open or date_open or place_open:
            parts.extend(nxt.spans())
            j += 1
            continue
        break
    merged = _Piece(parts[0][0], parts[-1][1], p.cell, p.col, p.gap_before, parts if len(parts) > 1 else [])
    return merged, j


def _header_paragraphs(r: _Reader, pieces: list[_Piece], start: int) -> tuple[list[list[_Piece]], int]:
    """Canonical header paragraphs from pieces[start:], and the index where the body begins."""
    issuer: list[_Piece] = []
    motto: list[_Piece] = []
    facts: list[list[_Piece]] = []
    number_seen = date_seen = title_seen = vv_seen = False
    open_para: list[_Piece] | None = None  # a subject or address list still taking lines
    open_kind = ""
    i = start
    body_at = len(pieces)
    while i < len(pieces):
        line, j = _merge(r, pieces, i)
        kind = _kind(r, line)
        if open_para is not None and kind in ("text", "upper"):
            if _continues(r, open_kind, open_para, line):
                open_para.append(line)
                i = j
                continue
        if kind not in ("text", "upper"):
            open_para = None
        if kind == "motto":
            motto.append(line)
        elif kind == "number" and not number_seen:
            number_seen = True
            facts.append([line])
        elif kind == "date" and not date_seen:
            date_seen = True
            facts.append([line])
        elif kind == "vv" and not vv_seen:
            vv_seen = True
            open_para, open_kind = [line], "vv"
            facts.append(open_para)
        elif kind == "kinhgui":
            open_para, open_kind = [line], "kinhgui"
            facts.append(open_para)
        elif kind == "title" and not title_seen and (number_seen or date_seen):
            title_seen = True
            facts.append([line])
            open_para, open_kind = [], "subject"
            facts.append(open_para)
        elif kind in ("upper", "text") and not (number_seen or date_seen or title_seen or vv_seen) \
                and _issuer_like(r, line):
            issuer.append(line)
        else:
            body_at = i
            break
        i = j
    if not (number_seen or date_seen):
        return [[p] for p in pieces[:body_at]], body_at
    paras: list[list[_Piece]] = []
    if issuer:
        paras.append(issuer)
    if motto:
        paras.append(motto)
    paras += [f for f in facts if f]
    return paras, body_at


def _continues(r: _Reader, kind: str, para: list[_Piece], line: _Piece) -> bool:
    """Does `line` go on with the open subject or address list?"""
    same_cell = not para or line.cell == para[-1].cell
    text = r.piece_text(line)
    fold = r.piece_fold(line).strip()
    if _BODY_CUE.match(fold) and not (kind == "kinhgui" and text[:1] in "-+•"):
        return False
    if TAIL_CUE.match(fold):
        return False
    if kind == "subject":
        if not para:
            return not _AUTHORITY.match(fold) or not _is_upper(text)
        prev = r.piece_text(para[-1])
        if _is_upper(text):
            # a title in capitals runs on in capitals; the decision's own authority line does not
            return all(_is_upper(r.piece_text(q)) for q in para) and not _AUTHORITY.match(fold)
        if _is_upper(prev):
            # 'NGHỊ QUYẾT' / 'HỘI NGHỊ LẦN THỨ SÁU ...' / 'về tiếp tục ...'
            return re.match(r"(?:về|Về|V/v)\s", text) is not None
        return (same_cell and not _TERMINAL.search(prev)) or text[:1].islower()
    if kind == "vv":
        return same_cell or text[:1].islower()
    if kind == "kinhgui":
        prev = r.piece_text(para[-1])
        if text[:1] in "-+•":
            return True
        if len(para) == 1:
            rest = re.sub(r"(?i)^kính\s*gửi\s*:?", "", prev).strip()
            return not rest and len(text) < 150
        return not prev.rstrip().endswith(".") and len(text) < 150 and (same_cell or text[:1].islower())
    return False


# --- the body -----------------------------------------------------------------------------------


def _body_paragraphs(r: _Reader, pieces: list[_Piece]) -> list[list[_Piece]]:
    """Body lines grouped as the text groups them (blank lines), with a new paragraph at each
    structural line of hard-wrapped text (a marker or a sentence start after a full stop)."""
    paras: list[list[_Piece]] = []
    for p in pieces:
        text = r.piece_text(p)
        if not paras or p.gap_before:
            paras.append([p])
            continue
        prev = r.piece_text(paras[-1][-1])
        new_cell = p.cell != paras[-1][-1].cell
        if prev.lstrip().startswith("|") and text.lstrip().startswith("|"):
            paras[-1].append(p)  # a table keeps its rows together
            continue
        starts = (_MARKER_LINE.match(text) is not None or (text[:1].isupper() and not _is_upper(text[:12]))
                  or _is_upper(text))
        # a heading ('1. Sở Giáo dục và Đào tạo', 'I. MỤC TIÊU') ends its line without punctuation
        heading = (_MARKER_LINE.match(prev) is not None and len(prev) < 100 and not prev.lstrip().startswith(("-", "+"))
                   and not re.search(r"(?:\s(?:và|của|với|các|về)|[,\-–])\s*$", prev))
        ended = _TERMINAL.search(prev) is not None or _is_upper(prev) or heading
        if new_cell or (starts and ended) or (re.match(r"Điều\s+\d+\s*\.", text) is not None):
            paras.append([p])
        else:
            paras[-1].append(p)
    return paras


# --- the signature ------------------------------------------------------------------------------


def _tail_start(r: _Reader, pieces: list[_Piece], body_at: int) -> int:
    for i in range(body_at, len(pieces)):
        if r.text[pieces[i].start] not in _TAIL_INITIALS:
            continue
        f = r.piece_fold(pieces[i]).strip()
        if TAIL_CUE.match(f) and (not f.startswith(("tm", "kt", "tl", "q", "t/", "k/")) or _is_upper(r.piece_text(pieces[i])[:6])):
            # the post and name standing before 'Nơi nhận' belong to the signature too
            j = i
            while j > body_at and _signature_line(r, pieces[j - 1]) and i - j < 6:
                j -= 1
            return j
    return len(pieces)


def _signature_line(r: _Reader, p: _Piece) -> bool:
    t = r.piece_text(p).strip()
    if len(t) > 60 or any(ch.isdigit() for ch in t) or t.endswith((".", ";", ":", ",")):
        return False
    words = t.split()
    if not 1 <= len(words) <= 8:
        return False
    return _is_upper(t) or all(w[:1].isupper() for w in words)


def _tail_paragraphs(r: _Reader, pieces: list[_Piece]) -> list[list[_Piece]]:
    """Each line of the signature zone as its own paragraph, a post glued to the name
    ('CHÁNH VĂN PHÒNGThái Hữu Phép') and '(đã ký)' cut out; columns of a table read one
    after the other, so 'Nơi nhận' and the signature never interleave."""
    if not pieces:
        return []
    tabled = any(p.col for p in pieces)
    order = sorted(range(len(pieces)), key=lambda k: (pieces[k].col, k)) if tabled else range(len(pieces))
    paras: list[list[_Piece]] = []
    for k in order:
        p = pieces[k]
        for s, e in _split_signature(r, p.start, p.end) if not p.parts else p.spans():
            a, b = _trim(r.text, s, e)
            if a < b and not _SEPARATOR.match(r.text[a:b]):
                paras.append([_Piece(a, b, p.cell, p.col, p.gap_before)])
    return paras


def _split_signature(r: _Reader, s: int, e: int) -> list[tuple[int, int]]:
    text = r.text[s:e]
    if len(text) > 200:
        return [(s, e)]
    cuts = {m.start() for m in _GLUED_NAME.finditer(text)}
    end_name = _NAME_AT_END.search(text)
    if end_name and _is_upper(text[:end_name.start()]):
        cuts.add(end_name.start())
    drops = [(m.start(), m.end()) for m in _SIGNED.finditer(text)]
    out: list[tuple[int, int]] = []
    pos = 0
    marks = sorted(cuts | {d[0] for d in drops})
    for c in marks:
        if c < pos:
            continue
        out.append((s + pos, s + c))
        pos = c
        for a, b in drops:
            if a == c:
                pos = b
    out.append((s + pos, e))
    return [(a, b) for a, b in out if b > a]


# --- writing it out -----------------------------------------------------------------------------


def _emit(src: MappedText, paras: list[list[_Piece]]) -> MappedText:
    b = MappedBuilder(src)
    first = True
    for para in paras:
        if not para:
            continue
        if not first:
            b.insert("\n\n", para[0].start)
        first = False
        for li, line in enumerate(para):
            if li:
                b.insert("\n", line.start)
            for pi, (s, e) in enumerate(line.spans()):
                if pi:
                    b.insert(" ", s)
                b.keep(s, e)
    return b.build()
