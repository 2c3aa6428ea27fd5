"""Identifier and date normalisation: exact cases from the corpus, then properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.ids import canonical_id, doc_type_name, iso_date, looks_like_id, month_day, parse_date


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("**3597**/UBND-KGVX", "3597/UBND-KGVX"),
        ("851 /UBND-KGVX", "851/UBND-KGVX"),
        ("66/2026NĐ-CP", "66/2026/NĐ-CP"),
        ("11-CT/TW", "11-CT/TW"),
        ("30/2020/NĐ-CP", "30/2020/NĐ-CP"),
        ("489/QD-TTg", "489/QĐ-TTg"),
        ("12/HD-UBND", "12/HD-UBND"),  # Hướng dẫn, not Hợp đồng
        ("08-CT/TU", "08-CT/TU"),
        ("2345/BGDĐT-GDTX", "2345/BGDĐT-GDTX"),
    ],
)
def test_canonical_id(written: str, canonical: str) -> None:
    assert canonical_id(written) == canonical
    assert looks_like_id(canonical)


@pytest.mark.parametrize(
    ("doc_id", "name"),
    [("3597/UBND-KGVX", "Công văn"), ("262/KH-UBND", "Kế hoạch"), ("49-KL/TW", "Kết luận"),
     ("30/2020/NĐ-CP", "Nghị định"), ("489/QĐ-TTg", "Quyết định"), ("43/2019/QH14", "Luật")],
)
def test_doc_type_from_id(doc_id: str, name: str) -> None:
    assert doc_type_name(doc_id) == name


def test_dates() -> None:
    assert parse_date("ngày 08 tháng 4 năm 2020") == "2020-04-08"
    assert parse_date("ngày 09/04/2015") == "2015-04-09"
    assert parse_date("31/2/2021") is None
    assert iso_date("29", "2", "2024") == "2024-02-29"
    assert month_day(15, 6) == "--06-15"
    assert month_day(30, 2) is None


@given(st.text())
@settings(max_examples=400)
def test_canonical_id_never_crashes_and_is_idempotent(text: str) -> None:
    once = canonical_id(text)
    assert canonical_id(once) == once


ID_PARTS = st.tuples(
    st.integers(1, 99999),
    st.sampled_from(["CT", "QĐ", "KH", "NQ", "TB", "HD"]),
    st.sampled_from(["TTg", "UBND", "CP", "BGDĐT"]),
    st.sampled_from(["", " ", "**"]),
)


@given(ID_PARTS)
def test_noisy_forms_reduce_to_one_id(parts: tuple[int, str, str, str]) -> None:
    num, typ, issuer, noise = parts
    clean = f"{num}/{typ}-{issuer}"
    noisy = f"{noise}{num}{noise}{' ' if noise == ' ' else ''}/{typ}-{issuer}"
    assert canonical_id(noisy) == clean
    assert looks_like_id(clean)


@given(st.text(max_size=60))
def test_date_parsing_never_crashes(text: str) -> None:
    result = parse_date(text)
    assert result is None or len(result) == 10


@given(st.integers(1, 31), st.integers(1, 12), st.integers(1900, 2100))
def test_date_forms_agree(d: int, m: int, y: int) -> None:
    assert parse_date(f"ngày {d}/{m}/{y}") == parse_date(f"ngày {d} tháng {m} năm {y}") == iso_date(d, m, y)
