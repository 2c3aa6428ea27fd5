"""From the text of one official document to its record (docs/record.md).

The layout rules are those of Nghị định 30/2020/NĐ-CP as ../shared/domain.md describes them:
header (issuer, motto, number, place and date, subject), addressees, preamble, body of numbered
sections per assignee, closing order, copies, archive and signature. Real scans bend each rule,
so every step tolerates the part it looks for being absent and says so in `warnings`."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import NotADocumentError
from ..ids import canonical_id, doc_type_name, iso_date, month_day
from ..lexicon import DOC_TYPES, PARTY_TYPES, TARGET_GROUPS
from ..text import fold, is_upper_text, squash, title_case
from .bodies import (
    expand_group,
    known_province,
    normal_case,
    province_of,
    split_before_verb,
    split_bodies,
    starts_body,
)
from .citations import Citation, IssuerContext, find_citations, implemented, stated_chain
from .source import MappedText, Paragraph, join_paragraphs, paragraphs, read_source, remove_noise

Record = dict[str, Any]

# --- line classes -------------------------------------------------------------------------

_NUMBER = re.compile(r"^Số\s*[:.]?\s*(?P<id>\d.*?)\s*$", re.IGNORECASE)
_PLACE_DATE = re.compile(
    r"^(?P<place>[^\d,\n]{2,60}?)\s*,\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})",
    re.IGNORECASE,
)
_MOTTO = re.compile(r"cong hoa xa hoi chu nghia|doc lap\s*-\s*tu do|^dang cong san viet nam$")
_SUBJECT = re.compile(r"^(?:V/v|V/V|v/v|Về việc)\s*[:.]?\s*(?P<rest>.*)$")
_KINH_GUI = re.compile(r"^Kính\s+gửi\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
_TYPE_TITLES = {
    v[0].upper(): v[0]
    for v in list(DOC_TYPES.values()) + list(PARTY_TYPES.values()) + [("Công văn", "")]
}
_NOI_NHAN = re.compile(r"^Nơi\s+nhận\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
_ARCHIVE = re.compile(r"^[-+•]?\s*Lưu\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
_MARK = re.compile(r"^(?P<mark>TM|KT|TL|TUQ|Q)\s*\.\s*(?P<rest>.+)$")
_ROMAN = re.compile(r"^(?P<num>[IVX]{1,5})\s*\.\s+(?P<rest>.+)$", re.DOTALL)
_SECTION = re.compile(r"^(?P<num>\d{1,2})\s*\.(?!\d)\s*(?P<rest>.*)$", re.DOTALL)
_SUBITEM = re.compile(r"^(?P<a>\d{1,2})\.(?P<b>\d{1,2})\.?(?!\d)\s+(?P<rest>.+)$", re.DOTALL)
_LETTER = re.compile(r"^(?P<l>[a-eghik-vxyđ])\s*\)\s*(?P<rest>.+)$", re.DOTALL)
_BULLET = re.compile(r"^[-+•–]\s+(?P<rest>.+)$", re.DOTALL)
_TERMINAL = re.compile(r"[.:!?]\s*(?:/\.)?$")
_CLOSING_CUE = re.compile(
    r"(?:yêu cầu|đề nghị)\s+(?:các|giám đốc|thủ trưởng|chủ tịch|ủy ban|ubnd|sở|thủ tướng)"
    r"|(?:văn bản|công văn|kế hoạch|chỉ thị|quyết định|thông báo|hướng dẫn) này|trên đây là"
)
_CHU_TRI = re.compile(r"(?:^|[\s,;.])chủ trì(?=[\s,;.]|$)")
_PHOI_HOP = re.compile(r"phối hợp(?:\s+chặt chẽ)?\s+với\s+", re.IGNORECASE)
_ORDER_VERB = re.compile(r"(?:yêu cầu|đề nghị)\s+")

_RECUR = re.compile(
    r"(?:định kỳ\s+)?(?P<freq>6 tháng|sáu tháng|hằng năm|hàng năm|hằng quý|hàng quý|hằng tháng|hàng tháng)"
    r"\s*\(\s*trước\s+(?:ngày\s+)?(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*\)",
    re.IGNORECASE,
)
_ONEOFF = re.compile(
    r"(?:hoàn thành\s+)?(?:trước|chậm nhất(?:\s+là)?|không muộn hơn|hạn chót)\s+(?:ngày\s+)?"
    r"(?:(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?:\s*/\s*(?P<y>\d{4}))?"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?:\s+năm\s+(?P<y2>\d{4}))?)"
    r"(?P<tail>\s+(?:hằng|hàng)\s+(?:năm|quý|tháng))?",
    re.IGNORECASE,
)
_FREQ = {
    "6 tháng": "semiannual", "sáu tháng": "semiannual", "hằng năm": "annual", "hàng năm": "annual",
    "hằng quý": "quarterly", "hàng quý": "quarterly", "hằng tháng": "monthly", "hàng tháng": "monthly",
    "năm": "annual", "quý": "quarterly", "tháng": "monthly",
}
_TARGETS = sorted(TARGET_GROUPS, key=len, reverse=True)


@dataclass
class _Task:
    path: str
    assignees: list[str]
    request: bool
    start: int  # offset in the joined text
    end: int
    text: str
    closing: bool = False
    explicit_assignees: bool = True


@dataclass
class _Section:
    path: str
    assignees: list[str]
    request: bool
    items: int = 0
    tasks: list[_Task] = field(default_factory=list)


def parse_file(path: str | Path) -> Record:
    """Read (through the reader its kind needs: text, .docx, .pdf, .html, a scan) and parse one
    file; raises InputError (a subclass of PolicykgError) on bad input."""
    from ..readers import read_document  # imported here: policykg.readers imports this package

    doc = read_document(path)
    return parse_text(doc.text, str(path), doc.reader)


def parse_text(text: str, source: str = "<text>", reader: str = "text") -> Record:
    """Parse the (NFC) text of one document into its record; `reader` names what extracted
    the text from the file (`text` for a text file), and is kept in the record."""
    return _Parser(text, source, reader).run()


class _Parser:
    def __init__(self, text: str, source: str, reader: str = "text") -> None:
        self.source = source
        self.reader = reader
        self.original = MappedText(text)
        self.clean = remove_noise(self.original)
        self.warnings: list[str] = []

    # -- zones ------------------------------------------------------------------------------
    def run(self) -> Record:
        paras = paragraphs(self.clean)
        header_end, body_end = self._zones(paras)
        groups: list[list[Paragraph]] = [[p] for p in paras[:header_end]]
        groups += _page_break_groups(paras[header_end:body_end])
        groups += [[p] for p in paras[body_end:]]
        joined, merged = join_paragraphs(self.clean, groups)
        self.text = joined
        n_header = header_end
        n_body = len(groups) - (len(paras) - body_end)
        header, body, tail = merged[:n_header], merged[n_header:n_body], merged[n_body:]
        self.header_spans: dict[str, list[int]] = {}
        record = self._header(header)
        ctx = IssuerContext(province_of(record["issuer"] or "") or province_of(record["parent_issuer"] or ""),
                            _district_of(record["issuer"] or ""))
        record.update(self._body(body, record, ctx))
        record.update(self._tail(tail))
        record["header_spans"] = self.header_spans
        record["warnings"] = self.warnings
        return record

    def _zones(self, paras: list[Paragraph]) -> tuple[int, int]:
        number_at = date_at = kinh_gui_at = title_at = subject_at = None
        for i, p in enumerate(paras[:60]):
            for line in p.lines:
                if number_at is None and _NUMBER.match(line):
                    number_at = i
                if date_at is None and _PLACE_DATE.match(line):
                    date_at = i
                if subject_at is None and _SUBJECT.match(line):
                    subject_at = i
                if title_at is None and line.upper() == line and squash(line) in _TYPE_TITLES and i > 0:
                    title_at = i
            if kinh_gui_at is None and _KINH_GUI.match(p.lines[0]):
                kinh_gui_at = i
        if number_at is None and date_at is None:
            raise NotADocumentError(
                self.source, "no document number ('Số: ...') and no place-and-date line: not an official document"
            )
        if number_at is None:
            self.warnings.append("no document number ('Số: ...') found")
        if date_at is None:
            self.warnings.append("no place-and-date line found")
        marks = [i for i in (number_at, date_at, subject_at, title_at) if i is not None]
        start = max(marks) + 1
        if title_at is not None and title_at + 1 < len(paras) and not _KINH_GUI.match(paras[title_at + 1].lines[0]):
            # the plan's title may stand in its own paragraph under KẾ HOẠCH
            if title_at == max(marks) and len(paras[title_at].lines) == 1:
                start = title_at + 2
        if kinh_gui_at is not None:
            start = max(start, kinh_gui_at + 1)
            while start < len(paras) and _BULLET.match(paras[start].text):
                start += 1
        self.title_at, self.kinh_gui_at = title_at, kinh_gui_at
        end = len(paras)
        for i in range(start, len(paras)):
            first = paras[i].lines[0]
            if _NOI_NHAN.match(first) or _MARK.match(first) or _ARCHIVE.match(first):
                end = i
                break
        return start, end

    # -- header -----------------------------------------------------------------------------
    def _header(self, paras: list[Paragraph]) -> Record:
        rec: Record = {
            "source": self.source, "reader": self.reader, "number": None, "doc_type": None, "issuer": None,
            "parent_issuer": None, "place": None, "date": None, "subject": None,
        }
        issuer_lines: list[str] = []
        seen_number = False
        typed: str | None = None
        subject_lines: list[str] | None = None
        recipients: list[str] = []
        in_recipients = False
        after_title = False
        for p in paras:
            for line in p.lines:
                if in_recipients:
                    recipients.extend(_recipient_items(line))
                    continue
                m = _NUMBER.match(line)
                if m and rec["number"] is None:
                    self._mark("number", p, line)
                    rec["number"] = canonical_id(m.group("id"))
                    seen_number = True
                    continue
                m = _PLACE_DATE.match(line)
                if m and rec["date"] is None:
                    self._mark("date", p, line)
                    rec["place"] = squash(m.group("place"))
                    rec["date"] = iso_date(m.group("d"), m.group("m"), m.group("y"))
                    if rec["date"] is None:
                        self.warnings.append(f"impossible date in '{squash(line)}'")
                    seen_number = True
                    continue
                m = _SUBJECT.match(line)
                if m and subject_lines is None:
                    self._mark("subject", p, p.text)
                    subject_lines = [m.group("rest")]
                    continue
                m = _KINH_GUI.match(line)
                if m:
                    in_recipients = True
                    subject_lines = subject_lines or []
                    if m.group("rest").strip():
                        recipients.extend(_recipient_items(m.group("rest")))
                    continue
                if is_upper_text(line) and squash(line) in _TYPE_TITLES and seen_number:
                    typed = _TYPE_TITLES[squash(line)]
                    after_title = True
                    subject_lines = []
                    continue
                if _MOTTO.search(fold(line)):
                    # a two-column scan may put the issuer and the motto on one line
                    pieces = re.split(r"(?i)CỘNG HÒA|CỘNG HOÀ|ĐẢNG CỘNG SẢN", line)
                    head = pieces[0].strip() if len(pieces) > 1 else ""
                    if head and not seen_number:
                        issuer_lines.append(head)
                    continue
                if not seen_number and not after_title:
                    self._mark("issuer", p, line, extend=True)
                    issuer_lines.append(line)
                elif subject_lines is not None and (after_title or p is not paras[0]):
                    subject_lines.append(line)
            if subject_lines is not None and subject_lines and not after_title:
                after_title = False
        rec["issuer"], rec["parent_issuer"] = _issuers(issuer_lines)
        if rec["issuer"] is None:
            self.warnings.append("no issuing body found in the header")
        if rec["number"]:
            rec["doc_type"] = typed or doc_type_name(rec["number"])
        else:
            rec["doc_type"] = typed or "Công văn"
        subject = squash(" ".join(subject_lines or [])).rstrip(" .")
        rec["subject"] = subject or None
        self._subject_para = next((p for p in paras if any(_SUBJECT.match(ln) for ln in p.lines)), None)
        if self._subject_para is None and self.title_at is not None:
            self._subject_para = next((p for p in paras[self.title_at:] if not is_upper_text(p.lines[0])), None)
        rec["recipients"] = recipients
        if rec["place"] and is_upper_text(rec["place"]):
            rec["place"] = title_case(rec["place"])
        return rec

    def _mark(self, key: str, p: Paragraph, line: str, extend: bool = False) -> None:
        """Remember where a header fact stands, as a span into the file as read."""
        at = p.text.find(line)
        if at < 0:
            return
        span = list(self.text.span(p.start + at, p.start + at + len(line)))
        if extend and key in self.header_spans:
            span[0] = min(span[0], self.header_spans[key][0])
            span[1] = max(span[1], self.header_spans[key][1])
        self.header_spans[key] = span

    # -- body -------------------------------------------------------------------------------
    def _body(self, paras: list[Paragraph], rec: Record, ctx: IssuerContext) -> Record:
        part: str | None = None
        section: _Section | None = None
        preamble: list[Paragraph] = []
        tasks: list[_Task] = []
        closing: list[_Task] = []
        seen_section = False
        for p in paras:
            t = p.text
            m = _ROMAN.match(t)
            if m and not _LETTER.match(t):
                part = m.group("num")
                section = None
                seen_section = True
                continue
            m = _SUBITEM.match(t)
            if m and section is not None and section.assignees and m.group("a") == section.path.split(".")[-1]:
                section.items += 1
                self._add_task(tasks, section, f"{_prefix(part)}{m.group('a')}.{m.group('b')}", p, m.start("rest"))
                continue
            m = _SECTION.match(t)
            if m and not _SUBITEM.match(t):
                seen_section = True
                section = self._section(m, p, part, tasks)
                continue
            m = _LETTER.match(t)
            if m and section is not None:
                if section.assignees:
                    section.items += 1
                    self._add_task(tasks, section, f"{section.path}.{m.group('l')}", p, m.start("rest"))
                continue
            m = _BULLET.match(t)
            if m and section is not None:
                if section.assignees:
                    section.items += 1
                    self._add_task(tasks, section, f"{section.path}.{section.items}", p, m.start("rest"))
                continue
            if not seen_section:
                preamble.append(p)
                continue
            if _CLOSING_CUE.search(t.lower()) and (tasks or closing):
                closing.append(self._closing(p, len(closing)))
                continue
            if section is None or not section.assignees:
                continue
            if section.items == 0 and not section.tasks:
                self._add_task(tasks, section, section.path, p, 0)
            else:
                # a paragraph that continues the section's last task
                last = tasks[-1] if tasks and tasks[-1] in section.tasks else None
                if last is not None:
                    last.end = p.end
                    last.text = squash(self.text.text[last.start:last.end])
        out_tasks = [self._task_record(t, ctx) for t in tasks]
        out_closing = [self._task_record(t, ctx) for t in closing]
        cite_paras = ([self._subject_para] if self._subject_para else []) + preamble + paras
        citations, chain, impl = self._citations(cite_paras, preamble, ctx)
        if not tasks:
            self.warnings.append("no task assigned to a named body was found")
        return {
            "citations": citations, "stated_chain": chain, "implements": impl,
            "tasks": out_tasks, "closing": out_closing,
        }

    def _section(self, m: re.Match[str], p: Paragraph, part: str | None, tasks: list[_Task]) -> _Section:
        path = f"{_prefix(part)}{m.group('num')}"
        rest = m.group("rest")
        offset = m.start("rest")
        request = False
        r = re.match(r"(?i)đề nghị\s+", rest)
        if r:
            request = True
            rest = rest[r.end():]
            offset += r.end()
        names, inline = split_before_verb(rest.replace("\n", " "))
        names = names.rstrip(" :")
        if not names or not starts_body(names):
            return _Section(path, [], False)
        section = _Section(path, split_bodies(names), request)
        if inline.strip():
            inline_at = offset + len(rest) - len(inline.rstrip()) - (len(rest) - len(rest.rstrip()))
            inline_at = p.text.find(inline[:20], offset) if inline[:20] else inline_at
            self._add_task(tasks, section, path, p, max(inline_at, offset))
        return section

    def _add_task(self, tasks: list[_Task], section: _Section, path: str, p: Paragraph, at: int) -> None:
        start = p.start + at
        task = _Task(path, list(section.assignees), section.request, start, p.end, squash(p.text[at:]))
        section.tasks.append(task)
        tasks.append(task)

    def _closing(self, p: Paragraph, index: int) -> _Task:
        path = "closing" if index == 0 else f"closing.{index + 1}"
        m = _ORDER_VERB.search(p.text)
        assignees: list[str] = []
        at = 0
        request = False
        if m:
            request = m.group(0).lower().startswith("đề nghị")
            names, rest = split_before_verb(p.text[m.end():].replace("\n", " "))
            assignees = split_bodies(names)
            at = len(p.text) - len(rest) if rest else m.end()
        else:
            self.warnings.append(f"closing paragraph names no body: '{squash(p.text)[:60]}'")
        return _Task(path, assignees, request, p.start + at, p.end, squash(p.text[at:]), closing=True)

    def _task_record(self, t: _Task, ctx: IssuerContext) -> Record:
        text = t.text
        low = text.lower()
        lead = t.assignees[0] if t.assignees and _CHU_TRI.search(low) else None
        cooperating: list[str] = []
        m = _PHOI_HOP.search(text)
        if m:
            names, _ = split_before_verb(text[m.end():])
            cooperating = split_bodies(names)
        request = t.request or low.startswith("đề nghị")
        cites: list[str] = []
        for c in find_citations(text, ctx):
            if c.id not in cites:
                cites.append(c.id)
        span = self.text.span(t.start, t.end)
        return {
            "path": t.path,
            "assignees": t.assignees,
            "lead": lead,
            "cooperating": cooperating,
            "modality": "request" if request else "order",
            "text": re.sub(r"\s*/\.$", "", text.rstrip()),
            "cites": cites,
            "deadlines": deadlines(text),
            "target_groups": target_groups(text),
            "span": list(span),
        }

    def _citations(
        self, paras: list[Paragraph], preamble: list[Paragraph], ctx: IssuerContext
    ) -> tuple[list[Record], list[list[str]], list[str]]:
        by_id: dict[str, Record] = {}
        chain: list[list[str]] = []
        impl: list[str] = []
        seen_paras: set[int] = set()
        for p in paras:
            if p.start in seen_paras:
                continue
            seen_paras.add(p.start)
            found = find_citations(p.text, ctx)
            rels = stated_chain(p.text, found)
            for a, rel, b in rels:
                if [a, rel, b] not in chain:
                    chain.append([a, rel, b])
            if p is self._subject_para or p in preamble:
                for i in implemented(p.text, found, rels):
                    if i not in impl:
                        impl.append(i)
            for c in found:
                self._merge_citation(by_id, c, p)
        return list(by_id.values()), chain, impl

    def _merge_citation(self, by_id: dict[str, Record], c: Citation, p: Paragraph) -> None:
        known = by_id.get(c.id)
        if known is None:
            id_end = c.id_end
            by_id[c.id] = {
                "id": c.id, "doc_type": c.doc_type, "date": c.date, "issuer": c.issuer, "title": c.title,
                "span": list(self.text.span(p.start + c.start, p.start + max(c.end, id_end))),
            }
            return
        for key, value in (("date", c.date), ("issuer", c.issuer), ("title", c.title)):
            if known[key] is None and value is not None:
                known[key] = value

    # -- tail -------------------------------------------------------------------------------
    def _tail(self, paras: list[Paragraph]) -> Record:
        cc: list[str] = []
        archive: list[str] = []
        lines = [ln for p in paras for ln in p.lines]
        in_cc = False
        marks: list[tuple[str, str]] = []
        title: str | None = None
        names: list[str] = []
        for p in paras:
            for line in p.lines:
                if _MARK.match(line):
                    self._mark("signer", p, line, extend=True)
        for line in lines:
            a = _ARCHIVE.match(line)
            if a:
                archive = [x.strip(" .;") for x in re.split(r"[,;]", a.group("rest")) if x.strip(" .;")]
                in_cc = False
                continue
            n = _NOI_NHAN.match(line)
            if n:
                in_cc = True
                if n.group("rest").strip():
                    cc.append(_strip_item(n.group("rest")))
                continue
            b = _BULLET.match(line)
            if b and in_cc:
                cc.append(_strip_item(b.group("rest")))
                continue
            m = _MARK.match(line)
            if m:
                marks.append((m.group("mark") + ".", m.group("rest")))
                in_cc = False
                title = None
                continue
            in_cc = False
            if is_upper_text(line) and title is None and not _looks_like_name(line):
                title = normal_case(line)
                continue
            if _looks_like_name(line):
                names.append(title_case(line) if is_upper_text(line) else squash(line))
        name = names[-1] if names else None
        authority = on_behalf = None
        if marks:
            authority, behalf = marks[-1]
            on_behalf = normal_case(behalf)
            if title is None:
                title = on_behalf
                self.warnings.append("signature block has an authority mark but no post line")
        if name is None:
            self.warnings.append("no signer name found")
        else:
            for p in reversed(paras):
                if name in p.text or name.upper() in p.text:
                    self._mark("signer", p, name if name in p.text else name.upper(), extend=True)
                    break
        signer = {"name": name, "title": title, "authority": authority, "on_behalf_of": on_behalf}
        return {"signer": signer, "cc": cc, "archive": archive}


# --- helpers ------------------------------------------------------------------------------


def _prefix(part: str | None) -> str:
    return f"{part}." if part else ""


def _district_of(issuer: str) -> str | None:
    m = re.search(r"(?:huyện|quận|thị xã)\s+(.+)$", issuer)
    return m.group(1) if m else None


def _issuers(lines: list[str]) -> tuple[str | None, str | None]:
    """Header lines -> (issuer, parent). A line opening with an administrative unit
    ('TỈNH ĐẮK NÔNG') completes the body above it; any other line opens a new body."""
    bodies: list[list[str]] = []
    for line in lines:
        line = squash(line)
        if not line:
            continue
        key = fold(line)
        if bodies and re.match(r"^(tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran)\b", key):
            bodies[-1].append(line)
        else:
            bodies.append([line])
    names = [normal_case(" ".join(b)) for b in bodies]
    if not names:
        return None, None
    issuer = names[-1]
    parent = names[-2] if len(names) > 1 else None
    if parent and not re.search(r"(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường)\s", issuer):
        place = re.search(r"((?:tỉnh|thành phố|huyện|quận|thị xã)\s.+)$", parent)
        if place and re.match(r"^(Sở|Phòng|Ban|Chi cục|Trung tâm|Văn phòng|Thanh tra)\b", issuer):
            issuer = f"{issuer} {place.group(1)}"
    if issuer and issuer.startswith("Ủy ban nhân dân tỉnh "):
        prov = known_province(issuer.removeprefix("Ủy ban nhân dân tỉnh "))
        if prov:
            issuer = f"Ủy ban nhân dân tỉnh {prov}"
    return issuer, parent


def _recipient_items(line: str) -> list[str]:
    b = _BULLET.match(line)
    item = b.group("rest") if b else line
    out: list[str] = []
    for piece in re.split(r";\s*", item):
        piece = _strip_item(piece)
        if piece:
            out.extend(expand_group(piece))
    return out


def _strip_item(text: str) -> str:
    return squash(text).strip(" ;,").removesuffix(".").strip()


_NAME_WORD = re.compile(r"^[A-ZĐÀ-Ỹ][a-zđà-ỹ]*$|^[A-ZĐÀ-Ỹ]+$")


def _looks_like_name(line: str) -> bool:
    """A person's name: 2 to 6 capitalised syllables, no digits or punctuation, no post."""
    words = squash(line).split()
    if not 2 <= len(words) <= 6:
        return False
    if not all(_NAME_WORD.match(w) for w in words):
        return False
    if normal_case(line) != squash(line) and is_upper_text(line):
        # an all-caps post or body ('PHÓ CHỦ TỊCH') is no name
        return False
    return True


