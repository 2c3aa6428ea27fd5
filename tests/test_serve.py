"""`policykg serve`: a read-only SPARQL endpoint on loopback, with timeouts and clear errors."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from policykg.serve import make_server
from policykg.sparql import RdflibStore, Rows

from .conftest import RELEASE


class SlowStore:
    """A store whose queries never finish, to exercise the time limit."""

    def select(self, query: str, bindings: dict) -> tuple[list[str], Rows]:
        time.sleep(60)
        return [], []


@pytest.fixture(scope="module")
def endpoint():
    server = make_server(RdflibStore.open(RELEASE), "127.0.0.1", 0, timeout=20)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read().decode("utf-8")


def post(url: str, body: str, ctype: str) -> tuple[int, str]:
    req = urllib.request.Request(url, data=body.encode("utf-8"), headers={"Content-Type": ctype}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


def test_binds_loopback_by_default(endpoint: str) -> None:
    assert endpoint.startswith("http://127.0.0.1:")


def test_query_get_and_post(endpoint: str) -> None:
    q = "PREFIX eli: <http://data.europa.eu/eli/ontology#> SELECT ?n WHERE { ?d eli:number ?n } ORDER BY ?n LIMIT 2"
    status, ctype, body = get(f"{endpoint}/sparql?{urllib.parse.urlencode({'query': q})}")
    assert status == 200 and ctype == "application/sparql-results+json"
    assert [b["n"]["value"] for b in json.loads(body)["results"]["bindings"]] == ["08-CT/TU", "11-CT/TW"]
    status, body = post(f"{endpoint}/sparql", q, "application/sparql-query")
    assert status == 200 and json.loads(body)["head"]["vars"] == ["n"]
    status, body = post(f"{endpoint}/sparql", urllib.parse.urlencode({"query": q}), "application/x-www-form-urlencoded")
    assert status == 200


def test_library_page_and_library_query(endpoint: str) -> None:
    status, ctype, body = get(f"{endpoint}/")
    assert status == 200 and "text/html" in ctype
    assert "documents-citing" in body and "Run" in body
    for place, path in (("dak%20nong", "3.3"), ("Ki%C3%AAn%20Giang", "3.c")):
        status, _, body = get(f"{endpoint}/queries/tasks-citing?number=24/CT-TTg&place={place}")
        rows = json.loads(body)["results"]["bindings"]
        assert [r["taskPath"]["value"] for r in rows] == [path]


def test_updates_are_refused(endpoint: str) -> None:
    status, body = post(f"{endpoint}/sparql", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "application/sparql-update")
    assert status == 403 and "read-only" in body
    status, body = post(f"{endpoint}/sparql", urllib.parse.urlencode({"update": "DROP ALL"}), "application/x-www-form-urlencoded")
    assert status == 403
    status, _, body = get(f"{endpoint}/sparql?{urllib.parse.urlencode({'query': 'DELETE WHERE { ?s ?p ?o }'})}")
    assert status == 403 and "updates are not allowed" in body


def test_malformed_requests_get_400(endpoint: str) -> None:
    status, _, body = get(f"{endpoint}/sparql?{urllib.parse.urlencode({'query': 'SELECT ?x WHERE { ?x '})}")
    assert status == 400 and "SPARQL syntax error at line 1" in body
    status, _, body = get(f"{endpoint}/sparql")
    assert status == 400 and "missing 'query'" in body
    status, _, body = get(f"{endpoint}/queries/no-such-query")
    assert status == 400 and "unknown query" in body
    status, _, _ = get(f"{endpoint}/elsewhere")
    assert status == 404


def test_long_query_is_cut_off() -> None:
    server = make_server(SlowStore(), "127.0.0.1", 0, timeout=1.0)  # type: ignore[arg-type]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/sparql?query=" + urllib.parse.quote("SELECT * WHERE { ?s ?p ?o }")
        t0 = time.monotonic()
        status, _, body = get(url)
        assert status == 503 and "longer than 1 s and was stopped" in body
        assert time.monotonic() - t0 < 20
    finally:
        server.shutdown()
        server.server_close()
