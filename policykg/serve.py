"""`policykg serve`: a read-only SPARQL 1.1 Protocol endpoint at /sparql, the query library at
/queries/NAME, and a YASGUI query page at /, safe to leave running.

The HTTP side lives here: routing (a small table: `EndpointServer.mount` adds a path, as the
explorer's /explore), the checks every request passes before anything runs (Host against the
address served, against DNS rebinding; Origin against --cors, so that no other web page can use
the endpoint; sizes and Content-Length), CORS, and the page. Queries run in policykg.endpoint's
worker processes, within its limits."""

from __future__ import annotations

import ipaddress
import json
import socket
import sys
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any

from .endpoint import Answer, EndpointError, Limits, WorkerPool, run_query, spec_of
from .queries import QueryError, bind_values, library_queries, library_query

# A mounted path's handler: (path, query parameters) -> (status, headers, body).
MountHandler = Callable[[str, dict[str, list[str]]], tuple[int, dict[str, str], bytes]]

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
ASSETS = {"yasgui.min.js": "application/javascript; charset=utf-8", "yasgui.min.css": "text/css; charset=utf-8",
          "page.js": "application/javascript; charset=utf-8", "page.css": "text/css; charset=utf-8",
          "LICENSE-yasgui.txt": "text/plain; charset=utf-8"}
# The page's own rules: its scripts and styles from this server only, requests to it only.
PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
               "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


@dataclass
class Request:
    """What a route sees of a request."""

    method: str
    path: str
    params: dict[str, list[str]]
    headers: Any
    body: bytes | None
    pool: WorkerPool


def is_loopback(host: str) -> bool:
    """Whether an address to bind stays on this machine."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        try:
            return all(ipaddress.ip_address(a[4][0]).is_loopback for a in socket.getaddrinfo(host, None))
        except (OSError, ValueError):
            return False


def allowed_hosts(host: str, extra: tuple[str, ...] = ()) -> tuple[set[str], bool]:
    """The names a request's Host may give for a server bound to `host`, and whether any IP
    address is taken too (a server bound to every address). A name outside these is what a DNS
    rebinding attack sends: a page's own domain, pointed at this machine."""
    h = host.strip("[]").lower()
    names = {h, *(e.lower() for e in extra)}
    if is_loopback(h):
        names |= set(LOOPBACK_NAMES)
    wildcard = h in ("0.0.0.0", "::", "")
    if wildcard:
        names |= set(LOOPBACK_NAMES) | {socket.gethostname().lower(), socket.getfqdn().lower()}
    return names, wildcard


def check_origin(origin: str) -> str:
    """A --cors value: `*` or scheme://host[:port], nothing more."""
    if origin == "*":
        return origin
    u = urllib.parse.urlsplit(origin)
    if u.scheme not in ("http", "https") or not u.hostname or u.path not in ("", "/") or u.query or u.fragment:
        raise EndpointError(f"--cors {origin!r}: give an origin as scheme://host[:port], or *")
    return f"{u.scheme}://{u.netloc}".lower()


class EndpointServer(ThreadingHTTPServer):
    """The threads only take requests in and answers out; queries run in the worker pool."""

    daemon_threads = True
    # the accept queue: the default 5 left clients hanging when a hundred came at once
    request_queue_size = 256
    allow_reuse_address = True

    def __init__(self, pool: WorkerPool, host: str, port: int, cors: tuple[str, ...] = (),
                 extra_hosts: tuple[str, ...] = ()) -> None:
        self.pool = pool
        self.cors = tuple(check_origin(o) for o in cors)
        self.hosts, self.any_ip = allowed_hosts(host, extra_hosts)
        self.mounts: dict[str, MountHandler] = {}
        self.address_family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
        super().__init__((host.strip("[]"), port), Handler)
        # every route, by path or by prefix (ending in /): the one table a path is looked up in
        self.routes: dict[str, Callable[[Request], Answer]] = {
            "/": page, "/index.html": page, "/sparql": sparql, "/sparql/": sparql,
            "/queries.json": library_index, "/queries/": library_route, "/assets/": asset,
        }

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def mount(self, prefix: str, handler: MountHandler) -> None:
        """Serve GET requests under `prefix` (as /explore) with `handler(path, params)`."""
        self.mounts[prefix.rstrip("/")] = handler

    def route(self, path: str) -> Callable[[Request], Answer] | None:
        if path in self.routes:
            return self.routes[path]
        for prefix, handler in self.mounts.items():
            if path == prefix or path.startswith(prefix + "/"):
                return _mounted(handler)
        for prefix, route in self.routes.items():
            if prefix.endswith("/") and prefix != "/" and path.startswith(prefix):
                return route
        return None

    def handle_error(self, request: Any, client_address: Any) -> None:
        # one line, never a traceback: a client that went away is no fault of the server's
        exc = sys.exc_info()[1]
        print(f"policykg serve: {client_address[0]}: {type(exc).__name__}: {exc}", file=sys.stderr)

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


