"""The query library on the release graph: every query parses and is documented, returns
its stored expected rows on rdflib, on an Oxigraph store and on a real Oxigraph server;
every check returns no rows on the release and some on a broken graph; CLI errors."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import unicodedata
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from policykg.cli import main
from policykg.namespaces import PKG
from policykg.queries import QueryError, find_query, library, library_readme, results_json
from policykg.sparql import EndpointStore, OxigraphStore, RdflibStore, run

from .conftest import RELEASE, ROOT

EXPECTED = ROOT / "tests" / "data" / "query-results"
QUERIES = library()
CHECKS = library(checks=True)


def rows_of(names: list[str], rows: list[dict]) -> list[dict[str, str]]:
    return results_json(names, rows)["results"]["bindings"]


def expected(name: str) -> list[dict]:
    path = EXPECTED / f"{name}.json"
    assert path.exists(), f"no stored result {path}: run scripts/update_query_results.py and review it"
    return json.loads(path.read_text(encoding="utf-8"))["results"]["bindings"]


def test_library_size_and_headers() -> None:
    assert len(QUERIES) >= 12
    for q in QUERIES + CHECKS:
        assert q.summary and q.description, q.name
        prepareQuery(q.text)  # own PREFIX lines: no prefix is given from outside
        for p in q.params:
            assert p.default is not None and p.example, (q.name, p.name)
            assert f"?{p.name}" in q.text, (q.name, p.name)


def test_readme_is_current() -> None:
    assert (ROOT / "queries" / "README.md").read_text(encoding="utf-8") == library_readme(), \
        "queries/README.md is stale: run python scripts/update_docs.py"


@pytest.fixture(scope="module")
def rdflib_store() -> RdflibStore:
    return RdflibStore.open(RELEASE)


@pytest.fixture(scope="module")
def oxigraph_store(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    store = OxigraphStore(tmp_path_factory.mktemp("ox") / "store", create=True)
    store.load_file(RELEASE)
    return store


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory):
    """A real `oxigraph serve` on loopback, filled with `policykg push`, stopped after."""
    # the test extra installs the server into the environment running the tests, whose bin/
    # is on PATH only when that environment is activated (the README runs .venv/bin/python)
    exe = shutil.which("oxigraph", path=os.pathsep.join([str(Path(sys.executable).parent),
                                                         os.environ.get("PATH", "")]))
    if exe is None:
        pytest.fail("the oxigraph server (pip package 'oxigraph', in the test extra) is not installed")
    port = _free_port()
    proc = subprocess.Popen([exe, "serve", "--location", str(tmp_path_factory.mktemp("oxs")), "--bind",
                             f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        r = CliRunner().invoke(main, ["push", "--graph", str(RELEASE), "--endpoint", base + "/query",
                                      "--graph-store", base + "/store"])
        assert r.exit_code == 0, r.output
        yield base + "/query"
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.mark.parametrize("q", QUERIES, ids=[q.name for q in QUERIES])
def test_query_on_rdflib(rdflib_store: RdflibStore, q) -> None:
    names, rows = run(rdflib_store, q.text, q.bindings({}), q.name)
    got = rows_of(names, rows)
    assert got == expected(q.name), json.dumps(got[:5], ensure_ascii=False, indent=1)


@pytest.mark.parametrize("q", QUERIES, ids=[q.name for q in QUERIES])
def test_query_on_oxigraph_store(oxigraph_store: OxigraphStore, q) -> None:
    names, rows = run(oxigraph_store, q.text, q.bindings({}), q.name)
    assert _canon(rows_of(names, rows)) == _canon(expected(q.name))


@pytest.mark.server
@pytest.mark.parametrize("q", QUERIES, ids=[q.name for q in QUERIES])
def test_query_on_oxigraph_server(oxigraph_server: str, q) -> None:
    names, rows = run(EndpointStore(oxigraph_server), q.text, q.bindings({}), q.name)
    assert _canon(rows_of(names, rows)) == _canon(expected(q.name))


def _canon(bindings: list[dict]) -> list[str]:
    """Engines may order ties differently and write numbers in other lexical forms
    (rdflib keeps "0.450", Oxigraph writes "0.45"): compare numbers by value."""
    from decimal import Decimal

    numeric = {"http://www.w3.org/2001/XMLSchema#integer", "http://www.w3.org/2001/XMLSchema#decimal"}
    out = []
    for b in bindings:
        norm = {}
        for k, v in b.items():
            v = dict(v)
            if v.get("datatype") in numeric:
                v["value"] = str(Decimal(v["value"]).normalize())
            norm[k] = v
        out.append(json.dumps(norm, sort_keys=True, ensure_ascii=False))
    return sorted(out)


@pytest.mark.parametrize("q", CHECKS, ids=[q.name for q in CHECKS])
def test_checks_pass_on_release(rdflib_store: RdflibStore, q) -> None:
    names, rows = run(rdflib_store, q.text, {}, q.name)
    assert rows == [], rows_of(names, rows)[:5]


def _broken(release: Graph) -> Graph:
    """A copy of the release with one fault per check."""
    g = Graph()
    for t in release:
        g.add(t)
    task = sorted(g.subjects(PKG.sectionPath, Literal("1.1")))[0]
    for o in list(g.objects(task, PKG.assignee)):
        g.remove((task, PKG.assignee, o))
    for o in list(g.objects(task, PKG.evidence)):
        g.remove((task, PKG.evidence, o))
    other = sorted(g.subjects(PKG.sectionPath, Literal("1.2")))[0]
    orphan = sorted(g.subjects(PKG.sectionPath, Literal("1.3")))[0]
    g.remove((orphan, PKG.derivesFrom, None))
    d = sorted(g.subjects(PKG.basis, URIRef("https://w3id.org/policykg/id/basis/stated")))[0]
    g.add((d, PKG.score, Literal(0.5)))
    inferred = sorted(g.subjects(PKG.basis, URIRef("https://w3id.org/policykg/id/basis/inferred")))[0]
    g.remove((inferred, PKG.score, None))
    doc = sorted(g.subjects(URIRef("http://data.europa.eu/eli/ontology#number"), None))[0]
    g.add((doc, URIRef("http://data.europa.eu/eli/ontology#number"), Literal("1/X-Y")))
    letter = sorted(g.subjects(PKG.sourceText, None))[0]
    g.remove((letter, URIRef("http://data.europa.eu/eli/ontology#date_document"), None))
    g.add((other, PKG.derivesFrom, task))
    g.add((task, PKG.derivesFrom, other))
    return g


@pytest.mark.parametrize("q", CHECKS, ids=[q.name for q in CHECKS])
def test_checks_catch_faults(release_graph: Graph, q) -> None:
    names, rows = run(RdflibStore(_broken(release_graph)), q.text, {}, q.name)
    assert rows, f"{q.name} found nothing in a graph broken for it"


def test_inferred_without_score_finds_both_faults(release_graph: Graph) -> None:
    # one branch of the query each: a stated derivation given a score, an inferred one without
    g = release_graph
    stated = sorted(g.subjects(PKG.basis, URIRef("https://w3id.org/policykg/id/basis/stated")))[0]
    inferred = sorted(g.subjects(PKG.basis, URIRef("https://w3id.org/policykg/id/basis/inferred")))[0]
    q = find_query("checks/inferred-without-score-violation")
    names, rows = run(RdflibStore(_broken(release_graph)), q.text, {}, q.name)
    assert sorted(str(r["derivation"]) for r in rows) == sorted([str(stated), str(inferred)])


def test_lineage_cycle_names_every_node_on_a_cycle_and_no_other(release_graph: Graph, tmp_path: Path) -> None:
    # three documents in a ring, and a task deriving from the ring without being on it
    g = Graph()
    for t in release_graph:
        g.add(t)
    eli_number = URIRef("http://data.europa.eu/eli/ontology#number")
    ring = sorted(set(g.subjects(eli_number, None)))[:3]
    for a, b in zip(ring, ring[1:] + ring[:1]):
        g.add((a, PKG.derivesFrom, b))
    q = find_query("checks/lineage-cycle-violation")
    g.serialize(tmp_path / "ring.ttl", format="turtle", encoding="utf-8")
    ox = OxigraphStore(tmp_path / "store", create=True)
    ox.load_file(tmp_path / "ring.ttl")
    for store in (RdflibStore(g), ox):
        names, rows = run(store, q.text, {}, q.name)
        assert sorted(str(r["node"]) for r in rows) == sorted(map(str, ring))


def test_parameters_are_bound_not_pasted(rdflib_store: RdflibStore) -> None:
    q = find_query("tasks-citing")
    names, rows = run(rdflib_store, q.text, q.bindings({"number": "262/KH-UBND"}), q.name)
    assert [(str(r["citingNumber"]), str(r["taskPath"])) for r in rows] == [("3597/UBND-KGVX", "1.1"),
                                                                          ("3597/UBND-KGVX", "7.1")]
    evil = '14/CT-TTg" } UNION { ?citing ?p ?o } #'
    for given in ({"number": evil}, {"number": "262/KH-UBND", "place": evil}):
        names, rows = run(rdflib_store, q.text, q.bindings(given), q.name)
        assert rows == []


@pytest.mark.parametrize("place", ["Kiên Giang", "kien giang", "KIÊN GIANG", unicodedata.normalize("NFD", "Kiên Giang")])
def test_name_parameters_ignore_case_and_diacritics(rdflib_store: RdflibStore, place: str) -> None:
    # the last spelling is decomposed (NFD), as some keyboards and PDFs give it
    q = find_query("tasks-citing")
    names, rows = run(rdflib_store, q.text, q.bindings({"number": "24/CT-TTg", "place": place}), q.name)
    assert [(str(r["citingNumber"]), str(r["taskPath"])) for r in rows] == [("851/UBND-KGVX", "3.c")]


def test_place_takes_in_its_districts(tmp_path: Path) -> None:
    from policykg.pipeline import run_build

    # the seeds and a district letter of Đắk Nông
    run_build([str(ROOT / "tests" / "data" / "letters" / "cu-jut_cong-van-district-implements-province.md")],
              tmp_path, jobs=1, echo=lambda m: None)
    store = RdflibStore.open(tmp_path / "policykg.trig")
    q = find_query("signatures")
    got = {}
    for place in ("Đắk Nông", "Cư Jút", "cu jut, dak nong", "Kiên Giang"):
        _, rows = run(store, q.text, q.bindings({"place": place}), q.name)
        got[place] = sorted(str(r["number"]) for r in rows)
    district = got["Cư Jút"]
    assert district and "3597/UBND-KGVX" not in district
    assert got["cu jut, dak nong"] == district
    assert got["Đắk Nông"] == sorted(["3597/UBND-KGVX"] + district)
    assert got["Kiên Giang"] == ["851/UBND-KGVX"]


def run_cli(*args: str):
    return CliRunner().invoke(main, ["query", *args, "--graph", str(RELEASE)])


def test_cli_formats() -> None:
    r = run_cli("tasks-citing", "-p", "number", "24/CT-TTg", "-p", "place", "Kiên Giang", "--format", "csv")
    assert r.exit_code == 0, r.output
    lines = r.output.strip().splitlines()
    assert lines[0] == "citing,citingNumber,cited,taskPath,text"
    assert [ln.split(",")[1] for ln in lines[1:]] == ["851/UBND-KGVX"]
    assert [ln.split(",")[3] for ln in lines[1:]] == ["3.c"]
    r = run_cli("documents-citing", "-p", "number", "24/CT-TTg", "-p", "place", "kien giang", "--format", "json")
    data = json.loads(r.output)
    assert data["head"]["vars"] == ["citing", "citingNumber", "cited", "citedDate"]
    assert [b["citingNumber"]["value"] for b in data["results"]["bindings"]] == ["851/UBND-KGVX"]
    assert data["results"]["bindings"][0]["citedDate"] == {
        "type": "literal", "value": "2020-05-28", "datatype": "http://www.w3.org/2001/XMLSchema#date"}
    r = run_cli("-e", "SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/policykg/ontology#Task> }", "--format", "tsv")
    assert r.output.strip().splitlines() == ["?n", '"47"^^<http://www.w3.org/2001/XMLSchema#integer>']
    r = run_cli("signatures", "--format", "markdown")
    assert "| 851/UBND-KGVX | Nguyễn Lưu Trung | Phó Chủ tịch | KT. | Chủ tịch | Ủy ban nhân dân tỉnh Kiên Giang |" in r.output


def test_cli_list() -> None:
    r = CliRunner().invoke(main, ["query", "--list"])
    assert r.exit_code == 0
    assert len(r.output.strip().splitlines()) == len(QUERIES)
    assert "documents-citing" in r.output and "[-p number]" in r.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-e", "SELECT ?x WHERE { ?x ?y }"], "-e: SPARQL syntax error at line 1, column"),
        (["-e", "SELECT ?x WHERE {\n  ?x ?y ?z .\n  FILTER(\n}"], "SPARQL syntax error at line 3, column 3"),
        (["document-chian"], "unknown query 'document-chian'; did you mean document-chain"),
        (["document-chain", "-p", "numbr", "x"], "document-chain: unknown parameter 'numbr' (parameters: number)"),
        (["task-lineage", "-p", "task", "không phải IRI"], "parameter task: 'không phải IRI' is not an IRI"),
        (["-e", "SELECT * WHERE { ?s ?p ?o }", "-p", "q", "x"], "unknown parameter 'q'"),
        (["-e", "DELETE WHERE { ?s ?p ?o }"], "updates are not allowed"),
    ],
)
def test_cli_errors(args: list[str], message: str) -> None:
    r = run_cli(*args)
    assert r.exit_code == 1, r.output
    assert r.output.count("\n") == 1 and message in r.output, r.output


def test_missing_parameter(tmp_path: Path) -> None:
    rq = tmp_path / "need-number.rq"
    rq.write_text('#+ summary: x\n#+ description: y\n#+ params:\n#+   - number: literal; default -; example "1"; n\n'
                  "PREFIX eli: <http://data.europa.eu/eli/ontology#>\nSELECT ?d WHERE { ?d eli:number ?number }\n",
                  encoding="utf-8")
    r = run_cli(str(rq))
    assert r.exit_code == 1 and "need-number: missing parameter 'number' (-p number VALUE)" in r.output
    r = run_cli(str(rq), "-p", "number", "851/UBND-KGVX")
    assert r.exit_code == 0 and "(1 row)" in r.output


def test_unreachable_endpoint() -> None:
    port = _free_port()
    r = CliRunner().invoke(main, ["query", "signatures", "--endpoint", f"http://127.0.0.1:{port}/sparql"])
    assert r.exit_code == 1 and "endpoint unreachable" in r.output and r.output.count("\n") == 1


def test_store_must_exist(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["query", "signatures", "--store", f"oxigraph:{tmp_path / 'none'}"])
    assert r.exit_code == 1 and "no such store" in r.output


def test_load_then_query_store(tmp_path: Path) -> None:
    where = f"oxigraph:{tmp_path / 'st'}"
    r = CliRunner().invoke(main, ["load", "--graph", str(RELEASE), "--store", where])
    assert r.exit_code == 0 and r.output.startswith("loaded ")
    r = CliRunner().invoke(main, ["query", "signatures", "--store", where, "-p", "place", "Đắk Nông", "--format", "csv"])
    assert r.exit_code == 0 and "Tôn Thị Ngọc Hạnh" in r.output


def test_find_query_by_file(tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="no such query file"):
        find_query(str(tmp_path / "x.rq"))


_PLACE_PATTERN = re.compile(r"\?area skos:hiddenLabel \?place \.\n\s*\?where dct:isPartOf\? \?area \.\n"
                            r"\s*\?issuer pkg:jurisdiction \?where [.;]")


def test_place_parameters_share_one_pattern() -> None:
    # SPARQL has no include, and each query stands alone with its own PREFIX lines: every query
    # that takes a place spells the same three patterns (a province takes in its districts'
    # letters) and documents the parameter in the same words, so the copies cannot drift apart
    with_place = [q for q in library() if any(p.name == "place" for p in q.params)]
    assert sorted(q.name for q in with_place) == [
        "addressees-without-tasks", "coverage-by-province", "documents-citing", "due-by-month", "overdue-duties",
        "signatures", "tasks-by-body-kind", "tasks-by-target-group", "tasks-citing", "tasks-with-deadlines"]
    for q in with_place:
        assert _PLACE_PATTERN.search(q.text), f"{q.name}: the place pattern differs"
    places = [p for q in with_place for p in q.params if p.name == "place"]
    assert {p.kind for p in places} == {"name"}
    assert len({p.description for p in places}) == 1


# --- three results written by hand from the seeds' text, not from the stored files -------------

def plain(name: str) -> list[dict[str, str]]:
    """A library query's rows on the release, each value as its plain string."""
    q = find_query(name)
    names, rows = run(RdflibStore.open(RELEASE), q.text, q.bindings({}), q.name)
    return [{n: str(r[n]) for n in names if r.get(n) is not None} for r in rows]


