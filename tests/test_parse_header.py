"""The header and signature read from the layouts real documents come in: damaged ids
restored, one tone placement, separators never an issuer, a whole letter on one line, an
unknown abbreviation giving a warning, and offsets that still quote the text as read."""

from __future__ import annotations

import time

import pytest

from policykg.errors import NotADocumentError
from policykg.ids import canonical_id, doc_type_name, id_problem
from policykg.parse import parse_text
from policykg.parse.header import modern_tones, org_case, post_case, read_number
from policykg.text import squash

BODY = "\n\n1. Sở Giáo dục và Đào tạo\n\n- Tham mưu tổ chức Ngày hội học tập.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nCHỦ TỊCH\n\nLê Văn An\n"


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("2047/QĐUBND", "2047/QĐ-UBND"),  # hyphen lost between a known type and a known issuer
        ("61/2018/NĐCP", "61/2018/NĐ-CP"),
        ("70-TB/TWng", "70-TB/TW"),  # 'ngày' cut into a Party issuer
        ("14 / CV- HKH", "14/CV-HKH"),
        ("84 QĐ/TWĐTN", "84-QĐ/TWĐTN"),  # a Party id whose hyphen became a space
        ("473/TTr-NN&PTNT", "473/TTr-NN&PTNT"),
        ("30c/NQ-CP", "30c/NQ-CP"),
        ("01/1999/QĐ.UB", "01/1999/QĐ.UB"),  # an old dotted symbol is kept as written
        ("5/QĐXYZ", "5/QĐXYZ"),  # no split into known abbreviations: kept
    ],
)
def test_damaged_ids(written: str, canonical: str) -> None:
    assert canonical_id(written) == canonical


def test_unknown_abbreviation_is_a_warning_not_an_exception() -> None:
    assert doc_type_name("86-CV/BTGTW") == "Công văn"
    assert doc_type_name("12-XY/TU") == "Văn bản"
    assert id_problem("12-XY/TU") == "unknown type abbreviation 'XY' in '12-XY/TU'"
    rec = parse_text("TỈNH ỦY BẮC NINH\n\nSố 12-XY/TU\n\nBắc Ninh, ngày 3 tháng 8 năm 2022" + BODY)
    assert rec["number"] == "12-XY/TU" and rec["doc_type"] == "Văn bản"
    assert "unknown type abbreviation 'XY' in '12-XY/TU'" in rec["warnings"]


def test_tone_placement() -> None:
    assert modern_tones("Uỷ ban nhân dân tỉnh Hoà Bình, Thuỷ lợi") == "Ủy ban nhân dân tỉnh Hòa Bình, Thủy lợi"
    assert modern_tones("hoàn thành, quý, khoẻ") == "hoàn thành, quý, khỏe"  # a final consonant or 'qu'
    old = parse_text("UỶ BAN NHÂN DÂN\nTỈNH HOÀ BÌNH\n\nSố: 12/UBND-VX\n\nHoà Bình, ngày 1 tháng 2 năm 2022" + BODY)
    new = parse_text("ỦY BAN NHÂN DÂN\nTỈNH HÒA BÌNH\n\nSố: 12/UBND-VX\n\nHòa Bình, ngày 1 tháng 2 năm 2022" + BODY)
    assert old["issuer"] == new["issuer"] == "Ủy ban nhân dân tỉnh Hòa Bình"
    assert old["place"] == new["place"] == "Hòa Bình"


@pytest.mark.parametrize(
    ("caps", "written"),
    [
        ("BAN CHẤP HÀNH TRUNG ƯƠNG", "Ban Chấp hành Trung ương"),
        ("HỘI KHUYẾN HỌC TỈNH BẮC KẠN", "Hội Khuyến học tỉnh Bắc Kạn"),
        ("BAN CHỈ ĐẠO XÂY DỰNG XÃ HỘI HỌC TẬP TỈNH YÊN BÁI", "Ban Chỉ đạo xây dựng xã hội học tập tỉnh Yên Bái"),
        ("PHÒNG GIÁO DỤC-ĐÀO TẠO", "Phòng Giáo dục và Đào tạo"),
        ("UBND TX. ĐỒNG XOÀI", "Ủy ban nhân dân thị xã Đồng Xoài"),
        ("VĂN PHÒNG CHÍNH PHỦ", "Văn phòng Chính phủ"),
    ],
)
def test_issuer_case(caps: str, written: str) -> None:
    assert org_case(caps) == written


