"""Deadlines read off a task's text and a table's time cell (policykg.parse.deadlines): every
form the issue names, each with the date worked out by hand from the calendar (sentences of
our own, invented bodies' tasks), the period it closes, what it counts from, and to whom the
report goes; a deadline that cannot be placed is kept as its words with a warning."""

from __future__ import annotations

import pytest

from policykg.parse import deadlines, parse_file
from policykg.parse.deadlines import cell_deadline, report_route

from .conftest import ROOT

DUE = ROOT / "tests" / "data" / "due"


def one(text: str, doc_date: str | None = None) -> dict:
    found = deadlines(text, doc_date)
    assert len(found) == 1, found
    return found[0]


def key(d: dict) -> tuple:
    return d["date"], d["recurrence"], d["start"], d["relative_to"]


@pytest.mark.parametrize("text, doc_date, want", [
    # 6 March + 15 days = 21 March
    ("Sở Nội vụ trình quy chế trong thời hạn 15 ngày kể từ ngày ký.", "2023-03-06",
     ("2023-03-21", None, "2023-03-06", "signing")),
    # across a year end: 20 December + 20 days = 9 January
    ("Hoàn thành trong thời hạn 20 ngày kể từ ngày ký ban hành.", "2021-12-20",
     ("2022-01-09", None, "2021-12-20", "signing")),
    # working days from Friday 1 July 2022: 4-8 July are five, 11-15 July five more
    ("Gửi ý kiến trong thời hạn 10 ngày làm việc kể từ ngày ký.", "2022-07-01",
     ("2022-07-15", None, "2022-07-01", "signing")),
    # two months from 31 December: 28 February, a common year's last day
    ("Trình đề án trong thời hạn 02 tháng kể từ ngày Kế hoạch được ban hành.", "2022-12-31",
     ("2023-02-28", None, "2022-12-31", "signing")),
    ("Tổ chức sơ kết trong quý III/2021.", None, ("2021-09-30", None, "2021-07-01", None)),
    ("Hoàn thành trong quý IV năm 2022.", None, ("2022-12-31", None, "2022-10-01", None)),
    ("Báo cáo Ủy ban nhân dân tỉnh trước ngày 30/11 hằng năm.", None, ("--11-30", "annual", None, None)),
    ("Tổ chức hội nghị trong tháng 12/2021.", None, ("2021-12-31", None, "2021-12-01", None)),
    ("Ban hành quy chế trong tháng 2/2024.", None, ("2024-02-29", None, "2024-02-01", None)),
    ("Xây dựng phần mềm quản lý trong năm 2022.", None, ("2022-12-31", None, "2022-01-01", None)),
    ("Hoàn thành trong 6 tháng đầu năm 2022.", None, ("2022-06-30", None, "2022-01-01", None)),
    ("Tổ chức tổng kết trong tháng 12 hằng năm.", None, ("--12-31", "annual", "--12-01", None)),
    ("Hằng quý, báo cáo về Sở Y tế trước ngày 15 của tháng cuối quý.", None, ("--03-15", "quarterly", None, None)),
    ("Báo cáo về Sở Y tế chậm nhất ngày 20 tháng cuối mỗi quý.", None, ("--03-20", "quarterly", None, None)),
    ("Báo cáo số liệu về Sở Y tế trước ngày 25 hằng tháng.", None, ("--01-25", "monthly", None, None)),
    # a month's report by the 10th of the next month; a quarter's by the 20th of the next quarter's first
    ("Báo cáo tháng gửi Sở Y tế trước ngày 10 của tháng sau.", None, ("--01-10", "monthly", None, None)),
    ("Báo cáo quý gửi Sở Y tế trước ngày 20 của tháng đầu quý sau.", None, ("--01-20", "quarterly", None, None)),
    ("Báo cáo 6 tháng đầu năm gửi trước ngày 10/7 của năm báo cáo.", None, ("--07-10", "annual", None, None)),
    ("Báo cáo năm gửi trước ngày 10/01 của năm liền kề năm báo cáo.", None, ("--01-10", "annual", None, None)),
    ("Chậm nhất ngày 20/12/2021, gửi báo cáo về Ủy ban nhân dân huyện.", None, ("2021-12-20", None, None, None)),
    ("Nộp hồ sơ chậm nhất là ngày 05 tháng 01 năm 2022.", None, ("2022-01-05", None, None, None)),
    ("Hoàn thành chậm nhất vào ngày 10/10/2022.", None, ("2022-10-10", None, None, None)),
    # a date written with dots or dashes, as some offices do; only with its year
    ("Gửi ý kiến về Phòng Khảo thí trước ngày 13.12.2027.", None, ("2027-12-13", None, None, None)),
    ("Báo cáo Sở Tư pháp chậm nhất ngày 05-01-2026.", None, ("2026-01-05", None, None, None)),
    # before a month: the day before it begins
    ("Bố trí kinh phí trước tháng 3/2023.", None, ("2023-02-28", None, None, None)),
    # a day and month with no year: the first such day after the letter's date
    ("Báo cáo Sở Nội vụ trước ngày 30/11.", "2021-06-18", ("2021-11-30", None, None, "year-of-signing")),
    ("Báo cáo Sở Nội vụ trước ngày 30/11.", "2021-12-05", ("2022-11-30", None, None, "year-of-signing")),
])
def test_each_form_gives_its_date(text: str, doc_date: str | None, want: tuple) -> None:
    assert key(one(text, doc_date)) == want


