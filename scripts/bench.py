"""Scale and speed: policykg on 100, 1,000 and 10,000 synthetic letters, the Oxigraph path
measured against the rdflib-in-memory path in the same run.

For each size it writes the letters (scripts/synth_corpus.py) beside the two seeds and measures:
parse throughput (one process, and every core); build time and peak memory of the in-memory
build (an rdflib Dataset, TriG/Turtle/JSON-LD files) and of the streaming build into
Oxigraph (`policykg build --store`); load time of the TriG into each store; the median latency
of every library query (default parameters) and of `trace` over a sample of tasks on each
store; pySHACL on one letter's graph held in rdflib's memory store and in Oxigraph (oxrdflib);
and `policykg explore` time and file size. Every step runs in a process of its own, so that
peak memory is the step's own (the larger of the process and its workers). A step that passes
its time limit is stopped and reported as such. It times the issue's reference load (a million
synthetic triples into rdflib and into pyoxigraph, in memory) first and on each side of the
largest Oxigraph build, which says how this machine compares with the one the issue's targets
were set on.

Above --rdflib-max letters (1,000 by default) the steps on the rdflib path (the file build, the
TriG loaded into rdflib, its queries, `explore`) are skipped: they take hours and tens of GB at
100,000 letters; the store path runs at every size (`--sizes 1000,10000,100000`), and the
report ends with how its time and memory grow from one size to the next, as ratios.

Usage: python scripts/bench.py [--sizes 100,1000,10000] [--rdflib-max 1000] [--out docs/benchmarks.md] [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from scripts_machine import machine  # noqa: E402

STEPS = ("parse", "build-rdflib", "build-oxigraph", "load-rdflib", "load-oxigraph", "queries-rdflib",
         "queries-oxigraph", "shacl", "explore")
TRACE_SAMPLE = 20
# the steps that hold the whole graph in rdflib, skipped above --rdflib-max letters
RDFLIB_STEPS = ("build-rdflib", "load-rdflib", "queries-rdflib", "explore")
# what the growth section compares from one size to the next: (label, step, key)
GROWTH = (
    ("build into Oxigraph: seconds", "build-oxigraph", "seconds"),
    ("build into Oxigraph: peak memory (MB)", "build-oxigraph", "peak_mb"),
    ("alignment inside it: seconds", "build-oxigraph", "align_s"),
    ("load the TriG into Oxigraph: seconds", "load-oxigraph", "seconds"),
    ("`trace` on Oxigraph: median ms", "queries-oxigraph", "trace"),
    ("parse, one process: letters/s", "parse", "parse_1"),
)
# The issue's own yardstick, measured on the machine its targets were set on: a million synthetic
# triples load into rdflib in memory in about 28 s and into pyoxigraph in memory in about 2.4 s.
# Timing the same kind of load here says how this machine compares (its triples were not given:
# ours are ten per subject, half links and half short literals, from a fixed seed).
REFERENCE = {"rdflib": 28.0, "pyoxigraph": 2.4}


# --- steps, each run in its own process -----------------------------------------------------


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, kids) / 1024, 1)


class _Timeout(BaseException):
    """A BaseException, like KeyboardInterrupt: the stores turn any Exception from their engine
    into a QueryError, which would hide a stopped query as a failed step."""


def _limited(seconds: float, fn: Any, *args: Any) -> Any:
    """Run fn under an alarm: rdflib's evaluator is pure Python, so the alarm interrupts it."""
    def ring(signum: int, frame: Any) -> None:
        raise _Timeout()

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn(*args)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _median_ms(fn: Any, repeat: int, limit: float) -> float | None:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        try:
            _limited(limit, fn)
        except _Timeout:
            return None
        times.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(times), 2)


