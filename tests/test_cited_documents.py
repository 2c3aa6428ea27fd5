"""Documents known only by a citation: a letter may cite one by its number alone, with no
issuer ("Xét Tờ trình số 96/TTr-SYT ngày 12/3/2021; ..."), as real letters often do. Such a
document is in the graph with its number, type and date and no issuer, and the build, the file
build and the store build alike, accepts it: only a document read from a source must have one."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from rdflib import Literal
from rdflib.namespace import RDF

from policykg.cli import main
from policykg.namespaces import ELI
from policykg.store import load_dataset, merged

from .conftest import LETTERS

LETTER = LETTERS / "binh-dinh_cong-van-tm-ubnd.md"


def _letter_citing_without_issuer(folder: Path) -> Path:
    text = LETTER.read_text(encoding="utf-8")
    assert "Thực hiện Chỉ thị số 14/CT-TTg" in text
    text = text.replace("Thực hiện Chỉ thị số 14/CT-TTg",
                        "Xét Tờ trình số 96/TTr-SYT ngày 12/3/2021; thực hiện Chỉ thị số 14/CT-TTg", 1)
    folder.mkdir()
    path = folder / "binh-dinh_cong-van-cites-to-trinh.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_document_cited_without_issuer_is_built(tmp_path: Path) -> None:
    _letter_citing_without_issuer(tmp_path / "letters")
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["build", "--only", "--source", str(tmp_path / "letters"), "--out", str(out)])
    assert r.exit_code == 0, r.output
    g = merged(load_dataset(out / "policykg.trig"))
    cited = list(g.subjects(ELI.number, Literal("96/TTr-SYT")))
    assert len(cited) == 1
    assert (cited[0], RDF.type, ELI.LegalResource) in g
    assert g.value(cited[0], ELI.passed_by) is None
    assert str(g.value(cited[0], ELI.date_document)) == "2021-03-12"


def test_the_store_build_accepts_it_too(tmp_path: Path) -> None:
    _letter_citing_without_issuer(tmp_path / "letters")
    r = CliRunner().invoke(main, ["build", "--only", "--source", str(tmp_path / "letters"),
                                  "--store", f"oxigraph:{tmp_path / 'store'}", "-j", "1"])
    assert r.exit_code == 0, r.output
    assert "0 violations" in r.output
