"""What is due when (policykg.due, `policykg due`) on the letters of tests/data/due/: every
expected row below was worked out by hand from those letters' text (see their README), not
copied from the code's output. The plan 215/KH-UBND of 15/3/2022 sets one-off, periodic and
relative deadlines; the district letter 305/UBND-VX of 5/4/2022 two one-off ones; the report
48/BC-STC of 10/6/2022 meets one duty (Sở Tài chính's `Chậm nhất ngày 20/6/2022, thẩm định dự
toán kinh phí`) and no other."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import main
from policykg.due import Deadline, DueError, due_result, duties, occurrences, summary
from policykg.pipeline import run_build
from policykg.queries import find_query
from policykg.sparql import OxigraphStore, RdflibStore, load_store, run

from .conftest import RELEASE, ROOT

DUE = ROOT / "tests" / "data" / "due"
D = dt.date
KH, CV = "215/KH-UBND", "305/UBND-VX"
GD, YT, TC, NV = "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Tài chính", "Sở Nội vụ"
HUYEN, SO_NGANH = "UBND các huyện, thành phố", "Các Sở, ngành"
PHONG, XA = "Phòng Giáo dục và Đào tạo", "Ủy ban nhân dân các xã, thị trấn"


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("due")
    run_build([str(DUE)], out, include_default=False, echo=lambda m: None)
    return out / "policykg.trig"


@pytest.fixture(scope="module")
def store(graph: Path) -> RdflibStore:
    return RdflibStore.open(graph)


def rows(found: list) -> list[tuple]:
    return [(x.date.isoformat(), x.status, x.document, x.task, x.body) for x in found]


# 2022 as of 1 July 2022. Sở Y tế: the 25th of each month after 15/3 (March to December); UBND
# các huyện: the 15th of each quarter's last month after 15/3 (June, September, December), and
# with the Sở, ngành the closing's six-month report (15/6) and annual one (15/12, which takes the
# place of the second six-month one); the plan's one-off dates 30/3 (15 days from 15/3), 20/6,
# 30/9 (quý III), 30/11 (hằng năm), 31/12 (tháng 12); the district's 10/5 and 30/11.
YEAR_2022 = [
    ("2022-03-25", "overdue", KH, "II.5.1", YT),
    ("2022-03-30", "overdue", KH, "II.1.1", GD),
    ("2022-04-25", "overdue", KH, "II.5.1", YT),
    ("2022-05-10", "overdue", CV, "2", XA),
    ("2022-05-25", "overdue", KH, "II.5.1", YT),
    ("2022-06-15", "overdue", KH, "II.4.1", HUYEN),
    ("2022-06-15", "overdue", KH, "closing", SO_NGANH),
    ("2022-06-15", "overdue", KH, "closing", HUYEN),
    ("2022-06-20", "met", KH, "II.3.1", TC),
    ("2022-06-25", "overdue", KH, "II.5.1", YT),
    ("2022-07-25", "pending", KH, "II.5.1", YT),
    ("2022-08-25", "pending", KH, "II.5.1", YT),
    ("2022-09-15", "pending", KH, "II.4.1", HUYEN),
    ("2022-09-25", "pending", KH, "II.5.1", YT),
    ("2022-09-30", "pending", KH, "II.1.2", GD),
    ("2022-10-25", "pending", KH, "II.5.1", YT),
    ("2022-11-25", "pending", KH, "II.5.1", YT),
    ("2022-11-30", "pending", KH, "II.2.2", NV),
    ("2022-11-30", "pending", CV, "1", PHONG),
    ("2022-12-15", "pending", KH, "II.4.1", HUYEN),
    ("2022-12-15", "pending", KH, "closing", SO_NGANH),
    ("2022-12-15", "pending", KH, "closing", HUYEN),
    ("2022-12-25", "pending", KH, "II.5.1", YT),
    ("2022-12-31", "pending", KH, "II.1.3", GD),
]


def test_the_year_as_of_july(store: RdflibStore) -> None:
    assert rows(duties(store, D(2022, 1, 1), D(2022, 12, 31), as_of=D(2022, 7, 1))) == YEAR_2022


def test_each_duty_carries_its_document_task_recipient_and_quote(store: RdflibStore) -> None:
    found = duties(store, D(2022, 1, 1), D(2022, 12, 31), as_of=D(2022, 7, 1))
    quarterly = next(x for x in found if x.task == "II.4.1")
    assert (quarterly.report_to, quarterly.report_via, quarterly.recurrence, quarterly.place) == (
        GD, PHONG, "quarterly", "Lai Châu")
    assert quarterly.deadline_text == "trước ngày 15 của tháng cuối quý"
    assert quarterly.quote == ("Hằng quý, báo cáo kết quả xóa mù chữ về Sở Giáo dục và Đào tạo (qua Phòng Giáo "
                               "dục và Đào tạo) trước ngày 15 của tháng cuối quý.")
    relative = next(x for x in found if x.task == "II.1.1")
    assert (relative.date, relative.start, relative.deadline_text) == (
        D(2022, 3, 30), D(2022, 3, 15), "trong thời hạn 15 ngày kể từ ngày ký")
    quarter = next(x for x in found if x.task == "II.1.2")
    assert (quarter.start, quarter.date) == (D(2022, 7, 1), D(2022, 9, 30))
    met = next(x for x in found if x.status == "met")
    assert (met.met_by, met.met_on, met.body_iri) == (
        "48/BC-STC", D(2022, 6, 10), "https://w3id.org/policykg/id/body/lai-chau/so-tai-chinh")
    district = next(x for x in found if x.document == CV and x.task == "1")
    assert (district.report_to, district.place) == ("Ủy ban nhân dân huyện", "Tam Đường, Lai Châu")


def test_counts_by_body_and_place(store: RdflibStore) -> None:
    counts = summary(duties(store, D(2022, 1, 1), D(2022, 12, 31), as_of=D(2022, 7, 1)))
    got = [(c.body, c.place, c.due, c.met, c.late, c.overdue, c.pending) for c in counts]
    assert got == [
        (SO_NGANH, "Lai Châu", 2, 0, 0, 1, 1),
        (GD, "Lai Châu", 3, 0, 0, 1, 2),
        (NV, "Lai Châu", 1, 0, 0, 0, 1),
        (TC, "Lai Châu", 1, 1, 0, 0, 0),
        (YT, "Lai Châu", 10, 0, 0, 4, 6),
        (HUYEN, "Lai Châu", 5, 0, 0, 2, 3),
        (PHONG, "Tam Đường, Lai Châu", 1, 0, 0, 0, 1),
        (XA, "Tam Đường, Lai Châu", 1, 0, 0, 1, 0),
    ]


def test_a_report_meets_only_the_duty_it_names(store: RdflibStore) -> None:
    # 48/BC-STC is Sở Tài chính's, one of "các Sở, ngành", and cites the plan, but its subject
    # (thẩm định dự toán kinh phí) is the duty II.3.1, not the closing's six-month report
    found = duties(store, D(2022, 6, 1), D(2022, 6, 30), as_of=D(2022, 7, 1))
    assert [x for x in found if x.met_by] == [x for x in found if x.task == "II.3.1"]
    assert not [x for x in found if x.task == "closing" and x.body == TC]


def test_before_the_report_the_duty_is_pending(store: RdflibStore) -> None:
    found = duties(store, D(2022, 6, 1), D(2022, 6, 30), as_of=D(2022, 6, 1), body="so tai chinh")
    assert rows(found) == [("2022-06-20", "pending", KH, "II.3.1", TC)]
    late = duties(store, D(2022, 6, 1), D(2022, 6, 30), as_of=D(2022, 6, 25), body="Sở Tài chính")
    assert rows(late) == [("2022-06-20", "met", KH, "II.3.1", TC)]


def test_body_and_place_match_without_diacritics(store: RdflibStore) -> None:
    window = (D(2022, 1, 1), D(2022, 12, 31))
    assert rows(duties(store, *window, as_of=D(2022, 7, 1), body="SO TAI CHINH")) == [
        ("2022-06-20", "met", KH, "II.3.1", TC)]
    assert rows(duties(store, *window, as_of=D(2022, 7, 1), place="tam duong")) == [
        ("2022-05-10", "overdue", CV, "2", XA), ("2022-11-30", "pending", CV, "1", PHONG)]
    assert rows(duties(store, *window, as_of=D(2022, 7, 1), place="Lai Châu")) == YEAR_2022
    assert duties(store, *window, place="Kiên Giang") == []


def test_recurring_duties_run_across_year_ends(store: RdflibStore) -> None:
    window = (D(2022, 11, 1), D(2023, 6, 30))
    monthly = duties(store, *window, body="Sở Y tế")
    assert [x.date.isoformat() for x in monthly] == [
        "2022-11-25", "2022-12-25", "2023-01-25", "2023-02-25", "2023-03-25", "2023-04-25", "2023-05-25",
        "2023-06-25"]
    assert {x.status for x in monthly} == {None}
    districts = duties(store, *window, body="ubnd cac huyen")
    assert [(x.date.isoformat(), x.task, x.recurrence) for x in districts] == [
        ("2022-12-15", "II.4.1", "quarterly"), ("2022-12-15", "closing", "annual"),
        ("2023-03-15", "II.4.1", "quarterly"),
        ("2023-06-15", "II.4.1", "quarterly"), ("2023-06-15", "closing", "semiannual")]
    yearly = duties(store, D(2022, 1, 1), D(2024, 12, 31), body="Sở Nội vụ")
    assert [(x.date.isoformat(), x.task) for x in yearly] == [
        ("2022-11-30", "II.2.2"), ("2023-11-30", "II.2.2"), ("2023-12-31", "II.2.1"), ("2024-11-30", "II.2.2")]


def _deadline(month_day: tuple[int, int], recurrence: str, issued: dt.date) -> Deadline:
    return Deadline("dl", "task", "1", "doc", "1/KH-UBND", issued, None, "body", "Sở X", False, None, None,
                    month_day, recurrence, None, None, None, None, None, None, None, None, None)


@pytest.mark.parametrize("md, rec, window, want", [
    # the 31st falls on each month's last day: 29 February in a leap year, 30 April
    ((1, 31), "monthly", (D(2023, 12, 1), D(2024, 4, 30)),
     ["2023-12-31", "2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"]),
    ((3, 31), "quarterly", (D(2022, 1, 1), D(2023, 3, 31)),
     ["2022-03-31", "2022-06-30", "2022-09-30", "2022-12-31", "2023-03-31"]),
    ((8, 31), "semiannual", (D(2022, 1, 1), D(2023, 12, 31)),
     ["2022-02-28", "2022-08-31", "2023-02-28", "2023-08-31"]),
    ((2, 29), "annual", (D(2022, 1, 1), D(2024, 12, 31)), ["2022-02-28", "2023-02-28", "2024-02-29"]),
])
def test_expansion_clamps_to_the_month(md: tuple[int, int], rec: str, window: tuple, want: list[str]) -> None:
    got = occurrences(_deadline(md, rec, D(2021, 12, 31)), *window)
    assert [d.isoformat() for d in got] == want


def test_a_recurring_duty_binds_only_after_its_letter() -> None:
    got = occurrences(_deadline((3, 15), "quarterly", D(2022, 3, 15)), D(2022, 1, 1), D(2022, 12, 31))
    assert [d.isoformat() for d in got] == ["2022-06-15", "2022-09-15", "2022-12-15"]


def test_unplaced_deadlines_are_kept(store: RdflibStore) -> None:
    result = due_result(store, D(2022, 1, 1), D(2022, 12, 31), as_of=D(2022, 7, 1))
    assert [(d.number, d.path, d.owner_label, d.text) for d in result.unplaced] == [
        (KH, "II.6.1", "Sở Văn hóa, Thể thao và Du lịch", "trong thời hạn 10 ngày kể từ ngày nhận được văn bản này")]


def test_every_store_gives_the_same_duties(store: RdflibStore, graph: Path, tmp_path: Path) -> None:
    load_store(graph, tmp_path / "s")
    ox = OxigraphStore(tmp_path / "s")
    window = (D(2022, 1, 1), D(2023, 3, 31))
    assert duties(ox, *window, as_of=D(2022, 7, 1)) == duties(store, *window, as_of=D(2022, 7, 1))


def test_window_must_run_forward(store: RdflibStore) -> None:
    with pytest.raises(DueError, match="ends"):
        duties(store, D(2022, 12, 31), D(2022, 1, 1))


# --- the command -------------------------------------------------------------------------------

def due_cli(graph: Path, *args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, ["due", "--graph", str(graph), *args])
    return r.exit_code, r.stdout, r.stderr


def test_cli_formats(graph: Path) -> None:
    window = ["--from", "2022-06-01", "--to", "2022-06-30", "--as-of", "2022-07-01"]
    code, out, err = due_cli(graph, *window, "--format", "json")
    assert code == 0
    payload = json.loads(out)
    assert [(d["date"], d["status"], d["task"], d["body"]) for d in payload["duties"]] == [
        ("2022-06-15", "overdue", "II.4.1", HUYEN), ("2022-06-15", "overdue", "closing", SO_NGANH),
        ("2022-06-15", "overdue", "closing", HUYEN), ("2022-06-20", "met", "II.3.1", TC),
        ("2022-06-25", "overdue", "II.5.1", YT)]
    assert payload["unplaced"][0]["text"] == "trong thời hạn 10 ngày kể từ ngày nhận được văn bản này"
    assert err.splitlines() == ["warning: 215/KH-UBND II.6.1: deadline not placed, kept as text: "
                                "'trong thời hạn 10 ngày kể từ ngày nhận được văn bản này' (Sở Văn hóa, Thể thao và Du lịch)"]
    code, out, _ = due_cli(graph, *window, "--format", "csv", "--body", "tai chinh")
    lines = out.splitlines()
    assert lines[0] == "date,status,document,task,body,report_to,report_via,what,recurrence,start,met_by,deadline_text,quote"
    assert lines[1].startswith("2022-06-20,met,215/KH-UBND,II.3.1,Sở Tài chính,,,")
    assert len(lines) == 2
    code, out, _ = due_cli(graph, *window, "--format", "markdown", "--summary")
    assert out.splitlines()[2:] == [
        "| Các Sở, ngành | Lai Châu | 1 | 0 | 0 | 1 | 0 |",
        "| Sở Tài chính | Lai Châu | 1 | 1 | 0 | 0 | 0 |",
        "| Sở Y tế | Lai Châu | 1 | 0 | 0 | 1 | 0 |",
        "| UBND các huyện, thành phố | Lai Châu | 2 | 0 | 0 | 2 | 0 |"]
    code, out, _ = due_cli(graph, *window, "--place", "Tam Đường")
    assert out.splitlines()[-1] == "(0 rows)"


@pytest.mark.parametrize("args, message", [
    (["--from", "2022-13-01"], "Error: --from '2022-13-01' is not a date (give YYYY-MM-DD)"),
    (["--as-of", "1/7/2022"], "Error: --as-of '1/7/2022' is not a date (give YYYY-MM-DD)"),
    (["--from", "2022-12-31", "--to", "2022-01-01"], "Error: the window ends (2022-01-01) before it starts (2022-12-31)"),
])
def test_cli_errors(graph: Path, args: list[str], message: str) -> None:
    code, _, err = due_cli(graph, *args)
    assert code == 1
    assert err.strip().splitlines()[-1] == message


# --- the calendar ------------------------------------------------------------------------------

def test_ics_round_trip(graph: Path, store: RdflibStore, tmp_path: Path) -> None:
    import icalendar
    from dateutil.rrule import rrulestr

    path = tmp_path / "due.ics"
    window = ["--from", "2022-01-01", "--to", "2022-12-31", "--as-of", "2022-07-01"]
    code, _, err = due_cli(graph, *window, "--ics", str(path))
    assert code == 0 and "wrote" in err
    data = path.read_bytes()
    # what the calendar programs read: CRLF lines of at most 75 octets (RFC 5545, 3.1)
    assert data.count(b"\n") == data.count(b"\r\n") and max(len(line) for line in data.split(b"\r\n")) <= 75
    cal = icalendar.Calendar.from_ical(data)
    assert (str(cal["VERSION"]), str(cal["PRODID"])) == ("2.0", "-//policykg//due//VI")
    events = cal.walk("VEVENT")
    # one event per deadline and body with a date in 2022: the plan's one-off 30/3, 20/6, 30/9,
    # 31/12, its annual 30/11, quarterly, monthly, the closing's two deadlines for two bodies each,
    # and the district letter's two
    assert len(events) == 13
    assert len({str(e["UID"]) for e in events}) == 13
    expanded: dict[tuple[str, str], list[str]] = {}
    for e in events:
        start = e.decoded("DTSTART")
        assert type(start) is dt.date  # all-day: DTSTART;VALUE=DATE
        assert e.decoded("DTEND") == start + dt.timedelta(days=1)
        assert e.decoded("DTSTAMP") == dt.datetime(2022, 7, 1, tzinfo=dt.timezone.utc)
        number, path_, *_ = str(e["SUMMARY"]).split()
        body = str(e["SUMMARY"]).rsplit(" — ", 1)[1]
        assert f"Văn bản: {number}" in str(e["DESCRIPTION"]) and f"Cơ quan thực hiện: {body}" in str(e["DESCRIPTION"])
        if "RRULE" in e:
            rule = rrulestr(e["RRULE"].to_ical().decode(), dtstart=dt.datetime.combine(start, dt.time()))
            dates = [d.date().isoformat() for d in rule]
        else:
            dates = [start.isoformat()]
        expanded.setdefault((path_.rstrip(":"), body), []).extend(dates)
    assert sum("RRULE" in e for e in events) == 7
    want: dict[tuple[str, str], list[str]] = {}
    for x in duties(store, D(2022, 1, 1), D(2022, 12, 31)):
        want.setdefault((x.task, x.body or ""), []).append(x.date.isoformat())
    assert {k: sorted(v) for k, v in expanded.items()} == want
    rules = {str(e["SUMMARY"]).split(":")[0]: e["RRULE"].to_ical().decode() for e in events if "RRULE" in e}
    assert rules["215/KH-UBND II.4.1"] == "FREQ=MONTHLY;UNTIL=20221231;INTERVAL=3;BYMONTHDAY=15"
    assert rules["215/KH-UBND II.5.1"] == "FREQ=MONTHLY;UNTIL=20221231;INTERVAL=1;BYMONTHDAY=25"
    assert rules["215/KH-UBND II.2.2"] == "FREQ=YEARLY;UNTIL=20221231;BYMONTHDAY=30;BYMONTH=11"
    # the same graph and day give the same bytes (stable UIDs, DTSTAMP from --as-of)
    again = tmp_path / "again.ics"
    due_cli(graph, *window, "--ics", str(again))
    assert again.read_bytes() == path.read_bytes()


def test_ics_into_a_folder_is_refused(graph: Path, tmp_path: Path) -> None:
    code, _, err = due_cli(graph, "--ics", str(tmp_path))
    assert code == 2 and "is a directory" in err
    assert [p.name for p in tmp_path.iterdir()] == []
    from policykg.due import write_ics

    with pytest.raises(DueError, match="is a folder"):
        write_ics(tmp_path, b"")


def test_ics_rule_for_a_day_some_months_lack(store: RdflibStore) -> None:
    from policykg.due import rrule_of

    rule = rrule_of(_deadline((3, 31), "quarterly", D(2022, 1, 1)), set(), D(2022, 12, 31))
    assert rule == {"freq": "MONTHLY", "interval": 3, "bymonthday": [28, 29, 30, 31], "bysetpos": -1,
                    "until": D(2022, 12, 31)}


# --- the library queries -----------------------------------------------------------------------

def query_rows(source: object, name: str, **params: str) -> list[dict[str, str]]:
    q = find_query(name)
    names, found = run(source, q.text, q.bindings(params), q.name)  # type: ignore[arg-type]
    return [{n: str(r[n]) for n in names if r.get(n) is not None} for r in found]


def test_due_by_month_by_hand(store: RdflibStore) -> None:
    # the recurring months first (--MM), then each one-off deadline's month; Lai Châu takes in
    # Tam Đường's letter (its 10/5 and 30/11)
    got = [(r["month"], r["recurrence"], r["deadlines"], r["tasks"]) for r in query_rows(store, "due-by-month",
                                                                                         place="lai chau")]
    assert got == [
        ("--01", "monthly", "1", "1"), ("--03", "quarterly", "1", "1"), ("--06", "semiannual", "1", "1"),
        ("--11", "annual", "1", "1"), ("--12", "annual", "1", "1"),
        ("2022-03", "one-off", "1", "1"), ("2022-05", "one-off", "1", "1"), ("2022-06", "one-off", "1", "1"),
        ("2022-09", "one-off", "1", "1"), ("2022-11", "one-off", "1", "1"), ("2022-12", "one-off", "1", "1"),
        ("2023-12", "one-off", "1", "1")]
    # the release: the Đắk Nông letter's closing, "Định kỳ 6 tháng (trước 15/6) và hằng năm (trước ngày 15/12)"
    assert [(r["month"], r["recurrence"]) for r in query_rows(RdflibStore.open(RELEASE), "due-by-month")] == [
        ("--06", "semiannual"), ("--12", "annual")]


def test_overdue_duties_by_hand(store: RdflibStore) -> None:
    # as of 1/7/2022: 30/3 (15 days from 15/3) and the district's 10/5 passed unreported; 20/6 is
    # met by 48/BC-STC of 10/6
    got = [(r["due"], r["number"], r["path"], r["bodyName"]) for r in query_rows(
        store, "overdue-duties", place="Lai Châu", asOf="2022-07-01")]
    assert got == [("2022-03-30", KH, "II.1.1", GD), ("2022-05-10", CV, "2", XA)]
    # before the report came, the 20/6 duty is overdue on 21/6 only if nothing answered it: it was
    assert [r["path"] for r in query_rows(store, "overdue-duties", place="Lai Châu", asOf="2022-06-21")] == [
        "II.1.1", "2"]
    assert query_rows(RdflibStore.open(RELEASE), "overdue-duties") == []


MINISTRY = """BỘ GIÁO DỤC VÀ ĐÀO TẠO

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 2741/BGDĐT-GDTX

