"""Deadlines: when a task is due, read off its text or a table's time cell.

Each deadline is a record (docs/record.md, `deadlines`): its `date` (ISO for a one-off,
`--MM-DD` for a recurring one, `null` when the text names a deadline this module cannot place),
its `recurrence`, what is due, the `start` of the period it closes (`trong quý III/2021` runs from
2021-07-01), what it is counted from (`relative_to`: `signing` for `15 ngày kể từ ngày ký`,
`year-of-signing` for `trước ngày 30/11` with no year), to whom a report goes and through whom
(`báo cáo … về Sở Giáo dục và Đào tạo (qua Phòng Giáo dục và Đào tạo)`), and the words as written.

Written by hand: the forms are Vietnamese administrative phrasing (định kỳ, hằng quý, tháng
cuối quý, kể từ ngày ký) that no date library reads; the dates themselves are datetime's."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from bisect import bisect_right
from typing import Any, NamedTuple

from ..ids import iso_date, month_day
from ..text import squash
from .bodies import starts_body

Record = dict[str, Any]

FREQ = {
    "6 tháng": "semiannual", "sáu tháng": "semiannual", "hằng năm": "annual", "hàng năm": "annual",
    "hằng quý": "quarterly", "hàng quý": "quarterly", "hằng tháng": "monthly", "hàng tháng": "monthly",
    "năm": "annual", "quý": "quarterly", "tháng": "monthly",
}
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}

# what opens a deadline: "trước ngày", "chậm nhất là ngày", "hạn chót", "không muộn hơn"
_BY = r"(?:hoàn thành\s+)?(?:trước|chậm nhất(?:\s+là)?(?:\s+vào)?|không muộn hơn|hạn chót(?:\s+là)?)"

_RECUR = re.compile(
    r"(?:định kỳ\s+)?(?P<freq>6 tháng|sáu tháng|hằng năm|hàng năm|hằng quý|hàng quý|hằng tháng|hàng tháng)"
    r"\s*\(\s*(?:trước|chậm nhất)\s+(?:ngày\s+)?(?P<d>\d{1,2})(?:\s*/\s*(?P<m>\d{1,2}))?\s*\)",
    re.IGNORECASE,
)
# "trong thời hạn 15 ngày kể từ ngày ký", "chậm nhất 30 ngày sau khi Kế hoạch được ban hành"
_RELATIVE = re.compile(
    r"(?:trong\s+(?:thời\s+hạn|vòng|thời\s+gian)|chậm\s+nhất(?:\s+là)?|sau|không\s+quá)\s+"
    r"(?P<n>\d{1,3})\s+(?P<unit>ngày\s+làm\s+việc|ngày|tháng)\s*,?\s*"
    r"(?:kể\s+từ|tính\s+từ|sau)\s+(?:khi\s+|ngày\s+)?(?P<anchor>[^,;.()]{0,60})",
    re.IGNORECASE,
)
_SIGNING = re.compile(r"^(?:ngày\s+)?(?:ký|ban hành|ký ban hành)\b|\b(?:được|đã)\s+(?:ký|ban hành)\b", re.IGNORECASE)
# "trước ngày 15 của tháng cuối quý", "chậm nhất ngày 20 tháng cuối mỗi quý"
_QUARTER_END_MONTH = re.compile(
    _BY + r"\s+ngày\s+(?P<d>\d{1,2})\s+(?:của\s+)?tháng\s+cuối\s+(?:của\s+)?(?:mỗi\s+|hằng\s+|hàng\s+)?quý",
    re.IGNORECASE,
)
# "trước ngày 20 của tháng đầu quý sau": the first month of the next quarter, every quarter
_NEXT_QUARTER = re.compile(
    _BY + r"\s+ngày\s+(?P<d>\d{1,2})\s+(?:của\s+)?tháng\s+đầu(?:\s+tiên)?\s+(?:của\s+)?quý\s+(?:sau|tiếp\s+theo|kế\s+tiếp)",
    re.IGNORECASE,
)
# "trước ngày 25 hằng tháng", "trước ngày 10 của tháng sau" (a monthly report, by the 10th of the next month)
_MONTHLY_DAY = re.compile(
    _BY + r"\s+ngày\s+(?P<d>\d{1,2})\s+(?:(?:hằng|hàng|mỗi)\s+tháng|(?:của\s+)?tháng\s+(?:sau|tiếp\s+theo|kế\s+tiếp))",
    re.IGNORECASE)
_ONEOFF = re.compile(
    _BY + r"\s+(?:ngày\s+)?"
    r"(?:(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?:\s*/\s*(?P<y>\d{4}))?"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?:\s+năm\s+(?P<y2>\d{4}))?"
    # "trước ngày 13.12.2007", "13-12-2007": dots or dashes only with the year, so that a
    # sentence's full stop after "trước ngày 15" is not read as a month
    r"|(?P<d3>\d{1,2})[.-](?P<m3>\d{1,2})[.-](?P<y3>\d{4}))"
    # "trước ngày 10/7 của năm báo cáo", "trước ngày 10/01 của năm liền kề": each year
    r"(?P<tail>\s+(?:hằng|hàng)\s+(?:năm|quý|tháng)|\s+(?:của|trong)\s+năm\s+(?:báo\s+cáo|liền\s+kề|sau|tiếp\s+theo)"
    r"(?:\s+năm\s+báo\s+cáo)?)?",
    re.IGNORECASE,
)
# a period: "quý III/2021", "tháng 12/2021", "năm 2022", "6 tháng đầu năm 2022", "quý IV hằng năm"
_PERIOD = (
    r"(?:(?P<half>6\s+tháng\s+(?P<which>đầu|cuối)\s+năm)|quý\s+(?P<q>IV|I{1,3}|[1-4])|tháng\s+(?P<m>\d{1,2})|(?P<yr>năm))"
    r"\s*(?:/|năm|-)?\s*(?:(?P<y>(?:19|20)\d{2})|(?P<every>(?:hằng|hàng)\s+năm))"
)
_IN_PERIOD = re.compile(
    r"(?<!\w)(?P<by>trước|(?:hoàn thành|xong|chậm nhất)(?:\s+trong)?|(?:ngay\s+)?trong|vào)\s+" + _PERIOD,
    re.IGNORECASE,
)
_CELL_PERIOD = re.compile(_PERIOD, re.IGNORECASE)
_CELL_DATE = re.compile(r"(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})")
_CELL_YEARS = re.compile(r"(?P<a>\d{4})\s*[-–]\s*(?P<b>\d{4})")
_CELL_YEAR = re.compile(r"(?:năm\s+)?(?P<y>(?:19|20)\d{2})", re.IGNORECASE)
# what still says "a deadline" when no form above placed it: "trước ngày   /12/2021",
# "chậm nhất ngày khai giảng", "kể từ ngày nhận được văn bản"
_WORDS = r"(?:(?!\s(?:về|để|nhằm|báo\s+cáo|gửi|cho|và)\s)[^,;.()]){0,40}"
_UNPLACED = re.compile(_BY + r"\s+ngày\b" + _WORDS + r"|(?:kể\s+từ|tính\s+từ)\s+ngày\b" + _WORDS, re.IGNORECASE)


_STOP_RX = re.compile(r";|\.(?=\s|$)")
_CLAUSE_MAX = 2000


class Hit(NamedTuple):
    start: int
    end: int
    date: str | None
    recurrence: str | None
    period_start: str | None = None
    relative_to: str | None = None


def deadlines(text: str, doc_date: str | None = None) -> list[Record]:
    """Deadlines in a task's text, in order; `doc_date` (ISO) places those counted from the
    document (`15 ngày kể từ ngày ký`) and those without a year (`trước ngày 30/11`)."""
    hits: list[Hit] = []
    starts: list[int] = []  # the hits' spans, sorted and disjoint: bisect keeps a long text linear
    ends: list[int] = []

    def add(h: Hit) -> None:
        k = bisect_right(starts, h.start)
        if (k > 0 and ends[k - 1] > h.start) or (k < len(starts) and starts[k] < h.end):
            return  # overlaps what an earlier form read
        starts.insert(k, h.start)
        ends.insert(k, h.end)
        hits.append(h)

    for m in _RECUR.finditer(text):
        freq = FREQ[squash(m.group("freq")).lower()]
        if m.group("m"):
            add(Hit(m.start(), m.end(), month_day(m.group("d"), m.group("m")), freq))
        elif freq == "monthly":
            add(Hit(m.start(), m.end(), month_day(m.group("d"), 1), freq))
        else:
            add(Hit(m.start(), m.end(), None, freq))
    for m in _RELATIVE.finditer(text):
        add(_relative(m, doc_date))
    for m in _QUARTER_END_MONTH.finditer(text):
        add(Hit(m.start(), m.end(), month_day(m.group("d"), 3), "quarterly"))
    for m in _NEXT_QUARTER.finditer(text):
        add(Hit(m.start(), m.end(), month_day(m.group("d"), 1), "quarterly"))
    for m in _MONTHLY_DAY.finditer(text):
        add(Hit(m.start(), m.end(), month_day(m.group("d"), 1), "monthly"))
    for m in _ONEOFF.finditer(text):
        add(_oneoff(m, doc_date))
    for m in _IN_PERIOD.finditer(text):
        h = _period(m, m.start(), m.end())
        if h is not None:
            add(h)
    for m in _UNPLACED.finditer(text):
        add(Hit(m.start(), m.end(), None, None))
    hits.sort()
    out: list[Record] = []
    i = 0
    while i < len(hits):
        j = i
        # "Định kỳ 6 tháng (trước 15/6) và hằng năm (trước ngày 15/12)": one clause, one `what`
        while j + 1 < len(hits) and re.fullmatch(r"[\s,]*(?:và)?[\s,]*", text[hits[j].end:hits[j + 1].start]):
            j += 1
        what = _what(text, hits[i].start, hits[j].end)
        to, via = report_route(what or "")
        if to is None:  # "Báo cáo trước ngày 15/12/2021 về Sở Y tế": the report is around the deadline
            to, via = report_route(_sentence(text, hits[i].start, hits[j].end))
        for h in hits[i:j + 1]:
            out.append(_record(h, what, to, via, text[h.start:h.end]))
        i = j + 1
    return out


def _record(h: Hit, what: str | None, to: str | None, via: str | None, written: str) -> Record:
    return {"date": h.date, "recurrence": h.recurrence, "what": what, "start": h.period_start,
            "relative_to": h.relative_to, "report_to": to, "report_via": via, "text": squash(written)}


def _relative(m: re.Match[str], doc_date: str | None) -> Hit:
    anchor = squash(m.group("anchor"))
    end = m.end()
    if not _SIGNING.search(anchor) or not doc_date:
        counted = "signing" if _SIGNING.search(anchor) else "receipt" if re.search(r"\bnhận\b", anchor) else None
        return Hit(m.start(), end, None, None, None, counted)
    start = dt.date.fromisoformat(doc_date)
    n, unit = int(m.group("n")), squash(m.group("unit")).lower()
    if unit == "tháng":
        due = _add_months(start, n)
    elif unit == "ngày làm việc":
        due = _add_working_days(start, n)
    else:
        due = start + dt.timedelta(days=n)
    return Hit(m.start(), end, due.isoformat(), None, doc_date, "signing")


def _add_months(day: dt.date, n: int) -> dt.date:
    month0 = day.month - 1 + n
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _add_working_days(day: dt.date, n: int) -> dt.date:
    # Monday to Friday; public holidays (Tết) are not known here, so such a date may be early
    while n > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def _oneoff(m: re.Match[str], doc_date: str | None) -> Hit:
    d = m.group("d") or m.group("d2") or m.group("d3")
    mo = m.group("m") or m.group("m2") or m.group("m3")
    y = m.group("y") or m.group("y2") or m.group("y3")
    tail = m.group("tail")
    if y:
        return Hit(m.start(), m.end(), iso_date(d, mo, y), None)
    if tail:
        every = tail.split()
        freq = FREQ.get(every[-1].lower()) if every[0].lower() in ("hằng", "hàng") else "annual"
        return Hit(m.start(), m.end(), month_day(d, mo), freq)
    # "trước ngày 30/11": the first 30/11 on or after the letter's date
    if not doc_date or month_day(d, mo) is None:
        return Hit(m.start(), m.end(), None, None, None, "year-of-signing" if doc_date is None else None)
    signed = dt.date.fromisoformat(doc_date)
    year = signed.year
    date = iso_date(d, mo, year)
    if date is None or date < doc_date:  # 29/2 in a common year, or already past
        year += 1
        date = iso_date(d, mo, year)
        while date is None:  # 29/2: the next leap year
            year += 1
            date = iso_date(d, mo, year)
    return Hit(m.start(), m.end(), date, None, None, "year-of-signing")


def _period(m: re.Match[str], start: int, end: int) -> Hit | None:
    """The last day of the period a match names, with its first day; `trước` a period is due
    the day before it begins."""
    if m.group("q"):
        q = int(m.group("q")) if m.group("q").isdigit() else _ROMAN[m.group("q").upper()]
        first, last = 3 * q - 2, 3 * q
    elif m.group("m"):
        first = last = int(m.group("m"))
        if not 1 <= first <= 12:
            return None
    elif m.group("half"):
        first, last = (1, 6) if m.group("which").lower() == "đầu" else (7, 12)
    else:
        first, last = 1, 12
    before = "by" in m.re.groupindex and (m.group("by") or "").lower() == "trước"
    year = m.group("y")
    if year:
        y = int(year)
        if before:
            day = dt.date(y, first, 1) - dt.timedelta(days=1)
            return Hit(start, end, day.isoformat(), None)
        return Hit(start, end, dt.date(y, last, calendar.monthrange(y, last)[1]).isoformat(), None,
                   dt.date(y, first, 1).isoformat())
    if m.group("yr") or before:  # "hằng năm" alone, or before a yearly period: no one date
        return None
    return Hit(start, end, month_day(calendar.monthrange(2001, last)[1], last), "annual", month_day(1, first))


def cell_deadline(cell: str, what: str | None) -> Record | None:
    """The deadline a table's time cell gives, as the last day of the period it names (`Quý
    II/2021` is due 2021-06-30, from 2021-04-01; `Năm 2022` and `2021-2025` on 31 December of
    their (last) year; `Quý IV hằng năm` on --12-31 every year; `30/6/2021` that day); `what`
    is the row's content. A time with no date (`Thường xuyên`, `Hằng năm`) gives none."""
    text = squash(cell)
    hit: Hit | None = None
    if m := _CELL_DATE.search(text):
        date = iso_date(m.group("d"), m.group("m"), m.group("y"))
        hit = Hit(0, len(text), date, None) if date else None
    elif m := _CELL_PERIOD.search(text):
        hit = _period(m, 0, len(text))
    elif m := _CELL_YEARS.search(text):
        hit = Hit(0, len(text), f"{m.group('b')}-12-31", None, f"{m.group('a')}-01-01")
    elif m := _CELL_YEAR.search(text):
        hit = Hit(0, len(text), f"{m.group('y')}-12-31", None, f"{m.group('y')}-01-01")
    if hit is None:
        # a cell in the words of a task's text (`Trong thời hạn 15 ngày kể từ ngày ký`, `Trước ngày
        # 30/11`): read as a text, placed on the letter's date by `place_on`
        found = deadlines(text)
        if not found:
            return None
        to, via = report_route(what or "")
        return {**found[0], "what": what, "report_to": to, "report_via": via}
    if hit.date is None:
        return None
    to, via = report_route(what or "")
    return _record(hit, what, to, via, text)


