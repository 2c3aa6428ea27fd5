"""`policykg serve`: a read-only SPARQL 1.1 endpoint over the graph, with a page that lists
the library queries and runs them.

Each query runs in a forked child process: neither rdflib nor Oxigraph can interrupt a query
from another thread, so a query over its time limit is ended by killing its process and
answered with 503. Updates are refused (403); a malformed request gets 400 with the reason."""

from __future__ import annotations

import html
import json
import multiprocessing as mp
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from rdflib import Literal

from .errors import PolicykgError
from .queries import QueryError, check_syntax, find_query, library, results_json
from .sparql import Store

MAX_BODY = 1024 * 1024


def _child(store: Store, text: str, bindings: dict[str, Any], conn: Any) -> None:
    try:
        names, rows = store.select(text, bindings)
        conn.send(("ok", results_json(names, rows)))
    except PolicykgError as exc:
        conn.send(("error", str(exc)))
    except Exception as exc:  # the child must always answer
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def run_with_timeout(store: Store, text: str, bindings: dict[str, Any], timeout: float) -> tuple[str, Any]:
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(store, text, bindings, child), daemon=True)
    proc.start()
    child.close()
    if parent.poll(timeout):
        try:
            result = parent.recv()
        except EOFError:
            result = ("error", "query process ended without an answer")
        proc.join(1)
        return result
    proc.kill()
    proc.join(1)
    return ("timeout", f"query ran longer than {timeout:g} s and was stopped")


class Handler(BaseHTTPRequestHandler):
    server_version = "policykg"
    store: Store
    timeout: float = 10.0

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet by default
        pass

    # -- routing ----------------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query)
        if url.path in ("/", "/index.html"):
            return self._send(200, _page(), "text/html; charset=utf-8")
        if url.path == "/sparql":
            if "update" in params:
                return self._error(403, "updates are not allowed: this endpoint is read-only")
            if "query" not in params:
                return self._error(400, "missing 'query' parameter")
            return self._query(params["query"][0], {})
        if url.path.startswith("/queries/"):
            return self._library(url.path.removeprefix("/queries/"), params)
        return self._error(404, f"no such path {url.path}")

    def do_POST(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/sparql":
            return self._error(404, f"no such path {url.path}")
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return self._error(413, "request body too large")
        body = self.rfile.read(length).decode("utf-8", "replace")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        if ctype == "application/sparql-update":
            return self._error(403, "updates are not allowed: this endpoint is read-only")
        if ctype == "application/sparql-query":
            return self._query(body, {})
        if ctype == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body)
            if "update" in form:
                return self._error(403, "updates are not allowed: this endpoint is read-only")
            if "query" not in form:
                return self._error(400, "missing 'query' parameter")
            return self._query(form["query"][0], {})
        return self._error(415, f"unsupported content type {ctype!r}")

    def _library(self, name: str, params: dict[str, list[str]]) -> None:
        try:
            q = find_query(name)
            bindings = q.bindings({k: v[0] for k, v in params.items()})
        except QueryError as exc:
            return self._error(400, str(exc))
        return self._query(q.text, bindings)

    def _query(self, text: str, bindings: dict[str, Any]) -> None:
        try:
            check_syntax(text)
        except QueryError as exc:
            status = 403 if "updates are not allowed" in str(exc) else 400
            return self._error(status, str(exc))
        kind, payload = run_with_timeout(self.store, text, bindings, self.timeout)
        if kind == "ok":
            return self._send(200, json.dumps(payload, ensure_ascii=False), "application/sparql-results+json")
        if kind == "timeout":
            return self._error(503, payload)
        return self._error(400, payload)

    def _error(self, status: int, message: str) -> None:
        self._send(status, message + "\n", "text/plain; charset=utf-8")

    def _send(self, status: int, body: str, ctype: str) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(data)


def _page() -> str:
    items = []
    for q in library():
        fields = "".join(
            f'<label>{html.escape(p.name)} <input name="{html.escape(p.name)}" value="{html.escape(p.default or "")}"></label> '
            for p in q.params)
        items.append(
            f'<li><form action="/queries/{html.escape(q.name)}" method="get"><b>{html.escape(q.name)}</b>: '
            f'{html.escape(q.summary)} {fields}<button>Run</button></form></li>')
    return f"""<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>policykg SPARQL</title>
<style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto}}li{{margin:.6rem 0}}textarea{{width:100%}}</style>
</head><body><h1>policykg — SPARQL endpoint (read-only)</h1>
<form action="/sparql" method="post"><textarea name="query" rows="6">SELECT * WHERE {{ ?s ?p ?o }} LIMIT 10</textarea>
<button>Run</button></form><h2>Query library</h2><ul>{''.join(items)}</ul></body></html>"""


def make_server(store: Store, host: str = "127.0.0.1", port: int = 8000, timeout: float = 10.0) -> ThreadingHTTPServer:
    handler = type("BoundHandler", (Handler,), {"store": store, "timeout": timeout})
    return ThreadingHTTPServer((host, port), handler)


_ = (HTTPStatus, Literal)
