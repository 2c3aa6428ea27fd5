"""The files people have: .docx, .pdf, saved .html pages, scans and UTF-16 text, each made here
from the team's test letters (tests/data/letters/, invented content), must give the record the
text letter gives (its expected file), with `reader` naming what read it and every span
pointing into the extracted text; bad files give one clean line and a non-zero exit."""

from __future__ import annotations

import difflib
import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg import readers
from policykg.cli import main
from policykg.errors import InputError
from policykg.parse import parse_file
from policykg.readers import Table, read_document, render_table, sniff
from policykg.text import squash

from .conftest import LETTERS, strip_spans
from .reader_fixtures import load_letter, render_pages, render_table_page, write_docx, write_html, write_pdf

# the four letters in the standard layout of Nghị định 30/2020 (two kinds, three signing marks)
STANDARD = [
    "binh-dinh_cong-van-tm-ubnd",
    "bo-gddt_cong-van-ministry-kt-bo-truong",
    "cu-jut_cong-van-district-implements-province",
    "quang-nam_ke-hoach-roman-parts",
]
HEADER_FACTS = ("number", "doc_type", "date", "issuer", "parent_issuer", "place", "signer", "citations",
                "implements")
PLAN_TABLE = [
    ["TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"],
    ["1", "Kiện toàn Ban Chỉ đạo cấp tỉnh", "Sở Giáo dục và Đào tạo", "Sở Nội vụ", "Quý IV năm 2031"],
    ["2", "Bố trí kinh phí thực hiện", "Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Hằng năm"],
]
PLAN_ROWS = [
    "| TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |",
    "| 1 | Kiện toàn Ban Chỉ đạo cấp tỉnh | Sở Giáo dục và Đào tạo | Sở Nội vụ | Quý IV năm 2031 |",
    "| 2 | Bố trí kinh phí thực hiện | Sở Tài chính | Sở Kế hoạch và Đầu tư | Hằng năm |",
]


def expected(stem: str, reader: str) -> dict:
    want = json.loads((LETTERS / f"{stem}.expected.json").read_text(encoding="utf-8"))
    want["reader"] = reader
    return want


def assert_same_record(path: Path, stem: str, reader: str) -> dict:
    rec = parse_file(path)
    got = strip_spans(rec)
    want = expected(stem, reader)
    for key in want:
        assert got[key] == want[key], f"{path.name}: {key}\n got  {got[key]!r}\n want {want[key]!r}"
    assert set(got) == set(want)
    assert_spans_quote_the_text(path, rec)
    return rec


def assert_spans_quote_the_text(path: Path, rec: dict) -> None:
    text = read_document(path).text
    assert rec["tasks"], path.name
    for t in rec["tasks"] + rec["closing"]:
        s, e = t["span"]
        assert squash(text[s:e]).startswith(squash(t["text"])[:25]), (t["path"], text[s:e][:60])
    s, e = rec["header_spans"]["number"]
    assert rec["number"].split("/")[0] in text[s:e]
    s, e = rec["header_spans"]["date"]
    assert "ngày" in text[s:e]


# --- .docx ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("stem", STANDARD)
def test_docx_in_the_decree_30_template_reads_like_the_text_letter(tmp_path: Path, stem: str) -> None:
    path = write_docx(load_letter(LETTERS / f"{stem}.md"), tmp_path / f"{stem}.docx")
    assert_same_record(path, stem, "docx")


@pytest.mark.parametrize("stem", [STANDARD[0], STANDARD[3]])
def test_docx_header_in_one_row_of_two_cells(tmp_path: Path, stem: str) -> None:
    """The template's other form: the left cell holds issuer, rule, number (and V/v), the right
    one motto, rule, place and date."""
    path = write_docx(load_letter(LETTERS / f"{stem}.md"), tmp_path / "one-row.docx", one_row=True)
    assert_same_record(path, stem, "docx")


def test_parse_json_names_the_reader(tmp_path: Path) -> None:
    path = write_docx(load_letter(LETTERS / f"{STANDARD[1]}.md"), tmp_path / "cv.docx")
    result = CliRunner().invoke(main, ["parse", "--json", str(path)])
    assert result.exit_code == 0, result.output
    [rec] = json.loads(result.stdout)
    assert rec["reader"] == "docx" and rec["source"] == str(path) and rec["number"] == "2345/BGDĐT-GDTX"


