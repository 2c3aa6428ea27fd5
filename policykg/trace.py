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
from .lineage import Step, lineage_graph, paths_up
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
    if ref.startswith(("http://", "https://")):
        node = URIRef(ref)
        if (node, None, None) not in g:
            raise RefError(f"{ref}: no such task or document in the graph")
        return node
    number, _, path = ref.partition("#")
    cid = canonical_id(number)
    docs = sorted(set(g.subjects(ELI.number, _lit(cid))))
    if not docs:
        raise RefError(f"{number}: no document with this number in the graph")
    if path:
        docs = [d for d in docs if (task_iri(d, path), RDF.type, None) in g]
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
    if node not in dg:
        label = g.value(node, RDFS.label) or str(node)
        return Trace(Step(str(node), str(label), "document", None, None, None, None, None), [])
    paths = paths_up(dg, node)
    return Trace(paths[0][0], paths)


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
