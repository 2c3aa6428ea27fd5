"""Answering SPARQL 1.1 Protocol queries, read-only, within limits: the part of `policykg serve`
that runs queries (policykg.serve is the HTTP side).

Queries run in a few worker processes, each with its own copy of the store opened read-only
(an Oxigraph folder, an in-memory Oxigraph store filled from a graph file, or a remote
endpoint the worker forwards to). Neither Oxigraph nor rdflib can interrupt a query from
another thread, and rdflib's parser is not safe across threads; a process per query slot has
its own parser and is ended by a kill when its query runs over time or over memory, then
replaced, so no query can leave the server changed. The results are written by pyoxigraph's
own serialisers (SPARQL JSON, XML, CSV, TSV; Turtle, N-Triples, JSON-LD, RDF/XML).

`oxigraph serve-read-only` was measured first (see docs/benchmarks-endpoint.md): it speaks the
protocol, but it follows SERVICE out, takes any Host, offers only wildcard CORS, has no cap on
memory or concurrent queries and reads only an on-disk store, so it cannot stand in for this."""

from __future__ import annotations

import io
import math
import multiprocessing as mp
import os
import queue
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from .errors import PolicykgError
from .queries import uses_service


class EndpointError(PolicykgError):
    """The endpoint cannot start: a bad option value, a store that cannot be opened."""


@dataclass(frozen=True)
class Limits:
    """What one query may cost. Each is checked at start (`check`) and reported with its own
    status when a query reaches it: 413 for the text, 503 for time, memory, result size and
    a full queue."""

    timeout: float = 10.0  # seconds a query may take, parsing and serialising included
    max_query_bytes: int = 100_000  # the library's largest query is 3 KB
    max_result_bytes: int = 64 * 1024 * 1024
    max_memory_mb: int = 2048  # above a worker's resting size
    workers: int = 2  # queries that run at once
    max_waiting: int = 256  # queries that may wait for a free worker
    allow_service: bool = False

    def check(self) -> None:
        """Refuse values that would make a server refuse or drop every request."""
        if not (isinstance(self.timeout, (int, float)) and math.isfinite(self.timeout) and self.timeout > 0):
            raise EndpointError(f"--timeout must be a number of seconds above 0, not {self.timeout!r}")
        for name, value, low in (("--max-query-bytes", self.max_query_bytes, 1),
                                 ("--max-result-bytes", self.max_result_bytes, 1),
                                 ("--max-memory", self.max_memory_mb, 1),
                                 ("--workers", self.workers, 1), ("--max-waiting", self.max_waiting, 0)):
            if not isinstance(value, int) or value < low:
                raise EndpointError(f"{name} must be a whole number of at least {low}, not {value!r}")


