"""The SPARQL query library (queries/*.rq) and running queries on any store.

Each query carries a grlc-style header (`#+ summary:`, `#+ description:`, `#+ params:`).
Parameters are bound as RDF terms (rdflib's initBindings, pyoxigraph's substitutions, or a
VALUES block of serialised terms for a remote endpoint), never pasted into the query text,
so a value cannot change the query."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from .errors import PolicykgError
from .files import repo_root
from .text import fold


class QueryError(PolicykgError):
    """A query cannot be found, parsed, bound or run."""


@dataclass
class Param:
    name: str
    kind: str  # literal | name | iri | integer
    default: str | None
    example: str | None
    description: str

    def term(self, value: str) -> Node:
        if self.kind == "iri":
            v = value.strip()
            if v.startswith("<") and v.endswith(">"):
                v = v[1:-1]
            # the characters an IRI may not hold (RFC 3987, SPARQL's IRIREF): a value like
            # `urn:a>` would otherwise end the serialised term and fail deep in a store
            if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+$", v):
                raise QueryError(f"parameter {self.name}: {value!r} is not an IRI")
            return URIRef(v)
        if self.kind == "integer":
            try:
                return Literal(int(value))
            except ValueError:
                raise QueryError(f"parameter {self.name}: {value!r} is not an integer") from None
        if self.kind == "name":
            # matched against a folded skos:hiddenLabel, so the value joins a triple pattern
            # directly: an engine can start from it, where a FILTER on a parameter runs only
            # after everything else was joined (seconds instead of milliseconds at 10,000 letters)
            return Literal(fold(value))
        return Literal(value)


@dataclass
class LibraryQuery:
    name: str
    path: Path
    text: str
    summary: str
    description: str
    params: list[Param] = field(default_factory=list)
    # `sources` for a check whose answer the inferred links cannot change (it reads what the
    # letters and the curated data state): the large build runs those beside alignment
    scope: str = ""

    def bindings(self, given: dict[str, str]) -> dict[str, Node]:
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known))
        if unknown:
            allowed = ", ".join(known) or "none"
            raise QueryError(f"{self.name}: unknown parameter {unknown[0]!r} (parameters: {allowed})")
        out: dict[str, Node] = {}
        for p in self.params:
            if p.name in given:
                out[p.name] = p.term(given[p.name])
            elif p.default is not None:
                out[p.name] = p.term(p.default)
            else:
                raise QueryError(f"{self.name}: missing parameter {p.name!r} (-p {p.name} VALUE)")
        return out


_HEADER = re.compile(r"^#\+\s*(?P<key>\w+)\s*:\s*(?P<value>.*)$")
_PARAM = re.compile(
    r"^#\+\s+-\s*(?P<name>\w+)\s*:\s*(?P<kind>literal|name|iri|integer)\s*;\s*default\s+(?P<default>\"[^\"]*\"|<[^>]*>|\S+)"
    r"\s*;\s*example\s+(?P<example>\"[^\"]*\"|<[^>]*>|\S+)\s*;\s*(?P<desc>.*)$"
)


def library_dir() -> Path:
    return repo_root() / "queries"


def read_query(path: Path) -> LibraryQuery:
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#+"):
            if line.strip() and not line.startswith("#"):
                break
            continue
        m = _PARAM.match(line)
        if m:
            default = None if m.group("default") == "-" else _unquote(m.group("default"))
            params.append(Param(m.group("name"), m.group("kind"), default,
                                _unquote(m.group("example")), m.group("desc").strip()))
            continue
        h = _HEADER.match(line)
        if h:
            meta[h.group("key")] = h.group("value").strip()
    return LibraryQuery(path.stem, path, text, meta.get("summary", ""), meta.get("description", ""), params,
                        meta.get("scope", ""))


def _unquote(v: str) -> str:
    if (v.startswith('"') and v.endswith('"')) or (v.startswith("<") and v.endswith(">")):
        return v[1:-1]
    return v


def library(folder: Path | None = None, checks: bool = False) -> list[LibraryQuery]:
    base = (folder or library_dir()) / ("checks" if checks else "")
    return [read_query(p) for p in sorted(base.glob("*.rq"))]


MAX_NAME = 200


def library_queries() -> dict[str, LibraryQuery]:
    """Every library query by its name: `document-chain`, `checks/lineage-cycle-violation`."""
    out = {q.name: q for q in library()}
    out.update({f"checks/{q.name}": q for q in library(checks=True)})
    return out


def library_query(name: str) -> LibraryQuery:
    """A library query by its exact name, nothing else: the name is looked up in the library's
    list, never joined to a path, so that no name reaches a file outside queries/."""
    queries = library_queries()
    if name in queries:
        return queries[name]
    shown = name if len(name) <= 60 else name[:57] + "..."
    close = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.4) if len(name) <= MAX_NAME else []
    hint = f"; did you mean {', '.join(close)}?" if close else "; see `policykg query --list`"
    raise QueryError(f"unknown query {shown!r}{hint}")


def find_query(ref: str) -> LibraryQuery:
    """A library name (`document-chain`, `checks/lineage-cycle-violation`) or a .rq file path."""
    if ref.endswith(".rq"):
        p = Path(ref)
        try:
            if p.is_file():
                return read_query(p)
        except (OSError, UnicodeDecodeError) as exc:  # a name too long for the system, no UTF-8
            raise QueryError(f"{ref[:60]}: cannot read the query file ({type(exc).__name__})") from None
        raise QueryError(f"{ref[:60]}: no such query file")
    return library_query(ref)


def check_syntax(text: str, label: str = "query") -> str:
    """Parse with rdflib; a syntax error becomes one line with its line and column. Returns
    the query's form: SELECT, ASK, CONSTRUCT or DESCRIBE."""
    from rdflib.plugins.sparql import prepareQuery

    if re.search(r"(?i)^\s*(?:PREFIX\s+\S*\s*<[^>]*>\s*|BASE\s*<[^>]*>\s*)*(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
                 _strip_comments(text)):
        raise QueryError(f"{label}: updates are not allowed")
    try:
        form = prepareQuery(text).algebra.name.removesuffix("Query").upper()
    except Exception as exc:  # pyparsing.ParseException and friends
        line = getattr(exc, "lineno", None)
        col = getattr(exc, "col", None)
        where = f" at line {line}, column {col}" if line is not None else ""
        msg = getattr(exc, "msg", None) or str(exc).splitlines()[0]
        raise QueryError(f"{label}: SPARQL syntax error{where}: {msg}") from None
    if re.search(r"(?im)^\s*(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY)\b", _strip_comments(text)):
        raise QueryError(f"{label}: updates are not allowed")
    return form


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# what the grammar reads as one token that a keyword cannot hide in: long and short strings,
# IRIs (no space or brace inside), comments; a keyword that is part of a prefixed name, a
# variable or a blank node label touches `:`, `?`, `$` or a name character
_LEXEMES = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                      r"|\"(?:[^\"\\\n\r]|\\.)*\"|'(?:[^'\\\n\r]|\\.)*'|<[^<>\"{}|^`\\\s]*>|#[^\n\r]*")
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE(?![\w:\-])", re.IGNORECASE)