def test_docx_letterhead_in_the_first_page_header(tmp_path: Path) -> None:
    """Some offices set the header table in Word's first-page header, not in the body."""
    import docx

    stem = STANDARD[3]
    path = write_docx(load_letter(LETTERS / f"{stem}.md"), tmp_path / "body.docx")
    d = docx.Document(str(path))
    sec = d.sections[0]
    sec.different_first_page_header_footer = True
    sec.first_page_header.is_linked_to_previous = False
    sec.first_page_header._element.append(d.tables[0]._tbl)  # moved out of the body
    sec.header.is_linked_to_previous = False
    sec.header.paragraphs[0].text = "Kế hoạch khuyến học - trang sau"  # a running title: left out
    d.save(str(tmp_path / "letterhead.docx"))
    assert_same_record(tmp_path / "letterhead.docx", stem, "docx")
    assert "trang sau" not in read_document(tmp_path / "letterhead.docx").text


def test_docx_header_table_comes_out_column_by_column(tmp_path: Path) -> None:
    path = write_docx(load_letter(LETTERS / f"{STANDARD[0]}.md"), tmp_path / "cv.docx")
    head = read_document(path).text.split("\n\nKính gửi:")[0]
    assert head == (
        "ỦY BAN NHÂN DÂN\nTỈNH BÌNH ĐỊNH\n-------\n\n"
        "Số: 2101 /UBND-KGVX\n\nV/v triển khai thực hiện\nChỉ thị số 14/CT-TTg ngày 25/5/2021\ncủa Thủ tướng Chính phủ\n\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\n\n"
        "Bình Định, ngày 30 tháng 6 năm 2021"
    )


def test_docx_data_table_is_pipe_rows_in_reading_order(tmp_path: Path) -> None:
    stem = "quang-nam_ke-hoach-roman-parts"
    path = write_docx(load_letter(LETTERS / f"{stem}.md"), tmp_path / "kh.docx", data_table=PLAN_TABLE)
    text = read_document(path).text
    rows = "\n".join(PLAN_ROWS)
    assert f"\n\n{rows}\n\nNơi nhận:" in text  # after the body, before the signature table
    rec = strip_spans(parse_file(path))
    want = expected(stem, "docx")
    for key in HEADER_FACTS:
        assert rec[key] == want[key], key


MERGED_ROWS = [
    "| TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |",
    "| I | Hạ tầng số | | | |",
    "| 1 | Kiện toàn Ban Chỉ đạo cấp tỉnh | Sở Giáo dục và Đào tạo | Sở Nội vụ | Quý IV năm 2031 |",
    "| 2 | Bồi dưỡng giáo viên | Sở Giáo dục và Đào tạo | Sở Nội vụ | Hằng năm |",
]


def test_docx_merged_cells_keep_the_columns(tmp_path: Path) -> None:
    """A group's title merged across the row (gridSpan) is followed by the empty cells it
    covers; one lead and one partner for two tasks (cells merged down, vMerge) stand in both
    rows, so the deadline stays in its column."""
    import docx

    d = docx.Document()
    t = d.add_table(rows=4, cols=5)
    t.style = "Table Grid"
    for c, text in enumerate(PLAN_TABLE[0]):
        t.cell(0, c).text = text
    t.cell(1, 0).text = "I"
    t.cell(1, 1).merge(t.cell(1, 4)).text = "Hạ tầng số"
    for r, (n, task, when) in enumerate([("1", "Kiện toàn Ban Chỉ đạo cấp tỉnh", "Quý IV năm 2031"),
                                         ("2", "Bồi dưỡng giáo viên", "Hằng năm")], start=2):
        t.cell(r, 0).text, t.cell(r, 1).text, t.cell(r, 4).text = n, task, when
    t.cell(2, 2).merge(t.cell(3, 2)).text = "Sở Giáo dục và Đào tạo"
    t.cell(2, 3).merge(t.cell(3, 3)).text = "Sở Nội vụ"
    d.save(str(tmp_path / "merged.docx"))
    assert read_document(tmp_path / "merged.docx").text == "\n".join(MERGED_ROWS) + "\n"


def test_html_merged_cells_keep_the_columns(tmp_path: Path) -> None:
    head = "".join(f"<th>{c}</th>" for c in PLAN_TABLE[0])
    page = f"""<html><body><table border="1"><thead><tr>{head}</tr></thead><tbody>
<tr><td>I</td><td colspan="4"><b>Hạ tầng số</b></td></tr>
<tr><td>1</td><td>Kiện toàn Ban Chỉ đạo cấp tỉnh</td><td rowspan="2">Sở Giáo dục và Đào tạo</td>
<td rowspan="2">Sở Nội vụ</td><td>Quý IV năm 2031</td></tr>
<tr><td>2</td><td>Bồi dưỡng giáo viên</td><td>Hằng năm</td></tr></tbody></table></body></html>"""
    (tmp_path / "merged.html").write_text(page, encoding="utf-8")
    assert read_document(tmp_path / "merged.html").text == "\n".join(MERGED_ROWS) + "\n"


