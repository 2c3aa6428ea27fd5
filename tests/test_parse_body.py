"""The body's parts one by one: how items nest, who an assignment phrase names, what a task
table and its time column give, an executing article, and parse time that stays linear."""

from __future__ import annotations

import time

import pytest

from policykg.parse import parse_text
from policykg.parse.outline import outline
from policykg.parse.source import Paragraph
from policykg.parse.tables import table_tasks, time_deadline
from policykg.parse.tasks import body_name, clause_bodies, executing, head_assignment, inline_assignment, is_body

HEADER = """ỦY BAN NHÂN DÂN
TỈNH BẮC NINH

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 501/UBND-KGVX

Bắc Ninh, ngày 10 tháng 5 năm 2022

V/v triển khai nhiệm vụ

Kính gửi: Các sở, ngành.

"""
SIGNATURE = """

Nơi nhận:
- Như trên;
- Lưu: VT.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Ngô Văn Bình
"""


def letter(body: str) -> dict:
    return parse_text(HEADER + body + SIGNATURE)


def paras(*texts: str) -> list[Paragraph]:
    out, at = [], 0
    for t in texts:
        out.append(Paragraph(t, at))
        at += len(t) + 2
    return out


def test_bullets_nest_by_what_opened_them() -> None:
    tree = outline(paras("1. Sở Y tế", "- Một.", "+ Hai.", "+ Ba.", "- Bốn.", "2. Sở Nội vụ", "a) Năm."))
    one, two = tree.children
    assert [c.kind for c in one.children] == ["dash", "dash"]
    assert [c.kind for c in one.children[0].children] == ["plus", "plus"]
    assert [c.kind for c in two.children] == ["letter"]


def test_roman_part_under_an_article_is_part_of_it() -> None:
    tree = outline(paras("Điều 1. Phê duyệt Quy hoạch như sau:", "I. Quan điểm", "1. Một.", "Điều 2. Hiệu lực."))
    art1, art2 = tree.children
    assert (art1.kind, art2.kind) == ("article", "article")
    assert art1.children[0].kind == "subpart" and art1.children[0].children[0].kind == "section"


def test_assignment_phrases() -> None:
    a = head_assignment("Giao Giám đốc: Sở Y tế, Sở Nội vụ, Đài Phát thanh và Truyền hình tỉnh phối hợp với Sở Tài chính")
    assert a is not None and a.bodies == ["Sở Y tế", "Sở Nội vụ", "Đài Phát thanh và Truyền hình tỉnh"]
    assert a.rest.startswith("phối hợp với Sở Tài chính")
    a = head_assignment("Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh vận động Nhân dân")
    assert a is not None and a.request and a.bodies == ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]
    a = inline_assignment("Về kinh phí: giao Sở Tài chính thẩm định, trình UBND tỉnh")
    assert a is not None and a.bodies == ["Sở Tài chính"]
    # a handing over, a road and a request of a cited document name no assignee
    assert inline_assignment("Thực hiện việc bàn giao Sở Y tế quản lý") is None
    assert inline_assignment("Đầu tư các tuyến giao thông nông thôn.") is None
    assert head_assignment("Báo cáo kết quả") is None
    assert not is_body("Hội nghị sơ kết") and is_body("Hội Khuyến học tỉnh")
    assert body_name("Giám đốc Sở Y tế") == "Sở Y tế"
    assert body_name("Chánh Văn phòng Ủy ban nhân dân tỉnh") == "Văn phòng Ủy ban nhân dân tỉnh"
    assert body_name("Trưởng ban Dân tộc") == "Trưởng ban Dân tộc"  # no body follows the post


def test_closing_speaks_to_its_audience() -> None:
    a = clause_bodies("Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện.")
    assert a is not None and a.bodies == ["các cơ quan, đơn vị"]
    assert clause_bodies("Chỉ thị này được phổ biến đến chi bộ.") is None


def test_executing_article() -> None:
    got = executing("Chánh Văn phòng UBND tỉnh, Giám đốc các Sở: Y tế, Tài chính; Chủ tịch UBND các huyện và các "
                    "tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này./.")
    assert got == ["Văn phòng UBND tỉnh", "Sở Y tế", "Sở Tài chính", "UBND các huyện"]
    assert executing("Thủ trưởng các sở, ban, ngành căn cứ Quyết định thi hành.") == ["các sở, ban, ngành"]
    assert executing("Quyết định này có hiệu lực kể từ ngày ký.") is None


