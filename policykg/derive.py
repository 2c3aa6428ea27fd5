"""Task-to-task derivation: which task of a higher document each task of a letter carries out.

A district letter implementing its province's letter hands the province's tasks down to its own
offices; a Sở's plan splits the tasks its UBND gave it among its units; a province's letter
carries the Prime Minister's directive's tasks. When both documents are in the corpus, each
task (closing order, reporting duty) of the lower one is linked to the task or tasks of the
higher one it carries out, each link a pkg:Derivation with relation `carries-out`:

- `stated`, where the task names the item ("theo nhiệm vụ tại điểm a khoản 2 Công văn số
  3597/UBND-KGVX", "nhiệm vụ được giao tại mục 7"; policykg.parse.references);
- `inferred`, with a score, otherwise: among the higher tasks whose assignee is the lower
  document's issuer itself ("Ủy ban nhân dân các huyện, thành phố" for a district's UBND,
  "... các tỉnh, thành phố trực thuộc Trung ương" for a province's, the Sở for the Sở's own
  plan) or the same line one level up from the lower task's assignee (Sở -> Phòng, Bộ -> Sở, Hội
  Khuyến học tỉnh -> huyện), the best by text similarity (policykg.align.TfIdf), with a little
  for cited documents, target groups and, for reporting duties, the body reported to.

Closing orders carry the higher document's closing order; reporting duties carry its reporting
duties; other tasks carry its other tasks. The candidates of a letter are the tasks of the
documents it implements only (an index by document, never all pairs), so the cost follows the
letters that implement a letter of the corpus."""

from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rdflib import Literal, URIRef

from .align import TfIdf
from .build import INFERRED_GRAPH, LiteralMaker, derivation, short_evidence
from .iri import expand_abbreviations, is_central, task_iri
from .parse.references import ItemRef, item_references
from .text import fold

RELATION = "carries-out"
# Measured on tests/data/lineage/gold.json (tests/test_derive.py prints the sweep): overall
# precision 0.99 and recall 0.98 from 0.10 to 0.25, recall falling above (0.96 at 0.30, 0.88 at
# 0.40) and precision below (0.98 at 0.05); 0.20 sits in that plateau, on the side of precision.
THRESHOLD = 0.20
# a second parent is kept only when it scores nearly as well as the best
SECOND_RATIO = 0.9
MAX_PARENTS = 2
EVIDENCE_PART = 110
# what the structure alone says: a closing order for a closing order, a reporting duty for a
# reporting duty addressed to the letter's issuer (reporting duties are worded alike whatever
# the task, so their wording says little)
CLOSING_PRIOR = 0.5
REPORT_PRIOR = 0.15
MAIN_WORDS = 5  # fewer words beside a report are no task of their own ("Tổng hợp, báo cáo ...")

CENTRAL, PROVINCE, DISTRICT, COMMUNE = 0, 1, 2, 3


@dataclass(frozen=True)
class ItemFacts:
    """A task or closing obligation as derivation sees it."""

    path: str
    text: str
    assignees: tuple[str, ...]
    closing: bool = False
    cites: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    refs: tuple[ItemRef, ...] = ()
    # its text without the clauses that report ("...; báo cáo kết quả về ..."), None when that is
    # the whole text (most tasks: the facts cross from the build's workers, pickled, once less)
    main_part: str | None = None
    report: str = ""  # those clauses: its reporting duty, if it has one
    has_main: bool = True  # whether it has work of its own beside its report

    @property
    def main(self) -> str:
        return self.text if self.main_part is None else self.main_part

    @property
    def reporting(self) -> bool:
        return bool(self.report)


def split_reporting(text: str) -> tuple[str, str]:
    """A task's text as (what it is to do, what it is to report): clauses, cut at ';' and '.',
    that say 'báo cáo' are its reporting duty."""
    clauses = [c.strip() for c in re.split(r"[;.](?:\s|$)", text) if c.strip()]
    report = [c for c in clauses if "bao cao" in fold(c)]
    return "; ".join(c for c in clauses if c not in report), "; ".join(report)


@dataclass(frozen=True)
class LetterFacts:
    """A letter of the corpus as derivation sees it: what it is, what it implements, its items."""

    doc: str
    number: str
    graph: str  # the named graph its own facts are in: where its stated links go too
    issuer: str
    level: int  # CENTRAL, PROVINCE or DISTRICT
    implements: tuple[str, ...]  # the documents it implements (IRIs)
    cited: dict[str, str] = field(default_factory=dict)  # number -> IRI of what it cites
    scope: tuple[ItemRef, ...] = ()  # items its opening names ("các nhiệm vụ được giao tại Mục 1")
    items: tuple[ItemFacts, ...] = ()


