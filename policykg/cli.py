"""The `policykg` command. Thin: each command calls the library; domain errors become one-line
messages with a non-zero exit in one place (_Commands). Every command that reads the graph takes
the same options (reads_graph) and opens what they name through one function (open_source)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import click

from . import __version__
from .errors import InputError, PolicykgError
from .files import expand_sources
from .parse import parse_file
from .workers import PARALLEL_MIN


class _Commands(click.Group):
    """The commands, with every domain error turned into one-line messages here, in one place:
    `Error: MESSAGE` on stderr and exit 1 (2 for `validate` given a graph it cannot read, as its
    help says); files a build refused are listed first, one line each."""

    def invoke(self, ctx: click.Context) -> object:
        from .build import RefusedError
        from .sparql import StoreError
        from .store import LoadError

        try:
            return super().invoke(ctx)
        except PolicykgError as exc:
            for line in getattr(exc, "refused", []) if isinstance(exc, RefusedError) else []:
                click.echo(f"Error: {line}", err=True)
            error = click.ClickException(str(exc))
            if ctx.invoked_subcommand == "validate" and isinstance(exc, (LoadError, StoreError)):
                error.exit_code = 2
            raise error from None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policykg")
def main() -> None:
    """A knowledge graph of Vietnamese policy documents."""


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, one record per file.")
def parse(files: tuple[str, ...], as_json: bool) -> None:
    """Parse official documents into records.

    Example: policykg parse graph/sources/ --json
    """
    paths = expand_sources(files)
    records = []
    failed = 0
    for path in paths:
        try:
            records.append(parse_file(path))
        except InputError as exc:
            failed += 1
            click.echo(f"Error: {exc}", err=True)
    if as_json:
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        for rec in records:
            click.echo(_summary(rec))
    if failed:
        sys.exit(1)


def _summary(rec: dict) -> str:
    signer = rec["signer"]
    who = " ".join(x for x in (signer.get("authority"), signer.get("on_behalf_of")) if x)
    lines = [
        f"{rec['source']}",
        f"  {rec['doc_type']} {rec['number']} — {rec['issuer']}, {rec['place']}, {rec['date']}",
        f"  V/v {rec['subject']}",
        f"  signed: {signer.get('name')} ({signer.get('title')}{', ' + who if who else ''})",
        f"  implements: {', '.join(rec['implements']) or '—'}; cites: "
        + ", ".join(c["id"] for c in rec["citations"]),
        f"  tasks: {len(rec['tasks'])}" + (f", closing orders: {len(rec['closing'])}" if rec["closing"] else ""),
    ]
    for t in rec["tasks"] + rec["closing"]:
        extra = []
        if t["lead"]:
            extra.append("lead")
        if t["cooperating"]:
            extra.append("with " + "; ".join(t["cooperating"]))
        if t["modality"] == "request":
            extra.append("request")
        if t["deadlines"]:
            extra.append("due " + ", ".join(d["date"] or f"'{d['text']}' (not placed)" for d in t["deadlines"]))
        tail = f" [{'; '.join(extra)}]" if extra else ""
        lines.append(f"    {t['path']:<8} {', '.join(t['assignees'])}{tail}: {t['text'][:60]}…")
    for w in rec["warnings"]:
        lines.append(f"  warning: {w}")
    return "\n".join(lines)


GRAPH_OPTION = click.option("--graph", "graph_path", type=click.Path(dir_okay=False), default=None,
                            help="Graph file (default: the release graph/policykg.trig).")


def reads_graph(command: Callable[..., None]) -> Callable[..., None]:
    """The options of every command that reads the graph: a graph file, an Oxigraph store or a
    SPARQL endpoint, one at most (the release graph when none); `open_source` opens it."""
    for option in reversed([
        GRAPH_OPTION,
        click.option("--store", default=None, metavar="oxigraph:DIR", help="Read an on-disk Oxigraph store."),
        click.option("--endpoint", default=None, metavar="URL", help="Read a SPARQL 1.1 endpoint."),
    ]):
        command = option(command)
    return command


def open_source(graph_path: str | None, store: str | None, endpoint: str | None, named_graphs: bool = False):  # type: ignore[no-untyped-def]
    """What a command was told to read, opened (policykg.sparql.open_store)."""
    from .sparql import open_store

    return open_store(graph_path, store, endpoint, named_graphs=named_graphs)


def read_graph(graph_path: str | None, store: str | None, endpoint: str | None):  # type: ignore[no-untyped-def]
    """What a command was told to read, as one merged rdflib graph (policykg.sparql.graph_of)."""
    from .sparql import graph_of

    return graph_of(open_source(graph_path, store, endpoint))


def _progress() -> Callable[[str, int, int], None]:
    """Progress on stderr for long builds: a bar for a phase that counts letters (a line every
    tenth when stderr is no terminal), and for one that does not (`total` 0) its name when it
    starts and its time when it ends. A build of fewer than 50 letters, whose phases take less
    than a second, shows nothing."""
    import time

    tty = sys.stderr.isatty()
    started: dict[str, float] = {}
    shown: dict[str, int] = {}
    large = [False]

    def tick(phase: str, done: int, total: int) -> None:
        if total == 0:
            if large[0]:
                _phase(phase, done)
            return
        if total < 50:
            return
        large[0] = True
        t0 = started.setdefault(phase, time.perf_counter())
        step = max(1, total // (100 if tty else 10))
        if done != total and done - shown.get(phase, 0) < step:
            return
        shown[phase] = done
        rate = done / max(time.perf_counter() - t0, 1e-9)
        width = 30
        bar = "#" * (width * done // total) + "-" * (width - width * done // total)
        msg = f"{phase:<6} [{bar}] {done}/{total} ({rate:.0f}/s)"
        if tty:
            sys.stderr.write("\r" + msg + ("\n" if done == total else ""))
            sys.stderr.flush()
        else:
            click.echo(msg, err=True)

    def _phase(phase: str, done: int) -> None:
        if done == 0:
            started[phase] = time.perf_counter()
            msg = f"{phase:<6} ..."
            if tty:
                sys.stderr.write(msg)
                sys.stderr.flush()
            else:
                click.echo(msg, err=True)
            return
        msg = f"{phase:<6} done in {time.perf_counter() - started.pop(phase, time.perf_counter()):.1f}s"
        if tty:
            sys.stderr.write("\r" + msg + "\n")
            sys.stderr.flush()
        else:
            click.echo(msg, err=True)

    return tick


def _jobs(jobs: int | None) -> int:
    import os

    return jobs or os.cpu_count() or 1


@main.command()
@click.option("--source", "extra", multiple=True, type=click.Path(), help="More letters: files or folders.")
@click.option("--out", type=click.Path(file_okay=False), default=None, help="Output folder (default: graph/).")
@click.option("--only", is_flag=True, help="Leave out the shipped graph/sources/.")
@click.option("--force", is_flag=True, help="Write even when checks find violations.")
@click.option("--store", default=None, metavar="oxigraph:DIR",
              help="Stream into an on-disk Oxigraph store instead of writing files (for large corpora).")
@click.option("--shacl", is_flag=True, help="With --store: also validate each letter with pySHACL (slower).")
@click.option("--named-graphs", is_flag=True,
              help="With --store: keep each source's triples in its named graph too (3x the load and the disk).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Processes (default: every core).")
@click.option("--parallel-min", type=click.IntRange(min=1), default=PARALLEL_MIN, show_default=True,
              help="Fewest letters worth starting the processes of -j for; fewer are built in one process.")
@click.option("--strict", is_flag=True, help="Write nothing when any file is refused (default: build the others, exit 1).")
def build(extra: tuple[str, ...], out: str | None, only: bool, force: bool, store: str | None, shacl: bool,
          named_graphs: bool, jobs: int | None, parallel_min: int, strict: bool) -> None:
    """Parse the sources and write the RDF dataset (TriG, Turtle, JSON-LD) or an Oxigraph store.

    A file that cannot be read is listed with its reason and left out; the others are built and
    the command exits 1 (with --strict nothing is written).

    Example: policykg build --source letters/ --store oxigraph:.policykg-store
    """
    from .pipeline import run_build, source_paths
    from .sparql import store_dir
    from .stream import build_store

    if store:
        if out:
            raise click.UsageError("give --out or --store, not both")
        report = build_store(source_paths(list(extra), not only), store_dir(store), jobs=_jobs(jobs), shacl=shacl,
                             force=force, progress=_progress(), named_graphs=named_graphs, strict=strict,
                             parallel_min=parallel_min)
        text, refused = "\n".join(report.lines(store)), report.refused
    else:
        if shacl or named_graphs:
            raise click.UsageError(f"--{'shacl' if shacl else 'named-graphs'} goes with --store "
                                   "(the file build always validates with pySHACL and writes named graphs)")
        files = run_build(list(extra), Path(out) if out else None, include_default=not only, force=force,
                          echo=lambda m: click.echo(m, err=True), jobs=_jobs(jobs), progress=_progress(),
                          strict=strict, parallel_min=parallel_min)
        text, refused = files.text, files.refused
    for line in refused:
        click.echo(f"Error: {line}", err=True)
    click.echo(text)
    if refused:
        sys.exit(1)


@main.command()
@click.argument("graph", required=False, type=click.Path(dir_okay=False))
@reads_graph
def validate(graph: str | None, graph_path: str | None, store: str | None, endpoint: str | None) -> None:
    """Check a graph against the build's checks and the SHACL shapes: exit 0 conforms, 1
    violations, 2 cannot load.

    Example: policykg validate graph/policykg.trig
    """
    from .checks import run_checks
    from .sparql import graph_of
    from .validate import validate_graph

    source = open_source(graph or graph_path, store, endpoint)
    found = run_checks(source) + [v.line() for v in validate_graph(graph_of(source))]
    for line in found:
        click.echo(line)
    if found:
        click.echo(f"{len(found)} violation(s)", err=True)
        sys.exit(1)
    click.echo("conforms")


@main.command()
@click.argument("graph", required=False, type=click.Path(dir_okay=False))
@reads_graph
def stats(graph: str | None, graph_path: str | None, store: str | None, endpoint: str | None) -> None:
    """Count nodes by class and triples by source graph.

    Example: policykg stats
    """
    from .stats import graph_stats

    click.echo(graph_stats(open_source(graph or graph_path, store, endpoint, named_graphs=True)))


@main.command()
@click.argument("ref", required=False)
@click.option("--text", "text", default=None, help="Find the tasks best matching this text and trace the best.")
@reads_graph
@click.option("--json", "as_json", is_flag=True, help="Print {start, tasks, paths} as JSON.")
@click.option("--down", is_flag=True, help="The other way: every lower task, by place, that carries REF out.")
def trace(ref: str | None, text: str | None, graph_path: str | None, store: str | None, endpoint: str | None,
          as_json: bool, down: bool) -> None:
    """Follow a task or document up the chain to the directive it comes from (or, with --down, down to who carries it out).

    Example: policykg trace '3597/UBND-KGVX#1.4'; policykg trace --down '3597/UBND-KGVX#7.1'
    """
    from .sparql import RdflibStore, graph_of
    from .trace import render_down, render_tree, resolve_ref, resolve_ref_in, search_tasks, trace_down_in, trace_in
    from .trace import trace as do_trace

    if bool(ref) == bool(text):
        raise click.UsageError("give either REF or --text")
    source = open_source(graph_path, store, endpoint)
    if down:
        if not ref:
            raise click.UsageError("--down takes a REF, not --text")
        result_down = trace_down_in(source, resolve_ref_in(source, ref))
        click.echo(json.dumps(result_down.as_json(), ensure_ascii=False, indent=2) if as_json
                   else render_down(result_down))
        return
    hits = []
    if text or isinstance(source, RdflibStore):
        # the text search and the in-memory trace walk the graph in Python
        g = graph_of(source)
        if text:
            hits = search_tasks(g, text)
            if not hits:
                raise click.ClickException(f"no task matches {text!r}")
            if not as_json:
                for iri, score in hits:
                    click.echo(f"{score:.3f}  {g.value(iri, RDFS_LABEL)}  <{iri}>")
                click.echo("")
            node = hits[0][0]
        else:
            node = resolve_ref(g, ref or "")
        result = do_trace(g, node)
    else:
        # a store or an endpoint: trace by SPARQL, without reading the whole graph
        result = trace_in(source, resolve_ref_in(source, ref or ""))
    if as_json:
        payload = result.as_json()
        if text:
            payload["matches"] = [{"iri": str(i), "score": s} for i, s in hits]
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        click.echo(render_tree(result))


@main.command()
@reads_graph
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "markdown", "html"]), default="table",
              help="html: a heat map of places by shared or higher tasks, one offline page.")
@click.option("-o", "--output", default=None, type=click.Path(dir_okay=False), help="Write to this file (default: stdout).")
def coverage(graph_path: str | None, store: str | None, endpoint: str | None, fmt: str, output: str | None) -> None:
    """Shared higher-level tasks (rows) by issuing province or body (columns).

    Example: policykg coverage --format html -o coverage.html
    """
    from .files import write_atomic

    if fmt == "html":
        from .explore import coverage_html

        text = coverage_html(open_source(graph_path, store, endpoint))
    else:
        from .trace import coverage as do_coverage
        from .trace import render_coverage

        text = render_coverage(do_coverage(read_graph(graph_path, store, endpoint)), fmt)
    if output:
        write_atomic(Path(output), text if text.endswith("\n") else text + "\n")
        click.echo(f"wrote {output}")
    else:
        click.echo(text)


@main.command()
@reads_graph
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf"]), required=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
def export(graph_path: str | None, store: str | None, endpoint: str | None, fmt: str, output: str) -> None:
    """Write the lineage as a GraphML or GEXF file for Gephi.

    Example: policykg export --format gexf -o lineage.gexf
    """
    from .lineage import export_lineage

    n, m = export_lineage(read_graph(graph_path, store, endpoint), fmt, Path(output))
    click.echo(f"wrote {output}: {n} nodes, {m} edges")


RDFS_LABEL = __import__("rdflib").namespace.RDFS.label


@main.command()
@click.argument("name", required=False)
@click.option("-e", "expression", default=None, help="A SPARQL query given inline.")
@click.option("-p", "params", multiple=True, nargs=2, metavar="NAME VALUE", help="Bind a parameter.")
@reads_graph
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "markdown"]), default="table")
@click.option("--list", "list_", is_flag=True, help="List the library's queries.")
@click.option("--allow-service", is_flag=True, help="Let the query use SERVICE (the store then connects out).")
def query(name: str | None, expression: str | None, params: tuple[tuple[str, str], ...], graph_path: str | None,
          store: str | None, endpoint: str | None, fmt: str, list_: bool, allow_service: bool) -> None:
    """Run a library query, a .rq file, or -e 'SPARQL' on the graph.

    Example: policykg query documents-citing -p number 262/KH-UBND --format csv
    """
    from .queries import QueryError, find_query, library, variables_of
    from .results import render
    from .sparql import run

    if list_:
        for q in library():
            names = ", ".join(p.name for p in q.params)
            click.echo(f"{q.name:<34} {q.summary}" + (f"  [-p {names}]" if names else ""))
        return
    if bool(name) == bool(expression):
        raise click.UsageError("give a query NAME or FILE, or -e 'SPARQL'")
    given = dict(params)
    if expression:
        text, label = expression, "-e"
        unknown = sorted(set(given) - variables_of(text))
        if unknown:
            raise QueryError(f"-e: unknown parameter {unknown[0]!r}: the query has no ?{unknown[0]}")
        from rdflib import Literal

        bindings = {k: Literal(v) for k, v in given.items()}
    else:
        q = find_query(name or "")
        text, label, bindings = q.text, q.name, q.bindings(given)
    # named graphs kept, so that GRAPH ?g reads them here as it does on a store
    names, rows = run(open_source(graph_path, store, endpoint, named_graphs=True), text, bindings, label,
                      allow_service=allow_service)
    click.echo(render(names, rows, fmt))


@main.command()
@GRAPH_OPTION
@click.option("--store", required=True, metavar="oxigraph:DIR", help="Where to put the Oxigraph store.")
def load(graph_path: str | None, store: str) -> None:
    """Load the dataset, named graphs kept, into an on-disk Oxigraph store.

    Example: policykg load --store oxigraph:.policykg-store
    """
    from .sparql import StoreError, load_store, store_dir
    from .store import default_graph

    where = store_dir(store)
    src = Path(graph_path) if graph_path else default_graph()
    if not src.exists():
        raise StoreError(f"{src}: no such graph file")
    load_store(src, where)
    from .counts import counts_line, graph_counts
    from .sparql import OxigraphStore

    click.echo(f"loaded {src} into {store}: {counts_line(graph_counts(OxigraphStore(where)))}")


@main.command()
@GRAPH_OPTION
@click.option("--endpoint", required=True, metavar="URL", help="The server's SPARQL endpoint (for the report).")
@click.option("--graph-store", "graph_store", default=None, metavar="URL",
              help="Its Graph Store Protocol URL (default: ENDPOINT with /store for Oxigraph).")
def push(graph_path: str | None, endpoint: str, graph_store: str | None) -> None:
    """Upload each named graph to a server speaking the SPARQL 1.1 Graph Store Protocol.

    Example: policykg push --endpoint http://127.0.0.1:7878/query --graph-store http://127.0.0.1:7878/store
    """
    from .push import push_dataset

    n = push_dataset(graph_path, endpoint, graph_store)
    click.echo(f"pushed {n} named graphs to {graph_store or endpoint}")


@main.command()
@reads_graph
@click.option("-o", "--output", default="policykg-explorer.html", show_default=True, type=click.Path(dir_okay=False))
@click.option("--focus", default=None, metavar="REF", help="Only one task or document: its chain up and what is below it.")
@click.option("--document", "document", default=None, metavar="REF", help="Only one document, its chain and what is below it.")
@click.option("--place", default=None, metavar="NAME", help="Only one province or district (diacritics optional).")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True, help="Interface language.")
@click.option("--coverage", "as_coverage", is_flag=True, help="Write the coverage heat map instead.")
@click.option("--as-of", "as_of", default=None, metavar="DATE",
              help="The day the due-date timeline judges met, late, overdue by (default: today).")
def explore(graph_path: str | None, store: str | None, endpoint: str | None, output: str, focus: str | None,
            document: str | None, place: str | None, lang: str, as_coverage: bool, as_of: str | None) -> None:
    """Write one self-contained HTML file to explore the lineage, offline.

    Example: policykg explore --place 'Dak Nong' -o dak-nong.html
    """
    from .due import parse_date
    from .explore import coverage_html, write_explorer
    from .files import write_atomic
    from .trace import resolve_ref_in

    day = parse_date(as_of, "--as-of") if as_of else None
    st = open_source(graph_path, store, endpoint)
    if as_coverage:
        write_atomic(Path(output), coverage_html(st, lang))
        click.echo(f"wrote {output}")
        return
    node = resolve_ref_in(st, focus) if focus else None
    doc = resolve_ref_in(st, document) if document else None
    path, n, m = write_explorer(st, Path(output), node, lang, place, doc, as_of=day)
    click.echo(f"wrote {path}: {n} documents, {m} tasks, {path.stat().st_size // 1024} KiB")


class _Seconds(click.ParamType):
    """A number of seconds above 0 and finite: 0 would refuse every query, and -1, nan or inf
    start a server that drops every request."""

    name = "seconds"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> float:
        import math

        try:
            f = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not math.isfinite(f) or f <= 0:
            self.fail(f"{value!r}: give a number of seconds above 0", param, ctx)
        return f


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@reads_graph
@click.option("--timeout", default=10.0, show_default=True, type=_Seconds(),
              help="Seconds a query may take, parsing included; then it is stopped (503).")
@click.option("--max-query-bytes", default=100_000, show_default=True, type=click.IntRange(1),
              help="Longest query text taken (413 beyond).")
@click.option("--max-result-bytes", default=64 * 1024 * 1024, show_default=True, type=click.IntRange(1),
              help="Largest result written (503 beyond).")
@click.option("--max-memory", default=2048, show_default=True, type=click.IntRange(1), metavar="MB",
              help="Memory a query may use above its worker's resting size (503 beyond).")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Queries run at once, each in its own process.")
@click.option("--max-waiting", default=256, show_default=True, type=click.IntRange(0),
              help="Queries that may wait for a worker (503 beyond).")
@click.option("--cors", multiple=True, metavar="ORIGIN",
              help="Let web pages of this origin (scheme://host[:port], or *) query the endpoint.")
@click.option("--allow-host", multiple=True, metavar="NAME", help="Another name the server is reached by.")
@click.option("--allow-service", is_flag=True, help="Let queries use SERVICE (the store then connects out).")
def serve(host: str, port: int, graph_path: str | None, store: str | None, endpoint: str | None, timeout: float,
          max_query_bytes: int, max_result_bytes: int, max_memory: int, workers: int, max_waiting: int,
          cors: tuple[str, ...], allow_host: tuple[str, ...], allow_service: bool) -> None:
    """Serve a read-only SPARQL 1.1 endpoint and a YASGUI page that runs the library queries.

    Example: policykg serve --store oxigraph:.policykg-store --port 8000
    """
    import signal

    from .endpoint import Limits, store_spec
    from .serve import make_server, start_notes

    limits = Limits(timeout=timeout, max_query_bytes=max_query_bytes, max_result_bytes=max_result_bytes,
                    max_memory_mb=max_memory, workers=workers, max_waiting=max_waiting, allow_service=allow_service)
    try:
        server = make_server(store_spec(graph_path, store, endpoint), host, port, limits, cors, allow_host)
    except OSError as exc:  # the port is taken, the address is not ours
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    # the explorer, live over the same graph: its own read-only copy, read once in the background
    # so that the first visitor does not wait for the whole store (77 s at 10,000 letters)
    from functools import partial
    from threading import Thread

    from .explore_live import handle as explore_handle, warm

    explorer_source = open_source(graph_path, store, endpoint)
    server.mount("/explore", partial(explore_handle, explorer_source))
    Thread(target=warm, args=(explorer_source,), daemon=True, name="explorer-warm").start()
    for line in start_notes(server, host):
        click.echo(line, err=True)
    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # a SIGTERM stops the server as Ctrl-C does, workers and all

    signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@main.command()
@reads_graph
@click.option("--from", "start", default=None, metavar="DATE", help="First day of the window (default: 1 January of the as-of year).")
@click.option("--to", "end", default=None, metavar="DATE", help="Last day of the window (default: 31 December of the as-of year).")
@click.option("--as-of", "as_of", default=None, metavar="DATE", help="The day to judge met, late, overdue by (default: today).")
@click.option("--body", default=None, metavar="NAME", help="Only what this body owes (any case, with or without diacritics).")
@click.option("--place", default=None, metavar="NAME", help="Only the letters of this place (a province takes in its districts).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "markdown"]), default="table")
@click.option("--summary", "as_summary", is_flag=True, help="Counts by body and place (due, met, late, overdue, pending) instead.")
@click.option("--ics", "ics", default=None, type=click.Path(dir_okay=False), metavar="FILE",
              help="Also write the duties as an iCalendar file (recurring ones as RRULEs).")
def due(graph_path: str | None, store: str | None, endpoint: str | None, start: str | None, end: str | None,
        as_of: str | None, body: str | None, place: str | None, fmt: str, as_summary: bool, ics: str | None) -> None:
    """The tasks and reporting duties falling due in a window, by date, with who owes them and what stands overdue.

    Example: policykg due --from 2021-07-01 --to 2022-06-30 --as-of 2022-01-01 --place 'Đắk Nông' --ics due.ics
    """
    import datetime as dt

    from .due import calendar_ics, due_result, parse_date, render, render_summary, summary, write_ics

    day = parse_date(as_of, "--as-of") if as_of else dt.date.today()
    first = parse_date(start, "--from") if start else dt.date(day.year, 1, 1)
    last = parse_date(end, "--to") if end else dt.date(day.year, 12, 31)
    source = open_source(graph_path, store, endpoint)
    result = due_result(source, first, last, day, body, place)
    for d in result.unplaced:
        click.echo(f"warning: {d.number} {d.path}: deadline not placed, kept as text: {d.text!r}"
                   + (f" ({d.owner_label})" if d.owner_label else ""), err=True)
    if ics:
        write_ics(Path(ics), calendar_ics(source, first, last, day, body, place))
        click.echo(f"wrote {ics}", err=True)
    if as_summary:
        click.echo(render_summary(summary(result.duties), fmt))
    else:
        click.echo(render(result.duties, fmt, result.unplaced))


if __name__ == "__main__":  # pragma: no cover
    main()