def test_signatures_of_kien_giang_by_hand() -> None:
    # graph/sources/kien-giang_cong-van-851-ubnd-kgvx_2021-06-18.md: the only Kiên Giang letter,
    # "Số: 851 /UBND-KGVX" under "ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG", signed "KT. CHỦ TỊCH /
    # PHÓ CHỦ TỊCH ... Nguyễn Lưu Trung": signed for the Chairman (KT.) as Vice-Chairman
    assert plain("signatures") == [{
        "number": "851/UBND-KGVX", "signer": "Nguyễn Lưu Trung", "title": "Phó Chủ tịch", "mark": "KT.",
        "onBehalfOf": "Chủ tịch", "issuerName": "Ủy ban nhân dân tỉnh Kiên Giang"}]


def test_documents_of_kien_giang_citing_14_ct_ttg_by_hand() -> None:
    # the same letter: "V/v triển khai thực hiện Chỉ thị số 14/CT-TTg ngày 25/5/2021 của Thủ
    # tướng Chính phủ"; graph/authority.ttl names that directive doc/vn/thu-tuong-chinh-phu/
    # chi-thi/2021/14-ct-ttg
    assert plain("documents-citing") == [{
        "citing": "https://w3id.org/policykg/id/doc/kien-giang/uy-ban-nhan-dan/cong-van/2021/851-ubnd-kgvx",
        "citingNumber": "851/UBND-KGVX",
        "cited": "https://w3id.org/policykg/id/doc/vn/thu-tuong-chinh-phu/chi-thi/2021/14-ct-ttg",
        "citedDate": "2021-05-25"}]


