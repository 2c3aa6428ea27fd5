"""Files made from the team's test letters (tests/data/letters/*.md, invented content) in the
layouts people have them in: a .docx in the Nghị định 30/2020 template (header and signature in
borderless tables), a PDF with a text layer and a two-column header, a saved web page with a
site's menus around the letter, page images for OCR, UTF-16 text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DEJAVU_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")

_DATE = re.compile(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}")
_MARK = re.compile(r"^(?:TM|KT|TL|TUQ|Q)\s*\.")


@dataclass
class Letter:
    """A test letter cut into the parts a template lays out."""

    issuer: list[str]
    motto: list[str]
    number: str
    subject: list[str]  # a công văn's V/v lines, under the number
    date: str
    body: list[str]  # paragraphs (a paragraph's lines joined by a space)
    cc: list[str]  # 'Nơi nhận:' and its items
    signature: list[list[str]]  # the post lines, then the name


def _clean(md: str) -> str:
    md = re.sub(r"(?m)\*\*|\^\([^)]*\)|^#+\s+", "", md)
    md = re.sub(r"(?m)[ \t]*\*[^\s*]{1,6}\*[ \t]*$", "", md)
    md = re.sub(r"(?m)^\*([^*\n]+)\*$", r"\1", md)
    md = re.sub(r"(?m)^(Handwritten signature|\d{1,3})\s*$", "", md)
    return re.sub(r"(?m)[ \t]+$", "", md)


def load_letter(path: Path) -> Letter:
    paras = [[ln.strip() for ln in p.split("\n") if ln.strip()]
             for p in re.split(r"\n\s*\n", _clean(path.read_text(encoding="utf-8")))]
    paras = [p for p in paras if p]
    motto_at = next(i for i, p in enumerate(paras) if "CỘNG HÒA XÃ HỘI" in p[0])
    number_at = next(i for i, p in enumerate(paras) if p[0].startswith("Số"))
    date_at = next(i for i, p in enumerate(paras) if _DATE.search(p[0]))
    subject: list[str] = []
    start = max(number_at, date_at) + 1
    if paras[start][0].startswith("V/v"):
        subject = paras[start]
        start += 1
    cc_at = next(i for i, p in enumerate(paras) if p[0].startswith("Nơi nhận"))
    mark_at = next(i for i, p in enumerate(paras) if i > cc_at and _MARK.match(p[0]))
    body = [" ".join(p) if not p[0].startswith("Kính gửi") and not p[0].startswith("-") else "\n".join(p)
            for p in paras[start:cc_at]]
    names = []
    for p in paras[mark_at + 1:]:
        if p not in names:
            names.append(p)
    return Letter(
        issuer=[ln for p in paras[:motto_at] for ln in p],
        motto=paras[motto_at],
        number=re.sub(r"\s+", " ", paras[number_at][0]),
        subject=subject,
        date=paras[date_at][0],
        body=body,
        cc=[ln for p in paras[cc_at:mark_at] for ln in p],
        signature=[paras[mark_at]] + names[-1:],
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


def write_docx(letter: Letter, path: Path, data_table: list[list[str]] | None = None, one_row: bool = False) -> Path:
    """The letter in the Nghị định 30/2020 template: header table (issuer | motto, number |
    place-and-date; or, `one_row`, each column in one cell), the body, a data table if given,
    the signature table (Nơi nhận | signer)."""
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
    for para in letter.body:
        lines = para.split("\n")
        p = doc.add_paragraph()
        for i, line in enumerate(lines):
            run = p.add_run(line)
            if i < len(lines) - 1:
                run.add_break()
    if data_table:
        t = doc.add_table(rows=len(data_table), cols=len(data_table[0]))
        t.style = "Table Grid"
        for r, row in enumerate(data_table):
            for c, text in enumerate(row):
                t.cell(r, c).text = text
    sign = doc.add_table(rows=1, cols=2)
    _no_borders(sign)
    _cell(sign.cell(0, 0), letter.cc)
    _cell(sign.cell(0, 1), letter.signature[0] + ["", "", ""] + letter.signature[1], bold=True)
    doc.save(str(path))
    return path


# --- .pdf (reportlab, DejaVu) -----------------------------------------------------------------------


def write_pdf(letter: Letter, path: Path, data_table: list[list[str]] | None = None,
              ruled_header: bool = False, left: float = 0.42, ruled_table: bool = True) -> Path:
    """The letter as a PDF with a text layer: the header and the signature in two columns (a
    borderless layout table, as Word prints the template, or with rules if `ruled_header`), the
    body in wrapped paragraphs; `left` is the header's left column's share of the width."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(TTFont("DejaVu", str(DEJAVU)))
    pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(DEJAVU_BOLD)))
    base = ParagraphStyle("base", fontName="DejaVu", fontSize=11, leading=14)
    center = ParagraphStyle("center", parent=base, alignment=TA_CENTER)
    bold_center = ParagraphStyle("bc", parent=center, fontName="DejaVu-Bold")
    body = ParagraphStyle("body", parent=base, alignment=TA_JUSTIFY, spaceAfter=6)

    def esc(s: str) -> str:
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def col(lines: list[str], style: ParagraphStyle) -> list:
        return [Paragraph(esc(ln), style) for ln in lines]

    width = A4[0] - 4 * cm
    header = Table([[col(letter.issuer, bold_center), col(letter.motto, bold_center)],
                    [col([letter.number] + letter.subject, center), col([letter.date], center)]],
                   colWidths=[left * width, (1 - left) * width])
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]
                               + ([("GRID", (0, 0), (-1, -1), 0.5, "black")] if ruled_header else [])))
    story: list = [header, Spacer(1, 12)]
    for para in letter.body:
        if para.isupper() and len(para) < 40:
            story.append(Paragraph(esc(para), bold_center))
        else:
            for line in para.split("\n") if para.startswith(("-", "Kính gửi")) else [para]:
                story.append(Paragraph(esc(line), body))
    if data_table:
        t = Table([[Paragraph(esc(c), base) for c in row] for row in data_table])
        t.setStyle(TableStyle(([("GRID", (0, 0), (-1, -1), 0.5, "black")] if ruled_table else [])
                              + [("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story += [t, Spacer(1, 8)]
    story.append(Spacer(1, 12))
    sign = Table([[col(letter.cc, base), col(letter.signature[0], bold_center) + [Spacer(1, 40)]
                   + col(letter.signature[1], bold_center)]], colWidths=[0.5 * width, 0.5 * width])
    sign.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(sign)
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                      bottomMargin=2 * cm).build(story)
    return path


# --- .html ------------------------------------------------------------------------------------------


def write_html(letter: Letter, path: Path) -> Path:
    """A page saved from a legal database: a menu, a search box, a list of related documents and a
    footer around the letter, which stands in a content div with its header in a table."""
    from html import escape as e

    def lines(ls: list[str]) -> str:
        return "<br>\n".join(e(x) for x in ls)

    body = "\n".join(f"<p>{lines(p.split(chr(10)))}</p>" for p in letter.body)
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

    column_block([(x, bold) for x in letter.issuer] + [("", font)] + [(x, font) for x in [letter.number] + letter.subject],
                 [(x, bold) for x in letter.motto] + [("", font), (letter.date, font)], 0.4)
    y += line_h
    for para in letter.body:
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
    rows = max(len(letter.cc), len(letter.signature[0]) + 4)
    if y + rows * line_h > h - margin:
        new_page()
    y += line_h
    column_block([(x, font) for x in letter.cc],
                 [(x, bold) for x in letter.signature[0]] + [("", font)] * 3 + [(x, bold) for x in letter.signature[1]],
                 0.5, center_left=False)
    return pages


def render_table_page(rows: list[list[str]], font_px: int = 42, widths: tuple[float, ...] = (0.07, 0.33, 0.2, 0.2, 0.2)):
    """A scanned page holding only a ruled data table (rules drawn, cells wrapped to their width)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(DEJAVU), font_px)
    img = Image.new("L", A4_300DPI, 255)
    draw = ImageDraw.Draw(img)
    margin, line_h = 236, int(font_px * 1.45)
    width = A4_300DPI[0] - 2 * margin
    xs = [margin]
    for w in widths:
        xs.append(xs[-1] + int(w * width))
    y = margin
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
    for x in xs:
        draw.line([(x, margin), (x, y)], fill=0, width=3)
    return img
