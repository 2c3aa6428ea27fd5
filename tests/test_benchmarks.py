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
    subprocess.run([sys.executable, "scripts/bench_explore.py", "--nodes", "60", "--out", str(report)], cwd=ROOT,
                   check=True, capture_output=True, text=True)
    text = report.read_text(encoding="utf-8")
    assert "Machine: " in text
    row = [ln for ln in text.splitlines() if ln.startswith("| 60 |")][0]
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert len(cells) == 10 and all(cells) and "n/a" not in row
    assert int(cells[2]) > 30 and int(cells[3]) > 30  # nodes and edges
    assert cells[9].endswith("x")  # the ratio against pyvis out of the box
