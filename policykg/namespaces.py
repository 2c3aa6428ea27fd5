"""Namespaces as rdflib DefinedNamespace classes, so a misspelt term fails loudly."""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, XSD, DefinedNamespace

PKG_ONTOLOGY_IRI = URIRef("https://w3id.org/policykg/ontology")
ID = Namespace("https://w3id.org/policykg/id/")


class PKG(DefinedNamespace):
    """policykg's own terms (ontology/policykg.ttl)."""

    _NS = Namespace("https://w3id.org/policykg/ontology#")
    _fail = True

    Task: URIRef
    ClosingObligation: URIRef
    SharedTask: URIRef
    Derivation: URIRef
    Deadline: URIRef
    Signature: URIRef
    BodyGroup: URIRef
    SourceText: URIRef
    assignedBy: URIRef
    assignee: URIRef
    lead: URIRef
    cooperatingBody: URIRef
    modality: URIRef
    deadline: URIRef
    recurrence: URIRef
    targetGroup: URIRef
    cites: URIRef
    hasAncestor: URIRef
    derivesFrom: URIRef
    derivation: URIRef
    basis: URIRef
    relation: URIRef
    evidence: URIRef
    supports: URIRef
    continues: URIRef
    carries: URIRef
    member: URIRef
    signature: URIRef
    signingMark: URIRef
    bodyKind: URIRef
    jurisdiction: URIRef
    addressee: URIRef
    executor: URIRef
    copyTo: URIRef
    sourceText: URIRef
    sectionPath: URIRef
    text: URIRef
    dueDate: URIRef
    recurringDate: URIRef
    deliverable: URIRef
    periodStart: URIRef
    relativeTo: URIRef
    reportTo: URIRef
    reportVia: URIRef
    deadlineText: URIRef
    unplaced: URIRef
    score: URIRef
    evidenceText: URIRef
    knownOnlyByCitation: URIRef
    archiveMark: URIRef
    placeOfIssue: URIRef
    signerTitle: URIRef
    onBehalfOf: URIRef
    sha256: URIRef
    reader: URIRef
    extractedText: URIRef
    extractedTextSha256: URIRef
    abbreviation: URIRef


class ELI(DefinedNamespace):
    """The European Legislation Identifier ontology: the terms policykg uses."""

    _NS = Namespace("http://data.europa.eu/eli/ontology#")
    _fail = True

    LegalResource: URIRef
    number: URIRef
    type_document: URIRef
    date_document: URIRef
    passed_by: URIRef
    cites: URIRef
    based_on: URIRef
    ensures_implementation_of: URIRef
    title: URIRef


class OA(DefinedNamespace):
    """W3C Web Annotation vocabulary: the selector terms used for source quotes."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    Annotation: URIRef
    SpecificResource: URIRef
    TextQuoteSelector: URIRef
    TextPositionSelector: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    hasTarget: URIRef
    exact: URIRef
    prefix: URIRef
    suffix: URIRef
    start: URIRef
    end: URIRef


def _terms_as_attributes(ns: type[DefinedNamespace]) -> None:
    """Make each declared term a plain class attribute. A DefinedNamespace answers every
    `PKG.task`-style lookup through its metaclass (a membership check and a new URIRef each
    time, a fifth of the triple-making of a large build); as attributes they are found
    directly, and a term not declared still reaches the metaclass and fails."""
    for name in ns.__annotations__:
        type.__setattr__(ns, name, ns._NS[name])


for _ns in (PKG, ELI, OA):
    _terms_as_attributes(_ns)


PREFIXES = {
    "pkg": str(PKG._NS), "eli": str(ELI._NS), "org": str(ORG), "prov": str(PROV), "skos": str(SKOS),
    "dcterms": str(DCTERMS), "foaf": str(FOAF), "oa": str(OA._NS), "xsd": str(XSD), "owl": str(OWL),
    "rdfs": str(RDFS), "rdf": str(RDF), "sh": str(SH), "pkgid": str(ID),
}


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


__all__ = ["PKG", "ELI", "OA", "ID", "PKG_ONTOLOGY_IRI", "PREFIXES", "bind_prefixes", "DCTERMS", "FOAF",
           "ORG", "OWL", "PROV", "RDF", "RDFS", "SH", "SKOS", "XSD"]
