"""`policykg query` gives one line and exit 1 on every input that gave a traceback (issue 21):
a name too long for the system, an IRI parameter that would end the serialised term, and errors
raised while a query runs, on the release graph, on a store and on an endpoint."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from policykg.endpoint import Limits, store_spec
from policykg.sparql import load_store

from .conftest import RELEASE
from .serve_helpers import running

EXE = str(Path(sys.executable).parent / "policykg")
LONG = "a" * 5000


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("store") / "store"
    load_store(RELEASE, path)
    return f"oxigraph:{path}"


@pytest.fixture(scope="module")
def endpoint():
    with running(store_spec(str(RELEASE)), Limits(timeout=20, workers=1)) as s:
        yield f"http://127.0.0.1:{s.port}/sparql"


def one_line(args: list[str]) -> str:
    proc = subprocess.run([EXE, "query", *args], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and proc.stdout == ""
    return lines[0]


SERVICE_REFUSED = "Error: -e: SERVICE is not allowed: it would make the store connect out (give --allow-service to allow it)"


@pytest.mark.parametrize("where", ["graph", "store", "endpoint"])
def test_every_store(where: str, store: str, endpoint: str) -> None:
    opts = {"graph": [], "store": ["--store", store], "endpoint": ["--endpoint", endpoint]}[where]
    assert one_line([LONG, *opts]).startswith("Error: unknown query 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'")
    assert one_line([LONG + ".rq", *opts]) == \
        "Error: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: cannot read the query file (OSError)"
    assert one_line(["task-lineage", "-p", "task", "urn:a>", *opts]) == "Error: parameter task: 'urn:a>' is not an IRI"
    assert one_line(["task-lineage", "-p", "task", "urn:a b", *opts]) == "Error: parameter task: 'urn:a b' is not an IRI"
    assert one_line(["-e", "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", *opts]) == SERVICE_REFUSED
    assert one_line(["-e", "CONSTRUCT WHERE { ?s ?p ?o }", *opts]) == (
        "Error: -e: a CONSTRUCT query gives a graph, not rows: `policykg query` runs SELECT and ASK "
        "(`policykg serve` answers all four)")


def test_errors_while_a_query_runs_on_the_release_graph() -> None:
    assert one_line(["-e", 'SELECT ?o { ?s ?p ?o FILTER REGEX(STR(?o), "(") }']) == \
        "Error: query failed: missing ), unterminated subpattern at position 0"
    assert one_line(["-e", "SELECT (SUM(?s) AS ?n) { ?s ?p ?o }"]) == \
        "Error: query failed: 'URIRef' object has no attribute 'datatype'"
    # rdflib's SERVICE opens file: IRIs; allowed, it fails on one line
    assert one_line(["-e", "SELECT * { SERVICE <file:///etc/passwd> { ?s ?p ?o } }", "--allow-service"]) == \
        "Error: query failed: ('Service: %s responded with code: %s', 'file:///etc/passwd', None)"


def test_graph_reads_named_graphs_on_the_release_graph_too(store: str) -> None:
    q = "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g LIMIT 2"
    outs = [subprocess.run([EXE, "query", "-e", q, "--format", "csv", *opts], capture_output=True, text=True,
                           timeout=120, check=True).stdout for opts in ([], ["--store", store])]
    # inferred: 19 shared tasks of 13 triples each (7 of their own, 6 of their derivation) and 40
    # memberships of 10 (member, carries and 2 more, 6 of the member's derivation): 247 + 400
    assert outs[0] == outs[1] == ("g,n\nhttps://w3id.org/policykg/graph/authority,415\n"
                                  "https://w3id.org/policykg/graph/inferred,647\n")


def test_errors_while_a_query_runs_on_a_store(store: str) -> None:
    line = one_line(["-e", "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "--allow-service",
                     "--store", store])
    assert line == "Error: query failed: The port 9 is not allowed for HTTP(S) because it is dedicated to an other use"
