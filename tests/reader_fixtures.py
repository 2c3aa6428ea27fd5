"""Files made from the team's test letters (tests/data/letters/*.md, invented content) in the
layouts people have them in: a .docx in the Nghị định 30/2020 template (header and signature in
borderless tables, task tables as Word tables), a PDF with a text layer and a two-column header, a
saved web page with a site's menus around the letter, page images for OCR, UTF-16 text.

`load_letter` cuts a text letter into the parts a template lays out: the header (issuer, the
national motto or the Party's heading, number, place-and-date, V/v subject, in either order), the
body (paragraphs, markdown pipe tables as tables), 'Nơi nhận' and the signature (before or after
it), and whatever is attached after the signature (a plan, a regulation, a PHỤ LỤC with its
table and, maybe, its own signature). A header flattened onto shared lines (issuer and motto on
one line, number and date on one) is split back into its two columns, as the file had them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DEJAVU_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")

# the place-and-date line: 'Hà Nội, ngày 9 tháng 11 năm 2022', 'Hà Nội, 15 tháng 7 năm 2022',
# 'Thanh An, ngày 06/4/2021'
_PLACE_DATE = re.compile(r"[^\d,|]{2,40},\s*(?:ngày\s*)?\d{1,2}(?:\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|/\d{1,2}/\d{4})")
_NUMBER = re.compile(r"^(?:[A-ZĐ][^\d:|]{0,24}\s)?[Ss]ố\s*[:.]?\s*\S")
_MOTTO = re.compile(r"CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM", re.IGNORECASE)
_MOTTO_2 = re.compile(r"Độc\s+lập\s*-", re.IGNORECASE)
_MARK = re.compile(r"^(?:TM|KT|TL|TUQ|Q|T/M|K/T)\s*[./]?\s+\S")
_SIGNED = re.compile(r"^\((?:đã ký|Đã ký|ký|Ký)[^)]*\)$")
_ITEM = re.compile(r"^(?:[-+•–]\s|\d{1,2}(?:\.\d{1,2})*\s*[.)]\s|[a-zđ]\)\s|[IVXLC]{1,6}\.\s|Điều\s+\d)")


@dataclass
class Signature:
    """A signature block: the post lines (a mark, the posts), then the name."""

    posts: list[str]
    name: list[str]


# a body block: a paragraph (its lines joined by '\n' are line breaks within it), a table (rows of
# cells; a cell's lines joined by '\n'), or a signature standing alone (an attachment's)
Block = Union[str, list, Signature]


@dataclass
class Letter:
    """A test letter cut into the parts a template lays out."""

    issuer: list[str]
    motto: list[str]
    number: str
    subject: list[str]  # a công văn's V/v lines, under the number
    date: str
    body: list[Block]  # paragraphs and tables (lists of rows), as the body has them
    cc: list[str]  # 'Nơi nhận:' and its items
    signature: list[list[str]]  # the post lines, then the name
    after: list[Block] = field(default_factory=list)  # what is attached after the signature
    sign_first: bool = False  # the signature stands before 'Nơi nhận' (Party letters)


def _clean(md: str) -> str:
    md = md.replace("\\|", "\u2502")  # an escaped bar inside a cell is no column break
    md = re.sub(r"(?m)\*\*|\^\([^)]*\)|^#+\s+", "", md)
    md = re.sub(r"(?m)[ \t]*\*[^\s*]{1,6}\*[ \t]*$", "", md)
    md = re.sub(r"(?m)^\*([^*\n]+)\*$", r"\1", md)
    md = re.sub(r"(?m)^(Handwritten signature|\d{1,3})\s*$", "", md)
    md = re.sub(r"(?m)^[ \t]*\|?(?:\s*:?-{3,}:?\s*\|)+\s*$", "", md)  # a pipe table's rule row
    return re.sub(r"(?m)[ \t]+$", "", md)


def _upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _is_post(line: str) -> bool:
    return bool(_MARK.match(line)) or (_upper(line) and len(line) < 60 and not _ITEM.match(line)
                                       and not line.endswith((":", ".")))


def _is_name(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 6 and not re.search(r"[\d:;.,()]", line) and all(w[0].isupper() for w in words)


def _pipe_row(line: str) -> list[str] | None:
    s = line.strip()
    if s.count("|") < 2 or not s.endswith("|"):
        return None
    cells = s.strip("|").split("|")
    return [re.sub(r"\s*<br\s*/?>\s*", "\n", c.strip()).replace("\u2502", "|") for c in cells]


def _paragraph_pieces(lines: list[str]) -> list[str]:
    """A markdown paragraph as the paragraphs a word processor holds: an item's number or bullet,
    or 'Kính gửi:', opens a paragraph of its own; a wrapped line continues the one before. A block
    of capitals (a heading in two lines) keeps its line breaks."""
    if all(_upper(ln) for ln in lines):
        return ["\n".join(lines)]
    out: list[str] = []
    for ln in lines:
        if not out or _ITEM.match(ln) or (out[-1].startswith("Kính gửi") and out[-1].endswith(":")):
            out.append(ln)
        else:
            out[-1] += " " + ln
    return out


def _blocks(paras: list[list[str]]) -> list:
    """Paragraphs and pipe tables (consecutive paragraphs of pipe rows are one table)."""
    out: list = []
    for p in paras:
        rows = [_pipe_row(ln) for ln in p]
        if all(r is not None for r in rows):
            if out and isinstance(out[-1], list) and out[-1] and len(out[-1][0]) == len(rows[0]):
                out[-1].extend(rows)
            else:
                out.append(list(rows))
        else:
            out.extend(_paragraph_pieces(p))
    return out


_PLACE_IN_LINE = re.compile(r"(?:^|(?<=\s))[^\s\d,|/][^\d,|/]{1,39},\s*(?:ngày\s*)?\d{1,2}"
                            r"(?:\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|/\d{1,2}/\d{4})")
_RULE_LINE = re.compile(r"^[-_=*\s]{3,}$")


def _columns(line: str) -> list[tuple[str, str]]:
    """A header line as its column pieces, (text, 'left' | 'right' | 'whole'): a line flattened
    from two columns ('ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI ...', 'Số: 311/UBND-VX Vị Thanh, ngày ...',
    a pipe row 'issuer | motto |') is cut where the right column starts."""
    row = _pipe_row(line)
    if row is not None and len(row) == 2:
        return [(row[0], "left"), (row[1], "right")]
    for pat in (_MOTTO, _MOTTO_2):
        m = pat.search(line)
        if m and m.start() > 0:
            return [(line[:m.start()].strip(), "left"), (line[m.start():].strip(), "right")]
    if _NUMBER.match(line):
        m = _PLACE_IN_LINE.search(line, 3)
        if m and m.start() > 0:
            return [(line[:m.start()].strip(), "left"), (line[m.start():].strip(), "right")]
    return [(line, "whole")]


@dataclass
class _Header:
    issuer: list[str] = field(default_factory=list)
    motto: list[str] = field(default_factory=list)
    number: str | None = None
    date: str | None = None
    subject: list[str] = field(default_factory=list)


def _header(paras: list[list[str]]) -> tuple[_Header, int]:
    """The header's parts and the index of the body's first paragraph: issuer lines before the
    motto (with the Party's '*'), motto lines, number and place-and-date in either order, then a
    V/v subject."""
    hd = _Header()
    for i, p in enumerate(paras):
        if hd.number and hd.date:
            if p[0].startswith(("V/v", "Về việc")) and not hd.subject:
                hd.subject = p
                continue
            return hd, i
        if p[0].startswith("V/v") and not hd.subject:
            hd.subject = p
            continue
        joined = " ".join(p)
        if hd.date is None and _PLACE_DATE.match(joined) and not _NUMBER.match(joined) and "|" not in joined:
            hd.date = joined  # a place-and-date wrapped in a narrow column is one line in the file
            continue
        for line in p:
            for piece, side in _columns(line):
                if not piece or _RULE_LINE.match(piece):  # the rules under issuer and motto
                    continue
                if hd.number is None and _NUMBER.match(piece):
                    hd.number = re.sub(r"\s+", " ", piece)
                elif hd.date is None and _PLACE_DATE.match(piece):
                    hd.date = piece
                elif _MOTTO.search(piece) or _MOTTO_2.match(piece) or side == "right":
                    hd.motto.append(piece)
                else:
                    hd.issuer.append(piece)
    raise ValueError("no number and date in the letter's header")


def _signature_after(paras: list[list[str]], i: int) -> tuple[Signature | None, int]:
    """The signature block starting at paragraph `i` and the index after it: post paragraphs,
    '(đã ký)', the name (a name repeated, as a signed image and its caption, is read once)."""
    posts: list[str] = []
    j = i
    while j < len(paras) and all(_is_post(ln) for ln in paras[j]):
        # a name in capitals ('NÔNG QUỐC BÌNH') is the block's last line: the end of the letter
        # or the line before 'Nơi nhận'
        if posts and len(paras[j]) == 1 and _is_name(paras[j][0]) and (
                j + 1 >= len(paras) or paras[j + 1][0].startswith("Nơi nhận")):
            break
        posts.extend(paras[j])
        j += 1
    if not posts:
        return None, i
    notes: list[str] = []
    while j < len(paras) and len(paras[j]) == 1 and _SIGNED.match(paras[j][0]):
        notes.append(paras[j][0])
        j += 1
    if j >= len(paras) or len(paras[j]) != 1 or not _is_name(paras[j][0]):
        return None, i
    name = paras[j][0]
    j += 1
    while j < len(paras) and paras[j] == [name]:
        j += 1
    return Signature(posts + notes, [name]), j


def _signature_ending_at(paras: list[list[str]], end: int, lowest: int) -> tuple[Signature | None, int]:
    """The longest signature block that ends just before paragraph `end` (and its start)."""
    for s in range(max(lowest, end - 8), end):
        sig, stop = _signature_after(paras, s)
        if sig is not None and stop == end:
            return sig, s
    return None, end


def _cell_lines(text: str) -> list[str]:
    return [x.strip() for x in text.split("\n")]


def load_letter(path: Path) -> Letter:
    """The letter at `path` cut into its template's parts (ValueError if it has no header with a
    number and a date, or no signature)."""
    paras = [[ln.strip() for ln in p.split("\n") if ln.strip()]
             for p in re.split(r"\n\s*\n", _clean(path.read_text(encoding="utf-8")))]
    paras = [p for p in paras if p]
    hd, start = _header(paras)
    cc_at = next((i for i in range(start, len(paras)) if paras[i][0].startswith("Nơi nhận")), None)
    if cc_at is None:
        # 'Nơi nhận' and the signature side by side in a two-cell table row
        for i in range(start, len(paras)):
            row = _pipe_row(paras[i][0])
            if row and len(row) == 2 and row[0].startswith("Nơi nhận"):
                cc = [x for x in _cell_lines(row[0]) if x]
                lines = _cell_lines(row[1])
                sig_paras = [[x] for x in lines if x]
                sig, _ = _signature_after(sig_paras, 0)
                if sig is None:
                    raise ValueError("no signature in the letter's last table")
                return Letter(hd.issuer, hd.motto, hd.number or "", hd.subject, hd.date or "",
                              _blocks(paras[start:i]), cc, [sig.posts, sig.name], _blocks(paras[i + 1:]))
        raise ValueError("no 'Nơi nhận' in the letter")
    cc_end = cc_at + 1
    while cc_end < len(paras) and all(ln.startswith(("-", "+")) for ln in paras[cc_end]):
        cc_end += 1
    cc = [ln for p in paras[cc_at:cc_end] for ln in p]
    sig, sig_at = _signature_ending_at(paras, cc_at, start)
    sign_first = sig is not None
    if sign_first:
        body_end, rest = sig_at, cc_end
    else:
        sig, rest = _signature_after(paras, cc_end)
        body_end = cc_at
        if sig is None:
            raise ValueError("no signature after 'Nơi nhận'")
    after_paras = paras[rest:]
    after_sig, after_at = _signature_ending_at(after_paras, len(after_paras), 0)
    after = _blocks(after_paras[:after_at]) + ([after_sig] if after_sig else [])
    return Letter(
        issuer=hd.issuer, motto=hd.motto, number=hd.number or "", subject=hd.subject, date=hd.date or "",
        body=_blocks(paras[start:body_end]), cc=cc, signature=[sig.posts, sig.name], after=after,
        sign_first=sign_first,
    )


# --- .docx ----------------------------------------------------------------------------------------


def _no_borders(table) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    tbl_pr = table._tbl.tblPr
    tbl_pr.append(parse_xml(
        f'<w:tblBorders {nsdecls("w")}>' + "".join(f'<w:{s} w:val="nil"/>' for s in
                                                    ("top", "left", "bottom", "right", "insideH", "insideV"))
        + "</w:tblBorders>"))


def _cell(cell, lines: list[str], bold: bool = False, italic: bool = False) -> None:
    cell.paragraphs[0].text = ""
    for i, line in enumerate(lines):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        if line:
            run = p.add_run(line)
            run.bold = bold
            run.italic = italic


def _docx_paragraph(doc, text: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    lines = text.split("\n")
    p = doc.add_paragraph()
    title = _upper(text) and len(text) < 120 and not _ITEM.match(text)
    if title:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for i, line in enumerate(lines):
        run = p.add_run(line)
        run.bold = title
        if i < len(lines) - 1:
            run.add_break()


def group_span(row: list[str]) -> int:
    """How many cells a group's heading row ('| I | Hạ tầng số | | | |') spans from its second
    cell: an office merges the empty cells after its title into one (0: not such a row)."""
    if len(row) > 2 and row[1] and not any(row[2:]):
        return len(row) - 1
    return 0


def _docx_data_table(doc, rows: list[list[str]], merge: bool = True) -> None:
    """A ruled Word table, one paragraph per line of a cell, the heading row in bold, a group's
    heading row merged across the columns after its number (`merge`)."""
    ncols = max(len(r) for r in rows)
    t = doc.add_table(rows=len(rows), cols=ncols)
    t.style = "Table Grid"
    for r, row in enumerate(rows):
        span = group_span(row) if merge and r else 0
        if span:
            t.cell(r, 1).merge(t.cell(r, span))
        for c, text in enumerate(row[:2] if span else row):
            _cell(t.cell(r, c), text.split("\n"), bold=r == 0 or bool(span))


def _docx_signature(doc, cc: list[str], sig: Signature) -> None:
    sign = doc.add_table(rows=1, cols=2)
    _no_borders(sign)
    _cell(sign.cell(0, 0), cc)
    _cell(sign.cell(0, 1), sig.posts + ["", "", ""] + sig.name, bold=True)


def _docx_blocks(doc, blocks: list) -> None:
    for block in blocks:
        if isinstance(block, Signature):
            _docx_signature(doc, [], block)
        elif isinstance(block, list):
            _docx_data_table(doc, block)
        else:
            _docx_paragraph(doc, block)


def write_docx(letter: Letter, path: Path, data_table: list[list[str]] | None = None, one_row: bool = False,
               page_header: bool = False) -> Path:
    """The letter in the Nghị định 30/2020 template: header table (issuer | motto, number |
    place-and-date; or, `one_row`, each column in one cell; set in Word's first-page header if
    `page_header`), the body (its tables as Word tables), a data table if given, the signature
    table (Nơi nhận | signer), then what is attached after the signature on a new page."""
    import docx

    doc = docx.Document()
    if one_row:
        head = doc.add_table(rows=1, cols=2)
        _no_borders(head)
        _cell(head.cell(0, 0), letter.issuer + ["-------", letter.number] + letter.subject)
        _cell(head.cell(0, 1), letter.motto + ["---------------", letter.date])
    else:
        head = doc.add_table(rows=2, cols=2)
        _no_borders(head)
        _cell(head.cell(0, 0), letter.issuer + ["-------"], bold=True)
        _cell(head.cell(0, 1), letter.motto + ["---------------"], bold=True)
        _cell(head.cell(1, 0), [letter.number] + letter.subject)
        _cell(head.cell(1, 1), [letter.date], italic=True)
    _docx_blocks(doc, letter.body)
    if data_table:
        _docx_data_table(doc, data_table)
    _docx_signature(doc, letter.cc, Signature(*letter.signature))
    if letter.after:
        doc.add_page_break()
        _docx_blocks(doc, letter.after)
    if page_header:
        sec = doc.sections[0]
        sec.different_first_page_header_footer = True
        sec.first_page_header.is_linked_to_previous = False
        sec.first_page_header._element.append(head._tbl)  # moved out of the body
    doc.save(str(path))
    return path


# --- .pdf (reportlab, DejaVu) -----------------------------------------------------------------------


def write_pdf(letter: Letter, path: Path, data_table: list[list[str]] | None = None,
              ruled_header: bool = False, left: float = 0.42, ruled_table: bool = True,
              fit_header: bool = True, page_numbers: bool = False) -> Path:
    """The letter as a PDF with a text layer: the header and the signature in two columns (a
    borderless layout table, as Word prints the template, or with rules if `ruled_header`), the
    body in wrapped paragraphs, its tables as ruled tables (unruled if not `ruled_table`), what
    is attached after the signature from a new page; `left` is the header's left column's share
    of the width; `fit_header` sets the header's font so that no line of it wraps;
    `page_numbers` numbers the pages from the second on, centred at the top, as Nghị định 30
    has it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(TTFont("DejaVu", str(DEJAVU)))
    pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(DEJAVU_BOLD)))
    base = ParagraphStyle("base", fontName="DejaVu", fontSize=11, leading=14)
    small = ParagraphStyle("small", parent=base, fontSize=9.5, leading=12)
    center = ParagraphStyle("center", parent=base, alignment=TA_CENTER)
    bold_center = ParagraphStyle("bc", parent=center, fontName="DejaVu-Bold")
    # Nghị định 30's body: justified, the first line indented 1 cm to 1.27 cm
    body = ParagraphStyle("body", parent=base, alignment=TA_JUSTIFY, spaceAfter=6, firstLineIndent=1 * cm)

    def esc(s: str) -> str:
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def col(lines: list[str], style: ParagraphStyle) -> list:
        return [Paragraph(esc(ln), style) for ln in lines]

    width = A4[0] - 4 * cm

    def table(rows: list[list[str]]) -> list:
        ncols = max(len(r) for r in rows)
        # columns as wide as their longest cell asks, within reason (the TT column narrow)
        need = [max(min(len(r[c]) if c < len(r) else 0, 40), 8) for c in range(ncols) for r in rows]
        need = [max(need[c * len(rows):(c + 1) * len(rows)]) for c in range(ncols)]
        widths = [width * n / sum(need) for n in need]
        t = Table([[[Paragraph(esc(x), small) for x in c.split("\n")] for c in r] for r in rows],
                  colWidths=widths, repeatRows=1)
        spans = [("SPAN", (1, i), (group_span(r), i)) for i, r in enumerate(rows) if i and group_span(r)]
        t.setStyle(TableStyle(([("GRID", (0, 0), (-1, -1), 0.5, "black")] if ruled_table else [])
                              + [("VALIGN", (0, 0), (-1, -1), "TOP")] + spans))
        return [t, Spacer(1, 8)]

    def signature(cc: list[str], sig: Signature) -> list:
        sign = Table([[col(cc, base) or "", col(sig.posts, bold_center) + [Spacer(1, 40)] + col(sig.name, bold_center)]],
                     colWidths=[0.5 * width, 0.5 * width])
        sign.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return [Spacer(1, 12), sign]

    def blocks(bs: list) -> list:
        out: list = []
        for b in bs:
            if isinstance(b, Signature):
                out += signature([], b)
            elif isinstance(b, list):
                out += table(b)
            elif _upper(b) and len(b) < 120 and not _ITEM.match(b):
                out += col(b.split("\n"), bold_center)
            else:
                out.append(Paragraph("<br/>".join(esc(x) for x in b.split("\n")), body))
        return out

    # the header's lines each on one line, as the letter has them: the font is made smaller
    # until the longest fits its column (Word's template sets 12-13 pt in columns made to fit)
    size = 11.0
    while fit_header and size > 7 and max(pdfmetrics.stringWidth(x, "DejaVu-Bold", size) for x in letter.issuer + letter.motto
                           ) > min(left, 1 - left) * width - 14:
        size -= 0.5
    head_style = ParagraphStyle("bch", parent=bold_center, fontSize=size, leading=size * 1.3)
    header = Table([[col(letter.issuer, head_style), col(letter.motto, head_style)],
                    [col([letter.number] + letter.subject, center), col([letter.date], center)]],
                   colWidths=[left * width, (1 - left) * width])
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]
                               + ([("GRID", (0, 0), (-1, -1), 0.5, "black")] if ruled_header else [])))
    story: list = [header, Spacer(1, 12)] + blocks(letter.body)
    if data_table:
        story += table(data_table)
    story += signature(letter.cc, Signature(*letter.signature))
    if letter.after:
        story += [PageBreak()] + blocks(letter.after)
    def number(canvas, doc) -> None:
        if page_numbers and doc.page > 1:
            canvas.setFont("DejaVu", 11)
            canvas.drawCentredString(A4[0] / 2, A4[1] - 1.2 * cm, str(doc.page))

    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                      bottomMargin=2 * cm).build(story, onFirstPage=number, onLaterPages=number)
    return path


