"""The explorer: its data read from the store, the offline file, the live handler, and each
interaction in headless Chromium at the seeds and at 1,000 synthetic letters.

Expected values are read by hand from the two seed letters (graph/sources/): Đắk Nông's
3597/UBND-KGVX implements Chỉ thị 14/CT-TTg (2021), which implements QĐ 489/QĐ-TTg, which
implements KL 49-KL/TW, which continues CT 11-CT/TW; its task 1.4 (Sở Giáo dục và Đào tạo) cites
Chỉ thị 08-CT/TU of the Đắk Nông provincial Party committee; Kiên Giang's 851/UBND-KGVX cites
37/KH-UBND and 141/KH-UBND of its own province. Screenshots go to test-artifacts/."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from policykg.cli import main
from policykg.explore_live import handle
from policykg.explorer.model import CENTRAL, PROVINCE, read_model
from policykg.sparql import RdflibStore, open_store

from .conftest import RELEASE, ROOT
from .explore_server import start

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ID = "https://w3id.org/policykg/id/"
DN = ID + "doc/dak-nong/uy-ban-nhan-dan/cong-van/2021/3597-ubnd-kgvx"
KG = ID + "doc/kien-giang/uy-ban-nhan-dan/cong-van/2021/851-ubnd-kgvx"
CT14 = ID + "doc/vn/thu-tuong-chinh-phu/chi-thi/2021/14-ct-ttg"
CHAIN_DN = ["11-CT/TW", "49-KL/TW", "489/QĐ-TTg", "14/CT-TTg", "3597/UBND-KGVX"]


def export(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "explorer.html"
    r = CliRunner().invoke(main, ["explore", "--graph", str(RELEASE), "-o", str(out), *args])
    assert r.exit_code == 0, r.output
    return out


def page_data(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    raw = text.split('<script id="data" type="application/json">', 1)[1].split("</script>", 1)[0]
    return json.loads(raw.replace("<\\/", "</"))


def numbers(data: dict) -> set[str]:
    return {d[1] for d in data["docs"]}


@pytest.fixture(scope="module")
def seed_store() -> RdflibStore:
    return open_store(graph=str(RELEASE))


# --- data -----------------------------------------------------------------------------------

def test_levels_and_places_of_the_seed_documents(seed_store) -> None:
    m = read_model(seed_store)
    by = {(d.number, d.date[:4]): (d.level, d.province, d.letter) for d in m.docs.values()}
    central = {k for k, v in by.items() if v[0] == CENTRAL}
    assert {n for n, _ in central} == {"11-CT/TW", "49-KL/TW", "489/QĐ-TTg", "14/CT-TTg", "24/CT-TTg", "387/QĐ-TTg"}
    assert by[("3597/UBND-KGVX", "2021")] == (PROVINCE, "Đắk Nông", True)
    assert by[("851/UBND-KGVX", "2021")] == (PROVINCE, "Kiên Giang", True)
    assert by[("08-CT/TU", "2011")] == (PROVINCE, "Đắk Nông", False)
    assert {n for (n, _), v in by.items() if v[1] == "Kiên Giang"} == {"851/UBND-KGVX", "37/KH-UBND", "141/KH-UBND"}
    t14 = m.tasks[DN + "/task/1.4"]
    assert t14.assignees == ["Sở Giáo dục và Đào tạo (Đắk Nông)"] and t14.path == "1.4"
    ups = {(m.docs[e.parent].number if e.parent in m.docs else "shared", e.relation, e.basis) for e in m.up()[t14.iri]}
    assert ("08-CT/TU", "cites", "cited") in ups and ("shared", "carries", "inferred") in ups
    # the task's own letter and what it inherits from it are the letter's links, not repeated
    assert not any(r == "assigned-by" or b == "inherited" for _, r, b in ups)


def test_single_file_with_nothing_to_fetch(tmp_path: Path) -> None:
    text = export(tmp_path).read_text(encoding="utf-8")
    assert not re.search(r"<(?:script|link|img|iframe)[^>]+(?:src|href)=", text), "the page loads a resource"
    assert "cytoscape" in text and "dagre" in text  # inlined
    assert "Đắk Nông" in text and "\\u0110" not in text  # UTF-8, not \\uXXXX escapes


def test_focus_exports_the_chain_and_below(tmp_path: Path) -> None:
    data = page_data(export(tmp_path, "--focus", "3597/UBND-KGVX#1.4", "--lang", "en"))
    assert numbers(data) == {"3597/UBND-KGVX", "08-CT/TU", "14/CT-TTg", "489/QĐ-TTg", "49-KL/TW", "11-CT/TW"}
    assert len(data["tasks"]) == 21  # 3597's 20 tasks and its closing order: the letter opens on them
    cfg = json.loads((tmp_path / "explorer.html").read_text(encoding="utf-8")
                     .split('<script id="config" type="application/json">', 1)[1].split("</script>", 1)[0])
    assert cfg == {"mode": "offline", "lang": "en", "start": DN + "/task/1.4"}


def test_place_and_document_subsets(tmp_path: Path) -> None:
    data = page_data(export(tmp_path, "--place", "dak nong"))
    assert numbers(data) == {"3597/UBND-KGVX", "262/KH-UBND", "08-CT/TU", "14/CT-TTg", "489/QĐ-TTg", "49-KL/TW", "11-CT/TW"}
    data = page_data(export(tmp_path, "--document", "851/UBND-KGVX"))
    assert "851/UBND-KGVX" in numbers(data) and "3597/UBND-KGVX" not in numbers(data)
    assert len([t for t in data["tasks"]]) == 28  # 27 tasks and the closing order


@pytest.mark.parametrize("args, message", [
    (["--focus", "3597/UBND-KGVX#9.9"], "Error: 3597/UBND-KGVX#9.9: document 3597/UBND-KGVX has no task 9.9"),
    (["--place", "Hà Giang"], "Error: Hà Giang: no document of this province or district in the graph"),
])
def test_bad_subset_is_a_one_line_error(tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "x.html"
    r = CliRunner().invoke(main, ["explore", "--graph", str(RELEASE), "-o", str(out), *args])
    assert r.exit_code == 1 and r.output.strip() == message
    assert not out.exists()


def coverage_data(text: str) -> dict:
    raw = text.split('<script id="coverage" type="application/json">', 1)[1].split("</script>", 1)[0]
    return json.loads(raw.replace("<\\/", "</"))


def test_coverage_heat_map(tmp_path: Path) -> None:
    out = tmp_path / "coverage.html"
    r = CliRunner().invoke(main, ["coverage", "--format", "html", "--graph", str(RELEASE), "-o", str(out)])
    assert r.exit_code == 0, r.output
    cov = coverage_data(out.read_text(encoding="utf-8"))
    # the 19 shared tasks of the release, each carried in both letters: 40 memberships, since
    # 851's 6.d carries two of them (README: carried by 39 tasks)
    assert sorted(r["place"] for r in cov["rows"]) == ["Kiên Giang", "Đắk Nông"]
    assert len(cov["cols"]) == 19 and len(cov["cells"]) == 38
    assert sum(r["total"] for r in cov["rows"]) == 40 == sum(c["total"] for c in cov["cols"])
    assert [c["total"] for c in cov["cols"]] == sorted((c["total"] for c in cov["cols"]), reverse=True)



def test_coverage_keeps_the_columns_two_places_carry(tmp_path: Path) -> None:
    # tests/data/lineage: districts of Đắk Nông and Kiên Giang carry their own province's tasks
    # down (one place each: left out), beside the seeds' 19 shared tasks (both provinces)
    r = CliRunner().invoke(main, ["build", "--source", str(ROOT / "tests" / "data" / "lineage" / "letters"),
                                  "--out", str(tmp_path / "g")])
    assert r.exit_code == 0, r.output
    out = tmp_path / "coverage.html"
    r = CliRunner().invoke(main, ["coverage", "--format", "html", "--graph", str(tmp_path / "g" / "policykg.trig"),
                                  "-o", str(out)])
    assert r.exit_code == 0, r.output
    cov = coverage_data(out.read_text(encoding="utf-8"))
    places: dict[int, set[int]] = {}
    for row, col, _ in cov["cells"]:
        places.setdefault(col, set()).add(row)
    assert places and all(len(p) >= 2 for p in places.values())
    assert cov["single_place"] > 0

def test_live_handler(seed_store) -> None:
    status, headers, body = handle(seed_store, "/explore", "")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "connect-src 'self'" in headers["Content-Security-Policy"] and b'"mode":"live"' in body
    status, _, body = handle(seed_store, "/explore/api/overview", "")
    ov = json.loads(body)
    assert status == 200 and len(ov["docs"]) == 13 and ov["tasks"] == []
    status, _, body = handle(seed_store, "/explore/api/node", {"id": DN})
    doc = json.loads(body)
    assert status == 200 and len([t for t in doc["tasks"] if ov["base"] + doc["ids"][t[1]] == DN]) == 21
    assert {"11-CT/TW", "49-KL/TW", "489/QĐ-TTg", "14/CT-TTg"} <= numbers(doc)
    status, _, body = handle(seed_store, "/explore/api/search", "q=xoa+mu+chu")
    found = json.loads(body)
    assert status == 200 and found["results"] and all(
        "xóa mù chữ" in t[3].lower() for t in found["payload"]["tasks"] if ID + found["payload"]["ids"][t[0]] in found["results"])
    assert handle(seed_store, "/explore/api/node", "")[0] == 400
    assert handle(seed_store, "/explore/api/node", {"id": ID + "doc/nothing"})[0] == 404
    assert handle(seed_store, "/explore/api/nothing", "")[0] == 404
    assert handle(seed_store, "/elsewhere", "")[0] == 404


@pytest.mark.parametrize(("path", "query", "status", "error"), [
    ("/explore/api/node", "", 400, "node: give ?id=IRI"),
    ("/explore/api/node", {"id": ID + "doc/nothing"}, 404, ID + "doc/nothing: no such document, task or shared task"),
    ("/explore/api/due", "", 400, "due: give ?body=IRI"),
    ("/explore/api/due", {"body": ID + "body/nothing"}, 404, ID + "body/nothing: no due dates of this body"),
])
def test_live_handler_says_what_is_missing(seed_store, path: str, query: object, status: int, error: str) -> None:
    got, _, body = handle(seed_store, path, query)
    assert (got, json.loads(body)) == (status, {"error": error})


def lower_task_graph(tmp_path: Path) -> Path:
    """The release plus a district letter whose task carries out Kiên Giang's task 1.a, as the
    task-lineage work (issue 18) links them: task pkg:derivesFrom task, with a Derivation."""
    from policykg.namespaces import ELI, PKG, PROV, RDF, RDFS, SKOS
    from policykg.store import load_dataset, merged

    g = merged(load_dataset(RELEASE))
    place, up = URIRef(ID + "place/kien-giang/chau-thanh"), URIRef(ID + "place/kien-giang")
    body = URIRef(ID + "body/kien-giang/chau-thanh/uy-ban-nhan-dan")
    doc = URIRef(ID + "doc/kien-giang/chau-thanh/uy-ban-nhan-dan/cong-van/2021/77-ubnd")
    task = URIRef(str(doc) + "/task/1")
    higher = URIRef(KG + "/task/1.a")
    dv = URIRef(str(task) + "/derivation/stated/x")
    for t in [(place, RDFS.label, Literal("Châu Thành, Kiên Giang", lang="vi")),
              (place, URIRef("http://purl.org/dc/terms/isPartOf"), up),
              (body, SKOS.prefLabel, Literal("Ủy ban nhân dân huyện Châu Thành", lang="vi")),
              (body, PKG.jurisdiction, place),
              (doc, RDF.type, ELI.LegalResource), (doc, ELI.number, Literal("77/UBND")), (doc, ELI.passed_by, body),
              (doc, ELI.date_document, Literal("2021-07-01")), (doc, PKG.derivesFrom, URIRef(KG)),
              (task, RDF.type, PKG.Task), (task, PKG.assignedBy, doc), (task, PKG.sectionPath, Literal("1")),
              (task, PKG.text, Literal("Phòng Giáo dục và Đào tạo tham mưu công tác xóa mù chữ trên địa bàn huyện.", lang="vi")),
              (task, PKG.derivesFrom, higher), (task, PKG.derivation, dv), (dv, PROV.entity, higher),
              (dv, PKG.relation, URIRef(ID + "relation/carries-out")), (dv, PKG.basis, URIRef(ID + "basis/stated"))]:
        g.add(t)
    out = tmp_path / "lower.ttl"
    g.serialize(out, format="turtle")
    return out


def test_a_lower_task_shows_below_the_task_it_carries_out(tmp_path: Path) -> None:
    m = read_model(open_store(graph=str(lower_task_graph(tmp_path))))
    lower = ID + "doc/kien-giang/chau-thanh/uy-ban-nhan-dan/cong-van/2021/77-ubnd/task/1"
    d = m.docs[ID + "doc/kien-giang/chau-thanh/uy-ban-nhan-dan/cong-van/2021/77-ubnd"]
    assert (d.level, d.province, d.district) == (3, "Kiên Giang", "Châu Thành")
    assert [(e.child, e.relation, e.basis) for e in m.down()[KG + "/task/1.a"] if e.child in m.tasks] == [
        (lower, "carries-out", "stated")]


# --- in a real browser ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.fail("Chromium is not installed: `apt-get install chromium` (Debian) runs the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield b
        b.close()


class Tab:
    """A page that refuses every request off the machine and records console errors."""

    def __init__(self, browser, url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
        self.context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
        self.page = self.context.new_page()
        self.attempted: list[str] = []
        self.errors: list[str] = []
        self.tmp = tmp_path
        host = urllib.parse.urlsplit(url).netloc

        def route(r) -> None:  # type: ignore[no-untyped-def]
            u = r.request.url
            if u.startswith("file:") or (host and urllib.parse.urlsplit(u).netloc == host):
                r.continue_()
            else:
                self.attempted.append(u)
                r.abort()

        self.page.route("**/*", route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(url)
        self.wait_ready()

    def wait_ready(self) -> None:
        self.page.wait_for_function("() => window.policykgReady === true", timeout=60000)

    def js(self, expr: str):  # type: ignore[no-untyped-def]
        return self.page.evaluate(expr)

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / name))

    def click_node(self, iri: str) -> None:
        """A real mouse click at the node's place on the canvas."""
        box = self.page.locator("#graph").bounding_box()
        p = self.js(f"(() => {{ const n = policykg.cy.getElementById({json.dumps(iri)}); return n.renderedPosition(); }})()")
        self.page.mouse.click(box["x"] + p["x"], box["y"] + p["y"])
        self.page.wait_for_timeout(200)

    def view(self) -> dict:
        return self.js("({kind: policykg.state.view.kind, id: policykg.state.view.id || null, hash: location.hash})")

    def nodes(self) -> list[dict]:
        return self.js("policykg.nodes()")

    def all_in_view(self) -> bool:
        box = self.page.locator("#graph").bounding_box()
        return all(n["box"]["x1"] >= -2 and n["box"]["y1"] >= -2 and n["box"]["x2"] <= box["width"] + 2
                   and n["box"]["y2"] <= box["height"] + 2 for n in self.nodes())

    def close(self) -> None:
        assert self.attempted == [], self.attempted
        assert self.errors == [], self.errors
        self.context.close()


