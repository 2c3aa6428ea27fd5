"""Finding documents on disk and writing outputs atomically."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import InputError

# text letters, and the files policykg.readers reads (Word, PDF, saved web pages, scans)
DOCUMENT_SUFFIXES = (".md", ".txt", ".markdown", ".docx", ".pdf", ".html", ".htm", ".png", ".jpg", ".jpeg",
                     ".tif", ".tiff")


def expand_sources(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and the documents inside folders (sorted, so runs are repeatable).

    A folder with no document is an error: a user who points at the wrong folder must hear it."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES
                and not f.name.lower().startswith("readme")
            )
            if not found:
                raise InputError(str(raw), "folder holds no document (*.md, *.txt, *.docx, *.pdf, *.html, scans)")
            out.extend(found)
        else:
            out.append(p)
    return out


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write via a temporary file in the same folder and rename: a failed run leaves the
    previous file whole."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def repo_root() -> Path:
    """The checkout this package runs from (graph/, queries/, ontology/ live there)."""
    return Path(__file__).resolve().parent.parent


def sorted_json(node: object) -> object:
    """JSON with every list in a stable order: serialisers that walk sets (rdflib's JSON-LD,
    pyLODE's embedded JSON-LD) emit them in an order that changes with Python's hash seed."""
    if isinstance(node, list):
        items = [sorted_json(x) for x in node]
        return sorted(items, key=lambda x: json.dumps(x, sort_keys=True, ensure_ascii=False))
    if isinstance(node, dict):
        return {k: sorted_json(v) for k, v in node.items()}
    return node