@pytest.mark.parametrize("cell, want", [
    ("Quý II/2021", ("2021-06-30", None)),
    ("Quý 4 năm 2022", ("2022-12-31", None)),
    ("Tháng 2/2024", ("2024-02-29", None)),
    ("Năm 2022", ("2022-12-31", None)),
    ("2021 - 2025", ("2025-12-31", None)),
    ("Trước 15/3/2023", ("2023-03-15", None)),
    ("Quý I hằng năm", ("--03-31", "annual")),
    ("Thường xuyên", None),
    ("Hằng năm", None),
])
def test_time_cells(cell: str, want: tuple[str, str | None] | None) -> None:
    assert time_deadline(cell) == want


def test_task_table_rows() -> None:
    table = ("| STT | Nội dung công việc | Cơ quan thực hiện | Thời gian thực hiện |\n"
             "|---|---|---|---|\n"
             "| A | Tuyên truyền | | |\n"
             "| 1 | In tờ rơi | Sở Y tế | Quý I/2023 |\n"
             "| Cơ quan thực hiện | | | |\n"
             "| 2 | Phát tờ rơi | UBND các xã | Thường xuyên |")
    rows = table_tasks(table)
    assert [(r.label, r.text, r.lead, r.lead_is_chu_tri, r.time) for r in rows] == [
        ("A.1", "In tờ rơi", "Sở Y tế", False, "Quý I/2023"),
        ("A.2", "Phát tờ rơi", "UBND các xã", False, "Thường xuyên"),
    ]
    assert table[rows[0].start:rows[0].end].startswith("In tờ rơi |")
    assert table_tasks("| a | b |\n| c | d |") == []  # no lead column: no task table


def test_a_topic_section_gives_tasks_to_the_bodies_its_items_name() -> None:
    rec = letter("1. Công tác tuyên truyền\n\n- Sở Thông tin và Truyền thông chủ trì tuyên truyền.\n\n"
                 "- Nâng cao nhận thức của Nhân dân.\n\n2. Sở Tài chính\n\n- Bố trí kinh phí.\n\n- Kiểm tra quyết toán.\n\n"
                 "Yêu cầu các sở, ngành triển khai thực hiện.")
    assert [(t["path"], t["assignees"]) for t in rec["tasks"]] == [
        ("1.1", ["Sở Thông tin và Truyền thông"]), ("2.1", ["Sở Tài chính"]), ("2.2", ["Sở Tài chính"])]
    assert [c["assignees"] for c in rec["closing"]] == [["các sở, ngành"]]


def test_items_on_lines_without_blank_lines_between_them() -> None:
    rec = letter("1. Sở Y tế\n- Tổ chức tiêm chủng.\n- Báo cáo trước ngày 30/6/2022.\n2. Sở Nội vụ thẩm định hồ sơ.")
    assert [(t["path"], t["text"]) for t in rec["tasks"]] == [
        ("1.1", "Tổ chức tiêm chủng."), ("1.2", "Báo cáo trước ngày 30/6/2022."), ("2", "thẩm định hồ sơ.")]
    assert rec["tasks"][1]["deadlines"][0]["date"] == "2022-06-30"


def test_a_heading_sub_item_is_a_heading_not_a_task() -> None:
    rec = letter("1. Sở Giáo dục và Đào tạo\n\n1.1. Về công tác tuyên truyền:\n\na) In tài liệu.\n\nb) Phát tài liệu.\n\n"
                 "1.2. Tổng kết năm học.")
    assert [t["path"] for t in rec["tasks"]] == ["1.1.a", "1.1.b", "1.2"]


def _timed(fn, arg: str) -> float:
    start = time.process_time()
    fn(arg)
    return time.process_time() - start


def _ratio(fn, make) -> float:
    """Time on 16 units over time on 2: near 8 when linear, 64 when quadratic. Not 1 and 8:
    at the smallest size fixed costs (regex caches, allocation) blur the ratio."""
    small = min(_timed(fn, make(2)) for _ in range(3))
    big = min(_timed(fn, make(16)) for _ in range(3))
    return big / max(small, 1e-4)


def test_body_parse_time_stays_linear() -> None:
    """Growth ratios, not absolute times: eight times the input, well under sixty-four times the time."""
    assert _ratio(letter, lambda k: "1. Sở Y tế\n\n" + "\n\n".join(f"- Việc {i}" for i in range(150 * k))) < 24
    assert _ratio(letter, lambda k: "1. Sở Y tế\n\n- Việc một\n\n" + "\n\n".join(f"tiếp {i}" for i in range(150 * k))) < 24
    assert _ratio(letter, lambda k: "\n".join(f"{i % 90 + 1}. Giao Sở Y tế việc {i}." for i in range(100 * k))) < 24
    table = "| TT | Nội dung | Cơ quan chủ trì | Thời gian |\n" + "\n"
    assert _ratio(letter, lambda k: table + "\n".join(f"| {i} | Việc {i} | Sở Y tế | Quý II/2022 |"
                                                      for i in range(150 * k))) < 24


