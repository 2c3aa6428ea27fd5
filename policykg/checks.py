"""The checks every build runs, whatever its size: the SPARQL checks of queries/checks/, on the
build's own store (rdflib in memory for the file build, Oxigraph for the store build), through
the one function here, so that the same graph gets the same verdict from both.

The SHACL shapes (ontology/shapes.ttl) run beside them in both builds, compiled to SPARQL
(policykg.shapes): pySHACL takes about 80 ms a letter, too slow for ten thousand; it stays the
reference `policykg validate` runs."""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from .queries import LibraryQuery, library

if TYPE_CHECKING:
    from .sparql import Store


def build_checks(scope: str | None = None) -> list[LibraryQuery]:
    """The checks, all or those of one scope: "sources" for those whose answer inferred links
    cannot change (the store build runs them beside alignment), "" for the others."""
    return [q for q in library(checks=True) if scope is None or (q.scope == "sources") == (scope == "sources")]


def run_checks(store: "Store", checks: Iterable[LibraryQuery] | None = None, jobs: int = 1) -> list[str]:
    """Each check over `store`, a line per violation (`check-name: value ...`, at most 20 a
    check), in the checks' order. On `jobs` threads: Oxigraph evaluates a query without holding
    the GIL, so they run side by side."""
    chosen = list(build_checks() if checks is None else checks)

    def one(q: LibraryQuery) -> list[str]:
        _, rows = store.select(q.text, {})
        return [f"{q.name}: {' '.join(str(v) for v in r.values())}" for r in rows[:20]]

    if jobs <= 1:
        return [v for q in chosen for v in one(q)]
    with ThreadPoolExecutor(max_workers=jobs) as threads:
        return [v for found in threads.map(one, chosen) for v in found]


def refusal(violations: list[str]) -> str:
    """The message both builds stop with when checks found violations."""
    return (f"{len(violations)} violation(s), first: {violations[0]}; nothing written "
            "(use --force to write anyway)")