def _page_break_groups(paras: list[Paragraph]) -> list[list[Paragraph]]:
    """Group body paragraphs that a page break cut apart.

    The next paragraph continues the previous one when it opens with no section or item
    marker and either starts in lower case or follows an item left without final punctuation."""
    groups: list[list[Paragraph]] = []
    for p in paras:
        if groups and _continues(groups[-1], p):
            groups[-1].append(p)
        else:
            groups.append([p])
    return groups


def _continues(group: list[Paragraph], nxt: Paragraph) -> bool:
    text = nxt.text
    if _is_marker(text) or _NOI_NHAN.match(text) or _MARK.match(text) or _ARCHIVE.match(text):
        return False
    starts_lower = text[:1].islower()
    prev_text = group[-1].text
    head = group[0].text
    ended = bool(_TERMINAL.search(prev_text))
    if _SECTION.match(head) or _ROMAN.match(head):
        return starts_lower and not ended
    if starts_lower:
        return True
    return not ended and bool(_LETTER.match(head) or _BULLET.match(head) or _SUBITEM.match(head))


def _is_marker(text: str) -> bool:
    return bool(_SECTION.match(text) or _ROMAN.match(text) or _LETTER.match(text) or _BULLET.match(text)
                or _SUBITEM.match(text))


def deadlines(text: str) -> list[Record]:
    """Deadlines in a task's text, one-off (ISO date) or recurring (--MM-DD)."""
    found: list[tuple[int, int, str | None, str | None]] = []
    for m in _RECUR.finditer(text):
        found.append((m.start(), m.end(), month_day(m.group("d"), m.group("m")), _FREQ[m.group("freq").lower()]))
    recur_starts = [f[0] for f in found]
    for m in _ONEOFF.finditer(text):
        # inside a recurring expression ("(trước ngày 15/12)")? bisect keeps this linear
        k = bisect_right(recur_starts, m.start()) - 1
        if k >= 0 and found[k][0] <= m.start() < found[k][1]:
            continue
        d, mo, y = m.group("d") or m.group("d2"), m.group("m") or m.group("m2"), m.group("y") or m.group("y2")
        tail = m.group("tail")
        if y:
            date, rec = iso_date(d, mo, y), None
        else:
            date = month_day(d, mo)
            rec = _FREQ.get(tail.split()[-1].lower()) if tail else None
        found.append((m.start(), m.end(), date, rec))
    found = [f for f in sorted(found) if f[2]]
    out: list[Record] = []
    i = 0
    while i < len(found):
        j = i
        while j + 1 < len(found) and re.fullmatch(r"[\s,]*(?:và)?[\s,]*", text[found[j][1]:found[j + 1][0]]):
            j += 1
        what = _what(text, found[i][0], found[j][1])
        for s, e, date, rec in found[i:j + 1]:
            out.append({"date": date, "recurrence": rec, "what": what})
        i = j + 1
    return out


def _what(text: str, start: int, end: int) -> str | None:
    stop = re.compile(r";|\.(?=\s|$)")
    m = stop.search(text, end)
    after = text[end:m.start() if m else len(text)].strip(" ,:")
    # "... trước ngày 05/12/2021 để tổng hợp": a purpose clause is not what is due
    if after and not re.match(r"(?:để|nhằm)\s", after):
        return squash(after)
    cuts = [i + len(sep) for sep in (";", ". ") if (i := text.rfind(sep, 0, start)) >= 0]
    before_start = max(cuts, default=0)
    before = text[before_start:start].strip(" ,:")
    return squash(before) or None


# one pass: alternatives longest first, so "người dân tộc thiểu số" wins over shorter overlaps
_TARGET_RX = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(g) for g in _TARGETS) + r")(?![\w])")


def target_groups(text: str) -> list[str]:
    seen: list[str] = []
    for m in _TARGET_RX.finditer(text.lower()):
        if m.group(0) not in seen:
            seen.append(m.group(0))
    return seen
