"""The synthetic corpus: deterministic, labelled synthetic, and parsed exactly as drawn."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from policykg.parse import parse_file

from .conftest import ROOT, strip_spans

spec = importlib.util.spec_from_file_location("synth_corpus", ROOT / "scripts" / "synth_corpus.py")
synth = importlib.util.module_from_spec(spec)
sys.modules["synth_corpus"] = synth  # dataclasses look their module up while it loads
assert spec.loader is not None
spec.loader.exec_module(synth)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_parser_reads_synthetic_letters_as_drawn(tmp_path: Path, seed: int) -> None:
    paths = synth.generate(60, tmp_path, seed=seed)
    misses = []
    for p in paths:
        want = json.loads(p.with_suffix(".expected.json").read_text(encoding="utf-8"))
        got = strip_spans(parse_file(p))
        misses += [f"{p.name}: {k}" for k in want if got.get(k) != want[k]]  # type: ignore[union-attr]
    assert misses == []


def test_deterministic_and_labelled(tmp_path: Path) -> None:
    a = synth.generate(30, tmp_path / "a", seed=7)
    b = synth.generate(30, tmp_path / "b", seed=7)
    c = synth.generate(30, tmp_path / "c", seed=8)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    assert [p.read_bytes() for p in a] != [p.read_bytes() for p in c]
    assert all(p.name.startswith("synthetic-") for p in a)


def test_variety(tmp_path: Path) -> None:
    records = [json.loads(p.with_suffix(".expected.json").read_text(encoding="utf-8"))
               for p in synth.generate(200, tmp_path, seed=0)]
    texts = [p.read_text(encoding="utf-8") for p in sorted(tmp_path.glob("*.md"))]
    assert len({r["place"] for r in records}) >= 10
    assert {r["doc_type"] for r in records} == {"Công văn", "Kế hoạch"}
    assert {r["signer"]["authority"] for r in records} == {"KT.", "TM.", None}
    assert any("huyện" in r["issuer"] for r in records) and any(r["issuer"].startswith("Bộ") for r in records)
    for marker in ("\n- ", "\n+ ", "\na) ", ".1. ", "## **", "#### **", "\n\n\n\n"):
        assert any(marker in t for t in texts), marker


def test_refuses_graph_sources() -> None:
    with pytest.raises(SystemExit, match="refusing"):
        synth.generate(1, ROOT / "graph" / "sources")
