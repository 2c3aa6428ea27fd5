"""Loading and writing the dataset: TriG (named graphs kept), merged Turtle, JSON-LD.

Writes are deterministic (no blank nodes; rdflib's Turtle and TriG writers sort subjects and
predicates; JSON-LD is re-sorted here) and atomic, so a release file is never half written."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Dataset, Graph

from .errors import PolicykgError
from .files import repo_root, sorted_json, write_set
from .namespaces import bind_prefixes

FORMATS = {".trig": "trig", ".ttl": "turtle", ".jsonld": "json-ld", ".json": "json-ld", ".nq": "nquads", ".nt": "nt"}
RELEASE_NAME = "policykg"


class LoadError(PolicykgError):
    """A graph file cannot be read."""


def default_graph() -> Path:
    return repo_root() / "graph" / f"{RELEASE_NAME}.trig"


def load_dataset(path: str | Path | None = None) -> Dataset:
    p = Path(path) if path else default_graph()
    if not p.exists():
        hint = " (run `policykg build` first)" if path is None else ""
        raise LoadError(f"{p}: no such graph file{hint}")
    fmt = FORMATS.get(p.suffix.lower())
    if fmt is None:
        raise LoadError(f"{p}: unknown graph format '{p.suffix}' (use .trig, .ttl, .jsonld, .nq)")
    ds = Dataset()
    bind_prefixes(ds)
    try:
        if fmt in ("trig", "nquads", "json-ld"):
            ds.parse(p, format=fmt)
        else:
            ds.default_graph.parse(p, format=fmt) if hasattr(ds, "default_graph") else ds.parse(p, format=fmt)
    except Exception as exc:  # rdflib raises parser-specific exceptions
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise LoadError(f"{p}: cannot be read as {fmt}: {first}") from None
    return ds


def merged(ds: Dataset) -> Graph:
    """All named graphs as one graph (what SPARQL without GRAPH and SHACL see)."""
    g = Graph()
    bind_prefixes(g)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def trig(ds: Dataset) -> str:
    """TriG with the named graphs in IRI order: rdflib's writer sorts subjects within a
    graph but emits graphs in set order, which changes with Python's hash seed."""
    from .namespaces import PREFIXES

    head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items())) + "\n"
    blocks = []
    for g in sorted(ds.graphs(), key=lambda g: str(g.identifier)):
        if len(g) == 0:
            continue
        body = Graph()
        bind_prefixes(body)
        for t in g:
            body.add(t)
        ttl = body.serialize(format="turtle")
        lines = [ln for ln in ttl.splitlines() if not ln.startswith("@prefix")]
        # no indentation: a line of a multi-line (triple-quoted) literal is part of its value
        text = "\n".join(lines).strip("\n")
        blocks.append(f"<{g.identifier}> {{\n{text}\n}}\n")
    return head + "\n".join(blocks)


def serialize_all(ds: Dataset) -> dict[str, bytes]:
    trig_bytes = trig(ds).encode("utf-8")
    ttl = merged(ds).serialize(format="turtle").encode("utf-8")
    raw = json.loads(ds.serialize(format="json-ld", auto_compact=False))
    jsonld = json.dumps(sorted_json(raw), ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    return {f"{RELEASE_NAME}.trig": trig_bytes, f"{RELEASE_NAME}.ttl": ttl, f"{RELEASE_NAME}.jsonld": jsonld}


def write_release(ds: Dataset, out: Path) -> list[Path]:
    """Serialise everything first, then write the files as a set (files.write_set): a
    serialisation error, a full disk or a failed rename leaves the old files whole, all three."""
    payloads = serialize_all(ds)
    return write_set({out / name: data for name, data in payloads.items()})
