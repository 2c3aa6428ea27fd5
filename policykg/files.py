"""Finding documents on disk and writing outputs atomically."""

from __future__ import annotations

import json
import os
import re
import shutil
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


def current_umask() -> int:
    """The process's umask. Python can only read it by setting it, so it is set back at once."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def pid_alive(pid: int) -> bool:
    """Whether a process of this id runs (one that is not ours to signal still runs)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _temporary(target: Path) -> Path:
    """A new empty file beside `target`, named `.NAME.PID.RANDOM.tmp` so that a later run can tell
    a dead run's leftover from a live run's file; with the mode a plain `open` would give it
    (mkstemp makes it 0600, which would leave a release unreadable on a web server)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
    os.fchmod(fd, 0o666 & ~current_umask())
    os.close(fd)
    return Path(tmp)


def remove_stale(folder: Path, name: str) -> list[Path]:
    """Remove what runs that died left beside `name` in `folder`: temporary files
    (`.NAME.PID.*.tmp`) and store folders (`.NAME.building-PID`, `.NAME.loading-PID`,
    `.NAME.old-PID`) whose process is gone. A live run's are left alone."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    stale = re.compile(rf"\.{re.escape(name)}\.(?:(\d+)\.[^/]*\.tmp|(?:building|loading|old)-(\d+))")
    for entry in folder.iterdir():
        m = stale.fullmatch(entry.name)
        if m is None:
            continue
        pid = int(m.group(1) or m.group(2))
        if pid == os.getpid() or pid_alive(pid):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed.append(entry)
    return removed


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write via a temporary file in the same folder and rename: a failed run leaves the
    previous file whole."""
    return write_set({Path(path): data})[0]


def write_set(files: dict[Path, str | bytes]) -> list[Path]:
    """Replace several files together or not at all: every payload goes to a temporary file
    beside its target first (a full disk fails here, before any target changed); then the old
    files are kept aside as hard links and the temporaries renamed over the targets; if a rename
    fails, the targets already renamed get their old content back. Every temporary is removed
    on failure, and a dead run's leftovers on the next run (`remove_stale`). Files take the mode
    the umask gives (0644 under umask 022)."""
    targets = [Path(p) for p in files]
    for target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(target.parent, target.name)
    temps: dict[Path, Path] = {}
    kept: dict[Path, Path | None] = {}
    done: list[Path] = []
    try:
        for target, data in zip(targets, files.values()):
            tmp = temps[target] = _temporary(target)
            with open(tmp, "wb") as fh:
                fh.write(data.encode("utf-8") if isinstance(data, str) else data)
                fh.flush()
                os.fsync(fh.fileno())
        for target in targets:
            if target.exists():
                keep = kept[target] = _temporary(target)
                keep.unlink()
                os.link(target, keep)
            else:
                kept[target] = None
        for target in targets:
            os.replace(temps[target], target)
            done.append(target)
    except BaseException:
        for target in reversed(done):
            old = kept.get(target)
            if old is not None:
                os.replace(old, target)
            else:
                target.unlink(missing_ok=True)
        for tmp in list(temps.values()) + [k for k in kept.values() if k is not None]:
            tmp.unlink(missing_ok=True)
        raise
    for old in kept.values():
        if old is not None:
            old.unlink(missing_ok=True)
    return targets


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
