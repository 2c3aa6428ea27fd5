"""The oracle for the fixture letter tests/data/fixture/mini-ha-giang.md: the graph built from it
states what the letter says. Every expected value below was read by hand off the letter's text
(the comment by each one quotes its line), never copied from a build; the snapshot
mini-ha-giang.expected.trig (tests/test_build.py) only guards the bytes against unintended change."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS

from policykg.namespaces import ELI, OA, PKG
from policykg.pipeline import run_build
from policykg.store import load_dataset, merged

from .conftest import ROOT

# spelt out: rdflib's XSD namespace object at module level makes pytest's collection warn
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")

LETTER = ROOT / "tests" / "data" / "fixture" / "mini-ha-giang.md"


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    out = tmp_path_factory.mktemp("fixture-build")
    run_build([str(LETTER)], out, include_default=False, echo=lambda m: None)
    return merged(load_dataset(out / "policykg.trig"))


@pytest.fixture(scope="module")
def letter_text() -> str:
    return unicodedata.normalize("NFC", LETTER.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def doc(graph: Graph) -> URIRef:
    """The document built from the letter, found by its source file, not by any value under test."""
    rows = list(graph.query(
        "SELECT ?d WHERE { ?d a eli:LegalResource ; pkg:sourceText ?s . ?s dcterms:identifier ?id }",
        initNs={"eli": ELI, "pkg": PKG, "dcterms": DCTERMS},
        initBindings={"id": Literal(LETTER.name)}))
    assert len(rows) == 1, f"documents from {LETTER.name}: {[r.d for r in rows]}"
    return rows[0].d


def _objects(g: Graph, s: URIRef, p: URIRef) -> set:
    return set(g.objects(s, p))


def _one(g: Graph, s: URIRef, p: URIRef):
    got = _objects(g, s, p)
    assert len(got) == 1, f"{s.n3()} {p.n3()}: want one value, got {sorted(map(str, got))}"
    return next(iter(got))


def _vi_labels(g: Graph, nodes: set, p: URIRef = RDFS.label) -> set[str]:
    return {str(o) for n in nodes for o in g.objects(n, p) if getattr(o, "language", None) == "vi"}


def _same(got, want, what: str) -> None:
    assert got == want, f"{what}:\n  got  {got!r}\n  want {want!r}"


def test_header(graph: Graph, doc: URIRef) -> None:
    # "Số: 77/UBND-KGVX"
    _same(_one(graph, doc, ELI.number), Literal("77/UBND-KGVX"), "eli:number")
    # "Hà Giang, ngày 05 tháng 8 năm 2021"
    _same(_one(graph, doc, ELI.date_document), Literal("2021-08-05", datatype=XSD_DATE), "eli:date_document")
    # the number carries no type abbreviation and the letter has a "V/v ..." subject line: a Công văn
    kind = _one(graph, doc, ELI.type_document)
    _same(_vi_labels(graph, {kind}, SKOS.prefLabel), {"Công văn"}, "eli:type_document's label")
    # "**ỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG**"
    issuer = _one(graph, doc, ELI.passed_by)
    _same(_vi_labels(graph, {issuer}), {"Ủy ban nhân dân tỉnh Hà Giang"}, "eli:passed_by's label")
    # "V/v triển khai thực hiện Chỉ thị số 14/CT-TTg ngày 25/5/2021 của Thủ tướng Chính phủ"
    # (the subject without its "V/v" = "về việc" marker)
    _same(_one(graph, doc, ELI.title),
          Literal("triển khai thực hiện Chỉ thị số 14/CT-TTg ngày 25/5/2021 của Thủ tướng Chính phủ", lang="vi"),
          "eli:title")
    # "Hà Giang, ngày 05 tháng 8 năm 2021"
    _same(_one(graph, doc, PKG.placeOfIssue), Literal("Hà Giang"), "pkg:placeOfIssue")
    # "Kính gửi:\n- Sở Giáo dục và Đào tạo;\n- Hội Khuyến học tỉnh."
    _same(_vi_labels(graph, _objects(graph, doc, PKG.addressee)),
          {"Sở Giáo dục và Đào tạo", "Hội Khuyến học tỉnh"}, "pkg:addressee labels")


def test_signature(graph: Graph, doc: URIRef) -> None:
    sig = _one(graph, doc, PKG.signature)
    signer = _one(graph, sig, PROV.wasAssociatedWith)
    # "Nguyễn Văn Sơn"
    _same(_one(graph, signer, FOAF.name), Literal("Nguyễn Văn Sơn"), "signer's foaf:name")
    # "CHỦ TỊCH"
    _same(_one(graph, sig, PKG.signerTitle), Literal("Chủ tịch"), "pkg:signerTitle")
    posts = set(graph.subjects(ORG.heldBy, signer))
    _same(_vi_labels(graph, posts), {"Chủ tịch"}, "label of the org:Post the signer holds")
    # the post is in the body that signs: "TM. ỦY BAN NHÂN DÂN" of "ỦY BAN NHÂN DÂN TỈNH HÀ GIANG"
    _same({o for p in posts for o in graph.objects(p, ORG.postIn)}, {_one(graph, doc, ELI.passed_by)},
          "org:postIn of the signer's post")
    # "TM. ỦY BAN NHÂN DÂN"
    mark = _one(graph, sig, PKG.signingMark)
    _same(_one(graph, mark, SKOS.notation), Literal("TM."), "pkg:signingMark's notation")
    _same(_one(graph, sig, PKG.onBehalfOf), Literal("Ủy ban nhân dân"), "pkg:onBehalfOf")


def test_cited_documents(graph: Graph, doc: URIRef) -> None:
    # "V/v triển khai thực hiện Chỉ thị số 14/CT-TTg ngày 25/5/2021 của Thủ tướng Chính phủ" and
    # "Thực hiện Chỉ thị số 14/CT-TTg ngày 25/5/2021 của Thủ tướng Chính phủ về việc đẩy mạnh ...":
    # the only document cited, and the one the letter implements
    cited = _objects(graph, doc, ELI.cites)
    _same({str(_one(graph, c, ELI.number)) for c in cited}, {"14/CT-TTg"}, "numbers of eli:cites")
    implemented = _objects(graph, doc, ELI.ensures_implementation_of)
    _same({str(_one(graph, c, ELI.number)) for c in implemented}, {"14/CT-TTg"},
          "numbers of eli:ensures_implementation_of")
    _same(implemented, cited, "implemented vs cited")
    ct = next(iter(cited))
    # "... ngày 25/5/2021 ..." (not the other 14/CT-TTg, of 2019)
    _same(_one(graph, ct, ELI.date_document), Literal("2021-05-25", datatype=XSD_DATE), "cited eli:date_document")
    # "Chỉ thị số 14/CT-TTg"
    _same(_vi_labels(graph, {_one(graph, ct, ELI.type_document)}, SKOS.prefLabel), {"Chỉ thị"},
          "cited eli:type_document's label")
    # "... của Thủ tướng Chính phủ"
    _same(_vi_labels(graph, {_one(graph, ct, ELI.passed_by)}, SKOS.prefLabel), {"Thủ tướng Chính phủ"},
          "cited eli:passed_by's label")


# Each task as read off the letter:
# section path -> (assignees, lead, cooperating bodies, modality, due dates, recurring dates,
#                  evidence quote, the words the letter's line of that item starts with)
TASKS = {
    # "1. Sở Giáo dục và Đào tạo"
    # "- Chủ trì, phối hợp với Hội Khuyến học tỉnh nâng cao tỷ lệ và chất lượng xóa mù chữ cho đồng bào
    #   dân tộc thiểu số, hoàn thành trước ngày 30/11/2021."  (first bullet of section 1: 1.1)
    "1.1": ({"Sở Giáo dục và Đào tạo"}, {"Sở Giáo dục và Đào tạo"}, {"Hội Khuyến học tỉnh"}, "order",
            {"2021-11-30"}, set(),
            "Chủ trì, phối hợp với Hội Khuyến học tỉnh nâng cao tỷ lệ và chất lượng xóa mù chữ cho đồng bào "
            "dân tộc thiểu số, hoàn thành trước ngày 30/11/2021.",
            "- Chủ trì, phối hợp với Hội Khuyến học tỉnh"),
    # "2. Đề nghị Hội Khuyến học tỉnh phát động phong trào học tập suốt đời trong gia đình, dòng họ,
    #   cộng đồng."  (an inline task: 2; "Đề nghị" makes it a request; no lead, no partner, no date)
    "2": ({"Hội Khuyến học tỉnh"}, set(), set(), "request", set(), set(),
          "phát động phong trào học tập suốt đời trong gia đình, dòng họ, cộng đồng.",
          "2. Đề nghị Hội Khuyến học tỉnh phát động"),
}


def _tasks(graph: Graph, doc: URIRef) -> dict[str, URIRef]:
    found: dict[str, list[URIRef]] = {}
    for t in graph.subjects(PKG.assignedBy, doc):
        found.setdefault(str(_one(graph, t, PKG.sectionPath)), []).append(t)
    assert all(len(v) == 1 for v in found.values()), f"two tasks at one path: {found}"
    return {k: v[0] for k, v in found.items()}


def test_task_paths(graph: Graph, doc: URIRef) -> None:
    _same(sorted(_tasks(graph, doc)), sorted(TASKS), "pkg:sectionPath of the tasks")


@pytest.mark.parametrize("path", sorted(TASKS))
def test_task(graph: Graph, doc: URIRef, path: str) -> None:
    assignees, lead, partners, modality, due, recurring, _, _ = TASKS[path]
    task = _tasks(graph, doc).get(path)
    assert task is not None, f"no task at {path}"
    _same(_vi_labels(graph, _objects(graph, task, PKG.assignee)), assignees, f"{path} pkg:assignee labels")
    _same(_vi_labels(graph, _objects(graph, task, PKG.lead)), lead, f"{path} pkg:lead labels")
    _same(_vi_labels(graph, _objects(graph, task, PKG.cooperatingBody)), partners,
          f"{path} pkg:cooperatingBody labels")
    _same(_vi_labels(graph, {_one(graph, task, PKG.modality)}, SKOS.prefLabel) & {"yêu cầu", "đề nghị"},
          {"order": {"yêu cầu"}, "request": {"đề nghị"}}[modality], f"{path} pkg:modality")
    deadlines = _objects(graph, task, PKG.deadline)
    _same({str(d) for dl in deadlines for d in graph.objects(dl, PKG.dueDate)}, due, f"{path} pkg:dueDate")
    _same({str(d) for dl in deadlines for d in graph.objects(dl, PKG.recurringDate)}, recurring,
          f"{path} pkg:recurringDate")
    for dl in deadlines:
        for d in graph.objects(dl, PKG.dueDate):
            _same(d.datatype, XSD_DATE, f"{path} pkg:dueDate datatype")


@pytest.mark.parametrize("path", sorted(TASKS))
def test_task_evidence_quotes_the_letter(graph: Graph, doc: URIRef, letter_text: str, path: str) -> None:
    *_, quote, line_start = TASKS[path]
    task = _tasks(graph, doc)[path]
    evidence = [e for e in graph.objects(task, PKG.evidence) if (e, PKG.supports, PKG.text) in graph]
    assert len(evidence) == 1, f"{path}: evidence for pkg:text: {evidence}"
    selectors = _objects(graph, evidence[0], OA.hasSelector)
    quotes = [s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in graph]
    positions = [s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in graph]
    assert len(quotes) == 1 and len(positions) == 1, f"{path}: selectors {sorted(map(str, selectors))}"
    exact = str(_one(graph, quotes[0], OA.exact))
    start = int(_one(graph, positions[0], OA.start))
    end = int(_one(graph, positions[0], OA.end))
    _same(exact, quote, f"{path} oa:exact")
    _same(letter_text[start:end], exact, f"{path} the letter's text at oa:start..oa:end ({start}..{end})")
    line = letter_text[letter_text.rfind("\n", 0, start) + 1:]
    assert line.startswith(line_start), f"{path}: the quote's line starts {line[:60]!r}, want {line_start!r}"
    _same(str(_one(graph, task, PKG.text)), quote, f"{path} pkg:text")
