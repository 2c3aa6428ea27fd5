"""`policykg trace` and `policykg coverage`: reading lineage off the graph for people."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from .align import TfIdf
from .errors import PolicykgError
from .ids import canonical_id
from .iri import task_iri
from .lineage import BASIS_RANK, Step, add_link, describe, lineage_graph, node_attrs, paths_up
from .namespaces import ELI, PKG
from .text import fold


class RefError(PolicykgError):
    """A reference names no task or document, or more than one."""


CARRIES_OUT = "carries-out"  # policykg.derive: a task carries out a task of the higher document


@dataclass
class Trace:
    start: Step
    paths: list[list[Step]]  # the document-level steps: every path up from the start
    tasks: list[Step] = field(default_factory=list)  # the higher task, its higher task ... to the top

    def as_json(self) -> dict[str, Any]:
        return {"start": self.start.as_json(), "tasks": [s.as_json() for s in self.tasks],
                "paths": [[s.as_json() for s in p] for p in self.paths]}


def resolve_ref(g: Graph, ref: str) -> URIRef:
    """A task or document IRI, `NUMBER#PATH`, or a bare `NUMBER`."""
    return _resolve(ref, lambda node: (node, None, None) in g,
                    lambda cid: sorted(set(g.subjects(ELI.number, _lit(cid)))),
                    lambda task: (task, RDF.type, None) in g)


def _resolve(ref: str, exists: Any, by_number: Any, is_typed: Any) -> URIRef:
    if ref.startswith(("http://", "https://")):
        node = URIRef(ref)
        if not exists(node):
            raise RefError(f"{ref}: no such task or document in the graph")
        return node
    number, _, path = ref.partition("#")
    cid = canonical_id(number)
    docs = by_number(cid)
    if not docs:
        raise RefError(f"{number}: no document with this number in the graph")
    if path:
        docs = [d for d in docs if is_typed(task_iri(d, path))]
        if not docs:
            raise RefError(f"{ref}: document {cid} has no task {path}")
    if len(docs) > 1:
        listing = "; ".join(f"{d}" for d in docs)
        raise RefError(f"{cid} is ambiguous, {len(docs)} documents carry it: {listing}")
    return task_iri(docs[0], path) if path else docs[0]


def _lit(value: str) -> Any:
    from rdflib import Literal

    return Literal(value)


def trace(g: Graph, node: URIRef, dg: nx.DiGraph | None = None) -> Trace:
    dg = dg if dg is not None else lineage_graph(g)
    return _trace_up(dg, node, lambda: node_attrs(g, node))


def _trace_up(dg: nx.DiGraph, node: URIRef, attrs: Any) -> Trace:
    chain = task_chain(dg, node)
    # the document-level steps are those of the start itself: the higher tasks have their own
    docs = dg.copy()
    docs.remove_edges_from([(u, v) for u, v, rel in dg.edges(data="relation") if rel == CARRIES_OUT])
    paths = paths_up(docs, node) if node in docs and docs.edges else []
    if not paths:
        # the top of a chain (11-CT/TW), or a node no derivation touches
        a = dg.nodes[node] if node in dg else attrs()
        return Trace(Step(str(node), a["label"], a["kind"], a["number"], None, None, None, None), [], chain)
    return Trace(paths[0][0], paths, chain)


def task_chain(dg: nx.DiGraph, node: URIRef) -> list[Step]:
    """The task `node` carries out, the task that one carries out, and so on to the top: at each
    level the link whose text says most (stated before inferred), then the best scored."""
    out: list[Step] = []
    seen = {node}
    while node in dg:
        ups = [(v, a) for _, v, a in dg.out_edges(node, data=True) if a["relation"] == CARRIES_OUT and v not in seen]
        if not ups:
            break
        node, edge = min(ups, key=lambda u: (BASIS_RANK.get(u[1]["basis"], 9), -(u[1]["score"] or 0.0), str(u[0])))
        seen.add(node)
        out.append(_step_of(dg, node, edge))
    return out


def _step_of(dg: nx.DiGraph, node: URIRef, edge: dict[str, Any]) -> Step:
    a = dg.nodes[node]
    return Step(str(node), a["label"], a["kind"], a["number"], edge["relation"], edge["basis"], edge["score"],
                edge["evidence"])


# --- the same, over any SPARQL store (Oxigraph on disk, an endpoint) -------------------------

_PREFIXES = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX pkg: <https://w3id.org/policykg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
_UP = _PREFIXES + """SELECT ?child ?d ?parent ?basis ?relation ?score ?evidence WHERE {
  ?start pkg:derivesFrom* ?child .
  ?child pkg:derivation ?d .
  ?d prov:entity ?parent ; pkg:basis ?basis ; pkg:relation ?relation ; pkg:evidenceText ?evidence .
  OPTIONAL { ?d pkg:score ?score }
}"""
_NODE = _PREFIXES + """SELECT ?type ?label ?number WHERE {
  { ?node a ?type } UNION { ?node rdfs:label ?label } UNION { ?node eli:number ?number }
}"""
_BY_NUMBER = _PREFIXES + """SELECT DISTINCT ?doc WHERE { ?doc eli:number ?number }"""
_EXISTS = """SELECT ?p WHERE { ?node ?p ?o } LIMIT 1"""
_TYPED = """SELECT ?t WHERE { ?node a ?t } LIMIT 1"""


def resolve_ref_in(store: Any, ref: str) -> URIRef:
    """`resolve_ref` over a SPARQL store (`policykg.sparql.Store`)."""
    return _resolve(ref, lambda node: bool(store.select(_EXISTS, {"node": node})[1]),
                    lambda cid: sorted({r["doc"] for r in store.select(_BY_NUMBER, {"number": _lit(cid)})[1]}),
                    lambda task: bool(store.select(_TYPED, {"node": task})[1]))


def trace_in(store: Any, node: URIRef) -> Trace:
    """`trace` over a SPARQL store: one query fetches the derivations above the node (a
    property path), so the cost follows the chain, not the size of the graph."""
    dg = nx.DiGraph()
    links: dict[Any, dict[str, Any]] = {}
    for r in store.select(_UP, {"start": node})[1]:
        link = links.setdefault(r["d"], {"child": r["child"], "parent": r["parent"], "quotes": [],
                                         "basis": str(r["basis"]).rsplit("/", 1)[-1],
                                         "relation": str(r["relation"]).rsplit("/", 1)[-1],
                                         "score": float(r["score"]) if r.get("score") is not None else None})
        link["quotes"].append(str(r["evidence"]))
    # nodes first: which quote a link shows depends on its parent's number
    for n in dict.fromkeys([node] + [x for link in links.values() for x in (link["child"], link["parent"])]):
        dg.add_node(n, **_node_attrs_in(store, n))
    for link in links.values():
        add_link(dg, link["child"], link["parent"], link["relation"], link["basis"], link["score"], link["quotes"])
    return _trace_up(dg, node, lambda: dg.nodes[node])


def _node_attrs_in(store: Any, node: URIRef) -> dict[str, Any]:
    rows = store.select(_NODE, {"node": node})[1]
    return describe(node, {r["type"] for r in rows if r.get("type") is not None},
                    [r["label"] for r in rows if r.get("label") is not None],
                    [r["number"] for r in rows if r.get("number") is not None])


def search_tasks(g: Graph, text: str, limit: int = 5) -> list[tuple[URIRef, float]]:
    tasks = sorted(set(g.subjects(PKG.text, None)))
    if not tasks:
        return []
    # matched without regard to case or diacritics: "xoa mu chu" finds "xóa mù chữ"
    texts = [fold(str(g.value(t, PKG.text))) for t in tasks]
    model = TfIdf(texts)
    q = model.vector(fold(text))
    scored = sorted(((t, model.cosine(q, v)) for t, v in zip(tasks, model.vectors)), key=lambda x: (-x[1], str(x[0])))
    return [(t, round(s, 3)) for t, s in scored[:limit] if s > 0]


def render_tree(tr: Trace) -> str:
    """The paths merged into one tree, the start at the root, the top directive at the leaves."""
    tree: dict[tuple[str, ...], Step] = {}
    children: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for path in tr.paths:
        key: tuple[str, ...] = (path[0].iri,)
        for step in path[1:]:
            nxt = key + (step.iri,)
            if nxt not in tree:
                tree[nxt] = step
                children.setdefault(key, []).append(nxt)
            key = nxt
    lines = [_line(tr.start, root=True)]
    if tr.tasks:
        lines.append("carries out, level by level:")
        for depth, step in enumerate(tr.tasks):
            pad = "   " * depth
            lines.append(f"{pad}└─ {_line(step)}")
            if step.evidence:
                lines.append(f"{pad}      “{step.evidence}”")
        lines.append("documents:")

    def walk(key: tuple[str, ...], prefix: str) -> None:
        kids = children.get(key, [])
        for i, kid in enumerate(kids):
            last = i == len(kids) - 1
            step = tree[kid]
            lines.append(prefix + ("└─ " if last else "├─ ") + _line(step))
            if step.evidence:
                lines.append(prefix + ("   " if last else "│  ") + f"   “{step.evidence}”")
            walk(kid, prefix + ("   " if last else "│  "))

    walk((tr.start.iri,), "")
    if not tr.paths:
        lines.append("  (no derivation recorded: this is a top of the chain)")
    return "\n".join(lines)


def _line(step: Step, root: bool = False) -> str:
    label = step.label
    if step.number and step.number not in label:
        label = f"{step.number} {label}"
    if root:
        return f"{label}  <{step.iri}>"
    score = f" score {step.score:.2f}" if step.score is not None else ""
    return f"{step.relation} [{step.basis}{score}] {label}"


# --- coverage -------------------------------------------------------------------------------


@dataclass
class Coverage:
    columns: list[str]  # issuers (province or body) of the letters
    rows: list[tuple[str, str, list[str]]]  # (shared-task IRI, label, cell per column)

    def as_json(self) -> dict[str, Any]:
        return {
            "columns": self.columns,
            "rows": [{"shared_task": iri, "label": label, "cells": dict(zip(self.columns, cells))}
                     for iri, label, cells in self.rows],
        }


def coverage(g: Graph) -> Coverage:
    letters = sorted(set(g.subjects(PKG.sourceText, None)))
    col_of: dict[URIRef, str] = {}
    for d in letters:
        issuer = g.value(d, ELI.passed_by)
        name = str(g.value(issuer, RDFS.label) or issuer)
        col_of[d] = f"{name} ({g.value(d, ELI.number)})"
    columns = sorted(set(col_of.values()))
    rows = []
    for shared in sorted(set(g.subjects(RDF.type, PKG.SharedTask))):
        cells = {c: [] for c in columns}
        for m in sorted(g.objects(shared, PKG.member)):
            doc = g.value(m, PKG.assignedBy)
            if doc in col_of:
                cells[col_of[doc]].append(str(g.value(m, PKG.sectionPath)))
        label = str(g.value(shared, RDFS.label) or shared)
        rows.append((str(shared), label, [", ".join(cells[c]) for c in columns]))
    rows.sort(key=lambda r: (-sum(1 for c in r[2] if c), r[1]))
    return Coverage(columns, rows)


def render_coverage(cov: Coverage, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(cov.as_json(), ensure_ascii=False, indent=2)
    header = ["shared task"] + cov.columns
    body = [[label] + [c or "—" for c in cells] for _, label, cells in cov.rows]
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(header)
        w.writerows([[label] + cells for _, label, cells in cov.rows])
        return buf.getvalue().rstrip("\n")
    if fmt == "markdown":
        esc = [[c.replace("|", "\\|") for c in row] for row in [header] + body]
        out = ["| " + " | ".join(esc[0]) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(r) + " |" for r in esc[1:]]
        return "\n".join(out)
    width = [min(70, max(len(r[i]) for r in [header] + body)) for i in range(len(header))]
    fmt_row = lambda r: "  ".join(c[:w].ljust(w) for c, w in zip(r, width))  # noqa: E731
    return "\n".join([fmt_row(header), fmt_row(["-" * w for w in width])] + [fmt_row(r) for r in body])


# --- down: who carries a task out, where ----------------------------------------------------

_DOWN_PREFIXES = _PREFIXES + "PREFIX pkgid: <https://w3id.org/policykg/id/>\n"
_LOWER = _DOWN_PREFIXES + """SELECT ?lower ?basis ?score ?evidence ?doc ?path ?text WHERE {
  ?d prov:entity ?higher ; pkg:relation <https://w3id.org/policykg/id/relation/carries-out> ;
     pkg:basis ?basis ; pkg:evidenceText ?evidence .
  ?lower pkg:derivation ?d ; pkg:assignedBy ?doc ; pkg:sectionPath ?path .
  OPTIONAL { ?lower pkg:text ?text }
  OPTIONAL { ?d pkg:score ?score }
}"""
_TASKS_OF = _DOWN_PREFIXES + """SELECT ?task WHERE { ?task pkg:assignedBy ?doc ; pkg:sectionPath ?path }"""
_DOC_OF = _DOWN_PREFIXES + """SELECT ?doc WHERE { ?task pkg:assignedBy ?doc }"""
_BELOW = _DOWN_PREFIXES + """SELECT DISTINCT ?doc WHERE { ?doc eli:ensures_implementation_of+ ?top ; pkg:sourceText ?src }"""
_DOC_FACTS = _DOWN_PREFIXES + """SELECT ?number ?issuer ?place WHERE {
  ?doc eli:number ?number .
  OPTIONAL { ?doc eli:passed_by ?i . OPTIONAL { ?i rdfs:label ?issuer }
             OPTIONAL { ?i pkg:jurisdiction ?p . ?p rdfs:label ?place FILTER (lang(?place) = "vi") } }
}"""


@dataclass
class DownRow:
    """A lower task that carries out a task of the start (at `depth` levels below it)."""

    iri: str
    document: str  # its document's number
    path: str
    text: str
    carries: str  # the higher task it carries out, as NUMBER PATH
    basis: str
    score: float | None
    evidence: str
    depth: int

    def as_json(self) -> dict[str, Any]:
        return self.__dict__.copy()


@dataclass
class DownGroup:
    """One document below the start, in its place: the rows, or none (a gap)."""

    place: str
    issuer: str
    document: str
    iri: str
    rows: list[DownRow]

    def as_json(self) -> dict[str, Any]:
        return {"place": self.place, "issuer": self.issuer, "document": self.document, "iri": self.iri,
                "gap": not self.rows, "rows": [r.as_json() for r in self.rows]}


@dataclass
class Down:
    start: str
    label: str
    groups: list[DownGroup]

    def as_json(self) -> dict[str, Any]:
        return {"start": self.start, "label": self.label, "groups": [g.as_json() for g in self.groups]}


def trace_down_in(store: Any, node: URIRef) -> Down:
    """Every task, in every place below, that carries out the task `node` or a task of the
    document `node`, level by level; each document that implements the start's document (at any
    depth) is a group, and a group with no such task is a gap. Reads by SPARQL from any store."""
    docs = [r["doc"] for r in store.select(_DOC_OF, {"task": node})[1]]
    top = docs[0] if docs else node
    starts = [node] if docs else sorted(r["task"] for r in store.select(_TASKS_OF, {"doc": node})[1])
    facts: dict[Any, tuple[str, str, str]] = {}

    def doc_facts(doc: Any) -> tuple[str, str, str]:
        if doc not in facts:
            rows = store.select(_DOC_FACTS, {"doc": doc})[1]
            pick = lambda k: sorted(str(r[k]) for r in rows if r.get(k) is not None)  # noqa: E731
            facts[doc] = ((pick("number") or [""])[0], (pick("issuer") or [""])[0], (pick("place") or [""])[0])
        return facts[doc]

    def label(task: Any) -> str:
        doc = [r["doc"] for r in store.select(_DOC_OF, {"task": task})[1]]
        return f"{doc_facts(doc[0])[0]} {str(task).rsplit('/task/', 1)[-1]}" if doc else str(task)

    rows: dict[Any, list[DownRow]] = {}
    frontier, seen, depth = list(starts), set(starts), 0
    while frontier:
        depth += 1
        nxt = []
        for higher in frontier:
            carried = label(higher)
            for r in sorted(store.select(_LOWER, {"higher": higher})[1], key=lambda r: str(r["lower"])):
                low = r["lower"]
                rows.setdefault(r["doc"], []).append(DownRow(
                    str(low), doc_facts(r["doc"])[0], str(r["path"]), str(r.get("text") or ""), carried,
                    str(r["basis"]).rsplit("/", 1)[-1], float(r["score"]) if r.get("score") is not None else None,
                    str(r["evidence"]), depth))
                if low not in seen:
                    seen.add(low)
                    nxt.append(low)
        frontier = nxt
    below = {r["doc"] for r in store.select(_BELOW, {"top": top})[1]} | set(rows)
    groups = []
    for doc in below:
        number, issuer, place = doc_facts(doc)
        found = sorted(rows.get(doc, []), key=lambda r: (r.depth, _path_key(r.path), r.carries))
        groups.append(DownGroup(place, issuer, number, str(doc), found))
    # a province, then its districts
    groups.sort(key=lambda g: (g.place.rpartition(", ")[2], g.place.rpartition(", ")[0], g.document))
    start_label = label(node) if docs else doc_facts(node)[0]
    return Down(str(node), start_label, groups)


def _path_key(path: str) -> list[tuple[int, str]]:
    """'1.10' after '1.9', 'closing' last."""
    return [(0, f"{int(p):06d}") if p.isdigit() else (1 if p != "closing" else 2, p) for p in path.split(".")]


def render_down(down: Down) -> str:
    """`policykg trace --down`: by place, each lower task with what it carries out and why."""
    lines = [f"{down.label}  <{down.start}>"]
    for g in down.groups:
        lines.append(f"{g.place} — {g.issuer} ({g.document})")
        if not g.rows:
            lines.append("  — none: no task here carries it out")
        for r in g.rows:
            score = f" {r.score:.2f}" if r.score is not None else ""
            lines.append(f"  {r.document} {r.path}  ← {r.carries}  [{r.basis}{score}]  "
                         f"{r.text[:90] + ('…' if len(r.text) > 90 else '')}")
    if not down.groups:
        lines.append("  (no document in the graph implements it)")
    return "\n".join(lines)