def place_on(d: Record, doc_date: str | None) -> Record:
    """A deadline read without the letter's date (a table's time cell), placed on it now: the
    same words read again with the date, what is due and its recipient kept."""
    if d["date"] is not None or d["relative_to"] not in ("signing", "year-of-signing") or not doc_date:
        return d
    again = deadlines(d["text"], doc_date)
    if not again:
        return d
    return {**again[0], "what": d["what"], "report_to": d["report_to"], "report_via": d["report_via"]}


def _what(text: str, start: int, end: int) -> str | None:
    """What is due: the rest of the clause after the deadline, or the part before it when
    nothing (or only a purpose, `để tổng hợp`) follows."""
    # a clause longer than _CLAUSE_MAX is cut there: a text of a thousand deadlines stays linear
    limit = min(len(text), end + _CLAUSE_MAX)
    m = _STOP_RX.search(text, end, limit)
    after = text[end:m.start() if m else limit].strip(" ,:")
    if after and not re.match(r"(?:để|nhằm)\s", after):
        return squash(after)
    floor = max(0, start - _CLAUSE_MAX)
    cuts = [i + len(sep) for sep in (";", ". ") if (i := text.rfind(sep, floor, start)) >= 0]
    before_start = max(cuts, default=floor)
    before = text[before_start:start].strip(" ,:")
    return squash(before) or None


