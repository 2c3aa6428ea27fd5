"""Lineage: why each task and document derives from the ones above it.

Every link is a `pkg:derivesFrom` edge plus a `pkg:Derivation` node saying its basis:
- stated: the text says so ("Thực hiện Chỉ thị số 14/CT-TTg", "về thực hiện Quyết định ...");
  the authority data states the chain above the letters, with its source;
- cited: a task cites a document in its own text;
- inherited: a task derives, through its letter, from what the letter implements;
- inferred: tasks of different letters carry one higher-level task (policykg.align); the
  shared task is a node of its own, marked inferred, with its score and the shared wording.
The same links are a networkx DiGraph for depth, roots, paths and cycle checks."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from .align import Alignment, TaskRef, align, shared_wording, task_name, without_citations
from .build import AUTHORITY_GRAPH, INFERRED_GRAPH, LiteralMaker, derivation, short_evidence
from .errors import PolicykgError
from .iri import ID
from .namespaces import DCTERMS, ELI, OA, PKG
from .text import slug

WORDING_TEXTS = 200


class LineageError(PolicykgError):
    """The lineage is inconsistent: a cycle, or a reference that names nothing."""


def add_lineage(ds: Dataset, refs: list[TaskRef], with_alignment: bool = True,
                facts: "list[Any] | None" = None) -> Alignment:
    """Add the authority chain's derivations, then align the tasks `refs` (from the build, which
    records each task's own stated, cited and inherited links) across letters, and link tasks to
    the higher tasks they carry out (policykg.derive) given the letters' `facts`.
    `with_alignment=False` skips the inferred links, for benchmarks of the other parts."""
    _authority_chain(ds)
    alignment = align(refs) if with_alignment else Alignment([])
    _shared_tasks(ds, alignment)
    if facts:
        from .derive import add_links, derive_links

        add_links(derive_links(facts), lambda name: ds.graph(URIRef(name)))
    return alignment


def _authority_chain(ds: Dataset) -> None:
    """A stated derivation for each relation the curated data holds, its evidence the quote of
    the public document that states it (graph/authority.ttl: a pkg:evidence supporting the
    relation's property, naming its source in dcterms:bibliographicCitation)."""
    g = ds.graph(AUTHORITY_GRAPH)
    for prop, rel in ((ELI.ensures_implementation_of, "implements"), (PKG.continues, "continues")):
        for child, parent in sorted(g.subject_objects(prop)):
            label_c = g.value(child, ELI.number) or child
            label_p = g.value(parent, ELI.number) or parent
            claim = f"{label_c} {'tiếp tục thực hiện' if rel == 'continues' else 'thực hiện'} {label_p}"
            quotes = authority_quotes(g, child, prop)
            for source, citation, exact in quotes:
                d = derivation(g, child, parent, "stated", rel, f"{claim} — {citation}: “{short_evidence(exact, 160)}”")
                g.add((d, PROV.wasDerivedFrom, source))
            if not quotes:
                derivation(g, child, parent, "stated", rel, claim)


def authority_quotes(g: Graph, subject: URIRef, prop: URIRef) -> list[tuple[URIRef, str, str]]:
    """(source, how it is cited, the words quoted) of each quote in the curated data that
    supports `prop` of `subject`, in a fixed order."""
    out = []
    for ev in g.objects(subject, PKG.evidence):
        if (ev, PKG.supports, prop) not in g:
            continue
        source = g.value(ev, OA.hasSource)
        citation = g.value(ev, DCTERMS.bibliographicCitation)
        for sel in g.objects(ev, OA.hasSelector):
            exact = g.value(sel, OA.exact)
            if source is not None and exact is not None:
                out.append((source, str(citation or source), str(exact)))
    return sorted(out)


def _shared_tasks(ds: Dataset, alignment: Alignment, numbers: Mapping[URIRef, str] | None = None,
                  into: "set[tuple[Any, Any, Any]] | None" = None, lit: LiteralMaker = Literal) -> None:
    """The inferred graph: a shared task per group. `numbers` gives the directives' numbers when
    `ds` does not hold the letters, and `into` a set that takes the triples instead of the
    inferred graph, `lit` what makes their literals (the streaming build, which writes them out as
    N-Quads: an rdflib graph's indexes and rdflib's Literals cost it seconds at ten thousand
    letters for nothing)."""
    g: Any = ds.graph(INFERRED_GRAPH) if into is None else into

    def number(doc: URIRef) -> str:
        return numbers[doc] if numbers is not None and doc in numbers else str(ds.value(doc, ELI.number))
    for grp in alignment.groups:
        members = grp.members
        # the directives every member's letter implements: what the shared task is a task of
        common = grp.directives
        directives = sorted(URIRef(x) for x in common)
        iris = [_task_of(ds, m) for m in members]
        digest = hashlib.sha1("\n".join(map(str, sorted(iris))).encode()).hexdigest()[:8]
        head = slug(number(directives[0])) if directives else "shared"
        shared = URIRef(f"{ID}shared-task/{head}/{digest}")
        # the words common to the group's texts; distinct texts only, and at most a few hundred of
        # them, so that a group of thousands of letters costs what a group of dozens does
        texts = list(dict.fromkeys(without_citations(m.text) for m in members))[:WORDING_TEXTS]
        wording = shared_wording(texts) or short_evidence(members[0].text, 80)
        # the name: a verb phrase of the texts, not the shared run of words, which may be a fragment
        name = task_name(texts) or wording
        score = grp.score
        g.add((shared, RDF.type, PKG.SharedTask))
        listed = ", ".join(number(d) for d in directives)
        g.add((shared, RDFS.label, lit(f"Nhiệm vụ chung của {listed}: {name}", lang="vi")))
        g.add((shared, RDFS.comment, lit(
            "Suy ra từ cách diễn đạt gần như trùng nhau của các văn bản thực hiện; không trích văn bản gốc.",
            lang="vi")))
        g.add((shared, RDFS.comment, lit(
            "Inferred from near-identical wording in the letters that implement the directive; "
            "it does not quote the directive, whose text is not in the corpus.", lang="en")))
        for d in directives:
            derivation(g, shared, d, "inferred", "implements",
                       f"các văn bản thực hiện {number(d)} cùng giao nhiệm vụ: “{wording}”", score, lit=lit)
            g.add((shared, PKG.assignedBy, d))
        for iri, member_score in zip(iris, grp.scores):
            g.add((shared, PKG.member, iri))
            g.add((iri, PKG.carries, shared))
            derivation(g, iri, shared, "inferred", "carries", wording, member_score, lit=lit)


def _task_of(ds: Dataset, ref: TaskRef) -> URIRef:
    from .iri import task_iri

    return task_iri(URIRef(ref.letter), ref.path)


# --- the networkx view ----------------------------------------------------------------------


@dataclass
class Step:
    iri: str
    label: str
    kind: str
    number: str | None
    relation: str | None
    basis: str | None
    score: float | None
    evidence: str | None

    def as_json(self) -> dict[str, Any]:
        return self.__dict__.copy()


# When a task reaches one document in two ways (it cites 14/CT-TTg, and its letter implements
# 14/CT-TTg), the graph keeps both derivations; a path shows the one its text states most
# directly, whatever order the store returns them in.
BASIS_RANK = {"stated": 0, "cited": 1, "inherited": 2, "inferred": 3}


def add_link(dg: nx.DiGraph, child: Any, parent: Any, relation: str, basis: str, score: float | None,
             quotes: list[str]) -> None:
    """One derivation as an edge, unless the edge is there with a basis ranked before it."""
    if dg.has_edge(child, parent):
        had = dg.edges[child, parent]
        if (BASIS_RANK.get(had["basis"], 9), had["relation"]) <= (BASIS_RANK.get(basis, 9), relation):
            return
    # a link stated by several letters carries one quote from each: show the shortest of those
    # that name the parent (a district letter citing "Công văn số 3597/UBND-KGVX" also states
    # what 3597 implements, in words that do not name it; 3597's own subject line does)
    number = dg.nodes[parent].get("number") if parent in dg else None
    quote = sorted(quotes, key=lambda q: (bool(number) and number not in q, len(q), q))[0] if quotes else ""
    dg.add_edge(child, parent, relation=relation, basis=basis, score=score, evidence=quote)


def lineage_graph(g: Graph) -> nx.DiGraph:
    """Nodes: tasks, shared tasks, documents; an edge child -> parent per derivation."""
    dg = nx.DiGraph()
    for child, d in g.subject_objects(PKG.derivation):
        parent = g.value(d, PROV.entity)
        if parent is None:
            continue
        basis = str(g.value(d, PKG.basis) or "").rsplit("/", 1)[-1]
        relation = str(g.value(d, PKG.relation) or "").rsplit("/", 1)[-1]
        score = g.value(d, PKG.score)
        for node in (child, parent):
            if node not in dg:
                dg.add_node(node, **node_attrs(g, node))
        add_link(dg, child, parent, relation, basis, float(score) if score is not None else None,
                 [str(q) for q in g.objects(d, PKG.evidenceText)])
    return dg


def node_attrs(g: Graph, node: URIRef) -> dict[str, Any]:
    return describe(node, set(g.objects(node, RDF.type)), list(g.objects(node, RDFS.label)),
                    list(g.objects(node, ELI.number)))


def describe(node: Any, types: set[Any], labels: list[Any], numbers: list[Any]) -> dict[str, Any]:
    """A node's kind, label and number, from its types, labels and numbers (the first in order
    when there are several, so that every store gives the same)."""
    if PKG.SharedTask in types:
        kind = "shared-task"
    elif PKG.Task in types or PKG.ClosingObligation in types:
        kind = "task"
    else:
        kind = "document"
    number = sorted(numbers)[0] if numbers else None
    label = sorted(labels)[0] if labels else number or str(node).rsplit("/", 1)[-1]
    return {"label": str(label), "kind": kind, "number": str(number) if number else None}


def check_acyclic(dg: nx.DiGraph) -> None:
    try:
        cycle = nx.find_cycle(dg)
    except nx.NetworkXNoCycle:
        return
    members = " -> ".join(dg.nodes[u]["label"] for u, _ in cycle)
    raise LineageError(f"lineage has a cycle: {members}")


def ancestors(dg: nx.DiGraph, node: URIRef) -> set[URIRef]:
    return set(nx.descendants(dg, node)) if node in dg else set()


def roots(dg: nx.DiGraph) -> list[URIRef]:
    return sorted(n for n in dg if dg.out_degree(n) == 0)


def depth(dg: nx.DiGraph, node: URIRef) -> int:
    """Longest chain of derivations from `node` up to a root."""
    if node not in dg:
        return 0
    order = list(nx.topological_sort(dg.subgraph(nx.descendants(dg, node) | {node})))
    best = {n: 0 for n in order}
    for n in reversed(order):
        for _, parent in dg.out_edges(n):
            best[n] = max(best[n], best[parent] + 1)
    return best[node]


def paths_up(dg: nx.DiGraph, node: URIRef) -> list[list[Step]]:
    """Every path from `node` to a root, as steps (the start first, with no relation)."""
    if node not in dg:
        return [[_step(dg, node, None)]] if node in dg else []
    tops = [r for r in nx.descendants(dg, node) if dg.out_degree(r) == 0]
    out: list[list[Step]] = []
    for top in sorted(tops):
        for path in sorted(nx.all_simple_paths(dg, node, top), key=lambda p: [str(x) for x in p]):
            steps = [_step(dg, path[0], None)]
            for child, parent in zip(path, path[1:]):
                steps.append(_step(dg, parent, dg.edges[child, parent]))
            out.append(steps)
    return out


def _step(dg: nx.DiGraph, node: URIRef, edge: dict[str, Any] | None) -> Step:
    attrs = dg.nodes[node] if node in dg else {"label": str(node), "kind": "document", "number": None}
    return Step(
        iri=str(node), label=attrs["label"], kind=attrs["kind"], number=attrs["number"],
        relation=edge["relation"] if edge else None, basis=edge["basis"] if edge else None,
        score=edge["score"] if edge else None, evidence=edge["evidence"] if edge else None,
    )


_ = XSD  # typed literals are made in build.derivation


def export_lineage(g: Graph, fmt: str, out: "Path") -> tuple[int, int]:
    """The lineage of the merged graph `g` as GraphML or GEXF for Gephi: attributes as strings
    and numbers (no None)."""
    import tempfile

    from .files import write_atomic

    dg = lineage_graph(g)
    clean = nx.DiGraph()
    # GEXF wants one type per attribute: leave a missing value out rather than write ""
    for n, a in dg.nodes(data=True):
        clean.add_node(str(n), **{k: v for k, v in a.items() if v is not None})
    for u, v, a in dg.edges(data=True):
        clean.add_edge(str(u), str(v), **{k: x for k, x in a.items() if x is not None})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"lineage.{fmt}"
        (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(clean, path)
        write_atomic(out, path.read_bytes())
    return clean.number_of_nodes(), clean.number_of_edges()
