"""`policykg stats`: counts by class and by source graph."""

from __future__ import annotations

from collections import Counter

from rdflib.namespace import RDF

from .store import load_dataset


def graph_stats(path: str | None) -> str:
    ds = load_dataset(path)
    by_class: Counter[str] = Counter()
    by_graph: Counter[str] = Counter()
    for s, p, o, g in ds.quads((None, None, None, None)):
        by_graph[str(g.identifier if hasattr(g, "identifier") else g)] += 1
        if p == RDF.type:
            by_class[ds.namespace_manager.normalizeUri(o)] += 1
    lines = ["by class:"]
    lines += [f"  {n:>7}  {c}" for c, n in sorted(by_class.items(), key=lambda x: (-x[1], x[0]))]
    lines.append("by graph (triples):")
    lines += [f"  {n:>7}  {g}" for g, n in sorted(by_graph.items())]
    lines.append(f"total: {sum(by_graph.values())} triples in {len(by_graph)} graphs")
    return "\n".join(lines)