def test_post_case() -> None:
    assert post_case("BỘ TRƯỞNG, CHỦ NHIỆM") == "Bộ trưởng, Chủ nhiệm"
    assert post_case("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH") == "Chủ tịch Ủy ban nhân dân tỉnh"


@pytest.mark.parametrize(
    ("line", "number", "typ"),
    [
        ("Số: 468/UBND-NCTH", "468/UBND-NCTH", None),
        ("Số 11-CT/TW", "11-CT/TW", None),
        ("Số: 14 / CV- HKH", "14/CV-HKH", None),
        ("Nghị quyết số: 11-NQ/TW", "11-NQ/TW", "Nghị quyết"),
        ("Số:     /KH-UBND", None, None),  # a number never filled in
    ],
)
def test_number_line(line: str, number: str | None, typ: str | None) -> None:
    got, got_type, _ = read_number(line)
    assert (got, got_type) == (number, typ)


@pytest.mark.parametrize("rule", ["-------", "*", "——-", "---------------", "_______", "***", "oOo"])
def test_separators_are_never_the_issuer(rule: str) -> None:
    rec = parse_text(f"ỦY BAN NHÂN DÂN\nHUYỆN ĐỨC PHONG\n{rule}\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n{rule}\n\n"
                     f"Số: 12/UBND-VX\n\nĐức Phong, ngày 1 tháng 2 năm 2022" + BODY)
    assert rec["issuer"] == "Ủy ban nhân dân huyện Đức Phong"
    assert rec["parent_issuer"] is None


def test_cut_words_and_bars_between_cells() -> None:
    text = ("ỦY\nBAN NHÂN DÂN\nTỈNH CAO BẰNG\n-------\n|\nCỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n|\nSố:\n519/KH-UBND\n|\n"
            "Cao\nBằng, ngày  27  tháng  4  năm 2022\n|\nKẾ HOẠCH\nTRIỂN KHAI CÔNG TÁC KHUYẾN HỌC\n"
            "Thực hiện Chỉ thị số 14/CT-TTg ngày 25/5/2021 của Thủ tướng Chính phủ, Ủy ban nhân dân tỉnh ban hành:\n"
            "1. Sở Giáo dục và Đào tạo\n- Tham mưu tổ chức Ngày hội học tập.\n")
    rec = parse_text(text)
    assert (rec["number"], rec["doc_type"], rec["issuer"], rec["place"], rec["date"]) == (
        "519/KH-UBND", "Kế hoạch", "Ủy ban nhân dân tỉnh Cao Bằng", "Cao Bằng", "2022-04-27")
    assert rec["subject"] == "TRIỂN KHAI CÔNG TÁC KHUYẾN HỌC"
    assert [c["id"] for c in rec["citations"]] == ["14/CT-TTg"]
    assert [t["path"] for t in rec["tasks"]] == ["1.1"]


def test_header_spans_quote_the_text_as_read() -> None:
    text = ("UỶ BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nTỈNH VĨNH LONG | Độc lập - Tự do - Hạnh phúc |\n"
            "Số: 826/QĐ-UBND | Vĩnh Long, ngày 14 tháng 6 năm 2022 |" + BODY)
    rec = parse_text(text)
    assert rec["number"] == "826/QĐ-UBND" and rec["date"] == "2022-06-14"
    s, e = rec["header_spans"]["number"]
    assert text[s:e] == "Số: 826/QĐ-UBND"
    s, e = rec["header_spans"]["date"]
    assert text[s:e] == "Vĩnh Long, ngày 14 tháng 6 năm 2022"
    for t in rec["tasks"]:
        s, e = t["span"]
        assert squash(text[s:e]).startswith(t["text"][:20])


def test_whole_letter_on_one_line() -> None:
    text = ("ỦY BAN NHÂN DÂN HUYỆN ĐỨC PHONG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc "
            "Số: 245/UBND-VP Đức Phong, ngày 8 tháng 9 năm 2021 V/v triển khai học tập suốt đời Kính gửi: "
            "- Phòng Giáo dục và Đào tạo huyện. Thực hiện Kế hoạch số 60/KH-UBND ngày 12/8/2021 của UBND tỉnh, "
            "Chủ tịch UBND huyện yêu cầu: 1. Phòng Giáo dục và Đào tạo huyện: - Tham mưu tổ chức Ngày hội "
            "khuyến học cấp huyện. Nơi nhận: - Như trên; - Lưu: VT. KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lê Văn Tám")
    assert "\n" not in text
    rec = parse_text(text)
    assert (rec["number"], rec["issuer"], rec["date"], rec["subject"]) == (
        "245/UBND-VP", "Ủy ban nhân dân huyện Đức Phong", "2021-09-08", "triển khai học tập suốt đời")
    assert rec["recipients"] == ["Phòng Giáo dục và Đào tạo huyện"]
    assert rec["signer"] == {"name": "Lê Văn Tám", "title": "Phó Chủ tịch", "authority": "KT.", "on_behalf_of": "Chủ tịch"}
    assert [t["text"] for t in rec["tasks"]] == ["Tham mưu tổ chức Ngày hội khuyến học cấp huyện."]


