"""Every command that reads the graph reads it from a graph file, an Oxigraph store or a SPARQL
endpoint (one option decorator, one function that opens what was named), with the same result;
errors are one line."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from policykg.cli import main
from policykg.serve import make_server
from policykg.sparql import OxigraphStore

from .conftest import RELEASE

READERS = ["explore", "coverage", "stats", "validate", "export", "trace", "query", "serve"]


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, list[str]]]:
    """The release three ways: its TriG, loaded into an Oxigraph store, and that store served."""
    tmp = tmp_path_factory.mktemp("sources")
    r = CliRunner().invoke(main, ["load", "--graph", str(RELEASE), "--store", f"oxigraph:{tmp / 's'}"])
    assert r.exit_code == 0, r.output
    server = make_server(OxigraphStore(tmp / "s"), "127.0.0.1", 0, timeout=60)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"graph": ["--graph", str(RELEASE)], "store": ["--store", f"oxigraph:{tmp / 's'}"],
           "endpoint": ["--endpoint", f"http://127.0.0.1:{server.server_address[1]}/sparql"]}
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("command", READERS)
def test_every_reader_takes_the_three_options(command: str) -> None:
    r = CliRunner().invoke(main, [command, "--help"])
    assert r.exit_code == 0
    for option in ("--graph FILE", "--store oxigraph:DIR", "--endpoint URL"):
        assert option.split()[0] in r.output and option.split()[1] in r.output, (command, option)


@pytest.mark.parametrize("args", [["stats"], ["coverage", "--format", "csv"], ["validate"],
                                  ["trace", "3597/UBND-KGVX#1.4"], ["trace", "--text", "xoa mu chu"],
                                  ["query", "signatures", "--format", "csv"]],
                         ids=["stats", "coverage", "validate", "trace", "trace-text", "query"])
def test_the_same_answer_from_each_source(sources: dict[str, list[str]], args: list[str]) -> None:
    outputs = {}
    for kind, option in sources.items():
        r = CliRunner().invoke(main, [*args, *option])
        assert r.exit_code == 0, (kind, r.output)
        outputs[kind] = r.stdout
    assert outputs["store"] == outputs["graph"]
    assert outputs["endpoint"] == outputs["graph"]
    assert outputs["graph"].strip()


def edges(g: nx.DiGraph) -> list[tuple[str, str, dict[str, object]]]:
    """The edges with their attributes, but for the number GEXF gives each in writing order."""
    return sorted((u, v, {k: x for k, x in a.items() if k != "id"}) for u, v, a in g.edges(data=True))


def test_export_and_explore_from_each_source(sources: dict[str, list[str]], tmp_path: Path) -> None:
    graphs = {}
    for kind, option in sources.items():
        out = tmp_path / f"{kind}.gexf"
        r = CliRunner().invoke(main, ["export", "--format", "gexf", "-o", str(out), *option])
        assert r.exit_code == 0, (kind, r.output)
        assert r.stdout == f"wrote {out}: 79 nodes, 179 edges\n"
        graphs[kind] = nx.read_gexf(out)
        r = CliRunner().invoke(main, ["explore", "-o", str(tmp_path / f"{kind}.html"), *option])
        assert r.exit_code == 0, (kind, r.output)
        assert r.stdout.startswith(f"wrote {tmp_path / f'{kind}.html'}: 13 documents, 49 tasks, ")
    for kind in ("store", "endpoint"):
        assert dict(graphs[kind].nodes(data=True)) == dict(graphs["graph"].nodes(data=True))
        assert edges(graphs[kind]) == edges(graphs["graph"])


@pytest.mark.parametrize("args, message", [
    (["--graph", "x.trig", "--store", "oxigraph:y"], "give one of --graph, --store, --endpoint"),
    (["--store", "oxigraph:/nonexistent/s"],
     "oxigraph:/nonexistent/s: no such store (load it with `policykg load --store oxigraph:/nonexistent/s`)"),
    (["--store", "sqlite:x"], "sqlite:x: a store is written oxigraph:DIR"),
    (["--endpoint", "ftp://x"], "ftp://x: an endpoint is an http(s) URL"),
    (["--graph", "/nonexistent.trig"], "/nonexistent.trig: no such graph file"),
])
@pytest.mark.parametrize("command", [["stats"], ["coverage"], ["trace", "11-CT/TW"], ["query", "signatures"],
                                     ["export", "--format", "gexf", "-o", "x.gexf"]])
def test_errors_are_one_line(command: list[str], args: list[str], message: str) -> None:
    r = CliRunner().invoke(main, [*command, *args])
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr == f"Error: {message}\n"


def test_validate_exits_2_on_what_it_cannot_open() -> None:
    r = CliRunner().invoke(main, ["validate", "--store", "oxigraph:/nonexistent/s"])
    assert r.exit_code == 2 and r.stderr.startswith("Error: oxigraph:/nonexistent/s: no such store")