@dataclass
class Answer:
    """An HTTP answer: status, headers, body."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def text(cls, status: int, message: str, **headers: str) -> "Answer":
        return cls(status, (message.rstrip("\n") + "\n").encode("utf-8"),
                   {"Content-Type": "text/plain; charset=utf-8", **headers})


# -- content negotiation ----------------------------------------------------------------------
# What each kind of result can be written as, the first the default; a media type the client may
# ask for by another name maps to the format written.
TABULAR = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
           "text/tab-separated-values", "application/json", "application/xml", "text/xml")
BOOLEAN = ("application/sparql-results+json", "application/sparql-results+xml", "application/json",
           "application/xml", "text/xml", "text/csv", "text/tab-separated-values")
GRAPH = ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml",
         "text/plain", "application/json", "application/xml", "application/x-turtle")
TEXT = "text/plain; charset=utf-8"
_SAME = {"application/json": "application/sparql-results+json", "application/xml": "application/sparql-results+xml",
         "text/xml": "application/sparql-results+xml"}
_SAME_RDF = {"text/plain": "application/n-triples", "application/json": "application/ld+json",
             "application/xml": "application/rdf+xml", "application/x-turtle": "text/turtle"}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """An Accept header as (media range, q) by preference. Written here because the standard
    library has no parser for it (email.message reads one parameter list, not a list of ranges)."""
    out: list[tuple[int, float, str]] = []
    for i, part in enumerate((header or "*/*").split(",")):
        bits = [b.strip() for b in part.split(";")]
        kind = bits[0].lower()
        if not kind:
            continue
        q = 1.0
        for b in bits[1:]:
            k, _, v = b.partition("=")
            if k.strip().lower() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
                q = q if math.isfinite(q) else 0.0
        out.append((i, q, kind))
    out.sort(key=lambda t: (-t[1], t[0]))
    return [(kind, q) for _, q, kind in out]


def choose(accept: list[tuple[str, float]], offers: tuple[str, ...]) -> str | None:
    """The offer the client prefers most, the server's order breaking ties; None when the
    client accepts none (406)."""
    best: tuple[float, int, str] | None = None
    for rank, offer in enumerate(offers):
        kind, _, _ = offer.partition("/")
        q = 0.0
        specific = -1
        for mrange, mq in accept:
            if mrange == offer:
                level = 2
            elif mrange == f"{kind}/*":
                level = 1
            elif mrange == "*/*":
                level = 0
            else:
                continue
            if level > specific:
                specific, q = level, mq
        if q > 0 and (best is None or (q, -rank) > (best[0], -best[1])):
            best = (q, rank, offer)
    return best[2] if best else None


# -- the worker process -----------------------------------------------------------------------
class _TooLarge(Exception):
    pass


class _Capped(io.RawIOBase):
    """A write target that stops a serialiser once the result passes the cap: a result is
    never held whole past it."""

    def __init__(self, cap: int) -> None:
        self.parts: list[bytes] = []
        self.size = 0
        self.cap = cap
        self.over = False

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        self.size += len(b)
        if self.size > self.cap:
            self.over = True
            raise _TooLarge()
        self.parts.append(bytes(b))
        return len(b)


def _watch_parent(parent: int) -> None:
    """End this worker when the server that started it is gone, even killed: a thread watches
    the parent's id. (PR_SET_PDEATHSIG would fire when the server *thread* that started the
    worker ends, which for a replacement worker is at once.)"""

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="policykg-parent-watch", daemon=True).start()


class _Backend:
    """What a worker answers queries from."""

    def __init__(self, spec: tuple[Any, ...]) -> None:
        import pyoxigraph as ox

        self.kind = spec[0]
        self.union = False
        self.store: Any = None
        if self.kind == "oxigraph":
            self.store = ox.Store.read_only(spec[1])
            # stores policykg writes hold every triple in the default graph too (policykg.stream)
            self.union = next(iter(self.store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None
        elif self.kind == "memory":
            self.store = ox.Store()
            self.store.bulk_load(spec[1], format=ox.RdfFormat.N_QUADS)
            # each triple once more in the default graph, as in the stores policykg writes: the
            # default graph is then the merged graph, each triple once (a union would give a
            # triple once for each graph that holds it)
            merged = [ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in self.store
                      if not isinstance(q.graph_name, ox.DefaultGraph)]
            self.store.bulk_extend(merged)
        elif self.kind == "endpoint":
            self.url = spec[1]
        else:
            raise ValueError(f"unknown store kind {self.kind}")

    def run(self, job: dict[str, Any]) -> tuple[int, str, bytes]:
        if self.kind == "endpoint":
            return self._forward(job)
        import pyoxigraph as ox

        kwargs: dict[str, Any] = {}
        try:
            if job["default_graphs"]:
                kwargs["default_graph"] = [ox.NamedNode(g) for g in job["default_graphs"]]
            if job["named_graphs"]:
                kwargs["named_graphs"] = [ox.NamedNode(g) for g in job["named_graphs"]]
        except ValueError as exc:
            return 400, TEXT, f"not an IRI in default-graph-uri or named-graph-uri: {exc}".encode()
        if not kwargs.get("default_graph"):
            kwargs["use_default_graph_as_union"] = self.union
        if job.get("base"):
            kwargs["base_iri"] = job["base"]  # relative IRIs in a query resolve against the endpoint's
        try:
            result = self.store.query(job["query"], **kwargs)
        except SyntaxError as exc:
            return 400, TEXT, f"SPARQL syntax error: {exc}".encode()
        if isinstance(result, ox.QueryTriples):
            offers, same, to_format = GRAPH, _SAME_RDF, ox.RdfFormat.from_media_type
        else:
            offers = BOOLEAN if isinstance(result, ox.QueryBoolean) else TABULAR
            same, to_format = _SAME, ox.QueryResultsFormat.from_media_type
        chosen = choose(job["accept"], offers)
        if chosen is None:
            return 406, TEXT, (f"none of the types in Accept can hold this result; it can be "
                               f"{', '.join(offers[:4])}").encode()
        written = same.get(chosen, chosen)
        fmt = to_format(written)
        out = _Capped(job["max_bytes"])
        try:
            result.serialize(out, format=fmt)
        except Exception:
            if not out.over:  # pyoxigraph passes the writer's exception on as its own
                raise
            return 503, TEXT, (f"the result is larger than {job['max_bytes']:,} bytes (--max-result-bytes); "
                                       "add a LIMIT or ask for less").encode()
        ctype = written + ("; charset=utf-8" if written.startswith("text/") or "json" in written else "")
        return 200, ctype, b"".join(out.parts)

    def _forward(self, job: dict[str, Any]) -> tuple[int, str, bytes]:
        import urllib.error
        import urllib.parse
        import urllib.request

        fields = [("query", job["query"])] + [("default-graph-uri", g) for g in job["default_graphs"]] + \
                 [("named-graph-uri", g) for g in job["named_graphs"]]
        accept = ", ".join(f"{k};q={q:g}" for k, q in job["accept"]) or "*/*"
        req = urllib.request.Request(self.url, data=urllib.parse.urlencode(fields).encode(), headers={
            "Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
        try:
            with urllib.request.urlopen(req, timeout=job["timeout"]) as resp:
                body = resp.read(job["max_bytes"] + 1)
                ctype = resp.headers.get("Content-Type", "application/octet-stream")
                status = resp.status
        except urllib.error.HTTPError as exc:
            text = exc.read(2000).decode("utf-8", "replace").strip().splitlines()
            return exc.code, TEXT, f"{self.url}: HTTP {exc.code}: {text[0] if text else exc.reason}".encode()
        except (urllib.error.URLError, OSError) as exc:
            return 502, TEXT, f"{self.url}: endpoint unreachable ({getattr(exc, 'reason', exc)})".encode()
        if len(body) > job["max_bytes"]:
            return 503, TEXT, f"the result is larger than {job['max_bytes']:,} bytes (--max-result-bytes)".encode()
        return status, ctype, body


def _worker_main(spec: tuple[Any, ...], conn: Any, parent: int) -> None:
    _watch_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops its workers
    try:
        backend = _Backend(spec)
    except (OSError, ValueError, SyntaxError) as exc:
        conn.send(("failed", str(exc).splitlines()[0] if str(exc) else type(exc).__name__))
        return
    conn.send(("ready",))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            answer = backend.run(job)
        except (OSError, ValueError, RuntimeError) as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            answer = (500, TEXT, f"query failed: {first}".encode())
        except Exception as exc:  # the worker must always answer; the server stays up
            answer = (500, TEXT, f"query failed: {type(exc).__name__}: {exc}".encode())
        conn.send(answer)


def _rss_anon_mb(pid: int) -> float:
    """The private memory of a process (RssAnon): the store's mapped files are left out."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


