"""What is due when: the tasks and reporting duties of the graph as dated duties, recurring
ones expanded to their dates, each with who owes it, to whom its report goes and whether a
later document in the corpus met it; counts by body and place; an iCalendar file.

Everything is read by SPARQL through the Store protocol (policykg.sparql), so the same duties
come from a graph file, an Oxigraph store or an endpoint. `duties()` is the one entry point a
view calls; `summary()`, `render()` and `calendar_ics()` work on what it returns.

When a duty is met (docs/record.md, `deadlines`): a document of the corpus dated after the
assigning one, issued by the body that owes the duty (or by a body of the kind a group owner
names: `Ủy ban nhân dân các tỉnh, thành phố` is owed by each province's Ủy ban nhân dân), that
is a Báo cáo citing the assigning document, or whose subject or preamble names the assigning
document (it carries it out, or its subject gives its number) and the duty (its subject says
`báo cáo`, or shares three words with what is due). A report meets the first occurrence whose
date is on or after its own, counted from the previous occurrence; one dated after the last
occurrence meets that one, late."""

from __future__ import annotations

import calendar as _calendar
import csv
import datetime as dt
import hashlib
import io
import json
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Literal
from rdflib.term import Node

from .errors import PolicykgError
from .namespaces import ELI, ID, PKG
from .text import fold

if TYPE_CHECKING:
    from .sparql import Store


class DueError(PolicykgError):
    """A date or window that cannot be read."""


