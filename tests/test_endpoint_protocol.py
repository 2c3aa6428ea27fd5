"""The W3C SPARQL 1.1 Protocol tests that apply to a read-only endpoint, against `policykg serve`.

Each case is a test of the W3C manifest (rdf-tests, sparql/sparql11/protocol/manifest.ttl),
written here by hand from its request and its expected response: the status class, the result
format (boolean, tabular or RDF, with the media types the manifest accepts for each) and the
boolean. Left out: the update_* tests, which need an endpoint that writes; the bad_update_* tests
are kept, as updates a read-only endpoint must refuse with a 4xx. Two changes to the requests,
each said where it is made: the Host is the address served (the manifest's `www.example` is
refused here on purpose, against DNS rebinding, tested last), and query_multiple_dataset sends
its two named graphs as two parameters, as its text means (the manifest's URL encodes the `&`
between them into one value, a known slip).

The data is ours: three graphs whose IRIs are the manifest's, each describing itself as a
foaf:Document, so that the ASKs of the dataset tests are true only with the dataset the request
names."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import pytest

from policykg.endpoint import Limits, store_spec

from .serve_helpers import request, running

pytestmark = pytest.mark.server

D = "http://kasei.us/2009/09/sparql/data/"
DATA = "\n".join(
    f"<{D}data{i}.rdf> {{ <{D}data{i}.rdf> a <http://xmlns.com/foaf/0.1/Document> . }}" for i in (1, 2, 3)) + "\n"

BOOLEAN = {"application/sparql-results+xml", "application/sparql-results+json"}
TABULAR = BOOLEAN | {"text/tab-separated-values", "text/csv"}
RDF = {"application/rdf+xml", "text/turtle", "application/n-triples", "application/ld+json"}


def q(**params: str | list[str]) -> str:
    return urllib.parse.urlencode([(k, v) for k, vs in params.items() for v in ([vs] if isinstance(vs, str) else vs)])


DG = "default-graph-uri"
NG = "named-graph-uri"
ASK_12 = f"ASK {{ <{D}data1.rdf> a ?type . <{D}data2.rdf> a ?type . }}"
ASK_G12 = f"ASK {{ GRAPH ?g1 {{ <{D}data1.rdf> a ?type }} GRAPH ?g2 {{ <{D}data2.rdf> a ?type }} }}"
ASK_FULL = (f"ASK {{\n  <{D}data3.rdf> a ?type\n  GRAPH ?g1 {{ <{D}data1.rdf> a ?type }}\n"
            f"  GRAPH ?g2 {{ <{D}data2.rdf> a ?type }}\n}}")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DIRECT = {"Content-Type": "application/sparql-query"}
DATA0 = {"default-graph-uri": f"{D}data0.rdf"}

# name: (method, path, headers, body, expected status class, expected format, expected boolean)
CASES = {
    "query_post_form": ("POST", "/sparql/?" + q(**DATA0), FORM, "query=ASK%20%7B%7D", 2, BOOLEAN, True),
    "query_dataset_default_graphs_get": (
        "GET", "/sparql/?" + q(query=ASK_12, **{DG: [f"{D}data1.rdf", f"{D}data2.rdf"]}), {}, None, 2, BOOLEAN, True),
    "query_dataset_default_graphs_post": (
        "POST", "/sparql/?" + q(**{DG: [f"{D}data1.rdf", f"{D}data2.rdf"]}), DIRECT, ASK_12, 2, BOOLEAN, True),
    "query_dataset_named_graphs_post": (
        "POST", "/sparql/?" + q(**{NG: [f"{D}data1.rdf", f"{D}data2.rdf"]}), DIRECT, ASK_G12, 2, BOOLEAN, True),
    "query_dataset_named_graphs_get": (
        "GET", "/sparql/?" + q(query=ASK_G12, **{NG: [f"{D}data1.rdf", f"{D}data2.rdf"]}), {}, None, 2, BOOLEAN, True),
    "query_dataset_full": (
        "POST", "/sparql/?" + q(**{DG: f"{D}data3.rdf", NG: [f"{D}data1.rdf", f"{D}data2.rdf"]}), DIRECT, ASK_FULL,
        2, BOOLEAN, True),
    # two named-graph-uri parameters, as the test's text means (see the module's docstring)
    "query_multiple_dataset": (
        "POST", "/sparql/?" + q(**{NG: [f"{D}data1.rdf", f"{D}data2.rdf"]}), DIRECT,
        f"ASK FROM <{D}data3.rdf> {{ GRAPH ?g1 {{ <{D}data1.rdf> a ?type }} GRAPH ?g2 {{ <{D}data2.rdf> a ?type }} }}",
        2, BOOLEAN, True),
    "query_get": ("GET", "/sparql/?" + q(query="ASK {}", **DATA0), {}, None, 2, BOOLEAN, True),
    "query_content_type_select": (
        "POST", "/sparql/?" + q(**DATA0), DIRECT, "SELECT (1 AS ?value) {}", 2, TABULAR, None),
    "query_content_type_ask": ("POST", "/sparql/?" + q(**DATA0), DIRECT, "ASK {}", 2, BOOLEAN, None),
    "query_content_type_describe": (
        "POST", "/sparql/?" + q(**DATA0), DIRECT, "DESCRIBE <http://example.org/>", 2, RDF, None),
    "query_content_type_construct": (
        "POST", "/sparql/?" + q(**DATA0), DIRECT, "CONSTRUCT { <s> <p> 1 } WHERE {}", 2, RDF, None),
    "query_post_direct": ("POST", "/sparql/", DIRECT, "ASK {}", 2, BOOLEAN, True),
    "bad_query_method": ("PUT", "/sparql/?" + q(query="ASK {}", **DATA0), FORM, "", 4, None, None),
    "bad_multiple_queries": ("GET", "/sparql/?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D", {}, None, 4, None, None),
    "bad_query_wrong_media_type": ("POST", "/sparql/", {"Content-Type": "text/plain"}, "ASK {}", 4, None, None),
    "bad_query_missing_form_type": ("POST", "/sparql/", {}, "query=ASK%20%7B%7D", 4, None, None),
    "bad_query_missing_direct_type": ("POST", "/sparql/", {}, "ASK {}", 4, None, None),
    "bad_query_non_utf8": ("POST", "/sparql/", {"Content-Type": "application/sparql-query; charset=UTF-16"},
                           "ASK {}".encode("utf-16"), 4, None, None),
    "bad_query_syntax": ("GET", "/sparql/?query=ASK%20%7B", {}, None, 4, None, None),
    "bad_update_get": ("GET", "/sparql/?update=CLEAR%20ALL", {}, None, 4, None, None),
    "bad_multiple_updates": ("POST", "/sparql/", FORM, "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", 4, None, None),
    "bad_update_wrong_media_type": ("POST", "/sparql/", {"Content-Type": "text/plain"},
                                    "CLEAR NAMED", 4, None, None),
    "bad_update_missing_form_type": ("POST", "/sparql/", {}, "update=CLEAR%20NAMED", 4, None, None),
    "bad_update_non_utf8": ("POST", "/sparql/", {"Content-Type": "application/sparql-update; charset=UTF-16"},
                            "CLEAR NAMED".encode("utf-16"), 4, None, None),
    "bad_update_syntax": ("POST", "/sparql/", {"Content-Type": "application/sparql-update"}, "CLEAR XYZ", 4, None, None),
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    trig = Path(tmp_path_factory.mktemp("protocol")) / "data.trig"
    trig.write_text(DATA, encoding="utf-8")
    with running(store_spec(str(trig)), Limits(timeout=20, workers=2)) as s:
        yield s


@pytest.mark.parametrize("name", list(CASES))
def test_protocol(server, name: str) -> None:
    method, path, headers, body, status_class, formats, boolean = CASES[name]
    status, got, data = request(server, method, path, body, headers)
    assert status // 100 == status_class, (status, data)
    if formats is None:
        return
    ctype = got["content-type"].split(";")[0]
    assert ctype in formats
    if boolean is not None:
        assert ctype == "application/sparql-results+json" and json.loads(data)["boolean"] is boolean


def test_the_same_request_with_another_host_is_refused(server) -> None:
    status, _, data = request(server, "POST", "/sparql/", "ASK {}", {**DIRECT, "Host": "www.example"})
    assert status == 403 and b"DNS rebinding" in data


def test_the_dataset_is_the_one_the_request_names(server) -> None:
    # without the protocol's dataset the default graph is the merged graph; with one, only it
    assert json.loads(request(server, "GET", "/sparql?" + q(query=ASK_12), {}, None)[2])["boolean"] is True
    only3 = q(query=ASK_12, **{DG: f"{D}data3.rdf"})
    assert json.loads(request(server, "GET", "/sparql?" + only3, {}, None)[2])["boolean"] is False
    no_named = q(query=ASK_G12, **{NG: f"{D}data1.rdf"})
    assert json.loads(request(server, "GET", "/sparql?" + no_named, {}, None)[2])["boolean"] is False
