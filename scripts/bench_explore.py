"""Explorer at scale: time to write the page, its size, and the time until it is interactive
in headless Chromium, for graphs of about 500, 5,000 and 20,000 nodes built from the
synthetic corpus (scripts/synth_corpus.py).

Alignment is left out of these builds: it compares every pair of letters and does not yet
scale to thousands of letters (the scale issue); the explorer's cost depends on node and edge
counts, which the report gives.

Usage: python scripts/bench_explore.py [--nodes 500,5000,20000] [--out docs/bench-explore.md]
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policykg.build import Authority, build_dataset, default_authority, read_sources  # noqa: E402
from policykg.explore import write_explorer  # noqa: E402
from policykg.files import expand_sources, write_atomic  # noqa: E402
from policykg.lineage import add_lineage  # noqa: E402
from policykg.store import merged  # noqa: E402
sys.path.insert(0, str(ROOT / "scripts"))

NODES_PER_LETTER = 11.5  # tasks, bodies and the letter itself, measured on the synthetic corpus


def _synth():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("synth_corpus", ROOT / "scripts" / "synth_corpus.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["synth_corpus"] = mod
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def time_to_interactive(page: Path) -> float | None:
    chromium = shutil.which("chromium")
    if chromium is None:
        return None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        tab = b.new_page(viewport={"width": 1400, "height": 900})
        t0 = time.perf_counter()
        tab.goto(page.as_uri(), wait_until="commit", timeout=600_000)
        tab.wait_for_function("window.policykgReady === true", timeout=600_000, polling=100)
        tab.evaluate("new Promise(r => setTimeout(r, 0))")  # interactive: the main thread is free again
        elapsed = time.perf_counter() - t0
        b.close()
    return elapsed


def run(targets: list[int], work: Path) -> list[dict[str, float | int | None]]:
    synth = _synth()
    rows = []
    for target in targets:
        letters = max(2, round(target / NODES_PER_LETTER))
        corpus = work / f"corpus-{target}"
        synth.generate(letters, corpus, seed=target)
        t0 = time.perf_counter()
        sources = read_sources(expand_sources([corpus]))
        result = build_dataset(sources, Authority.load(default_authority()))
        add_lineage(result.dataset, with_alignment=False)
        graph = merged(result.dataset)
        t1 = time.perf_counter()
        page, nodes, edges = write_explorer(graph, work / f"explorer-{target}.html")
        t2 = time.perf_counter()
        tti = time_to_interactive(page)
        rows.append({"target": target, "letters": letters, "nodes": nodes, "edges": edges,
                     "build_s": t1 - t0, "explore_s": t2 - t1, "size_kib": page.stat().st_size // 1024,
                     "interactive_s": tti})
        print(f"{target}: {nodes} nodes, {edges} edges, explore {t2 - t1:.2f}s, "
              f"{page.stat().st_size // 1024} KiB, interactive {tti if tti is None else round(tti, 2)}s", flush=True)
    return rows


def report(rows: list[dict[str, float | int | None]]) -> str:
    from scripts_machine import machine  # type: ignore[import-not-found]

    lines = ["# Explorer benchmark", "", f"Machine: {machine()}", "",
             "Graphs built from the synthetic corpus without alignment; `interactive` is the time from opening",
             "the file in headless Chromium until vis-network has drawn it with physics off.", "",
             "| target | letters | nodes | edges | explore (s) | file (KiB) | interactive (s) | KiB per node |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        tti = "n/a (no Chromium)" if r["interactive_s"] is None else f"{r['interactive_s']:.2f}"
        lines.append(f"| {r['target']} | {r['letters']} | {r['nodes']} | {r['edges']} | {r['explore_s']:.2f} | "
                     f"{r['size_kib']} | {tti} | {r['size_kib'] / max(1, r['nodes']):.2f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", default="500,5000,20000")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "bench-explore.md")
    args = ap.parse_args()
    targets = [int(x) for x in args.nodes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        rows = run(targets, Path(tmp))
    write_atomic(args.out, report(rows))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