STEP = {"monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12}
STATUSES = ("met", "late", "overdue", "pending")

_PREFIXES = f"""PREFIX pkg: <{PKG._NS}>
PREFIX eli: <{ELI._NS}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dct: <http://purl.org/dc/terms/>
"""

# one row per deadline and body that owes it; each optional fact in its own OPTIONAL so that a
# missing one never drops the deadline
DEADLINES_QUERY = _PREFIXES + """
SELECT ?deadline ?task ?path ?text ?doc ?number ?docDate ?subject ?owner ?ownerLabel ?group ?ownerWhere
       ?due ?recurring ?recurrence ?start ?what ?written ?toLabel ?viaLabel ?unplaced ?quote ?place ?province
WHERE {
  ?task pkg:deadline ?deadline ;
        pkg:assignedBy ?doc ;
        pkg:sectionPath ?path .
  ?doc eli:number ?number .
  OPTIONAL { ?task pkg:text ?text }
  OPTIONAL { ?doc eli:date_document ?docDate }
  OPTIONAL { ?doc eli:title ?subject }
  OPTIONAL {
    ?task pkg:assignee ?owner .
    ?owner rdfs:label ?ownerLabel .
    OPTIONAL { ?owner a pkg:BodyGroup . BIND(true AS ?group) }
    OPTIONAL { ?owner pkg:jurisdiction ?ownerWhere }
  }
  OPTIONAL { ?deadline pkg:dueDate ?due }
  OPTIONAL { ?deadline pkg:recurringDate ?recurring }
  OPTIONAL { ?deadline pkg:recurrence ?rec . BIND(REPLACE(STR(?rec), "^.*/", "") AS ?recurrence) }
  OPTIONAL { ?deadline pkg:periodStart ?start }
  OPTIONAL { ?deadline pkg:deliverable ?what }
  OPTIONAL { ?deadline pkg:deadlineText ?written }
  OPTIONAL { ?deadline pkg:reportTo ?to . ?to rdfs:label ?toLabel }
  OPTIONAL { ?deadline pkg:reportVia ?via . ?via rdfs:label ?viaLabel }
  OPTIONAL { ?deadline pkg:unplaced ?unplaced }
  OPTIONAL { ?task pkg:evidence ?ev . ?ev pkg:supports pkg:text ; oa:hasSelector ?sel . ?sel oa:exact ?quote }
  OPTIONAL {
    ?doc eli:passed_by ?issuer .
    ?issuer pkg:jurisdiction ?where .
    ?where rdfs:label ?place .
    FILTER(LANG(?place) != "en")
    OPTIONAL { ?where dct:isPartOf ?prov . ?prov rdfs:label ?province . FILTER(LANG(?province) != "en") }
  }
}
"""

# documents of the corpus that cite a document assigning a deadline: the candidates for reports
REPORTS_QUERY = _PREFIXES + """
SELECT DISTINCT ?report ?number ?date ?type ?title ?issuer ?issuerLabel ?issuerWhere ?cited ?implements
WHERE {
  # the documents that set a deadline first, then who cites them: a FILTER EXISTS per citing
  # document cost 13 CPU-seconds at 1,000 letters on Oxigraph, this join a fraction of one
  { SELECT DISTINCT ?cited WHERE { ?task pkg:assignedBy ?cited ; pkg:deadline ?any } }
  ?report eli:cites ?cited ;
          eli:number ?number ;
          eli:date_document ?date ;
          eli:passed_by ?issuer .
  ?issuer rdfs:label ?issuerLabel .
  OPTIONAL { ?issuer pkg:jurisdiction ?issuerWhere }
  OPTIONAL { ?report eli:type_document ?type }
  OPTIONAL { ?report eli:title ?title }
  BIND(EXISTS { ?report eli:ensures_implementation_of ?cited } AS ?implements)
}
"""

BAO_CAO = f"{ID}doc-type/bao-cao"


@dataclass(frozen=True)
class Deadline:
    """One deadline of a task and one body that owes it, as the graph states it."""

    deadline: str
    task: str
    path: str
    document: str
    number: str
    document_date: dt.date | None
    subject: str | None
    owner: str | None
    owner_label: str | None
    owner_is_group: bool
    owner_place: str | None
    due: dt.date | None
    month_day: tuple[int, int] | None
    recurrence: str | None
    start: str | None
    what: str | None
    text: str | None
    report_to: str | None
    report_via: str | None
    quote: str | None
    place: str | None
    province: str | None
    task_text: str | None

    @property
    def placed(self) -> bool:
        return self.due is not None or self.month_day is not None


@dataclass(frozen=True)
class Report:
    """A document of the corpus that may report on a duty of the document it cites."""

    iri: str
    number: str
    date: dt.date
    is_bao_cao: bool
    title: str
    issuer: str
    issuer_label: str
    issuer_place: str | None
    cited: str
    implements: bool


@dataclass(frozen=True)
class Duty:
    """A dated duty: what a body owes by a date, from which task of which document."""

    date: dt.date
    start: dt.date | None
    recurrence: str | None
    document: str
    document_iri: str
    document_date: dt.date | None
    task: str
    task_iri: str
    deadline_iri: str
    body: str | None
    body_iri: str | None
    place: str | None
    report_to: str | None
    report_via: str | None
    what: str | None
    deadline_text: str | None
    quote: str | None
    status: str | None = None
    met_by: str | None = None
    met_on: dt.date | None = None

    def as_json(self) -> dict[str, object]:
        out = asdict(self)
        for k, v in out.items():
            if isinstance(v, dt.date):
                out[k] = v.isoformat()
        return out


@dataclass
class Count:
    """Duties of one body in one place: how many fell due in the window, and how they stand."""

    body: str
    place: str
    due: int = 0
    met: int = 0
    late: int = 0
    overdue: int = 0
    pending: int = 0


@dataclass
class DueResult:
    """The duties of a window, sorted by date, and the deadlines no date could be given."""

    duties: list[Duty]
    unplaced: list[Deadline] = field(default_factory=list)


def parse_date(value: str, what: str = "date") -> dt.date:
    """An ISO date given by a user (`2022-06-30`), or a DueError saying so."""
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise DueError(f"{what} {value!r} is not a date (give YYYY-MM-DD)") from None


def _s(t: Node | None) -> str | None:
    return None if t is None else str(t)


def _date(t: Node | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(t)) if t is not None else None
    except ValueError:
        return None


def read_deadlines(store: "Store") -> list[Deadline]:
    """Every deadline of the graph, once per body that owes it (one row with no owner when
    the task names none)."""
    _, rows = store.select(DEADLINES_QUERY, {})
    seen: dict[tuple[str, str | None], Deadline] = {}
    for r in rows:
        md = None
        if r.get("recurring") is not None:
            m = re.fullmatch(r"--(\d\d)-(\d\d)", str(r["recurring"]))
            md = (int(m.group(1)), int(m.group(2))) if m else None
        d = Deadline(
            deadline=str(r["deadline"]), task=str(r["task"]), path=str(r["path"]), document=str(r["doc"]),
            number=str(r["number"]), document_date=_date(r.get("docDate")), subject=_s(r.get("subject")),
            owner=_s(r.get("owner")), owner_label=_s(r.get("ownerLabel")), owner_is_group=r.get("group") is not None,
            owner_place=_s(r.get("ownerWhere")), due=_date(r.get("due")), month_day=md,
            recurrence=_s(r.get("recurrence")), start=_s(r.get("start")), what=_s(r.get("what")),
            text=_s(r.get("written")), report_to=_s(r.get("toLabel")), report_via=_s(r.get("viaLabel")),
            quote=_s(r.get("quote")), place=_s(r.get("place")), province=_s(r.get("province")),
            task_text=_s(r.get("text")))
        # a body named two ways (`Sở Tài chính` in a plan, `Sở Tài chính tỉnh Lai Châu` heading its
        # own report) has two labels: each deadline keeps the shortest of each, whatever the order
        prev = seen.get((d.deadline, d.owner))
        if prev is not None:
            d = replace(prev, owner_label=_shorter(prev.owner_label, d.owner_label),
                        report_to=_shorter(prev.report_to, d.report_to), report_via=_shorter(prev.report_via, d.report_via))
        seen[(d.deadline, d.owner)] = d
    return sorted(seen.values(), key=lambda d: (d.number, d.path, d.deadline, d.owner_label or ""))


def _shorter(a: str | None, b: str | None) -> str | None:
    names = [x for x in (a, b) if x is not None]
    return min(names, key=lambda x: (len(x), x)) if names else None


def read_reports(store: "Store") -> list[Report]:
    """The documents that cite a document assigning deadlines, each citation once."""
    _, rows = store.select(REPORTS_QUERY, {})
    names: dict[str, str | None] = {}
    for r in rows:
        names[str(r["issuer"])] = _shorter(names.get(str(r["issuer"])), str(r["issuerLabel"]))
    seen: set[tuple[str, str]] = set()
    out = []
    for r in rows:
        date = _date(r.get("date"))
        if date is None or (str(r["report"]), str(r["cited"])) in seen:
            continue
        seen.add((str(r["report"]), str(r["cited"])))
        out.append(Report(str(r["report"]), str(r["number"]), date, _s(r.get("type")) == BAO_CAO,
                          _s(r.get("title")) or "", str(r["issuer"]), names[str(r["issuer"])] or "",
                          _s(r.get("issuerWhere")), str(r["cited"]),
                          str(r.get("implements")).lower() == "true"))
    return out


def _clamped(year: int, month: int, day: int) -> dt.date:
    """The day in that month, or its last day when the month is shorter (30 in February)."""
    return dt.date(year, month, min(day, _calendar.monthrange(year, month)[1]))


def occurrence_months(d: Deadline, annual_days: set[tuple[int, int]] = frozenset()) -> list[int]:  # type: ignore[assignment]
    """The months a recurring deadline falls in each year. A semiannual report whose second half
    falls on an annual deadline of the same task (`6 tháng (trước 15/6) và hằng năm (trước
    15/12)`) is due once a year: the annual report takes the place of the second."""
    if d.month_day is None or d.recurrence not in STEP:
        return []
    month, day = d.month_day
    step = STEP[d.recurrence]
    months = sorted({(month - 1 + k * step) % 12 + 1 for k in range(12 // step)})
    if d.recurrence == "semiannual":
        months = [m for m in months if m == month or (m, day) not in annual_days]
    return months


def occurrences(d: Deadline, start: dt.date, end: dt.date, annual_days: set[tuple[int, int]] = frozenset()) -> list[dt.date]:  # type: ignore[assignment]
    """The dates a deadline falls due in [start, end]: a one-off's date, a recurring one's
    every date after its document's date."""
    if d.due is not None:
        return [d.due] if start <= d.due <= end else []
    if d.month_day is None:
        return []
    months = occurrence_months(d, annual_days)
    day = d.month_day[1]
    # a recurring deadline binds from the day after its letter: the letter of 15/3 owes no report that day
    first = max(start, d.document_date + dt.timedelta(days=1)) if d.document_date else start
    out = []
    for year in range(first.year, end.year + 1):
        for m in months:
            when = _clamped(year, m, day)
            if first <= when <= end:
                out.append(when)
    return out


def _annual_days(deadlines: list[Deadline]) -> dict[tuple[str, str | None], set[tuple[int, int]]]:
    out: dict[tuple[str, str | None], set[tuple[int, int]]] = defaultdict(set)
    for d in deadlines:
        if d.recurrence == "annual" and d.month_day:
            out[(d.task, d.owner)].add(d.month_day)
    return out


_GROUP_HEAD = re.compile(r"^(?:cac\s+)?(?P<head>.+?)\s+cac\s+|^cac\s+(?P<first>\w+)")
# syllables that name no duty: the administrative frame every title and task shares
_STOP = frozenset("""va cac cua cho ve de voi tai theo tren trong nhung duoc thuc hien ket qua bao cao ke hoach
    cong van so ngay thang nam uy ban nhan dan tinh huyen xa thanh pho chu tich gui tong hop nhu sau
    dia ban giai doan trien khai""".split())


def _member_of_group(group_label: str, group_place: str | None, issuer_label: str, issuer_place: str | None) -> bool:
    """Does a body belong to a group owner: `Ủy ban nhân dân các tỉnh, thành phố` takes in
    `Ủy ban nhân dân tỉnh Kiên Giang`, `các Sở, ngành` of a province its Sở. The group's head
    is what its members are called; a group of a place takes in that place's bodies only."""
    m = _GROUP_HEAD.match(fold(group_label))
    if not m:
        return False
    head = m.group("head") or m.group("first")
    if not fold(issuer_label).startswith(head + " "):
        return False
    vn = f"{ID}place/vn"
    return group_place in (None, vn) or issuer_place == group_place or (issuer_place or "").startswith(group_place + "/")


def _words(text: str | None) -> set[str]:
    return {w for w in re.findall(r"\w+", fold(text or "")) if len(w) > 1 and not w.isdigit() and w not in _STOP}


def _could_report(r: Report, d: Deadline) -> str | None:
    """The body `r` reports for on `d`'s document, if it may: a later document of the body
    that owes `d` (or of a member of the group that owes it), a Báo cáo citing the document or
    a letter naming it in its subject or preamble (it carries it out, or gives its number)."""
    if r.cited != d.document or r.iri == d.document or d.owner is None:
        return None
    if d.document_date is not None and r.date <= d.document_date:
        return None
    if not (r.is_bao_cao or r.implements or d.number in r.title):
        return None
    if r.issuer == d.owner:
        return r.issuer
    if d.owner_is_group and _member_of_group(d.owner_label or "", d.owner_place, r.issuer_label, r.issuer_place):
        return r.issuer
    return None


def _reports_by_duty(deadlines: list[Deadline], reports: list[Report]) -> dict[tuple[str, str], list[Report]]:
    """Each report given to the duties it reports on, by (task, reporting body): among the
    duties of the document the body may report on, those whose words its subject shares most
    (`Kết quả thẩm định dự toán kinh phí` is the report on `thẩm định dự toán kinh phí`, not on
    a periodic report of the same plan). A subject sharing no word with any duty (`Báo cáo tình
    hình thực hiện Kế hoạch số ...`) reports on the reporting duties, those with a recipient; a
    letter that is no Báo cáo must share a word and say `báo cáo` in its subject."""
    out: dict[tuple[str, str], list[Report]] = defaultdict(list)
    for r in reports:
        candidates: dict[tuple[str, str], int] = {}
        reporting: set[tuple[str, str]] = set()
        title = _words(r.title)
        for d in deadlines:
            body = _could_report(r, d)
            if body is None:
                continue
            key = (d.task, body)
            score = len(title & (_words(d.what) | _words(d.task_text)))
            candidates[key] = max(candidates.get(key, 0), score)
            if d.report_to:
                reporting.add(key)
        if not candidates:
            continue
        best = max(candidates.values())
        if best > 0:
            chosen = [k for k, v in candidates.items() if v == best]
            if not r.is_bao_cao and "bao cao" not in fold(r.title):
                continue
        elif r.is_bao_cao:
            chosen = sorted(reporting)
        else:
            continue
        for key in chosen:
            out[key].append(r)
    return out


def _duty(d: Deadline, when: dt.date, body: str | None = None, body_iri: str | None = None) -> Duty:
    start = None
    if d.start and not d.start.startswith("--"):
        start = _date(d.start)
    elif d.start:  # a recurring period: its first day in the year of this occurrence
        m = re.fullmatch(r"--(\d\d)-(\d\d)", d.start)
        if m:
            start = _clamped(when.year, int(m.group(1)), int(m.group(2)))
    return Duty(date=when, start=start, recurrence=d.recurrence, document=d.number, document_iri=d.document,
                document_date=d.document_date, task=d.path, task_iri=d.task, deadline_iri=d.deadline,
                body=body or d.owner_label, body_iri=body_iri or d.owner,
                place=d.place, report_to=d.report_to, report_via=d.report_via, what=d.what,
                deadline_text=d.text, quote=d.quote)


def _matches(value: str | None, wanted: str | None) -> bool:
    return wanted is None or (value is not None and fold(wanted) in fold(value))


def due_result(store: "Store", start: dt.date, end: dt.date, as_of: dt.date | None = None,
               body: str | None = None, place: str | None = None) -> DueResult:
    """The duties falling due in [start, end] and the deadlines kept without a date, filtered
    by who owes them (`body`) and where their document was issued (`place`, a province taking
    in its districts), both matched without case or diacritics. With `as_of`, each duty says
    whether it is met, late (met after its date), overdue or pending as of that day; a member of
    a group owner that reported stands as a duty of its own beside the group's."""
    if end < start:
        raise DueError(f"the window ends ({end}) before it starts ({start})")
    deadlines = read_deadlines(store)
    annual = _annual_days(deadlines)
    chosen = [d for d in deadlines if place is None or _matches(d.place, place) or _matches(d.province, place)]
    placed = [d for d in chosen if d.placed]
    by_duty = _reports_by_duty(placed, [r for r in read_reports(store) if r.date <= as_of]) if as_of else {}
    labels = {r.issuer: r.issuer_label for rs in by_duty.values() for r in rs}
    groups: dict[tuple[str, str | None], list[Deadline]] = defaultdict(list)
    for d in placed:
        groups[(d.task, d.owner)].append(d)
    out: list[Duty] = []
    for (task, owner), ds in groups.items():
        owners: list[tuple[str | None, str | None]] = [(owner, ds[0].owner_label)]
        if as_of is not None and ds[0].owner_is_group:
            members = {b for (t, b) in by_duty if t == task and b != owner}
            owners += sorted(((b, labels[b]) for b in members), key=lambda x: fold(x[1] or ""))
        for iri, label in owners:
            if not _matches(label, body):
                continue
            reports = by_duty.get((task, iri), []) if iri else []
            out += _timeline(ds, iri, label, start, end, as_of, annual.get((task, owner), set()), reports)
    out.sort(key=lambda x: (x.date, x.document, _path_key(x.task), fold(x.body or ""), x.deadline_iri))
    unplaced = [d for d in chosen if not d.placed and _matches(d.owner_label, body)]
    return DueResult(out, unplaced)


def duties(store: "Store", start: dt.date, end: dt.date, as_of: dt.date | None = None,
           body: str | None = None, place: str | None = None) -> list[Duty]:
    """The duties falling due in [start, end], sorted by date (see `due_result`)."""
    return due_result(store, start, end, as_of, body, place).duties


def _timeline(ds: list[Deadline], owner: str | None, label: str | None, start: dt.date, end: dt.date,
              as_of: dt.date | None, annual_days: set[tuple[int, int]], reports: list[Report]) -> list[Duty]:
    """The dates one task's deadlines fall due for one body in the window, with their status
    as of `as_of`. The whole history from the document's date is walked, all the task's
    deadlines on one line (15/6 the six-month report, 15/12 the annual one), so that a report
    meets the first unmet date on or after its own, or, after the last, the last one, late."""
    since = min([d.document_date for d in ds if d.document_date] + [start])
    horizon = max(end, as_of) if as_of else end
    line = sorted((when, i) for i, d in enumerate(ds) for when in occurrences(d, since, horizon, annual_days))
    met: dict[tuple[dt.date, int], Report] = {}
    for r in sorted(reports, key=lambda r: (r.date, r.number)):
        target = next((x for x in line if x[0] >= r.date and x not in met), None)
        if target is None:
            target = next((x for x in reversed(line) if x not in met), None)
        if target is not None:
            met[target] = r
    out = []
    for when, i in line:
        if not start <= when <= end:
            continue
        duty = _duty(ds[i], when, label, owner)
        if as_of is not None:
            r = met.get((when, i))
            if r is not None:
                status = "met" if r.date <= when else "late"
            else:
                status = "overdue" if when < as_of else "pending"
            duty = replace(duty, status=status, met_by=r.number if r else None, met_on=r.date if r else None)
        out.append(duty)
    return out


def _path_key(path: str) -> list[object]:
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.]", path)]


def summary(found: list[Duty]) -> list[Count]:
    """Counts by body and place: how many duties fell due, and how many are met on time, met
    late, overdue or still pending (a duty with no status counts as due only)."""
    counts: dict[tuple[str, str], Count] = {}
    for x in found:
        key = (x.body or "—", x.place or "—")
        c = counts.setdefault(key, Count(*key))
        c.due += 1
        if x.status:
            setattr(c, x.status, getattr(c, x.status) + 1)
    return sorted(counts.values(), key=lambda c: (fold(c.place), fold(c.body)))


DUTY_COLUMNS = ["date", "status", "document", "task", "body", "report_to", "report_via", "what", "recurrence",
                "start", "met_by", "deadline_text", "quote"]
COUNT_COLUMNS = ["body", "place", "due", "met", "late", "overdue", "pending"]


def _cells(x: Duty) -> dict[str, str]:
    v = x.as_json()
    return {k: "" if v.get(k) is None else str(v[k]) for k in DUTY_COLUMNS}


def render(found: list[Duty], fmt: str, unplaced: list[Deadline] | None = None) -> str:
    """Duties as a table, CSV, Markdown or JSON (JSON lists the unplaced deadlines too)."""
    if fmt == "json":
        payload = {"duties": [x.as_json() for x in found],
                   "unplaced": [{"document": d.number, "task": d.path, "body": d.owner_label, "text": d.text,
                                 "what": d.what} for d in unplaced or []]}
        return json.dumps(payload, ensure_ascii=False, indent=2)
    columns = DUTY_COLUMNS if fmt in ("csv", "markdown") else [c for c in DUTY_COLUMNS if c not in ("deadline_text", "start")]
    rows = [_cells(x) for x in found]
    return _table(columns, rows, fmt)


def render_summary(counts: list[Count], fmt: str) -> str:
    """The counts by body and place in one of the formats of `render`."""
    if fmt == "json":
        return json.dumps([asdict(c) for c in counts], ensure_ascii=False, indent=2)
    rows = [{k: str(v) for k, v in asdict(c).items()} for c in counts]
    return _table(COUNT_COLUMNS, rows, fmt)


def _table(columns: list[str], rows: list[dict[str, str]], fmt: str) -> str:
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        w.writerows([[r[c] for c in columns] for r in rows])
        return buf.getvalue().rstrip("\n")
    from .results import render as render_rows

    terms: list[dict[str, Node | None]] = [{c: Literal(r[c]) for c in columns} for r in rows]
    return render_rows(columns, terms, "markdown" if fmt == "markdown" else "table")


# -- iCalendar ---------------------------------------------------------------------------------

_FREQ = {"monthly": ("MONTHLY", 1), "quarterly": ("MONTHLY", 3), "semiannual": ("MONTHLY", 6), "annual": ("YEARLY", 1)}


def calendar_ics(store: "Store", start: dt.date, end: dt.date, stamp: dt.date, body: str | None = None,
                 place: str | None = None) -> bytes:
    """An iCalendar file of the duties in [start, end]: one all-day event per one-off duty and
    one per recurring duty with its RRULE (from its first date in the window to the window's
    end), each naming the document, the task and the body; UIDs are stable (from the deadline
    and the body), DTSTAMP is `stamp` so that the same graph gives the same file."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//policykg//due//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "policykg: thời hạn")
    when_stamp = dt.datetime(stamp.year, stamp.month, stamp.day, tzinfo=dt.timezone.utc)
    deadlines = read_deadlines(store)
    annual = _annual_days(deadlines)
    for d in deadlines:
        if not d.placed or not _matches(d.owner_label, body):
            continue
        if place is not None and not (_matches(d.place, place) or _matches(d.province, place)):
            continue
        days = annual.get((d.task, d.owner), set())
        dates = occurrences(d, start, end, days)
        if not dates:
            continue
        ev = icalendar.Event()
        key = f"{d.deadline}|{d.owner or ''}"
        ev.add("uid", hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + "@policykg")
        ev.add("dtstamp", when_stamp)
        ev.add("dtstart", dates[0])
        ev.add("dtend", dates[0] + dt.timedelta(days=1))
        ev.add("transp", "TRANSPARENT")
        what = d.what or (d.task_text or "")[:120]
        ev.add("summary", f"{d.number} {d.path}: {what}" + (f" — {d.owner_label}" if d.owner_label else ""))
        lines = [f"Văn bản: {d.number}" + (f" ({d.subject})" if d.subject else ""),
                 f"Nhiệm vụ: {d.path}", f"Cơ quan thực hiện: {d.owner_label or '—'}"]
        if d.report_to:
            lines.append(f"Báo cáo về: {d.report_to}" + (f" (qua {d.report_via})" if d.report_via else ""))
        if d.text:
            lines.append(f"Thời hạn: {d.text}")
        if d.quote:
            lines.append(f"Trích: {d.quote}")
        ev.add("description", "\n".join(lines))
        ev.add("categories", ["policykg", d.recurrence or "one-off"])
        if d.due is None:
            ev.add("rrule", rrule_of(d, days, end))
        cal.add_component(ev)
    return cal.to_ical()


def rrule_of(d: Deadline, annual_days: set[tuple[int, int]], end: dt.date) -> dict[str, object]:
    """The RRULE of a recurring deadline; a day some of its months lack is written as the last
    of 28..day in each month (BYSETPOS=-1), so that 30 falls on 28 or 29 February and 31 on 30
    June, as the expansion does."""
    months = occurrence_months(d, annual_days)
    assert d.month_day is not None
    day = d.month_day[1]
    if len(months) == 1:
        rule: dict[str, object] = {"freq": "YEARLY", "bymonth": months}
    else:
        rule = {"freq": "MONTHLY", "interval": 12 // len(months)}
    if any(day > _calendar.monthrange(2001, m)[1] for m in months):  # 2001: February has 28 days
        rule["bymonthday"] = list(range(28, day + 1))
        rule["bysetpos"] = -1
    else:
        rule["bymonthday"] = [day]
    rule["until"] = end
    return rule


def write_ics(path: Path, data: bytes) -> Path:
    """Write the calendar atomically, with the user's umask."""
    from .files import write_atomic

    if path.is_dir():
        raise DueError(f"{path}: is a folder; give --ics a file name")
    try:
        return write_atomic(path, data)
    except OSError as exc:
        raise DueError(f"{path}: cannot write the calendar ({exc.strerror or exc})") from None