@dataclass(frozen=True)
class Link:
    child: str
    parent: str
    basis: str
    score: float | None
    evidence: str
    graph: str


def letter_facts(rec: dict[str, Any], text: str, doc: str, graph: str, cited: dict[str, Any],
                 implemented: Sequence[Any], district: bool) -> LetterFacts:
    """The facts derivation needs from a record (`rec`, its source `text`), as the build made its
    document `doc`, named graph `graph`, citations (number -> document) and implemented documents."""
    issuer = rec.get("issuer") or ""
    level = CENTRAL if is_central(issuer) else DISTRICT if district else PROVINCE
    implements = {str(d) for d in implemented}
    starts = [t["span"][0] for t in rec["tasks"] + rec["closing"] if t.get("span")]
    opening = text[:min(starts)] if starts else ""
    scope = tuple(r for r in item_references(opening) if r.quote.casefold().startswith(("nhiệm vụ", "nội dung")))
    items = []
    for t, closing in [(t, False) for t in rec["tasks"]] + [(t, True) for t in rec["closing"]]:
        cites = frozenset(str(cited[c]) for c in t["cites"] if c in cited and str(cited[c]) not in implements)
        names = tuple(t["assignees"]) + ((t["lead"],) if t.get("lead") and t["lead"] not in t["assignees"] else ())
        main, report = split_reporting(t["text"])
        items.append(ItemFacts(t["path"], t["text"], names, closing, cites, frozenset(t["target_groups"]),
                               tuple(item_references(t["text"])), main if report else None, report,
                               len(main.split()) >= MAIN_WORDS))
    return LetterFacts(doc, rec.get("number") or "", graph, issuer, level, tuple(sorted(implements)),
                       {k: str(v) for k, v in cited.items()}, scope, tuple(items))


# --- who a task is for ------------------------------------------------------------------------

_LINES = (
    ("giao duc va dao tao", "giáo dục"), ("giao duc", "giáo dục"),
    ("lao dong - thuong binh", "lao động"), ("lao dong, thuong binh", "lao động"),
    ("tai chinh", "tài chính"), ("thong tin va truyen thong", "thông tin"), ("van hoa va thong tin", "thông tin"),
    ("van hoa - thong tin", "thông tin"), ("van hoa, the thao", "văn hóa"), ("van hoa va the thao", "văn hóa"),
    ("noi vu", "nội vụ"), ("ke hoach va dau tu", "kế hoạch"), ("y te", "y tế"),
)
_LEVEL_WORDS = (("viet nam", CENTRAL), ("trung uong", CENTRAL), ("tinh", PROVINCE), ("huyen", DISTRICT),
                ("thanh pho truc thuoc", PROVINCE), ("xa", COMMUNE))


def _sector(rest: str) -> str | None:
    for key, line in _LINES:
        if rest.startswith(key):
            return line
    return None


@lru_cache(maxsize=16384)
def body_line(name: str, default_level: int) -> tuple[str, int] | None:
    """The line of work a body belongs to and its level: 'Sở Giáo dục và Đào tạo' -> ('giáo dục',
    PROVINCE), 'Phòng Giáo dục và Đào tạo' -> ('giáo dục', DISTRICT), 'Ủy ban nhân dân các huyện,
    thành phố' -> ('ủy ban nhân dân', DISTRICT), 'Hội Khuyến học tỉnh' -> ('khuyến học', PROVINCE).
    `default_level` is the level of a body the name places nowhere (a district letter's 'Hội
    Khuyến học huyện' says so; its 'Đài Truyền thanh' does not). None for a body of no known line."""
    f = fold(expand_abbreviations(name))
    f = re.sub(r"^(?:chu tich|giam doc|thu truong|truong phong|tong bien tap)\s+", "", f)
    m = re.match(r"(?:uy ban nhan dan|ubnd)\s+(?:cac\s+|cap\s+)?(tinh|huyen|xa|thanh pho truc thuoc)", f)
    if m:
        return "ủy ban nhân dân", dict(_LEVEL_WORDS)[m.group(1)]
    if f.startswith("so "):
        line = _sector(f[3:])
        return (line, PROVINCE) if line else None
    if f.startswith("phong ") and "thuoc so" not in f:
        line = _sector(f[6:])
        return (line, DISTRICT) if line else None
    if f.startswith("bo ") and not f.startswith("bo truong"):
        line = _sector(f[3:])
        return (line, CENTRAL) if line else None
    for key, line in (("hoi khuyen hoc", "khuyến học"), ("mat tran to quoc", "mặt trận"),
                      ("hoi lien hiep phu nu", "phụ nữ"), ("doan thanh nien", "đoàn"), ("huyen doan", "đoàn"),
                      ("tinh doan", "đoàn"), ("dai phat thanh", "thông tin"), ("trung tam van hoa", "thông tin"),
                      ("dai truyen thanh", "thông tin")):
        if key in f:
            if key in ("huyen doan",):
                return line, DISTRICT
            if key == "tinh doan":
                return line, PROVINCE
            if "trung uong" in f or f.endswith("viet nam") and key != "mat tran to quoc":
                return line, CENTRAL
            for word, level in _LEVEL_WORDS[2:]:
                if re.search(rf"\b{word}\b", f.split(key, 1)[1]):
                    return line, level
            return line, default_level
    return None