# --- .html ------------------------------------------------------------------------------------------


def _html_blocks(blocks: list) -> str:
    from html import escape as e

    out = []
    for b in blocks:
        if isinstance(b, Signature):
            out.append(f'<table width="100%"><tr><td width="50%"></td><td align="center"><b>'
                       f'{"<br>".join(e(x) for x in b.posts)}<br><br><br>{"<br>".join(e(x) for x in b.name)}'
                       f"</b></td></tr></table>")
        elif isinstance(b, list):
            cell = lambda c, tag: f"<{tag}>" + "<br>".join(e(x) for x in c.split("\n")) + f"</{tag}>"  # noqa: E731
            head = "<thead><tr>" + "".join(cell(c, "th") for c in b[0]) + "</tr></thead>"
            rows = "".join("<tr>" + (cell(r[0], "td") + f'<td colspan="{group_span(r)}"><b>{e(r[1])}</b></td>'
                                     if group_span(r) else "".join(cell(c, "td") for c in r)) + "</tr>\n"
                           for r in b[1:])
            out.append(f'<table border="1" cellspacing="0" cellpadding="4">{head}<tbody>\n{rows}</tbody></table>')
        elif _upper(b) and len(b) < 120 and not _ITEM.match(b):
            out.append(f'<p align="center"><b>{"<br>".join(e(x) for x in b.split(chr(10)))}</b></p>')
        else:
            out.append(f'<p>{"<br>".join(e(x) for x in b.split(chr(10)))}</p>')
    return "\n".join(out)