@dataclass(eq=False)
class _Worker:
    proc: Any
    conn: Any


class WorkerPool:
    """`limits.workers` worker processes over one store; `run` gives a query to a free one,
    waiting for one at most as long as the query may run."""

    def __init__(self, spec: tuple[Any, ...], limits: Limits, start_timeout: float = 300.0) -> None:
        self.spec = spec
        self.limits = limits
        self._ctx = mp.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._all: set[_Worker] = set()
        self._in_flight = 0
        self._closed = False
        self.start_timeout = start_timeout
        try:
            starting = [self._spawn() for _ in range(limits.workers)]
            for w in starting:
                self._await_ready(w)
                self._idle.put(w)
        except BaseException:
            self.close()
            raise

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(target=_worker_main, args=(self.spec, child, os.getpid()), daemon=True,
                                 name="policykg-query")
        proc.start()
        child.close()
        w = _Worker(proc, parent)
        with self._lock:
            self._all.add(w)
        return w

    def _await_ready(self, w: _Worker) -> None:
        if not w.conn.poll(self.start_timeout):
            self._kill(w)
            raise EndpointError(f"a query worker did not open the store within {self.start_timeout:g} s")
        try:
            msg = w.conn.recv()
        except (EOFError, OSError):
            self._kill(w)
            raise EndpointError("a query worker ended while opening the store") from None
        if msg[0] != "ready":
            self._kill(w)
            raise EndpointError(f"cannot open the store: {msg[1]}")

    def _replace(self) -> None:
        """A new worker in place of one that was killed, made ready in the background."""
        if self._closed:
            return

        def start() -> None:
            try:
                w = self._spawn()
                self._await_ready(w)
            except EndpointError as exc:  # the pool is a worker short; say so where the server logs
                print(f"policykg serve: a query worker could not be replaced: {exc}", file=sys.stderr)
                return
            if self._closed:
                self._kill(w)
            else:
                self._idle.put(w)

        threading.Thread(target=start, name="policykg-respawn", daemon=True).start()

    def _kill(self, w: _Worker) -> None:
        try:
            w.proc.kill()
        except (OSError, ValueError, AttributeError):
            pass
        w.proc.join(5)
        w.conn.close()
        with self._lock:
            self._all.discard(w)

    def run(self, job: dict[str, Any]) -> Answer:
        """Run one job; never raises for what the query does."""
        limits = self.limits
        with self._lock:
            # the queries running and those waiting for a worker
            if self._in_flight >= limits.max_waiting + limits.workers:
                return Answer.text(503, f"busy: {limits.workers} queries running and {limits.max_waiting} waiting; "
                                        "try again shortly", **{"Retry-After": "1"})
            self._in_flight += 1
        try:
            return self._run(job)
        finally:
            with self._lock:
                self._in_flight -= 1

    def _run(self, job: dict[str, Any]) -> Answer:
        limits = self.limits
        try:
            w = self._idle.get(timeout=limits.timeout)
        except queue.Empty:
            return Answer.text(503, f"busy: no query slot came free within {limits.timeout:g} s; try again",
                               **{"Retry-After": "1"})
        job = dict(job, timeout=limits.timeout, max_bytes=limits.max_result_bytes)
        deadline = time.monotonic() + limits.timeout
        # the memory a query may use is counted from the worker's size as the query starts: the
        # store's caches grow with use, and are no query's doing
        rest = _rss_anon_mb(w.proc.pid)
        try:
            w.conn.send(job)
            while not w.conn.poll(0.05):
                if time.monotonic() > deadline:
                    self._kill(w)
                    self._replace()
                    return Answer.text(503, f"the query ran longer than {limits.timeout:g} s (--timeout) and was stopped")
                used = _rss_anon_mb(w.proc.pid) - rest
                if used > limits.max_memory_mb:
                    self._kill(w)
                    self._replace()
                    return Answer.text(503, f"the query needed more than {limits.max_memory_mb} MB (--max-memory) "
                                            "and was stopped")
            status, ctype, body = w.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._kill(w)
            self._replace()
            return Answer.text(500, "the query's worker ended without an answer; it was replaced")
        self._idle.put(w)
        return Answer(status, body, {"Content-Type": ctype})

    def close(self) -> None:
        """Stop every worker: asked first, killed after a moment; none is left running."""
        self._closed = True
        with self._lock:
            workers = list(self._all)
        for w in workers:
            try:
                w.conn.send(None)
            except (OSError, ValueError):
                pass
        for w in workers:
            w.proc.join(2)
            self._kill(w)

    def pids(self) -> list[int]:
        with self._lock:
            return [w.proc.pid for w in self._all]


