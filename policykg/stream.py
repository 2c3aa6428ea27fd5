"""`policykg build --store oxigraph:DIR`: the build for large corpora, straight into Oxigraph;
and, into an rdflib Dataset instead (DatasetSink), the file build's path too (policykg.pipeline).

The in-memory build holds one rdflib Dataset of everything, which at ten thousand letters means
millions of Python objects and minutes of serialisation. Here each letter's triples are made in
a worker process (every core), written as N-Quads and bulk-loaded into an on-disk Oxigraph
store as they arrive. Each letter is parsed once, in a first pass over all of them that gives
the corpus index citations resolve to; the main process keeps each record pickled (a few KiB)
for the second pass, and otherwise only what the graphs between letters need (each task's
words for alignment). The store holds the merged graph, in its default graph, which is what
queries and trace read; the per-source named graphs of the file build are written too only with
`named_graphs`, since they triple the bulk load and the store's size (10,000 letters: 0.8 GB
without them, 2.5 GB with). The curated authority data and the vocabularies are small and are
built with rdflib as usual; the inferred shared tasks go straight to N-Quads.

Checks: the SPARQL checks (queries/checks/*-violation.rq, through policykg.checks) and the
SHACL shapes compiled to SPARQL (policykg.shapes) run on the whole store, the same for the file
build's: the checks whose answer inferred links cannot change (`#+ scope: sources`) and every
shape in the loader's thread while alignment runs, then the other checks and again the shapes
the inferred triples can change; pySHACL, too slow for millions of triples, validates each
letter's own graph when asked (`shacl=True`). Where the time goes at 10,000 letters: docs/scale.md.
The store is written beside its target and swapped in only when everything passed, so a failed
run leaves the previous store whole."""

from __future__ import annotations

import os
import pickle
import queue
import shutil
import threading
import time
from collections import deque
from contextlib import contextmanager
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.serializers.nt import _quoteLiteral

from .align import TaskRef, align, text_ngrams
from .checks import build_checks, refusal, run_checks
from .shapes import compiled_shapes, sorted_violations, violations_by_shape, vocabulary
from .validate import Violation
from .counts import counts_line, graph_counts
from .build import (
    Authority,
    BuildError,
    SourceDoc,
    _DocBuilder,
    add_places_and_kinds,
    build_dataset,
    check_refused,
    default_authority,
    first_of_each_document,
    processes_for,
    graph_iri,
    INFERRED_GRAPH,
    PARALLEL_MIN,
    Place,
    CorpusIndex,
    corpus_index,
    read_source_doc,
    TEXTS_DIR,
    write_texts,
)
from .lineage import _authority_chain, _shared_tasks
from .derive import derivation_triples, derive_links
from .errors import PolicykgError
from .namespaces import ELI, PKG, PROV
from .text import slug

Progress = Callable[[str, int, int], None]
# what the inferred shared tasks are made of (lineage._shared_tasks): classes and predicates
_ALIGNMENT_WRITES = {str(t) for t in (PKG.SharedTask, PKG.Derivation, PKG.derivation, PKG.member, PKG.carries,
                                      PKG.assignedBy, PKG.basis, PKG.relation, PKG.score, PKG.evidenceText,
                                      PROV.entity)}


@contextmanager
def phase(progress: Progress, name: str) -> Iterator[None]:
    """A phase whose length is not known as it goes: `progress(name, 0, 0)` when it starts and
    `progress(name, 1, 0)` when it ends (a bar's phases call `progress(name, done, total)`)."""
    progress(name, 0, 0)
    yield
    progress(name, 1, 0)

# letters per bulk load: Oxigraph holds a call's quads in memory (about 1.5 KiB each, more with
# more cores) and each call costs sorted files of its own to compact. Loading 10,000 letters'
# 5.1 M triples, lenient, on 2 cores: 40 calls 71 CPU-seconds and 230 MB, 20 calls 64-72 s and
# 420 MB, 10 calls 59-66 s and 780 MB, one call 49 s and 2 GB
BATCH_LETTERS = 512
CHUNK_LETTERS = 16  # letters per task sent to a worker


@dataclass
class LetterOut:
    """What a worker sends back for one letter: its quads and what the shared graphs need."""

    name: str
    nquads: bytes  # encoded in the worker: the main process only joins and hands them on
    quads: int  # statements written, each letter's own (the store keeps a triple two letters share once)
    refs: list[TaskRef]
    kinds: dict[URIRef, str]
    places: dict[URIRef, Place]
    warnings: list[str]
    violations: list[str] = field(default_factory=list)
    facts: Any = None  # policykg.derive.LetterFacts: what task-to-task derivation needs