def write_html(letter: Letter, path: Path) -> Path:
    """A page saved from a legal database: a menu, a search box, a list of related documents and a
    footer around the letter, which stands in a content div with its header in a table, its
    tables as HTML tables (a heading row of <th>), what is attached after the signature after it."""
    from html import escape as e

    def lines(ls: list[str]) -> str:
        return "<br>\n".join(e(x) for x in ls)

    body = _html_blocks(letter.body)
    after = _html_blocks(letter.after)
    page = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{e(letter.number)} - Cơ sở dữ liệu văn bản</title>
<style>.menu {{ float: left }}</style><script>var x = "Số: 1/KH-UBND";</script></head>
<body>
<div id="top"><ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/vb">Văn bản mới</a></li>
<li><a href="/tt">Tin tức pháp luật</a></li><li><a href="/lh">Liên hệ</a></li></ul>
<form class="search-box" action="/tim"><input name="q" placeholder="Tìm văn bản"><button>Tìm kiếm</button></form></div>
<div class="breadcrumb"><a href="/">Trang chủ</a> &gt; <a href="/vb">Văn bản</a> &gt; {e(letter.number)}</div>
<div class="main">
<div class="doc-info"><table><tr><td>Số hiệu:</td><td>{e(letter.number[4:])}</td></tr>
<tr><td>Tình trạng:</td><td>Còn hiệu lực</td></tr></table></div>
<div class="doc-content">
<table width="100%" border="0"><tr>
<td width="40%" align="center"><b>{lines(letter.issuer)}<br>-------</b></td>
<td align="center"><b>{lines(letter.motto)}<br>---------------</b></td></tr>
<tr><td align="center">{lines([letter.number] + letter.subject)}</td>
<td align="center"><i>{e(letter.date)}</i></td></tr></table>
{body}
<table width="100%"><tr><td valign="top">{lines(letter.cc)}</td>
<td align="center" valign="top"><b>{lines(letter.signature[0])}<br><br><br><br>{lines(letter.signature[1])}</b></td></tr></table>
{after}
</div>
<div class="related"><h3>Văn bản liên quan</h3><ul>
<li><a href="/a">Chỉ thị 99/CT-TTg năm 2030 về một việc khác</a></li>
<li><a href="/b">Kế hoạch 98/KH-UBND năm 2030 của tỉnh khác</a></li>
<li><a href="/c">Công văn 97/UBND-VX năm 2030 về việc khác nữa</a></li></ul></div>
</div>
<div id="site-bottom"><p>Cơ sở dữ liệu văn bản<br>Số: 0123/GP-BTTTT<br>Địa chỉ: số 1 đường Không Tên</p></div>
</body></html>
"""
    path.write_text(page, encoding="utf-8")
    return path


def write_html_word_export(letter: Letter, path: Path) -> Path:
    """A page as a legal database serves a document converted from Word: the letter in its
    known container (`#divContentDoc .content1`), every line of a cell its own <p> (Word's
    paragraphs), <span>s and &nbsp; inside the text, a table's cells holding <p>s, the page's
    links and a 'related' box beside the container."""
    from html import escape as e

    def p(text: str, center: bool = False, bold: bool = False) -> str:
        t = e(text).replace(" ", "&nbsp;", 1)
        t = f"<b>{t}</b>" if bold else t
        return (f'<p align="center" style="margin:0cm">{t}</p>' if center else
                f'<p style="margin-top:6.0pt;text-align:justify"><span style="font-size:13pt">{t}</span></p>')

    def cell(lines: list[str], center: bool = True, bold: bool = False) -> str:
        return "".join(p(x, center, bold) for x in lines if x)

    def blocks(bs: list) -> str:
        out = []
        for b in bs:
            if isinstance(b, Signature):
                out.append(f'<table width="100%" border="0"><tr><td width="50%"></td><td>{cell(b.posts, bold=True)}'
                           f'<p>&nbsp;</p>{cell(b.name, bold=True)}</td></tr></table>')
            elif isinstance(b, list):
                rows = "".join("<tr>" + "".join(f'<td valign="top">{cell(c.split(chr(10)), center=False)}</td>'
                                                for c in r) + "</tr>" for r in b)
                out.append(f'<table border="1" cellspacing="0" cellpadding="0">{rows}</table>')
            elif _upper(b) and len(b) < 120 and not _ITEM.match(b):
                out.append(cell(b.split("\n"), bold=True))
            else:
                out.append(p(b.replace("\n", " ")))
        return "\n".join(out)

    doc = f"""<table border="0" cellspacing="0" cellpadding="0" width="100%"><tr>
