"""Documents known only by a citation: a letter may cite one by its number alone, with no
issuer ("Xét Tờ trình số 96/TTr-SYT ngày 12/3/2021; ..."), as real letters often do. Such a
document is in the graph with its number, type and date and no issuer, and the build, the file
build and the store build alike, accepts it: only a document read from a source must have one."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from rdflib import Literal, URIRef
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


def _district_letter_with_its_provinces_number(folder: Path) -> Path:
    """A district's letter numbered as the province's letter it carries out: numbers are reused
    by every issuer, and at 100,000 synthetic letters such a pair turned up and stopped a build."""
    source = LETTERS / "cu-jut_cong-van-district-implements-province.md"
    text = source.read_text(encoding="utf-8")
    assert "Số: 1120/UBND-VX" in text and "3597/UBND-KGVX" in text
    folder.mkdir()
    path = folder / "cu-jut_cong-van-same-number.md"
    path.write_text(text.replace("Số: 1120/UBND-VX", "Số: 3597/UBND-KGVX"), encoding="utf-8")
    return path


def test_a_letter_cites_another_of_its_own_number(tmp_path: Path) -> None:
    from policykg.parse import parse_file

    rec = parse_file(_district_letter_with_its_provinces_number(tmp_path / "letters"))
    assert rec["number"] == "3597/UBND-KGVX" and rec["issuer"] == "Ủy ban nhân dân huyện Cư Jút"
    assert rec["implements"] == ["3597/UBND-KGVX"]
    cited = {c["id"]: c for c in rec["citations"]}
    assert cited["3597/UBND-KGVX"]["issuer"] == "Ủy ban nhân dân tỉnh Đắk Nông"


def test_it_builds_and_implements_the_provinces_letter(tmp_path: Path) -> None:
    _district_letter_with_its_provinces_number(tmp_path / "letters")
    out = tmp_path / "out"
    # with the shipped seeds, so that the province's 3597/UBND-KGVX is a letter of the corpus
    r = CliRunner().invoke(main, ["build", "--source", str(tmp_path / "letters"), "--out", str(out)])
    assert r.exit_code == 0, r.output
    g = merged(load_dataset(out / "policykg.trig"))
    docs = sorted(str(d) for d in g.subjects(ELI.number, Literal("3597/UBND-KGVX")))
    assert docs == [
        "https://w3id.org/policykg/id/doc/dak-nong/cu-jut/uy-ban-nhan-dan/cong-van/2021/3597-ubnd-kgvx",
        "https://w3id.org/policykg/id/doc/dak-nong/uy-ban-nhan-dan/cong-van/2021/3597-ubnd-kgvx",
    ]
    district, province = (URIRef(d) for d in docs)
    assert (district, ELI.ensures_implementation_of, province) in g
    assert (province, ELI.ensures_implementation_of, district) not in g
