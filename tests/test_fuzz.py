"""Untrusted input: random and mutated letters make the parser return a record or raise its
own clear error, nothing else; adversarial repetition costs linear time."""

from __future__ import annotations


from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policykg.errors import PolicykgError
from policykg.parse import parse_text

from .conftest import SEEDS, best_cpu_seconds

SEED_TEXT = next(iter(SEEDS.values())).read_text(encoding="utf-8")
PIECES = ["Số: 12/UBND-VX", "ngày 1 tháng 2 năm 2021", "Kính gửi:", "1. Sở Giáo dục và Đào tạo", "a) ", "- ",
          "phối hợp với ", "Chủ trì, ", "Đề nghị ", "Nơi nhận:", "KT. CHỦ TỊCH", "**", "*nk*", "\n\n\n\n",
          "trước ngày 30/11/2021", "Chỉ thị số 14/CT-TTg", "III. TỔ CHỨC THỰC HIỆN", "^(vn)", "Lưu: VT"]


def _parse(text: str) -> None:
    try:
        rec = parse_text(text, "fuzz.md")
    except PolicykgError:
        return
    assert isinstance(rec["tasks"], list)


@given(st.text(max_size=3000))
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_random_text(text: str) -> None:
    _parse(text)


@given(st.lists(st.tuples(st.integers(0, len(SEED_TEXT)), st.integers(0, 40),
                          st.one_of(st.sampled_from(PIECES), st.text(max_size=20))), max_size=25))
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_mutated_letter(edits: list[tuple[int, int, str]]) -> None:
    text = SEED_TEXT
    for at, cut, insert in edits:
        at = min(at, len(text))
        text = text[:at] + insert + text[at + cut:]
    _parse(text)


@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=60))
@settings(max_examples=200, deadline=None)
def test_letter_made_of_pieces(pieces: list[str]) -> None:
    _parse("\n".join(pieces))


def _cost(text: str) -> float:
    return best_cpu_seconds(lambda: _parse(text))


def test_adversarial_repetition_is_linear() -> None:
    """Each piece repeated n and 4n times inside a letter: time grows about 4-fold, not 16."""
    head, _, rest = SEED_TEXT.partition("1. Sở")
    for piece in ["phối hợp với các Sở, ngành, ", "Chỉ thị số 14/CT-TTg ngày 25/5/2021 của ", "a) b) c) ",
                  "trước ngày 15/12 và ", "**", "Đề nghị Sở ", " , , , và "]:
        small = head + "1. Sở Tài chính tham mưu " + piece * 2000 + "\n\n" + rest
        big = head + "1. Sở Tài chính tham mưu " + piece * 8000 + "\n\n" + rest
        ratio = _cost(big) / max(_cost(small), 1e-4)
        assert ratio < 4 * 2.5, (piece, ratio)