<td width="40%" valign="top">{cell(letter.issuer + ["-------"], bold=True)}</td>
<td valign="top">{cell(letter.motto + ["---------------"], bold=True)}</td></tr>
<tr><td valign="top">{cell([letter.number] + letter.subject)}</td><td valign="top">{cell([letter.date])}</td></tr></table>
{blocks(letter.body)}
<table border="0" width="100%"><tr><td valign="top">{cell(letter.cc, center=False)}</td>
<td valign="top">{cell(letter.signature[0], bold=True)}<p>&nbsp;</p><p>&nbsp;</p>{cell(letter.signature[1], bold=True)}</td>
</tr></table>
{blocks(letter.after)}"""
    page = f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{e(letter.number)}</title></head><body>
<div class="header"><a href="/">Trang chủ</a> <a href="/vb">Văn bản</a> <a href="/hd">Hỏi đáp</a></div>
<div id="divContentDoc"><div class="content1">{doc}</div></div>
<div class="related"><a href="/x">Quyết định 1/QĐ-UBND năm 2030</a> <a href="/y">Công văn 2/UBND-VX</a>
<a href="/z">Kế hoạch 3/KH-UBND</a></div></body></html>"""
    path.write_text(page, encoding="utf-8")
    return path


# --- page images for OCR -----------------------------------------------------------------------------

