"""The query page of `policykg serve` in a real browser (Playwright, Debian's Chromium), offline:
every request that does not go to the server is blocked and recorded, and none may be made.
The library's queries are tabs; a query's parameters are fields; the results a table whose
letter and task IRIs open the explorer; a shared link brings the query back; an error keeps the
query typed. Expected rows as in tests/test_serve.py (read off the seed letters by hand)."""

from __future__ import annotations

import os
import shutil
import urllib.parse
from pathlib import Path

import pytest

from policykg.endpoint import Limits, store_spec
from policykg.queries import library

from .conftest import RELEASE
from .serve_helpers import running

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="Chromium not installed: `apt-get install chromium` (Debian) to run the browser tests")]


@pytest.fixture(scope="module")
def server():
    with running(store_spec(str(RELEASE)), Limits(timeout=20, workers=2)) as s:
        yield s


@pytest.fixture()
def page(server):
    if CHROMIUM is None:
        pytest.fail("CI must run the browser tests, but Chromium is not installed")
    from playwright.sync_api import sync_playwright

    base = f"http://127.0.0.1:{server.port}/"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        pg = b.new_page(viewport={"width": 1400, "height": 1000})
        pg.blocked = []  # type: ignore[attr-defined]
        pg.errors = []  # type: ignore[attr-defined]
        pg.on("pageerror", lambda e: pg.errors.append(str(e)))  # type: ignore[attr-defined]

        def route(r) -> None:  # type: ignore[no-untyped-def]
            if r.request.url.startswith(base):
                r.continue_()
            else:
                pg.blocked.append(r.request.url)  # type: ignore[attr-defined]
                r.abort()

        pg.route("**/*", route)
        pg.base = base  # type: ignore[attr-defined]
        yield pg
        b.close()


def table(page) -> list[list[str]]:  # type: ignore[no-untyped-def]
    page.wait_for_selector(".tabPanel.active .yasr table.dataTable tbody tr td", timeout=30000)
    return page.eval_on_selector_all(".tabPanel.active .yasr table.dataTable tbody tr",
                                     "rows => rows.map(r => [...r.querySelectorAll('td')].map(td => td.innerText.trim()))")


def test_library_tabs_fields_table_and_explorer_links(page) -> None:
    page.goto(page.base)
    page.wait_for_selector("body[data-ready='1']", timeout=30000)
    tabs = page.eval_on_selector_all(".tabsList .tab", "ts => ts.map(t => t.querySelector('span').innerText.trim())")
    assert tabs[0] == "Query" and tabs[1:] == [q.name for q in library()]
    page.get_by_role("button", name="tasks-citing").click()
    assert page.input_value("#params input[name=number]") == "24/CT-TTg"
    assert page.input_value("#params input[name=place]") == "Đắk Nông"
    page.fill("#params input[name=place]", "Kiên Giang")
    page.get_by_role("button", name="Run with these values").click()
    page.wait_for_function("() => document.querySelector('.tabPanel.active .yasr .dataTable tbody td')")
    rows = table(page)
    assert len(rows) == 1 and rows[0][4] == "3.c" and rows[0][2] == "851/UBND-KGVX"
    editor = page.evaluate("() => document.querySelector('.tabPanel.active .CodeMirror').CodeMirror.getValue()")
    assert 'VALUES (?number ?place) { ("24/CT-TTg" "kien giang") }' in editor
    # the letter's IRI opens the explorer at that node
    hrefs = page.eval_on_selector_all(".tabPanel.active .yasr table.dataTable tbody a.explore-link", "as => as.map(a => a.getAttribute('href'))")
    doc = "https://w3id.org/policykg/id/doc/kien-giang/uy-ban-nhan-dan/cong-van/2021/851-ubnd-kgvx"
    assert "/explore#node=" + urllib.parse.quote(doc, safe="") in hrefs
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve-page.png"))
    assert page.blocked == [] and page.errors == []


def test_a_shared_link_brings_the_query_back_and_an_error_keeps_it(page) -> None:
    page.goto(page.base)
    page.wait_for_selector("body[data-ready='1']", timeout=30000)
    query = 'PREFIX eli: <http://data.europa.eu/eli/ontology#>\nSELECT ?n WHERE { ?d eli:number ?n } ORDER BY ?n LIMIT 2'
    page.evaluate("q => document.querySelector('.tabPanel.active .CodeMirror').CodeMirror.setValue(q)", query)
    link = page.evaluate("() => Yasgui.linkUtils.createShareLink(location.href, window.yasgui.getTab())")
    assert link.startswith(page.base)
    page.goto(link)
    page.wait_for_selector("body[data-ready='1']", timeout=30000)
    editor = page.evaluate("() => document.querySelector('.tabPanel.active .CodeMirror').CodeMirror.getValue()")
    assert editor == query
    page.click(".tabPanel.active .yasqe_queryButton")
    assert table(page) == [["1", "08-CT/TU"], ["2", "11-CT/TW"]]
    bad = "SELECT ?x WHERE { ?x "
    page.evaluate("q => document.querySelector('.tabPanel.active .CodeMirror').CodeMirror.setValue(q)", bad)
    page.click(".tabPanel.active .yasqe_queryButton")
    page.wait_for_selector(".tabPanel.active .yasr .errorResult", timeout=30000)
    assert "SPARQL syntax error" in page.inner_text(".tabPanel.active .yasr .errorResult")
    assert page.evaluate("() => document.querySelector('.tabPanel.active .CodeMirror').CodeMirror.getValue()") == bad
    page.screenshot(path=str(ARTIFACTS / "serve-page-error.png"))
    assert page.blocked == [] and page.errors == []
