"""A tiny loopback HTTP server that answers every GET with policykg.explore_live.handle: the
endpoint (issue 21) mounts the same handler at /explore; the tests and the benchmark use this."""

from __future__ import annotations

import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from policykg.explore_live import handle


def start(store: Any) -> ThreadingHTTPServer:
    """Serve `store` on 127.0.0.1 at a free port, in a daemon thread; `shutdown()` and
    `server_close()` it when done."""

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