def test_deadlines_of_dak_nong_by_hand() -> None:
    # graph/sources/dak-nong_cong-van-3597-ubnd-kgvx_2021-07-12.md, its closing paragraph (no
    # task above it has a date to meet): "Định kỳ 6 tháng (trước 15/6) và hằng năm (trước ngày
    # 15/12) báo cáo tình hình thực hiện về Sở Giáo dục và Đào tạo để tổng hợp, tham mưu UBND tỉnh
    # báo cáo Chính phủ, Bộ Giáo dục và Đào tạo và các cơ quan liên quan theo quy định."
    what = ("báo cáo tình hình thực hiện về Sở Giáo dục và Đào tạo để tổng hợp, tham mưu UBND tỉnh báo cáo "
            "Chính phủ, Bộ Giáo dục và Đào tạo và các cơ quan liên quan theo quy định")
    assert plain("tasks-with-deadlines") == [
        {"number": "3597/UBND-KGVX", "path": "closing", "recurring": "--06-15", "recurrence": "semiannual",
         "what": what},
        {"number": "3597/UBND-KGVX", "path": "closing", "recurring": "--12-15", "recurrence": "annual",
         "what": what},
    ]


# --- the others, also written by hand from the seeds' text (graph/sources/*.md) ---------------

KG = "https://w3id.org/policykg/id/doc/kien-giang/uy-ban-nhan-dan/cong-van/2021/851-ubnd-kgvx"
DN = "https://w3id.org/policykg/id/doc/dak-nong/uy-ban-nhan-dan/cong-van/2021/3597-ubnd-kgvx"
VN = "https://w3id.org/policykg/id/doc/vn/"