@dataclass
class StreamReport:
    letters: int
    quads: int  # statements written, each letter's own (the store keeps a triple two letters share once)
    shared_tasks: int
    parse_seconds: float
    build_seconds: float
    align_seconds: float
    load_seconds: float
    check_seconds: float
    total_seconds: float
    jobs: int  # the processes the letters were parsed and written on: 1 when no pool ran
    violations: list[str]
    warnings: list[str]
    refused: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # policykg.counts over the new store
    carried: int = 0  # tasks that carry a shared task (a task may carry two: counted once)

    def lines(self, target: str) -> list[str]:
        rate = self.letters / max(self.parse_seconds, 1e-9)
        return [
            f"built {target}: {self.letters} letters in {self.total_seconds:.1f}s "
            f"on {self.jobs} process{'es' if self.jobs > 1 else ''}",
            f"  {counts_line(self.counts)}, {len(self.warnings)} warnings",
            f"  parse {self.parse_seconds:.1f}s ({rate:.0f} letters/s), letters to quads {self.build_seconds:.1f}s "
            f"({self.quads / max(self.build_seconds, 1e-9):.0f} statements written/s), alignment {self.align_seconds:.1f}s, "
            f"all loaded into Oxigraph after {self.load_seconds:.1f}s, checks {self.check_seconds:.1f}s after that "
            "(those of the sources' own facts ran beside alignment)",
            f"  {self.shared_tasks} shared tasks inferred; {len(self.violations)} violations",
        ] + ([f"  {len(self.refused)} file(s) refused, left out of the store"] if self.refused else []) + [
            f"  warning: {w}" for w in self.warnings[:20]]


class NTLiteral(str):
    """A literal already written as N-Triples."""

    __slots__ = ()


def nt_literal(value: str | int, lang: str | None = None, datatype: URIRef | None = None) -> NTLiteral:
    """A literal straight in N-Triples form, escaped as rdflib's N-Triples writer escapes: for
    the literals every task and quote repeats (texts, quotes, offsets) rdflib's Literal, which
    validates and normalises each value, was a third of a worker's triple-making. Plain strings,
    language-tagged strings and integers only; the tests compare the store with the file build."""
    text = str(value)
    quoted = '"' + text.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r") + '"'
    if lang:
        return NTLiteral(f"{quoted}@{lang}")
    if datatype is not None:
        return NTLiteral(f"{quoted}^^<{datatype}>")
    return NTLiteral(quoted)


def nquads(triples: Iterable[tuple[URIRef, URIRef, object]], graph: URIRef, *, named: bool,
           merged: bool = True) -> bytes:
    """N-Quads lines, UTF-8, as the loader takes them, with rdflib's own escaping of literals
    (line breaks, quotes): each triple
    in the default graph and, with `named`, in its named graph too. Oxigraph answers
    queries over its default graph tens to hundreds of times faster than over the union of the
    named graphs (measured on 1,000 letters: 0.2 s against 28 s), so the store always has the
    merge; the named graphs cost twice its indexes again and are kept only when asked for.
    `merged=False` leaves the default graph out (the file build's Dataset, which is a union)."""
    g = _term(graph)
    out: list[str] = []
    add = out.append
    # IRIs spelt directly, not through n3(): with its validity check, a tenth of a worker's time,
    # for IRIs policykg makes from slugs (see _Loader.put_letters, and the test that re-loads a
    # built store with Oxigraph's IRI check); exact type tests first, since nearly every term is
    # a plain URIRef or an NTLiteral
    for s, p, o in triples:
        t = type(o)
        obj = o if t is NTLiteral else f"<{o}>" if t is URIRef else _quoteLiteral(o) if isinstance(o, Literal) else _term(o)
        line = f"<{s}> <{p}> {obj}" if type(s) is URIRef else f"{_term(s)} <{p}> {obj}"
        if named:
            add(f"{line} {g} .\n")
        if merged:
            add(f"{line} .\n")
    return "".join(out).encode()


def _term(t: object) -> str:
    return f"<{t}>" if isinstance(t, URIRef) else t.n3()  # type: ignore[attr-defined]


