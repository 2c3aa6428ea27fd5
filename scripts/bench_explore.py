"""Explorer at scale: file size and time to interactive in headless Chromium at 100 and 1,000
synthetic letters (the offline file), and at 10,000 through policykg.explore_live behind a tiny
loopback http.server (each view's time too: overview, a document, a task, a search).

Each size is built with `policykg build --store` from scripts/synth_corpus.py's letters.
`interactive` is from navigation until the page has drawn its first view and its main thread
is free (window.policykgReady, then a zero-delay timer).

Usage: python scripts/bench_explore.py [--sizes 100,1000,10000] [--live-min 5000] [--keep DIR] [--out docs/bench-explore.md]
(--keep DIR: build the stores there, as DIR/store-N, and use those already there.)
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from policykg.explore import write_explorer  # noqa: E402
from policykg.explore_live import handle, local_server, warm  # noqa: E402
from policykg.files import write_atomic  # noqa: E402
from policykg.sparql import open_store  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


def build(n: int, work: Path) -> str:
    """The store of n synthetic letters in `work`, built unless it is there already (--keep)."""
    spec = f"oxigraph:{work / f'store-{n}'}"
    if (work / f"store-{n}" / "CURRENT").exists():
        return spec
    letters = work / f"letters-{n}"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "synth_corpus.py"), str(n), str(letters), "--seed", str(n)],
                   check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "policykg.cli", "build", "--only", "--source", str(letters), "--store", spec],
                   check=True, capture_output=True)
    return spec


serve = local_server


def interactive(url: str, views: bool) -> dict[str, float]:
    """Seconds to interactive; with `views`, also to open a document, a task and a search."""
    from playwright.sync_api import sync_playwright

    out: dict[str, float] = {}
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=shutil.which("chromium"), headless=True, args=ARGS)
        tab = b.new_page(viewport={"width": 1400, "height": 900})
        t0 = time.perf_counter()
        tab.goto(url, wait_until="commit", timeout=600_000)
        tab.wait_for_function("() => window.policykgReady === true", timeout=600_000, polling=50)
        tab.evaluate("new Promise(r => setTimeout(r, 0))")
        out["interactive"] = time.perf_counter() - t0
        if views:
            doc = tab.evaluate("[...policykg.S.docs.values()].find(d => d.letter && d.ntasks > 5).id")
            t0 = time.perf_counter()
            tab.evaluate(f"policykg.go({doc!r})")
            tab.wait_for_function(f"() => policykg.state.view.id === {doc!r} && document.querySelector('#side .group')", polling=20)
            out["document"] = time.perf_counter() - t0
            task = tab.evaluate(f"policykg.S.tasksOf.get({doc!r})[0]")
            t0 = time.perf_counter()
            tab.evaluate(f"policykg.go({task!r})")
            tab.wait_for_function(f"() => policykg.state.view.id === {task!r} && document.querySelector('ol.chain')", polling=20)
            out["task"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            tab.fill("#search", "xoa mu chu")
            tab.wait_for_selector("#hits tr.hit")
            out["search"] = time.perf_counter() - t0
        b.close()
    return out


def run(sizes: list[int], live_min: int, work: Path) -> list[dict[str, Any]]:
    rows = []
    for n in sizes:
        spec = build(n, work)
        st = open_store(store=spec)
        row: dict[str, Any] = {"letters": n}
        if n < live_min:
            t0 = time.perf_counter()
            page, docs, tasks = write_explorer(st, work / f"explorer-{n}.html")
            row.update(mode="offline file", write_s=time.perf_counter() - t0, size_kib=page.stat().st_size // 1024,
                       docs=docs, tasks=tasks, **interactive(page.as_uri(), True))
        else:
            t0 = time.perf_counter()
            ex = warm(st)
            row.update(mode="live (explore_live)", write_s=time.perf_counter() - t0, docs=len(ex.model.docs),
                       tasks=len(ex.model.tasks))
            server = serve(st)
            try:
                url = f"http://127.0.0.1:{server.server_address[1]}/explore"
                _, _, body = handle(st, "/explore/api/overview", "")
                row["size_kib"] = len(body) // 1024
                row.update(interactive(url, True))
            finally:
                server.shutdown()
                server.server_close()
        print(row, flush=True)
        rows.append(row)
    return rows


def report(rows: list[dict[str, Any]]) -> str:
    from scripts_machine import machine  # type: ignore[import-not-found]

    lines = ["# Explorer benchmark", "", f"Machine: {machine()}", "",
             "Synthetic letters (scripts/synth_corpus.py) built with `policykg build --store`. Up to 1,000 letters the",
             "explorer is one offline file; past that it is served live by `policykg.explore_live.handle` behind a",
             "loopback http.server. `read` is writing the file (offline) or reading the store into the live",
             "explorer's memory once, before the first request (live). `size` is the file, or the overview's JSON",
             "(live). `interactive` is from navigation to the first view drawn and the page idle; `document`,",
             "`task` and `search` the time to open one of each in the running page (live: with its request).",
             "Timed on a machine shared with other work: the wall clock, one run each.", "",
             "| letters | mode | documents | tasks | read (s) | size (KiB) | interactive (s) | document (s) | task (s) | search (s) |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['letters']} | {r['mode']} | {r['docs']} | {r['tasks']} | {r['write_s']:.1f} | {r['size_kib']} | "
                     f"{r['interactive']:.2f} | {r['document']:.2f} | {r['task']:.2f} | {r['search']:.2f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--live-min", type=int, default=5000, help="From this many letters on, serve live.")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "bench-explore.md")
    ap.add_argument("--keep", type=Path, default=None, help="Build the stores here and reuse them.")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        rows = run(sizes, args.live_min, args.keep)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            rows = run(sizes, args.live_min, Path(tmp))
    write_atomic(args.out, report(rows))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