# The queries' defaults name the seeds, which a synthetic corpus does not hold: a query would
# answer nothing and measure nothing. Each parameter is given instead the value that makes the
# query read the most: the place with the most letters, the letter with the most tasks, the most
# cited document, the kind of body and the target group with the most tasks; tasks-citing gets the
# document and the place together, the pair with the most citing tasks (picked apart, the most
# cited document need not be cited in the place with the most letters, and it answered nothing).
_PICKS = {
    "place": """SELECT ?v (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d eli:passed_by ?i . ?i pkg:jurisdiction ?w .
                ?w dct:isPartOf? ?a . ?a skos:hiddenLabel ?v } GROUP BY ?v ORDER BY DESC(?n) ?v LIMIT 1""",
    "letter": """SELECT ?v (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t pkg:assignedBy ?d . ?d eli:number ?v ; pkg:addressee ?a }
                 GROUP BY ?v ORDER BY DESC(?n) ?v LIMIT 1""",
    "cited": """SELECT ?v (COUNT(?c) AS ?n) WHERE { ?c eli:cites ?d . ?d eli:number ?v }
                GROUP BY ?v ORDER BY DESC(?n) ?v LIMIT 1""",
    "task-cited": """SELECT ?v ?also (COUNT(?t) AS ?n) WHERE { ?a skos:hiddenLabel ?also . ?w dct:isPartOf? ?a .
                     ?i pkg:jurisdiction ?w . ?l eli:passed_by ?i . ?t pkg:assignedBy ?l ; pkg:cites ?d .
                     ?d eli:number ?v } GROUP BY ?v ?also ORDER BY DESC(?n) ?v ?also LIMIT 1""",
    "kind": """SELECT ?v (COUNT(?t) AS ?n) WHERE { ?t pkg:assignee ?b . ?b pkg:bodyKind ?k . ?k skos:hiddenLabel ?v }
               GROUP BY ?v ORDER BY DESC(?n) ?v LIMIT 1""",
    "group": """SELECT ?v (COUNT(?t) AS ?n) WHERE { ?t pkg:targetGroup ?c . ?c skos:hiddenLabel ?v }
                GROUP BY ?v ORDER BY DESC(?n) ?v LIMIT 1""",
    "task": """SELECT ?v WHERE { ?s pkg:member ?v } ORDER BY ?v LIMIT 1""",
}
_PREFIXES = ("PREFIX dct: <http://purl.org/dc/terms/> PREFIX eli: <http://data.europa.eu/eli/ontology#> "
             "PREFIX pkg: <https://w3id.org/policykg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> ")


def _pick_key(query: str, param: str, description: str) -> str:
    if param == "number":
        if query == "tasks-citing":
            return "task-cited"
        return "cited" if "cited" in description else "letter"
    if query == "tasks-citing" and param == "place":
        return "task-cited-also"
    return param


def _picks(work: Path) -> dict[str, str]:
    """The values, picked once on the Oxigraph store (rdflib would take minutes at 10,000
    letters) and kept beside it, so that both stores answer the same questions."""
    cache = work / "picks.json"
    if cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    from policykg.sparql import OxigraphStore

    store = OxigraphStore(work / "store")
    picks: dict[str, str] = {}
    for key, query in _PICKS.items():
        _, rows = store.select(_PREFIXES + query, {})
        if rows:
            picks[key] = str(rows[0]["v"])
            if rows[0].get("also") is not None:  # the second value of a pair picked together
                picks[f"{key}-also"] = str(rows[0]["also"])
    del store
    cache.write_text(json.dumps(picks, ensure_ascii=False), encoding="utf-8")
    return picks


def reference_triples(path: Path, n: int) -> None:
    import random

    rng = random.Random(0)
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            s, k = i // 10, i % 10
            o = (f"<http://example.org/entity/{rng.randrange(max(n // 10, 1))}>" if k < 5
                 else f'"value {rng.randrange(10 ** 6)} of entity {s}"')
            f.write(f"<http://example.org/entity/{s}> <http://example.org/prop/p{k}> {o} .\n")


