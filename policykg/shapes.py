"""The SHACL shapes (ontology/shapes.ttl) compiled to SPARQL, so that every build runs every
shape on its own store whatever its size (pySHACL took 80 ms a letter, too slow for ten
thousand), and reports what pySHACL reports: the same focus nodes, shapes and messages.

Written by hand because no library compiles SHACL to SPARQL for Oxigraph: pySHACL evaluates
shapes in Python over an rdflib graph. The compiler covers exactly the SHACL Core features
shapes.ttl uses (targets by class, subjects-of and objects-of; IRI paths; sh:minCount,
sh:maxCount, sh:datatype, sh:class, sh:minLength, sh:in, sh:hasValue, sh:minInclusive,
sh:maxInclusive, sh:qualifiedValueShape with sh:qualifiedMinCount, sh:xone, nested node and
property shapes) and raises ShapeError on any other, so that a new shape can never be skipped
in silence. tests/test_shapes.py holds it to pySHACL on every example and on the release graph.

Classes are read as pySHACL reads them given the ontology (policykg.validate): an instance of a
subclass declared in ontology/policykg.ttl is an instance of its class. Not checked, unlike
pySHACL: whether a literal's lexical form is valid for its datatype (the builds write dates
and decimals from Python values, which always are)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from .errors import PolicykgError
from .validate import Violation, ontology_path, shapes_path, short_name

if TYPE_CHECKING:
    from .sparql import Store


class ShapeError(PolicykgError):
    """A shape uses a SHACL feature the compiler does not know."""


# what a shape may say besides its constraints: read for the report, or documentation only
_ANNOTATIONS = {RDF.type, RDFS.label, RDFS.comment, SH.message, SH.name, SH.description, SH.property}
_NODE_KEYS = {SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.xone, SH["class"], SH.datatype,
              SH.minLength, SH["in"], SH.hasValue, SH.minInclusive, SH.maxInclusive}
_PROPERTY_KEYS = {SH.path, SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH.minLength, SH["in"],
                  SH.hasValue, SH.minInclusive, SH.maxInclusive, SH.qualifiedValueShape, SH.qualifiedMinCount}


@dataclass(frozen=True)
class CompiledShape:
    """One shape's constraints as one SPARQL query whose rows are the focus nodes that violate
    them: `shape` the shape pySHACL names as a result's source (a property shape, or the node
    shape for its own constraints), `path` its path's local name, `message` its English message."""

    shape: str
    path: str | None
    message: str
    query: str
    # the same query with FILTER NOT EXISTS for MINUS: rdflib evaluates MINUS by comparing every
    # solution with every other (a 300-letter file build took minutes), NOT EXISTS by a lookup
    rdflib_query: str = ""

    def reads(self, vocabulary: set[str]) -> bool:
        """Whether adding triples of `vocabulary` (policykg.shapes.vocabulary) can change this
        shape's answer: every pattern of its query has a constant predicate (rdf:type with
        constant classes), so triples whose predicate, or whose class, it never names cannot
        match any of them."""
        return not vocabulary.isdisjoint(re.findall(r"<([^>]+)>", self.query))

    def violations(self, store: "Store") -> list[Violation]:
        from .sparql import RdflibStore

        _, rows = store.select(self.rdflib_query if isinstance(store, RdflibStore) else self.query, {})
        name = short_name(URIRef(self.shape)) or self.shape
        return [Violation(str(r["focus"]), self.path, self.message, name, "Violation") for r in rows]


def _n3(t: Node) -> str:
    if isinstance(t, URIRef):
        return f"<{t}>"
    if isinstance(t, Literal):
        return t.n3()
    raise ShapeError(f"a blank node where SHACL wants an IRI or a literal: {t}")