def overlaps(nodes: list[dict]) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(nodes):
        for b in nodes[i + 1:]:
            A, B = a["box"], b["box"]
            if A["x1"] < B["x2"] - 1 and B["x1"] < A["x2"] - 1 and A["y1"] < B["y2"] - 1 and B["y1"] < A["y2"] - 1:
                out.append((a["label"], b["label"]))
    return out


@pytest.fixture(scope="module")
def seeds_page(tmp_path_factory) -> Path:
    return export(tmp_path_factory.mktemp("seeds"))


@pytest.mark.browser
def test_overview_at_the_seeds_reads_without_overlap(browser, seeds_page: Path, tmp_path: Path) -> None:
    tab = Tab(browser, seeds_page.as_uri(), tmp_path)
    nodes = tab.nodes()
    docs = [n for n in nodes if n["kind"] == "doc"]
    assert len(docs) == 13 and overlaps(nodes) == []
    for n in nodes:  # every label inside its box
        L, B = n["labelBox"], n["box"]
        assert L["x1"] >= B["x1"] - 1 and L["x2"] <= B["x2"] + 1 and L["y1"] >= B["y1"] - 1 and L["y2"] <= B["y2"] + 1, n["label"]
    assert tab.all_in_view()
    # levels top to bottom: the Party and Government above the provinces
    y = lambda number: next(n["box"]["y1"] for n in docs if number in n["label"].replace("\n", " "))  # noqa: E731
    assert y("49-KL/TW") < y("3597/UBND-KGVX") and y("11-CT/TW") < y("851/UBND-KGVX")
    assert min(n["box"]["y2"] - n["box"]["y1"] for n in docs) > 40  # readable, not a hairline
    tab.shot("explore-seeds-overview.png")
    tab.close()