def run_query(pool: WorkerPool, text: str, accept: str | None, default_graphs: list[str],
              named_graphs: list[str], base: str | None = None) -> Answer:
    """One query through the protocol's checks, then a worker: the text's size, SERVICE."""
    limits = pool.limits
    size = len(text.encode("utf-8"))
    if size > limits.max_query_bytes:
        return Answer.text(413, f"the query is {size:,} bytes, more than the {limits.max_query_bytes:,} "
                                "this endpoint takes (--max-query-bytes)")
    if not limits.allow_service and uses_service(text):
        return Answer.text(403, "SERVICE is not allowed: this endpoint does not query other services "
                                "(start it with --allow-service to allow it)")
    return pool.run({"query": text, "accept": parse_accept(accept), "default_graphs": default_graphs,
                     "named_graphs": named_graphs, "base": base})


def spec_of(store: Any) -> tuple[Any, ...]:
    """What the workers open, from a store already opened (policykg.sparql's stores)."""
    from .sparql import EndpointStore, OxigraphStore, RdflibStore

    if isinstance(store, OxigraphStore):
        return ("oxigraph", str(store.path))
    if isinstance(store, EndpointStore):
        return ("endpoint", store.url)
    if isinstance(store, RdflibStore):
        # a merged graph has no named graphs: its triples are N-Quads of the default graph
        fmt = "nquads" if getattr(store.graph, "context_aware", False) else "nt"
        return ("memory", store.graph.serialize(format=fmt, encoding="utf-8"))  # type: ignore[attr-defined]
    raise EndpointError(f"cannot serve a {type(store).__name__}")


def store_spec(graph: str | None = None, store: str | None = None, endpoint: str | None = None) -> tuple[Any, ...]:
    """What the workers open, from what the command was given (one at most; the release graph
    when none). A graph file is read once here, with the checks and messages of every other
    command, and handed to the workers as N-Quads."""
    from .sparql import StoreError, store_dir

    chosen = [x for x in (graph, store, endpoint) if x]
    if len(chosen) > 1:
        raise StoreError("give one of --graph, --store, --endpoint")
    if endpoint:
        if not endpoint.startswith(("http://", "https://")):
            raise StoreError(f"{endpoint}: an endpoint is an http(s) URL")
        return ("endpoint", endpoint)
    if store:
        path = store_dir(store)
        if not (path / "CURRENT").exists():
            raise StoreError(f"oxigraph:{path}: no such store (build one with `policykg build --store oxigraph:{path}`)")
        return ("oxigraph", str(path))
    from .store import load_dataset

    ds = load_dataset(graph)
    data = ds.serialize(format="nquads", encoding="utf-8")
    return ("memory", data)

