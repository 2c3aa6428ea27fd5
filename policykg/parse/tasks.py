"""Assignment phrases: who a piece of a document's body gives a task to.

A task names its bodies in one of a few ways, all seen in real documents: a heading that is
the list of bodies (`1. Sở Giáo dục và Đào tạo`, `3. Sở Tài chính chủ trì, ...`); a verb of
assignment before it (`Giao Sở Y tế chủ trì ...`, `Yêu cầu Bộ Công an ...`, `Đề nghị Ủy ban Mặt
trận ...`, `Giao Giám đốc: Sở A, Sở B, Đài C phối hợp ...`); or such a verb inside the item
(`1. Về công tác tiêm chủng: giao Sở Y tế ...`, `Chủ tịch UBND tỉnh giao Sở Nội vụ ...`). A post
before a body (`Giám đốc Sở Y tế`, `Chủ tịch UBND các huyện`) names the body it heads."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon import NOT_BODIES
from ..text import squash
from .bodies import expand_group, split_before_verb, split_bodies, starts_body


@dataclass
class Assignment:
    bodies: list[str]
    request: bool
    at: int  # where the task's own text starts in the text searched (after the names)
    start: int  # where the assignment phrase starts (its verb, or the first name)
    rest: str  # the text after the names
    verb: bool = False  # named after a verb of assignment ('Giao', 'Đề nghị'), not by a heading alone


_LEAD_VERB = re.compile(r"(?P<v>Giao|Yêu cầu|Đề nghị|Kiến nghị)(?:\s+cho)?\s+")
# a heading naming whose duties follow: 'Trách nhiệm của Sở Y tế', 'Đối với Ủy ban nhân dân các huyện:'
_DUTIES_OF = re.compile(r"(?:Trách nhiệm|Nhiệm vụ|Đối với|Về phía)(?:\s+của)?\s+")
# "Sở Y tế đã tổ chức ...": what a body did (a report), not what it is to do; "Chính phủ thống
# nhất đánh giá ...", "Chủ tịch UBND tỉnh ban hành Quyết định ...": what the issuer states or enacts
_DONE = re.compile(r"(?:đã|đang|vừa|cũng đã)\s")
_STATEMENT = re.compile(r"(?:thống nhất|nhất trí|đồng ý|ghi nhận|đánh giá cao|cho rằng|nhận định|biểu dương"
                        r"|hoan nghênh|quyết nghị|quyết định:|có ý kiến|kết luận|ban hành\s+(?:Quyết định|Thông tư"
                        r"|Nghị quyết|Chỉ thị|Kế hoạch|Quy định|Quy chế|văn bản|kèm theo))", re.IGNORECASE)
# inside a sentence: "... UBND tỉnh giao Sở ...", "; đề nghị các Phòng ..."; not "được giao",
# "bàn giao", "chuyển giao" (a handing over), nor "giao thông"/"giao dịch" (no body follows)
_INLINE_VERB = re.compile(
    r"(?<![\w])(?<!được )(?<!bàn )(?<!chuyển )(?<!đã )(?P<v>[Gg]iao|[Yy]êu cầu|[Đđ]ề nghị|[Kk]iến nghị)(?:\s+cho)?\s+"
)
# "Giám đốc:" / "Thủ trưởng các đơn vị:" before a list of bodies
_POST_LIST = re.compile(r"(?:Giám đốc|Thủ trưởng|Chủ tịch|Lãnh đạo)(?:\s+các)?\s*:\s*")
_POSTS = ("Tổng Giám đốc ", "Giám đốc ", "Thủ trưởng ", "Chủ tịch ", "Bộ trưởng ", "Cục trưởng ",
          "Vụ trưởng ", "Viện trưởng ", "Chánh ", "Trưởng ", "Lãnh đạo ")
_EXECUTE = re.compile(
    r"\s(?:chịu trách nhiệm|có trách nhiệm)\s+(?:tổ chức\s+)?(?:thi hành|thực hiện)\b[^.;]{0,160}?"
    r"(?:Quyết định|Nghị quyết|Chỉ thị|Quy định|Quy chế|văn bản)\s+này"
    r"|\s(?:chịu trách nhiệm|có trách nhiệm)\s+thi hành"
    r"|\s(?:căn cứ\s+)?(?:Quyết định|Nghị quyết|Chỉ thị)(?:\s+này)?\s+thi hành"
    r"|\sthi hành\s+(?:Quyết định|Nghị quyết|Chỉ thị)\s+này",
    re.IGNORECASE,
)
# "Các Ông (Bà) Chánh Văn phòng ...": the persons holding the posts
_HOLDERS = re.compile(r"^\s*(?:Các\s+)?(?:Ông|ông)\s*(?:\(\s*Bà\s*\)|/\s*Bà|,\s*Bà)?\s*")


def is_body(piece: str) -> bool:
    """A piece of text that opens with a body's name, not with an activity that looks like one
    ('Báo cáo kết quả', 'Hội nghị sơ kết', 'Phòng, chống dịch')."""
    piece = piece.lstrip()
    for word in NOT_BODIES:
        if piece.startswith(word) and (len(piece) == len(word) or not piece[len(word)].isalpha()):
            return False
    return starts_body(piece)


def body_name(name: str) -> str:
    """'Giám đốc Sở Y tế' -> 'Sở Y tế', 'Chánh Văn phòng UBND tỉnh' -> 'Văn phòng UBND tỉnh':
    the body a post heads; a name without a post is kept as written."""
    for post in _POSTS:
        if name.startswith(post):
            rest = name[len(post):]
            if is_body(rest):
                return rest
    return name


def bodies_of(names: str) -> list[str]:
    """The bodies a list of names gives: posts dropped, grouped forms expanded
    ('Giám đốc các Sở: Tài chính, Y tế' -> 'Sở Tài chính', 'Sở Y tế')."""
    out: list[str] = []
    for piece in split_bodies(names):
        piece = body_name(piece)
        group = re.match(r"^các\s+(?P<rest>\S.*:.*)$", piece)
        for name in expand_group("Các " + group.group("rest") if group else piece):
            if name not in out:
                out.append(name)
    return out


def head_assignment(text: str) -> Assignment | None:
    """The bodies an item's text opens with, after a verb of assignment if there is one."""
    flat = text.replace("\n", " ")
    pos = 0
    request = False
    m = _LEAD_VERB.match(flat)
    if m:
        request = m.group("v") in ("Đề nghị", "Kiến nghị")
        pos = m.end()
    duties = _DUTIES_OF.match(flat) if m is None else None
    if duties:
        pos = duties.end()
    found = _names_at(flat, pos, request, 0)
    if found is None:
        return None
    if m is None:
        if _DONE.match(found.rest) or _STATEMENT.match(found.rest):
            return None
        # 'Sở Giáo dục và Đào tạo đề nghị các đơn vị ...': the issuer speaks, the bodies after
        # its verb of assignment are the assignees
        v = _INLINE_VERB.search(flat, pos, found.at + 1)
        if v is not None:
            inner = _names_at(flat, v.end(), v.group("v").casefold() in ("đề nghị", "kiến nghị"), v.start())
            if inner is not None:
                inner.verb = True
                return inner
    found.verb = m is not None or duties is not None
    return found


