"""`policykg push`: upload each named graph with the SPARQL 1.1 Graph Store Protocol
(HTTP PUT ?graph=IRI, Turtle body), which Oxigraph server, Fuseki, GraphDB, Virtuoso and
Neptune all speak, so a user can move the dataset to a clustered triple store."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

from rdflib import Graph

from .errors import PolicykgError
from .store import load_dataset


class PushError(PolicykgError):
    """The server refused or could not be reached."""


def push_dataset(graph_path: str | None, endpoint: str, graph_store: str | None = None, timeout: float = 60.0) -> int:
    target = graph_store or endpoint.rsplit("/", 1)[0] + "/store"
    ds = load_dataset(graph_path)
    count = 0
    for g in sorted(ds.graphs(), key=lambda g: str(g.identifier)):
        if len(g) == 0 or "urn:x-rdflib:default" in str(g.identifier):
            continue
        body = Graph().__iadd__(g).serialize(format="turtle").encode("utf-8")
        url = f"{target}?{urllib.parse.urlencode({'graph': str(g.identifier)})}"
        req = urllib.request.Request(url, data=body, method="PUT", headers={"Content-Type": "text/turtle"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                if resp.status not in (200, 201, 204):
                    raise PushError(f"{url}: HTTP {resp.status}")
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()
            raise PushError(f"{target}: HTTP {exc.code} for graph {g.identifier}: {detail[0] if detail else exc.reason}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise PushError(f"{target}: server unreachable ({getattr(exc, 'reason', exc)})") from None
        count += 1
    return count
