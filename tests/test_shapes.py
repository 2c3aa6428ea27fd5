"""Every SHACL shape has a valid and an invalid example: the valid one conforms, the
invalid one is caught by that very shape with a message."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

ONTO = Path(__file__).resolve().parent.parent / "ontology"
SHAPES = Graph().parse(ONTO / "shapes.ttl", format="turtle")
ONTOLOGY = Graph().parse(ONTO / "policykg.ttl", format="turtle")
NODE_SHAPES = sorted(str(s) for s in SHAPES.subjects(RDF.type, SH.NodeShape))


def local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


def run(example: Path) -> tuple[bool, Graph, str]:
    data = Graph().parse(example, format="turtle")
    conforms, report, text = validate(data, shacl_graph=SHAPES, ont_graph=ONTOLOGY, inference="none",
                                      advanced=True)
    return conforms, report, text


def owned_by(shape: str) -> set[str]:
    """The node shape and its property shapes and SPARQL constraints."""
    s = URIRef(shape)
    own = {shape} | {str(p) for p in SHAPES.objects(s, SH.property)} | {str(p) for p in SHAPES.objects(s, SH.sparql)}
    return own


def test_there_are_shapes() -> None:
    assert len(NODE_SHAPES) >= 8
    assert {local(s) for s in NODE_SHAPES} >= {"DocumentShape", "TaskShape", "EvidenceShape", "DerivationShape"}


@pytest.mark.parametrize("shape", NODE_SHAPES, ids=local)
def test_valid_example_conforms(shape: str) -> None:
    example = ONTO / "examples" / f"{local(shape)}-valid.ttl"
    assert example.exists(), f"missing {example}"
    conforms, _, text = run(example)
    assert conforms, text


@pytest.mark.parametrize("shape", NODE_SHAPES, ids=local)
def test_invalid_example_is_caught_by_its_shape(shape: str) -> None:
    example = ONTO / "examples" / f"{local(shape)}-invalid.ttl"
    assert example.exists(), f"missing {example}"
    conforms, report, text = run(example)
    assert not conforms, f"{example.name} conforms"
    sources = {str(report.value(r, SH.sourceShape)) for r in report.subjects(RDF.type, SH.ValidationResult)}
    sources |= {str(report.value(r, SH.sourceConstraint)) for r in report.subjects(RDF.type, SH.ValidationResult)
                if report.value(r, SH.sourceConstraint) is not None}
    assert sources & owned_by(shape), f"caught by {sources}, not by {local(shape)}\n{text}"
    messages = [str(m) for m in report.objects(None, SH.resultMessage)]
    assert any(m for m in messages), text


def test_every_property_shape_has_messages_in_both_languages() -> None:
    for ps in set(SHAPES.subjects(RDF.type, SH.PropertyShape)) | set(SHAPES.subjects(RDF.type, SH.SPARQLConstraint)):
        langs = {m.language for m in SHAPES.objects(ps, SH.message)}
        assert langs == {"en", "vi"}, ps


# --- the shapes compiled to SPARQL (policykg.shapes), held to pySHACL as the oracle ------------

import random  # noqa: E402

import pyoxigraph as ox  # noqa: E402
from rdflib import BNode, Literal  # noqa: E402

from policykg.shapes import ShapeError, compiled_shapes, run_shapes  # noqa: E402
from policykg.sparql import OxigraphStore, RdflibStore  # noqa: E402
from policykg.store import load_dataset, merged  # noqa: E402
from policykg.validate import validate_graph  # noqa: E402

EXAMPLES = sorted((ONTO / "examples").glob("*.ttl"))


def verdicts(found: list) -> list[tuple[str, str]]:
    return sorted({(v.focus, v.shape) for v in found})


def oxigraph_of(g: Graph, tmp_path: Path) -> OxigraphStore:
    store = ox.Store(str(tmp_path / "store"))
    store.bulk_load(g.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
    return OxigraphStore.wrap(store, tmp_path / "store")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_compiled_shapes_agree_with_pyshacl_on_the_examples(example: Path, tmp_path: Path) -> None:
    data = Graph().parse(example, format="turtle")
    expected = verdicts(validate_graph(data))
    # the examples themselves say which: an invalid one is caught, a valid one is not
    assert bool(expected) == example.stem.endswith("-invalid")
    assert verdicts(run_shapes(RdflibStore(data))) == expected
    assert verdicts(run_shapes(oxigraph_of(data, tmp_path))) == expected


def test_compiled_shapes_report_what_pyshacl_reports() -> None:
    data = Graph().parse(ONTO / "examples" / "TaskShape-invalid.ttl", format="turtle")
    assert [v.line() for v in run_shapes(RdflibStore(data))] == [v.line() for v in validate_graph(data)] == [
        "Violation: <https://example.org/task> assignee: A task has at least one assignee, a body. [Task-assignee]"]


@pytest.fixture(scope="module")
def release() -> Graph:
    g = Graph()
    for t in merged(load_dataset(None)):
        g.add(t)
    return g


def test_neither_finds_anything_in_the_release_graph(release: Graph, tmp_path: Path) -> None:
    assert validate_graph(release) == []
    assert run_shapes(RdflibStore(release)) == []
    assert run_shapes(oxigraph_of(release, tmp_path)) == []


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_compiled_shapes_agree_with_pyshacl_on_damaged_graphs(release: Graph, seed: int, tmp_path: Path) -> None:
    """The release graph with a twentieth of its triples removed and 40 objects replaced by
    values of the wrong kind (empty strings, numbers, dates, IRIs, blank nodes): every shape gets
    violations of every sort, and both must name the same focus nodes and shapes."""
    from rdflib.namespace import XSD  # here: pytest's collection trips over the namespace object

    rnd = random.Random(seed)
    g = Graph()
    for t in release:
        g.add(t)
    triples = sorted(g)
    for t in rnd.sample(triples, len(triples) // 20):
        g.remove(t)
    wrong = [Literal(""), Literal("x"), Literal(2), Literal("1.5", datatype=XSD.decimal), URIRef("https://example.org/x"),
             BNode(), Literal("2020-01-01", datatype=XSD.date), Literal("--12-15", datatype=XSD.gMonthDay)]
    for s, p, _ in rnd.sample(triples, 40):
        g.add((s, p, rnd.choice(wrong)))
    expected = verdicts(validate_graph(g))
    assert len({shape for _, shape in expected}) >= 10, expected
    assert verdicts(run_shapes(RdflibStore(g))) == expected
    assert verdicts(run_shapes(oxigraph_of(g, tmp_path))) == expected


def test_a_shape_feature_the_compiler_does_not_know_is_an_error(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text((ONTO / "shapes.ttl").read_text(encoding="utf-8").replace(
        "sh:minLength 1 ;\n    sh:message \"A document has exactly one number.",
        "sh:pattern \"^[0-9]\" ;\n    sh:message \"A document has exactly one number."), encoding="utf-8")
    with pytest.raises(ShapeError, match="Document-number: SHACL feature http://www.w3.org/ns/shacl#pattern"):
        compiled_shapes(shapes)


def test_every_shape_is_compiled() -> None:
    names = {local(s.shape) for s in compiled_shapes()}
    properties = {local(str(p)) for s in NODE_SHAPES for p in SHAPES.objects(URIRef(s), SH.property)}
    # a node shape has a query of its own when it has constraints of its own (sh:xone)
    assert names == properties | {"DerivationShape", "DeadlineShape"}