def dataset_nquads(ds: Dataset, *, named: bool, merged: bool = True) -> bytes:
    parts = []
    for g in sorted(ds.graphs(), key=lambda g: str(g.identifier)):
        if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g):
            parts.append(nquads(g, g.identifier, named=named, merged=merged))  # type: ignore[arg-type]
    return b"".join(parts)


# --- the worker side ---------------------------------------------------------------------------

_WORKER: dict[str, object] = {}


def _init_worker(authority_path: str, corpus: CorpusIndex,
                 shacl: bool, named: bool = False, merged: bool = True) -> None:
    _WORKER["authority"] = Authority.load(Path(authority_path))
    _WORKER["corpus"] = Authority(Graph(), corpus)
    _WORKER["shacl"] = shacl
    _WORKER["named"] = named
    _WORKER["merged"] = merged


IndexEntry = tuple[str, str, "str | None", URIRef, URIRef]  # path, number, date, document, issuer


@dataclass
class Parsed:
    """A letter after the first pass: its corpus index entry, and its record pickled, so the second
    pass builds it without parsing it again (a record pickles to a few KiB and loads in a tenth
    of a millisecond; parsing took 3.5 ms); the hash tells whether the file changed in between."""

    path: Path
    entry: IndexEntry
    sha256: str
    record: bytes
    text: str | None = None  # the text extracted from a file that is no text file: not extracted twice


def _parse_one(path: Path) -> Parsed | str:
    try:
        src = read_source_doc(path)
    except PolicykgError as exc:
        return str(exc)
    b = _DocBuilder(src, _WORKER["authority"], set(), {}, {})  # type: ignore[arg-type]
    entry = (str(path), src.record["number"] or "", src.record["date"], b.doc, b.issuer)
    return Parsed(path, entry, src.sha256, pickle.dumps(src.record, protocol=pickle.HIGHEST_PROTOCOL),
                  src.text if src.text_name else None)


def _reread(p: Parsed) -> SourceDoc:
    src = read_source_doc(p.path, pickle.loads(p.record), p.text)
    if src.sha256 != p.sha256:
        raise BuildError(f"{p.path}: changed while the build read it; nothing written, run the build again")
    return src


def _letter(src: SourceDoc) -> LetterOut:
    authority: Authority = _WORKER["authority"]  # type: ignore[assignment]
    triples: set[tuple[URIRef, URIRef, object]] = set()
    kinds: dict[URIRef, str] = {}
    places: dict[URIRef, Place] = {}
    # pySHACL needs rdflib terms; otherwise literals are written as N-Triples straight away
    b = _DocBuilder(src, authority, triples, kinds, places,  # type: ignore[arg-type]
                    lit=Literal if _WORKER.get("shacl") else nt_literal)
    b.corpus = _WORKER["corpus"]  # type: ignore[assignment]
    b.build()
    violations: list[str] = []
    if _WORKER.get("shacl"):
        from .validate import validate_graph

        g = Graph()
        for t in triples:
            g.add(t)  # type: ignore[arg-type]
        violations = [f"{src.name}: {v.line()}" for v in validate_graph(g)]
    name = graph_iri("source/" + slug(src.path.stem))
    # unsorted: the store is a set, and sorting rdflib terms took a third of a worker's time
    return LetterOut(src.name, nquads(triples, name, named=bool(_WORKER.get("named")),
                                             merged=bool(_WORKER.get("merged", True))), len(triples), b.task_refs,
                     kinds, places, [f"{src.name}: {w}" for w in src.record["warnings"]], violations, b.facts)


# --- the main side -----------------------------------------------------------------------------


def _pool(jobs: int, authority_path: Path, corpus: dict | None, shacl: bool,
          named: bool = False, merged: bool = True) -> ProcessPoolExecutor:
    from .workers import pool

    return pool(jobs, _init_worker, (str(authority_path), corpus or {}, shacl, named, merged))


def _ordered(pool: ProcessPoolExecutor | None, fn: Callable[[list[Any]], list[Any]], items: list[Any],
             jobs: int) -> Iterator[Any]:
    """fn over chunks of items (letters) on the pool, results in order, with at most a few chunks
    in flight: results waiting for the main process never pile up in memory."""
    if pool is None:
        for item in items:
            yield from fn([item])
        return
    pending: deque[Future[list[Any]]] = deque()
    for start in range(0, len(items), CHUNK_LETTERS):
        pending.append(pool.submit(fn, items[start:start + CHUNK_LETTERS]))
        while len(pending) > 2 * jobs:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def _parse_chunk(paths: list[Path]) -> list[Parsed | str]:
    return [_parse_one(p) for p in paths]


