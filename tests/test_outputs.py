"""Outputs: the umask's modes, the release files replaced as a set, leftovers of dead runs
removed, `load` of an empty file refused, and workers that end with their build."""

from __future__ import annotations

import multiprocessing
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from policykg import files
from policykg.cli import main
from policykg.files import remove_stale, write_set
from policykg.pipeline import run_build

from .conftest import LETTERS, ROOT

NAMES = ["policykg.jsonld", "policykg.trig", "policykg.ttl"]


def dead_pid() -> int:
    """The id of a process that has ended."""
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mask, want", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_outputs_take_the_umask(tmp_path: Path, mask: int, want: int) -> None:
    old = os.umask(mask)
    try:
        write_set({tmp_path / "a.ttl": "x", tmp_path / "b.trig": b"y"})
    finally:
        os.umask(old)
    assert [mode(tmp_path / n) for n in ("a.ttl", "b.trig")] == [want, want]


def test_build_writes_0644_under_umask_022(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        run_build([], tmp_path, echo=lambda m: None)
    finally:
        os.umask(old)
    assert sorted(p.name for p in tmp_path.iterdir()) == NAMES
    assert {mode(tmp_path / n) for n in NAMES} == {0o644}


def test_a_failed_write_leaves_every_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in NAMES:
        (tmp_path / n).write_text(f"old {n}", encoding="utf-8")
    # the disk fills up at the third file: nothing was renamed yet
    real_fsync = os.fsync
    calls = []

    def full(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(OSError, match="No space left"):
        write_set({tmp_path / n: f"new {n}" for n in NAMES})
    monkeypatch.undo()
    assert {n: (tmp_path / n).read_text(encoding="utf-8") for n in NAMES} == {n: f"old {n}" for n in NAMES}
    assert sorted(p.name for p in tmp_path.iterdir()) == NAMES


def test_a_failed_rename_puts_the_renamed_files_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.trig").write_text("old a", encoding="utf-8")
    (tmp_path / "b.ttl").write_text("old b", encoding="utf-8")
    real_replace = os.replace

    def fail_on_c(src: str | Path, dst: str | Path) -> None:
        if Path(dst).name == "c.jsonld":
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", fail_on_c)
    with pytest.raises(OSError, match="Input/output error"):
        write_set({tmp_path / "a.trig": "new a", tmp_path / "b.ttl": "new b", tmp_path / "c.jsonld": "new c"})
    monkeypatch.undo()
    # a and b were replaced before c failed: they have their old content again, c never existed
    assert (tmp_path / "a.trig").read_text(encoding="utf-8") == "old a"
    assert (tmp_path / "b.ttl").read_text(encoding="utf-8") == "old b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.trig", "b.ttl"]


def test_a_serialisation_error_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from policykg import store

    run_build([], tmp_path, echo=lambda m: None)
    before = {n: (tmp_path / n).read_bytes() for n in NAMES}

    def broken(ds: object) -> str:
        raise RuntimeError("serialiser broke")

    monkeypatch.setattr(store, "trig", broken)
    with pytest.raises(RuntimeError, match="serialiser broke"):
        run_build([], tmp_path, echo=lambda m: None)
    assert {n: (tmp_path / n).read_bytes() for n in NAMES} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == NAMES


def test_leftovers_of_dead_runs_are_removed_on_the_next_run(tmp_path: Path) -> None:
    dead, live = dead_pid(), os.getppid()
    (tmp_path / f".policykg.trig.{dead}.x1y2.tmp").write_text("half", encoding="utf-8")
    (tmp_path / f".policykg.ttl.{live}.a1b2.tmp").write_text("a live run's", encoding="utf-8")
    (tmp_path / "keep.tmp").write_text("not ours", encoding="utf-8")
    run_build([], tmp_path, echo=lambda m: None)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        NAMES + [f".policykg.ttl.{live}.a1b2.tmp", "keep.tmp"])


def test_store_folders_of_dead_runs_are_removed_on_the_next_run(tmp_path: Path) -> None:
    dead, live = dead_pid(), os.getppid()
    for name in (f".s.building-{dead}", f".s.old-{dead}", f".s.loading-{dead}", f".s.building-{live}"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "CURRENT").write_text("x", encoding="utf-8")
    r = CliRunner().invoke(main, ["build", "--store", f"oxigraph:{tmp_path / 's'}", "-j", "1"])
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [f".s.building-{live}", "s"]
    assert remove_stale(tmp_path, "s") == []


def test_load_refuses_a_file_with_no_quads(tmp_path: Path) -> None:
    where = tmp_path / "s"
    r = CliRunner().invoke(main, ["load", "--store", f"oxigraph:{where}"])
    assert r.exit_code == 0, r.output
    before = len(ox.Store.read_only(str(where)))
    assert before > 3000
    for name, text in (("empty.trig", ""), ("prefixes.trig", "@prefix eli: <http://data.europa.eu/eli/ontology#> .\n"),
                       ("empty-graph.trig", "<urn:g> { }\n")):
        (tmp_path / name).write_text(text, encoding="utf-8")
        r = CliRunner().invoke(main, ["load", "--graph", str(tmp_path / name), "--store", f"oxigraph:{where}"])
        assert r.exit_code == 1
        assert r.output == f"Error: {tmp_path / name}: holds no quads; nothing loaded, the store is as it was\n"
        assert len(ox.Store.read_only(str(where))) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty-graph.trig", "empty.trig", "prefixes.trig", "s"]


def test_a_failed_store_build_leaves_no_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from policykg import stream

    sys.path.insert(0, str(ROOT / "scripts"))
    from synth_corpus import generate

    generate(40, tmp_path / "letters", seed=5)
    paths = sorted((tmp_path / "letters").glob("*.md"))

    def disk_full(self: object, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(stream._Loader, "put_letters", disk_full)
    with pytest.raises(OSError, match="No space left"):
        stream.build_store(paths, tmp_path / "store", jobs=2, parallel_min=1)
    assert multiprocessing.active_children() == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letters"]


WORKERS_THEN_WAIT = """
import multiprocessing, time
from policykg.workers import pool
p = pool(2)
for f in [p.submit(time.sleep, 0.3) for _ in range(2)]:
    f.result()
print(" ".join(str(c.pid) for c in multiprocessing.active_children()), flush=True)
time.sleep(60)
"""


def test_workers_die_with_a_killed_build() -> None:
    proc = subprocess.Popen([sys.executable, "-c", WORKERS_THEN_WAIT], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stdout is not None
    pids = [int(x) for x in proc.stdout.readline().split()]
    assert len(pids) == 2 and all(files.pid_alive(p) for p in pids)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    while any(_running(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_running(p) for p in pids)


def _running(pid: int) -> bool:
    """Alive and not a zombie (a killed orphan stays one until init reaps it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state != "Z"


_ = LETTERS
