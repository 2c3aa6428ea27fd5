"""`policykg stats`: the graph's counts (policykg.counts), nodes by class and triples by graph,
all by SPARQL, so any store gives them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .counts import counts_line, graph_counts
from .namespaces import PREFIXES

if TYPE_CHECKING:
    from .sparql import Store


def _curie(iri: str) -> str:
    for prefix, ns in sorted(PREFIXES.items(), key=lambda x: -len(str(x[1]))):
        if iri.startswith(str(ns)):
            return f"{prefix}:{iri[len(str(ns)):]}"
    return f"<{iri}>"


def graph_stats(store: "Store") -> str:
    """The counts, then each class with its instances (each node once), then each named graph
    with its triples."""
    counts = graph_counts(store)
    _, by_class = store.select("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c", {})
    _, by_graph = store.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", {})
    classes = sorted(((_curie(str(r["c"])), int(r["n"])) for r in by_class), key=lambda x: (-x[1], x[0]))  # type: ignore[call-overload]
    graphs = sorted((str(r["g"]), int(r["n"])) for r in by_graph)  # type: ignore[call-overload]
    lines = [counts_line(counts), "by class (nodes):"]
    lines += [f"  {n:>7}  {c}" for c, n in classes]
    lines.append("by graph (triples):")
    lines += [f"  {n:>7}  {g}" for g, n in graphs]
    lines.append(f"total: {counts['triples']} triples, {counts['quads']} quads in {len(graphs)} named graphs")
    return "\n".join(lines)