def test_ocr_damaged_issuer() -> None:
    rec = parse_text("Y BAN NHÂN DÂN\nTỈNH SƠN LA\n\nSố: 9/UBND-VX\n\nSơn\nLa, ngày 11 tháng 3 năm 2021" + BODY)
    assert rec["issuer"] == "Ủy ban nhân dân tỉnh Sơn La"
    assert rec["place"] == "Sơn La" and rec["date"] == "2021-03-11"


@pytest.mark.parametrize("cut", ["HỘI KHUYẾN HỌC TỈNH BẮC\nKẠN", "HỘI KHUYẾN HỌC TỈNH\nBẮC KẠN"])
def test_province_cut_by_a_narrow_column(cut: str) -> None:
    """A narrow header column (a PDF's, a text copied from one) cuts the province's name."""
    rec = parse_text(cut + "\n\nSố: 14/CV-HKH\n\nBắc Kạn, ngày 3 tháng 5 năm 2022" + BODY)
    assert (rec["issuer"], rec["parent_issuer"]) == ("Hội Khuyến học tỉnh Bắc Kạn", None)


def test_broken_date_or_number_still_gives_a_record() -> None:
    rec = parse_text("ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\n\nSố: 9/UBND-VX\n\nSơn La, ngày    tháng 3 năm 2021" + BODY)
    assert rec["number"] == "9/UBND-VX" and rec["date"] is None and rec["place"] == "Sơn La"
    assert rec["warnings"][0] == "no date could be read in 'Sơn La, ngày tháng 3 năm 2021'"
    rec = parse_text("ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\n\nSố:    /UBND-VX\n\nSơn La, ngày 2 tháng 3 năm 2021" + BODY)
    assert rec["number"] is None and rec["date"] == "2021-03-02"
    assert "number line 'Số: /UBND-VX' holds no document number" in rec["warnings"]


def test_attached_regulation_is_not_the_type() -> None:
    rec = parse_text("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\n\nSố: 12/QĐ-UBND\n\nQuảng Trị, ngày 2 tháng 3 năm 2021\n\n"
                     "QUYẾT ĐỊNH\n\nBan hành Quy chế\n\nCăn cứ Quyết định số 489/QĐ-TTg ngày 08/4/2020;" + BODY
                     + "\nQUY ĐỊNH\n\n(Ban hành kèm theo Quyết định số 12/QĐ-UBND ngày 2/3/2021)\n\nCHỦ TỊCH\n\nLê Văn Bình\n")
    assert rec["doc_type"] == "Quyết định"
    assert rec["signer"]["name"] == "Lê Văn An"
    assert [c["id"] for c in rec["citations"]] == ["489/QĐ-TTg"]  # never its own number


def test_signature_marks() -> None:
    for mark, want in (("T/M BAN BÍ THƯ", ("TM.", "Ban Bí thư")), ("TM. BAN THƯỜNG VỤ", ("TM.", "Ban Thường vụ")),
                       ("K/T CHỦ TỊCH", ("KT.", "Chủ tịch")), ("KT CHỦ TỊCH", ("KT.", "Chủ tịch"))):
        rec = parse_text("ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\n\nSố: 9/UBND-VX\n\nSơn La, ngày 2 tháng 3 năm 2021\n\n"
                         "1. Sở Tài chính\n\n- Bố trí kinh phí.\n\n"
                         f"{mark}\n\nPHÓ CHỦ TỊCH\n\n[đã ký]\n\nNGUYỄN VĂN AN\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n")
        assert (rec["signer"]["authority"], rec["signer"]["on_behalf_of"]) == want, mark
        assert rec["signer"]["name"] == "Nguyễn Văn An" and rec["signer"]["title"] == "Phó Chủ tịch"
        assert rec["cc"] == ["Như trên"]


def test_no_document_is_still_refused() -> None:
    with pytest.raises(NotADocumentError):
        parse_text("Phở bò Hà Nội\n\nNấu nước dùng từ xương bò trong tám giờ.\n")


