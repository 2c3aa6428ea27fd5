"""The outline of a document's body: parts, articles, sections, items and bullets as a tree.

Vietnamese official documents number their body in a few fixed kinds of marker: roman parts
(`III. TỔ CHỨC THỰC HIỆN`, `Chương II`), articles (`Điều 2.`), sections (`1.`), numbered items
(`1.1.`), lettered items (`a)`) and bullets (`-`, `+`, `•`). The ranked kinds nest in that
order; letters and bullets nest by what opened them (a `+` under a `-` is its child, the next
`-` its sibling), since offices use them at any depth. A paragraph without a marker belongs to
the item open above it. Tables (markdown pipe rows) are paragraphs of their own."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .source import Paragraph

ROMAN = re.compile(r"^(?P<num>[IVX]{1,5})\s*\.\s+(?P<rest>.+)$", re.DOTALL)
CHAPTER = re.compile(r"^(?:Chương|CHƯƠNG|Phần|PHẦN)\s+(?P<num>[IVX]{1,5}|\d{1,2})\b\s*[.:\-–]?\s*(?P<rest>.*)$",
                     re.DOTALL)
# "A. NHIỆM VỤ CHỦ YẾU", "B. TỔ CHỨC THỰC HIỆN": the largest parts of a long directive
LETTER_PART = re.compile(r"^(?P<num>[A-H])\s*\.\s+(?P<rest>[A-ZĐÀ-Ỹ].*)$", re.DOTALL)
ARTICLE = re.compile(r"^Điều\s+(?P<num>\d{1,3})\s*[.:]\s*(?P<rest>.*)$", re.DOTALL)
SECTION = re.compile(r"^(?P<num>\d{1,2})\s*\.(?!\d)\s*(?P<rest>.*)$", re.DOTALL)
SUBITEM = re.compile(r"^(?P<a>\d{1,2})\.(?P<b>\d{1,2})(?:\.(?P<c>\d{1,2}))?\.?(?!\d)\s+(?P<rest>.+)$", re.DOTALL)
NUM_PAREN = re.compile(r"^(?P<num>\d{1,2})\s*\)\s*(?P<rest>.+)$", re.DOTALL)
LETTER = re.compile(r"^(?P<l>[a-eghik-vxyđ])\s*\)\s*(?P<rest>.+)$", re.DOTALL)
BULLET = re.compile(r"^(?P<b>[-+•–*●▪◦·])\s+(?P<rest>.+)$", re.DOTALL)
TABLE_ROW = re.compile(r"^\|")

# Ranked kinds nest in this order; the others nest by what opened them.
_RANK = {"apart": -1, "part": 0, "article": 1, "subpart": 1.5, "section": 2, "subitem": 3}


@dataclass
class Node:
    """One numbered or bulleted item: its marker, the paragraph it opens, and what it holds
    (child nodes and unmarked paragraphs, in reading order)."""

    kind: str  # root, apart, part, article, subpart, section, subitem, numparen, letter, dash, plus, star
    label: str  # 'III', '2', '1.2', 'a', '' for a bullet
    para: Paragraph | None
    at: int = 0  # where the text after the marker starts, in para.text
    entries: list["Node | Paragraph"] = field(default_factory=list)

    @property
    def head(self) -> str:
        return self.para.text[self.at:] if self.para is not None else ""

    @property
    def children(self) -> list["Node"]:
        return [e for e in self.entries if isinstance(e, Node)]

    def last_paragraph(self) -> Paragraph | None:
        """The last paragraph of the node's subtree (where its text ends)."""
        for e in reversed(self.entries):
            if isinstance(e, Node):
                return e.last_paragraph() or e.para
            return e
        return self.para


def marker(text: str) -> tuple[str, str, int] | None:
    """(kind, label, offset of the text after the marker) of a paragraph, or None."""
    m = ARTICLE.match(text)
    if m:
        return "article", m.group("num"), m.start("rest")
    m = LETTER_PART.match(text)
    if m:
        return "apart", m.group("num"), m.start("rest")
    m = CHAPTER.match(text)
    if m:
        return "part", m.group("num"), m.start("rest")
    m = ROMAN.match(text)
    if m and not LETTER.match(text):
        return "roman", m.group("num"), m.start("rest")
    m = SUBITEM.match(text)
    if m:
        label = f"{m.group('a')}.{m.group('b')}" + (f".{m.group('c')}" if m.group("c") else "")
        return "subitem", label, m.start("rest")
    m = SECTION.match(text)
    if m:
        return "section", m.group("num"), m.start("rest")
    m = NUM_PAREN.match(text)
    if m:
        return "numparen", m.group("num"), m.start("rest")
    m = LETTER.match(text)
    if m:
        return "letter", m.group("l"), m.start("rest")
    m = BULLET.match(text)
    if m:
        kind = {"-": "dash", "–": "dash", "+": "plus"}.get(m.group("b"), "star")
        return kind, "", m.start("rest")
    return None


def is_table(text: str) -> bool:
    return bool(TABLE_ROW.match(text))


def outline(paras: list[Paragraph]) -> Node:
    """The tree of a body's paragraphs. One pass with a stack: linear in the paragraphs."""
    root = Node("root", "", None)
    stack = [root]
    for p in paras:
        mk = None if is_table(p.text) else marker(p.text)
        if mk is None:
            stack[-1].entries.append(p)
            continue
        kind, label, at = mk
        if kind == "roman":
            # 'I. Quan điểm' under 'Điều 1. Phê duyệt ... như sau:' is a part of the article
            kind = "subpart" if any(n.kind == "article" for n in stack) else "part"
        if kind in _RANK:
            while len(stack) > 1 and (stack[-1].kind not in _RANK or _RANK[stack[-1].kind] >= _RANK[kind]):
                stack.pop()
        else:
            same = [i for i in range(1, len(stack)) if stack[i].kind == kind]
            if same:
                del stack[same[-1]:]
        node = Node(kind, label, p, at)
        stack[-1].entries.append(node)
        stack.append(node)
    return root