A4_300DPI = (2480, 3508)


def render_pages(letter: Letter, font_px: int = 42) -> list:
    """The letter drawn on A4 pages at 300 dpi (DejaVu, about 10 pt): the header and signature in
    two columns, the body wrapped to the margins."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(DEJAVU), font_px)
    bold = ImageFont.truetype(str(DEJAVU_BOLD), font_px)
    w, h = A4_300DPI
    margin = 236  # 2 cm
    line_h = int(font_px * 1.45)
    pages = [Image.new("L", A4_300DPI, 255)]
    draw = ImageDraw.Draw(pages[0])
    y = margin

    def new_page() -> None:
        nonlocal draw, y
        pages.append(Image.new("L", A4_300DPI, 255))
        draw = ImageDraw.Draw(pages[-1])
        y = margin

    def centered(text: str, x0: int, x1: int, yy: int, f) -> None:
        tw = draw.textlength(text, font=f)
        draw.text((x0 + (x1 - x0 - tw) / 2, yy), text, fill=0, font=f)

    def column_block(left: list[tuple[str, object]], right: list[tuple[str, object]], split: float,
                     center_left: bool = True) -> None:
        nonlocal y
        mid = int(margin + split * (w - 2 * margin))
        for i in range(max(len(left), len(right))):
            if i < len(left) and left[i][0]:
                if center_left:
                    centered(left[i][0], margin, mid, y, left[i][1])
                else:
                    draw.text((margin, y), left[i][0], fill=0, font=left[i][1])
            if i < len(right) and right[i][0]:
                centered(right[i][0], mid + 40, w - margin, y, right[i][1])
            y += line_h

    def wrap(text: str, f, width: int) -> list[str]:
        out, cur = [], ""
        for word in text.split():
            trial = f"{cur} {word}".strip()
            if draw.textlength(trial, font=f) <= width:
                cur = trial
            else:
                out.append(cur)
                cur = word
        if cur:
            out.append(cur)
        return out

    def text_block(para: str) -> None:
        nonlocal y
        for piece in para.split("\n"):
            is_title = piece.isupper() and len(piece) < 40
            for k, ln in enumerate(wrap(piece, bold if is_title else font, w - 2 * margin - 60)):
                if y > h - margin - line_h:
                    new_page()
                if is_title:
                    centered(ln, margin, w - margin, y, bold)
                else:
                    draw.text((margin + (60 if k == 0 else 0), y), ln, fill=0, font=font)
                y += line_h
        y += line_h // 2

    def signature(cc: list[str], sig: Signature) -> None:
        nonlocal y
        rows = max(len(cc), len(sig.posts) + 4)
        if y + (rows + 1) * line_h > h - margin:
            new_page()
        y += line_h
        column_block([(x, font) for x in cc],
                     [(x, bold) for x in sig.posts] + [("", font)] * 3 + [(x, bold) for x in sig.name],
                     0.5, center_left=False)

    def blocks(bs: list) -> None:
        nonlocal y
        for b in bs:
            if isinstance(b, Signature):
                signature([], b)
            elif isinstance(b, list):
                if y + 3 * line_h * len(b) > h - margin:
                    new_page()
                y = draw_table(draw, b, font, margin, w - 2 * margin, y, line_h) + line_h
            else:
                text_block(b)

    column_block([(x, bold) for x in letter.issuer] + [("", font)] + [(x, font) for x in [letter.number] + letter.subject],
                 [(x, bold) for x in letter.motto] + [("", font), (letter.date, font)], 0.4)
    y += line_h
    blocks(letter.body)
    signature(letter.cc, Signature(*letter.signature))
    if letter.after:
        new_page()
        blocks(letter.after)
    return pages


TABLE_WIDTHS = (0.07, 0.33, 0.2, 0.2, 0.2)  # a task table's columns: TT, the task, lead, cooperating, deadline


def draw_table(draw, rows: list[list[str]], font, x: int, width: int, y: int, line_h: int,
               widths: tuple[float, ...] = TABLE_WIDTHS) -> int:
    """A ruled table drawn from `y` down (rules drawn, cells wrapped to their width); returns
    where it ends."""
    if len(widths) != max(len(r) for r in rows):
        widths = tuple(1 / max(len(r) for r in rows) for _ in range(max(len(r) for r in rows)))
    xs = [x]
    for wd in widths:
        xs.append(xs[-1] + int(wd * width))
    top = y
    for row in rows:
        cells = []
        for text, x0, x1 in zip(row, xs, xs[1:]):
            lines, cur = [], ""
            for word in text.split():
                trial = f"{cur} {word}".strip()
                if draw.textlength(trial, font=font) <= x1 - x0 - 40:
                    cur = trial
                else:
                    lines.append(cur)
                    cur = word
            cells.append(lines + [cur])
        height = max(len(c) for c in cells) * line_h + 30
        for lines, x0 in zip(cells, xs):
            for k, ln in enumerate(lines):
                draw.text((x0 + 20, y + 15 + k * line_h), ln, fill=0, font=font)
        draw.line([(xs[0], y), (xs[-1], y)], fill=0, width=3)
        y += height
    draw.line([(xs[0], y), (xs[-1], y)], fill=0, width=3)
    for x0 in xs:
        draw.line([(x0, top), (x0, y)], fill=0, width=3)
    return y


def render_table_page(rows: list[list[str]], font_px: int = 42, widths: tuple[float, ...] = TABLE_WIDTHS):
    """A scanned page holding only a ruled data table (rules drawn, cells wrapped to their width)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(DEJAVU), font_px)
    img = Image.new("L", A4_300DPI, 255)
    margin = 236
    draw_table(ImageDraw.Draw(img), rows, font, margin, A4_300DPI[0] - 2 * margin, margin, int(font_px * 1.45), widths)
    return img