def _compatible(higher: ItemFacts, h_doc: LetterFacts, task: ItemFacts, lower: LetterFacts) -> str | None:
    """Why `task` of `lower` may carry out `higher` of `h_doc`, or None: the reason in words."""
    if higher.closing:
        return "yêu cầu chung của văn bản cấp trên" if task.closing or task.reporting else None
    return _assigned_down(higher.assignees, h_doc.level, task.assignees, lower.issuer, lower.level)


@lru_cache(maxsize=65536)
def _assigned_down(higher: tuple[str, ...], h_level: int, lower: tuple[str, ...], issuer_name: str,
                   level: int) -> str | None:
    """A pure function of the names, cached: letters name the same few bodies."""
    issuer = body_line(issuer_name, level)
    for a in higher:
        la = body_line(a, h_level)
        if la is None:
            continue
        if issuer is not None and la == issuer:
            return f"giao {a}"
        for b in lower:
            lb = body_line(b, level)
            if lb is not None and lb[0] == la[0] and lb[1] == la[1] + 1 and la[0] != "ủy ban nhân dân":
                return f"cùng ngành, cấp dưới: {a} → {b}"
    return None


_RECIPIENT = re.compile(r"bao cao(?:\s+\S+){0,5}?\s+(?:ve\s+|len\s+)?(so|bo|uy ban nhan dan|ubnd|thu tuong|phong|hoi)"
                        r"\s*(\S+(?:\s+\S+)?)?")


@lru_cache(maxsize=16384)
def _recipient(text: str) -> str | None:
    """The body a reporting duty reports to, as a key of its kind and line ('so giao duc')."""
    m = _RECIPIENT.search(fold(text))
    if not m:
        return None
    kind, rest = m.group(1), (m.group(2) or "")
    if kind in ("uy ban nhan dan", "ubnd"):
        return "ubnd " + rest.split(" ")[0]
    return f"{kind} {rest.split(' ')[0]}"


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


# --- the links ----------------------------------------------------------------------------------


class _Model:
    """Text similarity over the items of one higher document and those of the letters below it."""

    def __init__(self, texts: Iterable[str]) -> None:
        distinct = list(dict.fromkeys(texts))
        self.tfidf = TfIdf(distinct)
        self.index = {t: v for t, v in zip(distinct, self.tfidf.vectors)}
        self.known: dict[tuple[str, str], float] = {}  # letters below one document repeat its words

    def sim(self, a: str, b: str) -> float:
        key = (a, b)
        if key not in self.known:
            self.known[key] = self.tfidf.cosine(self.index[a], self.index[b])
        return self.known[key]


def score(model: _Model, task: ItemFacts, higher: ItemFacts, part: str = "text") -> float:
    """How well `higher` explains `task` (its `part`: "text", "main" or "report"): similarity of
    those parts, with a little for shared cited documents and target groups, and for a reporting
    duty that reports to the same body."""
    s = model.sim(getattr(task, part), getattr(higher, part))
    s += 0.1 * _jaccard(task.cites, higher.cites) + 0.1 * _jaccard(task.groups, higher.groups)
    if part == "text":
        # a letter's closing order carries the closing order of the letter it implements, however
        # differently the two are worded: the structure is most of the evidence
        s = CLOSING_PRIOR + (1 - CLOSING_PRIOR) * s
    if part == "report":
        s += REPORT_PRIOR
        rt, rh = _recipient(task.report), _recipient(higher.report)
        if rt and rt == rh:
            s += 0.15
        if not higher.closing and not task.closing:
            s += 0.05
    return s


def _pools(task: ItemFacts, by_part: dict[str, list[ItemFacts]]) -> list[tuple[str, list[ItemFacts]]]:
    """The higher items a task may carry out, by part: a closing order its closing order; what
    the task is to do, the other tasks' own work; its reporting duty, their reporting duties."""
    if task.closing:
        return [("text", by_part["text"])]
    pools = []
    if task.has_main or not task.reporting:
        pools.append(("main", by_part["main"]))
    if task.reporting:
        pools.append(("report", by_part["report"]))
    return pools


