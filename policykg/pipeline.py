"""`policykg build` end to end: read sources, build, add lineage, check, validate, write."""

from __future__ import annotations

import sys
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
)
from .errors import PolicykgError
from .files import expand_sources, repo_root
from .lineage import add_lineage, check_acyclic, lineage_graph
from .store import merged, write_release
from .validate import validate_graph


def _progress(total: int, echo: Callable[[str], None]) -> Callable[[int], None]:
    """A one-line progress counter on stderr for long runs; silent for a handful of files."""
    state = {"done": 0, "t0": time.perf_counter()}
    tty = sys.stderr.isatty()

    def tick(n: int) -> None:
        state["done"] += n
        done = state["done"]
        if total >= 50 and (done == total or done % max(1, total // 20) == 0):
            rate = done / max(1e-9, time.perf_counter() - state["t0"])
            msg = f"parsed {done}/{total} letters ({rate:.0f}/s)"
            if tty:
                sys.stderr.write("\r" + msg + (" \n" if done == total else ""))
                sys.stderr.flush()
            else:
                echo(msg)

    return tick


def run_build(extra: list[str], out: Path | None, include_default: bool = True, force: bool = False,
              echo: Callable[[str], None] = print) -> str:
    paths = expand_sources(([default_sources()] if include_default else []) + [Path(p) for p in extra])
    errors: list[str] = []
    t0 = time.perf_counter()
    sources = read_sources(paths, on_error=lambda e: errors.append(str(e)), progress=_progress(len(paths), echo))
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
    counts = result.counts()
    secs = time.perf_counter() - t0
    lines = [f"built {', '.join(str(p) for p in written)} in {secs:.1f}s"]
    lines.append("  " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    lines.append(f"  {len(alignment.groups)} shared tasks inferred from {len(alignment.pairs)} aligned pairs;"
                 f" {len(violations)} SHACL violations")
    for w in result.warnings:
        lines.append(f"  warning: {w}")
    return "\n".join(lines)


__all__ = ["run_build", "PolicykgError"]