@pytest.mark.browser
def test_search_without_diacritics_then_the_chain(browser, seeds_page: Path, tmp_path: Path) -> None:
    tab = Tab(browser, seeds_page.as_uri(), tmp_path)
    tab.page.fill("#search", "xoa mu chu")
    tab.page.wait_for_selector("#hits tr.hit")
    head = tab.page.inner_text("#hits tr >> nth=0")
    assert [h.strip() for h in head.split("\t")] == ["Số", "Địa phương", "Cơ quan được giao", "Nội dung"]
    rows = tab.page.locator("#hits tr.hit")
    assert rows.count() >= 4
    texts = [rows.nth(i).inner_text() for i in range(rows.count())]
    assert all("xóa mù chữ" in t.lower() or "xoá mù chữ" in t.lower() for t in texts)
    tab.shot("explore-seeds-search.png")
    target = next(i for i, t in enumerate(texts) if t.startswith("3597/UBND-KGVX · 1.4"))
    rows.nth(target).click()
    tab.page.wait_for_timeout(200)
    assert tab.view() == {"kind": "task", "id": DN + "/task/1.4", "hash": "#node=" + urllib.parse.quote(DN + "/task/1.4", safe="")}
    chain = tab.page.locator("ol.chain > li a.node")
    assert [chain.nth(i).inner_text().split(" ", 2)[-1] for i in range(chain.count())] == CHAIN_DN
    links = tab.page.locator("ol.chain .link b").all_inner_texts()
    assert links == ["tiếp tục thực hiện", "thực hiện", "thực hiện", "thực hiện", "được giao bởi"]
    quotes = tab.page.locator("#side .quote").all_inner_texts()
    assert len(quotes) == len(set(quotes)) == 4  # each quote once; the task's own text is not repeated as one
    side = tab.page.inner_text("#side")
    assert side.count("Tăng cường công tác chỉ đạo và đề ra những giải pháp") == 1
    assert "trích dẫn [trích dẫn] Chỉ thị 08-CT/TU" in side  # the other link, its relation in Vietnamese
    tab.shot("explore-seeds-task.png")
    tab.close()


