"""One definition of each count (policykg.counts, docs/counts.md): `build`, `stats`, `load` and
the store build report the same numbers for the seeds."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from policykg.cli import main
from policykg.counts import COUNTS, graph_counts
from policykg.sparql import OxigraphStore, RdflibStore
from policykg.store import load_dataset

from .conftest import RELEASE

# checked against the sources: 2 letters and the 11 documents graph/authority.ttl curates
# (every document the seeds cite is curated, tests/test_build.py); gold's 20 tasks of the Đắk
# Nông letter and 27 of the Kiên Giang letter, each letter with one closing obligation; the 18
# shared tasks the alignment infers. Bodies, triples and quads are the release's, as the file
# build, the store build, rdflib and Oxigraph all count them.
SEEDS = ("13 documents, 2 source documents, 47 tasks, 2 closing obligations, 19 shared tasks, 49 bodies, "
         "4090 triples, 4170 quads")


def test_the_counts_are_defined_once() -> None:
    assert list(COUNTS) == ["documents", "source documents", "tasks", "closing obligations", "shared tasks",
                            "bodies", "triples", "quads"]


def test_build_stats_and_load_agree_on_the_seeds(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "out"), "-j", "1"])
    assert r.exit_code == 0, r.output
    assert f"  {SEEDS}, 0 warnings" in r.stdout.splitlines()
    r = CliRunner().invoke(main, ["stats", str(tmp_path / "out" / "policykg.trig")])
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0] == SEEDS
    assert r.stdout.splitlines()[-1] == "total: 4090 triples, 4170 quads in 5 named graphs"
    r = CliRunner().invoke(main, ["load", "--graph", str(tmp_path / "out" / "policykg.trig"),
                                  "--store", f"oxigraph:{tmp_path / 's'}"])
    assert r.exit_code == 0, r.output
    assert r.stdout == f"loaded {tmp_path / 'out' / 'policykg.trig'} into oxigraph:{tmp_path / 's'}: {SEEDS}\n"


def test_the_store_build_counts_the_same(tmp_path: Path) -> None:
    # without --named-graphs the store holds no named graph: the same graph, no quads
    r = CliRunner().invoke(main, ["build", "--store", f"oxigraph:{tmp_path / 's'}", "-j", "1"])
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[1] == "  " + SEEDS.replace("4170 quads", "0 quads") + ", 0 warnings"
    r = CliRunner().invoke(main, ["build", "--store", f"oxigraph:{tmp_path / 'n'}", "--named-graphs", "-j", "1"])
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[1] == f"  {SEEDS}, 0 warnings"


def test_rdflib_and_oxigraph_count_alike(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["load", "--graph", str(RELEASE), "--store", f"oxigraph:{tmp_path / 's'}"])
    assert r.exit_code == 0, r.output
    assert graph_counts(RdflibStore.of_dataset(load_dataset(RELEASE))) == graph_counts(OxigraphStore(tmp_path / "s"))