def reference_step(which: str, path: Path) -> dict[str, Any]:
    t = time.perf_counter()
    if which == "rdflib":
        import rdflib

        g = rdflib.Graph()
        g.parse(path, format="nt")
        n = len(g)
    else:
        import pyoxigraph as ox

        st = ox.Store()
        st.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
        n = len(st)
    return {"seconds": round(time.perf_counter() - t, 2), "triples": n, "peak_mb": _peak_mb()}


def step(name: str, work: Path, repeat: int, limit: float) -> dict[str, Any]:
    from policykg.files import expand_sources

    letters = work / "letters"
    seeds = ROOT / "graph" / "sources"
    out: dict[str, Any] = {}
    t0 = time.perf_counter()
    if name == "parse":
        from policykg.build import read_sources

        paths = expand_sources([seeds, letters])
        for jobs in (1, 2):
            t = time.perf_counter()
            read_sources(paths, jobs=jobs)
            out[f"parse_{jobs}"] = round(len(paths) / (time.perf_counter() - t), 1)
        out["letters"] = len(paths)
    elif name == "build-rdflib":
        from policykg.pipeline import run_build

        import re

        text = run_build([str(letters)], work / "files", jobs=2, echo=lambda m: None).text
        out["triples"] = int(re.search(r"(\d+) triples", text).group(1))  # type: ignore[union-attr]
    elif name == "build-oxigraph":
        from policykg.stream import build_store

        rep = build_store(expand_sources([seeds, letters]), work / "store", jobs=2)
        out.update(quads=rep.quads, shared=rep.shared_tasks, align_s=round(rep.align_seconds, 2),
                   build_s=round(rep.total_seconds, 2))
        # the TriG of the same graph, for the load steps when the in-memory build did not finish;
        # written after the build and left out of its time
        if not (work / "files" / "policykg.trig").exists():
            import pyoxigraph as ox

            from policykg.iri import graph_iri

            (work / "files").mkdir(exist_ok=True)
            # the store has the merged graph only (its default graph): the TriG holds it as one
            # named graph, which both loaders merge back into the same triples
            st = ox.Store.read_only(str(work / "store"))
            merged_graph = ox.NamedNode(str(graph_iri("merged")))
            quads = (ox.Quad(q.subject, q.predicate, q.object, merged_graph)
                     for q in st.quads_for_pattern(None, None, None, ox.DefaultGraph()))
            ox.serialize(quads, str(work / "files" / "policykg.trig"), format=ox.RdfFormat.TRIG)
    elif name == "load-rdflib":
        from policykg.store import load_dataset, merged

        g = merged(load_dataset(work / "files" / "policykg.trig"))
        out["triples"] = len(g)
    elif name == "load-oxigraph":
        from policykg.sparql import OxigraphStore

        shutil.rmtree(work / "loaded", ignore_errors=True)
        out["quads"] = OxigraphStore(work / "loaded", create=True).load_file(work / "files" / "policykg.trig")
        shutil.rmtree(work / "loaded", ignore_errors=True)
    elif name in ("queries-rdflib", "queries-oxigraph"):
        from rdflib import URIRef

        from policykg.queries import library
        from policykg.sparql import OxigraphStore, RdflibStore
        from policykg.trace import trace_in

        if name == "queries-rdflib":
            store: Any = RdflibStore.open(work / "files" / "policykg.trig")
        else:
            store = OxigraphStore(work / "store")
        out["open_s"] = round(time.perf_counter() - t0, 2)
        out["limit_s"] = limit  # a query or trace that passes it is stopped and reported as None
        picks = _picks(work)
        out["picks"] = picks
        for q in library():
            keys = {p.name: _pick_key(q.name, p.name, p.description) for p in q.params}
            given = {name: picks[key] for name, key in keys.items() if picks.get(key)}
            binding = q.bindings(given)
            counts: list[int] = []  # rows of each timed run: the report gives them beside the time
            out[f"q:{q.name}"] = _median_ms(lambda: counts.append(len(store.select(q.text, binding)[1])),
                                            repeat, limit)
            out[f"rows:{q.name}"] = counts[-1] if out[f"q:{q.name}"] is not None else None
            out[f"given:{q.name}"] = given
        _, rows = store.select("PREFIX pkg: <https://w3id.org/policykg/ontology#>\n"
                               "SELECT ?t WHERE { ?t a pkg:Task } ORDER BY ?t", {})
        tasks = [URIRef(str(r["t"])) for r in rows]
        sample = tasks[:: max(1, len(tasks) // TRACE_SAMPLE)][:TRACE_SAMPLE]
        per = [_median_ms(lambda t=t: trace_in(store, t), repeat, limit) for t in sample]
        out["trace"] = None if None in per else round(statistics.median(per), 2)
    elif name == "shacl":
        from rdflib import Graph

        from policykg.build import Authority, _DocBuilder, default_authority, read_sources
        from policykg.validate import validate_graph

        paths = expand_sources([letters])[:1]
        triples: set[Any] = set()
        b = _DocBuilder(read_sources(paths)[0], Authority.load(default_authority()), triples, {}, {})  # type: ignore
        b.build()
        for label, kind in (("rdflib", "default"), ("oxigraph", "Oxigraph")):
            g = Graph(store=kind)
            for t in triples:
                g.add(t)
            out[f"shacl_{label}"] = _median_ms(lambda: validate_graph(g), repeat, limit)
        out["shacl_triples"] = len(triples)
    elif name == "explore":
        from policykg.explore import write_explorer
        from policykg.store import load_dataset, merged

        g = merged(load_dataset(work / "files" / "policykg.trig"))
        t1 = time.perf_counter()
        page, nodes, edges = write_explorer(g, work / "explorer.html")
        out.update(explore_s=round(time.perf_counter() - t1, 2), size_kib=page.stat().st_size // 1024,
                   nodes=nodes, edges=edges)
    out["seconds"] = out.pop("build_s", None) or round(time.perf_counter() - t0, 2)  # not the TriG export
    out["peak_mb"] = _peak_mb()
    return out


def run_step(name: str, work: Path, repeat: int, limit: float, timeout: float) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--step", name, "--work", str(work), "--repeat", str(repeat),
           "--limit", str(limit)]
    t0 = time.perf_counter()
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"stopped": round(time.perf_counter() - t0)}
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"failed": tail[:200]}
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the report -------------------------------------------------------------------------------


