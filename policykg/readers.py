"""Readers: the file -> text step (file -> text -> record -> triples).

Each kind of file people have (a text file, .docx, .pdf, a saved .html page, a scan) has its
reader; `read_document` picks one from the file's bytes (and its suffix when the bytes do not
say) and returns plain text that reads like a text letter, so the parser needs nothing else:
the two-column header (issuer | motto, number | place-and-date) comes out column by column as
in a text letter, data tables as markdown pipe rows, paragraphs separated by blank lines. The
text is NFC with `\\n` newlines; every span the parser gives points into it."""

from __future__ import annotations

import io
import os
import re
import shutil
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Union

from .errors import InputError
from .parse.source import MAX_BYTES, decode_source, read_bytes, utf16_codec
from .text import fold, nfc

READERS = ("text", "docx", "pdf", "html", "ocr")
# a .docx is a zip: its parts are read whole into memory, so their uncompressed size is capped
MAX_DOCX_XML = MAX_BYTES
MAX_DOCX_TOTAL = 4 * MAX_BYTES
MAX_PAGES = 500
OCR_LANG = "vie"
# page segmentation: 3 (automatic layout). The words' boxes are regrouped into lines and columns
# by `layout_text` whatever the mode, as a PDF's words are; on the test letters' pages 3 and 4
# read alike and 6 misread more (the archive mark 'VT' as 'VI')
OCR_PSM = 3
# a page with a ruled table is read as one block (6): automatic layout drops a table's narrow first
# column ('TT', '1', '2'); on a letter's page without one, 6 misread more ('VT' as 'VI')
OCR_TABLE_PSM = 6
OCR_DPI = 300
OCR_PACKAGES = "tesseract-ocr and tesseract-ocr-vie"

# formats policykg does not read, and what to do about them
_CONVERT = {
    "ole": "is an old Word .doc (or another pre-2007 Office file), not a .docx: save it as .docx or PDF",
    "rtf": "is an RTF file: save it as .docx, PDF or text",
}
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


@dataclass(frozen=True)
class Extracted:
    """The text a reader extracted from a file, and which reader it was (one of READERS)."""

    text: str
    reader: str


def read_document(path: str | Path) -> Extracted:
    """The text of a document file of any kind policykg reads; a one-line InputError otherwise."""
    return extract(read_bytes(path), str(path), Path(path).suffix.lower())


def extract(data: bytes, name: str = "<input>", suffix: str = "") -> Extracted:
    """The text of a document given as bytes; `suffix` (like '.pdf') helps where bytes do not tell."""
    if not data.strip():
        raise InputError(name, "is empty")
    if len(data) > MAX_BYTES:
        raise InputError(name, f"is larger than {MAX_BYTES // (1024 * 1024)} MB")
    kind = sniff(data, suffix)
    if kind in _CONVERT:
        raise InputError(name, _CONVERT[kind])
    if kind == "docx":
        return Extracted(_finish(read_docx(data, name)), "docx")
    if kind == "pdf":
        text, reader = read_pdf(data, name)
        return Extracted(_finish(text), reader)
    if kind == "ocr":
        return Extracted(_finish(read_image(data, name)), "ocr")
    if kind == "html":
        return Extracted(_finish(read_html(data, name)), "html")
    text = decode_source(data, name)
    if utf16_codec(data) and text.lstrip()[:14].lower().startswith(("<!doctype html", "<html")):
        return Extracted(_finish(read_html(text.encode("utf-8"), name)), "html")  # a page saved as UTF-16
    return Extracted(text, "text")


def sniff(data: bytes, suffix: str = "") -> str:
    """Which reader a file needs: docx, pdf, ocr, html or text (the bytes decide first; a text
    file may be UTF-8, UTF-8 with BOM, or UTF-16 as Windows Notepad saves "Unicode")."""
    if data.startswith(b"PK\x03\x04"):
        return "docx"  # a zip that is no .docx is refused by read_docx
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if data[:64].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return "rtf"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(_IMAGE_MAGIC):
        return "ocr"
    if utf16_codec(data):
        return "text"  # UTF-16 text: decode_source reads it
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    # a browser's "Save as" may put '<!-- saved from url=... -->' or an XML declaration first
    if head.startswith((b"<!doctype html", b"<html")) or (head.startswith((b"<?xml", b"<!--")) and b"<html" in head):
        return "html"
    if suffix in _HTML_SUFFIXES and head.startswith(b"<"):
        return "html"
    return "text"


# --- text -------------------------------------------------------------------------------------

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
_BLANK_RUN = re.compile(r"\n{3,}")


def _line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _finish(text: str) -> str:
    """NFC, single spaces, no trailing spaces, at most one blank line in a row."""
    text = nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [_line(ln) for ln in text.split("\n")]
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip() + "\n"


# --- tables: the rule shared by .docx and .html -------------------------------------------------

# a block is a paragraph's text ("" for an empty paragraph) or a table
Block = Union[str, "Table"]


@dataclass
class Table:
    rows: list[list[list[Block]]] = field(default_factory=list)  # rows of cells of blocks


class Continued(list):  # type: ignore[type-arg]
    """A cell a merged cell above covers (Word's vMerge, HTML's rowspan), holding that cell's
    blocks: a data table's row has the merged value (one lead for several tasks), a layout
    table reads it once."""


def _span(n: Any) -> int:
    try:
        return max(1, min(int(n), 64))
    except (TypeError, ValueError):
        return 1


def grid_rows(cells: list[list[tuple[list[Block], int, bool]]]) -> list[list[list[Block]]]:
    """Rows of (blocks, columns spanned, continues the merged cell above) as rows on the table's
    grid: a cell spanning k columns is followed by k-1 empty cells, a continuation holds the
    blocks of the cell it continues, so every column stays in its place in the pipe rows."""
    out: list[list[list[Block]]] = []
    for row in cells:
        grid: list[list[Block]] = []
        for blocks, span, cont in row:
            if cont:
                above = out[-1][len(grid)] if out and len(grid) < len(out[-1]) else []
                grid.append(Continued(above))
            else:
                grid.append(blocks)
            grid.extend([] for _ in range(span - 1))
        out.append(grid)
    return out


def _own(cell: list[Block]) -> list[Block]:
    return [] if isinstance(cell, Continued) else cell


# what the header and signature tables of Nghị định 30/2020 hold (folded, diacritic-blind)
_LAYOUT_CUES = re.compile(
    r"(?m)^\s*so\s*[:.]|^[^\d,\n]{2,60},\s*ngay\s+(?:\d{1,2}|\.{2,})\s+thang|cong hoa xa hoi|doc lap\s*-"
    r"|^\s*dang cong san|^\s*noi nhan|^\s*(?:t/?m|k/?t|tl|tuq|q)\s*[./]?\s+\S"
)
# the first cell of a data table's heading row ('TT', 'STT', 'Số TT')
_DATA_HEAD = re.compile(r"^(?:s\s*)?tt\.?$|^so\s+tt$|^thu tu$")
LONG_PARAGRAPH = 160  # a paragraph this long is body text: a layout table stands before or after it