def _mounted(handler: MountHandler) -> Callable[[Request], Answer]:
    def route(req: Request) -> Answer:
        if req.method not in ("GET", "HEAD"):
            return Answer.text(405, f"{req.method} is not allowed here", Allow="GET, HEAD, OPTIONS")
        status, headers, body = handler(req.path, req.params)
        return Answer(status, body, dict(headers))
    return route


class Handler(BaseHTTPRequestHandler):
    server: EndpointServer
    server_version = "policykg"
    sys_version = ""  # the Server header need not tell which Python runs it
    protocol_version = "HTTP/1.1"
    # a client that sends a header or a body slowly, or not at all, is let go after this
    timeout = 30
    # what http.server answers itself (a request line it cannot read), as plain text like ours
    error_message_format = "%(code)d %(message)s\n"
    error_content_type = "text/plain; charset=utf-8"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet: errors are answered
        pass

    def do_GET(self) -> None:  # noqa: N802
        self._dispatch("GET")

    def do_HEAD(self) -> None:  # noqa: N802
        self._dispatch("HEAD")

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch("POST")

    def do_OPTIONS(self) -> None:  # noqa: N802
        self._dispatch("OPTIONS")

    def do_PUT(self) -> None:  # noqa: N802
        self._dispatch("PUT")

    def do_DELETE(self) -> None:  # noqa: N802
        self._dispatch("DELETE")

    def do_PATCH(self) -> None:  # noqa: N802
        self._dispatch("PATCH")

    def _dispatch(self, method: str) -> None:
        try:
            answer = self._answer(method)
        except Exception as exc:  # the server answers and stays up, whatever a route did
            first = str(exc).splitlines()[0] if str(exc) else ""
            answer = Answer.text(500, f"internal error: {type(exc).__name__}: {first}")
        self._send(answer, method)

    def _answer(self, method: str) -> Answer:
        refused = self._refused()
        if refused:
            self.close_connection = True
            return refused
        url = urllib.parse.urlsplit(self.path)
        path = url.path or "/"
        route = self.server.route(path)
        if method == "OPTIONS":
            return self._preflight(route is not None)
        if route is None:
            return Answer.text(404, f"no such path {path[:200]}")
        if method not in ("GET", "HEAD", "POST"):
            self.close_connection = True  # its body, if any, is not read
            return Answer.text(405, f"{method} is not allowed: this endpoint is read-only",
                               Allow="GET, HEAD, POST, OPTIONS")
        body = None
        if method == "POST":
            body_or_error = self._read_body()
            if isinstance(body_or_error, Answer):
                self.close_connection = True
                return body_or_error
            body = body_or_error
        try:
            params = urllib.parse.parse_qs(url.query, keep_blank_values=True, errors="strict", max_num_fields=1000)
        except (ValueError, UnicodeDecodeError) as exc:
            return Answer.text(400, f"bad query string: {exc}")
        return route(Request(method, path, params, self.headers, body, self.server.pool))

    # -- checks before anything runs ---------------------------------------------------------
    def _refused(self) -> Answer | None:
        host = self.headers.get("Host")
        if not host:
            return Answer.text(400, "a request needs a Host header")
        try:
            split = urllib.parse.urlsplit("//" + host)
            name, port = (split.hostname or "").lower(), split.port
        except ValueError:
            return Answer.text(400, f"bad Host header {host[:100]!r}")
        if port is None:
            port = 80
        known = name in self.server.hosts
        if not known and self.server.any_ip:
            try:
                ipaddress.ip_address(name)
                known = True
            except ValueError:
                pass
        if not known or port != self.server.port:
            return Answer.text(403, f"Host {host[:100]!r} is not an address this server answers on "
                                    "(against DNS rebinding; --allow-host NAME adds a name)")
        origin = self.headers.get("Origin")
        if origin and not self._origin_allowed(origin, host):
            return Answer.text(403, f"cross-origin request from {origin[:100]} refused "
                                    "(start the server with --cors ORIGIN to allow that origin)")
        return None

    def _origin_allowed(self, origin: str, host: str) -> bool:
        o = origin.lower()
        return o == f"http://{host.lower()}" or "*" in self.server.cors or o in self.server.cors

    def _read_body(self) -> bytes | Answer:
        if self.headers.get("Transfer-Encoding"):
            return Answer.text(411, "send the body with a Content-Length, not in chunks")
        raw = self.headers.get("Content-Length")
        if raw is None:
            return Answer.text(411, "a POST needs a Content-Length")
        if not raw.strip().isdigit():
            return Answer.text(400, f"bad Content-Length {raw[:40]!r}")
        length = int(raw)
        # a form encodes a character in up to 9 bytes (%XX for each byte of UTF-8)
        cap = self.server.pool.limits.max_query_bytes * 9 + 8192
        if length > cap:
            return Answer.text(413, f"the request body is {length:,} bytes, more than this endpoint takes "
                                    f"({cap:,}; see --max-query-bytes)")
        try:
            body = self.rfile.read(length)
        except (TimeoutError, OSError):
            return Answer.text(400, "the request body did not arrive")
        if len(body) < length:
            return Answer.text(400, f"the request body has {len(body)} bytes, not the {length} its Content-Length says")
        return body

    def _preflight(self, known: bool) -> Answer:
        if not known:
            return Answer.text(404, f"no such path {self.path[:200]}")
        headers = {"Allow": "GET, HEAD, POST, OPTIONS"}
        if self.headers.get("Origin"):
            headers.update({"Access-Control-Allow-Methods": "GET, HEAD, POST, OPTIONS",
                            "Access-Control-Allow-Headers": "Accept, Content-Type",
                            "Access-Control-Max-Age": "600"})
        return Answer(204, b"", headers)

    def _send(self, answer: Answer, method: str) -> None:
        origin = self.headers.get("Origin")
        headers = {"X-Content-Type-Options": "nosniff", **answer.headers}
        if origin and self.server.cors:
            headers["Access-Control-Allow-Origin"] = "*" if "*" in self.server.cors else origin
            headers["Vary"] = "Origin"
        try:
            self.send_response(answer.status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(answer.body)))
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            if method != "HEAD" and answer.status not in (204, 304):
                self.wfile.write(answer.body)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True


