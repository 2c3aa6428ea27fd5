"""Queries a second from `policykg serve` with 1, 8 and 32 clients, a slow query running beside
them all along, on the 10,000-letter store; and the same load on `oxigraph serve-read-only` over
the same store, for comparison.

The store is built first when not given: scripts/synth_corpus.py writes the letters, then
`policykg build --store`. Each client sends one request after another, each on a new
connection, for --seconds; the fast requests go round the library queries below, with parameters
picked from the store at start; the slow client sends a query that runs into the time limit,
again and again. Every request goes to loopback; each loop stops by itself.

Usage: python scripts/bench_endpoint.py [--store oxigraph:DIR | --graph FILE] [--letters 10000]
       [--work DIR] [--clients 1,8,32] [--seconds 20] [--out docs/benchmarks-endpoint.md]
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scripts_machine import machine  # noqa: E402

BIN = Path(sys.executable).parent
PREFIXES = ("PREFIX eli: <http://data.europa.eu/eli/ontology#> PREFIX pkg: <https://w3id.org/policykg/ontology#> "
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX dct: <http://purl.org/dc/terms/> ")
# the letter with the most tasks, and the place with the most letters: the library queries read most there
PICK_LETTER = PREFIXES + """SELECT ?v (COUNT(?t) AS ?n) WHERE { ?t pkg:assignedBy ?d . ?d eli:number ?v }
                            GROUP BY ?v ORDER BY DESC(?n) ?v LIMIT 1"""
PICK_PLACE = PREFIXES + """SELECT ?v (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d eli:passed_by ?i . ?i pkg:jurisdiction ?w .
                           ?w dct:isPartOf? ?a . ?a skos:hiddenLabel ?v } GROUP BY ?v ORDER BY DESC(?n) ?v LIMIT 1"""
# every triple against every other: runs until the time limit stops it
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"


def build_store(letters: int, work: Path) -> Path:
    store = work / f"store-{letters}"
    if (store / "CURRENT").exists():
        return store
    corpus = work / f"letters-{letters}"
    if not corpus.exists():
        subprocess.run([sys.executable, str(ROOT / "scripts" / "synth_corpus.py"), str(letters), str(corpus)],
                       check=True)
    subprocess.run([str(BIN / "policykg"), "build", "--source", str(corpus), "--store", f"oxigraph:{store}"],
                   check=True)
    return store


class Server:
    """A server process on a free loopback port, stopped after."""

    def __init__(self, cmd: list[str], port_from_stderr: bool, port: int | None = None) -> None:
        self.proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        if port_from_stderr:
            line = self.proc.stderr.readline()  # type: ignore[union-attr]
            if "http://127.0.0.1:" not in line:
                self.stop()
                raise SystemExit(f"server did not start: {line.strip()}")
            self.port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
        else:
            assert port is not None
            self.port = port
            for _ in range(600):
                try:
                    http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()
                    break
                except OSError:
                    time.sleep(0.1)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def ask(port: int, path: str, query: str, timeout: float = 120) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", path, urllib.parse.urlencode({"query": query}), {
            "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def lookups(port: int, path: str) -> list[str]:
    """Point look-ups: a letter by its number, the tasks it assigns; what the protocol and the
    workers add shows best on queries this cheap."""
    status, body = ask(port, path, PREFIXES + "SELECT ?v WHERE { ?d eli:number ?v } ORDER BY ?v LIMIT 40", timeout=600)
    numbers = [b["v"]["value"] for b in json.loads(body)["results"]["bindings"]] if status == 200 else ["none"]
    return [PREFIXES + f'SELECT ?d ?t WHERE {{ ?d eli:number {json.dumps(n)} . OPTIONAL {{ ?t pkg:assignedBy ?d }} }}'
            for n in numbers]


def fast_queries(port: int, path: str) -> list[str]:
    """Library queries with the picked parameters bound, as the page sends them."""
    picks = {}
    for name, q in (("letter", PICK_LETTER), ("place", PICK_PLACE)):
        status, body = ask(port, path, q, timeout=600)
        rows = json.loads(body)["results"]["bindings"] if status == 200 else []
        picks[name] = rows[0]["v"]["value"] if rows else ""
    from policykg.queries import bind_values, library_query

    out = []
    for name, given in (("tasks-of-document", {"number": picks["letter"]}),
                        ("shared-tasks", {"number": picks["letter"]}),
                        ("signatures", {"place": picks["place"]}),
                        ("tasks-with-deadlines", {"place": picks["place"]})):
        q = library_query(name)
        out.append(bind_values(q.text, q.bindings(given)))
    return out


def load(port: int, path: str, queries: list[str], clients: int, seconds: float) -> dict[str, float]:
    """`clients` threads sending fast queries for `seconds`, one slow client beside them."""
    stop = time.monotonic() + seconds
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    slow_statuses: dict[int, int] = {}
    lock = threading.Lock()

    def client(i: int) -> None:
        n = i
        while time.monotonic() < stop:
            t0 = time.perf_counter()
            try:
                status, _ = ask(port, path, queries[n % len(queries)])
            except OSError:
                status = 0
            with lock:
                latencies.append(time.perf_counter() - t0)
                statuses[status] = statuses.get(status, 0) + 1
            n += 1

    def slow() -> None:
        while time.monotonic() < stop:
            try:
                status, _ = ask(port, path, SLOW)
            except OSError:
                status = 0
            with lock:
                slow_statuses[status] = slow_statuses.get(status, 0) + 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)] + [threading.Thread(target=slow)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - t0
    ok = statuses.get(200, 0)
    lat = sorted(latencies)
    return {"clients": clients, "qps": ok / wall, "ok": ok, "other": sum(v for k, v in statuses.items() if k != 200),
            "statuses": dict(sorted(statuses.items())), "slow": dict(sorted(slow_statuses.items())),
            "p50_ms": statistics.median(lat) * 1000 if lat else 0,
            "p95_ms": lat[int(len(lat) * 0.95)] * 1000 if lat else 0, "wall": wall}


def run(label: str, server: Server, path: str, clients: list[int], seconds: float) -> list[dict[str, float]]:
    try:
        mixes = {"library queries": fast_queries(server.port, path), "look-ups": lookups(server.port, path)}
        out = []
        for mix, queries in mixes.items():
            ask(server.port, path, queries[0])  # warm the store's caches
            for c in clients:
                r = load(server.port, path, queries, c, seconds)
                r["mix"] = mix  # type: ignore[assignment]
                print(f"{label}, {mix}: {c:>3} clients: {r['qps']:.1f} queries/s, p50 {r['p50_ms']:.0f} ms, "
                      f"p95 {r['p95_ms']:.0f} ms, statuses {r['statuses']}, slow query {r['slow']}", flush=True)
                out.append(r)
        return out
    finally:
        server.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", help="oxigraph:DIR, built already")
    ap.add_argument("--graph", help="a graph file instead of a store (for a quick run)")
    ap.add_argument("--letters", type=int, default=10_000)
    ap.add_argument("--work", type=Path, default=Path("/tmp/policykg-bench-endpoint"))
    ap.add_argument("--clients", default="1,8,32")
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--timeout", type=float, default=10.0, help="the servers' query time limit")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks-endpoint.md")
    ap.add_argument("--no-oxigraph", action="store_true", help="leave out `oxigraph serve-read-only`")
    args = ap.parse_args()
    clients = [int(c) for c in args.clients.split(",")]

    if args.graph:
        source = ["--graph", args.graph]
        where, store = f"the graph file {args.graph}", None
    else:
        store = Path(args.store.partition(":")[2]) if args.store else build_store(args.letters, args.work)
        source = ["--store", f"oxigraph:{store}"]
        where = f"the {args.letters:,}-letter store"
    print(f"machine: {machine()}", flush=True)
    cmd = [str(BIN / "policykg"), "serve", "--port", "0", *source, "--timeout", f"{args.timeout:g}",
           "--workers", str(args.workers)]
    server = Server(cmd, True)
    probes = {"policykg serve": probe(server.port, "/sparql", args.timeout)}
    ours = run("policykg serve", server, "/sparql", clients, args.seconds)
    theirs = None
    oxigraph = shutil.which("oxigraph", path=str(BIN)) or shutil.which("oxigraph")
    if store is not None and oxigraph and not args.no_oxigraph:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        cmd = [oxigraph, "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}",
               "--timeout-s", f"{args.timeout:g}"]
        server = Server(cmd, False, port)
        probes["oxigraph serve-read-only"] = probe(port, "/query", args.timeout)
        theirs = run("oxigraph serve-read-only", server, "/query", clients, args.seconds)
    for label, found in probes.items():
        for k, v in found.items():
            print(f"{label}: {k}: {v}", flush=True)
    write_report(args, where, ours, theirs, probes)


def probe(port: int, path: str, timeout: float) -> dict[str, str]:
    """What a server does with the three requests issue 21 is about: a query past the time
    limit, a SERVICE to a loopback listener of ours, and a request from another site's page
    (another Host and Origin)."""
    import socket

    out: dict[str, str] = {}
    t0 = time.monotonic()
    status, body = ask(port, path, SLOW, timeout=timeout * 10 + 60)
    tail = body[-60:].decode("utf-8", "replace").replace("\n", " ").replace("|", "/")
    out["a query past the limits"] = f"HTTP {status} after {time.monotonic() - t0:.1f} s, body ending `{tail.strip()}`"
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(5)
    got: list[bytes] = []

    def accept() -> None:
        try:
            conn, _ = listener.accept()
            got.append(conn.recv(200))
            conn.close()
        except OSError:
            pass

    t = threading.Thread(target=accept)
    t.start()
    status, _ = ask(port, path, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.getsockname()[1]}/> {{ ?s ?p ?o }} }}")
    t.join()
    listener.close()
    out["SERVICE to a loopback address"] = f"HTTP {status}; " + (
        "the server connected to it and sent a request" if got else "no connection was made")
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("POST", path, "query=ASK%7B%7D", {"Content-Type": "application/x-www-form-urlencoded",
                                                   "Host": "rebound.example", "Origin": "http://rebound.example"})
    resp = conn.getresponse()
    resp.read()
    conn.close()
    out["Host and Origin of another site"] = f"HTTP {resp.status}"
    return out


def write_report(args: argparse.Namespace, where: str, ours: list[dict[str, float]],
                 theirs: list[dict[str, float]] | None, probes: dict[str, dict[str, str]]) -> None:
    lines = [
        "# SPARQL endpoint benchmark", "",
        "Written by `python scripts/bench_endpoint.py`; do not edit by hand.", "",
        f"Machine: {machine()}", "",
        f"On {where}: each client sends one query after another, each on a new loopback connection, for "
        f"{args.seconds:g} s; all along a further client sends `{SLOW}`, which runs until a limit of the "
        f"server stops it (the {args.timeout:g} s time limit, or `policykg serve`'s memory cap). `policykg serve` runs with `--workers {args.workers}` "
        "(one of which the slow query holds most of the time).", "",
        "Two mixes: *library queries* go round tasks-of-document, shared-tasks, signatures and "
        "tasks-with-deadlines, bound to the letter with the most tasks and the place with the most letters (each "
        "reads thousands of triples: docs/benchmarks.md gives their times alone); *look-ups* find a letter by "
        "its number with the tasks it assigns (40 letters in turn), which shows what the server itself costs.", "",
        "| server | queries | clients | queries/s | median ms | 95th percentile ms | fast answers (status: count) | slow query (status: count) |",
        "|---|---|---:|---:|---:|---:|---|---|",
    ]
    for label, results in (("policykg serve", ours), ("oxigraph serve-read-only", theirs or [])):
        for r in results:
            lines.append(f"| {label} | {r['mix']} | {r['clients']} | {r['qps']:.1f} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | "
                         f"{_counts(r['statuses'])} | {_counts(r['slow'])} |")
    lines += ["", "A 503 among the fast answers is a query that waited longer than the time limit for a free "
              "worker (the back-pressure of `--workers` and `--max-waiting`), answered with `Retry-After`; "
              "the slow query's 503 is a limit it ran into (time or memory). Status 0 counts connections that "
              "failed: the server was no longer there (its clients then spin, so the counts are large). The machine "
              "is shared with other work while this runs, so the figures vary from run to run; compare the rows of "
              "one run.",
              "", "## What each server does with three requests", "",
              "Why `policykg serve` does not hand the protocol to `oxigraph serve-read-only`: the same store, the "
              f"same time limit ({args.timeout:g} s), three requests.", "",
              "| server | request | answer |", "|---|---|---|"]
    for label, found in probes.items():
        for k, v in found.items():
            lines.append(f"| {label} | {k} | {v} |")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.name + ".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(args.out)
    print(f"wrote {args.out}")


def _counts(d: dict[int, int]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in d.items()) or "none"


if __name__ == "__main__":
    main()