Hà Nội, ngày 02 tháng 3 năm 2022

V/v triển khai nhiệm vụ giáo dục thường xuyên năm 2022

Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương

Để triển khai nhiệm vụ giáo dục thường xuyên năm 2022, Bộ Giáo dục và Đào tạo đề nghị Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương thực hiện các nội dung sau:

1. Chỉ đạo sở giáo dục và đào tạo rà soát mạng lưới trung tâm giáo dục thường xuyên trên địa bàn.

2. Báo cáo kết quả

Báo cáo kết quả thực hiện về Bộ Giáo dục và Đào tạo (qua Vụ Giáo dục thường xuyên) trước ngày 15/6/2022.

Nơi nhận:
- Như trên;
- Lưu: VT, GDTX.

KT. BỘ TRƯỞNG
THỨ TRƯỞNG

Trần Văn Hải
"""

PROVINCE_REPORT = """**ỦY BAN NHÂN DÂN
TỈNH LAI CHÂU**

**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc**

Số: 96/BC-UBND

Lai Châu, ngày 08 tháng 6 năm 2022

**BÁO CÁO**

**Kết quả triển khai nhiệm vụ giáo dục thường xuyên năm 2022**

Kính gửi: Bộ Giáo dục và Đào tạo.

Thực hiện Công văn số 2741/BGDĐT-GDTX ngày 02/3/2022 của Bộ Giáo dục và Đào tạo về triển khai nhiệm vụ giáo dục thường xuyên năm 2022, Ủy ban nhân dân tỉnh Lai Châu báo cáo như sau:

