"""Running SPARQL on the three stores: rdflib in memory (default, nothing to install or
start), an on-disk Oxigraph store (pyoxigraph), or any SPARQL 1.1 endpoint over HTTP.
All return the same rows for the same query, so the library works everywhere."""

from __future__ import annotations

import json
import os
import shutil
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import PolicykgError
from .files import remove_stale
from .namespaces import bind_prefixes
from .queries import QueryError, bind_values, check_syntax, uses_service
from .store import load_dataset, merged

Rows = list[dict[str, Node | None]]


class StoreError(PolicykgError):
    """A store cannot be opened or reached."""


class Store(Protocol):
    def select(self, query: str, bindings: dict[str, Node]) -> tuple[list[str], Rows]: ...


@dataclass
class RdflibStore:
    """The release graph in memory; every named graph is part of the default graph."""

    graph: object

    @classmethod
    def open(cls, path: str | Path | None = None) -> "RdflibStore":
        return cls(merged(load_dataset(path)))

    @classmethod
    def of_dataset(cls, ds: Dataset) -> "RdflibStore":
        """A Dataset as a store: its default graph is the union of its named graphs (each triple
        once), as an Oxigraph store's merged default graph is, and GRAPH reads each named graph."""
        ds.default_union = True
        return cls(ds)

    def select(self, query: str, bindings: dict[str, Node]) -> tuple[list[str], Rows]:
        # rdflib evaluates lazily: errors of a running query (a bad regex, SUM over IRIs) come
        # while its rows are read, so reading them is inside the same guard
        try:
            result = self.graph.query(query, initBindings=bindings)  # type: ignore[attr-defined]
            if result.type == "ASK":
                return ["ask"], [{"ask": Literal(bool(result.askAnswer))}]
            if result.type != "SELECT":
                raise QueryError("only SELECT and ASK queries return rows")
            names = [str(v) for v in result.vars]
            rows = [{n: row[i] for i, n in enumerate(names)} for row in result]
        except QueryError:
            raise
        except Exception as exc:
            raise QueryError(f"query failed: {_first_line(exc)}") from None
        return names, rows


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__


class OxigraphStore:
    """An on-disk Oxigraph store, loaded by `policykg load --store oxigraph:DIR`."""

    def __init__(self, path: Path, create: bool = False) -> None:
        import pyoxigraph as ox

        if not create and not path.exists():
            raise StoreError(f"oxigraph:{path}: no such store (load it with `policykg load --store oxigraph:{path}`)")
        try:
            # readers open the store read-only, so that several can share it (a query beside a trace)
            self.store = ox.Store(str(path)) if create else ox.Store.read_only(str(path))
        except OSError as exc:
            raise StoreError(f"oxigraph:{path}: cannot open store ({exc})") from None
        self.path = path
        self.union = not self._has_merged_default()

    @classmethod
    def wrap(cls, store: object, path: Path) -> "OxigraphStore":
        self = cls.__new__(cls)
        self.store, self.path = store, path
        self.union = not self._has_merged_default()
        return self

    def _has_merged_default(self) -> bool:
        """Stores policykg writes keep every triple in the default graph too (see
        policykg.stream.nquads); an older store has only named graphs and is queried as a union."""
        import pyoxigraph as ox

        return next(iter(self.store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None

    def load_file(self, path: Path) -> int:
        """Replace the store's content with the file's; returns the quads the file holds.
        Used on a fresh store: `load_store` fills one beside the target and swaps it in.
        """
        import pyoxigraph as ox

        fmt = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS, ".ttl": ox.RdfFormat.TURTLE}.get(path.suffix)
        if fmt is None:
            raise StoreError(f"{path}: load takes .trig, .nq or .ttl")
        self.store.clear()
        try:
            self.store.bulk_load(path=str(path), format=fmt)
            count = len(self.store)
            # each triple in its named graph and once more in the default graph, which Oxigraph
            # queries fastest; the file is read a second time rather than held in memory
            self.store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                                   for q in ox.parse(path=str(path), format=fmt))
        except (SyntaxError, ValueError, OSError) as exc:
            raise StoreError(f"{path}: cannot be read: {str(exc).splitlines()[0]}") from None
        self.store.optimize()
        self.union = False
        return count

    def select(self, query: str, bindings: dict[str, Node]) -> tuple[list[str], Rows]:
        # Oxigraph's substitutions need the variable in the SELECT projection; a VALUES block
        # of serialised RDF terms binds any variable, and a value still cannot change the query
        try:
            result = self.store.query(bind_values(query, bindings), use_default_graph_as_union=self.union)
            if isinstance(result, bool) or type(result).__name__ == "QueryBoolean":
                return ["ask"], [{"ask": Literal(bool(result))}]
            if not hasattr(result, "variables"):
                raise QueryError("only SELECT and ASK queries return rows")
            names = [v.value for v in result.variables]
            # the solutions are computed as they are read: errors of a running query come here
            rows = [{n: from_oxigraph(sol[n]) for n in names} for sol in result]
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query failed: {_first_line(exc)}") from None
        return names, rows