class _Compiler:
    def __init__(self, shapes: Graph, ontology: Graph, minus: bool = True) -> None:
        self.g = shapes
        self.onto = ontology
        self.fresh = 0
        self.minus = minus

    def without(self, pattern: str) -> str:
        """The solutions so far without those matching `pattern` (which shares ?focus)."""
        return f"MINUS {{ {pattern} }}" if self.minus else f"FILTER NOT EXISTS {{ {pattern} }}"

    def var(self, stem: str) -> str:
        self.fresh += 1
        return f"?{stem}{self.fresh}"

    def subclasses(self, cls: Node) -> list[Node]:
        """`cls` and every class the ontology declares under it (rdfs:subClassOf*)."""
        found = {cls}
        todo = [cls]
        while todo:
            for sub in self.onto.subjects(RDFS.subClassOf, todo.pop()):
                if sub not in found:
                    found.add(sub)
                    todo.append(sub)
        return sorted(found, key=str)

    def one(self, s: Node, p: URIRef) -> Node | None:
        values = list(self.g.objects(s, p))
        if len(values) > 1:
            raise ShapeError(f"{s}: more than one {p}")
        return values[0] if values else None

    def integer(self, s: Node, p: URIRef) -> int | None:
        v = self.one(s, p)
        if v is None:
            return None
        if not isinstance(v, Literal) or not isinstance(v.toPython(), int):
            raise ShapeError(f"{s}: {p} is not an integer")
        return int(v.toPython())

    def check_keys(self, s: Node, allowed: set[URIRef]) -> None:
        for p in set(self.g.predicates(s, None)):
            if p not in allowed and p not in _ANNOTATIONS:
                raise ShapeError(f"{s}: SHACL feature {p} is not compiled to SPARQL (policykg.shapes)")
        sev = self.one(s, SH.severity)
        if sev is not None and sev != SH.Violation:
            raise ShapeError(f"{s}: only sh:Violation is compiled")

    def path(self, s: Node) -> str:
        p = self.one(s, SH.path)
        if not isinstance(p, URIRef):
            raise ShapeError(f"{s}: only an IRI is compiled as sh:path, not {p!r}")
        return f"<{p}>"

    def is_property(self, s: Node) -> bool:
        return self.one(s, SH.path) is not None

    # --- value constraints: an expression true when the term `x` violates one -------------------

    def value_violations(self, s: Node, x: str, classes: bool = True, members: bool = True) -> list[str]:
        """`classes` and `members` False leave sh:class and sh:in out, for a caller that
        matches them as patterns."""
        out: list[str] = []
        for cls in self.g.objects(s, SH["class"]) if classes else ():
            types = " ".join(_n3(c) for c in self.subclasses(cls))
            c = self.var("c")
            out.append(f"NOT EXISTS {{ VALUES {c} {{ {types} }} {x} a {c} }}")
        for dt in self.g.objects(s, SH.datatype):
            out.append(f"!COALESCE(isLiteral({x}) && sameTerm(DATATYPE({x}), {_n3(dt)}), false)")
        if (n := self.integer(s, SH.minLength)) is not None:
            out.append(f"(isBlank({x}) || STRLEN(STR({x})) < {n})")
        for lst in self.g.objects(s, SH["in"]) if members else ():
            listed = list(Collection(self.g, lst))
            out.append("!(" + (" || ".join(f"sameTerm({x}, {_n3(m)})" for m in listed) or "false") + ")")
        for bound, op in ((SH.minInclusive, ">="), (SH.maxInclusive, "<=")):
            for v in self.g.objects(s, bound):
                out.append(f"!COALESCE({x} {op} {_n3(v)}, false)")
        return out

    # --- a shape on a focus term `f`: an expression true when `f` violates it -------------------

    def distinct(self, f: str, path: str, n: int, extra: Callable[[str], str] | None = None) -> str:
        """A pattern matching when `f` has at least `n` distinct values along `path` (each
        passing `extra`, an expression on it, when given)."""
        vs = [self.var("v") for _ in range(n)]
        parts = [f"{f} {path} {v} ." for v in vs]
        conds = [f"!sameTerm({a}, {b})" for i, a in enumerate(vs) for b in vs[i + 1:]]
        if extra is not None:
            conds += [extra(v) for v in vs]
        return " ".join(parts) + (f" FILTER ({' && '.join(conds)})" if conds else "")

    def property_violations(self, s: Node, f: str) -> list[str]:
        self.check_keys(s, _PROPERTY_KEYS)
        path = self.path(s)
        out: list[str] = []
        if (n := self.integer(s, SH.minCount)) is not None and n > 0:
            out.append(f"NOT EXISTS {{ {self.distinct(f, path, n)} }}")
        if (n := self.integer(s, SH.maxCount)) is not None:
            out.append(f"EXISTS {{ {self.distinct(f, path, n + 1)} }}")
        v = self.var("v")
        values = self.value_violations(s, v)
        if values:
            out.append(f"EXISTS {{ {f} {path} {v} . FILTER ({' || '.join(values)}) }}")
        for h in self.g.objects(s, SH.hasValue):
            out.append(f"NOT EXISTS {{ {f} {path} {_n3(h)} }}")
        q, n = self.qualified(s)
        if q is not None and n:
            out.append(f"NOT EXISTS {{ {self.distinct(f, path, n, lambda x: self.conforms(q, x))} }}")
        for nested in self.g.objects(s, SH.property):
            raise ShapeError(f"{s}: a property shape's own sh:property ({nested}) is not compiled")
        return out

    def qualified(self, s: Node) -> tuple[Node | None, int | None]:
        """The property shape's sh:qualifiedValueShape and sh:qualifiedMinCount, which come in pairs."""
        q = self.one(s, SH.qualifiedValueShape)
        n = self.integer(s, SH.qualifiedMinCount)
        if (q is None) != (n is None):
            raise ShapeError(f"{s}: sh:qualifiedValueShape goes with sh:qualifiedMinCount here")
        return q, n

    def node_violations(self, s: Node, f: str, with_properties: bool) -> list[str]:
        """The node shape's own constraints on `f` (and its property shapes', nested ones)."""
        self.check_keys(s, _NODE_KEYS)
        out = self.value_violations(s, f)
        for hv in self.g.objects(s, SH.hasValue):
            out.append(f"!sameTerm({f}, {_n3(hv)})")
        for lst in self.g.objects(s, SH.xone):
            members = list(Collection(self.g, lst))
            ones = " + ".join(f"IF({self.conforms(m, f)}, 1, 0)" for m in members)
            out.append(f"({ones}) != 1")
        if with_properties:
            for p in self.g.objects(s, SH.property):
                out += self.property_violations(p, f)
        return out

    def conforms(self, s: Node, f: str) -> str:
        """An expression true when `f` conforms to the shape `s` (a node or a property shape)."""
        found = self.property_violations(s, f) if self.is_property(s) else self.node_violations(s, f, True)
        return "(" + " && ".join(f"!({v})" for v in found) + ")" if found else "true"

    # --- the queries ----------------------------------------------------------------------------

    def targets(self, s: Node) -> str:
        parts: list[str] = []
        for cls in self.g.objects(s, SH.targetClass):
            types = " ".join(_n3(c) for c in self.subclasses(cls))
            parts.append(f"{{ VALUES ?class {{ {types} }} ?focus a ?class }}")
        for p in self.g.objects(s, SH.targetSubjectsOf):
            parts.append(f"{{ ?focus {_n3(p)} [] }}")
        for p in self.g.objects(s, SH.targetObjectsOf):
            parts.append(f"{{ [] {_n3(p)} ?focus }}")
        if not parts:
            raise ShapeError(f"{s}: a node shape without a target this compiler knows")
        return parts[0] if len(parts) == 1 else "{ " + " UNION ".join(parts) + " }"

    def top_patterns(self, s: Node, target: str) -> list[str]:
        """A property shape's constraints on the focus nodes of `target`, each as a pattern
        matching the violating ones: joins, groups and MINUS, which Oxigraph answers from its
        indexes, with the path's triples first and the target after, since Oxigraph joins in
        the order written (a thousand letters: 0.03 s a pattern, where starting from the target
        took 0.2 s and one FILTER of EXISTS a focus node 3 s for all the shapes). Nested shapes
        keep the expressions (property_violations)."""
        self.check_keys(s, _PROPERTY_KEYS)
        path = self.path(s)
        out: list[str] = []
        if (n := self.integer(s, SH.minCount)) is not None and n > 0:
            if n == 1:
                out.append(f"{target} {self.without(f'?focus {path} []')}")
            else:
                out.append(f"{target} FILTER NOT EXISTS {{ {self.distinct('?focus', path, n)} }}")
        if (n := self.integer(s, SH.maxCount)) is not None:
            v = self.var("v")
            out.append(f"{{ SELECT ?focus WHERE {{ ?focus {path} {v} }} GROUP BY ?focus "
                       f"HAVING (COUNT(DISTINCT {v}) > {n}) }} {target}")
        for cls in self.g.objects(s, SH["class"]):
            types = " ".join(_n3(c) for c in self.subclasses(cls))
            v, c = self.var("v"), self.var("c")
            out.append(f"?focus {path} {v} . {self.without(f'VALUES {c} {{ {types} }} {v} a {c}')} {target}")
        for lst in self.g.objects(s, SH["in"]):
            v = self.var("v")
            members = " ".join(_n3(m) for m in Collection(self.g, lst))
            out.append(f"?focus {path} {v} . {self.without(f'VALUES {v} {{ {members} }}')} {target}")
        v = self.var("v")
        values = [e for e in self.value_violations(s, v, classes=False, members=False)]
        if values:
            out.append(f"?focus {path} {v} . FILTER ({' || '.join(values)}) {target}")
        for h in self.g.objects(s, SH.hasValue):
            out.append(f"{target} {self.without(f'?focus {path} {_n3(h)}')}")
        q, n = self.qualified(s)
        if q is not None and n:
            out.append(f"{target} {self.without(self.distinct('?focus', path, n, lambda x: self.conforms(q, x)))}")
        for nested in self.g.objects(s, SH.property):
            raise ShapeError(f"{s}: a property shape's own sh:property ({nested}) is not compiled")
        return out

    def compile(self) -> list[CompiledShape]:
        out: list[CompiledShape] = []
        for s in sorted(self.g.subjects(RDF.type, SH.NodeShape), key=str):
            if isinstance(s, BNode):
                continue  # a nested shape: compiled where it is used
            target = self.targets(s)
            own = self.node_violations(s, "?focus", with_properties=False)
            if own:
                out.append(self.query(s, None, [f"{target} FILTER ({' || '.join(own)})"]))
            for p in sorted(self.g.objects(s, SH.property), key=str):
                if isinstance(p, BNode):
                    raise ShapeError(f"{s}: a blank property shape would be reported without a name")
                out.append(self.query(p, short_name(self.one(p, SH.path)), self.top_patterns(p, target)))
        return out

    def query(self, s: Node, path: str | None, patterns: list[str]) -> CompiledShape:
        messages = list(self.g.objects(s, SH.message))
        en = [m for m in messages if getattr(m, "language", None) == "en"]
        message = str((en or messages or ["(no message)"])[0])
        union = " UNION ".join(f"{{ {p} }}" for p in patterns)
        return CompiledShape(str(s), path, message, f"SELECT DISTINCT ?focus WHERE {{ {union} }}")


