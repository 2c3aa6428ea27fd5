"""Store the library's results on the release graph as tests/data/query-results/<name>.json.

The stored files are what the tests compare every store against. Regenerate them only after
a reviewed change to the graph or the queries, and read the diff before committing it.

Usage: python scripts/update_query_results.py
"""

from __future__ import annotations

import json
from pathlib import Path

from policykg.files import write_atomic
from policykg.queries import library, results_json
from policykg.sparql import RdflibStore, run

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    store = RdflibStore.open(ROOT / "graph" / "policykg.trig")
    out = ROOT / "tests" / "data" / "query-results"
    for q in library():
        names, rows = run(store, q.text, q.bindings({}), q.name)
        data = json.dumps(results_json(names, rows), ensure_ascii=False, indent=1) + "\n"
        write_atomic(out / f"{q.name}.json", data)
        print(f"{q.name}: {len(rows)} rows")


if __name__ == "__main__":
    main()
