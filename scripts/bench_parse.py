"""Parse throughput: letters parsed per second on one core, against the plain path
(reading and NFC-normalising the same files) measured in the same run.

Usage: python scripts/bench_parse.py [--repeat N] [FILES_OR_FOLDERS...]
(default: graph/sources/ and tests/data/letters/)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from policykg.files import expand_sources
from policykg.parse import parse_text, read_source

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scripts_machine import machine  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--repeat", type=int, default=50, help="passes over the files (default 50)")
    args = ap.parse_args()
    paths = expand_sources(args.paths or [ROOT / "graph" / "sources", ROOT / "tests" / "data" / "letters"])
    texts = [(str(p), p.read_bytes()) for p in paths]
    plain, parsed = [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        decoded = [read_source(name) for name, _ in texts]
        t1 = time.perf_counter()
        for (name, _), text in zip(texts, decoded):
            parse_text(text, name)
        t2 = time.perf_counter()
        plain.append(t1 - t0)
        parsed.append(t2 - t1)
    n = len(texts)
    rate = n / statistics.median(parsed)
    base = n / statistics.median(plain)
    size = sum(len(b) for _, b in texts) / n
    print(f"machine: {machine()}")
    print(f"{n} letters (mean {size / 1024:.1f} KiB), {args.repeat} passes, one core")
    print(f"parse:      {rate:8.0f} letters/s  (median pass {statistics.median(parsed) * 1000:.1f} ms)")
    print(f"plain read: {base:8.0f} letters/s  (read + NFC only, the baseline)")
    print(f"ratio:      parsing costs {base / rate:.1f}x the plain read; target 200 letters/s: "
          f"{'met' if rate >= 200 else 'NOT met'}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