# -- routes -----------------------------------------------------------------------------------
def _single(params: dict[str, list[str]], name: str) -> str | None | Answer:
    values = params.get(name)
    if not values:
        return None
    if len(values) > 1:
        return Answer.text(400, f"give one {name!r} parameter, not {len(values)}")
    return values[0]


def sparql(req: Request) -> Answer:
    """The SPARQL 1.1 Protocol's query operation: GET, POST as a form, POST direct."""
    if req.method not in ("GET", "HEAD", "POST"):
        return Answer.text(405, f"{req.method} is not a SPARQL query operation", Allow="GET, HEAD, POST, OPTIONS")
    params = {k: list(v) for k, v in req.params.items()}
    text: str | None = None
    if req.method == "POST":
        ctype, _, rest = (req.headers.get("Content-Type") or "").partition(";")
        ctype = ctype.strip().lower()
        charset = next((p.split("=", 1)[1].strip().strip('"').lower() for p in rest.split(";")
                        if p.strip().lower().startswith("charset=")), "utf-8")
        if charset not in ("utf-8", "utf8"):
            return Answer.text(415, f"the body is {charset}: this endpoint reads UTF-8 only")
        if ctype == "application/sparql-update":
            return Answer.text(403, "updates are not allowed: this endpoint is read-only")
        try:
            body = (req.body or b"").decode("utf-8")
        except UnicodeDecodeError:
            return Answer.text(400, "the body is not UTF-8")
        if ctype == "application/sparql-query":
            if "query" in params:
                return Answer.text(400, "a direct POST holds the query in its body, not in a 'query' parameter")
            text = body
        elif ctype == "application/x-www-form-urlencoded":
            try:
                form = urllib.parse.parse_qs(body, keep_blank_values=True, errors="strict", max_num_fields=1000)
            except (ValueError, UnicodeDecodeError) as exc:
                return Answer.text(400, f"bad form body: {exc}")
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
        elif not ctype:
            return Answer.text(415, "a POST needs a Content-Type: application/sparql-query or "
                                    "application/x-www-form-urlencoded")
        else:
            return Answer.text(415, f"unsupported Content-Type {ctype[:80]!r}: use application/sparql-query "
                                    "or application/x-www-form-urlencoded")
    if "update" in params:
        return Answer.text(403, "updates are not allowed: this endpoint is read-only")
    if text is None:
        got = _single(params, "query")
        if isinstance(got, Answer):
            return got
        if got is None:
            return Answer.text(400, "missing 'query' parameter")
        text = got
    return run_query(req.pool, text, req.headers.get("Accept"), params.get("default-graph-uri", []),
                     params.get("named-graph-uri", []), base=f"http://{req.headers.get('Host')}{req.path}")