def render_blocks(blocks: list[Block]) -> str:
    """Blocks as the text of a letter: paragraphs and tables separated by blank lines."""
    longs = [i for i, b in enumerate(blocks) if isinstance(b, str) and len(b) >= LONG_PARAGRAPH]
    first, last = (longs[0], longs[-1]) if longs else (len(blocks), -1)
    out: list[str] = []
    for i, b in enumerate(blocks):
        if isinstance(b, Table):
            out.append(render_table(b, edge=i < first or i > last))
        elif b.strip():
            out.append(b)
    return "\n\n".join(x for x in out if x.strip())


def _cell_text(blocks: list[Block]) -> str:
    """A cell of a layout table: its paragraphs as lines; an empty paragraph (the signature's
    space) or a nested table starts a new paragraph."""
    parts: list[str] = []
    lines: list[str] = []
    for b in blocks:
        if isinstance(b, Table):
            if lines:
                parts.append(_split_parts("\n".join(lines)))
                lines = []
            parts.append(render_table(b, edge=True))
        elif b.strip():
            lines.append(b)
        elif lines:
            parts.append(_split_parts("\n".join(lines)))
            lines = []
    if lines:
        parts.append(_split_parts("\n".join(lines)))
    return "\n\n".join(p for p in parts if p.strip())


def _flat(blocks: list[Block]) -> str:
    return " ".join(_line(_cell_text(blocks).replace("\n", " ")).split())


def is_layout_table(table: Table, edge: bool) -> bool:
    """A borderless layout table of the header or the signature: two or three columns of short
    cells, standing before the body or after it, or holding the header's or signature's lines.
    Anything else is a data table (a Kế hoạch's task table)."""
    ncols = max((len(r) for r in table.rows), default=0)
    if not 2 <= ncols <= 3 or len(table.rows) > 4:
        return False
    texts = [_cell_text(c) for r in table.rows for c in r]
    if any(len(t) > 900 for t in texts) or (table.rows[0] and _DATA_HEAD.match(fold(texts[0]).strip())):
        return False
    # line by line: fold() makes one line of a text, and the cues hold at a line's start
    return edge or any(_LAYOUT_CUES.search(fold(line)) for t in texts for line in t.split("\n"))


def render_table(table: Table, edge: bool = False) -> str:
    """A layout table column by column (left cells, a blank line, right cells); a one-column
    table (a frame around the text) as its blocks; a data table as pipe rows."""
    rows = [r for r in table.rows if any(_cell_text(_own(c)).strip() for c in r)]
    if not rows:
        return ""
    ncols = max(len(r) for r in rows)
    if ncols == 1:
        return "\n\n".join(render_blocks(r[0]) for r in rows if r)
    if is_layout_table(Table([[_own(c) for c in r] for r in rows]), edge):
        parts = [_cell_text(_own(r[c])) for c in range(ncols) for r in rows if c < len(r)]
        return "\n\n".join(p for p in parts if p.strip())
    return "\n".join("| " + " | ".join(_flat(c).replace("|", "\\|") for c in r) + " |" for r in rows)


# --- .docx -------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


