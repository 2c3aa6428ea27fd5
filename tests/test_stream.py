"""`policykg build --store oxigraph:DIR`: the streaming build gives the graph the in-memory
build gives, on every core, atomically; trace reads it through SPARQL."""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.plugins.serializers.nt import _quoteLiteral

from policykg.cli import main
from policykg.files import expand_sources
from policykg.namespaces import ELI, PKG
from policykg.sparql import OxigraphStore, RdflibStore
from policykg.store import load_dataset, merged
from policykg.stream import nt_literal
from policykg.text import path_slug, slug
from policykg.trace import resolve_ref, resolve_ref_in, trace, trace_in

from .conftest import LETTERS, ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from synth_corpus import generate  # noqa: E402


def named_quads(store: ox.Store) -> set[str]:
    return {str(q) for q in store if not isinstance(q.graph_name, ox.DefaultGraph)}


def default_triples(store: ox.Store) -> set[str]:
    return {str(ox.Triple(q.subject, q.predicate, q.object)) for q in store
            if isinstance(q.graph_name, ox.DefaultGraph)}


def file_build(trig: Path) -> ox.Store:
    """The file build's TriG in an in-memory store, to compare a streamed store with."""
    ref = ox.Store()
    ref.load(path=str(trig), format=ox.RdfFormat.TRIG)
    return ref


def assert_same(left: set[str], right: set[str], what: str) -> None:
    if left != right:
        diff = "\n".join(list(difflib.unified_diff(sorted(right), sorted(left), lineterm="", n=0))[:40])
        pytest.fail(f"{what} differ ({len(left - right)} extra, {len(right - left)} missing):\n{diff}")


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The seeds and the test letters, built both ways."""
    tmp = tmp_path_factory.mktemp("stream")
    r = CliRunner().invoke(main, ["build", "--source", str(LETTERS), "--out", str(tmp / "files")])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(main, ["build", "--source", str(LETTERS), "--store", f"oxigraph:{tmp / 'store'}", "-j", "2"])
    assert r.exit_code == 0, r.output
    # the seeds and every test letter (more letters come with each layout the parser learns)
    letters = len(expand_sources([LETTERS])) + len(expand_sources([ROOT / "graph" / "sources"]))
    assert f"{letters} letters" in r.output and "0 violations" in r.output
    return tmp / "files" / "policykg.trig", tmp / "store"


def test_streamed_store_equals_the_file_build(both: tuple[Path, Path]) -> None:
    trig, where = both
    ref = file_build(trig)
    store = ox.Store(str(where))
    # the default graph holds the merge of the file build's named graphs: what queries read
    assert_same(default_triples(store), {str(ox.Triple(q.subject, q.predicate, q.object)) for q in ref},
                "default graph and merged named graphs")
    assert named_quads(store) == set()


def test_named_graphs_when_asked(tmp_path: Path, both: tuple[Path, Path]) -> None:
    trig, where = both
    r = CliRunner().invoke(main, ["build", "--source", str(LETTERS), "--store", f"oxigraph:{tmp_path / 's'}",
                                  "--named-graphs", "-j", "2"])
    assert r.exit_code == 0, r.output
    ref = file_build(trig)
    store = ox.Store(str(tmp_path / "s"))
    assert_same(named_quads(store), {str(q) for q in ref}, "named graphs")
    assert_same(default_triples(store), default_triples(ox.Store(str(where))), "default graphs")
    r = CliRunner().invoke(main, ["build", "--source", str(LETTERS), "--out", str(tmp_path / "f"), "--named-graphs"])
    assert r.exit_code == 2 and "--named-graphs goes with --store" in r.output


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test letters and 20 synthetic ones: more chunks (16 letters each) than workers."""
    folder = tmp_path_factory.mktemp("corpus")
    generate(20, folder / "synthetic", seed=11)
    for p in LETTERS.glob("*.md"):
        (folder / p.name).write_bytes(p.read_bytes())
    return folder