def uses_service(text: str) -> bool:
    """Whether a query holds a SERVICE clause, which makes a store connect to the address it
    names. Read from the text as the SPARQL grammar reads it (codepoint escapes undone first,
    as section 19.2 says parsers do; strings, IRIs and comments set aside), without parsing or
    running anything: refused this way, a SERVICE never opens a connection."""
    plain = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)) if int(m.group(1) or m.group(2), 16) < 0x110000 else m.group(0), text)
    code = _LEXEMES.sub(lambda m: " ", plain)
    return _SERVICE.search(code) is not None


_TOKENS = re.compile(r"<[^<>\"{}|^`\\\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|#[^\n]*")


def _strip_comments(text: str) -> str:
    """Comments blanked out with spaces of the same length (offsets stay valid); a # inside
    an IRI or a string is no comment."""
    return _TOKENS.sub(lambda m: " " * len(m.group(0)) if m.group(0).startswith("#") else m.group(0), text)


def variables_of(text: str) -> set[str]:
    return set(re.findall(r"[?$](\w+)", _strip_comments(text)))


def values_block(bindings: dict[str, Node]) -> str:
    """A VALUES clause of serialised RDF terms, for stores that cannot pre-bind variables."""
    if not bindings:
        return ""
    names = sorted(bindings)
    row = " ".join(bindings[n].n3() for n in names)
    return f" VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }} "


