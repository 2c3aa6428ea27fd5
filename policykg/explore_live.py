"""The explorer served live over a store, for corpora past what one offline file holds.

`handle(store, path, query)` answers one GET and returns (status, headers, body); a server
mounts it at /explore (policykg.serve does, once merged). The page is the offline explorer's,
in live mode: it asks for each view as JSON and merges what it gets:

- GET /explore                      the page
- GET /explore/api/overview         every document with its level, place and links (no tasks)
- GET /explore/api/node?id=IRI      a document with its tasks, their links up and down; or a task
                                    or shared task with its chain up and the tasks below it
- GET /explore/api/search?q=TEXT    up to 60 matches, diacritics and case ignored
- GET /explore/api/coverage         the coverage heat map's data
- GET /explore/api/due?body=IRI     the due dates a body owes (its deadline timeline), with their
                                    tasks and documents; a document's come with the document

The store is read through SPARQL once (policykg.explorer.model.read_model) and kept in memory
with its indexes, per store object: every view after that is a walk over those indexes, not a
scan of the graph. `warm(store)` does the reading up front, for a server that would rather pay it
at start than on the first request."""

from __future__ import annotations

import datetime as dt
import json
import threading
import urllib.parse
from collections import defaultdict
from collections.abc import Callable
from typing import Any, Mapping

from .explorer.due_view import with_due
from .explorer.model import Model, coverage, payload, read_model
from .explorer.page import explorer_page
from .sparql import Store
from .text import fold

MAX_HITS = 60
_HEADERS_JSON = {"Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store",
                 "X-Content-Type-Options": "nosniff"}
# the page needs its own inline script and style, and talks to its own server only
_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'")


class LiveExplorer:
    """One store's model and the indexes the views walk."""

    def __init__(self, store: Store, as_of: dt.date | None = None) -> None:
        # due dates are judged as of the day the store is read (or `as_of`)
        self.model: Model = with_due(read_model(store), store, as_of or dt.date.today())
        self.due_of: dict[str, list[Any]] = defaultdict(list)
        for x in self.model.due:
            if x.body_iri:
                self.due_of[x.body_iri].append(x)
        self.up = self.model.up()
        self.down = self.model.down()
        self.tasks_of: dict[str, list[str]] = defaultdict(list)
        for t in self.model.tasks.values():
            self.tasks_of[t.doc].append(t.iri)
        self.index: list[tuple[str, str]] = []
        for d in self.model.docs.values():
            self.index.append((d.iri, fold(" ".join([d.number, d.type, d.issuer, d.province, d.district, d.title]))))
        for t in self.model.tasks.values():
            d = self.model.docs.get(t.doc)
            self.index.append((t.iri, fold(" ".join([d.number if d else "", t.path, d.province if d else "",
                                                     d.district if d else "", " ".join(t.assignees), t.text]))))
        for s, label in self.model.shared.items():
            self.index.append((s, fold(label)))
        self._coverage: dict[str, Any] | None = None
        self._overview: bytes | None = None

    def _closure_up(self, start: str) -> set[str]:
        seen: set[str] = set()
        todo = [start]
        while todo:
            n = todo.pop()
            if n in seen:
                continue
            seen.add(n)
            todo.extend(e.parent for e in self.up.get(n, ()))
            t = self.model.tasks.get(n)
            if t is not None:
                todo.append(t.doc)
        return seen

    def _with_docs(self, nodes: set[str]) -> set[str]:
        for n in list(nodes):
            t = self.model.tasks.get(n)
            if t is not None:
                nodes.add(t.doc)
        return nodes

    def overview(self) -> bytes:
        if self._overview is None:
            self._overview = _dumps(payload(self.model, set(self.model.docs), titles=False))
        return self._overview

    def node(self, iri: str) -> dict[str, Any] | None:
        """What the page needs to open one node."""
        m = self.model
        if iri not in m.docs and iri not in m.tasks and iri not in m.shared:
            return None
        keep = self._closure_up(iri)
        around = [iri] + (self.tasks_of.get(iri, []) if iri in m.docs else [])
        for n in around:
            keep.add(n)
            keep.update(e.parent for e in self.up.get(n, ()))
            keep.update(e.child for e in self.down.get(n, ()))
        return payload(m, self._with_docs(keep))

    def search(self, q: str) -> dict[str, Any]:
        words = fold(q).split()
        # every word somewhere; ranked by how many of the query's neighbouring word pairs stand
        # side by side in the match, as the offline page ranks them
        pairs = [f"{a} {b}" for a, b in zip(words, words[1:])]
        found: list[tuple[int, int, str]] = []
        if words:
            for i, (iri, key) in enumerate(self.index):
                if all(w in key for w in words):
                    found.append((-sum(p in key for p in pairs), i, iri))
        hits = [iri for _, _, iri in sorted(found)[:MAX_HITS]]
        return {"results": hits, "payload": payload(self.model, self._with_docs(set(hits)))}

    def due(self, body: str) -> dict[str, Any] | None:
        """A body's due dates, with the tasks they come from and those tasks' documents."""
        found = self.due_of.get(body)
        if found is None:
            return None
        return payload(self.model, self._with_docs({x.task_iri for x in found}), due=found)

    def coverage(self) -> dict[str, Any]:
        if self._coverage is None:
            self._coverage = coverage(self.model)
        return self._coverage


