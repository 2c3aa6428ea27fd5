"""The exported explorer: one offline HTML file, checked as data and in a real browser."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import main

from .conftest import RELEASE, ROOT

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def export(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "explorer.html"
    r = CliRunner().invoke(main, ["explore", "--graph", str(RELEASE), "-o", str(out), *args])
    assert r.exit_code == 0, r.output
    return out


def page_data(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    raw = text.split('<script id="data" type="application/json">', 1)[1].split("</script>", 1)[0]
    return json.loads(raw.replace("<\\/", "</"))


def test_single_file_with_nothing_to_fetch(tmp_path: Path) -> None:
    text = export(tmp_path).read_text(encoding="utf-8")
    assert not re.search(r"<(?:script|link|img)[^>]+(?:src|href)=", text), "the page loads a resource"
    assert "vis.Network" in text  # vis-network is inlined
    assert "Đắk Nông" in text and "\\u0110" not in text  # UTF-8, not \\uXXXX escapes


def test_layout_is_precomputed_top_down(tmp_path: Path) -> None:
    data = page_data(export(tmp_path))
    assert data["options"]["physics"]["enabled"] is False
    y = {n["label"]: n["y"] for n in data["nodes"] if n["kind"] != "task"}
    assert y["11-CT/TW"] < y["49-KL/TW"] < y["489/QĐ-TTg"] < y["14/CT-TTg"] < y["3597/UBND-KGVX"]
    tasks = [n for n in data["nodes"] if n["kind"] == "task"]
    assert len(tasks) == 49 and all(t["y"] > y["3597/UBND-KGVX"] for t in tasks)
    assert all(isinstance(n["title"], str) and "<" not in n["title"] for n in data["nodes"])  # no raw HTML tooltips
    bases = {e["basis"] for e in data["edges"]}
    assert bases == {"stated", "cited", "inherited", "inferred", "holds"}


def test_focus_exports_the_neighbourhood(tmp_path: Path) -> None:
    data = page_data(export(tmp_path, "--focus", "3597/UBND-KGVX#1.4", "--lang", "en"))
    labels = sorted(n["label"] for n in data["nodes"] if n["kind"] not in ("shared-task", "body", "task"))
    assert labels == ["08-CT/TU", "11-CT/TW", "14/CT-TTg", "3597/UBND-KGVX", "489/QĐ-TTg", "49-KL/TW"]
    assert data["lang"] == "en"


def test_bad_focus_is_a_one_line_error(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["explore", "--graph", str(RELEASE), "-o", str(tmp_path / "x.html"),
                                  "--focus", "3597/UBND-KGVX#9.9"])
    assert r.exit_code == 1 and r.output.strip() == "Error: 3597/UBND-KGVX#9.9: document 3597/UBND-KGVX has no task 9.9"
    assert not (tmp_path / "x.html").exists()


def test_coverage_picture(tmp_path: Path) -> None:
    out = tmp_path / "coverage.html"
    r = CliRunner().invoke(main, ["explore", "--coverage", "--graph", str(RELEASE), "-o", str(out)])
    assert r.exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert text.count('<td class="on"') == 36  # 18 shared tasks, both letters carry each
    assert "Ủy ban nhân dân tỉnh Kiên Giang (851/UBND-KGVX)" in text


# --- in a real browser ----------------------------------------------------------------------

needs_browser = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="Chromium not installed: `apt-get install chromium` (Debian) to run the browser tests",
)


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.fail("CI must run the browser tests, but Chromium is not installed (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield b
        b.close()


@needs_browser
@pytest.mark.browser
def test_explorer_in_chromium(browser, tmp_path: Path) -> None:
    path = export(tmp_path)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    attempted: list[str] = []
    errors: list[str] = []

    def route(r) -> None:  # type: ignore[no-untyped-def]
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            attempted.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_function("window.policykgReady === true", timeout=30000)

    page.fill("#search", "xoa mu chu")
    page.wait_for_selector("#hits li.hit")
    first = page.inner_text("#hits li.hit >> nth=0")
    assert first.startswith("Nhiệm vụ: ")
    page.click("#hits li.hit >> nth=0")
    assert "xóa mù chữ" in page.inner_text("#side")
    chain = page.inner_text("#chain")
    assert "11-CT/TW" in chain and "14/CT-TTg" in chain and "[nêu rõ]" in chain
    assert page.inner_text("#side").count("“") >= 1  # the quoted source text

    assert page.evaluate("window.policykg.visibleEdges('inferred')") > 0
    page.uncheck("#bases-inferred")
    assert page.evaluate("window.policykg.visibleEdges('inferred')") == 0
    assert "suy luận" not in page.inner_text("#chain")

    page.click("#langbtn")
    assert page.inner_text("#bar").count("Shared task") >= 1
    png = page.evaluate("window.policykg.png()")
    assert png.startswith("data:image/png;base64,") and len(png) > 10_000

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "explorer.png"))
    assert attempted == [], attempted
    assert errors == [], errors
    page.close()