def library_route(req: Request) -> Answer:
    """/queries/NAME runs a library query with its parameters from the URL; /queries/NAME.rq
    gives its text with them bound (the page's form fields use it). Library queries only."""
    if req.method not in ("GET", "HEAD"):
        return Answer.text(405, f"{req.method} is not allowed here", Allow="GET, HEAD, OPTIONS")
    name = urllib.parse.unquote(req.path.removeprefix("/queries/"))
    as_text = name.endswith(".rq")
    name = name.removesuffix(".rq")
    given: dict[str, str] = {}
    for k, v in req.params.items():
        if len(v) > 1:
            return Answer.text(400, f"give one {k!r} parameter, not {len(v)}")
        given[k] = v[0]
    try:
        q = library_query(name)
        text = bind_values(q.text, q.bindings(given))
    except QueryError as exc:
        return Answer.text(404 if "unknown query" in str(exc) else 400, str(exc))
    if as_text:
        return Answer(200, text.encode("utf-8"), {"Content-Type": "application/sparql-query; charset=utf-8"})
    return run_query(req.pool, text, req.headers.get("Accept"), [], [])


def library_index(req: Request) -> Answer:
    """The library as JSON, for the page: each query's text with its defaults bound."""
    out = []
    for name, q in library_queries().items():
        defaults = {p.name: p.default if p.default is not None else (p.example or "") for p in q.params}
        try:
            text = bind_values(q.text, q.bindings(defaults))
        except QueryError:
            text = q.text
        out.append({"name": name, "summary": q.summary, "description": q.description, "text": text,
                    "params": [{"name": p.name, "kind": p.kind, "default": p.default, "example": p.example,
                                "description": p.description} for p in q.params]})
    return Answer(200, json.dumps(out, ensure_ascii=False).encode("utf-8"),
                  {"Content-Type": "application/json; charset=utf-8"})


def asset(req: Request) -> Answer:
    name = req.path.removeprefix("/assets/")
    if name not in ASSETS:  # only the files listed, so no path leaves the package's web/
        return Answer.text(404, f"no such asset {name[:100]}")
    data = resources.files("policykg").joinpath("web", name).read_bytes()
    return Answer(200, data, {"Content-Type": ASSETS[name], "Cache-Control": "max-age=3600"})


def page(req: Request) -> Answer:
    if req.method not in ("GET", "HEAD"):
        return Answer.text(405, f"{req.method} is not allowed here", Allow="GET, HEAD, OPTIONS")
    from .namespaces import PREFIXES

    html = resources.files("policykg").joinpath("web", "index.html").read_text(encoding="utf-8")
    html = html.replace("{{PREFIXES}}", _attr(json.dumps(PREFIXES, sort_keys=True)))
    return Answer(200, html.encode("utf-8"), {"Content-Type": "text/html; charset=utf-8",
                                              "Content-Security-Policy": PAGE_POLICY,
                                              "Referrer-Policy": "no-referrer"})


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def make_server(spec: Any, host: str = "127.0.0.1", port: int = 8000, limits: Limits | None = None,
                cors: tuple[str, ...] = (), extra_hosts: tuple[str, ...] = (),
                timeout: float | None = None) -> EndpointServer:
    """A server over a store: what policykg.endpoint.store_spec names, or a store opened already
    (policykg.sparql.open_store), its workers started and ready. `timeout` alone stands for
    Limits(timeout=...). Options are checked before anything starts; on any failure nothing is
    left running."""
    if not isinstance(spec, tuple):
        spec = spec_of(spec)
    limits = limits or (Limits(timeout=timeout) if timeout is not None else Limits())
    limits.check()
    for o in cors:
        check_origin(o)
    pool = WorkerPool(spec, limits)
    try:
        server = EndpointServer(pool, host, port, cors, extra_hosts)
    except BaseException:
        pool.close()
        raise
    return server


def start_notes(server: EndpointServer, host: str) -> list[str]:
    """What `policykg serve` says on start: where, and a warning when it is reachable from
    other machines."""
    shown = f"[{host}]" if ":" in host else host
    base = f"http://{shown}:{server.port}"
    notes = [f"serving SPARQL on {base}/sparql, the query page on {base}/ (Ctrl-C to stop)"]
    if "/explore" in server.mounts:
        notes.append(f"the explorer on {base}/explore")
    if not is_loopback(host):
        notes.append(f"warning: bound to {host}, beyond loopback: other machines can reach this endpoint")
    return notes