def test_six_monthly_and_yearly_in_one_clause() -> None:
    text = ("Định kỳ 6 tháng (trước 15/6) và hằng năm (trước ngày 15/12) báo cáo tình hình thực hiện "
            "về Sở Giáo dục và Đào tạo để tổng hợp.")
    what = "báo cáo tình hình thực hiện về Sở Giáo dục và Đào tạo để tổng hợp"
    assert deadlines(text, "2022-03-15") == [
        {"date": "--06-15", "recurrence": "semiannual", "what": what, "start": None, "relative_to": None,
         "report_to": "Sở Giáo dục và Đào tạo", "report_via": None, "text": "Định kỳ 6 tháng (trước 15/6)"},
        {"date": "--12-15", "recurrence": "annual", "what": what, "start": None, "relative_to": None,
         "report_to": "Sở Giáo dục và Đào tạo", "report_via": None, "text": "hằng năm (trước ngày 15/12)"},
    ]


def test_recurring_with_a_day_only_each_month() -> None:
    assert key(one("Hằng tháng (trước ngày 5) báo cáo về Sở Y tế.")) == ("--01-05", "monthly", None, None)


@pytest.mark.parametrize("text, doc_date, written, counted", [
    ("Gửi báo cáo về Sở Tài chính trong thời hạn 10 ngày kể từ ngày nhận được văn bản này.", "2022-03-15",
     "trong thời hạn 10 ngày kể từ ngày nhận được văn bản này", "receipt"),
    # the letter's own date unread: nothing to count from
    ("Trình quy chế trong thời hạn 15 ngày kể từ ngày ký.", None, "trong thời hạn 15 ngày kể từ ngày ký", "signing"),
    ("Báo cáo về Sở Y tế trước ngày   /12/2021.", None, "trước ngày /12/2021", None),
    ("Hoàn thành trước ngày 31/11/2022.", None, "Hoàn thành trước ngày 31/11/2022", None),
    ("Hoàn thành chậm nhất ngày khai giảng năm học mới.", None, "Hoàn thành chậm nhất ngày khai giảng năm học mới", None),
])
def test_a_deadline_that_cannot_be_placed_is_kept_as_text(text: str, doc_date: str | None, written: str,
                                                          counted: str | None) -> None:
    d = one(text, doc_date)
    assert (d["date"], d["recurrence"], d["text"], d["relative_to"]) == (None, None, written, counted)


def test_an_unplaced_deadline_warns_in_the_record() -> None:
    rec = parse_file(DUE / "lai-chau_ke-hoach-215-kh-ubnd_2022-03-15.md")
    task = next(t for t in rec["tasks"] if t["path"] == "II.6.1")
    assert task["deadlines"] == [{
        "date": None, "recurrence": None, "what": "Gửi báo cáo về Sở Giáo dục và Đào tạo", "start": None,
        "relative_to": "receipt", "report_to": "Sở Giáo dục và Đào tạo", "report_via": None,
        "text": "trong thời hạn 10 ngày kể từ ngày nhận được văn bản này"}]
    assert rec["warnings"] == [
        "deadline not placed, kept as text: 'trong thời hạn 10 ngày kể từ ngày nhận được văn bản này' (task II.6.1)"]