def read_docx(data: bytes, name: str = "<input>") -> str:
    """A .docx's body, paragraphs and tables in reading order (python-docx reads the package)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
            if "word/document.xml" not in names:
                raise InputError(name, "is a zip file, not a Word .docx document")
            if z.getinfo("word/document.xml").file_size > MAX_DOCX_XML or \
                    sum(i.file_size for i in infos) > MAX_DOCX_TOTAL:
                raise InputError(name, "is a .docx too large once unpacked (a zip bomb?)")
    except zipfile.BadZipFile:
        raise InputError(name, "is a damaged .docx (not a readable zip file)") from None
    import docx

    try:
        doc = docx.Document(io.BytesIO(data))
        numbering = _Numbering(doc)
        blocks = list(_docx_blocks(doc.element.body, numbering))
        body = render_blocks(blocks)
        head = _page_header(doc, numbering)
    except InputError:
        raise
    except Exception as exc:  # python-docx and lxml raise many kinds on a damaged package
        raise InputError(name, f"is a damaged .docx ({type(exc).__name__}: {str(exc)[:80]})") from None
    # a letterhead set in the first page's header (issuer, motto, number, date) heads the text
    # when the body lacks it; a page header of running titles or page numbers is left out
    if head and not (_NUMBER_LINE.search(body) or _DATE_LINE.search(body)) and \
            (_NUMBER_LINE.search(head) or _DATE_LINE.search(head)):
        return head + "\n\n" + body
    return body


def _page_header(doc: Any, numbering: "_Numbering") -> str:
    """The text of the first page's header (Word's first-page header if it has one)."""
    if not doc.sections:
        return ""
    sec = doc.sections[0]
    hdr = sec.first_page_header if sec.different_first_page_header_footer else sec.header
    if hdr.is_linked_to_previous:
        return ""
    return render_blocks(list(_docx_blocks(hdr._element, numbering)))


def _docx_blocks(container: Any, numbering: "_Numbering") -> Iterator[Block]:
    """The paragraphs and tables of a body or cell in document order (content controls opened)."""
    for el in container.iterchildren():
        tag = el.tag
        if tag == _W + "p":
            yield numbering.label(el) + _docx_text(el)
            # a text box's paragraphs (a header drawn in frames) follow the paragraph holding it
            for box in el.iter(_W + "txbxContent"):
                if not any(a.tag == _MC + "Fallback" for a in box.iterancestors()):
                    yield from _docx_blocks(box, numbering)
        elif tag == _W + "tbl":
            yield _docx_table(el, numbering)
        elif tag == _W + "sdt":
            content = el.find(_W + "sdtContent")
            if content is not None:
                yield from _docx_blocks(content, numbering)


def _docx_text(p: Any) -> str:
    """A paragraph's visible text: runs, hyperlinks, fields, insertions; breaks as \\n; not deleted
    text, nor text boxes (read as paragraphs of their own), nor the VML copy of a drawing."""
    out: list[str] = []

    def walk(el: Any) -> None:
        for child in el.iterchildren():
            tag = child.tag
            if tag == _W + "t":
                out.append(child.text or "")
            elif tag in (_W + "tab", _W + "ptab"):
                out.append(" ")
            elif tag in (_W + "br", _W + "cr"):
                out.append("\n")
            elif tag in (_W + "txbxContent", _W + "del", _MC + "Fallback", _W + "pPr", _W + "rPr"):
                continue
            elif tag == _W + "noBreakHyphen":
                out.append("-")
            else:
                walk(child)

    walk(p)
    return "\n".join(_line(x) for x in "".join(out).split("\n"))


def _docx_table(tbl: Any, numbering: "_Numbering") -> Table:
    rows: list[list[tuple[list[Block], int, bool]]] = []
    for tr in tbl.iterchildren(_W + "tr"):
        row: list[tuple[list[Block], int, bool]] = []
        for tc in tr.iterchildren(_W + "tc"):
            span = tc.find(f"{_W}tcPr/{_W}gridSpan")
            vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
            # a vertically merged cell's continuation is empty in the file: the text stands in
            # the first (vMerge="restart"), and the continuations (no val, or "continue") share it
            cont = vmerge is not None and vmerge.get(_W + "val", "continue") == "continue"
            row.append((list(_docx_blocks(tc, numbering)), _span(span.get(_W + "val")) if span is not None else 1,
                        cont))
        rows.append(row)
    return Table(grid_rows(rows))


class _Numbering:
    """Word's automatic list numbers ('1.', 'a)', '1.2.'), which the text runs do not hold:
    python-docx does not compute them, so the numbering part's levels are read here."""

    _FMT = {"decimal", "lowerLetter", "upperLetter", "lowerRoman", "upperRoman", "decimalZero"}

    def __init__(self, doc: Any) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> ilvl -> (fmt, text, start)
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        try:
            root = doc.part.numbering_part.element
        except Exception:  # no numbering part: no lists
            root = None
        if root is not None:
            abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
            for an in root.iterchildren(_W + "abstractNum"):
                abstract[an.get(_W + "abstractNumId")] = self._lvls(an)
            for num in root.iterchildren(_W + "num"):
                nid = num.get(_W + "numId")
                ref = num.find(_W + "abstractNumId")
                aid = ref.get(_W + "val") if ref is not None else None
                lv = dict(abstract.get(aid, {}))
                for ov in num.iterchildren(_W + "lvlOverride"):
                    il = int(ov.get(_W + "ilvl", "0"))
                    start = ov.find(_W + "startOverride")
                    if il in lv and start is not None:
                        fmt, text, _ = lv[il]
                        lv[il] = (fmt, text, int(start.get(_W + "val", "1")))
                self.levels[nid] = lv
                self.abstract_of[nid] = aid or nid
        try:
            styles = doc.styles.element
            for st in styles.iterchildren(_W + "style"):
                num_pr = st.find(f"{_W}pPr/{_W}numPr")
                if num_pr is not None:
                    nid = num_pr.find(_W + "numId")
                    il = num_pr.find(_W + "ilvl")
                    if nid is not None:
                        self.style_num[st.get(_W + "styleId")] = (nid.get(_W + "val"),
                                                                  int(il.get(_W + "val")) if il is not None else 0)
        except Exception:  # styles unreadable: paragraphs' own numbering still counts
            pass

    def _lvls(self, an: Any) -> dict[int, tuple[str, str, int]]:
        out = {}
        for lvl in an.iterchildren(_W + "lvl"):
            il = int(lvl.get(_W + "ilvl", "0"))
            fmt = lvl.find(_W + "numFmt")
            text = lvl.find(_W + "lvlText")
            start = lvl.find(_W + "start")
            out[il] = (fmt.get(_W + "val") if fmt is not None else "decimal",
                       text.get(_W + "val") if text is not None else "",
                       int(start.get(_W + "val", "1")) if start is not None else 1)
        return out

    def label(self, p: Any) -> str:
        num_pr = p.find(f"{_W}pPr/{_W}numPr")
        nid: str | None = None
        il = 0
        if num_pr is not None:
            n = num_pr.find(_W + "numId")
            lv = num_pr.find(_W + "ilvl")
            nid = n.get(_W + "val") if n is not None else None
            il = int(lv.get(_W + "val")) if lv is not None else 0
        else:
            style = p.find(f"{_W}pPr/{_W}pStyle")
            if style is not None and style.get(_W + "val") in self.style_num:
                nid, il = self.style_num[style.get(_W + "val")]
        if not nid or nid == "0" or nid not in self.levels:
            return ""
        levels = self.levels[nid]
        if il not in levels:
            return ""
        counts = self.counters.setdefault(self.abstract_of[nid], {})
        counts[il] = counts.get(il, levels[il][2] - 1) + 1
        for deeper in [k for k in counts if k > il]:
            del counts[deeper]
        fmt, text, _ = levels[il]
        if fmt == "bullet" or fmt not in self._FMT and fmt != "none":
            return "- " if text.strip() in ("-", "–", "+") or not text.strip() or ord(text[0]) > 0xE000 or \
                text.strip() in ("•", "·", "o", "§") else text.strip() + " "
        if fmt == "none":
            return ""

        def value(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            n = counts.get(k, levels.get(k, ("decimal", "", 1))[2])
            return _format_number(n, levels.get(k, (fmt, "", 1))[0])

        label = re.sub(r"%(\d)", value, text)
        return label + " " if label else ""


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = ""
        while n > 0:
            n, r = divmod(n - 1, 26)
            s = chr(ord("a") + r) + s
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        vals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
                (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
        s = ""
        for v, r in vals:
            while n >= v:
                s += r
                n -= v
        return s.upper() if fmt == "upperRoman" else s
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


# --- .html -------------------------------------------------------------------------------------

# the content containers of the big legal databases: vbpl.vn (toanvancontent), thuvienphapluat.vn
# (content1 inside divContentDoc), luatvietnam.vn (the-document-body), and common fulltext boxes
KNOWN_CONTAINERS = (
    "#toanvancontent", ".toanvancontent", "#divContentDoc .content1", ".cldivContentDocVn .content1",
    ".content1", "#divContentDoc", ".the-document-body", ".noidungtracuu", ".fulltext", ".box-content-vb",
    ".toan-van-container", "#noidung",
)
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "nav", "header", "footer", "form", "aside",
              "iframe", "button", "input", "select", "textarea", "object", "embed", "canvas", "map", "dialog")
# class/id words of menus, search boxes, related-document lists, share bars, tooltips
_BOILERPLATE = re.compile(
    r"(?:^|[-_\s])(?:menu|nav|navbar|breadcrumbs?|search|timkiem|footer|sidebar|related|lienquan|share|social"
    r"|comment|banner|advert|ads|quangcao|login|tooltip|theo-doi|popup|modal|cookie)(?:$|[-_\s\d])",
    re.IGNORECASE,
)
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "section",
               "article", "main", "center", "pre", "address", "dl", "dt", "dd", "figure", "figcaption", "hr",
               "body", "html", "tr", "tbody", "thead", "tfoot", "caption", "header", "footer", "nav", "aside"}
