from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "gold"
SOURCES = ROOT / "graph" / "sources"
LETTERS = Path(__file__).resolve().parent / "data" / "letters"

# graph/sources holds the seeds under names that say what they are; gold keys them by the
# name they were received under (graph/sources/index.csv maps one to the other).
SEEDS = {
    "000_b9892333705bf5c5.txt": SOURCES / "dak-nong_cong-van-3597-ubnd-kgvx_2021-07-12.md",
    "002_bcae6c6d0f65b6dd.txt": SOURCES / "kien-giang_cong-van-851-ubnd-kgvx_2021-06-18.md",
}


def load_gold(name: str) -> dict:
    path = GOLD / Path(name).with_suffix(".json").name
    if not path.exists():
        pytest.fail(f"gold file {path} is missing: tests score against ../shared/gold/")
    return json.loads(path.read_text(encoding="utf-8"))


RELEASE = ROOT / "graph" / "policykg.trig"


@pytest.fixture(scope="session")
def release_graph():
    """The committed release graph, merged: what researchers download and query."""
    from policykg.store import load_dataset, merged

    if not RELEASE.exists():
        pytest.fail(f"{RELEASE} is missing: run `policykg build`")
    return merged(load_dataset(RELEASE))


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """A fresh build of graph/sources into a temporary folder (the release must equal it)."""
    from policykg.pipeline import run_build

    out = tmp_path_factory.mktemp("build")
    run_build([], out, echo=lambda m: None)
    return out


def strip_spans(o: object) -> object:
    """A record without the keys that depend on where the file is (spans, source)."""
    if isinstance(o, dict):
        return {k: strip_spans(v) for k, v in o.items() if k not in ("span", "source", "header_spans")}
    if isinstance(o, list):
        return [strip_spans(x) for x in o]
    return o


def best_cpu_seconds(work: Callable[[], object], runs: int = 2) -> float:
    """The least CPU time (time.process_time) of `runs` calls of `work`: what growth-ratio
    tests compare. CPU time, not the wall clock, so other work on the machine does not
    stretch one run and not the other."""
    best = float("inf")
    for _ in range(runs):
        t0 = time.process_time()
        work()
        best = min(best, time.process_time() - t0)
    return best
