"""What the explorer shows, read from a store through SPARQL (policykg.sparql.Store), so that a
graph file, an Oxigraph store and an endpoint all work: documents with their level and place,
tasks with their assignees, the lineage links between them, and the coverage of shared or higher
tasks by place.

The page gets one compact JSON payload (`Payload`): strings that repeat (IRIs, bodies, quotes)
are numbered once and referred to by index. The offline file embeds the whole payload; the live
explorer (policykg.explore_live) answers each view with a payload of the same shape holding only
what that view needs, which the page merges into what it already has."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Callable, Iterable

from rdflib import Literal, URIRef
from rdflib.term import Node

from ..sparql import Store
from ..text import fold

if TYPE_CHECKING:
    from ..due import Duty

PREFIXES = """PREFIX pkg: <https://w3id.org/policykg/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""

# Levels of the overview, top to bottom.
CENTRAL, MINISTRY, PROVINCE, LOCAL = 0, 1, 2, 3
ID_BASE = "https://w3id.org/policykg/id/"
PKG_NS = "https://w3id.org/policykg/ontology#"

_DOCS = PREFIXES + """
SELECT ?d ?number ?type ?date ?issuer ?issuerLabel ?kind ?jur ?jurLabel ?up ?upLabel ?source ?title WHERE {
  ?d eli:number ?number .
  FILTER NOT EXISTS { ?d a pkg:Task }
  OPTIONAL { ?d eli:type_document ?tt . ?tt skos:prefLabel ?type . FILTER(lang(?type) = "vi") }
  OPTIONAL { ?d eli:date_document ?date }
  OPTIONAL { ?d eli:passed_by ?issuer .
    OPTIONAL { ?issuer skos:prefLabel ?issuerLabel }
    OPTIONAL { ?issuer pkg:bodyKind ?kind }
    OPTIONAL { ?issuer pkg:jurisdiction ?jur .
      OPTIONAL { ?jur rdfs:label ?jurLabel . FILTER(lang(?jurLabel) != "en") }
      OPTIONAL { ?jur dcterms:isPartOf ?up . OPTIONAL { ?up rdfs:label ?upLabel . FILTER(lang(?upLabel) != "en") } } } }
  OPTIONAL { ?d pkg:sourceText ?source }
  OPTIONAL { ?d eli:title ?title }
}"""

_TASKS = PREFIXES + """
SELECT ?t ?d ?path ?text ?type WHERE {
  { ?t a pkg:Task . BIND(pkg:Task AS ?type) } UNION { ?t a pkg:ClosingObligation . BIND(pkg:ClosingObligation AS ?type) }
  ?t pkg:assignedBy ?d .
  OPTIONAL { ?t pkg:sectionPath ?path }
  OPTIONAL { ?t pkg:text ?text }
}"""

_BODIES = PREFIXES + """
SELECT ?t ?role ?b ?name WHERE {
  VALUES ?role { pkg:assignee pkg:lead pkg:cooperatingBody }
  ?t ?role ?b .
  ?b skos:prefLabel ?name .
}"""

_DEADLINES = PREFIXES + """
SELECT ?t ?due ?rec WHERE {
  ?t pkg:deadline ?dl .
  OPTIONAL { ?dl pkg:dueDate ?due }
  OPTIONAL { ?dl pkg:recurringDate ?rec }
}"""

_SHARED = PREFIXES + """
SELECT ?s ?label WHERE { ?s a pkg:SharedTask . OPTIONAL { ?s rdfs:label ?label } }"""

# The derivations, read from their own nodes (joining them to every derivesFrom pair cost ten times
# as much); a task's link to its own letter is left out here, the page has it from the task.
_DERIVATIONS = PREFIXES + """
SELECT ?c ?p ?rel ?basis ?score ?ev WHERE {
  ?c pkg:derivation ?dv . ?dv prov:entity ?p .
  OPTIONAL { ?dv pkg:relation ?rel } OPTIONAL { ?dv pkg:basis ?basis }
  OPTIONAL { ?dv pkg:score ?score } OPTIONAL { ?dv pkg:evidenceText ?ev }
  FILTER(!BOUND(?rel) || ?rel != <https://w3id.org/policykg/id/relation/assigned-by>)
}"""

