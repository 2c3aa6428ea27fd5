"""From parsed records to the RDF dataset: one named graph per source document, one for the
curated authority data, one for the vocabularies, one for inferred links.

Data flows one way: text -> record (policykg.parse) -> RDF (here) -> lineage, queries, views.
No blank nodes are minted, so that the same input always gives the same bytes."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from .errors import PolicykgError
from .files import repo_root
from .ids import issuer_abbreviation
from .iri import (
    ID,
    body_iri,
    concept,
    doc_iri,
    expand_abbreviations,
    graph_iri,
    is_central,
    kind_name,
    person_iri,
    place_slug,
    province_in,
    source_iri,
    task_iri,
)
from .lexicon import DOC_TYPES, ISSUER_ABBREVIATIONS, TARGET_GROUPS
from .namespaces import ELI, OA, PKG, bind_prefixes
from .align import TaskRef
from .parse import Record, parse_text, read_bytes
from .readers import extract
from .text import fold, slug, squash
from .workers import PARALLEL_MIN

DCTERMS = URIRef("http://purl.org/dc/terms/")
FOAF_NAME = URIRef("http://xmlns.com/foaf/0.1/name")
FOAF_PERSON = URIRef("http://xmlns.com/foaf/0.1/Person")
ORG = "http://www.w3.org/ns/org#"
ORG_ORGANIZATION = URIRef(ORG + "Organization")
ORG_POST = URIRef(ORG + "Post")
ORG_POST_IN = URIRef(ORG + "postIn")
ORG_HELD_BY = URIRef(ORG + "heldBy")
ORG_SUB = URIRef(ORG + "subOrganizationOf")
DCT_LOCATION = URIRef("http://purl.org/dc/terms/Location")
DCT_IDENTIFIER = URIRef("http://purl.org/dc/terms/identifier")
DCT_IS_PART_OF = URIRef("http://purl.org/dc/terms/isPartOf")

# rdflib's namespaces make a new URIRef at every lookup (namespaces._terms_as_attributes says
# why ours do not); the terms written for every task and quote are looked up once here
RDF_TYPE = RDF.type
RDFS_LABEL = RDFS.label
XSD_DATE = XSD.date
XSD_NNI = XSD.nonNegativeInteger
XSD_DECIMAL = XSD.decimal
XSD_GMONTHDAY = XSD.gMonthDay
PROV_ENTITY = PROV.entity

AUTHORITY_GRAPH = graph_iri("authority")
VOCAB_GRAPH = graph_iri("vocabularies")
INFERRED_GRAPH = graph_iri("inferred")
QUOTE_CONTEXT = 32


class BuildError(PolicykgError):
    """The sources cannot be turned into a consistent graph."""


class RefusedError(BuildError):
    """Files were refused and the build was told to write nothing then (`strict`); `refused`
    holds one line per file, its path and the reason."""

    def __init__(self, refused: list[str], why: str = "--strict") -> None:
        super().__init__(f"{len(refused)} file(s) refused; nothing written ({why})")
        self.refused = refused


def check_refused(refused: list[str], read: int, strict: bool) -> None:
    """What both builds do with the files they could not read: with `strict`, or when no file
    could be read at all, nothing is written; otherwise the others are built and the refused
    ones reported (each build's report lists them, and the command exits 1)."""
    if refused and strict:
        raise RefusedError(refused)
    if read == 0:
        raise RefusedError(refused, "no file left to build") if refused else BuildError(
            "no letter to build; nothing written")


@dataclass
class SourceDoc:
    """A parsed source with what the graph needs beyond the record: its bytes' hash and text."""

    path: Path
    record: Record
    text: str  # the text the reader extracted: spans and quotes point into it
    sha256: str  # of the file's bytes
    reader: str = "text"

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def text_name(self) -> str | None:
        """The file name the extracted text is kept under beside the build's outputs (in TEXTS_DIR),
        for a source that is no text file; None for a text file, which is its own text."""
        return None if self.reader == "text" else text_file_name(self.name)


TEXTS_DIR = "texts"


def text_file_name(source_name: str) -> str:
    return f"{source_name}.txt"


def write_texts(texts: Iterable[tuple[str, str]], folder: Path) -> list[Path]:
    """Keep the text extracted from each source that is no text file (a .docx, .pdf, web page or
    scan), given as (source file name, text), as `folder/<file name>.txt`: every quote in the
    graph can be checked against it."""
    from .files import write_atomic

    return [write_atomic(folder / text_file_name(name), text) for name, text in texts]


# number -> (document, issuer, date) of each document carrying that number
CorpusIndex = dict[str, list[tuple[URIRef, URIRef | None, str | None]]]


@dataclass
class Authority:
    """Index of the curated documents, to resolve a citation to the right document when
    numbers are reused (two 14/CT-TTg exist)."""

    graph: Graph
    by_number: CorpusIndex = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> "Authority":
        g = Graph()
        try:
            g.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many kinds
            raise BuildError(f"{path}: cannot read the authority data ({exc})") from None
        auth = cls(g)
        for doc in sorted(g.subjects(RDF_TYPE, ELI.LegalResource)):
            number = g.value(doc, ELI.number)
            if number is None:
                continue
            issuer = g.value(doc, ELI.passed_by)
            date = g.value(doc, ELI.date_document)
            auth.by_number.setdefault(str(number), []).append((doc, issuer, str(date) if date else None))
        return auth

    def resolve(self, number: str, issuer: URIRef | None, date: str | None, before: str | None) -> URIRef | None:
        cands = [c for c in self.by_number.get(number, []) if issuer is None or c[1] is None or c[1] == issuer]
        if date:
            exact = [c for c in cands if c[2] == date]
            return exact[0][0] if len(exact) == 1 else None
        if before:
            # a letter cites what was issued before it: the latest such document
            earlier = sorted((c for c in cands if c[2] and c[2] <= before), key=lambda c: c[2] or "")
            if earlier:
                return earlier[-1][0]
        return cands[0][0] if len(cands) == 1 else None


@dataclass
class BuildResult:
    dataset: Dataset
    sources: list[SourceDoc]
    warnings: list[str]
    task_refs: list[TaskRef] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # later copies of a document, `path: reason`
    facts: list[Any] = field(default_factory=list)  # each letter's policykg.derive.LetterFacts


def default_sources() -> Path:
    return repo_root() / "graph" / "sources"


def default_authority() -> Path:
    return repo_root() / "graph" / "authority.ttl"


def processes_for(letters: int, jobs: int, parallel_min: int = PARALLEL_MIN) -> int:
    """How many processes a build of `letters` letters runs on: `jobs` from `parallel_min` letters
    on, one below (a pool costs more to start than it saves on a few letters)."""
    return jobs if jobs > 1 and letters >= parallel_min else 1


def read_sources(paths: Iterable[Path], on_error: Callable[[Exception], None] | None = None,
                 progress: Callable[[int], None] | None = None, jobs: int = 1,
                 parallel_min: int = PARALLEL_MIN) -> list[SourceDoc]:
    """Parse the sources, on `processes_for(len(paths), jobs, parallel_min)` processes."""
    paths = list(paths)
    docs: list[SourceDoc] = []
    for res in _read_all(paths, processes_for(len(paths), jobs, parallel_min)):
        if isinstance(res, PolicykgError):
            if on_error is None:
                raise res
            on_error(res)
            continue
        docs.append(res)
        if progress:
            progress(1)
    return docs


def _read_all(paths: list[Path], jobs: int) -> Iterator[SourceDoc | PolicykgError]:
    if jobs > 1:
        from .workers import pool as worker_pool

        pool = worker_pool(jobs)
        try:
            for res in pool.map(_read_caught, paths, chunksize=16):
                # errors cross the process boundary as their message: custom exceptions may not unpickle
                yield PolicykgError(res) if isinstance(res, str) else res
        finally:
            # a build that fails (or is abandoned) stops its workers before it reports
            pool.shutdown(cancel_futures=True)
        return
    for path in paths:
        try:
            yield read_source_doc(path)
        except PolicykgError as exc:
            yield exc


def read_source_doc(path: Path, record: Record | None = None, text: str | None = None) -> SourceDoc:
    """A source read (by the reader its kind needs) and parsed, once; given the `record` an earlier
    parse made of it, read only, and given also the `text` extracted then, not extracted again
    (a scan is OCR'd once)."""
    data = read_bytes(path)
    if text is None or record is None:
        doc = extract(data, str(path), path.suffix.lower())
        text, reader = doc.text, doc.reader
    else:
        reader = record.get("reader", "text")
    return SourceDoc(path, parse_text(text, str(path), reader) if record is None else record, text,
                     hashlib.sha256(data).hexdigest(), reader)


def named_province(rec: Record) -> str | None:
    """The province the letter's issuer (or the body above it) names, if any: what its bodies'
    and document's IRIs are placed under, before what it implements is looked at."""
    return province_in(rec["issuer"] or "") or province_in(rec["parent_issuer"] or "")


def _read_caught(path: Path) -> SourceDoc | str:
    try:
        return read_source_doc(path)
    except PolicykgError as exc:
        return str(exc)


def build_dataset(sources: list[SourceDoc], authority: Authority, refuse_duplicates: bool = False) -> BuildResult:
    """The dataset of the sources. Two sources that are one document are an error, or with
    `refuse_duplicates` the later (by file name) is left out and listed in the result's `refused`."""
    # default_union: lookups (ds.value, ds.subjects) see every named graph
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    warnings: list[str] = []
    auth_graph = ds.graph(AUTHORITY_GRAPH)
    for t in authority.graph:
        auth_graph.add(t)
    vocab = ds.graph(VOCAB_GRAPH)
    _vocabularies(vocab)
    kinds: dict[URIRef, str] = {}
    places: dict[URIRef, Place] = {}
    refs: list[TaskRef] = []
    facts: list[Any] = []
    builders = [_DocBuilder(src, authority, ds.graph(graph_iri("source/" + slug(src.path.stem))), kinds, places)
                for src in sorted(sources, key=lambda s: s.name)]
    keep, refused = first_of_each_document([_entry(b) for b in builders])
    if refused and not refuse_duplicates:
        raise BuildError(refused[0])
    dropped, builders = [b for i, b in enumerate(builders) if i not in keep], [builders[i] for i in keep]
    for b in dropped:
        # what its constructor wrote (its issuer, which the first copy has too) goes with it
        if all(k.g.identifier != b.g.identifier for k in builders):
            ds.remove_graph(b.g)
    corpus = Authority(Graph(), corpus_index(_entry(b) for b in builders))
    # a letter that cites another letter of the corpus links to it, not to a citation-only node
    for b in builders:
        b.corpus = corpus
        b.build()
        refs += b.task_refs
        facts.append(b.facts)
        warnings += [f"{b.src.name}: {w}" for w in b.src.record["warnings"]]
    add_places_and_kinds(ds, kinds, places)
    ds.graph(INFERRED_GRAPH)
    return BuildResult(ds, [b.src for b in builders], warnings, refs, refused, facts)


def _entry(b: "_DocBuilder") -> tuple[str, str, str | None, URIRef, URIRef | None]:
    return str(b.src.path), b.rec["number"] or "", b.rec["date"], b.doc, b.issuer


def first_of_each_document(entries: list[tuple[str, str, str | None, URIRef, URIRef | None]]
                           ) -> tuple[set[int], list[str]]:
    """Of (path, number, date, document, issuer) entries, the positions of the first source of
    each document, and a refusal (`path: same document as ...`) for every later one: two
    files that are one document (a copy, a second scan) cannot both be built."""
    seen: dict[URIRef, str] = {}
    keep: set[int] = set()
    refused: list[str] = []
    for i, (path, _, _, doc, _) in enumerate(entries):
        if doc in seen:
            refused.append(f"{path}: same document as {seen[doc]} ({doc})")
        else:
            seen[doc] = path
            keep.add(i)
    return keep, refused


def corpus_index(entries: Iterable[tuple[str, str, str | None, URIRef, URIRef | None]]) -> CorpusIndex:
    """Number -> (document, issuer, date) of every letter, from (path, number, date, document,
    issuer), for citations between letters; two sources that are one document are an error."""
    index: CorpusIndex = {}
    seen: dict[URIRef, str] = {}
    for path, number, date, doc, issuer in entries:
        if doc in seen:
            raise BuildError(f"{path}: same document as {seen[doc]} ({doc})")
        seen[doc] = path
        index.setdefault(number, []).append((doc, issuer, date))
    return index


def add_places_and_kinds(ds: Dataset, kinds: dict[URIRef, str], places: dict[URIRef, Place]) -> None:
    """The kinds of body and the places the letters name, as vocabulary of their own. Each has
    its folded name as skos:hiddenLabel, which the library's `name` parameters match; a
    district is dcterms:isPartOf its province, so a query for a province takes in its districts."""
    vocab = ds.graph(VOCAB_GRAPH)
    for iri, label in sorted(kinds.items()):
        vocab.add((iri, RDF_TYPE, SKOS.Concept))
        vocab.add((iri, SKOS.inScheme, URIRef(ID + "body-kind")))
        vocab.add((iri, SKOS.prefLabel, Literal(label, lang="vi")))
        vocab.add((iri, SKOS.hiddenLabel, Literal(fold(label))))
    places = dict(places)
    for where in list(places.values()):
        if where.parent is not None and where.province:
            places.setdefault(where.parent, Place(where.province))
    for iri, where in sorted(places.items()):
        vocab.add((iri, RDF_TYPE, DCT_LOCATION))
        vocab.add((iri, RDFS_LABEL, Literal(where.label, lang="vi")))
        vocab.add((iri, SKOS.hiddenLabel, Literal(fold(where.label))))
        if where.parent is not None and where.district:
            vocab.add((iri, DCT_IS_PART_OF, where.parent))
            # the district's own name, so that "Cư Jút" finds it as well as "Cư Jút, Đắk Nông"
            vocab.add((iri, SKOS.hiddenLabel, Literal(fold(where.district))))


def _vocabularies(g: Graph) -> None:
    scheme = URIRef(ID + "doc-type")
    for abbr, (name, en) in sorted(DOC_TYPES.items()) + [("", ("Công văn", "Official letter"))]:
        c = concept("doc-type", slug(name))
        g.add((c, RDF_TYPE, SKOS.Concept))
        g.add((c, SKOS.inScheme, scheme))
        g.add((c, SKOS.prefLabel, Literal(name, lang="vi")))
        g.add((c, SKOS.prefLabel, Literal(en, lang="en")))
        if abbr:
            g.add((c, SKOS.notation, Literal(abbr)))
    tg = URIRef(ID + "target-group")
    for name, en in sorted(TARGET_GROUPS.items()):
        c = concept("target-group", slug(name))
        g.add((c, RDF_TYPE, SKOS.Concept))
        g.add((c, SKOS.inScheme, tg))
        g.add((c, SKOS.prefLabel, Literal(name, lang="vi")))
        g.add((c, SKOS.prefLabel, Literal(en, lang="en")))
        # the folded spelling lets a query match "dan toc thieu so" without diacritics
        g.add((c, SKOS.hiddenLabel, Literal(fold(name))))
    # the small fixed schemes (bases, relations, modalities, signing marks ...) are defined
    # in the ontology; the dataset carries them so that it is self-contained
    onto = Graph().parse(repo_root() / "ontology" / "policykg.ttl", format="turtle")
    for c in set(onto.subjects(RDF_TYPE, SKOS.Concept)) | set(onto.subjects(RDF_TYPE, SKOS.ConceptScheme)):
        for p, o in onto.predicate_objects(c):
            if p != RDFS.isDefinedBy:
                g.add((c, p, o))


def _has_place(name: str) -> bool:
    import re

    return bool(re.search(r"\b(?:tỉnh|huyện|quận|thị xã|xã|phường|thị trấn|thành phố) [A-ZĐ]", name))


class Place(NamedTuple):
    """A place a letter's bodies serve, as its vocabulary entry needs it: the label, and for a
    district its name and the province's place and name (what `dcterms:isPartOf` points to)."""

    label: str
    district: str | None = None
    province: str | None = None
    parent: URIRef | None = None


@lru_cache(maxsize=65536)
def _body_facts(name: str, province: str | None, district: str | None, letter_district: str | None
                ) -> tuple[URIRef, tuple[tuple[URIRef, URIRef, Any], ...], URIRef, str, URIRef, Place]:
    """What a body's name says of it, in a letter of `province` (and `letter_district`): a pure
    function of the name and place, cached because every letter names the same few bodies."""
    iri = body_iri(name, province, district)
    full = expand_abbreviations(name)
    group = full.lower().startswith("các ") or " các " in full
    kind = kind_name(full)
    kiri = concept("body-kind", slug(kind))
    central = is_central(full)
    prov = None if central else (province_in(full) or province)
    place_path = str(iri).removeprefix(ID + "body/").rsplit("/", 1)[0]
    place = URIRef(f"{ID}place/{place_path}")
    place_label = "Việt Nam" if central or not prov else prov
    where = Place(place_label)
    if "/" in place_path and letter_district:
        place_label = f"{letter_district}, {prov}"
        where = Place(place_label, letter_district, prov, URIRef(f"{ID}place/{place_path.rsplit('/', 1)[0]}"))
    # one preferred name per body, derived from what its IRI is made of (kind and place)
    pref = full if central or province_in(full) or _has_place(full) else f"{kind} ({place_label})"
    triples = [
        (iri, RDF_TYPE, PKG.BodyGroup if group else ORG_ORGANIZATION),
        (iri, RDFS_LABEL, Literal(name, lang="vi")),
        (iri, PKG.bodyKind, kiri),
        (iri, PKG.jurisdiction, place),
        (iri, SKOS.prefLabel, Literal(pref, lang="vi")),
    ]
    if kind.startswith(("Sở ", "Phòng ")) and prov:
        parent = body_iri("Ủy ban nhân dân tỉnh " + prov if kind.startswith("Sở ") else
                          f"Ủy ban nhân dân huyện {letter_district}", prov, None)
        triples.append((iri, ORG_SUB, parent))
    return iri, tuple(triples), kiri, kind, place, where


LiteralMaker = Callable[..., Any]  # Literal(value, lang=..., datatype=...) or a stand-in


class _DocBuilder:
    def __init__(self, src: SourceDoc, authority: Authority, g: Graph, kinds: dict[URIRef, str],
                 places: dict[URIRef, Place], lit: LiteralMaker = Literal) -> None:
        # `lit` makes the literals of the facts every task and quote repeats; the streaming build,
        # which only writes N-Triples, passes one that skips rdflib's validation and normalising
        self.lit = lit
        self.src = src
        self.rec = src.record
        self.auth = authority
        self.g = g
        self.kinds = kinds
        self.places = places
        self.body_kinds: dict[URIRef, URIRef] = {}
        self.task_refs: list[TaskRef] = []
        self.source = source_iri(src.name)
        issuer = self.rec["issuer"] or ""
        self.province = named_province(self.rec) or self._province_from_citations()
        self.district = _district(issuer)
        self.issuer = self.body(issuer or "Không rõ cơ quan ban hành", level_of_issuer=True)
        date = self.rec["date"]
        number = self.rec["number"] or f"không-số-{src.sha256[:8]}"
        self.doc = doc_iri(self.issuer, slug(self.rec["doc_type"] or "Công văn"), date[:4] if date else None, number)
        self.cited: dict[str, URIRef] = {}
        self.corpus: Authority | None = None
        self.facts: Any = None  # what policykg.derive needs of the letter, once built

    def _province_from_citations(self) -> str | None:
        for c in self.rec["citations"]:
            if c["id"] in self.rec["implements"] and c["issuer"]:
                p = province_in(c["issuer"])
                if p:
                    return p
        return None

    # -- nodes ------------------------------------------------------------------------------
    def body(self, name: str, level_of_issuer: bool = False) -> URIRef:
        district = None if level_of_issuer else self.district
        iri, triples, kind_iri, kind, place, where = _body_facts(squash(name), self.province, district, self.district)
        self.kinds[kind_iri] = kind
        self.places[place] = where
        for t in triples:
            self.g.add(t)
        self.body_kinds[iri] = kind_iri
        return iri

    def quote(self, subject: URIRef, span: list[int] | None, prop: URIRef, key: str) -> None:
        """Attach the source text behind a fact as a Web Annotation selector pair."""
        if not span:
            return
        s, e = span
        text = self.src.text
        ev = URIRef(f"{subject}/evidence/{key}")
        g = self.g
        g.add((subject, PKG.evidence, ev))
        g.add((ev, RDF_TYPE, OA.SpecificResource))
        g.add((ev, OA.hasSource, self.source))
        g.add((ev, PKG.supports, prop))
        q = URIRef(f"{ev}/quote")
        g.add((ev, OA.hasSelector, q))
        g.add((q, RDF_TYPE, OA.TextQuoteSelector))
        lit = self.lit
        g.add((q, OA.exact, lit(text[s:e])))
        g.add((q, OA.prefix, lit(text[max(0, s - QUOTE_CONTEXT):s])))
        g.add((q, OA.suffix, lit(text[e:e + QUOTE_CONTEXT])))
        pos = URIRef(f"{ev}/position")
        g.add((ev, OA.hasSelector, pos))
        g.add((pos, RDF_TYPE, OA.TextPositionSelector))
        g.add((pos, OA.start, lit(s, datatype=XSD_NNI)))
        g.add((pos, OA.end, lit(e, datatype=XSD_NNI)))

    # -- the document -----------------------------------------------------------------------
    def build(self) -> None:
        rec, g, doc = self.rec, self.g, self.doc
        spans = rec.get("header_spans", {})
        g.add((self.source, RDF_TYPE, PKG.SourceText))
        g.add((self.source, DCT_IDENTIFIER, Literal(self.src.name)))
        g.add((self.source, PKG.sha256, Literal(self.src.sha256)))
        if self.src.text_name:
            # a file that is no text: which reader read it, and the text the quotes' offsets count in
            g.add((self.source, PKG.reader, Literal(self.src.reader)))
            g.add((self.source, PKG.extractedText, Literal(f"{TEXTS_DIR}/{self.src.text_name}")))
            g.add((self.source, PKG.extractedTextSha256,
                   Literal(hashlib.sha256(self.src.text.encode("utf-8")).hexdigest())))
        g.add((doc, RDF_TYPE, ELI.LegalResource))
        g.add((doc, PKG.sourceText, self.source))
        if rec["number"]:
            g.add((doc, ELI.number, Literal(rec["number"])))
            self.quote(doc, spans.get("number"), ELI.number, "number")
        g.add((doc, ELI.type_document, concept("doc-type", slug(rec["doc_type"] or "Công văn"))))
        if rec["date"]:
            g.add((doc, ELI.date_document, Literal(rec["date"], datatype=XSD_DATE)))
            self.quote(doc, spans.get("date"), ELI.date_document, "date")
        g.add((doc, ELI.passed_by, self.issuer))
        self.quote(doc, spans.get("issuer"), ELI.passed_by, "issuer")
        if rec["parent_issuer"]:
            g.add((self.issuer, ORG_SUB, self.body(rec["parent_issuer"], level_of_issuer=True)))
        if rec["subject"]:
            g.add((doc, ELI.title, Literal(rec["subject"], lang="vi")))
            self.quote(doc, spans.get("subject"), ELI.title, "subject")
        if rec["place"]:
            g.add((doc, PKG.placeOfIssue, Literal(rec["place"])))
        g.add((doc, RDFS_LABEL, Literal(f"{rec['doc_type']} {rec['number']}", lang="vi")))
        for name in rec["recipients"]:
            g.add((doc, PKG.addressee, self.body(name)))
        for name in rec["cc"]:
            if name.casefold() != "như trên":
                g.add((doc, PKG.copyTo, self.body(name)))
        for mark in rec["archive"]:
            g.add((doc, PKG.archiveMark, Literal(mark)))
        self.signature(spans.get("signer"))
        for c in rec["citations"]:
            self.cite(c)
        for a, rel, b in rec["stated_chain"]:
            self.chain(self.cited[a], self.cited[b], rel, self._quote_text(a))
        for target in rec["implements"]:
            self.chain(doc, self.cited[target], "implements", self._quote_text(target))
        for basis in rec.get("based_on", []):
            # the legal bases a decision states ('Căn cứ Nghị định số ...')
            if basis in self.cited:
                g.add((doc, ELI.based_on, self.cited[basis]))
        for name in rec.get("executors", []):
            g.add((doc, PKG.executor, self.body(name)))
        for t in rec["tasks"]:
            self.task(t, PKG.Task)
        for t in rec["closing"]:
            self.task(t, PKG.ClosingObligation)
        from .derive import letter_facts  # derive builds on this module's derivation()

        self.facts = letter_facts(rec, self.src.text, str(doc), str(graph_iri("source/" + slug(self.src.path.stem))),
                                  self.cited, [p for _, p in self.implemented], self.district is not None)

    def _quote_text(self, cited_id: str) -> str:
        for c in self.rec["citations"]:
            if c["id"] == cited_id:
                s, e = c["span"]
                return squash(self.src.text[s:e].replace("*", ""))
        return cited_id

    def signature(self, span: list[int] | None) -> None:
        signer = self.rec["signer"]
        if not signer.get("name"):
            return
        g, doc = self.g, self.doc
        sig = URIRef(f"{doc}/signature")
        where = place_slug(self.province, self.district)
        person = person_iri(signer["name"], where)
        g.add((doc, PKG.signature, sig))
        g.add((sig, RDF_TYPE, PKG.Signature))
        g.add((sig, PROV.wasAssociatedWith, person))
        g.add((person, RDF_TYPE, FOAF_PERSON))
        g.add((person, RDF_TYPE, PROV.Person))
        g.add((person, FOAF_NAME, Literal(signer["name"])))
        if signer.get("title"):
            g.add((sig, PKG.signerTitle, Literal(signer["title"])))
            post = URIRef(f"{self.issuer}/post/{slug(signer['title'])}")
            g.add((post, RDF_TYPE, ORG_POST))
            g.add((post, RDFS_LABEL, Literal(signer["title"], lang="vi")))
            g.add((post, ORG_POST_IN, self.issuer))
            g.add((post, ORG_HELD_BY, person))
        authority = signer.get("authority")
        if authority:
            mark = concept("signing-mark", authority.rstrip("."))
            g.add((sig, PKG.signingMark, mark))
            behalf = signer.get("on_behalf_of")
            if behalf:
                g.add((sig, PKG.onBehalfOf, Literal(behalf)))
                # KT. CHỦ TỊCH: the deputy acts for the post of Chủ tịch; TM. ỦY BAN: for the body
                principal = self.issuer if authority == "TM." else URIRef(f"{self.issuer}/post/{slug(behalf)}")
                if principal != self.issuer:
                    g.add((principal, RDF_TYPE, ORG_POST))
                    g.add((principal, RDFS_LABEL, Literal(behalf, lang="vi")))
                    g.add((principal, ORG_POST_IN, self.issuer))
                deleg = URIRef(f"{doc}/signature/delegation")
                g.add((person, PROV.actedOnBehalfOf, principal))
                g.add((person, PROV.qualifiedDelegation, deleg))
                g.add((deleg, RDF_TYPE, PROV.Delegation))
                g.add((deleg, PROV.agent, principal))
                g.add((deleg, PROV.hadActivity, sig))
                g.add((deleg, PKG.signingMark, mark))
        self.quote(sig, span, PROV.wasAssociatedWith, "signer")

    # -- citations and chains ---------------------------------------------------------------
    def cite(self, c: dict[str, Any]) -> None:
        g = self.g
        issuer_name = c["issuer"] or self._issuer_from_id(c["id"])
        issuer = self.body(issuer_name) if issuer_name else None
        target = self.corpus.resolve(c["id"], issuer, c["date"], self.rec["date"]) if self.corpus else None
        target = target or self.auth.resolve(c["id"], issuer, c["date"], self.rec["date"])
        if target is None:
            year = c["date"][:4] if c["date"] else None
            owner = issuer or URIRef(f"{ID}body/unknown")
            target = doc_iri(owner, slug(c["doc_type"]), year, c["id"])
            g.add((target, RDF_TYPE, ELI.LegalResource))
            g.add((target, ELI.number, Literal(c["id"])))
            g.add((target, ELI.type_document, concept("doc-type", slug(c["doc_type"]))))
            g.add((target, PKG.knownOnlyByCitation, Literal(True)))
            g.add((target, RDFS_LABEL, Literal(f"{c['doc_type']} {c['id']}", lang="vi")))
            if issuer is not None:
                g.add((target, ELI.passed_by, issuer))
            if c["date"]:
                g.add((target, ELI.date_document, Literal(c["date"], datatype=XSD_DATE)))
            if c["title"]:
                g.add((target, ELI.title, Literal(c["title"], lang="vi")))
        self.cited[c["id"]] = target
        g.add((self.doc, ELI.cites, target))
        self.quote(target, c["span"], ELI.cites, "cited-by/" + slug(self.src.path.stem))

    def _issuer_from_id(self, doc_id: str) -> str | None:
        abbr = issuer_abbreviation(doc_id)
        if abbr in ("UBND", "HĐND") and self.province:
            return ("Ủy ban nhân dân" if abbr == "UBND" else "Hội đồng nhân dân") + f" tỉnh {self.province}"
        if abbr == "TU" and self.province:
            return f"Tỉnh ủy {self.province}"
        if abbr == "TW":
            return "Ban Chấp hành Trung ương Đảng"
        return ISSUER_ABBREVIATIONS.get(abbr or "")

    def chain(self, child: URIRef, parent: URIRef, rel: str, evidence: str) -> None:
        g = self.g
        g.add((child, PKG.continues if rel == "continues" else ELI.ensures_implementation_of, parent))
        derivation(g, child, parent, "stated", rel, evidence)

    # -- tasks ------------------------------------------------------------------------------
    def task(self, t: dict[str, Any], cls: URIRef) -> None:
        g = self.g
        iri = task_iri(self.doc, t["path"])
        g.add((iri, RDF_TYPE, cls))
        g.add((iri, PKG.assignedBy, self.doc))
        lit = self.lit
        g.add((iri, PKG.sectionPath, lit(t["path"])))
        g.add((iri, PKG.text, lit(t["text"], lang="vi")))
        g.add((iri, RDFS_LABEL, lit(f"{self.rec['number']} {t['path']}", lang="vi")))
        g.add((iri, PKG.modality, concept("modality", t["modality"])))
        assignees = [self.body(name) for name in t["assignees"]]
        for body in assignees:
            g.add((iri, PKG.assignee, body))
        if t["lead"]:
            g.add((iri, PKG.lead, self.body(t["lead"])))
        for name in t["cooperating"]:
            g.add((iri, PKG.cooperatingBody, self.body(name)))
        for cid in t["cites"]:
            if cid in self.cited:
                g.add((iri, PKG.cites, self.cited[cid]))
        for group in t["target_groups"]:
            g.add((iri, PKG.targetGroup, concept("target-group", slug(group))))
        for i, d in enumerate(t["deadlines"], 1):
            dl = URIRef(f"{iri}/deadline/{i}")
            g.add((iri, PKG.deadline, dl))
            g.add((dl, RDF_TYPE, PKG.Deadline))
            if d["date"] is None:
                # the text names a deadline the parser could not place: kept, flagged, never dropped
                g.add((dl, PKG.unplaced, Literal(True)))
            elif d["date"].startswith("--"):
                g.add((dl, PKG.recurringDate, Literal(d["date"], datatype=XSD_GMONTHDAY)))
            else:
                g.add((dl, PKG.dueDate, Literal(d["date"], datatype=XSD_DATE)))
            if d["recurrence"]:
                g.add((dl, PKG.recurrence, concept("recurrence", d["recurrence"])))
            if d["what"]:
                g.add((dl, PKG.deliverable, Literal(d["what"], lang="vi")))
            if d.get("start"):
                start_type = XSD_GMONTHDAY if d["start"].startswith("--") else XSD_DATE
                g.add((dl, PKG.periodStart, Literal(d["start"], datatype=start_type)))
            if d.get("relative_to") in ("signing", "year-of-signing"):
                g.add((dl, PKG.relativeTo, self.doc))
            if d.get("report_to"):
                g.add((dl, PKG.reportTo, self.body(d["report_to"])))
            if d.get("report_via"):
                g.add((dl, PKG.reportVia, self.body(d["report_via"])))
            if d.get("text"):
                g.add((dl, PKG.deadlineText, Literal(d["text"], lang="vi")))
        self.quote(iri, t["span"], PKG.text, "text")
        self.task_lineage(iri, t, cls, assignees)

    def task_lineage(self, iri: URIRef, t: dict[str, Any], cls: URIRef, assignees: list[URIRef]) -> None:
        """Why the task is there: its letter assigns it (stated), it cites a document (cited), its
        letter implements a directive (inherited); and how alignment sees it."""
        text = t["text"]
        g, lit = self.g, self.lit
        derivation(g, iri, self.doc, "stated", "assigned-by", short_evidence(text, 160), lit=lit)
        for cid in t["cites"]:
            if cid in self.cited:
                derivation(g, iri, self.cited[cid], "cited", "cites", citing_sentence(text, cid), lit=lit)
        implemented = self.implemented
        for target, parent in implemented:
            derivation(g, iri, parent, "inherited", "implements", short_evidence(self._quote_text(target)), lit=lit)
        if cls == PKG.ClosingObligation:
            return
        kinds = frozenset(str(self.body_kinds[body]) for body in assignees)
        group = frozenset(str(parent) for _, parent in implemented)
        self.task_refs.append(TaskRef(str(self.doc), t["path"], text, kinds, group))

    @cached_property
    def implemented(self) -> list[tuple[str, URIRef]]:
        """(number as cited, document) of each directive the letter implements, once per document."""
        seen: dict[URIRef, str] = {}
        for target in self.rec["implements"]:
            seen.setdefault(self.cited[target], target)
        return sorted((target, parent) for parent, target in seen.items())


EVIDENCE_CHARS = 220


def short_evidence(text: str, limit: int = EVIDENCE_CHARS) -> str:
    text = squash(text)
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def citing_sentence(text: str, number: str) -> str:
    """The sentence of a task that cites `number`: the evidence of a cited link."""
    at = text.find(number)
    if at < 0:
        return short_evidence(text)
    cuts = [i + 2 for i in (text.rfind(". ", 0, at), text.rfind("; ", 0, at)) if i >= 0]
    return short_evidence(text[max(cuts, default=0):])


def derivation(g: Graph, child: URIRef, parent: URIRef, basis: str, relation: str, evidence: str,
               score: float | None = None, lit: LiteralMaker = Literal) -> URIRef:
    """One lineage link as a node of its own (basis, relation, evidence, score), beside the
    plain `pkg:derivesFrom` edge that property paths follow."""
    key = str(parent).removeprefix(ID).replace("/", "_")
    d = URIRef(f"{child}/derivation/{basis}/{slug(key)}")
    g.add((child, PKG.derivesFrom, parent))
    g.add((child, PKG.derivation, d))
    g.add((d, RDF_TYPE, PKG.Derivation))
    g.add((d, PROV_ENTITY, parent))
    g.add((d, PKG.basis, concept("basis", basis)))
    g.add((d, PKG.relation, concept("relation", relation)))
    g.add((d, PKG.evidenceText, lit(evidence, lang="vi")))
    if score is not None:
        g.add((d, PKG.score, lit(f"{score:.3f}", datatype=XSD_DECIMAL)))
    return d


def _district(issuer: str) -> str | None:
    import re

    m = re.search(r"(?:huyện|quận|thị xã)\s+(.+)$", issuer)
    return m.group(1) if m else None