_LOCK = threading.Lock()
_EXPLORERS: dict[int, tuple[Store, LiveExplorer]] = {}


def warm(store: Store) -> LiveExplorer:
    """The store's explorer, read once and kept for the life of the store object."""
    with _LOCK:
        hit = _EXPLORERS.get(id(store))
        if hit is None or hit[0] is not store:
            hit = _EXPLORERS[id(store)] = (store, LiveExplorer(store))
        return hit[1]


def _dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _json(status: int, data: Any) -> tuple[int, dict[str, str], bytes]:
    body = data if isinstance(data, bytes) else _dumps(data)
    return status, dict(_HEADERS_JSON), body


def handle(store: Store, path: str, query: str | Mapping[str, Any] = "", lang: str = "vi",
           mount: str = "/explore") -> tuple[int, dict[str, str], bytes]:
    """Answer one GET for `path` under `mount` with `query` (a raw query string or a mapping)."""
    params: dict[str, str] = {}
    if isinstance(query, str):
        params = {k: v[0] for k, v in urllib.parse.parse_qs(query.lstrip("?")).items()}
    else:
        params = {k: (v[0] if isinstance(v, (list, tuple)) else str(v)) for k, v in query.items()}
    rest = path[len(mount):] if path.startswith(mount) else None
    if rest in ("", "/"):
        page = explorer_page(None, lang=params.get("lang", lang), mode="live")
        return 200, {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store",
                     "Content-Security-Policy": _CSP, "X-Content-Type-Options": "nosniff"}, page.encode("utf-8")
    if rest is None or not rest.startswith("/api/"):
        return _json(404, {"error": f"{path}: not found"})
    view = rest[len("/api/"):]
    ex = warm(store)
    if view == "overview":
        return _json(200, ex.overview())
    if view == "node":
        return _lookup(params, "node", "id", ex.node, "no such document, task or shared task")
    if view == "search":
        return _json(200, ex.search(params.get("q", "")))
    if view == "coverage":
        return _json(200, ex.coverage())
    if view == "due":
        return _lookup(params, "due", "body", ex.due, "no due dates of this body")
    return _json(404, {"error": f"{path}: not found"})


def _lookup(params: dict[str, str], view: str, key: str, find: Callable[[str], Any], missing: str
            ) -> tuple[int, dict[str, str], bytes]:
    """A view of one IRI given as `?key=`: 400 without it, 404 when `find` knows nothing of it."""
    iri = params.get(key, "")
    if not iri:
        return _json(400, {"error": f"{view}: give ?{key}=IRI"})
    data = find(iri)
    if data is None:
        return _json(404, {"error": f"{iri}: {missing}"})
    return _json(200, data)


def local_server(store: Store) -> "ThreadingHTTPServer":
    """The live explorer alone on 127.0.0.1 at a free port, served from a daemon thread, for
    tests, benchmarks and programs that embed policykg (`policykg serve` mounts `handle` beside
    the SPARQL endpoint instead). `shutdown()` and `server_close()` it when done."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            url = urllib.parse.urlsplit(self.path)
            status, headers, body = handle(store, url.path, url.query)
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