def test_addressees_of_kien_giang_without_tasks_by_hand() -> None:
    # "Kính gửi: Giám đốc các sở, Thủ trưởng các ban, ngành đoàn thể cấp tỉnh; Chủ tịch Hội
    # Khuyến học tỉnh; Chủ tịch UBND các huyện, thành phố": the second and third hold tasks
    # (sections 2 and 6); the first, as the one addressee line, is named by no section
    assert plain("addressees-without-tasks") == [{
        "number": "851/UBND-KGVX",
        "body": "https://w3id.org/policykg/id/body/kien-giang/giam-doc-cac-so-thu-truong-cac-ban-nganh-doan-the-cap-tinh",
        "bodyName": "Giám đốc các sở, Thủ trưởng các ban, ngành đoàn thể cấp tỉnh (Kiên Giang)"}]


def test_roles_of_so_giao_duc_by_hand() -> None:
    # Kiên Giang: section 1 a, b, c, d, đ, e, g (7, no "Chủ trì"); "phối hợp với Sở Giáo dục và
    # Đào tạo" in 2.a, 3.đ and 5 (3). Đắk Nông: section 1's five dashes; "phối hợp với Sở Giáo dục
    # và Đào tạo" in 2's first dash (1)
    rows = {(r["bodyName"], r["role"], r["tasks"]) for r in plain("body-roles")}
    assert rows == {
        ("Sở Giáo dục và Đào tạo (Kiên Giang)", "assignee", "7"),
        ("Sở Giáo dục và Đào tạo (Kiên Giang)", "cooperating", "3"),
        ("Sở Giáo dục và Đào tạo (Đắk Nông)", "assignee", "5"),
        ("Sở Giáo dục và Đào tạo (Đắk Nông)", "cooperating", "1"),
    }


