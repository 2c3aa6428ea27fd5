"""The parser's scorecard over every test letter (tests/data/letters/), printed field by field.

Each letter's expected record was written by hand from its text. The per-letter tests
(test_parse_letters.py) hold every key exactly; this one adds them up the way the issue measures
the parser on real documents (header facts: number, type, date, issuer, signer, citations; exact
task counts), so a run shows the figures, and names each miss."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from policykg.parse import parse_file

from .conftest import LETTERS

HEADER_FACTS = ("number", "doc_type", "date", "issuer", "signer", "citations")


def _letters() -> list[tuple[Path, Path]]:
    out = []
    for expected in sorted(LETTERS.glob("*.expected.json")):
        stem = expected.name.removesuffix(".expected.json")
        sources = [p for p in LETTERS.glob(stem + ".*") if p != expected and not p.name.endswith(".json")]
        assert len(sources) == 1, f"{expected.name}: expected one source letter beside it, found {sources}"
        out.append((sources[0], expected))
    return out


def _facts(rec: dict) -> dict[str, object]:
    return {
        "number": rec["number"], "doc_type": rec["doc_type"], "date": rec["date"], "issuer": rec["issuer"],
        "parent_issuer": rec["parent_issuer"], "place": rec["place"],
        "signer": rec["signer"]["name"], "signer post": (rec["signer"]["title"], rec["signer"]["authority"],
                                                          rec["signer"]["on_behalf_of"]),
        "citations": [c["id"] for c in rec["citations"]],
        "implements": rec["implements"],
        "task count": len(rec["tasks"]),
        "task paths": [t["path"] for t in rec["tasks"]],
        "assignees": [t["assignees"] for t in rec["tasks"]],
        "leads": [t["lead"] for t in rec["tasks"]],
        "cooperating": [t["cooperating"] for t in rec["tasks"]],
        "deadlines": [[d["date"] for d in t["deadlines"]] for t in rec["tasks"] + rec["closing"]],
        "closing": len(rec["closing"]),
    }


def test_scorecard_over_every_test_letter(capsys: pytest.CaptureFixture[str]) -> None:
    letters = _letters()
    assert len(letters) >= 4
    score: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses: list[str] = []
    header = [0, 0]
    for source, expected in letters:
        want = _facts(json.loads(expected.read_text(encoding="utf-8")))
        got = _facts(parse_file(source))
        for key, value in want.items():
            row = score[key]
            row[1] += 1
            ok = got[key] == value
            row[0] += ok
            if key in HEADER_FACTS:
                header[1] += 1
                header[0] += ok
            if not ok:
                misses.append(f"{source.name} {key}: got {got[key]!r}, want {value!r}")
    lines = [f"scorecard over {len(letters)} test letters"]
    lines += [f"  {key:<14} {ok:>3}/{total:<3}" for key, (ok, total) in score.items()]
    lines.append(f"  header facts   {header[0]}/{header[1]} ({100 * header[0] / header[1]:.0f}%)")
    lines += [f"  MISS {m}" for m in misses]
    report = "\n".join(lines)
    with capsys.disabled():
        print("\n" + report)
    assert not misses, report
