"""Parse throughput: letters parsed per second on one core, against the plain path
(reading and NFC-normalising the same files) measured in the same run; then each reader's rate
(policykg.readers: file -> text), on files made from the test letters as tests/test_readers.py
makes them: .docx and saved .html pages (files/s), PDFs with a text layer and OCR'd page images
(pages/s).

Usage: python scripts/bench_parse.py [--repeat N] [--ocr-pages N] [--no-readers] [FILES_OR_FOLDERS...]
(default: graph/sources/ and tests/data/letters/)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from policykg.files import expand_sources
from policykg.parse import parse_text
from policykg.readers import read_document

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scripts_machine import machine  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--repeat", type=int, default=50, help="passes over the files (default 50)")
    ap.add_argument("--ocr-pages", type=int, default=2, help="page images OCR'd for the OCR figure (default 2)")
    ap.add_argument("--no-readers", action="store_true", help="only the text figure")
    args = ap.parse_args()
    paths = expand_sources(args.paths or [ROOT / "graph" / "sources", ROOT / "tests" / "data" / "letters"])
    texts = [(str(p), p.read_bytes()) for p in paths]
    plain, parsed = [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        decoded = [read_document(name) for name, _ in texts]
        t1 = time.perf_counter()
        for (name, _), doc in zip(texts, decoded):
            parse_text(doc.text, name, doc.reader)
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
    print(f"ratio:      parsing costs {base / rate:.1f}x the plain read; target 300 letters/s: "
          f"{'met' if rate >= 300 else 'NOT met'}")
    sys.stdout.flush()
    if not args.no_readers:
        bench_readers(max(1, args.repeat // 10), args.ocr_pages)


def bench_readers(repeat: int, ocr_pages: int) -> None:
    """Each reader's rate on one core, reading only (the parse after it is the text figure above)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from reader_fixtures import load_letter, render_pages, write_docx, write_html, write_pdf

    letters = []
    for p in sorted((ROOT / "tests" / "data" / "letters").glob("*.md")):
        try:
            letters.append(load_letter(p))
        except (StopIteration, IndexError, ValueError):  # a letter in no template layout (no motto, one line)
            continue
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        made: dict[str, list[Path]] = {"docx": [], "pdf": [], "html": [], "ocr": []}
        for i, letter in enumerate(letters):
            made["docx"].append(write_docx(letter, work / f"{i}.docx"))
            made["pdf"].append(write_pdf(letter, work / f"{i}.pdf"))
            made["html"].append(write_html(letter, work / f"{i}.html"))
        pages = [page for letter in letters for page in render_pages(letter)][:ocr_pages]
        for i, page in enumerate(pages):
            page.save(work / f"{i}.png", dpi=(300, 300))
            made["ocr"].append(work / f"{i}.png")
        pdf_pages = sum(_pdf_pages(p) for p in made["pdf"])
        for kind, unit, count, passes in (("docx", "files", len(made["docx"]), repeat),
                                          ("pdf", "pages", pdf_pages, repeat),
                                          ("html", "files", len(made["html"]), repeat),
                                          ("ocr", "pages", len(made["ocr"]), 1)):
            times = []
            for _ in range(passes):
                t0 = time.perf_counter()
                for path in made[kind]:
                    assert read_document(path).reader == kind
                times.append(time.perf_counter() - t0)
            med = statistics.median(times)
            print(f"read {kind + ':':<6} {count / med:8.1f} {unit}/s  ({count} {unit}, median pass {med * 1000:.0f} ms)")


def _pdf_pages(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


if __name__ == "__main__":
    main()
