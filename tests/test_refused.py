"""A bad file among good ones: both builds build the good ones, list each refused file with its
reason on a line of its own and exit 1; with --strict they write nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from policykg.cli import main

from .conftest import LETTERS

GOOD = sorted(LETTERS.glob("*.md"))
NOT_A_DOCUMENT = "no document number ('Số: ...') and no place-and-date line: not an official document"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The test letters and three files no build can read."""
    folder = tmp_path / "letters"
    folder.mkdir()
    for p in GOOD:
        shutil.copy(p, folder / p.name)
    (folder / "a-program.md").write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00")
    (folder / "b-empty.md").write_bytes(b"")
    (folder / "c-notes.md").write_text("Ghi chú họp tuần.\n\nKhông phải văn bản.\n", encoding="utf-8")
    return folder


def refusals(folder: Path) -> list[str]:
    return [f"Error: {folder / 'a-program.md'}: is a binary file, not a text document",
            f"Error: {folder / 'b-empty.md'}: is empty",
            f"Error: {folder / 'c-notes.md'}: {NOT_A_DOCUMENT}"]


def source_names(store: ox.Store, union: bool = False) -> set[str]:
    """The file names of the letters the graph was built from."""
    # the letters carry their hash; the curated data cites domain.md, a SourceText too, without one
    rows = store.query("SELECT DISTINCT ?name WHERE { ?s <https://w3id.org/policykg/ontology#sha256> ?h ;"
                       " <http://purl.org/dc/terms/identifier> ?name }", use_default_graph_as_union=union)
    return {r["name"].value for r in rows}


def test_file_build_builds_the_good_ones(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["build", "--only", "--source", str(corpus), "--out", str(out), "-j", "1"])
    assert r.exit_code == 1, r.output
    assert r.stderr.splitlines() == refusals(corpus)
    assert "  3 file(s) refused, left out of the graph" in r.stdout.splitlines()
    trig = ox.Store()
    trig.load(path=str(out / "policykg.trig"), format=ox.RdfFormat.TRIG)
    assert source_names(trig, union=True) == {p.name for p in GOOD}


def test_store_build_builds_the_good_ones(corpus: Path, tmp_path: Path) -> None:
    where = tmp_path / "store"
    r = CliRunner().invoke(main, ["build", "--only", "--source", str(corpus), "--store", f"oxigraph:{where}", "-j", "1"])
    assert r.exit_code == 1, r.output
    assert r.stderr.splitlines() == refusals(corpus)
    assert r.stdout.startswith(f"built oxigraph:{where}: {len(GOOD)} letters in ")
    assert "  3 file(s) refused, left out of the store" in r.stdout.splitlines()
    store = ox.Store.read_only(str(where))
    assert source_names(store) == {p.name for p in GOOD}


@pytest.mark.parametrize("target", ["--out", "--store"])
def test_strict_writes_nothing(corpus: Path, tmp_path: Path, target: str) -> None:
    where = tmp_path / "dest"
    arg = str(where) if target == "--out" else f"oxigraph:{where}"
    r = CliRunner().invoke(main, ["build", "--only", "--source", str(corpus), target, arg, "--strict", "-j", "1"])
    assert r.exit_code == 1
    assert r.stdout == ""
    assert r.stderr.splitlines() == refusals(corpus) + ["Error: 3 file(s) refused; nothing written (--strict)"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letters"]


@pytest.mark.parametrize("target", ["--out", "--store"])
def test_nothing_left_to_build(tmp_path: Path, target: str) -> None:
    (tmp_path / "scan.md").write_bytes(b"\x00\x01")
    where = tmp_path / "dest"
    arg = str(where) if target == "--out" else f"oxigraph:{where}"
    r = CliRunner().invoke(main, ["build", "--only", "--source", str(tmp_path / "scan.md"), target, arg])
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [f"Error: {tmp_path / 'scan.md'}: is a binary file, not a text document",
                                     "Error: 1 file(s) refused; nothing written (no file left to build)"]
    assert not where.exists()


@pytest.mark.parametrize("target", ["--out", "--store"])
def test_a_second_copy_of_a_letter_is_refused(tmp_path: Path, target: str) -> None:
    # two files that are one document: the first by name is built, the other refused
    folder = tmp_path / "letters"
    folder.mkdir()
    for p in GOOD:
        shutil.copy(p, folder / p.name)
    original = folder / "binh-dinh_cong-van-tm-ubnd.md"
    shutil.copy(original, folder / "z-rescanned.md")
    where = tmp_path / "dest"
    arg = str(where) if target == "--out" else f"oxigraph:{where}"
    r = CliRunner().invoke(main, ["build", "--only", "--source", str(folder), target, arg, "-j", "1"])
    assert r.exit_code == 1, r.output
    doc = "https://w3id.org/policykg/id/doc/binh-dinh/uy-ban-nhan-dan/cong-van/2021/2101-ubnd-kgvx"
    assert r.stderr.splitlines() == [f"Error: {folder / 'z-rescanned.md'}: same document as {original} ({doc})"]
    if target == "--out":
        store = ox.Store()
        store.load(path=str(where / "policykg.trig"), format=ox.RdfFormat.TRIG)
        graphs = {q.graph_name.value for q in store if not isinstance(q.graph_name, ox.DefaultGraph)}
        assert not any("z-rescanned" in g for g in graphs)
        assert source_names(store, union=True) == {p.name for p in GOOD}
    else:
        assert source_names(ox.Store.read_only(str(where))) == {p.name for p in GOOD}
    r = CliRunner().invoke(main, ["build", "--only", "--source", str(folder), target, str(tmp_path / "strict"), "-j", "1",
                                  "--strict"] if target == "--out" else
                           ["build", "--only", "--source", str(folder), target, f"oxigraph:{tmp_path / 'strict'}",
                            "-j", "1", "--strict"])
    assert r.exit_code == 1 and not (tmp_path / "strict").exists()
