"""The counts every command reports (`build`, `stats`, `load`), each defined once, as a SPARQL
COUNT over the graph, so that rdflib in memory, an Oxigraph store and an endpoint give the same
number for the same graph. docs/counts.md says what each counts and why."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .sparql import Store

PREFIXES = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX pkg: <https://w3id.org/policykg/ontology#>
"""

# name -> the WHERE clause whose solutions are counted (DISTINCT ?x, or every solution of
# the triples and quads). The order is the order reports print them in.
COUNTS: dict[str, str] = {
    # every document the graph knows: letters, the curated documents, documents known only by a citation
    "documents": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a eli:LegalResource }",
    # the documents read from a source file (a letter of the corpus)
    "source documents": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a eli:LegalResource ; pkg:sourceText ?s }",
    # the tasks letters assign (pkg:Task), not their closing obligations nor the inferred shared tasks
    "tasks": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a pkg:Task }",
    "closing obligations": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a pkg:ClosingObligation }",
    "shared tasks": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a pkg:SharedTask }",
    # bodies: organisations and the groups of them a letter addresses together ("các Sở")
    "bodies": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { { ?x a org:Organization } UNION { ?x a pkg:BodyGroup } }",
    # the merged graph, each triple once whichever graphs hold it: what queries read
    "triples": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    # triples in their named graphs (a triple in two graphs counts twice): what TriG and N-Quads
    # hold; 0 for a store built without --named-graphs
    "quads": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
}


def graph_counts(store: "Store") -> dict[str, int]:
    """Each count of COUNTS over `store` (any policykg.sparql store: for an rdflib Dataset wrap it
    with `RdflibStore.of_dataset`, whose default graph is then the union of the named graphs)."""
    out: dict[str, int] = {}
    for name, query in COUNTS.items():
        _, rows = store.select(PREFIXES + query, {})
        value = rows[0]["n"] if rows else None
        out[name] = int(value) if value is not None else 0  # type: ignore[call-overload]
    return out


def counts_line(counts: dict[str, int]) -> str:
    """The counts as reports print them: `13 documents, 2 source documents, ...`."""
    return ", ".join(f"{n} {name}" for name, n in counts.items())