_DERIVES = PREFIXES + """
SELECT ?c ?p WHERE { { ?c pkg:derivesFrom ?p } MINUS { ?c pkg:derivation ?dv . ?dv prov:entity ?p } }"""

_LABELS = PREFIXES + """
SELECT ?c ?label WHERE {
  ?c skos:inScheme ?scheme ; skos:prefLabel ?label .
  FILTER(?scheme IN (<https://w3id.org/policykg/id/relation>, <https://w3id.org/policykg/id/basis>))
}"""

# Bodies of the Party's centre and of the Government: the top of the overview.
_CENTRAL_KINDS = {"bo-chinh-tri", "ban-bi-thu", "ban-chap-hanh-trung-uong", "chinh-phu", "thu-tuong-chinh-phu",
                  "quoc-hoi", "uy-ban-thuong-vu-quoc-hoi", "chu-tich-nuoc"}
_LOCAL_WORDS = re.compile(r"\b(huyện|xã|thị xã|thị trấn|quận|phường)\b", re.IGNORECASE)


def _s(t: Node | None) -> str:
    return "" if t is None else str(t)


def _tail(t: Node | None) -> str:
    return _s(t).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def short_body(name: str) -> str:
    """'Ủy ban nhân dân tỉnh Kiên Giang' -> 'UBND tỉnh Kiên Giang': the form letters use in running text."""
    return re.sub(r"^Ủy ban nhân dân\b", "UBND", name)


@dataclass
class Doc:
    iri: str
    number: str
    type: str = ""
    date: str = ""
    issuer: str = ""
    level: int = PROVINCE
    province: str = ""
    district: str = ""
    group: str = ""
    letter: bool = False
    title: str = ""


@dataclass
class Task:
    iri: str
    doc: str
    path: str
    text: str
    closing: bool = False
    assignees: list[str] = field(default_factory=list)
    lead: list[str] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)
    deadlines: list[str] = field(default_factory=list)


@dataclass
class Edge:
    child: str
    parent: str
    relation: str
    basis: str
    score: float | None
    quote: str


