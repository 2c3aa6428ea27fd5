"""`policykg explore`: the lineage explorer as one offline HTML file (policykg.explorer).

The page opens on an overview of the documents by level (Party centre and Government,
ministries, provinces, districts and communes), grouped by province or ministry when there are
many; a document opens on its tasks by assignee, a task on its chain up to the top and who
carries it out below, by place. Search ignores diacritics; `#node=<IRI>` links open on a node.
Everything (cytoscape.js, dagre, the data) is inlined: nothing leaves the page. Past about
1,000 letters the file grows beyond what a browser opens quickly: serve it live
(policykg.explore_live) or export a subset (`focus`, `place`, `document`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rdflib import Graph, URIRef

from .errors import PolicykgError
from .explorer.due_view import with_due
from .explorer.model import Model, coverage, focus_subset, payload, place_subset, read_model
from .explorer.page import coverage_page, explorer_page
from .files import write_atomic
from .sparql import RdflibStore, Store

MAX_BYTES = 15 * 1024 * 1024


class ExplorerTooLarge(PolicykgError):
    """The offline page would be larger than a browser opens within a few seconds."""


def explorer_model(store: Store, focus: URIRef | None = None, place: str | None = None,
                   document: URIRef | None = None, as_of: dt.date | None = None) -> Model:
    """What the page shows: the whole store, or the subset one option asks for, with the duties'
    due dates judged as of `as_of` (default today, the day the file is written)."""
    model = with_due(read_model(store), store, as_of or dt.date.today())
    if focus is not None:
        model = focus_subset(model, str(focus))
    if document is not None:
        model = focus_subset(model, str(document))
    if place is not None:
        model = place_subset(model, place)
    return model


def explorer_html(store: Store, focus: URIRef | None = None, lang: str = "vi", place: str | None = None,
                  document: URIRef | None = None, max_bytes: int = MAX_BYTES,
                  as_of: dt.date | None = None) -> tuple[str, Model]:
    """The offline page and the model it holds; it opens on `focus` or `document` when given."""
    model = explorer_model(store, focus, place, document, as_of)
    data = payload(model)
    data["coverage"] = coverage(model)
    start = str(focus or document) if (focus or document) else None
    page = explorer_page(data, lang=lang, start=start)
    size = len(page.encode("utf-8"))
    if size > max_bytes:
        raise ExplorerTooLarge(f"the explorer would be {size / 2**20:.1f} MB, over {max_bytes / 2**20:.0f} MB: "
                               "export a subset (--place, --document, --focus) or serve it live (policykg.explore_live)")
    return page, model


def write_explorer(store: Store | Graph, out: Path, focus: URIRef | None = None, lang: str = "vi",
                   place: str | None = None, document: URIRef | None = None,
                   as_of: dt.date | None = None) -> tuple[Path, int, int]:
    """Write the page atomically; returns its path, its document and task counts. An rdflib
    graph is read as a store (RdflibStore). Due dates are judged as of `as_of` (default today)."""
    if isinstance(store, Graph):
        store = RdflibStore(store)
    page, model = explorer_html(store, focus, lang, place, document, as_of=as_of)
    return write_atomic(out, page), len(model.docs), len(model.tasks)


def coverage_html(store: Store, lang: str = "vi") -> str:
    """The coverage heat map (places x shared or higher tasks) as one offline page."""
    return coverage_page(coverage(read_model(store)), lang)
