"""Rendering query results: table, CSV, TSV, Markdown, and SPARQL 1.1 Results JSON."""

from __future__ import annotations

import csv
import io
import json

from rdflib import Literal, URIRef
from rdflib.term import Node

from .queries import results_json


def cell(t: Node | None) -> str:
    if t is None:
        return ""
    if isinstance(t, (URIRef, Literal)):
        return str(t)
    return f"_:{t}"


def render(names: list[str], rows: list[dict[str, Node | None]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(results_json(names, rows), ensure_ascii=False, indent=2)
    if fmt == "tsv":
        # SPARQL 1.1 TSV: terms in N-Triples syntax
        lines = ["\t".join("?" + n for n in names)]
        lines += ["\t".join(r[n].n3() if r.get(n) is not None else "" for n in names) for r in rows]
        return "\n".join(lines)
    table = [[cell(r.get(n)) for n in names] for r in rows]
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(names)
        w.writerows(table)
        return buf.getvalue().rstrip("\n")
    if fmt == "markdown":
        esc = lambda s: s.replace("|", "\\|").replace("\n", " ")  # noqa: E731
        out = ["| " + " | ".join(names) + " |", "|" + "---|" * len(names)]
        out += ["| " + " | ".join(esc(c) for c in row) + " |" for row in table]
        return "\n".join(out)
    widths = [min(60, max([len(n)] + [len(row[i]) for row in table])) for i, n in enumerate(names)]
    fmt_row = lambda r: "  ".join(c[:w].ljust(w) for c, w in zip(r, widths)).rstrip()  # noqa: E731
    out = [fmt_row(names), fmt_row(["-" * w for w in widths])] + [fmt_row(r) for r in table]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)