@pytest.mark.browser
def test_deep_link_opens_a_document_then_a_task_by_click(browser, seeds_page: Path, tmp_path: Path) -> None:
    tab = Tab(browser, seeds_page.as_uri() + "#doc=" + urllib.parse.quote(KG, safe=""), tmp_path)
    assert tab.view()["kind"] == "doc" and tab.view()["id"] == KG
    groups = tab.page.locator("#side .group h4").all_inner_texts()
    assert "Sở Giáo dục và Đào tạo (Kiên Giang) (8)" in groups[0:3] or any(g.startswith("Sở Giáo dục") for g in groups)
    assert overlaps(tab.nodes()) == [] and tab.all_in_view()
    tab.shot("explore-seeds-document.png")
    tab.click_node(KG + "/task/1.a")
    assert tab.view()["id"] == KG + "/task/1.a"
    tab.close()


@pytest.mark.browser
def test_open_a_document_by_click_and_filters_refit_and_clear(browser, seeds_page: Path, tmp_path: Path) -> None:
    tab = Tab(browser, seeds_page.as_uri(), tmp_path)
    tab.click_node(KG)
    assert tab.view()["kind"] == "doc" and tab.view()["id"] == KG
    tab.click_node(KG + "/task/1.a")
    assert tab.view()["kind"] == "task"
    tab.page.select_option("#place", "Đắk Nông")  # hides the Kiên Giang task that was selected
    tab.page.wait_for_timeout(200)
    assert tab.view() == {"kind": "overview", "id": None, "hash": ""}
    assert "Bấm vào một văn bản" in tab.page.inner_text("#side")
    labels = [n["label"] for n in tab.nodes()]
    assert not any("Kiên Giang" in lab for lab in labels) and any("3597/UBND-KGVX" in lab for lab in labels)
    assert tab.all_in_view() and overlaps(tab.nodes()) == []
    tab.shot("explore-seeds-filtered.png")
    tab.page.uncheck("#level-0")
    assert all(re.search(r"(UBND-KGVX|KH-UBND|CT/TU)$", n["label"].replace("\n", " ").split(" UBND tỉnh")[0].split(" Tỉnh ủy")[0])
               for n in tab.nodes())
    assert tab.all_in_view()
    tab.close()