_WHERE_OPEN = re.compile(r"(?i)\bWHERE\s*\{|(?<![\w?$])\{")


def bind_values(query: str, bindings: dict[str, Node]) -> str:
    """Put the VALUES block first inside the outer WHERE group, so that FILTERs in that group
    see the bound values (a trailing VALUES would join only after they ran). Only serialised
    RDF terms are inserted: a value cannot change the query."""
    block = values_block(bindings)
    if not block:
        return query
    code = _strip_comments(query)
    m = _WHERE_OPEN.search(code)
    if m is None:
        raise QueryError("cannot bind parameters: the query has no WHERE group")
    return query[: m.end()] + block + query[m.end():]


def results_json(variables: list[str], rows: list[dict[str, Node | None]]) -> dict[str, Any]:
    """Standard SPARQL 1.1 Query Results JSON."""
    return {"head": {"vars": variables}, "results": {"bindings": [
        {k: term_json(v) for k, v in row.items() if v is not None} for row in rows]}}


def term_json(t: Node) -> dict[str, str]:
    if isinstance(t, URIRef):
        return {"type": "uri", "value": str(t)}
    if isinstance(t, Literal):
        out = {"type": "literal", "value": str(t)}
        if t.language:
            out["xml:lang"] = t.language
        elif t.datatype:
            out["datatype"] = str(t.datatype)
        return out
    return {"type": "bnode", "value": str(t)}


def library_readme() -> str:
    """queries/README.md, generated from the queries' headers (a test keeps it current)."""
    lines = [
        "# Query library",
        "",
        "Generated from the `#+` headers of the queries by `python scripts/update_docs.py`; do not edit.",
        "Run one with `policykg query NAME [-p PARAM VALUE]...`; `policykg query --list` lists them.",
        "",
        "A parameter of kind `name` (a place, a kind of body, a target group) is matched without regard",
        "to case or diacritics: policykg folds it (`Đắk Nông` -> `dak nong`) and the query joins it to the",
        "folded `skos:hiddenLabel` of the concept, so that the engine starts from it. Listings are",
        "scoped to a place (which takes in its districts), a letter or a kind of body rather than the",
        "whole corpus; docs/benchmarks.md gives each query's time on 10,000 letters. To bind a `name`",
        "parameter from another SPARQL client, give it folded: lower case, no diacritics, `đ` as `d`.",
        "",
        "| query | summary | parameters |",
        "|---|---|---|",
    ]
    for q in library():
        params = "; ".join(f"`{p.name}` ({p.kind}, default `{p.default}`, e.g. `{p.example}`)" for p in q.params)
        lines.append(f"| [`{q.name}`]({q.name}.rq) | {q.summary} | {params or '—'} |")
    lines += ["", "## Data-quality checks (`checks/`)", "",
              "Each returns no rows on a good graph; the release graph is tested against all of them.", "",
              "| check | summary |", "|---|---|"]
    for q in library(checks=True):
        lines.append(f"| [`{q.name}`](checks/{q.name}.rq) | {q.summary} |")
    return "\n".join(lines) + "\n"
