"""`policykg build` end to end: read sources, build, add lineage, check, validate, write."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .build import (
    Authority,
    PARALLEL_MIN,
    BuildError,
    build_dataset,
    check_refused,
    default_authority,
    default_sources,
    processes_for,
    read_sources,
)
from .checks import refusal, run_checks
from .counts import counts_line, graph_counts
from .errors import PolicykgError
from .files import expand_sources, repo_root
from .lineage import add_lineage, check_acyclic, lineage_graph
from .sparql import RdflibStore
from .store import merged, write_release
from .validate import validate_graph


Progress = Callable[[str, int, int], None]


def source_paths(extra: list[str], include_default: bool = True) -> list[Path]:
    return expand_sources(([default_sources()] if include_default else []) + [Path(p) for p in extra])


@dataclass
class FileReport:
    """What the file build wrote and refused: `text` the report, `refused` a line per file that
    could not be read (path: reason), `counts` the graph's counts (policykg.counts)."""

    text: str
    refused: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.text


def run_build(extra: list[str], out: Path | None, include_default: bool = True, force: bool = False,
              echo: Callable[[str], None] = print, jobs: int = 1, progress: Progress | None = None,
              strict: bool = False, parallel_min: int = PARALLEL_MIN) -> FileReport:
    """The in-memory build: one rdflib Dataset, checked by pySHACL, written as TriG, Turtle and
    JSON-LD. For large corpora, policykg.stream.build_store writes an Oxigraph store instead.
    A file that cannot be read is left out and listed in the report's `refused`; with `strict`
    nothing is written then (RefusedError). The letters are parsed on `jobs` processes from
    `parallel_min` letters on (build.processes_for), on one below."""
    paths = source_paths(extra, include_default)
    errors: list[str] = []
    t0 = time.perf_counter()
    done = [0]

    def parsed(n: int) -> None:
        done[0] += n
        if progress:
            progress("parse", done[0], len(paths))

    processes = processes_for(len(paths), jobs, parallel_min)
    sources = read_sources(paths, on_error=lambda e: errors.append(str(e)), progress=parsed, jobs=processes,
                           parallel_min=1)
    t_parse = time.perf_counter() - t0
    # one bad letter among a thousand leaves out that letter, not the release; --strict keeps the
    # old rule (a release silently missing a letter is worse than none) for those who want it
    result = build_dataset(sources, Authority.load(default_authority()), refuse_duplicates=True)
    errors += result.refused
    sources = result.sources
    check_refused(errors, len(sources), strict)
    alignment = add_lineage(result.dataset, result.task_refs)
    graph = merged(result.dataset)
    check_acyclic(lineage_graph(graph))
    # the checks every build runs (the store build's too), then the shapes in full by pySHACL
    checked = run_checks(RdflibStore.of_dataset(result.dataset))
    violations = validate_graph(graph)
    for v in checked[:20] + [v.line() for v in violations[:20]]:
        echo(v)
    if (checked or violations) and not force:
        raise BuildError(refusal(checked + [v.line() for v in violations]))
    target = out or repo_root() / "graph"
    written = write_release(result.dataset, target)
    counts = graph_counts(RdflibStore.of_dataset(result.dataset))
    secs = time.perf_counter() - t0
    lines = [f"built {', '.join(str(p) for p in written)} in {secs:.1f}s"]
    lines.append(f"  parsed {len(sources)} letters in {t_parse:.1f}s ({len(sources) / max(t_parse, 1e-9):.0f} letters/s"
                 f" on {processes} process{'es' if processes > 1 else ''})")
    lines.append(f"  {counts_line(counts)}, {len(result.warnings)} warnings")
    lines.append(f"  {len(alignment.groups)} shared tasks inferred, carried by"
                 f" {sum(len(g.members) for g in alignment.groups)} tasks;"
                 f" {len(checked)} violations, {len(violations)} SHACL violations")
    if errors:
        lines.append(f"  {len(errors)} file(s) refused, left out of the graph")
    for w in result.warnings:
        lines.append(f"  warning: {w}")
    return FileReport("\n".join(lines), errors, counts)


__all__ = ["run_build", "PolicykgError"]