def test_chain_above_3597_by_hand() -> None:
    # its V/v line: "triển khai thực hiện Chỉ thị số 14/CT-TTg ngày 25/5/2021"; above it, the
    # curated chain of graph/authority.ttl: 14/CT-TTg -> 489/QĐ-TTg (08/4/2020) -> 49-KL/TW
    # (10/5/2019, "tiếp tục thực hiện Chỉ thị số 11-CT/TW") -> 11-CT/TW (13/4/2007)
    rows = [(r["documentNumber"], r["documentDate"], r["relation"], r["parentNumber"], r["parentDate"])
            for r in plain("document-chain")]
    assert rows == [
        ("3597/UBND-KGVX", "2021-07-12", "implements", "14/CT-TTg", "2021-05-25"),
        ("14/CT-TTg", "2021-05-25", "implements", "489/QĐ-TTg", "2020-04-08"),
        ("489/QĐ-TTg", "2020-04-08", "implements", "49-KL/TW", "2019-05-10"),
        ("49-KL/TW", "2019-05-10", "continues", "11-CT/TW", "2007-04-13"),
    ]
    assert plain("document-chain")[0]["document"] == DN
    assert plain("document-chain")[-1]["parent"] == VN + "bo-chinh-tri/chi-thi/2007/11-ct-tw"