def _versions() -> str:
    from importlib.metadata import version

    names = ("rdflib", "pyoxigraph", "pyshacl", "networkx", "pyvis", "oxrdflib")
    parts = []
    for n in names:
        try:
            parts.append(f"{n} {version(n)}")
        except Exception:
            parts.append(f"{n} (not installed)")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    return f"Python {platform.python_version()}, " + ", ".join(parts) + (f"; policykg {commit.strip()}" if commit else "")


def _fmt(v: Any, unit: str = "") -> str:
    if v is None:
        return "n/a"
    if isinstance(v, float):
        return f"{v:,.2f}{unit}" if v < 100 else f"{v:,.0f}{unit}"
    return f"{v:,}{unit}"


def _ratio(base: Any, new: Any, floor: float | None = None) -> str:
    """baseline / Oxigraph; `floor` is what the baseline took at least when it was stopped."""
    if not isinstance(new, (int, float)) or not new:
        return "n/a"
    if isinstance(base, (int, float)):
        return f"{base / new:,.1f}x"
    return f"> {floor / new:,.0f}x" if floor else "n/a"


def _cell(r: dict[str, Any], key: str, unit: str = "") -> str:
    if "skipped" in r:
        return "skipped"
    if "stopped" in r:
        return f"stopped after {r['stopped']} s"
    if "failed" in r:
        return "failed: " + r["failed"]
    if r.get(key) is None and "limit_s" in r and (key.startswith("q:") or key == "trace"):
        return f"over {r['limit_s']:g} s, stopped"
    return _fmt(r.get(key), unit)


