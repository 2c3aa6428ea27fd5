"""Starting a `policykg serve` server in the test process and talking to it as a client does:
http.client for full control of the request line and headers."""

from __future__ import annotations

import http.client
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from policykg.endpoint import Limits
from policykg.serve import EndpointServer, make_server


@contextmanager
def running(spec: tuple[Any, ...], limits: Limits | None = None, **kwargs: Any) -> Iterator[EndpointServer]:
    """A server on a free loopback port, stopped (workers and all) after."""
    server = make_server(spec, "127.0.0.1", 0, limits or Limits(timeout=20), **kwargs)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def request(server: EndpointServer, method: str, path: str, body: bytes | str | None = None,
            headers: dict[str, str] | None = None, timeout: float = 60) -> tuple[int, dict[str, str], bytes]:
    """One request on its own connection: status, headers (lower-case names), body."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        data = body.encode("utf-8") if isinstance(body, str) else body
        conn.request(method, path, body=data, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def get(server: EndpointServer, query: str, accept: str | None = None, **params: str) -> tuple[int, dict[str, str], bytes]:
    qs = urllib.parse.urlencode({"query": query, **params})
    return request(server, "GET", f"/sparql?{qs}", headers={"Accept": accept} if accept else {})


def post_form(server: EndpointServer, fields: dict[str, str] | list[tuple[str, str]], path: str = "/sparql",
              accept: str | None = None) -> tuple[int, dict[str, str], bytes]:
    headers = {"Content-Type": "application/x-www-form-urlencoded", **({"Accept": accept} if accept else {})}
    return request(server, "POST", path, urllib.parse.urlencode(fields), headers)


def post_direct(server: EndpointServer, query: str, path: str = "/sparql", accept: str | None = None,
                ctype: str = "application/sparql-query") -> tuple[int, dict[str, str], bytes]:
    headers = {"Content-Type": ctype, **({"Accept": accept} if accept else {})}
    return request(server, "POST", path, query, headers)