def test_docx_text_as_word_shows_it(tmp_path: Path) -> None:
    """Inserted text and hyperlinks read, deleted text not, a line break as a new line, a text
    box's paragraphs after the paragraph anchoring it, a content control opened."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    p = d.add_paragraph("Thực hiện ")
    w = nsdecls("w")
    p._p.append(parse_xml(f'<w:ins {w} w:id="1" w:author="a"><w:r><w:t xml:space="preserve">Chỉ thị số 14/CT-TTg</w:t></w:r></w:ins>'))
    p._p.append(parse_xml(f'<w:del {w} w:id="2" w:author="a"><w:r><w:delText>Chỉ thị số 99/CT-TTg</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(f'<w:hyperlink {w} w:anchor="x"><w:r><w:t xml:space="preserve"> của Thủ tướng</w:t></w:r></w:hyperlink>'))
    p._p.append(parse_xml(f'<w:r {w}><w:br/><w:t>dòng hai</w:t></w:r>'))
    body = d.element.body
    body.insert(0, parse_xml(f'<w:sdt {w}><w:sdtContent><w:p><w:r><w:t>Số: 12/UBND-VX</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    box = d.add_paragraph("neo")
    box._p.append(parse_xml(
        f'<w:r {w} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:AlternateContent>'
        '<mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>Trong khung</w:t></w:r></w:p>'
        '</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Trong khung</w:t>'
        '</w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>'))
    d.save(str(tmp_path / "word.docx"))
    assert read_document(tmp_path / "word.docx").text == (
        "Số: 12/UBND-VX\n\nThực hiện Chỉ thị số 14/CT-TTg của Thủ tướng\ndòng hai\n\nneo\n\nTrong khung\n"
    )


def test_docx_automatic_list_numbers_are_kept(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("Số: 12/UBND-VX")
    d.add_paragraph("Sở Giáo dục và Đào tạo chủ trì thực hiện.", style="List Number")
    d.add_paragraph("Sở Tài chính bố trí kinh phí.", style="List Number")
    d.add_paragraph("Báo cáo kết quả.", style="List Bullet")
    d.save(str(tmp_path / "list.docx"))
    assert read_document(tmp_path / "list.docx").text == (
        "Số: 12/UBND-VX\n\n1. Sở Giáo dục và Đào tạo chủ trì thực hiện.\n\n2. Sở Tài chính bố trí kinh phí.\n\n"
        "- Báo cáo kết quả.\n"
    )


# --- .pdf ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("stem", STANDARD)
def test_pdf_with_a_text_layer_reads_like_the_text_letter(tmp_path: Path, stem: str) -> None:
    path = write_pdf(load_letter(LETTERS / f"{stem}.md"), tmp_path / f"{stem}.pdf")
    assert_same_record(path, stem, "pdf")


def test_pdf_two_column_header_is_read_column_by_column(tmp_path: Path) -> None:
    path = write_pdf(load_letter(LETTERS / "quang-nam_ke-hoach-roman-parts.md"), tmp_path / "kh.pdf")
    text = read_document(path).text
    assert text.startswith(
        "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NAM\n\nSố: 4521/KH-UBND\n\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nQuảng Nam, ngày 09 tháng 8 năm 2021\n\n"
        "KẾ HOẠCH\n\n"
    )
    assert text.endswith("Lưu: VT, KGVX.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nTrần Văn Tân\n")


def test_pdf_header_in_a_ruled_table_is_still_read_column_by_column(tmp_path: Path) -> None:
    stem = STANDARD[0]
    path = write_pdf(load_letter(LETTERS / f"{stem}.md"), tmp_path / "ruled.pdf", ruled_header=True)
    assert read_document(path).text.startswith("ỦY BAN NHÂN DÂN\nTỈNH BÌNH ĐỊNH\n\nSố: 2101 /UBND-KGVX\n\nV/v")
    assert_same_record(path, stem, "pdf")


@pytest.mark.parametrize("left", [0.3, 0.5])
def test_pdf_header_in_narrow_columns(tmp_path: Path, left: float) -> None:
    """A narrow column wraps the issuer ('BỘ GIÁO DỤC VÀ' / 'ĐÀO TẠO') or the motto ('... VIỆT' /
    'NAM'): the line ending in 'VÀ', and the motto's fixed words, are joined back."""
    stem = "bo-gddt_cong-van-ministry-kt-bo-truong"
    path = write_pdf(load_letter(LETTERS / f"{stem}.md"), tmp_path / "narrow.pdf", left=left, fit_header=False)
    text = read_document(path).text
    assert text.startswith("BỘ GIÁO DỤC VÀ ĐÀO TẠO\n\nSố: 2345/BGDĐT-GDTX\n\nV/v")
    assert "\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nHà Nội, ngày 15" in text
    assert_same_record(path, stem, "pdf")