def test_no_document_known_only_by_citation_by_hand() -> None:
    # the seeds cite 14/CT-TTg, 49-KL/TW, 11-CT/TW, 24/CT-TTg, 489/QĐ-TTg, 262/KH-UBND,
    # 141/KH-UBND, 37/KH-UBND and 08-CT/TU: graph/authority.ttl describes every one
    assert plain("documents-known-only-by-citation") == []


def test_kien_giang_tasks_naming_dong_bao_dan_toc_thieu_so_by_hand() -> None:
    # "đồng bào dân tộc thiểu số" in 1.d ("các địa phương có đông đồng bào dân tộc thiểu số"),
    # 3.b ("vùng đồng bào dân tộc thiểu số"), 6.c ("xã có đông đồng bào dân tộc thiểu số") and
    # 6.d ("công tác vùng đồng bào dân tộc thiểu số"); 3.d names "người dân tộc thiểu số" only,
    # which is a group of its own
    assert [(r["number"], r["path"]) for r in plain("tasks-by-target-group")] == [
        ("851/UBND-KGVX", "1.d"), ("851/UBND-KGVX", "3.b"), ("851/UBND-KGVX", "6.c"), ("851/UBND-KGVX", "6.d")]


def test_dak_nong_tasks_citing_24_ct_ttg_by_hand() -> None:
    # section 3 (Sở Lao động - Thương binh và Xã hội), its third dash
    assert plain("tasks-citing") == [{
        "citing": DN, "citingNumber": "3597/UBND-KGVX", "cited": VN + "thu-tuong-chinh-phu/chi-thi/2020/24-ct-ttg",
        "taskPath": "3.3",
        "text": "Tiếp tục triển khai thực hiện hiệu quả Chỉ thị số 24/CT-TTg ngày 28/5/2020 của Thủ tướng Chính "
                "phủ về các cơ chế, chính sách phát triển giáo dục nghề nghiệp, phát triển nhân lực có kỹ năng "
                "nghề; tăng cường chuyển đổi số và đào tạo trực tuyến, chú trọng đào tạo lại, đào tạo thường "
                "xuyên lực lượng lao động."}]


def test_lineage_of_3597_task_1_1_by_hand() -> None:
    # "Tham mưu UBND tỉnh kiện toàn Ban Chỉ đạo ... Phối hợp ... tiếp tục triển khai thực hiện Kế
    # hoạch số 262/KH-UBND": its letter (3597), what the letter implements (14/CT-TTg) and the
    # plan it cites (262/KH-UBND, which implements 489/QĐ-TTg), their chains up to 11-CT/TW, and
    # one shared task, carried with Kiên Giang's 1.g ("Tham mưu UBND tỉnh kiện toàn Ban Chỉ đạo")
    rows = plain("task-lineage")
    documents = sorted((r["number"], r["label"]) for r in rows if "number" in r)
    assert documents == [
        ("11-CT/TW", "Chỉ thị 11-CT/TW"), ("14/CT-TTg", "Chỉ thị 14/CT-TTg"), ("262/KH-UBND", "Kế hoạch 262/KH-UBND"),
        ("3597/UBND-KGVX", "Công văn 3597/UBND-KGVX"), ("489/QĐ-TTg", "Quyết định 489/QĐ-TTg"),
        ("49-KL/TW", "Kết luận 49-KL/TW")]
    shared = [r["ancestor"] for r in rows if "number" not in r]
    assert len(shared) == 1 and shared[0].startswith("https://w3id.org/policykg/id/shared-task/14-ct-ttg/")
    ds = Dataset(default_union=True)
    ds.parse(RELEASE, format="trig")
    members = {str(m).removeprefix(KG + "/task/").removeprefix(DN + "/task/")
               for m in ds.objects(URIRef(shared[0]), PKG.member)}
    assert members == {"1.g", "1.1"}


