"""Store the library's results on the release graph as tests/data/query-results/<name>.json.

The stored files are what the tests compare every store against. Regenerate them only after
a reviewed change to the graph or the queries, and read the diff before committing it: this
script writes what the code answers, which is no oracle. A file listed under "Checked by hand"
in tests/data/query-results/README.md is not overwritten (its new result is printed as
differing) unless `--force` is given; check it by hand again before forcing.

Usage: python scripts/update_query_results.py [--force]
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from policykg.files import write_atomic
from policykg.queries import library, results_json
from policykg.sparql import RdflibStore, run

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "tests" / "data" / "query-results"


def checked_by_hand(folder: Path = RESULTS) -> set[str]:
    """The files the folder's README.md lists under its "Checked by hand" heading."""
    readme = folder / "README.md"
    if not readme.exists():
        return set()
    section = readme.read_text(encoding="utf-8").split("## Checked by hand", 1)[-1].split("\n## ", 1)[0]
    return set(re.findall(r"^- `([\w.-]+\.json)`", section, re.MULTILINE))


def main(argv: list[str] | None = None, out: Path = RESULTS) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="Overwrite the files checked by hand too.")
    args = parser.parse_args(argv)
    store = RdflibStore.open(ROOT / "graph" / "policykg.trig")
    kept = checked_by_hand(out)
    refused = 0
    for q in library():
        names, rows = run(store, q.text, q.bindings({}), q.name)
        data = json.dumps(results_json(names, rows), ensure_ascii=False, indent=1) + "\n"
        path = out / f"{q.name}.json"
        if path.name in kept and not args.force:
            if path.read_text(encoding="utf-8") != data:
                refused += 1
                print(f"{q.name}: differs from its file, which was checked by hand; not overwritten (--force)")
            continue
        write_atomic(path, data)
        print(f"{q.name}: {len(rows)} rows")
    return 1 if refused else 0


if __name__ == "__main__":
    raise SystemExit(main())