@pytest.mark.parametrize("fn", [head_assignment, inline_assignment, clause_bodies, executing, time_deadline, table_tasks],
                         ids=lambda f: f.__name__)
def test_assignment_readers_stay_linear_over_runs_of_spaces_and_commas(fn) -> None:
    # the readers of the body see the text after noise removal; spaces there are what a scan leaves
    assert _ratio(fn, lambda k: "Giao Sở Y tế" + " " * (10_000 * k) + "chủ trì.") < 24
    assert _ratio(fn, lambda k: "Đề nghị, " * (1_000 * k) + "giao thông.") < 24
    assert _ratio(fn, lambda k: "| " + " | " * (2_500 * k) + " |") < 24


def test_aims_and_requirements_give_no_task() -> None:
    rec = letter("I. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích\n\n- Nâng cao chất lượng.\n\n2. Yêu cầu\n\n"
                 "1. Các sở, ngành thực hiện đúng tiến độ.\n\nII. TỔ CHỨC THỰC HIỆN\n\n1. Sở Nội vụ hướng dẫn thực hiện.")
    assert [(t["path"], t["assignees"]) for t in rec["tasks"]] == [("II.1", ["Sở Nội vụ"])]


def test_report_gives_tasks_only_through_a_verb() -> None:
    rec = parse_text(HEADER.replace("501/UBND-KGVX", "77/BC-UBND").replace("V/v triển khai nhiệm vụ\n\n", "")
                     + "1. Sở Y tế đã tổ chức tiêm chủng.\n\n2. Sở Tài chính\n\n- Cấp kinh phí.\n\n"
                     + "3. Đề nghị Bộ Y tế bổ sung vắc xin." + SIGNATURE)
    assert rec["doc_type"] == "Báo cáo"
    assert [(t["path"], t["assignees"], t["modality"]) for t in rec["tasks"]] == [("3", ["Bộ Y tế"], "request")]


def test_duties_of_a_body_and_numbers_in_parentheses() -> None:
    rec = letter("1. Trách nhiệm của Sở Y tế\n\n1) Tổ chức tiêm chủng.\n\n2) Giám sát dịch bệnh.\n\n"
                 "2. Đối với Ủy ban nhân dân các huyện:\n\n● Bố trí địa điểm tiêm.")
    assert [(t["path"], t["assignees"]) for t in rec["tasks"]] == [
        ("1.1", ["Sở Y tế"]), ("1.2", ["Sở Y tế"]), ("2.1", ["Ủy ban nhân dân các huyện"])]


def test_legal_bases_of_a_preamble_without_blank_lines() -> None:
    rec = letter("Căn cứ Nghị định số 12/2021/NĐ-CP ngày 01/3/2021 của Chính phủ;\n"
                 "Căn cứ Quyết định số 88/QĐ-TTg ngày 02/4/2021 của Thủ tướng Chính phủ;\n"
                 "Xét Tờ trình số 45/TTr-SNV ngày 03/5/2022 của Sở Nội vụ.\n"
                 "QUYẾT ĐỊNH:\nĐiều 1. Giao Sở Nội vụ thẩm định hồ sơ.\n"
                 "Điều 2. Giám đốc Sở Nội vụ chịu trách nhiệm thi hành Quyết định này.")
    assert rec["based_on"] == ["12/2021/NĐ-CP", "88/QĐ-TTg"]
    assert [(t["path"], t["assignees"]) for t in rec["tasks"]] == [("Đ1", ["Sở Nội vụ"])]
    assert rec["executors"] == ["Sở Nội vụ"]


def test_a_collective_runs_on_over_common_nouns() -> None:
    from policykg.parse.bodies import split_bodies

    assert split_bodies("Thủ trưởng các Sở, Ban ngành tỉnh, Chủ tịch UBND các huyện") == [
        "Thủ trưởng các Sở, Ban ngành tỉnh", "Chủ tịch UBND các huyện"]
    assert split_bodies("các sở, Ban Dân tộc tỉnh") == ["các sở", "Ban Dân tộc tỉnh"]
