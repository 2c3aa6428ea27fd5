"""The `policykg` command. Thin: each command calls the library and turns domain errors
into one-line messages (click.ClickException) with a non-zero exit."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .errors import InputError, PolicykgError
from .files import expand_sources
from .parse import parse_file


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policykg")
def main() -> None:
    """A knowledge graph of Vietnamese policy documents."""


def _fail(exc: PolicykgError) -> click.ClickException:
    return click.ClickException(str(exc))


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, one record per file.")
def parse(files: tuple[str, ...], as_json: bool) -> None:
    """Parse official documents into records.

    Example: policykg parse graph/sources/ --json
    """
    try:
        paths = expand_sources(files)
    except PolicykgError as exc:
        raise _fail(exc) from None
    records = []
    failed = 0
    for path in paths:
        try:
            records.append(parse_file(path))
        except InputError as exc:
            failed += 1
            click.echo(f"Error: {exc}", err=True)
    if as_json:
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        for rec in records:
            click.echo(_summary(rec))
    if failed:
        sys.exit(1)


def _summary(rec: dict) -> str:
    signer = rec["signer"]
    who = " ".join(x for x in (signer.get("authority"), signer.get("on_behalf_of")) if x)
    lines = [
        f"{rec['source']}",
        f"  {rec['doc_type']} {rec['number']} — {rec['issuer']}, {rec['place']}, {rec['date']}",
        f"  V/v {rec['subject']}",
        f"  signed: {signer.get('name')} ({signer.get('title')}{', ' + who if who else ''})",
        f"  implements: {', '.join(rec['implements']) or '—'}; cites: "
        + ", ".join(c["id"] for c in rec["citations"]),
        f"  tasks: {len(rec['tasks'])}" + (f", closing orders: {len(rec['closing'])}" if rec["closing"] else ""),
    ]
    for t in rec["tasks"] + rec["closing"]:
        extra = []
        if t["lead"]:
            extra.append("lead")
        if t["cooperating"]:
            extra.append("with " + "; ".join(t["cooperating"]))
        if t["modality"] == "request":
            extra.append("request")
        if t["deadlines"]:
            extra.append("due " + ", ".join(d["date"] for d in t["deadlines"]))
        tail = f" [{'; '.join(extra)}]" if extra else ""
        lines.append(f"    {t['path']:<8} {', '.join(t['assignees'])}{tail}: {t['text'][:60]}…")
    for w in rec["warnings"]:
        lines.append(f"  warning: {w}")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    main()