def test_layout_pass_is_linear() -> None:
    head = "ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/UBND-VX     Hà Nội, ngày 1 tháng 2 năm 2021\n"

    def cost(n: int) -> float:
        text = head + ("x" + " " * 50 + "| ") * n + BODY
        t0 = time.process_time()
        parse_text(text)
        return time.process_time() - t0

    cost(200)
    small, big = min(cost(2000) for _ in range(2)), min(cost(16000) for _ in range(2))
    assert big / small < 8 * 3  # eight times the input, far from the 64 of a quadratic pass


def test_ban_chi_dao_under_the_province_and_kinh_thu() -> None:
    rec = parse_text("UBND TỈNH YÊN BÁI\nBAN CHỈ ĐẠO XÂY DỰNG\nXÃ HỘI HỌC TẬP\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\n"
                     "Số: 05/KH-BCĐ\n\nYên Bái, ngày 2 tháng 3 năm 2022\n\nKẾ HOẠCH\n\nHoạt động năm 2022\n\n"
                     "1. Sở Giáo dục và Đào tạo\n\n- Tổng hợp kết quả.\n\nKÍNH THƯ\n\nTRƯỞNG BAN\n\n"
                     "PHÓ CHỦ TỊCH UBND TỈNH\n\nVũ Thị Hiền Hạnh\n")
    assert rec["issuer"] == "Ban Chỉ đạo xây dựng xã hội học tập tỉnh Yên Bái"  # 'xã hội' is no commune
    assert rec["parent_issuer"] == "Ủy ban nhân dân tỉnh Yên Bái"
    assert rec["doc_type"] == "Kế hoạch" and rec["subject"] == "Hoạt động năm 2022"
    assert rec["signer"] == {"name": "Vũ Thị Hiền Hạnh", "title": "Trưởng ban", "authority": None, "on_behalf_of": None}


