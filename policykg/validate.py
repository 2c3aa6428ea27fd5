"""SHACL validation of the graph against ontology/shapes.ttl (pySHACL)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from .files import repo_root


@dataclass
class Violation:
    focus: str
    path: str | None
    message: str
    shape: str
    severity: str

    def line(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"{self.severity}: <{self.focus}>{where}: {self.message} [{self.shape}]"


def shapes_path() -> Path:
    return repo_root() / "ontology" / "shapes.ttl"


def ontology_path() -> Path:
    return repo_root() / "ontology" / "policykg.ttl"


def validate_graph(data: Graph, shapes: Path | None = None) -> list[Violation]:
    from pyshacl import validate

    sg = Graph().parse(shapes or shapes_path(), format="turtle")
    og = Graph().parse(ontology_path(), format="turtle")
    _, report, _ = validate(data, shacl_graph=sg, ont_graph=og, inference="none", advanced=True,
                            allow_warnings=True)
    out: list[Violation] = []
    for r in sorted(report.subjects(RDF.type, SH.ValidationResult)):
        msgs = [m for m in report.objects(r, SH.resultMessage)]
        en = [m for m in msgs if getattr(m, "language", None) == "en"]
        message = str((en or msgs or ["(no message)"])[0])
        path = report.value(r, SH.resultPath)
        sev = str(report.value(r, SH.resultSeverity) or SH.Violation).rsplit("#", 1)[-1]
        out.append(Violation(str(report.value(r, SH.focusNode)), short_name(path), message,
                             short_name(report.value(r, SH.sourceShape)) or "", sev))
    return sorted(out, key=lambda v: (v.shape, v.focus, v.path or ""))


def short_name(node: object) -> str | None:
    """An IRI's local name (after its last # or /), as reports print a shape or a path."""
    if node is None:
        return None
    if isinstance(node, URIRef):
        s = str(node)
        for sep in ("#", "/"):
            if sep in s:
                return s.rsplit(sep, 1)[-1]
    return str(node)
