"""`policykg build` end to end: read sources, build, add lineage, check, validate, write."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from .build import (
    Authority,
    BuildError,
    build_dataset,
    default_authority,
    default_sources,
    read_sources,
    TEXTS_DIR,
    write_texts,
)
from .errors import PolicykgError
from .files import expand_sources, repo_root
from .lineage import add_lineage, check_acyclic, lineage_graph
from .store import merged, write_release
from .validate import validate_graph


Progress = Callable[[str, int, int], None]


def source_paths(extra: list[str], include_default: bool = True) -> list[Path]:
    return expand_sources(([default_sources()] if include_default else []) + [Path(p) for p in extra])


def run_build(extra: list[str], out: Path | None, include_default: bool = True, force: bool = False,
              echo: Callable[[str], None] = print, jobs: int = 1, progress: Progress | None = None) -> str:
    """The in-memory build: one rdflib Dataset, checked by pySHACL, written as TriG, Turtle and
    JSON-LD. For large corpora, policykg.stream.build_store writes an Oxigraph store instead."""
    paths = source_paths(extra, include_default)
    errors: list[str] = []
    t0 = time.perf_counter()
    done = [0]

    def parsed(n: int) -> None:
        done[0] += n
        if progress:
            progress("parse", done[0], len(paths))

    sources = read_sources(paths, on_error=lambda e: errors.append(str(e)), progress=parsed, jobs=jobs)
    t_parse = time.perf_counter() - t0
    if errors:
        # a release silently missing a letter is worse than no new release
        for e in errors[:-1]:
            echo(f"Error: {e}")
        raise BuildError(f"{errors[-1]}" + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else "")
                         + "; nothing written")
    result = build_dataset(sources, Authority.load(default_authority()))
    alignment = add_lineage(result.dataset, result.task_refs)
    graph = merged(result.dataset)
    check_acyclic(lineage_graph(graph))
    violations = validate_graph(graph)
    for v in violations[:20]:
        echo(v.line())
    if violations and not force:
        raise BuildError(f"{len(violations)} SHACL violation(s); nothing written (use --force to write anyway)")
    target = out or repo_root() / "graph"
    written = write_release(result.dataset, target)
    # the text extracted from each .docx, .pdf, web page or scan, which the quotes' offsets count in
    texts = write_texts(((s.name, s.text) for s in sources if s.text_name), target / TEXTS_DIR)
    counts = result.counts()
    secs = time.perf_counter() - t0
    lines = [f"built {', '.join(str(p) for p in written)} in {secs:.1f}s"]
    if texts:
        lines.append(f"  kept the text read from {len(texts)} file(s) that are no text files in {target / TEXTS_DIR}")
    lines.append(f"  parsed {len(sources)} letters in {t_parse:.1f}s ({len(sources) / max(t_parse, 1e-9):.0f} letters/s"
                 f" on {jobs} process{'es' if jobs > 1 else ''})")
    lines.append("  " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    lines.append(f"  {len(alignment.groups)} shared tasks inferred, carried by"
                 f" {sum(len(g.members) for g in alignment.groups)} tasks;"
                 f" {len(violations)} SHACL violations")
    for w in result.warnings:
        lines.append(f"  warning: {w}")
    return "\n".join(lines)


__all__ = ["run_build", "PolicykgError"]
