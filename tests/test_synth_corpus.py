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


# Read by hand off the five letters of seed 27: synthetic-000005-chau-thanh.md (UBND huyện Châu
# Thành, 8306/UBND-VX) implements synthetic-000001-phu-yen.md (Kế hoạch 4785/KH-UBND of UBND tỉnh
# Phú Yên). Its Phòng Giáo dục và Đào tạo gets III.3.1 and III.3.2 of the Sở Giáo dục và Đào tạo,
# naming them ("theo nhiệm vụ tại điểm 3.1 khoản 3 mục III Kế hoạch số 4785/KH-UBND"), and III.3.4
# without; the Hội Khuyến học huyện is asked ("Đề nghị") to carry III.5.1 and III.5.3 of "Ủy ban
# nhân dân các huyện, thành phố", whose III.5.2 goes to the UBND các xã; its closing order to
# report "về Ủy ban nhân dân huyện" carries the province's "về Sở Giáo dục và Đào tạo". The
# province's III.1 (Báo Phú Yên) has no district counterpart; III.2.1, III.3.3, III.4.1 and III.6.1
# are not carried down.
SEED27_LINKS = [
    ("1.a", "III.3.1", "sector", True),
    ("1.b", "III.3.2", "sector", True),
    ("1.c", "III.3.4", "sector", False),
    ("2.a", "III.5.1", "request", False),
    ("2.b", "III.5.3", "request", False),
    ("3.a", "III.5.2", "ubnd", False),
    ("closing", "closing", "reporting", False),
]


def test_district_letters_carry_provincial_tasks_down_as_the_sidecar_says(tmp_path: Path) -> None:
    synth.generate(5, tmp_path, seed=27)
    links = json.loads((tmp_path / "links.json").read_text(encoding="utf-8"))["links"]
    assert {(x["letter"], x["number"], x["higher_letter"], x["higher_number"]) for x in links} == {
        ("synthetic-000005-chau-thanh.md", "8306/UBND-VX", "synthetic-000001-phu-yen.md", "4785/KH-UBND")}
    assert [(x["path"], x["higher_path"], x["kind"], x["stated"]) for x in links] == SEED27_LINKS
    text = (tmp_path / "synthetic-000005-chau-thanh.md").read_text(encoding="utf-8")
    assert "a) Hướng dẫn các lớp đào tạo nghề cho lao động nông thôn và người khuyết tật theo hướng thiết thực, " \
           "hiệu quả, theo nhiệm vụ tại điểm 3.1 khoản 3 mục III Kế hoạch số 4785/KH-UBND." in text
    assert "báo cáo kết quả thực hiện về Ủy ban nhân dân huyện." in text


def test_links_agree_with_the_letters_on_a_larger_corpus(tmp_path: Path) -> None:
    """Every link joins tasks that exist, along the line its kind says; a district letter for
    about every three provincial ones, so N letters are still N files (and links.json)."""
    paths = synth.generate(300, tmp_path, seed=4)
    assert len(list(tmp_path.glob("*.md"))) == 300
    records = {p.name: json.loads(p.with_suffix(".expected.json").read_text(encoding="utf-8")) for p in paths}
    links = json.loads((tmp_path / "links.json").read_text(encoding="utf-8"))["links"]
    district = {x["letter"] for x in links}
    provincial = [r for r in records.values() if r["issuer"].startswith("Ủy ban nhân dân tỉnh")]
    assert 2.5 <= len(provincial) / len(district) <= 3.5, (len(provincial), len(district))

    def task(name: str, path: str) -> dict:
        rec = records[name]
        return next(t for t in rec["tasks"] + rec["closing"] if t["path"] == path)

    kinds: dict[str, int] = {}
    for x in links:
        low, high = task(x["letter"], x["path"]), task(x["higher_letter"], x["higher_path"])
        assert records[x["higher_letter"]]["number"] in records[x["letter"]]["implements"]
        kinds[x["kind"]] = kinds.get(x["kind"], 0) + 1
        if x["kind"] == "sector":
            assert low["assignees"] == [synth.SECTOR_LINE[high["assignees"][0]]], x
        elif x["kind"] == "ubnd":
            assert high["assignees"] == ["Ủy ban nhân dân các huyện, thành phố"], x
        elif x["kind"] == "request":
            assert low["modality"] == "request" and low["assignees"] == ["Hội Khuyến học huyện"], x
        else:
            assert x["kind"] == "reporting" and x["path"] == x["higher_path"] == "closing", x
        assert (x["higher_number"] in low["text"]) == x["stated"], x
    assert min(kinds.values()) >= 20, kinds


def test_a_hyphenated_province_stays_whole_in_a_cited_issuer() -> None:
    """The district letters cite their province's letter "của UBND tỉnh Bà Rịa - Vũng Tàu": the
    hyphen is the province's own, not the end of the issuer."""
    from policykg.parse.citations import IssuerContext, find_citations

    text = "Thực hiện Công văn số 3098/UBND-VX ngày 10/8/2021 của UBND tỉnh Bà Rịa - Vũng Tàu; Ủy ban nhân dân huyện"
    (c,) = find_citations(text, IssuerContext())
    assert (c.id, c.issuer) == ("3098/UBND-VX", "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu")
    # a hyphen after any other issuer still ends it
    (c,) = find_citations("Công văn số 12/UBND-VX của UBND tỉnh Bến Tre - Sở Tài chính", IssuerContext())
    assert c.issuer == "Ủy ban nhân dân tỉnh Bến Tre"