@pytest.mark.browser
def test_english_toggle_and_export(browser, seeds_page: Path, tmp_path: Path) -> None:
    tab = Tab(browser, seeds_page.as_uri() + "#node=" + urllib.parse.quote(DN + "/task/1.4", safe=""), tmp_path)
    tab.page.click("#langbtn")
    bar, side = tab.page.inner_text("#bar"), tab.page.inner_text("#side")
    for vi in ["Tổng quan", "Độ phủ", "Địa phương", "Căn cứ", "nêu rõ", "Lưu PNG", "Trung ương"]:
        assert vi not in bar, vi
    # what the interface adds (headings, field names, relations), not the letters' own text
    added = " | ".join(tab.page.locator("#side h3, #side dt, #side .kind, #side .link, #side .muted, #side li > b, #crumbs").all_inner_texts())
    for vi in ["Chuỗi nguồn gốc", "thực hiện", "được giao bởi", "Liên kết khác", "Cơ quan được giao", "Không có", "Tổng quan", "trích dẫn"]:
        assert vi not in added, vi
    edge_labels = tab.js("policykg.cy.edges().map(e => e.data('label')).join(' | ')")
    assert "implements\nstated" in edge_labels and "nêu rõ" not in edge_labels
    assert tab.page.locator("ol.chain .link b").all_inner_texts() == ["continues", "implements", "implements", "implements", "assigned by"]
    assert "Party central & Government" in bar and "Chain of origin, top down" in side
    legend = tab.page.inner_text("#legend")
    assert "Task" in legend and "stated" in legend and "nêu rõ" not in legend
    tab.shot("explore-seeds-english.png")
    ARTIFACTS.mkdir(exist_ok=True)
    with tab.page.expect_download() as d:
        tab.page.click("#png")
    png = ARTIFACTS / "explore-seeds-export.png"
    d.value.save_as(png)
    with tab.page.expect_download() as d:
        tab.page.click("#svg")
    svg = ARTIFACTS / "explore-seeds-export.svg"
    d.value.save_as(svg)
    from PIL import Image

    with Image.open(png) as im:
        assert im.size[0] > 400 and im.size[1] > 600
    text = svg.read_text(encoding="utf-8")
    legend_part = text.split('<g id="legend"', 1)[1]
    assert "Task" in legend_part and "stated" in legend_part and "Shared task" in legend_part
    assert text.count('<g class="node">') == tab.js("policykg.cy.nodes().filter(n => !n.isParent()).length")
    for number in CHAIN_DN:
        assert number in text
    tab.close()


@pytest.mark.browser
def test_a_task_shows_who_carries_it_out_below_by_place(browser, tmp_path: Path) -> None:
    page = tmp_path / "lower.html"
    r = CliRunner().invoke(main, ["explore", "--graph", str(lower_task_graph(tmp_path)), "-o", str(page)])
    assert r.exit_code == 0, r.output
    tab = Tab(browser, page.as_uri() + "#task=" + urllib.parse.quote(KG + "/task/1.a", safe=""), tmp_path)
    below = tab.page.locator("#side .group h4").all_inner_texts()
    assert below == ["Châu Thành, Kiên Giang (1)"]
    assert "77/UBND · 1" in tab.page.inner_text("#side .group li")
    place = [n for n in tab.nodes() if n["kind"] == "place"]
    assert [p["label"].replace("\n", " ") for p in place] == ["Châu Thành, Kiên Giang 1 nhiệm vụ"]
    assert "triển khai nhiệm vụ" in tab.js("policykg.cy.edges().map(e => e.data('label')).join('|')")
    tab.shot("explore-lower-task.png")
    # the lower task's chain goes up through the task it carries out, not only its own letter
    tab.page.click("#side .group li a.node")
    tab.page.wait_for_timeout(200)
    chain = tab.page.locator("ol.chain > li a.node").all_inner_texts()
    assert chain[-2:] == ["Công văn 851/UBND-KGVX", "851/UBND-KGVX · 1.a"]
    assert tab.page.locator("ol.chain .link b").all_inner_texts()[-1] == "triển khai nhiệm vụ"
    tab.close()