def _build_chunk(parsed: list[Parsed]) -> list[LetterOut]:
    return [_letter(_reread(p)) for p in parsed]


class _Loader:
    """Bulk loads, in order, in a thread of its own, with what must follow them (compaction,
    checks): Oxigraph releases the GIL while it works, so the main process goes on receiving
    letters (and aligning) meanwhile."""

    def __init__(self, store: object) -> None:
        import pyoxigraph as ox

        self.store, self.format = store, ox.RdfFormat.N_QUADS
        self.queue: queue.Queue[object] = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while (data := self.queue.get()) is not None:
            if self.error is None:
                try:
                    if callable(data):
                        data()
                    else:
                        self.store.bulk_load(data, format=self.format)  # type: ignore[attr-defined]
                except BaseException as exc:  # reported by close()
                    self.error = exc

    def put(self, data: bytes | Callable[[], None]) -> None:
        if self.error is not None:
            raise BuildError(f"writing or checking the Oxigraph store failed: {self.error}")
        self.queue.put(data)

    def put_letters(self, data: bytes) -> None:
        """Letters' quads, loaded leniently: Oxigraph then skips only its IRI check and still
        parses strictly (tests/test_stream.py). Every IRI in a letter's quads is minted by
        policykg from slugs (ASCII letters, digits, '-', '.') or comes from the curated data,
        which `put` loads with the check; a test re-loads a built store with it. The check was a
        seventh of the load's CPU time."""
        self.put(partial(self.store.bulk_load, data, format=self.format, lenient=True))  # type: ignore[attr-defined,arg-type]

    def compact(self) -> None:
        """Compact the store once everything queued so far is loaded, while the main process
        goes on (alignment): compaction costs seconds at ten thousand letters and saves a
        quarter of every query after, the checks' first (26 s before it, 18 s after)."""
        self.then(self.store.optimize)  # type: ignore[attr-defined]

    def then(self, job: Callable[[], None]) -> None:
        """Run `job` in the loader's thread once everything queued so far is done."""
        self.queue.put(job)

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            raise BuildError(f"writing or checking the Oxigraph store failed: {self.error}")


class DatasetSink:
    """An rdflib Dataset in the place of an Oxigraph store, for the file build: it takes the
    same N-Quads the store build loads, so both builds make their triples by one writer. Not an
    in-memory Oxigraph store, since Oxigraph keeps typed literals in canonical form (0.360 is
    stored as 0.36, xsd:nonNegativeInteger as xsd:integer), which the release files would then
    show; rdflib keeps them as written."""

    def __init__(self) -> None:
        from .namespaces import bind_prefixes

        import pyoxigraph as ox

        self.dataset = Dataset(default_union=True)
        bind_prefixes(self.dataset)
        # the checks run on Oxigraph, in memory, as the store build's do: rdflib's SPARQL took
        # minutes over the shapes of a 300-letter build (it evaluates MINUS by comparing every
        # solution with every other), Oxigraph a second; the merged graph, in its default graph
        self.checks = ox.Store()
        # (source file name, text) of each source that is no text file, for the file build to
        # keep beside its outputs, as the store build keeps them beside the store
        self.texts: list[tuple[str, str]] = []

    def bulk_load(self, data: bytes, format: object = None, lenient: bool = False) -> None:
        """Add N-Quads. Parsed by Oxigraph's parser, which keeps literals as written (its store
        does not), four times faster than rdflib's (a 300-letter build: 17 s of rdflib parsing);
        terms repeat, so each is converted once."""
        import pyoxigraph as ox

        from .sparql import from_oxigraph

        memo: dict[object, Any] = {}

        def term(t: object) -> Any:
            got = memo.get(t)
            if got is None:
                got = memo[t] = from_oxigraph(t)
            return got

        graphs: dict[object, Any] = {}
        quads = []
        merged = []
        default = ox.DefaultGraph()
        for q in ox.parse(data, format=ox.RdfFormat.N_QUADS):
            g = graphs.get(q.graph_name)
            if g is None:
                g = graphs[q.graph_name] = self.dataset.graph(URIRef(q.graph_name.value))
            quads.append((term(q.subject), term(q.predicate), term(q.object), g))
            merged.append(ox.Quad(q.subject, q.predicate, q.object, default))
        self.dataset.addN(quads)
        self.checks.extend(merged)

    def optimize(self) -> None:
        """Nothing to compact."""

    def flush(self) -> None:
        """Nothing to write."""

    def checkable(self) -> Any:
        """The store the checks run on."""
        from .sparql import OxigraphStore

        return OxigraphStore.wrap(self.checks, Path("memory"))

    def countable(self) -> Any:
        """The store the counts are made on: the Dataset, whose named graphs the quads count."""
        from .sparql import RdflibStore

        return RdflibStore.of_dataset(self.dataset)