def test_tasks_of_851_by_hand() -> None:
    # one row per assignee: section 1 a-g to Sở Giáo dục và Đào tạo; 2.a "Chủ trì" by Hội Khuyến
    # học tỉnh; 3 a-đ, 4, 5, 6 a-g; 7's heading names three bodies; 8 "Đề nghị" two (a request);
    # the closing paragraph "Chủ tịch UBND tỉnh yêu cầu Giám đốc các sở, Thủ trưởng các ban, ngành,
    # đoàn thể cấp tỉnh, Chủ tịch Hội Khuyến học tỉnh và Chủ tịch UBND các huyện, thành phố"
    kg = " (Kiên Giang)"
    want = ([(f"1.{x}", "Sở Giáo dục và Đào tạo" + kg) for x in "abcdeg"] + [("1.đ", "Sở Giáo dục và Đào tạo" + kg)]
            + [(f"2.{x}", "Hội Khuyến học tỉnh" + kg) for x in "abcd"]
            + [(f"3.{x}", "Sở Lao động - Thương binh và Xã hội" + kg) for x in "abcd"]
            + [("3.đ", "Sở Lao động - Thương binh và Xã hội" + kg), ("4", "Sở Tài chính" + kg),
               ("5", "Các sở, ban, ngành cấp tỉnh" + kg)]
            + [(f"6.{x}", "Ủy ban nhân dân các huyện, thành phố" + kg) for x in "abcdeg"]
            + [("6.đ", "Ủy ban nhân dân các huyện, thành phố" + kg), ("7", "Báo Kiên Giang"),
               ("7", "các cơ quan thông tấn, báo chí đang hoạt động trên địa bàn tỉnh Kiên Giang"),
               ("7", "Đài Phát thanh và Truyền hình Kiên Giang"),
               ("8", "các tổ chức thành viên" + kg), ("8", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh" + kg),
               ("closing", "Chủ tịch Hội Khuyến học tỉnh" + kg),
               ("closing", "Chủ tịch Ủy ban nhân dân các huyện, thành phố" + kg),
               ("closing", "Giám đốc các sở" + kg), ("closing", "Thủ trưởng các ban, ngành, đoàn thể cấp tỉnh" + kg)])
    rows = plain("tasks-of-document")
    assert [(r["path"], r["assigneeName"]) for r in rows] == want
    assert [r["path"] for r in rows if "leadName" in r] == ["2.a"]
    assert {r["leadName"] for r in rows if "leadName" in r} == {"Hội Khuyến học tỉnh" + kg}
    assert [r["path"] for r in rows if r["modality"] == "request"] == ["8", "8"]


def test_kien_giang_so_giao_duc_tasks_by_hand() -> None:
    rows = plain("tasks-by-body-kind")
    assert {r["bodyName"] for r in rows} == {"Sở Giáo dục và Đào tạo (Kiên Giang)"}
    assert [(r["role"], r["path"]) for r in rows] == (
        [("assignee", p) for p in ("1.a", "1.b", "1.c", "1.d", "1.e", "1.g", "1.đ")]
        + [("cooperating", p) for p in ("2.a", "3.đ", "5")])
    assert rows[-1]["text"].startswith("Theo chức năng, nhiệm vụ được giao chủ động, tích cực phối hợp với Sở Giáo dục")


def test_bodies_by_task_count_by_hand() -> None:
    # counted section by section in both seeds (tasks held as assignee or lead; cooperations
    # named after "phối hợp với"); Đắk Nông's UBND các huyện holds section 7's five dashes and
    # the closing paragraph, and cooperates in 1's first dash and 2's first and third
    kg, dn = " (Kiên Giang)", " (Đắk Nông)"
    want = {
        ("Sở Giáo dục và Đào tạo" + kg, 7, 3), ("Ủy ban nhân dân các huyện, thành phố" + kg, 7, 0),
        ("Ủy ban nhân dân các huyện, thành phố" + dn, 6, 3), ("Sở Giáo dục và Đào tạo" + dn, 5, 1),
        ("Sở Lao động - Thương binh và Xã hội" + kg, 5, 0), ("Hội Khuyến học tỉnh" + kg, 4, 1),
        ("Hội Khuyến học tỉnh" + dn, 3, 0), ("Sở Lao động - Thương binh và Xã hội" + dn, 3, 0),
        ("Báo Đắk Nông", 2, 0), ("Sở Thông tin và Truyền thông" + dn, 2, 0), ("Đài Phát thanh và Truyền hình Đắk Nông", 2, 0),
        ("Báo Kiên Giang", 1, 0), ("Chủ tịch Hội Khuyến học tỉnh" + kg, 1, 0),
        ("Chủ tịch Ủy ban nhân dân các huyện, thành phố" + kg, 1, 0), ("Các sở, ban, ngành cấp tỉnh" + kg, 1, 0),
        ("Giám đốc các sở" + kg, 1, 0), ("Sở Tài chính" + kg, 1, 0), ("Sở Tài chính" + dn, 1, 0),
        ("Thủ trưởng các ban, ngành, đoàn thể cấp tỉnh" + kg, 1, 0), ("các Sở, ngành, đơn vị" + dn, 1, 0),
        ("các cơ quan thông tấn, báo chí đang hoạt động trên địa bàn tỉnh Kiên Giang", 1, 0),
        ("các tổ chức thành viên" + kg, 1, 0), ("Đài Phát thanh và Truyền hình Kiên Giang", 1, 0),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh" + kg, 1, 0), ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh" + dn, 1, 0),
        ("các Sở, ngành" + dn, 0, 2), ("Sở Văn hóa và Thể thao" + kg, 0, 1),
        ("các cơ quan, đơn vị được giao nhiệm vụ" + kg, 0, 1), ("các ngành có liên quan" + kg, 0, 1),
        ("các sở, ngành, địa phương" + kg, 0, 1)}
    rows = plain("bodies-by-task-count")
    assert {(r["bodyName"], int(r["tasks"]), int(r["cooperations"])) for r in rows} == want
    counts = [(int(r["tasks"]), int(r["cooperations"])) for r in rows]
    assert [t for t, _ in counts] == sorted((t for t, _ in counts), reverse=True)  # most first


