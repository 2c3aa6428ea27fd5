"""Parse time grows linearly with the input, whatever the input holds.

A run of 80,000 spaces in a task line once took 25 s to parse (10,000: 0.6 s): a pattern that
opened with a run of blanks was tried again from every blank of the run. Each case here parses
a seed letter with a filler of n and of 4n characters put into its body, and holds the ratio of
the two times: linear growth gives about 4 (less, as the letter itself costs the same in both),
quadratic about 16. Ratios, never absolute times, and CPU time (time.process_time), not the wall
clock: the parse runs on one thread, and other work on the machine stretches the wall clock of
one run and not of the other (under a full load, wall-clock ratios reached 10 for linear code)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from policykg.parse import parse_text

from .conftest import SEEDS, best_cpu_seconds

SEED = SEEDS["000_b9892333705bf5c5.txt"].read_text(encoding="utf-8")
BODY_AT = SEED.index("1. Sở Giáo dục")
TAIL_AT = SEED.index("Nơi nhận")
BODY = SEED[BODY_AT:TAIL_AT]


def _in_body(filler: str) -> str:
    return SEED[:BODY_AT] + filler + SEED[BODY_AT:]


FILLERS: dict[str, Callable[[int], str]] = {
    "a run of spaces in a task line": lambda n: _in_body("- Tăng cường" + " " * n + "công tác.\n\n"),
    "a run of tabs": lambda n: _in_body("- Tăng cường" + "\t" * n + "công tác.\n\n"),
    "deep indentation": lambda n: _in_body(" " * n + "x\n\n"),
    "indented lines": lambda n: _in_body("        - Tổ chức thực hiện.\n" * (n // 29)),
    "bullets": lambda n: _in_body("- " * (n // 2) + "\n\n"),
    "blank lines": lambda n: _in_body("\n" * n),
    "one long line of tasks": lambda n: _in_body(
        "Sở Tài chính phối hợp với các Sở, ngành tham mưu bố trí kinh phí. " * (n // 66) + "\n\n"),
    "spaces between words": lambda n: _in_body("Sở  Tài   chính    " * (n // 19) + "\n\n"),
    "many sections": lambda n: SEED[:BODY_AT] + BODY * max(1, n // len(BODY)) + SEED[TAIL_AT:],
    "stars and marks": lambda n: _in_body("**" * (n // 4) + "*x* " * (n // 8) + "\n\n"),
}


def _best_of(text: str, runs: int = 5) -> float:
    return best_cpu_seconds(lambda: parse_text(text, "growth.md"), runs)


@pytest.mark.parametrize("case", sorted(FILLERS))
def test_parse_time_grows_linearly(case: str) -> None:
    make = FILLERS[case]
    small, large = make(40_000), make(160_000)
    ratio = _best_of(large) / _best_of(small)
    print(f"{case}: 4x the input, {ratio:.1f}x the time")
    assert ratio < 8, f"{case}: four times the input took {ratio:.1f} times as long (quadratic is ~16)"