def _floor(r: dict[str, Any], key: str, scale: float = 1.0) -> float | None:
    """A lower bound for a stopped figure: the time it ran before it was stopped."""
    if "stopped" in r and key == "seconds":
        return float(r["stopped"]) * scale
    if r.get(key) is None and "limit_s" in r:
        return float(r["limit_s"]) * 1000 * scale
    return None


def reference_runs(ref: dict[str, Any]) -> list[dict[str, Any]]:
    """The reference loads of a run, in order (a results.json from before loads were repeated
    holds one, at the top level)."""
    if "runs" in ref:
        return list(ref["runs"])
    return [{"when": "first", **{w: ref[w] for w in REFERENCE if w in ref}}] if any(w in ref for w in REFERENCE) else []


def _seconds(run: dict[str, Any], which: str) -> float | None:
    """A reference load's time, None if it was stopped or failed."""
    v = run.get(which, {}).get("seconds") if isinstance(run.get(which), dict) else None
    return v if isinstance(v, (int, float)) else None


def _run_factor(run: dict[str, Any]) -> float | None:
    ratios = [v / base for w, base in REFERENCE.items() if (v := _seconds(run, w)) is not None]
    return sum(ratios) / len(ratios) if len(ratios) == len(REFERENCE) else None


def machine_factors(ref: dict[str, Any]) -> list[float]:
    """How many times slower than the issue's machine this one ran each reference load (the mean of
    rdflib's and pyoxigraph's ratios), when it ran the issue's size: a smaller load would not compare."""
    if ref.get("triples") != 1_000_000:
        return []
    return [f for f in map(_run_factor, reference_runs(ref)) if f is not None]


def machine_factor(ref: dict[str, Any]) -> float | None:
    """The median of the loads' factors: this machine's speed drifts by a fifth within an hour, so
    the loads are timed first and again on each side of the largest Oxigraph build."""
    factors = machine_factors(ref)
    return statistics.median(factors) if factors else None


def reference_lines(ref: dict[str, Any]) -> list[str]:
    runs = reference_runs(ref)
    if not runs:
        return []
    full = ref["triples"] == 1_000_000
    lines = ["## This machine against the issue's", "",
             "The issue set its targets on a machine where a million synthetic triples load into rdflib in",
             f"memory in about {REFERENCE['rdflib']:g} s and into pyoxigraph in memory in about "
             f"{REFERENCE['pyoxigraph']:g} s. The same kind of load here ({ref['triples']:,} triples,",
             "ten per subject, half links and half short literals; the issue did not give its own), timed "
             f"{len(runs)} time{'s' if len(runs) > 1 else ''}: " + ", ".join(r.get("when", "?") for r in runs) + ":", "",
             "| load into memory | the issue's machine | " + " | ".join(f"here, {r.get('when', '?')}" for r in runs)
             + " | this machine is slower by (median) |",
             "|---|---|" + "---|" * len(runs) + "---|"]
    for w, base in REFERENCE.items():
        times = [v for r in runs if (v := _seconds(r, w)) is not None]
        cells = [f"{_cell(r.get(w, {}), 'seconds')} s, {_cell(r.get(w, {}), 'peak_mb')} MB" for r in runs]
        slower = f"{statistics.median(times) / base:.2f}x" if times and full else "n/a"
        lines.append(f"| {w} | {base:g} s | " + " | ".join(cells) + f" | {slower} |")
    factors = machine_factors(ref)
    if factors:
        lines += ["", "Each load's factor (the mean of the two ratios): " + ", ".join(f"{f:.2f}x" for f in factors)
                  + f"; their median, {machine_factor(ref):.2f}x, scales the targets below."]
    return lines + [""]


