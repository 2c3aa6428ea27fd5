"""Bad input: one-line errors naming the file, a non-zero exit, and good files still parsed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import main
from policykg.errors import InputError, NotADocumentError
from policykg.parse import parse_file, parse_text

from .conftest import SEEDS, best_cpu_seconds

GOOD = str(next(iter(SEEDS.values())))


def _bad_files(tmp: Path) -> dict[str, tuple[Path, str]]:
    files = {
        "empty": (tmp / "empty.md", b"", "is empty"),
        # a .pdf that is no PDF (no %PDF- signature): a damaged real PDF is tests/test_readers.py's
        "binary": (tmp / "scan.pdf", b"\x00\x01\x02\xff" * 20, "binary file"),
        "latin1": (tmp / "latin1.md", b"So 12/UBND-VX\nH\xe0 N\xf4i, ng\xe0y 1 th\xe1ng 2 n\xe3m 2021\n", "not UTF-8"),
        "not-a-letter": (tmp / "recipe.md", "Phở bò Hà Nội\n\nNấu nước dùng từ xương bò trong tám giờ.\n".encode(), "not an official document"),
    }
    for path, data, _ in files.values():
        path.write_bytes(data)
    return {k: (p, msg) for k, (p, _, msg) in files.items()}


@pytest.mark.parametrize("kind", ["empty", "binary", "latin1", "not-a-letter"])
def test_bad_file_gives_one_line_error(tmp_path: Path, kind: str) -> None:
    path, message = _bad_files(tmp_path)[kind]
    result = CliRunner().invoke(main, ["parse", str(path)])
    assert result.exit_code == 1
    err = result.stderr.strip()
    assert err.count("\n") == 0, err
    assert str(path) in err and message in err
    assert "Traceback" not in result.output


def test_batch_keeps_good_files(tmp_path: Path) -> None:
    bad, _ = _bad_files(tmp_path)["binary"]
    result = CliRunner().invoke(main, ["parse", "--json", str(bad), GOOD])
    assert result.exit_code == 1
    records = json.loads(result.stdout)
    assert [r["number"] for r in records] == ["3597/UBND-KGVX"]
    assert "binary file" in result.stderr


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    missing = tmp_path / "khong-co.md"
    result = CliRunner().invoke(main, ["parse", str(missing)])
    assert result.exit_code == 1 and f"{missing}: no such file" in result.stderr
    empty = tmp_path / "rỗng"
    empty.mkdir()
    result = CliRunner().invoke(main, ["parse", str(empty)])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {empty}: folder holds no document (*.md, *.txt, *.docx, *.pdf, *.html, scans)"


def test_folder_is_expanded() -> None:
    folder = str(next(iter(SEEDS.values())).parent)
    result = CliRunner().invoke(main, ["parse", "--json", folder])
    assert result.exit_code == 0, result.output
    assert sorted(r["number"] for r in json.loads(result.stdout)) == ["3597/UBND-KGVX", "851/UBND-KGVX"]


def test_unknown_option_is_an_error() -> None:
    result = CliRunner().invoke(main, ["parse", "--jsn", GOOD])
    assert result.exit_code == 2 and "No such option '--jsn'" in result.output


def test_library_raises_domain_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        parse_file(tmp_path / "none.md")
    with pytest.raises(NotADocumentError):
        parse_text("Chỉ là một đoạn văn bình thường.\n", "x.md")


def test_decomposed_input_is_read_as_nfc(tmp_path: Path) -> None:
    import unicodedata

    raw = next(iter(SEEDS.values())).read_text(encoding="utf-8")
    nfd = tmp_path / "nfd.md"
    nfd.write_text(unicodedata.normalize("NFD", raw), encoding="utf-8")
    rec = parse_file(nfd)
    assert rec["issuer"] == "Ủy ban nhân dân tỉnh Đắk Nông"
    assert len(rec["tasks"]) == 20


def _time_parse(text: str, runs: int = 2) -> float:
    return best_cpu_seconds(lambda: parse_text(text, "big.md"), runs)


def test_large_input_is_linear() -> None:
    """A 10 MB letter takes about 4 times as long as a 2.7 MB one, not 16: no regex
    backtracking blow-up. The ratio, not a wall time, is asserted (benchmarks report seconds)."""
    raw = next(iter(SEEDS.values())).read_text(encoding="utf-8")
    head, _, rest = raw.partition("1. Sở Giáo dục và Đào tạo")
    body, _, tail = rest.partition("Nơi nhận:")
    section = "1. Sở Giáo dục và Đào tạo" + body
    small = head + section * 300 + "Nơi nhận:" + tail
    big = head + section * 1200 + "Nơi nhận:" + tail
    assert len(big.encode()) > 10_000_000
    ratio = _time_parse(big, runs=1) / _time_parse(small)
    assert ratio < 4 * 2.5, f"4x input took {ratio:.1f}x time"
    # one unbroken 'paragraph' with no markers or punctuation, the worst case for a regex
    blob = head + ("khuyến học khuyến tài " * 200_000)
    t_blob = _time_parse(blob)
    t_half = _time_parse(head + ("khuyến học khuyến tài " * 100_000))
    assert t_blob / t_half < 2 * 2.5