def _sentence(text: str, start: int, end: int) -> str:
    floor, limit = max(0, start - _CLAUSE_MAX), min(len(text), end + _CLAUSE_MAX)
    cuts = [i + 1 for sep in (";", ". ") if (i := text.rfind(sep, floor, start)) >= 0]
    m = _STOP_RX.search(text, end, limit)
    return text[max(cuts, default=floor):m.start() if m else limit]


# "báo cáo kết quả về Sở Giáo dục và Đào tạo", "gửi báo cáo về ...", "báo cáo Ủy ban nhân dân tỉnh"
_REPORT = re.compile(r"(?<!\w)(?:báo\s+cáo|gửi)(?!\w)\s*", re.IGNORECASE)
_TOWARD = re.compile(r"\s(?:về|cho|đến|tới)\s+", re.IGNORECASE)
_VIA = re.compile(r"\s*\(\s*qua\s+(?P<via>[^()]+?)\s*\)|\s*,\s*qua\s+(?P<via2>[^,;.()]+)", re.IGNORECASE)
_NAME_END = re.compile(r"\s*[(,;.:]|\s+(?:để|trước|trong|chậm|theo|tổng hợp|qua|trình|xem xét|đồng thời|hoặc|kèm|về|kết quả|tình hình|việc|danh sách|số liệu)(?!\w)"
                       r"|\s+và\s+(?:các\s+cơ\s+quan|đề\s+xuất)")