def report(results: dict[int, dict[str, dict[str, Any]]], ref: dict[str, Any] | None = None) -> str:
    lines = ["# Benchmarks: scale and speed", "",
             "Written by `python scripts/bench.py`; every figure below comes from the one run that wrote",
             "this file. The baseline is the plain path: rdflib in memory (the file build;",
             "queries and trace through rdflib's SPARQL engine). Ratios are baseline / Oxigraph: above 1",
             "the Oxigraph path is that many times faster (or smaller). Letters are synthetic",
             "(scripts/synth_corpus.py), plus the two seeds.", "",
             f"- Machine: {machine()}", f"- Versions: {_versions()}",
             f"- Date: {time.strftime('%Y-%m-%d')}", ""]
    for n, r in sorted(results.items()):
        p, br, bo = r["parse"], r["build-rdflib"], r["build-oxigraph"]
        lr, lo, qr, qo = r["load-rdflib"], r["load-oxigraph"], r["queries-rdflib"], r["queries-oxigraph"]
        sh, ex = r["shacl"], r["explore"]
        lines += [f"## {n:,} letters", "",
                  f"Parse: {_cell(p, 'parse_1')} letters/s on one process, {_cell(p, 'parse_2')} letters/s on two "
                  f"({_cell(p, 'letters')} letters; target 200 letters/s per core).", "",
                  "| step | rdflib in memory | Oxigraph | ratio |", "|---|---|---|---|",
                  f"| build: seconds | {_cell(br, 'seconds')} | {_cell(bo, 'seconds')} | "
                  f"{_ratio(br.get('seconds'), bo.get('seconds'), _floor(br, 'seconds'))} |",
                  f"| build: peak memory (MB) | {_cell(br, 'peak_mb')} | {_cell(bo, 'peak_mb')} | "
                  f"{_ratio(br.get('peak_mb'), bo.get('peak_mb'))} |",
                  f"| build: size | {_cell(br, 'triples')} triples | {_cell(bo, 'quads')} quads | |",
                  f"| load the TriG: seconds | {_cell(lr, 'seconds')} | {_cell(lo, 'seconds')} | "
                  f"{_ratio(lr.get('seconds'), lo.get('seconds'))} |",
                  f"| load the TriG: peak memory (MB) | {_cell(lr, 'peak_mb')} | {_cell(lo, 'peak_mb')} | "
                  f"{_ratio(lr.get('peak_mb'), lo.get('peak_mb'))} |",
                  f"| open the store for queries: seconds | {_cell(qr, 'open_s')} | {_cell(qo, 'open_s')} | "
                  f"{_ratio(qr.get('open_s'), qo.get('open_s'))} |"]
        for key in sorted(k for k in {**qr, **qo} if k.startswith("q:")):
            name = key[2:]
            given = ", ".join(f"{k}={v}" for k, v in (qo.get(f"given:{name}") or {}).items())
            rows = qo.get(f"rows:{name}")
            what = "; ".join(x for x in (given, f"{rows:,} rows" if rows is not None else "") if x)
            lines.append(f"| query `{name}`{f' ({what})' if what else ''}: median ms | {_cell(qr, key)} | "
                         f"{_cell(qo, key)} | {_ratio(qr.get(key), qo.get(key), _floor(qr, key))} |")
        lines += [f"| `trace`: median ms over {TRACE_SAMPLE} tasks | {_cell(qr, 'trace')} | {_cell(qo, 'trace')} | "
                  f"{_ratio(qr.get('trace'), qo.get('trace'), _floor(qr, 'trace'))} |",
                  f"| pySHACL, one letter ({_cell(sh, 'shacl_triples')} triples): median ms | "
                  f"{_cell(sh, 'shacl_rdflib')} | {_cell(sh, 'shacl_oxigraph')} (oxrdflib) | "
                  f"{_ratio(sh.get('shacl_rdflib'), sh.get('shacl_oxigraph'))} |",
                  "", (f"`explore` of the whole graph: skipped ({ex['skipped']})." if "skipped" in ex else
                       f"`explore` of the whole graph: {_cell(ex, 'explore_s')} s to write, {_cell(ex, 'size_kib')} KiB, "
                       f"{_cell(ex, 'nodes')} nodes, {_cell(ex, 'edges')} edges." if "explore_s" in ex else
                       f"`explore` of the whole graph: {_cell(ex, 'explore_s')} (reading the TriG into rdflib "
                       "included)."),
                  f" Alignment inside the Oxigraph build: {_cell(bo, 'align_s')} s for {_cell(bo, 'shared')} shared tasks.",
                  ""] + [f"Note: {note}" for note in r.get("notes", [])] + ([""] if r.get("notes") else [])
    return "\n".join(lines + reference_lines(ref or {}) + targets(results, ref or {}) + growth(results)) + "\n"