def inline_assignment(text: str) -> Assignment | None:
    """The first verb of assignment inside a text that a body's name follows."""
    flat = text.replace("\n", " ")
    for m in _INLINE_VERB.finditer(flat):
        found = _names_at(flat, m.end(), m.group("v").casefold() in ("đề nghị", "kiến nghị"), m.start())
        if found is not None:
            found.verb = True
            return found
    return None


def _names_at(flat: str, pos: int, request: bool, start: int) -> Assignment | None:
    p = _POST_LIST.match(flat, pos)
    if p:
        pos = p.end()
    # a look at the next words first: copying the rest of the text at every verb or comma
    # tried would cost the square of its length
    if not is_body(flat[pos:pos + 80]):
        return None
    rest = flat[pos:]
    names, inline = split_before_verb(rest)
    names = names.rstrip(" :")
    bodies = bodies_of(names)
    if not bodies:
        return None
    at = len(flat) - len(inline) if inline else len(flat.rstrip())
    return Assignment(bodies, request, at, start, inline)


def executing(text: str) -> list[str] | None:
    """The bodies an executing article names ('Chánh Văn phòng UBND tỉnh, Giám đốc các Sở ...,
    Chủ tịch UBND các huyện ... chịu trách nhiệm thi hành Quyết định này'), or None."""
    flat = " " + text.replace("\n", " ")
    m = _EXECUTE.search(flat)
    if m is None:
        return None
    names = flat[:m.start()]
    names = re.sub(r"^\s*(?:Tổ chức thực hiện|Trách nhiệm thi hành)\s*[.:]?\s*", "", names)
    names = _HOLDERS.sub("", names)
    names = re.sub(r"\s*(?:và\s+)?(?:các\s+)?(?:tổ chức|cơ quan, tổ chức), cá nhân\b.*$", "", names)
    return bodies_of(squash(names))


_CLAUSE_START = re.compile(r"(?:^|[,;:]\s+)")
_FOR = re.compile(r"(?:\s|(?<=[a-zđà-ỹ]))(?:để|giúp)\s+")


def clause_bodies(text: str) -> Assignment | None:
    """The first list of bodies that opens a clause ('Trong quá trình thực hiện, nếu có khó khăn,
    các cơ quan, đơn vị phản ánh về ...'; '... thông báo để các cơ quan, đơn vị biết'): who a
    closing order without a verb of assignment speaks to."""
    flat = text.replace("\n", " ")
    # '... thông báo để các cơ quan, đơn vị biết': the audience, not the office that speaks
    for m in _FOR.finditer(flat):
        found = _names_at(flat, m.end(), False, m.end())
        if found is not None:
            return found
    for m in _CLAUSE_START.finditer(flat):
        found = _names_at(flat, m.end(), False, m.end())
        if found is not None:
            return found
    return None
