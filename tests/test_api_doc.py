"""docs/api.md: its example runs as written, in order, against the seeds."""

from __future__ import annotations

import os
import re
from pathlib import Path

from .conftest import ROOT


def test_the_api_example_runs(tmp_path: Path, capsys: object) -> None:
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    assert len(blocks) == 6
    here = os.getcwd()
    os.chdir(ROOT)  # the example runs from a checkout, as the page says
    try:
        scope: dict[str, object] = {"work": str(tmp_path)}
        for block in blocks:
            exec(compile(block, "docs/api.md", "exec"), scope)  # noqa: S102
    finally:
        os.chdir(here)
    assert "└─" in capsys.readouterr().out  # type: ignore[attr-defined]