@pytest.mark.parametrize("what, want", [
    ("Hằng quý, báo cáo kết quả xóa mù chữ về Sở Giáo dục và Đào tạo (qua Phòng Giáo dục và Đào tạo)",
     ("Sở Giáo dục và Đào tạo", "Phòng Giáo dục và Đào tạo")),
    ("Gửi báo cáo về Hội Khuyến học tỉnh", ("Hội Khuyến học tỉnh", None)),
    ("Tổng hợp, báo cáo Thủ tướng Chính phủ kết quả thực hiện Chỉ thị này", ("Thủ tướng Chính phủ", None)),
    ("báo cáo kết quả về công tác phổ cập về Sở Lao động - Thương binh và Xã hội, qua Phòng Nội vụ",
     ("Sở Lao động - Thương binh và Xã hội", "Phòng Nội vụ")),
    ("báo cáo tình hình thực hiện về Sở Giáo dục và Đào tạo để tổng hợp, tham mưu UBND tỉnh báo cáo Chính phủ",
     ("Sở Giáo dục và Đào tạo", None)),
    ("Tổ chức hội nghị sơ kết công tác xóa mù chữ", (None, None)),
])
def test_report_route(what: str, want: tuple) -> None:
    assert report_route(what) == want


@pytest.mark.parametrize("cell, want", [
    ("Quý II/2021", ("2021-06-30", None, "2021-04-01")),
    ("Tháng 12/2021", ("2021-12-31", None, "2021-12-01")),
    ("Năm 2022", ("2022-12-31", None, "2022-01-01")),
    ("2021 - 2025", ("2025-12-31", None, "2021-01-01")),
    ("Quý IV hằng năm", ("--12-31", "annual", "--10-01")),
    ("30/6/2021", ("2021-06-30", None, None)),
])
def test_time_cells_give_their_period(cell: str, want: tuple) -> None:
    d = cell_deadline(cell, "Rà soát hồ sơ, báo cáo Sở Nội vụ")
    assert d is not None
    assert (d["date"], d["recurrence"], d["start"]) == want
    assert (d["what"], d["report_to"], d["text"]) == ("Rà soát hồ sơ, báo cáo Sở Nội vụ", "Sở Nội vụ", cell)


def test_no_deadline_in_plain_text() -> None:
    assert deadlines("Tăng cường công tác tuyên truyền về xóa mù chữ trong toàn tỉnh.") == []
    assert cell_deadline("Thường xuyên", None) is None


@pytest.mark.parametrize("unit", [
    "báo cáo ", "trước ngày 1/2/2022 ", "trong thời hạn 15 ngày kể từ ", "chậm nhất ngày ",
    "Báo cáo về Sở Y tế trước ngày 1/2/2022; ", "hằng quý (trước ngày 15/3) và ",
])
def test_reading_stays_linear(unit: str) -> None:
    """Eight times the text, well under sixty-four times the CPU time (a quadratic reader)."""
    from .conftest import best_cpu_seconds

    small = best_cpu_seconds(lambda: deadlines(unit * 400, "2022-01-01"), runs=3)
    big = best_cpu_seconds(lambda: deadlines(unit * 3200, "2022-01-01"), runs=3)
    assert big / max(small, 1e-4) < 24


TABLE_LETTER = """ỦY BAN NHÂN DÂN
TỈNH LAI CHÂU

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 318/KH-UBND

Lai Châu, ngày 20 tháng 12 năm 2022

KẾ HOẠCH

Rà soát hồ sơ phổ cập giáo dục năm 2023

I. NHIỆM VỤ

| TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |
|---|---|---|---|---|
| 1 | Lập danh sách người mù chữ | Sở Giáo dục và Đào tạo | Sở Nội vụ | Trong thời hạn 15 ngày kể từ ngày ký |
| 2 | Tổng hợp số liệu, báo cáo Sở Nội vụ | Sở Giáo dục và Đào tạo | | Trước ngày 30/11 |
| 3 | Kiểm tra công nhận | Sở Giáo dục và Đào tạo | | Sau khi có ý kiến của Bộ |

Nơi nhận:
- Các Sở, ngành;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Lò Văn Phong
"""


def test_time_cells_in_words_are_placed_on_the_letters_date() -> None:
    from policykg.parse import parse_text

    tasks = parse_text(TABLE_LETTER)["tasks"]
    got = [[(d["date"], d["start"], d["relative_to"], d["report_to"], d["text"]) for d in t["deadlines"]] for t in tasks]
    assert got == [
        # 20 December 2022 + 15 days = 4 January 2023
        [("2023-01-04", "2022-12-20", "signing", None, "Trong thời hạn 15 ngày kể từ ngày ký")],
        # no year, after the letter's 20/12/2022: 30/11/2023
        [("2023-11-30", None, "year-of-signing", "Sở Nội vụ", "Trước ngày 30/11")],
        # a time with no date gives no deadline, as `Thường xuyên`
        [],
    ]