_NUMBER_LINE = re.compile(r"(?m)^\s*Số\s*(?:[:.]\s*\S|\d)", re.IGNORECASE)
_DATE_ANY = re.compile(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", re.IGNORECASE)
# the place-and-date line ('Quảng Nam, ngày 09 tháng 8 năm 2021'; offices also write 'Hà Nội, 15
# tháng 7 năm 2022' and 'Thanh An, ngày 06/4/2021'), not a deadline in the body
_DATE_LINE = re.compile(r"(?m)^\s*[^\d,\n]{2,60}?,\s*(?:ngày\s*)?\d{1,2}"
                        r"(?:\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|\s*/\s*\d{1,2}\s*/\s*\d{4})", re.IGNORECASE)
_HTML_WS = re.compile(r"\s+")


def read_html(data: bytes, name: str = "<input>") -> str:
    """A saved web page's document text, without the site's menus, search box, lists and footer
    (BeautifulSoup over lxml; the page's charset is honoured)."""
    from bs4 import BeautifulSoup, Comment

    try:
        soup = BeautifulSoup(data, "lxml")
    except Exception as exc:  # lxml refuses very little; say so in one line if it does
        raise InputError(name, f"is an unreadable HTML page ({type(exc).__name__})") from None
    if _depth(soup) > MAX_HTML_DEPTH:
        raise InputError(name, f"is an HTML page nested more than {MAX_HTML_DEPTH} levels deep")
    for el in soup(["script", "style", "noscript", "template"]):
        el.decompose()
    for c in soup.find_all(string=lambda s: isinstance(s, Comment)):
        c.extract()
    try:
        root, keep = _content_root(soup)
        _prune(root, keep)
        return render_blocks(_HtmlWalker().blocks(root))
    except RecursionError:
        raise InputError(name, "is an HTML page nested too deeply to read") from None


def _content_root(soup: Any) -> tuple[Any, list[Any]]:
    """The element holding the document: a known database container, else the smallest ancestor
    of the `Số:` and place-and-date lines that carries nearly as much text that is not links as
    any of them (a menu, a list of related documents, a box of the page's metadata beside the
    document add little or lower it), else the page's body."""
    marks = _marks(soup)
    for sel in KNOWN_CONTAINERS:
        el = soup.select_one(sel)
        if el is not None:
            text = el.get_text(" ")
            if _NUMBER_LINE.search(text) or _DATE_ANY.search(text) or len(text) > 500:
                return el, [m for m in marks if el in m.parents]
    body = soup.body or soup
    if not marks:
        return body, []  # no official document: the parser will say so; the page's chrome is pruned
    start = marks[0] if len(marks) == 1 else _common_ancestor(marks[0], marks[1])
    chain = [start] + [a for a in start.parents if a is not None and a.name not in ("[document]", "html")][:40]
    scores = [_score(a) for a in chain]
    top = max(scores)
    best = next(a for a, sc in zip(chain, scores) if sc >= 0.9 * top)
    return best, marks


def _marks(soup: Any) -> list[Any]:
    """The elements of the document's `Số:` line and place-and-date line: of the innermost
    elements holding such lines, the pair that stands closest together in the page (a site's
    footer may carry a licence 'Số: ...' of its own)."""
    numbers = _innermost(soup, _NUMBER_LINE, _NUMBER_CUE)
    dates = _innermost(soup, _DATE_LINE, _DATE_CUE)
    if not numbers or not dates:
        return (numbers or dates)[:1]

    def depth(el: Any) -> int:
        return sum(1 for _ in el.parents)

    best = max(((n, d) for n in numbers[:50] for d in dates[:50]),
               key=lambda nd: depth(_common_ancestor(nd[0], nd[1])))
    return list(best)


# a text node that may open the number line or the place-and-date line (its element is then read)
_NUMBER_CUE = re.compile(r"^\s*Số\b")
_DATE_CUE = re.compile(r"ngày\s*(?:\d|$)|,\s*\d{1,2}\s+tháng\s", re.IGNORECASE)


def _innermost(soup: Any, pattern: re.Pattern[str], cue: re.Pattern[str]) -> list[Any]:
    """The innermost elements holding a line that matches `pattern`, found from the text nodes
    that match `cue`: each climbs through inline elements to its block (a paragraph, a cell) and
    no further, so the page is read a bounded number of times however many dates the body holds."""
    found: list[Any] = []
    seen: set[int] = set()
    for node in soup.find_all(string=cue):
        el = node.parent
        for _ in range(8):
            # the page's <title> repeats the number ('Số: 905/UBDT-GD - ...') but is no content
            if el is None or el.name in ("[document]", "html", "body", "title", "head"):
                break
            text = el.get_text()
            if pattern.search(text):
                if id(el) not in seen:
                    seen.add(id(el))
                    found.append(el)
                break
            if el.name in _BLOCK_TAGS or el.name in ("td", "th") or len(text) >= 400:
                break
            el = el.parent
    return found


def _common_ancestor(a: Any, b: Any) -> Any:
    seen = {id(a)} | {id(p) for p in a.parents}
    if id(b) in seen:
        return b
    for p in b.parents:
        if id(p) in seen:
            return p
    return a


def _score(el: Any) -> int:
    """Text that is not links, less twice the text of links: a menu or a list of related
    documents makes an element score lower than the document beside it."""
    total = len(_HTML_WS.sub(" ", el.get_text(" ")))
    links = sum(len(_HTML_WS.sub(" ", a.get_text(" "))) for a in el.find_all("a"))
    return total - 3 * links


def _prune(root: Any, keep: list[Any]) -> None:
    """Drop what is no document inside the content element, keeping whatever holds `keep`."""
    protected = {id(m) for m in keep} | {id(p) for m in keep for p in m.parents}
    doomed = [el for el in root.find_all(True) if id(el) not in protected and _chrome(el)]
    dropped: set[int] = set()
    for el in doomed:  # in document order: an element inside one dropped already goes with it
        if not any(id(p) in dropped for p in el.parents):
            dropped.add(id(el))
            el.extract()


def _chrome(el: Any) -> bool:
    """A page's furniture: a menu, form or footer tag, a class or id that names one, or a list
    whose text is nearly all links (related documents)."""
    if el.name in _DROP_TAGS:
        return True
    words = " ".join([el.get("id") or ""] + list(el.get("class") or []))
    if words.strip() and _BOILERPLATE.search(words):
        return True
    if el.name in ("ul", "ol", "div", "table"):
        links = el.find_all("a")
        if len(links) >= 3:
            text = len(_HTML_WS.sub("", el.get_text()))
            linked = sum(len(_HTML_WS.sub("", a.get_text())) for a in links)
            return bool(text) and linked > 0.8 * text
    return False


MAX_HTML_DEPTH = 300  # real pages nest a few dozen levels; walking a deeper tree costs its depth per element


def _depth(soup: Any) -> int:
    """How deep the page's elements nest, in one pass (a parent comes before its children)."""
    depth = {id(soup): 0}
    deepest = 0
    for el in soup.descendants:
        d = depth.get(id(el.parent), 0) + 1
        if hasattr(el, "contents"):
            depth[id(el)] = d
        deepest = max(deepest, d)
    return deepest


class _HtmlWalker:
    """HTML to blocks: block elements are paragraphs, <br> a line break, tables kept as tables."""

    def blocks(self, el: Any) -> list[Block]:
        self.out: list[Block] = []
        self.pieces: list[str] = []
        self._walk(el)
        self._flush()
        return self.out

    def _flush(self) -> None:
        text = "".join(self.pieces)
        self.pieces = []
        lines = [_line(ln) for ln in text.split("\n")]
        para = "\n".join(ln for ln in lines if ln)
        if para:
            self.out.append(para)

    def _walk(self, el: Any) -> None:
        from bs4 import NavigableString, Tag

        for child in el.children:
            if isinstance(child, Tag):
                name = child.name
                if name == "br":
                    self.pieces.append("\n")
                elif name == "pre":
                    self._flush()
                    self.pieces.append(child.get_text())  # its line breaks are the text's
                    self._flush()
                elif name == "table":
                    self._flush()
                    self.out.append(self._table(child))
                elif name in _BLOCK_TAGS:
                    self._flush()
                    before = len(self.out)
                    if name == "li":
                        self.pieces.append(self._bullet(child))
                    self._walk(child)
                    self._flush()
                    if name == "p" and len(self.out) == before:
                        self.out.append("")  # an empty paragraph, as a .docx has it: the space left to sign in
                else:
                    self._walk(child)
            elif isinstance(child, NavigableString) and type(child).__name__ == "NavigableString":
                self.pieces.append(_HTML_WS.sub(" ", str(child)))

    @staticmethod
    def _bullet(li: Any) -> str:
        first = li.get_text(strip=True)[:1]
        parent = li.parent
        if first in ("-", "+", "•", "–") or parent is None:
            return ""
        if parent.name == "ol":
            items = [x for x in parent.find_all("li", recursive=False)]
            try:
                start = int(parent.get("start", "1"))
            except ValueError:
                start = 1
            n = start + next((i for i, x in enumerate(items) if x is li), 0)
            kind = parent.get("type", "1")
            if kind in ("a", "A"):
                return _format_number(n, "lowerLetter" if kind == "a" else "upperLetter") + ") "
            if kind in ("i", "I"):
                return _format_number(n, "lowerRoman" if kind == "i" else "upperRoman") + ". "
            return f"{n}. "
        return "- "

    def _table(self, table: Any) -> Table:
        rows: list[list[tuple[list[Block], int, bool]]] = []
        pending: dict[int, int] = {}  # grid column -> rows a rowspan above still covers
        for tr in table.find_all("tr"):
            if tr.find_parent("table") is not table:
                continue
            row: list[tuple[list[Block], int, bool]] = []
            col = 0
            for td in tr.find_all(["td", "th"], recursive=False):
                while pending.get(col, 0) > 0:  # a cell of a rowspan above stands here
                    pending[col] -= 1
                    row.append(([], 1, True))
                    col += 1
                span = _span(td.get("colspan", 1))
                down = _span(td.get("rowspan", 1))
                row.append((_HtmlWalker().blocks(td), span, False))
                for k in range(span if down > 1 else 0):
                    pending[col + k] = down - 1
                col += span
            while pending.get(col, 0) > 0:
                pending[col] -= 1
                row.append(([], 1, True))
                col += 1
            rows.append(row)
        return Table(grid_rows(rows))


# --- pages of words: the layout shared by .pdf and OCR ------------------------------------------


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class Line:
    words: list[Word]

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def group_lines(words: Iterable[Word]) -> list[Line]:
    """Words into lines: a word whose middle lies within the current line's height joins it."""
    lines: list[Line] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        mid = (w.top + w.bottom) / 2
        if lines and lines[-1].top - 1 <= mid <= lines[-1].bottom + 1:
            lines[-1].words.append(w)
        else:
            lines.append(Line([w]))
    for ln in lines:
        ln.words.sort(key=lambda w: w.x0)
    return lines


def _segments(line: Line, gap: float) -> list[Line]:
    """A line cut where the space between two words is a column gutter: wider than `gap` and than
    three times the line's usual space (a justified line stretches all its spaces alike)."""
    spaces = sorted(b.x0 - a.x1 for a, b in zip(line.words, line.words[1:]))
    if spaces:
        # the usual space, at most a third of the line's height (a line of a few words in table
        # cells has only gutters between them)
        usual = min(spaces[(len(spaces) - 1) // 2], 0.35 * (line.bottom - line.top))
        gap = max(gap, 3 * usual)
    out = [Line([line.words[0]])]
    for w in line.words[1:]:
        if w.x0 - out[-1].x1 > gap:
            out.append(Line([w]))
        else:
            out[-1].words.append(w)
    return out


# lines that open a part of the header or the signature block
_PART_START = re.compile(
    r"^(?:Số\s*[:.]?\s*\d|Số\s*:|V/v\b|Về việc\b|[^\d,\n]{2,60}?,\s*ngày\s+\d{1,2}\s+tháng|Nơi\s+nhận"
    r"|(?:TM|KT|TL|TUQ|Q|T/M|K/T)\s*[./]?\s+\S)",
    re.IGNORECASE,
)
_BODY_START = re.compile(r"^(?:Kính\s+gửi|Căn\s+cứ|Thực\s+hiện|\d{1,2}\.\s|[IVX]{1,5}\.\s)", re.IGNORECASE)
_ITEM_START = re.compile(
    r"^(?:[IVXLC]{1,6}\s*\.|\d{1,2}(?:\.\d{1,2})*\s*[.)]|[a-zđ]\s*\)|[-+•–]\s|Điều\s+\d|Chương\s+[IVXLC\d]"
    r"|Nơi\s+nhận|Kính\s+gửi|Căn\s+cứ|Phụ\s+lục|\|)"
)


def layout_text(lines: list[Line], tables: list[tuple[float, str]] | None = None) -> str:
    """A page's lines as the text of a letter: blocks laid out in two columns (the header, the
    signature) column by column; other lines joined into paragraphs; tables (given by their top
    and rendered text) in their place."""
    if not lines and not tables:
        return ""
    heights = sorted(ln.height for ln in lines) or [10.0]
    h = heights[len(heights) // 2] or 10.0
    gap = 0.9 * h
    left = min((ln.x0 for ln in lines), default=0.0)
    right = max((ln.x1 for ln in lines), default=0.0)
    items: list[tuple[float, str]] = list(tables or [])
    i = 0
    body: list[Line] = []

    def flush_body() -> None:
        if body:
            items.append((body[0].top, _paragraphs(body, left, right, h)))
            body.clear()

    table_tops = sorted(top for top, _ in items)
    while i < len(lines):
        if body and any(body[-1].top < t <= lines[i].top for t in table_tops):
            flush_body()  # a table stands between this line and the one before: two runs of body
        segs = _segments(lines[i], gap)
        if len(segs) >= 3:
            # three or more columns: a table without rules (or a scan's, whose rules OCR drops)
            flush_body()
            text, i = _unruled_table(lines, i, segs, gap, h)
            items.append((segs[0].top, text))
            continue
        if len(segs) == 2:
            lo, hi = segs[0].x1, segs[1].x0
            # a right-column line just above (the signature's 'TM. ỦY BAN NHÂN DÂN') belongs in
            pull: list[Line] = []
            while body and body[-1].x0 > hi - 1 and len(_segments(body[-1], gap)) == 1:
                pull.insert(0, body.pop())
            flush_body()
            left_col: list[Line] = [segs[0]]
            right_col: list[Line] = pull + [segs[1]]
            for ln in pull:
                hi = min(hi, ln.x0)
            j = i + 1
            while j < len(lines):
                s = _segments(lines[j], gap)
                if len(s) == 2 and s[0].x1 <= hi and s[1].x0 >= lo:
                    lo, hi = max(lo, s[0].x1), min(hi, s[1].x0)
                    left_col.append(s[0])
                    right_col.append(s[1])
                elif len(s) == 1 and lines[j].x1 <= hi and not (
                        _BODY_START.match(lines[j].text) or lines[j].top - left_col[-1].bottom > 1.5 * h):
                    # a left line after a wide gap, or opening the body ('Kính gửi:'), ends the block
                    lo = max(lo, lines[j].x1)
                    left_col.append(lines[j])
                elif len(s) == 1 and lines[j].x0 >= lo:
                    hi = min(hi, lines[j].x0)
                    right_col.append(lines[j])
                else:
                    break
                j += 1
            top = min(left_col[0].top, right_col[0].top)
            items.append((top, _column(left_col, h, x_from=left) + "\n\n" + _column(right_col, h)))
            i = j
            continue
        body.append(lines[i])
        i += 1
    flush_body()
    items.sort(key=lambda x: x[0])
    return "\n\n".join(t for _, t in items if t.strip())


def _unruled_table(lines: list[Line], i: int, segs: list[Line], gap: float, h: float) -> tuple[str, int]:
    """Pipe rows from the lines from `i` on whose pieces stand in the columns of line `i`: a line
    with a piece in the first column starts a row, one without continues the row's cells (a cell
    wrapped onto the next line)."""
    starts = [sg.x0 for sg in segs]
    rows = [[sg.text for sg in segs]]
    bottom = lines[i].bottom
    j = i + 1
    while j < len(lines) and lines[j].top - bottom <= 1.5 * h:
        s = _segments(lines[j], gap)
        cols = [_column_index(sg.x0, starts, h) for sg in s]
        if any(c is None for c in cols) or len(set(cols)) != len(cols) or (len(s) == 1 and cols[0] == 0):
            break
        # a piece running over into the next column, or a line opening a numbered part ('III.',
        # '1.'), is the body after the table, whose first line is indented into a column
        if any(c + 1 < len(starts) and sg.x1 > starts[c + 1] - 0.5 * h for c, sg in zip(cols, s)) or \
                (len(s) == 1 and _NUMBERED.match(s[0].text)):  # type: ignore[operator]
            break
        if cols[0] == 0:
            rows.append([""] * len(starts))
        for c, sg in zip(cols, s):
            rows[-1][c] = f"{rows[-1][c]} {sg.text}".strip()  # type: ignore[index]
        bottom = lines[j].bottom
        j += 1
    return "\n".join("| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows), j


_NUMBERED = re.compile(r"^(?:[IVXLC]{1,6}|\d{1,2}(?:\.\d{1,2})*)\s*\.\s")


def _column_index(x0: float, starts: list[float], h: float) -> int | None:
    if x0 < starts[0] - h:
        return None
    return max(k for k, st in enumerate(starts) if st <= x0 + h) if x0 >= starts[0] - h else None


def _column(lines: list[Line], h: float, x_from: float | None = None) -> str:
    """One column of a two-column block: its lines kept as lines, a wide gap or the start of a
    header part (number, subject, date, signature) a paragraph break. A line the column wrapped
    is joined back where that shows: a line ending so a name cannot end ('... VÀ'), the motto's
    fixed words, or (the left column, starting at `x_from`) a centred line of capitals with too
    little room beside it for the next line's first word."""
    out: list[str] = []
    prev: Line | None = None
    for ln in sorted(lines, key=lambda x: x.top):
        if prev is not None:
            if ln.top - prev.bottom > 0.9 * h or _PART_START.match(ln.text):
                out.append("\n\n")
            elif _wrapped_motto(out[-1], ln.text) or (_CONTINUES.search(out[-1]) and not _BULLET.match(ln.text)) \
                    or (x_from is not None and _wrapped_heading(prev, ln, x_from, h)):
                out.append(" ")
            else:
                out.append("\n")
        out.append(ln.text)
        prev = ln
    return "".join(out)


# a line ending so cannot end a name or a heading: the column wrapped it ('BỘ GIÁO DỤC VÀ' / 'ĐÀO TẠO')
_CONTINUES = re.compile(r"(?:\s(?:và|của|về|với|cho|các)|[-–,]|(?:^|\s)số\s*[:.]?)\s*$", re.IGNORECASE)
# a line opening an item of a list ('- Các ban đảng Trung ương,' after '- Các tỉnh ủy, thành ủy,')
_BULLET = re.compile(r"^[-+•–]\s")
# the fixed lines of the national motto and the Party's heading, which a narrow column wraps
_MOTTO_LINES = ("cong hoa xa hoi chu nghia viet nam", "doc lap - tu do - hanh phuc", "dang cong san viet nam")


def _wrapped_motto(line: str, nxt: str) -> bool:
    """`line` is the start of a motto line and `nxt` its end ('... CHỦ NGHĨA VIỆT' / 'NAM')."""
    a, joined = fold(line).strip(), " ".join(fold(line + " " + nxt).split())
    return any(m.startswith(a) and len(a) < len(m) and m.startswith(joined) for m in _MOTTO_LINES)


# the words an organisation's name starts with (folded): a line of the issuer starting so is a
# name of its own, not the end of the line above
_ORG_HEAD = re.compile(
    r"^(?:uy ban|ubnd|hoi dong|so|ban|phong|hoi|tinh|huyen|thanh pho|quan|thi xa|xa|phuong|thi tran|bo|cuc"
    r"|tong cuc|chi cuc|vu|vien|hoc vien|truong|trung tam|van phong|dang|doan|cong an|bo chi huy|kho bac"
    r"|ngan hang|cong ty|tong cong ty|chi nhanh|benh vien|toa an|vien kiem sat|mat tran|lien doan)\b"
)


def _wrapped_heading(prev: Line, ln: Line, x_from: float, h: float) -> bool:
    """`prev`, a centred line of capitals in the page's left column, was wrapped there and `ln`
    holds its end ('HỘI KHUYẾN HỌC TỈNH BẮC' / 'KẠN'): `prev` is centred with less room on
    each side than half of `ln`'s first word, which would have fitted on it otherwise. The
    column starts where the page's text starts (`x_from`); a cell set further in leaves more
    room, and its lines are left as they are."""
    if not (_is_upper(prev.text) and _is_upper(ln.text)) or ln.x1 > prev.x1 or ln.x0 < prev.x0:
        return False
    if _ORG_HEAD.match(fold(ln.text)):
        return False  # a body's name of its own ('TỈNH ỦY HÀ TĨNH' / 'BAN TUYÊN GIÁO'), set on its line
    first = ln.words[0].x1 - ln.words[0].x0
    return 2 * (prev.x0 - x_from) < first + 0.5 * h


def _split_parts(text: str) -> str:
    """A cell's lines with a paragraph break before each header or signature part, as a text
    letter has them (the issuer's lines stay together; 'Số: ...' starts its own paragraph)."""
    lines = text.split("\n")
    out = lines[:1]
    for ln in lines[1:]:
        out.append(("\n\n" if out[-1] and out[-1] != "\n\n" and _PART_START.match(ln) else "\n") + ln)
    return "".join(out)


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _paragraphs(lines: list[Line], left: float, right: float, h: float) -> str:
    """Body lines joined into paragraphs: a new one after a wide gap, at an item's number or
    bullet, at an indented first line, after a line that ends short, or where capitals change."""
    gaps = sorted(b.top - a.bottom for a, b in zip(lines, lines[1:]))
    usual = gaps[len(gaps) // 2] if gaps else 0.0
    width = max(right - left, 1.0)
    mid = (left + right) / 2
    out: list[str] = []
    prev: Line | None = None
    for ln in lines:
        if prev is not None:
            centered = abs((ln.x0 + ln.x1) / 2 - mid) < 0.06 * width and ln.x0 > left + 0.08 * width
            prev_centered = abs((prev.x0 + prev.x1) / 2 - mid) < 0.06 * width and prev.x0 > left + 0.08 * width
            new = (
                ln.top - prev.bottom > usual + 0.45 * h
                or bool(_ITEM_START.match(ln.text))
                or _is_upper(prev.text) != _is_upper(ln.text)
                or (not centered and ln.x0 > left + 0.02 * width + 4)
                or (not prev_centered and prev.x1 < right - 0.12 * width)
                or centered != prev_centered
            )
            out.append("\n\n" if new else " ")
        out.append(ln.text)
        prev = ln
    return "".join(out)


# --- .pdf --------------------------------------------------------------------------------------

MIN_TEXT_CHARS = 20  # a page with fewer characters in its text layer is a scan: it is OCR'd


def read_pdf(data: bytes, name: str = "<input>") -> tuple[str, str]:
    """A PDF's text from its text layer (pdfplumber), pages without one through OCR; returns the
    text and the reader ('pdf', or 'ocr' when any page was a scan)."""
    import pdfplumber

    pages: list[str] = []
    ocr = False
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise InputError(name, f"has more than {MAX_PAGES} pages")
            for page in pdf.pages:
                chars = [c for c in page.chars if c.get("text", "").strip()]
                if len(chars) < MIN_TEXT_CHARS:
                    _require_tesseract(name)
                    image = page.to_image(resolution=OCR_DPI).original
                    pages.append(ocr_page(image, name))
                    ocr = True
                else:
                    pages.append(_pdf_page(page))
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many kinds on a damaged or truncated file
        causes = [exc, exc.__cause__, exc.__context__, *exc.args]
        if any("password" in type(c).__name__.lower() for c in causes if c is not None):
            raise InputError(name, "is a password-protected PDF: save a copy without the password") from None
        raise InputError(name, f"is a damaged PDF ({type(exc).__name__}: {str(exc)[:80]})") from None
    text = "\n\n".join(p for p in pages if p.strip())
    if not text.strip():
        raise InputError(name, "is a PDF with no readable text")
    return text, "ocr" if ocr else "pdf"


def _pdf_page(page: Any) -> str:
    tables = []
    boxes = []
    for t in page.find_tables():
        rows = t.extract()
        # a cell's lines stay lines: a layout table's cell is read line by line, a data table's joined
        table = Table([[(c or "").split("\n") for c in row] for row in rows])
        tables.append((t.bbox[1], render_table(table)))
        boxes.append(t.bbox)

    def outside(w: dict[str, Any]) -> bool:
        cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    words = [Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"])
             for w in page.extract_words(x_tolerance=1.5, y_tolerance=3) if outside(w)]
    return layout_text(group_lines(words), tables)


# --- scans: OCR --------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _tesseract_state() -> str | None:
    """Why OCR cannot run here, or None when Tesseract and its Vietnamese data are installed."""
    import pytesseract

    cmd = pytesseract.pytesseract.tesseract_cmd
    if shutil.which(cmd) is None:
        return f"is a scan, and reading it needs Tesseract OCR: install the Debian packages {OCR_PACKAGES}"
    try:
        langs = pytesseract.get_languages(config="")
    except Exception:  # a broken install answers nothing useful
        langs = []
    if OCR_LANG not in langs:
        return "is a scan, and reading it needs Tesseract's Vietnamese data: install the Debian package tesseract-ocr-vie"
    return None


def _require_tesseract(name: str) -> None:
    reason = _tesseract_state()
    if reason:
        raise InputError(name, reason)


def read_image(data: bytes, name: str = "<input>") -> str:
    """A scanned page (PNG, JPEG, TIFF, every frame of a multi-page TIFF) through OCR."""
    from PIL import Image, ImageOps, ImageSequence

    _require_tesseract(name)
    try:
        img = Image.open(io.BytesIO(data))
        # a phone photo stores its rotation in EXIF: turn the page upright first
        frames = [ImageOps.exif_transpose(f.copy()) for f in ImageSequence.Iterator(img)][:MAX_PAGES]
    except Image.DecompressionBombError:
        raise InputError(name, "is an image too large to read") from None
    except Exception as exc:  # Pillow raises many kinds on a damaged image
        raise InputError(name, "is a damaged image: no PNG, JPEG or TIFF reader can open it") from None
    text = "\n\n".join(t for t in (ocr_page(f, name) for f in frames) if t.strip())
    if not text.strip():
        raise InputError(name, "is an image with no readable text (OCR found none)")
    return text


_RULE_TOKEN = re.compile(r"^[|¦\[\]]+$")  # a table's rule read as a character
RULE_DARK = 0.15  # a stretch of a pixel row or column this dark on average (0 black, 1 white) is a rule


def erase_rules(img: Any) -> tuple[Any, bool]:
    """The page with the long straight lines of a table's rules (and the motto's underline)
    painted white: Tesseract misses a cell's lone digit between rules, or reads a rule as '|'.
    A rule is a pixel column (row) nearly all dark over a band of the page's height (width) -
    text, with the space between its lines, never is - and it is followed from there to its ends.
    The bands' averages come from Pillow's box resize, in C. Also says whether it found a
    vertical rule (a ruled table)."""
    w, h = img.size
    bands = 24
    band_h, band_w = max(1, h // bands), max(1, w // bands)
    cols = img.resize((w, bands), resample=_box()).load()  # each column's mean over each band
    rows = img.resize((bands, h), resample=_box()).load()
    limit = 255 * RULE_DARK
    seeds_x = {(x, b) for b in range(bands) for x in range(w) if cols[x, b] < limit}
    seeds_y = {(y, b) for b in range(bands) for y in range(h) if rows[b, y] < limit}
    if not seeds_x and not seeds_y:
        return img, False
    out = img.copy()
    px = out.load()
    for x, b in seeds_x:
        _paint_run(px, ((x, y) for y in range(b * band_h, -1, -1)))
        _paint_run(px, ((x, y) for y in range(b * band_h + 1, h)))
    for y, b in seeds_y:
        _paint_run(px, ((x, y) for x in range(b * band_w, -1, -1)))
        _paint_run(px, ((x, y) for x in range(b * band_w + 1, w)))
    return out, bool(seeds_x)


def vertical_rules(img: Any) -> list[tuple[float, float, float]]:
    """Each vertical rule of a table on the page as (x, top, bottom): a pixel column nearly all
    dark over at least two bands of the page's height, a rule drawn several pixels wide counted
    once."""
    w, h = img.size
    bands = 24
    band_h = max(1, h // bands)
    cols = img.resize((w, bands), resample=_box()).load()
    limit = 255 * RULE_DARK
    groups: list[tuple[list[int], set[int]]] = []
    for x in range(w):
        dark = {b for b in range(bands) if cols[x, b] < limit}
        if len(dark) < 2:
            continue
        if groups and x - groups[-1][0][-1] <= 2:
            groups[-1][0].append(x)
            groups[-1][1].update(dark)
        else:
            groups.append(([x], dark))
    px = img.load()
    out = []
    for xs, bs in groups:
        x = xs[len(xs) // 2]
        top, bottom = min(bs) * band_h, min(h - 1, (max(bs) + 1) * band_h)
        while top > 0 and px[x, top - 1] < 128:  # followed to its ends, past the bands
            top -= 1
        while bottom < h - 1 and px[x, bottom + 1] < 128:
            bottom += 1
        out.append(((xs[0] + xs[-1]) / 2, float(top), float(bottom)))
    return out


def split_at_rules(word: "Word", rules: list[tuple[float, float, float]]) -> list["Word"]:
    """A word Tesseract read across a table's vertical rule (once the rule is erased, the end of
    one cell's line and the start of the next cell's can read as one word, 'Thể__UBND') cut
    where the rule stood, its characters shared in proportion to the width, the pieces a
    column's gutter apart; no word of a cell crosses its rules. What the rule left ('_', '|')
    goes."""
    hgt = word.bottom - word.top
    pad = 0.15 * hgt
    mid = (word.top + word.bottom) / 2
    inside = sorted(x for x, top, bottom in rules if word.x0 + pad < x < word.x1 - pad and top <= mid <= bottom)
    if not inside:
        return [word]
    out: list[Word] = []
    text, x0 = word.text, word.x0
    for r in inside:
        k = round(len(text) * (r - x0) / max(word.x1 - x0, 1.0))
        left, text = text[:k].rstrip("_|¦ "), text[k:].lstrip("_|¦ ")
        if left:
            out.append(Word(left, x0, max(x0 + 1, r - hgt), word.top, word.bottom))
        x0 = r + hgt
    if text:
        out.append(Word(text, min(x0, word.x1 - 1), word.x1, word.top, word.bottom))
    return out


def _paint_run(px: Any, points: Iterator[tuple[int, int]]) -> None:
    """Paint white along `points` while they are dark (one rule, up to where it ends; a stretch
    painted already from another band stops the walk at once)."""
    for p in points:
        if px[p] >= 128:
            return
        px[p] = 255


def _box() -> Any:
    from PIL import Image

    return Image.Resampling.BOX


def _lanczos() -> Any:
    from PIL import Image

    return Image.Resampling.LANCZOS


A4_WIDTH_300DPI = 2480
MIN_OCR_WIDTH = 1600  # narrower than an A4 page at about 200 dpi: enlarged before OCR


def ocr_page(image: Any, name: str = "<input>") -> str:
    """One page image read by Tesseract (Vietnamese), its words laid out like a PDF page's."""
    import pytesseract

    img = image.convert("L")
    if img.width < MIN_OCR_WIDTH:
        # a scan at low resolution: Tesseract reads text some 30 pixels high best (300 dpi)
        k = min(3.0, A4_WIDTH_300DPI / img.width)
        img = img.resize((int(img.width * k), int(img.height * k)), resample=_lanczos())
    rules = vertical_rules(img)
    img, ruled = erase_rules(img)
    # Tesseract's OpenMP threads cost more than they give on a page (1.6 s a page on one thread,
    # 5 s on two cores shared with other work) and fight the build's own worker processes; the
    # user's own setting wins
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        d = pytesseract.image_to_data(img, lang=OCR_LANG, config=f"--psm {OCR_TABLE_PSM if ruled else OCR_PSM}",
                                      output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError as exc:
        raise InputError(name, f"could not be read by OCR ({str(exc)[:80]})") from None
    words = []
    for text, conf, x, y, w, hgt in zip(d["text"], d["conf"], d["left"], d["top"], d["width"], d["height"]):
        if text.strip() and float(conf) >= 0 and not _RULE_TOKEN.match(text.strip()):
            words.extend(split_at_rules(Word(nfc(text.strip()), float(x), float(x + w), float(y), float(y + hgt)),
                                        rules))
    if not words:
        return ""
    return layout_text(group_lines(words))