def store_dir(spec: str) -> Path:
    """The folder of a store given as `oxigraph:DIR`."""
    kind, _, where = spec.partition(":")
    if kind != "oxigraph" or not where:
        raise StoreError(f"{spec}: a store is written oxigraph:DIR")
    return Path(where)


def beside(target: Path, what: str) -> Path:
    """An empty folder next to `target` to write a new store in, before `swap_dir` puts it in
    place; a target that holds something other than a store is refused. What killed runs left
    beside the target (`.NAME.building-PID`, `.NAME.old-PID` ...) is removed first."""
    if target.exists() and not (target / "CURRENT").exists() and any(target.iterdir()):
        raise StoreError(f"{target}: exists and is not an Oxigraph store; nothing written")
    # a run that was killed left its folders behind; a run still going keeps its own
    remove_stale(target.parent, target.name)
    tmp = target.with_name(f".{target.name}.{what}-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.parent.mkdir(parents=True, exist_ok=True)
    return tmp


def load_store(src: Path, target: Path) -> int:
    """Load a dataset file into a new Oxigraph store at `target`, written beside it and swapped
    in only when the whole file loaded: a bad file leaves the previous store as it was. A file
    with no quads is refused before anything is written: it would replace a store with an empty one."""
    _refuse_empty(src)
    tmp = beside(target, "loading")
    store: OxigraphStore | None = None
    try:
        store = OxigraphStore(tmp, create=True)
        n = store.load_file(src)
        store.store.flush()
        store = None
        swap_dir(tmp, target)
    except BaseException:
        # the traceback keeps the frames that hold the store: its lock must go before its folder
        if store is not None:
            store.store = None
        store = None
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return n


def _refuse_empty(path: Path) -> None:
    import pyoxigraph as ox

    fmt = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS, ".ttl": ox.RdfFormat.TURTLE}.get(path.suffix)
    if fmt is None:
        raise StoreError(f"{path}: load takes .trig, .nq or .ttl")
    try:
        first = next(iter(ox.parse(path=str(path), format=fmt)), None)
    except (SyntaxError, ValueError, OSError) as exc:
        raise StoreError(f"{path}: cannot be read: {str(exc).splitlines()[0]}") from None
    if first is None:
        raise StoreError(f"{path}: holds no quads; nothing loaded, the store is as it was")