@dataclass
class Model:
    """Everything the explorer shows, keyed by IRI."""

    docs: dict[str, Doc]
    tasks: dict[str, Task]
    shared: dict[str, str]  # IRI -> label
    edges: list[Edge]
    labels: dict[str, dict[str, str]]  # relation or basis name -> {lang: label}
    bodies: dict[str, str] = field(default_factory=dict)  # a task's body IRI -> its name as tasks show it
    due: list["Duty"] = field(default_factory=list)  # dated duties (explorer.due_view), if read
    as_of: str = ""  # the day the duties' status is judged by
    due_years: int = 0  # recurring duties are shown up to this many years after their document

    def up(self) -> dict[str, list[Edge]]:
        out: dict[str, list[Edge]] = defaultdict(list)
        for e in self.edges:
            out[e.child].append(e)
        return out

    def down(self) -> dict[str, list[Edge]]:
        out: dict[str, list[Edge]] = defaultdict(list)
        for e in self.edges:
            out[e.parent].append(e)
        return out

    # what payload() reads on every call of the live explorer, computed once
    @cached_property
    def by_child(self) -> dict[str, list[Edge]]:
        return self.up()

    @cached_property
    def task_counts(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for t in self.tasks.values():
            counts[t.doc] += 1
        return counts

    @cached_property
    def doc_links(self) -> dict[tuple[str, str, str], int]:
        """Per document, the documents its tasks link to (other than itself), by relation."""
        links: dict[tuple[str, str, str], int] = defaultdict(int)
        for e in self.edges:
            t = self.tasks.get(e.child)
            if t is not None and e.parent in self.docs and t.doc != e.parent:
                links[(t.doc, e.parent, e.relation)] += 1
        return links


def _level(d: Doc, kind: str, jur: str, has_up: bool) -> int:
    if has_up or _LOCAL_WORDS.search(d.issuer):
        return LOCAL
    if jur.endswith("/place/vn"):
        return CENTRAL if kind in _CENTRAL_KINDS else MINISTRY
    if jur:
        return PROVINCE
    # a document known only by citation and without an issuer: its number's issuer part
    return CENTRAL if re.search(r"(/TW|-TW|TTg|/CP|-CP)\b", d.number) else PROVINCE


def read_docs(store: Store) -> dict[str, Doc]:
    """Every document with its level, province and district (the issuer's jurisdiction)."""
    docs: dict[str, Doc] = {}
    places: dict[str, list[tuple[str, str, str, str, str]]] = defaultdict(list)
    for r in store.select(_DOCS, {})[1]:
        iri = _s(r["d"])
        d = docs.get(iri)
        if d is None:
            d = docs[iri] = Doc(iri, _s(r["number"]), _s(r["type"]), _s(r["date"]), _s(r["issuerLabel"]),
                                letter=r["source"] is not None, title=_s(r["title"]))
        if r["jur"] is not None:
            places[iri].append((_s(r["jur"]), _s(r["jurLabel"]), _s(r["up"]), _s(r["upLabel"]), _tail(r["kind"])))
        elif r["kind"] is not None:
            places[iri].append(("", "", "", "", _tail(r["kind"])))
    for iri, d in docs.items():
        options = sorted(set(places.get(iri, [])))
        # one district body may be named with the same IRI in several provinces; the document's
        # own IRI (minted doc/<province>/<district>/... by policykg.ids) says which one issued it
        tail = iri.split("/doc/", 1)[-1] + "/"
        chosen = next((o for o in options if o[0] and tail.startswith(o[0].split("/place/", 1)[-1] + "/")),
                      options[0] if options else ("", "", "", "", ""))
        jur, jur_label, up, up_label, kind = chosen
        d.level = _level(d, kind, jur, bool(up))
        if d.level == LOCAL:
            d.province = up_label.split(",")[0].strip() if up else ""
            d.district = jur_label.split(",")[0].strip() if not jur.endswith("/place/vn") else ""
            d.group = d.province or d.district
        elif d.level == PROVINCE:
            d.province = jur_label
            d.group = jur_label or short_body(d.issuer)
        else:
            d.group = short_body(d.issuer) or d.number
    # a district letter whose issuer names no province (a body named alike in several provinces):
    # its province is the one its IRI is minted under, as for the provinces' own letters
    by_slug = {iri.split("/doc/", 1)[-1].split("/", 1)[0]: d.province for iri, d in docs.items()
               if d.level == PROVINCE and d.province}
    for iri, d in docs.items():
        if d.level == LOCAL and not d.province:
            d.province = by_slug.get(iri.split("/doc/", 1)[-1].split("/", 1)[0], "")
            d.group = d.province or d.district or short_body(d.issuer)
    return docs


def read_model(store: Store) -> Model:
    """The whole graph as the explorer sees it (a handful of queries, each over the whole store)."""
    docs = read_docs(store)
    tasks: dict[str, Task] = {}
    for r in store.select(_TASKS, {})[1]:
        tasks[_s(r["t"])] = Task(_s(r["t"]), _s(r["d"]), _s(r["path"]), " ".join(_s(r["text"]).split()),
                                 closing=_tail(r["type"]) == "ClosingObligation")
    bodies: dict[str, str] = {}
    for r in store.select(_BODIES, {})[1]:
        bodies[_s(r["b"])] = _s(r["name"])
        t = tasks.get(_s(r["t"]))
        if t is not None:
            {"assignee": t.assignees, "lead": t.lead, "cooperatingBody": t.cooperating}[_tail(r["role"])].append(_s(r["name"]))
    for r in store.select(_DEADLINES, {})[1]:
        t = tasks.get(_s(r["t"]))
        if t is not None:
            t.deadlines.append(_s(r["due"] or r["rec"]))
    for t in tasks.values():
        t.assignees.sort()
        t.lead.sort()
        t.cooperating.sort()
        t.deadlines.sort()
    shared = {_s(r["s"]): _s(r["label"]) for r in store.select(_SHARED, {})[1]}
    edges = read_edges(store, docs, tasks)
    return Model(docs, tasks, shared, edges, read_labels(store), bodies)


def read_edges(store: Store, docs: dict[str, Doc], tasks: dict[str, Task]) -> list[Edge]:
    """Lineage links, child to parent. Two kinds are left out because the page has them already:
    a task's link to its own letter (`assigned-by`, the task's document) and a task's inherited link
    to what its letter implements (the letter's own link). A derivesFrom without a Derivation
    node is kept as `derives-from`, stated."""
    seen: set[tuple[str, str, str, str]] = set()
    described: set[tuple[str, str]] = set()
    edges = []
    rows = store.select(_DERIVATIONS, {})[1]
    # a link stated twice (by the letter and by the authority data) keeps one quote, the same
    # whatever order the store returns its rows in
    rows.sort(key=lambda r: (_s(r["c"]), _s(r["p"]), _s(r["rel"]), _s(r["basis"]), _s(r["ev"])))
    for r in rows:
        c, p = _s(r["c"]), _s(r["p"])
        described.add((c, p))
        rel, basis = _tail(r["rel"]) or "derives-from", _tail(r["basis"]) or "stated"
        if c in tasks and (rel == "assigned-by" or (basis == "inherited" and p in docs)):
            continue
        key = (c, p, rel, basis)
        if key in seen:
            continue
        seen.add(key)
        score = float(r["score"]) if r["score"] is not None else None
        edges.append(Edge(c, p, rel, basis, score, " ".join(_s(r["ev"]).split())))
    for r in store.select(_DERIVES, {})[1]:
        c, p = _s(r["c"]), _s(r["p"])
        if (c, p) in described or (c in tasks and tasks[c].doc == p):
            continue
        key = (c, p, "derives-from", "stated")
        if key not in seen:
            seen.add(key)
            edges.append(Edge(c, p, "derives-from", "stated", None, ""))
    edges.sort(key=lambda e: (e.child, e.parent, e.relation, e.basis))
    return edges


def read_labels(store: Store) -> dict[str, dict[str, str]]:
    """Names of relations and bases in each language, where the store holds the vocabulary."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for r in store.select(_LABELS, {})[1]:
        lab = r["label"]
        if isinstance(lab, Literal) and lab.language:
            out[_tail(r["c"])][lab.language] = str(lab)
    return dict(out)


# --- subsets ---------------------------------------------------------------------------------

def _reach(start: Iterable[str], step: Callable[[str], Iterable[str]]) -> set[str]:
    """Every node `step` leads to from `start`, the start included."""
    seen: set[str] = set()
    todo = list(start)
    while todo:
        n = todo.pop()
        if n not in seen:
            seen.add(n)
            todo.extend(step(n))
    return seen


def ancestors(model: Model, start: Iterable[str]) -> set[str]:
    """What `start` derives from, up to the top, and the documents of the tasks on the way."""
    up = model.up()

    def step(n: str) -> list[str]:
        t = model.tasks.get(n)
        return [e.parent for e in up.get(n, ())] + ([t.doc] if t is not None else [])
    return _reach(start, step)


def descendants(model: Model, start: Iterable[str]) -> set[str]:
    """What derives from `start`, down to the bottom, and the tasks of the documents on the way."""
    down = model.down()
    tasks_of: dict[str, list[str]] = defaultdict(list)
    for t in model.tasks.values():
        tasks_of[t.doc].append(t.iri)
    return _reach(start, lambda n: [e.child for e in down.get(n, ())] + tasks_of.get(n, []))


def subset(model: Model, keep: set[str]) -> Model:
    """The model restricted to `keep`, with every task of a kept document (a document opens on its
    tasks) and the documents those tasks belong to."""
    for t in model.tasks.values():
        if t.doc in keep and model.docs.get(t.doc) is not None:
            keep.add(t.iri)
    for n in list(keep):
        t = model.tasks.get(n)
        if t is not None:
            keep.add(t.doc)
    return Model({k: v for k, v in model.docs.items() if k in keep},
                 {k: v for k, v in model.tasks.items() if k in keep},
                 {k: v for k, v in model.shared.items() if k in keep},
                 [e for e in model.edges if e.child in keep and e.parent in keep], model.labels, model.bodies,
                 [x for x in model.due if x.task_iri in keep], model.as_of, model.due_years)


def focus_subset(model: Model, node: str) -> Model:
    """A node's chain up and everything below it."""
    return subset(model, ancestors(model, [node]) | descendants(model, [node]))


def place_subset(model: Model, place: str) -> Model:
    """The documents of one province or district (diacritics and case ignored), their tasks and
    what they derive from and what derives from them."""
    key = fold(place)
    docs = [d.iri for d in model.docs.values() if key in (fold(d.province), fold(d.district))]
    if not docs:
        from ..errors import InputError

        raise InputError(place, "no document of this province or district in the graph")
    return subset(model, ancestors(model, docs) | descendants(model, docs))


# --- the page's payload ----------------------------------------------------------------------

class _Table:
    """Strings numbered in order of first use."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.items: list[str] = []

    def __call__(self, s: str) -> int:
        i = self.index.get(s)
        if i is None:
            i = self.index[s] = len(self.items)
            self.items.append(s)
        return i


def payload(model: Model, only: set[str] | None = None, titles: bool = True,
            due: "list[Duty] | None" = None) -> dict[str, Any]:
    """The page's JSON: nodes as rows of fields, IRIs and repeated strings by index. `only`
    limits the nodes (the live explorer's views); edges are those between the nodes given.
    `doclinks` sums, per document, what its tasks cite: the overview draws those without tasks.
    Without `titles` the documents' subjects are left out (the live overview: they come with a
    document when it opens). `due` gives the duties to send (default: those of the tasks sent)."""
    ids, names, quotes = _Table(), _Table(), _Table()

    def iri(s: str) -> int:
        return ids(s[len(ID_BASE):] if s.startswith(ID_BASE) else s)

    counts = model.task_counts
    if only is None:
        doc_rows, task_rows = list(model.docs.values()), list(model.tasks.values())
        shared_rows = list(model.shared.items())
        edge_rows = model.edges
        link_rows = sorted(model.doc_links.items())
    else:  # a few nodes out of many: look them up rather than filter everything
        chosen = sorted(only)
        doc_rows = [model.docs[n] for n in chosen if n in model.docs]
        task_rows = [model.tasks[n] for n in chosen if n in model.tasks]
        shared_rows = [(n, model.shared[n]) for n in chosen if n in model.shared]
        edge_rows = [e for n in chosen for e in model.by_child.get(n, ()) if e.parent in only]
        link_rows = sorted(kv for kv in model.doc_links.items() if kv[0][0] in only and kv[0][1] in only)
    docs = [[iri(d.iri), d.number, d.type, d.date, names(d.issuer), d.level, names(d.province), names(d.district),
             names(d.group), int(d.letter), d.title if titles else "", counts.get(d.iri, 0)] for d in doc_rows]
    tasks = [[iri(t.iri), iri(t.doc), t.path, t.text, [names(b) for b in t.assignees], [names(b) for b in t.lead],
              [names(b) for b in t.cooperating], t.deadlines, int(t.closing)] for t in task_rows]
    shared = [[iri(s), label] for s, label in shared_rows]
    rels: _Table = _Table()
    edges = [[iri(e.child), iri(e.parent), rels(e.relation), rels(e.basis), e.score, quotes(e.quote) if e.quote else -1]
             for e in edge_rows]
    doclinks = [[iri(c), iri(p), rels(r), n] for (c, p, r), n in link_rows]
    sent = {t.iri for t in task_rows}
    due_rows = [x for x in model.due if x.task_iri in sent] if due is None else due
    opt = lambda s: names(s) if s else -1  # noqa: E731
    # duties by task, body and deadline, each with its dates and their statuses (one letter
    # each: met, late, overdue, pending), so that a recurring duty's fields are sent once:
    # task, who owes it (its name as the tasks show it, and its IRI), to whom the report goes and
    # through whom, the deadline's words, recurrence, dates, statuses
    grouped: dict[tuple[str, str, str], list[Any]] = {}
    for x in due_rows:
        key = (x.task_iri, x.body_iri or x.body or "", x.deadline_iri)
        row = grouped.get(key)
        if row is None:
            row = grouped[key] = [iri(x.task_iri), names(model.bodies.get(x.body_iri or "", x.body or "")),
                                  iri(x.body_iri) if x.body_iri else -1, opt(x.report_to), opt(x.report_via),
                                  quotes(x.deadline_text) if x.deadline_text else -1, x.recurrence or "", [], ""]
        row[7].append(x.date.isoformat())
        row[8] += (x.status or "p")[0]
    dues = list(grouped.values())
    return {"base": ID_BASE, "ids": ids.items, "names": names.items, "quotes": quotes.items, "terms": rels.items,
            "docs": docs, "tasks": tasks, "shared": shared, "edges": edges, "doclinks": doclinks, "labels": model.labels,
            "due": dues, "asOf": model.as_of, "dueYears": model.due_years}


# --- coverage --------------------------------------------------------------------------------

def coverage(model: Model) -> dict[str, Any]:
    """Places (rows) by the shared or higher tasks their letters carry (columns): a cell counts the
    place's tasks that derive from that column's task. Rows and columns sorted by total, then name;
    only columns two or more places carry (`single_place` counts the others)."""
    cells: dict[tuple[str, str], int] = defaultdict(int)
    for e in model.edges:
        child = model.tasks.get(e.child)
        if child is None or not (e.parent in model.shared or e.parent in model.tasks):
            continue
        d = model.docs.get(child.doc)
        place = (d.province or d.group) if d is not None else ""
        if place:
            cells[(place, e.parent)] += 1
    # a column only one place carries says nothing across places (a province's own task carried
    # down by its own districts): the document's view shows those; at a thousand letters they
    # would be most of the columns and push the picture past a screen's width
    places_of: dict[str, set[str]] = defaultdict(set)
    for r, c in cells:
        places_of[c].add(r)
    hidden = {c for c, ps in places_of.items() if len(ps) < 2}
    cells = {k: n for k, n in cells.items() if k[1] not in hidden}
    row_total: dict[str, int] = defaultdict(int)
    col_total: dict[str, int] = defaultdict(int)
    for (r, c), n in cells.items():
        row_total[r] += n
        col_total[c] += n

    def col_label(c: str) -> tuple[str, str]:
        if c in model.shared:
            return model.shared[c], ""
        t = model.tasks[c]
        d = model.docs.get(t.doc)
        return t.text, f"{d.number if d else ''} {t.path}".strip()

    rows = sorted(row_total, key=lambda r: (-row_total[r], fold(r)))
    cols = sorted(col_total, key=lambda c: (-col_total[c], fold(col_label(c)[0])))
    ri = {r: i for i, r in enumerate(rows)}
    ci = {c: i for i, c in enumerate(cols)}
    return {
        "rows": [{"place": r, "total": row_total[r]} for r in rows],
        "cols": [{"id": c, "text": col_label(c)[0], "ref": col_label(c)[1], "total": col_total[c]} for c in cols],
        "cells": sorted([ri[r], ci[c], n] for (r, c), n in cells.items()),
        "single_place": len(hidden),
    }
