"""The graph build: expected graph of a fixture, the seeds against gold, determinism,
atomic writes, the release kept current, and validate / stats."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from policykg.cli import main
from policykg.namespaces import ELI, PKG
from policykg.pipeline import run_build
from policykg.store import load_dataset, merged
from policykg.validate import validate_graph

from .conftest import RELEASE, ROOT, SEEDS, load_gold

FIXTURE = ROOT / "tests" / "data" / "fixture"
EXPECTED = FIXTURE / "mini-ha-giang.expected.trig"


def _diff(got: Graph, want: Graph) -> str:
    _, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
    lines = ["only in the build:"] + sorted(f"  {t}" for t in only_got.nt_lines()) if hasattr(only_got, "nt_lines") else []
    lines = ["only in the build:"] + sorted(f"  {' '.join(x.n3() for x in t)}" for t in only_got)
    lines += ["only in the expected graph:"] + sorted(f"  {' '.join(x.n3() for x in t)}" for t in only_want)
    return "\n".join(lines[:80])


def test_fixture_builds_the_expected_graph(tmp_path: Path) -> None:
    """A snapshot check only: the expected file is an earlier build of the letter, so this catches
    unintended change, not wrong values (tests/test_fixture_graph.py is the hand-read oracle).
    Compared as parsed graphs, so the expected file's leading `#` header is ignored."""
    run_build([str(FIXTURE / "mini-ha-giang.md")], tmp_path, include_default=False, echo=lambda m: None)
    got = merged(load_dataset(tmp_path / "policykg.trig"))
    want = merged(load_dataset(EXPECTED))
    assert isomorphic(got, want), _diff(got, want)


def test_build_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    """Two runs in fresh interpreters with different hash seeds write identical files."""
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"run{seed}"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-m", "policykg.cli", "build", "--out", str(out)], check=True, env=env,
                       capture_output=True, cwd=ROOT)
        outs.append(out)
    for name in ("policykg.trig", "policykg.ttl", "policykg.jsonld"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_release_graph_is_current(seed_build: Path) -> None:
    for name in ("policykg.trig", "policykg.ttl", "policykg.jsonld"):
        fresh = (seed_build / name).read_bytes()
        shipped = (ROOT / "graph" / name).read_bytes()
        assert fresh == shipped, f"graph/{name} is stale: run `policykg build` and commit it"


def test_release_conforms_to_the_shapes(release_graph: Graph) -> None:
    violations = validate_graph(release_graph)
    assert violations == [], "\n".join(v.line() for v in violations)


@pytest.mark.parametrize("gold_name", sorted(SEEDS))
def test_seed_graph_against_gold(release_graph: Graph, gold_name: str) -> None:
    gold = load_gold(gold_name)
    g = release_graph
    doc = next(d for d in g.subjects(ELI.number, Literal(gold["document"]["number"])) if (d, PKG.sourceText, None) in g)
    assert str(g.value(doc, ELI.date_document)) == gold["document"]["date"]
    issuer = g.value(doc, ELI.passed_by)
    assert gold["document"]["issuer"] in {str(x) for x in g.objects(issuer, None) if isinstance(x, Literal)}
    cited = {str(g.value(c, ELI.number)) for c in g.objects(doc, ELI.cites)}
    assert cited == {c["id"] for c in gold["cited_documents"]}
    tasks = {str(g.value(t, PKG.sectionPath)): t for t in g.subjects(PKG.assignedBy, doc) if (t, PKG.sectionPath, None) in g}
    assert set(tasks) == {t["path"] for t in gold["tasks"]} | {"closing"}
    for want in gold["tasks"]:
        t = tasks[want["path"]]
        labels = {str(g.value(a, __import__("rdflib").RDFS.label)) for a in g.objects(t, PKG.assignee)}
        # the body keeps every written form as rdfs:label; the gold form is among them
        names = {str(x) for a in g.objects(t, PKG.assignee) for x in g.objects(a, __import__("rdflib").RDFS.label)}
        assert set(want["assignees"]) <= names, (want["path"], labels)
        assert str(g.value(t, PKG.text)).startswith(want["starts"])
        cites = {str(g.value(c, ELI.number)) for c in g.objects(t, PKG.cites)}
        assert cites == set(want.get("cites", [])), want["path"]
        evidence = g.value(t, PKG.evidence)
        assert evidence is not None


def test_cited_documents_resolve_to_the_authority(release_graph: Graph) -> None:
    g = release_graph
    ct11 = [d for d in g.subjects(ELI.number, Literal("11-CT/TW"))]
    # Đắk Nông cites 11-CT/TW without a date: it still resolves to the one 2007 directive
    assert len(ct11) == 1 and str(g.value(ct11[0], ELI.date_document)) == "2007-04-13"
    only_cited = {str(g.value(d, ELI.number)) for d in g.subjects(PKG.knownOnlyByCitation, Literal(True))}
    assert only_cited == set()  # every document the seeds cite is curated in graph/authority.ttl


def test_validate_exit_codes(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["validate", str(RELEASE)])
    assert r.exit_code == 0 and r.output.strip() == "conforms"
    broken = Dataset()
    broken.parse(RELEASE, format="trig")
    for s, p, o, c in list(broken.quads((None, ELI.number, None, None))):
        broken.remove((s, p, o, c))
        break
    bad = tmp_path / "broken.trig"
    bad.write_text(broken.serialize(format="trig"), encoding="utf-8")
    r = CliRunner().invoke(main, ["validate", str(bad)])
    assert r.exit_code == 1 and "Document-number" in r.output
    garbage = tmp_path / "garbage.trig"
    garbage.write_text("this is { not trig", encoding="utf-8")
    r = CliRunner().invoke(main, ["validate", str(garbage)])
    assert r.exit_code == 2 and r.stderr.count("\n") == 1 and "cannot be read as trig" in r.stderr
    r = CliRunner().invoke(main, ["validate", str(tmp_path / "none.trig")])
    assert r.exit_code == 2 and "no such graph file" in r.stderr


def test_failed_build_keeps_previous_outputs(tmp_path: Path) -> None:
    out = tmp_path / "release"
    run_build([], out, echo=lambda m: None)
    before = (out / "policykg.trig").read_bytes()
    binary = tmp_path / "scan.md"
    binary.write_bytes(b"\x00\x01binary")
    r = CliRunner().invoke(main, ["build", "--source", str(binary), "--out", str(out), "--strict"])
    assert r.exit_code == 1
    assert r.output == (f"Error: {binary}: is a binary file, not a text document\n"
                        "Error: 1 file(s) refused; nothing written (--strict)\n")
    assert (out / "policykg.trig").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["policykg.jsonld", "policykg.trig", "policykg.ttl"]


def test_stats(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["stats", str(RELEASE)])
    assert r.exit_code == 0
    assert "      47  pkg:Task" in r.output
    assert "       2  pkg:ClosingObligation" in r.output
    assert "https://w3id.org/policykg/graph/authority" in r.output