# --- 1,000 synthetic letters ----------------------------------------------------------------

@pytest.fixture(scope="session")
def store_1000(tmp_path_factory) -> str:
    """1,000 synthetic letters built into an Oxigraph store, once a session."""
    work = tmp_path_factory.mktemp("synth1000")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "synth_corpus.py"), "1000", str(work / "letters"), "--seed", "20"],
                   check=True, capture_output=True)
    spec = f"oxigraph:{work / 'store'}"
    r = CliRunner().invoke(main, ["build", "--only", "--source", str(work / "letters"), "--store", spec])
    assert r.exit_code == 0, r.output
    return spec


@pytest.fixture(scope="module")
def page_1000(store_1000: str, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("p1000") / "explorer.html"
    r = CliRunner().invoke(main, ["explore", "--store", store_1000, "-o", str(out)])
    assert r.exit_code == 0, r.output
    return out


@pytest.mark.browser
def test_at_1000_letters_offline(browser, page_1000: Path, tmp_path: Path) -> None:
    assert page_1000.stat().st_size < 15 * 2**20
    tab = Tab(browser, page_1000.as_uri(), tmp_path)
    nodes = tab.nodes()
    groups = [n for n in nodes if n["kind"] == "group"]
    assert len(groups) > 40 and len(nodes) < 250  # grouped by province, not a thousand boxes
    assert tab.all_in_view()
    tab.shot("explore-1000-overview.png")
    group = next(n for n in groups if n["label"].startswith("Kiên Giang"))
    gid = tab.js("policykg.cy.nodes().filter(n => n.data('kind') === 'group' && n.data('group') === 'Kiên Giang' && n.id().startsWith('group:2:')).id()")
    tab.click_node(gid)
    opened = [n for n in tab.nodes() if n["kind"] == "doc" and "Kiên Giang" in n["label"]]
    assert len(opened) >= 2 and group["label"] not in [n["label"] for n in tab.nodes()]
    tab.shot("explore-1000-group-open.png")
    tab.page.fill("#search", "xoa mu chu kien giang")
    tab.page.wait_for_selector("#hits tr.hit")
    hit = tab.page.locator("#hits tr.hit >> nth=0")
    assert "Kiên Giang" in hit.inner_text()
    hit.click()
    tab.page.wait_for_timeout(200)
    assert tab.view()["kind"] == "task" and tab.page.locator("ol.chain > li").count() >= 3
    assert overlaps(tab.nodes()) == []
    tab.shot("explore-1000-task.png")
    doc = tab.js("policykg.S.tasks.get(policykg.state.view.id).doc")
    tab.page.goto(page_1000.as_uri() + "#node=" + urllib.parse.quote(doc, safe=""))
    tab.page.wait_for_function(f"() => policykg.state.view.id === {json.dumps(doc)}")
    assert tab.view()["id"] == doc and tab.all_in_view()
    tab.shot("explore-1000-document.png")
    with tab.page.expect_download() as d:
        tab.page.click("#svg")
    assert '<g id="legend"' in Path(d.value.path()).read_text(encoding="utf-8")
    tab.page.click("#tab-coverage")
    tab.page.wait_for_selector("#heatmap")
    assert tab.page.locator("#heatmap text.rowtotal").count() > 50  # a row per province
    assert tab.js("document.getElementById('heatmap').getBoundingClientRect().width") < 1400
    tab.shot("explore-1000-coverage.png")
    tab.close()


@pytest.mark.browser
def test_at_1000_letters_live(browser, store_1000: str, tmp_path: Path) -> None:
    st = open_store(store=store_1000)
    server = start(st)
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/explore"
        tab = Tab(browser, base, tmp_path)
        assert len([n for n in tab.nodes() if n["kind"] == "group"]) > 40
        tab.page.fill("#search", "xoa mu chu")
        tab.page.wait_for_selector("#hits tr.hit")
        tid = tab.page.locator("#hits tr.hit >> nth=0").get_attribute("data-id")
        tab.close()
        # a link sent by e-mail: a fresh page opening on the task, fetched from the server
        tab = Tab(browser, base + "#task=" + urllib.parse.quote(tid, safe=""), tmp_path)
        assert tab.view()["id"] == tid and tab.page.locator("ol.chain > li").count() >= 3
        assert tab.page.locator("#side .text").inner_text().strip() != ""
        tab.shot("explore-1000-live-task.png")
        tab.close()
    finally:
        server.shutdown()
        server.server_close()


# --- the deadline timeline (issue 22) ---------------------------------------------------------
# By hand from graph/sources/dak-nong_cong-van-3597-ubnd-kgvx_2021-07-12.md: the letter is dated
# 12/7/2021 and its closing paragraph asks "các Sở, ngành, đơn vị và UBND các huyện, thành phố" to
# report "Định kỳ 6 tháng (trước 15/6) và hằng năm (trước ngày 15/12)" to the Sở Giáo dục và Đào
# tạo. Over the letter's date and two years after (to 12/7/2023): the annual reports by 15/12/2021
# and 15/12/2022, the six-month ones by 15/6/2022 and 15/6/2023 (the second half-year's is the
# annual one), for each of the two bodies. No later letter of the seeds reports on it: as of
# 1/7/2022 the first two dates are overdue, the last two not yet due. 851/UBND-KGVX sets no date.

DN_BODIES = ["các Sở, ngành, đơn vị (Đắk Nông)", "Ủy ban nhân dân các huyện, thành phố (Đắk Nông)"]
DN_DATES = [("2021-12-15", "annual", "hằng năm (trước ngày 15/12)"), ("2022-06-15", "semiannual", "Định kỳ 6 tháng (trước 15/6)"),
            ("2022-12-15", "annual", "hằng năm (trước ngày 15/12)"), ("2023-06-15", "semiannual", "Định kỳ 6 tháng (trước 15/6)")]


def due_rows(data: dict) -> list[tuple]:
    full = lambda i: data["ids"][i] if re.match(r"^[a-z]+:", data["ids"][i]) else data["base"] + data["ids"][i]  # noqa: E731
    doc = {full(t[0]): full(t[1]) for t in data["tasks"]}
    status = {"m": "met", "l": "late", "o": "overdue", "p": "pending"}
    return sorted((full(r[0]), doc[full(r[0])], date, status[r[8][k]], data["names"][r[1]], data["names"][r[3]] if r[3] >= 0 else None,
                   data["quotes"][r[5]] if r[5] >= 0 else None, r[6]) for r in data["due"] for k, date in enumerate(r[7]))


def test_due_dates_of_the_dak_nong_letter_in_the_offline_payload(tmp_path: Path) -> None:
    data = page_data(export(tmp_path, "--as-of", "2022-07-01"))
    assert data["asOf"] == "2022-07-01" and data["dueYears"] == 2
    expected = sorted((DN + "/task/closing", DN, date, "overdue" if date < "2022-07-01" else "pending", body,
                       "Sở Giáo dục và Đào tạo", words, rec) for date, rec, words in DN_DATES for body in DN_BODIES)
    assert due_rows(data) == expected  # the whole corpus's due dates: only this letter sets any


def test_due_as_of_is_a_date_or_a_one_line_error(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["explore", "--graph", str(RELEASE), "-o", str(tmp_path / "x.html"), "--as-of", "1/7/2022"])
    assert r.exit_code != 0 and "--as-of '1/7/2022' is not a date" in r.output and "Traceback" not in r.output
    assert not (tmp_path / "x.html").exists()


def test_live_node_and_body_due_dates(seed_store) -> None:
    status, _, body = handle(seed_store, "/explore/api/node", {"id": DN})
    data = json.loads(body)
    # live, the status is judged as of the day the store is read: after 15/6/2023, all overdue
    assert status == 200 and [(r[2], r[3], r[4]) for r in due_rows(data)] == sorted(
        (date, "overdue", body) for date, _, _ in DN_DATES for body in DN_BODIES)
    huyen = ID + "body/dak-nong/uy-ban-nhan-dan-cac-huyen-thanh-pho"
    status, _, body = handle(seed_store, "/explore/api/due", {"body": huyen})
    data = json.loads(body)
    assert status == 200 and [(r[2], r[4]) for r in due_rows(data)] == [(d, DN_BODIES[1]) for d, _, _ in DN_DATES]
    assert DN + "/task/closing" in {data["base"] + i for i in data["ids"]}
    assert any(d[1] == "3597/UBND-KGVX" for d in data["docs"])  # the task's document comes with it
    assert handle(seed_store, "/explore/api/due", {"body": ID + "body/nowhere"})[0] == 404
    assert handle(seed_store, "/explore/api/due", {})[0] == 400
    # the overview leaves the due dates to the document that opens
    assert json.loads(handle(seed_store, "/explore/api/overview", {})[2])["due"] == []


@pytest.mark.browser
def test_timeline_of_a_document_and_a_body_in_both_languages(browser, tmp_path: Path) -> None:
    page = export(tmp_path, "--as-of", "2022-07-01")
    tab = Tab(browser, page.as_uri() + "#node=" + urllib.parse.quote(DN, safe=""), tmp_path)
    marks = tab.page.locator("#timeline circle.mark")
    assert marks.count() == 8
    got = [(m.get_attribute("data-date"), m.get_attribute("data-status")) for m in marks.all()]
    assert got == [(d, "overdue" if d < "2022-07-01" else "pending") for d, _, _ in DN_DATES for _ in DN_BODIES]
    tl = tab.page.inner_text("#timeline")
    assert "Thời hạn của văn bản (8 mốc thời hạn)" in tl and "ngày 01/07/2022" in tl
    items = tab.page.locator("#timeline ol.duelist li").all_inner_texts()
    assert items[0].startswith("15/12/2021 quá hạn") and "3597/UBND-KGVX · Yêu cầu chung" in items[0]
    assert "→ Sở Giáo dục và Đào tạo" in items[0] and "“hằng năm (trước ngày 15/12)” · hằng năm" in items[0]
    assert items[-1].startswith("15/06/2023 chưa đến hạn") and "6 tháng một lần" in items[-1]
    lanes = tab.js("[...document.querySelectorAll('#timeline svg text')].map(e => e.textContent)")
    assert "các Sở, ngành, đơn vị (Đắk Nông)" in lanes and "UBND các huyện, thành phố (Đắk Nông)" in lanes
    tab.page.locator("#timeline").scroll_into_view_if_needed()
    marks.nth(2).hover()
    tip = tab.page.inner_text("#tip")
    assert tip.startswith("15/06/2022 — quá hạn") and "Báo cáo về: Sở Giáo dục và Đào tạo" in tip
    assert "Thời hạn ghi trong văn bản: “Định kỳ 6 tháng (trước 15/6)”" in tip and "Cơ quan thực hiện: các Sở, ngành, đơn vị" in tip
    tab.shot("explore-timeline-vi.png")
    tab.page.click("#langbtn")
    tl = tab.page.inner_text("#timeline")
    assert "Due dates of the document (8 due dates)" in tl and "status as of 01/07/2022" in tl
    items = tab.page.locator("#timeline ol.duelist li").all_inner_texts()
    assert items[0].startswith("15/12/2021 overdue") and "Closing obligations" in items[0] and "· annual" in items[0]
    assert items[-1].startswith("15/06/2023 not yet due") and "every six months" in items[-1]
    # what the interface adds, not the letter's words (the deadline as written stays as written)
    added = " | ".join(tab.page.locator("#timeline h3, #timeline p, #timeline .st, #timeline .duekey").all_inner_texts()
                       + tab.js("[...document.querySelectorAll('#timeline svg text')].map(e => e.textContent)"))
    for vi in ["Thời hạn", "quá hạn", "chưa đến hạn", "ngày xét", "đúng hạn", "Định kỳ"]:
        assert vi not in added, vi
    tab.page.locator("#timeline circle.mark >> nth=0").click()
    tip = tab.page.inner_text("#tip")
    assert tip.startswith("15/12/2021 — overdue") and "Report to: Sở Giáo dục và Đào tạo" in tip and "Recurrence: annual" in tip
    assert tab.page.locator("#timeline ol.duelist li.cur").inner_text().startswith("15/12/2021")
    tab.shot("explore-timeline-en.png")
    # a body from its task group's heading: its own due dates across the corpus
    tab.page.locator(".group h4", has_text="Ủy ban nhân dân các huyện, thành phố (Đắk Nông)").locator(".duebtn").click()
    assert tab.page.inner_text("#side h2") == "Ủy ban nhân dân các huyện, thành phố (Đắk Nông)"
    assert [m.get_attribute("data-date") for m in tab.page.locator("#timeline circle.mark").all()] == [d for d, _, _ in DN_DATES]
    assert "Due dates of the body (4 due dates)" in tab.page.inner_text("#timeline")
    tab.page.click("#langbtn")
    assert "Thời hạn của cơ quan (4 mốc thời hạn)" in tab.page.inner_text("#timeline")
    tab.shot("explore-timeline-body.png")
    tab.page.click("#backdoc")
    assert tab.page.locator("#timeline circle.mark").count() == 8
    # a task's own due dates, from its link in the list
    tab.page.locator("#timeline ol.duelist li >> nth=0").locator("a.node >> nth=0").click()
    tab.page.wait_for_function(f"() => policykg.state.view.id === {json.dumps(DN + '/task/closing')}")
    assert "Thời hạn của nhiệm vụ (8 mốc thời hạn)" in tab.page.inner_text("#timeline")
    assert tab.page.locator("#timeline circle.mark").count() == 8
    tab.close()


@pytest.mark.browser
def test_timeline_live_from_the_server(browser, seed_store, tmp_path: Path) -> None:
    server = start(seed_store)
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/explore"
        tab = Tab(browser, base + "#node=" + urllib.parse.quote(DN, safe=""), tmp_path)
        marks = tab.page.locator("#timeline circle.mark")
        # judged as of the day the server read the store: every date of the window has passed
        assert [(m.get_attribute("data-date"), m.get_attribute("data-status")) for m in marks.all()] == [
            (d, "overdue") for d, _, _ in DN_DATES for _ in DN_BODIES]
        # a body no task group is named for (it owes the closing paragraph): from its name in the list
        tab.page.locator("#timeline a.bodylink", has_text="các Sở, ngành, đơn vị").first.click()
        tab.page.wait_for_function("() => policykg.state.body && document.querySelectorAll('#timeline circle.mark').length === 4")
        assert "các Sở, ngành, đơn vị (Đắk Nông)" in tab.page.inner_text("#side h2")
        tab.shot("explore-timeline-live-body.png")
        tab.close()
    finally:
        server.shutdown()
        server.server_close()
