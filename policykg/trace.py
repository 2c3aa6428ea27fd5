"""`policykg trace` and `policykg coverage`: reading lineage off the graph for people."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from .align import TfIdf
from .errors import PolicykgError
from .ids import canonical_id
from .iri import task_iri
from .lineage import Step, add_link, describe, lineage_graph, node_attrs, paths_up
from .namespaces import ELI, PKG
from .text import fold


class RefError(PolicykgError):
    """A reference names no task or document, or more than one."""


@dataclass
class Trace:
    start: Step
    paths: list[list[Step]]

    def as_json(self) -> dict[str, Any]:
        return {"start": self.start.as_json(), "paths": [[s.as_json() for s in p] for p in self.paths]}


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
    paths = paths_up(dg, node) if node in dg and dg.edges else []
    if not paths:
        # the top of a chain (11-CT/TW), or a node no derivation touches
        a = attrs()
        return Trace(Step(str(node), a["label"], a["kind"], a["number"], None, None, None, None), [])
    return Trace(paths[0][0], paths)


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
    for link in links.values():
        add_link(dg, link["child"], link["parent"], link["relation"], link["basis"], link["score"], link["quotes"])
    for n in list(dg.nodes) or [node]:
        dg.add_node(n, **_node_attrs_in(store, n))
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
