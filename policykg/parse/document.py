"""From the text of one official document to its record (docs/record.md).

The layout rules are those of Nghị định 30/2020/NĐ-CP as ../shared/domain.md describes them:
header (issuer, motto, number, place and date, subject), addressees, preamble, body of numbered
sections per assignee, closing order, copies, archive and signature. Real scans bend each rule,
so every step tolerates the part it looks for being absent and says so in `warnings`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import NotADocumentError
from ..ids import doc_type_name, id_problem, iso_date, issuer_abbreviation
from ..lexicon import (
    DOC_TYPES,
    ISSUER_NAMES,
    MORE_ISSUER_ABBREVIATIONS,
    OTHER_TITLES,
    PARTY_TYPES,
    POSTS,
    PROVINCES,
    TARGET_GROUPS,
)
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
from .deadlines import deadlines as find_deadlines
from .deadlines import place_on
from .citations import Citation, IssuerContext, find_citations, implemented, stated_chain
from .header import NUMBER_LINE, is_name_caps, modern_tones, org_case, post_case, read_number
from .layout import MOTTO, canonical_layout, is_motto, pfold
from .outline import BULLET, Node, is_table, marker, outline
from .source import MappedText, Paragraph, join_paragraphs, paragraphs, read_source, remove_noise
from .tasks import clause_bodies
from .walk import Task as _Task
from .walk import Walk

Record = dict[str, Any]

# --- line classes -------------------------------------------------------------------------

_NUMBER = NUMBER_LINE
_PLACE_DATE = re.compile(
    r"^(?P<place>[^\d,\n]{2,60}?)\s*,\s*(?:ngày\s*)?(?P<d>\d{1,2})\s*"
    r"(?:tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>\d{4})|[/.-]\s*(?P<m2>\d{1,2})\s*[/.-]\s*(?P<y2>\d{4}))",
    re.IGNORECASE,
)
# a place-and-date line whose date is broken ("Hà Nội, ngày   tháng 3 năm 2021")
_PLACE_NO_DATE = re.compile(r"^(?P<place>[^\d,\n]{2,60}?)\s*,\s*ngày\b", re.IGNORECASE)
_MOTTO = re.compile(r"cong hoa xa hoi|chu nghia viet nam|doc lap\s*-\s*tu do|^dang cong san viet nam$")
_SUBJECT = re.compile(r"^(?:V/v|V/V|v/v|Về việc|VỀ VIỆC|Về\s*:)\s*[:.]?\s*(?P<rest>.*)$")
_KINH_GUI = re.compile(r"^Kính\s*gửi\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
_TYPE_TITLES = {
    v[0].upper(): v[0]
    for v in list(DOC_TYPES.values()) + list(PARTY_TYPES.values()) + [("Công văn", "")]
}
_TYPE_TITLES.update({t.upper(): t for t in OTHER_TITLES})
_TYPE_TITLES["THÔNG BÁO KẾT LUẬN"] = "Thông báo"
_NOI_NHAN = re.compile(r"^Nơi\s+nhận\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
_ARCHIVE = re.compile(r"^[-+•]?\s*Lưu\s*(?::\s*|\s+(?=[A-ZĐ]))(?P<rest>.*)$")
# TM. / T/M / TM (no dot) ...: without a dot the post after it must be in capitals
_MARK = re.compile(
    r"^(?P<mark>T/M|TM|K/T|KT|T/L|TL|TUQ|Q)\s*(?:\.\s*|:\s*|\s+(?=[A-ZĐÂĂÊÔƠƯÀ-Ỹ]{2}))"
    r"(?P<rest>[^\W\d_].*)$"
)
_MARK_ALONE = re.compile(r"^(?P<mark>T/M|TM|K/T|KT|T/L|TL|TUQ)\s*\.?$")
_MARK_NAMES = {"T/M": "TM.", "TM": "TM.", "K/T": "KT.", "KT": "KT.", "T/L": "TL.", "TL": "TL.", "TUQ": "TUQ.", "Q": "Q."}
_CLOSING_WORDS = re.compile(r"^(?:kính thư|trân trọng|chào thân ái|thân ái)\s*[./!]*$", re.IGNORECASE)
_TERMINAL = re.compile(r"[.:!?]\s*(?:/\.)?$")
_CAN_CU = re.compile(r"^Căn cứ\b")
# a preamble extracted without blank lines holds its bases and its 'Theo đề nghị ...' in one
# paragraph: cut it where each clause starts
_BASIS_CUT = re.compile(r"(?:\n|;\s*)(?=\s*(?:Căn cứ|Theo đề nghị|Xét|Thực hiện|QUYẾT ĐỊNH|QUYẾT NGHỊ)\b)")
_CHU_TRI = re.compile(r"(?:^|[\s,;.])chủ\s*trì(?=[\s,;.]|$)")
_PHOI_HOP = re.compile(r"phối\s*hợp(?:\s+chặt chẽ)?\s+với\s+", re.IGNORECASE)
_ORDER_VERB = re.compile(r"(?:yêu cầu|đề nghị)\s+", re.IGNORECASE)

_TARGETS = sorted(TARGET_GROUPS, key=len, reverse=True)


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
        self.clean = canonical_layout(remove_noise(self.original))
        self.warnings: list[str] = []
        self.own: Record | None = None  # the header's facts, once read: what a self-citation matches

    # -- zones ------------------------------------------------------------------------------
    def run(self) -> Record:
        paras = paragraphs(self.clean)
        header_end, body_end = self._zones(paras)
        parts = _attached_parts(paras, body_end)
        tail_end = parts[0][1] if parts else len(paras)
        groups: list[list[Paragraph]] = [[p] for p in paras[:header_end]]
        groups += _page_break_groups(paras[header_end:body_end])
        n_body = len(groups)
        groups += [[p] for p in paras[body_end:tail_end]]
        n_tail = len(groups)
        at = tail_end
        part_groups: list[tuple[str, int, int]] = []
        for prefix, start, end in parts:
            groups += [[p] for p in paras[at:start]]
            first = len(groups)
            groups += _page_break_groups(paras[start:end])
            part_groups.append((prefix, first, len(groups)))
            at = end
        groups += [[p] for p in paras[at:]]
        joined, merged = join_paragraphs(self.clean, groups)
        self.text = joined
        n_header = header_end
        header, body, tail = merged[:n_header], merged[n_header:n_body], merged[n_body:n_tail]
        attached = [(prefix, merged[a:b]) for prefix, a, b in part_groups]
        self.header_spans: dict[str, list[int]] = {}
        record = self._header(header)
        ctx = IssuerContext(province_of(record["issuer"] or "") or province_of(record["parent_issuer"] or ""),
                            _district_of(record["issuer"] or ""))
        record.update(self._body(body, record, ctx, attached))
        record.update(self._tail(tail))
        record["header_spans"] = self.header_spans
        record["warnings"] = self.warnings
        return record

    def _zones(self, paras: list[Paragraph]) -> tuple[int, int]:
        number_at = date_at = kinh_gui_at = title_at = subject_at = motto_at = None
        for i, p in enumerate(paras[:60]):
            for line in p.lines:
                if motto_at is None and i < 15 and (is_motto(line) or MOTTO.search(pfold(line))):
                    motto_at = i
                if number_at is None and _is_number_line(line):
                    number_at = i
                if date_at is None and (_PLACE_DATE.match(line) or (number_at is not None and _PLACE_NO_DATE.match(line))):
                    date_at = i
                headed = number_at is not None or date_at is not None or motto_at is not None
                if subject_at is None and _SUBJECT.match(line) and headed:
                    subject_at = i
                if title_at is None and _title_of(line) and i > 0 and headed:
                    title_at = i
            if kinh_gui_at is None and _KINH_GUI.match(p.lines[0]):
                kinh_gui_at = i
            if kinh_gui_at is not None or (title_at is not None and i > title_at + 1):
                break
        if number_at is None and date_at is None and not (
                motto_at is not None and (subject_at is not None or kinh_gui_at is not None or title_at is not None)):
            # a header damaged past reading its number and date is still a document when the
            # motto stands over a subject, an address or a type title
            raise NotADocumentError(
                self.source, "no document number ('Số: ...') and no place-and-date line: not an official document"
            )
        if number_at is None:
            self.warnings.append("no document number ('Số: ...') found")
        if date_at is None:
            self.warnings.append("no place-and-date line found")
        marks = [i for i in (number_at, date_at, subject_at, title_at) if i is not None] or [motto_at or 0]
        start = max(marks) + 1
        if title_at is not None and title_at + 1 < len(paras) and not _KINH_GUI.match(paras[title_at + 1].lines[0]):
            # the plan's title may stand in its own paragraph under KẾ HOẠCH, unless the body
            # opens right after the type line
            if title_at == max(marks) and len(paras[title_at].lines) == 1 and not _opens_body(paras[title_at + 1].text):
                start = title_at + 2
        if kinh_gui_at is not None:
            start = max(start, kinh_gui_at + 1)
            while start < len(paras) and BULLET.match(paras[start].text):
                start += 1
        self.title_at, self.kinh_gui_at = title_at, kinh_gui_at
        end = len(paras)
        for i in range(start, len(paras)):
            first = paras[i].lines[0]
            if _NOI_NHAN.match(first) or _MARK.match(first) or _MARK_ALONE.match(first) or _ARCHIVE.match(first) \
                    or _CLOSING_WORDS.match(first) or self._bare_signature(paras, i):
                end = i
                break
        # the post and name standing before 'Nơi nhận' (no mark, or a Party document's signature
        # first) belong to the signature; with no 'Nơi nhận' at all, so do the last such lines
        j = end
        while j > start and end - j < 6 and _signature_like(paras[j - 1]):
            j -= 1
        if j < end and (end < len(paras) or any(_looks_like_name(ln) for p in paras[j:end] for ln in p.lines)):
            end = j
        return start, end

    @staticmethod
    def _bare_signature(paras: list[Paragraph], i: int) -> bool:
        """A post alone in capitals ('CHỦ TỊCH', 'BỘ TRƯỞNG') with a name within the next lines:
        a signature with no mark and no 'Nơi nhận'."""
        p = paras[i]
        if len(p.text) > 60 or "\n" in p.text or not is_upper_text(p.text) or not _starts_post(p.text.strip()):
            return False
        for q in paras[i + 1:i + 4]:
            line = q.lines[0]
            if _SIGNED_LINE.match(line) or (is_upper_text(line) and not _looks_like_name(line) and len(line) < 60):
                continue
            return _looks_like_name(line)
        return False

    # -- header -----------------------------------------------------------------------------
    def _header(self, paras: list[Paragraph]) -> Record:
        rec: Record = {
            "source": self.source, "reader": self.reader, "number": None, "doc_type": None, "issuer": None,
            "parent_issuer": None, "place": None, "date": None, "subject": None,
        }
        issuer_lines: list[str] = []
        seen_number = False  # the number or the date: the issuer's lines are above it
        number_read = False
        typed: str | None = None
        number_type: str | None = None
        subject_lines: list[str] | None = None
        recipients: list[str] = []
        in_recipients = False
        after_title = False
        for p in paras:
            for line in p.lines:
                if in_recipients:
                    recipients.extend(_recipient_items(line))
                    continue
                if not number_read and _is_number_line(line):
                    number_read = True
                    self._mark("number", p, line)
                    number, number_type, raw = read_number(line)
                    rec["number"] = number
                    if number is None:
                        self.warnings.append(f"number line '{squash(line)}' holds no document number")
                    elif problem := id_problem(number):
                        self.warnings.append(problem)
                    seen_number = True
                    continue
                m = _PLACE_DATE.match(line)
                if m and rec["date"] is None:
                    self._mark("date", p, line)
                    rec["place"] = squash(m.group("place"))
                    rec["date"] = iso_date(m.group("d"), m.group("m") or m.group("m2"), m.group("y") or m.group("y2"))
                    if rec["date"] is None:
                        self.warnings.append(f"impossible date in '{squash(line)}'")
                    seen_number = True
                    continue
                m = _PLACE_NO_DATE.match(line)
                if m and rec["date"] is None and rec["place"] is None and seen_number:
                    self._mark("date", p, line)
                    rec["place"] = squash(m.group("place"))
                    self.warnings.append(f"no date could be read in '{squash(line)}'")
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
                title = _title_of(line)
                if title and seen_number and typed is None:
                    typed, rest = title
                    after_title = True
                    subject_lines = [rest] if rest and not rest.startswith("CỦA ") else []
                    continue
                if after_title and subject_lines == [] and re.match(r"CỦA\s", line) and is_upper_text(line):
                    continue  # 'CHỈ THỊ' / 'CỦA BAN BÍ THƯ': the issuer again, not the subject
                if is_motto(line) or MOTTO.search(pfold(line)) or _MOTTO.search(fold(line)):
                    # a two-column scan may put the issuer and the motto on one line
                    pieces = re.split(r"(?i)CỘNG HÒA|CỘNG HOÀ|ĐẢNG CỘNG SẢN", line)
                    head = pieces[0].strip() if len(pieces) > 1 else ""
                    if head and not seen_number:
                        issuer_lines.append(head)
                    continue
                if not seen_number and not after_title:
                    if _issuer_line(line):
                        self._mark("issuer", p, line, extend=True)
                        issuer_lines.append(line)
                elif subject_lines is not None and (after_title or p is not paras[0]):
                    subject_lines.append(line)
        rec["issuer"], rec["parent_issuer"] = _issuers(issuer_lines)
        rec["issuer"], rec["parent_issuer"] = self._complete_issuer(rec["issuer"], rec["parent_issuer"], rec)
        if rec["issuer"] is None:
            self.warnings.append("no issuing body found in the header")
        if rec["number"]:
            rec["doc_type"] = typed or number_type or doc_type_name(rec["number"])
        else:
            rec["doc_type"] = typed or number_type or "Công văn"
        subject = squash(" ".join(subject_lines or [])).rstrip(" .")
        rec["subject"] = subject or None
        self._subject_para = next((p for p in paras if any(_SUBJECT.match(ln) for ln in p.lines)), None)
        if self._subject_para is None and self.title_at is not None:
            self._subject_para = next((p for p in paras[self.title_at:] if not is_upper_text(p.lines[0])), None)
        rec["recipients"] = recipients
        if rec["place"]:
            rec["place"] = modern_tones(title_case(rec["place"]) if is_upper_text(rec["place"]) else rec["place"])
        self.own = rec
        return rec

    def _is_self(self, doc_id: str, issuer: str | None, date: str | None) -> bool:
        """Is a citation the document itself (a site's title line, an attached plan naming the
        decision that issues it)? Its number alone does not say: numbers are reused, and a
        district's 6046/UBND-VX may carry out its province's 6046/UBND-VX."""
        own = self.own
        if own is None or doc_id != own["number"]:
            return False
        return (issuer is None or issuer == own["issuer"]) and (date is None or date == own["date"])

    def _complete_issuer(self, issuer: str | None, parent: str | None, rec: Record) -> tuple[str | None, str | None]:
        """A header cut short ('ỦY BAN NHÂN DÂN' with its province row lost) is completed from
        the place of signing when that is a province, with a warning."""
        if issuer in ("Ủy ban nhân dân", "Hội đồng nhân dân", "Chủ tịch Ủy ban nhân dân") and rec["place"]:
            prov = _province_named(rec["place"])
            if prov:
                unit = "thành phố" if prov in _CITIES else "tỉnh"
                body = f"{issuer} {unit} {prov}"
                abbr = issuer_abbreviation(rec["number"]) if rec["number"] else None
                name = MORE_ISSUER_ABBREVIATIONS.get(abbr or "")
                self.warnings.append(f"issuer's province taken from the place of signing '{rec['place']}'")
                if name and name.startswith("Sở "):
                    # the number says a department of that province issued it
                    return f"{name} {unit} {prov}", body
                return body, parent
        return issuer, parent

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
    def _body(self, paras: list[Paragraph], rec: Record, ctx: IssuerContext,
              attached: list[tuple[str, list[Paragraph]]] | None = None) -> Record:
        """Tasks, closing orders, citations, legal bases and executors of the body (and of the
        plans, regulations and appendices attached after the signature, each with its prefix)."""
        walk = Walk(self.text, self._closing, rec.get("recipients") or [],
                    verbs_only=rec.get("doc_type") in ("Báo cáo", "Tờ trình"))
        tree = outline(paras)
        first = next((i for i, e in enumerate(tree.entries) if isinstance(e, Node)), len(tree.entries))
        preamble = [e for e in tree.entries[:first] if isinstance(e, Paragraph)]
        walk.root(tree, "")
        attached_paras: list[Paragraph] = []
        for prefix, part in attached or []:
            walk.root(outline(part), prefix)
            attached_paras += part
        walk.finish()
        tasks, closing = walk.tasks, walk.closing
        out_tasks = [self._task_record(t, ctx) for t in tasks]
        out_closing = [self._task_record(t, ctx) for t in closing]
        cite_paras = ([self._subject_para] if self._subject_para else []) + preamble + paras + attached_paras
        citations, chain, impl = self._citations(cite_paras, preamble, ctx)
        based_on: list[str] = []
        for p in preamble:
            for piece in _BASIS_CUT.split(p.text):
                if _CAN_CU.match(piece.lstrip()):
                    for c in find_citations(piece, ctx):
                        if c.id not in based_on:
                            based_on.append(c.id)
        # what the letter implements, states or is based on, it cites: never the letter itself
        cited = {c["id"] for c in citations}
        impl = [i for i in impl if i in cited]
        chain = [r for r in chain if r[0] in cited and r[2] in cited]
        based_on = [b for b in based_on if b in cited]
        if not tasks:
            self.warnings.append("no task assigned to a named body was found")
        return {
            "citations": citations, "stated_chain": chain, "implements": impl, "based_on": based_on,
            "tasks": out_tasks, "closing": out_closing, "executors": walk.executors,
        }

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
            named = clause_bodies(p.text)
            if named is not None:
                assignees = named.bodies
            else:
                self.warnings.append(f"closing paragraph names no body: '{squash(p.text)[:60]}'")
        return _Task(path, assignees, request, p.start + at, p.end, squash(p.text[at:]), closing=True)

    def _task_record(self, t: _Task, ctx: IssuerContext) -> Record:
        text = t.text
        low = text.lower()
        lead = t.lead if t.lead is not None else (
            t.assignees[0] if t.assignees and _CHU_TRI.search(low) else None)
        cooperating: list[str] = list(t.cooperating) if t.cooperating is not None else []
        m = _PHOI_HOP.search(text)
        if m and t.cooperating is None:
            names, _ = split_before_verb(text[m.end():])
            cooperating = split_bodies(names)
        request = t.request or low.startswith("đề nghị")
        cites: list[str] = []
        for c in find_citations(text, ctx):
            if c.id not in cites:
                cites.append(c.id)
        span = self.text.span(t.start, t.end)
        signed = self.own["date"] if self.own else None
        cells = [place_on(d, signed) for d in t.deadlines]
        found = cells + [d for d in deadlines(text, signed) if d not in cells]
        for d in found:
            if d["date"] is None:
                self.warnings.append(f"deadline not placed, kept as text: '{d['text']}' (task {t.path})")
        return {
            "path": t.path,
            "assignees": t.assignees,
            "lead": lead,
            "cooperating": cooperating,
            "modality": "request" if request else "order",
            "text": re.sub(r"\s*/\.$", "", text.rstrip()),
            "cites": cites,
            "deadlines": found,
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
                if not self._is_self(c.id, c.issuer, c.date):
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
        in_cc = False
        marks: list[tuple[str, str]] = []
        title: str | None = None
        names: list[str] = []
        mark_open = False  # the mark's body may run on to the next line ('TL. CHỦ TỊCH ỦY' / 'BAN NHÂN DÂN')
        for p in paras:
            for line in p.lines:
                if _MARK.match(line):
                    self._mark("signer", p, line, extend=True)
        for p in paras:
            if names and _title_of(p.lines[0]):
                break  # an attached plan or regulation follows the signature
            for line in p.lines:
                a = _ARCHIVE.match(line)
                if a:
                    archive = [x.strip(" .;") for x in re.split(r"[,;]", a.group("rest")) if x.strip(" .;")]
                    in_cc = mark_open = False
                    continue
                n = _NOI_NHAN.match(line)
                if n:
                    in_cc = True
                    mark_open = False
                    if n.group("rest").strip():
                        cc.append(_strip_item(n.group("rest")))
                    continue
                b = BULLET.match(line)
                if b and in_cc:
                    cc.append(_strip_item(b.group("rest")))
                    continue
                if in_cc and cc and not is_upper_text(line) and not _looks_like_name(line) and line[:1].islower():
                    cc[-1] = _strip_item(f"{cc[-1]} {line}")  # a copy wrapped onto the next line
                    continue
                alone = _MARK_ALONE.match(line)
                if alone:
                    marks.append((_MARK_NAMES[alone.group("mark")], ""))  # its body is on the next line
                    in_cc = False
                    title = None
                    mark_open = True
                    continue
                m = _MARK.match(line)
                if m:
                    behalf, post = _split_post(m.group("rest"))
                    marks.append((_MARK_NAMES[m.group("mark")], behalf))
                    in_cc = False
                    title = post_case(post) if post else None
                    mark_open = post is None
                    continue
                in_cc = False
                if _CLOSING_WORDS.match(line) or _SIGNED_LINE.match(line):
                    continue
                if is_upper_text(line) and not _looks_like_name(line):
                    if mark_open and marks and (not _starts_post(line) or not marks[-1][1]):
                        marks[-1] = (marks[-1][0], f"{marks[-1][1]} {line}".strip())
                        continue
                    mark_open = False
                    if title is None:
                        title = post_case(line)
                    continue
                mark_open = False
                if _looks_like_name(line):
                    names.append(modern_tones(title_case(line) if is_upper_text(line) else squash(line)))
        name = names[-1] if names else None
        authority = on_behalf = None
        if marks:
            authority, behalf = marks[-1]
            on_behalf = post_case(behalf) if _starts_post(behalf) else org_case(behalf)
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


def _district_of(issuer: str) -> str | None:
    m = re.search(r"(?:huyện|quận|thị xã)\s+(.+)$", issuer)
    return m.group(1) if m else None


_CITIES = ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ")
_PROVINCE_FOLDS = {fold(p): p for p in PROVINCES}
# OCR drops the first letter of a header's first word ('Y BAN NHÂN DÂN')
_DAMAGED_HEADS = (
    (re.compile(r"^(?:y|u|uy|ủ|ũy|ùy)\s+ban\s+nhan\s+dan\b"), "ỦY BAN NHÂN DÂN"),
    (re.compile(r"^(?:oi|ội)\s+dong\s+nhan\s+dan\b"), "HỘI ĐỒNG NHÂN DÂN"),
)


def _province_named(name: str) -> str | None:
    place = re.sub(r"(?i)^(?:tp\.?|thành phố|tỉnh)\s*", "", squash(name))
    return _PROVINCE_FOLDS.get(fold(place))


def _is_number_line(line: str) -> bool:
    m = NUMBER_LINE.match(line)
    if not m:
        return False
    rest = m.group("rest")
    # "Số: 12/KH-UBND", "Số 11-CT/TW", "Số: .../KH"; not a sentence starting "Số lượng ..."
    return bool(re.match(r"[\d/.…_]", rest)) or (m.group("type") is not None and ":" in line[:40])


def _title_of(line: str) -> tuple[str, str] | None:
    """(type, rest of the line) when the line is a type title in capitals ('KẾ HOẠCH',
    'QUYẾT ĐỊNH CỦA UBND TỈNH ...')."""
    text = squash(line)
    if not is_upper_text(text):
        return None
    if text in _TYPE_TITLES:
        return _TYPE_TITLES[text], ""
    for caps, name in _TYPE_TITLES_BY_LENGTH:
        if text.startswith(caps + " ") and re.match(r"(?:CỦA|VỀ|LIÊN TỊCH)\b", text[len(caps) + 1:]):
            return name, text[len(caps) + 1:]
    return None


_TYPE_TITLES_BY_LENGTH = sorted(_TYPE_TITLES.items(), key=lambda kv: len(kv[0]), reverse=True)
_OPENS_BODY = re.compile(r"^(?:Căn cứ|Thực hiện|Theo|Xét|Nhằm|Để|Ngày|[IVX]{1,5}\.|\d{1,2}\.|Điều\s+\d)")


def _opens_body(text: str) -> bool:
    return bool(_OPENS_BODY.match(text.lstrip()))


_SIGNED_LINE = re.compile(r"^[(\[]\s*(?:đã\s*ký|ký[^)\]]*|chữ ký[^)\]]*|đã ký và đóng dấu)\s*[)\]]$", re.IGNORECASE)


def _signature_like(p: Paragraph) -> bool:
    """A paragraph of a signature block: a short post in capitals, a name, '(đã ký)'."""
    if len(p.lines) > 3:
        return False
    for line in p.lines:
        if _SIGNED_LINE.match(line) or _CLOSING_WORDS.match(line):
            continue
        if len(line) > 60 or re.search(r"\d|[.;:,]$", line):
            return False
        if not (is_upper_text(line) or _looks_like_name(line)):
            return False
    return True


def _split_post(rest: str) -> tuple[str, str | None]:
    """'CHỦ TỊCH PHÓ CHỦ TỊCH' -> ('CHỦ TỊCH', 'PHÓ CHỦ TỊCH'), 'ỦY BAN NHÂN DÂN CHỦ TỊCH' ->
    ('ỦY BAN NHÂN DÂN', 'CHỦ TỊCH'): a mark's line that also holds the post (a flattened
    signature); the longest post ending the line, when something stands before it."""
    words = squash(rest).split()
    for k in range(1, len(words)):
        tail = " ".join(words[k:])
        head = " ".join(words[:k])
        # what stands before must be a whole post or body ('BAN BÍ THƯ' is one body, not 'BAN' + post)
        if k >= 2 and tail.casefold() in _POST_KEYS and is_upper_text(tail) \
                and fold(head) not in ("uy ban", "hoi dong", "ban thuong", "ban chap hanh"):
            return head, tail
    return rest, None


def _starts_post(text: str) -> bool:
    key = squash(text).casefold()
    return key in _POST_KEYS or key.startswith(_POST_PREFIXES)


_SIGNING_POSTS = sorted(set(POSTS) | {"Chủ nhiệm", "Phó Chủ nhiệm", "Ủy viên",
                                     "Hiệu trưởng", "Viện trưởng", "Tổng Giám đốc", "Chánh Thanh tra"},
                        key=len, reverse=True)


_POST_KEYS = frozenset(p.casefold() for p in _SIGNING_POSTS)
_POST_PREFIXES = tuple(p.casefold() + sep for p in _SIGNING_POSTS for sep in (" ", ","))


def _issuer_line(line: str) -> bool:
    """A line of the issuer's block: capitals, or a body's name, and no digits (a web page's
    title or date standing before the header is none)."""
    if re.search(r"\d", line) or len(line) > 100:
        return False
    if is_upper_text(line):
        return True
    return bool(re.match(r"(?:Ủy ban|Uỷ ban|UBND|Hội đồng|HĐND|Sở|Bộ|Ban|Hội|Tỉnh ủy|Tỉnh uỷ|Huyện ủy|Đảng ủy|"
                         r"Văn phòng|Chính phủ|Thủ tướng)\b", line))


def _issuers(lines: list[str]) -> tuple[str | None, str | None]:
    """Header lines -> (issuer, parent). A line opening with an administrative unit
    ('TỈNH ĐẮK NÔNG') completes the body above it; any other line opens a new body."""
    bodies: list[list[str]] = []
    for line in lines:
        line = _JUNK_PREFIX.sub("", squash(line)).strip(" *-_.|")
        if not line or not re.search(r"[^\W\d_]", line):
            continue
        line = modern_tones(line)
        key = fold(line)
        for rx, head in _DAMAGED_HEADS:
            hm = rx.match(key)
            if hm and not key.startswith(("uy ban", "hoi dong")):
                line = " ".join([head] + line.split()[len(hm.group(0).split()):])
                key = fold(line)
        if bodies and re.match(r"^(tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran|trung uong|viet nam)\b", key):
            bodies[-1].append(line)
        elif bodies and _unfinished(bodies[-1], line):
            bodies[-1].append(line)  # a name cut across lines ('BAN CHỈ ĐẠO' / 'XÂY DỰNG XÃ HỘI HỌC TẬP')
        else:
            bodies.append([line])
    if len(bodies) > 1:
        # a line in capitals over the header that names no body (a site's banner) is no parent
        bodies = [b for b in bodies[:-1] if re.match(_ORG_HEAD, fold(b[0]))] + bodies[-1:]
    names = [post_case(" ".join(b)) if _starts_post(" ".join(b)) else org_case(" ".join(b)) for b in bodies]
    if not names:
        return None, None
    issuer = names[-1]
    parent = names[-2] if len(names) > 1 else None
    if parent and not re.search(r"(?:tỉnh|thành phố|huyện|quận|thị xã|xã(?!\s+hội)|phường)\s", issuer):
        place = re.search(r"((?:tỉnh|thành phố|huyện|quận|thị xã)\s.+)$", parent)
        if re.match(r"^(Đảng bộ|Tỉnh ủy|Huyện ủy|Thành ủy)\s", parent) and re.match(r"^(Ban|Văn phòng)\b", issuer) \
                and not re.search(r"(Tỉnh|Huyện|Thành) ủy|Đảng bộ", issuer):
            issuer = f"{issuer} {parent}"  # 'Ban Chấp hành Đảng bộ tỉnh X', 'Ban Tuyên giáo Tỉnh ủy X'
        elif place and re.match(r"^(Sở|Phòng|Ban|Chi cục|Trung tâm|Văn phòng|Thanh tra|Hội)\b", issuer):
            issuer = f"{issuer} {place.group(1)}"
        elif re.match(r"^(Ban|Văn phòng)\b", issuer) and parent.startswith("Ban Chấp hành Trung ương") \
                and "Trung ương" not in issuer:
            issuer = f"{issuer} Trung ương"
    if issuer and issuer.startswith("Ủy ban nhân dân tỉnh "):
        prov = _province_named(issuer.removeprefix("Ủy ban nhân dân tỉnh "))
        if prov:
            issuer = f"Ủy ban nhân dân tỉnh {prov}"
    return issuer, parent


_KNOWN_HEADS = sorted({fold(n) for n in ISSUER_NAMES} | {
    "uy ban nhan dan", "hoi dong nhan dan", "ban chi dao", "ban chap hanh trung uong", "chu tich uy ban nhan dan",
    "ban thuong vu", "hoi khuyen hoc", "thu tuong chinh phu", "van phong chinh phu", "uy ban thuong vu quoc hoi",
}, key=len, reverse=True)
_JUNK_PREFIX = re.compile(r"^(?:trang\s*\d{1,3}\s*|\(\d{1,2}\)\s*|\d{1,2}\.\s+)", re.IGNORECASE)


_ORG_HEAD = re.compile(
    r"(?:uy ban|ubnd|hoi dong|hdnd|so|bo|ban|hoi|tinh uy|huyen uy|thanh uy|dang bo|dang uy|van phong|chinh phu|"
    r"thu tuong|tong cuc|cuc|chi cuc|phong|trung uong|truong|vien|dai hoc|quoc hoi|toa an|vien kiem sat|"
    r"mat tran|doan|lien doan|tinh doan|thanh doan|huyen doan|chu tich)\b"
)


def _unfinished(body: list[str], line: str) -> bool:
    """Is `line` the rest of a name cut across lines ('UỶ BAN NHÂN' / 'DÂN TỈNH X', 'THỦ TƯỚNG' /
    'CHÍNH PHỦ', 'BAN CHỈ ĐẠO' / 'XÂY DỰNG ...')?"""
    prev = fold(" ".join(body))
    joined = f"{prev} {fold(line)}"
    if re.search(r"\b(?:va|cua|ve|cac)$", prev):
        return True
    # a province's name cut by a narrow column ('HỘI KHUYẾN HỌC TỈNH BẮC' / 'KẠN', '... TỈNH' / 'BẮC KẠN')
    place = re.search(r"\b(?:tinh|thanh pho)(?:\s+(.+))?$", prev)
    if place:
        before = place.group(1) or ""
        if (not before or known_province(before) is None) and known_province(f"{before} {line}".strip()):
            return True
    for head in _KNOWN_HEADS:
        if head.startswith(prev + " ") and (joined.startswith(head) or head.startswith(joined)):
            return True
    return prev in ("ban chi dao",)


def _recipient_items(line: str) -> list[str]:
    b = BULLET.match(line)
    item = b.group("rest") if b else line
    out: list[str] = []
    for piece in re.split(r";\s*", item):
        piece = _strip_item(piece)
        if piece:
            out.extend(expand_group(piece))
    return out


def _strip_item(text: str) -> str:
    return squash(text).strip(" ;,").removesuffix(".").strip()


_NAME_WORD = re.compile(r"^[A-ZĐÀ-Ỹ][a-zđà-ỹ]*$|^[A-ZĐÀ-Ỹ]+$|^H'[A-ZĐÀ-Ỹ]?[a-zđà-ỹ]*$")


def _looks_like_name(line: str) -> bool:
    """A person's name: 2 to 6 capitalised syllables, no digits or punctuation, no post;
    in capitals only when it is no post or body ('NGUYỄN VĂN AN')."""
    words = squash(line).split()
    if not 2 <= len(words) <= 6:
        return False
    if not all(_NAME_WORD.match(w) for w in words):
        return False
    if is_upper_text(line):
        return is_name_caps(line)
    if _starts_post(line) or _CLOSING_WORDS.match(line):
        return False
    return True


def _page_break_groups(paras: list[Paragraph]) -> list[list[Paragraph]]:
    """Group body paragraphs that a page break cut apart.

    A paragraph holding several items on lines of their own (text extracted without blank
    lines between paragraphs) is first cut at each item and at each table's edge. The next
    paragraph continues the previous one when it opens with no section or item marker and
    either starts in lower case or follows an item left without final punctuation."""
    groups: list[list[Paragraph]] = []
    for p in _split_items(paras):
        if groups and _continues(groups[-1], p):
            groups[-1].append(p)
        else:
            groups.append([p])
    return groups


_ATTACHED_TITLE = re.compile(r"^(?:PHỤ LỤC|Phụ lục|PHỤ BIỂU|Phụ biểu)\b(?P<num>\s+(?:số\s+)?[IVX\d]{1,5}\b)?")
_KEM_THEO = re.compile(r"^\(?\s*(?:Ban hành\s+)?kèm theo\b", re.IGNORECASE)


def _attached_parts(paras: list[Paragraph], body_end: int) -> list[tuple[str, int, int]]:
    """(path prefix, first, end) of each part after the signature: a plan or regulation issued
    with a decision (`KẾ HOẠCH` / `QUY ĐỊNH` ... `(Ban hành kèm theo Quyết định số ...)`) and
    each appendix (`PHỤ LỤC I`), its own header lines included, up to its own signature."""
    out: list[tuple[str, int, int]] = []
    i = body_end + 1
    appendices = 0
    while i < len(paras):
        first = squash(paras[i].lines[0])
        m = _ATTACHED_TITLE.match(first)
        titled = is_upper_text(first) and first in _TYPE_TITLES and first != "CÔNG VĂN"
        if not (m or titled or _KEM_THEO.match(first)):
            i += 1
            continue
        start = i
        # its header (issuer, motto) stands above its title
        while start - 1 > body_end and _is_part_header(paras[start - 1]):
            start -= 1
        end = i + 1
        while end < len(paras) and not (_NOI_NHAN.match(paras[end].lines[0]) or _MARK.match(paras[end].lines[0])
                                         or _ATTACHED_TITLE.match(squash(paras[end].lines[0]))):
            end += 1
        if m:
            appendices += 1
            num = (m.group("num") or "").replace("số", "").strip()
            prefix = f"PL{num or appendices}"
        else:
            prefix = ""
        out.append((prefix, start, end))
        i = end if end > i else i + 1
    return out


def _is_part_header(p: Paragraph) -> bool:
    return all(is_upper_text(ln) or _MOTTO.search(fold(ln)) or _NUMBER.match(ln) or _PLACE_DATE.match(ln)
               for ln in p.lines) and not any(_MARK.match(ln) for ln in p.lines)


def _split_items(paras: list[Paragraph]) -> list[Paragraph]:
    out: list[Paragraph] = []
    for p in paras:
        if "\n" not in p.text:
            out.append(p)
            continue
        cuts = [0]
        pos = 0
        prev_table: bool | None = None
        for line in p.text.split("\n"):
            s = line.strip()
            table = s.startswith("|")
            if prev_table is not None and s and (table != prev_table or (not table and _is_marker(s))):
                cuts.append(pos)
            if s:
                prev_table = table
            pos += len(line) + 1
        cuts.append(len(p.text))
        for a, b in zip(cuts, cuts[1:]):
            chunk = p.text[a:b]
            body = chunk.strip()
            if body:
                out.append(Paragraph(body, p.start + a + len(chunk) - len(chunk.lstrip())))
    return out


def _continues(group: list[Paragraph], nxt: Paragraph) -> bool:
    text = nxt.text
    if _is_marker(text) or _NOI_NHAN.match(text) or _MARK.match(text) or _ARCHIVE.match(text):
        return False
    prev_text = group[-1].text
    if is_table(text) or is_table(prev_text):
        return False
    starts_lower = text[:1].islower()
    head = group[0].text
    ended = bool(_TERMINAL.search(prev_text))
    kind = marker(head)
    if kind is not None and kind[0] in ("section", "apart", "part", "roman", "article"):
        return starts_lower and not ended
    if starts_lower:
        return True
    return not ended and kind is not None and kind[0] in ("letter", "bullet", "subitem")


def _is_marker(text: str) -> bool:
    return marker(text) is not None


def deadlines(text: str, doc_date: str | None = None) -> list[Record]:
    """Deadlines in a task's text (policykg.parse.deadlines), one-off (ISO date), recurring
    (--MM-DD) or kept as text with no date when they cannot be placed."""
    return find_deadlines(text, doc_date)


# one pass: alternatives longest first, so "người dân tộc thiểu số" wins over shorter overlaps
_TARGET_RX = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(g) for g in _TARGETS) + r")(?![\w])")


def target_groups(text: str) -> list[str]:
    seen: list[str] = []
    for m in _TARGET_RX.finditer(text.lower()):
        if m.group(0) not in seen:
            seen.append(m.group(0))
    return seen
