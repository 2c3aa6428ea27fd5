"""Lineage: exact chains, SPARQL and networkx agreeing, cycles, export, trace and coverage."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Graph

from policykg.cli import main
from policykg.lineage import LineageError, ancestors, check_acyclic, depth, lineage_graph, roots
from policykg.namespaces import ELI, PKG
from policykg.trace import resolve_ref

from .conftest import RELEASE

DN, KG = "3597/UBND-KGVX", "851/UBND-KGVX"


def ancestor_numbers(g: Graph, ref: str) -> set[str]:
    dg = lineage_graph(g)
    node = resolve_ref(g, ref)
    return {str(g.value(a, ELI.number)) for a in ancestors(dg, node) if g.value(a, ELI.number)}


@pytest.mark.parametrize(
    ("ref", "must_reach"),
    [
        (f"{DN}#1.1", {"262/KH-UBND", "489/QĐ-TTg", "49-KL/TW", "11-CT/TW", "14/CT-TTg", DN}),
        (f"{KG}#6.a", {"141/KH-UBND", "49-KL/TW", "11-CT/TW", "37/KH-UBND", "14/CT-TTg", KG}),
        (f"{KG}#3.c", {"24/CT-TTg", "14/CT-TTg", KG}),
        (f"{DN}#1.4", {"08-CT/TU", "14/CT-TTg", DN}),
        (f"{DN}#3.3", {"24/CT-TTg", "14/CT-TTg", DN}),
    ],
)
def test_exact_chains(release_graph: Graph, ref: str, must_reach: set[str]) -> None:
    got = ancestor_numbers(release_graph, ref)
    assert must_reach <= got, f"missing {must_reach - got}"
    # and nothing beyond the chain the letters and the authority data state
    allowed = must_reach | {"489/QĐ-TTg", "49-KL/TW", "11-CT/TW"}
    assert got <= allowed, f"unexpected {got - allowed}"


def test_every_task_reaches_ct14_and_ct11(release_graph: Graph) -> None:
    dg = lineage_graph(release_graph)
    tasks = sorted(set(release_graph.subjects(PKG.assignedBy, None)) - set(release_graph.subjects(None, PKG.SharedTask)))
    assert len(tasks) == 49  # 20 + 1 closing (Đắk Nông), 27 + 1 closing (Kiên Giang)
    for t in tasks:
        nums = {str(release_graph.value(a, ELI.number)) for a in ancestors(dg, t)}
        assert {"14/CT-TTg", "11-CT/TW"} <= nums, t


def test_sparql_and_networkx_agree(release_graph: Graph) -> None:
    dg = lineage_graph(release_graph)
    q = "PREFIX pkg: <https://w3id.org/policykg/ontology#> SELECT ?a WHERE { ?t pkg:derivesFrom+ ?a }"
    tasks = sorted(set(release_graph.subjects(PKG.assignedBy, None)))
    assert tasks
    for t in tasks:
        via_sparql = {row[0] for row in release_graph.query(q, initBindings={"t": t})}
        assert via_sparql == ancestors(dg, t), t


def test_roots_and_depth(release_graph: Graph) -> None:
    dg = lineage_graph(release_graph)
    top = {str(release_graph.value(r, ELI.number)) for r in roots(dg)}
    # CT 11-CT/TW is the top; cited documents with no stated parent are roots of their own
    assert "11-CT/TW" in top
    assert "14/CT-TTg" not in top and "49-KL/TW" not in top
    t = resolve_ref(release_graph, f"{DN}#1.1")
    # task -> letter -> CT 14 -> QĐ 489 -> KL 49 -> CT 11
    assert depth(dg, t) == 5


def test_a_cycle_is_a_data_error() -> None:
    dg = nx.DiGraph()
    for n in "abc":
        dg.add_node(n, label=f"văn bản {n}", kind="document", number=n)
    dg.add_edges_from([("a", "b"), ("b", "c"), ("c", "a")])
    with pytest.raises(LineageError, match="cycle: văn bản .* -> văn bản .* -> văn bản"):
        check_acyclic(dg)


def test_trace_cli_text_and_json() -> None:
    r = CliRunner().invoke(main, ["trace", f"{DN}#1.4", "--graph", str(RELEASE)])
    assert r.exit_code == 0, r.output
    assert "cites [cited] Chỉ thị 08-CT/TU" in r.output
    assert "continues [stated]" in r.output and "11-CT/TW" in r.output
    r = CliRunner().invoke(main, ["trace", f"{DN}#1.1", "--json", "--graph", str(RELEASE)])
    data = json.loads(r.stdout)
    assert data["start"]["number"] is None and data["start"]["kind"] == "task"
    for path in data["paths"]:
        assert set(path[0]) == {"iri", "label", "kind", "number", "relation", "basis", "score", "evidence"}
        for step in path[1:]:
            assert step["basis"] in {"stated", "cited", "inherited", "inferred"}
            if step["kind"] == "document":
                assert step["number"]
            if step["basis"] == "inferred":
                assert 0 < step["score"] <= 1
    tops = {p[-1]["number"] for p in data["paths"]}
    assert "11-CT/TW" in tops


def test_trace_errors_and_text_search(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["trace", "9999/UBND-KGVX#1", "--graph", str(RELEASE)])
    assert r.exit_code == 1 and r.output.strip() == "Error: 9999/UBND-KGVX: no document with this number in the graph"
    r = CliRunner().invoke(main, ["trace", f"{DN}#9.9", "--graph", str(RELEASE)])
    assert r.exit_code == 1 and "has no task 9.9" in r.output
    r = CliRunner().invoke(main, ["trace", "--text", "xóa mù chữ đồng bào dân tộc thiểu số", "--graph", str(RELEASE)])
    assert r.exit_code == 0
    first = r.output.splitlines()[0]
    assert "3597/UBND-KGVX 1.4" in first or "851/UBND-KGVX 1.d" in first or "6.d" in first
    # without diacritics, the same best match
    r2 = CliRunner().invoke(main, ["trace", "--text", "xoa mu chu dong bao dan toc thieu so", "--graph", str(RELEASE)])
    assert r2.exit_code == 0 and r2.output.splitlines()[0] == first


def test_ambiguous_number_lists_candidates(release_graph: Graph, tmp_path: Path) -> None:
    """Two documents numbered 14/CT-TTg exist (2019 and 2021): a bare number names both."""
    numbers = [str(o) for o in release_graph.objects(None, ELI.number)]
    assert numbers.count("14/CT-TTg") == 2
    r = CliRunner().invoke(main, ["trace", "14/CT-TTg", "--graph", str(RELEASE)])
    assert r.exit_code == 1
    assert "14/CT-TTg is ambiguous, 2 documents carry it" in r.output
    assert "/2019/14-ct-ttg" in r.output and "/2021/14-ct-ttg" in r.output


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"lineage.{fmt}"
    r = CliRunner().invoke(main, ["export", "--format", fmt, "-o", str(out), "--graph", str(RELEASE)])
    assert r.exit_code == 0, r.output
    g = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(out)
    assert any(d.get("number") == "11-CT/TW" for _, d in g.nodes(data=True))
    assert g.number_of_edges() > 100


EXPECTED_COVERAGE = {
    # shared task (by the Đắk Nông path(s) that carry it) -> Kiên Giang paths; 6.d carries two
    "1.1": "1.g", "1.2": "1.b", "1.3": "1.c", "1.4": "1.d, 6.d", "7.3": "6.d", "1.5": "1.e", "2.1": "2.a",
    "2.2": "2.c", "2.3": "2.b", "3.1": "3.a", "3.2": "3.b", "3.3": "3.c", "4": "4", "5.1, 7.5": "6.g",
    "5.2": "7", "6": "8", "7.1": "6.a", "7.2": "6.b", "7.4": "6.e",
}


def test_coverage_matrix_of_the_seeds() -> None:
    r = CliRunner().invoke(main, ["coverage", "--format", "json", "--graph", str(RELEASE)])
    assert r.exit_code == 0, r.output
    cov = json.loads(r.stdout)
    dn = next(c for c in cov["columns"] if DN in c)
    kg = next(c for c in cov["columns"] if KG in c)
    got = {row["cells"][dn]: row["cells"][kg] for row in cov["rows"]}
    assert got == EXPECTED_COVERAGE


# --- provenance of the curated authority data (issue 18) ----------------------------------------

AUTHORITY = RELEASE.parent / "authority.ttl"
SEED_DOCS = {
    "https://w3id.org/policykg/id/doc/dak-nong/uy-ban-nhan-dan/cong-van/2021/3597-ubnd-kgvx":
        "dak-nong_cong-van-3597-ubnd-kgvx_2021-07-12.md",
    "https://w3id.org/policykg/id/doc/kien-giang/uy-ban-nhan-dan/cong-van/2021/851-ubnd-kgvx":
        "kien-giang_cong-van-851-ubnd-kgvx_2021-06-18.md",
}


def _plain(text: str) -> str:
    """A letter's words as a reader sees them: no Markdown bold marks, one space between words."""
    return " ".join(text.replace("*", "").split())


