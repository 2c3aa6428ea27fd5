"""From the outline of a body to its tasks: who each numbered item, bullet, table row or
paragraph is assigned to, and which paragraphs are the closing orders.

The rules, each seen in real documents:
- a heading that names bodies (`1. Sở Giáo dục và Đào tạo`, `2. Giao Sở Y tế chủ trì, phối hợp
  với các đơn vị thực hiện các nội dung sau:`) gives one task per item under it, an item's own
  sub-items and bullets being part of its text; with no items, its paragraph (or its inline text,
  `3. Sở Tài chính tham mưu ...`) is the task;
- a heading that is a topic (`1. Công tác tuyên truyền`, `II. NHIỆM VỤ VÀ GIẢI PHÁP`, `Điều 2.
  Tổ chức thực hiện`) gives tasks only to the bodies its items name;
- an item that names no body at the start may assign inside (`1. Về kinh phí: giao Sở Tài chính
  ...`); a paragraph before the first item may too (`Chủ tịch UBND tỉnh giao Sở Y tế ...`),
  unless it is a lead-in (it ends with `:`) or a legal basis (`Căn cứ ...`);
- in a letter to named recipients, a numbered section naming no body anywhere under it
  (`1. Chỉ đạo sở giáo dục và đào tạo ...`, `3. Báo cáo kết quả`) is a duty of the recipients;
- an executing article (`Điều 3. Chánh Văn phòng ..., Giám đốc các Sở ... chịu trách nhiệm thi
  hành Quyết định này`) names the executors of a decision: no task;
- a paragraph after the tasks that orders them carried out (`Yêu cầu các Sở ... triển khai thực
  hiện`, `Trong quá trình thực hiện, nếu có khó khăn ...`, `Trên đây là Kế hoạch ...`) is a closing
  order, and so is each paragraph after it until the next item.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..text import squash
from .outline import Node, is_table
from .source import MappedText, Paragraph
from .deadlines import cell_deadline
from .tables import table_tasks
from .tasks import Assignment, bodies_of, executing, head_assignment, inline_assignment

_LEAD_IN = re.compile(r":\s*$")
# parts that state aims, requirements, grounds or results: nothing under them is a task
# ('I. MỤC ĐÍCH, YÊU CẦU' / '2. Yêu cầu' / '1. Sở, ban, ngành ... thực hiện đúng yêu cầu ...')
_NO_TASK_HEAD = re.compile(
    r"^(?:mục đích|yêu cầu|mục tiêu|quan điểm|sự cần thiết|căn cứ|cơ sở pháp lý|phạm vi|đối tượng|nguyên tắc"
    r"|tình hình|thực trạng|đánh giá|kết quả|giải thích từ ngữ|định hướng)"
    r"(?:[\s,;và-]+(?:mục đích|yêu cầu|mục tiêu|quan điểm|sự cần thiết|căn cứ|phạm vi|đối tượng|nguyên tắc"
    r"|điều chỉnh|áp dụng|chung|cụ thể|tổng quát|ban hành|xây dựng kế hoạch|thực hiện|đạt được|tình hình"
    r"|thực trạng|kết quả|áp dụng|định hướng|năm \d{4}|giai đoạn[\s\d–-]+))*[\s.:]*$",
    re.IGNORECASE,
)
# a lead-in that asks the recipients ('Bộ ... đề nghị Ủy ban nhân dân các tỉnh ... như sau:'), or a
# section that opens with a duty ('1. Chỉ đạo sở ...', '3. Báo cáo kết quả'), makes a section that
# names no body the recipients' duty; an approval ('1. Đồng ý ...') is none
_ASKS = re.compile(r"(?:^|\s)(?:đề nghị|yêu cầu|hướng dẫn|giao)\s(?!của\s|tại\s)", re.IGNORECASE)
# an approval or an appraisal asks nothing of anyone ('1. Thống nhất chủ trương đầu tư ...')
_NO_DUTY = re.compile(r"^(?:Đồng ý|Thống nhất|Chấp thuận|Cho phép|Đánh giá cao|Ghi nhận|Biểu dương|Hoan nghênh"
                      r"|Thông qua|Phê duyệt|Nhất trí)\b")
_DUTY_HEAD = re.compile(r"^(?:Chỉ đạo|Báo cáo|Tổ chức|Triển khai|Thực hiện|Rà soát|Chủ động|Tăng cường|Đẩy mạnh"
                        r"|Hướng dẫn|Xây dựng|Tiếp tục|Kiểm tra|Tuyên truyền|Bố trí|Tổng hợp)\b")
_CAN_CU = re.compile(r"^(?:Căn cứ|Xét|Theo đề nghị)\b")
# what only ever closes a letter: never a task of its own, even where no task came before
_ONLY_CLOSING = re.compile(r"trên đây là|trong quá trình (?:tổ chức |triển khai )?(?:thực hiện|triển khai)"
                           r"|thông\s*(?:báo|tin)\s*(?:[^.;]{0,80}?)?để\s*[^.;]{0,200}?biết", re.IGNORECASE)
_CLOSING_CUE = re.compile(
    r"(?:yêu cầu|đề nghị)\s+(?:các|giám đốc|thủ trưởng|chủ tịch|ủy ban|ubnd|sở|thủ tướng)"
    r"|(?:văn bản|công văn|kế hoạch|chỉ thị|quyết định|thông báo|hướng dẫn) này|trên đây là"
    r"|trong quá trình (?:tổ chức |triển khai )?(?:thực hiện|triển khai)|nếu có (?:khó khăn|vướng mắc|phát sinh)"
    # scans glue words ('xin thông báođể ... biết, thựchiện'): the spaces are optional
    r"|thông\s*(?:báo|tin)\s*(?:[^.;]{0,80}?)?để\s*[^.;]{0,200}?biết|biết,?\s*(?:và\s+)?thực\s*hiện"
)


@dataclass
class Task:
    """A task as found: its path, bodies, and where its text stands in the joined text."""

    path: str
    assignees: list[str]
    request: bool
    start: int  # offset in the joined text
    end: int
    text: str
    closing: bool = False
    lead: str | None = None  # given by a table's lead column; else read from the text
    cooperating: list[str] | None = None  # given by a table's cooperating column
    deadlines: list[dict[str, Any]] = field(default_factory=list)
    grown: bool = False  # its text grew over more paragraphs than the first


@dataclass
class _Owner:
    bodies: list[str]
    request: bool


class Walk:
    """One pass over an outline, collecting tasks, closing orders and executors."""

    def __init__(self, text: MappedText, closing: Callable[[Paragraph, int], Task], recipients: list[str],
                 verbs_only: bool = False) -> None:
        self.text = text
        # a report or a submission tells what bodies did or propose: only a verb of assignment
        # ('Đề nghị Bộ Tài chính ...', 'Kiến nghị ...') gives a task there, never a heading alone
        self.verbs_only = verbs_only
        self.make_closing = closing
        self.recipients = recipients
        self.tasks: list[Task] = []
        self.closing: list[Task] = []
        self.executors: list[str] = []
        self._paths: set[str] = set()
        self._in_closing = False
        self._asks = False  # the body's lead-in asks something of the recipients
        self._sink: Task | None = None  # the closing order later paragraphs continue

    # -- paths ------------------------------------------------------------------------------
    def _path(self, path: str) -> str:
        """A task's path, unique in the document (a second '2' becomes '2-2')."""
        if path not in self._paths:
            self._paths.add(path)
            return path
        n = 2
        while f"{path}-{n}" in self._paths:
            n += 1
        self._paths.add(f"{path}-{n}")
        return f"{path}-{n}"

    @staticmethod
    def child_path(node: Node, parent: str, part: str, ordinal: int) -> str:
        if node.kind in ("apart", "part", "subpart"):
            return f"{parent}.{node.label}" if parent else node.label
        if node.kind == "article":
            return f"{parent}.Đ{node.label}" if parent else f"Đ{node.label}"
        if node.kind == "subitem":
            return f"{part}.{node.label}" if part else node.label
        if node.kind == "section":
            return f"{part}.{node.label}" if part else node.label
        if node.kind in ("letter", "numparen"):
            return f"{parent}.{node.label}" if parent else node.label
        return f"{parent}.{ordinal}" if parent else str(ordinal)

    # -- building tasks ---------------------------------------------------------------------
    def _add(self, path: str, owner: _Owner, p: Paragraph, at: int, end_para: Paragraph | None = None,
             **extra: Any) -> Task:
        end = (end_para or p).end
        start = p.start + at
        task = Task(self._path(path), list(owner.bodies), owner.request, start, end,
                    squash(self.text.text[start:end]), **extra)
        self.tasks.append(task)
        self._in_closing = False
        return task

    def _extend(self, task: Task, p: Paragraph) -> None:
        # the text is read once the walk is over (finish): re-reading it at each paragraph
        # would make a task of many bullets cost the square of its length
        task.end = p.end
        task.grown = True

    def finish(self) -> None:
        """Read the text of every task that grew over several paragraphs."""
        for task in self.tasks + self.closing + ([self._sink] if self._sink else []):
            if task.grown:
                task.text = squash(self.text.text[task.start:task.end])
                task.grown = False

    def _closing_para(self, p: Paragraph) -> bool:
        """Is this paragraph a closing order (or part of one)? Adds it when so."""
        if not (self.tasks or self.closing):
            return False
        if _CLOSING_CUE.search(p.text.lower()):
            order = self.make_closing(p, len(self.closing))
            # an order to no body ('Chỉ thị này được phổ biến đến chi bộ') is read, not kept
            if order.assignees:
                self.closing.append(order)
            self._sink = order
            self._in_closing = True
            return True
        if self._in_closing and self._sink is not None:
            self._extend(self._sink, p)
            return True
        return False

    def _table(self, p: Paragraph, path: str) -> int:
        found = 0
        for row in table_tasks(p.text):
            bodies = bodies_of(row.lead) or [row.lead]
            coop = bodies_of(row.cooperating) if row.cooperating else []
            if row.cooperating and not coop:
                coop = [row.cooperating]
            due = cell_deadline(row.time, squash(row.text)) if row.time else None
            dls = [due] if due else []
            start = p.start + row.start
            task = Task(self._path(f"{path}.{row.label}" if path else row.label), bodies, False, start,
                        p.start + row.end, squash(row.text),
                        lead=bodies[0] if row.lead_is_chu_tri else None, cooperating=coop, deadlines=dls)
            self.tasks.append(task)
            found += 1
        self._in_closing = False if found else self._in_closing
        return found

    # -- the walk ---------------------------------------------------------------------------
    def root(self, tree: Node, prefix: str) -> None:
        """The whole body (or an attached part, its paths under `prefix`)."""
        self._in_closing = False
        self._topic(tree, prefix, prefix, top=True)

    def _topic(self, node: Node, path: str, part: str, top: bool = False) -> None:
        """A node that names no body: its items and paragraphs name their own."""
        ordinals: dict[str, int] = {}
        seen_item = False
        loose = 0  # tasks in unnumbered paragraphs, numbered in order
        for e in node.entries:
            if isinstance(e, Paragraph):
                if is_table(e.text):
                    self._table(e, path)
                    continue
                if self._closing_para(e):
                    continue
                if top and seen_item:
                    continue
                if _LEAD_IN.search(e.text) and top:
                    self._asks = bool(_ASKS.search(e.text))
                if _LEAD_IN.search(e.text) or _CAN_CU.match(e.text) or _ONLY_CLOSING.search(e.text):
                    continue
                a = self._head(e.text) or _inline(e.text)
                if a is not None:
                    if not path:
                        loose += 1
                    at = a.at if a.start == 0 and self._head(e.text) is not None else 0
                    self._add(path or str(loose), _Owner(a.bodies, a.request), e, at)
                continue
            seen_item = True
            ordinals[e.kind] = ordinals.get(e.kind, 0) + 1
            self._item(e, path, part, ordinals[e.kind], top)

    def _head(self, text: str) -> Assignment | None:
        a = head_assignment(text)
        return None if a is not None and self.verbs_only and not a.verb else a

    def _item(self, node: Node, parent: str, part: str, ordinal: int, top: bool) -> None:
        path = self.child_path(node, parent, part, ordinal)
        sub_part = path if node.kind in ("apart", "part", "article", "subpart") else part
        head = node.head
        if node.kind == "article":
            who = executing(head)
            if who is not None:
                for name in who:
                    if name not in self.executors:
                        self.executors.append(name)
                return
        if _NO_TASK_HEAD.match(squash(head)):
            return
        a = self._head(head)
        whole = False
        if a is None and node.kind not in ("apart", "part", "subpart"):
            a = _inline(head)
            whole = a is not None
        if a is None:
            before = len(self.tasks)
            closing_before = len(self.closing)
            self._topic(node, path, sub_part)
            if (len(self.tasks) == before and self.recipients and top and node.kind == "section" and not self.verbs_only
                    and (self._asks or _DUTY_HEAD.match(head)) and not _NO_DUTY.match(head)):
                # a letter's section naming no body is a duty of the letter's recipients; a
                # closing order read inside it is read again after its tasks
                del self.closing[closing_before:]
                self._in_closing = False
                self._sink = None
                self._assigned(node, path, sub_part, _Owner(list(self.recipients), False),
                               inline_at=None if node.entries else node.at)
            return
        owner = _Owner(a.bodies, a.request)
        rest = a.rest.strip()
        if whole:
            inline_at = node.at
        elif rest and not (_LEAD_IN.search(rest) and node.children):
            inline_at = node.at + a.at
        else:
            inline_at = None
        if whole and _LEAD_IN.search(head.rstrip()) and node.children:
            inline_at = None
        self._assigned(node, path, sub_part, owner, inline_at)

    def _assigned(self, node: Node, path: str, part: str, owner: _Owner, inline_at: int | None) -> None:
        """A node whose heading names its bodies: its items are their tasks."""
        own: Task | None = None
        if inline_at is not None and node.para is not None:
            own = self._add(path, owner, node.para, inline_at)
        last = own
        ordinals: dict[str, int] = {}
        for e in node.entries:
            if isinstance(e, Paragraph):
                if is_table(e.text):
                    self._table(e, path)
                    continue
                if last is None:
                    last = self._add(path, owner, e, 0)
                    continue
                if self._closing_para(e):
                    continue
                self._extend(last, e)
                continue
            ordinals[e.kind] = ordinals.get(e.kind, 0) + 1
            child = self.child_path(e, path, part, ordinals[e.kind])
            if e.children and _LEAD_IN.search(e.head.rstrip()) and head_assignment(e.head) is None:
                # a sub-heading ('1.1. Về công tác tuyên truyền:'): its items are the tasks
                self._assigned(e, child, part, owner, None)
                last = self.tasks[-1] if self.tasks else last
                continue
            task = self._add(child, owner, e.para, e.at)
            self._absorb(task, e)
            last = task

    def _absorb(self, task: Task, node: Node) -> None:
        """An item's sub-items and paragraphs are its task's text, up to a closing order."""
        for e in node.entries:
            if isinstance(e, Node):
                if self._in_closing:
                    return
                self._extend(task, e.para)
                self._absorb(task, e)
            elif is_table(e.text):
                self._table(e, task.path)
            elif not self._closing_para(e):
                self._extend(task, e)


def _inline(text: str) -> Assignment | None:
    return inline_assignment(text)