def test_shared_tasks_of_851_by_hand() -> None:
    # the Kiên Giang items gold pairs with Đắk Nông's (../shared/gold/alignment.json): 19 items, a
    # row per shared task an item carries. 6.d carries two: training officials in minority
    # languages, with 1.d and Đắk Nông's 1.4 (whose literacy task 1.d carries), and the
    # programmes of support for education, with Đắk Nông's 7.3; 6.g one with 7.5 and 5.1. Names
    # as tests/test_align.py's EXPECTED_NAMES, read off the members' texts. Scores are
    # similarities the code computes: not checked here.
    rows = plain("shared-tasks")
    prefix = "Nhiệm vụ chung của 14/CT-TTg: "
    got = sorted((r["path"], int(r["members"]), r["label"].removeprefix(prefix)) for r in rows)
    language = "Chú trọng bồi dưỡng kiến thức và tiếng dân tộc thiểu số"
    programmes = "Triển khai có hiệu quả các chương trình, dự án hỗ trợ giáo dục"
    assert [(p, n) for p, n, _ in got] == sorted(
        [(p, 2) for p in ("1.b", "1.c", "1.e", "1.g", "2.a", "2.b", "2.c", "3.a", "3.b", "3.c", "4",
                          "6.a", "6.b", "6.e", "7", "8")] + [("1.d", 3), ("6.d", 3), ("6.d", 2), ("6.g", 3)])
    label = {(p, n): text for p, n, text in got}
    assert label[("1.g", 2)] == "Tham mưu UBND tỉnh kiện toàn Ban Chỉ đạo xây dựng xã hội học tập"
    assert label[("6.a", 2)] == "Kiện toàn Ban Chỉ đạo Xây dựng xã hội học tập"
    assert label[("1.d", 3)] == label[("6.d", 3)] == language
    assert label[("6.d", 2)] == programmes
    assert label[("8", 2)] == "Phát động các cuộc vận động, phong trào thi đua"
    shared = {(r["path"], int(r["members"])): r["sharedTask"] for r in rows}
    assert shared[("1.d", 3)] == shared[("6.d", 3)] != shared[("6.d", 2)]
    # coverage-by-province lists the same shared tasks, carried by the same items of 851/UBND-KGVX
    cov = plain("coverage-by-province")
    assert sorted((r["path"], r["sharedTask"]) for r in cov) == sorted((r["path"], r["sharedTask"]) for r in rows)
    assert {(r["number"], r["issuerName"]) for r in cov} == {("851/UBND-KGVX", "Ủy ban nhân dân tỉnh Kiên Giang")}


def test_the_update_script_keeps_the_files_checked_by_hand(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("update_query_results", ROOT / "scripts" / "update_query_results.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.checked_by_hand() == {
        "signatures.json", "documents-citing.json", "tasks-with-deadlines.json", "addressees-without-tasks.json",
        "body-roles.json", "document-chain.json", "documents-known-only-by-citation.json",
        "tasks-by-target-group.json", "tasks-citing.json", "tasks-of-document.json", "tasks-by-body-kind.json",
        "bodies-by-task-count.json", "due-by-month.json", "overdue-duties.json", "shared-tasks.json",
        "coverage-by-province.json", "task-lineage.json"}
    out = tmp_path / "results"
    shutil.copytree(EXPECTED, out)
    (out / "signatures.json").write_text("{}\n", encoding="utf-8")
    (out / "higher-task.json").write_text("{}\n", encoding="utf-8")
    assert script.main([], out) == 1
    assert "signatures: differs from its file, which was checked by hand; not overwritten (--force)" in capsys.readouterr().out
    assert (out / "signatures.json").read_text(encoding="utf-8") == "{}\n"
    # a file not checked by hand is rewritten
    assert (out / "higher-task.json").read_text(encoding="utf-8") == (EXPECTED / "higher-task.json").read_text(encoding="utf-8")
    assert script.main(["--force"], out) == 0
    assert (out / "signatures.json").read_text(encoding="utf-8") == (EXPECTED / "signatures.json").read_text(encoding="utf-8")