def test_pdf_data_table_is_pipe_rows(tmp_path: Path) -> None:
    stem = "quang-nam_ke-hoach-roman-parts"
    path = write_pdf(load_letter(LETTERS / f"{stem}.md"), tmp_path / "kh.pdf", data_table=PLAN_TABLE)
    text = read_document(path).text
    assert "\n".join(PLAN_ROWS) in text
    rec = strip_spans(parse_file(path))
    for key in HEADER_FACTS:
        assert rec[key] == expected(stem, "pdf")[key], key


def test_pdf_table_without_rules_is_pipe_rows(tmp_path: Path) -> None:
    """Three or more columns of words with gutters between them: a table, its wrapped cells
    ('Cơ quan phối' / 'hợp') joined back."""
    stem = "quang-nam_ke-hoach-roman-parts"
    path = write_pdf(load_letter(LETTERS / f"{stem}.md"), tmp_path / "kh.pdf", data_table=PLAN_TABLE,
                     ruled_table=False)
    assert "\n".join(PLAN_ROWS) in read_document(path).text


# --- .html ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("stem", STANDARD)
def test_saved_web_page_reads_like_the_text_letter(tmp_path: Path, stem: str) -> None:
    path = write_html(load_letter(LETTERS / f"{stem}.md"), tmp_path / f"{stem}.html")
    assert_same_record(path, stem, "html")


def test_web_page_text_has_no_menus_search_lists_or_footer(tmp_path: Path) -> None:
    path = write_html(load_letter(LETTERS / f"{STANDARD[0]}.md"), tmp_path / "page.htm")
    text = read_document(path).text
    assert text.startswith("ỦY BAN NHÂN DÂN\nTỈNH BÌNH ĐỊNH\n")
    assert text.endswith("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Phi Long\n")
    for chrome in ("Trang chủ", "Tìm", "Văn bản liên quan", "99/CT-TTg", "Cơ sở dữ liệu", "Số hiệu",
                   "Tình trạng", "1/KH-UBND", "float"):
        assert chrome not in text, chrome


def test_web_page_of_a_legal_database_container(tmp_path: Path) -> None:
    """An ASP.NET page (the whole page in one <form>) with the text in the database's content box."""
    letter = load_letter(LETTERS / f"{STANDARD[1]}.md")
    plain = write_html(letter, tmp_path / "plain.html").read_text(encoding="utf-8")
    inner = plain.split('<div class="doc-content">')[1].split('<div class="related">')[0]
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>'
            '<form id="aspnetForm"><div id="menu"><a href="/">Trang chủ</a> <a href="/a">Pháp luật</a>'
            '<a href="/b">Biểu mẫu</a></div><div class="cldivContentDocVn"><div class="content1">'
            f'{inner}</div></div><div class="footer">Bản quyền thuộc về một cơ sở dữ liệu</div></form></body></html>')
    path = tmp_path / "tv.aspx.html"
    path.write_text(page, encoding="utf-8")
    assert_same_record(path, STANDARD[1], "html")
    assert "Bản quyền" not in read_document(path).text


def _windows_1258(text: str) -> bytes:
    """Text as Windows-1258 writes Vietnamese: letters with circumflex, breve or horn precomposed,
    tone marks as combining characters after them."""
    import unicodedata

    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def test_web_page_in_windows_1258(tmp_path: Path) -> None:
    """An older portal's page in Windows-1258, its charset declared in a meta tag."""
    stem = STANDARD[2]
    page = write_html(load_letter(LETTERS / f"{stem}.md"), tmp_path / "utf8.html").read_text(encoding="utf-8")
    page = page.replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">')
    path = tmp_path / "cu.htm"
    path.write_bytes(_windows_1258(page))
    assert_same_record(path, stem, "html")


# --- scans ---------------------------------------------------------------------------------------


def assert_ocr_record(path: Path, stem: str) -> None:
    """OCR: header facts, the tasks' count, paths and assignees exact; a task's text may differ
    from the letter's only by a few characters misread (none did on these pages)."""
    full = parse_file(path)
    rec = strip_spans(full)
    want = expected(stem, "ocr")
    assert rec["reader"] == "ocr"
    for key in HEADER_FACTS + ("subject", "recipients"):
        assert rec[key] == want[key], f"{key}\n got  {rec[key]!r}\n want {want[key]!r}"
    assert [(t["path"], t["assignees"]) for t in rec["tasks"]] == [(t["path"], t["assignees"]) for t in want["tasks"]]
    for got, exp in zip(rec["tasks"], want["tasks"]):
        assert difflib.SequenceMatcher(None, got["text"], exp["text"]).ratio() > 0.97, (got["text"], exp["text"])
    assert len(rec["closing"]) == len(want["closing"])
    assert_spans_quote_the_text(path, full)