def build_store(paths: list[Path], target: Path, jobs: int | None = None, shacl: bool = False,
                force: bool = False, progress: Progress | None = None,
                authority_path: Path | None = None, named_graphs: bool = False,
                parallel_min: int = PARALLEL_MIN, strict: bool = False,
                into: "DatasetSink | None" = None) -> StreamReport:
    """Build an Oxigraph store at `target` from the letters `paths`, on `jobs` processes when
    there are at least `parallel_min` letters (fewer parse faster in one process than a pool
    starts); see the module's docstring for the phases. A letter that cannot be read is left out
    and listed in the report's `refused`; with `strict` nothing is written then (RefusedError).
    `into` takes the graph instead of a store at `target` (`target` is then not used): the file
    build (policykg.pipeline) is this build into a DatasetSink, then serialised."""
    import pyoxigraph as ox

    from .sparql import OxigraphStore, beside, swap_dir

    jobs = jobs or os.cpu_count() or 1
    tick = progress or (lambda phase, done, total: None)
    authority_path = authority_path or default_authority()
    authority = Authority.load(authority_path)
    t0 = time.perf_counter()
    # letters in name order, whatever order the folders listed them in: the build is the same
    paths = sorted(paths, key=lambda p: (p.name, str(p)))
    errors: list[str] = []
    parsed: list[Parsed] = []
    # the pool is a matter of the corpus's size, the same for both passes
    processes = processes_for(len(paths), jobs, parallel_min)
    pool = _pool(jobs, authority_path, None, shacl) if processes > 1 else None
    try:
        if pool is None:
            _init_worker(str(authority_path), {}, shacl)
        for i, res in enumerate(_ordered(pool, _parse_chunk, paths, jobs), 1):
            if isinstance(res, str):
                errors.append(res)
            else:
                parsed.append(res)
            tick("parse", i, len(paths))
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    # the same rule as the file build's: the others are built, unless strict
    keep, copies = first_of_each_document([p.entry for p in parsed])
    parsed = [p for i, p in enumerate(parsed) if i in keep]
    errors += copies
    check_refused(errors, len(parsed), strict)
    t_parse = time.perf_counter() - t0
    corpus = corpus_index([p.entry for p in parsed])
    texts = [(p.path.name, p.text) for p in parsed if p.text is not None]
    total = len(parsed)

    tmp = beside(target, "building") if into is None else Path("memory")
    merged = into is None  # the sink's Dataset is a union of its named graphs: no merged copy
    if into is not None:
        named_graphs = True

    def checkable() -> Any:
        return OxigraphStore.wrap(store, tmp) if into is None else into.checkable()

    loader: _Loader | None = None
    store: Any = None
    checker: Any = None
    pool = None
    try:
        store = ox.Store(str(tmp)) if into is None else into
        loader = _Loader(store)
        t1 = time.perf_counter()
        refs: list[TaskRef] = []
        facts: list[Any] = []
        kinds: dict[URIRef, str] = {}
        places: dict[URIRef, Place] = {}
        warnings: list[str] = []
        violations: list[str] = []
        quads = 0
        batch: list[bytes] = []
        pool = _pool(jobs, authority_path, corpus, shacl, named_graphs, merged) if processes > 1 else None
        if pool is None:
            _init_worker(str(authority_path), corpus, shacl, named_graphs, merged)
        for i, out in enumerate(_ordered(pool, _build_chunk, parsed, jobs), 1):
            batch.append(out.nquads)
            quads += out.quads
            refs += out.refs
            facts.append(out.facts)
            kinds.update(out.kinds)
            places.update(out.places)
            warnings += out.warnings
            violations += out.violations
            if len(batch) >= BATCH_LETTERS or i == total:
                loader.put_letters(b"".join(batch))
                batch = []
            tick("build", i, total)
        if pool is not None:
            pool.shutdown()
            pool = None
        del parsed
        # task-to-task links need only the letters' facts: made now, the facts are let go before
        # alignment, whose allocations would otherwise have the collector walk them again and again
        derived = derivation_triples(derive_links(facts), nt_literal)
        del facts
        loader.compact()
        t_build = time.perf_counter() - t1

        t2 = time.perf_counter()
        tick("align", 0, 0)
        # what does not wait for alignment goes in first: the curated data, and the checks
        # whose answer the inferred links cannot change, which run beside alignment (on the
        # compacted store, one thread: alignment has the other core)
        shared = build_dataset([], authority).dataset
        add_places_and_kinds(shared, kinds, places)
        _authority_chain(shared)
        loader.put(dataset_nquads(shared, named=named_graphs, merged=merged))
        early, late = build_checks("sources"), build_checks("")
        found_early: list[str] = []
        # the store is wrapped where the job runs: wrapping looks at what the store holds
        loader.then(lambda: found_early.extend(run_checks(checkable(), early, 1)))
        # the SHACL shapes compiled to SPARQL, likewise beside alignment, but for those that read
        # what alignment usually writes (shared tasks and derivations): they run after it, with
        # any other the inferred triples turn out to touch. The guess decides only when a shape
        # runs, never whether: what is not run before alignment is run after it
        shapes = compiled_shapes()
        early_shapes = [s for s in shapes if not s.reads(_ALIGNMENT_WRITES)]
        shaped: dict[str, list[Violation]] = {}
        loader.then(lambda: shaped.update(violations_by_shape(checkable(), early_shapes, 1)))
        alignment = align(refs)
        numbers = {doc: number for number, entries in corpus.items() for doc, _, _ in entries}
        for doc in authority.graph.subjects(ELI.number, None):
            numbers[doc] = str(authority.graph.value(doc, ELI.number))
        inferred: set[tuple[URIRef, URIRef, Any]] = set()
        _shared_tasks(shared, alignment, numbers, into=inferred, lit=nt_literal)
        text_ngrams.cache_clear()  # shared by derivation and alignment only: let the checks have the memory
        loader.put(nquads(inferred, INFERRED_GRAPH, named=named_graphs, merged=merged))
        quads += sum(len(g) for g in shared.graphs()) + len(inferred)
        # one bulk load for all of them: each load costs Oxigraph sorted files of its own (at ten
        # thousand letters, 941 letters' derivations loaded one by one took 8 s and slowed the checks)
        loader.put(b"".join(nquads(triples, URIRef(name), named=named_graphs, merged=merged)
                            for name, triples in sorted(derived.items())))
        for triples in derived.values():
            quads += len(triples)
            inferred |= triples  # what the late shapes look at
        tick("align", 1, 0)
        t_align = time.perf_counter() - t2
        # what the loader's thread still has to do: loading, compaction, the checks beside alignment
        with phase(tick, "load"):
            loader.close()
        t_load = time.perf_counter() - t1

        t3 = time.perf_counter()
        tick("checks", 0, 0)
        checker = checkable()
        violations += found_early + run_checks(checker, late, jobs)
        ran = {s.shape for s in early_shapes}
        written = vocabulary(inferred)
        shaped.update(violations_by_shape(checker, [s for s in shapes if s.shape not in ran or s.reads(written)], jobs))
        # the same verdicts as pySHACL's over the whole graph, at any size
        violations += [v.line() for v in sorted_violations(shaped)]
        t_check = time.perf_counter() - t3
        tick("checks", 1, 0)
        if violations and not force:
            raise BuildError(refusal(violations))
        with phase(tick, "count"):
            counts = graph_counts(checker if into is None else into.countable())
        store.flush()
        del store, checker
        loader.store = None
        if into is None:
            swap_dir(tmp, target)
            # beside the store, not in it: the graph names them texts/<file>.txt from the store's folder
            write_texts(texts, target.parent / TEXTS_DIR)
        else:
            into.texts = texts
    except BaseException:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        if loader is not None and loader.thread.is_alive():
            try:
                loader.close()
            except BuildError:
                pass
        # the traceback keeps this frame, and with it the store and its lock: let go of it
        # before its folder goes, or the next build in this process cannot open one there
        if loader is not None:
            loader.store = None
        store = checker = None  # noqa: F841
        if into is None:
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    return StreamReport(total, quads, len(alignment.groups), t_parse, t_build, t_align, t_load, t_check,
                        time.perf_counter() - t0, processes, violations, warnings, errors, counts,
                        len({(m.letter, m.path) for g in alignment.groups for m in g.members}))

