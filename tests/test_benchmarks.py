"""The benchmark scripts run on small inputs and report every figure (no timing is asserted)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT


def test_bench_parse_reports_rates() -> None:
    out = subprocess.run([sys.executable, "scripts/bench_parse.py", "--repeat", "2"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    assert out.startswith("machine: ")
    assert re.search(r"parse: +\d+ letters/s", out) and re.search(r"plain read: +\d+ letters/s", out)
    assert re.search(r"ratio: +parsing costs [\d.]+x the plain read", out)


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Chromium not installed: `apt-get install chromium`")
def test_bench_explore_report(tmp_path: Path) -> None:
    report = tmp_path / "bench.md"
    # one size as the offline file, one served live (explore_live behind a loopback http.server)
    subprocess.run([sys.executable, "scripts/bench_explore.py", "--sizes", "12,14", "--live-min", "14", "--out", str(report)],
                   cwd=ROOT, check=True, capture_output=True, text=True)
    text = report.read_text(encoding="utf-8")
    assert "Machine: " in text
    for size, mode in (("12", "offline file"), ("14", "live (explore_live)")):
        row = [ln for ln in text.splitlines() if ln.startswith(f"| {size} |")][0]
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert len(cells) == 10 and cells[1] == mode and all(cells) and "n/a" not in row
        assert int(cells[2]) > 12 and int(cells[3]) > 50  # documents and tasks
        assert all(re.fullmatch(r"[\d.]+", c) for c in cells[4:])


def test_bench_reports_every_figure(tmp_path: Path) -> None:
    report = tmp_path / "benchmarks.md"
    # 14 letters stand for the sizes above --rdflib-max, where only the store path runs
    done = subprocess.run([sys.executable, "scripts/bench.py", "--sizes", "12,14", "--rdflib-max", "12", "--repeat", "1",
                           "--work", str(tmp_path / "work"), "--out", str(report), "--reference-triples", "2000"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    text = report.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks: scale and speed")
    assert re.search(r"- Machine: .+ \d+ cores", text)
    assert re.search(r"- Versions: Python 3\.\d+.*rdflib \d.*pyoxigraph \d.*pyshacl \d.*oxrdflib \d", text)
    assert "## 12 letters" in text
    assert re.search(r"Parse: [\d,.]+ letters/s on one process, [\d,.]+ letters/s on two \(14 letters", text)
    table = text.split("## 12 letters", 1)[1].split("## 14 letters", 1)[0]
    rows = [ln for ln in table.splitlines() if ln.startswith("| ") and not ln.startswith("| step")]
    names = [ln.split("|")[1].strip() for ln in rows]
    queries = sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
    assert names[:6] == ["build: seconds", "build: peak memory (MB)", "build: size", "load the TriG: seconds",
                         "load the TriG: peak memory (MB)", "open the store for queries: seconds"]
    assert names[6 + len(queries):] == ["`trace`: median ms over 20 tasks", rows[-1].split("|")[1].strip()]
    # each query with the values it was given (picked from the corpus) and the rows it returned
    for q, name in zip(queries, names[6:6 + len(queries)]):
        assert re.fullmatch(rf"query `{re.escape(q)}` \((?:[^()]*; )?[\d,]+ rows\): median ms", name), name
    assert "query `tasks-of-document` (number=" in table and "query `signatures` (place=" in table
    # tasks-citing is given a document and a place picked together, so that it reads some tasks
    assert re.search(r"query `tasks-citing` \(number=[^;,]+, place=[^;]+; [1-9][\d,]* rows\)", table), table
    assert rows[-1].split("|")[1].strip().startswith("pySHACL, one letter (")
    for ln in rows:
        cells = [c.strip() for c in ln.strip().strip("|").split("|")]
        assert "n/a" not in cells[1:3] and "stopped" not in ln and "failed" not in ln, ln
        if not cells[0].startswith("build: size"):
            assert re.fullmatch(r"[\d,.]+", cells[1]) and re.match(r"[\d,.]+", cells[2]), ln
            assert re.fullmatch(r"[\d,.]+x", cells[3]), ln  # a ratio against the rdflib path
    assert re.search(r"`explore` of the whole graph: [\d.]+ s to write, [\d,]+ KiB, [\d,]+ nodes, [\d,]+ edges", text)
    assert re.search(r"Alignment inside the Oxigraph build: [\d.]+ s for [\d,]+ shared tasks", text)
    # the targets, each with its measured value and whether it is met
    targets = text.split("## Targets at 14 letters", 1)[1].split("## Growth", 1)[0]
    for label in ("build into Oxigraph under 60 s", "build peak memory under 2,048 MB", "trace, median under 50 ms",
                  "parse, one process at least 200 letters/s", "every library query under 1,000 ms"):
        row = next(ln for ln in targets.splitlines() if ln.startswith(f"| {label} |"))
        assert re.search(r"\| [\d,.]+|slowest [\d,.]+", row) and re.search(r"\| (yes|NO[^|]*) \|$", row), row
    assert (tmp_path / "work" / "results.json").exists()
    # the reference load, timed here; a smaller load than the gives no factor
    section = text.split("## This machine against the issue's", 1)[1].split("## Targets", 1)[0]
    assert "(2,000 triples," in section
    # timed first, and again on each side of the largest build, since this machine's speed drifts
    assert ("| load into memory | the issue's machine | here, first | here, before the 14-letter build | "
            "here, after the 14-letter build | this machine is slower by (median) |") in section
    for which, base in (("rdflib", "28 s"), ("pyoxigraph", "2.4 s")):
        assert re.search(rf"^\| {which} \| {re.escape(base)} (?:\| [\d.]+ s, [\d,.]+ MB ){{3}}\| n/a \|$",
                         section, re.M), section
    assert "Scaled by this machine" not in text and "Each load's factor" not in text
    # above --rdflib-max: every rdflib step skipped, every step of the store path measured
    large = text.split("## 14 letters", 1)[1].split("## This machine", 1)[0]
    assert "14 letters: build-rdflib skipped" in done.stderr and "14 letters: build-oxigraph ..." in done.stderr
    rows = {ln.split("|")[1].strip(): [c.strip() for c in ln.strip().strip("|").split("|")]
            for ln in large.splitlines() if ln.startswith("| ") and not ln.startswith("| step")}
    assert rows["build: seconds"][1] == "skipped" and re.fullmatch(r"[\d,.]+", rows["build: seconds"][2])
    assert rows["load the TriG: seconds"][1] == "skipped" and re.fullmatch(r"[\d,.]+", rows["load the TriG: seconds"][2])
    assert rows["`trace`: median ms over 20 tasks"][1] == "skipped"
    assert re.fullmatch(r"[\d,.]+", rows["`trace`: median ms over 20 tasks"][2])
    assert "`explore` of the whole graph: skipped (the rdflib path above 12 letters)." in large
    # and how the store path grows from one size to the next, as ratios
    grow = text.split("## Growth on the Oxigraph path", 1)[1]
    assert "| figure | 12 to 14 letters (1.16667x) |" in grow
    for label in ("build into Oxigraph: seconds", "build into Oxigraph: peak memory (MB)",
                  "load the TriG into Oxigraph: seconds", "`trace` on Oxigraph: median ms"):
        assert re.search(rf"^\| {re.escape(label)} \| [\d,.]+x \|$", grow, re.M), grow


def test_bench_scales_the_build_target_by_the_reference_load() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench

    # a results.json from before the loads were repeated holds one load, at the top level
    ref = {"triples": 1_000_000, "rdflib": {"seconds": 42.0, "peak_mb": 1400.0},
           "pyoxigraph": {"seconds": 4.8, "peak_mb": 600.0}}
    assert bench.machine_factor(ref) == pytest.approx((42 / 28 + 4.8 / 2.4) / 2)
    assert bench.machine_factor({**ref, "triples": 2000}) is None
    assert bench.machine_factor({**ref, "rdflib": {"stopped": 300}}) is None
    lines = "\n".join(bench.reference_lines(ref))
    assert "| rdflib | 28 s | 42.00 s, 1,400 MB | 1.50x |" in lines and "| pyoxigraph | 2.4 s | 4.80 s, 600 MB | 2.00x |" in lines
    # three loads: the factor is the median of theirs, a stopped load counts for none
    runs = [{"when": "first", "rdflib": {"seconds": 56.0}, "pyoxigraph": {"seconds": 4.8}},  # 2.0x
            {"when": "before", "rdflib": {"seconds": 42.0}, "pyoxigraph": {"seconds": 3.6}},  # 1.5x
            {"when": "after", "rdflib": {"seconds": 70.0}, "pyoxigraph": {"seconds": 6.0}}]  # 2.5x
    three = {"triples": 1_000_000, "runs": runs}
    assert bench.machine_factors(three) == pytest.approx([2.0, 1.5, 2.5])
    assert bench.machine_factor(three) == pytest.approx(2.0)
    assert bench.machine_factor({**three, "runs": runs[:2] + [{"when": "after", "rdflib": {"stopped": 300},
                                                               "pyoxigraph": {"seconds": 6.0}}]}) == pytest.approx(1.75)
    lines = "\n".join(bench.reference_lines(three))
    assert "| rdflib | 28 s | 56.00 s, n/a MB | 42.00 s, n/a MB | 70.00 s, n/a MB | 2.00x |" in lines, lines
    assert "Each load's factor (the mean of the two ratios): 2.00x, 1.50x, 2.50x; their median, 2.00x" in lines
    results = {10000: {"build-oxigraph": {"seconds": 110.0, "peak_mb": 1000.0},
                       "queries-oxigraph": {"trace": 6.0, "q:a": 300.0}, "parse": {"parse_1": 400.0}}}
    text = "\n".join(bench.targets(results, three))
    assert ("Scaled by this machine's median 2.00x on the reference loads, the build's 60 s would be 120 s here "
            "(90-150 s by the fastest and slowest of the 3 loads); the build took 110 s (within it).") in text