_TASK = "\n\n1. Sở Giáo dục và Đào tạo\n\n- Tham mưu tổ chức Ngày hội học tập.\n\n"
LAYOUTS = {
    # a markdown table for the header and one for the signature, cells broken with <br>
    "markdown-table": (
        "| ỦY BAN NHÂN DÂN<br>TỈNH QUẢNG NGÃI<br>------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc |\n"
        "|---|---|\n| Số: 12/KH-UBND | Quảng Ngãi, ngày 1 tháng 2 năm 2022 |\n\nKẾ HOẠCH\n\nPhát triển xã hội học tập"
        + _TASK + "| Nơi nhận:<br>- Như trên;<br>- Lưu: VT. | TM. ỦY BAN NHÂN DÂN<br>CHỦ TỊCH<br><br>Đặng Văn Minh |\n|---|---|\n",
        ("12/KH-UBND", "Kế hoạch", "Ủy ban nhân dân tỉnh Quảng Ngãi", None, "2022-02-01", ("TM.", "Chủ tịch"))),
    # cells separated by tabs (a table copied out of a word processor)
    "tabs": (
        "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH QUẢNG NGÃI\tĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 12/UBND-VX\tQuảng Ngãi, ngày 1 tháng 2 năm 2022\nV/v phát triển học tập\n\nKính gửi: Sở Giáo dục và Đào tạo"
        + _TASK + "Nơi nhận:\tKT. CHỦ TỊCH\n- Như trên;\tPHÓ CHỦ TỊCH\n- Lưu: VT.\n\tĐặng Văn Minh\n",
        ("12/UBND-VX", "Công văn", "Ủy ban nhân dân tỉnh Quảng Ngãi", None, "2022-02-01", ("KT.", "Phó Chủ tịch"))),
    # every cell on its own line, no blank line anywhere (a page's table flattened to text)
    "lines-no-blank": (
        "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 12/UBND-VX\nV/v phát triển học tập\nQuảng Ngãi, ngày 1 tháng 2 năm 2022\nKính gửi: Sở Giáo dục và Đào tạo\n"
        "Thực hiện Chỉ thị số 14/CT-TTg ngày 25/5/2021 của Thủ tướng Chính phủ, UBND tỉnh yêu cầu:\n"
        "1. Sở Giáo dục và Đào tạo\n- Tham mưu tổ chức Ngày hội học tập.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
        "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nĐặng Văn Minh\n",
        ("12/UBND-VX", "Công văn", "Ủy ban nhân dân tỉnh Quảng Ngãi", None, "2022-02-01", ("KT.", "Phó Chủ tịch"))),
    # pdftotext -layout: columns by runs of spaces, the name alone far right
    "space-aligned": (
        "   UBND TỈNH QUẢNG NGÃI                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        " SỞ GIÁO DỤC VÀ ĐÀO TẠO                     Độc lập - Tự do - Hạnh phúc\n\n"
        "  Số: 88/SGDĐT-VP                     Quảng Ngãi, ngày 3 tháng 4 năm 2022\n V/v tổ chức Ngày hội\n"
        "  học tập suốt đời\n\n                    Kính gửi: Phòng Giáo dục và Đào tạo các huyện\n" + _TASK
        + "Nơi nhận:                                          GIÁM ĐỐC\n- Như trên;\n"
        "- Lưu: VT.                                        (Đã ký)\n\n                                                  Đặng Văn Minh\n",
        ("88/SGDĐT-VP", "Công văn", "Sở Giáo dục và Đào tạo tỉnh Quảng Ngãi", "Ủy ban nhân dân tỉnh Quảng Ngãi",
         "2022-04-03", (None, "Giám đốc"))),
    # a Party committee's conclusion, one cell per line, the signature before 'Nơi nhận'
    "party-cells": (
        "ĐẢNG BỘ TỈNH QUẢNG NGÃI\nBAN CHẤP HÀNH\n*\n|\nĐẢNG CỘNG SẢN VIỆT NAM\n|\nSố 15-KL/TU\n|\n"
        "Quảng Ngãi, ngày 9 tháng 3 năm 2022\n|\nKẾT LUẬN\nCỦA BAN THƯỜNG VỤ TỈNH ỦY\nvề công tác khuyến học\n"
        "1. Ban Tuyên giáo Tỉnh ủy\n- Hướng dẫn tuyên truyền.\n|\nT/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC\n(đã ký)\n"
        "Đặng Văn Minh\n|\nNơi nhận:\n- Các huyện ủy,\n- Lưu VPTU.\n",
        ("15-KL/TU", "Kết luận", "Ban Chấp hành Đảng bộ tỉnh Quảng Ngãi", "Đảng bộ tỉnh Quảng Ngãi", "2022-03-09",
         ("TM.", "Phó Bí thư Thường trực"))),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_header_and_signature_in_each_layout(layout: str) -> None:
    text, (number, kind, issuer, parent, date, (mark, post)) = LAYOUTS[layout]
    rec = parse_text(text)
    assert (rec["number"], rec["doc_type"], rec["issuer"], rec["parent_issuer"], rec["date"]) == (
        number, kind, issuer, parent, date)
    assert (rec["signer"]["name"], rec["signer"]["authority"], rec["signer"]["title"]) == ("Đặng Văn Minh", mark, post)
    assert len(rec["tasks"]) == 1 and rec["warnings"] == []


def test_a_banner_in_capitals_over_the_header_is_no_parent() -> None:
    rec = parse_text("CƠ SỞ DỮ LIỆU QUỐC GIA VỀ VĂN BẢN PHÁP LUẬT\nỦY BAN NHÂN DÂN\nTỈNH SƠN LA\n\n"
                     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nSố: 9/UBND-VX\n\nSơn La, ngày 2 tháng 3 năm 2021" + BODY)
    assert (rec["issuer"], rec["parent_issuer"]) == ("Ủy ban nhân dân tỉnh Sơn La", None)
    rec = parse_text("BỘ GIÁO DỤC VÀ ĐÀO TẠO\nCỤC QUẢN LÝ CHẤT LƯỢNG\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\n"
                     "Số: 9/QLCL-VP\n\nHà Nội, ngày 2 tháng 3 năm 2021" + BODY)
    assert (rec["issuer"], rec["parent_issuer"]) == ("Cục Quản lý chất lượng", "Bộ Giáo dục và Đào tạo")


def test_runs_of_spaces_cost_linear_time() -> None:
    def cost(n: int) -> float:
        text = ("ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\n\nSố: 9/UBND-VX" + " " * n + "Sơn La, ngày 2 tháng 3 năm 2021\n\n"
                "1. Sở Tài chính\n\n- Bố trí" + " " * n + "kinh phí.\n\nNơi nhận:" + " " * n + "KT. CHỦ TỊCH\n" + " " * n + "\n")
        best = float("inf")
        for _ in range(2):
            t0 = time.process_time()
            rec = parse_text(text)
            best = min(best, time.process_time() - t0)
        assert rec["number"] == "9/UBND-VX" and rec["date"] == "2021-03-02"
        return best

    cost(1000)
    assert cost(64000) / cost(8000) < 8 * 3  # eight times the spaces; a square would cost 64 times
