"""One set of checks on every build (policykg.checks): the file build and the store build give
the same verdict on the same letters."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.checks import build_checks
from policykg.cli import main

from .conftest import LETTERS

LETTER = LETTERS / "binh-dinh_cong-van-tm-ubnd.md"
UNDATED = "https://w3id.org/policykg/id/doc/binh-dinh/uy-ban-nhan-dan/cong-van/undated/2101-ubnd-kgvx"


@pytest.fixture
def impossible_date(tmp_path: Path) -> Path:
    """The Bình Định letter dated `ngày 99 tháng 99 năm 99999`: the parser drops the date, with
    a warning, so the document read from it has none."""
    text = LETTER.read_text(encoding="utf-8")
    assert "Bình Định, ngày **30** tháng 6 năm 2021" in text
    bad = tmp_path / "letters" / "binh-dinh_impossible-date.md"
    bad.parent.mkdir()
    bad.write_text(text.replace("Bình Định, ngày **30** tháng 6 năm 2021", "Bình Định, ngày 99 tháng 99 năm 99999"),
                   encoding="utf-8")
    return bad


def many_citations(tmp_path: Path, n: int) -> Path:
    """The Bình Định letter citing `n` more letters of its province in its opening paragraph."""
    text = LETTER.read_text(encoding="utf-8")
    cites = "; ".join(f"Công văn số {i}/UBND-VX ngày 01/01/2020 của Ủy ban nhân dân tỉnh Bình Định" for i in range(1, n + 1))
    opening = "Ủy ban nhân dân tỉnh chỉ đạo như sau:"
    assert text.count(opening) == 1
    path = tmp_path / "letters" / "binh-dinh_many-citations.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text.replace(opening, f"và {cites}; {opening}"), encoding="utf-8")
    return path


def both_builds(source: Path, tmp_path: Path, *extra: str) -> list:
    runner = CliRunner()
    return [runner.invoke(main, ["build", "--only", "--source", str(source), "--out", str(tmp_path / "files"),
                                 "-j", "1", *extra]),
            runner.invoke(main, ["build", "--only", "--source", str(source), "--store",
                                 f"oxigraph:{tmp_path / 'store'}", "-j", "1", *extra])]


def test_every_build_runs_the_source_document_shape_as_sparql() -> None:
    assert "source-document-header-violation" in [q.name for q in build_checks("sources")]


def test_both_builds_refuse_an_impossible_date(impossible_date: Path, tmp_path: Path) -> None:
    files, store = both_builds(impossible_date, tmp_path)
    first = f"source-document-header-violation: {UNDATED} 0 1"
    assert files.exit_code == 1 and store.exit_code == 1
    assert files.stderr.splitlines()[0] == first
    # and both find it again through the shape the check is written from, compiled to SPARQL
    shape = (f"Violation: <{UNDATED}> date_document: A document read from a source has its date."
             " [SourceDocument-date]")
    assert files.stderr.splitlines()[:2] == [first, shape]
    for build in (files, store):
        assert build.stderr.splitlines()[-1] == (
            f"Error: 2 violation(s), first: {first}; nothing written (use --force to write anyway)")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letters"]
    files, store = both_builds(impossible_date, tmp_path, "--force")
    assert files.exit_code == 0 and store.exit_code == 0
    assert "  0 shared tasks inferred, carried by 0 tasks; 2 violations" in files.stdout.splitlines()
    assert "  0 shared tasks inferred; 2 violations" in store.stdout.splitlines()


def test_both_builds_take_a_letter_with_many_citations(tmp_path: Path) -> None:
    # 300 here: the parser takes minutes over 10,000 (its rewrite is another branch's), and
    # pySHACL minutes over the graph of as many cited documents; the verdict is the same
    letter = many_citations(tmp_path, 300)
    files, store = both_builds(letter, tmp_path)
    assert files.exit_code == 0, files.output
    assert store.exit_code == 0, store.output
    counts = "313 documents, 1 source documents, 5 tasks, 1 closing obligations, 0 shared tasks, 18 bodies"
    assert files.stdout.splitlines()[2].startswith(f"  {counts}, ")
    assert store.stdout.splitlines()[1].startswith(f"  {counts}, ")
    assert "  0 shared tasks inferred, carried by 0 tasks; 0 violations" in files.stdout.splitlines()
    assert "  0 shared tasks inferred; 0 violations" in store.stdout.splitlines()
