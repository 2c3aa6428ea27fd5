"""Every test letter a real office could have made as a .docx, a PDF or a web page, made so by
tests/reader_fixtures.py (header and signature as layout tables or two columns, pipe tables as
real tables, paragraphs as paragraphs, attachments after the signature), must give the record of
its hand-checked `.expected.json`: header facts, citations, executors and every task's path,
assignees, lead, cooperating bodies and deadlines; `reader` names the reader and every task's
span quotes the extracted text. Scans (a PNG page, or a multi-page TIFF) of a few varied letters,
read by OCR, give the header facts and the tasks' paths and assignees exactly.

Letters left out, because their very point is a text-only rendering no .docx/.pdf/.html holds:
- cao-bang_ke-hoach-cell-per-line.txt: a table exported one cell per line;
- duc-phong_cong-van-one-line.txt: a whole letter on one line (its line breaks lost);
- lam-dong_cong-van-space-aligned.txt: columns aligned with runs of spaces;
- thu-tuong_chi-thi-cells-end-with-bar.txt: table cells copied as lines ending with a bar.
The .md letters whose header was flattened as text (hau-giang: issuer and motto on shared lines;
trung-uong number-and-date-one-line; vinh-long: the header as pipe rows) are made with the
header split back into its two columns, as the file they came from had it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policykg.parse import parse_file
from policykg.readers import read_document
from policykg.text import squash

from .conftest import LETTERS
from .reader_fixtures import load_letter, render_pages, write_docx, write_html, write_html_word_export, write_pdf

TEXT_ONLY = {
    "cao-bang_ke-hoach-cell-per-line",
    "duc-phong_cong-van-one-line",
    "lam-dong_cong-van-space-aligned",
    "thu-tuong_chi-thi-cells-end-with-bar",
}
STEMS = sorted(p.stem for p in LETTERS.glob("*.md") if p.stem not in TEXT_ONLY)
# a kind of file: how it is made, and the reader (and suffix) it has. Beside the three plain
# kinds, the template's other forms: the header in one row of two cells or in Word's first-page
# header, a PDF's header in a ruled table, its tables without rules, its pages numbered, header
# columns that wrap their long lines (the font unfitted; narrow, even and usual widths), and a
# database's page of a document converted from Word (a <p> a line, spans, &nbsp;)
WRITERS = {
    "docx": (write_docx, "docx"),
    "pdf": (write_pdf, "pdf"),
    "html": (write_html, "html"),
    "docx-one-row": (lambda letter, path: write_docx(letter, path, one_row=True), "docx"),
    "docx-page-header": (lambda letter, path: write_docx(letter, path, page_header=True), "docx"),
    "pdf-page-numbers": (lambda letter, path: write_pdf(letter, path, page_numbers=True), "pdf"),
    "html-word-export": (write_html_word_export, "html"),
    "pdf-ruled-header": (lambda letter, path: write_pdf(letter, path, ruled_header=True), "pdf"),
    "pdf-unruled-tables": (lambda letter, path: write_pdf(letter, path, ruled_table=False), "pdf"),
    "pdf-wrapped": (lambda letter, path: write_pdf(letter, path, fit_header=False), "pdf"),
    "pdf-wrapped-narrow": (lambda letter, path: write_pdf(letter, path, left=0.3, fit_header=False), "pdf"),
    "pdf-wrapped-even": (lambda letter, path: write_pdf(letter, path, left=0.5, fit_header=False), "pdf"),
}
HEADER_KEYS = ("number", "doc_type", "date", "issuer", "parent_issuer", "signer")
RECORD_KEYS = HEADER_KEYS + ("implements", "based_on", "executors")
TASK_KEYS = ("assignees", "lead", "cooperating", "deadlines")


def expected(stem: str) -> dict:
    return json.loads((LETTERS / f"{stem}.expected.json").read_text(encoding="utf-8"))


def differences(got: dict, want: dict, task_keys: tuple[str, ...] = TASK_KEYS,
                record_keys: tuple[str, ...] = RECORD_KEYS) -> list[tuple[str, object, object]]:
    """(field, got, want) for every field of the comparison that differs; tasks by their path."""
    out: list[tuple[str, object, object]] = []
    for key in record_keys:
        if got[key] != want[key]:
            out.append((key, got[key], want[key]))
    ids = [c["id"] for c in got["citations"]], [c["id"] for c in want["citations"]]
    if ids[0] != ids[1]:
        out.append(("citations ids", *ids))
    paths = [t["path"] for t in got["tasks"]], [t["path"] for t in want["tasks"]]
    if paths[0] != paths[1]:
        out.append(("task paths", *paths))
    for g, w in zip(got["tasks"], want["tasks"]):
        for key in task_keys:
            if g[key] != w[key]:
                out.append((f"task {w['path']} {key}", g[key], w[key]))
    return out


def report(diffs: list[tuple[str, object, object]]) -> str:
    return "\n".join(f"{field}:\n  got  {got!r}\n  want {want!r}" for field, got, want in diffs)


def assert_spans_quote(path: Path, rec: dict) -> None:
    text = read_document(path).text
    for t in rec["tasks"]:
        s, e = t["span"]
        assert squash(text[s:e]).startswith(squash(t["text"])[:25]), (t["path"], text[s:e][:60], t["text"][:60])


@pytest.mark.parametrize(("stem", "kind"), [pytest.param(stem, kind, id=f"{stem}-{kind}")
                                           for stem in STEMS for kind in WRITERS])
def test_file_gives_the_letters_record(tmp_path: Path, stem: str, kind: str) -> None:
    write, reader = WRITERS[kind]
    path = write(load_letter(LETTERS / f"{stem}.md"), tmp_path / f"{stem}.{reader}")
    rec = parse_file(path)
    assert rec["reader"] == reader
    diffs = differences(rec, expected(stem))
    assert not diffs, f"{path.name}\n{report(diffs)}"
    assert_spans_quote(path, rec)


# --- scans ---------------------------------------------------------------------------------------

# a Party letter signed before 'Nơi nhận', a Quyết định of articles, a Kế hoạch whose tasks stand
# in the table of its PHỤ LỤC (a page of its own after the signature)
OCR_STEMS = ["bac-giang_chi-thi-party-tinh-uy", "lao-cai_quyet-dinh-articles-executing",
             "phu-tho_ke-hoach-phu-luc-table"]


@pytest.mark.parametrize("stem", OCR_STEMS)
def test_scan_gives_the_header_and_the_tasks(tmp_path: Path, stem: str) -> None:
    pages = render_pages(load_letter(LETTERS / f"{stem}.md"))
    # a page scanned as PNG; pages scanned together as one multi-page TIFF, as scanners save them
    path = tmp_path / (f"{stem}.png" if len(pages) == 1 else f"{stem}.tiff")
    pages[0].save(path, save_all=len(pages) > 1, append_images=pages[1:], dpi=(300, 300))
    rec = parse_file(path)
    assert rec["reader"] == "ocr"
    diffs = differences(rec, expected(stem), task_keys=("assignees",), record_keys=HEADER_KEYS)
    assert not diffs, f"{path.name}\n{report(diffs)}"
    assert_spans_quote(path, rec)