def swap_dir(new: Path, target: Path) -> None:
    """Put the new store in place of the old in two renames; the old is removed only after."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


def _to_ox(t: Node):  # type: ignore[no-untyped-def]
    import pyoxigraph as ox

    if isinstance(t, URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, Literal):
        if t.language:
            return ox.Literal(str(t), language=t.language)
        if t.datatype:
            return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
        return ox.Literal(str(t))
    return ox.BlankNode(str(t))


def from_oxigraph(t) -> Node | None:  # type: ignore[no-untyped-def]
    """A pyoxigraph term as the rdflib term of the same lexical form."""
    import pyoxigraph as ox

    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return Literal(t.value, lang=t.language)
        dt = t.datatype.value if t.datatype else None
        if dt in (None, "http://www.w3.org/2001/XMLSchema#string"):
            return Literal(t.value)
        return Literal(t.value, datatype=URIRef(dt))
    return BNode(t.value)


class EndpointStore:
    """Any SPARQL 1.1 endpoint (SPARQL Protocol, results as JSON)."""

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        if not url.startswith(("http://", "https://")):
            raise StoreError(f"{url}: an endpoint is an http(s) URL")
        self.url = url
        self.timeout = timeout

    def select(self, query: str, bindings: dict[str, Node]) -> tuple[list[str], Rows]:
        # endpoints bind nothing: a VALUES block of serialised RDF terms does it safely
        text = bind_values(query, bindings)
        data = urllib.parse.urlencode({"query": text}).encode()
        req = urllib.request.Request(self.url, data=data, headers={
            "Accept": "application/sparql-results+json",
            "Content-Type": "application/x-www-form-urlencoded"})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                payload = json.loads(resp.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace").strip().splitlines()
            raise QueryError(f"{self.url}: HTTP {exc.code}: {body[0] if body else exc.reason}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreError(f"{self.url}: endpoint unreachable ({reason})") from None
        if "boolean" in payload:
            return ["ask"], [{"ask": Literal(bool(payload["boolean"]))}]
        names = payload["head"]["vars"]
        rows = [{n: _from_json(b.get(n)) for n in names} for b in payload["results"]["bindings"]]
        return names, rows


def _from_json(b: dict[str, str] | None) -> Node | None:
    if b is None:
        return None
    if b["type"] == "uri":
        return URIRef(b["value"])
    if b["type"] == "bnode":
        return BNode(b["value"])
    if "xml:lang" in b:
        return Literal(b["value"], lang=b["xml:lang"])
    dt = b.get("datatype")
    if dt and dt != "http://www.w3.org/2001/XMLSchema#string":
        return Literal(b["value"], datatype=URIRef(dt))
    return Literal(b["value"])


def open_store(graph: str | None = None, store: str | None = None, endpoint: str | None = None,
               named_graphs: bool = False) -> Store:
    """The one place a graph is opened from what a command was given: a graph file (default the
    release), an Oxigraph store (`oxigraph:DIR`) or a SPARQL endpoint URL. A graph file is read
    merged, unless `named_graphs` asks for its named graphs too (RdflibStore.of_dataset)."""
    chosen = [x for x in (graph, store, endpoint) if x]
    if len(chosen) > 1:
        raise StoreError("give one of --graph, --store, --endpoint")
    if endpoint:
        return EndpointStore(endpoint)
    if store:
        return OxigraphStore(store_dir(store))
    return RdflibStore.of_dataset(load_dataset(graph)) if named_graphs else RdflibStore.open(graph)


def graph_of(st: Store) -> Graph:
    """The merged graph of a store in memory, as rdflib: for what walks the graph in Python
    (explore, coverage, export, validate's shapes, trace --text). From a store or an endpoint the
    whole graph is read with one query."""
    if isinstance(st, RdflibStore):
        return merged(st.graph) if isinstance(st.graph, Dataset) else st.graph  # type: ignore[return-value]
    g = Graph()
    bind_prefixes(g)
    if isinstance(st, OxigraphStore):
        import pyoxigraph as ox

        everything = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
        data = st.store.query(everything, use_default_graph_as_union=st.union).serialize(format=ox.RdfFormat.N_TRIPLES)
        g.parse(data=data.decode("utf-8"), format="nt")
        return g
    # any other store, an endpoint among them: every triple as a row (SELECT is what every
    # endpoint answers, policykg serve among them, which gives no CONSTRUCT)
    _, rows = st.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", {})
    for r in rows:
        g.add((r["s"], r["p"], r["o"]))  # type: ignore[arg-type]
    return g


def run(store: Store, text: str, bindings: dict[str, Node], label: str = "query",
        allow_service: bool = False) -> tuple[list[str], Rows]:
    """A query checked, then run. SERVICE is refused unless allowed: it makes a store connect
    to the address it names (rdflib opens file: IRIs too)."""
    form = check_syntax(text, label)
    if form not in ("SELECT", "ASK"):
        raise QueryError(f"{label}: a {form} query gives a graph, not rows: `policykg query` runs SELECT and ASK "
                         "(`policykg serve` answers all four)")
    if not allow_service and uses_service(text):
        raise QueryError(f"{label}: SERVICE is not allowed: it would make the store connect out "
                         "(give --allow-service to allow it)")
    return store.select(text, bindings)


