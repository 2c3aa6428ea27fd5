"""`policykg serve`: a read-only SPARQL endpoint on loopback, safe to leave running: content
negotiation, the library, SERVICE, Host and Origin refused, every limit with its status and the
server unchanged after, sound under load, no worker left behind. Expected values were read off
the release graph's letters (graph/sources/) by hand."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
import rdflib

from policykg.endpoint import EndpointError, Limits, choose, parse_accept, store_spec
from policykg.serve import is_loopback, start_notes

from .conftest import RELEASE
from .serve_helpers import get, post_direct, post_form, request, running

pytestmark = pytest.mark.server

ELI = "PREFIX eli: <http://data.europa.eu/eli/ontology#> "
TWO_NUMBERS = ELI + "SELECT ?n WHERE { ?d eli:number ?n } ORDER BY ?n LIMIT 2"
# every triple against every other, three times over: 3,849^3 rows, never done in a test's time
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
# 3,849^2 = 14.8 million rows held and sorted: gigabytes
HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
DOC_851 = "https://w3id.org/policykg/id/doc/kien-giang/uy-ban-nhan-dan/cong-van/2021/851-ubnd-kgvx"


@pytest.fixture(scope="module")
def spec():
    return store_spec(str(RELEASE))


@pytest.fixture(scope="module")
def server(spec):
    with running(spec, Limits(timeout=20, workers=2)) as s:
        yield s


def rows(body: bytes, var: str) -> list[str]:
    return [b[var]["value"] for b in json.loads(body)["results"]["bindings"]]


def test_binds_loopback_and_says_when_it_does_not(server) -> None:
    assert server.server_address[0] == "127.0.0.1"
    assert start_notes(server, "127.0.0.1") == [
        f"serving SPARQL on http://127.0.0.1:{server.port}/sparql, the query page on http://127.0.0.1:{server.port}/ "
        "(Ctrl-C to stop)"]
    notes = start_notes(server, "0.0.0.0")
    assert notes[1] == "warning: bound to 0.0.0.0, beyond loopback: other machines can reach this endpoint"
    assert is_loopback("localhost") and is_loopback("::1") and is_loopback("127.0.0.2")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.7")


def test_query_get_post_and_form(server) -> None:
    status, headers, body = get(server, TWO_NUMBERS)
    assert status == 200 and headers["content-type"] == "application/sparql-results+json; charset=utf-8"
    assert rows(body, "n") == ["08-CT/TU", "11-CT/TW"]
    status, _, body = post_direct(server, TWO_NUMBERS)
    assert status == 200 and rows(body, "n") == ["08-CT/TU", "11-CT/TW"]
    status, _, body = post_form(server, {"query": TWO_NUMBERS})
    assert status == 200 and rows(body, "n") == ["08-CT/TU", "11-CT/TW"]


def test_select_in_every_format(server) -> None:
    status, headers, body = get(server, TWO_NUMBERS, "text/csv")
    assert (status, headers["content-type"]) == (200, "text/csv; charset=utf-8")
    assert body == b"n\r\n08-CT/TU\r\n11-CT/TW\r\n"
    status, headers, body = get(server, TWO_NUMBERS, "text/tab-separated-values")
    assert headers["content-type"] == "text/tab-separated-values; charset=utf-8"
    assert body == b'?n\n"08-CT/TU"\n"11-CT/TW"\n'
    status, headers, body = get(server, TWO_NUMBERS, "application/sparql-results+xml")
    assert headers["content-type"] == "application/sparql-results+xml"
    assert body.count(b"<literal>") == 2 and b"<literal>08-CT/TU</literal>" in body
    # q-values: the client's preference wins over the server's order
    status, headers, _ = get(server, TWO_NUMBERS, "application/sparql-results+json;q=0.5, text/csv")
    assert headers["content-type"] == "text/csv; charset=utf-8"
    status, headers, body = get(server, TWO_NUMBERS, "image/png")
    assert status == 406 and b"can be application/sparql-results+json" in body


def test_ask_gives_a_boolean(server) -> None:
    status, _, body = get(server, ELI + 'ASK { ?d eli:number "851/UBND-KGVX" }')
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}
    status, _, body = get(server, ELI + 'ASK { ?d eli:number "no such number" }', "application/sparql-results+xml")
    assert b"<boolean>false</boolean>" in body


@pytest.mark.parametrize("accept,ctype,fmt", [
    ("text/turtle", "text/turtle; charset=utf-8", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json; charset=utf-8", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    (None, "text/turtle; charset=utf-8", "turtle"),
])
def test_construct_and_describe_in_every_format(server, accept, ctype, fmt) -> None:
    q = ELI + f"CONSTRUCT {{ <{DOC_851}> eli:number ?n }} WHERE {{ <{DOC_851}> eli:number ?n }}"
    status, headers, body = get(server, q, accept)
    assert (status, headers["content-type"]) == (200, ctype)
    g = rdflib.Graph().parse(data=body.decode("utf-8"), format=fmt)
    assert set(g) == {(rdflib.URIRef(DOC_851), rdflib.URIRef("http://data.europa.eu/eli/ontology#number"),
                       rdflib.Literal("851/UBND-KGVX"))}
    status, headers, body = get(server, f"DESCRIBE <{DOC_851}>", accept)
    assert status == 200
    described = rdflib.Graph().parse(data=body.decode("utf-8"), format=fmt)
    assert (rdflib.URIRef(DOC_851), rdflib.URIRef("http://data.europa.eu/eli/ontology#number"),
            rdflib.Literal("851/UBND-KGVX")) in described
    assert {s for s in described.subjects()} == {rdflib.URIRef(DOC_851)}


def test_accept_parsing() -> None:
    accept = parse_accept("text/*;q=0.3, text/csv;q=0.7, */*;q=0.1, application/json;q=nan")
    assert accept == [("text/csv", 0.7), ("text/*", 0.3), ("*/*", 0.1), ("application/json", 0.0)]
    assert choose(accept, ("application/sparql-results+json", "text/csv")) == "text/csv"
    assert choose(parse_accept("text/*"), ("application/sparql-results+json", "text/tab-separated-values")) == \
        "text/tab-separated-values"
    assert choose(parse_accept("image/png"), ("text/turtle",)) is None
    assert choose(parse_accept(None), ("text/turtle", "application/n-triples")) == "text/turtle"


def test_library_page_and_library_query(server) -> None:
    status, headers, body = request(server, "GET", "/")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert b"/assets/yasgui.min.js" in body and "connect-src 'self'" in headers["content-security-policy"]
    for place, path in (("dak%20nong", "3.3"), ("Ki%C3%AAn%20Giang", "3.c")):
        status, _, body = request(server, "GET", f"/queries/tasks-citing?number=24/CT-TTg&place={place}")
        assert status == 200 and rows(body, "taskPath") == [path]
    status, headers, body = request(server, "GET", "/queries/tasks-citing?number=24/CT-TTg&place=dak%20nong",
                                    headers={"Accept": "text/csv"})
    assert headers["content-type"] == "text/csv; charset=utf-8" and body.splitlines()[0] == \
        b"citing,citingNumber,cited,taskPath,text"
    # the text with the values bound, for the page's fields: a name folded as the library does
    status, headers, body = request(server, "GET", "/queries/tasks-citing.rq?number=24/CT-TTg&place=%C4%90%E1%BA%AFk%20N%C3%B4ng")
    assert status == 200 and headers["content-type"] == "application/sparql-query; charset=utf-8"
    assert 'VALUES (?number ?place) { ("24/CT-TTg" "dak nong") }' in body.decode("utf-8")
    status, _, body = request(server, "GET", "/queries.json")
    listed = {q["name"]: q for q in json.loads(body)}
    assert "checks/lineage-cycle-violation" in listed and listed["tasks-citing"]["params"][0]["name"] == "number"
    assert 'VALUES (?number ?place) { ("24/CT-TTg" "dak nong") }' in listed["tasks-citing"]["text"]
    status, _, body = request(server, "GET", "/queries/tasks-citing?number=24/CT-TTg&nosuch=1")
    assert status == 400 and b"unknown parameter 'nosuch'" in body
    status, _, body = request(server, "GET", "/queries/task-lineage?task=urn:a%3E")
    assert status == 400 and b"is not an IRI" in body


def test_assets_are_served_from_the_package(server) -> None:
    status, headers, body = request(server, "GET", "/assets/yasgui.min.js")
    assert status == 200 and headers["content-type"] == "application/javascript; charset=utf-8"
    assert body == (Path(__file__).parent.parent / "policykg" / "web" / "yasgui.min.js").read_bytes()
    for path in ("/assets/../serve.py", "/assets/%2e%2e/serve.py", "/assets/index.html", "/assets/"):
        assert request(server, "GET", path)[0] == 404, path


def test_library_serves_library_queries_only(server, tmp_path: Path) -> None:
    # a query file outside the library, whose answer would show if it ran
    outside = tmp_path / "x.rq"
    outside.write_text('SELECT ("LEAKED" AS ?x) {}', encoding="utf-8")
    base = str(outside.with_suffix(""))
    for path in (f"/queries/{base}", f"/queries//{base}.rq", f"/queries/{base}.rq",
                 f"/queries/checks/../../../../../../../..{base}", "/queries/../policykg/serve",
                 "/queries/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/queries/" + "a" * 5000):
        status, _, body = request(server, "GET", path)
        assert status == 404 and b"LEAKED" not in body and b"unknown query" in body, path


def test_updates_are_refused(server) -> None:
    status, _, body = post_direct(server, "INSERT DATA { <urn:a> <urn:b> <urn:c> }", ctype="application/sparql-update")
    assert status == 403 and b"read-only" in body
    status, _, body = post_form(server, {"update": "DROP ALL"})
    assert status == 403
    status, _, body = get(server, "DELETE WHERE { ?s ?p ?o }")
    assert status == 400 and b"syntax error" in body
    assert rows(get(server, ELI + "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")[2], "n") == ["4090"]


def test_malformed_requests(server) -> None:
    status, _, body = get(server, "SELECT ?x WHERE { ?x ")
    assert status == 400 and body.startswith(b"SPARQL syntax error")
    status, _, body = request(server, "GET", "/sparql")
    assert status == 400 and b"missing 'query'" in body
    assert request(server, "GET", "/elsewhere")[0] == 404
    status, headers, _ = request(server, "PUT", "/sparql?query=ASK%7B%7D")
    assert status == 405 and headers["allow"] == "GET, HEAD, POST, OPTIONS"
    status, _, body = request(server, "GET", "/sparql?query=%FF%FE")
    assert status == 400 and b"bad query string" in body


def raw(server, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as s:
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        out = b""
        while chunk := s.recv(65536):
            out += chunk
    return out


def test_bad_content_length_is_a_400_without_traceback(server, capfd) -> None:
    host = f"127.0.0.1:{server.port}".encode()
    for length, status in ((b"abc", b"400"), (b"-5", b"400"), (b"99999999999", b"413"), (b"", b"400")):
        answer = raw(server, b"POST /sparql HTTP/1.1\r\nHost: " + host + b"\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: " + length + b"\r\n\r\nASK {}")
        assert answer.startswith(b"HTTP/1.1 " + status), (length, answer[:80])
    # a body shorter than its Content-Length: the client gave up
    answer = raw(server, b"POST /sparql HTTP/1.1\r\nHost: " + host + b"\r\nContent-Type: application/sparql-query\r\n"
                 b"Content-Length: 100\r\n\r\nASK {}")
    assert answer.startswith(b"HTTP/1.1 400") and b"not the 100 its Content-Length says" in answer
    # a request line http.server cannot read is answered as HTTP/0.9 would be: no status line
    assert raw(server, b"GARBAGE\r\n\r\n") == b"400 Bad request syntax ('GARBAGE')\n"
    assert raw(server, b"GET / HTTP/1.1 extra\r\n\r\n") == b"400 Bad request version ('extra')\n"
    assert get(server, "ASK {}")[0] == 200
    assert "Traceback" not in capfd.readouterr().err


def test_service_is_refused_before_any_connection(server) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    try:
        for q in (f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
                  f"select * {{ service silent <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
                  f"SELECT * {{ \\u0053ERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
                  f"SELECT * {{ VALUES ?e {{ <http://127.0.0.1:{port}/> }} ?s ?p ?o .SERVICE ?e {{ ?s ?p ?o }} }}"):
            status, _, body = post_form(server, {"query": q})
            assert status == 403 and b"SERVICE is not allowed" in body, q
        with pytest.raises(TimeoutError):
            listener.accept()
    finally:
        listener.close()
    # the word in a string, an IRI or a comment is no SERVICE
    status, _, body = get(server, 'SELECT ("SERVICE" AS ?x) WHERE { } # SERVICE <http://x/>')
    assert status == 200 and rows(body, "x") == ["SERVICE"]


def test_host_must_be_the_address_served(server) -> None:
    port = server.port
    for host, status in ((f"127.0.0.1:{port}", 200), (f"localhost:{port}", 200), (f"[::1]:{port}", 200),
                         (f"evil.example:{port}", 403), (f"127.0.0.1:{port + 1}", 403), ("127.0.0.1", 403),
                         (f"localhost.evil.example:{port}", 403)):
        got, _, body = request(server, "GET", "/sparql?query=ASK%7B%7D", headers={"Host": host})
        assert got == status, (host, body)


def test_no_cross_origin_use_without_cors(server) -> None:
    status, headers, body = request(server, "GET", "/sparql?query=ASK%7B%7D", headers={"Origin": "http://evil.example"})
    assert status == 403 and b"--cors" in body and "access-control-allow-origin" not in headers
    status, headers, _ = post_form(server, {"query": "ASK {}"})
    assert status == 200 and "access-control-allow-origin" not in headers
    # the page's own requests carry its own origin
    status, _, _ = request(server, "POST", "/sparql", "query=ASK%7B%7D", {
        "Origin": f"http://127.0.0.1:{server.port}", "Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200


def test_cors_for_the_origin_given(spec) -> None:
    with running(spec, Limits(timeout=20, workers=1), cors=("http://app.example:3000",)) as s:
        status, headers, _ = request(s, "OPTIONS", "/sparql", headers={
            "Origin": "http://app.example:3000", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type"})
        assert status == 204
        assert headers["access-control-allow-origin"] == "http://app.example:3000"
        assert headers["access-control-allow-methods"] == "GET, HEAD, POST, OPTIONS"
        assert headers["access-control-allow-headers"] == "Accept, Content-Type"
        status, headers, _ = request(s, "GET", "/sparql?query=ASK%7B%7D", headers={"Origin": "http://app.example:3000"})
        assert status == 200 and headers["access-control-allow-origin"] == "http://app.example:3000"
        assert headers["vary"] == "Origin"
        assert request(s, "GET", "/sparql?query=ASK%7B%7D", headers={"Origin": "http://other.example"})[0] == 403


def test_options_without_cors_answers_allow(server) -> None:
    status, headers, body = request(server, "OPTIONS", "/sparql")
    assert status == 204 and headers["allow"] == "GET, HEAD, POST, OPTIONS" and body == b""


@pytest.mark.parametrize("kwargs,message", [
    ({"timeout": 0}, "--timeout must be a number of seconds above 0, not 0"),
    ({"timeout": -1}, "--timeout must be a number of seconds above 0, not -1"),
    ({"timeout": float("nan")}, "--timeout must be a number of seconds above 0, not nan"),
    ({"timeout": float("inf")}, "--timeout must be a number of seconds above 0, not inf"),
    ({"workers": 0}, "--workers must be a whole number of at least 1, not 0"),
    ({"max_query_bytes": -3}, "--max-query-bytes must be a whole number of at least 1, not -3"),
])
def test_option_values_are_checked(kwargs, message) -> None:
    with pytest.raises(EndpointError) as exc:
        Limits(**kwargs).check()
    assert str(exc.value) == message


@pytest.mark.parametrize("args,message", [
    (["--timeout", "0"], "Invalid value for '--timeout': '0': give a number of seconds above 0"),
    (["--timeout", "-1"], "Invalid value for '--timeout': '-1': give a number of seconds above 0"),
    (["--timeout", "nan"], "Invalid value for '--timeout': 'nan': give a number of seconds above 0"),
    (["--timeout", "inf"], "Invalid value for '--timeout': 'inf': give a number of seconds above 0"),
    (["--workers", "0"], "Invalid value for '--workers': 0 is not in the range 1<=x<=64."),
    (["--cors", "http://a.example/path"], "--cors 'http://a.example/path': give an origin as scheme://host[:port], or *"),
    (["--store", "oxigraph:/nonexistent/store"], "oxigraph:/nonexistent/store: no such store (build one with "
                                                  "`policykg build --store oxigraph:/nonexistent/store`)"),
])
def test_serve_refuses_bad_options_in_one_line(args, message) -> None:
    exe = Path(sys.executable).parent / "policykg"
    proc = subprocess.run([str(exe), "serve", "--port", "0", *args], capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert lines[-1] == f"Error: {message}" and "Traceback" not in proc.stderr


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is no running worker
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def wait_for_workers(server, n: int) -> None:
    for _ in range(600):
        if server.pool._idle.qsize() == n:
            return
        time.sleep(0.05)
    raise AssertionError(f"the pool did not come back to {n} idle workers")


def test_limits_each_with_their_status_and_the_server_unchanged(spec) -> None:
    limits = Limits(timeout=2, max_query_bytes=2000, max_result_bytes=5000, max_memory_mb=150, workers=2)
    with running(spec, limits) as s:
        first = set(s.pool.pids())
        status, _, body = post_direct(s, ELI + "SELECT * WHERE { ?s eli:number ?n FILTER(?n IN (" +
                                      ", ".join(f'"{i}"' for i in range(400)) + ")) }")
        assert status == 413 and b"more than the 2,000 this endpoint takes (--max-query-bytes)" in body
        t0 = time.monotonic()
        status, _, body = get(s, ENDLESS)
        assert status == 503 and body == b"the query ran longer than 2 s (--timeout) and was stopped\n"
        assert time.monotonic() - t0 < 30
        status, _, body = get(s, HUNGRY)
        assert status == 503 and body == b"the query needed more than 150 MB (--max-memory) and was stopped\n"
        status, _, body = get(s, "SELECT * WHERE { ?s ?p ?o }")
        assert status == 503 and b"the result is larger than 5,000 bytes (--max-result-bytes)" in body
        wait_for_workers(s, 2)
        # the killed workers were replaced, the store is as it was
        assert len(s.pool.pids()) == 2 and set(s.pool.pids()) != first
        assert not any(alive(p) for p in first - set(s.pool.pids()))
        assert rows(get(s, TWO_NUMBERS)[2], "n") == ["08-CT/TU", "11-CT/TW"]


def test_a_full_queue_is_a_503_with_retry_after(spec) -> None:
    with running(spec, Limits(timeout=3, workers=1, max_waiting=0)) as s:
        slow = threading.Thread(target=get, args=(s, ENDLESS))
        slow.start()
        time.sleep(0.5)
        status, headers, body = get(s, "ASK {}")
        assert status == 503 and headers["retry-after"] == "1" and body.startswith(b"busy: 1 queries running")
        slow.join()
        wait_for_workers(s, 1)
        assert get(s, "ASK {}")[0] == 200


def test_a_slow_query_does_not_block_others(server) -> None:
    done: list[str] = []
    slow = threading.Thread(target=lambda: (get(server, ENDLESS), done.append("slow")))
    slow.start()
    time.sleep(0.3)
    for _ in range(5):
        assert rows(get(server, TWO_NUMBERS)[2], "n") == ["08-CT/TU", "11-CT/TW"]
        done.append("fast")
    slow.join()
    assert done == ["fast"] * 5 + ["slow"]
    wait_for_workers(server, 2)


def test_a_hundred_clients_at_once(spec) -> None:
    # a fresh server's first requests arriving together broke the rdflib parser for good
    with running(spec, Limits(timeout=20, workers=2)) as fresh:
        results = hundred_at_once(fresh)
    assert len(results) == 100 and {st for st, _ in results} == {200}
    assert sorted(int(rows(b, "i")[0]) for _, b in results) == list(range(100))
    assert {rows(b, "n")[0] for _, b in results} == {"08-CT/TU"}


def hundred_at_once(server) -> list[tuple[int, bytes]]:
    results: list[tuple[int, bytes]] = []
    lock = threading.Lock()

    def one(i: int) -> None:
        q = ELI + f'SELECT ?n ({i} AS ?i) WHERE {{ ?d eli:number ?n }} ORDER BY ?n LIMIT 1'
        status, _, body = get(server, q)
        with lock:
            results.append((status, body))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(100)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


def test_store_and_endpoint_give_the_same_rows(spec, tmp_path: Path) -> None:
    from policykg.sparql import load_store

    load_store(RELEASE, tmp_path / "store")
    q = ELI + 'SELECT ?d WHERE { ?d eli:number "851/UBND-KGVX" }'
    with running(store_spec(store=f"oxigraph:{tmp_path / 'store'}"), Limits(timeout=20, workers=1)) as on_store:
        assert rows(get(on_store, q)[2], "d") == [DOC_851]
        url = f"http://127.0.0.1:{on_store.port}/sparql"
        with running(store_spec(endpoint=url), Limits(timeout=20, workers=1)) as forwarding:
            status, headers, body = get(forwarding, q, "text/csv")
            assert status == 200 and headers["content-type"] == "text/csv; charset=utf-8"
            assert body == f"d\r\n{DOC_851}\r\n".encode()
            assert post_form(forwarding, {"query": "SELECT * { SERVICE <http://127.0.0.1:1/> {} }"})[0] == 403


def test_no_worker_left_after_the_command_stops(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "policykg"
    proc = subprocess.Popen([str(exe), "serve", "--port", "0", "--workers", "2"], stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline()
        port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
        children = [int(p) for p in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()]
        assert len(children) >= 2 and all(alive(c) for c in children)
        qs = urllib.parse.urlencode({"query": "ASK {}"})
        conn = __import__("http.client").client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", f"/sparql?{qs}")
        assert conn.getresponse().status == 200
        conn.close()
        proc.terminate()
        assert proc.wait(30) == 0
        for _ in range(100):
            if not any(alive(c) for c in children):
                break
            time.sleep(0.1)
        assert not any(alive(c) for c in children)
        assert "Traceback" not in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()



def test_the_command_serves_the_explorer_live_beside_the_endpoint() -> None:
    # the query page links a task's IRI to /explore#node=...; the command mounts the live
    # explorer there, over the same graph
    exe = Path(sys.executable).parent / "policykg"
    proc = subprocess.Popen([str(exe), "serve", "--port", "0", "--workers", "1"], stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stderr.readline()
        port = int(first.split("http://127.0.0.1:")[1].split("/")[0])
        assert proc.stderr.readline() == f"the explorer on http://127.0.0.1:{port}/explore\n"
        conn = __import__("http.client").client.HTTPConnection("127.0.0.1", port, timeout=120)
        conn.request("GET", "/explore")
        page = conn.getresponse()
        assert page.status == 200 and page.getheader("Content-Type").startswith("text/html")
        page.read()
        conn.request("GET", "/explore/api/search?q=" + urllib.parse.quote("kiem tra giam sat"))
        found = conn.getresponse()
        assert found.status == 200
        hits = json.loads(found.read())["results"]
        # "tăng cường kiểm tra, giám sát" is in Kiên Giang's 1.d, searched without diacritics
        assert f"{DOC_851}/task/1.d" in hits
        conn.close()
    finally:
        proc.terminate()
        proc.wait(30)

def test_a_port_taken_is_one_line_and_leaves_nothing_running() -> None:
    exe = Path(sys.executable).parent / "policykg"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        proc = subprocess.run([str(exe), "serve", "--port", str(port)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [f"Error: cannot listen on 127.0.0.1:{port}: Address already in use"]
    leftover = subprocess.run(["pgrep", "-f", f"policykg serve --port {port}"], capture_output=True, text=True)
    assert leftover.stdout == ""


def test_the_benchmark_reports_every_figure(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    report = tmp_path / "bench.md"
    out = subprocess.run([sys.executable, "scripts/bench_endpoint.py", "--graph", str(RELEASE), "--seconds", "1",
                          "--clients", "1,2", "--timeout", "2", "--out", str(report)], cwd=root, check=True,
                         capture_output=True, text=True, timeout=600).stdout
    assert out.startswith("machine: ")
    text = report.read_text(encoding="utf-8")
    assert "Machine: " in text
    figures = [ln for ln in text.splitlines() if ln.startswith("| policykg serve | ")]
    assert [ln.split(" | ")[1:3] for ln in figures[:4]] == [["library queries", "1"], ["library queries", "2"],
                                                          ["look-ups", "1"], ["look-ups", "2"]]
    assert all(re.search(r"\| \d+\.\d \| \d+ \| \d+ \| 200: \d+", ln) for ln in figures[:4])
    assert "| policykg serve | SERVICE to a loopback address | HTTP 403; no connection was made |" in text
