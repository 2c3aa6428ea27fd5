"""`policykg build` to files: the store build into an rdflib Dataset (one writer, one set of
checks for both builds: the SPARQL checks and the SHACL shapes compiled to SPARQL), then TriG,
Turtle and JSON-LD."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .build import PARALLEL_MIN, TEXTS_DIR, BuildError, default_sources, write_texts
from .checks import refusal
from .counts import counts_line
from .errors import PolicykgError
from .files import expand_sources, repo_root
from .lineage import check_acyclic, lineage_graph
from .store import merged, write_release


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
    """The file build: the store build (policykg.stream.build_store) into an rdflib Dataset
    (stream.DatasetSink) with its named graphs, checked as the store build checks (the SPARQL
    checks and the SHACL shapes compiled to SPARQL, policykg.shapes), written as TriG, Turtle and
    JSON-LD.
    A file that cannot be read is left out and listed in the report's `refused`; with `strict`
    nothing is written then (RefusedError). The letters are parsed on `jobs` processes from
    `parallel_min` letters on (build.processes_for), on one below."""
    from .stream import DatasetSink, build_store, phase

    t0 = time.perf_counter()
    tick = progress or (lambda phase, done, total: None)
    sink = DatasetSink()
    # the store build, into a Dataset and with the named graphs the TriG keeps: one path for both
    # builds, the same triples from one writer, the same checks; force, since the refusal is
    # this function's, after the lineage's own check
    report = build_store(source_paths(extra, include_default), Path("memory"), jobs=jobs, force=True,
                         progress=progress, parallel_min=parallel_min, strict=strict, into=sink)
    dataset = sink.dataset
    with phase(tick, "lineage"):
        check_acyclic(lineage_graph(merged(dataset)))
    # the checks and the shapes every build runs ran in build_store
    checked = report.violations
    for v in checked[:40]:
        echo(v)
    if checked and not force:
        raise BuildError(refusal(checked))
    target = out or repo_root() / "graph"
    with phase(tick, "write"):
        written = write_release(dataset, target)
    # the text extracted from each .docx, .pdf, web page or scan, which the quotes' offsets count in
    texts = write_texts(sink.texts, target / TEXTS_DIR)
    counts = report.counts
    secs = time.perf_counter() - t0
    processes = report.jobs
    lines = [f"built {', '.join(str(p) for p in written)} in {secs:.1f}s"]
    if texts:
        lines.append(f"  kept the text read from {len(texts)} file(s) that are no text files in {target / TEXTS_DIR}")
    lines.append(f"  parsed {report.letters} letters in {report.parse_seconds:.1f}s"
                 f" ({report.letters / max(report.parse_seconds, 1e-9):.0f} letters/s"
                 f" on {processes} process{'es' if processes > 1 else ''})")
    lines.append(f"  {counts_line(counts)}, {len(report.warnings)} warnings")
    lines.append(f"  {report.shared_tasks} shared tasks inferred, carried by {report.carried} tasks;"
                 f" {len(checked)} violations")
    if report.refused:
        lines.append(f"  {len(report.refused)} file(s) refused, left out of the graph")
    for w in report.warnings:
        lines.append(f"  warning: {w}")
    return FileReport("\n".join(lines), report.refused, counts)


__all__ = ["run_build", "PolicykgError"]