@pytest.mark.parametrize("named", [False, True])
def test_one_process_and_two_give_the_same_store(tmp_path: Path, small_corpus: Path, named: bool,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from policykg import workers

    pools: list[int] = []
    real_pool = workers.pool

    def counted(jobs: int, *args: object) -> object:
        pools.append(jobs)
        return real_pool(jobs, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(workers, "pool", counted)
    extra = ["--named-graphs"] if named else []
    r = CliRunner().invoke(main, ["build", "--source", str(small_corpus), "--store", f"oxigraph:{tmp_path / 'one'}",
                                  "-j", "1", *extra])
    assert r.exit_code == 0, r.output
    letters = 2 + 20 + len(list(LETTERS.glob("*.md")))  # the seeds, the synthetic ones, the test letters
    assert f"{letters} letters in" in r.output and "on 1 process\n" in r.output and pools == []
    r = CliRunner().invoke(main, ["build", "--source", str(small_corpus), "--store", f"oxigraph:{tmp_path / 'two'}",
                                  "-j", "2", "--parallel-min", "1", *extra])
    assert r.exit_code == 0, r.output
    # a pool of two for each pass: the corpus index, then the letters' quads
    assert f"{letters} letters in" in r.output and "on 2 processes\n" in r.output and pools == [2, 2]
    one, two = ox.Store(str(tmp_path / "one")), ox.Store(str(tmp_path / "two"))
    assert len(one) > 10000
    assert_same({str(q) for q in two}, {str(q) for q in one}, "stores on two processes and on one")


def test_file_build_on_two_processes_writes_the_same_bytes(tmp_path: Path, small_corpus: Path) -> None:
    for jobs in ("1", "2"):
        r = CliRunner().invoke(main, ["build", "--source", str(small_corpus), "--out", str(tmp_path / jobs),
                                      "-j", jobs, "--parallel-min", "1"])
        assert r.exit_code == 0, r.output
        assert f"on {jobs} process{'es' if jobs == '2' else ''})" in r.output
    for name in ("policykg.trig", "policykg.ttl", "policykg.jsonld"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name


def test_trace_in_the_store_equals_trace_in_memory(both: tuple[Path, Path]) -> None:
    trig, where = both
    g = merged(load_dataset(trig))
    stores = [OxigraphStore(where), RdflibStore(g)]
    nodes = sorted(set(g.subjects(PKG.derivation, None)) | set(g.subjects(ELI.number, None)))
    assert len(nodes) > 100
    for node in nodes:
        expected = trace(g, node).as_json()
        for store in stores:
            assert trace_in(store, node).as_json() == expected, (type(store).__name__, node)
    for ref in ("3597/UBND-KGVX#1.4", "1120/UBND-VX#2", "11-CT/TW"):
        assert resolve_ref_in(stores[0], ref) == resolve_ref(g, ref)


def test_trace_cli_on_the_store(both: tuple[Path, Path]) -> None:
    _, where = both
    r = CliRunner().invoke(main, ["trace", "--store", f"oxigraph:{where}", "1120/UBND-VX#2"])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0].startswith("1120/UBND-VX 2")
    assert any("[inherited] Công văn 3597/UBND-KGVX" in ln for ln in lines)
    assert any("Chỉ thị 11-CT/TW" in ln for ln in lines)
    # the top of the chain has no derivation: said so, not a traceback
    r = CliRunner().invoke(main, ["trace", "--store", f"oxigraph:{where}", "11-CT/TW"])
    assert r.exit_code == 0, r.output
    assert "top of the chain" in r.output
    r = CliRunner().invoke(main, ["trace", "--store", f"oxigraph:{where}", "999/XX-YY"])
    assert r.exit_code == 1 and r.output == "Error: 999/XX-YY: no document with this number in the graph\n"


def test_library_queries_read_the_default_graph(both: tuple[Path, Path]) -> None:
    store = OxigraphStore(both[1])
    assert store.union is False
    _, rows = store.select("PREFIX eli: <http://data.europa.eu/eli/ontology#>\n"
                           "SELECT ?n WHERE { ?d eli:number ?n } ORDER BY ?n LIMIT 2", {})
    # the numbers the file build holds, whichever letters the tests carry
    numbers = sorted({str(q.object.value) for q in file_build(both[0])
                      if q.predicate == ox.NamedNode("http://data.europa.eu/eli/ontology#number")})
    assert [str(r["n"]) for r in rows] == numbers[:2] and "08-CT/TU" in numbers and "11-CT/TW" in numbers


def test_failed_build_keeps_the_previous_store(tmp_path: Path, both: tuple[Path, Path]) -> None:
    where = tmp_path / "store"
    r = CliRunner().invoke(main, ["build", "--store", f"oxigraph:{where}"])
    assert r.exit_code == 0, r.output
    before = default_triples(ox.Store(str(where)))
    assert len(before) > 3000
    binary = tmp_path / "scan.md"
    binary.write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00")
    r = CliRunner().invoke(main, ["build", "--source", str(binary), "--store", f"oxigraph:{where}", "--strict"])
    assert r.exit_code == 1
    assert r.output == (f"Error: {binary}: is a binary file, not a text document\n"
                        "Error: 1 file(s) refused; nothing written (--strict)\n")
    assert default_triples(ox.Store(str(where))) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scan.md", "store"]  # no half-built store left


def test_store_target_that_is_something_else(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "keep.txt").write_text("mine", encoding="utf-8")
    r = CliRunner().invoke(main, ["build", "--store", f"oxigraph:{tmp_path / 'notes'}"])
    assert r.exit_code == 1 and "is not an Oxigraph store" in r.output
    assert (tmp_path / "notes" / "keep.txt").read_text(encoding="utf-8") == "mine"
    for bad in (["--store", "sqlite:x"], ["--store", "oxigraph:x", "--out", "y"], ["--shacl"]):
        r = CliRunner().invoke(main, ["build", *bad])
        assert r.exit_code != 0 and "Traceback" not in r.output, bad


def phases(stderr: str) -> list[str]:
    """The phases without a bar, from their pairs of lines `NAME ...` and `NAME done in 1.2s`."""
    lines = [line for line in stderr.splitlines() if not line.startswith(("parse ", "build ", "Error"))]
    names = [line.split()[0] for line in lines[::2]]
    assert lines[::2] == [f"{n:<6} ..." for n in names], lines
    assert [re.fullmatch(rf"{re.escape(n)} +done in \d+\.\ds", end) is not None for n, end in zip(names, lines[1::2])] == [True] * len(names), lines
    assert len(lines) == 2 * len(names), lines
    return names


def test_many_letters_show_progress_and_throughput(tmp_path: Path) -> None:
    generate(60, tmp_path / "letters", seed=7)
    r = CliRunner().invoke(main, ["build", "--only", "--source", str(tmp_path / "letters"),
                                  "--store", f"oxigraph:{tmp_path / 'store'}", "--shacl"])
    assert r.exit_code == 0, r.output
    assert "parse  [##############################] 60/60" in r.output
    assert "build  [##############################] 60/60" in r.output
    # each phase that counts no letters says when it starts and how long it took, in order
    assert phases(r.stderr) == ["align", "load", "checks", "count"]
    assert "built oxigraph:" in r.output and "60 letters" in r.output and "letters/s" in r.output
    assert "0 violations" in r.output
    store = OxigraphStore(tmp_path / "store")
    _, rows = store.select("PREFIX pkg: <https://w3id.org/policykg/ontology#>\n"
                           "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s pkg:sourceText ?t }", {})
    assert int(rows[0]["n"]) == 60
    # the in-memory build of the same letters reports its parse throughput too, and the processes
    # it ran on: 60 letters are fewer than a pool is started for, unless --parallel-min says so
    r = CliRunner().invoke(main, ["build", "--only", "--source", str(tmp_path / "letters"), "--out", str(tmp_path / "f"),
                                  "-j", "2"])
    assert r.exit_code == 0, r.output
    assert "parsed 60 letters in" in r.output and "letters/s on 1 process)" in r.output
    assert "build  [##############################] 60/60" in r.stderr
    assert phases(r.stderr) == ["align", "load", "checks", "count", "lineage", "write"]
    r = CliRunner().invoke(main, ["build", "--only", "--source", str(tmp_path / "letters"), "--out", str(tmp_path / "f"),
                                  "-j", "2", "--parallel-min", "60"])
    assert r.exit_code == 0, r.output
    assert "parsed 60 letters in" in r.output and "letters/s on 2 processes)" in r.output


def test_a_store_without_the_merged_default_graph_is_read_as_a_union(tmp_path: Path) -> None:
    older = ox.Store(str(tmp_path / "older"))
    older.add(ox.Quad(ox.NamedNode("https://example.org/d"), ox.NamedNode(str(ELI.number)), ox.Literal("1/CT-TTg"),
                      ox.NamedNode("https://example.org/g")))
    older.flush()
    del older
    store = OxigraphStore(tmp_path / "older")
    assert store.union is True
    _, rows = store.select("PREFIX eli: <http://data.europa.eu/eli/ontology#>\nSELECT ?n WHERE { ?d eli:number ?n }", {})
    assert [str(r["n"]) for r in rows] == ["1/CT-TTg"]


def test_load_keeps_named_graphs_and_fills_the_default_graph(tmp_path: Path, both: tuple[Path, Path]) -> None:
    trig, _ = both
    r = CliRunner().invoke(main, ["load", "--graph", str(trig), "--store", f"oxigraph:{tmp_path / 's'}"])
    assert r.exit_code == 0, r.output
    ref = file_build(trig)
    assert r.output.startswith(f"loaded {trig} into oxigraph:{tmp_path / 's'}: ")
    assert r.output.endswith(f" triples, {len(ref)} quads\n")
    store = ox.Store(str(tmp_path / "s"))
    assert_same(named_quads(store), {str(q) for q in ref}, "named graphs")
    assert len(default_triples(store)) == len({(q.subject, q.predicate, q.object) for q in ref})


def test_failed_load_keeps_the_previous_store(tmp_path: Path, both: tuple[Path, Path]) -> None:
    trig, _ = both
    where = f"oxigraph:{tmp_path / 's'}"
    assert CliRunner().invoke(main, ["load", "--graph", str(trig), "--store", where]).exit_code == 0
    before = named_quads(ox.Store.read_only(str(tmp_path / "s")))
    bad = tmp_path / "bad.trig"
    # the first half of a good file, then a broken statement: the loader has read quads by then
    text = trig.read_text(encoding="utf-8")
    bad.write_text(text[: len(text) // 2].rsplit("\n", 1)[0] + "\n<urn:a> <urn:b> .\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["load", "--graph", str(bad), "--store", where])
    assert r.exit_code == 1 and r.output.startswith(f"Error: {bad}: cannot be read: ")
    assert len(r.output.strip().splitlines()) == 1
    assert_same(named_quads(ox.Store.read_only(str(tmp_path / "s"))), before, "store after a failed load")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.trig", "s"]


def test_load_refuses_a_folder_that_is_no_store(tmp_path: Path, both: tuple[Path, Path]) -> None:
    trig, _ = both
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "keep.txt").write_text("mine", encoding="utf-8")
    r = CliRunner().invoke(main, ["load", "--graph", str(trig), "--store", f"oxigraph:{tmp_path / 'notes'}"])
    assert r.exit_code == 1 and "is not an Oxigraph store; nothing written" in r.output
    assert (tmp_path / "notes" / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_store_checks_before_and_after_alignment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # letters built without quotes and without lineage: task-without-evidence runs beside
    # alignment (scope: sources), task-without-lineage after it; on one process the builder
    # runs here, so the faults reach the store
    from policykg import build
    from policykg.queries import library
    from policykg.stream import build_store

    assert sorted(q.name for q in library(checks=True) if q.scope == "sources") == [
        "document-without-number-violation", "source-document-header-violation", "task-without-assignee-violation",
        "task-without-evidence-violation"]
    monkeypatch.setattr(build._DocBuilder, "quote", lambda self, *a: None)
    monkeypatch.setattr(build._DocBuilder, "task_lineage", lambda self, *a: None)
    letter = LETTERS / "binh-dinh_cong-van-tm-ubnd.md"
    with pytest.raises(build.BuildError, match=r"violation\(s\), first: task-without-evidence-violation"):
        build_store([letter], tmp_path / "store", jobs=1)
    assert not (tmp_path / "store").exists()
    report = build_store([letter], tmp_path / "store", jobs=1, force=True)
    checks = [v for v in report.violations if not v.startswith("Violation: ")]
    found = {v.split(":")[0] for v in checks}
    assert found == {"task-without-evidence-violation", "task-without-lineage-violation"}
    rec = build.read_source_doc(letter).record
    count = {name: sum(1 for v in checks if v.startswith(name)) for name in found}
    # every task and closing obligation lacks its quote; the tasks, not the closings, their lineage
    assert count == {"task-without-evidence-violation": len(rec["tasks"]) + len(rec["closing"]),
                     "task-without-lineage-violation": len(rec["tasks"])}
    # the shapes, after alignment too, find the same missing quotes, and the document's own
    shapes = [v.rsplit("[", 1)[1].rstrip("]") for v in report.violations if v.startswith("Violation: ")]
    assert sorted(set(shapes)) == ["SourceDocument-evidence", "Task-evidence"]
    assert shapes.count("Task-evidence") == len(rec["tasks"]) + len(rec["closing"])
    assert shapes.count("SourceDocument-evidence") == 1


@given(st.text(), st.sampled_from([None, "vi", "en"]))
def test_literals_written_straight_are_rdflibs(text: str, lang: str | None) -> None:
    # the streaming build writes task texts and quotes without rdflib's Literal: the same N-Triples
    assert nt_literal(text, lang=lang) == _quoteLiteral(Literal(text, lang=lang))


@given(st.integers(min_value=0, max_value=10**9))
def test_offsets_written_straight_are_rdflibs(offset: int) -> None:
    nni = URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")
    assert nt_literal(offset, datatype=nni) == _quoteLiteral(Literal(offset, datatype=nni))


def test_every_iri_of_the_store_passes_a_strict_load(both: tuple[Path, Path]) -> None:
    # the letters are bulk-loaded leniently (Oxigraph skips its IRI check): re-loading all the
    # store holds with the check on finds any IRI the build should not have minted
    store = ox.Store.read_only(str(both[1]))
    dumped = store.dump(format=ox.RdfFormat.N_QUADS)
    strict = ox.Store()
    strict.bulk_load(dumped, format=ox.RdfFormat.N_QUADS)
    assert len(strict) == len(store) > 5000


def test_lenient_load_would_take_a_bad_iri() -> None:
    # what the strict re-load above guards against: the lenient load takes an IRI with a space
    bad = b"<https://w3id.org/policykg/id/doc/a b> <http://p> \"x\" .\n"
    with pytest.raises(SyntaxError, match="Invalid IRI code point"):
        ox.Store().bulk_load(bad, format=ox.RdfFormat.N_QUADS)
    lenient = ox.Store()
    lenient.bulk_load(bad, format=ox.RdfFormat.N_QUADS, lenient=True)
    assert len(lenient) == 1


@given(st.text())
def test_iri_parts_made_from_text_are_plain_ascii(text: str) -> None:
    # names, numbers and section paths enter IRIs only through these two
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*|", slug(text))
    assert re.fullmatch(r"[A-Za-z0-9.]+(?:-[A-Za-z0-9.]+)*|", path_slug(text))


def test_letter_changed_between_passes_is_refused(tmp_path: Path) -> None:
    # the second pass builds from the first pass's record: a file edited in between would get
    # quotes and offsets that do not match its text, so the build stops instead
    from policykg import build, stream

    letter = tmp_path / "kien-giang.md"
    letter.write_bytes((ROOT / "graph" / "sources" / "kien-giang_cong-van-851-ubnd-kgvx_2021-06-18.md").read_bytes())
    stream._init_worker(str(build.default_authority()), {}, False)
    parsed = stream._parse_one(letter)
    assert isinstance(parsed, stream.Parsed) and parsed.entry[1] == "851/UBND-KGVX"
    assert stream._reread(parsed).record == build.read_source_doc(letter).record
    letter.write_text(letter.read_text(encoding="utf-8") + "\nThêm một dòng.\n", encoding="utf-8")
    with pytest.raises(build.BuildError, match=r"kien-giang\.md: changed while the build read it; nothing written"):
        stream._reread(parsed)
