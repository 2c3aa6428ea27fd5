"""Letters written for the tests in layouts real offices use (a Kế hoạch with roman parts,
a ministry's letter signed KT. BỘ TRƯỞNG, a district letter implementing a provincial one,
a letter signed TM. ỦY BAN NHÂN DÂN), each against its expected record, key by key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policykg.parse import parse_file, parse_text, read_source
from policykg.text import squash

from .conftest import LETTERS, SOURCES, strip_spans

CASES = sorted([*LETTERS.glob("*.md"), *LETTERS.glob("*.txt")])


def test_the_layouts_are_covered() -> None:
    names = {p.stem for p in CASES}
    assert len(names) >= 4
    kinds = {parse_file(p)["doc_type"] for p in CASES}
    assert {"Kế hoạch", "Công văn"} <= kinds
    marks = {parse_file(p)["signer"]["authority"] for p in CASES}
    assert {"KT.", "TM."} <= marks


@pytest.mark.parametrize("letter", CASES, ids=lambda p: p.stem)
def test_letter_matches_expected_record(letter: Path) -> None:
    expected_path = letter.with_suffix(".expected.json")
    assert expected_path.exists(), f"missing {expected_path.name}"
    want = json.loads(expected_path.read_text(encoding="utf-8"))
    got = strip_spans(parse_file(letter))
    assert isinstance(got, dict)
    for key in want:
        assert got.get(key) == want[key], f"{letter.name}: {key}\n got  {got.get(key)!r}\n want {want[key]!r}"
    assert set(got) == set(want), set(got) ^ set(want)


@pytest.mark.parametrize("letter", CASES, ids=lambda p: p.stem)
def test_letter_spans_quote_the_text(letter: Path) -> None:
    raw = letter.read_text(encoding="utf-8")
    rec = parse_file(letter)
    for t in rec["tasks"] + rec["closing"]:
        s, e = t["span"]
        quote = squash(raw[s:e].replace("*", "").replace("#", ""))
        assert quote.startswith(t["text"][:25]), (t["path"], quote[:60])


def test_district_letter_chains_down() -> None:
    rec = parse_file(LETTERS / "cu-jut_cong-van-district-implements-province.md")
    assert rec["issuer"] == "Ủy ban nhân dân huyện Cư Jút"
    assert rec["implements"] == ["3597/UBND-KGVX"]
    assert rec["stated_chain"] == [["3597/UBND-KGVX", "implements", "14/CT-TTg"]]
    assert rec["citations"][0]["issuer"] == "Ủy ban nhân dân tỉnh Đắk Nông"


def test_roman_parts_hold_the_assignments() -> None:
    rec = parse_file(LETTERS / "quang-nam_ke-hoach-roman-parts.md")
    assert [t["path"] for t in rec["tasks"]] == ["III.1.1", "III.1.2", "III.1.3", "III.2.1", "III.2.2", "III.3", "III.4"]
    assert rec["tasks"][5]["lead"] == "Sở Tài chính" and rec["tasks"][5]["cooperating"] == ["Sở Kế hoạch và Đầu tư"]
    assert rec["tasks"][6]["modality"] == "request"
    assert rec["tasks"][1]["deadlines"][0]["date"] == "2021-11-30"
    assert rec["closing"][0]["deadlines"] == [
        {"date": "--12-10", "recurrence": "annual", "what": "báo cáo kết quả thực hiện về Sở Giáo dục và Đào tạo để tổng hợp",
         "start": None, "relative_to": None, "report_to": "Sở Giáo dục và Đào tạo", "report_via": None,
         "text": "Định kỳ hằng năm (trước ngày 10/12)"}]