1. Sở Giáo dục và Đào tạo đã rà soát mạng lưới trung tâm giáo dục thường xuyên trên địa bàn tỉnh.

Nơi nhận:
- Như trên;
- Lưu: VT.

**TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH**

Vũ Minh Khoa
"""


@pytest.mark.parametrize("day, status", [("08", "met"), ("22", "late")])
def test_a_provinces_own_report_meets_its_part_of_a_ministry_duty(tmp_path: Path, day: str, status: str) -> None:
    # the ministry asks every province to report by 15/6/2022; Lai Châu's Báo cáo of 8/6/2022
    # carries the letter out: its part is met (of 22/6, late), the group's stands overdue for
    # the provinces that sent nothing the corpus holds
    letters = tmp_path / "letters"
    letters.mkdir()
    (letters / "bo-gddt_cong-van-2741.md").write_text(MINISTRY, encoding="utf-8")
    (letters / "lai-chau_bao-cao-96.md").write_text(PROVINCE_REPORT.replace("ngày 08 tháng 6", f"ngày {day} tháng 6"),
                                                   encoding="utf-8")
    run_build([str(letters)], tmp_path / "out", include_default=False, echo=lambda m: None)
    found = duties(RdflibStore.open(tmp_path / "out" / "policykg.trig"), D(2022, 1, 1), D(2022, 12, 31),
                   as_of=D(2022, 7, 1))
    assert [(x.date.isoformat(), x.status, x.document, x.task, x.body, x.met_by, x.report_to, x.report_via)
            for x in found] == [
        ("2022-06-15", "overdue", "2741/BGDĐT-GDTX", "2", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
         None, "Bộ Giáo dục và Đào tạo", "Vụ Giáo dục thường xuyên"),
        ("2022-06-15", status, "2741/BGDĐT-GDTX", "2", "Ủy ban nhân dân tỉnh Lai Châu", "96/BC-UBND",
         "Bộ Giáo dục và Đào tạo", "Vụ Giáo dục thường xuyên"),
    ]
    assert found[1].met_on == D(2022, 6, int(day))
