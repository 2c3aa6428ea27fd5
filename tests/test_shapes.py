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