def test_png_scan_is_read_by_ocr(tmp_path: Path) -> None:
    stem = "bo-gddt_cong-van-ministry-kt-bo-truong"
    pages = render_pages(load_letter(LETTERS / f"{stem}.md"))
    assert len(pages) == 1
    pages[0].save(tmp_path / "scan.png", dpi=(300, 300))
    assert_ocr_record(tmp_path / "scan.png", stem)


def test_multipage_tiff_scan_is_read_by_ocr(tmp_path: Path) -> None:
    stem = "quang-nam_ke-hoach-roman-parts"
    pages = render_pages(load_letter(LETTERS / f"{stem}.md"))
    assert len(pages) == 2
    pages[0].save(tmp_path / "scan.tif", save_all=True, append_images=pages[1:], compression="tiff_deflate",
                  dpi=(300, 300))
    assert_ocr_record(tmp_path / "scan.tif", stem)


def test_image_only_pdf_is_read_by_ocr(tmp_path: Path) -> None:
    stem = "binh-dinh_cong-van-tm-ubnd"
    pages = render_pages(load_letter(LETTERS / f"{stem}.md"))
    pages[0].save(tmp_path / "scan.pdf", save_all=True, append_images=pages[1:], resolution=300)
    assert_ocr_record(tmp_path / "scan.pdf", stem)