def _by_part(h_doc: LetterFacts) -> dict[str, list[ItemFacts]]:
    return {"text": [h for h in h_doc.items if h.closing],
            "main": [h for h in h_doc.items if not h.closing and h.has_main],
            "report": [h for h in h_doc.items if h.reporting]}


def _in_scope(path: str, ref: ItemRef) -> bool:
    return path == ref.path or path.startswith(ref.path + ".")


def _evidence(lower: LetterFacts, task: ItemFacts, h_doc: LetterFacts, higher: ItemFacts, why: str) -> str:
    return (f"{lower.number} {task.path} “{_part(task.text)}” thực hiện "
            f"{h_doc.number} {higher.path} “{_part(higher.text)}” ({why})")


@lru_cache(maxsize=65536)
def _part(text: str) -> str:
    return short_evidence(text, EVIDENCE_PART)


def derive_links(letters: Sequence[LetterFacts], threshold: float = THRESHOLD) -> list[Link]:
    """Every task-to-task link between the letters: for each letter, the items of the corpus
    documents it implements, stated links first, then inferred ones over `threshold`."""
    by_doc = {f.doc: f for f in letters}
    below: dict[str, list[LetterFacts]] = {}
    for f in letters:
        for h in f.implements:
            if h in by_doc and h != f.doc and by_doc[h].items:
                below.setdefault(h, []).append(f)
    links: list[Link] = []
    for h_iri in sorted(below):
        h_doc = by_doc[h_iri]
        lowers = below[h_iri]
        model = _Model(t for i in h_doc.items + tuple(i for f in lowers for i in f.items)
                       for t in (i.text, i.main, i.report))
        for lower in lowers:
            links += _links_of(lower, h_doc, model, threshold)
    return links


def _links_of(lower: LetterFacts, h_doc: LetterFacts, model: _Model, threshold: float) -> list[Link]:
    out: list[Link] = []
    scope = [r for r in lower.scope if r.number is None or lower.cited.get(r.number) == h_doc.doc]
    h_task = lambda h: str(task_iri(URIRef(h_doc.doc), h.path))  # noqa: E731
    by_part = _by_part(h_doc)
    for task in lower.items:
        child = str(task_iri(URIRef(lower.doc), task.path))
        stated = [r for r in task.refs if (r.number is None and len(lower.implements) == 1)
                  or (r.number is not None and lower.cited.get(r.number) == h_doc.doc)]
        named = [(r, h) for r in stated for h in h_doc.items if _in_scope(h.path, r)]
        if named:
            # the item named (or the best of the section named)
            ref, best = max(named, key=lambda rh: (score(model, task, rh[1]), rh[1].path))
            out.append(Link(child, h_task(best), "stated", None,
                            _evidence(lower, task, h_doc, best, f"“{ref.quote}”"), lower.graph))
            continue
        seen: set[str] = set()
        for part, pool in _pools(task, by_part):
            cands = []
            for h in pool:
                # the items the letter's opening names bound what its tasks carry, not its reports
                if part == "main" and scope and not any(_in_scope(h.path, r) for r in scope):
                    continue
                why = _compatible(h, h_doc, task, lower)
                if why is None:
                    continue
                cands.append((score(model, task, h, part), h, why))
            cands.sort(key=lambda c: (-c[0], c[1].path))
            for i, (s, h, why) in enumerate(cands[:MAX_PARENTS]):
                if s < threshold or (i and s < SECOND_RATIO * cands[0][0]):
                    break
                if h.path in seen:
                    continue
                seen.add(h.path)
                out.append(Link(child, h_task(h), "inferred", round(min(s, 1.0), 3),
                                _evidence(lower, task, h_doc, h, why), str(INFERRED_GRAPH)))
    return out


def add_links(links: Iterable[Link], into: Any, lit: LiteralMaker = Literal) -> None:
    """Write the links as derivations: `into(graph)` gives what takes a graph's triples (an
    rdflib graph of a Dataset, or a set the streaming build writes out as N-Quads)."""
    for k in links:
        derivation(into(k.graph), URIRef(k.child), URIRef(k.parent), k.basis, RELATION, k.evidence, k.score, lit=lit)


def derivation_triples(links: Iterable[Link], lit: LiteralMaker = Literal) -> dict[str, set[tuple[Any, Any, Any]]]:
    """The links' triples, by the named graph each goes in (the streaming build's form)."""
    out: dict[str, set[tuple[Any, Any, Any]]] = {}
    add_links(links, lambda name: out.setdefault(name, set()), lit)
    return out
