"""Explorer at scale: time to write the page, its size, and the time until it is interactive
in headless Chromium, for graphs of about 500, 5,000 and 20,000 nodes built from the
synthetic corpus (scripts/synth_corpus.py).

Alignment is left out of these builds, which measure the explorer alone: its cost depends on
node and edge counts, which the report gives (scripts/bench.py measures the whole path).

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


BASELINE_CAP_S = 60.0


def pyvis_baseline(graph, work: Path, target: int) -> tuple[float, float | None]:  # type: ignore[no-untyped-def]
    """pyvis out of the box on the same nodes and edges: from_nx, vis-network inlined, default
    physics. Returns the time to write the page and the time until physics settled in
    Chromium (None when it had not settled within BASELINE_CAP_S)."""
    import networkx as nx
    from pyvis.network import Network

    from policykg.explore import collect

    nodes, edges, _ = collect(graph)
    g = nx.DiGraph()
    for n in nodes:
        g.add_node(n["id"], label=n["label"], title=n["title"])
    for e in edges:
        g.add_edge(e["from"], e["to"])
    t0 = time.perf_counter()
    net = Network(directed=True, cdn_resources="in_line")
    net.from_nx(g)
    page = work / f"pyvis-{target}.html"
    page.write_text(net.generate_html(), encoding="utf-8")
    write_s = time.perf_counter() - t0
    chromium = shutil.which("chromium")
    if chromium is None:
        return write_s, None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-gpu",
                              "--disable-background-networking", "--disable-component-update", "--no-first-run"])
        tab = b.new_page(viewport={"width": 1400, "height": 900})
        # pyvis's page asks a CDN for bootstrap: refuse it, as an office computer offline would
        tab.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        t1 = time.perf_counter()
        tab.goto(page.as_uri(), wait_until="commit", timeout=120_000)
        try:
            tab.wait_for_function("typeof network !== 'undefined' && network.physics && network.physics.stabilized === true",
                                  timeout=BASELINE_CAP_S * 1000, polling=250)
            settled: float | None = time.perf_counter() - t1
        except Exception:  # playwright's TimeoutError: not settled within the cap
            settled = None
        b.close()
    return write_s, settled


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
        add_lineage(result.dataset, result.task_refs, with_alignment=False)
        graph = merged(result.dataset)
        t1 = time.perf_counter()
        page, nodes, edges = write_explorer(graph, work / f"explorer-{target}.html")
        t2 = time.perf_counter()
        tti = time_to_interactive(page)
        base_write, base_settled = pyvis_baseline(graph, work, target)
        rows.append({"target": target, "letters": letters, "nodes": nodes, "edges": edges,
                     "build_s": t1 - t0, "explore_s": t2 - t1, "size_kib": page.stat().st_size // 1024,
                     "interactive_s": tti, "pyvis_write_s": base_write, "pyvis_settled_s": base_settled})
        print(f"{target}: {nodes} nodes, {edges} edges, explore {t2 - t1:.2f}s, "
              f"{page.stat().st_size // 1024} KiB, interactive {tti if tti is None else round(tti, 2)}s", flush=True)
    return rows


def report(rows: list[dict[str, float | int | None]]) -> str:
    from scripts_machine import machine  # type: ignore[import-not-found]

    lines = ["# Explorer benchmark", "", f"Machine: {machine()}", "",
             "Graphs built from the synthetic corpus without alignment; `interactive` is the time from opening",
             "the file in headless Chromium until vis-network has drawn it (positions computed, physics off) and",
             "the page is idle. The baseline is pyvis out of the box on the same nodes and edges (`from_nx`,",
             f"vis-network inlined, default physics), timed until its physics settled, given at most {BASELINE_CAP_S:.0f} s.",
             "",
             "| target | letters | nodes | edges | explore (s) | file (KiB) | interactive (s) | pyvis write (s) "
             "| pyvis settled (s) | ratio (pyvis / ours) |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        tti = r["interactive_s"]
        settled = r["pyvis_settled_s"]
        if tti is None:
            ratio, tti_s, settled_s = "n/a (no Chromium)", "n/a", "n/a"
        elif settled is None:
            ratio, tti_s, settled_s = f"> {BASELINE_CAP_S / tti:.0f}x", f"{tti:.2f}", f"not within {BASELINE_CAP_S:.0f}"
        else:
            ratio, tti_s, settled_s = f"{settled / tti:.1f}x", f"{tti:.2f}", f"{settled:.2f}"
        lines.append(f"| {r['target']} | {r['letters']} | {r['nodes']} | {r['edges']} | {r['explore_s']:.2f} | "
                     f"{r['size_kib']} | {tti_s} | {r['pyvis_write_s']:.2f} | {settled_s} | {ratio} |")
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