def test_every_authority_fact_quotes_a_public_document() -> None:
    from rdflib.namespace import DCTERMS, ORG, PROV, RDF

    from policykg.namespaces import OA

    auth = Graph().parse(AUTHORITY, format="turtle")
    letters = {iri: _plain((RELEASE.parent / "sources" / name).read_text(encoding="utf-8"))
               for iri, name in SEED_DOCS.items()}
    subjects = set(auth.subjects(RDF.type, ELI.LegalResource)) | set(auth.subjects(RDF.type, ORG.Organization))
    assert len(subjects) == 19  # 11 documents, 8 bodies
    quoted_in_letters = 0
    for s in sorted(subjects):
        evidence = list(auth.objects(s, PKG.evidence))
        assert evidence, s
        sources = {auth.value(ev, OA.hasSource) for ev in evidence}
        assert set(auth.objects(s, PROV.wasDerivedFrom)) == sources, s
        for ev in evidence:
            source = str(auth.value(ev, OA.hasSource))
            exact = str(auth.value(auth.value(ev, OA.hasSelector), OA.exact))
            citation = str(auth.value(ev, DCTERMS.bibliographicCitation))
            if source in letters:
                # a letter's words, word for word, so that anyone can find them in it
                assert exact in letters[source], (s, exact)
                quoted_in_letters += 1
            else:
                # no letter states it: the document itself is the source, and the citation says so
                assert source == str(s), (s, source)
                assert "không có trong kho" in citation, (s, citation)
    assert quoted_in_letters == 20  # 10 for the bodies, 10 for the documents
    assert not any("domain" in str(t).casefold() for triple in auth for t in triple)