@lru_cache(maxsize=4)
def _compiled(shapes: Path, ontology: Path) -> tuple[CompiledShape, ...]:
    sg = Graph().parse(shapes, format="turtle")
    og = Graph().parse(ontology, format="turtle")
    portable = _Compiler(sg, og, minus=False).compile()
    return tuple(CompiledShape(s.shape, s.path, s.message, s.query, r.query)
                 for s, r in zip(_Compiler(sg, og).compile(), portable))


def compiled_shapes(shapes: Path | None = None) -> list[CompiledShape]:
    """ontology/shapes.ttl (or `shapes`) as SPARQL, a query a shape; ShapeError on a SHACL
    feature this compiler does not know."""
    return list(_compiled(shapes or shapes_path(), ontology_path()))


def vocabulary(triples: Iterable[tuple[object, object, object]]) -> set[str]:
    """The predicates of `triples`, and the classes of their rdf:type triples."""
    out: set[str] = set()
    for _, p, o in triples:
        out.add(str(o) if p == RDF.type else str(p))
    return out


def violations_by_shape(store: "Store", shapes: list[CompiledShape] | None = None,
                        jobs: int = 1) -> dict[str, list[Violation]]:
    """Each compiled shape's violations over `store`, by the shape's IRI. On `jobs` threads, as
    policykg.checks runs the checks: Oxigraph evaluates a query without holding the GIL."""
    chosen = compiled_shapes() if shapes is None else shapes
    if jobs <= 1:
        return {s.shape: s.violations(store) for s in chosen}
    with ThreadPoolExecutor(max_workers=jobs) as threads:
        return dict(zip((s.shape for s in chosen), threads.map(lambda s: s.violations(store), chosen)))


def sorted_violations(found: dict[str, list[Violation]]) -> list[Violation]:
    """Violations in the order policykg.validate sorts pySHACL's."""
    return sorted((v for vs in found.values() for v in vs), key=lambda v: (v.shape, v.focus, v.path or ""))


def run_shapes(store: "Store", shapes: list[CompiledShape] | None = None, jobs: int = 1) -> list[Violation]:
    """Every compiled shape over `store`, its violations sorted as policykg.validate sorts pySHACL's."""
    return sorted_violations(violations_by_shape(store, shapes, jobs))