_CLAUSE = re.compile(r"[;.()]")
_NEAR = 200


def report_route(what: str) -> tuple[str | None, str | None]:
    """To whom a report goes and through whom: `báo cáo kết quả về Sở Giáo dục và Đào tạo (qua
    Phòng Giáo dục và Đào tạo)` gives (`Sở Giáo dục và Đào tạo`, `Phòng Giáo dục và Đào tạo`);
    the first report of the clause, as written. (None, None) when the clause sends nothing."""
    for m in _REPORT.finditer(what):
        end = _CLAUSE.search(what, m.end(), m.end() + _NEAR)
        clause_end = end.start() if end else len(what)
        # a recipient stands within a few words of its report: the search is bounded, so that a
        # long clause of many "báo cáo" stays linear
        near = min(clause_end, m.end() + _NEAR)
        starts = [m.end()] + [t.end() for t in _TOWARD.finditer(what, m.end() - 1, near)]
        for at in starts:
            rest = what[at:at + _NEAR]
            if not starts_body(rest):
                continue
            stop = _NAME_END.search(rest)
            to = squash(rest[:stop.start()] if stop else rest)
            tail = rest[stop.start():] if stop else ""
            v = _VIA.match(tail)
            return to or None, squash(v.group("via") or v.group("via2")) if v else None
    return None, None