# Written by hand from the letters: 3597/UBND-KGVX states 262 -> 489 and 49 -> 11 in its opening
# sentence, 851/UBND-KGVX states 141 -> 49; that 14/CT-TTg implements 489/QĐ-TTg no letter states.
CT14_TO_QD489 = ("14/CT-TTg thực hiện 489/QĐ-TTg — không văn bản nào trong kho nêu quan hệ này; nguồn là chính "
                 "Chỉ thị 14/CT-TTg (không có trong kho), có tên: “đẩy mạnh công tác khuyến học, khuyến tài, xây "
                 "dựng xã hội học tập giai đoạn 2021-2030”")
KL49_TO_CT11 = ("49-KL/TW tiếp tục thực hiện 11-CT/TW — Công văn 3597/UBND-KGVX: “Kết luận số 49-KL/TW ngày "
                "10/5/2019 của Ban Bí thư về việc tiếp tục thực hiện Chỉ thị số 11-CT/TW”")


def _trace_json(ref: str) -> dict:
    r = CliRunner().invoke(main, ["trace", ref, "--json", "--graph", str(RELEASE)])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_trace_of_a_seed_task_quotes_public_sources() -> None:
    paths = _trace_json(f"{DN}#1.1")["paths"]
    via_letter = [p for p in paths if [s["relation"] for s in p[1:]] ==
                  ["assigned-by", "implements", "implements", "implements", "continues"]]
    assert len(via_letter) == 1
    assert [(s["number"], s["basis"], s["evidence"]) for s in via_letter[0][2:]] == [
        ("14/CT-TTg", "stated", "Chỉ thị số 14/CT-TTg ngày 25/5/2021 của Thủ tướng Chính phủ về đẩy mạnh công tác "
                                "khuyến học, khuyến tài, xây dựng xã hội học tập giai đoạn 2021-2030"),
        ("489/QĐ-TTg", "stated", CT14_TO_QD489),
        # of the link's two quotes (3597's citation of 489/QĐ-TTg, and the authority's, which says
        # what it implements) the one that names 49-KL/TW
        ("49-KL/TW", "stated", "489/QĐ-TTg thực hiện 49-KL/TW — Công văn 3597/UBND-KGVX: “Quyết định số 489/QĐ-TTg "
                               "ngày 08/4/2020 của Thủ tướng Chính phủ ban hành Kế hoạch thực hiện Kết luận số 49-KL/TW”"),
        ("11-CT/TW", "stated", KL49_TO_CT11),
    ]
    via_plan = [p for p in paths if p[1]["number"] == "262/KH-UBND"]
    assert [s["evidence"] for s in via_plan[0][2:3]] == [
        "262/KH-UBND thực hiện 489/QĐ-TTg — Công văn 3597/UBND-KGVX: “Kế hoạch số 262/KH-UBND ngày 25/5/2020 của "
        "UBND tỉnh về thực hiện Quyết định số 489/QĐ-TTg”"]
    kg = _trace_json(f"{KG}#6.a")["paths"]
    via_141 = [p for p in kg if p[1]["number"] == "141/KH-UBND"]
    assert [(s["number"], s["evidence"]) for s in via_141[0][2:]] == [
        ("49-KL/TW", "141/KH-UBND thực hiện 49-KL/TW — Công văn 851/UBND-KGVX: “Kế hoạch số 141/KH-UBND ngày "
                     "17/9/2020 của UBND tỉnh về việc thực hiện Kết luận số 49-KL/TW”"),
        ("11-CT/TW", KL49_TO_CT11),
    ]


def test_no_trace_of_the_seeds_cites_the_projects_notes(release_graph: Graph) -> None:
    from rdflib.namespace import RDF

    from policykg.trace import trace

    dg = lineage_graph(release_graph)
    starts = (set(release_graph.subjects(RDF.type, PKG.Task)) | set(release_graph.subjects(RDF.type, PKG.SharedTask))
              | set(release_graph.subjects(ELI.number, None)))
    evidence = {s.evidence for n in starts for p in trace(release_graph, n, dg).paths for s in p[1:]}
    assert len(evidence) > 50
    assert [e for e in evidence if "domain" in e or "brief" in e or "project" in e] == []
