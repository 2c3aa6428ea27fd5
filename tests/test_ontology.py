"""The ontology: header, labels and definitions in Vietnamese and English for every own
term, the namespace classes in step with the file, and the generated documentation."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from policykg.namespaces import PKG

ROOT = Path(__file__).resolve().parent.parent
ONTO = Graph().parse(ROOT / "ontology" / "policykg.ttl", format="turtle")
NS = "https://w3id.org/policykg/ontology#"
OWN = sorted(
    s for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty) for s in ONTO.subjects(RDF.type, t)
    if str(s).startswith(NS)
)


def test_header() -> None:
    onto = URIRef("https://w3id.org/policykg/ontology")
    assert (onto, RDF.type, OWL.Ontology) in ONTO
    assert ONTO.value(onto, OWL.versionIRI) == URIRef("https://w3id.org/policykg/ontology/0.1.0")
    assert ONTO.value(onto, URIRef("http://purl.org/dc/terms/license")) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    descriptions = {d.language for d in ONTO.objects(onto, URIRef("http://purl.org/dc/terms/description"))}
    assert descriptions == {"en", "vi"}


@pytest.mark.parametrize("term", OWN, ids=lambda t: str(t).rsplit("#", 1)[-1])
def test_term_is_labelled_and_defined_in_both_languages(term: URIRef) -> None:
    assert {lab.language for lab in ONTO.objects(term, RDFS.label)} == {"en", "vi"}
    assert {d.language for d in ONTO.objects(term, SKOS.definition)} == {"en", "vi"}


def test_namespace_class_matches_the_ontology() -> None:
    declared = {str(t).removeprefix(NS) for t in OWN}
    in_code = {name for name in PKG.__annotations__}
    assert declared == in_code


def test_misspelt_term_fails_loudly() -> None:
    with pytest.raises(AttributeError):
        PKG.assignedby  # noqa: B018


def test_reuses_the_standards() -> None:
    supers = {str(o) for o in ONTO.objects(None, RDFS.subPropertyOf)} | {str(o) for o in ONTO.objects(None, RDFS.subClassOf)}
    assert "http://www.w3.org/ns/prov#Derivation" in supers
    assert "http://data.europa.eu/eli/ontology#ensures_implementation_of" in supers
    assert "http://www.w3.org/ns/org#Organization" in supers
    assert (URIRef(NS + "hasAncestor"), RDF.type, OWL.TransitiveProperty) in ONTO


def test_docs_are_generated(tmp_path: Path) -> None:
    from policykg.ontodoc import write_ontology_docs

    out = write_ontology_docs(tmp_path / "ontology.html")
    html = out.read_text(encoding="utf-8")
    assert "derives from" in html and "Nhiệm vụ" in html and "Shared higher-level task" in html


def test_shipped_docs_are_current(tmp_path: Path) -> None:
    from policykg.ontodoc import write_ontology_docs

    fresh = write_ontology_docs(tmp_path / "ontology.html").read_bytes()
    assert fresh == (ROOT / "docs" / "ontology.html").read_bytes(), "run python scripts/update_docs.py"