def test_low_resolution_scan_is_enlarged_before_ocr(tmp_path: Path) -> None:
    stem = "binh-dinh_cong-van-tm-ubnd"
    page = render_pages(load_letter(LETTERS / f"{stem}.md"))[0]
    page.resize((page.width // 2, page.height // 2)).save(tmp_path / "150dpi.png", dpi=(150, 150))
    assert_ocr_record(tmp_path / "150dpi.png", stem)


def test_phone_photo_is_turned_upright(tmp_path: Path) -> None:
    """A JPEG stored sideways with the EXIF orientation 'rotate 90° to show' (6)."""
    from PIL import Image

    stem = "bo-gddt_cong-van-ministry-kt-bo-truong"
    page = render_pages(load_letter(LETTERS / f"{stem}.md"))[0]
    exif = Image.Exif()
    exif[0x0112] = 6
    page.rotate(90, expand=True).save(tmp_path / "anh.jpg", quality=92, exif=exif)
    rec = strip_spans(parse_file(tmp_path / "anh.jpg"))
    want = expected(stem, "ocr")
    assert {k: rec[k] for k in HEADER_FACTS} == {k: want[k] for k in HEADER_FACTS}
    assert len(rec["tasks"]) == len(want["tasks"])


def test_jpeg_scan_is_read_by_ocr(tmp_path: Path) -> None:
    stem = "cu-jut_cong-van-district-implements-province"
    pages = render_pages(load_letter(LETTERS / f"{stem}.md"))
    pages[0].save(tmp_path / "scan.jpg", quality=90, dpi=(300, 300))
    rec = strip_spans(parse_file(tmp_path / "scan.jpg"))
    want = expected(stem, "ocr")
    assert {k: rec[k] for k in HEADER_FACTS} == {k: want[k] for k in HEADER_FACTS}
    assert len(rec["tasks"]) == len(want["tasks"])


def test_scanned_ruled_table_is_read_as_pipe_rows(tmp_path: Path) -> None:
    """The rules are painted out before OCR (Tesseract misses a lone '2' between them) and the
    page read as one block; the words' columns give the cells, wrapped cells joined back. OCR
    may drop a space ('Kế hoạchvà'): the last row's last cells are compared without spaces."""
    render_table_page(PLAN_TABLE).save(tmp_path / "bang.png", dpi=(300, 300))
    rows = read_document(tmp_path / "bang.png").text.strip().split("\n")
    assert rows[:2] == PLAN_ROWS[:2]
    assert rows[2].startswith("| 2 | Bố trí kinh phí thực hiện | Sở Tài chính | ")
    assert rows[2].replace(" ", "") == PLAN_ROWS[2].replace(" ", "")


def test_rules_are_erased_and_text_kept() -> None:
    from PIL import Image, ImageDraw

    img = Image.new("L", (1200, 1600), 255)
    d = ImageDraw.Draw(img)
    d.line([(100, 100), (100, 1500)], fill=0, width=3)
    d.line([(50, 800), (1150, 800)], fill=0, width=3)
    d.rectangle([(400, 400), (420, 440)], fill=0)  # a letter's stroke
    out, ruled = readers.erase_rules(img)
    assert ruled
    assert out.getpixel((100, 300)) == out.getpixel((101, 1499)) == out.getpixel((600, 800)) == 255
    assert out.getpixel((410, 420)) == 0
    assert readers.erase_rules(Image.new("L", (300, 300), 255))[1] is False


def test_a_word_read_across_a_table_rule_is_cut_at_the_rule() -> None:
    """Erased, a rule leaves the end of one cell's line and the start of the next one's close
    enough for Tesseract to read one word ('Thể__UBND'): it is cut where the rule stood, and
    only inside the rule's height."""
    from PIL import Image, ImageDraw

    img = Image.new("L", (1200, 1600), 255)
    ImageDraw.Draw(img).line([(600, 400), (600, 1200)], fill=0, width=3)
    [(x, top, bottom)] = readers.vertical_rules(img)
    assert abs(x - 600) <= 2 and top <= 400 and bottom >= 1200
    word = readers.Word("Thể__UBND", 480.0, 760.0, 800.0, 840.0)
    left, right = readers.split_at_rules(word, [(x, top, bottom)])
    assert (left.text, right.text) == ("Thể", "UBND")
    assert left.x1 < 600 < right.x0 and right.x0 - left.x1 >= 2 * 40  # a column's gutter apart
    above = readers.Word("Thể__UBND", 480.0, 760.0, 100.0, 140.0)  # a heading above the table
    assert readers.split_at_rules(above, [(x, top, bottom)]) == [above]


# --- text ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_unicode_text_as_notepad_saves_it(tmp_path: Path, encoding: str) -> None:
    """'utf-16' writes a BOM (LE here); '-le'/'-be' write none; 'utf-8-sig' is UTF-8 with a BOM."""
    stem = STANDARD[2]
    source = (LETTERS / f"{stem}.md").read_text(encoding="utf-8").replace("\n", "\r\n")
    path = tmp_path / f"{stem}.txt"
    path.write_bytes(source.encode(encoding))
    rec = assert_same_record(path, stem, "text")
    assert rec == parse_file(LETTERS / f"{stem}.md") | {"source": str(path)}


def test_big_endian_bom(tmp_path: Path) -> None:
    stem = STANDARD[3]
    path = tmp_path / "be.txt"
    path.write_bytes(b"\xfe\xff" + (LETTERS / f"{stem}.md").read_text(encoding="utf-8").encode("utf-16-be"))
    assert_same_record(path, stem, "text")


# --- the choice of reader, and the table rule ----------------------------------------------------


def test_reader_is_chosen_by_the_bytes_first(tmp_path: Path) -> None:
    docx_path = write_docx(load_letter(LETTERS / f"{STANDARD[0]}.md"), tmp_path / "a.docx")
    renamed = tmp_path / "tai-ve.bin"
    renamed.write_bytes(docx_path.read_bytes())
    assert read_document(renamed).reader == "docx"
    assert sniff(b"%PDF-1.7\n...") == "pdf"
    assert sniff(b"\x89PNG\r\n\x1a\n....") == "ocr"
    assert sniff(b"\xff\xd8\xff\xe0....") == "ocr"
    assert sniff(b"II*\x00....") == sniff(b"MM\x00*....") == "ocr"
    assert sniff(b"  <!DOCTYPE html><html>") == sniff(b"<html lang='vi'>") == "html"
    assert sniff(b"<!-- saved from url=(0014)about:internet -->\r\n<html>") == "html"
    assert sniff("<p>Số: 1/UBND</p>".encode(), ".htm") == "html"
    assert sniff("<p>Số: 1/UBND</p>".encode(), ".md") == "text"
    assert sniff("Số: 1/UBND".encode("utf-16-le")) == "text"


def cells(*rows: list[str]) -> Table:
    return Table([[[line for line in c.split("\n")] for c in r] for r in rows])


def test_layout_and_data_tables() -> None:
    header = cells(["ỦY BAN NHÂN DÂN\nTỈNH X", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], ["Số: 1/UBND", "X, ngày 1 tháng 2 năm 2031"])
    assert render_table(header) == (
        "ỦY BAN NHÂN DÂN\nTỈNH X\n\nSố: 1/UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nX, ngày 1 tháng 2 năm 2031"
    )
    sign = cells(["Nơi nhận:\n- Như trên;\n- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\n\nNguyễn Văn A"])
    assert render_table(sign) == "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nNguyễn Văn A"
    data = cells(["TT", "Nội dung"], ["1", "Tuyên truyền\nsâu rộng"], ["2", "Kiểm tra | giám sát"])
    assert render_table(data) == "| TT | Nội dung |\n| 1 | Tuyên truyền sâu rộng |\n| 2 | Kiểm tra \\| giám sát |"
    # two short columns at the edge of the text (before the body) are layout, in the body data
    two = cells(["Sở A", "Sở B"])
    assert render_table(two, edge=True) == "Sở A\n\nSở B"
    assert render_table(two, edge=False) == "| Sở A | Sở B |"
    assert render_table(cells(["Một khung\nquanh cả văn bản"])) == "Một khung\n\nquanh cả văn bản"
    # a small table in the body with a date in a cell, or headed 'TT', stays a data table
    due = cells(["1", "Tổng kết", "trước ngày 15 tháng 12 năm 2031"], ["2", "Báo cáo", "Quý IV"])
    assert render_table(due) == "| 1 | Tổng kết | trước ngày 15 tháng 12 năm 2031 |\n| 2 | Báo cáo | Quý IV |"
    assert render_table(cells(["TT", "Việc"], ["1", "Tổng kết"]), edge=True) == "| TT | Việc |\n| 1 | Tổng kết |"


# --- bad files -----------------------------------------------------------------------------------


def one_line_error(path: Path) -> str:
    result = CliRunner().invoke(main, ["parse", str(path)])
    assert result.exit_code == 1, result.output
    err = result.stderr.strip()
    assert err.count("\n") == 0 and err.startswith(f"Error: {path}: "), err
    assert "Traceback" not in result.output
    return err


def test_corrupt_docx(tmp_path: Path) -> None:
    bad = tmp_path / "hong.docx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 50)
    assert "damaged .docx" in one_line_error(bad)
    zipped = tmp_path / "xml-hong.docx"
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("[Content_Types].xml", "<Types")
        z.writestr("word/document.xml", "<w:document><w:body><w:p>")
    assert "damaged .docx" in one_line_error(zipped)
    other = tmp_path / "bang-tinh.docx"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    assert "zip file, not a Word .docx" in one_line_error(other)


def test_zip_bomb_docx_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_docx(load_letter(LETTERS / f"{STANDARD[0]}.md"), tmp_path / "a.docx")
    size = zipfile.ZipFile(path).getinfo("word/document.xml").file_size
    monkeypatch.setattr(readers, "MAX_DOCX_XML", size - 1)
    assert "too large once unpacked" in one_line_error(path)


def test_truncated_pdf(tmp_path: Path) -> None:
    whole = write_pdf(load_letter(LETTERS / f"{STANDARD[1]}.md"), tmp_path / "a.pdf").read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[: len(whole) // 3])
    assert "damaged PDF" in one_line_error(cut)


def test_password_protected_pdf(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(tmp_path / "khoa.pdf"), encrypt="mat-khau")
    c.drawString(72, 720, "So: 1/UBND")
    c.save()
    assert one_line_error(tmp_path / "khoa.pdf").endswith("is a password-protected PDF: save a copy without the password")


def test_image_with_no_text(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("L", (1240, 1754), 255).save(tmp_path / "trang.png")
    assert "no readable text" in one_line_error(tmp_path / "trang.png")


def test_missing_tesseract_names_the_packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    Image.new("L", (100, 100), 255).save(tmp_path / "scan.png")
    readers._tesseract_state.cache_clear()
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    try:
        err = one_line_error(tmp_path / "scan.png")
    finally:
        readers._tesseract_state.cache_clear()
    assert "install the Debian packages tesseract-ocr and tesseract-ocr-vie" in err


def test_missing_vietnamese_data_names_the_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pytesseract
    from PIL import Image

    Image.new("L", (100, 100), 255).save(tmp_path / "scan.tif")
    readers._tesseract_state.cache_clear()
    monkeypatch.setattr(pytesseract, "get_languages", lambda config="": ["eng", "osd"])
    try:
        err = one_line_error(tmp_path / "scan.tif")
    finally:
        readers._tesseract_state.cache_clear()
    assert err.endswith("install the Debian package tesseract-ocr-vie")


def test_html_nested_beyond_any_real_page(tmp_path: Path) -> None:
    page = tmp_path / "sau.html"
    page.write_bytes(b"<html><body>" + b"<div>" * 5000 + b"x</body></html>")
    assert "nested more than" in one_line_error(page)


def test_html_time_grows_linearly_with_the_page(tmp_path: Path) -> None:
    """Ten times the paragraphs, at most about ten times the time (ratios, not absolute times)."""
    import time

    letter = load_letter(LETTERS / f"{STANDARD[3]}.md")
    body = list(letter.body)
    times = []
    read_document(write_html(letter, tmp_path / "warm.html"))  # imports and caches
    for k in (20, 200):
        letter.body = body * k
        path = write_html(letter, tmp_path / f"p{k}.html")
        t0 = time.process_time()
        read_document(path)
        times.append(time.process_time() - t0)
    assert times[1] < 20 * times[0], times


def test_old_word_and_rtf_say_what_to_save_them_as(tmp_path: Path) -> None:
    doc = tmp_path / "cong-van.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    assert one_line_error(doc).endswith("not a .docx: save it as .docx or PDF")
    rtf = tmp_path / "cong-van.rtf"
    rtf.write_bytes(b"{\\rtf1\\ansi S\\'f4: 1/UBND}")
    assert one_line_error(rtf).endswith("is an RTF file: save it as .docx, PDF or text")


def test_other_binary_is_still_a_binary_file(tmp_path: Path) -> None:
    exe = tmp_path / "cai-dat.docx"
    exe.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00" * 64)
    assert one_line_error(exe).endswith("is a binary file, not a text document")
    with pytest.raises(InputError):
        read_document(tmp_path / "khong-co.pdf")


# --- the build keeps the extracted texts -----------------------------------------------------------


def _quotes(trig: Path) -> list[tuple[str, str, int, int]]:
    """(source file name, exact, start, end) of every quote in the graph."""
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    ds.parse(trig, format="trig")
    rows = ds.query("""
        PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?name ?exact ?start ?end WHERE {
          ?ev oa:hasSource ?src ; oa:hasSelector ?q , ?p .
          ?src dct:identifier ?name .
          ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end .
        }""")
    return [(str(n), str(x), int(s), int(e)) for n, x, s, e in rows]


def test_build_keeps_the_extracted_texts_and_quotes_point_into_them(tmp_path: Path) -> None:
    from rdflib import Dataset, Literal

    from policykg.namespaces import PKG
    from policykg.pipeline import run_build

    folder = tmp_path / "thu"
    folder.mkdir()
    write_docx(load_letter(LETTERS / f"{STANDARD[0]}.md"), folder / "binh-dinh.docx")
    write_pdf(load_letter(LETTERS / f"{STANDARD[3]}.md"), folder / "quang-nam.pdf")
    out = tmp_path / "out"
    report = run_build([str(folder)], out, include_default=False, echo=lambda m: None)
    assert "kept the text read from 2 file(s)" in report.text
    texts = {p.name: p.read_text(encoding="utf-8") for p in (out / "texts").iterdir()}
    assert sorted(texts) == ["binh-dinh.docx.txt", "quang-nam.pdf.txt"]
    assert texts["binh-dinh.docx.txt"] == read_document(folder / "binh-dinh.docx").text
    quotes = _quotes(out / "policykg.trig")
    assert {q[0] for q in quotes} == {"binh-dinh.docx", "quang-nam.pdf"}
    assert len(quotes) > 20
    for name, exact, start, end in quotes:
        assert texts[f"{name}.txt"][start:end] == exact, (name, start, end)
    ds = Dataset(default_union=True)
    ds.parse(out / "policykg.trig", format="trig")
    for name, reader in (("binh-dinh.docx", "docx"), ("quang-nam.pdf", "pdf")):
        text = texts[f"{name}.txt"]
        src = ds.value(predicate=PKG.extractedText, object=Literal(f"texts/{name}.txt"))
        assert src is not None
        assert ds.value(src, PKG.reader) == Literal(reader)
        assert ds.value(src, PKG.extractedTextSha256) == Literal(hashlib.sha256(text.encode()).hexdigest())
        assert ds.value(src, PKG.sha256) == Literal(hashlib.sha256((folder / name).read_bytes()).hexdigest())


def test_store_build_keeps_the_texts_beside_the_store(tmp_path: Path) -> None:
    from policykg.stream import build_store

    folder = tmp_path / "thu"
    folder.mkdir()
    write_html(load_letter(LETTERS / f"{STANDARD[1]}.md"), folder / "bo.html")
    store = tmp_path / "kho"
    build_store([folder / "bo.html"], store, jobs=1)
    kept = tmp_path / "texts" / "bo.html.txt"
    assert kept.read_text(encoding="utf-8") == read_document(folder / "bo.html").text
    assert not any(p.suffix == ".txt" for p in store.rglob("*"))


def test_store_build_reads_a_scan_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The store build parses in a first pass and builds in a second: the text OCR gave in the
    first is kept, not OCR'd again."""
    from policykg import stream

    pages = render_pages(load_letter(LETTERS / f"{STANDARD[1]}.md"))
    folder = tmp_path / "thu"
    folder.mkdir()
    pages[0].save(folder / "scan.png", dpi=(300, 300))
    calls = []
    real = readers.ocr_page
    monkeypatch.setattr(readers, "ocr_page", lambda *a, **k: calls.append(1) or real(*a, **k))
    stream.build_store([folder / "scan.png"], tmp_path / "kho", jobs=1)
    assert len(calls) == 1
    assert (tmp_path / "texts" / "scan.png.txt").read_text(encoding="utf-8").startswith("BỘ GIÁO DỤC VÀ ĐÀO TẠO")


def test_a_text_file_is_its_own_text() -> None:
    """No extracted text is kept for a text file, and its source node gains no triple (the seeds'
    release graph stays byte-identical: tests/test_build.py)."""
    from policykg.build import read_source_doc

    src = read_source_doc(LETTERS / f"{STANDARD[0]}.md")
    assert src.reader == "text" and src.text_name is None
    assert src.text == (LETTERS / f"{STANDARD[0]}.md").read_text(encoding="utf-8")