def growth(results: dict[int, dict[str, dict[str, Any]]]) -> list[str]:
    """How the store path's figures grow from each size to the next: each figure's ratio beside
    the letters' (linear growth has the same ratio as the letters)."""
    sizes = sorted(results)
    if len(sizes) < 2:
        return []
    pairs = list(zip(sizes, sizes[1:]))
    lines = ["## Growth on the Oxigraph path", "",
             "Each figure at a size divided by the same figure at the size before it.", "",
             "| figure | " + " | ".join(f"{a:,} to {b:,} letters ({b / a:g}x)" for a, b in pairs) + " |",
             "|---|" + "---|" * len(pairs)]
    for label, stepname, key in GROWTH:
        cells = []
        for a, b in pairs:
            va, vb = results[a][stepname].get(key), results[b][stepname].get(key)
            ok = isinstance(va, (int, float)) and isinstance(vb, (int, float)) and va
            cells.append(f"{vb / va:,.2f}x" if ok else "n/a")  # type: ignore[operator]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines + [""]


TARGETS = (  # at the largest size, on the Oxigraph path (the targets for a 2-core machine)
    ("build into Oxigraph", "build-oxigraph", "seconds", 60, "s", "under"),
    ("build peak memory", "build-oxigraph", "peak_mb", 2048, "MB", "under"),
    ("trace, median", "queries-oxigraph", "trace", 50, "ms", "under"),
    ("parse, one process", "parse", "parse_1", 200, "letters/s", "at least"),
)


def targets(results: dict[int, dict[str, dict[str, Any]]], ref: dict[str, Any] | None = None) -> list[str]:
    n = max(results)
    r = results[n]
    lines = [f"## Targets at {n:,} letters", "", "| target | measured | met |", "|---|---|---|"]
    for label, stepname, key, limit, unit, how in TARGETS:
        v = r[stepname].get(key)
        ok = v is not None and (v < limit if how == "under" else v >= limit)
        lines.append(f"| {label} {how} {limit:,} {unit} | {_cell(r[stepname], key)} {unit} | {'yes' if ok else 'NO'} |")
    qo = r["queries-oxigraph"]
    slow = sorted(k[2:] for k, v in qo.items() if k.startswith("q:") and (v is None or v >= 1000))
    worst = max((v for k, v in qo.items() if k.startswith("q:") and v is not None), default=None)
    lines.append(f"| every library query under 1,000 ms | slowest {_fmt(worst)} ms | "
                 f"{'yes' if not slow else 'NO: ' + ', '.join(slow)} |")
    factors = machine_factors(ref or {})
    build = r["build-oxigraph"].get("seconds")
    if factors and isinstance(build, (int, float)):
        factor = statistics.median(factors)
        scaled = 60 * factor
        spread = (f" ({60 * min(factors):.0f}-{60 * max(factors):.0f} s by the fastest and slowest of the "
                  f"{len(factors)} loads)" if len(factors) > 1 else "")
        lines += ["", f"The targets are the issue's own, unscaled. Scaled by this machine's median {factor:.2f}x on "
                  f"the reference loads, the build's 60 s would be {scaled:.0f} s here{spread}; the build took "
                  f"{build:.0f} s ({'within' if build < scaled else 'over'} it)."]
    return lines + [""]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,1000,10000", help="numbers of synthetic letters (default 100,1000,10000)")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    ap.add_argument("--work", type=Path, default=None, help="where the letters and stores go (default: a temp dir)")
    ap.add_argument("--repeat", type=int, default=5, help="runs per query or trace; the median is reported")
    ap.add_argument("--limit", type=float, default=120.0, help="seconds one query may take before it is stopped")
    ap.add_argument("--timeout", type=float, default=3600.0, help="seconds one step may take before it is stopped")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--rdflib-max", type=int, default=1000,
                    help="most letters the rdflib steps run on; skipped above (default 1,000)")
    ap.add_argument("--render", type=Path, default=None, help="write the report from a results.json of a run")
    ap.add_argument("--reference-triples", type=int, default=1_000_000,
                    help="size of the issue's reference load that compares this machine with its (default 1,000,000)")
    ap.add_argument("--step", choices=STEPS + ("reference-rdflib", "reference-pyoxigraph"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.step and args.step.startswith("reference-"):
        print(json.dumps(reference_step(args.step.removeprefix("reference-"), args.work / "reference.nt")))
        return
    if args.step:
        print(json.dumps(step(args.step, args.work, args.repeat, args.limit)))
        return
    if args.render:
        from policykg.files import write_atomic

        saved = json.loads(args.render.read_text(encoding="utf-8"))
        ref = saved.pop("reference", {})
        write_atomic(args.out, report({int(k): v for k, v in saved.items()}, ref))
        print(f"wrote {args.out}")
        return
    from synth_corpus import generate

    from policykg.files import write_atomic

    sizes = [int(x) for x in args.sizes.split(",")]
    work = args.work or Path(tempfile.mkdtemp(prefix="policykg-bench-"))
    results: dict[int, dict[str, dict[str, Any]]] = {}
    work.mkdir(parents=True, exist_ok=True)
    reference_triples(work / "reference.nt", args.reference_triples)
    ref: dict[str, Any] = {"triples": args.reference_triples, "runs": []}

    def reference(when: str) -> None:
        run: dict[str, Any] = {"when": when}
        for which in REFERENCE:
            print(f"reference load of {args.reference_triples:,} triples ({when}): {which} ...", file=sys.stderr,
                  flush=True)
            run[which] = run_step(f"reference-{which}", work, args.repeat, args.limit, args.timeout)
            print(f"  {json.dumps(run[which])}", file=sys.stderr, flush=True)
        ref["runs"].append(run)

    reference("first")
    for n in sizes:
        d = work / str(n)
        shutil.rmtree(d, ignore_errors=True)
        generate(n, d / "letters", seed=args.seed)
        results[n] = {}
        for name in STEPS:
            largest_build = n == max(sizes) and name == "build-oxigraph"
            if largest_build:
                reference(f"before the {n:,}-letter build")
            if n > args.rdflib_max and name in RDFLIB_STEPS:
                results[n][name] = {"skipped": f"the rdflib path above {args.rdflib_max:,} letters"}
                print(f"{n} letters: {name} skipped", file=sys.stderr, flush=True)
                continue
            print(f"{n} letters: {name} ...", file=sys.stderr, flush=True)
            results[n][name] = run_step(name, d, args.repeat, args.limit, args.timeout)
            print(f"  {json.dumps(results[n][name], ensure_ascii=False)}", file=sys.stderr, flush=True)
            if largest_build:
                reference(f"after the {n:,}-letter build")
        write_atomic(args.out, report(results, ref))  # a report after each size: a long run shows its progress
        write_atomic(work / "results.json", json.dumps({**results, "reference": ref}, indent=1))
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
